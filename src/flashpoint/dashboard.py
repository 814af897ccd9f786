"""The API endpoints the dashboard reads beyond the records themselves:
actor search by name, a pair's timeline in both directions, the map's
places under the table's filters, claims grouped into comparable figures,
and a cheap fingerprint of the database for live refresh.

``add_routes`` is called by ``serve.create_app`` with its query function and
filters, so every value still reaches SQL only as a bound parameter.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from datetime import date, timedelta
from typing import Any, Callable, Optional

from pydantic import BaseModel

from .claimsview import CASUALTY, unit_class
from .store import TABLES
from .stages.actors import lexicon

Query = Callable[..., list[dict]]
ICON = Path(__file__).parent / "web" / "favicon.svg"

# -- answers ----------------------------------------------------------------------------


class ActorSuggestion(BaseModel):
    """An actor whose name (or code) matches what was typed."""
    code: str
    name: str
    matched: str  # the name in the actor tables that matched
    kind: str  # state | demonym | metonym | bloc | group | person | code
    person: Optional[str]
    role: Optional[str]
    events: int  # events in the corpus with this actor as source or target


class ActorSuggestions(BaseModel):
    query: str
    items: list[ActorSuggestion]


class DyadDay(BaseModel):
    """One day, one direction, one kind of event: how many and of what mean
    PLOVER intensity. direction 'ab': a is the source; 'ba': a is the target.
    kind: happened (asserted, threats apart), threatened (threats, planned or
    hypothetical), denied (negated)."""
    date: str
    direction: str
    kind: str
    events: int
    mean_intensity: Optional[float]


class DyadTimeline(BaseModel):
    a: str
    a_name: str
    b: Optional[str]
    b_name: Optional[str]
    undated: int  # events of the pair without a date (not on the time axis)
    days: list[DyadDay]


class MapPlace(BaseModel):
    """A place: its events under the filters, and how often the articles name it."""
    name: str
    country: Optional[str]
    feature: Optional[str]
    lat: float
    lon: float
    mentions: int
    events: int
    articles: int


class MapPlaces(BaseModel):
    filtered: bool
    items: list[MapPlace]


class PlaceEvent(BaseModel):
    """An event at a place, as the map's list of it shows it."""
    id: str
    article_id: str
    date: Optional[str]
    type: str
    status: str
    source: Optional[str]
    target: Optional[str]
    sentence: str


class PlaceEvents(BaseModel):
    name: str
    country: Optional[str]
    total: int
    items: list[PlaceEvent]


class GroupedClaim(BaseModel):
    article_id: str
    claim_index: int
    published: Optional[str]
    claimant: str
    claimant_name: Optional[str]
    value_low: float
    value_high: float
    qualifier: Optional[str]
    unit: str
    subject: str
    status: str
    sentence: str
    span: list[int]
    number_span: list[int]


class ClaimGroup(BaseModel):
    """Figures of one quantity: what is counted (unit, and whose), where and
    when (articles within ``window`` days of each other)."""
    id: str
    what: str
    whose: Optional[str]
    where: Optional[str]
    since: Optional[str]
    until: Optional[str]
    label: str
    claimants: int
    disputed: bool  # two claimants' figures differ beyond the tolerance
    claims: list[GroupedClaim]


class ClaimGroups(BaseModel):
    items: list[ClaimGroup]


class Changes(BaseModel):
    """A fingerprint of the database: it changes whenever a row is added,
    removed or replaced in any table the dashboard shows."""
    version: str
    counts: dict[str, int]


# -- actor search -------------------------------------------------------------------------

KIND_ORDER = {"code": 0, "state": 1, "bloc": 2, "group": 3, "person": 4, "demonym": 5, "metonym": 6}


