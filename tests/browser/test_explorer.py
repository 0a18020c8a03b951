"""The explorer in a real browser over the hand-built world (tests/api/world.py): what the page
draws and shows must be what the public GraphQL API answers the same user.

Tina's one-hop network is herself and her four ties (ann, bob, dan, dnc); the signed-in user
is rep-1, who is two or more hops from her, so warm paths add rep-1 to the drawing.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Served, screenshot
from .test_sign_in import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EGO = """query ($id: ID, $company: ID, $hops: Int, $limit: Int) {
  egoNetwork(personId: $id, companyId: $company, hops: $hops, limit: $limit) {
    truncated people { id name }
    links { a { id } b { id } strength evidence { interactionCount fromToCount toFromCount } }
  } }"""


def find(served: Served, field: str, text: str) -> dict[str, Any]:
    query = f"query ($q: String!) {{ {field}(query: $q, first: 5) {{ edges {{ node {{ id name }} }} }} }}"  # noqa: E501
    edges = served.gql(query, q=text)[field]["edges"]
    node: dict[str, Any] = edges[0]["node"]
    return node


def signed_in(page, served: Served) -> None:
    sign_in(page, served)
    page.locator("#who").wait_for()


def open_from_search(page, kind: str, text: str, name: str) -> None:
    """Search and choose ``name`` with the keyboard only: Enter, arrow keys, Enter."""
    page.select_option("#search-kind", kind)
    page.get_by_label("Search text").fill(text)
    page.get_by_label("Search text").press("Enter")
    first = page.locator("#results button").first
    first.wait_for()
    page.get_by_label("Search text").press("ArrowDown")
    focused = page.evaluate("document.activeElement.querySelector('.name').textContent")
    assert focused == first.locator(".name").inner_text()
    while page.evaluate("document.activeElement.querySelector('.name').textContent") != name:
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")


def wait_for_network(page, center_id: str) -> None:
    page.wait_for_function(
        "id => document.getElementById('status').dataset.center === id", arg=center_id
    )


def drawn(page) -> dict[str, Any]:
    return page.evaluate(
        """() => { const cy = warmgraphExplorer.cy();
             return { people: cy.nodes('[kind = "Person"]').map(n => n.id()).sort(),
                      nodes: cy.nodes().length, edges: cy.edges(':not(.seed)').length,
                      advocates: cy.nodes('.advocate').map(n => n.data('label')).sort(),
                      dnc: cy.nodes('.dnc').map(n => n.data('label')).sort(),
                      path: cy.nodes('.path').map(n => n.id()).sort() }; }"""
    )


def click_node(page, node_id: str) -> None:
    """A real mouse click where the node is drawn on the canvas."""
    x, y = page.evaluate(
        """id => { const p = warmgraphExplorer.cy().getElementById(id).renderedPosition();
                   return [p.x, p.y]; }""",
        node_id,
    )
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_a_search_finds_a_person_and_draws_their_network(page, served):
    tina = find(served, "searchPeople", "Tina")
    expected = served.gql(EGO, id=tina["id"], hops=1, limit=50)["egoNetwork"]
    assert {p["name"] for p in expected["people"]} == {
        "Tina Target", "Ann Able", "Bob Bright", "Dan Diaz", "Don Nocontact",
    }  # fmt: skip
    signed_in(page, served)
    open_from_search(page, "people", "tina", "Tina Target")
    wait_for_network(page, tina["id"])

    status = page.locator("#status")
    assert status.inner_text().startswith(
        f"{len(expected['people'])} people, {len(expected['links'])} links"
    )
    picture = drawn(page)
    assert picture["people"] == sorted(p["id"] for p in expected["people"])
    assert picture["nodes"] == 5 and picture["edges"] == len(expected["links"])
    assert picture["advocates"] == ["Ann Able", "Bob Bright"]
    assert picture["dnc"] == ["Don Nocontact"]
    # the keyboard's alternative to the canvas lists everyone drawn, the centre first
    listed = page.locator("#node-list .name").all_inner_texts()
    assert listed[0] == "Tina Target"
    assert sorted(listed) == sorted(p["name"] for p in expected["people"])


def test_choosing_a_person_shows_the_evidence_of_their_tie(page, served):
    tina = find(served, "searchPeople", "Tina")
    bob = find(served, "searchPeople", "Bob Bright")
    network = served.gql(EGO, id=tina["id"], hops=1, limit=50)["egoNetwork"]
    pair = {tina["id"], bob["id"]}
    [link] = [x for x in network["links"] if {x["a"]["id"], x["b"]["id"]} == pair]
    signed_in(page, served)
    open_from_search(page, "people", "tina", "Tina Target")
    wait_for_network(page, tina["id"])

    click_node(page, bob["id"])  # on the canvas
    panel = page.locator("#panel")
    panel.get_by_role("heading", name="Bob Bright").wait_for()
    assert panel.get_by_role("heading", name="Evidence of the tie to Tina Target").is_visible()
    evidence = dict(
        zip(
            panel.locator(".evidence dt").all_inner_texts(),
            panel.locator(".evidence dd").all_inner_texts(),
            strict=True,
        )
    )
    assert evidence["Tie strength"] == f"{link['strength']:.2f}"
    assert evidence["Interactions"] == str(link["evidence"]["interactionCount"]) == "6"
    assert evidence["From the centre"] == evidence["To the centre"] == "3"  # calls both ways
    assert "advocate" in panel.inner_text()

    # the same from the keyboard, through the list of people drawn
    page.locator("#node-list button", has_text="Ann Able").focus()
    page.keyboard.press("Enter")
    panel.get_by_role("heading", name="Ann Able").wait_for()
    assert panel.locator(".evidence").is_visible()


def test_warm_paths_from_me_are_highlighted(page, served):
    tina = find(served, "searchPeople", "Tina")
    paths = served.gql(
        """query ($to: ID) { introductionPaths(toId: $to, limit: 3) {
             people { id name } } }""",
        to=tina["id"],
    )["introductionPaths"]
    assert paths and all(path["people"][0]["name"] == "Rita Rep" for path in paths)
    on_paths = sorted({p["id"] for path in paths for p in path["people"]})
    signed_in(page, served)
    open_from_search(page, "people", "tina", "Tina Target")
    wait_for_network(page, tina["id"])
    assert "Rita Rep" not in page.locator("#node-list").inner_text()

    page.get_by_role("button", name="Show warm paths from me to here").click()
    page.locator("[data-testid=paths] li").first.wait_for()
    assert page.evaluate("warmgraphExplorer.highlighted()") == on_paths
    picture = drawn(page)
    assert picture["path"] == on_paths
    assert set(on_paths) <= set(picture["people"])  # rep-1 was added to the drawing
    listed = page.locator("[data-testid=paths] li").all_inner_texts()
    assert len(listed) == len(paths)
    assert all(line.startswith("Rita Rep → ") for line in listed)
    screenshot(page, "warm-paths", readme="paths")


def test_a_company_shows_density_influencers_and_deal_likelihood(page, served):
    acme = find(served, "searchCompanies", "Acme")
    expected = served.gql(
        """query ($id: ID!) {
             advocateDensity(companyId: $id) { reachableCount advocateCount density }
             topInfluencers(companyId: $id, limit: 5) { person { name } }
             deals(companyId: $id, open: true, first: 10) { totalCount edges { node {
               name likelihood { probability drivers { explanation } } } } } }""",
        id=acme["id"],
    )
    signed_in(page, served)
    open_from_search(page, "companies", "acme", "Acme Corp")
    wait_for_network(page, acme["id"])
    panel = page.locator("#panel")
    panel.locator("[data-testid=deals]").wait_for()

    density = expected["advocateDensity"]
    text = panel.locator("[data-testid=density]").inner_text()
    assert f"{density['advocateCount']} advocates among {density['reachableCount']} people" in text
    influencers = panel.locator("[data-testid=influencers] button").all_inner_texts()
    assert influencers == [s["person"]["name"] for s in expected["topInfluencers"]]
    [deal] = [edge["node"] for edge in expected["deals"]["edges"]]
    assert deal["name"] == "Acme platform"
    shown = panel.locator("[data-testid=deals] > li").inner_text()
    assert "Acme platform" in shown
    probability = deal["likelihood"]["probability"]
    assert f"Likelihood {100 * probability:.0f}%" in shown or f"{100 * probability:.1f}%" in shown
    for driver in deal["likelihood"]["drivers"]:
        assert driver["explanation"] in shown
    # the company is drawn with its current employee (tina) and the people around
    picture = drawn(page)
    assert picture["nodes"] == len(served.gql(EGO, company=acme["id"])["egoNetwork"]["people"]) + 1
    screenshot(page, "company", readme="company")


def test_graphql_errors_are_shown_readably(page, served):
    signed_in(page, served)
    page.locator("#limit").fill("0")  # the API allows 1..200
    open_from_search(page, "people", "tina", "Tina Target")
    error = page.locator("#error")
    error.wait_for()
    assert error.inner_text() == "limit must be between 1 and 200, got 0 (BAD_INPUT)"
    assert page.locator("#status").inner_text() == "The network could not be loaded."
    assert page.locator("#app-view").is_visible()  # still signed in
