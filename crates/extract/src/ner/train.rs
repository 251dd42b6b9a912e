//! Training: a structured averaged perceptron (Collins 2002). Each pass visits the sentences
//! in a fixed pseudo-random order, decodes each with the current weights and, where the best
//! sequence differs from the gold one, moves the weights of the gold tags' features up and
//! those of the predicted tags down, scaled by the sentence's weight. The model kept is the
//! average of the weights over all steps.

use super::features::{NF, Resources, Scratch, extract};
use super::tagger::{Decoder, Model, START};
use super::{NT, Tag};

/// One training sentence.
#[derive(Clone, Debug)]
pub struct Example {
    /// The tokens.
    pub words: Vec<String>,
    /// Their gold tags.
    pub tags: Vec<Tag>,
    /// How much an error on it counts (1 for in-domain data).
    pub weight: f32,
    /// Its domain, for domain copies of the features (0: none).
    pub domain: u64,
}

/// Training settings.
#[derive(Clone, Copy, Debug)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the visiting order.
    pub seed: u64,
    /// Perceptrons averaged into the model, each visiting the sentences in its own order.
    pub bags: usize,
    /// The domain the model serves (its feature copies are used at run time), 0 for none.
    pub domain: u64,
    /// Rows of weights whose largest magnitude is below this are dropped from the averaged
    /// model: a feature that only a few of the perceptrons touched weighs next to nothing, but
    /// its row costs memory and cache at run time.
    pub prune: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 8,
            seed: 0x6b68_6162_6172,
            // Each perceptron is one draw of the visiting order: with 5, two seeds' models
            // differed in 5.8% of their entity spans on 1,000 news articles; with 100, 1.5%
            // (`khabar train ner --dev --seeds 3 --bags N`), so a small change to the data or
            // the features no longer reshuffles the model's output.
            bags: 100,
            domain: 0,
            prune: 0.1,
        }
    }
}

/// splitmix64.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Features of every example, computed once.
pub fn featurize(res: &Resources<'_>, examples: &[Example]) -> Vec<Vec<u32>> {
    let mut s = Scratch::default();
    examples
        .iter()
        .map(|e| {
            let words: Vec<&str> = e.words.iter().map(String::as_str).collect();
            let mut rows = Vec::with_capacity(words.len() * NF);
            extract(res, &words, None, e.domain, &mut s, &mut rows);
            rows
        })
        .collect()
}

/// Trains `opts.bags` models, each visiting the sentences in its own order, and averages
/// them; `progress(epoch, sentences with an error)` is called after each pass.
pub fn train(
    examples: &[Example],
    feats: &[Vec<u32>],
    opts: TrainOptions,
    mut progress: impl FnMut(usize, usize),
) -> Model {
    let bags = opts.bags.max(1);
    let mut total: Option<Model> = None;
    for b in 0..bags {
        let o = TrainOptions {
            seed: opts.seed.wrapping_add(b as u64 * 0x9E37_79B9),
            ..opts
        };
        let m = train_one(examples, feats, o, &mut progress);
        match &mut total {
            None => total = Some(m),
            Some(t) => {
                t.w.iter_mut().zip(&m.w).for_each(|(x, y)| *x += y);
                t.trans.iter_mut().zip(&m.trans).for_each(|(x, y)| *x += y);
            }
        }
    }
    let mut m = total.unwrap_or_default();
    let k = bags as f32;
    m.w.iter_mut().for_each(|x| *x /= k);
    m.trans.iter_mut().for_each(|x| *x /= k);
    for row in m.w.chunks_exact_mut(NT) {
        if row.iter().all(|x| x.abs() < opts.prune) {
            row.fill(0.0);
        }
    }
    m
}

/// One averaged perceptron.
fn train_one(
    examples: &[Example],
    feats: &[Vec<u32>],
    opts: TrainOptions,
    mut progress: impl FnMut(usize, usize),
) -> Model {
    let mut m = Model {
        domain: opts.domain,
        ..Model::default()
    };
    // Lazy averaging: u accumulates c * update; the average is w - u / c.
    let mut uw = vec![0f64; m.w.len()];
    let mut ut = vec![0f64; m.trans.len()];
    let mut c = 1f64;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = opts.seed;
    let mut d = Decoder::default();
    let mut pred = Vec::new();
    for epoch in 0..opts.epochs {
        for i in (1..order.len()).rev() {
            let j = (next(&mut rng) % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut wrong = 0;
        for &k in &order {
            let (e, rows) = (&examples[k], &feats[k]);
            if e.tags.is_empty() {
                continue;
            }
            let nf = rows.len() / e.tags.len();
            m.decode_with(rows, nf, &mut d, &mut pred);
            if pred != e.tags {
                wrong += 1;
                let s = e.weight;
                for (i, (&g, &p)) in e.tags.iter().zip(&pred).enumerate() {
                    if g != p {
                        for &r in &rows[i * nf..(i + 1) * nf] {
                            let base = r as usize * NT;
                            for (t, sign) in [(g, s), (p, -s)] {
                                let at = base + usize::from(t);
                                m.w[at] += sign;
                                uw[at] += c * f64::from(sign);
                            }
                        }
                    }
                    let gp = if i == 0 {
                        START
                    } else {
                        usize::from(e.tags[i - 1])
                    };
                    let pp = if i == 0 {
                        START
                    } else {
                        usize::from(pred[i - 1])
                    };
                    if g != p || gp != pp {
                        for (at, sign) in [
                            (gp * NT + usize::from(g), s),
                            (pp * NT + usize::from(p), -s),
                        ] {
                            m.trans[at] += sign;
                            ut[at] += c * f64::from(sign);
                        }
                    }
                }
            }
            c += 1.0;
        }
        progress(epoch + 1, wrong);
    }
    for (w, u) in m.w.iter_mut().zip(&uw) {
        *w = (f64::from(*w) - u / c) as f32;
    }
    for (w, u) in m.trans.iter_mut().zip(&ut) {
        *w = (f64::from(*w) - u / c) as f32;
    }
    m
}
