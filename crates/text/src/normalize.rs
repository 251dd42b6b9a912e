//! Offset-preserving normalisation of Arabic text.
//!
//! [`Normalizer::normalize`] turns an original text into a [`Normalized`] text plus an
//! [`Alignment`] that maps every normalised offset back to the original (and back again), the way
//! Hugging Face tokenizers' `NormalizedString` does. Later stages work on the normalised text and
//! report [`Span`]s into the original through [`Normalized::to_original`].
//!
//! # Levels and the mapping table
//!
//! Two levels exist. `search` does everything `display` does, then more.
//!
//! | level | input | output | why |
//! |---|---|---|---|
//! | display | bidi marks U+200E U+200F U+061C, embeddings and isolates U+202A-U+202E U+2066-U+2069, ZWJ U+200D, ZWNJ U+200C, word joiner and invisible operators U+2060-U+2064, U+206A-U+206F, BOM U+FEFF, soft hyphen U+00AD, Arabic number signs U+0600-U+0605 and U+06DD, other format characters (U+070F U+0890 U+0891 U+08E2 U+180E U+FFF9-U+FFFB U+E0001) | removed | invisible; they split or hide words |
//! | display | control characters U+0000-U+001F and U+007F-U+009F, except tab, line feed, vertical tab, form feed, carriage return and U+0085 | removed | never meaningful in text |
//! | display | zero-width space U+200B | space | it marks a word break |
//! | display | tatweel (kashida) U+0640 | removed | elongation only: كـتـاب = كتاب |
//! | display | Arabic presentation forms U+FB50-U+FDFF, U+FE70-U+FEFE | their compatibility decomposition (ﻻ -> لا, ﺑ -> ب, ﷲ -> الله); a space or tatweel that the decomposition puts before a mark is dropped | PDF and legacy text use them |
//! | display | the phrase ligatures U+FDFA ﷺ, U+FDFB ﷻ, U+FDFD ﷽ | kept as they are (a symbol token) | they expand to several words |
//! | display | everything | Unicode NFC | one encoding per letter (ا + U+0654 -> أ) |
//! | search | tashkeel U+064B-U+065F (fathatan ... sukun, maddah, hamza above/below and the rarer marks), dagger alef U+0670, Quranic annotation marks U+0610-U+061A and U+06D6-U+06ED, Arabic Extended-A marks U+08D3-U+08E1 and U+08E3-U+08FF | removed | vowelling is optional in Arabic |
//! | search | أ U+0623, إ U+0625, آ U+0622, ٱ U+0671, ٲ U+0672, ٳ U+0673 | ا U+0627 | hamza on alef is written inconsistently: الأميركي = الاميركي |
//! | search | ى U+0649 (alef maksura), ی U+06CC (Persian yeh), ے U+06D2 and ۓ U+06D3 (yeh barree) | ي U+064A | final ya is often written dotless |
//! | search | ة U+0629 (ta marbuta), ھ U+06BE, ہ U+06C1, ۀ U+06C0, ۂ U+06C2 | ه U+0647 | ta marbuta is often written as ha |
//! | search | ک U+06A9 (keheh) | ك U+0643 | Persian and Urdu keyboards |
//! | search | digits ٠-٩ U+0660-U+0669 and ۰-۹ U+06F0-U+06F9 | 0-9 | one form for numbers |
//! | search | ٫ U+066B (decimal separator), ٬ U+066C (thousands separator), ٪ U+066A (percent) | `.` `,` `%` | ٣٫٥ = 3.5, ٥٬٢٠٠ = 5,200, ١٠٪ = 10% |
//! | search | upper-case letters (Latin and every other cased script) | lower case | case-insensitive search |
//! | search, option `fold_hamza_waw` | ؤ U+0624 | و U+0648 | off by default |
//! | search, option `fold_hamza_ya` | ئ U+0626 | ي U+064A | off by default |
//!
//! Normalising twice gives the same text as normalising once, at both levels.
//!
//! # Alignment
//!
//! Only edits that change byte lengths are recorded, so text that maps letter for letter (hamza
//! folding, ya and ta marbuta folding, lower-casing ASCII) costs nothing. A removed character is
//! attached to the character before it: the span of كتبَ covers its final fatha, and a bidi mark
//! that opens a word is left outside the word's span.
//!
//! [`Span`]: crate::Span

use std::iter;

use serde::{Deserialize, Serialize};
use unicode_normalization::char::{canonical_combining_class, decompose_compatible};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::span::Span;
use crate::token;

/// How far to normalise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Remove invisible characters and tatweel, map presentation forms, apply NFC. The text still
    /// reads as the author wrote it.
    Display,
    /// `Display`, then fold spelling variation for matching: strip tashkeel, unify alef, ya, ta
    /// marbuta and Persian letters, map digits to ASCII, lower-case.
    #[default]
    Search,
}

/// Options for a [`Normalizer`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NormalizeOptions {
    /// The normalisation level.
    pub level: Level,
    /// At the search level, also map ؤ to و.
    pub fold_hamza_waw: bool,
    /// At the search level, also map ئ to ي.
    pub fold_hamza_ya: bool,
}

impl NormalizeOptions {
    /// The `display` level.
    pub const DISPLAY: NormalizeOptions = NormalizeOptions {
        level: Level::Display,
        fold_hamza_waw: false,
        fold_hamza_ya: false,
    };
    /// The `search` level with default options (ؤ and ئ kept).
    pub const SEARCH: NormalizeOptions = NormalizeOptions {
        level: Level::Search,
        fold_hamza_waw: false,
        fold_hamza_ya: false,
    };
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions::SEARCH
    }
}

impl From<Level> for NormalizeOptions {
    fn from(level: Level) -> Self {
        match level {
            Level::Display => NormalizeOptions::DISPLAY,
            Level::Search => NormalizeOptions::SEARCH,
        }
    }
}

/// One recorded change of byte length: `orig_len` original bytes at `orig` became `norm_len`
/// normalised bytes at `norm`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Edit {
    norm: u32,
    norm_len: u32,
    orig: u32,
    orig_len: u32,
}

