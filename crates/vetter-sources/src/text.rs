//! Helpers for the free-text fields of the lists: enumerations (`a) … b) …`), dates in the
//! many forms the lists write them, and countries.

use crate::remarks;
use vetter_model::{country, PartialDate};

/// Splits an enumerated cell: `a) X b) Y`, `1) X 2) Y`, `(1) X (2) Y`; other text is one item.
pub(crate) fn enumeration(text: &str) -> Vec<String> {
    let text = text.trim();
    let bytes = text.as_bytes();
    // Positions of item markers: a letter or 1–2 digits followed by ')' at a word start.
    let mut marks: Vec<(usize, usize)> = Vec::new(); // (marker start, content start)
    let mut i = 0;
    while i < bytes.len() {
        let at_word_start = i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'(';
        if at_word_start {
            let mut j = i;
            while j < bytes.len() && j - i < 2 && bytes[j].is_ascii_digit() {
                j += 1;
            }
            if j == i && j < bytes.len() && bytes[j].is_ascii_lowercase() {
                j += 1;
            }
            if j > i && j < bytes.len() && bytes[j] == b')' {
                let start = if i > 0 && bytes[i - 1] == b'(' {
                    i - 1
                } else {
                    i
                };
                let expected = marks.len();
                let label = &text[i..j];
                let ordinal = label
                    .parse::<usize>()
                    .ok()
                    .map(|n| n.wrapping_sub(1))
                    .or_else(|| Some((label.as_bytes()[0] - b'a') as usize));
                if ordinal == Some(expected) {
                    marks.push((start, j + 1));
                    i = j + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    if marks.is_empty() || (marks[0].0 != 0 && marks.len() < 2) {
        return vec![text.to_string()];
    }
    let mut items = Vec::new();
    if marks[0].0 > 0 {
        items.push(text[..marks[0].0].trim().to_string());
    }
    for (n, (_, content)) in marks.iter().enumerate() {
        let end = marks.get(n + 1).map_or(text.len(), |m| m.0);
        items.push(
            text[*content..end]
                .trim()
                .trim_end_matches([',', ';'])
                .trim()
                .to_string(),
        );
    }
    items.retain(|s| !s.is_empty());
    items
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_name(text: &str) -> Option<u8> {
    let lower = text.trim_end_matches('.').to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|p| p as u8 + 1)
}

fn year(text: &str) -> Option<u16> {
    (text.len() == 4)
        .then(|| text.parse::<u16>().ok())
        .flatten()
        .filter(|y| (1000..=2100).contains(y))
}

/// Parses one date: ISO (`1965-04-29`, `1965`), numeric `dd/mm/yyyy`, `dd.mm.yyyy` or
/// `dd-mm-yyyy` (`month_first` for US `mm/dd/yyyy`; a `00` day or month lowers the
/// precision), and `2 March 2021`, `01 Jan 1954`, `Jan 1954`, `March 2, 2021`.
pub(crate) fn date(text: &str, month_first: bool) -> Option<String> {
    let text = text.trim().trim_end_matches(['.', ',']).trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(date) = text.parse::<PartialDate>() {
        return Some(date.to_string());
    }
    let numeric: Vec<&str> = text.split(['/', '.', '-']).map(str::trim).collect();
    if numeric.len() == 3
        && numeric
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        let (d, m) = if month_first {
            (numeric[1], numeric[0])
        } else {
            (numeric[0], numeric[1])
        };
        let y = year(numeric[2])?;
        let d: u8 = d.parse().ok()?;
        let m: u8 = m.parse().ok()?;
        return match (d, m) {
            (_, 0) => Some(y.to_string()),
            (0, m) => PartialDate::ym(y, m).map(|p| p.to_string()),
            (d, m) => PartialDate::ymd(y, m, d).map(|p| p.to_string()),
        };
    }
    if numeric.len() == 3 && month_name(numeric[1]).is_some() {
        // 19-Dec-1992, 29-Aprl-1967
        let y = year(numeric[2])?;
        return PartialDate::ymd(y, month_name(numeric[1])?, numeric[0].parse().ok()?)
            .map(|p| p.to_string());
    }
    if numeric.len() == 2
        && numeric[1].len() == 6
        && numeric
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        // 10/061962: a missing separator.
        let y = year(&numeric[1][2..])?;
        return PartialDate::ymd(y, numeric[1][..2].parse().ok()?, numeric[0].parse().ok()?)
            .map(|p| p.to_string());
    }
    if numeric.len() == 2
        && numeric
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        if year(numeric[0]).is_some() && year(numeric[1]).is_some() {
            // 1977/1978: either year, read as a range by the caller.
            return None;
        }
        // mm/yyyy
        let y = year(numeric[1])?;
        return PartialDate::ym(y, numeric[0].parse().ok()?).map(|p| p.to_string());
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [d, m, y] if d.chars().all(|c| c.is_ascii_digit()) => {
            PartialDate::ymd(year(y)?, month_name(m)?, d.parse().ok()?).map(|p| p.to_string())
        }
        [m, d, y] if d.chars().all(|c| c.is_ascii_digit()) => {
            PartialDate::ymd(year(y)?, month_name(m)?, d.parse().ok()?).map(|p| p.to_string())
        }
        [m, y] => PartialDate::ym(year(y)?, month_name(m)?).map(|p| p.to_string()),
        _ => remarks::parse_dates(text).and_then(|d| (d.len() == 1).then(|| d[0].clone())),
    }
}

/// Parses a cell with one or more dates of birth: enumerations (`a) … b) …`), `;` or ` or `
/// separated alternatives, `Approximately`/`circa`/`about` (year precision) and year
/// ranges (`1955-1958`, `Between 1955 and 1958`, each year when at most 10 apart). Returns
/// `None` when some part is not a date.
pub(crate) fn dates(text: &str, month_first: bool) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for item in enumeration(text) {
        for part in item
            .split([';', '\n'])
            .flat_map(|p| p.split(" or "))
            .flat_map(|p| p.split(" OR "))
        {
            let part = part.trim().trim_end_matches(['.', ',']).trim();
            if part.is_empty() {
                continue;
            }
            out.extend(one_date(part, month_first)?);
        }
    }
    Some(out)
}