def suggest(query: str, events_by_code: dict[str, int], limit: int = 10) -> list[dict]:
    """Actors whose names in the project's actor tables (countries, blocs,
    groups, people: the lexicon the coder uses) match ``query``: an exact
    name first, then names starting with it, then names with a word starting
    with it, then any containing it; among equals, the most events first."""
    lex = lexicon()
    text = query.strip()
    low = text.lower()
    if not low:
        return []
    best: dict[tuple[str, str, str], tuple[tuple, dict[str, Any]]] = {}

    def offer(rank: tuple, item: dict[str, Any]) -> None:
        key = (item["code"], item["kind"], item["person"] or "")
        if key not in best or rank < best[key][0]:
            best[key] = (rank, item)

    code = text.upper()
    if re.fullmatch(r"[A-Z0-9]{2,6}", code) and code in lex.names:
        offer((0, 0, -events_by_code.get(code, 0), ""), {"code": code, "name": lex.names[code], "matched": code, "kind": "code",
                                                        "person": None, "role": None})
    for name, entries in lex.entries.items():
        n = name.lower()
        if n == low:
            grade = 1
        elif n.startswith(low):
            grade = 2
        elif any(w.startswith(low) for w in re.split(r"[\s'-]+", n)):
            grade = 3
        elif len(low) >= 3 and low in n:
            grade = 4
        else:
            continue
        for e in entries:
            item: dict[str, Any] = {"code": e.code, "name": lex.names.get(e.code, e.name or e.code), "matched": name, "kind": e.kind,
                    "person": e.person, "role": e.role}
            offer((grade, KIND_ORDER.get(e.kind, 9), -events_by_code.get(e.code, 0), name), item)
    ranked = sorted(best.values(), key=lambda x: x[0])
    out, seen = [], set()
    for _, item in ranked:
        key = (item["code"], item["person"] or item["matched"] if item["kind"] in ("person", "group") else "")
        if key in seen:  # "Russia", "Russian Federation", "Russians": one suggestion
            continue
        seen.add(key)
        out.append({**item, "events": events_by_code.get(item["code"], 0)})
        if len(out) >= limit:
            break
    return out


# -- claims grouped by subject ------------------------------------------------------------

WINDOW_DAYS = 60  # figures more than two months apart belong to different moments of a crisis


def _states_named(text: str) -> list[str]:
    """Codes of the states a phrase names ("Russian troops near Ukraine's border" -> RUS, UKR)."""
    lex = lexicon()
    out: list[str] = []
    for word in re.findall(r"[A-Z][\w.-]+(?: [A-Z][\w.-]+)*", text):
        for cand in (word, word.split()[0]):
            entries = lex.entries.get(cand)
            if entries and entries[0].kind in ("state", "demonym", "metonym"):
                if entries[0].code not in out:
                    out.append(entries[0].code)
                break
    return out


def _within(low: float, high: float, other_low: float, other_high: float, tolerance: float) -> bool:
    return not (high * (1 + tolerance) < other_low or other_high * (1 + tolerance) < low)


def group_claims(rows: list[dict], article_places: dict[str, list[tuple[str, str]]], tolerance: float = 0.1) -> list[dict]:
    """Claims grouped so that only comparable figures stand side by side:
    the same quantity (unit folded over synonyms; a death toll apart from a
    head count), of the same party (the state the subject names: "Russian
    troops"; else the last state other than the claimant named before the
    number: "Ukraine says Russia has massed 94,300 troops"), at the same place (a state named in the subject, else the
    country of a place in the sentence, else the article's most named
    country), at the same time (articles within WINDOW_DAYS of each other)."""
    lex = lexicon()
    keyed: dict[tuple, list[dict]] = {}
    for r in rows:
        what = unit_class(r["unit"] or "")
        if what == (r["unit"] or "").lower():
            what = r["unit"] or ""  # not folded: keep it as written (USD, not usd)
        if what in ("troops", "people") and CASUALTY.search(r["sentence"] or ""):
            what = f"{what} killed or wounded"
        named = _states_named(r["subject"] or "")
        whose = named[0] if named and r["subject"].split()[0][:1].isupper() else None
        if whose is None:
            # "Ukraine says Russia has massed 94,300 troops": the last state
            # named before the number, other than the claimant, is the party
            sentence = r["sentence"] or ""
            at = (r["number_span"] or [0])[0] - (r["span"] or [0])[0]
            before = [c for c in _states_named(sentence[:at]) if c != r["claimant_code"]] if 0 < at <= len(sentence) else []
            whose = before[-1] if before else None
        where = next((c for c in named if c != whose), None)
        if where is None:
            places = article_places.get(r["article_id"], [])
            in_sentence = [c for form, c in places if form and form in (r["sentence"] or "")]
            where = next((c for c in in_sentence if c and c != whose), None) or next((c for _, c in places if c and c != whose), None)
        keyed.setdefault((what, where, whose), []).append(r)
    groups = []
    for (what, where, whose), items in keyed.items():
        items.sort(key=lambda r: (r["published"] or "", r["value_low"]))
        runs: list[list[dict]] = []
        last: Optional[date] = None
        for r in items:
            day = _day(r["published"])
            if runs and (last is None or day is None or day - last <= timedelta(days=WINDOW_DAYS)):
                runs[-1].append(r)
            else:
                runs.append([r])
            last = day or last
        groups += [_group(what, where, whose, run, lex, tolerance) for run in runs]
    groups.sort(key=lambda g: (not g["disputed"], -g["claimants"], -len(g["claims"]), g["label"]))
    return groups


