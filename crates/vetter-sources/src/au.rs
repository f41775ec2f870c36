//! Australia: the DFAT consolidated list (`regulation8_consolidated.xlsx`).
//!
//! One row per name: the primary name row has a numeric `Reference` (`3`), its aliases and
//! original-script names share it with a letter suffix (`3a`, `3b`). Each base reference is
//! one entity `au-dfat-<Reference>`. The `Committees` column is the regime (UN committee or
//! Australian autonomous regime, including the 2021 thematic Magnitsky-style regimes for
//! human rights and corruption), the first date of `Listing Information` the listing date.

use crate::table::{self, Table};
use crate::{text, LoadedList, ParseReport, SourceError, SourceKind};
use std::collections::HashMap;
use std::path::Path;
use vetter_model::{Entity, Property, Schema};

const KIND: SourceKind = SourceKind::AuDfat;

/// Loads the DFAT consolidated list spreadsheet.
pub(crate) fn load(path: &Path, version: Option<String>) -> Result<LoadedList, SourceError> {
    let raw = table::read_sheet(path)?;
    let table = Table::with_header(path, KIND, raw, |cells| {
        cells.iter().any(|c| c == "Reference") && cells.iter().any(|c| c == "Name Type")
    })?;
    let reference = table.require(KIND, "Reference")?;
    let name = table.require(KIND, "Name of Individual or Entity")?;
    let col = |n: &str| table.col(n);
    let (kind_col, name_type, dob, pob, citizenship, address, info, listing, committees, control) = (
        col("Type"),
        col("Name Type"),
        col("Date of Birth"),
        col("Place of Birth"),
        col("Citizenship"),
        col("Address"),
        col("Additional Information"),
        col("Listing Information"),
        col("Committees"),
        col("Control Date"),
    );
    let version = version.or_else(|| {
        table
            .rows
            .iter()
            .map(|r| r.get(control))
            .filter(|d| d.len() == 10)
            .max()
            .map(str::to_string)
    });
    let mut report = ParseReport::default();
    let mut entities: Vec<Entity> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let location = table.location(row);
        let full_ref = row.get(Some(reference));
        let base: String = full_ref
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if base.is_empty() {
            return Err(SourceError::malformed(
                location,
                format!("Reference {full_ref:?} does not start with a number"),
            ));
        }
        let i = *index.entry(base.clone()).or_insert_with(|| {
            let schema = match row.get(kind_col).trim().to_ascii_lowercase().as_str() {
                "individual" => Schema::Person,
                _ => Schema::Organization,
            };
            let (entity, _s) = crate::listed_entity(
                format!("au-dfat-{base}"),
                schema,
                KIND.dataset().to_string(),
                base.clone(),
                version.clone(),
            );
            entities.push(entity);
            entities.len() - 1
        });
        let entity = &mut entities[i];
        let property = match row.get(name_type).trim().to_ascii_lowercase().as_str() {
            "primary name" => Property::Name,
            "aka" | "original script" => Property::Alias,
            "formerly known as" | "previously listed as" => Property::PreviousName,
            other => {
                report.reject(location.clone(), format!("unknown Name Type {other:?}"));
                Property::Alias
            }
        };
        entity.add(property, row.get(Some(name)), 0);
        let dob_text = row.get(dob);
        if !dob_text.is_empty() && !crate::text::is_na(dob_text) {
            match text::dates_lenient(dob_text, false) {
                Some(dates) => dates
                    .into_iter()
                    .for_each(|d| entity.add(Property::BirthDate, d, 0)),
                // An age without a year ("Approximately (30-35 years old)") is kept as text.
                None if text::has_no_year(dob_text) => {
                    entity.add(Property::Notes, format!("Date of birth: {dob_text}"), 0)
                }
                None => report.reject(
                    location.clone(),
                    format!("invalid Date of Birth {dob_text:?}"),
                ),
            }
        }
        for place in text::enumeration(row.get(pob)) {
            if !crate::text::is_na(&place) {
                entity.add(Property::BirthPlace, place, 0);
            }
        }
        let citizenship_text = row.get(citizenship);
        if !crate::text::is_na(citizenship_text) {
            let (codes, unknown) = text::countries(citizenship_text);
            for code in codes {
                entity.add(Property::Nationality, code, 0);
            }
            for part in unknown {
                report.reject(
                    location.clone(),
                    format!("unknown country {part:?} in Citizenship"),
                );
            }
        }
        for item in text::enumeration(row.get(address)) {
            if !crate::text::is_na(&item) {
                entity.add(Property::Address, item, 0);
            }
        }
        let info_text = row.get(info);
        if !crate::text::is_na(info_text) {
            entity.add(Property::Notes, info_text, 0);
        }
        let listing_text = row.get(listing);
        if !crate::text::is_na(listing_text) {
            entity.add(Property::Notes, listing_text, 0);
        }
        let listing_date = first_date(listing_text);
        let committee = row.get(committees);
        if !committee.is_empty() {
            entity.add(Property::Program, committee, 0);
            let sanction =
                crate::programs::sanction("Australia DFAT", committee, listing_date, &[], 0);
            if !entity
                .sanctions
                .iter()
                .any(|x| x.program == sanction.program)
            {
                entity.sanctions.push(sanction);
            }
        }
    }
    for entity in &mut entities {
        if entity.schema == Schema::Organization && crate::ofac::is_company(entity) {
            entity.schema = Schema::Company;
        }
        if entity.first(Property::Name).is_none() {
            if let Some(alias) = entity.first(Property::Alias).map(str::to_string) {
                entity.add(Property::Name, alias, 0);
            }
        }
    }
    report.records = table.rows.len();
    Ok(LoadedList {
        kind: KIND,
        dataset: KIND.dataset().to_string(),
        version,
        entities,
        report,
    })
}

/// The first date written as `25 January 2001`, `12 Apr. 2000` or `dd/mm/yyyy` in a text.
fn first_date(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        if word.contains('/') {
            if let Some(date) = text::date(word, false) {
                return Some(date);
            }
        }
        if i + 2 < words.len() && word.chars().all(|c| c.is_ascii_digit()) {
            let candidate = format!("{} {} {}", word, words[i + 1], words[i + 2]);
            if let Some(date) = text::date(&candidate, false) {
                return Some(date);
            }
        }
    }
    None
}
