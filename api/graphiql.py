"""GraphiQL, served only when asked (``warmgraph serve --graphiql``; on in the demo), from
files inside the package, never a CDN, so it works offline.

``api/static/graphiql/`` holds GraphiQL 3.9.0's prebuilt browser bundle and React/ReactDOM
18.3.1's UMD builds, unmodified from their npm packages (``graphiql``, ``react``,
``react-dom``; all MIT, their licences alongside), plus a page, a bootstrap script and a
stylesheet of ours. The page references only ``/graphiql/static/...`` URLs, each carrying a
hash of the file's content, so they are cached for a year and a new version is a new URL.
Its Content-Security-Policy allows scripts, styles and requests from the page's own origin
only.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

#: Where the assets are served.
STATIC_PATH = "/graphiql/static"

#: Every file the page loads, with its content type; nothing else is served.
ASSETS = {
    "react.production.min.js": "text/javascript; charset=utf-8",
    "react-dom.production.min.js": "text/javascript; charset=utf-8",
    "graphiql.min.js": "text/javascript; charset=utf-8",
    "graphiql.min.css": "text/css; charset=utf-8",
    "warmgraph-graphiql.js": "text/javascript; charset=utf-8",
    "warmgraph-graphiql.css": "text/css; charset=utf-8",
}

#: Fonts are data: URIs inside graphiql.min.css; GraphiQL's icons are inline SVG.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)

#: Assets change only with a new content hash in their URL.
IMMUTABLE = "public, max-age=31536000, immutable"

#: What a GET of /graphql from a browser answers when GraphiQL is off.
OFF_MESSAGE = "GraphiQL is off on this server; start it with `warmgraph serve --graphiql`"


def _read(name: str) -> bytes:
    return resources.files("api").joinpath("static", "graphiql", name).read_bytes()


@functools.cache
def asset(name: str) -> tuple[bytes, str]:
    """An asset's bytes and the short content hash its URL carries."""
    data = _read(name)
    return data, hashlib.sha256(data).hexdigest()[:16]


def asset_url(name: str) -> str:
    return f"{STATIC_PATH}/{name}?v={asset(name)[1]}"


@functools.cache
def page_html() -> str:
    html = _read("index.html").decode("utf-8")
    for name in ASSETS:
        html = html.replace("{" + name + "}", asset_url(name))
    return html


def page() -> HTMLResponse:
    """The GraphiQL page (for a browser's GET of /graphql)."""
    return HTMLResponse(
        page_html(),
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "Cache-Control": "no-cache",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


async def _static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in ASSETS:
        raise HTTPException(404)
    data, digest = asset(name)
    return Response(
        data,
        media_type=ASSETS[name],
        headers={
            "Cache-Control": IMMUTABLE,
            "ETag": f'"{digest}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


def routes() -> list[BaseRoute]:
    """The assets' route, to add to the app when GraphiQL is on."""
    return [Route(STATIC_PATH + "/{name}", _static, methods=["GET", "HEAD"])]
