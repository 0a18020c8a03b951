"""Searches obey the access rules before they page: a rep or manager finds only their team's
deals (the same ones ``deals`` lists them), and counts count only those."""

from __future__ import annotations

import pytest

from graph.errors import BadInput
from graph.model import Deal


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("rep", ["d-east"]),
        ("mgr", ["d-east"]),
        ("west", ["d-west"]),
        ("analyst", ["d-east", "d-west"]),
        ("admin", ["d-east", "d-west"]),
    ],
)
def test_deals_found_are_the_deals_the_caller_may_see(team, role, expected):
    service = team[role]
    for text in ("", "deal", "ACME"):  # everybody's, by deal name, by company name
        page = service.search_deals(text)
        assert [d.id for d in page.nodes] == expected
        assert service.count_found(Deal, page.query) == len(expected)
    listed = [d.id for _, d in service.deal_page(first=50).edges]
    assert sorted(listed) == expected


def test_a_cursor_from_another_search_is_refused(team):
    admin = team["admin"]
    page = admin.search_people("p-", first=2)
    assert page.has_next_page and page.end_cursor is not None
    following = admin.search_people("p-", first=2, after=page.end_cursor)
    assert not set(p.id for p in following.nodes) & set(p.id for p in page.nodes)
    with pytest.raises(BadInput, match="another search"):
        admin.search_people("mid", after=page.end_cursor)
    with pytest.raises(BadInput, match="another search"):
        admin.search_companies("p-", after=page.end_cursor)
    with pytest.raises(BadInput, match="not one this service gave out"):
        admin.search_people("p-", after="not a cursor!")
    with pytest.raises(BadInput, match="first"):
        admin.search_people("p-", first=101)
    with pytest.raises(BadInput, match="first"):
        admin.search_deals("", first=0)
    with pytest.raises(BadInput, match="too long"):
        admin.search_communities("x" * 5000)
