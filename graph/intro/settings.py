"""The introduction requests' tunables from the ``[intros]`` table of the settings file and
the environment (environment wins), checked like the strength settings (``graph.config``):
anything unknown, mistyped or out of range is one line naming the file or variable and key.

==============================  ===============================================  =========
key / variable                  meaning                                          default
==============================  ===============================================  =========
``window_days``                 a team's ask for a target blocks another for     30
WARMGRAPH_INTRO_WINDOW_DAYS     this long (days, > 0)
``capacity``                    open asks a connector takes at once, unless      3
WARMGRAPH_INTRO_CAPACITY        they set their own (``setIntroCapacity``; >= 0)
``expiry_days``                 an ask nobody answered expires after this long   14
WARMGRAPH_INTRO_EXPIRY_DAYS     (days, > 0)
==============================  ===============================================  =========

>>> intro_settings_from({"intros": {"capacity": 5}}, {"WARMGRAPH_INTRO_EXPIRY_DAYS": "7"}, "f")
IntroSettings(window_days=30.0, capacity=5, expiry_days=7.0)
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from ..errors import BadInput, shown
from .model import IntroSettings

TABLE = "intros"
#: key: (environment variable, what it must be, whether it is a whole number)
KEYS: dict[str, tuple[str, str, bool]] = {
    "window_days": ("WARMGRAPH_INTRO_WINDOW_DAYS", "a number of days > 0", False),
    "capacity": ("WARMGRAPH_INTRO_CAPACITY", "a whole number >= 0", True),
    "expiry_days": ("WARMGRAPH_INTRO_EXPIRY_DAYS", "a number of days > 0", False),
}


def _checked(where: str, key: str, value: object) -> float | int:
    _, must, whole = KEYS[key]
    number = None
    if not isinstance(value, bool) and isinstance(value, int | float):
        number = float(value)
    if number is not None and whole and number.is_integer() and number >= 0:
        return int(number)
    if number is not None and not whole and math.isfinite(number) and number > 0:
        return number
    raise BadInput(f"{where}: must be {must} (got {shown(str(value))})")


def _parse(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def intro_settings_from(
    document: Mapping[str, Any], env: Mapping[str, str], path: str | None
) -> IntroSettings:
    """Settings from a parsed settings file (its ``[intros]`` table) and ``env``."""
    found: dict[str, Any] = {}
    table = document.get(TABLE, {})
    if not isinstance(table, dict):
        raise BadInput(f"{path}: {TABLE}: must be a table ([{TABLE}])")
    for key, value in table.items():
        if key not in KEYS:
            raise BadInput(f"{path}: {TABLE}.{key}: unknown setting (known: {', '.join(KEYS)})")
        found[key] = _checked(f"{path}: {TABLE}.{key}", key, value)
    for key, (name, _, _) in KEYS.items():
        if env.get(name):
            found[key] = _checked(name, key, _parse(env[name]))
    return dataclasses.replace(IntroSettings(), **found)