/// [`dates`], else every date found in the text (`14 Mar 1974 >> 13 Apr 1974`,
/// `29/03/1965; alt DOB: 18/01/1970`, `15 May 1968 (as …) 1970 (as …)`): numeric dates,
/// `d Mon yyyy`, `Mon yyyy`, `d-Mon-yy` and lone years; Hijri dates are skipped. `None`
/// when no date is found.
pub(crate) fn dates_lenient(text: &str, month_first: bool) -> Option<Vec<String>> {
    if let Some(dates) = dates(text, month_first) {
        return Some(dates);
    }
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '/' || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let tokens: Vec<&str> = cleaned.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let next = tokens.get(i + 1).copied().unwrap_or("");
        if next.eq_ignore_ascii_case("hijri") {
            i += 2;
            continue;
        }
        if t.contains('/') || (t.contains('-') && t.len() > 4) {
            if let Some(d) = date(t, month_first).or_else(|| two_digit_year(t)) {
                out.push(d);
                i += 1;
                continue;
            }
        }
        if t.chars().all(|c| c.is_ascii_digit()) && t.len() <= 2 {
            let candidate = format!("{t} {next} {}", tokens.get(i + 2).copied().unwrap_or(""));
            if let Some(d) = date(&candidate, month_first) {
                out.push(d);
                i += 3;
                continue;
            }
        }
        if month_name(t).is_some() {
            if let Some(d) = date(&format!("{t} {next}"), month_first) {
                out.push(d);
                i += 2;
                continue;
            }
        }
        if let Some(y) = year(t) {
            out.push(y.to_string());
        } else {
            // "1960s-1970s": the first year of each decade.
            for part in t.split('-') {
                if let Some(y) = part
                    .strip_suffix('s')
                    .and_then(year)
                    .filter(|y| y % 10 == 0)
                {
                    out.push(y.to_string());
                }
            }
        }
        i += 1;
    }
    (!out.is_empty()).then_some(out)
}

