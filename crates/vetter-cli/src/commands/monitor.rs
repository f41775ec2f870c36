//! `vetter monitor add|run|status`, `vetter alerts list|show|decide`, `vetter audit export`:
//! continuous monitoring of a customer book over `vetter-monitor` and `vetter-store`.
//!
//! The database is `--db URL|PATH`, else `$VETTER_DATABASE_URL`, else `[monitor] database`
//! in vetter.toml, else `vetter-monitor.sqlite` beside the `--index` file (or the
//! `--from-store` directory), else in the working directory.

use super::read_args::ReadArgs;
use crate::bundled;
use anyhow::{bail, Context};
use clap::{Args, Subcommand};
use serde_json::json;
use std::io::Write;
use std::path::{Path, PathBuf};
use vetter_batch::BatchOptions;
use vetter_fetch::detect_kind;
use vetter_fetch::store::load_version;
use vetter_monitor::{AddOptions, ListPair, Monitor, RunOptions};
use vetter_sources::SourceKind;
use vetter_store::{AlertDetail, AlertFilter, AlertSummary};

/// Where the monitoring database is.
#[derive(Args, Clone, Default)]
pub struct DbArg {
    /// Database: an SQLite file path (or sqlite://PATH) or a postgres:// URL.
    #[arg(long, value_name = "URL|PATH")]
    db: Option<String>,
    /// Configuration file with a `[monitor] database = "…"` entry (default: ./vetter.toml).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
}

impl DbArg {
    /// The database URL, with `beside` the directory of the default SQLite file.
    fn url(&self, beside: Option<&Path>) -> anyhow::Result<String> {
        if let Some(db) = &self.db {
            return Ok(db.clone());
        }
        if let Ok(url) = std::env::var("VETTER_DATABASE_URL") {
            if !url.is_empty() {
                return Ok(url);
            }
        }
        let config = self
            .config
            .clone()
            .or_else(|| Some(PathBuf::from("vetter.toml")).filter(|p| p.is_file()));
        if let Some(path) = config {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let value: toml::Value =
                toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
            if let Some(db) = value
                .get("monitor")
                .and_then(|m| m.get("database"))
                .and_then(|d| d.as_str())
            {
                return Ok(db.to_string());
            }
        }
        let dir = beside.unwrap_or(Path::new("."));
        Ok(dir.join("vetter-monitor.sqlite").display().to_string())
    }

    fn open(&self, beside: Option<&Path>) -> anyhow::Result<Monitor> {
        let url = self.url(beside)?;
        Monitor::open(&url).with_context(|| format!("opening the monitoring database {url}"))
    }
}

/// `vetter monitor …`
#[derive(Subcommand)]
pub enum MonitorCommand {
    /// Load (upsert by id) a customer file into the book; screen new and changed records.
    Add(AddArgs),
    /// Re-screen the book against what changed between two list versions.
    Run(RunArgs),
    /// Customers, alerts by status, list versions and the latest runs.
    Status(StatusArgs),
}

/// `vetter monitor add`
#[derive(Args)]
pub struct AddArgs {
    /// Customer file: CSV, JSON lines or Parquet.
    #[arg(long, value_name = "FILE")]
    input: PathBuf,
    #[command(flatten)]
    read: ReadArgs,
    /// The file is the whole book: customers not in it are marked removed.
    #[arg(long)]
    full: bool,
    /// Store the records without screening them (a book already screened elsewhere;
    /// later `monitor run`s screen list changes against it).
    #[arg(long)]
    no_screen: bool,
    /// Records per transaction.
    #[arg(long, default_value_t = 2048)]
    chunk: usize,
    #[command(flatten)]
    index: crate::IndexArg,
    #[command(flatten)]
    db: DbArg,
}

/// `vetter monitor run`
#[derive(Args)]
pub struct RunArgs {
    /// A `vetter fetch` store: each list's current version against the version the book
    /// was last screened against (else the version before the current one).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["old", "new"])]
    from_store: Option<PathBuf>,
    /// The old version of a list (file, directory of files, or stored version).
    #[arg(long, value_name = "PATH", requires = "new")]
    old: Option<PathBuf>,
    /// The new version of the same list.
    #[arg(long, value_name = "PATH", requires = "old")]
    new: Option<PathBuf>,
    /// The list kind of --old/--new (default: detected).
    #[arg(long)]
    kind: Option<String>,
    /// Re-screen even if the book is already screened against the new versions.
    #[arg(long)]
    force: bool,
    /// Listed entities per transaction.
    #[arg(long, default_value_t = 256)]
    chunk: usize,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DbArg,
}

