//! Quotes and who said them.
//!
//! A quote is text inside `"..."`, `«...»` or `“...”`. A quotation mark left unclosed runs to
//! the end of its paragraph (a line), or, when another quotation opens first, to the last
//! sentence end before it. Straight quotes are told apart by their position: one after a space
//! (or at the start of a line) and before a letter opens, any other closes.
//!
//! The speaker is the subject of a speech verb (قال, أكد, أضاف, شدد, أوضح, أشار, صرح, لفت and
//! their feminine, dual and participle forms) near the quote: the named entity between the verb
//! and the quote (وشدد بلينكن على "..."), else the words there (قال الوزير: "..."), else, when
//! the verb has no expressed subject (وأضاف أن "..."), the last person or organisation named
//! before the verb in the same or previous paragraph. A verb right after the quote also counts
//! ("..." قال الوزير). Short quoted phrases without a speech verb (a name in quotation marks) are
//! not quotes.

use khabar_text::{Span, Token, TokenKind};

use crate::{Entity, EntityType};

/// Who said a quote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speaker {
    /// Byte span of the speaker's mention in the original text.
    pub span: Span,
    /// The entity cluster, when the speaker is a named entity.
    pub cluster: Option<u32>,
}

/// A quote found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// Byte span of the quoted text in the original (inside the quotation marks).
    pub span: Span,
    /// True when the closing quotation mark is missing.
    pub unclosed: bool,
    /// The speaker, when one was found.
    pub speaker: Option<Speaker>,
}

/// True for the normal form of a speech verb (clitics already removed).
fn speech_verb(s: &str) -> bool {
    matches!(
        s,
        "قال"
            | "قالت"
            | "قالا"
            | "يقول"
            | "تقول"
            | "اكد"
            | "اكدت"
            | "اكدا"
            | "يؤكد"
            | "تؤكد"
            | "مؤكدا"
            | "اضاف"
            | "اضافت"
            | "يضيف"
            | "مضيفا"
            | "شدد"
            | "شددت"
            | "شددا"
            | "يشدد"
            | "مشددا"
            | "اوضح"
            | "اوضحت"
            | "موضحا"
            | "اشار"
            | "اشارت"
            | "مشيرا"
            | "صرح"
            | "صرحت"
            | "لفت"
            | "لفتت"
            | "لافتا"
            | "اعلن"
            | "اعلنت"
            | "ذكر"
            | "ذكرت"
            | "تابع"
            | "تابعت"
            | "اعتبر"
            | "اعتبرت"
    )
}

fn is_verb(norm: &str, t: &Token) -> bool {
    if t.kind != TokenKind::Word {
        return false;
    }
    let s = t.norm_str(norm);
    speech_verb(s)
        || ['و', 'ف']
            .iter()
            .any(|c| s.strip_prefix(*c).is_some_and(speech_verb))
}

/// Words that end a subject between a verb and a quote.
fn ends_subject(s: &str) -> bool {
    matches!(
        s,
        "ان" | "انه"
            | "انها"
            | "على"
            | "علي"
            | "في"
            | "الى"
            | "الي"
            | "بان"
            | "قائلا"
            | "ل"
            | "خلال"
    ) || s.starts_with("لل")
}

/// The quotation marks of a text: (byte offset, mark).
fn marks(text: &str) -> Vec<(usize, char)> {
    text.char_indices()
        .filter(|(_, c)| matches!(c, '"' | '«' | '»' | '“' | '”'))
        .collect()
}

