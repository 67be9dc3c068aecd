"""The evidence ledger: quotes with locators on references, citations that name one piece of evidence.

Validation (good and bad data), the renderers (citation card, reference list, BibTeX), the coverage
count, the built site, and the talk's quotes read against the talk description itself.
"""

from __future__ import annotations

import os
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.pipeline import evidence as ev
from scripts.pipeline.loader import MAX_QUOTE_WORDS, SCHEMA_FILE, DataError, load, load_plain
from scripts.pipeline.model import Evidence, Reference, split_source
from scripts.pipeline.render import downloads, references as refs
from tests.conftest import DATA, ROOT, dataset, line_of
from tests.test_render import href, small

data = dataset()


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


# ============================================================================
# Validation
# ============================================================================

TALK_EVIDENCE = "    evidence:\n      - id: decision\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "organisation-models.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        load(write(tmp_path, text), SCHEMA_FILE, display="data.yaml")
    return [str(p) for p in caught.value.problems]


def test_split_source() -> None:
    assert split_source("noorzad-2019#coupling") == ("noorzad-2019", "coupling")
    assert split_source("noorzad-2019") == ("noorzad-2019", None)


def test_real_data_has_talk_evidence_and_pieces_resolve() -> None:
    talk = data.reference("talk")
    assert talk.evidence, "the talk has no evidence entries"
    assert talk.piece("central-model").locator == "Abstract"
    with pytest.raises(KeyError):
        talk.piece("no-such-piece")


def test_a_cited_piece_that_does_not_exist_is_located_with_a_suggestion(tmp_path: Path, data_text: str) -> None:
    text = data_text.replace("sources: [talk#central-model]", "sources: [talk#central-modle]", 1)
    assert text != data_text
    found = problems(tmp_path, text)
    line = line_of(text, "talk#central-modle")
    assert len(found) == 1, found
    assert found[0].startswith(f"data.yaml:{line}: ")
    assert "'talk' has no evidence 'central-modle'" in found[0]
    assert "Did you mean 'central-model'?" in found[0]


def test_a_piece_of_an_unknown_reference_names_the_reference(tmp_path: Path, data_text: str) -> None:
    text = data_text.replace("sources: [talk#central-model]", "sources: [tallk#central-model]", 1)
    found = problems(tmp_path, text)
    assert len(found) == 1 and "'tallk'" in found[0] and "Did you mean 'talk'?" in found[0], found


def test_a_piece_of_a_reference_without_evidence_says_it_has_none(tmp_path: Path, data_text: str) -> None:
    bare = next(r.id for r in data.references if not r.evidence)
    text = data_text.replace("sources: [talk#central-model]", f"sources: [{bare}#anything]", 1)
    found = problems(tmp_path, text)
    assert len(found) == 1 and "it has: none yet" in found[0], found


def test_evidence_ids_are_unique_within_a_reference(tmp_path: Path, data_text: str) -> None:
    text = data_text.replace("      - id: central-model\n", "      - id: decision\n", 1)
    found = problems(tmp_path, text)
    assert any("the id 'decision' a second time" in p and "evidence of 'talk'" in p for p in found), found
    # The same id under two different references is fine.
    bare = next(r.id for r in data.references if not r.evidence)
    start = data_text.index(f"  - id: {bare}\n")
    supports = data_text.index("    supports: ", start)
    other = (
        data_text[:supports] + '    evidence:\n      - {id: decision, quote: "a quote", locator: "p. 1"}\n' + data_text[supports:]
    )
    load(write(tmp_path, other), SCHEMA_FILE)


def test_a_long_quote_is_refused(tmp_path: Path, data_text: str) -> None:
    long_quote = " ".join(["word"] * (MAX_QUOTE_WORDS + 1))
    start = data_text.index(TALK_EVIDENCE)
    old = data_text[data_text.index("quote: ", start) : data_text.index("\n", data_text.index("quote: ", start))]
    text = data_text[:start] + data_text[start:].replace(old, f'quote: "{long_quote}"', 1)
    found = problems(tmp_path, text)
    assert len(found) == 1 and f"a quote of {MAX_QUOTE_WORDS + 1} words" in found[0], found
    assert found[0].startswith(f"data.yaml:{line_of(text, long_quote)}: references[0].evidence[0].quote")


