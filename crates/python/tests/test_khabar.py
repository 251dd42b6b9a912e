"""Tests of the khabar Python module: run `pytest crates/python/tests` on an installed build
(README.md, "Python")."""

import concurrent.futures
import datetime
import json
import os
import pathlib
import subprocess

import pytest

import khabar

ROOT = pathlib.Path(__file__).resolve().parents[3]
SEED = ROOT.parent / "shared" / "seed" / "elaph-blinken-hussein.txt"

# Texts written for these tests.
NEWS = (
    "قال وزير الخارجية الأمريكي أنتوني بلينكن في واشنطن أمس إن بلاده ستدعم العراق، "
    "وأضاف بلينكن: «سنرسل 3000 جندي إلى بغداد الشهر المقبل»."
)
# Characters outside the BMP (an emoji), an invisible mark before the first word, tashkeel,
# Arabic-Indic digits: a byte or UTF-16 offset would slice these wrongly.
TRICKY = "\u200fقال «بلينكن» 😀 ٥٬٢٠٠ دولار. وَصَلَ الوَفْدُ 🇮🇶 يوم الأحد إلى بغدادَ."


def spans(doc):
    """Every (start, end, text) the analysis gives, layer by layer."""
    for t in doc["tokens"]:
        yield "token", t
        for s in t.get("segments", []):
            yield "segment", s
    for layer in ("entities", "dates", "numbers", "quotes", "keywords"):
        for x in doc[layer]:
            yield layer, x
    for q in doc["quotes"]:
        if q["speaker"] is not None:
            yield "speaker", q["speaker"]
    for t in doc.get("search_terms", []):
        yield "search_term", t


@pytest.fixture(scope="module")
def pipeline():
    return khabar.Pipeline()


@pytest.mark.parametrize("text", [NEWS, TRICKY])
def test_offsets_slice_the_text(pipeline, text):
    doc = pipeline.analyze(text, published="2021-01-29", search_terms=True)
    seen = set()
    for layer, x in spans(doc):
        assert 0 <= x["start"] <= x["end"] <= len(text), (layer, x)
        if "text" in x:
            assert text[x["start"] : x["end"]] == x["text"], (layer, x)
        seen.add(layer)
    assert {"token", "segment", "entities", "dates", "numbers"} <= seen
    for s in doc["sentences"]:
        assert 0 <= s["start"] < s["end"] <= len(text)
    # The invisible mark is not part of the first word.
    if text is TRICKY:
        assert doc["tokens"][0]["start"] == 1
        assert doc["numbers"][0]["value"] == 5200
        # Offsets after the emoji are counted in code points: a UTF-16 offset would be one more.
        number = doc["numbers"][0]
        assert number["start"] == text.index("٥")


def test_entities(pipeline):
    doc = pipeline.analyze(NEWS, published="2021-01-29")
    found = {(e["text"], e["type"]) for e in doc["entities"]}
    assert ("أنتوني بلينكن", "PER") in found
    assert ("واشنطن", "LOC") in found
    assert ("العراق", "LOC") in found
    assert ("بغداد", "LOC") in found
    # Both mentions of Blinken are one entity.
    blinken = [e for e in doc["entities"] if e["type"] == "PER"]
    assert len(blinken) == 2
    assert len({e["cluster"] for e in blinken}) == 1
    assert {e["canonical"] for e in blinken} == {"أنتوني بلينكن"}
    # The quote and its speaker, linked to the entity.
    quote = doc["quotes"][0]
    assert quote["text"].startswith("سنرسل 3000 جندي")
    assert quote["speaker"]["text"] == "بلينكن"
    assert quote["speaker"]["cluster"] == blinken[0]["cluster"]
    assert doc["numbers"] == [
        {"start": NEWS.index("3000"), "end": NEWS.index("3000") + 4, "text": "3000",
         "value": 3000, "unit": "جندي"}
    ]
    assert doc["keywords"][0]["canonical"] == "أنتوني بلينكن"


