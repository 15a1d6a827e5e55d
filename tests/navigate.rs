#![cfg(not(target_arch = "wasm32"))]
//! Moving a keyboard caret by character, word and sentence.

use claimmark::model::navigate::{sentence_at, step, word_at, Unit};
use claimmark::model::text::Document;

/// Walks from `from` in `unit` steps and shows each stop as `text|rest`.
fn walk(text: &str, from: usize, unit: Unit, forward: bool, n: usize) -> Vec<String> {
    let doc = Document::plain("t", text);
    let mut at = from;
    (0..n)
        .map(|_| {
            at = step(&doc, at, unit, forward);
            let chars: Vec<char> = doc.text().chars().collect();
            format!(
                "{}|{}",
                chars[..at].iter().collect::<String>(),
                chars[at..].iter().collect::<String>()
            )
        })
        .collect()
}

#[test]
fn characters_step_over_whole_graphemes() {
    assert_eq!(
        walk("a👩‍👩‍👧e\u{301}🇨🇭", 0, Unit::Character, true, 4),
        [
            "a|👩‍👩‍👧e\u{301}🇨🇭",
            "a👩‍👩‍👧|e\u{301}🇨🇭",
            "a👩‍👩‍👧e\u{301}|🇨🇭",
            "a👩‍👩‍👧e\u{301}🇨🇭|"
        ]
    );
    assert_eq!(
        walk("a👩‍👩‍👧e\u{301}", 8, Unit::Character, false, 3),
        ["a👩‍👩‍👧|e\u{301}", "a|👩‍👩‍👧e\u{301}", "|a👩‍👩‍👧e\u{301}"]
    );
}

#[test]
fn words_stop_at_starts_and_ends() {
    assert_eq!(
        walk("The deal, signed today.", 0, Unit::Word, true, 3),
        [
            "The |deal, signed today.",
            "The deal, |signed today.",
            "The deal, signed |today."
        ]
    );
    assert_eq!(
        walk("The deal, signed today.", 4, Unit::WordEnd, true, 2),
        ["The deal|, signed today.", "The deal, signed| today."]
    );
    assert_eq!(
        walk("The deal, signed", 16, Unit::Word, false, 2),
        ["The deal, |signed", "The |deal, signed"]
    );
    assert_eq!(
        walk("One two\n\nthree", 7, Unit::Word, true, 2),
        ["One two\n\n|three", "One two\n\nthree|"]
    );
}

#[test]
fn sentences() {
    let text = "Putin spoke. Biden listened! Then they left?\n\nA new paragraph.";
    assert_eq!(
        walk(text, 0, Unit::Sentence, true, 3)
            .iter()
            .map(|s| s.split('|').next().unwrap().chars().count())
            .collect::<Vec<_>>(),
        [13, 29, 44]
    );
    let doc = Document::plain("t", text);
    assert_eq!(doc.slice(sentence_at(&doc, 15).unwrap()), "Biden listened!");
    assert_eq!(
        doc.slice(sentence_at(&doc, 50).unwrap()),
        "A new paragraph."
    );
    assert_eq!(doc.slice(word_at(&doc, 14).unwrap()), "Biden");
}

#[test]
fn arabic_words() {
    let doc = Document::plain("t", "قال الرئيس إن المحادثات");
    assert_eq!(step(&doc, 0, Unit::Word, true), 4);
    assert_eq!(doc.slice(word_at(&doc, 5).unwrap()), "الرئيس");
}
