//! Entities in yente's response shape (`EntityResponse` and `ScoredEntityResponse`),
//! serialised straight from the index without intermediate JSON values.

use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::BTreeMap;
use vetter_matcher::MatchResult;
use vetter_model::{Entity, Property};

/// The FtM topic of every entity with a sanction designation.
pub const SANCTION_TOPIC: &str = "sanction";

/// True for entities that are the target of sanctions (yente's `target`).
pub fn is_target(entity: &Entity) -> bool {
    !entity.sanctions.is_empty()
}

/// The entity's topics: its `topics` values, plus `sanction` when it is designated.
pub fn topics(entity: &Entity) -> Vec<&str> {
    let mut topics: Vec<&str> = entity.values(Property::Topics).collect();
    if is_target(entity) && !topics.contains(&SANCTION_TOPIC) {
        topics.push(SANCTION_TOPIC);
    }
    topics
}

/// The newest list version (ISO date) the entity was published in.
pub fn newest_version(entity: &Entity) -> Option<&str> {
    entity
        .sources
        .iter()
        .filter_map(|s| s.list_version.as_deref())
        .max()
}

/// `last_seen` as yente writes it: the newest list version as a timestamp.
fn last_seen(entity: &Entity) -> Option<String> {
    let version = newest_version(entity)?;
    (version.len() == 10).then(|| format!("{version}T00:00:00"))
}

struct Props<'a>(&'a Entity);

impl Serialize for Props<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let entity = self.0;
        let mut map = serializer.serialize_map(None)?;
        let mut wrote_topics = false;
        for (property, statements) in &entity.properties {
            if *property == Property::Topics {
                wrote_topics = true;
                map.serialize_entry("topics", &topics(entity))?;
                continue;
            }
            let values: Vec<&str> = statements.iter().map(|s| s.value.as_str()).collect();
            map.serialize_entry(property.as_str(), &values)?;
        }
        if !wrote_topics && is_target(entity) {
            map.serialize_entry("topics", &[SANCTION_TOPIC])?;
        }
        map.end()
    }
}

fn write_entity<M: SerializeMap>(map: &mut M, entity: &Entity) -> Result<(), M::Error> {
    map.serialize_entry("id", &entity.id)?;
    map.serialize_entry("caption", entity.caption())?;
    map.serialize_entry("schema", entity.schema.as_str())?;
    map.serialize_entry("properties", &Props(entity))?;
    map.serialize_entry("datasets", &entity.datasets())?;
    map.serialize_entry("referents", &[] as &[&str])?;
    map.serialize_entry("target", &is_target(entity))?;
    map.serialize_entry("first_seen", &None::<&str>)?;
    map.serialize_entry("last_seen", &last_seen(entity))?;
    map.serialize_entry("last_change", &None::<&str>)?;
    Ok(())
}

/// An entity as yente's `EntityResponse`: `id, caption, schema, properties, datasets,
/// referents, target, first_seen, last_seen, last_change`.
pub struct EntityOut<'a>(pub &'a Entity);

impl Serialize for EntityOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        write_entity(&mut map, self.0)?;
        map.end()
    }
}

/// An entity found by `/search`: `EntityResponse` plus its `score` for the query.
pub struct SearchHitOut<'a> {
    /// The entity.
    pub entity: &'a Entity,
    /// Its score (`None` when browsing without `q`).
    pub score: Option<f32>,
}

impl Serialize for SearchHitOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        write_entity(&mut map, self.entity)?;
        if let Some(score) = self.score {
            map.serialize_entry("score", &score)?;
        }
        map.end()
    }
}

/// One `explanations` entry: the feature's score and what it found.
#[derive(serde::Serialize)]
pub struct FeatureExplanation {
    /// Score of the name, or signed contribution of the evidence.
    pub score: f32,
    /// What was compared.
    pub detail: String,
}

