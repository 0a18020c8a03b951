"""Names for the generated exports: unicode and plain, enough of them (1,600 full names)
that two people at one company rarely share a name, as in real data, so the identity rules
merge the duplicates the generators write on purpose rather than chance namesakes."""

from __future__ import annotations

import random

FIRST = [
    *("Anna", "Jörg", "Françoise", "Bob", "Chen", "Sipho", "Zoë", "Mateo", "Priya", "Olu"),
    *("Ingrid", "Tomás", "Aiko", "Kwame", "Léa", "Dmitri", "Fatima", "Hamish", "Noor", "Pablo"),
    *("Sven", "Mei", "Aurélie", "Ravi", "Óscar", "Hana", "Niamh", "Yusuf", "Greta", "Kofi"),
    *("Elif", "Joaquín", "Saoirse", "Wei", "Björn", "Amara", "Luca", "Ngozi", "Emre", "Ilse"),
]
LAST = [
    *("Stone", "Müller", "Dupré", "Ng", "Okafor", "Ålund", "García", "Rao", "Smith", "Kim"),
    *("Novák", "Haddad", "O'Brien", "Lindqvist", "Moreau", "Tanaka", "Mensah", "Kowalski"),
    *("Fernández", "Singh", "Weiß", "Castillo", "Nakamura", "Adeyemi", "Sørensen", "Rossi"),
    *("Petrov", "Öztürk", "Byrne", "Laurent", "Costa", "Huang", "Eriksen", "Dubois", "Patel"),
    *("Nowak", "Ibrahim", "Schulz", "Murphy", "Bianchi", "Zhou"),
]


def full_name(rng: random.Random) -> tuple[str, str]:
    """A (first, last) name."""
    return rng.choice(FIRST), rng.choice(LAST)
