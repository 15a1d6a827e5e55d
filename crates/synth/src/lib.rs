//! Seeded synthetic articles, annotations and edits, for tests and benchmarks of re-anchoring.
//!
//! A dev-only crate (the root package has it as a native dev-dependency; the app never ships
//! it). It feeds the native re-anchoring tests (`tests/reanchor.rs`), the native benchmark
//! (`examples/bench_anchor.rs`) and, through its `bench_fixture` binary (see [`fixture`]), the
//! browser benchmark in `tests/bench/`, so every benchmark runs the same kind of case.
//!
//! Pure and deterministic: the same seed gives the same article, annotations and edit on every
//! platform. Nothing here reads a clock, the environment or a random-number crate, and no
//! floating point decides anything.
//!
//! Invariants:
//! - [`Edited::map`] says where every old code point went, or that it was deleted, so the true
//!   place of every annotation after an edit is known exactly.
//! - Generated annotation ranges are snapped (grapheme-aligned, non-empty, no whitespace at
//!   either end), lie inside one paragraph, and are sorted and distinct.

pub mod fixture;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use claimmark::model::text::{CharRange, Document};
use claimmark::model::{Annotation, Quote, Status, Tag, Timestamp};

/// Marsaglia's xorshift64* generator: small, fast, and the same everywhere.
#[derive(Clone, Debug)]
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> XorShift {
        // Any seed works, zero included: the state is never zero.
        XorShift(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True `per_mille` times in a thousand.
    pub fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// An article of `paragraphs` blocks separated by blank lines, about 340 code points each: mostly
/// English-like prose from a fixed vocabulary, with some headings, figures, accented and
/// non-Latin words (Greek, Cyrillic, CJK, Arabic, Devanagari, Hangul), combining marks and emoji
/// (ZWJ sequences, skin tones, flags, keycaps, variation selectors). As in real articles, a few
/// sentences are repeated word for word elsewhere.
pub fn article(seed: u64, paragraphs: usize) -> String {
    let mut rng = XorShift::new(seed);
    let mut text = String::with_capacity(paragraphs * 345);
    let mut said = Vec::new();
    for i in 0..paragraphs {
        if i > 0 {
            text.push_str("\n\n");
        }
        if i > 0 && rng.chance(40) {
            heading(&mut rng, &mut text);
        } else {
            let target = rng.between(80, 600);
            paragraph(&mut rng, &mut text, target, &mut said);
        }
    }
    text
}

/// Prose of about `chars` code points, as a paragraph would have.
pub fn prose(rng: &mut XorShift, chars: usize) -> String {
    let mut out = String::new();
    paragraph(rng, &mut out, chars, &mut Vec::new());
    out
}

/// Where generated annotations are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    /// Sorted by start, then end; no two the same.
    pub ranges: Vec<CharRange>,
    /// How many of them were placed to overlap another (the rest do not overlap each other).
    pub overlapping: usize,
}

/// The annotations' ranges: `count` snapped ranges of `min_len..=max_len` code points, most of
/// them short as highlights are (the length is `min_len` plus `u²` of the span, `u` uniform),
/// each inside one paragraph and starting and ending at word edges. All but `overlap_percent`
/// per cent are spread through the text in order, a gap of 0–3 words apart, never overlapping;
/// the others each overlap one of those (starting inside it, or up to 120 code points before).
pub fn annotation_ranges(
    seed: u64,
    doc: &Document,
    count: usize,
    min_len: usize,
    max_len: usize,
    overlap_percent: usize,
) -> Placement {
    let mut rng = XorShift::new(seed ^ 0xa11c_e5ed);
    let chars: Vec<char> = doc.text().chars().collect();
    let blocks = doc.blocks();
    let words: Vec<Vec<CharRange>> = blocks.iter().map(|b| words_of(&chars, b.range)).collect();
    let total: usize = blocks.iter().map(|b| b.range.len()).sum::<usize>().max(1);
    let spread = count - count * overlap_percent.min(100) / 100;

    // Spread: each block gets its share of the annotations by length, what one could not hold
    // going to the next.
    let mut placed: Vec<(CharRange, usize)> = Vec::with_capacity(count);
    let mut seen = 0;
    for (b, block) in blocks.iter().enumerate() {
        seen += block.range.len();
        let due = spread * seen / total;
        let words = &words[b];
        let mut k = 0;
        while placed.len() < due && k < words.len() {
            k += rng.below(4);
            if k >= words.len() {
                break;
            }
            let want = skewed_len(&mut rng, min_len, max_len);
            match span(words, k, want, min_len, max_len).and_then(|r| doc.snap(r)) {
                Some(snapped) => {
                    let range = snapped.range();
                    placed.push((range, b));
                    while k < words.len() && words[k].start < range.end {
                        k += 1;
                    }
                }
                None => k += 1,
            }
        }
    }

    // Overlapping: each over one of the spread ranges, never the same range twice.
    let wanted = count.saturating_sub(placed.len());
    let mut used = vec![false; placed.len()];
    let mut extra: Vec<CharRange> = Vec::with_capacity(wanted);
    let mut attempts = 0;
    while extra.len() < wanted && !placed.is_empty() && attempts < wanted * 50 + 100 {
        attempts += 1;
        let i = rng.below(placed.len());
        if used[i] {
            continue;
        }
        let (over, b) = placed[i];
        let words = &words[b];
        let inside: Vec<usize> = (0..words.len())
            .filter(|&k| over.start < words[k].start && words[k].start < over.end)
            .collect();
        let before: Vec<usize> = (0..words.len())
            .filter(|&k| words[k].start < over.start && words[k].start + 120 >= over.start)
            .collect();
        let prefer_before = rng.chance(500);
        let pool = if (prefer_before && !before.is_empty()) || inside.is_empty() {
            &before
        } else {
            &inside
        };
        if pool.is_empty() {
            continue;
        }
        let k = *rng.pick(pool);
        let want = skewed_len(&mut rng, min_len, max_len);
        let Some(range) = span(words, k, want, min_len, max_len)
            .and_then(|r| doc.snap(r))
            .map(|s| s.range())
        else {
            continue;
        };
        if range == over || !range.overlaps(over) || extra.contains(&range) {
            continue;
        }
        used[i] = true;
        extra.push(range);
    }

    let overlapping = extra.len();
    let mut ranges: Vec<CharRange> = placed.into_iter().map(|(r, _)| r).chain(extra).collect();
    ranges.sort();
    Placement {
        ranges,
        overlapping,
    }
}

/// The words of `block`: maximal runs of non-whitespace code points.
fn words_of(chars: &[char], block: CharRange) -> Vec<CharRange> {
    let mut out = Vec::new();
    let mut start = None;
    let then_end = chars[block.start..block.end].iter().map(Some).chain([None]);
    for (i, c) in (block.start..).zip(then_end) {
        let space = c.is_none_or(|c| c.is_whitespace());
        match (start, space) {
            (Some(s), true) => {
                out.push(CharRange { start: s, end: i });
                start = None;
            }
            (None, false) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// A length in `min..=max`, short more often than long: `min + (max - min)·u²`.
fn skewed_len(rng: &mut XorShift, min: usize, max: usize) -> usize {
    let u = rng.below(1001) as u64;
    min + (max.saturating_sub(min) as u64 * u * u / 1_000_000) as usize
}

/// The words from `words[from]` on, up to the first end at least `want` code points from its
/// start, never longer than `max`; `None` when that is shorter than `min`.
fn span(
    words: &[CharRange],
    from: usize,
    want: usize,
    min: usize,
    max: usize,
) -> Option<CharRange> {
    let start = words[from].start;
    let mut end = None;
    for w in &words[from..] {
        if w.end - start > max {
            break;
        }
        end = Some(w.end);
        if w.end - start >= want {
            break;
        }
    }
    end.filter(|&e| e - start >= min)
        .map(|end| CharRange { start, end })
}

/// What an edit does to a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EditPlan {
    /// Code points of prose inserted near the top (in the first 2% of the text).
    pub insert_chars: usize,
    /// Letters replaced, deleted or inserted, per 100,000 code points.
    pub typos_per_100k: usize,
    /// Paragraphs deleted, per cent.
    pub deleted_paragraphs_percent: usize,
    /// Paragraphs moved elsewhere, per cent (they get typos like the rest).
    pub moved_paragraphs_percent: usize,
}

impl EditPlan {
    /// The benchmark's edit: 200 characters inserted near the top, 0.2% of characters changed,
    /// 5% of paragraphs deleted.
    pub const REALISTIC: EditPlan = EditPlan {
        insert_chars: 200,
        typos_per_100k: 200,
        deleted_paragraphs_percent: 5,
        moved_paragraphs_percent: 0,
    };
}

/// An edited text and where each old code point went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edited {
    pub text: String,
    /// `map[i]` is the new offset of old code point `i`, or [`GONE`] when it was deleted.
    pub map: Vec<u32>,
}

/// The [`Edited::map`] entry of a deleted code point.
pub const GONE: u32 = u32::MAX;

impl Edited {
    /// Where an old range is now: from its first surviving code point to its last. `None` when
    /// all of it was deleted.
    pub fn range(&self, old: CharRange) -> Option<CharRange> {
        let survivors = self.map.get(old.start..old.end.min(self.map.len()))?;
        let first = *survivors.iter().find(|&&m| m != GONE)?;
        let last = *survivors.iter().rev().find(|&&m| m != GONE)?;
        Some(CharRange {
            start: first as usize,
            end: last as usize + 1,
        })
    }
}

/// Applies `plan` to `old`. The insertion never falls inside one of the `keep_whole` ranges.
pub fn edit(seed: u64, old: &Document, plan: EditPlan, keep_whole: &[CharRange]) -> Edited {
    let mut rng = XorShift::new(seed ^ 0xed17);
    let chars: Vec<char> = old.text().chars().collect();
    let n = chars.len();
    let blocks = old.blocks();
    let mut ops = vec![Op::Keep; n];

    // Whole paragraphs, each with the separator before it (after it, for the first).
    let deletions = blocks.len() * plan.deleted_paragraphs_percent / 100;
    let mut deleted = 0;
    let mut attempts = 0;
    while deleted < deletions && attempts < deletions * 20 {
        attempts += 1;
        let b = rng.below(blocks.len());
        let range = blocks[b].range;
        if ops[range.start] == Op::Delete {
            continue;
        }
        let from = if b > 0 {
            blocks[b - 1].range.end
        } else {
            range.start
        };
        let to = if b > 0 {
            range.end
        } else {
            blocks.get(1).map_or(range.end, |n| n.range.start)
        };
        ops[from..to].fill(Op::Delete);
        deleted += 1;
    }

    // Typos: letters only, so no grapheme is broken.
    let typos = n * plan.typos_per_100k / 100_000;
    let mut inserted: Vec<(usize, String)> = Vec::new();
    let mut made = 0;
    let mut attempts = 0;
    while made < typos && attempts < typos * 50 + 100 {
        attempts += 1;
        let at = rng.below(n);
        if ops[at] != Op::Keep || !chars[at].is_ascii_alphabetic() {
            continue;
        }
        let letter = char::from(b'a' + rng.below(26) as u8);
        match rng.below(100) {
            0..70 if letter != chars[at] => ops[at] = Op::Replace(letter),
            0..70 => continue,
            70..85 => ops[at] = Op::Delete,
            _ => {
                ops[at] = Op::Typed;
                inserted.push((at, letter.to_string()));
            }
        }
        made += 1;
    }

    // The insertion near the top, at a space, outside every range kept whole.
    if plan.insert_chars > 0 && n > 0 {
        let window = (n / 200)..(n / 50).max(n / 200 + 1).min(n);
        let mut at = None;
        for _ in 0..1000 {
            let p = rng.between(window.start, window.end - 1);
            let inside = keep_whole.iter().any(|r| r.start < p && p < r.end);
            if chars[p] == ' ' && ops[p] == Op::Keep && !inside {
                at = Some(p);
                break;
            }
        }
        if let Some(p) = at {
            let mut text = String::from(" ");
            text.push_str(prose(&mut rng, plan.insert_chars).trim_end_matches('.'));
            inserted.push((p, text.chars().take(plan.insert_chars).collect()));
        }
    }
    inserted.sort();

    // Units: each block with the separator before it; the first holds any text before it and
    // the last any text after it. Moving a unit (never the first) moves a paragraph.
    let mut units: Vec<Range<usize>> = blocks
        .iter()
        .enumerate()
        .map(|(b, block)| {
            if b == 0 {
                0..block.range.end
            } else {
                blocks[b - 1].range.end..block.range.end
            }
        })
        .collect();
    match units.last_mut() {
        Some(last) => last.end = n,
        None => units.push(0..n),
    }
    let mut order: Vec<usize> = (0..units.len()).collect();
    let moves = blocks.len() * plan.moved_paragraphs_percent / 100;
    for _ in 0..moves {
        let from = rng.between(1, order.len().saturating_sub(1).max(1));
        if from >= order.len() || ops[units[order[from]].end - 1] == Op::Delete {
            continue;
        }
        let unit = order.remove(from);
        let to = rng.between(1, order.len());
        order.insert(to, unit);
    }

    let mut text = String::with_capacity(old.text().len() + plan.insert_chars);
    let mut map = vec![GONE; n];
    let mut new_len = 0u32;
    let inserted: HashMap<usize, Vec<&str>> =
        inserted.iter().fold(HashMap::new(), |mut m, (at, s)| {
            m.entry(*at).or_default().push(s.as_str());
            m
        });
    for unit in order {
        for i in units[unit].clone() {
            for s in inserted.get(&i).into_iter().flatten() {
                text.push_str(s);
                new_len += s.chars().count() as u32;
            }
            match ops[i] {
                Op::Delete => {}
                Op::Replace(r) => {
                    map[i] = new_len;
                    text.push(r);
                    new_len += 1;
                }
                Op::Keep | Op::Typed => {
                    map[i] = new_len;
                    text.push(chars[i]);
                    new_len += 1;
                }
            }
        }
    }
    Edited { text, map }
}

/// A generated re-anchoring problem: an article, annotations on it (in text order), its edited
/// version, and where each annotation truly is after the edit (`None`: its passage was deleted).
#[derive(Clone, Debug)]
pub struct Case {
    pub old: Document,
    pub new: Document,
    pub annotations: Vec<Annotation>,
    pub truth: Vec<Option<CharRange>>,
    /// How many annotations were placed to overlap another.
    pub overlapping: usize,
}

/// The benchmark's case: an article of `paragraphs` paragraphs, `annotations` annotations of
/// 20–300 code points (10% of them overlapping another), and the [`EditPlan::REALISTIC`] edit.
pub fn case(seed: u64, paragraphs: usize, annotations: usize) -> Case {
    case_with(seed, paragraphs, annotations, EditPlan::REALISTIC)
}

/// The note of the annotations that have one (about 1 in 20).
pub const NOTE: &str = "Checked against the ministry\u{2019}s report; see the appendix.";

/// When the first annotation was made (2026-11-28T09:00:00Z); each next one a second later.
const FIRST_MADE_MILLIS: i64 = 1_795_856_400_000;

/// A case like [`case`]'s with another edit.
pub fn case_with(seed: u64, paragraphs: usize, annotations: usize, plan: EditPlan) -> Case {
    let old = Document::plain("Synthetic article", &article(seed, paragraphs));
    let placement = annotation_ranges(seed, &old, annotations, 20, 300, 10);
    let edited = edit(seed, &old, plan, &placement.ranges);
    let new = Document::plain("Synthetic article", &edited.text);
    let mut rng = XorShift::new(seed ^ 0x0de5);
    let annotations = placement
        .ranges
        .iter()
        .enumerate()
        .map(|(i, &range)| {
            let time = Timestamp::from_unix_millis(FIRST_MADE_MILLIS + 1000 * i as i64);
            Annotation {
                id: format!("urn:uuid:00000000-0000-4000-8000-{i:012}"),
                tag: [Tag::STATEMENT, Tag::AGREEMENT, Tag::DISPUTE][i % 3],
                range,
                quote: Quote::of(&old, range),
                status: Status::Anchored,
                note: if rng.chance(50) {
                    NOTE.to_string()
                } else {
                    String::new()
                },
                created: time.clone(),
                modified: time,
                creator: None,
                claim: Default::default(),
            }
        })
        .collect();
    let truth = placement.ranges.iter().map(|&r| edited.range(r)).collect();
    Case {
        old,
        new,
        annotations,
        truth,
        overlapping: placement.overlapping,
    }
}

/// How re-anchoring did on a case.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Annotations whose passage survived the edit.
    pub recoverable: usize,
    /// Placed within [`TOLERANCE`] of where the passage truly is.
    pub correct: usize,
    /// Placed anywhere else, or placed though the passage was deleted.
    pub wrong: usize,
    /// Orphaned though the passage survived.
    pub missed: usize,
    /// Orphaned because the passage was deleted: right.
    pub orphaned: usize,
}

/// How far a placement's ends may be from the truth and still count as correct.
pub const TOLERANCE: usize = 3;

impl Tally {
    /// The share of recoverable annotations placed correctly.
    pub fn recovered(&self) -> f64 {
        if self.recoverable == 0 {
            1.0
        } else {
            self.correct as f64 / self.recoverable as f64
        }
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} correct, {} wrong, {} orphaned rightly, {} orphaned though recoverable ({:.2}% of {} recoverable placed correctly)",
            self.correct,
            self.wrong,
            self.orphaned,
            self.missed,
            100.0 * self.recovered(),
            self.recoverable
        )
    }
}

