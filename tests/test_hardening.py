"""Nothing a user feeds it stops it (issue 15): one regression test for each
defect the hostile-input probe found. Each failed on the code before the fix."""

from __future__ import annotations

import io
import json
import os
import threading
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.errors import FlashpointError, StoreError
from flashpoint.inputs import MAX_BATCH_BYTES, RawArticle, iter_inputs, read_path
from flashpoint.model import ErrorRecord
from flashpoint.pipeline import prepare_all
from flashpoint.store import Store

runner = CliRunner()
GOOD = "Russia attacked Ukraine on Tuesday."


def _line(**kw) -> str:
    return json.dumps({"text": GOOD, "published": "2022-02-24", **kw})


def _kinds(items) -> list[str]:
    return [it.code if isinstance(it, ErrorRecord) else "ok" for it in items]


# -- crashes that aborted a whole batch ---------------------------------------------------------
def test_deeply_nested_json_is_one_rejected_line(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(_line(id="a") + "\n" + "[" * 100_000 + "]" * 100_000 + "\n" + _line(id="b") + "\n")
    items = list(iter_inputs([f]))
    assert _kinds(items) == ["ok", "bad_json", "ok"]
    assert "nested too deeply" in items[1].message and items[1].source == f"{f}:2"
    one = tmp_path / "b.json"
    one.write_text("[" * 100_000 + "]" * 100_000)
    assert _kinds(iter_inputs([one])) == ["bad_json"]


def test_title_or_url_of_another_type(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text("\n".join([_line(id="a", title=5), _line(id="b", url=7), _line(id="c", title={"x": 1}), _line(id=3)]) + "\n")
    items = list(prepare_all(iter_inputs([f])))
    assert _kinds(items) == ["ok", "ok", "bad_json", "ok"]
    assert items[0].title == "5" and items[1].url == "7" and items[3].id == "3"
    assert "'title' field must be a string" in items[2].message


def test_rejected_ids_of_mixed_types_are_stored(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": 1, "html": 5}\n{"id": "x", "html": 5}\n{"id": [1], "html": 5}\n')
    rejected = list(iter_inputs([f]))
    assert [r.id for r in rejected] == ["1", "x", None]
    with Store(tmp_path / "c.duckdb") as s:
        s.write_batch([], [ErrorRecord(1, "no_text", "m", "a:1"), ErrorRecord("x", "no_text", "m", "a:2"), *rejected])
        assert s.count("rejected") == 5


def test_non_utf8_file_name_in_a_folder(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"bad\xff.txt")).write_text("  \n")
    (folder / os.fsdecode(b"good\xfe.txt")).write_text(GOOD)
    items = list(prepare_all(iter_inputs([folder], "2022-02-24")))  # an empty file: a rejection naming it
    assert _kinds(items) == ["empty", "ok"] and "bad\\xff.txt" in items[0].source
    items[1].raw.source.encode("utf-8")
    with Store(tmp_path / "c.duckdb") as s:
        s.write_batch([], items[:1])
        assert s.con.execute("SELECT source FROM rejected").fetchone()[0].endswith("bad\\xff.txt")


def test_lone_surrogates_in_json_text(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "\\ud800", "title": "\\udfff", "text": "Russia attacked \\ud800 Ukraine.", "published": "2022-02-24"}\n')
    (p,) = prepare_all(iter_inputs([f]))
    assert not isinstance(p, ErrorRecord)
    for s in (p.id, p.title, p.clean.text):
        s.encode("utf-8")  # storable and printable


def test_rich_markup_in_a_path_is_printed_as_it_is(tmp_path):
    db = tmp_path / "[" / "]x.duckdb"
    r = runner.invoke(app, ["stats", "--db", str(db)])
    assert r.exit_code == 2 and isinstance(r.exception, SystemExit)  # not a MarkupError
    assert "[/]x.duckdb" in r.output.replace("\n", "")


def test_publication_date_at_the_ends_of_the_calendar(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text("\n".join([json.dumps({"id": "a", "text": "Russia attacked Ukraine yesterday.", "published": "0001-01-01"}),
                            json.dumps({"id": "b", "text": "Russia will attack Ukraine next year.", "published": "9999-12-31"}),
                            _line(id="c")]) + "\n")
    items = list(prepare_all(iter_inputs([f])))
    assert _kinds(items) == ["bad_date", "bad_date", "ok"]
    assert "outside the years" in items[0].message


# -- a crash or a hang inside the coder is one article's failure ------------------------------------
def _stage_pipeline(pipeline, name, func, **kw):
    from flashpoint.config import DEFAULT_STAGES, PipelineConfig
    from flashpoint.pipeline import Pipeline
    from flashpoint.stages import register_stage

    register_stage(name, reads=("candidates",), writes=("candidates",))(func)
    return Pipeline(pipeline.nlp, config=PipelineConfig(stages=(*DEFAULT_STAGES, name)), **kw)


def _articles(*texts):
    return [RawArticle(f"in{k}", text=t, published="2022-02-24", id=f"a{k}") for k, t in enumerate(texts)]


def test_a_coder_crash_is_an_internal_error_and_the_batch_goes_on(pipeline):
    def explode(state, ctx):
        if "boom" in state.text:
            raise KeyError("no such thing")

    pipe = _stage_pipeline(pipeline, "test_explode", explode, batch_size=2)
    out = list(pipe.run(_articles(GOOD, "Russia attacked Ukraine. boom", GOOD + " Again.")))
    assert _kinds(out) == ["ok", "internal", "ok"]
    assert out[1].id == "a1" and out[1].source == "in1" and "KeyError" in out[1].message


def test_a_slow_article_is_rejected_as_too_slow(pipeline):
    def crawl(state, ctx):
        if "slow" in state.text:
            time.sleep(30)

    pipe = _stage_pipeline(pipeline, "test_crawl", crawl, time_budget=1.0)
    t0 = time.monotonic()
    out = list(pipe.run(_articles("Russia attacked Ukraine. It was slow.", GOOD)))
    assert time.monotonic() - t0 < 20
    assert _kinds(out) == ["too_slow", "ok"] and "budget" in out[0].message


def test_ingest_stores_coder_failures_as_rejected_rows(pipeline, tmp_path):
    from flashpoint.store import ingest_articles

    def explode(state, ctx):
        if "boom" in state.text:
            raise ZeroDivisionError("x")

    pipe = _stage_pipeline(pipeline, "test_explode2", explode)
    rep = ingest_articles(_articles(GOOD, "Russia attacked Ukraine. boom", GOOD + " Again."), tmp_path / "c.duckdb", pipeline=pipe)
    assert (rep.stored, rep.rejected) == (2, 1)
    assert rep.rejected_inputs == [{"source": "in1", "code": "internal", "message": rep.rejected_inputs[0]["message"]}]
    with Store(tmp_path / "c.duckdb", read_only=True) as s:
        assert s.con.execute("SELECT code FROM rejected").fetchall() == [("internal",)]


# -- unbounded reads --------------------------------------------------------------------------------
def test_a_device_is_read_only_up_to_the_limit():
    t0 = time.monotonic()
    (err,) = list(read_path("/dev/zero", max_bytes=1 << 20))
    assert err.code == "too_large" and time.monotonic() - t0 < 5


def test_a_fifo_in_a_folder_is_not_opened(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    os.mkfifo(tmp_path / "pipe.txt")
    got: list = []
    t = threading.Thread(target=lambda: got.extend(read_path(tmp_path, "2022-02-24")), daemon=True)
    t.start()
    t.join(10)
    assert not t.is_alive(), "reading a folder with a FIFO in it hung"
    assert _kinds(got) == ["ok", "not_a_file"] and "pipe.txt" in got[1].source


def test_standard_input_is_bounded(monkeypatch):
    import sys

    class Stdin:
        def __init__(self, data: bytes) -> None:
            self.buffer = io.BytesIO(data)

    monkeypatch.setattr(sys, "stdin", Stdin(b"x" * 3000))
    (err,) = list(read_path("-", max_bytes=1000))
    assert err.code == "too_large" and err.source == "<stdin>"
    lines = b"".join(json.dumps({"id": str(k), "text": GOOD + " " * 100}).encode() + b"\n" for k in range(30))
    monkeypatch.setattr(sys, "stdin", Stdin(lines))
    got = list(read_path("-", "2022-02-24", max_bytes=1000))  # JSON Lines may go past one article's limit
    assert _kinds(got) == ["ok"] * 30
    assert MAX_BATCH_BYTES > 1000


# -- silent skips -------------------------------------------------------------------------------------
def test_an_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(GOOD)
    real = os.scandir

    def scandir(path="."):
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    got = list(read_path(tmp_path, "2022-02-24"))
    assert _kinds(got) == ["ok", "unreadable"] and got[1].source.endswith("sub") and "Permission denied" in got[1].message


@pytest.mark.parametrize("value", ["0", "-1"])
def test_batch_size_below_one_is_refused(tmp_path, value):
    (tmp_path / "a.txt").write_text(GOOD)
    for cmd in (["extract", str(tmp_path / "a.txt")], ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "c.duckdb")]):
        r = runner.invoke(app, [*cmd, "--batch-size", value, "-p", "2022-02-24"])
        assert r.exit_code == 2 and "batch-size" in r.output
    assert not (tmp_path / "c.duckdb").exists()


def test_ingest_names_the_rejected_inputs(pipeline, tmp_path, monkeypatch):
    import flashpoint.cli as cli

    monkeypatch.setattr(cli, "_pipeline", lambda **kw: pipeline)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD)
    (tmp_path / "in" / "empty.txt").write_text("  \n")
    r = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "c.duckdb"), "-q", "-p", "2022-02-24"])
    assert r.exit_code == 1, r.output  # an input could not be read
    assert "rejected (empty):" in r.output and "empty.txt" in r.output


