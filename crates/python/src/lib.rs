//! Python bindings for khabar: the `khabar` Python module (built with maturin, see
//! `pyproject.toml`).
//!
//! A thin layer over the [`khabar`] library: a [`khabar::Pipeline`] analyses articles and the
//! result is the schema-1 JSON of `khabar analyze`, handed to Python as dicts and lists
//! (`json.loads` of the JSON the library writes: faster than building the objects one by one
//! through `pythonize`, see BENCHMARKS.md). `analyze_many` analyses and serialises off the GIL,
//! on every core (rayon).
//!
//! Bad input (a wrong type, a publication date that does not parse, a text over the size limit)
//! raises `TypeError` or `ValueError`, never a panic.

use std::path::PathBuf;
use std::sync::OnceLock;

use khabar::text::{CharOffsets, Level, Normalizer};
use khabar::{Article, Document, Published};
use khabar_index::{ArticleIndex, SearchRequest, Sort};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyType};
use rayon::prelude::*;

/// `khabar.Pipeline`: analyses articles.
#[pyclass(frozen, module = "khabar", name = "Pipeline")]
struct Pipeline {
    inner: khabar::Pipeline,
}

/// One article's metadata, as given to `analyze`.
#[derive(Default)]
struct Meta {
    published: Option<Published>,
    id: Option<String>,
    title: Option<String>,
    source: Option<String>,
}

impl Meta {
    fn article(self, text: String) -> Article {
        Article {
            id: self.id,
            title: self.title,
            text,
            published: self.published,
            source: self.source,
        }
    }
}

/// Reads a publication date: a `str` in any form [`Published::parse`] takes, or a
/// `datetime.date` / `datetime.datetime` (its `isoformat()`).
fn published(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Published>> {
    let Some(v) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let text: String = if let Ok(s) = v.cast::<PyString>() {
        s.to_cow()?.into_owned()
    } else if v.is_instance(DATE.import(v.py(), "datetime", "date")?)? {
        v.call_method0("isoformat")?.extract()?
    } else {
        return Err(PyTypeError::new_err(format!(
            "published must be a str or a datetime.date, not {}",
            type_name(v)
        )));
    };
    Published::parse(&text)
        .map(Some)
        .map_err(|e| PyValueError::new_err(format!("published: {e}")))
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

/// An optional string argument: `None` or a `str`, else `TypeError`.
fn opt_str(name: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    match value.filter(|v| !v.is_none()) {
        None => Ok(None),
        Some(v) => match v.cast::<PyString>() {
            Ok(s) => Ok(Some(s.to_cow()?.into_owned())),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{name} must be a str or None, not {}",
                type_name(v)
            ))),
        },
    }
}

/// A required string argument, with its name in the error.
fn req_str(name: &str, value: &Bound<'_, PyAny>) -> PyResult<String> {
    match value.cast::<PyString>() {
        Ok(s) => Ok(s.to_cow()?.into_owned()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{name} must be a str, not {}",
            type_name(value)
        ))),
    }
}

/// One item of `analyze_many`: a `str`, or a dict with `text` and optional `id`, `title`,
/// `source`, `published` (the keys of `khabar analyze`'s JSONL input). `default` is the
/// `published` of items that give none.
fn item_article(
    index: usize,
    item: &Bound<'_, PyAny>,
    default: Option<&Published>,
) -> PyResult<Article> {
    let at = |e: PyErr| {
        let py = item.py();
        let msg = format!("item {index}: {}", e.value(py));
        if e.is_instance_of::<PyTypeError>(py) {
            PyTypeError::new_err(msg)
        } else {
            PyValueError::new_err(msg)
        }
    };
    if let Ok(s) = item.cast::<PyString>() {
        let text = s.to_cow()?.into_owned();
        let meta = Meta {
            published: default.cloned(),
            ..Meta::default()
        };
        return Ok(meta.article(text));
    }
    let Ok(d) = item.cast::<PyDict>() else {
        return Err(PyTypeError::new_err(format!(
            "item {index}: expected a str or a dict with a \"text\" key, not {}",
            type_name(item)
        )));
    };
    let get = |k: &str| d.get_item(k);
    let text = get("text")?.ok_or_else(|| {
        PyValueError::new_err(format!("item {index}: the dict has no \"text\" key"))
    })?;
    let text = req_str("text", &text).map_err(at)?;
    let meta = Meta {
        published: match published(get("published")?.as_ref()).map_err(at)? {
            Some(p) => Some(p),
            None => default.cloned(),
        },
        id: opt_str("id", get("id")?.as_ref()).map_err(at)?,
        title: opt_str("title", get("title")?.as_ref()).map_err(at)?,
        source: opt_str("source", get("source")?.as_ref()).map_err(at)?,
    };
    Ok(meta.article(text))
}

