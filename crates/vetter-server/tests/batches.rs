//! Batches submitted over HTTP (`POST /batches`) to the screening workers on NATS
//! JetStream, answered by a worker (in this process, as `vetter worker` runs it) and read
//! back through the same server. Needs `VETTER_TEST_NATS_URL` (a nats-server with
//! JetStream; skips without it, .ci/run starts one).

mod common;

use common::{un_index, TestApp};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use vetter_server::{hash_key, KeyConfig, Scope, ServerConfig, WorkerLink};
use vetter_worker::{Snapshot, WorkerOptions};

const ANALYST_KEY: &str = "analyst-key-for-batch-tests";
const READ_KEY: &str = "read-key-for-batch-tests";

fn nats_url() -> Option<String> {
    let url = std::env::var("VETTER_TEST_NATS_URL").ok();
    if url.is_none() {
        eprintln!("SKIPPED: VETTER_TEST_NATS_URL is not set (.ci/run starts nats-server)");
    }
    url
}

/// A server with an analyst and a read key, submitting to `stream` on `nats`.
fn app(workers: Option<WorkerLink>) -> TestApp {
    let key = |id: &str, key: &str, scope| KeyConfig {
        id: id.into(),
        sha256: hash_key(key),
        scope,
    };
    let config = ServerConfig {
        keys: vec![
            key("batch-system", ANALYST_KEY, Scope::Analyst),
            key("reader", READ_KEY, Scope::Read),
        ],
        workers,
        ..ServerConfig::default()
    };
    common::app_from(config, None)
}

