//! The OFAC SDN list in its legacy CSV form.
//!
//! Four files without header rows, encoded in Windows-1252, with `-0- ` for empty fields and
//! possibly a final 0x1A byte:
//!
//! * `sdn.csv`: ent_num, name, type, programs, title, call sign, vessel type, tonnage, GRT,
//!   vessel flag, vessel owner, remarks;
//! * `add.csv`: ent_num, add_num, address, city/state/postal code, country, remarks;
//! * `alt.csv`: ent_num, alt_num, type (`aka`, `fka`, `nka`), name, remarks;
//! * `sdn_comments.csv`: ent_num, continuation of the remarks of `sdn.csv`.
//!
//! Schema: `individual` → Person, `vessel` → Vessel, `aircraft` → Airplane; other entries
//! are Company when the name carries a legal form (LLC, LTD, S.A., GmbH …) or the remarks
//! give a registration, tax, LEI or SWIFT code, and Organization otherwise.

use crate::remarks::{self, Fact};
use crate::{LoadedList, Location, ParseReport, SourceError, SourceKind};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use vetter_model::{country, Entity, Link, LinkKind, Property, Sanction, Schema, SourceRecord};

/// The files of one OFAC SDN legacy CSV set, as readers (e.g. `&mut &bytes[..]` for a list
/// embedded with `include_bytes!`). Only `sdn` is required.
pub struct OfacSdnReaders<'a> {
    /// Directory the files are named after in errors and reports.
    pub dir: PathBuf,
    /// `sdn.csv`.
    pub sdn: &'a mut dyn Read,
    /// `add.csv`.
    pub add: Option<&'a mut dyn Read>,
    /// `alt.csv`.
    pub alt: Option<&'a mut dyn Read>,
    /// `sdn_comments.csv`.
    pub comments: Option<&'a mut dyn Read>,
}

/// The file names of one legacy CSV set: main, addresses, aliases, comments.
pub(crate) struct FileNames {
    main: &'static str,
    add: &'static str,
    alt: &'static str,
    comments: &'static str,
}

/// The SDN list: `sdn.csv`, `add.csv`, `alt.csv`, `sdn_comments.csv`.
const SDN_FILES: FileNames = FileNames {
    main: "sdn.csv",
    add: "add.csv",
    alt: "alt.csv",
    comments: "sdn_comments.csv",
};

/// The non-SDN consolidated list: `cons_prim.csv`, `cons_add.csv`, `cons_alt.csv`,
/// `cons_comments.csv` (same columns as the SDN files).
const CONS_FILES: FileNames = FileNames {
    main: "cons_prim.csv",
    add: "cons_add.csv",
    alt: "cons_alt.csv",
    comments: "cons_comments.csv",
};

/// Loads the SDN list from a directory with `sdn.csv` and, when present, `add.csv`,
/// `alt.csv` and `sdn_comments.csv`.
pub fn load_ofac_sdn(dir: &Path, version: Option<String>) -> Result<LoadedList, SourceError> {
    load_csv_set(dir, version, SourceKind::OfacSdn)
}

/// Loads the OFAC non-SDN consolidated list from a directory with `cons_prim.csv` and, when
/// present, `cons_add.csv`, `cons_alt.csv` and `cons_comments.csv`. Entities get ids
/// `ofac-cons-<ent_num>` and the dataset `us_ofac_cons`; their sanctions carry the measures
/// of the program vocabulary (non-SDN lists do not all block property).
pub fn load_ofac_cons(dir: &Path, version: Option<String>) -> Result<LoadedList, SourceError> {
    load_csv_set(dir, version, SourceKind::OfacCons)
}

fn files(kind: SourceKind) -> &'static FileNames {
    match kind {
        SourceKind::OfacCons => &CONS_FILES,
        _ => &SDN_FILES,
    }
}

