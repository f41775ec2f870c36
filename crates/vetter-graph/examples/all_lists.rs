//! Builds an index over the lists given as KIND=PATH with cross-list resolution and prints
//! what the README reports (canonical entities, merged records, refusals, links by kind,
//! 50 % rule verdicts); writes the index and the refused merges beside it (the merges
//! themselves: `vetter index merges OUT.idx`):
//! `cargo run --release -p vetter-graph --example all_lists -- OUT.idx KIND=PATH…`
//! (`bench/graph/all-lists.sh` passes every provided list).

use std::io::Write;
use vetter_graph::{ownership::Ownership, Graph};

fn main() {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().expect("usage: all_lists OUT KIND=PATH…"));
    let mut lists = Vec::new();
    for arg in args {
        let (kind, path) = arg.split_once('=').expect("KIND=PATH");
        let list = vetter_sources::load(kind.parse().expect("a source kind"), path.as_ref(), None)
            .unwrap_or_else(|e| panic!("{e}"));
        println!(
            "{kind} {}: {} records, {} links",
            list.version.as_deref().unwrap_or("?"),
            list.entities.len(),
            list.entities.iter().map(|e| e.links.len()).sum::<usize>()
        );
        lists.push(list);
    }
    let started = std::time::Instant::now();
    let (index, report) =
        vetter_index::Index::build_resolved(lists, &vetter_resolve::Decisions::default());
    println!("index build with resolution: {:?}", started.elapsed());
    println!(
        "{} records → {} canonical entities; {} merged entities hold {} records; by rule {:?}; {} merges refused",
        report.records,
        report.canonical,
        report.merged_entities,
        report.merged_records,
        report.by_rule,
        report.refused.len()
    );
    let mut refused: std::collections::BTreeMap<String, usize> = Default::default();
    for r in &report.refused {
        let reason = r
            .reason
            .split(": ")
            .last()
            .unwrap_or("")
            .split(' ')
            .next()
            .unwrap_or("");
        let reason = if r.reason.contains(" are both on ") {
            "same list"
        } else {
            reason
        };
        *refused.entry(format!("{} / {reason}", r.rule)).or_default() += 1;
    }
    println!("refused by rule / reason: {refused:?}");
    index.save(&out).unwrap();
    let graph = Graph::new(index.entities());
    println!("{}", serde_json::to_string(graph.link_counts()).unwrap());
    let rule = Ownership::compute(&graph, index.entities());
    let (blocked, below, unknown) = rule.counts();
    println!(
        "50 % rule: {blocked} blocked, {below} below 50 %, {unknown} unknown (shares not stated)"
    );
    for aggregate in rule.all() {
        println!(
            "  {}: {}",
            graph.id(index.entities(), aggregate.asset),
            vetter_graph::ownership::text(&graph, index.entities(), aggregate)
        );
    }
    let mut file = std::fs::File::create(out.with_extension("refused.txt")).unwrap();
    for r in &report.refused {
        writeln!(
            file,
            "{} = {} ({}: {}): {}",
            r.left, r.right, r.rule, r.evidence, r.reason
        )
        .unwrap();
    }
}
