//! The segmenter: the lexicon's precomputed analysis for known words, the model for the rest.

use std::sync::OnceLock;

use crate::MorphError;
use crate::analysis::{Analysis, CONJ, ENCLITICS, PREP, Restore, Segment, candidates, segments};
use crate::lexicon::Lexicon;
use crate::model::{Model, Scratch, conjunction_is_stem_letter, features};
use crate::skeleton::Skeleton;

static MODEL: &[u8] = include_bytes!("../models/seg.bin");
static LEXICON: &[u8] = include_bytes!("../models/lexicon.fst");
static FOREIGN: &[u8] = include_bytes!("../models/foreign.bin");

/// Splits Arabic words into proclitics, stem and enclitic.
///
/// ```
/// use khabar_morph::Segmenter;
///
/// let seg = Segmenter::embedded();
/// let word = "وبحكومتها";
/// let parts: Vec<&str> = seg.segment(word).iter().map(|s| &word[s.start as usize..s.end as usize]).collect();
/// assert_eq!(parts, ["و", "ب", "حكومت", "ها"]);
/// ```
#[derive(Clone, Debug)]
pub struct Segmenter {
    model: Model,
    lexicon: Lexicon,
    use_table: bool,
    /// Tells segmenters apart, for the per-thread memo of [`Segmenter::analyze_tokens`].
    id: u64,
}

/// A fresh [`Segmenter`] id.
fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Reusable buffers for [`Segmenter::analyze_with`].
#[derive(Default)]
pub struct Buffers {
    cands: Vec<Analysis>,
    feats: Vec<u32>,
    scratch: Scratch,
}

impl std::fmt::Debug for Buffers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Buffers")
    }
}

impl Segmenter {
    /// A segmenter from a model and a lexicon.
    pub fn new(model: Model, lexicon: Lexicon) -> Self {
        Segmenter {
            model,
            lexicon,
            use_table: true,
            id: next_id(),
        }
    }

