//! Anchoring: finding where a quote belongs in a text, and re-anchoring every annotation after
//! the text changed.
//!
//! For one quote ([`anchor`], [`Anchorer`]) the order of evidence is:
//! 1. the stored position, when the text there equals the quote;
//! 2. exact occurrences of the quote, choosing between repeats by how much of the prefix and
//!    suffix match, then by distance from the stored position;
//! 3. approximate occurrences (Myers' bit-parallel search, [`super::myers`]) with at most a
//!    quarter of the quote edited, near the stored position first and in the whole text only if
//!    needed, accepted only when quote, prefix and suffix together clearly agree.
//!
//! After an edit, [`reanchor_all`] knows the old text too. It aligns old and new (see `align`:
//! paragraphs matched by content, then the changed ones diffed) and reads each annotation
//! through that alignment before it searches anything:
//! 1. the old range maps onto new text equal to the quote: anchored, with no search;
//! 2. at least half of the old range survives: the best approximate occurrence over what it
//!    became, if no more than a quarter of the quote changed;
//! 3. otherwise the passage was deleted or rewritten. It is looked for only in text the
//!    alignment does not explain: text that stood elsewhere before the edit is another passage,
//!    however alike. A match where the passage stood needs the quote (or the quote and one side
//!    of its context) to agree; anywhere else, quote, prefix and suffix together must.
//!
//! Invariants:
//! - A placement is non-empty and grapheme-aligned. `Anchored` means the text there equals the
//!   quote, at its stored position or where the alignment carried it. `Relocated { score }`
//!   means it was found by searching, maybe in changed text (the caller refreshes the quote);
//!   `score` is the share of the quote (and, away from where it stood, of its context) that
//!   agrees.
//! - A match below the thresholds is an orphan, never a guess.
//! - No input makes these functions panic, and their work is bounded: past a budget,
//!   whole-text approximate searches are skipped and the annotation is orphaned.

mod align;
mod indexed;

use std::cell::{Cell, OnceCell};
use std::cmp::Reverse;
use std::sync::Arc;

use super::annotation::{Annotation, Quote, Status};
use super::myers::{Hit, Pattern, Searcher, Start};
use super::text::{CharRange, Document};
use align::{Aligner, Alignment};
use indexed::{Index, Indexed};

/// Where a quote was placed, and how sure that is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    pub range: CharRange,
    pub status: Status,
}

/// Places `quote` in `doc`. `hint` is where it was before (a stored position).
pub fn anchor(doc: &Document, quote: &Quote, hint: Option<CharRange>) -> Option<Placement> {
    Anchorer::new(doc).anchor(quote, hint)
}

/// Every annotation re-anchored after the text changed from `old` to `new`, in the same order.
/// A placed annotation gets its new range, its quote taken afresh from `new` (as [`Quote::of`])
/// and its status; one that cannot be placed keeps everything else and becomes
/// [`Status::Orphaned`].
pub fn reanchor_all(old: &Document, new: &Document, annotations: &[Annotation]) -> Vec<Annotation> {
    let mut progress = Progress::default();
    while !progress.step(old, new, annotations, usize::MAX) {}
    progress.out
}

/// [`reanchor_all`] a piece at a time, so that a caller can let other work run between the
/// pieces: indexing the texts, aligning them, then placing a few annotations at a time. Any cut
/// of the steps gives what `reanchor_all` gives.
#[derive(Clone, Debug)]
pub struct Reanchoring {
    old: Arc<Document>,
    new: Arc<Document>,
    from: Vec<Annotation>,
    progress: Progress,
}

impl Reanchoring {
    /// Re-anchoring `annotations`, placed in `old`, into `new`.
    pub fn new(old: Arc<Document>, new: Arc<Document>, annotations: Vec<Annotation>) -> Self {
        Reanchoring {
            old,
            new,
            from: annotations,
            progress: Progress::default(),
        }
    }

    /// Does the next piece of the work: indexes the texts, or aligns them, or places up to `n`
    /// annotations. `true` once every annotation is placed.
    pub fn step(&mut self, n: usize) -> bool {
        self.progress.step(&self.old, &self.new, &self.from, n)
    }

    /// How many annotations are placed, of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.progress.out.len(), self.from.len())
    }

    /// The text the annotations were placed in.
    pub fn old(&self) -> &Arc<Document> {
        &self.old
    }

    /// The text the annotations are placed into.
    pub fn new_doc(&self) -> &Arc<Document> {
        &self.new
    }

    /// The annotations as they were in the old text.
    pub fn from(&self) -> &[Annotation] {
        &self.from
    }

    /// The new text and every annotation re-anchored in it (the rest of the work done first).
    pub fn finish(mut self) -> (Arc<Document>, Vec<Annotation>) {
        while !self.step(usize::MAX) {}
        (self.new, self.progress.out)
    }
}

/// Two re-anchorings are equal when they move the same annotations between the same texts and
/// are as far along.
impl PartialEq for Reanchoring {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.old, &other.old)
            && Arc::ptr_eq(&self.new, &other.new)
            && self.from == other.from
            && self.progress.out == other.progress.out
    }
}

