"""Print: `make slides-pdf`, `make handout` and `make worksheet` (scripts/tools/present/pdf.py) read back with pypdf.

The slides PDF has one 16:9 landscape page per slide; the handout is at most four A4 pages with
"Page i of n" on every page, the talk, its presenters and the short address on one line on page 1,
and no table split across pages or running past the right margin; the worksheet is one A4 page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser
from pypdf import PdfReader

from scripts.pipeline.loader import load
from scripts.tools.present.pdf import print_documents

PT_PER_PX = 72 / 96
A4_PT = (595.28, 841.89)
MM_TO_PX = 96 / 25.4


@pytest.fixture(scope="session")
def pdfs(browser: Browser, built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both PDFs, printed once per session from the strict build, as the Makefile targets print them."""
    out = tmp_path_factory.mktemp("pdf")
    slides, handout, worksheet = print_documents(browser, built_site, out, ["slides", "handout", "worksheet"])
    return {"slides": slides, "handout": handout, "worksheet": worksheet}


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
        heading = slides[number - 1].find(["h1", "h2"]).get_text(" ", strip=True).replace("\u00b6", "").strip()
        text = " ".join(reader.pages[number - 1].extract_text().split())
        assert heading.split(":")[0] in text, (number, heading)
        assert "Speaker notes" not in text


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_handout_pdf_is_at_most_four_a4_pages_with_page_numbers(pdfs: dict[str, Path]) -> None:
    reader = PdfReader(pdfs["handout"])
    total = len(reader.pages)
    assert 2 <= total <= 4, total
    for number, page in enumerate(reader.pages, 1):
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_PT, abs=1), number
        assert f"Page {number} of {total}" in " ".join(page.extract_text().split()), number
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for expected in (
        "Three ways to place ML scientists",
        "Every model on every dimension",
        "Questions to ask your organisation",
        "Mechanisms for moving between roles",
        "References",
    ):
        assert expected in text, expected
    assert "make handout" not in text and "make " not in text.lower().split("references")[0]  # no maintainer instructions


def test_handout_page_one_has_the_talk_presenters_and_the_address_on_one_line(pdfs: dict[str, Path]) -> None:
    data = load()
    first = page_texts(pdfs["handout"])[0]
    flat = " ".join(first.split())
    assert " ".join(data.talk.title.split()[:4]) in flat
    for presenter in data.talk.presenters:
        assert presenter.name in flat, presenter.name
        if presenter.role:
            assert presenter.role in flat
    address = configured_short_address()
    assert any(address in line for line in first.splitlines()), f"{address} is not on one line of page 1"
    for model in ("centralised", "embedded", "hybrid"):  # the three models, each with its definition
        assert " ".join(data.model(model).summary.split()[:5]) in flat, model


def test_handout_tables_are_not_split_across_pages(pdfs: dict[str, Path]) -> None:
    """The heat map's rows and the mechanisms' rows each print on one page."""
    data = load()
    pages = [" ".join(t.split()) for t in page_texts(pdfs["handout"])]
    for label, rows in (("heat map", [d.label for d in data.dimensions]), ("mechanisms", [m.label for m in data.mechanisms])):
        where = {row: [n for n, text in enumerate(pages, 1) if row in text] for row in rows}
        assert all(where.values()), (label, where)
        first_pages = {found[0] for found in where.values()}
        assert len(first_pages) == 1, (label, where)


def test_worksheet_is_one_a4_page_with_every_question(pdfs: dict[str, Path]) -> None:
    data = load()
    reader = PdfReader(pdfs["worksheet"])
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4_PT, abs=1)
    text = " ".join(page.extract_text().split())
    for question in data.questions:
        assert question.text in text, question.id
    assert all(m.label in text for m in data.mechanisms)
    assert configured_short_address() in text


def configured_short_address() -> str:
    from tests.browser.test_slides import configured_site_url

    return configured_site_url().split("://", 1)[1].rstrip("/")


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
    assert found["tables"] >= 2, found  # the heat map and the mechanisms
    assert not found["bad"], found
    assert found["scroll"] <= width, found
