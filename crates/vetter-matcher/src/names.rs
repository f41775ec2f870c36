//! Name comparison: one-to-one alignment of name parts, then matched weight against
//! conflicts and omissions.

use crate::explain::{Alignment, NameComparison};
use crate::{Prepared, Rarity};
use vetter_model::Property;
use vetter_names::{compare_parts, Name, NamePart, PartMatchKind, PartRole};

/// Penalty weights for unaligned parts.
struct Penalties {
    /// A part on each side with no counterpart: two different names in one place.
    conflict: f32,
    /// A part only the query has.
    query_only: f32,
    /// A part only the listed name has (omitted middle name, patronymic, legal form).
    candidate_only: f32,
}

const PERSON: Penalties = Penalties {
    conflict: 2.0,
    query_only: 0.6,
    candidate_only: 0.2,
};

const ORGANISATION: Penalties = Penalties {
    conflict: 2.0,
    query_only: 1.0,
    candidate_only: 0.9,
};

/// Factor for a name that reorders three or more aligned parts other than by rotation
/// (given-family vs family-given order is a rotation and costs nothing).
const REORDER_FACTOR: f32 = 0.85;
/// Factor for a reordered Arabic name chain (X bin Y vs Y bin X are father and son).
const NASAB_REORDER_FACTOR: f32 = 0.6;
/// Factor for names from weak aliases.
const WEAK_ALIAS_FACTOR: f32 = 0.95;

fn role_weight(role: PartRole) -> f32 {
    match role {
        PartRole::Word | PartRole::Number => 1.0,
        PartRole::Initial => 0.5,
        PartRole::Patronymic => 0.5,
        PartRole::Particle | PartRole::LegalForm => 0.15,
        PartRole::StopWord => 0.05,
    }
}

/// Weight of a name part: its role weight times its rarity (weak roles and initials are
/// not weighed by rarity).
pub fn part_weight(part: &NamePart, rarity: &Rarity) -> f32 {
    let role = role_weight(part.role);
    if part.role.is_weak() || part.role == PartRole::Initial {
        role
    } else {
        role * rarity.weight(&part.text)
    }
}

/// A candidate alignment of a span of query parts with a span of listed parts.
struct Link {
    similarity: f32,
    kind: PartMatchKind,
    query: (usize, usize),
    candidate: (usize, usize),
}

fn joined(parts: &[NamePart], start: usize, len: usize) -> Option<NamePart> {
    let span = parts.get(start..start + len)?;
    if span.iter().any(|p| p.role != PartRole::Word) {
        return None;
    }
    let text: String = span.iter().map(|p| p.text.as_str()).collect();
    Some(NamePart::new(text, span[0].script, PartRole::Word))
}

fn candidate_links(q: &[NamePart], c: &[NamePart]) -> Vec<Link> {
    let mut links = Vec::new();
    for (i, qp) in q.iter().enumerate() {
        for (j, cp) in c.iter().enumerate() {
            if let Some(m) = compare_parts(qp, cp) {
                links.push(Link {
                    similarity: m.score,
                    kind: m.kind,
                    query: (i, 1),
                    candidate: (j, 1),
                });
            }
        }
    }
    // Joined and split tokens: "Abdulrahman" / "Abdul Rahman", "JSCARGUMENT", "Jin Ping".
    for span in [2usize, 3] {
        for i in 0..q.len() {
            if let Some(joint) = joined(q, i, span) {
                for (j, cp) in c.iter().enumerate() {
                    push_joined(&mut links, &joint, cp, (i, span), (j, 1));
                }
            }
        }
        for j in 0..c.len() {
            if let Some(joint) = joined(c, j, span) {
                for (i, qp) in q.iter().enumerate() {
                    push_joined(&mut links, qp, &joint, (i, 1), (j, span));
                }
            }
        }
    }
    links.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then((b.query.1 + b.candidate.1).cmp(&(a.query.1 + a.candidate.1)))
    });
    links
}

