//! The retrieval structures: every distinct listed token (a name part, or a run of parts
//! joined into one token) once, the names it occurs in, and the blocking keys it is filed
//! under, all in flat arrays (compressed rows) that are saved as they are and load fast.

use crate::keys;
use crate::Posting;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use vetter_matcher::Prepared;
use vetter_names::{NamePart, PartRole};

/// Where a distinct token first occurs: entity, name, and slot (a part index, or the
/// number of parts plus the index of a joined run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct TokenRef {
    pub entity: u32,
    pub name: u16,
    pub slot: u16,
}

/// Rows of values by row number, in two flat arrays.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Rows<T> {
    /// `starts[r]..starts[r + 1]` are the values of row `r`.
    starts: Vec<u32>,
    values: Vec<T>,
}

impl<T: Copy> Rows<T> {
    /// Rows from (row, value) pairs sorted by row, for `rows` rows.
    fn from_sorted(pairs: impl IntoIterator<Item = (usize, T)>, rows: usize) -> Self {
        let mut starts = Vec::with_capacity(rows + 1);
        let mut values = Vec::new();
        starts.push(0);
        for (row, value) in pairs {
            while starts.len() <= row {
                starts.push(values.len() as u32);
            }
            values.push(value);
        }
        while starts.len() <= rows {
            starts.push(values.len() as u32);
        }
        Rows { starts, values }
    }

    pub fn row(&self, row: usize) -> &[T] {
        &self.values[self.starts[row] as usize..self.starts[row + 1] as usize]
    }

    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// True when every row lies within the values, in order.
    fn is_valid(&self) -> bool {
        self.starts.first() == Some(&0)
            && self.starts.last().map(|l| *l as usize) == Some(self.values.len())
            && self.starts.windows(2).all(|w| w[0] <= w[1])
    }
}

/// Sums of an indexed name's part weights that the retrieval bound charges.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NameWeight {
    /// All its parts.
    pub total: f32,
    /// All but initials (which find nothing by key yet may align); 0 for a LegalEntity,
    /// whose names may be compared in another analysis.
    pub written: f32,
    /// Letters of its initials ([`letter_bit`]).
    pub initial_letters: u32,
    /// First letters of its words ([`letter_bit`]).
    pub word_letters: u32,
}

/// One bit per letter `a`–`z`, and bit 26 for any other character, so that sets of letters
/// compare with bit operations (a superset test errs on the side of "may").
pub(crate) fn letter_bit(byte: u8) -> u32 {
    if byte.is_ascii_lowercase() {
        1 << (byte - b'a')
    } else {
        1 << 26
    }
}

/// The [`letter_bit`]s of the first letters of the parts of `role` among `parts`.
fn first_letters<'a>(parts: impl Iterator<Item = &'a NamePart>, role: PartRole) -> u32 {
    parts
        .filter(|p| p.role == role)
        .filter_map(|p| p.text.bytes().next())
        .fold(0, |letters, b| letters | letter_bit(b))
}

/// [`NameWeight`] of every indexed name, by entity and name, in flat arrays (derived from
/// the prepared entities when an index is built or loaded, never stored).
#[derive(Debug, Clone)]
pub(crate) struct NameWeights(Rows<NameWeight>);

impl NameWeights {
    pub fn new(prepared: &[Prepared]) -> Self {
        let sums = prepared.iter().enumerate().flat_map(|(e, entity)| {
            let legal_entity = entity.schema == vetter_model::Schema::LegalEntity;
            entity.names.iter().map(move |name| {
                let parts = name.name.parts.iter().zip(&name.weights);
                let written = parts
                    .filter(|(p, _)| p.role != PartRole::Initial)
                    .map(|(_, w)| w)
                    .sum();
                let weight = NameWeight {
                    total: name.weights.iter().sum(),
                    written: if legal_entity { 0.0 } else { written },
                    initial_letters: first_letters(name.name.parts.iter(), PartRole::Initial),
                    word_letters: first_letters(name.name.parts.iter(), PartRole::Word),
                };
                (e, weight)
            })
        });
        NameWeights(Rows::from_sorted(sums, prepared.len()))
    }

    /// The sums of name `name` of entity `entity` (zero for one that does not exist).
    pub fn get(&self, entity: u32, name: u16) -> NameWeight {
        (self.0)
            .row(entity as usize)
            .get(usize::from(name))
            .copied()
            .unwrap_or_default()
    }
}

