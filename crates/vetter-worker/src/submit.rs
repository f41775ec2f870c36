//! `vetter submit`: publishes the records of a customer file as screening requests, with
//! a bounded number of unacknowledged publishes (back-pressure), and follows the batch's
//! results and dead letters until every request has its answer.

use crate::request::{self, DeadLetter, ScreeningResult};
use crate::{nats, Error, Names, StreamSettings};
use async_nats::jetstream;
use futures_util::stream::FuturesUnordered;
use futures_util::StreamExt;
use std::collections::{BTreeMap, HashSet};
use std::future::IntoFuture;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};
use vetter_batch::{Batch, Counts, Summary};

/// How to submit.
#[derive(Debug, Clone)]
pub struct SubmitOptions {
    /// NATS server URL(s).
    pub nats_url: String,
    /// The stream name.
    pub stream: String,
    /// The batch id (a subject token); request ids are `<batch>-<line>`.
    pub batch: String,
    /// Publishes awaiting the stream's acknowledgement at most.
    pub max_inflight: usize,
    /// Records read from the file at a time.
    pub chunk_size: usize,
    /// Maximum alerts per request (default: the worker's, 5).
    pub limit: Option<usize>,
    /// Alert cut-off (default: the match threshold).
    pub cutoff: Option<f32>,
    /// Give up when no result arrived for this long after the last publish.
    pub idle_timeout: Duration,
    /// Print progress lines on standard error.
    pub progress: bool,
}

/// The outcome of a submission.
#[derive(Debug, Clone)]
pub struct SubmitReport {
    /// Counters comparable with `vetter screen --input` of the same file (read, screened
    /// = results received, alerts, rejected before publishing, warnings).
    pub summary: Summary,
    /// Requests published (accepted by the stream).
    pub published: u64,
    /// Of these, requests the stream already had (same id within its duplicate window).
    pub already_queued: u64,
    /// Result messages received for requests already answered (redeliveries outside the
    /// results stream's duplicate window); each request is counted once in `summary`.
    pub duplicate_results: u64,
    /// Requests that came back as dead letters.
    pub dead: u64,
    /// The first dead letters.
    pub dead_samples: Vec<DeadLetter>,
    /// Results per index version.
    pub versions: BTreeMap<String, u64>,
}

impl std::fmt::Display for SubmitReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.summary)?;
        writeln!(
            f,
            "published {} requests ({} already queued), dead letters {}, duplicate results {}",
            self.published, self.already_queued, self.dead, self.duplicate_results
        )?;
        for (version, n) in &self.versions {
            writeln!(f, "index {version}: {n} results")?;
        }
        for d in &self.dead_samples {
            writeln!(
                f,
                "  dead letter {}: {}",
                d.id.as_deref().unwrap_or("?"),
                d.reason
            )?;
        }
        Ok(())
    }
}

/// Dead letters kept in the report.
const DEAD_LISTED: usize = 20;

/// What came back so far.
#[derive(Default)]
struct Tally {
    answered: HashSet<String>,
    screened: u64,
    alerts: u64,
    alert_rows: u64,
    duplicates: u64,
    dead: u64,
    dead_samples: Vec<DeadLetter>,
    versions: BTreeMap<String, u64>,
}

impl Tally {
    /// Counts one message of the results stream; the result line to write, if new.
    fn add(&mut self, subject: &str, payload: &[u8]) -> Option<Vec<u8>> {
        if subject.contains(".dead.") {
            let dead: DeadLetter = serde_json::from_slice(payload).ok()?;
            let id = dead.id.clone().unwrap_or_else(|| format!("?{}", self.dead));
            if !self.answered.insert(id) {
                self.duplicates += 1;
                return None;
            }
            self.dead += 1;
            if self.dead_samples.len() < DEAD_LISTED {
                self.dead_samples.push(dead);
            }
            return None;
        }
        let result: ScreeningResult = serde_json::from_slice(payload).ok()?;
        if !self.answered.insert(result.id.clone()) {
            self.duplicates += 1;
            return None;
        }
        self.screened += 1;
        self.alerts += result.alerts.len() as u64;
        self.alert_rows += u64::from(!result.alerts.is_empty());
        *self.versions.entry(result.index_version).or_default() += 1;
        let mut line = payload.to_vec();
        line.push(b'\n');
        Some(line)
    }
}

