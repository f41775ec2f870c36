use crate::Prepared;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use vetter_model::Schema;
use vetter_names::PartRole;

/// Document frequencies of name tokens over the indexed entities, turned into weights:
/// a token on one entity weighs 1.0, a token on every entity weighs [`Rarity::FLOOR`].
/// Also how often the lists use each token as a family name and as a given name.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Rarity {
    entities: u32,
    frequencies: FxHashMap<String, u32>,
    /// Per phonetic key of a token (spellings pooled: Nazir, Nazeer): the entities whose
    /// names written "FAMILY, Given" use it as a family name, and those that use it as a
    /// given name.
    name_roles: FxHashMap<String, [u32; 2]>,
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
            for token in distinct(set) {
                *frequencies.entry(token.to_string()).or_default() += 1;
            }
        }
        Rarity {
            entities,
            frequencies,
            name_roles: FxHashMap::default(),
        }
    }

    /// The rarity of the tokens of prepared entities' names, and the roles in which the
    /// names of persons that mark a family name ("KIM, Kun") use their words.
    pub fn of_entities(entities: &[Prepared]) -> Self {
        let mut rarity = Self::from_token_sets(entities.iter().map(|p| {
            (p.names.iter()).flat_map(|n| n.name.parts.iter().map(|part| part.text.as_str()))
        }));
        let persons = entities.iter().filter(|p| p.schema == Schema::Person);
        rarity.count_name_roles(persons.map(|p| {
            let words = || {
                (p.names.iter())
                    .filter(|n| n.name.parts.iter().any(|part| part.family))
                    .flat_map(|n| &n.name.parts)
                    .filter(|part| part.role == PartRole::Word)
            };
            let family = words().filter(|part| part.family);
            let given = words().filter(|part| !part.family);
            (
                family.map(|part| part.key.as_str()),
                given.map(|part| part.key.as_str()),
            )
        }));
        rarity
    }

    /// Counts, once per entity, the tokens its names use as family names and as given
    /// names: `entities` yields each entity's (family-name keys, given-name keys), the
    /// phonetic keys of the words of its names that mark a family name.
    fn count_name_roles<'a, I, F, G>(&mut self, entities: I)
    where
        I: IntoIterator<Item = (F, G)>,
        F: IntoIterator<Item = &'a str>,
        G: IntoIterator<Item = &'a str>,
    {
        for (family, given) in entities {
            for (slot, tokens) in [(0, distinct(family)), (1, distinct(given))] {
                for token in tokens {
                    self.name_roles.entry(token.to_string()).or_default()[slot] += 1;
                }
            }
        }
    }

    /// True for a token (its phonetic key) the lists use as a given name at least as often
    /// as a family name, on at least two entities' names that mark a family name. Given
    /// names are drawn from a far smaller stock than family names, so each is shared by
    /// many more people than its count on the lists says (Qasim, Usman and Iqbal are on few
    /// listed entities, but on many people); and a word the lists write both ways, as
    /// Arabic and South Asian names turn a father's given name into a family name (Iqbal,
    /// Saleh, Ahmed), is a given name as often as not.
    pub fn is_given_name(&self, token: &str) -> bool {
        self.name_roles
            .get(token)
            .is_some_and(|&[family, given]| family + given >= 2 && given >= family)
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

/// The distinct tokens of one entity, each counted once.
fn distinct<'a>(tokens: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut tokens: Vec<&str> = tokens.into_iter().collect();
    tokens.sort_unstable();
    tokens.dedup();
    tokens
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

    #[test]
    fn a_given_name_is_one_the_lists_write_mostly_as_given() {
        let mut rarity = Rarity::default();
        // ("QASIM, Mohammed", "HAMMOUD, Qasim", "AL-RIMI, Qasim"), one entity each.
        rarity.count_name_roles([
            (vec!["kasim"], vec!["mohamed"]),
            (vec!["hamud"], vec!["kasim"]),
            (vec!["alrimi"], vec!["kasim", "kasim"]),
            (vec!["iqbal"], vec!["muhamad"]),
            (vec!["kasab"], vec!["iqbal"]),
            (vec!["kasab"], vec!["ali"]),
        ]);
        assert!(rarity.is_given_name("kasim"));
        // As often a given name as a family name.
        assert!(rarity.is_given_name("iqbal"));
        // More often a family name; or used once: not known as given.
        assert!(!rarity.is_given_name("kasab"));
        assert!(!rarity.is_given_name("mohamed"));
        assert!(!rarity.is_given_name("hamud"));
    }
}
