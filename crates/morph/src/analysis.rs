//! Clitics, the candidate analyses of a word, and the segments an analysis gives.

use serde::{Deserialize, Serialize};

use crate::skeleton::Skeleton;

/// A conjunction proclitic: و or ف.
pub const CONJ: [char; 2] = ['و', 'ف'];
/// The second proclitic slot: prepositions ب ل ك and the future particle س.
pub const PREP: [char; 4] = ['ب', 'ل', 'ك', 'س'];
/// Enclitic pronouns, longest first within each family.
pub const ENCLITICS: [&str; 12] = [
    "ه", "ها", "هما", "هم", "هن", "ك", "كما", "كم", "كن", "ي", "ني", "نا",
];

/// The independent pronouns, as skeletons (hamza folded).
const INDEPENDENT_PRONOUNS: [&str; 11] = [
    "انا",
    "انت",
    "انتم",
    "انتما",
    "انتن",
    "نحن",
    "هو",
    "هي",
    "هم",
    "هما",
    "هن",
];

/// How the stem's dictionary form differs from its slice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum Restore {
    /// The slice is the form.
    #[default]
    None = 0,
    /// ل + ال is written لل: the form puts the article's alef back (لسلطة -> السلطة).
    Alef = 1,
    /// Ta marbuta is written ت before a pronoun (حكومت -> حكومة).
    TaMarbuta = 2,
    /// A final hamza takes a seat before a pronoun (أسمائ -> أسماء).
    Hamza = 3,
    /// Alef maqsura is written ي (علي -> على) or ا (ألغاها -> ألغى) before a pronoun.
    AlefMaqsura = 4,
    /// The silent alef after the plural و drops before a pronoun (يشاركوه -> يشاركوا).
    WawAlef = 5,
}

impl Restore {
    fn from_bits(b: u16) -> Restore {
        match b {
            1 => Restore::Alef,
            2 => Restore::TaMarbuta,
            3 => Restore::Hamza,
            4 => Restore::AlefMaqsura,
            5 => Restore::WawAlef,
            _ => Restore::None,
        }
    }
}

/// A segment's role in its word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A clitic before the stem (و ف ب ل ك س).
    Proclitic,
    /// The word the clitics attach to.
    Stem,
    /// A pronoun after the stem.
    Enclitic,
}

impl Role {
    /// The role's name in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Proclitic => "proclitic",
            Role::Stem => "stem",
            Role::Enclitic => "enclitic",
        }
    }
}

/// One analysis of a word: which clitics it carries. Small and `Copy`; the segments follow from
/// it and the word's [`Skeleton`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Analysis {
    /// 0 none, else index into [`CONJ`] + 1.
    pub conj: u8,
    /// 0 none, else index into [`PREP`] + 1.
    pub prep: u8,
    /// 0 none, else index into [`ENCLITICS`] + 1.
    pub enc: u8,
    /// The stem's form.
    pub restore: Restore,
}

impl Analysis {
    /// True when the analysis has a preposition ب, ل or ك (not the future particle س, which
    /// shares [`PREP`]).
    pub fn has_preposition(&self) -> bool {
        (1..4).contains(&self.prep)
    }

    /// True when the analysis has the future particle س (ستجري, وسيعود).
    pub fn has_future(&self) -> bool {
        self.prep == 4
    }

    /// The analysis with no clitics.
    pub const WHOLE: Analysis = Analysis {
        conj: 0,
        prep: 0,
        enc: 0,
        restore: Restore::None,
    };

    /// Packs into 12 bits (for the lexicon).
    pub fn pack(self) -> u16 {
        u16::from(self.conj)
            | u16::from(self.prep) << 2
            | u16::from(self.enc) << 5
            | (self.restore as u16) << 9
    }

    /// Unpacks [`Analysis::pack`]; `None` for bits no analysis packs to.
    pub fn unpack(b: u16) -> Option<Analysis> {
        let a = Analysis {
            conj: (b & 3) as u8,
            prep: (b >> 2 & 7) as u8,
            enc: (b >> 5 & 15) as u8,
            restore: Restore::from_bits(b >> 9 & 7),
        };
        (a.conj <= 2 && a.prep <= 4 && a.enc <= 12 && b >> 12 == 0).then_some(a)
    }

