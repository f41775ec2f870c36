//! `vetter worker`, `vetter submit` and `vetter announce`: screening on NATS JetStream
//! through `vetter-worker`.

use super::read_args::ReadArgs;
use crate::{bundled, IndexArg};
use anyhow::{bail, Context};
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use vetter_batch::{Batch, BatchOptions};
use vetter_worker::{Snapshot, StreamSettings, SubmitOptions, WorkerOptions};

/// The `[worker]` section of `vetter.toml`; command-line options override it.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkerSection {
    nats: Option<String>,
    stream: Option<String>,
    db: Option<String>,
    batch_size: Option<usize>,
    metrics: Option<SocketAddr>,
    replicas: Option<usize>,
    ack_wait_seconds: Option<u64>,
    index: Option<PathBuf>,
}

fn worker_section(path: Option<&PathBuf>) -> anyhow::Result<WorkerSection> {
    #[derive(serde::Deserialize)]
    struct File {
        #[serde(default)]
        worker: Option<WorkerSection>,
    }
    let path = match path {
        Some(p) => p.clone(),
        None if std::path::Path::new("vetter.toml").exists() => PathBuf::from("vetter.toml"),
        None => return Ok(WorkerSection::default()),
    };
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    // Other sections belong to other commands: read only [worker].
    let value: toml::Table = toml::from_str(&text).with_context(|| path.display().to_string())?;
    let mut only = toml::Table::new();
    if let Some(w) = value.get("worker") {
        only.insert("worker".into(), w.clone());
    }
    let file: File = only
        .try_into()
        .with_context(|| format!("{}: [worker]", path.display()))?;
    Ok(file.worker.unwrap_or_default())
}

