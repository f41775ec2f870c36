//! # vetter-store
//!
//! The monitoring database: the customer book (records by the caller's id, with versions,
//! content fingerprints and a removed flag), alerts (a customer record version against a
//! listed entity version, with score, explanation, list versions and algorithm), analysts'
//! decisions, monitoring runs with their resume state, the list versions the book was last
//! screened against, and an append-only audit trail.
//!
//! One schema and one code path for both backends, through sqlx's `Any` driver:
//!
//! * SQLite (default): one file, WAL journal, write transactions begin `IMMEDIATE` so a
//!   writer never fails half-way on a lock upgrade;
//! * PostgreSQL: any `postgres://` URL.
//!
//! ```no_run
//! # async fn demo() -> Result<(), vetter_store::StoreError> {
//! let store = vetter_store::Store::connect("monitor.sqlite").await?;
//! let (total, alerts) = store.list_alerts(&vetter_store::AlertFilter::default()).await?;
//! # Ok(()) }
//! ```
//!
//! Writes that matter happen in [`Store::commit_step`]: customers, alert results, delistings,
//! the run's progress and (for the last step) its completion commit in one transaction,
//! and a step already applied is refused without effect, so a run killed at any point
//! resumes without losing or duplicating anything. [`Store::record_alerts`] is the same
//! for one request (idempotent by its id).

#![warn(missing_docs)]

mod lifecycle;
mod schema;

pub use lifecycle::{material_changes, record_changes, Change};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Row, Transaction};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Duration;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// The schema could not be brought up to date.
    #[error("migrating the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// No such alert (or run).
    #[error("{0}")]
    NotFound(String),
    /// A request the store cannot carry out (bad decision, empty reason …).
    #[error("{0}")]
    Invalid(String),
    /// A stored JSON value is not valid JSON.
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Result of store operations.
pub type Result<T> = std::result::Result<T, StoreError>;

/// The database behind a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// Alert states.
pub const STATUSES: [&str; 5] = [
    "open",
    "true_match",
    "false_positive",
    "escalated",
    "delisted",
];

/// Decisions an analyst can record.
pub const DECISIONS: [&str; 3] = ["true_match", "false_positive", "escalated"];

/// Now as RFC 3339 UTC with milliseconds (sorts as text).
pub fn now() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}

/// Hex SHA-256 of a text (fingerprints of records).
pub fn fingerprint(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The stable id of the alert of a customer against a listed entity.
pub fn alert_id(customer_id: &str, entity_id: &str) -> String {
    let digest = Sha256::digest(format!("{customer_id}\0{entity_id}").as_bytes());
    let hex: String = digest[..10].iter().map(|b| format!("{b:02x}")).collect();
    format!("a-{hex}")
}

/// A customer record to store: the caller's id, its display name, the record as FtM JSON
/// (`{"schema", "properties"}`) and a fingerprint of its content.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CustomerRecord {
    /// The caller's id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// FtM JSON of the record.
    pub record: Value,
    /// Fingerprint of the content ([`fingerprint`] of a canonical text).
    pub fingerprint: String,
}

/// What the store knows of a customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerState {
    /// Version (1 for the first, +1 on every content change or undeletion).
    pub version: i64,
    /// Content fingerprint of the current version.
    pub fingerprint: String,
    /// Whether the customer was removed from the book.
    pub removed: bool,
}

/// A stored customer (current version).
#[derive(Debug, Clone)]
pub struct StoredCustomer {
    /// The caller's id.
    pub id: String,
    /// Current version.
    pub version: i64,
    /// FtM JSON of the current version.
    pub record: Value,
}

/// The listed entity of a screening result, as screened.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntitySnapshot {
    /// Entity id (`ofac-28036`).
    pub id: String,
    /// Display name.
    pub caption: String,
    /// Schema name.
    pub schema: String,
    /// Datasets the entity is on.
    pub datasets: Vec<String>,
    /// Content fingerprint of this version of the entity.
    pub fingerprint: String,
    /// FtM JSON of the entity.
    pub record: Value,
}

/// One pair that scored at or above the alert threshold.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Screening {
    /// The customer's id (its current stored version is the one alerted).
    pub customer_id: String,
    /// The listed entity.
    pub entity: EntitySnapshot,
    /// Score.
    pub score: f64,
    /// The matcher's explanation JSON.
    pub explanation: Value,
    /// Algorithm version.
    pub algorithm: String,
    /// Dataset → list version used.
    pub list_versions: BTreeMap<String, String>,
}

/// A list version the book has been screened against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListState {
    /// Dataset (`us_ofac_sdn`).
    pub dataset: String,
    /// Source kind (`ofac-sdn`).
    pub kind: String,
    /// Version (as-of date).
    pub version: String,
    /// Where it came from (stored version id or file path).
    pub source: String,
}

/// Everything one step of a run writes, in one transaction.
#[derive(Debug, Default, Clone)]
pub struct Step<'a> {
    /// Customers to insert or update (new or changed content, or undeleted).
    pub customers: &'a [CustomerRecord],
    /// Ids of customers seen unchanged in this run (for [`Completion::remove_unseen`]).
    pub seen: &'a [String],
    /// Screening results to record.
    pub results: &'a [Screening],
    /// Listed entity ids no longer listed: their alerts are closed as `delisted`.
    pub delisted: &'a [String],
    /// Free-form details of the step, merged into the run's summary counters.
    pub counters: &'a [(&'a str, i64)],
}

