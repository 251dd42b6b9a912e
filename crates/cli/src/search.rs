//! `khabar index`, `khabar search` and `khabar eval search`.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use khabar::{Article, Pipeline, Published};
use khabar_corpus::{Format, Input, ReadOptions};
use khabar_index::eval::{self, Baseline, BaselineIndex, Case, Metrics, Ranker};
use khabar_index::{
    ArticleIndex, ArticleWriter, IndexError, Prepared, Ready, SearchRequest, article_id, prepare,
};
use rayon::prelude::*;

use crate::analyze::{InputFormat, parse_date};
use crate::input::{ArticleSink, Tally, plural, read_articles};

/// Arguments of `khabar index`.
#[derive(clap::Args, Debug)]
pub struct IndexArgs {
    /// Files or folders to index: plain text, JSONL, either optionally gzip-compressed.
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<String>,

    /// The index directory (created if absent).
    #[arg(long, value_name = "DIR", default_value = "khabar-index")]
    index: PathBuf,

    /// How to read the inputs.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,

    /// Replace invalid UTF-8 with U+FFFD instead of reporting the record as bad.
    #[arg(long)]
    lossy: bool,

    /// Reference date (YYYY-MM-DD) for articles without a `published` date.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<jiff::civil::Date>,

    /// Commit (make durable) after this many articles. An interrupted ingest keeps every
    /// committed article; re-running it skips them.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    commit_every: usize,

    /// Re-index articles even when the index already has them with the same content.
    #[arg(long)]
    force: bool,

    /// Memory for tantivy's indexing buffers, in MB.
    #[arg(long, value_name = "MB", default_value_t = 256)]
    heap_mb: usize,
}

/// Articles analysed together on all cores.
const BATCH: usize = 512;

struct Ingest {
    index: ArticleIndex,
    writer: ArticleWriter,
    pipeline: Pipeline,
    batch: Vec<Article>,
    force: bool,
    commit_every: usize,
    since_commit: usize,
    added: u64,
    unchanged: u64,
    words: u64,
    bar: ProgressBar,
}

impl Ingest {
    fn flush(&mut self, tally: &mut Tally) -> Result<()> {
        let index = &self.index;
        let force = self.force;
        let pipeline = &self.pipeline;
        // None: already indexed with the same content.
        let done: Vec<Result<Option<Ready>, IndexError>> = self
            .batch
            .par_drain(..)
            .map(|a| index.ready(pipeline, a, force))
            .collect();
        for d in done {
            match d {
                Ok(Some(Ready { prepared, words })) => {
                    self.writer.add_prepared(prepared)?;
                    self.added += 1;
                    self.since_commit += 1;
                    self.words += words;
                }
                Ok(None) => self.unchanged += 1,
                Err(e) => {
                    tally.bad_records += 1;
                    // IndexError's message already names the article and the cause.
                    self.bar.suspend(|| eprintln!("khabar: {e}"));
                }
            }
            self.bar.inc(1);
        }
        if self.since_commit >= self.commit_every {
            self.commit()?;
        }
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        self.writer.commit().context("cannot commit the index")?;
        self.index.reload()?;
        self.since_commit = 0;
        Ok(())
    }
}

impl ArticleSink for Ingest {
    fn article(&mut self, article: Article, tally: &mut Tally) -> Result<()> {
        self.batch.push(article);
        if self.batch.len() >= BATCH {
            self.flush(tally)?;
        }
        Ok(())
    }
}

