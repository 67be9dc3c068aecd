"""Valid HTML: html-validate (npm, pinned in package.json) finds zero errors on every built page.

The rules are the `html-validate:standard` preset (the HTML standard itself; accessibility is axe-core's job in
tests/browser/test_a11y.py). A rule switched off in .htmlvalidate.json must say why, in its `reason`.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from scripts.tools.quality.site_pages import html_files
from tests.conftest import ROOT

HTML_VALIDATE = ROOT / "node_modules" / ".bin" / "html-validate"
CONFIG = ROOT / ".htmlvalidate.json"


def html_validate(files: list[Path]) -> list[dict[str, Any]]:
    """html-validate's JSON report (one entry per file with problems) for `files`, using the project's config."""
    assert HTML_VALIDATE.exists(), f"{HTML_VALIDATE} is missing: run `npm ci` (make test does)"
    with tempfile.TemporaryDirectory() as tmp:
        # Written to a file: Node may cut a long report short when it exits while writing to a pipe.
        report = Path(tmp) / "report.json"
        result = subprocess.run(
            [str(HTML_VALIDATE), "--config", str(CONFIG), "--formatter", f"json={report}", *map(str, files)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode in (0, 1), result.stderr  # 0: valid, 1: problems found; anything else is a crash
        return json.loads(report.read_text(encoding="utf-8") or "[]") if report.exists() else []


def test_every_built_page_is_valid_html(built_site: Path) -> None:
    pages = [built_site / rel for rel in html_files(built_site)]
    assert len(pages) > 10
    report = html_validate(pages)
    problems = [
        f"{Path(f['filePath']).relative_to(built_site)}:{m['line']}:{m['column']}: {m['message']} [{m['ruleId']}]"
        for f in report
        for m in f["messages"]
        if m["severity"] >= 2
    ]
    assert not problems, "html-validate errors:\n" + "\n".join(problems[:60])


def test_the_validator_reports_invalid_markup(tmp_path: Path) -> None:
    """Control: the same command and config do report broken HTML, so a clean result means something."""
    page = tmp_path / "broken.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>'
        '<body><p id="a">x</p><p id="a">y</p><ul><div>z</div></ul><a href="#" tabindex="">w</a></body></html>',
        encoding="utf-8",
    )
    rules = {m["ruleId"] for f in html_validate([page]) for m in f["messages"]}
    assert {"no-dup-id", "element-permitted-content", "attribute-allowed-values"} <= rules, rules


def test_every_rule_switched_off_says_why() -> None:
    config = json.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["extends"] == ["html-validate:standard"]
    for rule, setting in config.get("rules", {}).items():
        level = setting[0] if isinstance(setting, list) else setting
        if level in ("off", 0):
            assert isinstance(setting, list) and len(setting[1].get("reason", "")) > 40, f"{rule}: no reason given"


def test_theme_markup_fixes_reach_the_build(built_site: Path) -> None:
    """The block overrides in overrides/main.html apply: named search dialog, no empty tabindex, no rel=edit."""
    html = (built_site / "index.html").read_text(encoding="utf-8")
    dialog = html.split('data-md-component="search"', 1)[1][:60]
    assert 'role="dialog"' in dialog and 'aria-label="Search"' in dialog
    assert 'class="md-nav__link' in html and 'tabindex=""' not in html
    assert "md-content__button" in html and 'rel="edit"' not in html
