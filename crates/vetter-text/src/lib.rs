//! # vetter-text
//!
//! Finds mentions of listed parties (persons, organisations, vessels) in unstructured text:
//! news articles (adverse media), payment remittance information, SWIFT MT103 fields
//! 50a/59a/70 and ISO 20022 pacs.008 party names.
//!
//! ## How a text is scanned
//!
//! 1. **Format** ([`detect_format`], [`segments`]): a payment message is cut to the fields
//!    that name parties; plain text is scanned whole. Offsets always refer to the whole text.
//! 2. **Normalisation** ([`Normalised`]): the text is folded to lower-case ASCII with
//!    [`vetter_names::script::to_ascii`], punctuation becomes spaces, and a map leads every
//!    normalised byte back to the original character.
//! 3. **Automaton**: one Aho-Corasick automaton over the name tokens of every listed name
//!    (the analysed parts of `vetter_names::analyze`, built once by [`TextScanner::new`])
//!    finds the tokens in one linear pass; only hits on whole words count. Tokens are
//!    *strong* (name words of 3+ characters, or of 2 inside a longer name), *affixes*
//!    (legal forms such as `Co.`, `Ltd.`) or *connectors* (particles and stop words such as
//!    `al`, `bin`, `of`): only strong tokens start a name; affixes and connectors only
//!    extend one.
//! 4. **Grouping**: hits separated by nothing but spaces, commas, hyphens (and the dot of
//!    an abbreviation) form a run (`KUN Kim`, `HING Bun Heang`, `Union Development Group
//!    Co., Ltd.`); in text that uses both cases, only capitalised tokens start or carry a
//!    name.
//! 5. **Confirmation**: windows of a run, longest first, are screened with the real matcher
//!    ([`vetter_index::Index::search`], query schema LegalEntity). A window is a mention of
//!    a listed entity when the score reaches the threshold
//!    ([`vetter_matcher::MATCH_THRESHOLD`]), every strong token of the window is aligned to
//!    the listed name, and it aligns two strong parts of the listed name, or the listed
//!    name's only one. A common single token ("Kim") therefore never makes a mention.
//! 6. **Co-reference**: after a full mention of an entity, a later lone capitalised token
//!    that is a distinctive part of the matched name ("Kim" after "KUN Kim", "Pheap" after
//!    "Try Pheap") or the acronym of a matched organisation name ("UDG" after "Union
//!    Development Group") is reported as a [`Mention`] with `partial: true`, never as an
//!    independent hit.
//!
//! The scan stage (2–3) is linear in the text; confirmation runs the matcher only on the
//! few candidate spans, with a per-scan cache of repeated spans.

#![warn(missing_docs)]

mod bench;
mod format;
mod normalise;

pub use bench::{bench_corpus, bench_scan, BenchReport};
pub use format::{detect_format, segments, Segment, TextFormat};
pub use normalise::Normalised;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use std::collections::HashMap;
use vetter_index::{Index, SearchOptions};
use vetter_matcher::{Explanation, Prepared};
use vetter_model::{Entity, Property, Schema, SourceRecord};
use vetter_names::PartRole;

/// How capitalisation is used to tell names from ordinary words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseRule {
    /// Capitalisation counts in segments written mostly in lower case (ordinary prose);
    /// all-capitals or all-lower-case segments (payment fields) ignore it.
    #[default]
    Auto,
    /// Name tokens must always be capitalised (or written in a script without case).
    Always,
    /// Capitalisation is ignored.
    Never,
}

/// What to report and how.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Lowest matcher score of a full mention (default [`vetter_matcher::MATCH_THRESHOLD`]).
    pub threshold: f32,
    /// The text's format; `None` detects it ([`detect_format`]).
    pub format: Option<TextFormat>,
    /// Capitalisation rule (default [`CaseRule::Auto`]).
    pub case: CaseRule,
    /// Report partial mentions that refer back to a full one (default true).
    pub partial: bool,
    /// Most tokens in one name window (default 8).
    pub max_window: usize,
    /// Only entities from these datasets (all when empty).
    pub datasets: Vec<String>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            threshold: vetter_matcher::MATCH_THRESHOLD,
            format: None,
            case: CaseRule::Auto,
            partial: true,
            max_window: 8,
            datasets: Vec::new(),
        }
    }
}

