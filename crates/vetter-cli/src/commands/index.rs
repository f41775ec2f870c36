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
        /// Cross-list resolution decisions (`[[split]]` / `[[merge]]` tables): records to
        /// keep apart or to merge whatever the evidence. Repeatable.
        #[arg(long, value_name = "FILE")]
        decisions: Vec<PathBuf>,
        /// A vetter.toml whose `[resolve]` section holds decisions (default: ./vetter.toml
        /// when it exists).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// List the canonical entities that merge records of several lists, with the evidence
    /// of each merge (cross-list resolution).
    Merges {
        /// The index file.
        path: PathBuf,
        /// Print only every n-th merged entity (a sample for review), from the first.
        #[arg(long, default_value_t = 1)]
        every: usize,
        /// JSON lines: id, caption, schema, referents, datasets, merges.
        #[arg(long)]
        json: bool,
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
            decisions,
            config,
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
            let mut rules = vetter_resolve::Decisions::default();
            let config = config.or_else(|| {
                let default = PathBuf::from("vetter.toml");
                default.exists().then_some(default)
            });
            for path in config.iter().chain(&decisions) {
                rules.extend(vetter_resolve::Decisions::load(path)?);
            }
            let (index, report) = Index::build_resolved(lists, &rules);
            index.save(&output)?;
            print_resolution(&report);
            eprintln!(
                "wrote {} ({} entities)",
                output.display(),
                index.entities().len()
            );
            Ok(())
        }
        IndexCommand::Merges { path, every, json } => {
            let index = Index::load(&path)?;
            let merged = index.entities().iter().filter(|e| !e.referents.is_empty());
            for entity in merged.step_by(every.max(1)) {
                if json {
                    println!(
                        "{}",
                        serde_json::json!({
                            "id": entity.id,
                            "caption": entity.caption(),
                            "schema": entity.schema.as_str(),
                            "referents": entity.referents,
                            "datasets": entity.datasets(),
                            "merges": entity.merges,
                        })
                    );
                    continue;
                }
                println!(
                    "{} {} [{}] = {} ({})",
                    entity.id,
                    entity.caption(),
                    entity.schema,
                    entity.referents.join(", "),
                    entity.datasets().join(", ")
                );
                for merge in &entity.merges {
                    println!("    {merge}");
                }
            }
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

/// Prints what cross-list resolution merged and refused (standard error).
fn print_resolution(report: &vetter_resolve::Report) {
    let rules: Vec<String> = report
        .by_rule
        .iter()
        .map(|(rule, n)| format!("{rule} {n}"))
        .collect();
    eprintln!(
        "resolved {} records into {} entities: {} entities merge {} records ({}); {} merges refused",
        report.records,
        report.canonical,
        report.merged_entities,
        report.merged_records,
        rules.join(", "),
        report.refused.len()
    );
    for refusal in &report.refused {
        eprintln!(
            "  refused {} = {} ({}: {}): {}",
            refusal.left, refusal.right, refusal.rule, refusal.evidence, refusal.reason
        );
    }
    if !report.unknown_decision_ids.is_empty() {
        eprintln!(
            "  decisions name unknown ids: {}",
            report.unknown_decision_ids.join(", ")
        );
    }
}