/// Scores re-anchored annotations (in the case's order) against the truth.
pub fn tally(case: &Case, results: &[Annotation]) -> Tally {
    let mut t = Tally::default();
    for (truth, a) in case.truth.iter().zip(results) {
        t.recoverable += usize::from(truth.is_some());
        match (truth, a.is_orphaned()) {
            (Some(_), true) => t.missed += 1,
            (None, true) => t.orphaned += 1,
            (Some(r), false) if close(*r, a.range) => t.correct += 1,
            (_, false) => t.wrong += 1,
        }
    }
    t
}

/// Whether a placement is where the passage truly is, give or take [`TOLERANCE`] at each end.
pub fn close(truth: CharRange, placed: CharRange) -> bool {
    truth.start.abs_diff(placed.start) <= TOLERANCE && truth.end.abs_diff(placed.end) <= TOLERANCE
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Keep,
    Delete,
    Replace(char),
    /// Kept, with a letter typed before it.
    Typed,
}

const COMMON: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "on", "it", "with", "as",
    "by", "at", "from", "this", "be", "are", "were", "had", "have", "not", "but", "or", "which",
    "its", "their", "they", "an", "has",
];

const WORDS: &[&str] = &[
    "study",
    "council",
    "budget",
    "report",
    "evidence",
    "members",
    "water",
    "school",
    "teachers",
    "students",
    "river",
    "village",
    "market",
    "prices",
    "winter",
    "summer",
    "harvest",
    "doctors",
    "patients",
    "hospital",
    "trial",
    "results",
    "data",
    "survey",
    "minister",
    "election",
    "voters",
    "policy",
    "tax",
    "rates",
    "bridge",
    "railway",
    "station",
    "workers",
    "union",
    "strike",
    "factory",
    "energy",
    "solar",
    "wind",
    "coal",
    "emissions",
    "climate",
    "forest",
    "species",
    "birds",
    "fish",
    "coast",
    "storm",
    "flood",
    "drought",
    "farmers",
    "wheat",
    "rice",
    "coffee",
    "exports",
    "imports",
    "growth",
    "decline",
    "increase",
    "percent",
    "million",
    "thousand",
    "years",
    "months",
    "weeks",
    "city",
    "region",
    "province",
    "border",
    "agreement",
    "dispute",
    "court",
    "judge",
    "ruling",
    "appeal",
    "law",
    "rights",
    "press",
    "journalists",
    "archive",
    "letters",
    "museum",
    "history",
    "century",
    "war",
    "peace",
    "treaty",
    "army",
    "navy",
    "harbour",
    "ships",
    "trade",
    "bank",
    "loans",
    "debt",
    "interest",
    "inflation",
    "housing",
    "rents",
    "families",
    "children",
    "parents",
    "health",
    "vaccine",
    "disease",
    "mortality",
    "survival",
    "research",
    "scientists",
    "university",
    "laboratory",
    "experiment",
    "measured",
    "found",
    "showed",
    "claimed",
    "argued",
    "reported",
    "announced",
    "denied",
    "confirmed",
    "estimated",
    "rose",
    "fell",
    "doubled",
    "halved",
    "remained",
    "became",
    "built",
    "opened",
    "closed",
    "moved",
    "began",
    "ended",
    "said",
    "wrote",
    "published",
    "early",
    "late",
    "new",
    "old",
    "large",
    "small",
    "local",
    "national",
    "public",
    "private",
    "official",
    "recent",
    "first",
    "second",
    "last",
    "major",
    "minor",
    "rapid",
    "slow",
    "strong",
    "weak",
    "high",
    "low",
    "most",
    "few",
    "several",
    "many",
    "some",
    "every",
    "each",
    "other",
    "such",
    "later",
    "however",
    "although",
    "because",
    "while",
    "after",
    "before",
    "during",
    "since",
    "until",
    "between",
    "against",
    "across",
    "through",
    "without",
];

