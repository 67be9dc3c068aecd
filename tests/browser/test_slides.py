"""The slide deck in headless Chromium: keys and fragments, overview, full screen, touch swipes,
the speaker view kept in sync both ways (with BroadcastChannel and with postMessage alone), no
slide overflowing its frame at 1280x720 and 1920x1080, and the closing slide's QR code decoding
to the site's address. Every test also checks that no request leaves the site's own origin.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page

from tests.browser.conftest import RequestLog, origin_of
from tests.conftest import ROOT

DECK = "slides/"

# The deck's state as the reader sees it: the fragment, the shown slide and how many are shown.
STATE = """() => {
  const boxes = [...document.querySelectorAll('[data-slide-box]')];
  const shown = boxes.filter(b => b.checkVisibility());
  const current = boxes.findIndex(b => b.classList.contains('is-current'));
  const heading = shown.length === 1 ? shown[0].querySelector('h1[id], h2[id], h3[id]') : null;
  return {hash: location.hash, current, shown: shown.length, shownIndex: boxes.indexOf(shown[0]),
          heading: heading ? heading.id : null, count: boxes.length};
}"""

# The paragraphs of a slide's speaker notes (without the admonition's title), whitespace folded.
NOTES_OF = """(i) => {
  const notes = document.querySelectorAll('[data-slide]')[i].querySelector('.notes');
  return notes ? [...notes.children].filter(el => !el.matches('.admonition-title, summary'))
    .map(el => el.textContent.replace(/\\s+/g, ' ').trim()) : null;
}"""
# The paragraphs the speaker view shows as notes, whitespace folded.
SPEAKER_NOTES = """() => [...document.querySelector('[data-sp-notes]').children]
  .map(el => el.textContent.replace(/\\s+/g, ' ').trim())"""


@dataclass
class Deck:
    """A browser context with the deck open in one page, and the log of its requests."""

    context: BrowserContext
    page: Page
    log: RequestLog
    url: str

    def state(self, page: Page | None = None) -> dict[str, Any]:
        return (page or self.page).evaluate(STATE)

    def ids(self) -> list[str | None]:
        return self.page.evaluate(
            "() => [...document.querySelectorAll('[data-slide]')].map(s => (s.querySelector('h1[id], h2[id], h3[id]') || {}).id || null)"
        )


def open_deck(
    browser: Browser,
    site_url: str,
    fragment: str = "",
    *,
    width: int = 1280,
    height: int = 720,
    init_script: str | None = None,
    **context_args: Any,
) -> Deck:
    """Open the deck in a fresh context (light palette) and wait until slides.js has started."""
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme="light", **context_args)
    if init_script:
        context.add_init_script(init_script)
    log = RequestLog(context)
    page = context.new_page()
    url = site_url + DECK + fragment
    page.goto(url, wait_until="load")
    page.wait_for_selector(".deck.is-ready", state="attached")
    return Deck(context, page, log, url)


@pytest.fixture
def deck(browser: Browser, site_url: str) -> Iterator[Deck]:
    """The deck at 1280x720; after the test, no request may have left the site's origin."""
    d = open_deck(browser, site_url)
    yield d
    offsite = d.log.offsite(origin_of(site_url))
    d.context.close()
    assert not offsite, offsite


def assert_shows(d: Deck, index: int, page: Page | None = None) -> None:
    """Exactly one slide is shown, it is slide `index`, and the fragment is that slide's heading."""
    s = d.state(page)
    assert s["shown"] == 1, s
    assert s["current"] == index == s["shownIndex"], s
    assert s["heading"] and s["hash"] == f"#{s['heading']}", s


# ---- Keys, fragments ---------------------------------------------------------------------------


def test_deck_has_20_to_30_slides_each_with_a_heading(deck: Deck) -> None:
    ids = deck.ids()
    assert 20 <= len(ids) <= 30, len(ids)
    assert all(ids), f"slides without a heading id: {[i for i, x in enumerate(ids) if not x]}"
    assert len(set(ids)) == len(ids), "two slides share a fragment"


