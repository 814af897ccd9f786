"""A progress bar on standard error for long runs (extract, ingest).

Its measure is the bytes of input read, against the total size of the input
files (known before the run: ``inputs.input_bytes``), so the bar has a total
and an ETA even for one large JSON Lines file; articles are counted beside
it. With standard input the total is unknown and the bar only counts.
"""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeRemainingColumn


class ProgressBar:
    """``with ProgressBar(console, total_bytes, "ingesting") as bar:`` pass
    ``bar.read`` to the reader (``iter_inputs(progress=...)``) and call
    ``bar.note("...")`` with the counts to show. Disabled, it does nothing."""

    def __init__(self, console: Console, total_bytes: int | None, label: str, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self.total = total_bytes or None
        self.done = 0
        self.t0 = time.perf_counter()
        self._progress: Progress | None = None
        self._task: Any = None
        if enabled:
            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=24),
                                      TaskProgressColumn(), TextColumn("{task.fields[note]}"), TextColumn("ETA"),
                                      TimeRemainingColumn(), console=console, transient=False)
            self._task = self._progress.add_task(label, total=self.total, note="")

    def __enter__(self) -> "ProgressBar":
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._progress is not None:
            if self.total and not any(exc):
                self._progress.update(self._task, completed=self.total)
            self._progress.stop()

    def read(self, n: int) -> None:
        """Told by the reader: ``n`` more bytes of input were read."""
        self.done += n
        if self._progress is not None:
            self._progress.update(self._task, completed=min(self.done, self.total) if self.total else self.done)

    def note(self, text: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, note=text)

    def rate(self, n: int) -> float:
        return n / max(time.perf_counter() - self.t0, 1e-9)
