//! How an old text became a new one: the stretches of the old text that survive unchanged, and
//! where they are now. Re-anchoring reads every annotation through this before it searches.
//!
//! The alignment is found top-down, so that a megabyte costs milliseconds:
//! 1. Blocks (paragraphs) are matched by their whitespace-normalised text, patience-diff style:
//!    blocks unique on both sides and in the same order are matched, and the stretches between
//!    them are matched the same way, recursively. Unique blocks left over on both sides moved.
//! 2. Between two matched blocks, the remaining old and new blocks are paired by the
//!    four-character sequences they share: the in-order chain of pairs with the greatest total
//!    similarity (so a block deleted next to an edited one is not paired with it). Blocks still
//!    unpaired on both sides are paired when very alike: moved and edited.
//! 3. Each pair of blocks that differ is trimmed of its common start and end, and the middle is
//!    diffed code point by code point (Myers' O(ND) diff); a long middle is first split at word
//!    trigrams unique on both sides.
//!
//! Invariants:
//! - Runs are disjoint in the old text and disjoint in the new text, and each joins identical
//!   code points: `old[r.old..r.old + r.len] == new[r.new..r.new + r.len]`.
//! - A run found by the code-point diff is at least [`MIN_RUN`] long, so that two unrelated
//!   passages never look related because they share a letter or a short word.
//! - Work is bounded: a changed stretch too large to diff is left unaligned, as new text.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use crate::model::text::{CharRange, Document};

/// The shortest run the code-point diff reports.
pub const MIN_RUN: usize = 8;

/// The longest middle (old and new together) diffed code point by code point.
const DIFF_MAX_LEN: usize = 4096;
/// The most edits the code-point diff looks for before it gives up.
const DIFF_MAX_EDITS: usize = 640;
/// How often a long middle may be split at word trigrams.
const MAX_DEPTH: u32 = 4;
/// The least share of four-character sequences two blocks have in common to be paired.
const MIN_SIMILARITY: f32 = 0.4;
/// The least share of the smaller block's four-character sequences found in the larger for the
/// two to be paired as one block that grew or shrank.
const CONTAINED: f32 = 0.8;
/// The least share of four-character sequences a moved and edited block keeps.
const MOVE_SIMILARITY: f32 = 0.5;
/// Four-character sequences found in more blocks than this are not used to find alike blocks.
const RARE_POSTINGS: usize = 64;
/// How many old blocks are scored as partners of each new block.
const CANDIDATES: usize = 3;

/// A stretch of identical code points: `old[old..old + len] == new[new..new + len]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    pub old: usize,
    pub new: usize,
    pub len: usize,
}

impl Run {
    fn old_end(self) -> usize {
        self.old + self.len
    }

    fn new_end(self) -> usize {
        self.new + self.len
    }
}

/// Where the surviving code points of an old range are in the new text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Image {
    /// How many code points of the range survive.
    pub survived: usize,
    /// The range the old one became, judged from its first and last surviving code points;
    /// `None` when nothing survives or the survivors are scattered (parts moved apart).
    pub predicted: Option<CharRange>,
}

/// The alignment of an old text with a new one.
#[derive(Clone, Debug, Default)]
pub struct Alignment {
    /// Sorted by `old` (and, apart from moved blocks, by `new`).
    runs: Vec<Run>,
    /// Indexes into `runs`, sorted by `new`.
    by_new: Vec<usize>,
    /// The parts of the new text no run covers, in order.
    unexplained: Vec<CharRange>,
    new_len: usize,
}

impl Alignment {
    /// The alignment of `old` with `new`; `old_chars` and `new_chars` are their texts' code points.
    #[cfg(test)]
    pub fn new(
        old: &Document,
        new: &Document,
        old_chars: &[char],
        new_chars: &[char],
    ) -> Alignment {
        Aligner::new(old, new, old_chars, new_chars).finish(old_chars, new_chars)
    }

