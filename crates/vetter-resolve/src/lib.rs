//! # vetter-resolve
//!
//! Cross-list identity. The same person, company or vessel is often listed by several
//! authorities (UN, UK, EU, US …) under other spellings; [`resolve`] merges their records
//! into one canonical entity that keeps every source record, every value (each with its
//! source) and every sanction program, and records why ([`vetter_model::Merge`]).
//!
//! A wrong merge hides a listing, so the rules are conservative. Two records are linked
//! only by:
//!
//! 1. **`un_reference`**: a national list cites the UN reference number of the other record
//!    (`UN reference: QDi.001` on a UK record and `un-QDi.001`), or both cite the same one;
//!    **`uk_group_id`**: an FCDO UK Sanctions List record cites the OFSI Group ID of the
//!    OFSI Consolidated List record of the same designation (`gb-hmt-<Group ID>`);
//! 2. **`identifier`**: the same passport, national id, registration, tax, INN, OGRN, LEI,
//!    SWIFT/BIC or IMO number (normalised, at least six characters with four digits, held by
//!    no other record of either list), and a distinctive name word in common;
//! 3. **`name_birth_nationality`** (persons only): the same normalised full name (word order
//!    and script folded), the same full birth date and the same nationality.
//!
//! Never on a name alone. Whatever the rule, a merge is refused when the records would put
//! two records of one list together, or when any two records of the two groups conflict:
//! incompatible schemata (a person with a company, a vessel with an aircraft), birth dates
//! that cannot be the same date, disjoint nationalities, different genders. Refusals are
//! counted in the [`Report`] with their reason.
//!
//! Merging is reversible: [`Decisions`] (a decisions file or the `[resolve]` section of
//! `vetter.toml`) split records that must stay apart, whatever the evidence, and force
//! merges the rules do not find. The canonical entity takes the id of its first record (in
//! input order) and lists the other ids as [`Entity::referents`], so every source id still
//! resolves to it.

mod decisions;

pub use decisions::{Decision, Decisions, DecisionsError};

use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use vetter_model::{Entity, Merge, Property, Schema};

/// Identifier properties that identify one party (not a document shared by a family or a
/// group).
const IDENTIFIERS: [Property; 9] = [
    Property::PassportNumber,
    Property::IdNumber,
    Property::RegistrationNumber,
    Property::TaxNumber,
    Property::InnCode,
    Property::OgrnCode,
    Property::LeiCode,
    Property::SwiftBic,
    Property::ImoNumber,
];

/// How the FCDO list's records cite the OFSI Group ID (`vetter-sources`' UK loader).
const OFSI_GROUP: &str = "OFSI Group ID: ";

/// Words too common in names to show that two records name the same party.
const COMMON_WORDS: &[&str] = &[
    "the",
    "and",
    "of",
    "for",
    "al",
    "el",
    "bin",
    "ibn",
    "abu",
    "co",
    "ltd",
    "llc",
    "inc",
    "jsc",
    "ojsc",
    "pjsc",
    "cjsc",
    "ooo",
    "oao",
    "zao",
    "ao",
    "gmbh",
    "sa",
    "ag",
    "limited",
    "company",
    "corporation",
    "corp",
    "group",
    "trading",
    "international",
    "bank",
    "industrial",
    "industries",
    "holding",
    "holdings",
    "llp",
    "plc",
    "fze",
    "fzco",
    "fzc",
    "general",
    "shipping",
    "services",
    "service",
    "enterprise",
    "enterprises",
    "mohammad",
    "mohammed",
    "muhammad",
    "mohamed",
    "ali",
    "ahmad",
    "ahmed",
    "abdul",
    "hassan",
    "hussein",
];

/// One merge refused because of a conflict or a decision, for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// Id of one record.
    pub left: String,
    /// Id of the other record.
    pub right: String,
    /// The rule whose evidence proposed the merge.
    pub rule: String,
    /// The evidence.
    pub evidence: String,
    /// Why it was refused.
    pub reason: String,
}