    /// Letters taken by proclitics.
    #[inline]
    pub fn pre_len(self) -> usize {
        usize::from(self.conj > 0) + usize::from(self.prep > 0)
    }

    /// Letters taken by the enclitic.
    #[inline]
    pub fn enc_len(self) -> usize {
        // By table: called several times for every word.
        const LEN: [u8; 13] = {
            let mut t = [0u8; 13];
            let mut i = 0;
            while i < ENCLITICS.len() {
                // Two-byte letters: the byte length halved is the letter count.
                t[i + 1] = (ENCLITICS[i].len() / 2) as u8;
                i += 1;
            }
            t
        };
        LEN.get(usize::from(self.enc))
            .map_or(0, |&n| usize::from(n))
    }

    /// The enclitic's letters.
    pub fn enclitic(self) -> Option<&'static str> {
        (self.enc > 0).then(|| ENCLITICS[usize::from(self.enc - 1)])
    }

    /// The stem's letter range in a word of `n` letters.
    #[inline]
    pub fn stem_range(self, n: usize) -> (usize, usize) {
        (self.pre_len(), n.saturating_sub(self.enc_len()))
    }

    /// True when it splits nothing.
    pub fn is_whole(self) -> bool {
        self.conj == 0 && self.prep == 0 && self.enc == 0
    }

    /// A short label: the clitics as letters around `+` signs, `-` for none (`و+ب+_+ها`).
    pub fn signature(self) -> String {
        let mut s = String::new();
        if self.conj > 0 {
            s.push(CONJ[usize::from(self.conj - 1)]);
            s.push('+');
        }
        if self.prep > 0 {
            s.push(PREP[usize::from(self.prep - 1)]);
            s.push('+');
        }
        s.push('_');
        if let Some(e) = self.enclitic() {
            s.push('+');
            s.push_str(e);
        }
        s
    }

    /// Whether the word's tanween, if any, allows these clitics: no pronoun follows tanween
    /// (موجهاً is one word); a preposition governs the genitive, so it comes before no tanween
    /// but the genitive's ٍ (بديلاً is one word, كمغنٍ is ك + مغنٍ); and the future particle
    /// comes before a verb, which takes none.
    #[inline]
    pub fn fits_tanween(self, s: &Skeleton) -> bool {
        !s.tanween || (self.enc == 0 && (self.prep == 0 || (self.prep < 4 && !s.tanween_an_un)))
    }

    /// Boundaries between segments, as letter indices strictly inside the word.
    pub fn boundaries(self, n: usize) -> impl Iterator<Item = usize> {
        let (a, b) = self.stem_range(n);
        let conj = (self.conj > 0 && self.prep > 0).then_some(1);
        let pre = (a > 0 && a < n).then_some(a);
        let enc = (b > a && b < n).then_some(b);
        conj.into_iter().chain(pre).chain(enc)
    }
}

