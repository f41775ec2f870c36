use crate::{keys, Index, Posting};
use rustc_hash::FxHashMap;
use vetter_matcher::{part_weight, score_names, support_factor, MatchResult, Prepared};
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
/// The matcher's smallest penalty per unit of query weight left unaligned (a person's
/// query-only part), so that the bound never falls below a score the matcher could give.
const QUERY_ONLY_PENALTY: f32 = 0.45;
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
        let bonus = EVIDENCE_BONUS
            + if query.identifiers.is_empty() {
                0.0
            } else {
                IDENTIFIER_BONUS
            };
        let candidates = self.candidates(query, options.cutoff - bonus);
        let mut hits: Vec<Hit> = Vec::new();
        let mut floor = options.cutoff;
        let mut names: Vec<u16> = Vec::new();
        for (scored, candidate) in candidates.into_iter().enumerate() {
            if candidate.bound + bonus < floor || scored >= MAX_SCORED {
                break;
            }
            let entity = candidate.entity;
            if !self.admits(entity, query.schema, options) {
                continue;
            }
            // Only the names that can still reach the floor are compared.
            names.clear();
            names.extend(
                candidate
                    .names
                    .iter()
                    .filter(|(_, bound)| bound + bonus >= floor)
                    .map(|(name, _)| *name),
            );
            let result = score_names(query, &self.prepared[entity as usize], &self.rarity, &names);
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

    /// Candidates sharing a blocking key with a query name whose upper bound of the score
    /// reaches `threshold`, each with the names that do (with their own bounds), highest
    /// bound first. Each listed token a query part's keys find counts the part's weight for
    /// every name the token occurs in, once per part and name.
    fn candidates(&self, query: &Prepared, threshold: f32) -> Vec<Candidate> {
        // (entity, name) → (accumulated weight, last query part counted)
        let mut accumulated: FxHashMap<(u32, u16), (f32, u32)> = FxHashMap::default();
        let mut best: FxHashMap<u32, Candidate> = FxHashMap::default();
        let mut part_no = 0u32;
        let retrieval = &self.retrieval;
        let mut found: Vec<u32> = Vec::new();
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
            accumulated.clear();
            // Joined runs of query parts look up listed single tokens ("Pol Pot" / "PolPot");
            // their weight is that of the run (the bound may count it twice: still a bound).
            let joined_weights: Vec<f32> = name
                .name
                .joined
                .iter()
                .map(|j| weights[j.start..j.start + j.len].iter().sum())
                .collect();
            let parts = name.name.parts.iter().zip(&weights).chain(
                name.name
                    .joined
                    .iter()
                    .map(|j| &j.part)
                    .zip(&joined_weights),
            );
            for (part, &weight) in parts {
                part_no += 1;
                let mut count = |posting: &Posting| {
                    let entry = accumulated
                        .entry((posting.entity, posting.name))
                        .or_insert((0.0, 0));
                    if entry.1 != part_no {
                        entry.0 += weight;
                        entry.1 = part_no;
                    }
                };
                found.clear();
                for key in keys::query_keys(part) {
                    found.extend_from_slice(retrieval.keys.get(key));
                    retrieval.acronyms.get(key).iter().for_each(&mut count);
                }
                found.sort_unstable();
                found.dedup();
                for &token in &found {
                    retrieval
                        .names
                        .row(token as usize)
                        .iter()
                        .for_each(&mut count);
                }
            }
            for (&(entity, name), &(weight, _)) in &accumulated {
                let matched = (weight * WEIGHT_SLACK).min(total.max(weight));
                let missing = (total - weight).max(0.0);
                let bound =
                    matched / (matched + QUERY_ONLY_PENALTY * missing) * support_factor(matched);
                // A name below the threshold is never compared.
                if bound < threshold {
                    continue;
                }
                let candidate = best.entry(entity).or_insert_with(|| Candidate {
                    entity,
                    bound: 0.0,
                    names: Vec::new(),
                });
                candidate.bound = candidate.bound.max(bound);
                match candidate.names.iter_mut().find(|(n, _)| *n == name) {
                    Some(existing) => existing.1 = existing.1.max(bound),
                    None => candidate.names.push((name, bound)),
                }
            }
        }
        let mut out: Vec<Candidate> = best.into_values().collect();
        out.sort_by(|a, b| b.bound.total_cmp(&a.bound).then(a.entity.cmp(&b.entity)));
        out
    }
}

/// An entity that shares blocking keys with the query.
struct Candidate {
    entity: u32,
    /// Upper bound of its name score.
    bound: f32,
    /// Its names that share keys, with the bound of each.
    names: Vec<(u16, f32)>,
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
