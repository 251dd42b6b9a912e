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
use khabar::extract::gazetteer::{GazClass, class_bit};
use khabar::extract::{EntityType, Recognizer, link, norm};
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

/// Words, as written, that begin no harvested name: keys are written without hamza and with
/// alef maqsura folded, so على, إلى and أن would read as the names علي, الي and ان (على حسن).
const PARTICLES: [&str; 12] = [
    "على", "إلى", "الى", "أن", "إن", "ان", "أنا", "انا", "من", "في", "عن", "مع",
];

/// Military ranks and other titles (keys), which begin no name either (المشير خليفة حفتر,
/// القاضي عبد الستار بيرقدار).
const RANKS: [&str; 11] = [
    "القاضي",
    "الدكتوره",
    "المشير",
    "اللواء",
    "العقيد",
    "الفريق",
    "العميد",
    "الجنرال",
    "المقدم",
    "الرائد",
    "النقيب",
];

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
    /// The key of its stem without proclitics, in its dictionary form (لعراق: العراق), as the
    /// recogniser matches names.
    stem: String,
    /// The type of the entity covering it, if any.
    entity: Option<EntityType>,
}

/// The people's names and the words of one analysed article.
fn harvest(doc: &Document) -> Harvest {
    let original = doc.original();
    let tokens = &doc.text.tokens;
    let mut words: Vec<Word> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let text = t.span.slice(original).unwrap_or_default();
            // على and إلى are no words here: their keys are the names علي and الي, whose
            // share inside names they would drown.
            if t.kind != TokenKind::Word || matches!(text, "على" | "إلى" | "الى") {
                return Word {
                    key: String::new(),
                    stem: String::new(),
                    entity: None,
                };
            }
            let stem = doc
                .segments(i)
                .into_iter()
                .find(|s| s.role == Role::Stem)
                .and_then(|s| {
                    s.form.or_else(|| {
                        original
                            .get(s.start as usize..s.end as usize)
                            .map(Into::into)
                    })
                })
                .map_or_else(|| norm::key(text), |f| norm::key(&f));
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
                w.entity = Some(e.ty);
            }
        }
        if e.ty != EntityType::Per || !(2..=4).contains(&e.tokens.len()) {
            continue;
        }
        let (a, b) = (e.tokens.start as usize, e.tokens.end as usize);
        let (Some(ws), Some(t)) = (words.get(a..b), tokens.get(a)) else {
            continue;
        };
        // The first word from where the entity begins: after its proclitics, or whole where
        // the recogniser kept a letter the segmenter took for one (بان كي مون).
        let Some(first) = original.get(e.span.start as usize..t.span.end as usize) else {
            continue;
        };
        if ws.iter().any(|w| w.key.is_empty()) || PARTICLES.contains(&first) {
            continue;
        }
        let mut key = norm::key(first);
        for w in &ws[1..] {
            key.push(' ');
            key.push_str(&w.key);
        }
        people.insert(key);
    }
    Harvest { people, words }
}

/// Whether the candidate name `first rest` is a description and a name: a word with the article
/// before a name the tagger also finds alone (`rest_is_name`) is a nationality or a title
/// (السلوفيني يان اوبلاك, الجزائري رياض محرز), and so is a relative adjective before a name of two
/// words or more (الغابوني بيير ايميريك اوباميانغ). Not before بن (المهدي بن عطيه).
fn described(first: &str, rest: &str, rest_is_name: bool) -> bool {
    let son = rest.starts_with("بن ") || rest.starts_with("ابن ");
    first.starts_with("ال")
        && !son
        && (rest_is_name || (first.ends_with('ي') && rest.contains(' ')))
}

/// Whether the candidate name is a dual noun and its adjective (خبيران اقتصاديان, الزعيمان
/// الكوريان, الزعيمين الكوريين): every word ends in the dual's ان (ين), and the last in the
/// relative adjective's يان (يين). Names so written are rare (no kept name was, when this was
/// written).
fn dual(name: &str) -> bool {
    name.contains(' ')
        && [("ان", "يان"), ("ين", "يين")]
            .iter()
            .any(|(d, a)| name.split(' ').all(|w| w.ends_with(d)) && name.ends_with(a))
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
    /// The kept name it is another spelling of, for a spelling found by [`spellings`].
    of: Option<String>,
}

/// Times another spelling of a kept name must be written to be kept.
const MIN_VARIANT_SEEN: usize = 10;

/// Other spellings of a name's key ([`link::foreign_spellings`]).
fn spellings(name: &str) -> Vec<String> {
    link::foreign_spellings(
        name,
        khabar::morph::Segmenter::embedded().lexicon().foreign(),
    )
}

