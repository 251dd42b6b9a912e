//! Word clusters learnt from unlabelled news text by khabar's own code (see
//! [`train_clusters`]): words that occur in similar contexts share a cluster, so the tagger
//! generalises from بغداد to a town it never saw tagged. Stored as a finite-state map from a
//! word's key ([`crate::norm`]) to a coarse and a fine cluster number.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::ExtractError;

/// Word -> (coarse, fine) cluster.
#[derive(Clone)]
pub struct Clusters {
    map: Option<fst::Map<Cow<'static, [u8]>>>,
    hot: FxHashMap<u64, u32>,
}

impl std::fmt::Debug for Clusters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clusters")
            .field("words", &self.len())
            .finish()
    }
}

#[inline]
fn fp(key: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    h.write(key.as_bytes());
    h.finish()
}

impl Clusters {
    /// No clusters.
    pub fn empty() -> Self {
        Clusters {
            map: None,
            hot: FxHashMap::default(),
        }
    }

    /// Reads what [`Clusters::to_bytes`] wrote (an empty slice gives no clusters).
    pub fn from_bytes(b: Cow<'static, [u8]>) -> Result<Self, ExtractError> {
        if b.is_empty() {
            return Ok(Clusters::empty());
        }
        let map =
            fst::Map::new(b).map_err(|e| ExtractError::Model(format!("word clusters: {e}")))?;
        let mut hot = FxHashMap::with_capacity_and_hasher(map.len(), Default::default());
        {
            use fst::Streamer;
            let mut s = map.stream();
            while let Some((k, v)) = s.next() {
                if let Ok(k) = std::str::from_utf8(k) {
                    hot.insert(fp(k), v as u32);
                }
            }
        }
        Ok(Clusters {
            map: Some(map),
            hot,
        })
    }

    /// Serialises word -> cluster pairs (coarse in the high 16 bits, fine in the low).
    pub fn to_bytes(words: &BTreeMap<String, (u16, u16)>) -> Vec<u8> {
        let iter = words
            .iter()
            .map(|(k, &(c, f))| (k.as_bytes(), u64::from(c) << 16 | u64::from(f)));
        match fst::Map::from_iter(iter) {
            Ok(m) => m.into_fst().into_inner(),
            Err(e) => unreachable!("BTreeMap keys are sorted: {e}"),
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.map.as_ref().map_or(0, |m| m.len())
    }

    /// True when there are no clusters.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The (coarse, fine) clusters of a key.
    #[inline]
    pub fn get(&self, key: &str) -> Option<(u32, u32)> {
        if self.hot.is_empty() {
            return None;
        }
        self.hot.get(&fp(key)).map(|&v| (v >> 16, v & 0xFFFF))
    }
}

/// Settings of [`train_clusters`].
#[derive(Clone, Copy, Debug)]
pub struct ClusterOptions {
    /// Words clustered: the most frequent ones.
    pub vocab: usize,
    /// Context words: the most frequent ones (others share one bucket).
    pub contexts: usize,
    /// Dimensions of the random projection.
    pub dim: usize,
    /// Coarse clusters.
    pub coarse: usize,
    /// Fine clusters.
    pub fine: usize,
    /// k-means iterations.
    pub iterations: usize,
    /// Seed of the projection and of the initial centroids.
    pub seed: u64,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            vocab: 40_000,
            contexts: 1_000,
            dim: 128,
            coarse: 64,
            fine: 512,
            iterations: 12,
            seed: 7,
        }
    }
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Learns word clusters from sentences of word keys, as counted by the caller: `freq` gives
/// each word's count (ties are broken by key, so the result is deterministic), `sentences`
/// the text as indices into `words`.
///
/// Each of the `vocab` most frequent words gets a vector of its left and right neighbours
/// among the `contexts` most frequent words, weighted by positive pointwise mutual information
/// and reduced to `dim` dimensions by a fixed random projection; spherical k-means then groups
/// the vectors into `coarse` and `fine` clusters.
pub fn train_clusters(
    words: &[String],
    freq: &[u64],
    sentences: &[Vec<u32>],
    opts: ClusterOptions,
) -> BTreeMap<String, (u16, u16)> {
    use rayon::prelude::*;
    let mut by_freq: Vec<u32> = (0..words.len() as u32).collect();
    by_freq.sort_by(|&a, &b| {
        freq[b as usize]
            .cmp(&freq[a as usize])
            .then(words[a as usize].cmp(&words[b as usize]))
    });
    let v = opts.vocab.min(words.len());
    let c = opts.contexts.min(words.len());
    let mut vid = vec![u32::MAX; words.len()];
    let mut cid = vec![c as u32; words.len()]; // c = "other"
    for (r, &w) in by_freq.iter().enumerate() {
        if r < v {
            vid[w as usize] = r as u32;
        }
        if r < c {
            cid[w as usize] = r as u32;
        }
    }
    // Context columns: left c+2 (others, sentence start), right c+2.
    let side = c + 2;
    let cols = 2 * side;
    let counts: Vec<u32> = sentences
        .par_chunks(2048)
        .fold(
            || vec![0u32; v * cols],
            |mut m, chunk| {
                for s in chunk {
                    for (i, &w) in s.iter().enumerate() {
                        let r = vid[w as usize];
                        if r == u32::MAX {
                            continue;
                        }
                        let l = if i == 0 {
                            c + 1
                        } else {
                            cid[s[i - 1] as usize] as usize
                        };
                        let rr = s.get(i + 1).map_or(c + 1, |&x| cid[x as usize] as usize);
                        let base = r as usize * cols;
                        m[base + l] += 1;
                        m[base + side + rr] += 1;
                    }
                }
                m
            },
        )
        .reduce(
            || vec![0u32; v * cols],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                a
            },
        );
    let mut col_tot = vec![0f64; cols];
    let mut row_tot = vec![0f64; v];
    for r in 0..v {
        for k in 0..cols {
            let x = f64::from(counts[r * cols + k]);
            col_tot[k] += x;
            row_tot[r] += x;
        }
    }
    let total: f64 = row_tot.iter().sum();
    let d = opts.dim;
    let mut rng = opts.seed;
    let proj: Vec<f32> = (0..cols * d)
        .map(|_| {
            if splitmix(&mut rng) & 1 == 0 {
                1.0
            } else {
                -1.0
            }
        })
        .collect();
    let vecs: Vec<f32> = (0..v)
        .into_par_iter()
        .flat_map_iter(|r| {
            let mut out = vec![0f32; d];
            for k in 0..cols {
                let n = counts[r * cols + k];
                if n == 0 || row_tot[r] == 0.0 || col_tot[k] == 0.0 {
                    continue;
                }
                let pmi = (f64::from(n) * total / (row_tot[r] * col_tot[k])).ln();
                if pmi > 0.0 {
                    let p = &proj[k * d..(k + 1) * d];
                    for j in 0..d {
                        out[j] += pmi as f32 * p[j];
                    }
                }
            }
            let norm = out.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
            out.iter_mut().for_each(|x| *x /= norm);
            out
        })
        .collect();
    let coarse = kmeans(
        &vecs,
        d,
        opts.coarse.min(v.max(1)),
        opts.iterations,
        &mut rng,
    );
    let fine = kmeans(&vecs, d, opts.fine.min(v.max(1)), opts.iterations, &mut rng);
    let mut out = BTreeMap::new();
    for (r, &w) in by_freq.iter().take(v).enumerate() {
        out.insert(
            words[w as usize].clone(),
            (coarse[r] as u16, fine[r] as u16),
        );
    }
    out
}