    /// The segmenter built into khabar (trained by `khabar train seg`), loaded once.
    pub fn embedded() -> &'static Segmenter {
        static SEG: OnceLock<Segmenter> = OnceLock::new();
        SEG.get_or_init(|| match Self::load_with_foreign(MODEL, LEXICON, FOREIGN) {
            Ok(s) => s,
            // The files are compiled in and checked by the tests: failing here is a build bug.
            Err(e) => panic!("the embedded segmentation model is damaged: {e}"),
        })
    }

    /// A segmenter from serialised model and lexicon bytes.
    pub fn load(model: &[u8], lexicon: &'static [u8]) -> Result<Self, MorphError> {
        Ok(Segmenter::new(
            Model::from_bytes(model)?,
            Lexicon::from_bytes(lexicon)?,
        ))
    }

    /// A segmenter from serialised model, lexicon and transliteration model
    /// ([`crate::Foreign`]) bytes.
    pub fn load_with_foreign(
        model: &[u8],
        lexicon: &'static [u8],
        foreign: &[u8],
    ) -> Result<Self, MorphError> {
        Ok(Segmenter::new(
            Model::from_bytes(model)?,
            Lexicon::from_bytes(lexicon)?.with_foreign(crate::Foreign::from_bytes(foreign)?),
        ))
    }

    /// Ignore the lexicon's precomputed analyses and run the model on every word (what
    /// cross-validation needs: the table was computed by a model trained on all the data).
    pub fn without_table(mut self) -> Self {
        self.use_table = false;
        self.id = next_id();
        self
    }

    /// The lexicon.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The analysis of the word with skeleton `s`.
    pub fn analyze_with(&self, s: &Skeleton, buf: &mut Buffers) -> Analysis {
        self.analyze_entry(s, buf).0
    }

    /// The analysis of the word with skeleton `s`, and what the lexicon knows of the word.
    pub fn analyze_entry(
        &self,
        s: &Skeleton,
        buf: &mut Buffers,
    ) -> (Analysis, Option<crate::lexicon::Entry>) {
        let entry = self.lexicon.get(&s.key);
        let a = self.analyze_known(s, entry, buf);
        (
            allah_after_lam(s, self.lam_after_conjunction(s, a, buf)),
            entry,
        )
    }

    /// A stem after a conjunction alone never begins with لل: that is the preposition ل before
    /// the article, whose alef it drops (وللعراق is و + ل + لعراق, the form العراق; ولليبيا is
    /// و + ل + ليبيا). The model, which sees few such words, reads و + للعراق.
    fn lam_after_conjunction(&self, s: &Skeleton, a: Analysis, buf: &mut Buffers) -> Analysis {
        let (sa, sb) = a.stem_range(s.len());
        if a.conj == 0 || a.prep != 0 || sb < sa + 4 || s.chars[sa..sa + 2] != ['ل', 'ل'] {
            return a;
        }
        let with_lam = Analysis {
            prep: 2,
            restore: Restore::None,
            ..a
        };
        Analysis {
            restore: crate::model::stem_evidence(&self.lexicon, s, with_lam, &mut buf.scratch).0,
            ..with_lam
        }
    }

    fn analyze_known(
        &self,
        s: &Skeleton,
        entry: Option<crate::lexicon::Entry>,
        buf: &mut Buffers,
    ) -> Analysis {
        if let Some(e) = entry {
            // Protected names are never split.
            if e.name {
                return Analysis::WHOLE;
            }
            // The table's analysis is the word's without its marks: tanween can rule it out.
            if self.use_table
                && let Some(a) = e.analysis
                && a.fits_tanween(s)
            {
                return a;
            }
        }
        // After the table, which holds it for known words.
        if let Some(a) = conjunction_and_pronoun(s).or_else(|| preposition_and_closed_word(s)) {
            return a;
        }
        if entry.is_none_or(|e| e.freq == 0) {
            // A word the corpus does not know: clitics on a known name (لبلينكن), a misspelt
            // name (بلنكن), or clitics on a misspelt name (وبلنكن). A frequent name after a
            // clitic wins over a misspelling; a rare one (a town's name) does not.
            candidates(s, &mut buf.cands);
            let mut rare_name = None;
            for &a in buf.cands.iter().skip(1).filter(|a| a.enc == 0) {
                let (sa, sb) = a.stem_range(s.len());
                buf.scratch.key.clear();
                buf.scratch.key.extend(&s.chars[sa..sb]);
                // The fewest clitics first: وبايدن is و + بايدن, not و + ب + ايدن.
                if let Some(e) = self.lexicon.get(&buf.scratch.key).filter(|e| e.name) {
                    if e.freq >= 20 {
                        return a;
                    }
                    rare_name = Some(a);
                    break;
                }
            }
            if self.lexicon.near_name(&s.key, &mut buf.scratch.alt) {
                return Analysis::WHOLE;
            }
            if let Some(a) = rare_name {
                return a;
            }
            let foreign = self.lexicon.foreign();
            let whole = foreign.score(&s.chars);
            // A misspelt name after a clitic (وبلنكن), unless the clitic reading makes the
            // word look less like a name: ANETAC's tens of thousands of foreign names are one
            // letter from almost any transliteration, so يلينغهام is near a name too, and
            // بيلينغهام is not ب + يلينغهام.
            for &a in buf.cands.iter().skip(1).filter(|a| a.enc == 0) {
                let (sa, sb) = a.stem_range(s.len());
                buf.scratch.key.clear();
                buf.scratch.key.extend(&s.chars[sa..sb]);
                // A remainder the corpus knows is a word, not a misspelling (بدولها is ب +
                // دول + ها, not ب + a name with a letter dropped).
                if self.lexicon.freq(&buf.scratch.key) == 0
                    && self
                        .lexicon
                        .near_name(&buf.scratch.key, &mut buf.scratch.alt)
                    && foreign.score(&s.chars[sa..sb]) >= whole
                {
                    return a;
                }
            }
            // The candidates are already in `buf`.
            return self.best_candidate(s, entry, buf);
        }
        candidates(s, &mut buf.cands);
        // A known word that is clitics on a frequent name (وسامي: و + سامي) is the name, as
        // above, unless the word is nearly as frequent as the name (بيان is not ب + يان), or
        // the clitic reading looks less like a name than the word: the lists' names include
        // spellings of common words (ادي is also أدى, so فادي is not ف + ادي).
        let fw = entry.map_or(0, |e| e.freq);
        let foreign = self.lexicon.foreign();
        for &a in buf.cands.iter().skip(1).filter(|a| a.enc == 0) {
            let (sa, sb) = a.stem_range(s.len());
            buf.scratch.key.clear();
            buf.scratch.key.extend(&s.chars[sa..sb]);
            if let Some(e) = self.lexicon.get(&buf.scratch.key).filter(|e| e.name) {
                if e.freq >= 20
                    && fw.saturating_mul(4) < e.freq
                    && foreign.score(&s.chars[sa..sb]) >= foreign.score(&s.chars)
                {
                    return a;
                }
                break;
            }
        }
        self.best_candidate(s, entry, buf)
    }

    /// The model's best analysis among the candidates of `s` in `buf.cands`.
    fn best_candidate(
        &self,
        s: &Skeleton,
        entry: Option<crate::lexicon::Entry>,
        buf: &mut Buffers,
    ) -> Analysis {
        if buf.cands.len() == 1 {
            return Analysis::WHOLE;
        }
        let mut best = (f32::NEG_INFINITY, Analysis::WHOLE);
        for i in 0..buf.cands.len() {
            if conjunction_is_stem_letter(&self.lexicon, s, buf.cands[i], &mut buf.scratch) {
                continue;
            }
            buf.feats.clear();
            let Some(a) = features(
                &self.lexicon,
                s,
                entry,
                buf.cands[i],
                &mut buf.scratch,
                &mut buf.feats,
            ) else {
                continue;
            };
            let score = self.model.score(&buf.feats);
            if score > best.0 {
                best = (score, a);
            }
        }
        best.1
    }

    /// The segments of one word, as byte ranges within it.
    pub fn segment(&self, word: &str) -> Vec<Segment> {
        let s = Skeleton::new(word);
        let a = self.analyze_with(&s, &mut Buffers::default());
        let mut out = Vec::new();
        segments(word, &s, a, &mut out);
        out
    }
}

