use crate::links::Indexed;
use crate::retrieval::{letter_bit, NameWeight};
use crate::{keys, Index, Posting};
use rustc_hash::FxHashMap;
use vetter_matcher::{
    link_similarity, score, score_names, spells_initials, support_factor, MatchResult, Prepared,
    ACRONYM_LETTERS,
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
    /// bound first. Each token a query part's keys find counts, for every name it occurs in
    /// and once per part and name, the matcher's link weight (the mean of both sides'
    /// weights) times the similarity the matcher links them with, if it links them at all.
    /// Links no key finds are bounded from the indexed name ([`unkeyed_links`]); the parts
    /// left over cost the matcher's smallest penalties, for a query's and for a listed
    /// name's parts, on the side each is on (`indexed`).
    fn candidates(&self, query: &Prepared, threshold: f32, indexed: Indexed) -> Vec<Candidate> {
        // (entity, name) → weights found (bound of aligned, of the query's parts), last
        // query part counted and what it counted
        let mut accumulated: FxHashMap<(u32, u16), Found> = FxHashMap::default();
        let mut best: FxHashMap<u32, Candidate> = FxHashMap::default();
        let mut part_no = 0u32;
        let retrieval = &self.retrieval;
        // A LegalEntity query retrieves with every analysis of its names.
        let names = query
            .names
            .iter()
            .chain(&query.person_names)
            .chain(&query.organisation_names);
        for name in names {
            // The query is weighed by the index's rarity (`search`, `search_as_queries`).
            let weights = &name.weights;
            let total: f32 = weights.iter().sum();
            // Initials find nothing by key, yet the matcher may align them.
            let initials: f32 = (name.name.parts.iter().zip(weights))
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
            let singles = (name.name.parts.iter().zip(weights).enumerate())
                .map(|(i, (p, &w))| (p, w, false, if i < 64 { 1u64 << i } else { 0 }));
            let runs =
                (name.name.joined.iter().zip(&joined_weights)).map(|(j, &w)| (&j.part, w, true, 0));
            // The matcher scores no name without a word or number linked, so weak parts
            // (particles, legal forms, stop words: "al", "of", "LLC", found in thousands of
            // names) only add to the names stronger parts found, after them.
            let mut parts: Vec<_> = singles.chain(runs).collect();
            parts.sort_by_key(|(part, _, joined, _)| !joined && part.role.is_weak());
            for (part, weight, joined, bit) in parts {
                part_no += 1;
                let adds_names = joined || !part.role.is_weak();
                let mut count = |posting: &Posting, counted: Counted| {
                    let key = (posting.entity, posting.name);
                    let found = if adds_names {
                        accumulated.entry(key).or_default()
                    } else {
                        match accumulated.get_mut(&key) {
                            Some(found) => found,
                            None => return,
                        }
                    };
                    found.count(part_no, counted, weight);
                    found.parts |= bit;
                };
                // The tokens the part's keys find that the matcher links with it (keys
                // find near spellings, the matcher decides).
                let links = self
                    .links
                    .get(retrieval, &self.prepared, part, joined, indexed);
                // A word spelling the acronym of a whole indexed name links with all of its
                // words.
                for posting in &links.acronyms {
                    let words = self.name_weights.get(posting.entity, posting.name).total;
                    count(posting, Counted::whole((weight + words) / 2.0));
                }
                for &(token, similarity) in &links.tokens {
                    // The matcher weighs a link by the mean of its two sides' weights.
                    let theirs = retrieval.weights[token as usize];
                    let aligned = (weight + theirs) / 2.0;
                    let counted = Counted {
                        aligned,
                        similar: aligned * similarity,
                        theirs,
                    };
                    for posting in retrieval.names.row(token as usize) {
                        count(posting, counted);
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
                        let word = self.name_weights.get(posting.entity, posting.name).total;
                        let entry = accumulated.entry((posting.entity, posting.name));
                        entry.or_default().count(
                            part_no,
                            Counted::whole((total + word) / 2.0),
                            total,
                        );
                    }
                }
            }
            let query_name = &name.name;
            // The query parts that may link with no key finding them: words that may spell
            // an acronym, initials (bit `i`: part `i`).
            let unkeyed_candidates = UnkeyedCandidates::of(query_name);
            for (&(entity, name), found) in &accumulated {
                let indexed_name = self.name_weights.get(entity, name);
                let bound = match indexed {
                    Indexed::Candidates => {
                        // Query parts no key found may still link: a word spelling listed
                        // words' initials ("JC" / "Jean-Claude"), an initial standing for a
                        // listed word, any word a listed initial stands for.
                        let open = unkeyed_candidates.against(indexed_name) & !found.parts;
                        // Most names found by a common token alone stay below the threshold
                        // even if every such part linked with the whole listed name and the
                        // listed name had nothing left over: not worth reading it.
                        let own = masked_weight(weights, open);
                        let most = if own > 0.0 {
                            (own + indexed_name.total) / 2.0
                        } else {
                            0.0
                        };
                        let missing = (total - found.own - own).max(0.0);
                        if found.bound(most, most, QUERY_ONLY_PENALTY * missing) < threshold {
                            continue;
                        }
                        let unkeyed = match open {
                            0 => Unkeyed::default(),
                            _ => self.indexed_name(entity, name).map_or_else(
                                Unkeyed::default,
                                |listed| {
                                    unkeyed_links(
                                        query_name,
                                        weights,
                                        open,
                                        &listed.name,
                                        &listed.weights,
                                    )
                                },
                            ),
                        };
                        let missing = (total - found.own - unkeyed.own).max(0.0);
                        let theirs_missing =
                            (indexed_name.written - found.theirs - unkeyed.covered).max(0.0);
                        let penalty =
                            QUERY_ONLY_PENALTY * missing + LISTED_ONLY_PENALTY * theirs_missing;
                        found.bound(unkeyed.link, unkeyed.similar, penalty)
                    }
                    Indexed::Queries => {
                        // The customer's parts that may link with no key finding them.
                        let unkeyed = self.indexed_name(entity, name).map_or_else(
                            Unkeyed::default,
                            |customer| {
                                unkeyed_links(
                                    &customer.name,
                                    &customer.weights,
                                    u64::MAX,
                                    query_name,
                                    weights,
                                )
                            },
                        );
                        let missing = (total - found.own - initials - unkeyed.covered).max(0.0);
                        let theirs_missing =
                            (indexed_name.written - found.theirs - unkeyed.own).max(0.0);
                        let penalty =
                            LISTED_ONLY_PENALTY * missing + QUERY_ONLY_PENALTY * theirs_missing;
                        found.bound(unkeyed.link, unkeyed.similar, penalty)
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
    /// Bound of the aligned weight times the similarity it aligns with.
    similar: f32,
    /// Weight of the query's parts found.
    own: f32,
    /// The query name's single parts found (bit `i` for part `i < 64`).
    parts: u64,
    /// Weight of the indexed name's parts found (a bound: a part found by several query
    /// parts counts for each).
    theirs: f32,
    /// The query part counted last, and the most it counted.
    part: u32,
    counted: Counted,
}

/// What one token a query part found counts for a name it occurs in.
#[derive(Debug, Clone, Copy, Default)]
struct Counted {
    /// Weight the matcher may align.
    aligned: f32,
    /// That weight times the similarity the matcher links the token with.
    similar: f32,
    /// Weight of the indexed token.
    theirs: f32,
}

impl Counted {
    /// A whole name's weight, at any similarity, standing for any indexed weight (an
    /// acronym).
    fn whole(weight: f32) -> Self {
        Counted {
            aligned: weight,
            similar: weight,
            theirs: f32::INFINITY,
        }
    }
}

impl Found {
    /// Upper bound of the matcher's name score when the name's links found by key, plus
    /// `link` weight linked at `similar` weight times similarity by other rules, are all
    /// the name's links, and the parts left over cost `penalty`: the matcher divides the
    /// weight linked, times its similarity, by the weight linked plus its penalties, and
    /// scales that by the support of the weight linked.
    fn bound(&self, link: f32, similar: f32, penalty: f32) -> f32 {
        let (aligned, similar) = (self.aligned + link, self.similar + similar);
        similar / (similar + penalty) * support_factor(aligned)
    }

    /// Counts query part `part` (of weight `own`) found through a token; a part found
    /// through several tokens counts once, with the most each of them counts.
    fn count(&mut self, part: u32, counted: Counted, own: f32) {
        if self.part == part {
            let raise = |total: &mut f32, most: &mut f32, new: f32| {
                if new > *most {
                    *total += new - *most;
                    *most = new;
                }
            };
            raise(
                &mut self.aligned,
                &mut self.counted.aligned,
                counted.aligned,
            );
            raise(
                &mut self.similar,
                &mut self.counted.similar,
                counted.similar,
            );
            raise(&mut self.theirs, &mut self.counted.theirs, counted.theirs);
        } else {
            self.part = part;
            self.counted = counted;
            self.aligned += counted.aligned;
            self.similar += counted.similar;
            self.own += own;
            self.theirs += counted.theirs;
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

/// The parts of a query name that may link with no blocking key finding them, with the
/// letters each needs the other name to have.
struct UnkeyedCandidates {
    /// (part index < 64, letters the other name's words must begin with, first letter,
    /// whether an initial of the other name may stand for it)
    parts: Vec<(usize, u32, u32, bool)>,
}

impl UnkeyedCandidates {
    /// Words that may spell an acronym (2 to 5 letters, as the matcher links acronyms),
    /// initials, and written parts that are not family names (an initial may stand for them).
    fn of(name: &Name) -> Self {
        let parts = (name.parts.iter().take(64).enumerate())
            .filter_map(|(i, p)| {
                let first = letter_bit(*p.text.as_bytes().first()?);
                let spells = match p.role {
                    PartRole::Word if ACRONYM_LETTERS.contains(&p.text.len()) => {
                        p.text.bytes().fold(0, |letters, b| letters | letter_bit(b))
                    }
                    PartRole::Initial => first,
                    // Needs no word of the other name: only its initials can link it.
                    _ => 0,
                };
                // An initial of the other name may stand for a written part that is not a
                // family name, or be the same initial.
                let initial_may_stand =
                    p.role == PartRole::Initial || (!p.family && p.text.len() > 1);
                Some((i, spells, first, initial_may_stand))
            })
            .collect();
        UnkeyedCandidates { parts }
    }

    /// The parts (bit `i`: part `i`) that may link with a name of these letters: those whose
    /// letters its words begin with, and those one of its initials may stand for.
    fn against(&self, other: NameWeight) -> u64 {
        let mut open = 0u64;
        for &(i, spells, first, initial_may_stand) in &self.parts {
            let spelled = spells != 0 && spells & !other.word_letters == 0;
            let abbreviated = initial_may_stand && other.initial_letters & first != 0;
            if spelled || abbreviated {
                open |= 1 << i;
            }
        }
        open
    }
}

/// Total weight of the parts in `mask` (bit `i`: part `i`).
fn masked_weight(weights: &[f32], mask: u64) -> f32 {
    (weights.iter().take(64).enumerate())
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, w)| w)
        .sum()
}

/// Links the matcher may make between two names that no blocking key finds, each bounded
/// by the most it can weigh.
#[derive(Debug, Clone, Copy, Default)]
struct Unkeyed {
    /// Weight of the links (the mean of their two sides' weights).
    link: f32,
    /// The same times their similarity.
    similar: f32,
    /// Weight of the query side's parts linked.
    own: f32,
    /// Weight of the other side's parts linked.
    covered: f32,
}

/// [`Unkeyed`] links of the parts of `q` in `open` (bit `i`: part `i`) with `c`, as the
/// matcher makes them: a word spelling the initials of a run of words (its acronym links,
/// [`spells_initials`]), and the part comparisons where either side is an initial (the
/// same initial, or an initial standing for a written name). Each part counts its heaviest
/// link and, apart, its most similar weight; a part of `c` may count for several (still a
/// bound).
fn unkeyed_links(q: &Name, qw: &[f32], open: u64, c: &Name, cw: &[f32]) -> Unkeyed {
    let mut out = Unkeyed::default();
    for (i, (part, &weight)) in q.parts.iter().zip(qw).take(64).enumerate() {
        if open & (1 << i) == 0 {
            continue;
        }
        // (weight of the other side's parts, similarity) of each possible link
        let acronyms = (ACRONYM_LETTERS.contains(&part.text.len()))
            .then(|| {
                c.parts
                    .windows(part.text.len())
                    .zip(cw.windows(part.text.len()))
            })
            .into_iter()
            .flatten()
            .filter(|(run, _)| spells_initials(part, run))
            .map(|(_, weights)| (weights.iter().sum::<f32>(), 1.0));
        let initials = (c.parts.iter().zip(cw))
            .filter(|(other, _)| part.role == PartRole::Initial || other.role == PartRole::Initial)
            .filter_map(|(other, &w)| Some((w, link_similarity(part, false, other, false)?)));
        let mut linked = false;
        let (mut covered, mut similar) = (0.0f32, 0.0f32);
        for (weight_covered, similarity) in acronyms.chain(initials) {
            linked = true;
            covered = covered.max(weight_covered);
            similar = similar.max((weight + weight_covered) / 2.0 * similarity);
        }
        if linked {
            out.link += (weight + covered) / 2.0;
            out.similar += similar;
            out.own += weight;
            out.covered += covered;
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
