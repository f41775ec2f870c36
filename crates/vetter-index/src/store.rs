//! Persistence: one postcard-encoded file holding the list versions and the entities; the
//! matching structures are rebuilt on load (it takes well under a second).

use crate::Index;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use vetter_model::Entity;

/// Magic bytes and format version at the start of an index file.
const MAGIC: &[u8; 8] = b"VETTER\x00\x02";

/// One list version an index was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListVersion {
    /// Source kind (`ofac-sdn`, `un` …).
    pub kind: String,
    /// Dataset name (`us_ofac_sdn` …).
    pub dataset: String,
    /// Version (as-of date) of the list, if known.
    pub version: Option<String>,
    /// Number of entities taken from it.
    pub entities: usize,
}

#[derive(Serialize, Deserialize)]
struct IndexFile {
    lists: Vec<ListVersion>,
    entities: Vec<Entity>,
}

/// Errors reading or writing an index file.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The index file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a Vetter index of this version, or it is corrupt.
    #[error("{path}: not a Vetter index or corrupt ({reason})")]
    Corrupt {
        /// The index file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
}

impl Index {
    /// Writes the index to `path` atomically: to a temporary file in the same directory,
    /// synced, then renamed over `path`. A failure leaves any existing file untouched.
    pub fn save(&self, path: &Path) -> Result<(), IndexError> {
        let io = |source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = IndexFile {
            lists: self.lists.clone(),
            entities: self.entities.clone(),
        };
        let body = postcard::to_stdvec(&file).map_err(|e| IndexError::Corrupt {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io)?;
        let temporary = dir.join(format!(
            ".{}.tmp-{}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("index"),
            std::process::id()
        ));
        let result = (|| {
            let mut out = std::fs::File::create(&temporary)?;
            out.write_all(MAGIC)?;
            out.write_all(&body)?;
            out.sync_all()?;
            std::fs::rename(&temporary, path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        result.map_err(io)
    }

    /// Reads an index written by [`Index::save`].
    pub fn load(path: &Path) -> Result<Self, IndexError> {
        let bytes = std::fs::read(path).map_err(|source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let corrupt = |reason: String| IndexError::Corrupt {
            path: path.to_path_buf(),
            reason,
        };
        let body = bytes
            .strip_prefix(MAGIC.as_slice())
            .ok_or_else(|| corrupt("missing header".into()))?;
        let file: IndexFile = postcard::from_bytes(body).map_err(|e| corrupt(e.to_string()))?;
        Ok(Index::from_entities(file.lists, file.entities))
    }
}
