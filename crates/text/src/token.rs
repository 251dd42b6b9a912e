//! The tokeniser: splits normalised text into [`Token`]s of a [`TokenKind`].
//!
//! It runs on the normalised text (any level) and reports each token twice: its span in the
//! normalised text (`norm`, whose slice is the token's normalised form) and its span in the
//! original text (`span`), through the [`Normalized`] alignment.
//!
//! Rules, in order of precedence at each position:
//! - URLs (`http://`, `https://`, `ftp://`, `www.`, and bare domains such as `elaph.com` with a
//!   known top-level domain), trailing punctuation excluded; Arabic path segments belong to the
//!   URL, but Arabic glued to its end (`www.elaph.com.وقال`) does not. E-mail addresses.
//! - `#` followed by a letter, digit or `_` starts a hashtag (`#عاصي_الحلاني`); `@` followed by one
//!   starts a mention.
//! - Numbers stay whole in every script and separator style: `5200`, `5,200`, `٥٬٢٠٠`, `3.5`,
//!   `٣٫٥`, `10%`, `١٠٪`. A separator belongs to a number only between two digits.
//! - An Arabic word is a run of Arabic letters and marks. A change of script ends it, so
//!   `الـ14` gives the word `الـ` and the number `14`, and `بـCNN` gives `بـ` and `CNN` (the
//!   tatweel stays in the original slice of the Arabic part).
//! - A Latin word is a run of Latin letters and digits, with inner apostrophes (`O'Brien`);
//!   digits glued to Latin letters are one Latin word (`G7`, `5G`).
//! - Letters of other scripts make `other` tokens.
//! - Punctuation is one token per character, except runs of sentence-final marks (`...`, `؟!`)
//!   and runs of one repeated character (`--`), which stay together.
//! - Anything else (currency signs, emoji, maths, the phrase ligatures ﷺ ﷽) is a `symbol`; an
//!   emoji keeps its skin-tone modifier, and a flag its two regional indicators.
//! - Combining marks always join the token before them.
//! - Tokens never overlap: where normalisation composed characters across a token boundary (only
//!   with stray combining marks), the two become one token.

use serde::{Deserialize, Serialize};
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

use crate::normalize::{Normalized, OriginalCursor};
use crate::span::Span;

/// The kind of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// An Arabic-script word.
    Word,
    /// A Latin-script word (may contain digits: `G7`, `F16`).
    Latin,
    /// A number in any digits, with its separators and a trailing percent sign.
    Number,
    /// Punctuation.
    Punct,
    /// A URL or bare domain.
    Url,
    /// An e-mail address.
    Email,
    /// `#` and a tag.
    Hashtag,
    /// `@` and a handle.
    Mention,
    /// A symbol: currency, maths, emoji and anything unclassified.
    Symbol,
    /// A word in another script (Hebrew, Cyrillic, CJK ...).
    Other,
}

impl TokenKind {
    /// The name used in JSON output.
    pub const fn as_str(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Latin => "latin",
            TokenKind::Number => "number",
            TokenKind::Punct => "punct",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
            TokenKind::Hashtag => "hashtag",
            TokenKind::Mention => "mention",
            TokenKind::Symbol => "symbol",
            TokenKind::Other => "other",
        }
    }

    /// True for kinds that carry words (Arabic, Latin, other scripts).
    pub const fn is_wordlike(self) -> bool {
        matches!(self, TokenKind::Word | TokenKind::Latin | TokenKind::Other)
    }
}

/// A token: where it is in the original and in the normalised text, and its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    /// Byte span in the original text.
    pub span: Span,
    /// Byte span in the normalised text; its slice is the token's normalised form.
    pub norm: Span,
    /// The token's kind.
    pub kind: TokenKind,
}

impl Token {
    /// The token's normalised form, given the normalised text it was found in.
    #[inline]
    pub fn norm_str<'a>(&self, normalized: &'a str) -> &'a str {
        normalized.get(self.norm.range()).unwrap_or("")
    }
}

/// Character classes the tokeniser works with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Space,
    Arabic,
    Latin,
    Other,
    Digit,
    Mark,
    Punct,
    /// Sentence-final punctuation: . ! ? ؟ … ۔
    Terminal,
    Symbol,
}

