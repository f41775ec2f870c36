//! Wade-Giles and pinyin: the two romanisations of Mandarin that lists and customers use.
//! Pinyin is the standard (Xi Jinping, Mao Zedong); Wade-Giles is found in older records and
//! in Taiwanese names (Hsi Chin-ping, Mao Tse-tung, Chiang Ching-kuo). A word that reads as
//! Wade-Giles syllables and not as pinyin is given the pinyin spellings it may stand for
//! ([`pinyin_spellings`]); written without its apostrophes, Wade-Giles does not tell an
//! aspirated initial from a plain one, so "chin" stands for both jin and qin.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// Every toneless pinyin syllable (ü written v).
const PINYIN: &str = "a ai an ang ao \
ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu \
ca cai can cang cao ce cen ceng ci cong cou cu cuan cui cun cuo \
cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo \
da dai dan dang dao de dei den deng di dian diao die ding diu dong dou du duan dui dun duo \
e ei en eng er fa fan fang fei fen feng fo fou fu \
ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo \
ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo \
ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun \
ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo \
la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve \
ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu \
na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve \
o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu \
qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun \
ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo \
sa sai san sang sao se sen seng si song sou su suan sui sun suo \
sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo \
ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo \
wa wai wan wang wei wen weng wo wu \
xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun \
ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun \
za zai zan zang zao ze zei zen zeng zi zong zou zu zuan zui zun zuo \
zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo";

/// Most syllables a word is read as (Chinese given names have one or two, written joined or
/// hyphenated).
const MAX_SYLLABLES: usize = 3;
/// Most pinyin spellings kept for one Wade-Giles word.
const MAX_SPELLINGS: usize = 16;

/// The Wade-Giles spelling of a pinyin syllable, without apostrophes or umlauts.
fn wade_giles(pinyin: &str) -> String {
    let initial = ["zh", "ch", "sh"]
        .into_iter()
        .find(|i| pinyin.starts_with(i))
        .unwrap_or_else(|| {
            let first = &pinyin[..1];
            if "bpmfdtnlgkhjqxrzcswy".contains(first) {
                first
            } else {
                ""
            }
        });
    let last = &pinyin[initial.len()..];
    let initial_wg = match initial {
        "b" => "p",
        "d" => "t",
        "g" => "k",
        "j" | "q" | "zh" => "ch",
        "x" => "hs",
        "r" => "j",
        "z" | "c" => "ts",
        other => other,
    };
    let (initial_wg, last_wg) = match (initial, last) {
        ("z" | "c", "i") => ("tz", "u"),
        ("s", "i") => ("ss", "u"),
        ("zh" | "ch" | "sh" | "r", "i") => (initial_wg, "ih"),
        ("y", "i") => ("", "i"),
        ("y", "ou") => ("y", "u"),
        ("y", "an") => ("y", "en"),
        ("y", "e") => ("y", "eh"),
        ("", "er") => ("", "erh"),
        ("g" | "k" | "h" | "", "e") => (initial_wg, "o"),
        ("d" | "t" | "n" | "l" | "z" | "c" | "s" | "r" | "zh" | "ch", "uo") => (initial_wg, "o"),
        ("g" | "k", "ui") => (initial_wg, "uei"),
        ("l" | "n", "v") => (initial_wg, "u"),
        (_, "ue" | "ve") => (initial_wg, "ueh"),
        (_, "ie") => (initial_wg, "ieh"),
        (_, "ian") => (initial_wg, "ien"),
        (_, "ong") => (initial_wg, "ung"),
        (_, "iong") => (initial_wg, "iung"),
        _ => (initial_wg, last),
    };
    format!("{initial_wg}{last_wg}")
}

/// Appends a lowercase ASCII letter to a packed string of at most six letters (five bits a
/// letter), so that the tables are looked up without hashing strings; `None` for any other
/// byte.
fn pack(packed: u32, letter: u8) -> Option<u32> {
    letter
        .is_ascii_lowercase()
        .then(|| packed << 5 | u32::from(letter - b'a' + 1))
}

