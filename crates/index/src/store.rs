//! The article index: a tantivy index in a directory, with khabar's analyser on its text
//! fields.

use std::path::{Path, PathBuf};

use khabar::{Article, Document, Pipeline};
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{Query, TermQuery};
use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption,
    STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::{
    LowerCaser, PreTokenizedString, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
};
use tantivy::{
    DateTime, DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument,
    Term,
};

use crate::KhabarTokenizer;
use crate::query::{self, SearchRequest, Sort};
use crate::snippet::{self, Snippet};
use khabar_morph::SearchAnalyzer;
use khabar_morph::search::SearchBuffers;

/// The name the khabar analyser is registered under in every khabar index.
pub const TOKENIZER: &str = "khabar";

/// The name of the analyser of the `exact` field (tantivy's default, registered under our own
/// name so that the index does not depend on tantivy's defaults).
pub const EXACT_TOKENIZER: &str = "khabar_exact";

/// Words of the text that make its lead.
pub const LEAD_WORDS: usize = 30;

/// Version of the index layout. An index written with another version is refused with a
/// message to rebuild it.
pub const SCHEMA_VERSION: u32 = 7;

/// The name of the file, in the index directory, that records [`SCHEMA_VERSION`].
const VERSION_FILE: &str = "khabar-index.json";

/// What can go wrong with an index.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IndexError {
    /// There is no index at the path.
    #[error("{path}: no khabar index here (build one with `khabar index --index {path} FILES`)")]
    Missing {
        /// The directory.
        path: String,
    },
    /// The directory holds an index of another layout or another program.
    #[error("{path}: {reason}")]
    Incompatible {
        /// The directory.
        path: String,
        /// What does not match.
        reason: String,
    },
    /// A file system error.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: String,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// An error from tantivy.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// A query that cannot run.
    #[error("bad query: {0}")]
    Query(String),
    /// An article that could not be analysed.
    #[error("{id}: cannot analyse: {source}")]
    Analysis {
        /// The article's identifier.
        id: String,
        /// Why.
        #[source]
        source: khabar::Error,
    },
}

impl IndexError {
    /// True when another writer holds the index's lock (one writer at a time).
    pub fn is_locked(&self) -> bool {
        matches!(
            self,
            IndexError::Tantivy(tantivy::TantivyError::LockFailure(..))
        )
    }
}

/// The fields of a khabar index.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// The article's identifier (raw, stored): the key for replacing a document.
    pub id: Field,
    /// The headline's terms (khabar analyser, positions).
    pub title: Field,
    /// The text's terms (khabar analyser, positions).
    pub text: Field,
    /// The headline as given (stored only).
    pub headline: Field,
    /// The text as given (stored only): snippets and articles come from here.
    pub body: Field,
    /// The lead: the first [`LEAD_WORDS`] words of the text (khabar analyser, not stored).
    /// News restates its headline in its first sentences, so a match there counts extra.
    pub lead: Field,
    /// Title and text under a coarser analyser: khabar's terms, then the Snowball Arabic
    /// stemmer ([`root`]). Matches here add recall for inflected forms khabar's light
    /// stemmer keeps apart; the exact field still ranks them first.
    pub roots: Field,
    /// Title and text as character 4-grams of khabar's terms ([`grams`]): partial evidence
    /// for a word written in another form than the query's (a broken plural, a derived
    /// noun, a misspelling), which Arabic retrieval has long profited from.
    pub grams: Field,
    /// Title and text as printed, word for word (tantivy's default analyser: no clitic split,
    /// no stemming). An exact match of the query's word forms is evidence too.
    pub exact: Field,
    /// The entities named, one column per type in [`ENTITY_TYPES`] order (fast, multi-valued):
    /// `key` U+001F `name`, the canonical form as [`entity_key`] folds it (so spellings count
    /// together) and as printed (for display). Facet counts read these columns.
    pub entity_columns: [Field; 4],
    /// The same entities with their names as printed, as facets `/PER/فواد حسين/فؤاد حسين`
    /// (type, key, name; stored): the entities of each hit, and the name a facet shows (the
    /// most frequent spelling of its key among the matching articles).
    pub entity_name: Field,
    /// The entities' canonical forms at the search level (hamza, alef maqsura and ta marbuta
    /// folded), for filtering by an entity however it is typed.
    pub entity_key: Field,
    /// The Latin forms of the entities the gazetteers know (بلينكن -> Blynken), so a search
    /// in Latin script finds the article.
    pub latin: Field,
    /// The days the article's dates resolve to (a month or a year counts from its first day),
    /// for a search by the time an article talks about rather than when it appeared.
    pub mentions: Field,
    /// Who is quoted: each quote's speaker, as [`entity_key`] folds the canonical name of its
    /// entity (or the speaker's words when no entity is known).
    pub speaker: Field,
    /// The source (raw, stored, fast).
    pub source: Field,
    /// The publication day (stored, fast, indexed for ranges).
    pub published: Field,
    /// A hash of the article's content, so that re-running an ingest skips what it has.
    pub hash: Field,
    /// The number of words in the text.
    pub words: Field,
}

