//! Quotes and who said them.
//!
//! A quote is text inside `"..."`, `«...»` or `“...”`. A quotation mark left unclosed runs to
//! the end of its paragraph (a line), or, when another quotation opens first, to the last
//! sentence end before it. Straight quotes are told apart by their position: one after a space
//! (or at the start of a line) and before a letter opens, any other closes.
//!
//! The speaker is the subject of a speech verb (قال, أكد, أضاف, شدد, أوضح, أشار, صرح, لفت and
//! their feminine, dual, plural and participle forms, and a few more: أعلن, ذكر, تابع, اعتبر,
//! تساءل, قائلا, كتبت, غرد, أفاد, أردف, حذر, أعرب, أورد, كشفت, بيّنت, معربا, مبينا, منوها, and كتب,
//! رأى and كشف after و or ف; بيّن only before a named speaker and أن) up to 24 tokens before the
//! quote in its line, found in this order:
//!
//! 1. a person named between the verb and أن or a punctuation mark, unless a preposition
//!    governs it: the name after a title (وشدد الأمين العام للأمم المتحدة أنطونيو غوتيريش على
//!    "...");
//! 2. a named entity in the words that make the subject (up to a preposition or أن): itself
//!    right after the verb (وقالت الوزارة), else the phrase it ends (المتحدثة باسم البيت الأبيض);
//! 3. the words there (قال الوزير: "..."), or the name between commas after them (وقال وزير
//!    الخارجية الروسي، سيرغي لافروف، إن; not after an office or a relative: مكتب رئيس الحكومة);
//! 4. a subject before the verb, from the start of the clause (المعارضون قالوا, لكن أحد التجار
//!    قال, a name right before the verb);
//! 5. when the verb has no expressed subject (وأضاف أن "...", a participle مشيرا إلى أن "..."):
//!    a person or organisation right after an earlier speech verb in the sentence (أعلنت كتائب
//!    القسام ... وأكدت أنها "..."), else the speaker of the previous quote in the same or previous
//!    paragraph (a named subject of the sentence's first verb outranks one from the paragraph
//!    before), else the first person
//!    or organisation named in the verb's sentence, else the subject of the sentence's first verb
//!    (وانتقد النائب أداء الحكومة، مشيرا إلى أن "..."), else the last person or organisation
//!    named before the verb in the same or previous paragraph.
//!
//! A verb right after the quote also counts ("..." قال الوزير, "..."، بحسب ما قاله الوزير), and a
//! headline's name and colon (بلينكن: "..."). After نقل عن, أورد عن or على لسان (with قوله or
//! without it), the one the reporter quotes is the speaker (ونقلت الوكالة عن مصدر مطلع قوله إن
//! "...": the source, not the agency); بقوله and بالقول give the clause's subject (هدد ترمب
//! بقوله); وجاء في بيان ... gives the document's author, or the document (وجاء في البيان); and a
//! quote followed by حسب تعبيره or على حد قوله, with no verb, gives the previous speaker or the
//! person named in its sentence.
//!
//! Quotation marks around a name or a term are not quotes: a quoted phrase of one or two words
//! is a quote only right after a speech verb, a colon or أن; a quoted phrase of any length right
//! after a noun that a name completes (بعنوان, اسم, صحيفة, لموقع, حركة, تلفزيون ...) is a name,
//! and so is one of up to three words right after a speech verb and before a complementiser or
//! a preposition (وقالت "فيتش" في بيان إن: the verb's subject, and the next quotes' speaker). So
//! reported speech that merely mentions a quoted name (وقال مصدر في حركة "النهضة" إن ...) has no
//! quote, and a quoted partial phrase inside reported speech (إلى أن المشروع "خطوة تاريخية") is
//! missed rather than risking the quoted names that news text is full of.

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

