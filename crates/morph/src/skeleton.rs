//! The skeleton of a word: its letters without marks, with the byte offset of each letter.
//!
//! Segmentation decides where clitics end from letters alone, so it works on a form with
//! vowel marks, tatweel and invisible format characters removed, and hamza-on-alef and final ya
//! folded (أإآٱ -> ا, ى -> ي: spelled both ways in news). Ta marbuta stays distinct from ha,
//! because ه is a pronoun and ة is not.

/// True for characters a skeleton skips: tashkeel, dagger alef, Quranic marks, tatweel, and
/// invisible format characters.
#[inline]
pub const fn is_ignorable(c: char) -> bool {
    matches!(c as u32,
        0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0640
        | 0x08D3..=0x08E1 | 0x08E3..=0x08FF | 0x00AD | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFEFF)
}

/// The folded form of a skeleton letter.
#[inline]
pub const fn fold(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ک' => 'ك',
        _ => c,
    }
}

/// What a skeleton does with each character of U+0600-U+06FF, where Arabic words spend nearly
/// all their letters: [`KEEP`] it, [`SKIP`] it, or fold it to the letter given. One table load
/// instead of [`is_ignorable`]'s and [`fold`]'s chains of comparisons.
static BLOCK: [u16; 256] = {
    let mut t = [KEEP; 256];
    let mut k = 0;
    while k < 256 {
        if let Some(c) = char::from_u32(0x600 + k as u32) {
            t[k] = if is_ignorable(c) {
                SKIP
            } else if fold(c) as u32 != c as u32 {
                fold(c) as u32 as u16
            } else {
                KEEP
            };
        }
        k += 1;
    }
    t
};
const KEEP: u16 = 0;
const SKIP: u16 = 1;

/// The skeleton of one word, reusable across words to avoid allocation.
#[derive(Clone, Debug, Default)]
pub struct Skeleton {
    /// The folded letters.
    pub chars: Vec<char>,
    /// Byte offset in the word of each letter, then the word's length.
    pub offsets: Vec<u32>,
    /// The folded letters as a string: the lexicon key.
    pub key: String,
    /// The word carries tanween (ً ٌ ٍ): an indefinite noun or adverb, a strong hint about its
    /// clitics when a writer bothers to mark it.
    pub tanween: bool,
    /// The word carries the tanween of the accusative or nominative (ً ٌ), which no
    /// preposition comes before (بديلاً is one word, not ب + ديلاً).
    pub tanween_an_un: bool,
    /// The vowel mark on the first letter, if any (وَ is the conjunction).
    pub first_mark: Option<char>,
    /// Bit i set when letter i is a hamza-bearing alef (أ إ آ) folded to ا: a stem that starts
    /// with a bare ا after a clitic is more often a foreign name (باداربور) than a word.
    pub hamza_alef: u64,
}

impl Skeleton {
    /// The skeleton of `word`.
    pub fn new(word: &str) -> Self {
        let mut s = Skeleton::default();
        s.fill(word);
        s
    }

    /// Refills the skeleton with `word`.
    pub fn fill(&mut self, word: &str) {
        self.chars.clear();
        self.offsets.clear();
        self.key.clear();
        self.tanween = false;
        self.tanween_an_un = false;
        self.first_mark = None;
        self.hamza_alef = 0;
        let bytes = word.as_bytes();
        // Most words are letters of the Arabic block and nothing else: their key is the word
        // itself and every letter is two bytes.
        let block = |&[a, b]: &[u8; 2]| usize::from(a & 0x03) << 6 | usize::from(b & 0x3F);
        let (pairs, odd) = bytes.as_chunks::<2>();
        if odd.is_empty()
            && pairs
                .iter()
                .all(|p| (0xD8..=0xDB).contains(&p[0]) && BLOCK[block(p)] == KEEP)
        {
            self.key.push_str(word);
            // Sized first, then written in place: no capacity check per letter.
            self.chars.resize(pairs.len(), '\0');
            for (c, p) in self.chars.iter_mut().zip(pairs) {
                *c = char::from_u32(0x600 + block(p) as u32).unwrap_or(char::REPLACEMENT_CHARACTER);
            }
            self.offsets.resize(pairs.len() + 1, 0);
            for (i, o) in self.offsets.iter_mut().enumerate() {
                *o = 2 * i as u32;
            }
            return;
        }
        self.chars.reserve(bytes.len());
        self.offsets.reserve(bytes.len() + 1);
        self.key.reserve(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let lead = bytes[i];
            // U+0600-U+06FF is two bytes, 110110xx 10xxxxxx: decoded and classified by table.
            let (c, len, action) = if (0xD8..=0xDB).contains(&lead) && i + 1 < bytes.len() {
                let k = usize::from(lead & 0x03) << 6 | usize::from(bytes[i + 1] & 0x3F);
                let c = char::from_u32(0x600 + k as u32).unwrap_or(char::REPLACEMENT_CHARACTER);
                (c, 2, BLOCK[k])
            } else {
                let c = word[i..]
                    .chars()
                    .next()
                    .unwrap_or(char::REPLACEMENT_CHARACTER);
                let action = if is_ignorable(c) {
                    SKIP
                } else if fold(c) != c {
                    // Only letters of the Arabic block fold; kept general for safety.
                    fold(c) as u32 as u16
                } else {
                    KEEP
                };
                (c, c.len_utf8(), action)
            };
            if action == SKIP {
                if matches!(c, '\u{064B}'..='\u{064D}') {
                    self.tanween = true;
                    self.tanween_an_un |= c != '\u{064D}';
                }
                if self.chars.len() == 1
                    && self.first_mark.is_none()
                    && matches!(c, '\u{064B}'..='\u{0652}')
                {
                    self.first_mark = Some(c);
                }
                i += len;
                continue;
            }
            let f = if action == KEEP {
                c
            } else {
                let f = char::from_u32(u32::from(action)).unwrap_or(c);
                if f == 'ا' && self.chars.len() < 64 {
                    self.hamza_alef |= 1 << self.chars.len();
                }
                f
            };
            self.chars.push(f);
            self.offsets.push(i as u32);
            self.key.push(f);
            i += len;
        }
        // Marks before the first letter belong to it.
        if let Some(first) = self.offsets.first_mut() {
            *first = 0;
        }
        self.offsets.push(word.len() as u32);
    }

