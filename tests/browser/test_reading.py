"""The reading experience in the browser, at 1280x800 and 360x740, light and dark, on every page.

One page load per page, size and palette, and everything measured in one evaluate:
- navigation: every top-level section of the site is reachable from a visible link (the tabs on a
  wide screen; the menu on a phone, which lists the whole site);
- nothing in the article is wider than the screen unless it sits in a box that scrolls sideways,
  and where such a box holds a table, its header row and first column stay in view (sticky);
- the first screen: the title in full contrast, bold; the "In short" box at body size or larger.
Then the interactive pieces: the compare view's address round-trips, the decision aid shows the
leading model on a phone after one answer, and search lands each key term on its explanatory page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page

from scripts.pipeline.loader import DATA_FILE, SCHEMA_FILE, load_with_plain

DATA = load_with_plain(DATA_FILE, SCHEMA_FILE)[1]

VIEWS = {
    "wide-light": (1280, 800, "light"),
    "wide-dark": (1280, 800, "dark"),
    "phone-light": (360, 740, "light"),
    "phone-dark": (360, 740, "dark"),
}
# Pages with a layout of their own, checked by their own tests.
OWN_LAYOUT = {"slides/": "the slide deck: a full-screen 16:9 layout (tests/browser/test_slides.py)"}

# Every block drawn (the site draws long blocks only near the screen) and no transitions, so what
# is measured is the settled layout.
UNHURRIED = "* { content-visibility: visible !important; transition: none !important; }"

MEASURE = """async () => {
  // Fonts in, and two frames, so the scroll hints (set by scroll-hints.js as boxes change size)
  // follow the layout just forced.
  await document.fonts.ready;
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  // The layout viewport: on a phone, a page wider than the screen would widen innerWidth itself.
  const W = Math.min(window.innerWidth, document.documentElement.clientWidth, screen.width), out = {problems: [], scrolled: 0};
  const visible = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && r.right > 0 && r.left < W;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  // ---- navigation: each top-level section has a visible link into it ---------------------
  const wide = W >= 1220;
  if (!wide) {
    // Open the menu (transitions are off in these tests, so it is in place at once).
    const d = document.getElementById('__drawer'); if (d) d.checked = true;
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  }
  const sections = [...document.querySelectorAll('.md-nav--primary > .md-nav__list > .md-nav__item')];
  out.sections = sections.length;
  const tabs = [...document.querySelectorAll('.md-tabs__item')];
  if (wide) {
    if (tabs.length !== sections.length) out.problems.push(`tabs: ${tabs.length} tabs for ${sections.length} sections`);
    tabs.forEach((t) => { const a = t.querySelector('a[href]'); if (!a || !visible(a)) out.problems.push(`tab not visible: ${t.textContent.trim()}`); });
  } else {
    const button = document.querySelector('label.md-header__button[for="__drawer"]');
    if (!button || !visible(button)) out.problems.push('menu button not visible');
    sections.forEach((s) => {
      const links = [...s.querySelectorAll('a[href]')].filter(visible);
      if (!links.length) out.problems.push(`menu: no visible link into ${s.textContent.trim().split(/\\s+/).slice(0, 3).join(' ')}`);
    });
    out.menuLinks = [...document.querySelectorAll('.md-nav--primary a.md-nav__link[href]')].filter(visible).length;
    const d = document.getElementById('__drawer'); if (d) d.checked = false;
  }
  // ---- the article: nothing wider than the screen outside a scroll box ---------------------
  const article = document.querySelector('.md-content__inner');
  if (document.documentElement.scrollWidth > W + 1) out.problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${W}`);
  const scrollBox = (el) => {
    for (let a = el.parentElement; a && a !== article; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return a;
    }
    return null;
  };
  // Visually hidden text for screen readers (a 1 px box that clips its content) is not seen.
  const srOnly = (el) => {
    for (let a = el; a && a !== article; a = a.parentElement) {
      const ar = a.getBoundingClientRect();
      if (ar.width <= 1 && ar.height <= 1 && getComputedStyle(a).overflow !== 'visible') return true;
    }
    return false;
  };
  for (const el of article.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || (r.right <= W + 1 && r.left >= -1)) continue;
    if (getComputedStyle(el).visibility === 'hidden' || getComputedStyle(el).position === 'fixed' || srOnly(el)) continue;
    const box = scrollBox(el);
    if (!box) { out.problems.push(`wider than the screen: ${name(el)} (${Math.round(r.left)}..${Math.round(r.right)})`); continue; }
    const b = box.getBoundingClientRect();
    if (b.right > W + 1 || b.left < -1) out.problems.push(`scroll box wider than the screen: ${name(box)}`);
    // A box that clips (overflow hidden or clip, as the long blocks drawn only near the screen do) must
    // not cut off what it holds: there is no scrolling to reach the rest.
    const bx = getComputedStyle(box).overflowX;
    if ((bx === 'hidden' || bx === 'clip') && (r.right > b.right + 1 || r.left < b.left - 1)) out.problems.push(`cut off by ${name(box)}: ${name(el)}`);
  }
  // Every box that clips sideways holds nothing wider than itself (the sr-only text excepted).
  for (const box of article.querySelectorAll('*')) {
    const bx = getComputedStyle(box).overflowX;
    if ((bx === 'hidden' || bx === 'clip') && box.scrollWidth > box.clientWidth + 1 && !srOnly(box) && visible(box))
      out.problems.push(`cuts off ${box.scrollWidth - box.clientWidth} px sideways: ${name(box)}`);
  }
  // Boxes that really scroll sideways and hold a table: header row and first column sticky.
  for (const box of article.querySelectorAll('div')) {
    const ox = getComputedStyle(box).overflowX;
    if (!(ox === 'auto' || ox === 'scroll') || box.scrollWidth <= box.clientWidth + 1 || !visible(box) || box.closest('details:not([open])')) continue;
    const table = box.querySelector(':scope > table');
    if (!table) continue;
    out.scrolled += 1;
    const head = table.querySelector('thead th:last-child');
    const first = table.querySelector('tbody tr:not(.cmp-group):not(.hm-group) > th');
    if (!head || getComputedStyle(head).position !== 'sticky') out.problems.push(`header row not sticky: ${name(table)}`);
    if (!first || getComputedStyle(first).position !== 'sticky') out.problems.push(`first column not sticky: ${name(table)}`);
    if (getComputedStyle(box).maskImage === 'none' && box.scrollLeft + box.clientWidth < box.scrollWidth - 2) {
      // The hint is set by a script as the box comes near the screen, as a reader scrolls to it.
      box.scrollIntoView({block: 'nearest'});
      await new Promise((done) => setTimeout(done, 500));
      if (getComputedStyle(box).maskImage === 'none') out.problems.push(`no scroll hint on ${name(box)} (${box.scrollWidth} > ${box.clientWidth})`);
    }
  }
  window.scrollTo(0, 0);
  // ---- the first screen -------------------------------------------------------------------
  const h1 = article.querySelector('h1');
  if (h1) {
    const s = getComputedStyle(h1);
    if (parseInt(s.fontWeight, 10) < 600) out.problems.push(`title weight ${s.fontWeight}`);
    // Full contrast: the title in the body text's own colour (the theme's default is a faded grey).
    const text = getComputedStyle(article.querySelector(':scope > p') || article).color;
    if (s.color !== text) out.problems.push(`title colour ${s.color}, body text ${text}`);
    const box = h1.nextElementSibling;
    if (box && box.classList.contains('abstract')) {
      const p = box.querySelector('p:not(.admonition-title)');
      const bodyP = article.querySelector(':scope > p');
      const size = parseFloat(getComputedStyle(p).fontSize);
      const bodySize = bodyP ? parseFloat(getComputedStyle(bodyP).fontSize) : 16;
      if (size + 0.01 < bodySize) out.problems.push(`"In short" at ${size}px, body at ${bodySize}px`);
      if (box.getBoundingClientRect().top > window.innerHeight) out.problems.push('"In short" below the first screen');
    }
  }
  return out;
}"""


def _open(browser: Browser, view: str) -> tuple[Any, Page]:
    width, height, scheme = VIEWS[view]
    phone = width < 500
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=scheme, is_mobile=phone, has_touch=phone
    )
    return context, context.new_page()


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_page_reads_well(browser: Browser, site_url: str, all_pages: list[str], view: str) -> None:
    """Navigation, widths and the first screen, on every page, in one view."""
    context, page = _open(browser, view)
    found: dict[str, list[str]] = {}
    scrolled = 0
    try:
        for path in all_pages:
            if path in OWN_LAYOUT:
                continue
            page.goto(site_url + path, wait_until="load")
            page.add_style_tag(content=UNHURRIED)
            result = page.evaluate(MEASURE)
            assert result["sections"] >= 4, f"{path}: the navigation lists {result['sections']} sections"
            scrolled += result["scrolled"]
            if result["problems"]:
                found[path or "/"] = result["problems"][:8]
    finally:
        context.close()
    assert not found, "\n".join(f"{p}: " + "; ".join(v) for p, v in found.items())
    if view.startswith("phone"):
        # Control: on a phone the heat map does scroll sideways, so the sticky checks above ran.
        assert scrolled >= 1, "no table scrolled sideways on a phone: the sticky checks checked nothing"


def test_the_measure_finds_a_clipped_table(browser: Browser, site_url: str) -> None:
    """Control: a wide table outside any scroll box is reported."""
    context, page = _open(browser, "phone-light")
    try:
        page.goto(site_url + "about/", wait_until="load")
        page.evaluate(
            "() => { const d = document.createElement('div'); d.style.width = '900px'; d.textContent = 'x';"
            " document.querySelector('.md-content__inner').append(d); }"
        )
        problems = page.evaluate(MEASURE)["problems"]
    finally:
        context.close()
    assert any("wider than the screen" in p for p in problems), problems


def _compare_state(page: Page) -> dict[str, Any]:
    return page.evaluate(
        """() => ({
          search: location.search,
          checked: [...document.querySelectorAll('#cmpv-pick input[name=models]:checked')].map(i => i.value),
          shown: [...document.querySelectorAll('#compare thead th[data-model]')].filter(th => !th.hidden).map(th => th.dataset.model),
          rows: [...document.querySelectorAll('#compare tbody tr[data-dimension]')].filter(tr => !tr.hidden).length,
          status: document.getElementById('cmpv-status').textContent,
        })"""
    )


def test_compare_view_address_round_trips(browser: Browser, site_url: str) -> None:
    context, page = _open(browser, "wide-light")
    try:
        page.goto(site_url + "compare/?models=embedded,matrix", wait_until="load")
        state = _compare_state(page)
        assert state["checked"] == ["embedded", "matrix"] and state["shown"] == ["embedded", "matrix"], state
        all_rows = state["rows"]
        assert all_rows == len(DATA.dimensions), state
        page.check("#cmpv-pick input[value=federated]")
        page.check("#cmpv-diff")
        state = _compare_state(page)
        # The address lists the models in the table's order, whatever order they were ticked in.
        assert state["search"] == "?models=embedded,federated,matrix&diff=1", state
        differ = [
            d.id for d in DATA.dimensions if len({DATA.position(m, d.id).level for m in ("embedded", "federated", "matrix")}) > 1
        ]
        assert state["rows"] == len(differ), (state, differ)
        # A fourth model is refused, with a message; the address does not change.
        page.click("#cmpv-pick input[value=centralised]")
        refused = _compare_state(page)
        assert "centralised" not in refused["checked"] and refused["search"] == state["search"], refused
        page.reload(wait_until="load")
        again = _compare_state(page)
        assert again["shown"] == ["embedded", "federated", "matrix"] and again["rows"] == state["rows"], again
        # Defensive decoding: unknown ids, repeats, odd case and junk are dropped, not obeyed.
        page.goto(
            site_url + "compare/?models=%E0%A4%A,Embedded,embedded,<script>,hub-and-spoke,x,federated,matrix", wait_until="load"
        )
        odd = _compare_state(page)
        assert odd["shown"] == ["embedded", "hub-and-spoke", "federated"], odd
    finally:
        context.close()


def test_compare_view_without_javascript_is_the_full_table(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "compare/?models=embedded,matrix", wait_until="load")
        heads = page.locator("#compare thead th[data-model]:visible").count()
        assert heads == page.locator("#compare thead th[data-model]").count() >= 7
        assert not page.locator("#cmpv-pick").is_visible()
    finally:
        context.close()


def test_decision_aid_shows_the_leader_on_a_phone(browser: Browser, site_url: str) -> None:
    context, page = _open(browser, "phone-light")
    try:
        page.goto(site_url + "decide/", wait_until="load")
        bar = page.locator("#decide-summary")
        first_answer = page.locator(".decide-q").first.locator("input[type=radio]").first
        first_answer.scroll_into_view_if_needed()
        first_answer.check()
        leader = page.locator("#decide-ranking li").first.locator(".decide-rank-head a").inner_text()
        box = bar.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 740, box
        assert leader in bar.inner_text(), (leader, bar.inner_text())
        # Scroll further through the questions: the leader stays in view.
        page.locator(".decide-q").nth(4).scroll_into_view_if_needed()
        box = bar.bounding_box()
        assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 740, box
        # One tap to the result.
        bar.locator("a").click()
        page.wait_for_timeout(300)
        title = page.locator("#decide-result-title").bounding_box()
        assert title is not None and 0 <= title["y"] < 740, title
        # "How this question scores": its table scrolls in the card with the answer column and the
        # model names in view, and a fade at the right edge says there is more.
        page.locator("details.decide-why > summary").first.click()
        # The fade is set once the browser has laid out the opened card (scroll-hints.js, after layout).
        page.wait_for_function(
            "() => { const b = document.querySelector('details.decide-why[open] .decide-table-scroll');"
            " return b && getComputedStyle(b).maskImage !== 'none'; }",
            timeout=5_000,
        )
        scoring = page.evaluate(
            """() => { const box = document.querySelector('details.decide-why[open] .decide-table-scroll');
              const s = (sel) => getComputedStyle(box.querySelector(sel)).position;
              return {scrolls: box.scrollWidth > box.clientWidth, mask: getComputedStyle(box).maskImage,
                      head: s('thead th:last-child'), first: s('tbody th[scope=row]')}; }"""
        )
        assert scoring["scrolls"] and scoring["mask"] != "none", scoring
        assert scoring["head"] == scoring["first"] == "sticky", scoring
        # Nothing sticks out of the question cards.
        overflow = page.evaluate(
            """() => [...document.querySelectorAll('.decide-q')].flatMap(card => {
                const c = card.getBoundingClientRect();
                return [...card.querySelectorAll('summary, legend, .decide-option')].filter(el => {
                  const r = el.getBoundingClientRect();
                  return r.width && (r.left < c.left - 0.5 || r.right > c.right + 0.5 || r.top < c.top - 0.5);
                }).map(el => el.tagName + ' ' + el.textContent.trim().slice(0, 30));
            })"""
        )
        assert not overflow, overflow
    finally:
        context.close()


# Each key term and the page (or pages) that explain it. Rotation has two: the hybrid page defines it
# among the mechanisms for moving between central and embedded roles; the playbook page, titled for
# rotating scientists, specifies a rotation programme. Either may come first; never the slides, the
# handout or the data file reference.
SEARCH_LANDS = {
    "churn": ("hybrid/",),
    "experimentation platform": ("case-amazon-music/",),
    "rotation": ("hybrid/", "playbook/people/"),
    "Skyscanner": ("case-skyscanner/",),
}


def test_search_lands_on_the_explanatory_page(browser: Browser, site_url: str) -> None:
    context, page = _open(browser, "wide-light")
    try:
        page.goto(site_url, wait_until="load")
        got = {}
        box = page.locator("input.md-search__input")
        for term in SEARCH_LANDS:
            box.click()
            box.fill("")
            page.keyboard.type(term)
            # Wait for this term's results (not the previous term's): a result that mentions it.
            page.wait_for_function(
                """(t) => { const l = document.querySelector('.md-search-result__list');
                   return l && l.children.length && l.innerText.toLowerCase().includes(t); }""",
                arg=term.split()[0].lower(),
                timeout=10_000,
            )
            page.wait_for_timeout(200)
            got[term] = page.locator(".md-search-result__item a").first.get_attribute("href") or ""
        wrong = {t: h for t, h in got.items() if not any(urlparse(h).path.endswith("/" + p) for p in SEARCH_LANDS[t])}
        assert not wrong, f"first result is not the explanatory page: {wrong}"
    finally:
        context.close()