/// `07/04/62`, `23-Apr-68`: two-digit years of birth, read as 19xx.
fn two_digit_year(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(['/', '-']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    if y.len() != 2 || !y.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let y = 1900 + y.parse::<u16>().ok()?;
    let m = m.parse::<u8>().ok().or_else(|| month_name(m))?;
    PartialDate::ymd(y, m, d.parse().ok()?).map(|p| p.to_string())
}

fn one_date(part: &str, month_first: bool) -> Option<Vec<String>> {
    let lower = part.to_ascii_lowercase();
    for prefix in [
        "approximately ",
        "approx. ",
        "approx ",
        "circa ",
        "about ",
        "ca. ",
        "c. ",
        "born in ",
        "in ",
    ] {
        if lower.starts_with(prefix) {
            let rest = &part[prefix.len()..];
            return one_date(rest, month_first)
                .map(|dates| dates.into_iter().map(|d| d[..4].to_string()).collect());
        }
    }
    for prefix in ["born in the early ", "the early ", "early "] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            return one_date(&rest.replace("'", ""), month_first)
                .map(|d| d.into_iter().map(|y| y[..4].to_string()).collect());
        }
    }
    // A decade: "1970s".
    if let Some(decade) = lower
        .strip_suffix('s')
        .and_then(year)
        .filter(|y| y % 10 == 0)
    {
        return Some((decade..decade + 10).map(|y| y.to_string()).collect());
    }
    // "Sep-99": month and two-digit year (an Excel rendering).
    if let Some((m, y)) = part.split_once('-') {
        if let (Some(m), true) = (
            month_name(m),
            y.len() == 2 && y.chars().all(|c| c.is_ascii_digit()),
        ) {
            let y: u16 = y.parse().ok()?;
            let y = if y > 30 { 1900 + y } else { 2000 + y };
            return PartialDate::ym(y, m).map(|d| vec![d.to_string()]);
        }
    }
    if let Some(rest) = lower.strip_prefix("between ") {
        if let Some((from, to)) = rest.split_once(" and ") {
            return year_range(from, to);
        }
    }
    if let Some(date) = date(part, month_first) {
        return Some(vec![date]);
    }
    for separator in [" to ", " - ", "- ", " -", "-", "–", "/"] {
        if let Some((from, to)) = part.split_once(separator) {
            if let Some(range) = year_range(from, to) {
                return Some(range);
            }
            if let (Some(from), Some(to)) = (date(from, month_first), date(to, month_first)) {
                return Some(vec![from, to]);
            }
        }
    }
    None
}

fn year_range(from: &str, to: &str) -> Option<Vec<String>> {
    let (from, to) = (year(from.trim())?, year(to.trim())?);
    if from <= to && to - from <= 10 {
        Some((from..=to).map(|y| y.to_string()).collect())
    } else if from <= to {
        Some(vec![from.to_string(), to.to_string()])
    } else {
        None
    }
}

/// Country names and misspellings seen in the lists that the model's country table does
/// not know (lower case).
const EXTRA_COUNTRIES: &[(&str, &str)] = &[
    ("saudi arabian", "sa"),
    ("afgan", "af"),
    ("qatarian", "qa"),
    ("occupied palestinian territories", "ps"),
    ("occupied palestinian territory", "ps"),
    ("belrus", "by"),
    ("repubic of moldova", "md"),
    ("trinadad and tobago", "tt"),
    ("sultanate of oman", "om"),
    ("union of the comoros", "km"),
    ("kuwaiti", "kw"),
    ("drc", "cd"),
    ("crimea", "ua"),
    ("afghani", "af"),
    ("ukranian", "ua"),
    ("türkiyish", "tr"),
    ("turkish", "tr"),
];

fn country_code(text: &str) -> Option<&'static str> {
    let lower = text.trim().trim_end_matches('.').to_lowercase();
    EXTRA_COUNTRIES
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, code)| *code)
        .or_else(|| country::to_code(text))
}

/// Country codes named anywhere in a free text ("In Syria as at June 2013", "Iranian
/// national and US national"), longest word sequences first.
fn scan_countries(text: &str) -> Vec<&'static str> {
    const STOP: &[&str] = &[
        "and", "of", "the", "in", "as", "at", "by", "also", "to", "is", "on", "a", "an", "or",
        "not", "no", "central", "district",
    ];
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let mut codes = Vec::new();
    let mut i = 0;
    'outer: while i < words.len() {
        for size in (1..=4).rev() {
            if i + size > words.len() {
                continue;
            }
            if size == 1 && (STOP.contains(&words[i].to_lowercase().as_str()) || words[i].len() < 3)
            {
                break;
            }
            let candidate = words[i..i + size].join(" ");
            if let Some(code) = country_code(&candidate) {
                if !codes.contains(&code) {
                    codes.push(code);
                }
                i += size;
                continue 'outer;
            }
        }
        i += 1;
    }
    codes
}

