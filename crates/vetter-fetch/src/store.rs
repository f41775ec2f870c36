//! The version store: every good version of every list, immutable, with its metadata.
//!
//! ```text
//! <store>/<kind>/<YYYYMMDDTHHMMSSZ>-<sha256 prefix>/   one version: the files + meta.json
//! <store>/<kind>/current                               name of the version in use
//! <store>/<kind>/history.json                          first/last seen, last changed per entity
//! ```
//!
//! A version directory is complete before it gets its final name (it is assembled under a
//! hidden staging name and renamed), and `current` is replaced by writing a temporary file,
//! syncing it and renaming it over the old one, so a reader sees either the old or the new
//! version, never a mix.

use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use vetter_sources::{LoadedList, SourceKind};

/// Name of the metadata file in each version directory.
pub const META_FILE: &str = "meta.json";
/// Name of the pointer file in each kind directory.
pub const CURRENT_FILE: &str = "current";

/// Metadata of one stored version (`meta.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionMeta {
    /// Source kind, e.g. `ofac-sdn`.
    pub kind: String,
    /// Name of the version directory (`20240503T120000Z-1a2b3c4d5e6f`).
    pub id: String,
    /// When the version was retrieved (UTC, RFC 3339).
    pub retrieved_at: String,
    /// List version recorded in the index: the as-of date found in the files, else the
    /// retrieval date.
    pub list_version: String,
    /// SHA-256 of the version (of the file; for several files, of their names and hashes).
    pub sha256: String,
    /// Total size of the files in bytes.
    pub size: u64,
    /// Number of entities parsed from the version.
    pub entities: usize,
    /// Number of fields the parser rejected.
    pub rejected: usize,
    /// The files.
    pub files: Vec<FileMeta>,
}

/// Metadata of one file of a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMeta {
    /// Stored file name.
    pub name: String,
    /// Where it was downloaded from.
    pub url: String,
    /// When this content was downloaded (UTC, RFC 3339); a file the server reported as not
    /// modified keeps the time of the download that brought it.
    pub retrieved_at: String,
    /// The server's `ETag`, if any.
    pub etag: Option<String>,
    /// The server's `Last-Modified`, if any.
    pub last_modified: Option<String>,
    /// The server's `Content-Type`, if any.
    pub content_type: Option<String>,
    /// SHA-256 of the file, hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

/// A store directory.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// An error reading or writing the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A file or directory cannot be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A `meta.json` or `current` file is not valid.
    #[error("{}: {message}", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The stored files do not parse.
    #[error(transparent)]
    Source(#[from] vetter_sources::SourceError),
}

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Store {
    /// A store rooted at `root` (created on first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Store { root: root.into() }
    }

    /// The store directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The directory of one kind's versions.
    pub fn kind_dir(&self, kind: SourceKind) -> PathBuf {
        self.root.join(kind.as_str())
    }

    /// The directory of one version.
    pub fn version_dir(&self, kind: SourceKind, id: &str) -> PathBuf {
        self.kind_dir(kind).join(id)
    }

    /// The kinds that have a current version, in [`SourceKind::ALL`] order.
    pub fn kinds(&self) -> Vec<SourceKind> {
        SourceKind::ALL
            .iter()
            .copied()
            .filter(|k| self.kind_dir(*k).join(CURRENT_FILE).is_file())
            .collect()
    }

    /// The current version of a kind, if there is one.
    pub fn current(&self, kind: SourceKind) -> Result<Option<VersionMeta>, StoreError> {
        let pointer = self.kind_dir(kind).join(CURRENT_FILE);
        let id = match std::fs::read_to_string(&pointer) {
            Ok(id) => id.trim().to_string(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io(&pointer)(e)),
        };
        if id.is_empty() || id.contains('/') || id.starts_with('.') {
            return Err(StoreError::Corrupt {
                path: pointer,
                message: format!("not a version name: {id:?}"),
            });
        }
        self.meta(kind, &id).map(Some)
    }

    /// The metadata of one version.
    pub fn meta(&self, kind: SourceKind, id: &str) -> Result<VersionMeta, StoreError> {
        read_meta(&self.version_dir(kind, id).join(META_FILE))
    }

    /// Every stored version of a kind, oldest first (version names start with the UTC
    /// retrieval time, so name order is time order).
    pub fn versions(&self, kind: SourceKind) -> Result<Vec<VersionMeta>, StoreError> {
        let dir = self.kind_dir(kind);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io(&dir)(e)),
        };
        let mut names: Vec<String> = Vec::new();
        for entry in entries {
            let entry = entry.map_err(io(&dir))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with('.') && entry.path().join(META_FILE).is_file() {
                names.push(name);
            }
        }
        names.sort();
        names.iter().map(|id| self.meta(kind, id)).collect()
    }

    /// Parses a stored version, recording its list version in every value's provenance.
    pub fn load(&self, kind: SourceKind, meta: &VersionMeta) -> Result<LoadedList, StoreError> {
        let dir = self.version_dir(kind, &meta.id);
        let names: Vec<&str> = meta.files.iter().map(|f| f.name.as_str()).collect();
        Ok(vetter_sources::load(
            kind,
            &load_path(&dir, &names),
            Some(meta.list_version.clone()),
        )?)
    }

    /// Parses the current version of a kind, if there is one.
    pub fn load_current(&self, kind: SourceKind) -> Result<Option<LoadedList>, StoreError> {
        match self.current(kind)? {
            Some(meta) => self.load(kind, &meta).map(Some),
            None => Ok(None),
        }
    }

    /// Points `current` at a version: written to a temporary file, synced, renamed.
    pub fn set_current(&self, kind: SourceKind, id: &str) -> Result<(), StoreError> {
        let dir = self.kind_dir(kind);
        write_atomically(&dir.join(CURRENT_FILE), format!("{id}\n").as_bytes())
    }
}

