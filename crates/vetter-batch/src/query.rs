//! From a record and a mapping to a query entity, or the reason the record is rejected.

use crate::date::{self, DateOrder};
use crate::mapping::{is_name_part, Mapping, Target};
use crate::source::{Raw, RawRecord};
use serde_json::Value;
use vetter_model::{country, Entity, Property, PropertyType, Schema, SourceRecord};

/// A record ready to screen, with the values shown beside its alerts.
#[derive(Debug)]
pub(crate) struct Query {
    pub line: u64,
    pub row_id: String,
    /// The screened names, `; `-separated.
    pub name: String,
    /// Normalised birth dates, `;`-separated.
    pub birth_date: String,
    /// Country codes, `;`-separated.
    pub country: String,
    pub entity: Entity,
    /// Values that were ignored (unknown country …), for the summary.
    pub warnings: Vec<String>,
}

/// A record that is not screened.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reject {
    /// Line (CSV, JSON lines) or row (Parquet) of the record, from 1.
    pub line: u64,
    /// Why it was rejected.
    pub reason: String,
}

/// How a record becomes a query: the mapping resolved against the input's columns.
pub(crate) struct Resolver {
    /// `(target, column index, column name)`.
    columns: Vec<(Target, usize, String)>,
    default_schema: Schema,
    date_order: DateOrder,
    /// Whether name parts (first/last) are mapped: rows without a type are then persons.
    has_name_parts: bool,
}

impl Resolver {
    pub fn new(
        mapping: &Mapping,
        headers: &[String],
        default_schema: Schema,
        date_order: DateOrder,
    ) -> Self {
        let columns = mapping
            .columns
            .iter()
            .map(|(t, c)| {
                let index = headers.iter().position(|h| h == c).unwrap_or(usize::MAX);
                (*t, index, c.clone())
            })
            .collect();
        let has_name_parts = mapping
            .columns
            .iter()
            .any(|(t, _)| matches!(t, Target::Property(p) if is_name_part(*p)));
        Resolver {
            columns,
            default_schema,
            date_order,
            has_name_parts,
        }
    }

    /// Column indices the mapping reads.
    pub fn used_columns(&self) -> Vec<usize> {
        self.columns
            .iter()
            .map(|(_, i, _)| *i)
            .filter(|i| *i != usize::MAX)
            .collect()
    }

    /// Converts a record.
    pub fn convert(&self, record: RawRecord) -> Result<Query, Reject> {
        let line = record.line;
        let reject = |reason: String| Reject { line, reason };
        match record.raw {
            Raw::Bad(reason) => Err(reject(reason)),
            Raw::Entity(entity) => entity_query(line, *entity).map_err(reject),
            Raw::Values(values) => self
                .build(line, |_, index, _| {
                    values.get(index).map(|v| v.trim()).unwrap_or_default()
                })
                .map_err(reject),
            Raw::Object(object) => {
                let texts: Vec<String> = self
                    .columns
                    .iter()
                    .map(|(_, _, key)| json_text(object.get(key)))
                    .collect();
                self.build(line, |i, _, _| texts[i].trim()).map_err(reject)
            }
        }
    }

