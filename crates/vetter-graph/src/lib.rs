//! # vetter-graph
//!
//! The relationship graph over indexed entities. Lists state links between the parties
//! they name (OFAC `Linked To:` remarks and vessel owners, "associated with" clauses,
//! FollowTheMoney relationship entities); the parsers keep them as [`Link`]s on the entity
//! that states them. This crate turns them into a graph:
//!
//! * [`Graph::new`] takes the entities of an index (node `i` is entity `i`, so a search hit's
//!   entity index is its node) and adds one edge per distinct (from, to, kind), with every
//!   detail and source record that states it. A link whose target id is not known is
//!   resolved by the exact normalised primary name of an entity of the same dataset, when
//!   exactly one entity has that name; otherwise its target stays a named stub node.
//! * [`Graph::neighbourhood`] is every node within a number of links of an entity (either
//!   direction), each with its shortest path; [`Graph::related`] keeps the listed ones (the
//!   indexed entities), which is what a screening result reports as related parties.
//! * [`export::to_dot`] and [`export::to_json`] render a [`Neighbourhood`] for visualisation.
//! * [`Graph::link_counts`] counts the links of the index by kind and by how they resolved.
//! * [`ownership`] aggregates stated ownership shares of listed owners (OFAC's 50 % rule).

pub mod export;
pub mod ownership;

use serde::Serialize;
use std::collections::{HashMap, VecDeque};
use vetter_model::{Entity, Link, LinkKind, Property, SourceRecord};

/// Every link kind, in a fixed order (for counts and reports).
pub const LINK_KINDS: [LinkKind; 5] = [
    LinkKind::Family,
    LinkKind::Associate,
    LinkKind::Ownership,
    LinkKind::Directorship,
    LinkKind::UnknownLink,
];

/// The FollowTheMoney schema name of a link kind (`Family`, `UnknownLink` …).
pub fn kind_name(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Family => "Family",
        LinkKind::Associate => "Associate",
        LinkKind::Ownership => "Ownership",
        LinkKind::Directorship => "Directorship",
        LinkKind::UnknownLink => "UnknownLink",
    }
}

fn kind_slot(kind: LinkKind) -> usize {
    LINK_KINDS.iter().position(|k| *k == kind).unwrap_or(4)
}

/// How the target of an edge was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// The list (or its parser) gave the target's id.
    Stated,
    /// The target name is the normalised primary name of exactly one entity of the same
    /// dataset.
    ByName,
    /// No indexed entity: the target is a stub node named as the list writes it.
    Unresolved,
}

/// A node that is not an indexed entity: a party a link names but no list lists (or an id
/// outside the index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stub {
    /// The target id when the link gave one, else `stub:<dataset>:<normalised name>`.
    pub id: String,
    /// The name as the (first) link writes it.
    pub caption: String,
    /// Dataset of the (first) link that names it.
    pub dataset: String,
}

/// One relationship: a link stated by one or more source records, from the entity that
/// states it to its target.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Node that states the link.
    pub from: u32,
    /// Node the link points to.
    pub to: u32,
    /// Kind of relationship.
    pub kind: LinkKind,
    /// Relationship details as the lists write them ("Linked To", "wife", …), distinct.
    pub details: Vec<String>,
    /// Every source record stating the link.
    pub sources: Vec<SourceRecord>,
    /// How the target was found.
    pub resolution: Resolution,
    /// The ownership share a list states for this link (percent), if any; the largest
    /// when several records state different shares.
    pub percentage: Option<f64>,
}

impl Edge {
    /// The details joined by "; ", or the kind's name when the lists give none.
    pub fn label(&self) -> String {
        if self.details.is_empty() {
            kind_name(self.kind).to_string()
        } else {
            self.details.join("; ")
        }
    }
}

/// One step of a path: an edge and the direction it was followed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Index of the edge in [`Graph::edges`].
    pub edge: u32,
    /// `true` when followed from its `from` to its `to` node, `false` against the link.
    pub forward: bool,
}

