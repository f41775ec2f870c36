//! `vetter serve`: parses the arguments and runs the HTTP API of `vetter-server`.

use crate::{bundled, IndexArg};
use anyhow::Context;
use clap::Args;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use vetter_server::{RunOptions, ServerConfig};

/// `vetter serve`
#[derive(Args)]
pub struct ServeArgs {
    /// Configuration with a `[server]` section: bind, audit_db, allow_unauthenticated,
    /// limits and `[[server.keys]]` (default: ./vetter.toml when it exists).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Address to listen on (overrides server.bind; default 127.0.0.1:8000).
    #[arg(long, value_name = "ADDR")]
    bind: Option<SocketAddr>,
    /// Audit database (overrides server.audit_db; default: beside the --index file, else
    /// ./vetter-audit.sqlite).
    #[arg(long, value_name = "PATH")]
    audit_db: Option<PathBuf>,
    /// Serve requests that carry no API key (read scope). Without it, keys are required.
    #[arg(long)]
    allow_unauthenticated: bool,
    /// Monitoring database whose alerts `/alerts` serves (SQLite path or postgres:// URL;
    /// default: $VETTER_DATABASE_URL, else `[monitor] database` of the config, else
    /// vetter-monitor.sqlite beside the audit database when it exists).
    #[arg(long, value_name = "URL|PATH")]
    monitor_db: Option<String>,
    /// The `vetter fetch` store, whose last fetch of each list and latest update the lists
    /// page shows (default: `store` of the config, else ./vetter-store when it exists).
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
    /// Print the SHA-256 of an API key, as `[[server.keys]] sha256` wants it, and exit.
    #[arg(long, value_name = "KEY")]
    hash_key: Option<String>,
    #[command(flatten)]
    index: IndexArg,
}

/// Runs `vetter serve` until SIGTERM or ctrl-c; SIGHUP reloads the index.
pub fn serve(args: ServeArgs) -> anyhow::Result<()> {
    if let Some(key) = &args.hash_key {
        println!("{}", vetter_server::hash_key(key));
        return Ok(());
    }
    let config_path = args
        .config
        .clone()
        .or_else(|| Some(PathBuf::from("vetter.toml")).filter(|p| p.exists()));
    let mut config = match &config_path {
        Some(path) => ServerConfig::from_file(path)?,
        None => ServerConfig::default(),
    };
    if let Some(bind) = args.bind {
        config.bind = bind;
    }
    if args.allow_unauthenticated {
        config.allow_unauthenticated = true;
    }
    let audit_db = args
        .audit_db
        .clone()
        .or_else(|| config.audit_db.clone())
        .unwrap_or_else(|| match &args.index.index {
            Some(index) => index
                .parent()
                .unwrap_or(Path::new("."))
                .join("vetter-audit.sqlite"),
            None => PathBuf::from("vetter-audit.sqlite"),
        });
    // The same order as `vetter monitor --db`: flag, environment, `[monitor] database`,
    // then an existing vetter-monitor.sqlite beside the audit database.
    let beside = audit_db
        .parent()
        .unwrap_or(Path::new("."))
        .join("vetter-monitor.sqlite");
    config.monitor_db = args
        .monitor_db
        .clone()
        .or_else(|| {
            std::env::var("VETTER_DATABASE_URL")
                .ok()
                .filter(|u| !u.is_empty())
        })
        .or(config.monitor_db.take())
        .or_else(|| beside.is_file().then(|| beside.display().to_string()));
    let default_store = PathBuf::from(super::fetch::DEFAULT_STORE);
    config.fetch_store = args
        .store
        .clone()
        .or(config.fetch_store.take())
        .or_else(|| default_store.is_dir().then_some(default_store));
    let index_path = args.index.index.clone();
    let index = bundled::open_index(index_path.as_deref()).context("loading the index")?;
    let reloader: vetter_server::Reloader =
        Arc::new(move || bundled::open_index(index_path.as_deref()).map(Arc::new));
    vetter_server::run(RunOptions {
        config,
        index,
        reloader: Some(reloader),
        audit_db,
    })
}
