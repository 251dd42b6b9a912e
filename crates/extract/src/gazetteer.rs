//! Gazetteers compiled into one finite-state map: the key of every name (see [`crate::norm`];
//! multi-word names with single spaces) to its classes and, when a source pairs one, its Latin
//! form.
//!
//! [`Gazetteer::matches`] finds names in a sentence longest-first, over token sequences, trying
//! each token whole and without its proclitics (وواشنطن, للولايات المتحدة).

use std::borrow::Cow;
use std::collections::BTreeMap;

use fst::raw::{Fst, Output};

use crate::ExtractError;

const MAGIC: &[u8; 8] = b"KGAZv1\0\0";
/// The longest name matched, in tokens.
pub const MAX_TOKENS: usize = 8;

/// A name's class in a gazetteer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GazClass {
    /// A person.
    Person = 0,
    /// A place.
    Location = 1,
    /// An organisation.
    Organization = 2,
}

impl GazClass {
    /// The class of names of entity type `ty`; `None` for MISC, which no list holds.
    pub fn of(ty: crate::EntityType) -> Option<GazClass> {
        use crate::EntityType;
        match ty {
            EntityType::Per => Some(GazClass::Person),
            EntityType::Loc => Some(GazClass::Location),
            EntityType::Org => Some(GazClass::Organization),
            EntityType::Misc => None,
        }
    }
}

/// Class bits: bit `class` for a hand-made (curated) list, bit `3 + class` for an automatic one.
pub fn class_bit(class: GazClass, curated: bool) -> u8 {
    1 << (class as u8 + if curated { 0 } else { 3 })
}

/// Builds a [`Gazetteer`].
#[derive(Clone, Debug, Default)]
pub struct GazetteerBuilder {
    names: BTreeMap<String, u8>,
    latin: BTreeMap<(u8, String), String>,
}

impl GazetteerBuilder {
    /// Adds a name (any spelling; it is keyed by [`crate::norm::key`]).
    pub fn add(&mut self, name: &str, class: GazClass, curated: bool, latin: Option<&str>) {
        let k = crate::norm::key(name);
        if k.is_empty() || k.split(' ').count() > MAX_TOKENS {
            return;
        }
        if let Some(l) = latin.filter(|l| !l.is_empty() && l.len() < 256) {
            self.latin
                .entry((class as u8, k.clone()))
                .or_insert_with(|| l.to_string());
        }
        *self.names.entry(k).or_default() |= class_bit(class, curated);
    }

    /// Sets the Latin form of a name as a name of `class`, replacing any a list gave, without
    /// adding the name to the lists the tagger's features read (a hand-made list of Latin
    /// forms: it changes what the recogniser outputs, not what it finds).
    pub fn set_latin(&mut self, name: &str, class: GazClass, latin: &str) {
        let k = crate::norm::key(name);
        if k.is_empty() || latin.is_empty() || latin.len() >= 256 {
            return;
        }
        self.latin.insert((class as u8, k), latin.to_string());
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when no name was added.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The serialised gazetteer.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut blob = Vec::new();
        // Names first; then, under a leading class byte (1, 2, 3: below any letter), the
        // offset of each (class, name)'s Latin form.
        let mut keyed: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
        for (k, bits) in &self.names {
            keyed.insert(k.as_bytes().to_vec(), u64::from(*bits));
        }
        for ((class, k), l) in &self.latin {
            let mut key = vec![class + 1];
            key.extend_from_slice(k.as_bytes());
            keyed.insert(key, blob.len() as u64);
            blob.push(l.len() as u8);
            blob.extend_from_slice(l.as_bytes());
        }
        let pairs = keyed.iter().map(|(k, v)| (k, *v));
        let map = match fst::Map::from_iter(pairs) {
            Ok(m) => m.into_fst().into_inner(),
            // BTreeMap keys are sorted and unique: the only way to fail.
            Err(e) => unreachable!("gazetteer keys are sorted: {e}"),
        };
        let mut out = Vec::with_capacity(16 + map.len() + blob.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(map.len() as u64).to_le_bytes());
        out.extend_from_slice(&map);
        out.extend_from_slice(&blob);
        out
    }

    /// The gazetteer.
    pub fn build(&self) -> Gazetteer {
        match Gazetteer::from_bytes(Cow::Owned(self.to_bytes())) {
            Ok(g) => g,
            Err(e) => unreachable!("the builder writes a valid gazetteer: {e}"),
        }
    }
}

