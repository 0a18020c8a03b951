"""Do-not-contact people: their e-mail and profile links are for admins only, they are never
found by searching for what is hidden, and they never appear as an intermediary or as a
nearest advocate."""

from __future__ import annotations

import pytest

from graph.model import Person


@pytest.mark.parametrize("role", ["mgr", "rep", "west", "analyst"])
def test_contact_details_of_do_not_contact_people_are_hidden_from_non_admins(team, role):
    seen = team[role].get(Person, "dnc")
    assert (seen.email, seen.linkedin, seen.twitter) == (None, None, None)
    assert seen.name == "Dana Private" and seen.do_not_contact
    assert team[role].get(Person, "buyer").email == "buyer@people.example"


def test_admins_see_them(team):
    assert team["admin"].get(Person, "dnc").email == "dana@private.example"


def test_a_hidden_email_cannot_be_searched_for(team):
    rep = team["rep"]
    assert rep.search_people("dana@private").nodes == []
    assert rep.count_found(Person, rep.search_people("dana@private").query) == 0
    assert [p.id for p in rep.search_people("Dana").nodes] == ["dnc"]
    assert rep.search_people("Dana").nodes[0].email is None
    # listing everybody shows them, redacted
    everybody = rep.search_people("", first=100).nodes
    assert [p.email for p in everybody if p.id == "dnc"] == [None]
    assert [p.id for p in team["admin"].search_people("dana@private").nodes] == ["dnc"]
    assert team["admin"].search_people("Dana").nodes[0].email == "dana@private.example"


def test_nearest_advocates_never_list_do_not_contact_people(team):
    density = team["rep"].advocate_density(person_id="buyer", hops=2)
    assert density.advocates >= 1  # dnc still counts in the aggregate
    assert all(not r.advocate.do_not_contact for r in density.nearest)


def test_paths_never_pass_through_do_not_contact_people(team):
    for path in team["admin"].introduction_paths("p-rep", to_id="buyer", max_hops=4, limit=50):
        assert all(not p.do_not_contact for p in path.people[1:-1])