def test_dates_resolve_against_published(pipeline):
    text = "وصل الوفد أمس، ويعود الشهر المقبل، واجتمع يوم الأحد."
    values = lambda doc: [d["value"] for d in doc["dates"]]  # noqa: E731
    doc = pipeline.analyze(text, published="2021-01-29")
    assert values(doc) == ["2021-01-28", "2021-02", "2021-01-24"]
    assert doc["published"] == "2021-01-29"
    # Another publication day moves every relative date.
    assert values(pipeline.analyze(text, published="2020-12-31")) == [
        "2020-12-30",
        "2021-01",
        "2020-12-27",
    ]
    # A datetime.date, a datetime and the day-first form name the same day.
    for published in (
        datetime.date(2021, 1, 29),
        datetime.datetime(2021, 1, 29, 10, 30),
        "29/01/2021",
        "2021-01-29T10:00:00+03:00",
    ):
        assert values(pipeline.analyze(text, published=published)) == values(doc), published
    # No reference: relative dates have no value.
    assert values(pipeline.analyze(text)) == [None, None, None]


def test_metadata(pipeline):
    doc = pipeline.analyze("خبر عاجل", id="a1", title="عنوان", source="وكالة", published="2021-01-29")
    assert doc["schema"] == khabar.SCHEMA_VERSION == 1
    assert (doc["id"], doc["title"], doc["source"], doc["published"]) == (
        "a1",
        "عنوان",
        "وكالة",
        "2021-01-29",
    )
    doc = pipeline.analyze("خبر عاجل")
    assert (doc["id"], doc["title"], doc["source"], doc["published"]) == (None,) * 4
    assert "search_terms" not in doc


def test_bad_input_raises(pipeline):
    with pytest.raises(ValueError, match="2021-13-45"):
        pipeline.analyze("خبر", published="2021-13-45")
    with pytest.raises(ValueError, match="published"):
        khabar.analyze("خبر", published="yesterday")
    with pytest.raises(TypeError, match="text must be a str, not int"):
        pipeline.analyze(3)
    with pytest.raises(TypeError, match="published must be a str or a datetime.date"):
        pipeline.analyze("خبر", published=20210129)
    with pytest.raises(TypeError, match="id must be a str"):
        pipeline.analyze("خبر", id=1)
    with pytest.raises(TypeError):
        pipeline.analyze("خبر", "2021-01-29")  # keyword-only
    with pytest.raises(TypeError, match="item 1: expected a str or a dict"):
        pipeline.analyze_many(["خبر", b"bytes"])
    with pytest.raises(ValueError, match='item 2: the dict has no "text" key'):
        pipeline.analyze_many(["خبر", {"text": "خبر"}, {"body": "خبر"}])
    with pytest.raises(ValueError, match="item 0: published"):
        pipeline.analyze_many([{"text": "خبر", "published": "31/02/2021"}])
    with pytest.raises(TypeError, match="item 0: title must be a str"):
        pipeline.analyze_many([{"text": "خبر", "title": 5}])
    with pytest.raises(TypeError, match="not one str"):
        pipeline.analyze_many("خبر")
    with pytest.raises(TypeError):
        pipeline.analyze_many(5)
    with pytest.raises(ValueError, match="level"):
        khabar.normalize("خبر", level="nfc")
    # Over the library's size limit (256 MiB): an error, in analyze_many naming the item.
    huge = "ا" * (128 * 2**20 + 1)
    with pytest.raises(ValueError, match="longer than"):
        pipeline.analyze(huge, tokens=False)
    with pytest.raises(ValueError, match="item 1: text of"):
        pipeline.analyze_many(["خبر", huge], tokens=False)
    del huge
    # Lone surrogates cannot be UTF-8: Python's own error, not a crash.
    with pytest.raises(UnicodeEncodeError):
        pipeline.analyze("خبر\ud800")