/// One mention of a listed entity in a text.
///
/// Offsets are given twice: `start`/`end` count Unicode scalar values (`char`s) from the
/// start of the text, `byte_start`/`byte_end` count UTF-8 bytes, so that
/// `&text[byte_start..byte_end] == self.text` and
/// `text.chars().skip(start).take(end - start)` is the same string. Both ranges are
/// half-open.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Character offset where the mention starts.
    pub start: usize,
    /// Character offset where the mention ends (exclusive).
    pub end: usize,
    /// Byte offset where the mention starts.
    pub byte_start: usize,
    /// Byte offset where the mention ends (exclusive).
    pub byte_end: usize,
    /// The mentioned text, as written.
    pub text: String,
    /// Index of the entity in [`Index::entities`].
    pub entity: u32,
    /// Id of the listed entity, e.g. `ofac-28036`.
    pub entity_id: String,
    /// Display name of the listed entity, e.g. `KIM, Kun`.
    pub caption: String,
    /// Matcher score of the mentioned text against the listed entity.
    pub score: f32,
    /// The matcher's explanation of the score.
    pub explanation: Explanation,
    /// True for a partial mention (a lone name part or acronym) that refers back to an
    /// earlier full mention of the same entity.
    pub partial: bool,
    /// For a partial mention: the position, in the returned list, of the full mention it
    /// refers back to.
    pub refers_to: Option<usize>,
}

/// The role a name token plays in the automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum TokenKind {
    /// Only the acronym of a listed organisation name: used for co-reference only.
    Acronym,
    /// A particle or stop word: only inside a name.
    Connector,
    /// A legal form, vessel prefix or honorific: extends a name at either end.
    Affix,
    /// A name word: starts and carries a name.
    Strong,
}

/// Finds mentions of an index's listed entities in text. Build it once per index with
/// [`TextScanner::new`] and reuse it for every text.
pub struct TextScanner {
    automaton: AhoCorasick,
    kinds: Vec<TokenKind>,
    /// Per pattern: the token is a whole one-word listed name ([`single_token_name`]).
    singles: Vec<bool>,
    /// Phonetic keys of the strong tokens of 4+ letters, for words spelled differently
    /// from every listed token ("Kimm", "Fheap").
    phonetic: std::collections::HashSet<String>,
    entities: usize,
}

/// A token hit in one segment, in normalised offsets.
#[derive(Debug, Clone, Copy)]
struct TokenHit {
    start: usize,
    end: usize,
    kind: TokenKind,
    single: bool,
}

/// Least rarity weight of a name part that identifies its entity on its own in a partial
/// mention.
const PARTIAL_MIN_WEIGHT: f32 = 0.3;

/// Least rarity weight of a one-word listed name found on its own ("Hamas").
const SINGLE_MIN_WEIGHT: f32 = 0.8;

/// Other entities matched by the same span are reported when they score at most this much
/// below the best one.
const RUNNER_UP_MARGIN: f32 = 0.15;

/// Most bytes of separators between two tokens of one name.
const MAX_GAP: usize = 4;

fn push_kind(kinds: &mut HashMap<String, TokenKind>, text: &str, kind: TokenKind) {
    let entry = kinds.entry(text.to_string()).or_insert(kind);
    if kind > *entry {
        *entry = kind;
    }
}