# -- bad databases ----------------------------------------------------------------------------------
@pytest.fixture()
def bad_dbs(tmp_path):
    foreign = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE articles (x INTEGER, y VARCHAR)")
    con.close()
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(os.urandom(40_000))
    return {"foreign": foreign, "empty": empty, "garbage": garbage, "damaged": _damaged(tmp_path / "damaged.duckdb")}


def _damaged(path: Path) -> Path:
    """A corpus whose catalogue opens but one of whose data blocks is garbage."""
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO events (article_id, id, variant, type, sentence) "
                "SELECT 'a' || i, 'e' || i, 0, 'ASSAULT', repeat('s', 100) || i FROM range(20000) t(i)")
    con.execute("CHECKPOINT")
    con.close()
    size = path.stat().st_size
    with open(path, "r+b") as f:  # the middle of the file, where the rows are
        f.seek(int(size * 0.2))
        f.write(b"\xa5" * int(size * 0.6))
    return path


@pytest.mark.parametrize("kind", ["foreign", "empty", "garbage", "damaged"])
def test_stats_and_export_on_a_bad_database_exit_2(bad_dbs, kind, tmp_path):
    db = bad_dbs[kind]
    export = ["export", "--format", "csv", "--out", str(tmp_path / "out")]
    # stats may read no damaged block; an export reads them all
    for cmd in ([export] if kind == "damaged" else [["stats"], export]):
        r = runner.invoke(app, [*cmd, "--db", str(db)])
        assert r.exit_code == 2, (cmd, r.output, r.exception)
        assert "error:" in r.output and str(db.name) in r.output.replace("\n", "")