/// Sorted keys with a row of values each.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct KeyTable<T> {
    keys: Vec<u64>,
    rows: Rows<T>,
    /// `directory[b]` is the first key whose top `bits` bits are at least `b` (keys are
    /// hashes, spread evenly), so a lookup searches a few keys instead of all of them;
    /// derived from `keys`, never stored.
    #[serde(skip)]
    directory: Vec<u32>,
    #[serde(skip)]
    bits: u32,
}

/// Most bits of a key that pick its directory bucket (a million buckets).
const DIRECTORY_BITS: u32 = 20;

impl<T> Default for KeyTable<T> {
    fn default() -> Self {
        KeyTable {
            keys: Vec::new(),
            rows: Rows {
                starts: vec![0],
                values: Vec::new(),
            },
            directory: Vec::new(),
            bits: 0,
        }
    }
}

impl<T> KeyTable<T> {
    /// Builds the lookup directory of the sorted keys: about one bucket per key.
    fn build_directory(&mut self) {
        self.bits = (usize::BITS - self.keys.len().leading_zeros()).clamp(1, DIRECTORY_BITS);
        let buckets = 1usize << self.bits;
        let mut directory = Vec::with_capacity(buckets + 1);
        for (i, key) in self.keys.iter().enumerate() {
            let bucket = (key >> (64 - self.bits)) as usize;
            while directory.len() <= bucket {
                directory.push(i as u32);
            }
        }
        directory.resize(buckets + 1, self.keys.len() as u32);
        self.directory = directory;
    }
}

impl<T: Copy + Ord> KeyTable<T> {
    fn from_pairs(mut pairs: Vec<(u64, T)>) -> Self {
        pairs.sort_unstable();
        pairs.dedup();
        let mut keys: Vec<u64> = pairs.iter().map(|(k, _)| *k).collect();
        keys.dedup();
        let mut row = 0usize;
        let mut last = None;
        let rows = Rows::from_sorted(
            pairs.iter().map(|(key, value)| {
                if last.is_some_and(|l| l != *key) {
                    row += 1;
                }
                last = Some(*key);
                (row, *value)
            }),
            keys.len(),
        );
        let mut table = KeyTable {
            keys,
            rows,
            directory: Vec::new(),
            bits: 0,
        };
        table.build_directory();
        table
    }

    pub fn get(&self, key: u64) -> &[T] {
        let bucket = (key >> (64 - self.bits.max(1))) as usize;
        let (from, to) = match (self.directory.get(bucket), self.directory.get(bucket + 1)) {
            (Some(&from), Some(&to)) => (from as usize, to as usize),
            _ => (0, self.keys.len()),
        };
        match self.keys[from..to].binary_search(&key) {
            Ok(row) => self.rows.row(from + row),
            Err(_) => &[],
        }
    }

    fn len(&self) -> usize {
        self.keys.len()
    }
}

/// Distinct tokens, their names and their keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Retrieval {
    /// The first occurrence of each distinct token.
    pub tokens: Vec<TokenRef>,
    /// True for a token that is a joined run of a listed name's parts.
    pub joined: Vec<bool>,
    /// Weight of each token as the matcher weighs it (a joined run: its parts' weights
    /// summed, the most over its occurrences).
    pub weights: Vec<f32>,
    /// The names each token occurs in.
    pub names: Rows<Posting>,
    /// Blocking key → tokens filed under it.
    pub keys: KeyTable<u32>,
    /// Acronym key → names whose words it spells.
    pub acronyms: KeyTable<Posting>,
}

