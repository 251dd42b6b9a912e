//! # khabar-morph: clitic segmentation and a name-safe search analyser
//!
//! The second stage of khabar's pipeline (text -> morph -> extract -> index -> serve). No I/O:
//! the model and lexicon are compiled in.
//!
//! Arabic writes conjunctions, prepositions, the future particle and object or possessive
//! pronouns as part of the word: وبحكومتها is و + ب + حكومة + ها. [`Segmenter`] splits them
//! the way Universal Dependencies does for Arabic: each clitic is an exact slice of the word, the
//! article ال stays on its noun, and the stem carries a restored form where the spelling
//! changed (the stem of للسلطة is the slice لسلطة, form السلطة; حكومتها has حكومت, form حكومة).
//!
//! ## Brief overview
//!
//! - [`Skeleton`]: a word's letters without marks, with byte offsets.
//! - [`candidates`]: every analysis the orthography allows; [`Analysis`] is one of them.
//! - [`Segmenter`]: picks the analysis. Words in the [`Lexicon`] (ANT news corpus, 9M words)
//!   have it precomputed; other words are scored by the [`Model`], a linear model over features
//!   of the candidate and of corpus evidence (is the remainder itself a frequent word?),
//!   trained by [`train()`] (structured averaged perceptron) on UD Arabic PUD. Proper names
//!   from the gazetteers are never split.
//! - [`SearchAnalyzer`]: normalise, tokenise, segment and lightly stem, for search indexes;
//!   names keep their form.
//! - [`eval`]: "words" F1 on CoNLL-U, and cross-validation.

pub mod analysis;
pub mod eval;
pub mod foreign;
pub mod lexicon;
pub mod memo;
pub mod model;
pub mod search;
pub mod segmenter;
pub mod skeleton;
pub mod train;

pub use analysis::{Analysis, Restore, Role, Segment, article_prefix, candidates, segments};
pub use foreign::Foreign;
pub use lexicon::{Entry, Lexicon, LexiconBuilder, StemRule};
pub use memo::{InlineWord, WordMemo};
pub use model::Model;
pub use search::{SearchAnalyzer, Term};
pub use segmenter::{Buffers, Segmenter, WordAnalyses};
pub use skeleton::Skeleton;
pub use train::{Example, TrainOptions, TrainReport, train};

/// Errors of the morphology stage.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum MorphError {
    /// A model file is damaged or of another version.
    #[error("segmentation model: {0}")]
    Model(String),
    /// A lexicon file is damaged.
    #[error("lexicon: {0}")]
    Lexicon(String),
    /// A CoNLL-U file could not be parsed.
    #[error("CoNLL-U line {line}: {message}")]
    Conllu {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}
