//! Property tests: segmentation never panics and its segments tile the word exactly, in order,
//! on char boundaries, with one stem; the search analyser never panics and its terms point into
//! the text in order.

use khabar_morph::{Role, SearchAnalyzer, Segmenter};
use proptest::prelude::*;

/// Strings of Arabic letters (U+0621-U+064A), diacritics (U+064B-U+0652), tatweel and a few
/// Latin letters and spaces, 0 to 30 characters.
fn arabic_heavy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::char::range('\u{0621}', '\u{064A}'),
            2 => prop::char::range('\u{064B}', '\u{0652}'),
            1 => Just('\u{0640}'),
            1 => prop::sample::select(vec![' ', 'a', 'Z', 'x', '.', '\u{200F}']),
        ],
        0..=30,
    )
    .prop_map(|v| v.into_iter().collect())
}

/// Words built from clitics around Arabic letters, so that the clitic paths are exercised
/// often: (و|ف)? (ب|ل|ك|س)? letters (ه|ها|هم|ك|ي|نا)?, with the odd mark.
fn cliticised() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", "و", "ف", "وَ"]),
        prop::sample::select(vec!["", "ب", "ل", "ك", "س", "لل"]),
        prop::collection::vec(
            prop_oneof![
                8 => prop::char::range('\u{0621}', '\u{064A}'),
                1 => prop::char::range('\u{064B}', '\u{0652}'),
                1 => Just('\u{0640}'),
            ],
            0..=8,
        ),
        prop::sample::select(vec!["", "ه", "ها", "هم", "هما", "ك", "ي", "ني", "نا", "ً"]),
    )
        .prop_map(|(c, p, stem, e)| {
            let stem: String = stem.into_iter().collect();
            format!("{c}{p}{stem}{e}")
        })
}

fn check_segments(word: &str) -> Result<(), TestCaseError> {
    let segs = Segmenter::embedded().segment(word);
    prop_assert!(!segs.is_empty(), "no segments for {:?}", word);
    prop_assert_eq!(segs[0].start, 0, "first segment of {:?}: {:?}", word, segs);
    prop_assert_eq!(
        segs[segs.len() - 1].end as usize,
        word.len(),
        "last segment of {:?}: {:?}",
        word,
        segs
    );
    for s in &segs {
        prop_assert!(
            word.get(s.start as usize..s.end as usize).is_some(),
            "segment {:?} does not slice {:?} on char boundaries",
            s,
            word
        );
    }
    for pair in segs.windows(2) {
        prop_assert_eq!(
            pair[0].end,
            pair[1].start,
            "gap or overlap in {:?}: {:?}",
            word,
            segs
        );
    }
    if !word.is_empty() {
        for s in &segs {
            prop_assert!(s.start < s.end, "empty segment in {:?}: {:?}", word, segs);
        }
        let stems = segs.iter().filter(|s| s.role == Role::Stem).count();
        prop_assert_eq!(stems, 1, "stems of {:?}: {:?}", word, segs);
    }
    Ok(())
}

fn check_terms(text: &str) -> Result<(), TestCaseError> {
    let terms = SearchAnalyzer::default().terms(text);
    let mut prev = 0u32;
    for t in &terms {
        prop_assert!(
            t.span.slice(text).is_some(),
            "term {:?} does not slice {:?} on char boundaries",
            t,
            text
        );
        prop_assert!(
            t.position >= prev,
            "positions decrease in {:?}: {:?}",
            text,
            terms
        );
        prev = t.position;
    }
    Ok(())
}

proptest! {
    // PROPTEST_CASES overrides the default of 500 cases per property.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(500)
    ))]

    #[test]
    fn segments_tile_arbitrary_strings(word in any::<String>()) {
        check_segments(&word)?;
    }

    #[test]
    fn segments_tile_arabic_heavy_strings(word in arabic_heavy()) {
        check_segments(&word)?;
    }

    #[test]
    fn segments_tile_cliticised_words(word in cliticised()) {
        check_segments(&word)?;
    }

    #[test]
    fn terms_point_into_arbitrary_strings(text in any::<String>()) {
        check_terms(&text)?;
    }

    #[test]
    fn terms_point_into_arabic_heavy_strings(text in arabic_heavy()) {
        check_terms(&text)?;
    }

    #[test]
    fn terms_point_into_cliticised_text(words in prop::collection::vec(cliticised(), 0..6)) {
        check_terms(&words.join(" "))?;
    }
}
