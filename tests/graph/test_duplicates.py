"""The possible-duplicates pairs (graph/duplicates.py) on hand-made identities, and against a
brute-force enumeration of every pair on random small inputs."""

from __future__ import annotations

import base64
import doctest
import itertools
import random

import pytest

import graph.duplicates
import graph.names
from graph.access.suppression import normalise_profile
from graph.duplicates import MAX_GROUP, Likeness, decode_cursor, possible_duplicates
from graph.errors import BadInput
from graph.names import company_name_key, name_key
from graph.queries import PersonIdentity as P

COMPANIES = {"acme": "Acme, Inc.", "acme2": "ACME", "globex": "Globex", "initech": "Initech"}


def pairs(people, first=None, after=None, companies=COMPANIES):
    return [(p.a, p.b, p.reason) for p in possible_duplicates(people, companies, first, after)]


def test_the_docstring_examples_run():
    assert doctest.testmod(graph.duplicates).failed == 0
    assert doctest.testmod(graph.names).failed == 0


def test_reasons_say_why_likeliest_first():
    people = [
        P("d", "Zoë Adams", "zoe@globex.com", None, ("globex",)),
        P("a", "Zoe Adams", "zoe@acme.com", None, ("acme",)),
        P("b", "ZOE  ADAMS", "z.adams@acme.com", None, ("acme",)),
        P("c", "zoe adams", None, None, ()),
        P("e", "Zoe Adams", None, None, ()),
    ]
    assert pairs(people) == [
        ("a", "b", "same name and company (Acme, Inc.); different e-mails"),
        ("a", "c", "same name; one has no company"),
        ("a", "e", "same name; one has no company"),
        ("b", "c", "same name; one has no company"),
        ("b", "e", "same name; one has no company"),
        ("c", "d", "same name; one has no company"),
        ("c", "e", "same name; neither has a company"),
        ("d", "e", "same name; one has no company"),
        ("a", "d", "same name; different companies (Acme, Inc. / Globex)"),
        ("b", "d", "same name; different companies (Acme, Inc. / Globex)"),
    ]


def test_same_company_by_normalised_name_across_company_records():
    # two company records resolution would have merged ("Acme, Inc." and "ACME")
    people = [
        P("a", "Kim Park", "kim@acme.com", None, ("acme",)),
        P("b", "Kim Park", "KIM@acme.com ", None, ("acme2",)),
    ]
    found = possible_duplicates(people, COMPANIES)
    assert [(p.a, p.b, p.likeness) for p in found] == [("a", "b", Likeness.SAME_COMPANY)]
    # the same address written differently is not "different e-mails"
    assert found[0].reason == "same name and company (Acme, Inc.)"


def test_names_are_ordered_within_a_likeness():
    people = [
        P("1", "Bo Yang", None, None, ()),
        P("2", "Bo Yang", None, None, ()),
        P("3", "Al Xu", None, None, ()),
        P("4", "Al Xu", None, None, ()),
    ]
    assert [(a, b) for a, b, _ in pairs(people)] == [("3", "4"), ("1", "2")]


@pytest.mark.parametrize(
    "people",
    [
        pytest.param([P("a", "Ann Lee", None, None, ())], id="one person"),
        pytest.param(
            [P("a", "Ann Lee", None, None, ("acme",)), P("b", "Anne Lee", None, None, ("acme",))],
            id="different names",
        ),
        pytest.param(
            [
                P("a", "Ann Lee", None, "https://www.linkedin.com/in/annlee", ("acme",)),
                P("b", "Ann Lee", None, "linkedin.com/in/ann-lee-2", ("acme",)),
            ],
            id="different LinkedIn profiles",
        ),
        pytest.param(
            [P("a", "   ", None, None, ("acme",)), P("b", "", None, None, ("acme",))],
            id="blank names",
        ),
        pytest.param([], id="nobody"),
    ],
)
def test_must_not_list(people):
    assert pairs(people) == []


def test_one_profile_or_the_same_profile_written_differently_still_pairs():
    people = [
        P("a", "Ann Lee", None, "https://www.linkedin.com/in/annlee/?trk=x", ()),
        P("b", "Ann Lee", None, "http://linkedin.com/in/annlee", ()),
        P("c", "Ann Lee", None, None, ()),
        P("d", "Ann Lee", None, "  ", ()),
    ]
    assert [(a, b) for a, b, _ in pairs(people)] == list(itertools.combinations("abcd", 2))


def test_a_common_name_gives_only_its_same_company_pairs():
    many = [P(f"n{i:03}", "John Smith", None, None, ()) for i in range(MAX_GROUP)]
    at_acme = [P(f"a{i}", "John Smith", None, None, ("acme",)) for i in range(3)]
    at_globex = [P(f"g{i}", "john smith", None, None, ("globex", "initech")) for i in range(2)]
    found = possible_duplicates(many + at_acme + at_globex, COMPANIES)
    assert [(p.a, p.b) for p in found] == [
        ("a0", "a1"),
        ("a0", "a2"),
        ("a1", "a2"),
        ("g0", "g1"),  # once, though they share two companies
    ]
    assert found[-1].reason == "same name and company (Globex, Initech)"
    # at most MAX_GROUP of them: every pair
    assert len(possible_duplicates(many, COMPANIES)) == MAX_GROUP * (MAX_GROUP - 1) // 2


