"""Shared browser fixtures: the strict build served like GitHub Pages on a free port, and headless Chromium.

Playwright drives the Chromium that scripts/tools/contrib/toolchain.py finds: CHROMIUM_PATH, else Debian's /usr/bin/chromium,
else Playwright's own (`make browser`). Without any, tests/conftest.py turns these tests into one failing line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from scripts.tools.contrib.toolchain import CHROMIUM_ARGS, chromium_path  # one home for which Chromium, and how it is launched
from scripts.tools.quality.site_pages import page_urls
from scripts.tools.quality.static_server import serving


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Base URL ('http://127.0.0.1:PORT/') of the session's strict build, served with gzip on a free port."""
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def all_pages(built_site: Path) -> list[str]:
    """Every built page's address relative to the site root ('' is the home page), found by walking the build."""
    return page_urls(built_site)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Headless Chromium (scripts/tools/contrib/toolchain.py says which), one per test session."""
    b = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser context (light palette, desktop size); closed after the test."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A page in a fresh context."""
    return context.new_page()


# ---- Requests that leave the page's origin (slides, speaker view, offline copy) -------------
# Schemes that never reach the network: inline data, blobs made by the page, blank frames.
LOCAL_SCHEMES = ("data:", "blob:", "about:")


class RequestLog:
    """Every request a browser context makes, to check that none leaves the page's own origin."""

    def __init__(self, context: BrowserContext) -> None:
        self.urls: list[str] = []
        context.on("request", lambda request: self.urls.append(request.url))

    def offsite(self, origin: str) -> list[str]:
        """Requests to anything but `origin` ('http://127.0.0.1:PORT' or 'file://') and local schemes."""
        return [u for u in self.urls if not u.startswith((origin, *LOCAL_SCHEMES))]


def origin_of(url: str) -> str:
    """'http://127.0.0.1:8000/a/b' -> 'http://127.0.0.1:8000/'; any file: URL -> 'file://'."""
    if url.startswith("file:"):
        return "file://"
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}/"
