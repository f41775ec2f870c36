//! # vetter-diff
//!
//! What changed between two versions of one sanctions list. Entities are matched by their
//! stable id (`ofac-<ent_num>`, `un-<reference>` …); an entity of the new version whose id
//! the old one lacks is *added*, the reverse *removed*, and an entity in both whose content
//! differs is *changed*, with the changed fields as set differences of values:
//!
//! * `schema`: the schema, when it changed;
//! * every property (`name`, `alias`, `birthDate`, `country` …): values added and removed;
//! * `sanctions`: designations rendered as `AUTHORITY PROGRAM [listed DATE] [measures]`, so a
//!   new program or a new listing date shows as one added and one removed designation;
//! * `links`: relationships rendered as `Kind -> target (detail)`.
//!
//! Provenance (which record and which list version a value came from) is not content: the
//! same value from a newer version of the list is unchanged. [`fingerprint_text`] renders an
//! entity's content in the same canonical form, so that callers can detect changes without
//! keeping the old entities (first seen / last changed histories).

#![warn(missing_docs)]

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use vetter_model::Entity;

/// The differences between two versions of a list.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ListDiff {
    /// Entities only in the new version, in the new version's order.
    pub added: Vec<EntitySummary>,
    /// Entities only in the old version, in the old version's order.
    pub removed: Vec<EntitySummary>,
    /// Entities in both versions whose content differs, in the new version's order.
    pub changed: Vec<EntityChange>,
    /// Number of entities in both versions with the same content.
    pub unchanged: usize,
}

impl ListDiff {
    /// True when the two versions have the same entities with the same content.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// One added or removed entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntitySummary {
    /// Entity id.
    pub id: String,
    /// Schema name (`Person`, `Company` …).
    pub schema: String,
    /// Display name.
    pub caption: String,
    /// Sanction programs, distinct, in order.
    pub programs: Vec<String>,
}

impl EntitySummary {
    /// The summary of an entity.
    pub fn of(entity: &Entity) -> Self {
        let mut programs: Vec<String> = Vec::new();
        for sanction in &entity.sanctions {
            if !programs.contains(&sanction.program) {
                programs.push(sanction.program.clone());
            }
        }
        EntitySummary {
            id: entity.id.clone(),
            schema: entity.schema.as_str().to_string(),
            caption: entity.caption().to_string(),
            programs,
        }
    }
}

/// An entity whose content changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityChange {
    /// Entity id.
    pub id: String,
    /// Display name in the new version.
    pub caption: String,
    /// The changed fields, in field order (`schema`, properties, `sanctions`, `links`).
    pub fields: Vec<FieldChange>,
}

/// The change of one field of an entity: the values only the new version has and the
/// values only the old version has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// Field name: `schema`, a property name (`alias`, `birthDate` …), `sanctions` or `links`.
    pub field: String,
    /// Values in the new version only, sorted.
    pub added: Vec<String>,
    /// Values in the old version only, sorted.
    pub removed: Vec<String>,
}

/// The content of an entity as sets of rendered values per field (provenance left out).
fn fields(entity: &Entity) -> BTreeMap<String, BTreeSet<String>> {
    let mut fields: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    fields.insert(
        " schema".into(),
        BTreeSet::from([entity.schema.as_str().to_string()]),
    );
    for (property, statements) in &entity.properties {
        let values: BTreeSet<String> = statements.iter().map(|s| s.value.clone()).collect();
        if !values.is_empty() {
            fields.insert(property.as_str().to_string(), values);
        }
    }
    let sanctions: BTreeSet<String> = entity.sanctions.iter().map(render_sanction).collect();
    if !sanctions.is_empty() {
        fields.insert("~sanctions".into(), sanctions);
    }
    let links: BTreeSet<String> = entity
        .links
        .iter()
        .map(|l| {
            let target = l.target_id.as_deref().unwrap_or(&l.target_name);
            match &l.detail {
                Some(detail) => format!("{:?} -> {target} ({detail})", l.kind),
                None => format!("{:?} -> {target}", l.kind),
            }
        })
        .collect();
    if !links.is_empty() {
        fields.insert("~links".into(), links);
    }
    fields
}

/// `US OFAC GLOMAG listed 2021-11-10 [asset freeze]`.
fn render_sanction(s: &vetter_model::Sanction) -> String {
    let mut text = format!("{} {}", s.authority, s.program);
    if let Some(date) = &s.listing_date {
        text.push_str(" listed ");
        text.push_str(date);
    }
    if !s.measures.is_empty() {
        text.push_str(" [");
        text.push_str(&s.measures.join(", "));
        text.push(']');
    }
    text
}

/// Field keys sort schema first and sanctions/links last; this gives their display names.
fn field_name(key: &str) -> &str {
    key.trim_start_matches([' ', '~'])
}

