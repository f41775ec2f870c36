//! # vetter-worker
//!
//! Screening at scale on NATS JetStream: any number of stateless `vetter worker` processes
//! share one durable work queue of screening requests, record results idempotently in one
//! PostgreSQL database and publish them for downstream systems.
//!
//! ## Subjects and streams (for a stream name `vetter`)
//!
//! | subject | stream | retention |
//! |---|---|---|
//! | `vetter.requests.<batch>` | `vetter` | work queue: a request is removed once a worker acknowledged it; duplicate request ids within the duplicate window are dropped |
//! | `vetter.results.<batch>` | `vetter_results` | limits: kept 7 days (downstream systems and `vetter submit` read them); a result's `Nats-Msg-Id` is its request id, so a republished result is dropped |
//! | `vetter.dead.<batch>` | `vetter_results` | same: dead letters with the reason |
//! | key `current` in bucket `vetter_index` | KV | the announced index version (path and version) |
//!
//! Results live in a stream of their own because a work-queue stream allows only one
//! consumer per subject, while results are read by any number of downstream consumers.
//!
//! ## Delivery guarantees
//!
//! All workers pull from one durable consumer (`workers`), so each request goes to one
//! worker at a time. A worker screens a pulled batch with one index snapshot, records the
//! results in one database transaction (`INSERT … ON CONFLICT (request_id) DO NOTHING`),
//! publishes them, waits for the stream's acknowledgements and only then acknowledges the
//! requests. A worker killed anywhere in between leaves its requests unacknowledged; they
//! are redelivered after the ack wait and the next worker finds them recorded: it publishes
//! the stored result (same id, so the results stream drops it if it already has it) and
//! creates no second alert. Unusable requests go to the dead-letter subject with the reason
//! and are terminated, so they never block the queue.

#![warn(missing_docs)]

pub mod batches;
pub mod metrics;
pub mod request;
pub mod store;
pub mod submit;
pub mod worker;

use async_nats::jetstream::{self, kv, stream};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use std::time::Duration;
use vetter_index::Index;
use vetter_text::TextScanner;

pub use request::{Alert, DeadLetter, Request, ScreeningResult, Work};
pub use store::Store;
pub use submit::{submit, SubmitOptions, SubmitReport};
pub use worker::{run_worker, WorkerOptions};

/// Errors of workers and submitters.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// NATS or JetStream refused or failed.
    #[error("NATS: {0}")]
    Nats(String),
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// Anything else (a bad option, an index that does not load).
    #[error("{0}")]
    Other(String),
}

/// Wraps a NATS error.
pub(crate) fn nats(err: impl std::fmt::Display) -> Error {
    Error::Nats(err.to_string())
}

/// One index version: the index, its version string and (built on first use) the text
/// scanner over it. Workers hold the current snapshot in an `ArcSwap` and take one per
/// batch, so a request is never screened with a mix of versions.
pub struct Snapshot {
    /// The screening index.
    pub index: Index,
    /// The version stamped on every result screened with it.
    pub version: String,
    scanner: OnceLock<TextScanner>,
}

impl Snapshot {
    /// A snapshot of `index` named `version`.
    pub fn new(index: Index, version: String) -> Self {
        Snapshot {
            index,
            version,
            scanner: OnceLock::new(),
        }
    }

    /// The text scanner (free text and payments), built on first use.
    pub fn scanner(&self) -> &TextScanner {
        self.scanner.get_or_init(|| TextScanner::new(&self.index))
    }
}

/// The default version of an index: its lists and their versions
/// (`us_ofac_sdn@2023-12-28+un_sc_sanctions@…`).
pub fn index_version(index: &Index) -> String {
    let parts: Vec<String> = index
        .lists()
        .iter()
        .map(|l| {
            format!(
                "{}@{}",
                l.dataset,
                l.version.as_deref().unwrap_or("unversioned")
            )
        })
        .collect();
    parts.join("+")
}

/// An index version announced to the workers (key `current` of the `<stream>_index`
/// bucket).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    /// The version string stamped on results.
    pub version: String,
    /// Where every worker reads the index file (a shared or identically provisioned path).
    pub path: String,
}

