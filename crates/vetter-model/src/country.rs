//! ISO 3166-1 alpha-2 country codes from the names and codes the official lists use.

/// Normalises a country given as a name ("Cambodia", "Korea, North", "Russian Federation"),
/// an alpha-2 or alpha-3 code, or a demonym ("Russian") to a lower-case alpha-2 code.
pub fn to_code(text: &str) -> Option<&'static str> {
    let key = normalise(text);
    if key.is_empty() {
        return None;
    }
    COUNTRIES
        .iter()
        .find(|(code, names)| key.eq_ignore_ascii_case(code) || names.iter().any(|n| *n == key))
        .map(|(code, _)| *code)
}

fn normalise(text: &str) -> String {
    text.trim()
        .trim_end_matches('.')
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// (alpha-2 code, normalised names, alpha-3 code and demonyms).
static COUNTRIES: &[(&str, &[&str])] = &[
    (
        "kh",
        &["cambodia", "khm", "cambodian", "kingdom of cambodia"],
    ),
    (
        "kp",
        &[
            "korea north",
            "north korea",
            "prk",
            "democratic people s republic of korea",
            "dprk",
        ],
    ),
    (
        "kr",
        &[
            "korea south",
            "south korea",
            "kor",
            "republic of korea",
            "korea",
        ],
    ),
    ("ru", &["russia", "russian federation", "rus", "russian"]),
];
