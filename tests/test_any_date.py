"""Issue 14.1: a publication date from the input itself (fields in any common
form, page metadata, a dateline); --published fills only what the input
lacks, --override-date replaces it; an undated article is stored, not
rejected; ingest --replace codes again what changed."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.errors import DateError
from flashpoint.inputs import read_path
from flashpoint.pipeline import prepare_article
from flashpoint.pubdate import dateline_date, parse_date_value
from flashpoint.stages.dates import resolve_date
from flashpoint.store import Store

runner = CliRunner()


@pytest.mark.parametrize("value,expected", [
    ("2024-06-18", "2024-06-18"), ("2024-06-18T23:30:00-05:00", "2024-06-18"), ("June 18, 2024", "2024-06-18"),
    ("18 June 2024", "2024-06-18"), ("2024/06/18", "2024-06-18"), ("Tue, 18 Jun 2024 10:00:00 GMT", "2024-06-18"),
    ("Tuesday, June 18, 2024", "2024-06-18"), ("Jun. 18th, 2024", "2024-06-18"), ("18-Jun-2024", "2024-06-18"),
    ("18/06/2024", "2024-06-18"), ("06/18/2024", "2024-06-18"), ("20240618", "2024-06-18"),
    (1718668800, "2024-06-18"), ("1718668800", "2024-06-18"), (1718668800000, "2024-06-18"), (1718668800.5, "2024-06-18"),
])
def test_date_values_in_common_forms(value, expected):
    assert parse_date_value(value, "x") == expected


@pytest.mark.parametrize("value", ["05/06/2024", "yesterday", "2024-02-30", "June 31, 2024"])
def test_unreadable_or_ambiguous_dates_are_refused(value):
    with pytest.raises(DateError) as exc:
        parse_date_value(value, "in.jsonl:3")
    assert "in.jsonl:3" in str(exc.value)


@pytest.mark.parametrize("text,expected", [
    ("Talks collapse\n\nDec 7, 2021 (Reuters) - Russia said it would not attack.", "2021-12-07"),
    ("MOSCOW, December 7, 2021 — Russia said it would not attack.", "2021-12-07"),
    ("Headline\nPublished: 7 December 2021\n\nRussia said it would not attack.", "2021-12-07"),
    ("Talks on December 7, 2021 collapse\n\nRussia said it would not attack.", None),  # a date in a headline is news
    ("MOSCOW (Reuters) - Russia said on December 7, 2021 that it would not attack.", None),  # in a sentence
])
def test_dateline(text, expected):
    assert dateline_date(text) == expected


def _prepared(path, published=None, override=None):
    return [prepare_article(a) for a in read_path(path, published, override=override)]


def test_jsonl_fields_in_any_form_and_the_default_only_fills_gaps(tmp_path):
    p = tmp_path / "a.jsonl"
    rows = [{"id": "a", "text": "Poland deployed troops.", "published": "June 18, 2024"},
            {"id": "b", "text": "Poland deployed troops.", "date": "18 June 2024"},
            {"id": "c", "text": "Poland deployed troops.", "pubDate": "2024/06/18"},
            {"id": "d", "text": "Poland deployed troops.", "datePublished": 1718668800000},
            {"id": "e", "text": "Poland deployed troops."}]
    p.write_text("".join(json.dumps(r) + "\n" for r in rows))
    got = {x.id: (x.published, x.published_from) for x in _prepared(p, "2020-01-01")}
    assert got == {"a": ("2024-06-18", "field"), "b": ("2024-06-18", "field"), "c": ("2024-06-18", "field"),
                   "d": ("2024-06-18", "field"), "e": ("2020-01-01", "default")}
    assert {x.published for x in _prepared(p, "2020-01-01", override="2019-03-04")} == {"2019-03-04"}


def test_text_dateline_wins_over_the_default_and_loses_to_the_override(tmp_path):
    p = tmp_path / "wire.txt"
    p.write_text("Russia denies plans\n\nDec 7, 2021 (Reuters) - The Kremlin denied it plans to attack Ukraine.\n")
    (a,) = _prepared(p, "2022-02-23")
    assert (a.published, a.published_from) == ("2021-12-07", "dateline")
    (a,) = _prepared(p, "2022-02-23", override="2022-01-01")
    assert (a.published, a.published_from) == ("2022-01-01", "override")


def test_html_keeps_its_own_date_over_published(tmp_path):
    p = tmp_path / "page.html"
    p.write_text('<html><head><title>EU sanctions</title><meta property="article:published_time" content="2021-12-07T10:00:00Z">'
                 "</head><body><article><h1>EU agrees sanctions</h1><p>The European Union imposed sanctions on Belarus on Monday "
                 "after the border crisis, officials said in Brussels.</p></article></body></html>")
    (a,) = _prepared(p, "2022-01-01")
    assert (a.published, a.published_from) == ("2021-12-07", "metadata")
    (a,) = _prepared(p, "2022-01-01", override="2020-05-05")
    assert a.published == "2020-05-05"
    # a date the story tells is not the page's date: without markup, the default fills it
    p.write_text("<html><head><title>Crimea</title></head><body><article><h1>Crimea</h1><p>Russia seized Crimea on 18 March "
                 "2014, officials in Kyiv recalled on Monday as the talks opened.</p></article></body></html>")
    (a,) = _prepared(p, "2022-01-01")
    assert (a.published, a.published_from) == ("2022-01-01", "default")


def test_undated_article_is_coded_with_absolute_dates_only(tmp_path, pipeline):
    p = tmp_path / "note.txt"
    p.write_text("Border tensions\n\nPoland deployed troops to the border with Belarus on Monday. "
                 "Russian forces shelled Kharkiv on 24 February 2022. Lithuania expelled the Russian ambassador.\n")
    res = runner.invoke(app, ["extract", str(p), "--json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["article"]["published"] is None and d["article"]["published_from"] is None
    by_type = {e["type"]: e for e in d["events"]}
    # "on Monday" cannot be resolved without a publication date: no date, the words kept
    assert by_type["MOBILIZE"]["date"] is None and "Monday" in by_type["MOBILIZE"]["date_text"]
    assert by_type["MOBILIZE"]["date_precision"] is None
    assert by_type["ASSAULT"]["date"] == "2022-02-24" and by_type["ASSAULT"]["date_precision"] == "day"
    # no date words: dated by the publication date, which is unknown
    assert (by_type["SANCTION"]["date"], by_type["SANCTION"]["date_precision"], by_type["SANCTION"]["date_text"]) == \
        (None, "publication", None)
    assert "without a publication date" in res.stderr


def test_ingest_replace_codes_again_what_changed(tmp_path, pipeline):
    p = tmp_path / "wire.txt"
    p.write_text("Border tensions\n\nPoland deployed troops to the border with Belarus on Monday.\n")
    db = tmp_path / "c.duckdb"
    res = runner.invoke(app, ["ingest", str(p), "--db", str(db), "-q"])
    assert res.exit_code == 0, res.output
    assert "1 article(s) without a publication date" in res.stdout

    def stored():
        with Store(db, read_only=True) as s:
            return s.con.execute("SELECT a.published, e.date FROM articles a JOIN events e ON e.article_id = a.id "
                                 "WHERE e.type = 'MOBILIZE'").fetchall()

    assert [tuple(map(str, r)) for r in stored()] == [("None", "None")]
    res = runner.invoke(app, ["ingest", str(p), "--db", str(db), "-q", "--override-date", "2021-11-09"])
    assert "1 already in the corpus" in res.stdout and "--replace" in res.stdout
    res = runner.invoke(app, ["ingest", str(p), "--db", str(db), "-q", "--override-date", "2021-11-09", "--replace"])
    assert res.exit_code == 0 and "1 stored (1 in place of older versions)" in res.stdout, res.output
    assert [tuple(map(str, r)) for r in stored()] == [("2021-11-09", "2021-11-08")]  # "on Monday", now resolved
    # the file edited: with --replace its new text takes the old one's place, never beside it
    p.write_text("Border tensions\n\nPoland deployed troops to the border with Belarus on Tuesday.\n")
    res = runner.invoke(app, ["ingest", str(p), "--db", str(db), "-q", "--override-date", "2021-11-09", "--replace"])
    assert res.exit_code == 0, res.output
    with Store(db, read_only=True) as s:
        assert s.count("articles") == 1
        assert [str(r[0]) for r in s.con.execute("SELECT date FROM events WHERE type = 'MOBILIZE'").fetchall()] == ["2021-11-09"]


@pytest.mark.parametrize("text,expected", [
    ("on Monday", None), ("last year", None), ("two years ago", None), ("December 3", None), ("in June", None),
    ("yesterday", None), ("in 2014", (date(2014, 1, 1), "year")), ("June 2014", (date(2014, 6, 1), "month")),
    ("3 December 2021", (date(2021, 12, 3), "day")), ("Nov. 30, 2021", (date(2021, 11, 30), "day")),
    ("2021-12-07", (date(2021, 12, 7), "day")),
])
def test_without_a_publication_date_only_absolute_dates_resolve(text, expected):
    assert resolve_date(text, None) == expected