/// Where a re-anchoring is: what is built so far and the annotations placed.
#[derive(Clone, Debug, Default)]
struct Progress {
    stage: Stage,
    out: Vec<Annotation>,
    work: Cell<u64>,
}

#[derive(Clone, Debug, Default)]
enum Stage {
    #[default]
    Start,
    Indexed {
        old_chars: Vec<char>,
        index: Index,
    },
    Aligning {
        old_chars: Vec<char>,
        index: Index,
        aligner: Aligner,
    },
    Aligned {
        index: Index,
        alignment: Alignment,
    },
}

/// How many blocks (paragraphs) one step aligns.
const ALIGN_BLOCKS: usize = 300;

impl Progress {
    fn step(&mut self, old: &Document, new: &Document, from: &[Annotation], n: usize) -> bool {
        if self.out.len() >= from.len() {
            return true;
        }
        match std::mem::take(&mut self.stage) {
            Stage::Start => {
                self.stage = Stage::Indexed {
                    old_chars: old.text().chars().collect(),
                    index: Index::of(new),
                };
                false
            }
            Stage::Indexed { old_chars, index } => {
                let aligner = Aligner::new(old, new, &old_chars, index.chars());
                self.stage = Stage::Aligning {
                    old_chars,
                    index,
                    aligner,
                };
                false
            }
            Stage::Aligning {
                old_chars,
                index,
                mut aligner,
            } => {
                let blocks = if n == usize::MAX { n } else { ALIGN_BLOCKS };
                self.stage = if aligner.step(&old_chars, index.chars(), blocks) {
                    let alignment = aligner.finish(&old_chars, index.chars());
                    Stage::Aligned { index, alignment }
                } else {
                    Stage::Aligning {
                        old_chars,
                        index,
                        aligner,
                    }
                };
                false
            }
            Stage::Aligned { index, alignment } => {
                let engine = Reanchorer {
                    old,
                    text: index.over(new),
                    alignment: &alignment,
                    work: &self.work,
                };
                let next = &from[self.out.len()..];
                self.out
                    .extend(next.iter().take(n.max(1)).map(|a| engine.reanchored(a)));
                self.stage = Stage::Aligned { index, alignment };
                self.out.len() >= from.len()
            }
        }
    }
}

/// Anchors quotes in one document without knowing the text they were made on (imports, say).
/// One anchorer used for many quotes indexes the text once, and only if a quote needs an
/// approximate search.
pub struct Anchorer<'a> {
    doc: &'a Document,
    text: OnceCell<Index>,
}

impl<'a> Anchorer<'a> {
    pub fn new(doc: &'a Document) -> Anchorer<'a> {
        Anchorer {
            doc,
            text: OnceCell::new(),
        }
    }

    /// Places `quote`; `hint` is where it was before (a stored position).
    pub fn anchor(&self, quote: &Quote, hint: Option<CharRange>) -> Option<Placement> {
        if quote.exact.is_empty() {
            return None;
        }
        if let Some(h) = hint {
            if placeable(self.doc, h) && self.doc.slice(h) == quote.exact {
                return Some(Placement {
                    range: h,
                    status: Status::Anchored,
                });
            }
        }
        // Only a quote that is not where its position says needs searching for.
        let needle = Needle::new(quote)?;
        if let Some(range) = self.exact(&needle, hint.map(|h| h.start)) {
            let context = |r: CharRange| self.doc.slice(r).chars().collect::<Vec<char>>();
            let score = evidence(&needle, range, 0, context).score();
            return Some(Placement {
                range,
                status: Status::Relocated { score },
            });
        }
        self.approximate(&needle, hint)
    }

    /// The best exact occurrence: most context matching, then nearest to `near`.
    fn exact(&self, needle: &Needle, near: Option<usize>) -> Option<CharRange> {
        let (doc, quote) = (self.doc, needle.quote);
        let text = doc.text();
        let mut best: Option<((usize, Reverse<usize>), CharRange)> = None;
        for (byte, _) in text.match_indices(quote.exact.as_str()) {
            let start = doc.char_offset_of_byte(byte);
            let range = CharRange {
                start,
                end: start + needle.len(),
            };
            if !doc.is_grapheme_aligned(range) {
                continue;
            }
            let context = common_suffix(&text[..byte], &quote.prefix)
                + common_prefix(&text[byte + quote.exact.len()..], &quote.suffix);
            let key = (context, Reverse(near.map_or(0, |n| n.abs_diff(start))));
            if best.as_ref().is_none_or(|(k, _)| key > *k) {
                best = Some((key, range));
            }
        }
        best.map(|(_, r)| r)
    }

    /// The best approximate occurrence that quote and context clearly support: near the hint
    /// first, then anywhere.
    fn approximate(&self, needle: &Needle, hint: Option<CharRange>) -> Option<Placement> {
        let max_edits = search_edits(needle.len());
        if max_edits == 0 {
            return None;
        }
        let text = self.text.get_or_init(|| Index::of(self.doc)).over(self.doc);
        let mut windows = Vec::new();
        if let Some(h) = hint {
            windows.push(widen(h, 2 * needle.len() + 512, text.len()));
        }
        windows.push(CharRange {
            start: 0,
            end: text.len(),
        });
        let work = Cell::new(0);
        for window in windows {
            let cost = needle.cost(window.len());
            if cost > SCAN_LIMIT || !spend(&work, cost) {
                continue;
            }
            let hits = hits_in(needle, text.chars(), window, max_edits, 64);
            let near = hint.map(|h| h.start);
            let accept = |_, ev: Evidence| ev.convincing();
            if let Some((range, score)) =
                best_supported(&text, needle, &hits, max_edits, near, accept)
            {
                return Some(Placement {
                    range,
                    status: Status::Relocated { score },
                });
            }
        }
        None
    }
}

/// At most this share (numerator, denominator) of a quote may be edited in a match: a quarter.
const SEARCH_EDITS: (usize, usize) = (1, 4);
/// Where the alignment says the passage went, a short quote may have this many edits even when
/// that is more than [`SEARCH_EDITS`] allows (two letters swapped in a short word are two edits).
const IMAGE_MIN_EDITS: usize = 2;
/// At most this share of quote, prefix and suffix together may be edited in a match found away
/// from where the passage stood.
const ALL_EDITS: (usize, usize) = (1, 5);
/// A searched match must agree with quote and context on at least this many code points.
const MIN_AGREEING: usize = 24;
/// At most this many code points of each side's context are compared.
const CONTEXT_MAX: usize = 64;
/// The most work (block updates of Myers' search) one scan may take.
const SCAN_LIMIT: u64 = 1 << 26;
/// The most work wide searches may take in all, per quote for an anchorer and per call of
/// `reanchor_all`.
const WORK_LIMIT: u64 = 1 << 26;

/// Re-anchors annotations from an old text into a new one through their alignment.
struct Reanchorer<'a> {
    old: &'a Document,
    text: Indexed<'a>,
    alignment: &'a Alignment,
    work: &'a Cell<u64>,
}

