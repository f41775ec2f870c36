use super::compare::{read_pairs, Pair};
use super::Confusion;
use crate::bundled;
use clap::Args;
use serde_json::json;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use vetter_index::{Index, SearchOptions};
use vetter_matcher::{score, Prepared};
use vetter_model::Schema;

/// `vetter bench`
#[derive(Args)]
pub struct BenchArgs {
    /// Labelled pairs to time `compare` on (default: ../shared/eval/name-cases.dev.jsonl
    /// when present, else pairs made from the bundled lists' names and aliases).
    #[arg(long, value_name = "FILE")]
    pairs: Option<PathBuf>,
    /// Number of screening queries for the latency measurement.
    #[arg(long, default_value_t = 3000)]
    queries: usize,
    /// Print the results as JSON.
    #[arg(long)]
    json: bool,
    /// Also time loading this index file (e.g. one built from every provided list by
    /// bench/index/all-lists.sh), best of three loads after a first one.
    #[arg(long, value_name = "PATH")]
    index: Option<PathBuf>,
    /// Also score the same pairs with the peer (nomenklatura logic-v2, installed from PyPI
    /// into bench/.venv by bench/peer/setup.sh) and report both side by side.
    #[arg(long)]
    peer: bool,
}

/// Runs the peer scorer on `pairs` and returns its summary (accuracy and pairs/s).
fn peer_summary(pairs: &std::path::Path) -> anyhow::Result<serde_json::Value> {
    let bench = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench");
    let status = std::process::Command::new("bash")
        .arg(bench.join("peer/setup.sh"))
        .status()?;
    anyhow::ensure!(status.success(), "bench/peer/setup.sh failed");
    let summary = std::env::temp_dir().join(format!("vetter-peer-{}.json", std::process::id()));
    let status = std::process::Command::new(bench.join(".venv/bin/python"))
        .arg(bench.join("peer/score_pairs.py"))
        .arg("--pairs")
        .arg(pairs)
        .arg("--summary")
        .arg(&summary)
        .arg("--min-seconds")
        .arg("2")
        .stdout(std::process::Stdio::null())
        .status()?;
    anyhow::ensure!(status.success(), "bench/peer/score_pairs.py failed");
    let value = serde_json::from_str(&std::fs::read_to_string(&summary)?)?;
    let _ = std::fs::remove_file(&summary);
    Ok(value)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Peak resident memory of this process (VmHWM), in MiB, where /proc is available.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Deterministic variants of listed names as queries: as written, reordered, a dropped
/// token, a typo.
fn query_names(index: &Index, count: usize) -> Vec<(Schema, String)> {
    let entities = index.entities();
    let step = (entities.len() / count.max(1)).max(1);
    let mut out = Vec::with_capacity(count);
    for (n, entity) in entities.iter().step_by(step).enumerate() {
        let names: Vec<&str> = entity.names().map(|(_, v)| v).collect();
        let Some(name) = names.get(n % names.len().max(1)) else {
            continue;
        };
        let mut tokens: Vec<String> = name
            .replace(',', " ")
            .split_whitespace()
            .map(str::to_string)
            .collect();
        match n % 4 {
            1 => tokens.reverse(),
            2 if tokens.len() > 2 => {
                tokens.remove(1);
            }
            3 => {
                if let Some(t) = tokens.iter_mut().max_by_key(|t| t.len()) {
                    if t.is_char_boundary(2) && t.len() > 4 {
                        let mut chars: Vec<char> = t.chars().collect();
                        chars.swap(1, 2);
                        *t = chars.into_iter().collect();
                    }
                }
            }
            _ => {}
        }
        out.push((entity.schema, tokens.join(" ")));
        if out.len() >= count {
            break;
        }
    }
    out
}

fn synthetic_pairs(index: &Index) -> Vec<Pair> {
    let entities = index.entities();
    entities
        .iter()
        .step_by(7)
        .zip(entities.iter().skip(3).step_by(7))
        .enumerate()
        .map(|(n, (a, b))| {
            let right = if n % 2 == 0 { a } else { b };
            Pair {
                id: n.to_string(),
                left: a.clone(),
                right: right.clone(),
                judgement: Some(n % 2 == 0),
                group: String::new(),
            }
        })
        .collect()
}

/// CPU time this thread has used: unlike wall time, it does not count the time the
/// thread waited for a core, which on a shared machine dominates the slowest queries.
fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec to the valid pointer it is given.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    if status != 0 {
        return Duration::ZERO;
    }
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// Latencies of screening one query at a time.
struct Latencies {
    /// Wall-clock time of each query, sorted.
    wall: Vec<Duration>,
    /// Thread CPU time of each query, sorted.
    cpu: Vec<Duration>,
    /// Queries whose first result is a match.
    matched: usize,
    /// The slowest queries by CPU time, slowest first, with their time in ms.
    slowest: Vec<(String, f64)>,
}

/// Single-query latencies of screening `queries` at `cutoff`.
fn screen_latencies(index: &Index, queries: &[(Schema, String)], cutoff: f32) -> Latencies {
    let options = SearchOptions {
        cutoff,
        ..SearchOptions::default()
    };
    let mut latencies = Vec::with_capacity(queries.len());
    let mut cpu = Vec::with_capacity(queries.len());
    let mut matched = 0;
    for (schema, name) in queries {
        let query = super::eval_screening::named(*schema, name);
        let started = Instant::now();
        let cpu_started = thread_cpu_time();
        let hits = index.search(&Prepared::new(&query), &options);
        cpu.push(thread_cpu_time().saturating_sub(cpu_started));
        latencies.push(started.elapsed());
        matched += usize::from(hits.first().is_some_and(|h| h.result.is_match));
    }
    let mut by_time: Vec<usize> = (0..queries.len()).collect();
    by_time.sort_by(|a, b| cpu[*b].cmp(&cpu[*a]));
    let slowest = (by_time.iter().take(10))
        .map(|&i| (queries[i].1.clone(), cpu[i].as_secs_f64() * 1e3))
        .collect();
    latencies.sort();
    cpu.sort();
    Latencies {
        wall: latencies,
        cpu,
        matched,
        slowest,
    }
}

/// Runs `vetter bench`.
pub fn bench(args: BenchArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let lists = bundled::lists()?;
    let parse_time = started.elapsed();
    let started = Instant::now();
    let index = Index::build(lists);
    let build_time = started.elapsed();
    let dir = std::env::temp_dir().join(format!("vetter-bench-{}", std::process::id()));
    let path = dir.join("bundled.idx");
    index.save(&path)?;
    let file_size = std::fs::metadata(&path)?.len();
    let started = Instant::now();
    let index = Index::load(&path)?;
    let load_time = started.elapsed();
    let _ = std::fs::remove_dir_all(&dir);

    // Screening latency, one query at a time on one thread: reporting matches (cut-off at
    // the match threshold, as yente's /match does by default) and, for an analyst's search
    // box, everything from 0.5.
    let queries = query_names(&index, args.queries);
    let Latencies {
        wall: latencies,
        cpu,
        matched,
        slowest,
    } = screen_latencies(&index, &queries, vetter_matcher::MATCH_THRESHOLD);
    let Latencies {
        wall: browse_latencies,
        cpu: browse_cpu,
        ..
    } = screen_latencies(&index, &queries, 0.5);
    let total: Duration = latencies.iter().sum();

    // Pairwise scoring throughput on one thread, preparing both sides as `compare` does.
    let default_pairs = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/eval/name-cases.dev.jsonl"
    ));
    let pairs_path = args
        .pairs
        .clone()
        .or_else(|| default_pairs.exists().then_some(default_pairs));
    let (pairs, pairs_source) = match &pairs_path {
        Some(path) => (read_pairs(path)?, path.display().to_string()),
        None => (
            synthetic_pairs(&index),
            "pairs of bundled list entities".to_string(),
        ),
    };
    let mut scored = 0usize;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(2) {
        for pair in &pairs {
            let result = score(
                &Prepared::new(&pair.left),
                &Prepared::new(&pair.right),
                index.rarity(),
            );
            std::hint::black_box(result);
        }
        scored += pairs.len();
    }
    let pairs_per_second = scored as f64 / started.elapsed().as_secs_f64();
    let rarity = index.rarity();
    let labels: Vec<(bool, f32)> = pairs
        .iter()
        .filter_map(|pair| {
            let result = score(
                &Prepared::weighed(&pair.left, rarity),
                &Prepared::weighed(&pair.right, rarity),
                rarity,
            );
            pair.judgement.map(|positive| (positive, result.score))
        })
        .collect();
    let accuracy = Confusion::at(&labels, vetter_matcher::MATCH_THRESHOLD);
    let peer = match (&pairs_path, args.peer) {
        (Some(path), true) => Some(peer_summary(path)?),
        _ => None,
    };

    // Loading a given index file: the first load (file not yet in memory) and the best of
    // three more.
    let mut other = None;
    if let Some(path) = &args.index {
        let started = Instant::now();
        let first = Index::load(path)?;
        let first_time = started.elapsed();
        let entities = first.entities().len();
        drop(first);
        let mut best = Duration::MAX;
        for _ in 0..3 {
            let started = Instant::now();
            let loaded = Index::load(path)?;
            best = best.min(started.elapsed());
            drop(loaded);
        }
        other = Some(json!({
            "path": path.display().to_string(),
            "entities": entities,
            "file_bytes": std::fs::metadata(path)?.len(),
            "first_load_ms": first_time.as_secs_f64() * 1e3,
            "load_ms": best.as_secs_f64() * 1e3,
        }));
    }

    let report = json!({
        "lists": index.lists(),
        "entities": index.entities().len(),
        "blocking_keys": index.key_count(),
        "parse_ms": parse_time.as_secs_f64() * 1e3,
        "index_build_ms": build_time.as_secs_f64() * 1e3,
        "index_file_bytes": file_size,
        "index_load_ms": load_time.as_secs_f64() * 1e3,
        "screen_queries": latencies.len(),
        "screen_top_result_matches": matched,
        "screen_p50_ms": percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        "screen_p99_ms": percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        "screen_max_ms": latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        "screen_cpu_p50_ms": percentile(&cpu, 0.50).as_secs_f64() * 1e3,
        "screen_cpu_p99_ms": percentile(&cpu, 0.99).as_secs_f64() * 1e3,
        "screen_slowest_cpu_ms": slowest,
        "screen_cutoff_0_5_p50_ms": percentile(&browse_latencies, 0.50).as_secs_f64() * 1e3,
        "screen_cutoff_0_5_p99_ms": percentile(&browse_latencies, 0.99).as_secs_f64() * 1e3,
        "screen_cutoff_0_5_cpu_p50_ms": percentile(&browse_cpu, 0.50).as_secs_f64() * 1e3,
        "screen_cutoff_0_5_cpu_p99_ms": percentile(&browse_cpu, 0.99).as_secs_f64() * 1e3,
        "screen_queries_per_second_one_core": latencies.len() as f64 / total.as_secs_f64(),
        "compare_pairs": pairs_source,
        "compare_pairs_per_second_one_core": pairs_per_second,
        "compare_precision": accuracy.precision(),
        "compare_recall": accuracy.recall(),
        "compare_f1": accuracy.f1(),
        "peer_algorithm": peer.as_ref().map(|p| format!("nomenklatura {} {}", p["nomenklatura_version"].as_str().unwrap_or("?"), p["algorithm"].as_str().unwrap_or("?"))),
        "peer_pairs_per_second_one_core": peer.as_ref().map(|p| p["pairs_per_s"].clone()),
        "peer_precision": peer.as_ref().map(|p| p["precision"].clone()),
        "peer_recall": peer.as_ref().map(|p| p["recall"].clone()),
        "peer_f1": peer.as_ref().map(|p| p["f1"].clone()),
        "speed_ratio_vs_peer": peer.as_ref().and_then(|p| p["pairs_per_s"].as_f64()).map(|peer| pairs_per_second / peer),
        "peak_rss_mib": peak_rss_mib(),
        "other_index": other,
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for (key, value) in report.as_object().into_iter().flatten() {
            println!("{key:<38} {value}");
        }
    }
    Ok(())
}
