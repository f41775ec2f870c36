//! Burmese names written in Myanmar script. A Burmese name is written without spaces, one
//! syllable per name part (မင်းအောင်လှိုင် is Min Aung Hlaing), and lists write it in a
//! conventional romanisation, syllable by syllable ("HLAING, Min Aung"). [`romanise`] reads a
//! word the same way: it converts text in the legacy Zawgyi encoding to standard Unicode
//! ([`normalise`]), splits it into syllables, drops a title at its start (ဦး U, ဒေါ် Daw …) and
//! romanises each syllable from its onset and rhyme with the tables of
//! `data/burmese-romanisation.txt`.

use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../data/burmese-romanisation.txt");

const ASAT: char = '\u{103A}';
const VIRAMA: char = '\u{1039}';
const VOWEL_E: char = '\u{1031}';
const MEDIAL_YA: char = '\u{103B}';
const MEDIAL_RA: char = '\u{103C}';
const MEDIAL_WA: char = '\u{103D}';
const MEDIAL_HA: char = '\u{103E}';
const DOT_BELOW: char = '\u{1037}';
const VISARGA: char = '\u{1038}';
const ANUSVARA: char = '\u{1036}';
/// The vowel carrier အ: a syllable written on it has no consonant.
const VOWEL_CARRIER: char = 'အ';
/// Vowel signs in the order a vowel is keyed by (ါ is read as ာ).
const VOWEL_SIGNS: [char; 7] = ['ေ', 'ိ', 'ီ', 'ု', 'ူ', 'ဲ', 'ာ'];

/// True for a character of the Myanmar block (Burmese, and the letters other languages of
/// Myanmar add to it).
pub fn is_myanmar(c: char) -> bool {
    matches!(c as u32, 0x1000..=0x109F)
}

/// True for a consonant letter (က to အ).
fn is_consonant(c: char) -> bool {
    matches!(c as u32, 0x1000..=0x1021)
}

/// True for a letter that begins a syllable: a consonant, an independent vowel or great sa.
fn is_base(c: char) -> bool {
    matches!(c as u32, 0x1000..=0x1021 | 0x1023..=0x102A | 0x103F)
}

/// True for a sign written after the letter it belongs to (vowel signs, tone marks, asat,
/// medials).
fn is_sign(c: char) -> bool {
    matches!(c as u32, 0x102B..=0x1038 | 0x103A..=0x103E)
}

/// True if `text` is Burmese in the Zawgyi font encoding rather than in standard Unicode:
/// the vowel sign E (ေ) or Zawgyi's medial ra (U+103B, the Unicode medial ya) stored before
/// its consonant, where Unicode stores them after it (at the start of a word, or after a
/// character that is not a consonant, or for ေ a medial); the Zawgyi asat (U+1039, the
/// Unicode virama) not between the two consonants a virama stacks; or one of the code
/// points Zawgyi uses for its glyph variants (U+105A, U+1060–U+1097).
pub fn is_zawgyi(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        let previous = i.checked_sub(1).map(|j| chars[j]);
        let after = |test: fn(char) -> bool| previous.is_some_and(test);
        match c {
            VOWEL_E => !after(|p| is_base(p) || matches!(p, MEDIAL_YA..=MEDIAL_HA)),
            MEDIAL_YA => !after(is_base),
            VIRAMA => {
                !after(|p| is_consonant(p) || p == ASAT)
                    || !chars.get(i + 1).copied().is_some_and(is_consonant)
            }
            _ => matches!(c as u32, 0x105A | 0x1060..=0x1097),
        }
    })
}

