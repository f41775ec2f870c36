//! W3C / OpenRefine reconciliation, as yente implements it: `GET /reconcile/{dataset}`
//! (service manifest, or `?queries=`), `POST /reconcile/{dataset}` (form field or JSON
//! `queries`, or `extend`), and the suggest and extend helper endpoints.

use crate::api::{entity_from_parts, json_of, screen_one, DEFAULT_MATCH_LIMIT};
use crate::error::{body_error, ApiError};
use crate::params::Params;
use crate::render::{schema_label, schema_plural};
use crate::screening::Filters;
use crate::state::{AppState, Loaded};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::Response;
use serde_json::{json, Map, Value};
use std::sync::Arc;
use vetter_matcher::MATCH_THRESHOLD;
use vetter_model::{Entity, Property, Schema};

fn recon_type(schema: Schema) -> Value {
    json!({"id": schema.as_str(), "name": schema_plural(schema), "description": schema_label(schema)})
}

fn schemata_in(loaded: &Loaded, filters: &Filters) -> Vec<Schema> {
    let mut found: Vec<Schema> = Vec::new();
    for entity in loaded.index.entities() {
        if !found.contains(&entity.schema) && filters.admits(entity) {
            found.push(entity.schema);
        }
    }
    found.sort();
    found
}

fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("http");
    format!("{scheme}://{host}")
}

fn manifest(
    loaded: &Loaded,
    filters: &Filters,
    dataset: &str,
    headers: &HeaderMap,
    query: &str,
) -> Value {
    let base = base_url(headers);
    let service = format!("{base}/reconcile/{dataset}");
    let suffix = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    let types: Vec<Value> = schemata_in(loaded, filters)
        .into_iter()
        .map(recon_type)
        .collect();
    json!({
        "versions": ["0.2"],
        "name": format!("Vetter: {dataset}"),
        "identifierSpace": "https://www.opensanctions.org/reference/#schema",
        "schemaSpace": "https://www.opensanctions.org/reference/#schema",
        "view": {"url": format!("{base}/entities/{{{{id}}}}")},
        "documentation": format!("{base}/openapi.json"),
        "batchSize": 10,
        "suggest": {
            "entity": {"service_url": service, "service_path": format!("/suggest/entity{suffix}")},
            "type": {"service_url": service, "service_path": format!("/suggest/type{suffix}")},
            "property": {"service_url": service, "service_path": format!("/suggest/property{suffix}")},
        },
        "extend": {
            "propose_properties": {"service_url": service, "service_path": format!("/extend/property{suffix}")},
            "property_settings": [],
        },
        "defaultTypes": types,
    })
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Number(n) => vec![n.to_string()],
        Value::Bool(b) => vec![b.to_string()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(map) => map
            .get("id")
            .or_else(|| map.get("name"))
            .map(strings)
            .unwrap_or_default(),
        Value::Null => Vec::new(),
    }
}

