//! Service endpoints: health, readiness, algorithms, catalog, metrics, OpenAPI, reload.

use crate::api::json_of;
use crate::error::ApiError;
use crate::render;
use crate::state::{AppState, COLLECTIONS};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::sync::Arc;
use vetter_matcher::ALGORITHM;

/// The OpenAPI 3 description of this server (`GET /openapi.json`).
pub const OPENAPI: &str = include_str!("../openapi.json");

/// `GET /healthz`: the process is up.
pub async fn healthz() -> Response {
    json_of(&json!({"status": "ok"})).into_response()
}

/// `GET /readyz`: an index is loaded and the server is not shutting down.
pub async fn readyz(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    if !state.is_ready() {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "Shutting down",
        ));
    }
    let loaded = state.current();
    json_of(&json!({
        "status": "ok",
        "generation": loaded.generation,
        "entities": loaded.index.entities().len(),
        "versions": loaded.versions(),
    }))
}

/// `GET /algorithms`: the scoring algorithm and its features (yente's
/// `AlgorithmResponse`).
pub async fn algorithms() -> Result<Response, ApiError> {
    json_of(&json!({
        "algorithms": [{
            "name": ALGORITHM,
            "description": "Vetter's explainable name matcher: transliteration, name-part alignment weighted by role and rarity on the indexed lists, and evidence from birth dates, countries, gender and identifiers. yente's algorithm names (logic-v1, logic-v2, …) are accepted and answered with it.",
            "features": render::feature_docs(),
        }],
        "default": ALGORITHM,
        "best": ALGORITHM,
    }))
}

/// A list's or collection's human title.
pub(crate) fn title(dataset: &str) -> String {
    match dataset {
        "us_ofac_sdn" => "US OFAC Specially Designated Nationals (SDN) List".into(),
        "un_sc_sanctions" => "UN Security Council Consolidated Sanctions List".into(),
        "default" => "Default: every list in the index".into(),
        "sanctions" => "Sanctions: every list in the index".into(),
        other => other.to_string(),
    }
}

/// `GET /catalog`: the collections and lists of the served index (yente's
/// `DataCatalogModel`, plus `entity_count` and `age_days` per list).
pub async fn catalog(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let loaded = state.current();
    let lists = loaded.index.lists();
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| (d.as_secs() / 86_400) as i64)
        .unwrap_or_default();
    let index_version = format!("{}-{}", ALGORITHM, loaded.generation);
    let mut datasets: Vec<Value> = Vec::new();
    let children: Vec<&str> = lists.iter().map(|l| l.dataset.as_str()).collect();
    let versions: Vec<String> = lists
        .iter()
        .map(|l| l.version.clone().unwrap_or_else(|| "unknown".into()))
        .collect();
    for collection in COLLECTIONS {
        datasets.push(json!({
            "name": collection,
            "title": title(collection),
            "summary": null,
            "url": null,
            "load": true,
            "entities_url": null,
            "version": versions.iter().max().cloned().unwrap_or_else(|| "unknown".into()),
            "index_version": index_version,
            "index_current": true,
            "children": children,
            "entity_count": loaded.index.entities().len(),
        }));
    }
    for list in lists {
        let age = list
            .version
            .as_deref()
            .and_then(crate::metrics::day_number)
            .map(|day| today - day);
        datasets.push(json!({
            "name": list.dataset,
            "title": title(&list.dataset),
            "summary": null,
            "url": null,
            "load": true,
            "entities_url": null,
            "version": list.version.clone().unwrap_or_else(|| "unknown".into()),
            "index_version": index_version,
            "index_current": true,
            "children": [],
            "kind": list.kind,
            "entity_count": list.entities,
            "age_days": age,
        }));
    }
    let names: Vec<&str> = datasets.iter().filter_map(|d| d["name"].as_str()).collect();
    json_of(&json!({
        "datasets": datasets,
        "current": names,
        "outdated": [],
        "index_stale": false,
        "versions": loaded.versions(),
    }))
}

/// `GET /metrics`: Prometheus text exposition.
pub async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    let mut response = state.metrics.render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

/// `GET /openapi.json`.
pub async fn openapi() -> Response {
    let mut response = OPENAPI.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// `POST /admin/reload`: loads the index again and swaps it in without dropping requests
/// in flight (admin scope).
pub async fn reload(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let loaded = state.reload().await.map_err(|e| {
        ApiError::internal(format!(
            "Reload failed, the previous index is still served: {e:#}"
        ))
    })?;
    tracing::info!(generation = loaded.generation, "index reloaded");
    json_of(&json!({
        "status": "ok",
        "generation": loaded.generation,
        "entities": loaded.index.entities().len(),
        "versions": loaded.versions(),
    }))
}
