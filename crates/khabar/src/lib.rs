//! # khabar: Arabic news analysis
//!
//! The library behind the `khabar` command, for use inside other Rust programs. No I/O, no async,
//! no server: give it an [`Article`], get back a [`Document`].
//!
//! ## Brief overview
//!
//! - [`Article`]: the input, the text of one news article and its metadata (`id`, `title`,
//!   `published`, `source`). [`Published`] parses the publication date, the reference date for
//!   resolving relative dates.
//! - [`Pipeline`]: runs the stages in order (text, morph, extract) and returns a
//!   [`Document`].
//! - [`Document`]: the article with every layer of analysis; [`Document::to_schema`] gives the
//!   stable JSON form, [`schema::Analysis`] (schema version 1), with Unicode character offsets;
//!   [`Document::view`] streams the same JSON to a writer.
//! - [`text`]: the text core (normalisation, tokens, sentences), re-exported from `khabar-text`.
//! - [`morph`]: clitic segmentation and the search analyser, re-exported from `khabar-morph`.
//! - [`extract`]: named entities with their spellings linked, dates resolved against the
//!   publication day, numbers with their units, quotes with their speakers, keywords;
//!   re-exported from `khabar-extract`.
//!
//! ```
//! use khabar::{Article, Pipeline};
//!
//! let article = Article::new("وشدد بلينك على دعم بلاده للعراق.").with_published("2021-01-29".parse().unwrap());
//! let doc = Pipeline::default().analyze(article).unwrap();
//! let json = doc.to_schema();
//! assert_eq!(json.schema, 1);
//! assert_eq!(json.tokens[1].text, "بلينك");
//! assert_eq!((json.tokens[1].start, json.tokens[1].end), (5, 10));
//! assert_eq!(json.published.as_deref(), Some("2021-01-29"));
//!
//! let doc = Pipeline::default()
//!     .analyze(Article::new("وصل أمس 3000 عسكري").with_published("2021-01-29".parse().unwrap()))
//!     .unwrap();
//! let json = doc.to_schema();
//! // A layer's list is `None` only when the pipeline was built without it (`Layers`).
//! let (dates, numbers) = (json.dates.unwrap_or_default(), json.numbers.unwrap_or_default());
//! assert_eq!(dates[0].value.as_deref(), Some("2021-01-28"));
//! assert_eq!((numbers[0].value, numbers[0].unit.as_deref()), (3000.0, Some("عسكري")));
//! ```

pub mod schema;

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;

pub use khabar_extract as extract;
pub use khabar_morph as morph;
pub use khabar_text as text;

use std::fmt;
use std::str::FromStr;

use khabar_extract::dates::DateMention;
use khabar_extract::keywords::{Keyword, KeywordFinder, KeywordInput};
use khabar_extract::numbers::Number;
use khabar_extract::quotes::Quote;
use khabar_extract::{Entity, Recognizer};
use khabar_morph::{Segmenter, WordAnalyses};
use khabar_text::{TextAnalysis, TextPipeline};

/// Errors of the analysis pipeline.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text could not be analysed (it is too long).
    #[error(transparent)]
    Text(#[from] khabar_text::TextError),
}

/// The layers of analysis that a [`Pipeline`] finds and a [`Document`]'s JSON reports, above the
/// sentences, tokens and clitics that every analysis has. All of them by default; fewer make a
/// faster pipeline (dates and numbers alone skip the entity recogniser, which takes most of the
/// time).
///
/// A layer is also found, but not reported, when a requested one is built from it
/// ([`Layers::with_inputs`]): quotes link their speakers to entities, keywords count entities
/// and leave out dates and numbers, and numbers leave out the numbers inside dates.
///
/// ```
/// use khabar::Layers;
///
/// let l: Layers = "dates, numbers".parse().unwrap();
/// assert_eq!(l, Layers::DATES | Layers::NUMBERS);
/// assert_eq!(l.to_string(), "dates,numbers");
/// assert!(!l.with_inputs().contains(Layers::ENTITIES));
/// assert!("keywords".parse::<Layers>().unwrap().with_inputs().contains(Layers::ENTITIES));
/// assert!("dates,people".parse::<Layers>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Layers(u8);

