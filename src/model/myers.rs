//! Myers' bit-parallel edit-distance search (G. Myers, "A fast bit-vector algorithm for
//! approximate string matching based on dynamic programming", J. ACM 46(3), 1999), in the
//! blocked form that runs patterns of any length on 64-bit words.
//!
//! The dynamic programme has one row per pattern character and one column per text position.
//! A column is kept as vertical deltas, one bit per row: `pv` marks rows whose value is one
//! more than the row above, `mv` rows whose value is one less. One text character updates a
//! block of 64 rows in about fifteen word operations, and each block hands the horizontal delta
//! of its bottom row to the block below (Hyyrö's formulation, as in edlib). The value of the
//! last row is tracked as a plain number.
//!
//! Everything counts code points: an edit inserts, deletes or replaces one `char`.
//!
//! Invariants:
//! - [`Pattern::scan`] reports exactly what the textbook dynamic programme computes; the
//!   property test at the bottom compares the two on random strings, across block boundaries.
//! - Nothing here panics on any input. An empty pattern is at distance 0 from the empty string.

/// Where a match may start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// Anywhere in the text: searching. The top row of the programme is all zeros.
    Anywhere,
    /// At the first character of the text: aligning the pattern with a prefix of the text.
    /// The top row counts up from zero.
    AtTextStart,
}

/// A pattern prepared for scanning: for each character, the rows where it occurs.
#[derive(Clone, Debug)]
pub struct Pattern {
    len: usize,
    blocks: usize,
    /// `ascii[c * blocks + b]` has a bit set for each row of block `b` that holds ASCII `c`.
    ascii: Vec<u64>,
    /// The pattern's other characters, sorted; `masks[i * blocks + b]` belongs to `others[i]`.
    others: Vec<char>,
    masks: Vec<u64>,
    /// The masks of a character the pattern does not hold.
    zeros: Vec<u64>,
}

impl Pattern {
    pub fn new(pattern: &[char]) -> Pattern {
        let len = pattern.len();
        let blocks = len.div_ceil(64);
        let mut ascii = vec![0; 128 * blocks];
        let mut others: Vec<char> = pattern.iter().copied().filter(|c| !c.is_ascii()).collect();
        others.sort_unstable();
        others.dedup();
        let mut masks = vec![0; others.len() * blocks];
        for (row, &c) in pattern.iter().enumerate() {
            let (block, bit) = (row / 64, 1u64 << (row % 64));
            if c.is_ascii() {
                ascii[c as usize * blocks + block] |= bit;
            } else if let Ok(i) = others.binary_search(&c) {
                masks[i * blocks + block] |= bit;
            }
        }
        Pattern {
            len,
            blocks,
            ascii,
            others,
            masks,
            zeros: vec![0; blocks],
        }
    }

    /// The number of code points in the pattern.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The work a scan of `text_len` characters takes, in block updates.
    pub fn cost(&self, text_len: usize) -> u64 {
        (self.blocks.max(1) as u64).saturating_mul(text_len as u64)
    }

    /// Calls `each(end, distance)` for every `end` in `0..=text.len()`, in order. With
    /// [`Start::Anywhere`], `distance` is the least edit distance between the pattern and any
    /// `text[start..end]`; with [`Start::AtTextStart`], between the pattern and `text[..end]`.
    pub fn scan(&self, text: &[char], start: Start, mut each: impl FnMut(usize, usize)) {
        if self.len == 0 {
            for end in 0..=text.len() {
                each(end, if start == Start::Anywhere { 0 } else { end });
            }
            return;
        }
        let top: i32 = match start {
            Start::Anywhere => 0,
            Start::AtTextStart => 1,
        };
        let last_row = 1u64 << ((self.len - 1) % 64);
        let mut score = self.len;
        each(0, score);
        if self.blocks == 1 {
            let (mut pv, mut mv) = (!0u64, 0u64);
            for (j, &c) in text.iter().enumerate() {
                let (ph, mh) = step(&mut pv, &mut mv, self.mask(c)[0], top);
                score = moved(score, ph, mh, last_row);
                each(j + 1, score);
            }
            return;
        }
        // Each block's (pv, mv).
        let mut column = vec![(!0u64, 0u64); self.blocks];
        for (j, &c) in text.iter().enumerate() {
            let mut hin = top;
            let mut bottom = (0, 0);
            for ((pv, mv), &eq) in column.iter_mut().zip(self.mask(c)) {
                bottom = step(pv, mv, eq, hin);
                hin = (bottom.0 >> 63) as i32 - (bottom.1 >> 63) as i32;
            }
            score = moved(score, bottom.0, bottom.1, last_row);
            each(j + 1, score);
        }
    }

    /// The distances [`Pattern::scan`] reports, indexed by end position.
    pub fn distances(&self, text: &[char], start: Start) -> Vec<usize> {
        let mut out = Vec::with_capacity(text.len() + 1);
        self.scan(text, start, |_, d| out.push(d));
        out
    }

