#![cfg(not(target_arch = "wasm32"))]
//! Article extraction on saved pages: every `tests/fixtures/html/NAME.html` is parsed as a
//! browser would (html5ever, through the `scraper` dev-dependency), converted to the model's
//! tree and extracted, and the result must equal `NAME.expected.txt` beside it: the title on the
//! first line, then the blocks separated by blank lines, headings marked with "# ".
//!
//! After a deliberate change of the rules, regenerate the expectations and review the diff:
//! `UPDATE_EXPECT=1 cargo test --test extract`.

use std::fs;
use std::path::{Path, PathBuf};

use claimmark::model::extract::{extract, Element, Extracted, Node, ATTRIBUTES};
use claimmark::model::text::BlockKind;
use scraper::{Html, Node as HtmlNode};

#[test]
fn fixtures_extract_as_expected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut pages: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("tests/fixtures/html exists")
        .map(|e| e.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    assert!(
        pages.len() >= 5,
        "expected the saved pages in {}",
        dir.display()
    );

    let mut failures = Vec::new();
    for page in &pages {
        let html = fs::read_to_string(page).expect("fixture is UTF-8");
        let extracted = extract(&parse(&html));
        let actual = render(&extracted);
        let expected_path = page.with_extension("expected.txt");
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            if update {
                fs::write(&expected_path, &actual).expect("expectation is writable");
            } else {
                failures.push(format!(
                    "--- {}\n{}",
                    expected_path.display(),
                    diff(&expected, &actual)
                ));
            }
        }
        // The blocks become a document with the same blocks, in the same order.
        let doc = extracted.to_document();
        let kinds: Vec<BlockKind> = doc.blocks().iter().map(|b| b.kind).collect();
        let expected_kinds: Vec<BlockKind> = extracted.blocks.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, expected_kinds, "{}", page.display());
    }
    assert!(
        failures.is_empty(),
        "extraction differs from the expectation (UPDATE_EXPECT=1 to accept):\n{}",
        failures.join("\n")
    );
}

#[test]
fn scripts_handlers_and_redirects_never_reach_the_text() {
    let html = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html/hostile-markup.html"),
    )
    .expect("fixture exists");
    let text = render(&extract(&parse(&html)));
    for needle in [
        "alert",
        "onerror",
        "javascript",
        "refresh",
        "evil.example",
        "document.",
        "http",
        "{",
        "<",
    ] {
        assert!(!text.contains(needle), "{needle:?} leaked into:\n{text}");
    }
}

/// html5ever itself takes time quadratic in the nesting, so this stays at a few thousand
/// levels; the model's own 100,000-level test builds its tree directly.
#[test]
fn markup_nested_past_the_depth_limit_is_cut_off() {
    let html = format!(
        "<title>Deep</title><p>Before the pit.</p>{}<p>At the bottom.</p>",
        "<div>".repeat(3_000)
    );
    let extracted = extract(&parse(&html));
    assert_eq!(extracted.title, "Deep");
    assert_eq!(
        extracted.blocks,
        [(BlockKind::Paragraph, "Before the pit.".to_string())]
    );
}

/// The page as the browser's converter hands it over: the `<html>` element, with only the
/// attributes the rules read, comments left out. Iterative, like the converter must be.
fn parse(html: &str) -> Node {
    let document = Html::parse_document(html);
    let root = document.root_element();
    let mut open = vec![(convert(root.value()), root.children())];
    loop {
        let (element, children) = open.last_mut().expect("the root stays open until the end");
        let Some(child) = children.next() else {
            let (done, _) = open.pop().expect("just looked at it");
            match open.last_mut() {
                Some((parent, _)) => parent.children.push(Node::Element(done)),
                None => return Node::Element(done),
            }
            continue;
        };
        match child.value() {
            HtmlNode::Element(e) => open.push((convert(e), child.children())),
            HtmlNode::Text(t) => element.children.push(Node::Text(t.to_string())),
            _ => {}
        }
    }
}

fn convert(e: &scraper::node::Element) -> Element {
    let attrs = e
        .attrs()
        .filter(|(k, _)| ATTRIBUTES.contains(k))
        .map(|(k, v)| (k.to_string(), v.to_string()));
    Element {
        tag: e.name().to_string(),
        attrs: attrs.collect(),
        children: Vec::new(),
    }
}

fn render(extracted: &Extracted) -> String {
    let mut out = format!("{}\n", extracted.title);
    for (kind, text) in &extracted.blocks {
        let mark = if *kind == BlockKind::Heading {
            "# "
        } else {
            ""
        };
        out.push_str(&format!("\n{mark}{text}\n"));
    }
    out
}

/// The lines that differ, marked - (expected) and + (actual): enough to see what changed.
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        match (e.get(i), a.get(i)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => {
                if let Some(x) = x {
                    out.push_str(&format!("{:>4} - {x}\n", i + 1));
                }
                if let Some(y) = y {
                    out.push_str(&format!("{:>4} + {y}\n", i + 1));
                }
            }
        }
    }
    out
}
