//! The lexicon: word frequencies from the ANT news corpus, protected names from the
//! gazetteers, and the segmenter's precomputed analysis of every frequent word, in one
//! finite-state map keyed by skeleton (see [`crate::skeleton`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::MorphError;
use crate::analysis::Analysis;
use crate::foreign::Foreign;

const HAS_ANALYSIS: u64 = 1 << 47;
const NAME: u64 = 1 << 48;
const HAS_STEM: u64 = 1 << 49;
const STEM_AL: u64 = 1 << 50;
const STEM_CUT_SHIFT: u32 = 51;
/// Marks a key of the typo index in the hash table (no entry packs to this bit).
const TYPO: u64 = 1 << 63;
/// Keys of the typo index start with this character, which no word contains.
const FUZZY_MARK: char = '\u{1}';

/// What the lexicon knows about one key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    /// Occurrences in the corpus the lexicon was built from.
    pub freq: u32,
    /// The segmenter's analysis, precomputed at training time.
    pub analysis: Option<Analysis>,
    /// A protected proper name: never split, never stemmed.
    pub name: bool,
    /// How the search analyser stems the word's stem, precomputed at training time.
    pub stem: Option<StemRule>,
}

/// How the light stemmer changes a stem: whether it drops the article, and how many letters it
/// drops from the end (at most 3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StemRule {
    /// Drop a leading ال.
    pub article: bool,
    /// Letters dropped from the end.
    pub cut: u8,
}

impl Entry {
    fn pack(self) -> u64 {
        let mut v = u64::from(self.freq);
        if let Some(a) = self.analysis {
            v |= HAS_ANALYSIS | u64::from(a.pack()) << 32;
        }
        if self.name {
            v |= NAME;
        }
        if let Some(r) = self.stem {
            v |= HAS_STEM | u64::from(r.cut.min(3)) << STEM_CUT_SHIFT;
            if r.article {
                v |= STEM_AL;
            }
        }
        v
    }

    fn unpack(v: u64) -> Entry {
        Entry {
            freq: v as u32,
            analysis: if v & HAS_ANALYSIS != 0 {
                Analysis::unpack((v >> 32) as u16 & 0x0FFF)
            } else {
                None
            },
            name: v & NAME != 0,
            stem: (v & HAS_STEM != 0).then_some(StemRule {
                article: v & STEM_AL != 0,
                cut: (v >> STEM_CUT_SHIFT & 3) as u8,
            }),
        }
    }
}

/// A read-only lexicon.
///
/// Stored as a finite-state map (compact, compiled into the binary); on first lookup its words
/// are copied into an open-addressing table keyed by a 64-bit fingerprint of the word, because
/// every word of every text is looked up, and one probe of a table of integers costs a fraction
/// of an fst walk or of a string table's pointer chase and compare. (No two words of the lexicon
/// share a fingerprint, which a test checks; an unknown word taken for a known one by sharing a
/// fingerprint is a one in 10^13 event.)
#[derive(Clone)]
pub struct Lexicon {
    map: fst::Map<Cow<'static, [u8]>>,
    hot: Arc<OnceLock<Table>>,
    /// How foreign a word's letters look (kept beside the lexicon, in its own file).
    foreign: Arc<Foreign>,
}

/// The fingerprint of a key: 8 bytes at a time (a skeleton key is 2 bytes a letter, so most
/// keys take one or two rounds), each round a full-avalanche bijection of the state (the
/// splitmix64 finaliser), so that keys of the same length that differ in one 8-byte block never
/// collide, and others only by chance; the length seeds the state.
#[inline]
fn fingerprint(key: &[u8]) -> u64 {
    #[inline]
    fn round(h: u64, block: u64) -> u64 {
        let mut x = h ^ block;
        x = (x ^ x >> 30).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ x >> 27).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^ x >> 31
    }
    let mut h = (key.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let (blocks, rest) = key.as_chunks::<8>();
    for b in blocks {
        h = round(h, u64::from_le_bytes(*b));
    }
    if !rest.is_empty() || key.is_empty() {
        // The last bytes, zero-padded, by shifts (a copy into a buffer calls memcpy).
        let mut w = 0u64;
        for (i, &b) in rest.iter().enumerate() {
            w |= u64::from(b) << (8 * i);
        }
        h = round(h, w);
    }
    h
}

/// Fingerprint -> packed entry, open addressing with linear probing; fingerprint 0 marks an
/// empty slot (a key whose fingerprint is 0 is stored as 1).
struct Table {
    slots: Box<[(u64, u64)]>,
    shift: u32,
}

impl Table {
    fn with_capacity(n: usize) -> Table {
        // At most three quarters full: short probe runs, within one or two cache lines.
        let cap = (n + n / 3 + 1).next_power_of_two().max(2);
        Table {
            slots: vec![(0, 0); cap].into_boxed_slice(),
            shift: 64 - cap.trailing_zeros(),
        }
    }