/// A read-only gazetteer.
#[derive(Clone)]
pub struct Gazetteer {
    fst: Fst<Cow<'static, [u8]>>,
    latin: Cow<'static, [u8]>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("names", &self.fst.len())
            .finish()
    }
}

/// One name found in a sentence: tokens `start..end`, its class bits, and whether the first
/// token matched without its proclitics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Class bits ([`class_bit`]).
    pub bits: u8,
}

impl Gazetteer {
    /// Reads what [`GazetteerBuilder::to_bytes`] wrote.
    pub fn from_bytes(b: Cow<'static, [u8]>) -> Result<Self, ExtractError> {
        if b.is_empty() {
            return Ok(Gazetteer::empty());
        }
        let bad = |why: &str| ExtractError::Model(format!("gazetteer: {why}"));
        if b.len() < 16 || &b[..8] != MAGIC {
            return Err(bad("bad header"));
        }
        let mut n = [0u8; 8];
        n.copy_from_slice(&b[8..16]);
        let n = usize::try_from(u64::from_le_bytes(n)).map_err(|_| bad("bad length"))?;
        if b.len() < 16 + n {
            return Err(bad("truncated"));
        }
        let (fst_bytes, latin) = match b {
            Cow::Borrowed(s) => (Cow::Borrowed(&s[16..16 + n]), Cow::Borrowed(&s[16 + n..])),
            Cow::Owned(v) => (
                Cow::Owned(v[16..16 + n].to_vec()),
                Cow::Owned(v[16 + n..].to_vec()),
            ),
        };
        let fst = Fst::new(fst_bytes).map_err(|e| bad(&e.to_string()))?;
        Ok(Gazetteer { fst, latin })
    }

    /// An empty gazetteer.
    pub fn empty() -> Self {
        GazetteerBuilder::default().build()
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.fst.len()
    }

    /// True when it has no names.
    pub fn is_empty(&self) -> bool {
        self.fst.is_empty()
    }

    /// The value stored for a key.
    fn value(&self, key: &str) -> Option<u64> {
        self.fst.get(key.as_bytes()).map(|o| o.value())
    }

    /// The class bits of a name's key, 0 if unknown.
    pub fn classes(&self, key: &str) -> u8 {
        self.value(key).map_or(0, |v| v as u8)
    }

    /// The keys of the names of `class` that have a Latin form ([`Gazetteer::latin`]) and for
    /// which `keep` holds.
    pub fn latin_keys(&self, class: GazClass, keep: impl Fn(&str) -> bool) -> Vec<String> {
        use fst::{IntoStreamer, Streamer};
        let c = class as u8 + 1;
        let mut stream = self.fst.range().ge([c]).lt([c + 1]).into_stream();
        let mut out = Vec::new();
        while let Some((k, _)) = stream.next() {
            if let Some(k) = k.get(1..).and_then(|k| std::str::from_utf8(k).ok())
                && keep(k)
            {
                out.push(k.to_string());
            }
        }
        out
    }

    /// The Latin form of a name's key as a name of `class`, if a source gave one.
    pub fn latin(&self, key: &str, class: GazClass) -> Option<&str> {
        let mut k = Vec::with_capacity(key.len() + 1);
        k.push(class as u8 + 1);
        k.extend_from_slice(key.as_bytes());
        let off = usize::try_from(self.fst.get(&k)?.value()).ok()?;
        let len = usize::from(*self.latin.get(off)?);
        std::str::from_utf8(self.latin.get(off + 1..off + 1 + len)?).ok()
    }

    /// Walks `bytes` from `node`; the node reached and the output so far.
    fn walk(&self, mut addr: usize, mut out: Output, bytes: &[u8]) -> Option<(usize, Output)> {
        for &b in bytes {
            let node = self.fst.node(addr);
            let i = node.find_input(b)?;
            let t = node.transition(i);
            out = out.cat(t.out);
            addr = t.addr;
        }
        Some((addr, out))
    }

    /// The state after walking a word's key from the start: where matching a name that
    /// begins with the word continues. `None` when no name begins with it.
    pub fn start(&self, key: &str) -> Option<State> {
        if key.is_empty() {
            return None;
        }
        self.walk(self.fst.root().addr(), Output::zero(), key.as_bytes())
            .map(|(addr, out)| State {
                addr,
                out: out.value(),
            })
    }

