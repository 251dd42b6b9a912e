//! From what a user types to a tantivy query.
//!
//! Words are analysed as the index analyses text (clitics split, light stem, names kept whole)
//! and combined with OR under BM25, as Lucene's classic query parser does. Text in quotes
//! (`"..."`, `«...»`, `“...”`) is a phrase that must occur; a word prefixed with `-` must not.
//! Each word is searched in the text and, with a boost, in the title. A question's
//! interrogatives (ما هو، متى، أين، كم...) are left out: the answer does not contain them.
//!
//! Name variants: a query word that the corpus does not know also matches a known name one
//! edit away (بلنكن finds بلينكن), and a known name also matches rarer unknown words one edit
//! away (بلينكن finds بلنكن). Two different known names (محمد, محمود) are never merged, nor
//! two unknown words, nor a name and a common word; words under five letters have no variants.

use std::collections::HashSet;
use std::ops::Bound;

use khabar_morph::{Lexicon, SearchAnalyzer, Segmenter, Skeleton};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TokenStream;
use tantivy::{Searcher, Term};

use crate::coverage::CoverageQuery;
use crate::store::{Fields, IndexError, day_to_datetime};

// Weights of the fields, relative to a match in the text. Chosen on ANT known-item queries
// sampled with seed 11 (the reported figures use seed 7): see BENCHMARKS.md.
/// A match in the title.
const TITLE_BOOST: f32 = 1.5;
/// A match in the lead (first 30 words), on top of the match in the text.
const LEAD_BOOST: f32 = 0.8;
/// A match of the coarse (Snowball) stem.
const ROOT_BOOST: f32 = 0.5;
/// A match of the word as printed.
const EXACT_BOOST: f32 = 0.3;
/// Weight of a match of a character 4-gram of a query word (see `store::grams`). Chosen,
/// with [`COVERAGE_POWER`], on the seed-11 ANT sample and the ARCD train half together.
const GRAM_BOOST: f32 = 0.5;
/// How strongly a document's score follows the share of the query's words it matches (see
/// [`CoverageQuery`]): 0 is plain BM25.
const COVERAGE_POWER: f32 = 0.3;
/// Weight of a Latin name one edit from the word typed (a constant score, not BM25).
const LATIN_FUZZY_BOOST: f32 = 2.0;
/// Weight of a name variant relative to the spelling the user typed.
const VARIANT_BOOST: f32 = 0.8;
/// Shortest word (in letters) matched to its variants, and shortest variant: shorter words
/// are one edit from too many others.
const MIN_VARIANT_LEN: usize = 5;
/// Most variants added per query word.
const MAX_VARIANTS: usize = 4;
/// Longest query accepted, in bytes.
pub const MAX_QUERY_LEN: usize = 4096;

/// A search: the query text, filters and the page wanted.
#[derive(Clone, Debug)]
pub struct SearchRequest {
    /// What the user typed.
    pub query: String,
    /// Only articles from this source.
    pub source: Option<String>,
    /// Only articles published on or after this day.
    pub from: Option<jiff::civil::Date>,
    /// Only articles published on or before this day.
    pub to: Option<jiff::civil::Date>,
    /// Hits per page.
    pub limit: usize,
    /// Hits to skip (for paging).
    pub offset: usize,
    /// Longest snippet, in characters.
    pub snippet_chars: usize,
    /// Only articles naming this entity (its canonical form, however hamza and alef maqsura
    /// are written).
    pub entity: Option<String>,
    /// Only articles quoting this speaker (an entity's canonical name).
    pub speaker: Option<String>,
    /// Only articles whose dates fall on or after this day.
    pub mentions_from: Option<jiff::civil::Date>,
    /// Only articles whose dates fall on or before this day.
    pub mentions_to: Option<jiff::civil::Date>,
    /// Count the top this-many entities of each type and sources over all matching articles
    /// (0: no counts).
    pub facets: usize,
    /// Read quotes and `-` as query syntax (phrases, exclusions); when false the query is
    /// plain words, as for a question or a headline pasted in.
    pub syntax: bool,
    /// An empty query with no filter matches every article (for browsing) instead of none.
    pub all_when_empty: bool,
    /// The order of the hits.
    pub sort: Sort,
}

/// The order of search hits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best BM25 score first.
    #[default]
    Relevance,
    /// Latest publication day first (undated articles last).
    Newest,
    /// Earliest publication day first (undated articles last).
    Oldest,
}

