use crate::{bundled, output, IndexArg};
use anyhow::Context;
use clap::{Args, ValueEnum};
use std::io::Write;
use vetter_model::ftm;

/// `vetter entity`
#[derive(Args)]
pub struct EntityArgs {
    /// Entity id, e.g. ofac-28036 or un-KPi.033.
    id: String,
    /// Print FtM JSON (with sanctions and links) instead of text.
    #[arg(long)]
    json: bool,
    /// A store written by `vetter fetch`: also show when the entity was first seen, last
    /// seen and last changed over the stored versions of its list.
    #[arg(long, value_name = "DIR")]
    store: Option<std::path::PathBuf>,
    /// Print the entity's neighbourhood in the relationship graph (family, associates,
    /// owners, directors and unspecified links, in both directions) instead.
    #[arg(long)]
    graph: bool,
    /// With --graph: how many links away from the entity to go.
    #[arg(long, default_value_t = 2, requires = "graph")]
    depth: u32,
    /// With --graph: text, Graphviz DOT or JSON (nodes and edges).
    #[arg(long, value_enum, default_value = "text", requires = "graph")]
    format: GraphFormat,
    #[command(flatten)]
    index: IndexArg,
}

/// `--format` of `vetter entity --graph`.
#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    /// One line per party with the path that reaches it, then the links.
    Text,
    /// Graphviz DOT.
    Dot,
    /// JSON: `{center, depth, nodes, edges}`.
    Json,
}

/// Most parties shown by `--graph`.
const GRAPH_LIMIT: usize = 2000;

/// `(list kind, history)` of the entity in every list of the store that has it.
fn histories(
    store: &std::path::Path,
    id: &str,
) -> anyhow::Result<Vec<(String, vetter_fetch::history::EntityHistory)>> {
    let store = vetter_fetch::Store::new(store);
    let mut found = Vec::new();
    for kind in store.kinds() {
        if let Some(history) = vetter_fetch::history::read(&store, kind)? {
            if let Some(entry) = history.get(id) {
                found.push((kind.to_string(), entry.clone()));
            }
        }
    }
    Ok(found)
}

