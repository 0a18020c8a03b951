"""One check per record kind: each returns the record normalised, or raises ``BadInput``.

The service calls these before any store sees a record, so stores only map and write.

>>> person(Person(id="p1", name="Ann", tags=["vip"]))
Person(id='p1', name='Ann', title=None, email=None, location=None, linkedin=None, \
twitter=None, do_not_contact=False, tags=('vip',))
>>> connection(Connection("b", "a")).a
'a'
>>> deal(Deal(id="d1", name="Big", company_id="c1", amount=-5))
Traceback (most recent call last):
...
graph.errors.BadInput: deal amount must be a number >= 0, got -5
"""

from __future__ import annotations

from ..errors import BadInput, shown
from ..model import (
    Advocacy,
    AdvocacyLevel,
    Community,
    CommunityKind,
    Company,
    Connection,
    ConnectionOrigin,
    Deal,
    DealStage,
    Employment,
    Interaction,
    InteractionKind,
    Membership,
    Node,
    Person,
)
from .rules import (
    check_amount,
    check_count,
    check_date,
    check_enum,
    check_flag,
    check_id,
    check_name,
    check_tags,
    check_time,
    optional_id,
    optional_text,
)


def person(p: Person) -> Person:
    return Person(
        id=check_id(p.id, "person id"),
        name=check_name(p.name, "person name"),
        title=optional_text(p.title, "title"),
        email=optional_text(p.email, "e-mail address"),
        location=optional_text(p.location, "location"),
        linkedin=optional_text(p.linkedin, "LinkedIn handle"),
        twitter=optional_text(p.twitter, "Twitter handle"),
        do_not_contact=check_flag(p.do_not_contact, "do-not-contact"),
        tags=check_tags(p.tags),
    )


def company(c: Company) -> Company:
    return Company(
        id=check_id(c.id, "company id"),
        name=check_name(c.name, "company name"),
        domain=optional_text(c.domain, "domain"),
        industry=optional_text(c.industry, "industry"),
        employees=check_count(c.employees, "employee count"),
    )


def community(c: Community) -> Community:
    return Community(
        id=check_id(c.id, "community id"),
        name=check_name(c.name, "community name"),
        kind=check_enum(CommunityKind, c.kind, "community kind"),
        url=optional_text(c.url, "URL"),
    )


def deal(d: Deal) -> Deal:
    created = check_date(d.created_at, "deal creation date")
    closed = check_date(d.closed_at, "deal closing date")
    if created is not None and closed is not None and closed < created:
        raise BadInput(f"a deal cannot close ({closed}) before it was created ({created})")
    return Deal(
        id=check_id(d.id, "deal id"),
        name=check_name(d.name, "deal name"),
        company_id=check_id(d.company_id, "deal company"),
        owner_id=optional_id(d.owner_id, "deal owner"),
        stage=check_enum(DealStage, d.stage, "deal stage"),
        amount=check_amount(d.amount, "deal amount"),
        created_at=created,
        closed_at=closed,
    )


def node(n: Node) -> Node:
    """The check for whichever kind of node ``n`` is."""
    if isinstance(n, Person):
        return person(n)
    if isinstance(n, Company):
        return company(n)
    if isinstance(n, Community):
        return community(n)
    if isinstance(n, Deal):
        return deal(n)
    raise BadInput(f"not a node: {shown(n)}")


def pair(a: object, b: object, what: str) -> tuple[str, str]:
    """Two different people (a connection's ends, an interaction's actor and recipient)."""
    first = check_id(a, f"first person of the {what}")
    second = check_id(b, f"second person of the {what}")
    if first == second:
        raise BadInput(f"a {what} needs two different people, got {shown(first)} twice")
    return first, second


def connection(c: Connection) -> Connection:
    a, b = pair(c.a, c.b, "connection")
    return Connection(
        a=a,
        b=b,
        since=check_date(c.since, "connection date"),
        origin=check_enum(ConnectionOrigin, c.origin, "connection origin"),
    )


def interaction(i: Interaction) -> Interaction:
    actor = check_id(i.actor_id, "interaction actor")
    recipient = check_id(i.recipient_id, "interaction recipient")
    if actor == recipient:
        raise BadInput(f"an interaction needs two different people, got {shown(actor)} twice")
    return Interaction(
        id=check_id(i.id, "interaction id"),
        kind=check_enum(InteractionKind, i.kind, "interaction kind"),
        at=check_time(i.at, "interaction time"),
        actor_id=actor,
        recipient_id=recipient,
        community_id=optional_id(i.community_id, "interaction community"),
    )


def employment(e: Employment) -> Employment:
    start = check_date(e.start, "employment start")
    end = check_date(e.end, "employment end")
    if start is not None and end is not None and end < start:
        raise BadInput(f"employment end ({end}) is before its start ({start})")
    return Employment(
        person_id=check_id(e.person_id, "employee"),
        company_id=check_id(e.company_id, "employer"),
        title=optional_text(e.title, "job title"),
        start=start,
        end=end,
    )


def membership(m: Membership) -> Membership:
    return Membership(
        person_id=check_id(m.person_id, "member"),
        community_id=check_id(m.community_id, "community id"),
        role=optional_text(m.role, "role"),
        since=check_date(m.since, "membership date"),
    )


def advocacy(a: Advocacy) -> Advocacy:
    return Advocacy(
        person_id=check_id(a.person_id, "advocate"),
        company_id=check_id(a.company_id, "advocated company"),
        level=check_enum(AdvocacyLevel, a.level, "advocacy level"),
        since=check_date(a.since, "advocacy date"),
    )
