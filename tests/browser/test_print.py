"""Print: `make slides-pdf` and `make handout` (scripts/pdf.py) read back with pypdf.

The slides PDF has one 16:9 landscape page per slide; the handout is A4 with "Page i of n" on
every page; and with print styles applied at A4's printable width, no handout table runs past
the right margin.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser
from pypdf import PdfReader

from scripts.pdf import print_documents

PT_PER_PX = 72 / 96
A4_PT = (595.28, 841.89)
MM_TO_PX = 96 / 25.4


@pytest.fixture(scope="session")
def pdfs(browser: Browser, built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both PDFs, printed once per session from the strict build, as the Makefile targets print them."""
    out = tmp_path_factory.mktemp("pdf")
    slides, handout = print_documents(browser, built_site, out, ["slides", "handout"])
    return {"slides": slides, "handout": handout}


def test_slides_pdf_has_one_16_9_landscape_page_per_slide(pdfs: dict[str, Path], built_site: Path) -> None:
    html = (built_site / "slides" / "index.html").read_text(encoding="utf-8")
    slides = BeautifulSoup(html, "html.parser").select("[data-slide]")
    reader = PdfReader(pdfs["slides"])
    assert len(reader.pages) == len(slides) > 0
    for number, page in enumerate(reader.pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width, height) == pytest.approx((1280 * PT_PER_PX, 720 * PT_PER_PX), abs=1), number
    # Page k shows slide k: its heading text is on it, and no speaker notes are printed.
    for number in (1, len(slides) // 2, len(slides)):
        heading = slides[number - 1].find(["h1", "h2"]).get_text(" ", strip=True)
        text = " ".join(reader.pages[number - 1].extract_text().split())
        assert heading.split(":")[0] in text, (number, heading)
        assert "Speaker notes" not in text


def test_handout_pdf_is_a4_with_page_numbers(pdfs: dict[str, Path]) -> None:
    reader = PdfReader(pdfs["handout"])
    total = len(reader.pages)
    assert 2 <= total <= 8, total
    for number, page in enumerate(reader.pages, 1):
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_PT, abs=1), number
        assert f"Page {number} of {total}" in " ".join(page.extract_text().split()), number
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for expected in ("Definitions", "The comparison matrix", "Mechanisms for moving between roles", "References"):
        assert expected in text, expected


def test_handout_tables_fit_the_printed_page_width(browser: Browser, site_url: str) -> None:
    """With print styles, at A4's printable width (210 mm less handout.css's 13 mm margins), every
    table and every cell stays inside the text column."""
    width = round((210 - 2 * 13) * MM_TO_PX)
    context = browser.new_context(viewport={"width": width, "height": 1100})
    page = context.new_page()
    try:
        page.goto(site_url + "handout/", wait_until="load")
        page.emulate_media(media="print")
        found = page.evaluate(
            """() => {
              const column = document.querySelector('.md-content__inner').getBoundingClientRect();
              const tables = [...document.querySelectorAll('.md-content table')];
              const bad = [];
              for (const t of tables) for (const el of [t, ...t.querySelectorAll('th, td')]) {
                const r = el.getBoundingClientRect();
                if (r.right > column.right + 1 || r.left < column.left - 1) bad.push(el.tagName + ' ' + el.textContent.slice(0, 30));
              }
              return {tables: tables.length, bad: bad.slice(0, 8), scroll: document.documentElement.scrollWidth};
            }"""
        )
    finally:
        context.close()
    assert found["tables"] >= 2, found
    assert not found["bad"], found
    assert found["scroll"] <= width, found
