"""The HTTP face: a Starlette app serving GraphQL (GraphiQL when asked) and a health check.

Whatever goes wrong with a request, the client reads a GraphQL-shaped JSON answer
(``{"errors": [{"message", "extensions": {"code"}}]}``) with a 4xx or 500 status, never
plain text and never a stack trace: a body that is not UTF-8 or not JSON, a wrong method, an
unknown path, a bug.

Request bounds (``schema.limits.Limits``): a body over ``max_body_bytes`` is refused with 413
(``PAYLOAD_TOO_LARGE``) from its Content-Length before it is read, or as soon as a chunked
body passes the limit; a body not fully received within ``body_timeout`` seconds gets 408
(``TIMEOUT``); a request still running after ``request_timeout`` seconds gets 504
(``TIMEOUT``); parsing and validating a new document, in a worker thread, is bounded by
``validation_timeout`` (``TIMEOUT``, see ``schema.document_cache``). When a request times
out or its client disconnects, its task is cancelled: resolvers still waiting stop, but
store work already running in a worker thread cannot be interrupted — it runs to its end
and its result is discarded (the thread is released, the event loop and other requests are
not held up by it).

``/graphql`` answers in the media type the ``Accept`` header asks for (``api.media``):
``application/graphql-response+json`` gives a request that fails before execution (a
document that does not parse or validate, variables that do not coerce) HTTP 400 and no
``data`` entry; ``application/json`` (also for ``*/*`` or no ``Accept``) keeps answering
those 200 with ``"data": null``; neither accepted: 406. Refusals of the view itself (bad
JSON, 413, 408, 504, 500) come in the negotiated type too.

Around the routes, from the outside in: trusted hosts (``api.hosts``; 400 ``BAD_HOST``),
CORS (``api.hosts``), ``OPTIONS`` answered with the path's ``Allow``-ed methods (no token
needed: a preflight carries none), authentication, then the per-caller rate limit
(``api.ratelimit``; 429 ``RATE_LIMITED``), so a request from an untrusted host or a
preflight costs nothing further, and the rate limit counts callers by who authenticated.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Any

import anyio
from cross_web import HTTPException as GraphQLHTTPException
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from graph.access import Caller, Role
from graph.errors import StoreUnavailable
from graph.service import WarmgraphService
from graph.webhooks.retry import RetryPolicy
from schema import Context, build_schema, make_context, run_sync
from schema.errors import INTERNAL_MESSAGE, TIMEOUT
from schema.limits import Limits

from . import explorer, media
from . import graphiql as graphiql_ide
from .auth import UNAUTHENTICATED, AuthenticationMiddleware, Authenticator
from .hosts import CORSMiddleware, OptionsMiddleware, TrustedHostMiddleware
from .ratelimit import DEFAULT_RATE_LIMIT, RateLimitMiddleware, parse_rate_limit
from .responses import error_response
from .sso import JwtVerifier
from .webhooks import WebhookDispatcher

PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"

log = logging.getLogger("warmgraph.api")

#: The context of GraphiQL's page, which executes nothing (an analyst, so that even a
#: mistake here could never write).
PAGE_ONLY = Caller("graphiql-page@localhost", Role.ANALYST)


class WarmgraphGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI view with a fresh warmgraph context (and loaders) per request."""

    def __init__(
        self, service: WarmgraphService, *, graphiql: bool = False, limits: Limits | None = None
    ) -> None:
        self.limits = limits or Limits()
        # strawberry's own page loads GraphiQL from a CDN; ours is in the package (or off)
        super().__init__(build_schema(self.limits), graphql_ide="graphiql")
        self.service = service
        self.graphiql = graphiql

    async def render_graphql_ide(self, request: Request) -> Response:
        if not self.graphiql:
            raise GraphQLHTTPException(404, graphiql_ide.OFF_MESSAGE)
        return graphiql_ide.page()

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        caller = getattr(request.state, "caller", None)
        if caller is None:
            # Only GraphiQL's page comes through authentication without a caller; strawberry
            # asks for a context before it renders the page, which runs nothing.
            if not isinstance(request, Request) or not self.should_render_graphql_ide(
                self.request_adapter_class(request)
            ):
                raise GraphQLHTTPException(401, "authentication required")
            caller = PAGE_ONLY
        return make_context(self.service.acting_as(caller), request, response)

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        # create_response sees only this object: it carries the negotiated media type there
        sub_response.media_type = getattr(request.state, "media_type", media.JSON)
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        body = await super().process_result(request, result)
        media_type = getattr(request.state, "media_type", media.JSON)
        if media_type == media.GRAPHQL_RESPONSE and media.is_request_error(
            result.data, result.errors
        ):
            del body["data"]  # nothing executed: the spec's sign of a request error
        return body

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        media_type = sub_response.media_type or media.JSON
        response.headers["content-type"] = media.CONTENT_TYPES[media_type]
        if isinstance(response_data, dict) and "data" not in response_data:
            response.status_code = media.request_error_status(response_data)
        return response

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
        media_type = media.negotiate(request.headers.get("accept"))
        if media_type is None and not self.should_render_graphql_ide(
            self.request_adapter_class(request)
        ):
            await not_acceptable()(scope, receive, send)
            return
        request.state.media_type = media_type or media.JSON
        try:
            response = await self._read_body(request)
        except ClientDisconnect:  # gone before its body arrived: nobody to answer
            return
        if response is None:
            response = await self._answer(request, receive)
            if response is None:  # the client went away: nobody to answer
                return
        await response(scope, receive, send)

    @staticmethod
    def _refuse(request: Request, status: int, message: str, code: str | None = None) -> Response:
        """A refusal in the request's negotiated media type."""
        content_type = media.CONTENT_TYPES[getattr(request.state, "media_type", media.JSON)]
        return error_response(status, message, code, media_type=content_type)

    async def _read_body(self, request: Request) -> Response | None:
        """Read the whole body into ``request`` within the limits; an error response if not."""
        limit = self.limits.max_body_bytes
        too_large = self._refuse(
            request,
            413,
            f"the request body is over the limit of {limit:,} bytes",
            PAYLOAD_TOO_LARGE,
        )
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return too_large
        chunks: list[bytes] = []
        size = 0
        with anyio.move_on_after(self.limits.body_timeout) as scope:
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    return too_large
                chunks.append(chunk)
        if scope.cancelled_caught:
            seconds = f"{self.limits.body_timeout:g}"
            return self._refuse(
                request, 408, f"the request body took over {seconds} s to arrive", TIMEOUT
            )
        request._body = b"".join(chunks)  # what request.body() (strawberry) then returns
        return None

    async def _answer(self, request: Request, receive: Receive) -> Response | None:
        """Run the request within the time limit; None if the client disconnected first."""
        response: Response | None = None

        async def run() -> None:
            nonlocal response
            try:
                response = await self.run(request)
            except GraphQLHTTPException as exc:
                code = UNAUTHENTICATED if exc.status_code == 401 else None
                response = self._refuse(request, exc.status_code, _sentence(exc.reason), code)
            except Exception:
                log.exception(
                    "internal error while handling %s %s", request.method, request.url.path
                )
                response = self._refuse(request, 500, INTERNAL_MESSAGE)

        async def watch_disconnect(done: anyio.CancelScope) -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            log.info("client disconnected, request cancelled")
            done.cancel()

        timeout = self.limits.request_timeout
        async with anyio.create_task_group() as group:
            group.start_soon(watch_disconnect, group.cancel_scope)
            with anyio.move_on_after(timeout if timeout > 0 else math.inf) as scope:
                await run()
            group.cancel_scope.cancel()
        if scope.cancelled_caught:
            log.warning("request cancelled after %g s", timeout)
            return self._refuse(request, 504, f"the request took over {timeout:g} s", TIMEOUT)
        return response


