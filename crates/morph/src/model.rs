//! The scoring model: a linear model over hashed features of a word and one candidate
//! analysis, trained as a structured averaged perceptron (each word chooses among its
//! candidates; see [`crate::train`]).

use std::hash::Hasher;

use rustc_hash::FxHasher;

use crate::MorphError;
use crate::analysis::{Analysis, Restore};
use crate::lexicon::Lexicon;
use crate::skeleton::Skeleton;

/// Feature hashing: 2^19 weights.
pub const BITS: u32 = 19;
const MAGIC: &[u8; 8] = b"KSEGv1\0\0";

/// Weights of the linear model.
#[derive(Clone)]
pub struct Model {
    pub(crate) w: Vec<f32>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let nz = self.w.iter().filter(|&&x| x != 0.0).count();
        f.debug_struct("Model").field("nonzero", &nz).finish()
    }
}

impl Default for Model {
    fn default() -> Self {
        Model {
            w: vec![0.0; 1 << BITS],
        }
    }
}

impl Model {
    /// The score of a feature set.
    #[inline]
    pub fn score(&self, feats: &[u32]) -> f32 {
        feats.iter().map(|&f| self.w[f as usize]).sum()
    }

    /// Serialises the non-zero weights.
    pub fn to_bytes(&self) -> Vec<u8> {
        let nz: Vec<(u32, f32)> = self
            .w
            .iter()
            .enumerate()
            .filter(|&(_, &x)| x != 0.0)
            .map(|(i, &x)| (i as u32, x))
            .collect();
        let mut out = Vec::with_capacity(16 + nz.len() * 8);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&BITS.to_le_bytes());
        out.extend_from_slice(&(nz.len() as u32).to_le_bytes());
        for (i, x) in nz {
            out.extend_from_slice(&i.to_le_bytes());
            out.extend_from_slice(&x.to_le_bytes());
        }
        out
    }

    /// Reads what [`Model::to_bytes`] wrote.
    pub fn from_bytes(b: &[u8]) -> Result<Model, MorphError> {
        let bad = |why: &str| MorphError::Model(why.to_string());
        if b.len() < 16 || &b[..8] != MAGIC {
            return Err(bad("not a khabar segmentation model (bad header)"));
        }
        let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        if u32_at(8) != BITS {
            return Err(bad("model was trained with a different feature width"));
        }
        let n = u32_at(12) as usize;
        if b.len() != 16 + n * 8 {
            return Err(bad("model file is truncated or has trailing bytes"));
        }
        let mut m = Model::default();
        for k in 0..n {
            let at = 16 + k * 8;
            let i = u32_at(at) as usize;
            let x = f32::from_bits(u32_at(at + 4));
            if i >= m.w.len() || !x.is_finite() {
                return Err(bad("model has an out-of-range weight"));
            }
            m.w[i] = x;
        }
        Ok(m)
    }
}

/// Frequency bucket: 0 for unseen, then one per doubling.
#[inline]
fn fb(f: u32) -> u8 {
    (32 - f.leading_zeros()).min(20) as u8
}

/// Builds hashed feature indices.
struct F<'a> {
    out: &'a mut Vec<u32>,
}

impl F<'_> {
    #[inline]
    fn add(&mut self, template: u8, sig: u16, parts: &[&[u8]]) {
        let mut h = FxHasher::default();
        h.write_u8(template);
        h.write_u16(sig);
        for p in parts {
            h.write(p);
            h.write_u8(0xFF);
        }
        let x = h.finish();
        let x = (x ^ (x >> 31)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        self.out.push((x >> (64 - BITS)) as u32);
    }
}

/// Scratch space for feature extraction.
#[derive(Default)]
pub(crate) struct Scratch {
    pub(crate) key: String,
    pub(crate) alt: String,
}

