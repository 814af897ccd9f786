"""The corpus: articles and what was coded from them, in an embedded DuckDB.

Tables are derived from the records of ``flashpoint.model`` (nested records
flattened as ``source_code``, ``place_lat``...), never written out by hand:

- ``articles``  ArticleInfo + content_hash, source, outlet, duplicate_of, minhash
- ``events``    Event + article_id            key (article_id, id, variant)
- ``claims``    Claim + article_id, claim_index, value_low, value_high
                                              key (article_id, row_key = [span, number_span])
- ``places``    Place + article_id            key (article_id, name, row_key = [country, lat, lon])
- ``actors``    ActorCount + article_id       key (article_id, code)
- ``rejected``  inputs that could not be read: source, code, message; key (source, code)
- ``event_clusters`` / ``event_cluster_members``: the same event told by
  several articles (rebuilt after every ingest, so they never drift).

Idempotent and resumable: an article is keyed by the hash of its cleaned text
and URL and is written with all its rows in one transaction, so a run killed
at any point and run again ends with exactly the rows of a run never stopped.

Nothing lost: every table is keyed by what tells one of its rows from another
(a place is its article, name, country and coordinates; a claim its article,
sentence span and number span), so INSERT OR IGNORE only ever drops a row
that is already there. Parts of a key that a primary key cannot hold (NULLs,
lists) are kept, as JSON, in ``row_key``. Event ids are hashes of (article,
sentence, type, source code, target code, trigger token, derived): two events
told at one trigger that differ in status, mode or date would share one, so
``variant`` numbers the distinct events of one id in an article (almost always
0). Two different rows with the same key in one write are an error, never a
silent drop. A corpus written with older keys is upgraded when opened for
writing (``_migrate``).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Union, get_args, get_origin, get_type_hints
from urllib.parse import urlparse

from .errors import StoreError
from .guard import DEFAULT_TIME_BUDGET
from .model import ActorCount, ArticleInfo, ArticleResult, Claim, ErrorRecord, Event, Place, stable_id
from .stages.dedupe import LshIndex, bands, minhash

if TYPE_CHECKING:
    import duckdb



# -- schema derived from the data model -------------------------------------------
def _duck_type(tp: Any) -> str:
    origin = get_origin(tp)
    args = [a for a in get_args(tp) if a is not type(None)]
    if origin in (Union, types.UnionType):
        if len(args) == 1:
            return _duck_type(args[0])
        return "JSON"  # a value that is a number or a range
    if origin is tuple:
        inner = [a for a in args if a is not Ellipsis]
        if inner and all(a is int for a in inner):
            return "INTEGER[]"
        if inner and all(a is float for a in inner):
            return "DOUBLE[]"
        return "JSON"
    if origin is typing.Literal:
        return "VARCHAR"
    return {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN", dict: "JSON"}.get(tp, "JSON")


def _unwrap(tp: Any) -> Any:
    args = [a for a in get_args(tp) if a is not type(None)]
    if get_origin(tp) in (Union, types.UnionType) and len(args) == 1:
        return args[0]
    return tp


def columns(cls: type, prefix: str = "") -> list[tuple[str, str, tuple[str, ...]]]:
    """(column, DuckDB type, attribute path) for a record, nested records flattened."""
    out = []
    hints = get_type_hints(cls)
    for f in dataclasses.fields(cls):
        tp = _unwrap(hints[f.name])
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            for col, dt, path in columns(tp, prefix + f.name + "_"):
                out.append((col, dt, (f.name, *path)))
        else:
            out.append((prefix + f.name, _duck_type(hints[f.name]), (f.name,)))
    return out


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def _cell(value: Any, duck_type: str) -> Any:
    if value is None:
        return None
    if duck_type == "JSON":
        record = dataclasses.is_dataclass(value) and not isinstance(value, type)
        return json.dumps(dataclasses.asdict(value) if record else value, ensure_ascii=False)
    if duck_type.endswith("[]"):
        return list(value)
    if duck_type == "DOUBLE" and isinstance(value, (tuple, list)):
        return None  # a range: its ends are value_low and value_high
    return value


class Table:
    """A table derived from a record. ``key`` columns make up the primary key
    as they are; ``folded`` ones (which may be NULL or are lists, neither of
    which a DuckDB primary key holds) are part of the key through ``row_key``,
    their values as a JSON array computed by the database on insert. With
    ``variant``, rows whose key is otherwise equal but which differ are
    numbered 0, 1, ... in the order they come."""

    def __init__(self, name: str, record: type, extra: list[tuple[str, str]], key: list[str],
                 skip: tuple[str, ...] = (), *, folded: tuple[str, ...] = (), variant: bool = False,
                 typed: dict[str, tuple[str, str]] | None = None) -> None:
        self.name = name
        self.record = record
        # ``typed``: columns stored in a sharper type than the record's
        # (a date string as DATE), with the SQL that converts an older
        # corpus's column ({c}: the column) when it is upgraded
        self.typed = typed or {}
        self.fields = [(c, self.typed[c][0] if c in self.typed else t, path) for c, t, path in columns(record) if c not in skip]
        self.extra = extra
        self.key = key
        self.folded = folded
        self.variant = variant
        self.key_columns = ([("row_key", "VARCHAR")] if folded else []) + ([("variant", "INTEGER")] if variant else [])
        self.primary_key = list(key) + [n for n, _ in self.key_columns]
        self.natural_key = list(key) + list(folded)

    @property
    def names(self) -> list[str]:
        """The data columns, in the order of ``row()``."""
        return [n for n, _ in self.extra] + [c[0] for c in self.fields]

    @property
    def stored(self) -> list[str]:
        """Every column of the table: the data and the key columns."""
        return self.names + [n for n, _ in self.key_columns]

    def types(self) -> dict[str, str]:
        return dict(self.extra) | {c: t for c, t, _ in self.fields} | dict(self.key_columns)

    def ddl(self) -> str:
        cols = [f'"{n}" {t}' for n, t in self.extra] + [f'"{c}" {t}' for c, t, _ in self.fields]
        cols += [f'"{n}" {t} NOT NULL' for n, t in self.key_columns]
        return f'CREATE TABLE IF NOT EXISTS {self.name} ({", ".join(cols)}, PRIMARY KEY ({", ".join(self.primary_key)}))'

    def row_key_sql(self) -> str:
        """``row_key`` from the folded columns, cast to the table's own types so
        that a value written now and one copied by a migration agree."""
        types = self.types()
        parts = ", ".join(f'CAST("{c}" AS {types[c]})' for c in self.folded)
        return f"CAST(json_array({parts}) AS VARCHAR)"

    def row(self, obj: Any, extra_values: list[Any]) -> list[Any]:
        return list(extra_values) + [_cell(_get(obj, path), t) for _, t, path in self.fields]

    def convert_sql(self, column: str) -> str:
        """The SQL that reads ``column`` of an older table into today's type."""
        if column in self.typed:
            return self.typed[column][1].format(c=f'"{column}"')
        return f'"{column}"'

    def keyed(self, rows: list[list]) -> list[list]:
        """Rows ready to store: exact repeats dropped, ``variant`` appended
        where the table has one. Two different rows with one key raise
        StoreError: OR IGNORE would keep only the first, silently."""
        names = self.names
        at = [names.index(c) for c in self.natural_key]
        seen: dict[tuple, list[tuple]] = {}
        out = []
        for r in rows:
            k = tuple(_frozen(r[i]) for i in at)
            content = _frozen(r)
            same_key = seen.setdefault(k, [])
            if content in same_key:
                continue
            if same_key and not self.variant:
                shown = ", ".join(f"{c}={r[i]!r}" for c, i in zip(self.natural_key, at))
                raise StoreError(f"two different {self.name} rows share the key ({shown}); "
                                 "refusing to store one of them silently", code="key_collision")
            same_key.append(content)
            out.append(list(r) + ([len(same_key) - 1] if self.variant else []))
        return out


