//! Sanctions programs and regimes as data.
//!
//! `data/programs.tsv` (compiled in with `include_str!`) maps the program and regime strings
//! each list uses (`GLOMAG`, `Global Human Rights`, `Justice for Victims of Corrupt Foreign
//! Officials Regulations (JVCFOR)`, `Autonomous (Thematic - Human Rights)` …) to one
//! normalised [`ProgramInfo`]: authority, code, title, flags (Magnitsky-style, UN-derived)
//! and the measures the regime imposes. Loaders call [`sanction`] to build each
//! [`Sanction`]: the program code and authority come from the vocabulary when the list's
//! string is known, and the list's own string is kept otherwise (it is also always kept in
//! the `program` property of the entity).

use std::collections::HashMap;
use std::sync::OnceLock;
use vetter_model::Sanction;

const VOCABULARY: &str = include_str!("../data/programs.tsv");

/// One normalised sanctions program or regime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramInfo {
    /// Canonical authority, e.g. `US OFAC`, `UK`, `Canada`, `Australia DFAT`, `EU Council`.
    pub authority: &'static str,
    /// Normalised program code, e.g. `GLOMAG`, `UK-GHR`, `CA-JVCFOA`, `AU-THEMATIC-HR`.
    pub code: &'static str,
    /// Title, e.g. `Global Magnitsky (E.O. 13818)`.
    pub title: &'static str,
    /// True for Magnitsky-style regimes: targeted sanctions for serious human-rights abuse or
    /// corruption (US GLOMAG and the 2012 Magnitsky Act, UK Global Human Rights and Global
    /// Anti-Corruption, EU Global Human Rights regime, Canada JVCFOA, Australia's thematic
    /// human-rights and corruption sanctions).
    pub magnitsky_style: bool,
    /// True when the program implements a UN Security Council regime.
    pub un_derived: bool,
    /// Measures the regime imposes on every listed party (empty when they vary by record).
    pub measures: Vec<&'static str>,
    /// The strings the lists use for this program.
    pub aliases: Vec<&'static str>,
}

struct Vocabulary {
    programs: Vec<ProgramInfo>,
    /// (normalised authority, normalised alias or code) → index in `programs`.
    by_key: HashMap<(String, String), usize>,
}

/// Lower case, whitespace collapsed, dashes unified, trailing punctuation removed.
fn normalise(text: &str) -> String {
    text.replace(['\u{2013}', '\u{2014}', '\u{2010}'], "-")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ';', ','])
        .to_lowercase()
}

fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY_CELL: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY_CELL.get_or_init(|| {
        let mut programs = Vec::new();
        let mut by_key = HashMap::new();
        for line in VOCABULARY.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&'static str> = line.split('\t').collect();
            let field = |i: usize| fields.get(i).copied().unwrap_or("").trim();
            let flags: Vec<&str> = field(3).split(',').map(str::trim).collect();
            let list = |text: &'static str, separator: char| -> Vec<&'static str> {
                if text == "-" {
                    Vec::new()
                } else {
                    text.split(separator)
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .collect()
                }
            };
            let info = ProgramInfo {
                authority: field(0),
                code: field(1),
                title: field(2),
                magnitsky_style: flags.contains(&"magnitsky"),
                un_derived: flags.contains(&"un"),
                measures: list(field(4), ';'),
                aliases: list(field(5), '|'),
            };
            let authority = normalise(info.authority);
            for key in std::iter::once(info.code).chain(info.aliases.iter().copied()) {
                by_key
                    .entry((authority.clone(), normalise(key)))
                    .or_insert(programs.len());
            }
            programs.push(info);
        }
        Vocabulary { programs, by_key }
    })
}

