"""The SQLite records' paged and bulk reads for front ends and analysts: search by name
(:mod:`.search`), the whole tables an export reads (:mod:`.exports`) and the activity
stream's keyset reads (:mod:`.activity_pages`). A base of ``SQLiteRecords``, apart so that
class stays the index of the record protocols."""

from __future__ import annotations

from ...activity_query import ActivityCounts, ActivitySubject, LedConnection, TimeWindow
from ...model import Community, Company, Deal, Employment, Interaction, NodeT, NodeType, Person
from ...queries import PairActivity
from ...search_query import NameQuery, SearchKey
from . import activity_pages, exports, search
from .connection import Database


class PageReads:
    """``NameSearch``, ``ExportReads`` and ``ActivityPages`` over ``_db``."""

    _db: Database

    # -- search by name ---------------------------------------------------------------------

    def search_people(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Person]]:
        with self._db.read() as conn:
            return search.page(conn, Person, query, after, limit)

    def search_companies(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Company]]:
        with self._db.read() as conn:
            return search.page(conn, Company, query, after, limit)

    def search_communities(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Community]]:
        with self._db.read() as conn:
            return search.page(conn, Community, query, after, limit)

    def search_deals(
        self, query: NameQuery, after: SearchKey | None, limit: int
    ) -> list[tuple[SearchKey, Deal]]:
        with self._db.read() as conn:
            return search.page(conn, Deal, query, after, limit)

    def search_count(self, kind: NodeType, query: NameQuery) -> int:
        with self._db.read() as conn:
            return search.count(conn, kind, query)

    # -- ExportReads ----------------------------------------------------------------------
    def all_nodes(self, kind: type[NodeT]) -> list[NodeT]:
        with self._db.read() as conn:
            return exports.all_nodes(conn, kind)

    def pair_activity(self) -> PairActivity:
        with self._db.read() as conn:
            return exports.pair_activity(conn)

    # -- the activity stream's keyset reads (see :mod:`.activity_pages`) --------------------
    def recent_interactions(
        self, subject: ActivitySubject, window: TimeWindow, limit: int
    ) -> list[Interaction]:
        with self._db.read() as conn:
            return activity_pages.recent_interactions(conn, subject, window, limit)

    def recent_connections(
        self, subject: ActivitySubject, window: TimeWindow, limit: int
    ) -> list[LedConnection]:
        with self._db.read() as conn:
            return activity_pages.recent_connections(conn, subject, window, limit)

    def recent_jobs(
        self, subject: ActivitySubject, ended: bool, window: TimeWindow, limit: int
    ) -> list[Employment]:
        with self._db.read() as conn:
            return activity_pages.recent_jobs(conn, subject, ended, window, limit)

    def activity_counts(self, subject: ActivitySubject, window: TimeWindow) -> ActivityCounts:
        with self._db.read() as conn:
            return activity_pages.activity_counts(conn, subject, window)

    def activity_job_counts(self, subject: ActivitySubject, window: TimeWindow) -> tuple[int, int]:
        with self._db.read() as conn:
            return activity_pages.job_counts(conn, subject, window)