fn load_csv_set(
    dir: &Path,
    version: Option<String>,
    kind: SourceKind,
) -> Result<LoadedList, SourceError> {
    let names = files(kind);
    let open = |name: &str| {
        let path = dir.join(name);
        std::fs::File::open(&path).map_err(|e| SourceError::io(&path, e))
    };
    let optional = |name: &str| match open(name) {
        Ok(file) => Ok(Some(file)),
        Err(SourceError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Ok(None)
        }
        Err(e) => Err(e),
    };
    let mut sdn = open(names.main)?;
    let mut add = optional(names.add)?;
    let mut alt = optional(names.alt)?;
    let mut comments = optional(names.comments)?;
    load_from_readers(
        OfacSdnReaders {
            dir: dir.to_path_buf(),
            sdn: &mut sdn,
            add: add.as_mut().map(|f| f as &mut dyn Read),
            alt: alt.as_mut().map(|f| f as &mut dyn Read),
            comments: comments.as_mut().map(|f| f as &mut dyn Read),
        },
        version,
        kind,
    )
}

/// Loads the SDN list from readers; see [`OfacSdnReaders`].
pub fn load_ofac_sdn_from_readers(
    readers: OfacSdnReaders<'_>,
    version: Option<String>,
) -> Result<LoadedList, SourceError> {
    load_from_readers(readers, version, SourceKind::OfacSdn)
}

fn load_from_readers(
    readers: OfacSdnReaders<'_>,
    version: Option<String>,
    kind: SourceKind,
) -> Result<LoadedList, SourceError> {
    let names = files(kind);
    let dir = readers.dir;
    let sdn = read_rows(&dir.join(names.main), readers.sdn, 12, kind)?;
    let mut loader = Loader {
        kind,
        version: version.clone(),
        report: ParseReport::default(),
        entities: Vec::with_capacity(sdn.len()),
        index: HashMap::with_capacity(sdn.len()),
        remarks: Vec::with_capacity(sdn.len()),
    };
    for row in &sdn {
        loader.sdn_row(row)?;
    }
    if let Some(reader) = readers.comments {
        for row in read_rows(&dir.join(names.comments), reader, 2, kind)? {
            match loader.entity_index(&row)? {
                Some(i) => loader.remarks[i].push_str(&row.fields[1]),
                None => loader.report.orphan_rows += 1,
            }
        }
    }
    if let Some(reader) = readers.alt {
        for row in read_rows(&dir.join(names.alt), reader, 5, kind)? {
            loader.alt_row(&row)?;
        }
    }
    if let Some(reader) = readers.add {
        for row in read_rows(&dir.join(names.add), reader, 6, kind)? {
            loader.add_row(&row)?;
        }
    }
    for i in 0..loader.entities.len() {
        loader.apply_remarks(i);
    }
    resolve_links(&mut loader.entities);
    loader.report.records = sdn.len();
    Ok(LoadedList {
        kind,
        dataset: kind.dataset().to_string(),
        version,
        entities: loader.entities,
        report: loader.report,
    })
}

/// One CSV row with `-0-` replaced by empty strings.
struct Row {
    file: PathBuf,
    line: u64,
    fields: Vec<String>,
}

impl Row {
    fn location(&self) -> Location {
        Location::line(&self.file, self.line)
    }
}