impl Retrieval {
    /// Collects the distinct tokens of the prepared entities and files them.
    pub fn build(prepared: &[Prepared]) -> Self {
        use rayon::prelude::*;
        let mut ids: FxHashMap<(&NamePart, bool), u32> = FxHashMap::default();
        let mut tokens: Vec<TokenRef> = Vec::new();
        let mut joined: Vec<bool> = Vec::new();
        let mut weights: Vec<f32> = Vec::new();
        let mut occurrences: Vec<(u32, Posting)> = Vec::new();
        let mut acronyms: Vec<(u64, Posting)> = Vec::new();
        for (e, entity) in prepared.iter().enumerate() {
            for (n, name) in entity.names.iter().enumerate() {
                let posting = Posting {
                    entity: e as u32,
                    name: n.min(usize::from(u16::MAX)) as u16,
                };
                let weight = |start: usize, len: usize| -> f32 {
                    name.weights
                        .get(start..start + len)
                        .map_or(1.0, |w| w.iter().sum())
                };
                let parts =
                    (name.name.parts.iter().enumerate()).map(|(i, p)| (p, false, weight(i, 1)));
                let runs =
                    (name.name.joined.iter()).map(|j| (&j.part, true, weight(j.start, j.len)));
                for (slot, (part, is_joined, w)) in parts.chain(runs).enumerate() {
                    let id = *ids.entry((part, is_joined)).or_insert_with(|| {
                        tokens.push(TokenRef {
                            entity: e as u32,
                            name: posting.name,
                            slot: slot.min(usize::from(u16::MAX)) as u16,
                        });
                        joined.push(is_joined);
                        weights.push(w);
                        (tokens.len() - 1) as u32
                    });
                    weights[id as usize] = weights[id as usize].max(w);
                    occurrences.push((id, posting));
                }
                if let Some(key) = keys::acronym_key(&name.name) {
                    acronyms.push((key, posting));
                }
            }
        }
        drop(ids);
        occurrences.par_sort_unstable();
        occurrences.dedup();
        let names = Rows::from_sorted(
            occurrences.into_iter().map(|(t, p)| (t as usize, p)),
            tokens.len(),
        );
        let mut retrieval = Retrieval {
            tokens,
            joined,
            weights,
            names,
            keys: KeyTable::default(),
            acronyms: KeyTable::from_pairs(acronyms),
        };
        let filed: Vec<(u64, u32)> = (0..retrieval.tokens.len())
            .into_par_iter()
            .flat_map_iter(|t| {
                let part = retrieval.token(prepared, t as u32);
                let keys = if retrieval.joined[t] {
                    keys::joined_keys(part)
                } else {
                    keys::index_keys(part)
                };
                keys.into_iter().map(move |k| (k, t as u32))
            })
            .collect();
        retrieval.keys = KeyTable::from_pairs(filed);
        retrieval
    }

    /// The token with id `t`.
    pub fn token<'a>(&self, prepared: &'a [Prepared], t: u32) -> &'a NamePart {
        let at = self.tokens[t as usize];
        let name = &prepared[at.entity as usize].names[usize::from(at.name)].name;
        let slot = usize::from(at.slot);
        match name.parts.get(slot) {
            Some(part) => part,
            None => &name.joined[slot - name.parts.len()].part,
        }
    }

    /// Builds what lookups derive from the stored tables (after reading them from a file).
    pub fn build_directories(&mut self) {
        self.keys.build_directory();
        self.acronyms.build_directory();
    }

    /// Number of distinct blocking keys.
    pub fn key_count(&self) -> usize {
        self.keys.len() + self.acronyms.len()
    }

    /// Checks that every reference points into `prepared` (for a file read from disk).
    pub fn check(&self, prepared: &[Prepared]) -> Result<(), String> {
        let n = self.tokens.len();
        if self.joined.len() != n || self.weights.len() != n || self.names.len() != n {
            return Err("token tables disagree".into());
        }
        for at in &self.tokens {
            let name = prepared
                .get(at.entity as usize)
                .and_then(|e| e.names.get(usize::from(at.name)))
                .ok_or("token outside the entities")?;
            if usize::from(at.slot) >= name.name.parts.len() + name.name.joined.len() {
                return Err("token outside its name".into());
            }
        }
        let postings = self.names.values.iter().chain(&self.acronyms.rows.values);
        for posting in postings {
            let ok = prepared
                .get(posting.entity as usize)
                .is_some_and(|e| usize::from(posting.name) < e.names.len());
            if !ok {
                return Err("posting outside the entities".into());
            }
        }
        let tokens = self.tokens.len() as u32;
        if self.keys.rows.values.iter().any(|t| *t >= tokens) {
            return Err("key filed under an unknown token".into());
        }
        let tables = [
            (
                self.keys.keys.len(),
                self.keys.rows.len(),
                self.keys.rows.is_valid(),
            ),
            (
                self.acronyms.keys.len(),
                self.acronyms.rows.len(),
                self.acronyms.rows.is_valid(),
            ),
            (n, self.names.len(), self.names.is_valid()),
        ];
        if tables
            .iter()
            .any(|(rows, len, valid)| rows != len || !valid)
        {
            return Err("retrieval rows out of order".into());
        }
        if self.keys.keys.windows(2).any(|w| w[0] >= w[1])
            || self.acronyms.keys.windows(2).any(|w| w[0] >= w[1])
        {
            return Err("retrieval keys out of order".into());
        }
        Ok(())
    }
}
