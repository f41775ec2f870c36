//! OFAC Sanctions List Service `ENHANCED_XML` (`sanctionsData`): OFAC's current primary
//! format, covering SDN and non-SDN lists.
//!
//! Each `entity` becomes `ofac-<id>` (the ids are OFAC's ent_nums, as in the legacy CSV):
//! the primary name's primary (Latin) translation is the name, other names and
//! translations are aliases (low quality → weak alias, F.K.A. → previous name); programs
//! are sanctions with the publication date of the entity's list as listing date and the
//! sanctions types (`Block` …) as measures; features give dates and places of birth,
//! gender, nationality, citizenship, aircraft and vessel data; identity documents map to
//! identifier properties; relationships become links to `ofac-<entityId>`.

use crate::xml::{self, Node};
use crate::{LoadedList, Location, ParseReport, SourceError, SourceKind};
use std::path::Path;
use vetter_model::{country, Entity, Link, LinkKind, Property, Schema};

const KIND: SourceKind = SourceKind::OfacEnhanced;

/// Loads an ENHANCED_XML file.
pub(crate) fn load(path: &Path, version: Option<String>) -> Result<LoadedList, SourceError> {
    let bytes = crate::read_file(path)?;
    let root = xml::parse(path, &bytes, KIND)?;
    xml::expect_root(path, &root, &["sanctionsData"], KIND)?;
    let version = version.or_else(|| {
        root.path(&["publicationInfo", "dataAsOf"])
            .first()
            .and_then(|n| n.own_text())
            .map(|d| d.split('T').next().unwrap_or(d).to_string())
    });
    let mut report = ParseReport::default();
    let mut entities = Vec::new();
    for node in root.path(&["entities", "entity"]) {
        let id = node.attr("id").unwrap_or("");
        let location = Location {
            file: path.to_path_buf(),
            line: Some(node.line),
            element: Some(format!("entity id={id}")),
        };
        if id.is_empty() {
            return Err(SourceError::malformed(location, "entity without id"));
        }
        entities.push(entity(node, id, &version, &location, &mut report));
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

fn entity(
    node: &Node,
    id: &str,
    version: &Option<String>,
    location: &Location,
    report: &mut ParseReport,
) -> Entity {
    let entity_type = node
        .path(&["generalInfo", "entityType"])
        .first()
        .and_then(|n| n.own_text())
        .unwrap_or("")
        .to_ascii_lowercase();
    let schema = match entity_type.as_str() {
        "individual" => Schema::Person,
        "vessel" => Schema::Vessel,
        "aircraft" => Schema::Airplane,
        _ => Schema::Organization,
    };
    let (mut entity, s) = crate::listed_entity(
        format!("ofac-{id}"),
        schema,
        KIND.dataset().to_string(),
        id.to_string(),
        version.clone(),
    );
    for name in node.path(&["names", "name"]) {
        let primary = name.text("isPrimary") == Some("true");
        let low = name.text("isLowQuality") == Some("true");
        let alias_type = name.text("aliasType").unwrap_or("A.K.A.");
        for translation in name.path(&["translations", "translation"]) {
            let Some(full) = translation.text("formattedFullName") else {
                continue;
            };
            let full = full
                .trim_matches(['\u{202b}', '\u{202c}', '\u{200f}'])
                .trim();
            let main = translation.text("isPrimary") == Some("true");
            let property = if primary && main {
                Property::Name
            } else if alias_type == "F.K.A." {
                Property::PreviousName
            } else if low {
                Property::WeakAlias
            } else {
                Property::Alias
            };
            entity.add(property, full, s);
            if property == Property::Name && schema == Schema::Person {
                entity.add(
                    Property::FirstName,
                    translation.text("formattedFirstName").unwrap_or(""),
                    s,
                );
                entity.add(
                    Property::LastName,
                    translation.text("formattedLastName").unwrap_or(""),
                    s,
                );
            }
        }
    }
    let listing_date = node
        .path(&["sanctionsLists", "sanctionsList"])
        .iter()
        .filter_map(|l| l.attr("datePublished"))
        .min()
        .map(str::to_string);
    let measures: Vec<&str> = node
        .path(&["sanctionsTypes", "sanctionsType"])
        .iter()
        .filter_map(|t| t.own_text())
        .map(|t| {
            if t == "Block" {
                "Blocking of property and interests in property"
            } else {
                t
            }
        })
        .collect();
    for list in node.path(&["sanctionsLists", "sanctionsList"]) {
        entity.add(
            Property::Notes,
            format!("List: {}", list.own_text().unwrap_or("")),
            s,
        );
    }
    for program in node.path(&["sanctionsPrograms", "sanctionsProgram"]) {
        if let Some(program) = program.own_text() {
            entity.add(Property::Program, program, s);
            entity.sanctions.push(crate::programs::sanction(
                "US OFAC",
                program,
                listing_date.clone(),
                &measures,
                s,
            ));
        }
    }
    for authority in node.path(&["legalAuthorities", "legalAuthority"]) {
        entity.add(Property::Notes, authority.own_text().unwrap_or(""), s);
    }
    for address in node.path(&["addresses", "address"]) {
        let country_text = address.text("country");
        let mut parts: Vec<&str> = address
            .path(&["translations", "translation", "addressParts", "addressPart"])
            .iter()
            .filter_map(|p| p.text("value"))
            .collect();
        if !parts.is_empty() {
            parts.extend(country_text);
            entity.add(Property::Address, parts.join(", "), s);
        }
        if let Some(c) = country_text {
            add_country(&mut entity, Property::Country, c, location, report);
        }
    }
    for feature in node.path(&["features", "feature"]) {
        let kind = feature.text("type").unwrap_or("");
        let Some(value) = feature.text("value") else {
            continue;
        };
        match kind {
            "Birthdate" | "Organization Established Date" | "Aircraft Manufacture Date" => {
                let property = match kind {
                    "Birthdate" => Property::BirthDate,
                    "Organization Established Date" => Property::IncorporationDate,
                    _ => Property::BuildDate,
                };
                match crate::remarks::parse_dates(value)
                    .or_else(|| crate::text::dates_lenient(value, true))
                {
                    Some(dates) => dates.into_iter().for_each(|d| entity.add(property, d, s)),
                    None => report.reject(location.clone(), format!("invalid {kind} {value:?}")),
                }
            }
            "Gender" => match value.to_ascii_lowercase().as_str() {
                g @ ("male" | "female") => entity.add(Property::Gender, g, s),
                _ => report.reject(location.clone(), format!("unknown Gender {value:?}")),
            },
            "Nationality Country" => {
                add_country(&mut entity, Property::Nationality, value, location, report)
            }
            "Citizenship Country" => {
                add_country(&mut entity, Property::Citizenship, value, location, report)
            }
            "Place of Birth" => entity.add(Property::BirthPlace, value, s),
            "Aircraft Model" => entity.add(Property::Model, value, s),
            "Aircraft Manufacturer’s Serial Number (MSN)" => {
                entity.add(Property::SerialNumber, value, s)
            }
            "Vessel Call Sign" => entity.add(Property::CallSign, value, s),
            "Vessel Flag" => add_country(&mut entity, Property::Flag, value, location, report),
            "VESSEL TYPE" | "Vessel Type" => entity.add(Property::Type, value, s),
            "Website" => entity.add(Property::Website, value, s),
            "Email Address" => entity.add(Property::Email, value, s),
            "Phone Number" => entity.add(Property::Phone, value, s),
            "SWIFT/BIC" => entity.add(Property::SwiftBic, value, s),
            _ => entity.add(
                Property::Notes,
                format!("{} {value}", kind.trim_end_matches([' ', '-', ':'])),
                s,
            ),
        }
    }
    for document in node.path(&["identityDocuments", "identityDocument"]) {
        let kind = document.text("type").unwrap_or("");
        if let Some(number) = document.text("documentNumber") {
            crate::us::add_identifier(&mut entity, kind, number, s);
        }
    }
    for relationship in node.path(&["relationships", "relationship"]) {
        let Some(related) = relationship.child("relatedEntity") else {
            continue;
        };
        let detail = relationship.text("type").map(str::to_string);
        let kind = match detail.as_deref() {
            Some(d) if d.starts_with("Owned or Controlled") => LinkKind::Ownership,
            Some("Associate Of") => LinkKind::Associate,
            Some("Family member of") => LinkKind::Family,
            _ => LinkKind::UnknownLink,
        };
        entity.links.push(Link {
            kind,
            target_id: related.attr("entityId").map(|i| format!("ofac-{i}")),
            target_name: related.own_text().unwrap_or("").to_string(),
            detail,
            percentage: None,
            source: s,
        });
    }
    if entity.schema == Schema::Organization && crate::ofac::is_company(&entity) {
        entity.schema = Schema::Company;
    }
    entity
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
