//! OFAC lists in the classic XML format (`sdnList` of `sdnEntry` records), as published for
//! the non-SDN consolidated list (`consolidated.xml`).
//!
//! Each `sdnEntry` becomes an entity `ofac-cons-<uid>`: names as `LAST, First` like the CSV
//! files, `akaList` as aliases (weak or f.k.a. where stated), `idList` as identifiers by
//! type (passport, tax, registration, SWIFT, LEI, website, e-mail; other types are kept in
//! `notes`), addresses, nationality, citizenship, dates and places of birth, vessel data and
//! the remarks (parsed with the same rules as the CSV remarks).

use crate::ofac::{apply_remarks, resolve_links};
use crate::xml::{self, Node};
use crate::{LoadedList, Location, ParseReport, SourceError, SourceKind};
use std::path::Path;
use vetter_model::{country, Entity, Link, LinkKind, Property, Schema, SourceRecord};

const KIND: SourceKind = SourceKind::OfacCons;

/// Loads an OFAC XML file (`sdnList`); used for `ofac-cons` given an XML file.
pub(crate) fn load(path: &Path, version: Option<String>) -> Result<LoadedList, SourceError> {
    let bytes = crate::read_file(path)?;
    let root = xml::parse(path, &bytes, KIND)?;
    xml::expect_root(path, &root, &["sdnList"], KIND)?;
    let version = version.or_else(|| {
        root.path(&["publshInformation", "Publish_Date"])
            .first()
            .and_then(|n| n.own_text())
            .and_then(|d| crate::text::date(d, true))
    });
    let mut report = ParseReport::default();
    let mut entities = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for entry in root.children("sdnEntry") {
        let location = Location {
            file: path.to_path_buf(),
            line: Some(entry.line),
            element: Some(format!("sdnEntry uid={}", entry.text("uid").unwrap_or("?"))),
        };
        let entity = entry_entity(entry, &version, &location, &mut report)?;
        if !seen.insert(entity.id.clone()) {
            return Err(SourceError::malformed(location, "duplicate uid"));
        }
        entities.push(entity);
    }
    if let Some(count) = root
        .path(&["publshInformation", "Record_Count"])
        .first()
        .and_then(|n| n.own_text())
        .and_then(|c| c.parse::<usize>().ok())
    {
        if count != entities.len() {
            return Err(SourceError::malformed(
                Location::line(path, root.line),
                format!(
                    "Record_Count is {count} but the file has {} sdnEntry records (truncated?)",
                    entities.len()
                ),
            ));
        }
    }
    resolve_links(&mut entities);
    report.records = entities.len();
    Ok(LoadedList {
        kind: KIND,
        dataset: KIND.dataset().to_string(),
        version,
        entities,
        report,
    })
}

/// `LAST, First` as in the CSV files, or the last name alone.
fn full_name(node: &Node) -> Option<String> {
    match (node.text("lastName"), node.text("firstName")) {
        (Some(last), Some(first)) => Some(format!("{last}, {first}")),
        (Some(last), None) => Some(last.to_string()),
        (None, Some(first)) => Some(first.to_string()),
        (None, None) => None,
    }
}