impl SearchRequest {
    /// A request for the first 10 hits of `query`, with no filter.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            source: None,
            from: None,
            to: None,
            limit: 10,
            offset: 0,
            snippet_chars: 200,
            entity: None,
            speaker: None,
            mentions_from: None,
            mentions_to: None,
            facets: 0,
            syntax: true,
            all_when_empty: false,
            sort: Sort::Relevance,
        }
    }
}

/// A query ready to run, and what to highlight.
pub(crate) struct Built {
    /// `None` when the request asks for nothing (an empty query and no filter).
    pub query: Option<Box<dyn Query>>,
    /// Index terms to mark in snippets.
    pub highlight: HashSet<String>,
    /// The terms searched for, in query order, variants included.
    pub terms: Vec<String>,
}

/// One piece of the query text.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Words(&'a str),
    Phrase(&'a str),
    Not(&'a str),
}

/// Splits the query text into phrases, excluded words and the rest. An unclosed quote runs to
/// the end.
fn pieces(q: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = q;
    while !rest.is_empty() {
        let open = rest
            .char_indices()
            .find(|&(_, c)| matches!(c, '"' | '«' | '“'));
        let (before, after) = match open {
            Some((i, c)) => {
                let close = match c {
                    '«' => '»',
                    '“' => '”',
                    _ => '"',
                };
                let inner = &rest[i + c.len_utf8()..];
                let (phrase, tail) = match inner.find(close) {
                    Some(j) => (&inner[..j], &inner[j + close.len_utf8()..]),
                    None => (inner, ""),
                };
                (&rest[..i], Some((phrase, tail)))
            }
            None => (rest, None),
        };
        for w in before.split_whitespace() {
            match w.strip_prefix('-') {
                Some(n) if !n.is_empty() => out.push(Piece::Not(n)),
                _ => out.push(Piece::Words(w)),
            }
        }
        match after {
            Some((phrase, tail)) => {
                if !phrase.trim().is_empty() {
                    out.push(Piece::Phrase(phrase));
                }
                rest = tail;
            }
            None => break,
        }
    }
    out
}

fn term_query(field: tantivy::schema::Field, text: &str, boost: f32) -> Box<dyn Query> {
    let q: Box<dyn Query> = Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ));
    if boost == 1.0 {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

/// Interrogatives as the search analyser writes them (ى as ي, أ as ا; لماذا and بماذا lose
/// their clitic): what a question asks for, not a word its answer contains. Lucene's Arabic
/// stop list drops the same words.
const QUESTION_WORDS: [&str; 11] = [
    "ما",
    "ماذا",
    "متي",
    "اين",
    "كيف",
    "كم",
    "هل",
    "لماذا",
    "اي",
    "ماهو",
    "ماهي",
];
/// Pronouns that, after an interrogative or من, are the copula of the question (ما هو،
/// من هي), not its subject.
const COPULAS: [&str; 4] = ["هو", "هي", "هم", "هما"];

/// Which of a query's terms to leave out: its interrogatives, and a pronoun right after an
/// interrogative or من. Nothing when that would leave no word (a query of ما هو alone).
fn question_terms(terms: &[&str]) -> Vec<bool> {
    let mut drop = vec![false; terms.len()];
    let mut prev_asks = false;
    for (i, t) in terms.iter().enumerate() {
        let asks = QUESTION_WORDS.contains(t);
        drop[i] = asks || (prev_asks && COPULAS.contains(t));
        prev_asks = asks || *t == "من";
    }
    if drop.iter().all(|&d| d) {
        drop.fill(false);
    }
    drop
}

/// Letters a name variant may gain or change (the search-level alphabet).
const LETTERS: &str = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي";

fn doc_freq(searcher: &Searcher, fields: &Fields, t: &str) -> u64 {
    [fields.text, fields.title]
        .iter()
        .map(|&f| searcher.doc_freq(&Term::from_field_text(f, t)).unwrap_or(0))
        .sum()
}

/// Whether `word` (an index term of a whole word) may be a spelling of a name: a known name,
/// or a word the corpus does not know.
fn name_like(lex: &Lexicon, word: &str, key: &mut Skeleton) -> (bool, bool) {
    key.fill(word);
    match lex.get(&key.key) {
        Some(e) if e.name => (true, true),
        Some(e) if e.freq > 0 => (false, false),
        _ => (true, false),
    }
}

/// Calls `f` with each word one edit (a letter dropped, changed or added, or two swapped) from
/// `word`, in the search-level alphabet, at least [`MIN_VARIANT_LEN`] letters long; nothing
/// for a shorter word or one with any other character. A variant may come more than once.
pub(crate) fn for_each_edit(word: &str, mut f: impl FnMut(&str)) {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() < MIN_VARIANT_LEN || !chars.iter().all(|c| LETTERS.contains(*c)) {
        return;
    }
    let mut buf = String::with_capacity(word.len() + 4);
    // The word with position `skip` left out and `put` written before position `at`.
    let mut emit = |skip: Option<usize>, at: usize, put: Option<char>, swap: bool| {
        buf.clear();
        for (i, &c) in chars.iter().enumerate() {
            if i == at
                && let Some(p) = put
            {
                buf.push(p);
            }
            if Some(i) == skip {
                continue;
            }
            if swap && i == at {
                buf.push(chars[i + 1]);
            } else if swap && i == at + 1 {
                buf.push(chars[at]);
            } else {
                buf.push(c);
            }
        }
        if at == chars.len()
            && let Some(p) = put
        {
            buf.push(p);
        }
        if buf.chars().count() >= MIN_VARIANT_LEN && buf != word {
            f(&buf);
        }
    };
    for i in 0..chars.len() {
        emit(Some(i), usize::MAX, None, false);
        for c in LETTERS.chars().filter(|&c| c != chars[i]) {
            emit(Some(i), i, Some(c), false);
        }
        if i + 1 < chars.len() && chars[i] != chars[i + 1] {
            emit(None, i, None, true);
        }
    }
    for i in 0..=chars.len() {
        for c in LETTERS.chars() {
            emit(None, i, Some(c), false);
        }
    }
}

/// The distinct words one edit from `word` (see [`for_each_edit`]), in generation order.
pub(crate) fn one_edit(word: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for_each_edit(word, |v| {
        if seen.insert(v.to_string()) {
            out.push(v.to_string());
        }
    });
    out
}

/// The entity keys that `exists` accepts one edit from `key` in one word, where that word is a
/// known name and the other spelling a word the corpus does not know (أنتوني بلينكن ->
/// أنتوني بلنكن): the keys that may stand for the same entity across articles. Two known
/// names (محمد, محمود) are never variants. `exists` is asked first: it is the cheap test.
pub(crate) fn entity_key_variants(
    lex: &Lexicon,
    key: &str,
    exists: impl Fn(&str) -> bool,
) -> Vec<String> {
    let words: Vec<&str> = key.split(' ').collect();
    let mut sk = Skeleton::default();
    let mut buf = String::new();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if name_like(lex, w, &mut sk) != (true, true) {
            continue;
        }
        for_each_edit(w, |v| {
            buf.clear();
            for (j, x) in words.iter().enumerate() {
                if j > 0 {
                    buf.push(' ');
                }
                buf.push_str(if j == i { v } else { x });
            }
            if exists(&buf) && name_like(lex, v, &mut sk) == (true, false) && !out.contains(&buf) {
                out.push(buf.clone());
            }
        });
    }
    out
}

