//! # vetter-batch
//!
//! Screens whole customer files: streams records from CSV (delimiter sniffed), JSON lines
//! (FtM entities or flat objects) or Parquet, turns each into a query entity through a
//! column [`Mapping`] (given, or detected from common headers), screens chunks of records
//! in parallel against an [`Index`], and writes alerts in input order to CSV or JSON lines.
//!
//! * Memory is flat in the input size: one chunk of records is screened while the next is
//!   read; nothing else of the input is held.
//! * A malformed record (wrong column count, bad date, empty name, invalid JSON) is
//!   rejected with its line number and reason, and never aborts the run or shifts other
//!   records' results.
//! * A run writing to a file keeps `<output>.checkpoint` (see [`checkpoint`]) up to date
//!   after every chunk; [`BatchOptions::resume`] continues an interrupted run from it and
//!   refuses when the input, mapping or options changed.
//!
//! ```no_run
//! # fn main() -> Result<(), vetter_batch::BatchError> {
//! # let index: vetter_index::Index = unimplemented!();
//! use vetter_batch::{Batch, BatchOptions};
//! let batch = Batch::open("customers.csv".as_ref(), BatchOptions::default())?;
//! eprintln!("columns: {}", batch.mapping());
//! let summary = batch.run(&index, Some("alerts.csv".as_ref()))?;
//! eprint!("{summary}");
//! # Ok(()) }
//! ```

pub mod checkpoint;
mod date;
mod mapping;
mod output;
mod query;
mod records;
mod related;
mod source;
mod summary;

pub use date::{normalise as normalise_date, DateOrder};
pub use mapping::{Mapping, MappingError, Target};
pub use output::{programs, OutputFormat, CSV_COLUMNS};
pub use query::Reject;
pub use records::QueryRecord;
pub use related::Related;
pub use source::{sniff_delimiter, InputFormat};
pub use summary::{Counts, Summary};

use checkpoint::{Checkpoint, InputIdentity};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use query::{Query, Resolver};
use rayon::prelude::*;
use source::{RawRecord, Source, Unit};
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, IsTerminal, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;
use vetter_index::{Index, SearchOptions};
use vetter_matcher::Prepared;
use vetter_model::Schema;

/// Errors that stop a run (a bad record never does: it is rejected and counted).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The input cannot be read any further (an unreadable header or Parquet page).
    #[error("{path}:{line}: {reason}")]
    Input {
        /// The input file.
        path: PathBuf,
        /// Line (or row) where reading failed; 0 when unknown.
        line: u64,
        /// What was wrong.
        reason: String,
    },
    /// The column mapping does not fit the input.
    #[error(transparent)]
    Mapping(#[from] MappingError),
    /// `--resume` is not possible.
    #[error("cannot resume: {0}")]
    Resume(String),
    /// The options contradict each other or the input.
    #[error("{0}")]
    Usage(String),
}

impl BatchError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        BatchError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// How to read, screen and write.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Input format (default: from the extension; JSON lines for standard input).
    pub format: Option<InputFormat>,
    /// CSV delimiter (default: sniffed from the header line).
    pub delimiter: Option<u8>,
    /// Column mapping (default: detected from the headers).
    pub mapping: Option<Mapping>,
    /// Schema of rows without a type column (LegalEntity, or Person when first and last
    /// names are mapped).
    pub default_schema: Schema,
    /// How to read dates whose day and month could be either way round.
    pub date_order: DateOrder,
    /// Result limit per row and alert cut-off.
    pub search: SearchOptions,
    /// CSV output: also write one line for every screened row without alerts.
    pub all_results: bool,
    /// Output format (default: from the output extension; JSON lines for standard output).
    pub output_format: Option<OutputFormat>,
    /// Records screened per chunk (and between checkpoints).
    pub chunk_size: usize,
    /// Continue from `<output>.checkpoint`.
    pub resume: bool,
    /// Show a progress bar on standard error when it is a terminal.
    pub progress: bool,
    /// Stop at the first chunk boundary at or after this many records (as an interruption
    /// would: the checkpoint is left for `resume`).
    pub stop_after: Option<u64>,
    /// Report each alert's related listed parties (path and relationship) up to this
    /// depth: a `related` array per JSON result, a last CSV column `related`. `None`: off.
    pub related: Option<Related>,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            format: None,
            delimiter: None,
            mapping: None,
            default_schema: Schema::LegalEntity,
            date_order: DateOrder::Unknown,
            search: SearchOptions {
                cutoff: vetter_matcher::MATCH_THRESHOLD,
                ..SearchOptions::default()
            },
            all_results: false,
            output_format: None,
            chunk_size: 4096,
            resume: false,
            progress: true,
            stop_after: None,
            related: None,
        }
    }
}

