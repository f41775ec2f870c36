//! Downloading one list: conditional requests, checks, and storing a new version.

use crate::attempts::{self, LastFetch, LatestUpdate, Outcome};
use crate::config::{Config, ConfigError, FileSource, ListConfig};
use crate::history;
use crate::store::{io, load_path, FileMeta, Store, StoreError, Timestamp, VersionMeta, META_FILE};
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;
use vetter_sources::{FileFormat, SourceKind};

/// Why a list was not updated. The store keeps the last good version current.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The list's configuration is not usable.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The server could not be reached, answered with an error status, or the transfer
    /// broke off.
    #[error("{url}: {message}")]
    Http {
        /// The file's URL.
        url: String,
        /// What happened.
        message: String,
    },
    /// The server sent something that is not the list: an HTML page, an empty or truncated
    /// body, a file over the size limit.
    #[error("{url}: {message}")]
    Content {
        /// The file's URL.
        url: String,
        /// What is wrong with it.
        message: String,
    },
    /// The downloaded files do not parse as the list, or hold no entity.
    #[error("downloaded files do not parse: {0}")]
    Parse(String),
    /// The new version has too few entities compared with the last good one.
    #[error("{new} entities against {old} in the current version: a drop of more than {max_percent:.0} % (max_shrink) is taken for a broken download")]
    Shrink {
        /// Entities in the current version.
        old: usize,
        /// Entities in the downloaded version.
        new: usize,
        /// The limit, in percent.
        max_percent: f64,
    },
    /// The store cannot be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What happened to one list.
#[derive(Debug)]
pub enum Status {
    /// A new version was stored and made current.
    Updated {
        /// The new version.
        version: VersionMeta,
        /// The version it replaced, if any.
        previous: Option<String>,
    },
    /// The server said every file is unchanged (304 Not Modified).
    NotModified {
        /// The current version, still in use.
        current: VersionMeta,
    },
    /// The server sent the files again, with the same content as the current version.
    SameContent {
        /// The current version, still in use.
        current: VersionMeta,
    },
}

/// The result of fetching one list.
#[derive(Debug)]
pub struct ListOutcome {
    /// The list's kind, as configured.
    pub kind: String,
    /// What happened, or why the list was not updated.
    pub result: Result<Status, FetchError>,
}

/// Downloads lists into a store.
pub struct Fetcher {
    agent: ureq::Agent,
    store: Store,
    max_shrink: f64,
    max_bytes: u64,
}

enum Download {
    NotModified,
    Fresh(FileMeta),
}