    /// The surviving code points of an old range, and the range they suggest in the new text.
    pub fn image(&self, range: CharRange) -> Image {
        let mut survived = 0;
        let mut first: Option<(usize, usize)> = None; // (old, new) of the first survivor
        let mut last: Option<(usize, usize)> = None;
        let mut in_order = true;
        let from = self.runs.partition_point(|r| r.old_end() <= range.start);
        for r in self.runs[from..].iter().take_while(|r| r.old < range.end) {
            let (start, end) = (r.old.max(range.start), r.old_end().min(range.end));
            if start >= end {
                continue;
            }
            survived += end - start;
            let at = |o: usize| (o, r.new + (o - r.old));
            if let Some((_, new_last)) = last {
                in_order &= at(start).1 > new_last;
            }
            first.get_or_insert(at(start));
            last = Some(at(end - 1));
        }
        let predicted = match (first, last) {
            (Some((of, nf)), Some((ol, nl))) if in_order => {
                let start = nf.saturating_sub(of - range.start);
                let end = nl + 1 + (range.end - 1 - ol);
                // A range that grew far beyond its old length spans a big insertion: no prediction.
                (end - start <= 2 * range.len() + 64).then_some(CharRange { start, end })
            }
            _ => None,
        };
        Image {
            survived,
            predicted,
        }
    }

    /// The stretch of new text between the images of the code points that survive nearest
    /// before and after an old range: what the range and its changed surroundings became.
    pub fn gap(&self, range: CharRange) -> CharRange {
        let before = self.runs.partition_point(|r| r.old < range.start);
        let start = before.checked_sub(1).map_or(0, |i| {
            let r = self.runs[i];
            r.new + (range.start.min(r.old_end()) - r.old)
        });
        let after = self.runs.partition_point(|r| r.old_end() <= range.end);
        let end = self
            .runs
            .get(after)
            .map_or(self.new_len, |r| r.new + (range.end.max(r.old) - r.old));
        CharRange {
            start,
            end: end.max(start),
        }
    }

    /// Where an old offset would be in the new text, judged from the nearest run before it.
    pub fn project(&self, offset: usize) -> usize {
        let i = self.runs.partition_point(|r| r.old <= offset);
        match i.checked_sub(1).map(|i| self.runs[i]) {
            Some(r) if offset < r.old_end() => r.new + (offset - r.old),
            Some(r) => r.new_end() + (offset - r.old_end()),
            None => offset,
        }
    }

    /// How many code points of a new range come from old text outside `own`: text that was
    /// already there, somewhere else, before the edit.
    pub fn foreign(&self, range: CharRange, own: Option<CharRange>) -> usize {
        let from = self
            .by_new
            .partition_point(|&i| self.runs[i].new_end() <= range.start);
        let mut count = 0;
        for r in self.by_new[from..]
            .iter()
            .map(|&i| self.runs[i])
            .take_while(|r| r.new < range.end)
        {
            let (start, end) = (r.new.max(range.start), r.new_end().min(range.end));
            if start >= end {
                continue;
            }
            let old = CharRange {
                start: r.old + (start - r.new),
                end: r.old + (end - r.new),
            };
            count += old.len() - own.map_or(0, |o| old.intersection_len(o));
        }
        count
    }

    /// The parts of the new text that no run explains: inserted or rewritten text.
    pub fn unexplained(&self) -> &[CharRange] {
        &self.unexplained
    }

    /// Sorts and cleans the runs: adjacent runs are joined and overlapping ones dropped, so the
    /// invariants hold whatever the steps above produced.
    fn from_runs(mut runs: Vec<Run>, new_len: usize) -> Alignment {
        runs.retain(|r| r.len > 0);
        runs.sort_unstable_by_key(|r| (r.old, r.new));
        let mut joined: Vec<Run> = Vec::with_capacity(runs.len());
        for r in runs {
            match joined.last_mut() {
                Some(p) if p.old_end() == r.old && p.new_end() == r.new => p.len += r.len,
                Some(p) if p.old_end() > r.old => {}
                _ => joined.push(r),
            }
        }
        let mut by_new: Vec<usize> = (0..joined.len()).collect();
        by_new.sort_unstable_by_key(|&i| joined[i].new);
        let mut keep = vec![true; joined.len()];
        let mut reach = 0;
        for &i in &by_new {
            if joined[i].new < reach {
                keep[i] = false;
            } else {
                reach = joined[i].new_end();
            }
        }
        if keep.iter().any(|k| !k) {
            let mut k = keep.iter();
            joined.retain(|_| *k.next().unwrap_or(&true));
            by_new = (0..joined.len()).collect();
            by_new.sort_unstable_by_key(|&i| joined[i].new);
        }
        let mut unexplained = Vec::new();
        let mut at = 0;
        for &i in &by_new {
            let r = joined[i];
            if r.new > at {
                unexplained.push(CharRange {
                    start: at,
                    end: r.new,
                });
            }
            at = at.max(r.new_end());
        }
        if at < new_len {
            unexplained.push(CharRange {
                start: at,
                end: new_len,
            });
        }
        Alignment {
            runs: joined,
            by_new,
            unexplained,
            new_len,
        }
    }
}

