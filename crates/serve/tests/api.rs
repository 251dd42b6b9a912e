//! The API against a real server on loopback: an index of articles written for these tests,
//! a client speaking HTTP over TCP.

use std::io::Read;
use std::sync::Arc;
use std::time::Duration;

use khabar::{Article, Pipeline, Published};
use khabar_index::{ArticleIndex, prepare};
use khabar_serve::{AppState, Limits};
use serde_json::Value;

struct Server {
    base: String,
    _dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn article(id: &str, title: &str, published: &str, source: &str, text: &str) -> Article {
    Article {
        id: Some(id.into()),
        title: Some(title.into()),
        text: text.into(),
        published: Some(Published::parse(published).expect("test date")),
        source: Some(source.into()),
    }
}

fn articles() -> Vec<Article> {
    vec![
        article(
            "a1",
            "بلينكن في بغداد",
            "2021-03-03",
            "وكالة أ",
            "وصل وزير الخارجية الأميركي أنتوني بلينكن إلى بغداد أمس، واستقبله وزير الخارجية فؤاد حسين.\n\nوقال حسين: «نرحب بالشراكة مع واشنطن».",
        ),
        article(
            "a2",
            "بلنكن يلتقي الكاظمي",
            "2021-03-04",
            "وكالة ب",
            "التقى بلنكن رئيس الوزراء مصطفى الكاظمي في بغداد لبحث ملف القوات الأجنبية.",
        ),
        article(
            "a3",
            "أسعار النفط ترتفع",
            "2021-04-15",
            "وكالة أ",
            "ارتفعت أسعار النفط في الأسواق العالمية بنسبة 3 بالمئة يوم الخميس.",
        ),
        article(
            "dir/a4 مقال",
            "النفط والعراق",
            "2021-05-20",
            "وكالة ب",
            "قال وزير النفط العراقي إن صادرات العراق بلغت 3.2 مليون برميل يوميا الشهر الماضي.",
        ),
        article(
            "hostile",
            "<img src=x onerror=alert(1)>",
            "2021-05-21",
            "وكالة <b>ج</b>",
            "نص فيه <script>window.pwned=1</script> ومعه اسم بغداد.",
        ),
    ]
}

fn start(limits: Limits) -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = ArticleIndex::open_or_create(&dir.path().join("idx")).expect("index");
    let mut w = index.writer(50 << 20, 1).expect("writer");
    let pipeline = Pipeline::new();
    for a in articles() {
        let doc = pipeline.analyze(a).expect("analysis");
        w.add_prepared(prepare(&index.fields(), &doc)).expect("add");
    }
    w.finish().expect("commit");
    index.reload().expect("reload");
    start_with(index, dir, limits)
}

