//! # vetter-sources
//!
//! Reads official sanctions lists (and OpenSanctions exports and custom watchlists) into
//! [`vetter_model::Entity`] values. One vocabulary of [`SourceKind`]s names the formats:
//!
//! | kind | list | input |
//! |---|---|---|
//! | `ofac-sdn` | US OFAC SDN | directory of `sdn.csv`, `add.csv`, `alt.csv`, `sdn_comments.csv` |
//! | `ofac-cons` | US OFAC non-SDN consolidated | directory of `cons_*.csv`, or `consolidated.xml` |
//! | `ofac-enhanced` | US OFAC Sanctions List Service `ENHANCED_XML` | XML |
//! | `un` | UN Security Council consolidated list | XML |
//! | `uk-ofsi` | UK OFSI consolidated list (ConList) | CSV or XLSX |
//! | `uk-fcdo` | UK FCDO UK Sanctions List (normalised CSV set) | directory of `subjects.csv` … |
//! | `eu-eurlex` | EU sanctions from EUR-Lex regulations (OpenSanctions extract) | CSV or directory |
//! | `ca-sema` | Canada SEMA and JVCFOA (Magnitsky) consolidated list | XML (2020 and 2025 formats) |
//! | `au-dfat` | Australia DFAT consolidated list | XLSX |
//! | `ch-seco` | Switzerland SECO list | XML |
//! | `us-csl` | US trade.gov Consolidated Screening List | CSV |
//! | `us-bis-dpl` | US BIS Denied Persons List | tab-separated text |
//! | `ftm` | FollowTheMoney entities (OpenSanctions `entities.ftm.json`) | JSON lines |
//! | `os-simple` | OpenSanctions `targets.simple.csv` | CSV |
//! | `os-nested` | OpenSanctions `targets.nested.json` | JSON lines |
//! | `custom` | an internal watchlist | CSV with a column mapping ([`load_custom`]) |
//!
//! [`load`] detects the file format ([`detect_format`]: by the first bytes and the
//! extension) and checks it against the kind: an XLSX given as `un` is a
//! [`SourceError::WrongFormat`] naming the file. Every loader returns a [`LoadedList`] whose
//! [`ParseReport`] says what could not be used: a file that cannot be read as a whole is a
//! [`SourceError`], a single field that must be skipped is a [`Rejected`] entry with file
//! and line (or element), and OFAC remark clauses that no rule understands are counted
//! (they stay readable in the `notes` property).
//!
//! Sanction programs are normalised by a data-driven vocabulary ([`program_info`],
//! `data/programs.tsv`): authority, code, title, Magnitsky-style flag and measures.

#![warn(missing_docs)]

mod au;
mod ca;
mod ch;
mod custom;
mod detect;
mod enhanced;
mod eu;
mod ftm;
mod ofac;
mod ofac_xml;
mod programs;
mod relations;
mod remarks;
mod table;
mod text;
mod uk;
mod un;
mod us;
mod xml;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub use custom::{default_mapping, load_custom, DEFAULT_COLUMNS};
pub use detect::{detect_format, FileFormat};
pub use ofac::{load_ofac_cons, load_ofac_sdn, load_ofac_sdn_from_readers, OfacSdnReaders};
pub use programs::{program_info, programs, ProgramInfo};
pub use un::{load_un, load_un_from_reader};

macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $dataset:literal; )*) => {
        /// The list formats Vetter reads, named as on the command line and in `vetter.toml`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum SourceKind {
            $( $(#[$doc])* $variant, )*
        }

        impl SourceKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [SourceKind] = &[$(SourceKind::$variant),*];

            /// The name used on the command line, e.g. `ofac-sdn`, `uk-ofsi`.
            pub fn as_str(self) -> &'static str {
                match self { $(SourceKind::$variant => $name,)* }
            }

            /// The dataset name given to entities of this kind (`us_ofac_sdn`,
            /// `gb_hmt_sanctions` …). FtM and OpenSanctions exports keep the dataset names
            /// of the file when it gives them.
            pub fn dataset(self) -> &'static str {
                match self { $(SourceKind::$variant => $dataset,)* }
            }
        }

        impl FromStr for SourceKind {
            type Err = UnknownSourceKind;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok(SourceKind::$variant),)*
                    _ => Err(UnknownSourceKind(s.to_string())),
                }
            }
        }
    };
}

