"""Parity of the two engines: the site built by MkDocs and by Zensical, from the same sources.

Both builds must have the same pages, redirects, downloads and page metadata; every generated block,
found by the classes and ids the renderers give it (BLOCKS), must have the same text, the same link
targets (resolved to where they land) and the same accessible names in both. The theme's own markup
may differ; what differs in the files of the two builds is listed in THEME_DIFFERENCES, with why, and
the test fails on a difference that is not listed (and on a listed one that no longer occurs).

Zensical runs from its own environment (.venv-zensical, `make test` installs it); without it the tests
fail with one line saying how to install it.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from scripts.tools.quality import site_pages
from scripts.tools.quality.check_links import check_site
from tests.conftest import ROOT, run

# Two full builds: in `make test` (CI), not in the fast `make check` (pytest.ini).
pytestmark = pytest.mark.engines

ZENSICAL_PYTHON = Path(os.environ.get("ZENSICAL_PYTHON", ROOT / ".venv-zensical" / "bin" / "python"))

# Every kind of generated block, by the selector its renderer's markup gives it. Each must occur in the
# site (a selector that matches nothing would prove nothing).
BLOCKS: dict[str, str] = {
    "comparison tables": "table.cmp",
    "model summaries": ".model-card",
    "strengths and weaknesses": ".sw",
    "case study facts": ".case-facts",
    "mechanisms": "table.mech",
    "org charts": "figure.orgchart",
    "heat map": ".heatmap",
    "decision aid": "#decide",
    "decision aid data": "script#decide-data",
    "citations": "sup.cite",
    "reference list": "ol.references",
    "reference digest": ".ref-digest",
    "glossary": "dl.glossary",
    "glossary terms in prose": "abbr[title]",
    "deck title": ".deck-title",
    "QR code": ".qr-code",
    "downloads": "ul.downloads",
    "data file reference": ".sref",
}

# Files that only one of the builds has: the theme's own assets and formats (names are content hashes).
THEME_DIFFERENCES: dict[str, tuple[str, str]] = {
    # pattern: (only in, why)
    "assets/javascripts/bundle.*.min.js": ("both", "each theme's own script, named by its hash"),
    "assets/javascripts/bundle.*.min.js.map": ("mkdocs", "Material ships source maps; Zensical does not"),
    "assets/javascripts/workers/search.*.min.js": ("both", "each theme's search worker"),
    "assets/javascripts/workers/search.*.min.js.map": ("mkdocs", "source map"),
    "assets/javascripts/lunr/*": ("mkdocs", "Material's search runs on lunr.js; Zensical's has its own engine"),
    "assets/javascripts/LICENSE": ("zensical", "Zensical ships its script's licence notice"),
    "assets/stylesheets/main.*.min.css*": ("mkdocs", "Material's style sheet (and its map)"),
    "assets/stylesheets/palette.*.min.css*": ("mkdocs", "Material's colour palettes (and their map)"),
    "assets/stylesheets/classic/*.min.css": ("zensical", "Zensical's 'classic' variant: Material's look"),
    "assets/stylesheets/modern/*.min.css": ("zensical", "Zensical's 'modern' variant, shipped but not loaded"),
    "search/search_index.json": ("mkdocs", "Material's search index"),
    "search.json": ("zensical", "Zensical's search index, another format"),
    "redirect.json": ("zensical", "Zensical's list of redirects (the redirect pages are in both builds)"),
    ".zensical-build": ("zensical", "marker: the folder was made by scripts/engines/zensical.py"),
    ".organisation-models-site": ("mkdocs", "marker: the folder was made by the MkDocs build (scripts/pipeline/output.py)"),
}


def _zensical_ready() -> None:
    """Fail (not skip) with one line when the Zensical environment is missing."""
    if not ZENSICAL_PYTHON.is_file() or run([str(ZENSICAL_PYTHON), "-c", "import zensical"], cwd=ROOT).returncode:
        pytest.fail(
            f"Zensical is not installed at {ZENSICAL_PYTHON}: run `make .venv-zensical/.installed` "
            "(`make test` does it first), or set ZENSICAL_PYTHON",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def zensical_site() -> Iterator[Path]:
    """The real project built by `python -m scripts.engines.zensical` (strict), once per session."""
    _zensical_ready()
    (ROOT / "build").mkdir(exist_ok=True)
    # Zensical writes only inside the project, so the throw-away folder is under build/.
    holder = Path(tempfile.mkdtemp(prefix=".parity-", dir=ROOT / "build"))
    out = holder / "zensical-site"
    try:
        result = run([str(ZENSICAL_PYTHON), "-m", "scripts.engines.zensical", "--out", str(out)], cwd=ROOT)
        assert result.returncode == 0, result.stdout + result.stderr
        yield out
    finally:
        shutil.rmtree(holder, ignore_errors=True)


@pytest.fixture(scope="session")
def sites(built_site: Path, zensical_site: Path) -> tuple[Path, Path]:
    return built_site, zensical_site


# ---- Reading the pages ----------------------------------------------------------------------------


def soup(site: Path, rel: Path) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def page_address(rel: Path) -> str:
    """'/about/' for about/index.html: where the page answers, to resolve its relative links against."""
    return "/" + site_pages.url_path(rel)


def resolve(base: str, url: str) -> str:
    """A link as the place it lands (path and fragment), so '../x/' and '.././x/' compare equal.

    A '..' that climbs above the site's root is kept ('/../x/'), not dropped as a browser would: such a
    link works only where the site is served at the domain's root, so it must not pass for '/x/'.
    """
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return url
    path = parts.path or base
    joined = path if path.startswith("/") else base.rsplit("/", 1)[0] + "/" + path
    stack: list[str] = []
    for part in joined.split("/"):
        if part == ".." and stack and stack[-1] != "..":
            stack.pop()
        elif part not in ("", "."):
            stack.append(part)
    folder = joined.endswith(("/", "/.", "/..")) and bool(stack)
    return "/" + "/".join(stack) + ("/" if folder else "") + ("#" + parts.fragment if parts.fragment else "")


def text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def fingerprint(node: Tag, base: str) -> dict[str, object]:
    """What a reader gets from a block: its text, where its links go, its accessible names, its picture data."""
    links = [resolve(base, a["href"]) for a in node.select("[href]")]
    if node.has_attr("href"):
        links.insert(0, resolve(base, node["href"]))
    names = [
        (el.name, attr, el[attr])
        for el in [node, *node.find_all(True)]
        for attr in ("title", "aria-label", "alt")
        if el.has_attr(attr)
    ]
    paths = [el.get("d", "") for el in node.select("path")]
    out: dict[str, object] = {"text": text(node), "links": links, "names": names, "svg paths": paths}
    if node.name == "script":
        out["json"] = _json_links(json.loads(node.string or "null"), base)
    return out


def _json_links(value: object, base: str) -> object:
    """JSON data with every 'href' resolved (the decision aid's links to the pages about each model)."""
    if isinstance(value, dict):
        return {k: resolve(base, v) if k == "href" and isinstance(v, str) else _json_links(v, base) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_links(v, base) for v in value]
    return value


def main_text(page: BeautifulSoup) -> str:
    """The page's own content: the article (both themes use Material's markup for it), or the slide deck."""
    main = page.select_one("article.md-content__inner") or page.select_one("[data-deck]")
    assert main is not None, "no article and no deck"
    return text(main)


# ---- The tests --------------------------------------------------------------------------------------


def test_same_pages_and_redirects(sites: tuple[Path, Path]) -> None:
    mk, zs = sites
    assert site_pages.content_pages(zs) == site_pages.content_pages(mk)
    stubs = site_pages.redirect_stubs(mk)
    assert stubs, "the site has a redirect (mkdocs.yml, redirects): its stub must be in both builds"
    assert site_pages.redirect_stubs(zs) == stubs
    for rel in stubs:
        targets = [
            [
                resolve(page_address(rel), m["content"].split("url=", 1)[1])
                for m in soup(site, rel).select("meta[http-equiv=refresh]")
            ]
            for site in (mk, zs)
        ]
        assert targets[0] == targets[1], rel


def test_same_metadata_on_every_page(sites: tuple[Path, Path]) -> None:
    """Title, description, canonical address, link previews: what search engines and link previews read."""
    mk, zs = sites

    def head(page: BeautifulSoup) -> list[tuple[str, str]]:
        tags = [("title", page.title.get_text() if page.title else "")]
        tags += [
            (m.get("name") or m.get("property"), m.get("content", ""))
            for m in page.select("head meta[name], head meta[property]")
        ]
        tags += [("canonical", link.get("href", "")) for link in page.select("head link[rel=canonical]")]
        return [t for t in tags if t[0] != "generator"]  # names the engine, so it differs by design

    for rel in site_pages.content_pages(mk):
        assert head(soup(zs, rel)) == head(soup(mk, rel)), rel


def test_every_generated_block_is_the_same_in_both(sites: tuple[Path, Path]) -> None:
    mk, zs = sites
    found = dict.fromkeys(BLOCKS, 0)
    for rel in site_pages.content_pages(mk):
        pages = soup(mk, rel), soup(zs, rel)
        base = page_address(rel)
        for kind, selector in BLOCKS.items():
            blocks = [[fingerprint(node, base) for node in page.select(selector)] for page in pages]
            assert len(blocks[1]) == len(blocks[0]), f"{rel}: {kind}: {len(blocks[0])} in MkDocs, {len(blocks[1])} in Zensical"
            for i, (one, other) in enumerate(zip(*blocks, strict=True)):
                assert other == one, f"{rel}: {kind} #{i + 1} differs"
            found[kind] += len(blocks[0])
    assert all(found.values()), f"selectors that match nothing on any page: {[k for k, n in found.items() if not n]}"


def test_the_text_of_every_page_is_the_same(sites: tuple[Path, Path]) -> None:
    """All of each page's content, generated or written, including the last-updated date."""
    mk, zs = sites
    for rel in site_pages.content_pages(mk):
        assert main_text(soup(zs, rel)) == main_text(soup(mk, rel)), rel
    dates = [soup(site, Path("index.html")).select(".md-source-file__fact") for site in sites]
    assert dates[0] and [text(d) for d in dates[1]] == [text(d) for d in dates[0]], "last-updated date"


def test_edit_links_point_at_the_same_files(sites: tuple[Path, Path]) -> None:
    """Edit and view links, including pages shown from a repository file (source_file: CONTRIBUTING.md)."""
    mk, zs = sites
    for rel in site_pages.content_pages(mk):
        links = [[a["href"] for a in soup(site, rel).select("a.md-content__button[href]")] for site in sites]
        assert links[1] == links[0], rel
    contributing = [a["href"] for a in soup(zs, Path("contributing/index.html")).select("a.md-content__button")]
    assert contributing and all(href.endswith("/CONTRIBUTING.md") for href in contributing)


def test_same_downloads_and_static_files(sites: tuple[Path, Path]) -> None:
    """The files made at build time (data file as JSON, BibTeX), robots.txt, our minified CSS and JS."""
    mk, zs = sites
    ours = [p.relative_to(mk) for p in (mk / "data").rglob("*") if p.is_file()]
    ours += [
        p.relative_to(mk) for p in (mk / "assets").rglob("*") if p.suffix in {".css", ".js"} and "stylesheets/main." not in str(p)
    ]
    ours += [Path("robots.txt")]
    ours = [rel for rel in ours if not _listed(rel.as_posix())]
    assert len(ours) > 5
    for rel in ours:
        assert (zs / rel).read_bytes() == (mk / rel).read_bytes(), rel
    sitemaps = [re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8")) for site in sites]
    # The same addresses; the order is each engine's own (MkDocs: the page tree, Zensical: file paths).
    assert sitemaps[0] and len(set(sitemaps[0])) == len(sitemaps[0])
    assert sorted(sitemaps[1]) == sorted(sitemaps[0])


def test_the_zensical_build_is_valid_html(zensical_site: Path) -> None:
    """The same html-validate rules as the MkDocs build (tests/test_html_valid.py), on every page."""
    from tests.test_html_valid import html_validate  # noqa: PLC0415

    pages = [zensical_site / rel for rel in site_pages.html_files(zensical_site)]
    assert len(pages) > 10
    problems = [
        f"{Path(f['filePath']).name}:{m['line']}:{m['column']}: {m['message']} [{m['ruleId']}]"
        for f in html_validate(pages)
        for m in f["messages"]
        if m["severity"] >= 2
    ]
    assert not problems, problems[:30]


def test_no_broken_link_in_the_zensical_build(zensical_site: Path) -> None:
    report = check_site(zensical_site)
    assert report.pages > 10
    assert not report.broken, [f"{link.page}: {link.url}: {why}" for link, why in report.broken]


def _listed(rel: str) -> str:
    return next((pattern for pattern in THEME_DIFFERENCES if fnmatch.fnmatch(rel, pattern)), "")


def test_files_in_one_build_only_are_the_listed_theme_differences(sites: tuple[Path, Path]) -> None:
    mk, zs = sites
    files = [{p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()} for site in sites]
    unlisted = sorted(rel for rel in files[0] ^ files[1] if not _listed(rel))
    assert not unlisted, f"in one build only and not in THEME_DIFFERENCES: {unlisted}"
    for pattern, (where, _why) in THEME_DIFFERENCES.items():
        hits = [[rel for rel in names if fnmatch.fnmatch(rel, pattern)] for names in files]
        expected = {"mkdocs": (True, False), "zensical": (False, True), "both": (True, True)}[where]
        assert (bool(hits[0]), bool(hits[1])) == expected, f"THEME_DIFFERENCES['{pattern}'] no longer holds: {where}"


def test_zensical_build_refuses_source_folders() -> None:
    """The output folder is never a source folder, the repository, or a folder the command did not make."""
    _zensical_ready()
    for out in ("docs", ".", "scripts/out", "overrides", ".."):
        result = run([str(ZENSICAL_PYTHON), "-m", "scripts.engines.zensical", "--out", out], cwd=ROOT)
        assert result.returncode == 2, (out, result.stdout, result.stderr)
        assert "Build not started" in result.stderr
        assert "Traceback" not in result.stderr
    assert (ROOT / "docs" / "index.md").is_file()
    foreign = Path(tempfile.mkdtemp(prefix=".parity-foreign-", dir=ROOT / "build"))
    try:
        (foreign / "keep.txt").write_text("not a site", encoding="utf-8")
        result = run([str(ZENSICAL_PYTHON), "-m", "scripts.engines.zensical", "--out", str(foreign)], cwd=ROOT)
        assert result.returncode == 2 and "was not made by this command" in result.stderr
        assert (foreign / "keep.txt").read_text(encoding="utf-8") == "not a site"
    finally:
        shutil.rmtree(foreign)


def test_zensical_build_reports_a_macro_error_in_one_line(project_copy: Path) -> None:
    """A typo in a page's macro call stops the Zensical build with the macro's message, no traceback."""
    _zensical_ready()
    page = project_copy / "docs" / "glossary.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + '\n{{ cite("no-such-source") }}\n', encoding="utf-8")
    line = original.count("\n") + 2
    result = subprocess.run(
        [str(ZENSICAL_PYTHON), "-m", "scripts.engines.zensical", "--out", str(project_copy / "build" / "z")],
        cwd=project_copy,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(project_copy)},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"Zensical build failed: docs/glossary.md:{line}: MacroError: 'no-such-source' in cite(...)"), (
        result.stderr
    )
    assert "no-such-source" in first and "Traceback" not in result.stderr, result.stderr
    assert not (project_copy / "build" / "z").exists()


def test_relative_url_gives_mkdocs_answers() -> None:
    """scripts.pipeline.pages.relative_url replaced mkdocs.utils.get_relative_url in the macros: the same answer for every pair."""
    from itertools import product  # noqa: PLC0415

    from mkdocs.utils import get_relative_url  # noqa: PLC0415

    from scripts.pipeline.pages import relative_url  # noqa: PLC0415

    paths = ["", ".", "./", "a", "a/", "a/b/", "a/../c/", "../x/", "references/", "404.html", "a/b/index.html", "x.y/z/"]
    for url, other in product([*paths, "references/#ref-talk", "assets/javascripts/decide.js"], paths):
        assert relative_url(url, other) == get_relative_url(url, other), (url, other)
