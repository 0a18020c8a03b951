"""Error responses outside GraphQL execution, in GraphQL's shape: ``{"errors": [{"message",
"extensions": {"code"}}]}`` with a 4xx or 5xx status, never plain text."""

from __future__ import annotations

from starlette.responses import JSONResponse

from schema.errors import BAD_INPUT, INTERNAL_SERVER_ERROR


def error_response(status: int, message: str, code: str | None = None) -> JSONResponse:
    """One GraphQL-shaped error; the code follows from the status unless given."""
    if code is None:
        code = BAD_INPUT if status < 500 else INTERNAL_SERVER_ERROR
        code = "NOT_FOUND" if status == 404 else code
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status)
