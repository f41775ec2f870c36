//! # vetter-index
//!
//! The screening index: every listed entity with its provenance, the list versions it was
//! built from, and the structures that find candidates for a query fast.
//!
//! * [`Index::build`] takes parsed lists ([`vetter_sources::LoadedList`]) and prepares every
//!   entity for matching ([`vetter_matcher::Prepared`]), computes token rarity
//!   ([`vetter_matcher::Rarity`]), and files every distinct listed token (name part, or run
//!   of parts joined) under its blocking keys ([`keys`]) in flat tables.
//! * [`Index::save`] writes one file (postcard-encoded sections, written to a temporary file
//!   and renamed, so a failed build never replaces a good index) and [`Index::load`] reads
//!   it without analysing the names again.
//! * [`Index::search`] retrieves the names whose tokens share a blocking key with the
//!   query, orders them by an upper bound of their possible score, and scores them with the
//!   matcher until no remaining candidate can reach the cut-off.
//! * [`Index::search_as_queries`] is the same search the other way round: the indexed
//!   entities (a customer book) that, screened against a given listed entity, would match it.

pub mod keys;
mod links;
mod retrieval;
mod search;
mod store;
mod stored;

pub use search::{Hit, SearchOptions};
pub use store::{IndexError, ListVersion};

use std::collections::HashMap;
use vetter_matcher::{Prepared, Rarity};
use vetter_model::Entity;

/// One entry of a posting list: a name of an entity filed under a blocking key.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
struct Posting {
    /// Index of the entity.
    entity: u32,
    /// Index of the name in the entity's prepared names.
    name: u16,
}

/// A built screening index.
pub struct Index {
    lists: Vec<ListVersion>,
    entities: Vec<Entity>,
    prepared: Vec<Prepared>,
    rarity: Rarity,
    retrieval: retrieval::Retrieval,
    name_weights: retrieval::NameWeights,
    by_id: HashMap<String, u32>,
    /// What each query part finds, memoised (derived, never stored).
    links: links::LinkCache,
}

impl Index {
    /// The list versions the index was built from.
    pub fn lists(&self) -> &[ListVersion] {
        &self.lists
    }

    /// All entities, in index order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Token rarity over the index's entities.
    pub fn rarity(&self) -> &Rarity {
        &self.rarity
    }

    /// The entity with this id.
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|i| &self.entities[*i as usize])
    }

    /// The prepared (analysed) form of the entity at `index`.
    pub fn prepared(&self, index: u32) -> &Prepared {
        &self.prepared[index as usize]
    }

    /// Number of posting lists (distinct blocking keys).
    pub fn key_count(&self) -> usize {
        self.retrieval.key_count()
    }

    /// Assembles an index from entities and their list versions.
    pub fn from_entities(lists: Vec<ListVersion>, entities: Vec<Entity>) -> Self {
        Self::weighed_by(lists, entities, None)
    }

    /// Assembles an index whose names are weighed by another index's token rarity: a
    /// customer book searched with [`Index::search_as_queries`] for the customers that a
    /// listed entity matches weighs its names as screening them against the lists would.
    pub fn from_entities_with_rarity(
        lists: Vec<ListVersion>,
        entities: Vec<Entity>,
        rarity: Rarity,
    ) -> Self {
        Self::weighed_by(lists, entities, Some(rarity))
    }

    fn weighed_by(lists: Vec<ListVersion>, entities: Vec<Entity>, rarity: Option<Rarity>) -> Self {
        use rayon::prelude::*;
        let mut prepared: Vec<Prepared> = entities.par_iter().map(Prepared::new).collect();
        let rarity = rarity.unwrap_or_else(|| Rarity::of_entities(&prepared));
        prepared.par_iter_mut().for_each(|p| p.weigh(&rarity));
        let retrieval = retrieval::Retrieval::build(&prepared);
        Self::assemble(lists, entities, prepared, rarity, retrieval)
    }

    /// An index from its parts (built, or read from a file).
    fn assemble(
        lists: Vec<ListVersion>,
        entities: Vec<Entity>,
        prepared: Vec<Prepared>,
        rarity: Rarity,
        retrieval: retrieval::Retrieval,
    ) -> Self {
        // An entity merged by cross-list resolution answers to its source records' ids too.
        let by_id = entities
            .iter()
            .enumerate()
            .flat_map(|(i, e)| e.ids().map(move |id| (id.to_string(), i as u32)))
            .collect();
        Index {
            lists,
            entities,
            name_weights: retrieval::NameWeights::new(&prepared),
            prepared,
            rarity,
            retrieval,
            by_id,
            links: links::LinkCache::default(),
        }
    }

    /// Builds an index from parsed lists, merging the records of one party on several
    /// lists into one canonical entity ([`vetter_resolve::resolve`], no decisions).
    pub fn build(lists: Vec<vetter_sources::LoadedList>) -> Self {
        Self::build_resolved(lists, &vetter_resolve::Decisions::default()).0
    }

    /// Builds an index from parsed lists with cross-list resolution following `decisions`;
    /// also returns the resolution report.
    pub fn build_resolved(
        lists: Vec<vetter_sources::LoadedList>,
        decisions: &vetter_resolve::Decisions,
    ) -> (Self, vetter_resolve::Report) {
        let mut versions = Vec::new();
        let mut entities = Vec::new();
        for list in lists {
            versions.push(ListVersion {
                kind: list.kind.to_string(),
                dataset: list.dataset.clone(),
                version: list.version.clone(),
                entities: list.entities.len(),
            });
            entities.extend(list.entities);
        }
        let resolved = vetter_resolve::resolve(entities, decisions);
        (
            Self::from_entities(versions, resolved.entities),
            resolved.report,
        )
    }
}