def test_a_piece_without_a_locator_is_refused(tmp_path: Path, data_text: str) -> None:
    start = data_text.index(TALK_EVIDENCE)
    locator = data_text.index('        locator: "Abstract"\n', start)
    text = data_text[:locator] + data_text[locator + len('        locator: "Abstract"\n') :]
    found = problems(tmp_path, text)
    assert len(found) == 1 and "no 'locator'" in found[0] and "references[0].evidence[0]" in found[0], found


def test_an_empty_quote_is_refused(tmp_path: Path, data_text: str) -> None:
    start = data_text.index(TALK_EVIDENCE)
    quote_at = data_text.index("quote: ", start)
    end = data_text.index("\n", quote_at)
    text = data_text[:quote_at] + 'quote: "  "' + data_text[end:]
    found = problems(tmp_path, text)
    assert len(found) == 1 and "empty text" in found[0], found


def test_a_malformed_source_is_refused(tmp_path: Path, data_text: str) -> None:
    text = data_text.replace("sources: [talk#central-model]", "sources: ['talk#']", 1)
    found = problems(tmp_path, text)
    assert len(found) == 1 and "'talk#'" in found[0], found


def test_plain_data_keeps_evidence_for_the_json_download() -> None:
    plain = load_plain(DATA)
    talk = next(r for r in plain["references"] if r["id"] == "talk")
    assert {"id", "quote", "locator"} <= set(talk["evidence"][0])
    assert '"evidence"' in downloads.to_json(plain)


# ============================================================================
# Renderers
# ============================================================================


def with_evidence():
    base = small()
    r1 = Reference(
        "r1",
        ("Ada Lovelace",),
        "Notes",
        "Journal",
        "paper",
        "Supports r1.",
        year=1843,
        date="1843-09-05",
        url="https://example.org/a",
        evidence=(Evidence("e1", 'The engine "weaves" <patterns>', "Note A, p. 3"),),
    )
    return type(base)(
        *[getattr(base, f) for f in ("scale", "groups", "dimensions", "models", "positions")],
        (),
        (),
        base.glossary,
        (r1, base.references[1]),
    )


def test_a_citation_with_evidence_links_to_the_piece_and_carries_quote_source_and_locator() -> None:
    marker = soup(refs.cite(with_evidence(), ["r1#e1", "r2"], href))
    first, second = marker.select("a")
    assert first["href"] == "../references/#ref-r1--e1"
    assert first.select_one(".cite-n").get_text() == "[1]"
    assert first.select_one("q").get_text() == 'The engine "weaves" <patterns>'  # escaped, shown as a quote
    assert "Note A, p. 3" in first.select_one(".cite-from").get_text()
    assert "Lovelace, 1843" in first.get_text() and first.select_one("cite").get_text() == "Notes"
    assert second["href"] == "../references/#ref-r2" and second.get_text() == "[2]"  # plain id: as before


def test_the_reference_list_shows_each_piece_with_locator_backlinks_and_a_readable_date() -> None:
    html = refs.reference_list(with_evidence(), lambda s: f"../{s}", {"r1#e1": [("Home", "../")], "r1": [("Home", "../")]})
    item = soup(html).select_one("li#ref-r1")
    assert "Lovelace (5 September 1843). " in item.get_text()
    piece = item.select_one("ul.ref-evidence li#ref-r1--e1")
    assert piece.select_one("q").get_text() == 'The engine "weaves" <patterns>'
    assert piece.select_one(".ref-locator").get_text() == "(Note A, p. 3)"
    assert piece.select_one(".ref-cited a")["href"] == "../"


def test_bibtex_carries_the_evidence() -> None:
    entry = downloads.bib_entry(with_evidence().reference("r1"), lambda s: s)
    assert 'annote = {Evidence quoted: [e1] "The engine "weaves" <patterns>" (Note A, p. 3)}' in entry


def test_human_dates() -> None:
    assert refs.human_date("2022-09-26") == "26 September 2022"
    assert refs.human_date("2019-01-06") == "6 January 2019"


# ============================================================================
# Coverage
# ============================================================================


