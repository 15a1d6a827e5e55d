//! How good and how fast the suggested claims are:
//! `cargo run --release --example bench_suggest`.
//!
//! Reads the dev set in `../shared/claims-dev/` (each `<slug>.txt` with its `<slug>.gold.json`;
//! says "skipped" when the folder is absent) and prints, per article and overall, precision,
//! recall and F1 of the suggestions against the gold claims, untagged and tagged, beside the
//! naive baseline computed in the same run (every sentence with a reporting or stance verb or a
//! quotation mark, tagged by its verb). A suggestion matches a gold claim when each covers at
//! least half of the other, one-to-one, largest overlap first (`model::suggest::eval`).
//! Then times a news article and a 1 MB article (the articles repeated).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use claimmark::model::suggest::{self, baseline::baseline, eval, Stance};
use claimmark::model::{CharRange, Document, Tag, TagSet};

struct Article {
    slug: String,
    text: String,
    gold: Vec<(CharRange, Tag)>,
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/claims-dev");
    let articles = match load(&dir) {
        Some(a) if !a.is_empty() => a,
        _ => {
            println!("claims-dev: skipped ({} is absent)", dir.display());
            timings(&[include_str!("../assets/geneva-summit.txt").to_string()]);
            return;
        }
    };
    let tags = TagSet::default();
    println!(
        "{:<34} {:>5}  {:^23}  {:^23}  {:^8} {:^8}",
        "article", "gold", "suggester P / R / F1", "baseline P / R / F1", "sugg F1t", "base F1t"
    );
    let mut totals = [eval::Counts::default(); 4];
    for a in &articles {
        let doc = Document::plain("", &a.text);
        let suggested: Vec<(CharRange, Tag)> = suggest::suggest(&doc, &tags)
            .unwrap_or_default()
            .into_iter()
            .map(|s| (s.range, s.stance.tag()))
            .collect();
        let base: Vec<(CharRange, Tag)> = baseline(&doc)
            .into_iter()
            .map(|(r, s)| (r, s.tag()))
            .collect();
        let counts = [
            eval::count(&suggested, &a.gold, false),
            eval::count(&base, &a.gold, false),
            eval::count(&suggested, &a.gold, true),
            eval::count(&base, &a.gold, true),
        ];
        for (t, c) in totals.iter_mut().zip(counts) {
            *t = t.plus(c);
        }
        row(&a.slug, a.gold.len(), counts);
    }
    row("overall", totals[0].gold, totals);
    println!();
    println!(
        "untagged F1: suggester {:.2}, baseline {:.2} (goal: +0.15 with precision ≥ 0.6); tagged F1: suggester {:.2}, baseline {:.2} (goal: +0.15)",
        totals[0].f1(),
        totals[1].f1(),
        totals[2].f1(),
        totals[3].f1()
    );
    println!();
    let texts: Vec<String> = articles.iter().map(|a| a.text.clone()).collect();
    timings(&texts);
}

fn row(name: &str, gold: usize, c: [eval::Counts; 4]) {
    let prf = |c: eval::Counts| format!("{:.2} / {:.2} / {:.2}", c.precision(), c.recall(), c.f1());
    println!(
        "{:<34} {:>5}  {:^23}  {:^23}  {:^8.2} {:^8.2}",
        name,
        gold,
        prf(c[0]),
        prf(c[1]),
        c[2].f1(),
        c[3].f1()
    );
}

fn timings(texts: &[String]) {
    let tags = TagSet::default();
    println!(
        "{:<34} {:>9} {:>12} {:>12}",
        "timing", "chars", "suggestions", "median"
    );
    for (i, text) in texts.iter().enumerate() {
        let doc = Document::plain("", text);
        let (n, t) = time(&doc, &tags, 50);
        println!(
            "{:<34} {:>9} {:>12} {:>9.2} ms",
            format!("news article {}", i + 1),
            doc.char_len(),
            n,
            ms(t)
        );
    }
    let mut big = String::new();
    let mut k = 0;
    while big.len() < 1_000_000 {
        if !big.is_empty() {
            big.push_str("\n\n");
        }
        // Skip each article's headline so the repeats read as one long article.
        let t = &texts[k % texts.len()];
        big.push_str(
            t.split_once("\n\n")
                .map_or(t.as_str(), |(_, body)| body)
                .trim_end(),
        );
        k += 1;
    }
    let doc = Document::plain("", &big);
    let (n, t) = time(&doc, &tags, 5);
    println!(
        "{:<34} {:>9} {:>12} {:>9.2} ms",
        "1 MB article (repeats)",
        doc.char_len(),
        n,
        ms(t)
    );
    // The sample article repeated, as the browser timing does (tests/dom.rs, e2e).
    let sample = include_str!("../assets/geneva-summit.txt");
    let body = sample.split_once("\n\n").map_or(sample, |(_, b)| b).trim();
    let mut repeated = String::from("One long article");
    while repeated.len() < 1_000_000 {
        repeated.push_str("\n\n");
        repeated.push_str(body);
    }
    let doc = Document::plain("", &repeated);
    let (n, t) = time(&doc, &tags, 5);
    println!(
        "{:<34} {:>9} {:>12} {:>9.2} ms",
        "1 MB article (sample repeats)",
        doc.char_len(),
        n,
        ms(t)
    );
    let synth = claimmark_synth::article(7, 3000);
    let doc = Document::plain("", &synth);
    let (n, t) = time(&doc, &tags, 5);
    println!(
        "{:<34} {:>9} {:>12} {:>9.2} ms",
        "synthetic article (crates/synth)",
        doc.char_len(),
        n,
        ms(t)
    );
}

fn time(doc: &Document, tags: &TagSet, runs: usize) -> (usize, Duration) {
    let mut times = Vec::new();
    let mut n = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let s = suggest::suggest(doc, tags).unwrap_or_default();
        times.push(t.elapsed());
        n = s.len();
    }
    times.sort();
    (n, times[times.len() / 2])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn load(dir: &Path) -> Option<Vec<Article>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        let slug = p.file_stem()?.to_string_lossy().to_string();
        let text = std::fs::read_to_string(&p).ok()?;
        let gold_path = p.with_extension("gold.json");
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(gold_path).ok()?).ok()?;
        let mut claims = Vec::new();
        for c in gold["claims"].as_array()? {
            let phrase = c["phrase"].as_str()?;
            let tag = Tag::new(c["tag"].as_str()?)?;
            let byte = text.find(phrase)?;
            let start = text[..byte].chars().count();
            let end = start + phrase.chars().count();
            claims.push((CharRange::new(start, end)?, tag));
        }
        out.push(Article {
            slug,
            text,
            gold: claims,
        });
    }
    Some(out)
}

#[allow(dead_code)]
fn stance_name(s: Stance) -> &'static str {
    s.tag().id()
}
