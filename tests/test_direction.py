"""Each dimension says which way is better, and the heat map and tables show it in colour and words.

No warning box is needed on the comparison page: a cell's colour class follows the dimension's
direction (blue better, orange worse, violet where neither end is better), each row says its
direction in words, and the legend explains both scales.
"""

from __future__ import annotations

from bs4 import BeautifulSoup

from scripts.pipeline.render import heatmap as hm, tables
from tests.conftest import ROOT, dataset

data = dataset()


def test_every_dimension_has_a_direction_and_the_costs_are_marked_worse() -> None:
    assert {d.direction for d in data.dimensions} <= {"better", "worse", "neutral"}
    worse = {d.id for d in data.dimensions if d.direction == "worse"}
    assert {"coordination-cost", "duplicated-effort", "churn-risk", "cognitive-load"} <= worse
    assert {"reporting-line", "model-ownership", "data-ownership"} <= {d.id for d in data.dimensions if d.direction == "neutral"}
    new = {"decision-clarity", "data-ownership", "redeployment"}
    assert new <= set(data.ids("dimensions"))
    assert all(data.position(m.id, d) for m in data.models for d in new)


def test_heat_map_colours_by_how_good_not_by_how_much() -> None:
    html = BeautifulSoup(hm.heatmap(data), "html.parser")
    expected = {
        "better": {5: "good2", 4: "good1", 3: "mid", 2: "bad1", 1: "bad2"},
        "worse": {5: "bad2", 4: "bad1", 3: "mid", 2: "good1", 1: "good2"},
        "neutral": {v: f"n{v}" for v in range(1, 6)},
    }
    for dim in data.dimensions:
        row = html.select_one(f'tr[data-dimension="{dim.id}"]')
        assert row["data-direction"] == dim.direction
        assert (
            row.select_one(".hm-dir").get_text()
            == {"better": "more is better", "worse": "more is worse", "neutral": "describes"}[dim.direction]
        )
        for cell in row.select("td.hm-cell"):
            value = data.level(cell["data-level"]).value
            assert f"hm-tone-{expected[dim.direction][value]}" in cell["class"], (dim.id, cell["data-model"])
    legend = html.select_one("figcaption").get_text()
    assert "much better" in legend and "much worse" in legend and "neither end is better" in legend


def test_tables_say_the_direction_of_each_row() -> None:
    html = BeautifulSoup(tables.comparison_table(data, lambda r: f"#ref-{r}", data.models, data.dimensions), "html.parser")
    for dim in data.dimensions:
        row = html.select_one(f'tr[data-dimension="{dim.id}"]')
        assert row.select_one(".cmp-dir").get_text().lower() == tables.direction_words(dim)
        badge = row.select_one("td .lvl")
        assert any(c.startswith("lvl-tone-") for c in badge["class"])


def test_the_comparison_page_needs_no_warning_box_and_cites_no_level_as_evidence() -> None:
    page = (ROOT / "docs" / "comparison.md").read_text(encoding="utf-8")
    assert "!!! warning" not in page and "High is not always good" not in page
    assert "The matrix shows that" not in page
    hybrid = (ROOT / "docs" / "hybrid.md").read_text(encoding="utf-8")
    assert "Read together, the tables show" not in hybrid
