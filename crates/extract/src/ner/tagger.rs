//! The tagger's model: a weight row per hashed feature (one weight per tag) and a transition
//! matrix; scores are sums of rows, decoding is first-order Viterbi restricted to valid BIO
//! sequences ([`super::allowed`]).

use super::features::{BITS, NF, mix, row};
use super::{EntityType, NT, Tag, allowed};
use crate::ExtractError;

const MAGIC: &[u8; 8] = b"KNERv1\0\0";
/// Changes whenever the features change meaning: a model from other features is refused.
pub const FEATURE_VERSION: u32 = 4;
/// Index of the start state in the transition table.
pub const START: usize = NT;

/// Weights of the tagger.
#[derive(Clone)]
pub struct Model {
    /// `w[row * NT + tag]`.
    pub(crate) w: Vec<f32>,
    /// `trans[from * NT + to]`, `from == START` for the first token.
    pub(crate) trans: Vec<f32>,
    /// The domain whose feature copies the model uses at run time (0: no domain copies; see
    /// [`super::features::extract`]).
    pub domain: u64,
    /// Added to the O tag's score of every token: below 0 trades precision for recall.
    pub o_bias: f32,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rows = self
            .w
            .chunks(NT)
            .filter(|r| r.iter().any(|&x| x != 0.0))
            .count();
        f.debug_struct("Model").field("rows", &rows).finish()
    }
}

impl Default for Model {
    fn default() -> Self {
        Model {
            w: vec![0.0; (1 << BITS) * NT],
            trans: vec![0.0; (NT + 1) * NT],
            domain: 0,
            o_bias: 0.0,
        }
    }
}

/// Reusable decoding buffers.
#[derive(Debug, Default)]
pub struct Decoder {
    scores: Vec<f32>,
    delta: Vec<f32>,
    back: Vec<u8>,
}

impl Model {
    /// True when the model has no weights (an empty file: tags everything O).
    pub fn is_empty(&self) -> bool {
        self.w.is_empty()
    }

    /// A model without weights.
    pub fn empty() -> Self {
        Model {
            w: Vec::new(),
            trans: vec![0.0; (NT + 1) * NT],
            domain: 0,
            o_bias: 0.0,
        }
    }

    /// Feature rows per token: [`NF`], twice that with domain copies.
    pub fn nf(&self) -> usize {
        if self.domain == 0 { NF } else { 2 * NF }
    }

    /// Emission scores of `n` tokens from their feature rows (`n * self.nf()`).
    pub fn emissions(&self, rows: &[u32], scores: &mut Vec<f32>) {
        self.emissions_nf(rows, self.nf(), scores);
    }

    fn emissions_nf(&self, rows: &[u32], nf: usize, scores: &mut Vec<f32>) {
        let n = rows.len() / nf;
        scores.clear();
        scores.resize(n * NT, 0.0);
        if self.w.is_empty() {
            return;
        }
        for (i, feats) in rows.chunks_exact(nf).enumerate() {
            // In f64, sums of the f16-valued weights are exact, whatever their order: the
            // same scores as the cached sums of `features::scores`.
            let mut acc = [0f64; NT];
            for &r in feats {
                self.add_weights(r, &mut acc);
            }
            acc[0] += f64::from(self.o_bias);
            for (d, a) in scores[i * NT..(i + 1) * NT].iter_mut().zip(acc) {
                *d = a as f32;
            }
        }
    }

    /// Adds the weights of row `r` to `acc`.
    #[inline]
    fn add_weights(&self, r: u32, acc: &mut [f64; NT]) {
        let at = r as usize * NT;
        if let Some(w) = self.w.get(at..at + NT) {
            for (a, &x) in acc.iter_mut().zip(w) {
                *a += f64::from(x);
            }
        }
    }

    /// The best valid tag sequence for emission `scores` (`n * NT`), into `out`.
    pub(crate) fn decode_scores(&self, scores: &[f32], d: &mut Decoder, out: &mut Vec<Tag>) {
        viterbi(scores, &self.trans, &mut d.delta, &mut d.back, out);
    }

