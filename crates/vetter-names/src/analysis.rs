//! Tokenisation and classification of one name.

use crate::burmese;
use crate::numbers;
use crate::script::{self, Script};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::sync::OnceLock;

const LEGAL_FORMS: &str = include_str!("../data/legal-forms.txt");
const HONORIFICS: &str = include_str!("../data/honorifics.txt");

/// What kind of party a name belongs to; decides which words are honorifics, legal forms or
/// numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// A natural person: honorifics dropped, particles and initials recognised.
    Person,
    /// A company or organisation: legal forms and stop words recognised, numbers read.
    Organisation,
    /// A vessel or aircraft: vessel prefixes (MV, MT) recognised, numbers read.
    Vessel,
    /// Unknown (LegalEntity): both person and organisation rules apply, honorifics kept.
    Any,
}

/// The role of a name part; the matcher weighs parts by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartRole {
    /// An ordinary name word (given name, family name, organisation word).
    Word,
    /// A single-letter initial of a person's name.
    Initial,
    /// A particle: bin, ibn, al, el, van, der, de …
    Particle,
    /// A patronymic (…ovich, …ovna).
    Patronymic,
    /// A legal form (LLC, JSC, Ltd …) or vessel prefix, in canonical form.
    LegalForm,
    /// A stop word of an organisation name (the, of, and …).
    StopWord,
    /// A number (digits).
    Number,
}

impl PartRole {
    /// True for roles that carry little identifying weight.
    pub fn is_weak(self) -> bool {
        matches!(
            self,
            PartRole::Particle | PartRole::LegalForm | PartRole::StopWord
        )
    }
}

/// One token of an analysed name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct NamePart {
    /// Lower-case ASCII form.
    pub text: String,
    /// Script the token was written in.
    pub script: Script,
    /// Role of the token.
    pub role: PartRole,
    /// Phonetic key of `text` ([`crate::similarity::phonetic_key`]), computed once.
    #[serde(skip)]
    pub key: String,
    /// Consonant skeleton of `text` ([`crate::similarity::skeleton`]), computed once.
    #[serde(skip)]
    pub skeleton: String,
    /// Ids of the given-name variant groups the text belongs to (usually none).
    #[serde(skip)]
    pub variants: Vec<u32>,
    /// For a word written in Wade-Giles (Hsi, Chinping), the [`crate::chinese::spelling_id`]s
    /// of the pinyin spellings it may stand for (usually none).
    #[serde(skip)]
    pub pinyin: Vec<u32>,
    /// Letters present in `text` and in `key`, one bit per letter or digit, for a quick
    /// lower bound of the edit distance ([`crate::similarity::letter_mask`]).
    #[serde(skip)]
    pub masks: (u64, u64),
    /// True for a word that is one syllable of a Chinese, Korean or Burmese name: a Han or
    /// Hangul character, or a romanised syllable of those languages (Kim, Jong, Aung, Hlaing;
    /// Burmese script reads as the latter).
    #[serde(skip)]
    pub syllable: bool,
    /// True for a family-name part of a person's name written "FAMILY, Given" (as OFAC
    /// writes names): a family name is never an optional part.
    pub family: bool,
}

impl NamePart {
    /// A part with its comparison keys computed.
    pub fn new(text: String, script: Script, role: PartRole) -> Self {
        let key = crate::similarity::phonetic_key(&text);
        let skeleton = crate::similarity::skeleton_of_key(&key);
        // A family name made from a patronymic shares its father's-name variants.
        let variants = if patronymic_form(&text) {
            crate::variants::patronymic_variants(&text)
        } else {
            (crate::variants::variant_groups().get(&text))
                .cloned()
                .unwrap_or_default()
        };
        let pinyin = if script == Script::Latin && role == PartRole::Word {
            (crate::chinese::pinyin_spellings(&text).iter())
                .map(|s| crate::chinese::spelling_id(s))
                .collect()
        } else {
            Vec::new()
        };
        let masks = (
            crate::similarity::letter_mask(&text),
            crate::similarity::letter_mask(&key),
        );
        let syllable = is_syllable(&text, script, role);
        NamePart {
            text,
            script,
            role,
            key,
            skeleton,
            variants,
            pinyin,
            masks,
            syllable,
            family: false,
        }
    }

    /// Marks the part as read from `script` (a romanised reading of Chinese characters or
    /// Hangul), which decides whether it is a syllable.
    pub fn set_script(&mut self, script: Script) {
        self.script = script;
        self.syllable = is_syllable(&self.text, script, self.role);
    }
}

/// See [`NamePart::syllable`].
fn is_syllable(text: &str, script: Script, role: PartRole) -> bool {
    role == PartRole::Word
        && (matches!(script, Script::Han | Script::Hangul)
            || (script == Script::Latin && crate::similarity::romanised_syllable(text))
            || (matches!(script, Script::Latin | Script::Other)
                && crate::burmese::romanised_syllable(text)))
}