const fn ascii_class(b: u8) -> Class {
    match b {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => Class::Space,
        b'a'..=b'z' | b'A'..=b'Z' => Class::Latin,
        b'0'..=b'9' => Class::Digit,
        b'.' | b'!' | b'?' => Class::Terminal,
        b'"' | b'#' | b'%' | b'&' | b'\'' | b'(' | b')' | b'*' | b',' | b'-' | b'/' | b':'
        | b';' | b'@' | b'[' | b'\\' | b']' | b'_' | b'{' | b'}' => Class::Punct,
        0..=0x1F | 0x7F => Class::Space,
        _ => Class::Symbol,
    }
}

const fn arabic_class(cp: u32) -> Class {
    match cp {
        0x0609..=0x060A | 0x060C..=0x060D | 0x061B | 0x061D..=0x061E | 0x066A..=0x066D => {
            Class::Punct
        }
        0x061F | 0x06D4 => Class::Terminal,
        0x0606..=0x0608 | 0x060B | 0x060E..=0x060F | 0x06DE | 0x06E9 | 0x06FD..=0x06FE => {
            Class::Symbol
        }
        0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0670
        | 0x06D6..=0x06DC
        | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8
        | 0x06EA..=0x06ED => Class::Mark,
        0x0660..=0x0669 | 0x06F0..=0x06F9 => Class::Digit,
        0x0600..=0x0605 | 0x061C | 0x06DD => Class::Mark,
        _ => Class::Arabic,
    }
}

static ASCII: [Class; 128] = {
    let mut t = [Class::Symbol; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = ascii_class(i as u8);
        i += 1;
    }
    t
};

static ARABIC: [Class; 256] = {
    let mut t = [Class::Arabic; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = arabic_class(0x600 + i as u32);
        i += 1;
    }
    t
};

fn is_latin_letter(c: char) -> bool {
    matches!(c,
        '\u{AA}' | '\u{BA}' | '\u{C0}'..='\u{24F}' | '\u{250}'..='\u{2AF}' | '\u{1D00}'..='\u{1DBF}'
        | '\u{1E00}'..='\u{1EFF}' | '\u{2C60}'..='\u{2C7F}' | '\u{A720}'..='\u{A7FF}'
        | '\u{AB30}'..='\u{AB6F}' | '\u{FB00}'..='\u{FB06}' | '\u{FF21}'..='\u{FF3A}'
        | '\u{FF41}'..='\u{FF5A}')
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{750}'..='\u{77F}' | '\u{870}'..='\u{89F}' | '\u{8A0}'..='\u{8FF}'
        | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' | '\u{1EE00}'..='\u{1EEFF}')
}

fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '\u{61F}' | '\u{6D4}' | '\u{2026}' | '\u{203C}' | '\u{2047}'
            ..='\u{2049}'
                | '\u{FE52}'
                | '\u{FE56}'
                | '\u{FE57}'
                | '\u{FF01}'
                | '\u{FF0E}'
                | '\u{FF1F}'
    )
}

#[inline]
fn class_of(c: char) -> Class {
    let cp = c as u32;
    if cp < 0x80 {
        return ASCII[cp as usize];
    }
    if (0x600..0x700).contains(&cp) {
        return ARABIC[(cp - 0x600) as usize];
    }
    if matches!(c, '\u{FDFA}' | '\u{FDFB}' | '\u{FDFD}') {
        // Phrase ligatures (ﷺ ﷻ ﷽): kept whole by normalisation, so a symbol, not a word.
        return Class::Symbol;
    }
    match c.general_category_group() {
        GeneralCategoryGroup::Letter => {
            if is_arabic_letter(c) {
                Class::Arabic
            } else if is_latin_letter(c) {
                Class::Latin
            } else {
                Class::Other
            }
        }
        GeneralCategoryGroup::Mark => Class::Mark,
        GeneralCategoryGroup::Number => {
            if c.general_category() == GeneralCategory::DecimalNumber {
                Class::Digit
            } else {
                Class::Symbol
            }
        }
        GeneralCategoryGroup::Punctuation => {
            if is_terminal(c) {
                Class::Terminal
            } else {
                Class::Punct
            }
        }
        GeneralCategoryGroup::Separator => Class::Space,
        GeneralCategoryGroup::Other => {
            if c.is_whitespace() {
                Class::Space
            } else if c.general_category() == GeneralCategory::Format {
                Class::Mark
            } else {
                Class::Symbol
            }
        }
        GeneralCategoryGroup::Symbol => Class::Symbol,
    }
}

