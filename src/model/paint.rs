//! The maths of painting highlights, apart from the browser: where annotations overlap, and how
//! a block's text is cut into pieces each covered by the same annotations (for the `<mark>`
//! fallback where `CSS.highlights` is missing).
//!
//! Invariants:
//! - `overlaps` returns sorted, disjoint, non-empty ranges covered by two or more annotations.
//! - `pieces` returns non-empty ranges that tile `block` exactly, in order; each names the
//!   annotations covering all of it (in the order given).
//! - `slices` returns consecutive, non-empty ranges of block indices that tile `0..blocks.len()`.
//! - `paint_window` returns a window that holds the visible blocks, within `0..blocks`.

use super::annotation::Annotation;
use super::text::{Block, CharRange};

/// The stretches covered by two or more of `ranges`.
pub fn overlaps<'a>(ranges: impl IntoIterator<Item = &'a CharRange>) -> Vec<CharRange> {
    let mut events: Vec<(usize, i32)> = ranges
        .into_iter()
        .filter(|r| r.start < r.end)
        .flat_map(|r| [(r.start, 1), (r.end, -1)])
        .collect();
    // Ends before starts at the same position: touching ranges do not overlap.
    events.sort_unstable();
    let mut out: Vec<CharRange> = Vec::new();
    let (mut depth, mut open) = (0, 0);
    for (pos, delta) in events {
        let before = depth;
        depth += delta;
        if before < 2 && depth >= 2 {
            open = pos;
        } else if before >= 2 && depth < 2 && pos > open {
            match out.last_mut() {
                Some(last) if last.end == open => last.end = pos,
                _ => out.push(CharRange {
                    start: open,
                    end: pos,
                }),
            }
        }
    }
    out
}

/// A stretch of a block and the annotations covering all of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece<'a> {
    pub range: CharRange,
    pub covering: Vec<&'a Annotation>,
}

