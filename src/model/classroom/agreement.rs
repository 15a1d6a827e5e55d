//! How far the students agree with each other, whatever the key says.
//!
//! Units. Every code point of the document text that is not whitespace (Rust's
//! `char::is_whitespace`, Unicode's White_Space property) is one unit. A student's category for
//! a unit is the tag of their mark covering it, or *untagged*. Where several of the student's
//! marks cover it, the shortest decides; between marks of equal length the one that starts
//! first, then the tag first in the set's order. Every student rates every unit, so the data has no
//! gaps, and the categories (untagged and each tag) are nominal.
//!
//! Figures:
//! - Cohen's κ for every pair of students: (p_o − p_e) / (1 − p_e), where p_o is the share of
//!   units on which the two agree and p_e = Σ_c p_a(c)·p_b(c) uses each student's own shares.
//! - Fleiss' κ over the whole class.
//! - Krippendorff's α with the nominal metric, over the whole class.
//! - Span F1 between two students: the F1 of one student's marks against the other's as in
//!   overlap mode of [`scoring`](super::scoring) (same tag, Jaccard at least the threshold,
//!   greedy one to one). It is symmetric; a student against themself is 1.
//!
//! Undefined figures are `None`, never NaN:
//! - κ and α when the expected disagreement is zero, that is when every rating falls in one
//!   category (two students who both marked nothing; a class that all tagged every unit the
//!   same). Observed agreement is then perfect too, but chance explains all of it, so the
//!   statistic is 0/0. The reference implementations (scikit-learn, statsmodels,
//!   `krippendorff`) give NaN there.
//! - Fleiss' κ and α with fewer than two students, and every figure when there are no units.
//! - Span F1 between two students who both marked nothing.
//!
//! The matrices are `n × n` for `n` students, in the order given; cell `[a][b]` equals `[b][a]`.

use crate::model::tags::{Tag, TagSet};
use crate::model::text::Document;

use super::exercise::Mark;
use super::scoring::{pair_up, MatchMode, Span, Spans, Threshold};
use super::span_len;

/// The class's agreement figures; see the module docs.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreement {
    /// How many units (non-whitespace code points) the text has.
    pub units: usize,
    /// Cohen's κ for every pair of students.
    pub cohen: Vec<Vec<Option<f64>>>,
    pub fleiss: Option<f64>,
    pub alpha: Option<f64>,
    /// Span F1 between every pair of students.
    pub span_f1: Vec<Vec<Option<f64>>>,
}

/// One student's category for every unit of `doc`, in text order: the tag, or `None` for
/// untagged.
pub fn units(doc: &Document, tags: &TagSet, marks: &[Mark]) -> Vec<Option<Tag>> {
    let categories = Categories::new(tags, [marks]);
    labels(doc.char_len(), &unit_positions(doc), marks, &categories)
        .into_iter()
        .map(|c| categories.tag_of(c))
        .collect()
}

/// The agreement figures of a class; `students[i]` holds student `i`'s marks.
pub fn agreement(
    doc: &Document,
    tags: &TagSet,
    students: &[&[Mark]],
    threshold: Threshold,
) -> Agreement {
    let positions = unit_positions(doc);
    let categories = Categories::new(tags, students.iter().copied());
    let labels: Vec<Vec<u8>> = students
        .iter()
        .map(|marks| labels(doc.char_len(), &positions, marks, &categories))
        .collect();
    let width = categories.len();
    let mut shares = vec![vec![0u64; width]; students.len()];
    let mut table = vec![vec![0u32; width]; positions.len()];
    for (student, labels) in labels.iter().enumerate() {
        for (unit, &label) in labels.iter().enumerate() {
            shares[student][usize::from(label)] += 1;
            table[unit][usize::from(label)] += 1;
        }
    }
    // Marks make long runs of one category, so pairs are compared run by run.
    let runs: Vec<Vec<(usize, u8)>> = labels.iter().map(|l| runs(l)).collect();
    let n = students.len();
    let mut cohen = vec![vec![None; n]; n];
    for a in 0..n {
        for b in a..n {
            let k = cohen_kappa(&runs[a], &runs[b], &shares[a], &shares[b]);
            cohen[a][b] = k;
            cohen[b][a] = k;
        }
    }
    let (fleiss, alpha) = class_figures(&table, n);
    Agreement {
        units: positions.len(),
        cohen,
        fleiss,
        alpha,
        span_f1: span_f1_matrix(students, threshold),
    }
}

