//! The analyst web UI: the Vite build of `web/` (committed as `web/dist/`, rebuilt and
//! compared by `.ci/run`), embedded in the binary with `rust-embed` and served without
//! authentication (the page asks for an API key and sends it with every API call).
//!
//! * `GET /`, `GET /ui` and `GET /ui/…` answer the single-page app's `index.html` (its
//!   client-side routes live under `/ui/`, so they never shadow an API path);
//! * `GET /assets/…` and the other files of the build answer the file with its content
//!   type, an `ETag` (SHA-256 of the content) and `Cache-Control`: `immutable` for the
//!   content-hashed `assets/`, `no-cache` for the rest;
//! * anything else is the API's JSON 404.
//!
//! `GET /session` (behind the API key check like every API route) tells the page who is
//! logged in and with which scope.

use crate::error::ApiError;
use crate::middleware::Caller;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use rust_embed::RustEmbed;
use serde_json::json;

/// The built web UI (`web/dist`).
#[derive(RustEmbed)]
#[folder = "../../web/dist"]
struct Assets;

/// The page's Content-Security-Policy: only this origin's scripts, styles (inline `style`
/// attributes for score bars), images and API calls.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                   img-src 'self' data:; connect-src 'self'; font-src 'self'; \
                   base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// True for the paths of the single-page app's own routes.
pub fn is_page(path: &str) -> bool {
    path == "/" || path == "/ui" || path.starts_with("/ui/")
}

/// The embedded file answering `path`, if any (`index.html` only through [`is_page`]).
fn asset_name(path: &str) -> Option<String> {
    if is_page(path) {
        return Some("index.html".to_string());
    }
    let name = path.strip_prefix('/')?;
    (name != "index.html" && Assets::get(name).is_some()).then(|| name.to_string())
}

fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Answers an embedded file with its type, validator and caching policy.
fn file_response(name: &str, request_headers: &HeaderMap) -> Option<Response> {
    let file = Assets::get(name)?;
    let etag = format!(
        "\"{}\"",
        file.metadata
            .sha256_hash()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let cache = if name.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let fresh = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        file.data.into_owned().into_response()
    };
    let headers = response.headers_mut();
    let mime = file.metadata.mimetype();
    let content_type = if mime.starts_with("text/") && !mime.contains("charset") {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    headers.insert(header::CONTENT_TYPE, header_value(&content_type));
    headers.insert(header::ETAG, header_value(&etag));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if name == "index.html" {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
    }
    Some(response)
}

/// The router's fallback: the UI's files and pages for `GET`/`HEAD`, else the JSON 404 of
/// the API.
pub async fn fallback(request: Request) -> Response {
    let method = request.method();
    if method == Method::GET || method == Method::HEAD {
        if let Some(response) = asset_name(request.uri().path())
            .and_then(|name| file_response(&name, request.headers()))
        {
            return response;
        }
    }
    ApiError::not_found("Not found").into_response()
}

/// `GET /session`: the caller's key id and scope (`read`, `analyst`, `admin`), so that the
/// page shows only what the key may do.
pub async fn session(caller: Option<Extension<Caller>>) -> Response {
    let (key, scope) = match caller {
        Some(Extension(caller)) => (
            caller.key_id,
            format!("{:?}", caller.scope).to_ascii_lowercase(),
        ),
        None => (None, "read".to_string()),
    };
    crate::api::json_of(&json!({"key": key, "scope": scope})).into_response()
}
