//! Helpers shared by the native tests: deterministic sessions on texts a person can read.
#![allow(dead_code)]

use claimmark::model::text::{CharRange, Document};
use claimmark::model::{Command, Session, Tag, Timestamp};

/// The texts every export is checked on: emoji, ZWJ sequences, flags, combining marks, Arabic, CJK.
pub const TEXTS: [(&str, &str); 6] = [
    ("emoji", "Officials said 👍🏽 the deal holds. Critics 😠 disagree strongly.\n\nThe minister 🧑‍⚖️ agreed to talks."),
    ("zwj-family", "The 👩‍👩‍👧‍👦 family plan was announced.\n\nOpponents 🏳️‍🌈 marched; the 🇨🇭 host welcomed them."),
    ("combining", "The cafe\u{301} owner claimed the re\u{301}sume\u{301} was forged.\n\nZ\u{335}\u{31b}a\u{334}lgo text is not a claim."),
    ("arabic", "قال الرئيس إن المحادثات كانت بناءة.\n\nونفى المتحدث وجود أي اتفاق على تبادل السجناء."),
    ("cjk", "首相は協議の開始に合意したと述べた。\n\n野党はこの主張に反論した。统一码测试。"),
    ("sample", include_str!("../../assets/geneva-summit.txt")),
];

pub fn ts(n: u32) -> Timestamp {
    Timestamp::parse(&format!(
        "2026-11-28T09:{:02}:{:02}.000Z",
        n / 60 % 60,
        n % 60
    ))
    .unwrap()
}

/// The code-point range of the first occurrence of `needle`.
pub fn find(doc: &Document, needle: &str) -> CharRange {
    let byte = doc
        .text()
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is in the text"));
    let start = doc.char_offset_of_byte(byte);
    CharRange::new(start, start + needle.chars().count()).unwrap()
}

/// A session on `text` with annotations over a few stretches of it, ids and times fixed.
pub fn session_with(text: &str, picks: &[(usize, usize, Tag, &str)]) -> Session {
    let mut session = Session::new(Document::plain("Test article", text));
    for (i, &(start, end, tag, note)) in picks.iter().enumerate() {
        let snapped = session
            .doc()
            .snap(CharRange::new(start, end).unwrap())
            .expect("a non-blank pick");
        let id = format!("urn:uuid:00000000-0000-4000-8000-{:012}", i + 1);
        session
            .apply(Command::Create {
                id: id.clone(),
                tag,
                range: snapped,
                now: ts(i as u32),
                creator: Some("Tester".into()),
            })
            .unwrap();
        if !note.is_empty() {
            session
                .apply(Command::SetNote {
                    id,
                    note: note.into(),
                    now: ts(100 + i as u32),
                })
                .unwrap();
        }
    }
    session
}

/// Spreads a few annotations over any text: thirds of each block, all three tags, some overlapping.
pub fn spread(text: &str) -> Session {
    let doc = Document::plain("t", text);
    let mut picks = Vec::new();
    let tags = [Tag::STATEMENT, Tag::AGREEMENT, Tag::DISPUTE];
    let notes = [
        "",
        "=HYPERLINK(\"x\") looks like a formula",
        "<b>not html</b>, \"quoted\", and a, comma",
    ];
    for (i, b) in doc.blocks().iter().enumerate().take(9) {
        let len = b.range.len();
        if len < 6 {
            continue;
        }
        picks.push((
            b.range.start + len / 6,
            b.range.start + len * 2 / 3,
            tags[i % 3],
            notes[i % 3],
        ));
        picks.push((b.range.start + len / 2, b.range.end, tags[(i + 1) % 3], ""));
    }
    session_with(text, &picks)
}

/// Random text for property tests: mixed scripts, astral emoji, ZWJ sequences, flags,
/// combining marks, line breaks and characters that need escaping in JSON.
pub fn any_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    proptest::collection::vec(
        prop_oneof![
            Just("a".to_string()),
            Just(" ".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("é".to_string()),
            Just("e\u{301}".to_string()),
            Just("👍🏽".to_string()),
            Just("👩‍👩‍👧".to_string()),
            Just("🇨🇭".to_string()),
            Just("م".to_string()),
            Just("日".to_string()),
            Just("\"<&>".to_string()),
            "[a-z]{1,8}",
        ],
        0..50,
    )
    .prop_map(|parts| parts.concat())
}

/// Runs the W3C conformance kit (`../shared/w3c/validate.py`, beside the checkout in CI) on an
/// export of `text`, and fails on any invalid annotation or warning. Returns `false`, having
/// said "skipped", when the kit is not there.
pub fn validate_w3c(name: &str, text: &str, json: &str) -> bool {
    let kit = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/w3c/validate.py");
    if !kit.exists() {
        println!(
            "skipped: W3C validator not found at {} (it is beside the checkout in CI)",
            kit.display()
        );
        return false;
    }
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("w3c-exports");
    std::fs::create_dir_all(&dir).unwrap();
    let article = dir.join(format!("{name}.txt"));
    let exported = dir.join(format!("{name}.jsonld"));
    std::fs::write(&article, text).unwrap();
    std::fs::write(&exported, json).unwrap();
    let out = std::process::Command::new("python3")
        .arg(&kit)
        .args(["--profile", "annotator", "--source-text"])
        .arg(&article)
        .arg(&exported)
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last().unwrap_or("");
    println!("validator on {name}: {last}");
    assert!(
        out.status.success() && last.ends_with(" 0 invalid"),
        "validator failed on {name}:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !stdout.contains("warn"),
        "validator warned on {name}:\n{stdout}"
    );
    true
}