/// True for white space, which ends every token.
pub(crate) fn is_space(c: char) -> bool {
    class_of(c) == Class::Space
}

/// True for the letters of word tokens ([`TokenKind::Word`]).
pub(crate) fn is_word_letter(c: char) -> bool {
    class_of(c) == Class::Arabic
}

/// True for punctuation that is always a token of its own, whatever surrounds it (`#` and `@`
/// can open a hashtag or mention).
pub(crate) fn is_plain_punct(c: char) -> bool {
    matches!(class_of(c), Class::Punct | Class::Terminal) && !matches!(c, '#' | '@')
}

/// Reads the character at byte `i` and its class.
#[inline]
fn char_at(s: &str, i: usize) -> (char, usize, Class) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1, ASCII[b as usize]);
    }
    let c = s[i..].chars().next().unwrap_or(' ');
    (c, c.len_utf8(), class_of(c))
}

/// The class at byte `i`, or `None` at the end.
#[inline]
fn class_at(s: &str, i: usize) -> Option<(char, usize, Class)> {
    (i < s.len()).then(|| char_at(s, i))
}

/// Top-level domains recognised in bare domains (`elaph.com`) and e-mail addresses.
const TLDS: &[&str] = &[
    "com", "net", "org", "gov", "edu", "info", "io", "tv", "me", "co", "biz", "int", "mil", "news",
    "online", "uk", "us", "fr", "de", "ae", "sa", "eg", "iq", "lb", "jo", "qa", "kw", "om", "bh",
    "ma", "tn", "dz", "ly", "sy", "ps", "ye", "sd", "ir", "tr", "ru", "cn", "in", "eu", "ch", "ca",
    "it", "es", "nl", "be", "se", "no", "dk", "at", "au", "jp", "mr", "so", "dj", "km", "il",
];

fn is_domain_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// Scans `label(.label)+` from `i`; returns the end if the last label is a known TLD
/// (or any alphabetic label of two or more letters when `any_tld`). Gives up past the DNS limits
/// (63 bytes a label, 253 in all), which also keeps the scan linear on long runs like `a.a.a.a`.
fn scan_domain(s: &str, i: usize, any_tld: bool) -> Option<usize> {
    let b = s.as_bytes();
    let mut j = i;
    let mut labels = 0;
    let last_label = loop {
        let start = j;
        while j < b.len() && is_domain_byte(b[j]) {
            j += 1;
            if j - start > 63 {
                return None;
            }
        }
        if j == start || j - i > 253 {
            return None;
        }
        labels += 1;
        if j + 1 < b.len() && b[j] == b'.' && b[j + 1].is_ascii_alphanumeric() {
            j += 1;
        } else {
            break (start, j);
        }
    };
    if labels < 2 || last_label.0 - i < 3 {
        return None;
    }
    let tld = &s[last_label.0..last_label.1];
    let ok = if any_tld {
        tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic())
    } else {
        TLDS.iter().any(|t| t.eq_ignore_ascii_case(tld))
    };
    ok.then_some(j)
}

/// Characters that can never be part of a URL.
fn ends_url(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '"' | '<'
                | '>'
                | '«'
                | '»'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '`'
                | '{'
                | '}'
                | '|'
                | '\\'
                | '^'
                | '،'
                | '؛'
        )
}

/// Extends a URL from `i` (inside it) to its end, then trims trailing punctuation.
///
/// Arabic letters belong to a URL only where a path segment starts (after `/`, `-`, `=` ...) or
/// continues: Arabic glued to a Latin letter, digit or `.` is the next word, as in
/// `www.elaph.com.وقال` (a missing space, common in news text).
fn scan_url_rest(s: &str, i: usize) -> usize {
    let mut j = i;
    let mut prev = s[..i].chars().next_back().unwrap_or(' ');
    for (k, c) in s[i..].char_indices() {
        if ends_url(c) {
            break;
        }
        if class_of(c) == Class::Arabic && (prev.is_ascii_alphanumeric() || prev == '.') {
            break;
        }
        prev = c;
        j = i + k + c.len_utf8();
    }
    // Trailing punctuation belongs to the sentence, not the URL; a closing bracket stays when
    // the URL opened it (Wikipedia links).
    let url = &s[i..j];
    let opens = url.matches('(').count();
    let mut closes = url.matches(')').count();
    while let Some(c) = s[i..j].chars().next_back() {
        let trim = match c {
            '.' | ',' | ':' | ';' | '!' | '?' | '\'' | ']' | '}' | '؟' | '…' => true,
            ')' => opens < closes,
            _ => false,
        };
        if !trim {
            break;
        }
        if c == ')' {
            closes -= 1;
        }
        j -= c.len_utf8();
    }
    j
}

