//! Records as query entities for callers that keep them elsewhere (`vetter monitor add`
//! stores and screens them in chunks), with the same reading, mapping and rejects as
//! [`Batch::run`].

use crate::{Batch, BatchError, Reject};
use vetter_model::Entity;

/// One input record as the query entity [`Batch::run`] would screen.
#[derive(Debug)]
pub struct StreamedRecord {
    /// Line (CSV, JSON lines) or row (Parquet) of the record, from 1.
    pub line: u64,
    /// The record's id (the mapped id column, else `line-N`).
    pub row_id: String,
    /// The query entity (its id is `row_id`).
    pub entity: Entity,
}

impl Batch {
    /// Reads and converts up to `max` records; an empty vector at the end of the input. A
    /// record that cannot be screened is an `Err` with its line and reason.
    pub fn next_records(
        &mut self,
        max: usize,
    ) -> Result<Vec<Result<StreamedRecord, Reject>>, BatchError> {
        let records = self.source.read(max.max(1))?;
        Ok(records
            .into_iter()
            .map(|record| {
                self.resolver.convert(record).map(|q| StreamedRecord {
                    line: q.line,
                    row_id: q.row_id,
                    entity: q.entity,
                })
            })
            .collect())
    }
}
