"""A folder of browser files inside the package, served under one URL path with
content-hashed URLs, so a page works offline and a new version of a file is a new URL.

A page (an HTML file in the folder) names its assets as ``{file-name}``; :meth:`page_html`
replaces each with ``/path/file-name?v=<hash>``. Only the listed assets are served, each
cached for a year (its URL changes with its content).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from importlib import resources

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

#: Assets change only with a new content hash in their URL.
IMMUTABLE = "public, max-age=31536000, immutable"

JAVASCRIPT = "text/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"


class StaticBundle:
    """The files of ``api/static/<folder>/`` that are ``assets`` (name -> content type),
    served at ``url_path/<name>``."""

    def __init__(self, folder: str, url_path: str, assets: Mapping[str, str]) -> None:
        self.folder = folder
        self.url_path = url_path
        self.assets = dict(assets)

    def read(self, name: str) -> bytes:
        return resources.files("api").joinpath("static", self.folder, name).read_bytes()

    @functools.cache  # noqa: B019 - bundles are module-level constants, never collected
    def asset(self, name: str) -> tuple[bytes, str]:
        """An asset's bytes and the short content hash its URL carries."""
        data = self.read(name)
        return data, hashlib.sha256(data).hexdigest()[:16]

    def url(self, name: str) -> str:
        return f"{self.url_path}/{name}?v={self.asset(name)[1]}"

    @functools.cache  # noqa: B019
    def page_html(self, page: str) -> str:
        """The HTML file ``page`` with every ``{asset}`` replaced by its hashed URL."""
        html = self.read(page).decode("utf-8")
        for name in self.assets:
            html = html.replace("{" + name + "}", self.url(name))
        return html

    def page(self, page: str, content_security_policy: str) -> HTMLResponse:
        return HTMLResponse(
            self.page_html(page),
            headers={
                "Content-Security-Policy": content_security_policy,
                "Cache-Control": "no-cache",
                "X-Content-Type-Options": "nosniff",
                "Referrer-Policy": "no-referrer",
            },
        )

    async def serve(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in self.assets:
            raise HTTPException(404)
        data, digest = self.asset(name)
        return Response(
            data,
            media_type=self.assets[name],
            headers={
                "Cache-Control": IMMUTABLE,
                "ETag": f'"{digest}"',
                "X-Content-Type-Options": "nosniff",
            },
        )

    def route(self) -> BaseRoute:
        return Route(self.url_path + "/{name}", self.serve, methods=["GET", "HEAD"])
