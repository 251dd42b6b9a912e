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

use khabar_text::{Level, Normalized, Normalizer, Piece, Span, Token, TokenKind, Tokenizer};

use crate::analysis::{Analysis, Restore};
use crate::lexicon::{Lexicon, StemRule};
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
    normalizer: Normalizer,
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
    normalized: Normalized,
    tokens: Vec<Token>,
    skeleton: Skeleton,
    seg: Buffers,
    term: String,
    scratch: String,
    cache: WordCache,
}

/// The terms of words seen before, by word: news repeats its words, and a word's term depends on
/// nothing else, so a repeated word skips the skeleton, the lexicon probe and the stemming.
///
/// 16,384 slots in sets of four. A miss replaces a slot of its set that has served no word
/// lately: hits count up (to [`CACHE_MAX_USE`]) and misses in the set count down, so a word
/// seen once does not push out one seen on every page (word frequencies fall steeply).
#[derive(Debug, Default)]
struct WordCache {
    /// The segmenter whose terms the slots hold (its address): a buffer reused with another
    /// analyser starts afresh.
    owner: usize,
    /// The hash of each slot's word, apart so that a probe reads one cache line.
    hashes: Vec<u64>,
    /// Each slot's hits less the misses in its set, at most [`CACHE_MAX_USE`].
    used: Vec<u8>,
    slots: Vec<CachedTerm>,
}

/// One slot of [`WordCache`]: a word of the original text and its term.
#[derive(Debug, Default, Clone)]
struct CachedTerm {
    word: String,
    term: String,
    /// The term's span, relative to the word's start.
    span: (u32, u32),
}

/// Slots of the word cache (a power of two).
const CACHE_SLOTS: usize = 1 << 14;
/// Slots a word may occupy (a power of two).
const CACHE_WAYS: usize = 4;
/// A slot's use count stops here.
const CACHE_MAX_USE: u8 = 3;
/// Longer words are not cached (they are rare, and would keep large strings alive).
const CACHE_MAX_WORD: usize = 48;

impl WordCache {
    /// Makes the slots those of the segmenter `owner` (at its address), emptied when they
    /// belonged to another one.
    fn claim(&mut self, owner: usize) {
        if self.owner != owner || self.slots.len() != CACHE_SLOTS {
            self.owner = owner;
            self.hashes = vec![0; CACHE_SLOTS];
            self.used = vec![0; CACHE_SLOTS];
            self.slots.clear();
            self.slots.resize(CACHE_SLOTS, CachedTerm::default());
        }
    }

    /// The first slot of the set of a word hashed as `hash`.
    #[inline]
    fn set(hash: u64) -> usize {
        // The high bits of FxHash are the well-mixed ones.
        let bits = (CACHE_SLOTS / CACHE_WAYS).trailing_zeros();
        (hash >> (64 - bits)) as usize * CACHE_WAYS
    }

    /// The slot holding `word` (hashed as `hash`), its use counted. None before
    /// [`WordCache::claim`].
    #[inline]
    fn get(&mut self, hash: u64, word: &str) -> Option<&CachedTerm> {
        let k = Self::set(hash);
        let ways = self.hashes.get(k..k + CACHE_WAYS)?;
        let w = (0..CACHE_WAYS).find(|&w| ways[w] == hash && self.slots[k + w].word == word)?;
        let used = &mut self.used[k + w];
        *used = (*used + 1).min(CACHE_MAX_USE);
        Some(&self.slots[k + w])
    }

    /// The slot to fill with a word that missed (hashed as `hash`), its hash set: one of its
    /// set that has served no word lately. None when all have, and each counts the miss.
    fn victim(&mut self, hash: u64) -> Option<&mut CachedTerm> {
        let k = Self::set(hash);
        let used = self.used.get_mut(k..k + CACHE_WAYS)?;
        match used.iter().position(|&u| u == 0) {
            Some(w) => {
                self.hashes[k + w] = hash;
                self.slots.get_mut(k + w)
            }
            None => {
                used.iter_mut().for_each(|u| *u -= 1);
                None
            }
        }
    }
}