/// The schema-1 JSON of `doc`.
fn render(doc: &Document, search_terms: bool) -> Vec<u8> {
    let mut buf = Vec::with_capacity(doc.original().len() * 8);
    // Writing to a Vec cannot fail, and the view has no map with non-string keys.
    if serde_json::to_writer(&mut buf, &doc.view().with_search_terms(search_terms)).is_err() {
        buf.clear();
    }
    buf
}

/// `json.loads`, looked up once.
fn loads<'py>(py: Python<'py>, json: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let loads = LOADS.import(py, "json", "loads")?;
    // `str`, not `bytes`: json.loads decodes bytes by sniffing the encoding first.
    let s = std::str::from_utf8(json).map_err(|e| PyValueError::new_err(e.to_string()))?;
    loads.call1((PyString::new(py, s),))
}

fn analysis_error(e: khabar::Error) -> PyErr {
    PyValueError::new_err(e.to_string())
}

impl Pipeline {
    fn analyze_impl<'py>(
        &self,
        py: Python<'py>,
        text: String,
        meta: Meta,
        search_terms: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let article = meta.article(text);
        // Long texts take a while: let other Python threads run meanwhile.
        let json = py.detach(|| {
            self.inner
                .analyze(article)
                .map(|doc| render(&doc, search_terms))
        });
        loads(py, &json.map_err(analysis_error)?)
    }

    fn analyze_many_impl<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        published: Option<Published>,
        search_terms: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        if items.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "analyze_many takes an iterable of texts, not one str: use analyze",
            ));
        }
        let mut articles = Vec::new();
        for (i, item) in items.try_iter()?.enumerate() {
            articles.push(item_article(i, &item?, published.as_ref())?);
        }
        let rendered: Vec<Result<Vec<u8>, (usize, khabar::Error)>> = py.detach(|| {
            articles
                .into_par_iter()
                .enumerate()
                .map(|(i, a)| {
                    self.inner
                        .analyze(a)
                        .map(|doc| render(&doc, search_terms))
                        .map_err(|e| (i, e))
                })
                .collect()
        });
        let out = PyList::empty(py);
        for r in rendered {
            let json = r.map_err(|(i, e)| PyValueError::new_err(format!("item {i}: {e}")))?;
            out.append(loads(py, &json)?)?;
        }
        Ok(out)
    }
}

#[pymethods]
impl Pipeline {
    /// A pipeline with the default settings and the embedded models.
    ///
    /// The models load once per process, on first use (about a second); pipelines after the
    /// first cost nothing. One pipeline can be shared by threads.
    #[new]
    fn new() -> Self {
        Pipeline {
            inner: khabar::Pipeline::new(),
        }
    }

    /// Analyses one article and returns its analysis as a dict (schema version 1: the JSON of
    /// `khabar analyze`). Offsets are character offsets: `text[start:end]` is the span.
    ///
    /// `published` (a `str` such as "2021-01-29" or "2021-01-29T10:00:00+03:00", or a
    /// `datetime.date`) is the reference for relative dates; `id`, `title` and `source` are
    /// copied to the output. `search_terms=True` adds the terms a khabar index stores.
    /// Raises ValueError for a date that does not parse, TypeError for a wrong type.
    #[pyo3(signature = (text, *, published=None, id=None, title=None, source=None, search_terms=false))]
    #[allow(clippy::too_many_arguments)] // Python keyword arguments
    fn analyze<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        published: Option<&Bound<'py, PyAny>>,
        id: Option<&Bound<'py, PyAny>>,
        title: Option<&Bound<'py, PyAny>>,
        source: Option<&Bound<'py, PyAny>>,
        search_terms: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let meta = Meta {
            published: self::published(published)?,
            id: opt_str("id", id)?,
            title: opt_str("title", title)?,
            source: opt_str("source", source)?,
        };
        self.analyze_impl(py, req_str("text", text)?, meta, search_terms)
    }

    /// Analyses many articles in parallel, on every core, without holding the GIL; returns the
    /// analyses in input order, each as `analyze` gives it.
    ///
    /// Each item is a `str` or a dict with `text` and optional `id`, `title`, `source`,
    /// `published` (the keys of `khabar analyze`'s JSONL input). `published` here is the
    /// reference date of items that give none. Set `RAYON_NUM_THREADS` to use fewer threads.
    #[pyo3(signature = (items, *, published=None, search_terms=false))]
    fn analyze_many<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        published: Option<&Bound<'py, PyAny>>,
        search_terms: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let published = self::published(published)?;
        self.analyze_many_impl(py, items, published, search_terms)
    }

    fn __repr__(&self) -> &'static str {
        "khabar.Pipeline()"
    }
}

