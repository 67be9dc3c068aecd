"""The parsed data file is reused between rebuilds of `mkdocs serve` only while its bytes (and the schema's) are the same."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts.pipeline import data_cache
from scripts.pipeline.loader import SCHEMA_FILE, DataError
from tests.conftest import DATA


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setattr(data_cache, "_last", None)
    data, schema = tmp_path / DATA.name, tmp_path / SCHEMA_FILE.name
    shutil.copy2(DATA, data)
    shutil.copy2(SCHEMA_FILE, schema)
    return data, schema


def test_unchanged_files_are_not_parsed_again(files: tuple[Path, Path]) -> None:
    first = data_cache.load_with_plain_cached(*files)
    assert data_cache.load_with_plain_cached(*files) is first


def test_a_changed_data_file_is_loaded_again(files: tuple[Path, Path]) -> None:
    data, _ = files
    before = data_cache.load_with_plain_cached(*files)[1].models[0].summary
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace(f'summary: "{before}"', f'summary: "{before} Edited."', 1), encoding="utf-8")
    assert data_cache.load_with_plain_cached(*files)[1].models[0].summary == f"{before} Edited."


def test_a_changed_schema_counts_as_a_change(files: tuple[Path, Path]) -> None:
    _, schema = files
    first = data_cache.load_with_plain_cached(*files)
    schema.write_text(schema.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert data_cache.load_with_plain_cached(*files) is not first


def test_a_broken_save_is_reported_every_time_and_never_kept(files: tuple[Path, Path]) -> None:
    data, _ = files
    good = data.read_text(encoding="utf-8")
    first = data_cache.load_with_plain_cached(*files)
    data.write_text(good.replace("models:", "model_list:", 1), encoding="utf-8")
    for _ in range(2):  # the last good load is not handed back for a bad file
        with pytest.raises(DataError):
            data_cache.load_with_plain_cached(*files)
    data.write_text(good, encoding="utf-8")  # back to the bytes of the last good load
    assert data_cache.load_with_plain_cached(*files)[1] == first[1]
