//! Readable article text from a parsed HTML page: which part of the page is the article, and its
//! headings and paragraphs in document order.
//!
//! The browser parses the page (DOMParser: scripts never run, nothing loads) and copies the DOM
//! into a [`Node`] tree; everything after that happens here, so it is tested natively on saved
//! pages (tests/extract.rs).
//!
//! The rules, in the order they apply:
//! 1. **Dropped everywhere**: metadata and embedded things (`head`, `script`, `style`,
//!    `noscript`, `template`, `svg`, `iframe`, `object`, `video`, …), navigation and page chrome
//!    (`nav`, `aside`, `footer`, `menu`, and `header` unless it is inside an `article` or `main`,
//!    where it holds the headline), form controls (`input`, `button`, `select`, `textarea`,
//!    `label`), landmark roles that are not content (`navigation`, `banner`, `complementary`,
//!    `contentinfo`, `search`, `dialog`, …), hidden elements (`hidden`, `aria-hidden="true"`,
//!    inline `display: none` or `visibility: hidden`, screen-reader-only classes), and elements
//!    whose `class` or `id` names boilerplate ([`hints`]): comment sections, cookie banners, share
//!    bars, related links, promos, ads, menus; and, unless a content word such as "article" or
//!    "content" is also there, headers, footers, sidebars and widgets. `html`, `body`, `article`
//!    and `main` are never dropped for their class or for being hidden (pages hide the body until
//!    a script that never runs here shows it).
//! 2. **The content root**: every paragraph-like element with at least [`MIN_PARAGRAPH`]
//!    characters of its own text scores `1 + commas + min(length / 100, 3)` for its parent, half
//!    that for its grandparent and a third for the great-grandparent. A candidate starts from a
//!    tag bonus and ±25 per `class`/`id` hint, and its final score is multiplied by
//!    `1 - link density`. The best candidate is then widened to the nearest `article` (or
//!    `role=article`) around it, else the nearest `main` (or `role=main`), so the headline and
//!    byline in the article's header come along. Without those, siblings of the best candidate
//!    join it when they score at least a fifth as well (at least 10), or are paragraphs of prose
//!    with few links, as when ads split the body; so do a sibling `h1` and the headings between
//!    the parts. With nothing to score: the first `article`, else `main`, else `body`.
//! 3. **Inside the content root**: forms are dropped (unless the whole content is inside one, as
//!    on old ASP.NET pages), and so are lists, tables and `div`s that are more than half link
//!    text, and paragraphs that are nothing but links ("Read more: …", "Back to news").
//! 4. **Blocks**: block-level elements (`p`, `li`, `blockquote`, `pre`, `figcaption`, `tr`,
//!    `div` with text of its own, …) start and end blocks, `h1`–`h6` make [`BlockKind::Heading`]
//!    blocks, `br` and `hr` and the line breaks of a `pre` break blocks, the cells of a table row
//!    join into one block, and inline elements are flattened into their block. Whitespace is
//!    collapsed.
//! 5. **Title**: the first `<title>`, with a site name after (or before) a separator such as
//!    " | " or " - " dropped, unless the first `h1` is part of it and not shorter, in which case
//!    the `h1`. Shortened to [`MAX_TITLE_CHARS`]. Empty when the page has neither.
//! 6. **A second chance**: the class hints and `aria-hidden` are the rules most likely to be
//!    wrong (a wrapper class "article-body share-rail", a page wrapper that a cookie dialog marked
//!    `aria-hidden`). When the strict pass keeps less than [`LENIENT_BELOW`] characters, the page
//!    is extracted again without them, and that result wins if it has at least [`LENIENT_BELOW`]
//!    characters and twice as many as the strict one.
//!
//! Invariants:
//! - Nothing recurses and nothing panics on any input: the tree is walked with explicit stacks,
//!   and dropping a [`Node`] is iterative too, so a page nested 100,000 levels deep is safe.
//!   Elements deeper than [`MAX_DEPTH`] below the root are ignored with all their content.
//! - Time and memory are linear in the size of the tree.
//! - Every block is trimmed, whitespace-collapsed and non-empty.

use std::borrow::Cow;

use super::text::{BlockKind, Document};

/// A node of a parsed page. Comments, doctypes and processing instructions are left out.
///
/// No `Clone`, `Debug` or `PartialEq`: derived ones would recurse as deep as the tree.
pub enum Node {
    Element(Element),
    Text(String),
}

/// An element with the attributes the rules read (see [`ATTRIBUTES`]); others may be left out.
pub struct Element {
    /// The local name, lowercase (`localName` in the DOM; uppercase is tolerated).
    pub tag: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// The attributes [`extract`] reads; a converter from the DOM need copy only these.
pub const ATTRIBUTES: [&str; 6] = ["id", "class", "role", "hidden", "aria-hidden", "style"];

/// How deep below the root an element may be and still count; deeper ones are ignored with
/// their content. Chromium's HTML parser, which DOMParser uses there, stops nesting at 512 too.
pub const MAX_DEPTH: usize = 512;

/// The least text of its own (non-whitespace characters) a paragraph needs to score.
pub const MIN_PARAGRAPH: usize = 25;

/// Below this many non-whitespace characters of text, the page is extracted again leniently.
pub const LENIENT_BELOW: usize = 200;

/// The longest title kept, in characters; longer ones are cut at a word and end in "…".
pub const MAX_TITLE_CHARS: usize = 150;

/// The readable part of a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The article's title; empty when the page has no `<title>` and no `h1`.
    pub title: String,
    /// Headings and paragraphs in document order, each trimmed, collapsed and non-empty.
    pub blocks: Vec<(BlockKind, String)>,
}

