//! Given-name variants: nicknames (Bill/William) and the same name across languages and
//! transliterations (John/Juan/Ivan). Each name maps to the tagged ids of the groups it is
//! in: the group number with [`FORMAL`] set where the name is the group's full form (every
//! name of a group of equivalents, the formal name of a nickname group) and [`NICKNAME`]
//! set on the ids of nickname groups.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

const NICKNAMES: &str = include_str!("../data/nicknames-carltonnorthern.csv");
const EQUIVALENTS: &str = include_str!("../data/given-name-equivalents.txt");

/// Tag of a name that is a full form in its group.
const FORMAL: u32 = 1 << 31;
/// Tag of the groups of a formal name and its nicknames.
const NICKNAME: u32 = 1 << 30;
/// Tag of the ids of a patronymic: it shares the groups of other patronymics of the same
/// father's name, never those of the name itself (Nikolaevich is no Nikolai).
const PATRONYMIC: u32 = 1 << 29;

/// The group a tagged id names, without the name's [`FORMAL`] tag.
pub fn variant_group(id: u32) -> u32 {
    id & !FORMAL
}

/// True if two names with the tagged variant ids `a` and `b` are variants of each other:
/// they share a group of equivalents (John/Juan), or a nickname group where one of them is
/// the formal name (Bill/William). Two nicknames of one formal name are different names
/// (Nathan and John both shorten Jonathan), and a nickname never stands for a family name
/// (`family`: either name is one; Shirley / LEE).
pub fn share_variant(a: &[u32], b: &[u32], family: bool) -> bool {
    a.iter().any(|x| {
        b.iter().any(|y| {
            variant_group(*x) == variant_group(*y)
                && (x | y) & FORMAL != 0
                && !(family && x & NICKNAME != 0)
        })
    })
}

/// The variant ids of the father's given name a patronymic is formed from, tagged
/// [`PATRONYMIC`]: Nikolaevich and Mikalaevich both name a Nikolai (Mikalai), Vladimirovich
/// and Uladzimiravich a Vladimir. The stem before the ending is tried as it is and with the
/// glide the ending absorbed (Nikola-evich, Siarhe-evich: Nikolai, Siarhei).
pub fn patronymic_variants(patronymic: &str) -> Vec<u32> {
    let Some(stem) = crate::analysis::patronymic_stem(patronymic) else {
        return Vec::new();
    };
    let groups = variant_groups();
    let mut ids: Vec<u32> = ["", "i", "y"]
        .iter()
        .filter_map(|glide| groups.get(&format!("{stem}{glide}")))
        .flatten()
        .map(|id| id | PATRONYMIC)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Name → tagged ids of the variant groups containing it.
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
                add(name, next | FORMAL);
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
                next | NICKNAME
            });
            add(formal, id | FORMAL);
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
        (Some(x), Some(y)) => share_variant(x, y, false),
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
        // Russian, Ukrainian and Belarusian forms of one name.
        assert!(are_variants("nikolay", "mikalai"));
        assert!(are_variants("ihar", "ihor"));
        assert!(are_variants("svetlana", "sviatlana"));
        assert!(!are_variants("john", "james"));
        // Two nicknames of Jonathan, of Alexander: different names.
        assert!(are_variants("jonathan", "nathan"));
        assert!(!are_variants("nathan", "john"));
        assert!(!are_variants("sandy", "al"));
        // A nickname is a given name: Shirley is not the family name Lee.
        let groups = variant_groups();
        assert!(share_variant(&groups["shirley"], &groups["lee"], false));
        assert!(!share_variant(&groups["shirley"], &groups["lee"], true));
        assert!(share_variant(&groups["ivan"], &groups["yahya"], true));
    }
}
