//! `khabar analyze`.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::ValueEnum;
use khabar::{Article, Pipeline, Published};
use khabar_corpus::{Format, Input, ReadOptions, Record};
use rayon::prelude::*;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One JSON document: an object for one article, an array for several.
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

    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    let ok = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    if !ok {
        return Err(format!("`{s}` is not a date in the form YYYY-MM-DD"));
    }
    s.parse::<jiff::civil::Date>()
        .map_err(|e| format!("`{s}` is not a valid date: {e}"))
}

/// Writes analyses as JSON or JSONL, streaming.
struct Sink<W: Write> {
    out: W,
    format: OutputFormat,
    pretty: bool,
    /// JSON mode: the first document, held back until we know whether an array is needed.
    held: Option<String>,
    written: u64,
}

impl<W: Write> Sink<W> {
    fn push(&mut self, json: String) -> io::Result<()> {
        self.written += 1;
        match self.format {
            OutputFormat::Jsonl => {
                self.out.write_all(json.as_bytes())?;
                self.out.write_all(b"\n")
            }
            OutputFormat::Json => {
                if let Some(first) = self.held.take() {
                    self.out
                        .write_all(if self.pretty { b"[\n" } else { b"[" })?;
                    self.out.write_all(first.as_bytes())?;
                }
                if self.written == 1 {
                    self.held = Some(json);
                    return Ok(());
                }
                self.out
                    .write_all(if self.pretty { b",\n" } else { b"," })?;
                self.out.write_all(json.as_bytes())
            }
        }
    }

    fn finish(mut self) -> io::Result<()> {
        if self.format == OutputFormat::Json {
            match (self.written, self.held.take()) {
                (0, _) => self.out.write_all(b"[]\n")?,
                (1, Some(only)) => {
                    self.out.write_all(only.as_bytes())?;
                    self.out.write_all(b"\n")?;
                }
                _ => self
                    .out
                    .write_all(if self.pretty { b"\n]\n" } else { b"]\n" })?,
            }
        }
        self.out.flush()
    }
}

/// Records are analysed in parallel in batches of this many, then written in order.
const BATCH: usize = 256;

/// Runs `khabar analyze`.
pub fn run(args: Args) -> Result<ExitCode> {
    let options = ReadOptions {
        format: match args.input_format {
            InputFormat::Auto => Format::Auto,
            InputFormat::Text => Format::Text,
            InputFormat::Jsonl => Format::Jsonl,
        },
        lossy: args.lossy,
    };
    let reference = args.date.map(Published::from_date);
    let out: Box<dyn Write> = match &args.output {
        Some(p) => {
            Box::new(File::create(p).with_context(|| format!("cannot create {}", p.display()))?)
        }
        None => Box::new(io::stdout().lock()),
    };
    let mut sink = Sink {
        out: BufWriter::with_capacity(1 << 16, out),
        format: args.format,
        pretty: args.pretty,
        held: None,
        written: 0,
    };
    let pipeline = Pipeline::new();

    let inputs: Vec<Input> = args.inputs.iter().map(|a| Input::from_arg(a)).collect();
    let mut unreadable = 0u64;
    let mut bad_records = 0u64;
    let mut batch: Vec<Article> = Vec::with_capacity(BATCH);

    let flush =
        |batch: &mut Vec<Article>, sink: &mut Sink<BufWriter<Box<dyn Write>>>| -> Result<()> {
            let rendered: Vec<Result<String>> = batch
                .par_drain(..)
                .map(|article| {
                    let id = article.id.clone().unwrap_or_default();
                    let doc = pipeline
                        .analyze(article)
                        .with_context(|| format!("{id}: cannot analyse"))?;
                    let schema = doc.to_schema();
                    let json = if sink.pretty {
                        serde_json::to_string_pretty(&schema)
                    } else {
                        serde_json::to_string(&schema)
                    };
                    json.context("cannot serialise the analysis")
                })
                .collect();
            for r in rendered {
                match r {
                    Ok(json) => sink.push(json).context("cannot write output")?,
                    Err(e) => eprintln!("khabar: {e:#}"),
                }
            }
            Ok(())
        };

    for input in khabar_corpus::expand(&inputs) {
        let input = match input {
            Ok(i) => i,
            Err(e) => {
                eprintln!("khabar: {e}");
                unreadable += 1;
                continue;
            }
        };
        let records = match khabar_corpus::open(&input, options) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("khabar: {e}");
                unreadable += 1;
                continue;
            }
        };
        for record in records {
            match record {
                Ok(Record { mut article, .. }) => {
                    if article.published.is_none() {
                        article.published.clone_from(&reference);
                    }
                    batch.push(article);
                    if batch.len() >= BATCH {
                        flush(&mut batch, &mut sink)?;
                    }
                }
                Err(e) => {
                    bad_records += 1;
                    let hint =
                        if matches!(e.kind, khabar_corpus::RecordErrorKind::InvalidUtf8 { .. }) {
                            " (use --lossy to replace invalid bytes)"
                        } else {
                            ""
                        };
                    eprintln!("khabar: {e}{hint}");
                }
            }
        }
    }
    flush(&mut batch, &mut sink)?;
    let written = sink.written;
    sink.finish().context("cannot write output")?;

    if bad_records > 0 {
        let plural = |n: u64, one: &str, many: &str| {
            if n == 1 {
                format!("{n} {one}")
            } else {
                format!("{n} {many}")
            }
        };
        eprintln!(
            "khabar: {} analysed, {} skipped{}",
            plural(written, "document", "documents"),
            plural(bad_records, "bad record", "bad records"),
            if unreadable > 0 {
                format!(
                    ", {}",
                    plural(unreadable, "input unreadable", "inputs unreadable")
                )
            } else {
                String::new()
            }
        );
    }
    Ok(if unreadable > 0 {
        ExitCode::from(2)
    } else if bad_records > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
