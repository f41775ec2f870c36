//! `vetter.toml`: which lists to fetch, from where, and the limits of a download.
//!
//! ```toml
//! store = "lists"              # where versions are kept (default: ./vetter-store)
//! max_shrink = 0.5             # reject a version with over 50 % fewer entities than the last
//! max_bytes = 268435456        # per file
//! timeout_secs = 300
//!
//! [[lists]]
//! kind = "ofac-sdn"
//! url = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
//! files = [
//!   { name = "sdn.csv", url = "SDN.CSV" },   # relative to `url`
//!   { name = "add.csv", url = "ADD.CSV" },
//! ]
//!
//! [[lists]]
//! kind = "un"
//! url = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
//! file = "consolidated.xml"    # stored name (default: the last segment of the URL)
//! ```
//!
//! A list is given either by one `url` (with an optional stored `file` name) or by `files`,
//! each a stored name with a URL, absolute or relative to the list's `url`; a bare string
//! `"sdn.csv"` in `files` means the name appended to `url`. Without a config file,
//! [`Config::default`] fetches the official lists of [`default_lists`].

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use vetter_sources::SourceKind;

/// Top-level sections of `vetter.toml` that other parts of Vetter read (`[server]` by
/// `vetter serve`, `[resolve]` by the identity resolver, `[monitor]` by `vetter monitor`
/// and `vetter serve`, `[worker]` by `vetter worker`); any other unknown key is an error.
pub const OTHER_SECTIONS: [&str; 4] = ["server", "resolve", "monitor", "worker"];

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    /// Store directory (relative paths are relative to the working directory).
    #[serde(default)]
    pub store: Option<PathBuf>,
    /// Largest accepted drop in the entity count relative to the last good version, as a
    /// fraction (0.5: a version with under half the entities is rejected).
    #[serde(default = "default_max_shrink")]
    pub max_shrink: f64,
    /// Largest accepted size of one file, in bytes.
    #[serde(default = "default_max_bytes")]
    pub max_bytes: u64,
    /// Time limit of one HTTP request, in seconds (connection and body).
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
    /// The lists, in the order they are fetched.
    #[serde(default = "default_lists")]
    pub lists: Vec<ListConfig>,
    /// Every other top-level key, checked against [`OTHER_SECTIONS`] by [`Config::parse`].
    #[serde(flatten)]
    other: BTreeMap<String, toml::Value>,
}

fn default_max_shrink() -> f64 {
    0.5
}

fn default_max_bytes() -> u64 {
    256 << 20
}

fn default_timeout() -> u64 {
    300
}

fn default_true() -> bool {
    true
}

impl Default for Config {
    fn default() -> Self {
        Config {
            store: None,
            max_shrink: default_max_shrink(),
            max_bytes: default_max_bytes(),
            timeout_secs: default_timeout(),
            lists: default_lists(),
            other: BTreeMap::new(),
        }
    }
}

/// One configured list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListConfig {
    /// Source kind, e.g. `ofac-sdn`, `un` (the vocabulary of `vetter_sources::SourceKind`).
    pub kind: String,
    /// The file's URL, or the base URL of `files`.
    #[serde(default)]
    pub url: Option<String>,
    /// Stored name of the single file given by `url` (default: its last path segment).
    #[serde(default)]
    pub file: Option<String>,
    /// The files of a list published as several files.
    #[serde(default)]
    pub files: Vec<FileEntry>,
    /// False to keep the list in the configuration without fetching it.
    #[serde(default = "default_true")]
    pub enabled: bool,
}

/// A file of a list in `files`: a bare name (appended to the list's `url`) or a name with
/// its own URL.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum FileEntry {
    /// `"sdn.csv"`: fetched from the list's `url` followed by this name.
    Name(String),
    /// `{ name = "sdn.csv", url = "…/SDN.CSV" }`.
    Full {
        /// Stored file name.
        name: String,
        /// Absolute URL, or relative to the list's `url`.
        url: String,
    },
}

/// A file to download: its stored name and absolute URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSource {
    /// Stored file name (what the parser expects, e.g. `sdn.csv`).
    pub name: String,
    /// Absolute URL.
    pub url: String,
}

/// A configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown keys.
    #[error("{}: {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The parser's message (with line and column).
        message: String,
    },
    /// A list entry is incomplete or contradictory.
    #[error("list {kind}: {message}")]
    List {
        /// The list's kind as written.
        kind: String,
        /// What is wrong.
        message: String,
    },
}