def test_a_common_name_at_one_company_gives_nothing_there():
    crowd = [P(f"c{i:03}", "John Smith", None, None, ("acme",)) for i in range(MAX_GROUP + 1)]
    pair = [P(f"g{i}", "John Smith", None, None, ("globex",)) for i in range(2)]
    assert [(a, b) for a, b, _ in pairs(crowd + pair)] == [("g0", "g1")]


def test_two_thousand_john_smiths_are_bounded():
    rng = random.Random(7)
    smiths = [
        P(f"p{i:04}", "John Smith", None, None, (f"c{rng.randrange(400)}",)) for i in range(2000)
    ]
    found = possible_duplicates(smiths, {})
    # 2,000 people at 400 companies: about 5 per company, so about 5,000 pairs, not 2,000,000
    by_company = {}
    for p in smiths:
        by_company.setdefault(p.companies[0], []).append(p.id)
    assert len(found) == sum(len(v) * (len(v) - 1) // 2 for v in by_company.values())
    assert all(p.likeness is Likeness.SAME_COMPANY for p in found)


def test_pages_continue_after_their_cursor_even_when_people_change():
    people = [P(f"p{i}", "Sam Roe", None, None, ()) for i in range(6)]  # 15 pairs
    whole = pairs(people)
    first = possible_duplicates(people, COMPANIES, first=4)
    assert [(p.a, p.b, p.reason) for p in first] == whole[:4]
    assert pairs(people, first=20, after=first[-1].cursor) == whole[4:]
    assert pairs(people, first=3, after=first[-1].cursor) == whole[4:7]
    # a new person: their pair ranking before the cursor is not shown on later pages, the
    # ones after it are, and no pair shown already is repeated
    people.append(P("p00", "Sam Roe", None, None, ()))
    later = [(a, b) for a, b, _ in pairs(people, after=first[-1].cursor)]
    assert first[-1].key == (Likeness.MISSING_COMPANY, "sam roe", "p0", "p4")
    assert ("p0", "p00") not in later and ("p00", "p1") in later
    assert [pair for pair in later if "p00" not in pair] == [(a, b) for a, b, _ in whole[4:]]
    assert pairs(people, after=possible_duplicates(people, COMPANIES)[-1].cursor) == []


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "not a cursor!",
        base64.urlsafe_b64encode(b"{}").decode(),
        base64.urlsafe_b64encode(b'[9,"n","a","b"]').decode(),
        base64.urlsafe_b64encode(b'[true,"n","a","b"]').decode(),
        base64.urlsafe_b64encode(b'[0,"n","a"]').decode(),
        base64.urlsafe_b64encode(b'[0,"n","a",3]').decode(),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        "A" * 5000,
    ],
)
def test_a_bad_cursor_is_bad_input(cursor):
    with pytest.raises(BadInput, match="not a cursor"):
        decode_cursor(cursor)
    with pytest.raises(BadInput):
        possible_duplicates([], {}, after=cursor)


def test_a_cursor_round_trips_unicode_names():
    pair = possible_duplicates(
        [P("a", "Ŝára Ø", None, None, ()), P("b", "sara ø", None, None, ())], {}
    )[0]
    assert decode_cursor(pair.cursor) == pair.key
    assert set(pair.cursor) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )


# -- against every pair, on random small inputs ----------------------------------------------

NAMES = ["José Núñez", "jose nunez", "JOSE  NUNEZ", "Ann Lee", "ann lee", "Li Wei", " "]
PROFILES = [None, "", "linkedin.com/in/a", "https://www.linkedin.com/in/a/", "linkedin.com/in/b"]
EMAILS = [None, "x@acme.com", "X@Acme.com", "y@acme.com"]


def brute_force(people, companies):
    """Every pair of the same name that is not two LinkedIn profiles, ranked as documented."""

    def company_keys(p):
        return {company_name_key(companies.get(c)) or f"#{c}" for c in p.companies}

    found = []
    for x, y in itertools.combinations(people, 2):
        a, b = sorted((x, y), key=lambda p: p.id)
        if name_key(a.name) is None or name_key(a.name) != name_key(b.name):
            continue
        pa = normalise_profile(a.linkedin) if a.linkedin and a.linkedin.strip() else None
        pb = normalise_profile(b.linkedin) if b.linkedin and b.linkedin.strip() else None
        if pa and pb and pa != pb:
            continue
        ca, cb = company_keys(a), company_keys(b)
        rank = 1 if not ca or not cb else 0 if ca & cb else 2
        found.append((rank, name_key(a.name), a.id, b.id))
    return sorted(found)


@pytest.mark.parametrize("seed", range(40))
def test_matches_brute_force(seed):
    rng = random.Random(seed)
    companies = dict(rng.sample(sorted(COMPANIES.items()), rng.randint(0, len(COMPANIES))))
    people = [
        P(
            f"p{i:02}",
            rng.choice(NAMES),
            rng.choice(EMAILS),
            rng.choice(PROFILES),
            tuple(rng.sample(sorted(COMPANIES), rng.randint(0, 2))),
        )
        for i in range(rng.randint(0, 14))
    ]
    expected = brute_force(people, companies)
    assert [p.key for p in possible_duplicates(people, companies)] == expected
    # and in pages of any size, concatenated
    size, paged, after = rng.randint(1, 5), [], None
    while page := possible_duplicates(people, companies, first=size, after=after):
        paged += page
        after = page[-1].cursor
    assert [p.key for p in paged] == expected
