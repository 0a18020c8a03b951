"""Per-request context: the service, the worker-thread helper and the DataLoaders.

Every resolver reaches the service through :func:`run_sync`, so store work runs in a worker
thread and never blocks the event loop. The loaders batch the lookups nested lists cause
(each person's company, each employment's person, ...) into one service call per kind and
per tick of the event loop, and cache them for the rest of the request. Mutations clear
the caches (:meth:`Loaders.clear`) so later fields of the same document see their writes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

import anyio.to_thread
from strawberry.dataloader import DataLoader

from graph import model as m
from graph.errors import NotFound
from graph.likelihood.model import Likelihood
from graph.model import NodeT
from graph.results import InfluenceScore
from graph.service import WarmgraphService

P = ParamSpec("P")
T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


async def run_sync(fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a synchronous (service) call in a worker thread and await its result.

    Cancelling the caller (a timed-out or abandoned request) returns at once; the thread
    itself cannot be interrupted, so it runs to its end and its result is dropped."""
    return await anyio.to_thread.run_sync(
        functools.partial(fn, *args, **kwargs), abandon_on_cancel=True
    )


def _each(fn: Callable[[K], T], keys: Sequence[K]) -> list[T | BaseException]:
    """``fn`` over every key; a key whose call fails gets its exception (the DataLoader
    raises it for that key alone)."""
    out: list[T | BaseException] = []
    for key in keys:
        try:
            out.append(fn(key))
        except Exception as exc:
            out.append(exc)
    return out


def _per_key_loader(fn: Callable[[K], T]) -> DataLoader[K, T]:
    """A loader that answers a whole batch in one worker-thread hop, one call per key."""

    async def load(keys: list[K]) -> Sequence[T | BaseException]:
        return await run_sync(_each, fn, keys)

    return DataLoader(load_fn=load)


def _node_loader(service: WarmgraphService, kind: type[NodeT]) -> DataLoader[str, NodeT | None]:
    async def load(keys: list[str]) -> Sequence[NodeT | None]:
        found = await run_sync(service.get_many, kind, keys)
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


def _likelihood_loader(service: WarmgraphService) -> DataLoader[str, Likelihood]:
    """Deal likelihoods for a whole batch (a page of deals) in one service call: one read
    of the features' activity for the batch, not one per deal. A deal the caller may not
    see (or that vanished) gets NotFound, as ``deal_likelihood`` would say."""

    async def load(keys: list[str]) -> Sequence[Likelihood | BaseException]:
        found = await run_sync(service.deal_likelihoods, keys)
        name = m.NODE_KIND_NAMES[m.Deal]
        return [found[key] if key in found else NotFound(name, key) for key in keys]

    return DataLoader(load_fn=load)


@dataclass(slots=True)
class Loaders:
    people: DataLoader[str, m.Person | None]
    companies: DataLoader[str, m.Company | None]
    communities: DataLoader[str, m.Community | None]
    deals: DataLoader[str, m.Deal | None]
    employments_by_person: DataLoader[str, list[m.Employment]]
    memberships_by_person: DataLoader[str, list[m.Membership]]
    advocacies_by_person: DataLoader[str, list[m.Advocacy]]
    influence: DataLoader[str, InfluenceScore]
    likelihoods: DataLoader[str, Likelihood]

    @classmethod
    def for_service(cls, service: WarmgraphService) -> Loaders:
        return cls(
            people=_node_loader(service, m.Person),
            companies=_node_loader(service, m.Company),
            communities=_node_loader(service, m.Community),
            deals=_node_loader(service, m.Deal),
            employments_by_person=_per_key_loader(lambda pid: service.employments(person_id=pid)),
            memberships_by_person=_per_key_loader(lambda pid: service.memberships(person_id=pid)),
            advocacies_by_person=_per_key_loader(lambda pid: service.advocacies(person_id=pid)),
            influence=_per_key_loader(service.influence),
            likelihoods=_likelihood_loader(service),
        )

    def clear(self) -> None:
        """Forget everything loaded so far (after a write)."""
        for name in self.__slots__:
            loader: DataLoader[Any, Any] = getattr(self, name)
            loader.clear_all()


@dataclass(slots=True)
class Context:
    """What ``info.context`` is for every resolver."""

    service: WarmgraphService
    loaders: Loaders
    request: Any = field(default=None)
    response: Any = field(default=None)

    async def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Call a service method in a worker thread."""
        return await run_sync(fn, *args, **kwargs)

    def _loader(self, kind: type[NodeT]) -> DataLoader[str, Any]:
        loaders: dict[type, DataLoader[str, Any]] = {
            m.Person: self.loaders.people,
            m.Company: self.loaders.companies,
            m.Community: self.loaders.communities,
            m.Deal: self.loaders.deals,
        }
        return loaders[kind]

    async def node(self, kind: type[NodeT], id: str) -> NodeT:
        """One node through the request's loader; NotFound if it does not exist."""
        found = await self._loader(kind).load(id)
        if found is None:
            raise NotFound(m.NODE_KIND_NAMES[kind], id)
        result: NodeT = found
        return result

    async def nodes(self, kind: type[NodeT], ids: Sequence[str]) -> list[NodeT]:
        """Several nodes in order, skipping any that vanished meanwhile."""
        found = await self._loader(kind).load_many(list(ids))
        return [node for node in found if node is not None]


def make_context(service: WarmgraphService, request: Any = None, response: Any = None) -> Context:
    """A fresh context (with fresh loaders) for one request."""
    return Context(service, Loaders.for_service(service), request, response)
