"""The failure boundary around one input: whatever goes wrong while one
article is cleaned, parsed or coded becomes an ``ErrorRecord`` for that
article (a ``rejected`` row in a corpus) and the run goes on with the next.

- ``InputError``: the article is at fault (its code: empty, too_large, ...).
- ``TooSlow``: the article took longer than its time budget (code
  ``too_slow``; ``budget_for``): rejected rather than left to hang the batch.
- anything else: a fault of the coder on this article (code ``internal``,
  with the exception's class), never the end of the run.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterator

from .errors import InputError
from .model import ErrorRecord

DEFAULT_TIME_BUDGET = 60.0  # seconds to parse, and again to code, an article of up to BUDGET_CHARS
BUDGET_CHARS = 100_000  # a longer article gets proportionally more (coding is linear in length)
FIRST_YEAR, LAST_YEAR = 1000, 8999  # publication dates the coder's date arithmetic stays inside


class TooSlow(InputError):
    """An article that took longer than its time budget."""

    code = "too_slow"


def error_record(exc: BaseException, article_id: str | None, source: str, stage: str = "coder") -> ErrorRecord:
    """The ErrorRecord for a failure on one article: its own code for an
    InputError, ``internal`` with the exception's class for anything else."""
    from .inputs import scrub

    if isinstance(exc, InputError):
        message = str(exc) if exc.source else f"{source}: {exc.message}"
        return ErrorRecord(article_id, exc.code, scrub(message), source)
    detail = scrub(str(exc))[:300]
    return ErrorRecord(article_id, "internal",
                       f"{source}: the {stage} failed on this article ({type(exc).__name__}{': ' + detail if detail else ''}); "
                       "the run went on without it", source)


def budget_for(seconds: float | None, chars: int) -> float | None:
    """The time budget of one article of ``chars`` characters: ``seconds``
    up to BUDGET_CHARS, proportionally more beyond (a 1 MB article, 10x)."""
    if not seconds or seconds <= 0:
        return None
    return seconds * max(1.0, chars / BUDGET_CHARS)


def check_year(published: str | None, source: str) -> None:
    """A publication date whose year the date arithmetic ("next year", "a
    decade ago") can work from; 0001-01-01 with "yesterday" would fail."""
    from .errors import DateError

    if published is None:  # an undated article: nothing to compute from
        return
    year = int(published[:4])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateError(f"'{published}' is outside the years {FIRST_YEAR}-{LAST_YEAR} the coder handles", source=source)


@contextmanager
def time_budget(seconds: float | None, source: str) -> Iterator[None]:
    """Raise TooSlow in the block once ``seconds`` have passed. A timer
    signal interrupts the work where it stands (in the main thread of a Unix
    process, where the CLI, the worker processes and Ray's actors run it);
    elsewhere the budget is checked when the block ends."""
    if not seconds or seconds <= 0:
        yield
        return
    start = time.monotonic()
    can_signal = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not can_signal:
        yield
        if time.monotonic() - start > seconds:
            raise TooSlow(f"coding took over the {seconds:.0f}-second budget of this article", source=source)
        return

    def expired(signum, frame):  # noqa: ARG001 - signal handler signature
        raise TooSlow(f"coding took over the {seconds:.0f}-second budget of this article", source=source)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
