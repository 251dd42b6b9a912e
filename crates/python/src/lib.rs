//! Python bindings for khabar: the `khabar` Python module (built with maturin, see
//! `pyproject.toml`).
//!
//! A thin layer over the [`khabar`] library: a [`khabar::Pipeline`] analyses articles and the
//! result is the schema-1 JSON of `khabar analyze`, handed to Python as dicts and lists built
//! by `pythonize` from the library's serde form. `analyze_many` analyses on every core (rayon)
//! without the GIL while the calling thread converts the results.
//!
//! Bad input (a wrong type, a publication date that does not parse, a text over the size limit)
//! raises `TypeError` or `ValueError`, never a panic.

use std::path::PathBuf;
use std::sync::OnceLock;

use khabar::schema::TokenJson;
use khabar::text::{CharOffsets, Level, Normalizer};
use khabar::{Article, Document, Published};
use khabar_index::{ArticleIndex, SearchRequest, Sort};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::intern;
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

/// What to put in an analysis dict.
#[derive(Clone, Copy)]
struct Layers {
    tokens: bool,
    search_terms: bool,
}

/// The analysis of `doc` as Python dicts and lists (schema 1, as `khabar analyze` writes it).
///
/// The tokens, most of the objects, are built by [`token_list`]; the rest by `pythonize` from
/// the library's serde form. Call it with the garbage collector paused ([`GcPause`]).
fn convert<'py>(py: Python<'py>, doc: &Document, layers: Layers) -> PyResult<Bound<'py, PyAny>> {
    let mut schema = doc.to_schema();
    let tokens = std::mem::take(&mut schema.tokens);
    let out = pythonize::pythonize(py, &schema)?;
    let dict = out.cast::<PyDict>()?;
    if layers.tokens {
        // Replacing the value keeps the key where the schema puts it.
        dict.set_item(intern!(py, "tokens"), token_list(py, &tokens)?)?;
    } else {
        dict.del_item(intern!(py, "tokens"))?;
    }
    if layers.search_terms {
        let terms = py.detach(|| terms_of(doc.original()));
        dict.set_item("search_terms", pythonize::pythonize(py, &terms)?)?;
    }
    Ok(out)
}

/// The Python string of a serde enum value, converted once per call.
fn enum_str<'py, T: Copy + PartialEq + serde::Serialize>(
    py: Python<'py>,
    cache: &mut Vec<(T, Bound<'py, PyAny>)>,
    value: T,
) -> PyResult<Bound<'py, PyAny>> {
    if let Some((_, s)) = cache.iter().find(|(v, _)| *v == value) {
        return Ok(s.clone());
    }
    let s = pythonize::pythonize(py, &value)?;
    cache.push((value, s.clone()));
    Ok(s)
}