/// The stem's form and its corpus evidence: which restoration reads best, and its frequency.
pub(crate) fn stem_evidence(
    lex: &Lexicon,
    s: &Skeleton,
    a: Analysis,
    scratch: &mut Scratch,
) -> (Restore, u32, bool) {
    let n = s.len();
    let (sa, sb) = a.stem_range(n);
    scratch.key.clear();
    scratch.key.extend(&s.chars[sa..sb]);
    let e = lex.get(&scratch.key).unwrap_or_default();
    let (mut best, mut freq, mut name) = (Restore::None, e.freq, e.name);
    let mut try_alt = |r: Restore, alt: &str| {
        let e = lex.get(alt).unwrap_or_default();
        // A verb's or noun's spelling before a pronoun, not a name's (يحاكم is not يحيى + كم).
        if matches!(r, Restore::WawAlef | Restore::AlefMaqsura) && e.name {
            return;
        }
        if e.freq > freq || (e.name && !name) {
            (best, freq, name) = (r, e.freq, e.name);
        }
    };
    if sb <= sa {
        return (best, freq, name);
    }
    let last = s.chars[sb - 1];
    if a.prep == 2 && s.chars[sa] == 'ل' {
        scratch.alt.clear();
        scratch.alt.push('ا');
        scratch.alt.push_str(&scratch.key);
        try_alt(Restore::Alef, &scratch.alt);
    }
    if a.enc > 0 {
        let base = &scratch.key[..scratch.key.len() - last.len_utf8()];
        let r = match last {
            'ت' => Some((Restore::TaMarbuta, 'ة')),
            'ئ' | 'ؤ' => Some((Restore::Hamza, 'ء')),
            // ى (folded to ي in a key) is written ا before a pronoun: ألغاها. Not in a stem of
            // two letters: سانا is not سى + نا, and رآه's stem is رأى, not رى.
            'ا' if sb - sa >= 3 => Some((Restore::AlefMaqsura, 'ي')),
            _ => None,
        };
        if let Some((r, c)) = r {
            scratch.alt.clear();
            scratch.alt.push_str(base);
            scratch.alt.push(c);
            try_alt(r, &scratch.alt);
        }
        // The plural verb's silent alef drops before a pronoun: يشاركوه is يشاركوا + ه.
        if last == 'و' {
            scratch.alt.clear();
            scratch.alt.push_str(&scratch.key);
            scratch.alt.push('ا');
            try_alt(Restore::WawAlef, &scratch.alt);
        }
        // على لدى إلى take ي before a pronoun; the skeleton folds ى to ي, so the evidence is
        // the same and the form is a closed list.
        if matches!(scratch.key.as_str(), "علي" | "لدي" | "الي" | "حتي") {
            best = Restore::AlefMaqsura;
        }
    }
    (best, freq, name)
}

/// The corpus frequency of `a`'s stem in the form its restoration chose (left in
/// `scratch.key` as a skeleton).
fn stem_form_freq(lex: &Lexicon, s: &Skeleton, a: Analysis, scratch: &mut Scratch) -> u32 {
    let (r, f, _) = stem_evidence(lex, s, a, scratch);
    // `scratch.key` holds the slice: spell it as the restoration does.
    match r {
        Restore::None => {}
        Restore::Alef => scratch.key.insert(0, 'ا'),
        Restore::WawAlef => scratch.key.push('ا'),
        Restore::TaMarbuta | Restore::Hamza | Restore::AlefMaqsura => {
            scratch.key.pop();
            scratch.key.push(match r {
                Restore::TaMarbuta => 'ة',
                Restore::Hamza => 'ء',
                _ => 'ي',
            });
        }
    }
    f
}

/// How much more frequent a stem that keeps the conjunction's letter must be than the stem
/// without it.
const STEM_LETTER_MARGIN: u32 = 20;

/// Whether the conjunction of `a`, a reading with a conjunction and a pronoun and no
/// preposition, is rather the stem's first letter: وزيرها is وزير + ها, not و + زير + ها. So it
/// is when the stem with that letter is more frequent than the stem without it and is a word
/// of its own: the corpus has it after a proclitic (ووزير, بالوزير) at least once in a hundred.
/// و is not written twice, so a verb that news mostly writes after the conjunction (وأضاف,
/// far more frequent than أضاف) has no such forms, and وأضافه stays و + أضاف + ه.
pub(crate) fn conjunction_is_stem_letter(
    lex: &Lexicon,
    s: &Skeleton,
    a: Analysis,
    scratch: &mut Scratch,
) -> bool {
    if a.conj == 0 || a.prep != 0 || a.enc == 0 {
        return false;
    }
    let short = stem_form_freq(lex, s, a, scratch);
    let long = stem_form_freq(lex, s, Analysis { conj: 0, ..a }, scratch);
    if long < short.saturating_add(STEM_LETTER_MARGIN) {
        return false;
    }
    let with_proclitic = ["و", "ف", "ب", "ال"]
        .iter()
        .map(|p| freq_of_str(lex, &mut scratch.alt, p, &scratch.key, ""))
        .fold(0u32, u32::saturating_add);
    with_proclitic.saturating_mul(100) >= long
}

