//! Links that a list states in the free text of a record (UN `COMMENTS1`, UK `Other
//! Information`, EU `reason`, DFAT `Additional Information` …, all kept as `notes`):
//! "Son of Jalaluddin Haqqani (TAi.040)", "Associated with Al-Qaida (QDe.004)", "owned or
//! controlled by Korea Ryonbong General Corporation", "51% owned by …".
//!
//! Only explicit statements are read: a relation phrase directly followed by a name written
//! with capitals (an optional leading "the" is skipped, but then the name must not run on
//! into a lower-case description), ending at punctuation or a lower-case word. A UN reference number in parentheses right after the name gives the
//! target's id (`un-TAi.040`); otherwise the name is kept for the graph to resolve. A phrase
//! with no such name after it ("brother of the RSF commander, …") is counted as an unparsed
//! clause rather than guessed.

use crate::LoadedList;
use vetter_model::{Entity, Link, LinkKind, Property};

/// A link read from text, before it is attached to an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextLink {
    /// Kind of relationship.
    pub kind: LinkKind,
    /// The relation as written, lower case ("son", "associated with", "owned or controlled by").
    pub detail: String,
    /// The other party's name.
    pub name: String,
    /// The UN reference number after the name, if any.
    pub reference: Option<String>,
    /// A stated ownership share, in percent.
    pub percentage: Option<String>,
}

/// Phrases that introduce the other party, with the link kind. Longest first where one is
/// a prefix of another.
const PHRASES: &[(&str, LinkKind)] = &[
    ("owned or controlled by", LinkKind::Ownership),
    ("owned and controlled by", LinkKind::Ownership),
    ("owned and/or controlled by", LinkKind::Ownership),
    ("wholly owned by", LinkKind::Ownership),
    ("owned by", LinkKind::Ownership),
    ("controlled by", LinkKind::Ownership),
    ("a subsidiary of", LinkKind::Ownership),
    ("subsidiary of", LinkKind::Ownership),
    ("close associate of", LinkKind::Associate),
    ("an associate of", LinkKind::Associate),
    ("associate of", LinkKind::Associate),
    ("associated with", LinkKind::Associate),
    ("affiliated with", LinkKind::Associate),
];

/// Relatives written `<relation> of <name>`.
const FAMILY: &[&str] = &[
    "half-brother",
    "half-sister",
    "son-in-law",
    "daughter-in-law",
    "brother-in-law",
    "father-in-law",
    "sister-in-law",
    "mother-in-law",
    "grandson",
    "granddaughter",
    "stepson",
    "stepdaughter",
    "wife",
    "husband",
    "spouse",
    "son",
    "daughter",
    "brother",
    "sister",
    "father",
    "mother",
    "nephew",
    "niece",
    "cousin",
    "uncle",
    "aunt",
];

/// Lower-case words allowed inside a name when a capitalised word follows.
const CONNECTORS: &[&str] = &[
    "al", "bin", "ibn", "bint", "de", "del", "da", "du", "van", "von", "der", "la", "le", "el",
    "of", "for", "in", "y", "wal", "wa", "ul", "e", "des", "di", "and", "&", "the",
];

/// Abbreviations that end with a full stop inside a name.
const ABBREVIATIONS: &[&str] = &[
    "co.", "ltd.", "inc.", "corp.", "jr.", "sr.", "s.a.", "llc.", "p.j.s.c.", "j.s.c.", "st.",
];

fn is_word_start(text: &str, at: usize) -> bool {
    at == 0
        || text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| !c.is_alphanumeric() && c != '-')
}

/// A UN reference number (`QDi.001`, `TAe.012`, `CDi.033`).
fn reference(token: &str) -> Option<&str> {
    let token = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
    let (prefix, number) = token.split_once('.')?;
    let bytes = prefix.as_bytes();
    let ok = (3..=4).contains(&bytes.len())
        && bytes[0].is_ascii_uppercase()
        && bytes[1..bytes.len() - 1]
            .iter()
            .all(u8::is_ascii_alphabetic)
        && matches!(bytes[bytes.len() - 1], b'i' | b'e')
        && number.len() == 3
        && number.bytes().all(|b| b.is_ascii_digit());
    ok.then_some(token)
}