    /// Number of letters.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// True when the word has no letters.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The key of letters `a..b`.
    pub fn key_of(&self, a: usize, b: usize) -> String {
        self.chars[a..b].iter().collect()
    }
}

/// The skeleton key of `word`: what the lexicon is keyed by.
pub fn key(word: &str) -> String {
    word.chars()
        .filter(|&c| !is_ignorable(c))
        .map(fold)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The straightforward skeleton (what [`Skeleton::fill`] computes faster).
    fn reference(word: &str) -> Skeleton {
        let mut s = Skeleton::default();
        for (i, c) in word.char_indices() {
            if is_ignorable(c) {
                if matches!(c, '\u{064B}'..='\u{064D}') {
                    s.tanween = true;
                    s.tanween_an_un |= c != '\u{064D}';
                }
                if s.chars.len() == 1
                    && s.first_mark.is_none()
                    && matches!(c, '\u{064B}'..='\u{0652}')
                {
                    s.first_mark = Some(c);
                }
                continue;
            }
            let f = fold(c);
            if f != c && f == 'ا' && s.chars.len() < 64 {
                s.hamza_alef |= 1 << s.chars.len();
            }
            s.chars.push(f);
            s.offsets.push(i as u32);
            s.key.push(f);
        }
        if let Some(first) = s.offsets.first_mut() {
            *first = 0;
        }
        s.offsets.push(word.len() as u32);
        s
    }

    fn same(a: &Skeleton, b: &Skeleton) -> bool {
        a.chars == b.chars
            && a.offsets == b.offsets
            && a.key == b.key
            && a.tanween == b.tanween
            && a.tanween_an_un == b.tanween_an_un
            && a.first_mark == b.first_mark
            && a.hamza_alef == b.hamza_alef
    }

    proptest! {
        #[test]
        fn fill_matches_the_reference(
            word in "[\u{0600}-\u{06FF}\u{0750}-\u{077F}\u{08A0}-\u{08FF}\u{FB50}-\u{FEFF}\u{200B}-\u{2069}\u{00AD}a-z0-9 \u{1EE00}-\u{1EEFF}]{0,80}"
        ) {
            let mut s = Skeleton::default();
            s.fill("قبلَها");
            s.fill(&word);
            prop_assert!(same(&s, &reference(&word)), "{word:?}");
        }
    }

    #[test]
    fn fill_matches_the_reference_on_every_arabic_character() {
        let mut s = Skeleton::default();
        for cp in (0x0600..0x0700).chain(0x0750..0x0780).chain(0x08A0..0x0900) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            for w in [
                format!("{c}"),
                format!("ب{c}ت{c}"),
                format!("{c}{c}ا{c}"),
                format!("كتاب{c}"),
            ] {
                s.fill(&w);
                assert!(same(&s, &reference(&w)), "{w:?}");
            }
        }
        // More than 64 letters: the hamza bits stop at 64.
        let long = "أ".repeat(70);
        s.fill(&long);
        assert!(same(&s, &reference(&long)));
    }

    #[test]
    fn marks_are_skipped_and_offsets_kept() {
        let w = "الخارجيّة";
        let s = Skeleton::new(w);
        assert_eq!(s.key, "الخارجية");
        assert_eq!(s.len(), 8);
        assert_eq!(*s.offsets.last().unwrap() as usize, w.len());
        // the shadda stays with the ya before it
        assert_eq!(&w[s.offsets[6] as usize..s.offsets[7] as usize], "يّ");
        assert_eq!(key("إلى"), "الي");
        assert_eq!(key("كـتـاب"), "كتاب");
    }
}