def not_acceptable() -> Response:
    """406 for a client that accepts neither of GraphQL's media types (the spec's
    recommendation over answering in a type it did not ask for)."""
    return error_response(
        406,
        f"this endpoint answers only in {media.GRAPHQL_RESPONSE} or {media.JSON}: accept one",
        headers={"Accept": media.ACCEPTABLE},
    )


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


#: Five attempts, waiting about 1, 2, 4 and 8 s between them; 10 s per phase of an attempt.
DEFAULT_WEBHOOK_POLICY = RetryPolicy()


def create_app(
    service: WarmgraphService,
    *,
    graphiql: bool = False,
    limits: Limits | None = None,
    rate_limit: str | None = DEFAULT_RATE_LIMIT,
    cors_origins: Sequence[str] = (),
    trusted_hosts: Sequence[str] | None = None,
    jwt: JwtVerifier | None = None,
    open_as: Caller | None = None,
    webhooks: RetryPolicy | None = DEFAULT_WEBHOOK_POLICY,
) -> Starlette:
    """``/graphql`` (POST and GET; GraphiQL for a browser if ``graphiql``), ``/healthz``,
    the explorer page ``/explore`` (``api.explorer``);
    closing the app closes the service's store. ``limits`` bounds every request (defaults:
    ``Limits()``); ``rate_limit`` is each caller's allowance in the ``limits`` notation
    (None: unlimited; a bad one raises BadInput); ``cors_origins`` are the browser origins
    allowed cross-origin (none: no CORS headers); ``trusted_hosts`` the ``Host`` names served
    (None: any — ``warmgraph serve`` always passes a list). Every request but ``/healthz``
    and the pages (GraphiQL's, the explorer's) needs a user's API token, or a JWT ``jwt``
    verifies; ``open_as`` (``serve --no-auth``) instead lets every request act as that
    caller. While the app runs (its lifespan), the service's events are delivered to the
    store's webhooks with the ``webhooks`` retry policy (None: not delivered); the
    dispatcher is ``app.state.webhooks``."""

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

    dispatcher = None if webhooks is None else WebhookDispatcher(service.store, webhooks)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        unsubscribe = None
        if dispatcher is not None:
            dispatcher.start()
            unsubscribe = service.events.subscribe(dispatcher)
        try:
            yield
        finally:
            if dispatcher is not None and unsubscribe is not None:
                unsubscribe()
                await run_sync(dispatcher.stop)
            await run_sync(service.close)

    graphql = WarmgraphGraphQL(service, graphiql=graphiql, limits=limits)
    routes = [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/", index, methods=["GET"]),
        *(graphiql_ide.routes() if graphiql else ()),
        *explorer.routes(),
    ]
    app = Starlette(
        middleware=middleware(
            rate_limit, cors_origins, trusted_hosts, Authenticator(service, jwt), open_as, routes
        ),
        routes=routes,
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error},
    )
    app.state.webhooks = dispatcher
    return app