impl TextScanner {
    /// Builds the automaton over the name tokens of every entity of `index`.
    pub fn new(index: &Index) -> Self {
        let mut kinds: HashMap<String, TokenKind> = HashMap::new();
        let mut singles: std::collections::HashSet<String> = Default::default();
        let mut norm = Normalised::default();
        for i in 0..index.entities().len() {
            let prepared = index.prepared(i as u32);
            for name in &prepared.names {
                let parts = &name.name.parts;
                let strong = parts.iter().filter(|p| is_strong_role(p.role)).count();
                if strong == 1 {
                    let word = parts.iter().find(|p| is_strong_role(p.role));
                    if let Some(word) = word.filter(|w| {
                        w.text.len() >= 4 && index.rarity().weight(&w.text) >= SINGLE_MIN_WEIGHT
                    }) {
                        singles.insert(word.text.clone());
                    }
                }
                for part in parts {
                    let text = part.text.as_str();
                    match part.role {
                        PartRole::Particle | PartRole::StopWord => {
                            push_kind(&mut kinds, text, TokenKind::Connector)
                        }
                        PartRole::LegalForm | PartRole::Number => {
                            push_kind(&mut kinds, text, TokenKind::Affix)
                        }
                        PartRole::Initial => {}
                        _ if text.len() >= 3 || text.len() == 2 && strong >= 2 => {
                            push_kind(&mut kinds, text, TokenKind::Strong)
                        }
                        _ => {}
                    }
                }
                // Words of the written name that analysis folded away (the "Co." of
                // "Co., Ltd.", honorifics): they extend a name.
                norm.reset(&name.name.original);
                for word in norm.bytes.split(|b| *b == b' ') {
                    if word.len() >= 2 {
                        let word = std::str::from_utf8(word).unwrap_or_default();
                        if !parts.iter().any(|p| p.text == word) {
                            push_kind(&mut kinds, word, TokenKind::Affix);
                        }
                    }
                }
                if let Some(acronym) = acronym(prepared.schema, &name.name.parts) {
                    push_kind(&mut kinds, &acronym, TokenKind::Acronym);
                }
            }
        }
        let mut patterns: Vec<(String, TokenKind)> = kinds.into_iter().collect();
        patterns.sort();
        // Anchored: the automaton runs from word starts only, so a mismatch ends the walk at
        // once instead of following failure links through the suffixes of every word.
        let build = |kind| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Anchored)
                .kind(kind)
                .build(patterns.iter().map(|(p, _)| p.as_bytes()))
        };
        let automaton = build(Some(AhoCorasickKind::ContiguousNFA))
            .or_else(|_| build(None))
            .expect("name tokens build an automaton");
        TextScanner {
            automaton,
            singles: patterns.iter().map(|(p, _)| singles.contains(p)).collect(),
            phonetic: patterns
                .iter()
                .filter(|(p, k)| *k == TokenKind::Strong && p.len() >= 4)
                .filter(|(p, _)| p.bytes().all(|b| b.is_ascii_lowercase()))
                .map(|(p, _)| vetter_names::similarity::phonetic_key(p))
                .collect(),
            kinds: patterns.into_iter().map(|(_, k)| k).collect(),
            entities: index.entities().len(),
        }
    }

    /// Number of distinct name tokens in the automaton.
    pub fn token_count(&self) -> usize {
        self.kinds.len()
    }

    /// Heap memory used by the automaton, in bytes.
    pub fn memory_usage(&self) -> usize {
        self.automaton.memory_usage() + self.kinds.len()
    }

    /// Whole-word hits of the automaton: from every word start, the longest name token
    /// that is a prefix of the word, kept when it is the whole word.
    ///
    /// A word of four or more letters that is no listed token but has the phonetic key of
    /// a strong one is a strong hit too; in a `cased` text only when it is capitalised.
    fn token_hits(&self, norm: &Normalised, text: &str, cased: bool, out: &mut Vec<TokenHit>) {
        let bytes = norm.bytes.as_slice();
        let n = bytes.len();
        let mut i = 0;
        while i < n {
            if bytes[i] == b' ' {
                i += 1;
                continue;
            }
            let end = bytes[i..]
                .iter()
                .position(|b| *b == b' ')
                .map_or(n, |p| i + p);
            let input = Input::new(bytes).span(i..end).anchored(Anchored::Yes);
            match self.automaton.find(input) {
                Some(m) if m.end() == end => {
                    let id = m.pattern().as_usize();
                    out.push(TokenHit {
                        start: i,
                        end,
                        kind: self.kinds[id],
                        single: self.singles[id],
                    });
                }
                _ if end - i >= 4
                    && bytes[i..end].iter().all(u8::is_ascii_lowercase)
                    && (!cased
                        || text[norm.start_of(i)..]
                            .chars()
                            .next()
                            .is_some_and(|c| !c.is_lowercase())) =>
                {
                    let word = std::str::from_utf8(&bytes[i..end]).unwrap_or_default();
                    if self
                        .phonetic
                        .contains(&vetter_names::similarity::phonetic_key(word))
                    {
                        out.push(TokenHit {
                            start: i,
                            end,
                            kind: TokenKind::Strong,
                            single: false,
                        });
                    }
                }
                _ => {}
            }
            i = end;
        }
    }

    /// The scan stage alone (normalisation and automaton, no matcher): the number of
    /// whole-word name-token hits in `text`, read as plain text. Used by [`bench_scan`].
    pub fn count_token_hits(&self, text: &str) -> usize {
        let mut norm = Normalised::default();
        let mut hits = Vec::new();
        let mut count = 0;
        // Chunks at line ends keep the normalisation buffers small.
        let mut offset = 0;
        while offset < text.len() {
            let mut end = (offset + (1 << 20)).min(text.len());
            while end < text.len() && text.as_bytes()[end - 1] != b'\n' {
                end += 1;
            }
            let chunk = &text[offset..end];
            norm.reset(chunk);
            hits.clear();
            self.token_hits(&norm, chunk, mostly_lower_case(chunk), &mut hits);
            count += hits.len();
            offset = end;
        }
        count
    }

    /// Finds every mention of a listed entity of `index` (the index the scanner was built
    /// from) in `text`, in text order.
    pub fn scan(&self, index: &Index, text: &str, options: &ScanOptions) -> Vec<Mention> {
        assert_eq!(
            index.entities().len(),
            self.entities,
            "TextScanner used with another index than it was built from"
        );
        let format = options.format.unwrap_or_else(|| detect_format(text));
        let mut state = ScanState {
            index,
            options,
            cache: HashMap::new(),
            drafts: Vec::new(),
        };
        let mut norm = Normalised::default();
        let mut hits = Vec::new();
        for segment in segments(text, format) {
            let slice = &text[segment.start..segment.end];
            let cased = match options.case {
                CaseRule::Always => true,
                CaseRule::Never => false,
                CaseRule::Auto => mostly_lower_case(slice),
            };
            norm.reset(slice);
            hits.clear();
            self.token_hits(&norm, slice, cased, &mut hits);
            let segment = SegmentView {
                text: slice,
                base: segment.start,
                norm: &norm,
                cased,
            };
            state.scan_segment(&segment, &hits);
        }
        state.finish(text)
    }
}

