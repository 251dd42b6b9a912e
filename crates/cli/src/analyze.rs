//! `khabar analyze`.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::ValueEnum;
use khabar::schema::View;
use khabar::{Article, Document, Layers, Pipeline, Published};
use khabar_corpus::{Format, ReadOptions};
use rayon::prelude::*;

use crate::input::{ArticleSink, Tally, plural, read_articles};

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One JSON document: an object for a single plain-text input, otherwise an array.
    Json,
    /// One JSON object per line, one line per article.
    Jsonl,
}

/// Input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// `.jsonl`/`.ndjson` are JSONL, `.txt` is text, otherwise JSONL if it starts with `{`.
    Auto,
    /// Each input is one article.
    Text,
    /// One JSON object per line: `text`, and optional `id`, `title`, `published`, `source`.
    Jsonl,
}

impl InputFormat {
    /// The reader's format.
    pub fn format(self) -> Format {
        match self {
            InputFormat::Auto => Format::Auto,
            InputFormat::Text => Format::Text,
            InputFormat::Jsonl => Format::Jsonl,
        }
    }
}

/// Arguments of `khabar analyze`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Files or folders to analyse; `-` reads standard input (the default). Plain text, JSONL,
    /// either optionally gzip-compressed.
    #[arg(value_name = "INPUT", default_value = "-")]
    inputs: Vec<String>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Json)]
    format: OutputFormat,

    /// Indent JSON output.
    #[arg(long)]
    pretty: bool,

    /// Reference date (YYYY-MM-DD) for articles without a `published` date, such as plain text.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<jiff::civil::Date>,

    /// How to read the inputs.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,

    /// Replace invalid UTF-8 with U+FFFD instead of reporting the input as bad.
    #[arg(long)]
    lossy: bool,

    /// Add `search_terms` to each document: the terms a khabar search index stores for its
    /// text (clitics dropped, light stem, names kept whole), with character offsets.
    #[arg(long)]
    search_terms: bool,

    /// The layers to find and report, comma-separated: entities, dates, numbers, quotes,
    /// keywords (or all, or none). Fewer are faster: dates and numbers alone skip the entity
    /// recogniser. A layer that a requested one is built from is found but not reported
    /// (keywords need entities, dates and numbers; quotes need entities).
    #[arg(long, value_name = "LIST", default_value = "all", value_parser = parse_layers)]
    layers: Layers,

    /// Leave out each document's `tokens` (nine tenths of the output).
    #[arg(long)]
    no_tokens: bool,

    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

fn parse_layers(s: &str) -> Result<Layers, String> {
    s.parse().map_err(|e: khabar::LayersError| e.to_string())
}

pub(crate) fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    let ok = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    if !ok {
        return Err(format!("`{s}` is not a date in the form YYYY-MM-DD"));
    }
    s.parse::<jiff::civil::Date>()
        .map_err(|e| format!("`{s}` is not a valid date: {e}"))
}

/// Writes analyses as JSON or JSONL, in input order.
struct Sink<W: Write> {
    out: W,
    format: OutputFormat,
    pretty: bool,
    search_terms: bool,
    tokens: bool,
    /// JSON format: `Some(true)` for one bare object, `Some(false)` for an array, `None` until
    /// the first input is open.
    single: Option<bool>,
    written: u64,
}

impl<W: Write> Sink<W> {
    /// Writes what comes before a document.
    fn begin(&mut self) -> io::Result<()> {
        self.written += 1;
        match (self.format, self.single, self.written) {
            (OutputFormat::Json, Some(true), _) | (OutputFormat::Jsonl, ..) => Ok(()),
            (OutputFormat::Json, _, 1) => {
                self.out.write_all(if self.pretty { b"[\n" } else { b"[" })
            }
            (OutputFormat::Json, ..) => self.out.write_all(if self.pretty { b",\n" } else { b"," }),
        }
    }

    /// Writes a document already rendered.
    fn push(&mut self, json: &[u8]) -> io::Result<()> {
        self.begin()?;
        self.out.write_all(json)?;
        self.end_line()
    }

    /// Serialises a document straight into the output.
    fn stream(&mut self, doc: &Document) -> io::Result<()> {
        self.begin()?;
        render(
            &mut self.out,
            &view(doc, self.search_terms, self.tokens),
            self.pretty,
        )?;
        self.end_line()
    }

    fn end_line(&mut self) -> io::Result<()> {
        match self.format {
            OutputFormat::Jsonl => self.out.write_all(b"\n"),
            OutputFormat::Json => Ok(()),
        }
    }

    /// Closes the JSON document. With nothing written, an empty array only if nothing failed.
    fn finish(mut self, failed: bool) -> io::Result<()> {
        if self.format == OutputFormat::Json {
            match (self.single, self.written) {
                (_, 0) if failed => {}
                (Some(true), 1) => self.out.write_all(b"\n")?,
                (_, 0) => self.out.write_all(b"[]\n")?,
                _ => self
                    .out
                    .write_all(if self.pretty { b"\n]\n" } else { b"]\n" })?,
            }
        }
        self.out.flush()
    }
}

