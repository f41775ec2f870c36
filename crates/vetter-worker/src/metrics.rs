//! Prometheus metrics of a worker, served on `GET /metrics` (and `GET /health`).

use prometheus::{
    Encoder, Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};
use std::net::SocketAddr;
use std::sync::Arc;

/// The worker's metrics.
pub struct Metrics {
    registry: Registry,
    /// Requests screened and recorded, by kind.
    pub processed: IntCounterVec,
    /// Requests sent to the dead-letter subject.
    pub failed: IntCounter,
    /// Redelivered requests that were already recorded (their stored result republished).
    pub redelivered: IntCounter,
    /// Alerts recorded.
    pub alerts: IntCounter,
    /// Requests waiting in the queue or delivered and not yet acknowledged.
    pub lag: IntGauge,
    /// Seconds from a request's arrival in the stream to its acknowledgement.
    pub latency: Histogram,
    /// Seconds to screen, record, publish and acknowledge one pulled batch.
    pub batch_seconds: Histogram,
    /// 1 for the index version in use.
    pub index_version: IntGaugeVec,
}

impl Metrics {
    /// Registers the metrics.
    pub fn new() -> Arc<Self> {
        let registry = Registry::new();
        let processed = IntCounterVec::new(
            Opts::new(
                "vetter_worker_processed_total",
                "Requests screened and recorded",
            ),
            &["kind"],
        )
        .expect("metric");
        let failed = IntCounter::new(
            "vetter_worker_failed_total",
            "Requests sent to the dead-letter subject",
        )
        .expect("metric");
        let redelivered = IntCounter::new(
            "vetter_worker_redelivered_total",
            "Redelivered requests found already recorded",
        )
        .expect("metric");
        let alerts =
            IntCounter::new("vetter_worker_alerts_total", "Alerts recorded").expect("metric");
        let lag = IntGauge::new(
            "vetter_worker_lag",
            "Requests pending in the queue or awaiting acknowledgement",
        )
        .expect("metric");
        let latency = Histogram::with_opts(
            HistogramOpts::new(
                "vetter_worker_latency_seconds",
                "Seconds from a request's arrival in the stream to its acknowledgement",
            )
            .buckets(vec![
                0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0,
            ]),
        )
        .expect("metric");
        let batch_seconds = Histogram::with_opts(
            HistogramOpts::new(
                "vetter_worker_batch_seconds",
                "Seconds to screen, record, publish and acknowledge one pulled batch",
            )
            .buckets(vec![0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]),
        )
        .expect("metric");
        let index_version = IntGaugeVec::new(
            Opts::new(
                "vetter_worker_index_version",
                "1 for the index version in use",
            ),
            &["version"],
        )
        .expect("metric");
        for c in [
            Box::new(processed.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(failed.clone()),
            Box::new(redelivered.clone()),
            Box::new(alerts.clone()),
            Box::new(lag.clone()),
            Box::new(latency.clone()),
            Box::new(batch_seconds.clone()),
            Box::new(index_version.clone()),
        ] {
            registry.register(c).expect("unique metric");
        }
        Arc::new(Metrics {
            registry,
            processed,
            failed,
            redelivered,
            alerts,
            lag,
            latency,
            batch_seconds,
            index_version,
        })
    }

    /// Marks `version` as the one in use.
    pub fn set_version(&self, version: &str) {
        self.index_version.reset();
        self.index_version.with_label_values(&[version]).set(1);
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut buffer = Vec::new();
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut buffer);
        String::from_utf8_lossy(&buffer).into_owned()
    }

    /// Serves `/metrics` and `/health` on `addr` until the process ends; returns the bound
    /// address (port 0 picks a free one).
    pub async fn serve(self: &Arc<Self>, addr: SocketAddr) -> std::io::Result<SocketAddr> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let bound = listener.local_addr()?;
        let metrics = Arc::clone(self);
        let app = axum::Router::new()
            .route(
                "/metrics",
                axum::routing::get(move || {
                    let metrics = Arc::clone(&metrics);
                    async move { metrics.render() }
                }),
            )
            .route("/health", axum::routing::get(|| async { "ok\n" }));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(bound)
    }
}
