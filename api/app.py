"""The HTTP face: a Starlette app serving GraphQL (and GraphiQL) and a health check."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from graph.errors import StoreUnavailable
from graph.service import WarmgraphService
from schema import Context, build_schema, make_context, run_sync

log = logging.getLogger("warmgraph.api")


class WarmgraphGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI view with a fresh warmgraph context (and loaders) per request."""

    def __init__(self, service: WarmgraphService, *, graphiql: bool = True) -> None:
        super().__init__(build_schema(), graphql_ide="graphiql" if graphiql else None)
        self.service = service

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return make_context(self.service, request, response)


def create_app(service: WarmgraphService, *, graphiql: bool = True) -> Starlette:
    """``/graphql`` (POST and GET; GraphiQL for a browser), ``/healthz``; closing the app
    closes the service's store."""

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
        ],
        lifespan=lifespan,
    )
