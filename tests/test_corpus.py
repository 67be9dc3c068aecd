"""Corpus tests: every page of the knowledge site exists, is deep enough, cites its sources,
describes itself for search results and link previews, carries its reading aids, and is found
by search under its key terms.

The requirements live in one table, `CORPUS`, one row per page (issue 3's pages 1-11, in
navigation order); every test is parametrised over it, so a page added to the corpus is checked
by adding one row.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from scripts.pipeline import pages
from tests.conftest import ROOT, dataset, parsed

DOCS = ROOT / "docs"
data = dataset()


# ============================================================================
# What each page must satisfy
# ============================================================================


@dataclass(frozen=True)
class Page:
    """The requirements for one page of the corpus."""

    src: str  # path under docs/
    min_words: int = 0  # words of prose, generated blocks and the "Related pages" list excluded
    min_cited: int = 0  # distinct references cited with cite(), the talk itself not counted
    reading_aids: bool = True  # an "In short" box first and a "Related pages" list last
    terms: tuple[str, ...] = ()  # search terms that must find this page

    def __str__(self) -> str:  # readable test ids
        return self.src


CORPUS: tuple[Page, ...] = (
    Page("index.md", min_words=300, terms=("hybrid", "full comparison", "decision aid")),
    Page("about.md", min_words=400, terms=("100 million songs", "Applied Science Manager", "Skyscanner", "discussion points")),
    Page(
        "definitions.md",
        min_words=800,
        min_cited=3,
        terms=("reporting line", "Team Topologies", "platform team", "stream-aligned", "Full Stack Deep Learning"),
    ),
    Page(
        "centralised.md",
        min_words=1200,
        min_cited=3,
        terms=("long-term research", "team spirit", "talent density", "hand-offs", "centre of excellence"),
    ),
    Page("case-amazon-music.md", min_words=600, min_cited=3, terms=("experimentation platform", "Core ML")),
    Page("embedded.md", min_words=1200, min_cited=3, terms=("customer obsession", "long-term research")),
    Page("case-skyscanner.md", min_words=600, min_cited=3, terms=("squad", "tribe", "experimentation")),
    Page(
        "hybrid.md",
        min_words=1200,
        min_cited=3,
        terms=("churn", "rotation", "secondment", "hub-and-spoke", "centre of excellence", "matrix"),
    ),
    Page("comparison.md", min_words=800, min_cited=3, terms=("reporting line", "coordination cost", "churn")),
    Page("compare.md", terms=("side by side", "only the dimensions where they differ")),
    Page("choosing.md", min_cited=3, terms=("signal",)),
    # Reference pages generated from the data file: presence, description and search only.
    Page("glossary.md", terms=("stream-aligned team", "cognitive load", "squad")),
    Page("references.md", terms=("Team Topologies", "Conway")),
)

PLACEHOLDERS = re.compile(r"\bTODO\b|\bTBD\b|\bFIXME\b|lorem|ipsum|being written", re.IGNORECASE)


# ============================================================================
# Reading the sources and the built site
# ============================================================================


def source(page: Page) -> str:
    return (DOCS / page.src).read_text(encoding="utf-8")


def front_matter(markdown: str) -> dict[str, object]:
    """The page's YAML front matter (empty if it has none)."""
    match = re.match(r"\A---\s*\n(.*?)\n---\s*\n", markdown, re.DOTALL)
    if not match:
        return {}
    try:
        return yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:  # MkDocs would drop such front matter silently
        raise AssertionError(f"front matter is not valid YAML: {exc}") from None


def prose_words(markdown: str) -> int:
    """Words a reader reads as prose: no front matter, macro calls, HTML, code, link targets,
    admonition or tab markers, and no "Related pages" list."""
    text = re.sub(r"\A---\s*\n.*?\n---\s*\n", "", markdown, flags=re.DOTALL)
    text = re.split(r"^## Related pages\s*$", text, maxsplit=1, flags=re.MULTILINE)[0]
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.DOTALL)
    text = re.sub(r"^```.*?^```", " ", text, flags=re.DOTALL | re.MULTILINE)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\[\^[^\]]+\]:?", " ", text)  # footnote markers
    text = re.sub(r"\]\([^)]*\)", "]", text)  # keep link text, drop the target
    text = re.sub(r'^\s*(!!!|\?\?\?\+?|===)\s*\S*(\s+"[^"]*")?', " ", text, flags=re.MULTILINE)
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’-]*", text))


def built_path(site: Path, src: str) -> Path:
    return site / pages.page_url(src) / "index.html"


