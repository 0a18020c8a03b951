"""GraphiQL: off unless asked; when on, a page whose every asset is served from the package
(no CDN), with the right content types, long cache lifetimes and a strict CSP."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from api import graphiql
from api.app import create_app
from tests.api.conftest import bearer

from .test_http import assert_graphql_error

pytestmark = pytest.mark.anyio

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
STATIC = Path(graphiql.__file__).parent / "static" / "graphiql"


@pytest.fixture(params=["sqlite"])
def store_kind(request) -> str:
    """Serving GraphiQL does not touch the store: one backend is enough."""
    return str(request.param)


@pytest.fixture
async def ide(service, token) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(service, graphiql=True))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://warmgraph.test", headers=bearer(token)
    ) as c:
        yield c


def asset_urls(html: str) -> list[str]:
    return re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', html)


async def test_off_by_default(client):
    response = await client.get("/graphql", headers=BROWSER)
    message = assert_graphql_error(response, 404, "NOT_FOUND")
    assert "--graphiql" in message
    for name in graphiql.ASSETS:
        assert_graphql_error(await client.get(f"/graphiql/static/{name}"), 404, "NOT_FOUND")
    # queries over GET and POST are unaffected
    answer = await client.get("/graphql", params={"query": "{ __typename }"})
    assert answer.json() == {"data": {"__typename": "Query"}}


async def test_page_loads_local_assets_only(ide):
    response = await ide.get("/graphql", headers=BROWSER)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "http://" not in html and "https://" not in html and "//" not in html
    urls = asset_urls(html)
    assert len(urls) == len(graphiql.ASSETS) == 6
    for url in urls:
        assert url.startswith("/graphiql/static/"), url
        asset = await ide.get(url)
        assert asset.status_code == 200, url
        name = url.split("?")[0].rsplit("/", 1)[1]
        expected = "text/css" if name.endswith(".css") else "text/javascript"
        assert asset.headers["content-type"].split(";")[0] == expected, url
        assert "max-age=31536000" in asset.headers["cache-control"]
        assert asset.headers["x-content-type-options"] == "nosniff"
        assert asset.content == (STATIC / name).read_bytes()
    # the URLs carry the content's hash, so a new version is a new URL
    assert all(re.search(r"\?v=[0-9a-f]{16}$", url) for url in urls)


async def test_page_has_a_strict_csp(ide):
    response = await ide.get("/graphql", headers=BROWSER)
    header = response.headers["content-security-policy"]
    policy = dict(part.strip().split(" ", 1) for part in header.split(";"))
    assert policy["default-src"] == "'none'"
    for directive in ("script-src", "style-src", "connect-src"):
        assert policy[directive] == "'self'", directive
    # no inline script or style in the page: the bootstrap is a file of ours
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text) is None
    assert "<style" not in response.text and "style=" not in response.text


async def test_our_bootstrap_names_no_remote_url():
    for name in ("warmgraph-graphiql.js", "warmgraph-graphiql.css", "index.html"):
        text = (STATIC / name).read_text()
        assert "http://" not in text and "https://" not in text, name


async def test_only_the_listed_assets_are_served(ide):
    for path in ("LICENSE.react", "index.html", "..%2Fapp.py", "nothing.js"):
        assert_graphql_error(await ide.get(f"/graphiql/static/{path}"), 404, "NOT_FOUND")


async def test_graphql_still_answers_with_graphiql_on(ide):
    response = await ide.post("/graphql", json={"query": "{ __typename }"})
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_workers_serve_graphiql_only_when_asked(monkeypatch, tmp_path):
    """``serve --workers N --graphiql``: the choice reaches every worker's app."""
    import uvicorn

    from api import workers
    from graph.config import Settings

    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)
    monkeypatch.setattr(workers, "make_ready", lambda service: service)
    settings = Settings(db_path=str(tmp_path / "w.db"))
    for name in (*workers.settings_environment(settings), workers.GRAPHIQL_ENV):
        monkeypatch.delenv(name, raising=False)  # whatever serve_workers exports is undone
    for name in workers.ACCESS_ENVIRONMENT:
        monkeypatch.setenv(name, "")  # recorded, so the test's end restores what was there
    for on in (True, False):
        workers.serve_workers(settings, "127.0.0.1", 0, 2, graphiql=on)
        app = workers.app_from_environment()
        async with app.router.lifespan_context(app):  # closes the worker's store
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://w.test") as c:
                response = await c.get("/graphql", headers=BROWSER)
        assert response.status_code == (200 if on else 404)