/// The features of analysis `a` of the word with skeleton `s`, appended to `out`; returns the
/// analysis with its stem's restoration chosen, or `None` when the analysis is not worth
/// scoring: a pronoun after a stem the corpus has never seen (بلينكن is not ب + لين + كن).
pub(crate) fn features(
    lex: &Lexicon,
    s: &Skeleton,
    word: Option<crate::lexicon::Entry>,
    mut a: Analysis,
    scratch: &mut Scratch,
    out: &mut Vec<u32>,
) -> Option<Analysis> {
    let n = s.len();
    let sig = a.pack();
    let (sa, sb) = a.stem_range(n);
    let (restore, fs, stem_name) = if a.is_whole() {
        let e = word.unwrap_or_default();
        (Restore::None, e.freq, e.name)
    } else {
        stem_evidence(lex, s, a, scratch)
    };
    a.restore = restore;
    if a.enc > 0 && sb > sa && fs == 0 && !stem_name {
        return None;
    }
    let w = word.unwrap_or_default();
    let fw = w.freq;
    let mut f = F { out };
    let stem_len = (sb.saturating_sub(sa)).min(9) as u8;
    let diff = (i16::from(fb(fs)) - i16::from(fb(fw))).clamp(-10, 10) as i8 as u8;
    f.add(1, sig, &[]);
    f.add(2, sig, &[&[fb(fs)]]);
    f.add(3, sig, &[&[fb(fw)]]);
    f.add(4, sig, &[&[diff]]);
    f.add(5, sig, &[&[stem_len]]);
    f.add(6, sig, &[&[fb(fs), stem_len.min(5)]]);
    f.add(7, sig, &[&[restore as u8]]);
    f.add(8, sig, &[&[u8::from(w.name), u8::from(stem_name)]]);
    // The same evidence per clitic, shared by every combination the clitic occurs in.
    for part in [
        u16::from(a.conj),
        8 + u16::from(a.prep),
        16 + u16::from(a.enc),
    ] {
        if part % 8 != 0 {
            f.add(25, part, &[&[fb(fs)]]);
            f.add(26, part, &[&[diff]]);
            f.add(27, part, &[&[fb(fw), stem_len.min(5)]]);
        }
    }
    f.add(9, sig, &[s.key.as_bytes()]);
    if s.tanween {
        f.add(23, sig, &[]);
    }
    if let Some(m) = s.first_mark {
        f.add(24, sig, &[m.encode_utf8(&mut [0; 4]).as_bytes()]);
    }
    // The UTF-8 of letter i (empty past the end), on the stack: this runs for every candidate.
    let ch = |i: usize| Utf8::of(s.chars.get(i..i + 1).unwrap_or_default());
    if sb > sa {
        scratch.key.clear();
        scratch.key.extend(&s.chars[sa..sb]);
        f.add(10, sig, &[scratch.key.as_bytes()]);
        let (first, second, last) = (ch(sa), ch(sa + 1), ch(sb - 1));
        let before_last = if sb >= 2 { ch(sb - 2) } else { Utf8::of(&[]) };
        let (first, second, last) = (first.bytes(), second.bytes(), last.bytes());
        let before_last = before_last.bytes();
        let pre = (a.conj << 4) | a.prep;
        f.add(11, pre as u16, &[first]);
        f.add(12, pre as u16, &[first, second]);
        f.add(13, a.enc as u16, &[last]);
        f.add(14, a.enc as u16, &[before_last, last]);
        let al = u8::from(first == "ا".as_bytes() && second == "ل".as_bytes());
        if first == "ا".as_bytes() && al == 0 {
            let hamza = sa < 64 && s.hamza_alef >> sa & 1 == 1;
            f.add(28, sig, &[&[u8::from(hamza)]]);
        }
        f.add(15, sig, &[&[al]]);
        // Evidence that the stem is a noun: the corpus has it with the article.
        if al == 0 {
            let fal = freq_of_str(lex, &mut scratch.alt, "ال", &scratch.key, "");
            f.add(16, sig, &[&[fb(fal)]]);
            // A frequent stem never seen with the article is not a noun: a preposition
            // before it is unlikely.
            if a.has_preposition() {
                f.add(31, u16::from(a.prep), &[&[fb(fal).min(6), fb(fs).min(12)]]);
            }
        }
        f.add(18, sig, &[&[attested(lex, &scratch.key, &mut scratch.alt)]]);
    } else {
        f.add(17, sig, &[]);
    }
    // A preposition takes a noun, not a past verb: بحثت is not ب + حثت when the corpus has
    // حثوا.
    if a.has_preposition() && sb >= sa + 3 && s.chars[sb - 1] == 'ت' {
        let v = freq_of(
            lex,
            &mut scratch.alt,
            "",
            s.chars[sa..sb - 1].iter().copied(),
            "وا",
        ) > 0;
        f.add(54, u16::from(a.prep), &[&[u8::from(v)]]);
    }
    if a.enc > 0 && sb > sa {
        // A stem that takes other pronouns in the corpus is a host (حياتي: حياته، حياتها);
        // a word ending in pronoun letters whose "stem" takes none is one word (سياسي).
        let k = other_pronouns(lex, &s.chars[sa..sb], a, &mut scratch.alt);
        f.add(29, u16::from(a.enc), &[&[k]]);
        f.add(30, 0, &[&[k]]);
    }
    if a.is_whole() {
        let n = s.chars.len();
        f.add(19, 0, &[&[attested(lex, &s.key, &mut scratch.alt)]]);
        let head = Utf8::of(&s.chars[..n.min(2)]);
        let tail = Utf8::of(&s.chars[n.saturating_sub(2)..]);
        f.add(20, 0, &[head.bytes()]);
        f.add(21, 0, &[tail.bytes()]);
        f.add(22, 0, &[head.bytes(), &[fb(fw)]]);
    }
    Some(a)
}

