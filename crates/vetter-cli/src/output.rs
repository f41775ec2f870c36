//! Result rendering: the readable table and the JSON shapes.

use serde_json::{json, Value};
use std::io::Write;
use vetter_index::{Hit, Index};

pub use vetter_batch::programs;

/// Most related parties reported per result.
const RELATED_LIMIT: usize = 50;

/// The relationship graph of the index and how many links away from a result its related
/// listed parties are looked for (0: none).
pub struct Related<'a> {
    /// The graph of the index's entities.
    pub graph: &'a vetter_graph::Graph,
    /// Depth of the search.
    pub depth: u32,
}

impl Related<'_> {
    fn parties(&self, hit: &Hit) -> Vec<vetter_graph::Reached> {
        self.graph.related(hit.entity, self.depth, RELATED_LIMIT)
    }
}

/// One result as JSON: id, caption, schema, score, match, datasets, programs, explanation,
/// and with a graph `related` (the listed parties linked to the result, with the path).
pub fn result_json(index: &Index, related: Option<&Related>, hit: &Hit) -> Value {
    let entity = &index.entities()[hit.entity as usize];
    let mut value = json!({
        "id": entity.id,
        "caption": entity.caption(),
        "schema": entity.schema.as_str(),
        "score": hit.result.score,
        "match": hit.result.is_match,
        "datasets": entity.datasets(),
        "programs": entity.sanctions.iter().map(|s| &s.program).collect::<Vec<_>>(),
        "explanation": hit.result.explanation,
    });
    if let Some(related) = related {
        let parties = related.parties(hit);
        value["related"] = vetter_graph::export::related_json(
            related.graph,
            index.entities(),
            hit.entity,
            &parties,
        );
    }
    value
}

/// The JSON document of `vetter screen NAME --json`.
pub fn screening_json(
    index: &Index,
    related: Option<&Related>,
    query: &str,
    hits: &[Hit],
) -> Value {
    json!({
        "query": query,
        "algorithm": vetter_matcher::ALGORITHM,
        "threshold": vetter_matcher::MATCH_THRESHOLD,
        "lists": index.lists(),
        "results": hits.iter().map(|h| result_json(index, related, h)).collect::<Vec<_>>(),
    })
}

/// The readable table of `vetter screen NAME`.
pub fn write_table(
    out: &mut dyn Write,
    index: &Index,
    related: Option<&Related>,
    query: &str,
    hits: &[Hit],
) -> std::io::Result<()> {
    let versions: Vec<String> = index
        .lists()
        .iter()
        .map(|l| format!("{} {}", l.dataset, l.version.as_deref().unwrap_or("?")))
        .collect();
    writeln!(out, "Screening {query:?} against {}", versions.join(", "))?;
    if hits.is_empty() {
        writeln!(out, "No listed entity scores 0.50 or more.")?;
        return Ok(());
    }
    writeln!(
        out,
        "{:<6} {:<5} {:<12} {:<12} {:<40} LISTS",
        "SCORE", "MATCH", "ID", "SCHEMA", "NAME"
    )?;
    for hit in hits {
        let entity = &index.entities()[hit.entity as usize];
        writeln!(
            out,
            "{:<6.3} {:<5} {:<12} {:<12} {:<40} {}",
            hit.result.score,
            if hit.result.is_match { "yes" } else { "no" },
            entity.id,
            entity.schema.as_str(),
            entity.caption(),
            programs(entity)
        )?;
        writeln!(out, "       why: {}", hit.result.explanation.summary())?;
        if let Some(related) = related {
            let parties = related.parties(hit);
            if !parties.is_empty() {
                let text =
                    vetter_graph::export::related_text(related.graph, index.entities(), &parties);
                writeln!(out, "       {text}")?;
            }
        }
    }
    Ok(())
}