/// A string of at most six letters, packed.
fn packed(text: &str) -> Option<u32> {
    (text.len() <= 6)
        .then(|| text.bytes().try_fold(0, pack))
        .flatten()
}

/// The two romanisations, as the flags of [`Tables::flags`] they use.
#[derive(Clone, Copy)]
enum Romanisation {
    Pinyin,
    WadeGiles,
}

impl Romanisation {
    /// Flags of (a syllable, the beginning of one).
    fn flags(self) -> (u8, u8) {
        match self {
            Romanisation::Pinyin => (1, 2),
            Romanisation::WadeGiles => (4, 8),
        }
    }
}

struct Tables {
    /// Packed string → whether it is a pinyin or Wade-Giles syllable or the beginning of
    /// one ([`Romanisation::flags`]).
    flags: FxHashMap<u32, u8>,
    /// Wade-Giles syllable (packed) → the pinyin syllables it spells.
    wade_giles: FxHashMap<u32, Vec<&'static str>>,
}

impl Tables {
    /// The pinyin syllables a Wade-Giles syllable spells (empty for none).
    fn pinyin_of(&self, syllable: &str) -> &[&'static str] {
        packed(syllable)
            .and_then(|p| self.wade_giles.get(&p))
            .map_or(&[], Vec::as_slice)
    }
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut flags: FxHashMap<u32, u8> = FxHashMap::default();
        let mut mark = |syllable: &str, romanisation: Romanisation| {
            let (whole, beginning) = romanisation.flags();
            for end in 1..=syllable.len() {
                if let Some(p) = packed(&syllable[..end]) {
                    *flags.entry(p).or_default() |= beginning;
                }
            }
            if let Some(p) = packed(syllable) {
                *flags.entry(p).or_default() |= whole;
            }
        };
        let mut spelled: FxHashMap<u32, Vec<&'static str>> = FxHashMap::default();
        for syllable in PINYIN.split_whitespace() {
            mark(syllable, Romanisation::Pinyin);
            let wade_giles = wade_giles(syllable);
            mark(&wade_giles, Romanisation::WadeGiles);
            if let Some(key) = packed(&wade_giles) {
                spelled.entry(key).or_default().push(syllable);
            }
        }
        Tables {
            flags,
            wade_giles: spelled,
        }
    })
}

/// The ways `text` splits into at most [`MAX_SYLLABLES`] syllables of `romanisation`, each
/// as the syllables' byte ranges.
fn segmentations(text: &str, romanisation: Romanisation) -> Vec<Vec<(usize, usize)>> {
    fn walk(
        text: &[u8],
        start: usize,
        tables: &Tables,
        flags: (u8, u8),
        current: &mut Vec<(usize, usize)>,
        out: &mut Vec<Vec<(usize, usize)>>,
    ) {
        if start == text.len() {
            out.push(current.clone());
            return;
        }
        if current.len() == MAX_SYLLABLES {
            return;
        }
        // A syllable after the first starts with a consonant: pinyin writes an apostrophe
        // before a vowel (Xi'an), Wade-Giles a hyphen.
        if start > 0 && matches!(text[start], b'a' | b'e' | b'i' | b'o' | b'u') {
            return;
        }
        let (whole, beginning) = flags;
        let mut packed = 0;
        for end in start + 1..=text.len().min(start + 6) {
            let Some(longer) = pack(packed, text[end - 1]) else {
                return;
            };
            packed = longer;
            let found = tables.flags.get(&packed).copied().unwrap_or(0);
            // No syllable begins this way: none is longer either.
            if found & beginning == 0 {
                return;
            }
            if found & whole != 0 {
                current.push((start, end));
                walk(text, end, tables, flags, current, out);
                current.pop();
            }
        }
    }
    let mut out = Vec::new();
    let flags = romanisation.flags();
    walk(
        text.as_bytes(),
        0,
        tables(),
        flags,
        &mut Vec::new(),
        &mut out,
    );
    out
}