def _day(s: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(str(s)[:10]) if s else None
    except ValueError:
        return None


def _group(what: str, where: Optional[str], whose: Optional[str], run: list[dict], lex: Any, tolerance: float) -> dict:
    dates = sorted(str(r["published"])[:10] for r in run if r["published"])
    claims = []
    for r in run:
        code = r["claimant_code"]
        phrase = re.sub(r"^[Tt]he\s+", "", r["claimant_phrase"] or "") or None
        claims.append({"article_id": r["article_id"], "claim_index": r["claim_index"],
                       "published": str(r["published"])[:10] if r["published"] else None,
                       "claimant": code or phrase or "unattributed", "claimant_name": phrase or (lex.names.get(code) if code else None),
                       "value_low": r["value_low"], "value_high": r["value_high"], "qualifier": r["qualifier"], "unit": r["unit"],
                       "subject": r["subject"], "status": r["status"], "sentence": r["sentence"],
                       "span": list(r["span"] or [0, 0]), "number_span": list(r["number_span"] or [0, 0])})
    # a dispute is between two who say something: an unattributed figure is no party to one
    disputed = any(a["claimant"] != b["claimant"] and "unattributed" not in (a["claimant"], b["claimant"]) and not _within(a["value_low"], a["value_high"], b["value_low"], b["value_high"], tolerance)
                   for a in claims for b in claims)
    name = lambda c: f"{lex.names.get(c, c)}" if c else None  # noqa: E731
    when = (dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}") if dates else "undated"
    label = " · ".join(x for x in (what + (f" ({name(whose)})" if whose else ""), f"in {name(where)}" if where else None, when) if x)
    gid = hashlib.sha1("|".join([what, where or "", whose or "", dates[0] if dates else ""]).encode()).hexdigest()[:12]
    return {"id": gid, "what": what, "whose": whose, "where": where, "since": dates[0] if dates else None,
            "until": dates[-1] if dates else None, "label": label, "claimants": len({c["claimant"] for c in claims}),
            "disputed": disputed, "claims": claims}


# -- routes -------------------------------------------------------------------------------


def add_routes(app: Any, *, q: Query, deps: list, event_filters: Callable, check_range: Callable,
               responses: dict, code_pattern: str, day_pattern: str) -> None:
    from fastapi import Query as Param
    from fastapi.responses import JSONResponse, Response

    def events_by_code() -> dict[str, int]:
        rows = q("""SELECT code, count(*) AS n FROM (SELECT source_code AS code FROM events UNION ALL
                    SELECT target_code FROM events WHERE target_code IS DISTINCT FROM source_code) WHERE code IS NOT NULL GROUP BY code""")
        return {r["code"]: r["n"] for r in rows}

    @app.get("/api/actors", dependencies=deps, response_model=ActorSuggestions, responses=responses)
    def actors(q_: str = Param(..., alias="q", min_length=1, max_length=80), limit: int = Param(10, ge=1, le=50)) -> JSONResponse:
        """Actors by name or code, from the project's actor tables ("Houthis" -> YEM, "Putin" -> RUS)."""
        return JSONResponse({"query": q_, "items": suggest(q_, events_by_code(), limit)})

    @app.get("/api/dyad", dependencies=deps, response_model=DyadTimeline, responses=responses)
    def dyad(a: str = Param(..., pattern=code_pattern), b: Optional[str] = Param(None, pattern=code_pattern),
             since: Optional[str] = Param(None, pattern=day_pattern), until: Optional[str] = Param(None, pattern=day_pattern)) -> JSONResponse:
        """Both directions of a pair day by day (b left out: a with anyone)."""
        check_range(since, until)
        a, b = a.upper(), b.upper() if b else None
        if b is not None:
            pair = "((source_code = ? AND target_code = ?) OR (source_code = ? AND target_code = ?))"
            params: list[Any] = [a, b, b, a]
        else:
            pair = "(source_code = ? OR target_code = ?) AND target_code IS DISTINCT FROM source_code"
            params = [a, a]
        rng = "".join([" AND date >= ?" if since else "", " AND date <= ?" if until else ""])
        params += [v for v in (since, until) if v]
        rows = q(f"""SELECT CAST(date AS VARCHAR) AS date, CASE WHEN source_code = ? THEN 'ab' ELSE 'ba' END AS direction,
                       CASE WHEN status = 'negated' THEN 'denied'
                            WHEN type = 'THREATEN' OR status IN ('planned', 'hypothetical') THEN 'threatened'
                            ELSE 'happened' END AS kind,
                       count(*) AS events, round(avg(intensity), 2) AS mean_intensity
                     FROM events WHERE {pair} AND date IS NOT NULL{rng} GROUP BY ALL ORDER BY date, direction, kind""", [a] + params)
        undated = q(f"SELECT count(*) AS n FROM events WHERE {pair} AND date IS NULL", params[:4 if b else 2])[0]["n"]
        names = lexicon().names
        return JSONResponse({"a": a, "a_name": names.get(a, a), "b": b, "b_name": names.get(b, b) if b else None,
                             "undated": undated, "days": rows})

    @app.get("/api/map", dependencies=deps, response_model=MapPlaces, responses=responses)
    def map_places(source: Optional[str] = Param(None, pattern=code_pattern), target: Optional[str] = Param(None, pattern=code_pattern),
                   type: Optional[str] = Param(None, max_length=20), status: Optional[str] = Param(None, max_length=20),
                   since: Optional[str] = Param(None, pattern=day_pattern), until: Optional[str] = Param(None, pattern=day_pattern),
                   q_: Optional[str] = Param(None, alias="q", max_length=200), limit: int = Param(2000, ge=1, le=5000)) -> JSONResponse:
        """Places under the event table's filters: with a filter, the places of
        the events it keeps; without, every place the articles name."""
        check_range(since, until)
        where, params = event_filters(source, target, type.upper() if type else None, status, since, until, q_)
        filtered = bool(params)
        ev = q(f"""SELECT place_name AS name, place_country AS country, count(*) AS events, list(DISTINCT article_id) AS arts,
                          any_value(place_lat) AS lat, any_value(place_lon) AS lon, any_value(place_feature) AS feature
                   FROM events{where}{' AND' if where else ' WHERE'} place_lat IS NOT NULL GROUP BY ALL""", params)
        by_place = {(r["name"], r["country"]): r for r in ev}
        mentioned = q("""SELECT name, country, any_value(feature) AS feature, any_value(lat) AS lat, any_value(lon) AS lon,
                                list(article_id) AS arts, list(mentions) AS ments FROM places WHERE lat IS NOT NULL GROUP BY name, country""")
        out = []
        for r in mentioned:
            e = by_place.pop((r["name"], r["country"]), None)
            if filtered and e is None:
                continue
            arts = dict(zip(r["arts"], r["ments"]))
            keep = set(e["arts"]) if filtered and e else set(arts)
            out.append({"name": r["name"], "country": r["country"], "feature": r["feature"], "lat": r["lat"], "lon": r["lon"],
                        "mentions": int(sum(m or 0 for a, m in arts.items() if a in keep)) or (e["events"] if e else 0),
                        "events": e["events"] if e else 0, "articles": len(keep)})
        for e in by_place.values():  # an event's place the places table does not hold
            out.append({"name": e["name"], "country": e["country"], "feature": e["feature"], "lat": e["lat"], "lon": e["lon"],
                        "mentions": e["events"], "events": e["events"], "articles": len(e["arts"])})
        out.sort(key=lambda p: (-p["events"], -p["mentions"], p["name"]))
        return JSONResponse({"filtered": filtered, "items": out[:limit]})

    @app.get("/api/map/events", dependencies=deps, response_model=PlaceEvents, responses=responses)
    def place_events(name: str = Param(..., min_length=1, max_length=200), country: Optional[str] = Param(None, pattern=code_pattern),
                     source: Optional[str] = Param(None, pattern=code_pattern), target: Optional[str] = Param(None, pattern=code_pattern),
                     type: Optional[str] = Param(None, max_length=20), status: Optional[str] = Param(None, max_length=20),
                     since: Optional[str] = Param(None, pattern=day_pattern), until: Optional[str] = Param(None, pattern=day_pattern),
                     q_: Optional[str] = Param(None, alias="q", max_length=200), limit: int = Param(20, ge=1, le=200)) -> JSONResponse:
        """The events at one place of the map, under the same filters, newest first."""
        check_range(since, until)
        where, params = event_filters(source, target, type.upper() if type else None, status, since, until, q_)
        where += (" AND" if where else " WHERE") + " place_name = ? AND place_country IS NOT DISTINCT FROM ?"
        params += [name, country.upper() if country else None]
        total = q(f"SELECT count(*) AS n FROM events{where}", params)[0]["n"]
        rows = q(f"""SELECT id, article_id, CAST(date AS VARCHAR) AS date, type, status, source_code AS source, target_code AS target, sentence
                     FROM events{where} ORDER BY date DESC NULLS LAST, id LIMIT ?""", params + [limit])
        return JSONResponse({"name": name, "country": country.upper() if country else None, "total": total, "items": rows})

    @app.get("/api/claims/groups", dependencies=deps, response_model=ClaimGroups, responses=responses)
    def claim_groups(disputed: bool = Param(False, description="only groups where claimants disagree"),
                     q_: Optional[str] = Param(None, alias="q", max_length=200)) -> JSONResponse:
        """Claims grouped by what is counted, where and when: comparable figures side by side."""
        rows = q("""SELECT c.article_id, c.claim_index, CAST(a.published AS VARCHAR) AS published, c.claimant_code, c.claimant_phrase,
                           c.value_low, c.value_high, c.qualifier, c.unit, c.subject, c.status, c.sentence, c.span, c.number_span
                    FROM claims c JOIN articles a ON a.id = c.article_id""")
        places: dict[str, list[tuple[str, str]]] = {}
        for p in q("SELECT article_id, name, country, mentions FROM places WHERE country IS NOT NULL ORDER BY article_id, mentions DESC, name"):
            places.setdefault(p["article_id"], []).append((p["name"], p["country"]))
        groups = group_claims(rows, places)
        if disputed:
            groups = [g for g in groups if g["disputed"]]
        if q_:
            needle = q_.lower()
            groups = [g for g in groups if needle in g["label"].lower() or any(
                needle in (c["subject"] + " " + c["claimant"] + " " + (c["claimant_name"] or "") + " " + c["sentence"]).lower()
                for c in g["claims"])]
        return JSONResponse({"items": groups})

    @app.get("/api/changes", dependencies=deps, response_model=Changes, responses=responses)
    def changes() -> JSONResponse:
        """Row counts and an order-free hash of the row keys of every table the
        dashboard shows: polled by the dashboard, cheap (one scan of the keys)."""
        existing = {r["t"] for r in q("SELECT table_name AS t FROM duckdb_tables()")}
        counts: dict[str, int] = {}
        digest = hashlib.sha1()
        for name, table in TABLES.items():
            if name not in existing:
                continue
            cols = {r["c"] for r in q("SELECT column_name AS c FROM duckdb_columns() WHERE table_name = ?", [name])}
            # the key says which rows there are; an article's content hash also
            # changes when it is coded again in place
            keyed = [c for c in table.primary_key + ["content_hash"] if c in cols]
            hashed = f"bit_xor(hash({', '.join(keyed)}))" if keyed else "0"
            row = q(f"SELECT count(*) AS n, {hashed} AS h FROM {name}")[0]
            counts[name] = row["n"]
            digest.update(f"{name}:{row['n']}:{row['h']};".encode())
        return JSONResponse({"version": digest.hexdigest()[:16], "counts": counts})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(ICON.read_bytes(), media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})
