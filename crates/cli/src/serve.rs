//! `khabar serve`: the JSON API and the web interface over an index.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use khabar_index::ArticleIndex;
use khabar_serve::{AppState, Limits};

/// Arguments of `khabar serve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The index to serve (made by `khabar index`). Without it, `khabar-index` in the current
    /// folder is served if there is one, and otherwise a demo index of the project's example
    /// articles, built in memory.
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,

    /// Serve the built-in demo index even when an index exists.
    #[arg(long, conflicts_with = "index")]
    demo: bool,

    /// Address to listen on. Loopback by default: the server has no authentication, so expose
    /// it to a network only behind a proxy that does.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,

    /// Largest request body, in KiB (POST /api/analyze).
    #[arg(long, value_name = "KIB", default_value_t = 1024)]
    max_body_kib: usize,
}

/// The default index folder, as `khabar index` writes it.
const DEFAULT_INDEX: &str = "khabar-index";

pub fn run(args: Args) -> Result<ExitCode> {
    let (index, label) = match (&args.index, args.demo) {
        (Some(dir), _) => (
            ArticleIndex::open(dir).with_context(|| {
                format!(
                    "cannot serve {}: build an index with `khabar index FILES --index {}`, \
                     or run `khabar serve` without --index for the demo",
                    dir.display(),
                    dir.display()
                )
            })?,
            dir.display().to_string(),
        ),
        (None, false) if std::path::Path::new(DEFAULT_INDEX).exists() => (
            ArticleIndex::open(std::path::Path::new(DEFAULT_INDEX))
                .with_context(|| format!("cannot serve ./{DEFAULT_INDEX}"))?,
            DEFAULT_INDEX.to_string(),
        ),
        _ => {
            eprintln!("khabar: no index given: serving the demo index of the example articles");
            (
                khabar_serve::demo::build().context("cannot build the demo index")?,
                "demo".to_string(),
            )
        }
    };
    let limits = Limits {
        max_body_bytes: args.max_body_kib.max(1) << 10,
        ..Limits::default()
    };
    let articles = index.num_docs();
    let state = Arc::new(AppState::new(index, label.clone(), limits));
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let addr = listener.local_addr().context("no local address")?;
        // The first line on standard output is the address (tests and scripts read it).
        println!("khabar serve: http://{addr}/ ({articles} articles from {label})");
        use std::io::Write;
        std::io::stdout().flush().ok();
        khabar_serve::serve(listener, state, shutdown_signal())
            .await
            .context("the server failed")
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    eprintln!("khabar: shutting down");
}
