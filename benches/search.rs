//! The search analyser on ANT news text: khabar (normalise, tokenise, segment clitics, light
//! stem) side by side with tantivy's SimpleTokenizer + LowerCaser + Stemmer(Arabic) and
//! charabia, in one run; plus the segmenter alone.
//!
//! `cargo bench -p khabar-benches --bench search`. Throughput is whitespace-separated words.
//!
//! khabar keeps per-thread caches of the words it has seen (terms, segmentations). Passes over
//! the same 2,000 articles would find more of their words cached than a stream of new articles
//! does, so before each timed pass khabar's rows first analyse 2,000 other articles (untimed):
//! each pass is timed as the steady state of a stream of articles it has not seen.

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
    let Some(mut texts) = ant_texts(4000) else {
        return;
    };
    // Measured: the first 2,000; the next 2,000 only warm the caches between passes.
    let warm = texts.split_off(texts.len().min(2000));
    let words = word_count(&texts);
    // Times `iters` passes of `run(texts)`, each after an untimed `run(warm)`.
    let steady = |iters: u64, run: &mut dyn FnMut(&[String]) -> usize| {
        khabar_benches::steady(iters, &warm, &texts, run)
    };
    let mut g = c.benchmark_group("search analyser");
    g.throughput(Throughput::Elements(words));
    g.sample_size(20);

    let analyzer = SearchAnalyzer::default();
    g.bench_function("khabar search analyser", |b| {
        let mut buf = SearchBuffers::default();
        b.iter_custom(|iters| {
            steady(iters, &mut |texts| {
                let mut n = 0;
                for t in texts {
                    analyzer.terms_into(t, &mut buf, |term| n += term.text.len());
                }
                n
            })
        })
    });

    let mut via_tantivy = TextAnalyzer::from(KhabarTokenizer::default());
    g.bench_function("khabar as a tantivy tokenizer", |b| {
        b.iter_custom(|iters| {
            steady(iters, &mut |texts| {
                let mut n = 0;
                for t in texts {
                    let mut s = via_tantivy.token_stream(t);
                    while s.advance() {
                        n += s.token().text.len();
                    }
                }
                n
            })
        })
    });

    // The segmenter alone, on tokens already made.
    let pipeline = TextPipeline::default();
    let analyse = |texts: &[String]| -> Vec<TextAnalysis> {
        texts
            .iter()
            .map(|t| pipeline.analyze(t).expect("ANT articles are small"))
            .collect()
    };
    let (analysed, analysed_warm) = (analyse(&texts), analyse(&warm));
    let seg = Segmenter::embedded();
    g.bench_function("khabar segmenter (tokens given)", |b| {
        let mut out = WordAnalyses::default();
        b.iter_custom(|iters| {
            steady(iters, &mut |these| {
                let layers = if these.as_ptr() == texts.as_ptr() {
                    &analysed
                } else {
                    &analysed_warm
                };
                let mut n = 0;
                for (t, a) in these.iter().zip(layers) {
                    seg.analyze_tokens(t, &a.tokens, &mut out);
                    n += out.analyses.len();
                }
                n
            })
        })
    });

    peers::bench_peers(&mut g, &texts);
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
