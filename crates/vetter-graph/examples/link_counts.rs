//! Counts the links of an index file by kind and resolution:
//! `cargo run --release -p vetter-graph --example link_counts -- lists.idx`.

fn main() {
    let path = std::env::args_os()
        .nth(1)
        .expect("usage: link_counts INDEX_FILE");
    let started = std::time::Instant::now();
    let index = vetter_index::Index::load(std::path::Path::new(&path)).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let loaded = started.elapsed();
    let started = std::time::Instant::now();
    let graph = vetter_graph::Graph::new(index.entities());
    let built = started.elapsed();
    println!(
        "{} entities, index load {loaded:?}, graph build {built:?}",
        index.entities().len()
    );
    for list in index.lists() {
        println!(
            "  {} {} ({} entities)",
            list.dataset,
            list.version.as_deref().unwrap_or("?"),
            list.entities
        );
    }
    let counts = graph.link_counts();
    println!("{}", serde_json::to_string_pretty(counts).unwrap());
    let mut per_dataset: std::collections::BTreeMap<&str, [usize; 3]> = Default::default();
    for edge in graph.edges() {
        for source in &edge.sources {
            let slot = match edge.resolution {
                vetter_graph::Resolution::Stated => 0,
                vetter_graph::Resolution::ByName => 1,
                vetter_graph::Resolution::Unresolved => 2,
            };
            per_dataset.entry(&source.dataset).or_default()[slot] += 1;
        }
    }
    println!("edges per dataset (stated id / resolved by name / unresolved):");
    for (dataset, [stated, named, unresolved]) in per_dataset {
        println!("  {dataset}: {stated} / {named} / {unresolved}");
    }
}
