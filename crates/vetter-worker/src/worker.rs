//! `vetter worker`: pull batches of requests from the shared durable consumer, screen them
//! with one index snapshot, record, publish, acknowledge; swap index versions between
//! batches; stop cleanly on SIGTERM.

use crate::metrics::Metrics;
use crate::request::{self, DeadLetter, ScreeningResult};
use crate::store::Store;
use crate::{nats, Announcement, Error, Names, Snapshot, StreamSettings, INDEX_KEY};
use arc_swap::ArcSwap;
use async_nats::jetstream::{self, consumer, message::PublishMessage, AckKind};
use futures_util::StreamExt;
use rayon::prelude::*;
use serde_json::json;
use std::future::IntoFuture;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use vetter_index::Index;

/// How a worker runs.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// NATS server URL(s), comma-separated.
    pub nats_url: String,
    /// The stream name (see [`Names`]).
    pub stream: String,
    /// The durable consumer shared by all workers.
    pub consumer: String,
    /// PostgreSQL URL of the results database (none: results are only published).
    pub db_url: Option<String>,
    /// Requests pulled and screened together.
    pub batch_size: usize,
    /// How long a delivered request may stay unacknowledged before it is redelivered.
    pub ack_wait: Duration,
    /// Deliveries of one request before the server stops delivering it.
    pub max_deliver: i64,
    /// Where to serve Prometheus metrics.
    pub metrics_addr: Option<SocketAddr>,
    /// This worker's name (stamped on results and audit events).
    pub name: String,
    /// Settings of streams created by this worker.
    pub settings: StreamSettings,
    /// Set to stop the worker as SIGTERM does (after the batch in hand).
    pub stop: Arc<AtomicBool>,
}

impl WorkerOptions {
    /// Defaults for `nats_url` and `stream`.
    pub fn new(nats_url: String, stream: String) -> Self {
        WorkerOptions {
            nats_url,
            stream,
            consumer: "workers".into(),
            db_url: None,
            batch_size: 128,
            ack_wait: Duration::from_secs(30),
            max_deliver: 20,
            metrics_addr: None,
            name: format!(
                "{}-{}",
                std::env::var("HOSTNAME").unwrap_or_else(|_| "worker".into()),
                std::process::id()
            ),
            settings: StreamSettings::default(),
            stop: Arc::new(AtomicBool::new(false)),
        }
    }
}

/// What a worker did before it stopped.
#[derive(Debug, Clone, Default)]
pub struct WorkerReport {
    /// Requests screened and recorded.
    pub processed: u64,
    /// Requests dead-lettered.
    pub failed: u64,
}

struct Worker {
    js: jetstream::Context,
    names: Names,
    store: Option<Store>,
    current: Arc<ArcSwap<Snapshot>>,
    metrics: Arc<Metrics>,
    name: String,
    processed: AtomicU64,
    failed: AtomicU64,
}

/// What became of one request.
enum Outcome {
    Screened(ScreeningResult, Vec<u8>),
    Dead(DeadLetter, String),
}

