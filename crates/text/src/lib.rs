//! # khabar-text: the Arabic text core
//!
//! The first stage of khabar's pipeline (text -> morph -> extract -> index -> serve). It has no
//! I/O: give it a `&str`, get back normalised text, tokens and sentences, each pointing into the
//! original text.
//!
//! ## Brief overview
//!
//! - [`Normalizer`] turns text into a [`Normalized`] text at a [`Level`] (`display` or `search`),
//!   with an [`Alignment`] back to the original for every offset. The mapping table is in the
//!   [`normalize`] module docs.
//! - [`Tokenizer`] splits normalised text into [`Token`]s of a [`TokenKind`]; each token carries
//!   its [`Span`] in the original and in the normalised text.
//! - [`split_sentences`] groups tokens into [`Sentence`]s.
//! - [`TextPipeline`] runs the three and fills a [`TextAnalysis`].
//! - [`Span`] is the one range type used for everything found in text; [`CharOffsets`] converts
//!   its byte offsets to the Unicode character offsets used in JSON output.
//!
//! ```
//! use khabar_text::{TextPipeline, TokenKind};
//!
//! let text = "أكد وزير الخارجيّة الأميركي أنتوني بلينكن دعم بلاده للعراق.";
//! let analysis = TextPipeline::default().analyze(text).unwrap();
//! let forms: Vec<&str> = analysis.tokens.iter().map(|t| analysis.norm(t)).collect();
//! assert_eq!(forms[2], "الخارجيه");
//! assert_eq!(forms[3], "الاميركي");
//! assert_eq!(analysis.tokens.last().unwrap().kind, TokenKind::Punct);
//! assert_eq!(&text[analysis.tokens[2].span.range()], "الخارجيّة");
//! ```

pub mod metrics;
pub mod normalize;
pub mod sentence;
pub mod span;
pub mod token;

pub use normalize::{Alignment, Level, NormalizeOptions, Normalized, Normalizer, Piece};
pub use sentence::{Sentence, split_sentences};
pub use span::{CharOffsets, Span};
pub use token::{Token, TokenKind, Tokenizer};

/// The largest text khabar analyses as one document: 256 MiB, far beyond any article. Offsets
/// are 32-bit and normalisation can lengthen text (ﷲ becomes الله), and the analysis takes about
/// six times the text's size in memory, so the limit keeps both in bounds.
pub const MAX_TEXT_LEN: usize = 256 << 20;

/// Errors of the text core.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum TextError {
    /// The text is longer than [`MAX_TEXT_LEN`] bytes.
    #[error("text of {len} bytes is longer than the {max} bytes one document may hold")]
    TooLong {
        /// Length of the text in bytes.
        len: usize,
        /// The limit, [`MAX_TEXT_LEN`].
        max: usize,
    },
}

/// The text layer of an analysis: normalised text, tokens and sentences.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextAnalysis {
    /// The search-level normalised text and its alignment to the original.
    pub normalized: Normalized,
    /// Tokens in text order, non-overlapping.
    pub tokens: Vec<Token>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
}

impl TextAnalysis {
    /// The normalised form of `token`.
    #[inline]
    pub fn norm(&self, token: &Token) -> &str {
        token.norm_str(self.normalized.as_str())
    }
}

/// Normalise, tokenise and split sentences, with buffers reused across documents.
#[derive(Clone, Debug, Default)]
pub struct TextPipeline {
    normalizer: Normalizer,
}

impl TextPipeline {
    /// A pipeline that normalises with `options` (the `norm` of each token is at that level).
    pub fn new(options: impl Into<NormalizeOptions>) -> Self {
        TextPipeline {
            normalizer: Normalizer::new(options),
        }
    }

    /// The pipeline's normaliser.
    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }

    /// Analyses `text`.
    pub fn analyze(&self, text: &str) -> Result<TextAnalysis, TextError> {
        let mut out = TextAnalysis::default();
        self.analyze_into(text, &mut out)?;
        Ok(out)
    }

    /// Analyses `text` into `out`, reusing its allocations.
    pub fn analyze_into(&self, text: &str, out: &mut TextAnalysis) -> Result<(), TextError> {
        if text.len() > MAX_TEXT_LEN {
            return Err(TextError::TooLong {
                len: text.len(),
                max: MAX_TEXT_LEN,
            });
        }
        self.normalizer.normalize_into(text, &mut out.normalized);
        Tokenizer.tokenize_into(&out.normalized, &mut out.tokens);
        split_sentences(
            text,
            out.normalized.as_str(),
            &out.tokens,
            &mut out.sentences,
        );
        Ok(())
    }
}
