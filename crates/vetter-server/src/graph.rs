//! `GET /entities/{id}/graph`: an entity's neighbourhood in the relationship graph of
//! `vetter-graph` (family, associates, owners and directors the lists state), with the
//! shortest path to every listed party nearby, for the UI's network view.

use crate::api::json_of;
use crate::error::ApiError;
use crate::params::Params;
use crate::state::{AppState, Loaded};
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use std::sync::{Arc, Mutex, Weak};
use vetter_graph::{export, Graph};
use vetter_index::Index;

/// Default and largest `depth`.
const DEFAULT_DEPTH: usize = 2;
const MAX_DEPTH: usize = 4;
/// Default and largest number of nodes besides the centre.
const DEFAULT_LIMIT: usize = 150;
const MAX_LIMIT: usize = 1000;

/// The graph of the index being served, built on first use (tens of milliseconds on the
/// bundled lists) and rebuilt after a reload. The `Weak` keeps the index's allocation, so
/// its address is never reused for another index while it is cached.
fn graph_of(loaded: &Loaded) -> Arc<Graph> {
    static CACHE: Mutex<Option<(Weak<Index>, Arc<Graph>)>> = Mutex::new(None);
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((index, graph)) = cache.as_ref() {
        if std::ptr::eq(index.as_ptr(), Arc::as_ptr(&loaded.index)) {
            return graph.clone();
        }
    }
    let graph = Arc::new(Graph::new(loaded.index.entities()));
    *cache = Some((Arc::downgrade(&loaded.index), graph.clone()));
    graph
}

/// `GET /entities/{id}/graph?depth=2&limit=150`: `{center, depth, truncated, nodes, edges,
/// related, versions}` — nodes `{id, caption, schema, datasets, programs, listed, depth,
/// path}` (a non-listed party named by a list is a stub with `listed: false`), edges
/// `{from, to, kind, detail, sources, resolution}`, and `related`: the listed parties
/// within `depth` links with their paths.
pub async fn entity_graph(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(query_string): RawQuery,
) -> Result<Response, ApiError> {
    let loaded = state.current();
    let params = Params::parse(query_string.as_deref());
    let depth = params.usize_in("depth", DEFAULT_DEPTH, 1, MAX_DEPTH)? as u32;
    let limit = params.usize_in("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)?;
    let value = tokio::task::spawn_blocking(move || {
        let graph = graph_of(&loaded);
        let entities = loaded.index.entities();
        let node = graph
            .node(&id)
            .ok_or_else(|| ApiError::not_found(format!("No such entity: {id:?}")))?;
        let hood = graph.neighbourhood(node, depth, limit);
        let mut value = export::to_json(&graph, entities, &hood);
        let related = graph.related(node, depth, limit);
        value["related"] = export::related_json(&graph, entities, node, &related);
        value["versions"] = loaded.versions().clone();
        Ok::<_, ApiError>(value)
    })
    .await
    .map_err(|e| ApiError::internal(format!("Graph task failed: {e}")))??;
    json_of(&value)
}