/// The token dicts: the same as `pythonize` gives, built directly with interned keys and one
/// string object for equal `text`, `norm` and `form` (most words), which makes the conversion
/// of a news article about 1.4 times as fast (BENCHMARKS.md).
fn token_list<'py>(py: Python<'py>, tokens: &[TokenJson<'_>]) -> PyResult<Bound<'py, PyList>> {
    let (k_start, k_end, k_text) = (
        intern!(py, "start"),
        intern!(py, "end"),
        intern!(py, "text"),
    );
    let (k_norm, k_kind, k_segments) = (
        intern!(py, "norm"),
        intern!(py, "kind"),
        intern!(py, "segments"),
    );
    let (k_role, k_form) = (intern!(py, "role"), intern!(py, "form"));
    let (mut kinds, mut roles) = (Vec::new(), Vec::new());
    let mut out = Vec::with_capacity(tokens.len());
    for t in tokens {
        let d = PyDict::new(py);
        d.set_item(k_start, t.start)?;
        d.set_item(k_end, t.end)?;
        let text = PyString::new(py, &t.text);
        d.set_item(k_text, &text)?;
        if t.norm == t.text {
            d.set_item(k_norm, &text)?;
        } else {
            d.set_item(k_norm, PyString::new(py, &t.norm))?;
        }
        d.set_item(k_kind, enum_str(py, &mut kinds, t.kind)?)?;
        if let Some(segments) = &t.segments {
            let mut list = Vec::with_capacity(segments.len());
            for s in segments {
                let sd = PyDict::new(py);
                sd.set_item(k_start, s.start)?;
                sd.set_item(k_end, s.end)?;
                let slice = if s.text == t.text {
                    text.clone()
                } else {
                    PyString::new(py, &s.text)
                };
                sd.set_item(k_text, &slice)?;
                sd.set_item(k_role, enum_str(py, &mut roles, s.role)?)?;
                if s.form == s.text {
                    sd.set_item(k_form, &slice)?;
                } else {
                    sd.set_item(k_form, PyString::new(py, &s.form))?;
                }
                list.push(sd);
            }
            d.set_item(k_segments, PyList::new(py, list)?)?;
        }
        out.push(d);
    }
    PyList::new(py, out)
}

/// The search terms of `text` with character offsets, as `khabar analyze --search-terms` gives
/// them.
fn terms_of(text: &str) -> Vec<khabar::schema::TermJson> {
    let chars = CharOffsets::new(text);
    khabar::morph::SearchAnalyzer::default()
        .terms(text)
        .into_iter()
        .map(|t| {
            let (start, end) = chars.convert(t.span);
            khabar::schema::TermJson {
                term: t.text,
                start,
                end,
                position: t.position,
            }
        })
        .collect()
}

/// Pauses Python's cyclic garbage collector while analyses are converted, and restores it on
/// drop. The dicts hold no cycles, but each container allocated counts towards a collection:
/// with the collector on, converting 1,000 news articles took 1.5 times as long.
struct GcPause<'py> {
    gc: Option<Bound<'py, PyAny>>,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
        let gc = py.import("gc")?;
        if gc.call_method0("isenabled")?.is_truthy()? {
            gc.call_method0("disable")?;
            Ok(GcPause {
                gc: Some(gc.into_any()),
            })
        } else {
            Ok(GcPause { gc: None })
        }
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            // Nothing to do if it fails: the collector stays off, as the caller may have set.
            let _ = gc.call_method0("enable");
        }
    }
}

fn analysis_error(e: khabar::Error) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// `analyze_many` analyses this many articles at a time (in parallel) while the calling thread
/// converts the previous batch to Python objects.
const BATCH: usize = 64;

impl Pipeline {
    fn analyze_impl<'py>(
        &self,
        py: Python<'py>,
        text: String,
        meta: Meta,
        layers: Layers,
    ) -> PyResult<Bound<'py, PyAny>> {
        let article = meta.article(text);
        // Long texts take a while: let other Python threads run meanwhile.
        let doc = py
            .detach(|| self.inner.analyze(article))
            .map_err(analysis_error)?;
        let _gc = GcPause::new(py)?;
        convert(py, &doc, layers)
    }

    fn analyze_many_impl<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        published: Option<Published>,
        layers: Layers,
    ) -> PyResult<Bound<'py, PyList>> {
        if items.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "analyze_many takes an iterable of texts, not one str: use analyze",
            ));
        }
        let mut batches: Vec<Vec<Article>> = Vec::new();
        for (i, item) in items.try_iter()?.enumerate() {
            let article = item_article(i, &item?, published.as_ref())?;
            match batches.last_mut() {
                Some(b) if b.len() < BATCH => b.push(article),
                _ => batches.push(vec![article]),
            }
        }
        let out = PyList::empty(py);
        let _gc = GcPause::new(py)?;
        // A thread analyses batch after batch on the rayon pool, without the GIL, while this one
        // converts the batch before: converting is the slower part, so both cores stay busy.
        std::thread::scope(|scope| -> PyResult<()> {
            let (tx, rx) = std::sync::mpsc::sync_channel(1);
            let inner = &self.inner;
            scope.spawn(move || {
                let mut first = 0;
                for batch in batches {
                    let n = batch.len();
                    let docs: Vec<Result<Document, khabar::Error>> =
                        batch.into_par_iter().map(|a| inner.analyze(a)).collect();
                    if tx.send((first, docs)).is_err() {
                        return; // The receiver gave up (an error or an exception).
                    }
                    first += n;
                }
            });
            // A receiver is not `Sync`: the GIL-free closure borrows it through a mutex.
            let rx = std::sync::Mutex::new(rx);
            while let Some((first, docs)) = py.detach(|| rx.lock().ok()?.recv().ok()) {
                for (k, doc) in docs.into_iter().enumerate() {
                    let doc =
                        doc.map_err(|e| PyValueError::new_err(format!("item {}: {e}", first + k)))?;
                    out.append(convert(py, &doc, layers)?)?;
                }
                // Ctrl-C interrupts a long run between batches.
                py.check_signals()?;
            }
            Ok(())
        })?;
        Ok(out)
    }
}

