//! `khabar train keywords` and `khabar eval keywords`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use khabar::extract::keywords::{DocFreq, DocFreqBuilder, Keyword, KeywordFinder, TokenTerms};
use khabar::morph::SearchAnalyzer;
use khabar::morph::search::SearchBuffers;
use khabar::text::{Level, Normalizer, TokenKind};
use khabar::{Article, Document, Pipeline};
use rayon::prelude::*;

use crate::input::{ANT_CORPORA, ant_articles};
use crate::search::sample;

/// The cap on a term's weight (see `khabar_extract::keywords`): terms in fewer than about one
/// news article in 20 all weigh the same.
const CAP: f32 = 3.0;

/// Arguments of `khabar train keywords`.
#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    /// The shared data folder (with news/).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write docfreq.bin.
    #[arg(long, value_name = "DIR", default_value = "crates/extract/models")]
    out: PathBuf,
}

/// Arguments of `khabar eval keywords`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// The shared data folder (with news/).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Articles of ANT multisource to score (sampled among those whose headline has at least
    /// three content words).
    #[arg(long, default_value_t = 1000)]
    articles: usize,
    /// Seed of the sample.
    #[arg(long, default_value_t = 7)]
    seed: u64,
}

/// The articles of the ANT corpora, one list a corpus (multisource first).
fn read_ant(data: &Path) -> Result<Vec<Vec<Article>>> {
    ANT_CORPORA
        .iter()
        .map(|name| {
            let path = data.join("news").join(name);
            ant_articles(&path)
                .with_context(|| format!("cannot read the ANT corpus at {}", path.display()))
        })
        .collect()
}

/// An article's headline ("" when it has none).
fn title(a: &Article) -> &str {
    a.title.as_deref().unwrap_or("")
}

/// Counts the document frequency of khabar's terms over `records` (title and text together),
/// leaving out those in `held_out`.
fn count(records: &[&Article], held_out: &HashSet<usize>) -> DocFreqBuilder {
    let analyzer = SearchAnalyzer::default();
    let mut b = DocFreqBuilder::new();
    let mut terms: Vec<String> = Vec::new();
    SearchBuffers::with_thread_buffers(|buf| {
        for (i, r) in records.iter().enumerate() {
            if held_out.contains(&i) {
                continue;
            }
            terms.clear();
            for text in [title(r), &r.text] {
                analyzer.terms_into(text, buf, |t| terms.push(t.text.clone()));
            }
            b.add_document(terms.iter().map(String::as_str));
        }
    });
    b
}