/// Cuts `block` at every annotation boundary inside it.
pub fn pieces<'a>(block: CharRange, annotations: &[&'a Annotation]) -> Vec<Piece<'a>> {
    let inside: Vec<&'a Annotation> = annotations
        .iter()
        .copied()
        .filter(|a| a.range.overlaps(block))
        .collect();
    let mut cuts = vec![block.start, block.end];
    for a in &inside {
        cuts.push(a.range.start.clamp(block.start, block.end));
        cuts.push(a.range.end.clamp(block.start, block.end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| {
            let range = CharRange {
                start: w[0],
                end: w[1],
            };
            let covering = inside
                .iter()
                .copied()
                .filter(|a| a.range.start <= range.start && range.end <= a.range.end)
                .collect();
            Piece { range, covering }
        })
        .collect()
}

/// Cuts a document's blocks into the slices a long article is shown in: the first holds at least
/// one block and about `first` code points, each later one about `then` code points (a block is
/// never split, so a slice may hold more). The browser styles and lays out one slice per frame,
/// so the first screen of a long article is never held up by the rest of it.
pub fn slices(blocks: &[Block], first: usize, then: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut budget = first;
    let mut size = 0;
    for (i, b) in blocks.iter().enumerate() {
        size += b.range.len();
        if size >= budget {
            out.push(start..i + 1);
            start = i + 1;
            budget = then;
            size = 0;
        }
    }
    if start < blocks.len() {
        out.push(start..blocks.len());
    }
    out
}

/// Which blocks to paint: those on screen (`visible`) and `margin` more on each side, so that
/// scrolling shows painted text before the window moves. Chromium pays for every highlighted
/// range of the page on each frame that changes anything (a 5,000-range article costs ~90 ms a
/// frame, a few hundred ranges almost nothing), so only the window's ranges are registered.
/// Returns the new window, or `None` while the visible blocks stay at least `margin / 2` inside
/// the `current` one.
pub fn paint_window(
    visible: std::ops::Range<usize>,
    current: Option<std::ops::Range<usize>>,
    blocks: usize,
    margin: usize,
) -> Option<std::ops::Range<usize>> {
    let visible = visible.start.min(blocks)..visible.end.min(blocks).max(visible.start.min(blocks));
    if let Some(c) = &current {
        let inner_start = if c.start == 0 {
            0
        } else {
            c.start + margin / 2
        };
        let inner_end = if c.end >= blocks {
            blocks
        } else {
            c.end.saturating_sub(margin / 2)
        };
        if visible.start >= inner_start && visible.end <= inner_end && c.end <= blocks {
            return None;
        }
    }
    let window = visible.start.saturating_sub(margin)..(visible.end + margin).min(blocks);
    (current.as_ref() != Some(&window)).then_some(window)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Quote, Status, Tag, Timestamp};
    use std::ops::Range;

    fn r(start: usize, end: usize) -> CharRange {
        CharRange { start, end }
    }

    fn ann(id: &str, start: usize, end: usize) -> Annotation {
        let t = Timestamp::parse("2026-01-01T00:00:00Z").unwrap();
        Annotation {
            id: id.into(),
            tag: Tag::STATEMENT,
            range: r(start, end),
            quote: Quote {
                exact: "x".into(),
                prefix: String::new(),
                suffix: String::new(),
            },
            status: Status::Anchored,
            note: String::new(),
            created: t.clone(),
            modified: t,
            creator: None,
            claim: Default::default(),
        }
    }

    #[test]
    fn overlaps_of_ranges() {
        type Spans = &'static [(usize, usize)];
        // (ranges, expected overlaps)
        let cases: &[(Spans, Spans)] = &[
            (&[], &[]),
            (&[(0, 5)], &[]),
            (&[(0, 5), (5, 9)], &[]),
            (&[(0, 5), (3, 9)], &[(3, 5)]),
            (&[(0, 10), (2, 4), (6, 8)], &[(2, 4), (6, 8)]),
            (&[(0, 10), (2, 6), (4, 8)], &[(2, 8)]),
            (&[(0, 4), (0, 4)], &[(0, 4)]),
            (&[(3, 3), (0, 9)], &[]),
        ];
        for (input, want) in cases {
            let ranges: Vec<CharRange> = input.iter().map(|&(s, e)| r(s, e)).collect();
            let want: Vec<CharRange> = want.iter().map(|&(s, e)| r(s, e)).collect();
            assert_eq!(overlaps(&ranges), want, "{input:?}");
        }
    }

    #[test]
    fn pieces_tile_the_block() {
        let (a, b) = (ann("a", 2, 6), ann("b", 4, 12));
        let got: Vec<(usize, usize, Vec<&str>)> = pieces(r(0, 10), &[&a, &b])
            .into_iter()
            .map(|p| {
                let ids = p.covering.iter().map(|a| a.id.as_str()).collect();
                (p.range.start, p.range.end, ids)
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 2, vec![]),
                (2, 4, vec!["a"]),
                (4, 6, vec!["a", "b"]),
                (6, 10, vec!["b"]),
            ]
        );
        let none = pieces(r(20, 25), &[&a]);
        assert_eq!(none.len(), 1);
        assert!(none[0].covering.is_empty());
    }

    #[test]
    fn the_window_follows_the_visible_blocks() {
        // (visible, current, blocks, margin, expected)
        type Case = (
            Range<usize>,
            Option<Range<usize>>,
            usize,
            usize,
            Option<Range<usize>>,
        );
        let cases: Vec<Case> = vec![
            // A first paint: the visible blocks and the margin, clamped to the article.
            (0..5, None, 3000, 40, Some(0..45)),
            (1000..1010, None, 3000, 40, Some(960..1050)),
            (2990..3000, None, 3000, 40, Some(2950..3000)),
            // A short article is painted whole, once.
            (0..3, None, 10, 40, Some(0..10)),
            (5..8, Some(0..10), 10, 40, None),
            // Scrolling inside the inner part keeps the window; near its edge moves it.
            (1015..1025, Some(960..1050), 3000, 40, None),
            (1025..1035, Some(960..1050), 3000, 40, Some(985..1075)),
            (975..985, Some(960..1050), 3000, 40, Some(935..1025)),
            // At the article's start or end the window needs no margin beyond it.
            (0..5, Some(0..45), 3000, 40, None),
            (2990..3000, Some(2950..3000), 3000, 40, None),
            // The article grew shorter: a window past its end is replaced.
            (0..5, Some(0..45), 20, 40, Some(0..20)),
        ];
        for (visible, current, blocks, margin, want) in cases {
            assert_eq!(
                paint_window(visible.clone(), current.clone(), blocks, margin),
                want,
                "{visible:?} in {current:?} of {blocks}"
            );
        }
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn slices_tile_the_blocks() {
        use crate::model::text::Document;
        // Paragraphs of 9, 19, 4, 29 and 9 code points (with the blank lines between them).
        let doc = Document::plain("t", "aaaaaaaaa\n\nbbbbbbbbbbbbbbbbbbb\n\ncccc\n\nddddddddddddddddddddddddddddd\n\neeeeeeeee\n");
        let blocks = doc.blocks();
        assert_eq!(blocks.len(), 5);
        // (first, then, expected slices)
        let cases: &[(usize, usize, &[std::ops::Range<usize>])] = &[
            (1_000, 1_000, &[0..5]),
            (1, 1_000, &[0..1, 1..5]),
            (10, 20, &[0..2, 2..4, 4..5]),
            (1, 1, &[0..1, 1..2, 2..3, 3..4, 4..5]),
            (0, 30, &[0..1, 1..4, 4..5]),
        ];
        for (first, then, want) in cases {
            assert_eq!(
                slices(blocks, *first, *then),
                want.to_vec(),
                "first {first}, then {then}"
            );
        }
        assert!(slices(&[], 10, 10).is_empty());
    }
}
