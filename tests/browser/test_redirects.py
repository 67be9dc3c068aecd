"""A reader who follows the old address of a moved page lands on the page at its new address."""

from __future__ import annotations

from playwright.sync_api import Page
from ruamel.yaml import YAML

from scripts.pipeline import pages
from tests.conftest import ROOT

CONFIG = YAML(typ="rt").load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
REDIRECTS = next(p["redirects"]["redirect_maps"] for p in CONFIG["plugins"] if isinstance(p, dict) and "redirects" in p)


def test_old_addresses_land_on_the_new_pages_with_their_anchor(page: Page, site_url: str) -> None:
    assert REDIRECTS, "mkdocs.yml lists no redirect"
    for old, new in REDIRECTS.items():
        page.goto(site_url + pages.page_url(new))
        title = page.locator("article h1").first.inner_text()
        anchor = page.locator("article h2[id]").first.get_attribute("id")
        page.goto(f"{site_url}{pages.page_url(old)}#{anchor}")
        page.wait_for_url(f"{site_url}{pages.page_url(new)}#{anchor}", timeout=5000)
        assert page.locator("article h1").first.inner_text() == title
