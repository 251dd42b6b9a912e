//! Shared helpers for khabar's benchmarks: loading the ANT news corpus.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;

/// Where the ANT multisource corpus is expected, relative to the workspace root.
pub const ANT: &str = "../shared/data/news/ant-multisource.jsonl.gz";

/// The path of the ANT corpus, if it is present.
pub fn ant_path() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let p = root.join(ANT);
    p.exists().then_some(p)
}

/// The `text` field of the first `limit` ANT articles, or `None` (with a message on stderr)
/// when the corpus is absent.
pub fn ant_texts(limit: usize) -> Option<Vec<String>> {
    ant_articles(limit).map(|v| v.into_iter().map(|(text, _)| text).collect())
}

/// The `text` and `published` fields of the first `limit` ANT articles (articles without a
/// text are skipped, as in [`ant_texts`]), or `None` (with a message on stderr) when the corpus
/// is absent.
pub fn ant_articles(limit: usize) -> Option<Vec<(String, Option<String>)>> {
    let Some(path) = ant_path() else {
        eprintln!("skipping: ANT corpus not found at {ANT} (see ../shared/data/README.md)");
        return None;
    };
    let file = std::fs::File::open(&path).ok()?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut out = Vec::with_capacity(limit);
    for line in reader.lines() {
        let Ok(line) = line else { break };
        if out.len() >= limit {
            break;
        }
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line)
            && let Some(t) = v.get("text").and_then(|t| t.as_str())
        {
            let published = v
                .get("published")
                .and_then(|p| p.as_str())
                .map(str::to_string);
            out.push((t.to_string(), published));
        }
    }
    Some(out)
}

/// Whitespace-separated words: the one denominator for every tokenizer compared.
pub fn word_count(texts: &[String]) -> u64 {
    texts
        .iter()
        .map(|t| t.split_whitespace().count() as u64)
        .sum()
}

/// Times `iters` passes of `run(measured)`, each after an untimed `run(warm)`.
///
/// khabar keeps per-thread caches of the words it has seen. Passes over the same articles
/// would find more of their words cached than a stream of new articles does; warming with
/// other articles between passes times each pass as the steady state of a stream of articles
/// it has not seen.
pub fn steady<T>(
    iters: u64,
    warm: &[T],
    measured: &[T],
    run: &mut dyn FnMut(&[T]) -> usize,
) -> std::time::Duration {
    let mut total = std::time::Duration::ZERO;
    for _ in 0..iters {
        std::hint::black_box(run(warm));
        let t = std::time::Instant::now();
        std::hint::black_box(run(measured));
        total += t.elapsed();
    }
    total
}