/// A node reached from a start node, with one shortest path to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reached {
    /// The node.
    pub node: u32,
    /// Number of links between the start and the node.
    pub depth: u32,
    /// The steps from the start to the node (`depth` of them).
    pub path: Vec<Step>,
}

/// The part of the graph within some links of a centre node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbourhood {
    /// The centre node.
    pub center: u32,
    /// The depth asked for.
    pub depth: u32,
    /// Every node reached (the centre excluded), nearest first.
    pub nodes: Vec<Reached>,
    /// Every edge between two nodes of the neighbourhood (centre included), in edge order.
    pub edges: Vec<u32>,
    /// Whether the search stopped at the node limit before reaching every node.
    pub truncated: bool,
}

/// Links of an index counted by kind and by how their target resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LinkCounts {
    /// Links of each kind, in [`LINK_KINDS`] order: `(FtM schema name, count)`.
    pub by_kind: Vec<(&'static str, usize)>,
    /// All links.
    pub links: usize,
    /// Links whose target id was stated.
    pub stated: usize,
    /// Links resolved by a unique normalised primary name.
    pub by_name: usize,
    /// Links pointing at a stub node.
    pub unresolved: usize,
    /// Distinct edges after merging links stated more than once.
    pub edges: usize,
    /// Stub nodes.
    pub stubs: usize,
}

/// The relationship graph over the entities of an index.
#[derive(Debug, Clone)]
pub struct Graph {
    entity_count: u32,
    stubs: Vec<Stub>,
    edges: Vec<Edge>,
    /// Per node, the edges touching it (either direction), in edge order.
    adjacency: Vec<Vec<u32>>,
    by_id: HashMap<String, u32>,
    counts: LinkCounts,
}

/// Lower-cases a name and keeps its letters and digits, one space between words: "7 MAKARA
/// PHARY CO., LTD." → "7 makara phary co ltd".
pub fn normalise_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

fn dataset_of(entity: &Entity, source: u16) -> &str {
    entity
        .sources
        .get(source as usize)
        .or_else(|| entity.sources.first())
        .map_or("", |s| s.dataset.as_str())
}