/// Burmese text in standard Unicode: text detected as Zawgyi ([`is_zawgyi`]) is converted,
/// any other text (standard Unicode among it) is returned unchanged.
pub fn normalise(text: &str) -> Cow<'_, str> {
    if is_zawgyi(text) {
        Cow::Owned(zawgyi_to_unicode(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// The Unicode characters a Zawgyi code point stands for, in Zawgyi's order, or `None` for
/// a code point Zawgyi and Unicode share. Kinzi and the digits used for letters are left to
/// [`zawgyi_to_unicode`].
fn zawgyi_char(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{1039}' => "\u{103A}",                           // asat
        '\u{103A}' | '\u{107D}' => "\u{103B}",              // medial ya (ya-pin)
        '\u{103B}' | '\u{107E}'..='\u{1084}' => "\u{103C}", // medial ra (ya-yit)
        '\u{103C}' => "\u{103D}",                           // medial wa
        '\u{103D}' | '\u{1087}' => "\u{103E}",              // medial ha
        '\u{108A}' => "\u{103D}\u{103E}",
        '\u{1088}' => "\u{103E}\u{102F}",
        '\u{1089}' => "\u{103E}\u{1030}",
        '\u{1033}' => "\u{102F}",
        '\u{1034}' => "\u{1030}",
        '\u{105A}' => "\u{102B}\u{103A}",
        '\u{108E}' => "\u{102D}\u{1036}",
        '\u{1094}' | '\u{1095}' => "\u{1037}",
        '\u{106A}' => "\u{1009}",
        '\u{106B}' => "\u{100A}",
        '\u{108F}' => "\u{1014}",
        '\u{1090}' => "\u{101B}",
        '\u{1086}' => "\u{103F}",
        // Stacked consonants.
        '\u{1060}' => "\u{1039}\u{1000}",
        '\u{1061}' => "\u{1039}\u{1001}",
        '\u{1062}' => "\u{1039}\u{1002}",
        '\u{1063}' => "\u{1039}\u{1003}",
        '\u{1065}' => "\u{1039}\u{1005}",
        '\u{1066}' | '\u{1067}' => "\u{1039}\u{1006}",
        '\u{1068}' => "\u{1039}\u{1007}",
        '\u{1069}' => "\u{1039}\u{1008}",
        '\u{106C}' => "\u{1039}\u{100B}",
        '\u{106D}' => "\u{1039}\u{100C}",
        '\u{106E}' => "\u{100D}\u{1039}\u{100D}",
        '\u{106F}' => "\u{100D}\u{1039}\u{100E}",
        '\u{1070}' => "\u{1039}\u{100F}",
        '\u{1071}' | '\u{1072}' => "\u{1039}\u{1010}",
        '\u{1073}' | '\u{1074}' => "\u{1039}\u{1011}",
        '\u{1075}' => "\u{1039}\u{1012}",
        '\u{1076}' => "\u{1039}\u{1013}",
        '\u{1077}' => "\u{1039}\u{1014}",
        '\u{1078}' => "\u{1039}\u{1015}",
        '\u{1079}' => "\u{1039}\u{1016}",
        '\u{107A}' => "\u{1039}\u{1017}",
        '\u{107B}' | '\u{1093}' => "\u{1039}\u{1018}",
        '\u{107C}' => "\u{1039}\u{1019}",
        '\u{1085}' => "\u{1039}\u{101C}",
        '\u{1091}' => "\u{100F}\u{1039}\u{100D}",
        '\u{1092}' => "\u{100B}\u{1039}\u{100C}",
        '\u{1096}' => "\u{1039}\u{1010}\u{103D}",
        '\u{1097}' => "\u{100B}\u{1039}\u{100B}",
        _ => return None,
    })
}

/// The position of a sign in the Unicode storage order of a syllable: medials ya, ra, wa,
/// ha, vowel sign E, upper vowels, lower vowels, aa, anusvara, dot below, asat, visarga.
fn storage_rank(c: char) -> u8 {
    match c {
        MEDIAL_YA => 0,
        MEDIAL_RA => 1,
        MEDIAL_WA => 2,
        MEDIAL_HA => 3,
        VOWEL_E => 4,
        '\u{102D}' | '\u{102E}' | '\u{1032}' => 5,
        '\u{102F}' | '\u{1030}' => 6,
        '\u{102B}' | '\u{102C}' => 7,
        ANUSVARA => 8,
        DOT_BELOW => 9,
        ASAT => 10,
        _ => 11,
    }
}

/// One letter with its stacked consonants and signs, being converted from Zawgyi.
#[derive(Default)]
struct ZawgyiCluster {
    /// Kinzi (င်္), which Zawgyi writes after the consonant it sits on.
    kinzi: bool,
    /// The letter, and each consonant stacked under it with its virama.
    letters: String,
    /// Signs, in Zawgyi's order.
    signs: Vec<char>,
}

impl ZawgyiCluster {
    /// Writes the cluster in Unicode order: kinzi, letters, signs sorted and deduplicated.
    fn write(&mut self, out: &mut String) {
        if self.kinzi {
            out.push_str("\u{1004}\u{103A}\u{1039}");
        }
        out.push_str(&self.letters);
        self.signs.sort_by_key(|c| storage_rank(*c));
        self.signs.dedup();
        out.extend(self.signs.iter());
        *self = ZawgyiCluster::default();
    }
}

/// Converts Zawgyi-encoded text to standard Unicode: code points mapped, the vowel sign E
/// and medial ra (which Zawgyi stores before the consonant, where they are drawn) and kinzi
/// (which it stores after) moved to their Unicode place, signs put in Unicode order, ဥ
/// with ီ joined into ဦ, and the digits zero and seven written for the letters they look
/// like (၀ for ဝ, ၇ for ရ) read as those letters.
fn zawgyi_to_unicode(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut cluster = ZawgyiCluster::default();
    // Signs Zawgyi stores before the letter they belong to.
    let mut before: Vec<char> = Vec::new();
    let mut pieces = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let (previous, next) = (
            i.checked_sub(1).map(|j| chars[j]),
            chars.get(i + 1).copied(),
        );
        let digit = |c: Option<char>| c.is_some_and(|c| matches!(c as u32, 0x1040..=0x1049));
        let letter = |c: Option<char>| c.is_some_and(is_myanmar) && !digit(c);
        pieces.clear();
        match c {
            '\u{1064}' | '\u{108B}'..='\u{108D}' => {
                cluster.kinzi = true;
                cluster.signs.extend(match c {
                    '\u{108B}' => Some('\u{102D}'),
                    '\u{108C}' => Some('\u{102E}'),
                    '\u{108D}' => Some(ANUSVARA),
                    _ => None,
                });
                continue;
            }
            '\u{1040}'
                if (letter(previous) || letter(next)) && !digit(previous) && !digit(next) =>
            {
                pieces.push('ဝ');
            }
            '\u{1047}' if next.is_some_and(is_sign) || before.contains(&VOWEL_E) => {
                pieces.push('ရ');
            }
            // ဥ with ီ is ဦ; ဥ with asat is ဉ်.
            '\u{102E}' if cluster.letters == "ဥ" && cluster.signs.is_empty() => {
                cluster.letters = "ဦ".to_string();
                continue;
            }
            '\u{1039}' if cluster.letters == "ဥ" => {
                cluster.letters = "ဉ".to_string();
                pieces.push(ASAT);
            }
            _ => match zawgyi_char(c) {
                Some(unicode) => pieces.push_str(unicode),
                None => pieces.push(c),
            },
        }
        for piece in pieces.chars() {
            if is_base(piece) {
                if cluster.letters.ends_with(VIRAMA) {
                    cluster.letters.push(piece);
                } else {
                    cluster.write(&mut out);
                    cluster.letters.push(piece);
                    cluster.signs.append(&mut before);
                }
            } else if piece == VIRAMA {
                cluster.letters.push(piece);
            } else if piece == VOWEL_E || piece == MEDIAL_RA {
                before.push(piece);
            } else if is_sign(piece) && !cluster.letters.is_empty() {
                cluster.signs.push(piece);
            } else {
                cluster.write(&mut out);
                out.extend(before.drain(..));
                out.push(piece);
            }
        }
    }
    cluster.write(&mut out);
    out.extend(before);
    out
}

