//! Japanese and Korean readings of names written in Chinese characters. `any_ascii` reads
//! every Chinese character as Mandarin pinyin, which is right for Chinese names but not for
//! a Japanese name in kanji (山田太郎 is Yamada Taro, not Shan Tian Tai Lang) or a Korean
//! name in hanja (金正恩 is Kim Jong Un, not Jin Zheng En). [`alternative_readings`] gives
//! those readings where the data in `data/han-readings.txt` covers every character.

use crate::analysis::{analyze, Name, NameKind};
use crate::script::Script;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

const READINGS: &str = include_str!("../data/han-readings.txt");

struct Tables {
    /// Japanese: character sequence → reading of the whole sequence.
    japanese: FxHashMap<String, &'static str>,
    /// Longest Japanese entry, in characters.
    longest: usize,
    /// Korean: one character → reading of its syllable.
    korean: FxHashMap<char, &'static str>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut tables = Tables {
            japanese: FxHashMap::default(),
            longest: 1,
            korean: FxHashMap::default(),
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
    Some(reading(name, &joined.join(" "), Script::Hangul, kind))
}

/// Marks that separate the words of a foreign name transcribed into Chinese characters or
/// Katakana (弗拉基米尔·普京, ウラジーミル・プーチン).
const WORD_SEPARATORS: [char; 6] = ['·', '・', '‧', '•', '･', '='];

/// Analyses `text` (already romanised) as a reading of `name` in `script`.
fn reading(name: &str, text: &str, script: Script, kind: NameKind) -> Name {
    let mut analysed = analyze(text, kind);
    for part in &mut analysed.parts {
        part.set_script(script);
    }
    analysed.original = name.to_string();
    analysed.script = script;
    analysed
}

/// A foreign name transcribed into Chinese characters, read word by word: the syllables of
/// each word between the separator dots are joined (弗拉基米尔·普京 → fuladimier pudin),
/// with the conventions of the transcription tables undone where they change a consonant:
/// `ji`/`qi`/`xi` render the palatalised d/t/s of the source language (基 for ди, 京 for
/// тин) and a final `ng` often renders `n`. The word boundary is the separator dot that
/// Chinese uses only in foreign names, so native Chinese names are never read this way. The
/// words are marked as a transcription by ear ([`Script::Other`]), not as Chinese: they
/// compare by their consonants, never syllable by syllable.
fn chinese_transcription(name: &str, kind: NameKind) -> Option<Name> {
    if !name.contains(WORD_SEPARATORS) {
        return None;
    }
    let mut words = Vec::new();
    for word in name.split(|c: char| WORD_SEPARATORS.contains(&c) || c.is_whitespace()) {
        if word.is_empty() {
            continue;
        }
        if !word.chars().all(|c| Script::of(c) == Some(Script::Han)) {
            return None;
        }
        let syllables: Vec<String> = crate::script::to_ascii(word)
            .split_whitespace()
            .map(|s| {
                let s = s.to_ascii_lowercase();
                let s = match s.as_bytes().first() {
                    Some(b'j') => format!("d{}", &s[1..]),
                    Some(b'q') => format!("t{}", &s[1..]),
                    Some(b'x') => format!("s{}", &s[1..]),
                    _ => s,
                };
                s.strip_suffix("ng")
                    .map_or(s.clone(), |stem| format!("{stem}n"))
            })
            .collect();
        words.push(syllables.concat());
    }
    (!words.is_empty()).then(|| reading(name, &words.join(" "), Script::Other, kind))
}

/// A name of several words written in Myanmar script, each word's syllables joined into one
/// token: a foreign name transcribed into Burmese (ဗလာဒီမီယာ ပူတင် for Vladimir Putin) spells
/// each of its words as a run of syllables, which only read whole resemble the original.
/// A Burmese name of one word (ဦးသန်းထွန်း) is left to be read syllable by syllable.
fn burmese_transcription(name: &str, kind: NameKind) -> Option<Name> {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.len() < 2 || !name.chars().any(crate::burmese::is_myanmar) {
        return None;
    }
    let joined = words
        .iter()
        .map(|word| crate::burmese::romanise(word).map(|syllables| syllables.concat()))
        .collect::<Option<Vec<String>>>()?;
    Some(reading(name, &joined.join(" "), Script::Other, kind))
}

