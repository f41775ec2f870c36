//! Rendering of neighbourhoods and related parties: Graphviz DOT, JSON and text.

use crate::{kind_name, Graph, Neighbourhood, Reached};
use serde_json::{json, Value};
use vetter_model::Entity;

/// Distinct programs of an entity's sanctions, in order.
fn programs(entity: &Entity) -> Vec<&str> {
    let mut programs: Vec<&str> = Vec::new();
    for sanction in &entity.sanctions {
        if !programs.contains(&sanction.program.as_str()) {
            programs.push(&sanction.program);
        }
    }
    programs
}

/// One node as JSON: `{id, caption, schema, datasets, programs, listed}` (a stub has schema
/// `null`, its dataset the one of the list that names it, and no programs).
pub fn node_json(graph: &Graph, entities: &[Entity], node: u32) -> Value {
    match graph.stub_of(node) {
        Some(stub) => json!({
            "id": stub.id,
            "caption": stub.caption,
            "schema": null,
            "datasets": [stub.dataset],
            "programs": [],
            "listed": false,
        }),
        None => {
            let entity = &entities[node as usize];
            json!({
                "id": entity.id,
                "caption": entity.caption(),
                "schema": entity.schema.as_str(),
                "datasets": entity.datasets(),
                "programs": programs(entity),
                "listed": true,
            })
        }
    }
}

/// One edge as JSON: `{from, to, kind, detail, sources: [{dataset, record_id,
/// list_version}], resolution}`.
pub fn edge_json(graph: &Graph, entities: &[Entity], edge: u32) -> Value {
    let e = graph.edge(edge);
    json!({
        "from": graph.id(entities, e.from),
        "to": graph.id(entities, e.to),
        "kind": kind_name(e.kind),
        "detail": if e.details.is_empty() { Value::Null } else { e.details.join("; ").into() },
        "sources": e.sources,
        "resolution": e.resolution,
    })
}

/// A neighbourhood as JSON: `{center, depth, truncated, nodes: [node + {depth, path}],
/// edges: [edge]}`; the centre is the first node (depth 0).
pub fn to_json(graph: &Graph, entities: &[Entity], hood: &Neighbourhood) -> Value {
    let mut nodes = vec![node_json(graph, entities, hood.center)];
    nodes[0]["depth"] = 0.into();
    nodes[0]["path"] = graph.caption(entities, hood.center).into();
    for reached in &hood.nodes {
        let mut node = node_json(graph, entities, reached.node);
        node["depth"] = reached.depth.into();
        node["path"] = graph.path_text(entities, hood.center, &reached.path).into();
        nodes.push(node);
    }
    json!({
        "center": graph.id(entities, hood.center),
        "depth": hood.depth,
        "truncated": hood.truncated,
        "nodes": nodes,
        "edges": hood.edges.iter().map(|e| edge_json(graph, entities, *e)).collect::<Vec<_>>(),
    })
}

fn dot_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A neighbourhood as a Graphviz DOT digraph: listed entities as boxes (the centre bold),
/// stubs as dashed ellipses, each edge labelled with its detail and kind.
pub fn to_dot(graph: &Graph, entities: &[Entity], hood: &Neighbourhood) -> String {
    let mut out = String::from(
        "digraph neighbourhood {\n  rankdir=LR;\n  node [fontsize=10];\n  edge [fontsize=9];\n",
    );
    let nodes = std::iter::once(hood.center).chain(hood.nodes.iter().map(|r| r.node));
    for node in nodes {
        let id = graph.id(entities, node);
        let (label, style) = match graph.stub_of(node) {
            Some(stub) => (
                format!("{}\n(not listed)", stub.caption),
                "shape=ellipse, style=dashed",
            ),
            None => {
                let entity = &entities[node as usize];
                (
                    format!(
                        "{}\n{} {}\n{}",
                        entity.caption(),
                        entity.schema.as_str(),
                        entity.id,
                        programs(entity).join(", ")
                    ),
                    if node == hood.center {
                        "shape=box, style=bold"
                    } else {
                        "shape=box"
                    },
                )
            }
        };
        out.push_str(&format!(
            "  {} [label={}, {style}];\n",
            dot_string(id),
            dot_string(&label)
        ));
    }
    for e in &hood.edges {
        let edge = graph.edge(*e);
        let label = if edge.details.is_empty() {
            kind_name(edge.kind).to_string()
        } else {
            format!("{} ({})", edge.label(), kind_name(edge.kind))
        };
        out.push_str(&format!(
            "  {} -> {} [label={}];\n",
            dot_string(graph.id(entities, edge.from)),
            dot_string(graph.id(entities, edge.to)),
            dot_string(&label)
        ));
    }
    out.push_str("}\n");
    out
}

