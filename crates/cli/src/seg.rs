//! `khabar train seg` and `khabar eval seg`: the segmenter's model, lexicon and evaluation.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use khabar::text::{TextPipeline, TokenKind};
use khabar_morph::analysis::is_arabic_letter;
use khabar_morph::eval::{self, Evaluation};
use khabar_morph::{Foreign, LexiconBuilder, Segmenter, Skeleton, TrainOptions, skeleton};
use rayon::prelude::*;

use crate::gazetteer;

/// Arguments of `khabar train seg`.
#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    /// The shared data folder (with news/, seg/ and gazetteers/).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write seg.bin and lexicon.fst.
    #[arg(long, value_name = "DIR", default_value = "crates/morph/models")]
    out: PathBuf,
    /// Passes of the perceptron over the treebank.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    epochs: usize,
    /// Keep corpus words seen at least this often.
    #[arg(long, default_value_t = 2)]
    min_freq: u32,
}

/// Arguments of `khabar eval seg`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// A CoNLL-U treebank whose words are slices of its text (such as UD Arabic PUD).
    #[arg(long, value_name = "FILE")]
    conllu: PathBuf,
    /// Cross-validate: retrain the model on K-1 folds and score the K-th, for each fold (the
    /// embedded model was trained on UD Arabic PUD, so scoring it on PUD measures nothing).
    #[arg(long, value_name = "K")]
    cv: Option<usize>,
    /// Passes of the perceptron when cross-validating.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    epochs: usize,
    /// Perceptrons averaged (each visits the examples in another order) when cross-validating.
    #[arg(long, default_value_t = TrainOptions::default().bags)]
    bags: usize,
    /// Seed of the order in which the perceptron visits examples when cross-validating.
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    seed: u64,
    /// Show this many of the most frequent errors.
    #[arg(long, default_value_t = 20)]
    errors: usize,
}

fn read_conllu(path: &Path) -> Result<Vec<eval::Sentence>> {
    let text =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    eval::parse_conllu(&text).with_context(|| format!("{}", path.display()))
}

/// Counts the skeleton of every Arabic word in the ANT corpora.
fn count_corpus(news: &Path) -> Result<HashMap<String, u32>> {
    let mut total: HashMap<String, u32> = HashMap::new();
    for name in crate::input::ANT_CORPORA {
        let path = news.join(name);
        let texts = crate::input::ant_texts(&path)?;
        let counts = texts
            .par_chunks(512)
            .map(|chunk| {
                let pipeline = TextPipeline::default();
                let mut m: HashMap<String, u32> = HashMap::new();
                for t in chunk {
                    let Ok(a) = pipeline.analyze(t) else { continue };
                    for tok in a.tokens.iter().filter(|t| t.kind == TokenKind::Word) {
                        *m.entry(skeleton::key(&t[tok.span.range()])).or_default() += 1;
                    }
                }
                m
            })
            .reduce(HashMap::new, |mut a, b| {
                for (k, v) in b {
                    *a.entry(k).or_default() += v;
                }
                a
            });
        eprintln!("khabar: {}: {} texts", path.display(), texts.len());
        for (k, v) in counts {
            *total.entry(k).or_default() += v;
        }
    }
    Ok(total)
}

/// Corpus words at least this frequent are the native side of the transliteration model.
const NATIVE_MIN_FREQ: u32 = 50;

