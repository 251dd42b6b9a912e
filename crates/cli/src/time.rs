//! `khabar eval time`: dates and numbers against the Recognizers-Text Arabic specs.
//!
//! For each spec file (`DateTime/Arabic/*.json`, and `NumberModel`, `OrdinalModel`,
//! `PercentModel` under `Number/Arabic/`), every case's input is analysed with its own reference
//! date (`Context.ReferenceDateTime`, else 2016-11-07, the suite's default) and compared with
//! the expected results:
//!
//! - extraction: exact character spans, precision, recall and F1 (khabar's `dates` for DateTime
//!   files, `numbers` for Number files);
//! - resolution: of the expected results that carry a value, the share that khabar found with the
//!   exact span and an equal value (a date equal to the timex or to either the future or the past
//!   resolution; a number equal to within 1e-9, percentages without their sign). A range of
//!   dates is equal to an expected period (see `period`), a range of times to an expected
//!   timex of a period (`time_range_matches`), a range of three months to a season's timex
//!   (`season_months`).
//!
//! `NotSupported` flags are ignored: every case counts. khabar's number spans leave the unit
//! out; for `PercentModel`, whose spans include the percent words (٢٠ في المئة), a number with
//! the unit `%` is compared with its unit's words included.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use khabar::text::{CharOffsets, TextPipeline};
use serde_json::Value;

/// Arguments of `khabar eval time`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// The Recognizers-Text `Specs` folder (with `DateTime/Arabic` and `Number/Arabic`).
    #[arg(long, value_name = "DIR")]
    recognizers: PathBuf,
    /// Also print, to standard error, each expected result that was missed or resolved
    /// wrongly, with what khabar found in its input, for the spec files whose name contains
    /// NAME (`DateParser`, `Number`; an empty string for all).
    #[arg(long, value_name = "NAME")]
    losses: Option<String>,
}

/// What khabar found: character span, date value, number value.
type Predicted = ((u32, u32), Option<String>, Option<f64>);

/// A date prediction's value as a period: its first day and the day after its last (a month
/// 2016-02 is [2016-02-01, 2016-03-01); a range 2016-07..2016-09 is [2016-07-01,
/// 2016-10-01)).
fn interval(value: &str, end_value: Option<&str>) -> Option<(String, String)> {
    Some(period(value, end_value)?.0)
}

/// [`interval`], and for a range also its first day and the first day of its last unit: the
/// specs leave the end of a range out (من 4 إلى 22 is [4, 22) there, 2014-2018 is
/// [2014-01-01, 2018-01-01)), khabar keeps it in (`end_value` is inclusive), so a range is
/// equal to the expected one under either reading.
#[allow(clippy::type_complexity)]
fn period(
    value: &str,
    end_value: Option<&str>,
) -> Option<((String, String), Option<(String, String)>)> {
    use jiff::civil::{Date, date};
    fn start(v: &str) -> Option<(Date, jiff::Span)> {
        let b = v.as_bytes();
        if v.len() == 4 {
            return Some((date(v.parse().ok()?, 1, 1), jiff::Span::new().years(1)));
        }
        if v.len() == 7 && b[4] == b'-' {
            let d = date(v[..4].parse().ok()?, v[5..].parse().ok()?, 1);
            return Some((d, jiff::Span::new().months(1)));
        }
        if v.len() == 8 && &v[4..6] == "-W" {
            let w = jiff::civil::ISOWeekDate::new(
                v[..4].parse().ok()?,
                v[6..].parse().ok()?,
                jiff::civil::Weekday::Monday,
            )
            .ok()?;
            return Some((w.date(), jiff::Span::new().days(7)));
        }
        if v.len() == 10 {
            return Some((v.parse().ok()?, jiff::Span::new().days(1)));
        }
        None
    }
    let (a, len) = start(value)?;
    match end_value {
        Some(e) => {
            let (b, blen) = start(e)?;
            let after = b.checked_add(blen).ok()?;
            Some((
                (a.to_string(), after.to_string()),
                Some((a.to_string(), b.to_string())),
            ))
        }
        None => Some(((a.to_string(), a.checked_add(len).ok()?.to_string()), None)),
    }
}

/// The other ways the specs write a time khabar gives as `2016-11-07T20:30`: the time alone
/// as a timex (`T20:30`, for an expected time without a day) and as resolutions
/// (`2016-11-07 20:30:00`, `20:30:00`).
fn time_forms(v: &str) -> Vec<String> {
    let Some((day, time)) = v.split_once('T') else {
        return Vec::new();
    };
    let hms = if time.len() == 2 {
        format!("{time}:00:00")
    } else {
        format!("{time}:00")
    };
    vec![format!("T{time}"), format!("{day} {hms}"), hms]
}

