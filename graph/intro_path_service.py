"""``introductionPaths(rankBy: LIKELIHOOD)``: the service side of :mod:`graph.intro_ranking`.

A mixin of :class:`graph.service.WarmgraphService` (like the other ``*_service`` modules):
the service validates the question and picks the sources, this asks each source's store
search for candidates by strength, re-ranks them by the estimate and dresses every path with
its :class:`~graph.results.PathLikelihood`.

The outcomes come from the store's ``ask_outcomes()`` (the ``IntroRequests`` protocol the
introduction requests add), read once per store data version and day
(:class:`~graph.intro_ranking.EstimateCache`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from .intro_likelihood import Estimates, Rate
from .intro_ranking import EstimateCache, RankedPath, rank_by_likelihood
from .model import Company, PathRanking
from .queries import PathQuery, RawPath
from .results import IntroductionPath, PathLikelihood, TargetAcceptance, Willingness
from .store.base import Store


class IntroRankingOperations:
    store: Store
    _intro_estimates: EstimateCache
    _dress_paths: Callable[[Sequence[tuple[str | None, RawPath]]], list[IntroductionPath]]

    def intro_estimates(self) -> Estimates:
        """Every connector's willingness and company's target acceptance, as of today."""
        # requests are not graph data: their own version says when the estimates are stale
        version = self.store.intro_version()
        return self._intro_estimates.get(version, self.store.ask_outcomes)

    def _paths_by_likelihood(
        self,
        sources: Sequence[tuple[str | None, str]],
        to_id: str | None,
        to_company_id: str | None,
        max_hops: int,
        limit: int,
    ) -> list[IntroductionPath]:
        estimates = self.intro_estimates()
        company_id = to_company_id or self._target_company(estimates, to_id)
        wanted = [(teammate, source) for teammate, source in sources if source != to_id]

        def search(source: str) -> Callable[[int], list[RawPath]]:
            def run(pool: int) -> list[RawPath]:
                query = PathQuery(
                    source, to_id, to_company_id, max_hops, pool, PathRanking.STRENGTH
                )
                return self.store.introduction_paths(query)

            return run

        ranked = rank_by_likelihood(
            [search(source) for _, source in wanted], estimates, company_id, limit, max_hops
        )
        dressed = self._dress_paths([(wanted[r.source][0], r.path) for r in ranked])
        company = self._company(company_id)
        return [
            dataclasses.replace(path, likelihood=_likelihood(path, r, company))
            for path, r in zip(dressed, ranked, strict=True)
        ]

    def _target_company(self, estimates: Estimates, person_id: str | None) -> str | None:
        """The target's current employer that past target answers say most about (ties:
        the smallest id); None when they work nowhere known."""
        jobs = self.store.employments(person_id=person_id, current_only=True) if person_id else []
        ids = sorted({job.company_id for job in jobs})
        return max(ids, key=lambda c: estimates.target_acceptance(c).asked, default=None)

    def _company(self, company_id: str | None) -> Company | None:
        if company_id is None:
            return None
        return self.store.get_nodes(Company, [company_id]).get(company_id)


def _likelihood(path: IntroductionPath, r: RankedPath, company: Company | None) -> PathLikelihood:
    people = {p.id: p for p in path.people}
    est = r.estimate
    target: Rate = est.target_acceptance
    return PathLikelihood(
        score=est.score,
        strength=est.strength,
        willingness=tuple(
            Willingness(people[pid], rate.estimate, lift, rate.asked, rate.accepted)
            for pid, rate, lift in est.willingness
        ),
        target_acceptance=TargetAcceptance(company, target.estimate, target.asked, target.accepted),
        exact=r.exact,
    )


__all__ = ["IntroRankingOperations"]