@pytest.mark.parametrize("kind", ["foreign", "garbage"])
def test_ingest_into_a_bad_database_exits_2(bad_dbs, kind, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    r = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(bad_dbs[kind]), "-p", "2022-02-24", "-q"])
    assert r.exit_code == 2 and "error:" in r.output, r.output


def test_a_failed_write_names_its_real_cause(tmp_path, monkeypatch):
    with Store(tmp_path / "c.duckdb") as s:
        real = s.con

        class Failing:
            """The connection after a disk filled: the insert fails, and the
            failure has already ended the transaction."""

            def __getattr__(self, name):
                return getattr(real, name)

            def execute(self, sql, *a):
                if sql.startswith("INSERT"):
                    raise duckdb.IOException("Could not write file: No space left on device")
                if sql == "ROLLBACK":
                    raise duckdb.TransactionException("cannot rollback - no transaction is active")
                return real.execute(sql, *a)

        s.con = Failing()  # type: ignore[assignment]
        with pytest.raises(StoreError, match="No space left on device"):
            s.write_batch([], [ErrorRecord("x", "empty", "m", "a")])
        s.con = real


# -- the API ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("api15") / "c.duckdb"
    with Store(path) as s:
        s.write_batch([], [ErrorRecord("x", "empty", "m", "a")])
        s.rebuild_clusters()
    return path


