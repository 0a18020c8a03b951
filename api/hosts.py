"""Who may reach the API: which ``Host`` headers are served, and which browser origins.

**Trusted hosts.** A web page can point a name it controls at 127.0.0.1 (DNS rebinding) and
then script requests to a server on the victim's loopback; those requests carry the
attacker's name in ``Host``. :class:`TrustedHostMiddleware` answers only requests whose
``Host`` (without its port) is one of the trusted names: exact names, ``*.example.com`` for
any subdomain, or ``*`` for anything. Others get HTTP 400 with code ``BAD_HOST`` — every path,
``/healthz`` included (the check is cheap, and a health check through a rebound name is as
much a stranger's request as any). Starlette's own middleware answers in plain text and does
not understand IPv6 literals (``[::1]:8000``), hence this one.

**CORS.** :class:`CORSMiddleware` is Starlette's, allowing the configured origins
(``--cors-origin``) to ``GET``/``POST`` with ``Authorization`` and ``Content-Type`` headers,
without cookies, on every path; only its refusal of a preflight (an origin, method or header
not allowed) is reshaped into a GraphQL error saying which and why.

**OPTIONS.** :class:`OptionsMiddleware` answers every ``OPTIONS`` request that CORS did not:
204 with an ``Allow`` header listing the path's methods. It sits before authentication, as
a browser's preflight carries no credentials, and it runs nothing else. Without a configured
origin a preflight gets that 204 and no ``Access-Control-Allow-Origin``: the browser then
refuses the cross-origin request, as it should.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from starlette.datastructures import Headers
from starlette.middleware import cors
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Receive, Scope, Send

from .responses import error_response

BAD_HOST = "BAD_HOST"

#: Always trusted next to the host the server binds: the loopback names.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")

#: Addresses that mean "every interface": nobody sends them as a Host.
WILDCARD_ADDRESSES = frozenset({"0.0.0.0", "::", ""})  # noqa: S104  # recognised, not bound


def default_trusted_hosts(bind_host: str) -> list[str]:
    """The host ``serve`` binds plus the loopback names."""
    return list(dict.fromkeys([bind_host.strip("[]"), *LOOPBACK_HOSTS]))


def host_name(header: str) -> str:
    """``Host`` without its port, lower-cased; IPv6 literals lose their brackets."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else ""
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class TrustedHostMiddleware:
    """Answers only requests whose ``Host`` is one of ``hosts`` (see the module docstring)."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        self.app = app
        names = {host_name(h) if h != "*" else "*" for h in hosts}
        self.any = "*" in names
        self.exact = frozenset(n for n in names if not n.startswith("*"))
        self.suffixes = tuple(n[1:] for n in names if n.startswith("*."))  # ".example.com"

    def allows(self, header: str) -> bool:
        name = host_name(header)
        return self.any or name in self.exact or (bool(name) and name.endswith(self.suffixes))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or self.allows(
            Headers(scope=scope).get("host", "")
        ):
            await self.app(scope, receive, send)
            return
        # The header is not echoed back: it is the caller's input.
        response = error_response(
            400, "this server does not answer for that Host header (see --trusted-host)", BAD_HOST
        )
        await response(scope, receive, send)


#: Why Starlette refused a preflight, by its word for it, as a client is told.
CORS_REFUSALS = {
    "origin": "this origin is not one the server allows (see --cors-origin)",
    "method": "the method is not allowed (GET, POST)",
    "headers": "a requested header is not allowed (Authorization, Content-Type)",
    "private-network": "private network access is not allowed",
}


class CORSMiddleware(cors.CORSMiddleware):
    """Starlette's CORS middleware for ``origins``, refusing preflights in GraphQL JSON."""

    def __init__(self, app: ASGIApp, origins: Sequence[str]) -> None:
        super().__init__(
            app,
            allow_origins=list(origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
            allow_credentials=False,  # tokens travel in Authorization, never in cookies
            max_age=600,
        )

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        text = bytes(response.body).decode()  # "Disallowed CORS origin, method"
        failures = text.removeprefix("Disallowed CORS ").split(", ")
        reasons = [CORS_REFUSALS.get(f, f) for f in failures]
        refused = error_response(400, "cross-origin request refused: " + "; ".join(reasons))
        for name, value in response.headers.items():
            if name.startswith("access-control-") or name == "vary":
                refused.headers[name] = value
        return refused


class OptionsMiddleware:
    """Answers ``OPTIONS`` with 204 and the ``Allow``-ed methods of the path's ``routes``
    (404 for a path no route serves), before authentication (see the module docstring)."""

    def __init__(self, app: ASGIApp, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self.routes = list(routes)

    def allowed(self, scope: Scope) -> list[str]:
        """The methods the routes matching the request's path take, OPTIONS included."""
        methods: set[str] = set()
        for route in self.routes:
            match, _ = route.matches({**scope, "method": "GET"})
            if match is not Match.NONE:  # a mount (static files) has no methods: it reads
                methods |= getattr(route, "methods", None) or {"GET", "HEAD"}
        return sorted(methods | {"OPTIONS"}) if methods else []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS":
            await self.app(scope, receive, send)
            return
        allowed = self.allowed(scope)
        response: Response
        if not allowed:
            response = error_response(404, "not found")
        else:
            response = Response(status_code=204, headers={"Allow": ", ".join(allowed)})
        await response(scope, receive, send)
