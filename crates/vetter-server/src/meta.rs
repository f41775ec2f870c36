//! Service endpoints: health, readiness, algorithms, catalog, metrics, OpenAPI, reload.

use crate::api::json_of;
use crate::error::ApiError;
use crate::render;
use crate::screening::ALGORITHM_ALIASES;
use crate::state::{AppState, COLLECTIONS};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::sync::Arc;
use vetter_matcher::ALGORITHM;
use vetter_model::{Property, PropertyType};

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

/// The parameters whose values are dataset names (the path's `{dataset}` and the
/// dataset filters).
const DATASET_PARAMETERS: [&str; 3] = ["dataset", "include_dataset", "exclude_dataset"];

/// [`OPENAPI`] completed from the code, so that it states exactly what the implementation
/// accepts: the properties of query entities ([`entity_properties_schema`]) and of data
/// extension requests, and as the
/// `enum` of the parameters that take names: the dataset names it answers for (`datasets`: collections and lists of the
/// served index) and the algorithm names, so the document states exactly what the
/// implementation accepts.
pub fn openapi_document(datasets: &[&str]) -> Value {
    let mut document: Value = serde_json::from_str(OPENAPI).expect("openapi.json is valid JSON");
    let schemas = &mut document["components"]["schemas"];
    schemas["EntityExample"]["properties"]["properties"] = entity_properties_schema();
    let names: Vec<&str> = Property::ALL.iter().map(|p| p.as_str()).collect();
    schemas["ReconExtend"]["properties"]["properties"]["items"]["properties"]["id"]["enum"] =
        json!(names);
    let Some(paths) = document["paths"].as_object_mut() else {
        return document;
    };
    let parameters = paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|operations| operations.values_mut())
        .filter_map(|operation| operation.get_mut("parameters")?.as_array_mut())
        .flatten();
    for parameter in parameters {
        let named = parameter["name"].as_str().unwrap_or_default();
        let values = if DATASET_PARAMETERS.contains(&named) {
            json!(datasets)
        } else if named == "algorithm" {
            json!(ALGORITHM_ALIASES)
        } else {
            continue;
        };
        let schema = &mut parameter["schema"];
        let target = if schema["type"] == "array" {
            &mut schema["items"]
        } else {
            schema
        };
        target["enum"] = values;
    }
    document
}

/// What a valid date property value looks like (`PartialDate`: a year, year-month or
/// date, optionally followed by a time): the days each month has (29 February, valid only
/// in leap years, is left out: a pattern cannot tell leap years).
const DATE_PATTERN: &str = "^[0-9]{4}(-(0[1-9]|1[0-2])|-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])\
                            |-(0[13-9]|1[0-2])-(29|30)|-(0[13578]|1[02])-31)?(T.*)?$";

/// The `properties` object of a query entity: exactly the FtM properties Vetter knows,
/// each a string or a list of strings (dates in [`DATE_PATTERN`]); `null` means none.
fn entity_properties_schema() -> Value {
    let properties: serde_json::Map<String, Value> = Property::ALL
        .iter()
        .map(|property| {
            let mut text = json!({"type": "string"});
            if property.kind() == PropertyType::Date {
                text["pattern"] = json!(DATE_PATTERN);
            }
            let values = json!({
                "nullable": true,
                "oneOf": [text, {"type": "array", "items": text}],
            });
            (property.as_str().to_string(), values)
        })
        .collect();
    json!({
        "type": "object",
        "nullable": true,
        "additionalProperties": false,
        "properties": properties,
    })
}

/// `GET /openapi.json`: [`openapi_document`] for the index being served.
pub async fn openapi(State(state): State<Arc<AppState>>) -> Response {
    let loaded = state.current();
    let mut datasets: Vec<&str> = COLLECTIONS.to_vec();
    datasets.extend(loaded.index.lists().iter().map(|l| l.dataset.as_str()));
    let mut response = openapi_document(&datasets).to_string().into_response();
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
