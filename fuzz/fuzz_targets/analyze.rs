//! The whole pipeline (entities, dates, numbers, quotes) on arbitrary text: no panic, every
//! span inside the text on character boundaries, and the JSON form (character offsets) built.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

use khabar::{Article, Pipeline, Published};

fuzz_target!(|data: &[u8]| {
    thread_local! {
        static PIPELINE: Pipeline = Pipeline::default();
    }
    let input = common::input(data);
    let mut article = Article::new(input.text);
    if let Some(r) = input.reference {
        article = article.with_published(Published::from_date(r));
    }
    let Ok(doc) = PIPELINE.with(|p| p.analyze(article)) else {
        return;
    };
    let text = doc.original();
    for e in &doc.entities {
        common::check_span(text, e.span, "entity");
    }
    common::check_order(doc.quotes.iter().map(|q| q.span), "quote", text);
    for q in &doc.quotes {
        common::check_span(text, q.span, "quote");
        if let Some(s) = &q.speaker {
            common::check_span(text, s.span, "speaker");
        }
    }
    for d in &doc.dates {
        common::check_span(text, d.span, "date");
    }
    for n in &doc.numbers {
        common::check_span(text, n.span, "number");
    }
    let json = serde_json::to_string(&doc.to_schema()).expect("the schema serialises");
    assert!(json.starts_with('{'));
});