    /// The best valid tag sequence for `n` tokens' feature rows, into `out`.
    pub fn decode(&self, rows: &[u32], d: &mut Decoder, out: &mut Vec<Tag>) {
        self.decode_with(rows, self.nf(), d, out);
    }

    /// [`Model::decode`] with `nf` rows a token (training mixes examples with and without
    /// domain copies; the second pass of `khabar train ner --stack` has more rows than
    /// [`super::features::extract`] gives).
    pub fn decode_with(&self, rows: &[u32], nf: usize, d: &mut Decoder, out: &mut Vec<Tag>) {
        self.emissions_nf(rows, nf, &mut d.scores);
        viterbi(&d.scores, &self.trans, &mut d.delta, &mut d.back, out);
    }

    /// Serialises the non-zero rows.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        for x in [BITS, NT as u32, NF as u32, FEATURE_VERSION] {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out.extend_from_slice(&self.domain.to_le_bytes());
        out.extend_from_slice(&self.o_bias.to_le_bytes());
        for x in &self.trans {
            out.extend_from_slice(&x.to_le_bytes());
        }
        let rows: Vec<(usize, &[f32])> = self
            .w
            .chunks(NT)
            .enumerate()
            .filter(|(_, r)| r.iter().any(|&x| x != 0.0))
            .collect();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for (i, r) in rows {
            out.extend_from_slice(&(i as u32).to_le_bytes());
            for x in r {
                out.extend_from_slice(&half(*x).to_le_bytes());
            }
        }
        out
    }

    /// Reads what [`Model::to_bytes`] wrote; an empty slice gives [`Model::empty`].
    pub fn from_bytes(b: &[u8]) -> Result<Model, ExtractError> {
        if b.is_empty() {
            return Ok(Model::empty());
        }
        let bad = |why: &str| ExtractError::Model(format!("entity model: {why}"));
        let u32_at = |i: usize| -> Result<u32, ExtractError> {
            b.get(i..i + 4)
                .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
                .ok_or_else(|| bad("truncated"))
        };
        if b.len() < 24 || &b[..8] != MAGIC {
            return Err(bad("not a khabar entity model (bad header)"));
        }
        if u32_at(8)? != BITS || u32_at(12)? != NT as u32 || u32_at(16)? != NF as u32 {
            return Err(bad("trained with other feature or tag dimensions"));
        }
        if u32_at(20)? != FEATURE_VERSION {
            return Err(bad("trained with another version of the features"));
        }
        let mut m = Model::default();
        let mut d = [0u8; 8];
        d.copy_from_slice(b.get(24..32).ok_or_else(|| bad("truncated"))?);
        m.domain = u64::from_le_bytes(d);
        m.o_bias = f32::from_bits(u32_at(32)?);
        let mut at = 36;
        for k in 0..m.trans.len() {
            m.trans[k] = f32::from_bits(u32_at(at)?);
            at += 4;
        }
        let rows = u32_at(at)? as usize;
        at += 4;
        let row_len = 4 + 2 * NT;
        if b.len() != at + rows * row_len {
            return Err(bad("truncated or trailing bytes"));
        }
        for _ in 0..rows {
            let r = u32_at(at)? as usize;
            at += 4;
            let dst =
                m.w.get_mut(r * NT..(r + 1) * NT)
                    .ok_or_else(|| bad("row out of range"))?;
            for x in dst {
                *x = unhalf(u16::from_le_bytes([b[at], b[at + 1]]));
                at += 2;
            }
        }
        Ok(m)
    }
}

