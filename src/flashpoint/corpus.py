"""A corpus for notebooks: typed tables out of the DuckDB file.

>>> from flashpoint import Corpus
>>> with Corpus("corpus.duckdb") as c:
...     df = c.events(since="2022-02-01", actor="RUS", type="ASSAULT", status="asserted").to_pandas()

Every method answers a ``pyarrow.Table`` (``.to_pandas()``, or
``polars.from_arrow``) with the columns of the corpus tables: dates as dates,
counts and offsets as integers, a claim's range as two numbers
(``value_low``, ``value_high``). The file is opened read-only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from .model import Actor, Claim
from .pubdate import parse_date_value
from .store import Store

if TYPE_CHECKING:
    import pyarrow as pa

Many = str | Iterable[str] | None


class Corpus:
    """A corpus database (``flashpoint ingest``), read-only."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._store = Store(self.path, read_only=True)
        self.con = self._store.con

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- tables ---------------------------------------------------------------------
    def events(self, *, since: Any = None, until: Any = None, actor: Many = None, source: Many = None, target: Many = None,
               type: Many = None, status: Many = None, article: Many = None, limit: int | None = None) -> "pa.Table":
        """Events (one row each, nested actors and place flattened: source_code,
        place_lat...), ordered by date. ``since``/``until``: the event's date
        range (inclusive; any date form ``--published`` takes); ``actor``:
        as source or target; each filter takes one value or several."""
        where, params = _Where(), list[Any]()
        where.range("date", since, until, params)
        if actor is not None:
            codes = _many(actor)
            where.add("(source_code IN ({0}) OR target_code IN ({0}))".format(_marks(codes)), params, codes * 2)
        for col, val in (("source_code", source), ("target_code", target), ("type", type), ("status", status),
                         ("article_id", article)):
            where.isin(col, val, params)
        return self._arrow(f"SELECT * EXCLUDE (variant) FROM events{where} ORDER BY date, article_id, sentence_index, id, variant"
                           + _limit(limit), params)

    def claims(self, *, since: Any = None, until: Any = None, claimant: Many = None, unit: Many = None, status: Many = None,
               article: Many = None, limit: int | None = None) -> "pa.Table":
        """Claims with their article's publication date (``published``), which
        ``since``/``until`` filter on; ``value_low``/``value_high`` are the
        two ends of a range (or the value twice)."""
        where, params = _Where(), list[Any]()
        where.range("a.published", since, until, params)
        for col, val in (("c.claimant_code", claimant), ("c.unit", unit), ("c.status", status), ("c.article_id", article)):
            where.isin(col, val, params)
        return self._arrow(f"SELECT c.* EXCLUDE (row_key), a.published FROM claims c JOIN articles a ON a.id = c.article_id{where} "
                           "ORDER BY a.published, c.article_id, c.claim_index" + _limit(limit), params)

    def places(self, *, since: Any = None, until: Any = None, country: Many = None, article: Many = None,
               limit: int | None = None) -> "pa.Table":
        """Places as each article names them, with the article's ``published``."""
        where, params = _Where(), list[Any]()
        where.range("a.published", since, until, params)
        where.isin("p.country", country, params)
        where.isin("p.article_id", article, params)
        return self._arrow(f"SELECT p.* EXCLUDE (row_key), a.published FROM places p JOIN articles a ON a.id = p.article_id{where} "
                           "ORDER BY a.published, p.article_id, p.name" + _limit(limit), params)

    def articles(self, *, since: Any = None, until: Any = None, limit: int | None = None) -> "pa.Table":
        """Articles (without the MinHash signature used for near-duplicates)."""
        where, params = _Where(), list[Any]()
        where.range("published", since, until, params)
        return self._arrow(f"SELECT * EXCLUDE (minhash) FROM articles{where} ORDER BY published, id" + _limit(limit), params)

    def sql(self, query: str, params: list | None = None) -> "pa.Table":
        """Any read-only query over the tables."""
        return self._arrow(query, params or [])

    # -- records ------------------------------------------------------------------
    def claim_records(self) -> Iterator[tuple[str, str | None, Claim]]:
        """(article id, published, Claim) for every stored claim, as the
        pipeline made it (for ``flashpoint claims --db``)."""
        from .serve import claim_value

        rel = self.con.execute("""SELECT c.*, a.published FROM claims c JOIN articles a ON a.id = c.article_id
                                  ORDER BY a.published, c.article_id, c.claim_index""")
        cols = [d[0] for d in rel.description]
        for row in rel.fetchall():
            r = dict(zip(cols, row))
            claimant = (Actor(r["claimant_text"], r["claimant_code"], r["claimant_name"], r["claimant_sector"], r["claimant_role"],
                              r["claimant_person"], r["claimant_kind"]) if r.get("claimant_code") else None)
            value = claim_value(r["value"], r["value_low"], r["value_high"])
            claim = Claim(tuple(value) if isinstance(value, list) else value, r["unit"], r["subject"], claimant, r["status"],
                          r["sentence"], r["sentence_index"], tuple(r["span"]), r["qualifier"], r["number_text"] or "",
                          tuple(r["number_span"] or (0, 0)), r["claimant_phrase"], r["mentions"] or 1)
            yield r["article_id"], None if r["published"] is None else str(r["published"]), claim

    def _arrow(self, sql: str, params: list) -> "pa.Table":
        return self.con.sql(sql, params=params or None).to_arrow_table()


class _Where:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, sql: str, params: list, values: list) -> None:
        self.parts.append(sql)
        params.extend(values)

    def isin(self, col: str, value: Many, params: list) -> None:
        if value is not None:
            vals = _many(value)
            self.add(f"{col} IN ({_marks(vals)})", params, vals)

    def range(self, col: str, since: Any, until: Any, params: list) -> None:
        for op, value, name in ((">=", since, "since"), ("<=", until, "until")):
            if value is not None:
                self.add(f"{col} {op} CAST(? AS DATE)", params, [parse_date_value(value, name)])

    def __str__(self) -> str:
        return (" WHERE " + " AND ".join(self.parts)) if self.parts else ""


def _many(value: str | Iterable[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _marks(values: list) -> str:
    return ", ".join("?" for _ in values) or "NULL"


def _limit(limit: int | None) -> str:
    return f" LIMIT {int(limit)}" if limit is not None else ""
