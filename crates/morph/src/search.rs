//! The search analyser: what a search index should store for a text.
//!
//! normalise (search level) -> tokenise -> segment -> drop the clitics -> light stem. The stem
//! loses the article ال and the suffixes of the feminine (ة), the dual (ان، تان، ين، تين), and the
//! sound plurals (ون، ين، ات) when the corpus knows what is left as a word, so حكومة, الحكومات,
//! وبحكومتها and للحكومة all index as حكوم. Protected names (from the gazetteers) are never
//! stemmed and keep their article: واشنطن, وواشنطن and لواشنطن index as واشنطن; البانيا stays
//! البانيا. Words of other scripts, numbers, URLs and hashtags index as their search-level
//! normal form; punctuation and symbols are not indexed.
//!
//! ```
//! use khabar_morph::SearchAnalyzer;
//!
//! let terms = SearchAnalyzer::default().terms("وبحكومتها وواشنطن للحكومات");
//! let texts: Vec<&str> = terms.iter().map(|t| t.text.as_str()).collect();
//! assert_eq!(texts, ["حكوم", "واشنطن", "حكوم"]);
//! ```

use khabar_text::{Span, TextAnalysis, TextPipeline, TokenKind};

use crate::analysis::{Analysis, Restore};
use crate::lexicon::Lexicon;
use crate::segmenter::{Buffers, Segmenter};
use crate::skeleton::Skeleton;

/// One index term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The term.
    pub text: String,
    /// Where it comes from in the original text: the stem's slice (without clitics).
    pub span: Span,
    /// The position of its token among the text's indexed tokens, for phrase queries.
    pub position: u32,
}

/// The search analyser. Cheap to clone; share one per thread.
#[derive(Clone, Debug)]
pub struct SearchAnalyzer {
    text: TextPipeline,
    seg: &'static Segmenter,
}

impl Default for SearchAnalyzer {
    fn default() -> Self {
        SearchAnalyzer::new(Segmenter::embedded())
    }
}

/// Reusable buffers for [`SearchAnalyzer::terms_into`].
#[derive(Debug, Default)]
pub struct SearchBuffers {
    analysis: TextAnalysis,
    skeleton: Skeleton,
    seg: Buffers,
    term: String,
}

impl SearchAnalyzer {
    /// An analyser with the given segmenter.
    pub fn new(seg: &'static Segmenter) -> Self {
        SearchAnalyzer {
            text: TextPipeline::default(),
            seg,
        }
    }

    /// The index terms of `text`.
    pub fn terms(&self, text: &str) -> Vec<Term> {
        let mut out = Vec::new();
        self.terms_into(text, &mut SearchBuffers::default(), |t| out.push(t.clone()));
        out
    }

    /// Calls `emit` with each index term of `text`, in order, reusing `buf`.
    pub fn terms_into(&self, text: &str, buf: &mut SearchBuffers, mut emit: impl FnMut(&Term)) {
        // Longer than any document khabar accepts: index nothing rather than fail.
        if self.text.analyze_into(text, &mut buf.analysis).is_err() {
            return;
        }
        let mut term = Term {
            text: std::mem::take(&mut buf.term),
            span: Span::default(),
            position: 0,
        };
        let mut position = 0u32;
        for t in &buf.analysis.tokens {
            match t.kind {
                TokenKind::Punct | TokenKind::Symbol => continue,
                TokenKind::Word => {
                    let word = &text[t.span.range()];
                    buf.skeleton.fill(word);
                    let s = &buf.skeleton;
                    let a = self.seg.analyze_with(s, &mut buf.seg);
                    let (sa, sb) = a.stem_range(s.len());
                    term.text.clear();
                    if a.is_whole()
                        || sb <= sa
                        || !stem_term(self.seg.lexicon(), s, a, &mut term.text)
                    {
                        // No split, or a host with only a pronoun (له): the word's own form.
                        term.text.clear();
                        term.text.push_str(buf.analysis.norm(t));
                        term.span = t.span;
                        if a.is_whole() {
                            let mut stemmed = std::mem::take(&mut term.text);
                            light_stem_in_place(self.seg.lexicon(), &mut stemmed);
                            term.text = stemmed;
                        }
                    } else {
                        term.span =
                            Span::new(t.span.start + s.offsets[sa], t.span.start + s.offsets[sb]);
                    }
                }
                _ => {
                    term.text.clear();
                    term.text.push_str(buf.analysis.norm(t));
                    term.span = t.span;
                }
            }
            term.position = position;
            position += 1;
            if !term.text.is_empty() {
                emit(&term);
            }
        }
        buf.term = term.text;
    }
}

/// Search-level folding of a skeleton letter (the skeleton already folds alef and ya).
#[inline]
fn search_fold(c: char) -> char {
    match c {
        'ة' => 'ه',
        _ => c,
    }
}

/// Writes the stem's term for analysis `a` of skeleton `s` into `out`; false when it has no
/// stem letters.
fn stem_term(lex: &Lexicon, s: &Skeleton, a: Analysis, out: &mut String) -> bool {
    let (sa, sb) = a.stem_range(s.len());
    if sb <= sa {
        return false;
    }
    if a.restore == Restore::Alef {
        out.push('ا');
    }
    let stem = &s.chars[sa..sb];
    for (i, &c) in stem.iter().enumerate() {
        let c = if i + 1 == stem.len() {
            match (a.restore, c) {
                (Restore::TaMarbuta, 'ت') => 'ة',
                (Restore::Hamza, 'ئ' | 'ؤ') => 'ء',
                _ => c,
            }
        } else {
            c
        };
        out.push(c);
    }
    light_stem_in_place(lex, out);
    true
}

/// Strips the article and inflectional suffixes from a skeleton-form word in place, unless it is
/// a protected name, then folds ة to ه.
fn light_stem_in_place(lex: &Lexicon, w: &mut String) {
    if !lex.is_name(w) {
        let body = w.strip_prefix("ال").filter(|b| b.chars().count() >= 2);
        let mut body = body.map_or_else(|| w.clone(), str::to_string);
        if !lex.is_name(&body) {
            strip_suffix(lex, &mut body);
        }
        *w = body;
    }
    if w.contains('ة') {
        *w = w.chars().map(search_fold).collect();
    }
}

/// Removes one inflectional suffix when what remains is at least three letters and, for the
/// suffixes that end many stems too (ان ون ين ات), the corpus knows the remainder as a word.
fn strip_suffix(lex: &Lexicon, w: &mut String) {
    let n = w.chars().count();
    if let Some(b) = w.strip_suffix('ة')
        && n > 3
    {
        let len = b.len();
        w.truncate(len);
        return;
    }
    for suf in ["تان", "تين", "ات", "ان", "ون", "ين"] {
        let Some(base) = w.strip_suffix(suf) else {
            continue;
        };
        if n - suf.chars().count() < 3 {
            continue;
        }
        let known = if suf.starts_with('ت') {
            // حكومتان -> حكوم (the dual of حكومة)
            lex.freq(&format!("{base}ة")) >= 20
        } else {
            lex.freq(base) >= 20 || lex.freq(&format!("{base}ة")) >= 20
        };
        if known {
            let len = base.len();
            w.truncate(len);
            return;
        }
    }
}
