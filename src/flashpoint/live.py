"""A live corpus: one process owns the DuckDB file, serves it, and adds to it
while it is read.

``flashpoint serve`` opens the database for writing and runs one writer
thread (``LiveCorpus``) through which everything is stored: files that
arrive in a watched folder (``FolderWatcher``), articles posted to
``POST /api/articles``, and articles that ``flashpoint ingest`` hands over.
The API reads through its own connection to the same database while the
writer writes (DuckDB's MVCC: a reader sees the last committed state), so
reading never waits for, or fails because of, an ingest.

Everything is stored by ``store.ingest_articles``, one transaction per
``commit_every`` articles, so a server killed at any point loses nothing it
had committed, and run again (or the same files ingested again) ends with
the rows of a run never stopped.

Next to the database the server writes ``DB.server.json`` (readable by its
owner only): its address, its process id and the token ``POST
/api/articles`` requires. ``flashpoint ingest`` and ``flashpoint stats``
find a running server through it (``find_server``).
"""

# no "from __future__ import annotations": FastAPI reads the annotations of the
# handlers defined inside functions here (Request) at run time
import contextlib
import dataclasses
import functools
import json
import os
import queue
import secrets
import signal
import threading
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from .errors import FlashpointError, InputError, StoreError
from .inputs import FEED_SUFFIXES, HTML_SUFFIXES, TEXT_SUFFIXES, RawArticle, article_from_json, iter_inputs
from .model import ErrorRecord
from .store import IngestReport, Store, ingest_articles

if TYPE_CHECKING:
    from fastapi import FastAPI

WATCHED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | {".json", ".jsonl", ".ndjson"}
# names of files still being written by common tools
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".swp", "~")
MAX_POST_BYTES = 64 * 1024 * 1024
MAX_POST_ARTICLES = 1000
HANDOFF_BATCH = 64


def info_path(db: str | Path) -> Path:
    return Path(str(db) + ".server.json")


# -- the writer -----------------------------------------------------------------------------
@dataclasses.dataclass
class Job:
    """Articles to store: ``items`` is called in the writer thread, so a large
    file is read as it is stored, never all at once."""

    items: Callable[[], Iterable[RawArticle | ErrorRecord]]
    label: str
    done: threading.Event = dataclasses.field(default_factory=threading.Event)
    report: IngestReport | None = None
    outcomes: list[dict] = dataclasses.field(default_factory=list)
    error: str | None = None


class _Stopping(Exception):
    """Raised in the writer between two articles when the server stops."""


