"""Reading articles: plain text, HTML, JSON, JSON Lines and RSS/Atom files,
one file or whole folders. Every bad input becomes an ``InputError`` (or an
``ErrorRecord`` in a batch) that names the input and the reason."""

from __future__ import annotations

import email.utils
import json
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Iterator

from .errors import DateError, InputError
from .model import ErrorRecord, stable_id

MAX_BYTES = 5 * 1024 * 1024  # one article file; a JSONL or RSS file may be larger (see MAX_BATCH_BYTES)
MAX_BATCH_BYTES = 2 * 1024**3
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


def parse_published(value, source: str) -> str:
    """A publication date as YYYY-MM-DD, or a DateError naming the input."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DateError("no publication date: give --published YYYY-MM-DD or a 'published' field", source=source)
    if isinstance(value, (date, datetime)):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    s = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            raise DateError(f"'{s}' is not a real date", source=source) from None
    try:  # RSS: "Tue, 07 Dec 2021 10:00:00 GMT"
        dt = email.utils.parsedate_to_datetime(s)
        if dt is not None:
            return dt.date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    raise DateError(f"'{s}' is not a date in the form YYYY-MM-DD", source=source)


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


def read_bytes(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", source=str(path), code="unreadable") from None
    if size > limit:
        raise InputError(f"the file is {size:,} bytes, over the {limit:,}-byte limit", source=str(path), code="too_large")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", source=str(path), code="unreadable") from None


def article_from_json(obj, source: str, published: str | None) -> RawArticle:
    if not isinstance(obj, dict):
        raise InputError("a JSON article must be an object with 'text' or 'html'", source=source, code="bad_json")
    text, html = obj.get("text"), obj.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        raise InputError("the JSON article has no 'text' or 'html' string", source=source, code="no_text")
    if isinstance(text, str) and not text.strip() and not html:
        raise InputError("the article text is empty", source=source, code="empty")
    pub = obj.get("published") or obj.get("date") or published
    return RawArticle(source, text if isinstance(text, str) else None, html if isinstance(html, str) else None,
                      pub, obj.get("id"), obj.get("title"), obj.get("url"))


def iter_jsonl(text: str, source: str, published: str | None) -> Iterator[RawArticle | ErrorRecord]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ErrorRecord(None, "bad_json", f"{where}: not valid JSON ({exc.msg} at column {exc.colno})", where)
            continue
        try:
            yield article_from_json(obj, where, published)
        except InputError as exc:
            yield ErrorRecord(obj.get("id") if isinstance(obj, dict) else None, exc.code, str(exc), where)


def iter_feed(text: str, source: str, published: str | None) -> Iterator[RawArticle | ErrorRecord]:
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        yield ErrorRecord(None, "bad_feed", f"{source}: not a well-formed RSS/Atom file ({exc})", source)
        return

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1].lower()

    items = [el for el in root.iter() if local(el.tag) in ("item", "entry")]
    if not items:
        yield ErrorRecord(None, "bad_feed", f"{source}: the feed has no items", source)
    for k, item in enumerate(items, 1):
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
        where = f"{source}#item{k}"
        if not body:
            yield ErrorRecord(fields.get("guid"), "no_text", f"{where}: the feed item has no content or description", where)
            continue
        is_html = bool(re.search(r"<\s*(p|div|br|span|a)\b", body, re.I))
        yield RawArticle(where, None if is_html else body, body if is_html else None,
                         fields.get("date") or published, fields.get("guid") or fields.get("id"), fields.get("title"), fields.get("link"))


def read_path(path: str | Path, published: str | None = None, *, max_bytes: int = MAX_BYTES) -> Iterator[RawArticle | ErrorRecord]:
    """Articles in a file or, recursively, a folder (in sorted order, so runs
    are repeatable). Unreadable inputs come out as ErrorRecords."""
    p = Path(path)
    if str(path) == "-":
        import sys

        data = sys.stdin.buffer.read()
        yield from _read_one(data, "<stdin>", "", published)
        return
    if p.is_dir():
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in sorted(files):
                if not f.startswith("."):
                    yield from read_path(Path(root) / f, published, max_bytes=max_bytes)
        return
    if not p.exists():
        yield ErrorRecord(None, "not_found", f"{p}: no such file or folder", str(p))
        return
    suffix = p.suffix.lower()
    limit = MAX_BATCH_BYTES if suffix in {".jsonl", ".ndjson"} | FEED_SUFFIXES else max_bytes
    try:
        data = read_bytes(p, limit)
    except InputError as exc:
        yield ErrorRecord(None, exc.code, str(exc), str(p))
        return
    yield from _read_one(data, str(p), suffix, published)


def _read_one(data: bytes, source: str, suffix: str, published: str | None) -> Iterator[RawArticle | ErrorRecord]:
    try:
        text = decode_bytes(data, source)
    except InputError as exc:
        yield ErrorRecord(None, exc.code, str(exc), source)
        return
    stripped = text.lstrip()
    if suffix in (".jsonl", ".ndjson") or (suffix == "" and source == "<stdin>" and stripped.startswith("{") and "\n{" in stripped.strip()):
        yield from iter_jsonl(text, source, published)
    elif suffix == ".json" or (source == "<stdin>" and stripped.startswith("{")):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield ErrorRecord(None, "bad_json", f"{source}: not valid JSON ({exc.msg} at line {exc.lineno})", source)
            return
        objs = obj if isinstance(obj, list) else [obj]
        for k, o in enumerate(objs):
            where = source if len(objs) == 1 else f"{source}[{k}]"
            try:
                yield article_from_json(o, where, published)
            except InputError as exc:
                yield ErrorRecord(None, exc.code, str(exc), where)
    elif suffix in FEED_SUFFIXES or re.match(r"<\?xml[^>]*>\s*<(rss|feed)\b", stripped[:300]) or stripped.startswith(("<rss", "<feed")):
        yield from iter_feed(text, source, published)
    elif suffix in HTML_SUFFIXES or re.match(r"<(!doctype html|html)\b", stripped[:100], re.I):
        yield RawArticle(source, None, text, published)
    else:
        yield RawArticle(source, text, None, published)


def iter_inputs(paths: Iterable[str | Path], published: str | None = None, **kw) -> Iterator[RawArticle | ErrorRecord]:
    for p in paths:
        yield from read_path(p, published, **kw)


def article_id(raw: RawArticle, cleaned_text: str) -> str:
    """Given ids are kept; otherwise a hash of the cleaned text and URL, so
    the same article read twice has the same id."""
    return str(raw.id) if raw.id else stable_id(cleaned_text, raw.url or "")