    /// Builds the query from a getter of the mapped values `(mapping position, column
    /// index, column name) → text`.
    fn build<'a>(
        &self,
        line: u64,
        get: impl Fn(usize, usize, &str) -> &'a str,
    ) -> Result<Query, String> {
        let value = |i: usize| {
            let (_, index, name) = &self.columns[i];
            get(i, *index, name)
        };
        let mut row_id = String::new();
        let mut schema = None;
        for (i, (target, _, _)) in self.columns.iter().enumerate() {
            let text = value(i);
            match target {
                Target::Id if row_id.is_empty() => row_id = text.to_string(),
                Target::Schema if schema.is_none() && !text.is_empty() => {
                    schema = Some(parse_schema(text)?);
                }
                _ => {}
            }
        }
        let schema = schema.unwrap_or(
            if self.default_schema == Schema::LegalEntity && self.has_name_parts {
                Schema::Person
            } else {
                self.default_schema
            },
        );
        if row_id.is_empty() {
            row_id = format!("line-{line}");
        }
        let mut entity = Entity::new(row_id.clone(), schema);
        let source = entity.add_source(SourceRecord {
            dataset: "query".into(),
            record_id: row_id.clone(),
            list_version: None,
        });
        let mut warnings = Vec::new();
        let mut parts: Vec<(Property, &str)> = Vec::new();
        for (i, (target, _, column)) in self.columns.iter().enumerate() {
            let Target::Property(property) = target else {
                continue;
            };
            let text = value(i);
            if text.is_empty() {
                continue;
            }
            match property.kind() {
                _ if is_name_part(*property) => parts.push((*property, text)),
                PropertyType::Name => {
                    // Aliases may be several, separated by `;` or `|`.
                    let values: Vec<&str> = if *property == Property::Name {
                        vec![text]
                    } else {
                        text.split([';', '|']).map(str::trim).collect()
                    };
                    for v in values.into_iter().filter(|v| !v.is_empty()) {
                        entity.add(*property, v, source);
                    }
                }
                PropertyType::Date => {
                    let date = date::normalise(text, self.date_order)
                        .map_err(|e| format!("{e} in column {column:?}"))?;
                    entity.add(*property, date.to_string(), source);
                }
                PropertyType::Country => {
                    for v in text.split([';', '|', ',']).map(str::trim) {
                        if v.is_empty() || country::is_placeholder(v) {
                            continue;
                        }
                        match country::to_code(v) {
                            Some(code) => entity.add(*property, code, source),
                            None => warnings.push(format!(
                                "unknown country {v:?} in column {column:?} ignored"
                            )),
                        }
                    }
                }
                PropertyType::Gender => {
                    let g = match text.to_ascii_lowercase().as_str() {
                        "m" | "male" | "man" => "male",
                        "f" | "female" | "woman" => "female",
                        _ => continue,
                    };
                    entity.add(*property, g, source);
                }
                _ => entity.add(*property, text, source),
            }
        }
        if entity.names().next().is_none() && !parts.is_empty() {
            // Given, middle and family names in the order they are written.
            let order = [
                Property::FirstName,
                Property::SecondName,
                Property::MiddleName,
                Property::FatherName,
                Property::LastName,
            ];
            let mut ordered = parts.clone();
            ordered.sort_by_key(|(p, _)| order.iter().position(|o| o == p));
            let full: Vec<&str> = ordered.iter().map(|(_, t)| *t).collect();
            entity.add(Property::Name, full.join(" "), source);
        }
        for (property, text) in parts {
            entity.add(property, text, source);
        }
        finish(line, row_id, entity, warnings)
    }
}

/// A query from an FtM entity (JSON lines).
fn entity_query(line: u64, entity: Entity) -> Result<Query, String> {
    let row_id = entity.id.clone();
    finish(line, row_id, entity, Vec::new())
}

fn finish(
    line: u64,
    row_id: String,
    entity: Entity,
    warnings: Vec<String>,
) -> Result<Query, String> {
    let names: Vec<&str> = entity.names().map(|(_, n)| n).collect();
    if names.iter().all(|n| n.trim().is_empty()) {
        return Err("empty name".into());
    }
    let name = names.join("; ");
    let birth_date = entity
        .values(Property::BirthDate)
        .collect::<Vec<_>>()
        .join(";");
    let mut countries: Vec<&str> = Vec::new();
    for p in [
        Property::Nationality,
        Property::Citizenship,
        Property::Country,
        Property::Jurisdiction,
    ] {
        for v in entity.values(p) {
            if !countries.contains(&v) {
                countries.push(v);
            }
        }
    }
    let country = countries.join(";");
    Ok(Query {
        line,
        row_id,
        name,
        birth_date,
        country,
        entity,
        warnings,
    })
}

