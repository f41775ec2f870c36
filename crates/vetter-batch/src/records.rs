//! Records as query entities, for callers that screen them elsewhere (`vetter submit`
//! sends them to screening workers, `vetter monitor add` stores and screens them in
//! chunks) with the same reading, mapping and rejects as [`Batch::run`].

use crate::{Batch, BatchError, Reject};
use vetter_model::Entity;

/// One input record converted to the query entity [`Batch::run`] would screen.
#[derive(Debug)]
pub struct QueryRecord {
    /// Line (CSV, JSON lines) or row (Parquet) of the record, from 1.
    pub line: u64,
    /// The record's id (the mapped id column, else `line-N`).
    pub row_id: String,
    /// The query entity.
    pub entity: Entity,
    /// Values that were ignored (unknown country …).
    pub warnings: Vec<String>,
}

impl Batch {
    /// Reads and converts up to `max` records; an empty vector at the end of the input.
    /// A record that cannot be screened is an `Err` with its line and reason, as
    /// [`Batch::run`] would count it.
    pub fn next_queries(
        &mut self,
        max: usize,
    ) -> Result<Vec<Result<QueryRecord, Reject>>, BatchError> {
        let records = self.source.read(max.max(1))?;
        Ok(records
            .into_iter()
            .map(|record| {
                self.resolver.convert(record).map(|q| QueryRecord {
                    line: q.line,
                    row_id: q.row_id,
                    entity: q.entity,
                    warnings: q.warnings,
                })
            })
            .collect())
    }

    /// Progress through the input: position and total (bytes for text formats, rows for
    /// Parquet; total unknown for standard input).
    pub fn progress(&self) -> (u64, Option<u64>) {
        self.source.progress()
    }
}

impl crate::Counts {
    /// Counts a rejected record (keeping the first few with their lines), as a run does.
    pub fn add_reject(&mut self, reject: Reject) {
        self.reject(reject);
    }

    /// Counts an ignored value of a screened record, as a run does.
    pub fn add_warning(&mut self, line: u64, text: String) {
        self.warn(line, text);
    }
}