/// The pinyin spellings a word written in Wade-Giles may stand for ("hsi" → xi, "chinping"
/// → jinping, qinping, jinbing, qinbing; "tsetung" → zedong …); empty for a word that reads
/// as pinyin (it is compared as written) or not as Chinese syllables at all.
pub fn pinyin_spellings(text: &str) -> Vec<String> {
    if !(2..=18).contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let tables = tables();
    if !segmentations(text, Romanisation::Pinyin).is_empty() {
        return Vec::new();
    }
    let mut spellings: Vec<String> = Vec::new();
    for segmentation in segmentations(text, Romanisation::WadeGiles) {
        // One syllable alone is read as Wade-Giles only when no other romanisation spells
        // that way: Hung, Sung, Yen, Ho are also Vietnamese, Korean or Cantonese names.
        if let [(start, end)] = segmentation[..] {
            if !distinctly_wade_giles(&text[start..end]) {
                continue;
            }
        }
        let mut partial = vec![String::new()];
        for (start, end) in segmentation {
            let readings = tables.pinyin_of(&text[start..end]);
            partial = partial
                .iter()
                .flat_map(|p| readings.iter().map(move |r| format!("{p}{r}")))
                .take(MAX_SPELLINGS)
                .collect();
        }
        for spelling in partial {
            if spellings.len() < MAX_SPELLINGS && !spellings.contains(&spelling) {
                spellings.push(spelling);
            }
        }
    }
    spellings
}

/// True when `a` and `b` are two different words of two or more pinyin syllables each, at
/// least one spelled the way only pinyin spells (with x, q or zh), that
/// differ in a whole syllable however each is read: two given names (Xiaoyang / Xiaoming,
/// Jicheng / Qicheng), not one with a typo.
pub fn different_pinyin_words(a: &str, b: &str) -> bool {
    let pinyin_only = |t: &str| t.contains(['x', 'q']) || t.contains("zh");
    (pinyin_only(a) || pinyin_only(b)) && differ_in_a_syllable(a, b)
}

/// True when `a` and `b`, the given names of two names known to be romanised Chinese (see
/// [`romanised_chinese`]), are two different given names: they differ in a whole syllable
/// however each is read, by more than the one letter of a typo (Jiamin / Youmin, Siming /
/// Zeming, Hongmei / Hongri; not Jinpeng / Jinping).
pub fn different_chinese_given_names(a: &str, b: &str) -> bool {
    crate::similarity::bounded_distance(a, b, 1) > 1 && differ_in_a_syllable(a, b)
}

/// True for a name of two or more words written in pinyin, each word one syllable or more
/// and at least one a lone syllable (the family name): Li Jiamin, ZHANG Yan.
pub fn romanised_chinese<'a>(words: impl IntoIterator<Item = &'a str>) -> bool {
    let (mut count, mut lone) = (0, false);
    for word in words {
        let readings = segmentations(word, Romanisation::Pinyin);
        if readings.is_empty() {
            return false;
        }
        lone |= readings.iter().any(|r| r.len() == 1);
        count += 1;
    }
    count >= 2 && lone
}

fn differ_in_a_syllable(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let read = |t: &str| {
        let mut readings = segmentations(t, Romanisation::Pinyin);
        readings.retain(|r| r.len() >= 2);
        readings
    };
    let (ra, rb) = (read(a), read(b));
    if ra.is_empty() || rb.is_empty() {
        return false;
    }
    let same_syllables = |x: &[(usize, usize)], y: &[(usize, usize)]| {
        x.len() == y.len() && x.iter().zip(y).all(|(&(s, e), &(t, f))| a[s..e] == b[t..f])
    };
    !ra.iter().any(|x| rb.iter().any(|y| same_syllables(x, y)))
}