/// `khabar train keywords`: the document frequencies of the terms common in ANT news.
pub fn train(args: TrainArgs) -> Result<ExitCode> {
    let corpora = read_ant(&args.data)?;
    let records: Vec<&Article> = corpora.iter().flatten().collect();
    if records.is_empty() {
        bail!("no ANT articles under {}", args.data.join("news").display());
    }
    let b = count(&records, &HashSet::new());
    let bytes = b.to_bytes(CAP);
    let table = DocFreq::from_bytes(&bytes)?;
    let path = args.out.join("docfreq.bin");
    std::fs::write(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
    println!(
        "{} documents, {} terms weigh under the cap {CAP}: {} ({} bytes)",
        table.docs(),
        table.len(),
        path.display(),
        bytes.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// A title's content terms: what a keyword list is scored against.
fn title_terms(finder: &KeywordFinder, analyzer: &SearchAnalyzer, title: &str) -> HashSet<String> {
    analyzer
        .terms(title)
        .into_iter()
        .map(|t| t.text)
        .filter(|t| content(finder, t))
        .collect()
}

fn content(finder: &KeywordFinder, t: &str) -> bool {
    t.chars().count() >= 2 && !t.bytes().any(|b| b.is_ascii_digit()) && !finder.is_stop(t)
}

/// Precision and recall sums of one system at cut-offs 5 and 10.
#[derive(Default, Clone, Copy)]
struct Score {
    p: [f64; 2],
    r: [f64; 2],
}

/// Scores a ranked list of keywords, each given as its set of terms.
fn score(list: &[HashSet<String>], gold: &HashSet<String>) -> Score {
    let mut s = Score::default();
    for (k, cut) in [5usize, 10].into_iter().enumerate() {
        let top = &list[..list.len().min(cut)];
        if top.is_empty() {
            continue;
        }
        let hits = top
            .iter()
            .filter(|t| t.iter().any(|x| gold.contains(x)))
            .count();
        let covered: HashSet<&String> =
            top.iter().flatten().filter(|x| gold.contains(*x)).collect();
        s.p[k] = hits as f64 / top.len() as f64;
        s.r[k] = covered.len() as f64 / gold.len() as f64;
    }
    s
}

/// khabar's keywords, with a table that has not seen the article.
fn khabar_list(finder: &KeywordFinder, doc: &Document, terms: &TokenTerms) -> Vec<Keyword> {
    let skip = doc.no_keyword_tokens();
    finder.find_with(&doc.keyword_input(&skip), terms, 10)
}

/// The ten most frequent content terms (khabar's terms, no weights, entities or phrases).
fn frequency_list(finder: &KeywordFinder, terms: &TokenTerms) -> Vec<String> {
    let mut counts: HashMap<&str, (u32, usize)> = HashMap::new();
    for i in 0..terms.len() {
        let t = terms.term(i);
        if content(finder, t) {
            counts.entry(t).or_insert((0, i)).0 += 1;
        }
    }
    let mut v: Vec<(&str, (u32, usize))> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
    v.into_iter().take(10).map(|(t, _)| t.to_string()).collect()
}

/// The ten words of highest tf-idf, words taken as they are written (search-level normal
/// form, clitics attached, no stem), with their own document frequencies.
fn words_list(doc: &Document, df: &DocFreq, stop: &HashSet<String>) -> Vec<String> {
    let mut counts: HashMap<&str, (u32, usize)> = HashMap::new();
    for (i, t) in doc.text.tokens.iter().enumerate() {
        if !matches!(t.kind, TokenKind::Word | TokenKind::Latin) {
            continue;
        }
        let w = doc.text.norm(t);
        if w.chars().count() >= 2 && !stop.contains(w) {
            counts.entry(w).or_insert((0, i)).0 += 1;
        }
    }
    let mut v: Vec<(f32, usize, &str)> = counts
        .into_iter()
        .map(|(w, (c, first))| (c as f32 * df.weight(w), first, w))
        .collect();
    v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    v.into_iter()
        .take(10)
        .map(|(_, _, w)| w.to_string())
        .collect()
}

/// `khabar eval keywords`: each sampled ANT article is analysed without its headline, and its
/// keywords are scored against the headline's content words.
pub fn evaluate(args: EvalArgs) -> Result<ExitCode> {
    let corpora = read_ant(&args.data)?;
    let records: Vec<&Article> = corpora.iter().flatten().collect();
    let multisource = corpora.first().map_or(0, Vec::len);
    let analyzer = SearchAnalyzer::default();
    let probe = KeywordFinder::new(DocFreq::default(), analyzer.clone());
    let eligible: Vec<usize> = (0..multisource)
        .filter(|&i| title_terms(&probe, &analyzer, title(records[i])).len() >= 3)
        .collect();
    if eligible.is_empty() {
        bail!("no ANT article with a headline of three content words");
    }
    let picked: Vec<usize> = sample(eligible.len(), args.articles, args.seed)
        .into_iter()
        .map(|k| eligible[k])
        .collect();
    let held_out: HashSet<usize> = picked.iter().copied().collect();
    // Both tables are counted without the scored articles.
    let finder = KeywordFinder::new(count(&records, &held_out).build(CAP), analyzer.clone());
    let normalizer = Normalizer::new(Level::Search);
    let mut words_df = DocFreqBuilder::new();
    for (i, r) in records.iter().enumerate() {
        if held_out.contains(&i) {
            continue;
        }
        let mut words = Vec::new();
        for text in [title(r), &r.text] {
            let n = normalizer.normalize(text);
            words.extend(n.as_str().split_whitespace().map(str::to_string));
        }
        words_df.add_document(words.iter().map(String::as_str));
    }
    // No cap: plain idf.
    let words_df = words_df.build(f32::MAX);
    let stop_words: HashSet<String> = khabar::extract::keywords::STOP_WORDS
        .split_whitespace()
        .map(|w| normalizer.normalize(w).as_str().to_string())
        .collect();

    let pipeline = Pipeline::default();
    let term_sets = |words: &[String]| -> Vec<HashSet<String>> {
        words
            .iter()
            .map(|w| analyzer.terms(w).into_iter().map(|t| t.text).collect())
            .collect()
    };
    let scores: Vec<[Score; 3]> = picked
        .par_iter()
        .filter_map(|&i| {
            let r = records[i];
            let gold = title_terms(&finder, &analyzer, title(r));
            let mut article = Article::new(r.text.clone());
            article.published = r.published.clone();
            let doc = pipeline.analyze(article).ok()?;
            let mut terms = TokenTerms::default();
            finder.token_terms(
                doc.original(),
                doc.text.normalized.as_str(),
                &doc.text.tokens,
                Some(&doc.morph.analyses),
                &mut terms,
            );
            let k: Vec<HashSet<String>> = khabar_list(&finder, &doc, &terms)
                .iter()
                .map(|k| k.term.split(' ').map(str::to_string).collect())
                .collect();
            let f = term_sets(&frequency_list(&finder, &terms));
            let w = term_sets(&words_list(&doc, &words_df, &stop_words));
            Some([score(&k, &gold), score(&f, &gold), score(&w, &gold)])
        })
        .collect();
    let n = scores.len().max(1) as f64;
    println!(
        "ANT multisource, {} articles (seed {}), analysed without their headlines; a keyword \
         is right when one of its words is a content word of the headline.\n",
        scores.len(),
        args.seed
    );
    println!("| keywords | P@5 | R@5 | P@10 | R@10 | F1@10 |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (s, name) in [
        "**khabar** (entities, words and phrases; weights; lead)",
        "most frequent content words (khabar's terms)",
        "tf-idf of the words as written (no segmentation)",
    ]
    .iter()
    .enumerate()
    {
        let sum = |f: fn(&Score) -> f64| scores.iter().map(|x| f(&x[s])).sum::<f64>() / n;
        let (p5, r5) = (sum(|x| x.p[0]), sum(|x| x.r[0]));
        let (p10, r10) = (sum(|x| x.p[1]), sum(|x| x.r[1]));
        let f1 = if p10 + r10 > 0.0 {
            2.0 * p10 * r10 / (p10 + r10)
        } else {
            0.0
        };
        println!(
            "| {name} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
            100.0 * p5,
            100.0 * r5,
            100.0 * p10,
            100.0 * r10,
            100.0 * f1
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(words: &[&str]) -> HashSet<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn scoring_counts_keywords_that_touch_the_headline() {
        let gold = set(&["حكوم", "انتخاب", "عراق"]);
        let list = vec![
            set(&["انتخاب", "مبكر"]),
            set(&["زلزال"]),
            set(&["عراق"]),
            set(&["انتخاب"]),
        ];
        let s = score(&list, &gold);
        assert!((s.p[0] - 0.75).abs() < 1e-9);
        assert!((s.r[0] - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(score(&[], &gold).p[1], 0.0);
    }
}