/// Spherical k-means; returns each vector's cluster.
fn kmeans(vecs: &[f32], d: usize, k: usize, iterations: usize, rng: &mut u64) -> Vec<u32> {
    use rayon::prelude::*;
    let n = vecs.len() / d;
    if n == 0 || k == 0 {
        return vec![0; n];
    }
    let mut cent: Vec<f32> = Vec::with_capacity(k * d);
    for _ in 0..k {
        let i = (splitmix(rng) % n as u64) as usize;
        cent.extend_from_slice(&vecs[i * d..(i + 1) * d]);
    }
    let mut assign = vec![0u32; n];
    for _ in 0..iterations {
        assign = (0..n)
            .into_par_iter()
            .map(|i| {
                let x = &vecs[i * d..(i + 1) * d];
                let mut best = (f32::NEG_INFINITY, 0u32);
                for (j, cj) in cent.chunks_exact(d).enumerate() {
                    let s: f32 = x.iter().zip(cj).map(|(a, b)| a * b).sum();
                    if s > best.0 {
                        best = (s, j as u32);
                    }
                }
                best.1
            })
            .collect();
        let mut sum = vec![0f32; k * d];
        let mut cnt = vec![0usize; k];
        for i in 0..n {
            let a = assign[i] as usize;
            cnt[a] += 1;
            for j in 0..d {
                sum[a * d + j] += vecs[i * d + j];
            }
        }
        for a in 0..k {
            if cnt[a] == 0 {
                // Re-seed an empty cluster.
                let i = (splitmix(rng) % n as u64) as usize;
                sum[a * d..(a + 1) * d].copy_from_slice(&vecs[i * d..(i + 1) * d]);
            }
            let s = &mut sum[a * d..(a + 1) * d];
            let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
            s.iter_mut().for_each(|x| *x /= norm);
        }
        cent = sum;
    }
    assign
}