    /// The edit distance between the pattern and the whole of `text`.
    pub fn distance_to(&self, text: &[char]) -> usize {
        let mut last = self.len;
        self.scan(text, Start::AtTextStart, |_, d| last = d);
        last
    }

    fn mask(&self, c: char) -> &[u64] {
        if c.is_ascii() {
            let i = c as usize * self.blocks;
            &self.ascii[i..i + self.blocks]
        } else {
            match self.others.binary_search(&c) {
                Ok(i) => &self.masks[i * self.blocks..(i + 1) * self.blocks],
                Err(_) => &self.zeros,
            }
        }
    }
}

/// An approximate occurrence: `text[start..end]` is `distance` edits away from the pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub distance: usize,
}

/// A pattern prepared for finding occurrences: scanned forwards for where matches end, and
/// backwards (reversed) for where each one starts.
#[derive(Clone, Debug)]
pub struct Searcher {
    forward: Pattern,
    backward: Pattern,
}

impl Searcher {
    pub fn new(pattern: &[char]) -> Searcher {
        let reversed: Vec<char> = pattern.iter().rev().copied().collect();
        Searcher {
            forward: Pattern::new(pattern),
            backward: Pattern::new(&reversed),
        }
    }

    pub fn pattern(&self) -> &Pattern {
        &self.forward
    }

    /// The occurrences in `text` with at most `max_distance` edits, fewest edits first (then in
    /// text order), at most `limit` of them. There is one per local minimum of the distance;
    /// where a run of end positions ties, the last one is kept. Empty occurrences are left out.
    pub fn find(&self, text: &[char], max_distance: usize, limit: usize) -> Vec<Hit> {
        self.find_preferring(text, max_distance, limit, |_| false, |_| false)
    }

    /// Like [`Searcher::find`], but where equally good ends or starts tie, one for which
    /// `end_ok` (or `start_ok`) holds is taken: word boundaries, say. Positions are offsets
    /// into `text`, `0..=text.len()`.
    pub fn find_preferring(
        &self,
        text: &[char],
        max_distance: usize,
        limit: usize,
        start_ok: impl Fn(usize) -> bool,
        end_ok: impl Fn(usize) -> bool,
    ) -> Vec<Hit> {
        if self.forward.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut ends: Vec<(usize, usize)> = Vec::new();
        // The best end so far of the current run of equal distances, while that run may still be
        // a local minimum: (end, distance, preferred).
        let mut pending: Option<(usize, usize, bool)> = None;
        let mut previous = usize::MAX;
        self.forward.scan(text, Start::Anywhere, |end, d| {
            if let Some((e, pd, preferred)) = pending {
                if d == pd {
                    let ok = end_ok(end);
                    if ok || !preferred {
                        pending = Some((end, d, ok));
                    }
                    previous = d;
                    return;
                }
                if d > pd {
                    ends.push((pd, e));
                }
                pending = None;
            }
            if end > 0 && d <= max_distance && d <= previous {
                pending = Some((end, d, end_ok(end)));
            }
            previous = d;
        });
        if let Some((e, d, _)) = pending {
            ends.push((d, e));
        }
        ends.sort_unstable();
        ends.truncate(limit);
        ends.into_iter()
            .filter_map(|(_, end)| self.start_of(text, end, max_distance, &start_ok))
            .collect()
    }

    /// The best occurrence that ends exactly at `end`, looking back at most the pattern's
    /// length plus `max_distance`. Of equally good starts, one where `start_ok` holds is
    /// preferred, then the one making the occurrence's length closest to the pattern's.
    pub fn start_of(
        &self,
        text: &[char],
        end: usize,
        max_distance: usize,
        start_ok: impl Fn(usize) -> bool,
    ) -> Option<Hit> {
        let end = end.min(text.len());
        let m = self.forward.len();
        let lo = end.saturating_sub(m.saturating_add(max_distance));
        let reversed: Vec<char> = text[lo..end].iter().rev().copied().collect();
        // (distance, not preferred, |len - m|, len)
        let mut best: Option<(usize, bool, usize, usize)> = None;
        self.backward.scan(&reversed, Start::AtTextStart, |len, d| {
            let key = (d, !start_ok(end - len), len.abs_diff(m), len);
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        });
        let (distance, _, _, len) = best?;
        (len > 0).then_some(Hit {
            start: end - len,
            end,
            distance,
        })
    }
}

/// One column step of one block. `hin` is the horizontal delta (-1, 0 or +1) entering the
/// block's top row; returns the horizontal deltas of every row, before the shift, as (+1, -1)
/// masks, so the caller can read the delta of any row (the bottom row's goes to the next block).
#[inline(always)]
fn step(pv: &mut u64, mv: &mut u64, eq: u64, hin: i32) -> (u64, u64) {
    let (p, m) = (*pv, *mv);
    let hin_neg = u64::from(hin < 0);
    let hin_pos = u64::from(hin > 0);
    let xv = eq | m;
    let eq = eq | hin_neg;
    let xh = ((eq & p).wrapping_add(p) ^ p) | eq;
    let ph = m | !(xh | p);
    let mh = p & xh;
    let ph_shifted = (ph << 1) | hin_pos;
    let mh_shifted = (mh << 1) | hin_neg;
    *pv = mh_shifted | !(xv | ph_shifted);
    *mv = ph_shifted & xv;
    (ph, mh)
}

