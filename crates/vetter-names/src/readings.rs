//! Japanese and Korean readings of names written in Chinese characters. `any_ascii` reads
//! every Chinese character as Mandarin pinyin, which is right for Chinese names but not for
//! a Japanese name in kanji (山田太郎 is Yamada Taro, not Shan Tian Tai Lang) or a Korean
//! name in hanja (金正恩 is Kim Jong Un, not Jin Zheng En). [`alternative_readings`] gives
//! those readings where the data in `data/han-readings.txt` covers every character.

use crate::analysis::{analyze, Name, NameKind};
use crate::script::Script;
use std::collections::HashMap;
use std::sync::OnceLock;

const READINGS: &str = include_str!("../data/han-readings.txt");

struct Tables {
    /// Japanese: character sequence → reading of the whole sequence.
    japanese: HashMap<String, &'static str>,
    /// Longest Japanese entry, in characters.
    longest: usize,
    /// Korean: one character → reading of its syllable.
    korean: HashMap<char, &'static str>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut tables = Tables {
            japanese: HashMap::new(),
            longest: 1,
            korean: HashMap::new(),
        };
        for line in READINGS.lines() {
            let mut fields = line.split_whitespace();
            let (Some(chars), Some(reading), Some(language)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            if chars.starts_with('#') {
                continue;
            }
            match language {
                "ja" => {
                    tables.longest = tables.longest.max(chars.chars().count());
                    tables.japanese.entry(chars.to_string()).or_insert(reading);
                }
                "ko" => {
                    if let Some(c) = chars.chars().next() {
                        tables.korean.entry(c).or_insert(reading);
                    }
                }
                _ => {}
            }
        }
        tables
    })
}

fn han_characters(name: &str) -> Option<Vec<char>> {
    let chars: Vec<char> = name
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '·' | '・' | '.' | '-'))
        .collect();
    (!chars.is_empty() && chars.iter().all(|c| Script::of(*c) == Some(Script::Han)))
        .then_some(chars)
}

/// The Japanese reading of a name in kanji, segmenting it into known surnames and given
/// names (longest first); `None` unless every character is covered.
fn japanese(chars: &[char]) -> Option<String> {
    let tables = tables();
    let mut words = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let found = (1..=tables.longest.min(chars.len() - i))
            .rev()
            .find_map(|len| {
                let key: String = chars[i..i + len].iter().collect();
                tables.japanese.get(&key).map(|reading| (len, *reading))
            });
        let (len, reading) = found?;
        words.push(reading);
        i += len;
    }
    Some(words.join(" "))
}

/// The Korean reading of a name in hanja, one syllable per character; `None` unless every
/// character has a reading.
fn korean(chars: &[char]) -> Option<String> {
    let tables = tables();
    let syllables: Option<Vec<&str>> = chars
        .iter()
        .map(|c| tables.korean.get(c).copied())
        .collect();
    Some(syllables?.join(" "))
}

/// A name in Hangul read word by word instead of syllable by syllable: foreign names are
/// transcribed into Hangul one syllable per sound (블라디미르 푸틴 → beulladimireu puthin),
/// while Korean names keep one token per syllable in the default analysis.
fn hangul_words(name: &str, kind: NameKind) -> Option<Name> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let long_word = words.iter().any(|w| {
        w.chars()
            .filter(|c| Script::of(*c) == Some(Script::Hangul))
            .count()
            >= 3
    });
    if !long_word
        || !name.chars().all(|c| {
            c.is_whitespace() || Script::of(c) == Some(Script::Hangul) || !c.is_alphabetic()
        })
    {
        return None;
    }
    let joined: Vec<String> = words
        .iter()
        .map(|w| {
            crate::script::to_ascii(w)
                .split_whitespace()
                .collect::<String>()
        })
        .collect();
    let mut analysed = analyze(&joined.join(" "), kind);
    for part in &mut analysed.parts {
        part.script = Script::Hangul;
    }
    analysed.original = name.to_string();
    analysed.script = Script::Hangul;
    Some(analysed)
}

/// Other readings of a name: Japanese and Korean readings of a name written only in Chinese
/// characters (parts marked as Kana or Hangul so that they compare as such), and a Hangul
/// name read word by word.
pub fn alternative_readings(name: &str, kind: NameKind) -> Vec<Name> {
    let Some(chars) = han_characters(name) else {
        return hangul_words(name, kind).into_iter().collect();
    };
    let mut out = Vec::new();
    for (reading, script) in [
        (japanese(&chars), Script::Kana),
        (korean(&chars), Script::Hangul),
    ] {
        if let Some(reading) = reading {
            let mut analysed = analyze(&reading, kind);
            for part in &mut analysed.parts {
                part.script = script;
            }
            analysed.original = name.to_string();
            analysed.script = script;
            out.push(analysed);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(name: &str) -> Vec<String> {
        alternative_readings(name, NameKind::Person)
            .into_iter()
            .map(|n| n.key().to_string())
            .collect()
    }

    #[test]
    fn reads_japanese_and_korean_names_in_chinese_characters() {
        assert!(texts("山田太郎").contains(&"yamada taro".to_string()));
        assert!(texts("田中花子").contains(&"tanaka hanako".to_string()));
        assert!(texts("金正恩").contains(&"kim jeong eun".to_string()));
        assert!(texts("Kim Jong Un").is_empty());
        assert!(texts("习近平").is_empty());
    }
}