/// `vetter monitor status`
#[derive(Args)]
pub struct StatusArgs {
    /// Print as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DbArg,
}

/// `vetter alerts …`
#[derive(Subcommand)]
pub enum AlertsCommand {
    /// List alerts, highest score first.
    List(ListArgs),
    /// Show one alert: records, explanation, changes, decisions.
    Show(ShowArgs),
    /// Record a decision on an alert.
    Decide(DecideArgs),
}

/// `vetter alerts list`
#[derive(Args)]
pub struct ListArgs {
    /// open, true_match, false_positive, escalated, delisted or all.
    #[arg(long, default_value = "open")]
    status: String,
    /// Only alerts on this dataset (us_ofac_sdn …).
    #[arg(long)]
    dataset: Option<String>,
    /// Only alerts scoring at least this.
    #[arg(long)]
    min_score: Option<f64>,
    /// Only this customer's alerts.
    #[arg(long)]
    customer: Option<String>,
    /// Page size.
    #[arg(long, default_value_t = 50)]
    limit: i64,
    /// Page start.
    #[arg(long, default_value_t = 0)]
    offset: i64,
    /// JSON output (`{"total", "alerts"}`).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DbArg,
}

/// `vetter alerts show`
#[derive(Args)]
pub struct ShowArgs {
    /// Alert id (`a-…`).
    id: String,
    /// JSON output.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    db: DbArg,
}

/// `vetter alerts decide`
#[derive(Args)]
pub struct DecideArgs {
    /// Alert id (`a-…`).
    id: String,
    /// true_match, false_positive or escalated.
    #[arg(long)]
    decision: String,
    /// Why (required).
    #[arg(long)]
    reason: String,
    /// Who decides (default: $USER).
    #[arg(long)]
    analyst: Option<String>,
    #[command(flatten)]
    db: DbArg,
}

/// `vetter audit …`
#[derive(Subcommand)]
pub enum AuditCommand {
    /// Write the audit trail (decisions, runs, reopened and delisted alerts) as JSON lines.
    Export(ExportAuditArgs),
}

/// `vetter audit export`
#[derive(Args)]
pub struct ExportAuditArgs {
    /// Output file (default: standard output).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Only events after this sequence number.
    #[arg(long, default_value_t = 0)]
    after: i64,
    #[command(flatten)]
    db: DbArg,
}

/// Runs `vetter monitor …`.
pub fn monitor(command: MonitorCommand) -> anyhow::Result<()> {
    match command {
        MonitorCommand::Add(args) => add(args),
        MonitorCommand::Run(args) => run(args),
        MonitorCommand::Status(args) => status(args),
    }
}

fn add(args: AddArgs) -> anyhow::Result<()> {
    let batch_options = BatchOptions {
        progress: false,
        ..args.read.batch_options()?
    };
    let index_path = args.index.index.clone();
    let beside = index_path.as_deref().and_then(Path::parent);
    let monitor = args.db.open(beside)?;
    let index = bundled::open_index(index_path.as_deref()).context("loading the index")?;
    let options = AddOptions {
        chunk: args.chunk,
        full: args.full,
        limit: 10,
        screen: !args.no_screen,
    };
    let report = monitor.add(&args.input, batch_options, &index, &options)?;
    if report.resumed_after > 0 {
        eprintln!(
            "resumed run {} after {} committed chunks",
            report.run_id, report.resumed_after
        );
    }
    println!(
        "run {}: {} records read, {} screened, {} rejected in {:.1} s",
        report.run_id,
        report.read,
        report.screened,
        report.rejected,
        report.elapsed.as_secs_f64()
    );
    println!("{}", report.counts);
    for reject in &report.rejects {
        eprintln!("  line {}: {}", reject.line, reject.reason);
    }
    Ok(())
}

/// The kind of a list path (given or detected).
fn kind_of(kind: Option<&str>, path: &Path) -> anyhow::Result<SourceKind> {
    match kind {
        Some(k) => Ok(k.parse()?),
        None => detect_kind(path)
            .with_context(|| format!("cannot tell which list {} is; give --kind", path.display())),
    }
}

