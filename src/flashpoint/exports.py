"""Exports in other projects' formats: GDELT 2.0 events, POLECAT's TSV and
PLOVER's JSON records, each written to the published layout so that tools
made for those data sets load them unchanged.

What each field is filled from, and what is approximate, is in the README
("Exports"). The lookups are data: ``plover_cameo.tsv`` (the CAMEO->PLOVER
mapping read backwards, built by scripts/build_export_tables.py),
``iso3_fips.tsv`` (ISO 3166 alpha-3 -> FIPS 10-4) and ``export_actors.tsv``
(blocs and bodies).

Dates keep their precision: a day is written only where the text (or, for an
event the text does not date, the publication) gives the day. A month or a
year fills only the fields that hold a month or a year.
"""

from __future__ import annotations

import itertools
import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from . import __version__
from .errors import FlashpointError
from .model import STATUSES
from .resources import load_tsv

if TYPE_CHECKING:
    from .store import Store

FORMATS = ("gdelt", "polecat", "plover")
QUAD_NUMBER = {"verbal_cooperation": 1, "material_cooperation": 2, "verbal_conflict": 3, "material_conflict": 4}
# precisions at which an event's date names its day
DAY_PRECISE = (None, "day", "publication")

# GDELT 2.0 event table, in the codebook's order (GDELT-Event_Codebook-V2.0)
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{f}" for n in (1, 2) for f in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                               "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}Geo_{f}" for g in ("Actor1", "Actor2", "Action") for f in ("Type", "FullName", "CountryCode", "ADM1Code",
                                                                      "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
# CAMEO agent/type codes (CAMEO actor codebook): a sector that is one of them
# is written as Actor*Type1Code and appended to the actor code
CAMEO_TYPES = frozenset("COP GOV INS JUD MIL OPP REB SEP SPY UAF AGR BUS CRM CVL DEV EDU ELI ENV HLH HRI LAB LEG MED "
                        "REF MOD RAD IGO IMG INT MNC NGM NGO UIS SET".split())

# POLECAT's weekly TSV (the Dataverse release's header), then the three columns
# later releases add (headline, the event's sentence, the story id)
POLECAT_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title", "Actor Name Raw",
    "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
    "Placename", "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename",
    "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations", "Story Locations", "Language",
    "Version", "Headline", "Event Text", "Story ID",
)
POLECAT_NONE = "None"  # how POLECAT writes an empty field
# this project's sectors that PLOVER names otherwise (PLOVER manual, note 4: MED is health there)
PLOVER_SECTOR = {"MED": "JRN", "IGO": None, "NGO": None, "IMG": None}


class ExportError(FlashpointError):
    """An export that cannot be written as asked (a bad --status, ...)."""

    code = "export"


def parse_statuses(text: str | None) -> tuple[str, ...]:
    """``--status``: a comma-separated list of statuses, or ``all``; asserted
    only when not given (only asserted events say that something happened)."""
    if text is None or not text.strip():
        return ("asserted",)
    parts = [p.strip().lower() for p in text.split(",") if p.strip()]
    if parts == ["all"]:
        return tuple(STATUSES)
    bad = [p for p in parts if p not in STATUSES]
    if bad or not parts:
        raise ExportError(f"--status must be 'all' or a comma-separated list of {', '.join(STATUSES)}; "
                          f"'{', '.join(bad) or text}' is none of them")
    return tuple(s for s in STATUSES if s in parts)


# -- lookups ------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def cameo_codes() -> dict[tuple[str, str], str]:
    """(PLOVER type, mode or '') -> CAMEO event code."""
    return {(r[0], r[1]): r[2] for r in load_tsv("plover_cameo.tsv")}


def cameo_code(event_type: str, mode: str | None) -> str:
    table = cameo_codes()
    return table.get((event_type, mode or "")) or table[(event_type, "")]