impl Layers {
    /// Named entities (`entities`).
    pub const ENTITIES: Layers = Layers(1);
    /// Dates and times (`dates`).
    pub const DATES: Layers = Layers(2);
    /// Numbers (`numbers`).
    pub const NUMBERS: Layers = Layers(4);
    /// Quotes and their speakers (`quotes`).
    pub const QUOTES: Layers = Layers(8);
    /// Keywords (`keywords`).
    pub const KEYWORDS: Layers = Layers(16);
    /// Every layer.
    pub const ALL: Layers = Layers(31);
    /// No layer: sentences, tokens and clitics only.
    pub const NONE: Layers = Layers(0);
    /// Each layer with its name, the key of its list in the JSON, in the JSON's order.
    pub const NAMED: [(&'static str, Layers); 5] = [
        ("entities", Layers::ENTITIES),
        ("dates", Layers::DATES),
        ("numbers", Layers::NUMBERS),
        ("quotes", Layers::QUOTES),
        ("keywords", Layers::KEYWORDS),
    ];

    /// True when every layer of `other` is in `self`.
    pub const fn contains(self, other: Layers) -> bool {
        self.0 & other.0 == other.0
    }

    /// The layers of both.
    pub const fn union(self, other: Layers) -> Layers {
        Layers(self.0 | other.0)
    }

    /// These layers and those they are built from.
    pub const fn with_inputs(self) -> Layers {
        let mut l = self;
        if l.contains(Layers::KEYWORDS) {
            l = l.union(Layers(
                Layers::ENTITIES.0 | Layers::DATES.0 | Layers::NUMBERS.0,
            ));
        }
        if l.contains(Layers::QUOTES) {
            l = l.union(Layers::ENTITIES);
        }
        if l.contains(Layers::NUMBERS) {
            l = l.union(Layers::DATES);
        }
        l
    }

    /// The names of these layers, in the JSON's order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Layers::NAMED
            .into_iter()
            .filter(move |(_, l)| self.contains(*l))
            .map(|(n, _)| n)
    }
}

impl Default for Layers {
    fn default() -> Self {
        Layers::ALL
    }
}

impl std::ops::BitOr for Layers {
    type Output = Layers;
    fn bitor(self, other: Layers) -> Layers {
        self.union(other)
    }
}

impl fmt::Debug for Layers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Layers({self})")
    }
}

/// The layers' names, comma-separated (`none` for no layer).
impl fmt::Display for Layers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Layers::NONE {
            return f.write_str("none");
        }
        for (i, n) in self.names().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(n)?;
        }
        Ok(())
    }
}

/// A list of layers that does not parse: the name it does not know.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error(
    "unknown layer `{0}`: the layers are entities, dates, numbers, quotes and keywords (or all, or none), separated by commas"
)]
pub struct LayersError(pub String);

/// Reads comma-separated layer names (`entities,dates`), `all` or `none`; spaces around names
/// are ignored.
impl FromStr for Layers {
    type Err = LayersError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut out = Layers::NONE;
        for name in s.split(',').map(str::trim) {
            out = out.union(match name {
                "all" => Layers::ALL,
                "none" => Layers::NONE,
                _ => Layers::NAMED
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, l)| *l)
                    .ok_or_else(|| LayersError(name.to_string()))?,
            });
        }
        Ok(out)
    }
}

/// A publication date that failed to parse.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error(
    "`{value}` is not an ISO 8601 date or date-time (YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS with an optional offset or Z): {reason}"
)]
pub struct PublishedError {
    /// The value as given.
    pub value: String,
    /// Why it was refused.
    pub reason: String,
}

/// When an article was published: the value as given and the calendar date it names.
///
/// Accepts an ISO 8601 date (`2021-01-29`) or date-time (`2021-01-29T10:00:00`, with an optional
/// offset `+03:00` or `Z`), and the day-first `DD/MM/YYYY` that Arabic news sites print
/// (`17/05/2015`). The date is the one printed in the value, in its own offset: the
/// day the article's readers saw on their calendar, which is what "yesterday" refers to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Published {
    raw: String,
    date: jiff::civil::Date,
}

impl Published {
    /// Parses a publication date.
    pub fn parse(value: &str) -> Result<Self, PublishedError> {
        let v = value.trim();
        let date = match v.parse::<jiff::civil::Date>() {
            Ok(d) => d,
            Err(first) => match v.parse::<jiff::Timestamp>() {
                Ok(ts) => ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
                Err(_) => match day_first(v) {
                    Some(d) => d,
                    None => {
                        return Err(PublishedError {
                            value: value.to_string(),
                            reason: first.to_string(),
                        });
                    }
                },
            },
        };
        Ok(Published {
            raw: v.to_string(),
            date,
        })
    }

