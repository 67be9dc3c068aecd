"""Accessibility: axe-core (npm, pinned in package.json) finds zero violations on every built page, in the
light and in the dark palette, plus the interactive states a reader reaches (search open with results).

Every axe rule that is on by default runs (WCAG 2.0/2.1 A and AA plus axe's best practices), plus the ones
Lighthouse switches on (WCAG 2.2 target size among them), so a pass here predicts Lighthouse's accessibility
audit; none is disabled. Pages are found by walking the build, so new pages are covered without touching this
file. Each palette is checked at desktop width, and the light one also at phone width (the layout changes).
The interactive states use the same runner (`axe_violations`) in their own tests: the slides' speaker view and
overview (test_slides.py) and the decision aid with a result (test_decide.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The palette Material shows when the reader's system prefers light or dark (mkdocs.yml, theme.palette).
SCHEMES = {"light": "default", "dark": "slate"}

# Rules off by default in axe that Lighthouse 12 switches on; we run them too.
EXTRA_RULES = (
    "target-size",
    "identical-links-same-purpose",
    "label-content-name-mismatch",
    "table-fake-caption",
    "td-has-header",
    "p-as-heading",
    "aria-text",
)
# (colour scheme the browser prefers, viewport width, phone emulation) per view checked.
VIEWS = {"light": ("light", 1280, False), "dark": ("dark", 1280, False), "phone": ("light", 412, True)}

# Runs axe on the whole document; returns each violation with up to 6 offending nodes, readable in a failure.
RUN_AXE = """async (extra) => {
  const rules = Object.fromEntries(extra.map(id => [id, {enabled: true}]));
  const result = await axe.run(document, {resultTypes: ["violations"], rules});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 6).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 220)),
  }));
}"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now, every block drawn.

    Long blocks are left undrawn while off screen (`content-visibility: auto` in site.css); axe measures
    target sizes and contrast from the layout, which an undrawn block does not have. So the audit draws
    them all, as the browser does for each one a reader scrolls to.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
        page.add_style_tag(content="* { content-visibility: visible !important; }")
    return page.evaluate(RUN_AXE, list(EXTRA_RULES))


# Only the contrast rule, on the page as it loads: nothing drawn that the reader has not scrolled to.
RUN_CONTRAST = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"], runOnly: {type: "rule", values: ["color-contrast"]}});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 6).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 220)),
  }));
}"""


def describe(found: dict[str, list[dict[str, Any]]]) -> str:
    """One block per page: rule id, impact, help text, and the offending nodes."""
    lines = []
    for where, violations in found.items():
        for v in violations:
            lines.append(f"{where}: {v['id']} ({v['impact']}): {v['help']}")
            lines.extend(f"    {node}" for node in v["nodes"])
    return "\n".join(lines)


def test_axe_core_is_installed() -> None:
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` (make test does)"


def test_axe_reports_a_known_violation(browser: Browser, site_url: str) -> None:
    """Control: the same runner flags broken markup added to a real page, so a clean result means something."""
    context, page = open_view(browser, "light")
    try:
        page.goto(site_url, wait_until="load")
        page.evaluate("""() => document.querySelector("article").insertAdjacentHTML("beforeend",
            '<img src="data:,"><button></button><p><a href="#">x</a><a href="#">y</a></p>')""")
        ids = {v["id"] for v in axe_violations(page)}
    finally:
        context.close()
    assert {"image-alt", "button-name"} <= ids, ids


def open_view(browser: Browser, view: str) -> tuple[BrowserContext, Page]:
    """A fresh context and page for one view: its preferred colour scheme and its viewport."""
    scheme, width, phone = VIEWS[view]
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme=scheme,
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=2 if phone else 1,
    )
    return context, context.new_page()


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_page_has_no_axe_violations(browser: Browser, site_url: str, all_pages: list[str], view: str) -> None:
    context, page = open_view(browser, view)
    scheme = VIEWS[view][0]
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        for path in all_pages:
            page.goto(site_url + path, wait_until="load")
            # The palette really is the one under test (Material sets it from the colour-scheme media query).
            assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme], path
            violations = axe_violations(page)
            if violations:
                found[f"/{path} [{view}]"] = violations
    finally:
        context.close()
    assert not found, "axe-core violations:\n" + describe(found)


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_search_with_results_has_no_axe_violations(browser: Browser, site_url: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(site_url, wait_until="load")
        # The list as the reader reads it: once its fade-in is over (a result caught mid-fade has
        # half its colour) and the results of the last keystroke have replaced the earlier ones.
        page.add_style_tag(content="* { transition: none !important; animation: none !important; }")
        page.locator("input.md-search__input").click()
        page.keyboard.type("embedded")
        page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=10_000)
        page.wait_for_function(
            """() => new Promise((done) => {
                 const list = document.querySelector('.md-search-result__list');
                 const before = list ? list.innerHTML : '';
                 setTimeout(() => done(list && list.innerHTML === before && list.children.length > 0), 400);
               })""",
            timeout=10_000,
        )
        violations = axe_violations(page)
    finally:
        context.close()
    assert not violations, "axe-core violations with search open:\n" + describe({f"search [{scheme}]": violations})


def test_page_list_covers_every_markdown_page(all_pages: list[str]) -> None:
    """The walk of the build finds a page for every Markdown source, so no page escapes the checks."""
    from scripts.pipeline.pages import page_url

    docs = ROOT / "docs"
    sources = [page_url(p.relative_to(docs).as_posix()) for p in docs.rglob("*.md")]
    missing = sorted(set(sources) - set(all_pages))
    assert not missing, missing
    assert "404.html" in all_pages


def test_contrast_as_lighthouse_measures_it_with_long_blocks_not_yet_drawn(
    browser: Browser, site_url: str, all_pages: list[str]
) -> None:
    """Lighthouse runs axe on a phone-sized page just loaded, with the long blocks below the screen still
    undrawn (`content-visibility: auto`). axe then reads their content at places it does not occupy and can
    report text against the wrong background (axe-core issue 2768). Each such block clips what it holds
    (site.css, "Long pages"), so the contrast rule passes here too, as it does with every block drawn."""
    context, page = open_view(browser, "phone")
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        for path in all_pages:
            page.goto(site_url + path, wait_until="load")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(RUN_CONTRAST)
            if violations:
                found[f"/{path} [phone, as loaded]"] = violations
    finally:
        context.close()
    assert not found, "colour contrast as Lighthouse measures it:\n" + describe(found)
