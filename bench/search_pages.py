"""How long a page of ``searchPeople`` takes, near the start and deep into the results.

Measures the service call the GraphQL field makes (validation, the store's keyset read,
cursors), on any store file: the first page, and the tenth page reached by walking the
cursors (only the tenth is timed), for an empty query (everybody by name) and for each text
given. Each figure is the median of ``--repeat`` runs.

    .venv/bin/python -m bench.search_pages team.db --text an --text smith
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from graph.config import Settings
from graph.model import Person
from graph.search_query import NameQuery
from graph.service import WarmgraphService
from graph.store.factory import open_store


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(service: WarmgraphService, text: str, first: int, repeat: int) -> dict[str, float]:
    """Milliseconds for page 1 and page 10 of ``text``, and for its totalCount."""
    page = service.search_people(text, first)
    query = page.query
    after = None
    for _ in range(9):
        page = service.search_people(text, first, after)
        after = page.end_cursor
    cursor = after
    return {
        "page 1": _median_ms(lambda: service.search_people(text, first), repeat),
        "page 10": _median_ms(lambda: service.search_people(text, first, cursor), repeat),
        "totalCount": _median_ms(lambda: service.count_found(Person, query), repeat),
        "matches": float(service.count_found(Person, query)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="a store file (warmgraph load ... --db FILE)")
    parser.add_argument("--text", action="append", default=[], help="a search text (repeatable)")
    parser.add_argument("--first", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    store = open_store(Settings(db_path=args.db))
    try:
        service = WarmgraphService(store)
        people = store.search_count(Person, NameQuery(""))
        print(f"{people:,} people; pages of {args.first}; median of {args.repeat} runs (ms)")
        for text in ["", *args.text]:
            figures = measure(service, text, args.first, args.repeat)
            print(
                f"{text or '(empty)':>10}: page 1 {figures['page 1']:7.2f}  "
                f"page 10 {figures['page 10']:7.2f}  totalCount {figures['totalCount']:7.2f}  "
                f"({int(figures['matches']):,} matches)"
            )
    finally:
        store.close()


if __name__ == "__main__":
    main()
