//! The search analyser on ANT news text: khabar (normalise, tokenise, segment clitics, light
//! stem) side by side with tantivy's SimpleTokenizer + LowerCaser + Stemmer(Arabic) and
//! charabia, in one run; plus the segmenter alone.
//!
//! `cargo bench -p khabar-benches --bench search`. Throughput is whitespace-separated words.

use std::hint::black_box;

#[path = "peers.rs"]
mod peers;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_benches::{ant_texts, word_count};
use khabar_index::KhabarTokenizer;
use khabar_morph::search::SearchBuffers;
use khabar_morph::{SearchAnalyzer, Segmenter, WordAnalyses};
use khabar_text::{TextAnalysis, TextPipeline};
use tantivy::tokenizer::TextAnalyzer;

fn bench(c: &mut Criterion) {
    let Some(texts) = ant_texts(2000) else { return };
    let words = word_count(&texts);
    let mut g = c.benchmark_group("search analyser");
    g.throughput(Throughput::Elements(words));
    g.sample_size(20);

    let analyzer = SearchAnalyzer::default();
    g.bench_function("khabar search analyser", |b| {
        let mut buf = SearchBuffers::default();
        b.iter(|| {
            let mut n = 0;
            for t in &texts {
                analyzer.terms_into(t, &mut buf, |term| n += term.text.len());
            }
            black_box(n)
        })
    });

    let mut via_tantivy = TextAnalyzer::from(KhabarTokenizer::default());
    g.bench_function("khabar as a tantivy tokenizer", |b| {
        b.iter(|| {
            let mut n = 0;
            for t in &texts {
                let mut s = via_tantivy.token_stream(t);
                while s.advance() {
                    n += s.token().text.len();
                }
            }
            black_box(n)
        })
    });

    // The segmenter alone, on tokens already made.
    let pipeline = TextPipeline::default();
    let analysed: Vec<TextAnalysis> = texts
        .iter()
        .map(|t| pipeline.analyze(t).expect("ANT articles are small"))
        .collect();
    let seg = Segmenter::embedded();
    g.bench_function("khabar segmenter (tokens given)", |b| {
        let mut out = WordAnalyses::default();
        b.iter(|| {
            let mut n = 0;
            for (t, a) in texts.iter().zip(&analysed) {
                seg.analyze_tokens(t, &a.tokens, &mut out);
                n += out.analyses.len();
            }
            black_box(n)
        })
    });

    peers::bench_peers(&mut g, &texts);
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
