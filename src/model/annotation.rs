//! Annotations: a tagged stretch of the document with an optional note.
//!
//! Invariants:
//! - `quote.exact` is never empty and is the text the annotation was made on. While the
//!   annotation is anchored or relocated, `document.slice(range) == quote.exact`.
//! - Ids are `urn:uuid:…` for annotations made here; imported ids are kept as they are (any IRI).

use serde::{Deserialize, Serialize};

use super::claims::ClaimInfo;
use super::tags::Tag;
use super::text::{CharRange, Document};

/// How many code points of context a quote keeps on each side.
pub const CONTEXT_LEN: usize = 32;

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

/// The calendar date (year, month, day) of a day counted from 1970-01-01 (Howard Hinnant's
/// days-to-civil algorithm).
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
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
    /// Claimant, links and verdict: kept in the same record, so they save and merge with it.
    #[serde(flatten, default)]
    pub claim: ClaimInfo,
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
