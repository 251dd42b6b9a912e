//! Numbers, dates and quotes on ANT news text, tokens given: what the three extractors add to
//! `khabar analyze`.
//!
//! `cargo bench -p khabar-benches --bench facts`. Throughput is whitespace-separated words.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_benches::{ant_texts, word_count};
use khabar_extract::{dates, numbers, quotes};
use khabar_text::{TextAnalysis, TextPipeline};

fn bench(c: &mut Criterion) {
    let Some(texts) = ant_texts(2000) else { return };
    let words = word_count(&texts);
    let pipeline = TextPipeline::default();
    let analysed: Vec<TextAnalysis> = texts
        .iter()
        .map(|t| pipeline.analyze(t).expect("ANT articles are small"))
        .collect();
    let reference = jiff::civil::date(2021, 1, 29);
    let mut g = c.benchmark_group("facts");
    g.throughput(Throughput::Elements(words));
    g.sample_size(10);

    g.bench_function("khabar numbers (tokens given)", |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &analysed {
                n += numbers::find(&a.normalized, &a.tokens).len();
            }
            black_box(n)
        })
    });
    g.bench_function("khabar dates (tokens given)", |b| {
        b.iter(|| {
            let mut n = 0;
            for a in &analysed {
                n += dates::find(&a.normalized, &a.tokens, Some(reference)).len();
            }
            black_box(n)
        })
    });
    g.bench_function("khabar quotes (tokens given, no entities)", |b| {
        b.iter(|| {
            let mut n = 0;
            for (t, a) in texts.iter().zip(&analysed) {
                n += quotes::find(t, a.normalized.as_str(), &a.tokens, &[]).len();
            }
            black_box(n)
        })
    });
    g.bench_function("khabar numbers + dates + quotes", |b| {
        b.iter(|| {
            let mut n = 0;
            for (t, a) in texts.iter().zip(&analysed) {
                n += numbers::find(&a.normalized, &a.tokens).len();
                n += dates::find(&a.normalized, &a.tokens, Some(reference)).len();
                n += quotes::find(t, a.normalized.as_str(), &a.tokens, &[]).len();
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
