"""Negative tests: each malformed data file stops validation and the build with one clear message.

Each case breaks a copy of the real data file in one way and names the line and key path
that the message must point at. The line is found in the text, not typed in.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.loader import load
from scripts.output import MARKER, MARKER_TEXT
from tests import data_edits
from tests.conftest import DATA, DATA_REL, ROOT, copy_project, line_of, mkdocs_build, run

TEXT = DATA.read_text(encoding="utf-8")
data = load(DATA)
FSDL = TEXT.index("  - id: fsdl-2022")
FIRST_MODEL = TEXT.index("  - id: centralised")
FIRST_POSITION = TEXT.index("  - model: centralised")
MECHANISMS = TEXT.index("\nmechanisms:")
LAST_MECHANISM = TEXT.count("  - id: ", MECHANISMS, TEXT.index("  - id: platform-as-a-product"))


@dataclass(frozen=True)
class Case:
    name: str
    old: str  # text to replace (first occurrence at or after `start`)
    new: str
    start: int
    line_of: str  # text whose line the message must name (in the broken file)
    path: str  # key path the message must name
    words: tuple[str, ...]  # further words the message must contain
    encoding_bytes: bool = False
    find_from: int | None = None  # where to look for `line_of`, when not at `start`

    def apply(self, text: str) -> str:
        at = text.index(self.old, self.start)
        return text[:at] + self.new + text[at + len(self.old) :]


CASES = [
    Case(
        "yaml-syntax",
        '    title: "Lecture 8: ML Teams and Project Management"\n',
        '    title: "Lecture 8: ML Teams and Project Management\n',
        FSDL,
        "    venue:",
        "",
        ("invalid YAML", "well-formed YAML"),
    ),
    Case(
        "wrong-type",
        "    year: 2022\n",
        '    year: "twenty twenty-two"\n',
        FSDL,
        '    year: "twenty',
        "references[1].year",
        ("'twenty twenty-two'", "a whole number"),
    ),
    Case(
        "unknown-key",
        '    label: "Centralised"\n',
        '    label: "Centralised"\n    summry: "typo"\n',
        FIRST_MODEL,
        "    summry:",
        "models[0].summry",
        ("unknown key 'summry'", "Did you mean 'summary'?"),
    ),
    Case(
        "duplicate-id",
        "  - id: platform-as-a-product\n",
        "  - id: rotation\n",
        MECHANISMS,
        "  - id: rotation",
        f"mechanisms[{LAST_MECHANISM}].id",
        ("the id 'rotation' a second time", "unique within mechanisms"),
        find_from=TEXT.index("  - id: platform-as-a-product"),
    ),
    Case(
        "dangling-reference",
        "    sources: [talk, fsdl-2022]\n",
        "    sources: [talk, fsdl-2021]\n",
        FIRST_POSITION,
        "fsdl-2021",
        "positions[0].sources[1]",
        ("'fsdl-2021'", "Did you mean 'fsdl-2022'?"),
    ),
    Case(
        "missing-position",
        TEXT[FIRST_POSITION : TEXT.index("  - model:", FIRST_POSITION + 1)],
        "",
        FIRST_POSITION,
        "  - id: centralised",
        "models[0].id",
        ("no position for model 'centralised' on 'reporting-line'", "one entry under positions"),
        find_from=FIRST_MODEL,
    ),
    Case(
        "bad-url",
        'url: "https://fullstackdeeplearning.com',
        'url: "http://fullstackdeeplearning.com',
        FSDL,
        'url: "http://',
        "references[1].url",
        ("'http://fullstackdeeplearning.com", "https://"),
    ),
    Case(
        "out-of-scale-level",
        "    level: very-high\n",
        "    level: extreme\n",
        FIRST_POSITION,
        "    level: extreme",
        "positions[0].level",
        ("'extreme'", "very-low, low, medium, high, very-high"),
    ),
    Case(
        "empty-required-text",
        '    label: "Centralised"\n',
        '    label: ""\n',
        FIRST_MODEL,
        '    label: ""',
        "models[0].label",
        ("empty text", "cannot be blank"),
    ),
    Case(
        "missing-required-key",
        '    label: "Centralised"\n',
        "",
        FIRST_MODEL,
        "  - id: centralised",
        "models[0]",
        ("no 'label'", "required key 'label'"),
    ),
    Case(
        "duplicate-yaml-key",
        '    label: "Centralised"\n',
        '    label: "Centralised"\n    label: "Again"\n',
        FIRST_MODEL,
        '    label: "Again"',
        "models[0]",
        ("invalid YAML", "duplicate key"),
    ),
    Case(
        "near-miss-model-id",
        "  - model: centralised\n",
        "  - model: centralized\n",
        FIRST_POSITION,
        "  - model: centralized",
        "positions[0].model",
        ("'centralized'", "Did you mean 'centralised'?"),
    ),
    Case(
        "wrong-encoding",
        "Centralised",
        "Centralis\u00e9d",
        FIRST_MODEL,
        "Centralis\u00e9d",
        "",
        ("not UTF-8", "UTF-8 text"),
        encoding_bytes=True,
    ),
    # Mistakes a contributor adding a source or a model is likely to make.
    Case(
        "source-not-listed",
        "    sources: [talk, fsdl-2022]\n",
        "    sources: [talk, my-new-blog-post]\n",
        FIRST_POSITION,
        "my-new-blog-post",
        "positions[0].sources[1]",
        ("'my-new-blog-post'", "the id of a source listed under references"),
    ),
    Case(
        "reference-without-address",
        '    url: "https://fullstackdeeplearning.com/course/2022/lecture-8-teams-and-pm/"\n',
        "",
        FSDL,
        "  - id: fsdl-2022",
        "references[1]",
        ("neither 'url' nor 'page'", "exactly one: 'url'"),
    ),
    Case(
        "date-not-iso",
        '    date: "2022-09-26"\n',
        '    date: "26/09/2022"\n',
        FSDL,
        '    date: "26/09/2022"',
        "references[1].date",
        ("'26/09/2022'", "YYYY-MM-DD"),
    ),
    Case(
        "id-not-kebab-case",
        "  - id: fsdl-2022\n",
        "  - id: FSDL 2022\n",
        FSDL,
        "  - id: FSDL 2022",
        "references[1].id",
        ("'FSDL 2022'", "lowercase letters and digits in kebab-case"),
    ),
    Case(
        "unknown-dimension-group",
        "    group: structure\n",
        "    group: structures\n",
        TEXT.index("\ndimensions:"),
        "    group: structures",
        "dimensions[0].group",
        ("'structures'", "Did you mean 'structure'?"),
    ),
]


def _write(case: Case, target: Path) -> int:
    """Write the broken data file; return the line the message must name."""
    broken = case.apply(TEXT)
    expected_line = line_of(broken, case.line_of, case.find_from if case.find_from is not None else case.start)
    if case.encoding_bytes:
        target.write_bytes(broken.encode("latin-1", errors="replace"))
    else:
        target.write_text(broken, encoding="utf-8")
    return expected_line


def _assert_message(output: str, case: Case, file_shown: str, line: int) -> None:
    assert "Traceback" not in output, output
    location = f"{file_shown}:{line}: {case.path or '(top level)'}"
    assert location in output, f"expected {location!r} in:\n{output}"
    for word in case.words:
        assert word in output, f"expected {word!r} in:\n{output}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validate_names_file_line_and_path(case: Case, tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    line = _write(case, project / DATA_REL)
    result = run([sys.executable, "-m", "scripts.tool", "validate"], cwd=project)
    assert result.returncode == 1
    assert result.stdout == ""
    _assert_message(result.stderr, case, DATA_REL, line)
    # one problem, one message line
    assert result.stderr.startswith("The data file has 1 problem:"), result.stderr


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.name in {"unknown-key", "dangling-reference", "wrong-encoding"}], ids=lambda c: c.name
)
def test_mkdocs_build_stops_before_writing(case: Case, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    line = _write(case, project / DATA_REL)
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("the good site", encoding="utf-8")
    (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # a site this project built
    result = mkdocs_build(project, out)
    assert result.returncode != 0
    _assert_message(result.stderr, case, DATA_REL, line)
    # the data error stops MkDocs before it cleans the output folder
    assert (out / "index.html").read_text(encoding="utf-8") == "the good site"


def test_tool_build_keeps_the_good_site_when_a_page_fails(tmp_path: Path) -> None:
    """A failure after the data loads (a macro typo) must not replace the published site."""
    project = copy_project(tmp_path / "p")
    page = project / "docs" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n{{ comparison_table(models=["centralized"]) }}\n', encoding="utf-8")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the good site", encoding="utf-8")
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # a site this project built
    result = run([sys.executable, "-m", "scripts.tool", "build"], cwd=project)
    assert result.returncode == 1
    assert "Did you mean 'centralised'?" in result.stdout + result.stderr
    assert "unchanged" in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "the good site"
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    broken = TEXT.replace("    level: very-high\n", "    level: extreme\n", 1).replace(
        '    label: "Centralised"\n', '    label: "Centralised"\n    colour: blue\n', 1
    )
    target = tmp_path / "data.yaml"
    target.write_text(broken, encoding="utf-8")
    result = run([sys.executable, "-m", "scripts.tool", "validate", str(target)], cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr.startswith("The data file has 2 problems:")
    lines = [ln for ln in result.stderr.splitlines()[1:] if ln.strip()]
    assert len(lines) == 2
    # reported in line order
    assert "models[0].colour" in lines[0] and "positions[0].level" in lines[1]


def test_real_data_file_is_valid_and_fast() -> None:
    result = run([sys.executable, "-m", "scripts.tool", "validate"], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "OK:" in result.stdout
    ms = int(result.stdout.rsplit("(", 1)[1].split(" ms")[0])
    assert ms < 1000


# ---- A new model or dimension with parts missing: one message per missing part, at the new entry ----


def _validate_text(text: str, tmp_path: Path) -> tuple[str, str]:
    """Validate a data file text inside a project copy; return (stderr, the text as written)."""
    project = copy_project(tmp_path / "p")
    (project / DATA_REL).write_text(text, encoding="utf-8")
    result = run([sys.executable, "-m", "scripts.tool", "validate"], cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stderr, text


def test_new_model_alone_gets_one_message_per_missing_part(tmp_path: Path) -> None:
    stderr, text = _validate_text(data_edits.add_model(TEXT, positions=False, chart=False, weights=False), tmp_path)
    at = f"{DATA_REL}:{line_of(text, f'  - id: {data_edits.NEW_MODEL}')}: models[{len(data.models)}].id: "
    problems = stderr.splitlines()[1:]
    # Two parts: positions and a chart. Decision-aid points are computed from the positions, so none is asked for.
    assert stderr.startswith("The data file has 2 problems:"), stderr
    assert all(p.strip().startswith(at) for p in problems), stderr
    assert f"no position for model '{data_edits.NEW_MODEL}' on " + ", ".join(repr(d.id) for d in data.dimensions) in problems[0]
    assert "one entry under positions for every dimension" in problems[0]
    assert f"no org chart for model '{data_edits.NEW_MODEL}'" in stderr and "an entry under org_charts" in stderr
    assert "no weight for model" not in stderr


def test_new_model_without_positions_gets_one_message(tmp_path: Path) -> None:
    stderr, text = _validate_text(data_edits.add_model(TEXT, positions=False), tmp_path)
    assert stderr.startswith("The data file has 1 problem:"), stderr
    assert (
        f"{DATA_REL}:{line_of(text, f'  - id: {data_edits.NEW_MODEL}')}: models[{len(data.models)}].id: found no position"
        in stderr
    )


def test_new_dimension_without_positions_gets_one_message(tmp_path: Path) -> None:
    stderr, text = _validate_text(data_edits.add_dimension(TEXT, positions=False), tmp_path)
    assert stderr.startswith("The data file has 1 problem:"), stderr
    line = line_of(text, f"  - id: {data_edits.NEW_DIMENSION}")
    assert (
        f"{DATA_REL}:{line}: dimensions[{len(data.dimensions)}].id: found no position on dimension '{data_edits.NEW_DIMENSION}'"
        in stderr
    )
    assert "one entry under positions for each model (" + ", ".join(m.id for m in data.models) + ")" in stderr