/// True for a Wade-Giles syllable spelled the way only Wade-Giles spells (Hsi, Tse, Tzu,
/// Ssu, Chih, Hsieh, Hsueh, Erh, Kuei).
fn distinctly_wade_giles(syllable: &str) -> bool {
    ["hs", "ts", "tz", "ss", "sz"]
        .iter()
        .any(|p| syllable.starts_with(p))
        || ["ih", "ieh", "ueh", "erh", "uei"]
            .iter()
            .any(|e| syllable.ends_with(e))
}

/// A 32-bit hash of a spelling, as kept in [`crate::NamePart::pinyin`].
pub fn spelling_id(text: &str) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for b in text.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x01000193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_syllables_spell_as_wade_giles() {
        let pairs = [
            ("xi", "hsi"),
            ("jin", "chin"),
            ("ping", "ping"),
            ("ze", "tse"),
            ("dong", "tung"),
            ("zhi", "chih"),
            ("si", "ssu"),
            ("zi", "tzu"),
            ("jiang", "chiang"),
            ("guo", "kuo"),
            ("gui", "kuei"),
            ("xue", "hsueh"),
            ("yan", "yen"),
            ("ren", "jen"),
            ("de", "te"),
            ("ge", "ko"),
            ("luo", "lo"),
            ("xian", "hsien"),
            ("xiong", "hsiung"),
        ];
        for (pinyin, wg) in pairs {
            assert_eq!(wade_giles(pinyin), wg, "{pinyin}");
        }
    }

    #[test]
    fn pinyin_given_names_that_differ_in_a_syllable_are_different_names() {
        assert!(different_pinyin_words("xiaoyang", "xiaoming"));
        assert!(different_pinyin_words("jicheng", "qicheng"));
        assert!(different_pinyin_words("zhongci", "zhongli"));
        // A typo outside pinyin, a Western name, one syllable: left to the edit rules.
        assert!(!different_pinyin_words("jinping", "jinpingg"));
        assert!(!different_pinyin_words("renata", "renate"));
        assert!(!different_pinyin_words("chace", "chase"));
        assert!(!different_pinyin_words("xi", "si"));
    }

    #[test]
    fn chinese_given_names_that_differ_in_a_syllable() {
        assert!(romanised_chinese(["li", "jiamin"]));
        assert!(romanised_chinese(["zhang", "yan"]));
        assert!(!romanised_chinese(["jiamin"]));
        assert!(!romanised_chinese(["maria", "rafael"]));
        assert!(!romanised_chinese(["jiamin", "hongmei"]));
        assert!(different_chinese_given_names("jiamin", "youmin"));
        assert!(different_chinese_given_names("siming", "zeming"));
        assert!(different_chinese_given_names("hongmei", "hongri"));
        assert!(different_chinese_given_names("lingping", "jiangping"));
        // A typo of one letter.
        assert!(!different_chinese_given_names("jinpeng", "jinping"));
    }

    #[test]
    fn wade_giles_words_get_their_pinyin_spellings() {
        assert_eq!(pinyin_spellings("hsi"), ["xi"]);
        assert!(pinyin_spellings("chinping").contains(&"jinping".to_string()));
        assert!(pinyin_spellings("tsetung").contains(&"zedong".to_string()));
        assert!(pinyin_spellings("chingkuo").contains(&"jingguo".to_string()));
        assert_eq!(pinyin_spellings("hsieh"), ["xie"]);
        // Pinyin words, words that are not Chinese syllables, and one syllable that other
        // romanisations spell the same way (Vietnamese Hùng, Korean Sung) are left as written.
        for word in [
            "xi", "jinping", "zhang", "li", "vladimir", "kim", "putin", "hung", "sung", "yen",
        ] {
            assert!(pinyin_spellings(word).is_empty(), "{word}");
        }
    }
}
