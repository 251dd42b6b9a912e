//! Property tests: no panic on any input, spans slice the original, tokens ordered and
//! non-overlapping, normalisation idempotent.

use khabar_text::{Level, NormalizeOptions, Normalizer, Span, TextPipeline};
use proptest::prelude::*;

/// Strings weighted towards what Arabic news contains, plus the awkward cases.
fn arabic_heavy() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            4 => prop::char::range('\u{0600}', '\u{06FF}').prop_map(String::from),
            2 => Just(" ".to_string()),
            1 => prop::char::range('\u{FB50}', '\u{FDFF}').prop_map(String::from),
            1 => prop::char::range('\u{FE70}', '\u{FEFF}').prop_map(String::from),
            1 => prop::char::range('\u{0750}', '\u{08FF}').prop_map(String::from),
            1 => prop::sample::select(vec![
                "\u{200E}", "\u{200F}", "\u{202B}", "\u{2067}", "\u{200C}", "\u{200D}", "\u{200B}",
                "\u{FEFF}", "\u{00AD}", "\u{0640}", "\u{0654}", "\u{0655}", "\u{0653}", "\u{0651}\u{064E}",
                "\n", "\n\n", ".", "..", "؟", "!", "«", "»", "\"", "“", "”", "،", "%", "٪", "٫", "٬",
                ",", "3", "٣", "۳", "http://", "www.", ".com", "@", "#", "_", "e\u{0301}", "İ", "ẞ",
                "\u{037E}", "x", "A", "\u{FDFA}", "\u{FDF2}", "\u{FEFB}", "😀", "\u{FE0F}", "\t", "\r\n",
                "د.", "U.S.", "'", "’", "-", "\u{0301}", "\u{0300}", "\u{1100}\u{1161}", "=\u{0338}",
                "\u{11A8}", "\u{1161}", "\u{0F73}", "\u{0F71}", "ى\u{0654}", "ی", "\u{FDFA}", "🇸", "🏽",
                "a.a.a.", "www.x.com.و", "1-", "(", ")", "٫",
            ]).prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
        ],
        0..40,
    );
    pieces.prop_map(|v| v.concat())
}

fn check_analysis(text: &str, level: Level) -> Result<(), TestCaseError> {
    let pipeline = TextPipeline::new(level);
    let a = pipeline.analyze(text).expect("short texts analyse");
    let norm = a.normalized.as_str();
    let mut prev_end = 0u32;
    for t in &a.tokens {
        prop_assert!(
            t.span.slice(text).is_some(),
            "token span {:?} does not slice {:?}",
            t.span,
            text
        );
        prop_assert!(
            t.norm.slice(norm).is_some(),
            "norm span {:?} does not slice {:?}",
            t.norm,
            norm
        );
        prop_assert!(!t.span.is_empty(), "empty token {:?} in {:?}", t, text);
        prop_assert!(
            t.span.start >= prev_end,
            "tokens overlap or are out of order in {:?}: {:?}",
            text,
            a.tokens
        );
        prev_end = t.span.end;
        let slice = &text[t.span.range()];
        prop_assert!(
            !slice.starts_with(char::is_whitespace),
            "token {:?} starts with space",
            slice
        );
    }
    let mut prev_end = 0u32;
    for s in &a.sentences {
        prop_assert!(s.span.slice(text).is_some());
        prop_assert!(s.span.start >= prev_end);
        prop_assert!(s.first_token < s.end_token);
        prev_end = s.span.end;
    }
    // Every normalised char boundary maps to original char boundaries, in order.
    let mut last = 0u32;
    for (i, _) in norm
        .char_indices()
        .chain(std::iter::once((norm.len(), ' ')))
    {
        let o = a.normalized.to_original(Span::new(i as u32, i as u32));
        prop_assert!(
            text.is_char_boundary(o.start as usize) && text.is_char_boundary(o.end as usize)
        );
        prop_assert!(o.start >= last || o.start <= o.end);
        last = o.start;
    }
    Ok(())
}

fn check_idempotent(text: &str) -> Result<(), TestCaseError> {
    for options in [
        NormalizeOptions::DISPLAY,
        NormalizeOptions::SEARCH,
        NormalizeOptions {
            level: Level::Search,
            fold_hamza_waw: true,
            fold_hamza_ya: true,
        },
    ] {
        let n = Normalizer::new(options);
        let once = n.normalize_str(text);
        let twice = n.normalize_str(&once);
        prop_assert_eq!(
            &twice,
            &once,
            "not idempotent at {:?} for {:?}",
            options,
            text
        );
    }
    // search(display(x)) == search(x): the levels nest.
    let d = Normalizer::new(Level::Display).normalize_str(text);
    let s = Normalizer::new(Level::Search);
    prop_assert_eq!(s.normalize_str(&d), s.normalize_str(text));
    Ok(())
}

proptest! {
    // PROPTEST_CASES overrides the default of 2,000 cases per property.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_strings(text in any::<String>()) {
        check_analysis(&text, Level::Search)?;
        check_analysis(&text, Level::Display)?;
        check_idempotent(&text)?;
    }

    #[test]
    fn arabic_heavy_strings(text in arabic_heavy()) {
        check_analysis(&text, Level::Search)?;
        check_analysis(&text, Level::Display)?;
        check_idempotent(&text)?;
    }
}
