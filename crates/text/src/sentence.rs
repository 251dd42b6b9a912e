//! Sentence splitting over tokens.
//!
//! A sentence ends:
//! - after a token of sentence-final punctuation (`.` `!` `?` `؟` `…` `۔` and their runs), taking
//!   along the closing quotes and brackets, and further final marks, that follow it with no space
//!   (`."` `.»` `.)` `؟».`);
//! - at a paragraph break: any line break between two tokens (news text puts one paragraph on a
//!   line, and a headline has no full stop).
//!
//! Stray final marks and quotes that would make a sentence of their own (`ساكنًا. . لقد`) join the
//! sentence before them.
//!
//! A full stop does not end a sentence:
//! - after an abbreviation: a single Arabic letter standing alone (`د.` `أ.` `م.`, but not the era
//!   marks in `1441 هـ.` and `1950 م.`); a single Latin letter followed by more Latin
//!   (`U.S. Army`, `J. Smith`); a common Latin abbreviation (`Mr.` `Dr.` `etc.`); Latin letters
//!   spelled in Arabic, as in acronyms (`سي. إن. إن`, `بي. بي. سي`, `جون إف. كينيدي`);
//! - after the number of a numbered list at the start of a sentence (`1. البند الأول`);
//! - between two Latin words with no space (`Node.js`), or before an Arabic top-level domain
//!   (`العربية.نت`).
//!
//! Full stops inside numbers (`3.5`) and URLs never reach this stage: they are inside those
//! tokens. The Arabic decimal separator `٫` is folded to `.` by normalisation but is never a full
//! stop.

use crate::span::Span;
use crate::token::{Token, TokenKind};

/// A sentence: its span in the original text and the tokens it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Sentence {
    /// Byte span in the original text, from its first token's start to its last token's end.
    pub span: Span,
    /// Index of the first token.
    pub first_token: u32,
    /// One past the index of the last token.
    pub end_token: u32,
}

impl Sentence {
    /// The range of token indices.
    pub fn token_range(&self) -> std::ops::Range<usize> {
        self.first_token as usize..self.end_token as usize
    }
}

const LATIN_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "no",
    "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "jan", "feb", "aug", "sept", "oct",
    "nov", "dec", "approx", "fig", "vol", "pp", "al",
];

/// Latin letter names as Arabic news spells them in acronyms (search-level forms).
const LETTER_NAMES: &[&str] = &[
    "ايه",
    "بي",
    "سي",
    "اف",
    "جي",
    "اتش",
    "جاي",
    "جيه",
    "كيه",
    "كاي",
    "ام",
    "كيو",
    "ار",
    "اس",
    "تي",
    "يو",
    "دبليو",
    "اكس",
    "واي",
    "زد",
    "زي",
    "ايل",
];

/// Letter names that are also common Arabic words (إن, أو, في, أي, ال, دي): abbreviations only
/// next to another letter name.
const AMBIGUOUS_LETTER_NAMES: &[&str] = &["ان", "اي", "او", "في", "ال", "دي"];

/// Top-level domains as Arabic sites spell them (search-level forms).
const ARABIC_TLDS: &[&str] = &["نت", "كوم", "اورغ", "اورج", "انفو"];

fn is_terminal_token(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '؟' | '…' | '۔' | '‼' | '⁇' | '⁈' | '⁉' | '！' | '？' | '．'
        )
    })
}

fn is_closer(text: &str) -> bool {
    // U+FD3E ﴾ is the closing ornate parenthesis (Arabic text runs right to left).
    matches!(
        text,
        "\"" | "'" | "”" | "’" | "»" | "›" | ")" | "]" | "}" | "\u{FD3E}"
    )
}

