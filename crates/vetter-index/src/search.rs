use crate::{keys, Index, Posting};
use rustc_hash::FxHashMap;
use vetter_matcher::{
    can_link, part_weight, score, score_names, support_factor, MatchResult, Prepared,
};
use vetter_model::Schema;
use vetter_names::{Name, PartRole};

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
/// The matcher's smallest penalty per unit of listed weight left unaligned (a person's
/// omitted middle name), for the bound of a search the other way round.
const LISTED_ONLY_PENALTY: f32 = 0.2;
/// Slack on the retrieval weight, since listed parts may weigh more than query parts.
const WEIGHT_SLACK: f32 = 1.15;

/// Which side of the matcher's comparison the indexed entities are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Indexed {
    /// Listed entities, compared as candidates with a query (screening).
    Candidates,
    /// Customers, each compared as a query with one listed entity (monitoring).
    Queries,
}

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
        let candidates = self.candidates(query, options.cutoff - bonus, Indexed::Candidates);
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

    /// The indexed entities (customers) that, screened as queries against `listed`, score
    /// at least `cutoff`, best first, each scored exactly as that screening scores it. The
    /// index must weigh names as the lists do ([`Index::from_entities_with_rarity`]). Every
    /// candidate whose bound reaches the cut-off is scored: no limit, for completeness.
    pub fn search_as_queries(&self, listed: &Prepared, cutoff: f32) -> Vec<Hit> {
        let mut listed = listed.clone();
        listed.weigh(&self.rarity);
        let listed = &listed;
        // Evidence beyond the name as screening a customer adds it: an identifier only
        // when both sides have one.
        let bonus = |customer: &Prepared| {
            let shared_identifiers =
                !listed.identifiers.is_empty() && !customer.identifiers.is_empty();
            EVIDENCE_BONUS
                + if shared_identifiers {
                    IDENTIFIER_BONUS
                } else {
                    0.0
                }
        };
        let most = bonus(listed);
        let mut hits: Vec<Hit> = self
            .candidates(listed, cutoff - most, Indexed::Queries)
            .into_iter()
            .filter_map(|candidate| {
                let customer = &self.prepared[candidate.entity as usize];
                (candidate.bound + bonus(customer) >= cutoff).then(|| Hit {
                    entity: candidate.entity,
                    result: score(customer, listed, &self.rarity),
                })
            })
            .filter(|hit| hit.result.score >= cutoff)
            .collect();
        let all = hits.len();
        rank(&mut hits, all);
        hits
    }

    /// Weight of an indexed name that the matcher charges when parts of it stay unaligned:
    /// its parts but initials (which find nothing by key yet may align); 0 for a
    /// LegalEntity, whose names may be compared in another analysis.
    fn indexed_weight(&self, entity: u32, name: u16) -> f32 {
        let prepared = &self.prepared[entity as usize];
        if prepared.schema == Schema::LegalEntity {
            return 0.0;
        }
        prepared.names.get(usize::from(name)).map_or(0.0, |n| {
            (n.name.parts.iter().zip(&n.weights))
                .filter(|(p, _)| p.role != PartRole::Initial)
                .map(|(_, w)| w)
                .sum()
        })
    }

    /// The indexed name `name` of `entity`, with its weights.
    fn indexed_name(&self, entity: u32, name: u16) -> Option<&vetter_matcher::PreparedName> {
        self.prepared[entity as usize].names.get(usize::from(name))
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
    /// every name the token occurs in, once per part and name. When the indexed entities
    /// are the queries, a part found counts the mean of its weight and the token's (the
    /// matcher's aligned weight), and the bound charges the query's parts left unfound at
    /// the matcher's smallest penalty for listed parts left unaligned, and the indexed
    /// name's parts left unfound at its smallest penalty for query parts.
    fn candidates(&self, query: &Prepared, threshold: f32, indexed: Indexed) -> Vec<Candidate> {
        // (entity, name) → weights found (bound of aligned, of the query's parts), last
        // query part counted and what it counted
        let mut accumulated: FxHashMap<(u32, u16), Found> = FxHashMap::default();
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
            // Initials find nothing by key, yet the matcher may align them.
            let initials: f32 = (name.name.parts.iter().zip(&weights))
                .filter(|(p, _)| p.role == PartRole::Initial)
                .map(|(_, w)| w)
                .sum();
            accumulated.clear();
            // Joined runs of query parts look up listed single tokens ("Pol Pot" / "PolPot");
            // their weight is that of the run (the bound may count it twice: still a bound).
            let joined_weights: Vec<f32> = name
                .name
                .joined
                .iter()
                .map(|j| weights[j.start..j.start + j.len].iter().sum())
                .collect();
            let singles = (name.name.parts.iter().zip(&weights).enumerate())
                .map(|(i, p)| (p, false, if i < 64 { 1u64 << i } else { 0 }));
            let runs = (name.name.joined.iter().map(|j| &j.part))
                .zip(&joined_weights)
                .map(|p| (p, true, 0));
            for ((part, &weight), joined, bit) in singles.chain(runs) {
                part_no += 1;
                let mut count = |posting: &Posting, aligned: f32, theirs: f32| {
                    let entry = accumulated.entry((posting.entity, posting.name));
                    let found = entry.or_default();
                    found.count(part_no, aligned, weight, theirs);
                    found.parts |= bit;
                };
                found.clear();
                let part_keys = if joined {
                    keys::joined_query_keys(part)
                } else {
                    keys::query_keys(part)
                };
                for key in part_keys {
                    found.extend_from_slice(retrieval.keys.get(key));
                    // An acronym stands for a whole name.
                    let whole = if indexed == Indexed::Queries {
                        total
                    } else {
                        weight
                    };
                    for posting in retrieval.acronyms.get(key) {
                        count(posting, whole, f32::INFINITY);
                    }
                }
                found.sort_unstable();
                found.dedup();
                for &token in &found {
                    // A token the matcher could never link with this part counts nothing:
                    // keys find near spellings, the matcher decides.
                    let listed = retrieval.token(&self.prepared, token);
                    let listed_joined = retrieval.joined[token as usize];
                    let linkable = match indexed {
                        Indexed::Candidates => can_link(part, joined, listed, listed_joined),
                        Indexed::Queries => can_link(listed, listed_joined, part, joined),
                    };
                    if !linkable {
                        continue;
                    }
                    let theirs = retrieval.weights[token as usize];
                    let aligned = match indexed {
                        Indexed::Candidates => weight,
                        Indexed::Queries => (weight + theirs) / 2.0,
                    };
                    for posting in retrieval.names.row(token as usize) {
                        count(posting, aligned, theirs);
                    }
                }
            }
            // A customer's one-word name may spell the listed name's acronym.
            if indexed == Indexed::Queries {
                part_no += 1;
                let tokens = keys::acronym_text_key(&name.name)
                    .map_or(&[][..], |key| retrieval.keys.get(key));
                for &token in tokens {
                    for posting in retrieval.names.row(token as usize) {
                        let entry = accumulated.entry((posting.entity, posting.name));
                        entry
                            .or_default()
                            .count(part_no, total, total, f32::INFINITY);
                    }
                }
            }
            let query_name = &name.name;
            // The words that may spell an acronym of listed words (bit `i`: part `i`).
            let acronym_candidates = acronym_words(query_name);
            for (&(entity, name), found) in &accumulated {
                let bound = match indexed {
                    Indexed::Candidates => {
                        // A query word found by no key may still spell listed words as an
                        // acronym ("JC" / "Jean-Claude"): its weight may align, and it may
                        // cover as many listed words as it has letters.
                        let unfound = acronym_candidates & !found.parts;
                        // Most names found by a common token alone stay below the threshold
                        // even if every unfound acronym candidate aligned and the listed
                        // name had nothing left over: not worth reading the listed name.
                        let most = found.aligned + masked_weight(&weights, unfound);
                        let matched = (most * WEIGHT_SLACK).min(total.max(most));
                        let missing = (total - most).max(0.0);
                        if matched / (matched + QUERY_ONLY_PENALTY * missing)
                            * support_factor(matched)
                            < threshold
                        {
                            continue;
                        }
                        let (acronym_weight, acronym_words) = match unfound {
                            0 => (0.0, 0.0),
                            _ => self
                                .indexed_name(entity, name)
                                .map_or((0.0, 0.0), |listed| {
                                    acronyms(query_name, &weights, unfound, &listed.name)
                                }),
                        };
                        let weight = found.aligned + acronym_weight;
                        let matched = (weight * WEIGHT_SLACK).min(total.max(weight));
                        let missing = (total - weight).max(0.0);
                        let theirs_missing =
                            (self.indexed_weight(entity, name) - found.theirs - acronym_words)
                                .max(0.0);
                        matched
                            / (matched
                                + QUERY_ONLY_PENALTY * missing
                                + LISTED_ONLY_PENALTY * theirs_missing)
                            * support_factor(matched)
                    }
                    Indexed::Queries => {
                        // The customer's words that may be acronyms of listed words: their
                        // weight may align, and they may cover that many listed words.
                        let (acronym_weight, acronym_words) = self
                            .indexed_name(entity, name)
                            .map_or((0.0, 0.0), |customer| {
                                let eligible = acronym_words(&customer.name);
                                acronyms(&customer.name, &customer.weights, eligible, query_name)
                            });
                        let matched = found.aligned + acronym_weight;
                        let missing = (total - found.own - initials - acronym_words).max(0.0);
                        let theirs_missing =
                            (self.indexed_weight(entity, name) - found.theirs - acronym_weight)
                                .max(0.0);
                        let aligned = matched
                            / (matched
                                + LISTED_ONLY_PENALTY * missing
                                + QUERY_ONLY_PENALTY * theirs_missing)
                            * support_factor(matched);
                        // Never below the bound screening the customer computes (its found
                        // weight with the same slack), so that the search the other way
                        // round finds whatever screening finds.
                        let customer_total: f32 = self
                            .indexed_name(entity, name)
                            .map_or(0.0, |customer| customer.weights.iter().sum());
                        let weight = found.theirs + acronym_weight;
                        let slack = (weight * WEIGHT_SLACK).min(customer_total.max(weight));
                        let screening = slack
                            / (slack
                                + QUERY_ONLY_PENALTY * (customer_total - weight).max(0.0)
                                + LISTED_ONLY_PENALTY * missing)
                            * support_factor(slack);
                        aligned.max(screening)
                    }
                };
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

/// The weight a name's blocking keys found for one query name.
#[derive(Default)]
struct Found {
    /// Bound of the weight the matcher may align.
    aligned: f32,
    /// Weight of the query's parts found.
    own: f32,
    /// The query name's single parts found (bit `i` for part `i < 64`).
    parts: u64,
    /// Weight of the indexed name's parts found (a bound: a part found by several query
    /// parts counts for each).
    theirs: f32,
    /// The query part counted last, and the aligned and indexed weights it counted.
    part: u32,
    counted: f32,
    counted_theirs: f32,
}

impl Found {
    /// Counts query part `part` (of weight `own`) found with `aligned` weight; a part found
    /// through several tokens counts once, with the most it can align.
    fn count(&mut self, part: u32, aligned: f32, own: f32, theirs: f32) {
        if self.part == part {
            if aligned > self.counted {
                self.aligned += aligned - self.counted;
                self.counted = aligned;
            }
            if theirs > self.counted_theirs {
                self.theirs += theirs - self.counted_theirs;
                self.counted_theirs = theirs;
            }
        } else {
            self.part = part;
            self.counted = aligned;
            self.counted_theirs = theirs;
            self.aligned += aligned;
            self.own += own;
            self.theirs += theirs;
        }
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

/// The parts of `name` that may spell an acronym (words of 2 to 5 letters, as the matcher
/// links acronyms), bit `i` for part `i < 64`.
fn acronym_words(name: &Name) -> u64 {
    (name.parts.iter().take(64).enumerate())
        .filter(|(_, p)| p.role == PartRole::Word && (2..=5).contains(&p.text.len()))
        .fold(0, |mask, (i, _)| mask | 1 << i)
}

/// Total weight of the parts in `mask` (bit `i`: part `i`).
fn masked_weight(weights: &[f32], mask: u64) -> f32 {
    (weights.iter().take(64).enumerate())
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, w)| w)
        .sum()
}

/// Weight and letters of the words of `short` in `eligible` (bit `i`: part `i`, from
/// [`acronym_words`]) that spell the initials of a run of words of `long`, as the matcher
/// links acronyms: the weight they may align and how many words of `long` they may cover.
fn acronyms(short: &Name, weights: &[f32], eligible: u64, long: &Name) -> (f32, f32) {
    let mut out = (0.0, 0.0);
    for (i, (part, weight)) in short.parts.iter().zip(weights).take(64).enumerate() {
        if eligible & (1 << i) == 0 {
            continue;
        }
        let len = part.text.len();
        let spells = long.parts.windows(len).any(|run| {
            run.iter()
                .zip(part.text.bytes())
                .all(|(p, b)| p.role == PartRole::Word && p.text.as_bytes().first() == Some(&b))
        });
        if spells {
            out.0 += weight;
            out.1 += len as f32;
        }
    }
    out
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
