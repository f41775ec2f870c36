//! OpenSanctions and FollowTheMoney exports: entity JSON lines (`entities.ftm.json`), the
//! nested targets export (`targets.nested.json`) and the simple targets CSV
//! (`targets.simple.csv`).
//!
//! * Thing entities of the screened schemata (Person, Organization, Company, LegalEntity,
//!   Vessel, Airplane) are read with [`vetter_model::ftm::from_json`] in lenient mode
//!   (properties Vetter does not know are skipped).
//! * `Sanction` entities become [`vetter_model::Sanction`]s of their `entity`.
//! * Relationship schemata become [`vetter_model::Link`]s on their source entity: Family
//!   (person → relative), Associate, Ownership (owner → asset), Directorship (director →
//!   organization), UnknownLink (subject → object), Employment, Membership, Representation.
//! * `Occupancy` adds the position's name to the holder's `position` property (and the
//!   `role.pep` topic); `Address` entities complete the `address` of the entities that
//!   refer to them; `Passport`/`Identification` add a document number to their holder.
//! * Any other schema (Position itself, Security, CryptoWallet …) is counted in
//!   [`crate::ParseReport::not_screened`].
//!
//! In the nested export, related entities are inlined as objects in property values; they
//! are read the same way. The dataset of an entity is the first of its `datasets`.

use crate::table::{self, Table};
use crate::{text, LoadedList, Location, ParseReport, SourceError, SourceKind};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;
use vetter_model::ftm::{from_json, Mode};
use vetter_model::{Entity, Link, LinkKind, Property, Schema, SourceRecord};

/// (schema, source property, target property, link kind).
const LINKS: &[(&str, &str, &str, LinkKind)] = &[
    ("Family", "person", "relative", LinkKind::Family),
    ("Associate", "person", "associate", LinkKind::Associate),
    ("Ownership", "owner", "asset", LinkKind::Ownership),
    (
        "Directorship",
        "director",
        "organization",
        LinkKind::Directorship,
    ),
    ("UnknownLink", "subject", "object", LinkKind::UnknownLink),
    ("Employment", "employee", "employer", LinkKind::UnknownLink),
    (
        "Membership",
        "member",
        "organization",
        LinkKind::UnknownLink,
    ),
    ("Representation", "agent", "client", LinkKind::UnknownLink),
];

fn strings<'a>(props: &'a Map<String, Value>, name: &str) -> Vec<&'a str> {
    match props.get(name) {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.as_str()),
                Value::Object(o) => o.get("id").and_then(Value::as_str),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn first<'a>(props: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    strings(props, name).into_iter().next()
}

fn is_thing(schema: &str) -> bool {
    schema.parse::<Schema>().is_ok()
}

/// A statement about another entity, applied after all lines are read.
enum Pending {
    Sanction {
        entity: String,
        sanction: vetter_model::Sanction,
    },
    Link {
        from: String,
        link: Link,
    },
    Value {
        entity: String,
        property: Property,
        value: String,
    },
    Position {
        holder: String,
        post: Option<String>,
    },
    Address {
        entity: String,
        address: String,
    },
    AddressRef {
        entity: String,
        address: String,
    },
}

struct Reader {
    kind: SourceKind,
    version: Option<String>,
    report: ParseReport,
    entities: Vec<Entity>,
    index: HashMap<String, usize>,
    captions: HashMap<String, String>,
    pending: Vec<Pending>,
    datasets: HashMap<String, usize>,
}

impl Reader {
    fn source(&mut self, object: &Map<String, Value>, id: &str) -> SourceRecord {
        let dataset = object
            .get("datasets")
            .and_then(Value::as_array)
            .and_then(|d| d.first())
            .and_then(Value::as_str)
            .unwrap_or(self.kind.dataset())
            .to_string();
        *self.datasets.entry(dataset.clone()).or_default() += 1;
        SourceRecord {
            dataset,
            record_id: id.to_string(),
            list_version: self.version.clone(),
        }
    }

