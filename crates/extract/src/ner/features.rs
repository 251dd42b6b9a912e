//! What the tagger sees of each token: hashed features of the token and its neighbours.
//!
//! Each token is first summarised once ([`TokenInfo`]: hashes of its key and of its stem
//! without proclitics, stem prefixes and suffixes, shape, corpus frequency, gazetteer match,
//! word cluster); each feature is then a hash of a template number and one to three of those
//! values, reduced to a row of the weight table. Nothing is allocated per token once the
//! [`Scratch`] buffers have grown.

use khabar_morph::{Analysis, Buffers, InlineWord, Restore, Segmenter, Skeleton};

use crate::clusters::Clusters;
use crate::gazetteer::{Gazetteer, Match, State};
use crate::ner::NT;
use crate::ner::tagger::Packed;
use crate::norm::push_key;

/// Feature hashing: 2^20 rows of weights.
pub const BITS: u32 = 20;
/// Features per token.
pub const NF: usize = 41;

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
    /// The classes of the word (or of its stem) as a one-word name of the gazetteer, whether or
    /// not a longer name covers it in the sentence (`gaz` gives the longest match only).
    classes: u8,
}

/// Reusable buffers.
#[derive(Debug, Default)]
pub struct Scratch {
    infos: Vec<TokenInfo>,
    /// Where each token of the sentence is in `slab`.
    ids: Vec<u32>,
    sk: Skeleton,
    buf: Buffers,
    matches: Vec<Match>,
    tmp: String,
    starts: Vec<[Option<State>; 2]>,
    /// Slab index of each cached word, by the hash of the word and its analysis.
    cache: rustc_hash::FxHashMap<u64, u32>,
    /// What is known of the words met since the cache was last emptied (emptied only between
    /// sentences, so that `ids` stay valid for the whole sentence).
    slab: Vec<CachedWord>,
    /// The rows each token of the sentence reads (see [`scores`]), and where each one's end.
    rows: Vec<u32>,
    row_ends: Vec<usize>,
    /// The scores of the tokens before and after a sentence ([`BOS`], [`EOS`]), and the sum
    /// of the [`gaz_around`] features of a token whose neighbours match no name.
    edges: Option<([WordScores; 2], [f64; NT])>,
    /// Whose resources and model the cache holds (see [`scores`]).
    owner: u64,
}

impl Scratch {
    fn word(&self, i: usize) -> Option<&CachedWord> {
        self.slab.get(*self.ids.get(i)? as usize)
    }

    /// The stem key (no proclitics, ال restored after ل) of token `i` of the last sentence.
    pub fn stem_key(&self, i: usize) -> &str {
        self.word(i).map_or("", |c| c.stem.as_str())
    }

    /// The key of token `i` of the last sentence.
    pub fn key(&self, i: usize) -> &str {
        self.word(i).map_or("", |c| c.key.as_str())
    }

    /// How token `i` of the last sentence begins a name of khabar's own lists of names: by its
    /// stem key (`Some(false)`), by its whole key where the segmenter took the name's first
    /// letter for a proclitic (`Some(true)`: بوروسيا read ب + وروسيا), or not (`None`). `test`
    /// of a key is worked out once per word the cache holds (news repeats its words, and most
    /// begin no such name).
    pub fn begins_own_name(&mut self, i: usize, test: impl Fn(&str) -> bool) -> Option<bool> {
        let &k = self.ids.get(i)?;
        let c = self.slab.get_mut(k as usize)?;
        *c.own_name.get_or_insert_with(|| {
            if test(&c.stem) {
                Some(false)
            } else {
                (c.key != c.stem && test(&c.key)).then_some(true)
            }
        })
    }

    /// The word keys of a mention over `tokens` of the last sentence: the first word's stem key
    /// (without proclitics), then the later words' keys.
    pub fn mention_keys(&self, tokens: std::ops::Range<usize>) -> Vec<String> {
        let first = tokens.start;
        tokens
            .map(|k| {
                if k == first {
                    self.stem_key(k).to_string()
                } else {
                    self.key(k).to_string()
                }
            })
            .collect()
    }

    /// Gazetteer matches of the last sentence.
    pub fn matches(&self) -> &[Match] {
        &self.matches
    }