def test_analyze_many_equals_analyze(pipeline):
    items = [
        NEWS,
        {"text": TRICKY, "id": "t", "title": "عنوان", "source": "س"},
        {"text": "وصل الوفد أمس", "published": "2020-05-17"},
        "",
        {"text": "اجتمع الوزراء الأسبوع الماضي", "published": None},
    ] * 5
    got = pipeline.analyze_many(items, published="2021-01-29", search_terms=True)
    assert len(got) == len(items)
    for item, doc in zip(items, got):
        if isinstance(item, str):
            item = {"text": item}
        kwargs = dict(item)
        text = kwargs.pop("text")
        kwargs["published"] = kwargs.get("published") or "2021-01-29"
        assert doc == pipeline.analyze(text, search_terms=True, **kwargs)
    assert got[2]["dates"][0]["value"] == "2020-05-16"
    assert got[4]["dates"][0]["value"] == "2021-W03"
    # Any iterable, the module-level functions, and an empty input.
    assert khabar.analyze_many(iter([NEWS])) == [khabar.analyze(NEWS)]
    assert pipeline.analyze_many([]) == []


def test_without_tokens(pipeline):
    full = pipeline.analyze(NEWS, published="2021-01-29", search_terms=True)
    slim = pipeline.analyze(NEWS, published="2021-01-29", search_terms=True, tokens=False)
    assert "tokens" not in slim
    del full["tokens"]
    assert slim == full
    many = pipeline.analyze_many([NEWS, TRICKY], published="2021-01-29", tokens=False)
    assert many == [pipeline.analyze(t, published="2021-01-29", tokens=False) for t in (NEWS, TRICKY)]


