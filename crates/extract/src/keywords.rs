//! Keywords: what an article is about, as a short ranked list.
//!
//! Candidates are the article's named entities (every spelling of one name counts towards the
//! same keyword, since they share an entity cluster), its content words and the phrases of two
//! or three content words that recur (الانتخابات المبكرة). Words are compared by their search
//! terms ([`khabar_morph::SearchAnalyzer`]): clitics dropped and a light stem, so للحكومة,
//! الحكومات and وبحكومتها count as one word. Function words, dates and numbers are never
//! keywords.
//!
//! A candidate scores `count × weight × lead`:
//! - `count`: its mentions in the article;
//! - `weight`: its inverse document frequency in news ([`DocFreq`], learnt from the ANT
//!   corpus by `khabar train keywords`), capped, so that only the words common to most news
//!   (رئيس, قوات) are held back while rare words are not pushed up for being rare (a typo is rare
//!   too); a phrase takes the sum of its words' (so that a recurring phrase comes before its
//!   words alone), an entity the largest of its words';
//! - `lead`: up to 3 for a candidate first met at the start of the text, 1 at its end (news puts
//!   its subject first);
//! - and entities count 1.5 times (not a one-word currency or unit the tagger takes for a
//!   name: ANERcorp, which it learnt from, tags دولار MISC).
//!
//! Phrases need two mentions. The list is built best first, and a candidate whose words are all
//! in keywords already chosen is skipped (no بلينكن after the entity بلينكن, no مبكر after
//! الانتخابات المبكرة). `khabar eval keywords` measures the list against ANT headlines.

use std::ops::Range;
use std::sync::OnceLock;

use khabar_morph::search::SearchBuffers;
use khabar_morph::{Analysis, SearchAnalyzer, Term};
use khabar_text::{Sentence, Span, Token, TokenKind};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::{Entity, ExtractError};

static DOCFREQ: &[u8] = include_bytes!("../models/docfreq.bin");

const MAGIC: &[u8; 8] = b"KDFv1\0\0\0";

/// How many times an entity's mentions count against a word's.
const ENTITY_BOOST: f32 = 1.5;
/// The extra weight of a candidate first met at the very start of the text (chosen on a sample
/// of ANT headlines, seed 11 of `khabar eval keywords`: 0, 1, 2 and 3 gave F1@10 33.9, 34.8, 35.2
/// and 35.4; headlines echo the lead, so the sample rewards it more than a reader might).
const LEAD: f32 = 2.0;
/// Mentions a phrase needs to be a candidate.
const PHRASE_MIN: u32 = 2;
/// The longest phrase, in words.
const PHRASE_MAX: usize = 3;

/// Document frequencies of the terms common in news: the weight of a term in [`find`].
///
/// Only terms whose inverse document frequency is under the cap are stored; every other term
/// weighs the cap.
#[derive(Clone, Debug)]
pub struct DocFreq {
    docs: u32,
    cap: f32,
    df: FxHashMap<Box<str>, u32>,
    /// The weight of a term not stored.
    rare: f32,
}

