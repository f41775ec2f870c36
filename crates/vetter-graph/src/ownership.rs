//! OFAC's 50 % rule: a company owned 50 % or more, directly or indirectly, in aggregate by
//! blocked persons is itself blocked, listed or not. The lists (and FtM `Ownership`
//! entities) sometimes state the shares; [`Ownership::compute`] adds, for every party with
//! an owner that is listed (or itself blocked by the rule), the stated shares of those
//! owners and shows the sum. A share that no list states is never guessed: when the stated
//! shares stay below 50 % and some listed owner's share is unknown, the verdict is
//! [`Verdict::Unknown`].
//!
//! An `Ownership` link is read from owner to asset, except when its detail says the stating
//! entity is the one owned ("owned or controlled by", "subsidiary of", "51% owned by").

use crate::{Graph, LinkKind};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};
use vetter_model::{Entity, Property};

/// The threshold of the rule, in percent.
pub const THRESHOLD: f64 = 50.0;

/// The outcome of the aggregation for one asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Stated shares of blocked owners add up to 50 % or more.
    Blocked,
    /// Every blocked owner's share is stated and they add up to less than 50 %.
    Below,
    /// The stated shares add up to less than 50 % and some blocked owner's share is not
    /// stated: the rule cannot be decided from the lists.
    Unknown,
}

/// One blocked owner of an asset and its stated share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// The owner's node.
    pub owner: u32,
    /// The stated share in percent, `None` when no list states it.
    pub percentage: Option<f64>,
    /// Whether the owner is blocked by this rule rather than listed itself.
    pub by_rule: bool,
}

/// The aggregation for one asset.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregate {
    /// The owned party's node.
    pub asset: u32,
    /// Its blocked owners.
    pub owners: Vec<Share>,
    /// Sum of the stated shares, in percent.
    pub stated: f64,
    /// Number of blocked owners whose share is not stated.
    pub unstated: usize,
    /// The outcome.
    pub verdict: Verdict,
}

/// The aggregations of a graph, by asset.
#[derive(Debug, Clone, Default)]
pub struct Ownership {
    by_asset: BTreeMap<u32, Aggregate>,
}

/// Whether a listed entity is under sanctions (has a designation or the `sanction` topic).
pub fn is_sanctioned(entity: &Entity) -> bool {
    !entity.sanctions.is_empty() || entity.values(Property::Topics).any(|t| t == "sanction")
}

/// Whether an ownership edge's detail says the stating entity is the one owned.
fn points_to_owner(details: &[String]) -> bool {
    details.iter().any(|d| {
        let d = d.to_lowercase();
        d.contains("owned by")
            || d.contains("controlled by")
            || d.starts_with("subsidiary of")
            || d.starts_with("a subsidiary of")
    })
}

/// `51`, `25.5` → "51 %", "25.5 %".
pub fn percent(value: f64) -> String {
    let mut text = format!("{value:.2}");
    while text.ends_with('0') {
        text.pop();
    }
    if text.ends_with('.') {
        text.pop();
    }
    format!("{text} %")
}

impl Ownership {
    /// Aggregates the stated shares of the blocked owners of every owned party, following
    /// the rule through chains (an asset blocked by the rule counts as a blocked owner of
    /// what it owns).
    pub fn compute(graph: &Graph, entities: &[Entity]) -> Self {
        // asset → (owner → largest stated share, None if never stated)
        let mut owners: BTreeMap<u32, BTreeMap<u32, Option<f64>>> = BTreeMap::new();
        for edge in graph
            .edges()
            .iter()
            .filter(|e| e.kind == LinkKind::Ownership)
        {
            let (owner, asset) = if points_to_owner(&edge.details) {
                (edge.to, edge.from)
            } else {
                (edge.from, edge.to)
            };
            if owner == asset {
                continue;
            }
            let share = owners
                .entry(asset)
                .or_default()
                .entry(owner)
                .or_insert(None);
            if let Some(p) = edge.percentage {
                *share = Some(share.map_or(p, |s| s.max(p)));
            }
        }
        let listed = |node: u32| {
            graph.is_listed(node) && entities.get(node as usize).is_some_and(is_sanctioned)
        };
        let mut blocked: HashSet<u32> = HashSet::new();
        let mut by_asset = BTreeMap::new();
        // Each pass can only add blocked assets; a chain is at most as long as the assets.
        for _ in 0..=owners.len() {
            let mut changed = false;
            by_asset.clear();
            for (asset, shares) in &owners {
                let owners: Vec<Share> = shares
                    .iter()
                    .filter(|(o, _)| listed(**o) || blocked.contains(*o))
                    .map(|(o, p)| Share {
                        owner: *o,
                        percentage: *p,
                        by_rule: !listed(*o),
                    })
                    .collect();
                if owners.is_empty() {
                    continue;
                }
                let stated: f64 = owners.iter().filter_map(|s| s.percentage).sum::<f64>() + 0.0;
                let unstated = owners.iter().filter(|s| s.percentage.is_none()).count();
                let verdict = if stated >= THRESHOLD {
                    Verdict::Blocked
                } else if unstated > 0 {
                    Verdict::Unknown
                } else {
                    Verdict::Below
                };
                if verdict == Verdict::Blocked && !listed(*asset) && blocked.insert(*asset) {
                    changed = true;
                }
                by_asset.insert(
                    *asset,
                    Aggregate {
                        asset: *asset,
                        owners,
                        stated,
                        unstated,
                        verdict,
                    },
                );
            }
            if !changed {
                break;
            }
        }
        Ownership { by_asset }
    }