@cache
def _soup(path: Path) -> BeautifulSoup:
    return parsed(path)


def article(site: Path, page: Page) -> Tag:
    """The page's main content, as built."""
    content = _soup(built_path(site, page.src)).select_one("article.md-content__inner")
    assert content is not None, f"{page.src}: no article in the built page"
    return content


@cache
def mkdocs_config() -> dict[str, object]:
    """mkdocs.yml as plain strings and lists (its tags are not needed here)."""
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def flat_nav(items: list[object]) -> list[str]:
    """Source paths of mkdocs.yml's nav, in reading order."""
    out: list[str] = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            out += flat_nav(value)
        elif isinstance(value, str):
            out.append(value)
    return out


def searchable(fragment: str) -> str:
    """Text as the search index sees it: no tags, lower case, hyphens as spaces (the index
    splits words on whitespace and hyphens, so "hub-and-spoke" matches "hub and spoke")."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment)).lower()
    return " ".join(re.sub(r"[\s\-]+", " ", text).split())


def search_text_by_page(site: Path) -> dict[str, str]:
    """{page address: all searchable text of the page (titles and sections)} from the index."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts: dict[str, list[str]] = {}
    for doc in index["docs"]:
        address = doc["location"].split("#", 1)[0]
        texts.setdefault(address, []).append(searchable(doc["title"] + " " + doc["text"]))
    return {address: " ".join(parts) for address, parts in texts.items()}


# ============================================================================
# Presence
# ============================================================================


def test_corpus_pages_are_in_the_nav_in_order() -> None:
    nav = flat_nav(mkdocs_config()["nav"])
    missing = [p.src for p in CORPUS if p.src not in nav]
    assert not missing, f"not in the nav: {missing}"
    positions = [nav.index(p.src) for p in CORPUS]
    assert positions == sorted(positions), f"nav order differs from the corpus order: {[nav[i] for i in positions]}"


@pytest.mark.parametrize("page", CORPUS, ids=str)
def test_page_is_built_and_linked_from_the_nav(built_site: Path, page: Page) -> None:
    assert built_path(built_site, page.src).is_file(), f"{page.src} was not built"
    # Every built page carries the site navigation; read it on one page, as site-root addresses.
    nav = _soup(built_site / "references" / "index.html").select("nav.md-nav--primary a[href]")
    targets = {posixpath.normpath(posixpath.join("references", a["href"].split("#", 1)[0])) for a in nav}
    assert posixpath.normpath(pages.page_url(page.src) or ".") in targets, f"{page.src} missing from the built nav"


# ============================================================================
# Depth: prose and sources
# ============================================================================


@pytest.mark.parametrize("page", [p for p in CORPUS if p.min_words], ids=str)
def test_prose_is_long_enough(page: Page) -> None:
    words = prose_words(source(page))
    assert words >= page.min_words, f"{page.src}: {words} words of prose, needs at least {page.min_words}"


@pytest.mark.parametrize("page", [p for p in CORPUS if p.min_cited], ids=str)
def test_page_cites_enough_distinct_sources(page: Page) -> None:
    cited = set(pages.cited_ids(source(page))) - {"talk"}
    assert len(cited) >= page.min_cited, f"{page.src} cites {sorted(cited)}; needs {page.min_cited} besides the talk"
    unknown = cited - set(data.ids("references"))
    assert not unknown, f"{page.src}: unknown reference ids {sorted(unknown)}"


@pytest.mark.parametrize("page", CORPUS, ids=str)
def test_no_placeholder_text(page: Page) -> None:
    found = PLACEHOLDERS.findall(source(page))
    assert not found, f"{page.src} still has placeholder text: {found}"


# ============================================================================
# Descriptions for search results and link previews
# ============================================================================


@pytest.mark.parametrize("page", CORPUS, ids=str)
def test_description_is_a_real_summary(page: Page) -> None:
    description = front_matter(source(page)).get("description")
    assert isinstance(description, str), f"{page.src} has no front-matter description"
    site_description = " ".join(str(mkdocs_config()["site_description"]).split())
    assert 50 <= len(description) <= 160, f"{page.src}: description is {len(description)} characters, needs 50-160"
    assert description.rstrip()[-1] in ".?!", f"{page.src}: description should be a full sentence"
    assert description != site_description


def test_descriptions_are_unique() -> None:
    descriptions = [front_matter(source(p)).get("description") for p in CORPUS]
    assert len(set(descriptions)) == len(descriptions)