/// The JSON view of `doc` with the keys asked for.
fn view(doc: &Document, terms: bool, tokens: bool) -> View<'_> {
    doc.view().with_search_terms(terms).with_tokens(tokens)
}

fn render(w: impl Write, view: &View<'_>, pretty: bool) -> io::Result<()> {
    let r = if pretty {
        serde_json::to_writer_pretty(w, view)
    } else {
        serde_json::to_writer(w, view)
    };
    r.map_err(io::Error::from)
}

/// Articles are analysed in parallel in batches of this many, then written in order.
const BATCH: usize = 256;
/// Articles longer than this are analysed alone and streamed to the output, so that the JSON of
/// a very large document is never held in memory.
const STREAM_LEN: usize = 4 << 20;

/// Analyses one article; the error names it.
fn analyze_one(pipeline: &Pipeline, article: Article) -> Result<Document> {
    let id = article.id.clone().unwrap_or_default();
    pipeline
        .analyze(article)
        .with_context(|| format!("{id}: cannot analyse"))
}

/// Analyses and writes a batch of articles in order; reports the ones that fail.
fn flush<W: Write>(
    pipeline: &Pipeline,
    batch: &mut Vec<Article>,
    sink: &mut Sink<W>,
    tally: &mut Tally,
) -> Result<()> {
    let (pretty, terms, tokens) = (sink.pretty, sink.search_terms, sink.tokens);
    let rendered: Vec<Result<Vec<u8>>> = batch
        .par_drain(..)
        .map(|article| {
            let doc = analyze_one(pipeline, article)?;
            let mut buf = Vec::with_capacity(doc.original().len() * 8);
            let view = view(&doc, terms, tokens);
            if pretty {
                render(&mut buf, &view, pretty)
            } else {
                // The fast writer of the same bytes.
                view.write_compact(&mut buf).map_err(io::Error::from)
            }
            .context("cannot serialise the analysis")?;
            Ok(buf)
        })
        .collect();
    for r in rendered {
        match r {
            Ok(json) => sink.push(&json).context("cannot write output")?,
            Err(e) => {
                tally.bad_records += 1;
                eprintln!("khabar: {e:#}");
            }
        }
    }
    Ok(())
}

/// Runs `khabar analyze`.
pub fn run(args: Args) -> Result<ExitCode> {
    let options = ReadOptions {
        format: args.input_format.format(),
        lossy: args.lossy,
    };
    let reference = args.date.map(Published::from_date);
    let out: Box<dyn Write> = match &args.output {
        Some(p) => {
            Box::new(File::create(p).with_context(|| format!("cannot create {}", p.display()))?)
        }
        None => Box::new(io::stdout().lock()),
    };
    let sink = Sink {
        out: BufWriter::with_capacity(1 << 16, out),
        format: args.format,
        pretty: args.pretty,
        search_terms: args.search_terms,
        tokens: !args.no_tokens,
        single: None,
        written: 0,
    };
    let mut state = Analyze {
        pipeline: Pipeline::new().with_layers(args.layers),
        batch: Vec::with_capacity(BATCH),
        sink,
    };
    let mut tally = Tally::default();
    read_articles(
        &args.inputs,
        options,
        reference.as_ref(),
        &mut state,
        &mut tally,
    )?;
    let Analyze {
        pipeline,
        mut batch,
        mut sink,
    } = state;
    flush(&pipeline, &mut batch, &mut sink, &mut tally)?;
    let written = sink.written;
    sink.finish(tally.unreadable + tally.bad_records > 0)
        .context("cannot write output")?;
    tally.summary(
        format!("{} analysed", plural(written, "document", "documents")),
        written > 0,
    );
    Ok(tally.exit_code())
}

/// The state of `khabar analyze` while articles come in.
struct Analyze<W: Write> {
    pipeline: Pipeline,
    batch: Vec<Article>,
    sink: Sink<W>,
}

impl<W: Write> ArticleSink for Analyze<W> {
    fn input(&mut self, format: Format, lone: bool) {
        // A lone plain-text input gives one JSON object; anything else an array.
        self.sink
            .single
            .get_or_insert(lone && format == Format::Text);
    }

    fn article(&mut self, article: Article, tally: &mut Tally) -> Result<()> {
        if article.text.len() > STREAM_LEN {
            flush(&self.pipeline, &mut self.batch, &mut self.sink, tally)?;
            match analyze_one(&self.pipeline, article) {
                Ok(doc) => self.sink.stream(&doc).context("cannot write output")?,
                Err(e) => {
                    tally.bad_records += 1;
                    eprintln!("khabar: {e:#}");
                }
            }
            return Ok(());
        }
        self.batch.push(article);
        if self.batch.len() >= BATCH {
            flush(&self.pipeline, &mut self.batch, &mut self.sink, tally)?;
        }
        Ok(())
    }
}