/// The NATS and stream options shared by the three commands.
#[derive(Args)]
pub struct NatsArgs {
    /// NATS server URL(s), comma-separated (default: [worker] nats, else
    /// nats://127.0.0.1:4222).
    #[arg(long, value_name = "URL")]
    nats: Option<String>,
    /// Stream name: requests on NAME.requests.*, results on NAME.results.* (default:
    /// [worker] stream, else vetter).
    #[arg(long, value_name = "NAME")]
    stream: Option<String>,
    /// Configuration file with a [worker] section (default: ./vetter.toml when it exists).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

impl NatsArgs {
    fn resolve(&self) -> anyhow::Result<(String, String, WorkerSection)> {
        let section = worker_section(self.config.as_ref())?;
        let nats = self
            .nats
            .clone()
            .or_else(|| section.nats.clone())
            .unwrap_or_else(|| "nats://127.0.0.1:4222".into());
        let stream = self
            .stream
            .clone()
            .or_else(|| section.stream.clone())
            .unwrap_or_else(|| vetter_worker::DEFAULT_STREAM.into());
        Ok((nats, stream, section))
    }
}

/// `vetter worker`
#[derive(Args)]
pub struct WorkerArgs {
    #[command(flatten)]
    nats: NatsArgs,
    /// PostgreSQL URL of the results database (default: $VETTER_DATABASE_URL, else
    /// [worker] db; without one results are only published).
    #[arg(long, value_name = "URL")]
    db: Option<String>,
    /// Requests pulled and screened together.
    #[arg(long, value_name = "N")]
    batch_size: Option<usize>,
    /// Serve Prometheus metrics (/metrics, /health) on this address.
    #[arg(long, value_name = "ADDR")]
    metrics: Option<SocketAddr>,
    /// Replicas of streams this worker creates (3 on a 3-node cluster).
    #[arg(long, value_name = "N")]
    replicas: Option<usize>,
    /// Seconds before an unacknowledged request is redelivered to another worker.
    #[arg(long, value_name = "SECONDS")]
    ack_wait: Option<u64>,
    /// This worker's name on results and in the audit trail (default: host-pid).
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    index: IndexArg,
}

/// Runs `vetter worker` until SIGTERM.
pub fn worker(args: WorkerArgs) -> anyhow::Result<()> {
    let (nats, stream, section) = args.nats.resolve()?;
    let mut options = WorkerOptions::new(nats, stream);
    options.db_url = args
        .db
        .or_else(|| std::env::var("VETTER_DATABASE_URL").ok())
        .or(section.db);
    if let Some(n) = args.batch_size.or(section.batch_size) {
        options.batch_size = n;
    }
    options.metrics_addr = args.metrics.or(section.metrics);
    options.settings = StreamSettings {
        replicas: args.replicas.or(section.replicas).unwrap_or(1),
        ..StreamSettings::default()
    };
    if let Some(s) = args.ack_wait.or(section.ack_wait_seconds) {
        options.ack_wait = Duration::from_secs(s.max(1));
    }
    if let Some(name) = args.name {
        options.name = name;
    }
    if options.db_url.is_none() {
        eprintln!("warning: no --db: results are published but not recorded");
    }
    let index_path = args.index.index.or(section.index);
    let initial = move || {
        let index = bundled::open_index(index_path.as_deref())
            .map_err(|e| vetter_worker::Error::Other(format!("{e:#}")))?;
        let version = vetter_worker::index_version(&index);
        Ok(Snapshot::new(index, version))
    };
    vetter_worker::block_on(vetter_worker::run_worker(options, initial))??;
    Ok(())
}

/// `vetter submit`
#[derive(Args)]
pub struct SubmitArgs {
    #[command(flatten)]
    nats: NatsArgs,
    /// The customer file: CSV, JSON lines or Parquet (as `vetter screen --input`).
    #[arg(long, value_name = "FILE")]
    input: PathBuf,
    #[command(flatten)]
    read: ReadArgs,
    /// Batch id: request ids are BATCH-LINE, so submitting the same file again under the
    /// same id adds no work within the duplicate window (default: from the time).
    #[arg(long)]
    batch: Option<String>,
    /// Write the results as JSON lines to this file.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Publishes awaiting acknowledgement at most (back-pressure).
    #[arg(long, default_value_t = 512, value_name = "N")]
    max_inflight: usize,
    /// Maximum alerts per record.
    #[arg(long, default_value_t = 5)]
    limit: usize,
    /// Lowest score of an alert (default: the match threshold).
    #[arg(long)]
    cutoff: Option<f32>,
    /// Give up when no result arrives for this many seconds after the last publish.
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    idle_timeout: u64,
    /// No progress lines.
    #[arg(long)]
    quiet: bool,
}

/// Runs `vetter submit`.
pub fn submit(args: SubmitArgs) -> anyhow::Result<()> {
    let (nats, stream, _) = args.nats.resolve()?;
    let batch = Batch::open(
        &args.input,
        BatchOptions {
            progress: false,
            ..args.read.batch_options()?
        },
    )?;
    if batch.mapping_detected() && !batch.columns().is_empty() {
        eprintln!(
            "{}: columns detected: {} (override with --map)",
            args.input.display(),
            batch.mapping()
        );
    }
    let batch_id = match args.batch {
        Some(b) => b,
        None => format!(
            "b{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_millis()
        ),
    };
    let output: Option<Box<dyn std::io::Write + Send>> = match &args.output {
        None => None,
        Some(path) => Some(Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        ))),
    };
    let options = SubmitOptions {
        nats_url: nats,
        stream,
        batch: batch_id.clone(),
        max_inflight: args.max_inflight,
        chunk_size: 1024,
        limit: Some(args.limit),
        cutoff: args.cutoff,
        idle_timeout: Duration::from_secs(args.idle_timeout),
        progress: !args.quiet,
    };
    eprintln!("batch {batch_id}");
    let report = vetter_worker::block_on(vetter_worker::submit(batch, options, output))??;
    eprint!("{report}");
    if report.dead > 0 {
        bail!("{} requests were dead-lettered", report.dead);
    }
    Ok(())
}

/// `vetter announce`
#[derive(Args)]
pub struct AnnounceArgs {
    #[command(flatten)]
    nats: NatsArgs,
    /// The index file every worker loads (the same path on every worker's machine).
    #[arg(long, value_name = "PATH")]
    index: PathBuf,
    /// Version stamped on results (default: the index's lists and their versions).
    #[arg(long)]
    version: Option<String>,
}

/// Runs `vetter announce`: checks that the index loads, then announces it.
pub fn announce(args: AnnounceArgs) -> anyhow::Result<()> {
    let (nats, stream, _) = args.nats.resolve()?;
    let index = vetter_index::Index::load(&args.index)
        .with_context(|| format!("loading index {}", args.index.display()))?;
    let path = std::fs::canonicalize(&args.index)?;
    let announcement = vetter_worker::Announcement {
        version: args
            .version
            .unwrap_or_else(|| vetter_worker::index_version(&index)),
        path: path.display().to_string(),
    };
    let names = vetter_worker::Names::new(&stream)?;
    let revision = vetter_worker::block_on(async {
        let js = vetter_worker::connect(&nats).await?;
        vetter_worker::ensure_streams(&js, &names, &StreamSettings::default()).await?;
        vetter_worker::announce(&js, &names, &announcement).await
    })??;
    println!(
        "announced index {} ({}) as revision {revision}",
        announcement.version, announcement.path
    );
    Ok(())
}
