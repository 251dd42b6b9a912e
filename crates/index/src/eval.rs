//! Retrieval evaluation: metrics, and the tantivy baselines khabar is compared with.
//!
//! A [`Case`] is a query with the identifiers of its relevant documents. [`evaluate`] ranks
//! each query with a [`Ranker`] and reports MRR@10, recall at 10 and 100, and the latency of
//! each query (wall clock, one thread).

use std::collections::HashSet;
use std::time::Instant;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, TantivyDocument, Term};

use crate::store::{ArticleIndex, IndexError};

/// One query and what it should find.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The query text.
    pub query: String,
    /// Identifiers of the relevant documents.
    pub relevant: Vec<String>,
}

/// Anything that ranks documents for a query.
pub trait Ranker {
    /// A short name for reports.
    fn name(&self) -> &str;
    /// The identifiers of the best `k` documents for `query`, best first.
    fn rank(&self, query: &str, k: usize) -> Result<Vec<String>, IndexError>;
}

impl Ranker for ArticleIndex {
    fn name(&self) -> &str {
        "khabar"
    }

    fn rank(&self, query: &str, k: usize) -> Result<Vec<String>, IndexError> {
        self.rank_ids(query, k)
    }
}

/// The figures for one ranker on one set of cases.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Metrics {
    /// Number of queries.
    pub queries: usize,
    /// Mean reciprocal rank of the first relevant document in the top 10 (0 when absent).
    pub mrr10: f64,
    /// Share of queries with a relevant document in the top 10.
    pub recall10: f64,
    /// Share of queries with a relevant document in the top 100.
    pub recall100: f64,
    /// Median query latency in milliseconds.
    pub p50_ms: f64,
    /// 99th percentile query latency in milliseconds.
    pub p99_ms: f64,
    /// The rank of the first relevant document for each case (within the top 100).
    #[serde(skip)]
    pub ranks: Vec<Option<usize>>,
}

/// The 1-based rank of the first relevant identifier in `ranked`, if any.
pub fn first_relevant(ranked: &[String], relevant: &HashSet<&str>) -> Option<usize> {
    ranked
        .iter()
        .position(|id| relevant.contains(id.as_str()))
        .map(|i| i + 1)
}

/// The `q`-quantile (0..=1) of `values` (nearest rank); 0 for no values.
pub fn quantile(values: &mut [f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}

/// Runs every case through `ranker`.
pub fn evaluate(ranker: &dyn Ranker, cases: &[Case]) -> Result<Metrics, IndexError> {
    let mut m = Metrics {
        queries: cases.len(),
        ..Metrics::default()
    };
    let mut times = Vec::with_capacity(cases.len());
    for case in cases {
        let relevant: HashSet<&str> = case.relevant.iter().map(String::as_str).collect();
        let t = Instant::now();
        let ranked = ranker.rank(&case.query, 100)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        let rank = first_relevant(&ranked, &relevant);
        m.ranks.push(rank);
        match rank {
            Some(r) if r <= 10 => {
                m.mrr10 += 1.0 / r as f64;
                m.recall10 += 1.0;
                m.recall100 += 1.0;
            }
            Some(_) => m.recall100 += 1.0,
            None => {}
        }
    }
    if !cases.is_empty() {
        let n = cases.len() as f64;
        m.mrr10 /= n;
        m.recall10 /= n;
        m.recall100 /= n;
    }
    m.p50_ms = quantile(&mut times, 0.5);
    m.p99_ms = quantile(&mut times, 0.99);
    Ok(m)
}

/// The analysers khabar is compared with, as a tantivy user would set them up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Baseline {
    /// tantivy's `default` tokenizer: SimpleTokenizer, RemoveLongFilter(40), LowerCaser.
    TantivyDefault,
    /// The same plus tantivy's Snowball Arabic stemmer.
    TantivySnowball,
}

impl Baseline {
    /// Every baseline.
    pub const ALL: [Baseline; 2] = [Baseline::TantivyDefault, Baseline::TantivySnowball];

    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Baseline::TantivyDefault => "tantivy default",
            Baseline::TantivySnowball => "tantivy + Snowball ar",
        }
    }

    fn analyzer(self) -> TextAnalyzer {
        let b = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser);
        match self {
            Baseline::TantivyDefault => b.build(),
            Baseline::TantivySnowball => b.filter(Stemmer::new(Language::Arabic)).build(),
        }
    }
}

