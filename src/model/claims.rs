//! What fact-checkers record about claims: who made a claim (its claimant), which claims an
//! agreement or a dispute answers (its links), a verdict from a rating scale, and the article's
//! own details (address, publisher, author, date).
//!
//! Invariants:
//! - A [`RatingScale`] holds 1–[`MAX_RATINGS`] distinct, non-empty labels, best first. The
//!   ratings with a value are numbered from the worst (1) up to the best (`n`), so in the
//!   default scale True is 5 and False is 1; ratings without a value (Unproven) have none.
//! - Links name annotation ids; a session never keeps a link to an id it lacks or to the
//!   annotation itself (see [`Session::apply`](crate::model::Session::apply)).

use serde::{Deserialize, Serialize};

/// The most ratings one scale may hold.
pub const MAX_RATINGS: usize = 12;
/// The longest claimant, label, address or name, in characters.
pub const MAX_FIELD: usize = 300;

/// What an annotation says about a claim; every part is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimInfo {
    /// Who makes the claim ("Vladimir Putin").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimant: Option<String>,
    /// The ids of the annotations this one answers (an agreement or a dispute of a claim).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// The verdict: a label of the session's rating scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
}

impl ClaimInfo {
    pub fn is_empty(&self) -> bool {
        *self == ClaimInfo::default()
    }
}

/// The article's details, as a fact-check cites it. Its title is the document's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleMeta {
    /// Its web address (filled in when the article was fetched from one).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub publisher: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// When it was published, as `YYYY-MM-DD` (or any date the person typed).
    #[serde(
        default,
        rename = "datePublished",
        skip_serializing_if = "String::is_empty"
    )]
    pub published: String,
}

impl ArticleMeta {
    pub fn is_empty(&self) -> bool {
        *self == ArticleMeta::default()
    }

    /// The same details with every field trimmed and cut to [`MAX_FIELD`] characters.
    pub fn cleaned(&self) -> ArticleMeta {
        ArticleMeta {
            url: clean(&self.url),
            publisher: clean(&self.publisher),
            author: clean(&self.author),
            published: clean(&self.published),
        }
    }
}

/// One rating of a scale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    pub label: String,
    /// Whether it has a place on the numeric scale (Unproven has none).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub scored: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// The verdicts a reviewer chooses from, best first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Rating>", into = "Vec<Rating>")]
pub struct RatingScale(Vec<Rating>);

/// What is wrong with a proposed rating scale.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScaleError {
    #[error("A rating scale needs at least one rating.")]
    Empty,
    #[error("A rating scale holds at most {MAX_RATINGS} ratings.")]
    TooMany,
    #[error("The rating “{0}” appears twice.")]
    Duplicate(String),
}

impl Default for RatingScale {
    fn default() -> RatingScale {
        let scored = ["True", "Mostly true", "Half true", "Mostly false", "False"];
        let mut ratings: Vec<Rating> = scored
            .iter()
            .map(|l| Rating {
                label: l.to_string(),
                scored: true,
            })
            .collect();
        ratings.push(Rating {
            label: "Unproven".into(),
            scored: false,
        });
        RatingScale(ratings)
    }
}

impl TryFrom<Vec<Rating>> for RatingScale {
    type Error = ScaleError;
    fn try_from(ratings: Vec<Rating>) -> Result<RatingScale, ScaleError> {
        let ratings: Vec<Rating> = ratings
            .into_iter()
            .map(|r| Rating {
                label: clean(&r.label),
                ..r
            })
            .filter(|r| !r.label.is_empty())
            .collect();
        if ratings.is_empty() {
            return Err(ScaleError::Empty);
        }
        if ratings.len() > MAX_RATINGS {
            return Err(ScaleError::TooMany);
        }
        for (i, r) in ratings.iter().enumerate() {
            if ratings[..i]
                .iter()
                .any(|o| o.label.to_lowercase() == r.label.to_lowercase())
            {
                return Err(ScaleError::Duplicate(r.label.clone()));
            }
        }
        Ok(RatingScale(ratings))
    }
}

impl From<RatingScale> for Vec<Rating> {
    fn from(s: RatingScale) -> Vec<Rating> {
        s.0
    }
}

/// A rating's place on the numeric scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Score {
    pub value: usize,
    pub best: usize,
    pub worst: usize,
}

impl RatingScale {
    pub fn is_default(&self) -> bool {
        *self == RatingScale::default()
    }

    pub fn ratings(&self) -> &[Rating] {
        &self.0
    }

    pub fn contains(&self, label: &str) -> bool {
        self.0.iter().any(|r| r.label == label)
    }

    /// The numeric place of `label`: the scored ratings count down from the best (`n`) to the
    /// worst (1). `None` for an unscored rating or a label the scale lacks.
    pub fn score(&self, label: &str) -> Option<Score> {
        let scored: Vec<&Rating> = self.0.iter().filter(|r| r.scored).collect();
        let at = scored.iter().position(|r| r.label == label)?;
        Some(Score {
            value: scored.len() - at,
            best: scored.len(),
            worst: 1,
        })
    }

