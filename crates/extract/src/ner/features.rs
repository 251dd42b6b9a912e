//! What the tagger sees of each token: hashed features of the token and its neighbours.
//!
//! Each token is first summarised once ([`TokenInfo`]: hashes of its key and of its stem
//! without proclitics, stem prefixes and suffixes, shape, corpus frequency, gazetteer match,
//! word cluster); each feature is then a hash of a template number and one to three of those
//! values, reduced to a row of the weight table. Nothing is allocated per token once the
//! [`Scratch`] buffers have grown.

use khabar_morph::{Analysis, Buffers, Restore, Segmenter, Skeleton};

use crate::clusters::Clusters;
use crate::gazetteer::{Gazetteer, Match, State};
use crate::norm::push_key;

/// Feature hashing: 2^20 rows of weights.
pub const BITS: u32 = 20;
/// Features per token.
pub const NF: usize = 40;

/// What features are computed from: the segmenter (and its corpus lexicon), the gazetteer and
/// the word clusters.
#[derive(Clone, Copy, Debug)]
pub struct Resources<'a> {
    /// The clitic segmenter.
    pub seg: &'a Segmenter,
    /// Names.
    pub gaz: &'a Gazetteer,
    /// Word clusters learnt from news text.
    pub clusters: &'a Clusters,
}

/// A token's summary.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokenInfo {
    word: u64,
    stem: u64,
    bare: u64,
    clitics: u8,
    prefix: [u64; 3],
    suffix: [u64; 3],
    shape: u8,
    len: u8,
    freq: u8,
    stem_freq: u8,
    name: u8,
    gaz: u8,
    al: u8,
    cluster: [u32; 2],
}

/// Reusable buffers.
#[derive(Debug, Default)]
pub struct Scratch {
    infos: Vec<TokenInfo>,
    keys: Vec<String>,
    stems: Vec<String>,
    sk: Skeleton,
    buf: Buffers,
    matches: Vec<Match>,
    tmp: String,
    starts: Vec<[Option<State>; 2]>,
    cache: rustc_hash::FxHashMap<u64, CachedWord>,
}

impl Scratch {
    /// The stem key (no proclitics, ال restored after ل) of token `i` of the last sentence.
    pub fn stem_key(&self, i: usize) -> &str {
        self.stems.get(i).map_or("", String::as_str)
    }

    /// The key of token `i` of the last sentence.
    pub fn key(&self, i: usize) -> &str {
        self.keys.get(i).map_or("", String::as_str)
    }

    /// Gazetteer matches of the last sentence.
    pub fn matches(&self) -> &[Match] {
        &self.matches
    }
}

#[inline]
fn h(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut x = rustc_hash::FxHasher::default();
    x.write(bytes);
    x.finish() | 1
}

#[inline]
fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let x = x ^ (x >> 32);
    x.wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ b
}