const FOREIGN: &[&str] = &[
    "café",
    "naïve",
    "Zürich",
    "São Paulo",
    "Kraków",
    "résumé",
    "Ελλάδα",
    "Москва",
    "東京",
    "مرحبا بالعالم",
    "e\u{301}te\u{301}",
    "n\u{303}andu\u{301}",
    "👍🏽",
    "👨\u{200d}👩\u{200d}👧",
    "👩🏽\u{200d}🔬",
    "🇫🇷",
    "😀",
    "Łódź",
    "İstanbul",
    "北京",
    "서울",
    "हिन्दी",
    "القاهرة",
    "1\u{fe0f}\u{20e3}",
    "❤\u{fe0f}",
    "🏳\u{fe0f}\u{200d}🌈",
    "🇨🇭",
];

/// Figures, as articles quote them.
const NUMBERS: &[&str] = &[
    "3", "12", "40", "250", "980", "1,200", "2026", "3.5", "0.7%", "15%", "98%", "40%",
];

fn word(rng: &mut XorShift) -> &'static str {
    // About 1 word in 30: most paragraphs hold something that is not ASCII.
    if rng.chance(35) {
        return FOREIGN[rng.below(FOREIGN.len())];
    }
    if rng.chance(15) {
        return NUMBERS[rng.below(NUMBERS.len())];
    }
    if rng.chance(450) {
        return COMMON[rng.below(COMMON.len())];
    }
    // Skewed towards the start of the list, as real word frequencies are.
    let (a, b) = (rng.below(WORDS.len()), rng.below(WORDS.len()));
    WORDS[a.min(b)]
}

