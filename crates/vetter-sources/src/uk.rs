//! United Kingdom: the OFSI consolidated list (ConList, CSV and XLSX) and the FCDO UK
//! Sanctions List (the normalised CSV set `subjects.csv`, `subject_names.csv`,
//! `subject_dobs.csv`, `subject_identifiers.csv`).
//!
//! **OFSI.** The list has one row per name; rows with the same `Group ID` are one listed
//! party, read as the entity `gb-hmt-<Group ID>`. Name parts `Name 1`…`Name 5` (given names)
//! and `Name 6` (surname or entity name) are joined into the full name; the alias type
//! decides the property (`Prime Alias`/`Primary name` → name, `Primary name variation` and
//! `AKA` → alias, low-quality AKA → weak alias, `FKA` → previous name). Each regime is a
//! sanction with its `Listed On` date. UN reference numbers (`UN Ref QDe.004`, `(UN Ref):…`)
//! and UK Sanctions List references (`GHR0086`) in `Other Information` are kept as `notes`
//! values `UN reference: QDe.004` and `UK Sanctions List reference: GHR0086` (see
//! [`crate::un_reference`]) for merging across lists.
//!
//! **FCDO.** One entity `gb-fcdo-<unique id>` per subject; the regime is the prefix of the
//! unique id (`GHR0086` → Global Human Rights), the designation date the listing date.

use crate::table::{self, Row, Table};
use crate::{text, LoadedList, Location, ParseReport, SourceError, SourceKind};
use std::collections::HashMap;
use std::path::Path;
use vetter_model::{Entity, Property, Schema};

/// Prefix of the `notes` value that holds a UN Security Council reference number.
pub(crate) const UN_REFERENCE: &str = "UN reference: ";
/// Prefix of the `notes` value that holds a UK Sanctions List reference.
pub(crate) const UK_REFERENCE: &str = "UK Sanctions List reference: ";

/// Loads an OFSI ConList file, CSV (`spreadsheet` false) or XLSX.
pub(crate) fn load_ofsi(
    path: &Path,
    version: Option<String>,
    spreadsheet: bool,
) -> Result<LoadedList, SourceError> {
    let kind = SourceKind::UkOfsi;
    let raw = if spreadsheet {
        table::read_sheet(path)?
    } else {
        table::read_delimited(path, &crate::read_file(path)?, b',')?
    };
    let table = Table::with_header(path, kind, raw, |cells| {
        cells.iter().any(|c| c == "Group ID") && cells.iter().any(|c| c == "Name 6")
    })?;
    let version = version.or_else(|| {
        table
            .preamble
            .iter()
            .find(|r| r.cells.first().is_some_and(|c| c == "Last Updated"))
            .and_then(|r| text::date(r.get(Some(1)), false))
    });
    let col = |name: &str| table.col(name);
    let group_col = table.require(kind, "Group ID")?;
    let names: Vec<Option<usize>> = ["Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6"]
        .iter()
        .map(|n| col(n))
        .collect();
    let c = Columns {
        title: col("Title"),
        non_latin: col("Name Non-Latin Script"),
        dob: col("DOB"),
        town: col("Town of Birth"),
        birth_country: col("Country of Birth"),
        nationality: col("Nationality"),
        passport_number: col("Passport Number"),
        passport: col("Passport Details"),
        ni_number: col("NI Number").or(col("National Identification Number")),
        ni_details: col("National Identification Details"),
        position: col("Position"),
        addresses: [
            "Address 1",
            "Address 2",
            "Address 3",
            "Address 4",
            "Address 5",
            "Address 6",
            "Post/Zip Code",
        ]
        .iter()
        .map(|n| col(n))
        .collect(),
        country: col("Country"),
        other: col("Other Information"),
        group_type: col("Group Type"),
        alias_type: col("Alias Type"),
        alias_quality: col("Alias Quality"),
        regime: col("Regime"),
        listed_on: col("Listed On"),
    };
    let mut report = ParseReport::default();
    let mut entities: Vec<Entity> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let group = row.get(Some(group_col));
        if group.is_empty() {
            return Err(SourceError::malformed(
                table.location(row),
                "empty Group ID",
            ));
        }
        let location = table.location(row);
        let i = *index.entry(group.to_string()).or_insert_with(|| {
            let schema = match row.get(c.group_type).to_ascii_lowercase().as_str() {
                "individual" => Schema::Person,
                "ship" => Schema::Vessel,
                _ => Schema::Organization,
            };
            let (entity, _s) = crate::listed_entity(
                format!("gb-hmt-{group}"),
                schema,
                kind.dataset().to_string(),
                group.to_string(),
                version.clone(),
            );
            entities.push(entity);
            entities.len() - 1
        });
        ofsi_row(&mut entities[i], row, &names, &c, &location, &mut report);
    }
    for entity in &mut entities {
        if entity.schema == Schema::Organization && crate::ofac::is_company(entity) {
            entity.schema = Schema::Company;
        }
        if entity.first(Property::Name).is_none() {
            // A group whose rows are all aliases: its first alias is its name.
            if let Some(alias) = entity.first(Property::Alias).map(str::to_string) {
                entity.add(Property::Name, alias, 0);
            }
        }
    }
    report.records = table.rows.len();
    Ok(LoadedList {
        kind,
        dataset: kind.dataset().to_string(),
        version,
        entities,
        report,
    })
}