fn is_strong_role(role: PartRole) -> bool {
    !role.is_weak() && role != PartRole::Initial
}

/// The acronym of an organisation name of three or more word parts ("UDG").
fn acronym(schema: Schema, parts: &[vetter_names::NamePart]) -> Option<String> {
    if !schema.is_organisation_like() {
        return None;
    }
    let words: Vec<&vetter_names::NamePart> =
        parts.iter().filter(|p| p.role == PartRole::Word).collect();
    if words.len() < 3 {
        return None;
    }
    Some(words.iter().filter_map(|p| p.text.chars().next()).collect())
}

fn mostly_lower_case(text: &str) -> bool {
    let (mut lower, mut upper) = (0usize, 0usize);
    for b in text.bytes() {
        lower += b.is_ascii_lowercase() as usize;
        upper += b.is_ascii_uppercase() as usize;
    }
    lower > upper
}

struct SegmentView<'a> {
    text: &'a str,
    base: usize,
    norm: &'a Normalised,
    cased: bool,
}

impl SegmentView<'_> {
    /// Byte range of a hit in the segment text.
    fn range(&self, hit: &TokenHit) -> (usize, usize) {
        (self.norm.start_of(hit.start), self.norm.end_of(hit.end))
    }

    fn word(&self, hit: &TokenHit) -> &str {
        std::str::from_utf8(&self.norm.bytes[hit.start..hit.end]).unwrap_or_default()
    }

    /// True when the hit's first letter is not lower case (or case does not count).
    fn capitalised(&self, hit: &TokenHit) -> bool {
        if !self.cased {
            return true;
        }
        let (start, _) = self.range(hit);
        self.text[start..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_lowercase())
    }

    /// True when every letter of the hit is upper case (acronyms).
    fn all_capitals(&self, hit: &TokenHit) -> bool {
        if !self.cased {
            return true;
        }
        let (start, end) = self.range(hit);
        !self.text[start..end].chars().any(char::is_lowercase)
    }

    /// True when two consecutive hits belong to one name: only a few separators between
    /// them, at most one line break, and a dot only after an abbreviation.
    fn joins(&self, left: &TokenHit, right: &TokenHit) -> bool {
        let (_, a) = self.range(left);
        let (b, _) = self.range(right);
        if b < a || b - a > MAX_GAP {
            return false;
        }
        let gap = &self.text[a..b];
        let mut newlines = 0;
        for c in gap.chars() {
            match c {
                ' ' | '\t' | '\r' | ',' | '-' | '&' | '/' | '\u{a0}' => {}
                '\n' => newlines += 1,
                '.' if left.kind != TokenKind::Strong || left.end - left.start <= 2 => {}
                _ => return false,
            }
        }
        newlines <= 1
    }
}