/// The UTF-8 of up to two letters, on the stack.
struct Utf8 {
    buf: [u8; 8],
    len: usize,
}

impl Utf8 {
    /// The UTF-8 of the first two of `chars`.
    fn of(chars: &[char]) -> Utf8 {
        let mut u = Utf8 {
            buf: [0; 8],
            len: 0,
        };
        for c in chars.iter().take(2) {
            u.len += c.encode_utf8(&mut u.buf[u.len..]).len();
        }
        u
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// In how many clitic-bearing forms the corpus has `w` (with و, ف, ب, ل, ال, ها, ه, هم): a
/// word that takes clitics is a word, whatever its own letters look like.
fn attested(lex: &Lexicon, w: &str, buf: &mut String) -> u8 {
    let pre = ["و", "ف", "ب", "ال"].map(|p| (p, ""));
    let post = ["ها", "ه", "هم"].map(|e| ("", e));
    pre.iter()
        .chain(&post)
        .map(|&(p, e)| u8::from(freq_of_str(lex, buf, p, w, e) > 0))
        .sum()
}

/// The corpus frequency of `pre`, `stem` and `post` written together (`buf` holds the word).
fn freq_of(
    lex: &Lexicon,
    buf: &mut String,
    pre: &str,
    stem: impl IntoIterator<Item = char>,
    post: &str,
) -> u32 {
    buf.clear();
    buf.push_str(pre);
    buf.extend(stem);
    buf.push_str(post);
    lex.freq(buf)
}

/// [`freq_of`] with the stem as a string: copied whole, not a character at a time (this runs
/// for every candidate reading of every word the table does not settle).
fn freq_of_str(lex: &Lexicon, buf: &mut String, pre: &str, stem: &str, post: &str) -> u32 {
    buf.clear();
    buf.push_str(pre);
    buf.push_str(stem);
    buf.push_str(post);
    lex.freq(buf)
}

/// How many of the pronouns ه ها هم ك نا هما, other than `a`'s own, the corpus has after
/// `stem` (skeleton letters).
fn other_pronouns(lex: &Lexicon, stem: &[char], a: Analysis, buf: &mut String) -> u8 {
    let own = a.enclitic();
    let mut n = 0;
    for e in ["ه", "ها", "هم", "ك", "نا", "هما"] {
        if own != Some(e) {
            n += u8::from(freq_of(lex, buf, "", stem.iter().copied(), e) > 0);
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LexiconBuilder;

    /// A lexicon of invented counts.
    fn lexicon(words: &[(&str, u32)]) -> Lexicon {
        let mut b = LexiconBuilder::default();
        for (w, n) in words {
            b.add_freq(&crate::skeleton::key(w), *n);
        }
        b.build()
    }

    fn analysis_of(lex: &Lexicon, word: &str, a: Analysis) -> Option<Analysis> {
        let s = Skeleton::new(word);
        let mut out = Vec::new();
        features(
            lex,
            &s,
            lex.get(&s.key),
            a,
            &mut Scratch::default(),
            &mut out,
        )
    }

    const ENC_HA: Analysis = Analysis {
        conj: 0,
        prep: 0,
        enc: 1,
        restore: Restore::None,
    };

    /// A pronoun after a stem whose spelling changed before it: the plural verb's alef
    /// (يكتبوه: يكتبوا) and alef maqsura written ا (رماه: رمى). Without the corpus form the
    /// reading is not scored at all.
    #[test]
    fn stems_are_restored_before_pronouns() {
        let lex = lexicon(&[("يكتبوا", 40), ("رمى", 30)]);
        let a = analysis_of(&lex, "يكتبوه", ENC_HA);
        assert_eq!(a.map(|a| a.restore), Some(Restore::WawAlef));
        let a = analysis_of(&lex, "رماه", ENC_HA);
        assert_eq!(a.map(|a| a.restore), Some(Restore::AlefMaqsura));
        // Not a stem of two letters: the frequent سى does not make سانا سى + نا.
        let na = Analysis { enc: 12, ..ENC_HA };
        assert_eq!(analysis_of(&lexicon(&[("سى", 500)]), "سانا", na), None);
        assert_eq!(analysis_of(&lexicon(&[]), "يكتبوه", ENC_HA), None);
    }

    /// A name is not the evidence for those spellings: يحاكم is not the name يحي + كم.
    #[test]
    fn names_do_not_restore_verb_spellings() {
        let mut b = LexiconBuilder::default();
        b.add_freq("يحي", 50);
        let common = b.build();
        b.add_name("يحي");
        let lex = b.build();
        let kum = Analysis { enc: 8, ..ENC_HA };
        assert_eq!(analysis_of(&lex, "يحاكم", kum), None);
        // The same letters as a common word do restore.
        let a = analysis_of(&common, "يحاكم", kum);
        assert_eq!(a.map(|a| a.restore), Some(Restore::AlefMaqsura));
    }

    /// و + stem + pronoun yields to a stem that keeps the و when that stem is the more
    /// frequent word and also comes after a proclitic (ووكيل): وكيلها is وكيل + ها.
    #[test]
    fn a_conjunction_yields_to_a_stem_letter() {
        let wa_ha = Analysis {
            conj: 1,
            enc: 2,
            ..ENC_HA
        };
        let is_letter = |lex: &Lexicon, word: &str, a: Analysis| {
            conjunction_is_stem_letter(lex, &Skeleton::new(word), a, &mut Scratch::default())
        };
        let lex = lexicon(&[("وكيل", 500), ("كيل", 3), ("ووكيل", 40)]);
        assert!(is_letter(&lex, "وكيلها", wa_ha));
        // Also through the stem's restored form: وحدته's و + حدت + ه against وحدة.
        let lex_ta = lexicon(&[("وحدة", 400), ("حدة", 30), ("الوحدة", 90)]);
        assert!(is_letter(&lex_ta, "وحدته", Analysis { conj: 1, ..ENC_HA }));
        // Not a verb news writes after و far more often than without it: وأرسل has no
        // proclitic of its own, so وأرسله is و + أرسل + ه.
        let lex_verb = lexicon(&[("وأرسل", 900), ("أرسل", 200)]);
        assert!(!is_letter(
            &lex_verb,
            "وأرسله",
            Analysis { conj: 1, ..ENC_HA }
        ));
        // Not when the stem without و is about as frequent.
        let lex_close = lexicon(&[("وكيل", 30), ("كيل", 25), ("ووكيل", 5)]);
        assert!(!is_letter(&lex_close, "وكيلها", wa_ha));
        // Only readings with a conjunction and a pronoun and no preposition.
        assert!(!is_letter(&lex, "وكيلها", Analysis { conj: 0, ..wa_ha }));
        assert!(!is_letter(&lex, "وكيل", Analysis { enc: 0, ..wa_ha }));
    }

    /// The stem's other pronoun forms in the corpus, without the analysis's own.
    #[test]
    fn other_pronouns_count_the_stems_paradigm() {
        let lex = lexicon(&[("كتابه", 9), ("كتابها", 4), ("كتابي", 2), ("سياسي", 90)]);
        let ya = Analysis { enc: 10, ..ENC_HA };
        let chars = |w: &str| Skeleton::new(w).chars;
        let mut buf = String::new();
        assert_eq!(other_pronouns(&lex, &chars("كتاب"), ya, &mut buf), 2);
        // ه is the analysis's own pronoun: only ها counts.
        assert_eq!(other_pronouns(&lex, &chars("كتاب"), ENC_HA, &mut buf), 1);
        assert_eq!(other_pronouns(&lex, &chars("سياس"), ya, &mut buf), 0);
    }

    /// The features of the first and last letters read the UTF-8 of at most two letters.
    #[test]
    fn utf8_of_the_first_two_letters() {
        assert_eq!(Utf8::of(&['ا', 'ل', 'ك']).bytes(), "ال".as_bytes());
        assert_eq!(Utf8::of(&['ب']).bytes(), "ب".as_bytes());
        assert_eq!(Utf8::of(&['𝔸', '😀']).bytes(), "𝔸😀".as_bytes());
        assert!(Utf8::of(&[]).bytes().is_empty());
    }
}
