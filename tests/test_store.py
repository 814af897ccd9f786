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
from flashpoint.inputs import RawArticle, iter_inputs
from flashpoint.model import Actor, ActorCount, ArticleInfo, ArticleResult, Claim, ErrorRecord, Event, Place, stable_id
from flashpoint.store import TABLES as STORE_TABLES
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
    # good.txt and the line 'no-date' carry no date and none was given: they are stored undated, not rejected
    with Store(db, read_only=True) as s:
        codes = dict(s.con.execute("SELECT code, count(*) FROM rejected GROUP BY code").fetchall())
        stored = dict(s.con.execute("SELECT id, published FROM articles").fetchall())
    assert codes == {"empty": 1, "binary": 1, "undecodable": 1, "too_large": 1, "bad_json": 1}
    assert len(stored) == 3 and stored["ok-1"].isoformat() == "2022-04-05" and stored["no-date"] is None
    assert report.stored == 3 and report.rejected == 5 and report.undated == 2
    # given a date, the same folder adds nothing (the articles are there) nor a second copy of any rejection...
    report = ingest_articles(iter_inputs([folder], "2022-02-24"), db, pipeline=pipeline, batch_size=4)
    assert report.stored == 0 and report.skipped == 3
    # ... unless told to replace what changed: the two undated articles now take the date
    report = ingest_articles(iter_inputs([folder], "2022-02-24"), db, pipeline=pipeline, batch_size=4, replace=True)
    assert report.stored == 2 and report.replaced == 2 and report.skipped == 1
    with Store(db, read_only=True) as s:
        assert s.count("articles") == 3
        assert s.con.execute("SELECT count(*) FROM articles WHERE published = DATE '2022-02-24'").fetchone()[0] == 2
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
    assert _run_ingest(corpus, clean_db).wait(timeout=600) == 1  # the broken line: exit 1
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
    assert _run_ingest(corpus, crashed_db).wait(timeout=600) == 1
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
    # the formats of other projects: tests/test_exports.py reads them back against their specs
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "plover", "--out", str(tmp_path / "p"), "--status", "all"])
    first = json.loads((tmp_path / "p" / "events_plover.jsonl").read_text().splitlines()[0])
    assert {"id", "date", "actor", "recipient", "event", "mode", "quad_code", "event_text"} <= set(first)
    res = runner.invoke(app, ["export", "--db", str(db), "--format", "gdelt", "--out", str(tmp_path / "g")])
    lines = (tmp_path / "g" / "events_gdelt.tsv").read_text().splitlines()
    assert lines and all(len(line.split("\t")) == 61 for line in lines)
    res = runner.invoke(app, ["stats", "--db", str(db), "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["articles"] == 3
    res = runner.invoke(app, ["export", "--db", str(tmp_path / "missing.duckdb"), "--out", str(tmp_path / "x")])
    assert res.exit_code == 2 and "no corpus database" in res.output


# -- nothing lost: every table keyed by what tells its rows apart -------------------------
# Records are built by hand (no spaCy model) and go through the real ingest
# path with a stand-in pipeline that hands them back.

AID = "brest-1"
TEXT = ("Russian forces attacked Ukrainian units near Brest, Belarus, on Monday and attacked them again on Tuesday. "
        "Officials said 100 troops crossed at Brest, France, and 100 troops stayed.")
S0, S1 = TEXT.split(". ")[0] + ".", TEXT.split(". ")[1]
RUS = Actor("Russian forces", "RUS", "Russia", "MIL")
UKR = Actor("Ukrainian units", "UKR", "Ukraine", "MIL")
BREST_BLR = Place("Brest", 52.1, 23.7, "BLR", "city", 1, 0.9, 629634, "city", ("Brest",))
BREST_FRA = Place("Brest", 48.4, -4.5, "FRA", "city", 1, 0.9, 3030300, "city", ("Brest",))


def _span(text: str, needle: str) -> tuple[int, int]:
    k = text.index(needle)
    return (k, k + len(needle))


def _event(trigger_start: int, day: str, status: str = "asserted", eid: str | None = None) -> Event:
    """An ASSAULT of Russia on Ukraine in the first sentence; its id made the
    way pipeline.py makes it (article, sentence, type, source, target,
    trigger token, derived)."""
    trig = (trigger_start, trigger_start + len("attacked"))
    eid = eid or stable_id(AID, 0, "ASSAULT", "RUS", "UKR", trigger_start, False)
    return Event(eid, "ASSAULT", None, "material_conflict", -9.0, status, RUS, UKR, day, BREST_BLR, S0, 0, _span(TEXT, S0),
                 1, "verb 'attack'", "attacked", trig, None, None, "day")


def _claim(number_start: int) -> Claim:
    return Claim(100.0, "troops", "troops", None, "asserted", S1, 1, _span(TEXT, S1), None, "100",
                 (number_start, number_start + 3), "Officials")


def _result(aid: str = AID, events=None, claims=None, places=None) -> ArticleResult:
    first = TEXT.index("attacked")
    second = TEXT.index("attacked", first + 1)
    n1 = TEXT.index("100")
    n2 = TEXT.index("100", n1 + 1)
    events = (_event(first, "2022-02-21"), _event(second, "2022-02-22")) if events is None else events
    claims = (_claim(n1), _claim(n2)) if claims is None else claims
    places = (BREST_BLR, BREST_FRA) if places is None else places
    return ArticleResult(ArticleInfo(aid, None, "2022-02-24", None, TEXT), tuple(events), tuple(claims), tuple(places),
                         (ActorCount("RUS", "Russia", 1), ActorCount("UKR", "Ukraine", 1)))


class StandIn:
    """A pipeline that codes every article as ``make(article_id)``."""

    def __init__(self, make=_result):
        self.make = make

    def run_prepared(self, items):
        for p in items:
            yield p if isinstance(p, ErrorRecord) else self.make(p.id)


def _ingest_built(db: Path, make=_result, aid: str = AID):
    return ingest_articles([RawArticle(f"{aid}.txt", text=TEXT, published="2022-02-24", id=aid)], db,
                           pipeline=StandIn(make), commit_every=2)


def _rows(db: Path, sql: str) -> list:
    with Store(db, read_only=True) as s:
        return s.con.execute(sql).fetchall()


def test_two_places_of_one_name_are_two_rows(tmp_path):
    db = tmp_path / "c.duckdb"
    _ingest_built(db)
    rows = _rows(db, f"SELECT name, country, lat, lon, row_key FROM places WHERE article_id = '{AID}' ORDER BY country")
    assert [r[:4] for r in rows] == [("Brest", "BLR", 52.1, 23.7), ("Brest", "FRA", 48.4, -4.5)]
    assert rows[0][4] == '["BLR",52.1,23.7]'
    # an unresolved place (no country, no coordinates) is stored too, once
    db2 = tmp_path / "d.duckdb"
    unresolved = Place("Brest", None, None, None, None, 1, 0.1)
    _ingest_built(db2, lambda aid: _result(aid, places=(BREST_BLR, BREST_FRA, unresolved)))
    _ingest_built(db2, lambda aid: _result(aid, places=(BREST_BLR, BREST_FRA, unresolved)))
    assert _rows(db2, "SELECT count(*), count(country) FROM places") == [(3, 2)]
    with Store(db2, read_only=True) as s:
        assert s.stats()["places"] == 3


def test_two_events_of_one_pair_in_one_sentence_are_two_rows(tmp_path):
    db = tmp_path / "c.duckdb"
    report = _ingest_built(db)
    rows = _rows(db, "SELECT id, variant, trigger_span, date FROM events ORDER BY trigger_span")
    assert report.events == 2 and len(rows) == 2
    assert rows[0][0] != rows[1][0] and [r[1] for r in rows] == [0, 0]
    assert [r[3].isoformat() for r in rows] == ["2022-02-21", "2022-02-22"]  # DATE columns


def test_two_events_sharing_one_id_are_both_kept(tmp_path):
    """Pipeline ids do not tell apart two events found at one trigger token
    that differ in status, mode or date: ``variant`` keeps both."""
    first = TEXT.index("attacked")
    a = _event(first, "2022-02-21")
    b = _event(first, "2022-02-21", status="negated", eid=a.id)
    db = tmp_path / "c.duckdb"
    _ingest_built(db, lambda aid: _result(aid, events=(a, b, a)))
    assert _rows(db, "SELECT id, variant, status FROM events ORDER BY variant") == [(a.id, 0, "asserted"), (a.id, 1, "negated")]


def test_two_claims_of_one_value_in_one_sentence_are_two_rows(tmp_path):
    db = tmp_path / "c.duckdb"
    _ingest_built(db)
    rows = _rows(db, "SELECT value_low, span, number_span, row_key FROM claims ORDER BY number_span")
    n1 = TEXT.index("100")
    n2 = TEXT.index("100", n1 + 1)
    assert [(r[0], r[2]) for r in rows] == [(100.0, [n1, n1 + 3]), (100.0, [n2, n2 + 3])]
    assert rows[0][1] == rows[1][1] and rows[0][3] == f"[{list(_span(TEXT, S1))},{[n1, n1 + 3]}]".replace(" ", "")


def test_reingesting_built_article_adds_nothing(tmp_path):
    db = tmp_path / "c.duckdb"
    r1 = _ingest_built(db)
    first = snapshot(db)
    assert (len(first["events"]), len(first["claims"]), len(first["places"]), len(first["actors"])) == (2, 2, 2, 2)
    r2 = _ingest_built(db)
    assert r1.stored == 1 and r2.stored == 0 and r2.skipped == 1
    assert snapshot(db) == first
    # even written again past the skip, the keys let nothing in twice
    with Store(db) as s:
        s.write_batch([(_result(), "h", "again")], [])
    assert snapshot(db) == first


def test_different_rows_with_one_key_are_an_error_not_a_silent_drop(tmp_path):
    db = tmp_path / "c.duckdb"
    other = Place("Brest", 52.1, 23.7, "BLR", "region", 1, 0.5)
    with Store(db) as s:
        with pytest.raises(StoreError) as exc:
            s.write_batch([(_result(places=(BREST_BLR, other)), "h", "x")], [])
        assert exc.value.code == "key_collision" and "places" in str(exc.value)
        assert s.count("articles") == 0 and s.count("places") == 0


OLD_KEYS = {"articles": ["id"], "events": ["id"], "claims": ["article_id", "claim_index"], "places": ["article_id", "name"],
            "actors": ["article_id", "code"], "rejected": ["source", "code"]}


def _old_corpus(db: Path, result: ArticleResult) -> None:
    """A corpus as flashpoint wrote it before the keys were fixed: no
    row_key or variant, places keyed (article_id, name), INSERT OR IGNORE."""
    import duckdb
    import pyarrow as pa

    from flashpoint.store import _arrow_column

    con = duckdb.connect(str(db))
    rows = {"articles": [STORE_TABLES["articles"].row(result.article, ["h", "old.txt", None, None, [1, 2], 2, 2])],
            "events": [STORE_TABLES["events"].row(e, [AID]) for e in result.events],
            "claims": [STORE_TABLES["claims"].row(c, [AID, k, c.value, c.value]) for k, c in enumerate(result.claims)],
            "places": [STORE_TABLES["places"].row(p, [AID]) for p in result.places],
            "actors": [STORE_TABLES["actors"].row(a, [AID]) for a in result.actors]}
    for name, t in STORE_TABLES.items():
        cols = [f'"{n}" {ty}' for n, ty in t.extra] + [f'"{c}" {ty}' for c, ty, _ in t.fields]
        con.execute(f"CREATE TABLE {name} ({', '.join(cols)}, PRIMARY KEY ({', '.join(OLD_KEYS[name])}))")
        if name in rows:
            data = {c: _arrow_column([r[k] for r in rows[name]]) for k, c in enumerate(t.names)}
            con.register("v", pa.table(data))
            con.execute(f"INSERT OR IGNORE INTO {name} SELECT * FROM v")
            con.unregister("v")
    con.execute("CREATE INDEX events_article_idx ON events (article_id)")
    con.close()


def test_older_corpus_is_upgraded_when_opened(tmp_path):
    old, fresh = tmp_path / "old.duckdb", tmp_path / "fresh.duckdb"
    _old_corpus(old, _result())
    assert _rows(old, "SELECT count(*) FROM places") == [(1,)]  # the defect: one Brest was lost
    # read-only, it is read as it is
    with Store(old, read_only=True) as s:
        assert s.stats()["events"] == 2
    Store(old).close()
    with Store(old, read_only=True) as s:
        keys = dict(s.con.execute("SELECT table_name, constraint_column_names FROM duckdb_constraints() "
                                  "WHERE constraint_type = 'PRIMARY KEY'").fetchall())
        assert {t: list(k) for t, k in keys.items()} == {t.name: t.primary_key for t in STORE_TABLES.values()}
        assert s.count("events") == 2 and s.count("claims") == 2 and s.count("places") == 1
    # the copied rows are the rows a fresh corpus holds (same row_key, variant)
    _ingest_built(fresh)
    for table, order in (("events", "id"), ("claims", "claim_index"), ("places", "country")):
        cols = ", ".join(f'"{c}"' for c in STORE_TABLES[table].stored if c not in ("article_id",))
        got = _rows(old, f"SELECT {cols} FROM {table} ORDER BY {order}")
        want = _rows(fresh, f"SELECT {cols} FROM {table} ORDER BY {order}")
        assert got == (want if table != "places" else [w for w in want if w in got]) and got
    # opened again: nothing to do; and new articles go in with the new keys
    Store(old).close()
    _ingest_built(old, aid="brest-2")
    assert _rows(old, "SELECT count(*) FROM places WHERE article_id = 'brest-2'") == [(2,)]
    assert _rows(old, "SELECT count(*) FROM duckdb_indexes() WHERE index_name = 'events_article_idx'") == [(1,)]
