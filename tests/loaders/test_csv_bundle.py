"""read_bundle: real CSV files in tmp_path, normalised frames, every problem with its line."""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.bundle import FRAME_COLUMNS
from graph.errors import BundleError
from loaders.csv import FORMAT_HELP, REQUIRED_COLUMNS, read_bundle
from loaders.csv import lines as csv_lines
from loaders.csv import reading as csv_reading
from loaders.csv.parse import parse_iso


def write(root: Path, name: str, text: str) -> None:
    (root / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain Python values (category -> str, NaN/NA -> None)."""
    plain = frame.astype(object)
    return [
        {
            k: (None if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA else v)
            for k, v in row.items()
        }
        for row in plain.to_dict("records")
    ]


def problems_of(root: Path, **kwargs: Any) -> list[str]:
    with pytest.raises(BundleError) as info:
        read_bundle(root, **kwargs)
    return info.value.problems


GOOD = {
    "people.csv": """
        id,name,email,title,company_id,location,linkedin,twitter,do_not_contact,tags,extra
        007,James Bond,jb@mi6.uk,Agent,c1,London,,,TRUE,spy; vip;;,ignored
        NA,Nadia Ali,,,,,,,no,,x
        p3,"Zed, Jr.",,,c2,,,,,,
        """,
    "companies.csv": """
        id,name,domain,industry,employees
        c1,MI6,mi6.uk,Gov,1200
        c2,Acme,,,
        """,
    "communities.csv": """
        ID,Name,Kind
        g1,Spies,FORUM
        g2,Misc,
        """,
    "connections.csv": """
        source_id,target_id,since,origin
        NA,007,2020-01-05,linkedin
        p3,007,,crm
        007,NA,2021-02-03T10:00:00Z,
        """,
    "employment.csv": """
        person_id,company_id,title,start,end
        007,c1,Commander,2001-01-01,
        NA,c2,Analyst,2010-05-01T09:00:00+02:00,2012-01-01
        """,
    "memberships.csv": """
        person_id,community_id,role,since
        007,g1,moderator,2019-01-01
        NA,g1,,
        007,g1,admin,2019-06-01
        """,
    "advocates.csv": """
        person_id,company_id,level,since
        NA,c1,Champion,2022-01-01
        p3,c2,,
        """,
    "interactions.csv": """
        id,kind,at,source_id,target_id,community_id
        001,email,2024-01-05T10:00:00Z,007,NA,
        002,Like,2024-01-05,NA,007,g1
        003,meeting,2024-01-05T12:00:00+02:00,p3,007,
        004,call,2024-01-05 10:00,007,p3,
        """,
    "deals.csv": """
        id,name,company_id,owner_id,stage,amount,created_at,closed_at
        d1,Big deal,c1,007,closed_won,125000.50,2024-01-01,2024-03-01
        d2,Small,c2,,,,,
        """,
}


@pytest.fixture
def good(tmp_path: Path) -> Path:
    for name, text in GOOD.items():
        write(tmp_path, name, text)
    return tmp_path


def test_good_bundle_round_trip(good: Path) -> None:
    b = read_bundle(good)
    for name, frame in b.frames():
        assert list(frame.columns) == list(FRAME_COLUMNS[name]), name

    assert b.people is not None
    assert records(b.people) == [
        {
            "id": "007",
            "name": "James Bond",
            "email": "jb@mi6.uk",
            "title": "Agent",
            "location": "London",
            "linkedin": None,
            "twitter": None,
            "do_not_contact": True,
            "tags": '["spy", "vip"]',
        },
        {
            "id": "NA",
            "name": "Nadia Ali",
            "email": None,
            "title": None,
            "location": None,
            "linkedin": None,
            "twitter": None,
            "do_not_contact": False,
            "tags": None,
        },
        {
            "id": "p3",
            "name": "Zed, Jr.",
            "email": None,
            "title": None,
            "location": None,
            "linkedin": None,
            "twitter": None,
            "do_not_contact": None,
            "tags": None,
        },
    ]
    assert json.loads(b.people["tags"][0]) == ["spy", "vip"]
    assert b.people["do_not_contact"].dtype == object  # True, False or None (not given)
    assert b.people["email"].dtype == object

    assert b.companies is not None
    assert records(b.companies) == [
        {"id": "c1", "name": "MI6", "domain": "mi6.uk", "industry": "Gov", "employees": 1200},
        {"id": "c2", "name": "Acme", "domain": None, "industry": None, "employees": None},
    ]
    assert str(b.companies["employees"].dtype) == "Int64"

    assert b.communities is not None
    assert records(b.communities) == [
        {"id": "g1", "name": "Spies", "kind": "forum", "url": None},
        {"id": "g2", "name": "Misc", "kind": None, "url": None},
    ]

    # a < b in str order; the reversed duplicate (last row) wins; no origin given: None
    assert b.connections is not None
    assert records(b.connections) == [
        {"a": "007", "b": "p3", "since": None, "origin": "crm"},
        {"a": "007", "b": "NA", "since": "2021-02-03", "origin": None},
    ]
    assert all(a < b_ for a, b_ in zip(b.connections["a"], b.connections["b"], strict=True))

    # p3's people.company_id became an employment row; 007's pair already had one
    assert b.employment is not None
    assert records(b.employment) == [
        {
            "person_id": "007",
            "company_id": "c1",
            "title": "Commander",
            "start": "2001-01-01",
            "end": None,
        },
        {
            "person_id": "NA",
            "company_id": "c2",
            "title": "Analyst",
            "start": "2010-05-01",
            "end": "2012-01-01",
        },
        {"person_id": "p3", "company_id": "c2", "title": None, "start": None, "end": None},
    ]

    assert b.memberships is not None  # the duplicate (007, g1) keeps its last row
    assert records(b.memberships) == [
        {"person_id": "NA", "community_id": "g1", "role": None, "since": None},
        {"person_id": "007", "community_id": "g1", "role": "admin", "since": "2019-06-01"},
    ]

    assert b.advocates is not None
    assert records(b.advocates) == [
        {"person_id": "NA", "company_id": "c1", "level": "champion", "since": "2022-01-01"},
        {"person_id": "p3", "company_id": "c2", "level": None, "since": None},
    ]

    assert b.interactions is not None
    ten = datetime(2024, 1, 5, 10, tzinfo=UTC).timestamp()
    assert records(b.interactions) == [
        {
            "id": "001",
            "kind": "email",
            "at": ten,
            "actor_id": "007",
            "recipient_id": "NA",
            "community_id": None,
        },
        {
            "id": "002",
            "kind": "like",
            "at": ten - 36000,
            "actor_id": "NA",
            "recipient_id": "007",
            "community_id": "g1",
        },
        {
            "id": "003",
            "kind": "meeting",
            "at": ten,
            "actor_id": "p3",
            "recipient_id": "007",
            "community_id": None,
        },
        {
            "id": "004",
            "kind": "call",
            "at": ten,
            "actor_id": "007",
            "recipient_id": "p3",
            "community_id": None,
        },
    ]
    assert b.interactions["at"].dtype == np.float64

    assert b.deals is not None
    assert records(b.deals) == [
        {
            "id": "d1",
            "name": "Big deal",
            "company_id": "c1",
            "owner_id": "007",
            "stage": "closed_won",
            "amount": 125000.5,
            "created_at": "2024-01-01",
            "closed_at": "2024-03-01",
        },
        {
            "id": "d2",
            "name": "Small",
            "company_id": "c2",
            "owner_id": None,
            "stage": None,
            "amount": None,
            "created_at": None,
            "closed_at": None,
        },
    ]
    assert b.deals["amount"].dtype == np.float64


def test_frame_dtypes(good: Path) -> None:
    b = read_bundle(good)
    assert b.connections is not None and b.interactions is not None
    for frame, col in [
        (b.connections, "a"),
        (b.connections, "b"),
        (b.interactions, "kind"),
        (b.interactions, "actor_id"),
        (b.interactions, "recipient_id"),
    ]:
        assert isinstance(frame[col].dtype, pd.CategoricalDtype), col
        assert all(isinstance(v, str) for v in frame[col])
    # an optional enum is categorical too, missing (NaN) where not given
    assert isinstance(b.connections["origin"].dtype, pd.CategoricalDtype)
    assert list(b.connections["origin"].isna()) == [False, True]
    # both ends of a connection share one sorted category set
    assert list(b.connections["a"].cat.categories) == ["007", "NA", "p3"]
    assert b.connections["b"].cat.categories.equals(b.connections["a"].cat.categories)
    for frame, col in [(b.connections, "since"), (b.interactions, "community_id")]:
        assert frame[col].dtype == object
        assert set(map(type, frame[col])) <= {str, type(None)}


def test_absent_files_are_fine(tmp_path: Path) -> None:
    write(tmp_path, "companies.csv", "id,name\nc1,Acme\n")
    only = read_bundle(tmp_path)
    assert [name for name, _ in only.frames()] == ["companies"]
    assert only.companies is not None
    assert records(only.companies) == [
        {"id": "c1", "name": "Acme", "domain": None, "industry": None, "employees": None}
    ]


def test_header_only_files_give_empty_frames(tmp_path: Path) -> None:
    write(tmp_path, "people.csv", "id,name\n")
    write(tmp_path, "connections.csv", "source_id,target_id\n")
    b = read_bundle(tmp_path)
    assert b.people is not None and b.connections is not None
    assert len(b.people) == 0 and list(b.people.columns) == list(FRAME_COLUMNS["people"])
    assert len(b.connections) == 0
    assert list(b.connections.columns) == list(FRAME_COLUMNS["connections"])


def test_people_company_without_employment_file(tmp_path: Path) -> None:
    write(tmp_path, "companies.csv", "id,name\nc1,Acme\n")
    write(tmp_path, "people.csv", "id,name,title,company_id\np1,Ann,CTO,c1\np2,Bob,,\n")
    b = read_bundle(tmp_path)
    assert b.employment is not None
    assert records(b.employment) == [
        {"person_id": "p1", "company_id": "c1", "title": "CTO", "start": None, "end": None}
    ]


# --------------------------------------------------------------------------------------------
# problems


PEOPLE = "id,name\np1,Ann\np2,Bob\n"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"people.csv": "id,email\np1,a@b\n", "interactions.csv": "id,kind,source_id\n"},
            [
                "interactions.csv:1: missing required column 'at'",
                "interactions.csv:1: missing required column 'target_id'",
                "people.csv:1: missing required column 'name'",
            ],
            id="missing-column",
        ),
        pytest.param(
            {"people.csv": "id,name\np1,\n,Bob\np3,Cy\n"},
            [
                "people.csv:2: empty value in required column 'name'",
                "people.csv:3: empty value in required column 'id'",
            ],
            id="empty-required",
        ),
        pytest.param(
            {
                "people.csv": PEOPLE,
                "connections.csv": (
                    "source_id,target_id,since\np1,p2,2020-13-01\np1,p2,2020-01\n"
                    "p1,p2,2020-02-30\np1,p2,yesterday\np1,p2,2020-01-01T25:00\n"
                ),
            },
            [
                f"connections.csv:{line}: unparseable date {v!r} in 'since' "
                "(expected YYYY-MM-DD or an ISO datetime)"
                for line, v in [
                    (2, "2020-13-01"),
                    (3, "2020-01"),
                    (4, "2020-02-30"),
                    (5, "yesterday"),
                    (6, "2020-01-01T25:00"),
                ]
            ],
            id="bad-date",
        ),
        pytest.param(
            {
                "people.csv": PEOPLE,
                "interactions.csv": (
                    "id,kind,at,source_id,target_id\ni1,email,2024-01-05 10:00,p1,p2\n"
                    "i2,email,05/01/2024,p1,p2\ni3,email,,p1,p2\n"
                ),
            },
            [
                "interactions.csv:3: unparseable datetime '05/01/2024' in 'at' "
                "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])",
                "interactions.csv:4: empty value in required column 'at'",
            ],
            id="bad-datetime",
        ),
        pytest.param(
            {
                "people.csv": PEOPLE,
                "companies.csv": "id,name\nc1,Acme\n",
                "communities.csv": "id,name,kind\ng1,G,club\n",
                "connections.csv": "source_id,target_id,origin\np1,p2,pigeon\n",
                "advocates.csv": "person_id,company_id,level\np1,c1,fan\n",
                "interactions.csv": "id,kind,at,source_id,target_id\ni1,poke,2024-01-01,p1,p2\n",
                "deals.csv": "id,name,company_id,stage\nd1,D,c1,won\n",
            },
            [
                "advocates.csv:2: unknown level 'fan' (allowed: promoter, reference, champion)",
                "communities.csv:2: unknown kind 'club' "
                "(allowed: group, forum, event, customer_community, other)",
                "connections.csv:2: unknown origin 'pigeon' "
                "(allowed: linkedin, email, crm, manual)",
                "deals.csv:2: unknown stage 'won' (allowed: prospecting, qualification, "
                "proposal, negotiation, closed_won, closed_lost)",
                "interactions.csv:2: unknown kind 'poke' (allowed: email, meeting, call, "
                "message, comment, like, share, referral, introduction)",
            ],
            id="unknown-enums",
        ),
        pytest.param(
            {
                "companies.csv": "id,name,employees\nc1,A,-5\nc2,B,1.5\nc3,C,12\nc4,D,1e3\n",
                "deals.csv": "id,name,company_id,amount\nd1,D,c3,12k\nd2,E,c3,-3.5\nd3,F,c3,inf\n",
            },
            [
                "companies.csv:2: bad number '-5' in 'employees' (expected a whole number >= 0)",
                "companies.csv:3: bad number '1.5' in 'employees' (expected a whole number >= 0)",
                "companies.csv:5: bad number '1e3' in 'employees' (expected a whole number >= 0)",
                "deals.csv:2: bad number '12k' in 'amount' (expected a number such as 1250.50)",
                "deals.csv:3: amount '-3.5' is not a number >= 0",
                "deals.csv:4: bad number 'inf' in 'amount' (expected a number such as 1250.50)",
            ],
            id="bad-numbers",
        ),
        pytest.param(
            {"people.csv": "id,name,do_not_contact\np1,A,maybe\np2,B,YES\np3,C,0\np4,D,n\n"},
            [
                "people.csv:2: bad boolean 'maybe' in 'do_not_contact' "
                "(expected true/false, 1/0 or yes/no)",
                "people.csv:5: bad boolean 'n' in 'do_not_contact' "
                "(expected true/false, 1/0 or yes/no)",
            ],
            id="bad-boolean",
        ),
        pytest.param(
            {
                "people.csv": "id,name\np1,A\np2,B\np1,C\n007,D\n7,E\n007,F\n",
                "interactions.csv": (
                    "id,kind,at,source_id,target_id\ni1,email,2024-01-01,p1,p2\n"
                    "i1,email,2024-01-02,p2,p1\n"
                ),
            },
            [
                "interactions.csv:3: duplicate id 'i1' (first on line 2)",
                "people.csv:4: duplicate id 'p1' (first on line 2)",
                "people.csv:7: duplicate id '007' (first on line 5)",
            ],
            id="duplicate-id",
        ),
        pytest.param(
            {
                "people.csv": PEOPLE,
                "connections.csv": "source_id,target_id\np1,p2\np2,p2\n",
                "interactions.csv": "id,kind,at,source_id,target_id\ni1,email,2024-01-01,p1,p1\n",
            },
            [
                "connections.csv:3: source_id and target_id are the same person 'p2'",
                "interactions.csv:2: source_id and target_id are the same person 'p1'",
            ],
            id="self-loop",
        ),
        pytest.param(
            {
                "people.csv": PEOPLE,
                "companies.csv": "id,name\nc1,Acme\n",
                "employment.csv": (
                    "person_id,company_id,start,end\np1,c1,2020-01-01,2019-12-31\n"
                    "p2,c1,2020-01-01,2020-01-01T08:00:00Z\n"
                ),
                "deals.csv": (
                    "id,name,company_id,created_at,closed_at\nd1,D,c1,2024-02-01,2024-01-31\n"
                ),
            },
            [
                "deals.csv:2: closed_at '2024-01-31' is before created_at '2024-02-01'",
                "employment.csv:2: end '2019-12-31' is before start '2020-01-01'",
            ],
            id="end-before-start",
        ),
        pytest.param(
            {
                "people.csv": PEOPLE,
                "connections.csv": "source_id,target_id\np1,ghost\nP1,p2\n",
                "memberships.csv": "person_id,community_id\np1,g9\n",
                "deals.csv": "id,name,company_id,owner_id\nd1,D,c9,nobody\n",
            },
            [
                "connections.csv:2: unknown person 'ghost' in 'target_id'",
                "connections.csv:3: unknown person 'P1' in 'source_id'",
                "deals.csv:2: unknown person 'nobody' in 'owner_id'",
                "deals.csv:2: unknown company 'c9' in 'company_id'",
                "memberships.csv:2: unknown community 'g9' in 'community_id'",
            ],
            id="unknown-reference",
        ),
        pytest.param(
            {
                "people.csv": (
                    'id,name,email\np1,A,a\n\np2,"B\nsecond line",b\np3,C,c,EXTRA\np4,,d\n'
                )
            },
            [
                "people.csv:6: expected 3 fields, saw 4",
                "people.csv:7: empty value in required column 'name'",
            ],
            id="physical-lines",
        ),
        pytest.param(
            {"people.csv": "", "companies.csv": "id,name\nc1,A\n"},
            ["people.csv:1: empty file: no header row"],
            id="empty-file",
        ),
    ],
)
def test_problems(tmp_path: Path, files: dict[str, str], expected: list[str]) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert problems_of(tmp_path) == expected


def test_every_problem_across_files_in_one_error(tmp_path: Path) -> None:
    write(tmp_path, "people.csv", "id,name,do_not_contact\np1,Ann,perhaps\np1,Bob,\n")
    write(tmp_path, "companies.csv", "id,name,employees\nc1,Acme,lots\n")
    write(tmp_path, "connections.csv", "source_id,target_id,since,origin\np1,p9,never,fax\n")
    write(tmp_path, "interactions.csv", "id,kind,at,source_id,target_id\ni1,wave,now,p1,p1\n")
    with pytest.raises(BundleError) as info:
        read_bundle(tmp_path)
    assert info.value.problems == [
        "companies.csv:2: bad number 'lots' in 'employees' (expected a whole number >= 0)",
        "connections.csv:2: unparseable date 'never' in 'since' "
        "(expected YYYY-MM-DD or an ISO datetime)",
        "connections.csv:2: unknown origin 'fax' (allowed: linkedin, email, crm, manual)",
        "connections.csv:2: unknown person 'p9' in 'target_id'",
        "interactions.csv:2: unknown kind 'wave' (allowed: email, meeting, call, message, "
        "comment, like, share, referral, introduction)",
        "interactions.csv:2: unparseable datetime 'now' in 'at' "
        "(expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])",
        "interactions.csv:2: source_id and target_id are the same person 'p1'",
        "people.csv:2: bad boolean 'perhaps' in 'do_not_contact' "
        "(expected true/false, 1/0 or yes/no)",
        "people.csv:3: duplicate id 'p1' (first on line 2)",
    ]
    assert info.value.code == "BAD_BUNDLE"
    assert "9 problem(s)" in info.value.message


def test_known_ids_are_asked_once_per_kind(tmp_path: Path) -> None:
    write(tmp_path, "people.csv", "id,name\np1,Ann\n")
    write(tmp_path, "connections.csv", "source_id,target_id\np1,old1\nold2,p1\nold1,old2\n")
    write(tmp_path, "employment.csv", "person_id,company_id\np1,c-old\nold1,c-new\n")
    write(
        tmp_path,
        "interactions.csv",
        "id,kind,at,source_id,target_id,community_id\ni1,like,2024-01-01,old1,p1,g-old\n",
    )
    asked: list[tuple[str, set[str]]] = []

    def store(kind: str, ids: set[str]) -> set[str]:
        asked.append((kind, set(ids)))
        return ids & {"old1", "old2", "c-old", "g-old"}

    problems = problems_of(tmp_path, known_ids=store)
    assert problems == ["employment.csv:3: unknown company 'c-new' in 'company_id'"]
    assert sorted(asked) == [
        ("community", {"g-old"}),
        ("company", {"c-old", "c-new"}),
        ("person", {"old1", "old2"}),
    ]

    write(tmp_path, "employment.csv", "person_id,company_id\np1,c-old\n")
    asked.clear()
    b = read_bundle(tmp_path, known_ids=store)
    assert b.connections is not None and len(b.connections) == 3
    assert [k for k, _ in sorted(asked)] == ["community", "company", "person"]


def test_no_store_means_everything_must_be_in_the_bundle(tmp_path: Path) -> None:
    write(tmp_path, "advocates.csv", "person_id,company_id\np1,c1\n")
    assert problems_of(tmp_path) == [
        "advocates.csv:2: unknown person 'p1' in 'person_id'",
        "advocates.csv:2: unknown company 'c1' in 'company_id'",
    ]


def test_references_to_a_broken_node_file_are_not_echoed(tmp_path: Path) -> None:
    write(tmp_path, "people.csv", "name\nAnn\n")
    write(tmp_path, "connections.csv", "source_id,target_id\np1,p2\n")
    assert problems_of(tmp_path) == ["people.csv:1: missing required column 'id'"]


def test_problem_lists_are_capped_per_file(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(csv_lines, "PROBLEMS_PER_CHECK", 3)
    monkeypatch.setattr(csv_lines, "PROBLEMS_PER_FILE", 4)
    rows = "".join(f"p{i},,x\n" for i in range(10))
    write(tmp_path, "people.csv", "id,name,do_not_contact\n" + rows)
    problems = problems_of(tmp_path)
    assert problems == [
        "people.csv:2: empty value in required column 'name'",
        "people.csv:2: bad boolean 'x' in 'do_not_contact' (expected true/false, 1/0 or yes/no)",
        "people.csv:3: empty value in required column 'name'",
        "people.csv:3: bad boolean 'x' in 'do_not_contact' (expected true/false, 1/0 or yes/no)",
        "people.csv: ... and 16 more problem(s) not listed",
    ]


def test_many_chunks_keep_line_numbers_and_categories(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(csv_reading, "CHUNK_ROWS", 7)
    people = "".join(f"p{i:03d},Person {i}\n" for i in range(40))
    write(tmp_path, "people.csv", "id,name\n" + people + "p005,Again\n")
    conns = "".join(f"p{(i * 7) % 40:03d},p{(i * 3 + 1) % 40:03d}\n" for i in range(60))
    write(tmp_path, "connections.csv", "source_id,target_id\n" + conns)
    assert problems_of(tmp_path) == ["people.csv:42: duplicate id 'p005' (first on line 7)"]
    write(tmp_path, "people.csv", "id,name\n" + people)
    b = read_bundle(tmp_path)
    assert b.connections is not None
    pairs = {tuple(sorted(((i * 7) % 40, (i * 3 + 1) % 40))) for i in range(60)}
    pairs = {p for p in pairs if p[0] != p[1]}
    got = {
        (int(a[1:]), int(b_[1:]))
        for a, b_ in zip(b.connections["a"], b.connections["b"], strict=True)
    }
    assert got == pairs


def test_progress_reports_each_file(good: Path) -> None:
    seen: list[tuple[str, int, int | None]] = []
    read_bundle(good, progress=lambda stage, done, total=None: seen.append((stage, done, total)))
    stages = [s for s, _, _ in seen]
    for name in GOOD:
        assert f"reading {name}" in stages
    assert ("reading interactions.csv", 4, 4) in seen
    assert "checking references" in stages


def test_format_description() -> None:
    assert REQUIRED_COLUMNS["interactions.csv"] == ("id", "kind", "at", "source_id", "target_id")
    assert REQUIRED_COLUMNS["connections.csv"] == ("source_id", "target_id")
    assert "people.csv: id*, name*" in FORMAT_HELP
    assert "origin (linkedin|email|crm|manual, default manual)" in FORMAT_HELP


def test_not_a_directory(tmp_path: Path) -> None:
    with pytest.raises(BundleError):
        read_bundle(tmp_path / "missing")


# --------------------------------------------------------------------------------------------
# the vectorised ISO parser against Python's own


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
    st.sampled_from(
        [
            "%Y-%m-%d",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%dT%H:%M:%SZ",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S+02:00",
            "%Y-%m-%dT%H:%M:%S.%f",
        ]
    ),
)
def test_parse_iso_matches_python(moment: datetime, fmt: str) -> None:
    text = moment.strftime(fmt)
    ok, _, micros = parse_iso(np.array([text], dtype=object))
    assert ok[0]
    expected = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if expected.tzinfo is None:
        expected = expected.replace(tzinfo=UTC)
    assert micros[0] == (expected - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def test_excel_style_file_with_bom_and_crlf(tmp_path: Path) -> None:
    (tmp_path / "companies.csv").write_bytes(
        b'\xef\xbb\xbfID,Name,Employees\r\nc1,Acme,10\r\nc2,"Multi\r\nline",\r\nc3,,x\r\n'
    )
    assert problems_of(tmp_path) == [
        "companies.csv:5: empty value in required column 'name'",
        "companies.csv:5: bad number 'x' in 'employees' (expected a whole number >= 0)",
    ]
    (tmp_path / "companies.csv").write_bytes(
        b'\xef\xbb\xbfid,name\r\nc1,Acme\r\nc2,"Multi\r\nline"\r\n'
    )
    b = read_bundle(tmp_path)
    assert b.companies is not None
    assert list(b.companies["name"]) == ["Acme", "Multi\r\nline"]


def test_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_bytes(b"id,name\np1,Ann\np2,Jos\xe9\np3,Cy\n")
    (tmp_path / "companies.csv").write_bytes(b'id,name\nc1,Acme\nc2,"Open\nc3,Never closed\n')
    (tmp_path / "communities.csv").write_bytes(b"id,n\xe4me\ng1,G\n")
    assert problems_of(tmp_path) == [
        "communities.csv:1: not UTF-8 text",
        "companies.csv:3: malformed CSV (a quoted value is never closed); "
        "rest of the file not checked",
        "people.csv:3: not UTF-8 text; rest of the file not checked",
    ]