def _client(db, **kw):
    from fastapi.testclient import TestClient

    from flashpoint.serve import create_app

    return TestClient(create_app(db, **kw))


@pytest.mark.parametrize("url", ["/api/claims?offset=9223372036854775808", "/api/events?offset=9223372036854775808",
                                 "/api/claims?limit=9223372036854775808", "/api/places?limit=-9223372036854775809"])
def test_huge_numbers_are_4xx(small_db, url):
    with _client(small_db) as c:
        assert 400 <= c.get(url).status_code < 500


def test_token_compared_as_bytes(small_db):
    with _client(small_db, token="s3cret") as c:
        assert c.get("/api/events", params={"token": "é"}).status_code == 401
        assert c.get("/api/events", headers={"Authorization": "Bearer é".encode()}).status_code == 401
        assert c.get("/api/events", headers={"Authorization": "bearer s3cret"}).status_code == 200
        assert c.get("/api/events", headers={"Authorization": "BEARER  s3cret"}).status_code == 200
        assert c.get("/api/events", headers={"Authorization": "Basic s3cret"}).status_code == 401
    with _client(small_db, token="clé") as c:
        assert c.get("/api/events", params={"token": "clé"}).status_code == 200


def test_an_empty_token_is_refused(small_db):
    with pytest.raises(FlashpointError, match="empty"):
        _client(small_db, token="")
    r = runner.invoke(app, ["serve", "--db", str(small_db), "--token", ""])
    assert r.exit_code == 2 and "empty" in r.output


def test_a_public_bind_without_a_token_is_refused(small_db):
    from flashpoint.serve import check_exposure

    r = runner.invoke(app, ["serve", "--db", str(small_db), "--host", "0.0.0.0"])
    assert r.exit_code == 2 and "--insecure" in r.output
    check_exposure("0.0.0.0", None, insecure=True)
    check_exposure("0.0.0.0", "t", insecure=False)
    check_exposure("127.0.0.1", None, insecure=False)


def test_host_header_is_checked(small_db):
    from flashpoint.serve import allowed_hosts_for

    hosts = allowed_hosts_for("127.0.0.1")
    with _client(small_db, allowed_hosts=hosts) as c:
        assert c.get("/api/events", headers={"host": "evil.example:8000"}).status_code == 400
        assert c.get("/", headers={"host": "rebind.attacker.test"}).status_code == 400
        for ok in ("127.0.0.1:8000", "localhost", "[::1]:8000"):
            assert c.get("/api/events", headers={"host": ok}).status_code == 200, ok
    assert allowed_hosts_for("0.0.0.0") is None
    assert allowed_hosts_for("10.0.0.5", ("news.example",)) == {"10.0.0.5", "news.example"}