/// The categories: untagged, then every tag of the set in its order, then any tag the marks
/// carry that the set lacks (in the order met). Stored as `u8`: a set has at most 20 tags, and
/// more than 255 categories would need marks with over 230 tags beyond the set, which the
/// importers refuse; any further tag shares the last category.
struct Categories(Vec<Tag>);

impl Categories {
    fn new<'a>(tags: &TagSet, students: impl IntoIterator<Item = &'a [Mark]>) -> Categories {
        let mut all: Vec<Tag> = tags.tags().collect();
        for marks in students {
            for m in marks {
                if !all.contains(&m.tag) && all.len() < usize::from(u8::MAX) {
                    all.push(m.tag);
                }
            }
        }
        Categories(all)
    }

    /// Untagged and every tag.
    fn len(&self) -> usize {
        self.0.len() + 1
    }

    /// A category as stored: 0 for untagged, 1 + the tag's position otherwise.
    fn of(&self, tag: Option<Tag>) -> u8 {
        tag.map_or(0, |t| {
            let i = self
                .0
                .iter()
                .position(|&x| x == t)
                .unwrap_or(self.0.len() - 1);
            (1 + i) as u8
        })
    }

    /// The tag of a stored category, `None` for untagged.
    fn tag_of(&self, category: u8) -> Option<Tag> {
        usize::from(category)
            .checked_sub(1)
            .and_then(|i| self.0.get(i).copied())
    }
}

/// The code-point offsets of the units.
fn unit_positions(doc: &Document) -> Vec<usize> {
    doc.text()
        .chars()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, _)| i)
        .collect()
}

/// A student's category for each unit (see [`category`]).
fn labels(len: usize, positions: &[usize], marks: &[Mark], categories: &Categories) -> Vec<u8> {
    let mut painted = vec![0u8; len];
    // Paint the least preferred mark first so that the preferred one is painted last and shows:
    // longest first, then later start, then later tag.
    let mut order: Vec<&Mark> = marks.iter().collect();
    order.sort_by(|a, b| {
        span_len(b.range)
            .cmp(&span_len(a.range))
            .then(b.range.start.cmp(&a.range.start))
            .then(categories.of(Some(b.tag)).cmp(&categories.of(Some(a.tag))))
    });
    for m in order {
        let (start, end) = (m.range.start.min(len), m.range.end.min(len));
        if start < end {
            painted[start..end].fill(categories.of(Some(m.tag)));
        }
    }
    positions.iter().map(|&p| painted[p]).collect()
}

/// The maximal runs of equal labels, as (end, label) with `end` exclusive.
fn runs(labels: &[u8]) -> Vec<(usize, u8)> {
    let mut out: Vec<(usize, u8)> = Vec::new();
    for (i, &label) in labels.iter().enumerate() {
        match out.last_mut() {
            Some(last) if last.1 == label => last.0 = i + 1,
            _ => out.push((i + 1, label)),
        }
    }
    out
}

/// Cohen's κ of two students given the runs of their labels over the same units and their
/// category counts.
fn cohen_kappa(
    a: &[(usize, u8)],
    b: &[(usize, u8)],
    a_counts: &[u64],
    b_counts: &[u64],
) -> Option<f64> {
    let units: u64 = a_counts.iter().sum();
    let (mut i, mut j, mut at, mut agree) = (0, 0, 0, 0);
    while i < a.len() && j < b.len() {
        let end = a[i].0.min(b[j].0);
        if a[i].1 == b[j].1 {
            agree += end - at;
        }
        at = end;
        i += usize::from(a[i].0 == end);
        j += usize::from(b[j].0 == end);
    }
    // With N units, p_o = agree / N and p_e = chance / N², so κ = (N·agree − chance) / (N² − chance).
    let (units, agree) = (i128::from(units), agree as i128);
    let chance: i128 = a_counts
        .iter()
        .zip(b_counts)
        .map(|(&x, &y)| i128::from(x) * i128::from(y))
        .sum();
    let denominator = units * units - chance;
    (denominator != 0).then(|| (units * agree - chance) as f64 / denominator as f64)
}

