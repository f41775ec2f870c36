//! Batches submitted over HTTP (`POST /batches` of `vetter serve`): publishing a batch of
//! requests with a bounded number of acknowledgements in flight, its progress from the
//! streams' per-subject message counts, and its answers read page by page by stream
//! sequence. Nothing is kept in the server: any server of a deployment answers for any
//! batch, and a restart loses nothing.

use crate::request::Request;
use crate::{nats, Error, Names, StreamSettings};
use async_nats::jetstream::{self, consumer, message::PublishMessage};
use futures_util::stream::FuturesUnordered;
use futures_util::StreamExt;
use serde::Serialize;
use std::future::IntoFuture;
use std::time::Duration;

/// The workers' streams as a submitting server sees them: connected on first use (a
/// server starts while NATS is down, and a failed connection is tried again by the next
/// call), the streams created when missing.
pub struct Submitter {
    names: Names,
    url: String,
    context: tokio::sync::OnceCell<jetstream::Context>,
}

impl Submitter {
    /// A submitter to the stream `stream` on the NATS server(s) `url` (not yet connected).
    pub fn new(url: &str, stream: &str) -> Result<Self, Error> {
        Ok(Submitter {
            names: Names::new(stream)?,
            url: url.to_string(),
            context: tokio::sync::OnceCell::new(),
        })
    }

    async fn context(&self) -> Result<&jetstream::Context, Error> {
        self.context
            .get_or_try_init(|| async {
                let js = crate::connect(&self.url).await?;
                crate::ensure_streams(&js, &self.names, &StreamSettings::default()).await?;
                Ok(js)
            })
            .await
    }

    /// Publishes `requests` (each on its batch's subject) with at most `max_inflight`
    /// acknowledgements awaited at once; returns once the stream stored every one.
    pub async fn publish(
        &self,
        requests: &[Request],
        max_inflight: usize,
    ) -> Result<Published, Error> {
        publish_all(self.context().await?, &self.names, requests, max_inflight).await
    }

    /// The progress of `batch`.
    pub async fn progress(&self, batch: &str) -> Result<Progress, Error> {
        progress(self.context().await?, &self.names, batch).await
    }

    /// Up to `limit` answers of `batch` stored after stream sequence `after`.
    pub async fn answers(
        &self,
        batch: &str,
        which: Answers,
        after: u64,
        limit: usize,
    ) -> Result<Page, Error> {
        answers_page(
            self.context().await?,
            &self.names,
            batch,
            which,
            after,
            limit,
        )
        .await
    }
}

/// What publishing a batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Published {
    /// Requests the stream accepted (stored durably).
    pub published: u64,
    /// Of these, requests it already had (same id within its duplicate window: a repeated
    /// submission of the same batch queues nothing twice).
    pub already_queued: u64,
}

/// Publishes one request on its batch's subject, with its id as `Nats-Msg-Id`; resolves to
/// the stream's acknowledgement.
pub(crate) async fn send(
    js: &jetstream::Context,
    names: &Names,
    request: &Request,
) -> Result<jetstream::context::PublishAckFuture, Error> {
    let payload = serde_json::to_vec(request).map_err(|e| Error::Other(e.to_string()))?;
    let publish = PublishMessage::build()
        .payload(payload.into())
        .message_id(request.id.as_str());
    js.send_publish(names.requests(&request.batch), publish)
        .await
        .map_err(nats)
}