/// The canonical text of an entity's content (schema, property values, sanctions, links;
/// no provenance), the same for two versions exactly when [`diff`] finds no change. Hash it
/// to keep a fingerprint.
pub fn fingerprint_text(entity: &Entity) -> String {
    let mut text = String::new();
    for (key, values) in fields(entity) {
        text.push_str(field_name(&key));
        text.push('\x1f');
        for value in values {
            text.push_str(&value);
            text.push('\x1e');
        }
        text.push('\n');
    }
    text
}

/// The field changes between two versions of one entity (empty when the content is the
/// same).
pub fn diff_entity(old: &Entity, new: &Entity) -> Vec<FieldChange> {
    let old_fields = fields(old);
    let new_fields = fields(new);
    let empty = BTreeSet::new();
    let keys: BTreeSet<&String> = old_fields.keys().chain(new_fields.keys()).collect();
    keys.into_iter()
        .filter_map(|key| {
            let before = old_fields.get(key).unwrap_or(&empty);
            let after = new_fields.get(key).unwrap_or(&empty);
            let added: Vec<String> = after.difference(before).cloned().collect();
            let removed: Vec<String> = before.difference(after).cloned().collect();
            (!added.is_empty() || !removed.is_empty()).then(|| FieldChange {
                field: field_name(key).to_string(),
                added,
                removed,
            })
        })
        .collect()
}

/// Compares two versions of a list, matching entities by id. When a version holds the same
/// id twice, the first entity with that id is used.
pub fn diff(old: &[Entity], new: &[Entity]) -> ListDiff {
    let mut old_by_id: HashMap<&str, &Entity> = HashMap::with_capacity(old.len());
    for entity in old {
        old_by_id.entry(entity.id.as_str()).or_insert(entity);
    }
    let mut new_ids: HashMap<&str, ()> = HashMap::with_capacity(new.len());
    let mut result = ListDiff::default();
    for entity in new {
        if new_ids.insert(entity.id.as_str(), ()).is_some() {
            continue;
        }
        match old_by_id.get(entity.id.as_str()) {
            None => result.added.push(EntitySummary::of(entity)),
            Some(before) => {
                let fields = diff_entity(before, entity);
                if fields.is_empty() {
                    result.unchanged += 1;
                } else {
                    result.changed.push(EntityChange {
                        id: entity.id.clone(),
                        caption: entity.caption().to_string(),
                        fields,
                    });
                }
            }
        }
    }
    let mut seen_old: HashMap<&str, ()> = HashMap::new();
    for entity in old {
        if !new_ids.contains_key(entity.id.as_str())
            && seen_old.insert(entity.id.as_str(), ()).is_none()
        {
            result.removed.push(EntitySummary::of(entity));
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use vetter_model::{Property, Sanction, Schema, SourceRecord};

    fn person(id: &str, version: &str, names: &[&str], program: &str) -> Entity {
        let mut entity = Entity::new(id, Schema::Person);
        let source = entity.add_source(SourceRecord {
            dataset: "us_ofac_sdn".into(),
            record_id: id.into(),
            list_version: Some(version.into()),
        });
        for name in names {
            entity.add(Property::Name, name, source);
        }
        entity.sanctions.push(Sanction {
            authority: "US OFAC".into(),
            program: program.into(),
            listing_date: None,
            measures: vec![],
            source,
        });
        entity
    }

    #[test]
    fn added_removed_changed_and_provenance_ignored() {
        let old = vec![
            person("a", "2021", &["KIM, Kun"], "GLOMAG"),
            person("b", "2021", &["PHEAP, Try"], "GLOMAG"),
            person("c", "2021", &["X"], "SDGT"),
        ];
        let new = vec![
            person("a", "2023", &["KIM, Kun"], "GLOMAG"),
            person("b", "2023", &["PHEAP, Try", "PHEAP, Thy"], "GLOMAG"),
            person("d", "2023", &["CHAU, Phirun"], "GLOMAG"),
        ];
        let d = diff(&old, &new);
        assert_eq!(d.unchanged, 1);
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.added[0].id, "d");
        assert_eq!(d.added[0].programs, ["GLOMAG"]);
        assert_eq!(d.removed[0].id, "c");
        assert_eq!(d.changed.len(), 1);
        assert_eq!(
            d.changed[0].fields,
            [FieldChange {
                field: "name".into(),
                added: vec!["PHEAP, Thy".into()],
                removed: vec![],
            }]
        );
        assert_eq!(
            fingerprint_text(&old[0]),
            fingerprint_text(&new[0]),
            "list version is provenance, not content"
        );
        let program = diff_entity(&old[2], &person("c", "2023", &["X"], "IRAN"));
        assert_eq!(program[0].field, "sanctions");
        assert_eq!(program[0].added, ["US OFAC IRAN"]);
        assert_eq!(program[0].removed, ["US OFAC SDGT"]);
        assert!(diff(&new, &new).is_empty());
    }
}
