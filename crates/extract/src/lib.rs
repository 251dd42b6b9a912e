//! # khabar-extract: named entities
//!
//! The third stage of khabar's pipeline (text -> morph -> extract -> index -> serve). No I/O:
//! the tagger's weights, the gazetteers and the word clusters are compiled in (`models/`,
//! rebuilt by `khabar train ner`).
//!
//! ## Brief overview
//!
//! - [`Recognizer`]: finds people, places, organisations and other names ([`EntityType`]) in
//!   analysed text and links their spellings: [`Recognizer::entities`] gives [`Entity`]s whose
//!   spans leave out attached proclitics (وواشنطن gives واشنطن; للعراق gives the slice لعراق
//!   with canonical العراق).
//! - [`ner`]: the sequence tagger (averaged perceptron, BIO, Viterbi), its features, training
//!   and CoNLL evaluation.
//! - [`gazetteer`]: names from the gazetteers in one finite-state map, with Latin forms.
//! - [`clusters`]: word clusters learnt from the ANT news corpus by khabar's own code.
//! - [`link`]: within-document linking of a name's spellings.
//! - [`dates`]: date and time expressions resolved against the publication day.
//! - [`numbers`]: numbers in digits and words, with their units.
//! - [`quotes`]: quotes and their speakers.

pub mod clusters;
pub mod dates;
pub mod gazetteer;
pub mod keywords;
pub mod link;
pub mod ner;
pub mod norm;
pub mod numbers;
pub mod quotes;

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use khabar_morph::{Analysis, Role, Segment, Segmenter, WordAnalyses};
use khabar_text::{Span, Token, TokenKind};

pub use clusters::Clusters;
pub use gazetteer::{Gazetteer, GazetteerBuilder};
pub use ner::EntityType;
pub use ner::features::Resources;
pub use ner::tagger::Model;

static MODEL: &[u8] = include_bytes!("../models/ner.bin");
static GAZETTEER: &[u8] = include_bytes!("../models/gazetteer.bin");
static CLUSTERS: &[u8] = include_bytes!("../models/clusters.fst");

/// Errors of the extraction stage.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExtractError {
    /// A model, gazetteer or cluster file is damaged or of another version.
    #[error("{0}")]
    Model(String),
    /// A CoNLL file could not be parsed.
    #[error("line {line}: {message}")]
    Conll {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// A named entity found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Byte span in the original text: from the first word's stem (after its proclitics) to
    /// the end of the last word's stem.
    pub span: Span,
    /// Its type.
    pub ty: EntityType,
    /// Tokens it covers (indices into the text's tokens).
    pub tokens: std::ops::Range<u32>,
    /// The entity it mentions: the same number for every spelling of one name in a document,
    /// numbered from 0 in order of first mention.
    pub cluster: u32,
    /// The fullest form of the cluster's name, proclitics removed and a spelling changed by a
    /// clitic restored (للعراق -> العراق).
    pub canonical: String,
    /// The name in Latin script, when a gazetteer knows it.
    pub latin: Option<String>,
}

/// The named-entity recogniser: tagger, gazetteer, word clusters and segmenter.
#[derive(Clone, Debug)]
pub struct Recognizer {
    model: Model,
    /// The model's weights as scoring reads them.
    packed: ner::tagger::Packed,
    gaz: Gazetteer,
    clusters: Clusters,
    seg: &'static Segmenter,
    /// Tells recognisers apart, for the word caches in [`Buffers`] (which hold what this one's
    /// resources and model give).
    id: u64,
    /// Whether the names harvested from news ([`NEWS_NAMES`]) are marked too.
    news_names: bool,
    /// The gazetteer's people with a Latin form, by [`link::without_long_vowels`], made when
    /// first needed ([`Recognizer::latin_of_spellings`]).
    by_consonants: ByConsonants,
}

/// Keys of names by their letters without long vowels (shared by a recogniser's clones, which
/// have its gazetteer).
#[derive(Clone, Default)]
struct ByConsonants(Arc<OnceLock<rustc_hash::FxHashMap<String, Vec<String>>>>);

impl std::fmt::Debug for ByConsonants {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByConsonants")
            .field("built", &self.0.get().is_some())
            .finish()
    }
}

/// Reusable buffers for [`Recognizer::tag`].
#[derive(Debug, Default)]
pub struct Buffers {
    scratch: ner::features::Scratch,
    scores: Vec<f32>,
    decoder: ner::tagger::Decoder,
}

