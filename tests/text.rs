#![cfg(not(target_arch = "wasm32"))]
//! Document text, code-point positions, grapheme snapping and UTF-16 conversion.

use claimmark::model::text::{chars_from_utf16, normalize, utf16_from_chars, CharRange, Document};
use common::any_text;
use proptest::prelude::*;

mod common;

fn range(start: usize, end: usize) -> CharRange {
    CharRange::new(start, end).unwrap()
}

/// Snaps `[start, end)` of `text` and shows the result as `«…»`, or `None`.
fn snap(text: &str, start: usize, end: usize) -> String {
    let doc = Document::plain("t", text);
    match doc.snap(range(start, end)) {
        Some(r) => format!(
            "«{}» {}..{}",
            doc.slice(r.range()),
            r.range().start,
            r.range().end
        ),
        None => "None".into(),
    }
}

#[test]
fn normalises_line_ends_and_bom_only() {
    assert_eq!(normalize("\u{feff}a\r\nb\rc\n"), "a\nb\nc\n");
    assert_eq!(normalize("  keep  spaces\t\n\n"), "  keep  spaces\t\n\n");
    assert_eq!(normalize("mid\u{feff}dle"), "mid\u{feff}dle");
}

#[test]
fn positions_count_code_points() {
    let doc = Document::plain("t", "Café 👩‍👩‍👧 مرحبا\n\n日本語");
    assert_eq!(doc.char_len(), "Café 👩‍👩‍👧 مرحبا\n\n日本語".chars().count());
    assert_eq!(doc.slice(range(0, 4)), "Café");
    // The family emoji is five code points: three people and two zero-width joiners.
    assert_eq!(doc.slice(range(5, 10)), "👩‍👩‍👧");
    assert_eq!(doc.slice(range(11, 16)), "مرحبا");
    assert_eq!(doc.slice(range(18, 21)), "日本語");
    assert_eq!(doc.blocks().len(), 2);
    assert_eq!(doc.blocks()[1].range, range(18, 21));
}

#[test]
fn snapping_keeps_graphemes_whole_and_trims_spaces() {
    let cases = [
        // (text, start, end, expected)
        ("say 👍🏽 now", 4, 5, "«👍🏽» 4..6"), // emoji with skin tone, half selected
        ("x 👩‍👩‍👧 y", 3, 4, "«👩‍👩‍👧» 2..7"),     // inside a ZWJ family
        ("flag 🇨🇭 here", 5, 6, "«🇨🇭» 5..7"), // half a regional-indicator pair
        ("cafe\u{301} au lait", 0, 4, "«cafe\u{301}» 0..5"), // e + combining acute
        ("  padded words  ", 0, 16, "«padded words» 2..14"),
        ("   ", 0, 3, "None"),
        ("ab\n\ncd", 1, 5, "«b\n\nc» 1..5"),
        ("مرحبا بالعالم", 0, 5, "«مرحبا» 0..5"),
        ("end", 1, 99, "«nd» 1..3"),
    ];
    for (text, s, e, want) in cases {
        assert_eq!(snap(text, s, e), want, "snap({text:?}, {s}, {e})");
    }
}

#[test]
fn prefix_and_suffix_never_cut_a_grapheme() {
    let text = "👩‍👩‍👧👩‍👩‍👧 the claim 🇨🇭🇨🇭";
    let doc = Document::plain("t", text);
    let claim = text
        .find("the claim")
        .map(|b| text[..b].chars().count())
        .unwrap();
    let r = range(claim, claim + 9);
    assert_eq!(doc.slice(r), "the claim");
    // A 3-code-point window would start inside the second family; it is moved to the boundary.
    assert_eq!(doc.prefix(r, 3), " ");
    assert_eq!(doc.prefix(r, 6), "👩‍👩‍👧 ");
    assert_eq!(doc.suffix(r, 2), " ");
    assert_eq!(doc.suffix(r, 3), " 🇨🇭");
}

#[test]
fn fingerprint_is_sha256_of_utf8() {
    let doc = Document::plain("t", "abc");
    assert_eq!(
        doc.fingerprint(),
        "urn:sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn sample_article_is_the_shipped_file_exactly() {
    let shipped = include_str!("../assets/geneva-summit.txt");
    let doc = Document::plain("", shipped);
    assert_eq!(doc.text(), normalize(shipped));
    assert_eq!(doc.title(), "I agreed with Biden to return the ambassadors");
    let phrase = "agreed to start consultations on cyber security";
    let byte = doc
        .text()
        .find(phrase)
        .expect("the commissioned phrase is in the sample");
    let start = doc.char_offset_of_byte(byte);
    assert_eq!(
        doc.slice(range(start, start + phrase.chars().count())),
        phrase
    );
}

proptest! {
    #[test]
    fn utf16_and_code_points_are_inverses(text in any_text(), cut in 0usize..200) {
        let n = text.chars().count();
        let c = cut.min(n);
        let u = utf16_from_chars(&text, c);
        prop_assert_eq!(chars_from_utf16(&text, u), c);
        prop_assert_eq!(u, text.chars().take(c).map(char::len_utf16).sum::<usize>());
    }

    #[test]
    fn slicing_matches_a_naive_char_slice(text in any_text(), a in 0usize..200, b in 0usize..200) {
        let doc = Document::plain("t", &text);
        let n = doc.char_len();
        let (s, e) = (a.min(b).min(n), a.max(b).min(n));
        let naive: String = doc.text().chars().skip(s).take(e - s).collect();
        prop_assert_eq!(doc.slice(range(s, e)), naive.as_str());
        prop_assert_eq!(doc.char_offset_of_byte(doc.byte_offset(s)), s);
    }

    #[test]
    fn snapped_ranges_are_aligned_and_trimmed(text in any_text(), a in 0usize..200, b in 0usize..200) {
        let doc = Document::plain("t", &text);
        let n = doc.char_len();
        let (s, e) = (a.min(b).min(n), a.max(b).min(n));
        if let Some(r) = doc.snap(range(s, e)) {
            let r = r.range();
            prop_assert!(!r.is_empty());
            prop_assert!(doc.is_grapheme_aligned(r));
            let t = doc.slice(r);
            prop_assert!(!t.starts_with(char::is_whitespace) && !t.ends_with(char::is_whitespace));
        }
    }
}