#[pymethods]
impl Pipeline {
    /// A pipeline with the embedded models.
    ///
    /// `layers` chooses what it finds and reports, above the sentences, tokens and clitics
    /// that every analysis has: a list of names, or one comma-separated str, of "entities",
    /// "dates", "numbers", "quotes", "keywords" ("all" or "none" also). All by default. Fewer
    /// are faster (dates and numbers alone skip the entity recogniser); a layer left out has no
    /// key in the result. Raises ValueError for an unknown name.
    ///
    /// The models load once per process, on first use (about a second); pipelines after the
    /// first cost nothing. One pipeline can be shared by threads.
    #[new]
    #[pyo3(signature = (*, layers=None))]
    fn new(layers: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let layers = match layers.filter(|l| !l.is_none()) {
            None => khabar::Layers::ALL,
            Some(l) => parse_layers(l)?,
        };
        Ok(Pipeline {
            inner: khabar::Pipeline::new().with_layers(layers),
        })
    }

    /// The layers this pipeline finds and reports, as a list of names.
    #[getter]
    fn layers(&self) -> Vec<&'static str> {
        self.inner.layers().names().collect()
    }

    /// Analyses one article and returns its analysis as a dict (schema version 1: the JSON of
    /// `khabar analyze`). Offsets are character offsets: `text[start:end]` is the span.
    ///
    /// `published` (a `str` such as "2021-01-29" or "2021-01-29T10:00:00+03:00", or a
    /// `datetime.date`) is the reference for relative dates; `id`, `title` and `source` are
    /// copied to the output. `search_terms=True` adds the terms a khabar index stores;
    /// `tokens=False` leaves out the `tokens` list (most of the objects: converting the rest
    /// takes a fraction of the time).
    /// Raises ValueError for a date that does not parse, TypeError for a wrong type.
    #[pyo3(signature = (text, *, published=None, id=None, title=None, source=None, search_terms=false, tokens=true))]
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
        tokens: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let meta = Meta {
            published: self::published(published)?,
            id: opt_str("id", id)?,
            title: opt_str("title", title)?,
            source: opt_str("source", source)?,
        };
        let layers = Layers {
            tokens,
            search_terms,
        };
        self.analyze_impl(py, req_str("text", text)?, meta, layers)
    }

    /// Analyses many articles in parallel, on every core, without holding the GIL; returns the
    /// analyses in input order, each as `analyze` gives it.
    ///
    /// Each item is a `str` or a dict with `text` and optional `id`, `title`, `source`,
    /// `published` (the keys of `khabar analyze`'s JSONL input). `published` here is the
    /// reference date of items that give none. Set `RAYON_NUM_THREADS` to use fewer threads.
    #[pyo3(signature = (items, *, published=None, search_terms=false, tokens=true))]
    fn analyze_many<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        published: Option<&Bound<'py, PyAny>>,
        search_terms: bool,
        tokens: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let published = self::published(published)?;
        let layers = Layers {
            tokens,
            search_terms,
        };
        self.analyze_many_impl(py, items, published, layers)
    }

    fn __repr__(&self) -> String {
        match self.inner.layers() {
            khabar::Layers::ALL => "khabar.Pipeline()".to_string(),
            l => format!("khabar.Pipeline(layers=\"{l}\")"),
        }
    }
}