impl Extracted {
    /// The document to annotate. An empty title becomes the first words of the text.
    pub fn to_document(&self) -> Document {
        Document::from_blocks(&self.title, &self.blocks)
    }
}

/// The article in a page. `root` is the `<html>` element (or `<body>`); a text node gives its
/// text as one paragraph.
pub fn extract(root: &Node) -> Extracted {
    let root = match root {
        Node::Element(root) => root,
        Node::Text(text) => {
            let text = collapse(text);
            let blocks = if text.is_empty() {
                Vec::new()
            } else {
                vec![(BlockKind::Paragraph, text)]
            };
            return Extracted {
                title: String::new(),
                blocks,
            };
        }
    };
    let strict = extract_with(root, Mode::Strict);
    let kept = text_len(&strict.blocks);
    if kept < LENIENT_BELOW {
        let lenient = extract_with(root, Mode::Lenient);
        if text_len(&lenient.blocks) >= LENIENT_BELOW.max(2 * kept) {
            return lenient;
        }
    }
    strict
}

impl Element {
    /// An element from borrowed parts, for tests and small converters.
    pub fn new(tag: &str, attrs: &[(&str, &str)], children: Vec<Node>) -> Element {
        let attrs = attrs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Element {
            tag: tag.to_string(),
            attrs,
            children,
        }
    }

    /// The value of the first attribute with this (lowercase) name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Drop for Element {
    /// Frees the subtree with a loop: the derived drop would recurse once per level.
    fn drop(&mut self) {
        let mut pending = std::mem::take(&mut self.children);
        while let Some(node) = pending.pop() {
            if let Node::Element(mut element) = node {
                pending.append(&mut element.children);
            }
        }
    }
}

/// Which rules apply: [`Mode::Lenient`] ignores class/id hints and `aria-hidden`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Strict,
    Lenient,
}

/// The index of "no parent".
const NONE: usize = usize::MAX;

/// A kept node in document (pre-)order. An element's descendants are exactly the entries
/// `index + 1 .. end`, which lets every later pass be a loop over a range.
struct Entry<'a> {
    item: Item<'a>,
    parent: usize,
    end: usize,
    /// Non-whitespace characters of text in the subtree.
    text_len: usize,
    /// The part of `text_len` inside links.
    link_len: usize,
    /// Text whose nearest block-level ancestor is this element: what a paragraph "says itself".
    own_len: usize,
    own_commas: usize,
}

enum Item<'a> {
    Element {
        element: &'a Element,
        tag: Cow<'a, str>,
    },
    Text(&'a str),
}

impl Entry<'_> {
    fn element_attr(&self, name: &str) -> Option<&str> {
        match &self.item {
            Item::Element { element, .. } => element.attr(name),
            Item::Text(_) => None,
        }
    }

    fn tag(&self) -> Option<&str> {
        match &self.item {
            Item::Element { tag, .. } => Some(tag),
            Item::Text(_) => None,
        }
    }

    fn link_density(&self) -> f32 {
        if self.text_len == 0 {
            0.0
        } else {
            self.link_len as f32 / self.text_len as f32
        }
    }
}

fn extract_with(root: &Element, mode: Mode) -> Extracted {
    let (entries, title_tag) = flatten(root, mode);
    let roots = content_roots(&entries);
    let (blocks, first_h1) = emit(&entries, &roots);
    let h1 = first_h1.or_else(|| {
        let i = entries.iter().position(|e| e.tag() == Some("h1"))?;
        Some(collapse(&subtree_text(&entries, i)))
    });
    let title = choose_title(
        title_tag.as_deref().unwrap_or(""),
        h1.as_deref().unwrap_or(""),
    );
    Extracted { title, blocks }
}

/// Pass 1: the kept nodes in document order, with dropped subtrees left out, and the text of
/// the first `<title>`.
fn flatten(root: &Element, mode: Mode) -> (Vec<Entry<'_>>, Option<String>) {
    struct Frame<'a> {
        index: usize,
        children: std::slice::Iter<'a, Node>,
        depth: usize,
        in_link: bool,
        in_article: bool,
        /// The nearest block-level element: where this element's text counts as its own.
        owner: usize,
    }

    let root_tag = lowercase(&root.tag);
    let mut frames = vec![Frame {
        index: 0,
        children: root.children.iter(),
        depth: 0,
        in_link: root_tag == "a",
        in_article: is_article(root, &root_tag) || is_main(root, &root_tag),
        owner: 0,
    }];
    let mut entries = vec![Entry::of_element(root, root_tag, NONE)];
    let mut title = None;
    while let Some(frame) = frames.last_mut() {
        let Some(child) = frame.children.next() else {
            entries[frame.index].end = entries.len();
            frames.pop();
            continue;
        };
        match child {
            Node::Text(text) => {
                let (len, commas) = measure(text);
                let index = entries.len();
                entries.push(Entry {
                    item: Item::Text(text),
                    parent: frame.index,
                    end: index + 1,
                    text_len: len,
                    link_len: if frame.in_link { len } else { 0 },
                    own_len: 0,
                    own_commas: 0,
                });
                entries[frame.owner].own_len += len;
                entries[frame.owner].own_commas += commas;
            }
            Node::Element(element) => {
                if frame.depth >= MAX_DEPTH {
                    continue;
                }
                let tag = lowercase(&element.tag);
                if tag == "title" {
                    title.get_or_insert_with(|| direct_text(element));
                    continue;
                }
                if tag == "head" && title.is_none() {
                    title = element.children.iter().find_map(|c| match c {
                        Node::Element(e) if e.tag.eq_ignore_ascii_case("title") => {
                            Some(direct_text(e))
                        }
                        _ => None,
                    });
                }
                if is_dropped(element, &tag, frame.in_article, mode) {
                    continue;
                }
                let index = entries.len();
                let next = Frame {
                    index,
                    children: element.children.iter(),
                    depth: frame.depth + 1,
                    in_link: frame.in_link || tag == "a",
                    in_article: frame.in_article
                        || is_article(element, &tag)
                        || is_main(element, &tag),
                    owner: if is_block(&tag) { index } else { frame.owner },
                };
                entries.push(Entry::of_element(element, tag, frame.index));
                frames.push(next);
            }
        }
    }
    // Children come after their parent, so one backward sweep sums every subtree.
    for i in (1..entries.len()).rev() {
        let (parent, text, link) = (entries[i].parent, entries[i].text_len, entries[i].link_len);
        entries[parent].text_len += text;
        entries[parent].link_len += link;
    }
    (entries, title)
}