/// Appends sentences until the paragraph has about `target` code points. `said` remembers
/// sentences so that a few can be repeated.
fn paragraph(rng: &mut XorShift, out: &mut String, target: usize, said: &mut Vec<String>) {
    let start = out.len();
    let mut chars = 0;
    while chars < target {
        if chars > 0 {
            out.push(' ');
            chars += 1;
        }
        if !said.is_empty() && rng.chance(25) {
            let sentence = rng.pick(said).clone();
            chars += sentence.chars().count();
            out.push_str(&sentence);
            continue;
        }
        let sentence_start = out.len();
        let words = rng.between(6, 18);
        for w in 0..words {
            let word = word(rng);
            if w == 0 {
                let mut letters = word.chars();
                if let Some(first) = letters.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(letters.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(word);
                chars += 1;
            }
            chars += word.chars().count();
            if w + 1 < words && rng.chance(60) {
                out.push(',');
                chars += 1;
            }
        }
        out.push('.');
        chars += 1;
        let sentence = out[sentence_start..].to_string();
        if said.len() < 4096 {
            said.push(sentence);
        } else {
            let i = rng.below(said.len());
            said[i] = sentence;
        }
    }
    debug_assert!(out.len() > start);
}

fn heading(rng: &mut XorShift, out: &mut String) {
    let words = rng.between(2, 6);
    for w in 0..words {
        if w > 0 {
            out.push(' ');
        }
        let word = word(rng);
        let mut letters = word.chars();
        if let Some(first) = letters.next() {
            out.extend(first.to_uppercase());
            out.push_str(letters.as_str());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_case() {
        let (a, b) = (case(7, 40, 30), case(7, 40, 30));
        assert_eq!(a.old, b.old);
        assert_eq!(a.new, b.new);
        assert_eq!(a.annotations, b.annotations);
        assert_ne!(case(8, 40, 30).old, a.old);
    }

    #[test]
    fn the_map_says_where_each_code_point_went() {
        let c = case(3, 60, 50);
        let edited = edit(3, &c.old, EditPlan::REALISTIC, &[]);
        let old: Vec<char> = c.old.text().chars().collect();
        let new: Vec<char> = edited.text.chars().collect();
        let mut kept = 0;
        for (i, &m) in edited.map.iter().enumerate() {
            if m != GONE {
                kept += 1;
                // Kept code points are equal unless a typo replaced a letter.
                let c = new[m as usize];
                assert!(c == old[i] || (c.is_ascii_lowercase() && old[i].is_ascii_alphabetic()));
            }
        }
        assert!(kept > old.len() * 9 / 10);
        for (a, truth) in c.annotations.iter().zip(&c.truth) {
            assert!(c.old.is_grapheme_aligned(a.range) && !a.range.is_empty());
            if let Some(t) = truth {
                assert!(t.end <= c.new.char_len());
            }
        }
    }

    #[test]
    fn a_tenth_of_the_annotations_overlap_another() {
        let c = case(5, 400, 600);
        assert_eq!(c.annotations.len(), 600);
        assert_eq!(c.overlapping, 60);
        let ranges: Vec<CharRange> = c.annotations.iter().map(|a| a.range).collect();
        assert!(
            ranges.windows(2).all(|w| w[0] < w[1]),
            "sorted and distinct"
        );
        let overlapping = ranges
            .iter()
            .enumerate()
            .filter(|&(i, r)| {
                ranges
                    .iter()
                    .enumerate()
                    .any(|(j, o)| i != j && r.overlaps(*o))
            })
            .count();
        // Each added range overlaps at least its own one; the spread ones never each other.
        assert!((60..=180).contains(&overlapping), "{overlapping}");
        for r in &ranges {
            assert!((20..=300).contains(&r.len()), "{r:?}");
            let block = c.old.blocks()[c.old.block_at(r.start)].range;
            assert!(block.start <= r.start && r.end <= block.end);
        }
        let mean = ranges.iter().map(|r| r.len()).sum::<usize>() / ranges.len();
        assert!((80..=160).contains(&mean), "mean length {mean}");
    }

    #[test]
    fn an_article_of_three_thousand_paragraphs_is_about_a_megabyte() {
        let text = article(1, 3000);
        let chars = text.chars().count();
        assert!((900_000..1_200_000).contains(&chars), "{chars} code points");
        assert!(text.contains('👍'));
    }
}