/// What the last step of a run also does.
#[derive(Debug, Default, Clone)]
pub struct Completion {
    /// The list versions the book is now screened against.
    pub lists: Vec<ListState>,
    /// Mark every customer not touched or seen by this run as removed (a full book load).
    pub remove_unseen: bool,
}

/// Counts of what recording did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Customers inserted.
    pub customers_new: i64,
    /// Customers whose content changed (or that came back after removal).
    pub customers_changed: i64,
    /// Customers removed from the book.
    pub customers_removed: i64,
    /// Alerts raised for the first time.
    pub alerts_new: i64,
    /// Alerts reopened (a false positive whose records changed materially, or a delisted
    /// entity listed again).
    pub alerts_reopened: i64,
    /// Open, escalated or true-match alerts screened again (score and versions refreshed).
    pub alerts_refreshed: i64,
    /// False-positive alerts screened again without material change (left decided).
    pub alerts_suppressed: i64,
    /// Alerts closed because their entity was delisted.
    pub alerts_delisted: i64,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.customers_new += other.customers_new;
        self.customers_changed += other.customers_changed;
        self.customers_removed += other.customers_removed;
        self.alerts_new += other.alerts_new;
        self.alerts_reopened += other.alerts_reopened;
        self.alerts_refreshed += other.alerts_refreshed;
        self.alerts_suppressed += other.alerts_suppressed;
        self.alerts_delisted += other.alerts_delisted;
    }
}

/// A monitoring run (a book load, a re-screening, or one recorded request).
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    /// Run id.
    pub id: String,
    /// `add`, `run` or `request`.
    pub kind: String,
    /// Parameters identifying the work (a resumed run has the same).
    pub params: Value,
    /// Last step committed (0: none).
    pub step: i64,
    /// Counters accumulated over the committed steps.
    pub summary: Value,
    /// Start time.
    pub started_at: String,
    /// Completion time; `None` while incomplete.
    pub completed_at: Option<String>,
}

/// The outcome of [`Store::commit_step`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepOutcome {
    /// The step was recorded, with these counts.
    Applied(Counts),
    /// The step had already been recorded (or the run is complete): nothing was written.
    AlreadyApplied,
}

/// Filter and page of [`Store::list_alerts`].
#[derive(Debug, Clone)]
pub struct AlertFilter {
    /// One status, or `None` for all.
    pub status: Option<String>,
    /// Only alerts whose entity is on this dataset.
    pub dataset: Option<String>,
    /// Only alerts scoring at least this.
    pub min_score: Option<f64>,
    /// Only alerts of this customer.
    pub customer_id: Option<String>,
    /// Page size.
    pub limit: i64,
    /// Page start.
    pub offset: i64,
}

impl Default for AlertFilter {
    fn default() -> Self {
        AlertFilter {
            status: None,
            dataset: None,
            min_score: None,
            customer_id: None,
            limit: 50,
            offset: 0,
        }
    }
}

/// An alert as listed (see `/work/coord/ALERTS-API.md`: `AlertSummary`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AlertSummary {
    /// Stable id (`a-…`).
    pub id: String,
    /// Current status.
    pub status: String,
    /// Score of the last screening.
    pub score: f64,
    /// `{"id", "name", "version"}` of the customer.
    pub customer: Value,
    /// `{"id", "caption", "schema", "datasets"}` of the listed entity.
    pub entity: Value,
    /// Whether the alert was reopened (see `changes` in the detail).
    pub reopened: bool,
    /// When it was first raised.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
}

/// A decision recorded on an alert.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Decision {
    /// `true_match`, `false_positive` or `escalated`.
    pub decision: String,
    /// Who decided.
    pub analyst: String,
    /// Why.
    pub reason: String,
    /// When.
    pub at: String,
}

/// An alert with everything needed to review (and replay) it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AlertDetail {
    /// The summary fields.
    #[serde(flatten)]
    pub summary: AlertSummary,
    /// The screened customer version, FtM JSON.
    pub customer_record: Value,
    /// The listed entity version, FtM JSON with `id`, `caption`, `datasets`.
    pub entity_record: Value,
    /// The matcher's explanation.
    pub explanation: Value,
    /// Algorithm version.
    pub algorithm: String,
    /// Dataset → list version.
    pub list_versions: Value,
    /// Why the alert reopened (empty otherwise).
    pub changes: Vec<Change>,
    /// Decisions, oldest first.
    pub decisions: Vec<Decision>,
    /// Content fingerprint of the listed entity version.
    pub entity_fingerprint: String,
    /// The run or request that last wrote the alert.
    pub run_id: String,
}

/// One event of the audit trail.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AuditEvent {
    /// Sequence number (increasing).
    pub seq: i64,
    /// When.
    pub at: String,
    /// `decision`, `monitor_run`, `alert_reopened`, `alert_delisted` …
    pub kind: String,
    /// Who (analyst, `vetter monitor` …).
    pub actor: String,
    /// What it is about (alert or run id).
    pub subject: String,
    /// Details.
    pub details: Value,
}