impl Config {
    /// Reads a `vetter.toml`.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let config = Self::parse(&text).map_err(|e| match e {
            ConfigError::Syntax { message, .. } => ConfigError::Syntax {
                path: path.to_path_buf(),
                message,
            },
            other => other,
        })?;
        Ok(config)
    }

    /// Parses configuration text and checks every list.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Syntax {
            path: PathBuf::from("vetter.toml"),
            message: e.to_string(),
        })?;
        if let Some(key) = config
            .other
            .keys()
            .find(|key| !OTHER_SECTIONS.contains(&key.as_str()))
        {
            return Err(ConfigError::Syntax {
                path: PathBuf::from("vetter.toml"),
                message: format!(
                    "unknown key `{key}` (expected store, max_shrink, max_bytes, timeout_secs, \
                     lists, or the sections {})",
                    OTHER_SECTIONS.join(", ")
                ),
            });
        }
        if !(0.0..=1.0).contains(&config.max_shrink) {
            return Err(ConfigError::Syntax {
                path: PathBuf::from("vetter.toml"),
                message: format!("max_shrink {} is not between 0 and 1", config.max_shrink),
            });
        }
        for list in &config.lists {
            list.source_kind()?;
            list.sources()?;
        }
        Ok(config)
    }
}

impl ListConfig {
    /// The parsed kind.
    pub fn source_kind(&self) -> Result<SourceKind, ConfigError> {
        self.kind
            .parse()
            .map_err(|e: vetter_sources::UnknownSourceKind| ConfigError::List {
                kind: self.kind.clone(),
                message: e.to_string(),
            })
    }

    /// The files to download, with absolute URLs.
    pub fn sources(&self) -> Result<Vec<FileSource>, ConfigError> {
        let error = |message: String| ConfigError::List {
            kind: self.kind.clone(),
            message,
        };
        if self.files.is_empty() {
            let url = self
                .url
                .as_deref()
                .ok_or_else(|| error("neither url nor files given".into()))?;
            let name = match &self.file {
                Some(name) => name.clone(),
                None => last_segment(url)
                    .ok_or_else(|| error(format!("cannot name the file of {url}; set file")))?,
            };
            check_name(&name).map_err(error)?;
            return Ok(vec![FileSource {
                name,
                url: url.to_string(),
            }]);
        }
        if self.file.is_some() {
            return Err(error("give either file or files, not both".into()));
        }
        let mut sources = Vec::new();
        for entry in &self.files {
            let (name, url) = match entry {
                FileEntry::Name(name) => (name.clone(), join(self.url.as_deref(), name)),
                FileEntry::Full { name, url } => (name.clone(), join(self.url.as_deref(), url)),
            };
            check_name(&name).map_err(error)?;
            let url = url.ok_or_else(|| error(format!("{name}: relative URL without url")))?;
            if sources.iter().any(|s: &FileSource| s.name == name) {
                return Err(error(format!("file {name} given twice")));
            }
            sources.push(FileSource { name, url });
        }
        Ok(sources)
    }
}

fn is_absolute(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

fn join(base: Option<&str>, url: &str) -> Option<String> {
    if is_absolute(url) {
        return Some(url.to_string());
    }
    let base = base?;
    Some(if base.ends_with('/') {
        format!("{base}{url}")
    } else {
        format!("{base}/{url}")
    })
}

fn last_segment(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let segment = path.rsplit('/').next()?;
    (!segment.is_empty() && !path.ends_with("//")).then(|| segment.to_string())
}

/// A stored name must be a plain file name: no directories, not `meta.json`.
fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty()
        || name.contains(['/', '\\'])
        || name.starts_with('.')
        || name == crate::store::META_FILE
    {
        return Err(format!("{name:?} is not a usable file name"));
    }
    Ok(())
}

const OFAC_EXPORTS: &str =
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/";

fn list(kind: &str, url: &str, file: Option<&str>) -> ListConfig {
    ListConfig {
        kind: kind.into(),
        url: Some(url.into()),
        file: file.map(Into::into),
        files: Vec::new(),
        enabled: true,
    }
}