/// Publishes every record of `batch` and waits for all answers; results are written as
/// JSON lines to `output` when given.
pub async fn submit(
    mut batch: Batch,
    options: SubmitOptions,
    mut output: Option<Box<dyn Write + Send>>,
) -> Result<SubmitReport, Error> {
    crate::check_token(&options.batch)
        .map_err(|e| Error::Other(format!("batch id {:?}: {e}", options.batch)))?;
    let started = Instant::now();
    let names = Names::new(&options.stream)?;
    let client = async_nats::connect(options.nats_url.as_str())
        .await
        .map_err(nats)?;
    let js = jetstream::new(client);
    crate::ensure_streams(&js, &names, &StreamSettings::default()).await?;

    // Follow the batch's results and dead letters from the start of the results stream.
    let mut answers = crate::answers(&js, &names, &options.batch).await?;

    // The file is read on a thread of its own; chunks come through a small channel.
    let (sender, mut chunks) = tokio::sync::mpsc::channel(4);
    let chunk_size = options.chunk_size.max(1);
    let reader = std::thread::spawn(move || loop {
        let chunk = batch.next_queries(chunk_size);
        let end = matches!(&chunk, Ok(c) if c.is_empty()) || chunk.is_err();
        if sender.blocking_send(chunk).is_err() || end {
            return;
        }
    });

    let mut counts = Counts::default();
    let mut tally = Tally::default();
    let mut inflight = FuturesUnordered::new();
    let (mut published, mut already_queued) = (0u64, 0u64);
    let mut reading = true;
    let mut last_answer = Instant::now();
    let mut last_progress = Instant::now();
    let progress = options.progress;
    let terminal = std::io::stderr().is_terminal();
    let max_inflight = options.max_inflight.max(1);
    let mut pending: std::collections::VecDeque<request::Request> = Default::default();

    loop {
        let done_publishing = !reading && pending.is_empty() && inflight.is_empty();
        if done_publishing && tally.answered.len() as u64 >= published {
            break;
        }
        // Publish what can be published without exceeding the in-flight bound.
        while inflight.len() < max_inflight {
            let Some(request) = pending.pop_front() else {
                break;
            };
            let ack = crate::batches::send(&js, &names, &request).await?;
            inflight.push(ack.into_future());
        }
        tokio::select! {
            chunk = chunks.recv(), if reading && pending.len() < chunk_size => {
                match chunk {
                    None => reading = false,
                    Some(Err(err)) => return Err(Error::Other(err.to_string())),
                    Some(Ok(chunk)) if chunk.is_empty() => reading = false,
                    Some(Ok(chunk)) => {
                        for record in chunk {
                            counts.read += 1;
                            match record {
                                Err(reject) => counts.add_reject(reject),
                                Ok(q) => {
                                    for w in q.warnings {
                                        counts.add_warning(q.line, w);
                                    }
                                    let mut r = request::record_request(
                                        format!("{}-{}", options.batch, q.line),
                                        options.batch.clone(),
                                        Some(q.line),
                                        &q.entity,
                                    );
                                    r.limit = options.limit;
                                    r.cutoff = options.cutoff;
                                    pending.push_back(r);
                                }
                            }
                        }
                    }
                }
            }
            Some(ack) = inflight.next(), if !inflight.is_empty() => {
                let ack = ack.map_err(nats)?;
                published += 1;
                already_queued += u64::from(ack.duplicate);
            }
            answer = answers.next() => {
                let Some(answer) = answer else {
                    return Err(Error::Nats("results subscription ended".into()));
                };
                let message = answer?;
                last_answer = Instant::now();
                if let Some(line) = tally.add(message.subject.as_str(), &message.payload) {
                    if let Some(out) = output.as_mut() {
                        out.write_all(&line).map_err(|e| Error::Other(e.to_string()))?;
                    }
                }
            }
            _ = tokio::time::sleep(Duration::from_millis(500)) => {
                if done_publishing && last_answer.elapsed() > options.idle_timeout {
                    return Err(Error::Other(format!(
                        "no result for {} s: {} of {} requests answered",
                        options.idle_timeout.as_secs(),
                        tally.answered.len(),
                        published
                    )));
                }
            }
        }
        if progress && last_progress.elapsed() >= Duration::from_secs(2) {
            last_progress = Instant::now();
            let line = format!(
                "read {}, published {}, answered {}, alerts {}, {:.0} answers/s",
                counts.read,
                published,
                tally.answered.len(),
                tally.alerts,
                tally.answered.len() as f64 / started.elapsed().as_secs_f64().max(1e-3)
            );
            if terminal {
                eprint!("\r{line}   ");
            } else {
                eprintln!("{line}");
            }
        }
    }
    if progress && terminal {
        eprintln!();
    }
    let _ = reader.join();
    if let Some(out) = output.as_mut() {
        out.flush().map_err(|e| Error::Other(e.to_string()))?;
    }
    counts.screened = tally.screened;
    counts.alerts = tally.alerts;
    counts.alert_rows = tally.alert_rows;
    let elapsed = started.elapsed();
    Ok(SubmitReport {
        summary: Summary {
            rows_this_run: counts.read,
            counts,
            resumed_after: 0,
            elapsed,
            complete: true,
        },
        published,
        already_queued,
        duplicate_results: tally.duplicates,
        dead: tally.dead,
        dead_samples: tally.dead_samples,
        versions: tally.versions,
    })
}