    /// The aggregation for a node, if it has a blocked owner.
    pub fn get(&self, node: u32) -> Option<&Aggregate> {
        self.by_asset.get(&node)
    }

    /// Every aggregation, by asset node.
    pub fn all(&self) -> impl Iterator<Item = &Aggregate> {
        self.by_asset.values()
    }

    /// Number of assets with each verdict: (blocked, below, unknown).
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |v: Verdict| self.all().filter(|a| a.verdict == v).count();
        (
            count(Verdict::Blocked),
            count(Verdict::Below),
            count(Verdict::Unknown),
        )
    }
}

/// The computation as one line: "50 % rule: KIM, Kun 30 % + X 25 % = 55 % ≥ 50 %: blocked".
pub fn text(graph: &Graph, entities: &[Entity], aggregate: &Aggregate) -> String {
    let terms: Vec<String> = aggregate
        .owners
        .iter()
        .map(|s| {
            let name = graph.caption(entities, s.owner);
            let rule = if s.by_rule {
                " (blocked by the rule)"
            } else {
                ""
            };
            match s.percentage {
                Some(p) => format!("{name}{rule} {}", percent(p)),
                None => format!("{name}{rule} share not stated"),
            }
        })
        .collect();
    let stated = percent(aggregate.stated);
    let outcome = match aggregate.verdict {
        Verdict::Blocked => {
            format!("stated shares {stated} ≥ 50 %: blocked under OFAC's 50 % rule")
        }
        Verdict::Below => format!("stated shares {stated} < 50 %: not blocked by aggregation"),
        Verdict::Unknown => format!(
            "stated shares {stated} < 50 %, {} share(s) not stated: unknown (not guessed)",
            aggregate.unstated
        ),
    };
    format!(
        "50 % rule: owned by listed parties {}; {outcome}",
        terms.join(" + ")
    )
}

/// The aggregation as JSON: `{verdict, stated, unstated, owners: [{id, caption,
/// percentage, by_rule}], computation}`.
pub fn to_json(graph: &Graph, entities: &[Entity], aggregate: &Aggregate) -> Value {
    json!({
        "verdict": aggregate.verdict,
        "stated": aggregate.stated,
        "unstated": aggregate.unstated,
        "owners": aggregate.owners.iter().map(|s| json!({
            "id": graph.id(entities, s.owner),
            "caption": graph.caption(entities, s.owner),
            "percentage": s.percentage,
            "by_rule": s.by_rule,
        })).collect::<Vec<_>>(),
        "computation": text(graph, entities, aggregate),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use vetter_model::{Link, Sanction, Schema, SourceRecord};

    fn entity(id: &str, listed: bool, owns: &[(&str, Option<&str>)]) -> Entity {
        let mut e = Entity::new(
            id,
            if listed {
                Schema::Person
            } else {
                Schema::Company
            },
        );
        let s = e.add_source(SourceRecord {
            dataset: "list".into(),
            record_id: id.into(),
            list_version: None,
        });
        e.add(Property::Name, id, s);
        if listed {
            e.sanctions.push(Sanction {
                authority: "A".into(),
                program: "P".into(),
                listing_date: None,
                measures: vec![],
                source: s,
            });
        }
        for (asset, share) in owns {
            e.links.push(Link {
                kind: LinkKind::Ownership,
                target_id: Some(asset.to_string()),
                target_name: asset.to_string(),
                detail: None,
                percentage: share.map(str::to_string),
                source: s,
            });
        }
        e
    }

    #[test]
    fn adds_stated_shares_and_never_guesses() {
        let entities = vec![
            entity(
                "p1",
                true,
                &[("c1", Some("30")), ("c2", Some("49")), ("c3", None)],
            ),
            entity("p2", true, &[("c1", Some("25")), ("c3", Some("10"))]),
            entity("c1", false, &[("c4", Some("50"))]),
            entity("c2", false, &[]),
            entity("c3", false, &[]),
            entity("c4", false, &[]),
        ];
        let graph = Graph::new(&entities);
        let ownership = Ownership::compute(&graph, &entities);
        let verdict = |id: &str| ownership.get(graph.node(id).unwrap()).map(|a| a.verdict);
        assert_eq!(verdict("c1"), Some(Verdict::Blocked));
        assert_eq!(verdict("c2"), Some(Verdict::Below));
        assert_eq!(verdict("c3"), Some(Verdict::Unknown));
        // c4 is owned 50 % by c1, which the rule blocks.
        assert_eq!(verdict("c4"), Some(Verdict::Blocked));
        assert_eq!(verdict("p1"), None);
        let c1 = ownership.get(graph.node("c1").unwrap()).unwrap();
        assert_eq!(
            text(&graph, &entities, c1),
            "50 % rule: owned by listed parties p1 30 % + p2 25 %; stated shares 55 % ≥ 50 %: blocked under OFAC's 50 % rule"
        );
        let c3 = ownership.get(graph.node("c3").unwrap()).unwrap();
        assert!(
            text(&graph, &entities, c3).ends_with("1 share(s) not stated: unknown (not guessed)")
        );
        assert_eq!(ownership.counts(), (2, 1, 1));
    }
}
