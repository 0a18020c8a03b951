"""Bounds on what one GraphQL document may ask for, checked before anything runs.

Every refusal is a ``BAD_INPUT`` error whose message names the limit and its value; nothing
of the document is echoed back.

Checked in a worker thread just before validating, and together with graphql-core's
validation bounded by ``validation_timeout`` (5 s; over it, ``TIMEOUT``) — once per distinct
query text: the document cache (``schema.document_cache``) keeps the outcome; the depth rule
is made once per schema, never per request:

* **depth** — at most ``max_depth`` (12) nested selections (strawberry's depth rule);
* **aliases** — at most ``max_aliases`` (30) aliased fields in the document;
* **fragment expansion** — at most ``max_fields`` (5,000) fields once every fragment spread
  is replaced by its fragment, counted with one memoised pass per fragment, so fragments
  that each spread the previous one twice are refused in microseconds, not expanded (a
  fragment that spreads itself, directly or not, counts as empty here and is refused by
  graphql-core's ``NoFragmentCycles`` rule);
* **operations** — one operation per document (no batching of operations).

Checked while parsing: at most ``max_tokens`` (2,000) tokens (graphql-core's parser stops
there, so a huge document is never turned into a tree).

Checked just before executing, with the request's variables — the **cost** rule, at most
``max_cost`` (50,000: a front end's 50 top influencers with their
company, advocacy and memberships costs about 20,000):

* every field costs 1, plus its sub-selection's cost times the field's multiplier;
* ``introductionPaths`` multiplies by ``maxHops * limit`` (3 * 5 when absent): a path holds
  at most ``maxHops`` + 1 people, so its ``people``, ``links`` and ``advocates`` multiply
  by 1 (already counted);
* a connection (an ``XConnection`` with ``edges``, e.g. ``Community.members``) costs 1
  plus the cost of its selection, in which ``edges`` multiplies by ``first`` (its default
  when absent) and ``pageInfo`` and ``totalCount`` count once;
* ``egoNetwork`` multiplies by ``limit`` (50 when absent): it holds at most ``limit``
  people and :data:`graph.ego_service.LINKS_PER_PERSON` x ``limit`` links, so its
  ``people`` multiply by 1 and its ``links`` by ``LINKS_PER_PERSON`` (4) more;
* a list field with a ``limit``, ``nearestLimit`` or ``first`` argument multiplies by that
  argument (its default when absent); ``LinkEvidence.interactions`` by 9 (one per
  interaction kind); every other list of objects by :data:`DEFAULT_LIST_COST` (100);
* any other field multiplies by 1.

So ``community { members(first: 100) { edges { node { person { memberships { community {
members(first: 100) { edges { node { person { name } } } } } } } } } } }`` costs about
3,000,000 and is refused, while the README's example query costs about 1,100.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from strawberry.extensions import SchemaExtension

from graph.ego_service import LINKS_PER_PERSON
from graph.errors import BadInput

#: What a list of objects without a ``limit`` argument is assumed to hold.
DEFAULT_LIST_COST = 100

#: List fields whose length is bounded by something else the cost already counts.
FIXED_LIST_COSTS: dict[tuple[str, str], int] = {
    ("IntroductionPath", "people"): 1,
    ("IntroductionPath", "links"): 1,
    ("IntroductionPath", "advocates"): 1,
    ("LinkEvidence", "interactions"): 9,
    ("EgoNetwork", "people"): 1,
    ("EgoNetwork", "links"): LINKS_PER_PERSON,
}

LIMIT_ARGUMENTS = ("limit", "nearestLimit", "first")


@dataclass(frozen=True, slots=True)
class Limits:
    """Every request bound, with its default; ``warmgraph serve`` sets them from options
    (and ``WARMGRAPH_*`` variables, see :data:`ENVIRONMENT`)."""

    max_depth: int = 12  # schema.MAX_QUERY_DEPTH
    max_aliases: int = 30
    max_tokens: int = 2_000
    max_fields: int = 5_000
    max_cost: int = 50_000
    max_body_bytes: int = 1024 * 1024
    body_timeout: float = 30.0
    request_timeout: float = 30.0
    validation_timeout: float = 5.0
    header_timeout: float = 10.0
    introspection: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Limits:
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for field in fields(cls):
            name = ENVIRONMENT[field.name]
            if name in env:
                raw = env[name]
                values[field.name] = (
                    raw.strip().lower() not in ("0", "false", "no", "off")
                    if field.type == "bool"
                    else float(raw)
                    if field.type == "float"
                    else int(raw)
                )
        return cls(**values)

    def environment(self) -> dict[str, str]:
        """The variables that give another process (a worker) these limits."""
        return {ENVIRONMENT[f.name]: str(getattr(self, f.name)) for f in fields(self)}


#: The environment variable of each limit.
ENVIRONMENT = {
    "max_depth": "WARMGRAPH_MAX_DEPTH",
    "max_aliases": "WARMGRAPH_MAX_ALIASES",
    "max_tokens": "WARMGRAPH_MAX_TOKENS",
    "max_fields": "WARMGRAPH_MAX_FIELDS",
    "max_cost": "WARMGRAPH_MAX_COST",
    "max_body_bytes": "WARMGRAPH_MAX_BODY_BYTES",
    "body_timeout": "WARMGRAPH_BODY_TIMEOUT",
    "request_timeout": "WARMGRAPH_REQUEST_TIMEOUT",
    "validation_timeout": "WARMGRAPH_VALIDATION_TIMEOUT",
    "header_timeout": "WARMGRAPH_HEADER_TIMEOUT",
    "introspection": "WARMGRAPH_INTROSPECTION",
}


# --- validation: aliases, fragment expansion, operations ------------------------------


class DocumentLimits:
    """Aliases, expanded fields and operations of a document.

    The document cache (``schema.document_cache``) checks them in its worker thread before
    graphql-core validates, and validates only documents with no problem: graphql-core's
    own rules (overlapping fields, and strawberry's depth rule) follow every fragment spread
    without memoising, so a fragment bomb would take them exponential time."""

    def __init__(self, max_aliases: int, max_fields: int) -> None:
        self.max_aliases = max_aliases
        self.max_fields = max_fields

    def problems(self, document: DocumentNode) -> list[str]:
        """What is over a limit, as messages (empty when nothing is)."""
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if len(operations) > 1:
            return [f"a document may hold one operation, this one holds {len(operations)}"]
        counter = _Counter(document)
        aliases, expanded = 0, 0
        for operation in operations:
            a, f = counter.selection(operation.selection_set)
            aliases, expanded = aliases + a, expanded + f
        for fragment in counter.fragments.values():
            aliases += counter.own_aliases(fragment)
        found = []
        if aliases > self.max_aliases:
            found.append(f"too many aliases: {aliases:,} (the limit is {self.max_aliases:,})")
        if expanded > self.max_fields:
            found.append(
                f"too many fields once fragments are expanded: {expanded:,} "
                f"(the limit is {self.max_fields:,})"
            )
        return found


class _Counter:
    """Aliases and expanded field counts of selection sets, each fragment counted once."""

    def __init__(self, document: DocumentNode) -> None:
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self._memo: dict[str, int] = {}
        self._open: set[str] = set()

    def own_aliases(self, fragment: FragmentDefinitionNode) -> int:
        return self.selection(fragment.selection_set, expand=False)[0]

    def selection(self, node: SelectionSetNode | None, expand: bool = True) -> tuple[int, int]:
        """``(aliases written here, fields after expansion)``; aliases inside fragments are
        counted once, by the caller, however often the fragment is spread."""
        if node is None:
            return 0, 0
        aliases = expanded = 0
        for sel in node.selections:
            if isinstance(sel, FieldNode):
                a, f = self.selection(sel.selection_set, expand)
                aliases += a + (sel.alias is not None)
                expanded += 1 + f
            elif isinstance(sel, InlineFragmentNode):
                a, f = self.selection(sel.selection_set, expand)
                aliases, expanded = aliases + a, expanded + f
            elif isinstance(sel, FragmentSpreadNode) and expand:
                expanded += self.fragment_fields(sel.name.value)
        return aliases, expanded

    def fragment_fields(self, name: str) -> int:
        if name in self._memo:
            return self._memo[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self._open:  # unknown or cyclic: other rules report it
            return 0
        self._open.add(name)
        count = self.selection(fragment.selection_set)[1]
        self._open.discard(name)
        self._memo[name] = count
        return count


# --- cost, with the variables, before execution ---------------------------------------


def _unwrap(type_: Any) -> tuple[bool, GraphQLNamedType]:
    is_list = False
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        is_list = is_list or isinstance(type_, GraphQLList)
        type_ = type_.of_type
    return is_list, type_


class _Cost:
    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any]
    ) -> None:
        self.schema = schema
        self.variables = variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self._memo: dict[str, int] = {}
        self._open: set[str] = set()

    def argument(self, node: FieldNode, name: str, default: Any) -> Any:
        for arg in node.arguments or ():
            if arg.name.value == name:
                value = arg.value
                if isinstance(value, VariableNode):
                    return self.variables.get(value.name.value, default)
                if isinstance(value, IntValueNode):
                    return int(value.value)
                return default
        return default

    def selection(
        self, node: SelectionSetNode | None, parent: GraphQLNamedType, page: int | None = None
    ) -> int:
        """The cost of a selection on ``parent``; ``page`` is the page size when ``parent``
        is a connection (its ``edges`` hold that many). A union or an interface (egoNetwork's
        center, ``node``) is costed through its fragments."""
        if node is None or not isinstance(
            parent, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType
        ):
            return 0
        total = 0
        for sel in node.selections:
            if isinstance(sel, FieldNode):
                total += self.field(sel, parent, page)
            elif isinstance(sel, InlineFragmentNode):
                cond = sel.type_condition
                inner = self.schema.get_type(cond.name.value) if cond is not None else parent
                total += self.selection(sel.selection_set, inner or parent, page)
            elif isinstance(sel, FragmentSpreadNode):
                total += self.fragment(sel.name.value, page)
        return total

    def fragment(self, name: str, page: int | None = None) -> int:
        key = f"{name}/{page}"
        if key in self._memo:
            return self._memo[key]
        fragment = self.fragments.get(name)
        if fragment is None or name in self._open:
            return 0
        self._open.add(name)
        type_ = self.schema.get_type(fragment.type_condition.name.value)
        cost = self.selection(fragment.selection_set, type_, page) if type_ is not None else 0
        self._open.discard(name)
        self._memo[key] = cost
        return cost

    def field(
        self,
        node: FieldNode,
        parent: GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType,
        page: int | None = None,
    ) -> int:
        if node.selection_set is None or isinstance(parent, GraphQLUnionType):
            return 1
        definition = parent.fields.get(node.name.value)
        if definition is None:
            return 1
        is_list, inner = _unwrap(definition.type)
        multiplier = 1
        name = node.name.value
        if not is_list and _is_connection(inner) and "first" in definition.args:
            # the page's size multiplies its edges only: pageInfo and totalCount are once
            default = definition.args["first"].default_value
            default = default if isinstance(default, int) else DEFAULT_LIST_COST
            size = _positive(self.argument(node, "first", None), default)
            return 1 + self.selection(node.selection_set, inner, size)
        if page is not None and name == "edges":
            multiplier = page
        elif name == "introductionPaths":
            hops = _positive(self.argument(node, "maxHops", None), 3)
            limit = _positive(self.argument(node, "limit", None), 5)
            multiplier = hops * limit
        elif name == "egoNetwork":
            multiplier = _positive(self.argument(node, "limit", None), 50)
        elif is_list:
            fixed = FIXED_LIST_COSTS.get((parent.name, name))
            if fixed is not None:
                multiplier = fixed
            else:
                multiplier = DEFAULT_LIST_COST
                for arg_name in LIMIT_ARGUMENTS:
                    if arg_name in definition.args:
                        default = definition.args[arg_name].default_value
                        default = default if isinstance(default, int) else DEFAULT_LIST_COST
                        multiplier = _positive(self.argument(node, arg_name, None), default)
        return 1 + multiplier * self.selection(node.selection_set, inner)


def _is_connection(type_: GraphQLNamedType) -> bool:
    """A Relay connection: an object type named ``...Connection`` with ``edges``."""
    return (
        isinstance(type_, GraphQLObjectType)
        and type_.name.endswith("Connection")
        and "edges" in type_.fields
    )


def _positive(value: Any, default: int) -> int:
    valid = isinstance(value, int) and not isinstance(value, bool) and value > 0
    return value if valid else default


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
) -> int:
    """The cost of the operation a request runs (see the module docstring)."""
    counter = _Cost(schema, document, variables or {})
    total = 0
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        if operation_name is not None and (
            definition.name is None or definition.name.value != operation_name
        ):
            continue
        root = schema.get_root_type(definition.operation)
        if root is not None:
            total += counter.selection(definition.selection_set, root)
    return total


class CostLimit(SchemaExtension):
    """Refuses, before execution, an operation whose cost is over ``max_cost``."""

    def __init__(self, max_cost: int) -> None:
        super().__init__()
        self.max_cost = max_cost

    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        document = ctx.graphql_document
        if document is not None and not ctx.result:
            cost = query_cost(ctx.schema._schema, document, ctx.variables or {}, ctx.operation_name)
            if cost > self.max_cost:
                message = f"the query costs {cost:,}, over the limit of {self.max_cost:,}"
                error = GraphQLError(message, original_error=BadInput(message))
                ctx.result = ExecutionResult(data=None, errors=[error])  # skips execution
        yield


def extension(cls: Callable[..., SchemaExtension], *values: int) -> Callable[[], SchemaExtension]:
    """A factory the schema calls per request (an extension instance is per request)."""
    return lambda: cls(*values)


__all__ = [
    "DEFAULT_LIST_COST",
    "ENVIRONMENT",
    "CostLimit",
    "DocumentLimits",
    "Limits",
    "extension",
    "query_cost",
]
