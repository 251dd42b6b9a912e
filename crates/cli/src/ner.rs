//! `khabar train ner` and `khabar eval ner`: the entity tagger's model, gazetteer, word
//! clusters and evaluation.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use khabar_extract::clusters::ClusterOptions;
use khabar_extract::gazetteer::GazClass;
use khabar_extract::ner::eval::{self, Scores, Sentence};
use khabar_extract::ner::train::{Example, TrainOptions};
use khabar_extract::ner::{self, EntityType};
use khabar_extract::{Clusters, GazetteerBuilder, Recognizer};
use khabar_morph::Segmenter;

use crate::gazetteer::{self, NameClass};

/// Domain tags of the feature copies (`--domains`).
const NEWS: u64 = 0x6e65_7773;
const WIKI: u64 = 0x7769_6b69;

/// Arguments of `khabar train ner`.
#[derive(clap::Args, Debug)]
pub struct TrainArgs {
    /// The shared data folder (with ner/, news/ and gazetteers/).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,
    /// Where to write ner.bin, gazetteer.bin and clusters.fst.
    #[arg(long, value_name = "DIR", default_value = "crates/extract/models")]
    out: PathBuf,
    /// Passes of the perceptron over the training sentences.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    epochs: usize,
    /// Perceptrons averaged into the model (each visits the sentences in its own order).
    #[arg(long, default_value_t = TrainOptions::default().bags)]
    bags: usize,
    /// Drop the rows of weights whose largest magnitude is below this from the averaged model.
    #[arg(long, default_value_t = TrainOptions::default().prune)]
    prune: f32,
    /// Weight of a WikiFANE sentence's updates (ANERcorp's count 1); 0 leaves WikiFANE out.
    /// (0 by default: on the ANERcorp development set WikiFANE did not help; see BENCHMARKS.md.)
    #[arg(long, default_value_t = 0.0)]
    fane_weight: f32,
    /// Hold out the last tenth of ANERcorp train as a development set, train on the rest and
    /// report its F1 (for choosing settings; the model written is then not the final one).
    #[arg(long)]
    dev: bool,
    /// Reuse the word clusters already in --out instead of learning them again from the
    /// ANT corpus.
    #[arg(long)]
    reuse_clusters: bool,
    /// Give each feature a copy specific to its corpus (ANERcorp news or WikiFANE), the news
    /// copy used at run time (domain adaptation: twice the features a token).
    #[arg(long)]
    domains: bool,
    /// Words clustered (the most frequent in the ANT corpus).
    #[arg(long, default_value_t = ClusterOptions::default().vocab)]
    cluster_vocab: usize,
    /// Fine clusters.
    #[arg(long, default_value_t = ClusterOptions::default().fine)]
    cluster_fine: usize,
    /// Coarse clusters.
    #[arg(long, default_value_t = ClusterOptions::default().coarse)]
    cluster_coarse: usize,
    /// Added to every token's O score (below 0 trades precision for recall); with --dev, a
    /// sweep of values is reported too.
    #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
    o_bias: f32,
    /// Ablation: train without word clusters.
    #[arg(long)]
    no_clusters: bool,
    /// Ablation: train without gazetteer features.
    #[arg(long)]
    no_gazetteer: bool,
    /// Ablation: leave out of the gazetteer the names tagged in WikiFANE's training part
    /// (its first 90%).
    #[arg(long)]
    no_fane_names: bool,
    /// Write no model file (with --dev: only report, and the prediction files asked for).
    #[arg(long)]
    dry_run: bool,
    /// Experiment (with --dev): a second pass with document features from jackknifed
    /// first-pass tags over a window of this many sentences each side (0: off).
    #[arg(long, default_value_t = 0)]
    stack: usize,
    /// With --dev: train this many models, each with its own visiting orders, and report
    /// each one's development F1 and their mean (a single run moves by about 1 F1).
    #[arg(long, default_value_t = 1)]
    seeds: u64,
    /// With --dev: also score the development set as documents of N consecutive sentences
    /// through the whole entity stage (as `khabar eval ner --documents`).
    #[arg(long, value_name = "N")]
    documents: Option<usize>,
    /// With --dev: write the development set's `token GOLD PRED` lines (first model) to FILE.
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
    /// With --dev and --documents: write the `token GOLD PRED` lines of the development set's
    /// documents (the whole entity stage, first model) to FILE.
    #[arg(long, value_name = "FILE", requires_all = ["dev", "documents"])]
    document_predictions: Option<PathBuf>,
    /// With --seeds: also tag the first N articles of the ANT multisource corpus with each
    /// model (whole entity stage) and report how many entity spans differ from the first
    /// model's (how much a retrained model moves on today's news; 0: off).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    stability_articles: usize,
}