/// What a resolution run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Source records read.
    pub records: usize,
    /// Canonical entities written.
    pub canonical: usize,
    /// Canonical entities made of two or more records.
    pub merged_entities: usize,
    /// Source records that went into a merged entity (all of its records).
    pub merged_records: usize,
    /// Pairs joined, by rule (`un_reference`, `identifier`, `name_birth_nationality`,
    /// `decision`).
    pub by_rule: BTreeMap<String, usize>,
    /// Merges refused (conflicts, same list, split decisions).
    pub refused: Vec<Refusal>,
    /// Ids named by a decision that no record has.
    pub unknown_decision_ids: Vec<String>,
}

/// Canonical entities and the report.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The canonical entities, in the order of their first record.
    pub entities: Vec<Entity>,
    /// What was merged and refused.
    pub report: Report,
}

/// Lower-case ASCII words of a name (any script transliterated), in order.
fn words(name: &str) -> Vec<String> {
    any_ascii::any_ascii(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// A name folded for comparison: its words sorted ("KIM, Kun" = "Kun Kim").
pub fn name_key(name: &str) -> String {
    let mut words = words(name);
    words.sort_unstable();
    words.join(" ")
}

/// An identifier folded for comparison: upper-case letters and digits, leading zeros
/// dropped. `None` when too short or too few digits to identify anyone.
pub fn identifier_key(value: &str) -> Option<String> {
    let folded: String = value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let folded = folded.trim_start_matches('0').to_string();
    let digits = folded.bytes().filter(u8::is_ascii_digit).count();
    (folded.len() >= 6 && digits >= 4).then_some(folded)
}

/// What resolution compares of one record.
struct Features {
    dataset: String,
    schema: Schema,
    names: HashSet<String>,
    words: HashSet<String>,
    birth_dates: Vec<String>,
    nationalities: HashSet<String>,
    gender: Option<String>,
}

impl Features {
    fn of(entity: &Entity) -> Self {
        let names: HashSet<String> = entity
            .names()
            .map(|(_, n)| name_key(n))
            .filter(|k| !k.is_empty())
            .collect();
        let words = entity
            .names()
            .flat_map(|(_, n)| words(n))
            .filter(|w| w.len() >= 3 && !COMMON_WORDS.contains(&w.as_str()))
            .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
            .collect();
        Features {
            dataset: entity
                .sources
                .first()
                .map_or_else(String::new, |s| s.dataset.clone()),
            schema: entity.schema,
            names,
            words,
            birth_dates: entity
                .values(Property::BirthDate)
                .map(str::to_string)
                .collect(),
            nationalities: entity
                .values(Property::Nationality)
                .chain(entity.values(Property::Citizenship))
                .map(str::to_ascii_lowercase)
                .collect(),
            gender: entity.first(Property::Gender).map(str::to_ascii_lowercase),
        }
    }
}

/// Schemata that may name the same party: a person only with a person, a vessel with a
/// vessel, an aircraft with an aircraft, and organisations (company, organisation, legal
/// entity) with each other.
pub fn schemata_compatible(a: Schema, b: Schema) -> bool {
    let class = |s: Schema| match s {
        Schema::Person => 0,
        Schema::Vessel => 1,
        Schema::Airplane => 2,
        Schema::LegalEntity | Schema::Organization | Schema::Company => 3,
    };
    class(a) == class(b)
}

/// Why two records cannot be the same party, if they cannot.
fn conflict(a: &Features, b: &Features) -> Option<String> {
    if !schemata_compatible(a.schema, b.schema) {
        return Some(format!("schema {} vs {}", a.schema, b.schema));
    }
    if !a.birth_dates.is_empty()
        && !b.birth_dates.is_empty()
        && !a.birth_dates.iter().any(|x| {
            b.birth_dates
                .iter()
                .any(|y| x.starts_with(y.as_str()) || y.starts_with(x.as_str()))
        })
    {
        return Some(format!(
            "birth date {} vs {}",
            a.birth_dates.join("/"),
            b.birth_dates.join("/")
        ));
    }
    if !a.nationalities.is_empty()
        && !b.nationalities.is_empty()
        && a.nationalities.is_disjoint(&b.nationalities)
    {
        let mut x: Vec<&String> = a.nationalities.iter().collect();
        let mut y: Vec<&String> = b.nationalities.iter().collect();
        x.sort();
        y.sort();
        return Some(format!("nationality {x:?} vs {y:?}"));
    }
    if let (Some(x), Some(y)) = (&a.gender, &b.gender) {
        if x != y {
            return Some(format!("gender {x} vs {y}"));
        }
    }
    None
}

/// A proposed merge of two records.
struct Candidate {
    left: usize,
    right: usize,
    rule: &'static str,
    evidence: String,
}

/// Groups of record indexes sharing a key, kept when they hold at most one record per
/// dataset (otherwise the key is ambiguous) and at least two records.
fn groups(keys: HashMap<String, Vec<usize>>, features: &[Features]) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = keys
        .into_iter()
        .filter_map(|(key, mut members)| {
            members.sort_unstable();
            members.dedup();
            let datasets: HashSet<&str> = members
                .iter()
                .map(|m| features[*m].dataset.as_str())
                .collect();
            (members.len() >= 2 && datasets.len() == members.len()).then_some((key, members))
        })
        .collect();
    out.sort();
    out
}

fn candidates(entities: &[Entity], features: &[Features]) -> Vec<Candidate> {
    let mut out = Vec::new();
    // 1. UN reference numbers.
    let by_id: HashMap<&str, usize> = entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.ids().map(move |id| (id, i)))
        .collect();
    let mut cited: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, entity) in entities.iter().enumerate() {
        if let Some(reference) = vetter_sources::un_reference(entity) {
            let reference = reference.trim();
            if let Some(un) = by_id.get(format!("un-{reference}").as_str()) {
                cited.entry(reference.to_string()).or_default().push(*un);
            }
            cited.entry(reference.to_string()).or_default().push(i);
        }
    }
    for (reference, members) in groups(cited, features) {
        for pair in members.windows(2) {
            out.push(Candidate {
                left: pair[0],
                right: pair[1],
                rule: "un_reference",
                evidence: format!("UN reference {reference}"),
            });
        }
    }
    // 1b. The FCDO UK Sanctions List cites the OFSI Group ID of the same designation
    // (`gb-hmt-<Group ID>` on the OFSI Consolidated List).
    for (i, entity) in entities.iter().enumerate() {
        let cited = entity
            .values(Property::Notes)
            .filter_map(|n| n.strip_prefix(OFSI_GROUP))
            .map(str::trim)
            .find_map(|group| {
                by_id
                    .get(format!("gb-hmt-{group}").as_str())
                    .map(|j| (group, *j))
            });
        if let Some((group, j)) = cited {
            if j != i {
                out.push(Candidate {
                    left: j.min(i),
                    right: j.max(i),
                    rule: "uk_group_id",
                    evidence: format!("OFSI Group ID {group}"),
                });
            }
        }
    }
    // 2. Identifiers.
    let mut ids: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, entity) in entities.iter().enumerate() {
        for property in IDENTIFIERS {
            for value in entity.values(property) {
                if let Some(key) = identifier_key(value) {
                    ids.entry(format!("{property} {key}")).or_default().push(i);
                }
            }
        }
    }
    for (key, members) in groups(ids, features) {
        for pair in members.windows(2) {
            let (a, b) = (&features[pair[0]], &features[pair[1]]);
            let mut shared: Vec<&String> = a.words.intersection(&b.words).collect();
            if shared.is_empty() {
                continue;
            }
            shared.sort();
            out.push(Candidate {
                left: pair[0],
                right: pair[1],
                rule: "identifier",
                evidence: format!("{key}; name words {shared:?}"),
            });
        }
    }
    // 3. Persons: full name, full birth date and nationality.
    let mut people: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, f) in features.iter().enumerate() {
        if f.schema != Schema::Person {
            continue;
        }
        for name in f.names.iter().filter(|n| n.contains(' ')) {
            for date in f.birth_dates.iter().filter(|d| d.len() == 10) {
                for country in &f.nationalities {
                    people
                        .entry(format!(
                            "name \"{name}\", born {date}, nationality {country}"
                        ))
                        .or_default()
                        .push(i);
                }
            }
        }
    }
    for (key, members) in groups(people, features) {
        for pair in members.windows(2) {
            out.push(Candidate {
                left: pair[0],
                right: pair[1],
                rule: "name_birth_nationality",
                evidence: key.clone(),
            });
        }
    }
    out
}

