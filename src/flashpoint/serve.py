"""HTTP API and offline dashboard over a corpus database.

``create_app(db)`` builds the FastAPI app (tests run it in-process). The
database is opened read-only, or read through the connection of the process
that owns it (``live.py``, for ``flashpoint serve``); every query parameter is validated and reaches
SQL only as a bound value. The dashboard is static files bundled in the
package (``web/``): it loads nothing from outside the machine.
"""


import dataclasses
import functools
import hmac
import json
import threading
import types
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union, get_args, get_origin, get_type_hints

from . import model
from .errors import FlashpointError, StoreError
from .model import STATUSES
from .resources import plover_types
from .store import TABLES, Store

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse

WEB = Path(__file__).parent / "web"
CODE = r"^[A-Za-z0-9]{2,6}$"
DAY = r"^\d{4}-\d{2}-\d{2}$"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_OFFSET = 10_000_000
# Every answer, the dashboard's included: scripts, styles, images and
# requests only from this server (the dashboard loads nothing from outside),
# never framed, never sniffed as another type. Inline style attributes are
# allowed (the chart and map libraries position their elements with them);
# inline scripts and eval are not.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                               "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# the fields of Place that /api/places gives (one row per place over all
# articles, see places()); the others are per article: /api/articles/{id}
PLACE_SUMMARY = ("name", "country", "feature", "lat", "lon", "mentions")


# -- response models --------------------------------------------------------------------
# Built once from the dataclasses of ``flashpoint.model`` (their fields, types
# and nesting, never a copied field list), so a field added there appears in
# /openapi.json by itself. Every field of a stored record is in every answer
# (null where empty), so all are required. The models only describe the
# answers: the handlers return their JSON as it always was (see ``_json``).
def _api_type(tp: Any) -> Any:
    """A dataclass field's type as a response carries it: nested records as
    their response models, tuples as JSON arrays of the same items."""
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _record(tp)
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        return Union[tuple(_api_type(a) for a in args)]
    if origin is tuple:
        return types.GenericAlias(tuple, tuple(a if a is Ellipsis else _api_type(a) for a in args))
    return tp


def _list_of(item: Any) -> Any:
    """``list[item]`` for a model made at run time."""
    return types.GenericAlias(list, (item,))


def _fields(cls: type, only: tuple[str, ...] | None = None, *, absent: tuple[str, ...] = (),
            absent_note: str = "") -> dict[str, Any]:
    """create_model field definitions for a dataclass's fields (or ``only``
    those); the ``absent`` ones are documented but not always there."""
    from pydantic import Field

    hints = get_type_hints(cls)
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if only is not None and f.name not in only:
            continue
        tp = _api_type(hints[f.name])
        out[f.name] = (tp, Field(None, description=absent_note)) if f.name in absent else (tp, ...)
    return out


def _model(name: str, doc: str, fields: dict[str, Any]) -> Any:
    from pydantic import create_model

    return create_model(name, __doc__=doc, **fields)


@functools.cache
def _record(cls: type) -> Any:
    """The response model of a record nested in another (an event's source, place...)."""
    doc = cls.__doc__ or ""
    if doc.startswith(cls.__name__ + "("):  # the signature dataclass writes when there is no docstring
        doc = ""
    return _model(cls.__name__, doc, _fields(cls))