    /// The scale as the settings field shows it: one rating a line, best first, an unscored one
    /// followed by ` (no value)`.
    pub fn to_lines(&self) -> String {
        self.0
            .iter()
            .map(|r| match r.scored {
                true => r.label.clone(),
                false => format!("{}{NO_VALUE}", r.label),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Reads [`to_lines`](Self::to_lines)'s form back; blank lines are skipped.
    pub fn from_lines(text: &str) -> Result<RatingScale, ScaleError> {
        let ratings: Vec<Rating> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| match l.strip_suffix(NO_VALUE.trim_start()) {
                Some(label) => Rating {
                    label: label.trim().to_string(),
                    scored: false,
                },
                None => Rating {
                    label: l.to_string(),
                    scored: true,
                },
            })
            .collect();
        RatingScale::try_from(ratings)
    }
}

const NO_VALUE: &str = " (no value)";

/// Who reviews the claims, and how verdicts are given: set once for the article's work.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The fact-checking organisation (the ClaimReview's `author`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    /// The reviewer's own name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "RatingScale::is_default")]
    pub scale: RatingScale,
}

impl Review {
    pub fn is_default(&self) -> bool {
        *self == Review::default()
    }
}

/// A field as kept: trimmed, inner runs of white space as one space, at most [`MAX_FIELD`]
/// characters.
pub fn clean(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_FIELD)
        .collect()
}

/// Reporting verbs: a name just before or after one is likely the claimant.
const VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "announced",
    "announces",
    "denied",
    "denies",
    "claimed",
    "claims",
    "stated",
    "states",
    "stressed",
    "added",
    "explained",
    "noted",
    "insisted",
    "argued",
    "warned",
    "accused",
    "acknowledged",
    "pointed",
    "disputed",
    "disputes",
    "rejected",
    "confirmed",
    "admitted",
    "declared",
    "tweeted",
    "wrote",
];

/// Words that start a sentence with a capital but are no claimant.
const NOT_NAMES: &[&str] = &[
    "He",
    "She",
    "They",
    "It",
    "We",
    "I",
    "You",
    "The",
    "This",
    "That",
    "But",
    "And",
    "While",
    "On",
    "In",
    "A",
    "An",
    "Regarding",
];

/// Names the article's reporting verbs point at, most mentioned first (ties in order of first
/// appearance): runs of capitalised words directly before a reporting verb ("Putin said") or
/// directly after one ("said Putin"), without pronouns and sentence-openers. A small heuristic
/// for offering choices, not an analysis.
pub fn claimant_candidates(text: &str) -> Vec<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let bare = |w: &str| -> String {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '.')
            .trim_end_matches('.')
            .to_string()
    };
    let is_name = |w: &str| {
        let b = bare(w);
        b.chars().next().is_some_and(char::is_uppercase)
            && !NOT_NAMES.contains(&b.as_str())
            && !w.starts_with(['“', '"', '‘', '\''])
    };
    // A word that ends a clause stops a name from running on.
    let ends = |w: &str| w.ends_with([',', '.', ';', ':', '”', '"', '’', '?', '!', ')']);
    let mut found: Vec<(String, usize, usize)> = Vec::new();
    let mut add = |name: String, at: usize| {
        if name.is_empty() {
            return;
        }
        match found.iter_mut().find(|(n, _, _)| *n == name) {
            Some(f) => f.1 += 1,
            None => found.push((name, 1, at)),
        }
    };
    for (i, w) in words.iter().enumerate() {
        if !VERBS.contains(&bare(w).as_str()) {
            continue;
        }
        // Before: the capitalised run ending right before the verb.
        let mut start = i;
        while start > 0 && is_name(words[start - 1]) && !ends(words[start - 1]) {
            start -= 1;
        }
        if start < i {
            let name: Vec<String> = words[start..i].iter().map(|w| bare(w)).collect();
            add(name.join(" "), start);
        }
        // After: the capitalised run right after the verb ("said Putin").
        if ends(w) {
            continue;
        }
        let mut end = i + 1;
        while end < words.len() && is_name(words[end]) {
            end += 1;
            if ends(words[end - 1]) {
                break;
            }
        }
        if end > i + 1 {
            let name: Vec<String> = words[i + 1..end].iter().map(|w| bare(w)).collect();
            add(name.join(" "), i + 1);
        }
    }
    found.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    found.into_iter().map(|(n, _, _)| n).collect()
}

/// The claims offered as what the annotation at `index` answers: up to `limit` others nearest
/// to it in text order (answers are usually near what they answer), alternately before and
/// after, orphans left out; returned in text order. Bounded, so a 5,000-claim article does not
/// put 5,000 choices in one menu.
pub fn link_candidates(
    annotations: &[&crate::model::Annotation],
    index: usize,
    limit: usize,
) -> Vec<usize> {
    let placed = |i: &usize| !annotations[*i].is_orphaned();
    let mut before = (0..index.min(annotations.len())).rev().filter(placed);
    let mut after = (index + 1..annotations.len()).filter(placed);
    let mut out = Vec::with_capacity(limit);
    while out.len() < limit {
        let (b, a) = (before.next(), after.next());
        if b.is_none() && a.is_none() {
            break;
        }
        out.extend(b);
        if out.len() < limit {
            out.extend(a);
        }
    }
    out.sort_unstable();
    out
}