/// The name at the start of `text` and a UN reference in parentheses right after it.
fn name_at(text: &str) -> Option<(String, Option<String>)> {
    let mut rest = text.trim_start();
    let article = rest.starts_with("the ");
    if article {
        rest = &rest[4..];
    }
    let mut lower_follows = false;
    let mut words: Vec<&str> = Vec::new();
    let mut end = 0;
    let mut stopped_at_paren = false;
    let mut iter = rest.split(' ').peekable();
    let mut offset = 0;
    while let Some(raw) = iter.next() {
        let start = offset;
        offset += raw.len() + 1;
        if raw.is_empty() {
            continue;
        }
        if raw.starts_with('(') {
            end = start;
            stopped_at_paren = true;
            break;
        }
        let lower = raw.to_lowercase();
        let (word, closes) = if ABBREVIATIONS.contains(&lower.as_str()) {
            (raw, false)
        } else {
            match raw.find([',', ';', ':', '.', '(', ')', '"', '“', '”']) {
                Some(0) => break,
                Some(i) => (&raw[..i], true),
                None => (raw, false),
            }
        };
        let first = word.chars().next()?;
        let capital =
            first.is_uppercase() || first.is_ascii_digit() || first == '‘' || first == '\'';
        let connector = CONNECTORS.contains(&word.to_lowercase().trim_end_matches('-'))
            && !closes
            && iter.peek().is_some_and(|n| {
                n.chars().next().is_some_and(char::is_uppercase)
                    || CONNECTORS.contains(&n.to_lowercase().as_str())
            });
        if !(capital || connector) {
            lower_follows = !word.eq_ignore_ascii_case("and");
            break;
        }
        words.push(word);
        end = start + word.len();
        if closes {
            if raw[word.len()..].starts_with('(') {
                stopped_at_paren = true;
                end = start + word.len();
            }
            break;
        }
        if words.len() > 10 {
            return None;
        }
    }
    while words
        .last()
        .is_some_and(|w| CONNECTORS.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    // "the UK incorporated company …": after "the", capitals followed by more lower-case
    // description are an adjective, not the party's name.
    if article && lower_follows {
        return None;
    }
    if words.is_empty()
        || !words
            .iter()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
    {
        return None;
    }
    let name = words.join(" ");
    let mut found = None;
    if stopped_at_paren {
        let after = rest[end..].trim_start();
        if let Some(inside) = after.strip_prefix('(').and_then(|a| a.split(')').next()) {
            found = inside
                .split([' ', '–', '-', ','])
                .find_map(reference)
                .map(str::to_string);
        }
    }
    Some((name, found))
}

/// Every explicit link in one text, and the number of relation phrases not followed by a
/// readable name.
pub(crate) fn links_in_text(text: &str) -> (Vec<TextLink>, usize) {
    // Line breaks and runs of spaces inside names ("Jalaluddin\n    Haqqani") as one space.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Lower-casing changed byte offsets (rare scripts): read the text as written.
        return links_in(&text, &text);
    }
    links_in(&text, &lower)
}

fn links_in(text: &str, lower: &str) -> (Vec<TextLink>, usize) {
    let mut links = Vec::new();
    let mut unparsed = 0;
    let mut taken_until = 0;
    for at in 0..lower.len() {
        if at < taken_until || !lower.is_char_boundary(at) || !is_word_start(lower, at) {
            continue;
        }
        let here = &lower[at..];
        let mut found: Option<(LinkKind, String, usize, Option<String>)> = None;
        if let Some((phrase, kind)) = PHRASES
            .iter()
            .find(|(p, _)| here.starts_with(p) && here[p.len()..].starts_with(' '))
        {
            let percentage = share_before(&lower[..at]);
            found = Some((*kind, phrase.to_string(), phrase.len(), percentage));
        } else if let Some(relation) = FAMILY
            .iter()
            .find(|r| here.starts_with(*r) && here[r.len()..].starts_with(" of "))
        {
            found = Some((
                LinkKind::Family,
                relation.to_string(),
                relation.len() + 3,
                None,
            ));
        } else if let Some((share, len)) = owns_share(here) {
            found = Some((LinkKind::Ownership, "owns".into(), len, Some(share)));
        }
        let Some((kind, detail, len, percentage)) = found else {
            continue;
        };
        taken_until = at + len;
        match name_at(&text[at + len..]) {
            Some((name, reference)) => links.push(TextLink {
                kind,
                detail,
                name,
                reference,
                percentage,
            }),
            None => unparsed += 1,
        }
    }
    (links, unparsed)
}