impl Fields {
    fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        // Terms come pre-tokenised from `prepare` (khabar's analyser, run once per article on
        // the caller's threads); the tokenizer named here serves tantivy's own query parser.
        let terms = |positions: bool| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(TOKENIZER)
                    .set_index_option(if positions {
                        IndexRecordOption::WithFreqsAndPositions
                    } else {
                        IndexRecordOption::WithFreqs
                    }),
            )
        };
        let fields = Fields {
            id: b.add_text_field("id", STRING | STORED | FAST),
            title: b.add_text_field("title", terms(true)),
            text: b.add_text_field("text", terms(true)),
            headline: b.add_text_field("headline", STORED),
            body: b.add_text_field("body", STORED),
            lead: b.add_text_field("lead", terms(true)),
            exact: b.add_text_field(
                "exact",
                TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(EXACT_TOKENIZER)
                        .set_index_option(IndexRecordOption::WithFreqs),
                ),
            ),
            roots: b.add_text_field("roots", terms(false)),
            grams: b.add_text_field("grams", terms(false)),
            entity_columns: ENTITY_TYPES.map(|ty| {
                b.add_text_field(&entity_column(ty), TextOptions::default().set_fast("raw"))
            }),
            entity_name: b.add_facet_field("entity_name", FacetOptions::default().set_stored()),
            entity_key: b.add_text_field("entity_key", STRING),
            latin: b.add_text_field(
                "latin",
                TextOptions::default().set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(EXACT_TOKENIZER)
                        .set_index_option(IndexRecordOption::WithFreqs),
                ),
            ),
            mentions: b.add_date_field(
                "mentions",
                DateOptions::default()
                    .set_indexed()
                    .set_fast()
                    .set_precision(DateTimePrecision::Seconds),
            ),
            speaker: b.add_text_field("speaker", STRING | STORED),
            source: b.add_text_field("source", STRING | STORED | FAST),
            published: b.add_date_field(
                "published",
                DateOptions::default()
                    .set_indexed()
                    .set_stored()
                    .set_fast()
                    .set_precision(DateTimePrecision::Seconds),
            ),
            hash: b.add_u64_field("hash", STORED | INDEXED),
            words: b.add_u64_field("words", STORED),
        };
        (b.build(), fields)
    }

    fn from_schema(schema: &Schema) -> Result<Fields, String> {
        let f = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| format!("the index has no field `{name}`"))
        };
        let mut entity_columns = Vec::with_capacity(ENTITY_TYPES.len());
        for ty in ENTITY_TYPES {
            entity_columns.push(f(&entity_column(ty))?);
        }
        Ok(Fields {
            id: f("id")?,
            title: f("title")?,
            text: f("text")?,
            headline: f("headline")?,
            body: f("body")?,
            lead: f("lead")?,
            roots: f("roots")?,
            grams: f("grams")?,
            exact: f("exact")?,
            entity_columns: entity_columns
                .try_into()
                .map_err(|_| "the entity columns are incomplete".to_string())?,
            entity_name: f("entity_name")?,
            entity_key: f("entity_key")?,
            latin: f("latin")?,
            mentions: f("mentions")?,
            speaker: f("speaker")?,
            source: f("source")?,
            published: f("published")?,
            hash: f("hash")?,
            words: f("words")?,
        })
    }
}

/// A stored article, as the index gives it back.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct StoredArticle {
    /// The identifier.
    pub id: String,
    /// The headline, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The text.
    pub text: String,
    /// The source, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The publication day (YYYY-MM-DD), if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The entities the article names (one per cluster, canonical form).
    pub entities: Vec<EntityName>,
}

/// The entity types, as facet roots.
pub const ENTITY_TYPES: [&str; 4] = ["PER", "LOC", "ORG", "MISC"];