impl Recognizer {
    /// A recogniser from its parts.
    pub fn new(model: Model, gaz: Gazetteer, clusters: Clusters, seg: &'static Segmenter) -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Recognizer {
            packed: ner::tagger::Packed::new(&model),
            model,
            gaz,
            clusters,
            seg,
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            news_names: true,
            by_consonants: ByConsonants::default(),
        }
    }

    /// The built-in recogniser without the names harvested from news ([`NEWS_NAMES`]): what
    /// `khabar train names` harvests them with, so that the list does not feed on itself.
    /// Loaded anew rather than cloned from [`Recognizer::embedded`]: its own id keeps the
    /// per-thread word caches, which remember own-name look-ups, apart.
    pub fn embedded_without_news_names() -> &'static Recognizer {
        static R: OnceLock<Recognizer> = OnceLock::new();
        R.get_or_init(|| match Self::load(MODEL, GAZETTEER, CLUSTERS) {
            Ok(r) => Recognizer {
                news_names: false,
                ..r
            },
            Err(e) => panic!("the embedded entity model is damaged: {e}"),
        })
    }

    /// The recogniser built into khabar (trained by `khabar train ner`), loaded once.
    pub fn embedded() -> &'static Recognizer {
        static R: OnceLock<Recognizer> = OnceLock::new();
        R.get_or_init(|| match Self::load(MODEL, GAZETTEER, CLUSTERS) {
            Ok(r) => r,
            // The files are compiled in and checked by the tests: failing here is a build bug.
            Err(e) => panic!("the embedded entity model is damaged: {e}"),
        })
    }

    /// A recogniser from serialised model, gazetteer and clusters, with the embedded segmenter.
    pub fn load(
        model: &[u8],
        gaz: &'static [u8],
        clusters: &'static [u8],
    ) -> Result<Self, ExtractError> {
        Ok(Recognizer::new(
            Model::from_bytes(model)?,
            Gazetteer::from_bytes(Cow::Borrowed(gaz))?,
            Clusters::from_bytes(Cow::Borrowed(clusters))?,
            Segmenter::embedded(),
        ))
    }

    /// The feature resources.
    pub fn resources(&self) -> Resources<'_> {
        Resources {
            seg: self.seg,
            gaz: &self.gaz,
            clusters: &self.clusters,
        }
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// The tagger's model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Tags one sentence: `words` are its tokens, `analyses` their clitic analyses if known.
    /// BIO tags ([`ner::Tag`]) go to `out`.
    pub fn tag(
        &self,
        words: &[&str],
        analyses: Option<&[Analysis]>,
        buf: &mut Buffers,
        out: &mut Vec<ner::Tag>,
    ) {
        ner::features::scores(
            &self.resources(),
            &self.packed,
            self.id,
            words,
            analyses,
            &mut buf.scratch,
            &mut buf.scores,
        );
        self.model.decode_scores(&buf.scores, &mut buf.decoder, out);
    }

    /// The entities of a text: `tokens` and `sentences` from the text stage, `morph` from the
    /// segmenter, all of `original`.
    pub fn entities(
        &self,
        original: &str,
        tokens: &[Token],
        sentences: &[khabar_text::Sentence],
        morph: &WordAnalyses,
    ) -> Vec<Entity> {
        thread_local! {
            static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::default();
        }
        BUFFERS.with(|b| match b.try_borrow_mut() {
            Ok(mut buf) => self.entities_with(original, tokens, sentences, morph, &mut buf),
            Err(_) => {
                self.entities_with(original, tokens, sentences, morph, &mut Buffers::default())
            }
        })
    }

    /// [`Recognizer::entities`] with caller-provided buffers (whose word cache speeds up the
    /// next documents).
    pub fn entities_with(
        &self,
        original: &str,
        tokens: &[Token],
        sentences: &[khabar_text::Sentence],
        morph: &WordAnalyses,
        buf: &mut Buffers,
    ) -> Vec<Entity> {
        let mut tags = Vec::new();
        let mut words = Vec::new();
        let mut found = Vec::new();
        let mut analyses = Vec::new();
        // Every word's stem key, one after the other in one string (no allocation per word).
        let mut stems = String::new();
        let mut stem_at = vec![0..0; tokens.len()];
        // The keys of names of diseases (see below): they take no Latin form from the lists,
        // whose namesakes are people and places (كورونا: ANETAC's Coronna, GeoNames' Corunna).
        let mut diseases: rustc_hash::FxHashSet<String> = Default::default();
        // The first tokens of mentions whose type their context makes sure (برشلونة الإسباني):
        // they outweigh the tagger's other mentions of the name when the entity's type is voted.
        let mut sure: rustc_hash::FxHashSet<usize> = Default::default();
        for s in sentences {
            let range = s.token_range();
            let Some(toks) = tokens.get(range.clone()) else {
                continue;
            };
            words.clear();
            analyses.clear();
            for (k, t) in toks.iter().enumerate() {
                words.push(t.span.slice(original).unwrap_or_default());
                analyses.push(
                    morph
                        .analyses
                        .get(range.start + k)
                        .copied()
                        .unwrap_or_default(),
                );
            }
            self.tag(&words, Some(&analyses), buf, &mut tags);
            for k in 0..toks.len() {
                if toks[k].kind == TokenKind::Word {
                    let start = stems.len();
                    stems.push_str(buf.scratch.stem_key(k));
                    stem_at[range.start + k] = start..stems.len();
                }
            }
            let first_found = found.len();
            let mut spans = ner::spans(&tags);
            // جامعة القاهرة, منظمة أوبك: a word for a kind of organisation tagged alone, right
            // before a name, makes one name with it. (Before a place's name, مدينة حلب, the
            // kind word is left out, as ANERcorp does: see below.)
            let mut k = 0;
            while k + 1 < spans.len() {
                let ((a, b, _), (c, d, _)) = (spans[k], spans[k + 1]);
                if b == a + 1 && c == b && toks[a].kind == TokenKind::Word {
                    let key = buf.scratch.stem_key(a);
                    let key = key.strip_prefix("ال").unwrap_or(key);
                    if kind_word(key) == Some(EntityType::Org) {
                        spans[k] = (a, d, EntityType::Org);
                        spans.remove(k + 1);
                    }
                }
                // فتح الله غولن: الله (MISC, as ANERcorp tags God) after a word that makes a
                // name with it, right before a person's name, is part of that name.
                if let Some(&(c, d, EntityType::Per)) = spans.get(k + 1)
                    && let (a, b, EntityType::Misc) = spans[k]
                    && b == a + 1
                    && c == b
                    && a > 0
                    && (k == 0 || spans[k - 1].1 < a)
                    && buf.scratch.key(a) == "الله"
                    && before_allah(buf.scratch.key(a - 1))
                {
                    spans[k] = (a - 1, d, EntityType::Per);
                    spans.remove(k + 1);
                }
                k += 1;
            }
            // Where the last entity ended: a name that took the next span's words in
            // ([سيدي] [بوزيد]) leaves that span out.
            let mut covered = 0;
            for (a, b, ty) in spans {
                if a < covered {
                    continue;
                }
                // An entity is made of words, numbers and Latin words; trim anything else.
                let ok = |t: &Token| {
                    matches!(
                        t.kind,
                        TokenKind::Word | TokenKind::Latin | TokenKind::Number
                    )
                };
                let (mut a, mut b) = (a, b);
                while a < b && !ok(&toks[a]) {
                    a += 1;
                }
                while b > a && !ok(&toks[b - 1]) {
                    b -= 1;
                }
                // إن المتنبي, أن غسان: a particle the tagger took into the name of a person or
                // a place. (فان and بان begin names: فان نيستلروي, بان كي مون.)
                if matches!(ty, EntityType::Per | EntityType::Loc)
                    && b - a >= 2
                    && toks[a].kind == TokenKind::Word
                    && (particle(buf.scratch.key(a))
                        || matches!(words[a], "فإن" | "بأن" | "وأن" | "وإن"))
                {
                    a += 1;
                }
                // بومبيو الخميس, الخميس alone: a weekday after a name (the day it was said) is
                // no part of it, and no name alone. نيسان/أبريل: a month written as pan-Arab news
                // pairs them is the month (not the carmaker).
                while b > a
                    && toks[b - 1].kind == TokenKind::Word
                    && dates::weekday(buf.scratch.stem_key(b - 1)).is_some()
                {
                    b -= 1;
                }
                if b == a + 1
                    && b + 1 < toks.len()
                    && dates::month1(buf.scratch.key(a)).is_some()
                    && toks[b].span.slice(original) == Some("/")
                    && dates::month1(buf.scratch.key(b + 1)).is_some()
                {
                    continue;
                }
                if a == b || toks[a].kind == TokenKind::Number {
                    continue;
                }
                if ty == EntityType::Per && b == a + 1 {
                    let word = |j: usize| {
                        toks.get(j)
                            .filter(|t| t.kind == TokenKind::Word)
                            .map(|_| buf.scratch.stem_key(j))
                    };
                    if adjective_here(
                        buf.scratch.stem_key(a),
                        a.checked_sub(1).and_then(word),
                        word(b),
                    ) {
                        continue;
                    }
                    // [صباح] اليوم, مساء أمس: the part of a day before the day; سلم [ريشتر],
                    // the scale.
                    let k = buf.scratch.stem_key(a);
                    let day = word(b).is_some_and(|n| {
                        matches!(n, "اليوم" | "امس" | "الغد" | "غد" | "يوم")
                            || dates::weekday(n).is_some()
                    });
                    if (matches!(k, "صباح" | "مساء" | "عشيه" | "ظهر" | "فجر") && day)
                        || a.checked_sub(1)
                            .and_then(word)
                            .is_some_and(|p| matches!(p, "سلم" | "مقياس"))
                    {
                        continue;
                    }
                }
                // 300 عنصرا [تونسيا], بنكا [فرنسيا]: after an indefinite noun in the accusative,
                // a country's relative adjective in the accusative.
                if ty == EntityType::Loc
                    && b == a + 1
                    && a > 0
                    && toks[a - 1].kind == TokenKind::Word
                    && {
                        let p = buf.scratch.key(a - 1);
                        p.ends_with('ا')
                            && !p.ends_with("وا")
                            && !p.starts_with("ال")
                            && p.chars().count() >= 4
                    }
                    // تونسيا of تونس, فرنسيا of فرنسا; not روسيا, تركيا, whose stems are no
                    // places.
                    && buf.scratch.key(a).strip_suffix("يا").is_some_and(|stem| {
                        let place =
                            gazetteer::class_bit(gazetteer::GazClass::Location, true);
                        let listed = |s: &str| self.gaz.classes(s) & place != 0;
                        stem.chars().count() >= 3
                            && (listed(stem)
                                || listed(&format!("ال{stem}"))
                                || listed(&format!("{stem}ا")))
                    })
                {
                    continue;
                }
                // مبلغ مالي, تعويض مالي: the adjective "financial" after a word for money, not
                // Mali (شمال مالي).
                if ty == EntityType::Loc
                    && b == a + 1
                    && buf.scratch.key(a) == "مالي"
                    && a > 0
                    && toks[a - 1].kind == TokenKind::Word
                    && matches!(
                        buf.scratch.stem_key(a - 1),
                        "مبلغ"
                            | "تعويض"
                            | "دعم"
                            | "عجز"
                            | "فساد"
                            | "تمويل"
                            | "اختلاس"
                            | "حافز"
                            | "ضمان"
                            | "مقابل"
                            | "احتيال"
                            | "سند"
                    )
                {
                    continue;
                }
                // فيروس كورونا, مرض الزهايمر: a name after (or starting with) a word for a kind
                // of disease or pathogen names the disease, not a person (ANETAC lists كورونا
                // as a person's name); ANERcorp tags such names MISC, without the kind word.
                let mut disease = false;
                if b - a >= 2 && disease_kind(buf.scratch.stem_key(a)) {
                    a += 1;
                    disease = true;
                }
                if a > 0
                    && toks[a - 1].kind == TokenKind::Word
                    && disease_kind(buf.scratch.stem_key(a - 1))
                {
                    disease = true;
                }
                // بحر الصين الجنوبي, بحر قزوين: بحر is part of a sea's name (and of بحر دار),
                // as is the point of the compass after بحر الصين.
                if ty == EntityType::Loc
                    && a > 0
                    && toks[a - 1].kind == TokenKind::Word
                    && buf.scratch.stem_key(a - 1) == "بحر"
                {
                    a -= 1;
                    if b < toks.len()
                        && toks[b].kind == TokenKind::Word
                        && matches!(
                            buf.scratch.key(b),
                            "الجنوبي" | "الشرقي" | "الشمالي" | "الغربي"
                        )
                    {
                        b += 1;
                    }
                }
                // [المحيط] الهادي, [البحر] الأحمر: an ocean's or a sea's name is the word for it
                // and the adjective after it (and الشمالي after المتجمد).
                if ty == EntityType::Loc
                    && b == a + 1
                    && matches!(buf.scratch.stem_key(a), "المحيط" | "البحر")
                    && toks.get(b).is_some_and(|t| t.kind == TokenKind::Word)
                    && matches!(
                        buf.scratch.key(b),
                        "الهادي"
                            | "الهادئ"
                            | "الاطلسي"
                            | "الهندي"
                            | "المتجمد"
                            | "الاحمر"
                            | "المتوسط"
                            | "الاسود"
                            | "الميت"
                            | "الكاريبي"
                    )
                {
                    b += 1;
                    if buf.scratch.key(b - 1) == "المتجمد"
                        && toks.get(b).is_some_and(|t| t.kind == TokenKind::Word)
                        && matches!(buf.scratch.key(b), "الشمالي" | "الجنوبي")
                    {
                        b += 1;
                    }
                }
                // إعصار "مايكل", العاصفة فلورنس: a storm's name is no person's or place's; MISC,
                // as ANERcorp tags events.
                let storm = {
                    let mut k = a;
                    if k > 0
                        && toks[k - 1].kind == TokenKind::Punct
                        && matches!(toks[k - 1].span.slice(original), Some("\"" | "«" | "“"))
                    {
                        k -= 1;
                    }
                    k > 0
                        && toks[k - 1].kind == TokenKind::Word
                        && storm_kind(buf.scratch.stem_key(k - 1))
                        && !buf.scratch.stem_key(a).starts_with("ال")
                        // يضرب الإعصار عمان: a listed country or city is the storm's object.
                        && self.gaz.classes(buf.scratch.stem_key(a))
                            & gazetteer::class_bit(gazetteer::GazClass::Location, true)
                            == 0
                };
                // فتح [الله غولن], ولي [الله سيف]: the first part of a name with الله that the
                // tagger left out.
                if ty == EntityType::Per
                    && a > 0
                    && toks[a - 1].kind == TokenKind::Word
                    && buf.scratch.key(a) == "الله"
                    && before_allah(buf.scratch.key(a - 1))
                {
                    a -= 1;
                }
                // أشرف بن [شرقي], تركي آل [الشيخ], عبد المنعم أبو [الفتوح]: بن, آل and a kunya's
                // أبو end no name either (the tagger stops before a word it takes for a title
                // or an adjective). Not ابن or بنت, which also mean "son" and "girl" (صلاح ابن
                // الـ 26 عاما) or end a name (دارن بنت).
                if ty == EntityType::Per
                    // (Not ابي: آبي is Abe, أبى a verb.)
                    && matches!(buf.scratch.key(b - 1), "بن" | "ال" | "ابو")
                    && toks.get(b).is_some_and(|t| t.kind == TokenKind::Word)
                    && tags.get(b) == Some(&0)
                    && !particle(buf.scratch.key(b))
                    && dates::weekday(buf.scratch.stem_key(b)).is_none()
                {
                    b += 1;
                }
                // [عبد] الملك: عبد ends no name; the word after it is the rest of it.
                if ty == EntityType::Per
                    && (if b - 1 == a {
                        buf.scratch.stem_key(a)
                    } else {
                        buf.scratch.key(b - 1)
                    }) == "عبد"
                    && toks.get(b).is_some_and(|t| t.kind == TokenKind::Word)
                    && tags.get(b) == Some(&0)
                    && buf.scratch.key(b).starts_with("ال")
                    && buf.scratch.key(b) == buf.scratch.stem_key(b)
                {
                    b += 1;
                }
                // [سيدي] بوزيد, [غار] الدماء, نادي [حمام] الأنف: a word that begins the names of
                // towns (in the Maghreb above all) ends none; the word after it is the rest.
                // (Alone, or after a word for a kind or a club: ميناء أم قصر is whole.)
                if matches!(ty, EntityType::Loc | EntityType::Org)
                    && (b - a == 1
                        || (b - a == 2 && {
                            let k = buf.scratch.stem_key(a);
                            kind_word(k).is_some() || club_word(k)
                        }))
                    && place_prefix(if b - 1 == a {
                        buf.scratch.stem_key(a)
                    } else {
                        buf.scratch.key(b - 1)
                    })
                {
                    // The next word, outside any name, or a name that the tagger found apart
                    // ([سيدي] [بوزيد], [سيدي] [علي بن سالم]), whole.
                    let rest = |k: usize| {
                        toks.get(k).is_some_and(|t| t.kind == TokenKind::Word)
                            && tags.get(k).is_some_and(|&t| t == 0 || !ner::is_inside(t))
                            && !particle(buf.scratch.key(k))
                            && dates::weekday(buf.scratch.stem_key(k)).is_none()
                    };
                    if rest(b) {
                        b += 1;
                        while tags.get(b).is_some_and(|&t| t != 0 && ner::is_inside(t)) {
                            b += 1;
                        }
                        // سيدي علي بن عون.
                        if buf.scratch.key(b - 1) == "بن" && rest(b) {
                            b += 1;
                        }
                    }
                }
                // منظمة إرهابية, دولة بوليسية: a word for a kind and an indefinite adjective
                // name no one.
                if b - a == 2
                    && kind_word(buf.scratch.stem_key(a)).is_some()
                    && !buf.scratch.key(a + 1).starts_with("ال")
                    && buf.scratch.key(a + 1).ends_with("يه")
                {
                    continue;
                }
                // شبه [الجزيرة الكورية]: the peninsula, not the broadcaster.
                let peninsula = a > 0
                    && toks[a - 1].kind == TokenKind::Word
                    // لشبه is read ل + شب + ه: the word, not its stem.
                    && matches!(
                        buf.scratch.key(a - 1),
                        "شبه" | "لشبه" | "بشبه" | "وشبه" | "ولشبه" | "وبشبه"
                    )
                    && buf.scratch.key(a) == "الجزيره";
                if peninsula {
                    a -= 1;
                }
                // ابو مهدي المهندس, ابو مصعب الزرقاوي: a kunya the tagger ended before its laqab.
                if ty == EntityType::Per && kunya_laqab(&buf.scratch, toks, &tags, a, b) {
                    b += 1;
                }
                // محافظة صلاح الدين, بلدة عيسى: a name right after a word for a kind of place
                // names that place (190 of 195 such names in ANERcorp's training split).
                // تنظيم داعش, صحيفة الحياة: after a word for a kind of organisation, one.
                let before = (a > 0 && toks[a - 1].kind == TokenKind::Word)
                    .then(|| buf.scratch.stem_key(a - 1));
                let tagged = ty;
                let ty = match before {
                    _ if disease || storm => EntityType::Misc,
                    _ if peninsula => EntityType::Loc,
                    Some(k) if place_kind(k) => EntityType::Loc,
                    Some(k) if organisation_kind(k) => EntityType::Org,
                    _ => ty,
                };
                // وكالة تونس إفريقيا للأنباء, وكالة السودان للأنباء: a news agency named after
                // a place runs from وكالة to للأنباء, which the tagger leaves out (or reads as a
                // place of its own: إفريقيا). (رويترز in وكالة رويترز للأنباء is the name.)
                let place = gazetteer::class_bit(gazetteer::GazClass::Location, true);
                if before == Some("وكاله")
                    && (tagged == EntityType::Loc
                        || self.gaz.classes(buf.scratch.stem_key(a)) & place != 0)
                    && let Some(j) = (b..toks.len().min(b + 2)).find(|&j| {
                        buf.scratch.key(j) == "للانباء"
                            && (b..=j).all(|k| toks[k].kind == TokenKind::Word)
                    })
                {
                    a -= 1;
                    b = j + 1;
                }
                // منظمة بدر, جبال زاغروس: a name that begins with a word for a kind of
                // organisation or place is one.
                // هاتف آيفون, هاتف غالاكسي: after a word for a telephone, the product's name
                // (MISC, as ANERcorp tags products), without the word.
                let ty = if b - a >= 2 && device_kind(buf.scratch.stem_key(a)) {
                    a += 1;
                    EntityType::Misc
                } else if b - a >= 2 {
                    let k = buf.scratch.stem_key(a);
                    match kind_word(k) {
                        Some(t) => t,
                        None if feature_kind(k) => EntityType::Loc,
                        None => ty,
                    }
                } else {
                    ty
                };
                // ليستر سيتي, ميامي هيت: a name ending in the word that ends a team's name is
                // the team, unless it is a listed place (أوكلاهوما سيتي).
                let team = b - a >= 2
                    && team_word(buf.scratch.key(b - 1))
                    && self.gaz.classes(&buf.scratch.mention_keys(a..b).join(" ")) == 0;
                // برشلونة الإسباني, روما الإيطالي: a town's name and the masculine adjective of
                // a country name a club (the town takes the feminine: برشلونة الإسبانية). Not
                // after a masculine word for a place, which the adjective is of (ميناء جازان
                // السعودي, منتجع سوتشي الروسي), nor after منتخب (a national team).
                let club = ty == EntityType::Loc
                    && !buf.scratch.stem_key(a).starts_with("ال")
                    // مخيم اليرموك الفلسطيني: the adjective of the kind word.
                    && kind_word(buf.scratch.stem_key(a)).is_none()
                    && !masculine_place_kind(buf.scratch.stem_key(a))
                    && toks.get(b).is_some_and(|t| t.kind == TokenKind::Word)
                    && buf.scratch.key(b) == buf.scratch.stem_key(b)
                    && self.country_adjective(buf.scratch.key(b))
                    && !before.is_some_and(|k| masculine_place_kind(k) || k == "منتخب")
                    // مدرب منتخب كولومبيا الأرجنتيني خوسيه بيكرمان: the adjective of the name
                    // after it.
                    && tags.get(b + 1).is_none_or(|&t| t == 0);
                // أياكس [أمستردام] الهولندي, وفاق [سطيف] الجزائري: the club's name has the word
                // before the town's, when that word is a transliteration or one that begins
                // clubs' names; without it, the town's other mentions would follow the club.
                if club {
                    let mut sk = khabar_morph::Skeleton::default();
                    let mut joins = |k: usize| {
                        toks[k].kind == TokenKind::Word
                            && tags.get(k) == Some(&0)
                            && !particle(buf.scratch.key(k))
                            && (club_word(buf.scratch.stem_key(k))
                                || self.rare_transliteration(buf.scratch.stem_key(k), &mut sk))
                    };
                    for _ in 0..2 {
                        if a > 0 && joins(a - 1) {
                            a -= 1;
                        }
                    }
                    // [أياكس] [أمستردام] الهولندي: the tagger's name right before is the rest.
                    if found.len() > first_found
                        && let Some(&(c, d, t, _)) = found.last()
                        && d == range.start + a
                        && t != EntityType::Per
                        // مصر وليفربول: a conjunction between them makes two.
                        && buf.scratch.key(a) == buf.scratch.stem_key(a)
                    {
                        a = c - range.start;
                        found.pop();
                    }
                }
                let ty = if team || club {
                    sure.insert(range.start + a);
                    EntityType::Org
                } else {
                    ty
                };
                // المنظمة, جامعة alone: the word for a kind names no one organisation or place
                // (but مكة والمدينة is Medina).
                if b - a == 1 && {
                    let k = buf.scratch.stem_key(a);
                    let bare = k.strip_prefix("ال").unwrap_or(k);
                    (kind_word(bare).is_some() || loanword(bare))
                        && !(k == "المدينه" && a > 0 && buf.scratch.key(a - 1) == "مكه")
                } {
                    continue;
                }
                let keys = buf.scratch.mention_keys(a..b);
                if disease {
                    diseases.insert(keys.join(" "));
                }
                // فيروس [الإيدز], الإعصار [مايكل]: the kind word makes the type sure.
                if disease || storm {
                    sure.insert(range.start + a);
                }
                covered = b;
                found.push((range.start + a, range.start + b, ty, keys));
            }
            mark_own_names(
                &mut buf.scratch,
                toks,
                original,
                range.start,
                &mut found,
                first_found,
                self.news_names,
            );
            mark_quoted_names(
                &buf.scratch,
                toks,
                original,
                range.start,
                &mut found,
                first_found,
            );
            widen_dotted_acronyms(
                &buf.scratch,
                toks,
                original,
                range.start,
                &mut found,
                first_found,
            );
            mark_radio_names(
                &buf.scratch,
                toks,
                range.start,
                &mut found,
                first_found,
                &mut sure,
            );
        }
        let stem_keys = StemKeys {
            text: &stems,
            at: &stem_at,
        };
        mark_clubs_in_context(tokens, &stem_keys, &mut found, &mut sure);
        self.widen_compass_places(tokens, &stem_keys, &mut found);
        self.split_place_from_person(tokens, &mut found);
        self.drop_lone_nisbas(original, tokens, morph, &mut found);
        self.join_hashtag_surnames(original, tokens, &mut found);
        self.propagate(original, tokens, morph, &stem_keys, &mut found);
        join_allah(tokens, &stem_keys, &mut found);
        self.join_split_people(original, tokens, morph, &mut found);
        self.hashtag_names(original, tokens, &stem_keys, &mut found);
        drop_counted_words(original, tokens, &stem_keys, &mut found);
        // مرض [باركنسون] that propagation found (the tagger having missed it): the disease, as
        // the tagger's own mentions after a disease's kind word are.
        for f in &mut found {
            if f.2 != EntityType::Misc
                && f.1 == f.0 + 1
                && f.0 > 0
                && tokens[f.0 - 1].kind == TokenKind::Word
                && disease_kind(stem_keys.get(f.0 - 1))
            {
                f.2 = EntityType::Misc;
                sure.insert(f.0);
                diseases.insert(f.3.join(" "));
            }
        }
        let mentions: Vec<link::Mention> = found
            .iter()
            .map(|(a, _, ty, keys)| link::Mention {
                ty: *ty as u8,
                keys: keys.clone(),
                first_name: *ty == EntityType::Per
                    && (keys.len() == 2 && royal_title(&keys[0])
                        || keys.len() == 1
                            && *a > 0
                            && tokens[*a - 1].kind == TokenKind::Word
                            && royal_title(stem_keys.get(*a - 1))),
            })
            .collect();
        let lex = self.seg.lexicon();
        // إيران and إيتان: a listed place one letter away from a name is another name.
        let place = gazetteer::class_bit(gazetteer::GazClass::Location, true);
        let aliases = self.enclosed_aliases(original, tokens, &stem_keys, &found);
        // The name an abbreviation stands for is sure of its type: يويفا, tagged MISC three
        // times, is the organisation الاتحاد الأوروبي لكرة القدم (يويفا).
        for &(i, _) in &aliases {
            if found[i].2 == EntityType::Org {
                sure.insert(found[i].0);
            }
        }
        let (ids, mut fullest) = link::link(
            &mentions,
            EntityType::Per as u8,
            &|a, b| {
                two_names(lex, a, b) || (self.gaz.classes(a) | self.gaz.classes(b)) & place != 0
            },
            &aliases,
        );
        // Spans and surface canonical forms.
        let mut spans = Vec::with_capacity(found.len());
        let mut canon = Vec::with_capacity(found.len());
        // سبايك لي: a stem of one letter (ل + ي) is no word of a name; the word stays whole.
        let one_letter = |s: &&Segment| {
            original
                .get(s.start as usize..s.end as usize)
                .is_some_and(|t| t.chars().count() == 1)
        };
        // "واس", "وام": a quoted word of three letters that the segmenter reads as a proclitic
        // and a stem is an acronym written whole (the news agencies of Saudi Arabia and the
        // Emirates).
        let quote = |k: Option<usize>| {
            k.and_then(|k| tokens.get(k)).is_some_and(|t| {
                t.kind == TokenKind::Punct
                    && matches!(t.span.slice(original), Some("\"" | "«" | "»" | "“" | "”"))
            })
        };
        for f in &found {
            let (a, b, found_keys) = (f.0, f.1, &f.3);
            // #دونالد_ترمب: the name without its #, the words apart in the canonical form.
            if tokens[a].kind == TokenKind::Hashtag {
                let t = tokens[a].span;
                spans.push(Span::new(t.start + 1, t.end));
                let body = original
                    .get(t.start as usize + 1..t.end as usize)
                    .unwrap_or_default();
                canon.push(strip_marks(&body.replace('_', " ")));
                continue;
            }
            let first = morph.segments(original, a, &tokens[a]);
            let stem = first.iter().find(|s| s.role == Role::Stem);
            if b == a + 1
                && quote(a.checked_sub(1))
                && quote(Some(a + 1))
                && stem.is_some_and(|s| s.start > tokens[a].span.start)
                && tokens[a]
                    .span
                    .slice(original)
                    .is_some_and(|t| t.chars().count() == 3)
            {
                spans.push(tokens[a].span);
                canon.push(strip_marks(
                    tokens[a].span.slice(original).unwrap_or_default(),
                ));
                continue;
            }
            // بوروسيا دورتموند from khabar's lists: the first word whole (see mark_own_names).
            // (The whole word's key is made only where the first key is not the stem's.)
            let stem = stem.filter(|s| {
                s.start == tokens[a].span.start
                    || found_keys.first().map(String::as_str) == Some(stem_keys.get(a))
                    || tokens[a]
                        .span
                        .slice(original)
                        .is_none_or(|w| found_keys.first() != Some(&norm::key(w)))
            });
            let start = stem
                .filter(|s| !one_letter(s))
                .map_or(tokens[a].span.start, |s| s.start);
            let last = morph.segments(original, b - 1, &tokens[b - 1]);
            // أليانز أرينا, هانزي فليك: a name of several words takes no pronoun at its end;
            // what the segmenter read as one is the word's.
            let end = last
                .iter()
                .rev()
                .find(|s| s.role == Role::Stem)
                .filter(|s| !one_letter(s) && b - 1 == a)
                .map_or(tokens[b - 1].span.end, |s| s.end);
            let end = end.max(start);
            let mut c = String::new();
            match stem.and_then(|s| s.form.as_deref()) {
                Some(form) if b - 1 > a || stem.is_some_and(|s| s.end == end) => {
                    c.push_str(form);
                    let stem_end = stem.map_or(start, |s| s.end) as usize;
                    c.push_str(original.get(stem_end..end as usize).unwrap_or_default());
                }
                _ => c.push_str(
                    original
                        .get(start as usize..end as usize)
                        .unwrap_or_default(),
                ),
            }
            spans.push(Span::new(start, end));
            // الجوهرة "اف ام": quotation marks inside a name are no part of its canonical form,
            // nor the # of a surname written as a hashtag (نيكولاس #مادورو).
            if c.contains(['"', '«', '»', '#']) {
                c = c.replace(['"', '«', '»', '#'], "");
            }
            canon.push(strip_marks(&c));
        }
        // ل[ودريان] after جان إيف لودريان: a word the entity's fullest name writes whole after
        // its first word (where no proclitic attaches) keeps the letter the segmenter took for
        // a proclitic.
        for (i, &(a, _, _, _)) in found.iter().enumerate() {
            let whole = tokens[a].span;
            let best = fullest[ids[i] as usize];
            if spans[i].start > whole.start
                && best != i
                && let Some(w) = whole.slice(original).map(strip_marks)
                && canon[best].split_whitespace().skip(1).any(|x| x == w)
            {
                spans[i].start = whole.start;
            }
        }
        // One type per entity: the most frequent among its mentions, the fullest's on a tie.
        let mut votes = vec![[0u32; 4]; fullest.len()];
        // A title the tagger read as MISC (بونفاير أوف فانيتيز, a novel) keeps that reading
        // against one mention of it as a person.
        let mut titles = vec![false; fullest.len()];
        for (i, m) in mentions.iter().enumerate() {
            titles[ids[i] as usize] |= m.ty == EntityType::Misc as u8 && m.keys.len() >= 2;
        }
        // لويس هاميلتون then هاميلتون: a full name read as a person outweighs its surname read
        // alone as an organisation or a place, where the tagger has less to go on. Not when a
        // word of it is listed as a place or an organisation: the tagger also runs a name into
        // a club or a country (كونتي تشلسي, جواو ماريو البرتغال).
        let not_person = gazetteer::class_bit(gazetteer::GazClass::Location, true)
            | gazetteer::class_bit(gazetteer::GazClass::Location, false)
            | gazetteer::class_bit(gazetteer::GazClass::Organization, true)
            | gazetteer::class_bit(gazetteer::GazClass::Organization, false);
        for (i, m) in mentions.iter().enumerate() {
            let weight = if sure.contains(&found[i].0)
                && matches!(found[i].2, EntityType::Org | EntityType::Misc)
            {
                4
            } else if m.ty == EntityType::Per as u8
                && m.keys.len() >= 2
                && !titles[ids[i] as usize]
                && m.keys.iter().all(|k| self.gaz.classes(k) & not_person == 0)
            {
                3
            } else {
                1
            };
            votes[ids[i] as usize][usize::from(m.ty)] += weight;
        }
        let types: Vec<EntityType> = votes
            .iter()
            .zip(&fullest)
            .map(|(v, &best)| {
                let first = found[best].2;
                EntityType::ALL
                    .into_iter()
                    .max_by_key(|&t| (v[t as usize], t == first))
                    .unwrap_or(first)
            })
            .collect();
        // Canonical and Latin forms once per entity, not per mention.
        let mut forms: Vec<(String, Option<String>)> = fullest
            .iter()
            .zip(&types)
            .map(|(&best, &ty)| {
                let keys = &mentions[best].keys;
                let disease = diseases.contains(&keys.join(" "));
                (
                    canonical_without_title(&canon[best], keys),
                    self.latin_of(keys, ty).filter(|_| !disease),
                )
            })
            .collect();
        // الإمارات and الإمارات العربية المتحدة, غوغل and جوجل, فيفا and الاتحاد الدولي لكرة القدم:
        // places or organisations whose Latin forms agree are one (a person's Latin form may be
        // the surname's alone, so people are left out). The fuller name is the canonical one.
        let mut into: Vec<usize> = (0..forms.len()).collect();
        let mut by_latin: rustc_hash::FxHashMap<(EntityType, String), usize> = Default::default();
        for c in 0..forms.len() {
            if let (ty @ (EntityType::Org | EntityType::Loc), Some(l)) = (types[c], &forms[c].1) {
                let first = *by_latin.entry((ty, l.to_lowercase())).or_insert(c);
                into[c] = first;
                let words = |c: usize| link::strip_titles(&mentions[fullest[c]].keys).len();
                if words(c) > words(first) {
                    // The group keeps its first cluster's place and takes the fuller form.
                    forms[first] = forms[c].clone();
                    fullest[first] = fullest[c];
                }
            }
        }
        let mut renumber = vec![u32::MAX; forms.len()];
        let mut next = 0;
        let ids: Vec<u32> = ids
            .iter()
            .map(|&c| {
                let c = into[c as usize];
                if renumber[c] == u32::MAX {
                    renumber[c] = next;
                    next += 1;
                }
                c as u32
            })
            .collect();
        found
            .iter()
            .enumerate()
            .map(|(i, &(a, b, _, _))| {
                let c = ids[i] as usize;
                let (canonical, latin) = &forms[c];
                let cluster = renumber[c];
                Entity {
                    span: spans[i],
                    ty: types[ids[i] as usize],
                    tokens: a as u32..b as u32,
                    cluster,
                    canonical: canonical.clone(),
                    latin: latin.clone(),
                }
            })
            .collect()
    }

    /// A name and its abbreviation or kunya in brackets or quotation marks right after it name
    /// one entity: الاتحاد الدولي لكرة القدم (فيفا), وكالة الأنباء السعودية "واس", مكتب
    /// التحقيقات الفدرالي (إف بي آي), محمود عباس (أبو مازن), and a kunya then the name. Returns
    /// pairs of indices into `found`. An organisation's abbreviation is one word that is not a
    /// word of the name, or a run of letter names. A person's one word is a nickname in
    /// quotation marks and tagged a person (أحمد حسام "ميدو"), not in brackets, where it is as
    /// often a role in a film or a substitute in a line-up (جاك (بيار دولادونشان), إيسكو (غاريث
    /// بيل)), nor quoted as an organisation (أبلغ هشام عرفات "رويترز"). Not where
    /// the first name may end a longer one that the brackets abbreviate (التابعة للأمم المتحدة
    /// (الأونكتاد), بين اليابان والاتحاد الأوروبي (جيفتا), الخروج من الاتحاد الأوروبي
    /// (البريكسترز), وكالة حماية حدود الاتحاد الأوروبي (فرونتيكس)), nor where the two organisations' Latin forms differ (للاتحاد الأوروبي
    /// (يوروستات)).
    fn enclosed_aliases(
        &self,
        original: &str,
        tokens: &[Token],
        stem_keys: &StemKeys<'_>,
        found: &[(usize, usize, EntityType, Vec<String>)],
    ) -> Vec<(usize, usize)> {
        let punct = |k: usize, p: &str| {
            tokens
                .get(k)
                .is_some_and(|t| t.kind == TokenKind::Punct && t.span.slice(original) == Some(p))
        };
        let kunya = |k: &[String]| k.len() == 2 && link::kunya(k);
        let mut out = Vec::new();
        for (i, first) in found.iter().enumerate() {
            let opener = tokens
                .get(first.1)
                .filter(|t| t.kind == TokenKind::Punct)
                .and_then(|t| t.span.slice(original));
            let close = match opener {
                Some("(") => ")",
                Some("\"") => "\"",
                Some("«") => "»",
                Some("“") => "”",
                _ => continue,
            };
            let quoted = close != ")";
            let Some(j) = found.iter().position(|f| f.0 == first.1 + 1) else {
                continue;
            };
            if !punct(found[j].1, close) {
                continue;
            }
            // "..." opens after a space and closes against the word: not the closing mark of
            // one quoted name and the opening one of the next (و"بيركشاير هاثواي" وبنك "جي بي").
            if quoted
                && (tokens[first.1].span.start == tokens[first.1 - 1].span.end
                    || tokens[first.1].span.end != tokens[found[j].0].span.start
                    || tokens[found[j].1].span.start != tokens[found[j].1 - 1].span.end)
            {
                continue;
            }
            let (fk, sk) = (
                link::strip_titles(&first.3),
                link::strip_titles(&found[j].3),
            );
            let alias = match (first.2, found[j].2) {
                (EntityType::Per, EntityType::Per) => {
                    let by_name = |long: &[String], short: &[String]| {
                        long.len() >= 2 && !kunya(long) && kunya(short)
                    };
                    // أحمد حسام "ميدو": a nickname in quotation marks, tagged a person.
                    let nickname = quoted
                        && fk.len() >= 2
                        && !kunya(fk)
                        && sk.len() == 1
                        && !fk.contains(&sk[0]);
                    by_name(fk, sk) || by_name(sk, fk) || nickname
                }
                (a, b)
                    if matches!(a, EntityType::Org | EntityType::Misc)
                        && matches!(b, EntityType::Org | EntityType::Misc) =>
                {
                    // The name first: ميركل (الاتحاد المسيحي الديمقراطي) is a party's leader.
                    let abbreviates = a == EntityType::Org
                        && fk.len() >= 2
                        && ((sk.len() == 1 && !fk.contains(&sk[0])) || link::letter_names(sk));
                    let differ = || match (
                        self.latin_of(fk, EntityType::Org),
                        self.latin_of(sk, EntityType::Org),
                    ) {
                        (Some(x), Some(y)) => !x.eq_ignore_ascii_case(&y),
                        _ => false,
                    };
                    // In quotation marks, an abbreviation follows only the name of an agency,
                    // an office or an organisation: a quoted name after another is as often
                    // what it acts on (ودعا الاتحاد السعودي "الفيفا", أحبط ريال مدريد
                    // "ريمونتادا").
                    let agency = || {
                        matches!(
                            fk.first().map(|k| k.strip_prefix("ال").unwrap_or(k)),
                            Some("وكاله" | "منظمه" | "مكتب" | "هيئه")
                        )
                    };
                    abbreviates && (!quoted || agency()) && !differ()
                }
                _ => false,
            };
            if !alias {
                continue;
            }
            let a = first.0;
            let part_of = a > 0
                && matches!(
                    stem_keys.get(a - 1),
                    "تابع"
                        | "التابع"
                        | "تابعه"
                        | "التابعه"
                        | "التابعين"
                        | "التابعتين"
                        | "من"
                );
            // لوكالة حماية حدود الاتحاد الأوروبي (فرونتيكس): a body named by its parent.
            let body = (a.saturating_sub(4)..a)
                .rev()
                .take_while(|&k| tokens[k].kind == TokenKind::Word)
                .any(|k| {
                    let key = stem_keys.get(k);
                    let bare = key.strip_prefix("ال").unwrap_or(key);
                    kind_word(bare) == Some(EntityType::Org)
                        || matches!(
                            bare,
                            "مكتب"
                                | "لجنه"
                                | "صندوق"
                                | "برنامج"
                                | "مؤتمر"
                                | "مركز"
                                | "جهاز"
                                | "محكمه"
                                | "اداره"
                                | "مفوضيه"
                                | "بعثه"
                                | "قوه"
                                | "قوات"
                        )
                });
            let coordinated = found.iter().any(|f| f.1 == a)
                && tokens[a]
                    .span
                    .slice(original)
                    .is_some_and(|w| norm::key(w).starts_with('و'))
                && !stem_keys.get(a).starts_with('و');
            if !part_of && !body && !coordinated {
                out.push((i, j));
            }
        }
        out
    }

    /// Names written as hashtags (نشرت #بريطانيا, وقال #دونالد_ترمب), which the tagger, reading
    /// words, does not see: a hashtag whose words are a name of the document (the whole name,
    /// or a person's surname after a first name), of khabar's own lists, of the hand-made
    /// lists, or of the automatic ones with care (they hold common words too).
    fn hashtag_names(
        &self,
        original: &str,
        tokens: &[Token],
        stem_keys: &StemKeys<'_>,
        found: &mut Vec<(usize, usize, EntityType, Vec<String>)>,
    ) {
        use gazetteer::{GazClass, class_bit};
        let mut add = Vec::new();
        for (i, t) in tokens.iter().enumerate() {
            if t.kind != TokenKind::Hashtag || found.iter().any(|f| f.0 <= i && i < f.1) {
                continue;
            }
            let Some(body) = t.span.slice(original).and_then(|s| s.strip_prefix('#')) else {
                continue;
            };
            let keys: Vec<String> = body
                .split('_')
                .filter(|w| !w.is_empty())
                .map(norm::key)
                .collect();
            if keys.is_empty() || keys.len() > 4 || keys.iter().any(|k| k.is_empty()) {
                continue;
            }
            let whole = keys.join(" ");
            let in_document = found
                .iter()
                .find(|f| f.3 == keys)
                .map(|f| f.2)
                // #ترمب after دونالد ترمب, #دونالد_ترمب after ترمب: a person's surname.
                .or_else(|| {
                    found
                        .iter()
                        .find(|f| {
                            f.2 == EntityType::Per
                                && (f.3.len() == 1 || keys.len() == 1)
                                && keys.last() == f.3.last()
                        })
                        .map(|f| f.2)
                });
            let own = || match own_name_keys(self.news_names).get(&whole) {
                Some(Some((ty, _))) => Some(*ty),
                _ => None,
            };
            let listed = || {
                let bits = self.gaz.classes(&whole);
                let curated = [
                    (GazClass::Location, EntityType::Loc),
                    (GazClass::Organization, EntityType::Org),
                    (GazClass::Person, EntityType::Per),
                ]
                .into_iter()
                .find(|&(c, _)| bits & class_bit(c, true) != 0)
                .map(|(_, ty)| ty);
                // (بريطانيا, بوتين, دوما: the automatic lists alone, one class, no article; not
                // their organisations of one word, which are as often common words: الشرطة,
                // or misread: ماي.)
                let (per, loc) = (
                    class_bit(GazClass::Person, false),
                    class_bit(GazClass::Location, false),
                );
                curated.or_else(|| match bits {
                    b if keys.len() >= 2 && b & per != 0 => Some(EntityType::Per),
                    b if keys.len() == 1 && !whole.starts_with("ال") && b == per => {
                        Some(EntityType::Per)
                    }
                    b if keys.len() == 1 && !whole.starts_with("ال") && b == loc => {
                        Some(EntityType::Loc)
                    }
                    _ => None,
                })
            };
            if let Some(ty) = in_document.or_else(own).or_else(listed) {
                // مديرية #الظاهر: after a word for a kind of place or organisation, one.
                let before = i
                    .checked_sub(1)
                    .filter(|&k| tokens[k].kind == TokenKind::Word)
                    .map(|k| stem_keys.get(k));
                let ty = match before {
                    // (مديرية is also a directorate, مديرية الأمن, but not before a hashtag.)
                    Some(k) if place_kind(k) || k == "مديريه" => EntityType::Loc,
                    Some(k) if organisation_kind(k) => EntityType::Org,
                    _ => ty,
                };
                add.push((i, i + 1, ty, keys));
            }
        }
        if !add.is_empty() {
            found.extend(add);
            found.sort_by_key(|f| f.0);
        }
    }

    /// A first name the tagger found right before a hashtag of one word (نيكولاس #مادورو,
    /// أنجيلا #ميركل, فاروق #الفيشاوي), as Al Arabiya writes people: one name, the hashtag its
    /// surname. Joined before propagation, so that the surname alone later in the article is
    /// the same person. The hashtag must read as a surname: listed as a person (alone or with
    /// the first name), or a rare word (not مالك #السينما, محمد #الغاز).
    fn join_hashtag_surnames(
        &self,
        original: &str,
        tokens: &[Token],
        found: &mut [(usize, usize, EntityType, Vec<String>)],
    ) {
        use gazetteer::{GazClass, class_bit};
        let person = class_bit(GazClass::Person, true) | class_bit(GazClass::Person, false);
        let mut sk = khabar_morph::Skeleton::default();
        for m in 0..found.len() {
            // (No mention may begin on the hashtag that a name takes in: mentions are sorted
            // and apart, so only the next one could.)
            let next = found.get(m + 1).map(|g| g.0);
            let f = &mut found[m];
            let (a, b) = (f.0, f.1);
            if f.2 != EntityType::Per || b != a + 1 || f.3.len() != 1 {
                continue;
            }
            let Some(t) = tokens.get(b).filter(|t| {
                t.kind == TokenKind::Hashtag
                    && original.get(tokens[a].span.end as usize..t.span.start as usize) == Some(" ")
            }) else {
                continue;
            };
            let Some(body) = t.span.slice(original).and_then(|s| s.strip_prefix('#')) else {
                continue;
            };
            let surname = norm::key(body);
            if body.contains('_') || surname.chars().count() < 3 || particle(&surname) {
                continue;
            }
            let first = &f.3[0];
            let whole = format!("{first} {surname}");
            let own = own_name_keys(self.news_names);
            let whole_listed = self.gaz.classes(&whole) & person != 0
                || matches!(own.get(&whole), Some(Some((EntityType::Per, _))));
            let classes = self.gaz.classes(&surname);
            let mut rare = || {
                sk.fill(&strip_marks(body));
                self.seg.lexicon().freq(&sk.key) < 500
            };
            // A first name of khabar's lists before a listed surname, or any first name
            // before a rare word that no list holds; not a rare transliteration before a
            // listed person, which may be two people (التقى X #Y).
            let own_first = matches!(own.get(first.as_str()), Some(None));
            let joined = whole_listed
                || (own_first && classes & person != 0)
                || (self.first_name(first) && classes == 0 && rare());
            if joined && next != Some(b) {
                f.1 = b + 1;
                f.3.push(surname);
            }
        }
    }

    /// جنوب [إفريقيا], شمال [مقدونيا]: a place after a point of the compass that the hand-made
    /// lists hold with it as one name is that name (South Africa, not Africa); جنوب لبنان,
    /// which they do not hold, stays لبنان, and a continent's region (شمال أفريقيا) the
    /// continent, as ANERcorp and WikiFANE tag it.
    fn widen_compass_places(
        &self,
        tokens: &[Token],
        stem_keys: &StemKeys<'_>,
        found: &mut [(usize, usize, EntityType, Vec<String>)],
    ) {
        use gazetteer::{GazClass, class_bit};
        // The hand-made lists: countries and provinces (جنوب السودان, شمال سيناء), not the
        // regions of a continent (شمال أفريقيا), which ANERcorp leaves as the continent.
        let place = class_bit(GazClass::Location, true);
        let mut end = 0;
        for f in found.iter_mut() {
            let a = f.0;
            let before = end;
            end = f.1;
            if f.2 != EntityType::Loc || a == 0 || a - 1 < before {
                continue;
            }
            if tokens[a - 1].kind != TokenKind::Word {
                continue;
            }
            let p = stem_keys.get(a - 1);
            if !matches!(p, "جنوب" | "شمال" | "شرق" | "غرب") {
                continue;
            }
            // A continent's regions are the continent in ANERcorp and WikiFANE; جنوب أفريقيا
            // is a country.
            let continent = matches!(
                f.3.as_slice(),
                [k] if matches!(
                    k.as_str(),
                    "افريقيا" | "اسيا" | "اوروبا" | "اوربا" | "امريكا" | "اميركا"
                )
            );
            if continent && !(p == "جنوب" && f.3[0] == "افريقيا") {
                continue;
            }
            let whole = format!("{p} {}", f.3.join(" "));
            if self.gaz.classes(&whole) & place != 0 {
                f.0 = a - 1;
                f.3.insert(0, p.to_string());
            }
        }
    }

    /// True when the key `key` reads as a person's first name: it begins a name of khabar's own
    /// lists (خوان, مارك, إبراهيم), or is a rare word that reads as a transliteration (سبيريدون,
    /// فولفرام); not a word with the article (الكندي, الحكيم).
    fn first_name(&self, key: &str) -> bool {
        if key.starts_with("ال") {
            return false;
        }
        matches!(own_name_keys(self.news_names).get(key), Some(None))
            || self.rare_transliteration(key, &mut khabar_morph::Skeleton::default())
    }

    /// True when the word of key `key` is a rare word that reads as a transliteration (أياكس,
    /// سبيريدون): the common ones (أمام, فاز) read so too, being short, but are frequent.
    fn rare_transliteration(&self, key: &str, sk: &mut khabar_morph::Skeleton) -> bool {
        // Keys fold ة to ه; the lexicon's do not.
        match key.strip_suffix('ه') {
            Some(stem) => sk.fill(&format!("{stem}ة")),
            None => sk.fill(key),
        }
        let lex = self.seg.lexicon();
        lex.freq(&sk.key) < 500 && lex.foreign().score(&sk.chars) > 0.3
    }

    /// True for the key of the masculine relative adjective of a country in the hand-made lists,
    /// with the article: الإسباني (إسبانيا), الفرنسي (فرنسا), البرتغالي (البرتغال), المصري
    /// (مصر), السعودي (السعودية), الإنجليزي (إنجلترا).
    fn country_adjective(&self, key: &str) -> bool {
        let Some(k) = key.strip_prefix("ال") else {
            return false;
        };
        let Some(stem) = k.strip_suffix('ي') else {
            return false;
        };
        if stem.chars().count() < 3 {
            return false;
        }
        if matches!(k, "انجليزي" | "انكليزي" | "نمساوي" | "نمسوي") {
            return true;
        }
        // Points of the compass, continents and the like, which the lists also hold as places.
        if matches!(
            k,
            "شرقي"
                | "غربي"
                | "شمالي"
                | "جنوبي"
                | "عربي"
                | "ديمقراطي"
                | "اوروبي"
                | "افريقي"
                | "اسيوي"
                | "امريكي"
                | "لاتيني"
        ) {
            return false;
        }
        let place = gazetteer::class_bit(gazetteer::GazClass::Location, true);
        let listed = |s: &str| self.gaz.classes(s) & place != 0;
        listed(&format!("{k}ا"))
            || listed(&format!("{stem}ا"))
            || listed(stem)
            || listed(&format!("ال{stem}"))
            || listed(&format!("ال{k}ه"))
    }

    /// رئيس جمهورية [رواندا بول كغامي], نائب محافظ [أربيل طاهر عبد الله]: the tagger takes the
    /// place or body a title is of into the name of the person after it. A person's name of
    /// three words or more whose first word is a place or an organisation of the hand-made lists
    /// and no person of any list is the two: that word alone, and the person's name after it.
    /// Not a word that begins places' names (سيدي, سانت), nor before بن (الخليل بن أحمد).
    fn split_place_from_person(
        &self,
        tokens: &[Token],
        found: &mut Vec<(usize, usize, EntityType, Vec<String>)>,
    ) {
        use gazetteer::{GazClass, class_bit};
        let place = class_bit(GazClass::Location, true);
        let body = class_bit(GazClass::Organization, true);
        let person = class_bit(GazClass::Person, true) | class_bit(GazClass::Person, false);
        let mut k = 0;
        while k < found.len() {
            let f = &found[k];
            let first = f.3.first().map_or("", String::as_str);
            let bits = self.gaz.classes(first);
            let split = f.2 == EntityType::Per
                && f.3.len() >= 3
                && f.1 - f.0 == f.3.len()
                && tokens.get(f.0 + 1).is_some_and(|t| t.kind == TokenKind::Word)
                && first.chars().count() >= 3
                && bits & (place | body) != 0
                && bits & person == 0
                // سيدي بوزيد, سانت كيتس: the word begins a place's name.
                && !place_prefix(first)
                && !matches!(first, "سان" | "سانت")
                // الخليل بن أحمد, منية بن إبراهيم: a person's name, his father's after it.
                && !matches!(f.3[1].as_str(), "بن" | "ابن" | "بنت" | "ولد");
            if split {
                // أمازون: an organisation of khabar's own list before a place of the gazetteer.
                let own = match own_name_keys(self.news_names).get(first) {
                    Some(Some((ty, _))) => Some(*ty),
                    _ => None,
                };
                let ty = own.unwrap_or(if bits & place != 0 {
                    EntityType::Loc
                } else {
                    EntityType::Org
                });
                let (a, b) = (f.0, f.1);
                let rest = found[k].3.split_off(1);
                (found[k].1, found[k].2) = (a + 1, ty);
                found.insert(k + 1, (a + 1, b, EntityType::Per, rest));
                k += 2;
            } else {
                k += 1;
            }
        }
    }

    /// بدعم روسي, عميل روسي: a person's name of one word that is the relative adjective of a
    /// country in the hand-made lists (روسي of روسيا) is the adjective, unless the document
    /// names someone with it as a surname (فالنتينو روسي). And a name of one word whose stem is
    /// one letter (قال لي, read ل + ي) is none.
    fn drop_lone_nisbas(
        &self,
        original: &str,
        tokens: &[Token],
        morph: &WordAnalyses,
        found: &mut Vec<(usize, usize, EntityType, Vec<String>)>,
    ) {
        found.retain(|&(a, b, _, _)| {
            let an = morph.analyses.get(a).copied().unwrap_or_default();
            let letters = tokens[a].span.slice(original).map_or(0, |w| {
                w.chars()
                    .filter(|&c| !khabar_morph::skeleton::is_ignorable(c))
                    .count()
            });
            b > a + 1 || letters.saturating_sub(an.pre_len() + an.enc_len()) > 1
        });
        use gazetteer::{GazClass, class_bit};
        let place = class_bit(GazClass::Location, true);
        let nisba = |k: &str| {
            k.chars().count() >= 4
                && k.ends_with('ي')
                && self.gaz.classes(&format!("{k}ا")) & place != 0
        };
        let lone = |(_, _, ty, keys): &(usize, usize, EntityType, Vec<String>)| {
            *ty == EntityType::Per && keys.len() == 1 && nisba(&keys[0])
        };
        if !found.iter().any(lone) {
            return;
        }
        let surnames: Vec<String> = found
            .iter()
            .filter(|(_, _, ty, keys)| *ty == EntityType::Per && keys.len() >= 2)
            .filter_map(|(_, _, _, keys)| keys.last().cloned())
            .collect();
        found.retain(|m| !lone(m) || surnames.contains(&m.3[0]));
    }

    /// Adds the mentions the tagger missed of names it found elsewhere in the document: a name
    /// of several words found word for word (حزب العمال الكردستاني), a word whose stem is a
    /// name found alone (a place, an organisation, a person's surname of four letters or
    /// more), or, for people, a word the corpus has never seen that is one edit away from a
    /// surname of five letters or more (بلنكن after بلينكن).
    fn propagate(
        &self,
        original: &str,
        tokens: &[Token],
        morph: &WordAnalyses,
        stem_keys: &StemKeys<'_>,
        found: &mut Vec<(usize, usize, EntityType, Vec<String>)>,
    ) {
        // The hamza-alef a word's stem begins with, as written: keys fold it, but a writer who
        // writes إمام and أمام tells the name from the preposition.
        let hamza = |i: usize| {
            let seg = morph.segments(original, i, &tokens[i]);
            let stem = seg.iter().find(|s| s.role == Role::Stem)?;
            original
                .get(stem.start as usize..)?
                .chars()
                .next()
                .filter(|c| matches!(c, 'أ' | 'إ' | 'آ'))
        };
        let mut covered = vec![false; tokens.len()];
        // One-word names and surnames by stem key: their type and written hamza-alef.
        let mut single: rustc_hash::FxHashMap<&str, (EntityType, Option<char>)> =
            Default::default();
        let mut surnames: rustc_hash::FxHashMap<String, &str> = Default::default();
        // Names of several words, by their first word's stem key.
        let mut multi: rustc_hash::FxHashMap<&str, Vec<(&[String], EntityType)>> =
            Default::default();
        for (a, b, ty, keys) in found.iter() {
            covered[*a..*b].iter_mut().for_each(|c| *c = true);
            if keys.len() >= 2 {
                multi.entry(&keys[0]).or_default().push((keys, *ty));
            }
            if keys.len() == 1 && keys[0].chars().count() >= 3 {
                single.entry(&keys[0]).or_insert_with(|| (*ty, hamza(*a)));
            }
            if *ty == EntityType::Per
                && let Some(last) = keys.last().filter(|k| k.chars().count() >= 4)
            {
                single
                    .entry(last)
                    .or_insert_with(|| (EntityType::Per, hamza(*b - 1)));
                let w: Vec<char> = last.chars().collect();
                if w.len() >= 5 {
                    for i in 0..w.len() {
                        let f: String = w
                            .iter()
                            .enumerate()
                            .filter(|&(j, _)| j != i)
                            .map(|(_, &c)| c)
                            .collect();
                        surnames.entry(f).or_insert(last);
                    }
                    surnames.entry(last.clone()).or_insert(last);
                }
            }
        }
        // A word can only be near a surname it is one edit away from: most words are near
        // none of them, and skip building their deletion variants below.
        // With each surname its length, first and last letter: a word one edit away keeps
        // its first or its last letter, and a length within one.
        let mut lasts: Vec<&str> = surnames.values().copied().collect();
        lasts.sort_unstable();
        lasts.dedup();
        let lasts: Vec<(&str, usize, Option<char>, Option<char>)> = lasts
            .into_iter()
            .map(|s| {
                (
                    s,
                    s.chars().count(),
                    s.chars().next(),
                    s.chars().next_back(),
                )
            })
            .collect();
        // جمال + خاشقجي, لوكا (MISC) + مودريتش, جمال alone before خاشقجي: a name the document
        // writes whole elsewhere, tagged here in pieces or cut short, is one mention.
        let mut add = Vec::new();
        let mut pieces: Vec<usize> = Vec::new();
        let mut order: Vec<usize> = (0..found.len()).collect();
        order.sort_by_key(|&m| found[m].0);
        // Where the last merged name ends: names do not overlap.
        let mut merged_to = 0;
        for (a, b) in order.into_iter().map(|m| (found[m].0, found[m].1)) {
            if a < merged_to {
                continue;
            }
            let Some(names) = multi.get(stem_keys.get(a)) else {
                continue;
            };
            let Some(&(keys, ty)) = names
                .iter()
                .filter(|(keys, _)| {
                    keys.len() > b - a
                        && (1..keys.len()).all(|j| {
                            tokens.get(a + j).is_some_and(|t| t.kind == TokenKind::Word)
                                && stem_keys.get(a + j) == keys[j]
                        })
                })
                .max_by_key(|(keys, _)| keys.len())
            else {
                continue;
            };
            let end = a + keys.len();
            let inside: Vec<usize> = found
                .iter()
                .enumerate()
                .filter(|(_, f)| f.0 >= a && f.0 < end)
                .map(|(k, _)| k)
                .collect();
            if inside.iter().all(|&k| found[k].1 <= end) {
                merged_to = end;
                covered[a..end].iter_mut().for_each(|c| *c = true);
                pieces.extend(&inside);
                add.push((a, end, ty, keys.to_vec()));
            }
        }
        let lex = self.seg.lexicon();
        let mut sk = khabar_morph::Skeleton::default();
        for (i, t) in tokens.iter().enumerate() {
            let k = stem_keys.get(i);
            if covered[i] || t.kind != TokenKind::Word || k.is_empty() {
                continue;
            }
            // A name of several words found elsewhere, word for word (its later words without
            // proclitics, as they were there): the longest one.
            let whole = multi.get(k).and_then(|names| {
                names
                    .iter()
                    .filter(|(keys, _)| {
                        (1..keys.len()).all(|j| {
                            tokens.get(i + j).is_some_and(|t| t.kind == TokenKind::Word)
                                && !covered[i + j]
                                && stem_keys.get(i + j) == keys[j]
                        })
                    })
                    .max_by_key(|(keys, _)| keys.len())
            });
            if let Some(&(keys, ty)) = whole {
                covered[i..i + keys.len()]
                    .iter_mut()
                    .for_each(|c| *c = true);
                add.push((i, i + keys.len(), ty, keys.to_vec()));
                continue;
            }
            let ty = single
                .get(k)
                .copied()
                .filter(|&(ty, h)| {
                    !self.not_the_name_here(tokens, stem_keys, i, ty)
                        && (h.is_none() || hamza(i).is_none_or(|here| Some(here) == h))
                })
                .map(|(ty, _)| ty)
                .or_else(|| {
                    let (n, first, last) =
                        (k.chars().count(), k.chars().next(), k.chars().next_back());
                    if n < 4
                        || !lasts.iter().any(|&(s, l, f, e)| {
                            n.abs_diff(l) <= 1
                                && (f == first || e == last)
                                && link::within_one_edit(k, s)
                        })
                    {
                        return None;
                    }
                    let w: Vec<char> = k.chars().collect();
                    let near = std::iter::once(k.to_string())
                        .chain((0..w.len()).map(|i| {
                            w.iter()
                                .enumerate()
                                .filter(|&(j, _)| j != i)
                                .map(|(_, &c)| c)
                                .collect()
                        }))
                        .find_map(|f: String| {
                            surnames
                                .get(f.as_str())
                                .copied()
                                .filter(|s| link::within_one_edit(k, s))
                        })?;
                    // A word the corpus has never seen (بلنكن after بلينكن), or the listed
                    // spelling of a surname found only misspelt (بلينكن after بلنكن). Not a
                    // known word near a known name: محمد is not محمود.
                    sk.fill(near);
                    let misspelt = lex.freq(&sk.key) == 0;
                    sk.fill(k);
                    (lex.freq(&sk.key) == 0 || (misspelt && lex.is_name(&sk.key)))
                        .then_some(EntityType::Per)
                });
            if let Some(ty) = ty {
                add.push((i, i + 1, ty, vec![k.to_string()]));
            }
        }
        pieces.sort_unstable();
        pieces.dedup();
        for k in pieces.into_iter().rev() {
            found.remove(k);
        }
        found.extend(add);
        found.sort_by_key(|f| f.0);
    }

    /// Whether word `i`, whose stem is written as a one-word name of type `ty` found elsewhere
    /// in the document, is here something else:
    /// - a title (الشيخ), which names no one alone;
    /// - a unit after a number (مليار ريال), when the name was a club or a person (ريال for
    ///   Real Madrid);
    /// - a feminine relative adjective after a definite noun (السينما العربية, الدول العربية),
    ///   when the name (قناة العربية) is no place the automatic place lists know (المملكة
    ///   العربية السعودية);
    /// - (in `propagate`) a word whose hamza-alef is written otherwise than the name's.
    fn not_the_name_here(
        &self,
        tokens: &[Token],
        stem_keys: &StemKeys<'_>,
        i: usize,
        ty: EntityType,
    ) -> bool {
        let k = stem_keys.get(i);
        if link::TITLES.contains(&k) {
            return true;
        }
        let word = |j: usize| {
            tokens
                .get(j)
                .filter(|t| t.kind == TokenKind::Word)
                .map(|_| stem_keys.get(j))
        };
        if adjective_here(k, i.checked_sub(1).and_then(word), word(i + 1)) {
            return true;
        }
        // شهر رمضان, رمضان المبارك: the month, not محمد رمضان named elsewhere.
        if (dates::month1(k).is_some() || dates::hijri_month(k, None).is_some())
            && (i.checked_sub(1).and_then(word) == Some("شهر")
                || matches!(
                    word(i + 1),
                    Some(
                        "المبارك"
                            | "الكريم"
                            | "المعظم"
                            | "الفضيل"
                            | "الماضي"
                            | "المقبل"
                            | "القادم"
                            | "الحالي"
                            | "الجاري"
                    )
                ))
        {
            return true;
        }
        let Some(prev) = i.checked_sub(1).and_then(|p| tokens.get(p)) else {
            return false;
        };
        let pk = stem_keys.get(i - 1);
        let after_number = prev.kind == TokenKind::Number
            || (prev.kind == TokenKind::Word && numbers::lookup(pk).is_some());
        if after_number && ty != EntityType::Misc && numbers::unit(k).is_some() {
            return true;
        }
        // Only the feminine: a masculine one is as often a surname (الرئيس السيسي).
        // (The hand-made lists have العربية and الشمالية as places; the automatic ones only
        // real places such as السعودية.)
        let place = gazetteer::class_bit(gazetteer::GazClass::Location, false);
        k.starts_with("ال")
            && k.ends_with("يه")
            && prev.kind == TokenKind::Word
            && pk.starts_with("ال")
            && self.gaz.classes(k) & place == 0
    }

    /// The Latin form of a name of type `ty` from its word keys: the whole name's, or, for a
    /// person, that of another spelling of the full name ([`Recognizer::latin_of_spellings`]),
    /// else the surname's.
    fn latin_of(&self, keys: &[String], ty: EntityType) -> Option<String> {
        use gazetteer::GazClass;
        let keys = link::strip_titles(keys);
        if let Some(l) = own_latin(keys, ty, self.news_names) {
            return Some(l.to_string());
        }
        let whole = keys.join(" ");
        let one;
        let classes: &[GazClass] = match GazClass::of(ty) {
            Some(c) => {
                one = [c];
                &one
            }
            None => &[GazClass::Organization, GazClass::Location, GazClass::Person],
        };
        if let Some(l) = classes.iter().find_map(|&c| self.gaz.latin(&whole, c)) {
            return Some(l.to_string());
        }
        if ty != EntityType::Per || keys.len() < 2 {
            return None;
        }
        // A foreign full name spelt otherwise than the lists spell it (دونالد ترمب, which they
        // have as دونالد ترامب): the Latin form of its other spellings, where they all agree.
        if let Some(l) = self.latin_of_spellings(&whole) {
            return Some(l);
        }
        // A person's full name the lists do not have: the surname's Latin form (first names
        // are too ambiguous word by word: ANETAC has انتوني as Antonini, Antoni and Antoine;
        // and a surname is not varied: ديشان would find Deshaun, كيم Keum).
        keys.last()
            .and_then(|k| self.gaz.latin(k, GazClass::Person))
            .map(str::to_string)
    }
}

