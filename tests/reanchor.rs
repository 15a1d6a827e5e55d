#![cfg(not(target_arch = "wasm32"))]
//! Re-anchoring after edits, driven by the readable cases in `tests/fixtures/reanchor/` and by
//! generated megabyte-style cases whose true outcome is known code point by code point.
//!
//! A fixture file holds comment lines (`#`), then three sections:
//!
//! ```text
//! --- old
//! The text the annotations were made on.
//! --- new
//! The edited text.
//! --- expect
//! "quote in the old text" -> anchored
//! "a repeated quote" #2 -> relocated to "its text after the edit"
//! "a deleted quote" -> orphaned
//! ```
//!
//! Each expectation makes one annotation on the quote's first (or `#n`th) occurrence in the old
//! text. Quotes use `\"`, `\\`, `\n` and `\u{…}` escapes. Texts keep their lines exactly, apart
//! from blank lines at a section's ends.

use std::fmt::Write as _;
use std::path::Path;

use std::sync::Arc;

use claimmark::model::anchor::{reanchor_all, Reanchoring};
use claimmark::model::{Annotation, CharRange, Document, Quote, Status, Tag, Timestamp};
use claimmark_synth::{self as synth, EditPlan};

#[test]
fn fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reanchor");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the fixture directory exists")
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    let mut failures = String::new();
    let (mut cases, mut counts) = (0, [0usize; 3]);
    for path in &files {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let source = std::fs::read_to_string(path).expect("a readable fixture");
        let fixture = match Fixture::parse(&source) {
            Ok(f) => f,
            Err(e) => {
                writeln!(failures, "{name}: {e}").ok();
                continue;
            }
        };
        cases += 1;
        match fixture.run() {
            Ok(outcomes) => {
                for o in outcomes {
                    counts[o] += 1;
                }
            }
            Err(actual) => {
                writeln!(failures, "{name}: outcomes differ; actual:\n{actual}").ok();
            }
        }
    }
    let total: usize = counts.iter().sum();
    println!(
        "reanchor fixtures: {cases} cases, {total} annotations as expected ({} anchored, {} relocated, {} orphaned)",
        counts[0], counts[1], counts[2]
    );
    assert!(failures.is_empty(), "\n{failures}");
}

#[test]
fn generated_realistic_edits() {
    let mut all = synth::Tally::default();
    for seed in [1, 2, 3] {
        let case = synth::case(seed, 300, 500);
        let results = reanchor_all(&case.old, &case.new, &case.annotations);
        check_invariants(&case.new, &case.annotations, &results);
        let t = synth::tally(&case, &results);
        println!("seed {seed}: {t}");
        add(&mut all, t);
    }
    println!("realistic edits, all seeds: {all}");
    assert_eq!(all.wrong, 0, "no annotation may be placed wrongly");
    assert!(all.recovered() >= 0.95, "{all}");
}

/// Re-anchoring a piece at a time gives what one call gives, however the steps are cut; the
/// last step says so, and none before it.
#[test]
fn reanchoring_in_steps_equals_one_call() {
    // A thousand paragraphs: aligning them takes more than one step too.
    let case = synth::case(4, 1000, 300);
    let whole = reanchor_all(&case.old, &case.new, &case.annotations);
    let (old, new) = (Arc::new(case.old.clone()), Arc::new(case.new.clone()));
    for n in [1, 2, 29, 300, usize::MAX] {
        let mut work = Reanchoring::new(old.clone(), new.clone(), case.annotations.clone());
        let (mut preparing, mut placing) = (0, 0);
        loop {
            let before = work.progress().0;
            let done = work.step(n);
            let (placed, of) = work.progress();
            if placed == before {
                preparing += 1;
            } else {
                placing += 1;
                assert_eq!(placed - before, n.min(of - before), "{n} a step");
            }
            if done {
                break;
            }
            assert!(placed < of, "{placed} of {of} placed, and not done");
        }
        // Indexing, matching blocks, aligning the rest (a few hundred blocks a step, unless the
        // steps are unbounded), then placing.
        let aligning = if n == usize::MAX { 1 } else { 2 };
        assert!(
            preparing >= 2 + aligning,
            "{preparing} steps before placing"
        );
        assert_eq!(placing, case.annotations.len().div_ceil(n), "steps of {n}");
        assert_eq!(work.progress(), (300, 300));
        let (doc, placed) = work.finish();
        assert!(Arc::ptr_eq(&doc, &new));
        assert!(placed == whole, "steps of {n} differ from one call");
    }
    // Nothing to place: done at once, with nothing indexed.
    let mut none = Reanchoring::new(old, new, Vec::new());
    assert!(none.step(1));
}

