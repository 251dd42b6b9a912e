//! The demo index: the project's own example articles (`examples/demo.jsonl`, 30 fictional
//! articles written for khabar),
//! compiled into the binary and indexed in memory at start-up, so `khabar serve` shows something
//! useful before any data has been indexed.

use khabar::Pipeline;
use khabar_index::{ArticleIndex, IndexError, prepare};

/// The example files, as (name, JSONL).
pub const FILES: [(&str, &str); 1] = [(
    "examples/demo.jsonl",
    include_str!("../../../examples/demo.jsonl"),
)];

/// Why the demo index could not be built (a bug: the examples are checked by the tests).
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// An example record is malformed.
    #[error("{0}")]
    Record(#[from] khabar_corpus::RecordError),
    /// An example failed to analyse.
    #[error("example {id}: {source}")]
    Analysis {
        /// The article.
        id: String,
        /// Why.
        source: khabar::Error,
    },
    /// The index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// Builds the demo index in memory (about a second).
pub fn build() -> Result<ArticleIndex, DemoError> {
    let index = ArticleIndex::in_ram()?;
    let mut writer = index.writer(50 << 20, 1)?;
    let pipeline = Pipeline::new();
    let fields = index.fields();
    for (name, text) in FILES {
        for record in khabar_corpus::jsonl_from_reader(text.as_bytes(), name) {
            let article = record?.article;
            let id = article.id.clone().unwrap_or_default();
            let doc = pipeline
                .analyze(article)
                .map_err(|source| DemoError::Analysis { id, source })?;
            writer.add_prepared(prepare(&fields, &doc))?;
        }
    }
    writer.finish()?;
    index.reload()?;
    Ok(index)
}