impl DocFreq {
    /// The table built into the binary (`khabar train keywords`).
    pub fn embedded() -> &'static DocFreq {
        static D: OnceLock<DocFreq> = OnceLock::new();
        D.get_or_init(|| match DocFreq::from_bytes(DOCFREQ) {
            Ok(d) => d,
            // The file is part of the build: a damaged one is a build error, caught by tests.
            Err(e) => panic!("the embedded keyword table is damaged: {e}"),
        })
    }

    /// Reads what [`DocFreqBuilder::to_bytes`] wrote.
    pub fn from_bytes(b: &[u8]) -> Result<Self, ExtractError> {
        let bad = |what: &str| ExtractError::Model(format!("keyword table: {what}"));
        let rest = b
            .strip_prefix(MAGIC.as_slice())
            .ok_or_else(|| bad("not a khabar keyword table (wrong magic)"))?;
        let mut r = Reader(rest);
        let docs = r.u32().ok_or_else(|| bad("truncated header"))?;
        let cap = f32::from_bits(r.u32().ok_or_else(|| bad("truncated header"))?);
        let n = r.u32().ok_or_else(|| bad("truncated header"))?;
        if !(cap.is_finite() && cap > 0.0) {
            return Err(bad("the cap is not a positive number"));
        }
        let mut df = FxHashMap::default();
        for i in 0..n {
            let mut entry = || -> Option<(&str, u32)> {
                let len = r.u16()? as usize;
                let term = std::str::from_utf8(r.take(len)?).ok()?;
                Some((term, r.u32()?))
            };
            let (term, f) = entry().ok_or_else(|| bad(&format!("entry {i} is damaged")))?;
            df.insert(term.into(), f);
        }
        if !r.0.is_empty() {
            return Err(bad("trailing bytes"));
        }
        let mut d = DocFreq {
            docs,
            cap,
            df,
            rare: 0.0,
        };
        d.rare = d.weight_of(0);
        Ok(d)
    }

    /// Documents the table was counted on.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// Terms stored.
    pub fn len(&self) -> usize {
        self.df.len()
    }

    /// True when no term is stored.
    pub fn is_empty(&self) -> bool {
        self.df.is_empty()
    }

    /// Documents that contain `term` (0 for one not stored: it is rarer than the cap).
    pub fn df(&self, term: &str) -> u32 {
        self.df.get(term).copied().unwrap_or(0)
    }

    /// The weight of `term`: `ln((docs + 1) / (df + 1))`, at most the cap. With no documents
    /// (an empty table), every term weighs 1.
    pub fn weight(&self, term: &str) -> f32 {
        match self.df.get(term) {
            Some(&f) => self.weight_of(f),
            // Most words of a text: no logarithm for them.
            None => self.rare,
        }
    }

    fn weight_of(&self, df: u32) -> f32 {
        if self.docs == 0 {
            return 1.0;
        }
        let idf = ((f64::from(self.docs) + 1.0) / (f64::from(df) + 1.0)).ln() as f32;
        idf.clamp(0.0, self.cap)
    }
}