/// yente's `features` (name → value) and `explanations` (name → {score, detail}) of a
/// result.
pub fn features(
    result: &MatchResult,
) -> (
    BTreeMap<&'static str, f32>,
    BTreeMap<&'static str, FeatureExplanation>,
) {
    let mut features = BTreeMap::new();
    let mut explanations: BTreeMap<&'static str, FeatureExplanation> = BTreeMap::new();
    let explanation = &result.explanation;
    if let Some(name) = &explanation.name {
        features.insert("name", name.score);
        explanations.insert(
            "name",
            FeatureExplanation {
                score: name.score,
                detail: format!(
                    "{:?} ~ {:?} ({})",
                    name.query, name.candidate, name.property
                ),
            },
        );
    }
    for feature in &explanation.features {
        *features.entry(feature.feature).or_insert(0.0) += feature.contribution;
        let entry = explanations
            .entry(feature.feature)
            .or_insert(FeatureExplanation {
                score: 0.0,
                detail: String::new(),
            });
        entry.score += feature.contribution;
        if !entry.detail.is_empty() {
            entry.detail.push_str("; ");
        }
        entry.detail.push_str(&format!(
            "{}: {} ~ {}",
            feature.detail, feature.query, feature.candidate
        ));
    }
    if let Some(reason) = &explanation.schema {
        explanations.insert(
            "schema",
            FeatureExplanation {
                score: 0.0,
                detail: reason.clone(),
            },
        );
    }
    (features, explanations)
}

/// A scored result as yente's `ScoredEntityResponse`: `EntityResponse` plus `score`,
/// `match`, `features`, `explanations`, and Vetter's full `explanation`.
pub struct ScoredOut<'a> {
    /// The listed entity.
    pub entity: &'a Entity,
    /// Its score against the query.
    pub result: &'a MatchResult,
    /// `match` is `score >= threshold`.
    pub threshold: f32,
}

impl Serialize for ScoredOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        write_entity(&mut map, self.entity)?;
        let (features, explanations) = features(self.result);
        map.serialize_entry("score", &self.result.score)?;
        map.serialize_entry("match", &(self.result.score >= self.threshold))?;
        map.serialize_entry("features", &features)?;
        map.serialize_entry("explanations", &explanations)?;
        map.serialize_entry("explanation", &self.result.explanation)?;
        map.end()
    }
}

/// yente's `matcher` / algorithm `features` documentation (`FeatureDocs`).
pub fn feature_docs() -> serde_json::Value {
    serde_json::json!({
        "name": {
            "description": "Similarity of the best pair of names (aligned parts weighted by role and rarity; contradicting, query-only and list-only parts penalised), times the support of the aligned parts.",
            "coefficient": 1.0,
            "url": null
        },
        "birth_date": {
            "description": "Birth dates at any precision: same day +0.05, compatible year or month +0.02, one year apart 0, same year other month -0.05, two or more years apart -0.20.",
            "coefficient": 0.05,
            "url": null
        },
        "country": {
            "description": "Countries (nationality, citizenship, country, jurisdiction): shared +0.02, disjoint -0.05.",
            "coefficient": 0.02,
            "url": null
        },
        "gender": {
            "description": "Different gender -0.20.",
            "coefficient": -0.2,
            "url": null
        },
        "identifier": {
            "description": "A shared identifier after normalisation (case, spaces, dashes, leading zeros) +0.20.",
            "coefficient": 0.2,
            "url": null
        }
    })
}

/// A query echoed back in a match response (yente's `EntityExample`):
/// `{id, schema, properties}` after parsing and trimming.
pub struct QueryOut<'a>(pub &'a Entity);

impl Serialize for QueryOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("id", &self.0.id)?;
        map.serialize_entry("schema", self.0.schema.as_str())?;
        map.serialize_entry("properties", &Props(self.0))?;
        map.end()
    }
}

/// The plural label of a schema (the `name` of a W3C reconciliation type).
pub fn schema_plural(schema: vetter_model::Schema) -> &'static str {
    use vetter_model::Schema::*;
    match schema {
        LegalEntity => "Legal entities",
        Person => "People",
        Organization => "Organizations",
        Company => "Companies",
        Vessel => "Vessels",
        Airplane => "Airplanes",
    }
}

/// The singular label of a schema.
pub fn schema_label(schema: vetter_model::Schema) -> &'static str {
    use vetter_model::Schema::*;
    match schema {
        LegalEntity => "Legal entity",
        Person => "Person",
        Organization => "Organization",
        Company => "Company",
        Vessel => "Vessel",
        Airplane => "Airplane",
    }
}