/// A foreign name written in Katakana, with the Hepburn spellings that Japanese forces on
/// foreign sounds undone: `chi`/`ji`/`shi`/`tsu` render ti/di/si/tu, a word-initial `u`
/// before a consonant renders v or w (ウラジーミル for Vladimir), a vowel after a
/// word-final consonant is epenthetic (ル for a final r, ト for a final t)
/// (ウラジーミル・プーチン → vradimir putin).
fn katakana_transcription(name: &str, kind: NameKind) -> Option<Name> {
    let katakana = |c: char| matches!(c as u32, 0x30A1..=0x30FA | 0x30FC | 0xFF66..=0xFF9F);
    if !name.chars().any(katakana)
        || !name.chars().all(|c| {
            katakana(c) || c.is_whitespace() || WORD_SEPARATORS.contains(&c) || !c.is_alphabetic()
        })
    {
        return None;
    }
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u');
    let mut words = Vec::new();
    for word in name.split(|c: char| WORD_SEPARATORS.contains(&c) || c.is_whitespace()) {
        let ascii = crate::script::to_ascii(word).to_ascii_lowercase();
        let mut text = ascii
            .replace("chi", "ti")
            .replace("tsu", "tu")
            .replace("shi", "si")
            .replace("ji", "di");
        let bytes = text.as_bytes();
        if bytes.len() > 2 && bytes[0] == b'u' && !vowel(bytes[1]) {
            text.replace_range(0..1, "v");
        }
        let bytes = text.as_bytes();
        let n = bytes.len();
        if n > 3 && matches!(bytes[n - 1], b'u' | b'o') && !vowel(bytes[n - 2]) {
            text.truncate(n - 1);
        }
        if !text.is_empty() {
            words.push(text);
        }
    }
    (!words.is_empty()).then(|| reading(name, &words.join(" "), Script::Kana, kind))
}

/// The lower-cased name if it is written in Belarusian: with ў, or with і, which Russian
/// does not write (nor a Latin i standing for it inside a Cyrillic word, Мiкалаевiч), and
/// without the Ukrainian ї, є and ґ. The Latin i is made the Cyrillic і.
fn belarusian(name: &str) -> Option<String> {
    let cyrillic = |c: Option<&char>| c.is_some_and(|c| Script::of(*c) == Some(Script::Cyrillic));
    let chars: Vec<char> = name.to_lowercase().chars().collect();
    let lower: String = (0..chars.len())
        .map(|i| {
            let inside =
                cyrillic(i.checked_sub(1).and_then(|j| chars.get(j))) || cyrillic(chars.get(i + 1));
            if chars[i] == 'i' && inside {
                'і'
            } else {
                chars[i]
            }
        })
        .collect();
    (lower.contains(['ў', 'і']) && !lower.contains(['ї', 'є', 'ґ'])).then_some(lower)
}

/// A Belarusian spelling in the Latin letters the lists write Belarusian names with (the
/// national romanisation and BGN/PCGN, as the EU and US lists use them): г is h, я ia after
/// a consonant and ya elsewhere (so ю, ё), ў u, ы y, й i, ц ts, х kh (Сяргей → Siarhei,
/// Лёгкі → Liohki, Аляксандр → Aliaksandr).
fn belarusian_latin(name: &str, kind: NameKind) -> Option<Name> {
    let lower = belarusian(name)?;
    let chars: Vec<char> = lower.chars().collect();
    let consonant = |c: Option<&char>| {
        c.is_some_and(|c| {
            Script::of(*c) == Some(Script::Cyrillic) && !"аеёіоуўыэюяиьъ".contains(*c)
        })
    };
    let mut out = String::with_capacity(lower.len() * 2);
    for (i, &c) in chars.iter().enumerate() {
        let after_consonant = consonant(i.checked_sub(1).and_then(|j| chars.get(j)));
        let iotated = |vowel: &str| format!("{}{vowel}", if after_consonant { "i" } else { "y" });
        match c {
            'г' => out.push('h'),
            'я' => out.push_str(&iotated("a")),
            'ю' => out.push_str(&iotated("u")),
            'ё' => out.push_str(&iotated("o")),
            'ў' => out.push('u'),
            'ы' => out.push('y'),
            'й' | 'і' => out.push('i'),
            'ц' => out.push_str("ts"),
            'х' => out.push_str("kh"),
            'ь' | 'ъ' | '\'' | '’' | 'ʼ' => {}
            c => out.push_str(&crate::script::char_to_ascii(c).to_lowercase()),
        }
    }
    let mut analysed = analyze(&out, kind);
    analysed.original = name.to_string();
    Some(analysed)
}

