"""scripts/tools/contrib/scaffold.py: the boilerplate of a new model or dimension, added as TODOs the check rejects."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scripts.pipeline.loader import DataError, load
from scripts.tools.contrib import scaffold
from tests import data_edits
from tests.conftest import DATA, ROOT, dataset, run

TEXT = DATA.read_text(encoding="utf-8")
data = dataset()


def problems(text: str, tmp_path: Path) -> list[str]:
    target = tmp_path / "organisation-models.yaml"
    target.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load(target)
    return [str(p) for p in caught.value.problems]


def test_a_scaffolded_model_fails_only_on_its_todos(tmp_path: Path) -> None:
    text, done = scaffold.scaffold_model(
        data_edits.add_model(TEXT, positions=False, chart=False, weights=False), data_edits.NEW_MODEL
    )
    assert done == [f"{len(data.dimensions)} position(s)", "an org chart"]
    found = problems(text, tmp_path)
    # Per position: level, rationale and sources; the chart: description, team id, label, kind. No weights:
    # the decision aid computes them from the positions.
    assert len(found) == 3 * len(data.dimensions) + 4, "\n".join(found)
    assert all("TODO" in p or "empty text" in p or "0 item(s)" in p for p in found), "\n".join(found)
    # Run again: nothing left to add.
    assert scaffold.scaffold_model(text, data_edits.NEW_MODEL)[1] == []


def test_a_scaffolded_dimension_fails_only_on_its_todos(tmp_path: Path) -> None:
    text, done = scaffold.scaffold_dimension(data_edits.add_dimension(TEXT, positions=False), data_edits.NEW_DIMENSION)
    assert done == [f"{len(data.models)} position(s)"]
    found = problems(text, tmp_path)
    assert len(found) == 3 * len(data.models)
    filled = (
        text.replace("level: TODO", "level: low")
        .replace('rationale: ""', 'rationale: "Why."')
        .replace("sources: []", "sources: [talk]")
    )
    target = tmp_path / "filled.yaml"
    target.write_text(filled, encoding="utf-8")
    assert len(load(target).dimensions) == len(data.dimensions) + 1


def test_the_command_names_a_missing_model_and_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "data.yaml"
    target.write_text(TEXT, encoding="utf-8")
    result = run(
        [sys.executable, "-m", "scripts.tools.contrib.scaffold", "model", "no-such-model", "--file", str(target)], cwd=ROOT
    )
    assert result.returncode == 1
    assert "there is no model 'no-such-model' under models: add it there first" in result.stderr
    assert target.read_text(encoding="utf-8") == TEXT
