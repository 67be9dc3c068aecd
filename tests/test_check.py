"""`make check`, the fast check: every test but the browser ones, the two engine builds and the few marked slow
(each named in the README), documented where a contributor looks."""

from __future__ import annotations

import re
import sys

from tests.conftest import ROOT, run


def collected(*args: str) -> tuple[set[str], dict[str, set[str]]]:
    """One collection of the whole suite: (tests selected, {test deselected: its markers}) by `args`."""
    plugin = ["-p", "tests.collect_report", "-p", "no:cacheprovider"]
    result = run([sys.executable, "-m", "pytest", "--collect-only", "-q", *plugin, *args], cwd=ROOT)
    assert result.returncode == 0, result.stdout[-2000:]
    lines = result.stdout.splitlines()
    deselected = {}
    for line in lines:
        if line.startswith("deselected: "):
            nodeid, _, markers = line.removeprefix("deselected: ").partition(" ")
            deselected[nodeid] = set(filter(None, markers.split(",")))
    return {line for line in lines if "::" in line and not line.startswith("deselected: ")}, deselected


def test_make_check_runs_every_test_but_the_browser_ones_the_engine_builds_and_the_few_named_slow() -> None:
    recipe = run(["make", "--no-print-directory", "-n", "check"], cwd=ROOT).stdout
    selection = re.search(r"-m pytest -m \"([^\"]+)\"", recipe)
    assert selection, recipe
    assert "-m scripts.tools.contrib.tool validate" in recipe
    fast, left_out = collected("-m", selection.group(1))
    every = fast | set(left_out)
    browser = {test for test in every if test.startswith("tests/browser/")}
    parity = {test for test in every if test.startswith("tests/test_engine_parity.py::")}
    slow = {test for test, markers in left_out.items() if "slow" in markers} - browser - parity
    assert browser and parity and fast and fast == every - browser - parity - slow
    # Few, and each named where the fast check is described, with why it is left out.
    assert len(slow) <= 3, sorted(slow)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for test in slow:
        assert test.rsplit("::", 1)[1] in readme, f"README does not name {test}, which `make check` leaves out"


def test_make_check_is_where_a_contributor_looks() -> None:
    for doc in ("README.md", "CONTRIBUTING.md", ".github/PULL_REQUEST_TEMPLATE.md", ".pre-commit-config.yaml"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert re.search(r"make check(?![-\w])", text), f"{doc} does not point to `make check`"
