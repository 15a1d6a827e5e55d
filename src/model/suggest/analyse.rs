//! The claims of one block: direct quotations, reported speech ("X said (that) CLAUSE"),
//! narrated acts of agreeing or disputing ("The UK rejected the offer"), concessive stance
//! ("despite opposition from …"), attribution ("according to X"), and, in the report's own
//! voice, sentences that carry figures or dates.
//!
//! Everything works on the block's tokens; a claim is a token range, trimmed of connectives,
//! attribution and final punctuation, and kept only when it holds at least three words.

use std::ops::Range;

use super::claimant;
use super::cues::{self, Cue};
use super::lexicon::{Lexicon, Stance};
use super::segment::{self, Kind, Quote, Tok};
use super::Reason;

/// A quotation of fewer words is a phrase in someone else's sentence (scare quotes).
const QUOTE_WORDS: usize = 4;
/// A claim has at least this many words.
const MIN_WORDS: usize = 3;

/// A claim found in a block: a byte range of the block.
#[derive(Clone, Debug)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub stance: Stance,
    pub confidence: f32,
    pub claimant: Option<String>,
    pub reasons: Vec<Reason>,
    /// Whether the reporting verb's subject names someone ("Lord Frost said"), not a pronoun
    /// or "nobody".
    pub by_name: bool,
}

/// One block being read, and what carries over from earlier blocks.
pub struct Reader<'a> {
    lex: &'a Lexicon,
    text: &'a str,
    toks: Vec<Tok<'a>>,
    quotes: Vec<Quote>,
    pub found: Vec<Found>,
    /// The last person named as a claimant ("she" refers to them).
    pub last_person: Option<String>,
    /// The speaker of the last quotation (a quotation going on in the next paragraph).
    pub last_speaker: Option<String>,
    /// Whether the claims emitted next have a subject that names someone.
    by_name: bool,
}

/// Clause boundaries of a sentence: (the token that ends a clause, the token that starts the next).
type Bounds = Vec<(usize, usize)>;

