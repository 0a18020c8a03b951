"""Authentication: every request but the health check and the GraphiQL page needs a valid
``Authorization: Bearer`` credential — a warmgraph API token (``warmgraph users add``) or,
when single sign-on is configured, a JWT from the company's identity provider.

An ASGI middleware: it turns the credential into a :class:`graph.access.Caller` and leaves it
in ``scope["state"]["caller"]`` (``request.state.caller``) for the GraphQL layer, which hands
it to the service, where every authorisation decision is made. Without a valid credential
the answer is HTTP 401 with a GraphQL error ``UNAUTHENTICATED`` and ``WWW-Authenticate:
Bearer``; nothing runs. Tokens are looked up afresh on every request (a revoked or rotated
token fails on the very next one) in a worker thread, off the event loop.

``open_as`` (``serve --no-auth``, loopback only) lets every request act as that caller.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from graph.access import Caller
from graph.errors import Unauthenticated
from graph.service import WarmgraphService
from schema import run_sync

from .responses import error_response
from .sso import JwtVerifier, looks_like_jwt

log = logging.getLogger("warmgraph.api")

UNAUTHENTICATED = "UNAUTHENTICATED"

#: Paths anyone may fetch: the health check and GraphiQL's static files (the page itself is
#: let through by :func:`_is_ide_page`; its requests carry the user's token like any other).
PUBLIC_PREFIXES = ("/healthz", "/graphiql/static/")


class Authenticator:
    """Credentials to callers (synchronous: it reads the store)."""

    def __init__(self, service: WarmgraphService, jwt: JwtVerifier | None = None) -> None:
        self.service = service
        self.jwt = jwt

    def caller(self, authorization: str | None) -> Caller:
        scheme, _, credential = (authorization or "").strip().partition(" ")
        credential = credential.strip()
        if not authorization:
            raise Unauthenticated(
                "authentication required: send an Authorization: Bearer header with an API "
                "token (warmgraph users add) or a single sign-on token"
            )
        if scheme.lower() != "bearer" or not credential:
            raise Unauthenticated("use an Authorization header of the form: Bearer TOKEN")
        if self.jwt is not None and looks_like_jwt(credential):
            identity = self.jwt.verify(credential)
            return self.service.users.caller_for_identity(
                identity.email, identity.role, identity.team
            )
        return self.service.users.caller_for_token(credential)


def _is_ide_page(scope: Scope, headers: Headers) -> bool:
    """A browser's GET of /graphql without a query: the GraphiQL page (or, when GraphiQL is
    off, the message saying so), which holds no data."""
    return (
        scope["method"] == "GET"
        and scope["path"] == "/graphql"
        and "text/html" in headers.get("accept", "")
        and b"query=" not in scope.get("query_string", b"")
    )


class AuthenticationMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        authenticator: Authenticator,
        *,
        open_as: Caller | None = None,
        public_prefixes: Iterable[str] = PUBLIC_PREFIXES,
    ) -> None:
        self.app = app
        self.authenticator = authenticator
        self.open_as = open_as
        self.public = tuple(public_prefixes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no subscriptions are offered; refuse the socket
            await send({"type": "websocket.close", "code": 1008})
            return
        headers = Headers(scope=scope)
        path: str = scope["path"]
        if path.startswith(self.public) or _is_ide_page(scope, headers):
            await self.app(scope, receive, send)
            return
        if self.open_as is not None:
            caller = self.open_as
        else:
            try:
                caller = await run_sync(self.authenticator.caller, headers.get("authorization"))
            except Unauthenticated as exc:
                log.info("unauthenticated request to %s: %s", path, exc.message)
                response = error_response(401, exc.message, UNAUTHENTICATED)
                response.headers["WWW-Authenticate"] = 'Bearer realm="warmgraph"'
                await response(scope, receive, send)
                return
        scope.setdefault("state", {})["caller"] = caller
        await self.app(scope, receive, send)