impl Edit {
    #[inline]
    fn norm_end(&self) -> u32 {
        self.norm + self.norm_len
    }
    #[inline]
    fn orig_end(&self) -> u32 {
        self.orig + self.orig_len
    }
}

/// Maps offsets between a normalised text and its original.
///
/// Stored sparsely: a sorted list of the places where byte lengths changed. Between them the two
/// texts advance byte for byte.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Alignment {
    edits: Vec<Edit>,
}

impl Alignment {
    /// Maps a normalised offset to the original, as the start of a range.
    ///
    /// Inside a replaced group (one original character that became several, or a composed
    /// cluster), a start snaps to the start of the group.
    pub fn original_start(&self, norm: u32) -> u32 {
        self.map_to_original(norm, false)
    }

    /// Maps a normalised offset to the original, as the end of a range.
    ///
    /// Characters removed right after the offset are included (a trailing fatha belongs to its
    /// word); inside a replaced group, an end snaps to the end of the group.
    pub fn original_end(&self, norm: u32) -> u32 {
        self.map_to_original(norm, true)
    }

    fn map_to_original(&self, norm: u32, end: bool) -> u32 {
        map_offset(
            &self.edits,
            norm,
            end,
            |e| (e.norm, e.norm_len),
            |e| (e.orig, e.orig_len),
        )
    }

    /// Maps an original offset to the normalised text, as the start (`end == false`) or end of a
    /// range. Offsets inside a removed or replaced group snap to the group's edges.
    pub fn normalized_offset(&self, orig: u32, end: bool) -> u32 {
        map_offset(
            &self.edits,
            orig,
            end,
            |e| (e.orig, e.orig_len),
            |e| (e.norm, e.norm_len),
        )
    }

    /// Number of recorded edits (for tests and statistics).
    pub fn edit_count(&self) -> usize {
        self.edits.len()
    }

    /// Records an edit. A removal that directly follows an edit at or after `floor` is merged
    /// into it (edits before `floor` may still be rewound separately); other edits stay apart so
    /// that their inner boundaries still map.
    #[inline]
    fn push(&mut self, e: Edit, floor: usize) {
        if e.norm_len == 0
            && self.edits.len() > floor
            && let Some(last) = self.edits.last_mut()
            && last.norm_end() == e.norm
            && last.orig_end() == e.orig
        {
            last.orig_len += e.orig_len;
            return;
        }
        self.edits.push(e);
    }
}

/// Maps offset `x` from one side of the edits (`from`: start and length) to the other (`to`).
/// Edits ending at or before `x` (removals at `x` included) are behind it; inside an edit, a start
/// snaps to the edit's start and an end to its end; elsewhere both sides advance together.
fn map_offset(
    edits: &[Edit],
    x: u32,
    end: bool,
    from: impl Fn(&Edit) -> (u32, u32),
    to: impl Fn(&Edit) -> (u32, u32),
) -> u32 {
    let i = edits.partition_point(|e| {
        let (at, len) = from(e);
        at + len <= x
    });
    if let Some(e) = edits.get(i) {
        let (at, _) = from(e);
        if at < x {
            let (t, tl) = to(e);
            return if end { t + tl } else { t };
        }
    }
    match i.checked_sub(1).map(|k| &edits[k]) {
        Some(p) => {
            let (at, len) = from(p);
            let (t, tl) = to(p);
            t + tl + (x - (at + len))
        }
        None => x,
    }
}

/// Maps spans of a normalised text to the original in increasing order, walking the edits once
/// instead of searching them for every offset (the tokeniser maps every token this way). Gives
/// exactly what [`Normalized::to_original`] gives, in any order: an offset below the previous
/// one searches afresh.
pub(crate) struct OriginalCursor<'a> {
    edits: &'a [Edit],
    /// The number of edits that end at or before `last`.
    i: usize,
    last: u32,
}

impl<'a> OriginalCursor<'a> {
    pub(crate) fn new(normalized: &'a Normalized) -> Self {
        OriginalCursor {
            edits: &normalized.alignment.edits,
            i: 0,
            last: 0,
        }
    }

    /// [`Normalized::to_original`] of `span`.
    #[inline]
    pub(crate) fn map_span(&mut self, span: Span) -> Span {
        if self.edits.is_empty() {
            return span;
        }
        Span::new(self.map(span.start, false), self.map(span.end, true))
    }

    /// [`map_offset`] from the normalised side, with the partition point found by walking on
    /// from the previous offset's.
    #[inline]
    fn map(&mut self, x: u32, end: bool) -> u32 {
        if x < self.last {
            self.i = self.edits.partition_point(|e| e.norm_end() <= x);
        } else {
            while self.edits.get(self.i).is_some_and(|e| e.norm_end() <= x) {
                self.i += 1;
            }
        }
        self.last = x;
        let i = self.i;
        if let Some(e) = self.edits.get(i)
            && e.norm < x
        {
            return if end { e.orig_end() } else { e.orig };
        }
        match i.checked_sub(1).and_then(|k| self.edits.get(k)) {
            Some(p) => p.orig_end() + (x - p.norm_end()),
            None => x,
        }
    }
}

/// A normalised text with its alignment to the original.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    alignment: Alignment,
}

impl Normalized {
    /// The normalised text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The alignment back to the original.
    pub fn alignment(&self) -> &Alignment {
        &self.alignment
    }

    /// Maps a span of the normalised text to the original text.
    #[inline]
    pub fn to_original(&self, span: Span) -> Span {
        if self.alignment.edits.is_empty() {
            return span;
        }
        Span::new(
            self.alignment.original_start(span.start),
            self.alignment.original_end(span.end),
        )
    }

    /// Maps a span of the original text to the normalised text.
    pub fn to_normalized(&self, span: Span) -> Span {
        Span::new(
            self.alignment.normalized_offset(span.start, false),
            self.alignment.normalized_offset(span.end, true),
        )
    }

