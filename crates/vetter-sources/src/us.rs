//! United States beyond OFAC's own files: the trade.gov Consolidated Screening List (CSL,
//! CSV) and the BIS Denied Persons List (DPL, tab-separated text).
//!
//! **CSL.** One row per listed party of eleven lists of three agencies; the entity is
//! `us-csl-<_id>`, the `source` column gives the authority (Treasury → US OFAC, Bureau of
//! Industry and Security → US BIS, State Department → US State Department) and, for lists
//! without program codes (Entity List, DPL …), the program (the abbreviation in
//! parentheses). Multi-valued columns are `;`-separated; `ids` items are `type, number,
//! country`. Rows repeating the header are skipped; a row cut short (the provided file is a
//! partial extract whose last row is truncated) is read as far as it goes and reported.
//!
//! **DPL.** One row per denied person (`us-bis-dpl-<line>`; the list has no ids), with the
//! effective date as listing date and "Denial of export privileges" as measure.

use crate::table::{self, Row, Table};
use crate::{text, LoadedList, ParseReport, SourceError, SourceKind};
use std::path::Path;
use vetter_model::{country, Entity, Property, Schema};

/// Loads the trade.gov CSL CSV.
pub(crate) fn load_csl(path: &Path, version: Option<String>) -> Result<LoadedList, SourceError> {
    let kind = SourceKind::UsCsl;
    let raw = table::read_delimited(path, &crate::read_file(path)?, b',')?;
    let table = Table::with_header(path, kind, raw, |cells| {
        cells.first().is_some_and(|c| c == "_id") && cells.iter().any(|c| c == "alt_names")
    })?;
    let col = |n: &str| table.col(n);
    let id_col = table.require(kind, "_id")?;
    let name_col = table.require(kind, "name")?;
    let c = [
        "source",
        "type",
        "programs",
        "title",
        "addresses",
        "start_date",
        "call_sign",
        "vessel_type",
        "gross_registered_tonnage",
        "vessel_flag",
        "remarks",
        "alt_names",
        "citizenships",
        "dates_of_birth",
        "nationalities",
        "places_of_birth",
        "ids",
        "source_information_url",
    ]
    .map(col);
    let [source, type_, programs, title, addresses, start, call_sign, vessel_type, grt, flag, remarks, alt_names, citizenships, dobs, nationalities, pobs, ids, url] =
        c;
    let mut report = ParseReport::default();
    let mut entities = Vec::new();
    let mut records = 0;
    for row in &table.rows {
        if row.cells == table.header {
            continue;
        }
        records += 1;
        let location = table.location(row);
        if row.cells.len() < table.header.len() {
            report.reject(
                location.clone(),
                format!(
                    "truncated row: {} of {} columns (read as far as it goes)",
                    row.cells.len(),
                    table.header.len()
                ),
            );
        }
        let id = row.get(Some(id_col));
        let name = row.get(Some(name_col));
        if id.is_empty() || name.is_empty() {
            return Err(SourceError::malformed(location, "row without _id or name"));
        }
        let schema = match row.get(type_).to_ascii_lowercase().as_str() {
            "individual" => Schema::Person,
            "entity" => Schema::Organization,
            "vessel" => Schema::Vessel,
            "aircraft" => Schema::Airplane,
            _ => Schema::LegalEntity,
        };
        let (mut entity, s) = crate::listed_entity(
            format!("us-csl-{id}"),
            schema,
            kind.dataset().to_string(),
            id.to_string(),
            version.clone(),
        );
        entity.add(Property::Name, name, s);
        for alias in split(row, alt_names) {
            entity.add(Property::Alias, alias, s);
        }
        let source_text = row.get(source);
        let authority = if source_text.contains("Treasury") {
            "US OFAC"
        } else if source_text.contains("Bureau of Industry") {
            "US BIS"
        } else if source_text.contains("State Department") {
            "US State Department"
        } else {
            "US"
        };
        let listing_date = text::date(row.get(start), false);
        let mut program_list: Vec<&str> = split(row, programs).collect();
        if program_list.is_empty() || authority != "US OFAC" {
            // Lists without programs are the program: "Entity List (EL) - Bureau …" → EL.
            if let Some(abbr) = source_text
                .split_once('(')
                .and_then(|(_, rest)| rest.split_once(')'))
                .map(|(abbr, _)| abbr)
            {
                if program_list.is_empty() {
                    program_list.push(abbr);
                }
            }
        }
        for program in program_list {
            entity.add(Property::Program, program, s);
            entity.sanctions.push(crate::programs::sanction(
                authority,
                program,
                listing_date.clone(),
                &[],
                s,
            ));
        }
        entity.add(Property::Notes, source_text, s);
        let title_property = if schema == Schema::Person {
            Property::Position
        } else {
            Property::Notes
        };
        entity.add(title_property, row.get(title), s);
        for address in split(row, addresses) {
            entity.add(Property::Address, address, s);
            if let Some(code) = address.rsplit(", ").next().and_then(country::to_code) {
                entity.add(Property::Country, code, s);
            }
        }
        entity.add(Property::CallSign, row.get(call_sign), s);
        entity.add(Property::Type, row.get(vessel_type), s);
        entity.add(Property::GrossRegisteredTonnage, row.get(grt), s);
        if let Some(code) = country::to_code(row.get(flag)) {
            entity.add(Property::Flag, code, s);
        }
        entity.add(Property::Notes, row.get(remarks), s);
        for (column, property) in [
            (citizenships, Property::Citizenship),
            (nationalities, Property::Nationality),
        ] {
            for value in split(row, column) {
                match country::to_code(value) {
                    Some(code) => entity.add(property, code, s),
                    None if country::is_placeholder(value) => {}
                    None => report.reject(
                        location.clone(),
                        format!("unknown country {value:?} in {property}"),
                    ),
                }
            }
        }
        for dob in split(row, dobs) {
            match text::dates_lenient(dob, false) {
                Some(dates) => dates
                    .into_iter()
                    .for_each(|d| entity.add(Property::BirthDate, d, s)),
                None => report.reject(location.clone(), format!("invalid date of birth {dob:?}")),
            }
        }
        for pob in split(row, pobs) {
            entity.add(Property::BirthPlace, pob, s);
        }
        for item in split(row, ids) {
            let mut parts = item.splitn(3, ", ");
            let (id_type, number) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            add_identifier(&mut entity, id_type, number, s);
        }
        entity.add(Property::SourceUrl, row.get(url), s);
        if entity.schema == Schema::Organization && crate::ofac::is_company(&entity) {
            entity.schema = Schema::Company;
        }
        entities.push(entity);
    }
    report.records = records;
    Ok(LoadedList {
        kind,
        dataset: kind.dataset().to_string(),
        version,
        entities,
        report,
    })
}