/// Checks a stream name or batch id: one NATS subject token (letters, digits, `-`, `_`).
pub fn check_token(token: &str) -> Result<(), String> {
    if token.is_empty() || token.len() > 64 {
        return Err("must have 1 to 64 characters".into());
    }
    if !token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err("may only contain letters, digits, `-` and `_`".into());
    }
    Ok(())
}

/// The stream name when none is configured (`[worker] stream`, `--stream`).
pub const DEFAULT_STREAM: &str = "vetter";

/// Subject and stream names derived from one stream name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// The work-queue stream (`vetter`).
    pub stream: String,
}

impl Names {
    /// Names for the stream `stream` (checked with [`check_token`]).
    pub fn new(stream: &str) -> Result<Self, Error> {
        check_token(stream).map_err(|e| Error::Other(format!("stream name {stream:?}: {e}")))?;
        Ok(Names {
            stream: stream.to_string(),
        })
    }

    /// The stream of results and dead letters.
    pub fn results_stream(&self) -> String {
        format!("{}_results", self.stream)
    }

    /// The key-value bucket of index announcements.
    pub fn index_bucket(&self) -> String {
        format!("{}_index", self.stream)
    }

    /// The subject of one batch's requests.
    pub fn requests(&self, batch: &str) -> String {
        format!("{}.requests.{batch}", self.stream)
    }

    /// The subject of one batch's results.
    pub fn results(&self, batch: &str) -> String {
        format!("{}.results.{batch}", self.stream)
    }

    /// The subject of one batch's dead letters.
    pub fn dead(&self, batch: &str) -> String {
        format!("{}.dead.{batch}", self.stream)
    }
}

/// How the streams are created when missing.
#[derive(Debug, Clone)]
pub struct StreamSettings {
    /// Replicas of every stream and of the bucket (3 on a 3-node cluster).
    pub replicas: usize,
    /// How long results and dead letters are kept.
    pub results_max_age: Duration,
    /// Window in which a repeated request or result id is dropped.
    pub duplicate_window: Duration,
}

impl Default for StreamSettings {
    fn default() -> Self {
        StreamSettings {
            replicas: 1,
            results_max_age: Duration::from_secs(7 * 24 * 3600),
            duplicate_window: Duration::from_secs(20 * 60),
        }
    }
}

/// Creates the work stream, the results stream and the index bucket when missing (an
/// existing one is used as it is).
pub async fn ensure_streams(
    js: &jetstream::Context,
    names: &Names,
    settings: &StreamSettings,
) -> Result<(), Error> {
    get_or_create_stream(
        js,
        stream::Config {
            name: names.stream.clone(),
            description: Some("Vetter screening requests (work queue)".into()),
            subjects: vec![format!("{}.requests.>", names.stream)],
            retention: stream::RetentionPolicy::WorkQueue,
            storage: stream::StorageType::File,
            num_replicas: settings.replicas,
            duplicate_window: settings.duplicate_window,
            ..Default::default()
        },
    )
    .await?;
    get_or_create_stream(
        js,
        stream::Config {
            name: names.results_stream(),
            description: Some("Vetter screening results and dead letters".into()),
            subjects: vec![
                format!("{}.results.>", names.stream),
                format!("{}.dead.>", names.stream),
            ],
            retention: stream::RetentionPolicy::Limits,
            storage: stream::StorageType::File,
            num_replicas: settings.replicas,
            max_age: settings.results_max_age,
            duplicate_window: settings.duplicate_window,
            ..Default::default()
        },
    )
    .await?;
    index_bucket(js, names, settings).await?;
    Ok(())
}

/// The stream named in `config`, created when missing. Workers starting together race to
/// create it: the server refuses every creation but the first (as a name or subject
/// overlap), so a refused creation is answered with the stream the winner made.
async fn get_or_create_stream(
    js: &jetstream::Context,
    config: stream::Config,
) -> Result<stream::Stream, Error> {
    let name = config.name.clone();
    match js.get_or_create_stream(config).await {
        Ok(stream) => Ok(stream),
        Err(refused) => js.get_stream(&name).await.map_err(|_| nats(refused)),
    }
}

