//! Exact-span evaluation, as CoNLL's conlleval scores NER: an entity counts as found only when
//! its type and both boundaries match a gold entity.

use crate::label::{EntityType, Label, chunks};
use std::collections::BTreeMap;

/// Counts for one type, or for all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Accumulated scores over sentences.
#[derive(Clone, Debug, Default)]
pub struct Scores {
    pub per_type: BTreeMap<EntityType, Counts>,
    pub overall: Counts,
    pub tokens: usize,
    pub tokens_correct: usize,
}

impl Scores {
    /// Adds one sentence's gold and predicted labels (same length).
    pub fn add(&mut self, gold: &[Label], pred: &[Label]) {
        debug_assert_eq!(gold.len(), pred.len());
        self.tokens += gold.len();
        self.tokens_correct += gold.iter().zip(pred).filter(|(g, p)| g == p).count();
        let g = chunks(gold);
        let p = chunks(pred);
        for c in &g {
            self.per_type.entry(c.ty).or_default().gold += 1;
            self.overall.gold += 1;
        }
        for c in &p {
            let e = self.per_type.entry(c.ty).or_default();
            e.predicted += 1;
            self.overall.predicted += 1;
            // Both lists are sorted by start and chunks do not overlap.
            if g.binary_search_by(|x| x.start.cmp(&c.start)).is_ok_and(|i| g[i] == *c) {
                e.correct += 1;
                self.overall.correct += 1;
            }
        }
    }

    /// Macro F1: the mean of the per-type F1s over the types present in gold or predictions.
    pub fn macro_f1(&self) -> f64 {
        if self.per_type.is_empty() {
            return 0.0;
        }
        self.per_type.values().map(Counts::f1).sum::<f64>() / self.per_type.len() as f64
    }

    pub fn accuracy(&self) -> f64 {
        ratio(self.tokens_correct, self.tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_spans_only() {
        let p = |s: &str| s.split(' ').map(|x| Label::parse(x).unwrap()).collect::<Vec<_>>();
        let mut s = Scores::default();
        s.add(&p("B-PER I-PER O B-LOC O"), &p("B-PER O O B-LOC B-LOC"));
        assert_eq!(s.overall, Counts { gold: 2, predicted: 3, correct: 1 });
        assert_eq!(s.per_type[&EntityType::Per], Counts { gold: 1, predicted: 1, correct: 0 });
        assert_eq!(s.per_type[&EntityType::Loc], Counts { gold: 1, predicted: 2, correct: 1 });
        assert!((s.overall.f1() - 0.4).abs() < 1e-9);
        assert_eq!(s.tokens_correct, 3);
    }
}
