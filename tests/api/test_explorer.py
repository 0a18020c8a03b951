"""The explorer page over HTTP: always served, open without a token (it holds no data), every
asset from the package (no CDN) with long cache lifetimes and a strict CSP; the data it
shows still needs the user's token."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from api import explorer
from api.app import create_app

from .test_http import assert_graphql_error

pytestmark = pytest.mark.anyio

STATIC = Path(explorer.__file__).parent / "static" / "explorer"


@pytest.fixture(params=["sqlite"])
def store_kind(request) -> str:
    """Serving the page does not touch the store: one backend is enough."""
    return str(request.param)


@pytest.fixture
async def anonymous(service):
    transport = httpx.ASGITransport(app=create_app(service))
    async with httpx.AsyncClient(transport=transport, base_url="http://warmgraph.test") as c:
        yield c


def asset_urls(html: str) -> list[str]:
    return re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', html)


async def test_page_and_assets_need_no_token(anonymous):
    response = await anonymous.get("/explore")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "//" not in html.replace("<!--", "").split("-->")[-1]  # no remote URL
    urls = asset_urls(html)
    assert len(urls) == len(explorer.BUNDLE.assets) == 5
    for url in urls:
        assert re.fullmatch(r"/explore/static/[\w.-]+\?v=[0-9a-f]{16}", url), url
        asset = await anonymous.get(url)
        assert asset.status_code == 200, url
        name = url.split("?")[0].rsplit("/", 1)[1]
        expected = "text/css" if name.endswith(".css") else "text/javascript"
        assert asset.headers["content-type"].split(";")[0] == expected
        assert "max-age=31536000" in asset.headers["cache-control"]
        assert asset.headers["x-content-type-options"] == "nosniff"
        assert asset.content == (STATIC / name).read_bytes()


async def test_the_data_still_needs_a_token(anonymous):
    response = await anonymous.post("/graphql", json={"query": "{ me { email } }"})
    assert_graphql_error(response, 401, "UNAUTHENTICATED")
    # only the exact page path is open, not whatever starts with it
    assert (await anonymous.get("/explorer")).status_code == 401


async def test_page_has_a_strict_csp(anonymous):
    response = await anonymous.get("/explore")
    header = response.headers["content-security-policy"]
    policy = dict(part.strip().split(" ", 1) for part in header.split(";"))
    assert policy["default-src"] == "'none'"
    for directive in ("script-src", "style-src", "connect-src"):
        assert policy[directive] == "'self'", directive
    assert policy["frame-ancestors"] == "'none'"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text) is None
    assert "<style" not in response.text and "style=" not in response.text


async def test_our_files_name_no_remote_url_and_keep_the_token_out_of_urls():
    for name in ("explorer.js", "explorer-api.js", "explorer-graph.js", "explorer.css"):
        text = (STATIC / name).read_text()
        assert "http://" not in text and "https://" not in text, name
        assert re.search(r"localStorage\s*[.\[]", text) is None, name
    api = (STATIC / "explorer-api.js").read_text()
    assert "sessionStorage" in api
    assert "location" not in api  # the token never goes into (or comes from) a URL


async def test_the_vendored_library_is_the_recorded_one():
    library = (STATIC / "cytoscape.min.js").read_text()
    assert "Cytoscape Consortium" in library[:300]
    assert "Cytoscape.js 3.35.0" in (explorer.__doc__ or "")
    assert "MIT" in (explorer.__doc__ or "")
    assert "Permission is hereby granted" in (STATIC / "LICENSE.cytoscape").read_text()


async def test_only_the_listed_assets_are_served(anonymous):
    for path in ("LICENSE.cytoscape", "index.html", "..%2Fexplorer.py", "nothing.js"):
        assert_graphql_error(await anonymous.get(f"/explore/static/{path}"), 404, "NOT_FOUND")