kinds! {
    /// US OFAC SDN list, legacy CSV files (`ofac-sdn`).
    OfacSdn = "ofac-sdn", "us_ofac_sdn";
    /// US OFAC non-SDN consolidated list, CSV set or XML (`ofac-cons`).
    OfacCons = "ofac-cons", "us_ofac_cons";
    /// US OFAC Sanctions List Service ENHANCED_XML (`ofac-enhanced`).
    OfacEnhanced = "ofac-enhanced", "us_ofac_enhanced";
    /// UN Security Council consolidated list, XML (`un`).
    Un = "un", "un_sc_sanctions";
    /// UK OFSI consolidated list, CSV or XLSX (`uk-ofsi`).
    UkOfsi = "uk-ofsi", "gb_hmt_sanctions";
    /// UK FCDO UK Sanctions List, normalised CSV set (`uk-fcdo`).
    UkFcdo = "uk-fcdo", "gb_fcdo_sanctions";
    /// EU sanctions from EUR-Lex regulations, OpenSanctions CSV extracts (`eu-eurlex`).
    EuEurlex = "eu-eurlex", "eu_journal_sanctions";
    /// Canada SEMA and JVCFOA consolidated list, XML (`ca-sema`).
    CaSema = "ca-sema", "ca_dfatd_sema_sanctions";
    /// Australia DFAT consolidated list, XLSX (`au-dfat`).
    AuDfat = "au-dfat", "au_dfat_sanctions";
    /// Switzerland SECO sanctions list, XML (`ch-seco`).
    ChSeco = "ch-seco", "ch_seco_sanctions";
    /// US trade.gov Consolidated Screening List, CSV (`us-csl`).
    UsCsl = "us-csl", "us_trade_csl";
    /// US BIS Denied Persons List, tab-separated (`us-bis-dpl`).
    UsBisDpl = "us-bis-dpl", "us_bis_denied";
    /// FollowTheMoney entity JSON lines (`ftm`).
    Ftm = "ftm", "ftm";
    /// OpenSanctions `targets.simple.csv` (`os-simple`).
    OsSimple = "os-simple", "opensanctions";
    /// OpenSanctions `targets.nested.json` (`os-nested`).
    OsNested = "os-nested", "opensanctions";
    /// A custom CSV watchlist with a column mapping (`custom`).
    Custom = "custom", "custom";
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for a source kind name that is not one of [`SourceKind::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown source kind {0:?} (expected one of ofac-sdn, ofac-cons, ofac-enhanced, un, uk-ofsi, uk-fcdo, eu-eurlex, ca-sema, au-dfat, ch-seco, us-csl, us-bis-dpl, ftm, os-simple, os-nested, custom)")]
pub struct UnknownSourceKind(pub String);

/// One version of one list, read into entities.
#[derive(Debug, Clone)]
pub struct LoadedList {
    /// The format the list was read from.
    pub kind: SourceKind,
    /// Dataset name, e.g. `us_ofac_sdn`, `gb_hmt_sanctions` (see [`SourceKind::dataset`]).
    pub dataset: String,
    /// ISO date of the list version, when given or found in the file.
    pub version: Option<String>,
    /// The listed parties.
    pub entities: Vec<vetter_model::Entity>,
    /// What was read and what could not be used.
    pub report: ParseReport,
}

/// What a loader read and what it had to skip.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParseReport {
    /// Number of list records read (sdn.csv rows; UN INDIVIDUAL and ENTITY elements; name
    /// rows of OFSI and DFAT; lines of JSON files …).
    pub records: usize,
    /// Fields that were skipped because they could not be read.
    pub rejected: Vec<Rejected>,
    /// Number of remark clauses that matched no rule (kept only in `notes`).
    pub unparsed_remarks: usize,
    /// The first [`MAX_EXAMPLES`] unparsed clauses.
    pub unparsed_examples: Vec<String>,
    /// Rows of OFAC companion files (`add.csv`, `alt.csv`, `sdn_comments.csv`) whose
    /// ent_num is not in `sdn.csv`; they are ignored. Also: FCDO rows of unknown subjects,
    /// FtM statements about entities that are not in the file.
    pub orphan_rows: usize,
    /// Records of FtM schemata that are not screened (Position, Address, Occupancy …): they
    /// complete other entities or are ignored.
    pub not_screened: usize,
}

/// How many unparsed clauses [`ParseReport::unparsed_examples`] keeps.
pub const MAX_EXAMPLES: usize = 20;

impl ParseReport {
    fn unparsed(&mut self, clause: &str) {
        self.unparsed_remarks += 1;
        if self.unparsed_examples.len() < MAX_EXAMPLES {
            self.unparsed_examples.push(clause.to_string());
        }
    }

    fn reject(&mut self, location: Location, reason: impl Into<String>) {
        self.rejected.push(Rejected {
            location,
            reason: reason.into(),
        });
    }
}

/// A field that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// Where the field is.
    pub location: Location,
    /// Why it was skipped.
    pub reason: String,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.reason)
    }
}

/// A place in a source file: a line, an element, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: PathBuf,
    /// 1-based line number, when known.
    pub line: Option<u64>,
    /// The XML element or record, e.g. `INDIVIDUAL REFERENCE_NUMBER=QDi.001`.
    pub element: Option<String>,
}

impl Location {
    pub(crate) fn line(file: &Path, line: u64) -> Self {
        Location {
            file: file.to_path_buf(),
            line: Some(line),
            element: None,
        }
    }
}

impl fmt::Display for Location {
    /// `sdn.csv:123`, or `UN.xml: INDIVIDUAL REFERENCE_NUMBER=QDi.001 (line 45)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match (&self.element, self.line) {
            (Some(element), Some(line)) => write!(f, "{file}: {element} (line {line})"),
            (Some(element), None) => write!(f, "{file}: {element}"),
            (None, Some(line)) => write!(f, "{file}:{line}"),
            (None, None) => write!(f, "{file}"),
        }
    }
}

