"""The service's introduction funnel (``introFunnel``): a mixin of
:class:`graph.service.WarmgraphService`, like :mod:`graph.intro_service`.

The team's requests made in the calendar period containing now (UTC) are read newest first
in keyset pages, stopping at the first one made before the period, so the read is about
the period's requests whatever the team's history; those whose linked deal closed are
settled first (WON or LOST), then :func:`graph.intro.funnel.funnel` counts them. A rep or
manager may ask for their own team, admins and analysts for any; any other team is
NOT_FOUND (as ``graph.access.policy`` does for anything out of scope).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from .access import policy
from .access.model import Caller
from .errors import NotFound
from .intro import IntroFilter, IntroRequest, IntroSettings
from .intro.funnel import FunnelCount, funnel
from .leaderboard import LeaderboardPeriod, Period, period_containing
from .store.base import Store
from .validation import check_text

#: Requests read per store call while walking a period.
FUNNEL_READ = 500


class IntroFunnelOperations:
    store: Store
    caller: Caller
    intro_settings: IntroSettings
    intro_clock: Callable[[], datetime]

    def expire_intro_requests(self) -> list[IntroRequest]:
        raise NotImplementedError

    def _settled(self, requests: Sequence[IntroRequest]) -> list[IntroRequest]:
        raise NotImplementedError

    def intro_funnel(
        self, team_id: str, period: LeaderboardPeriod
    ) -> tuple[Period, list[FunnelCount]]:
        """The period and its funnel for ``team_id`` (module docstring)."""
        team = check_text(team_id, "team", limit=256)
        own = self.caller.team or self.caller.email
        if not policy.paths_from_anyone(self.caller) and team != own:
            raise NotFound("team", team)
        self.expire_intro_requests()
        window = period_containing(period, self.intro_clock())
        found: list[IntroRequest] = []
        after: tuple[datetime, str] | None = None
        while True:
            page = self.store.intro_request_page(IntroFilter(team=team), after, FUNNEL_READ)
            found += [r for r in page if window.holds(r.created_at)]
            if len(page) < FUNNEL_READ or page[-1].created_at < window.start:
                return window, funnel(self._settled(found))
            after = (page[-1].created_at, page[-1].id)