/// [`Alignment::new`] a piece at a time: [`Aligner::new`] matches the unchanged blocks, each
/// [`Aligner::step`] aligns the blocks between the next few matched pairs, and
/// [`Aligner::finish`] pairs the moved blocks and gathers the runs. The code points given to each
/// call must be those given to `new`.
#[derive(Clone, Debug)]
pub struct Aligner {
    old_blocks: Vec<CharRange>,
    new_blocks: Vec<CharRange>,
    /// Blocks unchanged and in order on both sides, then the end of both texts.
    matched: Vec<(usize, usize)>,
    /// Unchanged blocks that moved.
    moves: Vec<(usize, usize)>,
    /// Blocks already given a partner, on each side.
    used_old: Vec<bool>,
    used_new: Vec<bool>,
    /// The next of `matched` to align the blocks before, and the first blocks after the last.
    next: usize,
    next_old: usize,
    next_new: usize,
    runs: Vec<Run>,
}

impl Aligner {
    pub fn new(old: &Document, new: &Document, old_chars: &[char], new_chars: &[char]) -> Aligner {
        let old_blocks: Vec<CharRange> = old.blocks().iter().map(|b| b.range).collect();
        let new_blocks: Vec<CharRange> = new.blocks().iter().map(|b| b.range).collect();
        let old_keys: Vec<u64> = old_blocks
            .iter()
            .map(|r| normalized_hash(&old_chars[r.start..r.end]))
            .collect();
        let new_keys: Vec<u64> = new_blocks
            .iter()
            .map(|r| normalized_hash(&new_chars[r.start..r.end]))
            .collect();
        let mut matched = patience(&old_keys, &new_keys);
        let moves = moved_blocks(&old_keys, &new_keys, &matched);
        let mut used_old = vec![false; old_blocks.len()];
        let mut used_new = vec![false; new_blocks.len()];
        for &(i, j) in matched.iter().chain(&moves) {
            used_old[i] = true;
            used_new[j] = true;
        }
        matched.push((old_blocks.len(), new_blocks.len()));
        Aligner {
            old_blocks,
            new_blocks,
            matched,
            moves,
            used_old,
            used_new,
            next: 0,
            next_old: 0,
            next_new: 0,
            runs: Vec::new(),
        }
    }

    /// Aligns the blocks between matched pairs until about `blocks` blocks are done (at least
    /// one stretch); `true` when none are left.
    pub fn step(&mut self, old_chars: &[char], new_chars: &[char], blocks: usize) -> bool {
        let mut builder = Builder {
            old: old_chars,
            new: new_chars,
            runs: std::mem::take(&mut self.runs),
        };
        let mut done = 0;
        while self.next < self.matched.len() && (done == 0 || done < blocks) {
            let (i, j) = self.matched[self.next];
            let olds: Vec<usize> = (self.next_old..i).filter(|&b| !self.used_old[b]).collect();
            let news: Vec<usize> = (self.next_new..j).filter(|&b| !self.used_new[b]).collect();
            let old_ranges: Vec<CharRange> = olds.iter().map(|&b| self.old_blocks[b]).collect();
            let new_ranges: Vec<CharRange> = news.iter().map(|&b| self.new_blocks[b]).collect();
            for (a, b) in builder.pair_blocks(&old_ranges, &new_ranges) {
                builder.block_pair(old_ranges[a], new_ranges[b]);
                self.used_old[olds[a]] = true;
                self.used_new[news[b]] = true;
            }
            if let (Some(&o), Some(&n)) = (self.old_blocks.get(i), self.new_blocks.get(j)) {
                builder.block_pair(o, n);
            }
            done += 1 + (i - self.next_old) + (j - self.next_new);
            (self.next_old, self.next_new) = (i + 1, j + 1);
            self.next += 1;
        }
        self.runs = builder.runs;
        self.next >= self.matched.len()
    }

    /// The alignment, once every step is done (the rest is done first).
    pub fn finish(mut self, old_chars: &[char], new_chars: &[char]) -> Alignment {
        while !self.step(old_chars, new_chars, usize::MAX) {}
        let mut builder = Builder {
            old: old_chars,
            new: new_chars,
            runs: self.runs,
        };
        for &(i, j) in &self.moves {
            builder.block_pair(self.old_blocks[i], self.new_blocks[j]);
        }
        let olds: Vec<CharRange> = (0..self.old_blocks.len())
            .filter(|&b| !self.used_old[b])
            .map(|b| self.old_blocks[b])
            .collect();
        let news: Vec<CharRange> = (0..self.new_blocks.len())
            .filter(|&b| !self.used_new[b])
            .map(|b| self.new_blocks[b])
            .collect();
        for (a, b) in builder.moved_and_edited(&olds, &news) {
            builder.block_pair(olds[a], news[b]);
        }
        Alignment::from_runs(builder.runs, new_chars.len())
    }
}

