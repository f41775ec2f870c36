//! A worker in this process against a real nats-server (`VETTER_TEST_NATS_URL`) and, when
//! `VETTER_TEST_DATABASE_URL` is set, PostgreSQL: results, dead letters that do not block
//! the queue, an index version swapped between batches, idempotent recording, the
//! append-only audit trail. Skipped with a message when no server is configured.

use async_nats::jetstream::{self, message::PublishMessage};
use futures_util::StreamExt;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use vetter_index::Index;
use vetter_worker::{Announcement, Names, ScreeningResult, Snapshot, Store, WorkerOptions};

/// The bundled UN Security Council list (small enough to build in a second).
fn un_index() -> Index {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/bundled");
    let un = vetter_sources::load_un(&data.join("un-sc-consolidated-2026-02-27.xml"), None)
        .expect("bundled UN list");
    Index::build(vec![un])
}

/// A listed person's name from the bundled list (never an invented entry).
fn listed_name() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let index = un_index();
        index
            .entities()
            .iter()
            .find(|e| {
                e.schema == vetter_model::Schema::Person && e.caption().split(' ').count() >= 3
            })
            .map(|e| e.caption().to_string())
            .expect("a listed person")
    })
}

fn nats_url() -> Option<String> {
    let url = std::env::var("VETTER_TEST_NATS_URL").ok();
    if url.is_none() {
        eprintln!("SKIPPED: VETTER_TEST_NATS_URL is not set (.ci/run starts nats-server)");
    }
    url
}

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}{}_{}", std::process::id(), nanos % 1_000_000_000)
}

async fn publish(js: &jetstream::Context, subject: &str, payload: Vec<u8>) {
    js.send_publish(
        subject.to_string(),
        PublishMessage::build().payload(payload.into()),
    )
    .await
    .unwrap()
    .await
    .unwrap();
}

