//! The graph of the bundled real lists (OFAC SDN 2023-12-28, UN SC 2026-02-27): KUN Kim's
//! family and companies, and the cost of related parties next to screening.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use vetter_graph::{export, Graph};
use vetter_index::{Index, SearchOptions};
use vetter_matcher::Prepared;
use vetter_model::{Entity, Property, Schema, SourceRecord};
use vetter_sources::SourceKind;

fn bundled() -> &'static (Index, Graph) {
    static BUNDLED: OnceLock<(Index, Graph)> = OnceLock::new();
    BUNDLED.get_or_init(|| {
        let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/bundled");
        let ofac = vetter_sources::load(
            SourceKind::OfacSdn,
            &data.join("us-ofac-sdn-2023-12-28"),
            Some("2023-12-28".into()),
        )
        .unwrap();
        let un = vetter_sources::load(
            SourceKind::Un,
            &data.join("un-sc-consolidated-2026-02-27.xml"),
            None,
        )
        .unwrap();
        let index = Index::build(vec![ofac, un]);
        let graph = Graph::new(index.entities());
        (index, graph)
    })
}

fn ids(graph: &Graph, entities: &[Entity], nodes: impl Iterator<Item = u32>) -> Vec<String> {
    nodes.map(|n| graph.id(entities, n).to_string()).collect()
}

#[test]
fn kun_kim_neighbourhood_has_his_family_and_their_companies() {
    let (index, graph) = bundled();
    let entities = index.entities();
    let kun = graph.node("ofac-28036").unwrap();
    let hood = graph.neighbourhood(kun, 2, 1000);
    let found = ids(graph, entities, hood.nodes.iter().map(|r| r.node));
    for id in ["ofac-28037", "ofac-28130", "ofac-28131", "ofac-28038"] {
        assert!(found.contains(&id.to_string()), "{id} not in {found:?}");
    }
    let company = hood
        .nodes
        .iter()
        .find(|r| graph.id(entities, r.node) == "ofac-28038")
        .unwrap();
    assert_eq!(company.depth, 2);
    assert_eq!(
        graph.path_text(entities, kun, &company.path),
        "KIM, Kun <-[Linked To]- SOPHARY, Kim <-[Linked To]- 7 MAKARA PHARY CO., LTD."
    );
    let json = export::to_json(graph, entities, &hood);
    assert_eq!(json["nodes"][0]["id"], "ofac-28036");
    assert!(json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["from"] == "ofac-28038" && e["to"] == "ofac-28130"));
    let dot = export::to_dot(graph, entities, &hood);
    assert!(dot.contains("\"ofac-28038\" -> \"ofac-28130\""), "{dot}");
}

#[test]
fn company_result_reaches_kun_kim_through_his_daughter() {
    let (index, graph) = bundled();
    let entities = index.entities();
    let company = graph.node("ofac-28038").unwrap();
    let related = graph.related(company, 2, 50);
    let json = export::related_json(graph, entities, company, &related);
    assert_eq!(json[0]["id"], "ofac-28130");
    assert_eq!(json[0]["exposure"], "direct");
    let kun = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "ofac-28036")
        .unwrap();
    assert_eq!(kun["depth"], 2);
    assert_eq!(kun["exposure"], "indirect");
    assert_eq!(
        kun["path"],
        "7 MAKARA PHARY CO., LTD. -[Linked To]-> SOPHARY, Kim -[Linked To]-> KIM, Kun"
    );
    let text = export::related_text(graph, entities, &related);
    assert!(
        text.starts_with("linked to: SOPHARY, Kim ofac-28130 (Linked To); "),
        "{text}"
    );
    assert!(text.contains("KIM, Kun ofac-28036 (Linked To) via SOPHARY, Kim"));
}

#[test]
fn link_counts_cover_every_link() {
    let (index, graph) = bundled();
    let counts = graph.link_counts();
    let links: usize = index.entities().iter().map(|e| e.links.len()).sum();
    assert_eq!(counts.links, links);
    assert_eq!(
        counts.by_kind.iter().map(|(_, n)| n).sum::<usize>(),
        counts.links
    );
    assert_eq!(
        counts.stated + counts.by_name + counts.unresolved,
        counts.links
    );
    eprintln!("link counts: {counts:?}");
}

fn query(name: &str, schema: Schema) -> Entity {
    let mut entity = Entity::new("query", schema);
    let source = entity.add_source(SourceRecord {
        dataset: "query".into(),
        record_id: "query".into(),
        list_version: None,
    });
    entity.add(Property::Name, name, source);
    entity
}

/// Related parties (depth 2, rendered as JSON and text) are found for screening results of
/// 1,500 listed names. The run also prints their share of screening time (a measurement for
/// the notes, run with `--nocapture`; timing is not asserted in tests).
#[test]
fn related_parties_are_found_for_screening_results() {
    let (index, _) = bundled();
    let entities = index.entities();
    let started = Instant::now();
    let graph = Graph::new(entities);
    let build = started.elapsed();
    let options = SearchOptions::default();
    let (mut search, mut related) = (Duration::ZERO, Duration::ZERO);
    let mut with_related = 0;
    let queries: Vec<Entity> = entities
        .iter()
        .step_by(entities.len() / 1500)
        .map(|e| query(&e.caption().replace(',', ""), e.schema))
        .collect();
    for q in &queries {
        let started = Instant::now();
        let hits = index.search(&Prepared::new(q), &options);
        search += started.elapsed();
        let started = Instant::now();
        for hit in &hits {
            let parties = graph.related(hit.entity, 2, 50);
            let json = export::related_json(&graph, entities, hit.entity, &parties);
            let text = export::related_text(&graph, entities, &parties);
            with_related += usize::from(!parties.is_empty());
            std::hint::black_box((json, text));
        }
        related += started.elapsed();
    }
    let share = related.as_secs_f64() / search.as_secs_f64();
    eprintln!(
        "graph build {build:?}; {} queries: search {search:?}, related parties {related:?} \
         ({:.2} % of search); {with_related} results with related parties",
        queries.len(),
        share * 100.0
    );
    assert!(with_related > 0);
}
