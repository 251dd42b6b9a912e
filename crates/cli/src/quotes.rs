//! `khabar eval quotes`: quotes and their speakers against a hand-written gold set.
//!
//! The gold file is JSON Lines, one passage a line:
//! `{"id"?, "text", "published"?, "quotes": [{"text", "speaker"}], "note"?}`. A quote's `text`
//! is the exact substring inside its quotation marks (for an unclosed quote, up to the end of
//! its paragraph without the final full stop), found in the passage in order; `speaker` is the
//! speaker's surface text, the shortest form that names them (the name without its title), or
//! `null` when nobody is named.
//!
//! Figures, over all passages:
//!
//! - quote spans, exact: a predicted quote is right when its span is the gold one;
//! - quote spans, overlap: a predicted quote is right when it overlaps a gold one (each gold
//!   quote matched once, in text order);
//! - speaker accuracy, over the quotes matched by overlap: right when both speakers are absent,
//!   or when the gold speaker's words (normalised) appear as consecutive words of the predicted
//!   speaker's text or of its entity's canonical name (so `وزير الخارجية أنتوني بلينكن`
//!   and a mention `بلينكن` whose canonical name is `أنتوني بلينكن` both count for
//!   `بلينكن`).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use khabar::text::TextPipeline;
use khabar::text::metrics::Counts;
use khabar::{Article, Document, Pipeline, Published};

