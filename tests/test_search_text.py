"""Search results read as text: labels and values apart, no raw YAML, explanatory pages ranked first.

On the built site's search index (search/search_index.json), the file the browser's search reads.
The ranking itself is checked in the browser (tests/browser/test_reading.py); here, what feeds it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from scripts.pipeline.loader import DATA_FILE, SCHEMA_FILE, load_with_plain

DATA = load_with_plain(DATA_FILE, SCHEMA_FILE)[1]


def _index(site: Path) -> list[dict[str, Any]]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def _text(docs: list[dict[str, Any]], page: str) -> str:
    return " ".join(d["text"] for d in docs if d["location"].split("#")[0] == page)


def test_glossary_terms_and_definitions_are_apart(built_site: Path) -> None:
    text = re.sub(r"<[^>]+>", "", _text(_index(built_site), "glossary/"))
    for term in DATA.glossary:
        first = " ".join(term.definition.split()).split(" ")[0]
        assert f"{term.term} {first}" in text, f"glossary: '{term.term}' runs into its definition in search"


def test_case_facts_labels_and_values_are_apart(built_site: Path) -> None:
    text = _text(_index(built_site), "case-skyscanner/")
    case = next(c for c in DATA.case_studies if c.id.endswith("skyscanner") or "Skyscanner" in c.organisation)
    assert f"Organisation {case.organisation} " in text, "case facts: label and value run together in search"


def test_data_reference_yaml_examples_are_not_indexed(built_site: Path) -> None:
    html = (built_site / "data-reference" / "index.html").read_text(encoding="utf-8")
    assert "language-yaml" in html, "control: the page still shows its YAML examples"
    text = _text(_index(built_site), "data-reference/")
    assert "language-yaml" not in text and "\n- id:" not in text and "- id: " not in text


def test_repeating_pages_rank_below_the_explanatory_ones(built_site: Path) -> None:
    boosts = {d["location"]: d.get("boost", 1) for d in _index(built_site) if "#" not in d["location"]}
    for page in ("slides/", "handout/", "data-reference/"):
        assert boosts[page] < 1, f"{page} is not ranked below the explanatory pages"
    assert boosts["hybrid/"] == 1