/// The schema a customer file's type column names: FtM schema names, or `individual`,
/// `person`, `natural person`, `P`/`I` (Person), `company`, `corporate`, `business`, `C`/`B`
/// (Company), `organisation` (Organization), `entity`, `legal entity` (LegalEntity),
/// `vessel`, `ship`, `aircraft`.
fn parse_schema(text: &str) -> Result<Schema, String> {
    if let Ok(schema) = text.parse::<Schema>() {
        return Ok(schema);
    }
    let folded = crate::mapping::fold(text);
    Ok(match folded.as_str() {
        "individual" | "person" | "naturalperson" | "natural" | "p" | "i" | "ind" => Schema::Person,
        "company" | "corporate" | "corporation" | "business" | "c" | "b" | "corp" => {
            Schema::Company
        }
        "organisation" | "org" | "o" => Schema::Organization,
        "entity" | "legalentity" | "legalperson" | "e" => Schema::LegalEntity,
        "ship" | "vessel" | "v" => Schema::Vessel,
        "aircraft" | "airplane" | "plane" => Schema::Airplane,
        _ => return Err(format!("unknown entity type {text:?}")),
    })
}

/// Text of a flat JSON value: strings as they are, numbers and booleans printed, lists of
/// scalars joined with `;`, null empty.
fn json_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| json_text(Some(v)))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(";"),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolver(map: &str, headers: &[&str]) -> Resolver {
        let headers: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        Resolver::new(
            &Mapping::parse_pairs(map).unwrap(),
            &headers,
            Schema::LegalEntity,
            DateOrder::Unknown,
        )
    }

    fn row(line: u64, values: &[&str]) -> RawRecord {
        RawRecord {
            line,
            raw: Raw::Values(values.iter().map(|s| s.to_string()).collect()),
        }
    }

    #[test]
    fn builds_a_person_from_name_parts() {
        let r = resolver(
            "id=cid,firstName=first,lastName=last,birthDate=dob,nationality=nat",
            &["cid", "first", "last", "dob", "nat"],
        );
        let q = r
            .convert(row(2, &["C-1", "Try", "Pheap", "15/03/1960", "Cambodia"]))
            .unwrap();
        assert_eq!(q.row_id, "C-1");
        assert_eq!(q.entity.schema, Schema::Person);
        assert_eq!(q.name, "Try Pheap");
        assert_eq!(q.birth_date, "1960-03-15");
        assert_eq!(q.country, "kh");
    }

    #[test]
    fn rejects_empty_names_bad_dates_and_types() {
        let r = resolver("name=n,birthDate=dob,schema=t", &["n", "dob", "t"]);
        assert_eq!(
            r.convert(row(3, &["  ", "1960", ""])).unwrap_err(),
            Reject {
                line: 3,
                reason: "empty name".into()
            }
        );
        let err = r
            .convert(row(4, &["Kun Kim", "31/02/1960", ""]))
            .unwrap_err();
        assert_eq!(err.line, 4);
        assert!(
            err.reason.contains("bad date \"31/02/1960\""),
            "{}",
            err.reason
        );
        let err = r
            .convert(row(5, &["Kun Kim", "", "spaceship"]))
            .unwrap_err();
        assert!(err.reason.contains("unknown entity type"), "{}", err.reason);
        let q = r.convert(row(6, &["Kun Kim", "", "individual"])).unwrap();
        assert_eq!(q.entity.schema, Schema::Person);
        assert_eq!(q.row_id, "line-6");
    }

    #[test]
    fn unknown_countries_are_warnings() {
        let r = resolver("name=n,country=c", &["n", "c"]);
        let q = r
            .convert(row(2, &["Kun Kim", "Cambodia; Atlantis"]))
            .unwrap();
        assert_eq!(q.country, "kh");
        assert_eq!(q.warnings.len(), 1);
        assert!(q.warnings[0].contains("Atlantis"));
    }

    #[test]
    fn flat_json_objects_use_keys() {
        let r = resolver("name=full_name,birthDate=dob", &["full_name", "dob"]);
        let object = serde_json::json!({"full_name": "Kun Kim", "dob": 1954});
        let Value::Object(object) = object else {
            unreachable!()
        };
        let q = r
            .convert(RawRecord {
                line: 1,
                raw: Raw::Object(object),
            })
            .unwrap();
        assert_eq!(q.name, "Kun Kim");
        assert_eq!(q.birth_date, "1954");
    }
}
