//! The yente-compatible endpoints: `/match`, `/search`, `/entities`.

use crate::audit::{now_rfc3339, AuditRecord};
use crate::error::{body_error, ApiError};
use crate::middleware::Caller;
use crate::params::Params;
use crate::render::{self, EntityOut, QueryOut, ScoredOut, SearchHitOut};
use crate::screening::{self, Filters};
use crate::state::{AppState, Loaded};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use vetter_index::Hit;
use vetter_model::ftm::{self, Mode};
use vetter_model::{Entity, LinkKind, Property, PropertyType, Schema, SourceRecord};

/// Default `limit` of `/match` (yente's `MATCH_PAGE`).
pub const DEFAULT_MATCH_LIMIT: usize = 5;
/// Default lower bound of a returned `/match` result's score (clamped to `threshold`).
pub const DEFAULT_CUTOFF: f32 = 0.5;
/// Default `limit` of `/search`.
pub const DEFAULT_SEARCH_LIMIT: usize = 10;
/// Default lower bound of a `/search` hit's score.
pub const SEARCH_CUTOFF: f32 = 0.4;
/// Largest `offset` of a `/search`: with `q`, the candidates scored for a page are the
/// first `offset + limit`, so this bounds the work of a deep page.
pub const MAX_SEARCH_OFFSET: usize = 10_000;

/// A JSON body with status 200.
pub fn json_body(body: Vec<u8>) -> Response {
    let mut response = body.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Serialises a value as a JSON response (500 on the impossible failure).
pub fn json_of<T: Serialize>(value: &T) -> Result<Response, ApiError> {
    serde_json::to_vec(value)
        .map(json_body)
        .map_err(|e| ApiError::internal(format!("Cannot serialise response: {e}")))
}

fn matcher_docs() -> &'static Value {
    static DOCS: OnceLock<Value> = OnceLock::new();
    DOCS.get_or_init(render::feature_docs)
}

/// A sequence of pairs serialised as a JSON object, in order.
struct Pairs<'a, T>(&'a [(String, T)]);

impl<T: Serialize> Serialize for Pairs<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

#[derive(serde::Serialize)]
struct Total {
    value: usize,
    relation: &'static str,
}

#[derive(serde::Serialize)]
struct EntityMatches<'a> {
    status: u16,
    results: Vec<ScoredOut<'a>>,
    total: Total,
    query: QueryOut<'a>,
}

#[derive(serde::Serialize)]
struct MatchResponse<'a> {
    responses: Pairs<'a, EntityMatches<'a>>,
    matcher: &'static Value,
    limit: usize,
    versions: &'a Value,
}

/// Reads a `/match` body: `{"queries": {key: {schema, properties}}}` (strict FtM).
fn parse_match_body(body: &[u8], max_queries: usize) -> Result<Vec<(String, Entity)>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            "Request body must be JSON: {\"queries\": {\"key\": {\"schema\": ..., \"properties\": {...}}}}",
        ));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("Invalid JSON body: {e}")))?;
    let Value::Object(object) = value else {
        return Err(ApiError::bad_request(
            "Request body must be a JSON object with `queries`",
        ));
    };
    for key in ["weights", "config"] {
        match object.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) if map.is_empty() => {}
            Some(Value::Object(_)) => {
                return Err(ApiError::bad_request(format!(
                    "`{key}` is not supported: the weights of {} are fixed (see /algorithms)",
                    vetter_matcher::ALGORITHM
                )))
            }
            Some(_) => return Err(ApiError::bad_request(format!("`{key}` must be an object"))),
        }
    }
    let queries =
        match object.get("queries") {
            Some(Value::Object(queries)) => queries,
            Some(_) => return Err(ApiError::bad_request(
                "`queries` must be an object of query key to entity {\"schema\", \"properties\"}",
            )),
            None => return Err(ApiError::bad_request("Missing field `queries`")),
        };
    if queries.len() > max_queries {
        return Err(ApiError::bad_request(format!(
            "Too many queries in one batch (limit: {max_queries})"
        )));
    }
    let mut out = Vec::with_capacity(queries.len());
    for (key, query) in queries {
        if query.is_null() {
            return Err(ApiError::bad_request(format!(
                "Query {key:?} is null: each query is an entity {{\"schema\", \"properties\"}}"
            )));
        }
        out.push((key.clone(), query_entity(key, query)?));
    }
    if out.is_empty() {
        return Err(ApiError::bad_request("No queries provided."));
    }
    Ok(out)
}