@pytest.mark.parametrize("page", CORPUS, ids=str)
def test_description_is_in_the_built_html(built_site: Path, page: Page) -> None:
    description = front_matter(source(page))["description"]
    head = _soup(built_path(built_site, page.src)).head
    meta = head.find("meta", attrs={"name": "description"})
    assert meta is not None and meta["content"] == description, f"{page.src}: <meta name=description> differs"
    preview = head.find("meta", attrs={"property": "og:description"})
    assert preview is not None and preview["content"] == description, f"{page.src}: og:description differs"


# ============================================================================
# Reading aids: "In short" first, "Related pages" last
# ============================================================================


@pytest.mark.parametrize("page", [p for p in CORPUS if p.reading_aids], ids=str)
def test_in_short_box_follows_the_title(built_site: Path, page: Page) -> None:
    content = article(built_site, page)
    h1 = content.find("h1")
    assert h1 is not None, f"{page.src} has no title heading"
    box = h1.find_next_sibling()
    assert box is not None and box.name == "div" and "admonition" in box.get("class", []), (
        f"{page.src}: the element after the title is not an admonition"
    )
    title = box.select_one(".admonition-title")
    assert title is not None and title.get_text(strip=True) == "In short", f"{page.src}: the first box is not 'In short'"
    assert len(box.get_text(" ", strip=True).split()) >= 25, f"{page.src}: the 'In short' box is too thin"


@pytest.mark.parametrize("page", [p for p in CORPUS if p.reading_aids], ids=str)
def test_related_pages_close_the_page_with_working_links(built_site: Path, page: Page) -> None:
    content = article(built_site, page)
    headings = content.find_all("h2")
    assert headings and headings[-1].get("id") == "related-pages", f"{page.src}: 'Related pages' is not the last section"
    links = headings[-1].find_next_sibling("ul").select("a[href]")
    assert len(links) >= 3, f"{page.src}: fewer than three related pages"
    here = built_path(built_site, page.src).parent
    for link in links:
        href = link["href"].split("#", 1)[0]
        assert not href.startswith(("http:", "https:")), f"{page.src}: related link leaves the site: {href}"
        assert (here / href / "index.html").resolve().is_file(), f"{page.src}: related link is broken: {href}"


# ============================================================================
# Home page entry paths
# ============================================================================


ENTRY_PATHS = {
    "im-deciding-how-to-organise": ("definitions.md", "comparison.md", "choosing.md", "decide.md"),
    "im-at-the-workshop": ("slides.md", "handout.md"),
    "i-want-to-contribute": ("contributing.md",),
}


@pytest.mark.parametrize("heading_id", ENTRY_PATHS)
def test_home_page_entry_paths(built_site: Path, heading_id: str) -> None:
    content = article(built_site, CORPUS[0])
    heading = content.find(id=heading_id)
    assert heading is not None, f"home page has no entry path '{heading_id}'"
    hrefs = set()
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h2", "h3"):
            break
        hrefs |= {a["href"].split("#", 1)[0] for a in sibling.select("a[href]")}
    for src in ENTRY_PATHS[heading_id]:
        assert pages.page_url(src) in hrefs, f"entry path '{heading_id}' does not link to {src}"


# ============================================================================
# Search finds each page by its key terms
# ============================================================================


@pytest.mark.parametrize("page", [p for p in CORPUS if p.terms], ids=str)
def test_search_index_finds_the_page_by_its_key_terms(built_site: Path, page: Page) -> None:
    texts = search_text_by_page(built_site)
    address = pages.page_url(page.src)
    assert address in texts, f"{page.src} is not in the search index"
    missing = [term for term in page.terms if searchable(term) not in texts[address]]
    assert not missing, f"search would not find {page.src} by {missing}"


def test_search_terms_are_not_found_everywhere(built_site: Path) -> None:
    """The search check can fail: a term absent from the site is not found on any page."""
    texts = search_text_by_page(built_site)
    assert not [address for address, text in texts.items() if searchable("quantum annealing roadmap") in text]
    assert [address for address, text in texts.items() if searchable("hub-and-spoke") in text]


def test_word_count_ignores_generated_blocks_and_markup() -> None:
    """The prose counter counts what a reader reads, not macro calls, links or markers."""
    markdown = (
        '---\ntitle: T\ndescription: "x y z"\n---\n\n# One two\n\n!!! abstract "In short"\n    three four\n\n'
        '{{ comparison_table(models=["a", "b"], caption="many words here") }}\n\n'
        "See [five six](other.md) <span>seven</span>.\n\n## Related pages\n\n- [eight](x.md)\n"
    )
    assert prose_words(markdown) == 8