/// The official lists fetched when no configuration is given: the publishers' own download
/// addresses. ARCHITECTURE.md says which were confirmed. Not included: `uk-fcdo`,
/// `eu-eurlex` (the parsers read derived extracts, not an official download), `ftm`,
/// `os-*` (licensed OpenSanctions exports) and `custom`. `uk-ofsi` is listed but disabled:
/// OFSI retired its Consolidated List on 28 January 2026.
pub fn default_lists() -> Vec<ListConfig> {
    let ofac = |names: &[(&str, &str)]| {
        names
            .iter()
            .map(|(name, remote)| FileEntry::Full {
                name: (*name).into(),
                url: (*remote).into(),
            })
            .collect::<Vec<_>>()
    };
    vec![
        ListConfig {
            kind: "ofac-sdn".into(),
            url: Some(OFAC_EXPORTS.into()),
            file: None,
            files: ofac(&[
                ("sdn.csv", "SDN.CSV"),
                ("add.csv", "ADD.CSV"),
                ("alt.csv", "ALT.CSV"),
                ("sdn_comments.csv", "SDN_COMMENTS.CSV"),
            ]),
            enabled: true,
        },
        list(
            "ofac-cons",
            &format!("{OFAC_EXPORTS}CONSOLIDATED.XML"),
            Some("consolidated.xml"),
        ),
        list(
            "ofac-enhanced",
            &format!("{OFAC_EXPORTS}SDN_ENHANCED.XML"),
            Some("sdn_enhanced.xml"),
        ),
        list(
            "un",
            "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
            None,
        ),
        ListConfig {
            enabled: false,
            ..list(
                "uk-ofsi",
                "https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv",
                None,
            )
        },
        list(
            "ca-sema",
            "https://www.international.gc.ca/world-monde/assets/office_docs/international_relations-relations_internationales/sanctions/sema-lmes.xml",
            None,
        ),
        list(
            "au-dfat",
            "https://www.dfat.gov.au/sites/default/files/regulation8_consolidated.xlsx",
            None,
        ),
        list(
            "ch-seco",
            "https://www.sesam.search.admin.ch/sesam-search-web/pages/downloadXmlGesamtliste.xhtml?lang=en&action=downloadXmlGesamtlisteAction",
            Some("seco.xml"),
        ),
        list(
            "us-csl",
            "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
            None,
        ),
        list("us-bis-dpl", "https://www.bis.doc.gov/dpl/dpl.txt", None),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lists_and_resolves_urls() {
        let config = Config::parse(
            r#"
            store = "s"
            max_shrink = 0.3
            [[lists]]
            kind = "ofac-sdn"
            url = "http://127.0.0.1:1/ofac"
            files = ["sdn.csv", { name = "add.csv", url = "ADD.CSV" }, { name = "alt.csv", url = "http://x/ALT" }]
            [[lists]]
            kind = "un"
            url = "http://127.0.0.1:1/un/consolidated.xml?x=1"
            "#,
        )
        .unwrap();
        assert_eq!(config.max_shrink, 0.3);
        let sdn = config.lists[0].sources().unwrap();
        assert_eq!(sdn[0].url, "http://127.0.0.1:1/ofac/sdn.csv");
        assert_eq!(sdn[1].url, "http://127.0.0.1:1/ofac/ADD.CSV");
        assert_eq!(sdn[2].url, "http://x/ALT");
        assert_eq!(
            config.lists[1].sources().unwrap()[0].name,
            "consolidated.xml"
        );
        assert!(Config::parse("[[lists]]\nkind = \"nope\"\nurl = \"http://x/a\"").is_err());
        assert!(Config::parse("[[lists]]\nkind = \"un\"\nurl = \"http://x/meta.json\"").is_err());
        assert!(Config::parse("bogus = 1").is_err());
        assert!(Config::parse("stor = \"s\"").is_err());
    }

    #[test]
    fn shares_vetter_toml_with_the_server_and_the_resolver() {
        let config = Config::parse(
            r#"
            store = "s"
            [server]
            bind = "127.0.0.1:8000"
            [[server.keys]]
            id = "ops"
            sha256 = "00"
            scope = "admin"
            [resolve]
            [[resolve.split]]
            ids = ["ofac-1", "un-QDi.1"]
            "#,
        )
        .unwrap();
        assert_eq!(config.store.as_deref(), Some(Path::new("s")));
        let error = Config::parse(
            "[serve]
bind = \"x\"",
        )
        .unwrap_err();
        assert!(error.to_string().contains("unknown key `serve`"), "{error}");
    }

    #[test]
    fn default_lists_are_valid() {
        for list in default_lists() {
            list.source_kind().unwrap();
            assert!(!list.sources().unwrap().is_empty());
        }
    }
}
