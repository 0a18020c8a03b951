"""Settings, read from the environment in one place; CLI options override them.

==========================  ==============================================================
variable                    meaning
==========================  ==============================================================
WARMGRAPH_DB                SQLite file of the embedded store (default ``warmgraph.db``)
WARMGRAPH_HALF_LIFE_DAYS    tie-strength decay half-life in days (default 90)
WARMGRAPH_NOW               the "now" recency is measured from, ISO date/datetime
                            (default: when the process starts)
NEO4J_URI                   use Neo4j instead of the embedded store (bolt:// or neo4j://)
NEO4J_USER                  default ``neo4j``
NEO4J_PASSWORD              never logged
NEO4J_DATABASE              default: the server's default database
==========================  ==============================================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .errors import BadInput, shown
from .strength import DEFAULT_HALF_LIFE_DAYS, StrengthModel

#: The embedded store's SQLite file when neither ``--db`` nor ``WARMGRAPH_DB`` names one.
DEFAULT_DB_PATH = "warmgraph.db"


def parse_instant(text: str) -> datetime:
    """An ISO date or datetime; naive values are UTC."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise BadInput(f"not an ISO date or datetime: {shown(text)}") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Neo4jSettings:
    uri: str
    user: str = "neo4j"
    password: str = field(default="", repr=False)
    database: str | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: str = DEFAULT_DB_PATH
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    now: datetime | None = None
    neo4j: Neo4jSettings | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        neo4j = None
        if env.get("NEO4J_URI"):
            neo4j = Neo4jSettings(
                uri=env["NEO4J_URI"],
                user=env.get("NEO4J_USER", "neo4j"),
                password=env.get("NEO4J_PASSWORD", ""),
                database=env.get("NEO4J_DATABASE") or None,
            )
        half_life = env.get("WARMGRAPH_HALF_LIFE_DAYS")
        now = env.get("WARMGRAPH_NOW")
        return cls(
            db_path=env.get("WARMGRAPH_DB", DEFAULT_DB_PATH),
            half_life_days=float(half_life) if half_life else DEFAULT_HALF_LIFE_DAYS,
            now=parse_instant(now) if now else None,
            neo4j=neo4j,
        )

    def strength_model(self) -> StrengthModel:
        if self.now is None:
            return StrengthModel(half_life_days=self.half_life_days)
        return StrengthModel(half_life_days=self.half_life_days, now=self.now)