/// Runs a worker until SIGTERM or Ctrl-C: finishes the batch in hand, then stops pulling.
/// `initial` gives the index when no version has been announced in the bucket yet.
pub async fn run_worker<F>(options: WorkerOptions, initial: F) -> Result<WorkerReport, Error>
where
    F: FnOnce() -> Result<Snapshot, Error> + Send + 'static,
{
    let names = Names::new(&options.stream)?;
    let client = async_nats::connect(options.nats_url.as_str())
        .await
        .map_err(nats)?;
    let js = jetstream::new(client);
    crate::ensure_streams(&js, &names, &options.settings).await?;
    let store = match &options.db_url {
        Some(url) => Some(Store::connect(url).await?),
        None => None,
    };
    let metrics = Metrics::new();
    if let Some(addr) = options.metrics_addr {
        let bound = metrics
            .serve(addr)
            .await
            .map_err(|e| Error::Other(format!("metrics on {addr}: {e}")))?;
        eprintln!("{}: metrics on http://{bound}/metrics", options.name);
    }

    // The index: the announced version, else the caller's.
    let snapshot = match crate::current_announcement(&js, &names).await? {
        Some(a) => load_announced(a).await?,
        None => tokio::task::spawn_blocking(initial)
            .await
            .map_err(|e| Error::Other(e.to_string()))??,
    };
    eprintln!(
        "{}: index {} ({} entities)",
        options.name,
        snapshot.version,
        snapshot.index.entities().len()
    );
    metrics.set_version(&snapshot.version);
    let current = Arc::new(ArcSwap::from_pointee(snapshot));

    let stream = js.get_stream(&names.stream).await.map_err(nats)?;
    let consumer: consumer::PullConsumer = stream
        .get_or_create_consumer(
            &options.consumer,
            consumer::pull::Config {
                durable_name: Some(options.consumer.clone()),
                description: Some("Vetter screening workers".into()),
                filter_subject: format!("{}.requests.>", names.stream),
                ack_policy: consumer::AckPolicy::Explicit,
                ack_wait: options.ack_wait,
                max_deliver: options.max_deliver,
                max_ack_pending: 20_000,
                ..Default::default()
            },
        )
        .await
        .map_err(nats)?;

    let worker = Arc::new(Worker {
        js: js.clone(),
        names: names.clone(),
        store,
        current: Arc::clone(&current),
        metrics: Arc::clone(&metrics),
        name: options.name.clone(),
        processed: AtomicU64::new(0),
        failed: AtomicU64::new(0),
    });
    worker
        .audit("started", json!({"version": current.load().version}))
        .await;

    let stop = Arc::clone(&options.stop);
    tokio::spawn(wait_for_signal(Arc::clone(&stop)));
    tokio::spawn(watch_index(Arc::clone(&worker)));
    tokio::spawn(watch_lag(consumer.clone(), Arc::clone(&metrics)));

    let mut last_report = Instant::now();
    while !stop.load(Ordering::SeqCst) {
        let batch = consumer
            .fetch()
            .max_messages(options.batch_size.max(1))
            .expires(Duration::from_millis(500))
            .messages()
            .await;
        let mut batch = match batch {
            Ok(b) => b,
            Err(err) => {
                eprintln!("{}: pull failed: {err}; retrying", options.name);
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        let mut messages = Vec::new();
        while let Some(message) = batch.next().await {
            match message {
                Ok(m) => messages.push(m),
                Err(err) => eprintln!("{}: pull: {err}", options.name),
            }
        }
        if messages.is_empty() {
            continue;
        }
        if let Err(err) = worker.process(messages).await {
            eprintln!(
                "{}: batch not acknowledged (redelivered later): {err}",
                options.name
            );
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        if last_report.elapsed() >= Duration::from_secs(10) {
            last_report = Instant::now();
            eprintln!(
                "{}: {} processed, {} dead-lettered",
                options.name,
                worker.processed.load(Ordering::Relaxed),
                worker.failed.load(Ordering::Relaxed)
            );
        }
    }
    let report = WorkerReport {
        processed: worker.processed.load(Ordering::Relaxed),
        failed: worker.failed.load(Ordering::Relaxed),
    };
    worker
        .audit(
            "stopped",
            json!({"processed": report.processed, "failed": report.failed}),
        )
        .await;
    eprintln!(
        "{}: stopped after {} processed, {} dead-lettered",
        options.name, report.processed, report.failed
    );
    Ok(report)
}

async fn wait_for_signal(stop: Arc<AtomicBool>) {
    let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(s) => s,
        Err(_) => return,
    };
    tokio::select! {
        _ = term.recv() => {},
        _ = tokio::signal::ctrl_c() => {},
    }
    eprintln!("stopping: finishing the batch in hand");
    stop.store(true, Ordering::SeqCst);
}

async fn load_announced(announcement: Announcement) -> Result<Snapshot, Error> {
    tokio::task::spawn_blocking(move || {
        let index = Index::load(std::path::Path::new(&announcement.path))
            .map_err(|e| Error::Other(format!("index {}: {e}", announcement.path)))?;
        Ok(Snapshot::new(index, announcement.version))
    })
    .await
    .map_err(|e| Error::Other(e.to_string()))?
}

/// Follows the announcement key and swaps the snapshot when a new version is announced.
async fn watch_index(worker: Arc<Worker>) {
    let bucket =
        match crate::index_bucket(&worker.js, &worker.names, &StreamSettings::default()).await {
            Ok(b) => b,
            Err(err) => {
                eprintln!("{}: no index announcements: {err}", worker.name);
                return;
            }
        };
    let mut watch = match bucket.watch(INDEX_KEY).await {
        Ok(w) => w,
        Err(err) => {
            eprintln!("{}: no index announcements: {err}", worker.name);
            return;
        }
    };
    while let Some(entry) = watch.next().await {
        let Ok(entry) = entry else { continue };
        if entry.operation != jetstream::kv::Operation::Put {
            continue;
        }
        let announcement: Announcement = match serde_json::from_slice(&entry.value) {
            Ok(a) => a,
            Err(err) => {
                eprintln!("{}: ignoring a bad index announcement: {err}", worker.name);
                continue;
            }
        };
        if announcement.version == worker.current.load().version {
            continue;
        }
        let version = announcement.version.clone();
        match load_announced(announcement).await {
            Ok(snapshot) => {
                let old = worker.current.load().version.clone();
                worker.current.store(Arc::new(snapshot));
                worker.metrics.set_version(&version);
                eprintln!("{}: index swapped from {old} to {version}", worker.name);
                worker
                    .audit("index-swapped", json!({"from": old, "to": version}))
                    .await;
            }
            Err(err) => eprintln!("{}: keeping the current index: {err}", worker.name),
        }
    }
}

/// Updates the lag gauge from the consumer's pending counts every two seconds.
async fn watch_lag(consumer: consumer::PullConsumer, metrics: Arc<Metrics>) {
    loop {
        if let Ok(info) = consumer.get_info().await {
            metrics
                .lag
                .set((info.num_pending + info.num_ack_pending as u64) as i64);
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

/// The batch token of a request subject (`<stream>.requests.<batch>`).
fn batch_of(subject: &str) -> String {
    subject.rsplit('.').next().unwrap_or("unknown").to_string()
}

fn screen_one(snapshot: &Snapshot, payload: &[u8], subject: &str, worker: &str) -> Outcome {
    let dead = |id: Option<String>, reason: String| {
        Outcome::Dead(
            DeadLetter {
                id,
                subject: subject.to_string(),
                reason,
                payload: String::from_utf8_lossy(&payload[..payload.len().min(4096)]).into_owned(),
                worker: worker.to_string(),
            },
            batch_of(subject),
        )
    };
    let request = match request::parse(payload) {
        Ok(r) => r,
        Err(reason) => return dead(None, reason),
    };
    if request.batch != batch_of(subject) {
        return dead(
            Some(request.id),
            format!("batch {:?} does not match the subject", request.batch),
        );
    }
    match request::screen(snapshot, &request, worker) {
        Ok(result) => match serde_json::to_vec(&result) {
            Ok(bytes) => Outcome::Screened(result, bytes),
            Err(e) => dead(Some(request.id), format!("result not serialisable: {e}")),
        },
        Err(reason) => dead(Some(request.id), reason),
    }
}

impl Worker {
    async fn audit(&self, event: &str, detail: serde_json::Value) {
        if let Some(store) = &self.store {
            if let Err(err) = store.audit(&self.name, event, &detail).await {
                eprintln!("{}: audit {event}: {err}", self.name);
            }
        }
    }

    /// Screens, records, publishes and acknowledges one batch. On an error nothing is
    /// acknowledged: the requests are redelivered and recording stays idempotent.
    async fn process(&self, messages: Vec<jetstream::Message>) -> Result<(), Error> {
        let started = Instant::now();
        let snapshot = self.current.load_full();
        let inputs: Vec<(bytes::Bytes, String)> = messages
            .iter()
            .map(|m| (m.payload.clone(), m.subject.to_string()))
            .collect();
        let outcomes = self.screen_all(snapshot, inputs).await;

        // Record in one transaction; a redelivered request keeps its first result.
        let screened: Vec<(ScreeningResult, Vec<u8>)> = outcomes
            .iter()
            .filter_map(|o| match o {
                Outcome::Screened(r, b) => Some((r.clone(), b.clone())),
                Outcome::Dead(..) => None,
            })
            .collect();
        let mut existing = Default::default();
        if let Some(store) = &self.store {
            let recorded = store.record(&screened).await?;
            existing = recorded.existing;
        }

        // Publish results and dead letters; wait for the stream to have them.
        let mut acks = Vec::with_capacity(outcomes.len());
        for (outcome, message) in outcomes.iter().zip(&messages) {
            let (subject, id, payload) = match outcome {
                Outcome::Screened(r, bytes) => {
                    let stored: Option<&Vec<u8>> = existing.get(&r.id);
                    (
                        self.names.results(&r.batch),
                        r.id.clone(),
                        stored.unwrap_or(bytes).clone(),
                    )
                }
                Outcome::Dead(d, batch) => {
                    let sequence = message.info().map(|i| i.stream_sequence).unwrap_or(0);
                    let bytes = serde_json::to_vec(d).map_err(|e| Error::Other(e.to_string()))?;
                    (self.names.dead(batch), format!("dead-{sequence}"), bytes)
                }
            };
            let publish = PublishMessage::build()
                .payload(payload.into())
                .message_id(id);
            let ack = self.js.send_publish(subject, publish).await.map_err(nats)?;
            acks.push(ack.into_future());
        }
        for ack in futures_util::future::join_all(acks).await {
            ack.map_err(nats)?;
        }

        // Only now acknowledge the requests.
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs_f64();
        let mut done = Vec::with_capacity(messages.len());
        for (outcome, message) in outcomes.iter().zip(&messages) {
            let kind = match outcome {
                Outcome::Screened(r, _) => {
                    self.metrics.processed.with_label_values(&[&r.kind]).inc();
                    self.metrics.alerts.inc_by(r.alerts.len() as u64);
                    AckKind::Ack
                }
                Outcome::Dead(..) => {
                    self.metrics.failed.inc();
                    AckKind::Term
                }
            };
            if let Ok(info) = message.info() {
                let published = info.published.unix_timestamp_nanos() as f64 / 1e9;
                self.metrics.latency.observe((now - published).max(0.0));
            }
            done.push(message.ack_with(kind));
        }
        for result in futures_util::future::join_all(done).await {
            result.map_err(nats)?;
        }
        let dead = outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Dead(..)))
            .count() as u64;
        self.metrics.redelivered.inc_by(existing.len() as u64);
        self.processed
            .fetch_add(outcomes.len() as u64 - dead, Ordering::Relaxed);
        self.failed.fetch_add(dead, Ordering::Relaxed);
        self.metrics
            .batch_seconds
            .observe(started.elapsed().as_secs_f64());
        Ok(())
    }

    /// Screens a batch on all cores. A request that panics the matcher is dead-lettered
    /// alone (the batch is screened again one request at a time).
    async fn screen_all(
        &self,
        snapshot: Arc<Snapshot>,
        inputs: Vec<(bytes::Bytes, String)>,
    ) -> Vec<Outcome> {
        let name = self.name.clone();
        let (s, i, n) = (Arc::clone(&snapshot), inputs.clone(), name.clone());
        let together = tokio::task::spawn_blocking(move || {
            i.par_iter()
                .map(|(payload, subject)| screen_one(&s, payload, subject, &n))
                .collect::<Vec<_>>()
        })
        .await;
        if let Ok(outcomes) = together {
            return outcomes;
        }
        let mut outcomes = Vec::with_capacity(inputs.len());
        for (payload, subject) in inputs {
            let (s, n) = (Arc::clone(&snapshot), name.clone());
            let (p, sub) = (payload.clone(), subject.clone());
            let one = tokio::task::spawn_blocking(move || screen_one(&s, &p, &sub, &n)).await;
            outcomes.push(one.unwrap_or_else(|panic| {
                Outcome::Dead(
                    DeadLetter {
                        id: None,
                        subject: subject.clone(),
                        reason: format!("screening panicked: {panic}"),
                        payload: String::from_utf8_lossy(&payload[..payload.len().min(4096)])
                            .into_owned(),
                        worker: name.clone(),
                    },
                    batch_of(&subject),
                )
            }));
        }
        outcomes
    }
}
