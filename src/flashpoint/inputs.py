"""Reading articles: plain text, HTML, JSON, JSON Lines and RSS/Atom files,
one file or whole folders. Every bad input becomes an ``InputError`` (or an
``ErrorRecord`` in a batch) that names the input and the reason."""

from __future__ import annotations

import codecs
import io
import itertools
import json
import os
import re
import stat
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from .errors import DateError, InputError
from .model import ErrorRecord, stable_id
from .pubdate import JSON_DATE_FIELDS, parse_date_value

MAX_BYTES = 5 * 1024 * 1024  # one article file; a JSONL or RSS file may be larger (see MAX_BATCH_BYTES)
MAX_BATCH_BYTES = 2 * 1024**3  # a JSONL or feed file, or JSON Lines on standard input
MAX_ARTICLE_CHARS = 1_000_000
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}


@dataclass(frozen=True)
class RawArticle:
    """An article as read, before cleaning."""

    source: str  # file path, "path:line", or "<stdin>"
    text: str | None = None
    html: str | None = None
    published: str | None = None
    id: str | None = None
    title: str | None = None
    url: str | None = None
    # the user's dates (--published, --override-date): the first fills only
    # what the input lacks, the second replaces whatever it carries
    published_default: str | None = None
    published_override: str | None = None


def parse_published(value, source: str) -> str:
    """A publication date as YYYY-MM-DD, or a DateError naming the input
    (for a date the user gives; an article's own date may be missing)."""
    parsed = parse_date_value(value, source)
    if parsed is None:
        raise DateError("no publication date: give a date such as 2021-12-07", source=source)
    return parsed


def decode_bytes(data: bytes, source: str) -> str:
    if not data.strip():
        raise InputError("the input is empty", source=source, code="empty")
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        raise InputError("the input is binary, not text (it contains NUL bytes)", source=source, code="binary")
    for enc in ("utf-8-sig", "utf-16") if head.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            text = None
    if text is None:
        # Not UTF-8. A Windows-1252 page decodes fine and ftfy repairs it;
        # anything with C1 control bytes there is not text we can trust.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError("the input is not UTF-8 text and cannot be decoded", source=source, code="undecodable") from None
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:20000]) // 50):
        raise InputError("the input is binary, not text (too many control characters)", source=source, code="binary")
    return text


