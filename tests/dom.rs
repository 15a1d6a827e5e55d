//! `dom.rs` in a real browser: DOM (UTF-16) positions and code points agree, on a paragraph
//! with astral emoji, a ZWJ sequence, combining marks and Arabic.
#![cfg(target_arch = "wasm32")]

use claimmark::model::text::{CharRange, Document};
use claimmark::ui::dom;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Node};

wasm_bindgen_test_configure!(run_in_browser);

const TEXT: &str = "Title 👍🏽 here\n\nThe 👩‍👩‍👧 family said cafe\u{301} prices 🇨🇭 rose.\n\n\nقال الرئيس 😀 إن المحادثات بناءة";

fn mount(doc: &Document) -> Element {
    let d = gloo::utils::document();
    let el = d.create_element("article").unwrap();
    d.body().unwrap().append_child(&el).unwrap();
    dom::render_article(&el, doc);
    el
}

#[wasm_bindgen_test]
fn rendered_text_is_the_document_text() {
    let doc = Document::plain("t", TEXT);
    let el = mount(&doc);
    assert_eq!(el.text_content().unwrap(), TEXT);
    assert_eq!(el.children().length() as usize, doc.blocks().len());
    el.remove();
}

#[wasm_bindgen_test]
fn every_code_point_offset_round_trips_through_the_dom() {
    let doc = Document::plain("t", TEXT);
    let el = mount(&doc);
    for offset in 0..=doc.char_len() {
        let (node, units) = dom::dom_point(&el, &doc, offset).expect("a DOM point");
        let back = dom::offset_of_point(&el, &doc, &node, units);
        // Offsets on separators map to the nearest block edge.
        let on_separator = doc
            .blocks()
            .iter()
            .all(|b| !(b.range.start..=b.range.end).contains(&offset));
        if !on_separator {
            assert_eq!(back, offset, "offset {offset}");
        }
    }
    el.remove();
}

#[wasm_bindgen_test]
fn a_dom_selection_reads_as_code_points() {
    let doc = Document::plain("t", TEXT);
    let el = mount(&doc);
    let family = TEXT.find("👩").map(|b| TEXT[..b].chars().count()).unwrap();
    let want = CharRange::new(
        family,
        family + "👩‍👩‍👧 family said cafe\u{301}".chars().count(),
    )
    .unwrap();
    let range = dom::dom_range(&el, &doc, want).unwrap();
    // The DOM counts UTF-16: the family is 8 units, though 5 code points.
    let start_node: Node = range.start_container().unwrap();
    assert_eq!(range.start_offset().unwrap(), 4);
    assert_eq!(range.to_string().as_string().unwrap(), doc.slice(want));
    let selection = gloo::utils::window().get_selection().unwrap().unwrap();
    selection.remove_all_ranges().unwrap();
    selection.add_range(&range).unwrap();
    assert_eq!(dom::selected_range(&el, &doc), Some(want));
    assert!(start_node.dyn_ref::<web_sys::Text>().is_some());
    selection.remove_all_ranges().unwrap();
    el.remove();
}

/// A pasted or edited text is rendered from the field's own string when the document's text is
/// exactly it, and from the document otherwise (here the byte-order mark the document drops).
#[wasm_bindgen_test]
fn a_field_offers_its_text_only_to_the_same_document() {
    let d = gloo::utils::document();
    let field: web_sys::HtmlTextAreaElement =
        d.create_element("textarea").unwrap().unchecked_into();
    for value in [TEXT.to_string(), format!("\u{feff}{TEXT}")] {
        field.set_value(&value);
        let read = dom::FieldText::read(&field);
        assert_eq!(read.text, value);
        let doc = read.into_document("t");
        assert_eq!(doc, Document::plain("t", &value));
        let el = mount(&doc);
        assert_eq!(el.text_content().unwrap(), doc.text());
        assert_eq!(
            el.text_content().unwrap() == value,
            !value.starts_with('\u{feff}')
        );
        el.remove();
    }
}