impl<'a> Entry<'a> {
    fn of_element(element: &'a Element, tag: Cow<'a, str>, parent: usize) -> Entry<'a> {
        Entry {
            item: Item::Element { element, tag },
            parent,
            end: 0,
            text_len: 0,
            link_len: 0,
            own_len: 0,
            own_commas: 0,
        }
    }
}

/// Pass 2: the elements that hold the article, in document order: one `article` or `main`,
/// or the best-scoring element with those of its siblings that look like more of the same
/// (a body split around ads), the `h1` among them, and the headings between the parts.
fn content_roots(entries: &[Entry]) -> Vec<usize> {
    let mut scores: Vec<Option<f32>> = vec![None; entries.len()];
    for entry in entries {
        let Some(tag) = entry.tag() else { continue };
        if !is_paragraph(tag) || entry.own_len < MIN_PARAGRAPH {
            continue;
        }
        let score = 1.0 + entry.own_commas as f32 + (entry.own_len / 100).min(3) as f32;
        let mut ancestor = entry.parent;
        for divider in [1.0, 2.0, 3.0] {
            let Some(candidate) = entries.get(ancestor) else {
                break;
            };
            *scores[ancestor].get_or_insert_with(|| base_score(candidate)) += score / divider;
            ancestor = candidate.parent;
        }
    }
    let finals: Vec<Option<f32>> = scores
        .iter()
        .zip(entries)
        .map(|(s, e)| s.map(|s| s * (1.0 - e.link_density())))
        .collect();
    let best = finals
        .iter()
        .enumerate()
        .fold(None, |best: Option<(usize, f32)>, (i, s)| match (best, s) {
            (Some((_, b)), Some(s)) if b >= *s => best,
            (_, Some(s)) => Some((i, *s)),
            (_, None) => best,
        });
    let Some((best, best_score)) = best else {
        let first = |f: fn(&Element, &str) -> bool| {
            entries
                .iter()
                .position(|e| matches!(&e.item, Item::Element { element, tag } if f(element, tag)))
        };
        return vec![first(is_article)
            .or_else(|| first(is_main))
            .or_else(|| first(|_, t| t == "body"))
            .unwrap_or(0)];
    };
    let around = |f: fn(&Element, &str) -> bool| {
        let mut i = best;
        while let Some(entry) = entries.get(i) {
            if matches!(&entry.item, Item::Element { element, tag } if f(element, tag)) {
                return Some(i);
            }
            i = entry.parent;
        }
        None
    };
    if let Some(semantic) = around(is_article).or_else(|| around(is_main)) {
        return vec![semantic];
    }
    let Some(parent) = entries.get(entries[best].parent) else {
        return vec![best];
    };
    let class = |i: usize| {
        entries[i]
            .element_attr("class")
            .filter(|c| !c.trim().is_empty())
    };
    let threshold = (best_score * 0.2).max(10.0);
    let mut siblings = Vec::new(); // (index, more of the same, heading level)
    let mut i = entries[best].parent + 1;
    while i < parent.end {
        let sibling = &entries[i];
        let bonus = if i != best && class(i).is_some() && class(i) == class(best) {
            best_score * 0.2
        } else {
            0.0
        };
        let more_of_the_same = i == best
            || finals[i].is_some_and(|s| s + bonus >= threshold)
            || (sibling.tag() == Some("p") && {
                let density = sibling.link_density();
                (sibling.text_len > 80 && density < 0.25)
                    || (sibling.text_len > 0
                        && density == 0.0
                        && subtree_text(entries, i).contains(". "))
            });
        let level = sibling.tag().and_then(heading_level);
        siblings.push((i, more_of_the_same, level));
        i = sibling.end;
    }
    // The headline goes along wherever it is, and subheadings between the parts.
    let first = siblings.iter().position(|s| s.1).unwrap_or(0);
    let last = siblings.iter().rposition(|s| s.1).unwrap_or(0);
    let keep = |(n, &(_, same, level)): (usize, &(usize, bool, Option<u8>))| {
        same || level == Some(1) || (level.is_some() && first < n && n < last)
    };
    siblings
        .iter()
        .enumerate()
        .filter(|s| keep(*s))
        .map(|(_, s)| s.0)
        .collect()
}