/// Reads the batch's answers until `n` arrived (or fails after 60 s).
async fn answers(
    js: &jetstream::Context,
    names: &Names,
    batch: &str,
    n: usize,
) -> Vec<(String, Value)> {
    let mut messages = vetter_worker::answers(js, names, batch).await.unwrap();
    let mut out = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while out.len() < n {
        let left = deadline.saturating_duration_since(Instant::now());
        let message = tokio::time::timeout(left, messages.next())
            .await
            .unwrap_or_else(|_| panic!("only {} of {n} answers: {out:?}", out.len()))
            .unwrap()
            .unwrap();
        out.push((
            message.subject.to_string(),
            serde_json::from_slice(&message.payload).unwrap(),
        ));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn worker_screens_dead_letters_and_swaps_index_versions() {
    let Some(url) = nats_url() else { return };
    let db = std::env::var("VETTER_TEST_DATABASE_URL").ok();
    let stream = unique("wt");
    let names = Names::new(&stream).unwrap();
    let mut options = WorkerOptions::new(url.clone(), stream.clone());
    options.db_url = db.clone();
    options.name = "test-worker".into();
    let stop = options.stop.clone();
    // The worker runs on a runtime of its own, as `vetter worker` does (block_on).
    let worker = std::thread::spawn(move || {
        tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(vetter_worker::run_worker(options, || {
                Ok(Snapshot::new(un_index(), "v1".into()))
            }))
    });

    let js = vetter_worker::connect(&url).await.unwrap();
    vetter_worker::ensure_streams(&js, &names, &Default::default())
        .await
        .unwrap();
    let name = listed_name();
    let batch = "b1";
    let subject = names.requests(batch);
    let record = json!({"id": "r1", "batch": batch, "kind": "record",
        "entity": {"schema": "Person", "properties": {"name": [name]}}});
    let text = json!({"id": "r2", "batch": batch, "kind": "text",
        "text": format!("Payment held: the beneficiary {name} was named in the order.")});
    let bad_date = json!({"id": "r3", "batch": batch, "kind": "record",
        "entity": {"schema": "Person", "properties": {"name": ["Maria Rossi"], "birthDate": ["1961-13-45"]}}});
    let not_payment = json!({"id": "r4", "batch": batch, "kind": "payment", "message": "hello"});
    for value in [&record, &text, &bad_date, &not_payment] {
        publish(&js, &subject, serde_json::to_vec(value).unwrap()).await;
    }
    publish(&js, &subject, b"{not json".to_vec()).await;

    let got = answers(&js, &names, batch, 5).await;
    let results: Vec<ScreeningResult> = got
        .iter()
        .filter(|(s, _)| s.contains(".results."))
        .map(|(_, v)| serde_json::from_value(v.clone()).unwrap())
        .collect();
    let dead: Vec<&Value> = got
        .iter()
        .filter(|(s, _)| s.contains(".dead."))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(results.len(), 2, "{got:?}");
    assert_eq!(dead.len(), 3, "{got:?}");
    for r in &results {
        assert_eq!(r.index_version, "v1");
        assert_eq!(r.worker, "test-worker");
        assert!(!r.alerts.is_empty(), "{r:?}");
        assert_eq!(r.alerts[0].caption, name, "{r:?}");
    }
    let reasons: Vec<&str> = dead.iter().map(|d| d["reason"].as_str().unwrap()).collect();
    assert!(
        reasons.iter().any(|r| r.contains("birthDate")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("neither MT103 nor pacs.008")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("invalid request JSON")),
        "{reasons:?}"
    );

    // The poison messages did not block the queue: the work stream is empty.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let info = js
            .get_stream(&names.stream)
            .await
            .unwrap()
            .get_info()
            .await
            .unwrap();
        if info.state.messages == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{} requests left",
            info.state.messages
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // A new index version: results after the swap carry it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.idx");
    un_index().save(&path).unwrap();
    let announcement = Announcement {
        version: "v2".into(),
        path: path.display().to_string(),
    };
    vetter_worker::announce(&js, &names, &announcement)
        .await
        .unwrap();
    let batch2 = "b2";
    let mut swapped = false;
    for i in 0..100 {
        let request = json!({"id": format!("s{i}"), "batch": batch2, "kind": "record",
            "entity": {"schema": "Person", "properties": {"name": [name]}}});
        publish(
            &js,
            &names.requests(batch2),
            serde_json::to_vec(&request).unwrap(),
        )
        .await;
        let (_, value) = answers(&js, &names, batch2, i + 1).await.pop().unwrap();
        let version = value["index_version"].as_str().unwrap().to_string();
        if swapped {
            assert_eq!(version, "v2", "a result went back to the old version");
        }
        swapped |= version == "v2";
        if swapped && i >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(swapped, "the worker never swapped to v2");

    stop.store(true, Ordering::SeqCst);
    let report = tokio::task::spawn_blocking(move || worker.join().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(report.processed >= 4, "{report:?}");
    assert_eq!(report.failed, 3);

    if let Some(db) = db {
        let store = Store::connect(&db).await.unwrap();
        let totals = store.batch_totals(batch).await.unwrap();
        assert_eq!(totals.requests, 2);
        assert_eq!(totals.alert_records, totals.alerts);
    } else {
        eprintln!("database part SKIPPED: VETTER_TEST_DATABASE_URL is not set");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recording_twice_keeps_the_first_result_and_the_audit_is_append_only() {
    let Ok(db) = std::env::var("VETTER_TEST_DATABASE_URL") else {
        eprintln!("SKIPPED: VETTER_TEST_DATABASE_URL is not set (.ci/run starts PostgreSQL)");
        return;
    };
    let store = Store::connect(&db).await.unwrap();
    let batch = unique("rec");
    let result = |worker: &str, version: &str| ScreeningResult {
        id: format!("{batch}-1"),
        batch: batch.clone(),
        kind: "record".into(),
        line: Some(1),
        index_version: version.into(),
        worker: worker.into(),
        alerts: vec![vetter_worker::Alert {
            entity_id: "un-QDi.006".into(),
            caption: listed_name().into(),
            score: 0.97,
            datasets: vec!["un_sc_sanctions".into()],
            programs: vec![],
            mention: None,
        }],
    };
    let first = result("w1", "v1");
    let first_bytes = serde_json::to_vec(&first).unwrap();
    let recorded = store
        .record(&[(first.clone(), first_bytes.clone())])
        .await
        .unwrap();
    assert_eq!(recorded.new, 1);
    assert!(recorded.existing.is_empty());

    // The same request again (a redelivery screened by another worker on a newer index).
    let again = result("w2", "v2");
    let again_bytes = serde_json::to_vec(&again).unwrap();
    let recorded = store.record(&[(again, again_bytes)]).await.unwrap();
    assert_eq!(recorded.new, 0);
    let stored: ScreeningResult = serde_json::from_slice(&recorded.existing[&first.id]).unwrap();
    assert_eq!(stored, first, "the first result is kept and republished");
    let totals = store.batch_totals(&batch).await.unwrap();
    assert_eq!(
        (totals.requests, totals.alerts, totals.alert_records),
        (1, 1, 1)
    );

    let deleted = sqlx::query("DELETE FROM worker_audit")
        .execute(store.pool())
        .await;
    assert!(
        deleted.unwrap_err().to_string().contains("append-only"),
        "the audit trail must refuse deletes"
    );
}