/// Arguments of `khabar eval quotes`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// The gold file (JSON Lines, see `crates/extract/tests/data/quotes-gold.jsonl`).
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
    /// Also print, to standard error, every missed, spurious or misattributed quote.
    #[arg(long)]
    losses: bool,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldLine {
    id: Option<String>,
    text: String,
    published: Option<String>,
    quotes: Vec<GoldQuote>,
    #[allow(dead_code)] // A reviewer's note on what the passage tests.
    note: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldQuote {
    text: String,
    speaker: Option<String>,
}

/// One gold passage with its quotes located: (byte span, speaker).
struct Passage {
    id: String,
    article: Article,
    quotes: Vec<((usize, usize), Option<String>)>,
}

/// Reads the gold file: the good passages and the number of bad lines (each reported).
fn read_gold(path: &Path) -> Result<(Vec<Passage>, usize)> {
    let raw =
        fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    let mut bad = 0;
    for (i, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match passage(line, i + 1) {
            Ok(p) => out.push(p),
            Err(e) => {
                eprintln!("khabar: {}:{}: {e:#}", path.display(), i + 1);
                bad += 1;
            }
        }
    }
    Ok((out, bad))
}

fn passage(line: &str, number: usize) -> Result<Passage> {
    let g: GoldLine = serde_json::from_str(line).context("not a gold record")?;
    let mut quotes = Vec::new();
    let mut from = 0;
    for q in g.quotes {
        if q.text.is_empty() {
            bail!("empty quote text");
        }
        // Located in order, so that a repeated quote is the next occurrence.
        let Some(p) = g.text[from..].find(&q.text) else {
            bail!("quote `{}` is not in the text (after byte {from})", q.text);
        };
        let start = from + p;
        from = start + q.text.len();
        quotes.push(((start, from), q.speaker));
    }
    let mut article = Article::new(g.text);
    if let Some(p) = g.published {
        article = article.with_published(Published::parse(&p)?);
    }
    Ok(Passage {
        id: g.id.unwrap_or_else(|| format!("line {number}")),
        article,
        quotes,
    })
}

/// A predicted quote: byte span, speaker text, speaker's canonical name.
struct Predicted {
    span: (usize, usize),
    speaker: Option<String>,
    canonical: Option<String>,
}

fn predicted(doc: &Document) -> Vec<Predicted> {
    let text = doc.original();
    doc.quotes
        .iter()
        .map(|q| {
            let sp = q.speaker.as_ref();
            Predicted {
                span: (q.span.start as usize, q.span.end as usize),
                speaker: sp.map(|s| text[s.span.range()].to_string()),
                canonical: sp.and_then(|s| s.cluster).and_then(|c| {
                    doc.entities
                        .iter()
                        .find(|e| e.cluster == c)
                        .map(|e| e.canonical.clone())
                }),
            }
        })
        .collect()
}

/// The words of a name, normalised (search level), punctuation dropped.
fn words(pipeline: &TextPipeline, s: &str) -> Vec<String> {
    pipeline
        .normalizer()
        .normalize_str(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when `needle` is a run of consecutive words of `hay`.
fn contains_words(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// The speaker rule (see the module documentation).
fn speaker_right(pipeline: &TextPipeline, gold: Option<&str>, p: &Predicted) -> bool {
    match (gold, &p.speaker) {
        (None, None) => true,
        (Some(g), Some(s)) => {
            let g = words(pipeline, g);
            contains_words(&words(pipeline, s), &g)
                || p.canonical
                    .as_deref()
                    .is_some_and(|c| contains_words(&words(pipeline, c), &g))
        }
        _ => false,
    }
}

/// The figures of a run.
#[derive(Debug, Default, serde::Serialize)]
struct Report {
    passages: usize,
    bad_lines: usize,
    gold_quotes: usize,
    predicted_quotes: usize,
    exact: Figures,
    overlap: Figures,
    /// Quotes matched by overlap whose speaker is right.
    speaker_right: usize,
    /// `speaker_right` over the quotes matched by overlap.
    speaker_accuracy: f64,
    /// Gold quotes found (overlap) with the right speaker, over all gold quotes.
    attributed_recall: f64,
}

#[derive(Debug, Default, serde::Serialize)]
struct Figures {
    correct: usize,
    precision: f64,
    recall: f64,
    f1: f64,
}

impl From<Counts> for Figures {
    fn from(c: Counts) -> Self {
        Figures {
            correct: c.correct,
            precision: c.precision(),
            recall: c.recall(),
            f1: c.f1(),
        }
    }
}

fn show(text: &str, (a, b): (usize, usize)) -> String {
    format!("«{}»", &text[a..b])
}

/// Runs `khabar eval quotes`.
pub fn evaluate(args: EvalArgs) -> Result<ExitCode> {
    let (passages, bad) = read_gold(&args.gold)?;
    if passages.is_empty() {
        bail!("{}: no gold passages", args.gold.display());
    }
    let pipeline = Pipeline::default();
    let text_pipeline = TextPipeline::default();
    let mut exact = Counts::default();
    let mut overlap = Counts::default();
    let mut speaker_ok = 0;
    for p in &passages {
        let doc = pipeline
            .analyze(p.article.clone())
            .with_context(|| format!("{}: analysis failed", p.id))?;
        let text = doc.original();
        let pred = predicted(&doc);
        let n = Counts {
            gold: p.quotes.len(),
            system: pred.len(),
            correct: 0,
        };
        let mut e = n;
        let mut o = n;
        let mut used = vec![false; pred.len()];
        for &(span, ref speaker) in &p.quotes {
            e.correct += usize::from(pred.iter().any(|q| q.span == span));
            let hit = pred
                .iter()
                .enumerate()
                .find(|(k, q)| !used[*k] && q.span.0 < span.1 && span.0 < q.span.1);
            let Some((k, q)) = hit else {
                if args.losses {
                    eprintln!("{}: missed {} ({speaker:?})", p.id, show(text, span));
                }
                continue;
            };
            used[k] = true;
            o.correct += 1;
            if speaker_right(&text_pipeline, speaker.as_deref(), q) {
                speaker_ok += 1;
            } else if args.losses {
                eprintln!(
                    "{}: speaker of {}: want {speaker:?}, got {:?} (canonical {:?})",
                    p.id,
                    show(text, span),
                    q.speaker,
                    q.canonical
                );
            }
            if args.losses && q.span != span {
                eprintln!(
                    "{}: span: want {}, got {}",
                    p.id,
                    show(text, span),
                    show(text, q.span)
                );
            }
        }
        if args.losses {
            for (q, _) in pred.iter().zip(&used).filter(|(_, u)| !**u) {
                eprintln!(
                    "{}: spurious {} (speaker {:?})",
                    p.id,
                    show(text, q.span),
                    q.speaker
                );
            }
        }
        exact += e;
        overlap += o;
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let report = Report {
        passages: passages.len(),
        bad_lines: bad,
        gold_quotes: exact.gold,
        predicted_quotes: exact.system,
        exact: exact.into(),
        overlap: overlap.into(),
        speaker_right: speaker_ok,
        speaker_accuracy: ratio(speaker_ok, overlap.correct),
        attributed_recall: ratio(speaker_ok, overlap.gold),
    };
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        let r = &report;
        writeln!(
            out,
            "{}: {} passages, {} gold quotes, {} predicted",
            args.gold.display(),
            r.passages,
            r.gold_quotes,
            r.predicted_quotes
        )?;
        for (name, f) in [("exact span", &r.exact), ("overlap", &r.overlap)] {
            writeln!(
                out,
                "  {name:<12} P {:.1}  R {:.1}  F1 {:.1}  ({} right)",
                100.0 * f.precision,
                100.0 * f.recall,
                100.0 * f.f1,
                f.correct
            )?;
        }
        writeln!(
            out,
            "  speaker      accuracy {:.1} ({} of {} matched)  attributed recall {:.1}",
            100.0 * r.speaker_accuracy,
            r.speaker_right,
            r.overlap.correct,
            100.0 * r.attributed_recall
        )?;
    }
    if bad > 0 {
        eprintln!("khabar: {bad} bad gold lines skipped");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_words_run_inside_the_prediction_or_canonical() {
        let tp = TextPipeline::default();
        let p = |s: &str, c: Option<&str>| Predicted {
            span: (0, 1),
            speaker: Some(s.into()),
            canonical: c.map(Into::into),
        };
        assert!(speaker_right(
            &tp,
            Some("أنتوني بلينكن"),
            &p("وزير الخارجية أنتوني بلينكن", None)
        ));
        assert!(speaker_right(
            &tp,
            Some("أنتوني بلينكن"),
            &p("بلينكن", Some("أنتوني بلينكن"))
        ));
        assert!(!speaker_right(
            &tp,
            Some("أنتوني بلينكن"),
            &p("بلينكن", None)
        ));
        // Words, not characters: أمل is not in الأمل.
        assert!(!speaker_right(&tp, Some("أمل"), &p("الأمل", None)));
        assert!(speaker_right(
            &tp,
            None,
            &Predicted {
                span: (0, 1),
                speaker: None,
                canonical: None
            }
        ));
    }

    #[test]
    fn a_bad_line_names_its_problem() {
        let e = passage(
            r#"{"text": "abc", "quotes": [{"text": "x", "speaker": null}]}"#,
            3,
        )
        .err()
        .map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("`x`")));
        assert!(passage(r#"{"txt": "abc", "quotes": []}"#, 1).is_err());
        let p = passage(
            r#"{"text": "a \"b\" c \"b\"", "quotes": [{"text": "b", "speaker": null}, {"text": "b", "speaker": "a"}]}"#,
            1,
        )
        .ok();
        assert_eq!(p.map(|p| p.quotes[1].0), Some((9, 10)));
    }
}