/// An analysed name: the original string and its classified parts, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Name {
    /// The name as given.
    pub original: String,
    /// Parts in written order (honorifics removed, duplicates removed).
    pub parts: Vec<NamePart>,
    /// The dominant script of the original.
    pub script: Script,
    /// Parts joined with single spaces: two names with the same key are the same name.
    #[serde(skip)]
    pub key: String,
    /// Runs of two and three adjacent word parts joined into one token ("abdul rahman" →
    /// "abdulrahman"), to align with names written as one word.
    #[serde(skip)]
    pub joined: Vec<JoinedPart>,
}

/// Adjacent parts of a name joined into one token.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JoinedPart {
    /// Index of the first part joined.
    pub start: usize,
    /// Number of parts joined.
    pub len: usize,
    /// The joined token.
    pub part: NamePart,
}

fn joined_parts(parts: &[NamePart]) -> Vec<JoinedPart> {
    let mut out = Vec::new();
    for len in [2usize, 3] {
        for start in 0..parts.len().saturating_sub(len - 1) {
            let span = &parts[start..start + len];
            // Particles and stop words join too: "van der bilt" / "vanderbilt"; a run ends
            // with a word, since a particle belongs to the word after it (the al- of "فداء
            // الحمود" is Hamoud's).
            let joinable = |p: &NamePart| {
                matches!(
                    p.role,
                    PartRole::Word | PartRole::Particle | PartRole::StopWord
                )
            };
            if span.iter().all(joinable) && span[len - 1].role == PartRole::Word {
                let text: String = span.iter().map(|p| p.text.as_str()).collect();
                // The Arabic article before a sun letter is spoken as that letter, and a name
                // written as one word spells it so: نور الدين is Nooruddin, Noureddine.
                let article = |i: usize| assimilated_article(&span[i], span.get(i + 1));
                if (0..len).any(article) {
                    let assimilated: String = (0..len)
                        .filter(|&i| !article(i))
                        .map(|i| span[i].text.as_str())
                        .collect();
                    out.push(JoinedPart {
                        start,
                        len,
                        part: NamePart::new(assimilated, span[0].script, PartRole::Word),
                    });
                }
                out.push(JoinedPart {
                    start,
                    len,
                    part: NamePart::new(text, span[0].script, PartRole::Word),
                });
            }
        }
    }
    out
}

/// True for the Arabic article `part` before a `next` part beginning with a sun letter (t,
/// th, d, dh, r, z, s, sh, ṣ, ḍ, ṭ, ẓ, l, n), which the article assimilates.
fn assimilated_article(part: &NamePart, next: Option<&NamePart>) -> bool {
    part.text == "al"
        && part.script == Script::Arabic
        && next.is_some_and(|n| n.text.starts_with(['t', 'd', 'r', 'z', 's', 'l', 'n']))
}

impl Name {
    /// The parts that are not weak (particles, legal forms, stop words).
    pub fn strong_parts(&self) -> impl Iterator<Item = &NamePart> {
        self.parts.iter().filter(|p| !p.role.is_weak())
    }

    /// The canonical comparison key: parts joined with single spaces.
    pub fn key(&self) -> &str {
        &self.key
    }
}

/// The titles of [`HONORIFICS`]: (those that name no one, those that are also names).
fn honorifics() -> &'static (Vec<&'static str>, Vec<&'static str>) {
    static SETS: OnceLock<(Vec<&'static str>, Vec<&'static str>)> = OnceLock::new();
    SETS.get_or_init(|| {
        let (titles, names) = HONORIFICS
            .split_once("[names]")
            .expect("honorifics.txt has a [names] section");
        let words = |text: &'static str| {
            (text.lines())
                .filter(|l| !l.starts_with('#'))
                .flat_map(str::split_whitespace)
                .collect()
        };
        (words(titles), words(names))
    })
}

/// A legal-form phrase (as tokens) and its canonical form.
type LegalForm = (Vec<&'static str>, &'static str);

/// Legal-form phrases with their canonical form, in the order of the data file.
fn legal_form_list() -> &'static Vec<LegalForm> {
    static FORMS: OnceLock<Vec<LegalForm>> = OnceLock::new();
    FORMS.get_or_init(|| {
        let mut forms = Vec::new();
        for line in LEGAL_FORMS.lines().filter(|l| !l.starts_with('#')) {
            let Some((canonical, variants)) = line.split_once(':') else {
                continue;
            };
            for variant in variants.split('|') {
                let tokens: Vec<&str> = variant.split_whitespace().collect();
                if !tokens.is_empty() {
                    forms.push((tokens, canonical.trim()));
                }
            }
        }
        forms
    })
}

