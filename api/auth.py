"""Authentication: every request but the health check and the pages (GraphiQL's, the
explorer's, with their static files) needs a valid
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

import ipaddress
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from graph.access import Caller, Role
from graph.errors import BadInput, StoreUnavailable, Unauthenticated
from graph.service import WarmgraphService
from schema import run_sync

from .ratelimit import AddressLimit
from .responses import error_response
from .sso import JwtSettings, JwtVerifier, looks_like_jwt

log = logging.getLogger("warmgraph.api")

UNAUTHENTICATED = "UNAUTHENTICATED"

#: Paths anyone may fetch: the health check and GraphiQL's and the explorer's static files
#: (GraphiQL's page is let through by :func:`_is_ide_page`; the pages' requests carry the
#: user's token like any other).
PUBLIC_PREFIXES = ("/healthz", "/graphiql/static/", "/explore/static/")

#: Exact paths anyone may fetch: the explorer's page, a static shell that holds no data.
PUBLIC_PATHS = frozenset({"/explore"})


#: Who every request acts as under ``serve --no-auth`` (loopback only).
LOCAL_CALLER = Caller("local@localhost", Role.ADMIN, local=True)

#: The variables ``serve --workers`` hands its processes the authentication settings in.
ENVIRONMENT = {
    "no_auth": "WARMGRAPH_NO_AUTH",
    "jwks": "WARMGRAPH_JWT_JWKS",
    "issuer": "WARMGRAPH_JWT_ISSUER",
    "audience": "WARMGRAPH_JWT_AUDIENCE",
}


def is_loopback(host: str) -> bool:
    """Whether ``host`` (as ``serve --host`` takes it) is reachable from this machine only."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class AuthSettings:
    """How ``serve`` authenticates: API tokens always; JWTs too when ``jwt`` is set; or
    nobody at all with ``no_auth`` (refused unless the host is a loopback one)."""

    no_auth: bool = False
    jwt: JwtSettings | None = None

    @classmethod
    def of(
        cls,
        no_auth: bool,
        jwks: str | None = None,
        issuer: str | None = None,
        audience: str | None = None,
    ) -> AuthSettings:
        """BadInput unless the single sign-on options come all together (or not at all)."""
        given = {"--jwt-jwks": jwks, "--jwt-issuer": issuer, "--jwt-audience": audience}
        if any(given.values()) and not all(given.values()):
            missing = ", ".join(name for name, value in given.items() if not value)
            raise BadInput(
                "single sign-on needs --jwt-jwks, --jwt-issuer and --jwt-audience; "
                f"missing {missing}"
            )
        jwt = JwtSettings(jwks, issuer, audience) if jwks and issuer and audience else None
        return cls(no_auth, jwt)

    def check_host(self, host: str) -> None:
        if self.no_auth and not is_loopback(host):
            raise BadInput(
                f"--no-auth is accepted only on a loopback host (127.0.0.1, ::1, localhost), "
                f"not {host}: anyone who can reach the server would act as an admin"
            )

    def environment(self) -> dict[str, str]:
        jwt = self.jwt
        return {
            ENVIRONMENT["no_auth"]: "1" if self.no_auth else "0",
            ENVIRONMENT["jwks"]: jwt.jwks if jwt else "",
            ENVIRONMENT["issuer"]: jwt.issuer if jwt else "",
            ENVIRONMENT["audience"]: jwt.audience if jwt else "",
        }

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AuthSettings:
        env = os.environ if env is None else env
        return cls.of(
            env.get(ENVIRONMENT["no_auth"]) == "1",
            env.get(ENVIRONMENT["jwks"]) or None,
            env.get(ENVIRONMENT["issuer"]) or None,
            env.get(ENVIRONMENT["audience"]) or None,
        )

    def app_options(self) -> dict[str, object]:
        """What ``create_app`` takes for these settings."""
        return {
            "jwt": JwtVerifier(self.jwt) if self.jwt else None,
            "open_as": LOCAL_CALLER if self.no_auth else None,
        }


class Authenticator:
    """Credentials to callers (synchronous: it reads the store)."""

    def __init__(self, service: WarmgraphService, jwt: JwtVerifier | None = None) -> None:
        self.service = service
        self.jwt = jwt
        #: An API token is one indexed read: on the loop when the store reads locally (a
        #: worker-thread hop costs several times the read); a JWT may fetch keys over HTTP.
        self.inline_tokens = service.store.local_reads()

    async def authenticate(self, authorization: str | None) -> Caller:
        """:meth:`caller`, in a worker thread unless it is one local read."""
        credential = (authorization or "").partition(" ")[2].strip()
        if self.inline_tokens and not (self.jwt is not None and looks_like_jwt(credential)):
            return self.caller(authorization)
        return await run_sync(self.caller, authorization)

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
    """Failed attempts count against the client address's allowance (``failure_limit``, the
    rate limit's spec): past it, the address gets HTTP 429 ``RATE_LIMITED`` without its
    credentials being looked up, so tokens cannot be guessed at speed."""

    def __init__(
        self,
        app: ASGIApp,
        authenticator: Authenticator,
        *,
        open_as: Caller | None = None,
        public_prefixes: Iterable[str] = PUBLIC_PREFIXES,
        failure_limit: str | None = None,
    ) -> None:
        self.app = app
        self.authenticator = authenticator
        self.open_as = open_as
        self.public = tuple(public_prefixes)
        self.failures = None if failure_limit is None else AddressLimit(failure_limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no subscriptions are offered; refuse the socket
            await send({"type": "websocket.close", "code": 1008})
            return
        headers = Headers(scope=scope)
        path: str = scope["path"]
        if path.startswith(self.public) or path in PUBLIC_PATHS or _is_ide_page(scope, headers):
            await self.app(scope, receive, send)
            return
        if self.open_as is not None:
            caller = self.open_as
        else:
            if self.failures is not None and (refusal := self.failures.refusal(scope)):
                await refusal(scope, receive, send)
                return
            try:
                caller = await self.authenticator.authenticate(headers.get("authorization"))
            except Unauthenticated as exc:
                log.info("unauthenticated request to %s: %s", path, exc.message)
                if self.failures is not None:
                    self.failures.count(scope)
                response = error_response(401, exc.message, UNAUTHENTICATED)
                response.headers["WWW-Authenticate"] = 'Bearer realm="warmgraph"'
                await response(scope, receive, send)
                return
            except StoreUnavailable as exc:  # the users cannot be read: nobody is let in
                await error_response(503, exc.message, exc.code)(scope, receive, send)
                return
        scope.setdefault("state", {})["caller"] = caller
        await self.app(scope, receive, send)
