//! # vetter-names
//!
//! Name analysis shared by the index and the matcher. A name goes through [`analyze`]:
//!
//! 1. **Transliteration** ([`script`]): every script is folded to lower-case ASCII
//!    (Cyrillic, Greek, Arabic, Hebrew, Han as pinyin syllables, Hangul as Revised
//!    Romanisation, Kana as Hepburn, Thai, Khmer, Devanagari …) with the `any_ascii` tables,
//!    Burmese ([`burmese`]) syllable by syllable in the romanisation lists use, Zawgyi text
//!    read as Unicode; the source script of each token is kept, because it decides how tokens
//!    are compared.
//! 2. **Tokenisation**: dots and apostrophes are deleted (`A.B.C.` → `abc`, `Qa'ida` →
//!    `qaida`), other punctuation splits, `&` becomes `and`, number words and Roman numerals
//!    in organisation names become digits, digits inside words are read as letters
//!    (`Ig0r` → `igor`).
//! 3. **Classification** ([`PartRole`]): honorifics are dropped from person names; particles
//!    (bin, al, van der …), initials, patronymics, legal forms (LLC, OOO, AG …) and stop
//!    words are marked so that the matcher weighs them as weak evidence.
//!
//! [`similarity`] then compares two [`NamePart`]s: equal, a known variant (John/Juan,
//! Bill/William), the same consonant skeleton (Mohammed/Muhammad), a Korean romanisation
//! variant (Gim/Kim, Jeong/Jong), or within an edit allowance scaled to token length.

mod analysis;
mod arabic;
pub mod burmese;
pub mod chinese;
mod numbers;
mod readings;
pub mod script;
pub mod similarity;
mod theophoric;
mod variants;

pub use analysis::{analyze, JoinedPart, Name, NameKind, NamePart, PartRole};
pub use readings::alternative_readings;
pub use script::Script;
pub use similarity::{compare_parts, PartMatch, PartMatchKind};
pub use theophoric::{different_compounds, theophoric_parts};
pub use variants::{variant_group, variant_groups};