    /// Consumes `self`, returning the normalised string.
    pub fn into_string(self) -> String {
        self.text
    }
}

/// Marks a removed byte in [`Normalizer`]'s ASCII table (not an ASCII value).
const REMOVED: u8 = 0xFF;

/// What the fast path does with one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    /// A starter that stays as it is and never composes with what precedes it.
    Keep,
    /// A starter replaced by one character that itself is `Keep`.
    Replace(char),
    /// Dropped.
    Remove,
    /// A combining mark kept as it is; the value is its canonical combining class.
    Mark(u8),
    /// Needs the general path: decomposition, composition or a multi-character mapping.
    Slow,
}

/// Normalises text at one [`Level`], keeping the alignment to the original.
///
/// Build one and reuse it: construction fills lookup tables for the ASCII and Arabic blocks.
#[derive(Clone, Debug)]
pub struct Normalizer {
    options: NormalizeOptions,
    /// Output byte per ASCII byte; `REMOVED` means removed.
    ascii: [u8; 128],
    /// Action per code point U+0600-U+06FF.
    arabic: Box<[Action; 256]>,
    /// [`Normalizer::split_plain`]'s class per ASCII byte.
    plain_ascii: [Plain; 128],
    /// [`Normalizer::split_plain`]'s class per code point U+0600-U+06FF.
    plain_arabic: Box<[Plain; 256]>,
    /// The same, by the two bytes of its UTF-8 encoding read as a big-endian number, less
    /// 0xD880 (0xD880-0xDBBF: one subtraction and one comparison find a letter).
    plain_pairs: Box<[Plain; PLAIN_PAIRS]>,
}

/// The span of [`Normalizer`]'s `plain_pairs`: UTF-8 0xD880 to 0xDBBF.
const PLAIN_PAIRS: usize = 0xDBC0 - 0xD880;

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new(NormalizeOptions::SEARCH)
    }
}

impl Normalizer {
    /// A normaliser with the given options.
    pub fn new(options: impl Into<NormalizeOptions>) -> Self {
        let options = options.into();
        let mut n = Normalizer {
            options,
            ascii: [REMOVED; 128],
            arabic: Box::new([Action::Keep; 256]),
            plain_ascii: [Plain::Other; 128],
            plain_arabic: Box::new([Plain::Other; 256]),
            plain_pairs: Box::new([Plain::Other; PLAIN_PAIRS]),
        };
        for b in 0u8..128 {
            n.ascii[b as usize] = match n.action(b as char) {
                Action::Keep => b,
                Action::Replace(c) => c as u8,
                _ => REMOVED,
            };
        }
        for (k, slot) in n.arabic.iter_mut().enumerate() {
            let c = char::from_u32(0x600 + k as u32).unwrap_or('\u{600}');
            *slot = action_for(c, &options);
        }
        for b in 0u8..128 {
            n.plain_ascii[b as usize] = n.plain_class(b as char);
        }
        for k in 0..256u32 {
            let c = char::from_u32(0x600 + k).unwrap_or('\u{600}');
            n.plain_arabic[k as usize] = n.plain_class(c);
            let mut utf8 = [0u8; 4];
            c.encode_utf8(&mut utf8);
            let pair = u16::from_be_bytes([utf8[0], utf8[1]]) - 0xD880;
            n.plain_pairs[pair as usize] = n.plain_arabic[k as usize];
        }
        n
    }

    /// The class of `c` for [`Normalizer::split_plain`], from what normalising and tokenising do
    /// with it.
    fn plain_class(&self, c: char) -> Plain {
        match self.action(c) {
            Action::Remove => Plain::Removed,
            Action::Keep if token::is_space(c) => Plain::Space,
            Action::Keep if token::is_word_letter(c) => Plain::Letter,
            Action::Keep if token::is_plain_punct(c) => Plain::Punct,
            // Same length: ى -> ي, ة -> ه, أ -> ا.
            Action::Replace(r)
                if r.len_utf8() == c.len_utf8()
                    && token::is_word_letter(r)
                    && self.action(r) == Action::Keep =>
            {
                Plain::Letter
            }
            _ => Plain::Other,
        }
    }

    /// The options this normaliser applies.
    pub fn options(&self) -> NormalizeOptions {
        self.options
    }

    /// Normalises `text`.
    pub fn normalize(&self, text: &str) -> Normalized {
        let mut out = Normalized::default();
        self.normalize_into(text, &mut out);
        out
    }

    /// Normalises `text` and returns only the normalised string.
    pub fn normalize_str(&self, text: &str) -> String {
        self.normalize(text).text
    }

