"""generate_bundle: small synthetic bundles that read back cleanly and look like the real thing."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from graph.bundle import Bundle
from loaders.csv import COLUMNS, read_bundle
from loaders.generate import (
    CONNECTIONS_PER_PERSON,
    DEFAULT_NOW,
    INTERACTIONS_PER_PERSON,
    OUR_COMPANY_NAME,
    generate_bundle,
)

N = 500


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], Bundle]:
    root = tmp_path_factory.mktemp("gen")
    counts = generate_bundle(root, N, seed=7)
    return root, counts, read_bundle(root)


def data_rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def test_all_nine_files_with_the_counts_returned(
    generated: tuple[Path, dict[str, int], Bundle],
) -> None:
    root, counts, _ = generated
    assert sorted(counts) == sorted(COLUMNS)
    for name, rows in counts.items():
        path = root / name
        assert path.is_file(), name
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert header == ",".join(COLUMNS[name])
        assert data_rows(path) == rows > 0, name


def test_reads_back_without_problems(generated: tuple[Path, dict[str, int], Bundle]) -> None:
    _, counts, bundle = generated  # read_bundle raised nothing
    assert bundle.people is not None and len(bundle.people) == N
    assert bundle.connections is not None
    assert len(bundle.connections) == counts["connections.csv"]  # no duplicate pairs merged
    assert bundle.interactions is not None
    assert len(bundle.interactions) == counts["interactions.csv"]


def test_network_shape(generated: tuple[Path, dict[str, int], Bundle]) -> None:
    _, counts, b = generated
    assert b.connections is not None and b.people is not None
    assert counts["connections.csv"] == pytest.approx(CONNECTIONS_PER_PERSON * N, rel=0.05)
    assert counts["interactions.csv"] == pytest.approx(INTERACTIONS_PER_PERSON * N, rel=0.05)
    ends = np.concatenate([b.connections["a"].astype(str), b.connections["b"].astype(str)])
    _, degree = np.unique(ends, return_counts=True)
    assert degree.max() >= 4 * np.median(degree)  # a few super-connectors
    assert np.median(degree) >= 8


def test_people_cluster_by_company(generated: tuple[Path, dict[str, int], Bundle]) -> None:
    _, _, b = generated
    assert b.employment is not None and b.connections is not None
    current = b.employment[b.employment["end"].isna()]
    works_at = dict(
        zip(current["person_id"].astype(str), current["company_id"].astype(str), strict=True)
    )
    same = [
        works_at.get(a) is not None and works_at.get(a) == works_at.get(b_)
        for a, b_ in zip(
            b.connections["a"].astype(str), b.connections["b"].astype(str), strict=True
        )
    ]
    assert np.mean(same) > 0.5


def test_interactions_look_real(generated: tuple[Path, dict[str, int], Bundle]) -> None:
    _, _, b = generated
    assert b.interactions is not None and b.connections is not None
    inter = b.interactions
    kinds = inter["kind"].astype(str).value_counts()
    assert kinds["email"] > kinds["meeting"] and kinds["like"] > kinds["meeting"]
    assert kinds["meeting"] > kinds["introduction"]
    pairs = set(zip(b.connections["a"].astype(str), b.connections["b"].astype(str), strict=True))
    actor, recipient = inter["actor_id"].astype(str), inter["recipient_id"].astype(str)
    connected = [(min(x, y), max(x, y)) in pairs for x, y in zip(actor, recipient, strict=True)]
    assert np.mean(connected) > 0.7
    now = DEFAULT_NOW.timestamp()
    assert inter["at"].max() < now
    assert inter["at"].min() >= now - 2 * 366 * 86400
    assert inter["community_id"].notna().mean() > 0.05
    assert list(inter["id"]) == sorted(inter["id"])  # ids in time order
    assert inter["at"].is_monotonic_increasing


def test_people_companies_advocates_deals(
    generated: tuple[Path, dict[str, int], Bundle],
) -> None:
    _, _, b = generated
    assert b.people is not None and b.advocates is not None and b.deals is not None
    assert b.companies is not None and b.communities is not None
    people = b.people
    assert people["id"].str.fullmatch(r"p\d{6}|rep-\d{4}").all()
    reps = people[people["id"].str.startswith("rep-")]
    assert len(reps) >= 3
    assert people["email"].str.contains("@", na=True).all()
    assert people["linkedin"].dropna().str.startswith("https://www.linkedin.com/in/").all()
    assert 0 < people["do_not_contact"].sum() <= 0.03 * N
    assert 0.01 * N <= len(b.advocates) <= 0.06 * N
    assert set(b.advocates["level"].astype(str)) <= {"promoter", "reference", "champion"}
    assert b.companies["name"].iloc[0] == OUR_COMPANY_NAME
    assert b.companies["id"].str.fullmatch(r"c\d{4}").all()
    assert b.communities["id"].str.fullmatch(r"g\d{3}").all()
    assert b.deals["id"].str.fullmatch(r"d\d{5}").all()
    owners = b.deals["owner_id"].dropna()
    assert owners.str.startswith("rep-").all()
    closed = b.deals["stage"].astype(str).isin(["closed_won", "closed_lost"])
    assert b.deals.loc[closed, "closed_at"].notna().all()
    assert b.deals.loc[~closed, "closed_at"].isna().all()


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate_bundle(a, 200, seed=3)
    generate_bundle(b, 200, seed=3)
    generate_bundle(c, 200, seed=4)
    for name in COLUMNS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / "people.csv").read_bytes() != (c / "people.csv").read_bytes()
    assert (a / "interactions.csv").read_bytes() != (c / "interactions.csv").read_bytes()


def test_now_sets_the_timeline(tmp_path: Path) -> None:
    now = datetime(2021, 6, 1, 12, tzinfo=UTC)
    generate_bundle(tmp_path, 100, now=now)
    b = read_bundle(tmp_path)
    assert b.interactions is not None and b.connections is not None
    assert b.interactions["at"].max() < now.timestamp()
    assert b.interactions["at"].min() >= (now - timedelta(days=733)).timestamp()
    assert max(d for d in b.connections["since"] if d) < "2021-06-01"


def test_progress_reports_each_file(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int | None]] = []
    generate_bundle(tmp_path, 50, progress=lambda s, d, t=None: seen.append((s, d, t)))
    for name in COLUMNS:
        done = [d for s, d, t in seen if s == f"writing {name}"]
        assert done and done[-1] == data_rows(tmp_path / name)


@pytest.mark.parametrize("people", [10, 37])
def test_tiny_worlds_still_read_back(tmp_path: Path, people: int) -> None:
    counts = generate_bundle(tmp_path, people, seed=1)
    b = read_bundle(tmp_path)
    assert b.people is not None and len(b.people) == people
    assert counts["connections.csv"] > 0


def test_too_few_people(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least"):
        generate_bundle(tmp_path, 3)
