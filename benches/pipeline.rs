//! The whole `khabar analyze` pipeline on ANT news text: `Pipeline::analyze` (text, clitic
//! segmentation, entities, dates, numbers, quotes) on each article with its publication date,
//! then the same with the JSON output streamed (`Document::view`) to a sink.
//!
//! `cargo bench -p khabar-benches --bench pipeline`. Throughput is whitespace-separated words.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar::{Article, Pipeline, Published};
use khabar_benches::{ant_articles, word_count};

fn bench(c: &mut Criterion) {
    let Some(raw) = ant_articles(2000) else {
        return;
    };
    let texts: Vec<String> = raw.iter().map(|(t, _)| t.clone()).collect();
    let words = word_count(&texts);
    // Unparsable dates are left out, as `khabar analyze` leaves them (with a warning).
    let articles: Vec<Article> = raw
        .into_iter()
        .map(|(text, published)| Article {
            published: published.and_then(|p| Published::parse(&p).ok()),
            ..Article::new(text)
        })
        .collect();
    let pipeline = Pipeline::default();
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Elements(words));
    g.sample_size(10);

    // Cloning the articles (about 5 MB of text) is part of the measure in both benches: the
    // pipeline takes its article by value.
    g.bench_function("khabar analyze (Pipeline::analyze)", |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &articles {
                let doc = pipeline.analyze(a.clone()).expect("ANT articles are small");
                n += doc.entities.len() + doc.dates.len() + doc.numbers.len() + doc.quotes.len();
            }
            black_box(n)
        })
    });

    g.bench_function("khabar analyze + JSON (Document::view to a sink)", |b| {
        b.iter(|| {
            for a in &articles {
                let doc = pipeline.analyze(a.clone()).expect("ANT articles are small");
                serde_json::to_writer(std::io::sink(), &doc.view()).expect("a sink does not fail");
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
