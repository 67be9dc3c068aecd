"""The live reload benchmark's helpers (scripts/tools/bench/reload.py): page addresses, the data edit, the verdicts.

The benchmark itself runs in `make bench`, not here: it starts two servers and takes minutes.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest

from scripts.pipeline.loader import load
from scripts.tools.bench import reload as bench_reload
from tests.conftest import DATA, ROOT


def test_page_addresses_follow_directory_urls() -> None:
    assert bench_reload.url_of("about.md") == "about/"
    assert bench_reload.url_of("index.md") == ""
    assert bench_reload.url_of("playbook/index.md") == "playbook/"
    assert bench_reload.url_of("playbook/start.md") == "playbook/start/"


def test_the_data_edit_finds_the_page_that_shows_the_summary(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "docs", tmp_path / "docs")  # the data file checks the pages it names
    summary = load(DATA).models[0].summary
    expanded = tmp_path / "expanded"
    (expanded / "b").mkdir(parents=True)
    (expanded / "a.md").write_text("# A\n\nNothing here.\n", encoding="utf-8")
    (expanded / "b" / "page.md").write_text(f"# B\n\n<p>{html.escape(summary)}</p>\n", encoding="utf-8")
    found_summary, rendered, page = bench_reload.summary_edit(tmp_path)
    assert (found_summary, rendered, page) == (summary, html.escape(summary), "b/page.md")
    (expanded / "b" / "page.md").write_text("# B\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="No page of the plain site shows"):
        bench_reload.summary_edit(tmp_path)


def result(page_ratio: float, data_ratio: float) -> dict:
    return {
        "runs": 3,
        "page": "about.md",
        "ours_s": {"page": 2.0 * page_ratio, "data": 2.0 * data_ratio},
        "plain_s": {"page": 2.0, "data": 2.0},
        "ratio": {"page": page_ratio, "data": data_ratio},
        "rebuild_s": {"ours": 1.2, "plain": 1.0},
        "cpu_s": {"ours": {"page": 1.1, "data": 1.2}, "plain": {"page": 1.0, "data": 1.0}},
        "cpu_ratio": {"page": 1.1, "data": 1.2},
    }


def test_the_report_says_met_or_missed_against_1_3x() -> None:
    lines = bench_reload.report_lines(result(1.25, 1.35))
    assert "1.25x** | <= 1.3x: met" in lines[0]
    assert "1.35x** | <= 1.3x: MISSED" in lines[1]
    assert any("server CPU per reload" in line and "1.10x / 1.20x" in line for line in lines)