fn push_joined(
    links: &mut Vec<Link>,
    q: &NamePart,
    c: &NamePart,
    query: (usize, usize),
    candidate: (usize, usize),
) {
    if q.role != PartRole::Word || c.role != PartRole::Word {
        return;
    }
    if let Some(m) = compare_parts(q, c).filter(|m| m.score >= 0.75) {
        links.push(Link {
            similarity: m.score,
            kind: m.kind,
            query,
            candidate,
        });
    }
}

fn is_rotation_of_increasing(positions: &[usize]) -> bool {
    let descents = positions.windows(2).filter(|w| w[1] < w[0]).count();
    descents == 0 || (descents == 1 && positions.last() < positions.first())
}

fn has_nasab(parts: &[NamePart]) -> bool {
    parts
        .iter()
        .any(|p| matches!(p.text.as_str(), "bin" | "ibn" | "ben" | "bint" | "bn"))
}

/// Compares two analysed names.
pub fn compare_names(
    q: &Name,
    c: &Name,
    organisation: bool,
    rarity: &Rarity,
) -> Option<NameComparison> {
    let penalties = if organisation { &ORGANISATION } else { &PERSON };
    let (qp, cp) = (&q.parts, &c.parts);
    if qp.is_empty() || cp.is_empty() {
        return None;
    }
    let qw: Vec<f32> = qp.iter().map(|p| part_weight(p, rarity)).collect();
    let cw: Vec<f32> = cp.iter().map(|p| part_weight(p, rarity)).collect();
    let mut q_used = vec![false; qp.len()];
    let mut c_used = vec![false; cp.len()];
    let mut alignment = Vec::new();
    let mut order: Vec<(usize, usize)> = Vec::new();
    let (mut matched, mut matched_weight) = (0.0f32, 0.0f32);
    let mut strong_aligned = false;
    for link in candidate_links(qp, cp) {
        let q_range = link.query.0..link.query.0 + link.query.1;
        let c_range = link.candidate.0..link.candidate.0 + link.candidate.1;
        if q_range.clone().any(|i| q_used[i]) || c_range.clone().any(|j| c_used[j]) {
            continue;
        }
        q_range.clone().for_each(|i| q_used[i] = true);
        c_range.clone().for_each(|j| c_used[j] = true);
        let weight = (q_range.clone().map(|i| qw[i]).sum::<f32>()
            + c_range.clone().map(|j| cw[j]).sum::<f32>())
            / 2.0;
        matched += link.similarity * weight;
        matched_weight += weight;
        if qp[link.query.0].role == PartRole::Word || qp[link.query.0].role == PartRole::Number {
            strong_aligned = true;
            order.push((link.query.0, link.candidate.0));
        }
        alignment.push(Alignment {
            query: q_range
                .map(|i| qp[i].text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            candidate: c_range
                .map(|j| cp[j].text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            kind: link.kind,
            similarity: link.similarity,
            weight,
        });
    }
    if !strong_aligned {
        return None;
    }
    let unmatched = |parts: &[NamePart], used: &[bool], weights: &[f32]| {
        let mut weight = 0.0;
        let mut numbers = 0.0;
        let mut texts = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if !used[i] {
                if part.role == PartRole::Number {
                    numbers += weights[i];
                } else {
                    weight += weights[i];
                }
                texts.push(part.text.clone());
            }
        }
        (weight, numbers, texts)
    };
    let (q_only, q_numbers, query_only) = unmatched(qp, &q_used, &qw);
    let (c_only, c_numbers, candidate_only) = unmatched(cp, &c_used, &cw);
    let conflict = q_only.min(c_only);
    // Numbers in names must agree: two different numbers are a hard conflict.
    let number_conflict = q_numbers.min(c_numbers) * 2.0;
    let penalty = penalties.conflict * (conflict + number_conflict)
        + penalties.query_only * (q_only - conflict + q_numbers)
        + penalties.candidate_only * (c_only - conflict + c_numbers);
    let mut score = matched / (matched_weight + penalty);
    // Little matched evidence (one common token) is not enough for a confident score.
    score *= matched_weight.min(1.0).sqrt();
    order.sort();
    let positions: Vec<usize> = order.iter().map(|(_, j)| *j).collect();
    if positions.len() >= 3 && !is_rotation_of_increasing(&positions) {
        score *= if has_nasab(qp) && has_nasab(cp) {
            NASAB_REORDER_FACTOR
        } else {
            REORDER_FACTOR
        };
    }
    Some(NameComparison {
        score: score.clamp(0.0, 1.0),
        query: q.original.clone(),
        candidate: c.original.clone(),
        property: String::new(),
        alignment,
        query_only,
        candidate_only,
        conflict,
    })
}

/// The best comparison over all pairs of the two entities' names.
pub fn best_name_comparison(
    query: &Prepared,
    candidate: &Prepared,
    rarity: &Rarity,
) -> Option<NameComparison> {
    let organisation = !matches!(candidate.schema, vetter_model::Schema::Person)
        && !matches!(query.schema, vetter_model::Schema::Person);
    let mut best: Option<NameComparison> = None;
    for q in query.names_against(candidate.schema) {
        for c in &candidate.names {
            let comparison = if q.name.key() == c.name.key() {
                Some(NameComparison {
                    score: 1.0,
                    query: q.name.original.clone(),
                    candidate: c.name.original.clone(),
                    property: String::new(),
                    alignment: q
                        .name
                        .parts
                        .iter()
                        .map(|p| Alignment {
                            query: p.text.clone(),
                            candidate: p.text.clone(),
                            kind: PartMatchKind::Exact,
                            similarity: 1.0,
                            weight: part_weight(p, rarity),
                        })
                        .collect(),
                    query_only: Vec::new(),
                    candidate_only: Vec::new(),
                    conflict: 0.0,
                })
                .filter(|_| q.name.strong_parts().next().is_some())
                .map(|mut n| {
                    let support: f32 = n.alignment.iter().map(|a| a.weight).sum();
                    n.score = support.min(1.0).sqrt();
                    n
                })
            } else {
                compare_names(&q.name, &c.name, organisation, rarity)
            };
            let Some(mut comparison) = comparison else {
                continue;
            };
            if c.property == Property::WeakAlias {
                comparison.score *= WEAK_ALIAS_FACTOR;
            }
            comparison.property = c.property.as_str().to_string();
            if best.as_ref().is_none_or(|b| comparison.score > b.score) {
                best = Some(comparison);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use vetter_names::{analyze, NameKind};

    fn person(a: &str, b: &str) -> f32 {
        let rarity = Rarity::default();
        compare_names(
            &analyze(a, NameKind::Person),
            &analyze(b, NameKind::Person),
            false,
            &rarity,
        )
        .map_or(0.0, |c| c.score)
    }

    #[test]
    fn name_order_does_not_matter_but_conflicts_do() {
        assert!(person("Kun Kim", "KIM, Kun") > 0.99);
        assert!(person("Kim Jong Un", "KIM, Kun") < 0.5);
        assert!(person("Putin", "PUTIN, Vladimir Vladimirovich") >= 0.7);
        assert!(person("Sergey Viktorovich Lavrov", "Sergey Lavrov") > 0.8);
        assert!(person("Sergey Viktorovich Lavrov", "Sergey Borisovich Lavrov") < 0.7);
        assert!(person("Daniel Tusk", "Donald Tusk") < 0.5);
        assert!(person("AlisherUsmanov", "Alisher Usmanov") > 0.85);
        assert!(
            person(
                "ABDULLAH BIN OMAR AL-MUHAMMAD",
                "OMAR BIN ABDULLAH AL-MUHAMMAD"
            ) < 0.7
        );
    }
}
