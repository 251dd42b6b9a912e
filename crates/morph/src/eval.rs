//! Evaluation against a CoNLL-U treebank: "words" F1 as in the CoNLL 2018 shared task, where a
//! system word counts as correct when it covers exactly the characters of a gold word, plus a
//! breakdown by clitic; and k-fold cross-validation for treebanks too small to hold out a test
//! set (UD Arabic PUD has 1,000 sentences).

use std::collections::BTreeMap;

use khabar_text::{Span, TextPipeline, TokenKind};

use crate::MorphError;
use crate::analysis::{CONJ, ENCLITICS, PREP, is_arabic_letter, segments};
use crate::lexicon::Lexicon;
use crate::segmenter::{Buffers, Segmenter};
use crate::skeleton::Skeleton;
use crate::train::{Example, TrainOptions, TrainReport, train};

/// One sentence of a treebank: its words and whether a space follows each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// `sent_id`, if given.
    pub id: Option<String>,
    /// Word forms and whether a space follows (no `SpaceAfter=No`).
    pub words: Vec<(String, bool)>,
}

impl Sentence {
    /// The raw text the words rebuild, and each word's byte span in it.
    pub fn text(&self) -> (String, Vec<Span>) {
        let mut text = String::new();
        let mut spans = Vec::with_capacity(self.words.len());
        for (form, space) in &self.words {
            let start = text.len() as u32;
            text.push_str(form);
            spans.push(Span::new(start, text.len() as u32));
            if *space {
                text.push(' ');
            }
        }
        (text, spans)
    }

    /// Training examples: each run of Arabic words written together (a surface word) with
    /// where the gold words cut it.
    pub fn examples(&self, out: &mut Vec<Example>) {
        let arabic = |w: &str| {
            !w.is_empty()
                && w.chars()
                    .all(|c| is_arabic_letter(c) || crate::skeleton::is_ignorable(c))
        };
        let mut run: Vec<&str> = Vec::new();
        let flush = |run: &mut Vec<&str>, out: &mut Vec<Example>| {
            if run.is_empty() {
                return;
            }
            let mut word = String::new();
            let mut cuts = Vec::new();
            for (i, w) in run.iter().enumerate() {
                if i > 0 {
                    cuts.push(word.len() as u32);
                }
                word.push_str(w);
            }
            out.push(Example { word, cuts });
            run.clear();
        };
        for (form, space) in &self.words {
            if arabic(form) {
                run.push(form);
                if *space {
                    flush(&mut run, out);
                }
            } else {
                flush(&mut run, out);
            }
        }
        flush(&mut run, out);
    }
}

