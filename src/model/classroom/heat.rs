//! The heat view: for each stretch of the text, how many students marked it and with which tags.
//!
//! Invariants of what [`heat`] returns:
//! - The segments are in text order, non-empty and contiguous, and together cover the whole
//!   text `[0, char_len)`; an empty text has none.
//! - The counts are constant within a segment, and neighbouring segments differ in at least one
//!   count (the segments are maximal).
//! - A student counts once in `students` and once per tag, however many of their marks cover the
//!   stretch, so every tag's count is at most `students`, which is at most the class size.
//! - Marks are cut to the text; empty or reversed ranges cover nothing.

use crate::model::tags::Tag;
use crate::model::text::{CharRange, Document};

use super::exercise::Mark;

/// A maximal stretch of text over which the coverage counts do not change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeatSegment {
    pub range: CharRange,
    /// How many students marked this stretch, with any tag.
    pub students: usize,
    /// How many students marked it with each tag they used here (none with 0).
    tags: Vec<(Tag, usize)>,
}

impl HeatSegment {
    /// How many students marked this stretch with `tag`.
    pub fn count(&self, tag: Tag) -> usize {
        self.tags
            .iter()
            .find(|(t, _)| *t == tag)
            .map_or(0, |&(_, n)| n)
    }

    /// How many different tags the stretch was marked with.
    pub fn tags_used(&self) -> usize {
        self.tags.len()
    }

    /// Whether the class is divided over this stretch: someone marked it and either the
    /// markers used more than one tag, or some of the `class_size` students left it unmarked
    /// (1 ≤ students ≤ class_size − 1). Unmarked stretches and stretches every student marked
    /// with the same single tag are not contested.
    pub fn is_contested(&self, class_size: usize) -> bool {
        self.students > 0 && (self.students < class_size || self.tags_used() > 1)
    }
}

/// The heat segments of `doc`; `students[i]` holds student `i`'s marks.
pub fn heat(doc: &Document, students: &[&[Mark]]) -> Vec<HeatSegment> {
    let len = doc.char_len();
    // Slot `i` counts the tag `kinds[i]`, slot ANY counts any tag. Each student's coverage of
    // each slot is merged first so that overlapping marks of one student count once.
    let mut kinds: Vec<Tag> = Vec::new();
    for m in students.iter().flat_map(|marks| marks.iter()) {
        if !kinds.contains(&m.tag) {
            kinds.push(m.tag);
        }
    }
    let any = kinds.len();
    let mut events: Vec<(usize, usize, i64)> = Vec::new();
    for marks in students {
        for slot in 0..=any {
            let kind = kinds.get(slot);
            let mut ranges: Vec<(usize, usize)> = marks
                .iter()
                .filter(|m| kind.is_none_or(|k| m.tag == *k))
                .map(|m| (m.range.start.min(len), m.range.end.min(len)))
                .filter(|(start, end)| start < end)
                .collect();
            ranges.sort_unstable();
            for (start, end) in merge(ranges) {
                events.push((start, slot, 1));
                events.push((end, slot, -1));
            }
        }
    }
    events.sort_unstable();

    let mut segments: Vec<HeatSegment> = Vec::new();
    let mut counts = vec![0i64; any + 1];
    let mut from = 0;
    let mut emit = |from: usize, to: usize, counts: &[i64]| {
        if from >= to {
            return;
        }
        let count = |slot: usize| usize::try_from(counts[slot]).unwrap_or(0);
        let tags: Vec<(Tag, usize)> = (0..any)
            .map(|i| (kinds[i], count(i)))
            .filter(|&(_, n)| n > 0)
            .collect();
        let students = count(any);
        match segments.last_mut() {
            Some(last) if last.students == students && last.tags == tags => last.range.end = to,
            _ => segments.push(HeatSegment {
                range: CharRange {
                    start: from,
                    end: to,
                },
                students,
                tags,
            }),
        }
    };
    for (at, slot, delta) in events {
        emit(from, at, &counts);
        from = from.max(at);
        counts[slot] += delta;
    }
    emit(from, len, &counts);
    segments
}

/// Joins sorted ranges that overlap or touch.
fn merge(sorted: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (start, end) in sorted {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(tag: Tag, start: usize, end: usize) -> Mark {
        Mark {
            id: format!("{start}"),
            tag,
            range: CharRange { start, end },
            note: String::new(),
        }
    }

    fn render(segments: &[HeatSegment]) -> String {
        segments
            .iter()
            .map(|s| {
                format!(
                    "{}..{} {} {:?}",
                    s.range.start, s.range.end, s.students, s.tags
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn one_students_overlapping_marks_count_once() {
        let doc = Document::plain("", "0123456789");
        let a = [
            mark(Tag::STATEMENT, 0, 4),
            mark(Tag::STATEMENT, 2, 6),
            mark(Tag::DISPUTE, 3, 5),
        ];
        let segments = heat(&doc, &[&a]);
        assert_eq!(
            render(&segments),
            "0..3 1 [(statement, 1)]\n3..5 1 [(statement, 1), (dispute, 1)]\n5..6 1 [(statement, 1)]\n6..10 0 []"
        );
        assert!(segments[1].is_contested(1));
        assert!(!segments[0].is_contested(1));
    }

    #[test]
    fn touching_marks_of_one_student_make_one_segment() {
        let doc = Document::plain("", "0123456789");
        let a = [
            mark(Tag::AGREEMENT, 2, 4),
            mark(Tag::AGREEMENT, 4, 7),
            mark(Tag::AGREEMENT, 20, 30),
        ];
        assert_eq!(
            render(&heat(&doc, &[&a])),
            "0..2 0 []\n2..7 1 [(agreement, 1)]\n7..10 0 []"
        );
    }

    #[test]
    fn an_empty_text_has_no_segments() {
        assert!(heat(&Document::plain("", ""), &[&[mark(Tag::STATEMENT, 0, 3)]]).is_empty());
    }
}
