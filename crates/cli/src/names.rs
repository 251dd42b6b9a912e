//! `khabar train names`: people's names harvested from news.
//!
//! The entity tagger learnt from ANERcorp, older news than today's: it finds a name of today's
//! news (جمال خاشقجي, عبدالفتاح السيسي) in some articles and misses it in others, and a model
//! retrained on the same data finds it in other ones. Harvested over a whole news corpus, what
//! the tagger finds in many articles and almost everywhere the name is written is a name, and
//! the recogniser then marks it everywhere (see `khabar_extract::news_names`).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use khabar::extract::{EntityType, Recognizer, norm};
use khabar::morph::Role;
use khabar::text::TokenKind;
use khabar::{Document, Layers, Pipeline};
use rayon::prelude::*;

use crate::input::{ANT_CORPORA, ant_articles};

/// Arguments of `khabar train names`.
#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    /// The shared data folder (with news/).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write news-names.tsv.
    #[arg(long, value_name = "DIR", default_value = "crates/extract/models")]
    out: PathBuf,
    /// The news files to harvest (JSONL or JSONL.gz, as `khabar analyze` reads); by default
    /// both ANT corpora under --data.
    #[arg(long = "news", value_name = "FILE")]
    news: Vec<PathBuf>,
    /// Articles in which the tagger must find the name as a whole person.
    #[arg(long, default_value_t = 5)]
    min_articles: usize,
    /// Share of the name's occurrences where the tagger finds a person over some of its words
    /// (and no other kind of name).
    #[arg(long, default_value_t = 0.3)]
    min_share: f64,
    /// Also write every candidate with its counts (`name, articles, written, in a person's
    /// name, in another kind of name, kept`) to FILE, for reading.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
}

/// The header of news-names.tsv.
const HEADER: &str = "\
# People's names harvested from the ANT news corpus by `khabar train names` (do not edit: rebuild
# it). A name is here when the entity tagger, run without this list, tags it as a whole person in
# enough articles and almost everywhere it is written, and never as part of another kind of name.
# The recogniser marks every occurrence as a person, as it does the names of ../data/names.tsv.
# One name a line: its normalised key, a tab, PER.
";

/// Words that begin no harvested name: keys are written without hamza and alef maqsura, so
/// على and إلى read as the names علي and الي (على حسن), and أن, أنا as ان, انا.
const PARTICLES: [&str; 8] = ["علي", "الي", "ان", "انا", "من", "في", "عن", "مع"];

/// The share of a word's occurrences that must be inside a name of some kind for the word to
/// be part of a harvested name.
const MIN_NAMED: f64 = 0.2;

/// What one article gives: its people's names of two words or more (keys), and its words.
struct Harvest {
    people: HashSet<String>,
    words: Vec<Word>,
}

/// One token of an article.
struct Word {
    /// The normalised key of the whole token ("" for a token that is not an Arabic word).
    key: String,
    /// The key of its stem, without proclitics.
    stem: String,
    /// The entity covering it, if any: its type and its tokens.
    entity: Option<(EntityType, u32, u32)>,
}

fn harvest(doc: &Document) -> Harvest {
    let original = doc.original();
    let tokens = &doc.text.tokens;
    let mut words: Vec<Word> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if t.kind != TokenKind::Word {
                return Word {
                    key: String::new(),
                    stem: String::new(),
                    entity: None,
                };
            }
            let text = t.span.slice(original).unwrap_or_default();
            let stem = doc
                .segments(i)
                .iter()
                .find(|s| s.role == Role::Stem)
                .and_then(|s| original.get(s.start as usize..s.end as usize))
                .map_or_else(|| norm::key(text), norm::key);
            Word {
                key: norm::key(text),
                stem,
                entity: None,
            }
        })
        .collect();
    let mut people = HashSet::new();
    for e in &doc.entities {
        for k in e.tokens.clone() {
            if let Some(w) = words.get_mut(k as usize) {
                w.entity = Some((e.ty, e.tokens.start, e.tokens.end));
            }
        }
        let n = e.tokens.len();
        if e.ty == EntityType::Per && (2..=4).contains(&n) {
            let (a, b) = (e.tokens.start as usize, e.tokens.end as usize);
            if words[a..b].iter().all(|w| !w.key.is_empty()) {
                // The first word from where the entity begins: after its proclitics, or whole
                // where the recogniser kept a letter the segmenter took for one (بان كي مون).
                let first = original
                    .get(e.span.start as usize..tokens[a].span.end as usize)
                    .map_or_else(|| words[a].stem.clone(), norm::key);
                // وعثمان ديمبلي: a conjunction the recogniser left on the name.
                if PARTICLES.contains(&first.as_str())
                    || (first.starts_with('و') && first != words[a].stem)
                {
                    continue;
                }
                let mut key = first;
                for w in &words[a + 1..b] {
                    key.push(' ');
                    key.push_str(&w.key);
                }
                people.insert(key);
            }
        }
    }
    Harvest { people, words }
}

/// Counts of one candidate name over the corpus.
#[derive(Default)]
struct Counts {
    /// Articles where the tagger found it as a whole person.
    articles: usize,
    /// Times it is written.
    seen: usize,
    /// Times it is written with a person's name over some of its words, and no other name.
    in_person: usize,
    /// Times it is written crossing or inside another kind of name.
    in_other: usize,
}