/// Every analysis of the word whose skeleton is `s` that the orthography allows, the whole word
/// first. `out` is cleared first.
pub fn candidates(s: &Skeleton, out: &mut Vec<Analysis>) {
    out.clear();
    out.push(Analysis::WHOLE);
    let c = &s.chars;
    let n = c.len();
    if n < 2 || !c.iter().all(|&ch| is_arabic_letter(ch)) {
        return;
    }
    for conj in 0..=2u8 {
        if conj > 0 && c[0] != CONJ[usize::from(conj - 1)] {
            continue;
        }
        let i = usize::from(conj > 0);
        for prep in 0..=4u8 {
            if prep > 0 && (i >= n || c[i] != PREP[usize::from(prep - 1)]) {
                continue;
            }
            let a = i + usize::from(prep > 0);
            for enc in 0..=12u8 {
                let e = if enc == 0 {
                    ""
                } else {
                    ENCLITICS[usize::from(enc - 1)]
                };
                let el = e.chars().count();
                if a + el > n || !c[n - el..].iter().copied().eq(e.chars()) {
                    continue;
                }
                let stem = n - el - a;
                // A stem has two letters at least; only a preposition takes a pronoun alone
                // (به، لها، لنا).
                let ok = match stem {
                    0 => prep > 0 && prep < 4 && enc > 0 && conj + prep + enc > 0,
                    1 => false,
                    _ => true,
                };
                if !ok || (conj == 0 && prep == 0 && enc == 0) {
                    continue;
                }
                if stem > 0 {
                    let first = c[a];
                    // The future particle only comes before an imperfect verb.
                    if prep == 4 && !matches!(first, 'ي' | 'ت' | 'ن' | 'ا') {
                        continue;
                    }
                    // ل + ال is written لل: a stem after ل never starts with ال.
                    let bare = a >= 64 || s.hamza_alef >> a & 1 == 0;
                    if prep == 2 && first == 'ا' && bare && c.get(a + 1) == Some(&'ل') {
                        continue;
                    }
                    // A preposition takes a pronoun as a suffix, never as a word of its own
                    // (كانت is not ك + أنت), and كأنّ is a particle, not ك + أنّ.
                    if matches!(prep, 1..=3) {
                        let stem = &c[a..n - el];
                        if INDEPENDENT_PRONOUNS
                            .iter()
                            .any(|p| p.chars().eq(stem.iter().copied()))
                            || (prep == 3 && stem == ['ا', 'ن'])
                        {
                            continue;
                        }
                    }
                }
                let cand = Analysis {
                    conj,
                    prep,
                    enc,
                    restore: Restore::None,
                };
                if cand.fits_tanween(s) {
                    out.push(cand);
                }
            }
        }
    }
}

/// Arabic letters (U+0621-U+064A and the extended letters), the only ones clitics attach to.
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    // One bit per code point of U+0600-U+06FF: a shift and a mask instead of three ranges.
    const BITS: [u64; 4] = {
        let mut t = [0u64; 4];
        let mut k = 0u32;
        while k < 256 {
            if matches!(0x600 + k, 0x0621..=0x063A | 0x0641..=0x064A | 0x0671..=0x06D3) {
                t[(k / 64) as usize] |= 1 << (k % 64);
            }
            k += 1;
        }
        t
    };
    let k = (c as u32).wrapping_sub(0x600);
    k < 256 && BITS[(k / 64) as usize] >> (k % 64) & 1 == 1
}

/// One segment of a word: a slice of it, its role and its dictionary form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// First byte (within the word, or within the text for [`crate::WordAnalyses::segments`]).
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Its role.
    pub role: Role,
    /// The form, when it differs from the slice (the stem of لسلطة is السلطة).
    pub form: Option<String>,
}

/// The segments of `word` (with skeleton `s`) under analysis `a`, appended to `out`. A word
/// with no letters, or an analysis that does not fit it, gives the whole word as its stem.
pub fn segments(word: &str, s: &Skeleton, a: Analysis, out: &mut Vec<Segment>) {
    let n = s.len();
    let (sa, sb) = a.stem_range(n);
    if n == 0 || a.is_whole() || sa > sb || sb > n {
        out.push(Segment {
            start: 0,
            end: word.len() as u32,
            role: Role::Stem,
            form: None,
        });
        return;
    }
    let off = |i: usize| s.offsets[i];
    let mut push = |i: usize, j: usize, role| {
        out.push(Segment {
            start: off(i),
            end: off(j),
            role,
            form: None,
        })
    };
    // A preposition with only a pronoun after it (له) is the host.
    let empty_stem = sa == sb;
    if a.conj > 0 && a.prep > 0 {
        push(0, 1, Role::Proclitic);
        push(
            1,
            2,
            if empty_stem {
                Role::Stem
            } else {
                Role::Proclitic
            },
        );
    } else if sa > 0 {
        push(
            0,
            1,
            if empty_stem {
                Role::Stem
            } else {
                Role::Proclitic
            },
        );
    }
    if !empty_stem {
        push(sa, sb, Role::Stem);
    }
    if sb < n {
        push(sb, n, Role::Enclitic);
    }
    if a.restore != Restore::None
        && let Some(seg) = out.iter_mut().rev().find(|x| x.role == Role::Stem)
    {
        seg.form = Some(restore(
            &word[seg.start as usize..seg.end as usize],
            a.restore,
        ));
    }
}