/// The start of the name of each entity type's fast column.
pub(crate) const ENTITY_COLUMN_PREFIX: &str = "entities_";

/// The fast column of an entity type's entities (`entities_PER`...).
pub(crate) fn entity_column(ty: &str) -> String {
    format!("{ENTITY_COLUMN_PREFIX}{ty}")
}

/// One search result.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Hit {
    /// The article's identifier.
    pub id: String,
    /// The BM25 score.
    pub score: f32,
    /// The headline, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The source, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The publication day (YYYY-MM-DD), if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The best passage of the text, with the matches marked.
    pub snippet: Snippet,
    /// The entities the article names (one per cluster, canonical form).
    pub entities: Vec<EntityName>,
}

/// An entity as the index keeps it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct EntityName {
    /// `PER`, `LOC`, `ORG` or `MISC`.
    #[serde(rename = "type")]
    pub ty: String,
    /// The canonical form.
    pub name: String,
}

/// Facet counts over the articles a search matches.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Facets {
    /// The most named entities of each type (`PER`, `LOC`, `ORG`, `MISC`), with the number of
    /// matching articles naming them, most first.
    pub entities: std::collections::BTreeMap<String, Vec<(String, u64)>>,
    /// The sources, with their numbers of matching articles, most first.
    pub sources: Vec<(String, u64)>,
}

/// The results of a search.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SearchResults {
    /// Number of matching articles.
    pub total: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
    /// The index terms the query searched for, with the name variants it added.
    pub terms: Vec<String>,
    /// Facet counts, when asked for ([`SearchRequest::facets`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
}

/// A khabar article index.
pub struct ArticleIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for ArticleIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArticleIndex")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.display().to_string(),
        source,
    }
}

impl ArticleIndex {
    /// Opens the index in `dir`, creating it (and the directory) if there is none.
    pub fn open_or_create(dir: &Path) -> Result<ArticleIndex, IndexError> {
        if dir.join(VERSION_FILE).exists() || dir.join("meta.json").exists() {
            return ArticleIndex::open(dir);
        }
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        if std::fs::read_dir(dir)
            .map_err(io_err(dir))?
            .next()
            .is_some()
        {
            return Err(IndexError::Incompatible {
                path: dir.display().to_string(),
                reason: "the directory is not empty and holds no khabar index; \
                         choose a new or empty one"
                    .into(),
            });
        }
        let (schema, fields) = Fields::schema();
        let mmap = MmapDirectory::open(dir).map_err(|e| IndexError::Io {
            path: dir.display().to_string(),
            source: std::io::Error::other(e.to_string()),
        })?;
        let index = Index::create(mmap, schema, tantivy::IndexSettings::default())?;
        let version = format!("{{\"schema_version\":{SCHEMA_VERSION}}}\n");
        let file = dir.join(VERSION_FILE);
        std::fs::write(&file, version).map_err(io_err(&file))?;
        ArticleIndex::with_index(index, fields, Some(dir.to_path_buf()))
    }

