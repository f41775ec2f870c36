//! Request middleware: API keys and scopes, latency metrics, JSON error bodies.

use crate::config::Scope;
use crate::error::json_error;
use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Instant;

/// Who is calling: set on every authenticated request.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Id of the API key used (`None`: no key, allowed by `allow_unauthenticated`).
    pub key_id: Option<String>,
    /// What the caller may do.
    pub scope: Scope,
}

/// Paths anyone may call (probes and the API description).
pub const PUBLIC_PATHS: [&str; 3] = ["/healthz", "/readyz", "/openapi.json"];

/// The scope a path needs (`None`: public).
pub fn required_scope(path: &str) -> Option<Scope> {
    if PUBLIC_PATHS.contains(&path) {
        None
    } else if path.starts_with("/admin/") {
        Some(Scope::Admin)
    } else if (path.starts_with("/alerts/") && path.ends_with("/decision")) || path == "/batches" {
        Some(Scope::Analyst)
    } else {
        Some(Scope::Read)
    }
}

/// The key presented as `Authorization: Bearer <key>`, `Authorization: ApiKey <key>` or
/// the `api_key` query parameter (for reconciliation clients that only keep a URL).
fn presented_key(request: &Request) -> Option<String> {
    if let Some(value) = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let value = value.trim();
        if let Some((scheme, key)) = value.split_once(' ') {
            if scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("apikey") {
                return Some(key.trim().to_string());
            }
        }
        return Some(String::new());
    }
    let query = request.uri().query()?;
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "api_key")
        .map(|(_, v)| v.into_owned())
}

fn unauthorized(detail: &str) -> Response {
    let mut response = json_error(StatusCode::UNAUTHORIZED, detail);
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"vetter\""),
    );
    response
}

/// Checks the API key against the configured hashes and the scope the path needs.
pub async fn auth(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(needed) = required_scope(request.uri().path()) else {
        return next.run(request).await;
    };
    let caller = match presented_key(&request) {
        Some(key) => match state.config.find_key(&key) {
            Some(found) => Caller {
                key_id: Some(found.id.clone()),
                scope: found.scope,
            },
            None => return unauthorized("Invalid API key"),
        },
        None if state.config.allow_unauthenticated => Caller {
            key_id: None,
            scope: Scope::Read,
        },
        None => {
            return unauthorized(
                "Missing API key: send `Authorization: Bearer <key>` (or `ApiKey <key>`)",
            )
        }
    };
    if caller.scope < needed {
        let scope = match needed {
            Scope::Admin => "admin",
            Scope::Analyst => "analyst (or admin)",
            Scope::Read => "read",
        };
        return json_error(
            StatusCode::FORBIDDEN,
            &format!("This endpoint needs an API key with {scope} scope"),
        );
    }
    request.extensions_mut().insert(caller);
    next.run(request).await
}

/// Records the latency of every routed request by route template.
pub async fn track(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let method = request.method().clone();
    let response = next.run(request).await;
    state
        .metrics
        .latency
        .with_label_values(&[method.as_str(), route.as_str(), response.status().as_str()])
        .observe(started.elapsed().as_secs_f64());
    response
}

/// Turns error responses made by the framework (405, 415, a rejected path …) into
/// `{"detail": …}` JSON like every other error.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let detail = if text.is_empty() {
        status.canonical_reason().unwrap_or("Error").to_string()
    } else {
        text
    };
    let mut out = json_error(status, &detail);
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

/// Answers a panic in a handler with a 500 JSON error (the server keeps running).
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    json_error(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error").into_response()
}
