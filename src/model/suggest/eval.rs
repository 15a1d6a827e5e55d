//! Measuring suggestions against gold claims. A suggestion matches a gold claim when each covers
//! at least half of the other; matching is one-to-one, largest overlap first. Untagged, any
//! tags; tagged, the tags must agree too.

use crate::model::text::CharRange;

/// Counts for precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub matched: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Counts {
    pub fn precision(self) -> f64 {
        ratio(self.matched, self.predicted)
    }

    pub fn recall(self) -> f64 {
        ratio(self.matched, self.gold)
    }

    pub fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    pub fn plus(self, o: Counts) -> Counts {
        Counts {
            matched: self.matched + o.matched,
            predicted: self.predicted + o.predicted,
            gold: self.gold + o.gold,
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Whether each range covers at least half of the other.
pub fn half_each(a: CharRange, b: CharRange) -> bool {
    let i = a.intersection_len(b);
    i > 0 && 2 * i >= a.len() && 2 * i >= b.len()
}

/// Matches predicted spans to gold spans, one-to-one, largest overlap first; with `tagged`, a
/// pair must also carry the same label.
pub fn count<L: PartialEq>(
    predicted: &[(CharRange, L)],
    gold: &[(CharRange, L)],
    tagged: bool,
) -> Counts {
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (i, (p, pl)) in predicted.iter().enumerate() {
        for (j, (g, gl)) in gold.iter().enumerate() {
            if half_each(*p, *g) && (!tagged || pl == gl) {
                pairs.push((p.intersection_len(*g), i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_p = vec![false; predicted.len()];
    let mut used_g = vec![false; gold.len()];
    let mut matched = 0;
    for (_, i, j) in pairs {
        if !used_p[i] && !used_g[j] {
            used_p[i] = true;
            used_g[j] = true;
            matched += 1;
        }
    }
    Counts {
        matched,
        predicted: predicted.len(),
        gold: gold.len(),
    }
}
