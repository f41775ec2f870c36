use super::{open_output, read_json_lines};
use crate::{bundled, output, IndexArg};
use anyhow::{bail, Context};
use clap::Args;
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use vetter_index::{Index, SearchOptions};
use vetter_matcher::Prepared;
use vetter_model::{country, ftm, Entity, Property, Schema, SourceRecord};

/// `vetter screen`
#[derive(Args)]
pub struct ScreenArgs {
    /// The name to screen (omit with --input).
    name: Option<String>,
    /// Schema of the query: Person, Organization, Company, LegalEntity, Vessel, Airplane.
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
    /// JSON lines of FtM entities to screen, one per line (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    input: Option<PathBuf>,
    /// Where to write results of --input (default: standard output).
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
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
            let mut out = open_output(None)?;
            if args.json {
                let value = output::screening_json(&index, name, &hits);
                serde_json::to_writer_pretty(&mut out, &value)?;
                writeln!(out)?;
            } else {
                output::write_table(&mut out, &index, name, &hits)?;
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
    let options = SearchOptions {
        limit: args.limit,
        cutoff: args.cutoff.unwrap_or(vetter_matcher::MATCH_THRESHOLD),
        ..SearchOptions::default()
    };
    let mut queries = Vec::new();
    for item in read_json_lines(input)? {
        let (line, value) = item?;
        let default_id = format!("line-{line}");
        let parsed = ftm::from_json(
            &value,
            ftm::Mode::Strict,
            query_source(&default_id),
            &default_id,
        )
        .with_context(|| format!("{}:{line}", input.display()))?;
        queries.push(parsed.entity);
    }
    let results: Vec<serde_json::Value> = queries
        .par_iter()
        .map(|query| {
            let hits = index.search(&Prepared::new(query), &options);
            serde_json::json!({
                "query_id": query.id,
                "results": hits.iter().map(|h| output::result_json(index, h)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut out = open_output(args.output.as_deref())?;
    for result in results {
        serde_json::to_writer(&mut out, &result)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}