fn run(args: RunArgs) -> anyhow::Result<()> {
    let monitor = args.db.open(args.from_store.as_deref())?;
    let pairs = match (&args.from_store, &args.old, &args.new) {
        (Some(dir), _, _) => store_pairs(&monitor, dir)?,
        (None, Some(old), Some(new)) => {
            let kind = kind_of(args.kind.as_deref(), old)?;
            let new_kind = kind_of(args.kind.as_deref(), new)?;
            anyhow::ensure!(
                kind == new_kind,
                "{} is a {kind} list but {} is a {new_kind} list",
                old.display(),
                new.display()
            );
            vec![ListPair {
                old: load_dated(kind, old)?,
                new: load_dated(kind, new)?,
                old_source: old.display().to_string(),
                new_source: new.display().to_string(),
            }]
        }
        _ => bail!("give --from-store DIR, or --old PATH and --new PATH"),
    };
    if pairs.is_empty() {
        println!("no list changed since the last run");
        return Ok(());
    }
    let options = RunOptions {
        chunk: args.chunk,
        force: args.force,
    };
    let report = monitor.run(&pairs, &options)?;
    if args.json {
        let value = json!({
            "run": report.run_id, "up_to_date": report.up_to_date,
            "resumed_after": report.resumed_after,
            "entities": {"added": report.added, "changed": report.changed, "removed": report.removed},
            "book": report.book, "matches": report.matches, "counts": report.counts,
            "index_seconds": report.index_time.as_secs_f64(), "seconds": report.elapsed.as_secs_f64(),
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    if report.up_to_date {
        println!("the book is already screened against these versions (--force to re-screen)");
        return Ok(());
    }
    for pair in &pairs {
        println!(
            "{}: {} -> {}",
            pair.new.kind,
            pair.old.version.as_deref().unwrap_or("?"),
            pair.new.version.as_deref().unwrap_or("?")
        );
    }
    if report.resumed_after > 0 {
        println!("resumed after {} committed steps", report.resumed_after);
    }
    println!(
        "run {}: listed entities {} added, {} changed, {} removed; book {} customers (index {:.1} s); {} pairs at or above the threshold; {:.1} s",
        report.run_id.as_deref().unwrap_or("-"),
        report.added,
        report.changed,
        report.removed,
        report.book,
        report.index_time.as_secs_f64(),
        report.matches,
        report.elapsed.as_secs_f64()
    );
    println!("{}", report.counts);
    Ok(())
}

/// A list version from a path; a list whose files carry no as-of date (the OFAC CSV set)
/// takes it from a path named by date (`…/us-ofac-sdn/2023-12-28`), so that alerts record
/// which version they were screened against.
fn load_dated(kind: SourceKind, path: &Path) -> anyhow::Result<vetter_sources::LoadedList> {
    let mut list = load_version(kind, path)?;
    if list.version.is_none() {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let dated = name.len() == 10
            && name.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if dated {
            list.version = Some(name.to_string());
        }
    }
    Ok(list)
}

/// Old and new versions of every list of a fetch store whose current version differs from
/// the one the book was last screened against.
fn store_pairs(monitor: &Monitor, dir: &Path) -> anyhow::Result<Vec<ListPair>> {
    let store = vetter_fetch::Store::new(dir);
    let recorded = monitor.block_on(monitor.store().lists())?;
    let mut pairs = Vec::new();
    for kind in store.kinds() {
        let Some(current) = store.current(kind)? else {
            continue;
        };
        let versions = store.versions(kind)?;
        let previous = recorded
            .iter()
            .find(|l| l.dataset == kind.dataset())
            .and_then(|l| versions.iter().find(|v| v.id == l.source))
            .or_else(|| {
                let at = versions.iter().position(|v| v.id == current.id)?;
                at.checked_sub(1).map(|i| &versions[i])
            });
        let Some(previous) = previous else {
            eprintln!("{kind}: only one stored version; nothing to compare yet");
            continue;
        };
        if previous.id == current.id {
            continue;
        }
        pairs.push(ListPair {
            old: store.load(kind, previous)?,
            new: store.load(kind, &current)?,
            old_source: previous.id.clone(),
            new_source: current.id.clone(),
        });
    }
    Ok(pairs)
}

fn status(args: StatusArgs) -> anyhow::Result<()> {
    let monitor = args.db.open(None)?;
    let status = monitor.block_on(monitor.store().status())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&status)?);
        return Ok(());
    }
    println!(
        "customers: {} ({} removed)",
        status.customers, status.removed
    );
    let alerts: Vec<String> = status
        .alerts
        .iter()
        .map(|(s, n)| format!("{s} {n}"))
        .collect();
    println!(
        "alerts: {}",
        if alerts.is_empty() {
            "none".into()
        } else {
            alerts.join(", ")
        }
    );
    for list in &status.lists {
        println!(
            "list {} ({}): {} from {}",
            list.dataset, list.kind, list.version, list.source
        );
    }
    for run in &status.runs {
        println!(
            "run {} {} started {} {}: {}",
            run.id,
            run.kind,
            run.started_at,
            match &run.completed_at {
                Some(at) => format!("completed {at}"),
                None => format!("INCOMPLETE after step {}", run.step),
            },
            run.summary
        );
    }
    Ok(())
}

