"""Strength settings: a TOML file and the environment, checked with one-line errors; and a
"now" that moves daily in a long-running service (an injected clock, no sleeping)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from graph.config import Settings, read_config
from graph.errors import BadInput
from graph.model import Interaction, InteractionKind, Person
from graph.service import WarmgraphService
from graph.store.embedded import EmbeddedStore
from graph.strength import CHANNEL_WEIGHTS, StrengthModel


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "warmgraph.toml"
    path.write_text(text)
    return path


def test_a_file_sets_every_parameter_and_kinds_not_named_keep_their_default(tmp_path):
    path = write(
        tmp_path,
        "[strength]\nhalf_life_days = 30\nreciprocity = 0\nsaturation = 2.5\n"
        "connection_base = 0.1\n[strength.channel_weights]\nemail = 2\n",
    )
    model = Settings.from_env({}, str(path)).strength
    assert (model.half_life_days, model.reciprocity, model.saturation) == (30, 0, 2.5)
    assert model.connection_base == 0.1
    assert model.channel_weights[InteractionKind.EMAIL] == 2.0
    assert model.channel_weights[InteractionKind.MEETING] == CHANNEL_WEIGHTS["meeting"]
    assert model.fingerprint() != StrengthModel().fingerprint()


def test_the_environment_overrides_the_file(tmp_path):
    path = write(tmp_path, "[strength]\nhalf_life_days = 30\nsaturation = 2.5\n")
    env = {
        "WARMGRAPH_CONFIG": str(path),
        "WARMGRAPH_HALF_LIFE_DAYS": "7",
        "WARMGRAPH_CHANNEL_WEIGHTS": "meeting=0.25, like=0",
    }
    model = Settings.from_env(env).strength
    assert (model.half_life_days, model.saturation) == (7.0, 2.5)
    assert model.channel_weights[InteractionKind.MEETING] == 0.25
    assert model.channel_weights[InteractionKind.LIKE] == 0.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[strength]\nhalf_life = 3\n", "strength.half_life: unknown setting"),
        ("[server]\nport = 1\n", "server: unknown setting"),
        ('[strength]\nsaturation = "high"\n', "strength.saturation: must be a number > 0"),
        ("[strength]\nhalf_life_days = true\n", "strength.half_life_days: must be a number > 0"),
        ("[strength]\nhalf_life_days = 0\n", "strength.half_life_days: must be a number > 0"),
        ("[strength]\nreciprocity = -1\n", "strength.reciprocity: must be a number >= 0"),
        ("[strength]\nconnection_base = 1.0\n", "strength.connection_base: must be a number in"),
        ("[strength]\nconnection_base = -0.1\n", "strength.connection_base: must be a number in"),
        ("[strength.channel_weights]\nfax = 1\n", "strength.channel_weights.fax: unknown"),
        ("[strength.channel_weights]\nemail = -1\n", "channel_weights.email: must be a number"),
        ("[strength]\nchannel_weights = 3\n", "strength.channel_weights: must be a table"),
        ("strength = [1\n", "not valid TOML"),
    ],
)
def test_a_bad_file_is_one_line_naming_the_file_and_the_key(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(BadInput) as caught:
        read_config(path)
    message = caught.value.message
    assert message.startswith(f"{path}: ") and expected in message and "\n" not in message


def test_a_missing_file_and_bad_variables_are_named(tmp_path):
    with pytest.raises(BadInput, match="no such config file"):
        Settings.from_env({"WARMGRAPH_CONFIG": str(tmp_path / "none.toml")})
    with pytest.raises(BadInput, match=r"^WARMGRAPH_SATURATION: must be a number > 0"):
        Settings.from_env({"WARMGRAPH_SATURATION": "0"})
    with pytest.raises(BadInput, match=r"^WARMGRAPH_CHANNEL_WEIGHTS\.fax: unknown"):
        Settings.from_env({"WARMGRAPH_CHANNEL_WEIGHTS": "fax=1"})


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_a_running_service_decays_strengths_when_the_day_changes(tmp_path):
    clock = Clock(datetime(2026, 3, 10, 15, 30, tzinfo=UTC))
    model = StrengthModel(half_life_days=10, clock=clock)
    store = EmbeddedStore(tmp_path / "clock.db", model)
    service = WarmgraphService(store)
    try:
        for pid in ("ann", "bob"):
            store.create_node(Person(pid, pid))
        met = datetime(2026, 3, 1, tzinfo=UTC)
        store.record_interaction(Interaction("i1", InteractionKind.MEETING, met, "ann", "bob"))
        first = service.introduction_paths("ann", to_id="bob")[0].strength

        clock.now += timedelta(hours=5)  # still the same day: nothing moves
        assert service.introduction_paths("ann", to_id="bob")[0].strength == first

        clock.now += timedelta(days=1)
        later = service.introduction_paths("ann", to_id="bob")[0].strength
        assert later < first
        day = datetime(2026, 3, 11, tzinfo=UTC)  # measured from midnight UTC of the new day
        expected = StrengthModel(half_life_days=10, now=day)
        mass = expected.decayed_mass(["meeting"], [met.timestamp()])
        assert later == pytest.approx(float(expected.pair_strength(False, mass[0], 0.0)))
        assert store.strengths_as_of() == day
    finally:
        service.close()


def test_a_pinned_now_never_moves(tmp_path):
    clock = Clock(datetime(2026, 3, 10, tzinfo=UTC))
    pinned = datetime(2026, 3, 5, 12, tzinfo=UTC)
    model = StrengthModel(now=pinned, clock=clock)
    clock.now += timedelta(days=30)
    assert model.as_of() == pinned
    assert Settings.from_env({"WARMGRAPH_NOW": "2026-03-05T12:00"}).strength_model().as_of() == (
        pinned
    )