fn has_line_break(gap: &str) -> bool {
    // Gaps are almost always one ASCII space: look at bytes, decode only non-ASCII gaps.
    gap.bytes().any(|b| b == b'\n' || b == b'\r')
        || (!gap.is_ascii()
            && gap
                .chars()
                .any(|c| matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')))
}

/// The tokens of one text, with the views the rules need.
struct View<'a> {
    original: &'a str,
    normalized: &'a str,
    tokens: &'a [Token],
}

impl View<'_> {
    fn norm(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .map_or("", |t| t.norm_str(self.normalized))
    }

    fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    /// True when tokens `i` and `i + 1` touch (nothing between them in the normalised text).
    fn glued(&self, i: usize) -> bool {
        match (self.tokens.get(i), self.tokens.get(i + 1)) {
            (Some(a), Some(b)) => a.norm.end == b.norm.start,
            _ => false,
        }
    }

    /// True when token `i` does not touch the token before it (or is the first).
    fn stands_alone(&self, i: usize) -> bool {
        i == 0 || !self.glued(i - 1) || self.kind(i - 1) == Some(TokenKind::Punct)
    }

    /// True when a line break separates tokens `i` and `i + 1`.
    #[inline]
    fn break_after(&self, i: usize) -> bool {
        let (Some(a), Some(b)) = (self.tokens.get(i), self.tokens.get(i + 1)) else {
            return false;
        };
        let (from, to) = (a.norm.end as usize, b.norm.start as usize);
        // The usual gap is one space.
        if to == from + 1 && self.normalized.as_bytes().get(from) == Some(&b' ') {
            return false;
        }
        self.normalized.get(from..to).is_some_and(has_line_break)
    }

    fn is_terminal(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Punct)
            && is_terminal_token(self.norm(i))
            // ٫ is a decimal separator folded to `.`, not a full stop.
            && self.tokens[i].span.slice(self.original) != Some("\u{66B}")
    }

    fn is_letter_name(&self, i: usize) -> bool {
        self.kind(i) == Some(TokenKind::Word) && {
            let n = self.norm(i);
            LETTER_NAMES.contains(&n) || AMBIGUOUS_LETTER_NAMES.contains(&n)
        }
    }

    /// True when `i` is a `.` glued to a letter name: one element of a spelled acronym.
    fn is_acronym_dot(&self, i: usize) -> bool {
        i > 0
            && self.norm(i) == "."
            && self.glued(i - 1)
            && self.is_letter_name(i - 1)
            && self.stands_alone(i - 1)
    }

    /// True when the full stop at `i` closes an abbreviation or a list number, not a sentence.
    fn is_not_a_full_stop(&self, i: usize, sentence_start: usize) -> bool {
        if i == 0 || self.norm(i) != "." || !self.glued(i - 1) {
            return false;
        }
        let p = self.norm(i - 1);
        let alone = self.stands_alone(i - 1);
        // A site name written in Arabic: العربية.نت, بيت.كوم
        if self.glued(i)
            && self.kind(i + 1) == Some(TokenKind::Word)
            && ARABIC_TLDS.contains(&self.norm(i + 1))
        {
            return true;
        }
        match self.kind(i - 1) {
            Some(TokenKind::Number) => i - 1 == sentence_start && p.len() <= 3,
            Some(TokenKind::Word) if alone => {
                if LETTER_NAMES.contains(&p) {
                    return true;
                }
                if AMBIGUOUS_LETTER_NAMES.contains(&p) {
                    return (i >= 2 && self.is_acronym_dot(i - 2)) || self.is_letter_name(i + 1);
                }
                let era_mark =
                    matches!(p, "ه" | "م") && i >= 2 && self.kind(i - 2) == Some(TokenKind::Number);
                p.chars().count() == 1 && !era_mark
            }
            Some(TokenKind::Latin) => {
                let next_latin = self.kind(i + 1) == Some(TokenKind::Latin);
                (next_latin && self.glued(i))
                    || (alone
                        && p.chars().count() == 1
                        && (next_latin || (i >= 2 && self.norm(i - 2) == ".")))
                    || (alone
                        && LATIN_ABBREVIATIONS
                            .iter()
                            .any(|a| a.eq_ignore_ascii_case(p)))
            }
            _ => false,
        }
    }
}