    /// Reads one entity object (a line, or an object nested in a property value).
    fn object(&mut self, value: &Value, location: &Location) {
        let Some(object) = value.as_object() else {
            self.report
                .reject(location.clone(), "entity is not a JSON object");
            return;
        };
        let schema = object.get("schema").and_then(Value::as_str).unwrap_or("");
        let id = object
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let empty = Map::new();
        let props = object
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        if let Some(caption) = object
            .get("caption")
            .and_then(Value::as_str)
            .or_else(|| first(props, "name"))
        {
            self.captions.insert(id.clone(), caption.to_string());
        }
        // Nested objects first (targets.nested.json), remembering whom they belong to.
        let mut flat = Map::new();
        for (name, values) in props {
            let Some(items) = values.as_array() else {
                flat.insert(name.clone(), values.clone());
                continue;
            };
            let mut kept = Vec::new();
            for item in items {
                if item.is_object() {
                    self.nested(&id, name, item, location);
                } else {
                    kept.push(item.clone());
                }
            }
            flat.insert(name.clone(), Value::Array(kept));
        }
        if is_thing(schema) {
            for address in strings(props, "addressEntity") {
                self.pending.push(Pending::AddressRef {
                    entity: id.clone(),
                    address: address.to_string(),
                });
            }
            let mut clean = object.clone();
            clean.insert("properties".into(), Value::Object(flat));
            let source = self.source(object, &id);
            match from_json(&Value::Object(clean), Mode::Lenient, source, &id) {
                Ok(parsed) => {
                    let mut entity = parsed.entity;
                    if object.get("target").and_then(Value::as_bool) == Some(true)
                        && entity.first(Property::Topics).is_none()
                    {
                        entity.add(Property::Topics, "target", 0);
                    }
                    match self.index.get(&entity.id) {
                        Some(&i) => merge(&mut self.entities[i], entity),
                        None => {
                            self.index.insert(entity.id.clone(), self.entities.len());
                            self.entities.push(entity);
                        }
                    }
                }
                Err(e) => self
                    .report
                    .reject(location.clone(), format!("entity {id}: {e}")),
            }
            return;
        }
        match schema {
            "Sanction" => {
                let authority = first(&flat, "authority").unwrap_or("").to_string();
                let program = first(&flat, "program")
                    .or_else(|| first(&flat, "programId"))
                    .unwrap_or("")
                    .to_string();
                let listing_date = first(&flat, "listingDate")
                    .or_else(|| first(&flat, "startDate"))
                    .map(str::to_string);
                let measures: Vec<&str> = strings(&flat, "provisions");
                for entity in strings(&flat, "entity") {
                    let mut sanction = crate::programs::sanction(
                        &authority,
                        &program,
                        listing_date.clone(),
                        &measures,
                        0,
                    );
                    if sanction.authority.is_empty() {
                        sanction.authority = "unknown".into();
                    }
                    self.pending.push(Pending::Sanction {
                        entity: entity.to_string(),
                        sanction,
                    });
                }
            }
            "Occupancy" => {
                // The export may leave out the post; the holder still holds a position.
                let post = first(&flat, "post").map(str::to_string);
                for holder in strings(&flat, "holder") {
                    self.pending.push(Pending::Position {
                        holder: holder.to_string(),
                        post: post.clone(),
                    });
                }
                self.report.not_screened += 1;
            }
            "Address" => {
                if let Some(full) = first(&flat, "full") {
                    self.captions.insert(id.clone(), full.to_string());
                }
                self.report.not_screened += 1;
            }
            "Passport" | "Identification" => {
                let property = if schema == "Passport" {
                    Property::PassportNumber
                } else {
                    Property::IdNumber
                };
                if let (Some(holder), Some(number)) =
                    (first(&flat, "holder"), first(&flat, "number"))
                {
                    self.pending.push(Pending::Value {
                        entity: holder.to_string(),
                        property,
                        value: number.to_string(),
                    });
                }
                self.report.not_screened += 1;
            }
            _ => {
                if let Some((_, from, to, kind)) = LINKS.iter().find(|l| l.0 == schema) {
                    let detail = first(&flat, "relationship")
                        .or_else(|| first(&flat, "role"))
                        .map(str::to_string);
                    let percentage = (*kind == LinkKind::Ownership)
                        .then(|| first(&flat, "percentage").and_then(crate::text::percentage))
                        .flatten();
                    for source in strings(&flat, from) {
                        for target in strings(&flat, to) {
                            self.pending.push(Pending::Link {
                                from: source.to_string(),
                                link: Link {
                                    kind: *kind,
                                    target_id: Some(target.to_string()),
                                    target_name: String::new(),
                                    detail: detail.clone(),
                                    percentage: percentage.clone(),
                                    source: 0,
                                },
                            });
                        }
                    }
                } else {
                    self.report.not_screened += 1;
                }
            }
        }
    }