/// The tone marks that change how a rhyme is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Tone {
    /// No mark (or the asat of ော်).
    Plain,
    /// The creaky tone, dot below (့).
    Creaky,
    /// The heavy tone, visarga (း).
    Heavy,
}

/// One written syllable of standard Unicode Burmese.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Syllable {
    /// The initial consonant; `None` for a syllable written on အ or an independent vowel.
    initial: Option<char>,
    /// Medial ya or ra (ျ ြ), which romanise alike.
    ya: bool,
    /// Medial wa (ွ).
    wa: bool,
    /// Medial ha (ှ).
    ha: bool,
    /// Vowel signs, in the order of [`VOWEL_SIGNS`].
    vowel: String,
    /// The final consonant (with asat, or stacked under the next syllable's), or anusvara.
    last: Option<char>,
    /// The tone.
    tone: Tone,
}

impl Syllable {
    fn new(letter: char) -> Self {
        // An independent vowel is the vowel carrier with the vowel sign it stands for.
        let (initial, vowel) = match letter {
            VOWEL_CARRIER => (None, ""),
            'ဣ' => (None, "ိ"),
            'ဤ' => (None, "ီ"),
            'ဥ' => (None, "ု"),
            'ဦ' => (None, "ူ"),
            'ဧ' => (None, "ေ"),
            'ဩ' | 'ဪ' => (None, "ော"),
            c => (Some(c), ""),
        };
        Syllable {
            initial,
            ya: false,
            wa: false,
            ha: false,
            vowel: vowel.to_string(),
            last: None,
            tone: Tone::Plain,
        }
    }

