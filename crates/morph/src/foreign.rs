//! How foreign a word's letters look: a character-trigram model of transliterated names
//! against native news vocabulary.
//!
//! A transliterated name that no corpus or gazetteer knows (بيلينغهام, كوارون, وولمار) starts
//! with a letter that is also a proclitic, and the segmenter would otherwise read it as ب + a
//! word it does not know either. Its letters give it away: ^بيل, ينغ, هام$ are common in
//! transliterations and rare in Arabic words. The model is a table of log-odds of letter
//! trigrams (with word boundaries), learnt by `khabar train seg` from ANETAC's Arabic
//! transliterations of names and frequent ANT news words; a word's score is the mean over its
//! trigrams, above 0 when it looks more like a transliteration.

use crate::MorphError;

const MAGIC: &[u8; 8] = b"KFORv1\0\0";
/// Hashed trigram slots: 2^17.
const BITS: u32 = 17;
/// Log-odds are stored times this, rounded, in an i8.
const SCALE: f32 = 16.0;
/// Word boundaries, as letters.
const START: char = '\u{2}';
const END: char = '\u{3}';

/// The trigram log-odds table. Empty (all zero, every score 0) when no model is loaded.
#[derive(Clone, PartialEq, Eq)]
pub struct Foreign {
    table: Vec<i8>,
}

impl std::fmt::Debug for Foreign {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let nz = self.table.iter().filter(|&&x| x != 0).count();
        f.debug_struct("Foreign").field("nonzero", &nz).finish()
    }
}

impl Default for Foreign {
    fn default() -> Self {
        Foreign {
            table: vec![0; 1 << BITS],
        }
    }
}

#[inline]
fn slot(a: char, b: char, c: char) -> usize {
    let x = (u64::from(a) << 42) ^ (u64::from(b) << 21) ^ u64::from(c);
    // The splitmix64 finaliser: every input bit moves the top bits.
    let x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    ((x ^ (x >> 31)) >> (64 - BITS)) as usize
}

/// Calls `f` with the slot of each trigram of `chars` framed by the boundaries.
#[inline]
fn trigrams(chars: &[char], mut f: impl FnMut(usize)) {
    let n = chars.len();
    let at = |i: usize| -> char {
        match i {
            0 => START,
            i if i <= n => chars[i - 1],
            _ => END,
        }
    };
    for i in 0..n {
        f(slot(at(i), at(i + 1), at(i + 2)));
    }
}

impl Foreign {
    /// Learns the table from letters of transliterated names (`foreign`) and of native words
    /// (`native`, each with a weight such as its corpus frequency, or 1). Words are skeleton
    /// letters ([`crate::Skeleton::chars`]).
    pub fn train<'a>(
        foreign: impl IntoIterator<Item = &'a [char]>,
        native: impl IntoIterator<Item = (&'a [char], f64)>,
    ) -> Self {
        let mut f = vec![0f64; 1 << BITS];
        let mut n = vec![0f64; 1 << BITS];
        let (mut tf, mut tn) = (0f64, 0f64);
        for w in foreign {
            trigrams(w, |i| {
                f[i] += 1.0;
                tf += 1.0;
            });
        }
        for (w, weight) in native {
            trigrams(w, |i| {
                n[i] += weight;
                tn += weight;
            });
        }
        let seen = f
            .iter()
            .zip(&n)
            .filter(|(a, b)| **a > 0.0 || **b > 0.0)
            .count() as f64;
        // Additive smoothing: an unseen trigram on one side is worth half an occurrence.
        const ALPHA: f64 = 0.5;
        let (df, dn) = (tf + ALPHA * seen, tn + ALPHA * seen);
        let table = f
            .iter()
            .zip(&n)
            .map(|(&a, &b)| {
                if a == 0.0 && b == 0.0 {
                    return 0;
                }
                let lo = ((a + ALPHA) / df).ln() - ((b + ALPHA) / dn).ln();
                (lo as f32 * SCALE).round().clamp(-127.0, 127.0) as i8
            })
            .collect();
        Foreign { table }
    }

    /// The mean log-odds of the trigrams of `chars` (skeleton letters): above 0 when the word
    /// looks more like a transliteration than an Arabic word; 0 for no letters.
    #[inline]
    pub fn score(&self, chars: &[char]) -> f32 {
        if chars.is_empty() {
            return 0.0;
        }
        let mut sum = 0i32;
        trigrams(chars, |i| sum += i32::from(self.table[i]));
        sum as f32 / SCALE / chars.len() as f32
    }

    /// True when no model is loaded.
    pub fn is_empty(&self) -> bool {
        self.table.iter().all(|&x| x == 0)
    }

    /// Serialises the table.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(12 + self.table.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&BITS.to_le_bytes());
        out.extend(self.table.iter().map(|&x| x as u8));
        out
    }

    /// Reads what [`Foreign::to_bytes`] wrote.
    pub fn from_bytes(b: &[u8]) -> Result<Self, MorphError> {
        let bad = |why: &str| MorphError::Model(format!("transliteration model: {why}"));
        if b.len() < 12 || &b[..8] != MAGIC {
            return Err(bad("bad header"));
        }
        if u32::from_le_bytes([b[8], b[9], b[10], b[11]]) != BITS {
            return Err(bad("trained with a different table size"));
        }
        if b.len() != 12 + (1 << BITS) {
            return Err(bad("truncated or trailing bytes"));
        }
        Ok(Foreign {
            table: b[12..].iter().map(|&x| x as i8).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Skeleton;

    fn chars(w: &str) -> Vec<char> {
        Skeleton::new(w).chars
    }

    /// Invented name-like strings against invented Arabic-like words: the model learns to tell
    /// their letters apart, and keeps doing so after a round trip through its bytes.
    #[test]
    fn transliterations_score_above_native_words() {
        let foreign: Vec<Vec<char>> = ["بيلوفيرغ", "كوراندو", "فيرغستون", "بيرغامو", "لوفيرغ"]
            .iter()
            .map(|w| chars(w))
            .collect();
        let native: Vec<Vec<char>> = ["الحكومة", "المجلس", "الوزراء", "حكومات", "مجالس"]
            .iter()
            .map(|w| chars(w))
            .collect();
        let m = Foreign::train(
            foreign.iter().map(Vec::as_slice),
            native.iter().map(|w| (w.as_slice(), 1.0)),
        );
        let f = m.score(&chars("فيرغامو"));
        let n = m.score(&chars("الحكومات"));
        assert!(f > 0.5 && n < -0.5, "foreign {f}, native {n}");
        let back = Foreign::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back, m);
        assert_eq!(Foreign::default().score(&chars("فيرغامو")), 0.0);
        assert!(Foreign::default().is_empty() && !m.is_empty());
        assert_eq!(m.score(&[]), 0.0);
        assert!(Foreign::from_bytes(&m.to_bytes()[..100]).is_err());
        assert!(Foreign::from_bytes(b"not a model").is_err());
    }
}