impl Reanchorer<'_> {
    /// The annotation placed in the new text, or orphaned.
    fn reanchored(&self, a: &Annotation) -> Annotation {
        match self.place(a) {
            Some(p) => Annotation {
                range: p.range,
                quote: self.text.quote(p.range),
                status: p.status,
                ..a.clone()
            },
            None => Annotation {
                status: Status::Orphaned,
                ..a.clone()
            },
        }
    }

    fn place(&self, a: &Annotation) -> Option<Placement> {
        let needle = Needle::new(&a.quote)?;
        let own = self.old_range(a);
        let mut near = a.range.start;
        let mut predicted = None;
        if let Some(own) = own {
            let image = self.alignment.image(own);
            near = self.alignment.project(own.start);
            if let Some(p) = image.predicted {
                near = p.start;
                if self.quote_at(&needle, p) {
                    return Some(Placement {
                        range: p,
                        status: Status::Anchored,
                    });
                }
                if image.survived * 2 >= own.len() {
                    if let Some(placement) = self.near_image(&needle, own, p) {
                        return Some(placement);
                    }
                }
                predicted = (image.survived > 0).then_some(p);
            }
        }
        self.search_unexplained(&needle, own, predicted, near)
    }

    /// Where the annotation was in the old text: its stored range when the quote is there,
    /// otherwise the quote's best exact occurrence; `None` for orphans.
    fn old_range(&self, a: &Annotation) -> Option<CharRange> {
        if a.is_orphaned() {
            return None;
        }
        let r = a.range;
        if r.start < r.end && r.end <= self.old.char_len() && self.old.slice(r) == a.quote.exact {
            return Some(r);
        }
        let needle = Needle::new(&a.quote)?;
        Anchorer::new(self.old).exact(&needle, Some(r.start))
    }

    fn quote_at(&self, needle: &Needle, range: CharRange) -> bool {
        range.start < range.end
            && self.text.chars().get(range.start..range.end) == Some(&needle.chars[..])
            && self.text.is_grapheme_aligned(range)
    }

    /// Most of the passage survives around `predicted`: the closest match over what it became.
    fn near_image(
        &self,
        needle: &Needle,
        own: CharRange,
        predicted: CharRange,
    ) -> Option<Placement> {
        let m = needle.len();
        let window = widen(predicted, m / 4 + 8, self.text.len());
        let max_edits = search_edits(m).max(IMAGE_MIN_EDITS.min(m / 3));
        if needle.cost(window.len()) > SCAN_LIMIT {
            return self.huge_image(needle, own, predicted);
        }
        let mut hits = hits_in(needle, self.text.chars(), window, max_edits, 16);
        hits.sort_by_key(|h| (h.distance, h.start.abs_diff(predicted.start)));
        let own = widen(own, 4, usize::MAX);
        for hit in hits {
            let Some((range, edits)) = settle(&self.text, needle, hit) else {
                continue;
            };
            // The match must be the passage's image: mostly over the predicted range, and not
            // text that stood elsewhere before the edit.
            let over_image =
                range.intersection_len(predicted) * 2 >= range.len().min(predicted.len());
            if edits > max_edits
                || !over_image
                || self.alignment.foreign(range, Some(own)) * 4 > range.len()
            {
                continue;
            }
            let status = if edits == 0 {
                Status::Anchored
            } else {
                Status::Relocated {
                    score: 1.0 - edits as f32 / m.max(range.len()) as f32,
                }
            };
            return Some(Placement { range, status });
        }
        None
    }

    /// A quote too long to search for: placed over its predicted image when at least three
    /// quarters of it survive there.
    fn huge_image(
        &self,
        needle: &Needle,
        own: CharRange,
        predicted: CharRange,
    ) -> Option<Placement> {
        let survived = self.alignment.image(own).survived;
        let range = self.text.snap(predicted)?;
        (survived * 4 >= needle.len() * 3).then(|| Placement {
            range,
            status: Status::Relocated {
                score: survived as f32 / needle.len().max(range.len()) as f32,
            },
        })
    }

    /// The passage is gone from where it was. Searches, in turn: around what is left of it;
    /// the text the alignment does not explain near where it stood; that text anywhere.
    fn search_unexplained(
        &self,
        needle: &Needle,
        own: Option<CharRange>,
        predicted: Option<CharRange>,
        near: usize,
    ) -> Option<Placement> {
        let m = needle.len();
        let max_edits = search_edits(m);
        let len = self.text.len();
        let pad = m / 4 + 8;
        let reach = widen(
            CharRange {
                start: near,
                end: near,
            },
            2 * m + 512,
            len,
        );
        let regions = self
            .alignment
            .unexplained()
            .iter()
            .filter(|r| 2 * r.len() >= m);
        let (close, far): (Vec<CharRange>, Vec<CharRange>) =
            regions.partition(|r| r.overlaps(reach));
        let clip = |r: CharRange| CharRange {
            start: r.start.max(reach.start),
            end: r.end.min(reach.end),
        };
        let stages = [
            predicted
                .map(|p| widen(p, m / 2 + 32, len))
                .into_iter()
                .collect(),
            merge(close.iter().map(|&r| widen(r, pad, len)).map(clip)),
            merge(far.iter().map(|&r| widen(r, pad, len))),
        ];
        // Where the passage stood, the text that replaced it needs less support from context.
        let in_place = own.map(|o| widen(self.alignment.gap(o), 2, len));
        let own = own.map(|o| widen(o, 4, usize::MAX));
        let accept = |range: CharRange, ev: Evidence| {
            let inside = in_place.is_some_and(|g| g.start <= range.start && range.end <= g.end);
            self.alignment.foreign(range, own) * 4 <= range.len()
                && if inside {
                    ev.plausible_in_place()
                } else {
                    ev.convincing()
                }
        };
        for (stage, windows) in stages.iter().enumerate() {
            let mut hits = Vec::new();
            for &window in windows {
                let cost = needle.cost(window.len());
                if cost > SCAN_LIMIT || (stage == 2 && !spend(self.work, cost)) {
                    continue;
                }
                hits.extend(hits_in(needle, self.text.chars(), window, max_edits, 32));
            }
            if let Some((range, score)) =
                best_supported(&self.text, needle, &hits, max_edits, Some(near), accept)
            {
                return Some(Placement {
                    range,
                    status: Status::Relocated { score },
                });
            }
        }
        None
    }
}