/// A query entity from FtM JSON in strict mode: unknown schema or property is a 400.
fn query_entity(key: &str, value: &Value) -> Result<Entity, ApiError> {
    let source = SourceRecord {
        dataset: "query".into(),
        record_id: key.to_string(),
        list_version: None,
    };
    ftm::from_json(value, Mode::Strict, source, key)
        .map(|parsed| parsed.entity)
        .map_err(|e| ApiError::bad_request(format!("Cannot parse example entity {key:?}: {e}")))
}

struct MatchJob {
    loaded: Arc<Loaded>,
    queries: Vec<(String, Entity)>,
    filters: Filters,
    limit: usize,
    cutoff: f32,
    threshold: f32,
}

struct MatchOutput {
    body: Vec<u8>,
    audit: String,
}

impl MatchJob {
    fn run(self) -> Result<MatchOutput, ApiError> {
        let hits: Vec<Vec<Hit>> = self
            .queries
            .iter()
            .map(|(_, query)| {
                self.filters
                    .screen(&self.loaded, query, self.limit, self.cutoff)
            })
            .collect();
        let entities = self.loaded.index.entities();
        let mut responses = Vec::with_capacity(self.queries.len());
        let mut audit = Map::new();
        for ((key, query), hits) in self.queries.iter().zip(&hits) {
            let results: Vec<ScoredOut> = hits
                .iter()
                .map(|h| ScoredOut {
                    entity: &entities[h.entity as usize],
                    result: &h.result,
                    threshold: self.threshold,
                })
                .collect();
            audit.insert(
                key.clone(),
                Value::Array(
                    results
                        .iter()
                        .map(|r| {
                            json!({"id": r.entity.id, "score": r.result.score,
                                   "match": r.result.score >= self.threshold})
                        })
                        .collect(),
                ),
            );
            let total = Total {
                value: results.len(),
                relation: if results.len() >= self.limit {
                    "gte"
                } else {
                    "eq"
                },
            };
            responses.push((
                key.clone(),
                EntityMatches {
                    status: 200,
                    results,
                    total,
                    query: QueryOut(query),
                },
            ));
        }
        let response = MatchResponse {
            responses: Pairs(&responses),
            matcher: matcher_docs(),
            limit: self.limit,
            versions: self.loaded.versions(),
        };
        let body = serde_json::to_vec(&response)
            .map_err(|e| ApiError::internal(format!("Cannot serialise response: {e}")))?;
        Ok(MatchOutput {
            body,
            audit: Value::Object(audit).to_string(),
        })
    }
}

/// `POST /match/{dataset}`: screens a batch of FtM entities (yente's query-by-example).
pub async fn match_entities(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    RawQuery(query_string): RawQuery,
    caller: Option<Extension<Caller>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(body_error)?;
    let loaded = state.current();
    let params = Params::parse(query_string.as_deref());
    let filters = Filters::from_params(&loaded, &dataset, &params)?;
    let limit = params.usize_in("limit", DEFAULT_MATCH_LIMIT, 1, state.config.max_limit)?;
    let threshold = params.unit_float("threshold", vetter_matcher::MATCH_THRESHOLD)?;
    let cutoff = params.unit_float("cutoff", DEFAULT_CUTOFF)?.min(threshold);
    let algorithm = screening::algorithm(&params)?;
    let queries = parse_match_body(&body, state.config.max_queries)?;
    let count = queries.len();
    let job = MatchJob {
        loaded: loaded.clone(),
        queries,
        filters,
        limit,
        cutoff,
        threshold,
    };
    // One query takes well under a millisecond: answer it on the async thread. A batch
    // goes to the blocking pool so that it never stalls other requests.
    let output = if count == 1 {
        job.run()?
    } else {
        tokio::task::spawn_blocking(move || job.run())
            .await
            .map_err(|e| ApiError::internal(format!("Screening task failed: {e}")))??
    };
    state
        .metrics
        .queries
        .with_label_values(&[dataset.as_str()])
        .inc_by(count as u64);
    let record = AuditRecord {
        time: now_rfc3339(),
        key_id: caller.and_then(|Extension(c)| c.key_id),
        dataset,
        algorithm: algorithm.to_string(),
        query_string: query_string.unwrap_or_default(),
        request: String::from_utf8_lossy(&body).into_owned(),
        results: output.audit,
        lists: serde_json::to_string(loaded.index.lists()).unwrap_or_default(),
    };
    state.audit.append(record).await.map_err(|e| {
        ApiError::internal(format!(
            "Cannot write the audit log, so the screening is not answered: {e}"
        ))
    })?;
    let mut response = json_body(output.body);
    response
        .headers_mut()
        .insert("x-batch-size", HeaderValue::from(count));
    Ok(response)
}