/// A model's weight rows that are not all zero, packed, for scoring: the full table is 38 MB
/// with about one row in six used, too big for the caches, and the features of word pairs
/// unseen in training mostly land on unused rows. Whether a row is used is read from a 128 KB
/// bitmap; used rows are read from the packed table. Leaving out a row of zeros leaves every
/// sum as it was.
#[derive(Clone, Default)]
pub(crate) struct Packed {
    /// For each block `k` of 64 rows: bit `r % 64` of `.0` tells whether row `r` is used, and
    /// `.1` is the number of used rows before the block. Side by side, one cache line gives
    /// both.
    used: Vec<(u64, u32)>,
    rows: Vec<[f32; NT]>,
    domain: u64,
    /// The model's [`Model::o_bias`].
    pub(crate) o_bias: f32,
    /// The model has no weights.
    pub(crate) empty: bool,
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Packed")
            .field("rows", &self.rows.len())
            .finish()
    }
}

impl Packed {
    /// The used rows of `model`.
    pub(crate) fn new(model: &Model) -> Self {
        let words = (model.w.len() / NT).div_ceil(64);
        let mut p = Packed {
            used: vec![(0, 0); words],
            // Row 0 stands for every unused row.
            rows: vec![[0.0; NT]],
            domain: model.domain,
            o_bias: model.o_bias,
            empty: model.is_empty(),
        };
        for (r, w) in model.w.chunks_exact(NT).enumerate() {
            if r % 64 == 0 {
                p.used[r / 64].1 = p.rows.len() as u32 - 1;
            }
            if w.iter().any(|&x| x != 0.0) {
                p.used[r / 64].0 |= 1 << (r % 64);
                let mut row = [0f32; NT];
                row.copy_from_slice(w);
                p.rows.push(row);
            }
        }
        p
    }

    /// Where row `r` is in `rows`: 0, a row of zeros, when it is not used. No branch: the
    /// look-ups of a token do not wait on one another.
    #[inline(always)]
    fn index(&self, r: u32) -> u32 {
        let (k, bit) = (r as usize / 64, r % 64);
        let (word, before) = self.used.get(k).copied().unwrap_or((0, 0));
        let used = (word >> bit & 1) as u32;
        (before + (word & ((1u64 << bit) - 1)).count_ones() + 1) * used
    }

    /// Pushes the row indices of the feature hashed `x` (and of its domain copy) to `out`.
    #[inline(always)]
    pub(crate) fn push_feature(&self, x: u64, out: &mut Vec<u32>) {
        out.push(self.index(row(x)));
        if self.domain != 0 {
            out.push(self.index(row(mix(x, self.domain))));
        }
    }

    /// Adds the weights of the rows at `indices` (from [`Packed::push_feature`]) to `acc`.
    #[inline]
    pub(crate) fn add_rows(&self, indices: &[u32], acc: &mut [f64; NT]) {
        for &i in indices {
            if let Some(w) = self.rows.get(i as usize) {
                for (a, &x) in acc.iter_mut().zip(w) {
                    *a += f64::from(x);
                }
            }
        }
    }

    /// Adds the weights of the feature hashed `x` (and of its domain copy) to `acc`.
    #[inline]
    pub(crate) fn add_feature(&self, x: u64, acc: &mut [f64; NT]) {
        let mut i = [0u32; 2];
        i[0] = self.index(row(x));
        if self.domain != 0 {
            i[1] = self.index(row(mix(x, self.domain)));
        }
        self.add_rows(&i, acc);
    }
}

/// f32 to IEEE half precision (round to nearest; weights are small, so no overflow care
/// beyond clamping).
fn half(x: f32) -> u16 {
    let x = x.clamp(-65000.0, 65000.0);
    let bits = x.to_bits();
    let sign = ((bits >> 16) & 0x8000) as u16;
    let exp = ((bits >> 23) & 0xFF) as i32 - 127 + 15;
    let mant = bits & 0x7F_FFFF;
    if exp <= 0 {
        if exp < -10 {
            return sign;
        }
        let m = (mant | 0x80_0000) >> (1 - exp);
        return sign | ((m + 0x1000) >> 13) as u16;
    }
    let h = (exp as u32) << 10 | (mant >> 13);
    let round = (mant >> 12) & 1;
    sign | (h + round).min(0x7BFF) as u16
}

