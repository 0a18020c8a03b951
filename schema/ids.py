"""Global ids: one id space for every node the API returns, without giving up local ids.

A node's GraphQL ``id`` is its **global id**: standard base64 of ``"<TypeName>:<local id>"``
(the Relay convention strawberry's ``GlobalID`` follows), so a person and a company that
share a store id still get different ids. ``localId`` is the id in the store, the CSV files
and the CLI.

Every ``ID`` argument (queries, mutations, input types) accepts either form, through one
scalar (:data:`ID_SCALAR`, installed by ``schema.build_schema`` over strawberry's ``ID``):
an input that is a global id of a known type arrives in the resolver as its local id, a
:class:`LocalID` that remembers the type it named; anything else arrives unchanged. A
lookup by kind (``person(id)``, ...) asks :func:`local_id`, which answers NOT_FOUND for a
global id of another kind.

>>> global_id("Person", "p1")
'UGVyc29uOnAx'
>>> local_id("UGVyc29uOnAx", "Person"), local_id("p1", "Person")
('p1', 'p1')

A text is taken for a global id when it is canonical base64 of UTF-8 text of the form
``<TypeName>:<rest>`` with a capitalised, letters-only type name; a local id would have to
be written that way on purpose to be mistaken for one. Such a text naming an unknown type,
or with nothing after the colon, is BAD_INPUT.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from graphql import GraphQLError, GraphQLScalarType, StringValueNode, ValueNode
from graphql.language import IntValueNode
from strawberry.types.scalar import ScalarDefinition

from graph import model as m
from graph.errors import BadInput, NotFound, shown

#: The GraphQL types that implement ``Node``, and the store kind each names.
NODE_TYPES: dict[str, type] = {
    "Person": m.Person,
    "Company": m.Company,
    "Community": m.Community,
    "Deal": m.Deal,
}

_TYPE_NAME = re.compile(r"[A-Z][A-Za-z]*")
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")


class LocalID(str):
    """A local id decoded from a global id; ``type_name`` is the type it named (None when
    the caller gave the local id itself)."""

    type_name: str | None = None

    @classmethod
    def named(cls, local: str, type_name: str | None) -> LocalID:
        out = cls(local)
        out.type_name = type_name
        return out


def global_id(type_name: str, local: str) -> str:
    """The global id of the node ``local`` of GraphQL type ``type_name``."""
    return base64.b64encode(f"{type_name}:{local}".encode()).decode("ascii")


def decode(value: str) -> LocalID:
    """``value`` as a local id: decoded when it is a global id, else unchanged.

    BadInput for a global id of an unknown type or with an empty local part."""
    if isinstance(value, LocalID):
        return value
    parts = _global_parts(value)
    if parts is None:
        return LocalID.named(value, None)
    type_name, local = parts
    if type_name not in NODE_TYPES:
        raise BadInput(f"the global id {shown(value)} names an unknown type {shown(type_name)}")
    if not local:
        raise BadInput(f"the global id {shown(value)} has no local id after {type_name!r}")
    return LocalID.named(local, type_name)


def _global_parts(value: str) -> tuple[str, str] | None:
    if len(value) % 4 or not _BASE64.fullmatch(value):
        return None
    try:
        text = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    type_name, colon, local = text.partition(":")
    if not colon or not _TYPE_NAME.fullmatch(type_name):
        return None
    return type_name, local


def local_id(value: str, type_name: str | type) -> str:
    """The local id ``value`` stands for, as an id of ``type_name`` (a GraphQL type name or
    a ``graph.model`` class); NotFound when it is a global id of another type."""
    wanted = type_name if isinstance(type_name, str) else type_name.__name__
    decoded = decode(value)
    if decoded.type_name is not None and decoded.type_name != wanted:
        kind = m.NODE_KIND_NAMES.get(NODE_TYPES[wanted], wanted.lower())
        raise NotFound(kind, str(value))
    return str(decoded)


# -- the ID scalar ----------------------------------------------------------------------------
def _parse_value(value: Any) -> LocalID:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise GraphQLError(f"ID cannot represent value: {shown(value)}")
    try:
        return decode(str(value))
    except BadInput as exc:
        raise GraphQLError(exc.message, original_error=exc) from None


def _parse_literal(node: ValueNode, _variables: Any = None) -> LocalID:
    if not isinstance(node, StringValueNode | IntValueNode):
        raise GraphQLError("ID cannot represent a non-string and non-integer value", node)
    return _parse_value(node.value)


class _IDScalar(GraphQLScalarType):
    """graphql-core refuses to make a second type named ``ID`` (a reserved name, so that
    nobody shadows the standard scalar by accident); this one replaces it on purpose and
    keeps its name, its output and its literals (strings and integers), adding only the
    decoding of global ids."""

    def __new__(cls, *_args: Any, **_kwargs: Any) -> _IDScalar:
        return object.__new__(cls)


ID_DESCRIPTION = (
    "An id. A node's `id` is its global id (base64 of `<TypeName>:<localId>`, unique across "
    "types); every ID argument also accepts the local id (the store's, the CSV files' and "
    "the CLI's)."
)

ID_SCALAR = ScalarDefinition(
    name="ID",
    description=ID_DESCRIPTION,
    specified_by_url=None,
    serialize=str,
    parse_value=_parse_value,
    parse_literal=_parse_literal,
    implementation=_IDScalar(
        name="ID",
        description=ID_DESCRIPTION,
        serialize=str,
        parse_value=_parse_value,
        parse_literal=_parse_literal,
    ),
)
"""Installed over strawberry's ``ID`` (``scalar_overrides``) by ``schema.build_schema``."""

__all__ = ["ID_SCALAR", "NODE_TYPES", "LocalID", "decode", "global_id", "local_id"]
