//! The listed tokens a query part links with, memoised.
//!
//! Retrieval looks up every blocking key of a query part and asks the matcher whether each
//! token the keys find links with the part ([`vetter_matcher::link_similarity`]); most do
//! not (keys find near spellings, the matcher decides). Both steps depend only on the part
//! and the index, and the parts of a customer book repeat (the same given and family names
//! on thousands of rows), so the answer for a part is kept in a bounded cache and reused:
//! the same tokens, similarities and order, so results are exactly those of the lookup.

use crate::retrieval::Retrieval;
use crate::{keys, Posting};
use quick_cache::sync::Cache;
use quick_cache::{Equivalent, Weighter};
use std::sync::Arc;
use vetter_matcher::{link_similarity, Prepared};
use vetter_names::NamePart;

/// Which side of the matcher's comparison the indexed entities are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Indexed {
    /// Listed entities, compared as candidates with a query (screening).
    Candidates,
    /// Customers, each compared as a query with one listed entity (monitoring).
    Queries,
}

/// What one query part finds in the index.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct PartLinks {
    /// Names whose acronym the part spells, in the order its keys found them (a name may
    /// come more than once).
    pub acronyms: Vec<Posting>,
    /// The tokens its keys find that the matcher links with it, with the similarity of the
    /// link, in token order.
    pub tokens: Vec<(u32, f32)>,
}

impl PartLinks {
    /// Looks up the part's keys and confirms each token found with the matcher.
    fn find(
        retrieval: &Retrieval,
        prepared: &[Prepared],
        part: &NamePart,
        joined: bool,
        indexed: Indexed,
    ) -> Self {
        let mut links = PartLinks::default();
        let mut found: Vec<u32> = Vec::new();
        let part_keys = if joined {
            keys::joined_query_keys(part)
        } else {
            keys::query_keys(part)
        };
        for key in part_keys {
            found.extend_from_slice(retrieval.keys.get(key));
            links
                .acronyms
                .extend_from_slice(retrieval.acronyms.get(key));
        }
        found.sort_unstable();
        found.dedup();
        links.tokens = found
            .into_iter()
            .filter_map(|token| {
                let listed = retrieval.token(prepared, token);
                let listed_joined = retrieval.joined[token as usize];
                let similarity = match indexed {
                    Indexed::Candidates => link_similarity(part, joined, listed, listed_joined),
                    Indexed::Queries => link_similarity(listed, listed_joined, part, joined),
                }?;
                Some((token, similarity))
            })
            .collect();
        links
    }
}

/// Cache key: a query part, whether it is a joined run of parts, and the direction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PartKey {
    part: NamePart,
    joined: bool,
    indexed: Indexed,
}

/// The same key borrowed, to look up without cloning the part (hashes as [`PartKey`]).
#[derive(Hash)]
struct PartKeyRef<'a> {
    part: &'a NamePart,
    joined: bool,
    indexed: Indexed,
}

impl Equivalent<PartKey> for PartKeyRef<'_> {
    fn equivalent(&self, key: &PartKey) -> bool {
        *self.part == key.part && self.joined == key.joined && self.indexed == key.indexed
    }
}

/// Weighs an entry in units of 8 bytes: its tokens and postings, and about 256 bytes for
/// the part it is kept under and its bookkeeping, so that the cache's memory is bounded
/// whatever the parts.
#[derive(Clone)]
struct LinkWeighter;

/// An entry's weight besides its tokens and postings.
const ENTRY_WEIGHT: usize = 32;

impl Weighter<PartKey, Arc<PartLinks>> for LinkWeighter {
    fn weight(&self, _key: &PartKey, links: &Arc<PartLinks>) -> u64 {
        (ENTRY_WEIGHT + links.acronyms.len() + links.tokens.len()) as u64
    }
}

/// Total weight the cache holds: 32 MB.
const CACHE_WEIGHT: u64 = 4 << 20;
/// Entries the cache is sized for (entries of the usual few tokens).
const CACHED_PARTS: usize = (CACHE_WEIGHT / 40) as usize;

/// A bounded cache of [`PartLinks`], shared by the threads that search one index.
pub(crate) struct LinkCache(Cache<PartKey, Arc<PartLinks>, LinkWeighter>);

impl Default for LinkCache {
    fn default() -> Self {
        LinkCache(Cache::with_weighter(
            CACHED_PARTS,
            CACHE_WEIGHT,
            LinkWeighter,
        ))
    }
}

impl LinkCache {
    /// The links of `part`, from the cache or found and cached.
    pub fn get(
        &self,
        retrieval: &Retrieval,
        prepared: &[Prepared],
        part: &NamePart,
        joined: bool,
        indexed: Indexed,
    ) -> Arc<PartLinks> {
        let key = PartKeyRef {
            part,
            joined,
            indexed,
        };
        if let Some(links) = self.0.get(&key) {
            return links;
        }
        let links = Arc::new(PartLinks::find(retrieval, prepared, part, joined, indexed));
        let key = PartKey {
            part: part.clone(),
            joined,
            indexed,
        };
        self.0.insert(key, Arc::clone(&links));
        links
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Index;

    /// The index of the bundled OFAC SDN list.
    fn ofac() -> Index {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/bundled/us-ofac-sdn-2023-12-28"
        );
        Index::build(vec![
            vetter_sources::load_ofac_sdn(dir.as_ref(), None).unwrap()
        ])
    }

    #[test]
    fn cached_links_are_the_links_each_part_finds() {
        let index = ofac();
        let cache = LinkCache::default();
        let lookup = |part: &NamePart, joined: bool, indexed: Indexed| {
            let found = PartLinks::find(&index.retrieval, &index.prepared, part, joined, indexed);
            let first = cache.get(&index.retrieval, &index.prepared, part, joined, indexed);
            let again = cache.get(&index.retrieval, &index.prepared, part, joined, indexed);
            assert_eq!(*first, found, "{part:?} joined {joined} {indexed:?}");
            // The second lookup is answered from the cache.
            assert!(Arc::ptr_eq(&first, &again), "{part:?} not cached");
            found
        };
        // The parts and joined runs of real listed names (KUN Kim, TRY Pheap, UNION
        // DEVELOPMENT GROUP CO., LTD. among them), as a query looks them up in both
        // directions; the same text as a single part and as a joined run finds different
        // tokens, and each gets its own.
        let mut differ = 0;
        for entity in index.prepared.iter().step_by(40) {
            for name in &entity.names {
                for indexed in [Indexed::Candidates, Indexed::Queries] {
                    for part in &name.name.parts {
                        let single = lookup(part, false, indexed);
                        let joined = lookup(part, true, indexed);
                        differ += usize::from(single != joined);
                    }
                    for run in &name.name.joined {
                        lookup(&run.part, true, indexed);
                    }
                }
            }
        }
        assert!(differ > 100, "{differ}");
    }
}