def test_keys_and_clicker_keys_move_the_fragment(deck: Deck) -> None:
    page = deck.page
    last = deck.state()["count"] - 1
    assert_shows(deck, 0)
    steps = [
        ("ArrowRight", 1),
        (" ", 2),
        ("PageDown", 3),
        ("ArrowDown", 4),
        ("PageUp", 3),
        ("ArrowLeft", 2),
        ("Shift+ ", 1),
        ("ArrowUp", 0),
        ("ArrowLeft", 0),
        ("End", last),
        ("ArrowRight", last),
        ("Home", 0),
    ]
    seen = set()
    for key, expected in steps:
        page.keyboard.press(key)
        assert_shows(deck, expected)
        seen.add(deck.state()["hash"])
    assert len(seen) == 6  # slides 0..4 and the last one: each has its own fragment


def test_fragment_survives_reload_back_and_a_shared_link(deck: Deck, browser: Browser, site_url: str) -> None:
    page = deck.page
    ids = deck.ids()
    page.goto(site_url + DECK + f"#{ids[5]}")
    page.wait_for_selector(".deck.is-ready", state="attached")
    assert_shows(deck, 5)
    page.keyboard.press("ArrowRight")
    assert_shows(deck, 6)
    page.reload(wait_until="load")
    assert_shows(deck, 6)
    page.goto(site_url, wait_until="load")  # leave the deck ...
    page.go_back(wait_until="load")  # ... and come back
    page.wait_for_selector(".deck.is-ready", state="attached")
    assert_shows(deck, 6)
    shared = deck.context.new_page()  # the address as someone else would open it
    shared.goto(page.url, wait_until="load")
    shared.wait_for_selector(".deck.is-ready", state="attached")
    assert_shows(deck, 6, shared)


# ---- Overview, full screen, touch -----------------------------------------------------------------


def test_overview_opens_shows_every_slide_and_jumps(deck: Deck) -> None:
    page = deck.page
    count = deck.state()["count"]
    page.keyboard.press("o")
    assert page.evaluate("document.querySelector('.deck').classList.contains('is-overview')")
    assert deck.state()["shown"] == count
    boxes = page.locator("[data-slide-box]")
    rects = [boxes.nth(i).bounding_box() for i in range(count)]
    assert len({round(r["x"]) for r in rects}) >= 3, "thumbnails are not laid out in a grid"
    assert all(r["width"] < 1280 / 2 for r in rects)
    boxes.nth(4).click()
    assert not page.evaluate("document.querySelector('.deck').classList.contains('is-overview')")
    assert_shows(deck, 4)
    page.keyboard.press("o")
    page.keyboard.press("ArrowRight")  # moves the highlight in the overview
    page.keyboard.press("Escape")
    assert_shows(deck, 5)


def test_f_toggles_full_screen(deck: Deck) -> None:
    page = deck.page
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement !== null")
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement === null")
    assert_shows(deck, 0)  # F does not move


