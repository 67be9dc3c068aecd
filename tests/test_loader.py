"""Unit tests of the loader: the typed dataset it returns and its cross-checks."""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import jsonschema_rs
import pytest

from scripts.pipeline.loader import (
    SCHEMA_FILE,
    DataError,
    Problem,
    _python_validator,
    did_you_mean,
    format_path,
    load,
    load_plain,
    read_yaml,
    schema_problems,
)
from scripts.pipeline.model import Dataset
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
    from scripts.pipeline.loader import read_yaml

    target = tmp_path / "d.yaml"
    target.write_text("a: no\nb: 2022-09-26\nc: 12\nd: true\ne: 1.5\nf: ~\n", encoding="utf-8")
    data, where = read_yaml(target, "d.yaml")
    assert data == {"a": "no", "b": "2022-09-26", "c": 12, "d": True, "e": 1.5, "f": None}
    assert where.line(("e",)) == 5


# ---- Schema validation: the compiled validator's "valid?" against the full one's verdict -------------


BREAKS = [
    "wrong-type",
    "unknown-key",
    "missing-required",
    "bad-id",
    "id-with-newline",
    "http-url",
    "blank-text",
    "not-a-list",
    "number-as-key",
    "bad-date",
]


def _break(plain: dict, how: str) -> dict:
    """A deep copy of the plain data with one schema rule broken."""
    data = copy.deepcopy(plain)
    ref = data["references"][1]
    if how == "wrong-type":
        ref["year"] = "twenty twenty-two"
    elif how == "unknown-key":
        ref["colour"] = "blue"
    elif how == "missing-required":
        del data["models"][0]["label"]
    elif how == "bad-id":
        data["models"][0]["id"] = "Centralised Model"
    elif how == "id-with-newline":
        data["models"][0]["id"] = "centralised\n"
    elif how == "http-url":
        ref["url"] = "http://example.org/page"
    elif how == "blank-text":
        data["models"][0]["summary"] = "   "
    elif how == "not-a-list":
        data["glossary"] = {"term": "x"}
    elif how == "number-as-key":
        data["models"][0][2022] = "a YAML key written as a number"
    elif how == "bad-date":
        ref["date"] = "26 November 2026"
    return data


@pytest.mark.parametrize("how", BREAKS)
def test_schema_verdict_is_the_full_validators(how: str) -> None:
    """schema_problems() reports exactly when the pure-Python jsonschema (patterns read as ECMA-262) finds an
    error, and then all of them; an id ending in a newline is rejected (Python's own `$` would let it through)."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    _, where = read_yaml(DATA, "data.yaml")
    broken = _break(load_plain(DATA), how)
    full = list(_python_validator(schema).iter_errors(broken))
    problems = schema_problems(schema, broken, "data.yaml", where)
    assert bool(problems) == bool(full)
    assert len(problems) >= len(full)
    assert problems, f"{how}: the schema should reject this"
    assert all("\n" not in str(p) for p in problems)  # one line each, a newline in a value shown as \\n


def test_the_compiled_validator_accepts_what_the_schema_accepts() -> None:
    """The real file passes both validators, and they agree on every broken copy."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    plain = load_plain(DATA)
    fast, full = jsonschema_rs.validator_for(schema), _python_validator(schema)
    assert fast.is_valid(plain) and full.is_valid(plain)
    for how in BREAKS:
        broken = _break(plain, how)
        try:
            lets_through = fast.is_valid(broken)
        except ValueError:  # not JSON (a number as a key): schema_problems() asks the full validator
            assert how == "number-as-key"
            continue
        assert lets_through == full.is_valid(broken), how