fn entry_entity(
    entry: &Node,
    version: &Option<String>,
    location: &Location,
    report: &mut ParseReport,
) -> Result<Entity, SourceError> {
    let Some(uid) = entry.text("uid") else {
        return Err(SourceError::malformed(location.clone(), "missing uid"));
    };
    let Some(name) = full_name(entry) else {
        return Err(SourceError::malformed(location.clone(), "missing lastName"));
    };
    let schema = match entry
        .text("sdnType")
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "individual" => Schema::Person,
        "vessel" => Schema::Vessel,
        "aircraft" => Schema::Airplane,
        "entity" | "" => Schema::Organization,
        other => {
            report.reject(
                location.clone(),
                format!("unknown sdnType {other:?}, read as LegalEntity"),
            );
            Schema::LegalEntity
        }
    };
    let mut entity = Entity::new(format!("ofac-cons-{uid}"), schema);
    let s = entity.add_source(SourceRecord {
        dataset: KIND.dataset().to_string(),
        record_id: uid.to_string(),
        list_version: version.clone(),
    });
    entity.add(Property::Name, &name, s);
    entity.add(Property::Topics, "sanction", s);
    if schema == Schema::Person {
        entity.add(Property::LastName, entry.text("lastName").unwrap_or(""), s);
        entity.add(
            Property::FirstName,
            entry.text("firstName").unwrap_or(""),
            s,
        );
    }
    for program in entry.path(&["programList", "program"]) {
        if let Some(program) = program.own_text() {
            entity.add(Property::Program, program, s);
            entity
                .sanctions
                .push(crate::programs::sanction("US OFAC", program, None, &[], s));
        }
    }
    let title_property = if schema == Schema::Person {
        Property::Position
    } else {
        Property::Notes
    };
    entity.add(title_property, entry.text("title").unwrap_or(""), s);
    for aka in entry.path(&["akaList", "aka"]) {
        let Some(alias) = full_name(aka) else {
            continue;
        };
        let weak = aka.text("category") == Some("weak");
        let property = match aka.text("type").unwrap_or("a.k.a.") {
            "f.k.a." => Property::PreviousName,
            _ if weak => Property::WeakAlias,
            _ => Property::Alias,
        };
        entity.add(property, alias, s);
    }
    for id in entry.path(&["idList", "id"]) {
        identifier(&mut entity, id, location, report);
    }
    for address in entry.path(&["addressList", "address"]) {
        let parts: Vec<&str> = [
            "address1",
            "address2",
            "address3",
            "city",
            "stateOrProvince",
            "postalCode",
        ]
        .iter()
        .filter_map(|n| address.text(n))
        .collect();
        let country_text = address.text("country");
        if !parts.is_empty() {
            let mut line = parts.join(", ");
            if let Some(c) = country_text {
                line.push_str(", ");
                line.push_str(c);
            }
            entity.add(Property::Address, line, s);
        }
        if let Some(c) = country_text {
            add_country(&mut entity, Property::Country, c, location, report);
        }
    }
    for (list, property) in [
        (["nationalityList", "nationality"], Property::Nationality),
        (["citizenshipList", "citizenship"], Property::Citizenship),
    ] {
        for item in entry.path(&list) {
            if let Some(c) = item.text("country") {
                add_country(&mut entity, property, c, location, report);
            }
        }
    }
    for dob in entry.path(&["dateOfBirthList", "dateOfBirthItem"]) {
        let Some(text) = dob.text("dateOfBirth") else {
            continue;
        };
        match crate::remarks::parse_dates(text) {
            Some(dates) => dates
                .into_iter()
                .for_each(|d| entity.add(Property::BirthDate, d, s)),
            None => report.reject(location.clone(), format!("invalid dateOfBirth {text:?}")),
        }
    }
    for pob in entry.path(&["placeOfBirthList", "placeOfBirthItem"]) {
        entity.add(
            Property::BirthPlace,
            pob.text("placeOfBirth").unwrap_or(""),
            s,
        );
    }
    if let Some(vessel) = entry.child("vesselInfo") {
        entity.add(Property::CallSign, vessel.text("callSign").unwrap_or(""), s);
        entity.add(Property::Type, vessel.text("vesselType").unwrap_or(""), s);
        if let Some(flag) = vessel.text("vesselFlag") {
            add_country(&mut entity, Property::Flag, flag, location, report);
        }
        if let Some(tonnage) = vessel.text("tonnage") {
            entity.add(Property::Notes, format!("Tonnage: {tonnage}"), s);
        }
        entity.add(
            Property::GrossRegisteredTonnage,
            vessel.text("grossRegisteredTonnage").unwrap_or(""),
            s,
        );
        if let Some(owner) = vessel.text("vesselOwner") {
            entity.links.push(Link {
                kind: LinkKind::UnknownLink,
                target_id: None,
                target_name: owner.to_string(),
                detail: Some("owner/operator".into()),
                percentage: None,
                source: s,
            });
        }
    }
    apply_remarks(&mut entity, entry.text("remarks").unwrap_or(""), report);
    Ok(entity)
}

fn add_country(
    entity: &mut Entity,
    property: Property,
    text: &str,
    location: &Location,
    report: &mut ParseReport,
) {
    match country::to_code(text) {
        Some(code) => entity.add(property, code, 0),
        None if country::is_placeholder(text) || text.starts_with("Region:") => {}
        None => report.reject(
            location.clone(),
            format!("unknown country {text:?} in {property}"),
        ),
    }
}

/// Maps one `idList/id` to a property by its `idType`.
fn identifier(entity: &mut Entity, id: &Node, location: &Location, report: &mut ParseReport) {
    let kind = id
        .text("idType")
        .unwrap_or("")
        .trim_end_matches([':', ' ', '-']);
    let Some(number) = id.text("idNumber") else {
        return;
    };
    let lower = kind.to_ascii_lowercase();
    let property = match lower.as_str() {
        k if k.contains("passport") => Some(Property::PassportNumber),
        "tax id no." | "v.a.t. number" | "inn" => Some(Property::TaxNumber),
        "registration id"
        | "registration number"
        | "business registration number"
        | "public registration number"
        | "government gazette number"
        | "unified social credit code (uscc)"
        | "company number" => Some(Property::RegistrationNumber),
        "swift/bic" => Some(Property::SwiftBic),
        "legal entity number" => Some(Property::LeiCode),
        "website" => Some(Property::Website),
        "email address" => Some(Property::Email),
        "national id no." | "identification number" | "cedula no." | "d.n.i." => {
            Some(Property::IdNumber)
        }
        "vessel registration identification" => Some(Property::ImoNumber),
        "aircraft manufacturer's serial number (msn)" => Some(Property::SerialNumber),
        _ => None,
    };
    match (property, lower.as_str()) {
        (Some(property), _) => entity.add(property, number, 0),
        (None, "gender") => match number.to_ascii_lowercase().as_str() {
            "male" | "female" => entity.add(Property::Gender, number.to_ascii_lowercase(), 0),
            _ => report.reject(location.clone(), format!("unknown gender {number:?}")),
        },
        (None, "organization established date") => match crate::remarks::parse_dates(number) {
            Some(dates) => dates
                .into_iter()
                .for_each(|d| entity.add(Property::IncorporationDate, d, 0)),
            None => entity.add(Property::Notes, format!("{kind}: {number}"), 0),
        },
        (None, "nationality of registration") => {
            add_country(entity, Property::Jurisdiction, number, location, report)
        }
        (None, _) => {
            let issuer = id
                .text("idCountry")
                .map(|c| format!(" ({c})"))
                .unwrap_or_default();
            entity.add(Property::Notes, format!("{kind}: {number}{issuer}"), 0);
        }
    }
}
