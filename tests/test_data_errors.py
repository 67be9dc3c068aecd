"""Negative tests: each malformed data file stops validation and the build with one clear message.

Each case breaks a copy of the real data file in one way and names the line and key path
that the message must point at. The line is found in the text, not typed in.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.pipeline.output import MARKER, MARKER_TEXT
from tests import data_edits
from tests.conftest import DATA, DATA_REL, ROOT, copy_project, dataset, line_of, mkdocs_build, run, validate_in

TEXT = DATA.read_text(encoding="utf-8")
data = dataset()
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
        "    sources: [talk#characteristics, fsdl-2022#independent]\n",
        "    sources: [talk#characteristics, fsdl-2021]\n",
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
        "    sources: [talk#characteristics, fsdl-2022#independent]\n",
        "    sources: [talk#characteristics, my-new-blog-post]\n",
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
    result = validate_in(project)
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
    result = run([sys.executable, "-m", "scripts.tools.contrib.tool", "build"], cwd=project)
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
    result = run([sys.executable, "-m", "scripts.tools.contrib.tool", "validate", str(target)], cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr.startswith("The data file has 2 problems:")
    lines = [ln for ln in result.stderr.splitlines()[1:] if ln.strip()]
    assert len(lines) == 2
    # reported in line order
    assert "models[0].colour" in lines[0] and "positions[0].level" in lines[1]


def test_real_data_file_is_valid_and_fast() -> None:
    result = run([sys.executable, "-m", "scripts.tools.contrib.tool", "validate"], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "OK:" in result.stdout
    ms = int(result.stdout.rsplit("(", 1)[1].split(" ms")[0])
    assert ms < 1000


# ---- A new model or dimension with parts missing: one message per missing part, at the new entry ----


def _validate_text(text: str, tmp_path: Path) -> tuple[str, str]:
    """Validate a data file text inside a project copy; return (stderr, the text as written)."""
    project = copy_project(tmp_path / "p")
    (project / DATA_REL).write_text(text, encoding="utf-8")
    result = validate_in(project)
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


# ---- Bounded work and values that are what they claim (review items 2, 5 and 8) ----------------

GLOSSARY = TEXT.index('    term: "Squad"')
URL = '    url: "https://fullstackdeeplearning.com/course/2022/lecture-8-teams-and-pm/"\n'
LABEL = '    label: "Centralised"\n'
END = len(TEXT) - 1


def _url(name: str, url: str, words: tuple[str, ...]) -> Case:
    return Case(name, URL, f'    url: "{url}"\n', FSDL, "    url:", "references[1].url", words)


BOUNDED_AND_TYPED = [
    # Anchors and aliases, however they are used: one located line at once, no expansion.
    Case(
        "anchor",
        "    year: 2022\n",
        "    year: &y 2022\n",
        FSDL,
        "    year: &y",
        "",
        ("the YAML anchor '&y'", "no anchors or aliases"),
    ),
    Case(
        "alias-bomb",
        TEXT[END:],
        TEXT[END:]
        + 'lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
        + "".join(f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}' if i else '*a'] * 9)}]\n" for i in range(9)),
        END,
        "lol: &a",
        "",
        ("the YAML anchor '&a'",),
    ),
    Case("recursive-alias", TEXT[END:], TEXT[END:] + "loop: &r [*r]\n", END, "loop: &r", "", ("the YAML anchor '&r'",)),
    Case(
        "deep-nesting",
        TEXT[END:],
        TEXT[END:] + "deep: " + "[" * 40 + "]" * 40 + "\n",
        END,
        "deep: [[",
        "deep" + "[0]" * 31,
        ("nested more than 32 levels deep",),
    ),
    Case(
        "text-too-long",
        LABEL,
        f'    label: "{"x" * 2001}"\n',
        FIRST_MODEL,
        '    label: "xxx',
        "models[0].label",
        ("text of 2,001 characters", "at most 2,000"),
    ),
    Case(
        "list-too-long",
        '    authors: ["Josh Tobin", "James Le", "Vishnu Rachakonda"]\n',
        "    authors: [" + ", ".join(f'"Author {i}"' for i in range(51)) + "]\n",
        FSDL,
        "    authors:",
        "references[1].authors",
        ("51 items", "at most 50"),
    ),
    # Numbers: finite and of their kind.
    Case(
        "nan",
        "    year: 2022\n",
        "    year: .nan\n",
        FSDL,
        "    year: .nan",
        "references[1].year",
        ("the number .nan, which is not finite",),
    ),
    Case(
        "infinity", "    year: 2022\n", "    year: -.inf\n", FSDL, "    year: -.inf", "references[1].year", ("the number -.inf",)
    ),
    Case(
        "too-large",
        "    year: 2022\n",
        "    year: 1e400\n",
        FSDL,
        "    year: 1e400",
        "references[1].year",
        ("the number 1e400, which is not finite",),
    ),
    Case(
        "int-tag-on-text",
        "    year: 2022\n",
        '    year: !!int "abc"\n',
        FSDL,
        "    year: !!int",
        "references[1].year",
        ("'abc' tagged !!int", "a whole number"),
    ),
    Case(
        "year-as-float",
        "    year: 2022\n",
        "    year: 2022.0\n",
        FSDL,
        "    year: 2022.0",
        "references[1].year",
        ("a number 2022.0", "a whole number"),
    ),
    # Only the core tags.
    Case(
        "timestamp-tag",
        "    year: 2022\n",
        "    year: !!timestamp 2022-01-01\n",
        FSDL,
        "    year: !!",
        "references[1].year",
        ("the YAML tag '!!timestamp'",),
    ),
    Case(
        "python-tag",
        '    venue: "Full Stack Deep Learning"\n',
        '    venue: !!python/object/apply:os.system ["true"]\n',
        FSDL,
        "    venue: !!",
        "references[1].venue",
        ("the YAML tag '!!python/object/apply:os.system'",),
    ),
    Case(
        "custom-tag",
        LABEL,
        "    label: !shout Centralised\n",
        FIRST_MODEL,
        "    label: !shout",
        "models[0].label",
        ("the YAML tag '!shout'",),
    ),
    # Ids in full; text that shows.
    Case(
        "id-with-newline",
        "  - id: fsdl-2022\n",
        "  - id: |\n      fsdl-2022\n",
        FSDL,
        "  - id: |",
        "references[1].id",
        ("'fsdl-2022\\n'", "kebab-case"),
    ),
    Case(
        "invisible-text",
        LABEL,
        '    label: "\\u200b\\u2060"\n',
        FIRST_MODEL,
        "    label:",
        "models[0].label",
        ("text that shows as nothing", "some visible text"),
    ),
    Case(
        "control-character",
        LABEL,
        '    label: "Central\\x02ised"\n',
        FIRST_MODEL,
        "    label:",
        "models[0].label",
        ("the control character \\u0002",),
    ),
    # Addresses: https, no credentials, not this machine or a private network.
    _url("url-credentials", "https://user:secret@fullstackdeeplearning.com/", ("a user name or password",)),
    _url("url-localhost", "https://localhost:8000/notes", ("on this machine or a private network (localhost)",)),
    _url("url-loopback", "https://127.0.0.1/", ("(127.0.0.1)",)),
    _url("url-private", "https://10.1.2.3/wiki", ("(10.1.2.3)",)),
    _url("url-ipv6-loopback", "https://[::1]/", ("(::1)",)),
    _url("url-number-host", "https://2130706433/", ("a host written as numbers",)),
    _url("url-file", "file:///etc/passwd", ("'file:///etc/passwd'", "an https:// address")),
    # Glossary terms: specific, and not markup.
    Case(
        "term-common-word",
        '    term: "Squad"\n',
        '    term: "The"\n',
        GLOSSARY,
        '    term: "The"',
        "glossary[8].term",
        ("a common word",),
    ),
    Case(
        "term-markup-name",
        '    term: "Squad"\n',
        '    term: "class"\n',
        GLOSSARY,
        '    term: "class"',
        "glossary[8].term",
        ("a name Markdown or HTML uses",),
    ),
    Case(
        "term-markup-chars",
        '    term: "Squad"\n',
        '    term: "<b>Squad</b>"\n',
        GLOSSARY,
        "    term:",
        "glossary[8].term",
        ("without Markdown or HTML characters",),
    ),
    Case("term-too-short", '    term: "Squad"\n', '    term: "Sq"\n', GLOSSARY, "    term:", "glossary[8].term", ("too short",)),
]


@pytest.fixture(scope="module")
def shared_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("data") / "project")


@pytest.mark.parametrize("case", BOUNDED_AND_TYPED, ids=[c.name for c in BOUNDED_AND_TYPED])
def test_bounded_and_typed_values(case: Case, shared_project: Path) -> None:
    target = shared_project / DATA_REL
    try:
        line = _write(case, target)
        written = target.read_bytes()
        result = validate_in(shared_project)
        assert result.returncode == 1
        _assert_message(result.stderr, case, DATA_REL, line)
        assert result.stderr.startswith("The data file has 1 problem:"), result.stderr
        assert len(result.stderr.strip().splitlines()) == 2, result.stderr  # one line per problem, values escaped
        assert target.read_bytes() == written  # validation never rewrites the file
    finally:
        target.write_text(TEXT, encoding="utf-8")


def test_a_file_over_the_size_limit_is_refused_unread(shared_project: Path) -> None:
    from scripts.pipeline.loader import MAX_FILE_BYTES

    target = shared_project / DATA_REL
    try:
        with target.open("a", encoding="utf-8") as fh:
            fh.write(("# padding " + "x" * 1013 + "\n") * (MAX_FILE_BYTES // 1024 + 1))
        size = f"{target.stat().st_size / 2**20:.1f}"  # what the file now weighs, as the message rounds it
        result = validate_in(shared_project)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        expected = f"{DATA_REL}:1: (top level): found a file of {size} MiB; expected at most {MAX_FILE_BYTES // 2**20} MiB."
        assert expected in result.stderr, result.stderr
    finally:
        target.write_text(TEXT, encoding="utf-8")


def test_a_data_error_in_a_plain_build_keeps_the_previous_site(shared_project: Path) -> None:
    """The alias bomb through `mkdocs build --strict`: stopped at once, the site untouched."""
    from tests.safety import good_site, snapshot

    case = next(c for c in BOUNDED_AND_TYPED if c.name == "alias-bomb")
    target = shared_project / DATA_REL
    site = shared_project / "site"
    previous = good_site(site)
    try:
        line = _write(case, target)
        result = run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=shared_project)
        assert result.returncode == 1
        _assert_message(result.stderr, case, DATA_REL, line)
        assert snapshot(site) == previous
    finally:
        target.write_text(TEXT, encoding="utf-8")