/// Reads a whole file, decodes it from Windows-1252 and checks the column count.
fn read_rows(
    path: &Path,
    reader: &mut dyn Read,
    columns: usize,
    kind: SourceKind,
) -> Result<Vec<Row>, SourceError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| SourceError::io(path, e))?;
    while bytes
        .last()
        .is_some_and(|b| *b == 0x1A || b.is_ascii_whitespace())
    {
        bytes.pop();
    }
    let format = crate::detect::sniff(&bytes[..bytes.len().min(512)], "csv");
    if format != crate::detect::FileFormat::Csv && !bytes.is_empty() {
        return Err(SourceError::WrongFormat {
            path: path.to_path_buf(),
            expected: kind,
            found: format.describe().into(),
        });
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(text.as_bytes());
    loop {
        let start = csv.position().byte();
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let byte = e.position().map_or(start, |p| p.byte());
                return Err(SourceError::malformed(
                    Location::line(path, lines.line_at(byte)),
                    format!("invalid CSV: {e}"),
                ));
            }
        }
        let line = lines.line_at(record.position().map_or(start, |p| p.byte()));
        // OFAC fields never span lines: a line break inside a field is a quote left open,
        // which is what a file cut off in the middle of a quoted field looks like.
        if record.iter().any(|field| field.contains('\n')) {
            return Err(SourceError::malformed(
                Location::line(path, line),
                "quoted field not closed before the end of the line (truncated file?)".to_string(),
            ));
        }
        if record.len() != columns {
            return Err(SourceError::malformed(
                Location::line(path, line),
                format!(
                    "expected {columns} columns, found {} (truncated or not an OFAC legacy CSV file)",
                    record.len()
                ),
            ));
        }
        let fields = record
            .iter()
            .map(|f| {
                let f = f.trim();
                if f == "-0-" {
                    String::new()
                } else {
                    f.to_string()
                }
            })
            .collect();
        rows.push(Row {
            file: path.to_path_buf(),
            line,
            fields,
        });
    }
    Ok(rows)
}

/// 1-based line numbers of byte offsets, counted incrementally (offsets only grow).
///
/// The csv crate's own line numbers lag by one after CRLF line ends, because a record
/// ends at the `\r` and the `\n` is read with the next record.
pub(crate) struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(text: &'a [u8]) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the first byte at or after `byte` that is not a line end.
    pub(crate) fn line_at(&mut self, byte: u64) -> u64 {
        let mut target = (byte as usize).min(self.text.len());
        while target < self.text.len() && matches!(self.text[target], b'\r' | b'\n') {
            target += 1;
        }
        if target >= self.offset {
            self.line += self.text[self.offset..target]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            self.offset = target;
        }
        self.line
    }
}

struct Loader {
    kind: SourceKind,
    version: Option<String>,
    report: ParseReport,
    entities: Vec<Entity>,
    /// ent_num → index in `entities`.
    index: HashMap<u64, usize>,
    /// Remarks text per entity, completed by `sdn_comments.csv`.
    remarks: Vec<String>,
}

impl Loader {
    fn ent_num(row: &Row) -> Result<u64, SourceError> {
        row.fields[0].parse().map_err(|_| {
            SourceError::malformed(
                row.location(),
                format!("ent_num {:?} is not a number", row.fields[0]),
            )
        })
    }

    fn entity_index(&self, row: &Row) -> Result<Option<usize>, SourceError> {
        Ok(self.index.get(&Self::ent_num(row)?).copied())
    }

