//! The number parser on arbitrary text: no panic, spans inside the text on character
//! boundaries and in text order, values finite.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let input = common::input(data);
    let text = input.text.as_str();
    let Some(a) = common::analyze(text) else {
        return;
    };
    let numbers = khabar::extract::numbers::find(&a.normalized, &a.tokens);
    common::check_order(numbers.iter().map(|n| n.span), "number", text);
    common::check_disjoint(numbers.iter().map(|n| n.span), "number", text);
    common::check_token_ranges(numbers.iter().map(|n| &n.tokens), a.tokens.len(), "number", text);
    for n in &numbers {
        common::check_span(text, n.span, "number");
        if let Some(u) = n.unit_span {
            common::check_span(text, u, "number unit");
        }
        assert!(n.value.is_finite(), "number {} not finite in {text:?}", n.value);
        assert!(n.unit.is_none_or(|u| !u.is_empty()), "empty unit in {text:?}");
    }
});
