//! Entity tagging on ANT news text: the tagger alone on sentences already tokenised and
//! segmented (features, gazetteer matching, Viterbi), and the whole entity stage (tagging,
//! propagation, linking, canonical forms).
//!
//! `cargo bench -p khabar-benches --bench ner`. Throughput is whitespace-separated words.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_benches::{ant_texts, word_count};
use khabar_extract::Recognizer;
use khabar_morph::{Segmenter, WordAnalyses};
use khabar_text::{TextAnalysis, TextPipeline};

fn bench(c: &mut Criterion) {
    let Some(texts) = ant_texts(2000) else { return };
    let words = word_count(&texts);
    let pipeline = TextPipeline::default();
    let seg = Segmenter::embedded();
    let analysed: Vec<(TextAnalysis, WordAnalyses)> = texts
        .iter()
        .map(|t| {
            let a = pipeline.analyze(t).expect("ANT articles are small");
            let mut m = WordAnalyses::default();
            seg.analyze_tokens(t, &a.tokens, &mut m);
            (a, m)
        })
        .collect();
    let rec = Recognizer::embedded();
    let mut g = c.benchmark_group("entities");
    g.throughput(Throughput::Elements(words));
    g.sample_size(10);

    g.bench_function("khabar tagger (tokens and clitics given)", |b| {
        let mut buf = khabar_extract::Buffers::default();
        let mut tags = Vec::new();
        let mut ws: Vec<&str> = Vec::new();
        b.iter(|| {
            let mut n = 0;
            for (t, (a, m)) in texts.iter().zip(&analysed) {
                for s in &a.sentences {
                    let r = s.token_range();
                    ws.clear();
                    ws.extend(a.tokens[r.clone()].iter().map(|tok| &t[tok.span.range()]));
                    rec.tag(&ws, Some(&m.analyses[r]), &mut buf, &mut tags);
                    n += tags.len();
                }
            }
            black_box(n)
        })
    });

    g.bench_function("khabar entities (tagging and linking)", |b| {
        b.iter(|| {
            let mut n = 0;
            for (t, (a, m)) in texts.iter().zip(&analysed) {
                n += rec.entities(t, &a.tokens, &a.sentences, m).len();
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