impl Recognizer {
    /// The Latin form the gazetteers give every other spelling they know of the person's full
    /// name `whole` ([`link::foreign_spellings`]), when they agree. The spellings are not made
    /// and looked up one by one (dozens a name): the people the gazetteers have with a Latin
    /// form are indexed once by their letters without long vowels, which a name shares with
    /// its spellings.
    fn latin_of_spellings(&self, whole: &str) -> Option<String> {
        use gazetteer::GazClass;
        let index = self.by_consonants.0.get_or_init(|| {
            let mut m: rustc_hash::FxHashMap<String, Vec<String>> = Default::default();
            // Full names only: a surname is not varied (see `latin_of`).
            for k in self.gaz.latin_keys(GazClass::Person, |k| k.contains(' ')) {
                m.entry(link::without_long_vowels(&k)).or_default().push(k);
            }
            m
        });
        let foreign = self.seg.lexicon().foreign();
        let mut found = index
            .get(&link::without_long_vowels(whole))?
            .iter()
            .filter(|k| link::is_foreign_spelling(whole, k, foreign))
            .filter_map(|k| self.gaz.latin(k, GazClass::Person));
        let first = found.next()?;
        found.all(|l| l == first).then(|| first.to_string())
    }
}

/// The stem keys of a text's words: token `i`'s is `text[at[i]]` (empty for other tokens).
struct StemKeys<'a> {
    text: &'a str,
    at: &'a [std::ops::Range<usize>],
}

