"""``warmgraph deals``: deal likelihood on a store (``evaluate``) and the forecast."""

from __future__ import annotations

import json
from pathlib import Path

import click

from graph.likelihood.evaluate import calibration_png, evaluate
from graph.likelihood.scoring import default_clock

from .forecast_output import forecast_json, forecast_lines
from .users import operator_service, store_options


@click.group()
def deals() -> None:
    """Deals and their likelihood."""


@deals.command("evaluate")
@store_options
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write evaluation.json and calibration.png here.",
)
def evaluate_command(db_path: Path, neo4j_uri: str | None, out_dir: Path | None) -> None:
    """Cross-validated AUC, Brier score and calibration of the likelihood model on the
    store's closed deals: whether to trust it on this data."""
    with operator_service(db_path, neo4j_uri) as service:
        result = evaluate(service.store, default_clock())
    click.echo(f"closed deals: {result.closed_deals} (won {result.won}, lost {result.lost})")
    if result.cv_auc is None:
        click.echo(result.note)
    else:
        click.echo(f"cross-validated AUC: {result.cv_auc:.3f}")
        click.echo(f"Brier score: {result.brier:.3f} (base rate {result.base_rate:.3f})")
        click.echo("calibration (predicted vs observed win rate):")
        for b in result.calibration:
            click.echo(
                f"  [{b.lower:.2f}, {b.upper:.2f}]  {b.deals:5d} deals  "
                f"predicted {b.predicted:.2f}  observed {b.observed:.2f}"
            )
    click.echo(
        f"features {result.seconds_features:.2f}s, "
        f"cross-validation {result.seconds_cross_validation:.2f}s"
    )
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "evaluation.json").write_text(json.dumps(result.as_json(), indent=2))
        click.echo(f"wrote {out_dir / 'evaluation.json'}")
        if result.cv_auc is not None:
            calibration_png(result, str(out_dir / "calibration.png"))
            click.echo(f"wrote {out_dir / 'calibration.png'}")


@deals.command("forecast")
@click.option("--months", type=int, default=3, show_default=True, help="1..24 calendar months.")
@click.option("--owner", "owner_id", metavar="ID", help="Only deals this person owns.")
@click.option("--team", "team_id", metavar="NAME", help="Only deals the team's members own.")
@click.option("--company", "company_id", metavar="ID", help="Only deals with this company.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@store_options
def forecast_command(
    months: int,
    owner_id: str | None,
    team_id: str | None,
    company_id: str | None,
    as_json: bool,
    db_path: Path,
    neo4j_uri: str | None,
) -> None:
    """Expected amount of the open deals expected to close in the next months, with a
    best/worst case, by month and by stage (the GraphQL ``forecast``)."""
    with operator_service(db_path, neo4j_uri) as service:
        found = service.forecast(months, owner_id, team_id, company_id)
    record = forecast_json(found)
    click.echo(json.dumps(record) if as_json else "\n".join(forecast_lines(record)))
