"""Unit tests of scripts/pipeline/render/deck.py (title card, the talk and its presenters, compact mechanisms,
reference digest, QR code, question checklist, the per-slide Sources line), of the data file's
`talk:` section, and of the deck's Markdown conventions and time plan in docs/slides.md."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest
import segno
import yaml
from bs4 import BeautifulSoup

from scripts.pipeline.loader import DATA_FILE, SCHEMA_FILE, DataError, load
from scripts.pipeline.model import Dataset, Talk
from scripts.pipeline.render import deck
from tests.conftest import ROOT, line_of

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
        assert '??? notes "Speaker notes"' in slide, f"slide {number} has no speaker notes"


def test_deck_plan_budgets_every_part_from_a_real_slide(built_site: Path) -> None:
    """The front matter's plan: parts in slide order, whole minutes, 20-40 minutes in all, each
    starting at a slide whose heading id exists in the built deck, the first at the title slide."""
    text = (ROOT / "docs" / "slides.md").read_text(encoding="utf-8")
    plan = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))["plan"]
    html = (built_site / "slides" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    ids = [(s.find(["h1", "h2"], id=True) or {}).get("id") for s in soup.select("[data-slide]")]
    starts = [ids.index(part["from"]) for part in plan]
    assert starts[0] == 0 and starts == sorted(starts) and len(set(starts)) == len(starts), starts
    assert all(isinstance(part["minutes"], int) and part["minutes"] > 0 for part in plan)
    assert 20 <= sum(part["minutes"] for part in plan) <= 40
    # Each part after the opening starts with a section divider.
    layouts = [s["data-layout"] for s in soup.select("[data-slide]")]
    assert [layouts[i] for i in starts[1:]] == ["divider"] * (len(plan) - 1), layouts


# ---- The talk: data, presenters, short address ------------------------------------------------------


def test_talk_section_holds_only_what_the_talk_description_states(data: Dataset) -> None:
    talk = data.talk
    assert isinstance(talk, Talk)
    assert talk.title == data.reference(talk.source).title
    main = [p for p in talk.presenters if p.main]
    assert len(main) == 1 and main[0].role == "Applied Science Manager at Amazon Music"
    # The second presenter's role is not known: none is stated, anywhere.
    others = [p for p in talk.presenters if not p.main]
    assert others and all(p.role is None for p in others)
    assert {p.affiliation for p in talk.presenters} == {"Amazon Music ML"}
    html = deck.presenters(talk)
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select(".presenter-role")) == 1
    assert [li.select_one(".presenter-name").get_text() for li in soup.select("li")] == [p.name for p in talk.presenters]


def test_talk_title_leaves_unknown_fields_out(data: Dataset) -> None:
    talk = data.talk
    bare = dataclasses.replace(talk, date=None, venue=None)
    assert "talk-occasion" not in deck.talk_title(bare)
    full = deck.talk_title(dataclasses.replace(talk, date="2027-03-04", venue="A workshop, Berlin"))
    soup = BeautifulSoup(full, "html.parser")
    assert soup.select_one(".talk-occasion time")["datetime"] == "2027-03-04"
    assert "A workshop, Berlin" in soup.select_one(".talk-occasion").get_text()
    only_venue = BeautifulSoup(deck.talk_title(dataclasses.replace(talk, venue="Berlin")), "html.parser")
    assert only_venue.select_one(".talk-occasion").get_text() == "Berlin"


def test_short_address_is_the_talks_own_or_site_url_without_scheme(data: Dataset) -> None:
    assert deck.short_address(None, "https://example.org/talk/") == "example.org/talk"
    assert deck.short_address(dataclasses.replace(data.talk, address=None), "https://a.b/c/") == "a.b/c"
    assert deck.short_address(dataclasses.replace(data.talk, address="a.b/x"), "https://a.b/c/") == "a.b/x"
    html = deck.qr_code("https://example.org/talk/", True, "example.org/talk")
    caption = BeautifulSoup(html, "html.parser").figcaption
    assert caption.get_text() == "example.org/talk" and caption.a is None  # plain text: nothing to click on paper


def test_talk_source_must_be_a_reference(tmp_path: Path) -> None:
    text = DATA_FILE.read_text(encoding="utf-8")
    bad = text.replace("  source: talk\n", "  source: tallk\n", 1)
    assert bad != text
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "organisation-models.yaml"
    target.write_text(bad, encoding="utf-8")
    shutil.copy(SCHEMA_FILE, tmp_path / "data" / SCHEMA_FILE.name)
    with pytest.raises(DataError) as caught:
        load(target, SCHEMA_FILE, display="organisation-models.yaml")
    report = caught.value.report()
    assert f"organisation-models.yaml:{line_of(bad, 'source: tallk')}: talk.source: found 'tallk'" in report, report
    assert "Did you mean 'talk'?" in report


def test_question_checklist_keeps_the_order_asked_for(data: Dataset) -> None:
    ids = [data.questions[2].id, data.questions[0].id]
    soup = BeautifulSoup(deck.question_checklist(data, answers=False, ids=ids), "html.parser")
    assert [li["data-question"] for li in soup.select("ol > li")] == ids
    assert not soup.select(".q-answers")
    full = BeautifulSoup(deck.question_checklist(data), "html.parser")
    assert len(full.select("ol > li")) == len(data.questions)
    assert len(full.select(".q-answers .tick")) == sum(len(q.answers) for q in data.questions)


# ---- The Sources line ---------------------------------------------------------------------------------


def test_gather_sources_moves_each_slides_markers_to_one_line_at_its_foot(data: Dataset) -> None:
    from scripts.pipeline.render.references import cite

    def c(*ids: str) -> str:
        return cite(data, ids, href)

    md = (
        f"## One\n\n- a{c('conway-1968')}\n- b{c('talk', 'conway-1968')}\n\n"
        f'??? notes "Speaker notes"\n    said{c("fsdl-2022")}\n'
        "\n---\n\n"
        '## Two\n\nNo citation here.\n\n!!! notes "Speaker notes"\n    x\n'
        "\n---\n\n"
        f"## Three\n\n<table><tr><td>cell{c('fsdl-2022')}</td></tr></table>\n"
    )
    out = deck.gather_sources(md, data, href)
    one, two, three = re.split(r"\n\n---\n\n", out)
    shown, notes = one.split("??? notes", 1)
    assert "sup" not in shown  # no marker inside the lines
    assert 'sup class="cite"' in notes.split("slide-sources")[0]  # the notes keep theirs
    line = BeautifulSoup(notes, "html.parser").select_one(".slide-sources")
    numbers = [data.ref_number(r) for r in ("conway-1968", "talk")]
    assert [a.get_text() for a in line.select("a")] == [f"[{n}]" for n in numbers]  # first use, no repeats
    assert [a["href"] for a in line.select("a")] == [href("conway-1968"), href("talk")]
    assert "slide-sources" not in two and two == '## Two\n\nNo citation here.\n\n!!! notes "Speaker notes"\n    x'
    assert "sup" not in three.split("slide-sources")[0]
    assert f"[{data.ref_number('fsdl-2022')}]" in three
