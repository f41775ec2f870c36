//! `GET /lists`: every list in the served index with its version (as-of date), age and
//! counts (entities by schema, designated entities, programs, links), for the UI's lists
//! page; with a fetch store configured, also each list's last fetch attempt and latest
//! update as `vetter fetch` recorded them (two small files per list, nothing is loaded).

use crate::api::json_of;
use crate::error::ApiError;
use crate::meta::title;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;
use vetter_fetch::{attempts, Store, StoreError};
use vetter_sources::SourceKind;

/// Counts over the entities of one dataset.
#[derive(Default)]
struct Counts<'a> {
    schemata: BTreeMap<&'static str, usize>,
    programs: BTreeMap<&'a str, usize>,
    designated: usize,
    links: usize,
}

/// The last fetch attempt and latest update of a list kind in the fetch store (nulls when
/// there is no store, the kind was never fetched, or its records cannot be read).
fn fetch_records(store: Option<&Store>, kind: &str) -> (Value, Value) {
    let (Some(store), Ok(kind)) = (store, kind.parse::<SourceKind>()) else {
        return (Value::Null, Value::Null);
    };
    let or_null = |record: Result<Value, StoreError>| {
        record.unwrap_or_else(|err| {
            tracing::warn!("{kind}: fetch record not readable: {err}");
            Value::Null
        })
    };
    let last_fetch = attempts::last_fetch(store, kind).map(|r| json!(r));
    let latest_update = attempts::latest_update(store, kind).map(|r| json!(r));
    (or_null(last_fetch), or_null(latest_update))
}

/// `GET /lists`: `{"lists": [{kind, dataset, title, version, age_days, entities,
/// designated, links, schemata: {schema: n}, programs: [{program, entities}], last_fetch,
/// latest_update}], "versions"}`.
pub async fn lists(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let loaded = state.current();
    let mut counts: BTreeMap<&str, Counts> = BTreeMap::new();
    for entity in loaded.index.entities() {
        for dataset in entity.datasets() {
            let c = counts.entry(dataset).or_default();
            *c.schemata.entry(entity.schema.as_str()).or_default() += 1;
            if !entity.sanctions.is_empty() {
                c.designated += 1;
            }
            c.links += entity.links.len();
            let mut seen: Vec<&str> = Vec::new();
            for sanction in &entity.sanctions {
                if !seen.contains(&sanction.program.as_str()) {
                    seen.push(&sanction.program);
                    *c.programs.entry(&sanction.program).or_default() += 1;
                }
            }
        }
    }
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| (d.as_secs() / 86_400) as i64)
        .unwrap_or_default();
    let store = state.config.fetch_store.as_ref().map(Store::new);
    let lists: Vec<Value> = loaded
        .index
        .lists()
        .iter()
        .map(|list| {
            let c = counts.remove(list.dataset.as_str()).unwrap_or_default();
            let mut programs: Vec<(&str, usize)> = c.programs.into_iter().collect();
            programs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let (last_fetch, latest_update) = fetch_records(store.as_ref(), &list.kind);
            json!({
                "kind": list.kind,
                "dataset": list.dataset,
                "title": title(&list.dataset),
                "version": list.version,
                "age_days": list.version.as_deref()
                    .and_then(crate::metrics::day_number)
                    .map(|day| today - day),
                "entities": list.entities,
                "designated": c.designated,
                "links": c.links,
                "schemata": c.schemata,
                "programs": programs.iter()
                    .map(|(p, n)| json!({"program": p, "entities": n}))
                    .collect::<Vec<_>>(),
                "last_fetch": last_fetch,
                "latest_update": latest_update,
            })
        })
        .collect();
    json_of(&json!({
        "lists": lists,
        "generation": loaded.generation,
        "versions": loaded.versions(),
    }))
}