/// Collects runs while the texts are walked.
struct Builder<'a> {
    old: &'a [char],
    new: &'a [char],
    runs: Vec<Run>,
}

impl Builder<'_> {
    /// A block of the old text and the block it became.
    fn block_pair(&mut self, old: CharRange, new: CharRange) {
        self.stretch(old.start..old.end, new.start..new.end, 0);
    }

    /// The in-order pairs of alike blocks (indexes into `olds` and `news`): of the candidate
    /// pairs, the chain increasing on both sides with the greatest total similarity.
    ///
    /// The common case, blocks edited in place, is settled first and cheaply: while the first
    /// (or last) blocks on both sides keep their start and end, they are plainly the same block
    /// and are paired without counting sequences. Only the blocks left between are scored.
    fn pair_blocks(&self, olds: &[CharRange], news: &[CharRange]) -> Vec<(usize, usize)> {
        let (mut lo, mut hi) = (0, 0);
        let shorter = olds.len().min(news.len());
        while lo < shorter && self.edited_in_place(olds[lo], news[lo]) {
            lo += 1;
        }
        while lo + hi < shorter
            && self.edited_in_place(olds[olds.len() - 1 - hi], news[news.len() - 1 - hi])
        {
            hi += 1;
        }
        let (old_mid, new_mid) = (lo..olds.len() - hi, lo..news.len() - hi);
        let mut pairs: Vec<(usize, usize)> = (0..lo).map(|k| (k, k)).collect();
        pairs.extend(
            heaviest_chain(
                self.similar_pairs(&olds[old_mid.clone()], &news[new_mid], MIN_SIMILARITY, true),
                old_mid.len(),
            )
            .into_iter()
            .map(|(i, j)| (lo + i, lo + j)),
        );
        pairs.extend(
            (0..hi)
                .rev()
                .map(|k| (olds.len() - 1 - k, news.len() - 1 - k)),
        );
        pairs
    }

    /// Whether an old block and a new one keep most of their start and end in common: one
    /// block edited in its middle.
    fn edited_in_place(&self, o: CharRange, n: CharRange) -> bool {
        let (a, b) = (&self.old[o.start..o.end], &self.new[n.start..n.end]);
        let kept = (common_prefix(a, b) + common_suffix(a, b)).min(a.len().min(b.len()));
        kept * 10 >= a.len().max(b.len()) * 8
    }

    /// Blocks left without a partner on both sides that are alike enough to be one block,
    /// moved and edited; the most similar pairs are taken first.
    fn moved_and_edited(&self, olds: &[CharRange], news: &[CharRange]) -> Vec<(usize, usize)> {
        let mut candidates = self.similar_pairs(olds, news, MOVE_SIMILARITY, false);
        candidates.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        let (mut taken_old, mut taken_new) = (vec![false; olds.len()], vec![false; news.len()]);
        let mut pairs = Vec::new();
        for (_, i, j) in candidates {
            if !taken_old[i] && !taken_new[j] {
                taken_old[i] = true;
                taken_new[j] = true;
                pairs.push((i, j));
            }
        }
        pairs
    }

    /// Candidate pairs of alike blocks, `(similarity, old index, new index)`: for each new
    /// block, the few old blocks sharing most of its rarer four-character sequences, kept when
    /// their [`similarity`] reaches `min`.
    fn similar_pairs(
        &self,
        olds: &[CharRange],
        news: &[CharRange],
        min: f32,
        contained: bool,
    ) -> Vec<(f32, usize, usize)> {
        if olds.is_empty() || news.is_empty() {
            return Vec::new();
        }
        let old_grams: Vec<Vec<u64>> = olds
            .iter()
            .map(|r| grams(&self.old[r.start..r.end]))
            .collect();
        if olds.len() <= CANDIDATES {
            // Every old block is a candidate: score each pair, without the postings.
            let mut candidates = Vec::new();
            for (j, r) in news.iter().enumerate() {
                let g = grams(&self.new[r.start..r.end]);
                for (i, o) in old_grams.iter().enumerate() {
                    let s = similarity(o, &g, contained);
                    if s >= min {
                        candidates.push((s, i, j));
                    }
                }
            }
            return candidates;
        }
        let mut postings: HashMap<u64, Vec<usize>, Identity> = HashMap::default();
        for (i, g) in old_grams.iter().enumerate() {
            for &h in g {
                postings.entry(h).or_default().push(i);
            }
        }
        let mut counts = vec![0u32; olds.len()];
        let mut touched = Vec::new();
        let mut candidates = Vec::new();
        for (j, r) in news.iter().enumerate() {
            let g = grams(&self.new[r.start..r.end]);
            for h in &g {
                // Sequences common to many blocks say little and cost much.
                let Some(p) = postings.get(h).filter(|p| p.len() <= RARE_POSTINGS) else {
                    continue;
                };
                for &i in p {
                    if counts[i] == 0 {
                        touched.push(i);
                    }
                    counts[i] += 1;
                }
            }
            if touched.len() > CANDIDATES {
                touched.select_nth_unstable_by_key(CANDIDATES, |&i| (Reverse(counts[i]), i));
            }
            for &i in touched.iter().take(CANDIDATES) {
                let s = similarity(&old_grams[i], &g, contained);
                if s >= min {
                    candidates.push((s, i, j));
                }
            }
            for i in touched.drain(..) {
                counts[i] = 0;
            }
        }
        candidates
    }

    /// Aligns an old stretch with the new stretch it became.
    fn stretch(&mut self, mut old: Range<usize>, mut new: Range<usize>, depth: u32) {
        let head = common_prefix(&self.old[old.clone()], &self.new[new.clone()]);
        if head > 0 {
            self.runs.push(Run {
                old: old.start,
                new: new.start,
                len: head,
            });
            old.start += head;
            new.start += head;
        }
        let tail = common_suffix(&self.old[old.clone()], &self.new[new.clone()]);
        if tail > 0 {
            old.end -= tail;
            new.end -= tail;
            self.runs.push(Run {
                old: old.end,
                new: new.end,
                len: tail,
            });
        }
        if old.is_empty() || new.is_empty() {
            return;
        }
        if old.len() + new.len() <= DIFF_MAX_LEN {
            if let Some(snakes) = diff(
                &self.old[old.clone()],
                &self.new[new.clone()],
                DIFF_MAX_EDITS,
            ) {
                self.runs.extend(
                    snakes
                        .into_iter()
                        .filter(|r| r.len >= MIN_RUN)
                        .map(|r| Run {
                            old: old.start + r.old,
                            new: new.start + r.new,
                            len: r.len,
                        }),
                );
                return;
            }
        }
        if depth < MAX_DEPTH {
            self.split_at_trigrams(old, new, depth);
        }
    }

    /// Splits a long stretch at word trigrams unique on both sides and aligns the pieces.
    fn split_at_trigrams(&mut self, old: Range<usize>, new: Range<usize>, depth: u32) {
        let old_words = trigrams(&self.old[old.clone()]);
        let new_words = trigrams(&self.new[new.clone()]);
        let old_keys: Vec<u64> = old_words.iter().map(|w| w.1).collect();
        let new_keys: Vec<u64> = new_words.iter().map(|w| w.1).collect();
        let matched = patience(&old_keys, &new_keys);
        if matched.is_empty() {
            return;
        }
        let (mut o, mut n) = (old.start, new.start);
        for (i, j) in matched {
            let (oi, nj) = (old.start + old_words[i].0, new.start + new_words[j].0);
            if oi > o || nj > n {
                self.stretch(o..oi, n..nj, depth + 1);
                (o, n) = (oi, nj);
            }
        }
        self.stretch(o..old.end, n..new.end, depth + 1);
    }
}