    fn add_tone(&mut self, sign: char) {
        match sign {
            DOT_BELOW => self.tone = Tone::Creaky,
            VISARGA if self.tone == Tone::Plain => self.tone = Tone::Heavy,
            _ => {}
        }
    }

    fn add_sign(&mut self, sign: char) {
        match sign {
            MEDIAL_YA | MEDIAL_RA => self.ya = true,
            MEDIAL_WA => self.wa = true,
            MEDIAL_HA => self.ha = true,
            ANUSVARA => self.last = Some(ANUSVARA),
            DOT_BELOW | VISARGA => self.add_tone(sign),
            _ => {
                let sign = if sign == 'ါ' { 'ာ' } else { sign };
                if VOWEL_SIGNS.contains(&sign) && !self.vowel.contains(sign) {
                    let mut signs: Vec<char> = self.vowel.chars().chain([sign]).collect();
                    signs.sort_by_key(|s| VOWEL_SIGNS.iter().position(|v| v == s));
                    self.vowel = signs.into_iter().collect();
                }
            }
        }
    }
}

/// A letter with the signs written after it, and whether a virama stacks the next
/// consonant under it.
struct Cluster {
    letter: char,
    signs: Vec<char>,
    stacked: bool,
}

/// Splits a word of standard Unicode Burmese into syllables: a consonant or independent vowel
/// with its medials, vowel signs, anusvara and tone marks, followed by the consonant that
/// closes it (written with asat, or stacked with a virama over the next syllable's initial,
/// kinzi among them). `None` if the word holds anything else (another script, digits, the
/// letters of Shan or Mon).
fn syllables(word: &str) -> Option<Vec<Syllable>> {
    let mut clusters: Vec<Cluster> = Vec::new();
    for c in word.chars() {
        if is_base(c) {
            clusters.push(Cluster {
                letter: c,
                signs: Vec::new(),
                stacked: false,
            });
            continue;
        }
        match clusters.last_mut() {
            Some(cluster) if c == VIRAMA => cluster.stacked = true,
            // ဥ with ီ is ဦ; ဥ with asat is ဉ်.
            Some(cluster) if cluster.letter == 'ဥ' && c == 'ီ' => cluster.letter = 'ဦ',
            Some(cluster) if cluster.letter == 'ဥ' && c == ASAT => {
                cluster.letter = 'ဉ';
                cluster.signs.push(c);
            }
            Some(cluster) if is_sign(c) => cluster.signs.push(c),
            _ => return None,
        }
    }
    let mut out: Vec<Syllable> = Vec::new();
    for cluster in clusters {
        // Asat kills the consonant it is written on, not the vowel aa (ော်, ဒေါ်).
        let killed = cluster.stacked
            || (cluster.signs.contains(&ASAT)
                && !cluster.signs.iter().any(|s| matches!(s, 'ာ' | 'ါ')));
        match out.last_mut() {
            Some(previous) if killed && is_consonant(cluster.letter) => {
                previous.last.get_or_insert(cluster.letter);
                for sign in cluster.signs {
                    previous.add_tone(sign);
                }
            }
            _ => {
                let mut syllable = Syllable::new(cluster.letter);
                for sign in cluster.signs {
                    syllable.add_sign(sign);
                }
                out.push(syllable);
            }
        }
    }
    Some(out)
}

