//! The `[server]` section of `vetter.toml`.
//!
//! ```toml
//! [server]
//! bind = "127.0.0.1:8000"
//! audit_db = "/var/lib/vetter/audit.sqlite"   # default: beside the index, or ./vetter-audit.sqlite
//! allow_unauthenticated = false              # true: requests without a key get read scope
//! max_body_bytes = 1048576
//! max_queries = 100                          # queries in one /match or /reconcile request
//! max_limit = 500                            # largest `limit` of /match and /search
//!
//! [[server.keys]]
//! id = "compliance-batch"                    # recorded in the audit log
//! sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"  # SHA-256 of the key, hex
//! scope = "read"                             # "read", "analyst" (read + alert decisions) or "admin"
//!
//! [monitor]
//! database = "/var/lib/vetter/monitor.sqlite" # alerts behind /alerts (or a postgres:// URL),
//!                                             # the database `vetter monitor` writes
//!
//! [worker]
//! nats = "nats://127.0.0.1:4222"              # /batches publishes to the workers' stream
//! stream = "vetter"                           # (the other [worker] keys are the workers')
//! ```
//!
//! The top-level `store` (the directory `vetter fetch` keeps versions in) is read too: the
//! lists page shows each list's last fetch and latest update from it. Other sections of the
//! file (the lists `vetter fetch` reads) are ignored here. Keys are
//! never stored in clear: `printf %s "$KEY" | sha256sum` gives the `sha256` value.

use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// What an API key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Screening, search, entities, catalog, metrics.
    Read,
    /// `read`, decisions on monitoring alerts, and batches submitted to the workers.
    Analyst,
    /// Everything, including `/admin/*`.
    Admin,
}

/// One API key, stored as the SHA-256 of the key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyConfig {
    /// Name of the key's holder, written to the audit log (never the key itself).
    pub id: String,
    /// Lower-case hex SHA-256 of the key.
    pub sha256: String,
    /// What the key may do.
    pub scope: Scope,
}

/// Settings of `vetter serve`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerConfig {
    /// Address to listen on.
    #[serde(default = "default_bind")]
    pub bind: SocketAddr,
    /// SQLite file of the audit log (`None`: chosen by the caller).
    #[serde(default)]
    pub audit_db: Option<PathBuf>,
    /// Serve requests that carry no API key (with read scope).
    #[serde(default)]
    pub allow_unauthenticated: bool,
    /// Largest accepted request body.
    #[serde(default = "default_max_body")]
    pub max_body_bytes: usize,
    /// Most queries in one `/match` or `/reconcile` request.
    #[serde(default = "default_max_queries")]
    pub max_queries: usize,
    /// Largest `limit` of `/match` and `/search`.
    #[serde(default = "default_max_limit")]
    pub max_limit: usize,
    /// API keys.
    #[serde(default)]
    pub keys: Vec<KeyConfig>,
    /// The monitoring database (`vetter-store`: SQLite path or postgres:// URL) whose
    /// alerts `/alerts` serves, from `[monitor] database`; `None`: those routes answer 404.
    #[serde(skip)]
    pub monitor_db: Option<String>,
    /// The `vetter fetch` store whose last fetch attempts and latest updates `/lists`
    /// reports, from the top-level `store`; `None`: those fields are null.
    #[serde(skip)]
    pub fetch_store: Option<PathBuf>,
    /// The NATS server(s) and stream of the screening workers that `/batches` submits to,
    /// from `[worker] nats` and `stream`; `None`: those routes answer 404.
    #[serde(skip)]
    pub workers: Option<WorkerLink>,
}

/// Where the screening workers take their work (`[worker]`, shared with `vetter worker`).
#[derive(Debug, Clone, Deserialize)]
pub struct WorkerLink {
    /// NATS server URL(s), comma-separated.
    pub nats: String,
    /// The stream name (default `vetter`).
    #[serde(default = "default_stream")]
    pub stream: String,
}

fn default_stream() -> String {
    vetter_worker::DEFAULT_STREAM.into()
}

fn default_bind() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8000))
}

fn default_max_body() -> usize {
    1 << 20
}

fn default_max_queries() -> usize {
    100
}

