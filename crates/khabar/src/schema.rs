//! The JSON output, schema version 1.
//!
//! ```json
//! {"schema": 1, "id": "...", "title": null, "source": null, "published": "2021-01-29",
//!  "sentences": [{"start": 0, "end": 42}],
//!  "tokens": [{"start": 0, "end": 4, "text": "ايلاف", "norm": "ايلاف", "kind": "word"}],
//!  "entities": [], "dates": [], "numbers": [], "quotes": []}
//! ```
//!
//! - `start` and `end` are **Unicode character (code point) offsets into the original text**,
//!   end exclusive: what Python's `text[start:end]` and JavaScript's
//!   `Array.from(text).slice(start, end).join("")` expect. `text` is that exact slice.
//! - `norm` is the token's search-level normal form (see `khabar_text::normalize`).
//! - `kind` is one of `word` (Arabic), `latin`, `number`, `punct`, `url`, `email`, `hashtag`,
//!   `mention`, `symbol`, `other` (letters of another script).
//! - Keys are stable within a schema version. Later versions of khabar fill `entities`, `dates`,
//!   `numbers` and `quotes`, and may add keys; they never remove or rename one without raising
//!   `schema`.

use khabar_text::{CharOffsets, Span, TokenKind};
use serde::{Deserialize, Serialize};

use crate::Document;

/// The schema version this module writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The JSON form of an analysed article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Schema version: [`SCHEMA_VERSION`].
    pub schema: u32,
    /// The article's identifier, if any.
    pub id: Option<String>,
    /// The article's headline, if any.
    pub title: Option<String>,
    /// The article's source, if any.
    pub source: Option<String>,
    /// The publication (reference) date as given, if any.
    pub published: Option<String>,
    /// Sentences in text order.
    pub sentences: Vec<SentenceJson>,
    /// Tokens in text order.
    pub tokens: Vec<TokenJson>,
    /// Named entities (filled by a later stage).
    pub entities: Vec<Unfilled>,
    /// Dates and times (filled by a later stage).
    pub dates: Vec<Unfilled>,
    /// Numbers (filled by a later stage).
    pub numbers: Vec<Unfilled>,
    /// Quotes (filled by a later stage).
    pub quotes: Vec<Unfilled>,
}

/// The element type of a layer this version of khabar does not produce yet: always empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unfilled {}

/// A sentence: character offsets into the original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceJson {
    /// First character.
    pub start: u32,
    /// One past the last character.
    pub end: u32,
}

/// A token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenJson {
    /// First character in the original text.
    pub start: u32,
    /// One past the last character in the original text.
    pub end: u32,
    /// The exact original slice.
    pub text: String,
    /// The search-level normal form.
    pub norm: String,
    /// The token kind.
    pub kind: TokenKind,
}

impl Analysis {
    /// Builds the JSON form of `doc`, converting byte offsets to character offsets.
    pub fn from_document(doc: &Document) -> Self {
        let original = doc.original();
        let chars = CharOffsets::new(original);
        let slice = |s: Span| original.get(s.range()).unwrap_or_default().to_string();
        let a = &doc.text;
        Analysis {
            schema: SCHEMA_VERSION,
            id: doc.article.id.clone(),
            title: doc.article.title.clone(),
            source: doc.article.source.clone(),
            published: doc
                .article
                .published
                .as_ref()
                .map(|p| p.as_str().to_string()),
            sentences: a
                .sentences
                .iter()
                .map(|s| {
                    let (start, end) = chars.convert(s.span);
                    SentenceJson { start, end }
                })
                .collect(),
            tokens: a
                .tokens
                .iter()
                .map(|t| {
                    let (start, end) = chars.convert(t.span);
                    TokenJson {
                        start,
                        end,
                        text: slice(t.span),
                        norm: a.norm(t).to_string(),
                        kind: t.kind,
                    }
                })
                .collect(),
            entities: Vec::new(),
            dates: Vec::new(),
            numbers: Vec::new(),
            quotes: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Article, Pipeline};

    #[test]
    fn keys_and_offsets() {
        let text = "\u{200F}قال «بلينكن» 😀 ٥٬٢٠٠.";
        let doc = Pipeline::default()
            .analyze(Article::new(text).with_id("a1"))
            .unwrap();
        let v = serde_json::to_value(doc.to_schema()).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        for k in [
            "schema",
            "id",
            "published",
            "sentences",
            "tokens",
            "entities",
            "dates",
            "numbers",
            "quotes",
        ] {
            assert!(keys.contains(&k), "missing {k}");
        }
        let chars: Vec<char> = text.chars().collect();
        for t in v["tokens"].as_array().unwrap() {
            let (s, e) = (
                t["start"].as_u64().unwrap() as usize,
                t["end"].as_u64().unwrap() as usize,
            );
            let slice: String = chars[s..e].iter().collect();
            assert_eq!(slice, t["text"].as_str().unwrap());
        }
        assert_eq!(
            v["tokens"][0]["start"], 1,
            "the RLM before the first word is not part of it"
        );
        assert_eq!(v["tokens"][5]["norm"], "5,200");
        assert_eq!(v["tokens"][5]["kind"], "number");
        assert_eq!(v["entities"], serde_json::json!([]));
    }
}
