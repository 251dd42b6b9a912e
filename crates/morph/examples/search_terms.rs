//! Runs the search analyser over the first N articles of the ANT corpus, for profiling
//! (`valgrind --tool=callgrind`, instruction counts are stable on a loaded machine) and for
//! checking that a change leaves the output alone (`--dump` writes every term).
//!
//! ```sh
//! cargo build --profile bench -p khabar-morph --example search_terms
//! valgrind --tool=callgrind --toggle-collect='search_terms::analyse_all' \
//!     target/release/examples/search_terms 2000
//! target/release/examples/search_terms 100000 --dump /tmp/terms.txt
//! target/release/examples/search_terms 2000 --repeat 30   # fastest pass, words/s
//! valgrind --tool=callgrind --toggle-collect='search_terms::analyse_all' \
//!     target/release/examples/search_terms 2000 --steady   # as the criterion bench
//! ```
//!
//! The repeated passes see the same text, so the analyser's per-thread word cache is warmer
//! than on a stream of new articles: the criterion bench (`benches/search.rs`) measures that
//! steady state instead. `--steady` counts one pass in that state: the N articles after the
//! first N are analysed first, outside `analyse_all`.

use std::io::{BufRead, BufReader, BufWriter, Write};

use khabar_morph::SearchAnalyzer;
use khabar_morph::search::SearchBuffers;

const ANT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/news/ant-multisource.jsonl.gz"
);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let limit: usize = args.next().map_or(Ok(200), |a| a.parse())?;
    let mut dump = None;
    let mut repeat = 0usize;
    let mut steady = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--steady" => steady = true,
            "--dump" => dump = Some(args.next().ok_or("--dump needs a file")?),
            "--repeat" => repeat = args.next().ok_or("--repeat needs a count")?.parse()?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let file = std::fs::File::open(ANT).map_err(|e| format!("{ANT}: {e}"))?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut texts = Vec::new();
    let wanted = if steady { 2 * limit } else { limit };
    for line in reader.lines() {
        if texts.len() >= wanted {
            break;
        }
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
            texts.push(t.to_string());
        }
    }
    let analyzer = SearchAnalyzer::default();
    let mut buf = SearchBuffers::default();
    // Load the lexicon's hash table before the measured part.
    analyzer.terms_into("كتاب", &mut buf, |_| {});
    let warm = texts.split_off(texts.len().min(limit));
    warm_up(&analyzer, &warm, &mut buf);
    let mut out = match &dump {
        Some(path) => Some(BufWriter::new(std::fs::File::create(path)?)),
        None => None,
    };
    let (n, bytes) = analyse_all(&analyzer, &texts, &mut buf, out.as_mut());
    if let Some(mut w) = out {
        w.flush()?;
    }
    println!("{} texts, {n} terms, {bytes} bytes of terms", texts.len());
    // Wall-clock passes: the fastest is the least disturbed by other work on the machine.
    if repeat > 0 {
        let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
        let mut best = std::time::Duration::MAX;
        for _ in 0..repeat {
            let t = std::time::Instant::now();
            std::hint::black_box(analyse_all(&analyzer, &texts, &mut buf, None));
            best = best.min(t.elapsed());
        }
        println!(
            "fastest of {repeat} passes: {:.1} ms, {:.2}M words/s",
            best.as_secs_f64() * 1e3,
            words as f64 / best.as_secs_f64() / 1e6
        );
    }
    Ok(())
}

/// Analyses `texts` outside the measured part, for `--steady`.
#[inline(never)]
fn warm_up(analyzer: &SearchAnalyzer, texts: &[String], buf: &mut SearchBuffers) {
    for t in texts {
        analyzer.terms_into(t, buf, |term| {
            std::hint::black_box(term);
        });
    }
}

/// The measured part: every term of every text (its own function, so that callgrind can count
/// it alone with `--toggle-collect`). Returns the number of terms and of their bytes.
#[inline(never)]
fn analyse_all(
    analyzer: &SearchAnalyzer,
    texts: &[String],
    buf: &mut SearchBuffers,
    mut out: Option<&mut BufWriter<std::fs::File>>,
) -> (usize, usize) {
    let mut n = 0usize;
    let mut bytes = 0usize;
    for (i, t) in texts.iter().enumerate() {
        analyzer.terms_into(t, buf, |term| {
            n += 1;
            bytes += term.text.len();
            if let Some(w) = out.as_mut() {
                // Errors surface at the flush after the loop.
                let _ = writeln!(
                    w,
                    "{i}\t{}\t{}\t{}\t{}",
                    term.position, term.span.start, term.span.end, term.text
                );
            }
        });
    }
    (n, bytes)
}
