"""Settings, read from the environment and a TOML file in one place; CLI options override
them (option > environment variable > ``--config`` file > default).

==========================  ==============================================================
variable                    meaning
==========================  ==============================================================
WARMGRAPH_DB                SQLite file of the embedded store (default ``warmgraph.db``)
WARMGRAPH_CONFIG            a TOML settings file (``--config``; its keys are below)
WARMGRAPH_HALF_LIFE_DAYS    tie-strength decay half-life in days, > 0 (default 90)
WARMGRAPH_RECIPROCITY       bonus for two-way activity, >= 0 (default 1.0)
WARMGRAPH_SATURATION        activity at which a tie is ~63% engaged, > 0 (default 4.0)
WARMGRAPH_CONNECTION_BASE   strength of a KNOWS tie without activity, in [0, 1) (default 0.3)
WARMGRAPH_CHANNEL_WEIGHTS   weights per interaction kind, each >= 0, e.g.
                            ``meeting=1.0,email=0.5`` (kinds not named keep their default)
WARMGRAPH_NOW               pins the "now" recency is measured from, ISO date/datetime
                            (default: it moves: midnight UTC of the current day)
WARMGRAPH_INTRO_*           introduction requests' window, capacity and expiry
                            (``graph.intro.settings``; also the ``[intros]`` table)
NEO4J_URI                   use Neo4j instead of the embedded store (bolt:// or neo4j://)
NEO4J_USER                  default ``neo4j``
NEO4J_PASSWORD              never logged
NEO4J_DATABASE              default: the server's default database
==========================  ==============================================================

The TOML file holds one table, ``[strength]`` (the formula is in ``graph.strength``)::

    [strength]
    half_life_days = 60        # > 0
    reciprocity = 1.0          # >= 0
    saturation = 4.0           # > 0
    connection_base = 0.3      # in [0, 1)

    [strength.channel_weights] # each >= 0; kinds not named keep their default
    meeting = 1.0
    email = 0.2

Anything else (an unknown table or key, a value of the wrong type or out of range) is
refused with one line naming the file and the key. A changed setting changes Neo4j's
stored strengths only after ``warmgraph relink``; until then the Neo4j store refuses
strength queries (``graph.store.neo4j.fingerprint``).
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .errors import BadInput, shown
from .intro.model import IntroSettings
from .intro.settings import intro_settings_from
from .model import InteractionKind
from .strength import StrengthModel

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


#: Each scalar strength setting: (its environment variable, lowest value, whether the lowest
#: value itself is allowed, highest value allowed (exclusive) or None, what it must be).
_SCALARS: dict[str, tuple[str, float, bool, float | None, str]] = {
    "half_life_days": ("WARMGRAPH_HALF_LIFE_DAYS", 0.0, False, None, "a number > 0"),
    "reciprocity": ("WARMGRAPH_RECIPROCITY", 0.0, True, None, "a number >= 0"),
    "saturation": ("WARMGRAPH_SATURATION", 0.0, False, None, "a number > 0"),
    "connection_base": ("WARMGRAPH_CONNECTION_BASE", 0.0, True, 1.0, "a number in [0, 1)"),
}
WEIGHTS_KEY = "channel_weights"
WEIGHTS_ENV = "WARMGRAPH_CHANNEL_WEIGHTS"
CONFIG_ENV = "WARMGRAPH_CONFIG"
_KINDS = sorted(str(kind) for kind in InteractionKind)


def _number(value: object, low: float, inclusive: bool, high: float | None) -> float | None:
    """``value`` as a float if it is a number in range, else None (bools are not numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    if not math.isfinite(number) or number < low or (number == low and not inclusive):
        return None
    return None if high is not None and number >= high else number


def _text_number(text: str) -> float | int | str:
    try:
        return float(text)
    except ValueError:
        return text


def _weights(where: str, values: Mapping[str, object]) -> dict[InteractionKind, float]:
    weights = {}
    for kind, value in values.items():
        if kind not in _KINDS:
            raise BadInput(f"{where}.{kind}: unknown interaction kind (known: {', '.join(_KINDS)})")
        weight = _number(value, 0.0, True, None)
        if weight is None:
            raise BadInput(f"{where}.{kind}: must be a number >= 0 (got {shown(str(value))})")
        weights[InteractionKind(kind)] = weight
    return weights


def load_config(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The TOML file as parsed; BadInput of one line naming the file when it cannot be."""
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise BadInput(f"{path}: no such config file") from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot read the config file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise BadInput(f"{path}: not valid TOML ({exc})") from None


def read_config(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The strength settings a TOML file sets (StrengthModel field -> value), checked: a
    BadInput of one line ``PATH: key: problem`` for anything unknown, mistyped or out of
    range."""
    document = load_config(path)
    for key in document:
        if key not in ("strength", "intros"):  # [intros]: graph.intro.settings
            raise BadInput(f"{path}: {key}: unknown setting (the file holds a [strength] table)")
    table = document.get("strength", {})
    if not isinstance(table, dict):
        raise BadInput(f"{path}: strength: must be a table ([strength])")
    found: dict[str, Any] = {}
    for key, value in table.items():
        if key == WEIGHTS_KEY:
            if not isinstance(value, dict):
                raise BadInput(f"{path}: strength.{key}: must be a table of kind = weight")
            try:
                found[key] = _weights(f"strength.{key}", value)
            except BadInput as exc:
                raise BadInput(f"{path}: {exc.message}") from None
            continue
        if key not in _SCALARS:
            known = ", ".join([*_SCALARS, WEIGHTS_KEY])
            raise BadInput(f"{path}: strength.{key}: unknown setting (known: {known})")
        _, low, inclusive, high, must = _SCALARS[key]
        number = _number(value, low, inclusive, high)
        if number is None:
            raise BadInput(f"{path}: strength.{key}: must be {must} (got {shown(str(value))})")
        found[key] = number
    return found


def strength_from_env(env: Mapping[str, str]) -> dict[str, Any]:
    """The strength settings the environment sets, checked like the file's."""
    found: dict[str, Any] = {}
    for key, (name, low, inclusive, high, must) in _SCALARS.items():
        text = env.get(name)
        if not text:
            continue
        number = _number(_text_number(text), low, inclusive, high)
        if number is None:
            raise BadInput(f"{name}: must be {must} (got {shown(text)})")
        found[key] = number
    text = env.get(WEIGHTS_ENV)
    if text:
        values: dict[str, object] = {}
        for item in text.replace(";", ",").split(","):
            kind, sep, value = item.partition("=")
            if not sep:
                raise BadInput(f"{WEIGHTS_ENV}: {shown(item)} is not kind=weight")
            values[kind.strip()] = _text_number(value.strip())
        found[WEIGHTS_KEY] = _weights(WEIGHTS_ENV, values)
    return found


def merge_strength(*layers: Mapping[str, Any]) -> StrengthModel:
    """A model from settings layers, later ones winning; channel weights merge per kind."""
    merged: dict[str, Any] = {}
    weights: dict[InteractionKind, float] = {}
    for layer in layers:
        for key, value in layer.items():
            if key == WEIGHTS_KEY:
                weights.update(value)
            else:
                merged[key] = value
    return StrengthModel(**merged, channel_weights=weights)


@dataclass(frozen=True, slots=True)
class Settings:
    db_path: str = DEFAULT_DB_PATH
    now: datetime | None = None
    neo4j: Neo4jSettings | None = None
    #: the tunable parameters (its own ``now`` unused: ``now`` above pins the clock)
    strength: StrengthModel = field(default_factory=StrengthModel)
    config_path: str | None = None
    #: introduction requests' window, capacity and expiry (``graph.intro.settings``)
    intros: IntroSettings = field(default_factory=IntroSettings)

    @property
    def half_life_days(self) -> float:
        return self.strength.half_life_days

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, config_path: str | None = None
    ) -> Settings:
        """Settings from ``env`` (default: the process environment) and the TOML file
        ``config_path`` (default: ``WARMGRAPH_CONFIG``); BadInput names the key at fault."""
        env = os.environ if env is None else env
        config_path = config_path or env.get(CONFIG_ENV) or None
        from_file = read_config(config_path) if config_path else {}
        neo4j = None
        if env.get("NEO4J_URI"):
            neo4j = Neo4jSettings(
                uri=env["NEO4J_URI"],
                user=env.get("NEO4J_USER", "neo4j"),
                password=env.get("NEO4J_PASSWORD", ""),
                database=env.get("NEO4J_DATABASE") or None,
            )
        now = env.get("WARMGRAPH_NOW")
        return cls(
            db_path=env.get("WARMGRAPH_DB", DEFAULT_DB_PATH),
            now=parse_instant(now) if now else None,
            neo4j=neo4j,
            strength=merge_strength(from_file, strength_from_env(env)),
            config_path=config_path,
            intros=intro_settings_from(
                load_config(config_path) if config_path else {}, env, config_path
            ),
        )

    def with_half_life(self, days: float | None) -> Settings:
        """These settings with the half-life a command-line option gives (None: unchanged)."""
        if days is None:
            return self
        return dataclasses.replace(
            self, strength=dataclasses.replace(self.strength, half_life_days=days)
        )

    def strength_model(self) -> StrengthModel:
        """The model stores compute with: pinned at ``now`` if given, else moving daily."""
        return dataclasses.replace(self.strength, now=self.now)