/// Runs `khabar index`.
pub fn index(args: IndexArgs) -> Result<ExitCode> {
    if args.commit_every == 0 {
        bail!("--commit-every must be at least 1");
    }
    let index = ArticleIndex::open_or_create(&args.index)?;
    let writer = index
        .writer(args.heap_mb.max(16) << 20, 0)
        .context("cannot open the index for writing (is another `khabar index` running?)")?;
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos} articles  {per_sec}  {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let options = ReadOptions {
        format: args.input_format.format(),
        lossy: args.lossy,
    };
    let reference = args.date.map(Published::from_date);
    let started = Instant::now();
    let mut ingest = Ingest {
        index,
        writer,
        pipeline: Pipeline::new(),
        batch: Vec::with_capacity(BATCH),
        force: args.force,
        commit_every: args.commit_every,
        since_commit: 0,
        added: 0,
        unchanged: 0,
        words: 0,
        bar,
    };
    let mut tally = Tally::default();
    read_articles(
        &args.inputs,
        options,
        reference.as_ref(),
        &mut ingest,
        &mut tally,
    )?;
    ingest.flush(&mut tally)?;
    let Ingest {
        index,
        writer,
        added,
        unchanged,
        words,
        bar,
        ..
    } = ingest;
    writer.finish().context("cannot commit the index")?;
    index.reload()?;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    let mut line = format!(
        "khabar: {} indexed ({:.0} articles/s, {:.0} words/s)",
        plural(added, "article", "articles"),
        added as f64 / secs,
        words as f64 / secs
    );
    if unchanged > 0 {
        line.push_str(&format!(", {unchanged} unchanged"));
    }
    line.push_str(&format!(
        "; {} has {}",
        args.index.display(),
        plural(index.num_docs(), "article", "articles")
    ));
    eprintln!("{line}");
    tally.summary(
        format!("{} indexed", plural(added, "article", "articles")),
        added + unchanged > 0,
    );
    Ok(tally.exit_code())
}

/// Arguments of `khabar search`.
#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// The query: words (OR, ranked by BM25), "a phrase" in quotes, -word to exclude.
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    query: Vec<String>,

    /// The index directory.
    #[arg(long, value_name = "DIR", default_value = "khabar-index")]
    index: PathBuf,

    /// Number of hits.
    #[arg(short = 'n', long, default_value_t = 10)]
    limit: usize,

    /// Hits to skip (the next page starts at the previous limit).
    #[arg(long, default_value_t = 0)]
    offset: usize,

    /// Only articles from this source.
    #[arg(long)]
    source: Option<String>,

    /// Only articles published on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    from: Option<jiff::civil::Date>,

    /// Only articles published on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    to: Option<jiff::civil::Date>,

    /// Only articles naming this entity (its canonical form: "فؤاد حسين", العراق).
    #[arg(long, value_name = "NAME")]
    entity: Option<String>,

    /// Only articles quoting this speaker (canonical name: "انتوني بلينكن").
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,

    /// Only articles talking about a day on or after this one (their dates, resolved).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    mentions_from: Option<jiff::civil::Date>,

    /// Only articles talking about a day on or before this one.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    mentions_to: Option<jiff::civil::Date>,

    /// Also count the N most named people, places, organisations and sources over all the
    /// matching articles.
    #[arg(long, value_name = "N", default_value_t = 0)]
    facets: usize,

    /// Longest snippet, in characters.
    #[arg(long, value_name = "CHARS", default_value_t = 200)]
    snippet_chars: usize,

    /// Print the results as JSON (character offsets into each article's text).
    #[arg(long)]
    json: bool,
}

/// Most hits one search returns.
const MAX_LIMIT: usize = 1000;

