//! `khabar index`, `khabar search` and `khabar eval search` as a user runs them.
#![allow(clippy::unwrap_used)] // test helpers fail loudly on purpose

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use khabar_index::ArticleIndex;
use serde_json::Value;

fn khabar(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("khabar runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn data() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if d.join("news/ant-multisource.jsonl.gz").exists() {
        Some(d)
    } else {
        eprintln!("skipped: ../shared/data is absent (the shared data is present in CI)");
        None
    }
}

/// An article of our own, as a JSONL line.
fn line(id: &str, title: &str, text: &str, date: &str, source: &str) -> String {
    serde_json::json!({"id": id, "title": title, "text": text, "published": date, "source": source})
        .to_string()
}

fn corpus(dir: &Path) -> PathBuf {
    let lines = [
        line(
            "n1",
            "بلينكن في بغداد",
            "وصل وزير الخارجية الأميركي بلينكن إلى بغداد، وأكد دعم واشنطن للحكومة العراقية.",
            "2021-01-20",
            "وكالة أ",
        ),
        // A bad record between good ones: named by line, the others kept.
        "{\"id\": \"bad\", \"text\": ".to_string(),
        line(
            "n2",
            "لقاء في واشنطن",
            "استقبل بلنكن نظيره العراقي في واشنطن، وبحثا الانسحاب من العراق.",
            "2021-02-10",
            "وكالة ب",
        ),
        line(
            "n3",
            "أسعار النفط",
            "ارتفعت أسعار النفط مع تراجع المخزونات.",
            "2021-03-05",
            "وكالة أ",
        ),
    ];
    let p = dir.join("news.jsonl");
    std::fs::write(&p, lines.join("\n") + "\n").unwrap();
    p
}

#[test]
fn index_then_search() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let idx = dir.path().join("idx");
    let (input, idx_s) = (input.to_str().unwrap(), idx.to_str().unwrap());

    let o = khabar(&["index", "--index", idx_s, input]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("news.jsonl:2"), "{err}");
    assert!(err.contains("3 articles indexed"), "{err}");

    // Text output: count, ranked hits, marks.
    let o = khabar(&["search", "--index", idx_s, "بلنكن"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.starts_with("2 articles for"), "{out}");
    assert!(out.contains("[بلنكن]") && out.contains("[بلينكن]"), "{out}");

    // JSON output with filters.
    let o = khabar(&[
        "search",
        "--index",
        idx_s,
        "--json",
        "--source",
        "وكالة أ",
        "--from",
        "2021-01-01",
        "--to",
        "2021-01-31",
        "العراق",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["total"], 1);
    assert_eq!(v["hits"][0]["id"], "n1");
    assert_eq!(v["hits"][0]["published"], "2021-01-20");
    let snippet = &v["hits"][0]["snippet"];
    assert!(snippet["text"].as_str().unwrap().contains("العراقية"));

    // Re-running skips what the index has.
    let o = khabar(&["index", "--index", idx_s, input]);
    let err = stderr(&o);
    assert!(
        err.contains("0 articles indexed") && err.contains("3 unchanged"),
        "{err}"
    );

    // Bad usage and a missing index are clear errors.
    let o = khabar(&[
        "search",
        "--index",
        dir.path().join("none").to_str().unwrap(),
        "x",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no khabar index"), "{}", stderr(&o));
    let o = khabar(&[
        "search",
        "--index",
        idx_s,
        "--from",
        "2021-05-01",
        "--to",
        "2021-01-01",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("after"), "{}", stderr(&o));
}

/// Sentences of our own, combined into many distinct articles.
fn synthetic(n: usize) -> String {
    let words = [
        "الحكومة",
        "أعلنت",
        "الوزير",
        "واشنطن",
        "بغداد",
        "المفاوضات",
        "الاقتصاد",
        "الأسواق",
        "الانتخابات",
        "البرلمان",
        "العاصمة",
        "المدينة",
        "الشركات",
        "المواطنين",
        "الجيش",
        "الأمن",
    ];
    let mut out = String::new();
    for i in 0..n {
        let text: Vec<&str> = (0..120)
            .map(|j| words[(i * 7 + j * (i % 5 + 1)) % words.len()])
            .collect();
        out.push_str(&line(
            &format!("doc{i}"),
            &format!("خبر رقم {i}"),
            &format!("{} رقم{i}", text.join(" ")),
            "2021-01-29",
            "اختبار",
        ));
        out.push('\n');
    }
    out
}

#[test]
fn a_killed_ingest_keeps_every_committed_article() {
    let dir = tempfile::tempdir().unwrap();
    let n = 6000;
    let input = dir.path().join("many.jsonl");
    let corpus = synthetic(n);
    std::fs::write(&input, &corpus).unwrap();
    let idx = dir.path().join("idx");
    let args = [
        "index",
        "--index",
        idx.to_str().unwrap(),
        "--commit-every",
        "200",
        input.to_str().unwrap(),
    ];
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it (SIGKILL) once something is committed, while it is still working.
    let started = Instant::now();
    let mut killed = false;
    while started.elapsed() < Duration::from_secs(300) {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        let committed = ArticleIndex::open(&idx).map_or(0, |i| i.num_docs());
        if committed > 0 {
            child.kill().unwrap();
            killed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait().unwrap();
    assert!(
        killed,
        "the ingest ended before it could be killed; make the corpus larger"
    );

    // The index opens, and every article in it is whole.
    let index = ArticleIndex::open(&idx).unwrap();
    let have = index.num_docs();
    assert!(have > 0 && have < n as u64, "{have}");
    let texts: Vec<Value> = corpus
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids = index.ids().unwrap();
    assert_eq!(ids.len() as u64, have);
    for id in &ids {
        let i: usize = id.trim_start_matches("doc").parse().unwrap();
        let stored = index.get(id).unwrap().unwrap();
        assert_eq!(stored.text, texts[i]["text"].as_str().unwrap());
    }
    drop(index);

    // Running again finishes the job without duplicates.
    let o = khabar(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{have} unchanged")),
        "{}",
        stderr(&o)
    );
    let index = ArticleIndex::open(&idx).unwrap();
    assert_eq!(index.num_docs(), n as u64);
    let mut ids = index.ids().unwrap();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[test]
fn eval_search_beats_the_baselines_on_ant() {
    let Some(data) = data() else { return };
    let o = khabar(&[
        "eval",
        "search",
        "--data",
        data.to_str().unwrap(),
        "--task",
        "ant",
        "--queries",
        "500",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let engines = v[0]["engines"].as_array().unwrap();
    let mrr = |i: usize| engines[i][1]["mrr10"].as_f64().unwrap();
    assert_eq!(engines[0][0], "khabar");
    let best = mrr(1).max(mrr(2));
    // Measured 1.131 on these 500 queries (BENCHMARKS.md). The floor keeps a regression from
    // landing. On small collections the margin is thinner: run it on all of ANT.
    assert!(
        mrr(0) >= 1.10 * best,
        "khabar {} vs best baseline {best}",
        mrr(0)
    );
    assert!(mrr(0) >= 0.66, "khabar MRR@10 {}", mrr(0));
}
