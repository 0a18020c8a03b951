"""``warmgraph generate``: a synthetic CSV bundle."""

from __future__ import annotations

import time
from pathlib import Path

import click

from .options import people_option
from .progress import StageProgress, echo_counts


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@people_option(1000)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
def generate(directory: Path, people: int, seed: int) -> None:
    """Write a synthetic CSV bundle into DIRECTORY (created if needed)."""
    from loaders.generate import generate_bundle

    started = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    with StageProgress() as progress:
        counts = generate_bundle(directory, people, seed=seed, progress=progress)
    click.echo(f"generated {directory} in {time.perf_counter() - started:.1f}s:")
    echo_counts(counts)