/// Runs `khabar search`.
pub fn search(args: SearchArgs) -> Result<ExitCode> {
    if args.limit > MAX_LIMIT {
        bail!("--limit is at most {MAX_LIMIT}");
    }
    if let (Some(f), Some(t)) = (args.from, args.to)
        && f > t
    {
        bail!("--from {f} is after --to {t}");
    }
    let index = ArticleIndex::open(&args.index)?;
    let mut req = SearchRequest::new(args.query.join(" "));
    req.limit = args.limit;
    req.offset = args.offset;
    req.source = args.source;
    req.from = args.from;
    req.to = args.to;
    req.snippet_chars = args.snippet_chars;
    req.entity = args.entity;
    req.speaker = args.speaker;
    req.mentions_from = args.mentions_from;
    req.mentions_to = args.mentions_to;
    req.facets = args.facets.min(MAX_LIMIT);
    let results = index.search(&req)?;
    let stdout = io::stdout();
    let tty = stdout.is_terminal();
    let mut out = io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &results)?;
        writeln!(out)?;
    } else {
        let found = plural(results.total as u64, "article", "articles");
        if results.terms.is_empty() {
            writeln!(out, "{found}")?;
        } else {
            writeln!(out, "{found} for {}", results.terms.join(" "))?;
        }
        for (i, hit) in results.hits.iter().enumerate() {
            let mut meta = Vec::new();
            meta.extend(hit.source.as_deref());
            meta.extend(hit.published.as_deref());
            meta.push(&hit.id);
            writeln!(
                out,
                "\n{}. {}  [{}]  {:.2}",
                req.offset + i + 1,
                hit.title.as_deref().unwrap_or("(no title)"),
                meta.join(" · "),
                hit.score
            )?;
            writeln!(out, "   {}", marked(&hit.snippet, tty))?;
        }
        if let Some(f) = &results.facets {
            let line = |name: &str, counts: &[(String, u64)]| {
                let items: Vec<String> = counts.iter().map(|(n, c)| format!("{n} ({c})")).collect();
                format!("{name}: {}", items.join(", "))
            };
            writeln!(out)?;
            for (ty, counts) in &f.entities {
                writeln!(out, "{}", line(ty, counts))?;
            }
            writeln!(out, "{}", line("sources", &f.sources))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The snippet with its matches marked: bold on a terminal, [brackets] otherwise.
fn marked(s: &khabar_index::Snippet, tty: bool) -> String {
    let (open, close) = if tty {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut out = String::with_capacity(s.text.len() + 16 * s.highlights.len());
    let mut pos = s.start as usize;
    let mut chars = s.text.chars();
    for &[a, b] in &s.highlights {
        out.extend(chars.by_ref().take(a as usize - pos));
        out.push_str(open);
        out.extend(chars.by_ref().take((b - a) as usize));
        out.push_str(close);
        pos = b as usize;
    }
    out.extend(chars);
    out.replace('\n', " ")
}

/// Arguments of `khabar eval search`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// The shared data folder (with news/ and ir/arcd/).
    #[arg(long, value_name = "DIR", default_value = "../shared/data")]
    data: PathBuf,

    /// Which task to run.
    #[arg(long, value_enum, default_value_t = Task::All)]
    task: Task,

    /// Known-item queries sampled from the ANT titles.
    #[arg(long, default_value_t = 1000)]
    queries: usize,

    /// Index only the first N ANT articles (0: all).
    #[arg(long, default_value_t = 0)]
    articles: usize,

    /// Seed of the query sample.
    #[arg(long, default_value_t = 7)]
    seed: u64,

    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,

    /// Which ARCD file to use: `all` (the published anchors' set), or its `train` or `test`
    /// half (tune on train, report test).
    #[arg(long, value_enum, default_value_t = ArcdSplit::All)]
    arcd_split: ArcdSplit,

    /// Also list up to N queries that khabar ranks worst against the best baseline.
    #[arg(long, value_name = "N", default_value_t = 0)]
    losses: usize,
}

/// Retrieval tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Task {
    /// ANT known-item (title -> its article) and ARCD (question -> paragraph).
    All,
    /// ANT known-item only.
    Ant,
    /// ARCD only.
    Arcd,
}

/// The ARCD files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ArcdSplit {
    /// `arcd.json`: all 1,395 questions.
    All,
    /// `arcd-train.json`.
    Train,
    /// `arcd-test.json`.
    Test,
}

/// The figures of every engine on one task.
#[derive(Debug, serde::Serialize)]
struct TaskReport {
    task: String,
    documents: usize,
    engines: Vec<(String, Metrics)>,
    #[serde(skip)]
    queries: Vec<String>,
}

