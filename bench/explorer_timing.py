"""How fast the explorer page loads and draws a hub's network, in Debian's Chromium.

    python -m bench.explorer_timing DB [--hops 2] [--limit 200] [--runs 3]

``DB`` is a loaded SQLite store (``warmgraph generate DIR --people 100000`` then ``warmgraph
load DIR --db DB``). It adds an analyst, serves ``DB`` on a free loopback port, finds the hub
(the person with the most ties among the most influential ten), and for each run opens a fresh
tab at 1280x800: page load (navigation start to the load event), sign-in, then the hub's ego
network chosen from the search results, split into the GraphQL answer (request to parsed
JSON) and the drawing (Cytoscape's elements and layout), as the page records them on its
status line. Prints one line per run and the medians.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from graph.config import Settings
from graph.service import WarmgraphService
from graph.store.factory import open_store

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EMAIL = "explorer-timing@warmgraph.test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def analyst_token(db: Path) -> str:
    store = open_store(Settings(db_path=str(db)))
    try:
        users = WarmgraphService(store).users
        if store.get_user(EMAIL) is None:
            return users.add(EMAIL, "analyst")[1]
        return users.rotate(EMAIL)[1]
    finally:
        store.close()


def wait_healthy(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not become healthy in 300 s")


def hub(base: str, token: str) -> dict[str, Any]:
    response = httpx.post(
        f"{base}/graphql",
        json={"query": "{ topInfluencers(limit: 10) { degree person { id name } } }"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=120,
    )
    scores = response.json()["data"]["topInfluencers"]
    best: dict[str, Any] = max(scores, key=lambda s: s["degree"])
    return {"id": best["person"]["id"], "name": best["person"]["name"], "degree": best["degree"]}


def one_run(
    browser: Any,
    base: str,
    token: str,
    center: dict[str, Any],
    hops: int,
    limit: int,
    screenshot: Path | None = None,
) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{base}/explore")
        load_ms = page.evaluate(
            "() => { const t = performance.getEntriesByType('navigation')[0];"
            " return t.loadEventEnd - t.startTime; }"
        )
        page.get_by_label("API token").fill(token)
        page.get_by_role("button", name="Sign in").click()
        page.locator("#who").wait_for()
        page.select_option("#hops", str(hops))
        page.locator("#limit").fill(str(limit))
        page.get_by_label("Search text").fill(center["name"])
        page.get_by_label("Search text").press("Enter")
        choice = page.locator(f'#results button[data-id="{center["id"]}"]')
        choice.wait_for(timeout=120_000)
        started = time.perf_counter()
        choice.click()
        page.wait_for_function(
            "id => document.getElementById('status').dataset.center === id",
            arg=center["id"],
            timeout=300_000,
        )
        wall_ms = 1000 * (time.perf_counter() - started)
        status = page.locator("#status")
        if screenshot is not None:
            page.screenshot(path=str(screenshot))
        return {
            "load_ms": float(load_ms),
            "fetch_ms": float(status.get_attribute("data-fetch-ms") or 0),
            "draw_ms": float(status.get_attribute("data-draw-ms") or 0),
            "wall_ms": wall_ms,
            "people": int(status.get_attribute("data-people") or 0),
            "links": int(status.get_attribute("data-links") or 0),
        }
    finally:
        context.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("db", type=Path)
    parser.add_argument("--hops", type=int, default=2)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screenshot", type=Path, help="a PNG of the last run's drawing")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    token = analyst_token(args.db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--db", str(args.db), "--port", str(port)]
    )
    try:
        wait_healthy(base, proc)
        center = hub(base, token)
        print(f"hub: {center['name']} ({center['id']}), {center['degree']} ties")
        runs = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            for n in range(args.runs):
                last = n == args.runs - 1
                shot = args.screenshot if last else None
                run = one_run(browser, base, token, center, args.hops, args.limit, shot)
                runs.append(run)
                print(
                    f"run {n + 1}: page load {run['load_ms']:.0f} ms; network of "
                    f"{run['people']} people, {run['links']} links: GraphQL {run['fetch_ms']:.0f}"
                    f" ms, drawing {run['draw_ms']:.0f} ms, click to drawn {run['wall_ms']:.0f} ms"
                )
            browser.close()
        for key in ("load_ms", "fetch_ms", "draw_ms", "wall_ms"):
            print(f"median {key}: {statistics.median(r[key] for r in runs):.0f}")
    finally:
        proc.terminate()
        proc.wait(timeout=60)


if __name__ == "__main__":
    main()
