//! Suggested claims: a pure, rule-based reader that proposes the spans a teacher would mark as
//! claims, with a tag, a confidence, the claimant when the text names one, and its reasons.
//!
//! No network, no model: the cues are general linguistics kept as data (`en.json`): reporting,
//! agreement and dispute verbs with their inflections and negation, direct quotations (curly and
//! straight marks), "X said (that) CLAUSE", "according to X", "despite opposition from X", and
//! figures and dates. Precision matters more than recall: a suggestion is work for the teacher.
//!
//! Invariants:
//! - Every suggestion's range lies inside the text, starts and ends on grapheme boundaries, has
//!   no whitespace at either end, and no two suggestions overlap. They come in text order.
//! - Suggestions are values of their own, never annotations: accepting one is the app's act.
//! - Only English is read; a text in another language or script gets [`NotSupported`], not a
//!   guess. Headlines (short blocks without final punctuation) are not read.
//!
//! Tags: the proposed tag is one of the default ids `statement`, `agreement`, `dispute`. When the
//! open tag set lacks that id the suggestion still comes, with `tag: None` (accepting it uses
//! the set's first tag), so the spans help whatever the set.

mod analyse;
pub mod baseline;
mod claimant;
mod cues;
pub mod eval;
mod lexicon;
mod segment;

use crate::model::tags::{Tag, TagSet};
use crate::model::text::{CharRange, Document};

pub use lexicon::{Lexicon, Stance};

/// One suggested claim.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// Code points of the document text.
    pub range: CharRange,
    /// What the words say: a statement, an agreement or a dispute.
    pub stance: Stance,
    /// The tag proposed: the stance's default tag when the set has it.
    pub tag: Option<Tag>,
    /// 0–1: how sure the rules are.
    pub confidence: f32,
    /// Who makes the claim, as the text names them.
    pub claimant: Option<String>,
    pub reasons: Vec<Reason>,
}

/// Why a span was suggested. `app::messages` puts these into words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// A reporting verb introduces it ("said", "told … that").
    Reporting(String),
    /// A verb of agreeing ("agreed", "signed", "pledged").
    Agreeing(String),
    /// A verb of disputing ("denied", "rejected", "accused").
    Disputing(String),
    /// A negated stance verb ("did not agree").
    Negated(String),
    /// Someone's words that negate ("no basis"): a rebuttal.
    Negation(String),
    /// A direct quotation.
    Quotation,
    /// Attributed by a phrase ("according to").
    Attribution(String),
    /// A noun of stance after "despite" or "amid" ("opposition").
    StanceNoun(String),
    /// A figure, quantity or date in the report's own voice.
    Figure(String),
}

/// Why there are no suggestions for a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotSupported {
    /// Most letters are not Latin.
    Script,
    /// Latin letters, but not English words.
    Language,
}

impl Stance {
    /// The default tag for the stance.
    pub fn tag(self) -> Tag {
        match self {
            Stance::Report => Tag::STATEMENT,
            Stance::Agree => Tag::AGREEMENT,
            Stance::Dispute => Tag::DISPUTE,
        }
    }
}

/// The suggested claims of a document, in text order.
pub fn suggest(doc: &Document, tags: &TagSet) -> Result<Vec<Suggestion>, NotSupported> {
    language(doc.text())?;
    let lex = Lexicon::english();
    let mut out: Vec<Suggestion> = Vec::new();
    let mut last_person = None;
    let mut last_speaker = None;
    // The document's blocks are its non-empty lines, in order: their starts give the offsets.
    let lines = doc.text().split('\n').filter(|l| !l.is_empty());
    for (i, (line, block)) in lines.zip(doc.blocks()).enumerate() {
        let chars = block.range.start;
        if block.kind == crate::model::text::BlockKind::Heading || is_heading(line, i) {
            continue;
        }
        let mut reader = analyse::Reader::new(lex, line, last_person.take(), last_speaker.take());
        reader.read();
        last_person = reader.last_person.take();
        last_speaker = reader.last_speaker.take();
        let ascii = line.is_ascii();
        let mut here = Vec::with_capacity(reader.found.len());
        for f in reader.found {
            let to_chars = |b: usize| if ascii { b } else { line[..b].chars().count() };
            let Some(range) = CharRange::new(chars + to_chars(f.start), chars + to_chars(f.end))
            else {
                continue;
            };
            let Some(snapped) = doc.snap(range) else {
                continue;
            };
            here.push(Suggestion {
                range: snapped.range(),
                stance: f.stance,
                tag: Some(f.stance.tag()).filter(|t| tags.contains(*t)),
                confidence: (f.confidence * 100.0).round() / 100.0,
                claimant: f.claimant,
                reasons: f.reasons,
            });
        }
        // Blocks never overlap, so overlaps (from widening to graphemes) are within one.
        out.extend(without_overlaps(here));
    }
    Ok(out)
}

/// The blocks of a text (the runs between `\n`s) with the code-point offset of each.
pub(crate) fn blocks(text: &str) -> impl Iterator<Item = (&str, usize)> {
    let mut chars = 0;
    text.split('\n').filter_map(move |line| {
        let at = chars;
        chars += line.chars().count() + 1;
        (!line.is_empty()).then_some((line, at))
    })
}

/// A headline: the first block, or any short block, without final punctuation.
fn is_heading(line: &str, index: usize) -> bool {
    let trimmed = line.trim_end();
    let last = trimmed.chars().last().unwrap_or(' ');
    if matches!(last, '.' | '!' | '?' | '”' | '"' | '’' | ')' | ':' | '…') {
        return false;
    }
    let words = trimmed.split_whitespace().take(31).count();
    words <= 12 || (index == 0 && words <= 30)
}

/// Keeps the surer of two overlapping suggestions; text order. Quadratic: used per block.
fn without_overlaps(mut all: Vec<Suggestion>) -> Vec<Suggestion> {
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by(|&a, &b| {
        all[b]
            .confidence
            .total_cmp(&all[a].confidence)
            .then(all[a].range.start.cmp(&all[b].range.start))
    });
    let mut kept: Vec<usize> = Vec::new();
    for i in order {
        if kept.iter().all(|&k| !all[k].range.overlaps(all[i].range)) {
            kept.push(i);
        }
    }
    kept.sort_by_key(|&k| all[k].range.start);
    let mut slots: Vec<Option<Suggestion>> = all.drain(..).map(Some).collect();
    kept.into_iter().filter_map(|k| slots[k].take()).collect()
}

/// English or not: most letters Latin, and enough of the commonest English words.
pub fn language(text: &str) -> Result<(), NotSupported> {
    let mut letters = 0usize;
    let mut latin = 0usize;
    for c in text.chars().take(20_000) {
        if c.is_alphabetic() {
            letters += 1;
            let u = c as u32;
            if u < 0x250 || (0x1E00..0x1F00).contains(&u) {
                latin += 1;
            }
        }
    }
    if letters >= 20 && latin * 10 < letters * 6 {
        return Err(NotSupported::Script);
    }
    let lex = Lexicon::english();
    let mut words = 0usize;
    let mut common = 0usize;
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(3_000)
    {
        words += 1;
        if lex.function_words.contains(&w.to_lowercase()) {
            common += 1;
        }
    }
    if words >= 15 && common * 10 < words {
        return Err(NotSupported::Language);
    }
    Ok(())
}
