"""The SQLite records: one package, built around one :class:`Database` (the file's
connections and transactions).

==================  ===========================================================================
module              holds
==================  ===========================================================================
connection.py       ``Database``: writer connection, reader pool, ``read()``/``write()``
                    transactions (``write`` bumps ``data_version`` for graph data),
                    ``map_error``, checkpoint
schema.py           the tables and indexes, the schema version, interaction kind codes
rows.py             rows to ``graph.model`` records and back (clamping out-of-range times)
lookups.py          ids to ``pk``, existence checks, ``IN (...)`` chunks
nodes.py            people, companies, communities, deals; people search
relationships.py    KNOWS, interactions, employment, memberships, advocacy
evidence.py         batched link evidence; one pair's or one person's index inputs
linkinputs.py       the embedded index's inputs, read in bulk
importer.py         the bulk import of a bundle, per frame
import_frames.py    bundle columns as bound values, people's ids as pks
writer.py           multi-row upsert statements that never erase, written in chunks
access.py           users and tokens, suppressions, the audit log, the store's secret
identities.py       external ids; everyone's identity (names, e-mails, current employers)
merge.py            one person merged into another (the rules: ``graph.store.merging``)
records.py          ``SQLiteRecords``: the protocol methods, each one transaction
==================  ===========================================================================
"""

from .connection import Database, map_error
from .records import SQLiteRecords

__all__ = ["Database", "SQLiteRecords", "map_error"]
