"""`make check`, the fast check: every test but the browser ones, documented where a contributor looks."""

from __future__ import annotations

import re
import sys

from tests.conftest import ROOT, run


def collected(*args: str) -> set[str]:
    result = run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args], cwd=ROOT)
    assert result.returncode == 0, result.stdout[-2000:]
    return {line for line in result.stdout.splitlines() if "::" in line}


def test_make_check_runs_every_test_outside_tests_browser_but_the_two_engine_builds() -> None:
    recipe = run(["make", "--no-print-directory", "-n", "check"], cwd=ROOT).stdout
    selection = re.search(r"-m pytest -m \"([^\"]+)\"", recipe)
    assert selection, recipe
    assert "-m scripts.tools.contrib.tool validate" in recipe
    fast = collected("-m", selection.group(1))
    every = collected()
    browser = {test for test in every if test.startswith("tests/browser/")}
    parity = {test for test in every if test.startswith("tests/test_engine_parity.py::")}
    assert browser and parity and fast and fast == every - browser - parity


def test_make_check_is_where_a_contributor_looks() -> None:
    for doc in ("README.md", "CONTRIBUTING.md", ".github/PULL_REQUEST_TEMPLATE.md", ".pre-commit-config.yaml"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert re.search(r"make check(?![-\w])", text), f"{doc} does not point to `make check`"
