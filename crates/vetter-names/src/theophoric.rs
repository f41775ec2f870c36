//! Arabic theophoric given names: 'Abd ("servant of") followed by one of the names of God
//! (Abdul Rahman, Abd al-Aziz, Abdur Rashid) is a single given name, and among the most
//! common ones. However rarely a list writes the divine name, it says little of who the
//! person is; lists also split such a name as if it were a family name ("SAMAD, Abdul").

use rustc_hash::FxHashSet;
use std::sync::OnceLock;

use crate::NamePart;

const DIVINE_NAMES: &str = include_str!("../data/divine-names.txt");

fn divine_names() -> &'static FxHashSet<&'static str> {
    static NAMES: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        (DIVINE_NAMES.lines())
            .filter(|line| !line.starts_with('#'))
            .flat_map(str::split_whitespace)
            .collect()
    })
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
            .map(|p| names.contains(p.text.as_str()))
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
}
