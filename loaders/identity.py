"""The forms identity resolution compares people and companies in, and what it knows of the
store before resolving a batch.

Names compare case- and accent-insensitively ("José  Núñez" is "jose nunez"); company names
also without punctuation and legal suffixes ("Acme, Inc." is "acme"); domains without
scheme, ``www.``, path or port ("https://www.Acme.com/about" is "acme.com"). E-mail
addresses and profile links use the forms erasure and users already use
(:func:`graph.access.normalise_email`, :func:`graph.access.suppression.normalise_profile`).
The name forms live in :mod:`graph.names` (the duplicates report uses them too) and are
re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Protocol

from graph.access import normalise_email
from graph.access.suppression import normalise_profile
from graph.names import COMPANY_SUFFIXES as COMPANY_SUFFIXES
from graph.names import company_name_key, name_key
from graph.queries import CompanyIdentity, PersonIdentity
from graph.store.base import ExternalIds, Identities

from .sources.records import SourceBatch

__all__ = [
    "KnownIdentities",
    "company_name_key",
    "domain_key",
    "email_domain",
    "email_key",
    "name_key",
    "profile_key",
]


def domain_key(domain: str | None) -> str | None:
    """A web domain or site as compared: lower case, no scheme, ``www.``, port, path or
    trailing dot; None when blank."""
    if domain is None:
        return None
    text = domain.strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    text = re.split(r"[/?#]", text, maxsplit=1)[0]
    text = text.rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".")
    if text.startswith("www."):
        text = text[4:]
    return text or None


def email_key(email: str | None) -> str | None:
    if email is None or not email.strip():
        return None
    return normalise_email(email)


def email_domain(email: str | None) -> str | None:
    """The domain of an e-mail address (as :func:`domain_key`), None without one."""
    key = email_key(email)
    if key is None or "@" not in key:
        return None
    return domain_key(key.rsplit("@", 1)[1])


def profile_key(url: str | None) -> str | None:
    if url is None or not url.strip():
        return None
    return normalise_profile(url) or None


class IdentityReads(ExternalIds, Identities, Protocol):
    """What resolution reads from a store (any ``Store`` is one)."""


@dataclass(slots=True)
class KnownIdentities:
    """Everything resolution compares a batch against, read once before resolving.

    ``person_ids`` / ``company_ids`` / ``deal_ids`` are this source's external ids (source
    key -> warmgraph id) for the batch's keys; ``taken_deal_ids`` are deal ids already used
    in the store among those resolution might give new deals.
    """

    people: list[PersonIdentity] = field(default_factory=list)
    companies: list[CompanyIdentity] = field(default_factory=list)
    person_ids: dict[str, str] = field(default_factory=dict)
    company_ids: dict[str, str] = field(default_factory=dict)
    deal_ids: dict[str, str] = field(default_factory=dict)
    taken_deal_ids: set[str] = field(default_factory=set)

    @classmethod
    def read(
        cls, store: IdentityReads, batch: SourceBatch, taken_deal_ids: Collection[str] = ()
    ) -> KnownIdentities:
        """One bulk read per kind: the store's identities and the batch's external ids."""
        source = batch.source
        return cls(
            people=store.person_identities(),
            companies=store.company_identities(),
            person_ids=store.external_ids(source, "person", {p.key for p in batch.people}),
            company_ids=store.external_ids(source, "company", {c.key for c in batch.companies}),
            deal_ids=store.external_ids(source, "deal", {d.key for d in batch.deals}),
            taken_deal_ids=set(taken_deal_ids),
        )
