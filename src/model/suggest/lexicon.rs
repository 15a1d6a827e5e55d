//! The cue words of one language, read once from data (`en.json`).
//!
//! Verbs are listed by lemma in three classes (neutral reporting, agreement, dispute). Their
//! inflections are derived by the regular English rules unless the entry lists its forms itself
//! (`say|says|said|saying`). Everything is lower case; lookups lower-case the word first.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use serde::Deserialize;

/// A small, fast hash for short words (FxHash); the lexicon is fixed data, not user keys.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<Fx>>;

/// The stance a cue word carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stance {
    /// Neutral reporting: said, announced, noted.
    Report,
    /// Agreeing, approving, pledging together.
    Agree,
    /// Denying, rejecting, accusing.
    Dispute,
}

#[derive(Deserialize)]
struct Raw {
    verbs: RawVerbs,
    stance_nouns: RawNouns,
    concessive: Vec<String>,
    attribution: Vec<String>,
    auxiliaries: Vec<String>,
    adverbs: Vec<String>,
    connectives: Vec<String>,
    clause_openers: Vec<String>,
    determiners: Vec<String>,
    pronouns: RawPronouns,
    object_pronouns: Vec<String>,
    titles: Vec<String>,
    abbreviations: Vec<String>,
    quantities: Vec<String>,
    months: Vec<String>,
    comparatives: Vec<String>,
    function_words: Vec<String>,
    takes_clause: Vec<String>,
    prepositions: Vec<String>,
}

#[derive(Deserialize)]
struct RawVerbs {
    report: Vec<String>,
    agree: Vec<String>,
    dispute: Vec<String>,
}

#[derive(Deserialize)]
struct RawNouns {
    agree: Vec<String>,
    dispute: Vec<String>,
}

#[derive(Deserialize)]
struct RawPronouns {
    person: Vec<String>,
    other: Vec<String>,
}

/// A verb form found in the lexicon.
#[derive(Clone, Debug)]
pub struct Verb {
    pub stance: Stance,
    /// Whether the form is a participle or gerund ending in -ing.
    pub ing: bool,
    /// Whether the verb commonly takes a reported clause ("said the talks failed").
    pub clausal: bool,
    /// The entry's lemma ("say" for "said").
    pub lemma: String,
}

/// The cue words of a language.
pub struct Lexicon {
    verbs: FastMap<String, Verb>,
    /// Phrasal verbs by their first word: the particle and the verb.
    phrasal: FastMap<String, Vec<(String, Verb)>>,
    nouns: FastMap<String, Stance>,
    pub concessive: FastSet<String>,
    pub attribution: Vec<Vec<String>>,
    pub auxiliaries: FastSet<String>,
    pub adverbs: FastSet<String>,
    pub connectives: FastSet<String>,
    pub clause_openers: FastSet<String>,
    pub determiners: FastSet<String>,
    pub person_pronouns: FastSet<String>,
    pub other_pronouns: FastSet<String>,
    pub object_pronouns: FastSet<String>,
    pub titles: FastSet<String>,
    pub abbreviations: FastSet<String>,
    pub quantities: FastSet<String>,
    pub months: FastSet<String>,
    pub comparatives: Vec<Vec<String>>,
    pub function_words: FastSet<String>,
    pub prepositions: FastSet<String>,
}