impl Speaker {
    /// The speaker named by entity `e`: its mention, linked to its cluster.
    fn of(e: &Entity) -> Speaker {
        Speaker {
            span: e.span,
            cluster: Some(e.cluster),
        }
    }
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

/// True for the normal form of a speech verb (clitics already removed): the perfect in the
/// masculine, feminine, dual and plural, the imperfect, and the circumstantial participle
/// (مضيفا, مشيرة) whose subject is that of the clause's main verb.
fn speech_verb(s: &str) -> bool {
    matches!(
        s,
        "قال"
            | "قالت"
            | "قالا"
            | "قالوا"
            | "يقول"
            | "تقول"
            | "يقولون"
            | "قائلا"
            | "قائله"
            | "اكد"
            | "اكدت"
            | "اكدا"
            | "اكدوا"
            | "يؤكد"
            | "تؤكد"
            | "مؤكدا"
            | "مؤكده"
            | "اضاف"
            | "اضافت"
            | "اضافوا"
            | "يضيف"
            | "مضيفا"
            | "مضيفه"
            | "شدد"
            | "شددت"
            | "شددا"
            | "شددوا"
            | "يشدد"
            | "مشددا"
            | "مشدده"
            | "اوضح"
            | "اوضحت"
            | "اوضحوا"
            | "موضحا"
            | "موضحه"
            | "اشار"
            | "اشارت"
            | "اشاروا"
            | "مشيرا"
            | "مشيره"
            | "صرح"
            | "صرحت"
            | "صرحوا"
            | "لفت"
            | "لفتت"
            | "لفتوا"
            | "لافتا"
            | "لافته"
            | "اعلن"
            | "اعلنت"
            | "ذكر"
            | "ذكرت"
            | "تابع"
            | "تابعت"
            | "اعتبر"
            | "اعتبرت"
            | "تساءل"
            | "تساءلت"
            | "كتبت"
            | "غرد"
            | "غردت"
            | "افاد"
            | "افادت"
            | "اردف"
            | "اردفت"
            | "حذر"
            | "حذرت"
            | "قاله"
            | "قالته"
            | "رات"
            | "راوا"
            // Expressed, reported, revealed, stated (Maghreb news: بين غديرة أن), continued.
            | "اعرب"
            | "اعربت"
            | "معربا"
            | "معربه"
            | "اورد"
            | "اوردت"
            | "كشفت"
            | "بينت"
            | "بينوا"
            | "مبينا"
            | "مبينه"
            | "متابعا"
            | "منوها"
            | "منوهه"
    )
}

/// True for the normal form of a speech verb in the feminine (قالت, وأضافت, مضيفة, تقول).
fn feminine_verb(s: &str) -> bool {
    let s = ['و', 'ف']
        .iter()
        .find_map(|c| s.strip_prefix(*c).filter(|r| speech_verb(r)))
        .unwrap_or(s);
    (s.ends_with('ت') && s != "لفت")
        || (s.ends_with('ه') && s != "قاله")
        || matches!(s, "تقول" | "تؤكد")
}

/// Verbs whose bare form is as often a noun or another verb, so they count only after و or ف:
/// رأى (normalised راي, also the noun رأي: استطلاع رأي), كتب (also the plural كتب, books: كتب
/// التراث), زاد ("added" before a quote, "rose" elsewhere: زاد عدد القتلى) and كشف (also the
/// noun, a list or a test: كشف الحساب).
fn after_conjunction(s: &str) -> bool {
    matches!(
        s,
        "وراي"
            | "فراي"
            | "وكتب"
            | "فكتب"
            | "وزاد"
            | "وزادت"
            | "فزاد"
            | "وكشف"
            | "فكشف"
    )
}

/// True for زاد with its conjunction, a speech verb only before a colon (see [`find`]).
fn increase(s: &str) -> bool {
    matches!(s, "وزاد" | "وزادت" | "فزاد")
}

fn is_verb(norm: &str, t: &Token) -> bool {
    if t.kind != TokenKind::Word {
        return false;
    }
    let s = t.norm_str(norm);
    speech_verb(s)
        || after_conjunction(s)
        || ['و', 'ف']
            .iter()
            .any(|c| s.strip_prefix(*c).is_some_and(speech_verb))
}

/// Words that end a subject between a verb and a quote: complementisers and prepositions.
fn ends_subject(s: &str) -> bool {
    matches!(
        s,
        "ان" | "انه"
            | "انها"
            | "انهم"
            | "على"
            | "علي"
            | "في"
            | "الى"
            | "الي"
            | "بان"
            | "بانه"
            | "قائلا"
            | "بالقول"
            | "نقلا"
            | "ل"
            | "خلال"
            | "عن"
            | "من"
            | "مع"
            | "امام"
            | "حول"
            | "عبر"
            | "عقب"
            | "بعد"
            | "قبل"
            | "لدي"
            | "عنه"
            | "عنها"
            | "له"
            | "لها"
            | "لهم"
            | "لنا"
            | "منه"
            | "منها"
            | "فيه"
            | "فيها"
            | "عليه"
            | "عليها"
            | "اليه"
            | "اليها"
    ) || s.starts_with("لل")
}

/// Words before which a quoted phrase is a name or a title, not speech (رواية بعنوان "...",
/// أطلق على العملية اسم «...», صرح لموقع "..."): an indefinite noun (a proclitic و ب ل
/// allowed) that a name completes.
fn names_next(s: &str) -> bool {
    // وسم, برنامج, بلقب: a first و, ب or ل may be the word's own letter; للفيلم "...". (Not
    // with the article alone: وقال لدى تسلمه الجائزة "..." is speech.)
    let bare = |s: &str| {
        noun_of_a_name(s)
            || s.strip_prefix(['ب', 'ل']).is_some_and(noun_of_a_name)
            || s.strip_prefix("لل").is_some_and(noun_of_a_name)
    };
    bare(s) || s.strip_prefix('و').is_some_and(bare)
}

/// A verb that names what follows (تسمى "...", المعروفة "..." is left to اسم).
fn calls(s: &str) -> bool {
    let s = s.strip_prefix(['و', 'ف']).unwrap_or(s);
    matches!(
        s,
        "يسمي"
            | "تسمي"
            | "سمي"
            | "سميت"
            | "يدعي"
            | "تدعي"
            | "المسماه"
            | "المسمي"
            | "المدعو"
    )
}

/// A verb of naming before عليه/عليها (أطلق عليها "...").
fn gives_a_name(s: &str) -> bool {
    let s = s.strip_prefix(['و', 'ف']).unwrap_or(s);
    matches!(
        s,
        "اطلق" | "اطلقت" | "اطلقوا" | "يطلق" | "تطلق" | "يطلقون" | "اطلقنا" | "نطلق"
    )
}

fn noun_of_a_name(s: &str) -> bool {
    matches!(
        s,
        "عنوان"
            | "عنوانه"
            | "اسم"
            | "شعار"
            | "وسم"
            | "هاشتاغ"
            | "لقب"
            | "مسمي"
            | "صحيفه"
            | "مجله"
            | "موقع"
            | "وكاله"
            | "قناه"
            | "برنامج"
            | "مسلسل"
            | "فيلم"
            | "كتاب"
            | "روايه"
            | "اغنيه"
            | "حركه"
            | "حزب"
            | "تنظيم"
            | "جمعيه"
            | "عمليه"
            | "مبادره"
            | "عرض"
            | "عروض"
            | "مسرحيه"
            | "البوم"
            | "قصيده"
            | "نشيد"
            | "فرقه"
            | "مهرجان"
            | "جائزه"
            | "حمله"
            | "مركز"
            | "معهد"
            | "مؤسسه"
            | "منظمه"
            | "شركه"
            | "مجموعه"
            | "ائتلاف"
            | "تحالف"
            | "قائمه"
            | "مشروع"
            | "خطه"
            | "قانون"
            | "وثيقه"
            | "مصطلح"
            | "تسميه"
            | "هاشتاق"
            | "ماركه"
    )
}

/// A broadcaster's noun a name completes (تلفزيون "بي إف إم", لشبكة "سي إن إن"); not with the
/// article (صرح مسؤول للشبكة "..." is speech to the network).
fn broadcaster(s: &str) -> bool {
    let s = s.strip_prefix('و').unwrap_or(s);
    let s = s.strip_prefix('ل').unwrap_or(s);
    matches!(
        s,
        "تلفزيون"
            | "شبكه"
            | "راديو"
            | "اذاعه"
            | "محطه"
            | "مراسل"
            | "مراسله"
            | "موفد"
            | "موفده"
    )
}

/// True when the word after a quoted phrase that follows a speech verb shows the phrase to be
/// the verb's subject, a quoted name (وقالت "فيتش" في بيان إن, وأشارت "بلومبرغ" إلى أن, وذكرت
/// "موديز" أن): a complementiser or a preposition.
fn continues_after_subject(s: &str) -> bool {
    matches!(
        s,
        "ان" | "انه"
            | "انها"
            | "بان"
            | "بانه"
            | "بانها"
            | "الي"
            | "في"
            | "عن"
            | "علي"
            | "ايضا"
            | "بعد"
            | "امس"
            | "اليوم"
    )
}

/// Words that open a clause before its subject (لكن أحد التجار قال), and words that cannot
/// begin a subject (ويوم الأحد قال, وفي المؤتمر قال).
fn opens_clause(s: &str) -> bool {
    matches!(s, "لكن" | "ولكن" | "بينما" | "فيما" | "اما" | "واما" | "ثم")
}

/// A word that begins a time after a subject (الخميس, مساء, الأسبوع الماضي). Not العام: الأمين
/// العام, المدعي العام.
fn a_time(s: &str) -> bool {
    crate::dates::weekday(s).is_some()
        || matches!(
            s,
            "يوم"
                | "امس"
                | "اليوم"
                | "مساء"
                | "صباح"
                | "الاسبوع"
                | "الشهر"
                | "ليل"
                | "فجر"
        )
}

fn not_a_subject(s: &str) -> bool {
    let s = s.strip_prefix(['و', 'ف']).unwrap_or(s);
    ends_subject(s)
        || a_time(s)
        || matches!(
            s,
            // وقال أيضا إن: an adverb; بوتن، الذي أضاف: a relative pronoun, whose antecedent
            // the rules for a verb without a subject find.
            "ايضا"
                | "كذلك"
                | "الذي"
                | "التي"
                | "الذين"
                | "اللذين"
                | "اللتين"
                | "اللواتي"
                | "اللاتي"
                | "قد"
                | "كما"
                | "بدوره"
                | "بدورها"
                | "حين"
                | "حينما"
                | "عندما"
                | "بعدما"
                | "لما"
                | "اذا"
                | "كلما"
                // وأضاف مازحا: how it was said.
                | "مازحا"
                | "ممازحا"
                | "ضاحكا"
                | "مبتسما"
                | "ساخرا"
                | "متهكما"
                | "مستطردا"
                | "مستدركا"
                | "متسائلا"
                | "مختتما"
                | "مازحه"
                | "ضاحكه"
                | "مبتسمه"
                | "ساخره"
        )
}

/// True for a word governed by a preposition that cannot begin a speaker's name: ب or ل on the
/// article (بالقول, للصحفيين), بقوله, or ل on a word for a medium (لصحيفة, لوكالة), which
/// names whom the speaker told. (Names the segmenter may read as ل + a word, لبكي, لودريان,
/// are not caught.)
fn prepositional(s: &str) -> bool {
    let s = s.strip_prefix(['و', 'ف']).unwrap_or(s);
    s.starts_with("بال")
        || s.starts_with("لل")
        || matches!(s, "بقوله" | "بقولها")
        || s.strip_prefix('ل').is_some_and(|r| {
            matches!(
                r,
                "صحيفه"
                    | "وكاله"
                    | "اذاعه"
                    | "مجله"
                    | "برنامج"
                    | "قناه"
                    | "موقع"
                    | "شبكه"
                    | "تلفزيون"
                    | "صحفيين"
                    | "صحافيين"
                    | "مراسل"
            )
        })
}

/// True for a word with the article (الوزير, والمتحدث, للأمم excluded).
fn definite(s: &str) -> bool {
    s.strip_prefix(['و', 'ف']).unwrap_or(s).starts_with("ال")
}

/// The marks that end a sentence.
const SENTENCE_END: [char; 4] = ['.', '!', '?', '؟'];

/// True for a complementiser that ends a subject clause before the reported words (قال
/// الوزير أن, عن مصدر بأنه).
fn complementiser(s: &str) -> bool {
    matches!(s, "ان" | "انه" | "انها" | "انهم" | "بان" | "بانه")
}

/// True for a sentence end as a token (the normal form of a mark in [`SENTENCE_END`]).
fn ends_a_sentence(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "؟")
}

/// True for a sentence end or a colon: past it, a report's عن belongs to another clause.
fn ends_a_clause(s: &str) -> bool {
    ends_a_sentence(s) || s == ":"
}

/// The offset just past the character at byte `p` of `s` (the Arabic question mark takes two
/// bytes: `p + 1` would cut it).
fn after_char(s: &str, p: usize) -> usize {
    p + s[p..].chars().next().map_or(1, char::len_utf8)
}

