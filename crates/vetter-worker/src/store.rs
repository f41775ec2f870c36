//! Idempotent recording of screening results in PostgreSQL.
//!
//! Tables (created when missing, under an advisory lock so that workers starting together
//! do not race):
//! * `worker_results`: one row per request id (primary key) with its batch, kind, index
//!   version, worker, alert count and the published result JSON;
//! * `worker_alerts`: one row per alert, keyed by (request id, rank);
//! * `worker_audit`: append-only (triggers refuse UPDATE and DELETE) events: worker
//!   started and stopped, index swapped, batch recorded.
//!
//! [`Store::record`] writes a batch in one transaction; a request already recorded (a
//! redelivery after a worker died between commit and acknowledgement) keeps its first
//! result, which is returned for republishing.

use crate::ScreeningResult;
use serde_json::{json, Value};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::Row;
use std::collections::HashMap;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS worker_results (
    request_id    TEXT PRIMARY KEY,
    batch         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    line          BIGINT,
    index_version TEXT NOT NULL,
    worker        TEXT NOT NULL,
    alerts        INTEGER NOT NULL,
    result        JSONB NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS worker_results_batch ON worker_results (batch);
CREATE TABLE IF NOT EXISTS worker_alerts (
    request_id    TEXT NOT NULL REFERENCES worker_results (request_id),
    rank          INTEGER NOT NULL,
    entity_id     TEXT NOT NULL,
    score         REAL NOT NULL,
    index_version TEXT NOT NULL,
    PRIMARY KEY (request_id, rank)
);
CREATE TABLE IF NOT EXISTS worker_audit (
    id     BIGSERIAL PRIMARY KEY,
    at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    worker TEXT NOT NULL,
    event  TEXT NOT NULL,
    detail JSONB NOT NULL
);
CREATE OR REPLACE FUNCTION worker_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'worker_audit is append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS worker_audit_no_change ON worker_audit;
CREATE TRIGGER worker_audit_no_change BEFORE UPDATE OR DELETE ON worker_audit
    FOR EACH ROW EXECUTE FUNCTION worker_audit_append_only();
"#;

const AUDIT_INSERT: &str =
    "INSERT INTO worker_audit (worker, event, detail) VALUES ($1, $2, $3::jsonb)";

/// Advisory lock key of the schema creation ("vetter-w").
const SCHEMA_LOCK: i64 = 0x7665_7474_6572_2d77;

/// The database of screening results.
#[derive(Clone)]
pub struct Store {
    pool: PgPool,
}

/// What [`Store::record`] did with a batch.
#[derive(Debug, Default)]
pub struct Recorded {
    /// Requests recorded by this call.
    pub new: usize,
    /// Requests that were already recorded: their stored result JSON, by request id.
    pub existing: HashMap<String, Vec<u8>>,
}

/// Totals of one batch in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchTotals {
    /// Recorded requests.
    pub requests: i64,
    /// Sum of their alert counts.
    pub alerts: i64,
    /// Requests with at least one alert.
    pub alert_rows: i64,
    /// Rows in `worker_alerts` of the batch (equal to `alerts` when nothing is duplicated).
    pub alert_records: i64,
}

impl Store {
    /// Connects (PostgreSQL URL) and creates the tables when missing.
    pub async fn connect(url: &str) -> Result<Store, sqlx::Error> {
        let pool = PgPoolOptions::new().max_connections(4).connect(url).await?;
        let mut tx = pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(SCHEMA_LOCK)
            .execute(&mut *tx)
            .await?;
        sqlx::raw_sql(SCHEMA).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(Store { pool })
    }

