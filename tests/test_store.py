"""The corpus: idempotent, crash-safe ingest; bad inputs rejected with a code;
a locked database refused cleanly; the same event told by several articles
merged into one cluster."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flashpoint.errors import StoreError
from flashpoint.inputs import iter_inputs
from flashpoint.store import Store, ingest_articles

HERE = Path(__file__).parent
MERGE = HERE / "data" / "merge"
TABLES = ["articles", "events", "claims", "places", "actors", "rejected", "event_clusters"]


def snapshot(db: Path) -> dict:
    """Every row of every table, in a stable order (timestamps excluded)."""
    with Store(db, read_only=True) as s:
        out = {}
        for t in TABLES:
            cols = [r[0] for r in s.con.execute(f"DESCRIBE {t}").fetchall()]
            out[t] = sorted(map(repr, s.con.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall()))
        return out


def ingest(paths, db, pipeline, published="2022-02-24"):
    return ingest_articles(iter_inputs(paths, published), db, pipeline=pipeline, batch_size=4, commit_every=2)


def test_reingest_adds_nothing(tmp_path, pipeline):
    db = tmp_path / "c.duckdb"
    r1 = ingest([MERGE], db, pipeline)
    first = snapshot(db)
    r2 = ingest([MERGE], db, pipeline)
    assert r1.stored == 3 and r2.stored == 0 and r2.skipped == 3
    assert snapshot(db) == first


def test_same_event_in_different_words_is_one_cluster(tmp_path, pipeline):
    db = tmp_path / "c.duckdb"
    ingest([MERGE], db, pipeline)
    with Store(db, read_only=True) as s:
        dup = dict(s.con.execute("SELECT source, duplicate_of FROM articles").fetchall())
        ids = dict(s.con.execute("SELECT source, id FROM articles").fetchall())
        # the syndicated copy is linked to the wire story, not counted as independent
        assert dup[str(MERGE / "c_syndicated.txt")] == ids[str(MERGE / "a_wire.txt")]
        assert dup[str(MERGE / "b_paper.txt")] is None
        row = s.con.execute("""SELECT n_articles, n_reports, n_events FROM event_clusters
                               WHERE type = 'ASSAULT' AND source_code = 'RUS' AND target_code = 'UKR'
                                 AND status_class = 'asserted' ORDER BY n_reports DESC LIMIT 1""").fetchone()
        assert row is not None
        n_articles, n_reports, n_events = row
        assert n_reports == 3 and n_articles == 2 and n_events >= 3
        row = s.con.execute("""SELECT n_articles FROM event_clusters WHERE type = 'SANCTION' AND source_code = 'USA'
                               AND target_code = 'RUS' AND status_class = 'possible'""").fetchone()
        assert row is not None and row[0] == 2
        # each near-duplicate pair is one story
        assert s.con.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0] == 1


def test_bad_inputs_are_rejected_and_good_ones_stored(tmp_path, pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text((MERGE / "b_paper.txt").read_text())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (folder / "garbled.txt").write_bytes(b"Talks \x81\x8d\x8f\x90\x9d broke down." * 20)
    (folder / "huge.txt").write_text("Russia massed troops near the border. " * 200_000)
    (folder / "batch.jsonl").write_text(
        json.dumps({"id": "ok-1", "text": "Lithuania expelled the Russian ambassador.", "published": "2022-04-05"}) + "\n"
        + "{this is not json\n"
        + json.dumps({"id": "no-date", "text": "Poland deployed troops to the border."}) + "\n")
    db = tmp_path / "c.duckdb"
    report = ingest_articles(iter_inputs([folder], None), db, pipeline=pipeline, batch_size=4)
    # good.txt has no date in it and none was given: it is rejected too, with its reason
    with Store(db, read_only=True) as s:
        codes = dict(s.con.execute("SELECT code, count(*) FROM rejected GROUP BY code").fetchall())
        stored = [r[0] for r in s.con.execute("SELECT id FROM articles").fetchall()]
    assert codes == {"empty": 1, "binary": 1, "undecodable": 1, "too_large": 1, "bad_json": 1, "bad_date": 2}
    assert stored == ["ok-1"]
    assert report.stored == 1 and report.rejected == 7
    # given a date, the same folder stores the good file too, and adds no second copy of any rejection
    report = ingest_articles(iter_inputs([folder], "2022-02-24"), db, pipeline=pipeline, batch_size=4)
    with Store(db, read_only=True) as s:
        assert s.count("articles") == 3
        assert s.con.execute("SELECT count(*) FROM rejected WHERE code = 'empty'").fetchone()[0] == 1


def test_locked_database_is_a_clear_error(tmp_path):
    db = tmp_path / "c.duckdb"
    Store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ok', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreError) as exc:
            Store(db)
        assert exc.value.code == "locked" and "in use by another process" in str(exc.value)
        res = subprocess.run([sys.executable, "-m", "flashpoint.cli", "ingest", str(MERGE), "--db", str(db), "-q",
                              "--published", "2022-02-24"], capture_output=True, text=True, timeout=120)
        assert res.returncode == 2 and "in use by another process" in res.stderr and "Traceback" not in res.stderr
    finally:
        holder.kill()
        holder.wait()


def _corpus(tmp_path, n=40) -> Path:
    from flashpoint.bench import make_corpus

    path = tmp_path / "corpus.jsonl"
    with open(path, "w") as fh:
        for a in make_corpus(n):
            fh.write(json.dumps({"id": a.id, "text": a.text, "published": a.published, "title": a.title}) + "\n")
        fh.write("{broken line\n")  # one line that cannot be read
    return path


def _run_ingest(corpus: Path, db: Path, env_extra=None, **popen):
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.Popen([sys.executable, "-m", "flashpoint.cli", "ingest", str(corpus), "--db", str(db), "-q",
                             "--batch-size", "4", "--commit-every", "4"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


@pytest.mark.slow
def test_kill_9_then_resume_ends_identical(tmp_path):
    corpus = _corpus(tmp_path)
    clean_db, crashed_db = tmp_path / "clean.duckdb", tmp_path / "crashed.duckdb"
    assert _run_ingest(corpus, clean_db).wait(timeout=600) == 0
    # killed with SIGKILL inside the transaction of its 10th article (2 batches of 4 committed)
    p = _run_ingest(corpus, crashed_db, {"FLASHPOINT_CRASH_AFTER": "10"})
    p.wait(timeout=600)
    assert p.returncode == -signal.SIGKILL
    with Store(crashed_db, read_only=True) as s:
        part = s.count("articles")
    assert 0 < part < 40 and part % 4 == 0  # whole batches only: the open transaction left nothing
    # a second crash from outside, at an arbitrary moment
    p = _run_ingest(corpus, crashed_db)
    time.sleep(6)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=60)
    assert _run_ingest(corpus, crashed_db).wait(timeout=600) == 0
    clean = snapshot(clean_db)
    assert len(clean["articles"]) == 40 and len(clean["rejected"]) == 1
    assert snapshot(crashed_db) == clean


def test_export_and_stats(tmp_path, pipeline):
    from typer.testing import CliRunner

    from flashpoint.cli import app

    db = tmp_path / "c.duckdb"
    ingest([MERGE], db, pipeline)
    runner = CliRunner()
    for fmt, ext in (("parquet", "parquet"), ("csv", "csv"), ("jsonl", "jsonl")):
        out = tmp_path / fmt
        res = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, "--out", str(out)])
        assert res.exit_code == 0, res.output
        assert {p.name for p in out.iterdir()} >= {f"{t}.{ext}" for t in ("articles", "events", "claims", "places", "rejected", "event_clusters")}
    import duckdb

    n = duckdb.connect().execute(f"SELECT count(*) FROM '{tmp_path / 'parquet' / 'events.parquet'}'").fetchone()[0]
    with Store(db, read_only=True) as s:
        assert n == s.count("events")
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "plover", "--out", str(tmp_path / "p")])
    first = json.loads((tmp_path / "p" / "events_plover.jsonl").read_text().splitlines()[0])
    assert {"event_type", "event_status", "source_country", "target_country", "event_text", "story_id"} <= set(first)
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "gdelt", "--out", str(tmp_path / "g")])
    header = (tmp_path / "g" / "events_gdelt.tsv").read_text().splitlines()[0].split("\t")
    assert {"GLOBALEVENTID", "SQLDATE", "Actor1Code", "NumArticles", "NumSources", "NumMentions"} <= set(header)
    res = runner.invoke(app, ["stats", "--db", str(db), "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["articles"] == 3
    res = runner.invoke(app, ["export", "--db", str(tmp_path / "missing.duckdb"), "--out", str(tmp_path / "x")])
    assert res.exit_code == 2 and "no corpus database" in res.output