async fn post(app: &TestApp, body: &Value, key: &str) -> common::Reply {
    let auth = format!("Bearer {key}");
    app.post_raw(
        "/batches",
        "application/json",
        body.to_string(),
        Some(&auth),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_posted_over_http_is_screened_by_the_workers_and_read_back() {
    // Without [worker] nats the routes say what is missing.
    let unlinked = app(None);
    let reply = post(&unlinked, &json!({"requests": []}), ANALYST_KEY).await;
    assert_eq!(reply.status, 404, "{}", reply.text);
    assert!(reply.text.contains("[worker] nats"), "{}", reply.text);

    let Some(nats) = nats_url() else { return };
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let stream = format!("http{}_{}", std::process::id(), nanos % 1_000_000_000);
    let app = app(Some(WorkerLink {
        nats: nats.clone(),
        stream: stream.clone(),
    }));
    let lists = un_index();
    let listed = lists
        .entities()
        .iter()
        .find(|e| e.schema == vetter_model::Schema::Person && e.caption().split(' ').count() >= 3)
        .map(|e| (e.id.clone(), e.caption().to_string()))
        .expect("a listed person on the bundled UN list");
    let (listed_id, listed_name) = listed;
    let requests = json!([
        {"kind": "record", "entity": {"schema": "Person", "properties": {"name": [listed_name]}}},
        {"kind": "text", "text": format!("Funds frozen: the order names {listed_name} as beneficiary.")},
        {"kind": "record", "entity": {"schema": "Person", "properties": {"name": ["Maria Rossi"]}}},
    ]);

    // A read key may not submit; a bad request refuses the whole batch with its position.
    let batch = json!({"batch": "b1", "requests": requests});
    assert_eq!(post(&app, &batch, READ_KEY).await.status, 403);
    let bad = json!({"batch": "bad", "requests": [
        requests[0],
        {"kind": "record", "entity": {"schema": "Person", "properties": {"name": ["Maria Rossi"], "birthDate": ["1961-13-45"]}}},
        {"kind": "payment", "message": "hello"},
    ]});
    let reply = post(&app, &bad, ANALYST_KEY).await;
    assert_eq!(reply.status, 422, "{}", reply.text);
    let detail = reply.json["detail"].as_str().unwrap();
    assert!(
        detail.contains("2 of 3 requests refused, nothing published"),
        "{detail}"
    );
    assert!(detail.contains("request 2: record entity"), "{detail}");
    assert!(
        detail.contains("request 3: payment message is neither"),
        "{detail}"
    );
    let bad_id = json!({"batch": "no.dots", "requests": requests});
    assert_eq!(post(&app, &bad_id, ANALYST_KEY).await.status, 400);

    // Accepted once the stream stored every request; nothing is screened yet.
    let reply = post(&app, &batch, ANALYST_KEY).await;
    assert_eq!(reply.status, 202, "{}", reply.text);
    assert_eq!(reply.json["published"], 3);
    assert_eq!(reply.json["already_queued"], 0);
    assert_eq!(reply.json["progress"], "/batches/b1");
    let progress = app.get_with_key("/batches/b1", READ_KEY).await;
    assert_eq!(progress.status, 200, "{}", progress.text);
    assert_eq!(
        (
            progress.json["queued"].as_u64(),
            progress.json["complete"].as_bool()
        ),
        (Some(3), Some(false))
    );
    // The refused batch published nothing.
    assert_eq!(app.get_with_key("/batches/bad", READ_KEY).await.status, 404);
    // The same batch again queues nothing twice.
    let again = post(&app, &batch, ANALYST_KEY).await;
    assert_eq!(again.json["already_queued"], 3, "{}", again.text);

    // A worker screens the queue.
    let mut options = WorkerOptions::new(nats.clone(), stream.clone());
    options.name = "http-test-worker".into();
    let stop = options.stop.clone();
    let worker = std::thread::spawn(move || {
        tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(vetter_worker::run_worker(options, move || {
                Ok(Snapshot::new(lists, "un-bundled".into()))
            }))
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let progress = loop {
        let progress = app.get_with_key("/batches/b1", READ_KEY).await;
        if progress.json["complete"] == true && progress.json["answered"] == 3 {
            break progress;
        }
        assert!(Instant::now() < deadline, "not answered: {}", progress.text);
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(progress.json["results"], 3);
    assert_eq!(progress.json["dead_letters"], 0);

    // Results page by page, by stream sequence.
    let first = app
        .get_with_key("/batches/b1/results?limit=2", READ_KEY)
        .await;
    assert_eq!(first.status, 200, "{}", first.text);
    let mut items: Vec<Value> = first.json["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 2);
    let next = first.json["next"].as_u64().unwrap();
    let rest = app
        .get_with_key(&format!("/batches/b1/results?after={next}"), READ_KEY)
        .await;
    items.extend(rest.json["items"].as_array().unwrap().iter().cloned());
    assert_eq!(items.len(), 3, "{}", rest.text);
    let end = rest.json["next"].as_u64().unwrap();
    let none = app
        .get_with_key(&format!("/batches/b1/results?after={end}"), READ_KEY)
        .await;
    assert_eq!(none.json["items"], json!([]));
    assert_eq!(none.json["next"], end);
    let by_id = |id: &str| items.iter().find(|r| r["id"] == id).unwrap().clone();
    let alerted = |r: &Value| -> Vec<String> {
        (r["alerts"].as_array().unwrap().iter())
            .map(|a| a["entity_id"].as_str().unwrap().to_string())
            .collect()
    };
    let record = by_id("b1-1");
    assert_eq!(
        (record["kind"].as_str(), record["line"].as_u64()),
        (Some("record"), Some(1))
    );
    assert_eq!(record["index_version"], "un-bundled");
    assert!(alerted(&record).contains(&listed_id), "{record}");
    assert!(
        alerted(&by_id("b1-2")).contains(&listed_id),
        "{}",
        by_id("b1-2")
    );
    assert!(alerted(&by_id("b1-3")).is_empty(), "{}", by_id("b1-3"));
    let dead = app.get_with_key("/batches/b1/dead-letters", READ_KEY).await;
    assert_eq!(dead.json["items"], json!([]));
    assert_eq!(
        app.get_with_key("/batches/b1/results?limit=0", READ_KEY)
            .await
            .status,
        400
    );

    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    worker.join().unwrap().unwrap();
}
