"""Org charts and the heat map in the reader's browser, and "the data file alone is enough".

One temporary copy of the project gets a new model (with its positions and org chart; its points in
the decision aid are computed) and a new question, plus a page that shows every org chart and the heat map.
It is built with --strict once for this module. The build must show the new model and question
in the diagrams, the heat map and the decision aid; the browser checks legibility at 360 px,
both palettes, the heat map's tooltip on focus and that no request leaves the site.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page
from ruamel.yaml import YAML

from scripts.pipeline.loader import load
from scripts.pipeline.render.decide import ranking
from scripts.tools.quality.static_server import serving
from tests.browser.conftest import RequestLog
from tests.conftest import copy_project, mkdocs_build

NEW_MODEL = "guild-network"
NEW_QUESTION = "experiment-culture"
PAGE = "pictures-check.md"


def extend_data(path: Path) -> None:
    """Add one model (positions and org chart; its points are computed) and one question to the data file at `path`."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    doc = yaml.load(path.read_text(encoding="utf-8"))
    doc["models"].append(
        {
            "id": NEW_MODEL,
            "label": "Guild network <test>",
            "family": "embedded",
            "summary": "A test model added by tests/browser/test_pictures.py.",
            "structure": "Scientists sit in product teams and meet in a company-wide guild.",
            "strengths": [{"text": "Test strength.", "sources": ["talk"]}],
            "weaknesses": [{"text": "Test risk: nobody owns the shared tools.", "sources": ["talk"]}],
            "sources": ["talk"],
        }
    )
    for n, dim in enumerate(doc["dimensions"]):
        doc["positions"].append(
            {
                "model": NEW_MODEL,
                "dimension": dim["id"],
                # Very high on decision clarity (no other model is), so the new question below can make it win.
                "level": "very-high" if dim["id"] == "decision-clarity" else ["low", "medium", "high"][n % 3],
                "rationale": f"Test rationale {n} for the new model.",
                "sources": ["talk"],
            }
        )
    doc["org_charts"].append(
        {
            "model": NEW_MODEL,
            "description": "Test chart: two product teams, each with a scientist, and a guild.",
            "teams": [
                {"id": "team-a", "label": "Product team A", "kind": "product", "row": 0},
                {"id": "team-b", "label": "Product team B", "kind": "product", "row": 0},
                {"id": "guild", "label": "Science guild", "kind": "forum", "row": 1},
            ],
            "edges": [
                {"from": "guild", "to": "team-a", "kind": "consults"},
                {"from": "guild", "to": "team-b", "kind": "consults"},
                {"from": "team-a", "to": "team-b", "kind": "works-with"},
            ],
        }
    )
    # No weights to add for the new model: the decision aid computes them from its positions.
    doc["questions"].append(
        {
            "id": NEW_QUESTION,
            "text": "Does every team run its own experiments?",
            "help": "A test question added by tests/browser/test_pictures.py.",
            "dimensions": ["decision-clarity"],
            "rationale": "Test rationale for the new question.",
            "sources": ["talk"],
            "answers": [
                {"id": "yes", "label": "Yes, every team", "wants": {"decision-clarity": 2}},
                {"id": "no", "label": "No, a central team", "wants": {"decision-clarity": -2}},
            ],
        }
    )
    out = io.StringIO()
    yaml.dump(doc, out)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(project copy, built site) with the extra model, question and a page of every chart and the heat map."""
    project = copy_project(tmp_path_factory.mktemp("extended") / "project")
    extend_data(project / "docs" / "data" / "organisation-models.yaml")
    (project / "docs" / PAGE).write_text(
        "---\ntitle: Pictures check\ndescription: Every org chart and the heat map.\nrender_macros: true\n---\n\n"
        "# Pictures check\n\n{{ org_diagrams() }}\n\n## Heat map\n\n{{ heatmap() }}\n",
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "      - Which model fits us?: decide.md\n"
    assert anchor in text
    config.write_text(text.replace(anchor, anchor + f"      - Pictures check: {PAGE}\n"), encoding="utf-8")
    site = tmp_path_factory.mktemp("extended-site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return project, site


@pytest.fixture(scope="module")
def extended_url(extended: tuple[Path, Path]) -> Iterator[str]:
    with serving(extended[1]) as url:
        yield url


def html(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


# ============================================================================
# The data file alone: a new model and question appear everywhere
# ============================================================================


def test_a_new_model_and_question_appear_in_diagrams_heatmap_and_decision_aid(extended: tuple[Path, Path]) -> None:
    project, site = extended
    data = load(
        project / "docs" / "data" / "organisation-models.yaml", project / "docs" / "data" / "organisation-models.schema.json"
    )
    pictures = html(site, "pictures-check")
    # Diagrams: one figure per model, the new one with its own teams and relations.
    figures = pictures.select("figure.orgchart")
    assert [f["data-model"] for f in figures] == [m.id for m in data.models]
    new = pictures.select_one(f'figure.orgchart[data-model="{NEW_MODEL}"]')
    assert [g["data-team"] for g in new.select("g.oc-node[data-team]")] == ["team-a", "team-b", "guild"]
    assert len(new.select("g.oc-edge[data-kind]")) == 3
    assert "Guild network <test>" in new.find("title").get_text()  # escaped in the file, text again when parsed
    # Heat map: a column and a cell per dimension for the new model.
    heat = pictures.select_one("figure.heatmap")
    assert NEW_MODEL in [th["data-model"] for th in heat.select("thead th[data-model]")]
    assert len(heat.select(f'td.hm-cell[data-model="{NEW_MODEL}"]')) == len(data.dimensions)
    # Decision aid: the new question as a fieldset with its answers, the new model in every points table and the script's data.
    decide = html(site, "decide")
    fieldset = decide.select_one(f'fieldset[data-question="{NEW_QUESTION}"]')
    assert fieldset is not None
    assert [i["value"] for i in fieldset.select("input[type=radio]")] == ["yes", "no", ""]
    assert len(decide.select(f'table.decide-weights td[data-weight][data-model="{NEW_MODEL}"]')) == sum(
        len(q.answers) for q in data.questions
    )
    script = json.loads(decide.find("script", id="decide-data").string)
    assert NEW_MODEL in [m["id"] for m in script["models"]]
    assert NEW_QUESTION in [q["id"] for q in script["questions"]]


def test_the_new_model_can_win_in_the_browser(browser: Browser, extended: tuple[Path, Path], extended_url: str) -> None:
    project, _ = extended
    data = load(
        project / "docs" / "data" / "organisation-models.yaml", project / "docs" / "data" / "organisation-models.schema.json"
    )
    context = browser.new_context()
    log = RequestLog(context)
    try:
        page = context.new_page()
        page.goto(extended_url + "decide/")
        page.click(f'label[for="q-{NEW_QUESTION}-yes"]')
        shown = page.eval_on_selector_all("#decide-ranking li", "els => els.map(e => [e.dataset.model, +e.dataset.score])")
        assert [tuple(x) for x in shown] == ranking(data, {NEW_QUESTION: "yes"})
        assert shown[0][0] == NEW_MODEL
        assert "Test risk: nobody owns the shared tools." in page.inner_text("#decide-risks")
        assert log.offsite(extended_url) == []
    finally:
        context.close()


# ============================================================================
# Reading the pictures
# ============================================================================


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_charts_fit_at_360px_legible_when_tapped_and_follow_the_palette(browser: Browser, extended_url: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800}, color_scheme=scheme)
    log = RequestLog(context)
    try:
        page = context.new_page()
        page.goto(extended_url + "pictures-check/")
        # At first every chart fits the phone's width, the whole picture at a glance.
        fits = page.eval_on_selector_all(".oc-scroll", "els => els.map(e => e.scrollWidth <= e.clientWidth + 1)")
        assert fits and all(fits), fits
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        # Tapped (focused), each chart is shown at a legible size: every text, as drawn (font size
        # times the SVG's scale on screen), at least 12 px; too wide for the phone, the chart then
        # scrolls sideways inside its own box, the page does not.
        for n in range(len(fits)):
            page.locator(".oc-scroll").nth(n).focus()
            smallest = page.evaluate(
                """() => Math.min(...[...document.activeElement.querySelectorAll('svg.oc-svg text')].map(t =>
                     parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))"""
            )
            assert smallest >= 12, (n, smallest)
            assert page.evaluate("document.activeElement.scrollWidth > document.activeElement.clientWidth"), n
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
        # Colours come from the palette's variables: boxes are light in the light palette, dark in the dark one.
        fill = page.eval_on_selector("svg.oc-svg .oc-kind-science rect", "e => getComputedStyle(e).fill")
        channels = [int(c) for c in fill[fill.index("(") + 1 : -1].split(",")[:3]]
        assert (sum(channels) / 3 > 128) == (scheme == "light"), fill
        assert log.offsite(extended_url) == []
    finally:
        context.close()


def test_heatmap_tooltip_shows_on_focus_and_hover(page: Page, extended_url: str) -> None:
    page.goto(extended_url + "pictures-check/")
    cell = page.locator('td.hm-cell[data-model="embedded"][data-dimension="adaptability"]')
    value, tip = cell.locator(".hm-val"), cell.locator(".hm-tip")
    assert not tip.is_visible()
    # Keyboard: Tab from the cell before lands on this one and opens its tooltip.
    page.focus('td.hm-cell[data-model="centralised"][data-dimension="adaptability"] .hm-val')
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-describedby')") == value.get_attribute("aria-describedby")
    tip.wait_for(state="visible")
    box, view = tip.bounding_box(), page.viewport_size
    assert box and 0 <= box["x"] and box["x"] + box["width"] <= view["width"]
    page.keyboard.press("Tab")
    tip.wait_for(state="hidden")
    # Pointer: hovering a cell opens its tooltip too.
    other = page.locator('td.hm-cell[data-model="matrix"][data-dimension="cognitive-load"]')
    other.hover()
    other.locator(".hm-tip").wait_for(state="visible")
