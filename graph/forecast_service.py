"""The service's forecast: the caller's open deals, their likelihoods and the flow, handed to
:mod:`graph.likelihood.forecast` (where the arithmetic and its rules are documented).

A mixin of :class:`graph.service.WarmgraphService`, beside :class:`graph.deal_service.
DealOperations`, whose filter (owner, team and the caller's visibility folded into one owner
set) picks the deals: a rep's forecast holds their team's deals and nobody else's.

The flow is learned from the whole store's history (how long *winning* takes here), which
says nothing about any one deal the caller may not see; the deals summed are only theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, timedelta

from .deal_query import DealFilter, DealOrder, key_of
from .errors import BadInput, NotFound
from .likelihood.forecast import (
    MONTHS_MAX,
    MONTHS_MIN,
    ForecastResult,
    OpenDeal,
    build_forecast,
    expected_close,
    learn_flow,
)
from .likelihood.model import ModelInfo
from .likelihood.scoring import DealLikelihoods
from .model import Company, Deal, Person
from .store.base import Store
from .validation import check_range, check_text, optional_id

#: How far back the stage history the flow learns from reaches, and how many changes it
#: reads at most (oldest first within that window).
FLOW_LOOKBACK = timedelta(days=3 * 365)
FLOW_CHANGES_MAX = 500_000
_PAGE = 1000


@dataclass(frozen=True, slots=True)
class Forecast:
    months: int
    result: ForecastResult
    model: ModelInfo  # what the probabilities came from (the prior says so)


class ForecastOperations:
    store: Store
    _likelihood: DealLikelihoods

    def _owners(self, owner_id: str | None, team_id: str | None) -> frozenset[str] | None:
        raise NotImplementedError

    def forecast(
        self,
        months: int = 3,
        owner_id: str | None = None,
        team_id: str | None = None,
        company_id: str | None = None,
    ) -> Forecast:
        """The forecast of the open deals the caller may see, narrowed by owner, team (a
        team's name) and company. BadInput for months outside 1..24 or a blank team;
        NotFound for an owner, company or team that does not exist."""
        check_range("months", months, MONTHS_MIN, MONTHS_MAX)
        self._exists(Person, optional_id(owner_id, "owner"), "person")
        self._exists(Company, optional_id(company_id, "company id"), "company")
        if team_id is not None:
            if not check_text(team_id, "team").strip():
                raise BadInput("team must not be empty")
            if not any(u.active and u.team == team_id for u in self.store.list_users()):
                raise NotFound("team", team_id)
        deals = self._open_deals(DealFilter(self._owners(owner_id, team_id), company_id, True))
        now = self._likelihood.clock()
        today = now.astimezone(UTC).date()
        model = self._likelihood.model(self.store).info
        likelihoods = self._likelihood.score(self.store, deals)
        changes = self.store.stage_changes_since(now - FLOW_LOOKBACK, FLOW_CHANGES_MAX)
        flow = learn_flow(changes, self.store.deals())
        open_deals = []
        for deal in deals:
            close, basis = expected_close(deal, today, flow)
            p = likelihoods[deal.id].probability
            open_deals.append(OpenDeal(deal.id, deal.stage, deal.amount or 0.0, p, close, basis))
        return Forecast(months, build_forecast(open_deals, today, months), model)

    def _exists(self, kind: type[Person] | type[Company], id: str | None, what: str) -> None:
        if id is not None and not self.store.existing_ids(kind, [id]):
            raise NotFound(what, id)

    def _open_deals(self, filters: DealFilter) -> list[Deal]:
        """Every deal the filter matches, read page by page in the stores' keyset order."""
        order = DealOrder.CREATED_ASC
        found: list[Deal] = []
        after = None
        while True:
            page = self.store.deal_page(filters, order, after, _PAGE)
            found.extend(page)
            if len(page) < _PAGE:
                return found
            after = key_of(page[-1], order)