impl Default for DocFreq {
    /// No documents: every term weighs 1.
    fn default() -> Self {
        DocFreq {
            docs: 0,
            cap: 1.0,
            df: FxHashMap::default(),
            rare: 1.0,
        }
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (a, b) = self.0.split_at_checked(n)?;
        self.0 = b;
        Some(a)
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

/// Counts document frequencies, for [`DocFreq`].
#[derive(Debug, Default)]
pub struct DocFreqBuilder {
    docs: u32,
    df: FxHashMap<String, u32>,
    seen: FxHashSet<String>,
}

impl DocFreqBuilder {
    /// An empty count.
    pub fn new() -> Self {
        DocFreqBuilder::default()
    }

    /// Counts one document from its terms (each term once however often it occurs).
    pub fn add_document<'a>(&mut self, terms: impl IntoIterator<Item = &'a str>) {
        self.docs += 1;
        self.seen.clear();
        for t in terms {
            if !self.seen.contains(t) {
                self.seen.insert(t.to_string());
                *self.df.entry(t.to_string()).or_default() += 1;
            }
        }
    }

    /// Documents counted.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// The table, keeping the terms whose weight is under `cap` (the others weigh `cap`).
    pub fn build(&self, cap: f32) -> DocFreq {
        let mut d = DocFreq {
            docs: self.docs,
            cap,
            df: FxHashMap::default(),
            rare: 0.0,
        };
        d.rare = d.weight_of(0);
        let kept: Vec<(Box<str>, u32)> = self
            .df
            .iter()
            .filter(|&(_, &f)| d.weight_of(f) < cap)
            .map(|(t, &f)| (t.as_str().into(), f))
            .collect();
        d.df.extend(kept);
        d
    }

    /// Serialises [`DocFreqBuilder::build`]`(cap)`, terms in order (the same counts give the
    /// same bytes).
    pub fn to_bytes(&self, cap: f32) -> Vec<u8> {
        let d = self.build(cap);
        let mut terms: Vec<(&str, u32)> = d.df.iter().map(|(t, &f)| (&**t, f)).collect();
        terms.sort_unstable();
        let mut out = MAGIC.to_vec();
        out.extend(d.docs.to_le_bytes());
        out.extend(cap.to_bits().to_le_bytes());
        out.extend((terms.len() as u32).to_le_bytes());
        for (t, f) in terms {
            // Terms are words: far under 64 KB.
            let t = &t.as_bytes()[..t.len().min(usize::from(u16::MAX))];
            out.extend((t.len() as u16).to_le_bytes());
            out.extend(t);
            out.extend(f.to_le_bytes());
        }
        out
    }
}

/// One keyword of an article.
#[derive(Clone, Debug, PartialEq)]
pub struct Keyword {
    /// A mention of it: byte span in the original text. The first written whole (no clitic
    /// attached: الحكومة rather than حكومته) when there is one, else the first, attached
    /// proclitics and enclitics left out, except a pronoun after a ta marbuta written ت
    /// (حكومته whole: the slice حكومت is no word).
    pub span: Span,
    /// Its search terms, space-separated: what to search the index for.
    pub term: String,
    /// Mentions in the article (for an entity, of every spelling of its name).
    pub count: u32,
    /// Its score relative to the best keyword's (1 for the first).
    pub score: f32,
    /// For a named entity: the index of its first mention in the document's entities.
    pub entity: Option<usize>,
}

/// Function words, and words of saying and of time that every article uses: never keywords,
/// and a phrase does not run across them. Written as news spells them; each is compared by
/// its search term.
pub const STOP_WORDS: &str = "في من إلى على عن مع ما لا لم لن لقد قد سوف إن أن إنه أنه إنها أنها \
    كان كانت يكون تكون كانوا ليس ليست هو هي هم هن هما أنا نحن أنت أنتم \
    هذا هذه ذلك تلك هؤلاء أولئك هنا هناك الذي التي الذين اللذين اللتين اللواتي اللاتي \
    بعد قبل خلال بين عند منذ حتى حول نحو دون ضد عبر لدى لدي أمام وراء فوق تحت جانب مقابل \
    رغم غير بعض كل جميع كلا أي أو أم بل ثم لكن إلا إذا إذ لو لولا كي حيث كما مثل عندما بينما \
    حين حينما كيف متى أين لماذا ماذا هل نعم فقط أيضا جدا الآن حاليا تقريبا حوالي نفس ذات \
    عدم عدد مرة شكل بشكل إطار سبب بسبب أجل طريق تم يتم تتم أكثر أقل أول آخر أخرى أخير \
    ثاني ثانية أولى وقت سابق كبير جديد جديدة كثير قليل خاص عام عاما سنة يوم اليوم أمس غدا \
    الماضي المقبل الحالي الجاري قال قالت قالوا يقول تقول أضاف أضافت أكد أكدت أشار أشارت \
    أوضح أوضحت أعلن أعلنت وفق وفقا حسب بحسب يمكن له لها لهم عليه عليها إليه منه منها فيه فيها \
    به بها واحد اثنين ثلاث أربع خمس ست سبع ثماني تسع عشر مئة ألف مليون مليار";

/// The keyword finder: the document frequencies, the stop words' terms and the analyser that
/// gives each word its term.
#[derive(Clone, Debug)]
pub struct KeywordFinder {
    df: DocFreq,
    stop: FxHashSet<String>,
    analyzer: SearchAnalyzer,
}

impl KeywordFinder {
    /// The finder with the embedded table and segmenter.
    pub fn embedded() -> &'static KeywordFinder {
        static K: OnceLock<KeywordFinder> = OnceLock::new();
        K.get_or_init(|| KeywordFinder::new(DocFreq::embedded().clone(), SearchAnalyzer::default()))
    }

    /// A finder with the given table and analyser.
    pub fn new(df: DocFreq, analyzer: SearchAnalyzer) -> Self {
        // One set of buffers for all the words: `terms` would make (and drop) a word cache
        // for each.
        let mut stop = FxHashSet::default();
        let mut buf = SearchBuffers::default();
        for w in STOP_WORDS.split_whitespace() {
            analyzer.terms_into(w, &mut buf, |t| {
                stop.insert(t.text.clone());
            });
        }
        KeywordFinder { df, stop, analyzer }
    }

    /// The table of document frequencies.
    pub fn doc_freq(&self) -> &DocFreq {
        &self.df
    }

    /// True for a term that is never a keyword.
    pub fn is_stop(&self, term: &str) -> bool {
        self.stop.contains(term)
    }

