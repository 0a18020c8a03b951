"""The service's signals reps act on: job changes and fading relationships.

A mixin of :class:`graph.service.WarmgraphService` (which supplies the store, the caller and
the access helpers declared below). Each reads the history it needs in bulk from the store
(``SignalReads``), computes the answer with the pure functions of :mod:`graph.signals`, and
shows people as the caller may see them (a do-not-contact person's e-mail and profile links
only to admins).

Who may ask: anyone may read job changes (they are about people and companies, which every
role reads). Fading relationships are about someone's own network, so they follow the rule
for introduction paths (``policy.Team.may_start_paths_from``): a rep for themselves and
teammates who share their network (``teamLink``), a manager for their team, analysts and
admins for anyone; anyone else is NOT_FOUND, as if they did not exist.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date

from .access import policy
from .access.model import Caller
from .errors import BadInput, NotFound
from .model import NODE_KIND_NAMES, Advocacy, Company, NodeT, Person
from .signals import FadingRelationship, JobChange, fading_ties, job_moves, rank_moves
from .store.base import Store
from .strength import StrengthModel
from .validation import check_date, check_id, check_range, check_text, exactly_one, optional_id

JOB_CHANGES_MAX = 500
FADING_LIMIT_MAX = 500


class SignalOperations:
    store: Store
    caller: Caller
    #: The tie-strength parameters and clock fading ties are measured with; None means the
    #: defaults of :mod:`graph.strength` read at the moment of the call (so a long-running
    #: server's "now" moves). The command line sets it from ``--now`` / ``--half-life``.
    strength_model: StrengthModel | None = None

    @property
    def team(self) -> policy.Team:
        raise NotImplementedError

    def get(self, kind: type[NodeT], id: str) -> NodeT:
        raise NotImplementedError

    def _people(self, ids: Collection[str]) -> dict[str, Person]:
        raise NotImplementedError

    # -- job changes ----------------------------------------------------------------------
    def job_changes(
        self,
        since: date,
        company_id: str | None = None,
        advocates_only: bool = False,
        first: int = 50,
    ) -> list[JobChange]:
        """People whose employment changed on or after ``since`` (``graph.signals``), best
        lead first: advocates who moved before everyone else, then the most recent. With
        ``company_id``, only moves from or to that company."""
        checked = check_date(since, "since")
        if checked is None:
            raise BadInput("since must be a date")
        check_range("first", first, 1, JOB_CHANGES_MAX)
        if optional_id(company_id, "company id") is not None:
            assert company_id is not None
            self.get(Company, company_id)  # NOT_FOUND for an unknown company
        moves = job_moves(self.store.employment_changes(checked), checked)
        if company_id is not None:
            moves = [m for m in moves if m.involves(company_id)]
        advocacies: dict[str, list[Advocacy]] = defaultdict(list)
        for a in self.store.advocacies_of({m.person_id for m in moves}):
            advocacies[a.person_id].append(a)
        if advocates_only:
            moves = [m for m in moves if advocacies.get(m.person_id)]
        ranked = rank_moves(moves, advocacies)[:first]
        people = self._people({m.person_id for m in ranked})
        return [
            JobChange(people[m.person_id], m, tuple(advocacies.get(m.person_id, ())))
            for m in ranked
            if m.person_id in people
        ]

    # -- fading relationships -------------------------------------------------------------
    def fading_relationships(
        self, person_id: str | None = None, team_id: str | None = None, limit: int = 20
    ) -> list[FadingRelationship]:
        """Ties of the person (or of the team's members' people the caller may see) that
        were strong a look-back ago and have decayed since, biggest drop first."""
        exactly_one({"person": person_id, "team": team_id})
        check_range("limit", limit, 1, FADING_LIMIT_MAX)
        if person_id is not None:
            self.get(Person, check_id(person_id, "person id"))
            if not self.team.may_start_paths_from(person_id):
                raise NotFound(NODE_KIND_NAMES[Person], person_id)
            sources = {person_id}
        else:
            assert team_id is not None
            sources = self._team_people(check_text(team_id, "team"))
        model = self.strength_model or self.store.strength_model()
        ties = fading_ties(
            sources,
            self.store.connections_of(sources),
            self.store.interactions_of(sources),
            model,
        )[:limit]
        people = self._people({t.person_id for t in ties} | {t.other_id for t in ties})
        return [
            FadingRelationship(people[t.person_id], people[t.other_id], t)
            for t in ties
            if t.person_id in people and t.other_id in people
        ]

    def _team_people(self, team: str) -> set[str]:
        """The people of ``team``'s active members whose ties the caller may see; NOT_FOUND
        for a team that does not exist or is not theirs to see."""
        if not team:
            raise BadInput("team must not be empty")
        sees_team = policy.paths_from_anyone(self.caller) or team == self.caller.team
        members = [u for u in self.store.list_users() if u.team == team and u.active]
        if not sees_team or not members:
            raise NotFound("team", team)
        people = {
            u.person_id
            for u in members
            if u.person_id is not None and self.team.may_start_paths_from(u.person_id)
        }
        if not people:
            raise BadInput(f"nobody on team {team!r} whose network you may see has a person")
        return people