/// Union-find over record indexes, with the members of each group.
struct Clusters {
    parent: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl Clusters {
    fn new(n: usize) -> Self {
        Clusters {
            parent: (0..n).collect(),
            members: (0..n).map(|i| vec![i]).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        let (keep, gone) = if a < b { (a, b) } else { (b, a) };
        self.parent[gone] = keep;
        let moved = std::mem::take(&mut self.members[gone]);
        self.members[keep].extend(moved);
    }
}

/// Merges the records of `entities` that name the same party, following `decisions`.
pub fn resolve(entities: Vec<Entity>, decisions: &Decisions) -> Resolved {
    let features: Vec<Features> = entities.iter().map(Features::of).collect();
    let by_id: HashMap<&str, usize> = entities
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.ids().map(move |id| (id, i)))
        .collect();
    let mut report = Report {
        records: entities.len(),
        ..Report::default()
    };
    let lookup = |id: &str, report: &mut Report| {
        let found = by_id.get(id).copied();
        if found.is_none() && !report.unknown_decision_ids.iter().any(|u| u == id) {
            report.unknown_decision_ids.push(id.to_string());
        }
        found
    };
    // Pairs that must stay apart.
    let mut apart: Vec<(usize, usize, String)> = Vec::new();
    for split in &decisions.split {
        let found: Vec<usize> = split
            .ids
            .iter()
            .filter_map(|id| lookup(id, &mut report))
            .collect();
        for (n, a) in found.iter().enumerate() {
            for b in &found[n + 1..] {
                apart.push((*a, *b, split.reason.clone()));
            }
        }
    }
    let mut forced: Vec<Candidate> = Vec::new();
    for merge in &decisions.merge {
        let found: Vec<usize> = merge
            .ids
            .iter()
            .filter_map(|id| lookup(id, &mut report))
            .collect();
        for pair in found.windows(2) {
            forced.push(Candidate {
                left: pair[0],
                right: pair[1],
                rule: "decision",
                evidence: merge.reason.clone(),
            });
        }
    }
    let mut clusters = Clusters::new(entities.len());
    let mut joined: Vec<Vec<Merge>> = vec![Vec::new(); entities.len()];
    let id = |i: usize| entities[i].id.clone();
    for candidate in forced.into_iter().chain(candidates(&entities, &features)) {
        let (a, b) = (
            clusters.find(candidate.left),
            clusters.find(candidate.right),
        );
        if a == b {
            continue;
        }
        let refusal = |reason: String| Refusal {
            left: id(candidate.left),
            right: id(candidate.right),
            rule: candidate.rule.to_string(),
            evidence: candidate.evidence.clone(),
            reason,
        };
        let split = apart.iter().find(|(x, y, _)| {
            let (x, y) = (
                find_root(&clusters.parent, *x),
                find_root(&clusters.parent, *y),
            );
            (x == a && y == b) || (x == b && y == a)
        });
        if let Some((_, _, reason)) = split {
            report
                .refused
                .push(refusal(format!("split decision: {reason}")));
            continue;
        }
        if candidate.rule != "decision" {
            let mut why = None;
            'pairs: for x in &clusters.members[a] {
                for y in &clusters.members[b] {
                    if features[*x].dataset == features[*y].dataset {
                        why = Some(format!(
                            "{} and {} are both on {}",
                            id(*x),
                            id(*y),
                            features[*x].dataset
                        ));
                        break 'pairs;
                    }
                    if let Some(c) = conflict(&features[*x], &features[*y]) {
                        why = Some(format!("{} and {}: {c}", id(*x), id(*y)));
                        break 'pairs;
                    }
                }
            }
            if let Some(reason) = why {
                report.refused.push(refusal(reason));
                continue;
            }
        }
        *report
            .by_rule
            .entry(candidate.rule.to_string())
            .or_default() += 1;
        let merge = Merge {
            left: id(candidate.left),
            right: id(candidate.right),
            rule: candidate.rule.to_string(),
            evidence: candidate.evidence,
        };
        clusters.union(a, b);
        let root = clusters.find(a);
        let mut moved = std::mem::take(&mut joined[a.max(b)]);
        moved.extend(std::mem::take(&mut joined[a.min(b)]));
        moved.push(merge);
        joined[root] = moved;
    }
    // Build the canonical entities in order of their first record.
    let mut slots: Vec<Option<Entity>> = entities.into_iter().map(Some).collect();
    let mut out = Vec::new();
    let roots: Vec<usize> = (0..slots.len())
        .filter(|i| clusters.find(*i) == *i)
        .collect();
    for root in roots {
        let mut members = clusters.members[root].clone();
        members.sort_unstable();
        let mut records: Vec<Entity> = members.iter().filter_map(|m| slots[*m].take()).collect();
        if records.len() == 1 {
            out.extend(records.pop());
            continue;
        }
        report.merged_entities += 1;
        report.merged_records += records.len();
        let mut canonical = merge_records(records);
        canonical.merges = std::mem::take(&mut joined[root]);
        out.push(canonical);
    }
    report.canonical = out.len();
    Resolved {
        entities: out,
        report,
    }
}