/// True when a range of times khabar found (`2016-11-08T15` to `2016-11-08T16`) is the
/// expected timex of a period, `(2016-11-08T15,2016-11-08T16,PT1H)`, or of one without a day,
/// `(T17,T18,PT1H)` (any day then), or one without a year, `(XXXX-04-22T17,...)`. An hour and its minute 00 are equal (`T15` is `T15:00`):
/// khabar writes both ends at the finer grain of the two.
fn time_range_matches(start: &str, end: &str, timex: &str) -> bool {
    let Some(inner) = timex.strip_prefix('(') else {
        return false;
    };
    let mut parts = inner.split(',');
    let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
        return false;
    };
    let minutes = |s: &str| match s.find('T') {
        Some(t) if s.len() == t + 3 => format!("{s}:00"),
        _ => s.to_string(),
    };
    let same = |x: &str, g: &str| {
        let (x, g) = (minutes(x), minutes(g));
        x == g
            || (g.starts_with('T') && x.ends_with(&g))
            || (g.starts_with("XXXX") && x.len() == g.len() && x.get(4..) == g.get(4..))
    };
    same(start, a) && same(end, b)
}

/// A season's timex (`2016-SU`) as khabar gives a season, a range of three months: the first
/// days of its first and last months (spring from March, summer from June, autumn from
/// September; the winter of 2016 from December 2015 to February 2016).
fn season_months(timex: &str) -> Option<(String, String)> {
    let (y, s) = timex.split_once('-')?;
    let y: i32 = y.parse().ok()?;
    let (fy, fm) = match s {
        "SP" => (y, 3),
        "SU" => (y, 6),
        "FA" => (y, 9),
        "WI" => (y - 1, 12),
        _ => return None,
    };
    let (ly, lm) = if fm + 2 > 12 {
        (fy + 1, fm + 2 - 12)
    } else {
        (fy, fm + 2)
    };
    Some((format!("{fy:04}-{fm:02}-01"), format!("{ly:04}-{lm:02}-01")))
}

/// The periods of an expected DateTime result: (start, end) of its future and past
/// resolutions.
fn gold_intervals(r: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut take = |o: &Value| {
        let get = |k: &[&str]| {
            k.iter()
                .find_map(|k| o.get(*k).and_then(Value::as_str))
                .map(|s| s.get(..10).unwrap_or(s).to_string())
        };
        if let (Some(a), Some(b)) = (get(&["startDate", "start"]), get(&["endDate", "end"])) {
            out.push((a, b));
        }
    };
    if let Some(v) = r.get("Value") {
        for k in ["FutureResolution", "PastResolution"] {
            if let Some(x) = v.get(k) {
                take(x);
            }
        }
    }
    if let Some(values) = r.pointer("/Resolution/values").and_then(Value::as_array) {
        for v in values {
            take(v);
        }
    }
    out
}

/// True when a wrong day or month differs from an expected one only by the convention for
/// a weekday or month without a year: the same weekday in another week (a bare weekday is the
/// most recent one in khabar, the coming one in the specs; الأحد القادم is the next Sunday in
/// khabar, Sunday of next week in the specs), or the same month a year apart (سبتمبر الماضي is
/// the last September before the reference in khabar, September of last year in the specs).
fn other_convention(value: &str, gold: &[String]) -> bool {
    use jiff::civil::Date;
    gold.iter().any(|g| {
        if value.len() == 10 && g.len() == 10 {
            let (Ok(a), Ok(b)) = (value.parse::<Date>(), g.parse::<Date>()) else {
                return false;
            };
            let days = a.since(b).map_or(0, |s| s.get_days());
            a.weekday() == b.weekday() && days != 0
        } else if value.len() == 7 && g.len() >= 7 {
            let (Ok(ya), Ok(yb)) = (value[..4].parse::<i32>(), g[..4].parse::<i32>()) else {
                return false;
            };
            value[4..7] == g[4..7] && (ya - yb).abs() == 1
        } else {
            false
        }
    })
}

