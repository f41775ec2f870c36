//! # vetter-server
//!
//! `vetter serve`: an HTTP screening API that yente clients can call (same paths,
//! parameters and response shapes), with what yente leaves out: API keys hashed at rest
//! with read and admin scopes, an append-only audit log of every screening in SQLite, the
//! list and algorithm versions on every response, limits on body size, batch size and
//! `limit`, Prometheus metrics, an OpenAPI 3 document, graceful shutdown and hot index
//! reloads.
//!
//! * [`router`] builds the axum application over an [`AppState`] (the index in an
//!   [`arc_swap::ArcSwap`], so a reload never touches a request in flight).
//! * [`serve`] runs it on a listener until a shutdown future resolves; [`run`] is the
//!   whole `vetter serve` (runtime, signals: SIGTERM/ctrl-c stop, SIGHUP reloads).
//! * [`ServerConfig`] is the `[server]` section of `vetter.toml`.
//!
//! Every error is answered as `{"detail": "..."}` with a 4xx or 5xx status.

mod alerts;
mod api;
pub mod audit;
mod batches;
pub mod config;
mod error;
mod graph;
mod lists;
mod meta;
pub mod metrics;
mod middleware;
pub mod params;
mod reconcile;
pub mod render;
mod screening;
mod state;
pub mod ui;

pub use audit::{AuditLog, AuditRecord};
pub use config::{hash_key, KeyConfig, Scope, ServerConfig, WorkerLink};
pub use error::ApiError;
pub use meta::OPENAPI;
pub use middleware::Caller;
pub use state::{AppState, Loaded, Reloader, COLLECTIONS};

use anyhow::Context;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;
use vetter_index::Index;

/// Every route: (method, path template as in the OpenAPI document).
pub const ROUTES: &[(&str, &str)] = &[
    ("post", "/match/{dataset}"),
    ("get", "/search/{dataset}"),
    ("get", "/entities/{id}"),
    ("get", "/algorithms"),
    ("get", "/catalog"),
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/metrics"),
    ("get", "/openapi.json"),
    ("get", "/reconcile/{dataset}"),
    ("post", "/reconcile/{dataset}"),
    ("get", "/reconcile/{dataset}/suggest/entity"),
    ("get", "/reconcile/{dataset}/suggest/type"),
    ("get", "/reconcile/{dataset}/suggest/property"),
    ("get", "/reconcile/{dataset}/extend/property"),
    ("post", "/admin/reload"),
    ("get", "/entities/{id}/graph"),
    ("get", "/lists"),
    ("get", "/session"),
    ("get", "/alerts"),
    ("get", "/alerts/{id}"),
    ("post", "/alerts/{id}/decision"),
    ("get", "/audit"),
    ("post", "/batches"),
    ("get", "/batches/{batch}"),
    ("get", "/batches/{batch}/results"),
    ("get", "/batches/{batch}/dead-letters"),
];

