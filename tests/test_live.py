"""A live corpus: one process owns the database and adds to it while it is
read. Posted articles (token always required), a watched folder (a file is
read once it stops growing), `flashpoint ingest` and `flashpoint stats`
through a running server, and a server killed with SIGKILL mid-ingest that,
run again, ends with the rows of an uninterrupted ingest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from flashpoint.live import FolderWatcher, LiveCorpus, add_live_routes, find_server, info_path
from flashpoint.serve import create_app
from flashpoint.store import Store

from test_store import snapshot  # noqa: E402 - every row of every table, one definition

TOKEN = "s3cret-post-token"


def _corpus_lines(n: int, start: int = 0) -> list[str]:
    from flashpoint.bench import make_corpus

    return [json.dumps({"id": a.id, "text": a.text, "published": a.published, "title": a.title})
            for a in make_corpus(n + start)][start:]


# -- in process: the API of a live corpus ------------------------------------------------------
@pytest.fixture()
def live_app(tmp_path, pipeline):
    db = tmp_path / "live.duckdb"
    live = LiveCorpus(db, pipeline_factory=lambda: pipeline, commit_every=2, batch_size=4)
    read = Store(db)
    app = create_app(db, store=read)
    add_live_routes(app, live, read, post_token=TOKEN, read_auth=lambda: None)
    with TestClient(app) as client:
        yield client, live
    live.close()
    read.close()


ARTICLE = {"id": "pl-1", "text": "Poland deployed troops to the border with Belarus on Monday.", "published": "2022-03-01"}


def test_posting_needs_the_token_even_on_loopback(live_app):
    client, _ = live_app
    assert client.post("/api/articles", json=ARTICLE).status_code == 401
    assert client.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/events").json()["total"] == 0  # nothing got in


def test_posted_articles_are_stored_and_answered_one_by_one(live_app):
    client, _ = live_app
    auth = {"Authorization": f"Bearer {TOKEN}"}
    v0 = client.get("/api/status").json()["version"]
    r = client.post("/api/articles", json=[ARTICLE, {"id": "no-text"}], headers=auth)
    assert r.status_code == 200, r.text
    d = r.json()
    assert (d["stored"], d["already"], d["rejected"]) == (1, 0, 1) and d["events"] >= 1
    outcome = {a["id"]: a for a in d["articles"]}
    assert outcome["pl-1"]["outcome"] == "stored" and outcome["no-text"]["code"] == "no_text"
    art = client.get("/api/articles/pl-1").json()
    assert any(e["type"] == "MOBILIZE" and e["source"]["code"] == "POL" for e in art["events"])
    status = client.get("/api/status").json()
    assert status["articles"] == 1 and status["version"] > v0 and status["changed_at"]
    # one object works as a list of one; the same text again is already there
    d = client.post("/api/articles", json=ARTICLE, headers=auth).json()
    assert (d["stored"], d["already"]) == (0, 1)
    assert client.post("/api/articles", content=b"{not json", headers=auth).status_code == 400
    assert client.get("/api/stats").json()["rejected"] == 1
    # exports are written on the server's machine: the token and a loopback client are both needed
    ask = {"format": "gdelt", "out": "/tmp/x", "statuses": ["asserted"]}
    assert client.post("/api/export", json=ask).status_code == 401
    assert client.post("/api/export", json=ask, headers=auth).status_code == 403  # the test client is not loopback


def test_reading_while_ingesting_never_fails(live_app):
    client, live = live_app
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = [json.loads(line) for line in _corpus_lines(24)]
    answer: dict = {}
    poster = threading.Thread(target=lambda: answer.update(r=client.post("/api/articles", json=body, headers=auth)))
    poster.start()
    reads, seen, versions = 0, set(), set()
    while poster.is_alive() or reads < 5:
        for path in ("/api/stats", "/api/events?limit=5", "/api/status", "/api/pairs"):
            r = client.get(path)
            assert r.status_code == 200, (path, r.text)
        status = client.get("/api/status").json()
        seen.add(status["articles"])
        versions.add(status["version"])
        reads += 1
    poster.join()
    assert answer["r"].status_code == 200 and answer["r"].json()["stored"] == 24
    assert client.get("/api/stats").json()["articles"] == 24
    assert len(seen) >= 2, "reads ran while the articles were being stored"  # commit_every=2: visible as they commit
    assert len(versions) >= 2 and max(versions) >= 12  # the version moves at every commit, not only at the end


def test_a_file_is_read_once_it_stops_growing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    submitted: list = []

    class Recorder:
        def submit(self, items, label):
            submitted.append(label)

    w = FolderWatcher(folder, Recorder(), interval=0.01)  # type: ignore[arg-type]
    f = folder / "a.jsonl"
    f.write_text(_corpus_lines(1)[0] + "\n")
    (folder / "b.txt.part").write_text("being downloaded")
    (folder / ".hidden.txt").write_text("an editor's file")
    assert w.poll() == []  # seen once
    with open(f, "a") as fh:
        fh.write(_corpus_lines(1, 1)[0] + "\n")
    assert w.poll() == []  # it grew: not yet
    assert w.poll() == [f]  # unchanged since the last look: ready
    assert w.poll() == []  # and read once
    os.utime(f, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert w.poll() == [] and w.poll() == [f]  # changed afterwards: read again (stored text is skipped)


# -- processes: serve, ingest, stats, kill -9 --------------------------------------------------
def _cli(*args: str, env=None, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flashpoint.cli", *args], env=dict(os.environ, **(env or {})),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def _serve(db: Path, watch: Path, env=None, wait: bool = True) -> subprocess.Popen:
    p = _cli("serve", "--db", str(db), "--watch", str(watch), "--port", "0", "--poll", "0.3", "--commit-every", "4",
             "--batch-size", "4", env=env)
    if not wait:
        return p
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if find_server(db):
            return p
        if p.poll() is not None:
            raise AssertionError(p.stderr.read() if p.stderr else "serve exited")
        time.sleep(0.2)
    p.kill()
    raise AssertionError("the server did not come up")


def _status(db: Path) -> dict:
    import httpx

    info = find_server(db)
    assert info
    return httpx.get(info["url"] + "/api/status", timeout=10).json()


def _wait_idle(db: Path, articles: int, timeout: float = 600) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        s = _status(db)
        if s["articles"] >= articles and not s["ingesting"] and not s["queued"]:
            return s
        time.sleep(0.5)
    raise AssertionError(f"not ingested in time: {s}")


def _stop(p: subprocess.Popen) -> None:
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=60)


@pytest.mark.slow
def test_ingest_and_stats_go_through_the_server(tmp_path):
    watch, other = tmp_path / "in", tmp_path / "other.jsonl"
    watch.mkdir()
    db = tmp_path / "live.duckdb"
    server = _serve(db, watch)
    try:
        (watch / "a.jsonl").write_text("\n".join(_corpus_lines(16)) + "\n{broken line\n")
        other.write_text("\n".join(_corpus_lines(8, 16)) + "\n")
        # while the server is ingesting the folder: stats answer, ingest hands over and exits 0 once stored
        res = subprocess.run([sys.executable, "-m", "flashpoint.cli", "stats", "--db", str(db), "--json"],
                             capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        assert json.loads(res.stdout)["articles"] >= 0
        ing = subprocess.run([sys.executable, "-m", "flashpoint.cli", "ingest", str(other), "--db", str(db), "--json"],
                             capture_output=True, text=True, timeout=600)
        assert ing.returncode == 0, ing.stderr
        assert "handing the articles to it" in ing.stderr and json.loads(ing.stdout)["stored"] == 8
        _wait_idle(db, 24)
        res = subprocess.run([sys.executable, "-m", "flashpoint.cli", "stats", "--db", str(db), "--json"],
                             capture_output=True, text=True, timeout=120)
        assert json.loads(res.stdout)["articles"] == 24 and json.loads(res.stdout)["rejected"] == 1
        # exports are written by the server, in the folder asked for
        exp = subprocess.run([sys.executable, "-m", "flashpoint.cli", "export", "--db", str(db), "--format", "gdelt",
                              "--out", str(tmp_path / "exp")], capture_output=True, text=True, timeout=120)
        assert exp.returncode == 0, exp.stderr
        rows = (tmp_path / "exp" / "events_gdelt.tsv").read_text().splitlines()
        assert rows and all(len(r.split("\t")) == 61 for r in rows)
        # a second server on the same database is refused with the first one's address
        second = subprocess.run([sys.executable, "-m", "flashpoint.cli", "serve", "--db", str(db), "--port", "0"],
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 2 and "already served by" in second.stderr
    finally:
        _stop(server)
    assert not info_path(db).exists()  # a server that stops says so
    # the same inputs ingested without a server give the same rows
    ref = tmp_path / "ref.duckdb"
    # (a.jsonl holds one unreadable line: that ingest stores the rest and exits 1 saying so)
    for path, code in ((watch / "a.jsonl", 1), (other, 0)):
        assert _cli("ingest", str(path), "--db", str(ref), "-q").wait(timeout=600) == code
    assert snapshot(db) == snapshot(ref)


@pytest.mark.slow
def test_server_killed_mid_ingest_resumes_to_identical_rows(tmp_path):
    watch = tmp_path / "in"
    watch.mkdir()
    corpus = watch / "corpus.jsonl"
    corpus.write_text("\n".join(_corpus_lines(40)) + "\n")
    db = tmp_path / "live.duckdb"
    # SIGKILL inside the transaction of the 10th article (two batches of 4 committed)
    server = _serve(db, watch, env={"FLASHPOINT_CRASH_AFTER": "10"}, wait=False)
    server.wait(timeout=600)
    assert server.returncode == -signal.SIGKILL
    assert info_path(db).exists() and find_server(db) is None  # the dead server's file is not trusted
    assert "Traceback" not in (server.stderr.read() if server.stderr else "")
    with Store(db, read_only=True) as s:
        part = s.count("articles")
    assert 0 < part < 40 and part % 4 == 0  # whole transactions only
    server = _serve(db, watch)
    try:
        _wait_idle(db, 40)
    finally:
        _stop(server)
    clean = tmp_path / "clean.duckdb"
    assert _cli("ingest", str(corpus), "--db", str(clean), "-q", "--batch-size", "4", "--commit-every", "4").wait(timeout=600) == 0
    assert snapshot(db) == snapshot(clean)


@pytest.mark.slow
def test_stats_and_a_second_ingest_while_a_plain_ingest_runs(tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("\n".join(_corpus_lines(100)) + "\n")  # long enough to be still running when the others come
    second.write_text("\n".join(_corpus_lines(4, 100)) + "\n")
    db = tmp_path / "c.duckdb"
    # an existing corpus (a new one is made only once its first article is stored, so
    # until then there is nothing to read)
    seed = tmp_path / "seed.jsonl"
    seed.write_text("\n".join(_corpus_lines(1, 200)) + "\n")
    assert _cli("ingest", str(seed), "--db", str(db), "-q").wait(timeout=600) == 0
    ingest = _cli("ingest", str(first), "--db", str(db), "-q", "--batch-size", "4", "--commit-every", "4")
    deadline = time.monotonic() + 120
    while find_server(db) is None:  # the ingest publishes a read endpoint once it holds the file
        assert ingest.poll() is None and time.monotonic() < deadline, "the ingest ended before it could be read"
        time.sleep(0.2)
    assert find_server(db)["role"] == "ingest"
    res = subprocess.run([sys.executable, "-m", "flashpoint.cli", "stats", "--db", str(db), "--json"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert 1 <= json.loads(res.stdout)["articles"] < 101
    # a second ingest waits for the first, then stores its own
    other = subprocess.run([sys.executable, "-m", "flashpoint.cli", "ingest", str(second), "--db", str(db), "--json"],
                           capture_output=True, text=True, timeout=600)
    assert other.returncode == 0, other.stderr
    assert "waiting for it to finish" in other.stderr and json.loads(other.stdout)["stored"] == 4
    assert ingest.wait(timeout=600) == 0
    assert not info_path(db).exists()
    with Store(db, read_only=True) as s:
        assert s.count("articles") == 105
