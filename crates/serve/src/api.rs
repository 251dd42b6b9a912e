//! The JSON API's handlers. The index and the analysis pipeline are synchronous and CPU-bound:
//! they run on tokio's blocking pool, so slow requests never stall the ones behind them.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use khabar::{Article, Published};
use khabar_index::{Interval, SearchRequest, Sort, StoredArticle, Timeline};
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::ApiError;
use crate::params::Params;

/// The filters every search-like endpoint takes.
const FILTERS: [&str; 9] = [
    "q",
    "source",
    "entity",
    "speaker",
    "from",
    "to",
    "mentions_from",
    "mentions_to",
    "syntax",
];

/// Runs CPU-bound work off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(ApiError::internal)?
}

fn with(extra: &[&'static str]) -> Vec<&'static str> {
    FILTERS.iter().chain(extra).copied().collect()
}

/// A search request from the shared filter parameters. An empty query with no filter matches
/// every article, so the interface can browse.
fn request(state: &AppState, p: &Params) -> Result<SearchRequest, ApiError> {
    let q = p.str("q").unwrap_or("");
    let n = q.chars().count();
    if n > state.limits.max_query_chars {
        return Err(ApiError::bad_parameter(
            "q",
            format!(
                "the query is {n} characters long; the limit is {}",
                state.limits.max_query_chars
            ),
        ));
    }
    let mut req = SearchRequest::new(q);
    req.source = p.str("source").map(str::to_string);
    req.entity = p.str("entity").map(str::to_string);
    req.speaker = p.str("speaker").map(str::to_string);
    req.from = p.date("from")?;
    req.to = p.date("to")?;
    req.mentions_from = p.date("mentions_from")?;
    req.mentions_to = p.date("mentions_to")?;
    req.syntax = p.choice("syntax", true, &[("true", true), ("false", false)])?;
    req.all_when_empty = true;
    for (a, b, range) in [
        ("from", "to", (req.from, req.to)),
        (
            "mentions_from",
            "mentions_to",
            (req.mentions_from, req.mentions_to),
        ),
    ] {
        if let (Some(x), Some(y)) = range
            && x > y
        {
            return Err(ApiError::bad_parameter(
                a,
                format!("`{a}` ({x}) is after `{b}` ({y})"),
            ));
        }
    }
    Ok(req)
}

/// A facet value and the number of matching articles that have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount {
    /// The entity's canonical name, or the source.
    pub name: String,
    /// Matching articles.
    pub count: u64,
}

/// Facet counts over the articles a search matches.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FacetsJson {
    /// People.
    #[serde(rename = "PER")]
    pub per: Vec<FacetCount>,
    /// Organisations.
    #[serde(rename = "ORG")]
    pub org: Vec<FacetCount>,
    /// Places.
    #[serde(rename = "LOC")]
    pub loc: Vec<FacetCount>,
    /// Other names.
    #[serde(rename = "MISC")]
    pub misc: Vec<FacetCount>,
    /// Sources.
    pub sources: Vec<FacetCount>,
}

impl From<khabar_index::store::Facets> for FacetsJson {
    fn from(f: khabar_index::store::Facets) -> Self {
        let conv = |v: Vec<(String, u64)>| {
            v.into_iter()
                .map(|(name, count)| FacetCount { name, count })
                .collect()
        };
        let mut ents = f.entities;
        let mut take = |ty: &str| conv(ents.remove(ty).unwrap_or_default());
        FacetsJson {
            per: take("PER"),
            org: take("ORG"),
            loc: take("LOC"),
            misc: take("MISC"),
            sources: conv(f.sources),
        }
    }
}

/// A page of search results.
#[derive(Serialize)]
pub struct SearchPage {
    /// Matching articles.
    pub total: usize,
    /// Hits skipped.
    pub offset: usize,
    /// Page size asked for.
    pub limit: usize,
    /// The hits, best first (or in date order when sorted by date).
    pub hits: Vec<khabar_index::Hit>,
    /// The index terms searched for, name variants included.
    pub terms: Vec<String>,
    /// Facet counts, when `facets` > 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<FacetsJson>,
}

