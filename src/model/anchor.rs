//! Anchoring: finding where a quote belongs in a text.
//!
//! The order of evidence: (1) the stored position, when the text there equals the quote;
//! (2) exact matches of the quote, choosing between repeats by prefix/suffix and then by
//! distance from the stored position. A quote that cannot be placed is an orphan: it is never
//! guessed into a place it may not belong.

use super::annotation::{Annotation, Quote, Status};
use super::text::{CharRange, Document};

/// Where a quote was placed, and how sure that is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    pub range: CharRange,
    pub status: Status,
}

/// Places `quote` in `doc`. `hint` is where it was before (a stored position).
pub fn anchor(doc: &Document, quote: &Quote, hint: Option<CharRange>) -> Option<Placement> {
    if quote.exact.is_empty() {
        return None;
    }
    if let Some(h) = hint {
        if h.end <= doc.char_len() && doc.slice(h) == quote.exact {
            return Some(Placement { range: h, status: Status::Anchored });
        }
    }
    exact_match(doc, quote, hint.map(|h| h.start))
        .map(|range| Placement { range, status: Status::Relocated { score: 1.0 } })
}

/// Every annotation re-anchored after the text changed from `old` to `new`.
pub fn reanchor_all(old: &Document, new: &Document, annotations: &[Annotation]) -> Vec<Annotation> {
    let _ = old;
    annotations
        .iter()
        .map(|a| {
            let hint = (!a.is_orphaned()).then_some(a.range);
            match anchor(new, &a.quote, hint) {
                Some(p) => Annotation { range: p.range, quote: Quote::of(new, p.range), status: p.status, ..a.clone() },
                None => Annotation { status: Status::Orphaned, ..a.clone() },
            }
        })
        .collect()
}

/// The best exact occurrence of the quote: most context matching, then nearest to `near`.
fn exact_match(doc: &Document, quote: &Quote, near: Option<usize>) -> Option<CharRange> {
    let text = doc.text();
    let exact_chars = quote.exact.chars().count();
    let mut best: Option<((usize, usize), CharRange)> = None;
    for (byte, _) in text.match_indices(quote.exact.as_str()) {
        let start = doc.char_offset_of_byte(byte);
        let range = CharRange { start, end: start + exact_chars };
        let context = common_suffix(&text[..byte], &quote.prefix) + common_prefix(&text[byte + quote.exact.len()..], &quote.suffix);
        let distance = near.map_or(0, |n| n.abs_diff(start));
        // More context first, then a smaller distance.
        let score = (context, usize::MAX - distance);
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, range));
        }
    }
    best.map(|(_, r)| r)
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).count()
}