/// The transliteration model ([`Foreign`]): ANETAC's Arabic spellings of names (its
/// transliteration benchmark, every split: they are names, not evaluation data of ours) against
/// the frequent ANT words that are not protected names.
fn transliteration_model(
    gaz: &Path,
    counts: &HashMap<String, u32>,
    names: &[(String, bool)],
) -> Result<Foreign> {
    let mut foreign = Vec::new();
    for split in ["train", "dev", "test"] {
        let p = gaz
            .join("anetac/EN-AR Translit")
            .join(format!("{split}.ar"));
        let text =
            fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))?;
        for w in text.split_whitespace() {
            let s = Skeleton::new(w);
            if !s.chars.is_empty() && s.chars.iter().all(|&c| is_arabic_letter(c)) {
                foreign.push(s.chars);
            }
        }
    }
    let protected: std::collections::HashSet<&str> =
        names.iter().map(|(n, _)| n.as_str()).collect();
    let native: Vec<Vec<char>> = counts
        .iter()
        .filter(|&(k, &v)| v >= NATIVE_MIN_FREQ && !protected.contains(k.as_str()))
        .map(|(k, _)| Skeleton::new(k).chars)
        .filter(|c| c.iter().all(|&c| is_arabic_letter(c)))
        .collect();
    eprintln!(
        "khabar: transliteration model: {} ANETAC name words, {} native words",
        foreign.len(),
        native.len()
    );
    Ok(Foreign::train(
        foreign.iter().map(Vec::as_slice),
        native.iter().map(|w| (w.as_slice(), 1.0)),
    ))
}

/// Names protected from splitting: one-word names from the gazetteers, minus function words
/// and common nouns (which the gazetteers contain by accident) and, from the automatic lists,
/// words that read better as clitics on a frequent word.
/// Each name comes with whether it names a person.
fn protected_names(gaz: &Path, counts: &HashMap<String, u32>) -> Result<Vec<(String, bool)>> {
    let all = gazetteer::load_names(gaz)?;
    let keys: std::collections::HashSet<String> = all
        .iter()
        .filter(|n| !n.arabic.contains(' '))
        .map(|n| skeleton::key(&n.arabic))
        .collect();
    let stop_path = gaz.join("stopwords-mohataher/list.txt");
    let stop: std::collections::HashSet<String> = fs::read_to_string(&stop_path)
        .with_context(|| format!("cannot read {}", stop_path.display()))?
        .lines()
        .map(|l| skeleton::key(l.trim()))
        .collect();
    let freq = |k: &str| counts.get(k).copied().unwrap_or(0);
    let curated: std::collections::HashSet<String> = all
        .iter()
        .filter(|n| n.curated && !n.arabic.contains(' '))
        .map(|n| skeleton::key(&n.arabic))
        .collect();
    // Whether the corpus has `w` with two or more of the pronouns ه ها هم: a common noun or
    // verb, whatever an automatic list says.
    let takes_pronouns = |w: &str| {
        ["ه", "ها", "هم"]
            .iter()
            .filter(|&&e| freq(&format!("{w}{e}")) > 0)
            .count()
            >= 2
    };
    // The remainder of a clitic reading is a name (بكين is not ب + كين when كين is one) when
    // a hand-made list has it, or an automatic one does and it is neither a function word
    // (انه in بانه) nor a common word that takes pronouns.
    let rest_is_name = |rest: &str| {
        curated.contains(rest)
            || (keys.contains(rest) && !stop.contains(rest) && !takes_pronouns(rest))
    };
    // An automatic list's "name" that reads as clitics on a much more frequent word (بانه, a
    // town in GeoNames, is mostly ب + انه) is a collision, not a name to protect.
    let collides = |k: &str| {
        let s = Skeleton::new(k);
        let mut cands = Vec::new();
        khabar_morph::candidates(&s, &mut cands);
        // Proclitics only: a pronoun reading (ب + لين + كن for بلينكن) is the segmenter's
        // problem, and protecting the name is what solves it.
        cands.iter().skip(1).filter(|a| a.enc == 0).any(|a| {
            let (sa, sb) = a.stem_range(s.len());
            // The future particle comes before the first person's أ, not a bare alef: سانا is
            // not س + انا.
            let bare_alef =
                s.chars.get(sa) == Some(&'ا') && (sa >= 64 || s.hamza_alef >> sa & 1 == 0);
            if a.prep == 4 && bare_alef {
                return false;
            }
            let rest = s.key_of(sa, sb);
            let f = freq(&rest);
            sb > sa && f >= 2 * freq(k) + 10 && (!rest_is_name(&rest) || f >= 10 * freq(k) + 10)
        })
    };
    // A hand-made list's name that reads as a one-letter proclitic on a hand-made list's name
    // ten times as frequent (بروسيا, Prussia in ANERGazet, is in news ب + روسيا) is a collision
    // too; other curated names are protected whatever the corpus says.
    let curated_collides = |k: &str| {
        let mut cs = k.chars();
        let Some(c) = cs.next() else {
            return false;
        };
        let rest = cs.as_str();
        matches!(c, 'ب' | 'ل' | 'ك' | 'و' | 'ف')
            && rest.chars().count() >= 3
            && curated.contains(rest)
            && freq(rest) >= 10 * freq(k) + 10
    };
    let mut out = Vec::new();
    for n in all {
        let words: Vec<&str> = n.arabic.split(' ').collect();
        // Only whole one-word entries: the words of longer names include function words and
        // common nouns (ANETAC aligns names automatically).
        if words.len() != 1 {
            continue;
        }
        let take = words;
        for w in take {
            let k = skeleton::key(w);
            // A common noun in a list (المدينة, الحكومة, جديدة, from names broken over lines
            // or newspaper titles): a name takes no article, and one that has it is rarely
            // written without it.
            let common = match k.strip_prefix("ال") {
                Some(rest) => freq(rest) >= freq(&k) / 4 + 5,
                None => freq(&format!("ال{k}")) >= freq(&k).max(5),
            };
            if k.chars().count() >= 3
                && !stop.contains(&k)
                && !common
                && if n.curated {
                    !curated_collides(&k)
                } else {
                    !collides(&k)
                }
            {
                // A hand-made list's name is also typed without its hamza's seat (فؤاد as
                // فواد): that spelling is the same name, unless it is a much more frequent word.
                let bare: String = k
                    .chars()
                    .map(|c| match c {
                        'ؤ' => 'و',
                        'ئ' => 'ي',
                        c => c,
                    })
                    .collect();
                if n.curated
                    && bare != k
                    && !stop.contains(&bare)
                    && freq(&bare) < 2 * freq(&k) + 10
                {
                    out.push((bare, n.class == gazetteer::NameClass::Person));
                }
                out.push((k, n.class == gazetteer::NameClass::Person));
            }
        }
    }
    out.sort();
    // A key listed both as a person and otherwise counts as a person.
    out.dedup_by(|b, a| {
        let same = a.0 == b.0;
        if same {
            a.1 |= b.1;
        }
        same
    });
    Ok(out)
}