    /// Empties the word cache.
    fn forget(&mut self) {
        self.cache.clear();
        self.slab.clear();
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
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let x = x ^ (x >> 32);
    x.wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ b
}

#[inline]
pub(crate) fn row(x: u64) -> u32 {
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

/// The token before a sentence.
const BOS: TokenInfo = TokenInfo {
    word: 0xB05,
    stem: 0xB05,
    bare: 0,
    clitics: 0,
    prefix: [0; 3],
    suffix: [0; 3],
    shape: 9,
    len: 0,
    freq: 0,
    stem_freq: 0,
    name: 0,
    gaz: 0,
    al: 0,
    cluster: [0; 2],
    classes: 0,
};

/// The token after a sentence.
const EOS: TokenInfo = TokenInfo {
    word: 0xE05,
    stem: 0xE05,
    shape: 10,
    ..BOS
};

/// The hash of feature template `tpl` with value `v`.
#[inline]
fn feat(tpl: u64, v: u64) -> u64 {
    mix(tpl.wrapping_mul(0x2545_F491_4F6C_DD1D), v)
}

/// Where a word stands relative to the token whose features it gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Own,
    Prev,
    Next,
    Prev2,
    Next2,
}

/// The features of a token that depend on one word alone (`t`, standing at `role`), whatever
/// the sentence: 27 of the [`NF`]. Gazetteer bits are left out (they depend on the sentence).
#[inline]
fn single(role: Role, t: &TokenInfo, f: &mut impl FnMut(u64)) {
    match role {
        Role::Own => {
            f(feat(0, 0));
            f(feat(1, t.word));
            f(feat(2, t.stem));
            f(feat(3, u64::from(t.clitics)));
            f(feat(4, t.prefix[0]));
            f(feat(5, t.prefix[1]));
            f(feat(6, t.prefix[2]));
            f(feat(7, t.suffix[0]));
            f(feat(8, t.suffix[1]));
            f(feat(9, t.suffix[2]));
            f(feat(10, u64::from(t.shape) | u64::from(t.len) << 8));
            f(feat(11, u64::from(t.stem_freq) | u64::from(t.name) << 8));
            f(feat(25, u64::from(t.al) | u64::from(t.len) << 8));
            f(feat(27, t.bare));
            f(feat(28, mix(u64::from(t.clitics), t.prefix[1])));
            f(feat(29, u64::from(t.cluster[0])));
            f(feat(30, u64::from(t.cluster[1])));
            f(feat(
                37,
                u64::from(t.freq) | u64::from(t.name) << 8 | u64::from(t.al) << 16,
            ));
            f(feat(40, u64::from(t.classes)));
        }
        Role::Prev => {
            f(feat(12, t.word));
            f(feat(16, t.stem));
            f(feat(31, u64::from(t.cluster[1])));
        }
        Role::Next => {
            f(feat(13, t.word));
            f(feat(17, t.stem));
            f(feat(32, u64::from(t.cluster[1])));
        }
        Role::Prev2 => f(feat(14, t.word)),
        Role::Next2 => f(feat(15, t.word)),
    }
}

/// The features of token `t` that depend on the sentence: those that combine it with its
/// neighbours `p` and `q` ([`pairs`]) and those of the gazetteer's matches ([`gaz_own`],
/// [`gaz_around`]), 14 in all.
#[inline]
fn joint(p: &TokenInfo, t: &TokenInfo, q: &TokenInfo, f: &mut impl FnMut(u64)) {
    pairs(p, t, q, f);
    gaz_own(t, f);
    gaz_around(p, t, q, f);
}

/// The features that combine token `t` with its neighbours.
#[inline]
fn pairs(p: &TokenInfo, t: &TokenInfo, q: &TokenInfo, f: &mut impl FnMut(u64)) {
    f(feat(18, mix(p.word, t.word)));
    f(feat(19, mix(t.word, q.word)));
    f(feat(
        24,
        u64::from(p.shape) | u64::from(t.shape) << 8 | u64::from(q.shape) << 16,
    ));
    f(feat(
        26,
        u64::from(p.stem_freq) | u64::from(t.stem_freq) << 8 | u64::from(q.stem_freq) << 16,
    ));
    f(feat(
        33,
        u64::from(p.cluster[0]) | u64::from(t.cluster[0]) << 32,
    ));
    f(feat(
        34,
        u64::from(t.cluster[0]) | u64::from(q.cluster[0]) << 32,
    ));
    f(feat(36, mix(p.stem, t.bare)));
    f(feat(38, mix(u64::from(p.cluster[1]), t.bare)));
}

/// The features of token `t`'s own gazetteer bits: single-word ones when they are 0, as
/// they are for most tokens.
#[inline]
fn gaz_own(t: &TokenInfo, f: &mut impl FnMut(u64)) {
    f(feat(20, u64::from(t.gaz)));
    f(feat(23, u64::from(t.gaz) | u64::from(t.stem_freq) << 8));
    f(feat(39, u64::from(t.cluster[1]) | u64::from(t.gaz) << 32));
}

/// The features of the gazetteer bits around token `t`: the same three rows whenever the
/// three tokens match no name.
#[inline]
fn gaz_around(p: &TokenInfo, t: &TokenInfo, q: &TokenInfo, f: &mut impl FnMut(u64)) {
    f(feat(21, u64::from(p.gaz)));
    f(feat(22, u64::from(q.gaz)));
    f(feat(
        35,
        u64::from(p.gaz) | u64::from(t.gaz) << 8 | u64::from(q.gaz) << 16,
    ));
}

/// Words kept in a [`Scratch`]'s cache before it is emptied.
const CACHE_WORDS: usize = 1 << 16;

/// What is known of a word whatever its sentence.
#[derive(Clone, Debug)]
struct CachedWord {
    /// The word itself, kept next to what is known of it: checking a cache hit then reads no
    /// other memory.
    word: InlineWord,
    key: String,
    stem: String,
    info: TokenInfo,
    starts: [Option<State>; 2],
    /// Filled by [`scores`].
    scores: Option<WordScores>,
    /// How the word begins a name of khabar's own lists of names, once asked
    /// ([`Scratch::begins_own_name`]).
    own_name: Option<Option<bool>>,
}

/// A word key without its first letter when that is a one-letter proclitic (و ف ب ل ك) and at
/// least three letters remain, ال restored after ل (للدوحه: الدوحه); written to `buf`.
fn without_proclitic<'b>(key: &str, buf: &'b mut String) -> Option<&'b str> {
    let mut cs = key.chars();
    let c = cs.next()?;
    let rest = cs.as_str();
    if !matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك') || rest.chars().count() < 3 {
        return None;
    }
    buf.clear();
    if c == 'ل' && rest.starts_with('ل') {
        buf.push('ا');
    }
    buf.push_str(rest);
    Some(buf)
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
            stem.push_str(khabar_morph::article_prefix(
                sk.chars[sa..sb].iter().copied(),
            ));
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
    // The cluster of a word the corpus clustering never saw may be its stem's, or, when the
    // segmenter left it whole, that of the word without a one-letter proclitic (ال restored
    // after ل: للدوحة gives الدوحة).
    info.cluster = res
        .clusters
        .get(&key)
        .or_else(|| res.clusters.get(bare))
        .or_else(|| {
            let rest = (a.conj == 0 && a.prep == 0 && info.shape == 1)
                .then(|| without_proclitic(&key, tmp))
                .flatten()?;
            res.clusters.get(rest)
        })
        .map_or([0, 0], |c| [c.0 + 1, c.1 + 1]);
    let starts = [
        res.gaz.start(&key),
        if stem != key {
            res.gaz.start(&stem)
        } else {
            None
        },
    ];
    info.classes = res.gaz.classes_at(starts[0]) | res.gaz.classes_at(starts[1]);
    CachedWord {
        word: InlineWord::new(w).unwrap_or_default(),
        key,
        stem,
        info,
        starts,
        scores: None,
        own_name: None,
    }
}