/// Matches equal keys in order, patience-diff style: common ends first, then keys unique on both
/// sides (their longest in-order chain), then the same inside each gap between matches.
/// Returns `(index in a, index in b)` pairs, increasing in both.
pub fn patience(a: &[u64], b: &[u64]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut stack = vec![(0, a.len(), 0, b.len())];
    let mut counts: HashMap<u64, (u32, usize, u32, usize), Identity> = HashMap::default();
    while let Some((mut a0, mut a1, mut b0, mut b1)) = stack.pop() {
        while a0 < a1 && b0 < b1 && a[a0] == b[b0] {
            out.push((a0, b0));
            (a0, b0) = (a0 + 1, b0 + 1);
        }
        while a0 < a1 && b0 < b1 && a[a1 - 1] == b[b1 - 1] {
            (a1, b1) = (a1 - 1, b1 - 1);
            out.push((a1, b1));
        }
        if a0 == a1 || b0 == b1 {
            continue;
        }
        counts.clear();
        for (i, &k) in a.iter().enumerate().take(a1).skip(a0) {
            let e = counts.entry(k).or_insert((0, 0, 0, 0));
            e.0 += 1;
            e.1 = i;
        }
        for (j, &k) in b.iter().enumerate().take(b1).skip(b0) {
            if let Some(e) = counts.get_mut(&k) {
                e.2 += 1;
                e.3 = j;
            }
        }
        let mut unique: Vec<(usize, usize)> = counts
            .values()
            .filter(|e| e.0 == 1 && e.2 == 1)
            .map(|e| (e.1, e.3))
            .collect();
        if unique.is_empty() {
            continue;
        }
        unique.sort_unstable();
        let (mut pa, mut pb) = (a0, b0);
        for (i, j) in longest_increasing(&unique) {
            out.push((i, j));
            stack.push((pa, i, pb, j));
            (pa, pb) = (i + 1, j + 1);
        }
        stack.push((pa, a1, pb, b1));
    }
    out.sort_unstable();
    out
}