fn unhalf(h: u16) -> f32 {
    let sign = u32::from(h & 0x8000) << 16;
    let exp = u32::from(h >> 10 & 0x1F);
    let mant = u32::from(h & 0x3FF);
    let bits = if exp == 0 {
        if mant == 0 {
            sign
        } else {
            // subnormal
            let v = mant as f32 / 1024.0 * 2f32.powi(-14);
            return if sign != 0 { -v } else { v };
        }
    } else {
        sign | (exp + 127 - 15) << 23 | mant << 13
    };
    f32::from_bits(bits)
}

/// First-order Viterbi over emission `scores` (`n * NT`) and `trans`, skipping invalid
/// transitions; the best tags go to `out`.
pub fn viterbi(
    scores: &[f32],
    trans: &[f32],
    delta: &mut Vec<f32>,
    back: &mut Vec<u8>,
    out: &mut Vec<Tag>,
) {
    let n = scores.len() / NT;
    out.clear();
    if n == 0 {
        return;
    }
    delta.clear();
    delta.resize(n * NT, f32::NEG_INFINITY);
    back.clear();
    back.resize(n * NT, 0);
    // BIO: O and every B may follow any tag ("open" tags), an I only its own B or I. The open
    // tags take the maximum over all nine predecessors, with the predecessor in the outer loop
    // so the inner one runs over the five open tags at once; an I compares its two. Ties go to
    // the lowest predecessor, as in a plain loop over all pairs.
    const OPEN: [usize; 1 + EntityType::ALL.len()] = {
        let mut o = [0usize; 1 + EntityType::ALL.len()];
        let mut k = 0;
        while k < EntityType::ALL.len() {
            o[k + 1] = 1 + 2 * k;
            k += 1;
        }
        o
    };
    let mut open_tr = [[0f32; OPEN.len()]; NT];
    for (p, row) in open_tr.iter_mut().enumerate() {
        for (x, &t) in row.iter_mut().zip(&OPEN) {
            *x = trans[p * NT + t];
        }
    }
    for t in 0..NT {
        if allowed(None, t as Tag) {
            delta[t] = scores[t] + trans[START * NT + t];
        }
    }
    for i in 1..n {
        let (prev, cur) = delta.split_at_mut(i * NT);
        let prev = &prev[(i - 1) * NT..];
        let mut best = [f32::NEG_INFINITY; OPEN.len()];
        let mut arg = [0u8; OPEN.len()];
        for (p, (&x, row)) in prev.iter().zip(&open_tr).enumerate() {
            for ((b, a), &w) in best.iter_mut().zip(&mut arg).zip(row) {
                let v = x + w;
                let better = v > *b;
                *b = if better { v } else { *b };
                *a = if better { p as u8 } else { *a };
            }
        }
        for (j, &t) in OPEN.iter().enumerate() {
            cur[t] = best[j] + scores[i * NT + t];
            back[i * NT + t] = arg[j];
        }
        for k in 0..EntityType::ALL.len() {
            let (b, t) = (1 + 2 * k, 2 + 2 * k);
            let mut best = (f32::NEG_INFINITY, 0u8);
            for p in [b, t] {
                let v = prev[p] + trans[p * NT + t];
                if v > best.0 {
                    best = (v, p as u8);
                }
            }
            cur[t] = best.0 + scores[i * NT + t];
            back[i * NT + t] = best.1;
        }
    }
    let mut t = (0..NT)
        .max_by(|&a, &b| delta[(n - 1) * NT + a].total_cmp(&delta[(n - 1) * NT + b]))
        .unwrap_or(0);
    out.resize(n, 0);
    for i in (0..n).rev() {
        out[i] = t as Tag;
        t = usize::from(back[i * NT + t]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_round_trips() {
        for x in [0.0f32, 1.0, -2.5, 0.001, 123.25, -0.3333] {
            let y = unhalf(half(x));
            assert!((x - y).abs() <= x.abs() * 1e-3 + 1e-6, "{x} {y}");
        }
    }

    /// The decoder as first written (tag in the outer loop): the reference for the faster one.
    fn viterbi_reference(scores: &[f32], trans: &[f32]) -> Vec<Tag> {
        let n = scores.len() / NT;
        if n == 0 {
            return Vec::new();
        }
        let tr = |p: usize, t: usize| {
            if allowed(Some(p as Tag), t as Tag) {
                trans[p * NT + t]
            } else {
                f32::NEG_INFINITY
            }
        };
        let mut delta = vec![f32::NEG_INFINITY; n * NT];
        let mut back = vec![0u8; n * NT];
        for t in 0..NT {
            if allowed(None, t as Tag) {
                delta[t] = scores[t] + trans[START * NT + t];
            }
        }
        for i in 1..n {
            for t in 0..NT {
                let mut best = (f32::NEG_INFINITY, 0u8);
                for p in 0..NT {
                    let v = delta[(i - 1) * NT + p] + tr(p, t);
                    if v > best.0 {
                        best = (v, p as u8);
                    }
                }
                delta[i * NT + t] = best.0 + scores[i * NT + t];
                back[i * NT + t] = best.1;
            }
        }
        let mut t = (0..NT)
            .max_by(|&a, &b| delta[(n - 1) * NT + a].total_cmp(&delta[(n - 1) * NT + b]))
            .unwrap_or(0);
        let mut out = vec![0; n];
        for i in (0..n).rev() {
            out[i] = t as Tag;
            t = usize::from(back[i * NT + t]);
        }
        out
    }

    proptest::proptest! {
        /// The same paths as the reference, ties included: scores drawn from a few values
        /// make equal sums common.
        #[test]
        fn viterbi_matches_the_reference(
            scores in proptest::collection::vec(-3i8..=3, 0..40 * NT),
            trans in proptest::collection::vec(-2i8..=2, (NT + 1) * NT),
        ) {
            let n = scores.len() / NT * NT;
            let s: Vec<f32> = scores[..n].iter().map(|&x| f32::from(x) * 0.5).collect();
            let t: Vec<f32> = trans.iter().map(|&x| f32::from(x)).collect();
            let (mut d, mut b, mut o) = (Vec::new(), Vec::new(), Vec::new());
            viterbi(&s, &t, &mut d, &mut b, &mut o);
            proptest::prop_assert_eq!(o, viterbi_reference(&s, &t));
        }
    }

    /// The decoder's fixed BIO structure is the one [`allowed`] defines.
    #[test]
    fn open_tags_and_inside_predecessors_follow_allowed() {
        for t in 0..NT as Tag {
            let preds: Vec<Tag> = (0..NT as Tag).filter(|&p| allowed(Some(p), t)).collect();
            if t > 0 && t % 2 == 0 {
                assert_eq!(preds, [t - 1, t], "tag {t}");
            } else {
                assert_eq!(preds.len(), NT, "tag {t}");
            }
        }
    }

    #[test]
    fn viterbi_respects_constraints() {
        // One token that prefers I-PER: decoded as something valid.
        let mut s = vec![0.0; NT];
        s[2] = 5.0;
        s[1] = 1.0;
        let trans = vec![0.0; (NT + 1) * NT];
        let (mut d, mut b, mut o) = (Vec::new(), Vec::new(), Vec::new());
        viterbi(&s, &trans, &mut d, &mut b, &mut o);
        assert_eq!(o, [1]);
    }

    #[test]
    fn bad_bytes_are_refused() {
        assert!(Model::from_bytes(b"KNERv1\0\0 and nothing").is_err());
        assert!(Model::from_bytes(&[1, 2, 3]).is_err());
        assert!(Model::from_bytes(&[]).unwrap().is_empty());
    }
}
