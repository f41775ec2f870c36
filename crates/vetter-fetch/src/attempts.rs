//! What the last fetch of a list did, and what its latest update changed, kept beside the
//! versions so that readers (the server's lists page) need not load any list:
//!
//! ```text
//! <store>/<kind>/last-fetch.json      the last attempt: time, outcome, error, version
//! <store>/<kind>/latest-update.json   previous → current version: added/removed/changed
//! ```
//!
//! Both are written atomically. `last-fetch.json` is rewritten by every
//! attempt, failed ones included (a failure never touches the versions or `current`);
//! `latest-update.json` only when a new version is stored over an earlier one, from
//! `vetter_diff::diff` of the two.

use crate::store::{read_kind_json, write_kind_json, Store, StoreError, VersionMeta};
use serde::{Deserialize, Serialize};
use vetter_diff::ListDiff;
use vetter_sources::SourceKind;

/// Name of the last attempt's record in each kind directory.
pub const LAST_FETCH_FILE: &str = "last-fetch.json";
/// Name of the latest update's record in each kind directory.
pub const LATEST_UPDATE_FILE: &str = "latest-update.json";
/// How many example entities of each change a [`LatestUpdate`] keeps.
pub const EXAMPLES: usize = 5;

/// How an attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A new version was stored and made current.
    NewVersion,
    /// The server had nothing new (304, or the same content): the current version stays.
    Unchanged,
    /// The attempt failed; the current version (if any) stays.
    Failed,
}

/// The last fetch attempt of one list (`last-fetch.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastFetch {
    /// Source kind, e.g. `ofac-sdn`.
    pub kind: String,
    /// When the attempt started (UTC, RFC 3339).
    pub attempted_at: String,
    /// How it ended.
    pub outcome: Outcome,
    /// Why it failed (for [`Outcome::Failed`]).
    pub error: Option<String>,
    /// The version the attempt produced (new version) or kept (unchanged, failed); `None`
    /// when a failed attempt had no version to keep.
    pub version: Option<String>,
    /// The list version (as-of date, else retrieval date) of that version.
    pub list_version: Option<String>,
}

/// One version in a [`LatestUpdate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateVersion {
    /// Version id (directory name).
    pub id: String,
    /// List version (as-of date, else retrieval date).
    pub list_version: String,
    /// When it was retrieved (UTC, RFC 3339).
    pub retrieved_at: String,
    /// Number of entities.
    pub entities: usize,
}

impl UpdateVersion {
    fn of(meta: &VersionMeta) -> Self {
        UpdateVersion {
            id: meta.id.clone(),
            list_version: meta.list_version.clone(),
            retrieved_at: meta.retrieved_at.clone(),
            entities: meta.entities,
        }
    }
}

/// An entity named as an example of a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateExample {
    /// Entity id.
    pub id: String,
    /// Display name (in the new version; in the old one for a removed entity).
    pub caption: String,
    /// For a changed entity, the fields that changed; empty otherwise.
    #[serde(default)]
    pub fields: Vec<String>,
}

/// The first [`EXAMPLES`] entities of each change, in list order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateExamples {
    /// Added entities.
    pub added: Vec<UpdateExample>,
    /// Removed entities.
    pub removed: Vec<UpdateExample>,
    /// Changed entities.
    pub changed: Vec<UpdateExample>,
}

/// What the latest update of a list changed (`latest-update.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatestUpdate {
    /// Source kind.
    pub kind: String,
    /// The version before the update.
    pub previous: UpdateVersion,
    /// The version the update stored (current when it was written).
    pub current: UpdateVersion,
    /// Entities only in the current version.
    pub added: usize,
    /// Entities only in the previous version.
    pub removed: usize,
    /// Entities in both whose content differs.
    pub changed: usize,
    /// Entities in both with the same content.
    pub unchanged: usize,
    /// Example entities of each change.
    pub examples: UpdateExamples,
}

impl LatestUpdate {
    /// The update from `previous` to `current` whose entities differ by `diff`.
    pub fn new(previous: &VersionMeta, current: &VersionMeta, diff: &ListDiff) -> Self {
        let summary = |s: &vetter_diff::EntitySummary| UpdateExample {
            id: s.id.clone(),
            caption: s.caption.clone(),
            fields: Vec::new(),
        };
        LatestUpdate {
            kind: current.kind.clone(),
            previous: UpdateVersion::of(previous),
            current: UpdateVersion::of(current),
            added: diff.added.len(),
            removed: diff.removed.len(),
            changed: diff.changed.len(),
            unchanged: diff.unchanged,
            examples: UpdateExamples {
                added: diff.added.iter().take(EXAMPLES).map(summary).collect(),
                removed: diff.removed.iter().take(EXAMPLES).map(summary).collect(),
                changed: diff
                    .changed
                    .iter()
                    .take(EXAMPLES)
                    .map(|c| UpdateExample {
                        id: c.id.clone(),
                        caption: c.caption.clone(),
                        fields: c.fields.iter().map(|f| f.field.clone()).collect(),
                    })
                    .collect(),
            },
        }
    }
}

/// The last fetch attempt of a kind, if it was ever fetched.
pub fn last_fetch(store: &Store, kind: SourceKind) -> Result<Option<LastFetch>, StoreError> {
    read_kind_json(store, kind, LAST_FETCH_FILE)
}

/// The latest update of a kind, if one is recorded for the current version (a record left
/// from an earlier update, whose write for the newest one failed, is not returned).
pub fn latest_update(store: &Store, kind: SourceKind) -> Result<Option<LatestUpdate>, StoreError> {
    let Some(update) = read_kind_json::<LatestUpdate>(store, kind, LATEST_UPDATE_FILE)? else {
        return Ok(None);
    };
    let current = store.current(kind)?;
    Ok(current
        .is_some_and(|c| c.id == update.current.id)
        .then_some(update))
}

pub(crate) fn record_fetch(
    store: &Store,
    kind: SourceKind,
    fetch: &LastFetch,
) -> Result<(), StoreError> {
    write_kind_json(store, kind, LAST_FETCH_FILE, fetch)
}

pub(crate) fn record_update(
    store: &Store,
    kind: SourceKind,
    update: &LatestUpdate,
) -> Result<(), StoreError> {
    write_kind_json(store, kind, LATEST_UPDATE_FILE, update)
}