    /// An object nested in property `name` of entity `owner` (targets.nested.json).
    fn nested(&mut self, owner: &str, name: &str, item: &Value, location: &Location) {
        let mut item = item.clone();
        let schema = item
            .get("schema")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        // Make the back-reference explicit where the export leaves it out.
        if let Some(props) = item.get_mut("properties").and_then(Value::as_object_mut) {
            let back = match (schema.as_str(), name) {
                ("Sanction", _) => Some("entity"),
                ("Occupancy", _) => Some("holder"),
                ("Passport" | "Identification", _) => Some("holder"),
                ("Family", "familyPerson") => Some("person"),
                ("Family", "familyRelative") => Some("relative"),
                _ => None,
            };
            if let Some(back) = back {
                props
                    .entry(back.to_string())
                    .or_insert_with(|| Value::Array(vec![Value::String(owner.to_string())]));
            }
        }
        if schema == "Address" {
            if let Some(full) = item
                .get("properties")
                .and_then(Value::as_object)
                .and_then(|p| first(p, "full"))
            {
                self.pending.push(Pending::Address {
                    entity: owner.to_string(),
                    address: full.to_string(),
                });
            }
        }
        if is_thing(&schema) {
            // A related party: keep its caption for links, do not screen it twice.
            if let (Some(id), Some(caption)) = (
                item.get("id").and_then(Value::as_str),
                item.get("caption").and_then(Value::as_str),
            ) {
                self.captions.insert(id.to_string(), caption.to_string());
            }
            return;
        }
        self.object(&item, location);
    }

    fn finish(mut self) -> LoadedList {
        for pending in std::mem::take(&mut self.pending) {
            let target = match &pending {
                Pending::Sanction { entity, .. }
                | Pending::Value { entity, .. }
                | Pending::Address { entity, .. }
                | Pending::AddressRef { entity, .. } => entity,
                Pending::Link { from, .. } => from,
                Pending::Position { holder, .. } => holder,
            };
            let Some(&i) = self.index.get(target) else {
                self.report.orphan_rows += 1;
                continue;
            };
            let entity = &mut self.entities[i];
            match pending {
                Pending::Sanction { sanction, .. } => {
                    if !sanction.program.is_empty() {
                        entity.add(Property::Program, sanction.program.clone(), 0);
                    }
                    entity.sanctions.push(sanction);
                }
                Pending::Value {
                    property, value, ..
                } => entity.add(property, value, 0),
                Pending::Address { address, .. } => entity.add(Property::Address, address, 0),
                Pending::AddressRef { address, .. } => {
                    if let Some(full) = self.captions.get(&address) {
                        entity.add(Property::Address, full, 0);
                    }
                }
                Pending::Position { post, .. } => {
                    if let Some(post) = post {
                        let name = self.captions.get(&post).cloned().unwrap_or(post);
                        entity.add(Property::Position, name, 0);
                    }
                    entity.add(Property::Topics, "role.pep", 0);
                }
                Pending::Link { mut link, .. } => {
                    let id = link.target_id.clone().unwrap_or_default();
                    link.target_name = self
                        .captions
                        .get(&id)
                        .cloned()
                        .unwrap_or_else(|| id.clone());
                    if entity.links.iter().all(|l| l != &link) {
                        entity.links.push(link);
                    }
                }
            }
        }
        let dataset = self
            .datasets
            .iter()
            .max_by_key(|(name, n)| (**n, std::cmp::Reverse((*name).clone())))
            .map(|(name, _)| name.clone())
            .unwrap_or_else(|| self.kind.dataset().to_string());
        LoadedList {
            kind: self.kind,
            dataset,
            version: self.version,
            entities: self.entities,
            report: self.report,
        }
    }
}

/// Merges a second statement of the same entity id.
fn merge(into: &mut Entity, other: Entity) {
    for (property, statements) in other.properties {
        for s in statements {
            into.add(property, s.value, 0);
        }
    }
}