/// Reads `layers`: one comma-separated str, or an iterable of names.
fn parse_layers(value: &Bound<'_, PyAny>) -> PyResult<khabar::Layers> {
    let bad = |e: khabar::LayersError| PyValueError::new_err(e.to_string());
    if let Ok(s) = value.cast::<PyString>() {
        return s.extract::<String>()?.parse().map_err(bad);
    }
    let mut out = khabar::Layers::NONE;
    for item in value
        .try_iter()
        .map_err(|_| PyTypeError::new_err("layers must be a str or an iterable of str"))?
    {
        let item = item?;
        let name = item
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err("layers must be a str or an iterable of str"))?;
        out = out
            | name
                .extract::<String>()?
                .parse::<khabar::Layers>()
                .map_err(bad)?;
    }
    Ok(out)
}

/// The pipeline of the module-level functions, built on first use.
fn shared(py: Python<'_>) -> &'static Pipeline {
    static SHARED: OnceLock<Pipeline> = OnceLock::new();
    // Building it loads the models: without the GIL, so that another thread waiting here
    // cannot deadlock with this one.
    py.detach(|| {
        SHARED.get_or_init(|| Pipeline {
            inner: khabar::Pipeline::new(),
        })
    })
}

/// `khabar.Pipeline().analyze(...)` with a pipeline shared by the whole process.
#[pyfunction]
#[allow(clippy::too_many_arguments)] // Python keyword arguments
#[pyo3(signature = (text, *, published=None, id=None, title=None, source=None, search_terms=false, tokens=true))]
fn analyze<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    published: Option<&Bound<'py, PyAny>>,
    id: Option<&Bound<'py, PyAny>>,
    title: Option<&Bound<'py, PyAny>>,
    source: Option<&Bound<'py, PyAny>>,
    search_terms: bool,
    tokens: bool,
) -> PyResult<Bound<'py, PyAny>> {
    shared(py).analyze(py, text, published, id, title, source, search_terms, tokens)
}

/// `khabar.Pipeline().analyze_many(...)` with a pipeline shared by the whole process.
#[pyfunction]
#[pyo3(signature = (items, *, published=None, search_terms=false, tokens=true))]
fn analyze_many<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyAny>,
    published: Option<&Bound<'py, PyAny>>,
    search_terms: bool,
    tokens: bool,
) -> PyResult<Bound<'py, PyList>> {
    shared(py).analyze_many(py, items, published, search_terms, tokens)
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
    py.detach(|| terms_of(text))
        .into_iter()
        .map(|t| Term {
            term: t.term,
            start: t.start,
            end: t.end,
            position: t.position,
        })
        .collect()
}

/// `Index.add` analyses this many articles at a time before handing them to the writer.
const INDEX_BATCH: usize = 512;

/// Memory for tantivy's indexing buffers in `Index.add` (as `khabar index`'s default).
const INDEX_HEAP: usize = 256 << 20;