/// A quote prepared for searching.
struct Needle<'q> {
    quote: &'q Quote,
    chars: Vec<char>,
    /// Built when first needed: a long quote that maps straight onto its text never needs it.
    searcher: OnceCell<Searcher>,
    /// The end of the quote's prefix and the start of its suffix, at most [`CONTEXT_MAX`] each.
    prefix: Pattern,
    suffix: Pattern,
    /// Whether the quote starts (ends) at a word boundary, as selections usually do: matches
    /// that tie are then cut at word boundaries too.
    starts_at_boundary: bool,
    ends_at_boundary: bool,
}

impl<'q> Needle<'q> {
    /// `None` for an empty quote, which cannot be placed.
    fn new(quote: &'q Quote) -> Option<Needle<'q>> {
        let chars: Vec<char> = quote.exact.chars().collect();
        let (&first, &last) = (chars.first()?, chars.last()?);
        let prefix: Vec<char> = quote.prefix.chars().collect();
        let prefix = &prefix[prefix.len().saturating_sub(CONTEXT_MAX)..];
        let suffix: Vec<char> = quote.suffix.chars().take(CONTEXT_MAX).collect();
        Some(Needle {
            quote,
            searcher: OnceCell::new(),
            starts_at_boundary: prefix.last().is_none_or(|&p| is_word(p) != is_word(first)),
            ends_at_boundary: suffix.first().is_none_or(|&s| is_word(s) != is_word(last)),
            chars,
            prefix: Pattern::new(prefix),
            suffix: Pattern::new(&suffix),
        })
    }

    fn len(&self) -> usize {
        self.chars.len()
    }

    fn searcher(&self) -> &Searcher {
        self.searcher.get_or_init(|| Searcher::new(&self.chars))
    }

    /// The work of scanning `len` code points for the quote, in block updates.
    fn cost(&self, len: usize) -> u64 {
        (self.len().div_ceil(64) as u64).saturating_mul(len as u64)
    }
}

/// How well a range matches a quote and its context: (length, edits) of each part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Evidence {
    quote: (usize, usize),
    prefix: (usize, usize),
    suffix: (usize, usize),
}

