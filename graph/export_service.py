"""The service's bulk reads for exports: whole tables as the caller may see them.

A mixin of :class:`graph.service.WarmgraphService`. The same rules as every other read
(``graph.access.policy``): deals only those the caller may see (a rep or manager their
team's), do-not-contact people's contact details only for roles that may see them. Links
and influence name nobody's contact details and are readable by every role.
"""

from __future__ import annotations

from .access import policy
from .access.model import Caller
from .influence import InfluenceTable
from .model import Deal, NodeT, Person
from .queries import LinkProjection, PairActivity
from .store.base import Store


class ExportOperations:
    store: Store
    caller: Caller

    @property
    def team(self) -> policy.Team:
        raise NotImplementedError

    def _influence_table(self) -> InfluenceTable:
        raise NotImplementedError

    def all_nodes(self, kind: type[NodeT]) -> list[NodeT]:
        """Every node of ``kind`` the caller may see, as they may see it, by id."""
        found = self.store.all_nodes(kind)
        if kind is Person:
            return [policy.as_seen_by(self.caller, p) for p in found]  # type: ignore[misc, arg-type]
        if kind is Deal:
            team = self.team
            return [d for d in found if team.sees_deal_of(d.owner_id)]  # type: ignore[attr-defined]
        return found

    def link_projection(self) -> LinkProjection:
        """Every link with its tie strength, as arrays (``graph.queries.LinkProjection``)."""
        return self.store.link_projection()

    def pair_activity(self) -> PairActivity:
        """What every link's evidence counts are made of, as arrays."""
        return self.store.pair_activity()

    def influence_table(self) -> InfluenceTable:
        """Everyone's influence (the table ``influence`` and ``topInfluencers`` read)."""
        return self._influence_table()