/// A Belarusian spelling read with Russian conventions, as Russian-based romanisations on
/// the lists write Belarusian names: дз and ц before a front vowel are Russian д and т
/// (dzekanne, tsekanne: Уладзімір Пуцін / Владимир Путин), a word-initial у or ў before a
/// consonant is в, ў elsewhere is в, і is и. Only names with Belarusian ў or with і (which
/// Russian does not write) are read this way.
fn belarusian_as_russian(name: &str, kind: NameKind) -> Option<Name> {
    let lower = belarusian(name)?;
    let chars: Vec<char> = lower.chars().collect();
    let front =
        |c: Option<&char>| c.is_some_and(|c| matches!(c, 'е' | 'і' | 'я' | 'ю' | 'ь' | 'ё'));
    let consonant = |c: Option<&char>| {
        c.is_some_and(|c| Script::of(*c) == Some(Script::Cyrillic) && !"аеёіоуўыэюяи".contains(*c))
    };
    let mut out = String::with_capacity(lower.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let word_start = i == 0 || !chars[i - 1].is_alphabetic();
        match c {
            'д' if chars.get(i + 1) == Some(&'з') && front(chars.get(i + 2)) => {
                out.push('д');
                i += 1;
            }
            'ц' if front(chars.get(i + 1)) => out.push('т'),
            'у' | 'ў' if word_start && consonant(chars.get(i + 1)) => out.push('в'),
            'ў' => out.push('в'),
            'і' => out.push('и'),
            c => out.push(c),
        }
        i += 1;
    }
    (out != lower)
        .then(|| analyze(&out, kind))
        .map(|mut analysed| {
            analysed.original = name.to_string();
            analysed
        })
}

/// Other readings of a name: Japanese and Korean readings of a name written only in Chinese
/// characters (parts marked as Kana or Hangul so that they compare as such), a Hangul
/// name read word by word, foreign names transcribed into Chinese characters or Katakana
/// read word by word, Belarusian spellings read with Russian conventions and in the Latin
/// letters of the lists, and names in the
/// Arabic script read with the Persian, North African and Egyptian values of the letters
/// those write differently ([`crate::arabic`]).
pub fn alternative_readings(name: &str, kind: NameKind) -> Vec<Name> {
    // Every reading is of a name in a non-Latin script.
    if name.is_ascii() {
        return Vec::new();
    }
    if let Some(transcribed) = chinese_transcription(name, kind)
        .or_else(|| katakana_transcription(name, kind))
        .or_else(|| burmese_transcription(name, kind))
    {
        return vec![transcribed];
    }
    let belarusian: Vec<Name> = (belarusian_as_russian(name, kind).into_iter())
        .chain(belarusian_latin(name, kind))
        .collect();
    if !belarusian.is_empty() {
        return belarusian;
    }
    let arabic: Vec<Name> = (crate::arabic::regional_values(name).into_iter())
        .map(|text| reading(name, &text, Script::Arabic, kind))
        .collect();
    if !arabic.is_empty() {
        return arabic;
    }
    let Some(chars) = han_characters(name) else {
        return hangul_words(name, kind).into_iter().collect();
    };
    let mut out = Vec::new();
    for (reading, script) in [
        (japanese(&chars), Script::Kana),
        (korean(&chars), Script::Hangul),
    ] {
        if let Some(text) = reading {
            out.push(self::reading(name, &text, script, kind));
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

    #[test]
    fn reads_foreign_names_transcribed_into_syllabaries_word_by_word() {
        assert_eq!(texts("弗拉基米尔·普京"), ["fuladimier pudin"]);
        assert_eq!(texts("ウラジーミル・プーチン"), ["vradimir putin"]);
        // Without the separator dot a name in Chinese characters is a Chinese name.
        assert!(texts("普京").is_empty());
        // Burmese: each word's syllables read as one word; a Burmese name of one word is
        // read syllable by syllable only.
        assert_eq!(texts("ဗလာဒီမီယာ ပူတင်"), ["balardimiyar putin"]);
        assert!(texts("ဦးသန္းထြန္း").is_empty());
    }

    #[test]
    fn reads_belarusian_spellings_with_russian_conventions_and_in_latin_letters() {
        assert_eq!(
            texts("Уладзімір Пуцін"),
            ["vladimir putin", "uladzimir putsin"]
        );
        // Names of the EU list: Siarhei, Liohki; a Latin i inside a Cyrillic word is і.
        assert!(
            texts("Сяргей Яўгенавіч ЦЕРАБАЎ").contains(&"siarhei yauhenavich tserabau".to_string())
        );
        assert!(texts("Павел Мiкалаевiч ЛЁГКI").contains(&"pavel mikalaevich liohki".to_string()));
        assert_eq!(texts("Аляксандр Лукашэнка").len(), 0);
        assert!(texts("Владимир Путин").is_empty());
    }
}
