use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// Document frequencies of name tokens over the indexed entities, turned into weights:
/// a token on one entity weighs 1.0, a token on every entity weighs [`Rarity::FLOOR`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Rarity {
    entities: u32,
    frequencies: FxHashMap<String, u32>,
}

impl Rarity {
    /// Lowest weight of a token however common it is.
    pub const FLOOR: f32 = 0.1;

    /// Counts each distinct token once per entity, from the entities' token sets.
    pub fn from_token_sets<'a, I, T>(sets: I) -> Self
    where
        I: IntoIterator<Item = T>,
        T: IntoIterator<Item = &'a str>,
    {
        let mut frequencies: FxHashMap<String, u32> = FxHashMap::default();
        let mut entities = 0;
        for set in sets {
            entities += 1;
            let mut seen: Vec<&str> = set.into_iter().collect();
            seen.sort_unstable();
            seen.dedup();
            for token in seen {
                *frequencies.entry(token.to_string()).or_default() += 1;
            }
        }
        Rarity {
            entities,
            frequencies,
        }
    }

    /// Number of entities on which `token` occurs.
    pub fn frequency(&self, token: &str) -> u32 {
        self.frequencies.get(token).copied().unwrap_or(0)
    }

    /// Weight of a token in [FLOOR, 1], linear in its inverse document frequency between
    /// a token on 5 % of the entities (FLOOR) and a token on at most 10 entities (1.0).
    pub fn weight(&self, token: &str) -> f32 {
        if self.entities < 2 {
            return 1.0;
        }
        let n = self.entities as f32;
        let df = self.frequency(token).max(1) as f32;
        let idf = (n / df).ln();
        let (common, rare) = ((20.0f32).ln(), (n / 10.0).max(21.0).ln());
        ((idf - common) / (rare - common)).clamp(Self::FLOOR, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_tokens_weigh_less() {
        let mut sets = vec![vec!["kim", "kun"], vec!["kim", "jong", "un"]];
        for _ in 0..50 {
            sets.push(vec!["kim", "other"]);
        }
        let rarity = Rarity::from_token_sets(sets.iter().map(|s| s.iter().copied()));
        assert!(rarity.weight("kim") <= 0.1);
        assert!(rarity.weight("kun") > 0.95);
        assert_eq!(rarity.weight("unseen"), 1.0);
        assert_eq!(Rarity::default().weight("kim"), 1.0);
    }
}