/// Parses CoNLL-U text. Multi-word token lines are accepted when their words spell the token
/// exactly (then the words are its slices); otherwise the words are not slices of the text and
/// "words" F1 by character spans does not apply, which is reported as an error.
pub fn parse_conllu(text: &str) -> Result<Vec<Sentence>, MorphError> {
    let mut out = Vec::new();
    let mut cur = Sentence {
        id: None,
        words: Vec::new(),
    };
    // An open multi-word token: its last word id, surface form, whether a space follows, and
    // the words seen so far.
    let mut mwt: Option<(usize, String, bool, String)> = None;
    for (no, line) in text.lines().enumerate() {
        let line_no = no + 1;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::replace(
                    &mut cur,
                    Sentence {
                        id: None,
                        words: Vec::new(),
                    },
                ));
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix('#') {
            if let Some(id) = rest.trim().strip_prefix("sent_id =") {
                cur.id = Some(id.trim().to_string());
            }
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 10 {
            return Err(MorphError::Conllu {
                line: line_no,
                message: format!("expected 10 tab-separated fields, found {}", f.len()),
            });
        }
        let space = !f[9].split('|').any(|m| m == "SpaceAfter=No");
        if let Some((a, b)) = f[0].split_once('-') {
            let (Ok(_), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
                return Err(MorphError::Conllu {
                    line: line_no,
                    message: format!("bad multi-word token range `{}`", f[0]),
                });
            };
            mwt = Some((b, f[1].to_string(), space, String::new()));
            continue;
        }
        if f[0].contains('.') {
            continue; // empty nodes are not in the text
        }
        let Ok(id) = f[0].parse::<usize>() else {
            return Err(MorphError::Conllu {
                line: line_no,
                message: format!("bad word id `{}`", f[0]),
            });
        };
        match &mut mwt {
            Some((last, surface, mwt_space, seen)) => {
                seen.push_str(f[1]);
                let end = id >= *last;
                cur.words.push((f[1].to_string(), end && *mwt_space));
                if end {
                    if seen != surface {
                        return Err(MorphError::Conllu {
                            line: line_no,
                            message: format!(
                                "the words of multi-word token `{surface}` spell `{seen}`, not the token: \
                                 only treebanks whose words are slices of the text (like UD Arabic PUD) can be scored by character spans"
                            ),
                        });
                    }
                    mwt = None;
                }
            }
            None => cur.words.push((f[1].to_string(), space)),
        }
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

pub use khabar_text::metrics::Counts;

/// The result of an evaluation.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    /// Sentences scored.
    pub sentences: usize,
    /// All words ("words" F1).
    pub words: Counts,
    /// Per clitic: `و+`, `ب+`, `+ها`...
    pub clitics: BTreeMap<String, Counts>,
    /// Surface words (text between spaces) split differently from the gold standard: (word,
    /// gold, system), with the pieces joined by `+`. Includes punctuation and numbers, which
    /// count in "words" F1 too.
    pub errors: Vec<(String, String, String)>,
}

impl Evaluation {
    fn merge(&mut self, o: Evaluation) {
        self.sentences += o.sentences;
        self.words += o.words;
        for (k, c) in o.clitics {
            *self.clitics.entry(k).or_default() += c;
        }
        self.errors.extend(o.errors);
    }

    /// The most frequent errors, most frequent first: (count, word, gold, system).
    pub fn top_errors(&self, n: usize) -> Vec<(usize, &str, &str, &str)> {
        let mut m: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
        for (w, g, s) in &self.errors {
            *m.entry((w, g, s)).or_default() += 1;
        }
        let mut v: Vec<_> = m.into_iter().map(|((w, g, s), c)| (c, w, g, s)).collect();
        v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        v.truncate(n);
        v
    }
}

/// The clitic labels of a segmented surface word: proclitics as `x+`, an enclitic as `+x`, at
/// their byte ranges.
fn clitic_labels(word: &str, cuts: &[u32]) -> Vec<(String, u32, u32)> {
    let mut bounds = vec![0u32];
    bounds.extend_from_slice(cuts);
    bounds.push(word.len() as u32);
    let parts: Vec<(u32, u32)> = bounds.windows(2).map(|w| (w[0], w[1])).collect();
    let mut out = Vec::new();
    if parts.len() < 2 {
        return out;
    }
    let text = |(a, b): (u32, u32)| crate::skeleton::key(&word[a as usize..b as usize]);
    let mut i = 0;
    while i + 1 < parts.len() {
        let t = text(parts[i]);
        let mut cs = t.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) if CONJ.contains(&c) || PREP.contains(&c) => {
                out.push((format!("{t}+"), parts[i].0, parts[i].1));
                i += 1;
            }
            _ => break,
        }
    }
    if i + 1 < parts.len() {
        let last = parts[parts.len() - 1];
        let t = text(last);
        if ENCLITICS.contains(&t.as_str()) {
            out.push((format!("+{t}"), last.0, last.1));
        }
    }
    out
}

fn join(word: &str, cuts: &[u32]) -> String {
    let mut s = String::new();
    let mut prev = 0;
    for &c in cuts {
        s.push_str(&word[prev as usize..c as usize]);
        s.push('+');
        prev = c;
    }
    s.push_str(&word[prev as usize..]);
    s
}

