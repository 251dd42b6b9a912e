//! Precision, recall and F1 from counts: the one scorer every khabar evaluation shares.

/// Counts of one evaluation (or of one class of it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Items in the gold standard.
    pub gold: usize,
    /// Items the system produced.
    pub system: usize,
    /// System items that match a gold one exactly.
    pub correct: usize,
}

impl Counts {
    /// Precision: `correct / system` (0 when the system produced nothing).
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.system)
    }

    /// Recall: `correct / gold` (0 when there is no gold item).
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }

    /// The harmonic mean of precision and recall (0 when both are 0).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.gold += o.gold;
        self.system += o.system;
        self.correct += o.correct;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_and_sums() {
        let mut c = Counts {
            gold: 4,
            system: 2,
            correct: 2,
        };
        assert_eq!((c.precision(), c.recall()), (1.0, 0.5));
        assert!((c.f1() - 2.0 / 3.0).abs() < 1e-12);
        c += Counts {
            gold: 0,
            system: 2,
            correct: 0,
        };
        assert_eq!(c.system, 4);
        assert_eq!(Counts::default().f1(), 0.0);
    }
}