    /// A publication date from a calendar date.
    pub fn from_date(date: jiff::civil::Date) -> Self {
        Published {
            raw: date.to_string(),
            date,
        }
    }

    /// The value as given (trimmed).
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The calendar date.
    pub fn date(&self) -> jiff::civil::Date {
        self.date
    }
}

/// `DD/MM/YYYY` (also with `-` or `.`, and one-digit day or month): the order Arabic news sites
/// print. Month-first dates are not guessed.
fn day_first(v: &str) -> Option<jiff::civil::Date> {
    let mut parts = v.split(['/', '-', '.']);
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    let digits =
        |s: &str, lens: &[usize]| lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !digits(d, &[1, 2]) || !digits(m, &[1, 2]) || !digits(y, &[4]) {
        return None;
    }
    jiff::civil::Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

impl FromStr for Published {
    type Err = PublishedError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Published::parse(s)
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// One news article to analyse.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Article {
    /// A stable identifier (the JSONL `id`, or the file name for plain text).
    pub id: Option<String>,
    /// The headline, if known.
    pub title: Option<String>,
    /// The article text. All offsets in the analysis point into this string.
    pub text: String,
    /// The publication date: the reference for relative dates.
    pub published: Option<Published>,
    /// Where the article comes from (a site or agency name).
    pub source: Option<String>,
}

impl Article {
    /// An article with only a text.
    pub fn new(text: impl Into<String>) -> Self {
        Article {
            text: text.into(),
            ..Article::default()
        }
    }

    /// Sets the identifier.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Sets the publication date.
    pub fn with_published(mut self, published: Published) -> Self {
        self.published = Some(published);
        self
    }
}

/// An analysed article: the article itself and every layer found in its text.
#[derive(Clone, Debug)]
pub struct Document {
    /// The article as given.
    pub article: Article,
    /// Normalised text, tokens and sentences.
    pub text: TextAnalysis,
    /// Clitic analyses, one per token.
    pub morph: WordAnalyses,
    /// Named entities in text order, with their spellings linked.
    pub entities: Vec<Entity>,
    /// Date and time expressions in text order, resolved against the article's `published`
    /// date (values are `None` for relative dates when there is none).
    pub dates: Vec<DateMention>,
    /// Numbers in text order, with their units; numbers inside a date (the year of
    /// العشرين من أغسطس 2020) are not repeated here.
    pub numbers: Vec<Number>,
    /// Quotes in text order, with their speakers (linked to entity clusters when named).
    pub quotes: Vec<Quote>,
    /// Keywords, best first (at most [`KEYWORDS`]).
    pub keywords: Vec<Keyword>,
    /// The layers asked for, which its JSON reports. A layer not asked for is empty, unless
    /// one asked for was built from it ([`Layers::with_inputs`]).
    pub layers: Layers,
}

/// How many keywords [`Pipeline::analyze`] gives an article.
pub const KEYWORDS: usize = 10;

impl Document {
    /// The article text (the original: every span points into it).
    pub fn original(&self) -> &str {
        &self.article.text
    }

    /// The segments (proclitics, stem, enclitic) of token `index`, with byte offsets into the
    /// original; empty for tokens that are not Arabic words.
    pub fn segments(&self, index: usize) -> Vec<morph::Segment> {
        match self.text.tokens.get(index) {
            Some(t) => self.morph.segments(self.original(), index, t),
            None => Vec::new(),
        }
    }

    /// The token ranges that hold no keyword: the article's dates and numbers.
    pub fn no_keyword_tokens(&self) -> Vec<std::ops::Range<u32>> {
        self.dates
            .iter()
            .map(|d| d.tokens.clone())
            .chain(self.numbers.iter().map(|n| n.tokens.clone()))
            .collect()
    }

    /// What a [`KeywordFinder`] reads of this document, with `skip` from
    /// [`Document::no_keyword_tokens`].
    pub fn keyword_input<'a>(&'a self, skip: &'a [std::ops::Range<u32>]) -> KeywordInput<'a> {
        KeywordInput {
            original: self.original(),
            normalized: self.text.normalized.as_str(),
            tokens: &self.text.tokens,
            analyses: Some(&self.morph.analyses),
            sentences: &self.text.sentences,
            entities: &self.entities,
            skip,
        }
    }

    /// The stable JSON form (schema version 1) as a value, with character offsets.
    pub fn to_schema(&self) -> schema::Analysis<'_> {
        schema::Analysis::from_document(self)
    }

    /// The stable JSON form (schema version 1) for streaming serialisation: the same JSON as
    /// [`Document::to_schema`], written token by token.
    pub fn view(&self) -> schema::View<'_> {
        schema::View::new(self)
    }
}