/// An opened input with its resolved mapping, ready to [`Batch::run`].
pub struct Batch {
    input: PathBuf,
    format: InputFormat,
    source: Box<dyn Source>,
    mapping: Mapping,
    detected: bool,
    resolver: Resolver,
    options: BatchOptions,
}

/// What became of one record.
enum Outcome {
    Screened {
        bytes: Vec<u8>,
        alerts: usize,
        line: u64,
        warnings: Vec<String>,
    },
    Rejected(Reject),
}

impl Batch {
    /// Opens `input` (`-` for standard input), reads its header (or first records) and
    /// resolves the mapping: the given one, checked against the columns, or one detected
    /// from them.
    pub fn open(input: &Path, options: BatchOptions) -> Result<Batch, BatchError> {
        let format = match options.format {
            Some(f) => f,
            None if input == Path::new("-") => InputFormat::JsonLines,
            None => InputFormat::from_path(input).ok_or_else(|| {
                BatchError::Usage(format!(
                    "{}: cannot tell the format from the extension; give --format csv|jsonl|parquet",
                    input.display()
                ))
            })?,
        };
        let mut source = source::open(input, format, options.delimiter)?;
        let columns = source.columns().to_vec();
        let (mapping, detected) = match &options.mapping {
            Some(m) => (m.clone(), false),
            None => (Mapping::detect(&columns), true),
        };
        // JSON lines of FtM entities have no columns and need no mapping.
        if !columns.is_empty() || format != InputFormat::JsonLines {
            mapping.validate(&columns)?;
        }
        let resolver = Resolver::new(
            &mapping,
            &columns,
            options.default_schema,
            options.date_order,
        );
        source.project(&resolver.used_columns())?;
        Ok(Batch {
            input: input.to_path_buf(),
            format,
            source,
            mapping,
            detected,
            resolver,
            options,
        })
    }

    /// The mapping in use.
    pub fn mapping(&self) -> &Mapping {
        &self.mapping
    }

    /// True when the mapping was detected from the headers rather than given.
    pub fn mapping_detected(&self) -> bool {
        self.detected
    }

    /// The input format.
    pub fn format(&self) -> InputFormat {
        self.format
    }

    /// The input's columns (for JSON lines: keys of flat objects among the first records).
    pub fn columns(&self) -> &[String] {
        self.source.columns()
    }

    fn options_hash(&self, index: &Index, output_format: OutputFormat) -> u64 {
        let o = &self.options;
        let text = format!(
            "{:?}|{:?}|{:?}|{}|{}|{:?}|{:?}|{:?}|{}|{:?}",
            self.format,
            o.delimiter,
            output_format,
            o.search.cutoff,
            o.search.limit,
            o.search.datasets,
            o.default_schema,
            o.date_order,
            o.all_results,
            index.lists()
        );
        let text = match &o.related {
            Some(related) => format!("{text}|related {}", related.depth),
            None => text,
        };
        mapping::fnv(text.as_bytes())
    }

