//! Persistence: one postcard-encoded file holding the list versions, the entities, their
//! prepared (analysed and weighed) forms, the token rarity and the retrieval tables, in
//! sections that load in parallel; nothing is analysed again on load, except a sample of
//! entities that checks the file was written by the same name analysis (if not, the
//! matching structures are rebuilt from the entities).

use crate::retrieval::Retrieval;
use crate::stored::StoredPrepared;
use crate::Index;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use vetter_matcher::{Prepared, Rarity};
use vetter_model::Entity;

/// Magic bytes and format version at the start of an index file.
const MAGIC: &[u8; 8] = b"VETTER\x00\x1b";

/// Entities per section, so that sections decode in parallel.
const SECTION: usize = 2048;

/// Every this many entities, one is analysed again on load and compared with its stored
/// form.
const SAMPLE_EVERY: usize = 64;

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

/// The file body: postcard-encoded sections, borrowed from the file's bytes on load.
#[derive(Serialize, Deserialize)]
struct IndexFile<'a> {
    lists: Vec<ListVersion>,
    /// Entities, [`SECTION`] per section.
    #[serde(borrow)]
    entities: Vec<&'a [u8]>,
    /// Their prepared forms ([`StoredPrepared`]), likewise.
    #[serde(borrow)]
    prepared: Vec<&'a [u8]>,
    /// [`Rarity`].
    rarity: &'a [u8],
    /// [`Retrieval`].
    retrieval: &'a [u8],
}

fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, postcard::Error> {
    postcard::to_stdvec(value)
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
        let corrupt = |e: postcard::Error| IndexError::Corrupt {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        let entities: Vec<Vec<u8>> = self
            .entities
            .par_chunks(SECTION)
            .map(encode)
            .collect::<Result<_, _>>()
            .map_err(corrupt)?;
        let prepared: Vec<Vec<u8>> = self
            .prepared
            .par_chunks(SECTION)
            .map(|chunk| {
                let stored: Vec<StoredPrepared> = chunk.iter().map(StoredPrepared::new).collect();
                encode(&stored)
            })
            .collect::<Result<_, _>>()
            .map_err(corrupt)?;
        let rarity = encode(&self.rarity).map_err(corrupt)?;
        let retrieval = encode(&self.retrieval).map_err(corrupt)?;
        let file = IndexFile {
            lists: self.lists.clone(),
            entities: entities.iter().map(Vec::as_slice).collect(),
            prepared: prepared.iter().map(Vec::as_slice).collect(),
            rarity: &rarity,
            retrieval: &retrieval,
        };
        let body = encode(&file).map_err(corrupt)?;
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
        let decode_entities = || -> Result<Vec<Entity>, String> {
            let chunks: Vec<Vec<Entity>> = file
                .entities
                .par_iter()
                .map(|bytes| postcard::from_bytes(bytes).map_err(|e| e.to_string()))
                .collect::<Result<_, _>>()?;
            Ok(chunks.into_iter().flatten().collect())
        };
        let decode_prepared = || -> Result<Vec<Prepared>, String> {
            let chunks: Vec<Vec<Prepared>> = file
                .prepared
                .par_iter()
                .map(|bytes| {
                    let stored: Vec<StoredPrepared> =
                        postcard::from_bytes(bytes).map_err(|e| e.to_string())?;
                    stored.into_iter().map(StoredPrepared::load).collect()
                })
                .collect::<Result<_, String>>()?;
            Ok(chunks.into_iter().flatten().collect())
        };
        let (entities, rest) = rayon::join(decode_entities, || {
            let prepared = decode_prepared()?;
            let rarity: Rarity = postcard::from_bytes(file.rarity).map_err(|e| e.to_string())?;
            let mut retrieval: Retrieval =
                postcard::from_bytes(file.retrieval).map_err(|e| e.to_string())?;
            retrieval.check(&prepared)?;
            retrieval.build_directories();
            Ok::<_, String>((prepared, rarity, retrieval))
        });
        let entities = entities.map_err(corrupt)?;
        let (prepared, rarity, retrieval) = rest.map_err(corrupt)?;
        if prepared.len() != entities.len() {
            return Err(corrupt("entities and prepared forms disagree".into()));
        }
        // Written by another name analysis (an older or newer Vetter): analyse again.
        let same_analysis = entities
            .par_iter()
            .zip(&prepared)
            .step_by(SAMPLE_EVERY)
            .all(|(entity, stored)| {
                StoredPrepared::new(&Prepared::weighed(entity, &rarity))
                    == StoredPrepared::new(stored)
            });
        if !same_analysis {
            return Ok(Index::from_entities(file.lists, entities));
        }
        Ok(Index::assemble(
            file.lists, entities, prepared, rarity, retrieval,
        ))
    }
}