/// Arguments of `khabar eval ner`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// A CoNLL file: `token TAG` a line, blank lines between sentences, BIO tags with
    /// ANERcorp (PERS LOC ORG MISC) or WikiFANE labels.
    #[arg(long, value_name = "FILE")]
    conll: PathBuf,
    /// Score only the last N percent of the file's sentences (WikiFANE's held-out part is the
    /// last 10).
    #[arg(long, value_name = "N")]
    tail_percent: Option<u32>,
    /// Also write each scored token with its gold and predicted tags (`token GOLD PRED`, the
    /// format of CoNLL's conlleval) to FILE, for reading the errors.
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
    /// Also score the file as documents of N consecutive sentences, as `khabar analyze` sees an
    /// article: each document's tokens are joined into one text (spaces between tokens, line
    /// breaks between sentences) and analysed whole, so that a name found in one sentence is
    /// also found where the tagger missed it in another; each entity is then mapped back onto
    /// the file's tokens. ANERcorp has no document breaks; its 316 articles average about 16
    /// sentences.
    #[arg(long, value_name = "N")]
    documents: Option<usize>,
    /// With --documents: write the `token GOLD PRED` lines of the documents' predictions (the
    /// whole entity stage) to FILE.
    #[arg(long, value_name = "FILE", requires = "documents")]
    document_predictions: Option<PathBuf>,
}

fn read_conll(path: &Path) -> Result<Vec<Sentence>> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: invalid UTF-8 at byte offset {}",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    eval::parse_conll(&text).map_err(|e| anyhow::anyhow!("{}:{e}", path.display()))
}

/// Scores `rec` on `sentences`.
fn score(rec: &Recognizer, sentences: &[Sentence]) -> (Scores, f64) {
    score_into(rec, sentences, None)
}

/// [`score`], appending `token GOLD PRED` lines to `out` when given.
fn score_into(
    rec: &Recognizer,
    sentences: &[Sentence],
    mut out: Option<&mut String>,
) -> (Scores, f64) {
    let t = Instant::now();
    let mut buf = khabar_extract::Buffers::default();
    let mut tags = Vec::new();
    let mut s = Scores::default();
    for sent in sentences {
        let words: Vec<&str> = sent.words.iter().map(String::as_str).collect();
        rec.tag(&words, None, &mut buf, &mut tags);
        s.add(&sent.tags, &tags);
        if let Some(out) = out.as_deref_mut() {
            write_predictions(sent, &tags, out);
        }
    }
    (s, t.elapsed().as_secs_f64())
}

