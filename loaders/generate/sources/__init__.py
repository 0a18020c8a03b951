"""Generated files in the formats ``warmgraph import`` reads, at any size and deterministic
per seed: a mailbox (:func:`write_mbox`), a calendar (:func:`write_ics`), a LinkedIn
``Connections.csv`` (:func:`write_connections`) and a Salesforce export
(:func:`write_salesforce`). Each carries the quirks of the real exports and the noise the
importers filter, and returns :class:`GeneratedCounts`, what parsing it must report.

The tests check the parsers against them; the benchmark suite times ``warmgraph import`` on
them. They live beside the bundle generator because they are the same thing for the
foreign formats: synthetic data at scale, written in chunks, never held in memory whole.
"""

from .counts import GeneratedCounts
from .ics import happened_by, write_ics
from .linkedin import write_connections
from .mbox import write_mbox
from .salesforce import write_salesforce

__all__ = [
    "GeneratedCounts",
    "happened_by",
    "write_connections",
    "write_ics",
    "write_mbox",
    "write_salesforce",
]