impl StemKeys<'_> {
    fn get(&self, i: usize) -> &str {
        self.at
            .get(i)
            .and_then(|r| self.text.get(r.clone()))
            .unwrap_or_default()
    }
}

/// Keys of units of measurement, which name nothing after a number (500 كيلومتر, 30 ميغاواط,
/// 2716 ميلي أمبير, 12.5 ميغا بيكسل). Not currencies, which ANERcorp tags MISC.
fn measure_unit(key: &str) -> bool {
    matches!(
        numbers::unit(key),
        Some("كيلومتر" | "متر" | "طن" | "برميل" | "كيلوغرام" | "هكتار" | "ميغاواط")
    ) || matches!(
        key,
        "ميلي"
            | "ميللي"
            | "ملي"
            | "امبير"
            | "ميغا"
            | "ميجا"
            | "جيجا"
            | "غيغا"
            | "بيكسل"
            | "ميغابيكسل"
            | "جيجاواط"
            | "غيغاواط"
            | "جيغاواط"
            | "كيلوواط"
            | "ميغابايت"
            | "جيجابايت"
            | "غيغابايت"
            | "جيغابايت"
            | "تيرابايت"
            | "اوكتين"
            | "فولت"
            | "واط"
            | "ميل"
            | "ميلا"
            | "لتر"
            | "لترا"
    )
}

/// What a number counts is no name: a unit of measurement after digits (500 كيلومتر), and,
/// after digits that are no year, a nationality in the accusative plural that is spelt as its
/// country (13 روسيا "13 Russians", 81 سوريا, 30 بريطانيا; not مونديال 2018 روسيا, nor in
/// results), written without a proclitic.
fn drop_counted_words(
    original: &str,
    tokens: &[Token],
    stem_keys: &StemKeys<'_>,
    found: &mut Vec<(usize, usize, EntityType, Vec<String>)>,
) {
    found.retain(|&(a, b, ty, _)| {
        let Some(prev) = a.checked_sub(1).and_then(|p| tokens.get(p)) else {
            return true;
        };
        if prev.kind != TokenKind::Number {
            return true;
        }
        if (a..b).all(|i| measure_unit(stem_keys.get(i))) {
            return false;
        }
        let digits = prev.span.slice(original).unwrap_or_default();
        // Not a score or a group's number in results (الكاميرون 1-1 زامبيا, المجموعة 1 ليبيا),
        // nor a word written with a proclitic (خليجي 21 وآسيا 2015, a tournament).
        let start = prev.span.start as usize;
        let score = digits.contains(['-', ':'])
            || original
                .get(..start)
                .is_some_and(|t| t.ends_with(['-', ':', '–']))
            || a >= 2 && matches!(stem_keys.get(a - 2), "مجموعه" | "المجموعه");
        let year = digits.chars().count() == 4
            && digits
                .parse::<u32>()
                .is_ok_and(|y| (1900..=2100).contains(&y));
        if score || year {
            return true;
        }
        let key = stem_keys.get(a);
        let bare = tokens[a]
            .span
            .slice(original)
            .is_some_and(|w| norm::key(w) == key);
        !(ty == EntityType::Loc && b == a + 1 && bare && key.ends_with("يا"))
    });
}

/// فتح [الله] [غولن]: الله (MISC, as ANERcorp tags God) between a word that makes a name with
/// it and a person's name is part of that name, as in a sentence's own tags (above), also where
/// the person is known only from another mention in the document.
fn join_allah(
    tokens: &[Token],
    stem_keys: &StemKeys<'_>,
    found: &mut Vec<(usize, usize, EntityType, Vec<String>)>,
) {
    let mut k = 0;
    while k + 1 < found.len() {
        let (f, g) = (&found[k], &found[k + 1]);
        let a = f.0;
        if f.2 == EntityType::Misc
            && g.2 == EntityType::Per
            && f.1 == a + 1
            && g.0 == f.1
            && a > 0
            && (k == 0 || found[k - 1].1 < a)
            && tokens[a - 1].kind == TokenKind::Word
            && stem_keys.get(a) == "الله"
            && before_allah(stem_keys.get(a - 1))
        {
            let g = found.remove(k + 1);
            let f = &mut found[k];
            f.0 = a - 1;
            f.1 = g.1;
            f.2 = EntityType::Per;
            f.3.insert(0, stem_keys.get(a - 1).to_string());
            f.3.extend(g.3);
        }
        k += 1;
    }
}

/// خوان [أنطونيو بيتزي], [دونالد جاي] [ترامب]: two people's names side by side, with only a
/// space between them, are one name that the tagger split, unless the document writes the first
/// one alone elsewhere as a person (أقال ترامب كومي: ترامب is a whole name; دونالد ترامب جيمس
/// كومي after ترامب), or the first is of two words or more and the second is written alone
/// elsewhere (حذر حسن روحاني ترامب), unless
/// another of its people begins and ends as the two would (جمال بن أحمد خاشقجي after جمال
/// خاشقجي); nor when the second begins with و (صامويل أومتيتي وعثمان ديمبلي, where the
/// segmenter left the conjunction on a name it did not know). At most five words in all.
impl Recognizer {
    fn join_split_people(
        &self,
        original: &str,
        tokens: &[Token],
        morph: &WordAnalyses,
        found: &mut Vec<(usize, usize, EntityType, Vec<String>)>,
    ) {
        let mut k = 0;
        while k + 1 < found.len() {
            let (f, g) = (&found[k], &found[k + 1]);
            let split = f.2 == EntityType::Per
            && g.2 == EntityType::Per
            && g.0 == f.1
            && f.3.len() + g.3.len() <= 5
            && tokens
                .get(f.1 - 1)
                .zip(tokens.get(g.0))
                .and_then(|(x, y)| original.get(x.span.end as usize..y.span.start as usize))
                .is_some_and(|gap| gap == " ")
            && morph
                .segments(original, g.0, &tokens[g.0])
                .iter()
                .find(|s| s.role == Role::Stem)
                .is_some_and(|s| s.start == tokens[g.0].span.start)
            && !g.3.first().is_some_and(|w| w.starts_with('و'))
            // One word alone must read as a first name (هاجس ترامب, الكندي جاستن ترودو).
            && (f.3.len() > 1 || f.3.first().is_some_and(|w| self.first_name(w)))
            && !alone_elsewhere(found, k, k + 1)
            && (f.3.len() == 1
                || !alone_elsewhere(found, k + 1, k)
                || found.iter().any(|h| {
                    h.2 == EntityType::Per
                        && h.3.len() >= 2
                        && h.3.first() == f.3.first()
                        && h.3.last() == g.3.last()
                }));
            if split {
                let g = found.remove(k + 1);
                let f = &mut found[k];
                f.1 = g.1;
                f.3.extend(g.3);
            } else {
                k += 1;
            }
        }
    }
}

/// Whether the person `found[m]` is written elsewhere in the document as a whole name: its words,
/// or another person's name that ends as it does (ترامب after دونالد ترامب or الرئيس ترامب), other
/// than beside `found[other]` again (the same pair, written twice, is no evidence).
fn alone_elsewhere(
    found: &[(usize, usize, EntityType, Vec<String>)],
    m: usize,
    other: usize,
) -> bool {
    let (x, o) = (&found[m], &found[other]);
    let before = other > m;
    found.iter().enumerate().any(|(j, h)| {
        j != m && h.2 == EntityType::Per && (h.3 == x.3 || h.3.last() == x.3.last()) && {
            let beside = if before {
                found.get(j + 1).filter(|n| n.0 == h.1)
            } else {
                j.checked_sub(1)
                    .and_then(|p| found.get(p))
                    .filter(|n| n.1 == h.0)
            };
            beside.is_none_or(|n| n.3 != o.3)
        }
    })
}

/// أنا سعيد جدا, سعيد للغاية: a name that is also an adjective (سعيد, صالح, جميل, كريم) is the
/// adjective after a first-person pronoun or beside an intensifier. `prev` and `next` are the
/// stem keys of the words around it, if they are words.
fn adjective_here(key: &str, prev: Option<&str>, next: Option<&str>) -> bool {
    matches!(key, "سعيد" | "سعيده" | "صالح" | "جميل" | "كريم")
        && (prev.is_some_and(|p| matches!(p, "انا" | "نحن" | "جدا" | "كنت" | "لست"))
            || next.is_some_and(|n| matches!(n, "جدا" | "للغايه" | "غايه" | "حقا")))
}

/// True for the key of a word for a kind of place that a name follows (محافظة, مدينة, ولاية,
/// منطقة, إقليم, قرية, بلدة, مخيم, مضيق).
fn place_kind(key: &str) -> bool {
    matches!(
        key,
        "محافظه"
            | "مدينه"
            | "ولايه"
            | "منطقه"
            | "اقليم"
            | "قريه"
            | "بلده"
            | "مخيم"
            | "مضيق"
    )
}

/// True for the stem key of a word for a telephone, which a product's name follows (هاتف
/// آيفون). Not جهاز, which also begins agencies' names (جهاز المخابرات العامة).
fn device_kind(key: &str) -> bool {
    matches!(key, "هاتف" | "الهاتف" | "هواتف")
}

/// True for the key (without the article) of a common noun borrowed from English that the
/// tagger, reading a transliteration, takes for a name (هاشتاغ, سيلفي, درون, إيموجي).
fn loanword(key: &str) -> bool {
    matches!(
        key,
        "هاشتاغ"
            | "هاشتاج"
            | "سيلفي"
            | "درون"
            | "ايموجي"
            | "بلوكتشين"
            | "بيتكوين"
            | "هاكر"
    )
}

/// True for the key of a word for a natural feature that begins a place's name (جبل طارق, جبال
/// قنديل, نهر النيل, بحيرة طبريا, جزيرة القرم, وادي السيليكون).
fn feature_kind(key: &str) -> bool {
    matches!(
        key,
        "جبل"
            | "جبال"
            | "نهر"
            | "بحيره"
            | "جزيره"
            | "جزر"
            | "صحراء"
            | "وادي"
            | "سهل"
            | "هضبه"
    )
}

/// True for the key of a particle, pronoun or preposition that never begins the name of a person
/// or a place: إن, أن, لأن, قد, هذا, ثم, في, من, إلى, مع, منذ, يا... Not على (its key is also
/// the name علي), nor فان, بان, كان, وان (van, Ban, Cannes, Van): the particles فإن, بأن, وأن
/// and وإن are told from those by their hamza, in the text as written.
fn particle(key: &str) -> bool {
    matches!(
        key,
        "ان" | "لان"
            | "انه"
            | "انها"
            | "قد"
            | "لقد"
            | "هذا"
            | "هذه"
            | "ذلك"
            | "تلك"
            | "التي"
            | "الذي"
            | "ثم"
            | "او"
            | "كما"
            | "مع"
            | "عن"
            | "في"
            | "من"
            | "الي"
            | "حتي"
            | "منذ"
            | "عند"
            | "لدي"
            | "يا"
    )
}

/// khabar's own list of organisations of recent news (see the file's header): unambiguous
/// names, found as organisations wherever they occur.
const ORGANISATIONS: &str = include_str!("../data/organisations.tsv");

/// The names of one of khabar's own lists: (Arabic, Latin) from its `Arabic<TAB>Latin` lines,
/// `#` lines being comments.
pub fn own_list(list: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    list.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(a, l)| (a.trim(), l.trim()))
        .filter(|(a, _)| !a.is_empty())
}

/// The names of khabar's own list of organisations: (Arabic, Latin).
pub fn own_organisations() -> impl Iterator<Item = (&'static str, &'static str)> {
    own_list(ORGANISATIONS)
}

/// khabar's own list of people and places whose names the tagger breaks (see the file's
/// header), read at run time only: `Arabic<TAB>Latin<TAB>PER|LOC|ORG|MISC` lines.
const NAMES: &str = include_str!("../data/names.tsv");