fn word_hash(word: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(word.as_bytes());
    h.finish()
}

thread_local! {
    static THREAD_BUFFERS: std::cell::RefCell<SearchBuffers> =
        std::cell::RefCell::new(SearchBuffers::default());
}

impl SearchBuffers {
    /// Runs `f` with this thread's buffers, whose word cache stays warm from one call to the
    /// next (a fresh [`SearchBuffers`] per document starts with an empty cache of about 1 MB).
    /// A nested call gets fresh buffers.
    pub fn with_thread_buffers<R>(f: impl FnOnce(&mut SearchBuffers) -> R) -> R {
        THREAD_BUFFERS.with(|b| match b.try_borrow_mut() {
            Ok(mut buf) => f(&mut buf),
            Err(_) => f(&mut SearchBuffers::default()),
        })
    }
}

impl SearchAnalyzer {
    /// An analyser with the given segmenter.
    pub fn new(seg: &'static Segmenter) -> Self {
        SearchAnalyzer {
            normalizer: Normalizer::new(Level::Search),
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
        if text.len() > khabar_text::MAX_TEXT_LEN {
            return;
        }
        buf.cache.claim(std::ptr::from_ref(self.seg) as usize);
        let mut term = Term {
            text: std::mem::take(&mut buf.term),
            span: Span::default(),
            position: 0,
        };
        let mut position = 0u32;
        // Plain words need neither the normalised text nor the token list; the rest of the text
        // goes through the full pipeline, a stretch at a time.
        self.normalizer.split_plain(text, |piece| match piece {
            Piece::Word(span) => {
                let word = &text[span.range()];
                self.word_term(word, span.start, None, &mut term, buf);
                if term.text.is_empty() {
                    // Presentation forms and other rare letters: the normaliser's form.
                    self.normalizer.normalize_into(word, &mut buf.normalized);
                    term.text.push_str(buf.normalized.as_str());
                    term.span = span;
                }
                term.position = position;
                position += 1;
                if !term.text.is_empty() {
                    emit(&term);
                }
            }
            Piece::Other(span) => {
                self.stretch_terms(text, span, buf, &mut term, &mut position, &mut emit);
            }
        });
        buf.term = term.text;
    }

    /// The term of one Arabic word (a token of a text already tokenised, such as a `Word`
    /// token of `khabar_text`), into `term`: its text and the span of its stem, for a word
    /// starting at byte `start` of its text. The same term [`SearchAnalyzer::terms_into`]
    /// gives that word in running text. `term.text` is left empty when the word has letters
    /// the segmenter does not read (the caller then falls back to the token's normal form).
    ///
    /// `known` is the word's analysis by this analyser's segmenter, when the caller has it
    /// (`Segmenter::analyze_tokens` gives the same analysis): a word met for the first time
    /// then skips the segmenter.
    pub fn word_term_into(
        &self,
        word: &str,
        start: u32,
        known: Option<Analysis>,
        buf: &mut SearchBuffers,
        term: &mut Term,
    ) {
        buf.cache.claim(std::ptr::from_ref(self.seg) as usize);
        self.word_term(word, start, known, term, buf);
    }

    /// The terms of the stretch `span` of `text`, through the full pipeline: normalise,
    /// tokenise, then each token.
    fn stretch_terms(
        &self,
        text: &str,
        span: Span,
        buf: &mut SearchBuffers,
        term: &mut Term,
        position: &mut u32,
        emit: &mut impl FnMut(&Term),
    ) {
        let base = span.start;
        let shift = |s: Span| Span::new(s.start + base, s.end + base);
        self.normalizer
            .normalize_into(&text[span.range()], &mut buf.normalized);
        Tokenizer.tokenize_into(&buf.normalized, &mut buf.tokens);
        // Taken out for the loop, which needs the other buffers mutably; put back after.
        let tokens = std::mem::take(&mut buf.tokens);
        for t in &tokens {
            let t_span = shift(t.span);
            match t.kind {
                TokenKind::Punct | TokenKind::Symbol => continue,
                TokenKind::Word => {
                    let word = &text[t_span.range()];
                    self.word_term(word, t_span.start, None, term, buf);
                    if term.text.is_empty() {
                        // Presentation forms and other rare letters: the normaliser's form.
                        term.text.push_str(t.norm_str(buf.normalized.as_str()));
                        term.span = t_span;
                    }
                }
                TokenKind::Hashtag => {
                    // #السلع_الاستهلاكية: each word of the tag is a word of the text.
                    let tag = &text[t_span.range()];
                    let mut at = t_span.start;
                    for part in tag.split(['#', '_']) {
                        let start = at;
                        at += part.len() as u32 + 1;
                        if part.is_empty() {
                            continue;
                        }
                        self.word_term(part, start, None, term, buf);
                        if term.text.is_empty() {
                            term.text.push_str(&part.to_lowercase());
                            term.span = Span::new(start, start + part.len() as u32);
                        }
                        term.position = *position;
                        *position += 1;
                        emit(term);
                    }
                    continue;
                }
                _ => {
                    term.text.clear();
                    term.text.push_str(t.norm_str(buf.normalized.as_str()));
                    term.span = t_span;
                }
            }
            term.position = *position;
            *position += 1;
            if !term.text.is_empty() {
                emit(term);
            }
        }
        buf.tokens = tokens;
    }
}

impl SearchAnalyzer {
    /// The term of one Arabic word starting at byte `start` of the text, into `term`; an empty
    /// term text when the word has letters the segmenter does not read.
    fn word_term(
        &self,
        word: &str,
        start: u32,
        known: Option<Analysis>,
        term: &mut Term,
        buf: &mut SearchBuffers,
    ) {
        if word.len() > CACHE_MAX_WORD {
            self.word_term_uncached(word, start, known, term, buf);
            return;
        }
        let hash = word_hash(word);
        if let Some(slot) = buf.cache.get(hash, word) {
            term.text.clear();
            term.text.push_str(&slot.term);
            term.span = Span::new(start + slot.span.0, start + slot.span.1);
            return;
        }
        self.word_term_uncached(word, start, known, term, buf);
        if let Some(slot) = buf.cache.victim(hash) {
            slot.word.clear();
            slot.word.push_str(word);
            slot.term.clear();
            slot.term.push_str(&term.text);
            slot.span = (
                term.span.start.saturating_sub(start),
                term.span.end.saturating_sub(start),
            );
        }
    }

