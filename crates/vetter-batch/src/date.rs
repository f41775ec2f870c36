//! Birth dates as customer files write them, normalised to ISO prefix form.

use vetter_model::PartialDate;

/// How to read a date whose day and month could be either way round (`03/04/1980`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Ambiguous dates keep only their year (both readings share it).
    #[default]
    Unknown,
    /// Day first (`DD/MM/YYYY`, most of the world).
    DayFirst,
    /// Month first (`MM/DD/YYYY`, United States).
    MonthFirst,
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_name(text: &str) -> Option<u8> {
    let lower = text.to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as u8 + 1)
}

fn number(text: &str) -> Option<u16> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A day or month: one or two digits.
fn small(text: &str) -> Option<u8> {
    number(text).filter(|_| text.len() <= 2).map(|n| n as u8)
}

/// Normalises a birth date: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD`, `YYYY-MM`, `YYYY`,
/// ISO date-times, `DD/MM/YYYY` / `MM/DD/YYYY` (and with `.` or `-`) when only one reading
/// is a valid date or `order` says which, `12 Jan 1980`, `12-JAN-1980`, `Jan 12, 1980`.
/// An ambiguous day/month keeps the year only. `Err` gives the reason for a value that is
/// not a date.
pub fn normalise(text: &str, order: DateOrder) -> Result<PartialDate, String> {
    let bad = || format!("bad date {text:?}");
    let t = text.trim();
    // Drop the time of a date-time (`1954-03-01T00:00:00`, `1954-03-01 00:00`).
    let b = t.as_bytes();
    let t = if b.len() > 10 && matches!(b[4], b'-' | b'/') && matches!(b[10], b'T' | b' ') {
        &t[..10]
    } else {
        t
    };
    if let Ok(date) = t.parse::<PartialDate>() {
        return Ok(date);
    }
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m, d) = (number(&t[..4]), number(&t[4..6]), number(&t[6..]));
        if let (Some(y), Some(m), Some(d)) = (y, m, d) {
            if (1800..=2100).contains(&y) {
                return PartialDate::ymd(y, m as u8, d as u8).ok_or_else(bad);
            }
        }
    }
    let parts: Vec<&str> = t
        .split(['/', '.', '-', ' ', ','])
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [a, b, c] => {
            // Month written as a word: 12 Jan 1980 / Jan 12, 1980 / 1980-Jan-12.
            if let Some(m) = month_name(b) {
                let (d, y) = if a.len() == 4 { (c, a) } else { (a, c) };
                let (d, y) = (small(d).ok_or_else(bad)?, year(y).ok_or_else(bad)?);
                return PartialDate::ymd(y, m, d).ok_or_else(bad);
            }
            if let Some(m) = month_name(a) {
                let (d, y) = (small(b).ok_or_else(bad)?, year(c).ok_or_else(bad)?);
                return PartialDate::ymd(y, m, d).ok_or_else(bad);
            }
            if let Some(y) = year(a) {
                // YYYY/MM/DD
                let (m, d) = (small(b).ok_or_else(bad)?, small(c).ok_or_else(bad)?);
                return PartialDate::ymd(y, m, d).ok_or_else(bad);
            }
            let (a, b) = (small(a).ok_or_else(bad)?, small(b).ok_or_else(bad)?);
            let y = year(c).ok_or_else(bad)?;
            let day_first = PartialDate::ymd(y, b, a);
            let month_first = PartialDate::ymd(y, a, b);
            match (day_first, month_first, order) {
                (Some(d), Some(m), _) if d == m => Ok(d),
                (Some(d), Some(_), DateOrder::DayFirst) => Ok(d),
                (Some(_), Some(m), DateOrder::MonthFirst) => Ok(m),
                (Some(_), Some(_), DateOrder::Unknown) => Ok(PartialDate::year(y)),
                (Some(d), None, _) => Ok(d),
                (None, Some(m), _) => Ok(m),
                (None, None, _) => Err(bad()),
            }
        }
        [a, b] => {
            // MM/YYYY or Jan 1980
            let y = year(b).ok_or_else(bad)?;
            let m = month_name(a).or_else(|| small(a)).ok_or_else(bad)?;
            PartialDate::ym(y, m).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

/// A four-digit year in a plausible birth range.
fn year(text: &str) -> Option<u16> {
    number(text).filter(|y| text.len() == 4 && (1800..=2100).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> String {
        normalise(text, DateOrder::Unknown).unwrap().to_string()
    }

    #[test]
    fn common_formats() {
        assert_eq!(iso("1954-03-01"), "1954-03-01");
        assert_eq!(iso("1954"), "1954");
        assert_eq!(iso("1954-03"), "1954-03");
        assert_eq!(iso("1954-03-01T00:00:00"), "1954-03-01");
        assert_eq!(iso("1954-03-01 00:00:00"), "1954-03-01");
        assert_eq!(iso("1954/03/01"), "1954-03-01");
        assert_eq!(iso("19540301"), "1954-03-01");
        assert_eq!(iso("25/12/1960"), "1960-12-25");
        assert_eq!(iso("12/25/1960"), "1960-12-25");
        assert_eq!(iso("25.12.1960"), "1960-12-25");
        assert_eq!(iso("05/05/1960"), "1960-05-05");
        assert_eq!(iso("12 Jan 1980"), "1980-01-12");
        assert_eq!(iso("12-JAN-1980"), "1980-01-12");
        assert_eq!(iso("January 12, 1980"), "1980-01-12");
        assert_eq!(iso("03/1980"), "1980-03");
    }

    #[test]
    fn ambiguous_day_and_month_keep_the_year_unless_told() {
        assert_eq!(iso("03/04/1980"), "1980");
        assert_eq!(
            normalise("03/04/1980", DateOrder::DayFirst)
                .unwrap()
                .to_string(),
            "1980-04-03"
        );
        assert_eq!(
            normalise("03/04/1980", DateOrder::MonthFirst)
                .unwrap()
                .to_string(),
            "1980-03-04"
        );
    }

    #[test]
    fn non_dates_are_errors() {
        for text in [
            "31/02/1990",
            "not known",
            "1990-13-01",
            "32/13/1990",
            "12/1/90",
        ] {
            assert!(normalise(text, DateOrder::Unknown).is_err(), "{text}");
        }
    }
}