/// The names of khabar's own list of people and places: (Arabic, Latin, type).
pub fn own_names() -> impl Iterator<Item = (&'static str, &'static str, EntityType)> {
    own_list(NAMES).filter_map(|(arabic, rest)| {
        let (latin, ty) = rest.split_once('\t')?;
        let ty = match ty.trim() {
            "PER" => EntityType::Per,
            "LOC" => EntityType::Loc,
            "ORG" => EntityType::Org,
            "MISC" => EntityType::Misc,
            _ => return None,
        };
        Some((arabic, latin.trim(), ty))
    })
}

/// A key of [`own_name_keys`]: the type and Latin form of a whole name, or `None` for the
/// first words of one.
type OwnName = Option<(EntityType, &'static str)>;

/// People's names harvested from the ANT news corpus by `khabar train names` (see the file's
/// header): `Arabic<TAB>PER` lines, marked like [`NAMES`] but without a Latin form.
const NEWS_NAMES: &str = include_str!("../models/news-names.tsv");

/// The names harvested from news ([`NEWS_NAMES`]), all people's.
pub fn news_names() -> impl Iterator<Item = &'static str> {
    own_list(NEWS_NAMES)
        .filter(|(_, ty)| *ty == "PER")
        .map(|(a, _)| a)
}

/// The keys of khabar's own lists of names ([`ORGANISATIONS`], [`NAMES`], and with `news`
/// [`NEWS_NAMES`]) and of their first words (فيلق, فيلق القدس for فيلق القدس الإيراني): a word
/// that begins no name ends the search at one lookup. A hand-made list's name wins over a
/// harvested one.
fn own_name_keys(news: bool) -> &'static rustc_hash::FxHashMap<String, OwnName> {
    static KEYS: OnceLock<rustc_hash::FxHashMap<String, OwnName>> = OnceLock::new();
    static NEWS: OnceLock<rustc_hash::FxHashMap<String, OwnName>> = OnceLock::new();
    let lock = if news { &NEWS } else { &KEYS };
    lock.get_or_init(|| {
        let mut keys = rustc_hash::FxHashMap::default();
        let harvested = news_names()
            .filter(|_| news)
            .map(|a| (a, "", EntityType::Per));
        let all = harvested
            .chain(own_organisations().map(|(a, l)| (a, l, EntityType::Org)))
            .chain(own_names());
        let mut put = |key: String, name: OwnName| {
            let mut end = 0;
            for w in key.split(' ') {
                end += w.len();
                keys.entry(key[..end].to_string()).or_insert(None);
                end += 1;
            }
            keys.insert(key, name);
        };
        for (arabic, latin, ty) in all {
            put(norm::key(arabic), Some((ty, latin)));
            // Written in Latin letters too (دبي (CNN), شركة Google): the name as the list
            // writes it, checked case and all where it is found.
            let words: Vec<&str> = latin_words(latin).collect();
            if !words.is_empty()
                && words
                    .iter()
                    .all(|w| w.chars().all(|c| c.is_ascii_alphanumeric()))
            {
                put(norm::key(&words.join(" ")), Some((ty, latin)));
            }
        }
        keys
    })
}

/// The words of a Latin form, split at spaces and hyphens (Paris Saint-Germain).
fn latin_words(latin: &str) -> impl Iterator<Item = &str> {
    latin.split([' ', '-']).filter(|w| !w.is_empty())
}

/// The Latin form of a name of khabar's own lists of type `ty`, from its word keys (none for
/// a harvested name).
fn own_latin(keys: &[String], ty: EntityType, news: bool) -> Option<&'static str> {
    match own_name_keys(news).get(&keys.join(" ")) {
        Some(Some((t, latin))) if *t == ty && !latin.is_empty() => Some(latin),
        _ => None,
    }
}

/// Finds the names of khabar's own lists ([`own_name_keys`]) in a sentence (tokens `toks`,
/// the first at `offset` in the document) and makes each an entity of its type: the tagger
/// misses some (الحشد الشعبي, which it tags only in some contexts), tags a part (القدس in
/// فيلق القدس, كيم جونغ in كيم جونغ أون) or mistypes one (بيونغ يانغ as a person). An entity
/// of the tagger inside such a name gives way to it; one that covers it or crosses its edge is
/// kept as it is. A hyphen or full stop glued to the words on both sides joins them (كيم
/// جونغ-أون, سي.إن.إن). `found[first..]` are the sentence's entities so far, in order.
fn mark_own_names(
    scratch: &mut ner::features::Scratch,
    toks: &[Token],
    original: &str,
    offset: usize,
    found: &mut Vec<(usize, usize, EntityType, Vec<String>)>,
    first: usize,
    news: bool,
) {
    let names = own_name_keys(news);
    let mut key = String::new();
    let mut a = 0;
    while a < toks.len() {
        // A name is written in one script: Arabic words, or Latin ones (CNN).
        let kind = toks[a].kind;
        if !matches!(kind, TokenKind::Word | TokenKind::Latin) {
            a += 1;
            continue;
        }
        // The longest name from token a: its first word without proclitics (وحماس), or whole
        // where the segmenter took a letter of the name for a proclitic (بوروسيا read ب +
        // وروسيا).
        let Some(whole) = scratch.begins_own_name(a, |k| names.contains_key(k)) else {
            a += 1;
            continue;
        };
        // Keys fold alef maqsura: the preposition على begins no name that علي begins (على
        // حسن), nor إلى one of الي.
        if matches!(toks[a].span.slice(original), Some("على" | "إلى" | "الى")) {
            a += 1;
            continue;
        }
        let mut hit = None;
        key.clear();
        let mut b = a;
        while let Some(t) = toks.get(b) {
            if t.kind != kind {
                break;
            }
            if b > a {
                key.push(' ');
                key.push_str(scratch.key(b));
            } else if whole {
                key.push_str(scratch.key(b));
            } else {
                key.push_str(scratch.stem_key(b));
            }
            match names.get(key.as_str()) {
                None => break,
                Some(Some((ty, latin))) => {
                    // A name in Latin letters only as the list writes it: Congress, not
                    // congress; CNN, not Cnn.
                    let written = toks[a..=b]
                        .iter()
                        .filter(|t| t.kind == kind)
                        .filter_map(|t| t.span.slice(original));
                    if kind != TokenKind::Latin || written.eq(latin_words(latin)) {
                        hit = Some((b + 1, *ty));
                    }
                }
                Some(None) => {}
            }
            b += 1;
            if hyphen_between(toks, original, b) {
                b += 1;
            }
        }
        let Some((b, ty)) = hit else {
            a += 1;
            continue;
        };
        let (da, db) = (offset + a, offset + b);
        let tail = &mut found[first..];
        if let Some(e) = tail.iter_mut().find(|e| e.0 <= da && db <= e.1) {
            // Already an entity, or inside a longer one (الحرس الثوري الإيراني).
            if (e.0, e.1) == (da, db) {
                e.2 = ty;
                if whole && let Some(k) = e.3.first_mut() {
                    *k = scratch.key(a).to_string();
                }
            }
        } else if !tail
            .iter()
            .any(|e| e.0 < da && da < e.1 || e.0 < db && db < e.1)
        {
            let mut keys = word_keys(scratch, toks, a..b);
            if whole && let Some(k) = keys.first_mut() {
                *k = scratch.key(a).to_string();
            }
            put_over(found, first, (da, db, ty, keys));
        }
        a = b;
    }
}

/// The word keys of a mention over `tokens` of a sentence, its hyphens and full stops left
/// out: the first word's stem key, then the later words' keys.
fn word_keys(
    scratch: &ner::features::Scratch,
    toks: &[Token],
    tokens: std::ops::Range<usize>,
) -> Vec<String> {
    let kinds = toks[tokens.clone()].iter().map(|t| t.kind);
    scratch
        .mention_keys(tokens)
        .into_iter()
        .zip(kinds)
        .filter_map(|(k, kind)| matches!(kind, TokenKind::Word | TokenKind::Latin).then_some(k))
        .collect()
}

/// Widens each entity of a sentence (tokens `toks`, the first at `offset` in the document)
/// that is a piece of a dotted acronym to the whole acronym: the tagger tags one letter-name
/// of إيه.بي.سي, زد.تي.إي or إف.بي.آي. The acronym is two or more words of at most four
/// letters joined by full stops with no space. Other pieces of it go; where the acronym would
/// cross another entity, both stay as they are.
fn widen_dotted_acronyms(
    scratch: &ner::features::Scratch,
    toks: &[Token],
    original: &str,
    offset: usize,
    found: &mut Vec<(usize, usize, EntityType, Vec<String>)>,
    first: usize,
) {
    let short = |k: usize| {
        toks[k].kind == TokenKind::Word
            && toks[k]
                .span
                .slice(original)
                .is_some_and(|w| w.chars().count() <= 4)
    };
    let mut n = first;
    while n < found.len() {
        let (a, b) = (found[n].0 - offset, found[n].1 - offset);
        n += 1;
        if !(a..b).all(|k| short(k) || hyphen_between(toks, original, k)) {
            continue;
        }
        let (mut s, mut e) = (a, b);
        while s >= 2 && hyphen_between(toks, original, s - 1) && short(s - 2) {
            s -= 2;
        }
        while hyphen_between(toks, original, e) && short(e + 1) {
            e += 2;
        }
        let dotted = (s..e)
            .filter(|&k| toks[k].kind != TokenKind::Word)
            .all(|k| toks[k].span.slice(original) == Some("."));
        if (s, e) == (a, b) || !dotted {
            continue;
        }
        let (ds, de) = (offset + s, offset + e);
        let inside = |x: &(usize, usize, EntityType, Vec<String>)| ds <= x.0 && x.1 <= de;
        if found[first..]
            .iter()
            .any(|x| x.0 < de && ds < x.1 && !inside(x))
        {
            continue;
        }
        // The first piece takes the whole acronym; the other pieces go (إيه.بي.سي tagged بي
        // and سي).
        // Letter-names name no person (إن.إتش.كيه tagged كيه, a person).
        let ty = match found[n - 1].2 {
            EntityType::Per => EntityType::Org,
            ty => ty,
        };
        let at = found[first..]
            .iter()
            .position(inside)
            .map_or(n - 1, |p| p + first);
        found.retain(|x| !inside(x));
        found.insert(at, (ds, de, ty, word_keys(scratch, toks, s..e)));
        n = at + 1;
    }
}

/// True when token `i` is a hyphen or a full stop glued to the words on both sides (جونغ-أون,
/// سي.إن.إن; Saint-Germain, both in Latin letters).
fn hyphen_between(toks: &[Token], original: &str, i: usize) -> bool {
    let (Some(p), Some(t), Some(n)) = (
        i.checked_sub(1).and_then(|k| toks.get(k)),
        toks.get(i),
        toks.get(i + 1),
    ) else {
        return false;
    };
    t.kind == TokenKind::Punct
        && matches!(t.span.slice(original), Some("-" | "."))
        && p.span.end == t.span.start
        && t.span.end == n.span.start
        && (n.kind == TokenKind::Word || n.kind == TokenKind::Latin && p.kind == TokenKind::Latin)
}

/// The type of a name in quotation marks right after the key `key` (no article) of a word for
/// a kind of organisation or of work: صحيفة "الحياة", شركة "أرامكو", منظمة "مراسلون بلا حدود",
/// وكالة أنباء "فارس" are organisations, برنامج "ذا فويس", مسلسل "الهيبة", عملية "عاصفة الحزم" names of other
/// things (MISC, as ANERcorp tags titles).
fn quoted_name_kind(key: &str) -> Option<EntityType> {
    Some(match key {
        "صحيفه" | "شركه" | "وكاله" | "قناه" | "موقع" | "مجموعه" | "حزب" | "تنظيم" | "منظمه"
        | "مجله" | "مؤسسه" | "حركه" | "جمعيه" | "تحالف" | "ائتلاف" | "هيئه" | "جماعه" | "نادي"
        | "فرقه" | "مركز" | "معهد" | "بنك" | "مصرف" | "منصه" | "تطبيق" | "انباء" => {
            EntityType::Org
        }
        "برنامج" | "مسلسل" | "فيلم" | "اغنيه" | "البوم" | "كتاب" | "روايه" | "مسرحيه" | "عمليه"
        | "مبادره" | "حمله" | "جائزه" | "مهرجان" => EntityType::Misc,
        _ => return None,
    })
}

/// Marks a name in quotation marks right after a word for its kind ([`quoted_name_kind`]) as an
/// entity of that kind, in a sentence (tokens `toks`, the first at `offset` in the document):
/// the tagger misses most (345 of 804 in 3,000 ANT articles), being trained on text that
/// rarely quotes names. The name is words, Latin words and numbers only, at most eight; an
/// entity of the tagger inside it gives way, one crossing its edge keeps it out.
fn mark_quoted_names(
    scratch: &ner::features::Scratch,
    toks: &[Token],
    original: &str,
    offset: usize,
    found: &mut Vec<(usize, usize, EntityType, Vec<String>)>,
    first: usize,
) {
    let mark = |i: usize| -> Option<&str> {
        let t = toks.get(i)?;
        let s = t.span.slice(original)?;
        (t.kind == TokenKind::Punct && matches!(s, "\"" | "«" | "»" | "“" | "”")).then_some(s)
    };
    for k in 0..toks.len() {
        // The opening mark first: most words are followed by none.
        if toks[k].kind != TokenKind::Word || mark(k + 1).is_none_or(|m| matches!(m, "»" | "”"))
        {
            continue;
        }
        let key = scratch.stem_key(k);
        let Some(ty) = quoted_name_kind(key.strip_prefix("ال").unwrap_or(key)) else {
            continue;
        };
        let a = k + 2;
        let Some(b) = (a..toks.len().min(a + 9)).find(|&i| mark(i).is_some()) else {
            continue;
        };
        let words = |t: &Token| {
            matches!(
                t.kind,
                TokenKind::Word | TokenKind::Latin | TokenKind::Number
            )
        };
        if b == a || !toks[a..b].iter().all(words) || toks[a].kind == TokenKind::Number {
            continue;
        }
        // بأن الهيئة "تُدار بالتصويت في كل الحالات": after the kind with its article, a long
        // quoted phrase is what the body said, unless it begins as names do (التحالف "تحالف
        // دعم الشرعية في اليمن", الحزب "حزب الشعب الديمقراطي السوري").
        if key.starts_with("ال") && b - a > 3 && {
            let k = scratch.stem_key(a);
            !k.starts_with("ال") && kind_word(k).is_none() && quoted_name_kind(k).is_none()
        } {
            continue;
        }
        let (da, db) = (offset + a, offset + b);
        let tail = &found[first..];
        if tail.iter().any(|e| {
            e.0 < da && da < e.1
                || e.0 < db && db < e.1
                || (e.0 <= da && db < e.1)
                || (e.0 < da && db <= e.1)
        }) {
            continue;
        }
        put_over(found, first, (da, db, ty, scratch.mention_keys(a..b)));
    }
}

/// Marks a radio station's name, a word and FM (الجوهرة أف أم, موزاييك اف ام, للجوهرة إف إم),
/// as an organisation, in place of the tagger's pieces of it (أف أم alone, or the name as
/// MISC), in a sentence (tokens `toks`, the first at `offset` in the document).
fn mark_radio_names(
    scratch: &ner::features::Scratch,
    toks: &[Token],
    offset: usize,
    found: &mut Vec<(usize, usize, EntityType, Vec<String>)>,
    first: usize,
    sure: &mut rustc_hash::FxHashSet<usize>,
) {
    let word = |k: usize| toks.get(k).is_some_and(|t| t.kind == TokenKind::Word);
    let quote = |k: usize| {
        toks.get(k)
            .is_some_and(|t| t.kind == TokenKind::Punct && scratch.key(k) == "\"")
    };
    for k in 1..toks.len() {
        if !(word(k) && scratch.key(k) == "اف" && word(k + 1)) {
            continue;
        }
        // الجوهرة "اف ام": FM in quotation marks, which the name takes in.
        if k >= 2 && quote(k - 1) && word(k - 2) && quote(k + 2) && !particle(scratch.key(k - 2)) {
            let (da, db) = (offset + k - 2, offset + k + 3);
            if matches!(scratch.key(k + 1), "ام" | "ايم") {
                found.retain(|x| x.1 <= da || x.0 >= db);
                let keys = vec![
                    scratch.stem_key(k - 2).to_string(),
                    scratch.key(k).to_string(),
                    scratch.key(k + 1).to_string(),
                ];
                put_over(found, first, (da, db, EntityType::Org, keys));
                sure.insert(da);
            }
            continue;
        }
        if !word(k - 1) {
            continue;
        }
        // (بي إف إم تي في is a television channel, the tagger's whole.)
        if !matches!(scratch.key(k + 1), "ام" | "ايم")
            || particle(scratch.key(k - 1))
            || (word(k + 2) && scratch.key(k + 2) == "تي")
        {
            continue;
        }
        let (da, db) = (offset + k - 1, offset + k + 2);
        // إم بي سي إف إم, قناة بي إف إم تيفي: the tagger's longer name stays.
        if let Some(e) = found[first..].iter_mut().find(|e| e.0 < da && db <= e.1) {
            e.2 = EntityType::Org;
            sure.insert(e.0);
            continue;
        }
        found.retain(|x| x.1 <= da || x.0 >= db);
        put_over(
            found,
            first,
            (da, db, EntityType::Org, scratch.mention_keys(k - 1..k + 2)),
        );
        sure.insert(da);
    }
}

/// True for the key of a word that begins the names of towns and places (سيدي بوزيد, غار
/// الدماء, حمام الأنف, برج السدرية, منزل بورقيبة, بئر الحفي, عين دراهم, وادي مليز).
fn place_prefix(key: &str) -> bool {
    matches!(
        key,
        "سيدي"
            | "غار"
            | "حمام"
            | "برج"
            | "منزل"
            | "بئر"
            | "بير"
            | "عين"
            | "وادي"
            | "بني"
            | "راس"
            | "حاسي"
            | "قصر"
    )
}

/// Puts entity `e` into `found[first..]` (a sentence's entities, in order) in its place,
/// instead of the entities inside its span.
fn put_over(
    found: &mut Vec<(usize, usize, EntityType, Vec<String>)>,
    first: usize,
    e: (usize, usize, EntityType, Vec<String>),
) {
    found.retain(|x| !(x.0 >= e.0 && x.1 <= e.1));
    let at = found[first..]
        .iter()
        .position(|x| x.0 > e.0)
        .map_or(found.len(), |p| first + p);
    found.insert(at, e);
}

/// True for the key of a word for a kind of organisation that a name follows (حركة, حزب,
/// تنظيم, جماعة, منظمة, جمعية, شركة, وكالة, صحيفة, نادي; not قناة, also a canal, nor فريق,
/// whose name is often its coach's: فريق كاظم الساهر).
fn organisation_kind(key: &str) -> bool {
    matches!(
        key,
        "حركه"
            | "حزب"
            | "تنظيم"
            | "جماعه"
            | "منظمه"
            | "جمعيه"
            | "شركه"
            | "وكاله"
            | "صحيفه"
            | "نادي"
    )
}

/// For the key of a word for a kind of organisation or place, the type of what it names:
/// `Org` for جامعة (جامعة القاهرة, منظمة أوبك), `Loc` for مدينة (مدينة حلب).
fn kind_word(key: &str) -> Option<EntityType> {
    if organisation_kind(key) || matches!(key, "جامعه" | "وزاره" | "مجلس" | "هيئه" | "مؤسسه")
    {
        Some(EntityType::Org)
    } else if place_kind(key) {
        Some(EntityType::Loc)
    } else {
        None
    }
}

/// True for the key of the word that ends the name of a sports team (سيتي, يونايتد, رينجرز).
fn team_word(key: &str) -> bool {
    matches!(
        key,
        "سيتي"
            | "يونايتد"
            | "يونايتيد"
            | "هوتسبير"
            | "هوتسبر"
            | "البيون"
            | "رينجرز"
            | "روكتس"
            | "كافاليرز"
            | "جونيورز"
            | "ووريرز"
            | "ليكرز"
            | "سلتيكس"
            | "نيتس"
            | "كليبرز"
            | "بولز"
            | "هيت"
            | "وندررز"
    )
}

/// For the key of a club's name that is also a common word (الهلال the crescent, النصر
/// victory, الوحدة unity, الرجاء hope), which the tagger, trained on ANERcorp's use of them,
/// leaves untagged: whether it is a club also before a country's adjective and after أمام
/// or نجم (not التعاون السعودي, cooperation, النصر العراقي, victory, or الرائد, the rank
/// major; الشباب, the youth, is too common to list).
fn ambiguous_club(key: &str) -> Option<bool> {
    match key {
        "الهلال"
        | "الرجاء"
        | "الوداد"
        | "الفتح"
        | "الوصل"
        | "الفيصلي"
        | "الترجي"
        | "المريخ"
        | "الاسماعيلي"
        | "الريان"
        | "الغرافه"
        | "الوحدات"
        | "الفيحاء" => Some(true),
        "الوحده" | "التعاون" | "الاتفاق" | "النصر" | "الرائد" => {
            Some(false)
        }
        _ => None,
    }
}