/// A plain tantivy index of (id, text) with a baseline analyser, in memory, queried as
/// tantivy's `QueryParser` reads plain words (terms combined with OR, BM25).
pub struct BaselineIndex {
    baseline: Baseline,
    index: Index,
    reader: IndexReader,
    id: Field,
    text: Field,
}

impl std::fmt::Debug for BaselineIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BaselineIndex")
            .field("baseline", &self.baseline)
            .finish_non_exhaustive()
    }
}

impl BaselineIndex {
    /// Indexes `docs` (identifier, text) in memory.
    pub fn build<'a>(
        baseline: Baseline,
        docs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<BaselineIndex, IndexError> {
        let mut b = Schema::builder();
        let id = b.add_text_field("id", STRING | STORED);
        let text = b.add_text_field(
            "text",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("baseline")
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        );
        let index = Index::create_in_ram(b.build());
        index.tokenizers().register("baseline", baseline.analyzer());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 200_000_000)?;
        for (i, t) in docs {
            let mut d = TantivyDocument::new();
            d.add_text(id, i);
            d.add_text(text, t);
            writer.add_document(d)?;
        }
        writer.commit()?;
        let reader = index.reader()?;
        Ok(BaselineIndex {
            baseline,
            index,
            reader,
            id,
            text,
        })
    }

    /// The text field.
    pub fn text_field(&self) -> Field {
        self.text
    }

    /// The tantivy index.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }
}

impl Ranker for BaselineIndex {
    fn name(&self) -> &str {
        self.baseline.name()
    }

    fn rank(&self, query: &str, k: usize) -> Result<Vec<String>, IndexError> {
        // Plain words, as for khabar: what tantivy's QueryParser makes of text without
        // syntax (each token a term, combined with OR). Titles and questions hold quotes,
        // colons and brackets that the parser would read as syntax.
        let mut analyzer = self
            .index
            .tokenizers()
            .get("baseline")
            .ok_or_else(|| IndexError::Query("no baseline tokenizer".into()))?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut stream = analyzer.token_stream(query);
        while let Some(t) = stream.next() {
            let term = Term::from_field_text(self.text, &t.text);
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
            ));
        }
        let q = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let top = searcher.search(&q, &TopDocs::with_limit(k).order_by_score())?;
        let mut ids = Vec::with_capacity(top.len());
        for (_, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            ids.push(
                d.get_first(self.id)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string(),
            );
        }
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed(Vec<String>);

    impl Ranker for Fixed {
        fn name(&self) -> &str {
            "fixed"
        }
        fn rank(&self, _: &str, k: usize) -> Result<Vec<String>, IndexError> {
            Ok(self.0.iter().take(k).cloned().collect())
        }
    }

    #[test]
    fn metrics_count_the_first_relevant_rank() {
        let ranked: Vec<String> = (0..200).map(|i| i.to_string()).collect();
        let case = |q: &str, r: &[&str]| Case {
            query: q.into(),
            relevant: r.iter().map(|s| s.to_string()).collect(),
        };
        let cases = [
            case("a", &["0"]),      // rank 1
            case("b", &["3", "1"]), // rank 2
            case("c", &["50"]),     // rank 51: only recall@100
            case("d", &["150"]),    // beyond 100: nothing
        ];
        let m = evaluate(&Fixed(ranked), &cases).unwrap();
        assert_eq!(m.queries, 4);
        assert!((m.mrr10 - (1.0 + 0.5) / 4.0).abs() < 1e-9);
        assert!((m.recall10 - 0.5).abs() < 1e-9);
        assert!((m.recall100 - 0.75).abs() < 1e-9);
    }

    #[test]
    fn quantiles_use_the_nearest_rank() {
        let mut v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(quantile(&mut v, 0.5), 50.0);
        assert_eq!(quantile(&mut v, 0.99), 99.0);
        assert_eq!(quantile(&mut [], 0.5), 0.0);
    }

    #[test]
    fn baselines_rank_and_snowball_stems() {
        let docs = [("1", "المدارس الحكومية في المدينة"), ("2", "كرة القدم")];
        let plain = BaselineIndex::build(Baseline::TantivyDefault, docs).unwrap();
        let stem = BaselineIndex::build(Baseline::TantivySnowball, docs).unwrap();
        assert_eq!(plain.rank("القدم", 10).unwrap(), ["2"]);
        // A query with syntax characters still runs.
        assert_eq!(plain.rank("القدم: (\"", 10).unwrap(), ["2"]);
        assert_eq!(stem.rank("المدينة", 10).unwrap(), ["1"]);
        assert!(stem.rank("غائب", 10).unwrap().is_empty());
    }
}
