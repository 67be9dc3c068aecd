"""Evidence coverage: how many citations name a piece of evidence ('ref#evidence'), overall and per place.

    python -m scripts.tools.contrib.tool evidence [--min PCT]

A citation is one source named in a page's {{ cite(...) }} call (code examples excluded) or one
entry of a `sources` list in the data file. Reads files; imports nothing from MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scripts.pipeline.model import Dataset
from scripts.pipeline.pages import _CITE_CALL, _QUOTED, add_backlink

# Fenced code blocks and inline code: examples of the syntax, not citations.
_FENCED = re.compile(r"^(\s*)(```|~~~).*?^\1\2", re.MULTILINE | re.DOTALL)
_INLINE = re.compile(r"`[^`\n]+`")


@dataclass(frozen=True)
class Citation:
    place: str  # 'about.md' or 'data file: case_studies'
    source: str  # 'ref' or 'ref#evidence'

    @property
    def reference(self) -> str:
        return self.source.partition("#")[0]

    @property
    def has_evidence(self) -> bool:
        return "#" in self.source


def page_citations(markdown: str) -> list[str]:
    """Every source named in the page's cite(...) calls, repeats included, code examples left out."""
    prose = _INLINE.sub("", _FENCED.sub("", markdown))
    return [m for call in _CITE_CALL.finditer(prose) for m in _QUOTED.findall(call.group(1))]


def data_citations(plain: Mapping[str, Any]) -> Iterator[Citation]:
    """Every entry of every `sources` list in the data file, placed by its top-level section."""

    def walk(node: Any, section: str) -> Iterator[Citation]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "sources" and isinstance(value, list):
                    yield from (Citation(f"data file: {section}", s) for s in value if isinstance(s, str))
                else:
                    yield from walk(value, section)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item, section)

    for section, value in plain.items():
        yield from walk(value, section)


def all_citations(docs_dir: Path, plain: Mapping[str, Any]) -> list[Citation]:
    out = []
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        out.extend(Citation(src, s) for s in page_citations(path.read_text(encoding="utf-8")))
    out.extend(data_citations(plain))
    return out


def share(citations: list[Citation]) -> tuple[int, int]:
    return sum(c.has_evidence for c in citations), len(citations)


def report(citations: list[Citation], talk_id: str = "talk") -> str:
    """A plain-text table: overall share, then one line per page and per data-file section."""
    with_ev, total = share(citations)
    lines = [f"Citations naming evidence: {with_ev} of {total} ({_pct(with_ev, total)})", ""]
    places: dict[str, list[Citation]] = {}
    for c in citations:
        places.setdefault(c.place, []).append(c)
    width = max((len(p) for p in places), default=10)
    for place, cites in places.items():
        n, t = share(cites)
        lines.append(f"  {place:<{width}}  {n:>4} of {t:<4} {_pct(n, t):>5}")
    talk = [c for c in citations if c.reference == talk_id]
    bare = [c for c in talk if not c.has_evidence]
    lines += ["", f"Citations of the talk: {len(talk)}, without evidence: {len(bare)}"]
    per_place: dict[str, int] = {}
    for c in bare:
        per_place[c.place] = per_place.get(c.place, 0) + 1
    lines += [f"  {place}: {n}" for place, n in per_place.items()]
    return "\n".join(lines)


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "n/a"


# ============================================================================
# Which pages show which data-file citations (for the reference list's backlinks)
# ============================================================================

# {{ name(args) }} for the macros that render cited data-file content.
_BLOCK_CALL = re.compile(
    r"\{\{\s*(model_summary|strengths_weaknesses|case_study|mechanisms_table|mechanisms_compact|glossary|comparison_table|heatmap|decision_aid)\(([^)]*)\)\s*\}\}"
)


def _call_args(args: str) -> tuple[list[Any], dict[str, Any]]:
    """The literal arguments of a macro call, e.g. '"x", group="people"' -> (["x"], {"group": "people"})."""
    import ast  # noqa: PLC0415 (only for the reference list)

    try:
        call = ast.parse(f"f({args})", mode="eval").body
    except SyntaxError:
        return [], {}
    if not isinstance(call, ast.Call):
        return [], {}
    try:
        positional = [ast.literal_eval(a) for a in call.args]
        keywords = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
    except ValueError:
        return [], {}
    return positional, keywords


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def block_sources(data: Dataset, name: str, args: str) -> list[str]:
    """The data-file sources a macro call shows on its page (`name` and `args` as written in the page)."""
    positional, keywords = _call_args(args)
    first = positional[0] if positional else keywords.get("model") or keywords.get("case")
    out: list[str] = []
    if name == "model_summary" and first in data.ids("models"):
        out += data.model(first).sources
    elif name == "strengths_weaknesses" and first in data.ids("models"):
        model = data.model(first)
        out += [s for claim in (*model.strengths, *model.weaknesses) for s in claim.sources]
    elif name == "case_study" and first in data.ids("case_studies"):
        case = data.case_study(first)
        out += [*case.goal.sources, *(s for fact in case.facts for s in fact.sources)]
    elif name in ("mechanisms_table", "mechanisms_compact"):
        out += [s for m in data.mechanisms for s in m.sources]
    elif name == "glossary":
        out += [s for t in data.glossary for s in t.sources]
    elif name in ("comparison_table", "heatmap", "decision_aid"):
        if name == "decision_aid":
            out += [s for q in data.questions for s in q.sources]
        models = set(_as_list(keywords.get("models"))) or set(data.ids("models"))
        dims = set(_as_list(keywords.get("dimensions"))) or set(data.ids("dimensions"))
        group, family = keywords.get("group"), keywords.get("family")
        for pos in data.positions:
            dim, model = data.dimension(pos.dimension), data.model(pos.model)
            if pos.model in models and pos.dimension in dims and group in (None, dim.group) and family in (None, model.family):
                out += pos.sources
    return out


def data_citations_by_page(docs_dir: Path, data: Dataset) -> dict[str, list[tuple[str, str]]]:
    """{reference id or 'id#evidence': [(page title, page src path), ...]} for data-file content shown on pages."""
    from scripts.pipeline.pages import page_title  # noqa: PLC0415

    out: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        markdown = path.read_text(encoding="utf-8")
        prose = _INLINE.sub("", _FENCED.sub("", markdown))
        shown = [s for m in _BLOCK_CALL.finditer(prose) for s in block_sources(data, m.group(1), m.group(2))]
        if not shown:
            continue
        title = page_title(markdown, src)
        for source in dict.fromkeys(shown):
            add_backlink(out, source, title, src)
    return out