    fn sdn_row(&mut self, row: &Row) -> Result<(), SourceError> {
        let ent_num = Self::ent_num(row)?;
        let f = &row.fields;
        let (name, sdn_type, programs) = (&f[1], &f[2], &f[3]);
        if name.is_empty() {
            return Err(SourceError::malformed(row.location(), "empty SDN_Name"));
        }
        let schema = match sdn_type.to_ascii_lowercase().as_str() {
            "individual" => Schema::Person,
            "vessel" => Schema::Vessel,
            "aircraft" => Schema::Airplane,
            "" => Schema::Organization,
            other => {
                self.report.reject(
                    row.location(),
                    format!("unknown SDN_Type {other:?}, read as LegalEntity"),
                );
                Schema::LegalEntity
            }
        };
        let id = match self.kind {
            SourceKind::OfacCons => format!("ofac-cons-{ent_num}"),
            _ => format!("ofac-{ent_num}"),
        };
        let mut entity = Entity::new(id, schema);
        let source = entity.add_source(SourceRecord {
            dataset: self.kind.dataset().to_string(),
            record_id: ent_num.to_string(),
            list_version: self.version.clone(),
        });
        entity.add(Property::Name, name, source);
        entity.add(Property::Topics, "sanction", source);
        if schema == Schema::Person {
            if let Some((last, first)) = name.split_once(',') {
                entity.add(Property::LastName, last, source);
                entity.add(Property::FirstName, first, source);
            }
        }
        for program in programs
            .split("] [")
            .map(|p| p.trim_matches(['[', ']', ' ']))
            .filter(|p| !p.is_empty())
        {
            entity.add(Property::Program, program, source);
            entity.sanctions.push(if self.kind == SourceKind::OfacSdn {
                Sanction {
                    authority: "US OFAC".into(),
                    program: program.to_string(),
                    listing_date: None,
                    measures: vec!["Blocking of property and interests in property".into()],
                    source,
                }
            } else {
                crate::programs::sanction("US OFAC", program, None, &[], source)
            });
        }
        let title_property = if schema == Schema::Person {
            Property::Position
        } else {
            Property::Notes
        };
        entity.add(title_property, &f[4], source);
        entity.add(Property::CallSign, &f[5], source);
        entity.add(Property::Type, &f[6], source);
        if !f[7].is_empty() {
            entity.add(Property::Notes, format!("Tonnage: {}", f[7]), source);
        }
        entity.add(Property::GrossRegisteredTonnage, &f[8], source);
        if !f[9].is_empty() && !country::is_placeholder(&f[9]) {
            match country::to_code(&f[9]) {
                Some(code) => entity.add(Property::Flag, code, source),
                None => self
                    .report
                    .reject(row.location(), format!("unknown vessel flag {:?}", f[9])),
            }
        }
        if !f[10].is_empty() {
            entity.links.push(Link {
                kind: LinkKind::UnknownLink,
                target_id: None,
                target_name: f[10].clone(),
                detail: Some("owner/operator".into()),
                percentage: None,
                source,
            });
        }
        if self.index.insert(ent_num, self.entities.len()).is_some() {
            return Err(SourceError::malformed(
                row.location(),
                format!("duplicate ent_num {ent_num}"),
            ));
        }
        self.entities.push(entity);
        self.remarks.push(f[11].clone());
        Ok(())
    }

    fn alt_row(&mut self, row: &Row) -> Result<(), SourceError> {
        let Some(i) = self.entity_index(row)? else {
            self.report.orphan_rows += 1;
            return Ok(());
        };
        let f = &row.fields;
        let remarks = f[4].to_ascii_lowercase();
        let weak = remarks.contains("weak") || remarks.contains("low quality");
        let property = match f[2].to_ascii_lowercase().as_str() {
            "aka" | "nka" if weak => Property::WeakAlias,
            "aka" | "nka" => Property::Alias,
            "fka" => Property::PreviousName,
            other => {
                self.report
                    .reject(row.location(), format!("unknown alt_type {other:?}"));
                return Ok(());
            }
        };
        let entity = &mut self.entities[i];
        entity.add(property, &f[3], 0);
        if !f[4].is_empty() {
            entity.add(Property::Notes, format!("{}: {}", f[3], f[4]), 0);
        }
        Ok(())
    }

    fn add_row(&mut self, row: &Row) -> Result<(), SourceError> {
        let Some(i) = self.entity_index(row)? else {
            self.report.orphan_rows += 1;
            return Ok(());
        };
        let f = &row.fields;
        let country_text = &f[4];
        let code = country::to_code(country_text);
        if code.is_none()
            && !country_text.is_empty()
            && !country_text.starts_with("Region:")
            && !country::is_placeholder(country_text)
        {
            self.report
                .reject(row.location(), format!("unknown country {country_text:?}"));
        }
        let line = [&f[2], &f[3], country_text]
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let entity = &mut self.entities[i];
        // An address with only a country is a country, not an address.
        if !f[2].is_empty() || !f[3].is_empty() {
            entity.add(Property::Address, line, 0);
        }
        if let Some(code) = code {
            entity.add(Property::Country, code, 0);
        }
        if !f[5].is_empty() {
            entity.add(Property::Notes, &f[5], 0);
        }
        Ok(())
    }