    /// Records a batch of results (with their published JSON) in one transaction.
    pub async fn record(
        &self,
        results: &[(ScreeningResult, Vec<u8>)],
    ) -> Result<Recorded, sqlx::Error> {
        if results.is_empty() {
            return Ok(Recorded::default());
        }
        let mut ids = Vec::with_capacity(results.len());
        let mut batches = Vec::with_capacity(results.len());
        let mut kinds = Vec::with_capacity(results.len());
        let mut lines: Vec<Option<i64>> = Vec::with_capacity(results.len());
        let mut versions = Vec::with_capacity(results.len());
        let mut workers = Vec::with_capacity(results.len());
        let mut counts = Vec::with_capacity(results.len());
        let mut jsons = Vec::with_capacity(results.len());
        for (r, bytes) in results {
            ids.push(r.id.clone());
            batches.push(r.batch.clone());
            kinds.push(r.kind.clone());
            lines.push(r.line.map(|l| l as i64));
            versions.push(r.index_version.clone());
            workers.push(r.worker.clone());
            counts.push(r.alerts.len() as i32);
            jsons.push(String::from_utf8_lossy(bytes).into_owned());
        }
        let mut tx = self.pool.begin().await?;
        let inserted: Vec<String> = sqlx::query_scalar(
            "INSERT INTO worker_results
                 (request_id, batch, kind, line, index_version, worker, alerts, result)
             SELECT r.id, r.batch, r.kind, r.line, r.version, r.worker, r.alerts, r.result::jsonb
             FROM UNNEST($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[],
                         $6::text[], $7::int[], $8::text[])
                  AS r(id, batch, kind, line, version, worker, alerts, result)
             ON CONFLICT (request_id) DO NOTHING
             RETURNING request_id",
        )
        .bind(&ids)
        .bind(&batches)
        .bind(&kinds)
        .bind(&lines)
        .bind(&versions)
        .bind(&workers)
        .bind(&counts)
        .bind(&jsons)
        .fetch_all(&mut *tx)
        .await?;
        let inserted: std::collections::HashSet<String> = inserted.into_iter().collect();
        let (mut a_ids, mut a_ranks, mut a_entities, mut a_scores, mut a_versions) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (r, _) in results.iter().filter(|(r, _)| inserted.contains(&r.id)) {
            for (rank, alert) in r.alerts.iter().enumerate() {
                a_ids.push(r.id.clone());
                a_ranks.push(rank as i32);
                a_entities.push(alert.entity_id.clone());
                a_scores.push(alert.score);
                a_versions.push(r.index_version.clone());
            }
        }
        if !a_ids.is_empty() {
            sqlx::query(
                "INSERT INTO worker_alerts (request_id, rank, entity_id, score, index_version)
                 SELECT * FROM UNNEST($1::text[], $2::int[], $3::text[], $4::real[], $5::text[])",
            )
            .bind(&a_ids)
            .bind(&a_ranks)
            .bind(&a_entities)
            .bind(&a_scores)
            .bind(&a_versions)
            .execute(&mut *tx)
            .await?;
        }
        let mut existing = HashMap::new();
        let missing: Vec<String> = ids
            .iter()
            .filter(|id| !inserted.contains(*id))
            .cloned()
            .collect();
        if !missing.is_empty() {
            let rows = sqlx::query(
                "SELECT request_id, result::text FROM worker_results WHERE request_id = ANY($1)",
            )
            .bind(&missing)
            .fetch_all(&mut *tx)
            .await?;
            for row in rows {
                let id: String = row.get(0);
                let text: String = row.get(1);
                existing.insert(id, text.into_bytes());
            }
        }
        let worker = results[0].0.worker.clone();
        let detail = json!({
            "requests": results.len(),
            "new": inserted.len(),
            "redelivered": missing.len(),
            "alerts": a_ids.len(),
        });
        sqlx::query(AUDIT_INSERT)
            .bind(&worker)
            .bind("recorded")
            .bind(detail.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Recorded {
            new: inserted.len(),
            existing,
        })
    }

    /// The connection pool (for queries this module does not offer).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Appends an event to the audit trail.
    pub async fn audit(
        &self,
        worker: &str,
        event: &str,
        detail: &Value,
    ) -> Result<(), sqlx::Error> {
        // Through the pool, not a borrowed connection: keeps the worker's future `Send`.
        sqlx::query(AUDIT_INSERT)
            .bind(worker)
            .bind(event)
            .bind(detail.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Totals of one batch.
    pub async fn batch_totals(&self, batch: &str) -> Result<BatchTotals, sqlx::Error> {
        let row = sqlx::query(
            "SELECT count(*)::bigint, coalesce(sum(alerts), 0)::bigint,
                    count(*) FILTER (WHERE alerts > 0)::bigint,
                    (SELECT count(*)::bigint FROM worker_alerts a
                       JOIN worker_results r USING (request_id) WHERE r.batch = $1)
             FROM worker_results WHERE batch = $1",
        )
        .bind(batch)
        .fetch_one(&self.pool)
        .await?;
        Ok(BatchTotals {
            requests: row.get(0),
            alerts: row.get(1),
            alert_rows: row.get(2),
            alert_records: row.get(3),
        })
    }

    /// Audit events of one kind since the store was created (for tests and reports).
    pub async fn audit_count(&self, event: &str) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT count(*)::bigint FROM worker_audit WHERE event = $1")
            .bind(event)
            .fetch_one(&self.pool)
            .await
    }
}
