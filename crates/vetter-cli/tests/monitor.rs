//! `vetter monitor`, `vetter alerts`, `vetter audit` through the built binary, and what a
//! kill -9 leaves behind: during `monitor run` (the run stays incomplete and resumes to
//! the same alerts as an uninterrupted run) and during decisions (each decision is whole
//! or absent). Needs ../shared (the OFAC SDN versions of 2021-07-07 and 2023-12-28 and the
//! PEP names); skips without it.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

fn shared(path: &str) -> Option<PathBuf> {
    let path = Path::new(SHARED).join(path);
    if path.exists() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

fn vetter(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vetter"));
    command.args(args).env_remove("VETTER_DATABASE_URL");
    command
}

fn run_ok(args: &[&str]) -> String {
    let out = vetter(args).output().unwrap();
    assert!(
        out.status.success(),
        "vetter {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&run_ok(args)).unwrap()
}

/// A book of 1,500 real PEP names and spellings of the Cambodian GLOMAG designations of
/// November 2021 and of KUN Kim (listed since 2019).
fn book(dir: &Path) -> Option<PathBuf> {
    let peps = shared("opensanctions/peps-names-sample/peps_names_32k.csv")?;
    let text = std::fs::read_to_string(peps).unwrap();
    let path = dir.join("book.csv");
    let mut out = String::from("customer_id,full_name\n");
    for line in text.lines().skip(1).take(1500) {
        let (id, name) = line.split_once(',').unwrap();
        out.push_str(&format!(
            "{id},\"{}\"\n",
            name.trim_matches('"').replace('"', "")
        ));
    }
    for (id, name) in [
        ("var-1", "Phirun Chau"),
        ("var-2", "Vinh Tea"),
        ("var-3", "Kun Kim"),
        ("var-4", "Hing Bun Heang"),
    ] {
        out.push_str(&format!("{id},{name}\n"));
    }
    std::fs::write(&path, out).unwrap();
    Some(path)
}

struct Setup {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    old: String,
    new: String,
    book: String,
}

fn setup() -> Option<Setup> {
    let old = shared("us-ofac-sdn/2021-07-07")?;
    let new = shared("us-ofac-sdn/2023-12-28")?;
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path())?;
    Some(Setup {
        dir: dir.path().to_path_buf(),
        _dir: dir,
        old: old.display().to_string(),
        new: new.display().to_string(),
        book: book.display().to_string(),
    })
}

fn db(setup: &Setup, name: &str) -> String {
    setup.dir.join(name).display().to_string()
}

/// Alert ids, statuses and scores, sorted.
fn alerts(db: &str) -> Vec<(String, String, String)> {
    let list = json(&[
        "alerts", "list", "--status", "all", "--limit", "100000", "--json", "--db", db,
    ]);
    let mut out: Vec<(String, String, String)> = list["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_string(),
                a["status"].as_str().unwrap().to_string(),
                format!("{:.3}", a["score"].as_f64().unwrap()),
            )
        })
        .collect();
    out.sort();
    out
}