#[wasm_bindgen_test]
fn highlights_are_registered_per_tag() {
    use claimmark::model::tags::highlight_name;
    use claimmark::model::{Command, Session, Tag, Timestamp};
    let mut session = Session::new(Document::plain("t", TEXT));
    let arabic = TEXT.find("قال").map(|b| TEXT[..b].chars().count()).unwrap();
    let r = session
        .doc()
        .snap(CharRange::new(arabic, arabic + 10).unwrap())
        .unwrap();
    let now = Timestamp::from_unix_millis(0);
    session
        .apply(Command::Create {
            id: "urn:uuid:1".into(),
            tag: Tag::DISPUTE,
            range: r,
            now,
            creator: None,
        })
        .unwrap();
    let el = mount(session.doc());
    dom::paint(
        &el,
        session.doc(),
        session.tags(),
        session.annotations(),
        Some("urn:uuid:1"),
    );
    // Chromium has the API and highlight inheritance (else every annotation would be a <mark>).
    assert!(dom::has_highlight_api());
    {
        let reg = web_sys::css::JsNamespaceCss::highlights();
        assert_eq!(reg.get(&highlight_name(2)).unwrap().size(), 1);
        assert_eq!(reg.get(&highlight_name(0)).unwrap().size(), 0);
        assert_eq!(reg.get(dom::HIGHLIGHT_SELECTED).unwrap().size(), 1);
        // The set's slots have their look on the article, and its blocks inherit it; a slot
        // the set lacks has no rule.
        el.set_class_name("article");
        el.set_attribute("style", "--t2-bg: rgb(1, 2, 3); --t3-bg: rgb(4, 5, 6)")
            .unwrap();
        let window = gloo::utils::window();
        let block = el.first_element_child().unwrap();
        let background = |name: &str| {
            window
                .get_computed_style_with_pseudo_elt(&block, &format!("::highlight({name})"))
                .unwrap()
                .unwrap()
                .get_property_value("background-color")
                .unwrap()
        };
        assert_eq!(background(&highlight_name(2)), "rgb(1, 2, 3)");
        assert_eq!(background(&highlight_name(3)), "rgba(0, 0, 0, 0)");
    }
    // The article's DOM is never split by highlights.
    assert_eq!(el.text_content().unwrap(), TEXT);
    assert_eq!(
        el.children().length() as usize,
        session.doc().blocks().len()
    );
    el.remove();
}

/// How long suggesting claims takes in the browser: the sample article and a 1 MB article (the
/// sample repeated). Run on the release build for figures that mean something:
/// `cargo test --release --target wasm32-unknown-unknown --test dom suggest_timing`.
#[wasm_bindgen_test]
fn suggest_timing() {
    use claimmark::model::suggest::suggest;
    use claimmark::model::TagSet;
    let performance = gloo::utils::window().performance().expect("performance");
    let sample_text = include_str!("../assets/geneva-summit.txt");
    let body = sample_text
        .split_once("\n\n")
        .map_or(sample_text, |(_, b)| b)
        .trim();
    let mut big = String::from("One long article");
    while big.len() < 1_000_000 {
        big.push_str("\n\n");
        big.push_str(body);
    }
    let tags = TagSet::default();
    for (name, text, runs) in [
        ("sample", sample_text, 20),
        ("1 MB article", big.as_str(), 3),
    ] {
        let doc = Document::plain("t", text);
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..runs {
            let t = performance.now();
            n = suggest(&doc, &tags).map_or(0, |s| s.len());
            times.push(performance.now() - t);
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        gloo::console::log!(format!(
            "suggest in the browser ({name}, {} chars): {median:.2} ms median, {n} suggestions",
            doc.char_len()
        ));
        assert!(n > 0);
    }
}

/// Waits for `n` animation frames.
async fn frames(n: usize) {
    for _ in 0..n {
        let frame = js_sys::Promise::new(&mut |resolve, _| {
            let _ = gloo::utils::window().request_animation_frame(&resolve);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
    }
}

/// A long article is shown a slice a frame; while work in steps holds the reveal (an import),
/// the hidden blocks wait, and they are all shown once it lets go.
#[wasm_bindgen_test]
async fn the_reveal_of_a_long_article_waits_while_held() {
    let paragraph = "A paragraph of a long article, with words enough to fill a line or two. ";
    let text = vec![paragraph.repeat(4); 300].join("\n\n");
    let doc = Document::plain("long", &text);
    assert!(dom::article::in_slices(&doc));
    let hidden = |el: &Element| el.query_selector_all(":scope > [hidden]").unwrap().length();
    let el = mount(&doc);
    let at_first = hidden(&el);
    assert!(at_first > 0, "the rest of a long article starts hidden");
    let held = dom::article::hold_reveal();
    frames(6).await;
    assert_eq!(hidden(&el), at_first, "nothing revealed while held");
    drop(held);
    frames(12).await;
    assert_eq!(hidden(&el), 0, "everything revealed once let go");
    assert_eq!(el.text_content().unwrap(), text);
    el.remove();
}