/// Runs `vetter alerts …`.
pub fn alerts(command: AlertsCommand) -> anyhow::Result<()> {
    match command {
        AlertsCommand::List(args) => {
            if args.status != "all" && !vetter_store::STATUSES.contains(&args.status.as_str()) {
                bail!(
                    "--status {:?}: one of {} or all",
                    args.status,
                    vetter_store::STATUSES.join(", ")
                );
            }
            let monitor = args.db.open(None)?;
            let filter = AlertFilter {
                status: (args.status != "all").then(|| args.status.clone()),
                dataset: args.dataset.clone(),
                min_score: args.min_score,
                customer_id: args.customer.clone(),
                limit: args.limit,
                offset: args.offset,
            };
            let (total, alerts) = monitor.block_on(monitor.store().list_alerts(&filter))?;
            if args.json {
                println!(
                    "{}",
                    serde_json::to_string(
                        &json!({"total": total, "limit": args.limit, "offset": args.offset, "alerts": alerts})
                    )?
                );
                return Ok(());
            }
            print_alerts(total, &alerts)
        }
        AlertsCommand::Show(args) => {
            let monitor = args.db.open(None)?;
            let alert = monitor.block_on(monitor.store().alert(&args.id))?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&alert)?);
                return Ok(());
            }
            print_alert(&alert)
        }
        AlertsCommand::Decide(args) => {
            let monitor = args.db.open(None)?;
            let analyst = args
                .analyst
                .clone()
                .or_else(|| std::env::var("USER").ok())
                .unwrap_or_else(|| "cli".into());
            let alert = monitor.block_on(monitor.store().decide(
                &args.id,
                &args.decision,
                &analyst,
                &args.reason,
            ))?;
            println!(
                "{}: {} by {} ({})",
                alert.summary.id, alert.summary.status, analyst, args.reason
            );
            Ok(())
        }
    }
}

fn print_alerts(total: i64, alerts: &[AlertSummary]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{total} alerts")?;
    writeln!(
        out,
        "{:<24} {:<14} {:>5}  {:<30} {:<14} ENTITY",
        "ID", "STATUS", "SCORE", "CUSTOMER", "ENTITY ID"
    )?;
    for a in alerts {
        writeln!(
            out,
            "{:<24} {:<14} {:>5.3}  {:<30} {:<14} {}{}",
            a.id,
            a.status,
            a.score,
            format!(
                "{} {}",
                a.customer["id"].as_str().unwrap_or(""),
                a.customer["name"].as_str().unwrap_or("")
            ),
            a.entity["id"].as_str().unwrap_or(""),
            a.entity["caption"].as_str().unwrap_or(""),
            if a.reopened { " (reopened)" } else { "" }
        )?;
    }
    Ok(())
}

fn print_alert(alert: &AlertDetail) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let s = &alert.summary;
    writeln!(
        out,
        "{} {} score {:.3}{}",
        s.id,
        s.status,
        s.score,
        if s.reopened { " reopened" } else { "" }
    )?;
    writeln!(
        out,
        "customer {} v{}: {}",
        s.customer["id"], s.customer["version"], alert.customer_record
    )?;
    writeln!(out, "entity {}: {}", s.entity["id"], alert.entity_record)?;
    writeln!(
        out,
        "algorithm {}, lists {}",
        alert.algorithm, alert.list_versions
    )?;
    writeln!(out, "explanation {}", alert.explanation)?;
    for change in &alert.changes {
        writeln!(
            out,
            "changed {} {}: +{:?} -{:?}",
            change.side, change.field, change.added, change.removed
        )?;
    }
    for d in &alert.decisions {
        writeln!(
            out,
            "decision {} by {} at {}: {}",
            d.decision, d.analyst, d.at, d.reason
        )?;
    }
    Ok(())
}

/// Runs `vetter audit …`.
pub fn audit(command: AuditCommand) -> anyhow::Result<()> {
    let AuditCommand::Export(args) = command;
    let monitor = args.db.open(None)?;
    let mut out = super::open_output(args.output.as_deref())?;
    let mut after = args.after;
    loop {
        let events = monitor.block_on(monitor.store().audit_after(after, 1000))?;
        let Some(last) = events.last() else {
            break;
        };
        after = last.seq;
        for event in &events {
            serde_json::to_writer(&mut out, event)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(())
}