fn start_with(index: ArticleIndex, dir: tempfile::TempDir, limits: Limits) -> Server {
    let state = Arc::new(AppState::new(index, "test".into(), limits));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            addr_tx
                .send(listener.local_addr().expect("addr"))
                .expect("send");
            khabar_serve::serve(listener, state, async {
                let _ = rx.await;
            })
            .await
            .expect("serve");
        });
    });
    let addr = addr_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("server address");
    Server {
        base: format!("http://{addr}"),
        _dir: dir,
        stop: Some(tx),
        thread: Some(thread),
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

struct Reply {
    status: u16,
    content_type: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn reply(res: ureq::http::Response<ureq::Body>) -> Reply {
    let status = res.status().as_u16();
    let headers: Vec<(String, String)> = res
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let content_type = headers
        .iter()
        .find(|(k, _)| k == "content-type")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let mut body = String::new();
    res.into_body()
        .into_reader()
        .read_to_string(&mut body)
        .expect("body");
    Reply {
        status,
        content_type,
        headers,
        body,
    }
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Percent-encodes a path segment (a space is `%20` there, not `+`).
fn seg(s: &str) -> String {
    enc(s).replace('+', "%20")
}

impl Server {
    fn get(&self, path: &str) -> Reply {
        reply(
            agent()
                .get(format!("{}{path}", self.base))
                .call()
                .expect("request"),
        )
    }
    fn post(&self, path: &str, content_type: &str, body: &[u8]) -> Reply {
        reply(
            agent()
                .post(format!("{}{path}", self.base))
                .header("content-type", content_type)
                .send(body)
                .expect("request"),
        )
    }
}

fn ids(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().expect("id").to_string())
        .collect()
}

fn error_of(r: &Reply, status: u16) -> Value {
    assert_eq!(r.status, status, "{}", r.body);
    assert!(
        r.content_type.starts_with("application/json"),
        "{r:?}",
        r = r.content_type
    );
    let v = r.json();
    assert_eq!(v["error"]["status"], status);
    assert!(!v["error"]["message"].as_str().unwrap_or("").is_empty());
    v["error"].clone()
}

#[test]
fn search_finds_every_spelling_with_snippets_facets_and_paging() {
    let s = start(Limits::default());
    let r = s.get(&format!("/api/search?q={}&facets=5", enc("بلنكن")));
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    let mut found = ids(&v);
    found.sort();
    assert_eq!(found, ["a1", "a2"], "{v}");
    assert_eq!(v["total"], 2);
    // Highlights are character offsets into the article: slice them out of the stored text.
    for hit in v["hits"].as_array().expect("hits") {
        let a = s.get(&format!(
            "/api/articles/{}",
            seg(hit["id"].as_str().expect("id"))
        ));
        let text: Vec<char> = a.json()["article"]["text"]
            .as_str()
            .expect("text")
            .chars()
            .collect();
        let marks = hit["snippet"]["highlights"].as_array().expect("marks");
        assert!(!marks.is_empty(), "{hit}");
        for m in marks {
            let (a, b) = (
                m[0].as_u64().expect("a") as usize,
                m[1].as_u64().expect("b") as usize,
            );
            let slice: String = text[a..b].iter().collect();
            assert!(slice.contains("بل"), "highlight {slice}");
        }
    }
    let per: Vec<&str> = v["facets"]["PER"]
        .as_array()
        .expect("PER")
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert!(per.iter().any(|n| n.contains("بل")), "{per:?}");
    let sources = &v["facets"]["sources"];
    assert_eq!(sources.as_array().map(Vec::len), Some(2), "{sources}");

    // Empty query: every article, newest first, in pages.
    let all = s.get("/api/search?sort=newest&limit=2").json();
    assert_eq!(all["total"], 5);
    assert_eq!(ids(&all), ["hostile", "dir/a4 مقال"]);
    let next = s.get("/api/search?sort=newest&limit=2&offset=2").json();
    assert_eq!(ids(&next), ["a3", "a2"]);
    let oldest = s.get("/api/search?sort=oldest&limit=1").json();
    assert_eq!(ids(&oldest), ["a1"]);
}

#[test]
fn filters_narrow_the_results() {
    let s = start(Limits::default());
    let q = enc("النفط");
    let v = s.get(&format!("/api/search?q={q}")).json();
    assert_eq!(v["total"], 2, "{v}");
    let v = s
        .get(&format!("/api/search?q={q}&source={}", enc("وكالة أ")))
        .json();
    assert_eq!(ids(&v), ["a3"]);
    let v = s.get(&format!("/api/search?q={q}&from=2021-05-01")).json();
    assert_eq!(ids(&v), ["dir/a4 مقال"]);
    let v = s.get("/api/search?from=2021-03-01&to=2021-03-31").json();
    assert_eq!(v["total"], 2);
    // The entity filter takes a canonical name written with or without hamza.
    let v = s
        .get(&format!("/api/search?entity={}", enc("فواد حسين")))
        .json();
    assert_eq!(ids(&v), ["a1"], "{v}");
    let v = s
        .get(&format!("/api/search?entity={}", enc("فؤاد حسين")))
        .json();
    assert_eq!(ids(&v), ["a1"], "{v}");
    let v = s.get(&format!("/api/facets?q={}&n=3", enc("بغداد"))).json();
    assert_eq!(v["total"], 3, "{v}");
    let loc = v["facets"]["LOC"].as_array().expect("LOC");
    assert_eq!(loc[0]["name"], "بغداد", "{v}");
    assert_eq!(loc[0]["count"], 3);
}

#[test]
fn timeline_counts_match_the_search() {
    let s = start(Limits::default());
    let v = s.get("/api/timeline?interval=month").json();
    let months: Vec<(String, u64)> = v["buckets"]
        .as_array()
        .expect("buckets")
        .iter()
        .map(|b| {
            (
                b["date"].as_str().expect("date").to_string(),
                b["count"].as_u64().expect("count"),
            )
        })
        .collect();
    assert_eq!(
        months,
        [
            ("2021-03".to_string(), 2),
            ("2021-04".to_string(), 1),
            ("2021-05".to_string(), 2)
        ]
    );
    assert_eq!(v["total"], 5);
    let v = s
        .get(&format!("/api/timeline?interval=day&q={}", enc("بلينكن")))
        .json();
    let buckets = v["buckets"].as_array().expect("buckets");
    assert_eq!(buckets.len(), 2, "{v}");
    assert_eq!(buckets[0]["date"], "2021-03-03");
    assert_eq!(v["total"], 2);
    let none = s
        .get(&format!("/api/timeline?q={}", enc("كلمةلاتوجد")))
        .json();
    assert_eq!(none["total"], 0);
    assert_eq!(none["buckets"].as_array().map(Vec::len), Some(0));
}

#[test]
fn article_comes_with_its_full_analysis() {
    let s = start(Limits::default());
    let r = s.get(&format!("/api/articles/{}", seg("a1")));
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["article"]["title"], "بلينكن في بغداد");
    let a = &v["analysis"];
    assert_eq!(a["schema"], 1);
    let text: Vec<char> = v["article"]["text"]
        .as_str()
        .expect("text")
        .chars()
        .collect();
    let ents = a["entities"].as_array().expect("entities");
    assert!(
        ents.iter()
            .any(|e| e["text"] == "بلينكن" || e["canonical"] == "أنتوني بلينكن"),
        "{ents:?}"
    );
    for e in ents {
        let (x, y) = (
            e["start"].as_u64().expect("s") as usize,
            e["end"].as_u64().expect("e") as usize,
        );
        assert_eq!(
            text[x..y].iter().collect::<String>(),
            e["text"].as_str().expect("t")
        );
    }
    let dates = a["dates"].as_array().expect("dates");
    assert!(
        dates
            .iter()
            .any(|d| d["text"] == "أمس" && d["value"] == "2021-03-02"),
        "{dates:?}"
    );
    assert!(!a["quotes"].as_array().expect("quotes").is_empty());

    // Ids with a slash, a space and Arabic letters, percent-encoded.
    let r = s.get(&format!("/api/articles/{}", seg("dir/a4 مقال")));
    assert_eq!(r.status, 200, "{}", r.body);
    let e = error_of(&s.get("/api/articles/nope"), 404);
    assert_eq!(e["code"], "not_found");
}

#[test]
fn analyze_takes_json_or_plain_text() {
    let s = start(Limits {
        max_body_bytes: 4096,
        ..Limits::default()
    });
    let body = serde_json::json!({"text": "قال بلينكن أمس في بغداد", "published": "2021-03-03"});
    let r = s.post(
        "/api/analyze",
        "application/json",
        body.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["schema"], 1);
    assert_eq!(v["dates"][0]["value"], "2021-03-02");
    let r = s.post(
        "/api/analyze?published=2021-03-03",
        "text/plain; charset=utf-8",
        "وصل بلنكن اليوم".as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["dates"][0]["value"], "2021-03-03");
    // Fewer layers, no tokens.
    let r = s.post(
        "/api/analyze?published=2021-03-03&layers=dates&tokens=false",
        "text/plain",
        "وصل بلنكن اليوم".as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["dates"][0]["value"], "2021-03-03");
    for key in ["tokens", "entities", "numbers", "quotes", "keywords"] {
        assert!(v.get(key).is_none(), "{key} in {v}");
    }
    let e = error_of(
        &s.post("/api/analyze?layers=dates,people", "text/plain", b"x"),
        400,
    );
    assert_eq!(e["parameter"], "layers");
    assert!(
        e["message"].as_str().unwrap_or("").contains("people"),
        "{e}"
    );

    let e = error_of(
        &s.post("/api/analyze", "application/json", b"{\"text\": 1}"),
        400,
    );
    assert_eq!(e["code"], "bad_body");
    let e = error_of(
        &s.post(
            "/api/analyze",
            "application/json",
            b"{\"text\": \"x\", \"txet\": 1}",
        ),
        400,
    );
    assert!(e["message"].as_str().unwrap_or("").contains("txet"), "{e}");
    let e = error_of(
        &s.post(
            "/api/analyze",
            "application/json",
            b"{\"text\": \"x\", \"published\": \"yesterday\"}",
        ),
        400,
    );
    assert_eq!(e["parameter"], "published");
    error_of(&s.post("/api/analyze", "application/xml", b"<a/>"), 415);
    let e = error_of(
        &s.post(
            "/api/analyze?published=2021-01-01",
            "application/json",
            b"{\"text\": \"x\"}",
        ),
        400,
    );
    assert_eq!(e["parameter"], "published");
    error_of(
        &s.post("/api/analyze", "text/plain", &[0x66, 0xff, 0x66]),
        400,
    );
    let big = serde_json::json!({"text": "خبر ".repeat(2000)}).to_string();
    let e = error_of(
        &s.post("/api/analyze", "application/json", big.as_bytes()),
        413,
    );
    assert_eq!(e["code"], "too_large");
}

#[test]
fn bad_parameters_get_named_4xx_errors() {
    let s = start(Limits::default());
    for (path, param) in [
        ("/api/search?qq=x", "qq"),
        ("/api/search?q=a&q=b", "q"),
        ("/api/search?limit=101", "limit"),
        ("/api/search?limit=ten", "limit"),
        ("/api/search?offset=10001&limit=10", "offset"),
        ("/api/search?from=2021-02-30", "from"),
        ("/api/search?from=2021-05-01&to=2021-04-01", "from"),
        ("/api/search?sort=random", "sort"),
        ("/api/search?facets=1000", "facets"),
        ("/api/timeline?interval=year", "interval"),
        ("/api/facets?n=-1", "n"),
        ("/api/articles/a1?x=1", "x"),
    ] {
        let e = error_of(&s.get(path), 400);
        assert_eq!(e["parameter"], param, "{path}: {e}");
    }
    let long = enc(&"خبر ".repeat(300));
    let e = error_of(&s.get(&format!("/api/search?q={long}")), 400);
    assert!(e["message"].as_str().unwrap_or("").contains("1000"), "{e}");
    error_of(&s.get("/api/nothing"), 404);
    error_of(&s.get("/nothing"), 404);
    error_of(&s.post("/api/search", "application/json", b"{}"), 405);
}

#[test]
fn odd_input_never_breaks_the_server() {
    let s = start(Limits::default());
    let odd = [
        "\"",
        "«",
        "\"\"",
        "-",
        "--",
        "- -بغداد",
        "\"بغداد",
        "بغداد\"",
        "ـــ",
        "\u{200f}\u{200e}",
        "\u{0}",
        "😀 بغداد",
        "ـًٌٍَُِّْ",
        "*",
        "?",
        "a:b",
        "title:x",
        "(",
        ")",
        "[",
        "\\",
        "%",
        "٣٫٥",
        "https://example.com/?a=b",
        "#هاشتاغ_مركب",
    ];
    for q in odd {
        for ep in ["search", "facets", "timeline"] {
            let r = s.get(&format!("/api/{ep}?q={}", enc(q)));
            assert!(
                r.status == 200 || r.status == 400,
                "{ep} {q:?}: {} {}",
                r.status,
                r.body
            );
            r.json();
        }
        let body = serde_json::json!({ "text": q }).to_string();
        let r = s.post("/api/analyze", "application/json", body.as_bytes());
        assert_eq!(r.status, 200, "analyze {q:?}: {}", r.body);
    }
    // Bytes that are not UTF-8, percent-encoded.
    let r = s.get("/api/search?q=%FF%FE");
    assert!(r.status == 200 || r.status == 400, "{}", r.body);
    let r = s.get("/api/articles/%FF");
    assert!(r.status == 400 || r.status == 404, "{}", r.body);
    // Still up.
    assert_eq!(s.get("/api/info").status, 200);
}

#[test]
fn pages_and_openapi_are_served() {
    let s = start(Limits::default());
    let r = s.get("/");
    assert_eq!(r.status, 200);
    assert!(r.content_type.starts_with("text/html"));
    assert!(r.body.contains("dir=\"rtl\""));
    let csp = r.header("content-security-policy").expect("CSP");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    for (asset, kind) in [("app.js", "text/javascript"), ("app.css", "text/css")] {
        let r = s.get(&format!("/assets/{asset}"));
        assert_eq!(r.status, 200);
        assert!(r.content_type.starts_with(kind), "{}", r.content_type);
    }
    error_of(&s.get("/assets/secret.txt"), 404);

    // Every documented operation is routed.
    let spec = s.get("/openapi.json").json();
    assert_eq!(spec["openapi"], "3.1.0");
    let paths = spec["paths"].as_object().expect("paths");
    assert!(paths.len() >= 6);
    for (path, ops) in paths {
        let path = path.replace("{id}", "a1");
        for method in ops.as_object().expect("ops").keys() {
            let r = match method.as_str() {
                "get" => s.get(&path),
                "post" => s.post(&path, "application/json", b"{\"text\": \"\"}"),
                m => panic!("undocumented method {m}"),
            };
            assert_eq!(r.status, 200, "{method} {path}: {}", r.body);
        }
    }
}

#[test]
fn the_demo_index_is_usable() {
    let index = khabar_serve::demo::build().expect("demo index");
    assert!(index.num_docs() >= 30, "{}", index.num_docs());
    let dir = tempfile::tempdir().expect("dir");
    let s = start_with(index, dir, Limits::default());
    let v = s.get("/api/search?facets=5").json();
    assert!(v["total"].as_u64().unwrap_or(0) >= 30);
    for ty in ["PER", "LOC", "ORG"] {
        let top = &v["facets"][ty][0];
        assert!(top["count"].as_u64().unwrap_or(0) >= 2, "{ty}: {v}");
    }
    let t = s.get("/api/timeline").json();
    assert!(t["buckets"].as_array().map_or(0, Vec::len) >= 6, "{t}");
}
