"""How the command reports failure: one line (or one line per bundle problem), exit status 1,
and a traceback only for an unexpected error and only with ``--traceback``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import click

from graph.errors import BundleError, WarmgraphError


def fail(message: str) -> NoReturn:
    """Stop the command with ``Error: message`` and exit status 1."""
    raise click.ClickException(message)


def os_message(exc: OSError) -> str:
    if exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    return str(exc)


def report_bundle_error(exc: BundleError, directory: Path | None = None) -> None:
    """Every ``file:line: message`` on stderr, then one summary line."""
    for line in exc.problems:
        click.echo(line, err=True)
    where = f" in {directory}" if directory is not None else ""
    click.echo(f"Error: {len(exc.problems)} problem(s){where}; nothing was loaded.", err=True)


class WarmgraphGroup(click.Group):
    """Turns errors into one-line messages and exit status 1; a traceback only for an
    unexpected error, and only with ``--traceback``."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BundleError as exc:
            report_bundle_error(exc)
            raise click.exceptions.Exit(1) from None
        except WarmgraphError as exc:
            raise click.ClickException(exc.message) from None
        except OSError as exc:
            raise click.ClickException(os_message(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if ctx.meta.get("warmgraph.traceback"):
                raise
            raise click.ClickException(
                f"internal error ({type(exc).__name__}: {exc}); rerun with --traceback for details"
            ) from None