@lru_cache(maxsize=None)
def fips_codes() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 -> (FIPS 10-4 code, GeoNames country name)."""
    return {r[0]: (r[1], r[2]) for r in load_tsv("iso3_fips.tsv")}


@lru_cache(maxsize=None)
def export_actors() -> dict[str, tuple[str, str, str, str]]:
    """Bloc or body code -> (CAMEO code, known group, region, PLOVER country name)."""
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in load_tsv("export_actors.tsv")}


@lru_cache(maxsize=None)
def _bloc_codes() -> frozenset[str]:
    return frozenset(r[0] for r in load_tsv("blocs.tsv"))


def is_state(code: str | None) -> bool:
    return bool(code) and code not in _bloc_codes() and code not in export_actors() and code in fips_codes()


@lru_cache(maxsize=None)
def country_name(iso3: str) -> str | None:
    """ISO 3166 English short name (PLOVER's country names), else GeoNames'."""
    import pycountry

    c = pycountry.countries.get(alpha_3=iso3)
    if c is not None:
        return str(c.name)
    return fips_codes().get(iso3, (None, None))[1]


# -- dates ----------------------------------------------------------------------------------
def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def gdelt_dates(value: Any, precision: str | None) -> tuple[str, str, str, str]:
    """SQLDATE, MonthYear, Year, FractionDate for a date of a precision:
    a month or a week fills MonthYear and Year, a year only Year."""
    d = _day(value)
    if d is None:
        return "", "", "", ""
    if precision in DAY_PRECISE:
        fraction = min(d.timetuple().tm_yday / 365, 0.9999)
        return d.strftime("%Y%m%d"), d.strftime("%Y%m"), str(d.year), f"{d.year + fraction:.4f}"
    if precision in ("week", "month"):
        return "", d.strftime("%Y%m"), str(d.year), ""
    return "", "", str(d.year), ""


def iso_date(value: Any, precision: str | None) -> str | None:
    """YYYY-MM-DD at day precision, else ISO 8601's reduced forms YYYY-MM and YYYY."""
    d = _day(value)
    if d is None:
        return None
    if precision in DAY_PRECISE:
        return d.isoformat()
    if precision in ("week", "month"):
        return d.strftime("%Y-%m")
    return str(d.year)


# -- rows -------------------------------------------------------------------------------------
def _rows(store: Store, sql: str, params: list) -> Iterator[dict]:
    cur = store.con.cursor()
    try:
        rel = cur.execute(sql, params)
        cols = [d[0] for d in rel.description]
        while True:
            chunk = rel.fetchmany(2048)
            if not chunk:
                return
            for r in chunk:
                yield dict(zip(cols, r))
    finally:
        cur.close()


def _has(store: Store, table: str) -> bool:
    row = store.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]).fetchone()
    return bool(row and row[0])


def _events(store: Store, statuses: tuple[str, ...], order: str = "e.date, e.article_id, e.id, e.variant") -> Iterator[dict]:
    marks = ", ".join("?" for _ in statuses)
    yield from _rows(store, f"""SELECT e.*, a.url AS article_url, a.source AS article_source, a.outlet AS article_outlet,
                                       a.title AS article_title, a.published AS article_published
                                FROM events e JOIN articles a ON a.id = e.article_id
                                WHERE e.status IN ({marks}) ORDER BY {order}""", list(statuses))


def event_id(row: dict) -> str:
    return row["id"] if not row.get("variant") else f"{row['id']}-{row['variant']}"


# -- GDELT ----------------------------------------------------------------------------------
def _gdelt_actor(row: dict, side: str) -> list[str]:
    code, sector = row.get(f"{side}_code"), row.get(f"{side}_sector")
    if not code:
        return [""] * 10
    name = (row.get(f"{side}_name") or code).upper()
    typ = sector if sector in CAMEO_TYPES else ""
    if code in export_actors():
        cameo, group, region, _ = export_actors()[code]
        return [cameo, name, region, group, "", "", "", typ, "", ""]
    if is_state(code):
        return [code + typ, name, code, "", "", "", "", typ, "", ""]
    # another bloc or body: CAMEO's generic international codes
    return ["IGO" if sector in (None, "IGO", "GOV", "JUD") else (sector or "IGO"), name, "", "", "", "", "", "", "", ""]