impl Fetcher {
    /// A fetcher with the limits of `config`, storing into `store`.
    pub fn new(config: &Config, store: Store) -> Self {
        let timeout = Duration::from_secs(config.timeout_secs.max(1));
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout.min(Duration::from_secs(30))))
            .max_redirects(5)
            .user_agent(concat!(
                "vetter/",
                env!("CARGO_PKG_VERSION"),
                " (sanctions list fetcher)"
            ))
            .build()
            .into();
        Fetcher {
            agent,
            store,
            max_shrink: config.max_shrink,
            max_bytes: config.max_bytes,
        }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Fetches every list of `lists` in turn; a list that fails does not stop the others.
    pub fn fetch_all<'a>(
        &self,
        lists: impl IntoIterator<Item = &'a ListConfig>,
    ) -> Vec<ListOutcome> {
        lists
            .into_iter()
            .map(|list| ListOutcome {
                kind: list.kind.clone(),
                result: self.fetch(list),
            })
            .collect()
    }

    /// Fetches one list. On any error the staged files are removed and the current version
    /// stays as it was. Every attempt of a known kind is recorded in the kind's
    /// `last-fetch.json`, and a new version stored over an earlier one in its
    /// `latest-update.json` ([`attempts`](crate::attempts)).
    pub fn fetch(&self, list: &ListConfig) -> Result<Status, FetchError> {
        let now = Timestamp::now();
        let result = self.fetch_version(list, &now);
        if let Ok(kind) = list.source_kind() {
            let (outcome, version) = match &result {
                Ok(Status::Updated { version, .. }) => (Outcome::NewVersion, Some(version.clone())),
                Ok(Status::NotModified { current } | Status::SameContent { current }) => {
                    (Outcome::Unchanged, Some(current.clone()))
                }
                Err(_) => (Outcome::Failed, self.store.current(kind).ok().flatten()),
            };
            let record = LastFetch {
                kind: kind.to_string(),
                attempted_at: now.rfc3339.clone(),
                outcome,
                error: result.as_ref().err().map(ToString::to_string),
                list_version: version.as_ref().map(|v| v.list_version.clone()),
                version: version.map(|v| v.id),
            };
            // Derived data: a failure to record does not change the fetch's result.
            if let Err(err) = attempts::record_fetch(&self.store, kind, &record) {
                eprintln!("warning: {kind}: last fetch not recorded ({err})");
            }
        }
        result
    }

    fn fetch_version(&self, list: &ListConfig, now: &Timestamp) -> Result<Status, FetchError> {
        let kind = list.source_kind()?;
        let sources = list.sources()?;
        let current = self.store.current(kind)?;
        let kind_dir = self.store.kind_dir(kind);
        std::fs::create_dir_all(&kind_dir).map_err(io(&kind_dir))?;
        let staging = Staging::new(&kind_dir)?;

        let mut files = Vec::new();
        let mut fresh = false;
        for source in &sources {
            let previous = current.as_ref().and_then(|c| {
                c.files
                    .iter()
                    .find(|f| f.name == source.name && f.url == source.url)
            });
            let dest = staging.path.join(&source.name);
            match self.download(source, previous, &dest, now)? {
                Download::Fresh(meta) => {
                    fresh = true;
                    files.push(meta);
                }
                Download::NotModified => {
                    // `previous` is Some: a 304 without a stored copy is an error.
                    let previous = previous.expect("304 only for a stored file");
                    let current = current.as_ref().expect("stored file has a version");
                    let stored = self.store.version_dir(kind, &current.id).join(&source.name);
                    if std::fs::hard_link(&stored, &dest).is_err() {
                        std::fs::copy(&stored, &dest).map_err(io(&stored))?;
                    }
                    files.push(previous.clone());
                }
            }
        }
        if !fresh {
            return Ok(Status::NotModified {
                current: current.expect("304 only with a current version"),
            });
        }
        let sha256 = combined_sha256(&files);
        if let Some(current) = current.as_ref().filter(|c| c.sha256 == sha256) {
            return Ok(Status::SameContent {
                current: current.clone(),
            });
        }

        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        let loaded = vetter_sources::load(kind, &load_path(&staging.path, &names), None)
            .map_err(|e| FetchError::Parse(e.to_string()))?;
        if loaded.entities.is_empty() {
            return Err(FetchError::Parse(format!(
                "no entities in {} records",
                loaded.report.records
            )));
        }
        if let Some(current) = &current {
            let floor = current.entities as f64 * (1.0 - self.max_shrink);
            if (loaded.entities.len() as f64) < floor {
                return Err(FetchError::Shrink {
                    old: current.entities,
                    new: loaded.entities.len(),
                    max_percent: self.max_shrink * 100.0,
                });
            }
        }

        let mut id = format!("{}-{}", now.compact, &sha256[..12]);
        let mut n = 2;
        while kind_dir.join(&id).exists() {
            id = format!("{}-{}-{n}", now.compact, &sha256[..12]);
            n += 1;
        }
        let meta = VersionMeta {
            kind: kind.to_string(),
            id: id.clone(),
            retrieved_at: now.rfc3339.clone(),
            list_version: loaded.version.clone().unwrap_or_else(|| now.date.clone()),
            sha256,
            size: files.iter().map(|f| f.size).sum(),
            entities: loaded.entities.len(),
            rejected: loaded.report.rejected.len(),
            files,
        };
        let meta_path = staging.path.join(META_FILE);
        let json = serde_json::to_vec_pretty(&meta).expect("meta serialises");
        write_synced(&meta_path, &json).map_err(io(&meta_path))?;
        staging.commit(&kind_dir.join(&id))?;
        self.store.set_current(kind, &id)?;
        // The history is derived data: a failure to update it does not undo the version.
        if let Err(err) = history::record(&self.store, kind, &meta, &loaded.entities) {
            eprintln!("warning: {kind}: history not updated ({err}); it is rebuilt on next update");
        }
        if let Some(previous) = &current {
            // So is the latest update: computed once here, where both versions are at hand.
            let recorded = self.store.load(kind, previous).and_then(|old| {
                let diff = vetter_diff::diff(&old.entities, &loaded.entities);
                attempts::record_update(
                    &self.store,
                    kind,
                    &LatestUpdate::new(previous, &meta, &diff),
                )
            });
            if let Err(err) = recorded {
                eprintln!("warning: {kind}: latest update not recorded ({err})");
            }
        }
        Ok(Status::Updated {
            version: meta,
            previous: current.map(|c| c.id),
        })
    }

    fn download(
        &self,
        source: &FileSource,
        previous: Option<&FileMeta>,
        dest: &Path,
        now: &Timestamp,
    ) -> Result<Download, FetchError> {
        let url = &source.url;
        let http = |message: String| FetchError::Http {
            url: url.clone(),
            message,
        };
        let content = |message: String| FetchError::Content {
            url: url.clone(),
            message,
        };
        let mut request = self.agent.get(url);
        if let Some(previous) = previous {
            if let Some(etag) = &previous.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(modified) = &previous.last_modified {
                request = request.header("If-Modified-Since", modified);
            }
        }
        let response = request.call().map_err(|e| http(describe_ureq(&e)))?;
        let status = response.status().as_u16();
        if status == 304 {
            return if previous.is_some() {
                Ok(Download::NotModified)
            } else {
                Err(http(
                    "304 Not Modified for a file that is not stored".into(),
                ))
            };
        }
        if status != 200 {
            return Err(http(format!(
                "HTTP {status} {}",
                response.status().canonical_reason().unwrap_or("")
            )));
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let etag = header("etag");
        let last_modified = header("last-modified");
        let content_type = header("content-type");
        let encoded = header("content-encoding").is_some_and(|e| e != "identity");
        let length: Option<u64> = header("content-length").and_then(|v| v.trim().parse().ok());
        if content_type
            .as_deref()
            .is_some_and(|t| t.to_ascii_lowercase().starts_with("text/html"))
        {
            return Err(content(format!(
                "served an HTML page (Content-Type {}), not the list",
                content_type.as_deref().unwrap_or("")
            )));
        }
        if let Some(length) = length.filter(|_| !encoded) {
            if length > self.max_bytes {
                return Err(content(format!(
                    "{length} bytes announced, over the limit of {} (max_bytes)",
                    self.max_bytes
                )));
            }
        }
        let mut reader = response
            .into_body()
            .into_with_config()
            .limit(self.max_bytes)
            .reader();
        let mut file = std::fs::File::create(dest).map_err(|e| content(e.to_string()))?;
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let n = match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    let message = e.to_string();
                    return Err(if message.contains("limit") {
                        content(format!(
                            "larger than the limit of {} bytes (max_bytes)",
                            self.max_bytes
                        ))
                    } else {
                        content(format!(
                            "transfer broken off after {size} bytes{}: {message}",
                            length.map(|l| format!(" of {l}")).unwrap_or_default()
                        ))
                    });
                }
            };
            hasher.update(&buffer[..n]);
            file.write_all(&buffer[..n])
                .map_err(|e| content(format!("writing {}: {e}", dest.display())))?;
            size += n as u64;
        }
        file.sync_all()
            .map_err(|e| content(format!("writing {}: {e}", dest.display())))?;
        if let Some(length) = length.filter(|_| !encoded) {
            if size != length {
                return Err(content(format!(
                    "truncated: {size} bytes received, Content-Length {length}"
                )));
            }
        }
        if size == 0 {
            return Err(content("empty body".into()));
        }
        if vetter_sources::detect_format(dest) == FileFormat::Html {
            return Err(content("served an HTML page, not the list".into()));
        }
        Ok(Download::Fresh(FileMeta {
            name: source.name.clone(),
            url: url.clone(),
            retrieved_at: now.rfc3339.clone(),
            etag,
            last_modified,
            content_type,
            sha256: hex(&hasher.finalize()),
            size,
        }))
    }
}