def test_layers(pipeline, tmp_path):
    full = pipeline.analyze(NEWS, published="2021-01-29")
    dates = khabar.Pipeline(layers=["dates", "numbers"])
    assert dates.layers == ["dates", "numbers"]
    assert repr(dates) == 'khabar.Pipeline(layers="dates,numbers")'
    slim = dates.analyze(NEWS, published="2021-01-29")
    # The layers left out have no key; the ones kept are the full pipeline's.
    for layer in ("entities", "quotes", "keywords"):
        assert layer not in slim
    assert slim["dates"] == full["dates"] and slim["numbers"] == full["numbers"]
    assert slim["tokens"] == full["tokens"]
    # Keywords are built from entities: the same keywords, without the entities' key.
    kw = khabar.Pipeline(layers="keywords").analyze(NEWS, published="2021-01-29")
    assert kw["keywords"] == full["keywords"] and "entities" not in kw
    assert khabar.Pipeline(layers="none").layers == []
    assert khabar.Pipeline(layers=None).layers == khabar.Pipeline().layers
    with pytest.raises(ValueError, match="unknown layer `people`"):
        khabar.Pipeline(layers=["dates", "people"])
    with pytest.raises(TypeError):
        khabar.Pipeline(layers=[3])
    exe = khabar_binary()
    if exe is None:
        pytest.skip("no khabar binary: cargo build --bin khabar")
    src = tmp_path / "in.txt"
    src.write_text(NEWS, "utf-8")
    out = subprocess.run(
        [exe, "analyze", "--date", "2021-01-29", "--layers", "dates,numbers", src],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    cli = json.loads(out)
    cli["id"] = None
    assert cli == slim


def test_gc_state_is_restored(pipeline):
    import gc

    assert gc.isenabled()
    pipeline.analyze_many([NEWS])
    assert gc.isenabled()
    gc.disable()
    try:
        pipeline.analyze(NEWS)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_threads_share_a_pipeline(pipeline):
    texts = [NEWS, TRICKY] * 8
    expected = [pipeline.analyze(t) for t in texts]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        assert list(pool.map(pipeline.analyze, texts)) == expected


def test_normalize_and_search_terms():
    assert khabar.normalize("أَحْمَدُ ٣") == "احمد 3"
    assert khabar.normalize("أَحْمَدُ ٣", level="display") == "أَحْمَدُ ٣"
    assert khabar.normalize("كتـــاب", level="display") == "كتاب"
    text = "وبحكومتها وواشنطن للحكومات"
    terms = khabar.search_terms(text)
    assert [t.term for t in terms] == ["حكوم", "واشنطن", "حكوم"]
    assert [t.position for t in terms] == [0, 1, 2]
    # The span is the stem, without its clitics.
    assert text[terms[1].start : terms[1].end] == "واشنطن"
    assert terms[1].start == text.index("وواشنطن") + 1
    # The same terms as the analysis gives with search_terms=True.
    doc = khabar.analyze(text, search_terms=True)
    assert [(t["term"], t["start"], t["end"], t["position"]) for t in doc["search_terms"]] == [
        (t.term, t.start, t.end, t.position) for t in terms
    ]


def test_seed_article(pipeline):
    if not SEED.exists():
        pytest.skip(f"{SEED} is absent")
    text = SEED.read_text(encoding="utf-8")
    doc = pipeline.analyze(text, published="2021-01-29", search_terms=True)
    for layer, x in spans(doc):
        if "text" in x:
            assert text[x["start"] : x["end"]] == x["text"], (layer, x)
    per = {e["canonical"] for e in doc["entities"] if e["type"] == "PER"}
    assert "انتوني بلينكن" in per, per
    assert "فؤاد حسين" in per, per


def khabar_binary():
    """The CLI built in this checkout, if any (CI builds target/debug/khabar)."""
    if os.environ.get("KHABAR_BIN"):
        return pathlib.Path(os.environ["KHABAR_BIN"])
    for profile in ("debug", "release"):
        exe = ROOT / "target" / profile / "khabar"
        if exe.exists():
            return exe
    return None


def test_same_json_as_the_cli(pipeline, tmp_path):
    exe = khabar_binary()
    if exe is None:
        pytest.skip("no khabar binary: cargo build --bin khabar")
    texts = [SEED.read_text(encoding="utf-8")] if SEED.exists() else []
    texts += [NEWS, TRICKY]
    items = [{"id": str(i), "text": t, "published": "2021-01-29"} for i, t in enumerate(texts)]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items), "utf-8")
    out = subprocess.run(
        [exe, "analyze", "--format", "jsonl", "--search-terms", src],
        check=True,
        capture_output=True,
    ).stdout.decode("utf-8")
    cli = [json.loads(line) for line in out.splitlines()]
    assert cli == pipeline.analyze_many(items, search_terms=True)


def test_index_search(tmp_path):
    exe = khabar_binary()
    if exe is None:
        pytest.skip("no khabar binary to build an index: cargo build --bin khabar")
    items = [
        {"id": "n1", "text": NEWS, "published": "2021-01-29", "source": "s1"},
        {"id": "n2", "text": "زار وزير الخارجية العراقي فؤاد حسين القاهرة.", "published": "2021-02-03"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in items), "utf-8")
    subprocess.run([exe, "index", "--index", tmp_path / "idx", src], check=True, capture_output=True)
    index = khabar.Index(tmp_path / "idx")
    assert len(index) == 2
    res = index.search("بلينكن")
    assert res["total"] == 1 and res["hits"][0]["id"] == "n1"
    hit = res["hits"][0]
    for start, end in hit["snippet"]["highlights"]:
        assert NEWS[start:end] in ("بلينكن",), (start, end)
    # Clitics and the article: للحكومة-style matching finds وزير in both.
    assert {h["id"] for h in index.search("الوزير")["hits"]} == {"n1", "n2"}
    assert [h["id"] for h in index.search("وزير", sort="oldest")["hits"]] == ["n1", "n2"]
    assert [h["id"] for h in index.search("وزير", date_from="2021-02-01")["hits"]] == ["n2"]
    assert index.get("n2")["published"] == "2021-02-03"
    assert index.get("missing") is None
    with pytest.raises(ValueError, match="sort"):
        index.search("وزير", sort="random")
    with pytest.raises(ValueError, match="date_from"):
        index.search("وزير", date_from="soon")
    with pytest.raises(ValueError):
        khabar.Index(tmp_path / "not-an-index")


