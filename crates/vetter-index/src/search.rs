use crate::{keys, Index};
use vetter_matcher::{part_weight, score, MatchResult, Prepared};
use vetter_model::Schema;

/// What to search for and how many results to return.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Maximum number of results.
    pub limit: usize,
    /// Minimum score of a reported result.
    pub cutoff: f32,
    /// Only entities from these datasets (all when empty).
    pub datasets: Vec<String>,
    /// Never return these entity ids.
    pub exclude_ids: Vec<String>,
    /// Never return entities of these schemata.
    pub exclude_schemata: Vec<Schema>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 5,
            cutoff: 0.5,
            datasets: Vec::new(),
            exclude_ids: Vec::new(),
            exclude_schemata: Vec::new(),
        }
    }
}

/// One scored candidate.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Index of the entity in [`Index::entities`].
    pub entity: u32,
    /// Score and explanation.
    pub result: MatchResult,
}

/// Largest amount evidence beyond the name can add (birth day + country, identifier).
const EVIDENCE_BONUS: f32 = 0.07;
const IDENTIFIER_BONUS: f32 = 0.20;
/// Slack on the retrieval weight, since listed parts may weigh more than query parts.
const WEIGHT_SLACK: f32 = 1.15;
/// Most candidates scored for one query, a guard for p99 latency.
const MAX_SCORED: usize = 1500;

impl Index {
    /// The best-scoring listed entities for a query, best first, ties broken by entity order.
    pub fn search(&self, query: &Prepared, options: &SearchOptions) -> Vec<Hit> {
        let mut query = query.clone();
        query.weigh(&self.rarity);
        let query = &query;
        let candidates = self.candidates(query);
        let bonus = EVIDENCE_BONUS
            + if query.identifiers.is_empty() {
                0.0
            } else {
                IDENTIFIER_BONUS
            };
        let mut hits: Vec<Hit> = Vec::new();
        let mut floor = options.cutoff;
        for (scored, (entity, bound)) in candidates.into_iter().enumerate() {
            if bound + bonus < floor || scored >= MAX_SCORED {
                break;
            }
            if !self.admits(entity, query.schema, options) {
                continue;
            }
            let result = score(query, &self.prepared[entity as usize], &self.rarity);
            if result.score >= options.cutoff {
                hits.push(Hit { entity, result });
                if hits.len() >= options.limit {
                    rank(&mut hits, options.limit);
                    if let Some(last) = hits.last() {
                        floor = floor.max(last.result.score);
                    }
                }
            }
        }
        rank(&mut hits, options.limit);
        hits
    }

    fn admits(&self, entity: u32, schema: Schema, options: &SearchOptions) -> bool {
        let candidate = &self.entities[entity as usize];
        if !schema.can_match(candidate.schema)
            || options.exclude_schemata.contains(&candidate.schema)
        {
            return false;
        }
        if options.exclude_ids.contains(&candidate.id) {
            return false;
        }
        options.datasets.is_empty()
            || candidate
                .sources
                .iter()
                .any(|s| options.datasets.contains(&s.dataset))
    }

    /// Candidates sharing a blocking key with a query name, with an upper bound of their
    /// name score, highest bound first.
    fn candidates(&self, query: &Prepared) -> Vec<(u32, f32)> {
        let n = self.entities.len();
        let mut best = vec![0.0f32; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut accumulated = vec![0.0f32; n];
        let mut stamp = vec![u32::MAX; n];
        let mut name_touched: Vec<u32> = Vec::new();
        let mut part_no = 0u32;
        {
            // A LegalEntity query retrieves with every analysis of its names.
            let names = query
                .names
                .iter()
                .chain(&query.person_names)
                .chain(&query.organisation_names);
            for name in names {
                let weights: Vec<f32> = name
                    .name
                    .parts
                    .iter()
                    .map(|p| part_weight(p, &self.rarity))
                    .collect();
                let total: f32 = weights.iter().sum();
                name_touched.clear();
                for (part, weight) in name.name.parts.iter().zip(&weights) {
                    part_no += 1;
                    for key in keys::query_keys(part) {
                        let Some(list) = self.postings.get(&key) else {
                            continue;
                        };
                        for &entity in list {
                            let e = entity as usize;
                            if stamp[e] == part_no {
                                continue;
                            }
                            if accumulated[e] == 0.0 {
                                name_touched.push(entity);
                            }
                            stamp[e] = part_no;
                            accumulated[e] += weight;
                        }
                    }
                }
                for &entity in &name_touched {
                    let e = entity as usize;
                    let matched = (accumulated[e] * WEIGHT_SLACK).min(total.max(accumulated[e]));
                    let missing = (total - accumulated[e]).max(0.0);
                    let bound = matched / (matched + 0.6 * missing) * matched.min(1.0).sqrt();
                    if best[e] == 0.0 {
                        touched.push(entity);
                    }
                    best[e] = best[e].max(bound);
                    accumulated[e] = 0.0;
                }
            }
        }
        let mut out: Vec<(u32, f32)> = touched.into_iter().map(|e| (e, best[e as usize])).collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

/// Keeps the `limit` best hits, best first; equal scores in index order (deterministic).
fn rank(hits: &mut Vec<Hit>, limit: usize) {
    hits.sort_by(|a, b| {
        b.result
            .score
            .total_cmp(&a.result.score)
            .then(a.entity.cmp(&b.entity))
    });
    hits.truncate(limit);
}