#[inline]
fn row(x: u64) -> u32 {
    let x = (x ^ (x >> 31)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (x >> (64 - BITS)) as u32
}

/// Frequency bucket: 0 for unseen, then one per doubling.
#[inline]
fn fb(f: u32) -> u8 {
    (32 - f.leading_zeros()).min(20) as u8
}

fn shape(word: &str) -> u8 {
    let (mut ar, mut digit, mut latin, mut other) = (false, false, false, false);
    for c in word.chars() {
        if khabar_morph::analysis::is_arabic_letter(c) {
            ar = true;
        } else if c.is_numeric() {
            digit = true;
        } else if c.is_alphabetic() {
            latin = true;
        } else if !khabar_morph::skeleton::is_ignorable(c) {
            other = true;
        }
    }
    match (ar, digit, latin, other) {
        (false, false, false, false) => 0,
        (true, false, false, false) => 1,
        (false, true, false, _) => 2,
        (false, false, true, false) => 3,
        (false, false, false, true) => 4,
        (true, _, _, true) => 5,
        _ => 6,
    }
}

/// Words kept in a [`Scratch`]'s cache before it is emptied.
const CACHE_WORDS: usize = 1 << 16;

/// What is known of a word whatever its sentence.
#[derive(Clone, Debug)]
struct CachedWord {
    word: String,
    key: String,
    stem: String,
    info: TokenInfo,
    starts: [Option<State>; 2],
}

/// Summarises one word (`a`: its clitic analysis, if known).
fn summarise(
    res: &Resources<'_>,
    w: &str,
    a: Option<Analysis>,
    sk: &mut Skeleton,
    buf: &mut Buffers,
    tmp: &mut String,
) -> CachedWord {
    let lex = res.seg.lexicon();
    let mut info = TokenInfo::default();
    let mut key = String::with_capacity(w.len());
    push_key(w, &mut key);
    info.word = h(key.as_bytes());
    info.shape = shape(w);
    sk.fill(w);
    let entry = lex.get(&sk.key);
    info.freq = fb(entry.map_or(0, |e| e.freq));
    let a = match a {
        Some(a) => a,
        None if info.shape == 1 => res.seg.analyze_with(sk, buf),
        None => Analysis::WHOLE,
    };
    info.clitics = a.conj | a.prep << 2 | a.enc << 4;
    let mut stem = String::with_capacity(key.len() + 2);
    let (sa, sb) = a.stem_range(sk.len());
    if a.is_whole() || sa >= sb {
        stem.push_str(&key);
    } else {
        if a.restore == Restore::Alef {
            stem.push('ا');
        }
        for &c in &sk.chars[sa..sb] {
            stem.push(if c == 'ة' { 'ه' } else { c });
        }
        if a.restore == Restore::TaMarbuta && stem.ends_with('ت') {
            stem.pop();
            stem.push('ه');
        }
    }
    info.stem = h(stem.as_bytes());
    let se = if stem == key { entry } else { lex.get(&stem) };
    info.stem_freq = fb(se.map_or(0, |e| e.freq));
    info.name = u8::from(entry.is_some_and(|e| e.name)) | u8::from(se.is_some_and(|e| e.name)) << 1;
    if info.shape == 1 && entry.is_none_or(|e| e.freq == 0) && lex.near_name(&sk.key, tmp) {
        info.name |= 4;
    }
    let bare = match stem.strip_prefix("ال") {
        Some(b) if b.chars().count() >= 2 => {
            info.al = 1;
            b
        }
        _ => stem.as_str(),
    };
    info.bare = h(bare.as_bytes());
    let nc = bare.chars().count();
    info.len = nc.min(12) as u8;
    for k in 1..=3.min(nc) {
        let end = bare.char_indices().nth(k).map_or(bare.len(), |c| c.0);
        let begin = bare.char_indices().nth(nc - k).map_or(0, |c| c.0);
        info.prefix[k - 1] = h(&bare.as_bytes()[..end]);
        info.suffix[k - 1] = h(&bare.as_bytes()[begin..]);
    }
    info.cluster = res
        .clusters
        .get(&key)
        .or_else(|| res.clusters.get(bare))
        .map_or([0, 0], |c| [c.0 + 1, c.1 + 1]);
    let starts = [
        res.gaz.start(&key),
        if stem != key {
            res.gaz.start(&stem)
        } else {
            None
        },
    ];
    CachedWord {
        word: w.to_string(),
        key,
        stem,
        info,
        starts,
    }
}

/// Computes the features of a sentence: `words` are its tokens (exact slices), `analyses`
/// their clitic analyses if already known (else the segmenter runs). Writes `words.len() *
/// NF` row indices to `out`.
///
/// With a `domain` other than 0, each feature also gets a copy specific to that domain
/// (Daumé's "frustratingly easy" domain adaptation): `2 * NF` rows a token.
pub fn extract(
    res: &Resources<'_>,
    words: &[&str],
    analyses: Option<&[Analysis]>,
    domain: u64,
    s: &mut Scratch,
    out: &mut Vec<u32>,
) {
    let n = words.len();
    out.clear();
    s.infos.clear();
    while s.keys.len() < n {
        s.keys.push(String::new());
        s.stems.push(String::new());
    }
    s.starts.clear();
    for (i, w) in words.iter().enumerate() {
        let a = analyses.and_then(|a| a.get(i)).copied();
        let fp = {
            use std::hash::Hasher;
            let mut x = rustc_hash::FxHasher::default();
            x.write(w.as_bytes());
            x.write_u16(a.map_or(0xFFFF, Analysis::pack));
            x.finish()
        };
        let hit = s.cache.get(&fp).filter(|c| c.word == *w);
        let c = match hit {
            Some(c) => c,
            None => {
                let c = summarise(res, w, a, &mut s.sk, &mut s.buf, &mut s.tmp);
                if s.cache.len() >= CACHE_WORDS {
                    s.cache.clear();
                }
                s.cache.entry(fp).insert_entry(c).into_mut()
            }
        };
        s.keys[i].clear();
        s.keys[i].push_str(&c.key);
        s.stems[i].clear();
        s.stems[i].push_str(&c.stem);
        s.infos.push(c.info);
        s.starts.push(c.starts);
    }
    // Gazetteer matches over the sentence.
    {
        let keys: Vec<&str> = s.keys[..n].iter().map(String::as_str).collect();
        res.gaz.matches_from(&keys, &s.starts, &mut s.matches);
    }
    for m in &s.matches {
        for i in m.start..m.end {
            let pos = if m.end - m.start == 1 {
                3
            } else if i == m.start {
                1
            } else {
                2
            };
            s.infos[i].gaz = pos << 6 | m.bits;
        }
    }
    let none = TokenInfo::default();
    let bos = TokenInfo {
        word: 0xB05,
        stem: 0xB05,
        shape: 9,
        ..TokenInfo::default()
    };
    let eos = TokenInfo {
        word: 0xE05,
        stem: 0xE05,
        shape: 10,
        ..TokenInfo::default()
    };
    let _ = none;
    let at = |j: isize| -> &TokenInfo {
        if j < 0 {
            &bos
        } else if j as usize >= n {
            &eos
        } else {
            &s.infos[j as usize]
        }
    };
    for i in 0..n as isize {
        let t = at(i);
        let (p, q) = (at(i - 1), at(i + 1));
        let (p2, q2) = (at(i - 2), at(i + 2));
        let mut hashes = [0u64; NF];
        let mut nh = 0;
        let mut f = |tpl: u64, v: u64| {
            hashes[nh] = mix(tpl.wrapping_mul(0x2545_F491_4F6C_DD1D), v);
            nh += 1;
        };
        f(0, 0);
        f(1, t.word);
        f(2, t.stem);
        f(3, u64::from(t.clitics));
        f(4, t.prefix[0]);
        f(5, t.prefix[1]);
        f(6, t.prefix[2]);
        f(7, t.suffix[0]);
        f(8, t.suffix[1]);
        f(9, t.suffix[2]);
        f(10, u64::from(t.shape) | u64::from(t.len) << 8);
        f(11, u64::from(t.stem_freq) | u64::from(t.name) << 8);
        f(12, p.word);
        f(13, q.word);
        f(14, p2.word);
        f(15, q2.word);
        f(16, p.stem);
        f(17, q.stem);
        f(18, mix(p.word, t.word));
        f(19, mix(t.word, q.word));
        f(20, u64::from(t.gaz));
        f(21, u64::from(p.gaz));
        f(22, u64::from(q.gaz));
        f(23, u64::from(t.gaz) | u64::from(t.stem_freq) << 8);
        f(
            24,
            u64::from(p.shape) | u64::from(t.shape) << 8 | u64::from(q.shape) << 16,
        );
        f(25, u64::from(t.al) | u64::from(t.len) << 8);
        f(
            26,
            u64::from(p.stem_freq) | u64::from(t.stem_freq) << 8 | u64::from(q.stem_freq) << 16,
        );
        f(27, t.bare);
        f(28, mix(u64::from(t.clitics), t.prefix[1]));
        f(29, u64::from(t.cluster[0]));
        f(30, u64::from(t.cluster[1]));
        f(31, u64::from(p.cluster[1]));
        f(32, u64::from(q.cluster[1]));
        f(33, u64::from(p.cluster[0]) | u64::from(t.cluster[0]) << 32);
        f(34, u64::from(t.cluster[0]) | u64::from(q.cluster[0]) << 32);
        f(
            35,
            u64::from(p.gaz) | u64::from(t.gaz) << 8 | u64::from(q.gaz) << 16,
        );
        f(36, mix(p.stem, t.bare));
        f(
            37,
            u64::from(t.freq) | u64::from(t.name) << 8 | u64::from(t.al) << 16,
        );
        f(38, mix(u64::from(p.cluster[1]), t.bare));
        f(39, u64::from(t.cluster[1]) | u64::from(t.gaz) << 32);
        out.extend(hashes.iter().map(|&x| row(x)));
        if domain != 0 {
            out.extend(hashes.iter().map(|&x| row(mix(x, domain))));
        }
    }
}
