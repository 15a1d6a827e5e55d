//! One student against the answer key: precision, recall and F1 per tag and overall, a confusion
//! matrix and the claims the student missed.
//!
//! Matching. A key claim and a student's mark *match* when they have the same tag and their
//! ranges pass the mode's test:
//! - [`MatchMode::Exact`]: the same range;
//! - [`MatchMode::Overlap`]: at least one shared code point and a character Jaccard index
//!   |A ∩ B| / |A ∪ B| of at least the threshold (0.5 unless chosen otherwise);
//! - [`MatchMode::TagOnly`]: at least one shared code point.
//!
//! Matching is one to one and greedy: of all the pairs that pass, the one with the highest
//! Jaccard index is taken first, then the next whose claim and mark are both still free, and so
//! on. Ties go to the earlier claim, then the earlier mark (file order).
//!
//! Counting. A matched mark is *correct* (a true positive), an unmatched mark *extra* (a false
//! positive), an unmatched claim *missed* (a false negative). Per tag, a pair counts under its
//! tag, an extra mark under the mark's tag and a missed claim under the claim's tag. The overall
//! counts are the sums over the tags, so the overall figures are micro-averages. A student's
//! headline figures are the overall ones in overlap mode ([`StudentReport::overall`]).
//!
//! Confusion. After matching, the claims and marks left over are paired once more with the same
//! range test and greedy order but ignoring tags; those pairs are the wrong-tag cells. So the
//! diagonal holds the correct counts, and each tag's row (less the diagonal) adds up to its
//! missed count and each tag's column (less the diagonal) to its extra count.

use crate::model::annotation::Timestamp;
use std::collections::BTreeMap;

use crate::model::tags::Tag;
use crate::model::text::CharRange;

use super::exercise::{KeyClaim, Mark, Submission};
use super::span_len;

/// The overlap mode's Jaccard threshold: more than 0 and at most 1.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Threshold(f64);

impl Threshold {
    /// Half the union shared: the usual threshold for span overlap.
    pub const HALF: Threshold = Threshold(0.5);

    /// A threshold, or `None` unless `0 < value <= 1`.
    pub fn new(value: f64) -> Option<Threshold> {
        (value > 0.0 && value <= 1.0).then_some(Threshold(value))
    }

    pub fn value(self) -> f64 {
        self.0
    }
}

impl Default for Threshold {
    fn default() -> Threshold {
        Threshold::HALF
    }
}

/// How closely a mark must fit a claim to count; see the module docs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MatchMode {
    Exact,
    Overlap(Threshold),
    TagOnly,
}

impl MatchMode {
    /// The word used in CSV headers: `exact`, `overlap` or `tag_only`.
    pub fn key(self) -> &'static str {
        match self {
            MatchMode::Exact => "exact",
            MatchMode::Overlap(_) => "overlap",
            MatchMode::TagOnly => "tag_only",
        }
    }

    /// Whether ranges sharing `inter` code points with a union of `union` pass this mode's test.
    fn accepts(self, inter: usize, union: usize) -> bool {
        match self {
            MatchMode::Exact => inter == union,
            // Dividing rounds a ratio that equals a decimal threshold (7/10 and 0.7) to the
            // same double as the threshold, so such a ratio passes.
            MatchMode::Overlap(t) => union > 0 && inter as f64 / union as f64 >= t.0,
            MatchMode::TagOnly => true,
        }
    }
}

/// Correct, extra and missed marks, and the figures made from them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Marks that matched a claim (true positives).
    pub correct: usize,
    /// Marks that matched no claim (false positives).
    pub extra: usize,
    /// Claims that no mark matched (false negatives).
    pub missed: usize,
}

impl Counts {
    /// correct / (correct + extra); `None` when there are no marks.
    pub fn precision(self) -> Option<f64> {
        ratio(self.correct, self.correct + self.extra)
    }

    /// correct / (correct + missed); `None` when there are no claims.
    pub fn recall(self) -> Option<f64> {
        ratio(self.correct, self.correct + self.missed)
    }