def display_name(path: str | Path) -> str:
    """A path as text that can be printed and stored: bytes of a file name
    that are not UTF-8 (kept by Python as lone surrogates) shown as \\xNN."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def scrub(text: str) -> str:
    """A string that can be encoded as UTF-8: lone surrogates (JSON's
    "\\ud800") become U+FFFD, which no store or printer refuses."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def read_bounded(stream, limit: int, source: str) -> bytes:
    """At most ``limit`` bytes of a stream (a file, FIFO, device or standard
    input), never more held in memory: one byte more is a too_large error."""
    chunks, total = [], 0
    while True:
        chunk = stream.read(min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise InputError(f"the input is over the {limit:,}-byte limit", source=source, code="too_large")
    return b"".join(chunks)


def read_bytes(path: Path, limit: int) -> bytes:
    """A file's bytes, bounded by ``limit`` whatever it is: a regular file's
    size is checked first, a FIFO or device (/dev/zero) is read only up to
    the limit."""
    name = display_name(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", source=name, code="unreadable") from None
    if size > limit:
        raise InputError(f"the file is {size:,} bytes, over the {limit:,}-byte limit", source=name, code="too_large")
    try:
        with open(path, "rb") as f:
            return read_bounded(f, limit, name)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", source=name, code="unreadable") from None


def _loads(text: str, source: str):
    """JSON, or an InputError: malformed, or nested too deeply to read."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})", source=source, code="bad_json") from None
    except RecursionError:
        raise InputError("the JSON is nested too deeply to read", source=source, code="bad_json") from None


def _json_id(value) -> str | None:
    """An article id as given in JSON: a string or a number, kept as a string."""
    if value is None or isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return scrub(str(value))


def _json_field(obj: dict, name: str, source: str) -> str | None:
    """An optional text field (title, url): a string, a number (as its
    string), or null; anything else is an error naming the field."""
    value = obj.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise InputError(f"the '{name}' field must be a string, not {type(value).__name__}", source=source, code="bad_json")
    return scrub(str(value))


def article_from_json(obj, source: str, published: str | None, override: str | None = None) -> RawArticle:
    if not isinstance(obj, dict):
        raise InputError("a JSON article must be an object with 'text' or 'html'", source=source, code="bad_json")
    text, html = obj.get("text"), obj.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        raise InputError("the JSON article has no 'text' or 'html' string", source=source, code="no_text")
    if isinstance(text, str) and not text.strip() and not html:
        raise InputError("the article text is empty", source=source, code="empty")
    own = next((obj[k] for k in JSON_DATE_FIELDS if obj.get(k) not in (None, "")), None)
    if isinstance(own, str):
        own = scrub(own)
    return RawArticle(source, scrub(text) if isinstance(text, str) else None, scrub(html) if isinstance(html, str) else None,
                      own, _json_id(obj.get("id")), _json_field(obj, "title", source), _json_field(obj, "url", source),
                      published, override)


Progress = Callable[[int], None]  # told the bytes of input consumed, as they are consumed
CHUNK = 64 * 1024


def _decode_line(data: bytes) -> str:
    """One line or chunk of a stream: UTF-8, else Windows-1252 (ftfy repairs it later)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _stream_check(head: bytes, source: str) -> ErrorRecord | None:
    """What a stream's first bytes show: empty or binary, as for a whole file."""
    try:
        decode_bytes(head, source) if head.strip() else None
    except InputError as exc:
        if exc.code == "binary":
            return ErrorRecord(None, exc.code, str(exc), source)
    return None


class _LongLine(bytes):
    """A line past the limit of one article: only its first bytes were kept
    (the rest was read and let go)."""

    size: int = 0


def bounded_lines(stream: io.IOBase | BinaryIO, limit: int = MAX_BYTES) -> Iterator[bytes]:
    """The lines of a binary stream, none held longer than ``limit`` bytes: a
    longer line is read through in chunks and comes out as a _LongLine."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = stream.readline(limit + 1)
            if not line:
                break
            size += len(line)
        long = _LongLine(b"")
        long.size = size
        yield long


def iter_jsonl(stream: BinaryIO | Iterable[bytes], source: str, published: str | None, override: str | None = None,
               progress: Progress | None = None) -> Iterator[RawArticle | ErrorRecord]:
    """Articles of a JSON Lines stream, one line at a time: memory holds one
    line, however long the file, and a line is at most one article's limit
    (a longer one is ``too_large``, and the stream goes on)."""
    seen = False
    lines: Iterable[bytes] = bounded_lines(stream) if isinstance(stream, io.IOBase) else stream
    for n, raw in enumerate(lines, 1):
        if isinstance(raw, _LongLine):
            seen = True
            if progress:
                progress(raw.size)
            where = f"{source}:{n}"
            yield ErrorRecord(None, "too_large", f"{where}: the line is {raw.size:,} bytes, over the {MAX_BYTES:,}-byte "
                                                 "limit of one article", where)
            continue
        if progress:
            progress(len(raw))
        if n == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        seen = True
        where = f"{source}:{n}"
        if b"\x00" in raw:
            yield ErrorRecord(None, "binary", f"{where}: the line is binary, not text (it contains NUL bytes)", where)
            continue
        try:
            obj = _loads(_decode_line(raw), where)
        except InputError as exc:
            yield ErrorRecord(None, exc.code, str(exc), where)
            continue
        try:
            yield article_from_json(obj, where, published, override)
        except InputError as exc:
            yield ErrorRecord(_json_id(obj.get("id")) if isinstance(obj, dict) else None, exc.code, str(exc), where)
    if not seen:
        yield ErrorRecord(None, "empty", f"{source}: the input is empty", source)


def iter_feed(stream: BinaryIO, source: str, published: str | None, override: str | None = None,
              progress: Progress | None = None) -> Iterator[RawArticle | ErrorRecord]:
    """Items of an RSS or Atom stream, parsed as they arrive: each item is
    let go once read, so memory holds one item, however long the feed."""
    import xml.etree.ElementTree as ET

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1].lower()

    parser: ET.XMLPullParser = ET.XMLPullParser(events=("start", "end"))
    stack: list[ET.Element] = []
    k = 0
    decoder: codecs.IncrementalDecoder | None = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        while True:
            chunk = stream.read(CHUNK)
            if progress and chunk:
                progress(len(chunk))
            if chunk:
                text = None
                if decoder is not None:
                    try:
                        text = decoder.decode(chunk)
                    except UnicodeDecodeError:
                        decoder = None  # not UTF-8: Windows-1252 from here on, as for a file
                parser.feed(text if text is not None else chunk.decode("cp1252", errors="replace"))
            else:
                parser.close()
            for pair in parser.read_events():
                event, el = typing.cast(tuple[str, ET.Element], pair)  # start and end events carry elements
                if event == "start":
                    stack.append(el)
                    continue
                stack.pop()
                if local(el.tag) not in ("item", "entry"):
                    continue
                k += 1
                yield _feed_item(el, f"{source}#item{k}", published, override, local)
                if stack:  # let the item go: nothing keeps a read item
                    stack[-1].remove(el)
            if not chunk:
                break
    except ET.ParseError as exc:
        yield ErrorRecord(None, "bad_feed", f"{source}: not a well-formed RSS/Atom file ({exc})", source)
        return
    if k == 0:
        yield ErrorRecord(None, "bad_feed", f"{source}: the feed has no items", source)


def _feed_item(item, where: str, published: str | None, override: str | None, local) -> RawArticle | ErrorRecord:
    fields: dict[str, str] = {}
    for child in item:
        name = local(child.tag)
        val = (child.text or "").strip() or child.attrib.get("href", "")
        if name in ("encoded", "content") and val:
            fields["content"] = val
        elif name in ("description", "summary") and val:
            fields.setdefault("description", val)
        elif name in ("pubdate", "published", "updated", "date") and val:
            fields.setdefault("date", val)
        elif name in ("title", "link", "guid", "id") and val:
            fields.setdefault(name, val)
    body = fields.get("content") or fields.get("description")
    if not body:
        return ErrorRecord(fields.get("guid"), "no_text", f"{where}: the feed item has no content or description", where)
    is_html = bool(re.search(r"<\s*(p|div|br|span|a)\b", body, re.I))
    return RawArticle(where, None if is_html else body, body if is_html else None, fields.get("date"),
                      fields.get("guid") or fields.get("id"), fields.get("title"), fields.get("link"), published, override)


def read_path(path: str | Path, published: str | None = None, *, override: str | None = None, max_bytes: int = MAX_BYTES,
              progress: Progress | None = None) -> Iterator[RawArticle | ErrorRecord]:
    """Articles in a file or, recursively, a folder (in sorted order, so runs
    are repeatable). Unreadable inputs come out as ErrorRecords. ``published``
    dates the articles that carry no date of their own; ``override`` dates
    every article, whatever it carries. JSON Lines and feeds are read as
    streams. ``progress`` is told the bytes read as they are read."""
    p = Path(path)
    if str(path) == "-":
        yield from _guarded(_read_stdin(published, override, progress, max_bytes), "<stdin>")
        return
    if p.is_dir():
        yield from _read_folder(p, published, override, max_bytes, progress)
        return
    yield from _guarded(_read_file(p, published, override, max_bytes, progress), display_name(p))


def _read_folder(folder: Path, published: str | None, override: str | None, max_bytes: int,
                 progress: Progress | None) -> Iterator[RawArticle | ErrorRecord]:
    """Every regular file of a folder, recursively; what cannot be listed or
    is not a regular file (a FIFO would block, a device never ends) reported."""
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        for failure in errors:  # a subfolder os.walk could not list
            where = display_name(failure.filename or root)
            yield ErrorRecord(None, "unreadable", f"{where}: cannot read the folder: {failure.strerror}", where)
        errors.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if f.startswith("."):
                continue
            fp = Path(root) / f
            where = display_name(fp)
            try:
                mode = fp.stat().st_mode
            except OSError as exc:
                yield ErrorRecord(None, "unreadable", f"{where}: cannot read the file: {exc.strerror}", where)
                continue
            if not stat.S_ISREG(mode):
                yield ErrorRecord(None, "not_a_file", f"{where}: not a regular file (a FIFO, socket or device); "
                                  "name it on its own to read it", where)
                continue
            yield from _guarded(_read_file(fp, published, override, max_bytes, progress), where)
    for failure in errors:
        where = display_name(failure.filename or folder)
        yield ErrorRecord(None, "unreadable", f"{where}: cannot read the folder: {failure.strerror}", where)


def _read_file(p: Path, published: str | None, override: str | None, max_bytes: int,
               progress: Progress | None) -> Iterator[RawArticle | ErrorRecord]:
    name = display_name(p)
    if not p.exists():
        yield ErrorRecord(None, "not_found", f"{name}: no such file or folder", name)
        return
    suffix = p.suffix.lower()
    if suffix in {".jsonl", ".ndjson"} | FEED_SUFFIXES:
        yield from _read_stream(p, suffix, published, override, progress)
        return
    try:
        data = read_bytes(p, max_bytes)
    except InputError as exc:
        yield ErrorRecord(None, exc.code, str(exc), name)
        return
    if progress:
        progress(len(data))
    yield from _read_one(data, name, suffix, published, override)


def _read_stream(p: Path, suffix: str, published: str | None, override: str | None,
                 progress: Progress | None) -> Iterator[RawArticle | ErrorRecord]:
    source = display_name(p)
    try:
        size = p.stat().st_size
        if size > MAX_BATCH_BYTES:
            raise InputError(f"the file is {size:,} bytes, over the {MAX_BATCH_BYTES:,}-byte limit", source=source, code="too_large")
        fh = p.open("rb")
    except OSError as exc:
        yield ErrorRecord(None, "unreadable", f"{source}: cannot read the file: {exc.strerror}", source)
        return
    except InputError as exc:
        yield ErrorRecord(None, exc.code, str(exc), source)
        return
    with fh:
        head = fh.read(8192)
        fh.seek(0)
        if not head.strip():
            yield ErrorRecord(None, "empty", f"{source}: the input is empty", source)
            return
        bad = _stream_check(head, source)
        if bad is not None:
            yield bad
            return
        if suffix in FEED_SUFFIXES:
            yield from iter_feed(fh, source, published, override, progress)
        else:
            yield from iter_jsonl(fh, source, published, override, progress)


def _read_stdin(published: str | None, override: str | None, progress: Progress | None,
                max_bytes: int = MAX_BYTES) -> Iterator[RawArticle | ErrorRecord]:
    """Standard input: JSON Lines (a first line that is a whole JSON object)
    are streamed line by line; anything else is read whole, as a file is."""
    import sys

    stdin = sys.stdin.buffer
    blank: list[bytes] = []  # leading blank lines, kept so that line numbers stay right
    # every read bounded: a first line (or blank lines) past one article's limit is too large
    first = stdin.readline(max_bytes + 1)
    while first and not first.strip() and sum(map(len, blank)) <= max_bytes:
        blank.append(first)
        first = stdin.readline(max_bytes + 1)
    try:
        looks_jsonl = isinstance(json.loads(_decode_line(first).lstrip("\ufeff")), dict)
    except (json.JSONDecodeError, RecursionError):
        looks_jsonl = False
    if looks_jsonl:
        yield from iter_jsonl(itertools.chain(blank, [first], bounded_lines(stdin, max_bytes)), "<stdin>", published,
                              override, progress)
        return
    head = b"".join(blank) + first
    if len(head) > max_bytes:
        yield ErrorRecord(None, "too_large", f"<stdin>: the input is over the {max_bytes:,}-byte limit of one article "
                          "(only JSON Lines may be longer)", "<stdin>")
        return
    try:  # one article: bounded as a file is (only JSON Lines, above, may be longer)
        data = head + read_bounded(stdin, max(0, max_bytes - len(head)), "<stdin>")
    except InputError as exc:
        yield ErrorRecord(None, exc.code, f"<stdin>: the input is over the {max_bytes:,}-byte limit of one article "
                          "(only JSON Lines may be longer)", "<stdin>")
        return
    if progress:
        progress(len(data))
    yield from _read_one(data, "<stdin>", "", published, override)


def _guarded(items: Iterator[RawArticle | ErrorRecord], source: str) -> Iterator[RawArticle | ErrorRecord]:
    """The reader's failure boundary: whatever goes wrong reading one input
    becomes an ErrorRecord for it (code ``internal``, with the exception's
    class), and the caller goes on to the next input."""
    try:
        yield from items
    except Exception as exc:  # noqa: BLE001 - the boundary: any failure on one input
        yield ErrorRecord(None, "internal", f"{source}: the reader failed on this input ({type(exc).__name__}: "
                          f"{scrub(str(exc))[:300]})", source)


def _read_one(data: bytes, source: str, suffix: str, published: str | None,
              override: str | None = None) -> Iterator[RawArticle | ErrorRecord]:
    """One whole input already in memory (an article file, or standard input)."""
    try:
        text = decode_bytes(data, source)
    except InputError as exc:
        yield ErrorRecord(None, exc.code, str(exc), source)
        return
    stripped = text.lstrip()
    if suffix == ".json" or (source == "<stdin>" and stripped.startswith(("{", "["))):
        try:
            obj = _loads(text, source)
        except InputError as exc:
            yield ErrorRecord(None, exc.code, str(exc), source)
            return
        objs = obj if isinstance(obj, list) else [obj]
        for k, o in enumerate(objs):
            where = source if len(objs) == 1 else f"{source}[{k}]"
            try:
                yield article_from_json(o, where, published, override)
            except InputError as exc:
                yield ErrorRecord(None, exc.code, str(exc), where)
    elif re.match(r"<\?xml[^>]*>\s*<(rss|feed)\b", stripped[:300]) or stripped.startswith(("<rss", "<feed")):
        yield from iter_feed(io.BytesIO(text.encode("utf-8")), source, published, override)
    elif suffix in HTML_SUFFIXES or re.match(r"<(!doctype html|html)\b", stripped[:100], re.I):
        yield RawArticle(source, None, text, None, published_default=published, published_override=override)
    else:
        yield RawArticle(source, text, None, None, published_default=published, published_override=override)


def iter_inputs(paths: Iterable[str | Path], published: str | None = None, **kw) -> Iterator[RawArticle | ErrorRecord]:
    for p in paths:
        yield from read_path(p, published, **kw)


def input_bytes(paths: Iterable[str | Path]) -> int | None:
    """The bytes ``iter_inputs`` will read from these paths (for a progress
    bar's total and ETA), or None when that cannot be known (standard input)."""
    total = 0
    for path in paths:
        if str(path) == "-":
            return None
        p = Path(path)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                total += sum(_size(Path(root) / f) for f in files if not f.startswith("."))
        else:
            total += _size(p)
    return total


def _size(p: Path) -> int:
    try:
        return p.stat().st_size
    except OSError:
        return 0


def article_id(raw: RawArticle, cleaned_text: str) -> str:
    """Given ids are kept; otherwise a hash of the cleaned text and URL, so
    the same article read twice has the same id."""
    return str(raw.id) if raw.id else stable_id(cleaned_text, raw.url or "")
