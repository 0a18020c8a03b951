"""How long jobs (generate, load, warm-up) report their stages on stderr.

On a terminal: a live bar per stage (rich redraws them in place). Otherwise (a pipe, a log
file, CI): one line per stage when it ends, with its final count and time, so the demo's
log says what happened without a line per chunk.

A stage ends when it reaches its total, or when the next stage starts (the generator's
"generating people" only announces the work the "writing ..." stages after it do). Reports
on a stage after it ended are ignored.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType

import click
from rich.console import Console
from rich.progress import BarColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress


@dataclass
class _Stage:
    started: float
    done: int = 0
    total: int | None = None
    task: TaskID | None = None

    def finished(self) -> bool:
        return self.total is not None and self.done >= self.total

    def count(self) -> str:
        if self.total is None or self.finished():
            return f"{self.done:,}"
        return f"{self.done:,}/{self.total:,}"


class StageProgress:
    """A ``graph.bundle.Progress`` for the command line; use it as a context manager so the
    live display stops (and the last stages are reported) when the job ends."""

    def __init__(self, console: Console | None = None) -> None:
        self._console = console if console is not None else Console(stderr=True)
        self.live = self._console.is_terminal and not self._console.is_dumb_terminal
        self._stages: dict[str, _Stage] = {}
        self._open: list[str] = []
        self._bars: RichProgress | None = None
        # A stage's work starts when the one before it reported last: producers often
        # report a stage only after its first chunk is done.
        self._last_report = time.perf_counter()

    def __enter__(self) -> StageProgress:
        if self.live:
            self._bars = RichProgress(
                TextColumn("  {task.description}"),
                BarColumn(),
                TextColumn("{task.fields[count]}"),
                TimeElapsedColumn(),
                console=self._console,
            )
            self._bars.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:  # after a failure, unfinished stages did not end: say nothing of them
            self._end_open()
        if self._bars is not None:
            self._bars.stop()
            self._bars = None

    def __call__(self, stage: str, done: int, total: int | None = None) -> None:
        current = self._stages.get(stage)
        if current is None:
            self._end_open()
            current = self._stages[stage] = _Stage(self._last_report, total=total)
            self._open.append(stage)
            if self._bars is not None:
                current.task = self._bars.add_task(stage, total=total, count="")
        elif stage not in self._open:
            return
        self._last_report = time.perf_counter()
        current.done, current.total = done, total
        if self._bars is not None and current.task is not None:
            self._bars.update(current.task, completed=done, total=total, count=current.count())
        if current.finished():
            self._end(stage)

    def _end_open(self) -> None:
        for stage in list(self._open):
            self._end(stage)

    def _end(self, stage: str) -> None:
        self._open.remove(stage)
        current = self._stages[stage]
        seconds = time.perf_counter() - current.started
        # A stage that only announced work (done 0 of a total), or a single step like the
        # warm-up, has no count worth saying.
        announced = (current.done == 0 and bool(current.total)) or current.total == 1
        if self._bars is not None and current.task is not None:
            done = max(current.done, 1) if announced else current.done
            count = "" if announced else f"{current.done:,}"
            self._bars.update(current.task, completed=done, total=done, count=count)
            self._bars.stop_task(current.task)
            return
        what = "" if announced else f"{current.done:,} in "
        click.echo(f"  {stage}: {what}{seconds:.1f}s", err=True)


def echo_counts(counts: Mapping[str, int], notes: Mapping[str, str] | None = None) -> None:
    """One aligned line per count (with its note, if any) and a total, on stdout."""
    notes = notes or {}
    width = max((len(name) for name in counts), default=0)
    for name, count in counts.items():
        note = f"  ({notes[name]})" if name in notes else ""
        click.echo(f"  {name:<{width}}  {count:>12,}{note}")
    click.echo(f"  {'total':<{width}}  {sum(counts.values()):>12,}")