def swipe(page: Page, x0: int, y0: int, x1: int, y1: int) -> None:
    """A one-finger swipe through the DevTools protocol (real touch events, not synthetic JS)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    for k in range(1, 6):
        x, y = x0 + (x1 - x0) * k / 5, y0 + (y1 - y0) * k / 5
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


def test_touch_swipes_move_between_slides(browser: Browser, site_url: str) -> None:
    d = open_deck(browser, site_url, width=800, height=450, has_touch=True, is_mobile=True)
    try:
        swipe(d.page, 600, 200, 200, 210)  # leftwards: next
        assert_shows(d, 1)
        swipe(d.page, 200, 200, 600, 190)  # rightwards: previous
        assert_shows(d, 0)
        swipe(d.page, 400, 100, 420, 400)  # mostly vertical: no change
        assert_shows(d, 0)
        offsite = d.log.offsite(origin_of(site_url))
    finally:
        d.context.close()
    assert not offsite, offsite


# ---- Speaker view ---------------------------------------------------------------------------------

NO_BROADCAST = "delete window.BroadcastChannel;"


def speaker_text(sp: Page, selector: str) -> str:
    return " ".join(sp.locator(selector).inner_text().split())


def wait_speaker_at(sp: Page, index: int, count: int) -> None:
    sp.wait_for_function(
        "t => document.querySelector('[data-sp-pos]').textContent === t", arg=f"Slide {index + 1} of {count}", timeout=5000
    )


def check_speaker(d: Deck, sp: Page, index: int) -> None:
    """The speaker view shows slide `index`: its notes, its copy, the next slide's copy, the position."""
    count = d.state()["count"]
    wait_speaker_at(sp, index, count)
    notes = d.page.evaluate(NOTES_OF, index)
    assert notes, f"slide {index + 1} has no speaker notes"
    assert sp.evaluate(SPEAKER_NOTES) == notes
    heading = d.page.locator("[data-slide]").nth(index).locator("h1, h2").first.text_content()
    assert sp.locator("[data-sp-current] .slide").locator("h1, h2").first.text_content() == heading
    if index + 1 < count:
        following = d.page.locator("[data-slide]").nth(index + 1).locator("h1, h2").first.text_content()
        assert sp.locator("[data-sp-next] .slide").locator("h1, h2").first.text_content() == following
    else:
        assert speaker_text(sp, "[data-sp-next]") == "End of the deck"


@pytest.mark.parametrize("channel", ["broadcast", "postmessage"])
def test_speaker_view_follows_the_deck_both_ways(browser: Browser, site_url: str, channel: str) -> None:
    ids_fragment = ""
    d = open_deck(browser, site_url, ids_fragment, init_script=NO_BROADCAST if channel == "postmessage" else None)
    try:
        if channel == "postmessage":
            assert d.page.evaluate("typeof BroadcastChannel") == "undefined"
        count = d.state()["count"]
        d.page.keyboard.press("ArrowRight")
        d.page.keyboard.press("ArrowRight")
        with d.page.expect_popup() as popup:
            d.page.keyboard.press("s")
        sp = popup.value
        sp.wait_for_selector(".deck.is-speaker.is-ready", state="attached")
        assert "speaker" in sp.url
        check_speaker(d, sp, 2)
        # Main window -> speaker view.
        d.page.keyboard.press("ArrowRight")
        check_speaker(d, sp, 3)
        # Speaker view -> main window, by key and by button.
        sp.keyboard.press("ArrowRight")
        d.page.wait_for_function("i => document.querySelectorAll('[data-slide-box]')[i].classList.contains('is-current')", arg=4)
        assert_shows(d, 4)
        check_speaker(d, sp, 4)
        sp.locator(".speaker-nav [data-action=prev]").click()
        d.page.wait_for_function("i => document.querySelectorAll('[data-slide-box]')[i].classList.contains('is-current')", arg=3)
        assert_shows(d, 3)
        d.page.keyboard.press("End")
        check_speaker(d, sp, count - 1)
        offsite = d.log.offsite(origin_of(site_url))
    finally:
        d.context.close()
    assert not offsite, offsite


def test_speaker_view_finds_a_reloaded_main_window_without_broadcastchannel(browser: Browser, site_url: str) -> None:
    d = open_deck(browser, site_url, init_script=NO_BROADCAST)
    try:
        with d.page.expect_popup() as popup:
            d.page.keyboard.press("s")
        sp = popup.value
        sp.wait_for_selector(".deck.is-speaker.is-ready", state="attached")
        check_speaker(d, sp, 0)
        d.page.reload(wait_until="load")  # the main window forgets its speaker window ...
        d.page.wait_for_selector(".deck.is-ready", state="attached")
        d.page.wait_for_timeout(1200)  # ... until the speaker view's next hello reaches it
        d.page.keyboard.press("ArrowRight")
        check_speaker(d, sp, 1)
    finally:
        d.context.close()


def elapsed(sp: Page) -> int:
    h, m, s = (int(x) for x in sp.locator("[data-sp-elapsed]").inner_text().split(":"))
    return h * 3600 + m * 60 + s