/// Runs `vetter entity`.
pub fn entity(args: EntityArgs) -> anyhow::Result<()> {
    let index = bundled::open_index(args.index.index.as_deref())?;
    let entity = index
        .get(&args.id)
        .with_context(|| format!("no entity with id {:?}", args.id))?;
    if args.graph {
        use vetter_graph::{export, Graph};
        let graph = Graph::new(index.entities());
        let node = graph.node(&entity.id).context("entity not in the graph")?;
        let hood = graph.neighbourhood(node, args.depth, GRAPH_LIMIT);
        let entities = index.entities();
        let format = if args.json {
            GraphFormat::Json
        } else {
            args.format
        };
        let text = match format {
            GraphFormat::Text => export::to_text(&graph, entities, &hood),
            GraphFormat::Dot => export::to_dot(&graph, entities, &hood),
            GraphFormat::Json => {
                serde_json::to_string_pretty(&export::to_json(&graph, entities, &hood))? + "\n"
            }
        };
        std::io::stdout().lock().write_all(text.as_bytes())?;
        return Ok(());
    }
    let incoming: Vec<_> = index
        .entities()
        .iter()
        .flat_map(|other| {
            other
                .links
                .iter()
                .filter(|l| {
                    l.target_id
                        .as_deref()
                        .is_some_and(|t| entity.ids().any(|id| id == t))
                })
                .map(move |l| (other, l))
        })
        .collect();
    let ownership = ownership(&index, entity, &incoming);
    let history = match &args.store {
        Some(store) => histories(store, &entity.id)?,
        None => Vec::new(),
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        let mut value = ftm::to_json(entity);
        value["sanctions"] = ftm::sanction_entities(entity).into();
        value["links"] = serde_json::to_value(&entity.links)?;
        value["referents"] = serde_json::to_value(&entity.referents)?;
        value["merges"] = serde_json::to_value(&entity.merges)?;
        if let Some((_, json)) = &ownership {
            value["ownership"] = json.clone();
        }
        value["linked_from"] = incoming
            .iter()
            .map(|(other, link)| serde_json::json!({"id": other.id, "caption": other.caption(), "kind": link.kind, "detail": link.detail}))
            .collect::<Vec<_>>()
            .into();
        if args.store.is_some() {
            value["history"] = history
                .iter()
                .map(|(kind, h)| serde_json::json!({"kind": kind, "first_seen": h.first_seen, "last_seen": h.last_seen, "last_changed": h.last_changed}))
                .collect::<Vec<_>>()
                .into();
        }
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "{} ({}) {}",
        entity.caption(),
        entity.schema,
        entity.id
    )?;
    writeln!(out, "lists: {}", output::programs(entity))?;
    if args.id != entity.id {
        writeln!(out, "  ({} is a record merged into {})", args.id, entity.id)?;
    }
    if !entity.referents.is_empty() {
        writeln!(
            out,
            "  merged records: {} (cross-list resolution)",
            entity.ids().collect::<Vec<_>>().join(", ")
        )?;
        for merge in &entity.merges {
            writeln!(out, "  merged {merge}")?;
        }
    }
    if let Some((text, _)) = &ownership {
        writeln!(out, "  {text}")?;
    }
    for (kind, h) in &history {
        writeln!(
            out,
            "  {kind}: first seen {}, last seen {}, last changed {}",
            h.first_seen, h.last_seen, h.last_changed
        )?;
    }
    if args.store.is_some() && history.is_empty() {
        writeln!(out, "  (no history for this entity in the store)")?;
    }
    for sanction in &entity.sanctions {
        writeln!(
            out,
            "  sanction: {} {} listed {} measures: {}",
            sanction.authority,
            sanction.program,
            sanction.listing_date.as_deref().unwrap_or("?"),
            sanction.measures.join(", ")
        )?;
    }
    for (property, statements) in &entity.properties {
        for statement in statements {
            let source = &entity.sources[statement.source as usize];
            writeln!(
                out,
                "  {:<20} {}   [{} {} {}]",
                property.as_str(),
                statement.value.replace('\n', " "),
                source.dataset,
                source.record_id,
                source.list_version.as_deref().unwrap_or("")
            )?;
        }
    }
    for link in &entity.links {
        writeln!(
            out,
            "  link {:?} -> {} {}{}{}",
            link.kind,
            link.target_name,
            link.target_id.as_deref().unwrap_or("(unresolved)"),
            link.detail
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default(),
            link.percentage
                .as_deref()
                .map(|p| format!(" {p} %"))
                .unwrap_or_default()
        )?;
    }
    for (other, link) in incoming {
        writeln!(
            out,
            "  linked from {:?}: {} {}{}",
            link.kind,
            other.caption(),
            other.id,
            link.detail
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        )?;
    }
    Ok(())
}

/// The OFAC 50 % rule aggregation of an entity that has ownership links (text line and
/// JSON), when it has a listed owner.
fn ownership(
    index: &vetter_index::Index,
    entity: &vetter_model::Entity,
    incoming: &[(&vetter_model::Entity, &vetter_model::Link)],
) -> Option<(String, serde_json::Value)> {
    use vetter_model::LinkKind::Ownership;
    let owned = entity.links.iter().any(|l| l.kind == Ownership)
        || incoming.iter().any(|(_, l)| l.kind == Ownership);
    if !owned {
        return None;
    }
    let graph = vetter_graph::Graph::new(index.entities());
    let node = graph.node(&entity.id)?;
    let rule = vetter_graph::ownership::Ownership::compute(&graph, index.entities());
    let aggregate = rule.get(node)?;
    let entities = index.entities();
    Some((
        vetter_graph::ownership::text(&graph, entities, aggregate),
        vetter_graph::ownership::to_json(&graph, entities, aggregate),
    ))
}
