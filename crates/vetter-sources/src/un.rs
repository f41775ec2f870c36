//! The UN Security Council consolidated list (XML).
//!
//! The file is read as a stream of events; each `INDIVIDUAL` and `ENTITY` element is
//! collected into a small tree and then mapped to an entity (`un-<REFERENCE_NUMBER>`):
//! individuals become Persons, entities Organizations.

use crate::{LoadedList, Location, ParseReport, SourceError, SourceKind};
use quick_xml::events::Event;
use std::io::Read;
use std::path::Path;
use vetter_model::{country, Entity, Property, Sanction, Schema};

/// Measures of every UN Security Council sanctions regime in the consolidated list.
const MEASURES: [&str; 3] = ["Asset freeze", "Travel ban", "Arms embargo"];

/// Loads the UN consolidated list from an XML file. The version defaults to the date of the
/// root element's `dateGenerated` attribute.
pub fn load_un(path: &Path, version: Option<String>) -> Result<LoadedList, SourceError> {
    let file = std::fs::File::open(path).map_err(|e| SourceError::io(path, e))?;
    load_un_from_reader(file, path, version)
}

/// Loads the UN consolidated list from a reader (e.g. `&bytes[..]` for a list embedded with
/// `include_bytes!`); `path` names the file in errors and reports.
pub fn load_un_from_reader(
    mut reader: impl Read,
    path: &Path,
    version: Option<String>,
) -> Result<LoadedList, SourceError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| SourceError::io(path, e))?;
    let mut list = Parser {
        path,
        bytes: &bytes,
        report: ParseReport::default(),
    }
    .parse(version)?;
    // "Son of … (TAi.040)", "Associated with … (QDe.004)" in the comments.
    crate::relations::add_list_links(&mut list);
    Ok(list)
}

/// An element with its text and children.
#[derive(Debug, Default)]
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child called `name`, if not empty.
    fn text<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        self.children(name)
            .map(|c| c.text.trim())
            .find(|t| !t.is_empty())
    }

    /// The texts of the `VALUE` children of the children called `name`.
    fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.children(name)
            .flat_map(|c| c.children("VALUE"))
            .map(|v| v.text.trim())
            .filter(|t| !t.is_empty())
    }
}

struct Parser<'a> {
    path: &'a Path,
    bytes: &'a [u8],
    report: ParseReport,
}