def _gdelt_geo(row: dict) -> list[str]:
    """ActionGeo_*: GDELT's geographic types 1 country, 2 US state, 3 US city,
    4 world city, 5 world state; 0 where the place has none of them."""
    iso, feature = row.get("place_country"), row.get("place_feature")
    lat, lon = row.get("place_lat"), row.get("place_lon")
    if not iso or iso not in fips_codes() or lat is None or lon is None:
        return ["0", "", "", "", "", "", "", ""]
    fips, gn_name = fips_codes()[iso]
    country = country_name(iso) or gn_name
    us = iso == "USA"
    if feature == "country":
        return ["1", country, fips, fips, "", f"{lat:.4f}", f"{lon:.4f}", ""]
    geo_type = {"city": "3" if us else "4", "admin": "2" if us else "5"}.get(feature or "")
    if geo_type is None:
        return ["0", "", "", "", "", "", "", ""]
    return [geo_type, f"{row['place_name']}, {country}", fips, "", "", f"{lat:.4f}", f"{lon:.4f}", ""]


def gdelt_rows(store: Store, statuses: tuple[str, ...]) -> Iterator[list[str]]:
    """One row per event cluster (the same event told by several articles),
    its counts from the cluster and its fields from the cluster's first event."""
    if not _has(store, "event_clusters"):
        return
    marks = ", ".join("?" for _ in statuses)
    sql = f"""SELECT c.cluster_id, c.first_date, c.n_articles, c.n_sources, c.mentions, e.*,
                     a.url AS article_url, a.source AS article_source, a.published AS article_published
              FROM event_clusters c JOIN events e ON e.id = c.example_event_id JOIN articles a ON a.id = e.article_id
              WHERE EXISTS (SELECT 1 FROM event_cluster_members m JOIN events x ON x.id = m.event_id
                            WHERE m.cluster_id = c.cluster_id AND x.status IN ({marks}))
              QUALIFY row_number() OVER (PARTITION BY c.cluster_id ORDER BY e.variant) = 1
              ORDER BY c.first_date, c.cluster_id"""
    for r in _rows(store, sql, list(statuses)):
        code = cameo_code(r["type"], r["mode"])
        sqldate, month, year, fraction = gdelt_dates(r["first_date"], r.get("date_precision"))
        published = _day(r.get("article_published"))
        yield [
            str(int(r["cluster_id"][:15], 16)), sqldate, month, year, fraction,
            *_gdelt_actor(r, "source"), *_gdelt_actor(r, "target"),
            "1" if (r.get("sentence_index") or 0) < 3 else "0",
            code, code[:3], code[:2], str(gdelt_quad(code)), f"{float(r['intensity']):.1f}",
            str(r["mentions"]), str(r["n_sources"]), str(r["n_articles"]), "",
            "0", "", "", "", "", "", "", "", "0", "", "", "", "", "", "", "",
            *_gdelt_geo(r),
            published.strftime("%Y%m%d000000") if published else "",
            r.get("article_url") or r.get("article_source") or "",
        ]


def gdelt_quad(code: str) -> int:
    """GDELT's QuadClass of a CAMEO code, by its root: 01-04 verbal
    cooperation, 05-08 material cooperation, 09-13 verbal conflict, 14-20
    material conflict."""
    root = int(code[:2])
    return 1 if root <= 4 else 2 if root <= 8 else 3 if root <= 13 else 4


# -- POLECAT --------------------------------------------------------------------------------
def _none(value: Any) -> str:
    if value is None or value == "" or value == []:
        return POLECAT_NONE
    return str(value)


def _plover_sector(sector: str | None) -> str | None:
    return PLOVER_SECTOR.get(sector, sector) if sector else None


def _plover_country(code: str | None) -> str | None:
    if not code:
        return None
    if code in export_actors():
        name = export_actors()[code][3]
        return None if name == "None" else name
    if is_state(code):
        return country_name(code)
    return "International Governmental Organization"


def _polecat_actor(row: dict, side: str) -> list[str]:
    code = row.get(f"{side}_code")
    if not code:
        return [POLECAT_NONE] * 8
    sector = _plover_sector(row.get(f"{side}_sector"))
    return [_none(row.get(f"{side}_person") or row.get(f"{side}_name")), _none(_plover_country(code)), POLECAT_NONE,
            _none(sector), _none(sector), _none(row.get(f"{side}_role")), _none(row.get(f"{side}_text")), POLECAT_NONE]


