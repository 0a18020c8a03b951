"""Suppression keys: what an erased person is remembered by, so nothing brings them back.

Each key is an HMAC-SHA256, under the store's secret (or ``WARMGRAPH_SUPPRESSION_KEY``), of
one normalised identifier: the person's id, e-mail address, LinkedIn and Twitter profile.
The clear text is never stored, and without the secret the keys cannot be tested against a
list of addresses.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from urllib.parse import urlsplit

from ..model import Person
from .model import normalise_email


def normalise_profile(url: str) -> str:
    """A profile link without scheme, ``www.``, query, fragment, trailing slash or case:
    ``https://www.LinkedIn.com/in/Ada/?trk=x`` and ``linkedin.com/in/ada`` are one profile."""
    text = url.strip().lower()
    if "://" not in text:
        text = "//" + text
    parts = urlsplit(text)
    host = re.sub(r"^(www\.|m\.)", "", parts.netloc)
    return f"{host}{parts.path}".rstrip("/")


def identifiers(person: Person) -> list[str]:
    """The normalised identifiers a person is recognised by, each tagged with its kind."""
    found = [f"id:{person.id}"]
    if person.email:
        found.append(f"email:{normalise_email(person.email)}")
    for kind, url in (("linkedin", person.linkedin), ("twitter", person.twitter)):
        if url and url.strip():
            found.append(f"{kind}:{normalise_profile(url)}")
    return found


def suppression_keys(person: Person, secret: bytes) -> list[str]:
    """The keyed hashes of :func:`identifiers` (hex)."""
    return [
        hmac.new(secret, ident.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
        for ident in identifiers(person)
    ]