class LiveCorpus:
    """The one writer of a database, with the pipeline loaded once. Jobs are
    stored in the order they are submitted."""

    def __init__(self, db: str | Path, *, pipeline_factory: Callable[[], Any], commit_every: int = 64,
                 batch_size: int = 16, cluster_window: int = 3) -> None:
        self.db = Path(db)
        self.store = Store(self.db)  # the writer's own connection; raises StoreError when another process holds the file
        self.pipeline_factory = pipeline_factory
        self.pipeline: Any = None
        self.commit_every = commit_every
        self.batch_size = batch_size
        self.cluster_window = cluster_window
        self.jobs: "queue.Queue[Job | None]" = queue.Queue()
        self.version = 0  # goes up at every commit that changed the corpus
        self.changed_at: str | None = None
        self.busy: str | None = None
        self.totals: Counter = Counter()
        self.stopping = threading.Event()
        self._committed = 0  # stored articles of the job at its last commit
        self.thread = threading.Thread(target=self._run, name="flashpoint-writer", daemon=True)
        self.thread.start()

    def submit(self, items: Callable[[], Iterable[RawArticle | ErrorRecord]], label: str) -> Job:
        job = Job(items, label)
        self.jobs.put(job)
        return job

    def _run(self) -> None:
        while True:
            job = self.jobs.get()
            if job is None:
                return
            self.busy = job.label
            self._committed = 0
            try:
                if self.pipeline is None:  # loaded with the first articles: a server nobody adds to never pays for it
                    self.pipeline = self.pipeline_factory()
                job.report = ingest_articles(job.items(), self.db, pipeline=self.pipeline, batch_size=self.batch_size,
                                             commit_every=self.commit_every, cluster_window=self.cluster_window,
                                             store=self.store, outcomes=job.outcomes, progress=self._between_articles,
                                             rebuild=self.jobs.empty())  # the last of a run of jobs rebuilds the clusters
                r = job.report
                self.totals.update(stored=r.stored, skipped=r.skipped, rejected=r.rejected)
                if r.stored or r.rejected:
                    self._changed()
            except _Stopping:
                job.error = "the server is stopping; what was committed is kept, send the rest again"
            except Exception as exc:  # reported to whoever submitted the job; the writer goes on
                job.error = str(exc) if isinstance(exc, FlashpointError) else f"{type(exc).__name__}: {exc}"
            finally:
                self.busy = None
                job.done.set()

    def _between_articles(self, report: IngestReport) -> None:
        # outside any transaction: the articles not yet committed are simply not stored
        if self.stopping.is_set():
            raise _Stopping()
        # ingest_articles commits every commit_every stored articles, just before this call
        if report.stored and report.stored % self.commit_every == 0 and report.stored != self._committed:
            self._committed = report.stored
            self._changed()

    def _changed(self) -> None:
        self.version += 1
        self.changed_at = datetime.now(timezone.utc).isoformat(timespec="seconds")

    def status(self, read: Store) -> dict:
        """What a client polls to see the corpus change (the dashboard)."""
        cur = read.con.cursor()
        try:
            articles = cur.execute("SELECT count(*) FROM articles").fetchone()
            events = cur.execute("SELECT count(*) FROM events").fetchone()
        finally:
            cur.close()
        return {"db": str(self.db.resolve()), "pid": os.getpid(), "articles": articles[0] if articles else 0,
                "events": events[0] if events else 0, "version": self.version, "changed_at": self.changed_at,
                "model_loaded": self.pipeline is not None, "ingesting": self.busy, "queued": self.jobs.qsize(),
                "since_start": dict(self.totals)}

    def close(self, timeout: float | None = None) -> None:
        """Stop between two articles: what is committed stays, the articles of
        the open batch are not stored (the next run stores them). With a
        ``timeout`` that runs out (a model still loading), the file is left
        to the process's end rather than closed under the writer."""
        self.stopping.set()
        self.jobs.put(None)
        self.thread.join(timeout)
        if not self.thread.is_alive():
            self.store.close()


