//! Sentence splitting over tokens.
//!
//! A sentence ends:
//! - after a token of sentence-final punctuation (`.` `!` `?` `؟` `…` `۔` and their runs), taking
//!   along closing quotes and brackets that follow it with no space (`."` `.»` `.)`);
//! - at a paragraph break: any line break between two tokens (news text puts one paragraph on a
//!   line, and a headline has no full stop).
//!
//! A full stop does not end a sentence after an abbreviation: a single Arabic or Latin letter
//! (`د.` `أ.` `م.` `U.S.`) or a common Latin abbreviation (`Mr.` `Dr.` `etc.`), or when it sits
//! between two Latin words with no space (`Node.js`). Full stops inside numbers (`3.5`) and URLs
//! never reach this stage: they are inside those tokens.

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

fn is_terminal_token(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '؟' | '…' | '۔' | '‼' | '⁇' | '⁈' | '⁉' | '！' | '？' | '．'
        )
    })
}

fn is_closer(text: &str) -> bool {
    matches!(
        text,
        "\"" | "'" | "”" | "’" | "»" | "›" | ")" | "]" | "}" | "﴿"
    )
}

fn has_line_break(gap: &str) -> bool {
    gap.chars()
        .any(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'))
}

/// Splits `tokens` (found in `normalized`) into sentences.
pub fn split_sentences(normalized: &str, tokens: &[Token], out: &mut Vec<Sentence>) {
    out.clear();
    if tokens.is_empty() {
        return;
    }
    let norm = |t: &Token| t.norm_str(normalized);
    let gap = |a: &Token, b: &Token| {
        normalized
            .get(a.norm.end as usize..b.norm.start as usize)
            .unwrap_or("")
    };
    let mut first = 0usize;
    let mut i = 0usize;
    while i < tokens.len() {
        let t = &tokens[i];
        let mut end_here = false;
        if t.kind == TokenKind::Punct
            && is_terminal_token(norm(t))
            && !is_abbreviation(normalized, tokens, i)
        {
            end_here = true;
            // Closing quotes and brackets glued to the full stop stay with this sentence.
            while i + 1 < tokens.len()
                && gap(&tokens[i], &tokens[i + 1]).is_empty()
                && is_closer(norm(&tokens[i + 1]))
            {
                i += 1;
            }
        }
        if !end_here && i + 1 < tokens.len() && has_line_break(gap(t, &tokens[i + 1])) {
            end_here = true;
        }
        if end_here || i + 1 == tokens.len() {
            out.push(Sentence {
                span: Span::new(tokens[first].span.start, tokens[i].span.end),
                first_token: first as u32,
                end_token: (i + 1) as u32,
            });
            first = i + 1;
        }
        i += 1;
    }
}

/// True when the full stop at `tokens[i]` closes an abbreviation instead of a sentence.
fn is_abbreviation(normalized: &str, tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    if t.norm.len() != 1 || i == 0 {
        return false;
    }
    let dot = t.norm_str(normalized);
    if dot != "." {
        return false;
    }
    let prev = &tokens[i - 1];
    if prev.norm.end != t.norm.start {
        return false;
    }
    let p = prev.norm_str(normalized);
    // The letter must stand alone: "د." but not the end of a word glued to the dot.
    let alone =
        i < 2 || tokens[i - 2].norm.end < prev.norm.start || tokens[i - 2].kind == TokenKind::Punct;
    match prev.kind {
        TokenKind::Word => alone && p.chars().count() == 1,
        TokenKind::Latin => {
            let next_glued_latin = tokens
                .get(i + 1)
                .is_some_and(|n| n.norm.start == t.norm.end && n.kind == TokenKind::Latin);
            next_glued_latin
                || (alone
                    && (p.chars().count() == 1
                        || LATIN_ABBREVIATIONS
                            .iter()
                            .any(|a| a.eq_ignore_ascii_case(p))))
        }
        _ => false,
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
        split_sentences(n.as_str(), &toks, &mut out);
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
    fn empty_and_punctuation_only() {
        assert!(sentences("").is_empty());
        assert!(sentences("   \n\n ").is_empty());
        assert_eq!(sentences("..."), vec!["..."]);
    }
}
