"""The forms people's and companies' names are compared in, shared by identity resolution
(``loaders.identity``) and the possible-duplicates report (``graph.duplicates``).

Names compare case- and accent-insensitively ("José  Núñez" is "jose nunez"); company names
also without punctuation and legal suffixes ("Acme, Inc." is "acme").

>>> name_key("  JOSÉ   Núñez ")
'jose nunez'
>>> company_name_key("Acme, Inc.")
'acme'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["COMPANY_SUFFIXES", "company_name_key", "name_key"]

#: Legal-form words dropped from the end of a company name before comparing.
COMPANY_SUFFIXES = frozenset(
    {"inc", "incorporated", "ltd", "limited", "llc", "gmbh", "sa", "corp", "corporation", "plc"}
)


def _fold(text: str) -> str:
    """Case- and accent-insensitive form: NFKD, combining marks dropped, casefolded."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def name_key(name: str | None) -> str | None:
    """A person's full name as compared: folded, spaces collapsed; None when blank."""
    if name is None:
        return None
    key = " ".join(_fold(name).split())
    return key or None


def company_name_key(name: str | None) -> str | None:
    """A company name as compared: folded, punctuation dropped, trailing legal forms
    (``Inc.``, ``Ltd``, ``LLC``, ``GmbH``, ``SA``, ``Corp.``) dropped; a name that is nothing
    but a legal form keeps it (so "S.A." is not blank)."""
    if name is None:
        return None
    # Dots and apostrophes join ("S.A." is "sa", "McDonald's" is "mcdonalds"); other
    # punctuation separates words.
    words = re.sub(r"[^\w\s]|_", " ", re.sub("[.'\u2019]", "", _fold(name))).split()
    kept = list(words)
    while kept and kept[-1] in COMPANY_SUFFIXES:
        kept.pop()
    return " ".join(kept or words) or None