def test_coverage_counts_page_and_data_citations_and_leaves_out_code_examples() -> None:
    page = 'A.{{ cite("a#x", "b") }} B.{{ cite("a#x") }}\n\n`{{ cite("c") }}`\n\n```\n{{ cite("d") }}\n```\n'
    assert ev.page_citations(page) == ["a#x", "b", "a#x"]
    plain = {"models": [{"sources": ["a#x"], "strengths": [{"sources": ["b", "talk"]}]}]}
    cites = [ev.Citation("p.md", s) for s in ev.page_citations(page)] + list(ev.data_citations(plain))
    assert ev.share(cites) == (3, 6)
    out = ev.report(cites)
    assert out.startswith("Citations naming evidence: 3 of 6 (50%)")
    assert "data file: models" in out and "Citations of the talk: 1, without evidence: 1" in out


def test_coverage_command_runs_on_the_real_project() -> None:
    result = subprocess.run(
        [os.sys.executable, "-m", "scripts.tools.contrib.tool", "evidence"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert re.match(r"Citations naming evidence: \d+ of \d+ \(\d+%\)", result.stdout)
    failing = subprocess.run(
        [os.sys.executable, "-m", "scripts.tools.contrib.tool", "evidence", "--min", "101"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert failing.returncode == 1 and "below --min 101%" in failing.stderr


# ============================================================================
# The talk's quotes are passages of the talk description
# ============================================================================


def talk_description_candidates() -> list[Path]:
    """Where the talk description may be: $TALK_DESCRIPTION, then ../shared/source/ beside the checkout
    and beside the main checkout of a git worktree."""
    found = [Path(os.environ["TALK_DESCRIPTION"])] if os.environ.get("TALK_DESCRIPTION") else []
    roots = [ROOT]
    common = subprocess.run(
        ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"], cwd=ROOT, capture_output=True, text=True
    )
    if common.returncode == 0 and common.stdout.strip():
        roots.append(Path(common.stdout.strip()).parent)
    found += [root.parent / "shared" / "source" / "talk-description.md" for root in roots]
    return found


def normalise(value: str) -> str:
    """Whitespace folded, typographic quote marks made plain, Markdown emphasis markers dropped."""
    value = unicodedata.normalize("NFKC", value)
    value = value.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}))
    value = value.replace("**", "")
    return " ".join(value.split())


def test_every_talk_quote_is_a_passage_of_the_talk_description() -> None:
    candidates = talk_description_candidates()
    source = next((p for p in candidates if p.is_file()), None)
    pieces = data.reference("talk").evidence
    if source is None:
        pytest.skip(
            f"NOT CHECKED: the talk description was not found (looked at: {', '.join(map(str, candidates))}); "
            f"the {len(pieces)} talk quotes are unverified. Set TALK_DESCRIPTION to its path."
        )
    description = normalise(source.read_text(encoding="utf-8"))
    assert len(description) > 1000, f"{source} looks too short to be the talk description"
    missing = [f"talk#{p.id}: {p.quote}" for p in pieces if normalise(p.quote) not in description]
    assert not missing, f"not found verbatim in {source}:\n" + "\n".join(missing)


def test_the_talk_description_check_would_catch_an_invented_quote() -> None:
    description = normalise("In the centralized model, a Core ML team owns a central ML component.")
    assert normalise("In the  centralized\nmodel") in description
    assert normalise("the central team owns every model") not in description


# ============================================================================
# The built site
# ============================================================================


def test_a_cited_quote_is_in_the_pages_citation_and_on_the_reference_list(built_site: Path) -> None:
    piece = data.reference("talk").piece("central-model")
    about = soup((built_site / "about" / "index.html").read_text(encoding="utf-8"))
    links = [a for a in about.select("sup.cite a.cite-ev") if a["href"].endswith("#ref-talk--central-model")]
    assert links, "about page: no citation of talk#central-model"
    assert links[0].select_one("q").get_text() == piece.quote
    assert piece.locator in links[0].select_one(".cite-from").get_text()
    listing = soup((built_site / "references" / "index.html").read_text(encoding="utf-8"))
    entry = listing.select_one("li#ref-talk--central-model")
    assert entry is not None and entry.select_one("q").get_text() == piece.quote
    assert f"({piece.locator})" in entry.get_text()
    assert any(a["href"].rstrip("/").endswith("about") for a in entry.select(".ref-cited a")), "no backlink to about"


def test_a_page_citing_an_unknown_piece_gets_a_macro_error_with_a_suggestion() -> None:
    from scripts.engines.macros import MacroError, _known_source  # noqa: PLC0415 (the adapter imports MkDocs)

    _known_source(data, "talk#central-model")  # a known piece: no error
    with pytest.raises(MacroError, match=r"no evidence 'centrl-model'") as piece:
        _known_source(data, "talk#centrl-model")
    assert piece.value.hint == "Did you mean 'central-model'?"
    assert "central-model" in piece.value.expected  # the reference's pieces are listed
    with pytest.raises(MacroError, match=r"'tlk' in cite\(\.\.\.\)") as ref:
        _known_source(data, "tlk#central-model")
    assert ref.value.hint == "Did you mean 'talk'?"


def test_pages_showing_data_file_content_are_backlinked_to_its_sources(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text('# A\n\n{{ model_summary("matrix") }}\n', encoding="utf-8")
    (tmp_path / "b.md").write_text(
        '# B\n\n{{ comparison_table(models=["embedded"], group="people") }}\n\n`{{ glossary() }}`\n', encoding="utf-8"
    )
    found = ev.data_citations_by_page(tmp_path, data)
    for source in data.model("matrix").sources:
        assert ("A", "a.md") in found[source] and ("A", "a.md") in found[source.partition("#")[0]]
    shown = {
        s for p in data.positions if p.model == "embedded" and data.dimension(p.dimension).group == "people" for s in p.sources
    }
    # A cited piece ('fsdl-2022#x') also backlinks its whole reference ('fsdl-2022').
    hidden = {s for p in data.positions for s in p.sources} - shown - {s.partition("#")[0] for s in shown}
    assert all(("B", "b.md") in found[s] for s in shown)
    assert not any(
        ("B", "b.md") in found.get(s, []) for s in hidden - shown
    )  # other rows, and the glossary in code, are not shown
    assert ev.block_sources(data, "case_study", '"no-such-case"') == []


COPY_RUN = 7  # words: a run this long shared with the talk description is a copy, not a paraphrase
NOT_YET_CHECKED: tuple[str, ...] = ()  # positions, dimensions and questions are reworded and checked too


def _runs(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9']+", normalise(text).lower())
    return {" ".join(words[i : i + COPY_RUN]) for i in range(len(words) - COPY_RUN + 1)}


def _data_texts(node: object, key: str = "") -> list[str]:
    """Every text value of the data file except the evidence quotes (which are meant to be verbatim)."""
    if isinstance(node, dict):
        return [t for k, v in node.items() if k not in ("evidence", "title") for t in _data_texts(v, k)]
    if isinstance(node, list):
        return [t for item in node for t in _data_texts(item, key)]
    return [node] if isinstance(node, str) else []


def test_pages_and_data_do_not_copy_the_talk_description() -> None:
    """Own words: no run of COPY_RUN words of the talk description outside the evidence quotes (and the title).

    The slides are left out here (their wording is reviewed with the deck)."""
    source = next((p for p in talk_description_candidates() if p.is_file()), None)
    if source is None:
        pytest.skip("NOT CHECKED: the talk description was not found; copies of it cannot be detected")
    talk = _runs(source.read_text(encoding="utf-8")) - _runs(data.reference("talk").title)
    copies = {}
    for path in sorted((ROOT / "docs").glob("*.md")):
        if path.name == "slides.md":
            continue
        prose = re.sub(r"\{\{.*?\}\}", " ", path.read_text(encoding="utf-8"))
        if found := sorted(_runs(prose) & talk):
            copies[path.name] = found[:3]
    plain = load_plain(DATA)
    for text in _data_texts({k: v for k, v in plain.items() if k not in NOT_YET_CHECKED}):
        if found := sorted(_runs(text) & talk):
            copies.setdefault("data file", []).extend(found[:1])
    assert not copies, f"sentences copied from the talk description (reword, or quote in evidence): {copies}"
