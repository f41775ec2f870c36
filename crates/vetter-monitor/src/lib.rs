//! # vetter-monitor
//!
//! Continuous monitoring of a customer book against the sanctions lists, over a
//! [`vetter_store::Store`]:
//!
//! * [`Monitor::add`] streams a customer file (CSV, JSON lines, Parquet, read and mapped by
//!   `vetter-batch`), upserts the records by the caller's id in one transaction per chunk,
//!   screens only new and changed records against the list index and records their
//!   alerts in the same transaction. Memory is flat in the book size; an interrupted load
//!   resumes after its last committed chunk.
//! * [`Monitor::run`] re-screens the book after a list update: the entities added or changed
//!   between the old and new versions are searched in an index built over the book's names
//!   (`vetter-index` over the customer entities), each pair found is scored the way `add`
//!   scores it (customer as the query, the listed entity as the candidate, the token rarity
//!   of the new lists), and the alerts of removed entities are closed as `delisted`. Work
//!   is committed in steps; the run is marked complete in the transaction of its last step,
//!   and a killed run resumes from its last committed step.

#![warn(missing_docs)]

use rayon::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::{Duration, Instant};
use vetter_batch::{Batch, BatchOptions, Reject};
use vetter_index::{Index, SearchOptions};
use vetter_matcher::{Prepared, Rarity, MATCH_THRESHOLD};
use vetter_model::{ftm, Entity, SourceRecord};
use vetter_sources::LoadedList;
use vetter_store::{
    Completion, Counts, CustomerRecord, EntitySnapshot, ListState, Screening, Step, StepOutcome,
    Store, StoreError,
};

/// Errors of monitoring.
#[derive(Debug, thiserror::Error)]
pub enum MonitorError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The customer file could not be read.
    #[error(transparent)]
    Batch(#[from] vetter_batch::BatchError),
    /// A stored list version could not be read.
    #[error(transparent)]
    Lists(#[from] vetter_fetch::StoreError),
    /// Something else (a bad argument, a missing list version …).
    #[error("{0}")]
    Usage(String),
}

/// Result of monitoring operations.
pub type Result<T> = std::result::Result<T, MonitorError>;

/// A store with the runtime that drives it, for synchronous callers (the CLI).
pub struct Monitor {
    runtime: tokio::runtime::Runtime,
    store: Store,
}

/// Options of [`Monitor::add`].
#[derive(Debug, Clone)]
pub struct AddOptions {
    /// Records per transaction.
    pub chunk: usize,
    /// The file is the whole book: customers it does not contain are marked removed.
    pub full: bool,
    /// Most alerts per customer.
    pub limit: usize,
    /// Screen new and changed records (off: only store them, for a book already screened
    /// elsewhere; list versions are then not recorded either).
    pub screen: bool,
}

impl Default for AddOptions {
    fn default() -> Self {
        AddOptions {
            chunk: 2048,
            full: false,
            limit: 10,
            screen: true,
        }
    }
}

/// What [`Monitor::add`] did.
#[derive(Debug, Clone)]
pub struct AddReport {
    /// The run id.
    pub run_id: String,
    /// Chunks that an earlier, interrupted load had committed.
    pub resumed_after: i64,
    /// Records read.
    pub read: u64,
    /// Records screened (new or changed).
    pub screened: u64,
    /// Records rejected, with the first reasons.
    pub rejected: u64,
    /// The first rejects.
    pub rejects: Vec<Reject>,
    /// What was recorded.
    pub counts: Counts,
    /// Wall time.
    pub elapsed: Duration,
}

/// One list before and after an update.
pub struct ListPair {
    /// The version the book was screened against.
    pub old: LoadedList,
    /// The new version.
    pub new: LoadedList,
    /// Where the old version came from (stored version id or path).
    pub old_source: String,
    /// Where the new version came from.
    pub new_source: String,
}

/// Options of [`Monitor::run`].
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Listed entities per step (transaction).
    pub chunk: usize,
    /// Re-screen even when the book is already screened against the new versions.
    pub force: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            chunk: 256,
            force: false,
        }
    }
}

