//! Annotations: a tagged stretch of the document with an optional note.
//!
//! Invariants:
//! - `quote.exact` is never empty and is the text the annotation was made on. While the
//!   annotation is anchored or relocated, `document.slice(range) == quote.exact`.
//! - Ids are `urn:uuid:…` for annotations made here; imported ids are kept as they are (any IRI).

use serde::{Deserialize, Serialize};

use super::text::{CharRange, Document};

/// How many code points of context a quote keeps on each side.
pub const CONTEXT_LEN: usize = 32;

/// The kinds of claim a reader marks. Everything known about a tag (its key, label, shortcut,
/// underline) is in its row of [`TagDef::ALL`]; per-tag tables are [`PerTag`]s.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, enum_map::Enum,
)]
#[serde(rename_all = "lowercase")]
pub enum Tag {
    Statement,
    Agreement,
    Dispute,
}

/// A table with one `T` for every tag, indexed by [`Tag`]: `per_tag[Tag::Dispute]`.
pub type PerTag<T> = enum_map::EnumMap<Tag, T>;

/// How a tag's highlight is underlined, so that colour is not the only cue. The CSS tokens
/// (`--statement-line` and so on in `styles/tokens.css`) use these keywords.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Underline {
    Solid,
    Double,
    Wavy,
}

impl Underline {
    /// The CSS `text-decoration-style` keyword.
    pub fn css(self) -> &'static str {
        match self {
            Underline::Solid => "solid",
            Underline::Double => "double",
            Underline::Wavy => "wavy",
        }
    }
}

/// Everything about one tag: the one place a tag's facts are written down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TagDef {
    pub tag: Tag,
    /// The word used in exports, serde, `data-tag` and CSS class names (lowercase).
    pub key: &'static str,
    /// The label a person reads.
    pub label: &'static str,
    /// The keyboard shortcut that applies the tag.
    pub shortcut: char,
    pub underline: Underline,
    /// The name of the tag's `CSS.highlights` entry (`::highlight(cm-statement)`); recently
    /// added ranges use the same name with `-new` after it.
    pub highlight: &'static str,
}

impl TagDef {
    /// Every tag's row, in [`Tag::ALL`] order (row `i` is the tag whose [`Tag::index`] is `i`;
    /// checked when compiling).
    pub const ALL: &'static [TagDef; Tag::COUNT] = &[
        TagDef {
            tag: Tag::Statement,
            key: "statement",
            label: "Statement",
            shortcut: '1',
            underline: Underline::Solid,
            highlight: "cm-statement",
        },
        TagDef {
            tag: Tag::Agreement,
            key: "agreement",
            label: "Agreement",
            shortcut: '2',
            underline: Underline::Double,
            highlight: "cm-agreement",
        },
        TagDef {
            tag: Tag::Dispute,
            key: "dispute",
            label: "Dispute",
            shortcut: '3',
            underline: Underline::Wavy,
            highlight: "cm-dispute",
        },
    ];
}

// Row `i` of the table describes the tag with index `i`.
const _: () = {
    let mut i = 0;
    while i < Tag::COUNT {
        assert!(
            TagDef::ALL[i].tag.index() == i,
            "TagDef::ALL is out of order"
        );
        i += 1;
    }
};

impl Tag {
    /// How many tags there are.
    pub const COUNT: usize = enum_map::enum_len::<Tag>();

    /// Every tag, in the order of [`Tag::index`]: the order of menus, columns and exports.
    pub const ALL: [Tag; Tag::COUNT] = {
        let mut all = [Tag::Statement; Tag::COUNT];
        let mut i = 0;
        while i < Tag::COUNT {
            all[i] = TagDef::ALL[i].tag;
            i += 1;
        }
        all
    };

    /// The tag's position in [`Tag::ALL`], `0..Tag::COUNT` (also its slot in a [`PerTag`]).
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The tag's row of [`TagDef::ALL`].
    pub const fn def(self) -> &'static TagDef {
        &TagDef::ALL[self.index()]
    }

    /// The word used in exports, `data-tag` and CSS class names.
    pub fn key(self) -> &'static str {
        self.def().key
    }

    /// The label a person reads.
    pub fn label(self) -> &'static str {
        self.def().label
    }

    /// The keyboard shortcut that applies the tag.
    pub fn shortcut(self) -> char {
        self.def().shortcut
    }

    pub fn from_key(key: &str) -> Option<Tag> {
        Tag::ALL
            .into_iter()
            .find(|t| t.key().eq_ignore_ascii_case(key.trim()))
    }

    pub fn from_shortcut(c: char) -> Option<Tag> {
        Tag::ALL.into_iter().find(|t| t.shortcut() == c)
    }
}

/// Where an annotation stands against the current text.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Status {
    /// Its exact quote is where it was stored, or where an edit of the text carried it (text
    /// inserted or deleted before it shifts it, and it stays anchored).
    Anchored,
    /// Found again by searching: elsewhere, or with its own text changed; `score` in 0–1 says
    /// how sure the match is.
    Relocated { score: f32 },
    /// Not found: kept with its quote and note until it is re-attached or deleted.
    Orphaned,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Anchored => "anchored",
            Status::Relocated { .. } => "relocated",
            Status::Orphaned => "orphaned",
        }
    }
}

/// The W3C TextQuoteSelector of an annotation: its exact text and some context.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
}

