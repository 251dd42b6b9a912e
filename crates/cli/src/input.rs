//! Reading articles from the command line's inputs, shared by the commands that take them:
//! every bad input and bad record is reported (file, line, byte offset) and counted, and the
//! good records around it are kept.

use anyhow::Result;
use khabar::{Article, Published};
use khabar_corpus::{Format, Input, ReadOptions, RecordErrorKind};

/// Counts of what went wrong, for the summary and the exit code.
#[derive(Debug, Default)]
pub struct Tally {
    /// Inputs that could not be opened.
    pub unreadable: u64,
    /// Records skipped (bad JSON, invalid UTF-8, a failed analysis...).
    pub bad_records: u64,
    /// Records kept with a warning.
    pub warnings: u64,
}

impl Tally {
    /// Prints the one-line summary (when anything went wrong), `done` being what went right
    /// ("12 documents analysed").
    pub fn summary(&self, done: String, anything_done: bool) {
        if self.bad_records + self.warnings > 0 || (self.unreadable > 0 && anything_done) {
            let mut parts = vec![done];
            if self.bad_records > 0 {
                parts.push(format!(
                    "{} skipped",
                    plural(self.bad_records, "bad record", "bad records")
                ));
            }
            if self.unreadable > 0 {
                parts.push(plural(
                    self.unreadable,
                    "input unreadable",
                    "inputs unreadable",
                ));
            }
            if self.warnings > 0 {
                parts.push(plural(self.warnings, "warning", "warnings"));
            }
            eprintln!("khabar: {}", parts.join(", "));
        }
    }

    /// 2 when an input could not be read, 1 when records were bad, else 0.
    pub fn exit_code(&self) -> std::process::ExitCode {
        use std::process::ExitCode;
        if self.unreadable > 0 {
            ExitCode::from(2)
        } else if self.bad_records > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// `n` and the singular or plural noun.
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What a command does with the articles it reads.
pub trait ArticleSink {
    /// An input was opened; `lone` when it is the only input on the command line.
    fn input(&mut self, _format: Format, _lone: bool) {}

    /// One good article.
    fn article(&mut self, article: Article, tally: &mut Tally) -> Result<()>;
}

/// Reads every article of `inputs` into `sink`. Articles without a publication date get
/// `reference`. Errors from the sink stop the reading; errors of inputs and records are
/// reported and counted in `tally`.
pub fn read_articles(
    inputs: &[String],
    options: ReadOptions,
    reference: Option<&Published>,
    sink: &mut impl ArticleSink,
    tally: &mut Tally,
) -> Result<()> {
    let inputs: Vec<Input> = inputs.iter().map(|a| Input::from_arg(a)).collect();
    let expanded = khabar_corpus::expand(&inputs);
    let lone = expanded.len() == 1 && inputs.len() == 1;
    for input in expanded {
        let records = match input.and_then(|i| khabar_corpus::open(&i, options)) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("khabar: {e}");
                tally.unreadable += 1;
                continue;
            }
        };
        sink.input(records.format(), lone);
        for record in records {
            let mut article = match record {
                Ok(r) => {
                    for w in &r.warnings {
                        tally.warnings += 1;
                        eprintln!("khabar: warning: {w}");
                    }
                    r.article
                }
                Err(e) => {
                    tally.bad_records += 1;
                    let hint = if matches!(e.kind, RecordErrorKind::InvalidUtf8 { .. }) {
                        " (use --lossy to replace invalid bytes)"
                    } else {
                        ""
                    };
                    eprintln!("khabar: {e}{hint}");
                    continue;
                }
            };
            if article.published.is_none() {
                article.published = reference.cloned();
            }
            sink.article(article, tally)?;
        }
    }
    Ok(())
}

/// The ANT news corpora under `news` (the data folder's `news/`).
pub const ANT_CORPORA: [&str; 2] = ["ant-multisource.jsonl.gz", "ant-jawharafm.jsonl.gz"];

/// The articles of one ANT corpus file, in order (a bad record is reported and skipped).
pub fn ant_articles(path: &std::path::Path) -> Result<Vec<Article>> {
    use anyhow::Context;
    let records = khabar_corpus::open(
        &Input::Path(path.to_path_buf()),
        ReadOptions {
            format: Format::Jsonl,
            lossy: true,
        },
    )
    .with_context(|| format!("cannot open {}", path.display()))?;
    let mut articles = Vec::new();
    for r in records {
        match r {
            Ok(r) => articles.push(r.article),
            Err(e) => eprintln!("khabar: skipping a record: {e}"),
        }
    }
    Ok(articles)
}

/// The titles and texts of one ANT corpus file, in order (a bad record is reported and
/// skipped).
pub fn ant_texts(path: &std::path::Path) -> Result<Vec<String>> {
    Ok(ant_articles(path)?
        .into_iter()
        .flat_map(|a| a.title.into_iter().chain([a.text]))
        .collect())
}
