//! Prometheus metrics: request latency per route, index and list versions, list freshness.

use crate::state::Loaded;
use prometheus::{
    Encoder, GaugeVec, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

/// The server's metrics registry.
pub struct Metrics {
    registry: Registry,
    /// `vetter_http_request_duration_seconds{method, route, status}`.
    pub latency: HistogramVec,
    /// `vetter_match_queries_total{dataset}`: queries screened by `/match` and `/reconcile`.
    pub queries: IntCounterVec,
    index_info: IntGaugeVec,
    index_generation: IntGauge,
    index_entities: IntGauge,
    index_loaded: IntGauge,
    list_info: IntGaugeVec,
    list_entities: IntGaugeVec,
    list_age: GaugeVec,
    list_dates: std::sync::Mutex<Vec<(String, Option<i64>)>>,
}

fn must<T>(result: prometheus::Result<T>) -> T {
    // Metric definitions are static; a failure is a programming error caught by tests.
    result.expect("valid metric definition")
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Registers every metric.
    pub fn new() -> Self {
        let registry = Registry::new();
        let latency = must(HistogramVec::new(
            HistogramOpts::new(
                "vetter_http_request_duration_seconds",
                "Time to answer an HTTP request, by route template and status.",
            )
            .buckets(vec![
                0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["method", "route", "status"],
        ));
        let queries = must(IntCounterVec::new(
            Opts::new(
                "vetter_match_queries_total",
                "Entities screened, by dataset.",
            ),
            &["dataset"],
        ));
        let index_info = must(IntGaugeVec::new(
            Opts::new(
                "vetter_index_info",
                "The index being served: algorithm and list versions (value 1).",
            ),
            &["algorithm", "lists"],
        ));
        let index_generation = must(IntGauge::new(
            "vetter_index_generation",
            "Number of index loads since start (1 = the first; grows on each reload).",
        ));
        let index_entities = must(IntGauge::new(
            "vetter_index_entities",
            "Entities in the index being served.",
        ));
        let index_loaded = must(IntGauge::new(
            "vetter_index_loaded_timestamp_seconds",
            "Unix time the served index was loaded.",
        ));
        let list_info = must(IntGaugeVec::new(
            Opts::new("vetter_list_info", "A list in the served index (value 1)."),
            &["dataset", "version"],
        ));
        let list_entities = must(IntGaugeVec::new(
            Opts::new("vetter_list_entities", "Entities taken from each list."),
            &["dataset"],
        ));
        let list_age = must(GaugeVec::new(
            Opts::new(
                "vetter_list_age_days",
                "Days since the version date of each served list (freshness).",
            ),
            &["dataset"],
        ));
        for collector in [
            Box::new(latency.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(queries.clone()),
            Box::new(index_info.clone()),
            Box::new(index_generation.clone()),
            Box::new(index_entities.clone()),
            Box::new(index_loaded.clone()),
            Box::new(list_info.clone()),
            Box::new(list_entities.clone()),
            Box::new(list_age.clone()),
        ] {
            must(registry.register(collector));
        }
        Metrics {
            registry,
            latency,
            queries,
            index_info,
            index_generation,
            index_entities,
            index_loaded,
            list_info,
            list_entities,
            list_age,
            list_dates: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Sets the index gauges for a newly served index.
    pub fn index_loaded(&self, loaded: &Loaded) {
        let lists = loaded.index.lists();
        let summary: Vec<String> = lists
            .iter()
            .map(|l| {
                format!(
                    "{}@{}",
                    l.dataset,
                    l.version.as_deref().unwrap_or("unknown")
                )
            })
            .collect();
        self.index_info.reset();
        self.index_info
            .with_label_values(&[vetter_matcher::ALGORITHM, &summary.join(",")])
            .set(1);
        self.index_generation.set(loaded.generation as i64);
        self.index_entities
            .set(loaded.index.entities().len() as i64);
        self.index_loaded.set(loaded.loaded_unix as i64);
        self.list_info.reset();
        self.list_entities.reset();
        self.list_age.reset();
        let mut dates = Vec::new();
        for list in lists {
            let version = list.version.as_deref().unwrap_or("unknown");
            self.list_info
                .with_label_values(&[list.dataset.as_str(), version])
                .set(1);
            self.list_entities
                .with_label_values(&[list.dataset.as_str()])
                .set(list.entities as i64);
            dates.push((
                list.dataset.clone(),
                list.version.as_deref().and_then(day_number),
            ));
        }
        if let Ok(mut guard) = self.list_dates.lock() {
            *guard = dates;
        }
    }

    /// The text exposition of every metric (list ages computed now).
    pub fn render(&self) -> String {
        let today = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64() / 86_400.0)
            .unwrap_or_default();
        if let Ok(dates) = self.list_dates.lock() {
            for (dataset, day) in dates.iter() {
                if let Some(day) = day {
                    self.list_age
                        .with_label_values(&[dataset.as_str()])
                        .set(today - *day as f64);
                }
            }
        }
        let mut out = Vec::new();
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}

/// Day number since 1970-01-01 of an ISO date prefix (`YYYY-MM-DD…`).
pub fn day_number(date: &str) -> Option<i64> {
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: u32 = date.get(5..7).and_then(|s| s.parse().ok()).unwrap_or(1);
    let d: u32 = date.get(8..10).and_then(|s| s.parse().ok()).unwrap_or(1);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(crate::audit::days_from_civil(y, m, d))
}