/// The key of a rhyme in the table: whether the syllable has no consonant, medial wa, the
/// vowel signs, the final as it rhymes, the tone.
type RhymeKey = (bool, bool, String, Option<char>, Tone);

struct Tables {
    /// Consonant → onset.
    initials: FxHashMap<char, &'static str>,
    /// (consonant, medial ya, medial ha) → onset, where it is not the plain composition.
    clusters: FxHashMap<(char, bool, bool), &'static str>,
    /// Final consonant → the final it rhymes as.
    finals: FxHashMap<char, char>,
    rhymes: FxHashMap<RhymeKey, &'static str>,
    /// Whole syllables spelled otherwise than their parts say.
    syllables: FxHashMap<Syllable, &'static str>,
    /// Titles, longest first, with the syllables that must follow them.
    titles: Vec<(Vec<Syllable>, usize)>,
}

/// The one syllable a table entry spells.
fn entry_syllable(text: &str) -> Syllable {
    match syllables(text).as_deref() {
        Some([syllable]) => syllable.clone(),
        _ => panic!("data/burmese-romanisation.txt: {text} is not one syllable"),
    }
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut tables = Tables {
            initials: FxHashMap::default(),
            clusters: FxHashMap::default(),
            finals: FxHashMap::default(),
            rhymes: FxHashMap::default(),
            syllables: FxHashMap::default(),
            titles: Vec::new(),
        };
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [kind, burmese, value] = fields[..] else {
                continue;
            };
            let first = burmese.chars().next().unwrap_or_default();
            match kind {
                "initial" => {
                    tables.initials.insert(first, value);
                }
                "cluster" => {
                    let s = entry_syllable(burmese);
                    tables.clusters.insert((first, s.ya, s.ha), value);
                }
                "final" => {
                    tables
                        .finals
                        .insert(first, value.chars().next().unwrap_or(first));
                }
                "rhyme" => {
                    let s = entry_syllable(burmese);
                    let key = (s.initial.is_none(), s.wa, s.vowel, s.last, s.tone);
                    tables.rhymes.insert(key, value);
                }
                "syllable" => {
                    tables.syllables.insert(entry_syllable(burmese), value);
                }
                "title" => {
                    let title = syllables(burmese).expect("a title in Burmese script");
                    let following = value.parse().expect("a number of syllables");
                    tables.titles.push((title, following));
                }
                _ => {}
            }
        }
        tables
            .titles
            .sort_by_key(|(title, _)| std::cmp::Reverse(title.len()));
        tables
    })
}

/// The onset of a syllable: its consonant with medials ya and ha (medial wa belongs to the
/// rhyme). `None` for a consonant the tables do not know.
fn onset(syllable: &Syllable) -> Option<String> {
    let Some(initial) = syllable.initial else {
        return Some(String::new());
    };
    let tables = tables();
    let (ya, ha) = (syllable.ya, syllable.ha);
    if let Some(onset) = tables.clusters.get(&(initial, ya, ha)) {
        return Some(onset.to_string());
    }
    let mut onset = tables.initials.get(&initial)?.to_string();
    if ya {
        match tables.clusters.get(&(initial, true, false)) {
            Some(cluster) => onset = cluster.to_string(),
            None => onset.push('y'),
        }
    }
    if ha {
        onset.insert(0, 'h');
    }
    Some(onset)
}