    /// The search term of each token (for Arabic words, the term of the stem, with the span of
    /// the stem in the original; for Latin words, the normal form), in `terms` (one string),
    /// with each token's range in it and its span. Tokens of other kinds get an empty range.
    ///
    /// `analyses` are the tokens' clitic analyses by the analyser's segmenter, when known
    /// (they spare it segmenting words again).
    pub fn token_terms(
        &self,
        original: &str,
        normalized: &str,
        tokens: &[Token],
        analyses: Option<&[Analysis]>,
        out: &mut TokenTerms,
    ) {
        out.text.clear();
        out.at.clear();
        SearchBuffers::with_thread_buffers(|buf| {
            let mut term = Term {
                text: String::new(),
                span: Span::default(),
                position: 0,
            };
            for (i, t) in tokens.iter().enumerate() {
                let start = out.text.len();
                let mut span = t.span;
                match t.kind {
                    TokenKind::Word => {
                        let word = t.span.slice(original).unwrap_or_default();
                        let known = analyses.and_then(|a| a.get(i)).copied();
                        self.analyzer
                            .word_term_into(word, t.span.start, known, buf, &mut term);
                        if term.text.is_empty() {
                            out.text.push_str(t.norm_str(normalized));
                        } else {
                            out.text.push_str(&term.text);
                            span = term.span;
                        }
                    }
                    TokenKind::Latin => out.text.push_str(t.norm_str(normalized)),
                    _ => {}
                }
                out.at.push((start..out.text.len(), span));
            }
        });
    }

    /// The keywords of a text, best first, at most `limit`: `tokens` and `sentences` of
    /// `original` (whose normal form is `normalized`), its `entities`, and the token ranges of
    /// its dates and numbers in `skip`.
    pub fn find(&self, doc: &KeywordInput<'_>, limit: usize) -> Vec<Keyword> {
        let mut terms = TokenTerms::default();
        self.token_terms(
            doc.original,
            doc.normalized,
            doc.tokens,
            doc.analyses,
            &mut terms,
        );
        self.find_with(doc, &terms, limit)
    }

