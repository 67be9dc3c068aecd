"""Unit tests of scripts/render/deck.py (title card, compact mechanisms, reference digest, QR code)
and of the deck's Markdown conventions in docs/slides.md."""

from __future__ import annotations

import re

import pytest
import segno
from bs4 import BeautifulSoup

from scripts.loader import DATA_FILE, SCHEMA_FILE, load
from scripts.model import Dataset
from scripts.render import deck
from tests.conftest import ROOT

PAYLOAD = '<script>x</script> {{ y }} "q" & a|b'


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load(DATA_FILE, SCHEMA_FILE)


def href(ref_id: str) -> str:
    return f"../references/#ref-{ref_id}"


def svg_matrix(svg: str) -> list[list[bool]]:
    """Dark modules of segno's inline SVG path (runs of 'h' along rows), as a boolean matrix."""
    soup = BeautifulSoup(svg, "html.parser")
    size = int(soup.svg["viewbox"].split()[2])
    grid = [[False] * size for _ in range(size)]
    path = soup.select("path")[-1]["d"]
    x = y = 0.0
    for cmd, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", path):
        if cmd == "M":
            x, y = float(a), float(b)
        elif cmd == "m":
            x, y = x + float(a), y + float(b)
        else:
            for k in range(int(float(a))):
                grid[int(y)][int(x) + k] = True
            x += float(a)
    return grid


def test_qr_code_is_inline_svg_of_the_url_with_a_quiet_zone() -> None:
    url = "https://example.org/site/"
    html = deck.qr_code(url)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.figure["data-qr-text"] == url and soup.find("img") is None
    assert soup.figcaption.a["href"] == url
    expected = segno.make(url, error="m", micro=False)
    grid = svg_matrix(html)
    border = 4
    assert len(grid) == len(expected.matrix) + 2 * border
    inner = [row[border:-border] for row in grid[border:-border]]
    assert inner == [[bool(v) for v in row] for row in expected.matrix]
    assert not any(grid[0]) and not any(row[0] for row in grid)


def test_qr_code_escapes_the_address_and_refuses_relative_ones() -> None:
    url = 'https://example.org/?a="b"&c=<d>'
    html = deck.qr_code(url)
    assert "<d>" not in html and '"b"' not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.figure["data-qr-text"] == url == soup.svg["aria-label"].removeprefix("QR code for ")
    assert soup.figcaption.get_text() == url
    for bad in ("/relative/", "example.org", "ftp://example.org/", ""):
        with pytest.raises(ValueError):
            deck.qr_code(bad)


def test_title_card_uses_the_reference(data: Dataset) -> None:
    soup = BeautifulSoup(deck.title_card(data, "talk"), "html.parser")
    talk = data.reference("talk")
    assert soup.h1.get_text() == talk.title
    assert all(name in soup.select_one(".deck-byline").get_text() for name in talk.authors)


def test_mechanisms_compact_keeps_order_and_filters(data: Dataset) -> None:
    every = BeautifulSoup(deck.mechanisms_compact(data, href), "html.parser")
    assert [tr["data-mechanism"] for tr in every.select("tbody tr")] == [m.id for m in data.mechanisms]
    two = [data.mechanisms[-1].id, data.mechanisms[0].id]
    some = BeautifulSoup(deck.mechanisms_compact(data, href, two), "html.parser")
    assert [tr["data-mechanism"] for tr in some.select("tbody tr")] == [data.mechanisms[0].id, data.mechanisms[-1].id]


def test_reference_digest_numbers_match_the_citations(data: Dataset) -> None:
    soup = BeautifulSoup(deck.reference_digest(data), "html.parser")
    items = soup.select("ol.ref-digest > li")
    assert [li["data-ref"] for li in items] == [r.id for r in data.references]
    assert [int(li["value"]) for li in items] == [data.ref_number(r.id) for r in data.references]
    first = data.references[0]
    assert first.title in items[0].get_text()


def test_data_text_cannot_inject_markup(data: Dataset) -> None:
    import dataclasses

    ref = dataclasses.replace(data.reference("talk"), title=PAYLOAD, authors=(PAYLOAD,))
    bad = dataclasses.replace(data, references=(ref, *data.references[1:]))
    for html in (deck.title_card(bad, "talk"), deck.reference_digest(bad)):
        assert "<script>" not in html and "{{" not in html
        assert PAYLOAD in BeautifulSoup(html, "html.parser").get_text()


# ---- The deck's source ------------------------------------------------------------------------------


def slides_source() -> list[str]:
    """docs/slides.md cut into slides the way overrides/slides.html cuts it (at lines of three dashes)."""
    text = (ROOT / "docs" / "slides.md").read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1].split("\n---\n", 1)[1]  # drop the front matter
    return re.split(r"\n\n---\n\n", body)


def test_every_slide_separator_has_blank_lines_around_it() -> None:
    """Without a blank line above it, Markdown would turn `---` into a heading underline."""
    text = (ROOT / "docs" / "slides.md").read_text(encoding="utf-8")
    body = text.split("\n---\n", 2)[2]
    for number, line in enumerate(body.splitlines()):
        if line.strip() == "---":
            lines = body.splitlines()
            assert lines[number - 1] == "" and lines[number + 1] == "", f"line {number}: '---' needs blank lines around it"


def test_every_slide_after_the_first_has_a_heading_and_notes() -> None:
    slides = slides_source()
    assert 20 <= len(slides) <= 30
    for number, slide in enumerate(slides, 1):
        if number > 1:
            assert re.search(r"^## \S", slide, re.MULTILINE), f"slide {number} has no level-2 heading"
        assert '!!! notes "Speaker notes"' in slide, f"slide {number} has no speaker notes"
