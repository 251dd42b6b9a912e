//! Real data: every ANT article reads without error and analyses with consistent offsets.
//! Skips with a message when `../shared/data` is absent.

use std::path::PathBuf;

use khabar::{Pipeline, text::Normalizer};
use khabar_corpus::{Input, ReadOptions};

fn data(rel: &str) -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "skipping: {} not found (the shared data is absent)",
            p.display()
        );
        None
    }
}

fn check_corpus(rel: &str, expected_records: usize) {
    let Some(path) = data(rel) else { return };
    let pipeline = Pipeline::new();
    let search = Normalizer::default();
    let records =
        khabar_corpus::open(&Input::Path(path), ReadOptions::default()).expect("the corpus opens");
    let (mut n, mut tokens, mut sentences) = (0usize, 0usize, 0usize);
    for record in records {
        let record = record.unwrap_or_else(|e| panic!("{e}"));
        let doc = pipeline
            .analyze(record.article)
            .expect("articles are small");
        let text = doc.original();
        let mut prev = 0;
        for t in &doc.text.tokens {
            let slice = t
                .span
                .slice(text)
                .unwrap_or_else(|| panic!("{:?} does not slice {:?}", t, doc.article.id));
            assert!(
                !slice.is_empty() && !slice.starts_with(char::is_whitespace),
                "{slice:?}"
            );
            assert!(
                t.span.start >= prev,
                "tokens ordered in {:?}",
                doc.article.id
            );
            prev = t.span.end;
        }
        for s in &doc.text.sentences {
            assert!(s.span.slice(text).is_some());
        }
        if n % 10 == 0 {
            let once = doc.text.normalized.as_str();
            assert_eq!(
                search.normalize_str(once),
                once,
                "idempotent on {:?}",
                doc.article.id
            );
        }
        n += 1;
        tokens += doc.text.tokens.len();
        sentences += doc.text.sentences.len();
    }
    eprintln!("{rel}: {n} articles, {tokens} tokens, {sentences} sentences");
    assert_eq!(n, expected_records);
}

#[test]
fn ant_multisource_reads_and_analyses() {
    check_corpus("news/ant-multisource.jsonl.gz", 31_523);
}

#[test]
fn ant_jawharafm_reads_and_analyses() {
    check_corpus("news/ant-jawharafm.jsonl.gz", 10_138);
}
