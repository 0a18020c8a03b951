"""``warmgraph people duplicates``: the pairs of people who may be one person (the same name,
not merged by import's rules), likeliest first, for the operator to review and merge.

A click command object on its own, added to the ``people`` group (with ``merge``) in
``api/cli/people.py``. It asks the service page by page (at most
:data:`graph.duplicates.PAGE_MAX` pairs at a time), so ``--limit`` may be any size.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from graph.duplicates import PAGE_MAX, PossibleDuplicate
from graph.model import Person

from .users import operator_service, store_options


@click.command("duplicates")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    metavar="N",
    help="List at most N pairs, likeliest first.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per pair.")
@store_options
def duplicates(limit: int, as_json: bool, db_path: Path, neo4j_uri: str | None) -> None:
    """List pairs of people who may be one person: the same name (case and accents
    ignored) with a different or missing company, or the same company and different
    e-mails; never two different LinkedIn profiles. Same company first."""
    with operator_service(db_path, neo4j_uri) as service:
        found: list[PossibleDuplicate[Person]] = []
        after = None
        while len(found) < limit:
            wanted = min(PAGE_MAX, limit - len(found))
            page = service.possible_duplicates(wanted, after)
            found += page
            if len(page) < wanted:
                break
            after = page[-1].cursor
    for pair in found:
        if as_json:
            click.echo(json.dumps(_pair_json(pair), ensure_ascii=False))
        else:
            click.echo(f"{_who(pair.a)}  <->  {_who(pair.b)}: {pair.reason}")
    if not as_json:
        more = " (there may be more: raise --limit)" if len(found) == limit else ""
        click.echo(f"{len(found):,} possible duplicate pair(s){more}", err=True)


def _who(person: Person) -> str:
    return f"{person.id} ({person.name}{', ' + person.email if person.email else ''})"


def _pair_json(pair: PossibleDuplicate[Person]) -> dict[str, Any]:
    def person(p: Person) -> dict[str, Any]:
        return {"id": p.id, "name": p.name, "email": p.email}

    return {"a": person(pair.a), "b": person(pair.b), "reason": pair.reason}