/// One reconciliation query: `{query, type, limit, properties: [{pid, v}]}`.
fn recon_query(key: &str, value: &Value, max_limit: usize) -> Result<(Entity, usize), ApiError> {
    let object = value
        .as_object()
        .ok_or_else(|| ApiError::bad_request(format!("Query {key:?} must be an object")))?;
    let name = match object.get("query") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.as_str()),
        Some(_) => {
            return Err(ApiError::bad_request(format!(
                "Query {key:?}: `query` must be a string"
            )))
        }
    };
    let schema_named = |name: &str| {
        if name.is_empty() {
            Ok(Schema::LegalEntity)
        } else {
            name.parse::<Schema>()
                .map_err(|e| ApiError::bad_request(format!("Query {key:?}: {e}")))
        }
    };
    let bad_type = || {
        ApiError::bad_request(format!(
            "Query {key:?}: `type` must be a schema name or a list of schema names"
        ))
    };
    // A list of types (as some clients send) is checked whole; its first one is used.
    let schema = match object.get("type") {
        None | Some(Value::Null) => Schema::LegalEntity,
        Some(Value::String(name)) => schema_named(name)?,
        Some(Value::Array(names)) => {
            let mut schemata = names
                .iter()
                .map(|name| name.as_str().ok_or_else(bad_type).and_then(schema_named))
                .collect::<Result<Vec<_>, _>>()?;
            if schemata.is_empty() {
                Schema::LegalEntity
            } else {
                schemata.swap_remove(0)
            }
        }
        Some(_) => return Err(bad_type()),
    };
    let limit = match object.get("limit") {
        None | Some(Value::Null) => DEFAULT_MATCH_LIMIT,
        Some(v) => v
            .as_u64()
            .filter(|n| (1..=max_limit as u64).contains(n))
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "Query {key:?}: `limit` must be an integer between 1 and {max_limit}"
                ))
            })? as usize,
    };
    let mut properties = Vec::new();
    match object.get("properties") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for item in items {
                let pid = item.get("pid").and_then(Value::as_str).ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "Query {key:?}: each property needs a string `pid`"
                    ))
                })?;
                properties.push((
                    pid.to_string(),
                    item.get("v").map(strings).unwrap_or_default(),
                ));
            }
        }
        Some(_) => {
            return Err(ApiError::bad_request(format!(
                "Query {key:?}: `properties` must be a list of {{pid, v}}"
            )))
        }
    }
    Ok((entity_from_parts(key, schema, name, &properties)?, limit))
}

fn run_queries(
    state: &AppState,
    loaded: &Loaded,
    filters: &Filters,
    data: &str,
) -> Result<Value, ApiError> {
    let parsed: Value = serde_json::from_str(data)
        .map_err(|e| ApiError::bad_request(format!("Invalid JSON in `queries`: {e}")))?;
    let queries = parsed
        .as_object()
        .ok_or_else(|| ApiError::bad_request("`queries` must be a JSON object of key to query"))?;
    if queries.len() > state.config.max_queries {
        return Err(ApiError::bad_request(format!(
            "Too many queries in one batch (limit: {})",
            state.config.max_queries
        )));
    }
    let mut parsed_queries = Vec::with_capacity(queries.len());
    for (key, value) in queries {
        parsed_queries.push((key, recon_query(key, value, state.config.max_limit)?));
    }
    let entities = loaded.index.entities();
    let mut out = Map::new();
    for (key, (entity, limit)) in parsed_queries {
        let results: Vec<Value> = screen_one(loaded, filters, &entity, limit)
            .into_iter()
            .map(|hit| {
                let listed = &entities[hit.entity as usize];
                json!({
                    "id": listed.id,
                    "name": listed.caption(),
                    "description": schema_label(listed.schema),
                    "type": [recon_type(listed.schema)],
                    "score": hit.result.score,
                    "match": hit.result.score >= MATCH_THRESHOLD,
                })
            })
            .collect();
        out.insert(key.clone(), json!({"result": results}));
    }
    state
        .metrics
        .queries
        .with_label_values(&["reconcile"])
        .inc_by(queries.len() as u64);
    Ok(Value::Object(out))
}

fn run_extend(state: &AppState, loaded: &Loaded, data: &str) -> Result<Value, ApiError> {
    let bad = |what: &str| ApiError::bad_request(format!("Extension request: {what}"));
    let parsed: Value = serde_json::from_str(data).map_err(|_| bad("not JSON"))?;
    let ids: Vec<&str> = parsed
        .get("ids")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("`ids` must be a list of entity ids"))?
        .iter()
        .map(|id| {
            id.as_str()
                .ok_or_else(|| bad("each of `ids` must be a string"))
        })
        .collect::<Result<_, _>>()?;
    if ids.len() > state.config.max_queries {
        return Err(ApiError::bad_request(format!(
            "Too many queries in one batch (limit: {})",
            state.config.max_queries
        )));
    }
    // Property ids may carry a namespace prefix (`ftm:name`).
    let properties: Vec<Property> = parsed
        .get("properties")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("`properties` must be a list of {id}"))?
        .iter()
        .map(|p| {
            let id = p
                .get("id")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("each property needs a string `id`"))?;
            let name = id.rsplit(':').next().unwrap_or(id);
            name.parse::<Property>().map_err(|e| bad(&e.to_string()))
        })
        .collect::<Result<_, _>>()?;
    let mut rows = Map::new();
    for id in ids {
        let mut row = Map::new();
        if let Some(entity) = loaded.index.get(id) {
            for property in &properties {
                let values: Vec<Value> = entity
                    .values(*property)
                    .map(|v| json!({"str": v}))
                    .collect();
                row.insert(property.as_str().into(), Value::Array(values));
            }
        }
        rows.insert(id.to_string(), Value::Object(row));
    }
    let meta: Vec<Value> = properties
        .iter()
        .map(|p| json!({"id": p.as_str(), "name": p.as_str()}))
        .collect();
    Ok(json!({"meta": meta, "rows": rows}))
}