/// A list that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// A file cannot be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid: truncated, wrong column count, bad record id …
    #[error("{location}: {reason}")]
    Malformed {
        /// Where the problem is.
        location: Location,
        /// What is wrong.
        reason: String,
    },
    /// The file is of another format than the one asked for.
    #[error("{} is not a {expected} list (found {found})", path.display())]
    WrongFormat {
        /// The file or directory.
        path: PathBuf,
        /// The kind that was asked for.
        expected: SourceKind,
        /// What was found instead.
        found: String,
    },
}

impl SourceError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        SourceError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    fn malformed(location: Location, reason: impl Into<String>) -> Self {
        SourceError::Malformed {
            location,
            reason: reason.into(),
        }
    }
}

/// Loads a list of the given kind from `path`, after checking that the file format fits:
///
/// * `ofac-sdn`: the directory of the CSV files (or one of them);
/// * `ofac-cons`: the directory of the `cons_*.csv` files (or one of them), or the XML file;
/// * `uk-ofsi`: the ConList CSV or XLSX; `au-dfat`: the XLSX;
/// * `uk-fcdo`: the directory of the normalised CSVs (or `subjects.csv`);
/// * `eu-eurlex`: one CSV extract or a directory of them (every `*.csv`, recursively);
/// * `ofac-enhanced`, `un`, `ca-sema`, `ch-seco`: the XML file;
/// * `us-csl`, `us-bis-dpl`, `os-simple`, `custom`: the CSV (or TSV) file;
/// * `ftm`, `os-nested`: the JSON lines file.
///
/// `version` is the list version (ISO date) to record; when `None`, the date found in the
/// file (publish date, `Last Updated` …) is used where there is one.
pub fn load(
    kind: SourceKind,
    path: &Path,
    version: Option<String>,
) -> Result<LoadedList, SourceError> {
    use FileFormat as F;
    let format = detect_format(path);
    if !path.exists() {
        return Err(SourceError::io(
            path,
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
        ));
    }
    let wrong = || SourceError::WrongFormat {
        path: path.to_path_buf(),
        expected: kind,
        found: format.describe().to_string(),
    };
    let dir_of = |path: &Path| -> PathBuf {
        if path.is_dir() {
            path.to_path_buf()
        } else {
            path.parent().unwrap_or(Path::new(".")).to_path_buf()
        }
    };
    let mut list = match (kind, format) {
        (SourceKind::OfacSdn, F::Directory | F::Csv) => load_ofac_sdn(&dir_of(path), version),
        (SourceKind::OfacCons, F::Directory | F::Csv) => load_ofac_cons(&dir_of(path), version),
        (SourceKind::OfacCons, F::Xml) => ofac_xml::load(path, version),
        (SourceKind::OfacEnhanced, F::Xml) => enhanced::load(path, version),
        (SourceKind::Un, F::Xml) => load_un(path, version),
        (SourceKind::UkOfsi, F::Csv) => uk::load_ofsi(path, version, false),
        (SourceKind::UkOfsi, f) if f.is_spreadsheet() => uk::load_ofsi(path, version, true),
        (SourceKind::UkFcdo, F::Directory | F::Csv) => uk::load_fcdo(&dir_of(path), version),
        (SourceKind::EuEurlex, F::Directory | F::Csv) => eu::load(path, version),
        (SourceKind::CaSema, F::Xml) => ca::load(path, version),
        (SourceKind::AuDfat, f) if f.is_spreadsheet() => au::load(path, version),
        (SourceKind::ChSeco, F::Xml) => ch::load(path, version),
        (SourceKind::UsCsl, F::Csv) => us::load_csl(path, version),
        (SourceKind::UsBisDpl, F::Csv) => us::load_dpl(path, version),
        (SourceKind::Ftm | SourceKind::OsNested, F::Json) => ftm::load(path, version, kind),
        (SourceKind::OsSimple, F::Csv) => ftm::load_simple(path, version),
        (SourceKind::Custom, F::Csv) => {
            let bytes = std::fs::read(path).map_err(|e| SourceError::io(path, e))?;
            let header = custom::header(path, &bytes)?;
            load_custom(path, &default_mapping(&header), version)
        }
        _ => Err(wrong()),
    }?;
    // Lists that state relations in free text (the UN parser reads its own comments).
    if matches!(
        kind,
        SourceKind::UkOfsi
            | SourceKind::UkFcdo
            | SourceKind::EuEurlex
            | SourceKind::CaSema
            | SourceKind::AuDfat
            | SourceKind::ChSeco
    ) {
        relations::add_list_links(&mut list);
    }
    Ok(list)
}

