"""Generated deals are won or lost by the planted rule on the graph before their close date.

The rule's inputs are recomputed here by brute force from the written files (one deal at a
time, plain pandas filters), independently of the generator's vectorised joins; the
end-to-end test runs the real commands and checks the likelihood model finds the rule, and
finds nothing when the rule is switched off.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from sklearn.metrics import roc_auc_score

from api.cli import main
from graph.config import Settings
from graph.likelihood.features import FEATURES, describe
from graph.likelihood.scoring import trainable
from graph.store.factory import open_store
from loaders.csv import COLUMNS
from loaders.generate import DEFAULT_NOW, activity, generate_bundle, outcomes

PEOPLE = 5000
SEED = 3
CLOSED = ("closed_won", "closed_lost")


@dataclass(frozen=True)
class Planted:
    root: Path
    signals: outcomes.DealSignals  # what the generator's rule read, closed deals in file order
    probability: np.ndarray


def generate_and_watch(root: Path, people: int, seed: int) -> Planted:
    """Generate a bundle, keeping the rule's inputs and probabilities as the generator drew them."""
    seen: list[tuple[outcomes.DealSignals, np.ndarray]] = []

    def watch(signals: outcomes.DealSignals) -> np.ndarray:
        probability = outcomes.win_probability(signals)
        seen.append((signals, probability))
        return probability

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(activity, "win_probability", watch)
        generate_bundle(root, people, seed=seed)
    (signals, probability), *more = seen
    assert not more  # the rule runs once per bundle
    return Planted(root, signals, probability)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    return generate_and_watch(tmp_path_factory.mktemp("deals"), PEOPLE, SEED)


