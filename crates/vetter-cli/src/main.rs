//! `vetter`: sanctions and PEP screening from the command line.

mod bundled;
mod commands;
mod output;

use clap::{Parser, Subcommand};

/// mimalloc: index building and screening allocate many small strings; it is markedly
/// faster than the system allocator for that.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::process::ExitCode;

/// Vetter screens names and entities against official sanctions lists.
#[derive(Parser)]
#[command(name = "vetter", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build or inspect a screening index.
    #[command(subcommand)]
    Index(commands::IndexCommand),
    /// Screen one name, or a file of FtM entities, against the index.
    Screen(commands::ScreenArgs),
    /// Score pairs of entities (JSON lines with "left" and "right").
    Compare(commands::CompareArgs),
    /// Measure accuracy on labelled pairs.
    #[command(subcommand)]
    Eval(commands::EvalCommand),
    /// Show everything known about one listed entity.
    Entity(commands::EntityArgs),
    /// Write the indexed entities and their sanctions as FollowTheMoney JSON lines.
    Export(commands::ExportArgs),
    /// Benchmark index build, load, screening latency and pairwise scoring.
    Bench(commands::BenchArgs),
    /// Find mentions of listed parties in free text, MT103 or pacs.008 messages.
    Text(commands::TextArgs),
    /// Download the configured official lists into the version store (vetter.toml).
    Fetch(commands::FetchArgs),
    /// Show what changed between two versions of a list (added, removed, changed entities).
    Diff(commands::DiffArgs),
    /// Serve the yente-compatible HTTP screening API (API keys, audit log, metrics).
    Serve(commands::ServeArgs),
    /// Continuous monitoring of a customer book: add records, re-screen after list updates.
    #[command(subcommand)]
    Monitor(commands::MonitorCommand),
    /// List, show and decide monitoring alerts.
    #[command(subcommand)]
    Alerts(commands::AlertsCommand),
    /// Export the monitoring audit trail (decisions, runs) as JSON lines.
    #[command(subcommand)]
    Audit(commands::AuditCommand),
    /// Screen requests from a NATS JetStream work queue; record results in PostgreSQL.
    Worker(commands::WorkerArgs),
    /// Publish a customer file as screening requests to the workers and collect results.
    Submit(commands::SubmitArgs),
    /// Announce an index version to every worker (they swap to it between batches).
    Announce(commands::AnnounceArgs),
}

/// Where the index comes from: a file, or the bundled lists.
#[derive(clap::Args, Clone, Default)]
pub struct IndexArg {
    /// Index file written by `vetter index build` (default: the bundled lists).
    #[arg(long, value_name = "PATH")]
    pub index: Option<PathBuf>,
}

/// Restores the default action of SIGPIPE, so that `vetter … | head` ends quietly when the
/// reader closes the pipe instead of failing on the next write (Rust ignores SIGPIPE).
fn exit_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal disposition to SIG_DFL at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    exit_quietly_on_closed_pipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Index(command) => commands::index(command),
        Command::Screen(args) => commands::screen(args),
        Command::Compare(args) => commands::compare(args),
        Command::Eval(command) => commands::eval(command),
        Command::Entity(args) => commands::entity(args),
        Command::Export(args) => commands::export(args),
        Command::Bench(args) => commands::bench(args),
        Command::Text(args) => commands::text(args),
        Command::Fetch(args) => commands::fetch(args),
        Command::Diff(args) => commands::diff(args),
        Command::Serve(args) => commands::serve(args),
        Command::Monitor(command) => commands::monitor(command),
        Command::Alerts(command) => commands::alerts(command),
        Command::Audit(command) => commands::audit(command),
        Command::Worker(args) => commands::worker(args),
        Command::Submit(args) => commands::submit(args),
        Command::Announce(args) => commands::announce(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
