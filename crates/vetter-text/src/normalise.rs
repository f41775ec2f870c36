//! The normalised copy of a text that the automaton runs over, and the way back to the
//! original offsets.

/// A piece of normalised text produced by one original character whose normalised length
/// differs from one byte (a non-ASCII character transliterated to 0..n ASCII bytes, or a
/// deleted apostrophe or dot).
#[derive(Debug, Clone, Copy)]
struct Special {
    norm_start: u32,
    norm_len: u32,
    orig_start: u32,
    orig_len: u32,
}

/// A text folded to lower-case ASCII letters, digits and spaces, with a map back to byte
/// offsets of the original.
///
/// * ASCII letters are lower-cased, digits kept, other ASCII characters become one space;
/// * other characters are transliterated with [`vetter_names::script::to_ascii`] (Han and
///   Hangul syllables become separate words), then folded the same way;
/// * an apostrophe or dot between two letters or digits is deleted (`Qa'ida` → `qaida`,
///   `U.S.` → `us `), except the apostrophe of a possessive `'s`, which separates
///   (`Pheap's` → `pheap s`), so names are tokenised as `vetter_names::analyze` does.
///
/// Every original character maps to a contiguous (possibly empty) range of normalised
/// bytes, so a normalised range maps back to whole original characters.
#[derive(Debug, Default, Clone)]
pub struct Normalised {
    /// The normalised bytes: `a-z`, `0-9` and space only.
    pub bytes: Vec<u8>,
    specials: Vec<Special>,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | 'ʻ' | '`' | '´')
}

impl Normalised {
    /// Normalises `text`. Offsets of the original are bytes of `text`.
    pub fn new(text: &str) -> Self {
        let mut out = Normalised {
            bytes: Vec::with_capacity(text.len()),
            specials: Vec::new(),
        };
        out.extend(text);
        out
    }

    /// Normalises `text` into this buffer, reusing its allocations.
    pub fn reset(&mut self, text: &str) {
        self.bytes.clear();
        self.specials.clear();
        self.extend(text);
    }

    fn extend(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let n = bytes.len();
        let alnum_at = |i: usize| -> bool {
            if i >= n {
                return false;
            }
            let b = bytes[i];
            if b < 128 {
                b.is_ascii_alphanumeric()
            } else {
                text[i..].chars().next().is_some_and(char::is_alphanumeric)
            }
        };
        let mut i = 0;
        let mut buf = [0u8; 4];
        while i < n {
            let b = bytes[i];
            if b < 128 {
                let folded = match b {
                    b'a'..=b'z' | b'0'..=b'9' => b,
                    b'A'..=b'Z' => b + 32,
                    b'.' | b'\'' | b'`' => {
                        if self.deletes(bytes, i, 1, b != b'.', alnum_at) {
                            self.specials.push(Special {
                                norm_start: self.bytes.len() as u32,
                                norm_len: 0,
                                orig_start: i as u32,
                                orig_len: 1,
                            });
                            i += 1;
                            continue;
                        }
                        b' '
                    }
                    _ => b' ',
                };
                self.bytes.push(folded);
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            let norm_start = self.bytes.len();
            if is_apostrophe(c) {
                if !self.deletes(bytes, i, len, true, alnum_at) {
                    self.bytes.push(b' ');
                }
            } else if c.is_alphanumeric() || !c.is_ascii() && !c.is_whitespace() {
                let ascii = vetter_names::script::to_ascii(c.encode_utf8(&mut buf));
                for a in ascii.bytes() {
                    self.bytes.push(if a.is_ascii_alphanumeric() {
                        a.to_ascii_lowercase()
                    } else {
                        b' '
                    });
                }
            } else {
                self.bytes.push(b' ');
            }
            let norm_len = self.bytes.len() - norm_start;
            if norm_len != len {
                self.specials.push(Special {
                    norm_start: norm_start as u32,
                    norm_len: norm_len as u32,
                    orig_start: i as u32,
                    orig_len: len as u32,
                });
            }
            i += len;
        }
    }

    /// True when the apostrophe or dot at `i` (of `len` bytes) joins two word characters and
    /// is therefore deleted. A possessive `'s` is not joined.
    fn deletes(
        &self,
        bytes: &[u8],
        i: usize,
        len: usize,
        apostrophe: bool,
        alnum_at: impl Fn(usize) -> bool,
    ) -> bool {
        let before = self.bytes.last().is_some_and(|b| *b != b' ');
        if !before || !alnum_at(i + len) {
            return false;
        }
        if apostrophe {
            let s = bytes[i + len];
            let possessive = (s == b's' || s == b'S') && !alnum_at(i + len + 1);
            return !possessive;
        }
        true
    }

    /// The original byte offset where the character that produced normalised byte `n`
    /// starts (`n` may equal the length: the end of the original).
    pub fn start_of(&self, n: usize) -> usize {
        let n = n as u32;
        let at = self.specials.partition_point(|s| s.norm_start <= n);
        if at == 0 {
            return n as usize;
        }
        let s = self.specials[at - 1];
        if n < s.norm_start + s.norm_len {
            s.orig_start as usize
        } else {
            (s.orig_start + s.orig_len + (n - s.norm_start - s.norm_len)) as usize
        }
    }

    /// The original byte offset just after the character that produced normalised byte
    /// `n - 1`: the end of a normalised range `..n`.
    pub fn end_of(&self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        let p = (n - 1) as u32;
        let at = self.specials.partition_point(|s| s.norm_start <= p);
        if at > 0 {
            let s = self.specials[at - 1];
            if p < s.norm_start + s.norm_len {
                return (s.orig_start + s.orig_len) as usize;
            }
        }
        self.start_of(p as usize) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(text: &str) -> String {
        String::from_utf8(Normalised::new(text).bytes).unwrap()
    }

    #[test]
    fn folds_case_punctuation_apostrophes_and_dots() {
        assert_eq!(norm("Try Pheap's"), "try pheap s");
        assert_eq!(norm("Kim’s link"), "kim s link");
        assert_eq!(norm("al-Qa'ida"), "al qaida");
        assert_eq!(norm("U.S. Treasury"), "us  treasury");
        assert_eq!(norm("Co., Ltd."), "co   ltd ");
        assert_eq!(norm("Erdoğan"), "erdogan");
        assert_eq!(norm("Ж"), "zh");
    }

    #[test]
    fn maps_ranges_back_to_whole_original_characters() {
        let text = "Ёж — Kun Kim, Qa'ida Žižka";
        let n = Normalised::new(text);
        let s = String::from_utf8(n.bytes.clone()).unwrap();
        assert_eq!(&text[n.start_of(0)..n.end_of(s.find(' ').unwrap())], "Ёж");
        for word in ["kun", "kim", "qaida", "zizka"] {
            let at = s.find(word).unwrap();
            let (a, b) = (n.start_of(at), n.end_of(at + word.len()));
            let original = &text[a..b];
            assert_eq!(
                vetter_names::script::to_ascii(original)
                    .to_lowercase()
                    .replace('\'', ""),
                word,
                "{word}: {original:?}"
            );
        }
    }
}
