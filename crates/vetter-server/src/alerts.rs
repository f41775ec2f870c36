//! Monitoring alerts over HTTP: `GET /alerts`, `GET /alerts/{id}`,
//! `POST /alerts/{id}/decision` (scope `analyst`), `GET /audit`. The alerts live in the
//! `vetter-store` database given by `[monitor] database` of vetter.toml (or `vetter serve --monitor-db`); without one they answer 404.

use crate::api::json_of;
use crate::error::{body_error, ApiError};
use crate::middleware::Caller;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Extension;
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use vetter_store::{AlertFilter, Store, StoreError, STATUSES};

/// Largest page of `/alerts` and `/audit`.
const MAX_LIMIT: i64 = 1000;

fn store(state: &AppState) -> Result<&Store, ApiError> {
    state.monitor.get().ok_or_else(|| {
        ApiError::not_found(
            "no monitoring database: start `vetter serve` with --monitor-db (or [monitor] database in vetter.toml)",
        )
    })
}

fn store_error(err: StoreError) -> ApiError {
    match err {
        StoreError::NotFound(detail) => ApiError::not_found(detail),
        StoreError::Invalid(detail) => ApiError::bad_request(detail),
        other => {
            tracing::error!("monitoring database: {other}");
            ApiError::internal("monitoring database error")
        }
    }
}

fn number<T: std::str::FromStr>(
    params: &HashMap<String, String>,
    name: &str,
    default: T,
) -> Result<T, ApiError> {
    match params.get(name) {
        None => Ok(default),
        Some(text) => text
            .parse()
            .map_err(|_| ApiError::bad_request(format!("{name}: not a valid number: {text:?}"))),
    }
}

fn page(params: &HashMap<String, String>, default_limit: i64) -> Result<(i64, i64), ApiError> {
    let limit: i64 = number(params, "limit", default_limit)?;
    let offset: i64 = number(params, "offset", 0)?;
    if !(0..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::bad_request(format!(
            "limit must be between 0 and {MAX_LIMIT}"
        )));
    }
    if offset < 0 {
        return Err(ApiError::bad_request("offset must not be negative"));
    }
    Ok((limit, offset))
}

/// `GET /alerts?status=&dataset=&min_score=&limit=&offset=`
pub async fn list(
    State(state): State<Arc<AppState>>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let store = store(&state)?;
    let status = match params.get("status").map(String::as_str) {
        None | Some("open") => Some("open".to_string()),
        Some("all") => None,
        Some(s) if STATUSES.contains(&s) => Some(s.to_string()),
        Some(s) => {
            return Err(ApiError::bad_request(format!(
                "status {s:?}: one of {} or all",
                STATUSES.join(", ")
            )))
        }
    };
    let min_score: Option<f64> = match params.get("min_score") {
        None => None,
        Some(text) => match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v),
            _ => {
                return Err(ApiError::bad_request(format!(
                    "min_score: not a number: {text:?}"
                )))
            }
        },
    };
    let (limit, offset) = page(&params, 50)?;
    let filter = AlertFilter {
        status,
        dataset: params.get("dataset").cloned().filter(|d| !d.is_empty()),
        min_score,
        customer_id: params.get("customer").cloned().filter(|c| !c.is_empty()),
        limit,
        offset,
    };
    let (total, alerts) = store.list_alerts(&filter).await.map_err(store_error)?;
    json_of(&json!({
        "total": total, "limit": limit, "offset": offset, "alerts": alerts,
    }))
}

/// `GET /alerts/{id}`
pub async fn show(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let alert = store(&state)?.alert(&id).await.map_err(store_error)?;
    json_of(&alert)
}

/// Body of `POST /alerts/{id}/decision`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    decision: String,
    reason: String,
}

/// `POST /alerts/{id}/decision`: the analyst recorded is the API key's id (the route needs
/// an analyst key, so callers without a key never reach it).
pub async fn decide(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    caller: Option<Extension<Caller>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(body_error)?;
    let body: DecisionBody = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("Invalid decision body: {e}")))?;
    let Some(analyst) = caller.and_then(|Extension(c)| c.key_id) else {
        return Err(ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "Decisions need an API key with analyst scope",
        ));
    };
    let alert = store(&state)?
        .decide(&id, &body.decision, &analyst, &body.reason)
        .await
        .map_err(store_error)?;
    json_of(&alert)
}

/// `GET /audit?limit=&offset=`
pub async fn audit(
    State(state): State<Arc<AppState>>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let (limit, offset) = page(&params, 100)?;
    let (total, events) = store(&state)?
        .audit(limit, offset)
        .await
        .map_err(store_error)?;
    json_of(&json!({ "total": total, "limit": limit, "offset": offset, "events": events }))
}