    /// Normalises `text` into `out`, reusing its buffers.
    ///
    /// Offsets are 32-bit: texts longer than [`crate::MAX_TEXT_LEN`] get wrong alignments, so
    /// callers that accept user input check the length first ([`crate::TextPipeline`] does).
    pub fn normalize_into(&self, text: &str, out: &mut Normalized) {
        let bytes = text.as_bytes();
        let n = bytes.len();
        let Normalized {
            text: dst,
            alignment,
        } = out;
        dst.clear();
        alignment.edits.clear();
        dst.reserve(n);

        // The pending run text[run..i] is unchanged and not yet copied to `dst`.
        let mut run = 0usize;
        let mut i = 0usize;
        // The current cluster: the last clean starter, where a slow path restarts from.
        let mut cl_orig = 0usize;
        let mut cl_norm = 0usize;
        let mut cl_edits = 0usize;
        let mut last_ccc = 0u8;

        while i < n {
            let b = bytes[i];
            let (len, action) = if b < 0x80 {
                // ASCII: the overwhelmingly common byte in spaces, digits and punctuation.
                let o = self.ascii[b as usize];
                if o == b {
                    cl_orig = i;
                    cl_norm = dst.len() + (i - run);
                    cl_edits = alignment.edits.len();
                    last_ccc = 0;
                    i += 1;
                    continue;
                }
                (
                    1,
                    if o == REMOVED {
                        Action::Remove
                    } else {
                        Action::Replace(o as char)
                    },
                )
            } else if (0xD8..=0xDB).contains(&b) && i + 1 < n {
                // U+0600-U+06FF: two bytes, 110110xx 10xxxxxx.
                let k = (((b & 0x03) as usize) << 6) | (bytes[i + 1] & 0x3F) as usize;
                let a = self.arabic[k];
                if a == Action::Keep {
                    cl_orig = i;
                    cl_norm = dst.len() + (i - run);
                    cl_edits = alignment.edits.len();
                    last_ccc = 0;
                    i += 2;
                    continue;
                }
                (2, a)
            } else {
                let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
                (c.len_utf8(), self.action(c))
            };
            match action {
                Action::Keep => {
                    cl_orig = i;
                    cl_norm = dst.len() + (i - run);
                    cl_edits = alignment.edits.len();
                    last_ccc = 0;
                    i += len;
                }
                Action::Mark(ccc) if ccc >= last_ccc => {
                    last_ccc = ccc;
                    i += len;
                }
                Action::Replace(c) => {
                    dst.push_str(&text[run..i]);
                    cl_orig = i;
                    cl_norm = dst.len();
                    cl_edits = alignment.edits.len();
                    last_ccc = 0;
                    let nl = c.len_utf8();
                    dst.push(c);
                    if nl != len {
                        alignment.push(
                            Edit {
                                norm: cl_norm as u32,
                                norm_len: nl as u32,
                                orig: i as u32,
                                orig_len: len as u32,
                            },
                            cl_edits,
                        );
                    }
                    i += len;
                    run = i;
                }
                Action::Remove => {
                    dst.push_str(&text[run..i]);
                    alignment.push(
                        Edit {
                            norm: dst.len() as u32,
                            norm_len: 0,
                            orig: i as u32,
                            orig_len: len as u32,
                        },
                        cl_edits,
                    );
                    i += len;
                    run = i;
                }
                Action::Mark(_) | Action::Slow => {
                    dst.push_str(&text[run..i]);
                    let region_start = if action == Action::Slow && self.opens_region(&text[i..]) {
                        // Starts afresh (a presentation form): nothing before it is involved.
                        cl_edits = alignment.edits.len();
                        i
                    } else {
                        // Composes or reorders with what precedes it: redo the whole cluster.
                        dst.truncate(cl_norm);
                        alignment.edits.truncate(cl_edits);
                        cl_orig
                    };
                    let after = i + len;
                    let end = text[after..]
                        .char_indices()
                        .find(|&(k, c)| {
                            self.is_clean_starter(c) || self.opens_region(&text[after + k..])
                        })
                        .map_or(n, |(k, _)| after + k);
                    self.slow_region(text, region_start, end, dst, alignment, cl_edits);
                    i = end;
                    run = end;
                    // The next character is a clean starter (or the end); it opens the next cluster.
                    cl_orig = i;
                    cl_norm = dst.len();
                    cl_edits = alignment.edits.len();
                    last_ccc = 0;
                }
            }
        }
        dst.push_str(&text[run..n]);
    }

    /// True when the character that starts `rest` needs the slow path but begins something new:
    /// its normal form starts with a character that never composes with what precedes it
    /// (ﭐ -> ٱ, U+037E -> `;`), so what comes before it can stay as it was.
    fn opens_region(&self, rest: &str) -> bool {
        let Some(c) = rest.chars().next() else {
            return false;
        };
        if self.action(c) != Action::Slow {
            return false;
        }
        let mut buf = [0u8; 4];
        let mut d = String::new();
        self.full(c.encode_utf8(&mut buf), &mut d);
        d.chars().next().is_some_and(|f| {
            canonical_combining_class(f) == 0 && is_nfc_quick(iter::once(f)) == IsNormalized::Yes
        })
    }

    /// True when a slow region may end before `c`: `c` never composes with what precedes it.
    #[inline]
    fn is_clean_starter(&self, c: char) -> bool {
        matches!(self.action(c), Action::Keep | Action::Replace(_))
    }

    #[inline]
    fn action(&self, c: char) -> Action {
        let cp = c as u32;
        if (0x600..0x700).contains(&cp) {
            return self.arabic[(cp - 0x600) as usize];
        }
        action_for(c, &self.options)
    }

    /// Normalises `text[start..end]` in full and records its alignment.
    fn slow_region(
        &self,
        text: &str,
        start: usize,
        end: usize,
        dst: &mut String,
        alignment: &mut Alignment,
        floor: usize,
    ) {
        let src = &text[start..end];
        let norm_start = dst.len();
        let mut whole = String::new();
        self.full(src, &mut whole);
        // Fine-grained alignment when the region maps character by character (the usual case:
        // a run of presentation forms, a removed mark); otherwise one edit for the whole group.
        let mut pieces = String::with_capacity(whole.len());
        let mut piece_ends: Vec<(usize, usize)> = Vec::new();
        for (k, c) in src.char_indices() {
            let mut buf = [0u8; 4];
            self.full(c.encode_utf8(&mut buf), &mut pieces);
            piece_ends.push((start + k, pieces.len()));
        }
        if pieces == whole {
            let mut prev_norm = 0usize;
            for (idx, &(orig_at, norm_end)) in piece_ends.iter().enumerate() {
                let orig_next = piece_ends.get(idx + 1).map_or(end, |p| p.0);
                let orig_len = orig_next - orig_at;
                let norm_len = norm_end - prev_norm;
                if norm_len != orig_len || norm_len == 0 {
                    alignment.push(
                        Edit {
                            norm: (norm_start + prev_norm) as u32,
                            norm_len: norm_len as u32,
                            orig: orig_at as u32,
                            orig_len: orig_len as u32,
                        },
                        floor,
                    );
                }
                prev_norm = norm_end;
            }
        } else {
            // Composition or reordering inside the region. Keep apart the pieces that normalise
            // on their own (a space before stray marks, a letter before a jamo), so that a token
            // boundary between them still maps; short regions try every cut, long ones the first.
            let mut cuts = vec![0];
            let candidates: Vec<usize> = src.char_indices().map(|(k, _)| k).skip(1).collect();
            let tried = if candidates.len() <= 32 {
                &candidates[..]
            } else {
                &candidates[..1]
            };
            let (mut a, mut b) = (String::new(), String::new());
            for &k in tried {
                a.clear();
                b.clear();
                self.full(&src[..k], &mut a);
                self.full(&src[k..], &mut b);
                if a.len() + b.len() == whole.len()
                    && whole.starts_with(a.as_str())
                    && whole.ends_with(b.as_str())
                {
                    cuts.push(k);
                }
            }
            cuts.push(src.len());
            let mut groups = Vec::with_capacity(cuts.len());
            let mut joined = String::with_capacity(whole.len());
            for w in cuts.windows(2) {
                let at = joined.len();
                self.full(&src[w[0]..w[1]], &mut joined);
                groups.push((at, joined.len() - at, w[0], w[1] - w[0]));
            }
            if joined != whole {
                groups = vec![(0, whole.len(), 0, src.len())];
            }
            for (n_at, n_len, o_at, o_len) in groups {
                if n_len != o_len
                    || n_len == 0
                    || whole[n_at..n_at + n_len] != src[o_at..o_at + o_len]
                {
                    alignment.push(
                        Edit {
                            norm: (norm_start + n_at) as u32,
                            norm_len: n_len as u32,
                            orig: (start + o_at) as u32,
                            orig_len: o_len as u32,
                        },
                        floor,
                    );
                }
            }
        }
        dst.push_str(&whole);
    }