/// Overview for `vetter monitor status`.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// Customers in the book (not removed).
    pub customers: i64,
    /// Customers removed.
    pub removed: i64,
    /// Alerts by status.
    pub alerts: BTreeMap<String, i64>,
    /// List versions the book is screened against.
    pub lists: Vec<ListState>,
    /// The latest runs, newest first.
    pub runs: Vec<Run>,
}

/// An existing alert as the lifecycle needs it.
struct Existing {
    status: String,
    customer_record: Value,
    entity_record: Value,
}

/// The monitoring database.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// `$1, $2 …` from `start` for `n` values.
fn placeholders(start: usize, n: usize) -> String {
    (start..start + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rows per multi-row statement or `IN` list.
const CHUNK: usize = 200;

impl Store {
    /// Connects to `url` and brings the schema up to date. `postgres://…` or
    /// `postgresql://…` selects PostgreSQL; `sqlite://PATH`, `sqlite:PATH` or a plain path
    /// selects an SQLite file (created if missing, WAL journal).
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (backend, url) = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string())
        } else {
            let path = url
                .strip_prefix("sqlite://")
                .or_else(|| url.strip_prefix("sqlite:"))
                .unwrap_or(url);
            let path = Path::new(path);
            let path = if path.is_absolute() {
                path.to_path_buf()
            } else {
                std::env::current_dir()
                    .map_err(|e| StoreError::Invalid(format!("current directory: {e}")))?
                    .join(path)
            };
            (
                Backend::Sqlite,
                format!("sqlite://{}?mode=rwc", path.display()),
            )
        };
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(60));
        let pool = match backend {
            Backend::Sqlite => {
                options
                    .max_connections(4)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            use sqlx::Executor;
                            for pragma in [
                                "PRAGMA journal_mode = WAL",
                                "PRAGMA busy_timeout = 60000",
                                "PRAGMA synchronous = NORMAL",
                            ] {
                                conn.execute(pragma).await?;
                            }
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await?
            }
            Backend::Postgres => options.max_connections(8).connect(&url).await?,
        };
        let migrator = sqlx::migrate::Migrator::new(schema::Migrations(backend)).await?;
        migrator.run(&pool).await?;
        Ok(Store { pool, backend })
    }

    /// Creates (or empties) the PostgreSQL database `name` on the server of `base_url`
    /// and returns its URL: a fresh database for a test or a benchmark.
    pub async fn create_postgres_database(base_url: &str, name: &str) -> Result<String> {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(StoreError::Invalid(format!("bad database name {name:?}")));
        }
        let mut conn = sqlx::AnyConnection::connect(base_url).await?;
        sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await?;
        sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await?;
        conn.close().await?;
        let (server, query) = match base_url.split_once('?') {
            Some((s, q)) => (s, format!("?{q}")),
            None => (base_url, String::new()),
        };
        let server = match server.rfind('/') {
            Some(i) if i > server.find("//").map_or(0, |j| j + 1) => &server[..i],
            _ => server,
        };
        Ok(format!("{server}/{name}{query}"))
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the connections.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Begins a write transaction (`BEGIN IMMEDIATE` on SQLite: the write lock is taken
    /// first, so the transaction never fails on a lock upgrade after reading).
    async fn begin_write(&self) -> Result<Transaction<'static, Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => {
                let mut tx = self.pool.begin().await?;
                // Writers of the book serialise (as on SQLite), so two runs never interleave.
                sqlx::query("SELECT pg_advisory_xact_lock(7207)")
                    .execute(&mut *tx)
                    .await?;
                tx
            }
        })
    }

    // ----- runs -----------------------------------------------------------------------

    /// Starts a run of `kind`, or resumes the incomplete run of the same kind and
    /// parameters. The returned run's `step` is the last committed step.
    pub async fn begin_run(&self, kind: &str, params: &Value) -> Result<Run> {
        let params_text = params.to_string();
        let mut tx = self.begin_write().await?;
        let existing = sqlx::query(
            "SELECT id, kind, params, step, summary, started_at, completed_at FROM runs \
             WHERE kind = $1 AND params = $2 AND completed_at IS NULL ORDER BY started_at DESC LIMIT 1",
        )
        .bind(kind)
        .bind(&params_text)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = existing {
            tx.commit().await?;
            return run_from_row(&row);
        }
        let started_at = now();
        let id = format!(
            "r-{}",
            &fingerprint(&format!(
                "{started_at}{}{:?}",
                std::process::id(),
                std::time::Instant::now()
            ))[..16]
        );
        sqlx::query(
            "INSERT INTO runs (id, kind, params, step, summary, started_at) VALUES ($1, $2, $3, 0, '{}', $4)",
        )
        .bind(&id)
        .bind(kind)
        .bind(&params_text)
        .bind(&started_at)
        .execute(&mut *tx)
        .await?;
        audit(
            &mut tx,
            &format!("{kind}_started"),
            "vetter monitor",
            &id,
            &json!({ "params": params }),
        )
        .await?;
        tx.commit().await?;
        Ok(Run {
            id,
            kind: kind.to_string(),
            params: params.clone(),
            step: 0,
            summary: json!({}),
            started_at,
            completed_at: None,
        })
    }

    /// A run by id.
    pub async fn run(&self, id: &str) -> Result<Run> {
        let row = sqlx::query(
            "SELECT id, kind, params, step, summary, started_at, completed_at FROM runs WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("no run {id}")))?;
        run_from_row(&row)
    }

    /// The latest runs, newest first.
    pub async fn runs(&self, limit: i64) -> Result<Vec<Run>> {
        let rows = sqlx::query(
            "SELECT id, kind, params, step, summary, started_at, completed_at FROM runs \
             ORDER BY started_at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(run_from_row).collect()
    }

    /// Records step `step` (1, 2 …) of `run_id` in one transaction: customers, seen ids,
    /// results, delistings, the run's counters and position, and with `completion` the
    /// list versions, removals and the run's completion (with its audit event). A step
    /// that is not the next one of an incomplete run is refused without effect
    /// ([`StepOutcome::AlreadyApplied`]).
    pub async fn commit_step(
        &self,
        run_id: &str,
        step: i64,
        work: Step<'_>,
        completion: Option<&Completion>,
    ) -> Result<StepOutcome> {
        let mut tx = self.begin_write().await?;
        let advanced = sqlx::query(
            "UPDATE runs SET step = $1 WHERE id = $2 AND step = $3 AND completed_at IS NULL",
        )
        .bind(step)
        .bind(run_id)
        .bind(step - 1)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if advanced != 1 {
            tx.rollback().await?;
            return Ok(StepOutcome::AlreadyApplied);
        }
        let at = now();
        let mut counts = Counts::default();
        upsert_customers(&mut tx, run_id, &at, work.customers, &mut counts).await?;
        for ids in work.seen.chunks(CHUNK) {
            let sql = format!(
                "UPDATE customers SET seen_run = $1 WHERE id IN ({})",
                placeholders(2, ids.len())
            );
            let mut q = sqlx::query(&sql).bind(run_id);
            for id in ids {
                q = q.bind(id);
            }
            q.execute(&mut *tx).await?;
        }
        record_results(&mut tx, run_id, &at, work.results, &mut counts).await?;
        delist(&mut tx, run_id, &at, work.delisted, &mut counts).await?;

        let row = sqlx::query("SELECT kind, summary FROM runs WHERE id = $1")
            .bind(run_id)
            .fetch_one(&mut *tx)
            .await?;
        let kind: String = row.try_get("kind")?;
        let mut summary: BTreeMap<String, i64> =
            serde_json::from_str(&row.try_get::<String, _>("summary")?)?;
        if let Some(completion) = completion {
            if completion.remove_unseen {
                counts.customers_removed += sqlx::query(
                    "UPDATE customers SET removed = 1, version = version + 1, updated_at = $1 \
                     WHERE removed = 0 AND seen_run <> $2",
                )
                .bind(&at)
                .bind(run_id)
                .execute(&mut *tx)
                .await?
                .rows_affected() as i64;
            }
            for list in &completion.lists {
                sqlx::query(
                    "INSERT INTO list_versions (dataset, kind, version, source, updated_at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (dataset) DO UPDATE SET kind = excluded.kind, version = excluded.version, \
                     source = excluded.source, updated_at = excluded.updated_at",
                )
                .bind(&list.dataset)
                .bind(&list.kind)
                .bind(&list.version)
                .bind(&list.source)
                .bind(&at)
                .execute(&mut *tx)
                .await?;
            }
        }
        let value = serde_json::to_value(counts)?;
        for (key, n) in value.as_object().into_iter().flatten() {
            *summary.entry(key.clone()).or_default() += n.as_i64().unwrap_or(0);
        }
        for (key, n) in work.counters {
            *summary.entry(key.to_string()).or_default() += n;
        }
        sqlx::query("UPDATE runs SET summary = $1 WHERE id = $2")
            .bind(serde_json::to_string(&summary)?)
            .bind(run_id)
            .execute(&mut *tx)
            .await?;
        if let Some(completion) = completion {
            sqlx::query("UPDATE runs SET completed_at = $1 WHERE id = $2")
                .bind(&at)
                .bind(run_id)
                .execute(&mut *tx)
                .await?;
            audit(
                &mut tx,
                if kind == "request" {
                    "alerts_recorded"
                } else {
                    "monitor_run"
                },
                "vetter monitor",
                run_id,
                &json!({ "kind": kind, "steps": step, "summary": summary, "lists": completion.lists }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(StepOutcome::Applied(counts))
    }

    /// Records the results of one screening request (e.g. a queue message) idempotently:
    /// the first call with `request_id` records them and returns their counts, a repeated
    /// call writes nothing and returns [`StepOutcome::AlreadyApplied`]. The customers must
    /// already be stored.
    pub async fn record_alerts(
        &self,
        request_id: &str,
        results: &[Screening],
    ) -> Result<StepOutcome> {
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO runs (id, kind, params, step, summary, started_at) VALUES ($1, 'request', '{}', 0, '{}', $2) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(request_id)
        .bind(now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        if inserted == 0 {
            // Known request: `commit_step` refuses it again if it completed.
            let run = self.run(request_id).await?;
            if run.kind != "request" {
                return Err(StoreError::Invalid(format!(
                    "{request_id} is a {} run, not a request",
                    run.kind
                )));
            }
        }
        self.commit_step(
            request_id,
            1,
            Step {
                results,
                ..Step::default()
            },
            Some(&Completion::default()),
        )
        .await
    }

    // ----- customers ------------------------------------------------------------------

    /// Version, fingerprint and removed flag of the customers among `ids` that are stored.
    pub async fn customer_states(&self, ids: &[String]) -> Result<HashMap<String, CustomerState>> {
        let mut out = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK * 4) {
            let sql = format!(
                "SELECT id, version, fingerprint, removed FROM customers WHERE id IN ({})",
                placeholders(1, chunk.len())
            );
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(id);
            }
            for row in q.fetch_all(&self.pool).await? {
                out.insert(
                    row.try_get::<String, _>("id")?,
                    CustomerState {
                        version: row.try_get("version")?,
                        fingerprint: row.try_get("fingerprint")?,
                        removed: row.try_get::<i64, _>("removed")? != 0,
                    },
                );
            }
        }
        Ok(out)
    }

    /// Calls `each` with pages of the current customers (not removed), in id order, so a
    /// whole book is read with flat memory per page.
    pub async fn for_each_customer_page(
        &self,
        page: i64,
        mut each: impl FnMut(Vec<StoredCustomer>) -> Result<()>,
    ) -> Result<()> {
        let mut after = String::new();
        loop {
            let rows = sqlx::query(
                "SELECT id, version, record FROM customers WHERE removed = 0 AND id > $1 ORDER BY id LIMIT $2",
            )
            .bind(&after)
            .bind(page)
            .fetch_all(&self.pool)
            .await?;
            if rows.is_empty() {
                return Ok(());
            }
            let mut customers = Vec::with_capacity(rows.len());
            for row in &rows {
                customers.push(StoredCustomer {
                    id: row.try_get("id")?,
                    version: row.try_get("version")?,
                    record: serde_json::from_str(&row.try_get::<String, _>("record")?)?,
                });
            }
            after = customers.last().map(|c| c.id.clone()).unwrap_or_default();
            each(customers)?;
        }
    }

    /// The list versions the book was last screened against.
    pub async fn lists(&self) -> Result<Vec<ListState>> {
        let rows = sqlx::query(
            "SELECT dataset, kind, version, source FROM list_versions ORDER BY dataset",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ListState {
                    dataset: r.try_get("dataset")?,
                    kind: r.try_get("kind")?,
                    version: r.try_get("version")?,
                    source: r.try_get("source")?,
                })
            })
            .collect()
    }

    // ----- alerts ---------------------------------------------------------------------

    /// A page of alerts, highest score first, with the total that match the filter.
    pub async fn list_alerts(&self, filter: &AlertFilter) -> Result<(i64, Vec<AlertSummary>)> {
        let mut conditions = Vec::new();
        let mut binds: Vec<Bind> = Vec::new();
        if let Some(status) = &filter.status {
            binds.push(Bind::Text(status.clone()));
            conditions.push(format!("status = ${}", binds.len()));
        }
        if let Some(dataset) = &filter.dataset {
            binds.push(Bind::Text(format!("%\"{dataset}\"%")));
            conditions.push(format!("entity_datasets LIKE ${}", binds.len()));
        }
        if let Some(min) = filter.min_score {
            binds.push(Bind::Float(min));
            conditions.push(format!("score >= ${}", binds.len()));
        }
        if let Some(customer) = &filter.customer_id {
            binds.push(Bind::Text(customer.clone()));
            conditions.push(format!("customer_id = ${}", binds.len()));
        }
        let filter_sql = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        let count_sql = format!("SELECT COUNT(*) AS n FROM alerts{filter_sql}");
        let total: i64 = bind_all(sqlx::query(&count_sql), &binds)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let page_sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM alerts{filter_sql} ORDER BY score DESC, id LIMIT ${} OFFSET ${}",
            binds.len() + 1,
            binds.len() + 2
        );
        let rows = bind_all(sqlx::query(&page_sql), &binds)
            .bind(filter.limit)
            .bind(filter.offset)
            .fetch_all(&self.pool)
            .await?;
        let alerts = rows.iter().map(summary_from_row).collect::<Result<_>>()?;
        Ok((total, alerts))
    }

    /// One alert with its records, explanation, changes and decisions.
    pub async fn alert(&self, id: &str) -> Result<AlertDetail> {
        let row = sqlx::query(&format!(
            "SELECT {SUMMARY_COLUMNS}, customer_record, entity_record, explanation, algorithm, \
             list_versions, changes, entity_fingerprint, run_id FROM alerts WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("no alert {id}")))?;
        let decisions = sqlx::query(
            "SELECT decision, analyst, reason, at FROM decisions WHERE alert_id = $1 ORDER BY seq",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Decision {
                decision: r.try_get("decision")?,
                analyst: r.try_get("analyst")?,
                reason: r.try_get("reason")?,
                at: r.try_get("at")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let text =
            |c: &str| -> Result<Value> { Ok(serde_json::from_str(&row.try_get::<String, _>(c)?)?) };
        Ok(AlertDetail {
            summary: summary_from_row(&row)?,
            customer_record: text("customer_record")?,
            entity_record: text("entity_record")?,
            explanation: text("explanation")?,
            algorithm: row.try_get("algorithm")?,
            list_versions: text("list_versions")?,
            changes: serde_json::from_value(text("changes")?)?,
            decisions,
            entity_fingerprint: row.try_get("entity_fingerprint")?,
            run_id: row.try_get("run_id")?,
        })
    }

    /// Records an analyst's decision on an alert: the decision row, the alert's new status
    /// and the audit event commit together. Returns the updated alert.
    pub async fn decide(
        &self,
        id: &str,
        decision: &str,
        analyst: &str,
        reason: &str,
    ) -> Result<AlertDetail> {
        if !DECISIONS.contains(&decision) {
            return Err(StoreError::Invalid(format!(
                "unknown decision {decision:?}: expected one of {}",
                DECISIONS.join(", ")
            )));
        }
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid("a decision needs a reason".into()));
        }
        let at = now();
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(
            "SELECT status, customer_version, entity_fingerprint FROM alerts WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("no alert {id}")))?;
        let previous: String = row.try_get("status")?;
        let customer_version: i64 = row.try_get("customer_version")?;
        let entity_fingerprint: String = row.try_get("entity_fingerprint")?;
        sqlx::query(
            "INSERT INTO decisions (alert_id, decision, analyst, reason, customer_version, entity_fingerprint, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(decision)
        .bind(analyst)
        .bind(reason)
        .bind(customer_version)
        .bind(&entity_fingerprint)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE alerts SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(decision)
            .bind(&at)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit(
            &mut tx,
            "decision",
            analyst,
            id,
            &json!({
                "decision": decision, "previous": previous, "reason": reason,
                "customer_version": customer_version, "entity_fingerprint": entity_fingerprint,
            }),
        )
        .await?;
        tx.commit().await?;
        self.alert(id).await
    }

    // ----- audit and status -----------------------------------------------------------

    /// A page of the audit trail, oldest first, with the total number of events.
    pub async fn audit(&self, limit: i64, offset: i64) -> Result<(i64, Vec<AuditEvent>)> {
        let total: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
        let rows = sqlx::query(
            "SELECT seq, at, kind, actor, subject, details FROM audit ORDER BY seq LIMIT $1 OFFSET $2",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        Ok((
            total,
            rows.iter().map(event_from_row).collect::<Result<_>>()?,
        ))
    }

    /// Audit events with a sequence number above `after`, oldest first, at most `limit`.
    pub async fn audit_after(&self, after: i64, limit: i64) -> Result<Vec<AuditEvent>> {
        let rows = sqlx::query(
            "SELECT seq, at, kind, actor, subject, details FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(event_from_row).collect()
    }

    /// Counts of customers and alerts, list versions and the latest runs.
    pub async fn status(&self) -> Result<Status> {
        let count = |sql: &'static str| async move {
            let n: i64 = sqlx::query(sql).fetch_one(&self.pool).await?.try_get("n")?;
            Ok::<i64, StoreError>(n)
        };
        let customers = count("SELECT COUNT(*) AS n FROM customers WHERE removed = 0").await?;
        let removed = count("SELECT COUNT(*) AS n FROM customers WHERE removed <> 0").await?;
        let mut alerts = BTreeMap::new();
        for row in sqlx::query("SELECT status, COUNT(*) AS n FROM alerts GROUP BY status")
            .fetch_all(&self.pool)
            .await?
        {
            alerts.insert(row.try_get::<String, _>("status")?, row.try_get("n")?);
        }
        Ok(Status {
            customers,
            removed,
            alerts,
            lists: self.lists().await?,
            runs: self.runs(5).await?,
        })
    }
}

/// A bound value of a dynamically built query.
enum Bind {
    Text(String),
    Float(f64),
}

type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

fn bind_all<'q>(mut q: AnyQuery<'q>, binds: &'q [Bind]) -> AnyQuery<'q> {
    for b in binds {
        q = match b {
            Bind::Text(t) => q.bind(t.as_str()),
            Bind::Float(f) => q.bind(*f),
        };
    }
    q
}

const SUMMARY_COLUMNS: &str = "id, status, score, customer_id, customer_name, customer_version, \
     entity_id, entity_caption, entity_schema, entity_datasets, reopened, created_at, updated_at";

fn summary_from_row(row: &AnyRow) -> Result<AlertSummary> {
    let datasets: Value = serde_json::from_str(&row.try_get::<String, _>("entity_datasets")?)?;
    Ok(AlertSummary {
        id: row.try_get("id")?,
        status: row.try_get("status")?,
        score: row.try_get("score")?,
        customer: json!({
            "id": row.try_get::<String, _>("customer_id")?,
            "name": row.try_get::<String, _>("customer_name")?,
            "version": row.try_get::<i64, _>("customer_version")?,
        }),
        entity: json!({
            "id": row.try_get::<String, _>("entity_id")?,
            "caption": row.try_get::<String, _>("entity_caption")?,
            "schema": row.try_get::<String, _>("entity_schema")?,
            "datasets": datasets,
        }),
        reopened: row.try_get::<i64, _>("reopened")? != 0,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn event_from_row(row: &AnyRow) -> Result<AuditEvent> {
    Ok(AuditEvent {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        kind: row.try_get("kind")?,
        actor: row.try_get("actor")?,
        subject: row.try_get("subject")?,
        details: serde_json::from_str(&row.try_get::<String, _>("details")?)?,
    })
}

fn run_from_row(row: &AnyRow) -> Result<Run> {
    Ok(Run {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        params: serde_json::from_str(&row.try_get::<String, _>("params")?)?,
        step: row.try_get("step")?,
        summary: serde_json::from_str(&row.try_get::<String, _>("summary")?)?,
        started_at: row.try_get("started_at")?,
        completed_at: row.try_get("completed_at")?,
    })
}

/// Appends an audit event inside a transaction.
async fn audit(
    tx: &mut Transaction<'static, Any>,
    kind: &str,
    actor: &str,
    subject: &str,
    details: &Value,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit (at, kind, actor, subject, details) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(now())
    .bind(kind)
    .bind(actor)
    .bind(subject)
    .bind(details.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Inserts new customers and updates changed ones (version + 1), many rows a statement.
async fn upsert_customers(
    tx: &mut Transaction<'static, Any>,
    run_id: &str,
    at: &str,
    customers: &[CustomerRecord],
    counts: &mut Counts,
) -> Result<()> {
    for chunk in customers.chunks(CHUNK) {
        let sql = format!(
            "SELECT id FROM customers WHERE id IN ({})",
            placeholders(1, chunk.len())
        );
        let mut q = sqlx::query(&sql);
        for c in chunk {
            q = q.bind(&c.id);
        }
        let known = q.fetch_all(&mut **tx).await?.len() as i64;
        counts.customers_changed += known;
        counts.customers_new += chunk.len() as i64 - known;
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let base = i * 6 + 1;
                format!("({}, ${}, 1, 0)", placeholders(base, 6), base + 5)
            })
            .collect();
        let sql = format!(
            "INSERT INTO customers (id, fingerprint, name, record, seen_run, created_at, updated_at, version, removed) \
             VALUES {} ON CONFLICT (id) DO UPDATE SET version = customers.version + 1, \
             fingerprint = excluded.fingerprint, name = excluded.name, record = excluded.record, \
             removed = 0, seen_run = excluded.seen_run, updated_at = excluded.updated_at",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for c in chunk {
            q = q
                .bind(&c.id)
                .bind(&c.fingerprint)
                .bind(&c.name)
                .bind(c.record.to_string())
                .bind(run_id)
                .bind(at);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Applies screening results to the alerts: new pairs open an alert; open, escalated and
/// true-match alerts are refreshed; a false positive reopens only on a material change;
/// a delisted alert reopens when its entity is listed again.
async fn record_results(
    tx: &mut Transaction<'static, Any>,
    run_id: &str,
    at: &str,
    results: &[Screening],
    counts: &mut Counts,
) -> Result<()> {
    for chunk in results.chunks(CHUNK) {
        let ids: Vec<String> = chunk
            .iter()
            .map(|r| alert_id(&r.customer_id, &r.entity.id))
            .collect();
        let sql = format!(
            "SELECT id, status, customer_record, entity_record FROM alerts WHERE id IN ({})",
            placeholders(1, ids.len())
        );
        let mut q = sqlx::query(&sql);
        for id in &ids {
            q = q.bind(id);
        }
        let mut existing: HashMap<String, Existing> = HashMap::new();
        for row in q.fetch_all(&mut **tx).await? {
            existing.insert(
                row.try_get("id")?,
                Existing {
                    status: row.try_get("status")?,
                    customer_record: serde_json::from_str(
                        &row.try_get::<String, _>("customer_record")?,
                    )?,
                    entity_record: serde_json::from_str(
                        &row.try_get::<String, _>("entity_record")?,
                    )?,
                },
            );
        }
        let mut customer_ids: Vec<&String> = chunk.iter().map(|r| &r.customer_id).collect();
        customer_ids.sort();
        customer_ids.dedup();
        let sql = format!(
            "SELECT id, version, name, record FROM customers WHERE id IN ({})",
            placeholders(1, customer_ids.len())
        );
        let mut q = sqlx::query(&sql);
        for id in &customer_ids {
            q = q.bind(id.as_str());
        }
        let mut customers: HashMap<String, (i64, String, Value)> = HashMap::new();
        for row in q.fetch_all(&mut **tx).await? {
            customers.insert(
                row.try_get("id")?,
                (
                    row.try_get("version")?,
                    row.try_get("name")?,
                    serde_json::from_str(&row.try_get::<String, _>("record")?)?,
                ),
            );
        }
        for (result, id) in chunk.iter().zip(&ids) {
            let (version, name, record) = customers.get(&result.customer_id).ok_or_else(|| {
                StoreError::Invalid(format!(
                    "result for customer {} who is not stored",
                    result.customer_id
                ))
            })?;
            let (status, reopened, changes) = match existing.get(id) {
                None => {
                    counts.alerts_new += 1;
                    ("open".to_string(), false, Vec::new())
                }
                Some(old) if old.status == "false_positive" => {
                    let changes = material_changes(
                        &old.customer_record,
                        record,
                        &old.entity_record,
                        &result.entity.record,
                    );
                    if changes.is_empty() {
                        counts.alerts_suppressed += 1;
                        continue;
                    }
                    counts.alerts_reopened += 1;
                    ("open".to_string(), true, changes)
                }
                Some(old) if old.status == "delisted" => {
                    counts.alerts_reopened += 1;
                    let mut changes = vec![Change {
                        side: "entity".into(),
                        field: "listed".into(),
                        added: result
                            .list_versions
                            .iter()
                            .map(|(d, v)| format!("{d} {v}"))
                            .collect(),
                        removed: Vec::new(),
                    }];
                    changes.extend(record_changes(
                        "entity",
                        &old.entity_record,
                        &result.entity.record,
                    ));
                    ("open".to_string(), true, changes)
                }
                Some(old) => {
                    counts.alerts_refreshed += 1;
                    (old.status.clone(), false, Vec::new())
                }
            };
            let fresh = !existing.contains_key(id);
            let changes_text = serde_json::to_string(&changes)?;
            let q = if fresh {
                sqlx::query(
                    "INSERT INTO alerts (customer_version, customer_name, customer_record, entity_caption, \
                     entity_schema, entity_datasets, entity_fingerprint, entity_record, score, explanation, \
                     algorithm, list_versions, status, reopened, changes, run_id, updated_at, \
                     id, customer_id, entity_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
                )
            } else {
                sqlx::query(
                    "UPDATE alerts SET customer_version = $1, customer_name = $2, customer_record = $3, \
                     entity_caption = $4, entity_schema = $5, entity_datasets = $6, entity_fingerprint = $7, \
                     entity_record = $8, score = $9, explanation = $10, algorithm = $11, list_versions = $12, \
                     status = $13, reopened = CASE WHEN $14 = 1 THEN 1 ELSE reopened END, changes = CASE WHEN $14 = 1 THEN $15 ELSE changes END, \
                     run_id = $16, updated_at = $17 WHERE id = $18",
                )
            };
            let q = q
                .bind(*version)
                .bind(name.as_str())
                .bind(record.to_string())
                .bind(result.entity.caption.as_str())
                .bind(result.entity.schema.as_str())
                .bind(serde_json::to_string(&result.entity.datasets)?)
                .bind(result.entity.fingerprint.as_str())
                .bind(result.entity.record.to_string())
                .bind(result.score)
                .bind(result.explanation.to_string())
                .bind(result.algorithm.as_str())
                .bind(serde_json::to_string(&result.list_versions)?)
                .bind(status.as_str())
                .bind(i64::from(reopened))
                .bind(changes_text.as_str())
                .bind(run_id)
                .bind(at)
                .bind(id.as_str());
            let q = if fresh {
                q.bind(result.customer_id.as_str())
                    .bind(result.entity.id.as_str())
                    .bind(at)
            } else {
                q
            };
            q.execute(&mut **tx).await?;
            if reopened {
                audit(
                    tx,
                    "alert_reopened",
                    "vetter monitor",
                    id,
                    &json!({ "run": run_id, "changes": changes, "score": result.score }),
                )
                .await?;
            }
        }
    }
    Ok(())
}

/// Closes the alerts of entities no longer listed.
async fn delist(
    tx: &mut Transaction<'static, Any>,
    run_id: &str,
    at: &str,
    entity_ids: &[String],
    counts: &mut Counts,
) -> Result<()> {
    for chunk in entity_ids.chunks(CHUNK) {
        let sql = format!(
            "SELECT id, status, entity_id FROM alerts WHERE status <> 'delisted' AND entity_id IN ({})",
            placeholders(1, chunk.len())
        );
        let mut q = sqlx::query(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        let rows = q.fetch_all(&mut **tx).await?;
        for row in rows {
            let id: String = row.try_get("id")?;
            let previous: String = row.try_get("status")?;
            let entity: String = row.try_get("entity_id")?;
            let changes =
                json!([{ "side": "entity", "field": "listed", "added": [], "removed": [entity] }]);
            sqlx::query(
                "UPDATE alerts SET status = 'delisted', reopened = 0, changes = $1, run_id = $2, updated_at = $3 WHERE id = $4",
            )
            .bind(changes.to_string())
            .bind(run_id)
            .bind(at)
            .bind(&id)
            .execute(&mut **tx)
            .await?;
            audit(
                tx,
                "alert_delisted",
                "vetter monitor",
                &id,
                &json!({ "run": run_id, "previous": previous, "entity": entity }),
            )
            .await?;
            counts.alerts_delisted += 1;
        }
    }
    Ok(())
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "customers: {} new, {} changed, {} removed; alerts: {} new, {} reopened, {} refreshed, {} false positives unchanged, {} delisted",
            self.customers_new,
            self.customers_changed,
            self.customers_removed,
            self.alerts_new,
            self.alerts_reopened,
            self.alerts_refreshed,
            self.alerts_suppressed,
            self.alerts_delisted
        )
    }
}

impl Counts {
    /// Adds another step's counts.
    pub fn merge(&mut self, other: &Counts) {
        self.add(other);
    }
}