/// 1 to 6 for `h1` to `h6`.
fn heading_level(tag: &str) -> Option<u8> {
    match tag.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

/// A candidate's score before its paragraphs count: its tag and its class/id hints.
fn base_score(entry: &Entry) -> f32 {
    let Item::Element { element, tag } = &entry.item else {
        return 0.0;
    };
    let mut score = match tag.as_ref() {
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    if is_article(element, tag) || is_main(element, tag) {
        score += 25.0;
    }
    for name in ["class", "id"] {
        let h = hints(element.attr(name).unwrap_or(""));
        if h.positive {
            score += 25.0;
        }
        if h.strong || h.weak {
            score -= 25.0;
        }
    }
    score
}

/// Pass 3: the blocks of the subtrees at `roots`, and the text of their first `h1`.
fn emit(entries: &[Entry], roots: &[usize]) -> (Vec<(BlockKind, String)>, Option<String>) {
    let mut out = Blocks::default();
    for &root in roots {
        emit_subtree(entries, root, &mut out);
    }
    out.flush();
    (out.blocks, out.first_h1)
}

fn emit_subtree<'e>(entries: &'e [Entry], root: usize, out: &mut Blocks) {
    let mut open: Vec<(usize, &'e str)> = Vec::new(); // (end, tag)
    let end = entries.get(root).map_or(0, |e| e.end);
    let mut i = root;
    while i < end {
        while let Some(&(closes, tag)) = open.last() {
            if closes > i {
                break;
            }
            open.pop();
            out.close(tag);
        }
        match &entries[i].item {
            Item::Text(text) => {
                out.text(text, entries[i].link_len > 0);
                i += 1;
            }
            Item::Element { tag, .. } => {
                if i != root && is_clutter(&entries[i]) {
                    i = entries[i].end;
                    continue;
                }
                out.open(tag);
                open.push((entries[i].end, tag));
                i += 1;
            }
        }
    }
    while let Some((_, tag)) = open.pop() {
        out.close(tag);
    }
}

/// Dropped inside the content root: forms, and lists, tables and `div`s of links.
fn is_clutter(entry: &Entry) -> bool {
    match entry.tag() {
        Some("form") => true,
        Some("ul" | "ol" | "dl" | "table" | "div" | "section") => {
            entry.link_len * 2 > entry.text_len
        }
        _ => false,
    }
}

/// The blocks being built: the text of the current one and the kind it will have. A paragraph
/// that is nothing but links (a "Read more: …" line, a kicker, "Back to news") is left out; a
/// heading is kept, since headings often link to themselves.
#[derive(Default)]
struct Blocks {
    blocks: Vec<(BlockKind, String)>,
    current: String,
    /// Non-whitespace characters in `current`, and how many of them are in links.
    current_len: usize,
    current_link: usize,
    headings: usize,
    pres: usize,
    /// Where the blocks of the first `h1` start while it is open, and then its text.
    h1_start: Option<usize>,
    first_h1: Option<String>,
}

impl Blocks {
    fn open(&mut self, tag: &str) {
        if is_cell(tag) {
            self.current.push(' ');
        } else if is_block(tag) {
            self.flush();
        }
        match tag {
            "h1" => {
                self.headings += 1;
                if self.first_h1.is_none() && self.h1_start.is_none() {
                    self.h1_start = Some(self.blocks.len());
                }
            }
            "h2" | "h3" | "h4" | "h5" | "h6" => self.headings += 1,
            "pre" => self.pres += 1,
            _ => {}
        }
    }

    fn close(&mut self, tag: &str) {
        if is_block(tag) && !is_cell(tag) {
            self.flush();
        }
        match tag {
            "h1" => {
                self.headings = self.headings.saturating_sub(1);
                if let Some(start) = self.h1_start.take() {
                    let blocks = self.blocks.get(start..).unwrap_or_default();
                    let texts: Vec<&str> = blocks.iter().map(|(_, t)| t.as_str()).collect();
                    self.first_h1 = Some(texts.join(" ")).filter(|t| !t.is_empty());
                }
            }
            "h2" | "h3" | "h4" | "h5" | "h6" => self.headings = self.headings.saturating_sub(1),
            "pre" => self.pres = self.pres.saturating_sub(1),
            _ => {}
        }
    }

    fn text(&mut self, text: &str, linked: bool) {
        if self.pres == 0 {
            self.push(text, linked);
            return;
        }
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.flush();
            }
            self.push(line, linked);
        }
    }

    fn push(&mut self, text: &str, linked: bool) {
        let (len, _) = measure(text);
        self.current.push_str(text);
        self.current_len += len;
        if linked {
            self.current_link += len;
        }
    }

    fn flush(&mut self) {
        let text = collapse(&self.current);
        let only_links = self.current_link == self.current_len;
        self.current.clear();
        self.current_len = 0;
        self.current_link = 0;
        if text.is_empty() {
            return;
        }
        if self.headings > 0 {
            self.blocks.push((BlockKind::Heading, text));
        } else if !only_links {
            self.blocks.push((BlockKind::Paragraph, text));
        }
    }
}

/// All the text of the subtree at `index`, blocks run together with spaces.
fn subtree_text(entries: &[Entry], index: usize) -> String {
    let end = entries.get(index).map_or(index, |e| e.end);
    let mut out = String::new();
    for entry in entries.get(index..end).unwrap_or_default() {
        match &entry.item {
            Item::Text(text) => out.push_str(text),
            Item::Element { tag, .. } if is_block(tag) => out.push(' '),
            Item::Element { .. } => {}
        }
    }
    out
}