/// Splits `tokens` into sentences. `original` and `normalized` are the texts the tokens' `span`
/// and `norm` point into.
pub fn split_sentences(
    original: &str,
    normalized: &str,
    tokens: &[Token],
    out: &mut Vec<Sentence>,
) {
    out.clear();
    let v = View {
        original,
        normalized,
        tokens,
    };
    let mut first = 0usize;
    let mut i = 0usize;
    while i < tokens.len() {
        let mut end_here = false;
        if v.is_terminal(i) && !v.is_not_a_full_stop(i, first) {
            end_here = true;
            // Closing quotes and brackets, and more final marks, glued to it stay with it.
            while v.glued(i) && (is_closer(v.norm(i + 1)) || v.is_terminal(i + 1)) {
                i += 1;
            }
        }
        if !end_here && v.break_after(i) {
            end_here = true;
        }
        if end_here || i + 1 == tokens.len() {
            // Stray final marks and quotes (`... ساكنًا. . لقد`, `؟ ..`) belong to the sentence
            // before them rather than making one of their own.
            let stray = (first..=i).all(|k| v.is_terminal(k) || is_closer(v.norm(k)));
            match out.last_mut() {
                Some(prev) if stray => {
                    prev.span.end = tokens[i].span.end;
                    prev.end_token = (i + 1) as u32;
                }
                _ => out.push(Sentence {
                    span: Span::new(tokens[first].span.start, tokens[i].span.end),
                    first_token: first as u32,
                    end_token: (i + 1) as u32,
                }),
            }
            first = i + 1;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{Level, Normalizer};
    use crate::token::Tokenizer;

    fn sentences(text: &str) -> Vec<String> {
        let n = Normalizer::new(Level::Search).normalize(text);
        let toks = Tokenizer.tokenize(&n);
        let mut out = Vec::new();
        split_sentences(text, n.as_str(), &toks, &mut out);
        out.iter()
            .map(|s| text[s.span.range()].to_string())
            .collect()
    }

    #[test]
    fn splits_on_terminals_and_paragraphs() {
        assert_eq!(
            sentences(
                "قال الوزير. وأضاف أن الوضع جيد! هل هذا صحيح؟ نعم…\nعنوان بلا نقطة\n\nفقرة ثانية"
            ),
            vec![
                "قال الوزير.",
                "وأضاف أن الوضع جيد!",
                "هل هذا صحيح؟",
                "نعم…",
                "عنوان بلا نقطة",
                "فقرة ثانية"
            ]
        );
    }

    #[test]
    fn not_inside_numbers_urls_or_abbreviations() {
        assert_eq!(
            sentences(
                "بلغ النمو 3.5 بالمئة. زار د. أحمد موقع elaph.com أمس. وقال أ. م. علي إن U.S. Army تدخل."
            ),
            vec![
                "بلغ النمو 3.5 بالمئة.",
                "زار د. أحمد موقع elaph.com أمس.",
                "وقال أ. م. علي إن U.S. Army تدخل."
            ]
        );
    }

    #[test]
    fn closing_quote_after_full_stop_belongs_to_the_sentence() {
        assert_eq!(
            sentences("وقال \"إن الإدارة تقف إلى جانب العراق.\" ثم غادر. وأضاف «نحن هنا.» وانتهى"),
            vec![
                "وقال \"إن الإدارة تقف إلى جانب العراق.\"",
                "ثم غادر.",
                "وأضاف «نحن هنا.»",
                "وانتهى"
            ]
        );
    }

    #[test]
    fn missing_space_after_full_stop_still_splits() {
        assert_eq!(
            sentences("تابعته ايلاف الجمعة.وقال الوزير"),
            vec!["تابعته ايلاف الجمعة.", "وقال الوزير"]
        );
    }

    #[test]
    fn final_mark_after_closing_quote() {
        assert_eq!(
            sentences("وتساءل: «إلى متى؟». ثم غادر. وقال \"لا!\". انتهى"),
            vec!["وتساءل: «إلى متى؟».", "ثم غادر.", "وقال \"لا!\".", "انتهى"]
        );
    }

    #[test]
    fn acronyms_spelled_in_arabic() {
        assert_eq!(
            sentences(
                "وقالت شبكة سي. إن. إن الأميركية إن الهجوم وقع. وأكدت (بي. بي. سي) ذلك. واغتيل جون إف. كينيدي عام 1963."
            ),
            vec![
                "وقالت شبكة سي. إن. إن الأميركية إن الهجوم وقع.",
                "وأكدت (بي. بي. سي) ذلك.",
                "واغتيل جون إف. كينيدي عام 1963."
            ]
        );
        // إن and في are also words: they end a sentence when no letter name is next to them.
        assert_eq!(
            sentences("قال إنه سيعود إن. ثم غادر"),
            vec!["قال إنه سيعود إن.", "ثم غادر"]
        );
    }

    #[test]
    fn numbered_lists_and_era_marks() {
        assert_eq!(
            sentences(
                "1. البند الأول ينص على الحوار.\n2. البند الثاني.\nولد عام 1950 م. وتوفي عام 1441 هـ. وانتهى"
            ),
            vec![
                "1. البند الأول ينص على الحوار.",
                "2. البند الثاني.",
                "ولد عام 1950 م.",
                "وتوفي عام 1441 هـ.",
                "وانتهى"
            ]
        );
    }

    #[test]
    fn latin_letters() {
        assert_eq!(
            sentences(
                "تأهلت المجموعة B. وفي المباراة الثانية فاز الفريق. وقال J. Smith إن U.S. Army انسحب."
            ),
            vec![
                "تأهلت المجموعة B.",
                "وفي المباراة الثانية فاز الفريق.",
                "وقال J. Smith إن U.S. Army انسحب."
            ]
        );
    }

    #[test]
    fn stray_marks_join_the_sentence_before() {
        assert_eq!(
            sentences("دون أن تحرك ساكنًا. . لقد هاجر. قالت \"انت بتبكي ؟ .. بتبكي\".\n. وكان"),
            vec![
                "دون أن تحرك ساكنًا. .",
                "لقد هاجر.",
                "قالت \"انت بتبكي ؟ ..",
                "بتبكي\".\n.",
                "وكان"
            ]
        );
        assert_eq!(
            sentences("موقع \"العربية.نت\" حاول. ثم"),
            vec!["موقع \"العربية.نت\" حاول.", "ثم"]
        );
        // A separator line stays apart.
        assert_eq!(
            sentences("فقرة.\n-----\nأخرى"),
            vec!["فقرة.", "-----", "أخرى"]
        );
    }

    #[test]
    fn arabic_decimal_separator_is_not_a_full_stop() {
        assert_eq!(sentences("كلمة٫ كلمة أخرى"), vec!["كلمة٫ كلمة أخرى"]);
    }

    #[test]
    fn empty_and_punctuation_only() {
        assert!(sentences("").is_empty());
        assert!(sentences("   \n\n ").is_empty());
        assert_eq!(sentences("..."), vec!["..."]);
    }
}
