"""The HTTP face: a Starlette app serving GraphQL (GraphiQL when asked) and a health check.

Whatever goes wrong with a request, the client reads a GraphQL-shaped JSON answer
(``{"errors": [{"message", "extensions": {"code"}}]}``) with a 4xx or 500 status, never
plain text and never a stack trace: a body that is not UTF-8 or not JSON, a wrong method, an
unknown path, a bug.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Any

from cross_web import HTTPException as GraphQLHTTPException
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from graph.errors import StoreUnavailable
from graph.service import WarmgraphService
from schema import Context, build_schema, make_context, run_sync
from schema.errors import BAD_INPUT, INTERNAL_MESSAGE, INTERNAL_SERVER_ERROR

from . import graphiql as graphiql_ide

log = logging.getLogger("warmgraph.api")


def error_response(status: int, message: str, code: str | None = None) -> JSONResponse:
    """One GraphQL-shaped error; the code follows from the status unless given."""
    if code is None:
        code = BAD_INPUT if status < 500 else INTERNAL_SERVER_ERROR
        code = "NOT_FOUND" if status == 404 else code
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status)


class WarmgraphGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI view with a fresh warmgraph context (and loaders) per request."""

    def __init__(self, service: WarmgraphService, *, graphiql: bool = False) -> None:
        # strawberry's own page loads GraphiQL from a CDN; ours is in the package (or off)
        super().__init__(build_schema(), graphql_ide="graphiql")
        self.service = service
        self.graphiql = graphiql

    async def render_graphql_ide(self, request: Request) -> Response:
        if not self.graphiql:
            raise GraphQLHTTPException(404, graphiql_ide.OFF_MESSAGE)
        return graphiql_ide.page()

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return make_context(self.service, request, response)

    def parse_json(self, data: str | bytes) -> Any:
        # strawberry lets a body that is not UTF-8 (or nests past the recursion limit) escape
        # as a bare 500, and hands a JSON string or number on as if it were an object.
        if isinstance(data, bytes):
            try:  # UTF-8 (with or without a BOM), or the UTF-16/32 that json.loads detects
                data = data.decode(json.detect_encoding(data))
            except UnicodeDecodeError:
                raise GraphQLHTTPException(400, "the request body is not UTF-8 text") from None
        try:
            parsed = json.loads(data)
        except (ValueError, RecursionError):
            raise GraphQLHTTPException(400, "the request body is not valid JSON") from None
        if not isinstance(parsed, dict | list):
            raise GraphQLHTTPException(400, "the request body must be a JSON object")
        return parsed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        response: Response
        try:
            response = await self.run(request)
        except GraphQLHTTPException as exc:
            response = error_response(exc.status_code, _sentence(exc.reason))
        except Exception:
            log.exception("internal error while handling %s %s", request.method, request.url.path)
            response = error_response(500, INTERNAL_MESSAGE)
        await response(scope, receive, send)


def _sentence(reason: str) -> str:
    """strawberry's reasons, in the style of warmgraph's own messages."""
    reason = reason.rstrip(".")
    first = reason.split(" ", 1)[0]
    return reason[:1].lower() + reason[1:] if first[1:].islower() else reason


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (unknown path, wrong method) in the same shape."""
    assert isinstance(exc, HTTPException)
    detail = str(exc.detail)
    if detail == HTTPStatus(exc.status_code).phrase:  # "Method Not Allowed"
        detail = detail.lower()
    response = error_response(exc.status_code, detail)
    for name, value in (exc.headers or {}).items():  # e.g. Allow on a 405
        response.headers[name] = value
    return response


def create_app(service: WarmgraphService, *, graphiql: bool = False) -> Starlette:
    """``/graphql`` (POST and GET; GraphiQL for a browser if ``graphiql``), ``/healthz``;
    closing the app closes the service's store."""

    async def healthz(request: Request) -> JSONResponse:
        try:
            await run_sync(service.check_health)
        except StoreUnavailable as exc:
            return JSONResponse({"status": "unavailable", "reason": exc.message}, 503)
        except Exception:
            log.exception("health check failed")
            return JSONResponse({"status": "unavailable", "reason": "internal error"}, 503)
        return JSONResponse({"status": "ok"})

    async def index(request: Request) -> RedirectResponse:
        return RedirectResponse("/graphql")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await run_sync(service.close)

    graphql = WarmgraphGraphQL(service, graphiql=graphiql)
    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/", index, methods=["GET"]),
            *(graphiql_ide.routes() if graphiql else ()),
        ],
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error},
    )