    /// The class bits of the name that ends where `start` stands (the classes of the word whose
    /// [`Gazetteer::start`] it is, as a one-word name), 0 if none: [`Gazetteer::classes`]
    /// without walking the word again.
    pub fn classes_at(&self, start: Option<State>) -> u8 {
        start.map_or(0, |st| {
            let node = self.fst.node(st.addr);
            if node.is_final() {
                Output::new(st.out).cat(node.final_output()).value() as u8
            } else {
                0
            }
        })
    }

    /// Names in a sentence, longest first from left to right, not overlapping. `keys[i]` is the
    /// key of token `i`, `stems[i]` the key of its stem without proclitics (or the same key).
    pub fn matches(&self, keys: &[&str], stems: &[&str], out: &mut Vec<Match>) {
        let starts: Vec<[Option<State>; 2]> = keys
            .iter()
            .zip(stems)
            .map(|(k, s)| [self.start(k), if s != k { self.start(s) } else { None }])
            .collect();
        self.matches_from(keys, &starts, out);
    }

    /// [`Gazetteer::matches`] with each token's [`Gazetteer::start`] states (of its key and of
    /// its stem) already known.
    pub fn matches_from(&self, keys: &[&str], starts: &[[Option<State>; 2]], out: &mut Vec<Match>) {
        out.clear();
        let n = keys.len().min(starts.len());
        let mut i = 0;
        while i < n {
            let mut best: Option<(usize, u8)> = None;
            for st in starts[i].iter().flatten() {
                let (mut addr, mut o) = (st.addr, Output::new(st.out));
                let mut j = i + 1;
                loop {
                    let node = self.fst.node(addr);
                    if node.is_final() && best.is_none_or(|b| b.0 < j) {
                        best = Some((j, o.cat(node.final_output()).value() as u8));
                    }
                    if j >= n || j - i >= MAX_TOKENS || keys[j].is_empty() {
                        break;
                    }
                    let Some((a, o2)) = self.walk(addr, o, b" ") else {
                        break;
                    };
                    let Some((a, o2)) = self.walk(a, o2, keys[j].as_bytes()) else {
                        break;
                    };
                    addr = a;
                    o = o2;
                    j += 1;
                }
            }
            match best {
                Some((end, bits)) => {
                    out.push(Match {
                        start: i,
                        end,
                        bits,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
    }
}

/// Where name matching continues after a word (see [`Gazetteer::start`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State {
    addr: usize,
    out: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_match_and_latin() {
        let mut b = GazetteerBuilder::default();
        b.add(
            "الولايات المتحدة",
            GazClass::Location,
            true,
            Some("United States"),
        );
        b.add("الولايات", GazClass::Location, false, None);
        b.add("واشنطن", GazClass::Location, true, Some("Washington"));
        b.add("فؤاد حسين", GazClass::Person, false, None);
        let g = Gazetteer::from_bytes(Cow::Owned(b.to_bytes())).unwrap();
        assert_eq!(g.latin("واشنطن", GazClass::Location), Some("Washington"));
        assert_eq!(g.latin("واشنطن", GazClass::Person), None);
        assert_eq!(g.latin("الولايات", GazClass::Location), None);
        assert_eq!(
            g.latin_keys(GazClass::Location, |_| true),
            ["الولايات المتحده", "واشنطن"]
        );
        assert_eq!(
            g.latin_keys(GazClass::Location, |k| !k.contains(' ')),
            ["واشنطن"]
        );
        assert!(g.latin_keys(GazClass::Person, |_| true).is_empty());
        assert_eq!(
            g.classes("الولايات المتحده"),
            class_bit(GazClass::Location, true)
        );
        // A word's classes as a one-word name, from its start state.
        for w in ["واشنطن", "الولايات", "فؤاد", "قال"] {
            assert_eq!(g.classes_at(g.start(w)), g.classes(w), "{w}");
        }
        assert_eq!(
            g.classes_at(g.start("الولايات")),
            class_bit(GazClass::Location, false)
        );
        assert_eq!(g.classes_at(g.start("فؤاد")), 0);
        let keys = ["قال", "وواشنطن", "والولايات", "المتحده", "فؤاد", "حسين"];
        let stems = ["قال", "واشنطن", "الولايات", "المتحده", "فؤاد", "حسين"];
        let mut m = Vec::new();
        g.matches(&keys, &stems, &mut m);
        assert_eq!(
            m.iter().map(|m| (m.start, m.end)).collect::<Vec<_>>(),
            [(1, 2), (2, 4), (4, 6)]
        );
        assert!(Gazetteer::from_bytes(Cow::Borrowed(b"nonsense")).is_err());
    }
}