fn starts_with_ci(s: &str, i: usize, prefix: &str) -> bool {
    s.as_bytes()
        .get(i..i + prefix.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Tries a URL, domain or e-mail at `i` (an ASCII letter or digit). Returns its end and kind.
fn scan_web(s: &str, i: usize) -> Option<(usize, TokenKind)> {
    let b = s.as_bytes();
    for p in ["https://", "http://", "ftp://", "www."] {
        if starts_with_ci(s, i, p) {
            let j = scan_url_rest(s, i + p.len());
            if j > i + p.len() {
                return Some((j, TokenKind::Url));
            }
        }
    }
    // e-mail: local part (at most 64 bytes), '@', domain.
    let mut j = i;
    while j < b.len()
        && j - i <= 64
        && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'.' | b'_' | b'%' | b'+' | b'-'))
    {
        j += 1;
    }
    if j < b.len()
        && b[j] == b'@'
        && j > i
        && j - i <= 64
        && b[j - 1] != b'.'
        && let Some(e) = scan_domain(s, j + 1, true)
    {
        return Some((e, TokenKind::Email));
    }
    // bare domain, with an optional path.
    let e = scan_domain(s, i, false)?;
    let e = if b.get(e) == Some(&b'/') {
        scan_url_rest(s, e)
    } else {
        e
    };
    Some((e, TokenKind::Url))
}

/// Splits normalised text into tokens.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tokenizer;

impl Tokenizer {
    /// Tokenises `normalized`, appending to `out` (cleared first).
    pub fn tokenize_into(&self, normalized: &Normalized, out: &mut Vec<Token>) {
        out.clear();
        let s = normalized.as_str();
        // Arabic text averages about six bytes per token.
        out.reserve(s.len() / 6 + 1);
        let mut to_original = OriginalCursor::new(normalized);
        scan(s, |start, end, kind| {
            let norm = Span::new(start as u32, end as u32);
            let span = to_original.map_span(norm);
            // Where normalisation composed characters across a token boundary (rare: stray marks
            // and jamo), the original cannot be divided there: keep one token over both.
            if let Some(last) = out.last_mut()
                && span.start < last.span.end
            {
                last.span.end = last.span.end.max(span.end);
                last.norm.end = norm.end;
                return;
            }
            out.push(Token { span, norm, kind });
        });
    }

    /// Tokenises `normalized` into a new vector.
    pub fn tokenize(&self, normalized: &Normalized) -> Vec<Token> {
        let mut v = Vec::new();
        self.tokenize_into(normalized, &mut v);
        v
    }
}