def test_speaker_timer_pauses_resets_and_shows_the_clock(deck: Deck) -> None:
    with deck.page.expect_popup() as popup:
        deck.page.keyboard.press("s")
    sp = popup.value
    sp.wait_for_selector(".deck.is-speaker.is-ready", state="attached")
    assert re.fullmatch(r"\d\d:\d\d:\d\d", sp.locator("[data-sp-elapsed]").inner_text())
    start = elapsed(sp)
    sp.wait_for_timeout(2100)
    assert elapsed(sp) >= start + 2, "the timer does not run"
    sp.locator("[data-sp-pause]").click()
    assert sp.locator("[data-sp-pause]").inner_text() == "Resume"
    paused = elapsed(sp)
    sp.wait_for_timeout(1600)
    assert elapsed(sp) == paused, "the timer runs while paused"
    sp.keyboard.press("r")
    assert elapsed(sp) == 0
    sp.keyboard.press("p")
    sp.wait_for_timeout(1600)
    assert elapsed(sp) >= 1, "the timer does not resume"
    assert sp.locator("[data-action=pause]").inner_text() == "Pause"
    now = sp.evaluate("(() => { const d = new Date(); return [d.getHours(), d.getMinutes()]; })()")
    shown = [int(x) for x in sp.locator("[data-sp-clock]").inner_text().split(":")]
    assert shown[0] == now[0] and abs(shown[1] - now[1]) <= 1


# ---- Layout -------------------------------------------------------------------------------------------

# Everything visible on the shown slide lies inside its frame, within the slide's padding; no scroller
# inside it scrolls. Speaker notes, the slide number and the Sources line are left out (notes are
# hidden; the number and the Sources line sit in the padding on purpose, and must stay inside the
# frame). Text is measured by its own boxes (Range), not only its element's.
OVERFLOW = """() => {
  const slide = document.querySelector('[data-slide-box].is-current [data-slide]');
  const r = slide.getBoundingClientRect();
  const cs = getComputedStyle(slide);
  const k = r.width / 1280;
  const box = {l: r.left + parseFloat(cs.paddingLeft) * k - 1, t: r.top + parseFloat(cs.paddingTop) * k - 1,
               r: r.right - parseFloat(cs.paddingRight) * k + 1, b: r.bottom - parseFloat(cs.paddingBottom) * k + 1};
  const out = q => (q.width || q.height) && (q.left < box.l || q.top < box.t || q.right > box.r || q.bottom > box.b);
  const skip = el => el.closest('.notes, .slide-number, .slide-sources');
  const visible = el => el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '');
  const bad = [];
  for (const el of slide.querySelectorAll('*')) {
    if (skip(el) || !visible(el)) continue;
    const q = el.getBoundingClientRect();
    if (out(q)) bad.push(`${name(el)} at ${Math.round(q.right)},${Math.round(q.bottom)}`);
    const st = getComputedStyle(el);
    if ((['auto', 'scroll'].includes(st.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
        (['auto', 'scroll'].includes(st.overflowY) && el.scrollHeight > el.clientHeight + 1)) bad.push(`${name(el)} scrolls`);
  }
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim() || skip(n.parentElement) || !visible(n.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const q of range.getClientRects()) if (out(q)) { bad.push(`text "${n.textContent.trim().slice(0, 30)}"`); break; }
  }
  for (const el of slide.querySelectorAll('.slide-number, .slide-sources')) {
    const q = el.getBoundingClientRect();
    if (q.left < r.left || q.top < r.top || q.right > r.right || q.bottom > r.bottom) bad.push(`${name(el)} leaves the frame`);
  }
  return {scale: k, rect: [r.left, r.top, r.right, r.bottom], bad: bad.slice(0, 6)};
}"""


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_no_slide_overflows_its_frame(browser: Browser, site_url: str, size: tuple[int, int]) -> None:
    width, height = size
    d = open_deck(browser, site_url, width=width, height=height)
    problems = {}
    try:
        ids = d.ids()
        for i, slide_id in enumerate(ids):
            if i:
                d.page.keyboard.press("ArrowRight")
            assert_shows(d, i)
            found = d.page.evaluate(OVERFLOW)
            left, top, right, bottom = found["rect"]
            assert found["scale"] == pytest.approx(min(width / 1280, height / 720), rel=1e-3), slide_id
            assert left >= -0.5 and top >= -0.5 and right <= width + 0.5 and bottom <= height + 0.5, (slide_id, found)
            if found["bad"]:
                problems[f"{i + 1} #{slide_id}"] = found["bad"]
        offsite = d.log.offsite(origin_of(site_url))
    finally:
        d.context.close()
    assert not problems, "slides whose content leaves the frame:\n" + "\n".join(f"{k}: {v}" for k, v in problems.items())
    assert not offsite, offsite


