//! Custom watchlists: a CSV (or TSV / `;`-separated) file with a header row and a mapping
//! from Vetter properties to its columns, so users can screen against internal lists.
//!
//! [`default_mapping`] maps common header names ([`DEFAULT_COLUMNS`]: `name`, `alias`,
//! `dob`/`birth_date`, `nationality`, `country`, `passport`, `id_number` …; case, spaces,
//! dashes and underscores do not matter). Besides the mapped properties, an `id` column
//! gives the entity id (`custom-<id>`, else `custom-<line>`) and a `schema`/`type` column the
//! schema (`Person`/`individual`, `Company`, `Organization`/`entity`, `Vessel` …; default
//! LegalEntity, or Person when a birth date is given). Cells of name, identifier and
//! country columns may hold several values separated by `;`.

use crate::table::{self, Table};
use crate::{text, LoadedList, Location, ParseReport, SourceError, SourceKind};
use std::path::Path;
use vetter_model::{Entity, Property, PropertyType, Schema, SourceRecord};

/// Header names (normalised: lower case, letters and digits only) recognised by
/// [`default_mapping`], with the property each maps to.
pub const DEFAULT_COLUMNS: &[(&str, Property)] = &[
    ("name", Property::Name),
    ("fullname", Property::Name),
    ("entityname", Property::Name),
    ("alias", Property::Alias),
    ("aliases", Property::Alias),
    ("aka", Property::Alias),
    ("othernames", Property::Alias),
    ("weakalias", Property::WeakAlias),
    ("previousname", Property::PreviousName),
    ("firstname", Property::FirstName),
    ("givenname", Property::FirstName),
    ("middlename", Property::MiddleName),
    ("lastname", Property::LastName),
    ("surname", Property::LastName),
    ("familyname", Property::LastName),
    ("fathername", Property::FatherName),
    ("birthdate", Property::BirthDate),
    ("dateofbirth", Property::BirthDate),
    ("dob", Property::BirthDate),
    ("birthplace", Property::BirthPlace),
    ("placeofbirth", Property::BirthPlace),
    ("pob", Property::BirthPlace),
    ("nationality", Property::Nationality),
    ("citizenship", Property::Citizenship),
    ("country", Property::Country),
    ("countries", Property::Country),
    ("jurisdiction", Property::Jurisdiction),
    ("gender", Property::Gender),
    ("sex", Property::Gender),
    ("idnumber", Property::IdNumber),
    ("nationalid", Property::IdNumber),
    ("identifier", Property::IdNumber),
    ("passport", Property::PassportNumber),
    ("passportnumber", Property::PassportNumber),
    ("taxnumber", Property::TaxNumber),
    ("registrationnumber", Property::RegistrationNumber),
    ("lei", Property::LeiCode),
    ("swift", Property::SwiftBic),
    ("imo", Property::ImoNumber),
    ("imonumber", Property::ImoNumber),
    ("address", Property::Address),
    ("email", Property::Email),
    ("phone", Property::Phone),
    ("position", Property::Position),
    ("program", Property::Program),
    ("notes", Property::Notes),
    ("remarks", Property::Notes),
    ("comment", Property::Notes),
];

fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The mapping of the columns of `header` that [`DEFAULT_COLUMNS`] knows, and of columns
/// named after a Vetter property (`birthDate`, `innCode` …).
pub fn default_mapping(header: &[String]) -> Vec<(Property, String)> {
    header
        .iter()
        .filter_map(|h| {
            let key = normalise(h);
            DEFAULT_COLUMNS
                .iter()
                .find(|(name, _)| *name == key)
                .map(|(_, p)| *p)
                .or_else(|| h.trim().parse::<Property>().ok())
                .map(|p| (p, h.clone()))
        })
        .collect()
}

fn delimiter(bytes: &[u8]) -> u8 {
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or(bytes);
    let count = |c: u8| first_line.iter().filter(|b| **b == c).count();
    [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|c| count(*c))
        .filter(|c| count(*c) > 0)
        .unwrap_or(b',')
}

/// The header row of a custom CSV file.
pub(crate) fn header(path: &Path, bytes: &[u8]) -> Result<Vec<String>, SourceError> {
    let rows = table::read_delimited(path, bytes, delimiter(bytes))?;
    Ok(rows.into_iter().next().map(|r| r.cells).unwrap_or_default())
}