/// The longest chain of pairs increasing in their second element (the first already increases).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tails[k]: index of the smallest-ending chain of length k + 1; back: each pair's predecessor.
    let mut tails: Vec<usize> = Vec::new();
    let mut back: Vec<Option<usize>> = vec![None; pairs.len()];
    for (i, &(_, y)) in pairs.iter().enumerate() {
        let k = tails.partition_point(|&t| pairs[t].1 < y);
        back[i] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(i) = at {
        chain.push(pairs[i]);
        at = back[i];
    }
    chain.reverse();
    chain
}

/// Of weighted pairs `(weight, i, j)`, the chain increasing in both `i` and `j` with the
/// greatest total weight (a weighted longest increasing subsequence, with a Fenwick tree of
/// prefix maxima over `i`). `olds` bounds the `i`s.
fn heaviest_chain(mut pairs: Vec<(f32, usize, usize)>, olds: usize) -> Vec<(usize, usize)> {
    const NONE: usize = usize::MAX;
    pairs.retain(|p| p.1 < olds);
    pairs.sort_unstable_by_key(|&(_, i, j)| (j, i));
    // tree[x]: the heaviest chain (weight, last pair) ending at an old index below x.
    let mut tree = vec![(0f32, NONE); olds + 1];
    // chain[k]: the weight of the heaviest chain ending with pair k, and the pair before it.
    let mut chain = vec![(0f32, NONE); pairs.len()];
    let mut g = 0;
    while g < pairs.len() {
        let j = pairs[g].2;
        let h = g + pairs[g..].iter().take_while(|p| p.2 == j).count();
        // Pairs with the same new block cannot follow one another: query all, then insert all.
        for k in g..h {
            let (w, i, _) = pairs[k];
            let mut best = (0f32, NONE);
            let mut x = i;
            while x > 0 {
                if tree[x].0 > best.0 {
                    best = tree[x];
                }
                x &= x - 1;
            }
            chain[k] = (best.0 + w, best.1);
        }
        for (k, &(_, i, _)) in pairs.iter().enumerate().take(h).skip(g) {
            let mut x = i + 1;
            while x <= olds {
                if chain[k].0 > tree[x].0 {
                    tree[x] = (chain[k].0, k);
                }
                x += x & x.wrapping_neg();
            }
        }
        g = h;
    }
    let mut out = Vec::new();
    let mut at = (0..pairs.len()).max_by(|&a, &b| chain[a].0.total_cmp(&chain[b].0));
    while let Some(k) = at {
        out.push((pairs[k].1, pairs[k].2));
        at = Some(chain[k].1).filter(|&p| p != NONE);
    }
    out.reverse();
    out
}

/// Blocks unmatched on both sides whose text is unique in each document: they moved.
fn moved_blocks(old: &[u64], new: &[u64], matched: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut taken_old = vec![false; old.len()];
    let mut taken_new = vec![false; new.len()];
    for &(i, j) in matched {
        taken_old[i] = true;
        taken_new[j] = true;
    }
    let mut seen: HashMap<u64, (u32, usize, u32, usize), Identity> = HashMap::default();
    for (i, &k) in old.iter().enumerate() {
        let e = seen.entry(k).or_insert((0, 0, 0, 0));
        e.0 += 1;
        e.1 = i;
    }
    for (j, &k) in new.iter().enumerate() {
        if let Some(e) = seen.get_mut(&k) {
            e.2 += 1;
            e.3 = j;
        }
    }
    let mut moves: Vec<(usize, usize)> = seen
        .values()
        .filter(|e| e.0 == 1 && e.2 == 1 && !taken_old[e.1] && !taken_new[e.3])
        .map(|e| (e.1, e.3))
        .collect();
    moves.sort_unstable();
    moves
}