#[derive(serde::Serialize)]
struct FacetValue {
    name: String,
    label: String,
    count: usize,
}

#[derive(serde::Serialize)]
struct Facet {
    label: &'static str,
    values: Vec<FacetValue>,
}

fn facet(label: &'static str, counts: HashMap<&str, usize>) -> Facet {
    let mut values: Vec<FacetValue> = counts
        .into_iter()
        .map(|(name, count)| FacetValue {
            name: name.to_string(),
            label: name.to_string(),
            count,
        })
        .collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    Facet { label, values }
}

fn facets<'a>(entities: impl Iterator<Item = &'a Entity>) -> Value {
    let mut datasets: HashMap<&str, usize> = HashMap::new();
    let mut topics: HashMap<&str, usize> = HashMap::new();
    let mut countries: HashMap<&str, usize> = HashMap::new();
    for entity in entities {
        for dataset in entity.datasets() {
            *datasets.entry(dataset).or_default() += 1;
        }
        for topic in render::topics(entity) {
            *topics.entry(topic).or_default() += 1;
        }
        let mut seen: Vec<&str> = Vec::new();
        for (property, statements) in &entity.properties {
            if property.kind() == PropertyType::Country {
                for s in statements {
                    if !seen.contains(&s.value.as_str()) {
                        seen.push(&s.value);
                    }
                }
            }
        }
        for country in seen {
            *countries.entry(country).or_default() += 1;
        }
    }
    json!({
        "datasets": facet("Data sources", datasets),
        "topics": facet("Categories", topics),
        "countries": facet("Countries", countries),
    })
}

#[derive(serde::Serialize)]
struct SearchResponse<'a> {
    limit: usize,
    offset: usize,
    total: Total,
    results: Vec<SearchHitOut<'a>>,
    facets: Value,
    versions: &'a Value,
}

