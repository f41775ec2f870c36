//! Arabic theophoric given names: 'Abd ("servant of") followed by one of the names of God
//! (Abdul Rahman, Abd al-Aziz, Abdur Rashid) is a single given name, and among the most
//! common ones. However rarely a list writes the divine name, it says little of who the
//! person is; lists also split such a name as if it were a family name ("SAMAD, Abdul").

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

use crate::NamePart;

const DIVINE_NAMES: &str = include_str!("../data/divine-names.txt");

/// Each spelling of a divine name, with the first spelling of its line.
fn divine_names() -> &'static FxHashMap<&'static str, &'static str> {
    static NAMES: OnceLock<FxHashMap<&'static str, &'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names = FxHashMap::default();
        for line in DIVINE_NAMES.lines().filter(|line| !line.starts_with('#')) {
            let mut spellings = line.split_whitespace();
            if let Some(first) = spellings.next() {
                names.insert(first, first);
                names.extend(spellings.map(|s| (s, first)));
            }
        }
        names
    })
}

/// The divine name of an 'Abd compound written as one word (Abdallah, Abdurrahman,
/// Abdeljalil), in its first spelling: `Some("")` for 'Abd alone ("abdul", as analysed),
/// `None` for any other word or a compound of a name not in the list.
fn compound_divine_name(word: &str) -> Option<&'static str> {
    let rest = word.strip_prefix("abd")?;
    if rest == "ul" {
        return Some("");
    }
    // The link vowel and the article, assimilated or not: Abd-ul-lah, Abd-er-rahman,
    // Abd-el-jalil, Abdi-weli.
    (0..=rest.len().min(3)).find_map(|cut| {
        let name = rest.get(cut..)?;
        let allah = name.trim_end_matches('i');
        if matches!(
            allah,
            "allah" | "ullah" | "illah" | "ellah" | "llah" | "alla" | "ulla" | "illa"
        ) {
            return Some("allah");
        }
        (name.len() >= 3)
            .then(|| divine_names().get(name).copied())
            .flatten()
    })
}

/// True when two words are 'Abd compounds of different names of God (Abdallah /
/// Abdeljalil), or one is 'Abd alone and the other a compound (Abdul / Abdullah): the
/// divine name is what tells such given names apart, however alike they are written.
pub fn different_compounds(a: &str, b: &str) -> bool {
    a != b
        && matches!(
            (compound_divine_name(a), compound_divine_name(b)),
            (Some(x), Some(y)) if x != y
        )
}

/// For each part of a name, true when it is the divine name of an 'Abd compound of that
/// name ("aziz" in "Abdul Aziz Nuristani", "samad" in "SAMAD, Abdul"); `None` when the name
/// has no 'Abd (the parts are analysed: every spelling of 'Abd reads "abdul").
pub fn theophoric_parts(parts: &[NamePart]) -> Option<Vec<bool>> {
    if !parts.iter().any(|p| p.text == "abdul") {
        return None;
    }
    let names = divine_names();
    Some(
        parts
            .iter()
            .map(|p| names.contains_key(p.text.as_str()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, NameKind};

    fn marked(name: &str) -> Option<Vec<bool>> {
        theophoric_parts(&analyze(name, NameKind::Person).parts)
    }

    #[test]
    fn the_divine_name_of_an_abd_compound() {
        assert_eq!(marked("SAMAD, Abdul"), Some(vec![true, false]));
        assert_eq!(marked("REHMAN, Abdur"), Some(vec![true, false]));
        assert_eq!(
            marked("Abd al-Aziz al-Nuristani"),
            Some(vec![false, true, false, false])
        );
        // No 'Abd: Rahman is a family name like any other.
        assert_eq!(marked("Sheikh Mujibur Rahman"), None);
    }

    #[test]
    fn compounds_of_different_divine_names_are_different_names() {
        assert!(different_compounds("abdallah", "abdeljalil"));
        assert!(different_compounds("abdul", "abdullah"));
        assert!(different_compounds("abdurrahman", "abdulaziz"));
        assert!(!different_compounds("abdallah", "abdullahi"));
        assert!(!different_compounds("abdurrahman", "abdelrahman"));
        // Not both compounds of known names: other rules decide.
        assert!(!different_compounds("abdallah", "abdiweli"));
        assert!(!different_compounds("abdul", "abbas"));
    }
}