    fn apply_remarks(&mut self, i: usize) {
        let text = std::mem::take(&mut self.remarks[i]);
        apply_remarks(&mut self.entities[i], &text, &mut self.report);
    }
}

/// Adds OFAC remarks to an entity: the text as `notes`, and each clause the remark rules
/// understand as properties and links (the others are counted as unparsed). An
/// Organization with a legal form or a company number becomes a Company.
pub(crate) fn apply_remarks(entity: &mut Entity, text: &str, report: &mut ParseReport) {
    if text.is_empty() {
        return;
    }
    entity.add(Property::Notes, text, 0);
    for clause in remarks::clauses(text) {
        let Some(facts) = remarks::parse_clause(clause) else {
            report.unparsed(clause);
            continue;
        };
        for fact in facts {
            match fact {
                Fact::Value(property, value) => entity.add(property, value, 0),
                Fact::Link { kind, name, detail } => entity.links.push(Link {
                    kind,
                    target_id: None,
                    target_name: name,
                    detail: Some(detail),
                    percentage: None,
                    source: 0,
                }),
                Fact::Info => {}
            }
        }
    }
    if entity.schema == Schema::Organization && is_company(entity) {
        entity.schema = Schema::Company;
    }
}

/// Legal forms that make an SDN entity a Company (matched as whole words of the name).
const LEGAL_FORMS: &[&str] = &[
    "LLC",
    "L.L.C.",
    "LTD",
    "LTD.",
    "LIMITED",
    "INC",
    "INC.",
    "CORP",
    "CORP.",
    "CORPORATION",
    "CO.",
    "COMPANY",
    "S.A.",
    "SA",
    "S.A.S.",
    "S.R.L.",
    "SRL",
    "GMBH",
    "AG",
    "PLC",
    "LLP",
    "B.V.",
    "BV",
    "N.V.",
    "NV",
    "JSC",
    "PJSC",
    "OJSC",
    "CJSC",
    "OOO",
    "OAO",
    "ZAO",
    "AO",
    "PAO",
    "FZE",
    "FZCO",
    "FZC",
    "L.L.C",
    "PTE",
    "SDN",
    "BHD",
    "S.L.",
    "SL",
    "S.P.A.",
    "SPA",
    "SARL",
    "S.A.R.L.",
    "A.S.",
    "D.O.O.",
    "DOO",
    "KFT",
    "OY",
    "AB",
    "AS",
    "LIMITADA",
    "LTDA",
    "C.V.",
    "S.C.",
    "TOO",
    "LLP.",
    "SAL",
    "S.A.L.",
    "W.L.L.",
    "WLL",
    "TRADING",
];

pub(crate) fn is_company(entity: &Entity) -> bool {
    let has_number = [
        Property::RegistrationNumber,
        Property::TaxNumber,
        Property::LeiCode,
        Property::SwiftBic,
        Property::InnCode,
        Property::OgrnCode,
    ]
    .iter()
    .any(|p| entity.first(*p).is_some());
    has_number
        || entity.names().any(|(_, name)| {
            name.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
                .any(|word| LEGAL_FORMS.contains(&word.to_ascii_uppercase().as_str()))
        })
}

/// Sets `target_id` of links whose target name is the primary name of exactly one entity
/// (the remarks' final period may belong to the name: "… CO., LTD.").
pub(crate) fn resolve_links(entities: &mut [Entity]) {
    let mut by_name: HashMap<String, Option<String>> = HashMap::new();
    for entity in entities.iter() {
        for name in entity.values(Property::Name) {
            by_name
                .entry(name.to_string())
                .and_modify(|id| *id = None)
                .or_insert_with(|| Some(entity.id.clone()));
        }
    }
    for entity in entities.iter_mut() {
        for link in &mut entity.links {
            let found = by_name
                .get(&link.target_name)
                .or_else(|| by_name.get(&format!("{}.", link.target_name)));
            if let Some(Some(id)) = found {
                if *id != entity.id {
                    link.target_id = Some(id.clone());
                }
            }
        }
    }
}
