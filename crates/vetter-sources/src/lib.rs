//! # vetter-sources
//!
//! Reads official sanctions lists into [`vetter_model::Entity`] values.
//!
//! Two formats are supported:
//!
//! * [`SourceKind::OfacSdn`] — the US OFAC SDN list in its legacy CSV form: a directory with
//!   `sdn.csv` and, optionally, `add.csv`, `alt.csv` and `sdn_comments.csv`
//!   ([`load_ofac_sdn`], [`load_ofac_sdn_from_readers`]). The free-text `Remarks` column is
//!   split into clauses and each clause is mapped to a property (dates of birth, documents,
//!   registration numbers, weak aliases, links …).
//! * [`SourceKind::Un`] — the UN Security Council consolidated list XML
//!   ([`load_un`], [`load_un_from_reader`]).
//!
//! [`load`] dispatches on the kind. Every loader returns a [`LoadedList`] whose
//! [`ParseReport`] says what could not be used: a file that cannot be read as a whole is a
//! [`SourceError`], a single field that must be skipped is a [`Rejected`] entry, and remark
//! clauses that no rule understands are counted (they stay readable in the `notes` property).

#![warn(missing_docs)]

mod ofac;
mod remarks;
mod un;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub use ofac::{load_ofac_sdn, load_ofac_sdn_from_readers, OfacSdnReaders};
pub use un::{load_un, load_un_from_reader};

/// The list formats Vetter reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// US OFAC SDN list, legacy CSV files (`ofac-sdn`).
    OfacSdn,
    /// UN Security Council consolidated list, XML (`un`).
    Un,
}

impl SourceKind {
    /// The name used on the command line: `ofac-sdn` or `un`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::OfacSdn => "ofac-sdn",
            SourceKind::Un => "un",
        }
    }

    /// The dataset name given to entities of this kind (`us_ofac_sdn`, `un_sc_sanctions`).
    pub fn dataset(self) -> &'static str {
        match self {
            SourceKind::OfacSdn => "us_ofac_sdn",
            SourceKind::Un => "un_sc_sanctions",
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for a source kind name other than `ofac-sdn` and `un`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown source kind {0:?} (expected \"ofac-sdn\" or \"un\")")]
pub struct UnknownSourceKind(pub String);

impl FromStr for SourceKind {
    type Err = UnknownSourceKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ofac-sdn" => Ok(SourceKind::OfacSdn),
            "un" => Ok(SourceKind::Un),
            _ => Err(UnknownSourceKind(s.to_string())),
        }
    }
}

/// One version of one list, read into entities.
#[derive(Debug, Clone)]
pub struct LoadedList {
    /// The format the list was read from.
    pub kind: SourceKind,
    /// Dataset name: `us_ofac_sdn` or `un_sc_sanctions`.
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
    /// Number of list records read (sdn.csv rows; UN INDIVIDUAL and ENTITY elements).
    pub records: usize,
    /// Fields that were skipped because they could not be read.
    pub rejected: Vec<Rejected>,
    /// Number of remark clauses that matched no rule (kept only in `notes`).
    pub unparsed_remarks: usize,
    /// The first [`MAX_EXAMPLES`] unparsed clauses.
    pub unparsed_examples: Vec<String>,
    /// Rows of OFAC companion files (`add.csv`, `alt.csv`, `sdn_comments.csv`) whose
    /// ent_num is not in `sdn.csv`; they are ignored.
    pub orphan_rows: usize,
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
    fn line(file: &Path, line: u64) -> Self {
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

/// Loads a list of the given kind: for [`SourceKind::OfacSdn`] `path` is the directory of
/// the CSV files (or its `sdn.csv`), for [`SourceKind::Un`] the XML file.
pub fn load(
    kind: SourceKind,
    path: &Path,
    version: Option<String>,
) -> Result<LoadedList, SourceError> {
    match kind {
        SourceKind::OfacSdn => {
            let dir = if path.is_file() {
                if path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
                {
                    return Err(SourceError::WrongFormat {
                        path: path.to_path_buf(),
                        expected: kind,
                        found: "an XML file".into(),
                    });
                }
                path.parent().unwrap_or(Path::new("."))
            } else {
                path
            };
            load_ofac_sdn(dir, version)
        }
        SourceKind::Un => {
            if path.is_dir() {
                return Err(SourceError::WrongFormat {
                    path: path.to_path_buf(),
                    expected: kind,
                    found: "a directory".into(),
                });
            }
            load_un(path, version)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_locations_display() {
        for kind in [SourceKind::OfacSdn, SourceKind::Un] {
            assert_eq!(kind.to_string().parse::<SourceKind>().unwrap(), kind);
        }
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
