//! Related listed parties of each alert (indirect exposure): the listed parties linked to
//! the alerted entity within a number of links, with the path and the relationship, from
//! the relationship graph of the index (`vetter-graph`).

use serde_json::Value;
use std::sync::Arc;
use vetter_graph::Graph;
use vetter_index::{Hit, Index};

/// Most related parties reported per alert.
pub const LIMIT: usize = 20;

/// The graph of the index and the depth to report related parties at.
#[derive(Debug, Clone)]
pub struct Related {
    /// The relationship graph of the index screened against.
    pub graph: Arc<Graph>,
    /// How many links away from an alert a related party may be (1 = direct links).
    pub depth: u32,
}

impl Related {
    /// Builds the graph of `index` (tens of milliseconds for all provided lists).
    pub fn new(index: &Index, depth: u32) -> Self {
        Related {
            graph: Arc::new(Graph::new(index.entities())),
            depth,
        }
    }

    /// The related parties of an alert as JSON (`vetter_graph::export::related_json`: id,
    /// caption, schema, datasets, programs, kind, detail, depth, path, exposure).
    pub(crate) fn json(&self, index: &Index, hit: &Hit) -> Value {
        let parties = self.graph.related(hit.entity, self.depth, LIMIT);
        vetter_graph::export::related_json(&self.graph, index.entities(), hit.entity, &parties)
    }

    /// The related parties of an alert as one line ("linked to: SOPHARY, Kim ofac-28130
    /// (Linked To); KIM, Kun ofac-28036 (Linked To) via SOPHARY, Kim"), empty when none.
    pub(crate) fn text(&self, index: &Index, hit: &Hit) -> String {
        let parties = self.graph.related(hit.entity, self.depth, LIMIT);
        if parties.is_empty() {
            return String::new();
        }
        vetter_graph::export::related_text(&self.graph, index.entities(), &parties)
    }
}
