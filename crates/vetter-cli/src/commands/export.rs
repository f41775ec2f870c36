use super::open_output;
use crate::{bundled, IndexArg};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use vetter_model::ftm;

/// `vetter export`
#[derive(Args)]
pub struct ExportArgs {
    /// Where to write the FtM JSON lines (default: standard output).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    index: IndexArg,
}

/// Runs `vetter export`: every indexed entity as a FollowTheMoney entity, followed by its
/// sanctions as FtM `Sanction` entities, one JSON object per line.
pub fn export(args: ExportArgs) -> anyhow::Result<()> {
    let index = bundled::open_index(args.index.index.as_deref())?;
    let mut out = open_output(args.output.as_deref())?;
    for entity in index.entities() {
        serde_json::to_writer(&mut out, &ftm::to_json(entity))?;
        writeln!(out)?;
        for sanction in ftm::sanction_entities(entity) {
            serde_json::to_writer(&mut out, &sanction)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
