use crate::bundled;
use anyhow::Context;
use clap::Subcommand;
use std::path::PathBuf;
use vetter_index::Index;
use vetter_sources::SourceKind;

/// `vetter index …`
#[derive(Subcommand)]
pub enum IndexCommand {
    /// Parse official lists and write an index file (atomically: a failed build never
    /// replaces a good index).
    Build {
        /// A list to include, as KIND=PATH (kinds: ofac-sdn = directory of the SDN CSV
        /// files, un = UN consolidated XML). Repeatable. None: the bundled lists.
        #[arg(long = "source", value_name = "KIND=PATH")]
        sources: Vec<String>,
        /// Version (as-of date) to record for the lists given with --source, when the
        /// files do not carry one.
        #[arg(long)]
        list_version: Option<String>,
        /// A store written by `vetter fetch`: the current version of every list in it is
        /// included, with its version (as-of date, else retrieval date).
        #[arg(long, value_name = "DIR")]
        from_store: Option<PathBuf>,
        /// Where to write the index.
        #[arg(long, value_name = "PATH")]
        output: PathBuf,
    },
    /// Print the list versions and counts of an index.
    Info {
        /// The index file.
        path: PathBuf,
    },
}

/// Runs `vetter index`.
pub fn index(command: IndexCommand) -> anyhow::Result<()> {
    match command {
        IndexCommand::Build {
            sources,
            list_version,
            from_store,
            output,
        } => {
            let lists = if sources.is_empty() && from_store.is_none() {
                bundled::lists()?
            } else {
                let mut lists = Vec::new();
                if let Some(dir) = &from_store {
                    let store = vetter_fetch::Store::new(dir);
                    let kinds = store.kinds();
                    anyhow::ensure!(
                        !kinds.is_empty(),
                        "{}: no list has a current version (run vetter fetch)",
                        dir.display()
                    );
                    for kind in kinds {
                        lists.extend(store.load_current(kind)?);
                    }
                }
                for source in &sources {
                    let (kind, path) = source
                        .split_once('=')
                        .with_context(|| format!("--source {source:?}: expected KIND=PATH"))?;
                    let kind: SourceKind = kind.parse()?;
                    lists.push(vetter_sources::load(
                        kind,
                        path.as_ref(),
                        list_version.clone(),
                    )?);
                }
                lists
            };
            for list in &lists {
                eprintln!(
                    "{} {}: {} entities, {} rejected, {} remark clauses unparsed",
                    list.kind,
                    list.version.as_deref().unwrap_or("?"),
                    list.entities.len(),
                    list.report.rejected.len(),
                    list.report.unparsed_remarks
                );
                for rejected in &list.report.rejected {
                    eprintln!("  rejected {rejected}");
                }
            }
            let index = Index::build(lists);
            index.save(&output)?;
            eprintln!(
                "wrote {} ({} entities)",
                output.display(),
                index.entities().len()
            );
            Ok(())
        }
        IndexCommand::Info { path } => {
            let index = Index::load(&path)?;
            for list in index.lists() {
                println!(
                    "{}\t{}\t{}\t{} entities",
                    list.kind,
                    list.dataset,
                    list.version.as_deref().unwrap_or("?"),
                    list.entities
                );
            }
            Ok(())
        }
    }
}
