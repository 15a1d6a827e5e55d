//! Tags and tag sets. A tag is data: an id, a label, a description, a colour from the palette
//! ([`super::palette`]) and an underline style, so colour is never the only cue. A set holds up
//! to [`MAX_TAGS`] of them in order; the first nine are on the keys `1`–`9`.
//!
//! Invariants of a [`TagSet`]:
//! - It holds 1 to [`MAX_TAGS`] tags with distinct ids, and labels distinct ignoring case.
//! - A label is 1 to [`MAX_LABEL`] characters after trimming; ids made here follow
//!   [`id_from_label`] (lowercase a–z, 0–9 and single `-`); imported ids are kept as they were.
//! - [`TagSet::default`] is statement / agreement / dispute with the colours, keys and ids the
//!   app always had, so files made with it do not change.
//!
//! A [`Tag`] is the id alone: cheap to copy and compare. Ids are interned for the life of the
//! program, so callers that read ids from untrusted files check how many there are first (the
//! importer refuses a file that would take the set past [`MAX_TAGS`] before making tags).

use std::collections::HashSet;
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::palette;

/// A set holds at most this many tags.
pub const MAX_TAGS: usize = 20;
/// A label has at most this many characters.
pub const MAX_LABEL: usize = 40;
/// A description has at most this many characters.
pub const MAX_DESCRIPTION: usize = 300;

/// A tag's id: what `data-tag`, the exports' tag values and saves hold.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tag(&'static str);

impl Tag {
    pub const STATEMENT: Tag = Tag("statement");
    pub const AGREEMENT: Tag = Tag("agreement");
    pub const DISPUTE: Tag = Tag("dispute");

    /// The tag with this id (trimmed). `None` for an empty id.
    pub fn new(id: &str) -> Option<Tag> {
        let id = id.trim();
        if id.is_empty() {
            return None;
        }
        static IDS: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
        let ids =
            IDS.get_or_init(|| Mutex::new(HashSet::from(["statement", "agreement", "dispute"])));
        let mut ids = ids.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&known) = ids.get(id) {
            return Some(Tag(known));
        }
        let leaked: &'static str = Box::leak(id.to_string().into_boxed_str());
        ids.insert(leaked);
        Some(Tag(leaked))
    }

    pub fn id(self) -> &'static str {
        self.0
    }
}

impl std::fmt::Debug for Tag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::fmt::Display for Tag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Tag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tag, D::Error> {
        let id = std::borrow::Cow::<str>::deserialize(d)?;
        Tag::new(&id).ok_or_else(|| serde::de::Error::custom("a tag's id is empty"))
    }
}

/// How a tag's highlight is underlined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Underline {
    Solid,
    Double,
    Wavy,
    Dotted,
    Dashed,
}

impl Underline {
    pub const ALL: [Underline; 5] = [
        Underline::Solid,
        Underline::Double,
        Underline::Wavy,
        Underline::Dotted,
        Underline::Dashed,
    ];

    /// The CSS `text-decoration-style` keyword.
    pub fn css(self) -> &'static str {
        match self {
            Underline::Solid => "solid",
            Underline::Double => "double",
            Underline::Wavy => "wavy",
            Underline::Dotted => "dotted",
            Underline::Dashed => "dashed",
        }
    }

    /// The list item's left edge (a border cannot be wavy).
    fn edge(self) -> &'static str {
        match self {
            Underline::Solid => "4px solid",
            Underline::Double => "5px double",
            Underline::Wavy => "4px dashed",
            Underline::Dotted => "4px dotted",
            Underline::Dashed => "3px dashed",
        }
    }

    fn thickness(self) -> &'static str {
        match self {
            Underline::Solid => "2px",
            _ => "auto",
        }
    }

    /// Its name for a person, as a menu shows it: "Wavy".
    pub fn label(self) -> &'static str {
        match self {
            Underline::Solid => "Solid",
            Underline::Double => "Double",
            Underline::Wavy => "Wavy",
            Underline::Dotted => "Dotted",
            Underline::Dashed => "Dashed",
        }
    }
}

/// Everything about one tag.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TagDef {
    pub id: Tag,
    pub label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// A [`palette::Colour`]'s name.
    pub colour: String,
    pub underline: Underline,
}