impl Evidence {
    /// The share of quote and context that agrees, from 0 to 1.
    fn score(self) -> f32 {
        let total = self.quote.0 + self.prefix.0 + self.suffix.0;
        let edits = self.quote.1 + self.prefix.1 + self.suffix.1;
        1.0 - edits as f32 / total.max(1) as f32
    }

    /// Whether a match away from where the passage stood is clear enough: the quote is little
    /// edited, and either it speaks for itself (long and barely edited, or fairly long with no
    /// context recorded to agree or disagree), or quote and context together agree with few
    /// edits and at least one side's context agrees.
    fn convincing(self) -> bool {
        let (m, quote_edits) = self.quote;
        let total = m + self.prefix.0 + self.suffix.0;
        let edits = quote_edits + self.prefix.1 + self.suffix.1;
        let no_context = self.prefix.0 == 0 && self.suffix.0 == 0;
        let speaks_for_itself = quote_edits * 8 <= m && (m >= 64 || (no_context && m >= 32));
        let context_agrees = edits * ALL_EDITS.1 <= total * ALL_EDITS.0
            && (side_agrees(self.prefix) || side_agrees(self.suffix));
        quote_edits * SEARCH_EDITS.1 <= m * SEARCH_EDITS.0
            && total - edits.min(total) >= MIN_AGREEING
            && (speaks_for_itself || context_agrees)
    }

    /// Whether a match in the text that replaced the passage, where it stood, is clear enough:
    /// the quote is little edited and agrees on enough code points by itself, or together with
    /// one side of its context that agrees.
    fn plausible_in_place(self) -> bool {
        let (m, quote_edits) = self.quote;
        let with = |side: (usize, usize)| {
            side_agrees(side) && agreeing(self.quote) + agreeing(side) >= MIN_AGREEING
        };
        quote_edits * SEARCH_EDITS.1 <= m * SEARCH_EDITS.0
            && (agreeing(self.quote) >= MIN_AGREEING || with(self.prefix) || with(self.suffix))
    }
}

/// Whether one side's context, (length, edits), is there and little edited.
fn side_agrees((len, edits): (usize, usize)) -> bool {
    len > 0 && edits * 4 <= len
}

/// How many code points of a part, (length, edits), agree.
fn agreeing((len, edits): (usize, usize)) -> usize {
    len - edits.min(len)
}

/// The quote and context evidence for placing the needle at `range`; `text` gives the code
/// points of a range of the text, cut off at its ends.
fn evidence(
    needle: &Needle,
    range: CharRange,
    quote_edits: usize,
    text: impl Fn(CharRange) -> Vec<char>,
) -> Evidence {
    let (lp, ls) = (needle.prefix.len(), needle.suffix.len());
    let before = text(CharRange {
        start: range.start.saturating_sub(lp + lp / 2 + 8),
        end: range.start,
    });
    let after = text(CharRange {
        start: range.end,
        end: range.end.saturating_add(ls + ls / 2 + 8),
    });
    // The prefix must end where the range starts; the suffix must start where it ends.
    let mut prefix_edits = lp;
    needle
        .prefix
        .scan(&before, Start::Anywhere, |_, d| prefix_edits = d);
    let mut suffix_edits = ls;
    needle.suffix.scan(&after, Start::AtTextStart, |_, d| {
        suffix_edits = suffix_edits.min(d)
    });
    Evidence {
        quote: (needle.len(), quote_edits),
        prefix: (lp, prefix_edits),
        suffix: (ls, suffix_edits),
    }
}

/// The approximate occurrences of the needle in `window` of `chars`, with positions in `chars`.
/// Of equally good matches, those cut at word boundaries win when the quote's own ends are.
fn hits_in(
    needle: &Needle,
    chars: &[char],
    window: CharRange,
    max_edits: usize,
    limit: usize,
) -> Vec<Hit> {
    let end = window.end.min(chars.len());
    let start = window.start.min(end);
    let boundary = |p: usize| {
        let at = start + p;
        at == 0 || at >= chars.len() || is_word(chars[at - 1]) != is_word(chars[at])
    };
    needle
        .searcher()
        .find_preferring(
            &chars[start..end],
            max_edits,
            limit,
            |p| needle.starts_at_boundary && boundary(p),
            |p| needle.ends_at_boundary && boundary(p),
        )
        .into_iter()
        .map(|h| Hit {
            start: h.start + start,
            end: h.end + start,
            distance: h.distance,
        })
        .collect()
}

