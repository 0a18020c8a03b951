"""The people and companies resolution compares against, indexed by every key a rule uses,
and kept up to date as a batch resolves (so two rows of one batch that are the same person
merge too).

A record holds the values it has *now* (stored, or from the first row that gave them) and
``given``: the values this import writes. A value is written only where the record had
none: an existing value that differs is kept and reported as a conflict, and an empty
source value never replaces anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from graph.queries import CompanyIdentity, PersonIdentity

from .identity import company_name_key, domain_key, email_domain, email_key, name_key, profile_key

#: How two values of a field are compared (equal keys: the same value written differently).
PERSON_FIELDS: dict[str, Callable[[str | None], str | None]] = {
    "name": name_key,
    "email": email_key,
    "linkedin": profile_key,
    "title": lambda v: v.strip() if v is not None and v.strip() else None,
}
COMPANY_FIELDS: dict[str, Callable[[str | None], str | None]] = {
    "name": company_name_key,
    "domain": domain_key,
}


@dataclass(slots=True)
class Record:
    id: str
    label: str  # "person" or "company", for conflict messages
    existing: bool  # in the store before this import
    values: dict[str, str | None]
    given: dict[str, str] = field(default_factory=dict)
    companies: set[str] = field(default_factory=set)  # a person's current companies

    def apply(
        self,
        fields: dict[str, Callable[[str | None], str | None]],
        source: dict[str, str | None],
        conflicts: list[str],
    ) -> list[str]:
        """Take the source's values where this record has none; report differing ones.
        Returns the fields newly filled (their index keys change)."""
        filled = []
        for name, key in fields.items():
            new = source.get(name)
            if new is None or key(new) is None:
                continue  # an empty source value never overwrites
            current = self.values.get(name)
            if current is None or key(current) is None:
                self.values[name] = self.given[name] = new.strip()
                filled.append(name)
            elif key(current) != key(new):
                conflicts.append(
                    f"{self.label} {self.id}: {name} kept {current!r}, source has {new!r}"
                )
        return filled


class Companies:
    """Companies by id, domain and normalised name."""

    def __init__(self, known: Iterable[CompanyIdentity]) -> None:
        self.by_id: dict[str, Record] = {}
        self.by_domain: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        # each company's keys, worked out once: rule 4 compares them for every namesake
        self.name_keys: dict[str, str | None] = {}
        self.domain_keys: dict[str, str | None] = {}
        for c in sorted(known, key=lambda c: c.id):  # the lowest id wins a shared key
            self.add(Record(c.id, "company", True, {"name": c.name, "domain": c.domain}))

    def add(self, record: Record) -> None:
        self.by_id[record.id] = record
        self.index(record)

    def index(self, record: Record) -> None:
        domain = self.domain_keys[record.id] = domain_key(record.values.get("domain"))
        if domain is not None:
            self.by_domain.setdefault(domain, record.id)
        name = self.name_keys[record.id] = company_name_key(record.values.get("name"))
        if name is not None:
            self.by_name.setdefault(name, record.id)

    def by_name_key(self, name: str | None, domain: str | None) -> str | None:
        """The company of that normalised name, unless both have a domain and they differ
        (two companies may share a name; their web domains tell them apart)."""
        key = company_name_key(name)
        found = self.by_name.get(key) if key is not None else None
        if found is None:
            return None
        theirs = self.domain_keys[found]
        ours = domain_key(domain)
        if theirs is not None and ours is not None and theirs != ours:
            return None
        return found

    def names(self, ids: Iterable[str]) -> set[str]:
        keys = (self.name_keys.get(i) for i in ids)
        return {k for k in keys if k is not None}

    def domains(self, ids: Iterable[str]) -> set[str]:
        keys = (self.domain_keys.get(i) for i in ids)
        return {k for k in keys if k is not None}


class People:
    """People by id, e-mail, profile link and normalised name (with their companies)."""

    def __init__(self, known: Iterable[PersonIdentity]) -> None:
        self.by_id: dict[str, Record] = {}
        self.by_email: dict[str, str] = {}
        self.by_profile: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}
        for p in sorted(known, key=lambda p: p.id):
            values = {"name": p.name, "email": p.email, "linkedin": p.linkedin, "title": None}
            self.add(Record(p.id, "person", True, values, companies=set(p.companies)))

    def add(self, record: Record) -> None:
        self.by_id[record.id] = record
        self.index(record, ("name", "email", "linkedin"))

    def index(self, record: Record, fields: Iterable[str]) -> None:
        for name in fields:
            value = record.values.get(name)
            if name == "email" and (key := email_key(value)) is not None:
                self.by_email.setdefault(key, record.id)
            elif name == "linkedin" and (key := profile_key(value)) is not None:
                self.by_profile.setdefault(key, record.id)
            elif name == "name" and (key := name_key(value)) is not None:
                self.by_name.setdefault(key, []).append(record.id)

    def same_name_and_company(
        self,
        name: str,
        email: str | None,
        linkedin: str | None,
        company: str | None,
        companies: Companies,
    ) -> str | None:
        """Rule 4: the one person of the same full name who works at the same company now
        (same company record, same normalised company name, or one side's e-mail domain is
        the other's company domain), when the two do not have different e-mail addresses
        nor different LinkedIn profiles (two profiles are two humans, as
        ``possibleDuplicates`` also holds). None when no one, or more than one, fits: a name
        alone never merges."""
        key = name_key(name)
        if key is None:
            return None
        ours = email_key(email)
        our_profile = profile_key(linkedin)
        our_companies = {company} if company is not None else set()
        our_domain = email_domain(email)
        fits = []
        for pid in self.by_name.get(key, ()):
            other = self.by_id[pid]
            theirs = email_key(other.values.get("email"))
            if ours is not None and theirs is not None and ours != theirs:
                continue
            their_profile = profile_key(other.values.get("linkedin"))
            if (
                our_profile is not None
                and their_profile is not None
                and our_profile != their_profile
            ):
                continue
            if self._same_company(other, our_companies, our_domain, companies):
                fits.append(pid)
        return fits[0] if len(fits) == 1 else None

    @staticmethod
    def _same_company(
        other: Record, ours: set[str], our_domain: str | None, companies: Companies
    ) -> bool:
        if ours & other.companies:
            return True
        if companies.names(ours) & companies.names(other.companies):
            return True
        if our_domain is not None and our_domain in companies.domains(other.companies):
            return True
        their_domain = email_domain(other.values.get("email"))
        return their_domain is not None and their_domain in companies.domains(ours)
