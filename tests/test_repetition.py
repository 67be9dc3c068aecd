"""Repetition: the same summary of a source is not retold on page after page.

A reviewer found one source's summary repeated four to seven times across the corpus. This test
takes every sentence that cites a source, cuts it into runs of RUN words, and fails when one run
next to the same source appears on more than MAX_PAGES pages. The slides and the handout are
summaries by design and are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCS = ROOT / "docs"
SUMMARIES = {"slides.md", "handout.md"}  # condensed retellings of the other pages, on purpose
RUN = 6  # words in a run: long enough to be a phrasing, not a common term
MAX_PAGES = 3  # a source's phrasing may recur on this many pages at most

_CITE = re.compile(r"\{\{\s*cite\(([^)]*)\)\s*\}\}")
_QUOTED = re.compile(r"""["']([^"'#]+)(?:#[^"']*)?["']""")
_NOISE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|`[^`]*`|\[([^\]]*)\]\([^)]*\)|[*_>|#=!-]")
_WORD = re.compile(r"[a-z0-9']+")


def cited_sentences(markdown: str) -> list[tuple[str, str]]:
    """(reference id, the sentence before the marker) for every citation in the page's prose."""
    body = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.DOTALL)
    body = re.sub(r"^```.*?^```", "", body, flags=re.DOTALL | re.MULTILINE)
    out = []
    last = 0
    for call in _CITE.finditer(body):
        before = body[last : call.start()]
        last = call.end()
        sentence = re.split(r"(?<=[.!?:;])\s+|\n\s*\n", before.strip())[-1]
        text = _NOISE.sub(lambda m: m.group(1) or " ", sentence)
        for ref in dict.fromkeys(_QUOTED.findall(call.group(1))):
            out.append((ref, text))
    return out


def runs(text: str, n: int = RUN) -> set[str]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def repeated_runs(pages: dict[str, str], limit: int = MAX_PAGES) -> dict[tuple[str, str], list[str]]:
    """{(reference, run): [pages]} for every run next to the same reference on more than `limit` pages."""
    seen: dict[tuple[str, str], set[str]] = {}
    for name, markdown in pages.items():
        for ref, sentence in cited_sentences(markdown):
            for run in runs(sentence):
                seen.setdefault((ref, run), set()).add(name)
    return {key: sorted(where) for key, where in seen.items() if len(where) > limit}


def corpus() -> dict[str, str]:
    return {
        p.relative_to(DOCS).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(DOCS.rglob("*.md"))
        if p.name not in SUMMARIES
    }


def test_no_source_summary_is_repeated_on_more_than_a_few_pages() -> None:
    found = repeated_runs(corpus())
    lines = [f"{ref}: '{run}' on {len(where)} pages ({', '.join(where)})" for (ref, run), where in sorted(found.items())]
    assert not found, f"the same phrasing next to one source on more than {MAX_PAGES} pages:\n" + "\n".join(lines)


def test_the_check_finds_a_summary_repeated_across_pages() -> None:
    """Control: a sentence retold with its citation on five pages is caught; five different sentences are not."""
    same = 'Booking.com names a shared repository of results among its enablers.{{ cite("booking-experiments") }}'
    pages = {f"p{i}.md": f"# P{i}\n\nIntro text. {same}\n" for i in range(5)}
    found = repeated_runs(pages)
    assert any(ref == "booking-experiments" for ref, _ in found), found
    different = {f"p{i}.md": f"# P{i}\n\nPoint number {i} is about w{i} x{i} y{i} z{i}.{{{{ cite('a') }}}}\n" for i in range(5)}
    assert repeated_runs(different) == {}


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (
            'First. Second sentence here.{{ cite("r1", "r2#e") }}',
            [("r1", "Second sentence here."), ("r2", "Second sentence here.")],
        ),
        ('---\ntitle: x\n---\n\n```\n{{ cite("code") }}\n```\nText [link](a.md) *b*.{{ cite("r") }}', [("r", "Text link  b .")]),
    ],
)
def test_cited_sentences(markdown: str, expected: list[tuple[str, str]]) -> None:
    got = [(ref, " ".join(text.split())) for ref, text in cited_sentences(markdown)]
    assert got == [(ref, " ".join(text.split())) for ref, text in expected]


def test_corpus_is_read() -> None:
    pages = corpus()
    assert "centralised.md" in pages and "slides.md" not in pages
    assert sum(len(cited_sentences(m)) for m in pages.values()) > 100
    assert Path(DOCS / "slides.md").is_file()


# ---- One label for the site's own analysis ---------------------------------------

LABEL = "Our analysis"
# The ad hoc hedges the label replaced; none should creep back into the pages.
OLD_HEDGES = re.compile(
    r"(this|the) site's (analysis|reading|view|judgement|summary|recommended)|in this site's|as the site's analysis",
    re.IGNORECASE,
)


def sections(markdown: str) -> list[str]:
    return re.split(r"\n#{1,3} ", markdown)


@pytest.mark.parametrize("name", sorted(corpus()))
def test_analysis_is_labelled_one_way_and_at_most_once_per_section(name: str) -> None:
    markdown = corpus()[name]
    hedges = sorted({m.group(0) for m in OLD_HEDGES.finditer(markdown)})
    assert not hedges, f"{name}: use the '{LABEL}' label instead of {hedges}"
    crowded = [s.split("\n", 1)[0][:50] for s in sections(markdown) if s.count(LABEL) > 1]
    assert not crowded, f"{name}: '{LABEL}' more than once in the sections {crowded}"