def _storable(r: ErrorRecord) -> ErrorRecord:
    """A rejection as a row: the id as text whatever the input gave (a JSON
    id may be a number), every string valid UTF-8, a source always."""
    from .inputs import scrub

    rid = None if r.id is None else scrub(str(r.id))
    return dataclasses.replace(r, id=rid, source=scrub(r.source or rid or "<unknown>"), message=scrub(r.message))


def _frozen(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value



_AS_DATE = "TRY_CAST({c} AS DATE)"
TABLES = {
    "articles": Table("articles", ArticleInfo, [("content_hash", "VARCHAR"), ("source", "VARCHAR"), ("outlet", "VARCHAR"),
                                                 ("duplicate_of", "VARCHAR"), ("minhash", "UBIGINT[]"),
                                                 ("n_events", "INTEGER"), ("n_claims", "INTEGER")], ["id"],
                      typed={"published": ("DATE", _AS_DATE)}),
    "events": Table("events", Event, [("article_id", "VARCHAR")], ["article_id", "id"], variant=True,
                    typed={"date": ("DATE", _AS_DATE)}),
    # a claim's value is one number (NULL for a range); value_low and
    # value_high are the two ends of a range, or the value twice
    "claims": Table("claims", Claim, [("article_id", "VARCHAR"), ("claim_index", "INTEGER"), ("value_low", "DOUBLE"),
                                      ("value_high", "DOUBLE")], ["article_id"], folded=("span", "number_span"),
                    typed={"value": ("DOUBLE", "CASE WHEN json_type(CAST({c} AS JSON)) = 'ARRAY' THEN NULL "
                                               "ELSE TRY_CAST(CAST({c} AS VARCHAR) AS DOUBLE) END")}),
    "places": Table("places", Place, [("article_id", "VARCHAR")], ["article_id", "name"], folded=("country", "lat", "lon")),
    "actors": Table("actors", ActorCount, [("article_id", "VARCHAR")], ["article_id", "code"]),
    "rejected": Table("rejected", ErrorRecord, [], ["source", "code"]),
}
SUPPORT_DDL = [
    "CREATE TABLE IF NOT EXISTS article_lsh (band SMALLINT, bucket UBIGINT, article_id VARCHAR)",
    "CREATE INDEX IF NOT EXISTS article_lsh_idx ON article_lsh (band, bucket)",
    "CREATE INDEX IF NOT EXISTS events_article_idx ON events (article_id)",
    "CREATE INDEX IF NOT EXISTS articles_hash_idx ON articles (content_hash)",
]


def _db_errors(action: str):
    """A DuckDB failure inside a Store method as a StoreError that names the
    database, what was being done and the real cause (a damaged file, a disk
    full, a table of another program), never a traceback."""
    def wrap(method):
        import functools

        @functools.wraps(method)
        def run(self, *args, **kw):
            import duckdb

            try:
                return method(self, *args, **kw)
            except duckdb.Error as exc:
                raise StoreError(f"cannot {action}: {type(exc).__name__}: {exc}", source=self.path,
                                 code="store") from exc
        return run
    return wrap


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back after a failed write. A failure DuckDB has already ended the
    transaction for (a full disk, a file too large) must not be hidden behind
    "cannot rollback - no transaction is active": the caller re-raises the
    first error."""
    import duckdb

    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


def check_schema(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """A StoreError unless the database holds flashpoint's tables, each with
    its key columns: an empty DuckDB file, or one another program wrote."""
    import duckdb

    try:
        rows = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                           "WHERE table_schema = 'main'").fetchall()
    except duckdb.Error as exc:
        raise StoreError(f"the database cannot be read (damaged?): {type(exc).__name__}: {exc}", source=path) from None
    cols: dict[str, set[str]] = {}
    for table, col in rows:
        cols.setdefault(table, set()).add(col)
    missing = [t.name for t in TABLES.values() if t.name not in cols]
    if len(missing) == len(TABLES):
        raise StoreError("not a flashpoint corpus (it has none of the tables articles, events, claims, ...); "
                         "create one with `flashpoint ingest PATH --db FILE`", source=path, code="schema")
    if missing:
        raise StoreError(f"not a complete flashpoint corpus: no table {', '.join(missing)}", source=path, code="schema")
    for t in TABLES.values():
        lacking = [c for c in t.key if c not in cols[t.name]]
        if lacking:
            raise StoreError(f"the table '{t.name}' is not flashpoint's (no column {', '.join(lacking)}); "
                             "use another --db", source=path, code="schema")


class Store:
    """An open corpus database. Raises StoreError when another process holds
    it, when it is not a flashpoint corpus, or when it cannot be read."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        import duckdb

        self.path = str(path)
        if read_only and not Path(self.path).exists():
            raise StoreError(f"no corpus database at {self.path}; create it with `flashpoint ingest`", source=self.path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                holder = msg.split("held in", 1)[-1].split(". See", 1)[0].strip() if "held in" in msg else "another process"
                raise StoreError(f"the database is in use by another process ({holder}); wait for it to finish or use another --db",
                                 source=self.path, code="locked") from None
            raise StoreError(f"cannot open the database: {msg}", source=self.path) from None
        except duckdb.Error as exc:
            raise StoreError(f"not a DuckDB database or damaged: {exc}", source=self.path) from None
        try:
            if read_only:
                check_schema(self.con, self.path)
            else:
                _migrate(self.con, self.path)
                for t in TABLES.values():
                    self.con.execute(t.ddl())
                for ddl in SUPPORT_DDL:
                    self.con.execute(ddl)
        except duckdb.Error as exc:
            self.con.close()
            raise StoreError(f"cannot prepare the corpus tables: {type(exc).__name__}: {exc}", source=self.path) from None
        except StoreError:
            self.con.close()
            raise
        self.lsh = LshIndex(self.con)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading --------------------------------------------------------------------
    @_db_errors("read the corpus")
    def existing_hashes(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT content_hash FROM articles").fetchall()}

    @_db_errors("read the corpus")
    def existing_ids(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT id FROM articles").fetchall()}

    def stored_articles(self) -> dict[str, tuple[str, str | None, str]]:
        """id -> (content hash, published, source) of every stored article."""
        return {r[0]: (r[1], None if r[2] is None else str(r[2]), r[3])
                for r in self.con.execute("SELECT id, content_hash, published, source FROM articles").fetchall()}

    @_db_errors("read the corpus")
    def count(self, table: str) -> int:
        return _scalar(self.con, f"SELECT count(*) FROM {TABLES[table].name if table in TABLES else table}")

    # -- writing ----------------------------------------------------------------------
    @_db_errors("write to the database")
    def write_batch(self, results: list[tuple[ArticleResult, str, str]], rejected: list[ErrorRecord],
                    replace: Iterable[str] = ()) -> None:
        """Store articles (result, content_hash, source) and rejections in ONE
        transaction: after a crash either all of them are there or none.
        ``replace``: ids of stored articles to delete first (their input or
        date changed), in the same transaction. An input stored now is no
        longer a rejected one: its rows in ``rejected`` go."""
        rows: dict[str, list[list]] = {name: [] for name in TABLES}
        lsh_rows: list[tuple] = []
        sigs = [minhash(res.article.text) for res, _, _ in results]
        dups = self.lsh.find_duplicates(sigs, [res.article.id for res, _, _ in results])
        for (res, content_hash, source), sig, dup in zip(results, sigs, dups):
            a = res.article
            outlet = urlparse(a.url).netloc.lower().removeprefix("www.") if a.url else None
            rows["articles"].append(TABLES["articles"].row(a, [content_hash, source, outlet, dup, [int(x) for x in sig],
                                                                len(res.events), len(res.claims)]))
            lsh_rows += [(b, k, a.id) for b, k in bands(sig)]
            rows["events"] += [TABLES["events"].row(e, [a.id]) for e in res.events]
            for k, c in enumerate(res.claims):
                lo, hi = (c.value if isinstance(c.value, (tuple, list)) else (c.value, c.value))
                rows["claims"].append(TABLES["claims"].row(c, [a.id, k, float(lo), float(hi)]))
            rows["places"] += [TABLES["places"].row(p, [a.id]) for p in res.places]
            rows["actors"] += [TABLES["actors"].row(x, [a.id]) for x in res.actors]
        rows["rejected"] = [TABLES["rejected"].row(_storable(r), []) for r in rejected]
        rows = {name: TABLES[name].keyed(table_rows) for name, table_rows in rows.items()}
        con = self.con
        gone = sorted(set(replace))
        stored_sources = sorted({source for _, _, source in results})
        con.execute("BEGIN TRANSACTION")
        try:
            if gone:
                self._delete_articles(gone)
            if stored_sources:
                con.execute("DELETE FROM rejected WHERE source IN (SELECT unnest(?::VARCHAR[]))", [stored_sources])
            for name, table_rows in rows.items():
                if table_rows:
                    self._bulk_insert(TABLES[name], table_rows)
                    if name == "articles":
                        for _ in table_rows:
                            _crash_point()
            if lsh_rows:
                self._bulk_insert_raw("article_lsh", ["band", "bucket", "article_id"], lsh_rows)
            con.execute("COMMIT")
        except BaseException:
            _rollback(con)
            raise

    def _delete_articles(self, ids: list[str]) -> None:
        """Every row of these articles (inside the caller's transaction)."""
        for name in ("events", "claims", "places", "actors"):
            self.con.execute(f"DELETE FROM {name} WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        self.con.execute("DELETE FROM article_lsh WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        self.con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
        # a copy of a replaced story is a copy of nothing stored now
        self.con.execute("UPDATE articles SET duplicate_of = NULL WHERE duplicate_of IN (SELECT unnest(?::VARCHAR[]))", [ids])

    def _bulk_insert(self, table: Table, rows: list[list]) -> None:
        """Rows from ``Table.keyed``; ``row_key`` is computed by the database."""
        cols = table.names + (["variant"] if table.variant else [])
        computed = {"row_key": table.row_key_sql()} if table.folded else None
        self._bulk_insert_raw(table.name, cols, rows, or_ignore=True, computed=computed)

    def _bulk_insert_raw(self, name: str, cols: list[str], rows: list, or_ignore: bool = False,
                         computed: dict[str, str] | None = None) -> None:
        """One INSERT for many rows through Arrow: DuckDB inserts row by row
        an order of magnitude slower. ``computed``: more columns, as SQL
        expressions over the given ones."""
        import pyarrow as pa

        data = {c: [r[k] for r in rows] for k, c in enumerate(cols)}
        arrow = pa.table({c: _arrow_column(v) for c, v in data.items()})
        view = f"_batch_{name}"
        self.con.register(view, arrow)
        try:
            computed = computed or {}
            targets = ", ".join(f'"{c}"' for c in [*cols, *computed])
            values = ", ".join([f'"{c}"' for c in cols] + list(computed.values()))
            self.con.execute(f"INSERT {'OR IGNORE ' if or_ignore else ''}INTO {name} ({targets}) SELECT {values} FROM {view}")
        finally:
            self.con.unregister(view)

    # -- event clusters ------------------------------------------------------------------
    @_db_errors("rebuild the event clusters")
    def rebuild_clusters(self, window_days: int = 3) -> int:
        """Group the same event (type, source, target, compatible status) told
        by several articles into clusters, the way GDELT's mentions table
        does: within one key, events follow each other into one cluster while
        each is at most ``window_days`` after the one before. Articles found
        to be near-duplicates of another (the same wire story) count as
        reports, not as independent articles. Done in SQL, so memory stays
        flat however large the corpus."""
        window = int(window_days)
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DROP TABLE IF EXISTS event_clusters")
            con.execute("DROP TABLE IF EXISTS event_cluster_members")
            con.execute(f"""
                CREATE TEMP TABLE _clustered AS
                WITH e AS (
                    SELECT e.id, e.type, e.source_code, coalesce(e.target_code, '') AS tgt,
                           CASE e.status WHEN 'asserted' THEN 'asserted' WHEN 'negated' THEN 'negated' ELSE 'possible' END AS sc,
                           CAST(e.date AS DATE) AS d, e.date, e.article_id, a.duplicate_of,
                           coalesce(a.outlet, a.source, a.id) AS outlet, e.mentions, e.sentence
                    FROM events e JOIN articles a ON a.id = e.article_id),
                g AS (
                    SELECT *, CASE WHEN lag(d) OVER w IS NULL OR d - lag(d) OVER w > {window} THEN 1 ELSE 0 END AS brk
                    FROM e WINDOW w AS (PARTITION BY type, source_code, tgt, sc ORDER BY d, id)),
                s AS (
                    SELECT *, sum(brk) OVER (PARTITION BY type, source_code, tgt, sc ORDER BY d, id
                                             ROWS UNBOUNDED PRECEDING) AS seq FROM g)
                SELECT *, first_value(id) OVER (PARTITION BY type, source_code, tgt, sc, seq ORDER BY d, id) AS first_id FROM s""")
            con.execute("""
                CREATE TABLE event_clusters AS
                SELECT substr(md5(concat_ws('|', 'cluster', type, source_code, tgt, sc, first_id)), 1, 16) AS cluster_id,
                       type, source_code, nullif(tgt, '') AS target_code, sc AS status_class,
                       min(date) AS first_date, max(date) AS last_date, CAST(count(*) AS INTEGER) AS n_events,
                       CAST(count(DISTINCT coalesce(duplicate_of, article_id)) AS INTEGER) AS n_articles,
                       CAST(count(DISTINCT article_id) AS INTEGER) AS n_reports,
                       CAST(count(DISTINCT outlet) AS INTEGER) AS n_sources, CAST(sum(mentions) AS INTEGER) AS mentions,
                       first_id AS example_event_id, arg_min(sentence, (d, id)) AS example_sentence
                FROM _clustered GROUP BY type, source_code, tgt, sc, seq, first_id""")
            con.execute("""
                CREATE TABLE event_cluster_members AS
                SELECT substr(md5(concat_ws('|', 'cluster', type, source_code, tgt, sc, first_id)), 1, 16) AS cluster_id,
                       id AS event_id FROM _clustered""")
            con.execute("DROP TABLE _clustered")
            con.execute("COMMIT")
        except BaseException:
            _rollback(con)
            raise
        return _scalar(con, "SELECT count(*) FROM event_clusters")

    # -- export and stats -----------------------------------------------------------------
    @_db_errors("export the corpus")
    def export(self, out_dir: str | Path, fmt: str = "parquet", tables: Iterable[str] | None = None) -> list[Path]:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        names = list(tables or (list(TABLES) + ["event_clusters", "event_cluster_members"]))
        existing = {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        written = []
        for name in names:
            if name not in existing:
                continue
            ext = {"parquet": "parquet", "csv": "csv", "jsonl": "jsonl"}[fmt]
            target = out / f"{name}.{ext}"
            opts = {"parquet": "FORMAT PARQUET", "csv": "FORMAT CSV, HEADER", "jsonl": "FORMAT JSON"}[fmt]
            self.con.execute(f"COPY (SELECT * FROM {name}) TO '{_sql_str(target)}' ({opts})")
            written.append(target)
        return written

    @_db_errors("read the corpus")
    def stats(self, top: int = 10) -> dict:
        q = self.con.execute

        def one(sql: str) -> Any:
            return _scalar(self.con, sql)

        return {
            "articles": one("SELECT count(*) FROM articles"),
            "near_duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
            # an input rejected once and stored since is not a rejected input
            "rejected": one("SELECT count(*) FROM rejected WHERE source NOT IN (SELECT source FROM articles WHERE source IS NOT NULL)"),
            "undated": one("SELECT count(*) FROM articles WHERE published IS NULL"),
            "events": one("SELECT count(*) FROM events"),
            "claims": one("SELECT count(*) FROM claims"),
            "places": one("SELECT count(DISTINCT (name, country, lat, lon)) FROM places"),
            "events_by_type_status": q("""SELECT type, status, count(*) FROM events GROUP BY ALL ORDER BY type, status""").fetchall(),
            "top_pairs": q(f"""SELECT source_code, coalesce(target_code, '-'), count(*) AS n, round(avg(intensity), 2)
                              FROM events GROUP BY ALL ORDER BY n DESC, 1, 2 LIMIT {int(top)}""").fetchall(),
            "top_clusters": q(f"""SELECT type, source_code, coalesce(target_code, '-'), first_date, n_articles, n_sources, mentions,
                                 example_sentence FROM event_clusters ORDER BY n_articles DESC, mentions DESC, first_date
                                 LIMIT {int(top)}""").fetchall() if _has_table(self.con, "event_clusters") else [],
        }


# -- older corpus files ----------------------------------------------------------------
def _migrate(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """Bring tables written by an older flashpoint to today's keys (and any
    columns added since), in one transaction: copy every row into a table
    created from ``TABLES``, computing ``row_key`` and ``variant``. Rows an
    older version already dropped (two places of one name in an article, say)
    cannot come back: re-ingest into a new --db for them."""
    existing = {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    todo = []
    for t in TABLES.values():
        if t.name not in existing:
            continue
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ? "
            "ORDER BY ordinal_position", [t.name]).fetchall()]
        pk = con.execute("SELECT constraint_column_names FROM duckdb_constraints() WHERE schema_name = 'main' "
                         "AND table_name = ? AND constraint_type = 'PRIMARY KEY'", [t.name]).fetchone()
        have = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' "
                                "AND table_name = ?", [t.name]).fetchall())
        retyped = [c for c, tp in t.types().items() if c in have and have[c].upper() != tp.upper()]
        if (list(pk[0]) if pk else []) == t.primary_key and set(t.stored) <= set(cols) and not retyped:
            continue
        lost = [c for c in cols if c not in t.stored]
        if lost:
            raise StoreError(f"the table '{t.name}' has columns this version of flashpoint does not know ({', '.join(lost)}); "
                             "open the file with the version that wrote it, or ingest into a new --db", source=path, code="schema")
        todo.append((t, cols))
    if not todo:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        for t, cols in todo:
            for (index,) in con.execute("SELECT index_name FROM duckdb_indexes() WHERE schema_name = 'main' AND table_name = ?",
                                        [t.name]).fetchall():
                con.execute(f'DROP INDEX "{index}"')  # SUPPORT_DDL makes them again
            old = f"_old_{t.name}"
            con.execute(f"ALTER TABLE {t.name} RENAME TO {old}")
            con.execute(t.ddl())
            copied = [c for c in t.names if c in cols]
            targets = [f'"{c}"' for c in copied]
            values = [t.convert_sql(c) for c in copied]
            if t.folded:
                targets.append('"row_key"')
                values.append(t.row_key_sql())
            if t.variant:
                order = ", ".join(f'"{c}"' for c in copied)
                part = ", ".join(f'"{c}"' for c in t.key)
                targets.append('"variant"')
                values.append(f"CAST(row_number() OVER (PARTITION BY {part} ORDER BY {order}) - 1 AS INTEGER)")
            con.execute(f"INSERT INTO {t.name} ({', '.join(targets)}) SELECT {', '.join(values)} FROM {old}")
            con.execute(f"DROP TABLE {old}")
        con.execute("COMMIT")
    except Exception as exc:
        _rollback(con)
        if isinstance(exc, StoreError):
            raise
        names = ", ".join(t.name for t, _ in todo)
        raise StoreError(f"cannot upgrade the tables {names} to this version's keys ({exc}); "
                         "ingest into a new --db instead", source=path, code="schema") from None


_written = 0


def _crash_point() -> None:
    """For the crash-recovery test only: FLASHPOINT_CRASH_AFTER=N kills this
    process with SIGKILL right after the N-th article is written, inside its
    transaction, before COMMIT - the worst moment for a crash."""
    global _written
    import os

    limit = os.environ.get("FLASHPOINT_CRASH_AFTER")
    if limit is None:
        return
    _written += 1
    if _written >= int(limit):
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def _arrow_column(values: list):
    import pyarrow as pa

    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        # mixed ints and floats, or uint64 minhash values: let Arrow widen
        if any(isinstance(v, list) for v in values if v is not None):
            return pa.array(values, type=pa.list_(pa.uint64()))
        return pa.array([None if v is None else float(v) for v in values], type=pa.float64())


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> Any:
    """The one value of a query that answers one row (an aggregate)."""
    row = con.execute(sql, params or []).fetchone()
    if row is None:
        raise StoreError(f"the query answered no row: {sql}", code="query")
    return row[0]


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(_scalar(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]))


def _sql_str(path: Path) -> str:
    return str(path).replace("'", "''")


# -- ingest -------------------------------------------------------------------------------
REJECTED_SHOWN = 100


@dataclasses.dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    skipped: int = 0  # already in the corpus
    rejected: int = 0
    replaced: int = 0  # stored again because their input or date changed (--replace)
    undated: int = 0  # stored without a publication date
    events: int = 0
    clusters: int = 0
    seconds: float = 0.0
    created: bool = False  # the run made the database file
    rejected_codes: Counter = dataclasses.field(default_factory=Counter)
    # the first REJECTED_SHOWN rejections (source, code, message); all are in the rejected table
    rejected_inputs: list = dataclasses.field(default_factory=list)

    def reject(self, err: ErrorRecord) -> None:
        self.rejected += 1
        self.rejected_codes[err.code] += 1
        if len(self.rejected_inputs) < REJECTED_SHOWN:
            self.rejected_inputs.append({"source": err.source or err.id, "code": err.code, "message": err.message})

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["rejected_codes"] = dict(self.rejected_codes)
        return d


def ingest_articles(items: Iterable, db: str | Path, *, pipeline=None, batch_size: int = 16, commit_every: int = 64,
                    cluster_window: int = 3, progress=None, engine: str = "local", workers: int = 1,
                    ray_address: str | None = None, config=None, replace: bool = False, store: Store | None = None,
                    outcomes: list[dict] | None = None, rebuild: bool = True,
                    time_budget: float | None = DEFAULT_TIME_BUDGET) -> IngestReport:
    """Code and store articles (RawArticle or ErrorRecord items). Articles
    already in the corpus are skipped before parsing; with ``replace``, an
    article whose input changed (the same given id, or else the same source,
    with other text) or whose publication date changed is coded again and
    takes the place of the stored one. Whatever the engine, one writer (this
    process) stores the results, in input order, one transaction per
    ``commit_every`` articles. A database that does not exist is created
    only when there is an article to store: a run that stores nothing
    leaves nothing behind.

    ``store``: an open Store to write through (the live corpus's), else
    ``db`` is opened and closed. ``outcomes``: a list to which each item's
    outcome is appended (id, source, outcome stored/already/rejected, code,
    message). ``rebuild=False`` leaves the event clusters to a later ingest
    (a live corpus with more articles queued)."""
    import time

    from .parallel import needs_local_pipeline, run_engine
    from .pipeline import Pipeline, prepare_all

    t0 = time.perf_counter()
    pipe = pipeline if pipeline is not None else (Pipeline(batch_size=batch_size, config=config, time_budget=time_budget)
                                                  if needs_local_pipeline(engine, workers) else None)
    report = IngestReport()
    own_store = store is None  # opened here, so closed here
    if store is None and Path(db).exists():
        store = Store(db)

    def note(item_id, source, outcome: str, code: str | None = None, message: str | None = None) -> None:
        if outcomes is not None:
            outcomes.append({"id": item_id, "source": source, "outcome": outcome, "code": code, "message": message})

    try:
        stored = store.stored_articles() if store is not None else {}
        known = {h for h, _, _ in stored.values()}
        by_source = {src: aid for aid, (_, _, src) in stored.items()}
        pending_rejects: list[ErrorRecord] = []
        sources: dict[str, tuple[str, str]] = {}
        to_replace: dict[str, str] = {}  # new id -> the stored id it replaces

        def reject(err: ErrorRecord) -> None:
            """Counted, kept for the next write's `rejected` rows, and reported."""
            report.reject(err)
            pending_rejects.append(err)
            note(err.id, err.source, "rejected", err.code, err.message)

        def fresh() -> Iterator:
            for item in prepare_all(items):
                report.read += 1
                if isinstance(item, ErrorRecord):
                    reject(item)
                    if progress:
                        progress(report)
                    continue
                h = stable_id(item.clean.text, item.url or "")
                old = item.id if item.id in stored else (None if item.raw.id else by_source.get(item.raw.source))
                if replace and old is not None and (stored[old][0] != h or stored[old][1] != item.published):
                    to_replace[item.id] = old
                    stored.pop(old)
                    known.discard(h)
                elif h in known or item.id in stored:
                    if h not in known:  # a given id reused for other text
                        err = ErrorRecord(item.id, "duplicate_id", f"{item.raw.source}: article id '{item.id}' is already stored with other text"
                                                                   " (--replace stores the new text in its place)", item.raw.source)
                        reject(err)
                    else:
                        report.skipped += 1
                        note(item.id, item.raw.source, "already")
                    if progress:
                        progress(report)
                    continue
                known.add(h)
                stored[item.id] = (h, item.published, item.raw.source)
                sources[item.id] = (h, item.raw.source)
                yield item

        def write(batch: list, rejects: list[ErrorRecord]) -> None:
            nonlocal store
            if store is None:
                if not batch:
                    return  # nothing stored yet: a new database is not made for rejections alone
                store = Store(db)
                report.created = True
            gone = [to_replace.pop(res.article.id) for res, _, _ in batch if res.article.id in to_replace]
            store.write_batch(batch, rejects, replace=gone)
            report.replaced += len(gone)

        batch: list[tuple[ArticleResult, str, str]] = []
        for res in run_engine(pipe, fresh(), engine=engine, workers=workers, batch_size=batch_size, ray_address=ray_address,
                              config=config, time_budget=time_budget):
            if isinstance(res, ErrorRecord):  # the coder failed on it (fresh() passes on no other errors)
                if res.id is not None:
                    sources.pop(res.id, None)
                reject(res)
                if progress:
                    progress(report)
                continue
            h, src = sources.pop(res.article.id)
            batch.append((res, h, src))
            note(res.article.id, src, "stored")
            report.stored += 1
            report.undated += res.article.published is None
            report.events += len(res.events)
            if len(batch) >= commit_every:
                write(batch, pending_rejects)
                if store is not None:
                    pending_rejects = []
                batch = []
            if progress:
                progress(report)
        if batch or pending_rejects:
            write(batch, pending_rejects)
        if store is not None and rebuild:
            report.clusters = store.rebuild_clusters(cluster_window)
    finally:
        if store is not None and own_store:
            store.close()
    report.seconds = time.perf_counter() - t0
    return report
