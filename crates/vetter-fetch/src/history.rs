//! First seen, last seen and last changed of every entity over the stored versions of a list
//! (`<store>/<kind>/history.json`).
//!
//! Dates are list versions (the as-of date of the version, else its retrieval date). An
//! entity's content is compared through a fingerprint of `vetter_diff::fingerprint_text`,
//! so provenance alone (a newer list version on the same values) is not a change. The file
//! is updated with each stored version and rebuilt from all versions when it does not end
//! with the version before.

use crate::fetch::hex;
use crate::store::{read_kind_json, write_kind_json, Store, StoreError, VersionMeta};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use vetter_model::Entity;
use vetter_sources::SourceKind;

/// Name of the history file in each kind directory.
pub const HISTORY_FILE: &str = "history.json";

/// The history of one list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// The version ids taken into account, oldest first.
    pub versions: Vec<String>,
    /// List version (date) of the latest version taken into account.
    #[serde(default)]
    pub last_date: String,
    /// Per entity id.
    pub entities: BTreeMap<String, EntityHistory>,
}

/// When an entity was first and last on the list, and when its content last changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityHistory {
    /// List version in which the entity first appeared.
    pub first_seen: String,
    /// Latest list version that has the entity.
    pub last_seen: String,
    /// Latest list version in which the entity appeared or its content changed.
    pub last_changed: String,
    /// Fingerprint of the content in `last_seen`.
    pub fingerprint: String,
}

fn fingerprint(entity: &Entity) -> String {
    let digest = Sha256::digest(vetter_diff::fingerprint_text(entity).as_bytes());
    hex(&digest[..8])
}

impl History {
    /// Takes one more version into account.
    pub fn update(&mut self, version: &VersionMeta, entities: &[Entity]) {
        let date = &version.list_version;
        let mut seen = HashSet::new();
        for entity in entities {
            if !seen.insert(entity.id.as_str()) {
                continue;
            }
            let print = fingerprint(entity);
            match self.entities.get_mut(&entity.id) {
                None => {
                    self.entities.insert(
                        entity.id.clone(),
                        EntityHistory {
                            first_seen: date.clone(),
                            last_seen: date.clone(),
                            last_changed: date.clone(),
                            fingerprint: print,
                        },
                    );
                }
                Some(history) => {
                    // Absent from the version before: it came back, which is a change.
                    let was_present = history.last_seen == self.last_date;
                    if history.fingerprint != print || !was_present {
                        history.last_changed = date.clone();
                    }
                    history.last_seen = date.clone();
                    history.fingerprint = print;
                }
            }
        }
        self.versions.push(version.id.clone());
        self.last_date = date.clone();
    }

    /// The history of one entity.
    pub fn get(&self, id: &str) -> Option<&EntityHistory> {
        self.entities.get(id)
    }
}

/// Reads a kind's history, if it has one.
pub fn read(store: &Store, kind: SourceKind) -> Result<Option<History>, StoreError> {
    read_kind_json(store, kind, HISTORY_FILE)
}

fn write(store: &Store, kind: SourceKind, history: &History) -> Result<(), StoreError> {
    write_kind_json(store, kind, HISTORY_FILE, history)
}

/// Rebuilds a kind's history from every stored version, oldest first.
pub fn rebuild(store: &Store, kind: SourceKind) -> Result<History, StoreError> {
    let mut history = History::default();
    for version in store.versions(kind)? {
        let list = store.load(kind, &version)?;
        history.update(&version, &list.entities);
    }
    write(store, kind, &history)?;
    Ok(history)
}

/// Records a newly stored version (already in the store) in the history; rebuilds the
/// history when it does not cover exactly the versions before this one.
pub(crate) fn record(
    store: &Store,
    kind: SourceKind,
    version: &VersionMeta,
    entities: &[Entity],
) -> Result<(), StoreError> {
    let ids: Vec<String> = store.versions(kind)?.into_iter().map(|v| v.id).collect();
    let before = &ids[..ids
        .iter()
        .position(|id| *id == version.id)
        .unwrap_or(ids.len())];
    match read(store, kind)? {
        Some(mut history) if history.versions == before => {
            history.update(version, entities);
            write(store, kind, &history)
        }
        _ => rebuild(store, kind).map(|_| ()),
    }
}
