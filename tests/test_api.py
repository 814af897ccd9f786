"""The HTTP API, in-process: contract records, filters and paging, every bad
value a 4xx (never a 500), read-only database, optional token."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from flashpoint.serve import create_app


@pytest.fixture(scope="module")
def db(sample_db):
    return sample_db


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db)) as c:
        yield c


def test_events_are_contract_records(client):
    r = client.get("/api/events", params={"limit": 5})
    assert r.status_code == 200
    d = r.json()
    assert d["total"] > 100 and len(d["items"]) == 5 and d["limit"] == 5
    e = d["items"][0]
    assert {"id", "type", "mode", "quad", "intensity", "status", "source", "target", "date", "place", "sentence",
            "sentence_index", "span", "mentions", "evidence"} <= set(e)
    assert set(e["source"]) >= {"text", "code", "name", "sector"}


def test_filters_and_paging(client):
    r = client.get("/api/events", params={"source": "rus", "type": "ASSAULT", "status": "hypothetical"}).json()
    assert r["total"] >= 1 and all(e["source"]["code"] == "RUS" and e["type"] == "ASSAULT" and e["status"] == "hypothetical"
                                   for e in r["items"])
    r = client.get("/api/events", params={"since": "2014-01-01", "until": "2014-12-31"}).json()
    assert r["total"] >= 1 and all(e["date"].startswith("2014") for e in r["items"])
    r = client.get("/api/events", params={"q": "Crimea"}).json()
    assert all("Crimea" in e["sentence"] for e in r["items"])
    first = client.get("/api/events", params={"limit": 3, "offset": 0}).json()["items"]
    second = client.get("/api/events", params={"limit": 3, "offset": 3}).json()["items"]
    assert {e["id"] for e in first}.isdisjoint({e["id"] for e in second})


@pytest.mark.parametrize("params", [
    {"type": "BOMBING"}, {"status": "rumoured"}, {"since": "2022-13-01"}, {"since": "yesterday"},
    {"since": "2022-03-01", "until": "2022-01-01"}, {"limit": 0}, {"limit": 100000}, {"offset": -1},
    {"source": "R'; DROP TABLE events; --"}, {"q": "x" * 500}, {"limit": "many"},
])
def test_bad_values_are_4xx(client, params):
    r = client.get("/api/events", params=params)
    assert 400 <= r.status_code < 500, (params, r.status_code, r.text)
    assert client.get("/api/events").json()["total"] > 0  # and the table is still there


def test_article_with_everything_coded_from_it(client):
    ev = client.get("/api/events", params={"q": "seized Crimea"}).json()["items"][0]
    a = client.get(f"/api/articles/{ev['article_id']}").json()
    text = a["article"]["text"]
    assert text[ev["span"][0]:ev["span"][1]] == ev["sentence"]
    assert a["claims"] and a["places"] and a["actors"]
    assert client.get("/api/articles/no-such-article").status_code == 404


def test_claims_places_pairs_timeline_search(client):
    claims = client.get("/api/claims", params={"unit": "troops"}).json()
    assert claims["total"] >= 2 and all(c["unit"] == "troops" for c in claims["items"])
    cmp_ = client.get("/api/claims/compare", params={"unit": "troops"}).json()
    assert len(cmp_["claimants"]) >= 2
    places = client.get("/api/places").json()["items"]
    assert places and all(p["lat"] is not None for p in places)
    pairs = client.get("/api/pairs").json()["items"]
    assert any(p["source"] == "RUS" and p["target"] == "UKR" for p in pairs)
    days = client.get("/api/pairs/RUS/UKR/timeline").json()["days"]
    assert sum(d["done"] for d in days) >= 1 and sum(d["threatened"] for d in days) >= 1
    assert client.get("/api/pairs/R!S/UKR/timeline").status_code == 400
    hits = client.get("/api/search", params={"q": "ceasefire"}).json()["items"]
    assert hits and all("ceasefire" in h["sentence"].lower() for h in hits)


def test_openapi_and_dashboard(client):
    spec = client.get("/openapi.json").json()
    assert "/api/events" in spec["paths"] and "/api/articles/{article_id}" in spec["paths"]
    page = client.get("/").text
    assert "/static/app.js" in page and "http" not in page.replace("http-equiv", "")
    js = client.get("/static/app.js").text
    assert "https://" not in js and "http://" not in js  # nothing from outside the machine


def test_database_is_opened_read_only(db):
    app = create_app(db)
    with pytest.raises(Exception):
        app.state.store.con.execute("DELETE FROM events")


def test_token(db):
    with TestClient(create_app(db, token="s3cret")) as c:
        assert c.get("/api/events").status_code == 401
        assert c.get("/api/events", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert c.get("/api/meta").status_code == 200
