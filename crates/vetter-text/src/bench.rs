//! Throughput measurement of the scan stage and the whole pipeline.

use crate::{ScanOptions, TextFormat, TextScanner};
use std::time::Instant;
use vetter_index::Index;
use vetter_model::Property;

/// Throughput of one benchmark run (one thread).
#[derive(Debug, Clone)]
pub struct BenchReport {
    /// Size of the benchmark text in bytes.
    pub bytes: usize,
    /// Whole-word name-token hits found by the scan stage.
    pub token_hits: usize,
    /// Seconds of the scan stage (normalisation, automaton, word boundaries).
    pub scan_seconds: f64,
    /// Bytes of text given to the whole pipeline (a prefix of the benchmark text).
    pub pipeline_bytes: usize,
    /// Mentions reported by the whole pipeline.
    pub mentions: usize,
    /// Seconds of the whole pipeline (scan, grouping, matcher confirmation).
    pub pipeline_seconds: f64,
}

impl BenchReport {
    /// Scan-stage throughput in MB/s (10^6 bytes per second).
    pub fn scan_mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.scan_seconds.max(1e-9)
    }

    /// Whole-pipeline throughput in MB/s (10^6 bytes per second).
    pub fn pipeline_mb_per_s(&self) -> f64 {
        self.pipeline_bytes as f64 / 1e6 / self.pipeline_seconds.max(1e-9)
    }
}

/// A large benchmark text: `seed` (e.g. a news article) followed by the remarks (`notes`)
/// of every listed entity, repeated until it holds at least `min_bytes` bytes.
pub fn bench_corpus(index: &Index, seed: &str, min_bytes: usize) -> String {
    let mut unit = String::from(seed);
    unit.push('\n');
    for entity in index.entities() {
        for note in entity.values(Property::Notes) {
            unit.push_str(note);
            unit.push('\n');
        }
    }
    let mut text = String::with_capacity(min_bytes + unit.len());
    while text.len() < min_bytes {
        text.push_str(&unit);
    }
    text
}

/// Measures, on the calling thread, the scan stage over all of `text` and the whole
/// pipeline ([`TextScanner::scan`] as plain text) over its first `pipeline_bytes` bytes
/// (cut at a line end). The pipeline caches repeated spans within one scan, so a
/// repeated text measures mostly the scan stage after its first copy.
pub fn bench_scan(
    scanner: &TextScanner,
    index: &Index,
    text: &str,
    pipeline_bytes: usize,
) -> BenchReport {
    let started = Instant::now();
    let token_hits = scanner.count_token_hits(text);
    let scan_seconds = started.elapsed().as_secs_f64();

    let mut cut = pipeline_bytes.min(text.len());
    while cut < text.len() && (!text.is_char_boundary(cut) || text.as_bytes()[cut - 1] != b'\n') {
        cut += 1;
    }
    let options = ScanOptions {
        format: Some(TextFormat::Plain),
        ..ScanOptions::default()
    };
    let started = Instant::now();
    let mentions = scanner.scan(index, &text[..cut], &options).len();
    let pipeline_seconds = started.elapsed().as_secs_f64();
    BenchReport {
        bytes: text.len(),
        token_hits,
        scan_seconds,
        pipeline_bytes: cut,
        mentions,
        pipeline_seconds,
    }
}