impl Quote {
    /// The quote of `range` in `doc`, with up to [`CONTEXT_LEN`] code points either side.
    pub fn of(doc: &Document, range: CharRange) -> Quote {
        Quote {
            exact: doc.slice(range).to_string(),
            prefix: doc.prefix(range, CONTEXT_LEN).to_string(),
            suffix: doc.suffix(range, CONTEXT_LEN).to_string(),
        }
    }
}

/// A time as an ISO 8601 / xsd:dateTime string in UTC, such as `2026-11-28T09:30:00.000Z`.
/// Kept as the exact string it was given so that imports round-trip byte for byte.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    /// Accepts `YYYY-MM-DDTHH:MM:SS` with optional fraction and a `Z` or `±HH:MM` zone.
    pub fn parse(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        let digits =
            |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        let shape = b.len() >= 20
            && digits(0..4)
            && b[4] == b'-'
            && digits(5..7)
            && b[7] == b'-'
            && digits(8..10)
            && b[10] == b'T'
            && digits(11..13)
            && b[13] == b':'
            && digits(14..16)
            && b[16] == b':'
            && digits(17..19);
        if !shape {
            return None;
        }
        let mut rest = &s[19..];
        if let Some(frac) = rest.strip_prefix('.') {
            let n = frac.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return None;
            }
            rest = &frac[n..];
        }
        let zone_ok = rest == "Z"
            || (rest.len() == 6
                && (rest.starts_with('+') || rest.starts_with('-'))
                && rest.as_bytes()[3] == b':'
                && rest[1..3]
                    .bytes()
                    .chain(rest[4..6].bytes())
                    .all(|d| d.is_ascii_digit()));
        let month: u32 = s[5..7].parse().ok()?;
        let day: u32 = s[8..10].parse().ok()?;
        let fields_ok = (1..=12).contains(&month)
            && (1..=31).contains(&day)
            && &s[11..13] < "24"
            && &s[14..16] < "60"
            && &s[17..19] < "61";
        (zone_ok && fields_ok).then(|| Timestamp(s.to_string()))
    }

    /// A time from milliseconds since the Unix epoch, as `…T…:…:….sssZ`.
    pub fn from_unix_millis(ms: i64) -> Timestamp {
        let secs = ms.div_euclid(1000);
        let millis = ms.rem_euclid(1000);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        Timestamp(format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `YYYY-MM-DD` part, for file names.
    pub fn date(&self) -> &str {
        &self.0[..10]
    }
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// One annotation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: String,
    pub tag: Tag,
    /// Where the quote is in the current text; meaningless while orphaned (kept as a hint).
    pub range: CharRange,
    pub quote: Quote,
    #[serde(flatten)]
    pub status: Status,
    #[serde(default)]
    pub note: String,
    pub created: Timestamp,
    pub modified: Timestamp,
    #[serde(default)]
    pub creator: Option<String>,
}

impl Annotation {
    pub fn is_orphaned(&self) -> bool {
        self.status == Status::Orphaned
    }

    /// The order annotations are listed and exported in: by position, then length, then id;
    /// orphans last.
    pub fn sort_key(&self) -> (bool, usize, usize, &str) {
        (
            self.is_orphaned(),
            self.range.start,
            self.range.end,
            &self.id,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_table_agrees_with_the_enum_and_serde() {
        assert_eq!(Tag::COUNT, Tag::ALL.len());
        for (i, tag) in Tag::ALL.into_iter().enumerate() {
            assert_eq!(tag.index(), i);
            assert_eq!(enum_map::Enum::into_usize(tag), i);
            assert_eq!(<Tag as enum_map::Enum>::from_usize(i), tag);
            assert_eq!(tag.def().tag, tag);
            assert_eq!(
                serde_json::to_string(&tag).unwrap(),
                format!("\"{}\"", tag.key())
            );
            assert_eq!(Tag::from_key(tag.key()), Some(tag));
            assert_eq!(Tag::from_shortcut(tag.shortcut()), Some(tag));
            assert_eq!(tag.def().highlight, format!("cm-{}", tag.key()));
        }
        let mut per_tag = PerTag::<usize>::default();
        per_tag[Tag::Dispute] += 2;
        assert_eq!(per_tag.as_slice()[Tag::Dispute.index()], 2);
        assert_eq!(per_tag.len(), Tag::COUNT);
    }

    /// The styles hold each tag's look once, in `styles/tokens.css`; they must know every tag,
    /// in both colour schemes and with the underline of its row, and paint its highlights.
    #[test]
    fn the_styles_know_every_tag() {
        let tokens = include_str!("../../styles/tokens.css");
        let components = include_str!("../../styles/components.css");
        assert!(tokens.contains(&format!("--tag-count: {};", Tag::COUNT)));
        for def in TagDef::ALL {
            let key = def.key;
            // Its colours, once for the light scheme and once for the dark one.
            for token in [format!("--{key}: "), format!("--{key}-bg: ")] {
                assert_eq!(tokens.matches(&token).count(), 2, "{token}");
            }
            assert!(
                tokens.contains(&format!("--{key}-line: {};", def.underline.css())),
                "{key}"
            );
            assert!(
                tokens.contains(&format!(
                    ".{key}, [data-tag=\"{key}\"], mark.{}",
                    def.highlight
                )),
                "{key}"
            );
            let highlights = format!("::highlight({0}), ::highlight({0}-new)", def.highlight);
            assert!(components.contains(&highlights), "{key}");
        }
    }
}
