//! The real official lists bundled in the binary, so that Vetter screens on a fresh machine
//! with no download: OFAC SDN of 2023-12-28 and the UN Security Council list of 2026-02-27
//! (both public domain; copies of `data/bundled/`).

use anyhow::Context;
use std::path::{Path, PathBuf};
use vetter_index::Index;
use vetter_sources::{load_ofac_sdn_from_readers, load_un_from_reader, LoadedList, OfacSdnReaders};

const OFAC_DIR: &str = "data/bundled/us-ofac-sdn-2023-12-28";
const OFAC_VERSION: &str = "2023-12-28";
const SDN: &[u8] = include_bytes!("../../../data/bundled/us-ofac-sdn-2023-12-28/sdn.csv");
const ADD: &[u8] = include_bytes!("../../../data/bundled/us-ofac-sdn-2023-12-28/add.csv");
const ALT: &[u8] = include_bytes!("../../../data/bundled/us-ofac-sdn-2023-12-28/alt.csv");
const COMMENTS: &[u8] =
    include_bytes!("../../../data/bundled/us-ofac-sdn-2023-12-28/sdn_comments.csv");
const UN_FILE: &str = "data/bundled/un-sc-consolidated-2026-02-27.xml";
const UN: &[u8] = include_bytes!("../../../data/bundled/un-sc-consolidated-2026-02-27.xml");

/// Parses the bundled lists.
pub fn lists() -> anyhow::Result<Vec<LoadedList>> {
    let ofac = load_ofac_sdn_from_readers(
        OfacSdnReaders {
            dir: PathBuf::from(OFAC_DIR),
            sdn: &mut &SDN[..],
            add: Some(&mut &ADD[..]),
            alt: Some(&mut &ALT[..]),
            comments: Some(&mut &COMMENTS[..]),
        },
        Some(OFAC_VERSION.to_string()),
    )?;
    let un = load_un_from_reader(UN, Path::new(UN_FILE), None)?;
    Ok(vec![ofac, un])
}

/// A tag of this build of the binary (version, size and modification time of the
/// executable), so that a rebuilt binary never reads a cache written by another build.
fn build_tag() -> String {
    let stamp = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs());
            format!("{:x}-{:x}", m.len(), modified)
        })
        .unwrap_or_default();
    format!("{}-{stamp}", env!("CARGO_PKG_VERSION"))
}

/// Where the index of the bundled lists is cached: `$VETTER_INDEX`, else
/// `$XDG_CACHE_HOME/vetter/`, else `~/.cache/vetter/`, named after this build of the binary
/// so that a new binary never reads an old cache.
pub fn default_index_path() -> PathBuf {
    if let Some(path) = std::env::var_os("VETTER_INDEX") {
        return PathBuf::from(path);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("vetter")
        .join(format!("bundled-{}.idx", build_tag()))
}

/// Loads the index at `path`, or the cached index of the bundled lists (building and
/// caching it on first use).
pub fn open_index(path: Option<&Path>) -> anyhow::Result<Index> {
    if let Some(path) = path {
        return Index::load(path).with_context(|| format!("loading index {}", path.display()));
    }
    let cache = default_index_path();
    if let Ok(index) = Index::load(&cache) {
        return Ok(index);
    }
    let index = Index::build(lists()?);
    // The cache is an optimisation: a read-only home must not stop screening.
    if let Err(err) = index.save(&cache) {
        eprintln!("note: could not cache the bundled index: {err}");
    }
    Ok(index)
}
