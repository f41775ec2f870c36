//! Every country, nationality and passport country written in the bundled lists resolves.

use std::collections::BTreeSet;
use vetter_model::country::{is_placeholder, to_code};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/bundled");

/// Region names of OFAC addresses that are not a country.
const NOT_A_COUNTRY: &[&str] = &[
    "Region: Kafia Kingi",
    "Region: Commonwealth of Independent States",
];

fn check(texts: BTreeSet<String>) {
    assert!(texts.len() > 20, "too few texts found: {texts:?}");
    let unresolved: Vec<_> = texts
        .iter()
        .filter(|t| to_code(t).is_none())
        .filter(|t| !is_placeholder(t) && !NOT_A_COUNTRY.contains(&t.as_str()))
        .collect();
    assert!(unresolved.is_empty(), "unresolved: {unresolved:?}");
}

/// The texts of the `<tag>` elements inside the `<parent>` elements.
fn xml_texts(xml: &str, parent: &str, tag: &str) -> Vec<String> {
    let (open, close) = (format!("<{parent}>"), format!("</{parent}>"));
    let (t_open, t_close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = Vec::new();
    for block in xml.split(&open).skip(1) {
        let block = block.split(&close).next().unwrap_or_default();
        for part in block.split(&t_open).skip(1) {
            let text = part.split(&t_close).next().unwrap_or_default().trim();
            if !text.is_empty() {
                out.push(text.replace("&apos;", "'").replace("&amp;", "&"));
            }
        }
    }
    out
}

#[test]
fn un_countries_and_nationalities_resolve() {
    let xml = std::fs::read_to_string(format!("{DATA}/un-sc-consolidated-2026-02-27.xml")).unwrap();
    let mut texts = BTreeSet::new();
    texts.extend(xml_texts(&xml, "NATIONALITY", "VALUE"));
    for parent in [
        "INDIVIDUAL_ADDRESS",
        "ENTITY_ADDRESS",
        "INDIVIDUAL_PLACE_OF_BIRTH",
    ] {
        texts.extend(xml_texts(&xml, parent, "COUNTRY"));
    }
    assert!(texts.contains("Iran (Islamic Republic of)"));
    assert_eq!(to_code("na"), None, "the UN writes `na` for not available");
    check(texts);
}

/// sdn.csv is Windows-1252; the country names are ASCII, so a byte-to-char read is enough.
fn latin1(path: &str) -> String {
    std::fs::read(path)
        .unwrap()
        .into_iter()
        .map(char::from)
        .collect()
}

#[test]
fn ofac_remark_countries_resolve() {
    let sdn = latin1(&format!("{DATA}/us-ofac-sdn-2023-12-28/sdn.csv"));
    let mut texts = BTreeSet::new();
    for clause in sdn.split([';', '"', '\n']) {
        let clause = clause.trim().trim_end_matches('.');
        let clause = clause.strip_prefix("alt. ").unwrap_or(clause);
        for label in ["nationality ", "citizen ", "Nationality of Registration "] {
            if let Some(country) = clause.strip_prefix(label) {
                texts.insert(country.trim().to_string());
            }
        }
        if clause.starts_with("Passport ") {
            // The issuing country is the first parenthesis after a space ("C234897(0) (UK)").
            if let Some(country) = clause.split_once(" (").and_then(|(_, r)| r.split_once(')')) {
                texts.insert(country.0.trim().to_string());
            }
        }
    }
    assert!(texts.contains("Korea, North") && texts.contains("Cambodia"));
    check(texts);
}

#[test]
fn ofac_address_countries_resolve() {
    let add = latin1(&format!("{DATA}/us-ofac-sdn-2023-12-28/add.csv"));
    let mut texts = BTreeSet::new();
    for line in add.lines() {
        if let Some(country) = csv_fields(line).get(4) {
            if !country.is_empty() && country != "-0-" {
                texts.insert(country.clone());
            }
        }
    }
    check(texts);
}

/// The fields of one line of OFAC's CSV (quoted fields hold no line breaks in add.csv).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(c),
        }
    }
    fields.into_iter().map(|f| f.trim().to_string()).collect()
}