    /// Screens every record and writes the results to `output` (`None` or `-`: standard
    /// output, without checkpoint). Returns the summary; the caller prints it.
    pub fn run(mut self, index: &Index, output: Option<&Path>) -> Result<Summary, BatchError> {
        let started = Instant::now();
        let output = output.filter(|p| *p != Path::new("-"));
        let output_format = self
            .options
            .output_format
            .unwrap_or_else(|| output.map_or(OutputFormat::JsonLines, OutputFormat::from_path));
        let chunk_size = self.options.chunk_size.max(1);
        let mapping_hash = self.mapping.fingerprint();
        let options_hash = self.options_hash(index, output_format);

        // Where results go, and where a resumed run starts.
        let mut counts = Counts::default();
        let mut skip = 0u64;
        let mut written = 0u64;
        let mut checkpointing: Option<(PathBuf, InputIdentity, File)> = None;
        let mut out: Box<dyn Write> = match output {
            None => {
                if self.options.resume {
                    return Err(BatchError::Usage(
                        "--resume needs --output FILE (the checkpoint is kept beside it)".into(),
                    ));
                }
                Box::new(BufWriter::new(std::io::stdout()))
            }
            Some(path) => {
                let checkpoint_path = checkpoint::path_for(path);
                if self.input == Path::new("-") && self.options.resume {
                    return Err(BatchError::Usage(
                        "--resume needs an input file, not standard input".into(),
                    ));
                }
                let identity = if self.input == Path::new("-") {
                    None
                } else {
                    Some(InputIdentity::of(&self.input)?)
                };
                let mut file;
                if self.options.resume {
                    let identity = identity.clone().expect("input file");
                    let saved = Checkpoint::load(&checkpoint_path)?;
                    saved.check(&identity, mapping_hash, options_hash)?;
                    file = OpenOptions::new()
                        .write(true)
                        .open(path)
                        .map_err(|e| BatchError::io(path, e))?;
                    let length = file.metadata().map_err(|e| BatchError::io(path, e))?.len();
                    if length < saved.output_bytes {
                        return Err(BatchError::Resume(format!(
                            "{} is shorter ({length} bytes) than the checkpoint records ({} bytes)",
                            path.display(),
                            saved.output_bytes
                        )));
                    }
                    file.set_len(saved.output_bytes)
                        .and_then(|_| file.seek(SeekFrom::End(0)))
                        .map_err(|e| BatchError::io(path, e))?;
                    counts = saved.counts;
                    skip = saved.rows_done;
                    written = saved.output_bytes;
                } else {
                    file = File::create(path).map_err(|e| BatchError::io(path, e))?;
                    if output_format == OutputFormat::Csv {
                        let header = output::csv_header(self.options.related.is_some());
                        file.write_all(&header)
                            .map_err(|e| BatchError::io(path, e))?;
                        written = header.len() as u64;
                    }
                }
                let sync = file.try_clone().map_err(|e| BatchError::io(path, e))?;
                if let Some(identity) = identity {
                    if !self.options.resume {
                        Checkpoint::new(
                            identity.clone(),
                            mapping_hash,
                            options_hash,
                            0,
                            written,
                            counts.clone(),
                        )
                        .save(&checkpoint_path)?;
                    }
                    checkpointing = Some((checkpoint_path, identity, sync));
                }
                Box::new(BufWriter::with_capacity(1 << 20, file))
            }
        };
        let output_name = output.map_or_else(|| PathBuf::from("-"), Path::to_path_buf);
        let write_err = |e: std::io::Error| BatchError::io(&output_name, e);

        // Skip what a resumed run has done.
        let mut remaining = skip;
        while remaining > 0 {
            let done = self
                .source
                .read(remaining.min(chunk_size as u64) as usize)?;
            if done.is_empty() {
                return Err(BatchError::Resume(format!(
                    "the input has fewer records than the checkpoint's {skip}"
                )));
            }
            remaining -= done.len() as u64;
        }

        let bar = progress_bar(self.options.progress, self.source.as_ref());
        bar.reset_eta();
        let mut rows_done = skip;
        let mut rows_this_run = 0u64;
        let mut complete = true;
        let resolver = &self.resolver;
        let options = &self.options;
        let source = &mut self.source;
        let mut chunk = source.read(chunk_size)?;
        while !chunk.is_empty() {
            let n = chunk.len() as u64;
            let stop = options.stop_after.is_some_and(|s| rows_done + n >= s);
            let (next, outcomes) = rayon::join(
                || {
                    if stop {
                        Ok(Vec::new())
                    } else {
                        source.read(chunk_size)
                    }
                },
                || screen_chunk(chunk, resolver, index, options, output_format),
            );
            for outcome in outcomes {
                counts.read += 1;
                match outcome {
                    Outcome::Screened {
                        bytes,
                        alerts,
                        line,
                        warnings,
                    } => {
                        counts.screened += 1;
                        counts.alerts += alerts as u64;
                        counts.alert_rows += u64::from(alerts > 0);
                        for w in warnings {
                            counts.warn(line, w);
                        }
                        out.write_all(&bytes).map_err(write_err)?;
                        written += bytes.len() as u64;
                    }
                    Outcome::Rejected(reject) => counts.reject(reject),
                }
            }
            rows_done += n;
            rows_this_run += n;
            if let Some((path, identity, file)) = &checkpointing {
                out.flush().map_err(write_err)?;
                file.sync_data().map_err(write_err)?;
                Checkpoint::new(
                    identity.clone(),
                    mapping_hash,
                    options_hash,
                    rows_done,
                    written,
                    counts.clone(),
                )
                .save(path)?;
            }
            let (position, _) = source.progress();
            bar.set_position(position);
            let seconds = started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{rows_done} rows, {:.0} rows/s, {} alerts",
                rows_this_run as f64 / seconds,
                counts.alerts
            ));
            chunk = next?;
            if stop {
                complete = false;
                break;
            }
        }
        out.flush().map_err(write_err)?;
        bar.finish_and_clear();
        if let Some((path, _, file)) = &checkpointing {
            file.sync_data().map_err(write_err)?;
            if complete {
                std::fs::remove_file(path).map_err(|e| BatchError::io(path, e))?;
            }
        }
        Ok(Summary {
            counts,
            resumed_after: skip,
            rows_this_run,
            elapsed: started.elapsed(),
            complete,
        })
    }
}

