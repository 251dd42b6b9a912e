//! Reads the ANT news corpus for `khabar train ner`'s word clusters.

use std::path::Path;

use anyhow::Result;
use khabar::text::{TextPipeline, TokenKind};
use khabar_extract::clusters::{ClusterOptions, train_clusters};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Learns word clusters from the ANT corpora under `news` and returns the serialised map.
pub fn learn(news: &Path, opts: ClusterOptions) -> Result<Vec<u8>> {
    let t = std::time::Instant::now();
    let mut texts = Vec::new();
    for name in crate::input::ANT_CORPORA {
        texts.extend(crate::input::ant_texts(&news.join(name))?);
    }
    // Sentences of word keys (every token kind, so punctuation is context too).
    let sentences: Vec<Vec<String>> = texts
        .par_chunks(256)
        .flat_map_iter(|chunk| {
            let pipeline = TextPipeline::default();
            let mut out = Vec::new();
            for t in chunk {
                let Ok(a) = pipeline.analyze(t) else { continue };
                for s in &a.sentences {
                    let words: Vec<String> = a.tokens[s.token_range()]
                        .iter()
                        .map(|tok| match tok.kind {
                            TokenKind::Number => "0".to_string(),
                            _ => khabar_extract::norm::key(&t[tok.span.range()]),
                        })
                        .collect();
                    out.push(words);
                }
            }
            out
        })
        .collect();
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut words = Vec::new();
    let mut freq = Vec::new();
    let sentences: Vec<Vec<u32>> = sentences
        .into_iter()
        .map(|s| {
            s.into_iter()
                .map(|w| {
                    let id = *ids.entry(w.clone()).or_insert_with(|| {
                        words.push(w);
                        freq.push(0u64);
                        (words.len() - 1) as u32
                    });
                    freq[id as usize] += 1;
                    id
                })
                .collect()
        })
        .collect();
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    eprintln!(
        "khabar: clusters: {} texts, {} sentences, {tokens} tokens, {} distinct words ({:.1}s)",
        texts.len(),
        sentences.len(),
        words.len(),
        t.elapsed().as_secs_f64()
    );
    let map = train_clusters(&words, &freq, &sentences, opts);
    eprintln!(
        "khabar: clusters learnt in {:.1}s",
        t.elapsed().as_secs_f64()
    );
    Ok(khabar_extract::Clusters::to_bytes(&map))
}
