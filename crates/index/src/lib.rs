//! # khabar-index: Arabic search with tantivy
//!
//! The index stage of khabar's pipeline (text -> morph -> extract -> index -> serve):
//! - [`ArticleIndex`]: an index of analysed articles in a directory, with BM25 search over
//!   khabar's analyser, phrase queries, filters by source and date, name-variant matching and
//!   snippets in the original spelling ([`SearchRequest`], [`SearchResults`]);
//! - [`KhabarTokenizer`]: the analyser as a tantivy tokenizer for any tantivy user;
//! - [`eval`]: retrieval metrics and the baselines khabar is measured against.
//!
//! [`KhabarTokenizer`] runs khabar's search analyser: normalise, tokenise, split clitics,
//! light-stem, keep proper names whole. Register it once and point text fields at it:
//!
//! ```
//! use khabar_index::KhabarTokenizer;
//! use tantivy::collector::TopDocs;
//! use tantivy::query::QueryParser;
//! use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED};
//! use tantivy::{Index, TantivyDocument, doc};
//!
//! let mut schema = Schema::builder();
//! let indexing = TextFieldIndexing::default()
//!     .set_tokenizer("khabar")
//!     .set_index_option(IndexRecordOption::WithFreqsAndPositions);
//! let text = schema.add_text_field("text", TextOptions::default().set_indexing_options(indexing) | STORED);
//! let index = Index::create_in_ram(schema.build());
//! index.tokenizers().register("khabar", KhabarTokenizer::default()); // the one line
//!
//! let mut writer = index.writer(15_000_000)?;
//! writer.add_document(doc!(text => "وشدد بلينكن على دعم واشنطن للحكومة العراقية"))?;
//! writer.add_document(doc!(text => "قال وزير الخارجية إن الحكومات ستجتمع"))?;
//! writer.commit()?;
//!
//! let searcher = index.reader()?.searcher();
//! let parser = QueryParser::for_index(&index, vec![text]);
//! // وواشنطن finds واشنطن; الحكومة finds للحكومة and الحكومات.
//! let hits = searcher.search(&parser.parse_query("وواشنطن")?, &TopDocs::with_limit(10).order_by_score())?;
//! assert_eq!(hits.len(), 1);
//! let hits = searcher.search(&parser.parse_query("الحكومة")?, &TopDocs::with_limit(10).order_by_score())?;
//! assert_eq!(hits.len(), 2);
//! # Ok::<(), tantivy::TantivyError>(())
//! ```
//!
//! Registered tokenizers are not stored in the index: register it again after
//! `Index::open_in_dir`.

mod coverage;
pub mod eval;
mod facets;
pub mod query;
pub mod snippet;
pub mod store;
pub mod timeline;

pub use query::{SearchRequest, Sort};
pub use snippet::Snippet;
pub use store::{
    ArticleIndex, ArticleWriter, Hit, IndexError, Prepared, Ready, SearchResults, StoredArticle,
    article_id, content_hash, prepare,
};
pub use timeline::{Bucket, Interval, Timeline};

use khabar_morph::SearchAnalyzer;
use khabar_morph::search::SearchBuffers;
use tantivy_tokenizer_api::{Token, TokenStream, Tokenizer};

/// A tantivy [`Tokenizer`] running khabar's search analyser ([`SearchAnalyzer`]).
///
/// Each token's text is the index term (حكوم for وبحكومتها), its offsets are byte offsets of
/// the stem in the original text (for highlighting), and its position counts words, so phrase
/// queries work across clitics.
#[derive(Default)]
pub struct KhabarTokenizer {
    analyzer: SearchAnalyzer,
    tokens: Vec<Token>,
}

impl Clone for KhabarTokenizer {
    fn clone(&self) -> Self {
        // Tokens are scratch space: a clone starts with its own.
        KhabarTokenizer {
            analyzer: self.analyzer.clone(),
            tokens: Vec::new(),
        }
    }
}

impl std::fmt::Debug for KhabarTokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KhabarTokenizer")
    }
}

/// The tokens of one text.
#[derive(Debug)]
pub struct KhabarTokenStream<'a> {
    tokens: &'a mut [Token],
    /// Index of the current token plus one (0 before the first `advance`).
    next: usize,
}

impl Tokenizer for KhabarTokenizer {
    type TokenStream<'a> = KhabarTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> KhabarTokenStream<'a> {
        let tokens = &mut self.tokens;
        let mut n = 0;
        // The thread's buffers: their word cache stays warm across clones of the tokenizer.
        SearchBuffers::with_thread_buffers(|buf| {
            self.analyzer.terms_into(text, buf, |t| {
                // Reuse the token (and its string) from the last text where there is one.
                if n == tokens.len() {
                    tokens.push(Token::default());
                }
                let tok = &mut tokens[n];
                tok.offset_from = t.span.start as usize;
                tok.offset_to = t.span.end as usize;
                tok.position = t.position as usize;
                tok.position_length = 1;
                tok.text.clear();
                tok.text.push_str(&t.text);
                n += 1;
            });
        });
        KhabarTokenStream {
            tokens: &mut tokens[..n],
            next: 0,
        }
    }
}

impl TokenStream for KhabarTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next.saturating_sub(1)]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next.saturating_sub(1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_terms_offsets_and_positions() {
        let text = "وبحكومتها، وواشنطن";
        let mut tok = KhabarTokenizer::default();
        let mut stream = tok.token_stream(text);
        let mut seen = Vec::new();
        while let Some(t) = stream.next() {
            seen.push((
                t.text.clone(),
                &text[t.offset_from..t.offset_to],
                t.position,
            ));
        }
        assert_eq!(
            seen,
            [
                ("حكوم".to_string(), "حكومت", 0),
                ("واشنطن".to_string(), "واشنطن", 1)
            ]
        );
        // A second text reuses the buffers and forgets the first.
        let mut stream = tok.token_stream("لبنان");
        assert!(stream.advance());
        assert_eq!(stream.token().text, "لبنان");
        assert!(!stream.advance());
    }
}
