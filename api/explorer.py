"""The explorer page at ``/explore``: search a person, company or community, see its ego
network drawn, the evidence behind each tie, warm paths from the caller, advocate density,
top influencers and a company's open deals with their likelihood.

A static shell, always served and open to anyone: it holds no data. Everything it shows
comes from ``/graphql`` (the public API, nothing private) with the API token the user types
into its sign-in box, which it keeps in the tab's ``sessionStorage`` only (never in a URL,
never in ``localStorage``).

``api/static/explorer/`` holds the page, our script and stylesheet (plain JavaScript, no
build step), and Cytoscape.js 3.35.0 (``dist/cytoscape.min.js`` from the npm package
``cytoscape``, unmodified; MIT, its licence alongside as ``LICENSE.cytoscape``), which draws
the graph. Asset URLs carry a hash of the file's content (cached for a year); the page's
Content-Security-Policy allows scripts, styles and requests from its own origin only.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Route

from .static_bundle import CSS, JAVASCRIPT, StaticBundle

#: The page's path (exact; open to anyone, like its assets under STATIC_PATH).
PAGE_PATH = "/explore"

#: Where the assets are served.
STATIC_PATH = "/explore/static"

#: Every file the page loads, with its content type; nothing else is served.
BUNDLE = StaticBundle(
    "explorer",
    STATIC_PATH,
    {
        "cytoscape.min.js": JAVASCRIPT,
        "explorer-api.js": JAVASCRIPT,
        "explorer-graph.js": JAVASCRIPT,
        "explorer.js": JAVASCRIPT,
        "explorer.css": CSS,
    },
)

#: Cytoscape draws on a canvas; its one stylesheet is in explorer.css (see the page).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)


async def page(request: Request) -> HTMLResponse:
    return BUNDLE.page("index.html", CONTENT_SECURITY_POLICY)


def routes() -> list[BaseRoute]:
    """The page and its assets."""
    return [Route(PAGE_PATH, page, methods=["GET", "HEAD"]), BUNDLE.route()]