    /// 2·correct / (2·correct + extra + missed): the harmonic mean of precision and recall
    /// wherever both are defined, 0 when there are claims but no marks or marks but no claims,
    /// and `None` only when there are neither.
    pub fn f1(self) -> Option<f64> {
        ratio(
            2 * self.correct,
            2 * self.correct + self.extra + self.missed,
        )
    }

    fn add(self, other: Counts) -> Counts {
        Counts {
            correct: self.correct + other.correct,
            extra: self.extra + other.extra,
            missed: self.missed + other.missed,
        }
    }
}

/// Key tag against student tag. `None` on the key side means "no claim there" (an extra mark);
/// `None` on the student side means "no mark there" (a missed claim).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Confusion {
    /// (key's tag, student's tag) → how many; pairs never seen are 0.
    cells: BTreeMap<(Option<Tag>, Option<Tag>), usize>,
}

impl Confusion {
    pub fn get(&self, key: Option<Tag>, student: Option<Tag>) -> usize {
        self.cells.get(&(key, student)).copied().unwrap_or(0)
    }

    fn add(&mut self, key: Option<Tag>, student: Option<Tag>) {
        *self.cells.entry((key, student)).or_default() += 1;
    }
}

/// A student's marks scored against the key in one mode.
#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    pub mode: MatchMode,
    /// The sums over the tags (micro-average).
    pub overall: Counts,
    per_tag: BTreeMap<Tag, Counts>,
    pub confusion: Confusion,
    /// The matched (claim index, mark index) pairs, by claim index.
    pub pairs: Vec<(usize, usize)>,
    /// The indexes of the claims no mark matched, ascending.
    pub missed: Vec<usize>,
    /// The indexes of the marks that matched no claim, ascending.
    pub extra: Vec<usize>,
}

impl Score {
    /// The counts for one tag.
    pub fn tag(&self, tag: Tag) -> Counts {
        self.per_tag.get(&tag).copied().unwrap_or_default()
    }

    /// The claims the student missed, with the teacher's explanations. `key` must be the key
    /// this score was made with.
    pub fn missed_claims<'k>(&self, key: &'k [KeyClaim]) -> Vec<&'k KeyClaim> {
        self.missed.iter().filter_map(|&i| key.get(i)).collect()
    }
}

/// Scores `marks` against `key` in one mode.
pub fn score(key: &[KeyClaim], marks: &[Mark], mode: MatchMode) -> Score {
    let claims = Spans::new(key.iter().map(Span::from).collect());
    let spans = Spans::new(marks.iter().map(Span::from).collect());
    let mut free_claims = vec![true; key.len()];
    let mut free_marks = vec![true; marks.len()];
    let mut pairs = pair_up(
        &claims,
        &spans,
        mode,
        true,
        &mut free_claims,
        &mut free_marks,
    );
    pairs.sort_unstable();
    let indexes = |free: &[bool]| {
        free.iter()
            .enumerate()
            .filter(|(_, &f)| f)
            .map(|(i, _)| i)
            .collect::<Vec<_>>()
    };
    let missed = indexes(&free_claims);
    let extra = indexes(&free_marks);

    let mut per_tag = BTreeMap::<Tag, Counts>::new();
    let mut confusion = Confusion::default();
    for &(i, _) in &pairs {
        per_tag.entry(key[i].tag).or_default().correct += 1;
        confusion.add(Some(key[i].tag), Some(key[i].tag));
    }
    for &i in &missed {
        per_tag.entry(key[i].tag).or_default().missed += 1;
    }
    for &j in &extra {
        per_tag.entry(marks[j].tag).or_default().extra += 1;
    }
    for (i, j) in pair_up(
        &claims,
        &spans,
        mode,
        false,
        &mut free_claims,
        &mut free_marks,
    ) {
        confusion.add(Some(key[i].tag), Some(marks[j].tag));
    }
    for (i, _) in free_claims.iter().enumerate().filter(|(_, &f)| f) {
        confusion.add(Some(key[i].tag), None);
    }
    for (j, _) in free_marks.iter().enumerate().filter(|(_, &f)| f) {
        confusion.add(None, Some(marks[j].tag));
    }
    Score {
        mode,
        overall: per_tag
            .values()
            .fold(Counts::default(), |sum, &c| sum.add(c)),
        per_tag,
        confusion,
        pairs,
        missed,
        extra,
    }
}