/// A mention before character offsets are known.
struct Draft {
    byte_start: usize,
    byte_end: usize,
    entity: u32,
    score: f32,
    explanation: Explanation,
    partial: bool,
    refers_to: Option<usize>,
    /// Tokens that refer back to this mention later (full mentions only).
    coreferent: Vec<String>,
}

struct ScanState<'a> {
    index: &'a Index,
    options: &'a ScanOptions,
    cache: HashMap<String, Vec<vetter_index::Hit>>,
    drafts: Vec<Draft>,
}

fn query(name: &str) -> Entity {
    let mut entity = Entity::new("text", Schema::LegalEntity);
    let source = entity.add_source(SourceRecord {
        dataset: "text".into(),
        record_id: "text".into(),
        list_version: None,
    });
    entity.add(Property::Name, name, source);
    entity
}

impl ScanState<'_> {
    fn scan_segment(&mut self, segment: &SegmentView, hits: &[TokenHit]) {
        let mut run: Vec<TokenHit> = Vec::new();
        for hit in hits {
            if hit.kind == TokenKind::Acronym {
                self.scan_run(segment, &run);
                run.clear();
                self.scan_run(segment, std::slice::from_ref(hit));
                continue;
            }
            if let Some(last) = run.last() {
                if !segment.joins(last, hit) {
                    self.scan_run(segment, &run);
                    run.clear();
                }
            }
            run.push(*hit);
        }
        self.scan_run(segment, &run);
    }

    fn scan_run(&mut self, segment: &SegmentView, run: &[TokenHit]) {
        if run.is_empty() {
            return;
        }
        let n = run.len();
        let usable: Vec<bool> = run
            .iter()
            .map(|h| h.kind == TokenKind::Connector || segment.capitalised(h))
            .collect();
        let mut covered = vec![false; n];
        let mut s = 0;
        while s < n {
            if !matches!(run[s].kind, TokenKind::Strong | TokenKind::Affix) || !usable[s] {
                s += 1;
                continue;
            }
            let last = (s + self.options.max_window).min(n);
            let mut accepted = None;
            for e in (s..last).rev() {
                if !matches!(run[e].kind, TokenKind::Strong | TokenKind::Affix)
                    || !usable[s..=e].iter().all(|u| *u)
                {
                    continue;
                }
                let mut strong = run[s..=e].iter().filter(|h| h.kind == TokenKind::Strong);
                let (one, two) = (strong.next(), strong.next());
                // No strong token; or one that is no whole listed name.
                if one.map_or(true, |h| two.is_none() && !h.single) {
                    continue;
                }
                if self.confirm(segment, &run[s..=e]) {
                    accepted = Some(e);
                    break;
                }
            }
            match accepted {
                Some(e) => {
                    covered[s..=e].iter_mut().for_each(|c| *c = true);
                    s = e + 1;
                }
                None => s += 1,
            }
        }
        if !self.options.partial {
            return;
        }
        let strong_or_acronym =
            |h: &TokenHit| matches!(h.kind, TokenKind::Strong | TokenKind::Acronym);
        for i in 0..n {
            let hit = &run[i];
            if covered[i] || !strong_or_acronym(hit) {
                continue;
            }
            let capital = if hit.kind == TokenKind::Acronym {
                segment.all_capitals(hit)
            } else {
                segment.capitalised(hit)
            };
            if !capital {
                continue;
            }
            // A lone token: no uncovered name word next to it (connectors skipped).
            let neighbour = |found: Option<usize>| {
                found.is_some_and(|j| !covered[j] && usable[j] && strong_or_acronym(&run[j]))
            };
            let word = |&j: &usize| run[j].kind != TokenKind::Connector;
            if neighbour((0..i).rev().find(word)) || neighbour((i + 1..n).find(word)) {
                continue;
            }
            self.partial(segment, hit);
        }
    }

    /// Screens one window; records its mentions and returns whether there were any.
    fn confirm(&mut self, segment: &SegmentView, window: &[TokenHit]) -> bool {
        let first = window[0];
        let last = window[window.len() - 1];
        let (start, _) = segment.range(&first);
        let (_, mut end) = segment.range(&last);
        // The dot of an abbreviated legal form belongs to the name ("Co., Ltd.").
        if last.kind == TokenKind::Affix && segment.text[end..].starts_with('.') {
            end += 1;
        }
        let span = &segment.text[start..end];
        let strong: Vec<&str> = window
            .iter()
            .filter(|h| h.kind == TokenKind::Strong)
            .map(|h| segment.word(h))
            .collect();
        let key: String = window
            .iter()
            .map(|h| segment.word(h))
            .collect::<Vec<_>>()
            .join(" ");
        let index = self.index;
        let options = self.options;
        let hits = self
            .cache
            .entry(format!("{key}\u{0}{span}"))
            .or_insert_with(|| {
                let search = SearchOptions {
                    limit: 10,
                    cutoff: options.threshold,
                    datasets: options.datasets.clone(),
                    ..SearchOptions::default()
                };
                index.search(&Prepared::new(&query(span)), &search)
            })
            .clone();
        // (hit, listed strong parts left unaligned)
        let mut accepted: Vec<(vetter_index::Hit, usize)> = Vec::new();
        for hit in hits {
            let Some(name) = &hit.result.explanation.name else {
                continue;
            };
            let aligned: Vec<&str> = name
                .alignment
                .iter()
                .flat_map(|a| a.query.split_whitespace())
                .collect();
            if !strong.iter().all(|t| aligned.contains(t)) {
                continue;
            }
            // A window never begins or ends with a word the listed name does not have.
            let query_only = |word: &str| {
                name.query_only
                    .iter()
                    .flat_map(|q| q.split_whitespace())
                    .any(|q| q == word)
            };
            if query_only(segment.word(&first)) || query_only(segment.word(&last)) {
                continue;
            }
            let candidate = index.prepared(hit.entity);
            let listed_strong_left = name
                .candidate_only
                .iter()
                .flat_map(|c| c.split_whitespace())
                .filter(|c| is_strong_part(candidate, c))
                .count();
            if strong.len() < 2 && !single_token_name(index, candidate, name, &strong) {
                continue;
            }
            accepted.push((hit, listed_strong_left));
        }
        // Prefer the listed names the window covers best: "Try Pheap" is the person
        // PHEAP, Try, not also TRY PHEAP GROUP CO., LTD.
        let fewest_left = accepted.iter().map(|(_, left)| *left).min();
        let best = accepted
            .iter()
            .map(|(h, _)| h.result.score)
            .fold(0.0f32, f32::max);
        let mut found = false;
        for (hit, left) in accepted {
            if Some(left) != fewest_left || hit.result.score < best - RUNNER_UP_MARGIN {
                continue;
            }
            let candidate = index.prepared(hit.entity);
            let coreferent = hit
                .result
                .explanation
                .name
                .as_ref()
                .map(|name| coreferent_tokens(index, candidate, name))
                .unwrap_or_default();
            self.drafts.push(Draft {
                byte_start: segment.base + start,
                byte_end: segment.base + end,
                entity: hit.entity,
                score: hit.result.score,
                explanation: hit.result.explanation,
                partial: false,
                refers_to: None,
                coreferent,
            });
            found = true;
        }
        found
    }

    /// Reports a lone token as a partial mention of the latest full mention it refers to.
    fn partial(&mut self, segment: &SegmentView, hit: &TokenHit) {
        let word = segment.word(hit);
        let (start, end) = segment.range(hit);
        let byte_start = segment.base + start;
        let Some(full) = self.drafts.iter().rposition(|d| {
            !d.partial && d.byte_end <= byte_start && d.coreferent.iter().any(|c| c == word)
        }) else {
            return;
        };
        let entity = self.drafts[full].entity;
        let span = &segment.text[start..end];
        let rarity = self.index.rarity();
        let result = vetter_matcher::score(
            &Prepared::weighed(&query(span), rarity),
            self.index.prepared(entity),
            rarity,
        );
        self.drafts.push(Draft {
            byte_start,
            byte_end: segment.base + end,
            entity,
            score: result.score,
            explanation: result.explanation,
            partial: true,
            refers_to: Some(full),
            coreferent: Vec::new(),
        });
    }

    fn finish(self, text: &str) -> Vec<Mention> {
        let ScanState { index, drafts, .. } = self;
        // Text order; partials keep pointing at their full mention.
        let mut order: Vec<usize> = (0..drafts.len()).collect();
        order.sort_by_key(|&i| (drafts[i].byte_start, drafts[i].byte_end, i));
        let mut position = vec![0usize; drafts.len()];
        for (new, &old) in order.iter().enumerate() {
            position[old] = new;
        }
        let mut chars = 0usize;
        let mut at = 0usize;
        let mut char_offset = |byte: usize| -> usize {
            if byte >= at {
                chars += text[at..byte].chars().count();
            } else {
                chars -= text[byte..at].chars().count();
            }
            at = byte;
            chars
        };
        let mut drafts: Vec<Option<Draft>> = drafts.into_iter().map(Some).collect();
        let mut out = Vec::with_capacity(drafts.len());
        for &old in &order {
            let d = drafts[old].take().expect("each draft once");
            let entity = &index.entities()[d.entity as usize];
            let start = char_offset(d.byte_start);
            let end = char_offset(d.byte_end);
            out.push(Mention {
                start,
                end,
                byte_start: d.byte_start,
                byte_end: d.byte_end,
                text: text[d.byte_start..d.byte_end].to_string(),
                entity: d.entity,
                entity_id: entity.id.clone(),
                caption: entity.caption().to_string(),
                score: d.score,
                explanation: d.explanation,
                partial: d.partial,
                refers_to: d.refers_to.map(|r| position[r]),
            });
        }
        out
    }
}