def middleware(
    rate_limit: str | None,
    cors_origins: Sequence[str],
    trusted_hosts: Sequence[str] | None,
    authenticator: Authenticator,
    open_as: Caller | None = None,
    routes: Sequence[BaseRoute] = (),
) -> list[Middleware]:
    """The layers around the routes, outermost first; OPTIONS requests are answered from
    ``routes``' methods."""
    layers: list[Middleware] = []
    if trusted_hosts is not None:
        layers.append(Middleware(TrustedHostMiddleware, hosts=trusted_hosts))
    if cors_origins:  # before authentication: a preflight carries no credentials
        layers.append(Middleware(CORSMiddleware, origins=cors_origins))
    # a preflight carries no credentials either, and needs only the path's methods
    layers.append(Middleware(OptionsMiddleware, routes=routes))
    if rate_limit is not None:
        parse_rate_limit(rate_limit)  # now: Starlette builds the layers on the first request
    # sets scope["state"]["caller"], which the rate limit below counts requests by; failed
    # attempts count against the client address's allowance
    layers.append(
        Middleware(
            AuthenticationMiddleware,
            authenticator=authenticator,
            open_as=open_as,
            failure_limit=rate_limit,
        )
    )
    if rate_limit is not None:
        layers.append(Middleware(RateLimitMiddleware, spec=rate_limit))
    return layers