impl<'a> Reader<'a> {
    pub fn new(
        lex: &'a Lexicon,
        text: &'a str,
        last_person: Option<String>,
        last_speaker: Option<String>,
    ) -> Reader<'a> {
        let toks = segment::tokenize(text);
        let quotes = segment::quotes(text, &toks);
        Reader {
            lex,
            text,
            toks,
            quotes,
            found: Vec::new(),
            last_person,
            last_speaker,
            by_name: false,
        }
    }

    /// Reads every sentence of the block.
    pub fn read(&mut self) {
        let sentences = segment::sentences(self.text, &self.toks, &self.quotes, self.lex);
        for s in sentences {
            self.sentence(s);
        }
    }

    /// The claimant named by the tokens `r` (a pronoun standing for the last person named).
    fn name(&self, r: (usize, usize)) -> Option<String> {
        claimant::name(
            self.lex,
            self.text,
            &self.toks,
            r,
            self.last_person.as_deref(),
        )
    }

    fn s(&self, i: usize) -> &'a str {
        &self.text[self.toks[i].start..self.toks[i].end]
    }

    fn is_word(&self, i: usize) -> bool {
        matches!(self.toks[i].kind, Kind::Word | Kind::Number)
    }

    fn words(&self, r: Range<usize>) -> usize {
        r.filter(|&i| self.is_word(i)).count()
    }

    fn lower(&self, i: usize) -> &str {
        &self.toks[i].lower
    }

    /// The quotation whose marks enclose token `i` (marks included).
    fn quote_at(&self, i: usize) -> Option<&Quote> {
        self.quotes
            .iter()
            .find(|q| q.open <= i && q.close.is_none_or(|c| i <= c))
    }

    fn in_long_quote(&self, i: usize) -> bool {
        self.quote_at(i).is_some_and(|q| q.words >= QUOTE_WORDS)
    }

    fn sentence(&mut self, s: Range<usize>) {
        let start = self.skip_dateline(s.clone());
        let s = start..s.end;
        let mut used: Vec<Range<usize>> = Vec::new();
        let before = self.found.len();
        // Direct quotations that stand as someone's words.
        let quotes: Vec<Quote> = self
            .quotes
            .iter()
            .filter(|q| s.contains(&q.open) && q.words >= QUOTE_WORDS)
            .copied()
            .collect();
        for q in quotes {
            if let Some(span) = self.quotation(&s, q) {
                used.push(span);
            }
        }
        let bounds = self.bounds(&s);
        self.clauses(&s, &bounds, &mut used, None);
        if self.found.len() == before {
            self.figures(&s, &bounds);
        }
    }

    /// Skips a dateline ("GENEVA --", "LONDON —") at the start of a sentence.
    fn skip_dateline(&self, s: Range<usize>) -> usize {
        let mut i = s.start;
        let mut caps = 0;
        while i < s.end {
            let t = &self.toks[i];
            match t.kind {
                Kind::Space => {}
                Kind::Word
                    if self.s(i).chars().all(|c| !c.is_lowercase())
                        && self.s(i).chars().count() > 1 =>
                {
                    caps += 1
                }
                Kind::Punct if caps > 0 && matches!(self.s(i), "-" | "–" | "—") => {
                    let mut j = i;
                    while j < s.end && matches!(self.s(j), "-" | "–" | "—" | " ") {
                        j += 1;
                    }
                    return j;
                }
                Kind::Punct if caps > 0 && self.s(i) == "," => {}
                _ => return s.start,
            }
            if caps > 3 {
                return s.start;
            }
            i += 1;
        }
        s.start
    }

    /// A quotation standing as someone's words: at the start of the sentence, or after a
    /// colon or comma, or with an attribution after it ("…,” Putin said). Emits its claims and
    /// returns the tokens it and its attribution take.
    fn quotation(&mut self, s: &Range<usize>, q: Quote) -> Option<Range<usize>> {
        let pre_end = cues::prev_word(&self.toks, q.open, s.start);
        let pre_ok = match pre_end {
            None => true,
            Some(p) => matches!(self.s(p), ":" | ","),
        };
        let close = q.close.unwrap_or(s.end);
        let inner = q.open + 1..close.min(s.end);
        // The attribution: before (X said: “…”) or after (“…,” said X / X said).
        let mut speaker: Option<String> = None;
        let mut verb: Option<Cue> = None;
        let mut taken_end = close.min(s.end.saturating_sub(1)) + 1;
        if let Some(p) = pre_end {
            if let Some((c, name)) = self.attribution_before(s.start, p) {
                speaker = name;
                verb = Some(c);
            }
        }
        if verb.is_none() && q.close.is_some() {
            if let Some((c, name, end)) = self.attribution_after(close + 1, s.end) {
                speaker = name;
                verb = Some(c);
                taken_end = end;
            }
        }
        if !pre_ok && verb.is_none() {
            return None;
        }
        let continued = q.close.is_none() && q.open == 0 && verb.is_none();
        if pre_end.is_some() && verb.is_none() && !continued {
            return None;
        }
        let speaker = speaker.or_else(|| continued.then(|| self.last_speaker.clone()).flatten());
        if speaker.is_some() {
            self.last_speaker = speaker.clone();
        }
        // Reported speech inside the quotation ("Lord Frost said that …") is the claim.
        let before = self.found.len();
        let bounds = self.bounds(&inner);
        let mut used = Vec::new();
        self.clauses(&inner, &bounds, &mut used, speaker.clone());
        // Only someone named reporting ("Lord Frost said that …"); "nobody believes" or "I
        // think" inside a quotation is the speaker's own claim.
        let reported = self.found[before..]
            .iter()
            .any(|f| f.by_name && f.reasons.iter().any(|r| matches!(r, Reason::Reporting(_))));
        if !reported {
            self.found.truncate(before);
            let mut reasons = vec![Reason::Quotation];
            if let Some(c) = &verb {
                reasons.push(self.verb_reason(c));
            }
            let (stance, why) = self
                .content_stance(inner.clone(), true)
                .unwrap_or((verb.as_ref().map_or(Stance::Report, Cue::stance), None));
            reasons.extend(why);
            let confidence = if verb.is_some() || speaker.is_some() {
                0.8
            } else {
                0.55
            };
            self.emit(inner.clone(), stance, confidence, speaker, reasons);
        }
        Some(s.start.min(q.open)..taken_end.max(close))
    }

    /// "X said:" or "X said," right before a quotation.
    fn attribution_before(&self, from: usize, p: usize) -> Option<(Cue<'a>, Option<String>)> {
        if !matches!(self.s(p), ":" | ",") {
            return None;
        }
        let v = cues::prev_word(&self.toks, p, from)?;
        let cue = cues::cue_at(self.lex, &self.toks, v, from, p + 1)?;
        if cue.verb.stance != Stance::Report {
            return None;
        }
        let name = claimant::subject(
            self.lex,
            self.text,
            &self.toks,
            from,
            cue.negation.unwrap_or(v).min(v),
        )
        .and_then(|r| self.name(r));
        Some((cue, name))
    }

    /// ", said X." / ", X said in January." after a quotation: the verb, the speaker, and the
    /// token after the attribution.
    fn attribution_after(
        &self,
        from: usize,
        end: usize,
    ) -> Option<(Cue<'a>, Option<String>, usize)> {
        let mut i = from;
        while i < end
            && matches!(self.toks[i].kind, Kind::Space | Kind::Punct)
            && !matches!(self.s(i), "“" | "\"")
        {
            i += 1;
        }
        // The verb within the next few words.
        let mut words = 0;
        let mut j = i;
        while j < end && words < 8 {
            if self.toks[j].kind == Kind::Punct
                && matches!(self.s(j), "." | ";" | "“" | "\"" | "!" | "?")
            {
                break;
            }
            if self.is_word(j) {
                words += 1;
                if let Some(cue) = cues::cue_at(self.lex, &self.toks, j, i, end) {
                    if cue.verb.stance != Stance::Report {
                        return None;
                    }
                    let subject = if j > i {
                        claimant::subject(self.lex, self.text, &self.toks, i, j)
                    } else {
                        // "said Colon": the name after the verb.
                        let a = cues::next_word(&self.toks, cue.end - 1, end)?;
                        let mut b = a;
                        while b < end
                            && (self.toks[b].cap
                                || self.toks[b].kind == Kind::Space
                                || matches!(self.s(b), "." if false))
                        {
                            b += 1;
                        }
                        while b > a && self.toks[b - 1].kind == Kind::Space {
                            b -= 1;
                        }
                        (b > a).then_some((a, b))
                    };
                    let name = subject.and_then(|r| self.name(r));
                    let mut stop = cue.end;
                    while stop < end && !matches!(self.s(stop), "." | ";" | "!" | "?") {
                        stop += 1;
                    }
                    return Some((cue, name, stop));
                }
            }
            j += 1;
        }
        None
    }

    /// The clause boundaries of a token range.
    fn bounds(&self, s: &Range<usize>) -> Bounds {
        let mut out = Vec::new();
        let first = (s.start..s.end).find(|&i| self.toks[i].kind == Kind::Word);
        let adverbial = first.is_some_and(|f| self.lex.prepositions.contains(self.lower(f)));
        let mut seen_comma = false;
        let dashes = (s.start..s.end)
            .filter(|&i| self.is_dash(i, s) && !self.in_long_quote(i))
            .count();
        let mut i = s.start;
        while i < s.end {
            if self
                .quote_at(i)
                .is_some_and(|q| q.words >= QUOTE_WORDS && q.open != i)
                && self.quote_at(i).is_some_and(|q| q.open >= s.start)
            {
                i += 1;
                continue;
            }
            let t = &self.toks[i];
            let next = cues::next_word(&self.toks, i, s.end);
            match (t.kind, self.s(i)) {
                (Kind::Punct, ";" | ":") => out.push((i, i + 1)),
                // Sentences inside a quotation of several.
                (Kind::Punct, "." | "!" | "?")
                    if self.toks.get(i + 1).is_some_and(|n| n.kind == Kind::Space)
                        && !segment::ends_in_abbreviation(
                            self.text,
                            &self.toks,
                            s.start..i + 1,
                            self.lex,
                        ) =>
                {
                    out.push((i, i + 1))
                }
                (Kind::Punct, _) if dashes == 1 && self.is_dash(i, s) => {
                    let mut j = i;
                    while j < s.end && matches!(self.s(j), "-" | "–" | "—") {
                        j += 1;
                    }
                    out.push((i, j));
                    i = j;
                    continue;
                }
                (Kind::Punct, ",") => {
                    let first_comma = !seen_comma;
                    seen_comma = true;
                    if let Some(n) = next {
                        let w = self.lower(n);
                        let opener =
                            self.lex.clause_openers.contains(w) || self.lex.concessive.contains(w);
                        let ing =
                            self.toks[n].kind == Kind::Word && w.ends_with("ing") && w.len() > 5;
                        let verb = cues::cue_at(self.lex, &self.toks, n, s.start, s.end).is_some();
                        let words_before = self.words(s.start..i);
                        if opener || ing || verb || (first_comma && adverbial && words_before <= 15)
                        {
                            out.push((i, if opener || ing || verb { n } else { i + 1 }));
                        }
                    }
                }
                (Kind::Word, "and" | "but") => {
                    if let Some(n) = next {
                        if cues::cue_at(self.lex, &self.toks, n, s.start, s.end).is_some() {
                            out.push((i, i));
                        }
                    }
                }
                _ => {}
            }
            i += 1;
        }
        out
    }

    fn is_dash(&self, i: usize, s: &Range<usize>) -> bool {
        let spaced = |j: Option<usize>| j.is_none_or(|j| self.toks[j].kind == Kind::Space);
        match self.s(i) {
            "–" | "—" => spaced(i.checked_sub(1)) && spaced(Some(i + 1).filter(|&j| j < s.end)),
            "-" => {
                i + 1 < s.end
                    && self.s(i + 1) == "-"
                    && spaced(i.checked_sub(1))
                    && spaced(Some(i + 2).filter(|&j| j < s.end))
            }
            _ => false,
        }
    }

    fn clause_start(&self, bounds: &Bounds, i: usize, s: &Range<usize>) -> usize {
        bounds
            .iter()
            .rev()
            .find(|&&(_, next)| next <= i)
            .map_or(s.start, |&(_, next)| next)
    }

    fn clause_end(&self, bounds: &Bounds, i: usize, s: &Range<usize>) -> usize {
        bounds
            .iter()
            .find(|&&(end, _)| end > i)
            .map_or(s.end, |&(end, _)| end)
    }

    /// Reported speech, narrated acts, concessive stance and attribution in a range.
    fn clauses(
        &mut self,
        s: &Range<usize>,
        bounds: &Bounds,
        used: &mut Vec<Range<usize>>,
        speaker: Option<String>,
    ) {
        let mut i = s.start;
        while i < s.end {
            if used.iter().any(|u| u.contains(&i))
                || (self.in_long_quote(i) && self.quote_at(i).is_none_or(|q| q.open >= s.start))
            {
                i += 1;
                continue;
            }
            if self.toks[i].kind != Kind::Word {
                i += 1;
                continue;
            }
            if let Some(span) = self.according_to(s, bounds, i) {
                used.push(span);
                i += 1;
                continue;
            }
            if let Some(span) = self.concessive(s, bounds, i) {
                used.push(span);
                i += 1;
                continue;
            }
            let Some(cue) = cues::cue_at(self.lex, &self.toks, i, s.start, s.end) else {
                i += 1;
                continue;
            };
            if let Some(span) = self.verb_claims(s, bounds, &cue, speaker.as_deref()) {
                used.push(span);
            }
            i = cue.end.max(i + 1);
        }
    }

    /// The claims a verb cue introduces; the tokens they take.
    fn verb_claims(
        &mut self,
        s: &Range<usize>,
        bounds: &Bounds,
        cue: &Cue,
        speaker: Option<&str>,
    ) -> Option<Range<usize>> {
        let mut start = self.clause_start(bounds, cue.tok, s);
        // ", said X" made a boundary before the verb itself: the subject is before that comma.
        if start == cue.tok {
            if let Some(&(e, _)) = bounds.iter().find(|&&(_, n)| n == cue.tok) {
                start = self.clause_start(bounds, e, s);
            }
        }
        let subject = claimant::subject(
            self.lex,
            self.text,
            &self.toks,
            start,
            cue.negation.unwrap_or(cue.tok).min(cue.tok),
        );
        let named = subject
            .and_then(|r| self.name(r))
            .or_else(|| {
                // "we" and "us" inside a quotation are the speaker's side.
                speaker.filter(|_| subject.is_none()).map(str::to_string)
            })
            .or_else(|| {
                // "Campaigners welcomed the fine but said …": a coordinated verb shares the
                // subject of the claim before it in the sentence.
                let joined = subject.is_none()
                    && cues::prev_word(&self.toks, cue.tok, s.start)
                        .is_some_and(|p| matches!(self.lower(p), "and" | "but"));
                let before = self.toks[cue.tok].start;
                let sentence = self.toks[s.start].start;
                self.found
                    .last()
                    .filter(|f| joined && f.start >= sentence && f.end <= before)
                    .and_then(|f| f.claimant.clone())
            });
        self.by_name = subject.is_some_and(|(a, _)| {
            let w = &*self.toks[a].lower;
            self.toks[a].cap
                && !self.lex.person_pronouns.contains(w)
                && !self.lex.other_pronouns.contains(w)
                && !matches!(
                    w,
                    "nobody" | "everyone" | "everybody" | "somebody" | "someone" | "none" | "no"
                )
        });
        if let Some(n) = &named {
            if claimant::is_person(n) {
                self.last_person = Some(n.clone());
            }
        }
        let passive = cues::prev_word(&self.toks, cue.tok, start).is_some_and(|p| {
            matches!(
                self.lower(p),
                "was" | "were" | "been" | "being" | "is" | "are" | "be"
            )
        });
        // An inverted attribution ending the sentence: "…, officials said." / "…, said Colon."
        if cue.verb.stance == Stance::Report && !passive {
            if let Some(span) = self.inverted(s, bounds, cue) {
                return Some(span);
            }
        }
        let complement = if passive {
            None
        } else {
            self.complement(s, cue)
        };
        match complement {
            Some((from, that)) => {
                let end = self.clause_end(bounds, from, s);
                if self.words(from..end) < MIN_WORDS {
                    return None;
                }
                let mut reasons = vec![Reason::Reporting(self.cue_text(cue))];
                let (stance, why) = self
                    .content_stance(from..end, true)
                    .unwrap_or((cue.stance(), None));
                if cue.negation.is_some() && cue.verb.stance != Stance::Report {
                    reasons.push(Reason::Negated(self.cue_text(cue)));
                }
                reasons.extend(why);
                let mut confidence =
                    0.7 + if that { 0.1 } else { 0.0 } + if named.is_some() { 0.05 } else { 0.0 };
                if cue.verb.ing && !that {
                    confidence -= 0.2;
                }
                let claimant = named.clone().or_else(|| speaker.map(str::to_string));
                self.emit(
                    from..end,
                    stance,
                    confidence,
                    claimant.clone(),
                    reasons.clone(),
                );
                let mut last = end;
                // "said X, but Y": Y is said too, unless a verb of its own reports it.
                while let Some(&(e, next)) = bounds.iter().find(|&&(e, _)| e == last) {
                    let _ = e;
                    if !matches!(
                        self.lower(next),
                        "but" | "while" | "whereas" | "although" | "though"
                    ) {
                        break;
                    }
                    let after = cues::next_word(&self.toks, next, s.end).unwrap_or(s.end);
                    if cues::cue_at(self.lex, &self.toks, after, s.start, s.end).is_some() {
                        break;
                    }
                    let end2 = self.clause_end(bounds, next, s);
                    let (stance2, why2) = self
                        .content_stance(next..end2, true)
                        .unwrap_or((Stance::Report, None));
                    let mut r2 = vec![Reason::Reporting(self.cue_text(cue))];
                    r2.extend(why2);
                    self.emit(next..end2, stance2, confidence - 0.1, claimant.clone(), r2);
                    last = end2;
                }
                Some(start..last)
            }
            None if cue.verb.stance != Stance::Report && !cue.verb.ing => {
                // A narrated act: the whole clause, subject included.
                let end = self.clause_end(bounds, cue.tok, s);
                let mut reasons = vec![self.verb_reason(cue)];
                if cue.negation.is_some() {
                    reasons.push(Reason::Negated(self.cue_text(cue)));
                }
                let confidence = if named.is_some() { 0.72 } else { 0.6 };
                self.emit(
                    start..end,
                    cue.stance(),
                    confidence,
                    named.or_else(|| speaker.map(str::to_string)),
                    reasons,
                );
                Some(start..end)
            }
            None if cue.verb.stance == Stance::Report
                && !cue.verb.ing
                && !passive
                && self.has_object(s, cue) =>
            {
                // A reporting verb with only a noun object ("announced an agreement"): the whole
                // clause is the claim, a statement.
                let end = self.clause_end(bounds, cue.tok, s);
                let reasons = vec![self.verb_reason(cue)];
                let (stance, why) = self
                    .content_stance(cue.end..end, false)
                    .unwrap_or((Stance::Report, None));
                let mut reasons = reasons;
                reasons.extend(why);
                let claimant = named.or_else(|| speaker.map(str::to_string));
                self.emit(start..end, stance, 0.5, claimant, reasons)
                    .then_some(start..end)
            }
            None => None,
        }
    }

    /// Whether a verb is followed by a noun object rather than a preposition or nothing.
    fn has_object(&self, s: &Range<usize>, cue: &Cue) -> bool {
        cues::next_word(&self.toks, cue.end - 1, s.end).is_some_and(|n| {
            matches!(self.toks[n].kind, Kind::Word | Kind::Number)
                && !matches!(
                    self.lower(n),
                    "to" | "by"
                        | "for"
                        | "with"
                        | "about"
                        | "of"
                        | "that"
                        | "from"
                        | "as"
                        | "and"
                        | "or"
                        | "but"
                        | "so"
                        | "if"
                )
                && !self.lex.object_pronouns.contains(self.lower(n))
        })
    }

    /// Where the reported clause after a verb starts, and whether "that" introduced it.
    fn complement(&self, s: &Range<usize>, cue: &Cue) -> Option<(usize, bool)> {
        let n = cues::next_word(&self.toks, cue.end - 1, s.end)?;
        if self.s(n) == ":" {
            return Some((n + 1, false));
        }
        if self.lower(n) == "that" {
            let mut from = n + 1;
            // "said that, as the PM had made clear, …": skip the parenthesis.
            if let Some(c) = cues::next_word(&self.toks, n, s.end).filter(|&c| self.s(c) == ",") {
                let close = (c + 1..s.end).find(|&j| self.s(j) == ",");
                from = close.map_or(c + 1, |j| j + 1);
            }
            return Some((from, true));
        }
        if !cue.verb.clausal {
            return None;
        }
        // "told an audience in London that …"
        let mut j = n;
        let mut words = 0;
        while j < s.end && words < 7 {
            if self.toks[j].kind == Kind::Punct && !matches!(self.s(j), "’" | "'" | "-") {
                break;
            }
            if self.is_word(j) {
                words += 1;
                if self.lower(j) == "that" {
                    return Some((j + 1, true));
                }
                if cues::cue_at(self.lex, &self.toks, j, s.start, s.end).is_some() {
                    break;
                }
            }
            j += 1;
        }
        if cue.verb.ing {
            return None;
        }
        let w = self.lower(n);
        let starts_clause = self.toks[n].kind == Kind::Number
            || self.lex.determiners.contains(w)
            || self.lex.person_pronouns.contains(w)
            || self.lex.other_pronouns.contains(w)
            || self.toks[n].cap
            || self.toks[n].kind == Kind::Word
                && !self.lex.prepositions.contains(w)
                && !self.lex.object_pronouns.contains(w)
                && w != "so";
        if !starts_clause || matches!(w, "to" | "by" | "about" | "on" | "of" | "with" | "for") {
            return None;
        }
        // A clause has a verb of its own; "announced a plan" has only an object.
        let end = (n..s.end)
            .find(|&j| {
                self.toks[j].kind == Kind::Punct && matches!(self.s(j), "," | ";" | "." | ":")
            })
            .unwrap_or(s.end);
        let finite = (n..end).any(|j| {
            self.toks[j].kind == Kind::Word
                && (self.lex.auxiliaries.contains(self.lower(j))
                    || (self.lower(j).ends_with("ed") && j > n)
                    || cues::is_negation(self.lower(j)))
        });
        if finite || cue.verb_lemma_is_say() {
            Some((n, false))
        } else {
            None
        }
    }

    /// "…, officials said." at the end of a sentence: the clause before the comma is the claim.
    fn inverted(&mut self, s: &Range<usize>, bounds: &Bounds, cue: &Cue) -> Option<Range<usize>> {
        let last = (s.start..s.end).rev().find(|&j| {
            self.toks[j].kind != Kind::Space && !matches!(self.s(j), "." | "!" | "?" | "”" | "\"")
        })?;
        let tail = self.words(cue.end..last + 1);
        if tail > 5 || (cue.end..last + 1).any(|j| self.lower(j) == "that" || self.s(j) == ",") {
            return None;
        }
        let comma = (s.start..cue.tok)
            .rev()
            .find(|&j| matches!(self.s(j), "," | "”" | "\""))?;
        let head = self.words(comma..cue.tok);
        if head > 6 || comma == s.start {
            return None;
        }
        let name = if head == 0 {
            let a = cues::next_word(&self.toks, cue.end - 1, s.end)?;
            let mut b = a;
            while b <= last
                && (self.toks[b].cap || self.toks[b].kind == Kind::Space || self.s(b) == ".")
            {
                b += 1;
            }
            while b > a && matches!(self.toks[b - 1].kind, Kind::Space | Kind::Punct) {
                b -= 1;
            }
            (b > a).then(|| self.name((a, b))).flatten()
        } else {
            claimant::subject(self.lex, self.text, &self.toks, comma + 1, cue.tok)
                .and_then(|r| self.name(r))
        };
        let start = self.clause_start(bounds, comma, s);
        if self.words(start..comma) < MIN_WORDS {
            return None;
        }
        let mut reasons = vec![Reason::Reporting(self.cue_text(cue))];
        let (stance, why) = self
            .content_stance(start..comma, true)
            .unwrap_or((Stance::Report, None));
        reasons.extend(why);
        let confidence = if name.is_some() { 0.78 } else { 0.68 };
        self.emit(start..comma, stance, confidence, name, reasons);
        Some(start..s.end)
    }

    /// "according to X, CLAUSE" and "CLAUSE, according to X".
    fn according_to(
        &mut self,
        s: &Range<usize>,
        bounds: &Bounds,
        i: usize,
    ) -> Option<Range<usize>> {
        let phrase = self
            .lex
            .attribution
            .iter()
            .find(|p| self.matches_phrase(i, s.end, p))?;
        let after = self.skip_phrase(i, s.end, phrase.len());
        let comma = (after..s.end).find(|&j| self.s(j) == ",");
        let reason = Reason::Attribution(phrase.join(" "));
        let (claim, who) = match comma {
            Some(c) if self.words(s.start..i) == 0 => {
                (c + 1..self.clause_end(bounds, c + 1, s), (after, c))
            }
            _ => {
                let start = self.clause_start(bounds, i, s);
                let end = (start..i).rev().find(|&j| self.s(j) == ",").unwrap_or(i);
                (start..end, (after, comma.unwrap_or(s.end)))
            }
        };
        let mut b = who.1;
        let who = (
            cues::next_word(&self.toks, who.0.saturating_sub(1), b).unwrap_or(who.0),
            b,
        );
        while b > who.0 && matches!(self.toks[b - 1].kind, Kind::Space | Kind::Punct) {
            b -= 1;
        }
        let name = (b > who.0).then(|| self.name((who.0, b))).flatten();
        let (stance, why) = self
            .content_stance(claim.clone(), true)
            .unwrap_or((Stance::Report, None));
        let mut reasons = vec![reason];
        reasons.extend(why);
        if self.emit(claim.clone(), stance, 0.72, name, reasons) {
            Some(claim.start.min(i)..claim.end.max(b))
        } else {
            None
        }
    }

    /// "despite opposition from …", "amid criticism of …": a concessive stance noun.
    fn concessive(&mut self, s: &Range<usize>, bounds: &Bounds, i: usize) -> Option<Range<usize>> {
        if !self.lex.concessive.contains(self.lower(i)) {
            return None;
        }
        let mut j = i;
        let mut noun = None;
        for _ in 0..3 {
            j = cues::next_word(&self.toks, j, s.end)?;
            if let Some(stance) = self.lex.noun(self.lower(j)) {
                noun = Some((j, stance));
                break;
            }
        }
        let (n, stance) = noun?;
        let end = self.clause_end(bounds, i + 1, s);
        let from = (n..end)
            .find(|&k| matches!(self.lower(k), "from" | "by"))
            .and_then(|k| cues::next_word(&self.toks, k, end));
        let name = from.and_then(|a| {
            let mut b = end;
            while b > a && matches!(self.toks[b - 1].kind, Kind::Space | Kind::Punct) {
                b -= 1;
            }
            (self.words(a..b) <= 8)
                .then(|| self.text[self.toks[a].start..self.toks[b - 1].end].to_string())
        });
        let reasons = vec![Reason::StanceNoun(self.s(n).to_string())];
        self.emit(i..end, stance, 0.6, name, reasons)
            .then_some(i..end)
    }

    /// Claims in the report's own voice: a clause that holds a figure or a date.
    fn figures(&mut self, s: &Range<usize>, bounds: &Bounds) {
        let mut start = s.start;
        let mut edges: Vec<(usize, usize)> = bounds.clone();
        edges.push((s.end, s.end));
        for (end, next) in edges {
            let cue = (start..end).find(|&j| cues::quantity_at(self.lex, self.text, &self.toks, j));
            if let Some(c) = cue {
                if self.words(start..end) >= 5 {
                    let what = self.quantity_text(c);
                    self.emit(
                        start..end,
                        Stance::Report,
                        0.45,
                        None,
                        vec![Reason::Figure(what)],
                    );
                }
            }
            start = next;
        }
    }

    fn quantity_text(&self, i: usize) -> String {
        let mut j = i + 1;
        while j < self.toks.len()
            && matches!(self.s(j), "%" | "." | ",")
            && j + 1 < self.toks.len()
            && self.toks[j + 1].kind == Kind::Number
        {
            j += 2;
        }
        if j < self.toks.len() && self.s(j) == "%" {
            j += 1;
        }
        self.text[self.toks[i].start..self.toks[j - 1].end].to_string()
    }

    /// The stance the words of a claim carry: an agreement or dispute verb (negation flips
    /// it), or, in someone's words, a negation ("no basis", "not acceptable").
    fn content_stance(
        &self,
        r: Range<usize>,
        attributed: bool,
    ) -> Option<(Stance, Option<Reason>)> {
        for j in r.clone() {
            if let Some(c) = cues::cue_at(self.lex, &self.toks, j, r.start, r.end) {
                if c.verb.stance != Stance::Report {
                    let reason = if c.negation.is_some() {
                        Reason::Negated(self.cue_text(&c))
                    } else {
                        self.verb_reason(&c)
                    };
                    return Some((c.stance(), Some(reason)));
                }
            }
        }
        if attributed {
            // "no basis", "no evidence": someone denying that a thing exists.
            let neg = r.clone().find(|&j| {
                self.lower(j) == "no"
                    && cues::next_word(&self.toks, j, r.end).is_some_and(|n| {
                        self.toks[n].kind == Kind::Word
                            && !matches!(
                                self.lower(n),
                                "longer" | "more" | "less" | "one" | "doubt"
                            )
                            || self.s(n).chars().next().is_some_and(segment::is_quote_mark)
                    })
            });
            if let Some(n) = neg {
                return Some((
                    Stance::Dispute,
                    Some(Reason::Negation(self.s(n).to_string())),
                ));
            }
        }
        None
    }

    fn matches_phrase(&self, i: usize, end: usize, phrase: &[String]) -> bool {
        let mut j = i;
        for (k, w) in phrase.iter().enumerate() {
            if k > 0 {
                match cues::next_word(&self.toks, j, end) {
                    Some(n) => j = n,
                    None => return false,
                }
            }
            if self.lower(j) != w {
                return false;
            }
        }
        true
    }

    fn skip_phrase(&self, i: usize, end: usize, words: usize) -> usize {
        let mut j = i;
        for _ in 1..words {
            j = cues::next_word(&self.toks, j, end).unwrap_or(end);
        }
        (j + 1).min(end)
    }

    fn cue_text(&self, c: &Cue) -> String {
        let from = c.negation.unwrap_or(c.tok);
        self.text[self.toks[from].start..self.toks[c.end - 1].end].to_string()
    }

    fn verb_reason(&self, c: &Cue) -> Reason {
        let word = self.text[self.toks[c.tok].start..self.toks[c.end - 1].end].to_string();
        match c.verb.stance {
            Stance::Report => Reason::Reporting(word),
            Stance::Agree => Reason::Agreeing(word),
            Stance::Dispute => Reason::Disputing(word),
        }
    }

    /// Trims a range and records it as a claim when it holds enough words.
    fn emit(
        &mut self,
        r: Range<usize>,
        stance: Stance,
        confidence: f32,
        claimant: Option<String>,
        reasons: Vec<Reason>,
    ) -> bool {
        let Some((a, b)) = self.trim(r) else {
            return false;
        };
        let (start, end) = (self.toks[a].start, self.toks[b - 1].end);
        if self.found.iter().any(|f| f.start < end && start < f.end) {
            return false;
        }
        self.found.push(Found {
            start,
            end,
            stance,
            confidence: confidence.clamp(0.0, 1.0),
            claimant,
            reasons,
            by_name: std::mem::take(&mut self.by_name),
        });
        true
    }

    /// Drops connectives and marks at the start, final punctuation at the end; keeps a closing
    /// quotation mark whose opening mark is inside.
    fn trim(&self, r: Range<usize>) -> Option<(usize, usize)> {
        let (mut a, mut b) = (r.start, r.end.min(self.toks.len()));
        loop {
            while a < b
                && (self.toks[a].kind == Kind::Space
                    || (self.toks[a].kind == Kind::Punct && !self.opens_inside(a, b)))
            {
                a += 1;
            }
            if a < b
                && self.toks[a].kind == Kind::Word
                && (self.lex.connectives.contains(self.lower(a))
                    || self.lower(a) == "that"
                    || (self.lex.clause_openers.contains(self.lower(a))
                        && self.lower(a) != "which"))
            {
                let n = cues::next_word(&self.toks, a, b);
                // "But it has …" loses "But"; "And" too; a lone connective stays a word.
                if n.is_some() && a + 1 < b {
                    a += 1;
                    continue;
                }
            }
            break;
        }
        while b > a {
            let t = &self.toks[b - 1];
            let closing = t.kind == Kind::Punct
                && segment::is_quote_mark(self.s(b - 1).chars().next().unwrap_or(' '));
            if closing
                && (a..b - 1).any(|j| {
                    self.quote_at(j)
                        .is_some_and(|q| q.open == j && q.close == Some(b - 1))
                })
            {
                break;
            }
            if t.kind == Kind::Space
                || (t.kind == Kind::Punct && !matches!(self.s(b - 1), ")" | "]" | "%"))
            {
                b -= 1;
                continue;
            }
            break;
        }
        (self.words(a..b) >= MIN_WORDS).then_some((a, b))
    }

    /// Whether the quotation mark at `a` opens a quotation that closes before `b`.
    fn opens_inside(&self, a: usize, b: usize) -> bool {
        self.quotes
            .iter()
            .any(|q| q.open == a && q.close.is_some_and(|c| c < b))
    }
}

impl Cue<'_> {
    /// Verbs that take a bare clause without "that" ("said the talks failed").
    fn verb_lemma_is_say(&self) -> bool {
        matches!(
            self.verb.lemma.as_str(),
            "say"
                | "tell"
                | "think"
                | "believe"
                | "claim"
                | "argue"
                | "insist"
                | "suggest"
                | "add"
                | "warn"
                | "predict"
                | "expect"
                | "find"
                | "write"
                | "note"
                | "admit"
                | "acknowledge"
        ) && !self.verb.ing
    }
}