/// `GET /api/search`: ranked articles with snippets.
pub async fn search(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchPage>, ApiError> {
    let p = Params::parse(
        raw.as_deref(),
        &with(&["limit", "offset", "sort", "facets", "snippet"]),
    )?;
    let mut req = request(&state, &p)?;
    let l = state.limits;
    req.limit = p.count("limit", 10, l.max_page_size)?;
    req.offset = p.count("offset", 0, l.max_depth)?;
    req.facets = p.count("facets", 0, l.max_facets)?;
    req.snippet_chars = p.count("snippet", 240, 2_000)?.max(40);
    req.sort = p.choice(
        "sort",
        Sort::Relevance,
        &[
            ("relevance", Sort::Relevance),
            ("newest", Sort::Newest),
            ("oldest", Sort::Oldest),
        ],
    )?;
    let page = blocking(move || {
        let r = state.index.search(&req)?;
        Ok(SearchPage {
            total: r.total,
            offset: req.offset,
            limit: req.limit,
            hits: r.hits,
            terms: r.terms,
            facets: r.facets.map(FacetsJson::from),
        })
    })
    .await?;
    Ok(Json(page))
}

/// Facet counts and the number of articles they are over.
#[derive(Serialize)]
pub struct FacetsPage {
    /// Matching articles.
    pub total: usize,
    /// The counts.
    pub facets: FacetsJson,
}

/// `GET /api/facets`: the most named entities of each type and the sources, over the articles
/// a search matches.
pub async fn facets(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<FacetsPage>, ApiError> {
    let p = Params::parse(raw.as_deref(), &with(&["n"]))?;
    let mut req = request(&state, &p)?;
    req.facets = p.count("n", 10, state.limits.max_facets)?.max(1);
    req.limit = 0;
    let page = blocking(move || {
        let r = state.index.search(&req)?;
        Ok(FacetsPage {
            total: r.total,
            facets: r.facets.map(FacetsJson::from).unwrap_or_default(),
        })
    })
    .await?;
    Ok(Json(page))
}

/// `GET /api/timeline`: matching articles per day or month of publication.
pub async fn timeline(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Timeline>, ApiError> {
    let p = Params::parse(raw.as_deref(), &with(&["interval"]))?;
    let req = request(&state, &p)?;
    let interval = p.choice(
        "interval",
        Interval::Month,
        &[("day", Interval::Day), ("month", Interval::Month)],
    )?;
    let t = blocking(move || Ok(state.index.timeline(&req, interval)?)).await?;
    Ok(Json(t))
}

/// `GET /api/articles/{id}`: a stored article and its full analysis, as `khabar analyze`
/// gives it.
pub async fn article(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(raw.as_deref(), &[])?;
    blocking(move || {
        let Some(stored) = state.index.get(&id)? else {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no article has the id `{id}`"),
            ));
        };
        let doc = state
            .pipeline
            .analyze(article_of(&stored))
            .map_err(|e| ApiError::internal(format_args!("article `{id}`: {e}")))?;
        #[derive(Serialize)]
        struct Out<'a> {
            article: &'a StoredArticle,
            analysis: khabar::schema::View<'a>,
        }
        json(&Out {
            article: &stored,
            analysis: doc.view(),
        })
    })
    .await
}

fn article_of(s: &StoredArticle) -> Article {
    Article {
        id: Some(s.id.clone()),
        title: s.title.clone(),
        text: s.text.clone(),
        published: s
            .published
            .as_deref()
            .and_then(|p| Published::parse(p).ok()),
        source: s.source.clone(),
    }
}

/// Serialises once, so a failure is an error and not a half-written body.
fn json<T: Serialize>(value: &T) -> Result<Response, ApiError> {
    let body = serde_json::to_vec(value).map_err(ApiError::internal)?;
    Ok(json_body(body))
}