/// A batch's results and dead letters as they arrive, from the start of the results
/// stream: one ordered consumer per subject, merged (servers before 2.10 accept a
/// consumer filter only within one of the stream's subjects).
pub async fn answers(
    js: &jetstream::Context,
    names: &Names,
    batch: &str,
) -> Result<impl futures_util::Stream<Item = Result<jetstream::Message, Error>> + Unpin, Error> {
    let stream = js.get_stream(names.results_stream()).await.map_err(nats)?;
    let mut merged = Vec::new();
    for subject in [names.results(batch), names.dead(batch)] {
        let messages = stream
            .create_consumer(jetstream::consumer::pull::OrderedConfig {
                filter_subject: subject,
                deliver_policy: jetstream::consumer::DeliverPolicy::All,
                ..Default::default()
            })
            .await
            .map_err(nats)?
            .messages()
            .await
            .map_err(nats)?;
        merged.push(futures_util::StreamExt::map(messages, |m| m.map_err(nats)));
    }
    Ok(futures_util::stream::select_all(merged))
}

/// The index announcement bucket, created when missing.
///
/// The bucket's stream is created directly with the key-value conventions (`KV_<bucket>`,
/// subjects `$KV.<bucket>.>`, rollups, no deletes, direct gets, per-key history) rather
/// than with `create_key_value`, which first asks for the account information in a shape
/// that JetStream servers before 2.10 (Debian's 2.9) do not answer; the result is the same
/// bucket.
pub async fn index_bucket(
    js: &jetstream::Context,
    names: &Names,
    settings: &StreamSettings,
) -> Result<kv::Store, Error> {
    if let Ok(store) = js.get_key_value(names.index_bucket()).await {
        return Ok(store);
    }
    let bucket = names.index_bucket();
    get_or_create_stream(
        js,
        stream::Config {
            name: format!("KV_{bucket}"),
            description: Some("Vetter index versions announced to workers".into()),
            subjects: vec![format!("$KV.{bucket}.>")],
            max_messages_per_subject: 10,
            storage: stream::StorageType::File,
            num_replicas: settings.replicas,
            allow_rollup: true,
            deny_delete: true,
            allow_direct: true,
            discard: stream::DiscardPolicy::New,
            ..Default::default()
        },
    )
    .await?;
    js.get_key_value(bucket).await.map_err(nats)
}

/// The key of the current announcement in the bucket.
pub const INDEX_KEY: &str = "current";

/// Announces an index version: every worker loads `path` and swaps to it between batches.
pub async fn announce(
    js: &jetstream::Context,
    names: &Names,
    announcement: &Announcement,
) -> Result<u64, Error> {
    let bucket = index_bucket(js, names, &StreamSettings::default()).await?;
    let bytes = serde_json::to_vec(announcement).map_err(|e| Error::Other(e.to_string()))?;
    bucket.put(INDEX_KEY, bytes.into()).await.map_err(nats)
}

/// The current announcement, if any.
pub async fn current_announcement(
    js: &jetstream::Context,
    names: &Names,
) -> Result<Option<Announcement>, Error> {
    let bucket = index_bucket(js, names, &StreamSettings::default()).await?;
    match bucket.get(INDEX_KEY).await.map_err(nats)? {
        None => Ok(None),
        Some(bytes) if bytes.is_empty() => Ok(None),
        Some(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| Error::Other(format!("bad index announcement: {e}"))),
    }
}

/// Connects to NATS (comma-separated URLs) and returns the JetStream context.
pub async fn connect(url: &str) -> Result<jetstream::Context, Error> {
    let client = async_nats::connect(url).await.map_err(nats)?;
    Ok(jetstream::new(client))
}

/// Runs a future on a two-thread runtime (for the command-line entry points; screening
/// itself runs on rayon's pool).
pub fn block_on<F: std::future::Future>(future: F) -> Result<F::Output, Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("starting the async runtime: {e}")))?;
    Ok(runtime.block_on(future))
}
