"""The service's writes: every create, change and delete, each validated, authorised by
``graph.access.policy``, made atomically by the store and then appended to the audit log.

A mixin of :class:`graph.service.WarmgraphService` (which supplies the store, the caller and
the access helpers declared below), kept apart so each module reads as one concern.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from typing import Any

from . import validation
from .access import policy
from .access.audit import Auditor
from .access.erasure import Suppressor, erase
from .access.model import Caller, Role
from .bundle import Bundle, Progress
from .errors import BadInput, Forbidden, NotFound
from .model import (
    NODE_KIND_NAMES,
    Advocacy,
    Connection,
    Deal,
    Employment,
    Interaction,
    Membership,
    Node,
    NodeT,
    NodeType,
    Person,
)
from .queries import MergeCounts
from .store.base import Store
from .validation import check_id


def target(kind: NodeType, id: str) -> str:
    """How the audit log names a node: ``person:p42``."""
    return f"{NODE_KIND_NAMES[kind]}:{id}"


class WriteOperations:
    store: Store
    caller: Caller
    _suppressor: Suppressor

    @property
    def team(self) -> policy.Team:
        raise NotImplementedError

    @property
    def _audit(self) -> Auditor:
        raise NotImplementedError

    def _stored(self, kind: type[NodeT], id: str) -> NodeT:
        raise NotImplementedError

    def _require_owner(self, *person_ids: str | None, doing: str) -> None:
        """Forbidden unless one of the people is the caller's own (rep) or their team's
        (manager); admins pass."""
        policy.require_writer(self.caller)
        if not any(self.team.owns(pid) for pid in person_ids):
            whose = "your team" if self.caller.role is Role.MANAGER else "you"
            raise Forbidden(f"you may only {doing} that {whose} take part in")

    # -- writes -------------------------------------------------------------------------
    def _check_node_write(self, node: Node, doing: str) -> None:
        """Forbidden unless the caller may create or change ``node`` (as it will be)."""
        if isinstance(node, Deal):
            policy.require_role(self.caller, [Role.MANAGER], doing)
            if not self.team.owns(node.owner_id):
                raise Forbidden("a manager may only write deals owned by their team")
        elif isinstance(node, Person) and doing.startswith("change"):
            policy.require_role(self.caller, [Role.MANAGER], doing)
            if not self.team.owns(node.id):
                raise Forbidden("a manager may only change their team's people")
        else:
            policy.require_role(self.caller, [Role.MANAGER], doing)
        if isinstance(node, Person):
            self._suppressor.check(node)

    def create(self, node: Node) -> Node:
        checked = validation.node(node)
        self._check_node_write(checked, f"create a {NODE_KIND_NAMES[type(checked)]}")
        self.store.create_node(checked)
        self._audit.record("create", target(type(checked), checked.id))
        return checked

    def update(self, kind: type[NodeT], id: str, changes: dict[str, Any]) -> NodeT:
        """Apply only the given fields; ``id`` itself cannot change."""
        if "id" in changes:
            raise BadInput("an id cannot be changed; create a new node instead")
        current = self._stored(kind, id)
        doing = f"change a {NODE_KIND_NAMES[kind]}"
        self._check_node_write(current, doing)  # both as it was and as it will be
        try:
            updated = dataclasses.replace(current, **changes)
        except TypeError as exc:
            raise BadInput(str(exc)) from exc
        checked = validation.node(updated)
        assert isinstance(checked, kind)
        self._check_node_write(checked, doing)
        self.store.update_node(checked)
        self._audit.record("update", target(kind, id), ", ".join(sorted(changes)))
        return checked

    def delete(self, kind: NodeType, id: str) -> None:
        check_id(id, f"{NODE_KIND_NAMES[kind]} id")
        if kind is Deal:
            self._check_node_write(self._stored(Deal, id), "delete a deal")
        else:
            policy.require_admin(self.caller, f"delete a {NODE_KIND_NAMES[kind]}")
        self.store.delete_node(kind, id)
        self._audit.record("delete", target(kind, id))

    def erase_person(self, id: str) -> None:
        """Delete the person everywhere and keep them out of every later write or import
        (``graph.access.erasure``); admins only."""
        policy.require_admin(self.caller, "erase a person")
        erase(self.store, self._suppressor, check_id(id, "person id"))
        self._audit.record("erase", target(Person, id))

    def merge_people(self, keep_id: str, merge_id: str) -> tuple[Person, MergeCounts]:
        """Merge the person ``merge_id`` into ``keep_id`` (``graph.store.merging`` has the
        rules) and delete ``merge_id``; admins only. The kept person as the caller sees them,
        and what moved."""
        check_id(keep_id, "person id")
        check_id(merge_id, "person id")
        policy.require_admin(self.caller, "merge people")
        if keep_id == merge_id:
            raise BadInput("a person cannot be merged into themselves: give two different ids")
        for person_id in (keep_id, merge_id):
            self._stored(Person, person_id)  # NotFound, named, before the store is asked
        counts = self.store.merge_people(keep_id, merge_id)
        moved = ", ".join(f"{f.name} {getattr(counts, f.name)}" for f in dataclasses.fields(counts))
        self._audit.record("merge", target(Person, keep_id), f"merged person:{merge_id}: {moved}")
        return policy.as_seen_by(self.caller, self._stored(Person, keep_id)), counts

    def import_bundle(self, bundle: Bundle, progress: Progress, source: str = "") -> dict[str, int]:
        """Upsert a validated bundle (admins and the operator); rows written per frame."""
        policy.require_admin(self.caller, "import a bundle")
        counts = self.store.import_bundle(bundle, progress)
        self._audit.record("import", f"bundle:{source}", f"{sum(counts.values())} rows")
        return counts

    def suppressed_people(self, people: Collection[Person]) -> set[str]:
        """Ids of those among ``people`` an erasure covers (importers skip them)."""
        return self._suppressor.suppressed_people(people)

    def connect(self, connection: Connection) -> Connection:
        checked = validation.connection(connection)
        self._require_owner(checked.a, checked.b, doing="write connections")
        self.store.connect(checked)
        self._audit.record("connect", f"connection:{checked.a}|{checked.b}")
        return checked

    def disconnect(self, a: str, b: str) -> None:
        a, b = validation.records.pair(a, b, "connection")
        self._require_owner(a, b, doing="remove connections")
        self.store.disconnect(a, b)
        self._audit.record("disconnect", f"connection:{a}|{b}")

    def record_interaction(self, interaction: Interaction) -> Interaction:
        checked = validation.interaction(interaction)
        self._require_owner(checked.actor_id, checked.recipient_id, doing="record interactions")
        self.store.record_interaction(checked)
        self._audit.record("record", f"interaction:{checked.id}")
        return checked

    def delete_interaction(self, id: str) -> None:
        check_id(id, "interaction id")
        policy.require_writer(self.caller)
        found = self.store.get_interaction(id)
        if found is None:
            raise NotFound("interaction", id)
        self._require_owner(found.actor_id, found.recipient_id, doing="delete interactions")
        self.store.delete_interaction(id)
        self._audit.record("delete", f"interaction:{id}")

    def _team_write(self, person_id: str, doing: str) -> None:
        """Jobs, memberships and advocacy: admins, and managers for their team's people."""
        policy.require_role(self.caller, [Role.MANAGER], doing)
        if not self.team.owns(person_id):
            raise Forbidden(f"a manager may only {doing} of their team's people")

    def set_employment(self, employment: Employment) -> Employment:
        checked = validation.employment(employment)
        self._team_write(checked.person_id, "set the jobs")
        self.store.set_employment(checked)
        self._audit.record("set", f"employment:{checked.person_id}|{checked.company_id}")
        return checked

    def remove_employment(self, person_id: str, company_id: str) -> None:
        person_id = check_id(person_id, "employee")
        company_id = check_id(company_id, "employer")
        self._team_write(person_id, "remove the jobs")
        self.store.remove_employment(person_id, company_id)
        self._audit.record("remove", f"employment:{person_id}|{company_id}")

    def set_membership(self, membership: Membership) -> Membership:
        checked = validation.membership(membership)
        self._team_write(checked.person_id, "set the memberships")
        self.store.set_membership(checked)
        self._audit.record("set", f"membership:{checked.person_id}|{checked.community_id}")
        return checked

    def remove_membership(self, person_id: str, community_id: str) -> None:
        person_id = check_id(person_id, "member")
        community_id = check_id(community_id, "community id")
        self._team_write(person_id, "remove the memberships")
        self.store.remove_membership(person_id, community_id)
        self._audit.record("remove", f"membership:{person_id}|{community_id}")

    def set_advocacy(self, advocacy: Advocacy) -> Advocacy:
        checked = validation.advocacy(advocacy)
        self._team_write(checked.person_id, "set the advocacy")
        self.store.set_advocacy(checked)
        self._audit.record("set", f"advocacy:{checked.person_id}|{checked.company_id}")
        return checked

    def remove_advocacy(self, person_id: str, company_id: str) -> None:
        person_id = check_id(person_id, "advocate")
        company_id = check_id(company_id, "advocated company")
        self._team_write(person_id, "remove the advocacy")
        self.store.remove_advocacy(person_id, company_id)
        self._audit.record("remove", f"advocacy:{person_id}|{company_id}")
