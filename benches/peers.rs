//! The peers every khabar benchmark is compared with, in the same run: tantivy's
//! SimpleTokenizer + LowerCaser + Stemmer(Arabic), and charabia restricted to Arabic.
//! Included by the bench targets (`#[path] mod peers`), which have these crates as
//! dev-dependencies.

use std::hint::black_box;

use charabia::{Language, TokenizerBuilder};
use criterion::BenchmarkGroup;
use criterion::measurement::WallTime;
use tantivy::tokenizer::{
    Language as TLanguage, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer,
};

/// Adds the tantivy and charabia benchmarks over `texts` to `g`.
pub fn bench_peers(g: &mut BenchmarkGroup<'_, WallTime>, texts: &[String]) {
    let mut tantivy = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(Stemmer::new(TLanguage::Arabic))
        .build();
    g.bench_function("tantivy simple+lower+stem(ar)", |b| {
        b.iter(|| {
            let mut n = 0;
            for t in texts {
                let mut s = tantivy.token_stream(t);
                while s.advance() {
                    n += s.token().text.len();
                }
            }
            black_box(n)
        })
    });

    let allow = [Language::Ara];
    let mut builder = TokenizerBuilder::default();
    builder.allow_list(&allow);
    let charabia = builder.build();
    g.bench_function("charabia (ara)", |b| {
        b.iter(|| {
            let mut n = 0;
            for t in texts {
                for tok in charabia.tokenize(t) {
                    n += tok.lemma().len();
                }
            }
            black_box(n)
        })
    });
}