/// Legal-form phrases by their first token, longest first, with their canonical form.
fn legal_forms() -> &'static FxHashMap<&'static str, Vec<LegalForm>> {
    static FORMS: OnceLock<FxHashMap<&'static str, Vec<LegalForm>>> = OnceLock::new();
    FORMS.get_or_init(|| {
        let mut forms: FxHashMap<&'static str, Vec<LegalForm>> = FxHashMap::default();
        for form in legal_form_list() {
            forms.entry(form.0[0]).or_default().push(form.clone());
        }
        for phrases in forms.values_mut() {
            phrases.sort_by_key(|(tokens, _)| std::cmp::Reverse(tokens.len()));
        }
        forms
    })
}

fn first_names_of_particles() -> &'static FxHashSet<&'static str> {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        [
            "al", "el", "ul", "ur", "ud", "bin", "ibn", "bint", "binti", "bn", "ben", "van", "von",
            "der", "den", "de", "la", "le", "du", "da", "dos", "das", "del", "della", "di", "y",
            "na", "ter", "ten", "zu", "af", "ag",
        ]
        .into_iter()
        .collect()
    })
}

/// Sayyid, the honorific of the Prophet's descendants, in its spellings: written before a
/// name (Sayyed Hassan Nasrallah, Seyed Ebrahim Raisi) it weighs as a particle; elsewhere it
/// is a name (SADUDDIN SAYYED, AL-SAYYID).
const SAYYID: [&str; 6] = ["sayyid", "sayyed", "sayed", "seyyed", "seyed", "syed"];

/// The particles of names romanised from the Arabic script: the article and the بن, ابن
/// and بنت of a chain of names. The Latin particles are not among them: لا is Lala's
/// word, not the French article.
const ARABIC_PARTICLES: [&str; 4] = ["al", "bn", "abn", "bnt"];

/// True for a name particle (bin, van der, de la …) of a part written in `script`.
fn is_particle(text: &str, script: Script) -> bool {
    if script == Script::Arabic {
        ARABIC_PARTICLES.contains(&text)
    } else {
        first_names_of_particles().contains(text)
    }
}

const STOP_WORDS: [&str; 14] = [
    "the", "of", "and", "for", "de", "la", "del", "des", "du", "der", "und", "et", "y", "a",
];

/// Generational suffixes after a person's name ("Jr.", "III"): they name no one, and
/// "Jr" must not read as the initials of two listed names.
const GENERATIONAL_SUFFIXES: [&str; 7] = ["jr", "jnr", "sr", "snr", "ii", "iii", "iv"];

/// Endings of East Slavic patronymics (Russian, Ukrainian, Belarusian), as lists romanise
/// them.
const PATRONYMIC_ENDINGS: [&str; 16] = [
    "ovich", "evich", "ovych", "evych", "ovitch", "evitch", "ovna", "evna", "ivna", "ovic", "evic",
    "avich", "ovitsj", "auna", "euna", "avna",
];

/// The stem of a word before its patronymic ending (Nikola-evich, Uladzimir-avich).
pub(crate) fn patronymic_stem(text: &str) -> Option<&str> {
    PATRONYMIC_ENDINGS
        .iter()
        .find_map(|ending| text.strip_suffix(ending))
}

/// True for a word with a patronymic's ending (Nikolaevich, Sergeevna, Uladzimiravich): a
/// patronymic, or a family name made from one (KAZAKEVICH, SIARHEEVICH).
pub(crate) fn patronymic_form(text: &str) -> bool {
    text.len() > 6 && patronymic_stem(text).is_some()
}

