"""Which media type a GraphQL answer is sent in, and what status it carries.

The GraphQL-over-HTTP specification defines two response media types:

* ``application/graphql-response+json`` (``GRAPHQL_RESPONSE``): a request that fails before
  execution — a document that does not parse or validate, variables that do not coerce, an
  operation that cannot be chosen — is answered with HTTP 400 and a body *without* a
  ``data`` entry, so a client (or a proxy) can tell it from a partial result by the status
  alone. A request that executed answers 200, even with field errors or ``"data": null``.
* ``application/json`` (``JSON``, the legacy type): every GraphQL answer is 200, request
  errors included, with ``"data": null`` beside them as warmgraph has always answered.

:func:`negotiate` picks one from the ``Accept`` header: the highest quality (``q``) wins,
then the more specific range (``application/json`` beats ``application/*`` beats ``*/*``),
then the one listed first; a wildcard alone means ``application/json``, and so does no
``Accept`` header at all — the spec's legacy default, which the GraphQL Foundation's audit
suite checks for and which every existing client relies on. A range with a charset other
than UTF-8 does not match (answers are always UTF-8). When nothing listed is supported the
answer is None, which the app turns into 406 Not Acceptable.

No library is used: the general ones (python-mimeparse, werkzeug) break ties by the server's
list, not by the client's order, and cannot express "a wildcard means the legacy type".

>>> negotiate("application/graphql-response+json, application/json;q=0.9")
'application/graphql-response+json'
>>> negotiate("*/*"), negotiate(None)
('application/json', 'application/json')
>>> negotiate("text/html") is None
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graphql import GraphQLError

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
SUPPORTED = (GRAPHQL_RESPONSE, JSON)

#: The Content-Type header of each (JSON is left as Starlette writes it, which clients and
#: tests have always read; the new type names its encoding, as the spec recommends).
CONTENT_TYPES = {GRAPHQL_RESPONSE: f"{GRAPHQL_RESPONSE}; charset=utf-8", JSON: JSON}

#: What a 406 lists in its ``Accept`` header.
ACCEPTABLE = ", ".join(CONTENT_TYPES[m] for m in SUPPORTED)

#: The status of a request error by its code, under ``application/graphql-response+json``;
#: anything else about the request is 400 Bad Request.
REQUEST_ERROR_STATUS = {"INTERNAL_SERVER_ERROR": 500, "STORE_UNAVAILABLE": 503, "TIMEOUT": 504}


def _ranges(accept: str) -> list[tuple[str, float]]:
    """``(media range, q)`` for each range of an Accept header, in order; malformed ranges
    and ranges in another charset are dropped."""
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        media_range, *params = (p.strip() for p in part.split(";"))
        media_range = media_range.lower()
        if media_range.count("/") != 1:
            continue
        q = 1.0
        charset_ok = True
        for param in params:
            name, _, value = param.partition("=")
            name, value = name.strip().lower(), value.strip().strip('"').lower()
            if name == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
            elif name == "charset":
                charset_ok = value in ("utf-8", "utf8")
        if charset_ok:
            ranges.append((media_range, q))
    return ranges


def _specificity(media_range: str, media_type: str) -> int:
    """How closely ``media_range`` names ``media_type``: 2 exactly, 1 ``type/*``, 0 ``*/*``;
    -1 if it does not match."""
    if media_range == media_type:
        return 2
    if media_range == media_type.split("/")[0] + "/*":
        return 1
    return 0 if media_range == "*/*" else -1


def negotiate(accept: str | None) -> str | None:
    """The media type to answer a request with this ``Accept`` header in; None if the client
    accepts neither (see the module docstring for the order of preference)."""
    if accept is None or not accept.strip():
        return JSON
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    ranges = _ranges(accept)
    for media_type in SUPPORTED:
        # the most specific range naming the type sets its quality (RFC 9110, 12.5.1)
        matches = [
            (_specificity(r, media_type), -position, q)
            for position, (r, q) in enumerate(ranges)
            if _specificity(r, media_type) >= 0
        ]
        if not matches:
            continue
        specificity, first, q = max(matches)
        if media_type != JSON and specificity < 2:
            continue  # a wildcard stands for the legacy type only (the spec's default)
        rank = (q, specificity, first)
        if q > 0 and (best is None or rank > best):
            best, chosen = rank, media_type
    return chosen


def is_request_error(data: Any, errors: Sequence[GraphQLError] | None) -> bool:
    """Whether a result is a request error: nothing executed (no ``data``) and no error is
    about a field (none has a ``path``) — a document that does not parse or validate, or
    variables that do not coerce. ``"data": null`` from a failed non-null field is not one."""
    return data is None and bool(errors) and all(e.path is None for e in errors or ())


def request_error_status(body: Mapping[str, Any]) -> int:
    """The status of a request error's body (``{"errors": [...]}``): the gravest of its
    errors' codes (400 for any code not in :data:`REQUEST_ERROR_STATUS`)."""
    codes = [(e.get("extensions") or {}).get("code") for e in body.get("errors", ())]
    return max((REQUEST_ERROR_STATUS.get(str(code), 400) for code in codes), default=400)
