"""Playbook tests: the five pages exist in their own nav section, are long enough in prose, cite
evidence, label the site's analysis consistently, are found by search; the worked example's
decision-aid link carries a valid state; the aid's result links to playbook sections that exist;
the case studies' "after the workshop" slot renders, and bad playbook data gets a located error.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from scripts.pipeline import pages
from scripts.pipeline.loader import SCHEMA_FILE, DataError, load
from scripts.pipeline.model import Claim, PresentersAccount
from scripts.pipeline.render import decide, playbook, tables
from tests.conftest import DATA, ROOT, dataset
from tests.test_corpus import front_matter, prose_words, search_text_by_page, searchable

DOCS = ROOT / "docs"
data = dataset()

# Page -> search terms that must find it (each term is a topic the page is the place for).
PLAYBOOK = {
    "playbook/people.md": ("calibration", "secondment", "decision rights", "product manager", "guaranteed return"),
    "playbook/sizing.md": ("headcount", "chargeback", "lone scientist", "warning signs", "seven to nine"),
    "playbook/anti-patterns.md": ("ticket queue", "shadow ML teams", "yearly reorganisations", "unicorn"),
    "playbook/llm-era.md": ("model gateway", "guardrails", "retrieval", "prompt", "fine-tuning"),
    "playbook/worked-example.md": ("composite", "three quarters", "eight product teams", "baseline"),
}
MIN_PROSE_WORDS = 1200
MARKER = "**Our analysis.**"  # the one label the whole site uses for its own analysis
OTHER_MARKERS = re.compile(r"this site's analysis|our reading|in our view|we think", re.IGNORECASE)
WORKED = "playbook/worked-example.md"


def source(src: str) -> str:
    return (DOCS / src).read_text(encoding="utf-8")


def prose_without_tables(markdown: str) -> int:
    """Words of prose with Markdown tables left out, so tables cannot make up the length."""
    return prose_words("\n".join(line for line in markdown.splitlines() if not line.lstrip().startswith("|")))


def built(site: Path, src: str) -> BeautifulSoup:
    path = site / pages.page_url(src) / "index.html"
    assert path.is_file(), f"{src} was not built"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def sections(markdown: str) -> list[str]:
    """The page body cut at its second-level headings (the part before the first one included)."""
    return re.split(r"^## ", markdown, flags=re.MULTILINE)


# ============================================================================
# Presence and reading aids
# ============================================================================


def test_playbook_is_a_nav_section_with_the_five_pages() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    section = next((item["Playbook"] for item in config["nav"] if isinstance(item, dict) and "Playbook" in item), None)
    assert section is not None, "no 'Playbook' section in the nav"
    listed = [next(iter(entry.values())) for entry in section]
    assert listed == list(PLAYBOOK), f"Playbook nav lists {listed}"


@pytest.mark.parametrize("src", PLAYBOOK)
def test_page_follows_the_conventions(built_site: Path, src: str) -> None:
    meta = front_matter(source(src))
    assert meta.get("render_macros") is True, f"{src}: render_macros is not on"
    assert isinstance(meta.get("description"), str) and 50 <= len(meta["description"]) <= 160
    content = built(built_site, src).select_one("article.md-content__inner")
    h1 = content.find("h1")
    box = h1.find_next_sibling()
    assert box.select_one(".admonition-title").get_text(strip=True) == "In short", f"{src}: no 'In short' first"
    h2s = content.find_all("h2")
    assert h2s[-1].get("id") == "related-pages", f"{src}: 'Related pages' is not last"
    assert len(h2s[-1].find_next_sibling("ul").select("a[href]")) >= 3
    assert content.find("table") is not None, f"{src}: no table for readers to compare"


@pytest.mark.parametrize("src", PLAYBOOK)
def test_prose_is_at_least_1200_words_without_tables(src: str) -> None:
    words = prose_without_tables(source(src))
    assert words >= MIN_PROSE_WORDS, f"{src}: {words} words of prose outside tables, needs {MIN_PROSE_WORDS}"


def test_table_words_do_not_count_as_prose() -> None:
    """The counter can fail: a page that is all table has no prose."""
    table = "| a | b |\n|---|---|\n" + "| many words in a cell | and more words here |\n" * 50
    assert prose_without_tables(table) == 0
    assert prose_words(table) > 200


# ============================================================================
# Sources and the analysis marker
# ============================================================================


@pytest.mark.parametrize("src", PLAYBOOK)
def test_citations_exist_and_are_backed_by_evidence(src: str) -> None:
    cited = re.findall(r"cite\(([^)]*)\)", source(src))
    names = [name for call in cited for name in re.findall(r'"([^"]+)"', call)]
    assert len({n.split("#")[0] for n in names} - {"talk"}) >= 5, f"{src}: fewer than five sources besides the talk"
    for name in names:
        ref_id, _, piece = name.partition("#")
        ref = data.reference(ref_id)  # KeyError: unknown reference
        if ref.evidence:  # a source with a ledger is cited by the piece a sentence rests on
            assert piece, f"{src}: cites '{ref_id}' without naming one of its evidence pieces"
            assert piece in {e.id for e in ref.evidence}, f"{src}: '{name}' names no evidence of {ref_id}"
    backed = sum(1 for n in names if "#" in n)
    assert backed / len(names) >= 0.5, f"{src}: only {backed} of {len(names)} citations name evidence"


def test_new_sources_carry_evidence() -> None:
    """Every source this issue added has at least two verified passages (quote and locator)."""
    new = [
        "huyen-k8s-2021", "lee-squadgoals-2020", "hershey-tecton-2022", "longo-arize-2022",
        "davenport-deloitte-2014", "netflix-full-cycle-2018", "linkedin-pro-ml-2019", "amershi-2019",
        "ng-playbook-2018", "huyen-genai-platform-2024", "ml6-genai-gateway-2024",
    ]  # fmt: skip
    for ref_id in new:
        evidence = data.reference(ref_id).evidence
        assert len(evidence) >= 2, f"{ref_id} has {len(evidence)} evidence pieces"
        for piece in evidence:
            assert len(piece.quote.split()) <= 30 and piece.locator.strip()


@pytest.mark.parametrize("src", PLAYBOOK)
def test_analysis_is_labelled_once_per_section_with_one_marker(src: str) -> None:
    text = source(src)
    if src == WORKED:  # a composite: its label says at the top that the whole page is analysis
        assert "Everything on this page is our analysis" in text
    else:
        assert MARKER in text, f"{src}: no section labels the site's analysis"
    for part in sections(text):
        heading = part.splitlines()[0] if part else ""
        assert part.count(MARKER) <= 1, f"{src}: the marker appears more than once in '{heading}'"
    found = OTHER_MARKERS.findall(text)
    assert not found, f"{src}: uses another analysis marker: {found}"


def test_worked_example_is_labelled_a_composite(built_site: Path) -> None:
    content = built(built_site, WORKED).select_one("article.md-content__inner")
    boxes = [b.select_one(".admonition-title").get_text(strip=True) for b in content.select(".admonition")]
    assert "A composite, not a real company" in boxes[:2], f"boxes at the top: {boxes[:2]}"


# ============================================================================
# Search
# ============================================================================


@pytest.mark.parametrize("src", PLAYBOOK)
def test_search_finds_the_page_by_its_terms(built_site: Path, src: str) -> None:
    texts = search_text_by_page(built_site)
    address = pages.page_url(src)
    assert address in texts, f"{src} is not in the search index"
    missing = [term for term in PLAYBOOK[src] if searchable(term) not in texts[address]]
    assert not missing, f"search would not find {src} by {missing}"


# ============================================================================
# The worked example's link into the decision aid
# ============================================================================


def _example_link(site: Path) -> tuple[str, dict[str, str], BeautifulSoup]:
    soup = built(site, WORKED)
    block = soup.select_one(".decide-example")
    assert block is not None, "the worked example shows no decision-aid answers"
    href = block.select_one(".decide-example-link a")["href"]
    return href, dict(parse_qsl(urlsplit(href).query)), block


def test_worked_example_link_state_uses_the_aids_question_and_answer_ids(built_site: Path) -> None:
    href, state, block = _example_link(built_site)
    target = (built_site / pages.page_url(WORKED) / urlsplit(href).path / "index.html").resolve()
    assert target == (built_site / "decide" / "index.html").resolve(), f"the link goes to {href}, not the aid"
    questions = {q.id: q for q in data.questions}
    assert state, "the link carries no answers"
    for question_id, answer_id in state.items():
        assert question_id in questions, f"unknown question '{question_id}' in {href}"
        assert answer_id in {a.id for a in questions[question_id].answers}, f"'{answer_id}' is no answer of {question_id}"
    # The answers come in the aid's order, and the table shows the same answers.
    order = [q.id for q in data.questions]
    assert list(state) == sorted(state, key=order.index)
    shown = [row["data-question"] for row in block.select("tr[data-question]")]
    assert shown == list(state)


def test_worked_example_ranking_is_the_aids_and_matches_the_narrative(built_site: Path) -> None:
    _, state, block = _example_link(built_site)
    shown = [li["data-model"] for li in block.select("ol li[data-model]")]
    assert shown == [m for m, _ in decide.ranking(data, state)[:3]]
    # The page tells the story of a move to the hybrid, which it says the aid ranks at the top
    # together with hub and spoke.
    assert set(shown[:2]) == {"hybrid", "hub-and-spoke"}, f"the narrative no longer matches the aid's ranking: {shown}"


def test_decide_query_refuses_unknown_ids() -> None:
    assert playbook.decide_query(data, {"product-teams": "many"}) == "?product-teams=many"
    with pytest.raises(playbook.AnswerError, match="no question 'team-count'"):
        playbook.decide_query(data, {"team-count": "many"})
    with pytest.raises(playbook.AnswerError, match="has no answer 'lots'"):
        playbook.decide_query(data, {"product-teams": "lots"})


def test_a_bad_answer_id_stops_the_build(project_copy: Path) -> None:
    from tests.conftest import mkdocs_build  # noqa: PLC0415

    page = project_copy / "docs" / WORKED
    page.write_text(page.read_text(encoding="utf-8").replace('"coupling": "mixed"', '"coupling": "medium"'), encoding="utf-8")
    result = mkdocs_build(project_copy, project_copy / "out")
    assert result.returncode != 0
    assert "decide_answers(...): question 'coupling' has no answer 'medium'" in result.stdout + result.stderr


# ============================================================================
# The decision aid's result links to playbook sections
# ============================================================================


def test_every_model_has_playbook_sections_that_exist(built_site: Path) -> None:
    decide_page = built(built_site, "decide.md")
    box = decide_page.select_one("#decide-playbook")
    assert box is not None, "the decision aid has no playbook links"
    listed = [part["data-model"] for part in box.select(".decide-playbook-model")]
    assert listed == [m.id for m in data.models], f"playbook links for {listed}"
    for link in box.select("a[href]"):
        path, _, anchor = link["href"].partition("#")
        target = (built_site / "decide" / path / "index.html").resolve()
        assert target.is_file(), f"broken playbook link {link['href']}"
        assert BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find(id=anchor), (
            f"{link['href']}: no heading with id '{anchor}'"
        )


def test_result_links_render_from_the_data() -> None:
    html = playbook.result_links(data, lambda src: "../" + src.removesuffix(".md") + "/")
    assert html.count('class="decide-playbook-model"') == len(data.models)
    assert "../playbook/people/#decision-rights-in-the-hybrid" in html
    empty = dataclasses.replace(data, playbook=())
    assert playbook.result_links(empty, str) == ""


# ============================================================================
# The case studies' "after the workshop" slot
# ============================================================================


@pytest.mark.parametrize("src", ["case-amazon-music.md", "case-skyscanner.md"])
def test_case_pages_show_the_empty_account(built_site: Path, src: str) -> None:
    account = built(built_site, src).select_one(".case-account")
    assert account is not None and account["data-state"] == "pending"
    parts = [p["data-part"] for p in account.select(".case-account-part")]
    assert parts == ["structure", "successes", "challenges"]
    assert len(account.select(".case-pending")) == 3
    assert "To be added after the workshop" in account.get_text()


def test_a_filled_account_shows_its_points_and_sources() -> None:
    case = data.case_studies[0]
    filled = dataclasses.replace(case, account=PresentersAccount(structure=(Claim("A test point.", ("talk",)),)))
    dataset = dataclasses.replace(data, case_studies=(filled, *data.case_studies[1:]))
    html = tables.case_account(dataset, lambda ref: f"#ref-{ref}", case.id)
    assert 'data-state="added"' in html and "A test point." in html and "#ref-talk" in html
    assert html.count("To be added after the workshop") == 2  # successes and challenges still empty


def _data_copy(tmp_path: Path, old: str, new: str) -> Path:
    """The data file (and the playbook pages it names) under tmp_path, with one edit."""
    (tmp_path / "docs" / "data").mkdir(parents=True)
    shutil.copytree(DOCS / "playbook", tmp_path / "docs" / "playbook")
    for page in DOCS.glob("*.md"):  # pages that references name, so only the edit is reported
        shutil.copy(page, tmp_path / "docs" / page.name)
    text = DATA.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "docs" / "data" / DATA.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        (
            "  - model: matrix\n    sections:",
            "  - model: matrx\n    sections:",
            ("playbook[6].model", "'matrx'", "Did you mean 'matrix'"),
        ),
        (
            "{page: playbook/llm-era.md, anchor: what-tends",
            "{page: playbook/llm.md, anchor: what-tends",
            ("playbook[0].sections[3].page", "'playbook/llm.md'"),
        ),
        ("  - model: embedded\n    sections:", "  - model: centralised\n    sections:", ("playbook[1].model", "a second time")),
        (
            "      structure: []\n",
            '      structure: [{text: "A point.", sources: [tlk]}]\n',
            ("presenters_account.structure[0].sources[0]", "'tlk'"),
        ),
    ],
    ids=["unknown-model", "missing-page", "model-twice", "account-source"],
)
def test_bad_playbook_data_gets_a_located_error(tmp_path: Path, old: str, new: str, words: tuple[str, ...]) -> None:
    path = _data_copy(tmp_path, old, new)
    with pytest.raises(DataError) as caught:
        load(path, SCHEMA_FILE)
    report = caught.value.report()
    assert "Traceback" not in report
    assert report.startswith("The data file has 1 problem:"), report
    line = DATA.read_text(encoding="utf-8").split(old)[0].count("\n") + 1
    assert f":{line}:" in report or f":{line + 1}:" in report, report
    for word in words:
        assert word in report, report
