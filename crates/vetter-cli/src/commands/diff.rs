//! `vetter diff OLD NEW`: what changed between two versions of one list.

use anyhow::Context;
use clap::Args;
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use vetter_fetch::store::load_version;
use vetter_fetch::{detect_kind, diff};
use vetter_sources::{LoadedList, SourceKind};

/// `vetter diff`
#[derive(Args)]
pub struct DiffArgs {
    /// The old version: a list file, a directory of list files (e.g. the OFAC CSV set), or
    /// a stored version directory.
    old: PathBuf,
    /// The new version, of the same list.
    new: PathBuf,
    /// The list kind (ofac-sdn, un, …); detected from the files when not given.
    #[arg(long)]
    kind: Option<String>,
    /// Print the differences as one JSON document.
    #[arg(long)]
    json: bool,
    /// Print only the counts.
    #[arg(long)]
    summary: bool,
}

fn describe(list: &LoadedList, path: &std::path::Path) -> String {
    format!(
        "{} ({} entities{})",
        path.display(),
        list.entities.len(),
        list.version
            .as_deref()
            .map(|v| format!(", version {v}"))
            .unwrap_or_default()
    )
}

/// The list files of a directory (not `meta.json`), or `None` for a file.
fn file_names(path: &std::path::Path) -> Option<Vec<String>> {
    let entries = std::fs::read_dir(path).ok()?;
    Some(
        entries
            .filter_map(Result::ok)
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "meta.json" && !n.starts_with('.'))
            .collect(),
    )
}

/// Runs `vetter diff`.
pub fn diff_command(args: DiffArgs) -> anyhow::Result<()> {
    let kind: SourceKind = match &args.kind {
        Some(kind) => kind.parse()?,
        None => {
            let old = detect_kind(&args.old).with_context(|| {
                format!(
                    "cannot tell which list {} is; give --kind",
                    args.old.display()
                )
            })?;
            let new = detect_kind(&args.new).with_context(|| {
                format!(
                    "cannot tell which list {} is; give --kind",
                    args.new.display()
                )
            })?;
            anyhow::ensure!(
                old == new,
                "{} is a {old} list but {} is a {new} list",
                args.old.display(),
                args.new.display()
            );
            old
        }
    };
    if let (Some(old), Some(new)) = (file_names(&args.old), file_names(&args.new)) {
        let missing: Vec<&String> = old.iter().filter(|n| !new.contains(n)).collect();
        if !missing.is_empty() {
            eprintln!(
                "note: {} lacks {} of the old version; their values show as removed",
                args.new.display(),
                missing
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    let old = load_version(kind, &args.old)?;
    let new = load_version(kind, &args.new)?;
    let changes = diff(&old.entities, &new.entities);
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = json!({
            "kind": kind.as_str(),
            "old": {"path": args.old, "version": old.version, "entities": old.entities.len()},
            "new": {"path": args.new, "version": new.version, "entities": new.entities.len()},
            "counts": {
                "added": changes.added.len(),
                "removed": changes.removed.len(),
                "changed": changes.changed.len(),
                "unchanged": changes.unchanged,
            },
            "added": if args.summary { json!([]) } else { json!(changes.added) },
            "removed": if args.summary { json!([]) } else { json!(changes.removed) },
            "changed": if args.summary { json!([]) } else { json!(changes.changed) },
        });
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{kind}: {}", describe(&old, &args.old))?;
    writeln!(
        out,
        "{:width$}→ {}",
        "",
        describe(&new, &args.new),
        width = kind.as_str().len() + 2
    )?;
    writeln!(
        out,
        "added {}, removed {}, changed {}, unchanged {}",
        changes.added.len(),
        changes.removed.len(),
        changes.changed.len(),
        changes.unchanged
    )?;
    if args.summary {
        return Ok(());
    }
    for (title, entities) in [("ADDED", &changes.added), ("REMOVED", &changes.removed)] {
        if entities.is_empty() {
            continue;
        }
        writeln!(out, "\n{title}")?;
        for e in entities {
            writeln!(
                out,
                "  {:<14} {:<12} {}  [{}]",
                e.id,
                e.schema,
                e.caption,
                e.programs.join(", ")
            )?;
        }
    }
    if !changes.changed.is_empty() {
        writeln!(out, "\nCHANGED")?;
        for change in &changes.changed {
            writeln!(out, "  {:<14} {}", change.id, change.caption)?;
            for field in &change.fields {
                for value in &field.added {
                    writeln!(out, "      + {}: {}", field.field, value.replace('\n', " "))?;
                }
                for value in &field.removed {
                    writeln!(out, "      - {}: {}", field.field, value.replace('\n', " "))?;
                }
            }
        }
    }
    Ok(())
}
