//! Canada: the consolidated list of the Special Economic Measures Act (SEMA) and the
//! Justice for Victims of Corrupt Foreign Officials Act (JVCFOA, "Sergei Magnitsky Law"),
//! XML `data-set` of `record`s, in its 2020 form (`Entity`, `Title`, `DateOfBirth`) and its
//! 2025 form (`EntityOrShip`, `TitleOrShip`, `DateOfBirthOrShipBuildDate`,
//! `ShipIMONumber`, `DateOfListing`).
//!
//! Records carry no id; an entity is `ca-sema-<regime>-<schedule>-<item>` (slugs of the
//! English part of `Country`, of `Schedule` and of `Item`), unique in both files. The
//! `Country` element is the regime: a country (`Russia / Russie`) or a thematic regulation
//! (JVCFOR, Hamas terrorist attacks, extremist settler violence).

use crate::xml::{self, Node};
use crate::{text, LoadedList, Location, ParseReport, SourceError, SourceKind};
use std::collections::HashSet;
use std::path::Path;
use vetter_model::{Entity, Property, Schema};

const KIND: SourceKind = SourceKind::CaSema;

/// Loads a SEMA consolidated XML file (either format).
pub(crate) fn load(path: &Path, version: Option<String>) -> Result<LoadedList, SourceError> {
    let bytes = crate::read_file(path)?;
    let root = xml::parse(path, &bytes, KIND)?;
    xml::expect_root(path, &root, &["data-set"], KIND)?;
    let version = version.or_else(|| {
        root.children("record")
            .filter_map(|r| r.text("DateOfListing"))
            .filter_map(|d| text::date(d, false))
            .max()
    });
    let mut report = ParseReport::default();
    let mut entities = Vec::new();
    let mut ids = HashSet::new();
    for record in root.children("record") {
        let location = Location {
            file: path.to_path_buf(),
            line: Some(record.line),
            element: Some(format!(
                "record {} item {}",
                record.text("Country").unwrap_or("?"),
                record.text("Item").unwrap_or("?")
            )),
        };
        let entity = record_entity(record, &version, &location, &mut report)?;
        if !ids.insert(entity.id.clone()) {
            return Err(SourceError::malformed(
                location,
                format!("duplicate record {}", entity.id),
            ));
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

/// The English part of a bilingual `English / Français` text.
fn english(text: &str) -> &str {
    text.split(" / ").next().unwrap_or(text).trim()
}

fn record_entity(
    record: &Node,
    version: &Option<String>,
    location: &Location,
    report: &mut ParseReport,
) -> Result<Entity, SourceError> {
    let regime = english(record.text("Country").unwrap_or(""));
    let schedule = record.text("Schedule").unwrap_or("");
    let Some(item) = record.text("Item") else {
        return Err(SourceError::malformed(location.clone(), "missing Item"));
    };
    let program_code = crate::programs::program_info("Canada", regime).map(|p| p.code);
    let regime_slug = text::slug(program_code.unwrap_or(regime));
    let schedule_slug = text::slug(schedule);
    let id = if schedule_slug.is_empty() || schedule_slug == "n-a" {
        format!("ca-sema-{regime_slug}-{}", text::slug(item))
    } else {
        format!("ca-sema-{regime_slug}-{schedule_slug}-{}", text::slug(item))
    };
    let last = record.text("LastName");
    let given = record.text("GivenName");
    let organisation = record.text("EntityOrShip").or(record.text("Entity"));
    let imo = record.text("ShipIMONumber");
    let schema = if imo.is_some() {
        Schema::Vessel
    } else if last.is_some() || given.is_some() {
        Schema::Person
    } else {
        Schema::Organization
    };
    let (mut entity, s) = crate::listed_entity(
        id.clone(),
        schema,
        KIND.dataset().to_string(),
        id.trim_start_matches("ca-sema-").to_string(),
        version.clone(),
    );
    let name = match (schema, given, last, organisation) {
        (Schema::Person, Some(g), Some(l), _) => format!("{g} {l}"),
        (Schema::Person, g, l, _) => g.or(l).unwrap_or("").to_string(),
        (_, _, _, Some(o)) => o.to_string(),
        _ => String::new(),
    };
    if name.is_empty() {
        return Err(SourceError::malformed(
            location.clone(),
            "record without a name",
        ));
    }
    entity.add(Property::Name, &name, s);
    if schema == Schema::Person {
        entity.add(Property::FirstName, given.unwrap_or(""), s);
        entity.add(Property::LastName, last.unwrap_or(""), s);
    }
    if let Some(aliases) = record.text("Aliases") {
        for alias in aliases.split([',', ';']) {
            entity.add(Property::Alias, alias.trim(), s);
        }
    }
    let title = record.text("TitleOrShip").or(record.text("Title"));
    match (schema, title) {
        (Schema::Vessel, Some(t)) => entity.add(Property::Type, t, s),
        (_, Some(t)) => entity.add(Property::Title, t, s),
        _ => {}
    }
    if let Some(imo) = imo {
        entity.add(Property::ImoNumber, imo, s);
    }
    if let Some(date_text) = record
        .text("DateOfBirthOrShipBuildDate")
        .or(record.text("DateOfBirth"))
    {
        let property = if schema == Schema::Vessel {
            Property::BuildDate
        } else {
            Property::BirthDate
        };
        match text::dates(date_text, false) {
            Some(dates) => dates.into_iter().for_each(|d| entity.add(property, d, s)),
            None => report.reject(location.clone(), format!("invalid date {date_text:?}")),
        }
    }
    if !regime.is_empty() {
        let listed = record.text("DateOfListing");
        let listing_date = listed.and_then(|d| text::date(d, false));
        if let (Some(text), None) = (listed, &listing_date) {
            report.reject(location.clone(), format!("invalid DateOfListing {text:?}"));
        }
        entity.add(Property::Program, regime, s);
        entity.sanctions.push(crate::programs::sanction(
            "Canada",
            regime,
            listing_date,
            &[],
            s,
        ));
    }
    if !schedule.is_empty() {
        entity.add(
            Property::Notes,
            format!("Schedule {schedule}, item {item}"),
            s,
        );
    }
    if entity.schema == Schema::Organization && crate::ofac::is_company(&entity) {
        entity.schema = Schema::Company;
    }
    Ok(entity)
}