def test_every_content_slide_has_speaker_notes(deck: Deck) -> None:
    count = deck.state()["count"]
    missing = [i + 1 for i in range(count) if not deck.page.evaluate(NOTES_OF, i)]
    assert not missing, f"slides without speaker notes: {missing}"


# ---- QR code ----------------------------------------------------------------------------------------


def configured_site_url() -> str:
    """site_url as written in mkdocs.yml (the QR code must encode exactly this)."""
    match = re.search(r"^site_url:\s*(\S+)\s*$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
    assert match, "mkdocs.yml has no site_url"
    return match.group(1)


def test_closing_slide_qr_code_decodes_to_the_site_url(deck: Deck) -> None:
    page = deck.page
    page.keyboard.press("End")
    qr = page.locator("[data-slide-box].is-current .qr-code svg")
    assert qr.count() == 1, "the closing slide has no inline SVG QR code"
    assert page.locator("[data-slide-box].is-current .qr-code img").count() == 0
    png = qr.screenshot()
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert [r.format.name for r in results] == ["QRCode"], results
    assert results[0].text == configured_site_url()
    # Under the code: the short address as plain text on one line, nothing that looks clickable.
    caption = page.locator("[data-slide-box].is-current .qr-code figcaption")
    short = configured_site_url().split("://", 1)[1].rstrip("/")
    assert caption.inner_text() == short
    assert caption.locator("a").count() == 0
    lines = caption.evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el); return new Set([...r.getClientRects()].map(q => Math.round(q.top))).size; }"
    )
    assert lines == 1, "the address wraps"
    links = page.evaluate(
        """() => [...document.querySelectorAll('[data-slide-box].is-current [data-slide] a')]
          .filter(a => a.checkVisibility() && !a.closest('.slide-sources'))
          .filter(a => { const s = getComputedStyle(a); return s.textDecorationLine !== 'none' || s.cursor === 'pointer' && s.color !== getComputedStyle(a.parentElement).color; })
          .map(a => a.textContent)"""
    )
    assert not links, f"links styled as links on the closing slide: {links}"


def test_slide_controls_are_out_of_sight_until_pointed_at(deck: Deck) -> None:
    page = deck.page
    controls = page.locator("[data-deck-controls]")
    assert float(controls.evaluate("el => getComputedStyle(el).opacity")) == 0
    page.locator("[data-deck-controls] [data-action=next]").hover()
    time.sleep(0.3)
    assert float(controls.evaluate("el => getComputedStyle(el).opacity")) == 1
    page.locator("[data-deck-controls] [data-action=next]").click()
    assert_shows(deck, 1)


# ---- Accessibility of the states the walk of pages does not reach ------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_speaker_view_and_overview_have_no_axe_violations(browser: Browser, site_url: str, scheme: str) -> None:
    from tests.browser.test_a11y import axe_violations, describe

    context = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site_url + DECK + "?speaker", wait_until="load")
        page.wait_for_selector(".deck.is-speaker.is-ready", state="attached")
        speaker = axe_violations(page)
        page.goto(site_url + DECK, wait_until="load")
        page.wait_for_selector(".deck.is-ready", state="attached")
        page.keyboard.press("o")
        overview = axe_violations(page)
    finally:
        context.close()
    found = {k: v for k, v in {f"speaker view [{scheme}]": speaker, f"overview [{scheme}]": overview}.items() if v}
    assert not found, describe(found)
