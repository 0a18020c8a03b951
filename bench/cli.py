"""``python -m bench`` (``./scripts/bench``): run the suite and write its report."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from loaders.generate import DEFAULT_NOW

from .import_side import run_imports
from .progress import say
from .report import update_readme, write
from .run import Options, run_scale
from .scales import SCALES

ROOT = Path(__file__).resolve().parent.parent


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--scale",
    "scales",
    type=click.Choice(sorted(SCALES)),
    multiple=True,
    default=("S", "M"),
    show_default=True,
    help="Scales to run (repeat the option): S = 10,000 people, M = 100,000, L = 1,000,000 "
    "(opt-in); XS = 1,000 only checks that the suite runs.",
)
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=ROOT / ".bench",
    show_default=True,
    help="Where generated bundles (kept and reused) and databases go.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=ROOT / "bench" / "results",
    show_default=True,
    help="Where the JSON, markdown and PNG results go.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Generator and pair seed.")
@click.option(
    "--neo4j/--no-neo4j",
    default=True,
    show_default=True,
    help="Also load and query Neo4j (NEO4J_URI, or a disposable server).",
)
@click.option(
    "--peer-query-budget",
    type=float,
    default=30.0,
    show_default=True,
    help="Seconds one k-shortest-paths query of a peer may take before it is cut off.",
)
@click.option(
    "--peer-total-budget",
    type=float,
    default=60.0,
    show_default=True,
    help="Seconds each peer's k-shortest-paths queries may take in all, per scale.",
)
@click.option(
    "--cypher-timeout",
    type=float,
    default=30.0,
    show_default=True,
    help="Seconds a hand-written Cypher query may run on the server.",
)
@click.option(
    "--serve-workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="one per core",
    help="warmgraph serve --workers for the headline HTTP figures (one process is measured too).",
)
@click.option(
    "--imports/--no-imports",
    default=True,
    show_default=True,
    help="Time warmgraph import on generated exports (once per run, fixed sizes: mbox "
    "100,000 messages, ics 10,000 events, LinkedIn 100,000 rows, Salesforce 100,000 contacts; "
    "a hundredth of that when only XS runs).",
)
@click.option(
    "--update-readme/--no-update-readme",
    "readme",
    default=False,
    show_default=True,
    help="Copy the report and chart into README.md's benchmark section.",
)
def main(
    scales: tuple[str, ...],
    data: Path,
    out: Path,
    seed: int,
    neo4j: bool,
    peer_query_budget: float,
    peer_total_budget: float,
    cypher_timeout: float,
    serve_workers: int,
    imports: bool,
    readme: bool,
) -> None:
    """Benchmark warmgraph against networkx, igraph and hand-written Cypher, at scales S (10k
    people), M (100k) and, opt-in, L (1M); write results/latest.{json,md} and latency.png."""
    warmgraph = shutil.which("warmgraph", path=str(Path(sys.executable).parent))
    if warmgraph is None:
        raise click.ClickException("the warmgraph command is not installed next to this Python")
    options = Options(
        warmgraph=Path(warmgraph),
        data=data,
        now=DEFAULT_NOW,
        seed=seed,
        neo4j=neo4j,
        peer_query_s=peer_query_budget,
        peer_total_s=peer_total_budget,
        cypher_timeout_s=cypher_timeout,
        serve_workers=serve_workers,
    )
    data.mkdir(parents=True, exist_ok=True)
    ordered = sorted(set(scales), key=list(SCALES).index)
    imported = None
    if imports:
        imported = run_imports(
            options.warmgraph,
            data,
            options.now.isoformat(),
            seed,
            small=ordered == ["XS"],
            neo4j_too=neo4j,
        )
    results = [run_scale(SCALES[name], options) for name in ordered]
    json_path, report, chart = write(results, out, imported)
    say(f"wrote {json_path}, {report} and {chart}")
    if readme:
        update_readme(ROOT / "README.md", report, chart)
        say("updated README.md")
    click.echo(report.read_text())
