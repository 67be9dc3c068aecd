"""SEO basics on every built page: unique title, meta description, canonical URL, Open Graph and Twitter card
tags, `lang`; plus the sitemap, robots.txt and the custom 404 page (also as the server answers a missing address).

Pages are found by walking the build (redirect stubs left out), so new pages are covered without editing this file.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.tools.quality.site_pages import content_pages, url_path
from scripts.tools.quality.static_server import serving
from tests.conftest import ROOT, parsed

_SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
SITE_URL = _SITE_URL.group(1) if _SITE_URL else ""
LANG = "en"
SOCIAL = (
    "og:type",
    "og:site_name",
    "og:title",
    "og:description",
    "og:url",
    "twitter:card",
    "twitter:title",
    "twitter:description",
)


def soup(path: Path) -> BeautifulSoup:
    return parsed(path)


def meta(doc: BeautifulSoup, key: str) -> str | None:
    """The content of <meta name=key> or <meta property=key>."""
    tag = doc.find("meta", attrs={"name": key}) or doc.find("meta", attrs={"property": key})
    return tag.get("content") if tag else None


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, BeautifulSoup]:
    """{address relative to the site: parsed page} for every page of the build."""
    return {url_path(rel): soup(built_site / rel) for rel in content_pages(built_site)}


def test_site_url_is_set() -> None:
    assert SITE_URL.startswith("https://") and SITE_URL.endswith("/")


def test_every_page_has_lang_title_description_and_viewport(pages: dict[str, BeautifulSoup]) -> None:
    problems = []
    for where, doc in pages.items():
        if doc.html.get("lang") != LANG:
            problems.append(f"/{where}: lang={doc.html.get('lang')!r}")
        if not (doc.title and doc.title.get_text(strip=True)):
            problems.append(f"/{where}: no <title>")
        if len((meta(doc, "description") or "").strip()) < 30:
            problems.append(f"/{where}: meta description missing or under 30 characters")
        if "width=device-width" not in (meta(doc, "viewport") or ""):
            problems.append(f"/{where}: no mobile viewport")
    assert not problems, "\n".join(problems)


def test_titles_are_unique(pages: dict[str, BeautifulSoup]) -> None:
    seen: dict[str, str] = {}
    duplicates = []
    for where, doc in pages.items():
        title = doc.title.get_text(strip=True)
        if title in seen:
            duplicates.append(f"'{title}' on /{seen[title]} and /{where}")
        seen[title] = where
    assert not duplicates, duplicates


def test_canonical_and_social_tags(pages: dict[str, BeautifulSoup]) -> None:
    problems = []
    for where, doc in pages.items():
        if where == "404.html":
            continue  # answers for every missing address: no canonical address of its own
        canonical = doc.find("link", rel="canonical")
        expected = SITE_URL + where
        if canonical is None or canonical.get("href") != expected:
            problems.append(f"/{where}: canonical {canonical and canonical.get('href')!r}, expected {expected!r}")
        for key in SOCIAL:
            if not (meta(doc, key) or "").strip():
                problems.append(f"/{where}: no {key}")
        if meta(doc, "og:url") != expected:
            problems.append(f"/{where}: og:url {meta(doc, 'og:url')!r}, expected {expected!r}")
        if meta(doc, "og:description") != meta(doc, "description"):
            problems.append(f"/{where}: og:description differs from the meta description")
    assert not problems, "\n".join(problems)


def test_sitemap_lists_every_page_and_nothing_else(built_site: Path, pages: dict[str, BeautifulSoup]) -> None:
    root = ET.parse(built_site / "sitemap.xml").getroot()
    locs = sorted(el.text or "" for el in root.iter() if el.tag.endswith("loc"))
    assert locs == sorted(SITE_URL + where for where in pages if where != "404.html")


def test_robots_txt_allows_crawling_and_names_the_sitemap(built_site: Path) -> None:
    text = (built_site / "robots.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert "User-agent: *" in lines
    assert not any(line.lower().startswith("disallow: /") and line.strip().lower() != "disallow:" for line in lines)
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines
    assert "{{" not in text and "{#" not in text  # rendered, not copied raw


def test_missing_address_gets_the_custom_404_page(built_site: Path) -> None:
    """Served like GitHub Pages: a missing address answers 404 with our page, whose links work at any depth."""
    with serving(built_site) as base:
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(base + "no/such/page/")
    assert err.value.code == 404
    doc = BeautifulSoup(err.value.read().decode("utf-8"), "html.parser")
    assert doc.find("h1").get_text(strip=True) == "Page not found"
    assert doc.title.get_text(strip=True).startswith("Page not found")
    links = [a["href"] for a in doc.select("article a[href]")]
    prefix = SITE_URL.split("/", 3)[3]  # the site's path on its host, e.g. 'centralised-vs-embedded/'
    assert links and all(href.startswith("/" + prefix) for href in links), links
    # Every page of the navigation is offered.
    assert len(links) > 10