fn find_root(parent: &[usize], mut i: usize) -> usize {
    while parent[i] != i {
        i = parent[i];
    }
    i
}

/// One entity holding every source record, value, sanction and link of `records` (the
/// first gives the id), values keeping their sources; links between the records dropped.
pub fn merge_records(records: Vec<Entity>) -> Entity {
    let mut records = records.into_iter();
    let mut canonical = records.next().expect("merge_records needs a record");
    let rest: Vec<Entity> = records.collect();
    let mut ids: HashSet<String> = canonical.ids().map(str::to_string).collect();
    for record in &rest {
        ids.extend(record.ids().map(str::to_string));
    }
    for record in rest {
        let map: Vec<u16> = record
            .sources
            .iter()
            .map(|s| canonical.add_source(s.clone()))
            .collect();
        let remap = |s: u16| map.get(s as usize).copied().unwrap_or(0);
        // The most specific schema (Company over Organization over LegalEntity).
        if record.schema != canonical.schema && record.schema.is_a(canonical.schema) {
            canonical.schema = record.schema;
        }
        for (property, statements) in &record.properties {
            for statement in statements {
                canonical.add(*property, &statement.value, remap(statement.source));
            }
        }
        for mut sanction in record.sanctions {
            sanction.source = remap(sanction.source);
            if !canonical.sanctions.contains(&sanction) {
                canonical.sanctions.push(sanction);
            }
        }
        for mut link in record.links {
            link.source = remap(link.source);
            canonical.links.push(link);
        }
        canonical.referents.push(record.id);
        canonical.referents.extend(record.referents);
        canonical.merges.extend(record.merges);
    }
    canonical
        .links
        .retain(|l| l.target_id.as_ref().map_or(true, |t| !ids.contains(t)));
    let mut seen = HashSet::new();
    canonical.links.retain(|l| {
        seen.insert((
            l.kind,
            l.target_id.clone(),
            l.target_name.clone(),
            l.detail.clone(),
            l.source,
        ))
    });
    canonical
}

