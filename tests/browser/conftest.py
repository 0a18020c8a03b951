"""A real ``warmgraph serve`` process over a copy of the hand-built world (tests/api/world.py),
and Debian's Chromium (``/usr/bin/chromium``, which ``scripts/test`` installs) driven
headless by Playwright: never a browser Playwright downloads.

Screenshots go to ``test-artifacts/explorer/`` (printed at the end of the run); with
``WARMGRAPH_UPDATE_SCREENSHOTS=1`` the README's two (``docs/explorer-*.png``) are rewritten.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.config import Settings
from graph.service import WarmgraphService
from graph.store.factory import open_store
from tests.api.conftest import world_template  # noqa: F401 - the fixture, shared
from tests.cli.test_process import Server, free_port
from tests.conftest import NOW

CHROMIUM = "/usr/bin/chromium"

#: Nothing in a test reaches beyond this machine; no sandbox (root in a container).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "explorer"
README_SCREENSHOTS = ROOT / "docs"

#: Who signs in: an admin whose person in the graph is rep-1 (warm paths start there).
EMAIL = "analyst@warmgraph.test"
ME = "rep-1"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if ARTIFACTS.exists() and any(ARTIFACTS.glob("*.png")):
        terminalreporter.write_line(f"explorer screenshots: {ARTIFACTS}")


@dataclass
class Served:
    base: str
    token: str

    def gql(self, query: str, **variables: Any) -> dict[str, Any]:
        """What the API answers the signed-in user (the page must show the same)."""
        response = httpx.post(
            f"{self.base}/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=60,
        )
        body = response.json()
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data


@pytest.fixture(scope="session")
def served(world_template, tmp_path_factory) -> Iterator[Served]:  # noqa: F811
    """``warmgraph serve`` (a child process, real HTTP) over a copy of the world."""
    folder = tmp_path_factory.mktemp("explorer")
    db = folder / "world.db"
    template: Path = world_template[0]
    for suffix in ("", "-wal"):
        if Path(f"{template}{suffix}").exists():
            shutil.copyfile(f"{template}{suffix}", f"{db}{suffix}")
    store = open_store(Settings(db_path=str(db), now=NOW))
    try:
        _, token = WarmgraphService(store).users.add(EMAIL, "admin", ME)
    finally:
        store.close()
    port = free_port()
    server = Server(
        ["serve", "--db", str(db), "--port", str(port), "--now", NOW.date().isoformat()], folder
    )
    base = f"http://127.0.0.1:{port}"
    try:
        server.wait_healthy(base)
        yield Served(base, token)
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium, for one module's tests: Playwright's synchronous API keeps an event loop
    open in this thread until it stops, which other tests' ``anyio.run`` would refuse."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"the browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium "
            '(./scripts/test does it as root), or deselect them with -m "not browser"'
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(served, browser) -> Iterator[Any]:
    """A fresh tab (its own session storage) at 1280x800, failing the test on any error the
    page's console reports (a refused script or style, an exception)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def console(message: Any) -> None:
        # a refused request (a bad token's 401) is logged as "Failed to load resource"
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console: {message.text}")

    tab.on("console", console)
    try:
        yield tab
    finally:
        context.close()
    assert not problems, problems


def screenshot(page: Any, name: str, readme: str | None = None) -> Path:
    """Saves the page as ``test-artifacts/explorer/NAME.png`` (and, when asked, as the
    README's ``docs/explorer-README.png``)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    if readme and os.environ.get("WARMGRAPH_UPDATE_SCREENSHOTS") == "1":
        README_SCREENSHOTS.mkdir(exist_ok=True)
        shutil.copyfile(path, README_SCREENSHOTS / f"explorer-{readme}.png")
    return path