/// Samples `n` distinct indices below `len` (splitmix64, partial Fisher-Yates).
pub(crate) fn sample(len: usize, n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut idx: Vec<usize> = (0..len).collect();
    let n = n.min(len);
    for i in 0..n {
        let j = i + (next() % (len - i) as u64) as usize;
        idx.swap(i, j);
    }
    idx.truncate(n);
    idx
}

/// Indexes `docs` (id, text) with khabar, in memory.
fn khabar_index(docs: &[(String, String)]) -> Result<ArticleIndex> {
    let index = ArticleIndex::in_ram()?;
    let mut writer = index.writer(512 << 20, 1)?;
    let pipeline = Pipeline::new();
    let fields = index.fields();
    for chunk in docs.chunks(2048) {
        let prepared: Vec<Prepared> = chunk
            .par_iter()
            .map(|(id, text)| {
                let doc = pipeline.analyze(Article::new(text.clone()).with_id(id.clone()))?;
                Ok::<_, khabar::Error>(prepare(&fields, &doc))
            })
            .collect::<Result<_, _>>()?;
        for p in prepared {
            writer.add_prepared(p)?;
        }
    }
    writer.finish()?;
    index.reload()?;
    Ok(index)
}

fn run_task(name: &str, docs: &[(String, String)], cases: &[Case]) -> Result<TaskReport> {
    let mut engines = Vec::new();
    let t = Instant::now();
    let k = khabar_index(docs)?;
    eprintln!(
        "khabar: {name}: khabar index built in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    engines.push(("khabar".to_string(), eval::evaluate(&k, cases)?));
    drop(k);
    for b in Baseline::ALL {
        let idx = BaselineIndex::build(b, docs.iter().map(|(i, t)| (i.as_str(), t.as_str())))?;
        engines.push((idx.name().to_string(), eval::evaluate(&idx, cases)?));
    }
    Ok(TaskReport {
        task: name.to_string(),
        documents: docs.len(),
        engines,
        queries: cases.iter().map(|c| c.query.clone()).collect(),
    })
}

/// ANT known-item: each sampled title (of at least 4 words) is the query for its own article,
/// indexed without its title.
fn ant_task(args: &EvalArgs) -> Result<TaskReport> {
    let path = args.data.join("news/ant-multisource.jsonl.gz");
    let input = Input::from_arg(&path.display().to_string());
    let records = khabar_corpus::open(
        &input,
        ReadOptions {
            format: Format::Jsonl,
            lossy: false,
        },
    )
    .with_context(|| format!("cannot read the ANT corpus at {}", path.display()))?;
    let mut docs = Vec::new();
    let mut titles = Vec::new();
    for r in records {
        let r = r.with_context(|| format!("{}: bad record", path.display()))?;
        let a = r.article;
        let id = article_id(&a);
        if let Some(t) = a.title.filter(|t| t.split_whitespace().count() >= 4) {
            titles.push((t, docs.len()));
        }
        docs.push((id, a.text));
        if args.articles > 0 && docs.len() >= args.articles {
            break;
        }
    }
    let cases: Vec<Case> = sample(titles.len(), args.queries, args.seed)
        .into_iter()
        .map(|i| Case {
            query: titles[i].0.clone(),
            relevant: vec![docs[titles[i].1].0.clone()],
        })
        .collect();
    run_task("ANT known-item", &docs, &cases)
}

/// ARCD: each question against the distinct paragraphs.
fn arcd_task(args: &EvalArgs) -> Result<TaskReport> {
    let file = match args.arcd_split {
        ArcdSplit::All => "arcd.json",
        ArcdSplit::Train => "arcd-train.json",
        ArcdSplit::Test => "arcd-test.json",
    };
    let path = args.data.join("ir/arcd").join(file);
    let raw = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read ARCD at {}", path.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&raw).with_context(|| format!("{}: not JSON", path.display()))?;
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut docs = Vec::new();
    let mut cases = Vec::new();
    let articles = v["data"]
        .as_array()
        .with_context(|| format!("{}: no `data` array", path.display()))?;
    for art in articles {
        for p in art["paragraphs"].as_array().into_iter().flatten() {
            let Some(ctx) = p["context"].as_str() else {
                continue;
            };
            let id = ids
                .entry(ctx.to_string())
                .or_insert_with(|| {
                    let id = format!("p{}", docs.len());
                    docs.push((id.clone(), ctx.to_string()));
                    id
                })
                .clone();
            for qa in p["qas"].as_array().into_iter().flatten() {
                if let Some(q) = qa["question"].as_str() {
                    cases.push(Case {
                        query: q.trim().to_string(),
                        relevant: vec![id.clone()],
                    });
                }
            }
        }
    }
    run_task("ARCD question->paragraph", &docs, &cases)
}

/// Runs `khabar eval search`.
pub fn evaluate(args: EvalArgs) -> Result<ExitCode> {
    let mut reports = Vec::new();
    if matches!(args.task, Task::All | Task::Ant) {
        reports.push(ant_task(&args)?);
    }
    if matches!(args.task, Task::All | Task::Arcd) {
        reports.push(arcd_task(&args)?);
    }
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &reports)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for r in &reports {
        writeln!(
            out,
            "{}: {} documents, {} queries",
            r.task,
            r.documents,
            r.engines.first().map_or(0, |e| e.1.queries)
        )?;
        writeln!(
            out,
            "  {:<24} {:>7} {:>7} {:>7} {:>8} {:>8}",
            "engine", "MRR@10", "R@10", "R@100", "p50 ms", "p99 ms"
        )?;
        for (name, m) in &r.engines {
            writeln!(
                out,
                "  {:<24} {:>7.4} {:>7.4} {:>7.4} {:>8.3} {:>8.3}",
                name, m.mrr10, m.recall10, m.recall100, m.p50_ms, m.p99_ms
            )?;
        }
        let best = r.engines[1..].iter().map(|e| e.1.mrr10).fold(0.0, f64::max);
        if args.losses > 0 {
            // Reciprocal rank lost against the best baseline on each query.
            let rr = |r: Option<usize>| r.map_or(0.0, |r| 1.0 / r as f64);
            let mut losses: Vec<(f64, usize)> = (0..r.queries.len())
                .map(|i| {
                    let base = r.engines[1..]
                        .iter()
                        .map(|e| rr(e.1.ranks[i]))
                        .fold(0.0, f64::max);
                    (base - rr(r.engines[0].1.ranks[i]), i)
                })
                .filter(|l| l.0 > 0.0)
                .collect();
            losses.sort_by(|a, b| b.0.total_cmp(&a.0));
            for &(_, i) in losses.iter().take(args.losses) {
                let ranks: Vec<String> = r
                    .engines
                    .iter()
                    .map(|e| e.1.ranks[i].map_or("-".into(), |x| x.to_string()))
                    .collect();
                writeln!(out, "  loss [{}] {}", ranks.join(" "), r.queries[i])?;
            }
        }
        if best > 0.0 {
            writeln!(
                out,
                "  khabar MRR@10 / best baseline: {:.3}",
                r.engines[0].1.mrr10 / best
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_is_distinct_and_reproducible() {
        let a = sample(100, 10, 7);
        assert_eq!(a, sample(100, 10, 7));
        assert_ne!(a, sample(100, 10, 8));
        let mut s = a.clone();
        s.sort_unstable();
        s.dedup();
        assert_eq!(s.len(), 10);
        assert!(a.iter().all(|&i| i < 100));
        assert_eq!(sample(3, 10, 1).len(), 3);
    }

    #[test]
    fn marks_follow_character_offsets() {
        let s = khabar_index::Snippet {
            text: "قال بلينكن في العراق".into(),
            start: 10,
            end: 30,
            highlights: vec![[14, 20], [24, 30]],
        };
        assert_eq!(marked(&s, false), "قال [بلينكن] في [العراق]");
    }
}
