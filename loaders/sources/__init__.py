"""Importers of the files people actually have (a LinkedIn export, a mailbox, a calendar, a
CRM export): each parser turns one source into a :class:`SourceBatch` of plain records keyed
by the source's own ids, and the shared resolution step (``loaders.resolve``) matches them
to people and companies already stored before anything is written.
"""

from .records import (
    OWNER,
    Report,
    SourceBatch,
    SourceCompany,
    SourceConnection,
    SourceDeal,
    SourceError,
    SourceInteraction,
    SourcePerson,
)

__all__ = [
    "OWNER",
    "Report",
    "SourceBatch",
    "SourceCompany",
    "SourceConnection",
    "SourceDeal",
    "SourceError",
    "SourceInteraction",
    "SourcePerson",
]
