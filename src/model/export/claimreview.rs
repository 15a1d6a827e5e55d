//! schema.org ClaimReview JSON-LD: the fact-check markup search engines and fact-check
//! databases read (Google's "Fact Check (ClaimReview)" structured data).
//!
//! One ClaimReview per rated claim (an annotation with a verdict), in text order, as a JSON
//! array. Each has what Google's guidance requires — `claimReviewed`, `reviewRating` with
//! `alternateName`, `url`, `author` — and what it recommends: `datePublished`, the rating's
//! `ratingValue`/`bestRating`/`worstRating` (when the verdict has a value on the scale: the
//! best rating is `n`, the worst 1, see [`RatingScale::score`]), and `itemReviewed`, a `Claim`
//! with its `author` (the claimant, when named), `appearance` (the article: its address,
//! headline, publisher and author) and `datePublished` (the article's date, when known).
//!
//! Invariants: nothing is written unless every required field can be; the bytes depend only on
//! the session and the fact-check's address (no export time: a review's date is the day its
//! verdict was last changed).

use serde::Serialize;

use crate::model::annotation::Status;
use crate::model::claims::{clean, RatingScale};
use crate::model::session::Session;

pub const CONTEXT: &str = "https://schema.org";

/// Something a ClaimReview needs that the work lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    /// No placed annotation has a verdict.
    RatedClaim,
    /// The article's web address (where the claim appeared).
    ArticleAddress,
    /// The fact-check's own web address.
    FactCheckAddress,
    /// The fact-checking organisation.
    Organisation,
}

impl Missing {
    pub fn describe(self) -> &'static str {
        match self {
            Missing::RatedClaim => "no claim has a verdict yet",
            Missing::ArticleAddress => "the article's web address is not set",
            Missing::FactCheckAddress => "the fact-check's own web address is not set",
            Missing::Organisation => "the fact-checking organisation is not set",
        }
    }
}

/// Why no ClaimReview file was written: everything missing, in a fixed order.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("No ClaimReview file was written: {}.", .0.iter().map(|m| m.describe()).collect::<Vec<_>>().join("; "))]
pub struct ClaimReviewError(pub Vec<Missing>);

#[derive(Serialize)]
struct Review<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    url: &'a str,
    #[serde(rename = "claimReviewed")]
    claim_reviewed: &'a str,
    author: Agent<'a>,
    #[serde(rename = "datePublished")]
    date_published: &'a str,
    #[serde(rename = "reviewRating")]
    review_rating: Rating<'a>,
    #[serde(rename = "itemReviewed")]
    item_reviewed: Claim<'a>,
}

#[derive(Serialize)]
struct Agent<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Rating<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "ratingValue", skip_serializing_if = "Option::is_none")]
    rating_value: Option<usize>,
    #[serde(rename = "bestRating", skip_serializing_if = "Option::is_none")]
    best_rating: Option<usize>,
    #[serde(rename = "worstRating", skip_serializing_if = "Option::is_none")]
    worst_rating: Option<usize>,
    #[serde(rename = "alternateName")]
    alternate_name: &'a str,
}

#[derive(Serialize)]
struct Claim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Agent<'a>>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    appearance: Appearance<'a>,
}

#[derive(Serialize)]
struct Appearance<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    url: &'a str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Agent<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Agent<'a>>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
}

fn named(s: &str) -> Option<&str> {
    Some(s).filter(|s| !s.is_empty())
}

/// What is missing for a ClaimReview of `session` with the fact-check at `url`, in a fixed order.
pub fn missing(session: &Session, url: &str) -> Vec<Missing> {
    let rated = session
        .annotations()
        .iter()
        .any(|a| a.status != Status::Orphaned && a.claim.verdict.is_some());
    let mut out = Vec::new();
    if !rated {
        out.push(Missing::RatedClaim);
    }
    if session.meta().url.trim().is_empty() {
        out.push(Missing::ArticleAddress);
    }
    if clean(url).is_empty() {
        out.push(Missing::FactCheckAddress);
    }
    if session.review().organisation.trim().is_empty() {
        out.push(Missing::Organisation);
    }
    out
}

/// The ClaimReview JSON-LD of every rated, placed claim, or what is missing.
pub fn export(session: &Session, url: &str) -> Result<String, ClaimReviewError> {
    let missing = missing(session, url);
    if !missing.is_empty() {
        return Err(ClaimReviewError(missing));
    }
    let url = clean(url);
    let meta = session.meta();
    let review = session.review();
    let scale: &RatingScale = &review.scale;
    let agent = |kind, name| Agent { kind, name };
    let reviews: Vec<Review> = session
        .annotations()
        .iter()
        .filter(|a| a.status != Status::Orphaned)
        .filter_map(|a| {
            let verdict = a.claim.verdict.as_deref()?;
            let score = scale.score(verdict);
            Some(Review {
                context: CONTEXT,
                kind: "ClaimReview",
                url: &url,
                claim_reviewed: &a.quote.exact,
                author: agent("Organization", &review.organisation),
                date_published: a.modified.date(),
                review_rating: Rating {
                    kind: "Rating",
                    rating_value: score.map(|s| s.value),
                    best_rating: score.map(|s| s.best),
                    worst_rating: score.map(|s| s.worst),
                    alternate_name: verdict,
                },
                item_reviewed: Claim {
                    kind: "Claim",
                    author: a
                        .claim
                        .claimant
                        .as_deref()
                        .map(|name| agent("Person", name)),
                    date_published: named(meta.published.as_str()),
                    appearance: Appearance {
                        kind: "NewsArticle",
                        url: &meta.url,
                        headline: session.doc().title(),
                        author: named(meta.author.as_str()).map(|n| agent("Person", n)),
                        publisher: named(meta.publisher.as_str()).map(|n| agent("Organization", n)),
                        date_published: named(meta.published.as_str()),
                    },
                },
            })
        })
        .collect();
    let mut out =
        serde_json::to_string_pretty(&reviews).expect("the DTOs serialize: strings and numbers");
    out.push('\n');
    Ok(out)
}