/// Index terms one edit away from `term` that are spellings of the same name.
///
/// Each comes with its boost: [`VARIANT_BOOST`] times the ratio of the two words' inverse
/// document frequencies, so that a rare misspelling weighs no more than the name it stands for.
/// BM25's inverse document frequency among `n` articles. `df` counts title and text together,
/// so it can exceed `n`: capped, or a small index would get a negative idf (and a negative
/// boost).
fn idf(n: f32, df: u64) -> f32 {
    let df = (df as f32).min(n);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// `q_df` is the document frequency of `term` ([`doc_freq`]).
fn variants(
    searcher: &Searcher,
    fields: &Fields,
    lex: &Lexicon,
    term: &str,
    q_df: u64,
) -> Vec<(String, f32)> {
    let chars: Vec<char> = term.chars().collect();
    if chars.len() < MIN_VARIANT_LEN || !chars.iter().all(|c| LETTERS.contains(*c)) {
        return Vec::new();
    }
    let mut key = Skeleton::default();
    let (q_like, q_name) = name_like(lex, term, &mut key);
    if !q_like {
        return Vec::new();
    }
    let cands = one_edit(term);
    // A misspelling is rarer than the name it misspells.
    let mut found: Vec<(u64, String)> = cands
        .into_iter()
        .filter_map(|v| {
            let df = doc_freq(searcher, fields, &v);
            if df == 0 {
                return None;
            }
            let (v_like, v_name) = name_like(lex, &v, &mut key);
            // A misspelt name to the name (بلنكن -> بلينكن), or a name to its rarer
            // misspellings; never two names, nor two unknown words.
            let ok = v_like && q_name != v_name && (v_name || df <= q_df);
            ok.then_some((df, v))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    found.truncate(MAX_VARIANTS);
    let n = searcher.num_docs() as f32;
    let q_idf = idf(n, q_df.max(1));
    found
        .into_iter()
        .map(|(df, v)| (v, VARIANT_BOOST * (q_idf / idf(n, df)).clamp(0.0, 1.0)))
        .collect()
}

/// Builds the query for a request.
pub(crate) fn build(
    req: &SearchRequest,
    fields: &Fields,
    searcher: &Searcher,
) -> Result<Built, IndexError> {
    if req.query.len() > MAX_QUERY_LEN {
        return Err(IndexError::Query(format!(
            "the query is {} bytes long; the limit is {MAX_QUERY_LEN}",
            req.query.len()
        )));
    }
    let analyzer = SearchAnalyzer::default();
    let mut root = String::new();
    let lex = Segmenter::embedded().lexicon();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut highlight = HashSet::new();
    let mut terms = Vec::new();
    let mut seen = HashSet::new();
    let mut positive = false;
    // One group per query word, for the coverage factor.
    let mut groups: Vec<(Box<dyn Query>, f32)> = Vec::new();
    let mut gram_clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let n = searcher.num_docs() as f32;
    // Plain words one by one, so that each word's exact tokens go with its terms.
    let pieces: Vec<Piece<'_>> = if req.syntax {
        pieces(&req.query)
    } else {
        req.query.split_whitespace().map(Piece::Words).collect()
    };
    let word_terms: Vec<Vec<khabar_morph::search::Term>> = pieces
        .iter()
        .map(|p| match p {
            Piece::Words(w) => analyzer.terms(w),
            _ => Vec::new(),
        })
        .collect();
    let flat: Vec<&str> = word_terms
        .iter()
        .flatten()
        .map(|t| t.text.as_str())
        .collect();
    let mut asked = question_terms(&flat).into_iter();
    for (piece, ts) in pieces.into_iter().zip(word_terms) {
        match piece {
            Piece::Words(w) => {
                let keep: Vec<bool> = ts.iter().map(|_| !asked.next().unwrap_or(false)).collect();
                let ts: Vec<_> = ts
                    .into_iter()
                    .zip(&keep)
                    .filter(|p| *p.1)
                    .map(|p| p.0)
                    .collect();
                if ts.is_empty() && !keep.is_empty() {
                    // Only interrogatives: not even as exact words.
                    continue;
                }
                let mut exact = crate::store::exact_analyzer();
                let mut stream = exact.token_stream(w);
                while let Some(r) = stream.next() {
                    // Evidence, not a word of its own: it adds no coverage.
                    groups.push((term_query(fields.exact, &r.text, EXACT_BOOST), 0.0));
                }
                for t in ts {
                    if !seen.insert(t.text.clone()) {
                        continue;
                    }
                    positive = true;
                    let mut group: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                    let slice = t.span.slice(w).unwrap_or("");
                    crate::store::root(&t.text, &mut root);
                    group.push((Occur::Should, term_query(fields.roots, &root, ROOT_BOOST)));
                    // A word in Latin script may be a name the gazetteers romanise.
                    if t.text.len() >= 3 && t.text.chars().all(|c| c.is_ascii_alphabetic()) {
                        let term = Term::from_field_text(fields.latin, &t.text);
                        group.push((Occur::Should, term_query(fields.latin, &t.text, 1.0)));
                        if t.text.len() >= 5 {
                            // Blinken finds Blynken.
                            let fuzzy = FuzzyTermQuery::new(term, 1, true);
                            group.push((
                                Occur::Should,
                                Box::new(BoostQuery::new(Box::new(fuzzy), LATIN_FUZZY_BOOST)),
                            ));
                        }
                    }
                    let df = doc_freq(searcher, fields, &t.text);
                    // Only a whole word (no stem cut off) can be a name's spelling.
                    let whole = slice.chars().count() == t.text.chars().count();
                    let vars = if whole {
                        variants(searcher, fields, lex, &t.text, df)
                    } else {
                        Vec::new()
                    };
                    for (text, boost) in std::iter::once((t.text.as_str(), 1.0))
                        .chain(vars.iter().map(|(v, b)| (v.as_str(), *b)))
                    {
                        group.push((Occur::Should, term_query(fields.text, text, boost)));
                        group.push((
                            Occur::Should,
                            term_query(fields.title, text, boost * TITLE_BOOST),
                        ));
                        group.push((
                            Occur::Should,
                            term_query(fields.lead, text, boost * LEAD_BOOST),
                        ));
                        highlight.insert(text.to_string());
                        terms.push(text.to_string());
                    }
                    crate::store::grams(&t.text, |g| {
                        gram_clauses.push((Occur::Should, term_query(fields.grams, g, GRAM_BOOST)));
                    });
                    let cover = idf(n, df);
                    groups.push((Box::new(BooleanQuery::new(group)), cover));
                }
            }
            Piece::Phrase(p) => {
                let ts = analyzer.terms(p);
                let Some(first) = ts.first().map(|t| t.position) else {
                    continue;
                };
                positive = true;
                let mut per_field: Vec<Box<dyn Query>> = Vec::new();
                for field in [fields.text, fields.title] {
                    if ts.len() == 1 {
                        per_field.push(term_query(field, &ts[0].text, 1.0));
                    } else {
                        let with_pos = ts
                            .iter()
                            .map(|t| {
                                (
                                    (t.position - first) as usize,
                                    Term::from_field_text(field, &t.text),
                                )
                            })
                            .collect();
                        per_field.push(Box::new(PhraseQuery::new_with_offset(with_pos)));
                    }
                }
                let either =
                    BooleanQuery::new(per_field.into_iter().map(|q| (Occur::Should, q)).collect());
                clauses.push((Occur::Must, Box::new(either)));
                for t in ts {
                    highlight.insert(t.text.clone());
                    terms.push(t.text);
                }
            }
            Piece::Not(w) => {
                for t in analyzer.terms(w) {
                    for field in [fields.text, fields.title] {
                        clauses.push((Occur::MustNot, term_query(field, &t.text, 1.0)));
                    }
                }
            }
        }
    }
    if !groups.is_empty() {
        clauses.push((
            Occur::Should,
            Box::new(CoverageQuery::new(groups, COVERAGE_POWER)),
        ));
    }
    let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let exact = |field, text: &str| -> (Occur, Box<dyn Query>) {
        let term = Term::from_field_text(field, text);
        (
            Occur::Must,
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
        )
    };
    if let Some(s) = &req.source {
        filters.push(exact(fields.source, s));
    }
    if let Some(e) = &req.entity {
        // The entity and the misspellings of its name that the index has (as facets count
        // them).
        let key = crate::store::entity_key(e);
        let mut keys = vec![key.clone()];
        keys.extend(entity_key_variants(lex, &key, |v| {
            let t = Term::from_field_text(fields.entity_key, v);
            searcher.doc_freq(&t).unwrap_or(0) > 0
        }));
        let any: Vec<(Occur, Box<dyn Query>)> = keys
            .iter()
            .map(|k| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(fields.entity_key, k),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect();
        filters.push((Occur::Must, Box::new(BooleanQuery::new(any))));
    }
    if let Some(sp) = &req.speaker {
        filters.push(exact(fields.speaker, &crate::store::entity_key(sp)));
    }
    // Dates are stored at midnight of their day, so both ends are inclusive days.
    let days = |field, from: Option<jiff::civil::Date>, to: Option<jiff::civil::Date>| {
        let bound = |d: Option<jiff::civil::Date>| match d {
            None => Bound::Unbounded,
            Some(d) => Bound::Included(Term::from_field_date_for_search(field, day_to_datetime(d))),
        };
        let q: Box<dyn Query> = Box::new(RangeQuery::new(bound(from), bound(to)));
        (Occur::Must, q)
    };
    if req.mentions_from.is_some() || req.mentions_to.is_some() {
        filters.push(days(fields.mentions, req.mentions_from, req.mentions_to));
    }
    if req.from.is_some() || req.to.is_some() {
        filters.push(days(fields.published, req.from, req.to));
    }
    if !positive && filters.is_empty() && !req.all_when_empty {
        return Ok(Built {
            query: None,
            highlight,
            terms,
        });
    }
    if !positive {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    if !gram_clauses.is_empty() {
        // Grams rank what the words found but find nothing on their own: a 4-gram of
        // بلينكن is also one of بليون.
        clauses = vec![
            (Occur::Must, Box::new(BooleanQuery::new(clauses))),
            (Occur::Should, Box::new(BooleanQuery::new(gram_clauses))),
        ];
    }
    let query: Box<dyn Query> = if filters.is_empty() {
        Box::new(BooleanQuery::new(clauses))
    } else {
        filters.push((Occur::Must, Box::new(BooleanQuery::new(clauses))));
        Box::new(BooleanQuery::new(filters))
    };
    Ok(Built {
        query: Some(query),
        highlight,
        terms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_lose_their_interrogatives_and_copulas() {
        let kept = |ts: &[&str]| -> Vec<String> {
            let drop = question_terms(ts);
            assert_eq!(drop.len(), ts.len());
            ts.iter()
                .zip(drop)
                .filter(|p| !p.1)
                .map(|p| p.0.to_string())
                .collect()
        };
        assert_eq!(kept(&["ما", "هو", "عاصم", "فرنس"]), ["عاصم", "فرنس"]);
        assert_eq!(kept(&["متي", "ولد", "شاعر"]), ["ولد", "شاعر"]);
        assert_eq!(kept(&["ماهي", "عاصم", "مصر"]), ["عاصم", "مصر"]);
        // من is also a preposition: kept, but the copula after it goes.
        assert_eq!(
            kept(&["من", "هي", "رئيس", "وزراء"]),
            ["من", "رئيس", "وزراء"]
        );
        // A pronoun anywhere else is a word of the query.
        assert_eq!(kept(&["قال", "هو", "امس"]), ["قال", "هو", "امس"]);
        // Nothing but question words: all kept.
        assert_eq!(kept(&["ما", "هو"]), ["ما", "هو"]);
        assert!(kept(&[]).is_empty());
    }

    #[test]
    fn grams_are_marked_four_letter_windows_of_arabic_terms() {
        let all = |t: &str| {
            let mut v = Vec::new();
            crate::store::grams(t, |g| v.push(g.to_string()));
            v
        };
        assert_eq!(all("حكوم"), ["_حكو", "حكوم", "كوم_"]);
        assert_eq!(all("في"), ["_في_"]);
        assert_eq!(all("عمر"), ["_عمر", "عمر_"]);
        assert!(all("blinken").is_empty());
        assert!(all("2021").is_empty());
        assert!(all("").is_empty());
    }

    #[test]
    fn one_edit_is_every_deletion_substitution_swap_and_insertion() {
        let w = "بلينكن";
        let edits = one_edit(w);
        let chars: Vec<char> = w.chars().collect();
        let n = chars.len();
        let letters = LETTERS.chars().count();
        // Deletions, substitutions and insertions are distinct words here (some coincide, so
        // the exact count is at most the sum).
        assert!(edits.len() <= n + n * (letters - 1) + (n - 1) + (n + 1) * letters);
        for v in ["بلنكن", "بلينك", "بليكن", "بلينكنن", "يلينكن", "بيلنكن"]
        {
            assert!(edits.contains(&v.to_string()), "{v}");
        }
        assert!(!edits.contains(&w.to_string()));
        assert!(one_edit("بلين").is_empty(), "too short");
        assert!(one_edit("blinken").is_empty(), "not Arabic letters");
    }

    #[test]
    fn pieces_split_phrases_and_exclusions() {
        assert_eq!(
            pieces(r#"بلنكن "وزير الخارجية" -ترامب «العراق» “ايران"#),
            [
                Piece::Words("بلنكن"),
                Piece::Phrase("وزير الخارجية"),
                Piece::Not("ترامب"),
                Piece::Phrase("العراق"),
                Piece::Phrase("ايران"),
            ]
        );
        assert_eq!(pieces("  "), []);
        assert_eq!(pieces(r#""""#), []);
        assert_eq!(pieces("- a"), [Piece::Words("-"), Piece::Words("a")]);
    }
}
