//! Numbers in names: number words, ordinals and Roman numerals become digits so that
//! "Brigade Forty-four", "1st" and "Fund VII" compare with "Brigade 44", "first", "Fund 7".

/// The value of an English number word or ordinal below 100 (`four` → 4, `fourty` → 40,
/// `first` → 1, `1st` → 1), or `None`.
pub fn word_value(token: &str) -> Option<u32> {
    let units = [
        ("zero", 0),
        ("one", 1),
        ("first", 1),
        ("two", 2),
        ("second", 2),
        ("three", 3),
        ("third", 3),
        ("four", 4),
        ("fourth", 4),
        ("five", 5),
        ("fifth", 5),
        ("six", 6),
        ("sixth", 6),
        ("seven", 7),
        ("seventh", 7),
        ("eight", 8),
        ("eighth", 8),
        ("nine", 9),
        ("ninth", 9),
        ("ten", 10),
        ("tenth", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("thirteen", 13),
        ("fourteen", 14),
        ("fifteen", 15),
        ("sixteen", 16),
        ("seventeen", 17),
        ("eighteen", 18),
        ("nineteen", 19),
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fourty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
    ];
    if let Some((_, value)) = units.iter().find(|(word, _)| *word == token) {
        return Some(*value);
    }
    // Digit ordinals: 1st, 2nd, 3rd, 4th.
    let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &token[digits.len()..];
    if !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(suffix, "st" | "nd" | "rd" | "th")
    {
        return digits.parse().ok();
    }
    None
}

/// The value of a Roman numeral from 1 to 39 written in canonical form (`vii` → 7).
pub fn roman_value(token: &str) -> Option<u32> {
    const NUMERALS: [&str; 40] = [
        "", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
        "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx", "xxi", "xxii", "xxiii", "xxiv", "xxv",
        "xxvi", "xxvii", "xxviii", "xxix", "xxx", "xxxi", "xxxii", "xxxiii", "xxxiv", "xxxv",
        "xxxvi", "xxxvii", "xxxviii", "xxxix",
    ];
    NUMERALS
        .iter()
        .position(|n| !n.is_empty() && *n == token)
        .map(|p| p as u32)
}

/// Reads digits used as letters inside a word (`ig0r` → `igor`, `sech1n` → `sechin`).
/// Tokens that are all digits are left alone.
pub fn unleet(token: &str) -> Option<String> {
    let has_digit = token.chars().any(|c| c.is_ascii_digit());
    let letters = token.chars().filter(|c| c.is_ascii_alphabetic()).count();
    if !has_digit || letters < 2 || word_value(token).is_some() {
        return None;
    }
    Some(
        token
            .chars()
            .map(|c| match c {
                '0' => 'o',
                '1' => 'i',
                '3' => 'e',
                '4' => 'a',
                '5' => 's',
                '7' => 't',
                '8' => 'b',
                '9' => 'g',
                other => other,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_in_names() {
        assert_eq!(word_value("fourty"), Some(40));
        assert_eq!(word_value("1st"), Some(1));
        assert_eq!(word_value("first"), Some(1));
        assert_eq!(word_value("firsts"), None);
        assert_eq!(roman_value("viii"), Some(8));
        assert_eq!(roman_value("iiii"), None);
        assert_eq!(unleet("ig0r").as_deref(), Some("igor"));
        assert_eq!(unleet("i9or").as_deref(), Some("igor"));
        assert_eq!(unleet("2000"), None);
    }
}
