"""The offline copy (`make offline`): built with Material's offline plugin, zipped, and opened from
the file system (file://) in headless Chromium. Search returns results, navigation follows
index.html links, the deck advances and its speaker view follows it, and nothing is requested
from anywhere but the file system. The search shim is served from the site itself, and it is the
same file as the version pinned in package.json.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, BrowserContext, Page

from scripts.tools.present.offline import build_offline, zip_site
from tests.browser.conftest import RequestLog
from tests.conftest import ROOT

SHIM = "assets/javascripts/vendor/iframe-worker/shim.js"


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline copy, built strictly once per session the way `make offline` builds it."""
    site = build_offline(tmp_path_factory.mktemp("offline"))
    assert site is not None, "the offline build failed"
    return site


@pytest.fixture
def file_context(browser: Browser) -> Iterator[tuple[BrowserContext, RequestLog]]:
    """A fresh context; after the test, every request must have been for a file:// address."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme="light")
    log = RequestLog(context)
    yield context, log
    offsite = log.offsite("file://")
    context.close()
    assert not offsite, f"requests that left the file system: {offsite}"


def open_file(context: BrowserContext, site: Path, page: str) -> Page:
    tab = context.new_page()
    tab.goto((site / page).as_uri(), wait_until="load")
    return tab


# ---- The bundle ------------------------------------------------------------------------------------


def test_offline_zip_holds_the_whole_site_under_one_folder(offline_site: Path) -> None:
    archive = zip_site(offline_site)
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
    top = offline_site.name
    assert all(n.startswith(f"{top}/") for n in names)
    for needed in ("index.html", "slides.html", "handout.html", "search/search_index.js", SHIM):
        assert f"{top}/{needed}" in names, needed
    files = {p.relative_to(offline_site).as_posix() for p in offline_site.rglob("*") if p.is_file()}
    assert names == {f"{top}/{f}" for f in files}


def test_no_page_loads_anything_from_another_origin(offline_site: Path) -> None:
    """Scripts, styles, images, frames and icons of every page point inside the copy."""
    outside = []
    for html in offline_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for el in soup.find_all(tag):
                value = el.get(attr) or ""
                if tag == "link" and not {"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(
                    el.get("rel") or []
                ):
                    continue
                if re.match(r"^(https?:)?//", value):
                    outside.append(f"{html.relative_to(offline_site)}: <{tag} {attr}={value}>")
    assert not outside, "\n".join(outside[:20])


def test_pages_link_to_html_files_not_folders(offline_site: Path) -> None:
    soup = BeautifulSoup((offline_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    nav = [a["href"] for a in soup.select("nav.md-nav--primary a.md-nav__link[href]") if not a["href"].startswith("#")]
    assert nav, "no navigation links found"
    assert all(h.endswith(".html") or ".html#" in h for h in nav), nav


def test_search_shim_is_the_pinned_npm_version(offline_site: Path) -> None:
    served = (offline_site / SHIM).read_text(encoding="utf-8")
    body = re.sub(r"\A/\*.*?\*/\n", "", served, flags=re.DOTALL)
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["iframe-worker"]
    package = ROOT / "node_modules" / "iframe-worker"
    assert json.loads((package / "package.json").read_text(encoding="utf-8"))["version"] == pinned
    assert body == (package / "shim" / "index.js").read_text(encoding="utf-8")
    assert f"iframe-worker {pinned} shim" in served


# ---- In the browser, from file:// --------------------------------------------------------------------


def test_search_returns_results_from_file(offline_site: Path, file_context: tuple[BrowserContext, RequestLog]) -> None:
    context, _ = file_context
    page = open_file(context, offline_site, "index.html")
    assert page.url.startswith("file://")
    page.locator("input.md-search__input").click()
    page.keyboard.type("embedded")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15_000)
    assert results.count() >= 3
    href = page.locator(".md-search-result__link").first.get_attribute("href")
    assert href and ".html" in href, href


def test_navigation_works_from_file(offline_site: Path, file_context: tuple[BrowserContext, RequestLog]) -> None:
    context, _ = file_context
    page = open_file(context, offline_site, "index.html")
    # A link in the home page's text, then one in the navigation sidebar of the page it opens.
    for where in ("article a[href$='.html']:visible", "nav.md-nav--primary a.md-nav__link[href$='.html']:visible"):
        link = page.locator(where).last
        href = link.get_attribute("href")
        assert href and not href.startswith(("http:", "https:")), href
        target = (Path(page.url.removeprefix("file://")).parent / href).resolve()
        link.click()
        page.wait_for_load_state("load")
        assert page.url == target.as_uri()
        assert page.locator("article h1").count() == 1


def test_deck_and_speaker_view_work_from_file(offline_site: Path, file_context: tuple[BrowserContext, RequestLog]) -> None:
    context, _ = file_context
    page = open_file(context, offline_site, "slides.html")
    page.wait_for_selector(".deck.is-ready", state="attached")
    first = page.evaluate("location.hash")
    page.keyboard.press("ArrowRight")
    second = page.evaluate("location.hash")
    assert first != second and second.startswith("#")
    assert page.evaluate("[...document.querySelectorAll('[data-slide-box]')].findIndex(b => b.checkVisibility())") == 1
    with page.expect_popup() as popup:
        page.keyboard.press("s")
    speaker = popup.value
    speaker.wait_for_selector(".deck.is-speaker.is-ready", state="attached")
    count = page.locator("[data-slide]").count()
    speaker.wait_for_function("t => document.querySelector('[data-sp-pos]').textContent === t", arg=f"Slide 2 of {count}")
    page.keyboard.press("ArrowRight")
    speaker.wait_for_function("t => document.querySelector('[data-sp-pos]').textContent === t", arg=f"Slide 3 of {count}")
    speaker.keyboard.press("ArrowLeft")
    page.wait_for_function("h => location.hash === h", arg=second)
