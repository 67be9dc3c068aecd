"""Search results read as text: labels and values apart, no raw YAML, explanatory pages ranked first.

On the built site's search index (search/search_index.json), the file the browser's search reads.
The ranking itself is checked in the browser (tests/browser/test_reading.py); here, what feeds it.
"""

from __future__ import annotations

import itertools
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


def _glued_pairs(html: str) -> list[tuple[str, str]]:
    """Texts of neighbouring blocks in the article (cells of a row, items of a list, a summary and what it
    opens), as (end of the first, start of the second): in a search result they must not run together."""
    from bs4 import BeautifulSoup  # noqa: PLC0415

    article = BeautifulSoup(html, "html.parser").select_one("article")
    pairs: list[tuple[str, str]] = []
    if article is None:
        return pairs
    for parent in article.select("tr, ul, ol, details"):
        kids = [k for k in parent.find_all(recursive=False) if k.name in {"td", "th", "li", "summary", "ul", "ol", "p", "div"}]
        for first, second in itertools.pairwise(kids):
            if first.find_parent(attrs={"data-search-exclude": True}) or first.has_attr("data-search-exclude"):
                continue
            a, b = " ".join(first.get_text(" ").split()), " ".join(second.get_text(" ").split())
            if len(a) >= 3 and len(b) >= 3 and a[-1].isalnum() and b[0].isalnum():
                pairs.append((a[-12:], b[:12]))
    return pairs


def test_no_two_neighbouring_blocks_run_together_in_search_results(built_site: Path) -> None:
    """Every generated table, list and disclosure: two cells, two items or a summary and its list have a
    space between them in the search index, so a result reads "Key Type Required", not "KeyTypeRequired"."""
    docs = _index(built_site)
    checked = 0
    for page in sorted({d["location"].split("#")[0] for d in docs}):
        html_file = built_site / page / "index.html" if page else built_site / "index.html"
        if not html_file.is_file():
            continue
        text = " ".join(re.sub(r"<[^>]+>", "", _text(docs, page)).split())
        for a, b in _glued_pairs(html_file.read_text(encoding="utf-8")):
            if a in text and b in text:
                checked += 1
                assert a + b not in text, f"{page or 'home'}: {a!r} runs into {b!r} in the search index"
    assert checked > 500, checked  # the check saw the site's tables and lists