/// Converts, screens and renders one chunk on all cores; results in input order.
fn screen_chunk(
    chunk: Vec<RawRecord>,
    resolver: &Resolver,
    index: &Index,
    options: &BatchOptions,
    format: OutputFormat,
) -> Vec<Outcome> {
    chunk
        .into_par_iter()
        .map(|record| match resolver.convert(record) {
            Err(reject) => Outcome::Rejected(reject),
            Ok(query) => screen_one(query, index, options, format),
        })
        .collect()
}

fn screen_one(
    query: Query,
    index: &Index,
    options: &BatchOptions,
    format: OutputFormat,
) -> Outcome {
    let hits = index.search(&Prepared::new(&query.entity), &options.search);
    let bytes = output::render(
        format,
        index,
        &query,
        &hits,
        options.all_results,
        options.related.as_ref(),
    );
    Outcome::Screened {
        bytes,
        alerts: hits.len(),
        line: query.line,
        warnings: query.warnings,
    }
}

/// A progress bar on standard error with rate and ETA; hidden when standard error is not a
/// terminal or `enabled` is false.
fn progress_bar(enabled: bool, source: &dyn Source) -> ProgressBar {
    if !enabled || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (position, total) = source.progress();
    let bar = match total {
        Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let unit = match source.unit() {
        Unit::Bytes => "{bytes}/{total_bytes}",
        Unit::Rows => "{pos}/{len} rows",
    };
    let template = if total.is_some() {
        format!("{{elapsed_precise}} {{wide_bar}} {{percent:>3}}% {unit} {{msg}} ETA {{eta}}")
    } else {
        "{elapsed_precise} {spinner} {msg}".to_string()
    };
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar.set_position(position);
    bar
}