    /// The full normalisation of a short string, without the fast path: display mapping, NFC,
    /// then (at the search level) search mapping and NFC repeated to a fixed point.
    fn full(&self, src: &str, out: &mut String) {
        let mut display = String::with_capacity(src.len());
        for c in src.chars() {
            display_map(c, &mut display);
        }
        let mut cur: String = display.nfc().collect();
        if self.options.level == Level::Search {
            // Fold letters first and compose, then strip marks: ى + hamza above becomes ي +
            // hamza, which composes to ئ before the marks go.
            for _ in 0..4 {
                let mut folded = String::with_capacity(cur.len());
                for c in cur.chars() {
                    search_map(c, &self.options, false, &mut folded);
                }
                let mut stripped = String::with_capacity(folded.len());
                for c in folded.nfc() {
                    search_map(c, &self.options, true, &mut stripped);
                }
                let next: String = stripped.nfc().collect();
                if next == cur {
                    break;
                }
                cur = next;
            }
        }
        out.push_str(&cur);
    }
}

/// A class of characters for [`Normalizer::split_plain`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Plain {
    /// Needs the full normaliser and tokeniser.
    Other,
    /// White space that normalisation keeps: no token crosses it.
    Space,
    /// A letter of a word token, kept, or replaced by a letter of the same length (ى -> ي).
    Letter,
    /// Removed by normalisation (tashkeel, tatweel, bidi marks).
    Removed,
    /// Kept punctuation that is a token of its own: never part of a word, number, URL or tag.
    Punct,
}

/// A stretch of text found by [`Normalizer::split_plain`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    /// A word token (kind [`crate::TokenKind::Word`]) exactly as normalising the whole text and
    /// tokenising it would give it: its span in the original.
    Word(Span),
    /// A stretch that needs the full pipeline: normalised and tokenised alone, it gives the
    /// tokens that the whole text has there (shifted by its start).
    Other(Span),
}

impl Normalizer {
    /// Splits `text` into the word tokens that normalising and tokenising it would give, without
    /// building the normalised text, where that is easy: between white space, a stretch made of
    /// letters, removed marks and plain punctuation (the bulk of Arabic news). The rest comes as
    /// [`Piece::Other`] stretches, in text order, for the caller to run through the full
    /// pipeline. Only word tokens come out of the plain stretches: their punctuation tokens are
    /// left out.
    ///
    /// Exact because neither stage looks across white space that normalisation keeps: a token
    /// never spans it, and the normaliser restarts at it (an `Other` stretch starts at the white
    /// space before it, where the normaliser of the whole text would restart).
    pub fn split_plain(&self, text: &str, mut f: impl FnMut(Piece)) {
        /// Words of one stretch held until it proves plain; a stretch with more is `Other`.
        const MAX_WORDS: usize = 16;
        let b = text.as_bytes();
        let n = b.len();
        let is_space = |i: usize| b[i] < 0x80 && self.plain_ascii[b[i] as usize] == Plain::Space;
        // The pending `Other` stretch.
        let mut other: Option<(usize, usize)> = None;
        let mut words = [(0u32, 0u32); MAX_WORDS];
        let mut i = 0;
        while i < n {
            if is_space(i) {
                i += 1;
                continue;
            }
            let start = i;
            let mut count = 0;
            // The start of the open word. Marks removed before a word's first letter stay
            // outside its span; after its last one, inside (a removed character belongs to the
            // one before it).
            let mut open: Option<usize> = None;
            let plain = loop {
                if i >= n {
                    break true;
                }
                let (class, len) = self.plain_at(b, i);
                match class {
                    Plain::Letter => {
                        open.get_or_insert(i);
                        i += len;
                        // The common case: more letters of the Arabic block.
                        while let Some(&[c, d]) = b.get(i..i + 2) {
                            let pair = (usize::from(c) << 8 | usize::from(d)).wrapping_sub(0xD880);
                            match self.plain_pairs.get(pair) {
                                Some(Plain::Letter | Plain::Removed) => i += 2,
                                _ => break,
                            }
                        }
                    }
                    Plain::Removed => i += len,
                    Plain::Punct | Plain::Space => {
                        if let Some(w) = open.take() {
                            if count == MAX_WORDS {
                                break false;
                            }
                            words[count] = (w as u32, i as u32);
                            count += 1;
                        }
                        if class == Plain::Space {
                            break true;
                        }
                        i += len;
                    }
                    Plain::Other => break false,
                }
            };
            if !plain {
                // White space is ASCII, never inside a multi-byte character.
                while i < n && !is_space(i) {
                    i += 1;
                }
                let from = other.map_or(start.saturating_sub(1), |(from, _)| from);
                other = Some((from, i));
                continue;
            }
            if let Some(w) = open.take() {
                if count == MAX_WORDS {
                    other = Some((other.map_or(start.saturating_sub(1), |(from, _)| from), i));
                    continue;
                }
                words[count] = (w as u32, i as u32);
                count += 1;
            }
            if let Some((from, to)) = other.take() {
                f(Piece::Other(Span::new(from as u32, to as u32)));
            }
            for &(w, e) in &words[..count] {
                f(Piece::Word(Span::new(w, e)));
            }
        }
        if let Some((from, to)) = other {
            f(Piece::Other(Span::new(from as u32, to as u32)));
        }
    }