/// Finds the quotes in a text.
///
/// `original` is the article text; `normalized` the search-level normal text the `tokens`
/// were cut from; `entities` the named entities in text order.
///
/// ```
/// use khabar_text::TextPipeline;
///
/// let text = "وقال الوزير: «نحن ملتزمون بالحوار».";
/// let a = TextPipeline::default().analyze(text).unwrap();
/// let q = khabar_extract::quotes::find(text, a.normalized.as_str(), &a.tokens, &[]);
/// assert_eq!(&text[q[0].span.range()], "نحن ملتزمون بالحوار");
/// let s = q[0].speaker.as_ref().unwrap();
/// assert_eq!(&text[s.span.range()], "الوزير");
/// ```
pub fn find(original: &str, normalized: &str, tokens: &[Token], entities: &[Entity]) -> Vec<Quote> {
    let marks = marks(original);
    let mut out = Vec::new();
    let bytes = original.as_bytes();
    let line_end = |from: usize| -> usize {
        original[from..]
            .find('\n')
            .map_or(original.len(), |p| from + p)
    };
    let is_opener = |pos: usize, c: char| -> bool {
        match c {
            '«' | '“' => true,
            '"' => {
                let before = original[..pos].chars().next_back();
                let after = original[pos + 1..].chars().next();
                before.is_none_or(|b| b.is_whitespace() || matches!(b, '(' | ':' | '،' | ','))
                    && after.is_some_and(|a| a.is_alphanumeric())
            }
            _ => false,
        }
    };
    let mut previous: Option<(Speaker, usize)> = None;
    let mut k = 0;
    while k < marks.len() {
        let (pos, c) = marks[k];
        k += 1;
        if !is_opener(pos, c) {
            continue;
        }
        let start = pos + c.len_utf8();
        let end_of_line = line_end(start);
        let closer = match c {
            '«' => '»',
            '“' => '”',
            _ => '"',
        };
        // The closing mark, or where an unclosed quote stops.
        let mut close = None;
        let mut next_open = None;
        let mut j = k;
        while j < marks.len() && marks[j].0 < end_of_line {
            let (p, m) = marks[j];
            if m == closer && !(m == '"' && is_opener(p, m)) {
                close = Some((p, j));
                break;
            }
            if m == c && is_opener(p, m) {
                next_open = Some(p);
                break;
            }
            j += 1;
        }
        let (end, unclosed) = match close {
            Some((p, j)) => {
                k = j + 1;
                (p, false)
            }
            None => {
                let limit = next_open.unwrap_or(end_of_line);
                let seg = &original[start..limit];
                let end = match next_open {
                    Some(_) => seg
                        .rfind(['.', '!', '?', '؟'])
                        .map_or(limit, |p| start + p + 1),
                    None => limit,
                };
                (end, true)
            }
        };
        // Trim spaces and a final full stop left inside an unclosed quote.
        let mut s = start;
        let mut e = end;
        while s < e && bytes[s].is_ascii_whitespace() {
            s += 1;
        }
        while e > s && (bytes[e - 1].is_ascii_whitespace() || (unclosed && bytes[e - 1] == b'.')) {
            e -= 1;
        }
        if s >= e {
            continue;
        }
        let span = Span::new(s as u32, e as u32);
        let first_tok = tokens.partition_point(|t| (t.span.start as usize) < s);
        let end_tok = tokens.partition_point(|t| (t.span.start as usize) < e);
        let words = tokens[first_tok..end_tok]
            .iter()
            .filter(|t| t.kind.is_wordlike() || t.kind == TokenKind::Number)
            .count();
        let prev = previous.as_ref().map(|(s, e)| (s, *e));
        let speaker = speaker(
            original, normalized, tokens, entities, first_tok, end_tok, prev,
        );
        // A short quoted phrase is a quote only right after a verb, a colon or أن.
        let introduced = first_tok >= 2 && {
            let t = &tokens[first_tok - 2];
            let w = t.norm_str(normalized);
            is_verb(normalized, t) || matches!(w, ":" | "ان" | "بان" | "انه" | "انها")
        };
        if words < 3 && !introduced {
            continue;
        }
        if speaker.is_none() && words < 3 {
            continue;
        }
        let speaker = speaker.flatten();
        if let Some(sp) = &speaker {
            previous = Some((sp.clone(), e));
        }
        out.push(Quote {
            span,
            unclosed,
            speaker,
        });
    }
    out
}

/// The speaker of a quote covering tokens `first..end` (the quotation marks are outside):
/// `None` when no speech verb is near, `Some(None)` when there is one but no speaker.
fn speaker(
    original: &str,
    norm: &str,
    tokens: &[Token],
    entities: &[Entity],
    first: usize,
    end: usize,
    previous: Option<(&Speaker, usize)>,
) -> Option<Option<Speaker>> {
    const WINDOW: usize = 12;
    // A verb before the quote, in the same line.
    let line_start = original[..tokens
        .get(first)
        .map_or(original.len(), |t| t.span.start as usize)]
        .rfind('\n')
        .map_or(0, |p| p + 1);
    let lo = first.saturating_sub(WINDOW);
    let verb = (lo..first)
        .rev()
        .take_while(|&i| tokens[i].span.start as usize >= line_start)
        .find(|&i| is_verb(norm, &tokens[i]));
    if let Some(v) = verb {
        return Some(subject(
            original, norm, tokens, entities, v, first, previous,
        ));
    }
    // A verb right after the quote: "..." قال الوزير.
    let after = (end..tokens.len().min(end + 3)).find(|&i| is_verb(norm, &tokens[i]))?;
    let stop = tokens.len().min(after + 6);
    Some(subject_after(norm, tokens, entities, after, stop))
}

