"""The deck as its presenters and readers use it, in headless Chromium:

- every content slide states one claim in its title, carries at most about 40 words, and renders
  no text below 18 px (16 px in table cells; the Sources line and the slide number excepted);
  each slide's citations sit in one Sources line, never inside the lines; table slides that make
  a point highlight the row that carries it;
- a malformed URL fragment falls back to the first slide without an exception;
- the speaker view fits 1280x720 and 1920x1080, labels its panes, shows the time plan and the
  pace, its notes grow with the window, and rehearsal mode records times per slide and offers
  them as JSON;
- below 600 px, and without JavaScript, the deck is a readable sequence of slides with the notes
  one tap away; the published deck hides the notes, the transcript shows them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import origin_of
from tests.browser.test_slides import DECK, assert_shows, open_deck

# Per shown slide, in one evaluate: layout, title, visible words (notes, Sources line, slide number,
# pictures' own labels left out), the smallest rendered text outside and inside table cells (SVG text
# by its on-screen size), the citation markers visible in the lines, and the Sources line's numbers.
MEASURE = """() => {
  const slide = document.querySelector('[data-slide-box].is-current [data-slide]');
  const k = slide.getBoundingClientRect().width / 1280;
  const skip = el => el.closest('.notes, .slide-number, .slide-sources');
  const visible = el => el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  let words = 0, minText = 1e9, minCell = 1e9, smallest = '';
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || skip(el) || !visible(el)) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svgText = el.closest('svg');
    if (svgText) size = size * el.getScreenCTM().a / k;
    if (!el.closest('figure')) words += n.textContent.trim().split(/\\s+/).filter(w => /[\\p{L}\\p{N}]/u.test(w)).length;
    if (el.closest('td, th')) minCell = Math.min(minCell, size);
    else if (size < minText) { minText = size; smallest = n.textContent.trim().slice(0, 40); }
  }
  const markers = [...slide.querySelectorAll('sup.cite')].filter(el => !el.closest('.notes') && visible(el)).length;
  const sources = [...slide.querySelectorAll('.slide-sources a')].map(a => [a.textContent, a.getAttribute('href')]);
  const keyRows = [...slide.querySelectorAll('tr.is-key')].map(tr => tr.dataset.dimension);
  const title = slide.querySelector('h1, h2');
  return {layout: slide.dataset.layout, title: title ? title.textContent.replace('\u00b6', '').trim() : '', words, minText, minCell, smallest,
          markers, sources, sourceLines: slide.querySelectorAll('.slide-sources').length, keyRows};
}"""

CONTENT = {"statement", "diagram", "table", "cols", "closing"}
MAX_WORDS = 40


def test_content_slides_are_short_large_and_cite_in_one_line(browser: Browser, site_url: str) -> None:
    from scripts.pipeline.loader import load

    data = load()
    d = open_deck(browser, site_url)
    found = []
    try:
        count = d.state()["count"]
        for i in range(count):
            if i:
                d.page.keyboard.press("ArrowRight")
            assert_shows(d, i)
            found.append(d.page.evaluate(MEASURE))
        offsite = d.log.offsite(origin_of(site_url))
    finally:
        d.context.close()
    assert not offsite, offsite
    # Every content slide that states a sourced claim shows where it comes from.
    sourced = [f for f in found if f["layout"] in {"statement", "table", "cols"} and f["sourceLines"] == 1]
    assert len(sourced) >= 15, len(sourced)
    layouts = [f["layout"] for f in found]
    assert layouts[0] == "title" and layouts[-1] == "closing", layouts
    assert {"statement", "diagram", "table", "cols", "divider"} <= set(layouts), layouts
    problems = []
    for number, f in enumerate(found, 1):
        where = f"slide {number} ({f['title'][:40]})"
        if f["layout"] in CONTENT:
            if f["words"] > MAX_WORDS:
                problems.append(f"{where}: {f['words']} words")
            if not f["title"] or len(f["title"].split()) < 3:
                problems.append(f"{where}: no claim in the title")
        if f["minText"] < 18:
            problems.append(f"{where}: text at {f['minText']:.1f} px ({f['smallest']!r})")
        if f["minCell"] < 16:
            problems.append(f"{where}: table text at {f['minCell']:.1f} px")
        if f["markers"]:
            problems.append(f"{where}: {f['markers']} citation markers inside the lines")
        # At most one Sources line; its numbers are the reference list's numbers of the sources it links.
        if f["sourceLines"] > 1:
            problems.append(f"{where}: {f['sourceLines']} Sources lines")
        for label, href in f["sources"]:
            ref_id = href.rsplit("#ref-", 1)[-1]
            if label != f"[{data.ref_number(ref_id)}]":
                problems.append(f"{where}: Sources entry {label} links to {ref_id}")
    assert not problems, "\n".join(problems)
    # The slide that says "watch churn" highlights the churn row, and only it.
    churn = [f for f in found if "watch churn" in f["title"]]
    assert churn and churn[0]["keyRows"] == ["churn-risk"], churn


@pytest.mark.parametrize("fragment", ["#%", "#%E0%A4%A", "#%zz", "#%25%"])
def test_malformed_fragment_opens_the_first_slide_without_an_error(browser: Browser, site_url: str, fragment: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(site_url + DECK + fragment, wait_until="load")
        page.wait_for_selector(".deck.is-ready", state="attached")
        shown = page.evaluate("[...document.querySelectorAll('[data-slide-box]')].filter(b => b.checkVisibility()).length")
        first = page.evaluate("document.querySelectorAll('[data-slide-box]')[0].classList.contains('is-current')")
        heading = page.evaluate("document.querySelector('[data-slide] h1[id], [data-slide] h2[id]').id")
        assert shown == 1 and first, (shown, first)
        assert page.evaluate("location.hash") == f"#{heading}"
        page.keyboard.press("ArrowRight")
        page.evaluate("location.hash = '%'")  # a bad fragment arriving later (hashchange)
        page.wait_for_function("document.querySelectorAll('[data-slide-box]')[0].classList.contains('is-current')")
    finally:
        context.close()
    assert not errors, errors


# ---- Speaker view ---------------------------------------------------------------------------------------

SPEAKER_LAYOUT = """() => {
  const W = innerWidth, H = innerHeight;
  const root = document.querySelector('[data-speaker]');
  const bad = [];
  for (const el of root.querySelectorAll('*')) {
    // Slide previews are checked as a whole below; a citation's evidence card shows only on hover.
    if (!el.checkVisibility() || el.closest('.speaker-stage > .slide, .cite-card')) continue;
    const r = el.getBoundingClientRect();
    if (r.width && (r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1)) bad.push(el.tagName + '.' + el.className);
  }
  for (const stage of root.querySelectorAll('.speaker-stage')) {
    const s = stage.getBoundingClientRect();
    const slide = stage.querySelector('.slide');
    if (slide) {
      const q = slide.getBoundingClientRect();
      if (Math.abs(q.width - s.width) > 2 || Math.abs(q.height - s.height) > 2) bad.push('preview not fitted to its pane');
    }
  }
  const notes = root.querySelector('[data-sp-notes]').getBoundingClientRect();
  const labels = [...root.querySelectorAll('.speaker-pane > .speaker-label')].map(el => el.textContent.trim());
  const plan = [...root.querySelectorAll('[data-sp-plan] tbody tr')].map(tr => [...tr.children].map(td => td.textContent));
  return {bad: bad.slice(0, 8), notesHeight: notes.height, notesWidth: notes.width, labels, plan,
          notesFont: parseFloat(getComputedStyle(root.querySelector('[data-sp-notes]')).fontSize),
          pace: root.querySelector('[data-sp-pace]').textContent, scroll: [root.scrollWidth, root.clientWidth, root.scrollHeight, root.clientHeight]};
}"""


def test_speaker_view_fits_both_sizes_with_labelled_panes_plan_and_pace(browser: Browser, site_url: str) -> None:
    import yaml

    from tests.conftest import ROOT

    front = (ROOT / "docs" / "slides.md").read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
    plan = yaml.safe_load(front)["plan"]
    seen = {}
    for width, height in [(1280, 720), (1920, 1080)]:
        context = browser.new_context(viewport={"width": width, "height": height})
        try:
            page = context.new_page()
            page.goto(site_url + DECK + "?speaker#the-hybrid-sits-in-the-middle-watch-churn", wait_until="load")
            page.wait_for_selector(".deck.is-speaker.is-ready", state="attached")
            page.wait_for_timeout(600)
            seen[width] = page.evaluate(SPEAKER_LAYOUT)
        finally:
            context.close()
        f = seen[width]
        assert not f["bad"], (width, f["bad"])
        assert f["scroll"][0] <= f["scroll"][1] and f["scroll"][2] <= f["scroll"][3], (width, f["scroll"])
        assert f["labels"] == ["Now", "Plan", "Next", "Notes"], f["labels"]
        assert [row[0] for row in f["plan"]] == [p["part"] for p in plan] + ["Whole talk"]
        assert [row[1] for row in f["plan"][:-1]] == [f"{p['minutes']}:00" for p in plan]
        # Jumping straight to the hybrid part a few seconds in: well ahead of the plan.
        assert f["pace"].endswith(" ahead"), f["pace"]
        assert f["notesHeight"] >= 0.4 * height, (width, f["notesHeight"])
    assert seen[1920]["notesHeight"] > 1.3 * seen[1280]["notesHeight"]
    assert seen[1920]["notesFont"] > seen[1280]["notesFont"] >= 18


def test_speaker_view_counts_time_per_part_and_rehearsal_downloads_json(browser: Browser, site_url: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(site_url + DECK + "?speaker", wait_until="load")
        page.wait_for_selector(".deck.is-speaker.is-ready", state="attached")
        assert page.locator("[data-sp-download]").is_disabled()
        page.locator("[data-sp-rehearse]").click()
        assert page.locator("[data-sp-rehearse]").get_attribute("aria-pressed") == "true"
        page.wait_for_timeout(1300)
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(1300)
        stored = json.loads(page.evaluate("localStorage.getItem(Object.keys(localStorage).find(k => k.endsWith(':rehearsal')))"))
        assert stored["slides"][0]["seconds"] >= 1 and stored["slides"][1]["seconds"] >= 1, stored["slides"][:2]
        assert stored["parts"][0]["seconds"] >= 2 and stored["parts"][0]["part"] == "Opening"
        spent = page.locator("[data-sp-plan] tbody tr.is-current td").last.inner_text()
        assert spent != "0:00", spent
        with page.expect_download() as download:
            page.locator("[data-sp-download]").click()
        path = tmp_path / "times.json"
        download.value.save_as(path)
        report = json.loads(path.read_text(encoding="utf-8"))
        count = page.evaluate("document.querySelectorAll('[data-slide]').length")
        assert len(report["slides"]) == count and report["slides"][0]["number"] == 1
        assert {"id", "title", "part", "seconds"} <= set(report["slides"][0])
        assert report["total_seconds"] >= 2
    finally:
        context.close()


# ---- Reading the deck elsewhere: phones, no JavaScript, the transcript ----------------------------------

READING = """() => {
  const W = document.documentElement.clientWidth;
  let minText = 1e9, smallest = '';
  const visible = el => el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const walker = document.createTreeWalker(document.querySelector('[data-deck]'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || el.closest('svg, .slide-number, [data-speaker], [data-deck-controls]') || !visible(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < minText) { minText = size; smallest = n.textContent.trim().slice(0, 40); }
  }
  const slides = [...document.querySelectorAll('[data-slide]')];
  const wide = [...document.querySelectorAll('[data-deck] *')].filter(el => visible(el) && el.getBoundingClientRect().right > W + 1)
    .map(el => el.tagName + '.' + String(el.className.baseVal ?? el.className).split(' ')[0]).slice(0, 6);
  const charts = [...document.querySelectorAll('[data-slide] svg.oc-svg')].map(s => s.getBoundingClientRect().width / s.closest('[data-slide]').clientWidth);
  return {scroll: document.documentElement.scrollWidth, W, minText, smallest, wide, charts,
          shown: slides.filter(s => visible(s)).length, count: slides.length,
          notes: slides.filter(s => s.querySelector('details.notes')).length,
          notesOpen: slides.filter(s => { const n = s.querySelector('details.notes'); return n && n.open; }).length,
          notesText: slides.filter(s => { const p = s.querySelector('.notes p'); return p && visible(p); }).length};
}"""


@pytest.mark.parametrize("javascript", [True, False], ids=["phone", "phone-no-js"])
def test_phone_shows_a_readable_sequence_of_slides(browser: Browser, site_url: str, javascript: bool) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, java_script_enabled=javascript
    )
    try:
        page = context.new_page()
        page.goto(site_url + DECK, wait_until="load")
        f = page.evaluate(READING)
    finally:
        context.close()
    assert f["scroll"] <= f["W"] and not f["wide"], f
    assert f["shown"] == f["count"], f  # every slide, one under the other
    assert f["minText"] >= 16, f
    assert f["charts"] and min(f["charts"]) > 0.85, f["charts"]  # org charts at full width
    assert f["notes"] == f["count"] and f["notesOpen"] == 0 and f["notesText"] == 0, f  # notes a tap away


def test_desktop_without_javascript_reads_as_the_same_sequence(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + DECK, wait_until="load")
        f = page.evaluate(READING)
    finally:
        context.close()
    assert f["scroll"] <= f["W"] and not f["wide"], f
    assert f["shown"] == f["count"] and f["minText"] >= 16, f
    assert f["notesOpen"] == 0 and f["notesText"] == 0, f


def test_published_deck_hides_notes_and_the_transcript_is_one_click_away(browser: Browser, site_url: str) -> None:
    d = open_deck(browser, site_url)
    try:
        page = d.page
        assert page.evaluate(READING)["notesText"] == 0
        page.locator("[data-deck-controls]").hover()
        page.locator("[data-deck-controls] [data-action=transcript]").click()
        f = page.evaluate(READING)
        assert "transcript" in page.url
        assert f["shown"] == f["count"] and f["notesOpen"] == f["count"] and f["notesText"] == f["count"], f
        assert f["scroll"] <= f["W"], f
        page.reload(wait_until="load")  # the address keeps the view
        page.wait_for_selector(".deck.is-ready", state="attached")
        assert page.evaluate(READING)["notesText"] == d.state()["count"]
        page.locator("[data-deck-readbar] [data-action=transcript]").click()  # and back to the slides
        assert page.evaluate(READING)["notesText"] == 0 and d.state()["shown"] == 1
        assert "transcript" not in page.url
    finally:
        d.context.close()
