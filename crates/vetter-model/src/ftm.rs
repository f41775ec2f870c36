//! FollowTheMoney entity JSON: `{"id", "schema", "properties": {"name": ["…"], …}}`.
//!
//! Reading is available in two modes: [`Mode::Strict`] rejects unknown schemata and
//! properties (for screening queries, where a typo must not silently drop evidence) and
//! [`Mode::Lenient`] skips them and reports what was skipped (for importing OpenSanctions
//! exports, which carry many properties Vetter does not screen on).

use crate::{Entity, Property, Schema, SourceRecord};
use serde_json::{json, Map, Value};

/// How to treat schemata and properties Vetter does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Unknown schema or property is an error.
    Strict,
    /// Unknown properties are skipped and listed in [`Parsed::skipped`].
    Lenient,
}

/// An error in one FtM entity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FtmError {
    /// The JSON is not an object.
    #[error("entity must be a JSON object")]
    NotAnObject,
    /// `schema` is missing or not a string.
    #[error("field `schema` is missing or not a string")]
    MissingSchema,
    /// `schema` names a schema Vetter does not screen.
    #[error(transparent)]
    UnknownSchema(#[from] crate::schema::UnknownSchema),
    /// `id` is present but neither a string nor null.
    #[error("field `id` must be a string")]
    BadId,
    /// `properties` is not an object.
    #[error("field `properties` must be an object of property name to list of strings")]
    BadProperties,
    /// A property name is unknown (strict mode).
    #[error(transparent)]
    UnknownProperty(#[from] crate::property::UnknownProperty),
    /// A property value is not a string or list of strings.
    #[error("property `{0}` must be a string or a list of strings")]
    BadValue(String),
    /// A date property holds something that is not a date.
    #[error("property `{property}`: {source}")]
    BadDate {
        /// Property name.
        property: String,
        /// Parse error.
        source: crate::DateParseError,
    },
}

/// The result of reading one FtM entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The entity.
    pub entity: Entity,
    /// Properties that were skipped in lenient mode.
    pub skipped: Vec<String>,
}

/// Reads one FtM entity. `source` is the provenance given to all its values; an entity
/// without `id` gets `default_id`.
pub fn from_json(
    value: &Value,
    mode: Mode,
    source: SourceRecord,
    default_id: &str,
) -> Result<Parsed, FtmError> {
    let object = value.as_object().ok_or(FtmError::NotAnObject)?;
    let schema: Schema = object
        .get("schema")
        .and_then(Value::as_str)
        .ok_or(FtmError::MissingSchema)?
        .parse()?;
    let id = match object.get("id") {
        None | Some(Value::Null) => default_id,
        Some(Value::String(id)) => id,
        Some(_) => return Err(FtmError::BadId),
    };
    let mut entity = Entity::new(id, schema);
    let source = entity.add_source(source);
    let mut skipped = Vec::new();
    let properties = match object.get("properties") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => return Err(FtmError::BadProperties),
    };
    for (name, values) in &properties {
        let property = match name.parse::<Property>() {
            Ok(property) => property,
            Err(err) if mode == Mode::Strict => return Err(err.into()),
            Err(_) => {
                skipped.push(name.clone());
                continue;
            }
        };
        let strings: Vec<&str> = match values {
            Value::String(s) => vec![s.as_str()],
            Value::Array(items) => items
                .iter()
                .map(|v| v.as_str().ok_or_else(|| FtmError::BadValue(name.clone())))
                .collect::<Result<_, _>>()?,
            Value::Null => Vec::new(),
            _ => return Err(FtmError::BadValue(name.clone())),
        };
        for text in strings {
            if property.kind() == crate::PropertyType::Date && mode == Mode::Strict {
                text.parse::<crate::PartialDate>()
                    .map_err(|source| FtmError::BadDate {
                        property: name.clone(),
                        source,
                    })?;
            }
            entity.add(property, text, source);
        }
    }
    Ok(Parsed { entity, skipped })
}

/// Writes an entity as FtM JSON, with `datasets` and Vetter's provenance in `sources`.
/// Sanctions are written as FtM `Sanction` entities by [`sanction_entities`].
pub fn to_json(entity: &Entity) -> Value {
    let mut properties = Map::new();
    for (property, statements) in &entity.properties {
        properties.insert(
            property.as_str().to_string(),
            Value::Array(statements.iter().map(|s| json!(s.value)).collect()),
        );
    }
    json!({
        "id": entity.id,
        "schema": entity.schema.as_str(),
        "caption": entity.caption(),
        "properties": properties,
        "datasets": entity.datasets(),
        "referents": entity.sources.iter().map(|s| format!("{}:{}", s.dataset, s.record_id)).collect::<Vec<_>>(),
    })
}

/// The entity's sanctions as FtM `Sanction` entities (`entity`, `authority`, `program`,
/// `listingDate`, `provisions`), with ids `<entity id>-sanction-<n>`.
pub fn sanction_entities(entity: &Entity) -> Vec<Value> {
    entity
        .sanctions
        .iter()
        .enumerate()
        .map(|(n, sanction)| {
            let mut properties = Map::new();
            properties.insert("entity".into(), json!([entity.id]));
            properties.insert("authority".into(), json!([sanction.authority]));
            properties.insert("program".into(), json!([sanction.program]));
            if let Some(date) = &sanction.listing_date {
                properties.insert("listingDate".into(), json!([date]));
            }
            if !sanction.measures.is_empty() {
                properties.insert("provisions".into(), json!(sanction.measures));
            }
            let dataset = entity
                .sources
                .get(sanction.source as usize)
                .map(|s| s.dataset.as_str())
                .unwrap_or_default();
            json!({
                "id": format!("{}-sanction-{}", entity.id, n + 1),
                "schema": "Sanction",
                "properties": properties,
                "datasets": [dataset],
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query_source() -> SourceRecord {
        SourceRecord {
            dataset: "query".into(),
            record_id: "q1".into(),
            list_version: None,
        }
    }

    #[test]
    fn strict_mode_rejects_unknown_properties_and_bad_dates() {
        let value = json!({"schema": "Person", "properties": {"nmae": ["Kun Kim"]}});
        let err = from_json(&value, Mode::Strict, query_source(), "q1").unwrap_err();
        assert_eq!(err.to_string(), "unknown property \"nmae\"");
        let value = json!({"schema": "Person", "properties": {"birthDate": ["01/01/1954"]}});
        assert!(matches!(
            from_json(&value, Mode::Strict, query_source(), "q1"),
            Err(FtmError::BadDate { .. })
        ));
        let value = json!({"schema": "Animal", "properties": {}});
        assert!(from_json(&value, Mode::Strict, query_source(), "q1").is_err());
    }

    #[test]
    fn lenient_mode_skips_and_round_trips() {
        let value = json!({"id": "x", "schema": "Person",
            "properties": {"name": "Kun Kim", "birthDate": ["1954-01-01"], "religion": ["x"]}});
        let parsed = from_json(&value, Mode::Lenient, query_source(), "q1").unwrap();
        assert_eq!(parsed.skipped, ["religion"]);
        let out = to_json(&parsed.entity);
        assert_eq!(out["properties"]["name"], json!(["Kun Kim"]));
        assert_eq!(out["properties"]["birthDate"], json!(["1954-01-01"]));
        let again = from_json(&out, Mode::Strict, query_source(), "q1").unwrap();
        assert_eq!(again.entity.properties, parsed.entity.properties);
    }
}
