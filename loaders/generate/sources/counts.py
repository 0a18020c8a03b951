"""What parsing a generated export must report, so tests can check the parser against it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class GeneratedCounts:
    """The parser's expected ``report.rows_read``, interactions, people (when the generator
    knows them exactly) and ``report.skipped`` for a generated file."""

    rows: int = 0
    interactions: int = 0
    people: int | None = None
    skipped: Counter[str] = field(default_factory=Counter)
