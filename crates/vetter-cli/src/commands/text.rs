use crate::{bundled, output, IndexArg};
use anyhow::Context;
use clap::{Args, ValueEnum};
use serde_json::json;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;
use vetter_index::Index;
use vetter_text::{Mention, ScanOptions, TextFormat, TextScanner};

/// `vetter text`
#[derive(Args)]
pub struct TextArgs {
    /// The text to scan: a file, or `-` for standard input. With --bench, the text that
    /// starts the benchmark corpus.
    file: PathBuf,
    /// Print JSON lines, one per mention, instead of a listing.
    #[arg(long)]
    json: bool,
    /// Format of the text (default: detected).
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    format: FormatArg,
    /// Lowest score of a full mention (default: the match threshold).
    #[arg(long)]
    threshold: Option<f32>,
    /// Do not report partial mentions that refer back to a full one.
    #[arg(long)]
    no_partial: bool,
    /// Print timings and automaton size to standard error.
    #[arg(long)]
    stats: bool,
    /// Measure throughput on one core instead of listing mentions: the text followed by the
    /// remarks of every listed entity, repeated to --bench-mb megabytes.
    #[arg(long)]
    bench: bool,
    /// Size of the --bench corpus in MB.
    #[arg(long, default_value_t = 50, value_name = "MB")]
    bench_mb: usize,
    #[command(flatten)]
    index: IndexArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Auto,
    Plain,
    Mt103,
    Pacs008,
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    }
    String::from_utf8(bytes).with_context(|| format!("{}: not UTF-8 text", path.display()))
}

/// Runs `vetter text`.
pub fn text(args: TextArgs) -> anyhow::Result<()> {
    let text = read_text(&args.file)?;
    let started = Instant::now();
    let index = bundled::open_index(args.index.index.as_deref())?;
    let loaded = started.elapsed();
    let started = Instant::now();
    let scanner = TextScanner::new(&index);
    let built = started.elapsed();
    if args.stats || args.bench {
        eprintln!(
            "index loaded in {:.2} s; automaton of {} name tokens ({:.1} MB) built in {:.2} s",
            loaded.as_secs_f64(),
            scanner.token_count(),
            scanner.memory_usage() as f64 / 1e6,
            built.as_secs_f64()
        );
    }
    if args.bench {
        return bench(&index, &scanner, &text, args.bench_mb);
    }
    let format = match args.format {
        FormatArg::Auto => vetter_text::detect_format(&text),
        FormatArg::Plain => TextFormat::Plain,
        FormatArg::Mt103 => TextFormat::Mt103,
        FormatArg::Pacs008 => TextFormat::Pacs008,
    };
    let options = ScanOptions {
        threshold: args.threshold.unwrap_or(vetter_matcher::MATCH_THRESHOLD),
        format: Some(format),
        partial: !args.no_partial,
        ..ScanOptions::default()
    };
    let started = Instant::now();
    let mentions = scanner.scan(&index, &text, &options);
    if args.stats {
        let seconds = started.elapsed().as_secs_f64();
        eprintln!(
            "scanned {} bytes in {:.3} s ({:.1} MB/s): {} mentions",
            text.len(),
            seconds,
            text.len() as f64 / 1e6 / seconds.max(1e-9),
            mentions.len()
        );
    }
    let lines = LineIndex::new(&text);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        for m in &mentions {
            let entity = &index.entities()[m.entity as usize];
            let (line, column) = lines.position(&text, m.byte_start);
            let value = json!({
                "start": m.start,
                "end": m.end,
                "byte_start": m.byte_start,
                "byte_end": m.byte_end,
                "line": line,
                "column": column,
                "text": m.text,
                "id": m.entity_id,
                "caption": m.caption,
                "schema": entity.schema.as_str(),
                "score": m.score,
                "partial": m.partial,
                "refers_to": m.refers_to,
                "datasets": entity.datasets(),
                "programs": entity.sanctions.iter().map(|s| &s.program).collect::<Vec<_>>(),
                "explanation": m.explanation,
            });
            serde_json::to_writer(&mut out, &value)?;
            writeln!(out)?;
        }
    } else {
        let listing = Listing {
            index: &index,
            text: &text,
            lines: &lines,
            file: &args.file,
            format,
        };
        listing.write(&mut out, &mentions)?;
    }
    out.flush()?;
    Ok(())
}