#[cfg(test)]
mod tests {
    use super::*;
    use vetter_model::{Link, LinkKind, SourceRecord};

    fn record(id: &str, dataset: &str, schema: Schema, values: &[(Property, &str)]) -> Entity {
        let mut e = Entity::new(id, schema);
        let s = e.add_source(SourceRecord {
            dataset: dataset.into(),
            record_id: id.into(),
            list_version: None,
        });
        for (p, v) in values {
            e.add(*p, v, s);
        }
        e
    }

    #[test]
    fn keys_fold_order_script_and_noise() {
        assert_eq!(name_key("KIM, Kun"), name_key("Kun KIM"));
        assert_eq!(identifier_key("0123-4567 89"), Some("123456789".into()));
        assert_eq!(identifier_key("A12"), None);
        assert_eq!(identifier_key("ABCDEFG1"), None);
    }

    #[test]
    fn merges_on_evidence_and_refuses_conflicts() {
        use Property::*;
        let person = [
            (Name, "Ivan PETROV"),
            (BirthDate, "1970-05-01"),
            (Nationality, "ru"),
        ];
        let entities = vec![
            record("a-1", "a", Schema::Person, &person),
            record(
                "b-1",
                "b",
                Schema::Person,
                &[
                    (Name, "PETROV, Ivan"),
                    (BirthDate, "1970-05-01"),
                    (Nationality, "ru"),
                ],
            ),
            // Same name and date, other nationality: not merged.
            record(
                "c-1",
                "c",
                Schema::Person,
                &[
                    (Name, "Ivan Petrov"),
                    (BirthDate, "1970-05-01"),
                    (Nationality, "ua"),
                ],
            ),
            // Same passport, a name word in common, no conflict.
            record(
                "c-2",
                "c",
                Schema::Person,
                &[(Name, "Olga Smirnova"), (PassportNumber, "7512 345678")],
            ),
            record(
                "d-2",
                "d",
                Schema::Person,
                &[
                    (Name, "SMIRNOVA Olga Ivanovna"),
                    (PassportNumber, "751234-5678"),
                ],
            ),
            // Same passport but no name in common: not merged.
            record(
                "e-2",
                "e",
                Schema::Person,
                &[(Name, "Boris Orlov"), (PassportNumber, "7512345678")],
            ),
            // Name alone: never.
            record("d-3", "d", Schema::Person, &[(Name, "Ivan Petrov")]),
        ];
        let resolved = resolve(entities, &Decisions::default());
        let ids: Vec<(&str, Vec<&str>)> = resolved
            .entities
            .iter()
            .map(|e| {
                (
                    e.id.as_str(),
                    e.referents.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            ids,
            [
                ("a-1", vec!["b-1"]),
                ("c-1", vec![]),
                ("c-2", vec!["d-2"]),
                ("e-2", vec![]),
                ("d-3", vec![])
            ]
        );
        let a = &resolved.entities[0];
        assert_eq!(a.merges[0].rule, "name_birth_nationality");
        assert_eq!(a.datasets(), ["a", "b"]);
        assert_eq!(a.values(Name).count(), 2);
        assert_eq!(resolved.report.merged_records, 4);
        assert_eq!(resolved.report.canonical, 5);
    }

    #[test]
    fn decisions_split_and_force() {
        use Property::*;
        let entities = || {
            vec![
                record(
                    "a-1",
                    "a",
                    Schema::Person,
                    &[
                        (Name, "Ivan Petrov"),
                        (BirthDate, "1970-05-01"),
                        (Nationality, "ru"),
                    ],
                ),
                record(
                    "b-1",
                    "b",
                    Schema::Person,
                    &[
                        (Name, "Ivan Petrov"),
                        (BirthDate, "1970-05-01"),
                        (Nationality, "ru"),
                    ],
                ),
                record("c-1", "c", Schema::Company, &[(Name, "Petrov Trading")]),
            ]
        };
        let decisions = Decisions::from_toml(
            "[[resolve.split]]\nids = [\"a-1\", \"b-1\"]\nreason = \"different fathers\"\n\
             [[resolve.merge]]\nids = [\"b-1\", \"c-1\", \"x-9\"]\nreason = \"test\"\n",
        )
        .unwrap();
        let resolved = resolve(entities(), &decisions);
        assert_eq!(resolved.entities.len(), 2);
        assert_eq!(resolved.entities[1].id, "b-1");
        assert_eq!(resolved.entities[1].referents, ["c-1"]);
        assert_eq!(resolved.entities[1].merges[0].rule, "decision");
        assert!(resolved.report.refused[0]
            .reason
            .starts_with("split decision"));
        assert_eq!(resolved.report.unknown_decision_ids, ["x-9"]);
    }

    #[test]
    fn links_inside_a_merge_are_dropped() {
        let mut a = record("a-1", "a", Schema::Person, &[]);
        a.links.push(Link {
            kind: LinkKind::Associate,
            target_id: Some("b-1".into()),
            target_name: "B".into(),
            detail: None,
            percentage: None,
            source: 0,
        });
        let b = record("b-1", "b", Schema::Person, &[]);
        let merged = merge_records(vec![a, b]);
        assert!(merged.links.is_empty());
        assert_eq!(merged.sources.len(), 2);
    }
}