fn split(row: &Row, column: Option<usize>) -> impl Iterator<Item = &str> {
    row.get(column)
        .split(';')
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// Maps an OFAC-style identifier type (`Passport`, `Tax ID No.`, `SWIFT/BIC` …) to a
/// property; other types are kept in `notes`.
pub(crate) fn add_identifier(entity: &mut Entity, id_type: &str, number: &str, s: u16) {
    if number.is_empty() {
        return;
    }
    let lower = id_type.to_ascii_lowercase();
    let property = if lower.contains("passport") {
        Some(Property::PassportNumber)
    } else if lower.starts_with("tax id") || lower.contains("v.a.t.") || lower == "inn" {
        Some(Property::TaxNumber)
    } else if lower.contains("registration") || lower.contains("uscc") {
        Some(Property::RegistrationNumber)
    } else if lower == "swift/bic" {
        Some(Property::SwiftBic)
    } else if lower == "legal entity number" {
        Some(Property::LeiCode)
    } else if lower == "website" {
        Some(Property::Website)
    } else if lower == "email address" {
        Some(Property::Email)
    } else if lower.contains("national id") || lower.contains("cedula") {
        Some(Property::IdNumber)
    } else if lower.contains("vessel registration") {
        Some(Property::ImoNumber)
    } else {
        None
    };
    match property {
        Some(property) => entity.add(property, number, s),
        None => entity.add(Property::Notes, format!("{id_type}: {number}"), s),
    }
}

/// Loads the BIS Denied Persons List (tab-separated, quoted, with a header row).
pub(crate) fn load_dpl(path: &Path, version: Option<String>) -> Result<LoadedList, SourceError> {
    let kind = SourceKind::UsBisDpl;
    let raw = table::read_delimited(path, &crate::read_file(path)?, b'\t')?;
    let table = Table::with_header(path, kind, raw, |cells| {
        cells.first().is_some_and(|c| c == "Name") && cells.iter().any(|c| c == "Effective_Date")
    })?;
    let name = table.require(kind, "Name")?;
    let col = |n: &str| table.col(n);
    let (
        street,
        city,
        state,
        country_col,
        postal,
        effective,
        expiration,
        order,
        updated,
        action,
        citation,
    ) = (
        col("Street_Address"),
        col("City"),
        col("State"),
        col("Country"),
        col("Postal_Code"),
        col("Effective_Date"),
        col("Expiration_Date"),
        col("Standard_Order"),
        col("Last_Update"),
        col("Action"),
        col("FR_Citation"),
    );
    // No version is inferred from `Last_Update`: the list holds typos such as 3033-09-30.
    let mut report = ParseReport::default();
    let mut entities = Vec::new();
    for row in &table.rows {
        let location = table.location(row);
        let name_text = row.get(Some(name));
        if name_text.is_empty() {
            return Err(SourceError::malformed(location, "row without Name"));
        }
        let (mut entity, s) = crate::listed_entity(
            format!("us-bis-dpl-{}", row.line),
            Schema::LegalEntity,
            kind.dataset().to_string(),
            row.line.to_string(),
            version.clone(),
        );
        entity.add(Property::Name, name_text, s);
        let address: Vec<&str> = [street, city, state, postal, country_col]
            .iter()
            .map(|c| row.get(*c))
            .filter(|v| !v.is_empty())
            .collect();
        entity.add(Property::Address, address.join(", "), s);
        let country_text = row.get(country_col);
        if !country_text.is_empty() {
            // A value that is no country (a US state code such as "NM") stays in the address.
            if let Some(code) = country::to_code(country_text) {
                entity.add(Property::Country, code, s);
            }
        }
        let effective_text = row.get(effective);
        let listing_date = text::date(effective_text, true);
        if listing_date.is_none() && !effective_text.is_empty() {
            report.reject(
                location.clone(),
                format!("invalid Effective_Date {effective_text:?}"),
            );
        }
        let last_update = row.get(updated);
        if !last_update.is_empty() {
            entity.add(Property::Notes, format!("Last update: {last_update}"), s);
        }
        entity.add(Property::Program, "DPL", s);
        entity.sanctions.push(crate::programs::sanction(
            "US BIS",
            "DPL",
            listing_date,
            &[],
            s,
        ));
        let expires = row.get(expiration);
        if !expires.is_empty() {
            entity.add(Property::Notes, format!("Expiration date: {expires}"), s);
        }
        if row.get(order) == "Y" {
            entity.add(Property::Notes, "Standard order", s);
        }
        for (label, column) in [("Action", action), ("Federal Register", citation)] {
            let value = row.get(column);
            if !value.is_empty() {
                entity.add(Property::Notes, format!("{label}: {value}"), s);
            }
        }
        if crate::ofac::is_company(&entity) {
            entity.schema = Schema::Company;
        }
        entities.push(entity);
    }
    report.records = entities.len();
    Ok(LoadedList {
        kind,
        dataset: kind.dataset().to_string(),
        version,
        entities,
        report,
    })
}
