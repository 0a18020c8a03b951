"""Every element of the built schema a client reads a description of, with where it is
defined: types, fields, arguments, input fields and enum values.

Shared by the description test and the figures in the README (how many have one). Walks the
graphql-core schema strawberry builds, so it sees exactly what introspection shows; the
introspection types and the scalars the GraphQL specification defines are left out (their
descriptions are not ours to write).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLEnumValue,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    specified_scalar_types,
)

#: The key under which strawberry keeps, in a graphql-core element's ``extensions``, the
#: strawberry definition it was made from (``GraphQLCoreConverter.DEFINITION_BACKREF``).
_BACKREF = "strawberry-definition"

Describable = (
    GraphQLNamedType | GraphQLField | GraphQLArgument | GraphQLInputField | GraphQLEnumValue
)


@dataclass(frozen=True, slots=True)
class Element:
    """One schema element: its kind, its coordinate (``Query.deals(first:)``), the Python
    module that defines it, and its description (None or empty when it has none)."""

    kind: str  # type, field, argument, input field, enum value
    coordinate: str
    module: str
    description: str | None

    @property
    def described(self) -> bool:
        return bool(self.description and self.description.strip())


def _module(element: Describable, fallback: str) -> str:
    """The module of the Python class or function the element was made from."""
    definition = (element.extensions or {}).get(_BACKREF)
    for candidate in (
        getattr(getattr(definition, "base_resolver", None), "wrapped_func", None),
        getattr(definition, "origin", None),
        getattr(definition, "wrapped_cls", None),
    ):
        module = getattr(candidate, "__module__", None)
        if isinstance(module, str):
            return module
    return fallback


def elements(schema: GraphQLSchema) -> Iterator[Element]:
    """Every describable element, type by type in name order."""
    for name in sorted(schema.type_map):
        named = schema.type_map[name]
        if name.startswith("__") or name in specified_scalar_types:
            continue
        module = _module(named, "?")
        yield Element("type", name, module, named.description)
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in named.fields.items():
                field_module = _module(field, module)
                yield Element("field", f"{name}.{field_name}", field_module, field.description)
                for arg_name, arg in field.args.items():
                    coordinate = f"{name}.{field_name}({arg_name}:)"
                    yield Element("argument", coordinate, field_module, arg.description)
        elif isinstance(named, GraphQLInputObjectType):
            for field_name, input_field in named.fields.items():
                coordinate = f"{name}.{field_name}"
                yield Element("input field", coordinate, module, input_field.description)
        elif isinstance(named, GraphQLEnumType):
            for value_name, value in named.values.items():
                coordinate = f"{name}.{value_name}"
                yield Element("enum value", coordinate, module, value.description)
        elif isinstance(named, GraphQLUnionType):
            pass  # a union's members are types, described where they are defined


def tally(found: list[Element]) -> dict[str, tuple[int, int]]:
    """Per kind: (how many have a description, how many there are)."""
    out: dict[str, tuple[int, int]] = {}
    for e in found:
        with_, total = out.get(e.kind, (0, 0))
        out[e.kind] = (with_ + e.described, total + 1)
    return out
