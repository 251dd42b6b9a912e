//! What the fuzz targets share: turning fuzz bytes into a text and a reference date, and the
//! invariants every span must keep.

#![allow(dead_code)]

use jiff::civil::{Date, date};
use khabar::text::{Span, TextAnalysis, TextPipeline};

/// A fuzz input: a text and the reference date (publication day) to resolve it against.
pub struct Input {
    pub text: String,
    pub reference: Option<Date>,
}

/// Reads a fuzz input. A first byte below 0x08 starts a three-byte header: 0 means no reference
/// date, anything else a reference `u16` days (bytes 1 and 2, little-endian) after 1900-01-01,
/// so up to 2079. Without a header (plain text, as the seeds are), the reference is 2021-01-29.
/// The rest is read as UTF-8 with invalid sequences replaced (U+FFFD), so that every input
/// reaches the parsers.
pub fn input(data: &[u8]) -> Input {
    let (reference, body) = match data {
        [flag, a, b, rest @ ..] if *flag < 0x08 => {
            let reference = (*flag != 0).then(|| {
                let days = u16::from_le_bytes([*a, *b]);
                date(1900, 1, 1)
                    .checked_add(jiff::Span::new().days(i64::from(days)))
                    .expect("1900-01-01 + 65535 days is in range")
            });
            (reference, rest)
        }
        _ => (Some(date(2021, 1, 29)), data),
    };
    Input {
        text: String::from_utf8_lossy(body).into_owned(),
        reference,
    }
}

/// The text analysis (normal form and tokens), or `None` when the text is refused (too long).
pub fn analyze(text: &str) -> Option<TextAnalysis> {
    thread_local! {
        static PIPELINE: TextPipeline = TextPipeline::default();
    }
    PIPELINE.with(|p| p.analyze(text).ok())
}

/// A span must be non-empty, inside the text and on character boundaries.
pub fn check_span(text: &str, span: Span, what: &str) {
    let (s, e) = (span.start as usize, span.end as usize);
    assert!(s < e, "{what}: empty or reversed span {s}..{e} in {text:?}");
    assert!(e <= text.len(), "{what}: span {s}..{e} past the end ({}) of {text:?}", text.len());
    assert!(
        text.is_char_boundary(s) && text.is_char_boundary(e),
        "{what}: span {s}..{e} not on character boundaries in {text:?}"
    );
}

/// Token ranges must be non-empty, inside the token list and in text order without overlap,
/// except that the parts of one dotted number token (`192.168.1.2`) share its one-token range.
pub fn check_token_ranges<'a>(
    ranges: impl Iterator<Item = &'a std::ops::Range<u32>>,
    tokens: usize,
    what: &str,
    text: &str,
) {
    let mut last: Option<&std::ops::Range<u32>> = None;
    for r in ranges {
        assert!(
            r.start < r.end && r.end as usize <= tokens,
            "{what}: token range {r:?} of {tokens} tokens in {text:?}"
        );
        if let Some(l) = last {
            assert!(
                r.start >= l.end || (r == l && r.len() == 1),
                "{what}: token range {r:?} overlaps or precedes the previous one ({l:?}) in {text:?}"
            );
        }
        last = Some(r);
    }
}

/// Spans must not overlap (each starts at or after the end of the one before).
pub fn check_disjoint(spans: impl Iterator<Item = Span>, what: &str, text: &str) {
    let mut last_end = 0;
    for s in spans {
        assert!(
            s.start >= last_end,
            "{what}: span {s:?} overlaps the previous one (ending at {last_end}) in {text:?}"
        );
        last_end = s.end;
    }
}

/// Spans must come in text order (by start).
pub fn check_order(spans: impl Iterator<Item = Span>, what: &str, text: &str) {
    let mut last = 0;
    for s in spans {
        assert!(
            s.start >= last,
            "{what}: span {s:?} starts before the previous one ({last}) in {text:?}"
        );
        last = s.start;
    }
}