/// The analysis pipeline. Build once, share across threads, call [`Pipeline::analyze`] per
/// article.
#[derive(Clone, Debug)]
pub struct Pipeline {
    text: TextPipeline,
    segmenter: &'static Segmenter,
    recognizer: &'static Recognizer,
    keywords: &'static KeywordFinder,
    layers: Layers,
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline {
            text: TextPipeline::default(),
            segmenter: Segmenter::embedded(),
            recognizer: Recognizer::embedded(),
            keywords: KeywordFinder::embedded(),
            layers: Layers::ALL,
        }
    }
}

impl Pipeline {
    /// A pipeline with the default settings: every layer.
    pub fn new() -> Self {
        Pipeline::default()
    }

    /// This pipeline with another entity recogniser (the built-in one without the names
    /// harvested from news, to harvest them).
    pub fn with_recognizer(mut self, recognizer: &'static Recognizer) -> Self {
        self.recognizer = recognizer;
        self
    }

    /// This pipeline finding only `layers` (and what they are built from).
    ///
    /// ```
    /// use khabar::{Article, Layers, Pipeline};
    ///
    /// let p = Pipeline::new().with_layers(Layers::DATES);
    /// let doc = p.analyze(Article::new("وصل بلينكن أمس").with_published("2021-01-29".parse().unwrap())).unwrap();
    /// assert_eq!(doc.dates[0].value.as_deref(), Some("2021-01-28"));
    /// assert!(doc.entities.is_empty());
    /// let json = doc.to_schema();
    /// assert!(json.dates.is_some() && json.entities.is_none());
    /// ```
    pub fn with_layers(mut self, layers: Layers) -> Self {
        self.layers = layers;
        self
    }

    /// The layers this pipeline finds.
    pub fn layers(&self) -> Layers {
        self.layers
    }

    /// Analyses one article.
    pub fn analyze(&self, article: Article) -> Result<Document, Error> {
        self.analyze_layers(article, self.layers)
    }