    /// [`SearchAnalyzer::word_term`] without the cache.
    fn word_term_uncached(
        &self,
        word: &str,
        start: u32,
        known: Option<Analysis>,
        term: &mut Term,
        buf: &mut SearchBuffers,
    ) {
        term.text.clear();
        buf.skeleton.fill(word);
        let s = &buf.skeleton;
        if !s
            .chars
            .iter()
            .all(|&c| crate::analysis::is_arabic_letter(c))
        {
            return;
        }
        let lex = self.seg.lexicon();
        let (a, entry) = match known {
            // What `analyze_entry` would give: its entry is the lexicon's for the key.
            Some(a) => (a, lex.get(&s.key)),
            None => self.seg.analyze_entry(s, &mut buf.seg),
        };
        let (sa, sb) = a.stem_range(s.len());
        let end = start + word.len() as u32;
        // A host with only a pronoun (له) indexes as the whole word.
        let (a, span) = if sb <= sa {
            (Analysis::WHOLE, Span::new(start, end))
        } else {
            (a, Span::new(start + s.offsets[sa], start + s.offsets[sb]))
        };
        push_stem(s, a, &mut term.text);
        // Known words have their stemming precomputed; the rest work it out.
        let mut rule = match entry.and_then(|e| e.stem) {
            Some(r) => r,
            _ => light_stem(lex, &term.text, &mut buf.scratch),
        };
        if rule.article && !article_letters_are_article(lex, s, a, &term.text, &mut buf.scratch) {
            rule.article = false;
        }
        apply(rule, &mut term.text);
        term.span = span;
    }
}

/// Writes the stem of analysis `a` of skeleton `s` into `out`, with its spelling restored
/// (للسلطة -> السلطة, حكومتها -> حكومة).
fn push_stem(s: &Skeleton, a: Analysis, out: &mut String) {
    let (sa, sb) = a.stem_range(s.len());
    // لله is ل + الله, and الله indexes without its article (as له): nothing is put back.
    if a.restore == Restore::Alef && s.chars.get(sa..sb) != Some(&crate::analysis::ALLAH_STEM[..]) {
        out.push('ا');
    }
    if sb <= sa {
        return;
    }
    let last = s.chars[sb - 1];
    let restored = match (a.restore, last) {
        (Restore::TaMarbuta, 'ت') => 'ة',
        (Restore::Hamza, 'ئ' | 'ؤ') => 'ء',
        // ى, folded to ي like every key.
        (Restore::AlefMaqsura, 'ا') => 'ي',
        _ => last,
    };
    // Letters of the Arabic block take two bytes each in the key: copy the stem but its last
    // letter in one go.
    if s.key.len() == 2 * s.len()
        && let Some(body) = s.key.get(2 * sa..2 * (sb - 1))
    {
        out.push_str(body);
    } else {
        out.extend(&s.chars[sa..sb - 1]);
    }
    out.push(restored);
    if a.restore == Restore::WawAlef && last == 'و' {
        out.push('ا');
    }
}

/// Whether the ال that the stem `stem` (of analysis `a` of `s`) starts with is the article.
/// Not when its alef carries a hamza (ألعاب, ألقى, إلغاء: the article's alef never does), nor
/// when the stem itself takes the article in the corpus more often than the rest occurs alone
/// (العاب, ألعاب written without its hamza: الألعاب is common, عاب rare; no word takes the
/// article twice). Otherwise ألعاب would index
/// as عاب and الألعاب as العاب, and neither would find the other.
fn article_letters_are_article(
    lex: &Lexicon,
    s: &Skeleton,
    a: Analysis,
    stem: &str,
    scratch: &mut String,
) -> bool {
    let (sa, _) = a.stem_range(s.len());
    if a.restore != Restore::Alef && sa < 64 && s.hamza_alef >> sa & 1 == 1 {
        return false;
    }
    scratch.clear();
    scratch.push_str("ال");
    scratch.push_str(stem);
    let with_article = lex.freq(scratch);
    // And only when that reading has more behind it than the word without ال (الفرد is
    // ال + فرد, though the corpus has a few الالفرد).
    with_article < 20 || with_article <= lex.freq(stem.get("ال".len()..).unwrap_or_default())
}

/// Applies a stemming rule to a stem, then folds ة to ه (the search-level spelling).
fn apply(rule: StemRule, w: &mut String) {
    if rule.article && w.starts_with("ال") {
        w.drain(.."ال".len());
    }
    for _ in 0..rule.cut {
        w.pop();
    }
    // ة is D8 A9 in UTF-8, and D8 only ever leads a character: a byte scan finds it (cheaper
    // than `str::find` on words this short).
    while let Some(i) = w.as_bytes().windows(2).position(|p| p == [0xD8, 0xA9]) {
        w.replace_range(i..i + 'ة'.len_utf8(), "ه");
    }
}

/// The stemming rule the analyser applies to the stem `stem` (its restored skeleton form):
/// what [`crate::train`] precomputes for every lexicon word.
pub fn stem_rule(lex: &Lexicon, s: &Skeleton, a: Analysis) -> StemRule {
    let mut stem = String::new();
    let (sa, sb) = a.stem_range(s.len());
    let a = if sb <= sa { Analysis::WHOLE } else { a };
    push_stem(s, a, &mut stem);
    light_stem(lex, &stem, &mut String::new())
}

/// Works out how to stem `w`: drop the article and inflectional suffixes. A protected name
/// keeps its suffixes (فرحان is not فرح + ان), and keeps its article unless the corpus knows
/// the rest as a word (البانيا stays; a newspaper called الوطن in a gazetteer still indexes as
/// وطن).
fn light_stem(lex: &Lexicon, w: &str, scratch: &mut String) -> StemRule {
    const AL: &str = "ال";
    let mut rule = StemRule::default();
    let mut body = w;
    if let Some(rest) = w.strip_prefix(AL)
        && rest.len() >= 4
        && (!lex.is_name(w) || lex.freq(rest) >= 20)
    {
        rule.article = true;
        body = rest;
    }
    if !lex.is_name(body) {
        rule.cut = suffix_len(lex, body, scratch);
    }
    rule
}

/// The letters of one inflectional suffix to remove, when what remains is at least three
/// letters and, for the suffixes that end many stems too (ان ون ين ات), the corpus knows the
/// remainder as a word.
fn suffix_len(lex: &Lexicon, w: &str, scratch: &mut String) -> u8 {
    let n = w.chars().count();
    if n <= 3 {
        return 0;
    }
    if w.ends_with('ة') {
        return 1;
    }
    let known = |base: &str, with_ta: bool, scratch: &mut String| {
        scratch.clear();
        scratch.push_str(base);
        scratch.push('ة');
        lex.freq(scratch) >= 20 || (!with_ta && lex.freq(base) >= 20)
    };
    for suf in ["تان", "تين", "ات", "ان", "ون", "ين"] {
        let Some(base) = w.strip_suffix(suf) else {
            continue;
        };
        let len = suf.chars().count();
        if n - len < 3 {
            continue;
        }
        // حكومتان -> حكوم (the dual of حكومة): the base must take ة.
        if known(base, suf.starts_with('ت'), scratch) {
            return len as u8;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    /// The search stem of a restored stem is its dictionary spelling, folded like every key.
    #[test]
    fn restored_stems_index_as_their_dictionary_form() {
        let stem = |w: &str, enc: u8, restore: Restore| {
            let mut out = String::new();
            let a = Analysis {
                conj: 0,
                prep: 0,
                enc,
                restore,
            };
            push_stem(&Skeleton::new(w), a, &mut out);
            out
        };
        assert_eq!(stem("يكتبوها", 2, Restore::WawAlef), "يكتبوا");
        assert_eq!(stem("رماها", 2, Restore::AlefMaqsura), "رمي");
        assert_eq!(stem("حكومتها", 2, Restore::TaMarbuta), "حكومة");
    }

    const TEXT: &str = "وبحكومتها وواشنطن للحكومات، وقالت الحكومة إن واشنطن وفيصل \
                        والحكومة #السلع_الاستهلاكية 2020 Biden وبحكومتها واشنطن.";

    /// A buffer reused across texts (its word cache warm) gives exactly the terms of a fresh
    /// buffer, in order, with the same spans.
    #[test]
    fn the_word_cache_changes_nothing() {
        let a = SearchAnalyzer::default();
        let fresh = a.terms(TEXT);
        let mut buf = SearchBuffers::default();
        for _ in 0..3 {
            let mut got = Vec::new();
            a.terms_into(TEXT, &mut buf, |t| got.push(t.clone()));
            assert_eq!(got, fresh);
        }
        // A word repeated inside one text hits the cache with its own offsets.
        let twice: Vec<Term> = a.terms("وبحكومتها وبحكومتها");
        assert_eq!(twice[0].text, twice[1].text);
        assert_eq!(
            twice[1].span.start - twice[0].span.start,
            "وبحكومتها ".len() as u32
        );
    }

    /// A word that starts with the letters of the article but not with the article keeps
    /// them, so that it and its form with the article index alike: ألعاب, العاب (its hamza
    /// left out) and الألعاب; إلغاء and الإلغاء; and a verb written with its hamza (ألقى).
    #[test]
    fn hamza_alef_and_lam_is_not_the_article() {
        let a = SearchAnalyzer::default();
        let term = |w: &str| {
            a.terms(w)
                .first()
                .map(|t| t.text.clone())
                .unwrap_or_default()
        };
        for group in [
            &["ألعاب", "العاب", "الألعاب", "والألعاب"][..],
            &["ألوان", "الألوان"],
            &["إلغاء", "الإلغاء"],
        ] {
            let first = term(group[0]);
            assert!(first.starts_with("ال"), "{} -> {first}", group[0]);
            for w in group {
                assert_eq!(term(w), first, "{w}");
            }
        }
        assert_eq!(term("ألقى"), "القي");
        // The article itself still comes off.
        for (with, without) in [
            ("الحكومة", "حكومة"),
            ("الفرد", "فرد"),
            ("الحق", "حق"),
            ("الأم", "أم"),
        ] {
            assert_eq!(term(with), term(without), "{with}");
        }
        assert_eq!(term("الإعلام"), term("إعلام"));
        // لله is ل + الله: one term with الله, whatever its dictionary form says.
        for w in ["لله", "ولله", "والله"] {
            assert_eq!(term(w), term("الله"), "{w}");
        }
    }

    /// Fills a slot of `cache`'s set for `hash` with `word`, if the cache admits it.
    fn fill(cache: &mut WordCache, hash: u64, word: &str) -> bool {
        match cache.victim(hash) {
            Some(slot) => {
                slot.word = word.to_string();
                true
            }
            None => false,
        }
    }

    /// A word in use outlives any number of words seen once in its set.
    #[test]
    fn the_word_cache_keeps_the_words_in_use() {
        let mut cache = WordCache::default();
        // Before `claim`, nothing is found and nothing admitted (no panic).
        assert!(cache.get(7, "و").is_none());
        assert!(!fill(&mut cache, 7, "و"));
        cache.claim(1);
        // Hashes that differ in their low bits only fall in one set.
        let h = 0xABCD_0000_0000_0000u64;
        assert!(fill(&mut cache, h, "في"));
        assert!(cache.get(h, "في").is_some());
        for k in 1..50u64 {
            assert!(fill(&mut cache, h + k, &format!("كلمة{k}")));
            assert!(cache.get(h, "في").is_some(), "after {k} words");
        }
        assert!(cache.get(h + 49, "كلمة49").is_some());
        // Another word under the same hash is not taken for it.
        assert!(cache.get(h, "من").is_none());
    }

    /// When every slot of a set is in use, a miss is not admitted but counts against them, so
    /// that a word that comes back gets in.
    #[test]
    fn the_word_cache_admits_a_word_that_returns() {
        let mut cache = WordCache::default();
        cache.claim(1);
        let h = 0x1234_0000_0000_0000u64;
        for k in 0..CACHE_WAYS as u64 {
            assert!(fill(&mut cache, h + k, &format!("كلمة{k}")));
            assert!(cache.get(h + k, &format!("كلمة{k}")).is_some());
        }
        let new = h + 100;
        assert!(!fill(&mut cache, new, "جديدة"));
        assert!(cache.get(new, "جديدة").is_none());
        assert!(fill(&mut cache, new, "جديدة"));
        assert!(cache.get(new, "جديدة").is_some());
        // A new analyser empties the cache.
        cache.claim(2);
        assert!(cache.get(new, "جديدة").is_none());
    }

    /// A buffer moved to an analyser with another segmenter forgets the first one's terms.
    #[test]
    fn the_word_cache_belongs_to_one_segmenter() {
        let embedded = SearchAnalyzer::default();
        // No lexicon and no weights: nothing is known to be a clitic-bearing word.
        let bare: &'static Segmenter =
            Box::leak(Box::new(Segmenter::new(Model::default(), Lexicon::empty())));
        let bare = SearchAnalyzer::new(bare);
        let mut buf = SearchBuffers::default();
        let with = |a: &SearchAnalyzer, buf: &mut SearchBuffers| {
            let mut got = Vec::new();
            a.terms_into("وبحكومتها", buf, |t| got.push(t.text.clone()));
            got
        };
        let first = with(&embedded, &mut buf);
        assert_eq!(first, ["حكوم"]);
        let other = with(&bare, &mut buf);
        assert_eq!(
            other,
            bare.terms("وبحكومتها")
                .iter()
                .map(|t| t.text.clone())
                .collect::<Vec<_>>()
        );
        assert_ne!(
            other, first,
            "the bare segmenter should read the word otherwise"
        );
        assert_eq!(with(&embedded, &mut buf), first);
    }
}