    /// [`KeywordFinder::find`] with the tokens' terms already computed.
    pub fn find_with(
        &self,
        doc: &KeywordInput<'_>,
        terms: &TokenTerms,
        limit: usize,
    ) -> Vec<Keyword> {
        let n = doc.tokens.len().min(terms.len());
        if n == 0 || limit == 0 {
            return Vec::new();
        }
        // Each distinct term once: its number, weight and whether it may be a keyword.
        let mut ids: FxHashMap<&str, u32> =
            FxHashMap::with_capacity_and_hasher(n, Default::default());
        let mut vocab: Vec<(&str, f32, Slot)> = Vec::new();
        let mut slot = vec![Slot::Break; n];
        let mut id = vec![NONE; n];
        for i in 0..n {
            let t = terms.term(i);
            if t.is_empty() {
                continue;
            }
            let k = *ids.entry(t).or_insert_with(|| {
                let class = if t.chars().nth(1).is_none() || t.bytes().any(|b| b.is_ascii_digit()) {
                    Slot::Break
                } else if self.is_stop(t) {
                    Slot::Stop
                } else {
                    Slot::Content
                };
                vocab.push((t, self.df.weight(t), class));
                vocab.len() as u32 - 1
            });
            id[i] = k;
            slot[i] = vocab[k as usize].2;
        }
        for r in doc.skip {
            for s in slot.iter_mut().take(r.end as usize).skip(r.start as usize) {
                *s = Slot::Break;
            }
        }
        for e in doc.entities {
            for s in slot
                .iter_mut()
                .take(e.tokens.end as usize)
                .skip(e.tokens.start as usize)
            {
                *s = Slot::Entity;
            }
        }
        let text_len = doc.original.len().max(1) as f32;
        let lead = |start: u32| 1.0 + LEAD * (1.0 - start as f32 / text_len).max(0.0);
        let weight = |k: u32| vocab.get(k as usize).map_or(0.0, |v| v.1);
        let mut cands: Vec<Cand> = Vec::with_capacity(n);
        // The words of every candidate, one after the other (a candidate has a range).
        let mut pool: Vec<u32> = Vec::with_capacity(3 * n);
        // Entities: one candidate a cluster, whose words are all the words of all its mentions
        // (what later candidates are checked against) and whose term is its longest mention's.
        let mut clusters: FxHashMap<u32, (usize, Vec<u32>, Vec<u32>)> = FxHashMap::default();
        for (k, e) in doc.entities.iter().enumerate() {
            let words = id
                .get(e.tokens.start as usize..(e.tokens.end as usize).min(n))
                .unwrap_or_default();
            let words = || words.iter().copied().filter(|&w| w != NONE);
            let w = words().map(weight).fold(0.0, f32::max);
            // (لمملكة العربية السعودية, the entity of للمملكة, is not written whole.)
            let whole = doc
                .tokens
                .get(e.tokens.start as usize)
                .is_some_and(|t| t.span.start == e.span.start);
            let (c, all, longest) = clusters.entry(e.cluster).or_insert_with(|| {
                cands.push(Cand {
                    count: 0,
                    weight: w,
                    first: e.span,
                    shown: e.span,
                    whole,
                    entity: Some(k),
                    words: 0..0,
                    term: 0..0,
                });
                (cands.len() - 1, Vec::new(), Vec::new())
            });
            let c = &mut cands[*c];
            c.count += 1;
            if !c.whole && whole {
                (c.shown, c.whole) = (e.span, true);
            }
            c.weight = c.weight.max(w);
            if words().count() > longest.len() {
                longest.clear();
                longest.extend(words());
            }
            for w in words() {
                if !all.contains(&w) {
                    all.push(w);
                }
            }
        }
        for (c, all, longest) in clusters.into_values() {
            let at = pool.len() as u32;
            pool.extend(all.iter().chain(&longest));
            let mid = at + all.len() as u32;
            cands[c].words = at..mid;
            cands[c].term = mid..pool.len() as u32;
        }
        // Words and phrases: runs of content words inside a sentence, broken by anything else
        // and by a word with a proclitic (والبرلمان starts a new phrase).
        let mut phrases: FxHashMap<[u32; PHRASE_MAX], usize> =
            FxHashMap::with_capacity_and_hasher(2 * n, Default::default());
        let mut run: Vec<usize> = Vec::new();
        let mut unigram = vec![usize::MAX; vocab.len()];
        // Where a word shown as a keyword ends: its stem's end, but its own end when the stem
        // ends in a ta marbuta written ت before a pronoun (حكومته: the slice حكومت is no word;
        // its term has no ت, unlike بيته's بيت) or in a hamza that took the seat ئ or ؤ before
        // one (أصدقائهم: the slice أصدقائ is no word; its term ends in ء, unlike شاطئه's شاطئ).
        let shown_end = |i: usize| {
            let (stem, word) = (terms.span(i), doc.tokens[i].span);
            if stem.end == word.end {
                return stem.end;
            }
            let before = doc.original.get(..stem.end as usize).unwrap_or_default();
            let term = terms.term(i);
            let changed = (!term.ends_with('ت') && before.ends_with('ت'))
                || (term.ends_with('ء') && before.ends_with(['ئ', 'ؤ']));
            if changed { word.end } else { stem.end }
        };
        for s in doc.sentences {
            run.clear();
            for i in s.token_range() {
                if i >= n {
                    break;
                }
                if slot[i] != Slot::Content {
                    run.clear();
                    continue;
                }
                if terms.span(i).start > doc.tokens[i].span.start {
                    run.clear();
                }
                run.push(i);
                let end = terms.span(i).end;
                // Whether the run from token `a` to here is written whole: no proclitic cut
                // off its first word, no enclitic off its last.
                let whole = |a: usize| {
                    terms.span(a).start == doc.tokens[a].span.start && end == doc.tokens[i].span.end
                };
                // The run from token `a` to here as first shown (see `shown_end`).
                let shown = |a: usize| Span::new(terms.span(a).start, shown_end(i));
                // A word alone: found by its number, no hashing.
                let w = id[i] as usize;
                if let Some(u) = unigram.get_mut(w) {
                    if *u == usize::MAX {
                        let at = pool.len() as u32;
                        pool.push(id[i]);
                        cands.push(Cand {
                            count: 0,
                            weight: weight(id[i]),
                            first: terms.span(i),
                            shown: shown(i),
                            whole: whole(i),
                            entity: None,
                            words: at..at + 1,
                            term: 0..0,
                        });
                        *u = cands.len() - 1;
                    }
                    let c = &mut cands[*u];
                    c.count += 1;
                    if !c.whole && whole(i) {
                        (c.shown, c.whole) = (terms.span(i), true);
                    }
                }
                for len in 2..=PHRASE_MAX.min(run.len()) {
                    let words = &run[run.len() - len..];
                    let mut key = [NONE; PHRASE_MAX];
                    for (k, &j) in key.iter_mut().zip(words) {
                        *k = id[j];
                    }
                    let span = Span::new(terms.span(words[0]).start, end);
                    let c = *phrases.entry(key).or_insert_with(|| {
                        let at = pool.len() as u32;
                        pool.extend_from_slice(&key[..len]);
                        cands.push(Cand {
                            count: 0,
                            weight: key[..len].iter().map(|&x| weight(x)).sum(),
                            first: span,
                            shown: shown(words[0]),
                            whole: whole(words[0]),
                            entity: None,
                            words: at..pool.len() as u32,
                            term: 0..0,
                        });
                        cands.len() - 1
                    });
                    let c = &mut cands[c];
                    c.count += 1;
                    if !c.whole && whole(words[0]) {
                        (c.shown, c.whole) = (span, true);
                    }
                }
            }
        }
        let words_of = |r: &Range<u32>| pool.get(r.start as usize..r.end as usize).unwrap_or(&[]);
        let mut scored: Vec<(f32, usize)> = cands
            .iter()
            .enumerate()
            .filter(|(_, c)| c.entity.is_some() || c.words.len() == 1 || c.count >= PHRASE_MIN)
            .map(|(k, c)| {
                // (A currency or unit the tagger takes for a name, دولار as MISC, is a word.)
                let unit = c.entity.is_some()
                    && matches!(words_of(&c.term), [w] if vocab
                        .get(*w as usize)
                        .is_some_and(|v| crate::numbers::unit(v.0).is_some()));
                let boost = if c.entity.is_some() && !unit {
                    ENTITY_BOOST
                } else {
                    1.0
                };
                (c.count as f32 * c.weight * lead(c.first.start) * boost, k)
            })
            .collect();
        let order = |a: &(f32, usize), b: &(f32, usize)| {
            let (x, y) = (&cands[a.1], &cands[b.1]);
            b.0.total_cmp(&a.0)
                .then(x.first.start.cmp(&y.first.start))
                .then(x.words.len().cmp(&y.words.len()))
                .then(a.1.cmp(&b.1))
        };
        // Only the head of the ranking is read: sort it alone, and the rest only if the head
        // runs out (when most of it repeats words already chosen).
        let head = (8 * limit).min(scored.len());
        if head < scored.len() {
            scored.select_nth_unstable_by(head, order);
        }
        scored[..head].sort_unstable_by(order);
        let top = scored.first().map_or(1.0, |s| s.0).max(f32::MIN_POSITIVE);
        let mut used: FxHashSet<u32> = FxHashSet::default();
        let mut out = Vec::new();
        for k in 0..scored.len() {
            if out.len() >= limit {
                break;
            }
            if k == head {
                scored[head..].sort_unstable_by(order);
            }
            let (score, c) = scored[k];
            let c = &cands[c];
            let words = words_of(&c.words);
            if c.entity.is_none() && words.iter().all(|w| used.contains(w)) {
                continue;
            }
            used.extend(words.iter().copied());
            let words = if c.term.is_empty() {
                words
            } else {
                words_of(&c.term)
            };
            let mut term = String::new();
            for &w in words {
                if !term.is_empty() {
                    term.push(' ');
                }
                term.push_str(vocab.get(w as usize).map_or("", |v| v.0));
            }
            out.push(Keyword {
                span: c.shown,
                term,
                count: c.count,
                score: score / top,
                entity: c.entity,
            });
        }
        out
    }
}