/// الهلال, النصر, الوحدة as clubs: after a word of football (مدرب الهلال, لاعب النصر, نادي
/// الوحدة; for most also أمام الرجاء, نجم الهلال) or before a country's or town's adjective
/// (الهلال السعودي, الرجاء البيضاوي). Propagation then finds the club's other mentions in the
/// article; الهلال الأحمر and a crescent moon are not in such company.
fn mark_clubs_in_context(
    tokens: &[Token],
    stem_keys: &StemKeys<'_>,
    found: &mut Vec<(usize, usize, EntityType, Vec<String>)>,
    sure: &mut rustc_hash::FxHashSet<usize>,
) {
    let word = |j: usize| {
        tokens
            .get(j)
            .filter(|t| t.kind == TokenKind::Word)
            .map(|_| stem_keys.get(j))
    };
    let mut add = Vec::new();
    for i in 0..tokens.len() {
        let Some((k, strong)) = word(i).and_then(|k| Some((k, ambiguous_club(k)?))) else {
            continue;
        };
        if found.iter().any(|f| f.0 <= i && i < f.1) {
            continue;
        }
        let before = i.checked_sub(1).and_then(word).is_some_and(|p| {
            matches!(
                p,
                "مدرب"
                    | "لاعب"
                    | "لاعبو"
                    | "لاعبي"
                    | "نادي"
                    | "فريق"
                    | "جماهير"
                    | "جمهور"
                    | "مهاجم"
                    | "حارس"
                    | "مدافع"
            ) || (strong && matches!(p, "امام" | "نجم"))
        });
        let after = strong
            && word(i + 1).is_some_and(|n| {
                matches!(
                    n,
                    "السعودي"
                        | "البيضاوي"
                        | "المغربي"
                        | "التونسي"
                        | "السوداني"
                        | "الاردني"
                        | "الاماراتي"
                        | "القطري"
                        | "المصري"
                        | "الكويتي"
                        | "العماني"
                        | "البحريني"
                        | "الليبي"
                        | "السوري"
                        | "العراقي"
                        | "اللبناني"
                        | "الجزائري"
                        | "الساحلي"
                )
            });
        if before || after {
            sure.insert(i);
            add.push((i, i + 1, EntityType::Org, vec![k.to_string()]));
        }
    }
    if !add.is_empty() {
        found.extend(add);
        found.sort_by_key(|f| f.0);
    }
}

/// True for the key of a royal title, which a first name follows (الملك سلمان, الأمير محمد).
fn royal_title(key: &str) -> bool {
    matches!(key, "الملك" | "الامير" | "الاميره" | "الملكه" | "السلطان")
}

/// True for the key of a word that begins the names of clubs before a town's name (اتحاد
/// جدة, وفاق سطيف, استقلال طهران).
fn club_word(key: &str) -> bool {
    matches!(key, "اتحاد" | "وفاق" | "استقلال" | "اهلي")
}

/// True for the stem key of a masculine word for a kind of place, which a relative adjective
/// after the place's name agrees with (ميناء جازان السعودي): not a club's.
fn masculine_place_kind(key: &str) -> bool {
    matches!(
        key,
        "ميناء"
            | "مرفا"
            | "منتجع"
            | "جيب"
            | "سد"
            | "اقليم"
            | "وادي"
            | "مطار"
            | "مضيق"
            | "جبل"
            | "نهر"
            | "خليج"
            | "قطاع"
            | "ريف"
            | "حي"
            | "شارع"
            | "معبر"
            | "مخيم"
            | "ساحل"
            | "منفذ"
            | "قضاء"
            | "مركز"
            | "سجن"
            | "فندق"
            | "مؤتمر"
            | "منتدي"
            | "مهرجان"
            | "معرض"
            | "سوق"
    )
}

/// True for the key of a word for a storm, which a storm's name follows (إعصار, العاصفة).
fn storm_kind(key: &str) -> bool {
    matches!(
        key.strip_prefix("ال").unwrap_or(key),
        "اعصار" | "عاصفه" | "تيفون"
    )
}

/// True for the key of a word for a kind of disease or pathogen that a disease's name
/// follows (فيروس, فايروس, وباء, جائحة, مرض, داء, حمى, متحور, سلالة).
fn disease_kind(key: &str) -> bool {
    matches!(
        key,
        "فيروس"
            | "فايروس"
            | "وباء"
            | "جائحه"
            | "مرض"
            | "داء"
            | "حمي"
            | "متحور"
            | "سلاله"
    )
}

/// True when a person's name `a..b` of a sentence's tokens `toks` (tagged `tags`, keys in
/// `scratch`) ends with a kunya (ابو مهدي, ابو عبد الله) and the next word is its laqab or
/// nisba: a definite nisba or participle without proclitics (المهندس, الزرقاوي) that the
/// tagger left out, and that is not a description. A definite word followed by a definite word or a
/// preposition describes the name instead (ابو مازن الرئيس الفلسطيني, ابو عبيدة الناطق
/// باسم...), and relative pronouns, weekdays and time words never name.
fn kunya_laqab(
    scratch: &ner::features::Scratch,
    toks: &[Token],
    tags: &[ner::Tag],
    a: usize,
    b: usize,
) -> bool {
    let is_abu = |k: &str| matches!(k, "ابو" | "ابي" | "ابا");
    let definite = |k: &str| k.starts_with("ال");
    // ابو X, or ابو عبد X, at the end of the name.
    let kunya = (b >= a + 2 && is_abu(scratch.stem_key(b - 2)) && !definite(scratch.key(b - 1)))
        || (b >= a + 3 && is_abu(scratch.stem_key(b - 3)) && scratch.key(b - 2) == "عبد");
    kunya && laqab_at(scratch, toks, tags, b)
}

/// True when token `b`, outside any entity of the tagger, is a laqab that continues the name
/// ending before it: a definite nisba or participle (الزرقاوي, المهندس) followed by what can
/// follow a name.
fn laqab_at(scratch: &ner::features::Scratch, toks: &[Token], tags: &[ner::Tag], b: usize) -> bool {
    let definite = |k: &str| k.starts_with("ال");
    let word = |k: usize| toks.get(k).is_some_and(|t| t.kind == TokenKind::Word);
    if !word(b) || tags.get(b) != Some(&0) {
        return false;
    }
    let w = scratch.key(b);
    if w != scratch.stem_key(b) || !definite(w) || w.chars().count() < 5 || not_a_laqab(w) {
        return false;
    }
    // A nisba (الزرقاوي, المصري) or a participle (المهندس, المهاجر); not another definite
    // noun, such as the object of a verb before the name (تولى سامر أبو طالب التلحين).
    if !(w.ends_with('ي') || w.starts_with("الم")) {
        return false;
    }
    // What follows a laqab: punctuation, the end, a verb, an undefined noun (نائب رئيس...),
    // a word with و or ف, في (ابو مهدي المهندس في غارة); not a definite word, a word with ب,
    // ل or ك, or the prepositions that complete a description (المقرب من, المسؤول عن).
    if !word(b + 1) {
        return true;
    }
    let (next, next_stem) = (scratch.key(b + 1), scratch.stem_key(b + 1));
    let attached = next != next_stem && !next.starts_with(['و', 'ف']);
    !(definite(next) || attached || matches!(next, "من" | "عن" | "لدي" | "باسم"))
}

/// True for the key of a word that makes a name with الله after it (فتح الله, عبد الله, ولي
/// الله).
fn before_allah(key: &str) -> bool {
    matches!(
        key,
        "فتح"
            | "نصر"
            | "فضل"
            | "عبد"
            | "جار"
            | "خير"
            | "عطا"
            | "هبه"
            | "سعد"
            | "ولي"
            | "حمد"
    )
}

/// Definite words that follow names without naming: relative pronouns, weekdays, time words,
/// participles of roles (المتحدث, المسؤول, المرشح...).
fn not_a_laqab(key: &str) -> bool {
    dates::weekday(key).is_some()
        || matches!(
            key,
            "الذي"
            | "التي"
            | "الذين"
            | "اللذين"
            | "اللتين"
            | "اللذان"
            | "اللتان"
            | "اللواتي"
            | "اللاتي"
            | "الان"
            | "اليوم"
            | "الليله"
            | "الاسبوع"
            | "الشهر"
            | "العام"
            | "السنه"
            | "الماضي"
            | "المقبل"
            | "الحالي"
            // Participles of roles and states, which describe a name they follow.
            | "المتحدث"
            | "المسؤول"
            | "المرشح"
            | "المقرب"
            | "المقيم"
            | "المعتقل"
            | "المتهم"
            | "المطلوب"
            | "المكلف"
            | "المدير"
            | "المنسق"
            | "المستشار"
            | "المبعوث"
            | "المندوب"
            | "الممثل"
            | "المحلل"
            | "المراقب"
            | "المعارض"
            | "المنشق"
            | "المتوفي"
            | "المولود"
        )
}

/// Whether two word keys one edit apart are two names, not one spelt two ways: the corpus
/// has both, and not both look transliterated. محمد and محمود, سعيد and سعد, سعدية and سعودية
/// are names of their own; ترامب and ترمب, بوتين and بوتن spell one foreign name; بلنكن, which
/// the corpus never saw, is a slip for بلينكن.
fn two_names(lex: &khabar_morph::Lexicon, a: &str, b: &str) -> bool {
    let mut sk = khabar_morph::Skeleton::default();
    let mut seen_foreign = |k: &str| {
        sk.fill(k);
        let mut freq = lex.freq(&sk.key);
        // Keys fold ة to ه; the lexicon's do not.
        if freq == 0
            && let Some(stem) = k.strip_suffix('ه')
        {
            sk.fill(&format!("{stem}ة"));
            freq = lex.freq(&sk.key);
        }
        (freq > 0, lex.foreign().score(&sk.chars) > 0.0)
    };
    let (seen_a, foreign_a) = seen_foreign(a);
    let (seen_b, foreign_b) = seen_foreign(b);
    seen_a && seen_b && !(foreign_a && foreign_b)
}

/// Drops tashkeel and tatweel from a canonical form, keeping its letters as written.
fn strip_marks(s: &str) -> String {
    s.chars()
        .filter(|&c| !khabar_morph::skeleton::is_ignorable(c))
        .collect()
}