/// The rhyme of a syllable, from the most specific table entry: for the syllable with no
/// consonant, then for any; with medial wa, then "w" and the rhyme without it; with the
/// tone, then without; with the final, then the open vowel.
fn rhyme(syllable: &Syllable) -> String {
    let tables = tables();
    let last = syllable
        .last
        .map(|c| tables.finals.get(&c).copied().unwrap_or(c));
    let no_consonant = syllable.initial.is_none();
    for last in [last, None] {
        for vowel in [syllable.vowel.as_str(), ""] {
            for wa in [syllable.wa, false] {
                for tone in [syllable.tone, Tone::Plain] {
                    for vowel_initial in [no_consonant, false] {
                        let key = (vowel_initial, wa, vowel.to_string(), last, tone);
                        if let Some(rhyme) = tables.rhymes.get(&key) {
                            let w = if syllable.wa && !wa { "w" } else { "" };
                            return format!("{w}{rhyme}");
                        }
                    }
                }
            }
        }
    }
    "a".to_string()
}

/// The romanisation of one syllable. After a medial ya the rhyme "oe" is written "o" (ဖြိုး
/// Phyo, မျိုး Myo, but စိုး Soe).
fn romanise_syllable(syllable: &Syllable) -> Option<String> {
    if let Some(whole) = tables().syllables.get(syllable) {
        return Some(whole.to_string());
    }
    let onset = onset(syllable)?;
    let rhyme = rhyme(syllable);
    let rhyme = match rhyme.as_str() {
        "oe" if onset.ends_with('y') => "o",
        other => other,
    };
    Some(onset + rhyme)
}

/// Drops the titles at the start of a name (ဦး U, ဒေါ် Daw, ကို Ko, မ Ma, ဗိုလ်ချုပ်
/// Bogyoke, ဒေါက်တာ Doctor …) that enough syllables follow, unless the next syllable repeats
/// the title (ကိုကို Ko Ko, မမ Ma Ma are names).
fn drop_titles(mut syllables: Vec<Syllable>) -> Vec<Syllable> {
    while let Some(len) = tables().titles.iter().find_map(|(title, following)| {
        (syllables.starts_with(title)
            && syllables.len() >= title.len() + following
            && title.last() != syllables.get(title.len()))
        .then_some(title.len())
    }) {
        syllables.drain(..len);
    }
    syllables
}

/// The romanised syllables of a word written in Myanmar script, in the spelling lists give
/// Burmese names (ဦးသန်းထွန်း → than, htun; မင်းအောင်လှိုင် → min, aung, hlaing), with a
/// title at its start dropped; Zawgyi-encoded text is read as Unicode. `None` if the word is
/// not Burmese in Myanmar script alone (another script, digits, Shan or Mon letters).
///
/// ထ is written "ht" as lists write it in Htet, Htay and Htoo; lists write ထွန်း both Htun
/// and Tun, which the matcher aligns as one edit apart.
pub fn romanise(word: &str) -> Option<Vec<String>> {
    if !word.chars().any(is_myanmar) {
        return None;
    }
    let text = normalise(word);
    let syllables = drop_titles(syllables(&text)?);
    syllables.iter().map(romanise_syllable).collect()
}