fn filters(state: &AppState, dataset: &str) -> Result<(Arc<Loaded>, Filters), ApiError> {
    let loaded = state.current();
    let filters = Filters::from_params(&loaded, dataset, &Params::default())?;
    Ok((loaded, filters))
}

/// `GET /reconcile/{dataset}`: the service manifest, or the answers to `?queries=` /
/// `?extend=`.
pub async fn get(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    RawQuery(query_string): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (loaded, filters) = filters(&state, &dataset)?;
    let params = Params::parse(query_string.as_deref());
    if let Some(queries) = params.get("queries").filter(|q| !q.trim().is_empty()) {
        return json_of(&run_queries(&state, &loaded, &filters, queries)?);
    }
    if let Some(extend) = params.get("extend").filter(|q| !q.trim().is_empty()) {
        return json_of(&run_extend(&state, &loaded, extend)?);
    }
    manifest_response(
        &loaded,
        &filters,
        &dataset,
        &headers,
        query_string.as_deref(),
    )
}

/// The service manifest, with the caller's `api_key` query parameter (if any) kept in
/// the service URLs it gives.
fn manifest_response(
    loaded: &Loaded,
    filters: &Filters,
    dataset: &str,
    headers: &HeaderMap,
    query_string: Option<&str>,
) -> Result<Response, ApiError> {
    let kept: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            form_urlencoded::parse(query_string.unwrap_or_default().as_bytes())
                .filter(|(k, _)| k == "api_key"),
        )
        .finish();
    json_of(&manifest(loaded, filters, dataset, headers, &kept))
}

/// `POST /reconcile/{dataset}`: form fields `queries` or `extend` (JSON strings), as
/// OpenRefine sends them, or a JSON body `{"queries": {...}}`; without either, the service
/// manifest (as `GET` and yente answer).
pub async fn post(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    RawQuery(query_string): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(body_error)?;
    let (loaded, filters) = filters(&state, &dataset)?;
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let (queries, extend) = if is_json {
        let value: Value = serde_json::from_slice(&body)
            .map_err(|e| ApiError::bad_request(format!("Invalid JSON body: {e}")))?;
        if !value.is_object() {
            return Err(ApiError::bad_request(
                "Request body must be a JSON object with `queries`",
            ));
        }
        let field = |name: &str| match value.get(name) {
            None => Ok(None),
            Some(object @ Value::Object(_)) => Ok(Some(object.to_string())),
            Some(_) => Err(ApiError::bad_request(format!(
                "`{name}` must be a JSON object"
            ))),
        };
        (field("queries")?, field("extend")?)
    } else {
        let mut queries = None;
        let mut extend = None;
        for (key, value) in form_urlencoded::parse(&body) {
            match key.as_ref() {
                "queries" => queries = Some(value.into_owned()),
                "extend" => extend = Some(value.into_owned()),
                _ => {}
            }
        }
        (queries, extend)
    };
    let non_empty = |name: &str, value: String| {
        if value.trim().is_empty() {
            Err(ApiError::bad_request(format!("`{name}` is empty")))
        } else {
            Ok(value)
        }
    };
    let queries = match (queries, extend) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_request(
                "Give either `queries` or `extend`, not both",
            ))
        }
        (None, Some(extend)) => {
            return json_of(&run_extend(&state, &loaded, &non_empty("extend", extend)?)?)
        }
        (Some(queries), None) => non_empty("queries", queries)?,
        (None, None) => {
            return manifest_response(
                &loaded,
                &filters,
                &dataset,
                &headers,
                query_string.as_deref(),
            )
        }
    };
    let state_ref = state.clone();
    let result =
        tokio::task::spawn_blocking(move || run_queries(&state_ref, &loaded, &filters, &queries))
            .await
            .map_err(|e| ApiError::internal(format!("Reconciliation task failed: {e}")))??;
    json_of(&result)
}