/// Scores `sentences` analysed `n` at a time as one document by the text, segmentation and
/// entity stages of the pipeline, with `rec` as the recogniser (see `EvalArgs::documents`).
fn score_documents(
    rec: &Recognizer,
    sentences: &[Sentence],
    n: usize,
    mut out: Option<&mut String>,
) -> Result<Scores> {
    let text_stage = khabar::text::TextPipeline::default();
    let seg = Segmenter::embedded();
    let mut s = Scores::default();
    for doc in sentences.chunks(n) {
        // The document's text, and the byte range of each of its tokens.
        let mut text = String::new();
        let mut at: Vec<Vec<(usize, usize)>> = Vec::with_capacity(doc.len());
        for sent in doc {
            if !text.is_empty() {
                text.push('\n');
            }
            let mut ranges = Vec::with_capacity(sent.words.len());
            for (k, w) in sent.words.iter().enumerate() {
                if k > 0 {
                    text.push(' ');
                }
                ranges.push((text.len(), text.len() + w.len()));
                text.push_str(w);
            }
            at.push(ranges);
        }
        let analysed = text_stage
            .analyze(&text)
            .context("analysing a document of the CoNLL file")?;
        let mut morph = khabar::morph::WordAnalyses::default();
        seg.analyze_tokens(&text, &analysed.tokens, &mut morph);
        let entities = rec.entities(&text, &analysed.tokens, &analysed.sentences, &morph);
        let mut tags: Vec<Vec<ner::Tag>> = doc.iter().map(|x| vec![0; x.words.len()]).collect();
        for e in &entities {
            let (start, end) = (e.span.start as usize, e.span.end as usize);
            // The sentence and tokens the entity's bytes fall in; one that crosses a sentence
            // break (never, as sentences end at line breaks) or lands on tagged tokens is left.
            let Some(si) = at.iter().position(|r| {
                r.first().is_some_and(|f| f.0 <= start) && r.last().is_some_and(|l| end <= l.1)
            }) else {
                continue;
            };
            let ranges = &at[si];
            let a = ranges.partition_point(|r| r.1 <= start);
            let b = ranges.partition_point(|r| r.0 < end);
            if a >= b || tags[si][a..b].iter().any(|&t| t != 0) {
                continue;
            }
            tags[si][a] = ner::begin(e.ty);
            for t in &mut tags[si][a + 1..b] {
                *t = ner::inside(e.ty);
            }
        }
        for (sent, pred) in doc.iter().zip(&tags) {
            s.add(&sent.tags, pred);
            if let Some(out) = out.as_deref_mut() {
                write_predictions(sent, pred, out);
            }
        }
    }
    Ok(s)
}

