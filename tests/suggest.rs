#![cfg(not(target_arch = "wasm32"))]
//! Suggested claims (`model::suggest`): readable tables of news-style sentences → the span, tag,
//! claimant and reasons suggested; properties on arbitrary Unicode text (suggestions lie on
//! grapheme boundaries inside the text and never overlap); the measuring rule of the benchmark.

use claimmark::model::suggest::{self, baseline::baseline, eval, NotSupported, Stance};
use claimmark::model::{CharRange, Document, Tag, TagDef, TagSet};
use expect_test::{expect, Expect};
use proptest::prelude::*;

mod common;

/// Suggestions for `text`, one a line: «span» tag (claimant) [reasons] confidence.
fn show(text: &str) -> String {
    let doc = Document::plain("t", text);
    match suggest::suggest(&doc, &TagSet::default()) {
        Err(e) => format!("not supported: {e:?}"),
        Ok(list) if list.is_empty() => "nothing".to_string(),
        Ok(list) => list
            .iter()
            .map(|s| {
                format!(
                    "«{}» {} ({}) {:?} {:.2}",
                    doc.slice(s.range),
                    s.tag.map_or("-", |t| t.id()),
                    s.claimant.as_deref().unwrap_or("-"),
                    s.reasons,
                    s.confidence
                )
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

fn check(text: &str, want: Expect) {
    want.assert_eq(&show(text));
}

#[test]
fn reported_speech_is_the_reported_clause() {
    check(
        "The mayor said the new bridge would open to traffic in March.",
        expect![[
            r#"«the new bridge would open to traffic in March» statement (The mayor) [Reporting("said")] 0.75"#
        ]],
    );
    check(
        "Health officials denied that the clinic had run out of vaccines.",
        expect![[
            r#"«the clinic had run out of vaccines» dispute (Health officials) [Reporting("denied")] 0.85"#
        ]],
    );
    check(
        "Dr. Jane Okafor, a virologist at the state university, said that the new variant spreads faster than earlier ones.",
        expect![[r#"«the new variant spreads faster than earlier ones» statement (Jane Okafor) [Reporting("said")] 0.85"#]],
    );
    check(
        "In a statement on Friday, the airline has repeatedly said its planes are safe to fly.",
        expect![[
            r#"«its planes are safe to fly» statement (the airline) [Reporting("said")] 0.75"#
        ]],
    );
    check(
        "Last week she told an audience in Berlin that the recovery would take at least two years.",
        expect![[
            r#"«the recovery would take at least two years» statement (-) [Reporting("told")] 0.80"#
        ]],
    );
}

#[test]
fn a_quotation_is_the_quoted_words_without_marks_or_attribution() {
    check(
        "“The conversation was very constructive,” Putin said.",
        expect![[
            r#"«The conversation was very constructive» statement (Putin) [Quotation, Reporting("said")] 0.80"#
        ]],
    );
    check(
        "\"We have no plans to close the factory,\" said Maria Lopez, the company's chief executive.",
        expect![[r#"«We have no plans to close the factory» dispute (Maria Lopez) [Quotation, Reporting("said"), Negation("no")] 0.80"#]],
    );
    check(
        "The coach said: “Our defence was simply not good enough today.”",
        expect![[
            r#"«Our defence was simply not good enough today» statement (The coach) [Quotation, Reporting("said")] 0.80"#
        ]],
    );
    // Scare quotes inside a sentence are not a quotation of their own.
    check(
        "The so-called “reform” was mostly cosmetic, the sun shone and the band played on.",
        expect!["nothing"],
    );
}

#[test]
fn quotations_of_several_sentences_and_nouns_that_look_like_verbs() {
    // The speaker's own "nobody believes" inside the quotation is part of their words; "add up"
    // is not the reporting verb "add".
    check(
        "“The numbers simply do not add up. Nobody believes this budget is credible,” said Anna Berg, an economist.",
        expect![[r#"«The numbers simply do not add up. Nobody believes this budget is credible» statement (Anna Berg) [Quotation, Reporting("said")] 0.80"#]],
    );
    // "The report" is a noun here, and the subject of "found".
    check(
        "The report, published on Tuesday, found that emissions had risen by 3% since 2019.",
        expect![[
            r#"«emissions had risen by 3% since 2019» statement (The report) [Reporting("found")] 0.85"#
        ]],
    );
    check(
        "Mr. Smith's lawyer denied the allegations, calling them baseless.",
        expect![[
            r#"«Mr. Smith's lawyer denied the allegations» dispute (Mr. Smith's lawyer) [Disputing("denied")] 0.72"#
        ]],
    );
}

#[test]
fn narrated_acts_of_agreeing_and_disputing_keep_their_subject() {
    check(
        "The union rejected the company's latest pay offer, calling it an insult to nurses.",
        expect![[
            r#"«The union rejected the company's latest pay offer» dispute (The union) [Disputing("rejected")] 0.72"#
        ]],
    );
    check(
        "Both parties agreed to resume the negotiations next month in Vienna.",
        expect![[
            r#"«Both parties agreed to resume the negotiations next month in Vienna» agreement (Both parties) [Agreeing("agreed")] 0.72"#
        ]],
    );
    // A verb coordinated with "but" shares the subject: the campaigners say it.
    check(
        "Campaigners welcomed the new fine but said it did not go far enough.",
        expect![[r#"
            «Campaigners welcomed the new fine» agreement (Campaigners) [Agreeing("welcomed")] 0.72
            «it did not go far enough» statement (Campaigners) [Reporting("said")] 0.75"#]],
    );
    check(
        "The minister did not accept the court's ruling on the pension reform.",
        expect![[
            r#"«The minister did not accept the court's ruling on the pension reform» dispute (The minister) [Agreeing("accept"), Negated("not accept")] 0.72"#
        ]],
    );
}

#[test]
fn attribution_concession_and_figures() {
    check(
        "According to the statistics office, unemployment fell to 4.2% in June.",
        expect![[
            r#"«unemployment fell to 4.2% in June» statement (the statistics office) [Attribution("according to")] 0.72"#
        ]],
    );
    check(
        "The bill passed on Thursday despite opposition from several farmers' groups.",
        expect![[
            r#"«despite opposition from several farmers' groups» dispute (several farmers' groups) [StanceNoun("opposition")] 0.60"#
        ]],
    );
    check(
        "Exports rose by 12 percent in 2023 to their highest level in a decade.",
        expect![[
            r#"«Exports rose by 12 percent in 2023 to their highest level in a decade» statement (-) [Figure("12")] 0.45"#
        ]],
    );
    check(
        "The sun was shining over the harbour as the fishing boats came in.",
        expect!["nothing"],
    );
}

#[test]
fn headlines_are_not_read_and_pronouns_name_the_last_person() {
    check(
        "Council approves new budget\n\nCouncillor Ann Marsh said the budget protects libraries and parks.\n\nShe said later that the vote had been close.",
        expect![[r#"
            «the budget protects libraries and parks» statement (Ann Marsh) [Reporting("said")] 0.75
            «the vote had been close» statement (Ann Marsh) [Reporting("said")] 0.85"#]],
    );
}

#[test]
fn other_languages_and_scripts_are_not_guessed() {
    check(
        "Der Präsident sagte am Mittwoch, dass die Gespräche sehr konstruktiv gewesen seien und dass man sich auf weitere Treffen geeinigt habe.",
        expect!["not supported: Language"],
    );
    check(
        "Президент заявил в среду, что переговоры были очень конструктивными и что стороны договорились о новых встречах.",
        expect!["not supported: Script"],
    );
}

#[test]
fn a_tag_set_without_the_default_ids_still_gets_spans() {
    let doc = Document::plain(
        "t",
        "The mayor said the new bridge would open to traffic in March.",
    );
    let fact = TagDef {
        id: Tag::new("fact").unwrap(),
        label: "Fact".into(),
        description: String::new(),
        colour: TagSet::default().iter().next().unwrap().colour.clone(),
        underline: TagSet::default().iter().next().unwrap().underline,
    };
    let tags = TagSet::from_defs(vec![fact]).unwrap();
    let list = suggest::suggest(&doc, &tags).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].tag, None);
    assert_eq!(list[0].stance, Stance::Report);
}

#[test]
fn the_lexicon_derives_inflections() {
    assert_eq!(
        suggest::Lexicon::english().verb("denied").map(|v| v.stance),
        Some(Stance::Dispute)
    );
    assert_eq!(
        suggest::Lexicon::english()
            .verb("agreeing")
            .map(|v| v.stance),
        Some(Stance::Agree)
    );
    assert_eq!(
        suggest::Lexicon::english().verb("says").map(|v| v.stance),
        Some(Stance::Report)
    );
    assert!(suggest::Lexicon::english().verb_forms() > 400);
    assert_eq!(
        suggest::language(
            "Ceci n'est pas une pipe, mais une image de pipe dans un tableau de Magritte."
        ),
        Err(NotSupported::Language)
    );
}

#[test]
fn matching_needs_half_of_each_one_to_one_largest_overlap_first() {
    let r = |a, b| CharRange::new(a, b).unwrap();
    // Each covers half of the other: a match; one covers less than half: none.
    assert!(eval::half_each(r(0, 10), r(5, 15)));
    assert!(!eval::half_each(r(0, 10), r(0, 30)));
    // Two predictions on one gold claim: only the larger overlap counts.
    let gold = [(r(0, 10), Tag::STATEMENT)];
    let predicted = [(r(2, 10), Tag::STATEMENT), (r(0, 9), Tag::DISPUTE)];
    let untagged = eval::count(&predicted, &gold, false);
    assert_eq!(
        (untagged.matched, untagged.predicted, untagged.gold),
        (1, 2, 1)
    );
    // Tagged, the pair with the agreeing tag is the one that may match.
    let tagged = eval::count(&predicted, &gold, true);
    assert_eq!(tagged.matched, 1);
    let wrong = eval::count(&[(r(0, 9), Tag::DISPUTE)], &gold, true);
    assert_eq!(wrong.matched, 0);
    assert!((untagged.f1() - 2.0 / 3.0).abs() < 1e-9);
}

#[test]
fn the_baseline_takes_whole_sentences_with_a_verb_or_a_quotation_mark() {
    let doc = Document::plain(
        "t",
        "Officials denied the report. The sky was blue. “Fine,” he said.",
    );
    let spans: Vec<(String, Stance)> = baseline(&doc)
        .into_iter()
        .map(|(r, s)| (doc.slice(r).to_string(), s))
        .collect();
    assert_eq!(
        spans,
        vec![
            ("Officials denied the report.".to_string(), Stance::Dispute),
            ("“Fine,” he said.".to_string(), Stance::Report)
        ]
    );
}

/// News-like pieces with quotation marks, dashes, figures and the hard cases of Unicode.
fn newsy_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("The minister said ".to_string()),
            Just("that ".to_string()),
            Just("officials denied ".to_string()),
            Just("they agreed ".to_string()),
            Just("did not accept ".to_string()),
            Just("according to ".to_string()),
            Just("despite opposition from ".to_string()),
            Just("“".to_string()),
            Just("”".to_string()),
            Just("\"".to_string()),
            Just("‘".to_string()),
            Just("’".to_string()),
            Just(", ".to_string()),
            Just(". ".to_string()),
            Just(": ".to_string()),
            Just(" -- ".to_string()),
            Just(" – ".to_string()),
            Just("12.5% ".to_string()),
            Just("\n\n".to_string()),
            Just("\n".to_string()),
            Just("e\u{301}".to_string()),
            Just("\u{301}".to_string()),
            Just("👩‍👩‍👧".to_string()),
            Just("🇨🇭".to_string()),
            Just("\u{200d}".to_string()),
            Just(" \u{200d}".to_string()),
            Just("日本".to_string()),
            Just("Dr. ".to_string()),
            "[A-Za-z]{1,8} ",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn assert_well_placed(text: &str) -> Result<(), TestCaseError> {
    let doc = Document::plain("t", text);
    let Ok(list) = suggest::suggest(&doc, &TagSet::default()) else {
        return Ok(());
    };
    let mut last_end = 0;
    for s in &list {
        prop_assert!(s.range.start < s.range.end, "empty {:?}", s.range);
        prop_assert!(s.range.end <= doc.char_len(), "outside {:?}", s.range);
        prop_assert!(
            doc.is_grapheme_aligned(s.range),
            "not on graphemes {:?}",
            s.range
        );
        prop_assert!(
            s.range.start >= last_end,
            "overlap or out of order at {:?}",
            s.range
        );
        let slice = doc.slice(s.range);
        prop_assert_eq!(slice.trim(), slice);
        prop_assert!((0.0..=1.0).contains(&s.confidence));
        last_end = s.range.end;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn suggestions_lie_on_graphemes_inside_the_text_and_never_overlap(text in newsy_text()) {
        assert_well_placed(&text)?;
    }

    #[test]
    fn any_unicode_text_is_read_without_panic(text in common::any_text()) {
        assert_well_placed(&text)?;
    }
}
