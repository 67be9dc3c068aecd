"""Links: zero broken internal links and anchors in the built site (scripts/tools/quality/check_links.py), and a control
site that proves the checker finds each kind of break. External links are only listed here; the scheduled
workflow .github/workflows/links.yml fetches them.
"""

from __future__ import annotations

from pathlib import Path

from scripts.pipeline.loader import load
from scripts.tools.quality.check_links import check_site
from tests.conftest import DATA


def test_no_broken_internal_link_or_anchor(built_site: Path) -> None:
    report = check_site(built_site)
    assert report.pages > 10 and report.links > 100
    problems = [f"{link.page}: {link.element} {link.url}: why: {why}" for link, why in report.broken]
    assert not problems, "broken links:\n" + "\n".join(problems)


def test_every_reference_address_is_listed_as_external(built_site: Path) -> None:
    """The external list (what links.yml checks) holds every source's public address."""
    report = check_site(built_site)
    urls = {r.url for r in load(DATA).references if r.url}
    assert urls and urls <= set(report.external), sorted(urls - set(report.external))


def _page(body: str, title: str = "t") -> str:
    return f'<!doctype html><html lang="en"><head><title>{title}</title></head><body>{body}</body></html>'


def test_the_checker_finds_each_kind_of_broken_link(tmp_path: Path) -> None:
    """Control: a small site published under /proj/ with one good and one broken link of each kind."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "x.css").write_text("p { background: url(../img/missing.png) } q { background: url(data:,x) }")
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://ex.org/proj/</loc></url><url><loc>https://ex.org/proj/a/</loc></url>"
        "<url><loc>https://ex.org/proj/gone/</loc></url></urlset>"
    )
    (site / "index.html").write_text(
        _page(
            '<h2 id="here">x</h2>'
            '<a href="a/">ok page</a> <a href="a/#sec">ok anchor</a> <a href="#here">ok local</a>'
            '<a href="b/">missing page</a> <a href="a/#nope">missing anchor</a> <a href="#gone">missing local</a>'
            '<a href="/proj/a/">ok absolute path</a> <a href="/elsewhere/">outside the prefix</a>'
            '<a href="https://ex.org/proj/a/#sec">ok own absolute</a> <a href="https://other.org/">external</a>'
            '<img src="missing.png" alt=""> <img srcset="a/ 1x, nothere.png 2x" alt="">'
            '<a href="mailto:x@ex.org">mail</a> <a href="javascript:void(0)">js</a>'
        )
    )
    (site / "a" / "index.html").write_text(_page('<h2 id="sec">s</h2><a href="../#here">back</a>'))
    (site / "404.html").write_text(_page('<a href="/proj/a/">home</a>'))
    for old, target in (("moved", "../a/"), ("lost", "../gone/")):  # redirect stubs, one pointing nowhere
        (site / old).mkdir()
        (site / old / "index.html").write_text(f'<html><head><meta http-equiv="refresh" content="0; url={target}"></head></html>')

    report = check_site(site)
    broken = sorted((link.page, link.url) for link, _ in report.broken)
    assert broken == sorted(
        [
            ("index.html", "b/"),
            ("index.html", "a/#nope"),
            ("index.html", "#gone"),
            ("index.html", "/elsewhere/"),
            ("index.html", "missing.png"),
            ("index.html", "nothere.png"),
            ("assets/x.css", "../img/missing.png"),
            ("sitemap.xml", "https://ex.org/proj/gone/"),
            ("lost/index.html", "../gone/"),
        ]
    )
    assert list(report.external) == ["https://other.org/"]
