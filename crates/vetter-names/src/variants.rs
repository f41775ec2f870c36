//! Given-name variants: nicknames (Bill/William) and the same name across languages and
//! transliterations (John/Juan/Ivan). Each name maps to the ids of the groups it is in.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

const NICKNAMES: &str = include_str!("../data/nicknames-carltonnorthern.csv");
const EQUIVALENTS: &str = include_str!("../data/given-name-equivalents.txt");

/// Name → ids of the variant groups containing it.
pub fn variant_groups() -> &'static FxHashMap<String, Vec<u32>> {
    static GROUPS: OnceLock<FxHashMap<String, Vec<u32>>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let mut groups: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut add = |name: &str, group: u32| {
            let ids = groups.entry(name.to_string()).or_default();
            if !ids.contains(&group) {
                ids.push(group);
            }
        };
        let mut next = 0u32;
        for line in EQUIVALENTS.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            for name in line.split_whitespace() {
                add(name, next);
            }
            next += 1;
        }
        // Nicknames: one group per formal name, holding the name and its nicknames.
        let mut formal_ids: FxHashMap<&str, u32> = FxHashMap::default();
        for line in NICKNAMES.lines().skip(1) {
            let mut fields = line.split(',');
            let (Some(formal), Some(_), Some(nick)) = (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let id = *formal_ids.entry(formal).or_insert_with(|| {
                next += 1;
                next
            });
            add(formal, id);
            add(nick.trim(), id);
        }
        groups
    })
}

/// True if two (lower-case ASCII) given names are known variants of each other.
#[cfg(test)]
fn are_variants(a: &str, b: &str) -> bool {
    let groups = variant_groups();
    match (groups.get(a), groups.get(b)) {
        (Some(x), Some(y)) => x.iter().any(|id| y.contains(id)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_nicknames_and_cross_language_forms() {
        assert!(are_variants("bill", "william"));
        assert!(are_variants("ted", "theodore"));
        assert!(are_variants("john", "juan"));
        assert!(are_variants("alexandr", "alexander"));
        assert!(!are_variants("john", "james"));
    }
}
