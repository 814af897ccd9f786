"""What the dashboard reads beyond the records (flashpoint.dashboard): actor
search by name over the project's actor tables, a pair's two directions day
by day, the map's places under the event table's filters, claims grouped by
what is counted, where and when, the database fingerprint for live refresh;
and the bundled assets: world outlines cut at the antimeridian, vendored
libraries with their licences, nothing referenced from outside."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from flashpoint.serve import create_app

HERE = Path(__file__).parent
WEB = HERE.parent / "src" / "flashpoint" / "web"


@pytest.fixture(scope="module")
def db(sample_db):
    return sample_db


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db)) as c:
        yield c


def all_events(client, **params) -> list[dict]:
    page = client.get("/api/events", params={**params, "limit": 1000}).json()
    assert page["total"] == len(page["items"])
    return page["items"]


@pytest.mark.parametrize("name, code, kind", [("Rwanda", "RWA", "state"), ("Houthis", "YEM", "group"), ("Putin", "RUS", "person"),
                                              ("the Kremlin", "RUS", "metonym"), ("rus", "RUS", "code"), ("the Alliance", "NATO", "bloc")])
def test_actors_by_name(client, name, code, kind):
    items = client.get("/api/actors", params={"q": name}).json()["items"]
    assert items[0]["code"] == code and items[0]["kind"] == kind, items[:3]


def test_actor_suggestions_rank_and_count(client):
    items = client.get("/api/actors", params={"q": "Ukr", "limit": 5}).json()["items"]
    assert items[0]["code"] == "UKR" and items[0]["events"] > 10
    assert len(items) <= 5 and len({(i["code"], i["kind"], i["person"]) for i in items}) == len(items)
    putin = client.get("/api/actors", params={"q": "Putin"}).json()["items"][0]
    assert putin["person"] == "Vladimir Putin" and putin["name"] == "Russia"
    assert client.get("/api/actors", params={"q": "Zzyzxland"}).json()["items"] == []
    assert client.get("/api/actors", params={"q": ""}).status_code == 422
    assert client.get("/api/actors", params={"q": "a", "limit": 999}).status_code == 422


def test_a_pair_in_both_directions(client):
    t = client.get("/api/dyad", params={"a": "rus", "b": "UKR"}).json()
    assert (t["a"], t["a_name"], t["b"], t["b_name"]) == ("RUS", "Russia", "UKR", "Ukraine")
    assert {d["direction"] for d in t["days"]} == {"ab", "ba"}
    for direction, (s, g) in {"ab": ("RUS", "UKR"), "ba": ("UKR", "RUS")}.items():
        evs = [e for e in all_events(client, source=s, target=g) if e["date"]]
        drawn = [d for d in t["days"] if d["direction"] == direction]
        assert sum(d["events"] for d in drawn) == len(evs)
        # what happened, apart from threats, plans, hypotheticals and denials
        happened = [e for e in evs if e["status"] == "asserted" and e["type"] != "THREATEN"]
        assert sum(d["events"] for d in drawn if d["kind"] == "happened") == len(happened)
        denied = [e for e in evs if e["status"] == "negated"]
        assert sum(d["events"] for d in drawn if d["kind"] == "denied") == len(denied)
    assert [d["date"] for d in t["days"]] == sorted(d["date"] for d in t["days"])
    # the range narrows it; no second actor: a with anyone
    narrow = client.get("/api/dyad", params={"a": "RUS", "b": "UKR", "since": "2022-01-01", "until": "2022-02-23"}).json()
    assert narrow["days"] and all("2022-01-01" <= d["date"] <= "2022-02-23" for d in narrow["days"])
    anyone = client.get("/api/dyad", params={"a": "RUS"}).json()
    assert sum(d["events"] for d in anyone["days"]) > sum(d["events"] for d in t["days"])
    assert client.get("/api/dyad", params={"a": "R!S"}).status_code == 422
    assert client.get("/api/dyad", params={"a": "RUS", "since": "2022-02-30"}).status_code == 400


def test_map_takes_the_tables_filters(client, db):
    everything = client.get("/api/map").json()
    assert not everything["filtered"]
    con = duckdb.connect(str(db), read_only=True)
    try:
        named = con.execute("SELECT count(*) FROM (SELECT DISTINCT name, country FROM places WHERE lat IS NOT NULL)").fetchone()[0]
    finally:
        con.close()
    assert len(everything["items"]) >= named
    russia = client.get("/api/map", params={"source": "RUS", "type": "ASSAULT"}).json()
    assert russia["filtered"] and 0 < len(russia["items"]) < len(everything["items"])
    evs = [e for e in all_events(client, source="RUS", type="ASSAULT") if e["place"] and e["place"]["lat"] is not None]
    assert sum(p["events"] for p in russia["items"]) == len(evs)
    assert {p["name"] for p in russia["items"]} == {e["place"]["name"] for e in evs}
    assert all(p["mentions"] >= 1 and p["articles"] >= 1 for p in russia["items"])
    dated = client.get("/api/map", params={"source": "RUS", "since": "2030-01-01"}).json()
    assert dated["filtered"] and dated["items"] == []


def test_the_events_at_a_place(client):
    kyiv = next(p for p in client.get("/api/map", params={"source": "RUS"}).json()["items"] if p["name"] == "Kyiv")
    listed = client.get("/api/map/events", params={"name": "Kyiv", "country": "UKR", "source": "RUS", "limit": 200}).json()
    assert listed["total"] == kyiv["events"] == len(listed["items"])
    assert all(e["source"] == "RUS" for e in listed["items"])
    evs = {e["id"] for e in all_events(client, source="RUS") if e["place"] and e["place"]["name"] == "Kyiv"}
    assert {e["id"] for e in listed["items"]} == evs
    assert client.get("/api/map/events", params={"name": "Kyiv", "country": "USA"}).json()["total"] == 0


def test_claims_grouped_by_what_where_and_when(client):
    groups = client.get("/api/claims/groups").json()["items"]
    total = client.get("/api/claims", params={"limit": 1000}).json()["total"]
    assert sum(len(g["claims"]) for g in groups) == total  # every claim once
    troops = [g for g in groups if g["what"] == "troops" and g["whose"] == "RUS" and g["where"] == "UKR"]
    assert len(troops) == 1
    g = troops[0]
    figures = {(c["claimant"], c["value_low"]) for c in g["claims"]}
    # "Ukraine says Russia has massed 94,300 troops", "US intelligence ... Russia could mobilise up to 175,000":
    # the party is the state named before the number, not the claimant
    assert {("UKR", 94300.0), ("WST", 150000.0), ("USA", 175000.0)} <= figures
    assert g["disputed"] and g["claimants"] >= 2
    # the Karabakh and Belarus figures are not in it
    assert not any("Armenia" in c["sentence"] or "Belarus" in c["subject"] for c in g["claims"])
    for c in g["claims"]:
        art = client.get(f"/api/articles/{c['article_id']}").json()
        assert art["article"]["text"][c["span"][0]:c["span"][1]] == c["sentence"]  # a link to its sentence
        assert c["published"] == art["article"]["published"]
    # disputed only, and words
    disputed = client.get("/api/claims/groups", params={"disputed": True}).json()["items"]
    assert disputed and all(d["disputed"] for d in disputed) and len(disputed) < len(groups)
    found = client.get("/api/claims/groups", params={"q": "Crimea"}).json()["items"]
    assert found and all(any("Crimea" in c["sentence"] or "Crimea" in c["subject"] for c in f["claims"]) for f in found)


def test_one_claimant_is_no_dispute():
    from flashpoint.dashboard import group_claims

    row = {"article_id": "a", "claim_index": 0, "published": "2022-02-01", "claimant_code": "UKR", "claimant_phrase": "Ukraine",
           "qualifier": None, "unit": "troops", "subject": "Russian troops", "status": "asserted", "sentence": "s", "span": [0, 1],
           "number_span": [0, 1]}
    rows = [{**row, "value_low": 90000.0, "value_high": 90000.0}, {**row, "claim_index": 1, "value_low": 150000.0, "value_high": 150000.0}]
    assert not group_claims(rows, {})[0]["disputed"]
    rows.append({**row, "claim_index": 2, "claimant_code": "USA", "claimant_phrase": "US officials", "value_low": 175000.0, "value_high": 175000.0})
    assert group_claims(rows, {})[0]["disputed"]
    # half a year later is another moment of the crisis: another group
    rows.append({**row, "claim_index": 3, "published": "2022-09-01", "value_low": 1.0, "value_high": 1.0})
    assert len(group_claims(rows, {})) == 2


def test_changes_follow_any_change_in_the_database(db, tmp_path):
    copy = tmp_path / "c.duckdb"
    shutil.copy(db, copy)

    def version() -> dict:
        app = create_app(copy)
        try:
            with TestClient(app) as c:
                return c.get("/api/changes").json()
        finally:
            app.state.store.close()

    first = version()
    assert first == version()  # nothing changed, nothing to redraw
    assert first["counts"]["events"] > 0 and set(first["counts"]) >= {"articles", "events", "claims", "places"}
    con = duckdb.connect(str(copy))
    # the same number of rows, one replaced by another: still a change
    con.execute("UPDATE events SET id = 'replaced' WHERE id = (SELECT min(id) FROM events)")
    con.close()
    second = version()
    assert second["counts"] == first["counts"] and second["version"] != first["version"]
    con = duckdb.connect(str(copy))
    con.execute("DELETE FROM claims WHERE claim_index = 0")
    con.close()
    third = version()
    assert third["counts"]["claims"] < first["counts"]["claims"] and third["version"] != second["version"]


def test_favicon(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml") and b"<svg" in r.content


# -- bundled assets ------------------------------------------------------------------------


def test_world_outlines_are_cut_at_the_antimeridian():
    """No ring jumps across the map (the white sliver over Chukotka); Russia
    and Fiji lie on both sides of the antimeridian as closed shapes."""
    world = json.loads((WEB / "world.json").read_text())
    sides: dict[str, set[int]] = {}
    for f in world["features"]:
        for poly in f["geometry"]["coordinates"]:
            for ring in poly:
                assert ring[0] == ring[-1] and len(ring) >= 4
                for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
                    assert -180 <= x1 <= 180 and -90 <= y1 <= 90
                    # a long step only along a pole's edge (Antarctica closed over the pole)
                    assert abs(x1 - x0) <= 180 or abs(y0) == abs(y1) == 90, (f["properties"]["name"], (x0, y0), (x1, y1))
            xs = [x for x, _ in poly[0]]
            if max(xs) >= 179.9:
                sides.setdefault(f["properties"]["name"], set()).add(1)
            if min(xs) <= -179.9:
                sides.setdefault(f["properties"]["name"], set()).add(-1)
    assert sides["Russia"] == {1, -1} and sides["Fiji"] == {1, -1}
    russia = next(f for f in world["features"] if f["properties"]["name"] == "Russia")
    assert len(russia["geometry"]["coordinates"]) > 5


def test_libraries_are_vendored_with_their_licences():
    vendor = WEB / "vendor"
    manifest = json.loads((vendor / "MANIFEST.json").read_text())
    assert {m["package"] for m in manifest} >= {"d3", "@observablehq/plot", "leaflet", "leaflet.markercluster"}
    for m in manifest:
        files = m["files"]
        assert any(re.match(r"(LICEN[CS]E|MIT-LICEN[CS]E)", f) for f in files), m
        for f in files:
            assert (vendor / m["dir"] / f).is_file(), f
    page = (WEB / "index.html").read_text()
    refs = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert refs and all(r.startswith("/") or r.startswith("#") for r in refs), refs  # nothing from outside
    for r in refs:
        if r.startswith("/static/"):
            assert (WEB / r.removeprefix("/static/")).is_file(), r


def test_vendored_files_are_served(client):
    for path in ("/static/vendor/d3/d3.min.js", "/static/vendor/plot/plot.umd.min.js", "/static/vendor/leaflet/leaflet.js",
                 "/static/vendor/leaflet.markercluster/leaflet.markercluster.js", "/static/world.json"):
        assert client.get(path).status_code == 200, path