/// A hit as a placeable range, and the quote's edit distance to the text there. An approximate
/// hit that cuts a word is stretched to the word's edge when the quote's own edge is a word
/// boundary, the word ends within a few code points, and the stretch costs at most one more
/// edit; then it is widened to graphemes and trimmed of whitespace.
fn settle(text: &Indexed, needle: &Needle, hit: Hit) -> Option<(CharRange, usize)> {
    let range = CharRange {
        start: hit.start,
        end: hit.end,
    };
    if hit.distance == 0 && text.is_grapheme_aligned(range) {
        return Some((range, 0));
    }
    let chars = text.chars();
    let measure = |r: CharRange| -> Option<(CharRange, usize)> {
        let r = text.snap(r)?;
        let found = chars.get(r.start..r.end)?;
        Some((r, needle.searcher().pattern().distance_to(found)))
    };
    let reach = (needle.len() / 10).max(3);
    let inside =
        |at: usize| at > 0 && at < chars.len() && is_word(chars[at - 1]) && is_word(chars[at]);
    let mut stretched = range;
    if needle.starts_at_boundary && inside(range.start) {
        let edge = (range.start.saturating_sub(reach)..range.start)
            .rev()
            .find(|&s| !inside(s));
        stretched.start = edge.unwrap_or(range.start);
    }
    if needle.ends_at_boundary && inside(range.end) {
        let edge = (range.end + 1..=(range.end + reach).min(chars.len())).find(|&e| !inside(e));
        stretched.end = edge.unwrap_or(range.end);
    }
    let plain = measure(range);
    if stretched == range {
        return plain;
    }
    match (plain, measure(stretched)) {
        (Some(p), Some(s)) if s.1 > p.1 + 1 => Some(p),
        (p, s) => s.or(p),
    }
}

/// Of the hits, the range with the best evidence (then nearest to `near`) that `accept`
/// accepts, with its score.
fn best_supported(
    text: &Indexed,
    needle: &Needle,
    hits: &[Hit],
    max_edits: usize,
    near: Option<usize>,
    accept: impl Fn(CharRange, Evidence) -> bool,
) -> Option<(CharRange, f32)> {
    let chars = text.chars();
    let context = |r: CharRange| chars[r.start.min(chars.len())..r.end.min(chars.len())].to_vec();
    let mut best: Option<((f32, Reverse<usize>), CharRange)> = None;
    for &hit in hits {
        let Some((range, edits)) = settle(text, needle, hit) else {
            continue;
        };
        if edits > max_edits {
            continue;
        }
        let ev = evidence(needle, range, edits, context);
        if !accept(range, ev) {
            continue;
        }
        let key = (
            ev.score(),
            Reverse(near.map_or(0, |n| n.abs_diff(range.start))),
        );
        if best.as_ref().is_none_or(|(k, _)| key > *k) {
            best = Some((key, range));
        }
    }
    best.map(|((score, _), range)| (range, score))
}

/// The most edits a searched match of a quote of `m` code points may have.
fn search_edits(m: usize) -> usize {
    m * SEARCH_EDITS.0 / SEARCH_EDITS.1
}

/// Letters and digits make words; everything else separates them.
fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether a stored range can be used as it is.
fn placeable(doc: &Document, range: CharRange) -> bool {
    range.start < range.end && range.end <= doc.char_len() && doc.is_grapheme_aligned(range)
}

/// `range` grown by `by` on each side, kept within `0..len`.
fn widen(range: CharRange, by: usize, len: usize) -> CharRange {
    let end = range.end.max(range.start).saturating_add(by).min(len);
    CharRange {
        start: range.start.saturating_sub(by).min(end),
        end,
    }
}