/// Writes `lines` to `path` when both are given (`--predictions`, `--document-predictions`).
fn write_lines(path: &Option<PathBuf>, lines: Option<String>) -> Result<()> {
    if let (Some(path), Some(lines)) = (path, lines) {
        fs::write(path, lines).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// Appends a sentence's `token GOLD PRED` lines and a blank line to `out`.
fn write_predictions(sent: &Sentence, pred: &[ner::Tag], out: &mut String) {
    for ((w, &g), &p) in sent.words.iter().zip(&sent.tags).zip(pred) {
        out.push_str(&format!("{w} {} {}\n", label(g), label(p)));
    }
    out.push('\n');
}

/// A tag as a BIO label with khabar's type names (`B-PER`, `I-LOC`, `O`).
fn label(tag: ner::Tag) -> String {
    match ner::tag_type(tag) {
        None => "O".to_string(),
        Some(ty) if ner::is_inside(tag) => format!("I-{}", ty.as_str()),
        Some(ty) => format!("B-{}", ty.as_str()),
    }
}

fn print_scores(name: &str, s: &Scores) {
    println!(
        "{name}: F1 {:.2} (precision {:.2}, recall {:.2}; {} gold, {} system, {} correct entities; {} tokens)",
        100.0 * s.overall.f1(),
        100.0 * s.overall.precision(),
        100.0 * s.overall.recall(),
        s.overall.gold,
        s.overall.system,
        s.overall.correct,
        s.tokens
    );
    println!(
        "{:<6} {:>6} {:>6} {:>7} {:>7} {:>7}",
        "type", "gold", "system", "P", "R", "F1"
    );
    for (k, ty) in EntityType::ALL.iter().enumerate() {
        let c = s.by_type[k];
        println!(
            "{:<6} {:>6} {:>6} {:>7.2} {:>7.2} {:>7.2}",
            ty.as_str(),
            c.gold,
            c.system,
            100.0 * c.precision(),
            100.0 * c.recall(),
            100.0 * c.f1()
        );
    }
}

/// khabar's own list of people in recent news (see the file's header).
const PEOPLE: &str = include_str!("../data/people.tsv");

/// The names of khabar's own list of organisations (`crates/extract/data/organisations.tsv`,
/// which the recogniser also reads at run time): (Arabic, Latin).
fn own_organisations() -> impl Iterator<Item = (&'static str, &'static str)> {
    khabar_extract::own_organisations()
}

/// The names of [`PEOPLE`]: (Arabic, Latin).
fn own_people() -> impl Iterator<Item = (&'static str, &'static str)> {
    khabar_extract::own_list(PEOPLE)
}

/// The gazetteer built from the shared lists and khabar's own list of organisations, whose
/// names keep only the classes a hand-made list gives them, with the Latin forms of khabar's
/// own list of people (which leaves the lists of names, and so the tagger, as they are).
fn build_gazetteer(dir: &Path) -> Result<GazetteerBuilder> {
    let names = gazetteer::load_names(dir)?;
    let own: std::collections::HashSet<String> = own_organisations()
        .map(|(a, _)| khabar_extract::norm::key(a))
        .collect();
    let mut b = GazetteerBuilder::default();
    for n in &names {
        if !n.curated && own.contains(&khabar_extract::norm::key(&n.arabic)) {
            continue;
        }
        let class = match n.class {
            NameClass::Person => GazClass::Person,
            NameClass::Location => GazClass::Location,
            NameClass::Organization => GazClass::Organization,
        };
        b.add(&n.arabic, class, n.curated, n.latin.as_deref());
    }
    for (arabic, latin) in own_organisations() {
        b.add(arabic, GazClass::Organization, true, Some(latin));
    }
    for (arabic, latin) in own_people() {
        b.set_latin(arabic, GazClass::Person, latin);
    }
    Ok(b)
}

/// The distinct names tagged PER, LOC or ORG in `sentences` (WikiFANE's, as its classes map
/// onto khabar's types), with their gazetteer class. WikiFANE's Wikipedia covers people, places
/// and organisations that the shared lists miss; MISC has no gazetteer class.
fn fane_names(sentences: &[Sentence]) -> Vec<(String, GazClass)> {
    let mut names = std::collections::BTreeSet::new();
    for s in sentences {
        for (a, b, ty) in ner::spans(&s.tags) {
            if let Some(class) = GazClass::of(ty) {
                names.insert((s.words[a..b].join(" "), class));
            }
        }
    }
    names.into_iter().collect()
}

/// The number of sentences in the last `percent` of `n`.
fn tail(n: usize, percent: u32) -> usize {
    n * percent.min(100) as usize / 100
}

/// Runs `khabar train ner`.
pub fn train(args: TrainArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let anercorp = read_conll(&args.data.join("ner/anercorp/train.txt"))?;
    let fane = read_conll(&args.data.join("ner/wikifane/WikiFANE_Gold_2014_500K.txt"))?;
    let mut gaz = build_gazetteer(&args.data.join("gazetteers"))?;
    let (fane_train, fane_test) = fane.split_at(fane.len() - tail(fane.len(), 10));
    if !args.no_fane_names {
        let names = fane_names(fane_train);
        eprintln!(
            "khabar: gazetteer: {} names tagged in WikiFANE's training part",
            names.len()
        );
        for (name, class) in &names {
            gaz.add(name, *class, false, None);
        }
    }
    eprintln!("khabar: gazetteer: {} names", gaz.len());
    let gaz = if args.no_gazetteer {
        GazetteerBuilder::default()
    } else {
        gaz
    };
    let gaz_bytes = gaz.to_bytes();
    let clusters_bytes = if args.no_clusters {
        Vec::new()
    } else if args.reuse_clusters {
        let p = args.out.join("clusters.fst");
        fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?
    } else {
        let opts = ClusterOptions {
            vocab: args.cluster_vocab,
            fine: args.cluster_fine,
            coarse: args.cluster_coarse,
            ..ClusterOptions::default()
        };
        crate::clusters::learn(&args.data.join("news"), opts)?
    };
    let clusters =
        Clusters::from_bytes(clusters_bytes.clone().into()).map_err(|e| anyhow::anyhow!("{e}"))?;
    eprintln!("khabar: word clusters: {} words", clusters.len());
    let rec = Recognizer::new(
        khabar_extract::Model::empty(),
        gaz.build(),
        clusters,
        Segmenter::embedded(),
    );

    let dev_n = if args.dev {
        tail(anercorp.len(), 10)
    } else {
        0
    };
    let (an_train, an_dev) = anercorp.split_at(anercorp.len() - dev_n);
    let mut examples: Vec<Example> = an_train
        .iter()
        .map(|s| Example {
            words: s.words.clone(),
            tags: s.tags.clone(),
            weight: 1.0,
            domain: if args.domains { NEWS } else { 0 },
        })
        .collect();
    if args.fane_weight > 0.0 {
        examples.extend(fane_train.iter().map(|s| Example {
            words: s.words.clone(),
            tags: s.tags.clone(),
            weight: args.fane_weight,
            domain: if args.domains { WIKI } else { 0 },
        }));
    }
    let feats = ner::train::featurize(&rec.resources(), &examples);
    eprintln!(
        "khabar: {} training sentences ({} ANERcorp, {} WikiFANE at weight {}), features in {:.1}s",
        examples.len(),
        an_train.len(),
        if args.fane_weight > 0.0 {
            fane_train.len()
        } else {
            0
        },
        args.fane_weight,
        started.elapsed().as_secs_f64()
    );
    let opts = TrainOptions {
        epochs: args.epochs,
        bags: args.bags,
        domain: if args.domains { NEWS } else { 0 },
        prune: args.prune,
        ..TrainOptions::default()
    };
    if args.dev && args.stack > 0 {
        stack_experiment(&rec, an_train, an_dev, opts, args.stack);
    }
    if args.dev && args.seeds > 1 {
        seeds_experiment(
            &rec,
            &examples,
            &feats,
            opts,
            an_dev,
            &args,
            &clusters_bytes,
        )?;
    }
    let model = ner::train::train(&examples, &feats, opts, |e, wrong| {
        eprintln!("khabar: pass {e}: {wrong} sentences with an error");
    });
    let mut model = model;
    if args.dev {
        for bias in [0.0f32, -2.0, -5.0, -10.0, -20.0, -40.0] {
            model.o_bias = bias;
            let rec = Recognizer::new(
                model.clone(),
                rec.gazetteer().clone(),
                Clusters::from_bytes(clusters_bytes.clone().into())
                    .map_err(|e| anyhow::anyhow!("{e}"))?,
                Segmenter::embedded(),
            );
            let (s, _) = score(&rec, an_dev);
            println!(
                "ANERcorp dev, O bias {bias}: F1 {:.2} (P {:.2}, R {:.2})",
                100.0 * s.overall.f1(),
                100.0 * s.overall.precision(),
                100.0 * s.overall.recall()
            );
        }
    }
    model.o_bias = args.o_bias;
    let model_bytes = model.to_bytes();
    let rec = Recognizer::new(
        khabar_extract::Model::from_bytes(&model_bytes).map_err(|e| anyhow::anyhow!("{e}"))?,
        rec.gazetteer().clone(),
        Clusters::from_bytes(clusters_bytes.clone().into()).map_err(|e| anyhow::anyhow!("{e}"))?,
        Segmenter::embedded(),
    );
    if args.dev {
        let mut lines = args.predictions.as_ref().map(|_| String::new());
        let (s, _) = score_into(&rec, an_dev, lines.as_mut());
        write_lines(&args.predictions, lines)?;
        print_scores("ANERcorp dev (last 10% of train)", &s);
        if let Some(n) = args.documents.filter(|&n| n > 0) {
            let mut lines = args.document_predictions.as_ref().map(|_| String::new());
            let d = score_documents(&rec, an_dev, n, lines.as_mut())?;
            write_lines(&args.document_predictions, lines)?;
            print_scores(&format!("ANERcorp dev, documents of {n} sentences"), &d);
        }
    }
    let (s, _) = score(&rec, fane_test);
    print_scores("WikiFANE held-out (last 10%)", &s);
    if !args.dry_run {
        fs::create_dir_all(&args.out)
            .with_context(|| format!("cannot create {}", args.out.display()))?;
        for (name, bytes) in [
            ("ner.bin", &model_bytes),
            ("gazetteer.bin", &gaz_bytes),
            ("clusters.fst", &clusters_bytes),
        ] {
            let p = args.out.join(name);
            fs::write(&p, bytes).with_context(|| format!("cannot write {}", p.display()))?;
            eprintln!("khabar: wrote {} ({} bytes)", p.display(), bytes.len());
        }
    }
    eprintln!("khabar: done in {:.1}s", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}

/// `khabar train ner --dev --seeds K`: trains K models whose perceptrons visit the sentences
/// in other orders and prints each one's development F1 and the mean.
fn seeds_experiment(
    rec: &Recognizer,
    examples: &[Example],
    feats: &[Vec<u32>],
    opts: TrainOptions,
    dev: &[Sentence],
    args: &TrainArgs,
    clusters_bytes: &[u8],
) -> Result<()> {
    let (mut sum, mut sum_doc) = (0.0, 0.0);
    let news = news_sample(&args.data, args.stability_articles)?;
    let mut first: Option<rustc_hash::FxHashSet<(usize, u32, u32, EntityType)>> = None;
    let mut moved = 0.0;
    for k in 0..args.seeds {
        let o = TrainOptions {
            seed: opts
                .seed
                .wrapping_add(k.wrapping_mul(0x5851_F42D_4C95_7F2D)),
            ..opts
        };
        let mut model = ner::train::train(examples, feats, o, |_, _| {});
        model.o_bias = args.o_bias;
        let r = Recognizer::new(
            model,
            rec.gazetteer().clone(),
            Clusters::from_bytes(clusters_bytes.to_vec().into())
                .map_err(|e| anyhow::anyhow!("{e}"))?,
            Segmenter::embedded(),
        );
        let (s, _) = score(&r, dev);
        let f = 100.0 * s.overall.f1();
        sum += f;
        let by_type: Vec<String> = s
            .by_type
            .iter()
            .map(|c| format!("{:.2}", 100.0 * c.f1()))
            .collect();
        print!(
            "seed {k}: ANERcorp dev F1 {f:.2} (P {:.2}, R {:.2}; PER LOC ORG MISC {})",
            100.0 * s.overall.precision(),
            100.0 * s.overall.recall(),
            by_type.join(" ")
        );
        if let Some(n) = args.documents.filter(|&n| n > 0) {
            let d = score_documents(&r, dev, n, None)?;
            let fd = 100.0 * d.overall.f1();
            sum_doc += fd;
            print!(
                "; documents of {n}: {fd:.2} (P {:.2}, R {:.2})",
                100.0 * d.overall.precision(),
                100.0 * d.overall.recall()
            );
        }
        if !news.is_empty() {
            let spans = news_entities(&r, &news);
            match &first {
                None => {
                    print!("; {} entity spans on news", spans.len());
                    first = Some(spans);
                }
                Some(f) => {
                    let diff = f.symmetric_difference(&spans).count();
                    let pct = 100.0 * diff as f64 / f.len().max(1) as f64;
                    moved += pct;
                    print!("; on news {diff} spans differ from seed 0's ({pct:.2}%)");
                }
            }
        }
        println!();
    }
    let k = args.seeds as f64;
    print!(
        "mean over {} seeds: ANERcorp dev F1 {:.2}",
        args.seeds,
        sum / k
    );
    if args.documents.is_some() {
        print!(", documents {:.2}", sum_doc / k);
    }
    if !news.is_empty() && args.seeds > 1 {
        print!(
            "; news spans moved from seed 0's, mean {:.2}%",
            moved / (k - 1.0)
        );
    }
    println!();
    Ok(())
}

/// One news article analysed up to the segmenter, for tagging by several models.
struct NewsText {
    text: String,
    analysed: khabar::text::TextAnalysis,
    morph: khabar::morph::WordAnalyses,
}

/// The first `n` articles of the ANT multisource corpus under `data`, analysed up to the
/// segmenter (none when `n` is 0 or the corpus is absent).
fn news_sample(data: &Path, n: usize) -> Result<Vec<NewsText>> {
    let path = data.join("news").join(crate::input::ANT_CORPORA[0]);
    if n == 0 || !path.exists() {
        return Ok(Vec::new());
    }
    let text_stage = khabar::text::TextPipeline::default();
    let seg = Segmenter::embedded();
    let mut out = Vec::with_capacity(n);
    for a in crate::input::ant_articles(&path)?.into_iter().take(n) {
        let analysed = text_stage
            .analyze(&a.text)
            .context("analysing an ANT article")?;
        let mut morph = khabar::morph::WordAnalyses::default();
        seg.analyze_tokens(&a.text, &analysed.tokens, &mut morph);
        out.push(NewsText {
            text: a.text,
            analysed,
            morph,
        });
    }
    Ok(out)
}

/// Every entity span `rec` finds in `news`: (article, start, end, type).
fn news_entities(
    rec: &Recognizer,
    news: &[NewsText],
) -> rustc_hash::FxHashSet<(usize, u32, u32, EntityType)> {
    let mut out = rustc_hash::FxHashSet::default();
    for (i, n) in news.iter().enumerate() {
        for e in rec.entities(&n.text, &n.analysed.tokens, &n.analysed.sentences, &n.morph) {
            out.insert((i, e.span.start, e.span.end, e.ty));
        }
    }
    out
}

/// Runs `khabar eval ner`.
pub fn evaluate(args: EvalArgs) -> Result<ExitCode> {
    let sentences = read_conll(&args.conll)?;
    if sentences.is_empty() {
        bail!("{}: no sentences", args.conll.display());
    }
    let from = match args.tail_percent {
        Some(p) => sentences.len() - tail(sentences.len(), p),
        None => 0,
    };
    let rec = Recognizer::embedded();
    if rec.model().is_empty() {
        bail!("this khabar was built without an entity model (run `khabar train ner`)");
    }
    let mut lines = args.predictions.as_ref().map(|_| String::new());
    let (s, secs) = score_into(rec, &sentences[from..], lines.as_mut());
    write_lines(&args.predictions, lines)?;
    print_scores(&format!("{}: embedded model", args.conll.display()), &s);
    if let Some(n) = args.documents {
        if n == 0 {
            bail!("--documents must be at least 1");
        }
        let mut lines = args.document_predictions.as_ref().map(|_| String::new());
        let d = score_documents(rec, &sentences[from..], n, lines.as_mut())?;
        write_lines(&args.document_predictions, lines)?;
        print_scores(
            &format!(
                "{}: embedded model, documents of {n} sentences (whole pipeline)",
                args.conll.display()
            ),
            &d,
        );
    }
    eprintln!(
        "khabar: {} sentences in {:.2}s ({:.0} tokens/s, features, segmentation and decoding)",
        sentences.len() - from,
        secs,
        s.tokens as f64 / secs.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

/// Stem keys and feature rows of sentences.
fn stems_and_rows(rec: &Recognizer, sents: &[Sentence]) -> (Vec<Vec<String>>, Vec<Vec<u32>>) {
    let mut sc = ner::features::Scratch::default();
    let mut stems = Vec::new();
    let mut rows = Vec::new();
    for s in sents {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let mut r = Vec::new();
        ner::features::extract(&rec.resources(), &words, None, 0, &mut sc, &mut r);
        stems.push(
            (0..words.len())
                .map(|i| sc.stem_key(i).to_string())
                .collect(),
        );
        rows.push(r);
    }
    (stems, rows)
}

/// Second-pass rows: each token's first-pass rows plus its document rows.
fn doc_features(
    stems: &[Vec<String>],
    rows: &[Vec<u32>],
    first: &[Vec<ner::Tag>],
    window: usize,
) -> Vec<Vec<u32>> {
    let nf = ner::features::NF;
    (0..stems.len())
        .map(|s| {
            let lo = s.saturating_sub(window);
            let hi = (s + window + 1).min(stems.len());
            let mut seen: std::collections::HashMap<&str, u8> = Default::default();
            for o in (lo..hi).filter(|&o| o != s) {
                for (k, st) in stems[o].iter().enumerate() {
                    if st.chars().count() < 2 {
                        continue;
                    }
                    let bit = match ner::tag_type(first[o][k]) {
                        Some(t) => 1u8 << (t as u8),
                        None => 16,
                    };
                    *seen.entry(st.as_str()).or_default() |= bit;
                }
            }
            let mut out = Vec::with_capacity(rows[s].len() + 2 * stems[s].len());
            for (k, st) in stems[s].iter().enumerate() {
                out.extend_from_slice(&rows[s][k * nf..(k + 1) * nf]);
                let sn = seen.get(st.as_str()).copied().unwrap_or(0);
                ner::features::doc_rows(first[s][k], sn, &mut out);
            }
            out
        })
        .collect()
}

/// Experiment: jackknifed first pass, then a second pass with document features.
fn stack_experiment(
    rec: &Recognizer,
    train: &[Sentence],
    dev: &[Sentence],
    opts: TrainOptions,
    window: usize,
) {
    let ex = |s: &Sentence| Example {
        words: s.words.clone(),
        tags: s.tags.clone(),
        weight: 1.0,
        domain: 0,
    };
    let (tr_stems, tr_rows) = stems_and_rows(rec, train);
    let (dv_stems, dv_rows) = stems_and_rows(rec, dev);
    let examples: Vec<Example> = train.iter().map(ex).collect();
    let n = train.len();
    let folds = 5;
    let mut first: Vec<Vec<ner::Tag>> = vec![Vec::new(); n];
    let mut d = khabar_extract::ner::tagger::Decoder::default();
    let nf = ner::features::NF;
    for f in 0..folds {
        let idx: Vec<usize> = (0..n).filter(|i| i * folds / n != f).collect();
        let e: Vec<Example> = idx.iter().map(|&i| examples[i].clone()).collect();
        let r: Vec<Vec<u32>> = idx.iter().map(|&i| tr_rows[i].clone()).collect();
        let m = ner::train::train(&e, &r, opts, |_, _| {});
        for i in (0..n).filter(|i| i * folds / n == f) {
            m.decode_with(&tr_rows[i], nf, &mut d, &mut first[i]);
        }
    }
    let m1 = ner::train::train(&examples, &tr_rows, opts, |_, _| {});
    let mut dv_first = vec![Vec::new(); dev.len()];
    let mut s1 = Scores::default();
    for (i, s) in dev.iter().enumerate() {
        m1.decode_with(&dv_rows[i], nf, &mut d, &mut dv_first[i]);
        s1.add(&s.tags, &dv_first[i]);
    }
    println!("stack: first pass dev F1 {:.2}", 100.0 * s1.overall.f1());
    let tr2 = doc_features(&tr_stems, &tr_rows, &first, window);
    let dv2 = doc_features(&dv_stems, &dv_rows, &dv_first, window);
    let m2 = ner::train::train(&examples, &tr2, opts, |_, _| {});
    let mut s2 = Scores::default();
    let mut tags = Vec::new();
    for (i, s) in dev.iter().enumerate() {
        m2.decode_with(&dv2[i], nf + 2, &mut d, &mut tags);
        s2.add(&s.tags, &tags);
    }
    print_scores(&format!("stack (window {window}): second pass dev"), &s2);
}

#[cfg(test)]
mod tests {
    use super::*;
    use khabar_extract::ner::features::{NF, doc_rows};

    /// Every line of khabar's list of people is a name, a tab and its Latin form, and the list
    /// is of many people, not a handful.
    #[test]
    fn own_people_parse() {
        let lines = PEOPLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        let names: Vec<_> = own_people().collect();
        assert_eq!(names.len(), lines);
        let people: std::collections::HashSet<&str> = names.iter().map(|(_, l)| *l).collect();
        assert!(people.len() >= 100, "{}", people.len());
        assert!(names.contains(&("بلينكن", "Blinken")));
        assert!(
            names
                .iter()
                .all(|(a, l)| !a.is_empty() && !l.is_empty() && !l.contains('\t'))
        );
    }

    #[test]
    fn document_features_see_other_sentences_only() {
        let stems: Vec<Vec<String>> = vec![
            vec!["و".into(), "سمير".into(), "قال".into()],
            vec!["سمير".into(), "غادر".into()],
            vec!["سمير".into()],
        ];
        let rows: Vec<Vec<u32>> = stems.iter().map(|s| vec![7; s.len() * NF]).collect();
        let per = ner::begin(EntityType::Per);
        let first = vec![vec![0, per, 0], vec![0, 0], vec![0]];
        let rows2 = doc_features(&stems, &rows, &first, 1);
        let doc = |s: usize, k: usize| {
            let nf = NF + 2;
            rows2[s][k * nf + NF..(k + 1) * nf].to_vec()
        };
        let want = |own, seen| {
            let mut v = Vec::new();
            doc_rows(own, seen, &mut v);
            v
        };
        assert_eq!(rows2[1].len(), 2 * (NF + 2));
        assert_eq!(&rows2[1][..NF], &[7; NF][..]);
        // Sentence 1: سمير was a person in sentence 0 and untagged in sentence 2.
        assert_eq!(doc(1, 0), want(0, 1 | 16));
        assert_eq!(doc(1, 1), want(0, 0));
        // Sentence 0 sees only sentence 1 (window 1), where سمير was untagged; its own tag
        // is kept apart.
        assert_eq!(doc(0, 1), want(per, 16));
        // Sentence 2 is out of sentence 0's window: it sees sentence 1 only.
        assert_eq!(doc(2, 0), want(0, 16));
        // One-letter stems (a clitic left alone) are not looked up.
        assert_eq!(doc(0, 0), want(0, 0));
    }
}
