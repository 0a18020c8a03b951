"""``DealLikelihoods``: the model cached per store, and the features of the deals asked about.

The clock is the deployment's "now" (``WARMGRAPH_NOW`` when set, so answers can be reproduced;
otherwise the wall clock read on each question), and it is also each open deal's cutoff.

Scores are kept too, per model, data version and day: a deal scored once is not described
again until something changes (ordering a list by likelihood scores every deal in it, and
the next page should not pay for that again).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC, datetime

from ..access.model import User
from ..config import Settings
from ..model import Deal, DealOutcome
from ..store.base import Store
from .features import describe
from .model import DealModel, Likelihood, LikelihoodCache


def default_clock() -> datetime:
    return Settings.from_env().now or datetime.now(UTC)


def owner_teams(users: Collection[User]) -> dict[str, frozenset[str]]:
    """Each user's person -> the persons of everyone active on their team (themselves
    included); a user on no team is a team of one."""
    teams: dict[str, set[str]] = {}
    for user in users:
        if user.active and user.team is not None and user.person_id is not None:
            teams.setdefault(user.team, set()).add(user.person_id)
    out: dict[str, frozenset[str]] = {}
    for user in users:
        if user.active and user.person_id is not None:
            mates = teams.get(user.team, set()) if user.team is not None else set()
            out[user.person_id] = frozenset(mates | {user.person_id})
    return out


def trainable(deals: Sequence[Deal]) -> list[Deal]:
    """Closed deals that can be placed in time (a close date)."""
    return [d for d in deals if d.outcome is not DealOutcome.OPEN and d.closed_at is not None]


class DealLikelihoods:
    def __init__(self, clock: Callable[[], datetime] = default_clock) -> None:
        self.clock = clock
        self._cache = LikelihoodCache()
        self._lock = threading.Lock()
        self._scores: dict[str, Likelihood] = {}
        self._scored_for: tuple[object, ...] | None = None

    def model(self, store: Store) -> DealModel:
        now = self.clock()
        return self._cache.get(
            store.data_version(),
            now,
            lambda: len(trainable(store.deals())),
            lambda: self.train(store, now),
        )

    def train(self, store: Store, now: datetime) -> DealModel:
        closed = trainable(store.deals())
        table = describe(store, closed, now, self._teams(store), store.strength_model())
        return DealModel(table, closed, now)

    def score(self, store: Store, deals: Sequence[Deal]) -> dict[str, Likelihood]:
        """Every deal's likelihood (closed ones state their outcome), features read in bulk
        for those not scored since the data, the model or the day last changed."""
        model = self.model(store)
        now = self.clock()
        scored_for = (id(model), store.data_version(), now.date())
        with self._lock:
            if scored_for != self._scored_for:
                self._scores, self._scored_for = {}, scored_for
            known = dict(self._scores)
        missing = [d for d in deals if d.id not in known]
        open_deals = [d for d in missing if d.outcome is DealOutcome.OPEN]
        table = (
            describe(store, open_deals, now, self._teams(store), store.strength_model())
            if open_deals
            else None
        )
        rows = {} if table is None else {i: table.row(i) for i in table.deal_ids}
        fresh = {d.id: model.score(d, rows.get(d.id)) for d in missing}
        with self._lock:
            if scored_for == self._scored_for:
                self._scores.update(fresh)
        known.update(fresh)
        return {d.id: known[d.id] for d in deals}

    @staticmethod
    def _teams(store: Store) -> Mapping[str, frozenset[str]]:
        return owner_teams(store.list_users())
