//! Output lines: CSV (one line per alert) or JSON lines (one line per screened row, its
//! alerts nested with their full explanations).

use crate::query::Query;
use crate::related::Related;
use serde_json::{json, Value};
use std::path::Path;
use vetter_index::{Hit, Index};
use vetter_model::Entity;

/// A file format of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// One line per alert (and, with `all_results`, one per row without alerts).
    Csv,
    /// One line per screened row: `{"query_id", "line", "name", "birth_date", "country",
    /// "results": [...]}`, each result with its full explanation.
    JsonLines,
}

impl OutputFormat {
    /// The format named by a file's extension: `.csv`/`.tsv` → CSV, anything else JSON lines.
    pub fn from_path(path: &Path) -> OutputFormat {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv" | "tsv") => OutputFormat::Csv,
            _ => OutputFormat::JsonLines,
        }
    }
}

/// Columns of the CSV output.
pub const CSV_COLUMNS: [&str; 13] = [
    "row_id",
    "line",
    "name",
    "birth_date",
    "country",
    "entity_id",
    "caption",
    "schema",
    "score",
    "match",
    "datasets",
    "programs",
    "summary",
];

/// "us_ofac_sdn: GLOMAG; un_sc_sanctions: KPi" — which lists and programs name the entity
/// (its datasets when it has no sanction).
pub fn programs(entity: &Entity) -> String {
    let mut parts: Vec<String> = Vec::new();
    for sanction in &entity.sanctions {
        let dataset = entity
            .sources
            .get(sanction.source as usize)
            .map_or("", |s| s.dataset.as_str());
        let text = format!("{dataset}: {}", sanction.program);
        if !parts.contains(&text) {
            parts.push(text);
        }
    }
    if parts.is_empty() {
        entity.datasets().join(", ")
    } else {
        parts.join("; ")
    }
}

/// The CSV header line (with a last column `related` when related parties are reported).
pub(crate) fn csv_header(related: bool) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let extra = related.then_some("related");
    writer
        .write_record(CSV_COLUMNS.iter().copied().chain(extra))
        .expect("write to memory");
    writer.into_inner().expect("write to memory")
}

/// The output lines of one screened row.
pub(crate) fn render(
    format: OutputFormat,
    index: &Index,
    query: &Query,
    hits: &[Hit],
    all_results: bool,
    related: Option<&Related>,
) -> Vec<u8> {
    match format {
        OutputFormat::Csv => render_csv(index, query, hits, all_results, related),
        OutputFormat::JsonLines => render_json(index, query, hits, related),
    }
}

fn render_csv(
    index: &Index,
    query: &Query,
    hits: &[Hit],
    all_results: bool,
    related: Option<&Related>,
) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let line = query.line.to_string();
    let row = [
        query.row_id.as_str(),
        line.as_str(),
        query.name.as_str(),
        query.birth_date.as_str(),
        query.country.as_str(),
    ];
    for hit in hits {
        let entity = &index.entities()[hit.entity as usize];
        let score = format!("{:.3}", hit.result.score);
        let fields = [
            entity.id.as_str(),
            entity.caption(),
            entity.schema.as_str(),
            score.as_str(),
            if hit.result.is_match { "yes" } else { "no" },
            &entity.datasets().join(";"),
            &programs(entity),
            &hit.result.explanation.summary(),
        ];
        let extra = related.map(|r| r.text(index, hit));
        writer
            .write_record(
                row.iter()
                    .copied()
                    .chain(fields.iter().map(|s| &**s))
                    .chain(extra.as_deref()),
            )
            .expect("write to memory");
    }
    if hits.is_empty() && all_results {
        let blanks = if related.is_some() { 9 } else { 8 };
        writer
            .write_record(
                row.iter()
                    .copied()
                    .chain(std::iter::repeat("").take(blanks)),
            )
            .expect("write to memory");
    }
    writer.into_inner().expect("write to memory")
}

/// One alert as JSON (with `related` parties when they are reported).
fn result_json(index: &Index, hit: &Hit, related: Option<&Related>) -> Value {
    let entity = &index.entities()[hit.entity as usize];
    let mut value = json!({
        "id": entity.id,
        "caption": entity.caption(),
        "schema": entity.schema.as_str(),
        "score": hit.result.score,
        "match": hit.result.is_match,
        "datasets": entity.datasets(),
        "programs": entity.sanctions.iter().map(|s| &s.program).collect::<Vec<_>>(),
        "lists": programs(entity),
        "summary": hit.result.explanation.summary(),
        "explanation": hit.result.explanation,
    });
    if let Some(related) = related {
        value["related"] = related.json(index, hit);
    }
    value
}

fn render_json(index: &Index, query: &Query, hits: &[Hit], related: Option<&Related>) -> Vec<u8> {
    let value = json!({
        "query_id": query.row_id,
        "line": query.line,
        "name": query.name,
        "birth_date": query.birth_date,
        "country": query.country,
        "results": hits
            .iter()
            .map(|h| result_json(index, h, related))
            .collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_vec(&value).expect("JSON of plain values");
    out.push(b'\n');
    out
}
