//! Script detection and transliteration to ASCII.

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// The writing system a name token was written in before transliteration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    /// Latin (with or without diacritics), digits.
    Latin,
    /// Cyrillic.
    Cyrillic,
    /// Greek.
    Greek,
    /// Arabic and Persian/Urdu letters (an abjad: short vowels are not written).
    Arabic,
    /// Hebrew (an abjad).
    Hebrew,
    /// Chinese characters (read as Mandarin pinyin).
    Han,
    /// Korean Hangul (read as Revised Romanisation).
    Hangul,
    /// Japanese Hiragana and Katakana (read as Hepburn).
    Kana,
    /// Thai.
    Thai,
    /// Khmer.
    Khmer,
    /// Any other script (Armenian, Georgian, Devanagari, Ethiopic …), transliterated.
    Other,
}

impl Script {
    /// Every script, in declaration order (index files store a script as its position
    /// here: add new scripts at the end).
    pub const ALL: [Script; 11] = [
        Script::Latin,
        Script::Cyrillic,
        Script::Greek,
        Script::Arabic,
        Script::Hebrew,
        Script::Han,
        Script::Hangul,
        Script::Kana,
        Script::Thai,
        Script::Khmer,
        Script::Other,
    ];

    /// The script of one character, or `None` for punctuation, digits and marks.
    pub fn of(c: char) -> Option<Script> {
        let script = match c as u32 {
            0x0041..=0x005A | 0x0061..=0x007A | 0x00C0..=0x024F | 0x1E00..=0x1EFF => Script::Latin,
            0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
            0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => {
                Script::Cyrillic
            }
            0x0590..=0x05FF | 0xFB1D..=0xFB4F => Script::Hebrew,
            0x0600..=0x06FF
            | 0x0750..=0x077F
            | 0x08A0..=0x08FF
            | 0xFB50..=0xFDFF
            | 0xFE70..=0xFEFF => Script::Arabic,
            0x0E00..=0x0E7F => Script::Thai,
            0x1780..=0x17FF | 0x19E0..=0x19FF => Script::Khmer,
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF => Script::Han,
            _ if c.is_alphabetic() => Script::Other,
            _ => return None,
        };
        // Combining marks of Arabic/Hebrew vowel points are inside the blocks above but are
        // not letters; treat them as script-neutral.
        if !c.is_alphabetic() && !matches!(script, Script::Khmer | Script::Thai) {
            return None;
        }
        Some(script)
    }

    /// True for scripts that do not write short vowels, so that a romanised form is
    /// compared by its consonants.
    pub fn is_abjad(self) -> bool {
        matches!(self, Script::Arabic | Script::Hebrew)
    }

    /// True for scripts whose transliteration is syllabic (one token per syllable).
    pub fn is_syllabic(self) -> bool {
        matches!(self, Script::Han | Script::Hangul | Script::Kana)
    }

    /// True for scripts transliterated only loosely (vowels and finals are unreliable).
    pub fn is_loose(self) -> bool {
        self.is_abjad()
            || self.is_syllabic()
            || matches!(self, Script::Thai | Script::Khmer | Script::Other)
    }
}

/// The dominant script of a piece of text (the script of most of its letters).
pub fn dominant(text: &str) -> Script {
    let mut counts = [0usize; Script::ALL.len()];
    let all = Script::ALL;
    for c in text.chars() {
        if let Some(script) = Script::of(c) {
            counts[all.iter().position(|s| *s == script).unwrap_or(10)] += 1;
        }
    }
    let best = (0..all.len()).max_by_key(|i| counts[*i]).unwrap_or(0);
    if counts[best] == 0 {
        Script::Latin
    } else {
        all[best]
    }
}

/// Transliterates text to ASCII. Syllabic scripts keep one space between syllables so that
/// each syllable becomes a token (`习近平` → `xi jin ping`); Latin diacritics are removed.
pub fn to_ascii(text: &str) -> String {
    let greek;
    let text = if text.chars().any(|c| Script::of(c) == Some(Script::Greek)) {
        greek = greek_digraphs(text);
        greek.as_str()
    } else {
        text
    };
    let mut out = String::with_capacity(text.len());
    for c in text.nfc() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let script = Script::of(c);
        let ascii = char_to_ascii(c);
        if matches!(script, Some(Script::Han | Script::Hangul)) {
            out.push(' ');
            out.push_str(ascii);
            out.push(' ');
        } else {
            out.push_str(ascii);
        }
    }
    out
}

/// One letter in ASCII, as `any_ascii` writes it, except the kra ĸ, which lists type for the
/// Cyrillic к it looks like (Алеĸсандр, Виĸторович on the EU list): k, not q.
pub(crate) fn char_to_ascii(c: char) -> &'static str {
    match c {
        'ĸ' => "k",
        c => any_ascii::any_ascii_char(c),
    }
}

/// Greek digraphs that read as one Latin sound: ου → u, μπ → b, ντ → d, γκ → g, γγ → ng
/// (Πούτιν → Putin, Βλαντίμιρ → Vladimir); accents are removed first.
fn greek_digraphs(text: &str) -> String {
    let plain: String = text
        .nfd()
        .filter(|c| !matches!(*c as u32, 0x0300..=0x036F))
        .collect::<String>()
        .to_lowercase();
    plain
        .replace("ου", "u")
        .replace("μπ", "b")
        .replace("ντ", "d")
        .replace("γκ", "g")
        .replace("γγ", "ng")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_kra_typed_for_a_cyrillic_ka_as_k() {
        // As the EU list writes Aliaksandr Aliaksandravich VOUK in Cyrillic.
        assert_eq!(
            to_ascii("Алеĸсандр Алеĸсандрович"),
            "Aleksandr Aleksandrovich"
        );
    }

    #[test]
    fn transliterates_scripts_with_syllables_split() {
        assert_eq!(to_ascii("Владимир Путин"), "Vladimir Putin");
        assert_eq!(
            to_ascii("习近平").split_whitespace().collect::<Vec<_>>(),
            ["Xi", "Jin", "Ping"]
        );
        assert_eq!(
            to_ascii("김정은").split_whitespace().collect::<Vec<_>>(),
            ["Gim", "Jeong", "Eun"]
        );
        assert_eq!(to_ascii("Erdoğan"), "Erdogan");
        assert_eq!(to_ascii("Βλαντίμιρ Πούτιν"), "vladimir putin");
        assert_eq!(dominant("محمد علي"), Script::Arabic);
        assert_eq!(dominant("Kim 김정은"), Script::Hangul);
    }
}
