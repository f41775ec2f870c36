//! How to read a customer file: the options `vetter screen --input`, `vetter monitor add`
//! and `vetter submit` share (format, CSV delimiter, column mapping, date order).

use anyhow::{bail, Context};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use vetter_batch::{BatchOptions, DateOrder, InputFormat, Mapping};

/// Day and month order of ambiguous dates.
#[derive(Clone, Copy, ValueEnum)]
pub enum DateOrderArg {
    /// Day first (03/04/1980 is 3 April).
    Dmy,
    /// Month first (03/04/1980 is 4 March).
    Mdy,
}

/// Options for reading a customer file.
#[derive(Args, Clone, Default)]
pub struct ReadArgs {
    /// Input format (default: from the extension).
    #[arg(long, value_name = "csv|jsonl|parquet")]
    format: Option<InputFormat>,
    /// CSV delimiter, one character or `tab` (default: sniffed from the header line).
    #[arg(long, value_name = "CHAR")]
    delimiter: Option<String>,
    /// Column mapping, e.g. `name=full_name,birthDate=dob,country=nationality,id=customer_id,schema=type`
    /// (default: detected from the headers, printed on standard error).
    #[arg(long, value_name = "KEY=COLUMN,…", conflicts_with = "mapping")]
    map: Option<String>,
    /// A mapping file: `key = "column"` lines (flat TOML) or `key=column` lines.
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// How to read dates whose day and month could be either way round (default: keep
    /// only the year of such dates).
    #[arg(long, value_enum)]
    date_order: Option<DateOrderArg>,
}

impl ReadArgs {
    /// Batch options with these reading settings (everything else default).
    pub fn batch_options(&self) -> anyhow::Result<BatchOptions> {
        let mapping = match (&self.map, &self.mapping) {
            (Some(pairs), _) => Some(Mapping::parse_pairs(pairs)?),
            (None, Some(path)) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading {}", path.display()))?;
                Some(Mapping::parse_file(&text, &path.display().to_string())?)
            }
            (None, None) => None,
        };
        let delimiter = match self.delimiter.as_deref() {
            None => None,
            Some("tab" | "\\t") => Some(b'\t'),
            Some(text) if text.len() == 1 && text.is_ascii() => Some(text.as_bytes()[0]),
            Some(text) => bail!("--delimiter {text:?}: give one ASCII character or `tab`"),
        };
        Ok(BatchOptions {
            format: self.format,
            delimiter,
            mapping,
            date_order: match self.date_order {
                None => DateOrder::Unknown,
                Some(DateOrderArg::Dmy) => DateOrder::DayFirst,
                Some(DateOrderArg::Mdy) => DateOrder::MonthFirst,
            },
            ..BatchOptions::default()
        })
    }
}