    /// Opens the index in `dir`.
    pub fn open(dir: &Path) -> Result<ArticleIndex, IndexError> {
        let path = dir.display().to_string();
        let version_file = dir.join(VERSION_FILE);
        let version = match std::fs::read_to_string(&version_file) {
            Ok(v) => v,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(if dir.join("meta.json").exists() {
                    IndexError::Incompatible {
                        path,
                        reason: "a tantivy index, but not one written by khabar".into(),
                    }
                } else {
                    IndexError::Missing { path }
                });
            }
            Err(e) => return Err(io_err(&version_file)(e)),
        };
        let found: Option<u32> = serde_json::from_str::<serde_json::Value>(&version)
            .ok()
            .and_then(|v| v.get("schema_version")?.as_u64())
            .and_then(|v| u32::try_from(v).ok());
        if found != Some(SCHEMA_VERSION) {
            return Err(IndexError::Incompatible {
                path,
                reason: format!(
                    "index layout {} but this khabar reads layout {SCHEMA_VERSION}; \
                     rebuild the index",
                    found.map_or("unknown".to_string(), |v| v.to_string())
                ),
            });
        }
        let index = Index::open_in_dir(dir)?;
        let fields = Fields::from_schema(&index.schema())
            .map_err(|reason| IndexError::Incompatible { path, reason })?;
        ArticleIndex::with_index(index, fields, Some(dir.to_path_buf()))
    }

    /// A new index held in memory (for tests and evaluation).
    pub fn in_ram() -> Result<ArticleIndex, IndexError> {
        let (schema, fields) = Fields::schema();
        ArticleIndex::with_index(Index::create_in_ram(schema), fields, None)
    }

    fn with_index(
        index: Index,
        fields: Fields,
        path: Option<PathBuf>,
    ) -> Result<ArticleIndex, IndexError> {
        index
            .tokenizers()
            .register(TOKENIZER, KhabarTokenizer::default());
        index
            .tokenizers()
            .register(EXACT_TOKENIZER, exact_analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(ArticleIndex {
            index,
            reader,
            fields,
            path,
        })
    }

    /// The fields.
    pub fn fields(&self) -> Fields {
        self.fields
    }

    /// The underlying tantivy index.
    pub fn tantivy(&self) -> &Index {
        &self.index
    }

    /// Makes the last commit visible to searches.
    pub fn reload(&self) -> Result<(), IndexError> {
        Ok(self.reader.reload()?)
    }

    /// Number of articles.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// A writer. `heap` is the memory budget in bytes (at least 15 MB per thread); `threads`
    /// the indexing threads (0: tantivy's default).
    pub fn writer(&self, heap: usize, threads: usize) -> Result<ArticleWriter, IndexError> {
        let writer = if threads == 0 {
            self.index.writer(heap)?
        } else {
            self.index.writer_with_num_threads(threads, heap)?
        };
        Ok(ArticleWriter {
            writer,
            fields: self.fields,
        })
    }

    /// True when the index has article `id` with content hash `hash` (see [`content_hash`]).
    pub fn contains(&self, id: &str, hash: u64) -> Result<bool, IndexError> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        let Some(&(_, addr)) = top.first() else {
            return Ok(false);
        };
        let doc: TantivyDocument = searcher.doc(addr)?;
        Ok(doc.get_first(self.fields.hash).and_then(|v| v.as_u64()) == Some(hash))
    }

    /// Analyses `article` and makes it ready for [`ArticleWriter::add_prepared`], or gives
    /// `None` when the index already holds it with the same content (unless `force`). Runs
    /// on the caller's thread: ingest runs it on every core at once (`khabar index`, the
    /// Python `Index.add`).
    pub fn ready(
        &self,
        pipeline: &Pipeline,
        article: Article,
        force: bool,
    ) -> Result<Option<Ready>, IndexError> {
        let id = article_id(&article);
        if !force && self.contains(&id, content_hash(&article))? {
            return Ok(None);
        }
        let doc = pipeline
            .analyze(article)
            .map_err(|source| IndexError::Analysis { id, source })?;
        let words = doc
            .text
            .tokens
            .iter()
            .filter(|t| t.kind == khabar::text::TokenKind::Word)
            .count() as u64;
        Ok(Some(Ready {
            prepared: prepare(&self.fields, &doc),
            words,
        }))
    }

    /// The article with identifier `id`.
    pub fn get(&self, id: &str) -> Result<Option<StoredArticle>, IndexError> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        match top.first() {
            Some(&(_, addr)) => Ok(Some(self.stored(addr)?)),
            None => Ok(None),
        }
    }

    fn stored(&self, addr: DocAddress) -> Result<StoredArticle, IndexError> {
        let doc: TantivyDocument = self.reader.searcher().doc(addr)?;
        let f = self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        Ok(StoredArticle {
            id: text(f.id).unwrap_or_default(),
            title: text(f.headline),
            text: text(f.body).unwrap_or_default(),
            source: text(f.source),
            published: doc
                .get_first(f.published)
                .and_then(|v| v.as_datetime())
                .and_then(day_of),
            entities: doc
                .get_all(f.entity_name)
                .filter_map(|v| v.as_facet())
                .filter_map(|f| {
                    // Stored facets come back encoded: the levels joined by NUL.
                    let mut parts = f.trim_start_matches(['/', '\0']).splitn(3, ['\0', '/']);
                    let ty = parts.next()?.to_string();
                    let _key = parts.next()?;
                    Some(EntityName {
                        ty,
                        name: parts.next()?.to_string(),
                    })
                })
                .collect(),
        })
    }

    /// Every article identifier in the index (for checks and tests; reads every document).
    pub fn ids(&self) -> Result<Vec<String>, IndexError> {
        let searcher = self.reader.searcher();
        let mut ids = Vec::new();
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            for doc in seg.doc_ids_alive() {
                let d: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc))?;
                if let Some(id) = d.get_first(self.fields.id).and_then(|v| v.as_str()) {
                    ids.push(id.to_string());
                }
            }
        }
        Ok(ids)
    }

    /// The query of a request, with the searcher it was built against (`None`: the request
    /// asks for nothing).
    pub(crate) fn query_for(
        &self,
        req: &SearchRequest,
    ) -> Result<(tantivy::Searcher, Option<Box<dyn Query>>), IndexError> {
        let searcher = self.reader.searcher();
        let built = query::build(req, &self.fields, &searcher)?;
        Ok((searcher, built.query))
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, IndexError> {
        let searcher = self.reader.searcher();
        let built = query::build(req, &self.fields, &searcher)?;
        let Some(q) = built.query else {
            return Ok(SearchResults {
                total: 0,
                hits: Vec::new(),
                terms: built.terms,
                facets: (req.facets > 0).then(Facets::default),
            });
        };
        let page = TopDocs::with_limit(req.limit.max(1)).and_offset(req.offset);
        let (total, top) = match req.sort {
            Sort::Relevance => searcher.search(&q, &(Count, page.order_by_score()))?,
            Sort::Newest | Sort::Oldest => {
                let order = if req.sort == Sort::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let (total, top) = searcher.search(
                    &q,
                    &(
                        Count,
                        page.order_by_fast_field::<DateTime>("published", order),
                    ),
                )?;
                // Sorted by day, the hits carry no score.
                (total, top.into_iter().map(|(_, a)| (0.0, a)).collect())
            }
        };
        let mut hits = Vec::with_capacity(top.len());
        // tantivy needs a limit of at least 1; a request for no hits wants only the total.
        for (score, addr) in top.into_iter().take(req.limit) {
            let a = self.stored(addr)?;
            let snippet = snippet::best(&a.text, &built.highlight, req.snippet_chars);
            hits.push(Hit {
                id: a.id,
                score,
                title: a.title,
                source: a.source,
                published: a.published,
                snippet,
                entities: a.entities,
            });
        }
        let facets = if req.facets > 0 {
            Some(self.facet_counts(&searcher, &*q, req.facets)?)
        } else {
            None
        };
        Ok(SearchResults {
            total,
            hits,
            terms: built.terms,
            facets,
        })
    }

    fn facet_counts(
        &self,
        searcher: &tantivy::Searcher,
        q: &dyn Query,
        k: usize,
    ) -> Result<Facets, IndexError> {
        let mut columns: Vec<String> = ENTITY_TYPES.iter().map(|ty| entity_column(ty)).collect();
        columns.push("source".into());
        let mut top = searcher.search(q, &crate::facets::TermCounts::new(columns, k))?;
        let mut out = Facets {
            sources: top.pop().unwrap_or_default(),
            ..Facets::default()
        };
        for (ty, t) in ENTITY_TYPES.iter().zip(top) {
            out.entities.insert(ty.to_string(), t);
        }
        Ok(out)
    }

    /// The identifiers of the best `limit` articles for a query of plain words (no syntax),
    /// without stored fields or snippets (for evaluation).
    pub fn rank_ids(&self, query: &str, limit: usize) -> Result<Vec<String>, IndexError> {
        let searcher = self.reader.searcher();
        let mut req = SearchRequest::new(query);
        req.syntax = false;
        let built = query::build(&req, &self.fields, &searcher)?;
        let Some(q) = built.query else {
            return Ok(Vec::new());
        };
        let top = searcher.search(
            &*q as &dyn Query,
            &TopDocs::with_limit(limit).order_by_score(),
        )?;
        // From the fast field: reading stored documents would decompress whole articles.
        let mut columns = Vec::new();
        for seg in searcher.segment_readers() {
            columns.push(seg.fast_fields().str("id")?);
        }
        let mut ids = Vec::with_capacity(top.len());
        for (_, addr) in top {
            let mut id = String::new();
            if let Some(col) = &columns[addr.segment_ord as usize]
                && let Some(ord) = col.ords().first(addr.doc_id)
            {
                col.ord_to_str(ord, &mut id).map_err(|e| IndexError::Io {
                    path: "the id column".into(),
                    source: e,
                })?;
            }
            ids.push(id);
        }
        Ok(ids)
    }
}