@functools.cache
def response_models() -> dict[str, Any]:
    """Every response model of the API, by name (pydantic models)."""
    m = model
    ev, cl = get_type_hints(m.Event), get_type_hints(m.Claim)
    out: dict[str, Any] = {}

    def add(name: str, doc: str, fields: dict[str, Any]) -> Any:
        out[name] = _model(name, doc, fields)
        return out[name]

    add("Problem", "Why a request was refused.", {"detail": (str, ...)})
    event = add("Event", "A coded event (CONTRACT.md: EVENT) and the article it was coded from.",
                {**_fields(m.Event), "article_id": (str, ...)})
    claim_fields = {**_fields(m.Claim), "article_id": (str, ...), "claim_index": (int, ...),
                    "value_low": (float, ...), "value_high": (float, ...)}
    claim = add("Claim", "A number someone asserts (CONTRACT.md: CLAIM); value_low/value_high: the value, or the ends of its range.",
                claim_fields)
    listed = add("ListedClaim", "A claim and the publication date of its article.", {**claim_fields, "published": (str, ...)})
    place = add("ArticlePlace", "A place an article names (CONTRACT.md: PLACE).", {**_fields(m.Place), "article_id": (str, ...)})
    actor = add("ActorCount", "An actor and how often an article mentions it.", {**_fields(m.ActorCount), "article_id": (str, ...)})
    info = add("ArticleInfo", "An article as stored: the cleaned text all offsets refer to, and where it came from.",
               {**_fields(m.ArticleInfo), "source": (str, ...), "outlet": (Optional[str], ...), "duplicate_of": (Optional[str], ...)})
    summary = add("PlaceSummary", "A place over all articles: mentions summed, articles counted.",
                  {**_fields(m.Place, absent=tuple(f.name for f in dataclasses.fields(m.Place) if f.name not in PLACE_SUMMARY),
                             absent_note="not in this summary: per article in /api/articles/{article_id}"),
                   "articles": (int, ...)})
    page = {"total": (int, ...), "limit": (int, ...), "offset": (int, ...)}
    add("EventPage", "One page of events, newest first.", {**page, "items": (_list_of(event), ...)})
    add("ClaimPage", "One page of claims.", {**page, "items": (_list_of(listed), ...)})
    add("PlaceList", "Places with coordinates, most mentioned first.", {"items": (_list_of(summary), ...)})
    add("ArticleDetail", "An article and everything coded from it.",
        {"article": (info, ...), "events": (_list_of(event), ...), "claims": (_list_of(claim), ...),
         "places": (_list_of(place), ...), "actors": (_list_of(actor), ...)})
    compared = add("ComparedClaim", "One claimant's figure for the quantity.",
                   {"claimant": (str, ...), "value_low": (float, ...), "value_high": (float, ...),
                    **_fields(m.Claim, ("qualifier", "subject", "status")), "article_id": (str, ...),
                    **_fields(m.Claim, ("sentence",))})
    by = add("ClaimantClaims", "The claims of one claimant (an actor code, else the claimant's words, else 'unattributed').",
             {"claimant": (str, ...), "claims": (_list_of(compared), ...)})
    add("ClaimComparison", "The same quantity from different claimants.", {"unit": (cl["unit"], ...), "claimants": (_list_of(by), ...)})
    pair = add("Pair", "A source and target pair: how many events, of what mean intensity.",
               {"source": (str, ...), "target": (str, ...), "events": (int, ...), "mean_intensity": (ev["intensity"], ...)})
    add("PairList", "The pairs with the most events.", {"items": (_list_of(pair), ...)})
    day = add("TimelineDay", "One day of a pair's events: done (asserted, threats apart), threatened (threats, planned or "
              "hypothetical), denied (negated); counts and mean intensities.",
              {"date": (ev["date"], ...), "done": (int, ...), "done_intensity": (Optional[float], ...), "threatened": (int, ...),
               "threatened_intensity": (Optional[float], ...), "denied": (int, ...), "total": (int, ...)})
    add("Timeline", "A pair's events day by day.", {"source": (str, ...), "target": (str, ...), "days": (_list_of(day), ...)})
    hit = add("SentenceHit", "A sentence an event or claim was coded from.",
              {"article_id": (str, ...), **_fields(m.Event, ("sentence", "sentence_index", "span"))})
    add("SearchResult", "Sentences that contain the words.", {"items": (_list_of(hit), ...)})
    add("Stats", "The corpus in figures.",
        {**{k: (int, ...) for k in ("articles", "near_duplicates", "undated", "rejected", "events", "claims", "places")},
         "events_by_type_status": (list[tuple[str, str, int]], ...),
         "top_pairs": (list[tuple[str, str, int, float]], ...),
         "top_clusters": (list[tuple[str, str, str, Optional[str], int, int, int, str]], ...)})
    add("Meta", "What the filters accept, and whether a token is needed.",
        {"types": (list[str], ...), "statuses": (list[str], ...), "auth": (bool, ...)})
    return out


def _unflatten(row: dict, table_name: str) -> dict:
    """A flat table row back into the contract's nested record."""
    table = TABLES[table_name]
    out: dict[str, Any] = {}
    for col, dtype, path in table.fields:
        value = row.get(col)
        if dtype == "JSON" and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                pass
        cur = out
        for name in path[:-1]:
            cur = cur.setdefault(name, {})
        cur[path[-1]] = value
    # a nested record whose columns are all empty is no record at all
    for name in ("source", "target", "place", "claimant"):
        sub = out.get(name)
        if isinstance(sub, dict) and all(v is None or v == [] for v in sub.values()):
            out[name] = None
    for name, _ in table.extra:
        if name in row and name not in ("minhash",):
            out[name] = row[name]
    if table_name == "claims" and "value" in out:
        out["value"] = claim_value(out["value"], row.get("value_low"), row.get("value_high"))
    return out


