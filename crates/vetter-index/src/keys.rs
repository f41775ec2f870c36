//! Blocking keys: the hashed strings under which a name part is filed, so that a query part
//! finds listed parts that the matcher could align with it (same text, same phonetic key,
//! same consonant skeleton, one deletion apart, a variant of the same given name, the pinyin
//! spelling of a Wade-Giles word, or a prefix of a joined token).

use vetter_matcher::ACRONYM_LETTERS;
use vetter_names::similarity::{consonant_class_key, korean_key};
use vetter_names::{Name, NamePart, PartRole, Script};

/// 64-bit FNV-1a of a tagged string.
fn hash(tag: u8, text: &str) -> u64 {
    hash_bytes(tag, text.as_bytes())
}

/// 64-bit FNV-1a of tagged bytes.
fn hash_bytes(tag: u8, bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for &b in std::iter::once(&tag).chain(bytes) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Kinds of blocking key.
const TEXT: u8 = 1;
const PHONETIC: u8 = 2;
const SKELETON: u8 = 3;
const DELETION: u8 = 4;
const PREFIX: u8 = 5;
const KOREAN: u8 = 6;
const CONSONANT_CLASSES: u8 = 7;
const ACRONYM: u8 = 8;
const VARIANT: u8 = 9;

/// Hashes of `text` with one byte deleted, for every position, without building the
/// strings (the same values as `hash(DELETION, &deleted)`).
fn deletions(text: &str) -> impl Iterator<Item = u64> + '_ {
    let bytes = text.as_bytes();
    (0..bytes.len()).map(move |skip| {
        let mut h: u64 = 0xcbf29ce484222325;
        let kept = bytes
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, b)| *b);
        for b in std::iter::once(DELETION).chain(kept) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
        h
    })
}

fn common_keys(part: &NamePart, out: &mut Vec<u64>) {
    out.push(hash(TEXT, &part.text));
    if part.role.is_weak() {
        return;
    }
    // A Wade-Giles word is filed under the pinyin spellings it may stand for, so that
    // "Hsi Chin-ping" and "Xi Jinping" meet whichever side is written which way.
    if !part.pinyin.is_empty() {
        let spellings = vetter_names::chinese::pinyin_spellings(&part.text);
        out.extend(spellings.iter().map(|s| hash(TEXT, s)));
    }
    // Given-name variants of one group ("Ted" / "Theodore").
    out.extend(
        (part.variants.iter())
            .map(|id| hash_bytes(VARIANT, &vetter_names::variant_group(*id).to_le_bytes())),
    );
    out.push(hash(PHONETIC, &part.key));
    if part.skeleton.len() >= 2 {
        out.push(hash(SKELETON, &part.skeleton));
    }
    if part.text.len() >= 4 && part.role != PartRole::Number {
        out.extend(deletions(&part.key));
        out.push(hash(DELETION, &part.key));
        // Typos that change the phonetic key's shape (Luakshenko) meet on the text.
        if part.text != part.key {
            out.extend(deletions(&part.text));
            out.push(hash(DELETION, &part.text));
        }
    }
    if part.text.len() <= 5 {
        out.push(hash(KOREAN, &korean_key(&part.text)));
    }
    let classes = consonant_class_key(&part.text);
    if classes.len() >= 3 && part.text.len() >= 4 {
        out.push(hash(CONSONANT_CLASSES, &classes));
    }
}

/// Keys under which a listed part is filed.
pub fn index_keys(part: &NamePart) -> Vec<u64> {
    let mut out = Vec::with_capacity(16);
    common_keys(part, &mut out);
    if !part.role.is_weak() && part.text.len() >= 4 {
        out.push(hash(PREFIX, &part.text[..4]));
    }
    out
}

/// Keys of a run of an indexed name's parts joined into one token, so that a query
/// written "PolPot" or "vanderbilt" finds "Pol Pot" and "van der Bilt": the same keys as a
/// joined run of query parts looks up ([`joined_query_keys`]), so that either side may be
/// the one written apart ("Musa Nash" / "MUSANNA").
pub fn joined_keys(joined: &NamePart) -> Vec<u64> {
    joined_query_keys(joined)
}

/// The acronym key of a listed name of two to five words ("PLA" for "People's Liberation
/// Army"), if it has one.
pub fn acronym_key(name: &Name) -> Option<u64> {
    acronym(name).map(|a| hash(ACRONYM, &a))
}

/// The text key of a name's acronym, under which a one-word name spelling it is filed
/// ("pla" for a listed "People's Liberation Army" finds a customer named "PLA").
pub fn acronym_text_key(name: &Name) -> Option<u64> {
    acronym(name).map(|a| hash(TEXT, &a))
}

fn acronym(name: &Name) -> Option<String> {
    let words: Vec<&NamePart> = name
        .parts
        .iter()
        .filter(|p| p.role == PartRole::Word)
        .collect();
    ACRONYM_LETTERS
        .contains(&words.len())
        .then(|| words.iter().filter_map(|p| p.text.chars().next()).collect())
}

/// Keys a run of query parts joined into one token looks up (a listed "PolPot" for "Pol
/// Pot"): those of the token itself, not its prefix or acronym, which the run's first part
/// looks up already with its own weight.
pub fn joined_query_keys(joined: &NamePart) -> Vec<u64> {
    let mut out = Vec::with_capacity(16);
    common_keys(joined, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

/// Keys a query part looks up. Initials look up nothing: a name is retrieved by its other
/// parts and the matcher then aligns the initial.
pub fn query_keys(part: &NamePart) -> Vec<u64> {
    let mut out = Vec::with_capacity(16);
    if part.role == PartRole::Initial {
        return out;
    }
    common_keys(part, &mut out);
    // A query token may be two listed tokens joined ("AlisherUsmanov", "JSCARGUMENT").
    if !part.role.is_weak() && part.text.len() >= 4 && part.role != PartRole::Number {
        out.push(hash(PREFIX, &part.text[..4]));
    }
    if part.role == PartRole::Word && ACRONYM_LETTERS.contains(&part.text.len()) {
        out.push(hash(ACRONYM, &part.text));
    }
    if part.script == Script::Hangul || part.text.len() <= 5 {
        out.push(hash(KOREAN, &korean_key(&part.text)));
    }
    out.sort_unstable();
    out.dedup();
    out
}