/// `monitor status --json` of a database and the entry of one run in it.
fn run_status(db: &str, run_id: &str) -> (Value, Value) {
    let status = json(&["monitor", "status", "--json", "--db", db]);
    let run = status["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == run_id)
        .unwrap_or_else(|| panic!("run {run_id} in {status}"))
        .clone();
    (status, run)
}

fn kill9(child: &mut Child) {
    // `Child::kill` sends SIGKILL on Unix: no chance to clean up, as in a crash.
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn kill_during_monitor_run_resumes_to_the_same_alerts() {
    let Some(setup) = setup() else { return };
    let reference = db(&setup, "reference.sqlite");
    let killed = db(&setup, "killed.sqlite");
    for db in [&reference, &killed] {
        run_ok(&[
            "monitor",
            "add",
            "--input",
            &setup.book,
            "--no-screen",
            "--db",
            db,
        ]);
    }
    let run_args = |db: &str| -> Vec<String> {
        [
            "monitor", "run", "--old", &setup.old, "--new", &setup.new, "--chunk", "64", "--db", db,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let out = run_ok(
        &run_args(&reference)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert!(out.contains("run r-"), "{out}");
    let expected = alerts(&reference);
    let ids: Vec<&str> = expected.iter().map(|(id, _, _)| id.as_str()).collect();
    assert!(!expected.is_empty());
    let glomag = json(&[
        "alerts",
        "list",
        "--customer",
        "var-1",
        "--json",
        "--db",
        &reference,
    ]);
    assert_eq!(
        glomag["alerts"][0]["entity"]["id"], "ofac-33913",
        "CHAU Phirun: {glomag}"
    );

    // Kill the run once it has committed a few steps, but before it completes.
    let mut child = vetter(
        &run_args(&killed)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let started = Instant::now();
    let mut killed_at = None;
    while started.elapsed() < Duration::from_secs(120) {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        let status = json(&["monitor", "status", "--json", "--db", &killed]);
        let run = status["runs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["kind"] == "run")
            .cloned();
        if let Some(run) = run {
            if run["step"].as_i64().unwrap() >= 2 && run["completed_at"].is_null() {
                kill9(&mut child);
                killed_at = Some(run["id"].as_str().unwrap().to_string());
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait().unwrap();
    let run_id = killed_at.expect("the run was killed part-way (it finished first)");
    let (_, run) = run_status(&killed, &run_id);
    assert!(
        run["completed_at"].is_null(),
        "a killed run is not complete: {run}"
    );
    let step = run["step"].as_i64().unwrap();
    assert!(step >= 2);

    // Restart: it resumes after the committed steps and ends with the reference alerts.
    let out = run_ok(
        &run_args(&killed)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert!(
        out.contains(&format!("resumed after {step}")) || out.contains("resumed after"),
        "{out}"
    );
    let (status, run) = run_status(&killed, &run_id);
    assert!(!run["completed_at"].is_null(), "{run}");
    // The OFAC CSV files carry no date: the version is the dated directory's name.
    assert_eq!(status["lists"][0]["version"], "2023-12-28", "{status}");
    assert_eq!(alerts(&killed), expected);
    // Running again changes nothing.
    let out = run_ok(
        &run_args(&killed)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert!(out.contains("already screened"), "{out}");
    assert_eq!(alerts(&killed).len(), ids.len());
}

#[test]
fn kill_during_decisions_leaves_each_decision_whole_or_absent() {
    let Some(setup) = setup() else { return };
    let db = db(&setup, "decide.sqlite");
    let index = setup.dir.join("ofac-2023.idx").display().to_string();
    run_ok(&[
        "index",
        "build",
        "--source",
        &format!("ofac-sdn={}", setup.new),
        "--output",
        &index,
    ]);
    run_ok(&[
        "monitor",
        "add",
        "--input",
        &setup.book,
        "--index",
        &index,
        "--db",
        &db,
    ]);
    let open = json(&["alerts", "list", "--json", "--limit", "20", "--db", &db]);
    let ids: Vec<String> = open["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.len() >= 3, "{open}");
    let decisions = ["false_positive", "escalated", "true_match"];
    for round in 0..12u64 {
        let id = &ids[round as usize % ids.len()];
        let decision = decisions[round as usize % 3];
        let mut child = vetter(&[
            "alerts",
            "decide",
            id,
            "--decision",
            decision,
            "--reason",
            "kill test",
            "--analyst",
            "ana",
            "--db",
            &db,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
        // Kill at a different moment each round (some after the decision committed).
        std::thread::sleep(Duration::from_millis(5 + round * 15));
        kill9(&mut child);
    }
    // Every alert's status is its last decision (or open without one), and the audit
    // trail has exactly one event per decision.
    let mut decided = 0;
    for id in &ids {
        let alert = json(&["alerts", "show", id, "--json", "--db", &db]);
        let list = alert["decisions"].as_array().unwrap();
        decided += list.len();
        match list.last() {
            Some(last) => assert_eq!(alert["status"], last["decision"], "{alert}"),
            None => assert_eq!(alert["status"], "open", "{alert}"),
        }
    }
    let audit = run_ok(&["audit", "export", "--db", &db]);
    let events: Vec<Value> = audit
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        events.iter().filter(|e| e["kind"] == "decision").count(),
        decided
    );
    // Decisions made without a kill are all recorded.
    run_ok(&[
        "alerts",
        "decide",
        &ids[0],
        "--decision",
        "escalated",
        "--reason",
        "second look",
        "--db",
        &db,
    ]);
    let alert = json(&["alerts", "show", &ids[0], "--json", "--db", &db]);
    assert_eq!(alert["status"], "escalated");
    let status = json(&["monitor", "status", "--json", "--db", &db]);
    assert!(status["runs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| !r["completed_at"].is_null()));
}
