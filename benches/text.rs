//! Normalise + tokenise on ANT news text: khabar side by side with tantivy's
//! SimpleTokenizer + LowerCaser + Stemmer(Arabic) and charabia, in one run.
//!
//! `cargo bench -p khabar-benches --bench text`. Throughput is whitespace-separated words.

use std::hint::black_box;

#[path = "peers.rs"]
mod peers;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_benches::{ant_texts, word_count};
use khabar_text::{Level, Normalized, Normalizer, TextAnalysis, TextPipeline, Token, Tokenizer};

fn bench(c: &mut Criterion) {
    let Some(texts) = ant_texts(2000) else { return };
    let words = word_count(&texts);
    let mut g = c.benchmark_group("normalise+tokenise");
    g.throughput(Throughput::Elements(words));
    g.sample_size(20);

    let normalizer = Normalizer::new(Level::Search);
    g.bench_function("khabar normalise+tokenise", |b| {
        let mut norm = Normalized::default();
        let mut toks: Vec<Token> = Vec::new();
        b.iter(|| {
            let mut n = 0;
            for t in &texts {
                normalizer.normalize_into(t, &mut norm);
                Tokenizer.tokenize_into(&norm, &mut toks);
                n += toks.len();
            }
            black_box(n)
        })
    });

    let pipeline = TextPipeline::new(Level::Search);
    g.bench_function("khabar text pipeline (+sentences)", |b| {
        let mut out = TextAnalysis::default();
        b.iter(|| {
            let mut n = 0;
            for t in &texts {
                pipeline
                    .analyze_into(t, &mut out)
                    .expect("ANT articles are small");
                n += out.tokens.len() + out.sentences.len();
            }
            black_box(n)
        })
    });

    g.bench_function("khabar normalise only", |b| {
        let mut norm = Normalized::default();
        b.iter(|| {
            let mut n = 0;
            for t in &texts {
                normalizer.normalize_into(t, &mut norm);
                n += norm.as_str().len();
            }
            black_box(n)
        })
    });

    peers::bench_peers(&mut g, &texts);
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