    /// The [`Plain`] class of the character at byte `i` of `b` (valid UTF-8), and its length;
    /// `Other` with length 1 for characters outside the tables.
    #[inline]
    fn plain_at(&self, b: &[u8], i: usize) -> (Plain, usize) {
        let c = b[i];
        if c < 0x80 {
            return (self.plain_ascii[c as usize], 1);
        }
        if (0xD8..=0xDB).contains(&c)
            && let Some(&d) = b.get(i + 1)
        {
            let k = (((c & 0x03) as usize) << 6) | (d & 0x3F) as usize;
            return (self.plain_arabic[k], 2);
        }
        // The punctuation of news text outside the two tables: « » – — ‘ ’ “ ” …
        // (`plain_punctuation_outside_the_tables` checks their class).
        match (c, b.get(i + 1), b.get(i + 2)) {
            (0xC2, Some(0xAB | 0xBB), _) => (Plain::Punct, 2),
            (0xE2, Some(0x80), Some(0x93 | 0x94 | 0x98 | 0x99 | 0x9C | 0x9D | 0xA6)) => {
                (Plain::Punct, 3)
            }
            _ => (Plain::Other, 1),
        }
    }
}

/// Characters the display level removes.
#[inline]
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{E}'..='\u{1F}' | '\u{7F}'..='\u{84}' | '\u{86}'..='\u{9F}'
        | '\u{AD}' | '\u{600}'..='\u{605}' | '\u{61C}' | '\u{640}' | '\u{6DD}' | '\u{70F}'
        | '\u{890}'..='\u{891}' | '\u{8E2}' | '\u{180E}' | '\u{200C}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0001}')
}

/// Arabic presentation forms that the display level decomposes.
#[inline]
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
        && !matches!(c, '\u{FDFA}' | '\u{FDFB}' | '\u{FDFD}')
}

/// The display mapping of one character, before NFC.
fn display_map(c: char, out: &mut String) {
    if is_invisible(c) {
        return;
    }
    if c == '\u{200B}' {
        out.push(' ');
        return;
    }
    if is_presentation_form(c) {
        let mut parts: Vec<char> = Vec::with_capacity(4);
        decompose_compatible(c, |d| parts.push(d));
        let has_letter = parts
            .iter()
            .any(|&d| canonical_combining_class(d) == 0 && !matches!(d, ' ' | '\u{640}'));
        for d in parts {
            // Spacing and tatweel forms of marks (ﹰ = space + fathatan) are marks in use.
            if !has_letter && matches!(d, ' ' | '\u{640}') {
                continue;
            }
            if d != '\u{640}' {
                out.push(d);
            }
        }
        return;
    }
    out.push(c);
}

/// Marks the search level strips.
#[inline]
fn is_stripped_mark(c: char) -> bool {
    matches!(c,
        '\u{610}'..='\u{61A}' | '\u{64B}'..='\u{65F}' | '\u{670}' | '\u{6D6}'..='\u{6ED}'
        | '\u{8D3}'..='\u{8E1}' | '\u{8E3}'..='\u{8FF}')
}

/// The search mapping of one character of NFC text; marks are kept unless `strip`.
fn search_map(c: char, o: &NormalizeOptions, strip: bool, out: &mut String) {
    if is_stripped_mark(c) {
        if !strip {
            out.push(c);
        }
        return;
    }
    let m = match c {
        '\u{622}' | '\u{623}' | '\u{625}' | '\u{671}' | '\u{672}' | '\u{673}' => '\u{627}',
        '\u{649}' | '\u{6CC}' | '\u{6D2}' | '\u{6D3}' => '\u{64A}',
        '\u{629}' | '\u{6BE}' | '\u{6C0}' | '\u{6C1}' | '\u{6C2}' => '\u{647}',
        '\u{6A9}' => '\u{643}',
        '\u{624}' if o.fold_hamza_waw => '\u{648}',
        '\u{626}' if o.fold_hamza_ya => '\u{64A}',
        '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
        '\u{6F0}'..='\u{6F9}' => char::from(b'0' + (c as u32 - 0x6F0) as u8),
        '\u{66B}' => '.',
        '\u{66C}' => ',',
        '\u{66A}' => '%',
        _ => {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
            return;
        }
    };
    out.push(m);
}