/// Whether an element and everything in it is left out of the page (rule 1).
fn is_dropped(element: &Element, tag: &str, in_article: bool, mode: Mode) -> bool {
    let never_content = matches!(
        tag,
        "head"
            | "meta"
            | "link"
            | "base"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "canvas"
            | "iframe"
            | "frame"
            | "frameset"
            | "object"
            | "embed"
            | "applet"
            | "video"
            | "audio"
            | "map"
            | "nav"
            | "aside"
            | "footer"
            | "menu"
            | "dialog"
            | "input"
            | "button"
            | "select"
            | "textarea"
            | "label"
            | "option"
            | "datalist"
            | "output"
            | "progress"
            | "meter"
    );
    if never_content || (tag == "header" && !in_article) {
        return true;
    }
    let role = element
        .attr("role")
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let chrome_role = matches!(
        role.as_str(),
        "navigation"
            | "banner"
            | "complementary"
            | "contentinfo"
            | "search"
            | "menu"
            | "menubar"
            | "dialog"
            | "alertdialog"
            | "toolbar"
            | "tooltip"
    );
    if chrome_role {
        return true;
    }
    if matches!(tag, "html" | "body") || is_article(element, tag) || is_main(element, tag) {
        return false;
    }
    if is_hidden(element, mode) {
        return true;
    }
    mode == Mode::Strict && {
        let (class, id) = (
            hints(element.attr("class").unwrap_or("")),
            hints(element.attr("id").unwrap_or("")),
        );
        let positive = class.positive || id.positive;
        class.strong || id.strong || ((class.weak || id.weak) && !positive)
    }
}

/// `hidden`, inline `display: none` or `visibility: hidden`, a screen-reader-only class, and
/// (strictly) `aria-hidden="true"`.
fn is_hidden(element: &Element, mode: Mode) -> bool {
    if element
        .attr("hidden")
        .is_some_and(|v| !v.trim().eq_ignore_ascii_case("until-found"))
    {
        return true;
    }
    if mode == Mode::Strict
        && element
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    let style = element.attr("style").unwrap_or("");
    let hidden_style =
        style
            .split(';')
            .filter_map(|d| d.split_once(':'))
            .any(|(property, value)| {
                let value = value.trim().to_ascii_lowercase();
                match property.trim().to_ascii_lowercase().as_str() {
                    "display" => value.starts_with("none"),
                    "visibility" => value.starts_with("hidden") || value.starts_with("collapse"),
                    _ => false,
                }
            });
    let screen_reader_only = element
        .attr("class")
        .unwrap_or("")
        .split_whitespace()
        .any(|c| {
            let c = c.to_ascii_lowercase();
            [
                "sr-only",
                "visually-hidden",
                "visuallyhidden",
                "screen-reader",
                "element-invisible",
            ]
            .iter()
            .any(|s| c.contains(s))
        });
    hidden_style || screen_reader_only
}

/// What the words of a `class` or `id` value suggest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Hints {
    /// Content: "article", "content", "story", "post", …
    positive: bool,
    /// Boilerplate whatever else it says: comments, cookie banners, share bars, ads, menus, …
    strong: bool,
    /// Page chrome unless also positive: header, footer, sidebar, widget, banner, …
    weak: bool,
}

/// The hints in a `class` or `id` value. Words are split at anything not alphanumeric and at
/// camelCase humps, then lowercased: "commentList" and "comment-list" both say "comment".
fn hints(value: &str) -> Hints {
    const POSITIVE: [&str; 11] = [
        "article", "body", "content", "entry", "hentry", "main", "post", "story", "text", "blog",
        "prose",
    ];
    const STRONG: [&str; 20] = [
        "comment",
        "disqus",
        "cookie",
        "consent",
        "gdpr",
        "share",
        "sharing",
        "social",
        "newsletter",
        "related",
        "recommend",
        "promo",
        "sponsor",
        "advert",
        "outbrain",
        "taboola",
        "breadcrumb",
        "popup",
        "modal",
        "menu",
    ];
    const WEAK: [&str; 10] = [
        "sidebar",
        "masthead",
        "banner",
        "widget",
        "toolbar",
        "pagination",
        "pager",
        "footer",
        "header",
        "skip",
    ];
    let mut hints = Hints::default();
    for word in words(value) {
        let w = word.as_str();
        hints.positive |= POSITIVE.contains(&w);
        hints.strong |= (STRONG.iter().any(|p| w.starts_with(p)) && !w.starts_with("commentar"))
            || matches!(
                w,
                "ad" | "ads" | "nav" | "navbar" | "navigation" | "subnav" | "topnav"
            );
        hints.weak |= WEAK.iter().any(|p| w.starts_with(p));
    }
    hints
}

fn words(value: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for ch in value.chars() {
        let boundary = !ch.is_alphanumeric() || (prev_lower && ch.is_uppercase());
        if boundary && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if ch.is_alphanumeric() {
            word.extend(ch.to_lowercase());
        }
        prev_lower = ch.is_lowercase() || ch.is_numeric();
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn is_article(element: &Element, tag: &str) -> bool {
    tag == "article"
        || element
            .attr("role")
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("article"))
}

fn is_main(element: &Element, tag: &str) -> bool {
    tag == "main"
        || element
            .attr("role")
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
}

/// Elements that start and end a block of text (the CSS `display: block` ones that matter),
/// plus `br` and `hr`, which only break.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "br"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Table cells: blocks for scoring, but the cells of a row read as one line, with spaces.
fn is_cell(tag: &str) -> bool {
    matches!(tag, "td" | "th")
}

/// Elements whose own text counts as a paragraph for scoring (not headings or list items,
/// which menus are made of).
fn is_paragraph(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "pre" | "td" | "blockquote" | "div" | "section" | "article"
    )
}

/// The title (rule 5).
fn choose_title(title_tag: &str, h1: &str) -> String {
    let (title, h1) = (collapse(title_tag), collapse(h1));
    let stripped = strip_site_name(&title);
    let h1_fits = !h1.is_empty()
        && (stripped.is_empty()
            || (title.to_lowercase().contains(&h1.to_lowercase())
                && h1.chars().count() >= stripped.chars().count()));
    shorten(if h1_fits { &h1 } else { stripped })
}