# -- the watched folder ----------------------------------------------------------------------
class FolderWatcher:
    """Polls a folder (recursively) and hands every file to the writer once it
    has stopped growing: the same size and modification time on two polls in
    a row. A file that changes afterwards is read again (its new text is a
    new article; text already stored is skipped)."""

    def __init__(self, folder: str | Path, live: LiveCorpus, *, published: str | None = None, interval: float = 2.0,
                 max_bytes: int | None = None) -> None:
        self.folder = Path(folder)
        self.live = live
        self.published = published
        self.interval = interval
        self.max_bytes = max_bytes
        self.seen: dict[str, tuple[int, int]] = {}
        self.done: dict[str, tuple[int, int]] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="flashpoint-watch", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def files(self) -> Iterator[Path]:
        for root, dirs, names in os.walk(self.folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                p = Path(root) / name
                if name.startswith(".") or name.endswith(PARTIAL_SUFFIXES) or p.suffix.lower() not in WATCHED_SUFFIXES:
                    continue
                yield p

    def poll(self) -> list[Path]:
        """One look at the folder: the files that are ready now."""
        ready = []
        for p in self.files():
            try:
                st = p.stat()
            except OSError:  # removed between the listing and now
                continue
            key, sig = str(p), (st.st_size, st.st_mtime_ns)
            if self.done.get(key) == sig:
                continue
            if self.seen.get(key) == sig:
                ready.append(p)
                self.done[key] = sig
            else:
                self.seen[key] = sig
        return ready

    def _run(self) -> None:
        while not self.stop.is_set():
            ready = self.poll()
            if ready:  # one job for everything that became ready at once: one pass, one cluster rebuild
                kw: dict[str, Any] = {"max_bytes": self.max_bytes} if self.max_bytes else {}
                label = f"watch:{ready[0]}" + (f" and {len(ready) - 1} more" if len(ready) > 1 else "")
                self.live.submit(functools.partial(iter_inputs, ready, self.published, **kw), label)
            self.stop.wait(self.interval)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(self.interval + 5)


# -- posted articles -------------------------------------------------------------------------
def posted_items(body: Any) -> list[RawArticle | ErrorRecord]:
    """The articles of a POST body: one JSON object or a list of them, with
    the fields of the JSON Lines input (id, text or html, published, title,
    url), and optionally ``source``, the input they were read from. An item
    ``{"id", "source", "error": {"code", "message"}}`` is an input the client
    could not read (``flashpoint ingest`` hands those over too), stored in
    ``rejected``. A malformed item is rejected with its reason; the others
    are stored."""
    objs = body if isinstance(body, list) else [body]
    if len(objs) > MAX_POST_ARTICLES:
        raise InputError(f"{len(objs)} articles in one request; post at most {MAX_POST_ARTICLES} at a time", code="too_large")
    out: list[RawArticle | ErrorRecord] = []
    for k, obj in enumerate(objs):
        given = obj.get("source") if isinstance(obj, dict) else None
        source = given if isinstance(given, str) and given.strip() else f"api[{k}]"
        if isinstance(obj, dict) and isinstance(obj.get("error"), dict):
            err = obj["error"]
            out.append(ErrorRecord(obj.get("id") if isinstance(obj.get("id"), str) else None, str(err.get("code") or "bad_input"),
                                   str(err.get("message") or "unreadable input"), source))
            continue
        try:
            raw = article_from_json(obj, source, None)
            if raw.id is not None and not isinstance(raw.id, str):
                raw = dataclasses.replace(raw, id=str(raw.id))
            out.append(raw)
        except InputError as exc:
            out.append(ErrorRecord(obj.get("id") if isinstance(obj, dict) and isinstance(obj.get("id"), str) else None,
                                   exc.code, str(exc), source))
    return out


def add_live_routes(app: "FastAPI", live: LiveCorpus, read: Store, *, post_token: str, read_auth: Any,
                    watching: str | None = None) -> None:
    """``POST /api/articles`` (always behind ``post_token``) and ``GET
    /api/status`` (what changed, for a client that polls)."""
    import hmac

    from fastapi import Depends, HTTPException, Request
    from fastapi.responses import JSONResponse
    from starlette.concurrency import run_in_threadpool

    def require_token(request: Request) -> None:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not given or not hmac.compare_digest(given, post_token):
            raise HTTPException(401, "posting articles needs the server's token (Authorization: Bearer TOKEN); "
                                     f"it is in {info_path(live.db)}")

    @app.post("/api/articles", dependencies=[Depends(require_token)], summary="Store articles",
              description="One article or a list (the JSON Lines input's fields: id, text or html, published, title, url; "
                          "optionally source). Answers once they are stored, with each one's outcome: stored, already "
                          "(in the corpus), rejected (with its code and message).")
    async def post_articles(request: Request) -> JSONResponse:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_POST_BYTES:  # refused before it is read
            raise HTTPException(413, f"the request is {declared} bytes; post at most {MAX_POST_BYTES}")
        raw = await request.body()
        if len(raw) > MAX_POST_BYTES:
            raise HTTPException(413, f"the request is {len(raw)} bytes; post at most {MAX_POST_BYTES}")
        try:
            body = json.loads(raw)
        except ValueError as exc:
            raise HTTPException(400, f"the body is not JSON: {exc}") from None
        try:
            items = posted_items(body)
        except InputError as exc:
            raise HTTPException(413 if exc.code == "too_large" else 400, str(exc)) from None
        job = live.submit(lambda: items, f"api:{len(items)}")
        await run_in_threadpool(job.done.wait)
        if job.error:
            raise HTTPException(503, f"the articles could not be stored: {job.error}")
        r = job.report
        assert r is not None
        return JSONResponse({"stored": r.stored, "already": r.skipped, "rejected": r.rejected, "events": r.events,
                             "clusters": r.clusters, "version": live.version, "articles": job.outcomes})

    add_export_route(app, read, post_token)

    @app.get("/api/status", dependencies=[Depends(read_auth)], summary="What changed",
             description="Articles and events now, and a version that goes up at every commit that changes the corpus: "
                         "poll it and reload when it moves.")
    def status() -> JSONResponse:
        return JSONResponse({**live.status(read), "watching": watching})


def add_export_route(app: "FastAPI", read: Store, token: str) -> None:
    """``POST /api/export``: ``flashpoint export`` against a database this
    process holds. The files are written here, into the folder asked for, so
    only a client on this machine (loopback) with the token may ask."""
    import copy
    import hmac

    from fastapi import HTTPException, Request
    from fastapi.responses import JSONResponse
    from starlette.concurrency import run_in_threadpool

    from .exports import FORMATS, ExportError, export_corpus
    from .model import STATUSES

    @app.post("/api/export", include_in_schema=False)
    async def export(request: Request) -> JSONResponse:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not given or not hmac.compare_digest(given, token):
            raise HTTPException(401, "exporting needs the token (Authorization: Bearer TOKEN)")
        if request.client is None or request.client.host not in ("127.0.0.1", "::1", "localhost"):
            raise HTTPException(403, "exports are written on this machine: ask from it (loopback)")
        try:
            body = json.loads(await request.body())
            fmt, out, statuses = body["format"], Path(body["out"]), tuple(body["statuses"])
        except (ValueError, KeyError, TypeError) as exc:
            raise HTTPException(400, f"an export request is {{format, out, statuses}}: {exc}") from None
        if not out.is_absolute():
            raise HTTPException(400, "out must be an absolute path")
        if fmt not in ("parquet", "csv", "jsonl", *FORMATS) or not set(statuses) <= set(STATUSES):
            raise HTTPException(400, f"unknown format '{fmt}' or status in {list(statuses)}")
        view = copy.copy(read)  # the same database through a cursor of its own
        view.con = read.con.cursor()
        try:
            written, n = await run_in_threadpool(export_corpus, view, fmt, out, statuses)
        except (ExportError, OSError) as exc:
            raise HTTPException(400, str(exc)) from None
        finally:
            view.con.close()
        return JSONResponse({"written": [str(p) for p in written], "rows": n})


def remote_export(info: dict, fmt: str, out_dir: Path, statuses: tuple[str, ...]) -> tuple[list[Path], int | None]:
    try:
        status, answer = _request(info["url"] + "/api/export", info,
                                  body={"format": fmt, "out": str(out_dir), "statuses": list(statuses)}, timeout=3600)
    except _Unreachable as exc:
        raise StoreError(f"the process at {info['url']} holds the database but does not answer ({exc})", code="server") from None
    if status != 200:
        raise StoreError(f"{info['url']} could not export: {answer.get('detail')}", code="server")
    return [Path(p) for p in answer["written"]], answer["rows"]


# -- the server -------------------------------------------------------------------------------
def write_info(db: Path, url: str, token: str, role: str = "server") -> Path:
    path = info_path(db)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # the token: for this user only
    with os.fdopen(fd, "w") as fh:
        json.dump({"url": url, "token": token, "pid": os.getpid(), "db": str(db.resolve()), "role": role}, fh)
    os.replace(tmp, path)
    return path


def remove_info(db: Path) -> None:
    path = info_path(db)
    try:
        if json.loads(path.read_text()).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def _alive(pid: Any) -> bool:
    """Whether a process of this id still runs on this machine."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # an ended process its parent has not yet reaped (a zombie) holds no file
        with open(f"/proc/{int(pid)}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def find_server(db: str | Path, timeout: float = 3.0) -> dict | None:
    """The server that holds ``db`` (its info file's url, token, pid), or
    None when no server runs. A file left by a server that died is ignored."""
    path = info_path(db)
    try:
        info = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or not _alive(info.get("pid")) or not isinstance(info.get("url"), str):
        return None
    try:
        status, answer = _request(info["url"] + "/api/status", info, timeout=timeout)
    except _Unreachable:
        return None
    if status != 200 or not isinstance(answer, dict) or answer.get("db") != str(Path(db).resolve()):
        return None
    return info


class _Unreachable(Exception):
    pass


def _request(url: str, info: dict, *, body: Any = None, timeout: float = 60.0) -> tuple[int, Any]:
    """(status, JSON answer) of a GET, or of a POST when ``body`` is given.
    The standard library only: a plain install needs no HTTP client package."""
    import urllib.error
    import urllib.request

    data = None if body is None else json.dumps(body).encode("utf-8")
    req = urllib.request.Request(url, data=data, method="GET" if body is None else "POST",
                                 headers={"Content-Type": "application/json", **_auth(info)})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            status, raw = res.status, res.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    except (urllib.error.URLError, OSError) as exc:
        raise _Unreachable(str(getattr(exc, "reason", exc))) from None
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, {"detail": raw[:200].decode("utf-8", "replace")}


def _auth(info: dict) -> dict:
    return {"Authorization": f"Bearer {info['token']}"} if info.get("token") else {}


def _exit_on_signal(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def serve_live(db: str | Path, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
               watch: str | Path | None = None, published: str | None = None, interval: float = 2.0,
               commit_every: int = 64, batch_size: int = 16, cluster_window: int = 3, config: Any = None,
               on_ready: Callable[[str, Path], None] | None = None, allowed_hosts: set[str] | None = None) -> None:
    """Serve ``db`` and own it: the API and dashboard, ``POST /api/articles``,
    hand-overs from ``flashpoint ingest`` and, with ``watch``, a folder."""
    import socket

    import uvicorn

    from .serve import create_app

    db = Path(db)

    def load() -> Any:
        from .pipeline import Pipeline

        return Pipeline(batch_size=batch_size, config=config)

    live = LiveCorpus(db, pipeline_factory=load, commit_every=commit_every, batch_size=batch_size,
                      cluster_window=cluster_window)
    watcher = None
    read: Store | None = None
    try:
        read = Store(db)  # the API's connection (the same database, opened by this process)
        app = create_app(db, token=token, store=read, allowed_hosts=allowed_hosts)
        post_token = token or secrets.token_urlsafe(24)  # posting is never open, not even on loopback

        from fastapi import HTTPException, Request

        def read_token(request: Request) -> None:
            import hmac

            if token is None:
                return
            header = request.headers.get("authorization", "").strip()
            scheme, _, value = header.partition(" ")
            given = (value.strip() if scheme.lower() == "bearer" else "") or request.query_params.get("token", "")
            # compared as bytes: compare_digest refuses str with non-ASCII characters
            if not hmac.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode("utf-8")):
                raise HTTPException(401, "a valid token is required (Authorization: Bearer TOKEN)")

        add_live_routes(app, live, read, post_token=post_token, read_auth=read_token,
                        watching=str(Path(watch).resolve()) if watch else None)
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror}", code="address") from None
        sock.listen(128)  # before the info file names it, so a client finding the file is queued, not refused
        bound = sock.getsockname()[1]
        url = f"http://{'[' + host + ']' if ':' in host else host}:{bound}"
        info = write_info(db, url, post_token)
        if watch:
            watcher = FolderWatcher(watch, live, published=published, interval=interval)
            watcher.start()
        if on_ready:
            on_ready(url, info)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        if threading.current_thread() is threading.main_thread():
            # uvicorn shuts down gracefully on SIGTERM, then raises it again: end
            # through the finally below (info file removed, writer closed), not by the default action
            signal.signal(signal.SIGTERM, _exit_on_signal)
        server.run(sockets=[sock])
    finally:
        remove_info(db)
        if watcher:
            watcher.close()
        live.close(timeout=60)  # a stopped server does not finish a long ingest: it resumes when started again
        if read is not None:
            read.close()


# -- reads while a plain ingest holds the file -----------------------------------------------------
@contextlib.contextmanager
def reading_endpoint(db: str | Path) -> Iterator[str | None]:
    """While ``flashpoint ingest`` (no server) holds the database, answer reads
    on a loopback port named in DB.server.json (role ``ingest``, a token for
    everything): ``flashpoint stats`` and the API's reads keep working during
    an ingest. Another ingest or a server waits for this one to finish. Yields
    the address, or None where the server packages are not installed."""
    try:
        import socket

        import uvicorn
        from fastapi.responses import JSONResponse

        from .serve import create_app
    except ImportError:
        yield None
        return
    db = Path(db)
    if not db.exists():  # never create a database only to read it (an ingest that stores nothing leaves none)
        yield None
        return
    read = Store(db)
    token = secrets.token_urlsafe(24)
    app = create_app(db, token=token, store=read)
    add_export_route(app, read, token)

    @app.get("/api/status", include_in_schema=False)
    def status() -> JSONResponse:
        cur = read.con.cursor()
        try:
            counts = cur.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
                                 "(SELECT count(*) FROM rejected)").fetchone() or (0, 0, 0)
        finally:
            cur.close()
        return JSONResponse({"db": str(db.resolve()), "pid": os.getpid(), "role": "ingest", "articles": counts[0],
                             "events": counts[1], "version": counts[0] + counts[2], "ingesting": f"ingest (pid {os.getpid()})"})

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="flashpoint-reads", daemon=True)
    thread.start()
    write_info(db, url, token, role="ingest")
    try:
        yield url
    finally:
        remove_info(db)
        server.should_exit = True
        thread.join(10)
        sock.close()
        read.close()


def wait_for_ingest(db: str | Path, info: dict, say: Callable[[str], None], poll: float = 1.0) -> dict | None:
    """Wait while another ``flashpoint ingest`` holds the database; then the
    server that holds it (if one has started since), else None."""
    say(f"{db} is being ingested by pid {info['pid']}; waiting for it to finish")
    while True:
        time.sleep(poll)
        now = find_server(db)
        if now is None or now.get("role") != "ingest":
            # the ingest withdraws its endpoint before it closes the file:
            # wait for its process to end (a minute at most), or the file is
            # still locked when this one opens it
            deadline = time.monotonic() + 60
            while now is None and _alive(info.get("pid")) and time.monotonic() < deadline:
                time.sleep(min(poll, 0.2))
                now = find_server(db)
            return now


# -- handing articles to a running server ------------------------------------------------------
def _as_json(item: RawArticle | ErrorRecord) -> dict:
    if isinstance(item, ErrorRecord):
        return {"id": item.id, "source": item.source, "error": {"code": item.code, "message": item.message}}
    return {k: v for k, v in dataclasses.asdict(item).items() if v is not None}


def hand_off(info: dict, items: Iterable[RawArticle | ErrorRecord], *, batch: int = HANDOFF_BATCH,
             progress: Callable[[IngestReport], None] | None = None, timeout: float = 3600.0) -> IngestReport:
    """Post articles to the server that holds the database, ``batch`` at a
    time, each answered once stored; the counts of an ingest. A server that
    stops answering is an error naming it: what it stored is kept, and the
    same command run again skips it."""
    report = IngestReport()
    t0 = time.perf_counter()

    def send(chunk: list[RawArticle | ErrorRecord]) -> None:
        try:
            status, body = _request(info["url"] + "/api/articles", info, body=[_as_json(i) for i in chunk], timeout=timeout)
        except _Unreachable as exc:
            raise StoreError(f"the server at {info['url']} stopped answering ({exc}); run the command again: "
                             "what it stored is kept and skipped", code="server") from None
        if status != 200:
            raise StoreError(f"the server at {info['url']} refused the articles ({status}: {body.get('detail')})", code="server")
        report.read += len(chunk)
        report.stored += body["stored"]
        report.skipped += body["already"]
        report.rejected += body["rejected"]
        report.events += body["events"]
        report.clusters = body["clusters"]  # the corpus's, after this batch
        for o in body["articles"]:
            if o["outcome"] == "rejected":
                report.rejected_codes[o["code"]] += 1
        if progress:
            progress(report)

    chunk: list[RawArticle | ErrorRecord] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= batch:
            send(chunk)
            chunk = []
    if chunk:
        send(chunk)
    report.seconds = time.perf_counter() - t0
    return report


def remote_stats(info: dict, top: int = 10) -> dict:
    try:
        status, answer = _request(f"{info['url']}/api/stats?top={int(top)}", info)
    except _Unreachable as exc:
        raise StoreError(f"the server at {info['url']} holds the database but does not answer ({exc})", code="server") from None
    if status != 200:
        raise StoreError(f"the server at {info['url']} refused the request ({status}: {answer.get('detail')})", code="server")
    return answer
