//! A page's HTML, parsed by the browser (its scripts never run, nothing is inserted into the
//! page) and copied into the model's tree for `model::extract`.

use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

use crate::model::extract;
use crate::model::text::Document;

/// Parses HTML with the browser's DOMParser (its scripts never run, nothing is inserted into the
/// page) and keeps the article's text by the model's rules. `None` when no text is left.
pub fn html_to_document(html: &str) -> Option<Document> {
    let parser = web_sys::DomParser::new().ok()?;
    let parsed = parser
        .parse_from_string(html, web_sys::SupportedType::TextHtml)
        .ok()?;
    let root = parsed.document_element()?;
    let tree = to_tree(&root);
    let doc = extract::extract(&tree).to_document();
    (!doc.text().trim().is_empty()).then_some(doc)
}

/// Copies a parsed page into the model's tree, without recursion, at most
/// [`extract::MAX_DEPTH`] levels deep.
fn to_tree(root: &Element) -> extract::Node {
    fn shallow(el: &Element) -> extract::Element {
        let attrs = extract::ATTRIBUTES
            .iter()
            .filter_map(|a| el.get_attribute(a).map(|v| (a.to_string(), v)))
            .collect();
        extract::Element {
            tag: el.local_name().to_lowercase(),
            attrs,
            children: Vec::new(),
        }
    }
    // Each frame: the element being built, its DOM children, and the next child to visit.
    let mut stack: Vec<(extract::Element, web_sys::NodeList, u32)> =
        vec![(shallow(root), root.child_nodes(), 0)];
    loop {
        let depth = stack.len();
        let (_, kids, next) = stack.last_mut().expect("the root frame is popped last");
        if *next < kids.length() && depth <= extract::MAX_DEPTH {
            let child = kids.item(*next);
            *next += 1;
            match child {
                Some(c) if c.node_type() == Node::TEXT_NODE => {
                    let text = c.text_content().unwrap_or_default();
                    stack
                        .last_mut()
                        .expect("a frame")
                        .0
                        .children
                        .push(extract::Node::Text(text));
                }
                Some(c) if c.node_type() == Node::ELEMENT_NODE => {
                    let el: Element = c.unchecked_into();
                    let kids = el.child_nodes();
                    stack.push((shallow(&el), kids, 0));
                }
                _ => {}
            }
            continue;
        }
        let (done, _, _) = stack.pop().expect("a frame");
        match stack.last_mut() {
            Some(parent) => parent.0.children.push(extract::Node::Element(done)),
            None => return extract::Node::Element(done),
        }
    }
}