/// The pipeline of the module-level functions, built on first use.
fn shared(py: Python<'_>) -> &'static Pipeline {
    static SHARED: OnceLock<Pipeline> = OnceLock::new();
    // Building it loads the models: without the GIL, so that another thread waiting here
    // cannot deadlock with this one.
    py.detach(|| SHARED.get_or_init(Pipeline::new))
}

/// `khabar.Pipeline().analyze(...)` with a pipeline shared by the whole process.
#[pyfunction]
#[pyo3(signature = (text, *, published=None, id=None, title=None, source=None, search_terms=false))]
fn analyze<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    published: Option<&Bound<'py, PyAny>>,
    id: Option<&Bound<'py, PyAny>>,
    title: Option<&Bound<'py, PyAny>>,
    source: Option<&Bound<'py, PyAny>>,
    search_terms: bool,
) -> PyResult<Bound<'py, PyAny>> {
    shared(py).analyze(py, text, published, id, title, source, search_terms)
}

/// `khabar.Pipeline().analyze_many(...)` with a pipeline shared by the whole process.
#[pyfunction]
#[pyo3(signature = (items, *, published=None, search_terms=false))]
fn analyze_many<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
    published: Option<&Bound<'py, PyAny>>,
    search_terms: bool,
) -> PyResult<Bound<'py, PyList>> {
    shared(py).analyze_many(py, items, published, search_terms)
}

/// Normalises `text`: `level="search"` (the default) folds spelling variation for matching
/// (tashkeel, alef, ya, ta marbuta, digits, case); `level="display"` only removes invisible
/// characters and tatweel and applies NFC. The `norm` of tokens is the search level.
#[pyfunction]
#[pyo3(signature = (text, level="search"))]
fn normalize(py: Python<'_>, text: &str, level: &str) -> PyResult<String> {
    static SEARCH: OnceLock<Normalizer> = OnceLock::new();
    static DISPLAY: OnceLock<Normalizer> = OnceLock::new();
    let (cell, level) = match level {
        "search" => (&SEARCH, Level::Search),
        "display" => (&DISPLAY, Level::Display),
        other => {
            return Err(PyValueError::new_err(format!(
                "level must be \"search\" or \"display\", not {other:?}"
            )));
        }
    };
    let n = cell.get_or_init(|| Normalizer::new(level));
    Ok(py.detach(|| n.normalize_str(text)))
}

/// One search term: what a khabar index stores for a stretch of text.
#[pyclass(frozen, get_all, module = "khabar", name = "Term")]
struct Term {
    /// The term.
    term: String,
    /// First character of the stem it comes from.
    start: u32,
    /// One past its last character.
    end: u32,
    /// The position of its token among the indexed tokens.
    position: u32,
}

