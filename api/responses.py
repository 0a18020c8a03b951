"""The one shape every refusal takes: ``{"errors": [{"message", "extensions": {"code"}}]}``.

Shared by the app and its middleware (rate limit, trusted hosts, CORS), so a client reads
the same GraphQL-shaped JSON whichever layer refused it.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse

from schema.errors import BAD_INPUT, INTERNAL_SERVER_ERROR


def error_response(
    status: int,
    message: str,
    code: str | None = None,
    headers: Mapping[str, str] | None = None,
    media_type: str = "application/json",
) -> JSONResponse:
    """One GraphQL-shaped error; the code follows from the status unless given.
    ``media_type`` is the Content-Type (``api.media`` negotiates it for ``/graphql``)."""
    if code is None:
        code = BAD_INPUT if status < 500 else INTERNAL_SERVER_ERROR
        code = "NOT_FOUND" if status == 404 else code
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(
        body, status, headers=dict(headers) if headers else None, media_type=media_type
    )