/// The fast-path action for `c` (the tables cache this for ASCII and U+0600-U+06FF).
fn action_for(c: char, o: &NormalizeOptions) -> Action {
    if is_invisible(c) {
        return Action::Remove;
    }
    if c == '\u{200B}' {
        return Action::Replace(' ');
    }
    if is_presentation_form(c) {
        return Action::Slow;
    }
    if is_nfc_quick(iter::once(c)) != IsNormalized::Yes {
        return Action::Slow;
    }
    let ccc = canonical_combining_class(c);
    if o.level == Level::Search {
        if is_stripped_mark(c) {
            return Action::Remove;
        }
        let mut buf = String::new();
        search_map(c, o, true, &mut buf);
        let mut it = buf.chars();
        match (it.next(), it.next()) {
            (Some(m), None) if m == c => {}
            (Some(m), None) if ccc == 0 && canonical_combining_class(m) == 0 => {
                return Action::Replace(m);
            }
            _ => return Action::Slow,
        }
    }
    if ccc == 0 {
        Action::Keep
    } else {
        Action::Mark(ccc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The tokens `split_plain` stands for: its words, and the tokens of each `Other` stretch
    /// normalised and tokenised alone; punctuation left out (plain stretches do not give it).
    fn split_tokens(n: &Normalizer, text: &str) -> Vec<(Span, crate::TokenKind)> {
        let mut out = Vec::new();
        n.split_plain(text, |piece| match piece {
            Piece::Word(span) => out.push((span, crate::TokenKind::Word)),
            Piece::Other(span) => {
                let part = n.normalize(&text[span.range()]);
                for t in crate::Tokenizer.tokenize(&part) {
                    let s = Span::new(t.span.start + span.start, t.span.end + span.start);
                    out.push((s, t.kind));
                }
            }
        });
        out.retain(|&(_, k)| k != crate::TokenKind::Punct);
        out
    }

    /// The tokens of normalising and tokenising all of `text`, punctuation left out.
    fn whole_tokens(n: &Normalizer, text: &str) -> Vec<(Span, crate::TokenKind)> {
        let tokens = crate::Tokenizer.tokenize(&n.normalize(text));
        tokens
            .iter()
            .filter(|t| t.kind != crate::TokenKind::Punct)
            .map(|t| (t.span, t.kind))
            .collect()
    }

    /// Texts for `split_plain_gives_the_tokens_of_the_whole_text`: letters, marks, tatweel, digits,
    /// punctuation, white space, and what needs the full pipeline (URLs, tags, composition).
    const SPLIT_TEXT: &str = "([\u{0621}-\u{064A}\u{064B}-\u{0655}\u{0640}\u{0660}-\u{0669}\u{060C}\u{061F}\u{200F}\u{200B}\u{FEFB}\u{0301}\u{00AB}\u{00BB}\u{201C}\u{2026}a-z0-9 .,:#@_/'\n-]|https?://x[.]com/|ا\u{0654}| \u{0651}\u{064E}){0,40}";

    proptest! {
        #[test]
        fn split_plain_gives_the_tokens_of_the_whole_text(
            text in proptest::string::string_regex(SPLIT_TEXT).unwrap()
        ) {
            for level in [Level::Display, Level::Search] {
                let n = Normalizer::new(level);
                prop_assert_eq!(split_tokens(&n, &text), whole_tokens(&n, &text));
            }
        }

        #[test]
        fn cursor_maps_like_to_original(
            text in "[\u{0600}-\u{06FF}\u{FE70}-\u{FEFF}\u{200B}-\u{200F}a-zA-Z0-9 .\u{0301}\u{1100}-\u{1112}\u{1161}-\u{1175}]{0,60}",
            cuts in proptest::collection::vec(0usize..80, 0..12),
        ) {
            for level in [Level::Display, Level::Search] {
                let n = Normalizer::new(level).normalize(&text);
                let len = n.as_str().len() as u32;
                // Increasing spans, then the same spans in any order.
                let mut points: Vec<u32> = cuts.iter().map(|&c| (c as u32).min(len)).collect();
                points.sort_unstable();
                let spans: Vec<Span> = points.chunks(2).map(|p| Span::new(p[0], *p.last().unwrap_or(&p[0]))).collect();
                let mut cursor = OriginalCursor::new(&n);
                for &sp in spans.iter().chain(spans.iter().rev()) {
                    prop_assert_eq!(cursor.map_span(sp), n.to_original(sp));
                }
            }
        }
    }

    fn search(s: &str) -> String {
        Normalizer::new(Level::Search).normalize_str(s)
    }
    fn display(s: &str) -> String {
        Normalizer::new(Level::Display).normalize_str(s)
    }

    #[test]
    fn seed_spelling_variants_share_a_form() {
        assert_eq!(search("الاميركي"), search("الأميركي"));
        assert_eq!(search("الخارجيّة"), search("الخارجية"));
        assert_eq!(search("الخارجيّة"), "الخارجيه");
        assert_eq!(search("إيران"), "ايران");
        assert_eq!(search("مصطفى"), "مصطفي");
        assert_eq!(search("آخر"), "اخر");
        assert_eq!(search("ٱلله"), "الله");
    }

    #[test]
    fn every_documented_mapping() {
        // display
        for inv in [
            "\u{200E}", "\u{200F}", "\u{061C}", "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}",
            "\u{200C}", "\u{200D}", "\u{FEFF}", "\u{00AD}", "\u{0640}", "\u{2060}", "\u{0007}",
        ] {
            assert_eq!(display(&format!("ب{inv}ت")), "بت", "{:?}", inv);
        }
        assert_eq!(display("a\u{200B}b"), "a b");
        assert_eq!(display("كـــتـاب"), "كتاب");
        assert_eq!(display("\u{FEFB}"), "لا");
        assert_eq!(display("\u{FE91}\u{FEB4}\u{FEE2}"), "بسم");
        assert_eq!(display("\u{FDF2}"), "الله");
        assert_eq!(display("\u{FDFA}"), "\u{FDFA}");
        assert_eq!(display("كتاب\u{FE70}"), "كتاب\u{064B}");
        assert_eq!(display("\u{0627}\u{0654}"), "\u{0623}");
        assert_eq!(display("\u{0648}\u{0654}"), "\u{0624}");
        assert_eq!(display("e\u{0301}"), "é");
        // display keeps what search folds
        assert_eq!(display("الأميركيّة ٣٫٥ ABC"), "الأميركيّة ٣٫٥ ABC");
        // search
        assert_eq!(search("بِسْمِ"), "بسم");
        assert_eq!(search("رحمٰن"), "رحمن");
        assert_eq!(search("أإآٱٲٳ"), "اااااا");
        assert_eq!(search("ىیےۓ"), "يييي");
        assert_eq!(search("ةھہۀۂ"), "ههههه");
        assert_eq!(search("ک"), "ك");
        assert_eq!(search("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹"), "0123456789 0123456789");
        assert_eq!(search("٣٫٥ ٥٬٢٠٠ ١٠٪"), "3.5 5,200 10%");
        assert_eq!(search("Blinken CNN ÉTÉ Δ"), "blinken cnn été δ");
        assert_eq!(search("مؤتمر رئيس"), "مؤتمر رئيس");
        let folded = Normalizer::new(NormalizeOptions {
            level: Level::Search,
            fold_hamza_waw: true,
            fold_hamza_ya: true,
        });
        assert_eq!(folded.normalize_str("مؤتمر رئيس"), "موتمر رييس");
        // composition before folding: ا + hamza above is أ, then ا
        assert_eq!(search("\u{0627}\u{0654}"), "ا");
        assert_eq!(search("\u{0648}\u{0654}"), "ؤ");
        // ى and ی with a combining hamza fold to ي first, then compose to ئ like رئيس.
        assert_eq!(search("ر\u{0649}\u{0654}يس"), search("رئيس"));
        assert_eq!(search("ر\u{06CC}\u{0654}يس"), "رئيس");
    }

    #[test]
    fn idempotent_on_examples() {
        for s in [
            "الخارجيّة الاميركي ﻻ \u{FE70} ا\u{200D}\u{0654} شَّ ٣٫٥",
            "\u{0651}\u{064E}",
            "x\u{037E}y",
            "İstanbul ẞ",
        ] {
            for lvl in [Level::Display, Level::Search] {
                let n = Normalizer::new(lvl);
                let once = n.normalize_str(s);
                assert_eq!(n.normalize_str(&once), once, "{lvl:?} {s:?}");
            }
        }
    }

    #[test]
    fn canonical_order_is_restored() {
        // shadda (ccc 33) before fatha (ccc 30) is reordered by NFC.
        assert_eq!(display("ش\u{0651}\u{064E}"), "ش\u{064E}\u{0651}");
    }

    #[test]
    fn alignment_maps_back_to_original() {
        let text = "\u{FEFF}كتبَ ٣٫٥ الـ14";
        let n = Normalizer::new(Level::Search).normalize(text);
        assert_eq!(n.as_str(), "كتب 3.5 ال14");
        let norm = n.as_str();
        let find = |needle: &str| {
            let s = norm.find(needle).unwrap();
            Span::new(s as u32, (s + needle.len()) as u32)
        };
        let orig = |sp: Span| &text[n.to_original(sp).range()];
        assert_eq!(orig(find("كتب")), "كتبَ");
        assert_eq!(orig(find("3.5")), "٣٫٥");
        assert_eq!(orig(find("ال")), "الـ");
        assert_eq!(orig(find("14")), "14");
        // and forwards again
        let o = text.find("٣").unwrap() as u32;
        let back = n.to_normalized(Span::new(o, o + "٣٫٥".len() as u32));
        assert_eq!(&norm[back.range()], "3.5");
    }

    #[test]
    fn expansion_keeps_both_letters_on_one_original_char() {
        let text = "ب\u{FEFB}م";
        let n = Normalizer::new(Level::Search).normalize(text);
        assert_eq!(n.as_str(), "بلام");
        // "لا" maps to the ligature
        let s = n.to_original(Span::new(2, 6));
        assert_eq!(&text[s.range()], "\u{FEFB}");
        // "م" maps to itself
        let s = n.to_original(Span::new(6, 8));
        assert_eq!(&text[s.range()], "م");
    }

    #[test]
    fn split_plain_on_examples() {
        let n = Normalizer::new(Level::Search);
        for text in [
            "قالت الحكومةُ، في بيانٍ: «لن نتراجع»... وأكدت – كما قال الوزير – أن الـ14 وزيراً",
            "\u{064E}كتب كتبَ. .\u{064E}كتب ـكتب الـ بـCNN وزير\u{200C}الخارجية \u{200F}بلينكن",
            "#السلع_الاستهلاكية و@khabar رقم ٣٫٥ و5,200 www.elaph.com.وقال ﻻ ا\u{0654}",
            " ،؛؟!!  ...\n\tكلمة\r\n",
            "و،و،و،و،و،و،و،و،و،و،و،و،و،و،و،و،و،و،و،و؟",
        ] {
            assert_eq!(split_tokens(&n, text), whole_tokens(&n, text), "{text}");
        }
        // Plain text is all words, without a stretch for the full pipeline.
        let mut pieces = Vec::new();
        n.split_plain("قالت الحكومةُ، «لا»", |p| pieces.push(p));
        assert_eq!(
            pieces,
            [
                Piece::Word(Span::new(0, 8)),
                // The damma stays in its word's span.
                Piece::Word(Span::new(9, 25)),
                Piece::Word(Span::new(30, 34)),
            ]
        );
    }

    #[test]
    fn plain_punctuation_outside_the_tables() {
        // What `plain_at` reads from bytes, without the tables.
        for lvl in [Level::Display, Level::Search] {
            let n = Normalizer::new(lvl);
            for c in ['«', '»', '–', '—', '‘', '’', '“', '”', '…'] {
                let mut buf = [0u8; 4];
                let s = c.encode_utf8(&mut buf);
                assert_eq!(n.plain_class(c), Plain::Punct, "{c}");
                assert_eq!(n.plain_at(s.as_bytes(), 0), (Plain::Punct, s.len()), "{c}");
            }
            assert_eq!(n.plain_at("€".as_bytes(), 0).0, Plain::Other);
        }
    }

    #[test]
    fn replacements_are_stable() {
        // Every fast-path replacement produces a character the fast path keeps.
        for lvl in [Level::Display, Level::Search] {
            let o = NormalizeOptions::from(lvl);
            for cp in 0..0x3_0000u32 {
                let Some(c) = char::from_u32(cp) else {
                    continue;
                };
                if let Action::Replace(t) = action_for(c, &o) {
                    assert_eq!(action_for(t, &o), Action::Keep, "{c:?} -> {t:?}");
                }
            }
        }
    }
}
