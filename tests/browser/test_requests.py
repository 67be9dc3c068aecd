"""No request leaves the site: every built page, loaded in Chromium, asks only its own origin for anything.

The browser records every request of the context (pages and the search worker); anything to another origin
is recorded and then aborted, so a missing network cannot hide it. Pages are found by walking the build.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Request

# Schemes that never reach the network.
LOCAL_SCHEMES = {"data", "blob", "about", "javascript"}


def record_foreign_requests(context: BrowserContext, origin: str) -> tuple[list[str], list[str]]:
    """Start recording on `context`: (every request URL, the ones to another origin); foreign ones are aborted."""
    seen: list[str] = []
    foreign: list[str] = []

    def is_foreign(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme not in LOCAL_SCHEMES and f"{parts.scheme}://{parts.netloc}" != origin

    def on_request(request: Request) -> None:
        seen.append(request.url)
        if is_foreign(request.url):
            foreign.append(request.url)

    context.on("request", on_request)
    # Aborted rather than left to time out, so a missing network cannot slow or hide anything.
    context.route(is_foreign, lambda route: route.abort())
    return seen, foreign


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_the_recorder_catches_a_foreign_request(browser: Browser, site_url: str) -> None:
    """Control: a page that asks another origin for an image is caught, so the real test cannot pass blindly."""
    context = browser.new_context()
    seen, foreign = record_foreign_requests(context, origin_of(site_url))
    page = context.new_page()
    try:
        page.goto(site_url, wait_until="load")
        page.evaluate("() => { const i = new Image(); i.src = 'https://example.org/pixel.png'; document.body.append(i); }")
        page.wait_for_timeout(300)
    finally:
        context.close()
    assert "https://example.org/pixel.png" in foreign
    assert any(url.startswith(site_url) for url in seen)


def test_every_page_requests_only_its_own_origin(browser: Browser, site_url: str, all_pages: list[str]) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    seen, foreign = record_foreign_requests(context, origin_of(site_url))
    page = context.new_page()
    by_page: dict[str, list[str]] = {}
    try:
        for path in all_pages:
            before = len(foreign)
            page.goto(site_url + path, wait_until="load")
            # Scroll to the end so lazily loaded pictures load too, then let late requests finish.
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_load_state("networkidle")
            if len(foreign) > before:
                by_page["/" + path] = foreign[before:]
        # The search worker fetches its index; typing a query exercises it.
        page.goto(site_url, wait_until="load")
        page.locator("input.md-search__input").click()
        page.keyboard.type("model")
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)
    finally:
        context.close()
    assert not by_page, f"requests to other origins: {by_page}"
    # The recording saw what a page really loads (so an empty result means something).
    assert any(url.endswith("search/search_index.json") for url in seen), "search index request not recorded"
    assert any(url.endswith(".css") for url in seen) and any(url.endswith(".js") for url in seen)