/// A JSON response of bytes already serialised.
fn json_body(body: Vec<u8>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

/// The body of `POST /api/analyze` in JSON.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalyzeBody {
    text: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

/// `POST /api/analyze`: the schema-1 analysis of a posted article: a JSON object with `text`
/// (and optional `id`, `title`, `published`, `source`), or plain text with the publication day
/// in the `published` query parameter. Query parameters `layers` (as `khabar analyze
/// --layers`) and `tokens=false` trim the analysis.
pub async fn analyze(
    State(state): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let p = Params::parse(
        raw.as_deref(),
        &["published", "search_terms", "layers", "tokens"],
    )?;
    let layers: khabar::Layers = match p.str("layers") {
        None => khabar::Layers::ALL,
        Some(v) => v
            .parse()
            .map_err(|e: khabar::LayersError| ApiError::bad_parameter("layers", e.to_string()))?,
    };
    let tokens = p.choice("tokens", true, &[("true", true), ("false", false)])?;
    let body = body.map_err(|e| {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                status,
                "too_large",
                format!(
                    "the body is over the limit of {} bytes",
                    state.limits.max_body_bytes
                ),
            )
        } else {
            ApiError::new(status, "bad_body", e.body_text())
        }
    })?;
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let b: AnalyzeBody = match kind.as_str() {
        "application/json" if p.str("published").is_some() => {
            return Err(ApiError::bad_parameter(
                "published",
                "with a JSON body, give `published` in the body, not in the query",
            ));
        }
        "application/json" => serde_json::from_slice(&body).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_body",
                format!("the body is not the JSON expected ({e}); send {{\"text\": \"...\"}}"),
            )
        })?,
        "text/plain" => AnalyzeBody {
            text: String::from_utf8(body.to_vec()).map_err(|e| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "bad_body",
                    format!(
                        "the body is not UTF-8 (byte {})",
                        e.utf8_error().valid_up_to()
                    ),
                )
            })?,
            id: None,
            title: None,
            published: p.str("published").map(str::to_string),
            source: None,
        },
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!(
                    "content type `{other}`: send application/json ({{\"text\": \"...\"}}) or text/plain"
                ),
            ));
        }
    };
    let published = match b.published.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(v) => Some(
            Published::parse(v)
                .map_err(|e| ApiError::bad_parameter("published", format!("`published`: {e}")))?,
        ),
    };
    let terms = p.choice("search_terms", false, &[("true", true), ("false", false)])?;
    let article = Article {
        id: b.id,
        title: b.title,
        text: b.text,
        published,
        source: b.source,
    };
    blocking(move || {
        let doc = state
            .pipeline
            .analyze_layers(article, layers)
            .map_err(|e| {
                ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_text", e.to_string())
            })?;
        let mut body = Vec::with_capacity(doc.original().len() * 8);
        doc.view()
            .with_search_terms(terms)
            .with_tokens(tokens)
            .write_compact(&mut body)
            .map_err(ApiError::internal)?;
        Ok(json_body(body))
    })
    .await
}

/// What the server serves.
#[derive(Serialize)]
pub struct Info {
    /// `khabar`.
    pub name: &'static str,
    /// The server's version.
    pub version: &'static str,
    /// Articles in the index.
    pub articles: u64,
    /// The index: its folder, or `demo` for the built-in demo.
    pub index: String,
    /// The limits on requests.
    pub limits: crate::Limits,
}

/// `GET /api/info`.
pub async fn info(State(state): State<Arc<AppState>>) -> Json<Info> {
    Json(Info {
        name: "khabar",
        version: env!("CARGO_PKG_VERSION"),
        articles: state.index.num_docs(),
        index: state.label.clone(),
        limits: state.limits,
    })
}

/// Any other path.
pub async fn not_found(uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!(
            "nothing at `{}`; the API is described at /openapi.json",
            uri.path()
        ),
    )
}

/// A known path with the wrong method.
pub async fn method_not_allowed(method: axum::http::Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("`{method}` is not allowed on `{}`", uri.path()),
    )
}
