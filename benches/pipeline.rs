//! The whole `khabar analyze` pipeline on ANT news text: `Pipeline::analyze` (text, clitic
//! segmentation, entities, dates, numbers, quotes, keywords) on each article with its
//! publication date, then the same with the JSON output written as the CLI writes it
//! (`View::write_compact`); then with fewer layers (`--layers`); then the JSON output alone, serde's writer against the compact one.
//!
//! `cargo bench -p khabar-benches --bench pipeline`. Throughput is whitespace-separated words.
//!
//! Each timed pass over the 2,000 articles follows an untimed pass over 2,000 others (see
//! [`khabar_benches::steady`]): the per-thread word caches are timed in the steady state of a
//! stream, not re-reading the text they just saw.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar::{Article, Layers, Pipeline, Published};
use khabar_benches::{ant_articles, steady, word_count};

fn bench(c: &mut Criterion) {
    let Some(mut raw) = ant_articles(4000) else {
        return;
    };
    // Measured: the first 2,000; the next 2,000 only warm the caches between passes.
    let raw_warm = raw.split_off(raw.len().min(2000));
    let texts: Vec<String> = raw.iter().map(|(t, _)| t.clone()).collect();
    let words = word_count(&texts);
    // Unparsable dates are left out, as `khabar analyze` leaves them (with a warning).
    let to_articles = |raw: Vec<(String, Option<String>)>| -> Vec<Article> {
        raw.into_iter()
            .map(|(text, published)| Article {
                published: published.and_then(|p| Published::parse(&p).ok()),
                ..Article::new(text)
            })
            .collect()
    };
    let (articles, warm) = (to_articles(raw), to_articles(raw_warm));
    let pipeline = Pipeline::default();
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Elements(words));
    g.sample_size(10);

    // Cloning the articles (about 5 MB of text) is part of the measure in both benches: the
    // pipeline takes its article by value.
    g.bench_function("khabar analyze (Pipeline::analyze)", |b| {
        b.iter_custom(|iters| {
            steady(iters, &warm, &articles, &mut |these| {
                let mut n = 0;
                for a in these {
                    let doc = pipeline.analyze(a.clone()).expect("ANT articles are small");
                    n +=
                        doc.entities.len() + doc.dates.len() + doc.numbers.len() + doc.quotes.len();
                }
                n
            })
        })
    });

    g.bench_function(
        "khabar analyze + JSON (View::write_compact, as the CLI)",
        |b| {
            let mut buf = Vec::new();
            b.iter_custom(|iters| {
                steady(iters, &warm, &articles, &mut |these| {
                    for a in these {
                        let doc = pipeline.analyze(a.clone()).expect("ANT articles are small");
                        buf.clear();
                        doc.view()
                            .write_compact(&mut buf)
                            .expect("a vector does not fail");
                    }
                    buf.len()
                })
            })
        },
    );
    g.finish();

    // Fewer layers (`khabar analyze --layers`): what a user who needs only some of them saves.
    let mut g = c.benchmark_group("layers");
    g.throughput(Throughput::Elements(words));
    g.sample_size(10);
    for list in ["none", "dates,numbers", "entities", "entities,quotes"] {
        let layers: Layers = list.parse().expect("known layers");
        let p = Pipeline::new().with_layers(layers);
        g.bench_function(format!("Pipeline::analyze, --layers {list}"), |b| {
            b.iter_custom(|iters| {
                steady(iters, &warm, &articles, &mut |these| {
                    let mut n = 0;
                    for a in these {
                        let doc = p.analyze(a.clone()).expect("ANT articles are small");
                        n += doc.text.tokens.len() + doc.entities.len() + doc.dates.len();
                    }
                    n
                })
            })
        });
    }
    g.finish();

    // The JSON output alone, of documents already analysed: serde's writer against the
    // compact writer that gives the same bytes.
    let docs: Vec<khabar::Document> = articles
        .iter()
        .map(|a| pipeline.analyze(a.clone()).expect("ANT articles are small"))
        .collect();
    let mut g = c.benchmark_group("json");
    g.throughput(Throughput::Elements(words));
    g.sample_size(10);
    let mut buf = Vec::new();
    g.bench_function("serde_json::to_writer(View)", |b| {
        b.iter(|| {
            for d in &docs {
                buf.clear();
                serde_json::to_writer(&mut buf, &d.view()).expect("a vector does not fail");
            }
            buf.len()
        })
    });
    g.bench_function("View::write_compact", |b| {
        b.iter(|| {
            for d in &docs {
                buf.clear();
                d.view()
                    .write_compact(&mut buf)
                    .expect("a vector does not fail");
            }
            buf.len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
