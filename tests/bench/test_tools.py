"""The suite's own tools: percentiles, the time budget of slow peers, README updates."""

from __future__ import annotations

import math
import random
import time
from pathlib import Path

import pytest

from bench.budget import run_with_budget
from bench.report import README_BEGIN, README_END, update_readme
from bench.stats import percentile, ratio_summary


@pytest.mark.parametrize("seed", range(20))
def test_percentile_is_the_nearest_rank(seed: int) -> None:
    rng = random.Random(seed)
    values = [rng.random() for _ in range(rng.randrange(1, 300))]
    ordered = sorted(values)
    for q in (50, 95, 99, 100):
        at_or_below = [v for v in ordered if v <= percentile(values, q)]
        assert len(at_or_below) >= math.ceil(q / 100 * len(values))
        assert len(at_or_below) - 1 < math.ceil(q / 100 * len(values))


def test_ratios_are_pair_by_pair() -> None:
    assert ratio_summary([1.0, 2.0, 4.0], [10.0, 2.0, 40.0]) == {
        "n": 3,
        "median": 10.0,
        "min": 1.0,
        "max": 10.0,
    }


def _slow(seconds: float) -> str:
    time.sleep(seconds)
    return "done"


def test_a_query_within_its_budget_returns_its_answer() -> None:
    outcome = run_with_budget(_slow, (0.0,), seconds=30)
    assert outcome.finished and outcome.answer == "done"


def test_a_query_over_its_budget_is_cut_off() -> None:
    started = time.monotonic()
    outcome = run_with_budget(_slow, (60.0,), seconds=0.5)
    assert not outcome.finished and outcome.answer is None and outcome.ms == 500
    assert time.monotonic() - started < 30  # the child was killed, not waited for


def _fails() -> None:
    raise ValueError("boom")


def test_a_failing_query_is_reported() -> None:
    with pytest.raises(RuntimeError, match="_fails failed"):
        run_with_budget(_fails, (), seconds=30)


def test_readme_section_is_replaced_and_nothing_else(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{README_BEGIN}\nold table\n{README_END}\nrest\n")
    (tmp_path / "results").mkdir()
    report = tmp_path / "results" / "latest.md"
    report.write_text("| new | table |\n")
    update_readme(readme, report, tmp_path / "results" / "latency.png")
    text = readme.read_text()
    assert text.startswith("intro\n") and text.endswith("rest\n")
    assert "old table" not in text and "| new | table |" in text
    assert "![latency against scale](results/latency.png)" in text


def test_import_figures_read_the_summary_the_command_prints() -> None:
    """The bench reads ``warmgraph import``'s printed summary; if that wording changes, this
    fails instead of the benchmark silently reporting zeros."""
    from collections import Counter

    from bench.import_side import parse_summary
    from loaders.importing import ImportSummary

    summary = ImportSummary(
        "mbox",
        rows_read=100_000,
        people_created=1_950,
        people_merged=Counter({"email": 1_200, "name and company": 3}),
        companies_matched=Counter({"domain": 7}),
        interactions=157_004,
        skipped=Counter({"list mail": 7_990, "not the owner's": 12}),
        conflicts=["x.csv:3: title kept"],
        notes=["a note: 5"],
    )
    printed = "imported mbox gen.mbox into x.db:\n" + "\n".join(f"  {x}" for x in summary.lines())
    figures = parse_summary(printed)
    assert figures["rows read"] == 100_000
    assert figures["people created"] == 1_950
    assert figures["people merged"] == {"email": 1_200, "name and company": 3}
    assert figures["companies created"] == 0
    assert figures["companies matched"] == {"domain": 7}
    assert figures["interactions"] == 157_004
    assert figures["skipped"] == {"list mail": 7_990, "not the owner's": 12}
    assert figures["rejected"] == 0
    assert figures["conflicts (stored value kept)"] == 1


def test_an_import_that_printed_no_summary_is_an_error() -> None:
    from bench.import_side import parse_summary

    with pytest.raises(RuntimeError, match="no summary"):
        parse_summary("Error: 3 problem(s) in x; nothing was loaded.\n")