impl TagDef {
    /// The palette colour (the first one if the name is unknown).
    pub fn colour(&self) -> &'static palette::Colour {
        palette::by_name(&self.colour).unwrap_or(&palette::PALETTE[0])
    }
}

/// An ordered set of tags; cheap to clone (shared).
#[derive(Clone, Debug)]
pub struct TagSet(Arc<Vec<TagDef>>);

impl PartialEq for TagSet {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl Serialize for TagSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for TagSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TagSet, D::Error> {
        let tags = Vec::<TagDef>::deserialize(d)?;
        TagSet::from_defs(tags).map_err(serde::de::Error::custom)
    }
}

fn def(id: Tag, label: &str, description: &str, colour: &str, underline: Underline) -> TagDef {
    TagDef {
        id,
        label: label.into(),
        description: description.into(),
        colour: colour.into(),
        underline,
    }
}

impl Default for TagSet {
    fn default() -> TagSet {
        static DEFAULT: OnceLock<TagSet> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                TagSet(Arc::new(vec![
                    def(
                        Tag::STATEMENT,
                        "Statement",
                        "Something the article reports as said or claimed.",
                        "blue",
                        Underline::Solid,
                    ),
                    def(
                        Tag::AGREEMENT,
                        "Agreement",
                        "Someone agrees with, accepts or confirms a claim.",
                        "green",
                        Underline::Double,
                    ),
                    def(
                        Tag::DISPUTE,
                        "Dispute",
                        "Someone disputes, denies or contradicts a claim.",
                        "red",
                        Underline::Wavy,
                    ),
                ]))
            })
            .clone()
    }
}

/// Why a change to a tag set was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TagError {
    #[error("A tag needs a label.")]
    EmptyLabel,
    #[error("A label has at most {MAX_LABEL} characters.")]
    LongLabel,
    #[error("A description has at most {MAX_DESCRIPTION} characters.")]
    LongDescription,
    #[error("There is a tag called “{0}” already.")]
    DuplicateLabel(String),
    #[error("A label needs a letter or a digit.")]
    NoId,
    #[error("A set has at most {MAX_TAGS} tags.")]
    TooMany,
    #[error("A set needs at least one tag.")]
    Empty,
    #[error("There is no tag “{0}”.")]
    Unknown(String),
    #[error("The tag id “{0}” is used twice.")]
    DuplicateId(String),
}

/// One change to a tag set.
#[derive(Clone, Debug, PartialEq)]
pub enum TagEdit {
    Add {
        label: String,
    },
    Rename {
        id: Tag,
        label: String,
    },
    Describe {
        id: Tag,
        description: String,
    },
    Recolour {
        id: Tag,
        colour: String,
    },
    Restyle {
        id: Tag,
        underline: Underline,
    },
    /// Moves the tag to position `to` (clamped to the set).
    Move {
        id: Tag,
        to: usize,
    },
    /// Deletes the tag; the session retags its annotations to `retag` first (which must be
    /// given when any carry it).
    Delete {
        id: Tag,
        retag: Option<Tag>,
    },
}

/// A tag's id from its label (the UI contract's rule): lowercase, runs of anything but a–z
/// and 0–9 become one `-`, none at either end (`"Opinion piece"` → `opinion-piece`). A label
/// with no such character at all has no id and is refused.
pub fn id_from_label(label: &str) -> String {
    let mut id = String::new();
    for c in label.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    while id.ends_with('-') {
        id.pop();
    }
    id
}

fn clean_label(label: &str) -> Result<String, TagError> {
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    if label.is_empty() {
        return Err(TagError::EmptyLabel);
    }
    if label.chars().count() > MAX_LABEL {
        return Err(TagError::LongLabel);
    }
    Ok(label)
}