/// لله is ل + الله, the article's alef and one of three lams unwritten: its stem slice له has the
/// form الله (not اله, the alef alone put back, nor له "for him", which has no second lam).
fn allah_after_lam(s: &Skeleton, a: Analysis) -> Analysis {
    let (sa, sb) = a.stem_range(s.len());
    if a.prep == 2 && a.enc == 0 && s.chars.get(sa..sb) == Some(&crate::analysis::ALLAH_STEM[..]) {
        Analysis {
            restore: Restore::Alef,
            ..a
        }
    } else {
        a
    }
}

/// و or ف before an independent pronoun (وهو, فهي, ونحن) is always the conjunction: no word
/// is spelt so. Not هم and هما, which also spell nouns (وهم, فهم).
fn conjunction_and_pronoun(s: &Skeleton) -> Option<Analysis> {
    let (&first, rest) = s.chars.split_first()?;
    let conj = CONJ.iter().position(|&c| c == first)?;
    ["هو", "هي", "انا", "انت", "انتم", "انتما", "انتن", "نحن"]
        .iter()
        .any(|p| p.chars().eq(rest.iter().copied()))
        .then_some(Analysis {
            conj: conj as u8 + 1,
            ..Analysis::WHOLE
        })
}

/// A preposition before a pronoun alone (لنا, ولهم) or before a demonstrative (بهذا, كهذه,
/// لتلك) is the preposition, after an optional conjunction: the pronoun and demonstratives are
/// closed classes, and these spellings are no other word. ل takes the pronoun, as its
/// paradigm is unambiguous (بي is also the letter B); not لي (also the name Lee), لكن (the
/// conjunction "but"), nor after a conjunction a pronoun of one letter (ولي "guardian", وله
/// "passion", فلك "orbit"); not كذلك, the adverb "likewise".
fn preposition_and_closed_word(s: &Skeleton) -> Option<Analysis> {
    const DEMONSTRATIVES: [&str; 10] = [
        "هذا",
        "هذه",
        "هذان",
        "هذين",
        "هاتان",
        "هاتين",
        "هؤلاء",
        "ذلك",
        "تلك",
        "اولئك",
    ];
    let (conj, rest) = match s.chars.split_first() {
        Some((c, rest)) => match CONJ.iter().position(|x| x == c) {
            Some(i) => (i as u8 + 1, rest),
            None => (0, &s.chars[..]),
        },
        None => return None,
    };
    let (&p, word) = rest.split_first()?;
    let prep = PREP.iter().take(3).position(|&x| x == p)? as u8 + 1;
    let is = |w: &str| w.chars().eq(word.iter().copied());
    if DEMONSTRATIVES.iter().any(|d| is(d)) {
        return (!(p == 'ك' && is("ذلك"))).then_some(Analysis {
            conj,
            prep,
            ..Analysis::WHOLE
        });
    }
    let enc = ENCLITICS.iter().position(|e| is(e))? as u8 + 1;
    let excluded = is("ي") || is("كن") || (conj > 0 && word.len() < 2);
    (p == 'ل' && !excluded).then_some(Analysis {
        conj,
        prep,
        enc,
        ..Analysis::WHOLE
    })
}