/// `GET /reconcile/{dataset}/suggest/entity?prefix=`: entities by name.
pub async fn suggest_entity(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    RawQuery(query_string): RawQuery,
) -> Result<Response, ApiError> {
    let (loaded, filters) = filters(&state, &dataset)?;
    let params = Params::parse(query_string.as_deref());
    let prefix = params.get("prefix").unwrap_or_default().to_string();
    let limit = params.usize_in("limit", 10, 1, state.config.max_limit)?;
    let mut results = Vec::new();
    if !prefix.trim().is_empty() {
        let query = entity_from_parts("suggest", Schema::LegalEntity, Some(&prefix), &[])?;
        let hits = filters.screen(&loaded, &query, limit, 0.3);
        let entities = loaded.index.entities();
        for hit in hits {
            let e = &entities[hit.entity as usize];
            results.push(json!({"id": e.id, "name": e.caption(), "description": schema_label(e.schema), "type": [recon_type(e.schema)]}));
        }
    }
    suggestions(&prefix, results)
}

/// `GET /reconcile/{dataset}/suggest/type?prefix=`: schemata by name.
pub async fn suggest_type(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    RawQuery(query_string): RawQuery,
) -> Result<Response, ApiError> {
    let (loaded, filters) = filters(&state, &dataset)?;
    let params = Params::parse(query_string.as_deref());
    let prefix = params.get("prefix").unwrap_or_default().to_lowercase();
    let result: Vec<Value> = schemata_in(&loaded, &filters)
        .into_iter()
        .filter(|s| {
            s.as_str().to_lowercase().contains(&prefix)
                || schema_plural(*s).to_lowercase().contains(&prefix)
        })
        .map(recon_type)
        .collect();
    suggestions(&prefix, result)
}

/// The answer of a suggest service: `result` for `prefix`.
fn suggestions(prefix: &str, result: Vec<Value>) -> Result<Response, ApiError> {
    json_of(
        &json!({"code": "/api/status/ok", "status": "200 OK", "prefix": prefix, "result": result}),
    )
}

/// `GET /reconcile/{dataset}/suggest/property?prefix=`: properties by name.
pub async fn suggest_property(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    RawQuery(query_string): RawQuery,
) -> Result<Response, ApiError> {
    filters(&state, &dataset)?;
    let params = Params::parse(query_string.as_deref());
    let prefix = params.get("prefix").unwrap_or_default().to_lowercase();
    let result: Vec<Value> = Property::ALL
        .iter()
        .filter(|p| p.as_str().to_lowercase().contains(&prefix))
        .map(|p| json!({"id": p.as_str(), "name": p.as_str()}))
        .collect();
    suggestions(&prefix, result)
}

/// `GET /reconcile/{dataset}/extend/property?type=`: properties offered for data
/// extension.
pub async fn extend_property(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    RawQuery(query_string): RawQuery,
) -> Result<Response, ApiError> {
    filters(&state, &dataset)?;
    let params = Params::parse(query_string.as_deref());
    let type_ = params.get("type").unwrap_or("LegalEntity").to_string();
    let properties: Vec<Value> = Property::ALL
        .iter()
        .map(|p| json!({"id": p.as_str(), "name": p.as_str()}))
        .collect();
    json_of(&json!({"type": type_, "properties": properties}))
}
