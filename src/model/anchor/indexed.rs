//! A document's text indexed for the many small lookups anchoring makes: its code points, and
//! the byte offset of each. Slicing then costs nothing, and a grapheme boundary is found from
//! the few code points around it (with `GraphemeCursor`) rather than by segmenting the whole
//! paragraph from its start.
//!
//! Invariants:
//! - Each method gives exactly what the `Document` method (or `Quote::of`) of the same name
//!   gives; the property test at the bottom checks them against each other. `\n` always ends a
//!   grapheme, so a cursor over the whole text and the document's segmentation of one block
//!   agree.

use unicode_segmentation::GraphemeCursor;

use crate::model::annotation::{Quote, CONTEXT_LEN};
use crate::model::text::{CharRange, Document};

/// The code points of a document's text and the byte offset of each, built once and read
/// through [`Index::over`].
#[derive(Clone, Debug, Default)]
pub struct Index {
    chars: Vec<char>,
    /// `bytes[i]` is the byte offset of code point `i`; the last entry is the text's length.
    bytes: Vec<u32>,
}

impl Index {
    pub fn of(doc: &Document) -> Index {
        let text = doc.text();
        let mut chars = Vec::with_capacity(doc.char_len());
        let mut bytes = Vec::with_capacity(doc.char_len() + 1);
        for (b, c) in text.char_indices() {
            chars.push(c);
            bytes.push(b as u32);
        }
        bytes.push(text.len() as u32);
        Index { chars, bytes }
    }

    /// The index read with the document it was built from (another document is a caller's
    /// error: lookups would answer for the wrong text).
    pub fn over<'a>(&'a self, doc: &'a Document) -> Indexed<'a> {
        debug_assert_eq!(self.bytes.last().copied(), Some(doc.text().len() as u32));
        Indexed {
            doc,
            chars: &self.chars,
            bytes: &self.bytes,
        }
    }

    pub fn chars(&self) -> &[char] {
        &self.chars
    }
}

#[derive(Clone, Copy)]
pub struct Indexed<'a> {
    doc: &'a Document,
    chars: &'a [char],
    bytes: &'a [u32],
}

impl<'a> Indexed<'a> {
    pub fn chars(&self) -> &'a [char] {
        self.chars
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// As [`Document::slice`]: out-of-bounds parts are cut off.
    pub fn slice(&self, range: CharRange) -> &'a str {
        let start = self.byte(range.start);
        let end = self.byte(range.end.max(range.start));
        &self.doc.text()[start..end]
    }

    /// As [`Document::is_grapheme_aligned`].
    pub fn is_grapheme_aligned(&self, range: CharRange) -> bool {
        self.is_boundary(range.start) && self.is_boundary(range.end)
    }

    /// As [`Document::snap`]: widened to graphemes, trimmed of whitespace, `None` when empty.
    pub fn snap(&self, range: CharRange) -> Option<CharRange> {
        let end = range.end.min(self.len());
        let start = self.floor(range.start.min(end));
        let end = self.ceil(end);
        let inner = &self.chars[start..end];
        let lead = inner.iter().take_while(|c| c.is_whitespace()).count();
        let trail = inner.iter().rev().take_while(|c| c.is_whitespace()).count();
        // Trimming may stop inside a cluster that holds whitespace (" \u{200d}"): shrink to
        // whole graphemes again.
        let (start, end) = (
            self.ceil(start + lead),
            self.floor(end.saturating_sub(trail)),
        );
        (start < end).then_some(CharRange { start, end })
    }

    /// As [`Quote::of`]: the text of `range` with up to [`CONTEXT_LEN`] code points either side,
    /// never cutting a grapheme.
    pub fn quote(&self, range: CharRange) -> Quote {
        let before = self
            .ceil(range.start.saturating_sub(CONTEXT_LEN))
            .min(range.start);
        let after = self
            .floor((range.end + CONTEXT_LEN).min(self.len()))
            .max(range.end);
        Quote {
            exact: self.slice(range).to_string(),
            prefix: self
                .slice(CharRange {
                    start: before,
                    end: range.start,
                })
                .to_string(),
            suffix: self
                .slice(CharRange {
                    start: range.end,
                    end: after,
                })
                .to_string(),
        }
    }

    fn byte(&self, offset: usize) -> usize {
        self.bytes[offset.min(self.len())] as usize
    }

    /// Whether a grapheme boundary is at `offset`; offsets at or past the end count as one, as
    /// the document counts them.
    fn is_boundary(&self, offset: usize) -> bool {
        if offset == 0 || offset >= self.len() {
            return true;
        }
        let text = self.doc.text();
        GraphemeCursor::new(self.byte(offset), text.len(), true)
            .is_boundary(text, 0)
            .unwrap_or(true)
    }

    /// The grapheme boundary at or after `offset`.
    fn ceil(&self, offset: usize) -> usize {
        if self.is_boundary(offset) {
            return offset;
        }
        let text = self.doc.text();
        let mut cursor = GraphemeCursor::new(self.byte(offset), text.len(), true);
        match cursor.next_boundary(text, 0) {
            Ok(Some(b)) => self.char_at_byte(b),
            _ => self.len(),
        }
    }

    /// The grapheme boundary at or before `offset`.
    fn floor(&self, offset: usize) -> usize {
        if self.is_boundary(offset) {
            return offset;
        }
        let text = self.doc.text();
        let mut cursor = GraphemeCursor::new(self.byte(offset), text.len(), true);
        match cursor.prev_boundary(text, 0) {
            Ok(Some(b)) => self.char_at_byte(b),
            _ => 0,
        }
    }

    fn char_at_byte(&self, byte: usize) -> usize {
        self.bytes.partition_point(|&b| (b as usize) < byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "a",
        "b",
        " ",
        "\n",
        "\n\n",
        "e\u{301}",
        "\u{301}",
        "\u{200d}",
        "👩",
        "🏽",
        "🇫",
        "🇷",
        "é",
        "ا",
        "ل",
        "\t",
        "👨\u{200d}👩\u{200d}👧",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn agrees_with_the_document(raw in text(), a in 0usize..70, b in 0usize..70) {
            let doc = Document::plain("t", &raw);
            let index = Index::of(&doc);
            let indexed = index.over(&doc);
            let range = CharRange { start: a.min(b), end: a.max(b) };
            prop_assert_eq!(indexed.slice(range), doc.slice(range));
            prop_assert_eq!(indexed.is_grapheme_aligned(range), doc.is_grapheme_aligned(range));
            prop_assert_eq!(indexed.snap(range), doc.snap(range).map(|s| s.range()));
            if range.end <= doc.char_len() {
                prop_assert_eq!(indexed.quote(range), Quote::of(&doc, range));
            }
        }
    }
}