/// `GET /search/{dataset}?q=`: name search with filters and paging; without `q`, every
/// entity in scope in index order.
pub async fn search(
    State(state): State<Arc<AppState>>,
    Path(dataset): Path<String>,
    RawQuery(query_string): RawQuery,
) -> Result<Response, ApiError> {
    let loaded = state.current();
    let params = Params::parse(query_string.as_deref());
    let mut filters = Filters::from_params(&loaded, &dataset, &params)?;
    filters.schema = match params.get("schema").map(str::trim) {
        None | Some("") => None,
        Some(name) => Some(
            name.parse::<Schema>()
                .map_err(|e| ApiError::bad_request(format!("Query parameter `schema`: {e}")))?,
        ),
    };
    let limit = params.usize_in("limit", DEFAULT_SEARCH_LIMIT, 0, state.config.max_limit)?;
    let offset = params.usize_in("offset", 0, 0, MAX_SEARCH_OFFSET)?;
    let cutoff = params.unit_float("cutoff", SEARCH_CUTOFF)?;
    let q = params
        .get("q")
        .map(str::trim)
        .unwrap_or_default()
        .to_string();
    let entities = loaded.index.entities();
    let (found, relation): (Vec<(u32, Option<f32>)>, &'static str) = if q.is_empty() {
        let all = entities
            .iter()
            .enumerate()
            .filter(|(_, e)| filters.admits(e))
            .map(|(i, _)| (i as u32, None))
            .collect();
        (all, "eq")
    } else {
        let mut query = Entity::new("search", filters.schema.unwrap_or(Schema::LegalEntity));
        let source = query.add_source(SourceRecord {
            dataset: "query".into(),
            record_id: "search".into(),
            list_version: None,
        });
        query.add(Property::Name, &q, source);
        let window = (offset + limit).max(100);
        let loaded_ref = loaded.clone();
        let filters_ref = filters.clone();
        let hits = tokio::task::spawn_blocking(move || {
            filters_ref.screen(&loaded_ref, &query, window, cutoff)
        })
        .await
        .map_err(|e| ApiError::internal(format!("Search task failed: {e}")))?;
        let relation = if hits.len() >= window { "gte" } else { "eq" };
        (
            hits.into_iter()
                .map(|h| (h.entity, Some(h.result.score)))
                .collect(),
            relation,
        )
    };
    let facets = facets(found.iter().map(|(i, _)| &entities[*i as usize]));
    let results = found
        .iter()
        .skip(offset)
        .take(limit)
        .map(|(i, score)| SearchHitOut {
            entity: &entities[*i as usize],
            score: *score,
        })
        .collect();
    json_of(&SearchResponse {
        limit,
        offset,
        total: Total {
            value: found.len(),
            relation,
        },
        results,
        facets,
        versions: loaded.versions(),
    })
}

/// FtM relationship schema and properties of a link kind: (schema, property of the
/// linking side, property of the linked side, reverse property on the linking entity,
/// reverse property on the linked entity).
fn link_schema(
    kind: LinkKind,
) -> (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
) {
    match kind {
        LinkKind::Family => (
            "Family",
            "person",
            "relative",
            "familyPerson",
            "familyRelative",
        ),
        LinkKind::Associate => (
            "Associate",
            "person",
            "associate",
            "associates",
            "associations",
        ),
        LinkKind::Ownership => (
            "Ownership",
            "owner",
            "asset",
            "ownershipOwner",
            "ownershipAsset",
        ),
        LinkKind::Directorship => (
            "Directorship",
            "director",
            "organization",
            "directorshipDirector",
            "directorshipOrganization",
        ),
        LinkKind::UnknownLink => (
            "UnknownLink",
            "subject",
            "object",
            "unknownLinkSubject",
            "unknownLinkObject",
        ),
    }
}

fn entity_value(entity: &Entity) -> Value {
    serde_json::to_value(EntityOut(entity)).unwrap_or(Value::Null)
}

/// A relationship entity (FtM Family, Associate, UnknownLink …) between `from` and the
/// target of its link number `n`; `from_value` and `to_value` are the property values.
fn relationship(from: &Entity, n: usize, from_value: Value, to_value: Value) -> Value {
    let link = &from.links[n];
    let (schema, from_prop, to_prop, _, _) = link_schema(link.kind);
    let mut properties = Map::new();
    properties.insert(from_prop.into(), json!([from_value]));
    properties.insert(to_prop.into(), json!([to_value]));
    if let Some(detail) = &link.detail {
        properties.insert("relationship".into(), json!([detail]));
    }
    let dataset = from
        .sources
        .get(link.source as usize)
        .map(|s| s.dataset.as_str())
        .unwrap_or_default();
    json!({
        "id": format!("{}-link-{}", from.id, n + 1),
        "caption": schema,
        "schema": schema,
        "properties": properties,
        "datasets": [dataset],
        "referents": [],
        "target": false,
        "first_seen": null,
        "last_seen": null,
        "last_change": null,
    })
}

