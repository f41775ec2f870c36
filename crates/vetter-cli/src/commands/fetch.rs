//! `vetter fetch`: download the configured lists into the version store.

use anyhow::Context;
use clap::Args;
use std::path::{Path, PathBuf};
use vetter_fetch::{select, Config, Fetcher, Status, Store};
use vetter_sources::SourceKind;

/// Default store directory when neither `--store` nor the configuration names one.
pub const DEFAULT_STORE: &str = "vetter-store";

/// `vetter fetch`
#[derive(Args)]
pub struct FetchArgs {
    /// Configuration file (default: ./vetter.toml when it exists, else the official lists
    /// at their publishers' addresses).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Store directory (default: `store` in the configuration, else ./vetter-store).
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
    /// Fetch only this list (a kind, e.g. ofac-sdn), even when disabled in the
    /// configuration. Repeatable.
    #[arg(long = "list", value_name = "KIND")]
    lists: Vec<String>,
}

/// Runs `vetter fetch`. Every selected list is tried; the command fails when any list
/// failed, naming each, and those lists keep their last good version.
pub fn fetch(args: FetchArgs) -> anyhow::Result<()> {
    let config = match &args.config {
        Some(path) => Config::load(path)?,
        None if Path::new("vetter.toml").is_file() => Config::load(Path::new("vetter.toml"))?,
        None => Config::default(),
    };
    let only = args
        .lists
        .iter()
        .map(|k| k.parse::<SourceKind>())
        .collect::<Result<Vec<_>, _>>()?;
    let lists = select(&config, &only)?;
    let root = args
        .store
        .clone()
        .or_else(|| config.store.clone())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_STORE));
    let store = Store::new(&root);
    let fetcher = Fetcher::new(&config, store.clone());
    let mut failed = Vec::new();
    for outcome in fetcher.fetch_all(lists) {
        let kind = &outcome.kind;
        match outcome.result {
            Ok(Status::Updated { version, previous }) => println!(
                "{kind}: updated to {} ({} entities, list version {}, {} bytes, sha256 {}){}",
                version.id,
                version.entities,
                version.list_version,
                version.size,
                &version.sha256[..16],
                previous
                    .map(|p| format!("; previous {p} kept"))
                    .unwrap_or_default()
            ),
            Ok(Status::NotModified { current }) => {
                println!("{kind}: unchanged (not modified), current {}", current.id)
            }
            Ok(Status::SameContent { current }) => {
                println!("{kind}: unchanged (same checksum), current {}", current.id)
            }
            Err(err) => {
                let kept = SourceKind::ALL
                    .iter()
                    .find(|k| k.as_str() == kind)
                    .and_then(|k| store.current(*k).ok().flatten())
                    .map(|c| format!("current version {} kept", c.id))
                    .unwrap_or_else(|| "no version stored yet".into());
                eprintln!("error: {kind}: {err} ({kept})");
                failed.push(kind.clone());
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(anyhow::anyhow!(
            "{} list(s) not updated: {}",
            failed.len(),
            failed.join(", ")
        ))
        .with_context(|| format!("fetching into {}", root.display()))
    }
}