/// "Headline | Site" → "Headline"; "Site - A longer headline" → "A longer headline". A
/// segment of at most four words at the end (or else at the start) is taken for a site name.
fn strip_site_name(title: &str) -> &str {
    const SEPARATORS: [&str; 10] = [
        " | ", " - ", " – ", " — ", " · ", " • ", " :: ", " » ", " « ", " / ",
    ];
    let found = |pick_last: bool| {
        SEPARATORS
            .iter()
            .filter_map(|s| {
                if pick_last {
                    title.rfind(s)
                } else {
                    title.find(s)
                }
                .map(|i| (i, s.len()))
            })
            .reduce(|a, b| if (b.0 > a.0) == pick_last { b } else { a })
    };
    let word_count = |s: &str| s.split_whitespace().count();
    if let Some((i, len)) = found(true) {
        let (head, tail) = (title[..i].trim(), title[i + len..].trim());
        if !head.is_empty() && word_count(tail) <= 4 {
            return head;
        }
    }
    if let Some((i, len)) = found(false) {
        let (head, tail) = (title[..i].trim(), title[i + len..].trim());
        if word_count(head) <= 4 && word_count(tail) > word_count(head) {
            return tail;
        }
    }
    title
}

fn shorten(title: &str) -> String {
    if title.chars().count() <= MAX_TITLE_CHARS {
        return title.to_string();
    }
    let cut: String = title.chars().take(MAX_TITLE_CHARS).collect();
    let at_word = match cut.rfind(' ') {
        Some(i) if i > 0 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", at_word.trim_end())
}

/// Non-whitespace characters and commas (Latin, Arabic, CJK) in a text.
fn measure(text: &str) -> (usize, usize) {
    text.chars().fold((0, 0), |(len, commas), c| {
        (
            len + usize::from(!c.is_whitespace()),
            commas + usize::from(matches!(c, ',' | '،' | '，' | '、')),
        )
    })
}

fn text_len(blocks: &[(BlockKind, String)]) -> usize {
    blocks.iter().map(|(_, t)| measure(t).0).sum()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn direct_text(element: &Element) -> String {
    let texts = element.children.iter().filter_map(|c| match c {
        Node::Text(t) => Some(t.as_str()),
        Node::Element(_) => None,
    });
    collapse(&texts.collect::<String>())
}

fn lowercase(tag: &str) -> Cow<'_, str> {
    if tag.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(tag.to_ascii_lowercase())
    } else {
        Cow::Borrowed(tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(tag: &str, attrs: &[(&str, &str)], children: Vec<Node>) -> Node {
        Node::Element(Element::new(tag, attrs, children))
    }

    fn text(t: &str) -> Node {
        Node::Text(t.to_string())
    }

    fn p(t: &str) -> Node {
        el("p", &[], vec![text(t)])
    }

    /// A paragraph long enough to score.
    fn long(n: usize) -> Node {
        p(&format!("Paragraph {n} says something substantial, with commas, clauses and enough words to count."))
    }

    fn page(body: Vec<Node>) -> Node {
        el(
            "html",
            &[],
            vec![
                el("head", &[], vec![el("title", &[], vec![text("Page")])]),
                el("body", &[], body),
            ],
        )
    }

    /// The blocks, headings marked with "# ".
    fn lines(extracted: &Extracted) -> Vec<String> {
        extracted
            .blocks
            .iter()
            .map(|(kind, t)| match kind {
                BlockKind::Heading => format!("# {t}"),
                BlockKind::Paragraph => t.clone(),
            })
            .collect()
    }

    fn check(body: Vec<Node>, expect: &[&str]) {
        assert_eq!(lines(&extract(&page(body))), expect);
    }

    #[test]
    fn inline_elements_flatten_and_whitespace_collapses() {
        let para = el(
            "p",
            &[],
            vec![
                text("  The  "),
                el("em", &[], vec![text("river")]),
                text(" rose "),
                el(
                    "a",
                    &[("href", "/x")],
                    vec![el("strong", &[], vec![text("two")])],
                ),
                text("\n metres."),
            ],
        );
        check(vec![para], &["The river rose two metres."]);
    }

    #[test]
    fn headings_and_blocks_in_document_order() {
        let body = vec![el(
            "article",
            &[],
            vec![
                el("h1", &[], vec![text("Title")]),
                p("First."),
                el(
                    "h2",
                    &[],
                    vec![text("Sub "), el("span", &[], vec![text("heading")])],
                ),
                el(
                    "ul",
                    &[],
                    vec![
                        el("li", &[], vec![text("one")]),
                        el("li", &[], vec![text("two")]),
                    ],
                ),
                el("blockquote", &[], vec![text("Quoted.")]),
                el(
                    "figure",
                    &[],
                    vec![
                        el("img", &[], vec![]),
                        el("figcaption", &[], vec![text("Caption.")]),
                    ],
                ),
            ],
        )];
        check(
            body,
            &[
                "# Title",
                "First.",
                "# Sub heading",
                "one",
                "two",
                "Quoted.",
                "Caption.",
            ],
        );
    }

    #[test]
    fn div_text_and_br_make_blocks() {
        let div = el(
            "div",
            &[],
            vec![
                text("Loose text"),
                el("br", &[], vec![]),
                el("br", &[], vec![]),
                text("after a break"),
                p("A paragraph."),
                text("tail"),
            ],
        );
        check(
            vec![div],
            &["Loose text", "after a break", "A paragraph.", "tail"],
        );
    }

    #[test]
    fn pre_lines_are_blocks() {
        check(
            vec![el("pre", &[], vec![text("let a = 1;\n\n    let b = 2;\n")])],
            &["let a = 1;", "let b = 2;"],
        );
    }

    #[test]
    fn non_content_is_dropped() {
        let body = vec![
            el("script", &[], vec![text("alert(1)")]),
            el("style", &[], vec![text("p { color: red }")]),
            el("noscript", &[], vec![text("Enable JavaScript")]),
            el("template", &[], vec![p("template")]),
            el("svg", &[], vec![el("title", &[], vec![text("icon")])]),
            el("iframe", &[], vec![text("frame")]),
            el(
                "form",
                &[],
                vec![
                    el("label", &[], vec![text("Email")]),
                    el("button", &[], vec![text("Go")]),
                ],
            ),
            el("nav", &[], vec![p("Home")]),
            el("aside", &[], vec![p("Aside")]),
            el("footer", &[], vec![p("Footer")]),
            el("header", &[], vec![p("Site header")]),
            el("p", &[("hidden", "")], vec![text("hidden")]),
            el("p", &[("aria-hidden", "true")], vec![text("aria")]),
            el(
                "p",
                &[("style", "color: red; DISPLAY : none !important")],
                vec![text("styled")],
            ),
            el(
                "p",
                &[("style", "visibility:hidden")],
                vec![text("invisible")],
            ),
            el("span", &[("class", "sr-only")], vec![text("screen reader")]),
            el("div", &[("role", "navigation")], vec![p("role nav")]),
            p("Kept."),
        ];
        check(body, &["Kept."]);
    }

    #[test]
    fn hidden_until_found_is_kept() {
        check(
            vec![el("p", &[("hidden", "until-found")], vec![text("Found.")])],
            &["Found."],
        );
    }

    #[test]
    fn header_is_kept_inside_an_article() {
        let article = el(
            "article",
            &[],
            vec![
                el(
                    "header",
                    &[],
                    vec![el("h1", &[], vec![text("Headline")]), p("By A. Writer")],
                ),
                long(1),
            ],
        );
        let out = extract(&page(vec![el("header", &[], vec![p("Site")]), article]));
        assert_eq!(lines(&out)[..2], ["# Headline", "By A. Writer"]);
    }

    #[test]
    fn class_hints() {
        assert!(hints("comment-list").strong);
        assert!(hints("commentsSection").strong);
        assert!(!hints("commentary").strong);
        assert!(hints("share-tools").strong);
        assert!(hints("ad").strong && !hints("head").strong && !hints("shadow").strong);
        assert!(hints("site-header").weak && !hints("site-header").positive);
        assert!(hints("article-header").weak && hints("article-header").positive);
        assert!(!hints("bg-navy").strong);
        assert_eq!(
            words("entryContent main_2"),
            ["entry", "content", "main", "2"]
        );
    }

    #[test]
    fn boilerplate_classes_are_dropped_unless_content_says_otherwise() {
        let body = vec![el(
            "div",
            &[],
            vec![
                el("div", &[("id", "comments")], vec![long(9)]),
                el(
                    "div",
                    &[("class", "cookie-banner")],
                    vec![p("We use cookies.")],
                ),
                el("div", &[("class", "site-footer")], vec![p("Footer")]),
                el(
                    "div",
                    &[("class", "article-header")],
                    vec![el("h1", &[], vec![text("Headline")])],
                ),
                long(1),
            ],
        )];
        let out = lines(&extract(&page(body)));
        assert_eq!(out[0], "# Headline");
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn body_classes_and_hidden_body_do_not_drop_the_page() {
        let page = el(
            "html",
            &[],
            vec![el(
                "body",
                &[("class", "single comments-open"), ("style", "display:none")],
                vec![long(1)],
            )],
        );
        assert_eq!(extract(&page).blocks.len(), 1);
    }

    #[test]
    fn densest_block_wins_without_semantic_markup() {
        let teasers = el(
            "div",
            &[("class", "col-4")],
            (0..3).map(|i| p(&format!("Short teaser {i}"))).collect(),
        );
        let links = el(
            "div",
            &[("class", "col-4")],
            (0..5)
                .map(|i| {
                    el(
                        "p",
                        &[],
                        vec![el(
                            "a",
                            &[],
                            vec![text(&format!("A long linked headline number {i} here"))],
                        )],
                    )
                })
                .collect(),
        );
        let story = el("div", &[("class", "col-8")], (1..=4).map(long).collect());
        let out = extract(&page(vec![el(
            "div",
            &[("class", "row")],
            vec![teasers, story, links],
        )]));
        assert_eq!(out.blocks.len(), 4);
        assert!(out.blocks[0].1.starts_with("Paragraph 1 "));
    }

    #[test]
    fn a_body_split_around_ads_is_read_whole() {
        let part = |from: usize| {
            el(
                "div",
                &[("class", "body-part")],
                (from..from + 3).map(long).collect(),
            )
        };
        let body = vec![
            el("h1", &[], vec![text("Headline")]),
            part(1),
            el("div", &[("class", "dfp-slot")], vec![text("Advertisement")]),
            el("h2", &[], vec![text("Subhead")]),
            part(4),
            el("h2", &[], vec![text("More from us")]),
            el("div", &[("class", "teasers")], vec![p("A short teaser.")]),
        ];
        let out = lines(&extract(&page(body)));
        assert_eq!(out.len(), 8);
        assert_eq!([&out[0], &out[4]], ["# Headline", "# Subhead"]);
        assert!(out[7].starts_with("Paragraph 6 "));
    }

    #[test]
    fn densest_block_widens_to_its_article() {
        let article = el(
            "article",
            &[],
            vec![
                el("h1", &[], vec![text("Headline")]),
                el("div", &[("class", "body")], (1..=3).map(long).collect()),
            ],
        );
        let teaser = el(
            "article",
            &[],
            vec![p(
                "A teaser elsewhere on the page, long enough to score here.",
            )],
        );
        let out = lines(&extract(&page(vec![teaser, article])));
        assert_eq!(out.len(), 4);
        assert_eq!(out[0], "# Headline");
    }

    #[test]
    fn link_lists_and_link_paragraphs_are_dropped_inside_the_content() {
        let related = el(
            "ul",
            &[],
            vec![el(
                "li",
                &[],
                vec![el("a", &[], vec![text("Another story")])],
            )],
        );
        let read_more = el(
            "p",
            &[],
            vec![el("a", &[], vec![text("Read more about floods")])],
        );
        let inline = el(
            "p",
            &[],
            vec![
                text("Text with "),
                el("a", &[], vec![text("a link")]),
                text(" inside."),
            ],
        );
        let article = el("article", &[], vec![long(1), related, read_more, inline]);
        let out = lines(&extract(&page(vec![article])));
        assert_eq!(out.len(), 2);
        assert_eq!(out[1], "Text with a link inside.");
    }

    #[test]
    fn a_page_wrapped_in_a_form_keeps_its_content() {
        let inner_form = el(
            "form",
            &[],
            vec![p("Search this site for more content here")],
        );
        let story = el(
            "div",
            &[("class", "storytext")],
            vec![long(1), long(2), inner_form],
        );
        let out = extract(&page(vec![el(
            "form",
            &[("id", "aspnetForm")],
            vec![story],
        )]));
        assert_eq!(out.blocks.len(), 2);
    }

    #[test]
    fn lenient_pass_rescues_a_misclassified_wrapper() {
        let wrapper = el(
            "div",
            &[("class", "article-content share-rail")],
            (1..=4).map(long).collect(),
        );
        assert_eq!(extract(&page(vec![wrapper])).blocks.len(), 4);
        let hidden = el(
            "div",
            &[("aria-hidden", "true")],
            (1..=4).map(long).collect(),
        );
        assert_eq!(extract(&page(vec![hidden])).blocks.len(), 4);
    }

    #[test]
    fn title_rules() {
        assert_eq!(
            choose_title(" Flood  hits town | Daily News ", ""),
            "Flood hits town"
        );
        assert_eq!(
            choose_title(
                "Daily News - Flood hits the town of Lowbridge overnight",
                ""
            ),
            "Flood hits the town of Lowbridge overnight"
        );
        assert_eq!(
            choose_title(
                "Rust 1.85 released - here's what's new",
                "Rust 1.85 released - here's what's new"
            ),
            "Rust 1.85 released - here's what's new"
        );
        assert_eq!(
            choose_title("Flood hits town | Daily News", "Daily News"),
            "Flood hits town"
        );
        assert_eq!(choose_title("", "  Only an h1 "), "Only an h1");
        assert_eq!(
            choose_title("SEO title differs | Site", "The real headline"),
            "SEO title differs"
        );
        assert_eq!(choose_title("", ""), "");
        let long_title = "word ".repeat(100);
        let short = choose_title(&long_title, "");
        assert!(short.ends_with("word…") && short.chars().count() <= MAX_TITLE_CHARS + 1);
    }

    #[test]
    fn title_falls_back_to_the_first_h1() {
        let root = el(
            "body",
            &[],
            vec![el(
                "article",
                &[],
                vec![el("h1", &[], vec![text("The headline")]), long(1)],
            )],
        );
        assert_eq!(extract(&root).title, "The headline");
    }

    #[test]
    fn text_root_and_empty_page() {
        assert_eq!(
            extract(&text("  just   text ")).blocks,
            [(BlockKind::Paragraph, "just text".to_string())]
        );
        assert_eq!(extract(&text(" ")), Extracted::default());
        assert_eq!(extract(&el("html", &[], vec![])), Extracted::default());
    }

    #[test]
    fn uppercase_tags_are_tolerated() {
        let root = el(
            "BODY",
            &[],
            vec![
                el("SCRIPT", &[], vec![text("x()")]),
                el("H2", &[], vec![text("Head")]),
                p("Para."),
            ],
        );
        assert_eq!(lines(&extract(&root)), ["# Head", "Para."]);
    }

    /// A chain of `depth` nested divs around `inner`, built without recursion.
    fn nested(depth: usize, inner: Node) -> Node {
        let mut node = inner;
        for _ in 0..depth {
            node = el("div", &[], vec![node]);
        }
        node
    }

    #[test]
    fn deep_nesting_neither_overflows_nor_counts_past_the_limit() {
        let deep = nested(100_000, p("Too deep to read."));
        let root = el("body", &[], vec![long(1), deep]);
        let out = extract(&root);
        assert_eq!(out.blocks.len(), 1);
        drop(root); // Dropping must not recurse either.

        let shallow = el(
            "body",
            &[],
            vec![nested(MAX_DEPTH - 2, p("Just deep enough."))],
        );
        assert_eq!(lines(&extract(&shallow)), ["Just deep enough."]);
    }

    #[test]
    fn wide_pages_are_fine() {
        let root = el(
            "body",
            &[],
            (0..50_000).map(|i| p(&format!("p{i}"))).collect(),
        );
        assert_eq!(extract(&root).blocks.len(), 50_000);
    }

    #[test]
    fn extracted_becomes_a_document() {
        let out = extract(&page(vec![
            el("h1", &[], vec![text("Head")]),
            p("Body text."),
        ]));
        let doc = out.to_document();
        assert_eq!(doc.text(), "Head\n\nBody text.");
        assert_eq!(doc.blocks()[0].kind, BlockKind::Heading);
        assert_eq!(doc.title(), "Page");
    }
}
