use super::open_output;
use super::read_args::ReadArgs;
use crate::{bundled, output, IndexArg};
use anyhow::{bail, Context};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use vetter_batch::{Batch, BatchOptions, OutputFormat};
use vetter_index::{Index, SearchOptions};
use vetter_matcher::Prepared;
use vetter_model::{country, Entity, Property, Schema, SourceRecord};

/// `vetter screen`
#[derive(Args)]
pub struct ScreenArgs {
    /// The name to screen (omit with --input).
    name: Option<String>,
    /// Schema of the query: Person, Organization, Company, LegalEntity, Vessel, Airplane
    /// (with --input: of rows without a type column).
    #[arg(long, default_value = "LegalEntity")]
    schema: Schema,
    /// Birth date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    birth_date: Option<String>,
    /// Country or nationality (name or ISO code).
    #[arg(long)]
    country: Option<String>,
    /// Gender (male/female).
    #[arg(long)]
    gender: Option<String>,
    /// An identifier (passport, national ID, registration, IMO number).
    #[arg(long = "id-number")]
    id_number: Option<String>,
    /// Maximum number of results.
    #[arg(long, default_value_t = 5)]
    limit: usize,
    /// Lowest score to report (default: 0.5 for a name, the match threshold for files).
    #[arg(long)]
    cutoff: Option<f32>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Report the listed parties linked to each result (family, associates, owners,
    /// directors, unspecified links) up to this many links away (0: none). Default: 2 for
    /// a name; off for --input files (a `related` JSON array / last CSV column when given).
    #[arg(long, value_name = "LINKS")]
    related_depth: Option<u32>,
    /// A customer file to screen: CSV, JSON lines (FtM entities or flat objects) or
    /// Parquet (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// Where to write results of --input: `.csv` gives one line per alert, anything else
    /// JSON lines, one line per screened row with its alerts (default: standard output).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    read: ReadArgs,
    /// CSV output: also write a line for every row without alerts.
    #[arg(long, requires = "input")]
    all_results: bool,
    /// Continue an interrupted run from `<output>.checkpoint`.
    #[arg(long, requires = "output")]
    resume: bool,
    /// Rows screened per chunk (and between checkpoints).
    #[arg(long, default_value_t = 4096, requires = "input")]
    chunk_size: usize,
    /// Stop after this many rows (at a chunk boundary), leaving the checkpoint as an
    /// interruption would.
    #[arg(long, value_name = "ROWS", requires = "output", hide = true)]
    stop_after: Option<u64>,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
    #[command(flatten)]
    index: IndexArg,
}

fn query_source(id: &str) -> SourceRecord {
    SourceRecord {
        dataset: "query".into(),
        record_id: id.into(),
        list_version: None,
    }
}

impl ScreenArgs {
    fn query(&self, name: &str) -> anyhow::Result<Entity> {
        let mut entity = Entity::new("query", self.schema);
        let source = entity.add_source(query_source("query"));
        entity.add(Property::Name, name, source);
        if let Some(date) = &self.birth_date {
            date.parse::<vetter_model::PartialDate>()
                .with_context(|| "--birth-date")?;
            entity.add(Property::BirthDate, date, source);
        }
        if let Some(text) = &self.country {
            let code = country::to_code(text)
                .with_context(|| format!("--country {text:?}: unknown country"))?;
            entity.add(Property::Country, code, source);
        }
        if let Some(gender) = &self.gender {
            entity.add(Property::Gender, gender.to_ascii_lowercase(), source);
        }
        if let Some(id) = &self.id_number {
            entity.add(Property::IdNumber, id, source);
        }
        Ok(entity)
    }
}

/// Runs `vetter screen`.
pub fn screen(args: ScreenArgs) -> anyhow::Result<()> {
    let index = bundled::open_index(args.index.index.as_deref())?;
    match (&args.name, &args.input) {
        (Some(name), None) => {
            let query = args.query(name)?;
            let options = SearchOptions {
                limit: args.limit,
                cutoff: args.cutoff.unwrap_or(0.5),
                ..SearchOptions::default()
            };
            let hits = index.search(&Prepared::new(&query), &options);
            let graph = vetter_graph::Graph::new(index.entities());
            let related = output::Related {
                graph: &graph,
                depth: args.related_depth.unwrap_or(2),
            };
            let related = (related.depth > 0).then_some(&related);
            let mut out = open_output(None)?;
            if args.json {
                let value = output::screening_json(&index, related, name, &hits);
                serde_json::to_writer_pretty(&mut out, &value)?;
                writeln!(out)?;
            } else {
                output::write_table(&mut out, &index, related, name, &hits)?;
            }
            out.flush()?;
            Ok(())
        }
        (None, Some(input)) => screen_file(&index, &args, input),
        (Some(_), Some(_)) => bail!("give either a NAME or --input, not both"),
        (None, None) => bail!("give a NAME to screen or --input FILE (see --help)"),
    }
}

fn screen_file(index: &Index, args: &ScreenArgs, input: &std::path::Path) -> anyhow::Result<()> {
    let options = BatchOptions {
        default_schema: args.schema,
        search: SearchOptions {
            limit: args.limit,
            cutoff: args.cutoff.unwrap_or(vetter_matcher::MATCH_THRESHOLD),
            ..SearchOptions::default()
        },
        all_results: args.all_results,
        output_format: args.output.as_deref().map(OutputFormat::from_path),
        chunk_size: args.chunk_size,
        resume: args.resume,
        progress: !args.quiet,
        stop_after: args.stop_after,
        related: args
            .related_depth
            .filter(|depth| *depth > 0)
            .map(|depth| vetter_batch::Related::new(index, depth)),
        ..args.read.batch_options()?
    };
    let batch = Batch::open(input, options)?;
    if batch.mapping_detected() && !batch.columns().is_empty() {
        eprintln!(
            "{}: columns detected: {} (override with --map)",
            input.display(),
            batch.mapping()
        );
    }
    let summary = batch.run(index, args.output.as_deref())?;
    eprint!("{summary}");
    Ok(())
}
