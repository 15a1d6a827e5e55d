//! The document: an article's text, its blocks and positions in it.
//!
//! Invariants:
//! - Every position is a count of Unicode scalar values (code points) from the start of the
//!   text, the unit of the W3C TextPositionSelector. UTF-16 counts appear only in the two
//!   conversion functions at the bottom, which the browser boundary and Hypothesis imports use.
//! - The text never contains `\r` or a leading byte-order mark: [`normalize`] removes them.
//! - Blocks (paragraphs and headings) are the maximal runs of characters between `\n`s; the
//!   separators between them are not part of any block.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use unicode_segmentation::GraphemeCursor;

/// A half-open range `[start, end)` of code points into a document's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CharRange {
    pub start: usize,
    pub end: usize,
}

impl CharRange {
    /// A range, or `None` when `start > end`.
    pub fn new(start: usize, end: usize) -> Option<CharRange> {
        (start <= end).then_some(CharRange { start, end })
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether the two ranges share at least one code point.
    pub fn overlaps(self, other: CharRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The number of code points the two ranges share.
    pub fn intersection_len(self, other: CharRange) -> usize {
        self.end
            .min(other.end)
            .saturating_sub(self.start.max(other.start))
    }
}

/// A range that holds at least one grapheme and starts and ends on grapheme boundaries, with no
/// whitespace at either end. Only [`Document::snap`] makes one, so holding one is proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SnappedRange(CharRange);

impl SnappedRange {
    pub fn range(self) -> CharRange {
        self.0
    }
}

/// What kind of block a paragraph of the article is, for display.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    #[default]
    Paragraph,
    Heading,
}

/// One paragraph or heading: a maximal run of text between line breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub range: CharRange,
    pub kind: BlockKind,
    /// The byte offset of `range.start` in the text.
    byte_start: usize,
    /// Whether the block holds only ASCII, so that code points, bytes and UTF-16 units agree.
    ascii: bool,
}

/// An article: its title, its normalised text and the SHA-256 fingerprint of that text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    title: String,
    text: String,
    char_len: usize,
    fingerprint: String,
    blocks: Vec<Block>,
    /// `marks[k]` is the byte offset of code point `k * MARK_EVERY`: a code point's byte offset
    /// is found by walking at most `MARK_EVERY - 1` code points from the mark before it.
    marks: Vec<u32>,
}

/// How many code points apart the byte offsets in [`Document`]'s `marks` are.
const MARK_EVERY: usize = 32;

impl Document {
    /// A plain-text article. Its text is `raw` with CRLF and CR turned into LF and a leading
    /// byte-order mark dropped; nothing else changes.
    pub fn plain(title: &str, raw: &str) -> Document {
        Document::build(title, normalize(raw), &[])
    }