impl TagSet {
    /// A set from its rows, checked against the invariants.
    pub fn from_defs(defs: Vec<TagDef>) -> Result<TagSet, TagError> {
        if defs.is_empty() {
            return Err(TagError::Empty);
        }
        if defs.len() > MAX_TAGS {
            return Err(TagError::TooMany);
        }
        let mut defs = defs;
        for (i, d) in defs.iter_mut().enumerate() {
            d.label = clean_label(&d.label)?;
            if d.description.chars().count() > MAX_DESCRIPTION {
                return Err(TagError::LongDescription);
            }
            if palette::by_name(&d.colour).is_none() {
                d.colour = palette::PALETTE[i % palette::PALETTE.len()].name.into();
            }
        }
        for (i, d) in defs.iter().enumerate() {
            for e in &defs[..i] {
                if e.id == d.id {
                    return Err(TagError::DuplicateId(d.id.id().into()));
                }
                if e.label.to_lowercase() == d.label.to_lowercase() {
                    return Err(TagError::DuplicateLabel(d.label.clone()));
                }
            }
        }
        let set = TagSet(Arc::new(defs));
        Ok(if set.0 == TagSet::default().0 {
            TagSet::default()
        } else {
            set
        })
    }

    pub fn is_default(&self) -> bool {
        *self == TagSet::default()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, TagDef> {
        self.0.iter()
    }

    /// The ids in set order.
    pub fn tags(&self) -> impl DoubleEndedIterator<Item = Tag> + ExactSizeIterator + '_ {
        self.0.iter().map(|d| d.id)
    }

    pub fn get(&self, tag: Tag) -> Option<&TagDef> {
        self.0.iter().find(|d| d.id == tag)
    }

    pub fn contains(&self, tag: Tag) -> bool {
        self.get(tag).is_some()
    }

    /// The tag's position in the set (its slot in a [`PerTag`], its highlight and CSS slot).
    pub fn index(&self, tag: Tag) -> Option<usize> {
        self.0.iter().position(|d| d.id == tag)
    }

    /// The label a person reads; the id itself for a tag not in the set.
    pub fn label(&self, tag: Tag) -> &str {
        self.get(tag).map_or(tag.id(), |d| d.label.as_str())
    }

    /// The key that applies the tag: `1`–`9` for the first nine.
    pub fn key(&self, tag: Tag) -> Option<char> {
        self.index(tag).and_then(key_of)
    }

    /// The tag on `key` (`'1'`…`'9'`).
    pub fn by_key(&self, key: char) -> Option<Tag> {
        let i = key.to_digit(10)?.checked_sub(1)? as usize;
        self.0.get(i).filter(|_| i < 9).map(|d| d.id)
    }

    /// The tag whose id or label is `name`, ignoring case.
    pub fn find(&self, name: &str) -> Option<Tag> {
        let name = name.trim();
        self.0
            .iter()
            .find(|d| d.id.id().eq_ignore_ascii_case(name) || d.label.eq_ignore_ascii_case(name))
            .map(|d| d.id)
    }

    /// The first tag.
    pub fn first(&self) -> Tag {
        self.0[0].id
    }