/// Loads a custom watchlist: `mapping` pairs each property with the header of the column
/// that holds it (see [`default_mapping`]). A mapped column missing from the file is a
/// [`SourceError::Malformed`]; a row without any name is rejected (file and line).
pub fn load_custom(
    path: &Path,
    mapping: &[(Property, String)],
    version: Option<String>,
) -> Result<LoadedList, SourceError> {
    let kind = SourceKind::Custom;
    let bytes = crate::read_file(path)?;
    let format = crate::detect::sniff(&bytes[..bytes.len().min(512)], "csv");
    if format != crate::FileFormat::Csv {
        return Err(SourceError::WrongFormat {
            path: path.to_path_buf(),
            expected: kind,
            found: format.describe().into(),
        });
    }
    let raw = table::read_delimited(path, &bytes, delimiter(&bytes))?;
    let table = Table::with_header(path, kind, raw, |_| true)?;
    let mut columns = Vec::new();
    for (property, column) in mapping {
        let index = table.col(column).ok_or_else(|| {
            SourceError::malformed(
                Location::line(path, 1),
                format!("column {column:?} (mapped to {property}) is not in the header"),
            )
        })?;
        columns.push((*property, index));
    }
    if !columns.iter().any(|(p, _)| p.is_name()) {
        return Err(SourceError::malformed(
            Location::line(path, 1),
            "no column is mapped to a name (name, alias, first/last name …)",
        ));
    }
    let id_col = table.col("id");
    let schema_col = table.col("schema").or(table.col("type"));
    let mut report = ParseReport::default();
    let mut entities = Vec::new();
    for row in &table.rows {
        report.records += 1;
        let location = table.location(row);
        let id = match row.get(id_col) {
            "" => row.line.to_string(),
            id => id.to_string(),
        };
        let mut entity = Entity::new(format!("custom-{id}"), Schema::LegalEntity);
        let s = entity.add_source(SourceRecord {
            dataset: kind.dataset().to_string(),
            record_id: id.clone(),
            list_version: version.clone(),
        });
        for (property, index) in &columns {
            let cell = row.get(Some(*index));
            let values: Vec<&str> = match property.kind() {
                PropertyType::Text | PropertyType::Address => vec![cell],
                _ => cell.split(';').map(str::trim).collect(),
            };
            for value in values.into_iter().filter(|v| !v.is_empty()) {
                match property.kind() {
                    PropertyType::Date => match text::dates_lenient(value, false) {
                        Some(dates) => dates.into_iter().for_each(|d| entity.add(*property, d, s)),
                        None => report.reject(location.clone(), format!("invalid date {value:?}")),
                    },
                    PropertyType::Country => {
                        let (codes, unknown) = text::countries(value);
                        codes.into_iter().for_each(|c| entity.add(*property, c, s));
                        for part in unknown {
                            report.reject(location.clone(), format!("unknown country {part:?}"));
                        }
                    }
                    PropertyType::Gender => match value.to_ascii_lowercase().as_str() {
                        "m" | "male" => entity.add(*property, "male", s),
                        "f" | "female" => entity.add(*property, "female", s),
                        _ => report.reject(location.clone(), format!("unknown gender {value:?}")),
                    },
                    _ => entity.add(*property, value, s),
                }
            }
        }
        if entity.first(Property::Name).is_none() {
            let parts: Vec<&str> = [
                Property::FirstName,
                Property::MiddleName,
                Property::LastName,
            ]
            .iter()
            .filter_map(|p| entity.first(*p))
            .collect();
            let joined = parts.join(" ");
            let fallback = entity.first(Property::Alias).map(str::to_string);
            entity.add(
                Property::Name,
                if joined.is_empty() {
                    fallback.unwrap_or_default()
                } else {
                    joined
                },
                s,
            );
        }
        if entity.first(Property::Name).is_none() {
            report.reject(location, "row without a name: skipped");
            continue;
        }
        entity.schema = match row.get(schema_col).to_ascii_lowercase().as_str() {
            "" if entity.first(Property::BirthDate).is_some() => Schema::Person,
            "" => Schema::LegalEntity,
            "individual" | "person" => Schema::Person,
            "entity" | "organisation" | "organization" => Schema::Organization,
            "ship" | "vessel" => Schema::Vessel,
            other => other.parse().unwrap_or_else(|_| {
                report.reject(
                    location.clone(),
                    format!("unknown schema {other:?}, read as LegalEntity"),
                );
                Schema::LegalEntity
            }),
        };
        entities.push(entity);
    }
    Ok(LoadedList {
        kind,
        dataset: kind.dataset().to_string(),
        version,
        entities,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_mapping_and_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("watchlist.csv");
        std::fs::write(
            &path,
            "ID,Full Name,AKA,DOB,Nationality,Passport,Type\n\
             7,Kun KIM,KIM Kun;Kim Kun,01/01/1954,Cambodia,N0000259216,individual\n\
             8,,,,,,\n\
             9,Union Development Group,UDG,,Cambodia,,entity\n",
        )
        .unwrap();
        let header = header(&path, &std::fs::read(&path).unwrap()).unwrap();
        let mapping = default_mapping(&header);
        assert_eq!(mapping.len(), 5);
        let list = crate::load(SourceKind::Custom, &path, None).unwrap();
        assert_eq!(list.entities.len(), 2);
        assert_eq!(list.report.rejected.len(), 1);
        assert_eq!(list.report.rejected[0].location.line, Some(3));
        let kim = &list.entities[0];
        assert_eq!(kim.id, "custom-7");
        assert_eq!(kim.schema, Schema::Person);
        assert_eq!(
            kim.values(Property::Alias).collect::<Vec<_>>(),
            ["KIM Kun", "Kim Kun"]
        );
        assert_eq!(kim.first(Property::BirthDate), Some("1954-01-01"));
        assert_eq!(kim.first(Property::Nationality), Some("kh"));
        assert_eq!(kim.first(Property::PassportNumber), Some("N0000259216"));
        assert_eq!(list.entities[1].schema, Schema::Organization);
        let err = load_custom(&path, &[(Property::Name, "Nom".into())], None).unwrap_err();
        assert!(err.to_string().contains("\"Nom\""), "{err}");
    }
}
