//! When a `false_positive` decision stops holding: the material differences between the
//! records an alert was decided on and the records screened now.
//!
//! * Listed entity: a new value of a name property (`name`, `alias`, `weakAlias`,
//!   `previousName`, name parts), of `birthDate`, or of an identifier (`passportNumber`,
//!   `idNumber`, `registrationNumber` …). Removed values and other fields (programs,
//!   addresses, remarks) are not material: they cannot make a cleared pair more alike.
//! * Customer record: any change of its properties (the caller changed what it knows).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use vetter_model::{Property, PropertyType};

/// One changed field of one side of an alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// `entity` (the listed entity) or `customer` (the customer record).
    pub side: String,
    /// The FtM property name (`alias`, `birthDate` …), or `listed` when the entity was
    /// listed again after a delisting.
    pub field: String,
    /// Values only the new record has.
    pub added: Vec<String>,
    /// Values only the old record has.
    pub removed: Vec<String>,
}

/// `properties` of an FtM JSON record as sets of values.
fn properties(record: &Value) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let Some(map) = record.get("properties").and_then(Value::as_object) else {
        return out;
    };
    for (name, values) in map {
        let set: BTreeSet<String> = match values {
            Value::Array(items) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            Value::String(s) => BTreeSet::from([s.clone()]),
            _ => BTreeSet::new(),
        };
        if !set.is_empty() {
            out.insert(name.clone(), set);
        }
    }
    out
}

/// Field-level differences between two FtM records, as [`Change`]s of `side`.
pub fn record_changes(side: &str, old: &Value, new: &Value) -> Vec<Change> {
    let before = properties(old);
    let after = properties(new);
    let empty = BTreeSet::new();
    let fields: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut changes: Vec<Change> = fields
        .into_iter()
        .filter_map(|field| {
            let b = before.get(field).unwrap_or(&empty);
            let a = after.get(field).unwrap_or(&empty);
            let added: Vec<String> = a.difference(b).cloned().collect();
            let removed: Vec<String> = b.difference(a).cloned().collect();
            (!added.is_empty() || !removed.is_empty()).then(|| Change {
                side: side.to_string(),
                field: field.clone(),
                added,
                removed,
            })
        })
        .collect();
    let old_schema = old.get("schema").and_then(Value::as_str).unwrap_or("");
    let new_schema = new.get("schema").and_then(Value::as_str).unwrap_or("");
    if old_schema != new_schema {
        changes.push(Change {
            side: side.to_string(),
            field: "schema".into(),
            added: vec![new_schema.to_string()],
            removed: vec![old_schema.to_string()],
        });
    }
    changes
}

/// Whether a property of a listed entity can make a cleared pair match: names, birth
/// dates and identifiers.
fn material_entity_field(field: &str) -> bool {
    match field.parse::<Property>() {
        Ok(p) => {
            p.kind() == PropertyType::Name
                || p.kind() == PropertyType::Identifier
                || p == Property::BirthDate
        }
        Err(_) => false,
    }
}

/// The changes that reopen a `false_positive` alert: on the listed entity, the name,
/// birth date and identifier fields that gained a value; on the customer, every changed
/// field. Empty when the decision still holds.
pub fn material_changes(
    old_customer: &Value,
    new_customer: &Value,
    old_entity: &Value,
    new_entity: &Value,
) -> Vec<Change> {
    let mut changes: Vec<Change> = record_changes("entity", old_entity, new_entity)
        .into_iter()
        .filter(|c| material_entity_field(&c.field) && !c.added.is_empty())
        .collect();
    changes.extend(record_changes("customer", old_customer, new_customer));
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_new_names_dates_and_identifiers_of_the_entity_are_material() {
        let customer = json!({"schema": "Person", "properties": {"name": ["John Kim"]}});
        // HIENG Hing Bun (OFAC ofac-24682) and his listed alias.
        let old = json!({"schema": "Person", "properties": {"name": ["HIENG, Hing Bun"], "country": ["kh"]}});
        let program_only = json!({"schema": "Person", "properties": {"name": ["HIENG, Hing Bun"], "country": ["kh"], "address": ["Phnom Penh"]}});
        assert!(material_changes(&customer, &customer, &old, &program_only).is_empty());
        let alias_removed = json!({"schema": "Person", "properties": {"country": ["kh"]}});
        assert!(material_changes(&customer, &customer, &old, &alias_removed).is_empty());
        let new_alias = json!({"schema": "Person", "properties": {"name": ["HIENG, Hing Bun"], "alias": ["HEANG, Hing Bun"], "country": ["kh"]}});
        let changes = material_changes(&customer, &customer, &old, &new_alias);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "alias");
        assert_eq!(changes[0].added, vec!["HEANG, Hing Bun".to_string()]);
        let new_birth_date = json!({"schema": "Person", "properties": {"name": ["HIENG, Hing Bun"], "birthDate": ["1952-02-01"]}});
        let changes = material_changes(&customer, &customer, &old, &new_birth_date);
        assert!(changes.iter().any(|c| c.field == "birthDate"));
        assert!(!changes.iter().any(|c| c.field == "country"));
    }

    #[test]
    fn any_customer_change_is_material() {
        let entity = json!({"schema": "Person", "properties": {"name": ["KIM, Kun"]}});
        let before = json!({"schema": "Person", "properties": {"name": ["John Kim"]}});
        let after = json!({"schema": "Person", "properties": {"name": ["John Kim"], "birthDate": ["1954"]}});
        let changes = material_changes(&before, &after, &entity, &entity);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].side, "customer");
        assert_eq!(changes[0].field, "birthDate");
        assert!(material_changes(&before, &before, &entity, &entity).is_empty());
    }
}
