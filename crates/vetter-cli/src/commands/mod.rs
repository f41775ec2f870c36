//! The subcommands. Each module parses its arguments and wires library crates together.

mod bench;
mod compare;
mod diff;
mod entity;
mod eval_screening;
mod export;
mod fetch;
mod index;
mod monitor;
mod read_args;
mod screen;
mod serve;
mod text;
mod worker;

pub use bench::{bench, BenchArgs};
pub use compare::{compare, eval, CompareArgs, Confusion, EvalCommand};
pub use diff::{diff_command as diff, DiffArgs};
pub use entity::{entity, EntityArgs};
pub use export::{export, ExportArgs};
pub use fetch::{fetch, FetchArgs};
pub use index::{index, IndexCommand};
pub use monitor::{alerts, audit, monitor, AlertsCommand, AuditCommand, MonitorCommand};
pub use screen::{screen, ScreenArgs};
pub use serve::{serve, ServeArgs};
pub use text::{text, TextArgs};
pub use worker::{announce, submit, worker, AnnounceArgs, SubmitArgs, WorkerArgs};

use anyhow::Context;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

/// Opens a JSON-lines input (`-` for standard input) and yields `(line number, value)`.
pub fn read_json_lines(
    path: &Path,
) -> anyhow::Result<impl Iterator<Item = anyhow::Result<(usize, serde_json::Value)>>> {
    let reader: Box<dyn BufRead> = if path == Path::new("-") {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        Box::new(BufReader::new(
            std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?,
        ))
    };
    let name = path.display().to_string();
    Ok(reader
        .lines()
        .enumerate()
        .filter(|(_, line)| line.as_ref().map_or(true, |l| !l.trim().is_empty()))
        .map(move |(i, line)| {
            let line = line.with_context(|| format!("{name}:{}: reading", i + 1))?;
            let value = serde_json::from_str(&line)
                .with_context(|| format!("{name}:{}: invalid JSON", i + 1))?;
            Ok((i + 1, value))
        }))
}

/// Opens an output file (`-` or none for standard output).
pub fn open_output(path: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match path {
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
        Some(p) if p == Path::new("-") => Box::new(BufWriter::new(std::io::stdout().lock())),
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
    })
}