/// No term.
const NONE: u32 = u32::MAX;

/// What [`KeywordFinder::find`] reads of an analysed text.
#[derive(Clone, Copy, Debug)]
pub struct KeywordInput<'a> {
    /// The original text.
    pub original: &'a str,
    /// Its search-level normal form (what the tokens' `norm` spans point into).
    pub normalized: &'a str,
    /// Its tokens.
    pub tokens: &'a [Token],
    /// The tokens' clitic analyses by the embedded segmenter, when known.
    pub analyses: Option<&'a [Analysis]>,
    /// Its sentences.
    pub sentences: &'a [Sentence],
    /// Its named entities.
    pub entities: &'a [Entity],
    /// Token ranges that hold no keyword (dates and numbers).
    pub skip: &'a [Range<u32>],
}

/// The search term of each token of a text (see [`KeywordFinder::token_terms`]).
#[derive(Clone, Debug, Default)]
pub struct TokenTerms {
    text: String,
    at: Vec<(Range<usize>, Span)>,
}

impl TokenTerms {
    /// The term of token `i` ("" for a token without one).
    pub fn term(&self, i: usize) -> &str {
        self.at
            .get(i)
            .and_then(|(r, _)| self.text.get(r.clone()))
            .unwrap_or("")
    }

    /// The span the term of token `i` comes from (its stem for an Arabic word).
    pub fn span(&self, i: usize) -> Span {
        self.at.get(i).map_or(Span::default(), |a| a.1)
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// True when there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Break,
    Stop,
    Content,
    Entity,
}

#[derive(Clone, Debug)]
struct Cand {
    count: u32,
    weight: f32,
    /// Its first mention (for the lead bonus).
    first: Span,
    /// The mention shown: the first written whole, without a clitic cut off (حكومة rather than
    /// حكومته, التعبير rather than the لتعبير of للتعبير), else the first.
    shown: Span,
    /// `shown` is written whole.
    whole: bool,
    entity: Option<usize>,
    /// Its words, in the pool: for an entity, all the terms of all its mentions (what later
    /// candidates are checked against).
    words: Range<u32>,
    /// For an entity, the terms of its longest mention, in the pool.
    term: Range<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_round_trips_and_caps() {
        let mut b = DocFreqBuilder::new();
        for i in 0..100 {
            let mut doc = vec!["في", "خبر"];
            if i % 2 == 0 {
                doc.push("حكوم");
            }
            if i == 0 {
                doc.push("نادر");
            }
            b.add_document(doc.iter().copied().chain(["في"]));
        }
        let bytes = b.to_bytes(3.0);
        let d = DocFreq::from_bytes(&bytes).unwrap();
        assert_eq!(d.docs(), 100);
        assert_eq!(d.df("في"), 100, "a document counts a term once");
        assert_eq!(d.df("حكوم"), 50);
        assert_eq!(d.df("نادر"), 0, "rare terms are not stored");
        assert!(d.weight("في") < 0.01);
        assert!((d.weight("حكوم") - (101f32 / 51.0).ln()).abs() < 1e-5);
        assert_eq!(d.weight("نادر"), 3.0);
        assert_eq!(d.weight("غائب"), 3.0);
        assert_eq!(
            bytes,
            b.to_bytes(3.0),
            "the same counts give the same bytes"
        );
        assert_eq!(DocFreq::default().weight("في"), 1.0);
    }

