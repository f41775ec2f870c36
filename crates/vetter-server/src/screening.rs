//! Shared screening: dataset scopes and filters from yente's parameters, and one query
//! against the served index.

use crate::error::ApiError;
use crate::params::Params;
use crate::render;
use crate::state::Loaded;
use vetter_index::{Hit, SearchOptions};
use vetter_matcher::{Prepared, ALGORITHM};
use vetter_model::{Entity, Schema};

/// Algorithm names accepted by `algorithm=`: Vetter's own, `best`, `default`, and yente's
/// names, all answered with Vetter's algorithm (the response's `versions.algorithm` says
/// which one ran).
pub const ALGORITHM_ALIASES: [&str; 10] = [
    ALGORITHM,
    "best",
    "default",
    "logic-v1",
    "logic-v2",
    "name-based",
    "name-qualified",
    "regression-v1",
    "regression-v2",
    "ofac-249",
];

/// Checks `algorithm=` and returns the algorithm that runs.
pub fn algorithm(params: &Params) -> Result<&'static str, ApiError> {
    match params.get("algorithm").map(str::trim) {
        None | Some("") => Ok(ALGORITHM),
        Some(name) if ALGORITHM_ALIASES.contains(&name) => Ok(ALGORITHM),
        Some(name) => Err(ApiError::bad_request(format!(
            "Unknown algorithm: {name:?} (available: {ALGORITHM}; yente names are answered with it)"
        ))),
    }
}

/// Which listed entities a query may return.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// List datasets in scope; empty with `nothing` false means every list.
    datasets: Vec<String>,
    /// No dataset is in scope (everything was excluded).
    nothing: bool,
    /// `exclude_schema`.
    pub exclude_schemata: Vec<Schema>,
    /// `exclude_entity_ids`.
    pub exclude_ids: Vec<String>,
    /// `topics`: any of them.
    pub topics: Vec<String>,
    /// `changed_since`: only entities from a list version on or after this date.
    pub changed_since: Option<String>,
    /// `schema` of `/search`: only entities of this schema or a descendant.
    pub schema: Option<Schema>,
}

fn expand(loaded: &Loaded, names: &[String], parameter: &str) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    for name in names {
        let scope = loaded.scope(name).ok_or_else(|| {
            ApiError::bad_request(format!(
                "Query parameter `{parameter}`: unknown dataset {name:?}"
            ))
        })?;
        out.extend(scope);
    }
    Ok(out)
}

impl Filters {
    /// Filters for a request on `dataset` (404 if unknown) with yente's parameters
    /// `include_dataset`, `exclude_dataset`, `exclude_schema`, `exclude_entity_ids`,
    /// `topics`, `changed_since`.
    pub fn from_params(loaded: &Loaded, dataset: &str, params: &Params) -> Result<Self, ApiError> {
        let scope = loaded
            .scope(dataset)
            .ok_or_else(|| ApiError::not_found(format!("Dataset not found: {dataset:?}")))?;
        let include = expand(loaded, &params.all("include_dataset"), "include_dataset")?;
        let exclude = expand(loaded, &params.all("exclude_dataset"), "exclude_dataset")?;
        let effective: Vec<String> = scope
            .into_iter()
            .filter(|d| include.is_empty() || include.contains(d))
            .filter(|d| !exclude.contains(d))
            .collect();
        let all = loaded.index.lists().len();
        let nothing = effective.is_empty();
        let datasets = if effective.len() == all {
            Vec::new()
        } else {
            effective
        };
        let exclude_ids = params.all("exclude_entity_ids");
        if exclude_ids.len() > 500 {
            return Err(ApiError::bad_request(
                "Query parameter `exclude_entity_ids`: at most 500 ids",
            ));
        }
        Ok(Filters {
            datasets,
            nothing,
            exclude_schemata: params.schemata("exclude_schema")?,
            exclude_ids,
            topics: params.all("topics"),
            changed_since: params.date("changed_since")?,
            schema: None,
        })
    }

    fn post_filters(&self) -> bool {
        !self.topics.is_empty() || self.changed_since.is_some() || self.schema.is_some()
    }

    /// True if the entity passes every filter.
    pub fn admits(&self, entity: &Entity) -> bool {
        if self.nothing
            || self.exclude_schemata.contains(&entity.schema)
            || self.exclude_ids.contains(&entity.id)
        {
            return false;
        }
        if !self.datasets.is_empty()
            && !entity
                .sources
                .iter()
                .any(|s| self.datasets.contains(&s.dataset))
        {
            return false;
        }
        self.admits_post(entity)
    }

    fn admits_post(&self, entity: &Entity) -> bool {
        if let Some(schema) = self.schema {
            if !entity.schema.is_a(schema) {
                return false;
            }
        }
        if !self.topics.is_empty() {
            let topics = render::topics(entity);
            if !self.topics.iter().any(|t| topics.contains(&t.as_str())) {
                return false;
            }
        }
        if let Some(since) = &self.changed_since {
            if !matches!(render::newest_version(entity), Some(v) if v >= since.as_str()) {
                return false;
            }
        }
        true
    }

    /// The best `limit` listed entities for a query entity scoring at least `cutoff`.
    pub fn screen(&self, loaded: &Loaded, query: &Entity, limit: usize, cutoff: f32) -> Vec<Hit> {
        if self.nothing || limit == 0 {
            return Vec::new();
        }
        let fetch = if self.post_filters() {
            (limit * 4).max(limit + 20).min(2000)
        } else {
            limit
        };
        let options = SearchOptions {
            limit: fetch,
            cutoff,
            datasets: self.datasets.clone(),
            exclude_ids: self.exclude_ids.clone(),
            exclude_schemata: self.exclude_schemata.clone(),
        };
        let mut hits = loaded.index.search(&Prepared::new(query), &options);
        if self.post_filters() {
            let entities = loaded.index.entities();
            hits.retain(|h| self.admits_post(&entities[h.entity as usize]));
            hits.truncate(limit);
        }
        hits
    }
}