struct Columns {
    title: Option<usize>,
    non_latin: Option<usize>,
    dob: Option<usize>,
    town: Option<usize>,
    birth_country: Option<usize>,
    nationality: Option<usize>,
    passport_number: Option<usize>,
    passport: Option<usize>,
    ni_number: Option<usize>,
    ni_details: Option<usize>,
    position: Option<usize>,
    addresses: Vec<Option<usize>>,
    country: Option<usize>,
    other: Option<usize>,
    group_type: Option<usize>,
    alias_type: Option<usize>,
    alias_quality: Option<usize>,
    regime: Option<usize>,
    listed_on: Option<usize>,
}

fn ofsi_row(
    entity: &mut Entity,
    row: &Row,
    names: &[Option<usize>],
    c: &Columns,
    location: &Location,
    report: &mut ParseReport,
) {
    let s = 0;
    let parts: Vec<&str> = names
        .iter()
        .map(|n| row.get(*n))
        .filter(|p| !p.is_empty())
        .collect();
    let full = parts.join(" ");
    let alias_type = row.get(c.alias_type).to_ascii_lowercase();
    let low = row.get(c.alias_quality).eq_ignore_ascii_case("Low quality");
    let property = match alias_type.as_str() {
        "prime alias" | "primary name" => Property::Name,
        "fka" => Property::PreviousName,
        _ if low => Property::WeakAlias,
        "aka" | "primary name variation" | "" => Property::Alias,
        other => {
            report.reject(location.clone(), format!("unknown Alias Type {other:?}"));
            Property::Alias
        }
    };
    if full.is_empty() {
        report.reject(location.clone(), "name row without a name");
    }
    entity.add(property, &full, s);
    if property == Property::Name && entity.schema == Schema::Person {
        let last = row.get(names[5]);
        entity.add(Property::LastName, last, s);
        let given: Vec<&str> = names[..5]
            .iter()
            .map(|n| row.get(*n))
            .filter(|p| !p.is_empty())
            .collect();
        if let Some(first) = given.first() {
            entity.add(Property::FirstName, *first, s);
        }
    }
    entity.add(Property::Alias, row.get(c.non_latin), s);
    entity.add(Property::Title, row.get(c.title), s);
    let dob = row.get(c.dob);
    if !dob.is_empty() {
        match text::dates(dob, false) {
            Some(dates) => dates
                .into_iter()
                .for_each(|d| entity.add(Property::BirthDate, d, s)),
            None => report.reject(location.clone(), format!("invalid DOB {dob:?}")),
        }
    }
    let town = row.get(c.town);
    let birth_country = row.get(c.birth_country);
    let place = [town, birth_country]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    entity.add(Property::BirthPlace, place, s);
    countries(
        entity,
        Property::Nationality,
        row.get(c.nationality),
        location,
        report,
    );
    for passport in [row.get(c.passport_number)] {
        for item in text::enumeration(passport) {
            entity.add(Property::PassportNumber, item, s);
        }
    }
    let passport_details = row.get(c.passport);
    if !passport_details.is_empty() {
        if c.passport_number.is_none() {
            // 2018 CSV: "Passport No: 592667 (Qatari passport issued on 3 May 2007)."
            for item in text::enumeration(passport_details) {
                let number = item
                    .trim_start_matches("Passport No:")
                    .trim_start_matches("Passport Number:")
                    .trim();
                let number = number
                    .split([' ', '('])
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(['.', ',', ';']);
                entity.add(Property::PassportNumber, number, s);
            }
        }
        entity.add(Property::Notes, format!("Passport: {passport_details}"), s);
    }
    for item in text::enumeration(row.get(c.ni_number)) {
        entity.add(Property::IdNumber, item, s);
    }
    let ni_details = row.get(c.ni_details);
    if !ni_details.is_empty() {
        entity.add(
            Property::Notes,
            format!("National identification: {ni_details}"),
            s,
        );
    }
    entity.add(Property::Position, row.get(c.position), s);
    let address: Vec<&str> = c
        .addresses
        .iter()
        .map(|a| row.get(*a))
        .filter(|a| !a.is_empty())
        .collect();
    let country_text = row.get(c.country);
    if !address.is_empty() {
        let mut line = address.join(", ");
        if !country_text.is_empty() {
            line.push_str(", ");
            line.push_str(country_text);
        }
        entity.add(Property::Address, line, s);
    }
    countries(entity, Property::Country, country_text, location, report);
    let other = row.get(c.other);
    if !other.is_empty() {
        entity.add(Property::Notes, other, s);
        if let Some(reference) = un_reference_in(other) {
            entity.add(Property::Notes, format!("{UN_REFERENCE}{reference}"), s);
        }
        if let Some(reference) = labelled(other, "(UK Sanctions List Ref):") {
            entity.add(Property::Notes, format!("{UK_REFERENCE}{reference}"), s);
        }
        if let Some(gender) = labelled(other, "(Gender):") {
            match gender.to_ascii_lowercase().as_str() {
                "male" | "female" => entity.add(Property::Gender, gender.to_ascii_lowercase(), s),
                _ => {}
            }
        }
        if let Some(imo) = labelled(other, "(IMO number):") {
            entity.add(Property::ImoNumber, imo, s);
        }
    }
    let regime = row.get(c.regime);
    if !regime.is_empty() {
        let listed = row.get(c.listed_on);
        let listing_date = text::date(listed, false);
        if listing_date.is_none() && !listed.is_empty() {
            report.reject(location.clone(), format!("invalid Listed On {listed:?}"));
        }
        entity.add(Property::Program, regime, s);
        let sanction = crate::programs::sanction("UK", regime, listing_date, &[], s);
        if !entity
            .sanctions
            .iter()
            .any(|x| x.authority == sanction.authority && x.program == sanction.program)
        {
            entity.sanctions.push(sanction);
        }
    }
}

