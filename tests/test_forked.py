"""The fork that starts the negative tests' commands (tests/forked.py) behaves as a fresh process would."""

from __future__ import annotations

import sys
from pathlib import Path

from tests import forked
from tests.conftest import DATA_REL, copy_project, run


def test_a_forked_build_prints_and_exits_as_a_fresh_process_does(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    data = project / DATA_REL
    data.write_text(data.read_text(encoding="utf-8").replace("\nscale:", "\nscales:", 1), encoding="utf-8")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")]
    assert forked.forkable(cmd)
    fork, fresh = run(cmd, cwd=project), run(cmd, cwd=project, fresh=True)
    assert fork.returncode == fresh.returncode == 1
    assert fork.stderr == fresh.stderr and "scales: found the unknown key" in fork.stderr
    assert fork.stdout == fresh.stdout


def test_the_fork_runs_the_copys_own_code_in_the_copys_folder(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    code = "import os, scripts.pipeline.loader as l; print(l.ROOT, os.getcwd(), os.environ['PROBE']); raise SystemExit(3)"
    result = run([sys.executable, "-c", code], cwd=project, PROBE="seen")
    assert result.returncode == 3
    assert result.stdout.split() == [str(project.resolve()), str(project), "seen"]


def test_serve_and_other_programs_are_never_forked() -> None:
    assert not forked.forkable([sys.executable, "-m", "mkdocs", "serve"])
    assert not forked.forkable([sys.executable, "-m", "pytest"])
    assert not forked.forkable(["git", "status"])