/// The analyser of the `exact` field: tantivy's default.
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build()
}

/// Length of the character n-grams of the `grams` field.
const GRAM: usize = 4;

/// Calls `f` with the character 4-grams of a khabar term marked at both ends (`_term_`), or
/// with the marked term itself when it is no longer than a gram. Terms in other scripts and
/// numbers give nothing: their exact forms already match.
pub fn grams(term: &str, mut f: impl FnMut(&str)) {
    if term.is_empty() || !term.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c)) {
        return;
    }
    let mut marked = String::with_capacity(term.len() + 2);
    marked.push('_');
    marked.push_str(term);
    marked.push('_');
    let ends: Vec<usize> = marked
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(marked.len()))
        .collect();
    let n = ends.len() - 1;
    if n <= GRAM {
        f(&marked);
        return;
    }
    for i in 0..=n - GRAM {
        f(&marked[ends[i]..ends[i + GRAM]]);
    }
}

/// The coarse stem of a khabar term for the `roots` field: the Snowball Arabic stemmer (as in
/// tantivy's `Stemmer` filter), memoised per thread since news repeats its words.
pub fn root(term: &str, out: &mut String) {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static CACHE: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    }
    /// Entries kept before the cache starts over.
    const MAX: usize = 200_000;
    out.clear();
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if let Some(r) = c.get(term) {
            out.push_str(r);
            return;
        }
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::Arabic);
        let r = stemmer.stem(term).into_owned();
        out.push_str(&r);
        if c.len() >= MAX {
            c.clear();
        }
        c.insert(term.to_string(), r);
    });
}

