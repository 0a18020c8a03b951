"""Identity resolution: which warmgraph person, company and deal each row of a source batch
is, by rules in order, and the import bundle that applies the batch. Pure: reads only what
it is given (:class:`loaders.identity.KnownIdentities`) and writes nothing.

People, by the first rule that matches (the rule is counted):

1. ``external id``: the same source's own key seen before (re-imports update);
2. ``email``: the same e-mail address, trimmed and lower-cased;
3. ``linkedin``: the same profile link (no scheme, ``www.``, query or trailing slash);
4. ``name and company``: the same full name (case- and accent-insensitive) and the same
   current company (same record, same normalised name, or an e-mail domain equal to the
   other's company domain), when the two have neither different e-mail addresses nor
   different LinkedIn profiles and only one person fits. A name alone never merges.

Companies: ``external id``, ``domain``, then ``name`` (normalised; not when both have
different domains). Rows of one batch that resolve to the same record merge too.

**New ids.** A CRM source (``salesforce``, ``hubspot``) keeps its own id (the 18-character
Salesforce Id) as the warmgraph id; every other source, and a CRM id that is taken, gets
``source:key`` (``linkedin:linkedin.com/in/ada``), then ``source:key~2``, ... until free.
Ids are made safe: whitespace and control characters become ``_``, and a key too long for an
id is cut and ends with a hash of the whole. Interactions are ``source:key``.

**Values.** A stored value is never overwritten: an empty source value is skipped and a
different one is kept and listed in ``conflicts``. An existing person's title is left as it
is (identities do not carry it); the employment row carries the source's title.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from graph.bundle import Bundle
from graph.errors import BadInput
from graph.validation import MAX_ID_LENGTH

from .directory import COMPANY_FIELDS, PERSON_FIELDS, Companies, People, Record
from .identity import KnownIdentities, domain_key, email_key, profile_key
from .resolve_frames import build_bundle
from .sources.records import OWNER, SourceBatch, SourceCompany, SourcePerson

__all__ = ["CRM_SOURCES", "Resolution", "resolve", "safe_id"]

#: Sources whose own ids become warmgraph ids (they are stable and meant to be shared).
CRM_SOURCES = frozenset({"salesforce", "hubspot"})


@dataclass(slots=True)
class Resolution:
    """What a batch resolved to, and the bundle that applies it."""

    person_ids: dict[str, str] = field(default_factory=dict)  # batch key -> id (OWNER too)
    company_ids: dict[str, str] = field(default_factory=dict)
    deal_ids: dict[str, str] = field(default_factory=dict)
    people_created: int = 0
    people_merged: Counter[str] = field(default_factory=Counter)  # rule -> rows
    companies_created: int = 0
    companies_matched: Counter[str] = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # links dropped, by why
    problems: list[str] = field(default_factory=list)  # a batch that cannot be applied
    bundle: Bundle = field(default_factory=Bundle)
    people: list[Record] = field(default_factory=list)  # written by the bundle
    companies: list[Record] = field(default_factory=list)

    def external_ids(self) -> dict[str, dict[str, str]]:
        """``kind -> {source key: warmgraph id}`` to record after applying the batch."""
        people = {k: v for k, v in self.person_ids.items() if k != OWNER}
        return {"person": people, "company": dict(self.company_ids), "deal": dict(self.deal_ids)}


def safe_id(text: str) -> str:
    """``text`` as a warmgraph id: whitespace and control characters as ``_``; cut to the
    id length limit with a hash of the whole at the end when longer."""
    cleaned = re.sub(r"[\s\x00-\x1f\x7f]+", "_", text.strip()) or "_"
    if len(cleaned) <= MAX_ID_LENGTH:
        return cleaned
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{cleaned[: MAX_ID_LENGTH - 17]}~{digest}"


class _Ids:
    """Hands out new ids of one kind, never one that is taken."""

    def __init__(self, source: str, taken: set[str]) -> None:
        self.source = source
        self.taken = taken

    def new(self, key: str) -> str:
        base = safe_id(f"{self.source}:{key}")
        first = safe_id(key) if self.source in CRM_SOURCES else base
        # lazily: the numbered ones are only made when both plain ids are taken
        candidates = itertools.chain(
            (first, base), (safe_id(f"{base}~{n}") for n in itertools.count(2))
        )
        chosen = next(c for c in candidates if c not in self.taken)
        self.taken.add(chosen)
        return chosen


def resolve(batch: SourceBatch, known: KnownIdentities, owner_id: str | None) -> Resolution:
    """Resolve every row of ``batch`` against ``known``; ``owner_id`` is the person
    :data:`OWNER` stands for (BadInput if the batch names OWNER without one)."""
    out = Resolution()
    companies = Companies(known.companies)
    people = People(known.people)
    if owner_id is not None:
        out.person_ids[OWNER] = owner_id
    elif _names_owner(batch):
        raise BadInput(f"a {batch.source} import is someone's own data: give --owner PERSON_ID")
    reserved_people = set(people.by_id) | set(known.person_ids.values())
    company_ids = _Ids(batch.source, set(companies.by_id) | set(known.company_ids.values()))
    for company in batch.companies:
        _resolve_company(company, known, companies, company_ids, out)
    if owner_id is not None:
        reserved_people.add(owner_id)
    person_ids = _Ids(batch.source, reserved_people)
    for person in batch.people:
        _resolve_person(person, known, people, companies, person_ids, out)
    deal_ids = _Ids(batch.source, set(known.taken_deal_ids) | set(known.deal_ids.values()))
    for deal in batch.deals:
        out.deal_ids[deal.key] = known.deal_ids.get(deal.key) or deal_ids.new(deal.key)
    out.people = [r for r in people.by_id.values() if r.given]
    out.companies = [r for r in companies.by_id.values() if r.given]
    out.bundle = build_bundle(batch, out)
    return out


def _names_owner(batch: SourceBatch) -> bool:
    return (
        any(OWNER in (c.a, c.b) for c in batch.connections)
        or any(OWNER in (i.actor, i.recipient) for i in batch.interactions)
        or any(d.owner == OWNER for d in batch.deals)
    )


def _resolve_company(
    row: SourceCompany, known: KnownIdentities, companies: Companies, ids: _Ids, out: Resolution
) -> None:
    mapped = known.company_ids.get(row.key)
    found, rule = None, ""
    if mapped is not None and mapped in companies.by_id:
        found, rule = mapped, "external id"
    elif (domain := domain_key(row.domain)) is not None and domain in companies.by_domain:
        found, rule = companies.by_domain[domain], "domain"
    elif (by_name := companies.by_name_key(row.name, row.domain)) is not None:
        found, rule = by_name, "name"
    source = {"name": row.name, "domain": row.domain}
    if found is None:
        record = Record(mapped or ids.new(row.key), "company", False, {})
        record.apply(COMPANY_FIELDS, source, out.conflicts)
        record.given.setdefault("name", row.name)  # a blank name fails validation, named
        companies.add(record)
        out.companies_created += 1
    else:
        record = companies.by_id[found]
        if record.apply(COMPANY_FIELDS, source, out.conflicts):
            companies.index(record)
        out.companies_matched[rule] += 1
    out.company_ids[row.key] = record.id


def _resolve_person(
    row: SourcePerson,
    known: KnownIdentities,
    people: People,
    companies: Companies,
    ids: _Ids,
    out: Resolution,
) -> None:
    if row.key == OWNER:
        return  # the owner is --owner, never a new person
    company = None
    if row.company is not None:
        company = out.company_ids.get(row.company)
        if company is None:
            out.problems.append(f"{_where(row.line)}person {row.key!r}: unknown company key")
    mapped = known.person_ids.get(row.key)
    found, rule = None, ""
    if mapped is not None and mapped in people.by_id:
        found, rule = mapped, "external id"
    elif (email := email_key(row.email)) is not None and email in people.by_email:
        found, rule = people.by_email[email], "email"
    elif (profile := profile_key(row.linkedin)) is not None and profile in people.by_profile:
        found, rule = people.by_profile[profile], "linkedin"
    elif same := people.same_name_and_company(
        row.name, row.email, row.linkedin, company, companies
    ):
        found, rule = same, "name and company"
    source = {"name": row.name, "email": row.email, "linkedin": row.linkedin, "title": row.title}
    if found is None:
        record = Record(mapped or ids.new(row.key), "person", False, {})
        record.apply(PERSON_FIELDS, source, out.conflicts)
        record.given.setdefault("name", row.name)  # a blank name fails validation, named
        people.add(record)
        out.people_created += 1
    else:
        record = people.by_id[found]
        if record.existing:  # identities carry no title: leave a stored one alone
            source["title"] = None
        people.index(record, record.apply(PERSON_FIELDS, source, out.conflicts))
        out.people_merged[rule] += 1
    if company is not None:
        record.companies.add(company)
    out.person_ids[row.key] = record.id


def _where(line: str | None) -> str:
    return f"{line}: " if line else ""