/// What [`Monitor::run`] did.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    /// The run id (`None` when there was nothing to do).
    pub run_id: Option<String>,
    /// Steps an earlier, interrupted run had committed.
    pub resumed_after: i64,
    /// Listed entities added, changed and removed.
    pub added: usize,
    /// See `added`.
    pub changed: usize,
    /// See `added`.
    pub removed: usize,
    /// Customers in the book index.
    pub book: usize,
    /// Pairs at or above the alert threshold.
    pub matches: usize,
    /// What was recorded.
    pub counts: Counts,
    /// Time to read the book and build its index.
    pub index_time: Duration,
    /// Wall time.
    pub elapsed: Duration,
    /// Why nothing was done, when nothing was.
    pub up_to_date: bool,
}

/// The FtM record of a customer entity (`id`, `schema`, `properties`) and its fingerprint.
pub fn customer_record(entity: &Entity) -> CustomerRecord {
    let full = ftm::to_json(entity);
    CustomerRecord {
        id: entity.id.clone(),
        name: entity.caption().to_string(),
        record: json!({ "id": entity.id, "schema": full["schema"], "properties": full["properties"] }),
        fingerprint: vetter_store::fingerprint(&vetter_diff::fingerprint_text(entity)),
    }
}

/// The customer entity of a stored record.
pub fn customer_entity(id: &str, record: &Value) -> Result<Entity> {
    let source = SourceRecord {
        dataset: "customers".into(),
        record_id: id.to_string(),
        list_version: None,
    };
    ftm::from_json(record, ftm::Mode::Lenient, source, id)
        .map(|parsed| parsed.entity)
        .map_err(|e| MonitorError::Usage(format!("stored customer {id}: {e}")))
}

/// The snapshot of a listed entity stored with its alerts.
pub fn entity_snapshot(entity: &Entity) -> EntitySnapshot {
    let full = ftm::to_json(entity);
    EntitySnapshot {
        id: entity.id.clone(),
        caption: entity.caption().to_string(),
        schema: entity.schema.as_str().to_string(),
        datasets: entity.datasets().iter().map(|d| d.to_string()).collect(),
        fingerprint: vetter_store::fingerprint(&vetter_diff::fingerprint_text(entity)),
        record: json!({
            "id": entity.id, "schema": full["schema"], "caption": full["caption"],
            "properties": full["properties"], "datasets": full["datasets"],
        }),
    }
}

/// Dataset → version of an index's lists.
fn versions_of(index: &Index) -> BTreeMap<String, String> {
    index
        .lists()
        .iter()
        .map(|l| {
            (
                l.dataset.clone(),
                l.version.clone().unwrap_or_else(|| "unknown".into()),
            )
        })
        .collect()
}

/// A screening result to record.
fn screening(
    customer_id: &str,
    listed: &Entity,
    result: &vetter_matcher::MatchResult,
    versions: &BTreeMap<String, String>,
) -> Screening {
    Screening {
        customer_id: customer_id.to_string(),
        entity: entity_snapshot(listed),
        score: f64::from(result.score),
        explanation: serde_json::to_value(&result.explanation).unwrap_or(Value::Null),
        algorithm: vetter_matcher::ALGORITHM.to_string(),
        list_versions: versions.clone(),
    }
}