/// `khabar.Index`: a search index (made by `khabar index` or `Index.add`).
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
    /// Opens the index in the folder `path` (made by `khabar index` or by `Index.add`).
    /// `create=True` makes a new index there when the folder is absent or empty.
    #[new]
    #[pyo3(signature = (path, *, create=false))]
    fn new(py: Python<'_>, path: PathBuf, create: bool) -> PyResult<Self> {
        let inner = py
            .detach(|| {
                if create {
                    ArticleIndex::open_or_create(&path)
                } else {
                    ArticleIndex::open(&path)
                }
            })
            .map_err(index_error)?;
        Ok(Index { inner, path })
    }

    /// Analyses `items` on every core, without the GIL, and adds them to the index as
    /// `khabar index` does: an item with the `id` of an indexed article replaces it, and one
    /// already indexed with the same content is skipped unless `force`. Items are as for
    /// `analyze_many` (a `str`, or a dict with `text` and optional `id`, `title`, `source`,
    /// `published`); `published` is the reference date of items that give none. An item
    /// without an `id` is stored under its content hash.
    ///
    /// One call is one commit. With `on_error="raise"` (the default) an item that cannot be
    /// analysed raises ValueError naming it and nothing of the call is kept; with
    /// `on_error="skip"` the other items are committed and the failures listed.
    /// Returns `{"added": n, "unchanged": n, "errors": [{"item": i, "error": message}]}`.
    #[pyo3(signature = (items, *, published=None, force=false, on_error="raise"))]
    fn add<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        published: Option<&Bound<'py, PyAny>>,
        force: bool,
        on_error: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let skip = match on_error {
            "raise" => false,
            "skip" => true,
            other => {
                return Err(PyValueError::new_err(format!(
                    "on_error must be \"raise\" or \"skip\", not {other:?}"
                )));
            }
        };
        if items.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(
                "add takes an iterable of texts or dicts, not one str: wrap it in a list",
            ));
        }
        let published = self::published(published)?;
        let articles = items
            .try_iter()?
            .enumerate()
            .map(|(i, item)| item_article(i, &item?, published.as_ref()))
            .collect::<PyResult<Vec<Article>>>()?;
        let pipeline = &shared(py).inner;
        let index = &self.inner;
        let path = &self.path;
        let (added, unchanged, errors) = py
            .detach(|| -> Result<_, khabar_index::IndexError> {
                let mut writer = index.writer(INDEX_HEAP, 0).map_err(|e| {
                    if e.is_locked() {
                        khabar_index::IndexError::Incompatible {
                            path: path.display().to_string(),
                            reason: "another writer (Index.add or `khabar index`) is adding \
                                     to this index; try again when it is done"
                                .into(),
                        }
                    } else {
                        e
                    }
                })?;
                let (mut added, mut unchanged, mut errors) = (0u64, 0u64, Vec::new());
                let mut first = 0;
                let mut articles = articles.into_iter();
                loop {
                    let batch: Vec<Article> = articles.by_ref().take(INDEX_BATCH).collect();
                    if batch.is_empty() {
                        break;
                    }
                    let n = batch.len();
                    let ready: Vec<_> = batch
                        .into_par_iter()
                        .map(|a| index.ready(pipeline, a, force))
                        .collect();
                    for (k, r) in ready.into_iter().enumerate() {
                        match r {
                            Ok(Some(r)) => {
                                writer.add_prepared(r.prepared)?;
                                added += 1;
                            }
                            Ok(None) => unchanged += 1,
                            Err(e @ khabar_index::IndexError::Analysis { .. }) => {
                                errors.push((first + k, e.to_string()));
                                if !skip {
                                    writer.rollback()?;
                                    return Ok((added, unchanged, errors));
                                }
                            }
                            Err(e) => return Err(e),
                        }
                    }
                    first += n;
                }
                writer.finish()?;
                index.reload()?;
                Ok((added, unchanged, errors))
            })
            .map_err(index_error)?;
        if !skip && let Some((i, e)) = errors.first() {
            return Err(PyValueError::new_err(format!(
                "item {i}: {e} (nothing of this call was added)"
            )));
        }
        let out = PyDict::new(py);
        out.set_item("added", added)?;
        out.set_item("unchanged", unchanged)?;
        let list = PyList::empty(py);
        for (i, e) in errors {
            let d = PyDict::new(py);
            d.set_item("item", i)?;
            d.set_item("error", e)?;
            list.append(d)?;
        }
        out.set_item("errors", list)?;
        Ok(out)
    }

    /// Makes what other writers (another `Index`, `khabar index`) committed since this one
    /// was opened visible to `search`, `get` and `len`. `add` does it for its own commits.
    fn reload(&self, py: Python<'_>) -> PyResult<()> {
        py.detach(|| self.inner.reload()).map_err(index_error)
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
        let results = py.detach(|| self.inner.search(&req)).map_err(index_error)?;
        pythonize::pythonize(py, &results).map_err(PyErr::from)
    }

    /// The stored article `id` as a dict (`id`, `title`, `text`, `source`, `published`,
    /// `entities`), or None.
    fn get<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let article = py.detach(|| self.inner.get(id)).map_err(index_error)?;
        article
            .map(|a| pythonize::pythonize(py, &a).map_err(PyErr::from))
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
