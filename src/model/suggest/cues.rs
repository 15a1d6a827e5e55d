//! The cues of a sentence: verbs of the lexicon, negation, quantities and dates.

use super::lexicon::{Lexicon, Stance, Verb};
use super::segment::{Kind, Tok};

/// A verb of the lexicon used as a verb in the text.
#[derive(Clone, Debug)]
pub struct Cue<'l> {
    /// The verb's first token, and the token after its last (after a particle: "ruled out").
    pub tok: usize,
    pub end: usize,
    pub verb: &'l Verb,
    /// The first token of a negation before it ("did not", "never"), if there is one.
    pub negation: Option<usize>,
}

impl Cue<'_> {
    /// The stance after negation: "did not agree" disputes, "did not deny" only states.
    pub fn stance(&self) -> Stance {
        match (self.verb.stance, self.negation.is_some()) {
            (Stance::Agree, true) => Stance::Dispute,
            (Stance::Dispute, true) => Stance::Report,
            (s, _) => s,
        }
    }
}

/// The words around token `i`, skipping spaces.
pub fn next_word(toks: &[Tok], i: usize, end: usize) -> Option<usize> {
    (i + 1..end).find(|&j| toks[j].kind != Kind::Space)
}

pub fn prev_word(toks: &[Tok], i: usize, start: usize) -> Option<usize> {
    (start..i).rev().find(|&j| toks[j].kind != Kind::Space)
}

/// Whether a lower-case word negates ("not", "didn't", "never").
pub fn is_negation(lower: &str) -> bool {
    matches!(
        lower,
        "not" | "never" | "no" | "neither" | "nor" | "cannot" | "without"
    ) || lower.ends_with("n't")
        || lower.ends_with("n’t")
}

/// The verb cue at token `i`, if its word is a lexicon verb used as a verb: not after a
/// determiner, preposition or possessive ("the report", "of support"), not a capitalised word
/// inside a sentence (a name).
pub fn cue_at<'l>(
    lex: &'l Lexicon,
    toks: &[Tok<'_>],
    i: usize,
    start: usize,
    end: usize,
) -> Option<Cue<'l>> {
    let t = &toks[i];
    if t.kind != Kind::Word {
        return None;
    }
    let next = next_word(toks, i, end);
    let (verb, stop) = match next
        .filter(|&n| toks[n].kind == Kind::Word)
        .and_then(|n| lex.phrasal(&t.lower, &toks[n].lower).map(|v| (v, n + 1)))
    {
        Some(found) => found,
        None => {
            // A particle makes another verb ("add up", "back down"), unless the lexicon lists
            // the pair.
            if next.is_some_and(|n| {
                matches!(
                    &*toks[n].lower,
                    "up" | "down" | "out" | "off" | "away" | "back"
                )
            }) {
                return None;
            }
            (lex.verb(&t.lower)?, i + 1)
        }
    };
    let prev = prev_word(toks, i, start);
    // A capitalised form is a name ("Back", "Support Group") or opens a sentence, where news
    // prose does not put its reporting verbs.
    if t.cap {
        return None;
    }
    if let Some(p) = prev {
        let pw = &toks[p];
        if pw.kind == Kind::Word
            && (lex.determiners.contains(&*pw.lower)
                || (lex.prepositions.contains(&*pw.lower) && pw.lower != "to")
                || pw.lower.ends_with("'s")
                || pw.lower.ends_with("’s"))
        {
            return None;
        }
        // "to" before a bare form is an infinitive; before any other form it is a preposition.
        if pw.lower == "to" && (t.lower.ends_with("ed") || t.lower.ends_with('s')) {
            return None;
        }
    }
    let negation = negation_before(toks, i, start);
    Some(Cue {
        tok: i,
        end: stop,
        verb,
        negation,
    })
}

/// A negation among the three words before `i`, within its clause.
fn negation_before(toks: &[Tok], i: usize, start: usize) -> Option<usize> {
    let mut words = 0;
    let mut j = i;
    while j > start && words < 3 {
        j -= 1;
        match toks[j].kind {
            Kind::Space => {}
            Kind::Word => {
                words += 1;
                if is_negation(&toks[j].lower) && toks[j].lower != "without" {
                    return Some(j);
                }
            }
            _ => return None,
        }
    }
    None
}

/// A number, quantity or date at token `i`: digits, "percent", "million", "March 3", a year.
pub fn quantity_at(lex: &Lexicon, block: &str, toks: &[Tok], i: usize) -> bool {
    let t = &toks[i];
    match t.kind {
        Kind::Number => true,
        Kind::Word => {
            lex.quantities.contains(&*t.lower)
                || (t.cap
                    && lex.months.contains(&*t.lower)
                    && next_word(toks, i, toks.len()).is_some_and(|n| toks[n].kind == Kind::Number))
        }
        Kind::Punct => matches!(&block[t.start..t.end], "%" | "$" | "€" | "£" | "¥"),
        Kind::Space => false,
    }
}
