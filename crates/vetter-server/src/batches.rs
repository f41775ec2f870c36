//! Screening work for the workers on NATS JetStream (`vetter worker`), submitted over HTTP:
//!
//! * `POST /batches` (analyst scope): a JSON batch of records, texts and payment messages;
//!   every request is checked first (a bad one refuses the whole batch with its position
//!   and reason, nothing is published), then published with its id `<batch>-<n>` and the
//!   answer is 202 once the stream has stored every request. Posting the same batch again
//!   queues nothing twice (the stream drops repeated ids).
//! * `GET /batches/{batch}`: progress from the streams' counts (queued, results, dead
//!   letters).
//! * `GET /batches/{batch}/results` and `/dead-letters?after=SEQ&limit=N`: the answers, page
//!   by page by stream sequence.
//!
//! Nothing is held in the server, so any server of a deployment answers for any batch.

use crate::api::json_of;
use crate::error::{body_error, ApiError};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use vetter_worker::batches::{Answers, Submitter};
use vetter_worker::{Request, Work};

/// Body of `POST /batches`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchBody {
    /// The batch id (letters, digits, `-`, `_`); generated when absent.
    batch: Option<String>,
    /// Most alerts per request.
    limit: Option<usize>,
    /// Lowest alert score.
    cutoff: Option<f32>,
    /// The work, in order: request `n` (from 1) gets the id `<batch>-<n>` and line `n`.
    requests: Vec<Work>,
}

/// Acknowledgements awaited at once while publishing.
const MAX_INFLIGHT: usize = 512;
/// Requests refused that an error answer names.
const REFUSALS_LISTED: usize = 20;

/// The workers' stream, or 404 when the server has none configured.
fn workers(state: &AppState) -> Result<&Submitter, ApiError> {
    state.workers.as_ref().ok_or_else(|| {
        ApiError::not_found(
            "no screening workers: give [worker] nats (and stream) in vetter.toml to submit batches",
        )
    })
}

fn unavailable(err: vetter_worker::Error) -> ApiError {
    tracing::error!("workers' stream: {err}");
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("the screening workers' stream is unavailable: {err}"),
    )
}

/// 400 for a batch id the workers' subjects cannot carry.
fn check_batch_id(batch: &str) -> Result<(), ApiError> {
    vetter_worker::check_token(batch)
        .map_err(|e| ApiError::bad_request(format!("batch {batch:?}: {e}")))
}

/// A new batch id: `http-` and the time in microseconds, with a counter for batches
/// submitted in the same microsecond.
fn new_batch_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let micros = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("http-{micros}-{n}")
}

/// `POST /batches`
pub async fn submit(
    State(state): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let workers = workers(&state)?;
    let body = body.map_err(body_error)?;
    let body: BatchBody = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("Invalid batch body: {e}")))?;
    let batch = body.batch.unwrap_or_else(new_batch_id);
    check_batch_id(&batch)?;
    if body.requests.is_empty() {
        return Err(ApiError::bad_request("the batch has no requests"));
    }
    let requests: Vec<Request> = (1u64..)
        .zip(body.requests)
        .map(|(n, work)| Request {
            id: format!("{batch}-{n}"),
            batch: batch.clone(),
            line: Some(n),
            limit: body.limit,
            cutoff: body.cutoff,
            work,
        })
        .collect();
    let refused: Vec<String> = requests
        .iter()
        .filter_map(|r| {
            let n = r.line.unwrap_or_default();
            r.check()
                .err()
                .map(|reason| format!("request {n}: {reason}"))
        })
        .collect();
    if !refused.is_empty() {
        let listed = refused.len().min(REFUSALS_LISTED);
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "{} of {} requests refused, nothing published: {}",
                refused.len(),
                requests.len(),
                refused[..listed].join("; ")
            ),
        ));
    }
    let published = workers
        .publish(&requests, MAX_INFLIGHT)
        .await
        .map_err(unavailable)?;
    let mut response = json_of(&json!({
        "batch": batch,
        "requests": requests.len(),
        "published": published.published,
        "already_queued": published.already_queued,
        "progress": format!("/batches/{batch}"),
        "results": format!("/batches/{batch}/results"),
    }))?;
    *response.status_mut() = StatusCode::ACCEPTED;
    Ok(response)
}

/// `GET /batches/{batch}`
pub async fn progress(
    State(state): State<Arc<AppState>>,
    Path(batch): Path<String>,
) -> Result<Response, ApiError> {
    let workers = workers(&state)?;
    check_batch_id(&batch)?;
    let progress = workers.progress(&batch).await.map_err(unavailable)?;
    let answered = progress.results + progress.dead_letters;
    if progress.queued == 0 && answered == 0 {
        return Err(ApiError::not_found(format!(
            "no batch {batch:?} (or its results have expired)"
        )));
    }
    json_of(&json!({
        "batch": batch,
        "queued": progress.queued,
        "results": progress.results,
        "dead_letters": progress.dead_letters,
        "answered": answered,
        "complete": progress.queued == 0,
    }))
}

/// `GET /batches/{batch}/results`
pub async fn results(
    state: State<Arc<AppState>>,
    batch: Path<String>,
    params: Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    page(state, batch, params, Answers::Results).await
}

/// `GET /batches/{batch}/dead-letters`
pub async fn dead_letters(
    state: State<Arc<AppState>>,
    batch: Path<String>,
    params: Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    page(state, batch, params, Answers::DeadLetters).await
}

/// Largest page of answers.
const MAX_PAGE: usize = 1000;

async fn page(
    State(state): State<Arc<AppState>>,
    Path(batch): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    which: Answers,
) -> Result<Response, ApiError> {
    let workers = workers(&state)?;
    check_batch_id(&batch)?;
    let number = |name: &str, default: u64| -> Result<u64, ApiError> {
        params.get(name).map_or(Ok(default), |v| {
            v.parse()
                .map_err(|_| ApiError::bad_request(format!("{name} must be a whole number")))
        })
    };
    let after = number("after", 0)?;
    let limit = number("limit", 100)?;
    if limit == 0 || limit > MAX_PAGE as u64 {
        return Err(ApiError::bad_request(format!(
            "limit must be 1 to {MAX_PAGE}"
        )));
    }
    let page = workers
        .answers(&batch, which, after, limit as usize)
        .await
        .map_err(unavailable)?;
    Ok(
        json_of(&json!({ "batch": batch, "items": page.items, "next": page.next }))?
            .into_response(),
    )
}