/// A readable message for a request that failed before a status line.
fn describe_ureq(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            format!("unreachable (connection refused: {e})")
        }
        ureq::Error::Io(e) => format!("unreachable ({e})"),
        ureq::Error::Timeout(t) => format!("timed out ({t})"),
        ureq::Error::HostNotFound => "unreachable (host not found)".into(),
        other => format!("request failed ({other})"),
    }
}

/// Hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The checksum of a version: the file's SHA-256, or for several files the SHA-256 of
/// their `name sha256` lines.
fn combined_sha256(files: &[FileMeta]) -> String {
    if let [one] = files {
        return one.sha256.clone();
    }
    let mut hasher = Sha256::new();
    for file in files {
        hasher.update(format!("{} {}\n", file.name, file.sha256).as_bytes());
    }
    hex(&hasher.finalize())
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// A hidden directory where a version is assembled; removed on drop unless committed.
struct Staging {
    path: PathBuf,
    committed: bool,
}

impl Staging {
    fn new(kind_dir: &Path) -> Result<Self, StoreError> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path = kind_dir.join(format!(".staging-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).map_err(io(&path))?;
        Ok(Staging {
            path,
            committed: false,
        })
    }

    /// Renames the staged directory to its final name.
    fn commit(mut self, target: &Path) -> Result<(), StoreError> {
        std::fs::rename(&self.path, target).map_err(io(target))?;
        if let Some(parent) = target.parent() {
            if let Ok(dir) = std::fs::File::open(parent) {
                let _ = dir.sync_all();
            }
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// The configured lists that `only` selects (every enabled list when `only` is empty), or an
/// error naming a requested kind that is not configured.
pub fn select<'a>(
    config: &'a Config,
    only: &[SourceKind],
) -> Result<Vec<&'a ListConfig>, ConfigError> {
    for kind in only {
        if !config
            .lists
            .iter()
            .any(|l| l.source_kind().ok() == Some(*kind))
        {
            return Err(ConfigError::List {
                kind: kind.to_string(),
                message: "not in the configuration".into(),
            });
        }
    }
    Ok(config
        .lists
        .iter()
        .filter(|l| {
            if only.is_empty() {
                l.enabled
            } else {
                l.source_kind().is_ok_and(|k| only.contains(&k))
            }
        })
        .collect())
}
