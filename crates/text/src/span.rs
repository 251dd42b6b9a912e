//! [`Span`]: the one range type for everything khabar finds in text.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into a text.
///
/// Every layer of the analysis (tokens, sentences, segments, entities, dates, numbers, quotes)
/// records where it was found with a `Span` into the *original* input. Byte offsets are kept
/// internally because they slice a `&str` in O(1); the JSON output converts them once to Unicode
/// character offsets with [`CharOffsets`].
///
/// Offsets are `u32`: a single document is limited to 4 GiB, checked where documents are built.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    #[inline]
    pub const fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }

    /// The span as a `usize` range, for slicing.
    #[inline]
    pub const fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    #[inline]
    pub const fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no bytes.
    #[inline]
    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The text the span covers, or `None` if it is out of bounds or not on char boundaries.
    #[inline]
    pub fn slice(self, text: &str) -> Option<&str> {
        text.get(self.range())
    }

    /// True when `other` lies entirely inside this span.
    #[inline]
    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl From<Span> for Range<usize> {
    fn from(s: Span) -> Self {
        s.range()
    }
}

/// Converts byte offsets of one text into Unicode character (code point) offsets.
///
/// Python's `str` and JavaScript's `Array.from(text)` index by code point, so the JSON output
/// uses character offsets. Built once per document in O(n) with a checkpoint every 64 bytes
/// (1/16 of the text's size); a lookup counts at most 63 bytes from its checkpoint.
#[derive(Clone, Debug)]
pub struct CharOffsets<'a> {
    text: &'a [u8],
    /// `blocks[k]` is the number of characters that start before byte `64 * k`.
    blocks: Vec<u32>,
}

const BLOCK: usize = 64;

/// True for bytes that start a character (not UTF-8 continuation bytes, 0b10xx_xxxx).
#[inline]
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

impl<'a> CharOffsets<'a> {
    /// Builds the checkpoints for `text`.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut chars = 0u32;
        for chunk in bytes.chunks(BLOCK) {
            blocks.push(chars);
            chars += chunk.iter().filter(|&&b| starts_char(b)).count() as u32;
        }
        blocks.push(chars);
        CharOffsets {
            text: bytes,
            blocks,
        }
    }

    /// The character offset of byte offset `byte`. Offsets past the end clamp to the length.
    #[inline]
    pub fn char_offset(&self, byte: u32) -> u32 {
        let b = (byte as usize).min(self.text.len());
        let k = b / BLOCK;
        let base = self.blocks[k];
        base + self.text[k * BLOCK..b]
            .iter()
            .filter(|&&x| starts_char(x))
            .count() as u32
    }

    /// Converts a byte span into a `(start, end)` pair of character offsets.
    #[inline]
    pub fn convert(&self, span: Span) -> (u32, u32) {
        (self.char_offset(span.start), self.char_offset(span.end))
    }

    /// Number of characters in the text.
    pub fn char_len(&self) -> u32 {
        self.blocks[self.blocks.len() - 1]
    }

    /// [`CharOffsets::convert`] for spans visited in order of their starts (tokens, then the
    /// segments inside each): `cursor` (start it at `(0, 0)`) remembers the last start, and
    /// each conversion counts only the bytes from there, instead of up to 63 from a
    /// checkpoint. A span that starts before the cursor is converted as `convert` does.
    #[inline]
    pub fn convert_forward(&self, span: Span, cursor: &mut (u32, u32)) -> (u32, u32) {
        let count = |a: usize, b: usize| {
            self.text
                .get(a..b)
                .map_or(0, |s| s.iter().filter(|&&x| starts_char(x)).count() as u32)
        };
        let len = self.text.len();
        let (a, b) = ((span.start as usize).min(len), (span.end as usize).min(len));
        let start = if a >= cursor.0 as usize {
            cursor.1 + count(cursor.0 as usize, a)
        } else {
            self.char_offset(span.start)
        };
        *cursor = (a as u32, start);
        let end = if b >= a {
            start + count(a, b)
        } else {
            self.char_offset(span.end)
        };
        (start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_conversion_agrees_with_checkpoints() {
        let text = "قال «بلينكن» 😀 abc\u{200F}٥٬٢٠٠ é".repeat(9);
        let c = CharOffsets::new(&text);
        let n = text.len() as u32 + 3;
        // Every pair of offsets, visited in order, with backward jumps and clamping.
        let mut cursor = (0, 0);
        for a in (0..n).step_by(3) {
            for b in [a, a + 1, a + 7, a.saturating_sub(5), n] {
                let span = Span::new(a, b);
                assert_eq!(
                    c.convert_forward(span, &mut cursor),
                    c.convert(span),
                    "{a}..{b}"
                );
            }
            let back = Span::new(a / 2, a);
            assert_eq!(c.convert_forward(back, &mut cursor), c.convert(back));
        }
    }

    #[test]
    fn char_offsets_count_code_points() {
        let text = "aب€😀z";
        let co = CharOffsets::new(text);
        assert_eq!(co.char_offset(0), 0);
        assert_eq!(co.char_offset(1), 1); // ب starts at byte 1
        assert_eq!(co.char_offset(3), 2); // € at byte 3
        assert_eq!(co.char_offset(6), 3); // 😀 at byte 6
        assert_eq!(co.char_offset(10), 4); // z
        assert_eq!(co.char_offset(11), 5);
        assert_eq!(co.char_len(), 5);
        assert_eq!(co.char_offset(100), 5);
    }

    #[test]
    fn agrees_with_char_indices_across_blocks() {
        let text = "ايلاف من لندن: اكد وزير الخارجية الاميركي 😀 abc ".repeat(20);
        let co = CharOffsets::new(&text);
        for (n, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(co.char_offset(b as u32), n as u32);
        }
        assert_eq!(co.char_len() as usize, text.chars().count());
    }

    #[test]
    fn empty_text() {
        let co = CharOffsets::new("");
        assert_eq!(co.char_len(), 0);
        assert_eq!(co.convert(Span::new(0, 0)), (0, 0));
    }
}
