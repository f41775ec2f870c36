//! Switzerland: the SECO sanctions list XML (`swiss-sanctions-list`).
//!
//! `sanctions-program` elements define programs (key, name) and their sanctions sets (the
//! measures: "Financial measures, annex 2", "Travel ban, annex 1"); each `target`
//! (`ch-seco-<ssid>`) refers to sanctions sets and describes an `individual`, `entity` or
//! `object` by its identities (names from ordered name parts, nationalities, dates of
//! birth, addresses).

use crate::xml::{self, Node};
use crate::{LoadedList, Location, ParseReport, SourceError, SourceKind};
use std::collections::HashMap;
use std::path::Path;
use vetter_model::{country, PartialDate, Property, Schema};

const KIND: SourceKind = SourceKind::ChSeco;

fn english<'a>(node: &'a Node, name: &'a str) -> Option<&'a str> {
    node.children(name)
        .find(|c| c.attr("lang") == Some("eng"))
        .or_else(|| node.child(name))
        .and_then(Node::own_text)
}

/// Loads a SECO XML file.
pub(crate) fn load(path: &Path, version: Option<String>) -> Result<LoadedList, SourceError> {
    let bytes = crate::read_file(path)?;
    let root = xml::parse(path, &bytes, KIND)?;
    xml::expect_root(path, &root, &["swiss-sanctions-list"], KIND)?;
    let version = version.or_else(|| root.attr("date").map(str::to_string));
    // sanctions-set ssid → (program key, measure).
    let mut sets: HashMap<&str, (&str, &str)> = HashMap::new();
    for program in root.children("sanctions-program") {
        let key = english(program, "program-key").unwrap_or("");
        for set in program.children("sanctions-set") {
            if set.attr("lang") == Some("eng") {
                if let (Some(ssid), Some(text)) = (set.attr("ssid"), set.own_text()) {
                    sets.insert(ssid, (key, text));
                }
            }
        }
    }
    let mut report = ParseReport::default();
    let mut entities = Vec::new();
    for target in root.children("target") {
        let ssid = target.attr("ssid").unwrap_or("");
        let location = Location {
            file: path.to_path_buf(),
            line: Some(target.line),
            element: Some(format!("target ssid={ssid}")),
        };
        if ssid.is_empty() {
            return Err(SourceError::malformed(location, "target without ssid"));
        }
        let (subject, schema) = if let Some(n) = target.child("individual") {
            (n, Schema::Person)
        } else if let Some(n) = target.child("entity") {
            (n, Schema::Organization)
        } else if let Some(n) = target.child("object") {
            let schema = match n.attr("object-type") {
                Some("vessel") => Schema::Vessel,
                Some("aircraft") => Schema::Airplane,
                _ => Schema::LegalEntity,
            };
            (n, schema)
        } else {
            return Err(SourceError::malformed(
                location,
                "target without individual, entity or object",
            ));
        };
        let (mut entity, s) = crate::listed_entity(
            format!("ch-seco-{ssid}"),
            schema,
            KIND.dataset().to_string(),
            ssid.to_string(),
            version.clone(),
        );
        match subject.attr("sex") {
            Some("male") => entity.add(Property::Gender, "male", s),
            Some("female") => entity.add(Property::Gender, "female", s),
            _ => {}
        }
        for identity in subject.children("identity") {
            let main = identity.attr("main") == Some("true");
            for name in identity.children("name") {
                let mut parts: Vec<(u32, &str)> = name
                    .children("name-part")
                    .filter_map(|p| {
                        let order = p.attr("order").and_then(|o| o.parse().ok()).unwrap_or(0);
                        p.text("value").map(|v| (order, v))
                    })
                    .collect();
                parts.sort_by_key(|(order, _)| *order);
                let full = parts.iter().map(|(_, v)| *v).collect::<Vec<_>>().join(" ");
                let property = match (name.attr("name-type"), name.attr("quality"), main) {
                    (_, Some("low"), _) => Property::WeakAlias,
                    (Some("primary-name"), _, true) => Property::Name,
                    (Some("formerly-known-as"), _, _) => Property::PreviousName,
                    _ => Property::Alias,
                };
                entity.add(property, full, s);
            }
            for nationality in identity.children("nationality") {
                if let Some(c) = nationality.child("country") {
                    let code = c
                        .attr("iso-code")
                        .and_then(country::to_code)
                        .or_else(|| c.own_text().and_then(country::to_code));
                    match code {
                        Some(code) => entity.add(Property::Nationality, code, s),
                        None => report.reject(location.clone(), "unknown nationality country"),
                    }
                }
            }
            for dob in identity.children("day-month-year") {
                let year = dob.attr("year").and_then(|y| y.parse::<u16>().ok());
                let month = dob.attr("month").and_then(|m| m.parse::<u8>().ok());
                let day = dob.attr("day").and_then(|d| d.parse::<u8>().ok());
                let date = match (year, month, day) {
                    (Some(y), Some(m), Some(d)) => PartialDate::ymd(y, m, d),
                    (Some(y), Some(m), None) => PartialDate::ym(y, m),
                    (Some(y), None, _) => Some(PartialDate::year(y)),
                    _ => None,
                };
                match date {
                    Some(date) => entity.add(Property::BirthDate, date.to_string(), s),
                    None => report.reject(location.clone(), "invalid day-month-year"),
                }
            }
            for address in identity.children("address") {
                let parts: Vec<&str> = address.children.iter().filter_map(Node::own_text).collect();
                entity.add(Property::Address, parts.join(", "), s);
                if let Some(code) = address
                    .child("country")
                    .and_then(|c| c.attr("iso-code"))
                    .and_then(country::to_code)
                {
                    entity.add(Property::Country, code, s);
                }
            }
        }
        for set in target.children("sanctions-set-id") {
            let Some(id) = set.own_text() else { continue };
            let Some((program, measure)) = sets.get(id) else {
                report.reject(location.clone(), format!("unknown sanctions-set-id {id}"));
                continue;
            };
            entity.add(Property::Program, *program, s);
            let measure = measure.split(',').next().unwrap_or(measure).trim();
            match entity.sanctions.iter_mut().find(|x| {
                crate::programs::program_info("Switzerland SECO", program)
                    .map_or(x.program == *program, |p| p.code == x.program)
            }) {
                Some(existing) => existing.measures.push(measure.to_string()),
                None => entity.sanctions.push(crate::programs::sanction(
                    "Switzerland SECO",
                    program,
                    None,
                    &[measure],
                    s,
                )),
            }
        }
        if let Some(modification) = target.child("modification") {
            if let Some(kind) = modification.attr("modification-type") {
                entity.add(Property::Notes, format!("Modification: {kind}"), s);
            }
        }
        entities.push(entity);
    }
    report.records = entities.len();
    Ok(LoadedList {
        kind: KIND,
        dataset: KIND.dataset().to_string(),
        version,
        entities,
        report,
    })
}