/// The letters of الله's stem slice after the preposition ل (لله).
pub(crate) const ALLAH_STEM: [char; 2] = ['ل', 'ه'];

/// What [`Restore::Alef`] puts back before the letters of a stem slice after ل: the article's
/// alef (لسلطة: السلطة), or for لله the whole article (الله), as one of its three lams goes
/// unwritten too.
pub fn article_prefix(stem: impl IntoIterator<Item = char>) -> &'static str {
    if stem.into_iter().eq(ALLAH_STEM) {
        "ال"
    } else {
        "ا"
    }
}

/// The dictionary form of a stem slice.
pub fn restore(slice: &str, r: Restore) -> String {
    let mut form = String::with_capacity(slice.len() + 2);
    if r == Restore::Alef {
        form.push_str(article_prefix(
            slice.chars().filter(|&c| !crate::skeleton::is_ignorable(c)),
        ));
        form.push_str(slice);
        return form;
    }
    // The last letter (marks after it stay).
    let last = slice
        .char_indices()
        .rev()
        .find(|&(_, c)| !crate::skeleton::is_ignorable(c));
    let Some((i, c)) = last else {
        return slice.to_string();
    };
    let new = match (r, c) {
        (Restore::TaMarbuta, 'ت') => 'ة',
        (Restore::Hamza, 'ئ' | 'ؤ') => 'ء',
        (Restore::AlefMaqsura, 'ي' | 'ا' | 'أ' | 'إ' | 'آ') => 'ى',
        _ => c,
    };
    form.push_str(&slice[..i]);
    form.push(new);
    form.push_str(&slice[i + c.len_utf8()..]);
    if r == Restore::WawAlef && c == 'و' {
        form.push('ا');
    }
    form
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sigs(w: &str) -> Vec<String> {
        let s = Skeleton::new(w);
        let mut v = Vec::new();
        candidates(&s, &mut v);
        v.iter().map(|a| a.signature()).collect()
    }

    #[test]
    fn candidates_follow_the_orthography() {
        let c = sigs("وبحكومتها");
        assert!(c.contains(&"و+ب+_+ها".to_string()), "{c:?}");
        assert!(c.contains(&"_".to_string()));
        let c = sigs("له");
        assert!(c.contains(&"ل+_+ه".to_string()), "{c:?}");
        // no future particle before a non-verb letter
        assert!(!sigs("سلام").iter().any(|s| s.starts_with("س+")));
        // ل never precedes a written ال
        assert!(!sigs("لالعراق").iter().any(|s| s.starts_with("ل+")));
        assert_eq!(sigs("و"), vec!["_"]);
    }

    /// A preposition governs the genitive: before tanween it is only read when the tanween
    /// is the genitive's; no pronoun follows tanween; the future particle takes none.
    #[test]
    fn tanween_rules_out_clitics_it_cannot_follow() {
        let c = sigs("بعيداً");
        assert!(!c.iter().any(|s| s.starts_with("ب+")), "{c:?}");
        let c = sigs("لطيفٌ");
        assert!(!c.iter().any(|s| s.starts_with("ل+")), "{c:?}");
        let c = sigs("بمبلغٍ");
        assert!(c.contains(&"ب+_".to_string()), "{c:?}");
        // The conjunction takes any case.
        assert!(sigs("وكتاباً").contains(&"و+_".to_string()));
        assert!(!sigs("سيفٍ").iter().any(|s| s.starts_with("س+")));
        assert!(!sigs("كتابهٌ").iter().any(|s| s.ends_with("+ه")));
        // Without marks every reading stays.
        assert!(sigs("بعيدا").contains(&"ب+_".to_string()));
    }

    /// A preposition is never read before an independent pronoun, nor ك before أنّ.
    #[test]
    fn no_preposition_before_a_pronoun_word() {
        let c = sigs("فكانت");
        assert!(!c.contains(&"ف+ك+_".to_string()), "{c:?}");
        assert!(c.contains(&"ف+_".to_string()), "{c:?}");
        assert!(!sigs("كأنه").contains(&"ك+_+ه".to_string()));
        assert!(!sigs("بنحن").iter().any(|s| s.starts_with("ب+")));
        // The pronoun as a suffix is still read (بهم), and so are ب + أن and ل + أن.
        assert!(sigs("بهم").contains(&"ب+_+هم".to_string()));
        assert!(sigs("بأنه").contains(&"ب+_+ه".to_string()));
        assert!(sigs("لأن").contains(&"ل+_".to_string()));
    }

    #[test]
    fn arabic_letters_are_the_three_ranges() {
        for cp in 0..0x11000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert_eq!(
                is_arabic_letter(c),
                matches!(cp, 0x0621..=0x063A | 0x0641..=0x064A | 0x0671..=0x06D3),
                "{cp:X}"
            );
        }
    }

    #[test]
    fn enclitic_lengths_are_letters() {
        for enc in 0..=12u8 {
            let a = Analysis {
                enc,
                ..Analysis::WHOLE
            };
            assert_eq!(a.enc_len(), a.enclitic().map_or(0, |e| e.chars().count()));
        }
    }

    #[test]
    fn pack_round_trips() {
        let s = Skeleton::new("وبحكومتها");
        let mut v = Vec::new();
        candidates(&s, &mut v);
        for mut a in v {
            a.restore = Restore::TaMarbuta;
            assert_eq!(Analysis::unpack(a.pack()), Some(a));
        }
        assert_eq!(Analysis::unpack(0xFFFF), None);
    }

    #[test]
    fn forms_before_a_pronoun_are_restored() {
        // The plural verb's silent alef: يشاركوه -> يشاركوا.
        assert_eq!(restore("يكتبو", Restore::WawAlef), "يكتبوا");
        // Alef maqsura written ا before a pronoun: رماها -> رمى; ي stays ى too.
        assert_eq!(restore("رما", Restore::AlefMaqsura), "رمى");
        assert_eq!(restore("علي", Restore::AlefMaqsura), "على");
        // Marks after the last letter stay after it.
        assert_eq!(restore("رمَا", Restore::AlefMaqsura), "رمَى");
        // A restoration that does not fit the letter changes nothing.
        assert_eq!(restore("كتب", Restore::WawAlef), "كتب");
        let a = Analysis {
            conj: 1,
            prep: 0,
            enc: 2,
            restore: Restore::WawAlef,
        };
        assert_eq!(Analysis::unpack(a.pack()), Some(a));
    }

    #[test]
    fn segments_are_slices_with_forms() {
        let w = "وبحكومتها";
        let s = Skeleton::new(w);
        let a = Analysis {
            conj: 1,
            prep: 1,
            enc: 2,
            restore: Restore::TaMarbuta,
        };
        let mut out = Vec::new();
        segments(w, &s, a, &mut out);
        let parts: Vec<&str> = out
            .iter()
            .map(|x| &w[x.start as usize..x.end as usize])
            .collect();
        assert_eq!(parts, ["و", "ب", "حكومت", "ها"]);
        assert_eq!(out[2].form.as_deref(), Some("حكومة"));
        assert_eq!(out[3].role, Role::Enclitic);
        let w = "للسلطة";
        let s = Skeleton::new(w);
        out.clear();
        segments(
            w,
            &s,
            Analysis {
                conj: 0,
                prep: 2,
                enc: 0,
                restore: Restore::Alef,
            },
            &mut out,
        );
        assert_eq!(&w[out[1].start as usize..], "لسلطة");
        assert_eq!(out[1].form.as_deref(), Some("السلطة"));
        let w = "له";
        let s = Skeleton::new(w);
        out.clear();
        segments(
            w,
            &s,
            Analysis {
                conj: 0,
                prep: 2,
                enc: 1,
                restore: Restore::None,
            },
            &mut out,
        );
        assert_eq!(
            out.iter().map(|x| x.role).collect::<Vec<_>>(),
            [Role::Stem, Role::Enclitic]
        );
    }
}