/// The quotation marks of a text: (byte offset, mark).
fn marks(text: &str) -> Vec<(usize, char)> {
    // Only the bytes that can begin a mark are looked at: `"`, and the lead bytes of « » (C2)
    // and “ ” (E2); most articles have a few dozen of them in thousands of bytes.
    memchr::memchr3_iter(b'"', 0xC2, 0xE2, text.as_bytes())
        .filter_map(|p| {
            let c = text.get(p..)?.chars().next()?;
            matches!(c, '"' | '«' | '»' | '“' | '”').then_some((p, c))
        })
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
    // Where the closing mark of the last quoted name is.
    let mut last_name: Option<usize> = None;
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
                        .rfind(SENTENCE_END)
                        .map_or(limit, |p| start + after_char(seg, p)),
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
        // A title or a name, whatever its length: رواية بعنوان "...", أطلق عليها "...",
        // تسمى "...", and another name of the title just before ("..." أو "...").
        let before = |k: usize| {
            first_tok
                .checked_sub(k)
                .and_then(|i| tokens.get(i))
                .map(|t| t.norm_str(normalized))
        };
        let named = before(2).is_some_and(|w| names_next(w) || calls(w) || broadcaster(w))
            || (before(2).is_some_and(|w| matches!(w, "عليه" | "عليها" | "عليهم" | "عليهما"))
                && before(3).is_some_and(gives_a_name))
            || (before(2) == Some("او")
                && first_tok >= 3
                && Some(tokens[first_tok - 3].span.start as usize) == last_name)
            // لمراسلة "الجوهرة أف أم", على "بي بي سي": quotation marks around exactly one
            // name, unless a colon opens them.
            || (!unclosed
                && before(2) != Some(":")
                && entities.iter().any(|x| {
                    x.tokens.start as usize == first_tok && x.tokens.end as usize == end_tok
                }));
        // وقالت "فيتش" في بيان إن ...: a short quoted phrase right after a speech verb and
        // before a complementiser or a preposition is the verb's subject, a name.
        let subject = !unclosed
            && words <= 3
            && first_tok >= 2
            && is_verb(normalized, &tokens[first_tok - 2])
            && tokens
                .get(end_tok + 1)
                .is_some_and(|t| continues_after_subject(t.norm_str(normalized)));
        if named || subject {
            last_name = (!unclosed).then_some(end);
            // The clause's speaker speaks on (مؤكدا في حديث مع إذاعة "..." أن ...: the next
            // وأضاف is his); a quoted subject is the speaker itself.
            let sp = if subject {
                entities
                    .iter()
                    .find(|x| x.tokens.start as usize == first_tok)
                    .map(Speaker::of)
            } else {
                // (Only a named one: the words after the verb may be the name's kind, شركة.)
                speaker.flatten().filter(|sp| sp.cluster.is_some())
            };
            if let Some(sp) = sp {
                previous = Some((sp, e));
            }
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
    const WINDOW: usize = 24;
    // A verb before the quote, in the same line.
    let line_start = original[..tokens
        .get(first)
        .map_or(original.len(), |t| t.span.start as usize)]
        .rfind('\n')
        .map_or(0, |p| p + 1);
    let lo = first.saturating_sub(WINDOW);
    // وزاد speaks only when a colon opens the quote (وزاد: "...", وزاد البيان: "..."); else it
    // is "rose" (وزادت أسهم البنك، وارتفعت أسهم "...").
    let colon = first >= 2 && tokens[first - 2].norm_str(norm) == ":";
    // ونقلت الوكالة عن ...: عن within six words of نقل; نقلا عن (citing) only a named source
    // (وقالت المنظمة نقلا عن معلومات ... إن: the organisation speaks).
    let report = |i: usize| -> Option<Option<Speaker>> {
        if !reports(tokens[i].norm_str(norm)) {
            return None;
        }
        let an = (i + 1..first.min(i + 7))
            .take_while(|&j| !ends_a_clause(tokens[j].norm_str(norm)))
            .find(|&j| tokens[j].norm_str(norm) == "عن")?;
        let sp = source(norm, tokens, entities, an, first - 1)
            .or_else(|| unexpressed(original, norm, tokens, entities, i, previous, false));
        if tokens[i].norm_str(norm) == "نقلا" && sp.as_ref().is_none_or(|s| s.cluster.is_none())
        {
            return None;
        }
        Some(sp)
    };
    // قوله and نقل speak for a quote in their own sentence, not one a sentence later
    // (ونقلت الوكالة عن الوكيل قوله إن ... . وطالبت الوزارة المواطنين "...").
    let close = |i: usize| !(i + 1..first).any(|j| ends_a_sentence(tokens[j].norm_str(norm)));
    // بحسب ما أورد مكتبه: the source of a report, the speaker only when no other verb is near
    // (وقال نتنياهو، بحسب ما أورد مكتبه، إن "...": نتنياهو).
    let attribution = |i: usize| {
        i > 1
            && tokens[i - 1].norm_str(norm) == "ما"
            && matches!(
                tokens[i - 2].norm_str(norm),
                "بحسب" | "حسب" | "وفق" | "وفقا" | "طبقا"
            )
    };
    let window = || {
        (lo..first)
            .rev()
            .take_while(|&i| tokens[i].span.start as usize >= line_start)
    };
    let found = |i: usize| {
        tokens[i].kind == TokenKind::Word
            && ((is_verb(norm, &tokens[i])
                && (colon || !increase(tokens[i].norm_str(norm)))
                // دون ذكر مصدرها: the verbal noun, not the verb.
                && !(i > 0 && matches!(tokens[i - 1].norm_str(norm), "دون" | "بدون" | "عدم")))
                || (said_by(tokens[i].norm_str(norm)) && close(i))
                || (reports(tokens[i].norm_str(norm)) && close(i) && report(i).is_some())
                || states(norm, tokens, entities, i)
                || (i + 14 >= first
                    && came_in(tokens[i].norm_str(norm))
                    && tokens.get(i + 1).is_some_and(|t| t.norm_str(norm) == "في")
                    && close(i)))
    };
    // One pass: the nearest verb that is no attribution, else the nearest attribution.
    let mut fallback = None;
    let verb = window()
        .find(|&i| {
            if !found(i) {
                return false;
            }
            if attribution(i) {
                fallback = fallback.or(Some(i));
                return false;
            }
            true
        })
        .or(fallback);
    if let Some(v) = verb {
        let w = tokens[v].norm_str(norm);
        if said_by(w) {
            return Some(reported(original, norm, tokens, entities, v, previous));
        }
        if let Some(sp) = report(v) {
            return Some(sp);
        }
        if came_in(w) {
            return Some(document(
                original,
                norm,
                tokens,
                entities,
                v + 2,
                first,
                previous,
            ));
        }
        return Some(subject(
            original, norm, tokens, entities, v, first, previous,
        ));
    }
    // A headline: a name opening its line, a colon, the quote (بلينكن: "...").
    if first >= 2
        && tokens[first - 2].norm_str(norm) == ":"
        && let Some(e) = entities.iter().find(|e| {
            e.tokens.end as usize == first - 2
                && matches!(e.ty, EntityType::Per | EntityType::Org)
                && original
                    .get(line_start..e.span.start as usize)
                    .is_some_and(|s| s.trim().is_empty())
        })
    {
        return Some(Some(Speaker::of(e)));
    }
    // A verb right after the quote: "..." قال الوزير; or after بحسب ما: "..."، بحسب ما قاله
    // الوزير.
    // "..."، على حد قوله; "..."، بحسب تعبيرها: the one whose words these are, named before.
    if (end..tokens.len().min(end + 5))
        .take_while(|&i| {
            tokens[i].kind == TokenKind::Punct
                || matches!(
                    tokens[i].norm_str(norm),
                    "حسب" | "بحسب" | "وفق" | "وفقا" | "على" | "علي" | "حد" | "حسبما"
                )
                || in_own_words(tokens[i].norm_str(norm))
        })
        .any(|i| {
            in_own_words(tokens[i].norm_str(norm))
                && i > end
                && tokens[i - 1].kind != TokenKind::Punct
        })
    {
        return Some(unexpressed(
            original, norm, tokens, entities, first, previous, false,
        ));
    }
    let after = (end..tokens.len().min(end + 3))
        .find(|&i| is_verb(norm, &tokens[i]) && !increase(tokens[i].norm_str(norm)))
        .or_else(|| {
            let mut i = end;
            while i < tokens.len()
                && i < end + 6
                && (tokens[i].kind == TokenKind::Punct
                    || matches!(
                        tokens[i].norm_str(norm),
                        "بحسب" | "حسب" | "وفق" | "وفقا" | "ما" | "كما" | "حسبما" | "بحسبما"
                    ))
            {
                i += 1;
            }
            (i > end + 1
                && i < tokens.len()
                && is_verb(norm, &tokens[i])
                && !increase(tokens[i].norm_str(norm)))
            .then_some(i)
        })?;
    let stop = tokens.len().min(after + 6);
    Some(subject_after(norm, tokens, entities, after, stop))
}

/// True for جاء and ورد (came, appeared), which with في name a document before its quote (وجاء
/// في بيان للوزارة: "...").
fn came_in(s: &str) -> bool {
    matches!(s, "جاء" | "وجاء" | "ورد" | "وورد")
}

/// True when بين at token `i` is "stated", not "between": وبين الغابي أنه "...", a person or an
/// organisation named within four words after it (a title may come first: وبين وزير الصحة،
/// عبد اللطيف المكي، أن) and right before أن.
fn states(norm: &str, tokens: &[Token], entities: &[Entity], i: usize) -> bool {
    if !matches!(tokens[i].norm_str(norm), "بين" | "وبين") {
        return false;
    }
    let Some(e) = entities
        .iter()
        .find(|e| (i + 1..i + 6).contains(&(e.tokens.start as usize)))
    else {
        return false;
    };
    if !(i + 1..e.tokens.start as usize)
        .all(|j| tokens[j].kind == TokenKind::Word || matches!(tokens[j].norm_str(norm), "،" | ","))
    {
        return false;
    }
    let mut j = e.tokens.end as usize;
    if tokens
        .get(j)
        .is_some_and(|t| matches!(t.norm_str(norm), "،" | ","))
    {
        j += 1;
    }
    matches!(e.ty, EntityType::Per | EntityType::Org)
        && tokens
            .get(j)
            .is_some_and(|t| matches!(t.norm_str(norm), "ان" | "انه" | "انها" | "بان" | "بانه"))
}

/// The speaker of a quote from the document named at token `d` (وجاء في بيان ...): its
/// author, a name after it (بيان لقيادة القوات الأميركية, بيان الهلال, تغريدة عبر حساب الشيخ
/// محمد بن راشد), else definite words after it (بيان الرابطة, بيان وزارة الداخلية), else the document itself
/// (البيان, التقرير); a pronoun's (تغريدته) is the one named before.
fn document(
    original: &str,
    norm: &str,
    tokens: &[Token],
    entities: &[Entity],
    d: usize,
    quote: usize,
    previous: Option<(&Speaker, usize)>,
) -> Option<Speaker> {
    let word = |i: usize| tokens[i].norm_str(norm);
    if d >= quote || tokens[d].kind != TokenKind::Word {
        return None;
    }
    let end = (d + 1..quote)
        .find(|&i| {
            !matches!(tokens[i].kind, TokenKind::Word | TokenKind::Hashtag)
                || matches!(word(i), "ان" | "انه" | "انها" | "بان")
        })
        .unwrap_or(quote);
    if let Some(e) = entities.iter().find(|e| {
        matches!(e.ty, EntityType::Per | EntityType::Org)
            && e.tokens.start as usize > d
            && (e.tokens.end as usize) <= end
    }) {
        return Some(Speaker::of(e));
    }
    // (The first may be indefinite, a construct: بيان وزارة الداخلية.)
    let mut last = None;
    for i in d + 1..end.min(d + 4) {
        // (البيان الذي نشرته الوكالة: a relative clause is no author.)
        if not_a_subject(word(i)) || prepositional(word(i)) || !(i == d + 1 || definite(word(i))) {
            break;
        }
        if definite(word(i)) {
            last = Some(i);
        }
    }
    if let Some(l) = last {
        return Some(Speaker {
            span: Span::new(tokens[d + 1].span.start, tokens[l].span.end),
            cluster: None,
        });
    }
    if definite(word(d)) {
        return Some(Speaker {
            span: tokens[d].span,
            cluster: None,
        });
    }
    // تغريدته, بيانه, رسالتها: the one it belongs to.
    if ["ه", "ها", "هم"].iter().any(|p| word(d).ends_with(p)) && !word(d).ends_with("يه") {
        return unexpressed(original, norm, tokens, entities, d, previous, true);
    }
    None
}

/// True for a circumstantial participle of speech (قائلا, مضيفة): its subject is the clause's.
fn participle(s: &str) -> bool {
    matches!(
        s,
        "قائلا"
            | "قائله"
            | "مضيفا"
            | "مضيفه"
            | "مؤكدا"
            | "مؤكده"
            | "مشيرا"
            | "مشيره"
            | "موضحا"
            | "موضحه"
            | "مشددا"
            | "مشدده"
            | "لافتا"
            | "لافته"
            | "معربا"
            | "معربه"
            | "مبينا"
            | "مبينه"
            | "متابعا"
            | "منوها"
            | "منوهه"
    )
}

/// True for قوله and its feminine, plural and dual (نقلت الوكالة عن مصدر قوله: "..."): the
/// quote is what the one after عن said; and for بقوله, بالقول (هدد ترمب بقوله: "..."), what
/// the clause's subject said.
fn said_by(s: &str) -> bool {
    matches!(
        s,
        "قوله"
            | "قولها"
            | "قولهم"
            | "قولهما"
            | "بقوله"
            | "بقولها"
            | "بقولهم"
            | "بالقول"
    )
}

/// True for a form of نقل or أورد (reported), whose quote is what the one after عن said (ونقلت الوكالة
/// عن البنتاغون "نفيه ...").
fn reports(s: &str) -> bool {
    let s = s.strip_prefix(['و', 'ف']).unwrap_or(s);
    matches!(
        s,
        "نقل" | "نقلت" | "نقلا" | "ينقل" | "تنقل" | "نقلوا" | "اورد" | "اوردت"
    )
}

/// True for a word before a quote's end that names the speaker's own words (حسب قوله, على حد
/// تعبيرها, وفقا لقوله).
fn in_own_words(s: &str) -> bool {
    matches!(
        s,
        "قوله"
            | "قولها"
            | "قولهم"
            | "لقوله"
            | "لقولها"
            | "لقولهم"
            | "تعبيره"
            | "تعبيرها"
            | "تعبيرهم"
            | "وصفه"
            | "وصفها"
            | "لوصفه"
            | "لوصفها"
    )
}

/// The speaker of a quote introduced by قوله at token `v`: the source after the nearest عن or
/// على لسان before it in the sentence (up to 16 tokens back); with none (هدد ترمب بقوله, وعلق
/// الوزير بالقول, نقلت عنه قوله), the clause's subject.
fn reported(
    original: &str,
    norm: &str,
    tokens: &[Token],
    entities: &[Entity],
    v: usize,
    previous: Option<(&Speaker, usize)>,
) -> Option<Speaker> {
    let word = |i: usize| tokens[i].norm_str(norm);
    // بقوله, بالقول: "by saying", the subject's own words; عنه قوله: the one named before.
    let by = word(v).starts_with('ب');
    let looks_back = !by && !matches!(word(v - 1), "عنه" | "عنها" | "عنهم");
    let an = (v.saturating_sub(16)..v)
        .rev()
        .take_while(|&i| looks_back && !ends_a_clause(word(i)) && !is_verb(norm, &tokens[i]))
        .find(|&i| {
            word(i) == "عن" || (word(i) == "لسان" && i > 0 && matches!(word(i - 1), "على" | "علي"))
        });
    if let Some(an) = an
        && let Some(sp) = source(norm, tokens, entities, an, v)
    {
        return Some(sp);
    }
    // The clause before the verb: a name in it (هدد ترمب بقوله, لكن أندرسون برر ما حصل
    // بالقول), else the subject of its first word (وعلق الوزير بالقول).
    let verb_start = tokens[v].span.start as usize;
    let sentence = sentence_start(original, verb_start);
    let mut u = v;
    while u > 0 && v - u < 12 {
        let t = &tokens[u - 1];
        if (t.span.start as usize) < sentence
            || !matches!(t.kind, TokenKind::Word | TokenKind::Hashtag)
            || opens_clause(word(u - 1))
        {
            break;
        }
        u -= 1;
    }
    if let Some(e) = entities.iter().find(|e| {
        (e.tokens.start as usize) >= u
            && (e.tokens.end as usize) <= v
            && matches!(e.ty, EntityType::Per | EntityType::Org)
            && !governed(norm, tokens, e)
    }) {
        return Some(Speaker::of(e));
    }
    // ونقلت صحيفة "حرييت" قوله: the reporter is not the speaker.
    if !by && (u..v).any(|i| reports(word(i))) {
        return unexpressed(original, norm, tokens, entities, v, previous, false);
    }
    // (Only definite words: وطرح سؤالا بقوله, فقط اكتفت بالقول have no subject there.)
    if u + 1 < v
        && !definite(word(u))
        && !not_a_subject(word(u))
        && !word(u).starts_with('ل')
        && let Some(sp) = subject_after(norm, tokens, entities, u, v)
        && (sp.cluster.is_some()
            || definite(word(u + 1))
            || tokens[u + 1].kind == TokenKind::Hashtag
            // وتابع قاووق بالقول: after a speech verb, the word is its subject.
            || (is_verb(norm, &tokens[u]) && sp.span.end == tokens[u + 1].span.end))
    {
        return Some(sp);
    }
    // (Not the words after the verb: ووصفت موزنجا بقولها كانت "...".)
    subject_before(norm, tokens, entities, v, sentence)
        .or_else(|| unexpressed(original, norm, tokens, entities, v, previous, true))
}

/// The one a report quotes, after the word at `an` (عن, or لسان in على لسان) and before `limit`
/// (the quote or قوله): the first person named there that no preposition governs (عن، سيرجي
/// رودسكوي، المسؤول الكبير), else an entity right after it (عن البنتاغون), else up to five words
/// before a preposition or a punctuation mark (عن مسؤول حكومي, عن ضابط بالجيش في ...).
fn source(
    norm: &str,
    tokens: &[Token],
    entities: &[Entity],
    an: usize,
    limit: usize,
) -> Option<Speaker> {
    let word = |i: usize| tokens[i].norm_str(norm);
    let mut s = an + 1;
    // عن هؤلاء, عن الأخير: one named before, not here.
    if tokens.get(s).is_some_and(|t| {
        matches!(
            t.norm_str(norm),
            "هؤلاء" | "هذا" | "هذه" | "هذين" | "ذلك" | "تلك" | "الاخير" | "الاخيره"
        )
    }) {
        return None;
    }
    while s < limit && tokens[s].kind == TokenKind::Punct && !matches!(word(s), "\"" | "«" | "“")
    {
        s += 1;
    }
    if s >= limit {
        return None;
    }
    // The source's words end at a complementiser or a colon.
    let end = (s..limit)
        .find(|&i| word(i) == ":" || complementiser(word(i)) || said_by(word(i)))
        .unwrap_or(limit);
    if let Some(e) = entities.iter().find(|e| {
        e.ty == EntityType::Per
            && (e.tokens.start as usize) >= s
            && (e.tokens.end as usize) <= end
            && (e.tokens.start as usize == s || !governed(norm, tokens, e))
    }) {
        return Some(Speaker::of(e));
    }
    // (A quotation mark may open the name: عن "رويترز".)
    let first_word = if matches!(word(s), "\"" | "«" | "“") {
        s + 1
    } else {
        s
    };
    if let Some(e) = entities
        .iter()
        .find(|e| e.tokens.start as usize == first_word && (e.tokens.end as usize) <= end)
    {
        return Some(Speaker::of(e));
    }
    // All of them when they are five words or fewer (عن مصدر في الرئاسة السورية).
    let whole = end - s <= 5 && (s..end).all(|i| tokens[i].kind == TokenKind::Word);
    let l = (s..end.min(s + 5))
        .take_while(|&i| {
            tokens[i].kind == TokenKind::Word && (whole || i == s || !ends_subject(word(i)))
        })
        .last()?;
    Some(Speaker {
        span: Span::new(tokens[s].span.start, tokens[l].span.end),
        cluster: None,
    })
}

/// The byte offset where the sentence holding byte `at` starts: after the last sentence end
/// before it in its line.
fn sentence_start(original: &str, at: usize) -> usize {
    let line = original[..at].rfind('\n').map_or(0, |p| p + 1);
    original[line..at]
        .rfind(SENTENCE_END)
        .map_or(line, |p| line + after_char(&original[line..at], p))
}

/// True when a preposition written as a word comes right before entity `e` (إلى بلينكن).
fn after_preposition(norm: &str, tokens: &[Token], e: &Entity) -> bool {
    (e.tokens.start as usize).checked_sub(1).is_some_and(|i| {
        matches!(
            tokens[i].norm_str(norm),
            "الى"
                | "الي"
                | "على"
                | "علي"
                | "عن"
                | "مع"
                | "ل"
                | "لدي"
                | "من"
                | "في"
                | "ب"
                | "بين"
        )
    })
}

/// True when a preposition (or a noun a name completes) governs entity `e`: في رسالة إلى بلينكن.
fn governed(norm: &str, tokens: &[Token], e: &Entity) -> bool {
    // A preposition glued to the name (قال لبوتين, the entity بوتين after the clitic).
    let t = &tokens[e.tokens.start as usize];
    if e.span.start > t.span.start && t.norm_str(norm).starts_with(['ل', 'ب']) {
        return true;
    }
    after_preposition(norm, tokens, e)
        || (e.tokens.start as usize)
            .checked_sub(1)
            .is_some_and(|i| names_next(tokens[i].norm_str(norm)))
}

/// A title's name between commas after it (وكشف مدير المرصد، رامي عبد الرحمن، أن; قالت
/// الناشطة السعودية، منال الشريف، إن): the name, linked; else the title as it is.
fn apposition(
    norm: &str,
    tokens: &[Token],
    entities: &[Entity],
    sp: Speaker,
    quote: usize,
) -> Speaker {
    if sp.cluster.is_some() {
        return sp;
    }
    // Not after an office or a relative, whose name it is not (مكتب رئيس الحكومة، بنيامين
    // نتانياهو; والدة المحتجز، أحمد ...).
    let f = tokens.partition_point(|t| t.span.start < sp.span.start);
    if tokens.get(f).is_some_and(|t| {
        let w = t.norm_str(norm);
        let w = w.strip_prefix("ال").unwrap_or(w);
        matches!(
            w,
            "مكتب"
                | "ديوان"
                | "مجلس"
                | "حكومه"
                | "وزاره"
                | "والد"
                | "والده"
                | "ابن"
                | "ابنه"
                | "زوج"
                | "زوجه"
                | "شقيق"
                | "شقيقه"
                | "عائله"
                | "اسره"
                | "محامي"
                | "محاميه"
        )
    }) {
        return sp;
    }
    let l = tokens.partition_point(|t| t.span.end < sp.span.end);
    if tokens
        .get(l + 1)
        .is_some_and(|t| matches!(t.norm_str(norm), "،" | ","))
        && let Some(e) = entities.iter().find(|e| {
            e.tokens.start as usize == l + 2
                && e.ty == EntityType::Per
                && (e.tokens.end as usize) < quote
        })
    {
        return Speaker::of(e);
    }
    sp
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
    // غردت إليسا قائلة "...": a participle right after a speech verb and its subject, when
    // that subject is a name or definite words filling the gap (not an object: وتابعت حديثها
    // قائلة).
    if participle(tokens[v].norm_str(norm))
        && let Some(u) = (v.saturating_sub(6)..v)
            .rev()
            .take_while(|&i| tokens[i].kind == TokenKind::Word)
            .find(|&i| is_verb(norm, &tokens[i]))
        && let Some(sp) = subject_after(norm, tokens, entities, u, v)
        && (sp.cluster.is_some()
            || (sp.span.end == tokens[v - 1].span.end && definite(tokens[u + 1].norm_str(norm))))
    {
        return Some(sp);
    }
    if let Some(sp) = named_subject(norm, tokens, entities, v, quote)
        .or_else(|| subject_after(norm, tokens, entities, v, quote))
    {
        return Some(apposition(norm, tokens, entities, sp, quote));
    }
    let verb_start = tokens[v].span.start as usize;
    let sentence = sentence_start(original, verb_start);
    if let Some(sp) = subject_before(norm, tokens, entities, v, sentence) {
        return Some(sp);
    }
    unexpressed(original, norm, tokens, entities, v, previous, true)
}

/// The speaker of a verb at `v` with no expressed subject, or of a quote (at `v`) with no verb
/// but a mark of its speaker's own words after it ("..."، على حد قوله); `main` allows the
/// subject of the sentence's first verb and a name further back in the paragraph.
fn unexpressed(
    original: &str,
    norm: &str,
    tokens: &[Token],
    entities: &[Entity],
    v: usize,
    previous: Option<(&Speaker, usize)>,
    main: bool,
) -> Option<Speaker> {
    let verb_start = tokens[v].span.start as usize;
    let line = original[..verb_start].rfind('\n').map_or(0, |p| p + 1);
    let sentence = sentence_start(original, verb_start);
    // No expressed subject (وأضاف أن "..."): a person or organisation that is the subject of
    // an earlier speech verb in the sentence (أعلنت كتائب القسام ... وأكدت أنها "..."); else
    // the speaker of the previous quote when it is in this paragraph or the one before; else the first person or organisation named in the
    // verb's sentence (وقدم بلينكن تعازيه ... وقال "..."); else the subject of the sentence's
    // first verb (وانتقد النائب الحكومة، مشيرا إلى أن "..."); else the last person or
    // organisation named before the verb in this paragraph or the one before.
    // `line - 1` is the newline itself (ASCII), a character boundary.
    let para = original[..line.saturating_sub(1)]
        .trim_end_matches(['\n', '\r'])
        .rfind('\n')
        .map_or(0, |p| p + 1);
    let v32 = v as u32;
    let speaks = |e: &&Entity| matches!(e.ty, EntityType::Per | EntityType::Org);
    let before = entities.partition_point(|e| e.tokens.start < v32);
    let from = entities[..before].partition_point(|e| (e.span.start as usize) < sentence);
    if let Some(e) = entities[from..before].iter().rev().find(|e| {
        speaks(e)
            && e.tokens.start > 0
            && is_verb(norm, &tokens[e.tokens.start as usize - 1])
            && !said_by(tokens[e.tokens.start as usize - 1].norm_str(norm))
            && !governed(norm, tokens, e)
    }) {
        return Some(Speaker::of(e));
    }
    // A name as the subject of the sentence's first verb outranks a speaker in the paragraph
    // before (ويستبعد عبد الحميد حصول هذا الأمر، ويقول "...").
    if let Some((sp, end)) = previous
        && end >= para
    {
        if main
            && end < line
            && let Some(m) = main_subject(norm, tokens, entities, v, sentence)
            && m.cluster.is_some()
        {
            return Some(m);
        }
        return Some(sp.clone());
    }
    // A person before an organisation (وانتقل كورتوا إلى تشلسي ... وأضاف), unless the verb is
    // feminine: a newspaper's (واعتبرت صحيفة ماركا أن نيمار ... مضيفة).
    let named = &entities[from..before];
    // (Not one behind a preposition, في رسالة إلى بوتين, or told something, قال لبوتين; but a
    // glued ل after a noun is "by", تغريدات لخلفان, and a name after باسم is the spokesman's.)
    let free = |e: &Entity| {
        let i = e.tokens.start as usize;
        let told = i > 0 && is_verb(norm, &tokens[i - 1]) && governed(norm, tokens, e);
        !(after_preposition(norm, tokens, e) || told)
    };
    let person = (!feminine_verb(tokens[v].norm_str(norm)))
        .then(|| named.iter().find(|e| e.ty == EntityType::Per && free(e)))
        .flatten();
    if let Some(e) = person.or_else(|| named.iter().find(|e| speaks(e) && free(e))) {
        return Some(Speaker::of(e));
    }
    if !main {
        return None;
    }
    if let Some(sp) = main_subject(norm, tokens, entities, v, sentence) {
        return Some(sp);
    }
    entities[..before]
        .iter()
        .rev()
        .take_while(|e| e.span.start as usize >= para)
        .find(speaks)
        .map(Speaker::of)
}

/// A named entity as the subject of the verb at `v`, before the quote at `quote`: the first
/// person named before the complementiser (a title comes first: الأمين العام للأمم المتحدة
/// أنطونيو غوتيريش), unless a preposition governs it (في رسالة إلى بلينكن); else an entity in
/// the words that make the subject, itself the speaker when it follows the verb (وقالت الوزارة),
/// a modifier of the speaker otherwise (المتحدثة باسم البيت الأبيض: the phrase, no cluster).
fn named_subject(
    norm: &str,
    tokens: &[Token],
    entities: &[Entity],
    v: usize,
    quote: usize,
) -> Option<Speaker> {
    let word = |i: usize| tokens[i].norm_str(norm);
    // The clause ends at a complementiser or a punctuation mark (وقال زوكربيرغ في شهادة،
    // نشرتها لجنة في الكونغرس: "...": not the congress).
    // (A hashtag is a word here: وقال الناطق باسم #الكرملين ديمتري بيسكوف.)
    let words = |i: usize| matches!(tokens[i].kind, TokenKind::Word | TokenKind::Hashtag);
    let clause_end = (v + 1..quote)
        .find(|&i| !words(i) || complementiser(word(i)))
        .unwrap_or(quote);
    let inside = |e: &&Entity| e.tokens.start as usize > v && (e.tokens.end as usize) <= clause_end;
    if let Some(e) = entities
        .iter()
        .filter(inside)
        .find(|e| e.ty == EntityType::Per && !governed(norm, tokens, e))
    {
        return Some(Speaker::of(e));
    }
    let subject_end = (v + 1..quote)
        .find(|&i| !words(i) || ends_subject(word(i)))
        .unwrap_or(quote);
    let e = entities
        .iter()
        .find(|e| e.tokens.start as usize > v && (e.tokens.start as usize) < subject_end)?;
    // A modifier comes within two words of the verb (المتحدثة باسم البيت الأبيض), after a
    // head noun, not a time (أعلن الاثنين قدوم المولود ... لدوق كامبريدج), and not behind the
    // preposition ل (وقال نجم لرويترز).
    let t = &tokens[e.tokens.start as usize];
    if e.tokens.start as usize > v + 3
        || not_a_subject(word(v + 1))
        || (e.span.start > t.span.start && t.norm_str(norm).starts_with('ل'))
    {
        return None;
    }
    if e.tokens.start as usize == v + 1 {
        return Some(Speaker::of(e));
    }
    Some(Speaker {
        span: Span::new(tokens[v + 1].span.start, e.span.end),
        cluster: None,
    })
}

/// The subject before the verb at `v` (subject-verb order: المعارضون قالوا, لكن أحد التجار
/// قال): one to three words from the start of the sentence or clause, ending in a definite word
/// or a name.
fn subject_before(
    norm: &str,
    tokens: &[Token],
    entities: &[Entity],
    v: usize,
    sentence: usize,
) -> Option<Speaker> {
    let mut first = v;
    while first > 0 && v - first < 4 {
        let t = &tokens[first - 1];
        if (t.span.start as usize) < sentence
            || t.kind != TokenKind::Word
            || opens_clause(t.norm_str(norm))
        {
            break;
        }
        first -= 1;
    }
    let at_start = first == 0
        || (tokens[first - 1].span.start as usize) < sentence
        || tokens[first - 1].kind != TokenKind::Word
        || opens_clause(tokens[first - 1].norm_str(norm));
    if first == v || !at_start || v - first > 3 {
        return None;
    }
    let words = &tokens[first..v];
    // A person named right before the verb is its subject, whatever the words before him
    // (فمازحه باسيل قائلا, where مازحه is also "jokingly").
    if let Some(e) = entities.iter().find(|e| {
        e.tokens.end as usize == v
            && e.tokens.start as usize >= first
            && e.ty == EntityType::Per
            && !governed(norm, tokens, e)
    }) {
        return Some(Speaker::of(e));
    }
    if not_a_subject(words[0].norm_str(norm)) || words.iter().any(|t| is_verb(norm, t)) {
        return None;
    }
    let last = v - 1;
    let named = entities
        .iter()
        .find(|e| e.tokens.end as usize == v && e.tokens.start as usize >= first);
    // A name right before the verb is its subject, whatever comes before it (سخر بيكيه وقال).
    if let Some(e) = named {
        return Some(Speaker::of(e));
    }
    if !definite(tokens[last].norm_str(norm)) {
        return None;
    }
    Some(Speaker {
        span: Span::new(tokens[first].span.start, tokens[last].span.end),
        cluster: None,
    })
}

/// The subject of the sentence's first word taken as its main verb, for a participle or a
/// verb with no subject of its own: a name right after it, else one word, two when the first is
/// indefinite (وحذر قائد الجيش, ودافع المدرب).
fn main_subject(
    norm: &str,
    tokens: &[Token],
    entities: &[Entity],
    v: usize,
    sentence: usize,
) -> Option<Speaker> {
    let w0 = tokens[..v].partition_point(|t| (t.span.start as usize) < sentence);
    if w0 + 1 >= v || tokens[w0].kind != TokenKind::Word {
        return None;
    }
    // A first word with the article, or a time or a preposition, is no verb.
    let first = tokens[w0].norm_str(norm);
    if definite(first) || not_a_subject(first) {
        return None;
    }
    let s = w0 + 1;
    if let Some(e) = entities.iter().find(|e| e.tokens.start as usize == s) {
        return (e.tokens.end as usize <= v).then_some(Speaker::of(e));
    }
    let word = |i: usize| tokens[i].norm_str(norm);
    let usable = |i: usize| {
        i < v
            && tokens[i].kind == TokenKind::Word
            && !ends_subject(word(i))
            && !is_verb(norm, &tokens[i])
    };
    if !usable(s) || not_a_subject(word(s)) {
        return None;
    }
    let last = if !definite(word(s)) && usable(s + 1) && definite(word(s + 1)) {
        s + 1
    } else if definite(word(s)) {
        s
    } else {
        return None;
    };
    Some(Speaker {
        span: Span::new(tokens[s].span.start, tokens[last].span.end),
        cluster: None,
    })
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
        return Some(Speaker::of(e));
    }
    // A time right after the verb is no subject (أعلن الاثنين قدوم ...), nor a phrase
    // governed by a preposition (وتابع بالقول, مشيرا بالاتهام, وقال لوكالة الأنباء الفرنسية).
    if tokens.get(v + 1).is_some_and(|t| {
        let w = t.norm_str(norm);
        not_a_subject(w) || prepositional(w)
    }) {
        return None;
    }
    let mut last = None;
    for (i, t) in tokens.iter().enumerate().take(stop.min(v + 5)).skip(v + 1) {
        if !matches!(t.kind, TokenKind::Word | TokenKind::Hashtag) || ends_subject(t.norm_str(norm))
        {
            break;
        }
        // وقال الرئيس الأميركي الخميس, وخفضت موديز الأسبوع الماضي: a time after the subject
        // ends it.
        if i > v + 1 && a_time(t.norm_str(norm)) {
            break;
        }
        // A name behind the preposition ل: وقال نجم لرويترز.
        if i > v + 1
            && t.norm_str(norm).starts_with('ل')
            && entities
                .iter()
                .any(|e| e.tokens.start as usize == i && e.span.start > t.span.start)
        {
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

    proptest::proptest! {
        /// The byte scan finds what a scan of every character finds.
        #[test]
        fn marks_match_a_scan_of_every_character(s in "[\"«»“”ab ،—\u{a0}\u{0600}-\u{06ff}]{0,40}") {
            let every: Vec<(usize, char)> = s
                .char_indices()
                .filter(|(_, c)| matches!(c, '"' | '«' | '»' | '“' | '”'))
                .collect();
            proptest::prop_assert_eq!(marks(&s), every);
        }
    }

    /// The feminine of a speech verb, which a newspaper rather than a man says with.
    #[test]
    fn feminine_verbs() {
        for v in ["قالت", "واضافت", "مضيفه", "قائله", "تقول"] {
            assert!(feminine_verb(v), "{v}");
        }
        for v in ["قال", "واضاف", "مضيفا", "لفت", "قاله", "تابع"] {
            assert!(!feminine_verb(v), "{v}");
        }
    }

    #[test]
    fn a_phrase_after_a_preposition_is_no_speaker() {
        // Text written for this test: the speaker is the previous one, not بالقول or the agency
        // told.
        let r = run(
            "قال الوزير: \"سنعود\". وتابع بالقول إن \"الحل قريب جدا\". وقال لوكالة \
                     الأنباء الفرنسية \"لن نتراجع عن ذلك\".",
        );
        assert_eq!(r.len(), 3);
        assert!(r.iter().all(|q| q.1.as_deref() == Some("الوزير")), "{r:?}");
    }

    #[test]
    fn a_long_subject_between_the_verb_and_the_quote() {
        // Text written for this test: 20 tokens between وقال and the quote.
        let r = run(
            "وقال ماكرون في مقابلة أجرتها معه شبكة تلفزيونية أمريكية وبثتها مساء الأحد، عشية \
             الزيارة التي يقوم بها إلى واشنطن \"لا يوجد بديل عن الاتفاق الحالي\".",
        );
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].1.as_deref(), Some("ماكرون"), "{r:?}");
    }

    #[test]
    fn a_verbal_noun_is_no_speech_verb() {
        // Text written for this test.
        let r =
            run("نشرت المقال دون ذكر مصدره أو حتى التلميح إليه بعبارة \"بقلم كاتب آخر معروف\".");
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].1, None, "{r:?}");
    }

    #[test]
    fn an_adverb_or_a_relative_pronoun_is_no_speaker() {
        // Text written for this test: the speaker is the one named before.
        let r = run(
            "قال الوزير: \"سنعود\". وقال أيضا إن \"الحل قريب\". وأشاد بالمبادرة الرئيس، الذي \
             أضاف أن \"الوقت مناسب\".",
        );
        let speakers: Vec<_> = r.iter().map(|q| q.1.as_deref()).collect();
        assert!(
            speakers.iter().all(|s| !matches!(s, Some("أيضا" | "الذي"))),
            "{r:?}"
        );
        assert_eq!(speakers[1], Some("الوزير"), "{r:?}");
        let r = run("قال المدرب: \"فزنا\". وأضاف مازحا: \"لم أصوت له\".");
        assert!(r.iter().all(|q| q.1.as_deref() != Some("مازحا")), "{r:?}");
    }

    #[test]
    fn a_time_after_the_subject_is_not_part_of_it() {
        // Text written for this test.
        let r = run(
            "وقال الرئيس الأميركي الخميس إن \"القمة كانت ناجحة\". وقالت الوكالة الأسبوع \
             الماضي إن \"الوضع صعب\". وأعلنت الشرطة مساء السبت أن \"الهدوء عاد\".",
        );
        let speakers: Vec<_> = r.iter().map(|q| q.1.as_deref()).collect();
        assert_eq!(
            speakers,
            [Some("الرئيس الأميركي"), Some("الوكالة"), Some("الشرطة")],
            "{r:?}"
        );
        let r = run("وقال المدعي العام إن \"التحقيق مستمر\".");
        assert_eq!(r[0].1.as_deref(), Some("المدعي العام"), "{r:?}");
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
    fn a_participle_takes_the_subject_of_the_main_verb() {
        let r = run("وانتقد النائب أداء الحكومة، مشيرا إلى أن \"الخدمات الأساسية تدهورت كثيرا\".");
        assert_eq!(r[0].1.as_deref(), Some("النائب"), "{r:?}");
        let r = run("وحذر قائد الجيش من التصعيد، مشددا على أن «القوات جاهزة للدفاع».");
        assert_eq!(r[0].1.as_deref(), Some("قائد الجيش"), "{r:?}");
        let r = run("وقال الوزير مؤكدا: \"سنواصل دعم المزارعين\".");
        assert_eq!(r[0].1.as_deref(), Some("الوزير"), "{r:?}");
    }

    #[test]
    fn a_subject_before_its_verb() {
        let r = run("المعارضون قالوا إن \"الانتخابات لم تكن نزيهة\".");
        assert_eq!(r[0].1.as_deref(), Some("المعارضون"), "{r:?}");
        let r = run("قال الرئيس: \"سننتهي قريبا جدا\".\nلكن أحد التجار قال: \"سمعنا هذا من قبل\".");
        assert_eq!(r[1].1.as_deref(), Some("أحد التجار"), "{r:?}");
        // A time phrase is not a subject.
        let r = run("ويوم الأحد قال: \"سننتهي قريبا جدا\".");
        assert_eq!(r[0].1, None, "{r:?}");
    }

    #[test]
    fn more_verbs_of_speech_and_writing() {
        let r = run("وكتبت الوزيرة على حسابها في تويتر: \"سنعيد فتح المدارس الأسبوع المقبل\".");
        assert_eq!(r[0].1.as_deref(), Some("الوزيرة"), "{r:?}");
        let r = run("وغرد النائب قائلا: «الحكومة فشلت في حماية المواطنين».");
        assert_eq!(r[0].1.as_deref(), Some("النائب"), "{r:?}");
        let r = run("ورأى الخبير الاقتصادي أن \"الأسعار سترتفع خلال الشتاء\".");
        assert_eq!(r[0].1.as_deref(), Some("الخبير الاقتصادي"), "{r:?}");
        // رأي and كتب alone are as often nouns: no speaker from them.
        let r = run("وفي استطلاع رأي نشر أمس: \"الأسعار سترتفع خلال الشتاء\".");
        assert!(r.iter().all(|q| q.1.is_none()), "{r:?}");
        let r = run("وله كتب عديدة أخرى مثل \"رحلة في تاريخ المدن القديمة\".");
        assert!(r.iter().all(|q| q.1.is_none()), "{r:?}");
        // وزاد before a quote is "added": the last speaker goes on.
        let r = run("وقال المدرب: \"الفريق قدم مباراة جيدة\". وزاد: \"سنقاتل حتى النهاية\".");
        assert_eq!(r[1].1.as_deref(), Some("المدرب"), "{r:?}");
        let r = run("وزاد المدرب: \"سنقاتل حتى النهاية\".");
        assert_eq!(r[0].1.as_deref(), Some("المدرب"), "{r:?}");
        let r = run("وقال الاتحاد: \"تقرر تأجيل المباراة\". وزاد عبر تغريدة أخرى: \"ستقام الأحد\".");
        assert_eq!(r[1].1.as_deref(), Some("الاتحاد"), "{r:?}");
        // A hashtag inside the subject (the entities are not given here: the words).
        let r = run("وقال الناطق باسم #الكرملين للصحافيين \"إنه تصريح مقزز\".");
        assert_eq!(r[0].1.as_deref(), Some("الناطق باسم #الكرملين"), "{r:?}");
        let r = run("فأشار #دونالد_ترمب بالقول: \"ربما سيكون الأمر قاسيا\".");
        assert_eq!(r[0].1.as_deref(), Some("#دونالد_ترمب"), "{r:?}");
        // Without a colon, زاد is "rose".
        let r = run("وزادت أسهم البنك، وارتفعت أسهم \"شركة الاتصالات\" بنسبة كبيرة.");
        assert!(r.iter().all(|q| q.1.is_none()), "{r:?}");
    }

    #[test]
    fn a_participle_after_a_verb_and_its_subject() {
        let r = run("حيث غردت المغنية قائلة \"شكرا لكل من وقف معي\".");
        assert_eq!(r[0].1.as_deref(), Some("المغنية"), "{r:?}");
        // The verb's object is not its subject.
        let r = run("وتابعت حديثها قائلة \"شكرا لكل من وقف معي\".");
        assert_ne!(r[0].1.as_deref(), Some("حديثها"), "{r:?}");
    }

    #[test]
    fn the_source_a_report_quotes_is_the_speaker() {
        let r = run("ونقلت الوكالة عن مسؤول حكومي قوله إن \"المفاوضات ستستأنف قريبا\".");
        assert_eq!(r[0].1.as_deref(), Some("مسؤول حكومي"), "{r:?}");
        let r = run("\"الاتفاق بات قريبا جدا\"، بحسب ما قاله المبعوث الأممي.");
        assert_eq!(r[0].1.as_deref(), Some("المبعوث الأممي"), "{r:?}");
    }

    #[test]
    fn the_subject_stops_at_a_preposition() {
        let r = run("وقال مدير الشركة عن الأزمة إن \"الإنتاج سيتضاعف قريبا\".");
        assert_eq!(r[0].1.as_deref(), Some("مدير الشركة"), "{r:?}");
    }

    #[test]
    fn a_title_is_not_a_quote() {
        assert!(run("صدرت له رواية بعنوان \"حين تمطر المدينة في الليل\" أمس.").is_empty());
        assert!(run("وكانت الصدارة من نصيب برنامج \"رامز تحت الصفر\" الذي يقدمه رامز.").is_empty());
        assert!(run("أطلق مغردون على موقع \"تويتر\" وسم \"ادعم محمد صلاح\" للتعبير.").is_empty());
        assert!(
            run("وهي المنتج المشارك للفيلم \"كريزي ريتش إيجانز\" أو \"أثرياء مجانين من آسيا\".")
                .is_empty()
        );
        assert!(
            run("عن خطة حكومته التي أطلق عليها \"الخطة الوطنية للوقاية من التطرف\" أمس.")
                .is_empty()
        );
        assert!(run("وقال خبير في مركز \"الأمن الأمريكي الجديد\" إن الأمر صعب.").is_empty());
        // A quote after أو that follows no name stays a quote.
        assert_eq!(
            run("قال الوزير إن الاتفاق قريب أو \"سيوقع خلال أيام قليلة\".").len(),
            1
        );
        assert!(run("لكنه صرح لموقع \"نادي الصحفيين الشباب\" الإيراني.").is_empty());
    }

    /// A short quoted name right after a speech verb, before a complementiser or a
    /// preposition, is the verb's subject (وقالت "فيتش" في بيان إن), not a quote; the name
    /// after a broadcaster's noun is a name too.
    #[test]
    fn a_quoted_subject_is_a_name() {
        // Texts written for this test.
        let q = run("وقالت \"فيتش\" في بيان إن \"التصنيف الائتماني للبلاد انخفض بسبب المخاطر\".");
        assert_eq!(q.len(), 1, "{q:?}");
        assert!(q[0].0.starts_with("التصنيف"), "{q:?}");
        assert!(run("وأشارت \"بلومبرغ\" إلى أن الصندوق سيبقى كما هو.").is_empty());
        assert!(run("وأوضح \"حساب المواطن\" أن عملية الإيداع جارية.").is_empty());
        assert!(run("وأبلغ الوزير تلفزيون \"بي إف إم\" اليوم بذلك.").is_empty());
        // A short quote before punctuation is speech.
        assert_eq!(run("وقالت \"نحن صوتكم\". ثم غادرت.").len(), 1);
    }

    #[test]
    fn a_person_after_a_title_is_the_speaker() {
        let text = "وشدد الأمين العام للأمم المتحدة أنطونيو غوتيريش على \"ضرورة وقف النار فورا\".";
        let a = TextPipeline::default().analyze(text).unwrap();
        let word = |w: &str| {
            a.tokens
                .iter()
                .position(|t| &text[t.span.range()] == w)
                .unwrap()
        };
        let entity = |from: usize, to: usize, ty, cluster| Entity {
            span: Span::new(a.tokens[from].span.start, a.tokens[to].span.end),
            ty,
            tokens: from as u32..to as u32 + 1,
            cluster,
            canonical: String::new(),
            latin: None,
        };
        let un = word("المتحدة");
        let entities = [
            entity(un - 1, un, EntityType::Org, 0),
            entity(word("أنطونيو"), word("غوتيريش"), EntityType::Per, 1),
        ];
        let q = find(text, a.normalized.as_str(), &a.tokens, &entities);
        let s = q[0].speaker.as_ref().unwrap();
        assert_eq!(&text[s.span.range()], "أنطونيو غوتيريش");
        assert_eq!(s.cluster, Some(1));
        // A headline: name, colon, quote.
        let text = "بلينكن: \"لا حل عسكريا في اليمن\"";
        let a = TextPipeline::default().analyze(text).unwrap();
        let e = Entity {
            span: a.tokens[0].span,
            ty: EntityType::Per,
            tokens: 0..1,
            cluster: 0,
            canonical: String::new(),
            latin: None,
        };
        let q = find(text, a.normalized.as_str(), &a.tokens, &[e]);
        assert_eq!(q[0].speaker.as_ref().map(|s| s.cluster), Some(Some(0)));
    }

    #[test]
    fn an_unclosed_quote_can_end_at_an_arabic_question_mark() {
        // Found by the `analyze` fuzz target: the end fell inside the two-byte ؟.
        let r = run("وقال «هل سنعود الى بيوتنا؟ وأضاف «نعم سنعود قريبا».");
        assert_eq!(r[0].0, "هل سنعود الى بيوتنا؟", "{r:?}");
        assert!(r[0].2);
        let text = std::fs::read("tests/data/fuzz-quote-question-mark.bin").unwrap();
        let text = String::from_utf8_lossy(&text);
        let _ = run(&text);
    }

    /// بقوله and بالقول: the words of the clause's subject; قوله after a reporter without عن:
    /// not the reporter's.
    #[test]
    fn by_saying() {
        let r = run("وعلق الوزير بالقول: \"لا تراجع عن القرار\".");
        assert_eq!(r[0].1.as_deref(), Some("الوزير"), "{r:?}");
        let r = run("قال الوزير: \"سنواصل العمل\". ونقلت الصحيفة قوله: \"لا تراجع عن القرار\".");
        assert_eq!(r[1].1.as_deref(), Some("الوزير"), "{r:?}");
        // After a speech verb, one word is its subject.
        let r = run("وتابع قاووق بالقول إن \"المقاومة باقية في أرضها\".");
        assert_eq!(r[0].1.as_deref(), Some("قاووق"), "{r:?}");
        // Without a name or definite words, no subject is made of the clause's words.
        let r = run("وطرح سؤالا بقوله: \"هل نعرف ماذا نريد حقا؟\"");
        assert_ne!(r[0].1.as_deref(), Some("سؤالا"), "{r:?}");
    }

    /// نقل عن and على لسان name the one quoted, with قوله or without it.
    #[test]
    fn the_source_after_an() {
        let r = run("ونقلت الوكالة عن مسؤول حكومي \"رفضه القاطع لهذه الاتهامات\".");
        assert_eq!(r[0].1.as_deref(), Some("مسؤول حكومي"), "{r:?}");
        let r = run("ونقلت الوكالة على لسان المتحدث الرسمي قوله: \"الاجتماع سيعقد غدا\".");
        assert_eq!(r[0].1.as_deref(), Some("المتحدث الرسمي"), "{r:?}");
        let r = run("ونقلت الوكالة عن، مسؤول حكومي، قوله \"المفاوضات ستستأنف قريبا\".");
        assert_eq!(r[0].1.as_deref(), Some("مسؤول حكومي"), "{r:?}");
        let r = run("ونقلت الصحيفة عن مصدر في الوزارة قوله إن \"القرار نهائي ولا رجعة فيه\".");
        assert_eq!(r[0].1.as_deref(), Some("مصدر في الوزارة"), "{r:?}");
        // A demonstrative after عن points back: the previous speaker.
        let r = run(
            "وقال أحد المحتجزين: \"لم نر أهلنا منذ شهور\". ونقلت المنظمة عن هؤلاء أن \"الحراس اعتدوا عليهم\".",
        );
        assert_eq!(r[1].1.as_deref(), Some("أحد المحتجزين"), "{r:?}");
        // بحسب ما أورد مكتبه names the report's source; the main verb's subject speaks.
        let r = run("وقال الوزير، بحسب ما أورد مكتبه، إن \"الجيش سيرد بقوة على كل هجوم\".");
        assert_eq!(r[0].1.as_deref(), Some("الوزير"), "{r:?}");
        // قوله speaks for its own sentence only.
        let r = run(
            "ونقلت الوكالة عن الوكيل قوله إن التحذير جاء بعد الهجوم. وطالبت الوزارة المواطنين \
             \"بالحذر الشديد في تنقلاتهم\".",
        );
        assert_ne!(r[0].1.as_deref(), Some("الوكيل"), "{r:?}");
    }

    /// وجاء في بيان ...: the document's author, or the document.
    #[test]
    fn a_document_speaks() {
        let r = run("وجاء في بيان الرابطة \"تقرر تأجيل المباراة إلى موعد لاحق\".");
        assert_eq!(r[0].1.as_deref(), Some("الرابطة"), "{r:?}");
        let r = run("وجاء في بيان وزارة الداخلية أن \"الشرطة تمكنت من توقيف المشتبه بهم\".");
        assert_eq!(r[0].1.as_deref(), Some("وزارة الداخلية"), "{r:?}");
        let r = run("وجاء في البيان: \"تقرر تأجيل المباراة إلى موعد لاحق\".");
        assert_eq!(r[0].1.as_deref(), Some("البيان"), "{r:?}");
    }

    /// "..."، على حد تعبيره: the one named or quoted before.
    #[test]
    fn in_his_own_words() {
        let r = run(
            "قال الوزير: \"الوضع مستقر\".\nوالحكومة تعمل على \"حلول جذرية ومستدامة للأزمة\"، على حد تعبيره.",
        );
        assert_eq!(r[1].1.as_deref(), Some("الوزير"), "{r:?}");
        // Without such words, a phrase in quotation marks has no speaker.
        let r =
            run("قال الوزير: \"الوضع مستقر\".\nوالحكومة تعمل على \"حلول جذرية ومستدامة للأزمة\".");
        assert_eq!(r[1].1, None, "{r:?}");
    }

    /// منوها, like مشيرا: the subject of the sentence's main verb.
    #[test]
    fn more_participles() {
        let r = run("وأشاد الوزير بالاتفاق، منوها إلى أن \"المرحلة المقبلة ستكون حاسمة\".");
        assert_eq!(r[0].1.as_deref(), Some("الوزير"), "{r:?}");
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