struct Listing<'a> {
    index: &'a Index,
    text: &'a str,
    lines: &'a LineIndex,
    file: &'a Path,
    format: TextFormat,
}

impl Listing<'_> {
    /// The readable listing: one line per mention with line:column, text, entity, lists.
    fn write(&self, out: &mut dyn Write, mentions: &[Mention]) -> std::io::Result<()> {
        let Listing {
            index,
            text,
            lines,
            file,
            format,
        } = *self;
        let full = mentions.iter().filter(|m| !m.partial).count();
        let mut entities: Vec<&str> = mentions.iter().map(|m| m.entity_id.as_str()).collect();
        entities.sort_unstable();
        entities.dedup();
        writeln!(
            out,
            "{}: {:?} text, {} mentions ({} partial) of {} listed entities",
            file.display(),
            format,
            mentions.len(),
            mentions.len() - full,
            entities.len()
        )?;
        if mentions.is_empty() {
            return Ok(());
        }
        writeln!(
            out,
            "{:<9} {:<32} {:<6} {:<12} {:<40} LISTS",
            "LINE:COL", "TEXT", "SCORE", "ID", "NAME"
        )?;
        for m in mentions {
            let entity = &index.entities()[m.entity as usize];
            let (line, column) = lines.position(text, m.byte_start);
            let mut shown = m.text.replace('\n', " ");
            if let Some(full) = m.refers_to.map(|i| &mentions[i]) {
                let (l, c) = lines.position(text, full.byte_start);
                shown = format!("{shown} (→ {l}:{c})");
            }
            writeln!(
                out,
                "{:<9} {:<32} {:<6.3} {:<12} {:<40} {}{}",
                format!("{line}:{column}"),
                shown,
                m.score,
                m.entity_id,
                m.caption,
                output::programs(entity),
                if m.partial { " [partial]" } else { "" }
            )?;
        }
        Ok(())
    }
}

/// Byte offsets of line starts, for 1-based line:column (column in characters).
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn position(&self, text: &str, byte: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|s| *s <= byte);
        let start = self.starts[line - 1];
        (line, text[start..byte].chars().count() + 1)
    }
}

fn bench(index: &Index, scanner: &TextScanner, seed: &str, mb: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    let corpus = vetter_text::bench_corpus(index, seed, mb * 1_000_000);
    eprintln!(
        "corpus of {:.1} MB built in {:.2} s",
        corpus.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    // The whole pipeline over one copy of the unique text (the seed and every remark).
    let unique = seed.len()
        + 1
        + index
            .entities()
            .iter()
            .flat_map(|e| e.values(vetter_model::Property::Notes))
            .map(|n| n.len() + 1)
            .sum::<usize>();
    let report = vetter_text::bench_scan(scanner, index, &corpus, unique);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "scan stage (normalise + automaton, 1 core): {:.1} MB in {:.3} s = {:.1} MB/s ({} token hits)",
        report.bytes as f64 / 1e6,
        report.scan_seconds,
        report.scan_mb_per_s(),
        report.token_hits
    )?;
    writeln!(
        out,
        "whole pipeline (scan + grouping + matcher, 1 core): {:.1} MB in {:.3} s = {:.2} MB/s ({} mentions)",
        report.pipeline_bytes as f64 / 1e6,
        report.pipeline_seconds,
        report.pipeline_mb_per_s(),
        report.mentions
    )?;
    Ok(())
}