/// Related listed parties of a screening result as JSON: `[{id, caption, schema, datasets,
/// programs, kind, detail, depth, path, exposure}]`, where `kind` and `detail` are those of
/// the link that reaches the party, `path` the chain of links from the result (text) and
/// `exposure` is `direct` for a party linked to the result itself, `indirect` beyond.
pub fn related_json(graph: &Graph, entities: &[Entity], start: u32, related: &[Reached]) -> Value {
    related
        .iter()
        .map(|r| {
            let mut value = node_json(graph, entities, r.node);
            if let Some(map) = value.as_object_mut() {
                map.remove("listed");
            }
            let last = r.path.last().map(|s| graph.edge(s.edge));
            value["kind"] = last.map(|e| kind_name(e.kind)).into();
            value["detail"] = last
                .filter(|e| !e.details.is_empty())
                .map(|e| e.details.join("; "))
                .into();
            value["depth"] = r.depth.into();
            value["path"] = graph.path_text(entities, start, &r.path).into();
            value["exposure"] = if r.depth == 1 { "direct" } else { "indirect" }.into();
            value
        })
        .collect::<Vec<_>>()
        .into()
}

/// Related listed parties as one line of text: `linked to: SOPHARY, Kim ofac-28130 (Linked
/// To); KIM, Kun ofac-28036 via SOPHARY, Kim (depth 2)`; empty when there are none.
pub fn related_text(graph: &Graph, entities: &[Entity], related: &[Reached]) -> String {
    let parts: Vec<String> = related
        .iter()
        .map(|r| {
            let last = r.path.last().map(|s| graph.edge(s.edge));
            let label = last.map(|e| e.label()).unwrap_or_default();
            let via: Vec<&str> = r.path[..r.path.len().saturating_sub(1)]
                .iter()
                .map(|s| {
                    let e = graph.edge(s.edge);
                    graph.caption(entities, if s.forward { e.to } else { e.from })
                })
                .collect();
            let mut text = format!(
                "{} {} ({label})",
                graph.caption(entities, r.node),
                graph.id(entities, r.node)
            );
            if !via.is_empty() {
                text.push_str(&format!(" via {}", via.join(", ")));
            }
            text
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("linked to: {}", parts.join("; "))
    }
}

/// A neighbourhood as readable text: a header line, then one line per party (depth, id,
/// schema, name, programs or "not listed") with the path that reaches it, then the links.
pub fn to_text(graph: &Graph, entities: &[Entity], hood: &Neighbourhood) -> String {
    let listed = hood
        .nodes
        .iter()
        .filter(|r| graph.is_listed(r.node))
        .count();
    let mut out = format!(
        "{} ({}) {}: {} parties within {} link{} ({} listed, {} not listed), {} links{}\n",
        graph.caption(entities, hood.center),
        entities
            .get(hood.center as usize)
            .map_or("?", |e| e.schema.as_str()),
        graph.id(entities, hood.center),
        hood.nodes.len(),
        hood.depth,
        if hood.depth == 1 { "" } else { "s" },
        listed,
        hood.nodes.len() - listed,
        hood.edges.len(),
        if hood.truncated { " (truncated)" } else { "" }
    );
    for reached in &hood.nodes {
        let (schema, lists) = match graph.stub_of(reached.node) {
            Some(stub) => ("-", format!("not listed (named by {})", stub.dataset)),
            None => {
                let entity = &entities[reached.node as usize];
                let programs = programs(entity);
                let lists = if programs.is_empty() {
                    entity.datasets().join(", ")
                } else {
                    format!("{}: {}", entity.datasets().join(", "), programs.join(", "))
                };
                (entity.schema.as_str(), lists)
            }
        };
        out.push_str(&format!(
            "  {}  {:<14} {:<12} {:<40} {}\n     {}\n",
            reached.depth,
            graph.id(entities, reached.node),
            schema,
            graph.caption(entities, reached.node),
            lists,
            graph.path_text(entities, hood.center, &reached.path)
        ));
    }
    if !hood.edges.is_empty() {
        out.push_str("links:\n");
    }
    for e in &hood.edges {
        let edge = graph.edge(*e);
        let sources: Vec<String> = edge
            .sources
            .iter()
            .map(|s| format!("{} {}", s.dataset, s.record_id))
            .collect();
        out.push_str(&format!(
            "  {} -[{}]-> {}  {}  [{}]\n",
            graph.id(entities, edge.from),
            edge.label(),
            graph.id(entities, edge.to),
            kind_name(edge.kind),
            sources.join("; ")
        ));
    }
    out
}