/// What to hand to `vetter_sources::load` for the files of a version: the file itself when
/// there is one, the directory when there are several.
pub fn load_path(dir: &Path, names: &[&str]) -> PathBuf {
    match names {
        [one] => dir.join(one),
        _ => dir.to_path_buf(),
    }
}

/// Loads a list version from a path given by a user: a stored version directory (its
/// `meta.json` names the files and the list version), a kind directory of the store (its
/// current version), a directory holding one list file, or anything
/// `vetter_sources::load` reads.
pub fn load_version(kind: SourceKind, path: &Path) -> Result<LoadedList, StoreError> {
    if path.is_dir() {
        let meta_path = path.join(META_FILE);
        if meta_path.is_file() {
            let meta = read_meta(&meta_path)?;
            let names: Vec<&str> = meta.files.iter().map(|f| f.name.as_str()).collect();
            return Ok(vetter_sources::load(
                kind,
                &load_path(path, &names),
                Some(meta.list_version.clone()),
            )?);
        }
        let pointer = path.join(CURRENT_FILE);
        if pointer.is_file() {
            let id = std::fs::read_to_string(&pointer).map_err(io(&pointer))?;
            return load_version(kind, &path.join(id.trim()));
        }
        let files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(io(path))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        if let [one] = files.as_slice() {
            // A directory of one file: read as a directory when the kind allows it, else
            // the file.
            return match vetter_sources::load(kind, path, None) {
                Ok(list) => Ok(list),
                Err(_) => Ok(vetter_sources::load(kind, one, None)?),
            };
        }
    }
    Ok(vetter_sources::load(kind, path, None)?)
}

/// Reads a JSON file of a kind directory (`history.json`, `last-fetch.json` …), `None`
/// when there is none.
pub(crate) fn read_kind_json<T: serde::de::DeserializeOwned>(
    store: &Store,
    kind: SourceKind,
    name: &str,
) -> Result<Option<T>, StoreError> {
    let path = store.kind_dir(kind).join(name);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(&path)(e)),
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| StoreError::Corrupt {
            path,
            message: e.to_string(),
        })
}

/// Writes a JSON file of a kind directory, atomically.
pub(crate) fn write_kind_json(
    store: &Store,
    kind: SourceKind,
    name: &str,
    value: &impl serde::Serialize,
) -> Result<(), StoreError> {
    let json = serde_json::to_vec(value).expect("a record serialises");
    write_atomically(&store.kind_dir(kind).join(name), &json)
}

pub(crate) fn read_meta(path: &Path) -> Result<VersionMeta, StoreError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Writes `bytes` to `path` through a synced temporary file in the same directory and a
/// rename, so that `path` is always either the old or the new content.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temporary = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)?;
        // Make the rename durable too.
        if let Ok(dir) = std::fs::File::open(dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result.map_err(io(path))
}

/// Seconds since the Unix epoch as `(YYYY, MM, DD, hh, mm, ss)` in UTC.
fn civil(secs: u64) -> (i64, u32, u32, u32, u32, u32) {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        month,
        day,
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
    )
}

/// A UTC instant in the two forms the store uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    /// RFC 3339, `2024-05-03T12:00:00Z`.
    pub rfc3339: String,
    /// Compact, for directory names: `20240503T120000Z`.
    pub compact: String,
    /// The date, `2024-05-03`.
    pub date: String,
}

impl Timestamp {
    /// The current time.
    pub fn now() -> Self {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Self::from_unix(secs)
    }

    /// The instant `secs` seconds after the Unix epoch.
    pub fn from_unix(secs: u64) -> Self {
        let (y, mo, d, h, mi, s) = civil(secs);
        Timestamp {
            rfc3339: format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"),
            compact: format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z"),
            date: format!("{y:04}-{mo:02}-{d:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_civil_time() {
        let t = Timestamp::from_unix(1_714_737_600);
        assert_eq!(t.rfc3339, "2024-05-03T12:00:00Z");
        assert_eq!(t.compact, "20240503T120000Z");
        assert_eq!(Timestamp::from_unix(951_782_400).date, "2000-02-29");
        assert_eq!(Timestamp::from_unix(0).rfc3339, "1970-01-01T00:00:00Z");
    }
}