/// One student's row of the grade book: their submission scored in all three modes.
#[derive(Clone, Debug, PartialEq)]
pub struct StudentReport {
    pub student: String,
    pub started: Timestamp,
    pub submitted: Timestamp,
    /// How many marks the student handed in.
    pub marks: usize,
    pub exact: Score,
    pub overlap: Score,
    pub tag_only: Score,
}

impl StudentReport {
    /// The row's headline counts: overlap mode, micro-averaged over the tags.
    pub fn overall(&self) -> Counts {
        self.overlap.overall
    }
}

/// Scores a submission against `key` in all three modes; `threshold` is the overlap mode's.
pub fn grade(key: &[KeyClaim], submission: &Submission, threshold: Threshold) -> StudentReport {
    let marks = &submission.marks;
    StudentReport {
        student: submission.student.clone(),
        started: submission.started.clone(),
        submitted: submission.submitted.clone(),
        marks: marks.len(),
        exact: score(key, marks, MatchMode::Exact),
        overlap: score(key, marks, MatchMode::Overlap(threshold)),
        tag_only: score(key, marks, MatchMode::TagOnly),
    }
}

/// A tagged range: what matching looks at.
#[derive(Clone, Copy, Debug)]
pub(super) struct Span {
    pub tag: Tag,
    pub range: CharRange,
}

impl From<&KeyClaim> for Span {
    fn from(k: &KeyClaim) -> Span {
        Span {
            tag: k.tag,
            range: k.range,
        }
    }
}

impl From<&Mark> for Span {
    fn from(m: &Mark) -> Span {
        Span {
            tag: m.tag,
            range: m.range,
        }
    }
}

/// Spans with an index for finding the ones that overlap: `by_start` lists them by start,
/// `starts[k]` is the start of the `k`-th of those and `reach[k]` the furthest end among the
/// first `k + 1`.
pub(super) struct Spans {
    pub list: Vec<Span>,
    by_start: Vec<usize>,
    starts: Vec<usize>,
    reach: Vec<usize>,
}

impl Spans {
    pub fn new(list: Vec<Span>) -> Spans {
        let mut by_start: Vec<usize> = (0..list.len()).collect();
        by_start.sort_by_key(|&j| list[j].range.start);
        let starts = by_start.iter().map(|&j| list[j].range.start).collect();
        let reach = by_start
            .iter()
            .scan(0, |furthest, &j| {
                *furthest = list[j].range.end.max(*furthest);
                Some(*furthest)
            })
            .collect();
        Spans {
            list,
            by_start,
            starts,
            reach,
        }
    }
}

/// Pairs up free reference spans with free other spans that pass `mode`'s test (and have the
/// same tag, when `same_tag`), greedily by Jaccard index; marks the paired ones as taken.
/// The pairs come in no particular order.
pub(super) fn pair_up(
    reference: &Spans,
    other: &Spans,
    mode: MatchMode,
    same_tag: bool,
    free_ref: &mut [bool],
    free_other: &mut [bool],
) -> Vec<(usize, usize)> {
    struct Candidate {
        inter: usize,
        union: usize,
        i: usize,
        j: usize,
    }
    // Only overlapping spans can pass. Walking the reference spans by start, the other spans
    // that can reach into the current one begin at `first` (which only moves forward, since
    // `reach` never falls) and end before the first one that starts after it ends.
    let mut candidates = Vec::new();
    let mut first = 0;
    for &i in &reference.by_start {
        let a = reference.list[i];
        while first < other.reach.len() && other.reach[first] <= a.range.start {
            first += 1;
        }
        if !free_ref[i] {
            continue;
        }
        for k in first..other.starts.len() {
            if other.starts[k] >= a.range.end {
                break;
            }
            let j = other.by_start[k];
            let b = other.list[j];
            if !free_other[j] || (same_tag && a.tag != b.tag) {
                continue;
            }
            let inter = a.range.intersection_len(b.range);
            if inter == 0 {
                continue;
            }
            let union = (span_len(a.range) - inter).saturating_add(span_len(b.range));
            if mode.accepts(inter, union) {
                candidates.push(Candidate { inter, union, i, j });
            }
        }
    }
    // A candidate that shares neither of its spans with another candidate is paired whatever
    // the order, so only the others need sorting. (Class matrices compare many pairs of
    // students, and most candidates are alone.)
    let mut uses_ref = vec![0u32; reference.list.len()];
    let mut uses_other = vec![0u32; other.list.len()];
    for c in &candidates {
        uses_ref[c.i] += 1;
        uses_other[c.j] += 1;
    }
    let (alone, mut contested): (Vec<Candidate>, Vec<Candidate>) = candidates
        .into_iter()
        .partition(|c| uses_ref[c.i] == 1 && uses_other[c.j] == 1);
    // Highest Jaccard first, compared exactly: a.inter / a.union > b.inter / b.union.
    contested.sort_unstable_by(|a, b| {
        let left = b.inter as u128 * a.union as u128;
        let right = a.inter as u128 * b.union as u128;
        left.cmp(&right).then(a.i.cmp(&b.i)).then(a.j.cmp(&b.j))
    });
    let mut pairs = Vec::with_capacity(alone.len());
    for c in alone.into_iter().chain(contested) {
        if free_ref[c.i] && free_other[c.j] {
            free_ref[c.i] = false;
            free_other[c.j] = false;
            pairs.push((c.i, c.j));
        }
    }
    pairs
}