/// The morphology layer of a text: the analysis of each token, parallel to the text layer's
/// tokens. Segments are derived from it on demand ([`WordAnalyses::segments`]), so the layer
/// costs four bytes a token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordAnalyses {
    /// One analysis per token; tokens that are not Arabic words have [`Analysis::WHOLE`].
    pub analyses: Vec<Analysis>,
}

impl WordAnalyses {
    /// The segments of `token` (which must be a token of `original`), with byte offsets into
    /// `original`. Empty for tokens that are not Arabic words.
    pub fn segments(
        &self,
        original: &str,
        index: usize,
        token: &khabar_text::Token,
    ) -> Vec<Segment> {
        let mut out = Vec::new();
        self.segments_into(original, index, token, &mut Skeleton::default(), &mut out);
        out
    }

    /// [`WordAnalyses::segments`] into `out` (cleared first), with a caller's skeleton buffer:
    /// no allocation a token once the buffers have grown.
    pub fn segments_into(
        &self,
        original: &str,
        index: usize,
        token: &khabar_text::Token,
        sk: &mut Skeleton,
        out: &mut Vec<Segment>,
    ) {
        out.clear();
        if token.kind != khabar_text::TokenKind::Word {
            return;
        }
        let Some(word) = token.span.slice(original) else {
            return;
        };
        let a = self.analyses.get(index).copied().unwrap_or_default();
        sk.fill(word);
        segments(word, sk, a, out);
        for s in out.iter_mut() {
            s.start += token.span.start;
            s.end += token.span.start;
        }
    }
}

