//! A memo of facts about words, for the per-word tests of the analysis stages.
//!
//! News repeats its words, so each stage remembers what it computed for the words it met last.
//! A hash map of strings costs three cache misses a probe (its control bytes, its entry, the
//! string on the heap); a [`WordMemo`] costs one: it is direct-mapped, and each slot holds its
//! word inline next to the value. A new word takes the slot of the one it collides with.

/// A word of up to [`InlineWord::CAP`] bytes (11 Arabic letters), stored inline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InlineWord {
    len: u8,
    bytes: [u8; InlineWord::CAP],
}

impl InlineWord {
    /// The longest word kept, in bytes: 99.5% of the words of news text are shorter.
    pub const CAP: usize = 23;

    /// `w` inline, or `None` when it is empty or longer than [`InlineWord::CAP`].
    pub fn new(w: &str) -> Option<Self> {
        if w.is_empty() {
            return None;
        }
        let mut bytes = [0; Self::CAP];
        bytes.get_mut(..w.len())?.copy_from_slice(w.as_bytes());
        Some(InlineWord {
            len: w.len() as u8,
            bytes,
        })
    }

    /// True when this is the word `w`.
    #[inline]
    pub fn is(&self, w: &str) -> bool {
        self.bytes.get(..usize::from(self.len)) == Some(w.as_bytes())
    }
}

/// A direct-mapped memo from words to values of type `V`, of `2^bits` slots.
#[derive(Clone, Debug)]
pub struct WordMemo<V> {
    bits: u32,
    /// Allocated at the first insertion.
    slots: Vec<(InlineWord, V)>,
}

impl<V: Copy + Default> WordMemo<V> {
    /// An empty memo of `2^bits` slots (at most 2^24).
    pub const fn new(bits: u32) -> Self {
        WordMemo {
            bits: if bits > 24 { 24 } else { bits },
            slots: Vec::new(),
        }
    }

    /// The value remembered for `w`, else `f(w)`, remembered (unless `w` is empty or longer
    /// than [`InlineWord::CAP`]).
    #[inline]
    pub fn get_or_insert_with(&mut self, w: &str, f: impl FnOnce(&str) -> V) -> V {
        let Some(key) = InlineWord::new(w) else {
            return f(w);
        };
        let at = self.slot(w);
        if let Some((k, v)) = self.slots.get(at)
            && *k == key
        {
            return *v;
        }
        let v = f(w);
        if self.slots.is_empty() {
            self.slots = vec![(InlineWord::default(), V::default()); 1 << self.bits];
        }
        if let Some(slot) = self.slots.get_mut(at) {
            *slot = (key, v);
        }
        v
    }

    /// Forgets every word.
    pub fn clear(&mut self) {
        self.slots.fill((InlineWord::default(), V::default()));
    }

    #[inline]
    fn slot(&self, w: &str) -> usize {
        use std::hash::Hasher;
        let mut h = rustc_hash::FxHasher::default();
        h.write(w.as_bytes());
        // The high bits of an Fx hash are the well-mixed ones.
        (h.finish() >> (64 - self.bits)) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_and_recomputes() {
        let calls = std::cell::Cell::new(0);
        // A value of each word's own: a slot that answered for another word would show.
        let value = |w: &str| w.chars().map(u32::from).sum::<u32>();
        let len = |w: &str| {
            calls.set(calls.get() + 1);
            value(w)
        };
        let mut m = WordMemo::<u32>::new(4);
        assert_eq!(m.get_or_insert_with("واشنطن", len), value("واشنطن"));
        assert_eq!(m.get_or_insert_with("واشنطن", len), value("واشنطن"));
        assert_eq!(calls.get(), 1);
        // Sixteen slots for forty words: collisions evict, and values stay right.
        for round in 0..2 {
            for k in 0..40 {
                let w = format!("كلمة{k}");
                assert_eq!(m.get_or_insert_with(&w, len), value(&w), "{round} {w}");
            }
        }
        // Words that are empty or too long are computed every time.
        let long = "استراتيجياتهماتهم";
        assert!(long.len() > InlineWord::CAP);
        let before = calls.get();
        m.get_or_insert_with(long, len);
        m.get_or_insert_with(long, len);
        m.get_or_insert_with("", len);
        assert_eq!(calls.get(), before + 3);
        m.clear();
        let before = calls.get();
        m.get_or_insert_with("واشنطن", len);
        assert_eq!(calls.get(), before + 1);
    }

    #[test]
    fn a_prefix_is_another_word() {
        let w = InlineWord::new("واشنطن").unwrap();
        assert!(w.is("واشنطن"));
        assert!(!w.is("واشنط"));
        assert!(!w.is("واشنطنن"));
        assert_eq!(InlineWord::new(""), None);
    }
}