/// The equal stretches of a shortest edit script from `a` to `b` (Myers 1986, greedy forward
/// search with the furthest points of each round kept for backtracking), or `None` when it
/// needs more than `max_edits` insertions and deletions.
fn diff(a: &[char], b: &[char], max_edits: usize) -> Option<Vec<Run>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m).min(max_edits as isize);
    // v[k + offset]: the furthest x reached on diagonal k = x - y.
    let offset = max + 1;
    let mut v = vec![0isize; 2 * max as usize + 3];
    // trace[d]: v on diagonals -d..=d before round d.
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut found = None;
    'rounds: for d in 0..=max {
        trace.push(v[(offset - d) as usize..=(offset + d) as usize].to_vec());
        let mut k = -d;
        while k <= d {
            let i = (offset + k) as usize;
            let mut x = if k == -d || (k != d && v[i - 1] < v[i + 1]) {
                v[i + 1]
            } else {
                v[i - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[i] = x;
            if x >= n && y >= m {
                found = Some(d);
                break 'rounds;
            }
            k += 2;
        }
    }
    let rounds = found?;
    let mut snakes = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (0..=rounds).rev() {
        let row = &trace[d as usize];
        let get = |k: isize| row[(k + d) as usize];
        let k = x - y;
        // Where round d's edit started, and where the snake after it starts.
        let (prev, snake_x) = if d == 0 {
            ((0, 0), 0)
        } else if k == -d || (k != d && get(k - 1) < get(k + 1)) {
            let px = get(k + 1);
            ((px, px - k - 1), px)
        } else {
            let px = get(k - 1);
            ((px, px - k + 1), px + 1)
        };
        let len = x - snake_x;
        if len > 0 {
            snakes.push(Run {
                old: snake_x as usize,
                new: (y - len) as usize,
                len: len as usize,
            });
        }
        (x, y) = prev;
    }
    snakes.reverse();
    Some(snakes)
}

/// How alike two sorted sets of hashes are: the share they have in common, over the larger
/// set's size. With `contained`, a set nearly all found in the other (a block grown by an
/// insertion, or cut down) counts as alike too: then the share is over the smaller set's size.
fn similarity(a: &[u64], b: &[u64], contained: bool) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let alike = common as f32 / a.len().max(b.len()) as f32;
    let inside = common as f32 / a.len().min(b.len()) as f32;
    if contained && inside >= CONTAINED {
        inside
    } else {
        alike
    }
}

/// The sorted, distinct hashes of a block's four-code-point sequences (of the whole block, if
/// it is shorter).
fn grams(text: &[char]) -> Vec<u64> {
    let mut out: Vec<u64> = if text.len() < 4 {
        vec![hash_chars(text)]
    } else {
        text.windows(4).map(hash_chars).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Each word's offset in `text` and the hash of it with the two words after it.
fn trigrams(text: &[char]) -> Vec<(usize, u64)> {
    let words: Vec<(usize, u64)> = words(text).map(|(at, w)| (at, hash_chars(w))).collect();
    words
        .windows(3)
        .map(|w| (w[0].0, mix(mix(w[0].1, w[1].1), w[2].1)))
        .collect()
}

/// The words (maximal runs of non-whitespace) of `text`, with their offsets.
fn words(text: &[char]) -> impl Iterator<Item = (usize, &[char])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < text.len() && text[at].is_whitespace() {
            at += 1;
        }
        let start = at;
        while at < text.len() && !text[at].is_whitespace() {
            at += 1;
        }
        (start < at).then(|| (start, &text[start..at]))
    })
}

/// The hash of a block's text with each run of whitespace read as one space and the ends trimmed.
fn normalized_hash(text: &[char]) -> u64 {
    let mut h = FNV_OFFSET;
    let mut space = false;
    for &c in text.iter().skip_while(|c| c.is_whitespace()) {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            h = fnv(h, ' ');
            space = false;
        }
        h = fnv(h, c);
    }
    h
}

