"""Issue 14.6: typed data for notebooks. Dates are DATE in DuckDB and
Parquet (older corpora upgraded), a claim's range is two numbers, the
Corpus class hands out Arrow tables with filters, claims --db reads a corpus."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from flashpoint import Corpus
from flashpoint.cli import app
from flashpoint.inputs import RawArticle, iter_inputs
from flashpoint.store import Store, ingest_articles

runner = CliRunner()
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
RANGE = RawArticle("range.txt", id="range", published="2022-01-10",
                   text="Border\n\nUkraine said Russia has massed between 80,000 and 100,000 troops near the border.")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, pipeline):
    db = tmp_path_factory.mktemp("typed") / "c.duckdb"
    ingest_articles(list(iter_inputs([SAMPLES], "2022-02-23")) + [RANGE], db, pipeline=pipeline)
    return db


def _types(con, table: str) -> dict[str, str]:
    return {r[0]: r[1] for r in con.execute(f"DESCRIBE {table}").fetchall()}


def test_columns_are_typed(corpus):
    with Store(corpus, read_only=True) as s:
        assert _types(s.con, "articles")["published"] == "DATE"
        ev = _types(s.con, "events")
        assert ev["date"] == "DATE" and ev["sentence_index"] == "BIGINT" and ev["mentions"] == "BIGINT"
        cl = _types(s.con, "claims")
        assert cl["value"] == cl["value_low"] == cl["value_high"] == "DOUBLE"
        assert _types(s.con, "event_clusters")["first_date"] == "DATE"
        value, low, high = s.con.execute("SELECT value, value_low, value_high FROM claims WHERE article_id = 'range'").fetchone()
        assert value is None and (low, high) == (80000.0, 100000.0)


def test_parquet_keeps_the_types(corpus, tmp_path):
    res = runner.invoke(app, ["export", "--db", str(corpus), "--format", "parquet", "--out", str(tmp_path / "pq")])
    assert res.exit_code == 0, res.output
    ev = pq.read_schema(tmp_path / "pq" / "events.parquet")
    assert ev.field("date").type == pa.date32() and ev.field("sentence_index").type == pa.int64()
    assert pq.read_schema(tmp_path / "pq" / "articles.parquet").field("published").type == pa.date32()
    claims = pq.read_table(tmp_path / "pq" / "claims.parquet").to_pylist()
    (rng,) = [c for c in claims if c["article_id"] == "range"]
    assert rng["value"] is None and (rng["value_low"], rng["value_high"]) == (80000.0, 100000.0)


def test_the_api_still_gives_the_contracts_values(corpus):
    from fastapi.testclient import TestClient

    from flashpoint.serve import create_app

    client = TestClient(create_app(corpus))
    d = client.get("/api/articles/range").json()
    assert d["claims"][0]["value"] == [80000, 100000] and d["article"]["published"] == "2022-01-10"
    page = client.get("/api/events", params={"since": "2022-02-01", "limit": 500}).json()
    assert page["items"] and all(e["date"] >= "2022-02-01" for e in page["items"])


def test_an_older_corpus_is_upgraded(tmp_path, pipeline):
    db = tmp_path / "old.duckdb"
    ingest_articles([RANGE, RawArticle("b.txt", id="b", published="2022-02-24",
                                       text="War\n\nRussian forces shelled Kharkiv on Thursday.")], db, pipeline=pipeline)
    with Store(db, read_only=True) as s:
        before = s.con.execute("SELECT id, type, date FROM events ORDER BY id").fetchall()
    import duckdb

    con = duckdb.connect(str(db))  # make it look as an older flashpoint wrote it: text dates, JSON values
    for table, cast in (("events", "CAST(date AS VARCHAR) AS date"), ("articles", "CAST(published AS VARCHAR) AS published"),
                        ("claims", "CAST(CASE WHEN value IS NULL THEN json_array(value_low, value_high) "
                                   "ELSE to_json(CAST(value AS BIGINT)) END AS JSON) AS value")):
        for (index,) in con.execute("SELECT index_name FROM duckdb_indexes() WHERE table_name = ?", [table]).fetchall():
            con.execute(f'DROP INDEX "{index}"')
        con.execute(f"CREATE TABLE old_{table} AS SELECT * REPLACE ({cast}) FROM {table}")
        con.execute(f"DROP TABLE {table}")
        con.execute(f"ALTER TABLE old_{table} RENAME TO {table}")
    con.execute("ALTER TABLE articles DROP COLUMN published_from")
    assert _types(con, "events")["date"] == "VARCHAR" and _types(con, "claims")["value"] == "JSON"
    con.close()
    Store(db).close()  # opened for writing: upgraded
    with Store(db, read_only=True) as s:
        assert _types(s.con, "events")["date"] == "DATE" and _types(s.con, "articles")["published"] == "DATE"
        assert _types(s.con, "claims")["value"] == "DOUBLE" and "published_from" in _types(s.con, "articles")
        assert s.con.execute("SELECT id, type, date FROM events ORDER BY id").fetchall() == before
        assert s.con.execute("SELECT value, value_low, value_high FROM claims").fetchall() == [(None, 80000.0, 100000.0)]


def test_corpus_tables_and_filters(corpus):
    with Corpus(corpus) as c:
        every = c.events()
        assert isinstance(every, pa.Table) and every.schema.field("date").type == pa.date32()
        rows = every.to_pylist()
        want = [r for r in rows if r["date"] is not None and date(2022, 2, 1) <= r["date"] <= date(2022, 2, 28)
                and "RUS" in (r["source_code"], r["target_code"]) and r["type"] in ("ASSAULT", "MOBILIZE") and r["status"] == "asserted"]
        got = c.events(since="2022-02-01", until="February 28, 2022", actor="RUS", type=["ASSAULT", "MOBILIZE"], status="asserted")
        assert want and sorted(r["id"] for r in got.to_pylist()) == sorted(r["id"] for r in want)
        assert c.events(source="RUS").to_pandas()["source_code"].eq("RUS").all()
        claims = c.claims(claimant="UKR")
        assert claims.num_rows and set(claims.column("claimant_code").to_pylist()) == {"UKR"}
        assert claims.schema.field("value_low").type == pa.float64() and claims.schema.field("published").type == pa.date32()
        places = c.places(country="BLR")
        assert places.num_rows and set(places.column("country").to_pylist()) == {"BLR"}
        assert sorted(c.articles(since="2022-01-01", until="2022-01-31").column("id").to_pylist()) == ["aid-2022-01-19", "range"]


def test_claims_from_a_corpus_match_claims_from_the_articles(corpus):
    from_db = [json.loads(x) for x in runner.invoke(app, ["claims", "--db", str(corpus), "--format", "jsonl"]).stdout.splitlines()]
    from_files = [json.loads(x) for x in runner.invoke(app, ["claims", str(SAMPLES), "--published", "2022-02-23",
                                                               "--format", "jsonl"]).stdout.splitlines()]
    key = lambda r: (r["unit"], r["claimant"], r["value_low"], r["value_high"], r["article"], r["sentence"])  # noqa: E731
    assert sorted(map(key, [r for r in from_db if r["article"] != "range"])) == sorted(map(key, from_files))
    res = runner.invoke(app, ["claims"])
    assert res.exit_code == 2 and "--db" in res.output
