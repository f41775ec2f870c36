//! Screening on NATS JetStream with three `vetter worker` processes sharing one PostgreSQL
//! database: one worker is killed with SIGKILL mid-run and started again; every record is
//! answered exactly once, no alert is recorded twice, and the totals equal those of a
//! single-process `vetter screen --input` of the same file.
//!
//! Needs `VETTER_TEST_NATS_URL` (a nats-server with JetStream), `VETTER_TEST_DATABASE_URL`
//! (PostgreSQL) and ../shared/data (real names); `.ci/run` provides all three. The test is
//! skipped with a message when one is missing.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Records in the file: `VETTER_WORKER_TEST_ROWS`, default 20,000 (`.ci/run` sets 200,000).
fn rows() -> usize {
    std::env::var("VETTER_WORKER_TEST_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000)
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn vetter() -> Command {
    Command::new(env!("CARGO_BIN_EXE_vetter"))
}

fn environment() -> Option<(String, String)> {
    let nats = std::env::var("VETTER_TEST_NATS_URL").ok();
    let db = std::env::var("VETTER_TEST_DATABASE_URL").ok();
    let shared = repo().join("../shared/data/opensanctions");
    match (nats, db) {
        (Some(nats), Some(db)) if shared.exists() => Some((nats, db)),
        (nats, db) => {
            eprintln!(
                "SKIPPED: needs VETTER_TEST_NATS_URL ({}), VETTER_TEST_DATABASE_URL ({}) and {} ({}); .ci/run starts nats-server and PostgreSQL",
                if nats.is_some() { "set" } else { "unset" },
                if db.is_some() { "set" } else { "unset" },
                shared.display(),
                if shared.exists() { "present" } else { "absent" },
            );
            None
        }
    }
}

/// The summary line `rows read …, screened …, alerts … in … rows, rejected …`.
fn totals_line(stderr: &str) -> String {
    stderr
        .lines()
        .find(|l| l.starts_with("rows read "))
        .unwrap_or_else(|| panic!("no totals in:\n{stderr}"))
        .to_string()
}

fn start_worker(nats: &str, db: &str, stream: &str, name: &str, dir: &Path) -> Child {
    let log = std::fs::File::create(dir.join(format!("{name}.log"))).unwrap();
    vetter()
        .args(["worker", "--nats", nats, "--stream", stream, "--db", db])
        .args(["--batch-size", "64", "--ack-wait", "5", "--name", name])
        .env("VETTER_INDEX", dir.join("bundled.idx"))
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("starting vetter worker")
}

fn recorded(db: &str, batch: &str) -> vetter_worker::store::BatchTotals {
    vetter_worker::block_on(async {
        let store = vetter_worker::Store::connect(db).await?;
        store.batch_totals(batch).await
    })
    .unwrap()
    .unwrap()
}

#[test]
fn three_workers_one_killed_every_record_answered_once() {
    let Some((nats, db)) = environment() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let count = rows();
    let rows = dir.join("rows.csv");
    let made = Command::new("python3")
        .arg(repo().join("bench/batch/make_rows.py"))
        .args(["--rows", &count.to_string(), "--seed", "9", "--output"])
        .arg(&rows)
        .status()
        .expect("python3");
    assert!(made.success());

    // The reference: one process, the same file (this also caches the index the workers
    // load).
    let single = vetter()
        .args(["screen", "--quiet", "--input"])
        .arg(&rows)
        .arg("--output")
        .arg(dir.join("single.jsonl"))
        .env("VETTER_INDEX", dir.join("bundled.idx"))
        .output()
        .unwrap();
    assert!(
        single.status.success(),
        "{}",
        String::from_utf8_lossy(&single.stderr)
    );
    let expected = totals_line(&String::from_utf8_lossy(&single.stderr));

    let unique = format!(
        "t{}{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis()
    );
    let stream = format!("test_{unique}");
    let batch = format!("kill-{unique}");
    let mut workers: Vec<Child> = (0..3)
        .map(|i| start_worker(&nats, &db, &stream, &format!("w{i}"), dir))
        .collect();
    let results = dir.join("results.jsonl");
    let submit = vetter()
        .args(["submit", "--quiet", "--nats", &nats, "--stream", &stream])
        .args(["--batch", &batch, "--idle-timeout", "120", "--input"])
        .arg(&rows)
        .arg("--output")
        .arg(&results)
        .env("VETTER_INDEX", dir.join("bundled.idx"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    // Kill one worker with SIGKILL once a sixth of the records is recorded, then start it
    // again.
    let started = Instant::now();
    while recorded(&db, &batch).requests < (count / 6) as i64 {
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "workers made no progress"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    workers[0].kill().unwrap();
    workers[0].wait().unwrap();
    let at_kill = recorded(&db, &batch).requests;
    workers[0] = start_worker(&nats, &db, &stream, "w0-restarted", dir);

    let submitted = submit.wait_with_output().unwrap();
    let report = String::from_utf8_lossy(&submitted.stderr).to_string();
    assert!(submitted.status.success(), "{report}");
    let logs: String = ["w0", "w1", "w2", "w0-restarted"]
        .iter()
        .map(|n| std::fs::read_to_string(dir.join(format!("{n}.log"))).unwrap_or_default())
        .collect();
    eprintln!("killed w0 at {at_kill} recorded requests\n{report}{logs}");

    // Totals equal the single process's (rows read, screened, alerts, alert rows,
    // rejected; the rate is on the next line).
    let got = totals_line(&report);
    assert_eq!(got, expected, "distributed vs single process");
    assert!(report.contains("dead letters 0"), "{report}");

    // Every record answered once in the results, with one index version.
    let text = std::fs::read_to_string(&results).unwrap();
    let mut ids = std::collections::HashSet::new();
    let mut versions = std::collections::HashSet::new();
    let mut alerts = 0i64;
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(
            ids.insert(value["id"].as_str().unwrap().to_string()),
            "{line}"
        );
        versions.insert(value["index_version"].as_str().unwrap().to_string());
        alerts += value["alerts"].as_array().unwrap().len() as i64;
    }
    assert_eq!(versions.len(), 1, "{versions:?}");

    // The database: one row per record, no alert twice.
    let totals = recorded(&db, &batch);
    assert_eq!(totals.requests as usize, ids.len());
    assert_eq!(totals.alerts, alerts);
    assert_eq!(totals.alert_records, alerts, "duplicate alerts recorded");
    let screened: i64 = got
        .split("screened ")
        .nth(1)
        .and_then(|s| s.split(", ").next())
        .map(|s| s.replace(',', "").parse().unwrap())
        .unwrap();
    assert_eq!(totals.requests, screened);
    assert!(alerts > 0, "the file has listed names in it");

    // SIGTERM: the workers finish what they hold and stop cleanly.
    for w in &mut workers {
        // SAFETY: sending a signal to a child process we started.
        unsafe { libc::kill(w.id() as i32, libc::SIGTERM) };
    }
    for w in &mut workers {
        let status = w.wait().unwrap();
        assert!(status.success(), "{status:?}");
    }
}