#[test]
fn generated_edits_with_moved_paragraphs() {
    let plan = EditPlan {
        moved_paragraphs_percent: 5,
        ..EditPlan::REALISTIC
    };
    let mut all = synth::Tally::default();
    for seed in [21, 22] {
        let case = synth::case_with(seed, 300, 500, plan);
        let results = reanchor_all(&case.old, &case.new, &case.annotations);
        check_invariants(&case.new, &case.annotations, &results);
        let t = synth::tally(&case, &results);
        println!("moved paragraphs, seed {seed}: {t}");
        add(&mut all, t);
    }
    assert_eq!(all.wrong, 0, "{all}");
    assert!(all.recovered() >= 0.95, "{all}");
}

#[test]
fn generated_heavy_edits_place_nothing_wrongly() {
    let plan = EditPlan {
        insert_chars: 3000,
        typos_per_100k: 2000,
        deleted_paragraphs_percent: 25,
        moved_paragraphs_percent: 5,
    };
    let mut all = synth::Tally::default();
    for seed in [11, 12] {
        let case = synth::case_with(seed, 250, 400, plan);
        let results = reanchor_all(&case.old, &case.new, &case.annotations);
        check_invariants(&case.new, &case.annotations, &results);
        let t = synth::tally(&case, &results);
        println!("heavy edit, seed {seed}: {t}");
        add(&mut all, t);
    }
    assert_eq!(all.wrong, 0, "{all}");
    assert!(all.recovered() >= 0.9, "{all}");
}

fn add(all: &mut synth::Tally, t: synth::Tally) {
    all.recoverable += t.recoverable;
    all.correct += t.correct;
    all.wrong += t.wrong;
    all.missed += t.missed;
    all.orphaned += t.orphaned;
}

/// What `reanchor_all` promises about every result, whatever the input.
fn check_invariants(new: &Document, before: &[Annotation], after: &[Annotation]) {
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(after) {
        assert_eq!(a.id, b.id, "same order");
        match a.status {
            Status::Orphaned => assert_eq!(a.quote, b.quote, "an orphan keeps its quote"),
            _ => {
                assert!(
                    !a.range.is_empty() && a.range.end <= new.char_len(),
                    "{a:?}"
                );
                assert!(new.is_grapheme_aligned(a.range), "{a:?}");
                assert_eq!(new.slice(a.range), a.quote.exact, "the quote is the text");
                if a.status == Status::Anchored {
                    assert_eq!(
                        a.quote.exact, b.quote.exact,
                        "anchored keeps the exact text"
                    );
                }
            }
        }
    }
}

/// One readable case.
struct Fixture {
    old: String,
    new: String,
    expect: Vec<Expect>,
}

struct Expect {
    quote: String,
    nth: usize,
    outcome: Outcome,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Anchored,
    RelocatedTo(String),
    Orphaned,
}

impl Outcome {
    fn index(&self) -> usize {
        match self {
            Outcome::Anchored => 0,
            Outcome::RelocatedTo(_) => 1,
            Outcome::Orphaned => 2,
        }
    }
}