/// Sorted ranges with overlapping or touching ones joined.
fn merge(ranges: impl Iterator<Item = CharRange>) -> Vec<CharRange> {
    let mut out: Vec<CharRange> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Adds `cost` to the work done, unless that would pass [`WORK_LIMIT`].
fn spend(work: &Cell<u64>, cost: u64) -> bool {
    let total = work.get().saturating_add(cost);
    (total <= WORK_LIMIT).then(|| work.set(total)).is_some()
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::annotation::Timestamp;
    use crate::model::tags::Tag;
    use proptest::prelude::*;

    fn doc(text: &str) -> Document {
        Document::plain("Test", text)
    }

    /// The range of the `nth` (from 1) occurrence of `s` in the document.
    fn find(d: &Document, s: &str, nth: usize) -> CharRange {
        let (byte, _) = d
            .text()
            .match_indices(s)
            .nth(nth - 1)
            .expect("the test text holds it");
        let start = d.char_offset_of_byte(byte);
        CharRange {
            start,
            end: start + s.chars().count(),
        }
    }

    fn annotation(d: &Document, range: CharRange) -> Annotation {
        let time = Timestamp::parse("2026-01-01T00:00:00Z").expect("a valid literal");
        Annotation {
            id: format!("a{}", range.start),
            tag: Tag::STATEMENT,
            range,
            quote: Quote::of(d, range),
            status: Status::Anchored,
            note: String::new(),
            created: time.clone(),
            modified: time,
            creator: None,
            claim: Default::default(),
        }
    }

    fn placed_text(d: &Document, p: Option<Placement>) -> Option<(String, &'static str)> {
        p.map(|p| (d.slice(p.range).to_string(), p.status.key()))
    }

    #[test]
    fn the_stored_position_wins_when_the_text_there_is_the_quote() {
        let d = doc("A cat. A cat. A cat.");
        let r = find(&d, "cat", 2);
        let p = anchor(&d, &Quote::of(&d, r), Some(r)).unwrap();
        assert_eq!(
            p,
            Placement {
                range: r,
                status: Status::Anchored
            }
        );
    }

    #[test]
    fn repeats_are_told_apart_by_context_then_by_distance() {
        let old = doc("the cat sat on the mat. the cat ran off. the cat sat on the rug.");
        let quote = Quote::of(&old, find(&old, "the cat", 3));
        let new = doc("Later: the cat sat on the mat. the cat ran off. the cat sat on the rug.");
        let p = anchor(&new, &quote, None).unwrap();
        assert_eq!(p.range, find(&new, "the cat", 3));
        assert!(matches!(p.status, Status::Relocated { score } if score > 0.9));
        // Without context, the nearest repeat wins.
        let bare = Quote {
            exact: "the cat".into(),
            prefix: String::new(),
            suffix: String::new(),
        };
        let near = find(&new, "the cat", 2);
        assert_eq!(anchor(&new, &bare, Some(near)).unwrap().range, near);
    }

    #[test]
    fn an_edited_quote_is_found_when_its_context_agrees() {
        let old = doc("The minister said the new bridge would open in the spring of next year, weather permitting.");
        let quote = Quote::of(
            &old,
            find(&old, "the new bridge would open in the spring", 1),
        );
        let new = doc("The minister said the new brigde would open in the spring of next year, weather permitting.");
        let p = anchor(&new, &quote, Some(find(&old, "the new", 1)));
        assert_eq!(
            placed_text(&new, p),
            Some((
                "the new brigde would open in the spring".into(),
                "relocated"
            ))
        );
    }

    #[test]
    fn a_match_without_support_is_an_orphan_not_a_guess() {
        let old = doc("Rain is expected on Monday across the north.");
        let quote = Quote::of(&old, find(&old, "Rain is expected on Monday", 1));
        let new = doc("Pain is respected on Sunday, said nobody in the south at all.");
        assert_eq!(anchor(&new, &quote, None), None);
    }

    #[test]
    fn nothing_panics_on_odd_input() {
        let text = "e\u{301} 👨\u{200d}👩\u{200d}👧 🇫🇷 مرحبا\n\nplain words here, in a sentence long enough to be sure.";
        let d = doc(text);
        let empty = doc("");
        let huge = "long quote ".repeat(3000);
        let quotes = [
            Quote {
                exact: String::new(),
                prefix: "x".into(),
                suffix: "y".into(),
            },
            Quote {
                exact: "\u{301}".into(),
                prefix: String::new(),
                suffix: String::new(),
            },
            Quote {
                exact: "👩".into(),
                prefix: "👨\u{200d}".into(),
                suffix: "\u{200d}👧".into(),
            },
            Quote {
                exact: "🇷".into(),
                prefix: "🇫".into(),
                suffix: String::new(),
            },
            Quote {
                exact: huge.clone(),
                prefix: huge.clone(),
                suffix: huge,
            },
            Quote {
                exact: text.into(),
                prefix: String::new(),
                suffix: String::new(),
            },
            Quote {
                exact: "plain wrods here, in a sentence".into(),
                prefix: "\n\n".into(),
                suffix: " long enough".into(),
            },
        ];
        let hints = [
            None,
            Some(CharRange { start: 5, end: 2 }),
            Some(CharRange { start: 1, end: 2 }),
            Some(CharRange {
                start: 1000,
                end: 2000,
            }),
            Some(CharRange {
                start: usize::MAX - 1,
                end: usize::MAX,
            }),
        ];
        for q in &quotes {
            for &h in &hints {
                for target in [&d, &empty] {
                    if let Some(p) = anchor(target, q, h) {
                        assert!(
                            !p.range.is_empty() && target.is_grapheme_aligned(p.range),
                            "{q:?} {h:?} -> {p:?}"
                        );
                    }
                }
            }
        }
        // "👩" inside the family and "🇷" inside the flag are not whole graphemes.
        assert_eq!(anchor(&d, &quotes[2], None), None);
        assert_eq!(anchor(&d, &quotes[3], None), None);
        let fixed = ("plain words here, in a sentence".into(), "relocated");
        assert_eq!(placed_text(&d, anchor(&d, &quotes[6], None)), Some(fixed));
    }

    #[test]
    fn reanchoring_keeps_order_and_orphans_keep_their_data() {
        let old = doc("One fish. Two fish.\n\nRed fish. Blue fish.");
        let new = doc("One fish. Two fish.");
        let mut annotations = vec![
            annotation(&old, find(&old, "Blue fish", 1)),
            annotation(&old, find(&old, "Two fish", 1)),
        ];
        annotations[0].note = "kept".into();
        let out = reanchor_all(&old, &new, &annotations);
        assert_eq!(
            out[0],
            Annotation {
                status: Status::Orphaned,
                ..annotations[0].clone()
            }
        );
        let refreshed = Quote::of(&new, annotations[1].range);
        assert_eq!(
            out[1],
            Annotation {
                quote: refreshed,
                ..annotations[1].clone()
            }
        );
        assert!(reanchor_all(&old, &new, &[]).is_empty());
    }

    #[test]
    fn an_orphan_returns_when_its_passage_does() {
        let first = doc("Alpha beta gamma delta.\n\nThe passage that will be cut and then restored later.\n\nOmega.");
        let cut = doc("Alpha beta gamma delta.\n\nOmega.");
        let a = annotation(&first, find(&first, "will be cut and then restored", 1));
        let orphaned = reanchor_all(&first, &cut, std::slice::from_ref(&a));
        assert!(orphaned[0].is_orphaned());
        let back = reanchor_all(&cut, &first, &orphaned);
        assert_eq!(back[0].range, a.range);
        assert!(matches!(back[0].status, Status::Relocated { .. }));
    }

    #[test]
    fn a_stale_range_is_looked_up_in_the_old_text() {
        let old = doc("Intro.\n\nThe harbour reopened on Friday after repairs.");
        let new = doc("New intro line.\n\nIntro.\n\nThe harbour reopened on Friday after repairs.");
        let mut a = annotation(&old, find(&old, "reopened on Friday", 1));
        a.range = CharRange { start: 0, end: 3 };
        let out = reanchor_all(&old, &new, &[a]);
        assert_eq!(new.slice(out[0].range), "reopened on Friday");
        assert_eq!(out[0].status, Status::Anchored);
    }

    #[test]
    fn a_huge_quote_follows_its_text() {
        let body = "Many words repeat in this very long paragraph. ".repeat(4000);
        let old = doc(&format!("Start.\n\n{body}End."));
        let new = doc(&format!(
            "Start, edited.\n\n{}End.",
            body.replacen("Many", "Mony", 1)
        ));
        let range = find(&old, "Many", 1);
        let a = annotation(
            &old,
            CharRange {
                start: range.start,
                end: old.char_len() - 4,
            },
        );
        let out = reanchor_all(&old, &new, &[a]);
        assert!(
            matches!(out[0].status, Status::Relocated { score } if score > 0.99),
            "{:?}",
            out[0].status
        );
        assert!(out[0].quote.exact.starts_with("Mony words"));
    }

    const PIECES: &[&str] = &[
        "the ",
        "cat ",
        "sat ",
        "on ",
        "mat",
        ". ",
        "\n\n",
        "e\u{301}",
        "👩\u{200d}🔬",
        "🇫🇷",
        "مرحبا ",
        "words ",
        "x",
        " ",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|p| p.concat())
    }

    /// An edit: the old text with a few pieces replaced, inserted or deleted.
    fn edited(old: &str, ops: &[(usize, usize, &str)]) -> String {
        let mut pieces: Vec<String> = old.split_inclusive(' ').map(str::to_string).collect();
        for &(kind, at, piece) in ops {
            let at = at % (pieces.len() + 1);
            match kind % 3 {
                0 => pieces.insert(at, piece.to_string()),
                1 if at < pieces.len() => drop(pieces.remove(at)),
                _ if at < pieces.len() => pieces[at] = piece.to_string(),
                _ => {}
            }
        }
        pieces.concat()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn reanchoring_keeps_its_promises(
            old in text(),
            ops in prop::collection::vec((0usize..3, 0usize..80, prop::sample::select(PIECES)), 0..6),
            spans in prop::collection::vec((0usize..300, 1usize..40), 1..6),
        ) {
            let old = doc(&old);
            let new = doc(&edited(old.text(), &ops));
            let annotations: Vec<Annotation> = spans
                .iter()
                .filter_map(|&(s, l)| old.snap(CharRange { start: s, end: s + l }))
                .map(|r| annotation(&old, r.range()))
                .collect();
            let out = reanchor_all(&old, &new, &annotations);
            prop_assert_eq!(out.len(), annotations.len());
            for (a, b) in annotations.iter().zip(&out) {
                prop_assert_eq!(&a.id, &b.id);
                if !b.is_orphaned() {
                    prop_assert!(!b.range.is_empty() && b.range.end <= new.char_len());
                    prop_assert!(new.is_grapheme_aligned(b.range));
                    prop_assert_eq!(&b.quote, &Quote::of(&new, b.range));
                    if b.status == Status::Anchored {
                        prop_assert_eq!(&b.quote.exact, &a.quote.exact);
                    }
                }
            }
            // Against an unchanged text, everything stays where it was.
            let same = reanchor_all(&old, &old, &annotations);
            prop_assert_eq!(same, annotations);
        }

        #[test]
        fn anchoring_never_panics(
            target in text(),
            exact in text(),
            prefix in text(),
            suffix in text(),
            hint in (0usize..400, 0usize..400),
        ) {
            let d = doc(&target);
            let quote = Quote { exact, prefix, suffix };
            let hint = CharRange { start: hint.0, end: hint.1 };
            for h in [None, Some(hint)] {
                if let Some(p) = anchor(&d, &quote, h) {
                    prop_assert!(!p.range.is_empty() && p.range.end <= d.char_len());
                    prop_assert!(d.is_grapheme_aligned(p.range));
                    if p.status == Status::Anchored {
                        prop_assert_eq!(d.slice(p.range), quote.exact.as_str());
                    }
                }
            }
        }
    }
}
