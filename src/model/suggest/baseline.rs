//! The naive baseline the suggester is measured against: every sentence holding a reporting or
//! stance verb of the lexicon, or a quotation mark, tagged by the class of its first such verb.

use super::lexicon::{Lexicon, Stance};
use super::segment;
use crate::model::text::{CharRange, Document};

/// The baseline's spans (whole sentences, trimmed of spaces) and their stances.
pub fn baseline(doc: &Document) -> Vec<(CharRange, Stance)> {
    let lex = Lexicon::english();
    let mut out = Vec::new();
    for (i, (line, chars)) in super::blocks(doc.text()).enumerate() {
        // Headlines repeat the body; like the suggester, the baseline leaves them.
        if super::is_heading(line, i) {
            continue;
        }
        let toks = segment::tokenize(line);
        let quotes = segment::quotes(line, &toks);
        for s in segment::sentences(line, &toks, &quotes, lex) {
            let verb = s
                .clone()
                .find_map(|i| lex.verb(&toks[i].lower).map(|v| v.stance));
            let quote = s.clone().any(|i| {
                toks[i].kind == segment::Kind::Punct
                    && line[toks[i].start..toks[i].end]
                        .chars()
                        .any(segment::is_quote_mark)
            });
            if verb.is_none() && !quote {
                continue;
            }
            let text = &line[toks[s.start].start..toks[s.end - 1].end];
            let lead = text.len() - text.trim_start().len();
            let body = text.trim();
            if body.is_empty() {
                continue;
            }
            let a = toks[s.start].start + lead;
            let b = a + body.len();
            let to_chars = |x: usize| line[..x].chars().count();
            if let Some(r) = CharRange::new(chars + to_chars(a), chars + to_chars(b)) {
                out.push((r, verb.unwrap_or(Stance::Report)));
            }
        }
    }
    out
}
