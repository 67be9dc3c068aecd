"""Shared fixtures: the real data file, project copies to break on purpose, and built sites."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "docs" / "data" / "organisation-models.yaml"
DATA_REL = "docs/data/organisation-models.yaml"
# What a build needs from the project; copied so a test can break the data without touching ours.
# CONTRIBUTING.md: the Contributing page shows it (repo_file macro).
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "scripts", "CONTRIBUTING.md")


def run(cmd: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a command with the banner silenced, capturing text output."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run(cmd, cwd=cwd, env=full_env, text=True, capture_output=True, check=False)


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the project's build inputs."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def mkdocs_build(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project folder into `out`."""
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=project)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built once per test session with --strict."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def data_text() -> str:
    return DATA.read_text(encoding="utf-8")


def line_of(text: str, needle: str, start: int = 0) -> int:
    """1-based line number of the first occurrence of `needle` at or after character `start`."""
    index = text.index(needle, start)
    return text.count("\n", 0, index) + 1


Mutator = Callable[[str], str]
