"""Unit tests of the loader: the typed dataset it returns and its cross-checks."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from scripts.loader import DataError, Problem, did_you_mean, format_path, load
from scripts.model import Dataset
from tests.conftest import DATA


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load(DATA)


def test_every_model_has_a_position_on_every_dimension(data: Dataset) -> None:
    assert len(data.positions) == len(data.models) * len(data.dimensions)
    for model in data.models:
        for dim in data.dimensions:
            assert data.position(model.id, dim.id).level in {lv.id for lv in data.scale}


def test_objects_are_immutable(data: Dataset) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.models[0].label = "changed"  # type: ignore[misc]
    assert isinstance(data.models, tuple) and isinstance(data.models[0].strengths, tuple)


def test_scale_is_ordered_lowest_first(data: Dataset) -> None:
    assert [lv.value for lv in data.scale] == [1, 2, 3, 4, 5]
    assert data.scale[0].id == "very-low" and data.scale[-1].id == "very-high"


def test_reference_numbers_follow_the_list(data: Dataset) -> None:
    assert [data.ref_number(r.id) for r in data.references] == list(range(1, len(data.references) + 1))


def test_filtered_views(data: Dataset) -> None:
    structure = data.select_dimensions(group="structure")
    assert structure and all(d.group == "structure" for d in structure)
    assert [m.id for m in data.select_models(["embedded", "centralised"])] == ["embedded", "centralised"]
    assert {m.family for m in data.select_models(family="hybrid")} == {"hybrid"}


def test_every_reference_is_https_or_a_site_page(data: Dataset) -> None:
    for ref in data.references:
        assert (ref.url or "").startswith("https://") or (ref.page or "").endswith(".md")


def test_did_you_mean() -> None:
    assert did_you_mean("centralized", ["centralised", "embedded"]) == "Did you mean 'centralised'?"
    assert did_you_mean("zzz", ["centralised", "embedded"]) == ""


def test_format_path() -> None:
    assert format_path(("models", 2, "sources", 0)) == "models[2].sources[0]"
    assert format_path(()) == ""


def test_problem_text_names_everything() -> None:
    p = Problem("f.yaml", 7, "models[0].label", "empty text", "some text", "Did you mean 'x'?")
    assert str(p) == "f.yaml:7: models[0].label: found empty text; expected some text. Did you mean 'x'?"


def test_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        load(tmp_path / "nope.yaml")
    assert "nope.yaml:1" in str(info.value)


def test_yaml_core_schema_keeps_words_and_dates_as_text(tmp_path: Path) -> None:
    """YAML 1.2 rules: `no` and an unquoted date stay text, so contributors need not quote them."""
    from scripts.loader import read_yaml

    target = tmp_path / "d.yaml"
    target.write_text("a: no\nb: 2022-09-26\nc: 12\nd: true\ne: 1.5\nf: ~\n", encoding="utf-8")
    data, where = read_yaml(target, "d.yaml")
    assert data == {"a": "no", "b": "2022-09-26", "c": 12, "d": True, "e": 1.5, "f": None}
    assert where.line(("e",)) == 5