/// Raw tokens of a name with their script: dots and apostrophes deleted, other punctuation
/// splits, `&` → `and`, `%` → `percent`, syllabic scripts split per syllable, Burmese read
/// syllable by syllable ([`burmese::romanise`]), Arabic as lists spell it
/// ([`crate::arabic::romanise`]) with Allah joined to the name before it.
fn raw_tokens(name: &str) -> Vec<(String, Script)> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, tokens: &mut Vec<(String, Script)>| {
        if word.is_empty() {
            return;
        }
        // A Burmese name, written without spaces, is one token per syllable, romanised as
        // lists write Burmese names; its tokens keep the script of a loose transcription.
        if let Some(syllables) = burmese::romanise(word) {
            tokens.extend(syllables.into_iter().map(|s| (s, Script::Other)));
            word.clear();
            return;
        }
        let script = script::dominant(word);
        // Transliteration writes soft signs and ayin as apostrophes; they are not separators.
        let ascii = if script == Script::Arabic {
            crate::arabic::romanise(word)
        } else {
            script::to_ascii(word)
        }
        .to_ascii_lowercase()
        .replace(['\'', '`'], "");
        for piece in ascii.split(|c: char| !c.is_ascii_alphanumeric()) {
            if !piece.is_empty() {
                tokens.push((piece.to_string(), script));
            }
        }
        word.clear();
    };
    let space = |c: char| c.is_whitespace() || c == '\u{200B}';
    for (i, c) in name.char_indices() {
        match c {
            '.' | '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | '`' | '´' | 'ʿ' | 'ʾ' | '\u{200C}'
            | '\u{200D}' => {}
            '&' => {
                flush(&mut word, &mut tokens);
                tokens.push(("and".to_string(), Script::Latin));
            }
            // The sign reads as the word, and letters after it continue it: "3%ers" is
            // "3 percenters".
            '%' => {
                flush(&mut word, &mut tokens);
                word.push_str("percent");
            }
            c if c.is_alphanumeric() || is_mark(c) => word.push(c),
            // Burmese words separated by spaces (or zero-width spaces) read as one: their
            // syllables are tokens anyway, and a title written apart (ဦး သန်းထွန်း) is still
            // a title.
            c if space(c)
                && word.ends_with(burmese::is_myanmar)
                && name[i..]
                    .trim_start_matches(space)
                    .starts_with(burmese::is_myanmar) => {}
            _ => flush(&mut word, &mut tokens),
        }
    }
    flush(&mut word, &mut tokens);
    join_allah(&mut tokens);
    tokens
}

fn is_mark(c: char) -> bool {
    // Combining marks that belong to the letters of Brahmic and other scripts (Devanagari to
    // Sinhala, Thai, Lao, Myanmar, Khmer …).
    matches!(c as u32, 0x0300..=0x036F | 0x0900..=0x0DFF | 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF
        | 0x0591..=0x05C7 | 0x064B..=0x065F | 0x0670 | 0x1200..=0x139F)
}

/// Analyses a name: transliterates, tokenises and classifies its parts.
pub fn analyze(name: &str, kind: NameKind) -> Name {
    let org_like = matches!(
        kind,
        NameKind::Organisation | NameKind::Vessel | NameKind::Any
    );
    let mut tokens = if org_like {
        raw_tokens(&split_glued_legal_forms(name))
    } else {
        raw_tokens(name)
    };
    // "KIM, Kun": the tokens before the comma are the family name.
    let family_tokens = match name.split_once(',') {
        Some((family, given)) if kind == NameKind::Person && !given.trim().is_empty() => {
            raw_tokens(family).len()
        }
        _ => 0,
    };

    // Digits read as letters, number words and Roman numerals as digits.
    for (text, _) in tokens.iter_mut() {
        if let Some(letters) = numbers::unleet(text) {
            *text = letters;
        }
    }
    let mut parts: Vec<NamePart> = Vec::with_capacity(tokens.len());
    // Titles lead a name, or its given names after "FAMILY,": a title word elsewhere is a
    // name ("Bassam Mawlawi", "HAJI, Ali Ahmed", "Ali Ahmed Haji").
    let mut titles_open = family_tokens == 0;
    let mut i = 0;
    while i < tokens.len() {
        titles_open |= family_tokens > 0 && i == family_tokens;
        let (text, script) = &tokens[i];
        let script = *script;
        if org_like {
            if let Some((len, canonical)) = match_legal_form(&tokens, i, kind) {
                parts.push(NamePart::new(
                    canonical.to_string(),
                    script,
                    PartRole::LegalForm,
                ));
                i += len;
                continue;
            }
            let value = numbers::word_value(text).or_else(|| {
                (kind != NameKind::Any && i > 0)
                    .then(|| numbers::roman_value(text))
                    .flatten()
            });
            if let Some(mut value) = value {
                // "forty four" / "forty 4" → 44
                if value % 10 == 0 && (20..100).contains(&value) {
                    if let Some((next, _)) = tokens.get(i + 1) {
                        let unit = numbers::word_value(next).or_else(|| next.parse().ok());
                        if let Some(unit @ 1..=9) = unit {
                            value += unit;
                            i += 1;
                        }
                    }
                }
                parts.push(NamePart::new(value.to_string(), script, PartRole::Number));
                i += 1;
                continue;
            }
        }
        // A title that is also a name is one only before the name it stands for ("JOHNSON,
        // Prince" is named Prince, "Bassam Mawlawi" is a Mawlawi); others name no one
        // wherever they stand ("Putyin elnök", "BELKASSEM, Noureddine Dr").
        let title = match title_kind(text, kind, script) {
            Some(Title::Name) => titles_open && i + 1 < tokens.len(),
            Some(Title::Title) => tokens.len() > 1,
            None => false,
        };
        titles_open &= title;
        if title {
            i += 1;
            continue;
        }
        let head = (i == 0 || i == family_tokens) && i + 1 < tokens.len();
        let role = classify(text, i, tokens.len(), kind, script).map(|role| {
            if role == PartRole::Word && head && SAYYID.contains(&text.as_str()) {
                return PartRole::Particle;
            }
            // A patronymic follows a given name: what stands first, alone after one given
            // name, or last after a patronymic is a family name (ABRAMOVICH, Roman;
            // "Predrag Baković"; "Genadz Arkadzievich KAZAKEVICH").
            let last = family_tokens == 0 && i + 1 == tokens.len();
            let family_place = i == 0
                || (last && tokens.len() == 2)
                || (last && parts.iter().any(|p| p.role == PartRole::Patronymic));
            if role == PartRole::Patronymic && family_place {
                PartRole::Word
            } else {
                role
            }
        });
        if let Some(role) = role {
            let mut part = NamePart::new(normalise_word(text, script), script, role);
            part.family = i < family_tokens && role == PartRole::Word;
            parts.push(part);
        }
        i += 1;
    }
    // A name made only of honorifics keeps them (e.g. a query "President").
    if parts.is_empty() && !tokens.is_empty() {
        parts = tokens
            .iter()
            .map(|(text, script)| NamePart::new(text.clone(), *script, PartRole::Word))
            .collect();
    }
    merge_arabic_abd(&mut parts);
    Name {
        original: name.to_string(),
        joined: joined_parts(&parts),
        key: parts
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        parts,
        script: script::dominant(name),
    }
}

/// Allah written after a name in the Arabic script completes it as one given name (نور
/// الله → `nwrllh`, as lists write Nurullah, Aminullah, Abdullah): the two words are one
/// token. Allah that completes no name before it is written out as lists write it (الله
/// داد, "ALLAH DAD").
fn join_allah(tokens: &mut Vec<(String, Script)>) {
    if tokens
        .first()
        .is_some_and(|t| t.0 == "llh" && t.1 == Script::Arabic)
    {
        tokens[0].0 = "allah".to_string();
    }
    let mut i = 1;
    while i < tokens.len() {
        let (previous, current) = (&tokens[i - 1], &tokens[i]);
        if current.0 == "llh"
            && current.1 == Script::Arabic
            && previous.1 == Script::Arabic
            && previous.0 != "al"
        {
            let allah = tokens.remove(i).0;
            tokens[i - 1].0.push_str(&allah);
        } else {
            i += 1;
        }
    }
}

fn normalise_word(text: &str, script: Script) -> String {
    match text {
        // 'Abd, its article assimilated before a sun letter or not (Abdur Rahman, Abdus
        // Salam, Abdul Rahman). Written in the Arabic script 'Abd romanises as `bd` (see
        // `merge_arabic_abd`): its `abd` is عابد, Abid.
        "abd" | "abdel" | "abdal" | "abdol" | "abdoul" | "abdoel" | "abdur" | "abdus"
            if script != Script::Arabic =>
        {
            "abdul".to_string()
        }
        _ => text.to_string(),
    }
}

/// `abdul al aziz` → `abdul aziz`: the article after Abd is part of the theophoric name.
/// Written in the Arabic script, عبد العزيز (`bd al zyz`) is the same `abdul zyz`.
fn merge_arabic_abd(parts: &mut Vec<NamePart>) {
    let mut i = 0;
    while i + 1 < parts.len() {
        if parts[i].text == "bd" && parts[i].script == Script::Arabic && parts[i + 1].text == "al" {
            let (role, family) = (parts[i].role, parts[i].family);
            parts[i] = NamePart::new("abdul".to_string(), Script::Arabic, role);
            parts[i].family = family;
        }
        if parts[i].text == "abdul"
            && matches!(
                parts[i + 1].text.as_str(),
                "al" | "el" | "ul" | "ar" | "ur" | "as" | "an" | "ad"
            )
        {
            parts.remove(i + 1);
        }
        i += 1;
    }
}

fn match_legal_form(
    tokens: &[(String, Script)],
    start: usize,
    kind: NameKind,
) -> Option<(usize, &'static str)> {
    // A one-token name is never a legal form ("AO", "Co" alone are names).
    if tokens.len() == 1 {
        return None;
    }
    // Vessel prefixes are read in vessel names only, legal forms in other names only.
    let fits = |canonical: &str| (kind == NameKind::Vessel) == (canonical == "vessel");
    let phrases = legal_forms().get(tokens[start].0.as_str());
    for (phrase, canonical) in phrases.into_iter().flatten() {
        if fits(canonical)
            && start + phrase.len() <= tokens.len()
            && phrase
                .iter()
                .zip(&tokens[start..])
                .all(|(p, (t, _))| *p == t.as_str())
        {
            return Some((phrase.len(), canonical));
        }
    }
    // A name cut off at a field's width ends in a truncated legal form ("… JOINT STOCK
    // COMPAN"): its last token may be a prefix of the phrase's last word. Of several
    // phrases so cut, the one with the shortest last word (then the first listed) reads.
    let rest = &tokens[start..];
    let (cut, whole) = rest.split_last()?;
    if start == 0 || rest.len() > 6 || cut.0.len() < 4 {
        return None;
    }
    let cut_from = |phrase: &[&str]| {
        let (last, phrase_whole) = phrase.split_last().expect("phrases are not empty");
        phrase.len() == rest.len()
            && (cut.0.len() >= 5 || !whole.is_empty())
            && cut.0.len() < last.len()
            && last.starts_with(cut.0.as_str())
            && phrase_whole
                .iter()
                .zip(whole)
                .all(|(p, (t, _))| *p == t.as_str())
    };
    legal_form_list()
        .iter()
        .filter(|(phrase, canonical)| fits(canonical) && cut_from(phrase))
        .min_by_key(|(phrase, _)| phrase.last().map_or(0, |l| l.len()))
        .map(|(phrase, canonical)| (phrase.len(), *canonical))
}

/// "SiemensAG" → "Siemens AG": a one-word legal form in capitals glued to the end of a
/// word written in lower case.
fn split_glued_legal_forms(name: &str) -> std::borrow::Cow<'_, str> {
    let glued = |word: &str| {
        let bytes = word.as_bytes();
        let at = (1..bytes.len())
            .rev()
            .find(|&i| bytes[i - 1].is_ascii_lowercase() && bytes[i].is_ascii_uppercase())?;
        let suffix = &word[at..];
        let single = |phrases: &Vec<LegalForm>| phrases.iter().any(|(p, _)| p.len() == 1);
        (at >= 3
            && (2..=5).contains(&suffix.len())
            && suffix.bytes().all(|b| b.is_ascii_uppercase())
            && legal_forms()
                .get(suffix.to_ascii_lowercase().as_str())
                .is_some_and(single))
        .then_some(at)
    };
    if !name.split(' ').any(|w| glued(w).is_some()) {
        return std::borrow::Cow::Borrowed(name);
    }
    let words: Vec<String> = name
        .split(' ')
        .map(|w| match glued(w) {
            Some(at) => format!("{} {}", &w[..at], &w[at..]),
            None => w.to_string(),
        })
        .collect();
    std::borrow::Cow::Owned(words.join(" "))
}

/// What kind of title a word of a name is.
enum Title {
    /// A title only (Dr, President, General).
    Title,
    /// A title that is also a name (Sheikh, Haji, Prince).
    Name,
}

/// The kind of title a word of a person's name is, if any. Titles are written words: a
/// loosely romanised Arabic or Chinese word that spells one by chance is a name (عمار → mr,
/// 根 → gen).
fn title_kind(text: &str, kind: NameKind, script: Script) -> Option<Title> {
    if kind != NameKind::Person || script.is_loose() {
        return None;
    }
    let (titles, names) = honorifics();
    if titles.contains(&text) {
        Some(Title::Title)
    } else if names.contains(&text) {
        Some(Title::Name)
    } else {
        None
    }
}

fn classify(
    text: &str,
    index: usize,
    count: usize,
    kind: NameKind,
    script: Script,
) -> Option<PartRole> {
    if text.chars().all(|c| c.is_ascii_digit()) {
        return Some(PartRole::Number);
    }
    match kind {
        NameKind::Person => {
            if GENERATIONAL_SUFFIXES.contains(&text) && index > 0 {
                return None;
            }
            if text.len() == 1 && !script.is_syllabic() {
                return Some(PartRole::Initial);
            }
            if is_particle(text, script) && !(text == "ben" && index == 0) {
                return Some(PartRole::Particle);
            }
            if patronymic_form(text) {
                return Some(PartRole::Patronymic);
            }
            Some(PartRole::Word)
        }
        NameKind::Organisation | NameKind::Vessel => {
            if STOP_WORDS.contains(&text) && count > 1 {
                return Some(PartRole::StopWord);
            }
            Some(PartRole::Word)
        }
        NameKind::Any => {
            let suffix = GENERATIONAL_SUFFIXES.contains(&text) && index > 0;
            if (STOP_WORDS.contains(&text) || suffix) && count > 1 {
                return Some(PartRole::StopWord);
            }
            if is_particle(text, script) && index > 0 {
                return Some(PartRole::Particle);
            }
            Some(PartRole::Word)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(name: &str, kind: NameKind) -> Vec<String> {
        analyze(name, kind)
            .parts
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    #[test]
    fn names_in_the_arabic_script_have_only_arabic_particles() {
        let roles = |name: &str| -> Vec<PartRole> {
            (analyze(name, NameKind::Person).parts.iter())
                .map(|p| p.role)
                .collect()
        };
        // لا is a word (Lala), ابن and the article are particles.
        assert_eq!(roles("لا لا"), [PartRole::Word, PartRole::Word]);
        assert_eq!(
            roles("محمد ابن سعيد"),
            [PartRole::Word, PartRole::Particle, PartRole::Word]
        );
    }

    #[test]
    fn persons_lose_honorifics_and_keep_particles() {
        assert_eq!(
            texts("Dr. Rami Makhlouf", NameKind::Person),
            ["rami", "makhlouf"]
        );
        assert_eq!(texts("KIM, Kun", NameKind::Person), ["kim", "kun"]);
        assert_eq!(
            texts("Alhaji Atiku Abubakar", NameKind::Person),
            ["atiku", "abubakar"]
        );
        // A word of a loosely romanised script that reads like a title is a name: عمار
        // (Ammar) is no "Mr", 根 (Gen) no "General".
        assert_eq!(texts("عمار الأسد", NameKind::Person), ["mar", "al", "asd"]);
        // 'Abd and Allah compounds are one name each, as lists write them.
        assert_eq!(texts("عبد الرحمن", NameKind::Person), ["abdul", "rhmn"]);
        assert_eq!(texts("نور الله", NameKind::Person), ["nwrllh"]);
        assert_eq!(texts("الله داد", NameKind::Person), ["allah", "dad"]);
        assert_eq!(texts("عابد حامد", NameKind::Person), ["abd", "hamd"]);
        assert_eq!(texts("根通", NameKind::Person).len(), 2);
        // Titles that are also names are titles only at the head of the name or of its given
        // names; others wherever they stand.
        assert_eq!(texts("Mullah Idris", NameKind::Person), ["idris"]);
        assert_eq!(texts("ASHRAF, Haji M.", NameKind::Person), ["ashraf", "m"]);
        assert_eq!(
            texts("HAJI, Ali Ahmed", NameKind::Person),
            ["haji", "ali", "ahmed"]
        );
        assert_eq!(
            texts("Bassam Mawlawi", NameKind::Person),
            ["bassam", "mawlawi"]
        );
        assert_eq!(
            texts("JOHNSON, Prince", NameKind::Person),
            ["johnson", "prince"]
        );
        // Sayyid, in its spellings, weighs as a particle before a name.
        for (name, particle) in [
            ("Sayyed Hassan Nasrallah", true),
            ("ABDULLAH, Sayyid Amir", true),
            ("SALAHUDDIN, Syed", false),
            ("Amir Sayyid Abdullah", false),
            ("AL-SAYYID, Ali", false),
        ] {
            let name = analyze(name, NameKind::Person);
            let sayyid = (name.parts.iter())
                .find(|p| p.text.starts_with('s'))
                .expect("sayyid");
            assert_eq!(
                sayyid.role == PartRole::Particle,
                particle,
                "{}",
                name.original
            );
        }
        assert_eq!(texts("Putyin elnök", NameKind::Person), ["putyin"]);
        assert_eq!(
            texts("BELKASSEM, Noureddine Dr", NameKind::Person),
            ["belkassem", "noureddine"]
        );
        // A generational suffix names no one (and is not the initials J. R.).
        assert_eq!(texts("Abdul Jr.", NameKind::Person), ["abdul"]);
        assert_eq!(texts("John Smith III", NameKind::Person), ["john", "smith"]);
        let name = analyze("Bashar al-Assad", NameKind::Person);
        assert_eq!(name.parts[1].role, PartRole::Particle);
        assert_eq!(
            texts("'Abd al-Aziz al-Nuristani", NameKind::Person),
            ["abdul", "aziz", "al", "nuristani"]
        );
        assert_eq!(texts("Ig0r Sech1n", NameKind::Person), ["igor", "sechin"]);
        assert_eq!(
            analyze("Nikolai Platonovich Patrushev", NameKind::Person).parts[1].role,
            PartRole::Patronymic
        );
        // A family name with a patronymic's ending is a family name.
        for (name, at) in [
            ("BANOVIC, Predrag", 0),
            ("ABRAMOVICH, Roman Arkadyevich", 0),
            ("Predrag Baković", 1),
            ("Abramovich Roman", 0),
            ("Genadz Arkadzievich KAZAKEVICH", 2),
        ] {
            assert_eq!(
                analyze(name, NameKind::Person).parts[at].role,
                PartRole::Word,
                "{name}"
            );
        }
        let listed = analyze("ABRAMOVICH, Roman Arkadyevich", NameKind::Person);
        assert!(listed.parts[0].family);
        assert_eq!(listed.parts[2].role, PartRole::Patronymic);
        // A patronymic before the comma of a list that puts it there stays one.
        let listed = analyze("Aliaksandr Uladzimiravich, PALULEKH", NameKind::Person);
        assert_eq!(listed.parts[1].role, PartRole::Patronymic);
        let listed = analyze("PUTIN Vladimir Vladimirovich", NameKind::Person);
        assert_eq!(listed.parts[2].role, PartRole::Patronymic);
        assert_eq!(
            analyze("Hans J Friedrich", NameKind::Person).parts[1].role,
            PartRole::Initial
        );
    }

    #[test]
    fn organisations_get_canonical_legal_forms_and_numbers() {
        assert_eq!(
            texts("UNION DEVELOPMENT GROUP CO., LTD.", NameKind::Organisation),
            ["union", "development", "group", "ltd"]
        );
        assert_eq!(
            texts("Open Joint Stock Company Gazprom", NameKind::Organisation),
            ["jsc", "gazprom"]
        );
        assert_eq!(
            texts("OOO Oboronnye Initsiativy", NameKind::Organisation),
            ["llc", "oboronnye", "initsiativy"]
        );
        assert_eq!(
            texts("ООО \"АЯС 2000\"", NameKind::Organisation),
            ["llc", "ayas", "2000"]
        );
        assert_eq!(
            texts("Brigade Fourty-four", NameKind::Organisation),
            ["brigade", "44"]
        );
        assert_eq!(
            texts("KKR Asian Fund III L.P.", NameKind::Organisation),
            ["kkr", "asian", "fund", "3", "inc"]
        );
        assert_eq!(
            texts("AT&T Inc.", NameKind::Organisation),
            ["at", "and", "t", "inc"]
        );
        assert_eq!(texts("3%ers", NameKind::Organisation), ["3", "percenters"]);
        assert_eq!(
            texts("A.B.C. Company", NameKind::Organisation),
            ["abc", "inc"]
        );
        // A legal form glued to the name, or cut off at the end of a fixed-width field.
        assert_eq!(
            texts("SiemensAG", NameKind::Organisation),
            ["siemens", "jsc"]
        );
        assert_eq!(
            texts(
                "TACTICAL MISSILES CORPORATION JOINT STOCK COMPAN",
                NameKind::Organisation
            ),
            ["tactical", "missiles", "inc", "jsc"]
        );
        assert_eq!(
            texts("Holding Compan", NameKind::Organisation),
            ["holding", "inc"]
        );
        // Too short to read as a cut-off legal form, or not at the end.
        assert_eq!(texts("Lim Comp", NameKind::Organisation), ["lim", "comp"]);
        assert_eq!(
            texts("McDONALD Compan Trading", NameKind::Organisation),
            ["mcdonald", "compan", "trading"]
        );
    }

    #[test]
    fn syllabic_scripts_split_into_syllables() {
        let name = analyze("习近平", NameKind::Person);
        assert_eq!(
            name.parts
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>(),
            ["xi", "jin", "ping"]
        );
        assert!(name.parts.iter().all(|p| p.script == Script::Han));
    }

    #[test]
    fn burmese_names_read_syllable_by_syllable_without_their_title() {
        // Names of Burmese politicians in the OpenSanctions PEP sample (Zawgyi encoding), and
        // the same names in standard Unicode.
        for (zawgyi, unicode, parts) in [
            ("ဦးသန္းထြန္း", "ဦးသန်းထွန်း", &["than", "htun"][..]),
            ("ဦးခင္ေမာင္ျမင့္", "ဦးခင်မောင်မြင့်", &["khin", "maung", "myint"]),
            ("ဦးေက်ာ္ျမင့္", "ဦးကျော်မြင့်", &["kyaw", "myint"]),
            ("ဦးစိုးႏိုင္", "ဦးစိုးနိုင်", &["soe", "naing"]),
        ] {
            assert_eq!(texts(zawgyi, NameKind::Person), parts, "{zawgyi}");
            assert_eq!(texts(unicode, NameKind::Person), parts, "{unicode}");
        }
        // No title; the commander-in-chief, listed by OFAC as "HLAING, Min Aung".
        let name = analyze("မင်းအောင်လှိုင်", NameKind::Person);
        assert_eq!(name.key(), "min aung hlaing");
        assert!(name.parts.iter().all(|p| p.script == Script::Other));
        assert!(name.parts.iter().all(|p| p.role == PartRole::Word));
        // A title written apart is still a title.
        assert_eq!(texts("ဦး သန်းထွန်း", NameKind::Person), ["than", "htun"]);
        assert_eq!(
            texts("ဦး\u{200B}သန်းထွန်း", NameKind::Person),
            ["than", "htun"]
        );
        assert_eq!(
            texts("ဒေါ် အောင်ဆန်း စုကြည်", NameKind::Person),
            ["aung", "san", "su", "kyi"]
        );
    }
}
