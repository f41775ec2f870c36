//! Romanisation of words written in the Arabic script (Arabic, Persian, Urdu, Pashto) the
//! way lists spell them in Latin letters. `any_ascii` reads each letter alone; names need
//! more than that to meet their list spellings:
//!
//! * alif is the long vowel a (زاهد → zahd, Zahid), written, since dropping it can join the
//!   letters around it into a digraph no list writes (z + h read as "zh");
//! * ayin is not written (عبد → bd, علي → ly): lists spell it as a vowel, an apostrophe
//!   or not at all;
//! * the article al- is a word of its own (الرحمن → al rhmn, as "AL-RAHMAN" or "Abdul
//!   Rahman" write it), also in a name compounded with al-Din written as one word
//!   (نورالدين → nwr al dyn);
//! * two letters that would read as one digraph (ز + ه is no "zh", ط + ه no "th") are kept
//!   apart by the vowel written between them in Latin (طه → tah, Taha);
//! * ظ is z, as names romanise it (Zawahiri, Nazmi, Mahfouz).
//!
//! [`regional_values`] gives the other readings of the letters whose value differs between
//! Arabic and Persian or Urdu names (ض d / z: Ramadan, Fazl; ذ dh / z: Nazir; ث th / s:
//! Uthman, Saqib) and in North African and Egyptian spellings (ق g: Belgacem; ش ch: Alouche;
//! ج g: Ragab).

/// Consonants that an `h` after them would turn into a digraph (sh, zh, th, dh, kh, gh, ch,
/// ph).
const DIGRAPH_HEADS: &[u8] = b"sztdkgcp";

/// The Latin spelling of one word in the Arabic script, lower-case ASCII; the article is
/// split off with a space.
pub fn romanise(word: &str) -> String {
    // Allah follows the name it completes, and its first syllable is not spoken there
    // ('Abdu-llah, Nuru-llah): lists join it to that name (Abdullah, Nurullah), and so does
    // the Arabic script at times (عبدالله, written as one word or two, is `bdllh`).
    if let Some(name) = word.strip_suffix("الله") {
        return format!("{}llh", romanise(name));
    }
    // A name compounded with al-Din written as one word (نورالدين, Nur al-Din): the
    // article and Din are words of their own, as they are when written apart.
    for din in ["الدين", "الدین"] {
        if let Some(name) = word.strip_suffix(din).filter(|n| n.chars().count() >= 2) {
            return format!("{} al dyn", romanise(name));
        }
    }
    // The article, unless the rest is too short to be a word (ال alone, الى).
    if let Some(rest) = word.strip_prefix("ال") {
        if rest.chars().count() >= 2 {
            return format!("al {}", romanise(rest));
        }
    }
    // 'Abd joined to the article and the name after it: عبدالرحمن → bd al rhmn.
    if let Some(rest) = word.strip_prefix("عبدال") {
        if rest.chars().count() >= 2 {
            return format!("bd al {}", romanise(rest));
        }
    }
    let mut out = String::with_capacity(word.len() * 2);
    // Whether the last letter was written as one consonant that an h would join.
    let mut digraph_head = false;
    for c in word.chars() {
        let latin: &str = match c {
            'ا' | 'آ' | 'أ' | 'ٱ' | 'ى' => "a",
            'إ' => "i",
            'ع' | 'ء' | 'ئ' | 'ؤ' => "",
            'ظ' => "z",
            _ => any_ascii::any_ascii_char(c),
        };
        let first = latin.bytes().next().map(|b| b.to_ascii_lowercase());
        if digraph_head && first == Some(b'h') {
            out.push('a');
        }
        digraph_head = latin.len() == 1 && first.is_some_and(|b| DIGRAPH_HEADS.contains(&b));
        out.extend(latin.chars().map(|c| c.to_ascii_lowercase()));
    }
    out
}

/// The name with the letters that Persian and Urdu, North African and Egyptian names
/// romanise differently given those values, each convention that changes a letter of the
/// name giving one reading: Persian and Urdu read ض and ذ as z (Fazl, Nazir) and ث as s
/// (Saqib); the Maghreb writes ق as g (Belgacem, Gasmi), ش with the French ch (Alouche,
/// Charia), ظ as d (Hafed) and ث as t (Otmane); Egypt writes ج as g (Ragab, Gamal). The
/// letters are swapped for those that [`romanise`] writes that way (ز z, س s, گ g, چ ch).
pub fn regional_values(name: &str) -> Vec<String> {
    const PERSIAN: &[(char, char)] = &[('ض', 'ز'), ('ذ', 'ز'), ('ث', 'س')];
    const MAGHREB: &[(char, char)] = &[('ق', 'گ'), ('ش', 'چ'), ('ظ', 'د'), ('ث', 'ت')];
    const EGYPT: &[(char, char)] = &[('ج', 'گ')];
    [PERSIAN, MAGHREB, EGYPT]
        .iter()
        .filter(|swaps| name.contains(|c| swaps.iter().any(|(from, _)| *from == c)))
        .map(|swaps| {
            name.chars()
                .map(|c| swaps.iter().find(|(from, _)| *from == c).map_or(c, |s| s.1))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_long_a_initial_ayin_and_the_article() {
        assert_eq!(romanise("زاهد"), "zahd");
        assert_eq!(romanise("عبد"), "bd");
        assert_eq!(romanise("الرحمن"), "al rhmn");
        assert_eq!(romanise("عبدالرحمن"), "bd al rhmn");
        assert_eq!(romanise("الله"), "llh");
        assert_eq!(romanise("عبدالله"), "bdllh");
        assert_eq!(romanise("نورالله"), "nwrllh");
        assert_eq!(romanise("نورالدین"), "nwr al dyn");
        assert_eq!(romanise("الدين"), "al dyn");
    }

    #[test]
    fn keeps_apart_letters_that_would_read_as_a_digraph() {
        assert_eq!(romanise("طه"), "tah");
        assert_eq!(romanise("اسحاق"), "asahaq");
        // ش is one letter, written sh: no vowel goes in.
        assert_eq!(romanise("شهاب"), "shhab");
        assert_eq!(romanise("مظلوم"), "mzlwm");
    }

    #[test]
    fn regional_values_write_the_maghrebi_and_egyptian_letters() {
        let romanised = |name: &str| -> Vec<String> {
            regional_values(name).iter().map(|n| romanise(n)).collect()
        };
        assert_eq!(romanised("بلقاسم"), ["blgasm"]);
        assert_eq!(romanised("علوش"), ["lwch"]);
        assert_eq!(romanised("رجب"), ["rgb"]);
        assert_eq!(romanised("محمد"), Vec::<String>::new());
    }

    #[test]
    fn persian_values_of_letters_read_differently() {
        assert_eq!(regional_values("فضل"), ["فزل"]);
        assert_eq!(regional_values("ثاقب"), ["ساقب", "تاگب"]);
    }
}
