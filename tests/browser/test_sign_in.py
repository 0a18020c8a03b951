"""The explorer's sign-in in a real browser: the token is kept in the tab's session storage
only (never a URL, never local storage), a bad one is refused readably, and a token that
stops working sends the user back to the sign-in box."""

from __future__ import annotations

import pytest

from .conftest import EMAIL, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def sign_in(page, served, token: str | None = None) -> None:
    page.goto(f"{served.base}/explore")
    page.get_by_label("API token").fill(token or served.token)
    page.get_by_role("button", name="Sign in").click()


def test_signing_in_keeps_the_token_in_this_tab_only(page, served):
    page.goto(f"{served.base}/explore")
    assert page.title() == "warmgraph · explorer"
    assert page.locator("#sign-in-view").is_visible()
    assert page.locator("#app-view").is_hidden()
    sign_in(page, served)
    who = page.locator("#who")
    who.wait_for()
    assert EMAIL in who.inner_text() and "Rita Rep" in who.inner_text()
    assert page.locator("#app-view").is_visible()
    # focus moves to the search box: the next thing to type
    assert page.evaluate("document.activeElement.id") == "search-query"
    stored = page.evaluate("[sessionStorage.getItem('warmgraph.token'), localStorage.length]")
    assert stored == [served.token, 0]
    assert served.token not in page.url
    # a reload in the same tab stays signed in; sign out forgets the token
    page.reload()
    page.locator("#who").wait_for()
    page.get_by_role("button", name="Sign out").click()
    assert page.locator("#sign-in-view").is_visible()
    assert page.evaluate("sessionStorage.length") == 0


def test_a_bad_token_is_refused_readably(page, served):
    sign_in(page, served, "not-a-token")
    error = page.locator("#error")
    error.wait_for()
    text = error.inner_text()
    assert text.startswith("That token was not accepted: ")
    assert "(UNAUTHENTICATED)" in text
    assert page.locator("#sign-in-view").is_visible()
    assert page.locator("#app-view").is_hidden()
    assert page.evaluate("sessionStorage.length + localStorage.length") == 0
    screenshot(page, "sign-in-refused")


def test_a_token_that_stops_working_returns_to_sign_in(page, served):
    sign_in(page, served)
    page.locator("#who").wait_for()
    page.evaluate("sessionStorage.setItem('warmgraph.token', 'revoked-meanwhile')")
    page.get_by_label("Search text").fill("tina")
    page.keyboard.press("Enter")
    page.locator("#sign-in-view").wait_for()
    assert "Signed out: " in page.locator("#error").inner_text()
    assert page.locator("#app-view").is_hidden()
    assert page.evaluate("sessionStorage.length") == 0