/// Fleiss' κ and Krippendorff's α (nominal) from the per-unit category counts of `raters`
/// raters who each rated every unit.
fn class_figures<R: AsRef<[u32]>>(table: &[R], raters: usize) -> (Option<f64>, Option<f64>) {
    if raters < 2 || table.is_empty() {
        return (None, None);
    }
    let m = raters as f64;
    let units = table.len() as f64;
    // Every rating, and the sums both statistics are made of.
    let total = units * m;
    let same_pairs: f64 = table
        .iter()
        .flat_map(|row| row.as_ref().iter())
        .map(|&c| f64::from(c) * f64::from(c))
        .sum();
    let mut column = vec![0f64; table[0].as_ref().len()];
    for row in table {
        for (sum, &c) in column.iter_mut().zip(row.as_ref()) {
            *sum += f64::from(c);
        }
    }
    let column_squares: f64 = column.iter().map(|c| c * c).sum();
    if column_squares == total * total {
        return (None, None);
    }

    // Fleiss: mean agreement per unit P̄ against chance P̄e = Σ p_c².
    let observed = (same_pairs - total) / (total * (m - 1.0));
    let chance = column_squares / (total * total);
    let fleiss = (observed - chance) / (1.0 - chance);

    // Krippendorff: α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k with the coincidences
    // o_cc = Σ_u n_uc(n_uc − 1) / (m − 1).
    let coincident = (same_pairs - total) / (m - 1.0);
    let alpha = 1.0 - (total - 1.0) * (total - coincident) / (total * total - column_squares);
    (Some(fleiss), Some(alpha))
}

fn span_f1_matrix(students: &[&[Mark]], threshold: Threshold) -> Vec<Vec<Option<f64>>> {
    let spans: Vec<Spans> = students
        .iter()
        .map(|marks| Spans::new(marks.iter().map(Span::from).collect()))
        .collect();
    let n = spans.len();
    let mut matrix = vec![vec![None; n]; n];
    for a in 0..n {
        matrix[a][a] = (!spans[a].list.is_empty()).then_some(1.0);
        for b in a + 1..n {
            let (x, y) = (&spans[a], &spans[b]);
            let mut free_x = vec![true; x.list.len()];
            let mut free_y = vec![true; y.list.len()];
            let matched = pair_up(
                x,
                y,
                MatchMode::Overlap(threshold),
                true,
                &mut free_x,
                &mut free_y,
            )
            .len();
            let total = x.list.len() + y.list.len();
            let f1 = (total > 0).then(|| (2 * matched) as f64 / total as f64);
            matrix[a][b] = f1;
            matrix[b][a] = f1;
        }
    }
    matrix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fleiss_and_alpha_on_a_hand_computed_table() {
        // Three raters, four units:
        //   unit 1: s s s   unit 2: s s .   unit 3: . . .   unit 4: d . .
        // Fleiss: P_i = (Σ n² − 3) / 6 → 1, 1/3, 1, 1/3; P̄ = 2/3.
        // p = (6/12 untagged, 5/12 statement, 1/12 dispute); P̄e = (36 + 25 + 1) / 144 = 62/144.
        // κ = (2/3 − 62/144) / (1 − 62/144) = (96 − 62) / (144 − 62) = 34/82.
        // α: total 12, coincident = (Σ n² − 12) / 2 = (9 + 5 + 9 + 5 − 12) / 2 = 8,
        // α = 1 − 11 · (12 − 8) / (144 − 62) = 1 − 44/82 = 38/82.
        // (statsmodels' fleiss_kappa and the krippendorff package agree.)
        let table = [[0, 3, 0, 0], [1, 2, 0, 0], [3, 0, 0, 0], [2, 0, 0, 1]];
        let (fleiss, alpha) = class_figures(&table, 3);
        assert!((fleiss.unwrap() - 34.0 / 82.0).abs() < 1e-12);
        assert!((alpha.unwrap() - 38.0 / 82.0).abs() < 1e-12);
    }

    #[test]
    fn cohen_on_a_hand_computed_pair() {
        // a: s s . . ; b: s . . .  → agree 3 of 4; a: 2 s 2 untagged, b: 1 s 3 untagged.
        // p_o = 3/4, p_e = (2·3 + 2·1) / 16 = 1/2, κ = (3/4 − 1/2) / (1/2) = 1/2.
        let (a, b) = ([1, 1, 0, 0], [1, 0, 0, 0]);
        let k = cohen_kappa(&runs(&a), &runs(&b), &[2, 2, 0, 0], &[3, 1, 0, 0]);
        assert_eq!(k, Some(0.5));
    }

    #[test]
    fn one_category_everywhere_is_undefined() {
        assert_eq!(
            cohen_kappa(&runs(&[0, 0]), &runs(&[0, 0]), &[2, 0, 0, 0], &[2, 0, 0, 0]),
            None
        );
        assert_eq!(
            class_figures(&[[3, 0, 0, 0], [3, 0, 0, 0]], 3),
            (None, None)
        );
        assert_eq!(class_figures(&[[0, 1, 0, 0]], 1), (None, None));
        assert_eq!(class_figures::<[u32; 4]>(&[], 3), (None, None));
    }
}