fn day_of(dt: DateTime) -> Option<String> {
    let ts = jiff::Timestamp::from_second(dt.into_timestamp_secs()).ok()?;
    Some(
        ts.to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date()
            .to_string(),
    )
}

/// The facet of an entity with its printed name: `/TYPE/key/name`.
pub fn entity_name_facet(ty: &str, key: &str, name: &str) -> Facet {
    let clean = |s: &str| s.replace('/', " ").trim().to_string();
    Facet::from_path([ty.to_string(), clean(key), clean(name)])
}

/// An entity name as shown: display-level normalisation (harakat and tatweel gone, hamza kept),
/// single spaces.
pub fn entity_display(name: &str) -> String {
    let n = khabar_text::Normalizer::new(khabar_text::Level::Display).normalize(name);
    n.as_str().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key of an entity name, for facets and filters: display-level normalisation (harakat,
/// tatweel and presentation forms gone) with every hamza seat and alef maqsura folded (فؤاد and
/// فواد, أنتوني and انتوني are one key), ta marbuta kept, single spaces.
pub fn entity_key(name: &str) -> String {
    let n = khabar_text::Normalizer::new(khabar_text::Level::Display).normalize(name);
    let folded: String = n
        .as_str()
        .chars()
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ؤ' => 'و',
            'ئ' | 'ى' => 'ي',
            c => c,
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first day of an ISO 8601 value at day, month or year grain (`2020-08-20`, `2020-09`,
/// `2021`); `None` for other grains and for anything else.
fn first_day(value: &str) -> Option<jiff::civil::Date> {
    let v = value.get(..10.min(value.len()))?;
    let parts: Vec<&str> = v.split('-').collect();
    let num = |s: &str| s.parse::<i16>().ok();
    let (y, m, d) = match parts.as_slice() {
        [y] => (num(y)?, 1, 1),
        [y, m] => (num(y)?, i8::try_from(num(m)?).ok()?, 1),
        [y, m, d] if !d.contains('W') => (
            num(y)?,
            i8::try_from(num(m)?).ok()?,
            i8::try_from(num(d)?).ok()?,
        ),
        _ => return None,
    };
    jiff::civil::Date::new(y, m, d).ok()
}

/// The tantivy date of a calendar day (midnight UTC).
///
/// tantivy keeps dates as nanoseconds in an `i64` (years 1678 to 2261): a day outside is
/// clamped to the nearest end, so a query bound such as `--to 9999-12-31` still works.
pub fn day_to_datetime(date: jiff::civil::Date) -> DateTime {
    let date = date.clamp(FIRST_DAY, LAST_DAY);
    let secs = date
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .unwrap_or_default();
    DateTime::from_timestamp_secs(secs)
}

/// The first day an index can hold.
const FIRST_DAY: jiff::civil::Date = jiff::civil::date(1678, 1, 1);
/// The last day an index can hold.
const LAST_DAY: jiff::civil::Date = jiff::civil::date(2261, 12, 31);

/// True when `date` fits in an index (see [`day_to_datetime`]).
fn indexable(date: jiff::civil::Date) -> bool {
    (FIRST_DAY..=LAST_DAY).contains(&date)
}

/// A stable 64-bit hash (FNV-1a) of an article's content: the same bytes give the same hash on
/// every machine and every build, so an index written by one run can be checked by the next.
pub fn content_hash(article: &Article) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    eat(article.title.as_deref().unwrap_or("").as_bytes());
    eat(article.text.as_bytes());
    eat(article.source.as_deref().unwrap_or("").as_bytes());
    eat(article
        .published
        .as_ref()
        .map(|p| p.as_str())
        .unwrap_or("")
        .as_bytes());
    h
}

/// The identifier an article is stored under: its own, or its content hash when it has none.
pub fn article_id(article: &Article) -> String {
    match &article.id {
        Some(id) if !id.is_empty() => id.clone(),
        _ => format!("{:016x}", content_hash(article)),
    }
}

/// An article ready to be added: its identifier and its tantivy document, with the terms of
/// every field worked out.
#[derive(Debug)]
pub struct Prepared {
    id: String,
    doc: TantivyDocument,
}

/// An article analysed and prepared by [`ArticleIndex::ready`].
#[derive(Debug)]
pub struct Ready {
    /// What to give [`ArticleWriter::add_prepared`].
    pub prepared: Prepared,
    /// Words of its text (for speed reports).
    pub words: u64,
}

/// Runs the analysers of every field over an analysed article (khabar's search analyser once
/// for title and text, shared by the `title`, `text`, `lead` and `roots` fields). The heavy
/// part of indexing: call it on as many threads as there are cores.
pub fn prepare(fields: &Fields, doc: &Document) -> Prepared {
    let a = &doc.article;
    let f = *fields;
    let id = article_id(a);
    let mut d = TantivyDocument::new();
    d.add_text(f.id, &id);
    let analyzer = SearchAnalyzer::default();
    let mut root_buf = String::new();
    let tokens = |text: &str| {
        let mut out = Vec::new();
        SearchBuffers::with_thread_buffers(|buf| {
            analyzer.terms_into(text, buf, |t| {
                out.push(Token {
                    offset_from: t.span.start as usize,
                    offset_to: t.span.end as usize,
                    position: t.position as usize,
                    text: t.text.clone(),
                    position_length: 1,
                });
            });
        });
        out
    };
    let mut roots = |tokens: &[Token]| -> Vec<Token> {
        tokens
            .iter()
            .map(|t| {
                root(&t.text, &mut root_buf);
                Token {
                    text: root_buf.clone(),
                    ..t.clone()
                }
            })
            .collect()
    };
    let grams_of = |tokens: &[Token]| -> Vec<Token> {
        let mut out = Vec::with_capacity(tokens.len() * 4);
        for t in tokens {
            grams(&t.text, |g| {
                out.push(Token {
                    text: g.to_string(),
                    ..t.clone()
                })
            });
        }
        out
    };
    let pre = |text: &str, tokens: Vec<Token>| PreTokenizedString {
        text: text.to_string(),
        tokens,
    };
    if let Some(t) = a.title.as_deref() {
        let ts = tokens(t);
        d.add_pre_tokenized_text(f.roots, pre(t, roots(&ts)));
        d.add_pre_tokenized_text(f.grams, pre(t, grams_of(&ts)));
        d.add_pre_tokenized_text(f.title, pre(t, ts));
        d.add_text(f.headline, t);
        d.add_text(f.exact, t);
    }
    let ts = tokens(&a.text);
    let lead_end = doc
        .text
        .tokens
        .iter()
        .filter(|t| t.kind == khabar_text::TokenKind::Word)
        .nth(LEAD_WORDS)
        .map_or(a.text.len(), |t| t.span.start as usize);
    let lead: Vec<Token> = ts
        .iter()
        .take_while(|t| t.offset_to <= lead_end)
        .cloned()
        .collect();
    d.add_pre_tokenized_text(f.lead, pre("", lead));
    d.add_pre_tokenized_text(f.roots, pre("", roots(&ts)));
    d.add_pre_tokenized_text(f.grams, pre("", grams_of(&ts)));
    d.add_pre_tokenized_text(f.text, pre("", ts));
    d.add_text(f.body, &a.text);
    d.add_text(f.exact, &a.text);
    if let Some(s) = a.source.as_deref().filter(|s| !s.is_empty()) {
        d.add_text(f.source, s);
    }
    if let Some(p) = &a.published
        && indexable(p.date())
    {
        d.add_date(f.published, day_to_datetime(p.date()));
    }
    let mut seen = std::collections::HashSet::new();
    let mut counted = std::collections::HashSet::new();
    let mut keys = std::collections::HashSet::new();
    for e in &doc.entities {
        // Each name as written is a key too, so that a filter on الإمارات still finds the
        // article whose entity is الإمارات العربية المتحدة, written both ways (not a slice
        // after a proclitic: لعراق).
        let whole = doc
            .text
            .tokens
            .get(e.tokens.start as usize)
            .is_some_and(|t| t.span.start == e.span.start);
        if whole && let Some(name) = e.span.slice(&a.text) {
            let key = entity_key(name);
            if !key.is_empty() && keys.insert(key.clone()) {
                d.add_text(f.entity_key, key);
            }
        }
        if !seen.insert(e.cluster) || e.canonical.trim().is_empty() {
            continue;
        }
        let key = entity_key(&e.canonical);
        let ty = e.ty.as_str();
        // One count per article and key, even when two clusters share it.
        if let Some(i) = ENTITY_TYPES.iter().position(|&t| t == ty)
            && counted.insert((i, key.clone()))
        {
            let name = entity_display(&e.canonical);
            d.add_text(
                f.entity_columns[i],
                format!("{key}{}{name}", crate::facets::SEP),
            );
        }
        d.add_facet(
            f.entity_name,
            entity_name_facet(e.ty.as_str(), &key, &entity_display(&e.canonical)),
        );
        if keys.insert(key.clone()) {
            d.add_text(f.entity_key, key);
        }
        if let Some(l) = &e.latin {
            d.add_text(f.latin, l);
        }
    }
    let mut days = std::collections::BTreeSet::new();
    for m in &doc.dates {
        // A year such as عام 5200 is a date khabar read, not one an index can hold.
        if let Some(day) = m
            .value
            .as_deref()
            .and_then(first_day)
            .filter(|&d| indexable(d))
        {
            days.insert(day);
        }
    }
    for day in days {
        d.add_date(f.mentions, day_to_datetime(day));
    }
    let mut speakers = std::collections::BTreeSet::new();
    for q in &doc.quotes {
        let Some(sp) = &q.speaker else { continue };
        let name = sp
            .cluster
            .and_then(|c| doc.entities.iter().find(|e| e.cluster == c))
            .map(|e| e.canonical.as_str())
            .or_else(|| sp.span.slice(&a.text))
            .unwrap_or_default();
        let key = entity_key(name);
        if !key.is_empty() {
            speakers.insert(key);
        }
    }
    for s in speakers {
        d.add_text(f.speaker, &s);
    }
    d.add_u64(f.hash, content_hash(a));
    let words = doc
        .text
        .tokens
        .iter()
        .filter(|t| t.kind == khabar_text::TokenKind::Word)
        .count() as u64;
    d.add_u64(f.words, words);
    Prepared { id, doc: d }
}

/// Adds articles to an index. Nothing is visible until [`ArticleWriter::commit`].
pub struct ArticleWriter {
    writer: IndexWriter,
    fields: Fields,
}

impl std::fmt::Debug for ArticleWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ArticleWriter")
    }
}

impl ArticleWriter {
    /// Adds an analysed article, replacing any article with the same identifier.
    pub fn add(&mut self, doc: &Document) -> Result<(), IndexError> {
        let p = prepare(&self.fields, doc);
        self.add_prepared(p)
    }

    /// Adds an article made ready by [`prepare`] (which callers run on their own threads),
    /// replacing any article with the same identifier.
    pub fn add_prepared(&mut self, p: Prepared) -> Result<(), IndexError> {
        self.writer
            .delete_term(Term::from_field_text(self.fields.id, &p.id));
        self.writer.add_document(p.doc)?;
        Ok(())
    }
    /// Makes everything added so far durable and visible (after [`ArticleIndex::reload`]).
    pub fn commit(&mut self) -> Result<(), IndexError> {
        self.writer.commit()?;
        Ok(())
    }

    /// Drops everything added since the last commit.
    pub fn rollback(&mut self) -> Result<(), IndexError> {
        self.writer.rollback()?;
        Ok(())
    }

    /// Commits, then waits for background merges to finish.
    pub fn finish(mut self) -> Result<(), IndexError> {
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}