/// Tokenises `s`, calling `emit(start, end, kind)` for each token (byte offsets into `s`).
pub fn scan(s: &str, mut emit: impl FnMut(usize, usize, TokenKind)) {
    let b = s.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        // Arabic words: the hot loop, two bytes a letter.
        let lead = b[i];
        if (0xD8..=0xDB).contains(&lead) && i + 1 < n {
            let k = (((lead & 0x03) as usize) << 6) | (b[i + 1] & 0x3F) as usize;
            if ARABIC[k] == Class::Arabic {
                let start = i;
                i += 2;
                loop {
                    if i + 1 < n && (0xD8..=0xDB).contains(&b[i]) {
                        let k = (((b[i] & 0x03) as usize) << 6) | (b[i + 1] & 0x3F) as usize;
                        if matches!(ARABIC[k], Class::Arabic | Class::Mark) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    if i < n && b[i] >= 0x80 {
                        let (_, len, cl) = char_at(s, i);
                        if matches!(cl, Class::Arabic | Class::Mark) {
                            i += len;
                            continue;
                        }
                    }
                    break;
                }
                emit(start, i, TokenKind::Word);
                continue;
            }
        }
        if lead == b' ' {
            i += 1;
            continue;
        }
        let (c, len, class) = char_at(s, i);
        let start = i;
        let (end, kind) = match class {
            Class::Space => {
                i += len;
                continue;
            }
            Class::Arabic => (
                run(s, i + len, |cl, _| {
                    matches!(cl, Class::Arabic | Class::Mark)
                }),
                TokenKind::Word,
            ),
            Class::Latin => {
                if c.is_ascii()
                    && let Some(found) = scan_web(s, i)
                {
                    found
                } else {
                    (scan_latin(s, i + len), TokenKind::Latin)
                }
            }
            Class::Digit => {
                if c.is_ascii_digit()
                    && let Some(found) = scan_web(s, i)
                {
                    found
                } else {
                    // Digits glued to Latin letters make one Latin word, like G7: 5G, 4K, 3D.
                    let digits = run(s, i + len, |cl, _| cl == Class::Digit);
                    if class_at(s, digits).is_some_and(|(_, _, cl)| cl == Class::Latin) {
                        (scan_latin(s, digits), TokenKind::Latin)
                    } else {
                        (scan_number(s, i + len), TokenKind::Number)
                    }
                }
            }
            Class::Other => (
                run(s, i + len, |cl, _| {
                    matches!(cl, Class::Other | Class::Mark | Class::Digit)
                }),
                TokenKind::Other,
            ),
            Class::Mark | Class::Symbol => (scan_symbol(s, i, c, len), TokenKind::Symbol),
            Class::Terminal => (
                run(s, i + len, |cl, _| cl == Class::Terminal),
                TokenKind::Punct,
            ),
            Class::Punct => {
                let tag_start = class_at(s, i + len)
                    .is_some_and(|(nc, _, ncl)| is_tag_char(ncl, nc) && ncl != Class::Mark);
                match c {
                    '#' if tag_start => (run(s, i + len, is_tag_char), TokenKind::Hashtag),
                    '@' if tag_start => (run(s, i + len, is_tag_char), TokenKind::Mention),
                    _ => (run(s, i + len, |_, ch| ch == c), TokenKind::Punct),
                }
            }
        };
        // Combining marks join the token before them.
        let end = run(s, end, |cl, _| cl == Class::Mark);
        emit(start, end, kind);
        i = end;
    }
}

/// A symbol with what belongs to it: emoji skin-tone modifiers, and a regional-indicator pair
/// (a flag).
fn scan_symbol(s: &str, i: usize, c: char, len: usize) -> usize {
    let mut j = i + len;
    if is_regional_indicator(c)
        && let Some((n, nlen, _)) = class_at(s, j)
        && is_regional_indicator(n)
    {
        j += nlen;
    }
    while let Some((n, nlen, _)) = class_at(s, j)
        && ('\u{1F3FB}'..='\u{1F3FF}').contains(&n)
    {
        j += nlen;
    }
    j
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// Characters of a hashtag or mention after its `#` or `@`.
fn is_tag_char(cl: Class, c: char) -> bool {
    matches!(
        cl,
        Class::Arabic | Class::Latin | Class::Other | Class::Digit | Class::Mark
    ) || c == '_'
}

/// Advances from `i` while `keep(class, char)` holds.
#[inline]
fn run(s: &str, mut i: usize, keep: impl Fn(Class, char) -> bool) -> usize {
    while i < s.len() {
        let (c, len, cl) = char_at(s, i);
        if !keep(cl, c) {
            break;
        }
        i += len;
    }
    i
}

fn scan_latin(s: &str, i: usize) -> usize {
    let mut i = i;
    loop {
        i = run(s, i, |cl, _| {
            matches!(cl, Class::Latin | Class::Digit | Class::Mark)
        });
        // an inner apostrophe: O'Brien, don't
        if let Some((c, len, _)) = class_at(s, i)
            && matches!(c, '\'' | '’')
            && class_at(s, i + len).is_some_and(|(_, _, cl)| cl == Class::Latin)
        {
            i += len;
            continue;
        }
        return i;
    }
}

fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '\u{66B}' | '\u{66C}')
}

fn is_percent(c: char) -> bool {
    matches!(c, '%' | '\u{66A}' | '\u{2030}' | '\u{609}' | '\u{60A}')
}