fn default_max_limit() -> usize {
    500
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            bind: default_bind(),
            audit_db: None,
            allow_unauthenticated: false,
            max_body_bytes: default_max_body(),
            max_queries: default_max_queries(),
            max_limit: default_max_limit(),
            keys: Vec::new(),
            monitor_db: None,
            workers: None,
            fetch_store: None,
        }
    }
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    store: Option<PathBuf>,
    #[serde(default)]
    server: Option<ServerConfig>,
    #[serde(default)]
    monitor: Option<MonitorSection>,
    #[serde(default)]
    worker: Option<WorkerSection>,
}

/// The `[worker]` keys the server reads (the others are the workers' own).
#[derive(Deserialize)]
struct WorkerSection {
    nats: Option<String>,
    stream: Option<String>,
}

/// The `[monitor]` section, shared with `vetter monitor`.
#[derive(Deserialize)]
struct MonitorSection {
    database: Option<String>,
}

/// Errors in the server configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or the `[server]` section is wrong.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl ServerConfig {
    /// Reads the `[server]` section of a `vetter.toml` (defaults when there is none).
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_toml(&text).map_err(|message| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses the `[server]` section of a TOML document and checks the keys.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut config = file.server.unwrap_or_default();
        config.monitor_db = file.monitor.and_then(|m| m.database);
        config.workers = file.worker.and_then(|w| {
            Some(WorkerLink {
                nats: w.nats?,
                stream: w.stream.unwrap_or_else(default_stream),
            })
        });
        config.fetch_store = file.store;
        config.validate()?;
        Ok(config)
    }

    /// Checks key hashes (64 hex digits, distinct) and limits.
    pub fn validate(&self) -> Result<(), String> {
        for (n, key) in self.keys.iter().enumerate() {
            if key.sha256.len() != 64 || !key.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!(
                    "server.keys[{n}] ({}): sha256 must be 64 hex digits (the SHA-256 of the key)",
                    key.id
                ));
            }
            if self.keys[..n]
                .iter()
                .any(|k| k.sha256.eq_ignore_ascii_case(&key.sha256))
            {
                return Err(format!("server.keys[{n}] ({}): duplicate key", key.id));
            }
        }
        if self.max_queries == 0 || self.max_limit == 0 || self.max_body_bytes == 0 {
            return Err(
                "server: max_queries, max_limit and max_body_bytes must be positive".into(),
            );
        }
        Ok(())
    }

    /// The key whose hash matches `presented`, if any (compared in constant time).
    pub fn find_key(&self, presented: &str) -> Option<&KeyConfig> {
        let digest = hash_key(presented);
        let mut found = None;
        for key in &self.keys {
            let expected = key.sha256.to_ascii_lowercase();
            let same = expected
                .bytes()
                .zip(digest.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
            if same && found.is_none() {
                found = Some(key);
            }
        }
        found
    }
}

/// Lower-case hex SHA-256 of an API key, the form stored in `vetter.toml`.
pub fn hash_key(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_server_section_and_ignores_others() {
        let text = format!(
            r#"
store = "lists"
[[lists]]
kind = "un"
url = "https://example.org/x.xml"

[server]
bind = "0.0.0.0:9000"
allow_unauthenticated = true
[[server.keys]]
id = "ops"
sha256 = "{}"
scope = "admin"
"#,
            hash_key("secret")
        );
        let config = ServerConfig::from_toml(&text).unwrap();
        assert_eq!(config.bind.port(), 9000);
        assert!(config.allow_unauthenticated);
        assert_eq!(config.find_key("secret").unwrap().scope, Scope::Admin);
        assert!(config.find_key("other").is_none());
        assert!(config.workers.is_none());
        assert_eq!(config.fetch_store.as_deref(), Some(Path::new("lists")));
        assert!(ServerConfig::from_toml("[server]\nbnd = 1").is_err());
        // The workers' stream, from the section `vetter worker` reads (its other keys are
        // the workers' own).
        let workers = "[worker]\nnats = 'nats://10.0.0.5:4222'\nbatch_size = 64";
        let link = ServerConfig::from_toml(workers).unwrap().workers.unwrap();
        assert_eq!(
            (link.nats.as_str(), link.stream.as_str()),
            ("nats://10.0.0.5:4222", "vetter")
        );
        let bad = "[server]\n[[server.keys]]\nid='x'\nsha256='abc'\nscope='read'";
        assert!(ServerConfig::from_toml(bad).unwrap_err().contains("64 hex"));
    }
}
