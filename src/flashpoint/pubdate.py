"""Publication dates: read from whatever the input carries.

``parse_date_value`` reads one date value as feeds, JSON APIs and CMSs write
them (ISO dates and times, "June 18, 2024", "18 June 2024", "2024/06/18",
RFC 2822, epoch seconds or milliseconds, ...) into YYYY-MM-DD, the only form
the contract's ``published`` takes; ``dateline_date`` finds the date a wire
story states at its top ("Dec 7, 2021 (Reuters) -", "Published: 7 December
2021"). ``choose_published`` applies the precedence: an override, else the
input's own date (field, page metadata, dateline), else the fallback, else
none. A date is never guessed: a value that could be day/month or month/day
is refused rather than read one way.
"""

from __future__ import annotations

import email.utils
import re
from datetime import date, datetime, timezone

from .errors import DateError

_MONTH_NAMES = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                "oct": 10, "nov": 11, "dec": 12}
_MONTH = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
# the date part of a value; whatever follows (a time, a zone) is not read
_FORMS = [
    re.compile(rf"^(?P<year>\d{{4}})[-/.](?P<month>\d{{1,2}})[-/.](?P<day>\d{{1,2}})(?:$|[T\s_])", re.I),
    re.compile(rf"^{_WEEKDAY}{_DAY}[\s-]+(?:of\s+)?{_MONTH}[\s,-]+{_YEAR}\b", re.I),
    re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"^{_WEEKDAY}{_MONTH}[\s-]+{_DAY}[\s-]+{_YEAR}\b", re.I),
]
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<year>\d{4})(?:$|[T\s,])")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # 20240618, as GDELT writes dates
_EPOCH = re.compile(r"^-?\d{9,13}(?:\.\d+)?$")

# The fields of a JSON article that may carry its date, in the order they are tried.
JSON_DATE_FIELDS = ("published", "date", "pubDate", "datePublished", "published_at", "publishedAt", "pub_date")


def _month(word: str) -> int:
    return _MONTH_NAMES[word.lower().rstrip(".")[:3]]


def _day(year: int, month: int, day: int, raw: str, source: str | None) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise DateError(f"'{raw}' is not a real date", source=source) from None


def parse_date_value(value: object, source: str | None = None) -> str | None:
    """YYYY-MM-DD for a date value, None for an empty one; a DateError naming
    the input for a value that is not a date (or is ambiguous)."""
    if value is None or isinstance(value, bool):
        return None if value is None else _refuse(value, source)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return _epoch(float(value), str(value), source)
    s = str(value).strip()
    if not s:
        return None
    if _EPOCH.match(s):
        return _epoch(float(s), s, source)
    m = _COMPACT.match(s)
    if m:
        return _day(int(m[1]), int(m[2]), int(m[3]), s, source)
    for rx in _FORMS:
        m = rx.match(s)
        if m:
            month = int(m["month"]) if "month" in rx.groupindex else _month(m["mon"])
            return _day(int(m["year"]), month, int(m["day"]), s, source)
    m = _NUMERIC.match(s)
    if m:
        a, b = int(m["a"]), int(m["b"])
        if a > 12 >= b or a == b:  # 18/06/2024
            return _day(int(m["year"]), b, a, s, source)
        if b > 12 >= a:  # 06/18/2024
            return _day(int(m["year"]), a, b, s, source)
        raise DateError(f"'{s}' could be day/month or month/day; write it as YYYY-MM-DD", source=source)
    try:  # RFC 2822, as RSS writes it: "Tue, 07 Dec 2021 10:00:00 GMT"
        dt = email.utils.parsedate_to_datetime(s)
        if dt is not None:
            return dt.date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return _refuse(s, source)


def _refuse(value: object, source: str | None) -> str:
    raise DateError(f"'{value}' is not a date flashpoint can read (YYYY-MM-DD, 'June 18, 2024', '18 June 2024', "
                    "RFC 2822 or epoch seconds/milliseconds)", source=source)


def _epoch(x: float, raw: str, source: str | None) -> str:
    """Epoch seconds, or milliseconds when the number is too large to be
    seconds of this era (above 10^11, the year 5138)."""
    seconds = x / 1000 if abs(x) >= 1e11 else x
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()
    except (OverflowError, OSError, ValueError):
        raise DateError(f"'{raw}' is not an epoch time flashpoint can read", source=source) from None


# -- the dateline: a date a story states at its top ------------------------------------
def _g(rx: str, k: int) -> str:
    """A pattern with its group names numbered, so alternatives can share them."""
    return re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{m[1]}{k}>", rx)


_TEXT_DATE = (rf"(?:{_WEEKDAY}{_g(_MONTH, 1)}\s+{_g(_DAY, 1)},?\s+{_g(_YEAR, 1)}"
              rf"|{_WEEKDAY}{_g(_DAY, 2)}\s+(?:of\s+)?{_g(_MONTH, 2)},?\s+{_g(_YEAR, 2)}"
              r"|(?P<iso>\d{4}-\d{2}-\d{2}))")
# "Dec 7, 2021 (Reuters) -", "MOSCOW, December 7, 2021 —", "KYIV, 7 December 2021 (AP) -"
_WIRE = re.compile(rf"^(?:[A-Z][A-Za-z.'’ /-]{{1,40}},\s*)?{_TEXT_DATE}\s*(?:\([^)]{{1,30}}\)\s*)?[-–—|:]", re.I)
# "Published: 7 December 2021", "Updated Dec 7, 2021 10:00 GMT", "Posted on 2021-12-07"
_LABELLED = re.compile(rf"^(?:published|posted|updated|first published|date)(?:\s+on)?\s*:?\s*{_TEXT_DATE}", re.I)
# a line holding nothing but a date (and perhaps a time)
_ALONE = re.compile(rf"^{_TEXT_DATE}\s*(?:,?\s*\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{{2,4}})?)?\s*$", re.I)
_HEAD_LINES = 8  # a dateline is in the first lines of a story, before its body runs on


def dateline_date(text: str) -> str | None:
    """The date a story gives at its top, as YYYY-MM-DD, or None. Only a full
    date (with its year) in a dateline position counts: a date inside a
    headline or a sentence is what the story is about, not when it was
    written."""
    lines = [ln.strip() for ln in text[:3000].splitlines() if ln.strip()][:_HEAD_LINES]
    for line in lines:
        for rx in (_WIRE, _LABELLED, _ALONE):
            m = rx.match(line)
            if m:
                try:
                    if m["iso"]:
                        return parse_date_value(m["iso"])
                    k = 1 if m["year1"] else 2
                    return _day(int(m[f"year{k}"]), _month(m[f"mon{k}"]), int(m[f"day{k}"]), m.group(0), None)
                except DateError:
                    continue
    return None


def choose_published(own: object, *, source: str, fallback: str | None = None, override: str | None = None,
                     text: str | None = None, own_kind: str = "field") -> tuple[str | None, str | None]:
    """(published, where it came from) by the precedence: ``override`` (the
    user's --override-date), the input's own date (``own``: a field or the
    page's metadata; a value there that is not a date is an error), a
    dateline at the top of ``text``, ``fallback`` (--published), else none."""
    if override:
        return parse_date_value(override, "--override-date"), "override"
    mine = parse_date_value(own, source)
    if mine:
        return mine, own_kind
    if text:
        found = dateline_date(text)
        if found:
            return found, "dateline"
    if fallback:
        return parse_date_value(fallback, "--published"), "default"
    return None, None