    /// The set with `edit` made; the set itself is never changed.
    pub fn edit(&self, edit: &TagEdit) -> Result<TagSet, TagError> {
        let mut defs = (*self.0).clone();
        let at = |id: Tag| {
            self.index(id)
                .ok_or_else(|| TagError::Unknown(id.id().to_string()))
        };
        match edit {
            TagEdit::Add { label } => {
                let label = clean_label(label)?;
                if defs.len() >= MAX_TAGS {
                    return Err(TagError::TooMany);
                }
                let base = id_from_label(&label);
                if base.is_empty() {
                    return Err(TagError::NoId);
                }
                let mut id = base.clone();
                let mut n = 2;
                while defs.iter().any(|d| d.id.id() == id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                let tag = Tag::new(&id).ok_or(TagError::NoId)?;
                defs.push(self.fresh_def(tag, label));
            }
            TagEdit::Rename { id, label } => {
                let i = at(*id)?;
                defs[i].label = clean_label(label)?;
            }
            TagEdit::Describe { id, description } => {
                let i = at(*id)?;
                defs[i].description = description.trim().to_string();
            }
            TagEdit::Recolour { id, colour } => {
                let i = at(*id)?;
                if palette::by_name(colour).is_none() {
                    return Err(TagError::Unknown(colour.clone()));
                }
                defs[i].colour = colour.clone();
            }
            TagEdit::Restyle { id, underline } => {
                let i = at(*id)?;
                defs[i].underline = *underline;
            }
            TagEdit::Move { id, to } => {
                let i = at(*id)?;
                let d = defs.remove(i);
                defs.insert((*to).min(defs.len()), d);
            }
            TagEdit::Delete { id, retag } => {
                let i = at(*id)?;
                if let Some(r) = retag {
                    at(*r)?;
                }
                defs.remove(i);
            }
        }
        TagSet::from_defs(defs)
    }

    /// The set with tags for `ids` added at the end (those it lacks): as `defs` describes them
    /// when it has them (a file's own set), else labelled with the id. Tags already in the set
    /// keep their look. Refused as a whole when that would pass [`MAX_TAGS`].
    pub fn with_ids(
        &self,
        ids: &[Tag],
        defs_given: &[TagDef],
    ) -> Result<(TagSet, Vec<Tag>), TagError> {
        let mut defs = (*self.0).clone();
        let mut added = Vec::new();
        // The file's own set decides the order of the tags it defines; others follow as met.
        let ordered = defs_given
            .iter()
            .map(|d| d.id)
            .filter(|id| ids.contains(id))
            .chain(ids.iter().copied());
        for id in ordered {
            if defs.iter().any(|d| d.id == id) {
                continue;
            }
            added.push(id);
            let given = defs_given.iter().find(|d| d.id == id);
            let base = given.map_or(id.id(), |d| d.label.as_str());
            let mut label: String = base.trim().chars().take(MAX_LABEL).collect();
            if defs.iter().any(|d| d.label.eq_ignore_ascii_case(&label)) {
                let short: String = label.chars().take(MAX_LABEL - 5).collect();
                label = format!("{short} ({})", defs.len() + 1);
            }
            let fresh = TagSet(Arc::new(defs.clone())).fresh_def(id, label);
            defs.push(match given {
                Some(d) => TagDef {
                    label: fresh.label,
                    colour: if palette::by_name(&d.colour).is_some() {
                        d.colour.clone()
                    } else {
                        fresh.colour
                    },
                    ..d.clone()
                },
                None => fresh,
            });
        }
        if added.is_empty() {
            return Ok((self.clone(), added));
        }
        if defs.len() > MAX_TAGS {
            return Err(TagError::TooMany);
        }
        Ok((TagSet::from_defs(defs)?, added))
    }

    /// The set of `tags` alone, in that order (ids not in this set are left out; none at all
    /// gives this set).
    pub fn only(&self, tags: &[Tag]) -> TagSet {
        let mut defs: Vec<TagDef> = Vec::new();
        for &t in tags {
            if let Some(d) = self.get(t).filter(|_| !defs.iter().any(|d| d.id == t)) {
                defs.push(d.clone());
            }
        }
        if defs.is_empty() || defs == *self.0 {
            return self.clone();
        }
        TagSet(Arc::new(defs))
    }

    /// A new tag's row: the next colour and underline pair that no tag in the set has.
    fn fresh_def(&self, id: Tag, label: String) -> TagDef {
        let n = self.0.len();
        let taken =
            |c: &str, u: Underline| self.0.iter().any(|d| d.colour == c && d.underline == u);
        let (colour, underline) = (n..n + palette::PALETTE.len() * Underline::ALL.len())
            .map(|i| {
                (
                    palette::PALETTE[i % palette::PALETTE.len()].name,
                    Underline::ALL[i % Underline::ALL.len()],
                )
            })
            .find(|&(c, u)| !taken(c, u))
            .unwrap_or((palette::PALETTE[0].name, Underline::Solid));
        TagDef {
            id,
            label,
            description: String::new(),
            colour: colour.into(),
            underline,
        }
    }

    /// The custom properties that give slot `i` its tag's look (`--t0`, `--t0-bg`, …), for the
    /// app's root element; the rules that read them are in `styles/tags.css` ([`slot_css`]).
    pub fn css_vars(&self) -> String {
        let mut out = String::new();
        for (i, d) in self.0.iter().enumerate() {
            let c = d.colour().name;
            let u = d.underline;
            out.push_str(&format!(
                "--t{i}: var(--c-{c}); --t{i}-bg: var(--c-{c}-bg); --t{i}-heat: var(--c-{c}-heat); \
                 --t{i}-line: {}; --t{i}-thickness: {}; --t{i}-edge: {}; ",
                u.css(),
                u.thickness(),
                u.edge()
            ));
        }
        out.push_str(&format!("--tag-count: {};", self.len()));
        out
    }
}

/// The key of position `i`: `1`–`9` for the first nine.
pub fn key_of(i: usize) -> Option<char> {
    (i < 9).then(|| char::from(b'1' + i as u8))
}

/// The name of slot `i`'s `CSS.highlights` entry; recently added ranges use the same name with
/// `-new` after it.
pub fn highlight_name(i: usize) -> String {
    format!("cm-t{i}")
}

/// The class that gives an element slot `i`'s look as `--tag-*` properties.
pub fn slot_class(i: usize) -> String {
    format!("ts-{i}")
}

/// The whole of `styles/tags.css`: per slot, the class that sets `--tag-*` (list items, tag
/// buttons, the `<mark>` fallback). The slots' highlight rules are not in it: see
/// [`highlight_css`].
pub fn slot_css() -> String {
    let mut out = String::from(
        "/* Generated by model::tags::slot_css() and checked by a test; do not edit by hand.\n   \
         Slot i is the set's i-th tag; the app's root element sets --t<i>-* from the tag set.\n   \
         The highlights' rules are added for the set's slots only (model::tags::highlight_css). */\n",
    );
    for i in 0..MAX_TAGS {
        out.push_str(&format!(
            ".ts-{i}, mark.ts-{i} {{ --tag: var(--t{i}); --tag-bg: var(--t{i}-bg); --tag-heat: var(--t{i}-heat); \
             --tag-line: var(--t{i}-line); --tag-thickness: var(--t{i}-thickness); --tag-edge: var(--t{i}-edge); }}\n"
        ));
    }
    out
}

/// The `::highlight()` rules of the first `slots` slots (a highlight cannot read an element's
/// class, so each slot has its own), for a style sheet the page adopts while a set of that size
/// is painted.
///
/// Only the set's slots, and only on the article: Chromium keeps, for every element a
/// `::highlight()` rule matches, a style per highlight name. Rules for all twenty slots on
/// every element cost ~30 MB of renderer memory on a 1 MB article; on `.article` alone, its
/// blocks inherit the article's highlight styles (CSS highlight inheritance).
pub fn highlight_css(slots: usize) -> String {
    (0..slots.min(MAX_TAGS))
        .map(|i| {
            format!(
                ".article::highlight(cm-t{i}), .article::highlight(cm-t{i}-new) {{ background-color: var(--t{i}-bg); \
                 text-decoration: underline var(--t{i}-line) var(--t{i}); text-decoration-thickness: var(--t{i}-thickness); }}\n"
            )
        })
        .collect()
}

/// One `T` per tag of a set, in the set's order: `per_tag[i]` for the tag at position `i`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PerTag<T>(Vec<T>);

impl<T: Default + Clone> PerTag<T> {
    pub fn new(set: &TagSet) -> PerTag<T> {
        PerTag(vec![T::default(); set.len()])
    }
}

impl<T> PerTag<T> {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
}

impl<T> std::ops::Index<usize> for PerTag<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.0[i]
    }
}