/// Resolves a country cell to alpha-2 codes: the whole text, else its enumerated or
/// `,`/`;`/`/`-separated parts, each with parenthesised remarks removed, else the country
/// names found in the text. Returns the codes and the parts that did not resolve
/// (placeholders are neither).
pub(crate) fn countries(text: &str) -> (Vec<&'static str>, Vec<String>) {
    let text = text.trim();
    if text.is_empty() || country::is_placeholder(text) {
        return (Vec::new(), Vec::new());
    }
    if let Some(code) = country_code(text).or_else(|| country_code(&strip_parens(text))) {
        return (vec![code], Vec::new());
    }
    let mut codes = Vec::new();
    let mut unknown = Vec::new();
    for item in enumeration(text) {
        if let Some(code) = country_code(&strip_parens(&item)) {
            codes.push(code);
            continue;
        }
        for part in item.split([',', ';', '/']) {
            let part = strip_parens(part);
            const NOISE: &[&str] = &["citizen", "citizenship", "national", "nationality"];
            if part.is_empty()
                || country::is_placeholder(&part)
                || NOISE.contains(&part.to_lowercase().as_str())
            {
                continue;
            }
            match country_code(&part) {
                Some(code) => codes.push(code),
                None => {
                    let found = scan_countries(&part);
                    if found.is_empty() {
                        unknown.push(part);
                    } else {
                        codes.extend(found);
                    }
                }
            }
        }
    }
    codes.dedup();
    (codes, unknown)
}

/// An ownership share as a decimal number of percent: `"51"`, `"51 %"`, `"25,5%"` →
/// `"51"`, `"51"`, `"25.5"`. `None` unless it is a number from 0 to 100.
pub(crate) fn percentage(text: &str) -> Option<String> {
    let number = text.trim().trim_end_matches('%').trim().replace(',', ".");
    let value: f64 = number.parse().ok()?;
    if !(0.0..=100.0).contains(&value) || !number.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let mut out = format!("{value:.4}");
    while out.ends_with('0') {
        out.pop();
    }
    if out.ends_with('.') {
        out.pop();
    }
    Some(out)
}

/// The text without parenthesised parts, trimmed.
pub(crate) fn strip_parens(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True for the empty markers of the lists ("NA", "N/A", "-", "").
pub(crate) fn is_na(text: &str) -> bool {
    matches!(
        text.trim().to_ascii_lowercase().as_str(),
        "" | "na" | "n/a" | "-" | "none" | "unknown"
    )
}

/// True when a date cell holds no year at all ("28 September", "(year unknown)",
/// "Approximately (30-35 years old)", "N/D"): such a text is no date, and loaders keep it in
/// `notes` instead of rejecting it.
pub(crate) fn has_no_year(text: &str) -> bool {
    !text
        .split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() == 4)
}

/// A slug for ids: lower-case ASCII letters and digits, other runs become `-`.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages() {
        assert_eq!(percentage("51").as_deref(), Some("51"));
        assert_eq!(percentage("25,5 %").as_deref(), Some("25.5"));
        assert_eq!(percentage("100.00").as_deref(), Some("100"));
        assert_eq!(percentage("150"), None);
        assert_eq!(percentage("-5"), None);
        assert_eq!(percentage("majority"), None);
    }

    #[test]
    fn enumerations() {
        assert_eq!(enumeration("a) X b) Y"), ["X", "Y"]);
        assert_eq!(
            enumeration("1) Saudi Arabia 2) Qatar"),
            ["Saudi Arabia", "Qatar"]
        );
        assert_eq!(enumeration("Kandahar (b) x"), ["Kandahar (b) x"]);
        assert_eq!(enumeration("plain"), ["plain"]);
    }

    #[test]
    fn dates_in_many_forms() {
        assert_eq!(date("00/00/1980", false).unwrap(), "1980");
        assert_eq!(date("00/05/1980", false).unwrap(), "1980-05");
        assert_eq!(date("27.1.1964", false).unwrap(), "1964-01-27");
        assert_eq!(date("2 March 2021", false).unwrap(), "2021-03-02");
        assert_eq!(date("06/19/2003", true).unwrap(), "2003-06-19");
        assert_eq!(
            dates(
                "a) Approximately 1955- 1958 b) Approximately 1945-1950",
                false
            )
            .unwrap(),
            ["1955", "1956", "1957", "1958", "1945", "1946", "1947", "1948", "1949", "1950"]
        );
        assert_eq!(dates("Approximately 1963", false).unwrap(), ["1963"]);
        assert!(dates("sometime", false).is_none());
    }

    #[test]
    fn countries_and_slugs() {
        assert_eq!(countries("1) Saudi Arabia 2) Qatar").0, ["sa", "qa"]);
        assert_eq!(countries("Afghanistan (since 2009)").0, ["af"]);
        assert_eq!(slug("Russia / Russie"), "russia-russie");
    }
}