/// Counts for one spec file.
#[derive(Default)]
struct Score {
    cases: usize,
    gold: usize,
    predicted: usize,
    matched: usize,
    with_value: usize,
    resolved: usize,
    /// Wrong only by a documented convention of khabar's (see `other_convention`).
    convention: usize,
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// The expected values of a DateTime result: its timex and every string in its resolutions.
fn date_values(r: &Value) -> Vec<String> {
    fn collect(v: &Value, out: &mut Vec<String>) {
        if let Some(o) = v.as_object() {
            for x in o.values() {
                if let Some(s) = x.as_str() {
                    out.push(s.to_string());
                }
            }
        }
    }
    let mut out = Vec::new();
    if let Some(v) = r.get("Value") {
        if let Some(t) = v.get("Timex").and_then(Value::as_str) {
            out.push(t.to_string());
        }
        for k in ["FutureResolution", "PastResolution"] {
            if let Some(x) = v.get(k) {
                collect(x, &mut out);
            }
        }
    }
    if let Some(values) = r.pointer("/Resolution/values").and_then(Value::as_array) {
        for v in values {
            collect(v, &mut out);
        }
    }
    out
}

fn number_value(r: &Value) -> Option<f64> {
    let s = r.pointer("/Resolution/value")?.as_str()?;
    s.trim_end_matches('%').trim().parse().ok()
}

/// (start, end) in characters, end exclusive, of an expected result.
fn gold_span(r: &Value) -> Option<(u32, u32)> {
    let start = r.get("Start")?.as_u64()? as u32;
    if let Some(len) = r.get("Length").and_then(Value::as_u64) {
        return Some((start, start + len as u32));
    }
    let end = r.get("End")?.as_u64()? as u32;
    Some((start, end + 1))
}

/// One line per loss: the input, what was expected, what khabar found.
fn print_loss(input: &str, r: &Value, predicted: &[Predicted], chars: &[char]) {
    let text = r.get("Text").and_then(Value::as_str).unwrap_or("");
    let want = if r.get("Value").is_some()
        || r.get("Resolution")
            .is_some_and(|x| x.get("values").is_some())
    {
        let mut vals = date_values(r);
        vals.dedup();
        vals.join(" | ")
    } else {
        r.pointer("/Resolution/value")
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let got: Vec<String> = predicted
        .iter()
        .map(|((a, b), d, n)| {
            let t: String = chars
                .get(*a as usize..*b as usize)
                .map(|c| c.iter().collect())
                .unwrap_or_default();
            match (d, n) {
                (Some(d), _) => format!("[{t}]{a}..{b}={d}"),
                (None, Some(n)) => format!("[{t}]{a}..{b}={n}"),
                _ => format!("[{t}]=null"),
            }
        })
        .collect();
    let at = gold_span(r).unwrap_or_default();
    eprintln!(
        "{input}\n    want [{text}] {at:?} {want}\n    got  {}",
        got.join(" ")
    );
}

/// A span without the spaces at its ends.
fn trim_spaces(chars: &[char], (mut a, mut b): (u32, u32)) -> (u32, u32) {
    let space = |i: u32| chars.get(i as usize).is_some_and(|c| c.is_whitespace());
    while a < b && space(a) {
        a += 1;
    }
    while b > a && space(b - 1) {
        b -= 1;
    }
    (a, b)
}

fn evaluate_file(path: &Path, dates: bool, losses: bool) -> Result<Score> {
    let raw = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let cases: Vec<Value> = serde_json::from_str(raw.trim_start_matches('\u{feff}'))
        .with_context(|| format!("{} is not a JSON array", path.display()))?;
    let pipeline = TextPipeline::default();
    // As `khabar analyze` reads dates: with the segmenter's analyses (a verb's future س).
    let segmenter = khabar::morph::Segmenter::embedded();
    let mut morph = khabar::morph::WordAnalyses::default();
    let default_ref = jiff::civil::date(2016, 11, 7);
    let percent = path.file_stem().is_some_and(|f| f == "PercentModel");
    let mut s = Score::default();
    for case in &cases {
        let Some(input) = case.get("Input").and_then(Value::as_str) else {
            continue;
        };
        s.cases += 1;
        let reference = case
            .pointer("/Context/ReferenceDateTime")
            .and_then(Value::as_str)
            .and_then(|r| r.get(..10))
            .and_then(|r| r.parse().ok())
            .unwrap_or(default_ref);
        let Ok(a) = pipeline.analyze(input) else {
            continue;
        };
        let chars = CharOffsets::new(input);
        let predicted: Vec<Predicted> = if dates {
            segmenter.analyze_tokens(input, &a.tokens, &mut morph);
            khabar::extract::dates::find_with(
                &a.normalized,
                &a.tokens,
                Some(reference),
                Some(&morph),
            )
            .into_iter()
            .map(|d| {
                // A range is scored as its period (see `interval`).
                let v = match (&d.value, &d.end_value) {
                    // A range of times (see `time_range_matches`).
                    (Some(v), Some(e)) if v.contains('T') => Some(format!("{v}..{e}")),
                    (Some(v), Some(e)) => match period(v, Some(e)) {
                        Some(((a, after), Some((_, last)))) => {
                            Some(format!("{a}..{last}..{after}"))
                        }
                        _ => d.value,
                    },
                    _ => d.value,
                };
                (
                    chars.convert(d.span),
                    v.or(d.duration).or(d.recurrence),
                    None,
                )
            })
            .collect()
        } else {
            khabar::extract::numbers::find_in(input, &a.normalized, &a.tokens)
                .into_iter()
                .map(|n| {
                    // The percentage spec counts the percent words in the span.
                    let span = match (percent, n.unit, n.unit_span) {
                        (true, Some("%"), Some(u)) => khabar::text::Span::new(
                            n.span.start.min(u.start),
                            n.span.end.max(u.end),
                        ),
                        _ => n.span,
                    };
                    (chars.convert(span), None, Some(n.value))
                })
                .collect()
        };
        s.predicted += predicted.len();
        let chars_of_input: Vec<char> = input.chars().collect();
        for r in case
            .get("Results")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(span) = gold_span(r) else { continue };
            // Some expected spans take in the space before or after the expression
            // (" اليوم"): spaces are never part of one.
            let span = trim_spaces(&chars_of_input, span);
            s.gold += 1;
            let hit = predicted.iter().find(|p| p.0 == span);
            if hit.is_some() {
                s.matched += 1;
            }
            let ok = if dates {
                let values = date_values(r);
                if !values.is_empty() {
                    s.with_value += 1;
                }
                let periods = gold_intervals(r);
                let ok = match hit {
                    Some((_, Some(v), _)) => {
                        values
                            .iter()
                            .any(|x| x == v || time_forms(v).iter().any(|t| t == x))
                            || (v.contains('T')
                                && v.split_once("..").is_some_and(|(a, b)| {
                                    values.iter().any(|x| time_range_matches(a, b, x))
                                }))
                            || match v.split_once("..") {
                                Some((a, ends)) => {
                                    periods
                                        .iter()
                                        .any(|p| p.0 == a && ends.split("..").any(|b| p.1 == b))
                                        || values.iter().any(|x| {
                                            season_months(x).is_some_and(|(f, l)| {
                                                f == a && ends.split("..").next() == Some(&l)
                                            })
                                        })
                                }
                                None => interval(v, None).is_some_and(|i| periods.contains(&i)),
                            }
                    }
                    Some(_) => values.is_empty(),
                    None => false,
                };
                if ok && !values.is_empty() {
                    s.resolved += 1;
                }
                if !ok
                    && let Some((_, Some(v), _)) = hit
                    && other_convention(v, &values)
                {
                    s.convention += 1;
                }
                ok
            } else if let Some(g) = number_value(r) {
                s.with_value += 1;
                let ok = matches!(hit, Some((_, _, Some(v))) if (v - g).abs() <= 1e-9 * g.abs().max(1.0));
                if ok {
                    s.resolved += 1;
                }
                ok
            } else {
                hit.is_some()
            };
            if losses && !ok {
                let chars: Vec<char> = input.chars().collect();
                print_loss(input, r, &predicted, &chars);
            }
        }
    }
    Ok(s)
}

/// Runs `khabar eval time`.
pub fn evaluate(args: EvalArgs) -> Result<ExitCode> {
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    let dt = args.recognizers.join("DateTime/Arabic");
    let mut dt_files: Vec<PathBuf> = std::fs::read_dir(&dt)
        .with_context(|| format!("cannot read {}", dt.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    dt_files.sort();
    files.extend(dt_files.into_iter().map(|p| (p, true)));
    for n in ["NumberModel", "OrdinalModel", "PercentModel"] {
        let p = args.recognizers.join(format!("Number/Arabic/{n}.json"));
        if p.exists() {
            files.push((p, false));
        }
    }
    println!(
        "| spec file | cases | expected | found | P | R | F1 | resolved / with value | resolution accuracy | other convention |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (path, dates) in files {
        let show = args
            .losses
            .as_deref()
            .is_some_and(|f| path.to_string_lossy().contains(f));
        let s = evaluate_file(&path, dates, show)?;
        let p = pct(s.matched, s.predicted);
        let r = pct(s.matched, s.gold);
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        let name = path
            .strip_prefix(&args.recognizers)
            .unwrap_or(&path)
            .display();
        let acc = if s.with_value > 0 {
            format!("{:.1}%", pct(s.resolved, s.with_value))
        } else {
            "-".to_string()
        };
        println!(
            "| {name} | {} | {} | {} | {p:.1} | {r:.1} | {f1:.1} | {} / {} | {acc} | {} |",
            s.cases, s.gold, s.predicted, s.resolved, s.with_value, s.convention
        );
    }
    Ok(ExitCode::SUCCESS)
}
