use super::open_output;
use crate::{bundled, output, IndexArg};
use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use vetter_batch::{Batch, BatchOptions, DateOrder, InputFormat, Mapping, OutputFormat};
use vetter_index::{Index, SearchOptions};
use vetter_matcher::Prepared;
use vetter_model::{country, Entity, Property, Schema, SourceRecord};

/// `--date-order`: how to read `03/04/1980`.
#[derive(Clone, Copy, ValueEnum)]
enum DateOrderArg {
    /// Day first (03/04/1980 is 3 April).
    Dmy,
    /// Month first (03/04/1980 is 4 March).
    Mdy,
}

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
    /// directors, unspecified links) up to this many links away (0: none).
    #[arg(long, default_value_t = 2, value_name = "LINKS")]
    related_depth: u32,
    /// A customer file to screen: CSV, JSON lines (FtM entities or flat objects) or
    /// Parquet (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// Where to write results of --input: `.csv` gives one line per alert, anything else
    /// JSON lines, one line per screened row with its alerts (default: standard output).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Input format (default: from the extension).
    #[arg(long, value_name = "csv|jsonl|parquet", requires = "input")]
    format: Option<InputFormat>,
    /// CSV delimiter, one character or `tab` (default: sniffed from the header line).
    #[arg(long, value_name = "CHAR", requires = "input")]
    delimiter: Option<String>,
    /// Column mapping, e.g. `name=full_name,birthDate=dob,country=nationality,id=customer_id,schema=type`
    /// (default: detected from the headers, printed on standard error).
    #[arg(
        long,
        value_name = "KEY=COLUMN,…",
        requires = "input",
        conflicts_with = "mapping"
    )]
    map: Option<String>,
    /// A mapping file: `key = "column"` lines (flat TOML) or `key=column` lines.
    #[arg(long, value_name = "FILE", requires = "input")]
    mapping: Option<PathBuf>,
    /// How to read dates whose day and month could be either way round (default: keep
    /// only the year of such dates).
    #[arg(long, value_enum, requires = "input")]
    date_order: Option<DateOrderArg>,
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
                depth: args.related_depth,
            };
            let related = (args.related_depth > 0).then_some(&related);
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
    let mapping = match (&args.map, &args.mapping) {
        (Some(pairs), _) => Some(Mapping::parse_pairs(pairs)?),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            Some(Mapping::parse_file(&text, &path.display().to_string())?)
        }
        (None, None) => None,
    };
    let delimiter = match args.delimiter.as_deref() {
        None => None,
        Some("tab" | "\\t") => Some(b'\t'),
        Some(text) if text.len() == 1 => Some(text.as_bytes()[0]),
        Some(text) => bail!("--delimiter {text:?}: give one ASCII character or `tab`"),
    };
    let options = BatchOptions {
        format: args.format,
        delimiter,
        mapping,
        default_schema: args.schema,
        date_order: match args.date_order {
            None => DateOrder::Unknown,
            Some(DateOrderArg::Dmy) => DateOrder::DayFirst,
            Some(DateOrderArg::Mdy) => DateOrder::MonthFirst,
        },
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