/// A window of one strong token is a full mention only of a listed name whose only strong
/// part is that very token, written out (no acronym, no fuzzy spelling), at least four
/// letters long and rare on the lists.
fn single_token_name(
    index: &Index,
    candidate: &Prepared,
    name: &vetter_matcher::NameComparison,
    strong: &[&str],
) -> bool {
    let [token] = strong else {
        return false;
    };
    let exact = name.alignment.len() == 1
        && name.alignment[0].query == *token
        && name.alignment[0].candidate == *token;
    let listed_strong = candidate
        .names
        .iter()
        .find(|n| n.name.original == name.candidate)
        .map_or(usize::MAX, |n| {
            n.name
                .parts
                .iter()
                .filter(|p| is_strong_role(p.role))
                .count()
        });
    exact
        && listed_strong == 1
        && token.len() >= 4
        && index.rarity().weight(token) >= SINGLE_MIN_WEIGHT
}

fn is_strong_part(prepared: &Prepared, text: &str) -> bool {
    prepared
        .names
        .iter()
        .flat_map(|n| n.name.parts.iter())
        .find(|p| p.text == text)
        .map_or(true, |p| is_strong_role(p.role))
}

/// The tokens that later refer back to a full mention: the distinctive (rare enough) name
/// words aligned on both sides, and the acronym of the matched organisation name.
fn coreferent_tokens(
    index: &Index,
    candidate: &Prepared,
    name: &vetter_matcher::NameComparison,
) -> Vec<String> {
    let rarity = index.rarity();
    let mut out: Vec<String> = Vec::new();
    for alignment in &name.alignment {
        for token in alignment
            .query
            .split_whitespace()
            .chain(alignment.candidate.split_whitespace())
        {
            if token.len() >= 3
                && is_strong_part(candidate, token)
                && rarity.weight(token) >= PARTIAL_MIN_WEIGHT
                && !out.iter().any(|t| t == token)
            {
                out.push(token.to_string());
            }
        }
    }
    if let Some(listed) = candidate
        .names
        .iter()
        .find(|n| n.name.original == name.candidate)
    {
        if let Some(acronym) = acronym(candidate.schema, &listed.name.parts) {
            out.push(acronym);
        }
    }
    out
}