fn ratio(numerator: usize, denominator: usize) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(tag: Tag, start: usize, end: usize) -> KeyClaim {
        KeyClaim {
            id: format!("k{start}"),
            tag,
            range: CharRange { start, end },
            explanation: String::new(),
        }
    }

    fn mark(tag: Tag, start: usize, end: usize) -> Mark {
        Mark {
            id: format!("m{start}"),
            tag,
            range: CharRange { start, end },
            note: String::new(),
        }
    }

    #[test]
    fn the_best_fitting_mark_takes_the_claim() {
        // Both marks pass the test against the claim; the one with the higher Jaccard wins even
        // though it comes second, and the other becomes extra.
        let key = [claim(Tag::STATEMENT, 0, 10)];
        let marks = [mark(Tag::STATEMENT, 0, 6), mark(Tag::STATEMENT, 0, 9)];
        let s = score(&key, &marks, MatchMode::Overlap(Threshold::HALF));
        assert_eq!(s.pairs, vec![(0, 1)]);
        assert_eq!(s.extra, vec![0]);
        assert_eq!(
            s.overall,
            Counts {
                correct: 1,
                extra: 1,
                missed: 0
            }
        );
    }

    #[test]
    fn jaccard_exactly_at_the_threshold_matches() {
        let key = [claim(Tag::DISPUTE, 0, 10)];
        let s = score(
            &key,
            &[mark(Tag::DISPUTE, 0, 5)],
            MatchMode::Overlap(Threshold::HALF),
        );
        assert_eq!(s.overall.correct, 1);
        let s = score(
            &key,
            &[mark(Tag::DISPUTE, 0, 4)],
            MatchMode::Overlap(Threshold::HALF),
        );
        assert_eq!(s.overall.correct, 0);
    }

    #[test]
    fn wrong_tags_land_off_the_diagonal() {
        let key = [claim(Tag::STATEMENT, 0, 10), claim(Tag::DISPUTE, 20, 30)];
        let marks = [mark(Tag::AGREEMENT, 0, 10), mark(Tag::DISPUTE, 40, 50)];
        let s = score(&key, &marks, MatchMode::Exact);
        assert_eq!(
            s.confusion.get(Some(Tag::STATEMENT), Some(Tag::AGREEMENT)),
            1
        );
        assert_eq!(s.confusion.get(Some(Tag::DISPUTE), None), 1);
        assert_eq!(s.confusion.get(None, Some(Tag::DISPUTE)), 1);
        assert_eq!(
            s.tag(Tag::STATEMENT),
            Counts {
                correct: 0,
                extra: 0,
                missed: 1
            }
        );
        assert_eq!(
            s.tag(Tag::AGREEMENT),
            Counts {
                correct: 0,
                extra: 1,
                missed: 0
            }
        );
    }

    #[test]
    fn undefined_figures_are_none() {
        let nothing = Counts::default();
        assert_eq!(
            (nothing.precision(), nothing.recall(), nothing.f1()),
            (None, None, None)
        );
        let no_marks = Counts {
            correct: 0,
            extra: 0,
            missed: 3,
        };
        assert_eq!(
            (no_marks.precision(), no_marks.recall(), no_marks.f1()),
            (None, Some(0.0), Some(0.0))
        );
    }

    #[test]
    fn reversed_and_huge_ranges_do_not_panic() {
        let key = [
            claim(Tag::STATEMENT, 9, 3),
            claim(Tag::STATEMENT, 0, usize::MAX),
        ];
        let marks = [
            mark(Tag::STATEMENT, 0, usize::MAX),
            mark(Tag::STATEMENT, 5, 2),
        ];
        for mode in [
            MatchMode::Exact,
            MatchMode::Overlap(Threshold::HALF),
            MatchMode::TagOnly,
        ] {
            assert_eq!(score(&key, &marks, mode).overall.correct, 1);
        }
    }

    /// Native only: proptest's random source does not build for wasm32.
    #[cfg(not(target_arch = "wasm32"))]
    mod matching {
        use super::super::*;
        use proptest::prelude::*;

        /// The matching as the module docs define it, over every pair: the indexed `pair_up` must
        /// agree with it.
        fn naive(reference: &[Span], other: &[Span], mode: MatchMode) -> Vec<(usize, usize)> {
            let mut candidates = Vec::new();
            for (i, a) in reference.iter().enumerate() {
                for (j, b) in other.iter().enumerate() {
                    let inter = a.range.intersection_len(b.range);
                    let union = span_len(a.range) + span_len(b.range) - inter;
                    if a.tag == b.tag && inter > 0 && mode.accepts(inter, union) {
                        candidates.push((inter, union, i, j));
                    }
                }
            }
            candidates.sort_by(|x, y| {
                (y.0 * x.1)
                    .cmp(&(x.0 * y.1))
                    .then((x.2, x.3).cmp(&(y.2, y.3)))
            });
            let (mut taken_ref, mut taken_other) =
                (vec![false; reference.len()], vec![false; other.len()]);
            let mut pairs = Vec::new();
            for (_, _, i, j) in candidates {
                if !taken_ref[i] && !taken_other[j] {
                    (taken_ref[i], taken_other[j]) = (true, true);
                    pairs.push((i, j));
                }
            }
            pairs.sort_unstable();
            pairs
        }

        fn spans() -> impl Strategy<Value = Vec<Span>> {
            let tag = prop_oneof![Just(Tag::STATEMENT), Just(Tag::AGREEMENT)];
            prop::collection::vec((tag, 0usize..40, 1usize..15), 0..12).prop_map(|v| {
                v.into_iter()
                    .map(|(tag, start, len)| Span {
                        tag,
                        range: CharRange {
                            start,
                            end: start + len,
                        },
                    })
                    .collect()
            })
        }

        proptest! {
            #[test]
            fn indexed_matching_equals_the_definition(a in spans(), b in spans(), t in 1u32..=10) {
                let threshold = Threshold::new(f64::from(t) / 10.0).expect("in range");
                for mode in [MatchMode::Exact, MatchMode::Overlap(threshold), MatchMode::TagOnly] {
                    let (mut free_a, mut free_b) = (vec![true; a.len()], vec![true; b.len()]);
                    let mut got = pair_up(&Spans::new(a.clone()), &Spans::new(b.clone()), mode, true, &mut free_a, &mut free_b);
                    got.sort_unstable();
                    prop_assert_eq!(got, naive(&a, &b, mode));
                }
            }
        }
    }

    #[test]
    fn thresholds_outside_zero_to_one_are_refused() {
        assert!(Threshold::new(0.0).is_none());
        assert!(Threshold::new(f64::NAN).is_none());
        assert!(Threshold::new(1.5).is_none());
        assert_eq!(Threshold::new(1.0).map(Threshold::value), Some(1.0));
    }
}
