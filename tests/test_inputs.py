import json

import pytest

from flashpoint.errors import DateError
from flashpoint.inputs import RawArticle, parse_published, read_path
from flashpoint.model import ErrorRecord


def one(path, **kw):
    items = list(read_path(path, **kw))
    assert len(items) == 1
    return items[0]


def test_plain_text(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Headline\n\nRussia massed troops.", encoding="utf-8")
    art = one(p, published="2022-01-01")
    assert isinstance(art, RawArticle) and art.text.startswith("Headline") and art.published_default == "2022-01-01"


@pytest.mark.parametrize("content,code", [
    (b"", "empty"),
    (b"   \n\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(0, 32)) * 40, "binary"),
])
def test_bad_files(tmp_path, content, code):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    err = one(p)
    assert isinstance(err, ErrorRecord) and err.code == code and str(p) in err.message


def test_missing_and_too_large(tmp_path):
    assert one(tmp_path / "nope.txt").code == "not_found"
    p = tmp_path / "big.txt"
    p.write_text("x" * 2000)
    err = one(p, max_bytes=1000)
    assert err.code == "too_large" and "limit" in err.message


def test_cp1252_file_is_read(tmp_path):
    p = tmp_path / "w.txt"
    p.write_bytes("Talks in Genève \u2013 the “West” agreed.".encode("cp1252"))
    art = one(p)
    assert "Genève" in art.text


def test_jsonl_bad_lines_become_errors(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_text(json.dumps({"id": "a", "text": "Hello.", "published": "2022-01-01"}) + "\n{not json\n"
                 + json.dumps({"id": "c"}) + "\n" + json.dumps(["x"]) + "\n")
    items = list(read_path(p))
    assert isinstance(items[0], RawArticle) and items[0].id == "a"
    assert [i.code for i in items[1:]] == ["bad_json", "no_text", "bad_json"]
    assert f"{p}:2" in items[1].message


def test_rss_items(tmp_path):
    p = tmp_path / "f.rss"
    p.write_text("""<?xml version="1.0"?><rss><channel>
      <item><title>T1</title><guid>g1</guid><pubDate>Tue, 05 Apr 2022 09:30:00 GMT</pubDate><description>Lithuania expelled the envoy.</description></item>
      <item><title>T2</title><guid>g2</guid></item></channel></rss>""")
    a, b = list(read_path(p))
    assert a.id == "g1" and a.published == "Tue, 05 Apr 2022 09:30:00 GMT" and a.text.startswith("Lithuania")
    assert b.code == "no_text"


@pytest.mark.parametrize("value,expected", [
    ("2021-12-07", "2021-12-07"), ("2021-12-07T10:00:00Z", "2021-12-07"), ("Tue, 07 Dec 2021 10:00:00 GMT", "2021-12-07"),
])
def test_published_dates(value, expected):
    assert parse_published(value, "x") == expected


@pytest.mark.parametrize("value", ["2022-13-45", "yesterday", "", None, "2021-02-30"])
def test_bad_published_dates(value):
    with pytest.raises(DateError) as exc:
        parse_published(value, "input.txt")
    assert "input.txt" in str(exc.value)