def test_index_add(tmp_path):
    path = tmp_path / "idx"
    with pytest.raises(ValueError, match="no khabar index"):
        khabar.Index(path)
    index = khabar.Index(path, create=True)
    assert len(index) == 0
    items = [
        {"id": "n1", "text": NEWS, "published": "2021-01-29", "source": "s1"},
        {"id": "n2", "text": "زار وزير الخارجية العراقي فؤاد حسين القاهرة."},
        "نص بلا معرف عن وزير الخارجية.",
    ]
    res = index.add(items, published="2021-02-03")
    assert res == {"added": 3, "unchanged": 0, "errors": []}
    assert len(index) == 3
    assert index.get("n2")["published"] == "2021-02-03"
    assert index.search("بلنكن")["hits"][0]["id"] == "n1"  # a spelling variant of بلينكن
    assert len(index.search("وزير", limit=10)["hits"]) == 3
    # Same content: skipped; the same id with new content: replaced; force re-indexes.
    assert index.add(items[:2], published="2021-02-03")["unchanged"] == 2
    changed = {"id": "n2", "text": "وصل فؤاد حسين إلى عمان.", "published": "2021-02-05"}
    assert index.add([changed])["added"] == 1
    assert len(index) == 3
    assert index.get("n2")["text"] == changed["text"]
    assert index.search("القاهرة")["total"] == 0
    assert index.add([changed], force=True) == {"added": 1, "unchanged": 0, "errors": []}
    # Another handle on the same folder sees the committed articles, and an older one after
    # reload.
    other = khabar.Index(path)
    assert len(other) == 3
    index.add(["خبر آخر عن الانتخابات."])
    assert len(other) == 3
    other.reload()
    assert len(other) == 4 == len(index)
    # One writer at a time: a second add while one runs is refused with a clear error.
    errors = []
    big = [f"{NEWS} {i}" * 20 for i in range(400)]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(h.add, big) for h in (index, other)]
        for f in futures:
            try:
                f.result()
            except ValueError as e:
                errors.append(str(e))
    assert all("another writer" in e for e in errors), errors
    index.reload()
    assert len(index) == 404
    with pytest.raises(ValueError, match="not empty and holds no khabar index"):
        khabar.Index(tmp_path, create=True)

    with pytest.raises(ValueError, match="on_error"):
        index.add(["خبر"], on_error="ignore")
    with pytest.raises(TypeError, match="not one str"):
        index.add("خبر")
    with pytest.raises(TypeError, match="item 1: expected a str or a dict"):
        index.add(["خبر", 7])
    with pytest.raises(ValueError, match="item 0: published"):
        index.add([{"text": "خبر", "published": "31/02/2021"}])
    # An article over the size limit: with on_error="raise" nothing of the call is kept, with
    # "skip" the others are.
    huge = "ا" * (128 * 2**20 + 1)
    batch = [{"id": "n4", "text": "خبر جديد عن الانتخابات."}, {"id": "big", "text": huge}]
    with pytest.raises(ValueError, match="item 1: big: cannot analyse: text of"):
        index.add(batch)
    assert index.get("n4") is None and len(index) == 404
    res = index.add(batch, on_error="skip")
    del huge, batch
    assert res["added"] == 1 and res["unchanged"] == 0
    assert [e["item"] for e in res["errors"]] == [1]
    assert "longer than" in res["errors"][0]["error"]
    assert index.get("n4") is not None and len(index) == 405