/// Counts where each candidate is written in the harvested articles, and inside what kind of
/// name.
fn count_written(harvests: &[Harvest], counts: &mut HashMap<String, Counts>) {
    let mut by_first: HashMap<String, Vec<String>> = HashMap::new();
    for k in counts.keys() {
        let first = k.split(' ').next().unwrap_or_default();
        by_first
            .entry(first.to_string())
            .or_default()
            .push(k.clone());
    }
    for h in harvests {
        let w = &h.words;
        for i in 0..w.len() {
            if w[i].stem.is_empty() {
                continue;
            }
            let by_key = (w[i].key != w[i].stem)
                .then(|| by_first.get(w[i].key.as_str()))
                .flatten();
            let cands = by_first
                .get(w[i].stem.as_str())
                .into_iter()
                .chain(by_key)
                .flatten();
            for cand in cands {
                let rest: Vec<&str> = cand.split(' ').skip(1).collect();
                let end = i + 1 + rest.len();
                if end > w.len() || !rest.iter().zip(&w[i + 1..end]).all(|(r, x)| *r == x.key) {
                    continue;
                }
                let Some(c) = counts.get_mut(cand) else {
                    continue;
                };
                c.seen += 1;
                // A person's name covering part of it counts (the tagger often takes مايك
                // بومبيو for بومبيو alone); a name of another kind crossing it is against.
                let types = || w[i..end].iter().filter_map(|x| x.entity);
                if types().any(|ty| ty != EntityType::Per) {
                    c.in_other += 1;
                } else if types().next().is_some() {
                    c.in_person += 1;
                }
            }
        }
    }
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
    // Counted by stem and by whole key, as a name's first word may be either and its later
    // words are whole.
    let mut word_counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for h in &harvests {
        for w in &h.words {
            let forms: &[&str] = if w.stem == w.key {
                &[w.stem.as_str()]
            } else {
                &[w.stem.as_str(), w.key.as_str()]
            };
            for f in forms.iter().filter(|f| !f.is_empty()) {
                let c = word_counts.entry(f).or_default();
                c.0 += 1;
                c.1 += usize::from(w.entity.is_some());
            }
        }
    }
    // A first name is often written alone as a word too (أمين, سعيد): a lower share will do
    // for the first word, or none for one that begins three candidates or more (علي, which
    // some sources also write for على).
    let mut firsts: HashMap<&str, usize> = HashMap::new();
    for (k, c) in &counts {
        if c.articles >= args.min_articles {
            *firsts
                .entry(k.split(' ').next().unwrap_or_default())
                .or_default() += 1;
        }
    }
    let firsts: HashMap<String, usize> = firsts
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    let namely = |w: &str, share: f64| {
        word_counts
            .get(w)
            .is_some_and(|&(all, named)| named as f64 >= share * all as f64)
    };
    counts.retain(|k, c| {
        // المشير خليفة حفتر: a title the tagger took in is no part of the name.
        c.articles >= args.min_articles
            && !k
                .split(' ')
                .next()
                .is_some_and(|w| link::TITLES.contains(&w) || RANKS.contains(&w))
            && k.split(' ').enumerate().all(|(i, w)| {
                let named = if i == 0 {
                    namely(w, MIN_NAMED / 4.0) || firsts.get(w).is_some_and(|&n| n >= 3)
                } else {
                    namely(w, MIN_NAMED)
                };
                w.chars().count() >= 2 && !w.chars().any(|c| c.is_numeric()) && named
            })
    });
    // One name written with and without a first letter that may be a proclitic (وعثمان ديمبلي
    // and عثمان ديمبلي, كوفي عنان and وفي عنان): the spelling of more articles. And no place or
    // organisation of the gazetteer, nor one after a proclitic the recogniser kept (باديس ابابا:
    // اديس ابابا).
    let articles: HashMap<String, usize> = counts
        .iter()
        .map(|(k, c)| (k.clone(), c.articles))
        .collect();
    let gaz = Recognizer::embedded().gazetteer();
    let bits = |classes: &[GazClass]| {
        classes
            .iter()
            .fold(0u8, |b, &c| b | class_bit(c, true) | class_bit(c, false))
    };
    let (person, other) = (
        bits(&[GazClass::Person]),
        bits(&[GazClass::Location, GazClass::Organization]),
    );
    let listed_other = |k: &str| {
        let c = gaz.classes(k);
        c & other != 0 && c & person == 0
    };
    counts.retain(|k, c| {
        let Some((first, rest)) = k.split_once(' ') else {
            return false;
        };
        let shorter = first
            .strip_prefix(['و', 'ف', 'ب', 'ل', 'ك'])
            .filter(|f| f.chars().count() >= 2)
            .map(|f| format!("{f} {rest}"));
        let longer = ['و', 'ف', 'ب', 'ل', 'ك'].map(|p| format!("{p}{k}"));
        let beaten = shorter.iter().chain(&longer).any(|v| {
            articles
                .get(v)
                .is_some_and(|&n| n > c.articles || (n == c.articles && v.len() < k.len()))
        });
        let described = described(
            first,
            rest,
            articles.get(rest).is_some_and(|&n| n >= args.min_articles),
        );
        !beaten
            && !described
            && !dual(k)
            && !listed_other(k)
            && !shorter.as_deref().is_some_and(listed_other)
    });
    count_written(&harvests, &mut counts);
    let keep = |c: &Counts| {
        c.seen > 0
            && c.in_person as f64 >= args.min_share * c.seen as f64
            && c.in_other * 50 <= c.seen
    };
    // Other spellings of the kept names of foreign people (دونالد ترمب for دونالد ترامب,
    // مارك زوكربرغ for مارك زوكربيرغ), which the tagger may miss in the one spelling and find
    // in the other; judged by their kinship and where they are written, not by the tagger.
    let mut kept: Vec<&String> = counts
        .iter()
        .filter(|(_, c)| keep(c))
        .map(|(k, _)| k)
        .collect();
    // The spelling of the most articles first, so that a variant is of it.
    kept.sort_by(|a, b| counts[*b].articles.cmp(&counts[*a].articles).then(a.cmp(b)));
    let mut variants: HashMap<String, Counts> = HashMap::new();
    for k in kept {
        for v in spellings(k) {
            if !counts.get(&v).is_some_and(keep) && !listed_other(&v) {
                let articles = counts.get(&v).map_or(0, |c| c.articles);
                variants.entry(v).or_insert_with(|| Counts {
                    articles,
                    of: Some(k.clone()),
                    ..Counts::default()
                });
            }
        }
    }
    count_written(&harvests, &mut variants);
    let (n_candidates, n_variants) = (counts.len(), variants.len());
    counts.extend(variants);
    let keep = |c: &Counts| match c.of {
        // The kept spelling has shown it is a person's name, so the rarer spelling needs only
        // to be written often and rarely inside a name of another kind (one in ten: the tagger
        // takes كيفن دي بروين for an organisation in 5 of its 83 places, numbered lists).
        Some(_) => c.seen >= MIN_VARIANT_SEEN && c.in_other * 10 <= c.seen,
        None => keep(c),
    };
    if let Some(path) = &args.report {
        let mut all: Vec<_> = counts.iter().collect();
        all.sort_by(|a, b| b.1.articles.cmp(&a.1.articles).then(a.0.cmp(b.0)));
        let mut out = String::new();
        for (k, c) in all {
            out.push_str(&format!(
                "{k}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                c.articles,
                c.seen,
                c.in_person,
                c.in_other,
                keep(c),
                c.of.as_deref().unwrap_or_default()
            ));
        }
        fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut names: Vec<(&String, &Counts)> = counts.iter().filter(|(_, c)| keep(c)).collect();
    names.sort_by(|a, b| a.0.cmp(b.0));
    let missed: usize = names.iter().map(|(_, c)| c.seen - c.in_person).sum();
    eprintln!(
        "khabar: {} candidate names (a person in {}+ articles) and {n_variants} other spellings of them, {} kept; the tagger missed {missed} of their {} occurrences",
        n_candidates,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nationality_or_title_before_a_name_is_no_part_of_it() {
        assert!(described("السلوفيني", "يان اوبلاك", true));
        assert!(described("الغابوني", "بيير ايميريك اوباميانغ", false));
        assert!(!described("الغابوني", "اوباميانغ", false));
        assert!(!described("المهدي", "بن عطيه", true));
        assert!(!described("الكسندر", "لاكازيت", false));
        assert!(!described("رياض", "محرز", true));
    }

    #[test]
    fn a_dual_noun_and_its_adjective_are_no_name() {
        assert!(dual("خبيران اقتصاديان"));
        assert!(dual("الزعيمان الكوريان"));
        assert!(dual("الزعيمين الكوريين"));
        for name in [
            "عمران خان",
            "فلوريان توفان",
            "انطوان غريزمان",
            "سفيان",
            "حسين ياسين",
        ] {
            assert!(!dual(name), "{name}");
        }
    }

    #[test]
    fn foreign_names_get_their_other_spellings_and_arabic_ones_none() {
        let trump = spellings("دونالد ترامب");
        assert!(trump.iter().any(|s| s == "دونالد ترمب"), "{trump:?}");
        let zakharova = spellings("ماريا زاخاروفا");
        assert!(
            zakharova.iter().any(|s| s == "ماريا زخاروفا"),
            "{zakharova:?}"
        );
        // Different Arabic names, not spellings of one.
        for (name, other) in [("حسن", "حسين"), ("سلمان", "سليمان"), ("محمد", "محمود")]
        {
            let got = spellings(name);
            assert!(!got.iter().any(|s| s == other), "{name}: {got:?}");
        }
    }
}