def claim_value(value: Any, low: Any, high: Any) -> Any:
    """A stored claim's value as the contract gives it: a number, or [low,
    high] for a range (stored as a NULL value and its two ends); a whole
    number as an integer, as it was read."""
    def num(x: Any) -> Any:
        return int(x) if isinstance(x, float) and x.is_integer() else x

    if value is None and low is not None:
        return [num(low), num(high)]
    return num(value)


def _json(content: Any) -> "JSONResponse":
    """The answer exactly as FastAPI renders a handler's plain return value.
    The handlers return this rather than letting FastAPI pass their value
    through the response model, which would coerce (a claim's value 94300
    would become 94300.0) and re-encode the JSON: the models describe the
    answers (/openapi.json, tests/test_api_schema.py), they do not alter them."""
    from fastapi.encoders import jsonable_encoder
    from fastapi.responses import JSONResponse

    return JSONResponse(jsonable_encoder(content))


def host_of(header: str) -> str:
    """The host name of a Host header, without its port ("[::1]:8000" -> "::1")."""
    h = header.strip().lower()
    if h.startswith("["):
        return h[1:h.find("]")] if "]" in h else h
    return h.rsplit(":", 1)[0] if h.count(":") == 1 else h


def allowed_hosts_for(host: str, extra: tuple[str, ...] = ()) -> set[str] | None:
    """The Host headers a server bound to ``host`` answers: its own address
    (and, on loopback, the loopback names), so that a page on another site
    cannot reach the corpus through DNS rebinding. None (any) for a wildcard
    bind (0.0.0.0, ::), which must then have a token."""
    if host in ("0.0.0.0", "::", "") and not extra:
        return None
    names = {host_of(host)} | {host_of(h) for h in extra}
    if host in LOOPBACK:
        names |= set(LOOPBACK)
    return names