impl<T> std::ops::IndexMut<usize> for PerTag<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.0[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_labels() {
        for (label, id) in [
            ("Opinion piece", "opinion-piece"),
            ("  Needs  context! ", "needs-context"),
            ("Prédiction", "pr-diction"),
            ("2nd-hand claim", "2nd-hand-claim"),
            ("—", ""),
            ("رأي", ""),
        ] {
            assert_eq!(id_from_label(label), id, "{label}");
        }
    }

    #[test]
    fn the_default_set_is_the_three_tags_on_keys_1_to_3() {
        let set = TagSet::default();
        let ids: Vec<_> = set.tags().map(Tag::id).collect();
        assert_eq!(ids, ["statement", "agreement", "dispute"]);
        assert_eq!(set.by_key('2'), Some(Tag::AGREEMENT));
        assert_eq!(set.key(Tag::DISPUTE), Some('3'));
        assert_eq!(set.by_key('4'), None);
        assert!(set.is_default());
        assert_eq!(serde_json::to_string(&Tag::DISPUTE).unwrap(), "\"dispute\"");
        let back: TagSet = serde_json::from_str(&serde_json::to_string(&set).unwrap()).unwrap();
        assert!(back.is_default());
    }

    #[test]
    fn interned_tags_equal_the_constants() {
        assert_eq!(Tag::new(" statement "), Some(Tag::STATEMENT));
        assert_eq!(Tag::new("opinion"), Tag::new("opinion"));
        assert_eq!(Tag::new("  "), None);
    }

    #[test]
    fn edits_refuse_what_breaks_the_invariants() {
        let set = TagSet::default();
        let add = |set: &TagSet, l: &str| set.edit(&TagEdit::Add { label: l.into() });
        assert_eq!(add(&set, "  "), Err(TagError::EmptyLabel));
        assert_eq!(
            add(&set, "DISPUTE"),
            Err(TagError::DuplicateLabel("DISPUTE".into()))
        );
        assert_eq!(
            add(&set, &"x".repeat(MAX_LABEL + 1)),
            Err(TagError::LongLabel)
        );
        assert_eq!(add(&set, "!!"), Err(TagError::NoId));
        let mut big = set.clone();
        for i in 3..MAX_TAGS {
            big = add(&big, &format!("Tag {i}")).unwrap();
        }
        assert_eq!(big.len(), MAX_TAGS);
        assert_eq!(add(&big, "One more"), Err(TagError::TooMany));
        assert_eq!(big.by_key('9').map(Tag::id), Some("tag-8"));
        assert_eq!(big.key(Tag::new("tag-9").unwrap()), None);
        let mut deleted = big.clone();
        for t in big.tags() {
            deleted = deleted
                .edit(&TagEdit::Delete { id: t, retag: None })
                .unwrap_or(deleted.clone());
        }
        assert_eq!(deleted.len(), 1, "the last tag stays");
    }

    #[test]
    fn new_tags_never_share_both_colour_and_underline() {
        let mut set = TagSet::default();
        for i in 3..MAX_TAGS {
            set = set
                .edit(&TagEdit::Add {
                    label: format!("T{i}"),
                })
                .unwrap();
        }
        let looks: HashSet<_> = set
            .iter()
            .map(|d| (d.colour.clone(), d.underline))
            .collect();
        assert_eq!(looks.len(), MAX_TAGS);
    }

    #[test]
    fn move_rename_and_imports() {
        let set = TagSet::default();
        let moved = set
            .edit(&TagEdit::Move {
                id: Tag::DISPUTE,
                to: 0,
            })
            .unwrap();
        assert_eq!(moved.by_key('1'), Some(Tag::DISPUTE));
        let renamed = set
            .edit(&TagEdit::Rename {
                id: Tag::STATEMENT,
                label: "Claim".into(),
            })
            .unwrap();
        assert_eq!(renamed.label(Tag::STATEMENT), "Claim");
        assert!(!renamed.is_default());
        let opinion = Tag::new("opinion").unwrap();
        let (with, added) = set.with_ids(&[Tag::DISPUTE, opinion], &[]).unwrap();
        assert_eq!(added, [opinion]);
        assert_eq!(with.label(opinion), "opinion");
        let many: Vec<Tag> = (0..18)
            .map(|i| Tag::new(&format!("x{i}")).unwrap())
            .collect();
        assert_eq!(set.with_ids(&many, &[]).map(|_| ()), Err(TagError::TooMany));
    }

    #[test]
    fn highlight_rules_cover_the_slots_in_use_on_the_article_only() {
        expect_test::expect![[r#"
            .article::highlight(cm-t0), .article::highlight(cm-t0-new) { background-color: var(--t0-bg); text-decoration: underline var(--t0-line) var(--t0); text-decoration-thickness: var(--t0-thickness); }
            .article::highlight(cm-t1), .article::highlight(cm-t1-new) { background-color: var(--t1-bg); text-decoration: underline var(--t1-line) var(--t1); text-decoration-thickness: var(--t1-thickness); }
        "#]]
        .assert_eq(&highlight_css(2));
        assert_eq!(highlight_css(0), "");
        assert_eq!(highlight_css(MAX_TAGS + 5).lines().count(), MAX_TAGS);
        assert!(highlight_css(MAX_TAGS).contains("cm-t19-new"));
    }

    /// `styles/tags.css` is what [`slot_css`] writes (`UPDATE_EXPECT=1` rewrites it).
    #[test]
    fn the_slot_styles_are_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/styles/tags.css");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(path, slot_css()).unwrap();
        }
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            on_disk == slot_css(),
            "styles/tags.css is stale: run UPDATE_EXPECT=1 cargo test --lib tags"
        );
    }
}
