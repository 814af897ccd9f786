"""Fuzzing (Hypothesis) over the reader, the cleaner, the coder and the API's
parameters: whatever comes in, nothing crashes, every failure is an error
record with a known code, and every span, offset and status handed out is
valid.

Brief in the normal test run (a few dozen examples each); long on demand:
``./dev fuzz [N]`` runs about N generated inputs in all (default 100,000),
shared out over the tests below by their cost (FLASHPOINT_FUZZ_EXAMPLES)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.errors import InputError
from flashpoint.inputs import RawArticle, read_path
from flashpoint.model import STATUSES, ArticleResult, ErrorRecord
from flashpoint.pipeline import prepare_article

TOTAL = int(os.environ.get("FLASHPOINT_FUZZ_EXAMPLES", "0"))
# each test's share of TOTAL: the coder is slow (tens of ms an article), the reader fast
SHARE = {"files": 0.25, "jsonl": 0.2, "cleaner": 0.2, "api": 0.2, "coder": 0.15}
BRIEF = {"files": 40, "jsonl": 40, "cleaner": 40, "api": 60, "coder": 12}
CODES = {"bad_input", "bad_date", "empty", "binary", "undecodable", "too_large", "unreadable", "bad_json", "no_text",
         "bad_feed", "not_found", "not_a_file", "too_slow", "duplicate_id"}  # never "internal": that is a crash


def examples(name: str) -> settings:
    n = max(1, int(TOTAL * SHARE[name])) if TOTAL else BRIEF[name]
    return settings(max_examples=n, deadline=None, derandomize=not TOTAL, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture, HealthCheck.large_base_example])


def _storable(s: str | None) -> None:
    if s is not None:
        s.encode("utf-8")  # no lone surrogates: printable and storable


def _check_error(e: ErrorRecord) -> None:
    assert e.code in CODES, (e.code, e.message)
    assert e.message and e.source
    for s in (e.message, e.source, e.id):
        _storable(s)


# -- the reader ------------------------------------------------------------------------------------
WORDS = ["Russia", "Ukraine", "the Kremlin", "Blinken", "NATO", "Kyiv", "Moscow", "Iran", "Israel", "Hamas", "the EU",
         "attacked", "threatened", "sanctioned", "met", "will", "would", "not", "never", "if", "said", "denied",
         "troops", "soldiers", "100,000", "3.5 million", "80,000 to 100,000", "yesterday", "next year", "last week",
         "on Monday", "in 2014", "on 7 December", "near", "Donetsk", "Crimea", "according to", "officials", "up to"]
PUNCT = [".", ",", ";", ":", "!", "?", "\n", "\n\n", " - ", "—", "“", "”", "'", "(", ")", "[", "]", "{", "}", "<p>", "</p>",
         "&amp;", "\t", "\u200b", "é", "ł", "Ж", "中", "🙂", "\x00", "\ufeff", "\r\n"]
token = st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT), st.text(max_size=8),
                  st.integers(-10**20, 10**20).map(str))
prose = st.lists(token, min_size=0, max_size=80).map(lambda ts: " ".join(ts))
json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                          max_leaves=10)
article_obj = st.fixed_dictionaries({}, optional={
    "id": json_value, "text": st.one_of(prose, json_value), "html": st.one_of(prose.map(lambda t: f"<p>{t}</p>"), json_value),
    "title": st.one_of(prose, json_value), "url": json_value, "published": st.one_of(
        st.dates().map(str), st.sampled_from(["", "2022-02-30", "yesterday", "0001-01-01", "9999-12-31", "Tue, 07 Dec 2021 10:00:00 GMT"]),
        json_value)})


@examples("files")
@given(data=st.one_of(st.binary(max_size=2000), prose.map(str.encode)),
       suffix=st.sampled_from([".txt", ".json", ".jsonl", ".html", ".xml", ".rss", "", ".md"]),
       published=st.sampled_from([None, "2022-02-24"]))
def test_any_bytes_in_any_file(tmp_path_factory, data, suffix, published):
    folder = tmp_path_factory.mktemp("fz")
    (folder / f"in{suffix}").write_bytes(data)
    for item in read_path(folder, published, max_bytes=1500):
        if isinstance(item, ErrorRecord):
            _check_error(item)
        else:
            assert isinstance(item, RawArticle)
            for s in (item.text, item.html, item.id, item.title, item.url):
                assert s is None or isinstance(s, str)
                _storable(s)


@examples("jsonl")
@given(lines=st.lists(st.one_of(article_obj.map(json.dumps), st.text(max_size=40), json_value.map(json.dumps)), max_size=8))
def test_any_json_lines(tmp_path_factory, lines):
    f = tmp_path_factory.mktemp("fz") / "in.jsonl"
    f.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    for item in read_path(f, "2022-02-24"):
        if isinstance(item, ErrorRecord):
            _check_error(item)
            continue
        try:
            p = prepare_article(item)
        except InputError as exc:
            assert exc.code in CODES
            continue
        _storable(p.clean.text)
        assert isinstance(p.id, str) and p.clean.text.strip()


# -- the cleaner -----------------------------------------------------------------------------------
@examples("cleaner")
@given(text=prose, title=st.one_of(st.none(), prose), html=st.booleans())
def test_the_cleaner_on_anything(text, title, html):
    raw = RawArticle("fz", None if html else text, f"<html><body><p>{text}</p></body></html>" if html else None,
                     "2022-02-24", None, title)
    try:
        p = prepare_article(raw)
    except InputError as exc:
        assert exc.code in CODES, exc
        return
    assert p.clean.text.strip()
    _storable(p.clean.text)


# -- the coder -------------------------------------------------------------------------------------
def check_result(res: ArticleResult) -> None:
    text = res.article.text
    for e in res.events:
        a, b = e.span
        assert 0 <= a < b <= len(text) and text[a:b] == e.sentence, e
        ta, tb = e.trigger_span
        assert a <= ta <= tb <= b, e
        assert e.status in STATUSES and e.sentence_index >= 0 and e.mentions >= 1
        assert e.date is None or len(e.date) == 10
        for x, y in e.also_in_spans:
            assert 0 <= x < y <= len(text)
    for c in res.claims:
        a, b = c.span
        assert 0 <= a < b <= len(text) and text[a:b] == c.sentence
        na, nb = c.number_span
        assert a <= na <= nb <= b and c.status in STATUSES
    for pl in res.places:
        assert pl.mentions >= 1 and (pl.lat is None or -90 <= pl.lat <= 90)


@examples("coder")
@given(texts=st.lists(prose, min_size=1, max_size=3), day=st.dates(min_value=date(1000, 1, 1), max_value=date(8999, 12, 31)))
def test_the_coder_on_anything(pipeline, texts, day):
    raws = [RawArticle(f"fz{k}", t, None, day.isoformat()) for k, t in enumerate(texts)]
    out = list(pipeline.run(raws))
    assert len(out) == len(raws)
    for res in out:
        if isinstance(res, ErrorRecord):
            _check_error(res)
        else:
            check_result(res)


# -- the API ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def api(tmp_path_factory, pipeline):
    from fastapi.testclient import TestClient

    from flashpoint.inputs import iter_inputs
    from flashpoint.serve import create_app
    from flashpoint.store import ingest_articles

    db = tmp_path_factory.mktemp("fzapi") / "c.duckdb"
    ingest_articles(iter_inputs([Path(__file__).parents[1] / "samples"], "2022-02-23"), db, pipeline=pipeline)
    with TestClient(create_app(db, token="tøken")) as c:
        yield c


ENDPOINTS = ["/api/events", "/api/claims", "/api/claims/compare", "/api/places", "/api/pairs", "/api/search", "/api/stats",
             "/api/meta", "/api/articles/{x}", "/api/pairs/{x}/{y}/timeline", "/", "/static/{x}", "/openapi.json", "/{x}"]
PARAMS = ["source", "target", "type", "status", "since", "until", "q", "article", "limit", "offset", "claimant", "unit",
          "min_claimants", "country", "token"]
hostile = st.one_of(st.text(max_size=30), st.integers().map(str), st.sampled_from([
    "9223372036854775808", "-9223372036854775809", "1e309", "NaN", "0x10", "%00", "' OR 1=1 --", "../../etc/passwd",
    "<script>alert(1)</script>", "2022-02-30", "9999-12-31", "0000-00-00", "RUS", "rus", "ASSAULT", "é", "\x00", "*", "%"]))


@examples("api")
@given(endpoint=st.sampled_from(ENDPOINTS), params=st.dictionaries(st.sampled_from(PARAMS), hostile, max_size=5),
       x=hostile, y=hostile, auth=st.sampled_from([None, "Bearer tøken", "bearer tøken", "Bearer é", "Basic x", "Bearer ", "tøken"]))
def test_no_request_is_a_server_error(api, endpoint, params, x, y, auth):
    from urllib.parse import quote

    url = endpoint.replace("{x}", quote(x, safe="") or "a").replace("{y}", quote(y, safe="") or "b")
    headers = {"Authorization": auth.encode("utf-8")} if auth else {}
    r = api.get(url, params=params, headers=headers)
    assert r.status_code < 500, (url, params, r.status_code, r.text[:300])
    assert r.headers.get("x-content-type-options") == "nosniff"
    if r.status_code == 200 and url.startswith("/api/") and url != "/api/meta":
        assert params.get("token") == "tøken" or (auth or "").lower().startswith("bearer tøken")