fn hash_chars(text: &[char]) -> u64 {
    text.iter().fold(FNV_OFFSET, |h, &c| fnv(h, c))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(h: u64, c: char) -> u64 {
    (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3)
}

fn mix(a: u64, b: u64) -> u64 {
    (a.rotate_left(23) ^ b).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

fn common_prefix(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[char], b: &[char]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// A hasher for keys that are hashes already.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Identity = BuildHasherDefault<IdentityHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn align(old: &str, new: &str) -> (Alignment, Vec<char>, Vec<char>) {
        let (o, n) = (Document::plain("o", old), Document::plain("n", new));
        let (oc, nc) = (chars(o.text()), chars(n.text()));
        (Alignment::new(&o, &n, &oc, &nc), oc, nc)
    }

    /// The length of a longest common subsequence, by the textbook programme.
    fn lcs(a: &[char], b: &[char]) -> usize {
        let mut row = vec![0; b.len() + 1];
        for &x in a {
            let mut diagonal = 0;
            for (j, &y) in b.iter().enumerate() {
                let up = row[j + 1];
                row[j + 1] = if x == y { diagonal + 1 } else { up.max(row[j]) };
                diagonal = up;
            }
        }
        row[b.len()]
    }

    #[test]
    fn a_deleted_paragraph_is_not_mistaken_for_its_edited_neighbour() {
        let (a, _, _) = align(
            "Intro.\n\nThe committee decided that the budget stays.\n\nThe committee decided that the plan goes ahead now.",
            "Intro.\n\nThe committee decided that the plan goes ahaed now.",
        );
        // Nothing of the deleted paragraph (old 8..54) survives.
        let deleted = CharRange { start: 8, end: 54 };
        assert_eq!(a.image(deleted).survived, 0);
        let kept = a.image(CharRange {
            start: 56,
            end: 100,
        });
        assert!(kept.survived > 35, "{kept:?}");
    }

    #[test]
    fn moved_paragraphs_keep_their_text() {
        let (a, _, nc) = align(
            "One para here.\n\nTwo para there.\n\nThree at the end.",
            "Three at the end.\n\nOne para here.\n\nTwo para there.",
        );
        let image = a.image(CharRange { start: 33, end: 50 });
        let p = image.predicted.unwrap();
        assert_eq!(
            nc[p.start..p.end].iter().collect::<String>(),
            "Three at the end."
        );
        assert_eq!(a.foreign(p, Some(CharRange { start: 33, end: 50 })), 0);
        assert_eq!(a.foreign(p, None), 17);
    }

    #[test]
    fn the_heaviest_chain_increases_on_both_sides() {
        let pairs = vec![
            (0.9, 0, 2),
            (0.5, 1, 0),
            (0.5, 2, 1),
            (0.8, 3, 3),
            (0.7, 3, 4),
            (0.6, 4, 4),
        ];
        assert_eq!(
            heaviest_chain(pairs, 5),
            vec![(1, 0), (2, 1), (3, 3), (4, 4)]
        );
        assert!(heaviest_chain(vec![(1.0, 9, 0)], 5).is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn the_diff_is_a_shortest_one(a in "[ab c]{0,40}", b in "[ab c]{0,40}") {
            let (a, b) = (chars(&a), chars(&b));
            let runs = diff(&a, &b, 200).expect("within bounds");
            let mut matched = 0;
            let (mut x, mut y) = (0, 0);
            for r in &runs {
                prop_assert!(r.old >= x && r.new >= y, "runs in order");
                prop_assert_eq!(&a[r.old..r.old_end()], &b[r.new..r.new_end()]);
                (x, y) = (r.old_end(), r.new_end());
                matched += r.len;
            }
            prop_assert_eq!(matched, lcs(&a, &b));
        }

        #[test]
        fn runs_join_equal_text_and_never_overlap(
            old in "(ab|cd|e|\\. |\\n\\n| ){0,60}",
            new in "(ab|cd|e|\\. |\\n\\n| ){0,60}",
        ) {
            let (a, oc, nc) = align(&old, &new);
            let mut by_old: Vec<Run> = a.runs.clone();
            by_old.sort_by_key(|r| r.old);
            for w in by_old.windows(2) {
                prop_assert!(w[0].old_end() <= w[1].old);
            }
            let mut by_new = a.runs.clone();
            by_new.sort_by_key(|r| r.new);
            for w in by_new.windows(2) {
                prop_assert!(w[0].new_end() <= w[1].new);
            }
            for r in &a.runs {
                prop_assert_eq!(&oc[r.old..r.old_end()], &nc[r.new..r.new_end()]);
            }
            let explained: usize = a.runs.iter().map(|r| r.len).sum();
            let unexplained: usize = a.unexplained().iter().map(|r| r.len()).sum();
            prop_assert_eq!(explained + unexplained, nc.len());
        }
    }
}