impl Fixture {
    fn parse(source: &str) -> Result<Fixture, String> {
        let mut sections: Vec<(String, Vec<&str>)> = Vec::new();
        for line in source.lines() {
            if let Some(name) = line.strip_prefix("--- ") {
                sections.push((name.trim().to_string(), Vec::new()));
            } else if let Some((_, lines)) = sections.last_mut() {
                lines.push(line);
            } else if !line.starts_with('#') && !line.trim().is_empty() {
                return Err(format!("text before the first section: {line:?}"));
            }
        }
        let section = |name: &str| -> Result<String, String> {
            let (_, lines) = sections
                .iter()
                .find(|(n, _)| n == name)
                .ok_or_else(|| format!("no `--- {name}` section"))?;
            let first = lines
                .iter()
                .position(|l| !l.trim().is_empty())
                .unwrap_or(lines.len());
            let last = lines
                .iter()
                .rposition(|l| !l.trim().is_empty())
                .map_or(first, |i| i + 1);
            Ok(lines[first..last.max(first)].join("\n"))
        };
        let (old, new) = (section("old")?, section("new")?);
        let mut expect = Vec::new();
        for line in section("expect")?
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            expect.push(Expect::parse(line).map_err(|e| format!("{e} in {line:?}"))?);
        }
        Ok(Fixture { old, new, expect })
    }

    /// Runs the case: the outcome index of each annotation, or the actual expect section.
    fn run(&self) -> Result<Vec<usize>, String> {
        let old = Document::plain("Fixture", &self.old);
        let new = Document::plain("Fixture", &self.new);
        let time = Timestamp::parse("2026-01-01T00:00:00Z").expect("a valid literal");
        let mut annotations = Vec::new();
        for (i, e) in self.expect.iter().enumerate() {
            let range = nth_occurrence(&old, &e.quote, e.nth)
                .ok_or_else(|| format!("{:?} #{} is not in the old text", e.quote, e.nth))?;
            let snapped = old.snap(range).map(|s| s.range());
            if snapped != Some(range) {
                return Err(format!(
                    "{:?} is not a selection the app could make",
                    e.quote
                ));
            }
            annotations.push(Annotation {
                id: format!("a{i}"),
                tag: Tag::STATEMENT,
                range,
                quote: Quote::of(&old, range),
                status: Status::Anchored,
                note: String::new(),
                created: time.clone(),
                modified: time.clone(),
                creator: None,
                claim: Default::default(),
            });
        }
        let results = reanchor_all(&old, &new, &annotations);
        check_invariants(&new, &annotations, &results);
        let mut actual = String::new();
        let mut same = true;
        for (e, a) in self.expect.iter().zip(&results) {
            let outcome = match a.status {
                Status::Anchored => Outcome::Anchored,
                Status::Relocated { .. } => Outcome::RelocatedTo(a.quote.exact.clone()),
                Status::Orphaned => Outcome::Orphaned,
            };
            same &= outcome == e.outcome;
            let nth = if e.nth > 1 {
                format!(" #{}", e.nth)
            } else {
                String::new()
            };
            let shown = match &outcome {
                Outcome::Anchored => "anchored".to_string(),
                Outcome::RelocatedTo(t) => format!("relocated to {}", quoted(t)),
                Outcome::Orphaned => "orphaned".to_string(),
            };
            let mark = if outcome == e.outcome {
                ""
            } else {
                "   <-- differs"
            };
            writeln!(actual, "{}{nth} -> {shown}{mark}", quoted(&e.quote)).ok();
        }
        if same {
            Ok(self.expect.iter().map(|e| e.outcome.index()).collect())
        } else {
            Err(actual)
        }
    }
}

impl Expect {
    fn parse(line: &str) -> Result<Expect, String> {
        let (quote, rest) = unquote(line.trim())?;
        let rest = rest.trim_start();
        let (nth, rest) = match rest.strip_prefix('#') {
            Some(r) => {
                let digits: String = r.chars().take_while(char::is_ascii_digit).collect();
                let n = digits.parse().map_err(|_| "a number after #".to_string())?;
                (n, &r[digits.len()..])
            }
            None => (1, rest),
        };
        let rest = rest
            .trim_start()
            .strip_prefix("->")
            .ok_or("no `->`")?
            .trim();
        let outcome = if rest == "anchored" {
            Outcome::Anchored
        } else if rest == "orphaned" {
            Outcome::Orphaned
        } else if let Some(r) = rest.strip_prefix("relocated to ") {
            let (text, tail) = unquote(r.trim())?;
            if !tail.trim().is_empty() {
                return Err(format!("unexpected {tail:?}"));
            }
            Outcome::RelocatedTo(text)
        } else {
            return Err("expected anchored, orphaned or relocated to \"…\"".into());
        };
        Ok(Expect {
            quote,
            nth,
            outcome,
        })
    }
}

/// A leading `"…"` string with escapes, and what follows it.
fn unquote(s: &str) -> Result<(String, &str), String> {
    let body = s.strip_prefix('"').ok_or("a quote must start with \"")?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, &body[i + 1..])),
            '\\' => match chars.next().map(|(_, c)| c) {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('u') => {
                    let hex: String = chars
                        .by_ref()
                        .map(|(_, c)| c)
                        .skip(1)
                        .take_while(|&c| c != '}')
                        .collect();
                    let c = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                    out.push(c.ok_or_else(|| format!("bad escape \\u{{{hex}}}"))?);
                }
                Some(c) => out.push(c),
                None => return Err("a dangling backslash".into()),
            },
            c => out.push(c),
        }
    }
    Err("an unterminated quote".into())
}

/// A quote as a fixture writes it: control characters, quotes and backslashes escaped.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn nth_occurrence(doc: &Document, quote: &str, nth: usize) -> Option<CharRange> {
    if quote.is_empty() || nth == 0 {
        return None;
    }
    let mut from = 0;
    let mut found = None;
    for _ in 0..nth {
        let at = from + doc.text()[from..].find(quote)?;
        found = Some(at);
        from = at + quote.len();
    }
    let start = doc.char_offset_of_byte(found?);
    Some(CharRange {
        start,
        end: start + quote.chars().count(),
    })
}