/// `khabar train names`.
pub fn train(args: TrainArgs) -> Result<ExitCode> {
    let files: Vec<PathBuf> = if args.news.is_empty() {
        ANT_CORPORA
            .iter()
            .map(|n| args.data.join("news").join(n))
            .collect()
    } else {
        args.news.clone()
    };
    let pipeline = Pipeline::new()
        .with_layers(Layers::ENTITIES)
        .with_recognizer(Recognizer::embedded_without_news_names());
    let mut harvests = Vec::new();
    for path in &files {
        let articles =
            ant_articles(path).with_context(|| format!("cannot read {}", path.display()))?;
        let n = articles.len();
        let got: Vec<Harvest> = articles
            .into_par_iter()
            .filter_map(|a| pipeline.analyze(a).ok())
            .map(|d| harvest(&d))
            .collect();
        eprintln!(
            "khabar: {}: {} of {n} articles analysed",
            path.display(),
            got.len()
        );
        harvests.extend(got);
    }

    let mut counts: HashMap<String, Counts> = HashMap::new();
    for h in &harvests {
        for p in &h.people {
            counts.entry(p.clone()).or_default().articles += 1;
        }
    }
    // How often each word (its stem) is written, and how often inside a name: a word that is
    // mostly not (سنوي in راتب سنوي, يخلف, الغابوني before a first name) makes no name.
    let mut word_counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for h in &harvests {
        for w in &h.words {
            if !w.stem.is_empty() {
                let c = word_counts.entry(w.stem.as_str()).or_default();
                c.0 += 1;
                c.1 += usize::from(w.entity.is_some());
            }
        }
    }
    let namely = |w: &str| {
        word_counts
            .get(w)
            .is_some_and(|&(all, named)| named as f64 >= MIN_NAMED * all as f64)
    };
    counts.retain(|k, c| {
        c.articles >= args.min_articles
            && k.split(' ')
                .all(|w| w.chars().count() >= 2 && !w.chars().any(|c| c.is_numeric()) && namely(w))
    });
    // Where each candidate is written, and inside what.
    let by_first: HashMap<&str, Vec<String>> = {
        let mut m: HashMap<&str, Vec<String>> = HashMap::new();
        for k in counts.keys() {
            let first = k.split(' ').next().unwrap_or_default();
            m.entry(first).or_default().push(k.clone());
        }
        m
    };
    let mut tallies: HashMap<String, (usize, usize, usize)> = HashMap::new();
    for h in &harvests {
        let w = &h.words;
        for i in 0..w.len() {
            if w[i].stem.is_empty() {
                continue;
            }
            let Some(cands) = by_first
                .get(w[i].stem.as_str())
                .or_else(|| by_first.get(w[i].key.as_str()))
            else {
                continue;
            };
            for cand in cands {
                let rest: Vec<&str> = cand.split(' ').skip(1).collect();
                let end = i + 1 + rest.len();
                if end > w.len() || !rest.iter().zip(&w[i + 1..end]).all(|(r, x)| *r == x.key) {
                    continue;
                }
                let t = tallies.entry(cand.clone()).or_default();
                t.0 += 1;
                // A person's name covering part of it counts (the tagger often takes مايك
                // بومبيو for بومبيو alone); a name of another kind crossing it is against.
                let types = || w[i..end].iter().filter_map(|x| x.entity.map(|e| e.0));
                if types().any(|ty| ty != EntityType::Per) {
                    t.2 += 1;
                } else if types().next().is_some() {
                    t.1 += 1;
                }
            }
        }
    }
    for (k, c) in counts.iter_mut() {
        let (seen, person, other) = tallies.get(k).copied().unwrap_or_default();
        c.seen = seen;
        c.in_person = person;
        c.in_other = other;
    }
    let keep = |c: &Counts| {
        c.seen > 0
            && c.in_person as f64 >= args.min_share * c.seen as f64
            && c.in_other * 50 <= c.seen
    };
    if let Some(path) = &args.report {
        let mut all: Vec<_> = counts.iter().collect();
        all.sort_by(|a, b| b.1.articles.cmp(&a.1.articles).then(a.0.cmp(b.0)));
        let mut out = String::new();
        for (k, c) in all {
            out.push_str(&format!(
                "{k}\t{}\t{}\t{}\t{}\t{}\n",
                c.articles,
                c.seen,
                c.in_person,
                c.in_other,
                keep(c)
            ));
        }
        fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut names: Vec<(&String, &Counts)> = counts.iter().filter(|(_, c)| keep(c)).collect();
    names.sort_by(|a, b| a.0.cmp(b.0));
    let missed: usize = names.iter().map(|(_, c)| c.seen - c.in_person).sum();
    eprintln!(
        "khabar: {} candidate names (a person in {}+ articles), {} kept; the tagger missed {missed} of their {} occurrences",
        counts.len(),
        args.min_articles,
        names.len(),
        names.iter().map(|(_, c)| c.seen).sum::<usize>()
    );
    let mut out = String::from(HEADER);
    for (k, _) in &names {
        out.push_str(k);
        out.push_str("\tPER\n");
    }
    fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let path = args.out.join("news-names.tsv");
    fs::write(&path, out).with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("khabar: wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}