impl Segmenter {
    /// Analyses every Arabic word among `tokens` (tokens of `original`) into `out`.
    pub fn analyze_tokens(
        &self,
        original: &str,
        tokens: &[khabar_text::Token],
        out: &mut WordAnalyses,
    ) {
        /// Analyses by word, of the segmenter `.0`: news text repeats its words, and each new
        /// one costs a skeleton and one or more lexicon look-ups.
        type Memo = (u64, crate::WordMemo<Analysis>);
        thread_local! {
            static MEMO: std::cell::RefCell<Memo> =
                const { std::cell::RefCell::new((0, crate::WordMemo::new(15))) };
        }
        out.analyses.clear();
        out.analyses.reserve(tokens.len());
        let mut sk = Skeleton::default();
        let mut buf = Buffers::default();
        let mut analyse = |word: &str| {
            sk.fill(word);
            self.analyze_with(&sk, &mut buf)
        };
        MEMO.with(|memo| {
            let mut memo = memo.try_borrow_mut();
            if let Ok(m) = memo.as_mut()
                && m.0 != self.id
            {
                m.1.clear();
                m.0 = self.id;
            }
            for t in tokens {
                let a = match (t.kind, t.span.slice(original)) {
                    (khabar_text::TokenKind::Word, Some(word)) => match memo.as_mut() {
                        Ok(m) => m.1.get_or_insert_with(word, &mut analyse),
                        Err(_) => analyse(word),
                    },
                    _ => Analysis::WHOLE,
                };
                out.analyses.push(a);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Foreign, LexiconBuilder};

    /// A lexicon that knows two invented person names (for the typo index) and nothing else,
    /// with a transliteration model learnt from invented lists.
    fn segmenter(foreign: bool) -> Segmenter {
        let mut b = LexiconBuilder::default();
        for name in ["يرلينغهام", "بلومكرن"] {
            b.add_name(name);
            b.add_near_name(name);
        }
        let chars = |w: &str| Skeleton::new(w).chars;
        let names: Vec<Vec<char>> = [
            "بيرلينغتون",
            "بيلفينغهام",
            "كيرلينغ",
            "هامرلينغ",
            "بلومبرغ",
            "بلومكرن",
            "كرنستون",
        ]
        .iter()
        .map(|w| chars(w))
        .collect();
        let native: Vec<Vec<char>> = ["وقال", "والحكومة", "ويرى", "وبين", "ويلتقي", "والمجلس"]
            .iter()
            .map(|w| chars(w))
            .collect();
        let model = if foreign {
            Foreign::train(
                names.iter().map(Vec::as_slice),
                native.iter().map(|w| (w.as_slice(), 1.0)),
            )
        } else {
            Foreign::default()
        };
        Segmenter::new(Model::default(), b.build().with_foreign(model)).without_table()
    }

    fn split(seg: &Segmenter, word: &str) -> Analysis {
        seg.analyze_with(&Skeleton::new(word), &mut Buffers::default())
    }

    const WA: Analysis = Analysis {
        conj: 1,
        ..Analysis::WHOLE
    };

    /// ل before a pronoun alone, and a preposition before a demonstrative, is the
    /// preposition whatever the model says; not لي (also a name), لكن, وله, ولي, فلك nor كذلك.
    #[test]
    fn prepositions_before_closed_classes() {
        let seg = segmenter(false);
        let ana = |conj, prep, enc| Analysis {
            conj,
            prep,
            enc,
            ..Analysis::WHOLE
        };
        assert_eq!(split(&seg, "لنا"), ana(0, 2, 12));
        assert_eq!(split(&seg, "ولهم"), ana(1, 2, 4));
        assert_eq!(split(&seg, "فلكم"), ana(2, 2, 8));
        assert_eq!(split(&seg, "كهذه"), ana(0, 3, 0));
        assert_eq!(split(&seg, "وبتلك"), ana(1, 1, 0));
        assert_eq!(split(&seg, "لهؤلاء"), ana(0, 2, 0));
        // The model (all zeros here) decides the rest: it keeps them whole.
        for w in ["لي", "لكن", "وله", "ولي", "فلك", "كذلك", "بنا", "لهذاك"]
        {
            assert_eq!(split(&seg, w), Analysis::WHOLE, "{w}");
        }
        // A protected name is never split.
        let mut b = LexiconBuilder::default();
        b.add_name("لنا");
        let named = Segmenter::new(Model::default(), b.build()).without_table();
        assert_eq!(split(&named, "لنا"), Analysis::WHOLE);
    }

    /// The remainder of a clitic reading one letter from a name counts as a misspelt name
    /// only when the corpus does not know it as a word.
    #[test]
    fn a_misspelt_name_after_a_clitic_is_no_corpus_word() {
        let mut b = LexiconBuilder::default();
        b.add_name("بلومكرن");
        b.add_near_name("بلومكرن");
        let seg = Segmenter::new(Model::default(), b.build()).without_table();
        assert_eq!(split(&seg, "وبلمكرن"), WA);
        b.add_freq("بلمكرن", 3);
        let seg = Segmenter::new(Model::default(), b.build()).without_table();
        assert_eq!(split(&seg, "وبلمكرن"), Analysis::WHOLE);
    }

    /// A corpus word that is a clitic on a frequent name is the name (the model is not
    /// asked), unless the word is nearly as frequent as the name.
    #[test]
    fn a_clitic_on_a_frequent_name_is_split_in_known_words() {
        let mut b = LexiconBuilder::default();
        b.add_freq("سامر", 400);
        b.add_name("سامر");
        b.add_freq("وسامر", 30);
        let seg = Segmenter::new(Model::default(), b.build()).without_table();
        assert_eq!(split(&seg, "وسامر"), WA);
        b.add_freq("وسامر", 300);
        let seg = Segmenter::new(Model::default(), b.build()).without_table();
        assert_eq!(split(&seg, "وسامر"), Analysis::WHOLE);
    }

    /// After a conjunction, لل is the preposition ل and the article's second letter: the
    /// embedded model alone reads وللعراق as و + للعراق.
    #[test]
    fn lam_lam_after_a_conjunction_is_the_preposition() {
        let seg = Segmenter::embedded();
        let parts = |w: &str| -> Vec<(String, Option<String>)> {
            seg.segment(w)
                .into_iter()
                .map(|s| (w[s.start as usize..s.end as usize].to_string(), s.form))
                .collect()
        };
        let p = |x: &str, f: Option<&str>| (x.to_string(), f.map(str::to_string));
        assert_eq!(
            parts("وللعراق"),
            [p("و", None), p("ل", None), p("لعراق", Some("العراق"))]
        );
        assert_eq!(
            parts("ولليبيا"),
            [p("و", None), p("ل", None), p("ليبيا", None)]
        );
        // A stem of two letters after ل is too short: فلل (villas) stays whole.
        assert_eq!(parts("فلل"), [p("فلل", None)]);
    }

    /// لله is ل + الله: the stem له takes the form الله, not اله.
    #[test]
    fn lillah_is_the_preposition_and_allah() {
        let seg = Segmenter::embedded();
        for (w, lead) in [("لله", 1), ("ولله", 2)] {
            let segs = seg.segment(w);
            let stem = segs.last().expect("a stem");
            assert_eq!(segs.len(), lead + 1, "{w}");
            assert_eq!(&w[stem.start as usize..stem.end as usize], "له", "{w}");
            assert_eq!(stem.form.as_deref(), Some("الله"), "{w}");
        }
        // A stem other than له keeps the article's alef alone.
        let segs = seg.segment("للعراق");
        assert_eq!(segs.last().and_then(|s| s.form.as_deref()), Some("العراق"));
    }

    /// و and ف before an independent pronoun are the conjunction, whatever the model says;
    /// وهم (an illusion) is left to the model.
    #[test]
    fn a_conjunction_before_a_pronoun_is_split() {
        let seg = segmenter(false);
        let fa = Analysis {
            conj: 2,
            ..Analysis::WHOLE
        };
        assert_eq!(split(&seg, "فهو"), fa);
        assert_eq!(split(&seg, "ونحن"), WA);
        assert_eq!(split(&seg, "وهم"), Analysis::WHOLE);
        assert_eq!(split(&seg, "هو"), Analysis::WHOLE);
    }

    /// The table holds the analysis of the word without marks; tanween that rules it out
    /// sends the word to the model.
    #[test]
    fn tanween_overrides_the_table() {
        let mut b = LexiconBuilder::default();
        b.add_freq("بعيدا", 50);
        let ba = Analysis {
            prep: 1,
            ..Analysis::WHOLE
        };
        b.set_analysis("بعيدا", ba);
        let seg = Segmenter::new(Model::default(), b.build());
        assert_eq!(split(&seg, "بعيدا"), ba);
        assert_eq!(split(&seg, "بعيداً"), Analysis::WHOLE);
    }

    /// بيرلينغهم is not ب + a misspelt يرلينغهام: removing ب leaves a word that looks less
    /// like a name. وبلمكرن still is و + a misspelt بلومكرن.
    #[test]
    fn a_clitic_before_a_misspelt_name_needs_the_name_to_look_like_one() {
        let with = segmenter(true);
        assert_eq!(split(&with, "بيرلينغهم"), Analysis::WHOLE);
        let a = split(&with, "وبلمكرن");
        assert_eq!((a.conj, a.prep), (1, 0), "{a:?}");
        // Without the model, the typo index alone reads the first as ب + a name.
        let without = segmenter(false);
        assert_eq!(split(&without, "بيرلينغهم").prep, 1);
    }
}