fn countries(
    entity: &mut Entity,
    property: Property,
    value: &str,
    location: &Location,
    report: &mut ParseReport,
) {
    let (codes, unknown) = text::countries(value);
    for code in codes {
        entity.add(property, code, 0);
    }
    for part in unknown {
        if property == Property::Country {
            // A place that is not a country ("Moscow", "Pyongyang"): keep it as an address.
            entity.add(Property::Address, part, 0);
        } else {
            report.reject(
                location.clone(),
                format!("unknown country {part:?} in {property}"),
            );
        }
    }
}

/// The value after `label` up to the next `.` followed by a space or `(`, trimmed.
fn labelled<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    let start = text.find(label)? + label.len();
    let rest = &text[start..];
    let end = rest
        .find(". ")
        .or_else(|| rest.find(" ("))
        .or_else(|| rest.find('('))
        .unwrap_or(rest.len());
    Some(rest[..end].trim().trim_end_matches('.')).filter(|v| !v.is_empty())
}

/// The UN reference number in an OFSI `Other Information` text (`UN Ref QDe.004`,
/// `(UN Ref):CFi.010`, `UN Reference Number: …`).
pub(crate) fn un_reference_in(text: &str) -> Option<String> {
    let start = text.find("UN Ref")? + "UN Ref".len();
    let rest = text[start..]
        .trim_start_matches("erence")
        .trim_start_matches(" Number")
        .trim_start_matches([')', ':', '.', ' ']);
    let token: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != ',' && *c != ';' && *c != '(')
        .collect();
    let token = token.trim_end_matches(['.', ')']);
    (token.contains('.') && token.chars().any(|c| c.is_ascii_digit())).then(|| token.to_string())
}