/// Runs `khabar train seg`.
pub fn train(args: TrainArgs) -> Result<ExitCode> {
    let pud = args.data.join("seg/ud-arabic-pud/ar_pud-ud-test.conllu");
    let sentences = read_conllu(&pud)?;
    let counts = count_corpus(&args.data.join("news"))?;
    let names = protected_names(&args.data.join("gazetteers"), &counts)?;

    let mut b = LexiconBuilder::default();
    for (k, v) in &counts {
        b.add_freq(k, *v);
    }
    b.prune(args.min_freq);
    for (n, person) in &names {
        b.add_name(n);
        if *person {
            b.add_near_name(n);
        }
    }
    let foreign = transliteration_model(&args.data.join("gazetteers"), &counts, &names)?;
    let lexicon = b.build().with_foreign(foreign.clone());
    eprintln!(
        "khabar: lexicon: {} corpus words (seen {}+ times), {} protected names",
        counts.values().filter(|&&v| v >= args.min_freq).count(),
        args.min_freq,
        names.len()
    );

    let mut examples = Vec::new();
    for s in &sentences {
        s.examples(&mut examples);
    }
    let opts = TrainOptions {
        epochs: args.epochs,
        ..TrainOptions::default()
    };
    let (model, report) = khabar_morph::train(&lexicon, &examples, opts);
    eprintln!(
        "khabar: trained on {} words of {} that have a choice ({} with a gold split no candidate has; {} errors in the last pass)",
        report.used,
        pud.display(),
        report.unreachable,
        report.last_epoch_errors
    );

    // Precompute every lexicon word's analysis and search stem, so that known words cost one
    // lookup.
    let seg = Segmenter::new(model.clone(), lexicon.clone()).without_table();
    let keys: Vec<String> = b.entries().map(|(k, _)| k.to_string()).collect();
    let analyses: Vec<_> = keys
        .par_chunks(4096)
        .flat_map_iter(|chunk| {
            let mut buf = khabar_morph::Buffers::default();
            chunk
                .iter()
                .map(|k| seg.analyze_with(&Skeleton::new(k), &mut buf))
                .collect::<Vec<_>>()
        })
        .collect();
    for (k, a) in keys.iter().zip(analyses) {
        b.set_analysis(k, a);
        b.set_stem(
            k,
            khabar_morph::search::stem_rule(&lexicon, &Skeleton::new(k), a),
        );
    }
    fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let write = |name: &str, bytes: &[u8]| -> Result<()> {
        let p = args.out.join(name);
        fs::write(&p, bytes).with_context(|| format!("cannot write {}", p.display()))?;
        eprintln!("khabar: wrote {} ({} bytes)", p.display(), bytes.len());
        Ok(())
    };
    write("seg.bin", &model.to_bytes())?;
    write("foreign.bin", &foreign.to_bytes())?;
    write("lexicon.fst", &b.to_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn print_eval(ev: &Evaluation, errors: usize) {
    let w = ev.words;
    println!(
        "words F1 {:.2}  (precision {:.2}, recall {:.2}; {} gold words, {} system words, {} correct; {} sentences)",
        100.0 * w.f1(),
        100.0 * w.precision(),
        100.0 * w.recall(),
        w.gold,
        w.system,
        w.correct,
        ev.sentences
    );
    println!(
        "\nby clitic:\n{:<8} {:>6} {:>6} {:>7} {:>7} {:>7}",
        "clitic", "gold", "system", "P", "R", "F1"
    );
    let mut rows: Vec<_> = ev.clitics.iter().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1.gold));
    for (k, c) in rows {
        println!(
            "{:<8} {:>6} {:>6} {:>7.2} {:>7.2} {:>7.2}",
            k,
            c.gold,
            c.system,
            100.0 * c.precision(),
            100.0 * c.recall(),
            100.0 * c.f1()
        );
    }
    if errors > 0 {
        println!("\nmost frequent errors (count, gold, system):");
        for (n, _, g, s) in ev.top_errors(errors) {
            println!("{n:>4}  {g}  ->  {s}");
        }
    }
}

/// Runs `khabar eval seg`.
pub fn evaluate(args: EvalArgs) -> Result<ExitCode> {
    let sentences = read_conllu(&args.conllu)?;
    if sentences.is_empty() {
        bail!("{}: no sentences", args.conllu.display());
    }
    let seg = Segmenter::embedded();
    match args.cv {
        None => {
            println!("{}: embedded model", args.conllu.display());
            print_eval(&eval::evaluate(seg, &sentences), args.errors);
        }
        Some(k) => {
            if k < 2 {
                bail!("--cv needs at least 2 folds");
            }
            let opts = TrainOptions {
                epochs: args.epochs,
                seed: args.seed,
                bags: args.bags,
            };
            let cv = eval::cross_validate(seg.lexicon(), &sentences, k, opts);
            let folds: Vec<String> = cv
                .folds
                .iter()
                .map(|f| format!("{:.2}", 100.0 * f))
                .collect();
            println!(
                "{}: {k}-fold cross-validation (contiguous folds), folds: {}",
                args.conllu.display(),
                folds.join(" ")
            );
            print_eval(&cv.total, args.errors);
        }
    }
    Ok(ExitCode::SUCCESS)
}
