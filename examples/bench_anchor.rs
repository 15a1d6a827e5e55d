//! Re-anchoring benchmark: `cargo run --release --example bench_anchor [seed]`.
//!
//! Generates (from a fixed seed, with `claimmark_synth`, the generator of the browser
//! benchmark's fixture too) an article of about a megabyte in 3,000 paragraphs and 5,000
//! annotations of 20–300 code points (10% overlapping another), applies a realistic edit
//! (200 characters inserted near the top, 0.2% of characters changed, 5% of paragraphs
//! deleted), re-anchors every annotation, and checks each placement against where its passage
//! truly went. Two baselines run in the same process on the same case: the plain exact-search
//! strategy, and a Hypothesis-style matcher (exact, then the nearest match with up to half the
//! quote's length in edits, no context check) on a sample.

use std::time::{Duration, Instant};

use claimmark::model::anchor::reanchor_all;
use claimmark::model::myers::Searcher;
use claimmark::model::{Annotation, CharRange, Document, Quote, Status};
use claimmark_synth::{self as synth, Case, Tally};

const PARAGRAPHS: usize = 3000;
const ANNOTATIONS: usize = 5000;
const RUNS: usize = 5;
/// The Hypothesis-style baseline runs on every this-many-th annotation.
const SAMPLE_EVERY: usize = 10;

fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2026);
    let started = Instant::now();
    let case = synth::case(seed, PARAGRAPHS, ANNOTATIONS);
    println!(
        "case (seed {seed}): {} code points in {} paragraphs, {} annotations; after the edit {} code points in {} paragraphs (generated in {:.0?})",
        case.old.char_len(),
        case.old.blocks().len(),
        case.annotations.len(),
        case.new.char_len(),
        case.new.blocks().len(),
        started.elapsed()
    );

    let mut times = Vec::new();
    let mut results = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        results = reanchor_all(&case.old, &case.new, &case.annotations);
        times.push(t.elapsed());
    }
    times.sort();
    let ours = times[RUNS / 2];
    let tally = synth::tally(&case, &results);
    let anchored = results
        .iter()
        .filter(|a| a.status == Status::Anchored)
        .count();
    let relocated = results
        .iter()
        .filter(|a| matches!(a.status, Status::Relocated { .. }))
        .count();
    println!();
    println!(
        "reanchor_all (median of {RUNS} runs, fastest {:.1?}):",
        times[0]
    );
    report(ours, case.annotations.len(), &tally);
    println!(
        "  statuses: {anchored} anchored, {relocated} relocated, {} orphaned",
        results.len() - anchored - relocated
    );

    let t = Instant::now();
    let exact: Vec<Annotation> = case
        .annotations
        .iter()
        .map(|a| exact_only(&case.new, a))
        .collect();
    let exact_time = t.elapsed();
    println!();
    println!("baseline, exact search only (stored position, else the exact quote with the most context, nearest):");
    report(
        exact_time,
        case.annotations.len(),
        &synth::tally(&case, &exact),
    );
    println!(
        "  ratio: {:.1}x the time of reanchor_all",
        ratio(exact_time, ours)
    );

    let sample = Case {
        annotations: case
            .annotations
            .iter()
            .step_by(SAMPLE_EVERY)
            .cloned()
            .collect(),
        truth: case.truth.iter().step_by(SAMPLE_EVERY).cloned().collect(),
        ..case.clone()
    };
    let new_chars: Vec<char> = case.new.text().chars().collect();
    let t = Instant::now();
    let loose: Vec<Annotation> = sample
        .annotations
        .iter()
        .map(|a| hypothesis_style(&case.new, &new_chars, a))
        .collect();
    let loose_time = t.elapsed();
    let projected = loose_time * SAMPLE_EVERY as u32;
    println!();
    println!(
        "baseline, Hypothesis-style (exact, else nearest match with edits up to half the quote, no context), on every {SAMPLE_EVERY}th annotation:"
    );
    report(
        loose_time,
        sample.annotations.len(),
        &synth::tally(&sample, &loose),
    );
    println!(
        "  projected to all {}: {:.2?}, {:.1}x the time of reanchor_all",
        case.annotations.len(),
        projected,
        ratio(projected, ours)
    );
}

fn report(time: Duration, count: usize, tally: &Tally) {
    println!(
        "  total {:.1?}, {:.1} µs per annotation",
        time,
        time.as_secs_f64() * 1e6 / count.max(1) as f64
    );
    println!("  {tally}");
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

/// The exact-search strategy: the stored position when the text there is the quote, else the
/// exact occurrence with the most matching context, then the nearest.
fn exact_only(doc: &Document, a: &Annotation) -> Annotation {
    let place = |range: CharRange, status| Annotation {
        range,
        quote: Quote::of(doc, range),
        status,
        ..a.clone()
    };
    if a.range.end <= doc.char_len() && doc.slice(a.range) == a.quote.exact {
        return place(a.range, Status::Anchored);
    }
    let text = doc.text();
    let len = a.quote.exact.chars().count();
    let mut best: Option<((usize, std::cmp::Reverse<usize>), CharRange)> = None;
    for (byte, _) in text.match_indices(a.quote.exact.as_str()) {
        let start = doc.char_offset_of_byte(byte);
        let before = text[..byte]
            .chars()
            .rev()
            .zip(a.quote.prefix.chars().rev())
            .take_while(|(x, y)| x == y)
            .count();
        let after = text[byte + a.quote.exact.len()..]
            .chars()
            .zip(a.quote.suffix.chars())
            .take_while(|(x, y)| x == y)
            .count();
        let key = (
            before + after,
            std::cmp::Reverse(start.abs_diff(a.range.start)),
        );
        if best.as_ref().is_none_or(|(k, _)| key > *k) {
            best = Some((
                key,
                CharRange {
                    start,
                    end: start + len,
                },
            ));
        }
    }
    match best {
        Some((_, range)) => place(range, Status::Relocated { score: 1.0 }),
        None => Annotation {
            status: Status::Orphaned,
            ..a.clone()
        },
    }
}

/// A Hypothesis-style matcher: exact search, then the approximate match with the fewest edits
/// (up to half the quote's length), nearest the stored position; context is not consulted.
fn hypothesis_style(doc: &Document, chars: &[char], a: &Annotation) -> Annotation {
    let placed = exact_only(doc, a);
    if !placed.is_orphaned() {
        return placed;
    }
    let quote: Vec<char> = a.quote.exact.chars().collect();
    let searcher = Searcher::new(&quote);
    let hits = searcher.find(chars, quote.len() / 2, 64);
    let best = hits
        .iter()
        .min_by_key(|h| (h.distance, h.start.abs_diff(a.range.start)));
    match best.and_then(|h| {
        doc.snap(CharRange {
            start: h.start,
            end: h.end,
        })
    }) {
        Some(range) => Annotation {
            range: range.range(),
            quote: Quote::of(doc, range.range()),
            status: Status::Relocated { score: 0.5 },
            ..a.clone()
        },
        None => placed,
    }
}