/// Scores `seg` (after khabar's tokeniser) on `sentences`.
pub fn evaluate(seg: &Segmenter, sentences: &[Sentence]) -> Evaluation {
    let pipeline = TextPipeline::default();
    let mut ev = Evaluation::default();
    let mut buf = Buffers::default();
    let mut sk = Skeleton::default();
    let mut segs = Vec::new();
    for sent in sentences {
        ev.sentences += 1;
        let (text, gold) = sent.text();
        let Ok(analysis) = pipeline.analyze(&text) else {
            continue;
        };
        // System words, and for Arabic words their cuts.
        let mut system: Vec<(Span, TokenKind)> = Vec::new();
        let mut sys_words: BTreeMap<(u32, u32), Vec<u32>> = BTreeMap::new();
        for t in &analysis.tokens {
            if t.kind != TokenKind::Word {
                system.push((t.span, t.kind));
                continue;
            }
            let word = &text[t.span.range()];
            sk.fill(word);
            let a = seg.analyze_with(&sk, &mut buf);
            segs.clear();
            segments(word, &sk, a, &mut segs);
            for s in &segs {
                system.push((
                    Span::new(t.span.start + s.start, t.span.start + s.end),
                    t.kind,
                ));
            }
            let cuts = segs.iter().skip(1).map(|s| s.start).collect();
            sys_words.insert((t.span.start, t.span.end), cuts);
        }
        let system = ud_words(&text, &system);
        let gold_set: std::collections::HashSet<Span> = gold.iter().copied().collect();
        ev.words.gold += gold.len();
        ev.words.system += system.len();
        ev.words.correct += system.iter().filter(|s| gold_set.contains(s)).count();

        // Gold surface words: maximal runs of words written together.
        let mut start = 0;
        for i in 0..gold.len() {
            let end_of_run = sent.words[i].1 || i + 1 == gold.len();
            if !end_of_run {
                continue;
            }
            let run = &gold[start..=i];
            start = i + 1;
            let (rs, re) = (run[0].start, run[run.len() - 1].end);
            let sys_in: Vec<Span> = system
                .iter()
                .copied()
                .filter(|s| s.start < re && s.end > rs)
                .collect();
            if sys_in.as_slice() != run {
                let surface = &text[rs as usize..re as usize];
                let cut = |spans: &[Span]| -> Vec<u32> {
                    spans
                        .iter()
                        .skip(1)
                        .filter(|s| s.start > rs && s.start < re)
                        .map(|s| s.start - rs)
                        .collect()
                };
                ev.errors.push((
                    surface.to_string(),
                    join(surface, &cut(run)),
                    join(surface, &cut(&sys_in)),
                ));
            }
            // Score only the Arabic part of the run, the part the segmenter sees: the token
            // khabar found at the run's Arabic words.
            for (&(ts, te), sys_cuts) in
                sys_words.range((run[0].start, 0)..(run[run.len() - 1].end + 1, 0))
            {
                let inside: Vec<&Span> = run
                    .iter()
                    .filter(|s| s.start >= ts && s.end <= te)
                    .collect();
                let word = &text[ts as usize..te as usize];
                let gold_cuts: Vec<u32> = if inside.first().is_some_and(|s| s.start == ts)
                    && inside.last().is_some_and(|s| s.end == te)
                {
                    inside.iter().skip(1).map(|s| s.start - ts).collect()
                } else {
                    continue; // the tokeniser and the treebank disagree on the word itself
                };
                let g = clitic_labels(word, &gold_cuts);
                let s = clitic_labels(word, sys_cuts);
                for (label, a, b) in &g {
                    let c = ev.clitics.entry(label.clone()).or_default();
                    c.gold += 1;
                    if s.iter().any(|(l, x, y)| l == label && x == a && y == b) {
                        c.correct += 1;
                    }
                }
                for (label, _, _) in &s {
                    ev.clitics.entry(label.clone()).or_default().system += 1;
                }
            }
        }
    }
    ev
}