/// Publishes `requests` with at most `max_inflight` acknowledgements awaited at once and
/// returns once the stream has acknowledged every one.
async fn publish_all(
    js: &jetstream::Context,
    names: &Names,
    requests: &[Request],
    max_inflight: usize,
) -> Result<Published, Error> {
    let mut published = Published::default();
    let mut inflight = FuturesUnordered::new();
    let mut count = |ack: Result<jetstream::publish::PublishAck, _>| -> Result<(), Error> {
        let ack = ack.map_err(nats)?;
        published.published += 1;
        published.already_queued += u64::from(ack.duplicate);
        Ok(())
    };
    for request in requests {
        if inflight.len() >= max_inflight.max(1) {
            if let Some(ack) = inflight.next().await {
                count(ack)?;
            }
        }
        // Awaited before `push` borrows the set: the future stays `Send`.
        let ack = send(js, names, request).await?;
        inflight.push(ack.into_future());
    }
    while let Some(ack) = inflight.next().await {
        count(ack)?;
    }
    Ok(published)
}

/// Where a batch stands, from the streams.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Requests in the work queue: not yet screened, or screened and not yet acknowledged.
    pub queued: u64,
    /// Result messages (one per request; a redelivery outside the results stream's
    /// duplicate window may add one).
    pub results: u64,
    /// Dead letters (unusable requests).
    pub dead_letters: u64,
}

/// Messages stored under `subject` in `stream`.
async fn count(stream: &jetstream::stream::Stream, subject: &str) -> Result<u64, Error> {
    let mut subjects = stream.info_with_subjects(subject).await.map_err(nats)?;
    let mut total = 0u64;
    while let Some(entry) = subjects.next().await {
        let (_, n) = entry.map_err(nats)?;
        total += n as u64;
    }
    Ok(total)
}

/// The progress of `batch`.
async fn progress(js: &jetstream::Context, names: &Names, batch: &str) -> Result<Progress, Error> {
    let work = js.get_stream(&names.stream).await.map_err(nats)?;
    let answers = js.get_stream(names.results_stream()).await.map_err(nats)?;
    Ok(Progress {
        queued: count(&work, &names.requests(batch)).await?,
        results: count(&answers, &names.results(batch)).await?,
        dead_letters: count(&answers, &names.dead(batch)).await?,
    })
}

/// Which answers of a batch to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answers {
    /// Screening results.
    Results,
    /// Dead letters.
    DeadLetters,
}

/// One page of a batch's answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Page {
    /// The answers (result or dead-letter JSON), in stream order.
    pub items: Vec<serde_json::Value>,
    /// The stream sequence to pass as `after` for the next page (the last one read, or
    /// `after` itself when nothing was new).
    pub next: u64,
}

/// How long a page waits for answers beyond those already stored.
const PAGE_WAIT: Duration = Duration::from_millis(300);

/// Up to `limit` answers of `batch` stored after stream sequence `after`.
async fn answers_page(
    js: &jetstream::Context,
    names: &Names,
    batch: &str,
    which: Answers,
    after: u64,
    limit: usize,
) -> Result<Page, Error> {
    let subject = match which {
        Answers::Results => names.results(batch),
        Answers::DeadLetters => names.dead(batch),
    };
    let stream = js.get_stream(names.results_stream()).await.map_err(nats)?;
    let reader = stream
        .create_consumer(consumer::pull::Config {
            filter_subject: subject,
            deliver_policy: consumer::DeliverPolicy::ByStartSequence {
                start_sequence: after + 1,
            },
            ack_policy: consumer::AckPolicy::None,
            inactive_threshold: Duration::from_secs(30),
            ..Default::default()
        })
        .await
        .map_err(nats)?;
    let mut messages = reader
        .fetch()
        .max_messages(limit.max(1))
        .expires(PAGE_WAIT)
        .messages()
        .await
        .map_err(nats)?;
    let mut page = Page {
        items: Vec::new(),
        next: after,
    };
    while let Some(message) = messages.next().await {
        let message = message.map_err(nats)?;
        let sequence = message.info().map_err(nats)?.stream_sequence;
        let item = serde_json::from_slice(&message.payload)
            .map_err(|e| Error::Other(format!("answer at sequence {sequence}: {e}")))?;
        page.items.push(item);
        page.next = sequence;
    }
    let _ = stream.delete_consumer(&reader.cached_info().name).await;
    Ok(page)
}