    #[test]
    fn damaged_tables_are_refused() {
        let mut b = DocFreqBuilder::new();
        b.add_document(["في", "خبر"]);
        let bytes = b.to_bytes(3.0);
        assert!(DocFreq::from_bytes(b"nonsense").is_err());
        for cut in [8, 12, bytes.len() - 1] {
            assert!(DocFreq::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(DocFreq::from_bytes(&longer).is_err());
    }

    #[test]
    fn the_embedded_table_loads() {
        let d = DocFreq::embedded();
        assert!(d.docs() > 10_000, "{}", d.docs());
        assert!(d.weight("في") < d.weight("حكوم"));
        assert!(d.weight("حكوم") <= d.weight("زلزال"));
    }

    /// A currency the tagger takes for a name (ANERcorp tags دولار MISC) weighs as a word, not
    /// as a name: an earlier دولار no longer outranks a later organisation mentioned as often.
    /// The keyword input of an analysed text with these entities (no clitic analyses, no
    /// dates or numbers to skip).
    fn input<'a>(
        text: &'a str,
        a: &'a khabar_text::TextAnalysis,
        entities: &'a [Entity],
    ) -> KeywordInput<'a> {
        KeywordInput {
            original: text,
            normalized: a.normalized.as_str(),
            tokens: &a.tokens,
            analyses: None,
            sentences: &a.sentences,
            entities,
            skip: &[],
        }
    }