/// Loads the FCDO normalised CSV set from its directory.
pub(crate) fn load_fcdo(dir: &Path, version: Option<String>) -> Result<LoadedList, SourceError> {
    let kind = SourceKind::UkFcdo;
    let read = |name: &str| -> Result<Table, SourceError> {
        let path = dir.join(name);
        let raw = table::read_delimited(&path, &crate::read_file(&path)?, b',')?;
        Table::with_header(&path, kind, raw, |cells| {
            cells.iter().any(|c| c == "unique_id")
        })
    };
    let subjects = read("subjects.csv")?;
    let mut report = ParseReport::default();
    let mut entities = Vec::with_capacity(subjects.rows.len());
    let mut index = HashMap::new();
    let uid = subjects.require(kind, "unique_id")?;
    let (stype, un_ref, group, designated) = (
        subjects.col("subject_type"),
        subjects.col("un_reference_number"),
        subjects.col("ofsi_group_id"),
        subjects.col("date_designated"),
    );
    for row in &subjects.rows {
        let location = subjects.location(row);
        let id = row.get(Some(uid));
        let schema = match row.get(stype) {
            "individual" => Schema::Person,
            "entity" => Schema::Organization,
            "ship" => Schema::Vessel,
            other => {
                report.reject(location.clone(), format!("unknown subject_type {other:?}"));
                Schema::LegalEntity
            }
        };
        let (mut entity, s) = crate::listed_entity(
            format!("gb-fcdo-{id}"),
            schema,
            kind.dataset().to_string(),
            id.to_string(),
            version.clone(),
        );
        entity.add(Property::Notes, format!("{UK_REFERENCE}{id}"), s);
        let reference = row.get(un_ref);
        if !reference.is_empty() {
            entity.add(Property::Notes, format!("{UN_REFERENCE}{reference}"), s);
        }
        let group_id = row.get(group);
        if !group_id.is_empty() {
            entity.add(Property::Notes, format!("OFSI Group ID: {group_id}"), s);
        }
        let date_text = row.get(designated);
        let listing_date = text::date(date_text, false);
        if listing_date.is_none() && !date_text.is_empty() {
            report.reject(
                location.clone(),
                format!("invalid date_designated {date_text:?}"),
            );
        }
        let prefix: String = id.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        match crate::programs::program_info("UK", &prefix) {
            Some(info) => {
                entity.add(Property::Program, info.title, s);
                entity.sanctions.push(crate::programs::sanction(
                    "UK",
                    &prefix,
                    listing_date,
                    &[],
                    s,
                ));
            }
            None => report.reject(
                location.clone(),
                format!("unknown regime prefix {prefix:?}"),
            ),
        }
        if index.insert(id.to_string(), entities.len()).is_some() {
            return Err(SourceError::malformed(
                location,
                format!("duplicate unique_id {id}"),
            ));
        }
        entities.push(entity);
    }
    let names = read("subject_names.csv")?;
    let (nuid, ntype, strength, full) = (
        names.require(kind, "unique_id")?,
        names.col("name_type"),
        names.col("alias_strength"),
        names.require(kind, "full_name")?,
    );
    let (first, last) = (names.col("name_1"), names.col("name_6"));
    for row in &names.rows {
        let Some(&i) = index.get(row.get(Some(nuid))) else {
            report.orphan_rows += 1;
            continue;
        };
        let entity = &mut entities[i];
        let property = match (row.get(ntype), row.get(strength)) {
            ("primary", _) => Property::Name,
            (_, "low_quality_aka") => Property::WeakAlias,
            ("primary_variation" | "alias", _) => Property::Alias,
            (other, _) => {
                report.reject(names.location(row), format!("unknown name_type {other:?}"));
                Property::Alias
            }
        };
        entity.add(property, row.get(Some(full)), 0);
        if property == Property::Name && entity.schema == Schema::Person {
            entity.add(Property::FirstName, row.get(first), 0);
            entity.add(Property::LastName, row.get(last), 0);
        }
    }
    let dobs = read("subject_dobs.csv")?;
    let (duid, year, month, day) = (
        dobs.require(kind, "unique_id")?,
        dobs.col("year"),
        dobs.col("month"),
        dobs.col("day"),
    );
    for row in &dobs.rows {
        let Some(&i) = index.get(row.get(Some(duid))) else {
            report.orphan_rows += 1;
            continue;
        };
        let parts = [row.get(year), row.get(month), row.get(day)];
        let text = parts
            .iter()
            .take_while(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("-");
        match text.parse::<vetter_model::PartialDate>() {
            Ok(date) => entities[i].add(Property::BirthDate, date.to_string(), 0),
            // A month or day out of range ("invalid_month"): keep the year.
            Err(_) => match parts[0].parse::<vetter_model::PartialDate>() {
                Ok(date) => entities[i].add(Property::BirthDate, date.to_string(), 0),
                Err(e) => report.reject(dobs.location(row), e.to_string()),
            },
        }
    }
    let identifiers = read("subject_identifiers.csv")?;
    let (iuid, raw, itype, info) = (
        identifiers.require(kind, "unique_id")?,
        identifiers.col("raw_value"),
        identifiers.col("identifier_type"),
        identifiers.col("additional_info"),
    );
    for row in &identifiers.rows {
        let Some(&i) = index.get(row.get(Some(iuid))) else {
            report.orphan_rows += 1;
            continue;
        };
        let property = match row.get(itype) {
            "passport" => Property::PassportNumber,
            "national" => Property::IdNumber,
            "business_registration_numbers" => Property::RegistrationNumber,
            "imo" => Property::ImoNumber,
            other => {
                report.reject(
                    identifiers.location(row),
                    format!("unknown identifier_type {other:?}"),
                );
                continue;
            }
        };
        let value = row.get(raw);
        entities[i].add(property, value, 0);
        let detail = row.get(info);
        if !detail.is_empty() {
            entities[i].add(Property::Notes, format!("{value}: {detail}"), 0);
        }
    }
    for entity in &mut entities {
        if entity.schema == Schema::Organization && crate::ofac::is_company(entity) {
            entity.schema = Schema::Company;
        }
    }
    report.records = subjects.rows.len();
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
    fn un_references() {
        assert_eq!(un_reference_in("UN Ref QDe.004. Emir").unwrap(), "QDe.004");
        assert_eq!(
            un_reference_in("(UK Sanctions List Ref):CAF0011. (UN Ref):CFi.010. Ali").unwrap(),
            "CFi.010"
        );
        assert_eq!(un_reference_in("UN Ref: QDi.401 x").unwrap(), "QDi.401");
        assert!(un_reference_in("no reference").is_none());
    }
}