    /// An article made of blocks (from HTML, say): the blocks are joined with blank lines.
    /// Blocks that are empty after trimming are left out; line breaks inside a block become spaces.
    pub fn from_blocks(title: &str, blocks: &[(BlockKind, String)]) -> Document {
        let mut text = String::new();
        let mut kinds = Vec::new();
        for (kind, block) in blocks {
            let flat = block.split_whitespace().collect::<Vec<_>>().join(" ");
            if flat.is_empty() {
                continue;
            }
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&flat);
            kinds.push(*kind);
        }
        Document::build(title, text, &kinds)
    }

    fn build(title: &str, text: String, kinds: &[BlockKind]) -> Document {
        let fingerprint = fingerprint(&text);
        let mut blocks = Vec::new();
        let mut chars = 0;
        let mut line_start: Option<(usize, usize, bool)> = None; // (char, byte, ascii)
        let mut marks = Vec::with_capacity(text.len() / MARK_EVERY + 1);
        for (byte, ch) in text.char_indices() {
            if chars % MARK_EVERY == 0 {
                marks.push(byte as u32);
            }
            if ch == '\n' {
                if let Some((start, byte_start, ascii)) = line_start.take() {
                    blocks.push(Block {
                        range: CharRange { start, end: chars },
                        kind: BlockKind::Paragraph,
                        byte_start,
                        ascii,
                    });
                }
            } else {
                let entry = line_start.get_or_insert((chars, byte, true));
                entry.2 &= ch.is_ascii();
            }
            chars += 1;
        }
        if let Some((start, byte_start, ascii)) = line_start {
            blocks.push(Block {
                range: CharRange { start, end: chars },
                kind: BlockKind::Paragraph,
                byte_start,
                ascii,
            });
        }
        for (block, kind) in blocks.iter_mut().zip(kinds) {
            block.kind = *kind;
        }
        let title = match title.trim() {
            "" => first_words(&text),
            t => t.to_string(),
        };
        Document {
            title,
            text,
            char_len: chars,
            fingerprint,
            blocks,
            marks,
        }
    }

    /// The same document with the blocks at these indexes shown as headings.
    pub fn with_headings(mut self, headings: &[usize]) -> Document {
        for &i in headings {
            if let Some(b) = self.blocks.get_mut(i) {
                b.kind = BlockKind::Heading;
            }
        }
        self
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The number of code points in the text.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// `urn:sha256:<hex>` of the UTF-8 text: says exactly which text an annotation targets.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The index of the block that holds `offset`, or of the first block after it when the
    /// offset falls on a separator.
    pub fn block_at(&self, offset: usize) -> usize {
        self.blocks.partition_point(|b| b.range.end <= offset)
    }

    /// The byte offset of a code-point offset; offsets past the end clamp to the end.
    pub fn byte_offset(&self, offset: usize) -> usize {
        if offset >= self.char_len {
            return self.text.len();
        }
        match self.blocks.get(self.block_at(offset)) {
            Some(b) if b.range.start <= offset => {
                let within = offset - b.range.start;
                if b.ascii {
                    b.byte_start + within
                } else {
                    let k = offset / MARK_EVERY;
                    let from = self.marks[k] as usize;
                    let rest = &self.text[from..];
                    from + rest
                        .char_indices()
                        .nth(offset - k * MARK_EVERY)
                        .map_or(rest.len(), |(i, _)| i)
                }
            }
            // Between blocks there are only `\n`s, one byte each.
            Some(b) => b.byte_start - (b.range.start - offset),
            None => self.text.len() - (self.char_len - offset),
        }
    }

    /// The text of a range; out-of-bounds parts are cut off.
    pub fn slice(&self, range: CharRange) -> &str {
        let start = self.byte_offset(range.start);
        let end = self.byte_offset(range.end.max(range.start));
        &self.text[start..end]
    }

    /// The code-point offset of a byte offset that lies on a character boundary.
    pub fn char_offset_of_byte(&self, byte: usize) -> usize {
        let i = self
            .blocks
            .partition_point(|b| b.byte_start <= byte)
            .saturating_sub(1);
        let (base_chars, base_bytes) = self
            .blocks
            .get(i)
            .filter(|b| b.byte_start <= byte)
            .map_or((0, 0), |b| (b.range.start, b.byte_start));
        base_chars + self.text[base_bytes..byte].chars().count()
    }

    /// Turns a raw selection into one that can be annotated: widened to grapheme-cluster
    /// boundaries (an emoji, a flag, a letter with its combining marks is never split), then
    /// trimmed of whitespace at both ends. `None` when nothing but whitespace is left.
    pub fn snap(&self, range: CharRange) -> Option<SnappedRange> {
        let end = range.end.min(self.char_len);
        let start = range.start.min(end);
        let start = self.grapheme_floor(start);
        let end = self.grapheme_ceil(end);
        let text = self.slice(CharRange { start, end });
        let lead = text.chars().take_while(|c| c.is_whitespace()).count();
        let trail = text.chars().rev().take_while(|c| c.is_whitespace()).count();
        // Trimming may stop inside a cluster that holds whitespace (" \u{200d}"): shrink to
        // whole graphemes again.
        let (start, end) = (start + lead, end.saturating_sub(trail));
        if start >= end {
            return None;
        }
        let (start, end) = (self.grapheme_ceil(start), self.grapheme_floor(end));
        (start < end).then_some(SnappedRange(CharRange { start, end }))
    }

    /// Whether a range starts and ends on grapheme boundaries and is not empty.
    pub fn is_grapheme_aligned(&self, range: CharRange) -> bool {
        self.grapheme_floor(range.start) == range.start
            && self.grapheme_ceil(range.end) == range.end
    }

    /// The grapheme boundary at or before `offset`. Graphemes never cross a `\n`, so only the
    /// block around the offset is segmented.
    fn grapheme_floor(&self, offset: usize) -> usize {
        self.grapheme_boundary(offset, false)
    }

    fn grapheme_ceil(&self, offset: usize) -> usize {
        self.grapheme_boundary(offset, true)
    }

    fn grapheme_boundary(&self, offset: usize, up: bool) -> usize {
        let Some(block) = self.blocks.get(self.block_at(offset)) else {
            return offset;
        };
        if offset <= block.range.start || offset >= block.range.end || block.ascii {
            return offset;
        }
        // Ask a cursor at the offset itself: it looks back only as far as the rules need, so the
        // cost follows the cluster, not the paragraph.
        let text = self.slice(block.range);
        let byte = self.byte_offset(offset) - self.byte_offset(block.range.start);
        let mut cursor = GraphemeCursor::new(byte, text.len(), true);
        if cursor.is_boundary(text, 0).unwrap_or(true) {
            return offset;
        }
        let moved = if up {
            cursor.next_boundary(text, 0)
        } else {
            cursor.prev_boundary(text, 0)
        };
        match moved {
            Ok(Some(b)) => block.range.start + text[..b].chars().count(),
            _ => offset,
        }
    }

    /// The grapheme boundary after the one at or before `offset`: one user-perceived
    /// character further (a `\n` counts as one).
    pub fn grapheme_after(&self, offset: usize) -> usize {
        if offset >= self.char_len {
            return self.char_len;
        }
        self.grapheme_ceil(self.grapheme_floor(offset) + 1)
    }

    /// The grapheme boundary one user-perceived character before `offset`.
    pub fn grapheme_before(&self, offset: usize) -> usize {
        if offset == 0 {
            return 0;
        }
        self.grapheme_floor(self.grapheme_ceil(offset) - 1)
    }

    /// Up to `max` code points before `range`, never starting inside a grapheme.
    pub fn prefix(&self, range: CharRange, max: usize) -> &str {
        let start = self.grapheme_ceil(range.start.saturating_sub(max));
        self.slice(CharRange {
            start: start.min(range.start),
            end: range.start,
        })
    }

    /// Up to `max` code points after `range`, never ending inside a grapheme.
    pub fn suffix(&self, range: CharRange, max: usize) -> &str {
        let end = (range.end + max).min(self.char_len);
        let end = self.grapheme_floor(end).max(range.end);
        self.slice(CharRange {
            start: range.end,
            end,
        })
    }
}

/// The document text of plain input: CRLF and CR become LF, a leading BOM is dropped.
pub fn normalize(raw: &str) -> String {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    if !raw.contains('\r') {
        return raw.to_string();
    }
    raw.replace("\r\n", "\n").replace('\r', "\n")
}

/// `urn:sha256:<lowercase hex>` of the text's UTF-8 bytes.
pub fn fingerprint(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(11 + 64);
    out.push_str("urn:sha256:");
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

fn first_words(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("Untitled article")
        .trim();
    let mut title: String = line.chars().take(80).collect();
    if line.chars().count() > 80 {
        title.push('…');
    }
    title
}

/// The code-point index of a UTF-16 index into `s`. An index inside a surrogate pair rounds
/// down to the pair's start; one past the end clamps to the end.
pub fn chars_from_utf16(s: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, ch) in s.chars().enumerate() {
        units += ch.len_utf16();
        if units > utf16 {
            return i;
        }
    }
    s.chars().count()
}

/// The UTF-16 index of a code-point index into `s`; past the end clamps to the end.
pub fn utf16_from_chars(s: &str, chars: usize) -> usize {
    s.chars().take(chars).map(char::len_utf16).sum()
}
