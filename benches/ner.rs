//! Entity tagging on ANT news text: the tagger alone on sentences already tokenised and
//! segmented (features, gazetteer matching, Viterbi), and the whole entity stage (tagging,
//! propagation, linking, canonical forms).
//!
//! `cargo bench -p khabar-benches --bench ner`. Throughput is whitespace-separated words.
//!
//! Each timed pass over the 2,000 articles follows an untimed pass over 2,000 others (see
//! [`khabar_benches::steady`]), so the tagger's per-thread word cache is timed in the steady
//! state of a stream.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use khabar_benches::{ant_texts, steady, word_count};
use khabar_extract::Recognizer;
use khabar_morph::{Segmenter, WordAnalyses};
use khabar_text::{TextAnalysis, TextPipeline};

fn bench(c: &mut Criterion) {
    let Some(mut texts) = ant_texts(4000) else {
        return;
    };
    // Measured: the first 2,000; the next 2,000 only warm the caches between passes.
    let warm_texts = texts.split_off(texts.len().min(2000));
    let words = word_count(&texts);
    let pipeline = TextPipeline::default();
    let seg = Segmenter::embedded();
    let analyse = |texts: Vec<String>| -> Vec<(String, TextAnalysis, WordAnalyses)> {
        texts
            .into_iter()
            .map(|t| {
                let a = pipeline.analyze(&t).expect("ANT articles are small");
                let mut m = WordAnalyses::default();
                seg.analyze_tokens(&t, &a.tokens, &mut m);
                (t, a, m)
            })
            .collect()
    };
    let (analysed, warm) = (analyse(texts), analyse(warm_texts));
    let rec = Recognizer::embedded();
    let mut g = c.benchmark_group("entities");
    g.throughput(Throughput::Elements(words));
    g.sample_size(10);

    g.bench_function("khabar tagger (tokens and clitics given)", |b| {
        let mut buf = khabar_extract::Buffers::default();
        let mut tags = Vec::new();
        b.iter_custom(|iters| {
            steady(iters, &warm, &analysed, &mut |these| {
                let mut n = 0;
                let mut ws: Vec<&str> = Vec::new();
                for (t, a, m) in these {
                    for s in &a.sentences {
                        let r = s.token_range();
                        ws.clear();
                        ws.extend(a.tokens[r.clone()].iter().map(|tok| &t[tok.span.range()]));
                        rec.tag(&ws, Some(&m.analyses[r]), &mut buf, &mut tags);
                        n += tags.len();
                    }
                }
                n
            })
        })
    });

    g.bench_function("khabar entities (tagging and linking)", |b| {
        b.iter_custom(|iters| {
            steady(iters, &warm, &analysed, &mut |these| {
                let mut n = 0;
                for (t, a, m) in these {
                    n += rec.entities(t, &a.tokens, &a.sentences, m).len();
                }
                n
            })
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
