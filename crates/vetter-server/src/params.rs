//! Query-string parameters as yente takes them: repeated keys for lists
//! (`include_dataset=a&include_dataset=b`), typed values with clear 400 errors.

use crate::error::ApiError;
use vetter_model::Schema;

/// The decoded `key=value` pairs of a query string, in order.
#[derive(Debug, Clone, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Decodes a raw query string (`None`: no parameters).
    pub fn parse(raw: Option<&str>) -> Self {
        Params(
            raw.map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
                .unwrap_or_default(),
        )
    }

    /// The last value of a parameter (a repeated scalar parameter takes its last value).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty value of a repeated parameter.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    /// An integer in `min..=max`, or `default` when absent.
    pub fn usize_in(
        &self,
        name: &str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, ApiError> {
        let Some(raw) = self.get(name) else {
            return Ok(default);
        };
        let value: usize = raw.trim().parse().map_err(|_| {
            ApiError::bad_request(format!(
                "Query parameter `{name}` must be an integer, got {raw:?}"
            ))
        })?;
        if value < min || value > max {
            return Err(ApiError::bad_request(format!(
                "Query parameter `{name}` must be between {min} and {max}, got {value}"
            )));
        }
        Ok(value)
    }

    /// A number in `[0, 1]`, or `default` when absent.
    pub fn unit_float(&self, name: &str, default: f32) -> Result<f32, ApiError> {
        let Some(raw) = self.get(name) else {
            return Ok(default);
        };
        let value: f32 = raw.trim().parse().map_err(|_| {
            ApiError::bad_request(format!(
                "Query parameter `{name}` must be a number, got {raw:?}"
            ))
        })?;
        if !(0.0..=1.0).contains(&value) {
            return Err(ApiError::bad_request(format!(
                "Query parameter `{name}` must be between 0 and 1, got {value}"
            )));
        }
        Ok(value)
    }

    /// A boolean (`true`/`false`/`1`/`0`/`yes`/`no`), or `default` when absent.
    pub fn bool(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.get(name).map(|v| v.trim().to_ascii_lowercase()) {
            None => Ok(default),
            Some(v) if ["true", "1", "yes", "on"].contains(&v.as_str()) => Ok(true),
            Some(v) if ["false", "0", "no", "off"].contains(&v.as_str()) => Ok(false),
            Some(v) => Err(ApiError::bad_request(format!(
                "Query parameter `{name}` must be true or false, got {v:?}"
            ))),
        }
    }

    /// Schemata named by a repeated parameter; an unknown name is a 400.
    pub fn schemata(&self, name: &str) -> Result<Vec<Schema>, ApiError> {
        self.all(name)
            .iter()
            .map(|s| {
                s.parse::<Schema>()
                    .map_err(|e| ApiError::bad_request(format!("Query parameter `{name}`: {e}")))
            })
            .collect()
    }

    /// A date or timestamp prefix (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, optionally followed by
    /// `T…`), returned as its date part; anything else is a 400.
    pub fn date(&self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(raw) = self.get(name).map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(None);
        };
        let date = raw.split(['T', ' ']).next().unwrap_or_default();
        let ok = match date.len() {
            4 | 7 | 10 => date.chars().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            }),
            _ => false,
        };
        if !ok {
            return Err(ApiError::bad_request(format!(
                "Query parameter `{name}` must be an ISO date such as 2024-01-31, got {raw:?}"
            )));
        }
        Ok(Some(date.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_and_typed_parameters() {
        let p = Params::parse(Some(
            "limit=3&include_dataset=a&include_dataset=b&threshold=0.8&changed_since=2024-01-02T00:00:00",
        ));
        assert_eq!(p.usize_in("limit", 5, 1, 500).unwrap(), 3);
        assert_eq!(p.all("include_dataset"), ["a", "b"]);
        assert_eq!(p.unit_float("threshold", 0.7).unwrap(), 0.8);
        assert_eq!(
            p.date("changed_since").unwrap().as_deref(),
            Some("2024-01-02")
        );
        let bad = Params::parse(Some("limit=x&threshold=2&changed_since=yesterday"));
        assert!(bad.usize_in("limit", 5, 1, 500).is_err());
        assert!(bad.unit_float("threshold", 0.7).is_err());
        assert!(bad.date("changed_since").is_err());
        assert!(Params::parse(Some("limit=501"))
            .usize_in("limit", 5, 1, 500)
            .is_err());
    }
}