/// A share written right before "owned by": "51% owned by", "51 per cent owned by".
fn share_before(before: &str) -> Option<String> {
    let before = before.trim_end();
    let before = before
        .strip_suffix('%')
        .or_else(|| before.strip_suffix("per cent"))
        .or_else(|| before.strip_suffix("percent"))?
        .trim_end();
    let start = before
        .rfind(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map_or(0, |i| i + 1);
    crate::text::percentage(&before[start..])
}

/// "owns 51% of " / "holds 25 percent of " at the start: the share and the length read.
fn owns_share(here: &str) -> Option<(String, usize)> {
    let verb = ["owns ", "holds "]
        .into_iter()
        .find(|v| here.starts_with(v))?;
    let rest = &here[verb.len()..];
    let digits = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let number = crate::text::percentage(&rest[..digits])?;
    let after = rest[digits..].trim_start();
    let unit = [
        "% of ",
        "percent of ",
        "per cent of ",
        "% stake in ",
        "% interest in ",
    ]
    .into_iter()
    .find(|u| after.starts_with(u))?;
    let len = here.len() - after.len() + unit.len() - 1;
    Some((number, len))
}

/// Adds the links stated in an entity's notes. Returns the number of unparsed phrases.
pub(crate) fn add_text_links(entity: &mut Entity) -> usize {
    let mut unparsed = 0;
    let notes: Vec<(String, u16)> = entity
        .properties
        .get(&Property::Notes)
        .into_iter()
        .flatten()
        .map(|s| (s.value.clone(), s.source))
        .collect();
    for (note, source) in notes {
        let (links, missed) = links_in_text(&note);
        unparsed += missed;
        for found in links {
            let target_id = found.reference.as_ref().map(|r| format!("un-{r}"));
            if target_id.as_deref() == Some(entity.id.as_str()) {
                continue;
            }
            let link = Link {
                kind: found.kind,
                target_id,
                target_name: found.name,
                detail: Some(found.detail),
                percentage: found.percentage,
                source,
            };
            if !entity.links.contains(&link) {
                entity.links.push(link);
            }
        }
    }
    unparsed
}

/// Adds the links stated in the notes of every entity of a list; unparsed phrases are
/// counted in the report's unparsed remark clauses.
pub(crate) fn add_list_links(list: &mut LoadedList) {
    for entity in &mut list.entities {
        list.report.unparsed_remarks += add_text_links(entity);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (kind, detail, name, UN reference, percentage) of each link read.
    type Read = (LinkKind, String, String, Option<String>, Option<String>);

    fn read(text: &str) -> Vec<Read> {
        links_in_text(text)
            .0
            .into_iter()
            .map(|l| (l.kind, l.detail, l.name, l.reference, l.percentage))
            .collect()
    }

    #[test]
    fn reads_un_comments() {
        // UN SC consolidated list 2026-02-27, COMMENTS1 texts.
        assert_eq!(
            read("Son of Jalaluddin Haqqani (TAi.040). Brother of Sirajuddin Jallaloudine Haqqani (TAi.144)"),
            [
                (LinkKind::Family, "son".into(), "Jalaluddin Haqqani".into(), Some("TAi.040".into()), None),
                (LinkKind::Family, "brother".into(), "Sirajuddin Jallaloudine Haqqani".into(), Some("TAi.144".into()), None),
            ]
        );
        assert_eq!(
            read("Associated with Al-Qaida in the Arabian Peninsula (AQAP – QDe.129) and Al-Qaida"),
            [(
                LinkKind::Associate,
                "associated with".into(),
                "Al-Qaida in the Arabian Peninsula".into(),
                Some("QDe.129".into()),
                None
            )]
        );
    }

    #[test]
    fn reads_eu_reasons_and_refuses_vague_ones() {
        // EU 32003R1210 (Iraq): "Half-brother of Saddam Hussein".
        assert_eq!(
            read("Presidential Advisor; Half-brother of Saddam Hussein"),
            [(
                LinkKind::Family,
                "half-brother".into(),
                "Saddam Hussein".into(),
                None,
                None
            )]
        );
        // EU (Sudan): the relative is not named right after the phrase.
        let (links, unparsed) = links_in_text(
            "Deputy Commander of the RSF and brother of the RSF commander, Mohamed Hamdan ‘Hemedti’ Dagalo",
        );
        assert!(links.is_empty(), "{links:?}");
        assert_eq!(unparsed, 1);
        assert!(read("controlled by the government").is_empty());
        // DFAT 2024-11-11, Al-Arabi Trading Company: the owned company is not named here.
        assert!(
            read("Al-Arabi owns 99 percent of the UK incorporated company Technology").is_empty()
        );
    }

    #[test]
    fn reads_stated_shares() {
        // The forms of the DFAT text above, with the party named right after the phrase.
        assert_eq!(
            read("Al-Arabi owns 99 percent of Technology and Development Group Limited"),
            [(
                LinkKind::Ownership,
                "owns".into(),
                "Technology and Development Group Limited".into(),
                None,
                Some("99".into())
            )]
        );
        assert_eq!(
            read("TDG Ltd, 99% owned by Al-Arabi Trading Company."),
            [(
                LinkKind::Ownership,
                "owned by".into(),
                "Al-Arabi Trading Company".into(),
                None,
                Some("99".into())
            )]
        );
    }
}