/// Loads FtM entity JSON lines (`ftm`) or OpenSanctions `targets.nested.json` (`os-nested`).
pub(crate) fn load(
    path: &Path,
    version: Option<String>,
    kind: SourceKind,
) -> Result<LoadedList, SourceError> {
    let bytes = crate::read_file(path)?;
    let text = table::decode(&bytes);
    let mut reader = Reader {
        kind,
        version,
        report: ParseReport::default(),
        entities: Vec::new(),
        index: HashMap::new(),
        captions: HashMap::new(),
        pending: Vec::new(),
        datasets: HashMap::new(),
    };
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        reader.report.records += 1;
        let location = Location::line(path, n as u64 + 1);
        match serde_json::from_str::<Value>(line) {
            Ok(value) => reader.object(&value, &location),
            Err(e) => {
                return Err(SourceError::malformed(
                    location,
                    format!("invalid JSON: {e}"),
                ));
            }
        }
    }
    Ok(reader.finish())
}

/// Loads an OpenSanctions `targets.simple.csv`: one row per target with `;`-separated
/// `aliases`, `birth_date`, `countries`, `addresses`, `identifiers`, `phones`, `emails`;
/// `sanctions` (free text) and `program_ids` become sanctions of the dataset.
pub(crate) fn load_simple(path: &Path, version: Option<String>) -> Result<LoadedList, SourceError> {
    let kind = SourceKind::OsSimple;
    let raw = table::read_delimited(path, &crate::read_file(path)?, b',')?;
    let table = Table::with_header(path, kind, raw, |cells| {
        cells.first().is_some_and(|c| c == "id") && cells.iter().any(|c| c == "schema")
    })?;
    let id_col = table.require(kind, "id")?;
    let schema_col = table.require(kind, "schema")?;
    let col = |n: &str| table.col(n);
    let [name, aliases, birth, countries, addresses, identifiers, sanctions, phones, emails, programs, dataset_col] =
        [
            "name",
            "aliases",
            "birth_date",
            "countries",
            "addresses",
            "identifiers",
            "sanctions",
            "phones",
            "emails",
            "program_ids",
            "dataset",
        ]
        .map(col);
    let mut report = ParseReport::default();
    let mut entities = Vec::new();
    let mut datasets: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        report.records += 1;
        let location = table.location(row);
        let id = row.get(Some(id_col));
        let Ok(schema) = row.get(Some(schema_col)).parse::<Schema>() else {
            report.not_screened += 1;
            continue;
        };
        let dataset = row.get(dataset_col).to_string();
        *datasets.entry(dataset.clone()).or_default() += 1;
        let mut entity = Entity::new(id, schema);
        let s = entity.add_source(SourceRecord {
            dataset: if dataset.is_empty() {
                kind.dataset().into()
            } else {
                dataset.clone()
            },
            record_id: id.to_string(),
            list_version: version.clone(),
        });
        entity.add(Property::Name, row.get(name), s);
        let split = |c| {
            row.get(c)
                .split(';')
                .map(str::trim)
                .filter(|v: &&str| !v.is_empty())
        };
        for alias in split(aliases) {
            entity.add(Property::Alias, alias, s);
        }
        for date in split(birth) {
            match text::date(date, false) {
                Some(d) => entity.add(Property::BirthDate, d, s),
                None => report.reject(location.clone(), format!("invalid birth_date {date:?}")),
            }
        }
        for c in split(countries) {
            match vetter_model::country::to_code(c) {
                Some(code) => entity.add(Property::Country, code, s),
                None => report.reject(location.clone(), format!("unknown country {c:?}")),
            }
        }
        for a in split(addresses) {
            entity.add(Property::Address, a, s);
        }
        for i in split(identifiers) {
            let property = if i.starts_with("IMO") && schema == Schema::Vessel {
                Property::ImoNumber
            } else {
                Property::IdNumber
            };
            entity.add(property, i, s);
        }
        for p in split(phones) {
            entity.add(Property::Phone, p, s);
        }
        for e in split(emails) {
            entity.add(Property::Email, e, s);
        }
        let sanction_text = row.get(sanctions).trim_matches('"').trim();
        let program_ids: Vec<&str> = split(programs).collect();
        if !sanction_text.is_empty() || !program_ids.is_empty() {
            entity.add(Property::Topics, "sanction", s);
            entity.add(Property::Notes, sanction_text, s);
            let program = program_ids.first().copied().unwrap_or(dataset.as_str());
            entity.add(Property::Program, program, s);
            entity
                .sanctions
                .push(crate::programs::sanction(&dataset, program, None, &[], s));
        }
        entities.push(entity);
    }
    let dataset = datasets
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(d, _)| d)
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| kind.dataset().to_string());
    Ok(LoadedList {
        kind,
        dataset,
        version,
        entities,
        report,
    })
}