impl Monitor {
    /// Connects to the database (see [`Store::connect`]).
    pub fn open(url: &str) -> Result<Monitor> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| MonitorError::Usage(format!("starting the async runtime: {e}")))?;
        let store = runtime.block_on(Store::connect(url))?;
        Ok(Monitor { runtime, store })
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Runs a store future to completion.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Loads a customer file into the book and screens its new and changed records
    /// against `index` (see the crate documentation).
    pub fn add(
        &self,
        input: &Path,
        batch_options: BatchOptions,
        index: &Index,
        options: &AddOptions,
    ) -> Result<AddReport> {
        let started = Instant::now();
        let mut batch = Batch::open(input, batch_options)?;
        let absolute = std::fs::canonicalize(input).unwrap_or_else(|_| input.to_path_buf());
        let metadata = std::fs::metadata(input).ok();
        let modified = metadata
            .as_ref()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs());
        let params = json!({
            "input": absolute,
            "size": metadata.as_ref().map_or(0, |m| m.len()),
            "modified": modified,
            "mapping": batch.mapping().fingerprint(),
            "lists": versions_of(index),
            "full": options.full,
            "chunk": options.chunk,
            "screen": options.screen,
        });
        let run = self.block_on(self.store.begin_run("add", &params))?;
        let versions = versions_of(index);
        let lists: Vec<ListState> = index
            .lists()
            .iter()
            .map(|l| ListState {
                dataset: l.dataset.clone(),
                kind: l.kind.clone(),
                version: l.version.clone().unwrap_or_else(|| "unknown".into()),
                source: "index".into(),
            })
            .collect();
        let search = SearchOptions {
            limit: options.limit,
            cutoff: MATCH_THRESHOLD,
            ..SearchOptions::default()
        };
        let mut report = AddReport {
            run_id: run.id.clone(),
            resumed_after: run.step,
            read: 0,
            screened: 0,
            rejected: 0,
            rejects: Vec::new(),
            counts: Counts::default(),
            elapsed: Duration::ZERO,
        };
        let chunk = options.chunk.max(1);
        let mut step = 0i64;
        let mut current = batch.next_queries(chunk)?;
        loop {
            // Read ahead: the last chunk carries the completion.
            let next = if current.is_empty() {
                Vec::new()
            } else {
                batch.next_queries(chunk)?
            };
            step += 1;
            let last = next.is_empty();
            if step <= run.step {
                report.read += current.len() as u64;
                current = next;
                if last {
                    break;
                }
                continue;
            }
            // Records of this chunk, the last of each id winning.
            let mut records: Vec<(CustomerRecord, Entity)> = Vec::with_capacity(current.len());
            let mut position: HashMap<String, usize> = HashMap::new();
            let mut rejected = 0i64;
            for record in current {
                report.read += 1;
                match record {
                    Err(reject) => {
                        rejected += 1;
                        report.rejected += 1;
                        if report.rejects.len() < 20 {
                            report.rejects.push(reject);
                        }
                    }
                    Ok(query) => {
                        let customer = customer_record(&query.entity);
                        match position.get(&customer.id) {
                            Some(&i) => records[i] = (customer, query.entity),
                            None => {
                                position.insert(customer.id.clone(), records.len());
                                records.push((customer, query.entity));
                            }
                        }
                    }
                }
            }
            let ids: Vec<String> = records.iter().map(|(c, _)| c.id.clone()).collect();
            let states = self.block_on(self.store.customer_states(&ids))?;
            let (changed, unchanged): (Vec<_>, Vec<_>) = records.into_iter().partition(|(c, _)| {
                states
                    .get(&c.id)
                    .is_none_or(|s| s.removed || s.fingerprint != c.fingerprint)
            });
            let seen: Vec<String> = unchanged.into_iter().map(|(c, _)| c.id).collect();
            let to_screen: &[(CustomerRecord, Entity)] =
                if options.screen { &changed } else { &[] };
            let results: Vec<Screening> = to_screen
                .par_iter()
                .flat_map_iter(|(customer, entity)| {
                    index
                        .search(&Prepared::new(entity), &search)
                        .into_iter()
                        .map(|hit| {
                            let listed = &index.entities()[hit.entity as usize];
                            screening(&customer.id, listed, &hit.result, &versions)
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
            report.screened += to_screen.len() as u64;
            let customers: Vec<CustomerRecord> = changed.into_iter().map(|(c, _)| c).collect();
            let completion = Completion {
                lists: if options.screen {
                    lists.clone()
                } else {
                    Vec::new()
                },
                remove_unseen: options.full,
            };
            let counters = [("rejected", rejected)];
            let outcome = self.block_on(self.store.commit_step(
                &run.id,
                step,
                Step {
                    customers: &customers,
                    seen: &seen,
                    results: &results,
                    delisted: &[],
                    counters: &counters,
                },
                last.then_some(&completion),
            ))?;
            if let StepOutcome::Applied(counts) = outcome {
                report.counts.merge(&counts);
            }
            current = next;
            if last {
                break;
            }
        }
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// Re-screens the book against what changed between the old and new list versions
    /// (see the crate documentation).
    pub fn run(&self, pairs: &[ListPair], options: &RunOptions) -> Result<RunReport> {
        let started = Instant::now();
        let mut report = RunReport::default();
        let recorded = self.block_on(self.store.lists())?;
        let lists: Vec<ListState> = pairs
            .iter()
            .map(|p| ListState {
                dataset: p.new.dataset.clone(),
                kind: p.new.kind.as_str().to_string(),
                version: p.new.version.clone().unwrap_or_else(|| "unknown".into()),
                source: p.new_source.clone(),
            })
            .collect();
        if !options.force && !lists.is_empty() && lists.iter().all(|l| recorded.contains(l)) {
            report.up_to_date = true;
            report.elapsed = started.elapsed();
            return Ok(report);
        }
        // What changed, in a stable order.
        let mut delta: Vec<String> = Vec::new();
        let mut removed: Vec<String> = Vec::new();
        for pair in pairs {
            let diff = vetter_diff::diff(&pair.old.entities, &pair.new.entities);
            report.added += diff.added.len();
            report.changed += diff.changed.len();
            report.removed += diff.removed.len();
            delta.extend(diff.added.into_iter().map(|e| e.id));
            delta.extend(diff.changed.into_iter().map(|e| e.id));
            removed.extend(diff.removed.into_iter().map(|e| e.id));
        }
        delta.sort();
        delta.dedup();
        removed.sort();
        removed.dedup();
        let params = json!({
            "lists": pairs.iter().map(|p| json!({
                "kind": p.new.kind.as_str(), "dataset": p.new.dataset,
                "old": p.old.version, "new": p.new.version,
                "old_source": p.old_source, "new_source": p.new_source,
            })).collect::<Vec<_>>(),
        });
        let run = self.block_on(self.store.begin_run("run", &params))?;
        report.run_id = Some(run.id.clone());
        report.resumed_after = run.step;

        // The new lists, for scoring: prepared entities and token rarity.
        let new_lists: Vec<LoadedList> = pairs
            .iter()
            .map(|p| LoadedList {
                kind: p.new.kind,
                dataset: p.new.dataset.clone(),
                version: p.new.version.clone(),
                entities: p.new.entities.clone(),
                report: Default::default(),
            })
            .collect();
        let lists_index = Index::build(new_lists);
        let versions = versions_of(&lists_index);
        let position: HashMap<&str, u32> = lists_index
            .entities()
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i as u32))
            .collect();

        // The book's index (only when there is something to search for).
        let steps: Vec<&[String]> = delta.chunks(options.chunk.max(1)).collect();
        let total_steps = steps.len().max(1) as i64;
        let book = if delta.is_empty() || run.step >= total_steps {
            None
        } else {
            let t = Instant::now();
            let book = self.book_index(lists_index.rarity())?;
            report.index_time = t.elapsed();
            report.book = book.entities().len();
            Some(book)
        };
        let completion = Completion {
            lists,
            remove_unseen: false,
        };
        for step in 1..=total_steps {
            if step <= run.step {
                continue;
            }
            let ids: &[String] = steps.get(step as usize - 1).copied().unwrap_or(&[]);
            let results: Vec<Screening> = match &book {
                None => Vec::new(),
                Some(book) => ids
                    .par_iter()
                    .filter_map(|id| position.get(id.as_str()).copied())
                    .flat_map_iter(|i| {
                        let listed = &lists_index.entities()[i as usize];
                        let listed_prepared = lists_index.prepared(i);
                        book.search_as_queries(listed_prepared, MATCH_THRESHOLD)
                            .into_iter()
                            .map(|hit| {
                                let customer = &book.entities()[hit.entity as usize];
                                screening(&customer.id, listed, &hit.result, &versions)
                            })
                            .collect::<Vec<_>>()
                    })
                    .collect(),
            };
            report.matches += results.len();
            let delisted: &[String] = if step == 1 { &removed } else { &[] };
            let counters = [("entities_screened", ids.len() as i64)];
            let outcome = self.block_on(self.store.commit_step(
                &run.id,
                step,
                Step {
                    results: &results,
                    delisted,
                    counters: &counters,
                    ..Step::default()
                },
                (step == total_steps).then_some(&completion),
            ))?;
            if let StepOutcome::Applied(counts) = outcome {
                report.counts.merge(&counts);
            }
        }
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// An index over the current customers (not removed), read page by page, their names
    /// weighed by the lists' token `rarity` as screening them against the lists weighs them.
    pub fn book_index(&self, rarity: &Rarity) -> Result<Index> {
        let mut entities: Vec<Entity> = Vec::new();
        let mut failed: Option<MonitorError> = None;
        self.block_on(self.store.for_each_customer_page(20_000, |page| {
            let converted: Vec<Result<Entity>> = page
                .par_iter()
                .map(|c| customer_entity(&c.id, &c.record))
                .collect();
            for entity in converted {
                match entity {
                    Ok(e) => entities.push(e),
                    Err(e) => {
                        failed.get_or_insert(e);
                    }
                }
            }
            Ok(())
        }))?;
        if let Some(err) = failed {
            return Err(err);
        }
        Ok(Index::from_entities_with_rarity(
            Vec::new(),
            entities,
            rarity.clone(),
        ))
    }
}