/// The application: every route of [`ROUTES`] behind API-key checks, latency metrics,
/// the body size limit and JSON error bodies.
pub fn router(state: Arc<AppState>) -> Router {
    let body_limit = state.config.max_body_bytes;
    Router::new()
        .route("/match/{dataset}", post(api::match_entities))
        .route("/search/{dataset}", get(api::search))
        .route("/entities/{id}", get(api::entity))
        .route("/algorithms", get(meta::algorithms))
        .route("/catalog", get(meta::catalog))
        .route("/healthz", get(meta::healthz))
        .route("/readyz", get(meta::readyz))
        .route("/metrics", get(meta::metrics))
        .route("/openapi.json", get(meta::openapi))
        .route(
            "/reconcile/{dataset}",
            get(reconcile::get).post(reconcile::post),
        )
        .route(
            "/reconcile/{dataset}/suggest/entity",
            get(reconcile::suggest_entity),
        )
        .route(
            "/reconcile/{dataset}/suggest/type",
            get(reconcile::suggest_type),
        )
        .route(
            "/reconcile/{dataset}/suggest/property",
            get(reconcile::suggest_property),
        )
        .route(
            "/reconcile/{dataset}/extend/property",
            get(reconcile::extend_property),
        )
        .route("/admin/reload", post(meta::reload))
        .route("/entities/{id}/graph", get(graph::entity_graph))
        .route("/lists", get(lists::lists))
        .route("/session", get(ui::session))
        .route("/alerts", get(alerts::list))
        .route("/alerts/{id}", get(alerts::show))
        .route("/alerts/{id}/decision", post(alerts::decide))
        .route("/audit", get(alerts::audit))
        .route("/batches", post(batches::submit))
        .route("/batches/{batch}", get(batches::progress))
        .route("/batches/{batch}/results", get(batches::results))
        .route("/batches/{batch}/dead-letters", get(batches::dead_letters))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::auth,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::track,
        ))
        // Outside the key check: the web UI's page and files (and the JSON 404).
        .fallback(ui::fallback)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn(middleware::json_errors))
        .layer(CatchPanicLayer::custom(middleware::panic_response))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves the application on `listener` until `shutdown` resolves, then stops accepting
/// connections, marks the server not ready and lets requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state.clone());
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            state.set_ready(false);
        })
        .await
}

/// What `vetter serve` needs: configuration, the index, how to reload it, the audit file.
pub struct RunOptions {
    /// Server configuration (bind address, keys, limits).
    pub config: ServerConfig,
    /// The index to serve first.
    pub index: Index,
    /// Loads the index again on SIGHUP and `POST /admin/reload`.
    pub reloader: Option<Reloader>,
    /// The audit database.
    pub audit_db: PathBuf,
}

/// Resolves on ctrl-c or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

/// Reloads the index on every SIGHUP.
#[cfg(unix)]
fn reload_on_sighup(state: Arc<AppState>) {
    tokio::spawn(async move {
        let Ok(mut hangup) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
        else {
            return;
        };
        while hangup.recv().await.is_some() {
            match state.reload().await {
                Ok(loaded) => {
                    tracing::info!(generation = loaded.generation, "index reloaded (SIGHUP)")
                }
                Err(err) => tracing::error!("reload failed, previous index kept: {err:#}"),
            }
        }
    });
}

/// Runs `vetter serve` to completion: refuses to start without API keys unless
/// unauthenticated access is allowed, opens the audit log, binds, serves until SIGTERM or
/// ctrl-c, and reloads the index on SIGHUP.
pub fn run(options: RunOptions) -> anyhow::Result<()> {
    let level = std::env::var("VETTER_LOG")
        .ok()
        .and_then(|l| l.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    let config = options.config;
    config.validate().map_err(anyhow::Error::msg)?;
    if config.keys.is_empty() && !config.allow_unauthenticated {
        anyhow::bail!(
            "no API keys configured: add [[server.keys]] to vetter.toml (sha256 of the key, scope \"read\" or \"admin\") or pass --allow-unauthenticated"
        );
    }
    let audit = AuditLog::open(&options.audit_db)
        .with_context(|| format!("opening audit log {}", options.audit_db.display()))?;
    let bind = config.bind;
    let monitor_db = config.monitor_db.clone();
    let state = AppState::new(Arc::new(options.index), config, audit, options.reloader)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    if let Some(url) = monitor_db {
        let store = runtime
            .block_on(vetter_store::Store::connect(&url))
            .with_context(|| format!("opening the monitoring database {url}"))?;
        let _ = state.monitor.set(store);
    }
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .with_context(|| format!("binding {bind}"))?;
        let loaded = state.current();
        tracing::info!(
            address = %listener.local_addr()?,
            entities = loaded.index.entities().len(),
            audit = %state.audit.path().display(),
            "vetter serve: listening"
        );
        #[cfg(unix)]
        reload_on_sighup(state.clone());
        serve(listener, state, shutdown_signal())
            .await
            .context("serving")
    })
}