/// The last row's value after a step, from the horizontal delta at its bit.
#[inline(always)]
fn moved(score: usize, ph: u64, mh: u64, last_row: u64) -> usize {
    if ph & last_row != 0 {
        score + 1
    } else if mh & last_row != 0 {
        score.saturating_sub(1)
    } else {
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The textbook dynamic programme, column by column.
    fn naive(pattern: &[char], text: &[char], start: Start) -> Vec<usize> {
        let m = pattern.len();
        let mut column: Vec<usize> = (0..=m).collect();
        let mut out = vec![column[m]];
        for (j, &c) in text.iter().enumerate() {
            let mut next = vec![0; m + 1];
            next[0] = match start {
                Start::Anywhere => 0,
                Start::AtTextStart => j + 1,
            };
            for i in 1..=m {
                let substitute = column[i - 1] + usize::from(pattern[i - 1] != c);
                next[i] = substitute.min(column[i] + 1).min(next[i - 1] + 1);
            }
            column = next;
            out.push(column[m]);
        }
        out
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn finds_an_exact_occurrence() {
        let s = Searcher::new(&chars("needle"));
        let hits = s.find(&chars("a haystack with a needle in it"), 0, 4);
        assert_eq!(
            hits,
            vec![Hit {
                start: 18,
                end: 24,
                distance: 0
            }]
        );
    }

    #[test]
    fn finds_an_occurrence_with_a_typo_and_its_start() {
        let text = chars("the committee aproved the budget on Tuesday");
        let s = Searcher::new(&chars("approved the budget"));
        let hit = s.find(&text, 3, 4)[0];
        assert_eq!(hit.distance, 1);
        assert_eq!(
            text[hit.start..hit.end].iter().collect::<String>(),
            "aproved the budget"
        );
    }

    #[test]
    fn long_patterns_span_blocks() {
        let pattern: String = (0..300)
            .map(|i| char::from(b'a' + (i * 7 % 26) as u8))
            .collect();
        let mut text = String::from("prefix ");
        text.push_str(&pattern[..150]);
        text.push('X'); // An inserted character.
        text.push_str(&pattern[150..]);
        text.push_str(" suffix");
        let s = Searcher::new(&chars(&pattern));
        let hit = s.find(&chars(&text), 10, 2)[0];
        assert_eq!((hit.start, hit.end, hit.distance), (7, 308, 1));
    }

    #[test]
    fn non_ascii_and_empty_inputs() {
        let s = Searcher::new(&chars("👨‍👩‍👧 café"));
        let hits = s.find(&chars("ein 👨‍👩‍👧 cafe"), 2, 4);
        assert_eq!(hits[0].distance, 1);
        assert!(Searcher::new(&[]).find(&chars("abc"), 3, 4).is_empty());
        assert!(s.find(&[], 3, 4).is_empty());
        assert_eq!(
            Pattern::new(&[]).distances(&chars("ab"), Start::AtTextStart),
            vec![0, 1, 2]
        );
        assert_eq!(Pattern::new(&chars("ab")).distance_to(&[]), 2);
    }

    fn string_over(alphabet: &'static [char], max: usize) -> impl Strategy<Value = Vec<char>> {
        prop::collection::vec(prop::sample::select(alphabet), 0..max)
    }

    const SMALL: &[char] = &['a', 'b', 'c', ' ', 'é', '😀'];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn agrees_with_the_dynamic_programme(
            pattern in string_over(SMALL, 12),
            text in string_over(SMALL, 40),
        ) {
            for start in [Start::Anywhere, Start::AtTextStart] {
                let p = Pattern::new(&pattern);
                prop_assert_eq!(p.distances(&text, start), naive(&pattern, &text, start));
            }
        }

        #[test]
        fn agrees_across_blocks(
            pattern in string_over(&['a', 'b', 'c', 'd'], 200),
            text in string_over(&['a', 'b', 'c', 'd', 'x'], 120),
        ) {
            for start in [Start::Anywhere, Start::AtTextStart] {
                let p = Pattern::new(&pattern);
                prop_assert_eq!(p.distances(&text, start), naive(&pattern, &text, start));
            }
        }

        #[test]
        fn hits_are_what_they_claim(
            pattern in string_over(SMALL, 20),
            text in string_over(SMALL, 60),
            k in 0usize..6,
        ) {
            let s = Searcher::new(&pattern);
            let best = naive(&pattern, &text, Start::Anywhere);
            for hit in s.find(&text, k, 8) {
                prop_assert!(hit.start < hit.end && hit.end <= text.len());
                prop_assert!(hit.distance <= k);
                prop_assert_eq!(hit.distance, best[hit.end]);
                let exact = Pattern::new(&pattern).distance_to(&text[hit.start..hit.end]);
                prop_assert_eq!(exact, hit.distance);
            }
        }
    }
}
