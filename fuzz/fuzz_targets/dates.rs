//! The date parser on arbitrary text and reference dates: no panic, spans inside the text on
//! character boundaries and in text order, day values real calendar days, durations ISO 8601,
//! recurrences TimeML sets without a value.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

use khabar::extract::dates::Grain;

fuzz_target!(|data: &[u8]| {
    let input = common::input(data);
    let text = input.text.as_str();
    let Some(a) = common::analyze(text) else {
        return;
    };
    let dates = khabar::extract::dates::find(&a.normalized, &a.tokens, input.reference);
    common::check_order(dates.iter().map(|d| d.span), "date", text);
    common::check_disjoint(dates.iter().map(|d| d.span), "date", text);
    common::check_token_ranges(dates.iter().map(|d| &d.tokens), a.tokens.len(), "date", text);
    for d in &dates {
        common::check_span(text, d.span, "date");
        for v in d.value.iter().chain(&d.end_value) {
            assert!(!v.is_empty(), "empty date value in {text:?}");
            if d.grain == Grain::Day {
                assert!(
                    v.parse::<jiff::civil::Date>().is_ok(),
                    "day value {v:?} is not a calendar date in {text:?}"
                );
            }
        }
        if d.end_value.is_some() {
            assert!(d.value.is_some(), "a range end without a start in {text:?}");
        }
        if let Some(p) = &d.duration {
            assert!(
                p.starts_with('P') && p.len() > 1 && d.value.is_none(),
                "duration {p:?} (value {:?}) in {text:?}",
                d.value
            );
        }
        if let Some(r) = &d.recurrence {
            // A set: a period, a weekday or day of the year, or a time of day; never a date.
            assert!(
                !r.is_empty()
                    && (r.starts_with('P') || r.starts_with("XXXX-") || r.starts_with('T'))
                    && d.value.is_none()
                    && d.duration.is_none()
                    && d.end_value.is_none(),
                "recurrence {r:?} (value {:?}) in {text:?}",
                d.value
            );
        }
    }
});
