//! The skeleton of a word: its letters without marks, with the byte offset of each letter.
//!
//! Segmentation decides where clitics end from letters alone, so it works on a form with
//! vowel marks, tatweel and invisible format characters removed, and hamza-on-alef and final ya
//! folded (أإآٱ -> ا, ى -> ي: spelled both ways in news). Ta marbuta stays distinct from ha,
//! because ه is a pronoun and ة is not.

/// True for characters a skeleton skips: tashkeel, dagger alef, Quranic marks, tatweel, and
/// invisible format characters.
#[inline]
pub fn is_ignorable(c: char) -> bool {
    matches!(c as u32,
        0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0640
        | 0x08D3..=0x08E1 | 0x08E3..=0x08FF | 0x00AD | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFEFF)
}

/// The folded form of a skeleton letter.
#[inline]
pub fn fold(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ک' => 'ك',
        _ => c,
    }
}

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
        self.first_mark = None;
        self.hamza_alef = 0;
        for (i, c) in word.char_indices() {
            if is_ignorable(c) {
                if matches!(c, '\u{064B}'..='\u{064D}') {
                    self.tanween = true;
                }
                if self.chars.len() == 1
                    && self.first_mark.is_none()
                    && matches!(c, '\u{064B}'..='\u{0652}')
                {
                    self.first_mark = Some(c);
                }
                continue;
            }
            let f = fold(c);
            if f != c && f == 'ا' && self.chars.len() < 64 {
                self.hamza_alef |= 1 << self.chars.len();
            }
            self.chars.push(f);
            self.offsets.push(i as u32);
            self.key.push(f);
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