def polecat_rows(store: Store, statuses: tuple[str, ...]) -> Iterator[list[str]]:
    for r in _events(store, statuses):
        precise = iso_date(r["date"], r.get("date_precision"))
        feature = r.get("place_feature")
        place = r.get("place_name")
        lat, lon = r.get("place_lat"), r.get("place_lon")
        forms = r.get("place_forms")
        if isinstance(forms, str):  # a JSON column
            forms = json.loads(forms)
        raw_place = (forms[0] if isinstance(forms, list) and forms else None) or place
        yield [
            event_id(r), _none(precise if precise and len(precise) == 10 else None), r["type"], _none(r.get("mode")),
            f"{float(r['intensity']):.1f}", r["quad"].replace("_", " ").upper(), POLECAT_NONE,
            *_polecat_actor(r, "source")[:8], *_polecat_actor(r, "target")[:8],
            _none(place), _none(place if feature == "city" else None), POLECAT_NONE,
            _none(place if feature == "admin" else None),
            _none(country_name(r["place_country"]) if r.get("place_country") else None),
            _none(None if lat is None else f"{lat:.5f}"), _none(None if lon is None else f"{lon:.5f}"),
            _none(r.get("place_geonameid")), _none(raw_place), _none(feature),
            _none(r.get("article_outlet") or r.get("article_source")), _none(_day(r.get("article_published"))),
            POLECAT_NONE, POLECAT_NONE, POLECAT_NONE, "en", f"flashpoint-{__version__}",
            _none(r.get("article_title")), _tsv_safe(r["sentence"]), r["article_id"],
        ]


def _tsv_safe(text: str) -> str:
    """A field of a tab-separated file holds no tab and no line break."""
    return " ".join(str(text).split())


# -- PLOVER ---------------------------------------------------------------------------------
def _entity(row: dict, side: str) -> dict:
    out: dict[str, Any] = {"code": row[f"{side}_code"], "sector": _plover_sector(row.get(f"{side}_sector")),
                           "entity_text": row.get(f"{side}_text"), "country_name": _plover_country(row[f"{side}_code"])}
    if row.get(f"{side}_role"):
        out["office"] = row[f"{side}_role"]
    if row.get(f"{side}_person"):
        out["identifier_text"] = row[f"{side}_person"]
    return out


def plover_record(r: dict) -> dict:
    """One event as PLOVER's JSON record (PLOVER manual, "Data Fields"):
    the required id, date, actor, event; then recipient, mode, context,
    quad_code, event_scale, event_loc, event_text, text_info, cite_info.
    Fields beyond the manual's: status, date_precision, date_text, article_id."""
    span = r.get("span") or [None, None]
    loc = None
    if r.get("place_name"):
        loc = {"extracted_place": r["place_name"], "resolved_place": r["place_name"], "geonameid": r.get("place_geonameid"),
               "lat": r.get("place_lat"), "lon": r.get("place_lon"),
               "country": country_name(r["place_country"]) if r.get("place_country") else None,
               "country_code": r.get("place_country"), "feature_type": r.get("place_feature"),
               "resolution": {"country": 1, "admin": 2, "city": 4}.get(r.get("place_feature") or "")}
    return {
        "id": event_id(r),
        "date": iso_date(r["date"], r.get("date_precision")),
        "actor": [_entity(r, "source")] if r.get("source_code") else [],
        "recipient": [_entity(r, "target")] if r.get("target_code") else [],
        "event": [r["type"]],
        "mode": [r["mode"]] if r.get("mode") else [],
        "context": [],
        "quad_code": QUAD_NUMBER[r["quad"]],
        "event_scale": float(r["intensity"]),
        "event_loc": loc,
        "event_text": [r["sentence"]],
        "text_info": {"sequence": r.get("sentence_index"), "start": span[0], "end": span[1]},
        "cite_info": {"url": r.get("article_url"), "title": r.get("article_title"), "citation": r.get("article_source"),
                      "language": "en", "publication": r.get("article_outlet"), "coder": f"flashpoint {__version__}",
                      "codebook": "PLOVER (CAMEO2PLOVER-2021 modes)"},
        "coder": f"flashpoint {__version__}",
        "status": r["status"],
        "date_precision": r.get("date_precision"),
        "date_text": r.get("date_text"),
        "article_id": r["article_id"],
    }