/// The subject of the verb at token `v`, looking between it and the quote at `quote`.
fn subject(
    original: &str,
    norm: &str,
    tokens: &[Token],
    entities: &[Entity],
    v: usize,
    quote: usize,
    previous: Option<(&Speaker, usize)>,
) -> Option<Speaker> {
    let (v32, q32) = (v as u32, quote as u32);
    if let Some(e) = entities
        .iter()
        .find(|e| e.tokens.start > v32 && e.tokens.start < q32)
    {
        return Some(Speaker {
            span: e.span,
            cluster: Some(e.cluster),
        });
    }
    if let Some(sp) = subject_after(norm, tokens, &[], v, quote) {
        return Some(sp);
    }
    // No expressed subject (وأضاف أن "..."): the speaker of the previous quote when it is in
    // this paragraph or the one before; else the first person or organisation named in the
    // verb's sentence (وقدم بلينكن تعازيه ... وقال "..."); else the last one named before the
    // verb in this paragraph or the one before.
    let verb_start = tokens[v].span.start as usize;
    let line = original[..verb_start].rfind('\n').map_or(0, |p| p + 1);
    // `line - 1` is the newline itself (ASCII), a character boundary.
    let para = original[..line.saturating_sub(1)]
        .trim_end_matches(['\n', '\r'])
        .rfind('\n')
        .map_or(0, |p| p + 1);
    if let Some((sp, end)) = previous
        && end >= para
    {
        return Some(sp.clone());
    }
    let sentence = original[line..verb_start]
        .rfind(['.', '!', '?', '؟'])
        .map_or(line, |p| line + p + 1) as u32;
    let speaks = |e: &&Entity| matches!(e.ty, EntityType::Per | EntityType::Org);
    let as_speaker = |e: &Entity| Speaker {
        span: e.span,
        cluster: Some(e.cluster),
    };
    let before = entities.partition_point(|e| e.tokens.start < v32);
    let from = entities[..before].partition_point(|e| e.span.start < sentence);
    if let Some(e) = entities[from..before].iter().find(speaks) {
        return Some(as_speaker(e));
    }
    entities[..before]
        .iter()
        .rev()
        .take_while(|e| e.span.start as usize >= para)
        .find(speaks)
        .map(as_speaker)
}

/// The words after the verb at `v` up to `stop` that make its subject: an entity starting
/// there, or the words before a word that ends a subject.
fn subject_after(
    norm: &str,
    tokens: &[Token],
    entities: &[Entity],
    v: usize,
    stop: usize,
) -> Option<Speaker> {
    if let Some(e) = entities.iter().find(|e| e.tokens.start as usize == v + 1) {
        return Some(Speaker {
            span: e.span,
            cluster: Some(e.cluster),
        });
    }
    let mut last = None;
    for (i, t) in tokens.iter().enumerate().take(stop.min(v + 5)).skip(v + 1) {
        if t.kind != TokenKind::Word || ends_subject(t.norm_str(norm)) {
            break;
        }
        last = Some(i);
    }
    let l = last?;
    Some(Speaker {
        span: Span::new(tokens[v + 1].span.start, tokens[l].span.end),
        cluster: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use khabar_text::TextPipeline;

    fn run(text: &str) -> Vec<(String, Option<String>, bool)> {
        let a = TextPipeline::default().analyze(text).unwrap();
        find(text, a.normalized.as_str(), &a.tokens, &[])
            .into_iter()
            .map(|q| {
                (
                    text[q.span.range()].to_string(),
                    q.speaker.map(|s| text[s.span.range()].to_string()),
                    q.unclosed,
                )
            })
            .collect()
    }

    #[test]
    fn marks_of_every_kind() {
        let r = run("قال المتحدث: \"سنعود قريبا\" ثم غادر.");
        assert_eq!(r[0], ("سنعود قريبا".into(), Some("المتحدث".into()), false));
        let r = run("وأكدت الوزارة أن «الوضع مستقر تماما».");
        assert_eq!(r[0].0, "الوضع مستقر تماما");
        assert_eq!(r[0].1.as_deref(), Some("الوزارة"));
        let r = run("“لن نتراجع عن قرارنا” قال الرئيس");
        assert_eq!(
            r[0],
            ("لن نتراجع عن قرارنا".into(), Some("الرئيس".into()), false)
        );
    }

    #[test]
    fn unclosed_quote_runs_to_the_end_of_its_paragraph() {
        let r = run("وشدد الوزير على \"دعم الحكومة للانتخابات في موعدها.\nفقرة أخرى هنا.");
        assert_eq!(
            r[0],
            (
                "دعم الحكومة للانتخابات في موعدها".into(),
                Some("الوزير".into()),
                true
            )
        );
    }

    #[test]
    fn unclosed_quote_stops_before_the_next_one() {
        let r = run("وأكد المجلس أنه \"لا يسعى الى التصعيد. وأضاف أن \"الحوار هو الحل\".");
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!(r[0].0, "لا يسعى الى التصعيد");
        assert!(r[0].2);
        assert_eq!(r[1].0, "الحوار هو الحل");
    }

    #[test]
    fn a_quoted_name_is_not_a_quote() {
        assert!(run("كما قال بيان تابعته \"ايلاف\" الجمعة").is_empty());
        assert_eq!(run("وقال: \"نعم\"")[0].0, "نعم");
        assert!(run("نشرت صحيفة \"الحياة\" تقريرا").is_empty());
    }

    #[test]
    fn a_verb_without_subject_takes_the_previous_speaker() {
        let r = run("وقال الرئيس «سنفوز في الانتخابات المقبلة». وأضاف أن «الاقتصاد سيتعافى قريبا».");
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!(r[1].1.as_deref(), Some("الرئيس"));
    }

    #[test]
    fn never_panics() {
        for t in [
            "\"",
            "«",
            "»\"«",
            "\" \"",
            "قال \"",
            "\n\"\n",
            "“”",
            "وقال «",
            "ب\nوقال «نعم هذا صحيح",
            "ب\n\nوأضاف «نعم هذا صحيح",
            "بلينكن\r\nوأضاف: \"نعم",
        ] {
            let _ = run(t);
        }
    }
}
