//! # khabar-serve: the JSON API and the web interface
//!
//! The last stage of khabar's pipeline (text -> morph -> extract -> index -> serve): an axum
//! server over an [`ArticleIndex`], with
//! - a JSON API (`/api/...`): search with filters, paging and snippets; one article with its
//!   full analysis; facet counts; a publication timeline; analysis of a posted text (schema 1);
//!   an OpenAPI description at `/openapi.json`;
//! - a right-to-left Arabic web interface at `/`, whose assets are compiled into the binary
//!   (nothing is fetched from a CDN or anywhere else).
//!
//! Every request is bounded ([`Limits`]): body size, query length, page size, paging depth and
//! time. A bad request gets a 4xx status and a JSON body naming the problem; a handler that
//! panicked all the same answers 500 without taking the server down.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::sync::Arc;
//! use khabar_serve::{AppState, Limits};
//!
//! let index = khabar_serve::demo::build()?; // or ArticleIndex::open(dir)
//! let state = AppState::new(index, "demo".into(), Limits::default());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! khabar_serve::serve(listener, Arc::new(state), std::future::pending()).await?;
//! # Ok(()) }
//! ```

pub mod api;
mod assets;
pub mod demo;
mod error;
mod params;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::routing::{get, post};
use khabar::Pipeline;
use khabar_index::ArticleIndex;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use error::ApiError;

/// Bounds on what one request may ask for (in `/api/info` without the timeout).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Limits {
    /// Largest request body, in bytes (POST `/api/analyze`).
    pub max_body_bytes: usize,
    /// Longest query (`q`), in characters.
    pub max_query_chars: usize,
    /// Most hits in one page (`limit`).
    pub max_page_size: usize,
    /// Most hits a request may skip (`offset`).
    pub max_depth: usize,
    /// Most facet values per type (`facets`, `n`).
    pub max_facets: usize,
    /// Longest time a request may take.
    #[serde(skip)]
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 1 << 20,
            max_query_chars: 1_000,
            max_page_size: 100,
            max_depth: 10_000,
            max_facets: 100,
            timeout: Duration::from_secs(30),
        }
    }
}

/// What the server holds: the index, the analysis pipeline and its limits.
pub struct AppState {
    index: ArticleIndex,
    pipeline: Pipeline,
    label: String,
    limits: Limits,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("label", &self.label)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// A server over `index`; `label` says what it is in `/api/info` (a path, or `demo`).
    pub fn new(index: ArticleIndex, label: String, limits: Limits) -> Self {
        AppState {
            index,
            pipeline: Pipeline::new(),
            label,
            limits,
        }
    }

    /// The index served.
    pub fn index(&self) -> &ArticleIndex {
        &self.index
    }
}

/// The content security policy of every response: scripts, styles and requests only from this
/// server, and no inline script at all, so even text that slipped into markup could not run.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The routes, with their limits and headers.
pub fn router(state: Arc<AppState>) -> Router {
    let limits = state.limits;
    Router::new()
        .route("/", get(assets::index_html))
        .route("/assets/{file}", get(assets::asset))
        .route("/openapi.json", get(assets::openapi))
        .route("/api/info", get(api::info))
        .route("/api/search", get(api::search))
        .route("/api/facets", get(api::facets))
        .route("/api/timeline", get(api::timeline))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/analyze", post(api::analyze))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .with_state(state)
        .layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.timeout,
        ))
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
}

/// How often the server looks for commits made by another process (`khabar index` running
/// beside it).
const RELOAD_EVERY: Duration = Duration::from_secs(5);

/// Serves until `shutdown` completes, then finishes the requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let reloader = {
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(RELOAD_EVERY);
            loop {
                tick.tick().await;
                let s = Arc::clone(&state);
                // A failed reload keeps the last good view of the index.
                let _ = tokio::task::spawn_blocking(move || s.index.reload()).await;
            }
        })
    };
    let result = axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await;
    reloader.abort();
    result
}
