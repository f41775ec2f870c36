//! Shared server state: the index being served (swappable), configuration, audit log and
//! metrics.

use crate::audit::AuditLog;
use crate::config::ServerConfig;
use crate::metrics::Metrics;
use arc_swap::ArcSwap;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use vetter_index::Index;

/// Loads a fresh index for `POST /admin/reload` and SIGHUP (e.g. re-reads the index file).
pub type Reloader = Arc<dyn Fn() -> anyhow::Result<Arc<Index>> + Send + Sync>;

/// Dataset names that stand for every list in the index (yente's collections).
pub const COLLECTIONS: [&str; 2] = ["default", "sanctions"];

/// An index being served, with the lookups the API needs beyond the index itself.
pub struct Loaded {
    /// The index (shared: several servers in one process, e.g. tests, may serve one).
    pub index: Arc<Index>,
    /// Load counter: 1 for the first index, +1 on each reload.
    pub generation: u64,
    /// Unix time of the load.
    pub loaded_unix: u64,
    /// Entities linking to an id: target id → (index of the linking entity, index of its link).
    reverse_links: HashMap<String, Vec<(u32, u16)>>,
    /// `{"algorithm", "lists"}`, the version stamp of every response.
    versions: serde_json::Value,
}

impl Loaded {
    /// Prepares an index for serving.
    pub fn new(index: Arc<Index>, generation: u64) -> Self {
        let mut reverse_links: HashMap<String, Vec<(u32, u16)>> = HashMap::new();
        for (i, entity) in index.entities().iter().enumerate() {
            for (l, link) in entity.links.iter().enumerate() {
                if let Some(target) = &link.target_id {
                    reverse_links
                        .entry(target.clone())
                        .or_default()
                        .push((i as u32, l as u16));
                }
            }
        }
        let versions = serde_json::json!({
            "algorithm": vetter_matcher::ALGORITHM,
            "lists": index.lists(),
        });
        let loaded_unix = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Loaded {
            index,
            generation,
            loaded_unix,
            reverse_links,
            versions,
        }
    }

    /// `{"algorithm": …, "lists": [{kind, dataset, version, entities}…]}`.
    pub fn versions(&self) -> &serde_json::Value {
        &self.versions
    }

    /// Links pointing at `id` from other entities: (linking entity index, link index).
    pub fn links_to(&self, id: &str) -> &[(u32, u16)] {
        self.reverse_links.get(id).map_or(&[], Vec::as_slice)
    }

    /// The list datasets a dataset name stands for: every list for `default` and
    /// `sanctions`, the list itself for a list name, `None` for an unknown name.
    pub fn scope(&self, dataset: &str) -> Option<Vec<String>> {
        let lists = self.index.lists();
        if COLLECTIONS.contains(&dataset) {
            return Some(lists.iter().map(|l| l.dataset.clone()).collect());
        }
        lists
            .iter()
            .any(|l| l.dataset == dataset)
            .then(|| vec![dataset.to_string()])
    }
}

/// Everything a request handler needs.
pub struct AppState {
    current: ArcSwap<Loaded>,
    generation: AtomicU64,
    reloader: Option<Reloader>,
    reload_lock: tokio::sync::Mutex<()>,
    /// Configuration (limits, keys).
    pub config: ServerConfig,
    /// The audit log.
    pub audit: AuditLog,
    /// Metrics.
    pub metrics: Metrics,
    /// The monitoring database behind `/alerts` (set once, after start-up).
    pub monitor: std::sync::OnceLock<vetter_store::Store>,
    /// The screening workers' streams behind `/batches` (`[worker] nats`).
    pub workers: Option<vetter_worker::batches::Submitter>,
    ready: AtomicBool,
}

impl AppState {
    /// State serving `index`, auditing to `audit`, with `reloader` for hot reloads.
    pub fn new(
        index: Arc<Index>,
        config: ServerConfig,
        audit: AuditLog,
        reloader: Option<Reloader>,
    ) -> anyhow::Result<Arc<Self>> {
        let workers = match &config.workers {
            Some(link) => Some(vetter_worker::batches::Submitter::new(
                &link.nats,
                &link.stream,
            )?),
            None => None,
        };
        let loaded = Loaded::new(index, 1);
        let metrics = Metrics::new();
        metrics.index_loaded(&loaded);
        Ok(Arc::new(AppState {
            current: ArcSwap::from_pointee(loaded),
            generation: AtomicU64::new(1),
            reloader,
            reload_lock: tokio::sync::Mutex::new(()),
            config,
            audit,
            metrics,
            monitor: std::sync::OnceLock::new(),
            workers,
            ready: AtomicBool::new(true),
        }))
    }

    /// The index being served. A request keeps the `Arc` it took for its whole life, so a
    /// reload never changes the data under a request in flight.
    pub fn current(&self) -> Arc<Loaded> {
        self.current.load_full()
    }

    /// Replaces the served index; requests already running keep the old one.
    pub fn swap(&self, index: Arc<Index>) -> Arc<Loaded> {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let loaded = Arc::new(Loaded::new(index, generation));
        self.current.store(loaded.clone());
        self.metrics.index_loaded(&loaded);
        loaded
    }

    /// Loads a new index with the reloader (off the async threads) and swaps it in.
    /// Concurrent reloads run one after the other. On failure the old index stays.
    pub async fn reload(&self) -> anyhow::Result<Arc<Loaded>> {
        let Some(reloader) = self.reloader.clone() else {
            anyhow::bail!("this server has no index source to reload from");
        };
        let _guard = self.reload_lock.lock().await;
        let index = tokio::task::spawn_blocking(move || reloader())
            .await
            .map_err(|e| anyhow::anyhow!("reload task failed: {e}"))??;
        Ok(self.swap(index))
    }

    /// False once shutdown has begun (`/readyz` answers 503).
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::SeqCst)
    }

    /// Marks the server as shutting down.
    pub fn set_ready(&self, ready: bool) {
        self.ready.store(ready, Ordering::SeqCst);
    }
}
