"""HTTP API and offline dashboard over a corpus database.

``create_app(db)`` builds the FastAPI app (tests run it in-process). The
database is opened read-only; every query parameter is validated and reaches
SQL only as a bound value. The dashboard is static files bundled in the
package (``web/``): it loads nothing from outside the machine.
"""


import hmac
import json
import threading
from datetime import date
from pathlib import Path
from typing import Any, Optional

from .model import STATUSES
from .resources import plover_types
from .store import TABLES, Store

WEB = Path(__file__).parent / "web"
CODE = r"^[A-Za-z0-9]{2,6}$"
DAY = r"^\d{4}-\d{2}-\d{2}$"


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
    return out


def create_app(db: str | Path, *, token: str | None = None):
    from fastapi import Depends, FastAPI, HTTPException, Query, Request
    from fastapi.responses import FileResponse, JSONResponse
    from fastapi.staticfiles import StaticFiles

    store = Store(db, read_only=True)
    lock = threading.Lock()
    types = sorted(plover_types())

    app = FastAPI(title="flashpoint", version="0.1.0",
                  description="Coded crisis events, claims and places, each traceable to its sentence.")

    def q(sql: str, params: list | None = None) -> list[dict]:
        with lock:  # one cursor per query; DuckDB cursors are cheap
            cur = store.con.cursor()
        try:
            rel = cur.execute(sql, params or [])
            cols = [d[0] for d in rel.description]
            return [dict(zip(cols, r)) for r in rel.fetchall()]
        finally:
            cur.close()

    def auth(request: Request) -> None:
        if token is None:
            return
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip() or request.query_params.get("token", "")
        if not hmac.compare_digest(given, token):
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

    deps = [Depends(auth)]

    @app.get("/api/events", dependencies=deps)
    def events(source: Optional[str] = Query(None, pattern=CODE), target: Optional[str] = Query(None, pattern=CODE),
               type: Optional[str] = Query(None, description="PLOVER type"),
               status: Optional[str] = Query(None, description="asserted | planned | hypothetical | negated"),
               since: Optional[str] = Query(None, pattern=DAY), until: Optional[str] = Query(None, pattern=DAY),
               q_: Optional[str] = Query(None, alias="q", max_length=200), article: Optional[str] = Query(None, max_length=64),
               limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=10_000_000)):
        if type is not None and type.upper() not in types:
            raise HTTPException(400, f"type must be one of {', '.join(types)}")
        if status is not None and status not in STATUSES:
            raise HTTPException(400, f"status must be one of {', '.join(STATUSES)}")
        check_range(since, until)
        where, params = event_filters(source, target, type.upper() if type else None, status, since, until, q_, article)
        total = q(f"SELECT count(*) AS n FROM events{where}", params)[0]["n"]
        rows = q(f"SELECT * FROM events{where} ORDER BY date DESC, id LIMIT ? OFFSET ?", params + [limit, offset])
        return {"total": total, "limit": limit, "offset": offset, "items": [_unflatten(r, "events") for r in rows]}

    @app.get("/api/claims", dependencies=deps)
    def claims(claimant: Optional[str] = Query(None, pattern=CODE), unit: Optional[str] = Query(None, max_length=40),
               q_: Optional[str] = Query(None, alias="q", max_length=200), limit: int = Query(50, ge=1, le=1000),
               offset: int = Query(0, ge=0)):
        where, params = [], []
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
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/claims/compare", dependencies=deps)
    def claims_compare(unit: str = Query(..., max_length=40), min_claimants: int = Query(1, ge=1, le=50)):
        """The same quantity from different claimants, side by side."""
        rows = q("""SELECT coalesce(claimant_code, regexp_replace(claimant_phrase, '^[Tt]he\\s+', ''), 'unattributed') AS claimant, value_low, value_high, qualifier,
                           subject, status, article_id, sentence FROM claims WHERE unit = ? ORDER BY value_low""", [unit])
        by: dict[str, list] = {}
        for r in rows:
            by.setdefault(r["claimant"], []).append(r)
        if len(by) < min_claimants:
            by = {}
        return {"unit": unit, "claimants": [{"claimant": k, "claims": v} for k, v in sorted(by.items())]}

    @app.get("/api/places", dependencies=deps)
    def places(country: Optional[str] = Query(None, pattern=CODE), limit: int = Query(500, ge=1, le=5000)):
        where, params = ["lat IS NOT NULL"], []
        if country:
            where.append("country = ?")
            params.append(country.upper())
        rows = q(f"""SELECT name, country, feature, any_value(lat) AS lat, any_value(lon) AS lon, sum(mentions) AS mentions,
                            count(DISTINCT article_id) AS articles FROM places WHERE {' AND '.join(where)}
                     GROUP BY name, country, feature ORDER BY mentions DESC, name LIMIT ?""", params + [limit])
        return {"items": rows}

    @app.get("/api/articles/{article_id}", dependencies=deps)
    def article(article_id: str):
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
        info = {k: art.get(k) for k in ("id", "title", "published", "url", "text", "removed")}
        info.update({k: art.get(k) for k in ("source", "outlet", "duplicate_of")})
        return {"article": info, "events": evs, "claims": cls, "places": pls, "actors": acts}

    @app.get("/api/pairs", dependencies=deps)
    def pairs(limit: int = Query(20, ge=1, le=500), since: Optional[str] = Query(None, pattern=DAY),
              until: Optional[str] = Query(None, pattern=DAY)):
        check_range(since, until)
        where, params = event_filters(None, None, None, None, since, until, None)
        rows = q(f"""SELECT source_code AS source, target_code AS target, count(*) AS events, round(avg(intensity), 2) AS mean_intensity
                     FROM events{where}{' AND' if where else ' WHERE'} target_code IS NOT NULL AND target_code <> source_code
                     GROUP BY ALL ORDER BY events DESC, source, target LIMIT ?""", params + [limit])
        return {"items": rows}

    @app.get("/api/pairs/{source}/{target}/timeline", dependencies=deps)
    def timeline(source: str, target: str, since: Optional[str] = Query(None, pattern=DAY),
                 until: Optional[str] = Query(None, pattern=DAY)):
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
                     FROM events{where} GROUP BY date ORDER BY date""", params)
        return {"source": source.upper(), "target": target.upper(), "days": rows}

    @app.get("/api/search", dependencies=deps)
    def search(q_: str = Query(..., alias="q", min_length=2, max_length=200), limit: int = Query(50, ge=1, le=500)):
        rows = q("""SELECT DISTINCT article_id, sentence_index, sentence, span FROM events WHERE sentence ILIKE ?
                    UNION SELECT DISTINCT article_id, sentence_index, sentence, span FROM claims WHERE sentence ILIKE ?
                    ORDER BY article_id, sentence_index LIMIT ?""", [f"%{q_}%", f"%{q_}%", limit])
        return {"items": rows}

    @app.get("/api/stats", dependencies=deps)
    def stats():
        with lock:
            return store.stats(10)

    @app.get("/api/meta")
    def meta():
        return {"types": types, "statuses": list(STATUSES), "auth": token is not None}

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(WEB / "index.html")

    app.mount("/static", StaticFiles(directory=WEB), name="static")
    app.state.store = store
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


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    import uvicorn

    uvicorn.run(create_app(db, token=token), host=host, port=port, log_level="warning")
