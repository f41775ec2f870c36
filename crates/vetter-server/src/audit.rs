//! The append-only audit log of screening requests, in an embedded SQLite database.
//!
//! One row per answered `/match` request: when, which API key, which dataset and algorithm,
//! the request as sent, the results (ids, scores, decisions) and the list versions used.
//! The database is in WAL mode; triggers refuse `UPDATE` and `DELETE` on the table.
//!
//! Writes go through one writer thread that commits whatever requests are waiting in one
//! transaction (group commit), and a request is answered only after its row is committed,
//! so every answered screening is on record. A process killed mid-load loses no committed
//! row and leaves no partial one (SQLite transactions; `synchronous=NORMAL` in WAL mode is
//! durable against process crashes, a power loss may drop the last commits).

use rusqlite::{params, Connection};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use tokio::sync::oneshot;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS match_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    key_id TEXT,
    dataset TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    query_string TEXT NOT NULL,
    request TEXT NOT NULL,
    results TEXT NOT NULL,
    lists TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS match_audit_time ON match_audit(time);
CREATE TRIGGER IF NOT EXISTS match_audit_no_update BEFORE UPDATE ON match_audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS match_audit_no_delete BEFORE DELETE ON match_audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
";

/// Most rows committed in one transaction.
const MAX_BATCH: usize = 512;

/// One screening request and its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    /// UTC time of the request, RFC 3339 with milliseconds.
    pub time: String,
    /// Id of the API key (`None`: unauthenticated).
    pub key_id: Option<String>,
    /// Dataset of the request path.
    pub dataset: String,
    /// Algorithm used.
    pub algorithm: String,
    /// The raw query string.
    pub query_string: String,
    /// The request body as sent (JSON).
    pub request: String,
    /// `{query key: [{"id", "score", "match"}…]}` as JSON.
    pub results: String,
    /// The list versions of the index, as JSON.
    pub lists: String,
}

struct Job {
    record: AuditRecord,
    done: oneshot::Sender<Result<i64, String>>,
}

/// Errors of the audit log.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// SQLite refused.
    #[error("audit log {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// The row could not be written.
    #[error("audit log: {0}")]
    Write(String),
}

/// Handle of the audit log; cheap to share, writes go to one writer thread.
pub struct AuditLog {
    path: PathBuf,
    sender: mpsc::Sender<Job>,
}

fn open(path: &Path) -> Result<Connection, AuditError> {
    let sqlite = |source| AuditError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| sqlite(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))?;
    }
    let conn = Connection::open(path).map_err(sqlite)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(sqlite)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(sqlite)?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(sqlite)?;
    conn.execute_batch(SCHEMA).map_err(sqlite)?;
    Ok(conn)
}

impl AuditLog {
    /// Opens (creating if needed) the audit database at `path` and starts its writer.
    pub fn open(path: &Path) -> Result<Self, AuditError> {
        let conn = open(path)?;
        let (sender, receiver) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("vetter-audit".into())
            .spawn(move || writer(conn, receiver))
            .map_err(|e| AuditError::Write(e.to_string()))?;
        Ok(AuditLog {
            path: path.to_path_buf(),
            sender,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends a record; resolves with its row id once it is committed.
    pub async fn append(&self, record: AuditRecord) -> Result<i64, AuditError> {
        let (done, wait) = oneshot::channel();
        self.sender
            .send(Job { record, done })
            .map_err(|_| AuditError::Write("writer stopped".into()))?;
        wait.await
            .map_err(|_| AuditError::Write("writer stopped".into()))?
            .map_err(AuditError::Write)
    }

    /// Reads every record of the database at `path`, oldest first (for tests and exports).
    pub fn read_all(path: &Path) -> Result<Vec<(i64, AuditRecord)>, AuditError> {
        let sqlite = |source| AuditError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(sqlite)?;
        let mut statement = conn
            .prepare(
                "SELECT id, time, key_id, dataset, algorithm, query_string, request, results, lists \
                 FROM match_audit ORDER BY id",
            )
            .map_err(sqlite)?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get(0)?,
                    AuditRecord {
                        time: row.get(1)?,
                        key_id: row.get(2)?,
                        dataset: row.get(3)?,
                        algorithm: row.get(4)?,
                        query_string: row.get(5)?,
                        request: row.get(6)?,
                        results: row.get(7)?,
                        lists: row.get(8)?,
                    },
                ))
            })
            .map_err(sqlite)?;
        rows.collect::<Result<_, _>>().map_err(sqlite)
    }
}

fn writer(mut conn: Connection, receiver: mpsc::Receiver<Job>) {
    while let Ok(first) = receiver.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match receiver.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let result = write_batch(&mut conn, &batch);
        match result {
            Ok(ids) => {
                for (job, id) in batch.into_iter().zip(ids) {
                    let _ = job.done.send(Ok(id));
                }
            }
            Err(err) => {
                let message = err.to_string();
                for job in batch {
                    let _ = job.done.send(Err(message.clone()));
                }
            }
        }
    }
}

fn write_batch(conn: &mut Connection, batch: &[Job]) -> rusqlite::Result<Vec<i64>> {
    let tx = conn.transaction()?;
    let mut ids = Vec::with_capacity(batch.len());
    {
        let mut insert = tx.prepare_cached(
            "INSERT INTO match_audit \
             (time, key_id, dataset, algorithm, query_string, request, results, lists) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for job in batch {
            let r = &job.record;
            insert.execute(params![
                r.time,
                r.key_id,
                r.dataset,
                r.algorithm,
                r.query_string,
                r.request,
                r.results,
                r.lists
            ])?;
            ids.push(tx.last_insert_rowid());
        }
    }
    tx.commit()?;
    Ok(ids)
}

/// The current UTC time as RFC 3339 with milliseconds (`2024-01-31T12:00:00.000Z`).
pub fn now_rfc3339() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = now.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        now.subsec_millis()
    )
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2023, 12, 28), 19_719);
        assert_eq!(civil_from_days(19_719), (2023, 12, 28));
        assert_eq!(civil_from_days(days_from_civil(2000, 2, 29)), (2000, 2, 29));
        assert_eq!(now_rfc3339().len(), 24);
    }

    #[tokio::test]
    async fn rows_are_committed_and_append_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.sqlite");
        let record = AuditRecord {
            time: now_rfc3339(),
            key_id: Some("k".into()),
            dataset: "default".into(),
            algorithm: "a".into(),
            query_string: String::new(),
            request: "{}".into(),
            results: "{}".into(),
            lists: "[]".into(),
        };
        {
            let log = AuditLog::open(&path).unwrap();
            assert_eq!(log.append(record.clone()).await.unwrap(), 1);
            assert_eq!(log.append(record.clone()).await.unwrap(), 2);
        }
        let rows = AuditLog::read_all(&path).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].1, record);
        let conn = Connection::open(&path).unwrap();
        assert!(conn.execute("DELETE FROM match_audit", []).is_err());
        assert!(conn
            .execute("UPDATE match_audit SET dataset = 'x'", [])
            .is_err());
    }
}