/// The entity as yente's `EntityResponse` with adjacent entities nested in its
/// properties: sanctions (`sanctions`), its links (`familyPerson`, `associates`,
/// `unknownLinkSubject` …) and links of others to it (`familyRelative`, `associations`,
/// `unknownLinkObject` …), each a relationship entity holding the other party.
pub fn nested_entity(loaded: &Loaded, entity: &Entity) -> Value {
    let mut value = entity_value(entity);
    let entities = loaded.index.entities();
    let mut adjacent: Vec<(&'static str, Value)> = Vec::new();
    for (n, link) in entity.links.iter().enumerate() {
        let (_, _, _, out_prop, _) = link_schema(link.kind);
        let target = match link
            .target_id
            .as_deref()
            .and_then(|id| loaded.index.get(id))
        {
            Some(target) => entity_value(target),
            None => json!(link.target_name),
        };
        adjacent.push((out_prop, relationship(entity, n, json!(entity.id), target)));
    }
    for &(from, n) in loaded.links_to(&entity.id) {
        let from = &entities[from as usize];
        let (_, _, _, _, in_prop) = link_schema(from.links[n as usize].kind);
        adjacent.push((
            in_prop,
            relationship(from, n as usize, entity_value(from), json!(entity.id)),
        ));
    }
    let sanctions: Vec<Value> = ftm::sanction_entities(entity)
        .into_iter()
        .map(|mut s| {
            if let Value::Object(map) = &mut s {
                let caption = map
                    .get("properties")
                    .and_then(|p| p.get("program"))
                    .and_then(|p| p.get(0))
                    .cloned()
                    .unwrap_or(json!("Sanction"));
                map.insert("caption".into(), caption);
                map.insert("referents".into(), json!([]));
                map.insert("target".into(), json!(false));
            }
            s
        })
        .collect();
    if let Some(properties) = value.get_mut("properties").and_then(Value::as_object_mut) {
        if !sanctions.is_empty() {
            properties.insert("sanctions".into(), Value::Array(sanctions));
        }
        for (property, related) in adjacent {
            if let Value::Array(list) = properties
                .entry(property)
                .or_insert_with(|| Value::Array(Vec::new()))
            {
                list.push(related);
            }
        }
    }
    value
}

/// `GET /entities/{id}`: one listed entity with its related entities nested
/// (`nested=false`: without).
pub async fn entity(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(query_string): RawQuery,
) -> Result<Response, ApiError> {
    let loaded = state.current();
    let params = Params::parse(query_string.as_deref());
    let nested = params.bool("nested", true)?;
    let entity = loaded
        .index
        .get(&id)
        .ok_or_else(|| ApiError::not_found(format!("No such entity: {id:?}")))?;
    let mut value = if nested {
        nested_entity(&loaded, entity)
    } else {
        entity_value(entity)
    };
    if let Value::Object(map) = &mut value {
        // Vetter's addition: every source record (list, record id, list version).
        map.insert("sources".into(), json!(entity.sources));
        map.insert("versions".into(), loaded.versions().clone());
    }
    json_of(&value)
}

/// Shared by `/reconcile`: screens one query entity and returns the hits.
pub fn screen_one(loaded: &Loaded, filters: &Filters, query: &Entity, limit: usize) -> Vec<Hit> {
    filters.screen(loaded, query, limit, DEFAULT_CUTOFF)
}

/// Builds a query entity from a name, a schema and extra property values (unknown
/// properties are skipped, as yente's reconciliation does).
pub fn entity_from_parts(
    key: &str,
    schema: Schema,
    name: Option<&str>,
    properties: &[(String, Vec<String>)],
) -> Result<Entity, ApiError> {
    let mut object = Map::new();
    let mut props = Map::new();
    if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
        props.insert("name".into(), json!([name]));
    }
    for (pid, values) in properties {
        let name = pid.rsplit(':').next().unwrap_or(pid);
        if name.parse::<Property>().is_err() {
            continue;
        }
        let entry = props.entry(name.to_string()).or_insert_with(|| json!([]));
        if let Value::Array(list) = entry {
            list.extend(values.iter().map(|v| json!(v)));
        }
    }
    object.insert("schema".into(), json!(schema.as_str()));
    object.insert("properties".into(), Value::Object(props));
    query_entity(key, &Value::Object(object))
}
