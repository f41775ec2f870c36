//! Analyst decisions that override the evidence: records to keep apart and records to merge.
//!
//! ```toml
//! # a decisions file, or the same tables under [resolve] in vetter.toml
//! [[split]]
//! ids = ["ofac-15718", "un-CDi.001"]
//! reason = "reviewed 2026-11-29: different persons"
//!
//! [[merge]]
//! ids = ["ofac-9345", "un-KPe.001"]
//! reason = "same company (KOMID), UN and OFAC press releases"
//! ```

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// One decision: the ids it concerns and why.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Entity ids of source records (`ofac-28036`, `un-QDi.001`, `gb-…`).
    pub ids: Vec<String>,
    /// Why (kept with a forced merge as its evidence, reported with a refused one).
    #[serde(default)]
    pub reason: String,
}

/// Every decision of a file or of the `[resolve]` section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decisions {
    /// Groups whose records must end in different entities, whatever the evidence.
    #[serde(default)]
    pub split: Vec<Decision>,
    /// Groups whose records are merged into one entity, whatever the evidence.
    #[serde(default)]
    pub merge: Vec<Decision>,
}

/// A decisions file that cannot be read or parsed.
#[derive(Debug, thiserror::Error)]
pub enum DecisionsError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown keys.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl Decisions {
    /// Parses decisions: top-level `[[split]]`/`[[merge]]` tables, or the `[resolve]`
    /// section of a `vetter.toml` (its other sections are ignored).
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let value: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let section = match value.get("resolve") {
            Some(resolve) => resolve.clone(),
            None if value.contains_key("split") || value.contains_key("merge") => {
                toml::Value::Table(value)
            }
            None => return Ok(Decisions::default()),
        };
        let decisions: Decisions = section.try_into().map_err(|e| format!("[resolve]: {e}"))?;
        for (kind, list) in [("split", &decisions.split), ("merge", &decisions.merge)] {
            if let Some(d) = list.iter().find(|d| d.ids.len() < 2) {
                return Err(format!("{kind} {:?}: needs at least two ids", d.ids));
            }
        }
        Ok(decisions)
    }

    /// Reads a decisions file or a `vetter.toml`.
    pub fn load(path: &Path) -> Result<Self, DecisionsError> {
        let text = std::fs::read_to_string(path).map_err(|source| DecisionsError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_toml(&text).map_err(|message| DecisionsError::Invalid {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Adds the decisions of `other`.
    pub fn extend(&mut self, other: Decisions) {
        self.split.extend(other.split);
        self.merge.extend(other.merge);
    }

    /// True when there are no decisions.
    pub fn is_empty(&self) -> bool {
        self.split.is_empty() && self.merge.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_files_and_sections() {
        let file =
            Decisions::from_toml("[[split]]\nids = [\"a\", \"b\"]\nreason = \"x\"\n").unwrap();
        assert_eq!(file.split[0].ids, ["a", "b"]);
        let config = Decisions::from_toml(
            "store = \"s\"\n[server]\nbind = \"127.0.0.1:1\"\n[[resolve.merge]]\nids = [\"a\", \"b\"]\n",
        )
        .unwrap();
        assert_eq!(config.merge.len(), 1);
        assert!(Decisions::from_toml("store = \"s\"\n").unwrap().is_empty());
        assert!(Decisions::from_toml("[[split]]\nids = [\"a\"]\n").is_err());
        assert!(Decisions::from_toml("[[split]]\nid = [\"a\", \"b\"]\n").is_err());
    }
}