/// The normalised program for a program or regime string of a list.
///
/// `authority` is the canonical authority (`US OFAC`, `US BIS`, `UN Security Council`,
/// `UK`, `EU Council`, `Canada`, `Australia DFAT`, `Switzerland SECO`; also accepted:
/// `UK OFSI`/`UK FCDO` for `UK`); `program` is either the list's string (case, spacing and
/// dashes do not matter) or the normalised code. Returns `None` for programs the
/// vocabulary does not know.
///
/// ```
/// let glomag = vetter_sources::program_info("US OFAC", "GLOMAG").unwrap();
/// assert!(glomag.magnitsky_style);
/// let ghr = vetter_sources::program_info("UK", "Global Human Rights").unwrap();
/// assert_eq!(ghr.code, "UK-GHR");
/// ```
pub fn program_info(authority: &str, program: &str) -> Option<&'static ProgramInfo> {
    let vocabulary = vocabulary();
    let mut authority = normalise(authority);
    if authority.starts_with("uk ") {
        authority = "uk".into();
    }
    vocabulary
        .by_key
        .get(&(authority, normalise(program)))
        .map(|&i| &vocabulary.programs[i])
}

/// Every program of the vocabulary.
pub fn programs() -> &'static [ProgramInfo] {
    &vocabulary().programs
}

/// Builds a [`Sanction`]: the authority and code of the vocabulary when `program` is known
/// to it (else `authority` and the trimmed `program` as given), the listing date, and the
/// measures stated by the list (`stated`) or, when it states none, the regime's measures.
pub(crate) fn sanction(
    authority: &str,
    program: &str,
    listing_date: Option<String>,
    stated: &[&str],
    source: u16,
) -> Sanction {
    let info = program_info(authority, program);
    let mut measures: Vec<String> = stated.iter().map(|m| m.to_string()).collect();
    if measures.is_empty() {
        if let Some(info) = info {
            measures = info.measures.iter().map(|m| m.to_string()).collect();
        }
    }
    Sanction {
        authority: info.map_or(authority, |i| i.authority).to_string(),
        program: info.map_or_else(|| program.trim().to_string(), |i| i.code.to_string()),
        listing_date,
        measures,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magnitsky_regimes_are_flagged() {
        for (authority, program, code) in [
            ("US OFAC", "GLOMAG", "GLOMAG"),
            ("UK OFSI", "Global Human Rights", "UK-GHR"),
            ("UK", "global anti-corruption", "UK-GAC"),
            ("UK FCDO", "GHR", "UK-GHR"),
            (
                "Canada",
                "Justice for Victims of Corrupt Foreign Officials Regulations (JVCFOR)",
                "CA-JVCFOA",
            ),
            (
                "Australia DFAT",
                "Autonomous (Thematic \u{2013} Corruption)",
                "AU-THEMATIC-CORRUPTION",
            ),
            (
                "Australia DFAT",
                "Autonomous (Thematic - Human Rights) ",
                "AU-THEMATIC-HR",
            ),
            ("EU Council", "EU-HR", "EU-HR"),
        ] {
            let info = program_info(authority, program).unwrap_or_else(|| panic!("{program}"));
            assert_eq!(info.code, code);
            assert!(info.magnitsky_style, "{program}");
        }
        assert!(!program_info("US OFAC", "SDGT").unwrap().magnitsky_style);
        assert!(program_info("US OFAC", "NOPE").is_none());
        assert!(program_info("Canada", "GLOMAG").is_none());
        let s = sanction("UK OFSI", "Global Human Rights", None, &[], 0);
        assert_eq!(s.authority, "UK");
        assert_eq!(s.program, "UK-GHR");
        assert_eq!(s.measures, ["Asset freeze", "Travel ban"]);
        let s = sanction("US OFAC", "XYZ", None, &["Block"], 0);
        assert_eq!((s.program.as_str(), s.measures.len()), ("XYZ", 1));
    }

    #[test]
    fn vocabulary_lines_are_well_formed() {
        for line in VOCABULARY.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            assert_eq!(line.split('\t').count(), 6, "{line:?}");
        }
        let codes: std::collections::HashSet<_> =
            programs().iter().map(|p| (p.authority, p.code)).collect();
        assert_eq!(codes.len(), programs().len(), "duplicate codes");
    }
}
