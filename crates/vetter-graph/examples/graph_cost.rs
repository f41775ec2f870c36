//! What the graph adds to screening, on any index file (the README's number over all
//! provided lists): `cargo run --release -p vetter-graph --example graph_cost -- INDEX [N]`.
//!
//! Screens N (default 2,000) names of listed entities spread over the index (default search
//! options, as `vetter screen` and batch screening use them), then, for every result, finds
//! the related listed parties to depth 2 and renders them as JSON and text, and adds the
//! 50 % rule aggregation of the result. Prints the graph's build time and the share of the
//! screening time the graph work adds; exits non-zero above 10 %.

use std::time::{Duration, Instant};
use vetter_graph::{export, ownership, Graph};
use vetter_index::{Index, SearchOptions};
use vetter_matcher::Prepared;
use vetter_model::{Entity, Property, SourceRecord};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: graph_cost INDEX_FILE [QUERIES]");
    let count: usize = args
        .next()
        .map_or(2000, |n| n.parse().expect("QUERIES: a number"));
    let index = Index::load(path.as_ref()).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let entities = index.entities();
    let started = Instant::now();
    let graph = Graph::new(entities);
    let rule = ownership::Ownership::compute(&graph, entities);
    let build = started.elapsed();
    let queries: Vec<Entity> = entities
        .iter()
        .step_by((entities.len() / count).max(1))
        .map(|e| {
            let mut q = Entity::new("query", e.schema);
            let s = q.add_source(SourceRecord {
                dataset: "query".into(),
                record_id: "query".into(),
                list_version: None,
            });
            q.add(Property::Name, e.caption().replace(',', ""), s);
            q
        })
        .collect();
    let options = SearchOptions::default();
    let (mut search, mut related) = (Duration::ZERO, Duration::ZERO);
    let (mut results, mut with_related) = (0usize, 0usize);
    for q in &queries {
        let started = Instant::now();
        let hits = index.search(&Prepared::new(q), &options);
        search += started.elapsed();
        let started = Instant::now();
        for hit in &hits {
            let parties = graph.related(hit.entity, 2, 20);
            let json = export::related_json(&graph, entities, hit.entity, &parties);
            let text = export::related_text(&graph, entities, &parties);
            let rule = rule
                .get(hit.entity)
                .map(|a| ownership::text(&graph, entities, a));
            results += 1;
            with_related += usize::from(!parties.is_empty());
            std::hint::black_box((json, text, rule));
        }
        related += started.elapsed();
    }
    let share = related.as_secs_f64() / search.as_secs_f64();
    println!(
        "{} entities; graph + 50 % rule build {build:?} (once per index); {} queries, {results} \
         results ({with_related} with related parties): search {search:?} ({:.3} ms/query), \
         related parties depth 2 + rule {related:?}: +{:.2} % of screening time",
        entities.len(),
        queries.len(),
        search.as_secs_f64() * 1000.0 / queries.len() as f64,
        share * 100.0
    );
    if share > 0.10 {
        eprintln!("the graph adds more than 10 % to screening");
        std::process::exit(1);
    }
}