    #[inline]
    fn fp(key: &[u8]) -> u64 {
        fingerprint(key).max(1)
    }

    /// Inserts; false when the fingerprint is already there (the entry is left as it was).
    fn insert(&mut self, fp: u64, v: u64) -> bool {
        let mask = self.slots.len() - 1;
        let mut i = (fp >> self.shift) as usize;
        loop {
            let slot = &mut self.slots[i];
            if slot.0 == 0 {
                *slot = (fp, v);
                return true;
            }
            if slot.0 == fp {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    fn get(&self, fp: u64) -> Option<u64> {
        let mask = self.slots.len() - 1;
        let mut i = (fp >> self.shift) as usize;
        loop {
            let (k, v) = self.slots[i];
            if k == fp {
                return Some(v);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("keys", &self.map.len())
            .finish()
    }
}

impl Lexicon {
    /// A lexicon from the bytes [`LexiconBuilder::to_bytes`] wrote.
    pub fn from_bytes(bytes: impl Into<Cow<'static, [u8]>>) -> Result<Self, MorphError> {
        let map = fst::Map::new(bytes.into())
            .map_err(|e| MorphError::Lexicon(format!("not a lexicon file: {e}")))?;
        Ok(Lexicon {
            map,
            hot: Arc::default(),
            foreign: Arc::default(),
        })
    }

    /// An empty lexicon.
    pub fn empty() -> Self {
        let bytes = LexiconBuilder::default().to_bytes();
        Lexicon {
            map: fst::Map::new(Cow::Owned(bytes)).expect("an empty map is valid"),
            hot: Arc::default(),
            foreign: Arc::default(),
        }
    }

    /// The lexicon with a transliteration model ([`Foreign`]) beside it.
    pub fn with_foreign(mut self, foreign: Foreign) -> Self {
        self.foreign = Arc::new(foreign);
        self
    }

    /// The transliteration model (empty unless [`Lexicon::with_foreign`] set one).
    #[inline]
    pub fn foreign(&self) -> &Foreign {
        &self.foreign
    }

    /// What the lexicon knows about `key` (a skeleton key).
    #[inline]
    pub fn get(&self, key: &str) -> Option<Entry> {
        self.table()
            .get(Table::fp(key.as_bytes()))
            .filter(|v| v & TYPO == 0)
            .map(Entry::unpack)
    }

    /// The hash table, built on first use.
    fn table(&self) -> &Table {
        self.hot.get_or_init(|| {
            use fst::Streamer;
            let mut t = Table::with_capacity(self.map.len());
            let mut s = self.map.stream();
            while let Some((k, v)) = s.next() {
                // The typo index's keys are marked as such: `get` does not see them.
                let v = if k.first() == Some(&1) { TYPO } else { v };
                // A shared fingerprint keeps the first key (a test checks there is none).
                t.insert(Table::fp(k), v);
            }
            t
        })
    }

    /// The corpus frequency of `key`, 0 if unknown.
    #[inline]
    pub fn freq(&self, key: &str) -> u32 {
        self.get(key).map_or(0, |e| e.freq)
    }

    /// True when `key` is a protected name.
    #[inline]
    pub fn is_name(&self, key: &str) -> bool {
        self.get(key).is_some_and(|e| e.name)
    }

    /// True when `word` (a skeleton key unknown to the corpus) is a protected person's name of
    /// six letters or more with one letter dropped: a misspelt name (بلنكن, بلينك for بلينكن)
    /// is still a name. Only dropped letters: allowing added or changed ones matched too many
    /// ordinary words with clitics.
    pub fn near_name(&self, word: &str, buf: &mut String) -> bool {
        buf.clear();
        buf.push(FUZZY_MARK);
        buf.push_str(word);
        self.table()
            .get(Table::fp(buf.as_bytes()))
            .is_some_and(|v| v & TYPO != 0)
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when the lexicon has no keys.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Every word and its entry, in key order (without the typo index).
    pub fn entries(&self) -> Vec<(String, Entry)> {
        use fst::Streamer;
        let mut out = Vec::with_capacity(self.map.len());
        let mut s = self.map.stream();
        while let Some((k, v)) = s.next() {
            if k.first() == Some(&1) {
                continue;
            }
            out.push((String::from_utf8_lossy(k).into_owned(), Entry::unpack(v)));
        }
        out
    }
}

/// Builds a lexicon.
#[derive(Clone, Debug, Default)]
pub struct LexiconBuilder {
    entries: BTreeMap<String, Entry>,
}

impl LexiconBuilder {
    /// A builder holding `lexicon`'s entries.
    pub fn from_lexicon(lexicon: &Lexicon) -> Self {
        LexiconBuilder {
            entries: lexicon.entries().into_iter().collect(),
        }
    }

    /// Adds `n` occurrences of `key`.
    pub fn add_freq(&mut self, key: &str, n: u32) {
        let e = self.entries.entry(key.to_string()).or_default();
        e.freq = e.freq.saturating_add(n);
    }

    /// Marks `key` as a protected name.
    pub fn add_name(&mut self, key: &str) {
        self.entries.entry(key.to_string()).or_default().name = true;
    }

    /// Adds a person's name to the typo index used by [`Lexicon::near_name`]: each form of it
    /// with one letter dropped. Names shorter than six letters are left out (too many words
    /// are one letter from them).
    pub fn add_near_name(&mut self, key: &str) {
        let chars: Vec<char> = key.chars().collect();
        if chars.len() < 6 {
            return;
        }
        let mut add = |s: String| {
            self.entries.entry(s).or_default();
        };
        for i in 0..chars.len() {
            add(std::iter::once(FUZZY_MARK)
                .chain(
                    chars
                        .iter()
                        .enumerate()
                        .filter(|&(j, _)| j != i)
                        .map(|(_, &c)| c),
                )
                .collect());
        }
    }

    /// Sets the precomputed stemming of `key`.
    pub fn set_stem(&mut self, key: &str, r: StemRule) {
        if let Some(e) = self.entries.get_mut(key) {
            e.stem = Some(r);
        }
    }

    /// Sets the precomputed analysis of `key`.
    pub fn set_analysis(&mut self, key: &str, a: Analysis) {
        if let Some(e) = self.entries.get_mut(key) {
            e.analysis = Some(a);
        }
    }

    /// Drops keys seen fewer than `min` times that are not names.
    pub fn prune(&mut self, min: u32) {
        self.entries
            .retain(|k, e| e.freq >= min || e.name || k.starts_with(FUZZY_MARK));
    }

    /// The entries for words (not the typo index).
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries
            .iter()
            .filter(|(k, _)| !k.starts_with(FUZZY_MARK))
            .map(|(k, e)| (k.as_str(), e))
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A lexicon holding the entries.
    pub fn build(&self) -> Lexicon {
        let bytes = self.to_bytes();
        Lexicon {
            map: fst::Map::new(Cow::Owned(bytes)).expect("the builder writes a valid map"),
            hot: Arc::default(),
            foreign: Arc::default(),
        }
    }

    /// The serialised lexicon.
    pub fn to_bytes(&self) -> Vec<u8> {
        // BTreeMap iterates in byte order of the UTF-8 keys, the order fst needs.
        let iter = self.entries.iter().map(|(k, e)| (k.as_bytes(), e.pack()));
        fst::Map::from_iter(iter)
            .expect("keys are sorted and unique")
            .into_fst()
            .into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut b = LexiconBuilder::default();
        b.add_freq("واشنطن", 10);
        b.add_freq("بلاد", 3);
        b.add_name("واشنطن");
        b.set_analysis(
            "بلاد",
            Analysis {
                conj: 0,
                prep: 1,
                enc: 0,
                restore: crate::Restore::None,
            },
        );
        let l = Lexicon::from_bytes(b.to_bytes()).unwrap();
        let w = l.get("واشنطن").unwrap();
        assert!(w.name && w.freq == 10 && w.analysis.is_none());
        assert_eq!(l.get("بلاد").unwrap().analysis.unwrap().prep, 1);
        assert_eq!(l.freq("لا"), 0);
        assert!(Lexicon::from_bytes(vec![1, 2, 3]).is_err());
    }

    #[test]
    fn embedded_keys_have_distinct_fingerprints() {
        let lex = crate::Segmenter::embedded().lexicon();
        let mut t = Table::with_capacity(lex.len());
        let mut n = 0;
        let mut keys = lex.map.stream();
        while let Some((k, _)) = fst::Streamer::next(&mut keys) {
            let shown = String::from_utf8_lossy(k);
            assert!(t.insert(Table::fp(k), 0), "{shown} shares a fingerprint");
            n += 1;
        }
        assert!(n > 100_000, "{n} keys");
        // The typo index answers from the table as it did from the fst.
        let mut buf = String::new();
        for w in ["بلنكن", "بلينكن", "بلينك", "كتاب"] {
            let fuzzy = format!("\u{1}{w}");
            assert_eq!(
                lex.near_name(w, &mut buf),
                lex.map.contains_key(fuzzy.as_bytes()),
                "{w}"
            );
            assert!(lex.get(&fuzzy).is_none());
        }
        assert!(lex.near_name("بلنكن", &mut buf));
    }

    #[test]
    fn fingerprints_tell_near_keys_apart() {
        let keys = [
            "",
            "ا",
            "اا",
            "ال",
            "الا",
            "الكتاب",
            "الكتابة",
            "الكتابات",
            "كتاب\0",
        ];
        let mut fps: Vec<u64> = keys.iter().map(|k| fingerprint(k.as_bytes())).collect();
        fps.sort_unstable();
        fps.dedup();
        assert_eq!(fps.len(), keys.len());
    }
}
