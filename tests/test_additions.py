"""A contributor adds a model and a dimension to the data file, and nothing else: both appear everywhere they should.

The test builds a copy of the project twice: as it is, then with one more model in its data file
(with its positions, org chart and decision-aid weights) and one more dimension (with a position
for every model). It then compares every table of models and dimensions of the two builds. A
table that showed every model, or exactly the models of the new model's family (a table filtered
by family), must now show the new model too; a table that showed every dimension, or exactly
those of the new dimension's group, must show the new dimension. Tables that list chosen models
or dimensions must stay as they were. That covers the comparison tables, the heat maps, the
decision aid's weight tables and the slides, whichever pages use them, without naming a page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from scripts.tools.quality.site_pages import html_files
from tests import data_edits
from tests.conftest import CopyBuild, dataset

data = dataset()
NEW_FAMILY = "hybrid"  # the family data_edits gives the new model
NEW_GROUP = data.groups[0].id  # the group data_edits gives the new dimension


@dataclass(frozen=True)
class Grid:
    """A table of the site that lays out models and/or dimensions."""

    where: str  # page and position, for messages
    models: frozenset[str]
    dimensions: frozenset[str]


def grids(site: Path) -> dict[str, Grid]:
    """Every table with model columns or dimension rows, keyed by page and its index on the page."""
    found: dict[str, Grid] = {}
    for rel in html_files(site):
        text = (site / rel).read_text(encoding="utf-8")
        if "data-model=" not in text and "data-dimension=" not in text:
            continue  # no such table on this page (and no need to parse it)
        soup = BeautifulSoup(text, "html.parser")
        tables = [t for t in soup.find_all("table") if t.select("[data-model]") or t.select("tr[data-dimension]")]
        for n, table in enumerate(tables):
            assert isinstance(table, Tag)
            key = f"{rel.as_posix()} table {n + 1} ({(table.caption.get_text(' ', strip=True) if table.caption else '')[:60]})"
            found[key] = Grid(
                key,
                frozenset(str(el["data-model"]) for el in table.select("[data-model]")),
                frozenset(str(tr["data-dimension"]) for tr in table.select("tr[data-dimension]")),
            )
    return found


@pytest.fixture(scope="module")
def sites(built_site: Path, extended_build: CopyBuild) -> tuple[Path, Path]:
    """The site as it is, and a copy of the project built with one new model and one new dimension added to
    its data file and nothing else (tests/conftest.py, `extended_build`)."""
    return built_site, extended_build.site


@pytest.fixture(scope="module")
def extended_site(sites: tuple[Path, Path]) -> Path:
    return sites[1]


def whole_groups(dimensions: frozenset[str]) -> set[str]:
    """Every dimension of each group that `dimensions` touches: equal to `dimensions` when they are whole groups."""
    groups = {d.group for d in data.dimensions if d.id in dimensions}
    return {d.id for d in data.dimensions if d.group in groups}


def test_the_new_model_and_dimension_appear_in_every_table_that_shows_all(sites: tuple[Path, Path]) -> None:
    before, after = grids(sites[0]), grids(sites[1])
    assert before.keys() == after.keys(), "the same pages should have the same tables"
    all_models = {m.id for m in data.models}
    family = {m.id for m in data.models if m.family == NEW_FAMILY}
    all_dimensions = {d.id for d in data.dimensions}
    group = {d.id for d in data.dimensions if d.group == NEW_GROUP}
    shown_in = {"model": 0, "dimension": 0, "group table": 0}
    group_tables = 0
    for key, old in before.items():
        new = after[key]
        if old.models:
            assert new.models - {data_edits.NEW_MODEL} == old.models, key
            # Every model: not filtered, so the new one must join. Exactly one family's models: filtered by
            # family or a list that happens to match it, either may be right. Anything else is a chosen list.
            if old.models == all_models:
                assert data_edits.NEW_MODEL in new.models, f"{key}: the new model is missing"
                shown_in["model"] += 1
            elif old.models != family:
                assert data_edits.NEW_MODEL not in new.models, f"{key}: a table of chosen models shows the new model"
        if old.dimensions:
            assert new.dimensions - {data_edits.NEW_DIMENSION} == old.dimensions, key
            if old.dimensions == all_dimensions:
                assert data_edits.NEW_DIMENSION in new.dimensions, f"{key}: the new dimension is missing"
                shown_in["dimension"] += 1
            elif old.dimensions == group:
                group_tables += 1
                shown_in["group table"] += data_edits.NEW_DIMENSION in new.dimensions
            elif data_edits.NEW_DIMENSION in new.dimensions:
                # Only a table of several whole groups (e.g. half of the heat map on a slide, filtered by
                # groups) may show it, and only when its group is one of them; a list of chosen ids never.
                assert old.dimensions == whole_groups(old.dimensions) and group & old.dimensions, (
                    f"{key}: a table of chosen dimensions shows the new dimension"
                )
            else:
                assert data_edits.NEW_DIMENSION not in new.dimensions, (
                    f"{key}: a table of chosen dimensions shows the new dimension"
                )
    # The full comparison at least; and a table of the new dimension's group (a page filtered by group) shows it.
    assert shown_in["model"] >= 1 and shown_in["dimension"] >= 1, shown_in
    assert group_tables == 0 or shown_in["group table"] >= 1, "no table of the new dimension's group shows it"


def test_the_new_model_gets_labels_and_levels_in_the_full_comparison(extended_site: Path) -> None:
    view = BeautifulSoup((extended_site / "compare" / "index.html").read_text(encoding="utf-8"), "html.parser")
    table = view.find(id="compare").find("table", class_="cmp")
    heads = {th["data-model"]: th.get_text(" ", strip=True) for th in table.select("thead th[data-model]")}
    assert heads[data_edits.NEW_MODEL] == data_edits.NEW_MODEL_LABEL
    row = table.select_one(f'tr[data-dimension="{data_edits.NEW_DIMENSION}"]')
    assert row.select_one(".cmp-dim").get_text() == data_edits.NEW_DIMENSION_LABEL
    cells = {td["data-model"]: td["data-level"] for td in row.select("td[data-model]")}
    assert cells == {**{m.id: "high" for m in data.models}, data_edits.NEW_MODEL: "high"}
    assert {td["data-level"] for td in table.select(f'td[data-model="{data_edits.NEW_MODEL}"]')} == {"medium", "high"}


def test_the_decision_aid_ranks_the_new_model(extended_site: Path) -> None:
    pages = [rel for rel in html_files(extended_site) if 'id="decide-data"' in (extended_site / rel).read_text(encoding="utf-8")]
    assert pages, "no page carries the decision aid"
    for rel in pages:
        soup = BeautifulSoup((extended_site / rel).read_text(encoding="utf-8"), "html.parser")
        payload = json.loads(soup.select_one("script#decide-data").string)
        assert data_edits.NEW_MODEL in json.dumps(payload), rel
        assert soup.select_one("#decide")["data-models"] == str(len(data.models) + 1)


def test_the_slides_show_the_new_dimension(extended_site: Path) -> None:
    """The slides compare chosen models, so a new model joins them only when a slide names it; a new dimension joins the heat map."""
    slides = BeautifulSoup((extended_site / "slides" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert slides.select(f'tr[data-dimension="{data_edits.NEW_DIMENSION}"]'), "no slide shows the new dimension"


def test_the_data_reference_and_downloads_carry_the_additions(extended_site: Path) -> None:
    exported = json.loads((extended_site / "data" / "organisation-models.json").read_text(encoding="utf-8"))
    assert data_edits.NEW_MODEL in [m["id"] for m in exported["models"]]
    assert data_edits.NEW_DIMENSION in [d["id"] for d in exported["dimensions"]]