def read(root: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(root / name, dtype=str, keep_default_na=False)


def day(values: pd.Series) -> np.ndarray:
    """ISO dates or datetimes -> days since the epoch (blank -> NaN)."""
    stamps = pd.to_datetime(values.replace("", None), utc=True, format="ISO8601")
    days = (stamps - pd.Timestamp(0, tz="UTC")) / pd.Timedelta(days=1)
    return np.floor(days.to_numpy(dtype=np.float64, na_value=np.nan))


def brute_force_signals(root: Path) -> pd.DataFrame:
    """Per closed deal, in file order: touches, knows, advocate, read off the files."""
    people, jobs = read(root, "people.csv"), read(root, "employment.csv")
    jobs = jobs.assign(start=day(jobs["start"]), end=day(jobs["end"]))
    dated = set(zip(jobs["person_id"], jobs["company_id"], strict=True))
    derived = people[people["company_id"] != ""][["id", "company_id"]]
    derived = derived[
        [(p, c) not in dated for p, c in zip(derived["id"], derived["company_id"], strict=True)]
    ]
    jobs = pd.concat(
        [jobs, derived.rename(columns={"id": "person_id"}).assign(start=np.nan, end=np.nan)]
    )
    links = read(root, "connections.csv").assign(since=lambda f: day(f["since"]))
    touches = read(root, "interactions.csv").assign(day=lambda f: day(f["at"]))
    advocates = read(root, "advocates.csv").assign(since=lambda f: day(f["since"]))
    deals = read(root, "deals.csv")
    deals = deals[deals["stage"].isin(CLOSED)]
    rows = []
    for _, deal in deals.iterrows():
        close = day(pd.Series([deal["closed_at"]]))[0]
        at = jobs[jobs["company_id"] == deal["company_id"]]
        held = (at["start"].isna() | (at["start"] < close)) & (
            at["end"].isna() | (at["end"] >= close)
        )
        staff = set(at.loc[held, "person_id"])
        owner = deal["owner_id"]
        pair = (
            (touches["source_id"] == owner) & touches["target_id"].isin(staff)
            | (touches["target_id"] == owner) & touches["source_id"].isin(staff)
        ) & (touches["day"] < close)
        tie = (
            (links["source_id"] == owner) & links["target_id"].isin(staff)
            | (links["target_id"] == owner) & links["source_id"].isin(staff)
        ) & (links["since"].isna() | (links["since"] < close))
        adv = advocates["person_id"].isin(staff) & (
            advocates["since"].isna() | (advocates["since"] < close)
        )
        rows.append(
            {
                "touches": int(pair.sum()) if owner else 0,
                "knows": bool(tie.any()) if owner else False,
                "advocate": bool(adv.any()),
                "deal": deal["id"],
                "won": deal["stage"] == "closed_won",
                "amount": float(deal["amount"] or 0),
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def truth(planted: Planted) -> pd.DataFrame:
    return brute_force_signals(planted.root)


def test_the_rule_reads_the_graph_the_files_show_before_each_close_date(
    planted: Planted, truth: pd.DataFrame
) -> None:
    signals = planted.signals
    assert len(truth) == len(signals.touches) > 0
    assert truth["touches"].tolist() == signals.touches.tolist()
    assert truth["knows"].tolist() == signals.knows.tolist()
    assert truth["advocate"].tolist() == signals.advocate.tolist()
    # every signal actually varies across deals, or the rule would plant nothing
    for name in ("touches", "knows", "advocate"):
        assert truth[name].astype(bool).nunique() == 2, name


def test_relationships_win_more_often(planted: Planted, truth: pd.DataFrame) -> None:
    won = truth["won"]
    # the outcomes follow the rule's probabilities: overall, and where it is sure either way
    p = planted.probability
    assert abs(won.mean() - p.mean()) < 0.08
    assert won[p > 0.75].mean() > 0.75 and won[p < 0.3].mean() < 0.3
    assert won[truth["advocate"]].mean() > won[~truth["advocate"]].mean() + 0.25
    engaged = truth["touches"] >= 3
    assert won[engaged].mean() > won[~engaged].mean() + 0.15
    warm = truth["advocate"] & engaged
    cold = ~truth["advocate"] & (truth["touches"] == 0) & ~truth["knows"]
    assert cold.sum() >= 5
    assert won[warm].mean() > 0.7 > 0.3 > won[cold].mean()


def test_the_outcome_does_not_follow_what_the_rule_leaves_out(truth: pd.DataFrame) -> None:
    # the amount is drawn independently of the outcome: it must not rank won deals
    auc = roc_auc_score(truth["won"], truth["amount"])
    assert 0.35 < auc < 0.65


def test_enough_closed_deals_of_each_outcome_to_learn(planted: Planted) -> None:
    deals = read(planted.root, "deals.csv")
    assert len(deals) == PEOPLE // 20
    stages = deals["stage"].value_counts()
    assert stages["closed_won"] >= 30 and stages["closed_lost"] >= 30  # the model's threshold
    assert set(stages.index) == {
        "prospecting",
        "qualification",
        "proposal",
        "negotiation",
        *CLOSED,
    }


def test_the_demo_world_has_enough_closed_deals_too(tmp_path: Path) -> None:
    generate_bundle(tmp_path, 3000, seed=7)  # `warmgraph demo`'s defaults
    stages = read(tmp_path, "deals.csv")["stage"].value_counts()
    assert stages.sum() == 200  # small worlds get MIN_DEALS, not one per 20 people
    assert stages["closed_won"] >= 30 and stages["closed_lost"] >= 30


def test_same_seed_same_deals(planted: Planted, tmp_path: Path) -> None:
    again = generate_and_watch(tmp_path / "again", PEOPLE, SEED)
    for name in COLUMNS:
        assert (again.root / name).read_bytes() == (planted.root / name).read_bytes(), name
    other = tmp_path / "other"
    generate_bundle(other, PEOPLE, seed=SEED + 1)
    assert (other / "deals.csv").read_bytes() != (planted.root / "deals.csv").read_bytes()


@pytest.fixture
def rule_switched_off() -> Iterator[None]:
    """Outcomes that ignore the graph: a coin weighted to about the same win rate."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(outcomes, "WIN_PER_LOG_TOUCH", 0.0)
        mp.setattr(outcomes, "WIN_IF_KNOWS", 0.0)
        mp.setattr(outcomes, "WIN_IF_ADVOCATE", 0.0)
        mp.setattr(outcomes, "WIN_INTERCEPT", 0.2)
        yield


def test_the_rule_changes_the_deals_file_and_nothing_else(
    planted: Planted, tmp_path: Path, rule_switched_off: None
) -> None:
    generate_bundle(tmp_path, PEOPLE, seed=SEED)
    for name in COLUMNS:
        if name != "deals.csv":
            assert (tmp_path / name).read_bytes() == (planted.root / name).read_bytes(), name
    mine, theirs = read(tmp_path, "deals.csv"), read(planted.root, "deals.csv")
    same = [c for c in mine.columns if c != "stage"]
    pd.testing.assert_frame_equal(mine[same], theirs[same])  # same deals, owners, dates
    assert (mine["stage"].isin(CLOSED) == theirs["stage"].isin(CLOSED)).all()
    assert (mine["stage"] != theirs["stage"]).any()  # only who won differs


def test_the_likelihood_features_see_the_planted_signals(
    planted: Planted, truth: pd.DataFrame, tmp_path: Path
) -> None:
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(main, ["load", str(planted.root), "--db", str(db)])
    assert result.exit_code == 0, result.output
    store = open_store(Settings(db_path=str(db)))
    try:
        table = describe(store, trainable(store.deals()), DEFAULT_NOW, {}, store.strength_model())
    finally:
        store.close()
    seen = pd.DataFrame(table.raw, columns=list(FEATURES), index=list(table.deal_ids))
    seen = seen.loc[truth["deal"]]
    # an advocate inside is the features' advocates_inside; a touch or a KNOWS is a direct tie
    assert (seen["advocates_inside"].to_numpy() > 0).tolist() == truth["advocate"].tolist()
    direct = (truth["touches"] > 0) | truth["knows"]
    assert (seen["owner_tie"].to_numpy() > 0).tolist() == direct.tolist()


def evaluate_generated(runner: CliRunner, root: Path, people: int, seed: int) -> tuple[str, float]:
    """``warmgraph generate``, ``load`` and ``deals evaluate``: the output and its AUC."""
    bundle, db = root / "bundle", root / "demo.db"
    args = ["generate", str(bundle), "--people", str(people), "--seed", str(seed)]
    for command in (args, ["load", str(bundle), "--db", str(db)]):
        result = runner.invoke(main, command)
        assert result.exit_code == 0, result.output
    out = root / "evaluation"
    result = runner.invoke(main, ["deals", "evaluate", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    found = re.search(r"cross-validated AUC: ([\d.]+)", result.output)
    assert found, result.output
    return result.output, float(found.group(1))


def test_the_demo_model_finds_the_planted_rule(tmp_path: Path) -> None:
    output, auc = evaluate_generated(CliRunner(), tmp_path, PEOPLE, SEED)
    assert auc > 0.65, output
    assert "closed deals:" in output and "Brier score:" in output
    written = json.loads((tmp_path / "evaluation" / "evaluation.json").read_text())
    assert written["cv_auc"] == pytest.approx(auc, abs=1e-3)
    assert len(written["calibration"]) >= 2  # the table a team checks the model by
    png = (tmp_path / "evaluation" / "calibration.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_the_demo_model_finds_nothing_when_nothing_was_planted(
    tmp_path: Path, rule_switched_off: None
) -> None:
    output, auc = evaluate_generated(CliRunner(), tmp_path, PEOPLE, SEED)
    assert auc < 0.62, output
