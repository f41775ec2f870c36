use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A date known to year, year-month or day precision, written in ISO 8601 prefix form
/// (`1954`, `1954-03`, `1954-03-01`) as FollowTheMoney does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    /// Year (four digits).
    pub year: u16,
    /// Month 1–12, if known.
    pub month: Option<u8>,
    /// Day 1–31, if known (only with a month).
    pub day: Option<u8>,
}

/// Error for a date string that is not an ISO 8601 prefix date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {0:?} (expected YYYY, YYYY-MM or YYYY-MM-DD)")]
pub struct DateParseError(pub String);

impl PartialDate {
    /// A year-only date.
    pub fn year(year: u16) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// A complete date; checks the day against the month (leap years included).
    pub fn ymd(year: u16, month: u8, day: u8) -> Option<Self> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// A year-month date.
    pub fn ym(year: u16, month: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(PartialDate {
            year,
            month: Some(month),
            day: None,
        })
    }
}

// `u16::is_multiple_of` needs Rust 1.87; the workspace supports 1.80.
#[allow(clippy::manual_is_multiple_of)]
fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for PartialDate {
    type Err = DateParseError;

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a time part after `T` is ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DateParseError(s.to_string());
        let date = s.trim().split('T').next().unwrap_or_default();
        let mut parts = date.split('-');
        let year_text = parts.next().ok_or_else(err)?;
        if year_text.len() != 4 {
            return Err(err());
        }
        let year: u16 = year_text.parse().map_err(|_| err())?;
        let month = parts
            .next()
            .map(|m| m.parse::<u8>())
            .transpose()
            .map_err(|_| err())?;
        let day = parts
            .next()
            .map(|d| d.parse::<u8>())
            .transpose()
            .map_err(|_| err())?;
        if parts.next().is_some() {
            return Err(err());
        }
        match (month, day) {
            (None, _) => Ok(PartialDate::year(year)),
            (Some(m), None) => PartialDate::ym(year, m).ok_or_else(err),
            (Some(m), Some(d)) => PartialDate::ymd(year, m, d).ok_or_else(err),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
            if let Some(day) = self.day {
                write!(f, "-{day:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_precision() {
        assert_eq!(
            "1954".parse::<PartialDate>().unwrap(),
            PartialDate::year(1954)
        );
        assert_eq!(
            "1954-03".parse::<PartialDate>().unwrap().to_string(),
            "1954-03"
        );
        assert_eq!(
            "1954-03-01T00:00:00"
                .parse::<PartialDate>()
                .unwrap()
                .to_string(),
            "1954-03-01"
        );
        assert!("1954-02-30".parse::<PartialDate>().is_err());
        assert!("2000-02-29".parse::<PartialDate>().is_ok());
        assert!("1900-02-29".parse::<PartialDate>().is_err());
        assert!("54".parse::<PartialDate>().is_err());
        assert!("circa 1954".parse::<PartialDate>().is_err());
    }
}