impl Parser<'_> {
    fn line_at(&self, offset: u64) -> u64 {
        let end = (offset as usize).min(self.bytes.len());
        self.bytes[..end].iter().filter(|b| **b == b'\n').count() as u64 + 1
    }

    fn location(&self, offset: u64, element: Option<String>) -> Location {
        Location {
            file: self.path.to_path_buf(),
            line: Some(self.line_at(offset)),
            element,
        }
    }

    fn parse(mut self, version: Option<String>) -> Result<LoadedList, SourceError> {
        let mut reader = quick_xml::Reader::from_reader(self.bytes);
        reader.config_mut().check_end_names = true;
        let mut buf = Vec::new();
        let mut version = version;
        let mut stack: Vec<Node> = Vec::new();
        let mut root_seen = false;
        let mut root_closed = false;
        let mut record_start = 0;
        let mut entities = Vec::new();
        loop {
            let offset = reader.buffer_position();
            let event = reader.read_event_into(&mut buf).map_err(|e| {
                let element = stack.first().map(describe);
                SourceError::malformed(
                    self.location(reader.error_position(), element),
                    format!("invalid XML: {e}"),
                )
            })?;
            match event {
                Event::Start(start) | Event::Empty(start) if !root_seen => {
                    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                    if name != "CONSOLIDATED_LIST" {
                        return Err(SourceError::WrongFormat {
                            path: self.path.to_path_buf(),
                            expected: SourceKind::Un,
                            found: format!("root element <{name}>"),
                        });
                    }
                    root_seen = true;
                    if version.is_none() {
                        version = start
                            .try_get_attribute("dateGenerated")
                            .ok()
                            .flatten()
                            .and_then(|a| a.decode_and_unescape_value(reader.decoder()).ok())
                            .map(|v| v.split('T').next().unwrap_or_default().to_string());
                    }
                }
                Event::Start(start) => {
                    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                    if stack.is_empty() && (name == "INDIVIDUAL" || name == "ENTITY") {
                        record_start = offset;
                    }
                    if !stack.is_empty() || name == "INDIVIDUAL" || name == "ENTITY" {
                        stack.push(Node {
                            name,
                            ..Node::default()
                        });
                    }
                }
                Event::Empty(start) => {
                    if let Some(parent) = stack.last_mut() {
                        let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                        parent.children.push(Node {
                            name,
                            ..Node::default()
                        });
                    }
                }
                Event::Text(text) => {
                    if let Some(node) = stack.last_mut() {
                        let text = text.unescape().map_err(|e| {
                            SourceError::malformed(self.location(offset, None), e.to_string())
                        })?;
                        node.text.push_str(&text);
                    }
                }
                Event::CData(data) => {
                    if let Some(node) = stack.last_mut() {
                        node.text.push_str(&String::from_utf8_lossy(&data));
                    }
                }
                Event::End(end) => {
                    if end.name().as_ref() == b"CONSOLIDATED_LIST" {
                        root_closed = true;
                    }
                    if let Some(node) = stack.pop() {
                        match stack.last_mut() {
                            Some(parent) => parent.children.push(node),
                            None => {
                                let location = self.location(record_start, Some(describe(&node)));
                                entities.push(self.record(&node, &version, location)?);
                            }
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        if !root_seen {
            return Err(SourceError::WrongFormat {
                path: self.path.to_path_buf(),
                expected: SourceKind::Un,
                found: "no XML root element".into(),
            });
        }
        if !root_closed {
            let element = stack
                .first()
                .map(describe)
                .unwrap_or_else(|| "CONSOLIDATED_LIST".into());
            return Err(SourceError::malformed(
                self.location(self.bytes.len() as u64, Some(element)),
                "unexpected end of file (truncated XML)",
            ));
        }
        self.report.records = entities.len();
        Ok(LoadedList {
            kind: SourceKind::Un,
            dataset: SourceKind::Un.dataset().to_string(),
            version,
            entities,
            report: self.report,
        })
    }

    fn record(
        &mut self,
        node: &Node,
        version: &Option<String>,
        location: Location,
    ) -> Result<Entity, SourceError> {
        let Some(reference) = node.text("REFERENCE_NUMBER") else {
            return Err(SourceError::malformed(location, "missing REFERENCE_NUMBER"));
        };
        let person = node.name == "INDIVIDUAL";
        let schema = if person {
            Schema::Person
        } else {
            Schema::Organization
        };
        let (mut entity, s) = crate::listed_entity(
            format!("un-{reference}"),
            schema,
            SourceKind::Un.dataset().to_string(),
            reference.to_string(),
            version.clone(),
        );

        let parts: Vec<&str> = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
            .iter()
            .filter_map(|n| node.text(n))
            .collect();
        if parts.is_empty() {
            return Err(SourceError::malformed(location, "missing FIRST_NAME"));
        }
        entity.add(Property::Name, parts.join(" "), s);
        if person {
            entity.add(Property::FirstName, parts[0], s);
            if parts.len() > 2 {
                entity.add(Property::MiddleName, parts[1..parts.len() - 1].join(" "), s);
            }
            if parts.len() > 1 {
                entity.add(Property::LastName, parts[parts.len() - 1], s);
            }
        }
        if let Some(original) = node.text("NAME_ORIGINAL_SCRIPT") {
            entity.add(Property::Alias, original, s);
        }
        let alias_tag = if person {
            "INDIVIDUAL_ALIAS"
        } else {
            "ENTITY_ALIAS"
        };
        for alias in node.children(alias_tag) {
            let Some(name) = alias.text("ALIAS_NAME") else {
                continue;
            };
            let property = match alias.text("QUALITY").unwrap_or("Good") {
                "Low" | "Bad" => Property::WeakAlias,
                "f.k.a." => Property::PreviousName,
                _ => Property::Alias,
            };
            entity.add(property, name, s);
        }
        if let Some(gender) = node.text("GENDER") {
            match gender.to_ascii_lowercase().as_str() {
                "male" => entity.add(Property::Gender, "male", s),
                "female" => entity.add(Property::Gender, "female", s),
                _ => self
                    .report
                    .reject(location.clone(), format!("unknown GENDER {gender:?}")),
            }
        }
        for title in node.values("TITLE") {
            entity.add(Property::Title, title, s);
        }
        for designation in node.values("DESIGNATION") {
            entity.add(Property::Position, designation, s);
        }
        for nationality in node.values("NATIONALITY") {
            self.country(&mut entity, Property::Nationality, nationality, &location);
        }
        for dob in node.children("INDIVIDUAL_DATE_OF_BIRTH") {
            self.birth_date(&mut entity, dob, &location);
        }
        for pob in node.children("INDIVIDUAL_PLACE_OF_BIRTH") {
            let place = join(pob, &["CITY", "STATE_PROVINCE", "COUNTRY"]);
            entity.add(Property::BirthPlace, place, s);
        }
        for document in node.children("INDIVIDUAL_DOCUMENT") {
            let Some(number) = document.text("NUMBER") else {
                continue;
            };
            let kind = [
                document.text("TYPE_OF_DOCUMENT"),
                document.text("TYPE_OF_DOCUMENT2"),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
            let is_passport = ["passport", "passeport", "pasaporte"]
                .iter()
                .any(|p| kind.contains(p));
            let property = if is_passport {
                Property::PassportNumber
            } else {
                Property::IdNumber
            };
            entity.add(property, number, s);
        }
        let address_tag = if person {
            "INDIVIDUAL_ADDRESS"
        } else {
            "ENTITY_ADDRESS"
        };
        for address in node.children(address_tag) {
            let parts = ["STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE"];
            if parts.iter().any(|p| address.text(p).is_some()) {
                let line = join(
                    address,
                    &["STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"],
                );
                entity.add(Property::Address, line, s);
            }
            if let Some(note) = address.text("NOTE") {
                entity.add(Property::Notes, note, s);
            }
        }
        for country_text in node
            .children(address_tag)
            .filter_map(|a| a.text("COUNTRY"))
            .collect::<Vec<_>>()
        {
            self.country(&mut entity, Property::Country, country_text, &location);
        }
        if let Some(comments) = node.text("COMMENTS1") {
            entity.add(Property::Notes, comments, s);
        }
        if let Some(program) = node.text("UN_LIST_TYPE") {
            entity.add(Property::Program, program, s);
            entity.sanctions.push(Sanction {
                authority: "UN Security Council".into(),
                program: program.to_string(),
                listing_date: node.text("LISTED_ON").map(str::to_string),
                measures: MEASURES.iter().map(|m| m.to_string()).collect(),
                source: s,
            });
        }
        Ok(entity)
    }

    fn country(
        &mut self,
        entity: &mut Entity,
        property: Property,
        text: &str,
        location: &Location,
    ) {
        match country::to_code(text) {
            Some(code) => entity.add(property, code, 0),
            None if country::is_placeholder(text) => {}
            None => self.report.reject(
                location.clone(),
                format!("unknown country {text:?} in {property}"),
            ),
        }
    }

    fn birth_date(&mut self, entity: &mut Entity, dob: &Node, location: &Location) {
        let kind = dob.text("TYPE_OF_DATE").unwrap_or("EXACT");
        let mut dates = Vec::new();
        if let (Some(from), Some(to)) = (dob.text("FROM_YEAR"), dob.text("TO_YEAR")) {
            match (from.parse::<u16>(), to.parse::<u16>()) {
                (Ok(from), Ok(to)) if from <= to && to - from <= 50 => {
                    dates.extend((from..=to).map(|y| y.to_string()));
                }
                _ => self.report.reject(
                    location.clone(),
                    format!("invalid date of birth range {from}–{to}"),
                ),
            }
        }
        for text in [dob.text("DATE"), dob.text("YEAR")].into_iter().flatten() {
            match text.parse::<vetter_model::PartialDate>() {
                // An approximate full date only tells the year.
                Ok(date) if kind == "APPROXIMATELY" => dates.push(date.year.to_string()),
                Ok(date) => dates.push(date.to_string()),
                Err(e) => self.report.reject(location.clone(), e.to_string()),
            }
        }
        for date in dates {
            entity.add(Property::BirthDate, date, 0);
        }
    }
}

/// `INDIVIDUAL REFERENCE_NUMBER=QDi.001` (or the DATAID when there is no reference yet).
fn describe(node: &Node) -> String {
    match (node.text("REFERENCE_NUMBER"), node.text("DATAID")) {
        (Some(reference), _) => format!("{} REFERENCE_NUMBER={reference}", node.name),
        (None, Some(id)) => format!("{} DATAID={id}", node.name),
        (None, None) => node.name.clone(),
    }
}

/// The non-empty texts of the named children, joined with ", ".
fn join(node: &Node, names: &[&str]) -> String {
    names
        .iter()
        .filter_map(|n| node.text(n))
        .collect::<Vec<_>>()
        .join(", ")
}