    /// A word never written without a pronoun after its ta marbuta or its hamza's seat shows
    /// whole (حكومته, أصدقائهم, not the slices حكومت, أصدقائ); a stem ending in its own ت or ئ
    /// shows alone (بيت of بيته, شاطئ of شاطئه).
    #[test]
    fn an_open_ta_marbuta_shows_the_whole_word() {
        use khabar_text::TextPipeline;
        let shown = |text: &str| {
            let a = TextPipeline::default().analyze(text).unwrap();
            let k = KeywordFinder::embedded().find(&input(text, &a, &[]), 1);
            k.first()
                .and_then(|k| k.span.slice(text))
                .unwrap_or_default()
                .to_string()
        };
        // Texts written for this test.
        assert_eq!(
            shown("قال إن حكومته ستقدم خطة. وإن حكومته ملتزمة. وانتقد النواب حكومته."),
            "حكومته"
        );
        assert_eq!(
            shown("قال إن بيته تضرر من القصف، وإن بيته يحتاج إلى ترميم. وأصلح بيته."),
            "بيت"
        );
        // A hamza on a seat before a pronoun likewise; a stem ending in its own ئ shows alone.
        assert_eq!(
            shown("زار أصدقائهم المدينة. وقال أصدقائهم إن الرحلة ممتعة. وودع أصدقائهم الجميع."),
            "أصدقائهم"
        );
        assert_eq!(
            shown("نظف الرجل شاطئه. وقال إن شاطئه جميل. وحمى شاطئه من التلوث."),
            "شاطئ"
        );
    }

    #[test]
    fn a_currency_taken_for_a_name_is_not_boosted() {
        use crate::EntityType;
        use khabar_text::TextPipeline;
        // Text written for this test.
        let text = "دفعت دولار مقابل السهم. ثم اشترت زيمكو الحصة. وبلغ سعر دولار الجديد \
                    مستوى قياسيا. وقالت زيمكو إن الصفقة انتهت.";
        let a = TextPipeline::default().analyze(text).unwrap();
        let entity = |word: &str, nth: usize, ty: EntityType, cluster: u32| {
            let (i, t) = a
                .tokens
                .iter()
                .enumerate()
                .filter(|(_, t)| t.span.slice(text) == Some(word))
                .nth(nth)
                .unwrap();
            Entity {
                span: t.span,
                ty,
                tokens: i as u32..i as u32 + 1,
                cluster,
                canonical: word.to_string(),
                latin: None,
            }
        };
        let dollar_score = |entities: &[Entity]| {
            let k = KeywordFinder::embedded().find(&input(text, &a, entities), 10);
            assert_eq!(k[0].term, "زيمكو", "{k:?}");
            k.iter().find(|k| k.term == "دولار").map(|k| k.score)
        };
        let zimco = [
            entity("زيمكو", 0, EntityType::Org, 1),
            entity("زيمكو", 1, EntityType::Org, 1),
        ];
        let both = [
            entity("دولار", 0, EntityType::Misc, 0),
            zimco[0].clone(),
            entity("دولار", 1, EntityType::Misc, 0),
            zimco[1].clone(),
        ];
        // The same score as the plain word's.
        let (as_name, as_word) = (dollar_score(&both), dollar_score(&zimco));
        assert!(
            as_name.is_some() && as_name == as_word,
            "{as_name:?} {as_word:?}"
        );
    }

    #[test]
    fn stop_words_are_compared_by_their_terms() {
        let k = KeywordFinder::embedded();
        for w in ["التي", "وقال", "الماضي", "وفي"] {
            let t = SearchAnalyzer::default().terms(w);
            assert!(k.is_stop(&t[0].text), "{w} -> {}", t[0].text);
        }
        for w in ["الحكومة", "الانتخابات", "زلزال"] {
            let t = SearchAnalyzer::default().terms(w);
            assert!(!k.is_stop(&t[0].text), "{w} -> {}", t[0].text);
        }
    }
}