def plover_records(store: Store, statuses: tuple[str, ...]) -> Iterator[dict]:
    """PLOVER records. flashpoint codes a compound actor as one event per
    actor ("Japan and Australia imposed sanctions on Russia and Belarus": four
    events at one trigger); PLOVER codes it as one record whose actor and
    recipient are lists. Events told at one trigger with the same type, mode,
    status and date that are every pairing of their sources and targets
    become one record (the first event's id); any other group stays apart."""
    order = "e.article_id, e.sentence_index, e.trigger_span, e.type, e.mode, e.status, e.date, e.id, e.variant"

    def key(r: dict) -> tuple:
        return (r["article_id"], r["sentence_index"], tuple(r.get("trigger_span") or ()), r["type"], r.get("mode"),
                r["status"], str(r.get("date")))

    for _, grouped in itertools.groupby(_events(store, statuses, order), key=key):
        group = list(grouped)
        def at(r: dict, side: str) -> int:  # the members in the order the sentence names them
            k = r["sentence"].find(r.get(f"{side}_text") or "\0")
            return k if k >= 0 else len(r["sentence"])

        sources = list(dict.fromkeys(r["source_code"] for r in sorted(group, key=lambda r: at(r, "source"))))
        targets = list(dict.fromkeys(r.get("target_code") for r in sorted(group, key=lambda r: at(r, "target"))))
        pairs = [(r["source_code"], r.get("target_code")) for r in group]
        if len(group) == 1 or len(set(pairs)) != len(pairs) or len(pairs) != len(sources) * len(targets):
            yield from (plover_record(r) for r in group)
            continue
        record = plover_record(group[0])
        first_of: dict[tuple[str, Any], dict] = {}
        for r in group:
            first_of.setdefault(("source", r["source_code"]), r)
            first_of.setdefault(("target", r.get("target_code")), r)
        record["actor"] = [_entity(first_of[("source", c)], "source") for c in sources]
        record["recipient"] = [_entity(first_of[("target", c)], "target") for c in targets if c]
        yield record


# -- writing ----------------------------------------------------------------------------------
FILE_NAMES = {"gdelt": "events_gdelt.tsv", "polecat": "events_polecat.tsv", "plover": "events_plover.jsonl"}


def write_export(store: Store, fmt: str, path: str | Path, statuses: tuple[str, ...] = ("asserted",)) -> tuple[Path, int]:
    """Write one format to ``path``; (path, rows written). GDELT has no header
    row (as GDELT's own files); POLECAT has its header; PLOVER is JSON Lines."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format '{fmt}'; one of {', '.join(FORMATS)}")
    target = Path(path)
    n = 0
    with open(target, "w", encoding="utf-8", newline="") as fh:
        if fmt == "plover":
            for record in plover_records(store, statuses):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
            return target, n
        # plain tab-joined lines, no quoting: neither GDELT nor POLECAT quotes a field
        if fmt == "polecat":
            fh.write("\t".join(POLECAT_COLUMNS) + "\n")
        rows = gdelt_rows(store, statuses) if fmt == "gdelt" else polecat_rows(store, statuses)
        for row in rows:
            fh.write("\t".join(_tsv_safe(c) for c in row) + "\n")
            n += 1
    return target, n


def export_corpus(store: Store, fmt: str, out_dir: str | Path,
                  statuses: tuple[str, ...] = ("asserted",)) -> tuple[list[Path], int | None]:
    """``flashpoint export``: the tables (parquet, csv, jsonl) or the events in
    one of FORMATS, into ``out_dir``; (files written, rows for an event format)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if fmt in FORMATS:
        path, n = write_export(store, fmt, out / FILE_NAMES[fmt], statuses)
        return [path], n
    return store.export(out, fmt), None