    /// Analyses one article for `layers` instead of this pipeline's own (a server whose
    /// requests each choose theirs shares one pipeline).
    pub fn analyze_layers(&self, article: Article, layers: Layers) -> Result<Document, Error> {
        let text = self.text.analyze(&article.text)?;
        let mut morph = WordAnalyses::default();
        self.segmenter
            .analyze_tokens(&article.text, &text.tokens, &mut morph);
        let need = layers.with_inputs();
        let entities = if need.contains(Layers::ENTITIES) {
            self.recognizer
                .entities(&article.text, &text.tokens, &text.sentences, &morph)
        } else {
            Vec::new()
        };
        let reference = article.published.as_ref().map(Published::date);
        let dates = if need.contains(Layers::DATES) {
            khabar_extract::dates::find_with(
                &text.normalized,
                &text.tokens,
                reference,
                Some(&morph),
            )
        } else {
            Vec::new()
        };
        let mut numbers = if need.contains(Layers::NUMBERS) {
            khabar_extract::numbers::find_in(&article.text, &text.normalized, &text.tokens)
        } else {
            Vec::new()
        };
        if !dates.is_empty() && !numbers.is_empty() {
            // Both lists are in text order: one merge-like walk.
            let mut d = 0;
            numbers.retain(|n| {
                while d < dates.len() && dates[d].tokens.end <= n.tokens.start {
                    d += 1;
                }
                // A duration (لمدة 3 أيام) or a period that recurs (كل 4 سنوات) keeps its
                // number: only dates take theirs.
                !dates.get(d).is_some_and(|x| {
                    x.duration.is_none()
                        && !x.recurrence.as_deref().is_some_and(|r| r.starts_with('P'))
                        && x.tokens.start <= n.tokens.start
                        && n.tokens.end <= x.tokens.end
                })
            });
        }
        // مليون برميل يوميا: a quantity per period.
        khabar_extract::numbers::per_period(&article.text, &mut numbers, &dates, &text.tokens);
        let quotes = if need.contains(Layers::QUOTES) {
            khabar_extract::quotes::find(
                &article.text,
                text.normalized.as_str(),
                &text.tokens,
                &entities,
            )
        } else {
            Vec::new()
        };
        let mut doc = Document {
            article,
            text,
            morph,
            entities,
            dates,
            numbers,
            quotes,
            keywords: Vec::new(),
            layers,
        };
        if need.contains(Layers::KEYWORDS) {
            let skip = doc.no_keyword_tokens();
            doc.keywords = self.keywords.find(&doc.keyword_input(&skip), KEYWORDS);
        }
        Ok(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_stay_in_durations_not_in_dates() {
        let doc = Pipeline::default()
            .analyze(
                Article::new("قبل 3 أيام أعلن وقفا لإطلاق النار لمدة 5 أيام")
                    .with_published("2021-01-29".parse().unwrap()),
            )
            .unwrap();
        let values: Vec<f64> = doc.numbers.iter().map(|n| n.value).collect();
        assert_eq!(values, [5.0]);
        assert_eq!(doc.dates.len(), 2);
        assert_eq!(doc.dates[1].duration.as_deref(), Some("P5D"));
    }

    #[test]
    fn a_period_after_a_quantity_makes_it_a_rate() {
        // Text written for this test.
        let text = "تنتج مليون برميل يوميا وتنمو بنسبة 4.8% سنويا، وتدفع 100 ألف دولار كل \
                    أربعة أشهر. وقتل 5 أشخاص، يوميا. وزار 7 أشخاص المدينة شهريا. وتقام كل 4 سنوات. \
                    ونشر من 5200 إلى 3000 عسكري يوميا. وقتل 6 أشخاص وكل يوم يقتل آخرون. \
                    ويدفع 90 دولارا لكل ربع سنة. وارتفع من 2017 إلى 111.7 مليون برميل يوميا.";
        let doc = Pipeline::default()
            .analyze(Article::new(text).with_published("2021-01-29".parse().unwrap()))
            .unwrap();
        let rates: Vec<(f64, Option<&str>)> = doc
            .numbers
            .iter()
            .map(|n| (n.value, n.per.as_deref()))
            .collect();
        assert_eq!(
            rates,
            [
                (1_000_000.0, Some("P1D")),
                (4.8, Some("P1Y")),
                (100_000.0, Some("P4M")),
                // The count inside a period is no rate of its own.
                (4.0, None),
                (5.0, None),
                (7.0, None),
                (4.0, None),
                (5200.0, Some("P1D")),
                (3000.0, Some("P1D")),
                // A conjunction on the period begins another clause.
                (6.0, None),
                (90.0, Some("P0.25Y")),
                (0.25, None),
                // A year is no range's start.
                (2017.0, None),
                (111_700_000.0, Some("P1D")),
            ]
        );
    }

    #[test]
    fn keywords_count_every_spelling_and_skip_function_words_dates_and_numbers() {
        // Text written for this test.
        let text = "أعلنت الحكومة العراقية اليوم موعد الانتخابات المبكرة. وقال وزير الخارجية \
                    فؤاد حسين إن الانتخابات المبكرة ستجري في العاشر من أكتوبر المقبل. وأكد حسين \
                    أن 3000 مراقب سيتابعون الانتخابات. ورحب الوزير بلينكن بالقرار، وقال بلنكن إن \
                    واشنطن تدعم الحكومة.";
        let doc = Pipeline::default()
            .analyze(Article::new(text).with_published("2021-01-29".parse().unwrap()))
            .unwrap();
        let k = &doc.keywords;
        assert!(!k.is_empty() && k.len() <= KEYWORDS);
        assert_eq!(k[0].score, 1.0);
        assert!(k.windows(2).all(|w| w[0].score >= w[1].score));
        let terms: Vec<&str> = k.iter().map(|k| k.term.as_str()).collect();
        // The recurring phrase comes first, and its words are not repeated alone.
        assert_eq!(terms[0], "انتخاب مبكر", "{terms:?}");
        assert!(!terms.contains(&"مبكر"), "{terms:?}");
        assert!(terms.contains(&"حكوم"), "{terms:?}");
        // Function words, verbs of saying, dates and numbers are never keywords.
        for t in ["في", "ان", "قال", "عاشر", "اكتوبر", "3000", "يوم"] {
            assert!(!terms.contains(&t), "{t} in {terms:?}");
        }
        // بلينكن and بلنكن are one entity, counted together.
        let blinken = k
            .iter()
            .find(|k| {
                k.entity
                    .is_some_and(|e| doc.entities[e].span.slice(text) == Some("بلينكن"))
            })
            .unwrap_or_else(|| panic!("{k:?}"));
        assert_eq!(blinken.count, 2);
        // Every keyword's span is a mention, without proclitics.
        for kw in k {
            let slice = kw.span.slice(text).unwrap();
            assert!(
                !slice.starts_with('و') || slice.starts_with("وزير"),
                "{slice}"
            );
        }
    }

    #[test]
    fn a_keyword_shows_a_mention_written_whole() {
        // Text written for this test: حكومة first with a pronoun, then whole.
        let text = "أعلنت حكومته خطة جديدة للتعبير عن الدعم. وقالت الحكومة إن الخطة تشمل \
                    دعم التعبير والتعبير الحر. وأكدت حكومتنا أن الحكومة ماضية في الخطة.";
        let doc = Pipeline::default().analyze(Article::new(text)).unwrap();
        let shown = |term: &str| {
            let kw = doc.keywords.iter().find(|k| k.term == term);
            kw.and_then(|k| k.span.slice(text))
                .unwrap_or_else(|| panic!("{term}: {:?}", doc.keywords))
        };
        assert_eq!(shown("حكوم"), "الحكومة");
        assert_eq!(shown("تعبير"), "التعبير");
    }

    /// A pipeline with fewer layers finds what the full one finds for those layers, and
    /// skips the rest.
    #[test]
    fn fewer_layers_same_results() {
        // Text written for this test.
        let text = "قال وزير الخارجية فؤاد حسين أمس: «سنستقبل 3000 زائر في العاشر من أكتوبر \
                    المقبل»، وأكد حسين أن الزيارة تكلف 5 ملايين دولار. وزار بلينكن بغداد عام 2020.";
        let published: Published = "2021-01-29".parse().unwrap();
        let run = |l: Layers| {
            Pipeline::new()
                .with_layers(l)
                .analyze(Article::new(text).with_published(published.clone()))
                .unwrap()
        };
        let full = run(Layers::ALL);
        assert!(!full.entities.is_empty() && !full.quotes.is_empty());
        let dn = run(Layers::DATES | Layers::NUMBERS);
        assert_eq!(dn.layers, Layers::DATES | Layers::NUMBERS);
        assert!(dn.entities.is_empty() && dn.quotes.is_empty() && dn.keywords.is_empty());
        let values = |d: &Document| d.numbers.iter().map(|n| n.value).collect::<Vec<_>>();
        // The year of a date is still left out of the numbers: dates are found for them.
        assert_eq!(values(&dn), values(&full));
        assert!(!values(&dn).contains(&2020.0));
        let n = run(Layers::NUMBERS);
        assert_eq!(values(&n), values(&full));
        let dates = |d: &Document| {
            d.dates
                .iter()
                .map(|x| (x.tokens.clone(), x.value.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(dates(&dn), dates(&full));
        let kw = run(Layers::KEYWORDS);
        let terms = |d: &Document| {
            d.keywords
                .iter()
                .map(|k| k.term.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(terms(&kw), terms(&full));
        let q = run(Layers::QUOTES);
        assert_eq!(q.quotes.len(), full.quotes.len());
        assert!(q.quotes[0].speaker.is_some());
        assert_eq!(q.quotes, full.quotes);
        let none = run(Layers::NONE);
        assert!(none.entities.is_empty() && none.dates.is_empty() && none.numbers.is_empty());
        assert_eq!(none.text.tokens.len(), full.text.tokens.len());
    }

    /// Quotation marks around one name make no quote (a radio station that news cites, a
    /// channel); a statement in them still does.
    #[test]
    fn a_quoted_name_is_no_quote() {
        use khabar_extract::EntityType;
        // Text written for this test.
        let text = "وأكد مدير الميناء في تصريح لمراسلة \"الجوهرة أف أم\" أن البحث متواصل. وقال \
                    الوزير لقناة \"بي بي سي\" إن \"الوضع تحت السيطرة تماما\".";
        let doc = Pipeline::new().analyze(Article::new(text)).unwrap();
        let quoted: Vec<&str> = doc.quotes.iter().map(|q| &text[q.span.range()]).collect();
        assert_eq!(quoted, ["الوضع تحت السيطرة تماما"], "{:?}", doc.entities);
        let names: Vec<(&str, EntityType)> = doc
            .entities
            .iter()
            .map(|e| (&text[e.span.range()], e.ty))
            .collect();
        assert!(
            names.contains(&("الجوهرة أف أم", EntityType::Org)),
            "{names:?}"
        );
    }

    /// The speaker is a name where the text gives one: after a title between commas, after
    /// بين (stated), and right before the verb whatever the word before it.
    #[test]
    fn a_speaker_by_name() {
        // Texts written for this test.
        let speakers = |text: &str| -> Vec<Option<String>> {
            let doc = Pipeline::new().analyze(Article::new(text)).unwrap();
            doc.quotes
                .iter()
                .map(|q| q.speaker.as_ref().map(|s| text[s.span.range()].to_string()))
                .collect()
        };
        let text = "وقال وزير الخارجية الروسي، سيرغي لافروف، إن \"الحوار هو السبيل الوحيد\".";
        assert_eq!(speakers(text), [Some("سيرغي لافروف".to_string())]);
        let text = "وبين وزير الصحة، عبد اللطيف المكي، أن \"الوضع الوبائي تحت السيطرة\".";
        assert_eq!(speakers(text), [Some("عبد اللطيف المكي".to_string())]);
        let text = "وقال الرئيس إيمانويل ماكرون: \"نحن مستعدون\". فمازحه دونالد ترامب قائلا: \"وأنا أيضا مستعد\".";
        assert_eq!(speakers(text)[1].as_deref(), Some("دونالد ترامب"));
    }

    #[test]
    fn layers_parse_and_print() {
        assert_eq!("all".parse::<Layers>(), Ok(Layers::ALL));
        assert_eq!("none".parse::<Layers>(), Ok(Layers::NONE));
        assert_eq!(
            " quotes ,entities".parse::<Layers>(),
            Ok(Layers::QUOTES | Layers::ENTITIES)
        );
        assert_eq!(
            Layers::ALL.to_string(),
            "entities,dates,numbers,quotes,keywords"
        );
        assert_eq!(Layers::NONE.to_string(), "none");
        let e = "dates,,numbers".parse::<Layers>().unwrap_err();
        assert_eq!(e, LayersError(String::new()));
        assert!("Dates".parse::<Layers>().is_err());
        assert_eq!(
            Layers::QUOTES.with_inputs(),
            Layers::QUOTES | Layers::ENTITIES
        );
        assert_eq!(
            Layers::NUMBERS.with_inputs(),
            Layers::NUMBERS | Layers::DATES
        );
        assert_eq!(
            Layers::KEYWORDS.with_inputs(),
            Layers::KEYWORDS | Layers::ENTITIES | Layers::DATES | Layers::NUMBERS
        );
    }

    #[test]
    fn published_accepts_iso_forms() {
        for (v, d) in [
            ("2021-01-29", "2021-01-29"),
            ("2021-01-29T10:00:00", "2021-01-29"),
            ("2021-01-29 23:59:59", "2021-01-29"),
            ("2018-02-18T21:35:43+04:00", "2018-02-18"),
            ("2018-02-18T01:35:43+04:00", "2018-02-18"),
            ("2018-02-18T21:35:43Z", "2018-02-18"),
            (" 2021-01-29 ", "2021-01-29"),
            ("2017-01-22T185600", "2017-01-22"),
            ("17/05/2015", "2015-05-17"),
            ("7.5.2015", "2015-05-07"),
        ] {
            let p = Published::parse(v).unwrap();
            assert_eq!(p.date().to_string(), d, "{v}");
        }
    }

    #[test]
    fn published_rejects_nonsense() {
        for v in [
            "",
            "yesterday",
            "2021-13-01",
            "2021-02-30",
            "31/02/2021",
            "05/17/2015",
            "1/2/21",
            "2021-01-29T25:00",
        ] {
            let e = Published::parse(v).unwrap_err();
            assert_eq!(e.value, v);
            assert!(e.to_string().contains("ISO 8601"), "{e}");
        }
    }
}
