//! Training: a structured averaged perceptron. Each training word is a choice among its
//! candidate analyses; a wrong choice moves weight from the chosen analysis's features to the
//! gold one's. Averaging the weights over all steps keeps the model from chasing the last
//! examples it saw.

use crate::analysis::{Analysis, candidates};
use crate::lexicon::Lexicon;
use crate::model::{BITS, Model, Scratch, features};
use crate::skeleton::Skeleton;

/// One supervised word: its text and where the gold segmentation cuts it (byte offsets inside
/// the word, strictly between 0 and its length).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// The word as written.
    pub word: String,
    /// Byte offsets of the cuts.
    pub cuts: Vec<u32>,
}

/// Training settings.
#[derive(Clone, Copy, Debug)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the order in which examples are visited.
    pub seed: u64,
    /// Models trained on different visiting orders and averaged.
    pub bags: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 7,
            bags: 8,
        }
    }
}

/// What training saw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TrainReport {
    /// Examples used.
    pub used: usize,
    /// Examples whose gold segmentation is not among the candidates (skipped).
    pub unreachable: usize,
    /// Mistakes in the last epoch.
    pub last_epoch_errors: usize,
}

struct Prepared {
    /// Feature lists of each candidate.
    feats: Vec<Vec<u32>>,
    gold: usize,
}

/// The cuts an analysis makes, as byte offsets in the word.
pub fn cuts_of(s: &Skeleton, a: Analysis) -> Vec<u32> {
    a.boundaries(s.len()).map(|i| s.offsets[i]).collect()
}

/// Trains a model on `examples`, with corpus evidence from `lexicon`.
pub fn train(lexicon: &Lexicon, examples: &[Example], opts: TrainOptions) -> (Model, TrainReport) {
    let mut report = TrainReport::default();
    let mut data = Vec::with_capacity(examples.len());
    let mut cands = Vec::new();
    let mut scratch = Scratch::default();
    for ex in examples {
        let s = Skeleton::new(&ex.word);
        candidates(&s, &mut cands);
        if cands.len() < 2 {
            if ex.cuts.is_empty() {
                continue; // nothing to learn: one choice
            }
            report.unreachable += 1;
            continue;
        }
        let entry = lexicon.get(&s.key);
        let mut feats = Vec::with_capacity(cands.len());
        let mut gold = None;
        for &a in &cands {
            let mut f = Vec::new();
            if features(lexicon, &s, entry, a, &mut scratch, &mut f).is_none() {
                continue;
            }
            if cuts_of(&s, a) == ex.cuts {
                gold = Some(feats.len());
            }
            feats.push(f);
        }
        let Some(gold) = gold else {
            report.unreachable += 1;
            continue;
        };
        if feats.len() < 2 {
            continue;
        }
        data.push(Prepared { feats, gold });
    }
    report.used = data.len();

    let mut model = Model::default();
    // Bagging over visiting orders: the perceptron's result depends on the order it sees the
    // examples in; averaging several orders' models removes most of that noise.
    for bag in 0..opts.bags.max(1) {
        let seed = opts.seed.wrapping_add(bag as u64 * 0x9E37_79B9);
        let (w, errors) = perceptron(&data, opts.epochs, seed);
        report.last_epoch_errors = errors;
        for (m, x) in model.w.iter_mut().zip(w) {
            *m += x / opts.bags.max(1) as f32;
        }
    }
    (model, report)
}

/// One averaged perceptron: the averaged weights and the mistakes of its last pass.
fn perceptron(data: &[Prepared], epochs: usize, seed: u64) -> (Vec<f32>, usize) {
    let size = 1usize << BITS;
    let mut w = vec![0f32; size];
    // Sum of weights over time, kept lazily: acc += w * (t - last) when a weight changes.
    let mut acc = vec![0f64; size];
    let mut last = vec![0u64; size];
    let mut t: u64 = 0;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = seed.max(1);
    let mut errors = 0;
    for _ in 0..epochs {
        // Fisher-Yates with xorshift: deterministic for a seed.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        errors = 0;
        for &k in &order {
            t += 1;
            let d = &data[k];
            let score = |f: &Vec<u32>| f.iter().map(|&i| w[i as usize]).sum::<f32>();
            let mut pred = 0;
            let mut best = f32::NEG_INFINITY;
            for (i, f) in d.feats.iter().enumerate() {
                let s = score(f);
                if s > best {
                    best = s;
                    pred = i;
                }
            }
            if pred != d.gold {
                errors += 1;
                for (fs, delta) in [(&d.feats[d.gold], 1f32), (&d.feats[pred], -1f32)] {
                    for &i in fs {
                        let i = i as usize;
                        acc[i] += f64::from(w[i]) * (t - last[i]) as f64;
                        last[i] = t;
                        w[i] += delta;
                    }
                }
            }
        }
    }
    if t > 0 {
        for i in 0..size {
            let total = acc[i] + f64::from(w[i]) * (t - last[i]) as f64;
            w[i] = (total / t as f64) as f32;
        }
    }
    (w, errors)
}