def create_app(db: str | Path, *, token: str | None = None, store: Store | None = None,
               allowed_hosts: set[str] | None = None) -> "FastAPI":
    """The app. ``token``: required on every data endpoint (never empty);
    ``store``: an open Store to read through (the live corpus, which holds
    the file for writing), else ``db`` is opened read-only; ``allowed_hosts``:
    the Host headers answered (None: any). A database that cannot be read
    (damaged, not a flashpoint corpus) does not stop the app: its data
    endpoints answer 503 with the reason."""
    import duckdb
    from fastapi import Depends, FastAPI, HTTPException, Query, Request
    from fastapi.responses import FileResponse, JSONResponse
    from fastapi.staticfiles import StaticFiles

    if token is not None and not token.strip():
        raise FlashpointError("the API token is empty: give a real --token (or FLASHPOINT_TOKEN), or none on loopback",
                              code="bad_token")
    secret = token.encode("utf-8") if token is not None else b""
    models = response_models()
    problem = models["Problem"]
    unauthorized: dict[int | str, dict[str, Any]] = {} if token is None else {401: {"model": problem, "description": "No valid token"}}
    unavailable: dict[int | str, dict[str, Any]] = {503: {"model": problem, "description": "The corpus database cannot be read"}}
    refused: dict[int | str, dict[str, Any]] = {400: {"model": problem, "description": "A value the API cannot use"},
                                                **unauthorized, **unavailable}
    store_problem: str | None = None
    if store is None:
        try:
            store = Store(db, read_only=True)
        except StoreError as exc:
            store, store_problem = None, str(exc)
    lock = threading.Lock()
    type_names = sorted(plover_types())

    # /docs and /redoc would load Swagger UI and ReDoc from a CDN: off; the
    # OpenAPI description itself is at /openapi.json
    app = FastAPI(title="flashpoint", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Coded crisis events, claims and places, each traceable to its sentence.")

    @app.middleware("http")
    async def _guard(request: Request, call_next):
        if allowed_hosts is not None and host_of(request.headers.get("host", "")) not in allowed_hosts:
            response: Any = JSONResponse(status_code=400, content={"detail": "this server does not answer for that Host header"})
        else:
            response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    def unreadable(exc: Exception) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": f"the corpus database {db} cannot be read: {exc}"})

    @app.exception_handler(duckdb.Error)
    async def _db_failed(request, exc):  # a damaged file, a table of another program: 503, never a 500
        return unreadable(exc)

    @app.exception_handler(StoreError)
    async def _store_failed(request, exc):
        return unreadable(exc)

    def need_store() -> Store:
        if store is None:
            raise HTTPException(503, f"the corpus cannot be served: {store_problem}")
        return store

    def q(sql: str, params: list | None = None) -> list[dict]:
        with lock:  # one cursor per query; DuckDB cursors are cheap
            cur = need_store().con.cursor()
        try:
            rel = cur.execute(sql, params or [])
            cols = [d[0] for d in rel.description]
            return [dict(zip(cols, r)) for r in rel.fetchall()]
        finally:
            cur.close()

    def auth(request: Request) -> None:
        if token is None:
            return
        header = request.headers.get("authorization", "").strip()
        scheme, _, value = header.partition(" ")
        given = value.strip() if scheme.lower() == "bearer" else ""
        given = given or request.query_params.get("token", "")
        # compared as bytes: compare_digest refuses str with non-ASCII characters
        if not hmac.compare_digest(given.encode("utf-8", "surrogateescape"), secret):
            raise HTTPException(401, "a valid token is required (Authorization: Bearer TOKEN)")

    @app.exception_handler(ValueError)
    async def _bad_value(request, exc):  # never a 500 for a user's bad value
        return JSONResponse(status_code=400, content={"detail": str(exc)})

    def check_range(since: Optional[str], until: Optional[str]) -> None:
        for v in (since, until):
            if v is not None:
                try:
                    date.fromisoformat(v)
                except ValueError:
                    raise HTTPException(400, f"'{v}' is not a real date (YYYY-MM-DD)") from None
        if since and until and since > until:
            raise HTTPException(400, "since is after until")

    def event_filters(source, target, type_, status, since, until, qtext, article=None):
        where, params = [], []
        for col, val in (("source_code", source), ("target_code", target), ("type", type_), ("status", status),
                         ("article_id", article)):
            if val:
                where.append(f"{col} = ?")
                params.append(val.upper() if col.endswith("_code") else val)
        if since:
            where.append("date >= ?")
            params.append(since)
        if until:
            where.append("date <= ?")
            params.append(until)
        if qtext:
            where.append("sentence ILIKE ?")
            params.append(f"%{qtext}%")
        return (" WHERE " + " AND ".join(where)) if where else "", params

    deps = [Depends(auth), Depends(need_store)]

    @app.get("/api/events", dependencies=deps, response_model=models["EventPage"], responses=refused)
    def events(source: Optional[str] = Query(None, pattern=CODE), target: Optional[str] = Query(None, pattern=CODE),
               type: Optional[str] = Query(None, description="PLOVER type"),
               status: Optional[str] = Query(None, description="asserted | planned | hypothetical | negated"),
               since: Optional[str] = Query(None, pattern=DAY), until: Optional[str] = Query(None, pattern=DAY),
               q_: Optional[str] = Query(None, alias="q", max_length=200), article: Optional[str] = Query(None, max_length=64),
               limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> JSONResponse:
        if type is not None and type.upper() not in type_names:
            raise HTTPException(400, f"type must be one of {', '.join(type_names)}")
        if status is not None and status not in STATUSES:
            raise HTTPException(400, f"status must be one of {', '.join(STATUSES)}")
        check_range(since, until)
        where, params = event_filters(source, target, type.upper() if type else None, status, since, until, q_, article)
        total = q(f"SELECT count(*) AS n FROM events{where}", params)[0]["n"]
        rows = q(f"SELECT * FROM events{where} ORDER BY date DESC, id LIMIT ? OFFSET ?", params + [limit, offset])
        return _json({"total": total, "limit": limit, "offset": offset, "items": [_unflatten(r, "events") for r in rows]})

    @app.get("/api/claims", dependencies=deps, response_model=models["ClaimPage"], responses=refused)
    def claims(claimant: Optional[str] = Query(None, pattern=CODE), unit: Optional[str] = Query(None, max_length=40),
               q_: Optional[str] = Query(None, alias="q", max_length=200), limit: int = Query(50, ge=1, le=1000),
               offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> JSONResponse:
        where: list[str] = []
        params: list[Any] = []
        if claimant:
            where.append("claimant_code = ?")
            params.append(claimant.upper())
        if unit:
            where.append("unit = ?")
            params.append(unit)
        if q_:
            where.append("(sentence ILIKE ? OR subject ILIKE ?)")
            params += [f"%{q_}%", f"%{q_}%"]
        w = (" WHERE " + " AND ".join(where)) if where else ""
        total = q(f"SELECT count(*) AS n FROM claims{w}", params)[0]["n"]
        rows = q(f"""SELECT c.*, a.published FROM claims c JOIN articles a ON a.id = c.article_id{w.replace('claimant_code', 'c.claimant_code')}
                     ORDER BY unit, value_low DESC LIMIT ? OFFSET ?""", params + [limit, offset])
        items = []
        for r in rows:
            d = _unflatten(r, "claims")
            d["published"] = r["published"]
            items.append(d)
        return _json({"total": total, "limit": limit, "offset": offset, "items": items})

    @app.get("/api/claims/compare", dependencies=deps, response_model=models["ClaimComparison"], responses=refused)
    def claims_compare(unit: str = Query(..., max_length=40), min_claimants: int = Query(1, ge=1, le=50)) -> JSONResponse:
        """The same quantity from different claimants, side by side."""
        rows = q("""SELECT coalesce(claimant_code, regexp_replace(claimant_phrase, '^[Tt]he\\s+', ''), 'unattributed') AS claimant, value_low, value_high, qualifier,
                           subject, status, article_id, sentence FROM claims WHERE unit = ? ORDER BY value_low""", [unit])
        by: dict[str, list] = {}
        for r in rows:
            by.setdefault(r["claimant"], []).append(r)
        if len(by) < min_claimants:
            by = {}
        return _json({"unit": unit, "claimants": [{"claimant": k, "claims": v} for k, v in sorted(by.items())]})

    @app.get("/api/places", dependencies=deps, response_model=models["PlaceList"], responses=refused)
    def places(country: Optional[str] = Query(None, pattern=CODE), limit: int = Query(500, ge=1, le=5000)) -> JSONResponse:
        where = ["lat IS NOT NULL"]
        params: list[Any] = []
        if country:
            where.append("country = ?")
            params.append(country.upper())
        rows = q(f"""SELECT name, country, feature, any_value(lat) AS lat, any_value(lon) AS lon, sum(mentions) AS mentions,
                            count(DISTINCT article_id) AS articles FROM places WHERE {' AND '.join(where)}
                     GROUP BY name, country, feature ORDER BY mentions DESC, name LIMIT ?""", params + [limit])
        return _json({"items": rows})

    @app.get("/api/articles/{article_id}", dependencies=deps, response_model=models["ArticleDetail"],
             responses={**refused, 404: {"model": problem, "description": "No such article"}})
    def article(article_id: str) -> JSONResponse:
        if len(article_id) > 128:
            raise HTTPException(400, "article id too long")
        rows = q("SELECT * FROM articles WHERE id = ?", [article_id])
        if not rows:
            raise HTTPException(404, f"no article '{article_id}'")
        art = _unflatten(rows[0], "articles")
        evs = [_unflatten(r, "events") for r in q("SELECT * FROM events WHERE article_id = ? ORDER BY sentence_index, id", [article_id])]
        cls = [_unflatten(r, "claims") for r in q("SELECT * FROM claims WHERE article_id = ? ORDER BY claim_index", [article_id])]
        pls = [_unflatten(r, "places") for r in q("SELECT * FROM places WHERE article_id = ? ORDER BY mentions DESC", [article_id])]
        acts = [_unflatten(r, "actors") for r in q("SELECT * FROM actors WHERE article_id = ? ORDER BY mentions DESC", [article_id])]
        info = {f.name: art.get(f.name) for f in dataclasses.fields(model.ArticleInfo)}
        info.update({k: art.get(k) for k in ("source", "outlet", "duplicate_of")})
        return _json({"article": info, "events": evs, "claims": cls, "places": pls, "actors": acts})

    @app.get("/api/pairs", dependencies=deps, response_model=models["PairList"], responses=refused)
    def pairs(limit: int = Query(20, ge=1, le=500), since: Optional[str] = Query(None, pattern=DAY),
              until: Optional[str] = Query(None, pattern=DAY)) -> JSONResponse:
        check_range(since, until)
        where, params = event_filters(None, None, None, None, since, until, None)
        rows = q(f"""SELECT source_code AS source, target_code AS target, count(*) AS events, round(avg(intensity), 2) AS mean_intensity
                     FROM events{where}{' AND' if where else ' WHERE'} target_code IS NOT NULL AND target_code <> source_code
                     GROUP BY ALL ORDER BY events DESC, source, target LIMIT ?""", params + [limit])
        return _json({"items": rows})

    @app.get("/api/pairs/{source}/{target}/timeline", dependencies=deps, response_model=models["Timeline"], responses=refused)
    def timeline(source: str, target: str, since: Optional[str] = Query(None, pattern=DAY),
                 until: Optional[str] = Query(None, pattern=DAY)) -> JSONResponse:
        """Per day: events that happened (asserted), apart from threats and
        what is only planned or hypothetical; counts and mean intensity."""
        import re

        for v in (source, target):
            if not re.match(CODE, v):
                raise HTTPException(400, f"'{v}' is not an actor code")
        check_range(since, until)
        where, params = event_filters(source, target, None, None, since, until, None)
        rows = q(f"""SELECT date,
                       count(*) FILTER (WHERE status = 'asserted' AND type <> 'THREATEN') AS done,
                       round(avg(intensity) FILTER (WHERE status = 'asserted' AND type <> 'THREATEN'), 2) AS done_intensity,
                       count(*) FILTER (WHERE type = 'THREATEN' OR status IN ('planned', 'hypothetical')) AS threatened,
                       round(avg(intensity) FILTER (WHERE type = 'THREATEN' OR status IN ('planned', 'hypothetical')), 2) AS threatened_intensity,
                       count(*) FILTER (WHERE status = 'negated') AS denied,
                       count(*) AS total
                     FROM events{where} GROUP BY date HAVING date IS NOT NULL ORDER BY date""", params)  # undated: no day to show
        return _json({"source": source.upper(), "target": target.upper(), "days": rows})

    @app.get("/api/search", dependencies=deps, response_model=models["SearchResult"], responses=refused)
    def search(q_: str = Query(..., alias="q", min_length=2, max_length=200),
               limit: int = Query(50, ge=1, le=500)) -> JSONResponse:
        rows = q("""SELECT DISTINCT article_id, sentence_index, sentence, span FROM events WHERE sentence ILIKE ?
                    UNION SELECT DISTINCT article_id, sentence_index, sentence, span FROM claims WHERE sentence ILIKE ?
                    ORDER BY article_id, sentence_index LIMIT ?""", [f"%{q_}%", f"%{q_}%", limit])
        return _json({"items": rows})

    @app.get("/api/stats", dependencies=deps, response_model=models["Stats"], responses={**unauthorized, **unavailable})
    def stats(top: int = Query(10, ge=1, le=100)) -> JSONResponse:
        with lock:
            return _json(need_store().stats(top))

    @app.get("/api/meta", response_model=models["Meta"])
    def meta() -> JSONResponse:
        return _json({"types": type_names, "statuses": list(STATUSES), "auth": token is not None})

    # what the dashboard reads beyond the records: actor search, a pair's two
    # directions, the map under the table's filters, claim groups, live refresh
    from .dashboard import add_routes

    add_routes(app, q=q, deps=deps, event_filters=event_filters, check_range=check_range, responses=refused,
               code_pattern=CODE, day_pattern=DAY)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html")

    app.mount("/static", StaticFiles(directory=WEB), name="static")
    app.state.store = store
    app.state.store_problem = store_problem
    return app


def wait_until_up(base: str, timeout: float = 30.0) -> bool:
    """Poll a just-started server's /api/meta until it answers."""
    import time

    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/meta", timeout=1).status_code == 200:
                return True
        except httpx.HTTPError:
            time.sleep(0.2)
    return False


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None, *,
          insecure: bool = False, allow_hosts: tuple[str, ...] = ()) -> None:
    """Run the server. Refused (FlashpointError): an empty token, and an
    address other than loopback without a token unless ``insecure``."""
    import uvicorn

    check_exposure(host, token, insecure)
    uvicorn.run(create_app(db, token=token, allowed_hosts=allowed_hosts_for(host, allow_hosts)), host=host, port=port,
                log_level="warning")


def check_exposure(host: str, token: str | None, insecure: bool) -> None:
    if token is not None and not token.strip():
        raise FlashpointError("the API token is empty: give a real --token (or FLASHPOINT_TOKEN), or none on loopback",
                              code="bad_token")
    if host not in LOOPBACK and token is None and not insecure:
        raise FlashpointError(f"refusing to serve the corpus on {host} without a token: anyone who can reach it could read it; "
                              "give --token (or FLASHPOINT_TOKEN), or --insecure if that is really meant", code="exposed")