def test_security_headers_and_no_cdn_docs(small_db):
    with _client(small_db) as c:
        for url in ("/", "/api/meta", "/api/events", "/static/app.js", "/nosuch", "/api/events?limit=0"):
            h = c.get(url).headers
            assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY", url
            assert "default-src 'self'" in h["content-security-policy"], url
        assert c.get("/docs").status_code == 404 and c.get("/redoc").status_code == 404
        assert c.get("/openapi.json").status_code == 200


@pytest.mark.parametrize("kind", ["foreign", "empty", "garbage"])
def test_serve_refuses_a_bad_database_at_start_up(bad_dbs, kind):
    r = runner.invoke(app, ["serve", "--db", str(bad_dbs[kind])])
    assert r.exit_code == 2 and "error:" in r.output


@pytest.mark.parametrize("kind", ["foreign", "empty", "garbage", "damaged"])
def test_a_bad_database_is_a_clear_503(bad_dbs, kind):
    db = bad_dbs[kind]
    with _client(db) as c:
        assert c.get("/api/meta").status_code == 200
        if kind == "damaged":
            assert c.get("/api/events").status_code == 503
        for url in ("/api/events", "/api/claims", "/api/places", "/api/pairs", "/api/stats", "/api/articles/x",
                    "/api/search?q=ab", "/api/claims/compare?unit=troops", "/api/pairs/RUS/UKR/timeline"):
            r = c.get(url)
            if kind == "damaged" and r.status_code in (200, 404):
                continue  # this endpoint reads no damaged block
            assert r.status_code == 503, (url, r.status_code, r.text)
            assert str(db) in r.json()["detail"] or "corpus" in r.json()["detail"]
        if kind == "damaged":
            # the events' rows sit in the damaged blocks: a full read of them must fail clearly
            with pytest.raises(StoreError, match="cannot"):
                with Store(db, read_only=True) as s:
                    s.export(db.parent / "out", "csv")


# -- linear time in the article's length ------------------------------------------------------------
def test_lookups_answer_as_the_scans_they_replace(pipeline):
    from flashpoint.stages.lookups import sentence_ents, tokens_in_sentence

    text = "\n\n".join(p.read_text() for p in sorted((Path(__file__).parents[1] / "samples").glob("*.txt")))
    doc = pipeline.nlp(text)
    by_token = {t.i: t.text for t in doc if t.ent_type_ or t.i % 7 == 0}
    sents = list(doc.sents)
    assert len(sents) > 50 and len(doc.ents) > 50
    for s in sents:
        assert [(e.start, e.end, e.label_) for e in sentence_ents(s)] == [(e.start, e.end, e.label_) for e in s.ents]
        assert tokens_in_sentence(s, by_token) == [(i, v) for i, v in by_token.items() if s.start <= i < s.end]
    for a, b in ((0, 5), (3, 40), (len(doc) - 30, len(doc))):  # spans that are not sentences
        span = doc[a:b]
        assert [e.start for e in sentence_ents(span)] == [e.start for e in span.ents]
        assert tokens_in_sentence(span, by_token) == [(i, v) for i, v in by_token.items() if a <= i < b]


def test_coding_time_is_linear_in_the_article_length(pipeline):
    """The stages over 8x the sentences take well under 8x squared the time
    (the entity lookups per sentence made them quadratic: 63 s for 4,000
    sentences). Distinct pairs, so merging has no long runs of one event."""
    names = ["Iran", "Iraq", "Syria", "Turkey", "Israel", "Egypt", "Jordan", "Lebanon", "Yemen", "Oman"]
    pairs = [(a, b) for a in names for b in names if a != b]

    def stages_time(n: int) -> float:
        text = " ".join(f"{a} hit {b} on Monday." for a, b in (pairs[k % len(pairs)] for k in range(n)))
        p = pipeline.prepare(RawArticle("x", text, None, "2022-01-01"))
        doc = pipeline.nlp(p.clean.text)
        t0 = time.process_time()
        pipeline.analyse(doc, p)
        return time.process_time() - t0

    stages_time(50)  # resources loaded
    small, large = stages_time(300), stages_time(2400)
    assert large < 20 * small, (small, large)