/// Converts khabar's tokens and segments to the word conventions of Universal Dependencies for
/// Arabic, where they differ from khabar's tokens: `%` is a word of its own (`10` `%`), a clock
/// time is one word (`10:00`), and so is a tatweel standing for a dash at the edge of a word
/// (`الأهمـ` is `الأهم` `ـ`).
pub fn ud_words(text: &str, words: &[(Span, TokenKind)]) -> Vec<Span> {
    let slice = |s: Span| &text[s.range()];
    // Split first: percent signs and dash-like tatweels.
    let mut split: Vec<(Span, TokenKind)> = Vec::with_capacity(words.len());
    for (i, &(s, k)) in words.iter().enumerate() {
        let w = slice(s);
        if k == TokenKind::Number
            && let Some(pct) = w.chars().last().filter(|c| matches!(c, '%' | '٪'))
            && w.len() > pct.len_utf8()
        {
            let cut = s.end - pct.len_utf8() as u32;
            split.push((Span::new(s.start, cut), k));
            split.push((Span::new(cut, s.end), TokenKind::Punct));
            continue;
        }
        if k == TokenKind::Word && w.chars().any(|c| c != 'ـ') {
            // A tatweel just before the word, outside every token (ـأو).
            let before = text[..s.start as usize].trim_end_matches('ـ').len() as u32;
            let prev_end = if i == 0 { 0 } else { words[i - 1].0.end };
            if before < s.start && before >= prev_end {
                split.push((Span::new(before, s.start), TokenKind::Punct));
            }
            let lead = (w.len() - w.trim_start_matches('ـ').len()) as u32;
            // A trailing tatweel before a glued number or Latin word marks the clitic (بـCNN).
            let glued = words.get(i + 1).is_some_and(|&(n, nk)| {
                n.start == s.end && nk != TokenKind::Word && nk != TokenKind::Punct
            });
            let trail = if glued {
                0
            } else {
                (w.len() - w.trim_end_matches('ـ').len()) as u32
            };
            if lead > 0 {
                split.push((Span::new(s.start, s.start + lead), TokenKind::Punct));
            }
            split.push((Span::new(s.start + lead, s.end - trail), k));
            if trail > 0 {
                split.push((Span::new(s.end - trail, s.end), TokenKind::Punct));
            }
            continue;
        }
        split.push((s, k));
    }
    // Then join what UD keeps together.
    let mut out: Vec<Span> = Vec::with_capacity(split.len());
    let mut i = 0;
    while i < split.len() {
        let (mut cur, k) = split[i];
        i += 1;
        let joins = |a: Span, b: Span| a.end == b.start;
        if k == TokenKind::Number {
            // 10:00
            while i + 1 < split.len()
                && slice(split[i].0) == ":"
                && split[i + 1].1 == TokenKind::Number
                && joins(cur, split[i].0)
                && joins(split[i].0, split[i + 1].0)
            {
                cur.end = split[i + 1].0.end;
                i += 2;
            }
        }
        out.push(cur);
    }
    out
}

/// The result of cross-validation.
#[derive(Clone, Debug, Default)]
pub struct CrossValidation {
    /// The evaluation over all held-out folds together.
    pub total: Evaluation,
    /// "words" F1 of each fold.
    pub folds: Vec<f64>,
    /// Training reports of each fold.
    pub reports: Vec<TrainReport>,
}

/// `k`-fold cross-validation on contiguous blocks of sentences (whole documents stay
/// together, so no fold sees the vocabulary of the document it is tested on), training on the
/// other folds with corpus evidence from `lexicon`. The lexicon's precomputed analyses are
/// ignored.
pub fn cross_validate(
    lexicon: &Lexicon,
    sentences: &[Sentence],
    k: usize,
    opts: TrainOptions,
) -> CrossValidation {
    let k = k.clamp(2, sentences.len().max(2));
    let n = sentences.len();
    let mut cv = CrossValidation::default();
    for fold in 0..k {
        let (lo, hi) = (fold * n / k, (fold + 1) * n / k);
        let mut examples = Vec::new();
        for (i, s) in sentences.iter().enumerate() {
            if i < lo || i >= hi {
                s.examples(&mut examples);
            }
        }
        let (model, report) = train(lexicon, &examples, opts);
        let seg = Segmenter::new(model, lexicon.clone()).without_table();
        let ev = evaluate(&seg, &sentences[lo..hi]);
        cv.folds.push(ev.words.f1());
        cv.reports.push(report);
        cv.total.merge(ev);
    }
    cv
}