/// Fills `s` with what is known of each word of a sentence (from the cache, else
/// [`summarise`]d) and marks its gazetteer matches. With a model's weights, each word's
/// [`WordScores`] are cached too.
fn prepare(
    res: &Resources<'_>,
    model: Option<&Packed>,
    words: &[&str],
    analyses: Option<&[Analysis]>,
    s: &mut Scratch,
) {
    let n = words.len();
    s.infos.clear();
    s.ids.clear();
    s.starts.clear();
    if s.slab.len() + n > CACHE_WORDS {
        s.forget();
    }
    for (i, w) in words.iter().enumerate() {
        let a = analyses.and_then(|a| a.get(i)).copied();
        let fp = {
            use std::hash::Hasher;
            let mut x = rustc_hash::FxHasher::default();
            x.write(w.as_bytes());
            x.write_u16(a.map_or(0xFFFF, Analysis::pack));
            x.finish()
        };
        let hit = s
            .cache
            .get(&fp)
            .copied()
            .filter(|&k| s.slab.get(k as usize).is_some_and(|c| c.word.is(w)));
        let k = match hit {
            Some(k) => k as usize,
            None => {
                let c = summarise(res, w, a, &mut s.sk, &mut s.buf, &mut s.tmp);
                let k = s.slab.len();
                if !w.is_empty() && w.len() <= InlineWord::CAP {
                    s.cache.insert(fp, k as u32);
                }
                s.slab.push(c);
                k
            }
        };
        let c = &mut s.slab[k];
        if let Some(m) = model
            && c.scores.is_none()
        {
            c.scores = Some(WordScores::new(m, &c.info));
        }
        s.ids.push(k as u32);
        s.infos.push(c.info);
        s.starts.push(c.starts);
    }
    // Gazetteer matches over the sentence.
    {
        let keys: Vec<&str> = s
            .ids
            .iter()
            .map(|&k| s.slab.get(k as usize).map_or("", |c| c.key.as_str()))
            .collect();
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
}

/// Emission scores of a sentence under a model whose weights are `packed`,
/// `words.len() * NT` of them: the scores [`Model::emissions`](super::tagger::Model::emissions)
/// gives from [`extract`]'s rows. Each word's single-word features are summed once per word
/// and cached in `s` ([`WordScores`]); only the features that depend on the sentence are
/// looked up per token. `owner` names `res` and the model together: the cache is emptied
/// when it changes, as its contents depend on both.
pub(crate) fn scores(
    res: &Resources<'_>,
    packed: &Packed,
    owner: u64,
    words: &[&str],
    analyses: Option<&[Analysis]>,
    s: &mut Scratch,
    out: &mut Vec<f32>,
) {
    let n = words.len();
    out.clear();
    out.resize(n * NT, 0.0);
    if packed.empty {
        return;
    }
    if s.owner != owner {
        s.forget();
        s.edges = None;
        s.owner = owner;
    }
    prepare(res, Some(packed), words, analyses, s);
    let (edges, no_gaz) = *s.edges.get_or_insert_with(|| {
        let mut no_gaz = [0f64; NT];
        let none = TokenInfo::default();
        gaz_around(&none, &none, &none, &mut |x| {
            packed.add_feature(x, &mut no_gaz)
        });
        ([BOS, EOS].map(|t| WordScores::new(packed, &t)), no_gaz)
    });
    let slab = &s.slab;
    let ids = &s.ids;
    let ws = |i: usize| -> &WordScores {
        ids.get(i)
            .and_then(|&k| slab.get(k as usize)?.scores.as_ref())
            .unwrap_or(&ZERO)
    };
    let at = |j: usize| -> &TokenInfo {
        match j.checked_sub(1) {
            None => &BOS,
            Some(j) => s.infos.get(j).unwrap_or(&EOS),
        }
    };
    // First the rows each token reads beyond its words' cached sums, then the sums: the
    // reads of a sentence (mostly cache misses) are independent and overlap.
    s.rows.clear();
    s.row_ends.clear();
    // At most 16 rows a token (without domain copies): no reallocation in the loop.
    s.rows.reserve(16 * n);
    s.row_ends.reserve(n);
    for i in 0..n {
        let (p, t, q) = (at(i), at(i + 1), at(i + 2));
        let rows = &mut s.rows;
        let mut push = |x: u64| packed.push_feature(x, rows);
        let p2 = if i >= 2 { ws(i - 2) } else { &edges[0] };
        let q2 = if i + 2 < n { ws(i + 2) } else { &edges[1] };
        push(p2.prev2);
        push(q2.next2);
        pairs(p, t, q, &mut push);
        if t.gaz != 0 {
            gaz_own(t, &mut push);
        }
        if p.gaz != 0 || t.gaz != 0 || q.gaz != 0 {
            gaz_around(p, t, q, &mut push);
        }
        s.row_ends.push(s.rows.len());
    }
    let mut from = 0;
    for (i, dst) in out.chunks_exact_mut(NT).enumerate() {
        let (p, t, q) = (at(i), at(i + 1), at(i + 2));
        let mut acc = if t.gaz == 0 { ws(i).own0 } else { ws(i).own };
        let mut add = |v: &[f64; NT]| acc.iter_mut().zip(v).for_each(|(a, b)| *a += b);
        add(if i >= 1 {
            &ws(i - 1).prev
        } else {
            &edges[0].prev
        });
        add(if i + 1 < n {
            &ws(i + 1).next
        } else {
            &edges[1].next
        });
        if p.gaz == 0 && t.gaz == 0 && q.gaz == 0 {
            add(&no_gaz);
        }
        let to = s.row_ends[i];
        packed.add_rows(&s.rows[from..to], &mut acc);
        from = to;
        acc[0] += f64::from(packed.o_bias);
        for (d, a) in dst.iter_mut().zip(acc) {
            *d = a as f32;
        }
    }
}

/// A word's part of the emission scores of the tokens around it: the weights of its
/// [`single`] features (with their domain copies) summed by the role it plays. Sums are kept
/// in `f64`, where adding weights stored as `f16` is exact in any order, so scores do not
/// depend on which features were grouped.
#[derive(Clone, Copy, Debug)]
struct WordScores {
    own: [f64; NT],
    /// `own` and the word's [`gaz_own`] features when it matches no name.
    own0: [f64; NT],
    prev: [f64; NT],
    next: [f64; NT],
    /// The one feature it gives the token two after it, and the one two before.
    prev2: u64,
    next2: u64,
}

/// The scores of nothing: never read for a token of a sentence, whose words all have scores.
const ZERO: WordScores = WordScores {
    own: [0.0; NT],
    own0: [0.0; NT],
    prev: [0.0; NT],
    next: [0.0; NT],
    prev2: 0,
    next2: 0,
};

impl WordScores {
    fn new(packed: &Packed, t: &TokenInfo) -> Self {
        let sum = |role: Role| {
            let mut acc = [0f64; NT];
            single(role, t, &mut |x| packed.add_feature(x, &mut acc));
            acc
        };
        let one = |role: Role| {
            let mut h = 0;
            single(role, t, &mut |x| h = x);
            h
        };
        let own = sum(Role::Own);
        let mut own0 = own;
        // The cached summary has no gazetteer bits (they depend on the sentence).
        gaz_own(&TokenInfo { gaz: 0, ..*t }, &mut |x| {
            packed.add_feature(x, &mut own0)
        });
        WordScores {
            own,
            own0,
            prev: sum(Role::Prev),
            next: sum(Role::Next),
            prev2: one(Role::Prev2),
            next2: one(Role::Next2),
        }
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
    prepare(res, None, words, analyses, s);
    let bos = BOS;
    let eos = EOS;
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
        let mut f = |x: u64| {
            hashes[nh] = x;
            nh += 1;
        };
        for (role, info) in [
            (Role::Own, t),
            (Role::Prev, p),
            (Role::Next, q),
            (Role::Prev2, p2),
            (Role::Next2, q2),
        ] {
            single(role, info, &mut f);
        }
        joint(p, t, q, &mut f);
        debug_assert_eq!(nh, NF);
        out.extend(hashes.iter().map(|&x| row(x)));
        if domain != 0 {
            out.extend(hashes.iter().map(|&x| row(mix(x, domain))));
        }
    }
}

/// The two rows of the document features of a token, for a second pass (the experiment of
/// `khabar train ner --stack`): its first-pass tag `own` with `seen`, and `seen` alone, where
/// `seen` has bit k when its stem was tagged with type k elsewhere in the document, bit 4 when
/// it was left untagged there.
pub fn doc_rows(own: u8, seen: u8, out: &mut Vec<u32>) {
    out.push(row(feat(48, u64::from(own) | u64::from(seen) << 8)));
    out.push(row(feat(49, u64::from(seen))));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_letter_proclitic_comes_off() {
        let mut buf = String::new();
        assert_eq!(without_proclitic("للدوحه", &mut buf), Some("الدوحه"));
        assert_eq!(without_proclitic("وبغداد", &mut buf), Some("بغداد"));
        assert_eq!(without_proclitic("كابول", &mut buf), Some("ابول"));
        assert_eq!(without_proclitic("بلد", &mut buf), None);
        assert_eq!(without_proclitic("مصر", &mut buf), None);
        assert_eq!(without_proclitic("", &mut buf), None);
    }
}
