"""Latency of ``egoNetwork`` for the explorer page: the biggest subjects of a loaded database.

    python -m bench.ego_latency DB [--repeats 20]

Opens the embedded store on DB, or with NEO4J_URI set the Neo4j server (it only reads,
after adding one API user), and times, warm (the link projection cached, kernels compiled):

* the service call (``WarmgraphService.ego_network``) for the hub (the person with the most
  ties), the largest company and the largest community, hops=2 limit=200;
* the whole GraphQL request for the hub with the explorer's selection (people, links with
  strength and evidence), through the real app in-process.

It also reports the cold first call (reading the projection from the store).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import anyio
import httpx
import numpy as np

from api.app import create_app
from graph.config import Settings
from graph.service import WarmgraphService
from graph.store.factory import open_store

QUERY = """
query ($id: ID!) {
  egoNetwork(personId: $id, hops: 2, limit: 200) {
    center { __typename }
    people { id name doNotContact }
    links { a { id } b { id } strength
            evidence { connected interactionCount fromToCount toFromCount } }
    truncated
  }
}
"""


def timings(call: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """(median, max) milliseconds over ``repeats`` calls."""
    spent = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent), max(spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    # NEO4J_URI (and NEO4J_USER / NEO4J_PASSWORD) measure a Neo4j server instead
    store = open_store(dataclasses.replace(Settings.from_env(), db_path=args.db))
    service = WarmgraphService(store)
    email = "ego-bench@warmgraph.test"
    token = (
        service.users.rotate(email)[1]
        if store.get_user(email)
        else service.users.add(email, "analyst")[1]
    )
    service.warm_up()

    started = time.perf_counter()
    projection = service._ranked_projection().projection
    print(f"projection read (cold): {(time.perf_counter() - started) * 1000:,.0f} ms")
    hub = projection.person_ids[int(np.argmax(projection.length))]
    print(f"people {len(projection.person_ids):,}, hub {hub} with {projection.length.max()} ties")

    companies: dict[str, int] = {}
    for e in store.employments(current_only=True):
        companies[e.company_id] = companies.get(e.company_id, 0) + 1
    company = max(companies, key=lambda c: (companies[c], c))
    communities: dict[str, int] = {}
    for m in store.memberships():
        communities[m.community_id] = communities.get(m.community_id, 0) + 1
    community = max(communities, key=lambda c: (communities[c], c))

    subjects = {
        f"hub {hub}": {"person_id": hub},
        f"company {company} ({companies[company]} employees)": {"company_id": company},
        f"community {community} ({communities[community]} members)": {"community_id": community},
    }
    for name, subject in subjects.items():
        found = service.ego_network(**subject, hops=2, limit=200)
        median, worst = timings(
            partial(service.ego_network, **subject, hops=2, limit=200), args.repeats
        )
        print(
            f"service {name}: {len(found.people)} people, {len(found.links)} links, "
            f"truncated {found.truncated}: median {median:.1f} ms, max {worst:.1f} ms"
        )

    async def over_http() -> None:
        transport = httpx.ASGITransport(app=create_app(service))
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers=headers
        ) as client:
            spent = []
            for _ in range(args.repeats + 1):
                started = time.perf_counter()
                response = await client.post(
                    "/graphql", json={"query": QUERY, "variables": {"id": hub}}
                )
                spent.append((time.perf_counter() - started) * 1000)
                assert "errors" not in response.json(), response.text
            body = response.json()["data"]["egoNetwork"]
            print(
                f"GraphQL hub: {len(body['people'])} people, {len(body['links'])} links, "
                f"{len(response.content):,} bytes: median {statistics.median(spent[1:]):.1f} "
                f"ms, max {max(spent[1:]):.1f} ms"
            )

    anyio.run(over_http)
    store.close()


if __name__ == "__main__":
    main()