/// The canonical form without a leading title word (الوزير فؤاد حسين -> فؤاد حسين).
fn canonical_without_title(c: &str, keys: &[String]) -> String {
    let kept = link::strip_titles(keys).len();
    let drop = keys.len() - kept;
    if drop == 0 {
        return c.to_string();
    }
    c.split_whitespace()
        .skip(drop)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The embedded recogniser, or `None` (with a message) in a build without an entity model.
    fn embedded() -> Option<&'static Recognizer> {
        let r = Recognizer::embedded();
        if r.model().is_empty() {
            eprintln!("skipping: built without an entity model");
            return None;
        }
        Some(r)
    }

    #[test]
    fn the_embedded_recognizer_loads_and_tags() {
        let Some(r) = embedded() else { return };
        assert!(r.gazetteer().len() > 10_000);
        let mut buf = Buffers::default();
        let mut tags = Vec::new();
        let words = ["قال", "وزير", "الخارجية", "فؤاد", "حسين", "في", "بغداد"];
        r.tag(&words, None, &mut buf, &mut tags);
        let spans = ner::spans(&tags);
        assert_eq!(spans, [(3, 5, EntityType::Per), (6, 7, EntityType::Loc)]);
    }

    /// The per-word cache of a reused buffer gives what fresh buffers give: for repeated
    /// words, for a word too long to cache, and across sentences that refill the cache.
    #[test]
    fn reused_buffers_tag_as_fresh_ones() {
        let Some(r) = embedded() else { return };
        let sentences: [&[&str]; 3] = [
            &["قال", "وزير", "الخارجية", "فؤاد", "حسين", "في", "بغداد"],
            &[
                "والاستراتيجياتالمتعددة",
                "التقى",
                "فؤاد",
                "حسين",
                "نظيره",
                "في",
                "واشنطن",
            ],
            &[
                "وصل",
                "فؤاد",
                "حسين",
                "الى",
                "بغداد",
                "والاستراتيجياتالمتعددة",
            ],
        ];
        let mut reused = Buffers::default();
        for round in 0..3 {
            for words in sentences {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                r.tag(words, None, &mut reused, &mut a);
                r.tag(words, None, &mut Buffers::default(), &mut b);
                assert_eq!(a, b, "round {round}: {words:?}");
                for (k, w) in words.iter().enumerate() {
                    let mut fresh = Buffers::default();
                    r.tag(words, None, &mut fresh, &mut b);
                    assert_eq!(reused.scratch.key(k), fresh.scratch.key(k), "{w}");
                    assert_eq!(reused.scratch.stem_key(k), fresh.scratch.stem_key(k), "{w}");
                }
            }
        }
        // The emission scores, not only the best tags.
        let words = sentences[1];
        let mut fresh = Buffers::default();
        let mut tags = Vec::new();
        r.tag(words, None, &mut fresh, &mut tags);
        r.tag(words, None, &mut reused, &mut tags);
        assert_eq!(reused.scores, fresh.scores);
    }

    #[test]
    fn country_adjectives_one_letter_stems_and_names_beginning_like_a_clitic() {
        // Text written for this test.
        let found = entities_of(
            "شنت القوات الحكومية هجوما بدعم روسي على المدينة. وقال المخرج الأمريكي سبايك لي \
             إن الفيلم جيد. قال وزير الخارجية الفرنسي جان إيف لودريان إن بلاده مستعدة. وأضاف \
             لودريان أن الحل سياسي.",
        );
        // روسي is the adjective of روسيا; لي (ل + ي to the segmenter) ends Spike Lee's name;
        // لودريان keeps its ل, as the full name writes it.
        assert_eq!(
            found,
            [
                ("سبايك لي", EntityType::Per),
                ("جان إيف لودريان", EntityType::Per),
                ("لودريان", EntityType::Per)
            ]
        );
    }

    #[test]
    fn weekdays_and_paired_months_are_no_names() {
        // Text written for this test.
        let found = entities_of(
            "قال وزير الخارجية الأمريكي مايك بومبيو الخميس إن الحل قريب. والخميس، نشرت الحكومة \
             بيانا. وأقر البرلمان القانون في منتصف نيسان/أبريل. وأجرت المستشارة الألمانية \
             أنغيلا ميركل الخميس محادثات مع العاهل الأردني.",
        );
        assert_eq!(
            found,
            // مايك بومبيو whole: a name harvested from news (the tagger gives بومبيو).
            [("مايك بومبيو", EntityType::Per), ("ميركل", EntityType::Per)]
        );
    }

    #[test]
    fn what_a_number_counts_is_no_name() {
        // Text written for this test.
        let text = "وطردت بريطانيا 23 روسيا، وتبعد القرية 300 كيلومتر عن العاصمة، وتنتج المحطة \
                    60 ميغاواط، وبطارية الهاتف 3300 ميلي أمبير. وأقيم مونديال 2018 روسيا. \
                    النتائج: المجموعة 1 ليبيا 0-1 تونس، الكاميرون 1-1 زامبيا.";
        let found = entities_of(text);
        assert!(found.contains(&("بريطانيا", EntityType::Loc)), "{found:?}");
        assert!(
            !found
                .iter()
                .any(|(t, _)| ["كيلومتر", "ميغاواط", "ميلي", "ميلي أمبير"].contains(t)),
            "{found:?}"
        );
        // 23 Russians, not Russia; after a year, the country.
        let russia: Vec<usize> = entities_of_at(text, "روسيا");
        assert_eq!(russia, [text.rfind("روسيا").unwrap()], "{found:?}");
        // Results: a group's number and a score come before the country.
        assert!(found.contains(&("ليبيا", EntityType::Loc)), "{found:?}");
        assert!(found.contains(&("زامبيا", EntityType::Loc)), "{found:?}");
    }

    /// The byte offsets of the entities whose text is `name`.
    fn entities_of_at(text: &str, name: &str) -> Vec<usize> {
        let r = Recognizer::embedded();
        let (a, morph) = analysed(r, text);
        r.entities(text, &a.tokens, &a.sentences, &morph)
            .iter()
            .filter(|e| &text[e.span.range()] == name)
            .map(|e| e.span.start as usize)
            .collect()
    }

    #[test]
    fn allah_in_a_compound_name_is_part_of_it() {
        // Text written for this test: the tagger gives الله (MISC) and غولن (PER) apart.
        let found =
            entities_of("اتهمت أنقرة الداعية فتح الله غولن بتدبير المحاولة. ونفى غولن ذلك.");
        assert_eq!(
            found,
            [
                ("أنقرة", EntityType::Loc),
                ("فتح الله غولن", EntityType::Per),
                ("غولن", EntityType::Per)
            ]
        );
    }

    #[test]
    fn a_name_written_whole_elsewhere_joins_its_pieces() {
        // Text written for this test: the tagger finds دونالد (as a place) and ترامب apart in
        // the last sentence.
        let found = entities_of(
            "أعلن الرئيس الأمريكي دونالد ترامب فرض رسوم جديدة. وقال ترامب إن الصين ستدفع. \
             وأبلغ الوزير رئيس البلاد دونالد ترامب بالأمر.",
        );
        assert_eq!(
            found,
            [
                ("دونالد ترامب", EntityType::Per),
                ("ترامب", EntityType::Per),
                ("الصين", EntityType::Loc),
                ("دونالد ترامب", EntityType::Per)
            ]
        );
    }

    /// The entities of `text` (its slice and type each), as the pipeline finds them.
    fn entities_of(text: &str) -> Vec<(&str, EntityType)> {
        let r = Recognizer::embedded();
        let (a, morph) = analysed(r, text);
        r.entities(text, &a.tokens, &a.sentences, &morph)
            .iter()
            .map(|e| (&text[e.span.range()], e.ty))
            .collect()
    }

    /// The text layer and clitic analyses of `text`, as the pipeline gives them.
    fn analysed(r: &Recognizer, text: &str) -> (khabar_text::TextAnalysis, WordAnalyses) {
        let a = khabar_text::TextPipeline::default().analyze(text).unwrap();
        let mut morph = WordAnalyses::default();
        r.seg.analyze_tokens(text, &a.tokens, &mut morph);
        (a, morph)
    }

    /// Each word's key as [`StemKeys`] holds them (the whole word's: the tests' names have no
    /// clitics).
    fn word_keys(text: &str, tokens: &[Token]) -> (String, Vec<std::ops::Range<usize>>) {
        let mut stems = String::new();
        let mut at = vec![0..0; tokens.len()];
        for (i, t) in tokens.iter().enumerate() {
            if t.kind == TokenKind::Word {
                let start = stems.len();
                stems.push_str(&norm::key(t.span.slice(text).unwrap_or_default()));
                at[i] = start..stems.len();
            }
        }
        (stems, at)
    }

    /// A name after a word for a kind of place is a place, after one for a kind of
    /// organisation an organisation, whatever the tagger's type.
    #[test]
    fn a_name_after_a_kind_of_place_is_a_place() {
        let Some(r) = embedded() else { return };
        let text = "وقعت انفجارات في العاصمة بغداد ومحافظة صلاح الدين أمس.";
        let (a, morph) = analysed(r, text);
        let e = r.entities(text, &a.tokens, &a.sentences, &morph);
        let place = e
            .iter()
            .find(|e| e.span.slice(text) == Some("صلاح الدين"))
            .unwrap_or_else(|| panic!("{e:?}"));
        assert_eq!(place.ty, EntityType::Loc);
        assert!(place_kind("محافظه") && place_kind(&norm::key("إقليم")));
        assert!(!place_kind("الرئيس"));
        assert!(organisation_kind("تنظيم") && !organisation_kind("قناه"));
    }

    /// The entities of `text` as (text, type, Latin form).
    fn found(r: &Recognizer, text: &str) -> Vec<(String, EntityType, Option<String>)> {
        let (a, morph) = analysed(r, text);
        r.entities(text, &a.tokens, &a.sentences, &morph)
            .into_iter()
            .map(|e| {
                let s = e.span.slice(text).unwrap_or_default().to_string();
                (s, e.ty, e.latin)
            })
            .collect()
    }

    /// A foreign name spelt otherwise than the lists spell it takes their Latin form; an Arabic
    /// name is not varied so.
    #[test]
    fn other_spellings_of_a_foreign_name_take_its_latin_form() {
        let Some(r) = embedded() else { return };
        let e = found(r, "وقال الرئيس الأمريكي دونالد ترمب إن بلاده ستنسحب.");
        let trump = e.iter().find(|x| x.0 == "دونالد ترمب");
        assert_eq!(
            trump.and_then(|x| x.2.as_deref()),
            Some("Donald Trump"),
            "{e:?}"
        );
        let foreign = r.seg.lexicon().foreign();
        assert!(link::foreign_spellings("محمد", foreign).is_empty());
        // The index's test agrees with the spellings made one by one.
        for name in ["دونالد ترامب", "فلاديمير بوتين", "ماريا زاخاروفا"]
        {
            let made = link::foreign_spellings(name, foreign);
            assert!(!made.is_empty(), "{name}");
            for v in &made {
                assert_eq!(
                    link::without_long_vowels(v),
                    link::without_long_vowels(name)
                );
                assert!(link::is_foreign_spelling(name, v, foreign), "{name}: {v}");
            }
        }
        assert!(!link::is_foreign_spelling("حسن علي", "حسين علي", foreign));
        assert!(!link::is_foreign_spelling(
            "دونالد ترامب",
            "دونالد ترامب",
            foreign
        ));
        assert!(!link::is_foreign_spelling(
            "دونالد ترامب",
            "دونلد ترمب",
            foreign
        ));
    }

    /// Whether `found` entities have `name` with type `ty`.
    fn has_in(found: &[(String, EntityType, Option<String>)], name: &str, ty: EntityType) -> bool {
        found.iter().any(|x| x.0 == name && x.1 == ty)
    }

    /// The texts of the people among `found` entities.
    fn people(found: &[(String, EntityType, Option<String>)]) -> Vec<&str> {
        found
            .iter()
            .filter(|e| e.1 == EntityType::Per)
            .map(|e| e.0.as_str())
            .collect()
    }

    /// The names of khabar's list of people and places are found whole, with their type and
    /// Latin form, where the tagger cuts them at a word that is also Arabic (أون, إن, شي).
    #[test]
    fn own_people_and_places_are_found_whole() {
        let Some(r) = embedded() else { return };
        let text = "التقى الزعيم الكوري الشمالي كيم جونغ أون الرئيس الكوري الجنوبي مون جيه-إن \
                    في بيونغ يانغ، وقال الرئيس الصيني شي جين بينغ إن المحادثات مفيدة. \
                    وأضاف كيم أن بيونغ يانغ مستعدة.";
        let e = found(r, text);
        let has = |name: &str, ty: EntityType, latin: &str| {
            assert!(
                e.iter()
                    .any(|x| x.0 == name && x.1 == ty && x.2.as_deref() == Some(latin)),
                "{name}: {e:?}"
            );
        };
        has("كيم جونغ أون", EntityType::Per, "Kim Jong Un");
        has("مون جيه-إن", EntityType::Per, "Moon Jae-in");
        has("شي جين بينغ", EntityType::Per, "Xi Jinping");
        has("بيونغ يانغ", EntityType::Loc, "Pyongyang");
        let e2 = found(
            r,
            "وقال وزير الخارجية الفرنسي جان إيف لو دريان، الاثنين، إن الحل سياسي.",
        );
        assert!(has_in(&e2, "جان إيف لو دريان", EntityType::Per), "{e2:?}");
        assert!(
            !e.iter()
                .any(|x| x.0 == "بيونغ يانغ" && x.1 != EntityType::Loc),
            "{e:?}"
        );
        // Full stops join the letters of an acronym as hyphens join the parts of a name.
        let e = found(r, "ونقلت شبكة \"سي.إن.إن\" عن مسؤول قوله إن الوضع هادئ.");
        assert!(
            e.iter()
                .any(|x| x.0 == "سي.إن.إن" && x.1 == EntityType::Org),
            "{e:?}"
        );
    }

    /// An entity the tagger finds in a piece of a dotted acronym covers the whole acronym.
    #[test]
    fn dotted_acronyms_are_whole() {
        let Some(r) = embedded() else { return };
        let text = "وأبلغ جولياني محطة (إيه.بي.سي) التلفزيونية أن مكتب التحقيقات الاتحادي \
                    (إف.بي.آي) يحقق، واتهمت واشنطن شركة زد.تي.إي بانتهاك الاتفاق.";
        let e = found(r, text);
        let pieces: Vec<_> = e
            .iter()
            .filter(|x| {
                ["بي", "سي", "إف", "تي", "إي", "زد"]
                    .iter()
                    .any(|p| x.0.contains(p))
            })
            .map(|x| x.0.as_str())
            .collect();
        assert!(!pieces.is_empty(), "{e:?}");
        for p in pieces {
            assert!(
                matches!(p, "إيه.بي.سي" | "إف.بي.آي" | "زد.تي.إي"),
                "{p}: {e:?}"
            );
        }
    }

    /// The place a title is of is not part of the name after it: رئيس جمهورية رواندا بول
    /// كاغامي is the place رواندا and the person بول كاغامي; الخليل بن أحمد stays a person.
    #[test]
    fn a_place_before_a_persons_name_is_apart() {
        let Some(r) = embedded() else { return };
        let e = found(
            r,
            "وقال رئيس جمهورية رواندا بول كاغامي إن الاتحاد الأفريقي سيجتمع. وقال المدعي العام في نانت بيار سينيس إن التحقيق بدأ.",
        );
        for (name, ty) in [
            ("رواندا", EntityType::Loc),
            ("بول كاغامي", EntityType::Per),
            ("نانت", EntityType::Loc),
            ("بيار سينيس", EntityType::Per),
        ] {
            assert!(has_in(&e, name, ty), "{name}: {e:?}");
        }
    }

    /// A person's name that the tagger splits in two (خوسيه + أنطونيو ميد) is one, unless the
    /// document writes the first part alone as a whole name elsewhere.
    #[test]
    fn a_name_split_in_two_is_joined() {
        // Names that no list of khabar's holds, so that only the rule joins them.
        let Some(r) = embedded() else { return };
        let e = found(r, "وقال مرشح الحزب الحاكم خوسيه أنطونيو ميد إنه سيفوز.");
        assert!(has_in(&e, "خوسيه أنطونيو ميد", EntityType::Per), "{e:?}");
        let e = found(
            r,
            "وقال خوسيه إن الحزب سيفوز. وقال مرشح الحزب الحاكم خوسيه أنطونيو ميد إنه سيفوز.",
        );
        assert!(has_in(&e, "أنطونيو ميد", EntityType::Per), "{e:?}");
        assert!(!has_in(&e, "خوسيه أنطونيو ميد", EntityType::Per), "{e:?}");
    }

    /// The names of khabar's own lists are also found written in Latin letters, as the lists
    /// write them, with their Latin form: CNN in a dateline, not cnn.
    #[test]
    fn own_names_in_latin_letters_are_found_as_written() {
        let Some(r) = embedded() else { return };
        let text = "دبي، الإمارات العربية المتحدة (CNN) -- أعلنت شركة Google أن نادي Paris Saint-Germain وقع معها، وقالت شبكة cnn إن Kim Jong Un وصل.";
        let e = found(r, text);
        let got = |name: &str| e.iter().find(|x| x.0 == name);
        for (name, ty) in [
            ("CNN", EntityType::Org),
            ("Google", EntityType::Org),
            ("Paris Saint-Germain", EntityType::Org),
            ("Kim Jong Un", EntityType::Per),
        ] {
            let x = got(name).unwrap_or_else(|| panic!("{name}: {e:?}"));
            assert_eq!(x.1, ty, "{name}");
            assert_eq!(x.2.as_deref(), Some(name), "{name}");
        }
        assert!(got("cnn").is_none(), "{e:?}");
    }

    /// The names of khabar's own list of organisations are organisations wherever they occur,
    /// whole (فيلق القدس, not the place القدس inside it) and without their proclitics.
    #[test]
    fn own_organisations_are_found_whole() {
        let Some(r) = embedded() else { return };
        let text = "قتل قائد فيلق القدس في غارة، ونشرت هيئة الحشد الشعبي بيانا على تويتر وفيسبوك.";
        let e = found(r, text);
        for name in ["فيلق القدس", "هيئة الحشد الشعبي", "تويتر", "فيسبوك"]
        {
            assert!(
                e.iter()
                    .any(|(s, ty, _)| s == name && *ty == EntityType::Org),
                "{name}: {e:?}"
            );
        }
        assert!(!e.iter().any(|(s, _, _)| s == "القدس"), "{e:?}");
        // فيس بوك (names.tsv), which the tagger takes for a person.
        let e = found(
            r,
            "ونشرت الممثلة مقطع فيديو على صفحتها على موقع فيس بوك أمس.",
        );
        assert!(has_in(&e, "فيس بوك", EntityType::Org), "{e:?}");
        // بوروسيا, which the segmenter reads as ب + وروسيا, keeps its first letter.
        let e = found(r, "فاز بايرن ميونخ على بوروسيا دورتموند في الدوري.");
        assert!(
            e.iter()
                .any(|(s, ty, _)| s == "بوروسيا دورتموند" && *ty == EntityType::Org),
            "{e:?}"
        );
        // The list is read at run time; every line has a name, a tab and a Latin form.
        let lines = ORGANISATIONS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        let names: Vec<_> = own_organisations().collect();
        assert_eq!(names.len(), lines);
        assert!(names.len() > 100, "{}", names.len());
        assert!(names.contains(&("داعش", "ISIS")));
        assert!(
            names
                .iter()
                .all(|(a, l)| !a.is_empty() && !l.is_empty() && !l.contains('\t'))
        );
        let keys = own_name_keys(false);
        let whole = |k: &str| keys.get(&norm::key(k)).map(|n| n.map(|(ty, _)| ty));
        assert_eq!(whole("الحرس الثوري الإيراني"), Some(Some(EntityType::Org)));
        assert_eq!(whole("الحرس الثوري"), Some(Some(EntityType::Org)));
        assert_eq!(whole("فيلق"), Some(None));
        assert_eq!(whole("كيم جونغ أون"), Some(Some(EntityType::Per)));
        assert_eq!(whole("بيونغ يانغ"), Some(Some(EntityType::Loc)));
        // Every line of the list of people and places has a name, a Latin form and a type.
        let lines = NAMES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert_eq!(own_names().count(), lines);
    }

    /// Names the tagger cuts or invents: ولي [الله سيف], [عبد] الملك, لشبه [الجزيرة
    /// الكورية] (the broadcaster), [منظمة إرهابية] (no one).
    #[test]
    fn names_cut_short_or_generic() {
        let Some(r) = embedded() else { return };
        let text = "وقال محافظ البنك المركزي ولي الله سيف إن المفاوضات جارية. وقال زعيم \
                    المتمردين عبد الملك الحوثي إن الاتفاق خيانة. وتعتبر أنقرة الحزب منظمة \
                    إرهابية. وهذا تحول لشبه الجزيرة الكورية.";
        let e = found(r, text);
        assert!(has_in(&e, "ولي الله سيف", EntityType::Per), "{e:?}");
        assert!(has_in(&e, "عبد الملك", EntityType::Per), "{e:?}");
        assert!(!e.iter().any(|x| x.0.contains("إرهابية")), "{e:?}");
        assert!(has_in(&e, "شبه الجزيرة الكورية", EntityType::Loc), "{e:?}");
        let e = found(
            r,
            "تبقى الكهوف والجبال. لكن عبد الملك الحوثي، قد لا يكون هناك.",
        );
        assert!(
            e.iter()
                .any(|x| x.0.starts_with("عبد ") && x.1 == EntityType::Per),
            "{e:?}"
        );
        assert!(!e.iter().any(|x| x.0 == "عبد"), "{e:?}");
    }

    /// بن, آل and أبو end no name, and سعيد after أنا or before جدا is happy, not Said.
    #[test]
    fn names_end_after_bin_and_al_and_adjectives_are_none() {
        let Some(r) = embedded() else { return };
        let text = "وسجل المهاجم المغربي أشرف بن شرقي الهدف الثاني. وأصدر تركي آل الشيخ رئيس \
                    الهيئة العامة للرياضة قرارا جديدا. وقال المدرب: أنا سعيد جدا بأداء \
                    اللاعبين. ثم قال سعيد الحربي إنه سعيد للغاية بالفوز.";
        let e = found(r, text);
        assert!(has_in(&e, "أشرف بن شرقي", EntityType::Per), "{e:?}");
        assert!(has_in(&e, "تركي آل الشيخ", EntityType::Per), "{e:?}");
        assert!(has_in(&e, "سعيد الحربي", EntityType::Per), "{e:?}");
        assert!(!e.iter().any(|x| x.0 == "سعيد"), "{e:?}");
        assert!(
            !e.iter()
                .any(|x| x.0.ends_with(" بن") || x.0.ends_with(" آل")),
            "{e:?}"
        );
    }

    /// A name written as a hashtag is an entity without its #, linked to the document's other
    /// mentions; a common word or an unknown phrase is none.
    #[test]
    fn hashtags_that_are_names() {
        let Some(r) = embedded() else { return };
        let text = "قال الرئيس الأمريكي دونالد ترمب إن #ترمب لن يتراجع. ونشرت #بريطانيا بيانا \
                    عن معارك في مديرية #الظاهر، ورد #حزب_الله على #الاحتلال و#الشرطة.";
        let (a, morph) = analysed(r, text);
        let e = r.entities(text, &a.tokens, &a.sentences, &morph);
        let got: Vec<(&str, EntityType, &str)> = e
            .iter()
            .map(|x| {
                (
                    x.span.slice(text).unwrap_or_default(),
                    x.ty,
                    x.canonical.as_str(),
                )
            })
            .collect();
        let has = |s: &str, ty| got.iter().any(|g| g.0 == s && g.1 == ty);
        assert!(has("بريطانيا", EntityType::Loc), "{got:?}");
        assert!(has("الظاهر", EntityType::Loc), "{got:?}");
        assert!(has("حزب_الله", EntityType::Org), "{got:?}");
        assert!(
            !got.iter()
                .any(|g| g.0.contains("الاحتلال") || g.0.contains("الشرطة")),
            "{got:?}"
        );
        let trump: Vec<_> = e.iter().filter(|x| x.canonical == "دونالد ترمب").collect();
        assert_eq!(trump.len(), 2, "{got:?}");
        assert_eq!(trump[0].cluster, trump[1].cluster, "{got:?}");
        assert!(got.iter().any(|g| g.2 == "حزب الله"), "{got:?}");
    }

    /// A first name before a hashtag of its surname (أنجيلا #ميركل, as Al Arabiya writes
    /// people) is one name, whose surname alone later is the same person; a common word after
    /// a first name is no surname.
    #[test]
    fn first_names_before_a_surname_hashtag() {
        let Some(r) = embedded() else { return };
        let text = "التقت المستشارة الألمانية أنجيلا #ميركل بالرئيس الفرنسي إيمانويل #ماكرون في \
                    برلين. وقالت ميركل إن المحادثات كانت مثمرة، وأكد ماكرون ذلك. وقال محمد \
                    #السينما إن الفيلم جيد.";
        let (a, morph) = analysed(r, text);
        let e = r.entities(text, &a.tokens, &a.sentences, &morph);
        let got: Vec<(&str, &str, u32)> = e
            .iter()
            .map(|x| {
                (
                    x.span.slice(text).unwrap_or_default(),
                    x.canonical.as_str(),
                    x.cluster,
                )
            })
            .collect();
        let of = |s: &str| got.iter().filter(|g| g.0 == s).collect::<Vec<_>>();
        for (joined, alone, canonical) in [
            ("أنجيلا #ميركل", "ميركل", "أنجيلا ميركل"),
            ("إيمانويل #ماكرون", "ماكرون", "إيمانويل ماكرون"),
        ] {
            let (j, s) = (of(joined), of(alone));
            assert_eq!((j.len(), s.len()), (1, 1), "{got:?}");
            assert_eq!(j[0].1, canonical, "{got:?}");
            assert_eq!(j[0].2, s[0].2, "{got:?}");
        }
        assert!(!got.iter().any(|g| g.0.contains("السينما")), "{got:?}");
    }

    /// A name of several words ends with its last word whole: بارنيه is no بارني + ه.
    #[test]
    fn a_name_of_several_words_takes_no_pronoun() {
        let Some(r) = embedded() else { return };
        let text = "وقال المفوض ميشيل بارنيه إن المفاوضات صعبة.";
        let (a, morph) = analysed(r, text);
        let e = r.entities(text, &a.tokens, &a.sentences, &morph);
        let got: Vec<&str> = e
            .iter()
            .map(|x| x.span.slice(text).unwrap_or_default())
            .collect();
        assert_eq!(got, ["ميشيل بارنيه"]);
        assert_eq!(e[0].canonical, "ميشيل بارنيه");
    }

    /// A club whose name is a common word is an organisation after a word of football or
    /// before a country's adjective, and then in the rest of the article; الهلال الأحمر, the
    /// youth (الشباب) and التعاون السعودي (cooperation) are not clubs.
    #[test]
    fn clubs_named_by_common_words() {
        let Some(r) = embedded() else { return };
        let clubs = |text: &str| -> Vec<String> {
            let (a, morph) = analysed(r, text);
            r.entities(text, &a.tokens, &a.sentences, &morph)
                .into_iter()
                .filter(|e| e.ty == EntityType::Org)
                .map(|e| e.span.slice(text).unwrap_or_default().to_string())
                .collect()
        };
        let got = clubs(
            "فاز الهلال السعودي على ضيفه بهدفين. وقال مدرب الهلال إن فريقه قدم مباراة كبيرة. \
             وتصدر الهلال جدول الترتيب.",
        );
        assert_eq!(got, ["الهلال", "الهلال", "الهلال"]);
        let got = clubs(
            "وأشاد الوزير بالتعاون السعودي الأميركي، وبدور الشباب السعودي، وبجمعية الهلال \
             الأحمر.",
        );
        assert!(
            !got.iter()
                .any(|c| c == "الهلال" || c.contains("التعاون") || c.contains("الشباب")),
            "{got:?}"
        );
    }

    /// A country named with a point of the compass is one place (جنوب إفريقيا, جنوب السودان);
    /// the south of a country or the north of a continent is that country or continent.
    #[test]
    fn places_named_with_a_point_of_the_compass() {
        let Some(r) = embedded() else { return };
        let text = "وسافر المنتخب إلى جنوب إفريقيا للمشاركة. وقصفت الطائرات جنوب لبنان. وانفصل \
                    جنوب السودان عام 2011. وتعاني دول شمال أفريقيا من الجفاف.";
        let (a, morph) = analysed(r, text);
        let got: Vec<String> = r
            .entities(text, &a.tokens, &a.sentences, &morph)
            .into_iter()
            .filter(|e| e.ty == EntityType::Loc)
            .map(|e| e.span.slice(text).unwrap_or_default().to_string())
            .collect();
        assert_eq!(got, ["جنوب إفريقيا", "لبنان", "جنوب السودان", "أفريقيا"]);
    }

    /// A king's or prince's first name (الملك سلمان) is his, not the surname of another
    /// person of the article (محمد بن سلمان).
    #[test]
    fn a_royal_first_name_is_no_surname() {
        let Some(r) = embedded() else { return };
        let text = "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز ولي العهد الأمير محمد \
                    بن سلمان. وكان الملك سلمان قد أصدر أمرا ملكيا.";
        let (a, morph) = analysed(r, text);
        let e = r.entities(text, &a.tokens, &a.sentences, &morph);
        let king: Vec<_> = e
            .iter()
            .filter(|x| x.span.slice(text) == Some("سلمان"))
            .collect();
        assert_eq!(king.len(), 1, "{e:?}");
        assert_eq!(king[0].canonical, "سلمان بن عبدالعزيز", "{e:?}");
    }

    /// A month's name after شهر, or before المبارك, is the month, not a person named so
    /// elsewhere in the article (محمد رمضان).
    #[test]
    fn a_month_is_no_surname() {
        let Some(r) = embedded() else { return };
        let text = "قال الفنان محمد رمضان إن مسلسله الجديد سيعرض في شهر رمضان المقبل. وأضاف \
                    رمضان أن التصوير انتهى قبل رمضان المبارك.";
        let (a, morph) = analysed(r, text);
        let e = r.entities(text, &a.tokens, &a.sentences, &morph);
        let starts: Vec<usize> = e
            .iter()
            .filter(|x| x.canonical == "محمد رمضان")
            .map(|x| text[..x.span.start as usize].chars().count())
            .collect();
        // محمد رمضان, then رمضان after وأضاف; not the month twice.
        assert_eq!(starts.len(), 2, "{e:?}");
        assert!(!e.iter().any(|x| {
            let s = x.span.slice(text).unwrap_or_default();
            s == "رمضان" && text[..x.span.start as usize].ends_with("شهر ")
        }));
    }

    /// A name and its abbreviation or kunya in brackets (or quotation marks; a nickname there)
    /// are one entity, and so are places or
    /// organisations whose Latin forms agree; a body named by its parent, an abbreviation of a
    /// longer phrase and a role in brackets are not.
    #[test]
    fn brackets_quotes_and_latin_forms_link_names() {
        let Some(r) = embedded() else { return };
        let clusters = |text: &str| {
            let (a, morph) = analysed(r, text);
            r.entities(text, &a.tokens, &a.sentences, &morph)
                .into_iter()
                .map(|e| {
                    let s = e.span.slice(text).unwrap_or_default().to_string();
                    (s, e.cluster, e.canonical)
                })
                .collect::<Vec<_>>()
        };
        let one = |got: &[(String, u32, String)], a: &str, b: &str| {
            let c = |n: &str| got.iter().find(|g| g.0 == n).map(|g| g.1);
            c(a).is_some() && c(a) == c(b)
        };
        let got = clusters(
            "وقال الرئيس الفلسطيني محمود عباس (أبو مازن) إن أبو مازن لن يوافق. ووصل وفد \
             من الإمارات العربية المتحدة، وقالت الإمارات إنها ترحب. واتهم مكتب التحقيقات \
             الفدرالي (إف بي آي) شركة غوغل، وردت جوجل على إف بي آي.",
        );
        assert!(one(&got, "محمود عباس", "أبو مازن"), "{got:?}");
        assert!(one(&got, "الإمارات العربية المتحدة", "الإمارات"), "{got:?}");
        assert!(
            got.iter()
                .filter(|g| g.0 == "الإمارات")
                .all(|g| g.2 == "الإمارات العربية المتحدة"),
            "{got:?}"
        );
        assert!(one(&got, "غوغل", "جوجل"), "{got:?}");
        assert!(one(&got, "مكتب التحقيقات الفدرالي", "إف بي آي"), "{got:?}");
        assert!(
            got.iter()
                .filter(|g| g.0 == "إف بي آي")
                .all(|g| g.2 == "مكتب التحقيقات الفدرالي"),
            "{got:?}"
        );
        assert!(
            got.iter()
                .filter(|g| g.0 == "أبو مازن")
                .all(|g| g.2 == "محمود عباس"),
            "{got:?}"
        );
        let got = clusters(
            "وقالت وكالة حماية حدود الاتحاد الأوروبي (فرونتيكس) إن القوارب وصلت. وتدور \
             القصة حول الكاتب جاك (بيار دولادونشان) المصاب بالمرض.",
        );
        assert!(!one(&got, "الاتحاد الأوروبي", "فرونتيكس"), "{got:?}");
        let got = clusters(
            "وذكرت وكالة الأنباء السعودية \"واس\" أن الوفد وصل. وسجل أحمد حسام \"ميدو\" \
             هدفا، وقالت واس إن ميدو سيعود. وأبلغ الوزير هشام عرفات \"رويترز\" أن الخطة جاهزة.",
        );
        assert!(one(&got, "وكالة الأنباء السعودية", "واس"), "{got:?}");
        assert!(one(&got, "أحمد حسام", "ميدو"), "{got:?}");
        assert!(!one(&got, "هشام عرفات", "رويترز"), "{got:?}");
        assert!(!one(&got, "جاك", "بيار دولادونشان"), "{got:?}");
    }

    /// A quoted acronym that begins with و keeps it: "واس", not اس after the conjunction.
    #[test]
    fn quoted_acronyms_keep_their_waw() {
        let Some(r) = embedded() else { return };
        let e = found(
            r,
            "ذكرت وكالة الأنباء السعودية \"واس\" أن الملك استقبل الوفد، وفق ما نقلته \
             وكالة أنباء الإمارات \"وام\".",
        );
        let acronyms: Vec<_> = e
            .iter()
            .filter(|x| x.0.ends_with("اس") || x.0.ends_with("ام"))
            .map(|x| x.0.as_str())
            .collect();
        assert!(!acronyms.is_empty(), "{e:?}");
        assert!(
            acronyms.iter().all(|a| matches!(*a, "واس" | "وام")),
            "{e:?}"
        );
    }

    /// A storm's name is MISC, not a person; بحر belongs to a sea's name, the adjective to an
    /// ocean's; أمازون without the article is the company.
    #[test]
    fn storms_and_seas() {
        let Some(r) = embedded() else { return };
        let e = found(
            r,
            "ضرب إعصار \"مايكل\" ولاية فلوريدا، وقال المحامي مايكل كوهين إنه نجا. وقد \
             يضرب الإعصار عمان مساء الخميس. \
             وأجرت البحرية مناورات في بحر الصين الجنوبي وفي بحر قزوين.",
        );
        let get = |name: &str| e.iter().find(|x| x.0 == name).map(|x| x.1);
        assert_eq!(get("مايكل"), Some(EntityType::Misc), "{e:?}");
        assert_eq!(get("عمان"), Some(EntityType::Loc), "{e:?}");
        assert!(
            e.iter()
                .any(|x| x.0 == "مايكل كوهين" && x.1 == EntityType::Per),
            "{e:?}"
        );
        assert_eq!(get("بحر الصين الجنوبي"), Some(EntityType::Loc), "{e:?}");
        assert_eq!(get("بحر قزوين"), Some(EntityType::Loc), "{e:?}");
        let e = found(
            r,
            "وقع زلزال في المحيط الهادي قرب فيجي، وتمر السفن من المحيط المتجمد الشمالي.",
        );
        assert!(has_in(&e, "المحيط الهادي", EntityType::Loc), "{e:?}");
        assert!(e.iter().all(|x| x.0 != "المحيط"), "{e:?}");
        let e = found(
            r,
            "وانتقد ترامب شركة أمازون، وقال إن أمازون لا تدفع الضرائب.",
        );
        assert!(
            e.iter()
                .filter(|x| x.0.contains("أمازون"))
                .all(|x| x.0 == "أمازون"
                    && x.1 == EntityType::Org
                    && x.2.as_deref() == Some("Amazon")),
            "{e:?}"
        );
        assert!(storm_kind(&norm::key("الإعصار")) && !storm_kind("الرئيس"));
    }

    /// A town's name with a country's masculine adjective is a club, and so is the town's
    /// name elsewhere in the article; a name ending in سيتي is a team; but a port's adjective
    /// is the port's.
    #[test]
    fn clubs() {
        let Some(r) = embedded() else { return };
        let e = found(
            r,
            "فاز ليفربول على روما الإيطالي بخمسة أهداف، وقال مدرب روما إن الفريق سيعود. \
             وتغلب ليستر سيتي على ضيفه، وخسر أياكس أمستردام الهولندي.",
        );
        assert!(
            e.iter()
                .filter(|x| x.0 == "روما")
                .all(|x| x.1 == EntityType::Org),
            "{e:?}"
        );
        assert!(has_in(&e, "ليستر سيتي", EntityType::Org), "{e:?}");
        assert!(has_in(&e, "أياكس أمستردام", EntityType::Org), "{e:?}");
        let e = found(
            r,
            "أبحرت السفينة من ميناء جازان السعودي، ووصلت إلى مدينة روما الإيطالية.",
        );
        assert!(
            e.iter()
                .all(|x| !matches!(x.0.as_str(), "جازان" | "روما") || x.1 == EntityType::Loc),
            "{e:?}"
        );
        // A name that begins with a word for a kind of organisation or place.
        let e = found(
            r,
            "وأشاروا إلى أن منظمة بدر، أحد أكبر المكونات، هددت بقصف مواقع في جبال زاغروس في شمال العراق.",
        );
        assert!(has_in(&e, "منظمة بدر", EntityType::Org), "{e:?}");
        assert!(has_in(&e, "جبال زاغروس", EntityType::Loc), "{e:?}");
        assert!(r.country_adjective(&norm::key("الإسباني")));
        assert!(r.country_adjective(&norm::key("البرتغالي")));
        assert!(!r.country_adjective(&norm::key("الشرقي")));
    }

    /// Common nouns borrowed from English are no names; آيفون is a product (MISC).
    #[test]
    fn loanwords_and_products() {
        let Some(r) = embedded() else { return };
        let e = found(
            r,
            "ونشر اللاعب صورة سيلفي التقطها بهاتف آيفون، وأطلق المشجعون هاشتاغ للسخرية.",
        );
        assert!(
            e.iter()
                .all(|x| !matches!(x.0.as_str(), "سيلفي" | "هاشتاغ")),
            "{e:?}"
        );
        assert!(has_in(&e, "آيفون", EntityType::Misc), "{e:?}");
    }

    /// A name after a word for a kind of disease is the disease's (MISC, no Latin form from
    /// the lists of people and places), not a person's; the kind word is not part of it.
    #[test]
    fn a_disease_is_not_a_person() {
        let Some(r) = embedded() else { return };
        let text = "أعلنت وزارة الصحة تسجيل إصابات جديدة بفيروس كورونا في البلاد. \
                    وقال الوزير إن فيروس كورونا ينتشر بسرعة.";
        let e = found(r, text);
        let corona: Vec<_> = e.iter().filter(|e| e.0.contains("كورونا")).collect();
        assert!(!corona.is_empty(), "{e:?}");
        for (s, ty, latin) in corona {
            assert_eq!(
                (s.as_str(), *ty, latin),
                ("كورونا", EntityType::Misc, &None)
            );
        }
        // Also where the tagger misses the name and propagation finds it.
        let text = "يعاني المرضى من اضطرابات عديدة مثل مرض باركنسون والاكتئاب. ويؤكد العلماء \
                    أهمية مراقبة مرضى باركنسون.";
        let e = found(r, text);
        assert!(
            e.iter().any(|x| x.0 == "باركنسون")
                && e.iter()
                    .filter(|x| x.0 == "باركنسون")
                    .all(|x| x.1 == EntityType::Misc),
            "{e:?}"
        );
        assert!(disease_kind("فيروس") && disease_kind(&norm::key("جائحة")));
        assert!(!disease_kind("الرئيس") && !disease_kind("وزير"));
    }

    /// A name harvested from news is one person wherever it is written, where the tagger alone
    /// takes only the surname (مايك بومبيو) or nothing; the list holds names of two words or more.
    #[test]
    fn names_harvested_from_news_are_marked() {
        let Some(r) = embedded() else { return };
        // Text written for this test.
        let text = "وقال وزير الخارجية مايك بومبيو إن المحادثات مستمرة. وطالب الرئيس دونالد ترمب \
                    بمعرفة مصير الصحفي جمال خاشقجي.";
        let with = found(r, text);
        let without = found(Recognizer::embedded_without_news_names(), text);
        for name in ["مايك بومبيو", "جمال خاشقجي"] {
            assert!(has_in(&with, name, EntityType::Per), "{with:?}");
        }
        assert!(
            ["مايك بومبيو", "دونالد ترمب", "جمال خاشقجي"]
                .iter()
                .any(|n| !has_in(&without, n, EntityType::Per)),
            "{without:?}"
        );
        assert!(news_names().count() > 1000);
        assert!(news_names().all(|n| n.split(' ').count() >= 2 && n == norm::key(n)));
    }

    /// A particle before a name stays out of it (the tagger takes أن and فإن into المتنبي
    /// here), but فان and بان begin names.
    #[test]
    fn a_particle_does_not_begin_a_name() {
        let Some(r) = embedded() else { return };
        // Text written for this test.
        let text = "ويضيف الكاتب أن المتنبي كان إذا سافر لا يترك ماله. وكذلك فإن المتنبي \
                    الذي اشتهر بالشعر عاش في حلب.";
        let e = found(r, text);
        let people = people(&e);
        assert_eq!(people, ["المتنبي", "المتنبي"], "{e:?}");
        assert!(particle("ان") && particle(&norm::key("إلى")) && particle("في"));
        assert!(!particle("فان") && !particle("بان") && !particle("علي"));
    }

    #[test]
    fn a_word_for_a_kind_is_no_name_alone() {
        let Some(r) = embedded() else { return };
        // Text written for this test.
        let text = "وقالت المنظمة إن نمو التجارة تباطأ. وأكدت المنظمة أنها عدلت توقعاتها. \
                    ودرس في جامعة القاهرة ثم عمل بجامعة القاهرة لمدة أربع سنوات.";
        let e = found(r, text);
        assert!(
            !e.iter()
                .any(|x| matches!(x.0.as_str(), "المنظمة" | "جامعة")),
            "{e:?}"
        );
        let e = found(r, "ويسمح لهم بالتملك خارج مكة والمدينة منذ العام الماضي.");
        assert!(e.iter().any(|x| x.0 == "المدينة"), "{e:?}");
        assert!(kind_word("جامعه") == Some(EntityType::Org));
        assert!(kind_word("مدينه") == Some(EntityType::Loc));
        assert!(kind_word("القاهره").is_none());
    }

    #[test]
    fn a_quoted_name_after_its_kind_is_an_entity() {
        let Some(r) = embedded() else { return };
        // Text written for this test.
        let text = "وأدانت منظمة \"مراسلون بلا حدود\" الاعتقال، ونقلت صحيفة «الشرق الأوسط» عن \
                    مصدر أن شركة \"سيتي أوف لندن\" ستشارك في برنامج \"ذا فويس\" المقبل.";
        let e = found(r, text);
        assert!(has_in(&e, "مراسلون بلا حدود", EntityType::Org), "{e:?}");
        assert!(has_in(&e, "الشرق الأوسط", EntityType::Org), "{e:?}");
        assert!(has_in(&e, "سيتي أوف لندن", EntityType::Org), "{e:?}");
        assert!(has_in(&e, "ذا فويس", EntityType::Misc), "{e:?}");
        let e = found(r, "وفقا لوكالة أنباء \"فارس\" الإيرانية، وصل الوفد.");
        assert!(has_in(&e, "فارس", EntityType::Org), "{e:?}");
        // Not a quote after another word, nor a long one.
        let e = found(r, "وقال الوزير \"سنعمل على حل الأزمة قريبا\" ثم غادر.");
        assert!(e.is_empty(), "{e:?}");
    }

    /// A radio station is its name and FM, an organisation; a word that begins the names of
    /// towns (سيدي, غار, حمام) ends none.
    #[test]
    fn radio_stations_and_maghreb_towns() {
        let Some(r) = embedded() else { return };
        // Text written for this test.
        let text = "وأكد مصدر أمني لمراسلة الجوهرة أف أم أن المحتجين من مدينة غار الدماء \
                    أغلقوا الطريق، فيما اجتمع أهالي منطقة سيدي جمور بالوالي. وفاز النادي \
                    الإفريقي على نادي حمام الأنف في الملعب.";
        let e = found(r, text);
        assert!(has_in(&e, "الجوهرة أف أم", EntityType::Org), "{e:?}");
        assert!(has_in(&e, "غار الدماء", EntityType::Loc), "{e:?}");
        assert!(has_in(&e, "سيدي جمور", EntityType::Loc), "{e:?}");
        assert!(e.iter().any(|x| x.0.contains("حمام الأنف")), "{e:?}");
        assert!(place_prefix("سيدي") && !place_prefix("ميناء"));
        // FM in quotation marks, left out of the canonical form; a town the tagger found in
        // two pieces.
        let text = "وفق ما أكده مصدر أمني للجوهرة \"اف ام\" أمس في ولاية سيدي بوزيد.";
        let (a, morph) = analysed(r, text);
        let e = r.entities(text, &a.tokens, &a.sentences, &morph);
        assert!(
            e.iter()
                .any(|x| x.ty == EntityType::Org && x.canonical == "الجوهرة اف ام"),
            "{e:?}"
        );
        assert!(
            has_in(&found(r, text), "سيدي بوزيد", EntityType::Loc),
            "{e:?}"
        );
        // A news agency from وكالة to للأنباء.
        let e = found(
            r,
            "وقال في تصريح لوكالة تونس افريقيا للأنباء إن الحريق لم يخلف خسائر.",
        );
        assert!(
            has_in(&e, "وكالة تونس افريقيا للأنباء", EntityType::Org),
            "{e:?}"
        );
        // Financial, not Mali; Mali after في.
        let e = found(r, "وحجز مبلغ مالي كبير لدى المسافر.");
        assert!(!e.iter().any(|x| x.0 == "مالي"), "{e:?}");
        let e = found(r, "وانتشرت القوات في شمال مالي.");
        assert!(has_in(&e, "مالي", EntityType::Loc), "{e:?}");
        // After a word for a kind with its article, a long quoted statement is no name.
        let e = found(
            r,
            "وأفادت الهيئة \"تدار بالتصويت في كل الحالات\" حسب البيان.",
        );
        assert!(!e.iter().any(|x| x.0.contains("بالتصويت")), "{e:?}");
    }

    /// تونسيا after an indefinite noun in the accusative is the adjective; روسيا, whose stem
    /// is no place, stays the country.
    #[test]
    fn an_adjective_in_the_accusative_is_no_place() {
        let Some(r) = embedded() else { return };
        // Text written for this test.
        let e = found(
            r,
            "ويضم التنظيم 300 عنصرا تونسيا، وقد أطلق عيارا ناريا. وزار وفدا روسيا.",
        );
        assert!(
            !e.iter().any(|x| x.0 == "تونسيا" || x.0 == "ناريا"),
            "{e:?}"
        );
        assert!(has_in(&e, "روسيا", EntityType::Loc), "{e:?}");
    }

    /// صباح before اليوم or a weekday is the morning, and ريشتر after سلم the scale: no
    /// people; the name صباح before a name stays one.
    #[test]
    fn a_part_of_the_day_and_a_scale_are_no_people() {
        let Some(r) = embedded() else { return };
        // Text written for this test.
        let text = "أقدم صباح اليوم الجمعة شاب على الانتحار بعد رجة أرضية بقوة 4.8 درجات على \
                    سلم ريشتر. واستقبل الشيخ صباح الأحمد الجابر الصباح الوفد.";
        let people = people(&found(r, text)).join(" | ");
        assert!(!people.contains("ريشتر"), "{people}");
        assert!(people.starts_with("صباح الأحمد"), "{people}");
    }

    /// A kunya the tagger ended early takes the nisba or participle that follows it, but not a
    /// definite noun that is not one, nor a description completed by a preposition.
    #[test]
    fn a_kunya_takes_its_laqab() {
        let Some(r) = embedded() else { return };
        let text = "قتل ابو مهدي المهندس في غارة قرب المطار. وتولى سامر ابو طالب التلحين. \
                    وقال ابو مازن الرئيس الفلسطيني إن المفاوضات متوقفة.";
        let e = found(r, text);
        let people = people(&e);
        assert!(people.contains(&"ابو مهدي المهندس"), "{people:?}");
        assert!(
            !people
                .iter()
                .any(|p| p.contains("التلحين") || p.contains("الرئيس")),
            "{people:?}"
        );
        assert!(not_a_laqab("الذي") && not_a_laqab("المتحدث") && !not_a_laqab("المهندس"));
    }

    /// A name of several words found once is found again where the tagger left it, word for
    /// word only, and never over a mention already found.
    #[test]
    fn propagation_adds_names_of_several_words() {
        let r = Recognizer::embedded();
        let text = "اعلن حزب العمال الكردستاني وقف القتال. ورحب حزب العمال الكردستاني بالقرار. \
                    وقال حزب العمال الاخر شيئا.";
        let (a, morph) = analysed(r, text);
        let (stems, at) = word_keys(text, &a.tokens);
        let keys = StemKeys {
            text: &stems,
            at: &at,
        };
        let first = a
            .tokens
            .iter()
            .position(|t| t.span.slice(text) == Some("حزب"))
            .unwrap();
        let name = |k: usize| keys.get(k).to_string();
        let mut found = vec![(
            first,
            first + 3,
            EntityType::Org,
            vec![name(first), name(first + 1), name(first + 2)],
        )];
        r.propagate(text, &a.tokens, &morph, &keys, &mut found);
        let words: Vec<String> = found
            .iter()
            .map(|f| {
                (f.0..f.1)
                    .map(|k| a.tokens[k].span.slice(text).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        // Found again in the second sentence; حزب العمال الاخر is not the name.
        assert_eq!(
            words,
            ["حزب العمال الكردستاني", "حزب العمال الكردستاني"],
            "{found:?}"
        );
        assert_eq!(found[1].2, EntityType::Org);
    }

    /// Common names one letter apart are two names; a foreign name in two transliterations, or
    /// a slip the corpus never saw, is one.
    #[test]
    fn names_one_edit_apart() {
        let r = Recognizer::embedded();
        let lex = r.seg.lexicon();
        let key = norm::key;
        for (a, b) in [
            ("محمد", "محمود"),
            ("سعيد", "سعد"),
            ("سعدية", "سعودية"),
            ("حامد", "حمد"),
        ] {
            assert!(two_names(lex, &key(a), &key(b)), "{a} {b}");
        }
        for (a, b) in [
            ("بلينكن", "بلنكن"),
            ("ترامب", "ترمب"),
            ("بوتين", "بوتن"),
            ("ميركل", "ميركيل"),
        ] {
            assert!(!two_names(lex, &key(a), &key(b)), "{a} {b}");
        }
        // In a document: محمد is not the محمود of أحمد عبدالله محمود.
        let Some(r) = embedded() else { return };
        let text = "وقال الوزير أحمد عبدالله محمود إن الاتفاق مهم. وأضاف محمد أن العمل مستمر.";
        let (a, morph) = analysed(r, text);
        let e = r.entities(text, &a.tokens, &a.sentences, &morph);
        let cluster = |w: &str| {
            e.iter()
                .find(|x| x.span.slice(text) == Some(w))
                .map(|x| x.cluster)
                .unwrap_or_else(|| panic!("{w} not found: {e:?}"))
        };
        assert_ne!(cluster("أحمد عبدالله محمود"), cluster("محمد"), "{e:?}");
    }

    /// A one-word name found elsewhere is not propagated onto a title, onto a unit after a
    /// number, onto a feminine relative adjective after a definite noun, nor onto a word
    /// whose written hamza-alef differs from the name's (أمام is not إمام).
    #[test]
    fn propagation_keeps_to_the_name() {
        let r = Recognizer::embedded();
        // Text written for this test.
        let text = "قالت العربية إن السينما العربية بخير. وفاز ريال أمس، وبلغت الصفقة 100 \
                    مليون ريال، وقال ريال إنه سعيد. قال الشيخ كلاما وأجاب الشيخ. وقال عادل \
                    إمام إنه وقف أمام الجمهور، وشكر إمام الجميع.";
        let (a, morph) = analysed(r, text);
        let (stems, at) = word_keys(text, &a.tokens);
        let keys = StemKeys {
            text: &stems,
            at: &at,
        };
        let at_word = |w: &str| {
            a.tokens
                .iter()
                .position(|t| t.span.slice(text) == Some(w))
                .unwrap_or_else(|| panic!("{w}"))
        };
        let name = |k: usize| keys.get(k).to_string();
        let one = |w: &str, ty: EntityType| {
            let k = at_word(w);
            (k, k + 1, ty, vec![name(k)])
        };
        let adil = at_word("عادل");
        let mut found = vec![
            one("العربية", EntityType::Org),
            one("ريال", EntityType::Org),
            one("الشيخ", EntityType::Per),
            (
                adil,
                adil + 2,
                EntityType::Per,
                vec![name(adil), name(adil + 1)],
            ),
        ];
        found.sort_by_key(|f| f.0);
        r.propagate(text, &a.tokens, &morph, &keys, &mut found);
        let added: Vec<(&str, usize)> = found
            .iter()
            .filter(|f| f.1 - f.0 == 1)
            .map(|f| {
                let t = &a.tokens[f.0];
                (
                    t.span.slice(text).unwrap_or_default(),
                    t.span.start as usize,
                )
            })
            .collect();
        let count = |w: &str| added.iter().filter(|x| x.0 == w).count();
        // The seeds and: ريال after وقال (the club), إمام after وشكر.
        assert_eq!(count("العربية"), 1, "{added:?}");
        assert_eq!(count("الشيخ"), 1, "{added:?}");
        assert_eq!(count("ريال"), 2, "{added:?}");
        assert_eq!(count("إمام"), 1, "{added:?}");
        assert_eq!(count("أمام"), 0, "{added:?}");
        let unit = text.find("مليون ريال").unwrap_or_default() + "مليون ".len();
        assert!(added.iter().all(|x| x.1 != unit), "{added:?}");
    }
}