impl Lexicon {
    /// The English lexicon, parsed on first use.
    pub fn english() -> &'static Lexicon {
        static EN: OnceLock<Lexicon> = OnceLock::new();
        EN.get_or_init(|| {
            let raw: Raw = serde_json::from_str(include_str!("en.json"))
                .expect("invariant: the bundled en.json is valid (tests/suggest.rs parses it)");
            Lexicon::from_raw(raw)
        })
    }

    fn from_raw(raw: Raw) -> Lexicon {
        let clausal: HashSet<&str> = raw.takes_clause.iter().map(String::as_str).collect();
        let mut verbs = FastMap::default();
        let mut phrasal: FastMap<String, Vec<(String, Verb)>> = FastMap::default();
        for (stance, list) in [
            (Stance::Report, &raw.verbs.report),
            (Stance::Agree, &raw.verbs.agree),
            (Stance::Dispute, &raw.verbs.dispute),
        ] {
            for entry in list {
                let lemma = entry.split('|').next().unwrap_or(entry);
                for form in forms(entry) {
                    let verb = Verb {
                        stance,
                        ing: form.split(' ').next().is_some_and(|w| w.ends_with("ing")),
                        clausal: clausal.contains(lemma),
                        lemma: lemma.to_string(),
                    };
                    match form.split_once(' ') {
                        Some((head, particle)) => phrasal
                            .entry(head.to_string())
                            .or_default()
                            .push((particle.to_string(), verb)),
                        None => {
                            // The first class listed wins ("tell" is reporting only).
                            verbs.entry(form).or_insert(verb);
                        }
                    }
                }
            }
        }
        let mut nouns = FastMap::default();
        for w in raw.stance_nouns.agree {
            nouns.insert(w, Stance::Agree);
        }
        for w in raw.stance_nouns.dispute {
            nouns.insert(w, Stance::Dispute);
        }
        let set = |v: Vec<String>| v.into_iter().collect::<FastSet<_>>();
        let phrases = |v: Vec<String>| {
            v.into_iter()
                .map(|p| p.split(' ').map(str::to_string).collect())
                .collect()
        };
        Lexicon {
            verbs,
            phrasal,
            nouns,
            concessive: set(raw.concessive),
            attribution: phrases(raw.attribution),
            auxiliaries: set(raw.auxiliaries),
            adverbs: set(raw.adverbs),
            connectives: set(raw.connectives),
            clause_openers: set(raw.clause_openers),
            determiners: set(raw.determiners),
            person_pronouns: set(raw.pronouns.person),
            other_pronouns: set(raw.pronouns.other),
            object_pronouns: set(raw.object_pronouns),
            titles: set(raw.titles),
            abbreviations: set(raw.abbreviations),
            quantities: set(raw.quantities),
            months: set(raw.months),
            comparatives: phrases(raw.comparatives),
            function_words: set(raw.function_words),
            prepositions: set(raw.prepositions),
        }
    }

    /// The verb a lower-case word is a form of.
    pub fn verb(&self, lower: &str) -> Option<&Verb> {
        self.verbs.get(lower)
    }

    /// A phrasal verb whose first word is `lower` and whose particle is `next`.
    pub fn phrasal(&self, lower: &str, next: &str) -> Option<&Verb> {
        self.phrasal
            .get(lower)?
            .iter()
            .find(|(p, _)| p == next)
            .map(|(_, v)| v)
    }

    /// The stance of a lower-case noun (opposition, approval).
    pub fn noun(&self, lower: &str) -> Option<Stance> {
        self.nouns.get(lower).copied()
    }

    /// How many verb forms the lexicon knows (for tests).
    pub fn verb_forms(&self) -> usize {
        self.verbs.len() + self.phrasal.values().map(Vec::len).sum::<usize>()
    }
}

/// The forms of an entry: listed (`say|says|said|saying`) or derived from the lemma.
fn forms(entry: &str) -> Vec<String> {
    if entry.contains('|') {
        return entry.split('|').map(str::to_string).collect();
    }
    let (head, particle) = match entry.split_once(' ') {
        Some((h, p)) => (h, Some(p)),
        None => (entry, None),
    };
    let with = |f: String| match particle {
        Some(p) => format!("{f} {p}"),
        None => f,
    };
    inflect(head).into_iter().map(with).collect()
}

/// The lemma, third person singular, past and -ing form of a regular verb.
pub fn inflect(lemma: &str) -> Vec<String> {
    let vowel = |c: char| "aeiou".contains(c);
    let last = lemma.chars().last().unwrap_or(' ');
    let before = lemma.chars().rev().nth(1).unwrap_or(' ');
    let third = if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| lemma.ends_with(e))
    {
        format!("{lemma}es")
    } else if last == 'y' && !vowel(before) {
        format!("{}ies", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}s")
    };
    let past = if last == 'e' {
        format!("{lemma}d")
    } else if last == 'y' && !vowel(before) {
        format!("{}ied", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}ed")
    };
    let ing = if last == 'e' && before != 'e' {
        format!("{}ing", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}ing")
    };
    vec![lemma.to_string(), third, past, ing]
}
