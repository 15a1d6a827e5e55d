//! Moving a caret through the text by character, word and sentence, for annotating with the
//! keyboard alone. Offsets are code points; every function returns a grapheme boundary, so a
//! caret never stands inside an emoji or between a letter and its accent.

use unicode_segmentation::UnicodeSegmentation;

use super::text::{CharRange, Document};

/// How far one key press moves the caret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Character,
    /// Word starts (and block edges): where a caret lands, as in most editors.
    Word,
    /// Word ends: where a selection extended forward by words stops, without the space after.
    WordEnd,
    Sentence,
}

/// The offset one `unit` after (`forward`) or before `offset`.
pub fn step(doc: &Document, offset: usize, unit: Unit, forward: bool) -> usize {
    let offset = offset.min(doc.char_len());
    let stops = match unit {
        Unit::Character => return character(doc, offset, forward),
        Unit::Word => word_stops(doc, offset, false),
        Unit::WordEnd => word_stops(doc, offset, true),
        Unit::Sentence => sentence_stops(doc, offset),
    };
    if forward {
        stops
            .into_iter()
            .find(|&s| s > offset)
            .unwrap_or(doc.char_len())
    } else {
        stops.into_iter().rev().find(|&s| s < offset).unwrap_or(0)
    }
}

/// The sentence around `offset`, without surrounding whitespace; `None` on a blank stretch.
pub fn sentence_at(doc: &Document, offset: usize) -> Option<CharRange> {
    let block = doc.blocks().get(doc.block_at(offset))?;
    let text = doc.slice(block.range);
    let mut start = block.range.start;
    for sentence in text.split_sentence_bounds() {
        let end = start + sentence.chars().count();
        if offset < end || end == block.range.end {
            return doc.snap(CharRange { start, end }).map(|r| r.range());
        }
        start = end;
    }
    None
}

/// The word around `offset` (or the next one), for snapping a keyboard selection to words.
pub fn word_at(doc: &Document, offset: usize) -> Option<CharRange> {
    let block = doc.blocks().get(doc.block_at(offset))?;
    let text = doc.slice(block.range);
    let mut start = block.range.start;
    for word in text.split_word_bounds() {
        let end = start + word.chars().count();
        if end > offset && word.chars().any(char::is_alphanumeric) {
            return Some(CharRange { start, end });
        }
        start = end;
    }
    None
}

fn character(doc: &Document, offset: usize, forward: bool) -> usize {
    if forward {
        doc.grapheme_after(offset)
    } else {
        doc.grapheme_before(offset)
    }
}

/// Word starts (or ends) in the blocks around `offset`, plus the block edges.
fn word_stops(doc: &Document, offset: usize, ends: bool) -> Vec<usize> {
    stops(doc, offset, |text| {
        let mut out = Vec::new();
        let mut pos = 0;
        for w in text.split_word_bounds() {
            let len = w.chars().count();
            if w.chars().any(char::is_alphanumeric) {
                out.push(if ends { pos + len } else { pos });
            }
            pos += len;
        }
        out
    })
}

fn sentence_stops(doc: &Document, offset: usize) -> Vec<usize> {
    stops(doc, offset, |text| {
        let mut out = Vec::new();
        let mut pos = 0;
        for s in text.split_sentence_bounds() {
            let lead = s.chars().take_while(|c| c.is_whitespace()).count();
            out.push(pos + lead);
            pos += s.chars().count();
        }
        out
    })
}

/// Stops inside the previous, current and next blocks, as document offsets, sorted.
fn stops(doc: &Document, offset: usize, within: impl Fn(&str) -> Vec<usize>) -> Vec<usize> {
    let i = doc.block_at(offset);
    let mut out = Vec::new();
    for b in doc.blocks().iter().skip(i.saturating_sub(1)).take(3) {
        out.push(b.range.start);
        out.extend(
            within(doc.slice(b.range))
                .into_iter()
                .map(|s| b.range.start + s),
        );
        out.push(b.range.end);
    }
    out.sort_unstable();
    out.dedup();
    out
}
