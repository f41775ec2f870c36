//! Wade-Giles and pinyin: the two romanisations of Mandarin that lists and customers use.
//! Pinyin is the standard (Xi Jinping, Mao Zedong); Wade-Giles is found in older records and
//! in Taiwanese names (Hsi Chin-ping, Mao Tse-tung, Chiang Ching-kuo). A word that reads as
//! Wade-Giles syllables and not as pinyin is given the pinyin spellings it may stand for
//! ([`pinyin_spellings`]); written without its apostrophes, Wade-Giles does not tell an
//! aspirated initial from a plain one, so "chin" stands for both jin and qin.

use std::collections::{HashMap, HashSet};
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

struct Tables {
    pinyin: HashSet<&'static str>,
    /// Wade-Giles syllable → the pinyin syllables it spells.
    wade_giles: HashMap<String, Vec<&'static str>>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let pinyin: HashSet<&'static str> = PINYIN.split_whitespace().collect();
        let mut spelled: HashMap<String, Vec<&'static str>> = HashMap::new();
        for syllable in PINYIN.split_whitespace() {
            spelled
                .entry(wade_giles(syllable))
                .or_default()
                .push(syllable);
        }
        Tables {
            pinyin,
            wade_giles: spelled,
        }
    })
}

/// The ways `text` splits into at most [`MAX_SYLLABLES`] syllables of which `is_syllable`
/// holds, each as the syllables' byte ranges.
fn segmentations(text: &str, is_syllable: &dyn Fn(&str) -> bool) -> Vec<Vec<(usize, usize)>> {
    fn walk(
        text: &str,
        start: usize,
        is_syllable: &dyn Fn(&str) -> bool,
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
        if start > 0 && matches!(text.as_bytes()[start], b'a' | b'e' | b'i' | b'o' | b'u') {
            return;
        }
        for end in start + 1..=text.len().min(start + 6) {
            if is_syllable(&text[start..end]) {
                current.push((start, end));
                walk(text, end, is_syllable, current, out);
                current.pop();
            }
        }
    }
    let mut out = Vec::new();
    walk(text, 0, is_syllable, &mut Vec::new(), &mut out);
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
    if !segmentations(text, &|s| tables.pinyin.contains(s)).is_empty() {
        return Vec::new();
    }
    let mut spellings: Vec<String> = Vec::new();
    for segmentation in segmentations(text, &|s| tables.wade_giles.contains_key(s)) {
        // One syllable alone is read as Wade-Giles only when no other romanisation spells
        // that way: Hung, Sung, Yen, Ho are also Vietnamese, Korean or Cantonese names.
        if let [(start, end)] = segmentation[..] {
            if !distinctly_wade_giles(&text[start..end]) {
                continue;
            }
        }
        let mut partial = vec![String::new()];
        for (start, end) in segmentation {
            let readings = &tables.wade_giles[&text[start..end]];
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
    let tables = tables();
    let pinyin_only = |t: &str| t.contains(['x', 'q']) || t.contains("zh");
    if a == b || !(pinyin_only(a) || pinyin_only(b)) {
        return false;
    }
    let read = |t: &str| {
        let mut readings = segmentations(t, &|s| tables.pinyin.contains(s));
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
