//! Who makes a claim: the subject before a reporting verb, or the speaker named after a
//! quotation, shown as the text names it ("Margaret Chan" for "Director-General Dr. Margaret
//! Chan"); "she" and "he" stand for the last person named.

use super::lexicon::Lexicon;
use super::segment::{Kind, Tok};

/// At most this many words make a claimant; a longer subject is a clause, not a name.
const MAX_WORDS: usize = 10;

/// The subject between `from` and the verb at `to`: trailing auxiliaries and adverbs dropped,
/// an apposition ("Nicole Colon, a researcher at X,") reduced to its head, a leading adverbial
/// ("In public comments,") dropped. The token range, or `None` when nothing names anyone.
pub fn subject(
    lex: &Lexicon,
    block: &str,
    toks: &[Tok],
    from: usize,
    to: usize,
) -> Option<(usize, usize)> {
    let mut end = to;
    // Drop auxiliaries, adverbs and negation before the verb ("has repeatedly said").
    while end > from {
        let t = &toks[end - 1];
        let drop = match t.kind {
            Kind::Space => true,
            Kind::Word => {
                lex.auxiliaries.contains(&*t.lower)
                    || lex.adverbs.contains(&*t.lower)
                    || (t.lower.ends_with("ly") && !t.cap)
                    || super::cues::is_negation(&t.lower)
            }
            _ => false,
        };
        if !drop {
            break;
        }
        end -= 1;
    }
    let text = |i: usize| &block[toks[i].start..toks[i].end];
    let commas: Vec<usize> = (from..end).filter(|&i| text(i) == ",").collect();
    let (mut a, mut b) = (from, end);
    if end > from && text(end - 1) == "," {
        // An apposition: the head is what comes before its opening comma.
        let opening = commas.len().checked_sub(2).map(|k| commas[k]);
        match opening {
            Some(c) => {
                b = c;
                a = commas[..commas.len() - 2].last().map_or(from, |&k| k + 1);
            }
            None => return None,
        }
    } else if let Some(&c) = commas.last() {
        a = c + 1;
    }
    // Skip connectives and the complementiser at the start ("But", "However", "that").
    loop {
        while a < b && matches!(toks[a].kind, Kind::Space | Kind::Punct) && !is_quote(text(a)) {
            a += 1;
        }
        if a < b
            && toks[a].kind == Kind::Word
            && (lex.connectives.contains(&*toks[a].lower)
                || lex.clause_openers.contains(&*toks[a].lower)
                || matches!(
                    toks[a].lower.as_ref(),
                    "that" | "where" | "when" | "who" | "if" | "then"
                ))
        {
            a += 1;
            continue;
        }
        break;
    }
    while b > a && matches!(toks[b - 1].kind, Kind::Space | Kind::Punct) {
        b -= 1;
    }
    let words = (a..b)
        .filter(|&i| matches!(toks[i].kind, Kind::Word | Kind::Number))
        .count();
    if words == 0 || words > MAX_WORDS {
        return None;
    }
    // A subject holding a verb of its own is a clause, not a name ("the report" is a noun).
    if (a..b).any(|i| super::cues::cue_at(lex, toks, i, a, b).is_some()) {
        return None;
    }
    Some((a, b))
}

fn is_quote(s: &str) -> bool {
    s.chars().next().is_some_and(super::segment::is_quote_mark)
}

/// How a subject is shown: a person's name without the titles before it, the subject itself
/// otherwise; a personal pronoun is the last person named; "it", "this" name no one.
pub fn name(
    lex: &Lexicon,
    block: &str,
    toks: &[Tok],
    (a, b): (usize, usize),
    last_person: Option<&str>,
) -> Option<String> {
    let words: Vec<usize> = (a..b).filter(|&i| toks[i].kind == Kind::Word).collect();
    // "Last week she": a pronoun ending the subject is the subject.
    if let Some(&w) = words.last() {
        if lex.person_pronouns.contains(&*toks[w].lower) {
            return last_person.map(str::to_string);
        }
    }
    if words.len() == 1 {
        let w = &toks[words[0]].lower;
        if lex.person_pronouns.contains(&**w) {
            return last_person.map(str::to_string);
        }
        if lex.other_pronouns.contains(&**w) {
            return None;
        }
    }
    // The last title inside the subject: the name is the capitalised run after it.
    let last_title = (a..b)
        .rev()
        .find(|&i| toks[i].kind == Kind::Word && lex.titles.contains(&*toks[i].lower));
    if let Some(t) = last_title {
        let mut s = t + 1;
        while s < b && matches!(toks[s].kind, Kind::Space | Kind::Punct) {
            s += 1;
        }
        let rest: Vec<usize> = (s..b).filter(|&i| toks[i].kind == Kind::Word).collect();
        let all_names = !rest.is_empty()
            && rest.iter().all(|&i| {
                toks[i].cap
                    || matches!(
                        toks[i].lower.as_ref(),
                        "von"
                            | "van"
                            | "der"
                            | "de"
                            | "la"
                            | "le"
                            | "bin"
                            | "al"
                            | "da"
                            | "di"
                            | "du"
                    )
            });
        if all_names {
            return Some(block[toks[s].start..toks[b - 1].end].to_string());
        }
    }
    Some(block[toks[a].start..toks[b - 1].end].to_string())
}

/// Whether a claimant looks like a person's name: capitalised words (particles aside), not
/// "The …" or "A …".
pub fn is_person(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && words[0] != "The"
        && words[0] != "A"
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase) || w.len() <= 3)
}