fn scan_number(s: &str, i: usize) -> usize {
    let mut i = i;
    loop {
        i = run(s, i, |cl, _| matches!(cl, Class::Digit | Class::Mark));
        if let Some((c, len, _)) = class_at(s, i)
            && is_number_separator(c)
            && class_at(s, i + len).is_some_and(|(_, _, cl)| cl == Class::Digit)
        {
            i += len;
            continue;
        }
        break;
    }
    if let Some((c, len, _)) = class_at(s, i)
        && is_percent(c)
    {
        i += len;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{Level, Normalizer};

    fn toks(text: &str) -> Vec<(String, String, TokenKind)> {
        let n = Normalizer::new(Level::Search).normalize(text);
        Tokenizer
            .tokenize(&n)
            .into_iter()
            .map(|t| {
                (
                    text[t.span.range()].to_string(),
                    t.norm_str(n.as_str()).to_string(),
                    t.kind,
                )
            })
            .collect()
    }

    fn kinds(text: &str) -> Vec<(String, TokenKind)> {
        toks(text).into_iter().map(|(t, _, k)| (t, k)).collect()
    }

    fn k(s: &str, kind: TokenKind) -> (String, TokenKind) {
        (s.to_string(), kind)
    }

    use TokenKind::*;

    #[test]
    fn numbers_stay_whole() {
        for num in [
            "5200",
            "5,200",
            "٥٬٢٠٠",
            "3.5",
            "٣٫٥",
            "10%",
            "١٠٪",
            "۱۲۳",
            "1.000.000",
        ] {
            assert_eq!(
                kinds(&format!("قال {num} عسكري")),
                vec![k("قال", Word), k(num, Number), k("عسكري", Word)],
                "{num}"
            );
        }
        assert_eq!(toks("٣٫٥")[0].1, "3.5");
        assert_eq!(toks("٥٬٢٠٠")[0].1, "5,200");
        assert_eq!(kinds("2020."), vec![k("2020", Number), k(".", Punct)]);
        assert_eq!(
            kinds("1, 2"),
            vec![k("1", Number), k(",", Punct), k("2", Number)]
        );
    }

    #[test]
    fn prefix_before_digits_and_tatweel_joined_latin() {
        assert_eq!(kinds("الـ14"), vec![k("الـ", Word), k("14", Number)]);
        assert_eq!(toks("الـ14")[0].1, "ال");
        assert_eq!(kinds("بـCNN"), vec![k("بـ", Word), k("CNN", Latin)]);
        assert_eq!(toks("بـCNN")[1].1, "cnn");
    }

    #[test]
    fn arabic_punctuation() {
        assert_eq!(
            kinds("«نعم»، لا؛ لماذا؟ “حسنا”"),
            vec![
                k("«", Punct),
                k("نعم", Word),
                k("»", Punct),
                k("،", Punct),
                k("لا", Word),
                k("؛", Punct),
                k("لماذا", Word),
                k("؟", Punct),
                k("“", Punct),
                k("حسنا", Word),
                k("”", Punct)
            ]
        );
    }

    #[test]
    fn web_tokens() {
        assert_eq!(
            kinds(
                "راجع https://elaph.com/Web/News/2021.html. أو www.bbc.co.uk، أو elaph.com وراسلنا على news@elaph.com"
            ),
            vec![
                k("راجع", Word),
                k("https://elaph.com/Web/News/2021.html", Url),
                k(".", Punct),
                k("أو", Word),
                k("www.bbc.co.uk", Url),
                k("،", Punct),
                k("أو", Word),
                k("elaph.com", Url),
                k("وراسلنا", Word),
                k("على", Word),
                k("news@elaph.com", Email)
            ]
        );
        assert_eq!(
            kinds("U.S."),
            vec![k("U", Latin), k(".", Punct), k("S", Latin), k(".", Punct)]
        );
    }

    #[test]
    fn urls_stop_where_arabic_text_is_glued_on() {
        assert_eq!(
            kinds("راجع الموقع www.elaph.com.وقال الوزير https://bit.ly/3abcاضغط هنا"),
            vec![
                k("راجع", Word),
                k("الموقع", Word),
                k("www.elaph.com", Url),
                k(".", Punct),
                k("وقال", Word),
                k("الوزير", Word),
                k("https://bit.ly/3abc", Url),
                k("اضغط", Word),
                k("هنا", Word)
            ]
        );
        // Arabic path segments stay in the URL.
        let url = "http://www.alarabiya.net/ar/culture/2018/02/18/هكذا-تحالفت-أحلام.html";
        assert_eq!(
            kinds(&format!("المصدر: {url}، أمس")),
            vec![
                k("المصدر", Word),
                k(":", Punct),
                k(url, Url),
                k("،", Punct),
                k("أمس", Word)
            ]
        );
        assert_eq!(
            kinds("(انظر https://ar.wikipedia.org/wiki/X_(Y))"),
            vec![
                k("(", Punct),
                k("انظر", Word),
                k("https://ar.wikipedia.org/wiki/X_(Y)", Url),
                k(")", Punct)
            ]
        );
    }

    #[test]
    fn long_dotted_runs_are_not_domains() {
        let run = "a.".repeat(300);
        assert_eq!(scan_domain(&run, 0, true), None);
        assert_eq!(scan_domain(&"x".repeat(64), 0, true), None);
        assert_eq!(scan_domain("elaph.com", 0, false), Some(9));
    }

    #[test]
    fn digits_glued_to_latin() {
        assert_eq!(
            kinds("راسلنا على 2021news@elaph.com عبر شبكة 5G و4K"),
            vec![
                k("راسلنا", Word),
                k("على", Word),
                k("2021news@elaph.com", Email),
                k("عبر", Word),
                k("شبكة", Word),
                k("5G", Latin),
                k("و", Word),
                k("4K", Latin)
            ]
        );
    }

    #[test]
    fn symbols_and_emoji() {
        assert_eq!(
            kinds("محمد ﷺ ﷽ 🇸🇦 👍🏽"),
            vec![
                k("محمد", Word),
                k("ﷺ", Symbol),
                k("﷽", Symbol),
                k("🇸🇦", Symbol),
                k("👍🏽", Symbol)
            ]
        );
    }

    #[test]
    fn composition_across_a_boundary() {
        // Short regions are cut where each piece normalises on its own: two tokens.
        let text = "ي\u{654}\u{11A8} ب";
        let n = Normalizer::new(Level::Search).normalize(text);
        let t: Vec<&str> = Tokenizer
            .tokenize(&n)
            .iter()
            .map(|t| &text[t.span.range()])
            .collect();
        assert_eq!(t, vec!["ي\u{654}", "\u{11A8}", "ب"]);
        // A long one that cannot be cut becomes one token rather than two sharing a span.
        let text = format!("ي\u{654}{}\u{11A8} ب", "\u{651}".repeat(40));
        let n = Normalizer::new(Level::Display).normalize(&text);
        let t: Vec<&str> = Tokenizer
            .tokenize(&n)
            .iter()
            .map(|t| &text[t.span.range()])
            .collect();
        assert_eq!(t.len(), 2);
        assert!(t[0].ends_with('\u{11A8}'));
    }

    #[test]
    fn hashtags_and_mentions() {
        assert_eq!(
            kinds("كما أطلق عليها #عاصي_الحلاني و@AlArabiya_Brk #"),
            vec![
                k("كما", Word),
                k("أطلق", Word),
                k("عليها", Word),
                k("#عاصي_الحلاني", Hashtag),
                k("و", Word),
                k("@AlArabiya_Brk", Mention),
                k("#", Punct)
            ]
        );
    }

    #[test]
    fn latin_other_symbols() {
        assert_eq!(
            kinds("O'Brien G7 COVID-19 Москва $ 😀"),
            vec![
                k("O'Brien", Latin),
                k("G7", Latin),
                k("COVID", Latin),
                k("-", Punct),
                k("19", Number),
                k("Москва", Other),
                k("$", Symbol),
                k("😀", Symbol)
            ]
        );
    }

    #[test]
    fn punctuation_runs() {
        assert_eq!(
            kinds("قوية.. وأكدت"),
            vec![k("قوية", Word), k("..", Punct), k("وأكدت", Word)]
        );
        assert_eq!(kinds("حقا؟!"), vec![k("حقا", Word), k("؟!", Punct)]);
        assert_eq!(
            kinds("a -- b"),
            vec![k("a", Latin), k("--", Punct), k("b", Latin)]
        );
    }

    #[test]
    fn diacritics_stay_in_the_original_slice() {
        assert_eq!(
            toks("كَتَبَ الخارجيّة"),
            vec![
                ("كَتَبَ".into(), "كتب".into(), Word),
                ("الخارجيّة".into(), "الخارجيه".into(), Word),
            ]
        );
    }

    #[test]
    fn invisible_marks_do_not_split_words() {
        assert_eq!(
            toks("وزير\u{200C}الخارجية \u{200F}بلينكن"),
            vec![
                ("وزير\u{200C}الخارجية".into(), "وزيرالخارجيه".into(), Word),
                ("بلينكن".into(), "بلينكن".into(), Word),
            ]
        );
    }
}
