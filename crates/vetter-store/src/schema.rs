//! The schema: one set of migrations written once, in the SQL both SQLite and PostgreSQL
//! accept; only the auto-incrementing key and the append-only triggers are spelled per
//! backend. Applied through sqlx's migrator (table `_sqlx_migrations`, checksums, a lock on
//! PostgreSQL so that two processes never migrate at once).

use crate::Backend;
use futures_core::future::BoxFuture;
use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType};
use std::borrow::Cow;

/// Version 1: every table.
const V1: &str = "
CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    fingerprint TEXT NOT NULL,
    name TEXT NOT NULL,
    record TEXT NOT NULL,
    removed BIGINT NOT NULL DEFAULT 0,
    seen_run TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    customer_version BIGINT NOT NULL,
    customer_name TEXT NOT NULL,
    customer_record TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    entity_caption TEXT NOT NULL,
    entity_schema TEXT NOT NULL,
    entity_datasets TEXT NOT NULL,
    entity_fingerprint TEXT NOT NULL,
    entity_record TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    explanation TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    list_versions TEXT NOT NULL,
    status TEXT NOT NULL,
    reopened BIGINT NOT NULL DEFAULT 0,
    changes TEXT NOT NULL,
    run_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (customer_id, entity_id)
);
CREATE INDEX alerts_status_score ON alerts (status, score);
CREATE INDEX alerts_entity ON alerts (entity_id);
CREATE TABLE decisions (
    seq {SERIAL},
    alert_id TEXT NOT NULL,
    decision TEXT NOT NULL,
    analyst TEXT NOT NULL,
    reason TEXT NOT NULL,
    customer_version BIGINT NOT NULL,
    entity_fingerprint TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX decisions_alert ON decisions (alert_id);
CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    step BIGINT NOT NULL,
    summary TEXT NOT NULL,
    started_at TEXT NOT NULL,
    completed_at TEXT
);
CREATE TABLE list_versions (
    dataset TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    version TEXT NOT NULL,
    source TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE audit (
    seq {SERIAL},
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    subject TEXT NOT NULL,
    details TEXT NOT NULL
);
";

const SQLITE_APPEND_ONLY: &str = "
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
";

const POSTGRES_APPEND_ONLY: &str = "
CREATE FUNCTION vetter_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
FOR EACH ROW EXECUTE FUNCTION vetter_append_only();
CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE ON decisions
FOR EACH ROW EXECUTE FUNCTION vetter_append_only();
";

/// The migrations for one backend.
#[derive(Debug)]
pub(crate) struct Migrations(pub Backend);

impl MigrationSource<'static> for Migrations {
    fn resolve(self) -> BoxFuture<'static, Result<Vec<Migration>, BoxDynError>> {
        let (serial, append_only) = match self.0 {
            Backend::Sqlite => ("INTEGER PRIMARY KEY AUTOINCREMENT", SQLITE_APPEND_ONLY),
            Backend::Postgres => ("BIGSERIAL PRIMARY KEY", POSTGRES_APPEND_ONLY),
        };
        let sql = format!("{}{append_only}", V1.replace("{SERIAL}", serial));
        let migration = Migration::new(
            1,
            Cow::Borrowed("monitoring tables"),
            MigrationType::Simple,
            Cow::Owned(sql),
            false,
        );
        Box::pin(async move { Ok(vec![migration]) })
    }
}