#[pymethods]
impl Term {
    fn __repr__(&self) -> String {
        format!(
            "Term(term={:?}, start={}, end={}, position={})",
            self.term, self.start, self.end, self.position
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Term>().is_ok_and(|o| {
            let o = o.get();
            (&o.term, o.start, o.end, o.position)
                == (&self.term, self.start, self.end, self.position)
        })
    }
}

/// The search analyser: the terms a khabar index stores for `text` (clitics dropped, light stem,
/// names kept whole), with character offsets of the stems they come from.
#[pyfunction]
fn search_terms(py: Python<'_>, text: &str) -> Vec<Term> {
    py.detach(|| {
        let chars = CharOffsets::new(text);
        khabar::morph::SearchAnalyzer::default()
            .terms(text)
            .into_iter()
            .map(|t| {
                let (start, end) = chars.convert(t.span);
                Term {
                    term: t.text,
                    start,
                    end,
                    position: t.position,
                }
            })
            .collect()
    })
}

/// `khabar.Index`: a search index made by `khabar index`, opened read-only.
#[pyclass(frozen, module = "khabar", name = "Index")]
struct Index {
    inner: ArticleIndex,
    path: PathBuf,
}

fn index_error(e: khabar_index::IndexError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// A date filter of `Index.search`: like `published`, with the argument's name in errors.
fn date_arg(
    py: Python<'_>,
    name: &str,
    v: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<Published>> {
    published(v).map_err(|e| {
        let msg = format!("{name}: {}", e.value(py));
        if e.is_instance_of::<PyTypeError>(py) {
            PyTypeError::new_err(msg)
        } else {
            PyValueError::new_err(msg)
        }
    })
}

#[pymethods]
impl Index {
    /// Opens the index in the folder `path` (made by `khabar index`).
    #[new]
    fn new(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = py
            .detach(|| ArticleIndex::open(&path))
            .map_err(index_error)?;
        Ok(Index { inner, path })
    }

    /// Number of articles in the index.
    fn __len__(&self) -> usize {
        usize::try_from(self.inner.num_docs()).unwrap_or(usize::MAX)
    }

    fn __repr__(&self) -> String {
        format!("khabar.Index({:?})", self.path.display().to_string())
    }

    /// Searches the index: `query` as in `khabar search` (words, "phrases", -exclusions).
    /// Returns a dict: `total` matching articles, `hits` (best first: `id`, `score`, `title`,
    /// `source`, `published`, `snippet`, `entities`) and `terms` searched for. Filters:
    /// `source`, `date_from`/`date_to` (publication day, inclusive), `entity` (canonical name);
    /// `sort` is "relevance", "newest" or "oldest".
    #[pyo3(signature = (query, *, limit=10, offset=0, source=None, date_from=None, date_to=None, entity=None, sort="relevance"))]
    #[allow(clippy::too_many_arguments)] // Python keyword arguments
    fn search<'py>(
        &self,
        py: Python<'py>,
        query: String,
        limit: usize,
        offset: usize,
        source: Option<String>,
        date_from: Option<&Bound<'py, PyAny>>,
        date_to: Option<&Bound<'py, PyAny>>,
        entity: Option<String>,
        sort: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut req = SearchRequest::new(query);
        req.limit = limit;
        req.offset = offset;
        req.source = source;
        req.entity = entity;
        req.from = date_arg(py, "date_from", date_from)?.map(|p| p.date());
        req.to = date_arg(py, "date_to", date_to)?.map(|p| p.date());
        req.sort = match sort {
            "relevance" => Sort::Relevance,
            "newest" => Sort::Newest,
            "oldest" => Sort::Oldest,
            other => {
                return Err(PyValueError::new_err(format!(
                    "sort must be \"relevance\", \"newest\" or \"oldest\", not {other:?}"
                )));
            }
        };
        let json = py.detach(|| {
            self.inner
                .search(&req)
                .map(|r| serde_json::to_vec(&r).unwrap_or_default())
        });
        loads(py, &json.map_err(index_error)?)
    }

    /// The stored article `id` as a dict (`id`, `title`, `text`, `source`, `published`,
    /// `entities`), or None.
    fn get<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let json = py.detach(|| {
            self.inner
                .get(id)
                .map(|a| a.map(|a| serde_json::to_vec(&a).unwrap_or_default()))
        });
        json.map_err(index_error)?
            .map(|j| loads(py, &j))
            .transpose()
    }
}

/// Arabic news analysis: tokens and sentences with offsets, clitics, named entities, dates,
/// numbers, quotes and keywords, from models embedded in the module.
#[pymodule]
#[pyo3(name = "khabar")]
fn khabar_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA_VERSION", khabar::schema::SCHEMA_VERSION)?;
    m.add_class::<Pipeline>()?;
    m.add_class::<Index>()?;
    m.add_class::<Term>()?;
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_many, m)?)?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(search_terms, m)?)?;
    Ok(())
}