/// True if `text` has the shape of one Burmese syllable as lists romanise it (Aung, Kyaw,
/// Htun, Myint, Hla, Oo): an onset of the romanisation table (a consonant, with medial ya or
/// ha written "y" or "h" where no cluster entry says otherwise) followed by one of its
/// rhymes, medial wa written "w" before it.
pub fn romanised_syllable(text: &str) -> bool {
    static SHAPES: OnceLock<(FxHashSet<String>, FxHashSet<String>, usize)> = OnceLock::new();
    let (onsets, rhymes, longest_onset) = SHAPES.get_or_init(|| {
        let tables = tables();
        let mut onsets: FxHashSet<String> = FxHashSet::default();
        onsets.insert(String::new());
        for initial in tables.initials.values() {
            onsets.extend([
                initial.to_string(),
                format!("{initial}y"),
                format!("h{initial}"),
            ]);
        }
        onsets.extend(tables.clusters.values().map(|c| c.to_string()));
        let mut rhymes: FxHashSet<String> = FxHashSet::default();
        for rhyme in tables.rhymes.values() {
            rhymes.extend([rhyme.to_string(), format!("w{rhyme}")]);
        }
        let longest_onset = onsets.iter().map(String::len).max().unwrap_or(0);
        (onsets, rhymes, longest_onset)
    });
    text.len() <= 7
        && (0..text.len().min(*longest_onset + 1)).any(|at| {
            text.is_char_boundary(at)
                && onsets.contains(&text[..at])
                && rhymes.contains(&text[at..])
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_romanised_burmese_syllables() {
        for name in [
            "Min Aung Hlaing",
            "Kyaw Myint",
            "Htun Oo",
            "Nyunt Swe",
            "Phyo Thein",
        ] {
            for word in name.split(' ') {
                assert!(romanised_syllable(&word.to_lowercase()), "{word}");
            }
        }
        for word in ["smith", "ahmed", "vladimir", "john", "kim"] {
            assert!(!romanised_syllable(word), "{word}");
        }
    }

    /// The names of Burmese politicians in the OpenSanctions PEP sample, in Zawgyi, with
    /// their Unicode spelling and romanisation.
    const PEP_NAMES: [(&str, &str, &str); 12] = [
        ("ဦးေသာင္း", "ဦးသောင်း", "thaung"),
        ("ဦးေမာင္ဦး", "ဦးမောင်ဦး", "maung oo"),
        ("ဦးေဇာ္ထြန္း", "ဦးဇော်ထွန်း", "zaw htun"),
        ("ဦးခင္ေမာင္ျမင့္", "ဦးခင်မောင်မြင့်", "khin maung myint"),
        ("ဦးသန္းထြန္း", "ဦးသန်းထွန်း", "than htun"),
        ("ဦးစိုးႏိုင္", "ဦးစိုးနိုင်", "soe naing"),
        ("ဦးျမင့္သူ", "ဦးမြင့်သူ", "myint thu"),
        ("ဦးဝင္းျမင့္", "ဦးဝင်းမြင့်", "win myint"),
        ("ဦးေက်ာ္ျမင့္", "ဦးကျော်မြင့်", "kyaw myint"),
        ("ဦးသန္းျမင့္", "ဦးသန်းမြင့်", "than myint"),
        ("ဦးစိုးဝင္း", "ဦးစိုးဝင်း", "soe win"),
        ("ဦးလွျမင့္", "ဦးလှမြင့်", "hla myint"),
    ];

    fn read(word: &str) -> String {
        romanise(word).expect("Burmese").join(" ")
    }

    #[test]
    fn zawgyi_is_detected_and_converted_to_unicode() {
        for (zawgyi, unicode, _) in PEP_NAMES {
            assert!(is_zawgyi(zawgyi), "{zawgyi}");
            assert_eq!(normalise(zawgyi), unicode, "{zawgyi}");
            assert!(!is_zawgyi(unicode), "{unicode}");
            assert!(matches!(normalise(unicode), Cow::Borrowed(_)), "{unicode}");
        }
        // Medial ra before the vowel sign E, tall aa with asat (ၚ), a stacked consonant
        // (ၻ), kinzi written after its consonant (ၤ), the digit zero for ဝ.
        assert_eq!(normalise("ေျပာ"), "ပြော");
        assert_eq!(normalise("ေဒၚ"), "ဒေါ်");
        assert_eq!(normalise("ကမၻာ"), "ကမ္ဘာ");
        assert_eq!(normalise("သဂၤဟ"), "သင်္ဂဟ");
        assert_eq!(normalise("၀င္း"), "ဝင်း");
        assert_eq!(normalise("ေမာင္ ၁၀"), "မောင် ၁၀");
        for unicode in ["မင်းအောင်လှိုင်", "ကမ္ဘာ", "သင်္ဂဟ", "ဒေါ်အောင်ဆန်းစုကြည်"]
        {
            assert!(!is_zawgyi(unicode), "{unicode}");
        }
    }

    #[test]
    fn words_split_into_syllables_with_their_finals() {
        let count = |word: &str| syllables(word).map(|s| s.len());
        assert_eq!(count("မင်းအောင်လှိုင်"), Some(3));
        assert_eq!(count("ခင်မောင်မြင့်"), Some(3));
        // A stacked consonant closes one syllable and begins the next; kinzi closes one.
        assert_eq!(count("ကမ္ဘာ"), Some(2));
        assert_eq!(count("သင်္ဂဟ"), Some(3));
        assert_eq!(syllables("သင်္ဂဟ").expect("Burmese")[0].last, Some('င'));
        assert_eq!(count("Aung"), None);
        assert_eq!(count("ဝင်း၂"), None);
    }

    #[test]
    fn pep_names_romanise_in_zawgyi_and_unicode_alike() {
        for (zawgyi, unicode, latin) in PEP_NAMES {
            assert_eq!(read(zawgyi), latin, "{zawgyi}");
            assert_eq!(read(unicode), latin, "{unicode}");
        }
    }

    #[test]
    fn syllables_romanise_as_lists_spell_them() {
        for (burmese, latin) in [
            ("မင်းအောင်လှိုင်", "min aung hlaing"),
            ("သိန်းစိန်", "thein sein"),
            ("မိုးမြင့်ထွန်း", "moe myint htun"),
            ("ညွန့်", "nyunt"),
            ("ဆွေ", "swe"),
            ("ထက်", "htet"),
            ("ဖြိုး", "phyo"),
            ("ဟိန်း", "hein"),
            ("ရဲ", "ye"),
            ("နု", "nu"),
            ("အေး", "aye"),
            ("လွင်", "lwin"),
            ("ဇော်", "zaw"),
            ("အောင်ပြည့်စုံ", "aung pyae sone"),
            ("အုန်းမာ", "ohn mar"),
            ("ထူးထက်", "htoo htet"),
            ("ရွှေ", "shwe"),
            ("ငြိမ်း", "nyein"),
            ("ချစ်", "chit"),
            ("ပွင့်", "pwint"),
            ("ဦးသန့်", "thant"),
            ("သစ္စာ", "thit sar"),
        ] {
            assert_eq!(read(burmese), latin, "{burmese}");
        }
    }

    #[test]
    fn titles_are_dropped_only_before_a_name() {
        assert_eq!(read("ဒေါ်အောင်ဆန်းစုကြည်"), "aung san su kyi");
        assert_eq!(read("ဗိုလ်ချုပ်မှူးကြီးမင်းအောင်လှိုင်"), "min aung hlaing");
        assert_eq!(read("ဒေါက်တာဇော်မင်း"), "zaw min");
        assert_eq!(read("ကိုဇော်"), "zaw");
        // Alone, or repeated as a name, a title is a name.
        assert_eq!(read("ဦး"), "oo");
        assert_eq!(read("ကိုကိုကြီး"), "ko ko kyi");
        // Ma is a title before two syllables or more, Maung never.
        assert_eq!(read("မမြင့်"), "ma myint");
        assert_eq!(read("မခင်မြင့်"), "khin myint");
        assert_eq!(read("မောင်မောင်ကျော်"), "maung maung kyaw");
    }

    #[test]
    fn other_scripts_are_not_read() {
        assert_eq!(romanise("Aung"), None);
        assert_eq!(romanise("习近平"), None);
    }
}
