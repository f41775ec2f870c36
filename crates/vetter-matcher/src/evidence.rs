//! Evidence beyond the name: birth dates, countries, gender, identifiers.

use crate::explain::Feature;
use crate::Prepared;
use vetter_model::PartialDate;

/// Contribution of an identical identifier (passport, registration, IMO …).
const IDENTIFIER_MATCH: f32 = 0.20;
/// Contribution of the same birth day.
const BIRTH_DAY_MATCH: f32 = 0.05;
/// Contribution of a compatible birth date at year or month precision, or day/month swapped.
const BIRTH_YEAR_MATCH: f32 = 0.02;
/// Contribution of birth years two or more years apart.
const BIRTH_DATE_CONFLICT: f32 = -0.20;
/// Contribution of the same year but another day.
const BIRTH_DAY_CONFLICT: f32 = -0.05;
/// Contribution of a shared country.
const COUNTRY_MATCH: f32 = 0.02;
/// Contribution of disjoint countries.
const COUNTRY_CONFLICT: f32 = -0.05;
/// Support lift of the same birth day: a common name with the same birth date identifies.
const BIRTH_DAY_LIFT: f32 = 0.5;
/// Support lift of a compatible birth year or month.
const BIRTH_YEAR_LIFT: f32 = 0.25;
/// Support lift of a shared country.
const COUNTRY_LIFT: f32 = 0.15;
/// Support lift of a shared identifier: it identifies on its own.
const IDENTIFIER_LIFT: f32 = 1.0;
/// Contribution of a different gender.
const GENDER_CONFLICT: f32 = -0.20;

fn join<T: ToString>(values: &[T]) -> String {
    values
        .iter()
        .map(T::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// How two birth dates relate, best first.
fn compare_dates(a: &PartialDate, b: &PartialDate) -> (f32, &'static str) {
    let full = |d: &PartialDate| d.day.is_some();
    if a == b && full(a) {
        return (BIRTH_DAY_MATCH, "same birth date");
    }
    if a.year == b.year {
        match (a.month, b.month) {
            (Some(am), Some(bm)) if am != bm => {
                if full(a) && full(b) && a.day == Some(bm) && b.day == Some(am) {
                    return (
                        BIRTH_YEAR_MATCH,
                        "same birth date with day and month swapped",
                    );
                }
                return (BIRTH_DAY_CONFLICT, "same birth year, different month");
            }
            (Some(_), Some(_)) if full(a) && full(b) => {
                return (BIRTH_DAY_CONFLICT, "same birth month, different day")
            }
            _ => return (BIRTH_YEAR_MATCH, "compatible birth date"),
        }
    }
    if a.year.abs_diff(b.year) == 1 {
        return (0.0, "birth years one apart");
    }
    (BIRTH_DATE_CONFLICT, "different birth year")
}

/// All evidence features for a pair whose names matched.
pub fn compare(query: &Prepared, candidate: &Prepared) -> Vec<Feature> {
    let mut features = Vec::new();
    if !query.birth_dates.is_empty() && !candidate.birth_dates.is_empty() {
        let best = query
            .birth_dates
            .iter()
            .flat_map(|q| {
                candidate
                    .birth_dates
                    .iter()
                    .map(move |c| compare_dates(q, c))
            })
            .max_by(|x, y| x.0.total_cmp(&y.0));
        if let Some((contribution, detail)) = best {
            let support_lift = if contribution >= BIRTH_DAY_MATCH {
                BIRTH_DAY_LIFT
            } else if contribution > 0.0 {
                BIRTH_YEAR_LIFT
            } else {
                0.0
            };
            features.push(Feature {
                feature: "birth_date",
                contribution,
                support_lift,
                query: join(&query.birth_dates),
                candidate: join(&candidate.birth_dates),
                detail: detail.to_string(),
            });
        }
    }
    if !query.countries.is_empty() && !candidate.countries.is_empty() {
        let shared = query
            .countries
            .iter()
            .any(|c| candidate.countries.contains(c));
        features.push(Feature {
            feature: "country",
            contribution: if shared {
                COUNTRY_MATCH
            } else {
                COUNTRY_CONFLICT
            },
            support_lift: if shared { COUNTRY_LIFT } else { 0.0 },
            query: join(&query.countries),
            candidate: join(&candidate.countries),
            detail: if shared {
                "shared country"
            } else {
                "no country in common"
            }
            .to_string(),
        });
    }
    if let (Some(q), Some(c)) = (&query.gender, &candidate.gender) {
        if q != c {
            features.push(Feature {
                feature: "gender",
                contribution: GENDER_CONFLICT,
                support_lift: 0.0,
                query: q.clone(),
                candidate: c.clone(),
                detail: "different gender".to_string(),
            });
        }
    }
    let shared_identifier = query.identifiers.iter().find_map(|(qp, qv)| {
        candidate
            .identifiers
            .iter()
            .find(|(_, cv)| cv == qv)
            .map(|(cp, cv)| (*qp, *cp, cv.clone()))
    });
    if let Some((qp, cp, value)) = shared_identifier {
        features.push(Feature {
            feature: "identifier",
            contribution: IDENTIFIER_MATCH,
            support_lift: IDENTIFIER_LIFT,
            query: format!("{qp}: {value}"),
            candidate: format!("{cp}: {value}"),
            detail: "same identifier".to_string(),
        });
    }
    features
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    #[test]
    fn birth_dates_corroborate_or_contradict_at_any_precision() {
        assert_eq!(
            compare_dates(&date("1954-01-01"), &date("1954-01-01")).0,
            BIRTH_DAY_MATCH
        );
        assert_eq!(
            compare_dates(&date("1954"), &date("1954-01-01")).0,
            BIRTH_YEAR_MATCH
        );
        assert_eq!(
            compare_dates(&date("1954-03-01"), &date("1954-01-03")).0,
            BIRTH_YEAR_MATCH
        );
        assert_eq!(compare_dates(&date("1955"), &date("1954-01-01")).0, 0.0);
        assert_eq!(
            compare_dates(&date("1960"), &date("1954-01-01")).0,
            BIRTH_DATE_CONFLICT
        );
        assert_eq!(
            compare_dates(&date("1954-02-01"), &date("1954-01-01")).0,
            BIRTH_DAY_CONFLICT
        );
    }
}