/// The UN Security Council reference number of an entity from a national list (e.g.
/// `QDe.004`), when the list gives it. Loaders keep it as a `notes` value
/// `UN reference: <number>` (OFSI, FCDO, DFAT), the form this function reads; it links the
/// entity to `un-<number>` of the UN list.
pub fn un_reference(entity: &vetter_model::Entity) -> Option<&str> {
    entity
        .values(vetter_model::Property::Notes)
        .find_map(|n| n.strip_prefix(uk::UN_REFERENCE))
}

/// Reads a whole file.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, SourceError> {
    std::fs::read(path).map_err(|e| SourceError::io(path, e))
}

/// A new listed entity: its first source record (the list, the record's id in it and the
/// list version) and the `sanction` topic. Returns the entity and the source index.
pub(crate) fn listed_entity(
    id: impl Into<String>,
    schema: vetter_model::Schema,
    dataset: String,
    record_id: String,
    list_version: Option<String>,
) -> (vetter_model::Entity, u16) {
    let mut entity = vetter_model::Entity::new(id, schema);
    let source = entity.add_source(vetter_model::SourceRecord {
        dataset,
        record_id,
        list_version,
    });
    entity.add(vetter_model::Property::Topics, "sanction", source);
    (entity, source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_locations_display() {
        for kind in SourceKind::ALL {
            assert_eq!(kind.to_string().parse::<SourceKind>().unwrap(), *kind);
        }
        assert_eq!(SourceKind::ALL.len(), 16);
        assert!("ofac".parse::<SourceKind>().is_err());
        assert_eq!(
            Location::line(Path::new("sdn.csv"), 123).to_string(),
            "sdn.csv:123"
        );
        let location = Location {
            file: "UN.xml".into(),
            line: Some(45),
            element: Some("INDIVIDUAL REFERENCE_NUMBER=QDi.001".into()),
        };
        assert_eq!(
            location.to_string(),
            "UN.xml: INDIVIDUAL REFERENCE_NUMBER=QDi.001 (line 45)"
        );
    }
}