impl Graph {
    /// Builds the graph of `entities` (node `i` is `entities[i]`).
    pub fn new(entities: &[Entity]) -> Self {
        let entity_count = entities.len() as u32;
        // A merged entity answers to the ids of its source records (its referents).
        let by_id: HashMap<String, u32> = entities
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.ids().map(move |id| (id.to_string(), i as u32)))
            .collect();
        let mut graph = Graph {
            entity_count,
            stubs: Vec::new(),
            edges: Vec::new(),
            adjacency: vec![Vec::new(); entities.len()],
            by_id,
            counts: LinkCounts::default(),
        };
        // Names are only needed for the datasets with links that give no id.
        let mut wanted: Vec<&str> = Vec::new();
        for entity in entities {
            for link in entity.links.iter().filter(|l| l.target_id.is_none()) {
                let dataset = dataset_of(entity, link.source);
                if !wanted.contains(&dataset) {
                    wanted.push(dataset);
                }
            }
        }
        let mut by_name: HashMap<(&str, String), Option<u32>> = HashMap::new();
        if !wanted.is_empty() {
            for (i, entity) in entities.iter().enumerate() {
                for statement in entity.properties.get(&Property::Name).into_iter().flatten() {
                    let dataset = dataset_of(entity, statement.source);
                    if !wanted.contains(&dataset) {
                        continue;
                    }
                    by_name
                        .entry((dataset, normalise_name(&statement.value)))
                        .and_modify(|found| {
                            if *found != Some(i as u32) {
                                *found = None
                            }
                        })
                        .or_insert(Some(i as u32));
                }
            }
        }
        let mut edge_of: HashMap<(u32, u32, LinkKind), u32> = HashMap::new();
        let mut counts = [0usize; 5];
        let (mut stated, mut named, mut unresolved, mut links) = (0, 0, 0, 0);
        for (i, entity) in entities.iter().enumerate() {
            for link in &entity.links {
                let from = i as u32;
                let (to, resolution) = graph.target(entity, from, link, &by_name);
                links += 1;
                counts[kind_slot(link.kind)] += 1;
                match resolution {
                    Resolution::Stated => stated += 1,
                    Resolution::ByName => named += 1,
                    Resolution::Unresolved => unresolved += 1,
                }
                let source = entity.sources.get(link.source as usize).cloned();
                let e = *edge_of.entry((from, to, link.kind)).or_insert_with(|| {
                    graph.edges.push(Edge {
                        from,
                        to,
                        kind: link.kind,
                        details: Vec::new(),
                        sources: Vec::new(),
                        resolution,
                        percentage: None,
                    });
                    let e = (graph.edges.len() - 1) as u32;
                    graph.adjacency[from as usize].push(e);
                    if to != from {
                        graph.adjacency[to as usize].push(e);
                    }
                    e
                });
                let edge = &mut graph.edges[e as usize];
                if let Some(share) = link
                    .percentage
                    .as_deref()
                    .and_then(|p| p.parse::<f64>().ok())
                {
                    edge.percentage = Some(edge.percentage.map_or(share, |p| p.max(share)));
                }
                if let Some(detail) = link.detail.as_deref().map(str::trim) {
                    if !detail.is_empty() && !edge.details.iter().any(|d| d == detail) {
                        edge.details.push(detail.to_string());
                    }
                }
                if let Some(source) = source {
                    if !edge.sources.contains(&source) {
                        edge.sources.push(source);
                    }
                }
            }
        }
        graph.counts = LinkCounts {
            by_kind: LINK_KINDS
                .iter()
                .map(|k| (kind_name(*k), counts[kind_slot(*k)]))
                .collect(),
            links,
            stated,
            by_name: named,
            unresolved,
            edges: graph.edges.len(),
            stubs: graph.stubs.len(),
        };
        graph
    }

    /// The node a link points to, adding a stub node when no entity fits.
    fn target(
        &mut self,
        entity: &Entity,
        from: u32,
        link: &Link,
        by_name: &HashMap<(&str, String), Option<u32>>,
    ) -> (u32, Resolution) {
        if let Some(id) = &link.target_id {
            if let Some(node) = self.by_id.get(id) {
                if *node < self.entity_count {
                    return (*node, Resolution::Stated);
                }
                return (*node, Resolution::Unresolved);
            }
            return (
                self.stub(id.clone(), &link.target_name, entity, link),
                Resolution::Unresolved,
            );
        }
        let dataset = dataset_of(entity, link.source);
        let name = normalise_name(&link.target_name);
        if let Some(Some(node)) = by_name.get(&(dataset, name.clone())) {
            if *node != from {
                return (*node, Resolution::ByName);
            }
        }
        let id = format!("stub:{dataset}:{name}");
        if let Some(node) = self.by_id.get(&id) {
            return (*node, Resolution::Unresolved);
        }
        (
            self.stub(id, &link.target_name, entity, link),
            Resolution::Unresolved,
        )
    }

    fn stub(&mut self, id: String, caption: &str, entity: &Entity, link: &Link) -> u32 {
        let node = self.entity_count + self.stubs.len() as u32;
        self.by_id.insert(id.clone(), node);
        self.stubs.push(Stub {
            id,
            caption: caption.trim().to_string(),
            dataset: dataset_of(entity, link.source).to_string(),
        });
        self.adjacency.push(Vec::new());
        node
    }

    /// Number of nodes: the indexed entities, then the stubs.
    pub fn node_count(&self) -> usize {
        self.adjacency.len()
    }

    /// Number of indexed entities (nodes `0..entity_count` are entities).
    pub fn entity_count(&self) -> usize {
        self.entity_count as usize
    }

    /// Whether a node is an indexed (listed) entity rather than a stub.
    pub fn is_listed(&self, node: u32) -> bool {
        node < self.entity_count
    }

    /// The stub of a node, `None` for an indexed entity.
    pub fn stub_of(&self, node: u32) -> Option<&Stub> {
        node.checked_sub(self.entity_count)
            .and_then(|s| self.stubs.get(s as usize))
    }

    /// The node with this id (entity id or stub id).
    pub fn node(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    /// All edges.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// The edge at `index`.
    pub fn edge(&self, index: u32) -> &Edge {
        &self.edges[index as usize]
    }

    /// The edges touching a node, in either direction.
    pub fn edges_of(&self, node: u32) -> impl Iterator<Item = &Edge> {
        self.adjacency
            .get(node as usize)
            .into_iter()
            .flatten()
            .map(|e| &self.edges[*e as usize])
    }

    /// Links counted by kind and resolution.
    pub fn link_counts(&self) -> &LinkCounts {
        &self.counts
    }

    /// Every node within `depth` links of `center` (following links in both directions),
    /// nearest first, each with one shortest path (ties: the first edge in edge order), and
    /// every edge between the nodes found. Stops after `limit` nodes.
    pub fn neighbourhood(&self, center: u32, depth: u32, limit: usize) -> Neighbourhood {
        let (nodes, truncated) = self.search(center, depth, limit, |_| true);
        let mut inside: Vec<u32> = nodes.iter().map(|r| r.node).collect();
        inside.push(center);
        inside.sort_unstable();
        let mut edges: Vec<u32> = inside
            .iter()
            .flat_map(|n| self.adjacency[*n as usize].iter().copied())
            .filter(|e| {
                let edge = &self.edges[*e as usize];
                inside.binary_search(&edge.from).is_ok() && inside.binary_search(&edge.to).is_ok()
            })
            .collect();
        edges.sort_unstable();
        edges.dedup();
        Neighbourhood {
            center,
            depth,
            nodes,
            edges,
            truncated,
        }
    }

    /// The listed parties (indexed entities) within `depth` links of `node`, nearest first,
    /// each with a shortest path (which may pass through stub nodes). At most `limit`.
    pub fn related(&self, node: u32, depth: u32, limit: usize) -> Vec<Reached> {
        self.search(node, depth, limit, |n| n < self.entity_count).0
    }

    /// Breadth-first search from `start`; returns the reached nodes that `keep` accepts
    /// (at most `limit`) and whether the limit cut the search short.
    fn search(
        &self,
        start: u32,
        depth: u32,
        limit: usize,
        keep: impl Fn(u32) -> bool,
    ) -> (Vec<Reached>, bool) {
        let mut found = Vec::new();
        if start as usize >= self.adjacency.len()
            || depth == 0
            || self.adjacency[start as usize].is_empty()
        {
            return (found, false);
        }
        // node → (parent node, step), for the nodes seen.
        let mut parent: HashMap<u32, Option<(u32, Step)>> = HashMap::new();
        parent.insert(start, None);
        let mut queue = VecDeque::from([(start, 0u32)]);
        while let Some((node, d)) = queue.pop_front() {
            if d == depth {
                continue;
            }
            for &e in &self.adjacency[node as usize] {
                let edge = &self.edges[e as usize];
                let (next, forward) = if edge.from == node {
                    (edge.to, true)
                } else {
                    (edge.from, false)
                };
                if parent.contains_key(&next) {
                    continue;
                }
                parent.insert(next, Some((node, Step { edge: e, forward })));
                queue.push_back((next, d + 1));
                if keep(next) {
                    if found.len() == limit {
                        return (found, true);
                    }
                    let mut path = Vec::with_capacity(d as usize + 1);
                    let mut at = next;
                    while let Some(Some((up, step))) = parent.get(&at) {
                        path.push(*step);
                        at = *up;
                    }
                    path.reverse();
                    found.push(Reached {
                        node: next,
                        depth: d + 1,
                        path,
                    });
                }
            }
        }
        (found, false)
    }

    /// The caption of a node: the entity's display name or the stub's name.
    pub fn caption<'a>(&'a self, entities: &'a [Entity], node: u32) -> &'a str {
        match self.stub_of(node) {
            Some(stub) => &stub.caption,
            None => entities.get(node as usize).map_or("?", |e| e.caption()),
        }
    }

    /// The id of a node: the entity id or the stub id.
    pub fn id<'a>(&'a self, entities: &'a [Entity], node: u32) -> &'a str {
        match self.stub_of(node) {
            Some(stub) => &stub.id,
            None => entities.get(node as usize).map_or("?", |e| e.id.as_str()),
        }
    }

    /// A path as text from `start`: `KIM, Kun <-[Linked To]- SOPHARY, Kim <-[Linked To]-
    /// 7 MAKARA PHARY CO., LTD.` (`-[…]->` follows a link as stated, `<-[…]-` against it).
    pub fn path_text(&self, entities: &[Entity], start: u32, path: &[Step]) -> String {
        let mut text = self.caption(entities, start).to_string();
        for step in path {
            let edge = &self.edges[step.edge as usize];
            let next = if step.forward { edge.to } else { edge.from };
            let label = edge.label();
            if step.forward {
                text.push_str(&format!(" -[{label}]-> "));
            } else {
                text.push_str(&format!(" <-[{label}]- "));
            }
            text.push_str(self.caption(entities, next));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vetter_model::Schema;

    fn entity(id: &str, name: &str, links: &[(&str, Option<&str>)]) -> Entity {
        let mut e = Entity::new(id, Schema::Person);
        let source = e.add_source(SourceRecord {
            dataset: "list".into(),
            record_id: id.into(),
            list_version: None,
        });
        e.add(Property::Name, name, source);
        for (target, id) in links {
            e.links.push(Link {
                kind: LinkKind::UnknownLink,
                target_id: id.map(str::to_string),
                target_name: target.to_string(),
                detail: Some("Linked To".into()),
                percentage: None,
                source,
            });
        }
        e
    }

    #[test]
    fn resolves_by_normalised_name_and_keeps_stubs() {
        let entities = vec![
            entity("a", "KIM, Kun", &[]),
            entity("b", "CHANDY, King", &[("KIM, KUN.", None)]),
            entity("c", "7 MAKARA PHARY CO., LTD.", &[("Chandy king", None)]),
            entity("d", "X", &[("NOBODY LTD", None), ("KIM, Kun", Some("a"))]),
            entity("e", "Twin", &[]),
            entity("f", "Twin", &[]),
            entity("g", "Y", &[("twin", None)]),
        ];
        let graph = Graph::new(&entities);
        assert_eq!(graph.edge(0).to, 0);
        assert_eq!(graph.edge(0).resolution, Resolution::ByName);
        assert_eq!(graph.edge(1).to, 1);
        let stub = graph.stub_of(graph.edge(2).to).unwrap();
        assert_eq!(stub.id, "stub:list:nobody ltd");
        assert_eq!(graph.edge(3).resolution, Resolution::Stated);
        // Two entities named "Twin": ambiguous, so a stub.
        assert!(!graph.is_listed(graph.edge(4).to));
        let counts = graph.link_counts();
        assert_eq!(
            (
                counts.links,
                counts.stated,
                counts.by_name,
                counts.unresolved
            ),
            (5, 1, 2, 2)
        );
        assert_eq!(counts.by_kind[4], ("UnknownLink", 5));

        let related = graph.related(0, 2, 10);
        let ids: Vec<&str> = related
            .iter()
            .map(|r| graph.id(&entities, r.node))
            .collect();
        assert_eq!(ids, ["b", "d", "c"]);
        assert_eq!(
            graph.path_text(&entities, 2, &graph.related(2, 2, 10)[1].path),
            "7 MAKARA PHARY CO., LTD. -[Linked To]-> CHANDY, King -[Linked To]-> KIM, Kun"
        );
        let around = graph.neighbourhood(3, 1, 10);
        assert_eq!(around.nodes.len(), 2);
        assert_eq!(around.edges, [2, 3]);
        assert!(graph.neighbourhood(0, 2, 1).truncated);
    }
}
