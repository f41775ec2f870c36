//! European Union: sanctions from the EUR-Lex regulations, as extracted by OpenSanctions
//! (one CSV per regulation, named by CELEX number; columns `celex`, `recordId`,
//! `programKey`, `annex`, `measure`, `startDate`, `reason`, `schema` and FtM property
//! columns). A listed party may have several rows (one per measure); rows with the same
//! `celex`, `annex` and `recordId` (record ids restart in each annex) are one entity
//! `eu-<celex>-<annex slug>-<recordId>`, e.g. `eu-32020R1998-i-a-1`. Multiple values in a cell
//! are `;`-separated. `load` takes one CSV or a directory (all `*.csv` below it).

use crate::table::{self, Table};
use crate::{text, LoadedList, ParseReport, SourceError, SourceKind};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use vetter_model::{Entity, Property, PropertyType, Schema};

const KIND: SourceKind = SourceKind::EuEurlex;

fn csv_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), SourceError> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| SourceError::io(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for entry in entries {
            if entry.is_dir() {
                csv_files(&entry, out)?;
            } else if entry
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
            {
                out.push(entry);
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// Loads one EUR-Lex extract CSV or every CSV of a directory.
pub(crate) fn load(path: &Path, version: Option<String>) -> Result<LoadedList, SourceError> {
    let mut files = Vec::new();
    csv_files(path, &mut files)?;
    if files.is_empty() {
        return Err(SourceError::WrongFormat {
            path: path.to_path_buf(),
            expected: KIND,
            found: "a directory without CSV files".into(),
        });
    }
    let mut report = ParseReport::default();
    let mut entities: Vec<Entity> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for file in &files {
        let raw = table::read_delimited(file, &crate::read_file(file)?, b',')?;
        let table = Table::with_header(file, KIND, raw, |cells| {
            cells.first().is_some_and(|c| c == "celex") && cells.iter().any(|c| c == "recordId")
        })?;
        let celex = table.require(KIND, "celex")?;
        let record = table.require(KIND, "recordId")?;
        let col = |n: &str| table.col(n);
        let (program, measure, start, reason, schema_col, annex) = (
            col("programKey"),
            col("measure"),
            col("startDate"),
            col("reason"),
            col("schema"),
            col("annex"),
        );
        let properties: Vec<(usize, Property)> = table
            .header
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.parse::<Property>().ok().map(|p| (i, p)))
            .collect();
        for row in &table.rows {
            report.records += 1;
            let location = table.location(row);
            let key = format!(
                "{}-{}-{}",
                row.get(Some(celex)),
                text::slug(row.get(annex)),
                row.get(Some(record))
            );
            let schema = match row.get(schema_col) {
                "Person" => Schema::Person,
                "Company" => Schema::Company,
                "Organization" => Schema::Organization,
                "Vessel" => Schema::Vessel,
                "Airplane" => Schema::Airplane,
                // `Asset` (aircraft, property …) and `LegalEntity`.
                _ => Schema::LegalEntity,
            };
            let i = *index.entry(key.clone()).or_insert_with(|| {
                let (entity, _s) = crate::listed_entity(
                    format!("eu-{key}"),
                    schema,
                    KIND.dataset().to_string(),
                    key.clone(),
                    version.clone(),
                );
                entities.push(entity);
                entities.len() - 1
            });
            let entity = &mut entities[i];
            for (column, property) in &properties {
                let cell = row.get(Some(*column));
                if cell.is_empty() {
                    continue;
                }
                let values: Vec<&str> = if property.kind() == PropertyType::Text
                    || *property == Property::Address
                    || *property == Property::BirthPlace
                {
                    vec![cell]
                } else {
                    cell.split(';')
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                        .collect()
                };
                for value in values {
                    match property.kind() {
                        PropertyType::Date => match text::dates_lenient(value, false) {
                            Some(dates) => {
                                dates.into_iter().for_each(|d| entity.add(*property, d, 0))
                            }
                            None if text::has_no_year(value) => {
                                entity.add(Property::Notes, format!("{property}: {value}"), 0)
                            }
                            None => report.reject(
                                location.clone(),
                                format!("invalid date {value:?} in {property}"),
                            ),
                        },
                        PropertyType::Country => {
                            let (codes, unknown) = text::countries(value);
                            codes.into_iter().for_each(|c| entity.add(*property, c, 0));
                            for part in unknown {
                                if *property == Property::Country {
                                    entity.add(Property::Address, part, 0);
                                } else {
                                    // Kept readable; the cell holds something else (an id).
                                    entity.add(Property::Notes, format!("{property}: {part}"), 0);
                                    report.reject(
                                        location.clone(),
                                        format!("unknown country {part:?} in {property} (kept in notes)"),
                                    );
                                }
                            }
                        }
                        PropertyType::Gender => {
                            let gender = value.trim_end_matches('.').to_ascii_lowercase();
                            match gender.as_str() {
                                "male" | "female" => entity.add(*property, gender, 0),
                                _ => report
                                    .reject(location.clone(), format!("unknown gender {value:?}")),
                            }
                        }
                        _ => entity.add(*property, value, 0),
                    }
                }
            }
            let reason_text = row.get(reason);
            if !reason_text.is_empty() {
                entity.add(Property::Notes, reason_text, 0);
            }
            let program_key = row.get(program);
            if program_key.is_empty() {
                continue;
            }
            let start_text = row.get(start);
            let listing_date = text::date(start_text, false);
            if listing_date.is_none() && !start_text.is_empty() {
                report.reject(
                    location.clone(),
                    format!("invalid startDate {start_text:?}"),
                );
            }
            entity.add(Property::Program, program_key, 0);
            let measure_text = row.get(measure);
            match entity
                .sanctions
                .iter_mut()
                .find(|s| s.program == program_key)
            {
                Some(existing) => {
                    if !measure_text.is_empty()
                        && !existing.measures.iter().any(|m| m == measure_text)
                    {
                        existing.measures.push(measure_text.to_string());
                    }
                    if existing.listing_date.is_none() {
                        existing.listing_date = listing_date;
                    }
                }
                None => {
                    let stated: Vec<&str> = Some(measure_text)
                        .filter(|m| !m.is_empty())
                        .into_iter()
                        .collect();
                    entity.sanctions.push(crate::programs::sanction(
                        "EU Council",
                        program_key,
                        listing_date,
                        &stated,
                        0,
                    ));
                }
            }
            let annex_text = row.get(annex);
            if !annex_text.is_empty() {
                entity.add(
                    Property::Notes,
                    format!("Annex {annex_text} of {}", row.get(Some(celex))),
                    0,
                );
            }
        }
    }
    for entity in &mut entities {
        if entity.first(Property::Name).is_none() {
            if let Some(alias) = entity.first(Property::Alias).map(str::to_string) {
                entity.add(Property::Name, alias, 0);
            }
        }
    }
    Ok(LoadedList {
        kind: KIND,
        dataset: KIND.dataset().to_string(),
        version,
        entities,
        report,
    })
}
