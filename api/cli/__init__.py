"""The ``warmgraph`` command: generate and load bundles, serve the API, run a demo.

Settings come from options, which fall back to the environment variables documented in
``graph.config`` (``WARMGRAPH_DB``, ``WARMGRAPH_CONFIG``, ``WARMGRAPH_HALF_LIFE_DAYS``,
``WARMGRAPH_NOW`` ...). Errors
are reported as one clear message naming the file (and line) at fault, with a non-zero exit
status and no traceback.

One module per concern: ``options`` (shared options and the settings they make),
``progress`` (stages on stderr), ``errors`` (failure to message and exit status),
``stores`` (open, load, remove), and one per command: ``generate``, ``load``, ``import``
(module ``importing``), ``serve``, ``demo``, ``relink``, ``users`` (with ``erase`` and
``audit``), ``people`` (with its alias ``merge-people``), ``signals``, ``deals``, ``export``,
``schema`` (module ``sdl``), ``webhooks``.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import click

from . import (
    deals,
    demo,
    export,
    generate,
    importing,
    intros,
    load,
    people,
    relink,
    sdl,
    serve,
    signals,
    users,
    webhooks,
)
from .errors import WarmgraphGroup
from .stores import remove_database

__all__ = ["main", "remove_database"]


def _version() -> str:
    try:
        return version("warmgraph")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


@click.group(cls=WarmgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_version(), "--version", prog_name="warmgraph")
@click.option("--traceback", is_flag=True, help="Show the full traceback of an unexpected error.")
@click.pass_context
def main(ctx: click.Context, traceback: bool) -> None:
    """warmgraph: warm introduction paths, influence and advocate density over GraphQL."""
    ctx.meta["warmgraph.traceback"] = traceback


for _command in (
    generate.generate,
    load.load,
    importing.import_command,
    serve.serve,
    demo.demo,
    relink.relink,
    users.users,
    users.erase,
    users.audit,
    people.people,
    people.merge_people,
    signals.signals,
    deals.deals,
    sdl.schema_command,
    export.export,
    webhooks.webhooks,
    intros.intros,
):
    main.add_command(_command)
