//! # vetter-matcher
//!
//! Scores how likely a query entity (a customer, a payment party, a name typed by an analyst)
//! is the same party as a listed entity, and explains why.
//!
//! * [`Prepared`] holds an entity analysed once for matching: its names as
//!   [`vetter_names::Name`]s, parsed birth dates, countries, gender and normalised identifiers.
//! * [`Rarity`] weighs name tokens by how common they are on the lists, so that a shared
//!   "Kim" or "Trading" counts for less than a shared "Pheap".
//! * [`score`] compares two prepared entities and returns a [`MatchResult`]: the score, the
//!   `match` decision at [`MATCH_THRESHOLD`] and an [`Explanation`] whose JSON form is stable
//!   (documented in the README).
//!
//! The name score aligns name parts one-to-one (any order, joined and split tokens
//! allowed), then divides the matched weight by the matched weight plus penalties: a part
//! that contradicts a part of the other name costs most, a part only the query has costs
//! less, and a part only the listed name has (a middle name or patronymic the customer
//! omitted) costs least. Birth dates, countries, gender and identifiers then raise or lower
//! the score, each with a recorded reason.

mod evidence;
mod explain;
mod names;
mod prepare;
mod rarity;

pub use explain::{Alignment, Explanation, Feature, NameComparison};
pub use names::{link_similarity, spells_initials, support_factor, ACRONYM_LETTERS};
pub use prepare::{Prepared, PreparedName};
pub use rarity::Rarity;

use vetter_model::Schema;

/// Version of the scoring algorithm; stamped on every result so a screening can be
/// reproduced.
pub const ALGORITHM: &str = "vetter-name-evidence-2";

/// Scores at or above this value are reported as matches.
pub const MATCH_THRESHOLD: f32 = 0.70;

/// The score of one query–candidate pair.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MatchResult {
    /// Score in [0, 1].
    pub score: f32,
    /// `score >= MATCH_THRESHOLD`.
    pub is_match: bool,
    /// Why.
    pub explanation: Explanation,
}

/// Scores `query` against `candidate`. Schemata that cannot describe the same thing
/// (a Person and a Company) score 0.
pub fn score(query: &Prepared, candidate: &Prepared, rarity: &Rarity) -> MatchResult {
    score_with(query, candidate, rarity, None)
}

/// Scores `query` against the candidate's names at the given indexes of `candidate.names`
/// only (the names retrieval found), with their evidence.
pub fn score_names(
    query: &Prepared,
    candidate: &Prepared,
    rarity: &Rarity,
    names: &[u16],
) -> MatchResult {
    score_with(query, candidate, rarity, Some(names))
}

fn score_with(
    query: &Prepared,
    candidate: &Prepared,
    rarity: &Rarity,
    names: Option<&[u16]>,
) -> MatchResult {
    if !query.schema.can_match(candidate.schema) {
        return MatchResult {
            score: 0.0,
            is_match: false,
            explanation: Explanation::schema_mismatch(query.schema, candidate.schema),
        };
    }
    let name = names::best_name_comparison(query, candidate, rarity, names);
    let mut features = Vec::new();
    let mut total = 0.0;
    if let Some(name) = &name {
        features = evidence::compare(query, candidate);
        // Corroborating evidence lifts the support of a name made of common tokens; the
        // similarity of the names is not changed by it.
        let lift: f32 = features.iter().map(|f| f.support_lift).sum();
        let similarity = name.score / name.support.max(f32::EPSILON);
        total = similarity * (name.support + lift).min(1.0)
            + features.iter().map(|f| f.contribution).sum::<f32>();
    }
    let score = (total.clamp(0.0, 1.0) * 1000.0).round() / 1000.0;
    MatchResult {
        score,
        is_match: score >= MATCH_THRESHOLD,
        explanation: Explanation {
            algorithm: ALGORITHM,
            name,
            features,
            schema: None,
        },
    }
}

/// The schema to analyse names with when the query does not say.
pub fn default_schema() -> Schema {
    Schema::LegalEntity
}
