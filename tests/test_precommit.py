"""The pre-commit hooks: each one catches a deliberately bad file, and all of them pass on the repository.

CI runs these tests (`make test`), so a contributor who skipped `make hooks` learns from CI what
the hooks would have said. The hooks run in a throwaway git repository holding a copy of the
project's files (what `git add -A` would commit), never in the working tree: several hooks fix
files in place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT

CONFIG = ROOT / ".pre-commit-config.yaml"
PRE_COMMIT = ROOT / ".venv" / "bin" / "pre-commit"
DATA = "docs/data/organisation-models.yaml"
SCHEMA = "docs/data/organisation-models.schema.json"


def hook_ids() -> list[str]:
    """Every hook id in .pre-commit-config.yaml, local and meta."""
    config = YAML(typ="safe").load(CONFIG.read_text(encoding="utf-8"))
    return [hook["id"] for repo in config["repos"] for hook in repo["hooks"]]


def project_files() -> list[str]:
    """The files a commit of the working tree would hold: tracked, plus untracked but not ignored."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return sorted({f for f in out.split("\0") if f and (ROOT / f).is_file()})


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def make_repo(dest: Path) -> Path:
    """A git repository with a copy of the project's files, the project's .venv linked in, all staged."""
    dest.mkdir(parents=True)
    for rel in project_files():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    return dest


def pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit run ...` in `repo`, with its cache in the repository's parent folder."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PRE_COMMIT_ALLOW_NO_CONFIG", None)
    return subprocess.run(
        [str(PRE_COMMIT), "run", "--color", "never", *args], cwd=repo, env=env, text=True, capture_output=True, check=False
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One throwaway repository for the bad-file cases; each case undoes its change."""
    return make_repo(tmp_path_factory.mktemp("precommit") / "repo")


# ============================================================================
# One deliberately bad file per hook
# ============================================================================


@dataclass(frozen=True)
class Bad:
    hook: str
    path: str  # the file to write or change, relative to the repository
    change: Callable[[str], str]  # old text ('' for a new file) -> bad text
    says: tuple[str, ...]  # what the hook's output must contain
    fixed: Callable[[str], bool] | None = None  # for fixers: the file after the hook is right


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, f"{old!r} not found: update this test case"
        return text.replace(old, new, 1)

    return change


def new(content: str) -> Callable[[str], str]:
    return lambda _old: content


TYPO = "re" + "cieve"  # in one piece, it would make codespell flag this test file
BAD = [
    Bad(
        "trailing-whitespace",
        "notes/bad.md",
        new("# Notes\n\nSome text.   \n"),
        ("Fixing notes/bad.md",),
        fixed=lambda text: text == "# Notes\n\nSome text.\n",
    ),
    Bad(
        "end-of-file",
        "notes/bad.txt",
        new("no final newline"),
        ("Fixing notes/bad.txt",),
        fixed=lambda text: text == "no final newline\n",
    ),
    Bad("spelling", "notes/bad.md", new(f"# Notes\n\nWe {TYPO} feedback.\n"), (f"{TYPO} ==> receive",)),
    Bad("yamllint", "notes/bad.yml", new("key: 1\nkey: 2\n"), ('duplication of key "key"',)),
    Bad(
        "data-file",
        DATA,
        replace("    level: very-high\n", "    level: extreme\n"),
        ("docs/data/organisation-models.yaml:", "level: found 'extreme'", "very-low, low, medium, high, very-high"),
    ),
    Bad("data-schema", SCHEMA, replace('"minItems": 5', '"minItems": "five"'), ("'five' is not of type 'integer'",)),
    Bad("citation", "CITATION.cff", replace("cff-version: 1.2.0\n", ""), ("'cff-version' is a required property",)),
    Bad(
        "issue-forms",
        ".github/ISSUE_TEMPLATE/bad.yml",
        new("name: Bad\ndescription: A form without a body.\n"),
        ("'body' is a required property",),
    ),
    Bad(
        "issue-config",
        ".github/ISSUE_TEMPLATE/config.yml",
        replace("blank_issues_enabled: false", "blank_issues_enabled: maybe"),
        ("blank_issues_enabled",),
    ),
    Bad("markdown", "notes/bad.md", new("# One\n\n### Three\n"), ("MD001",)),
    Bad("ruff-check", "notes/bad.py", new('"""A module."""\n\nimport os\n'), ("F401", "`os` imported but unused")),
    Bad(
        "ruff-format",
        "notes/bad.py",
        new('"""A module."""\n\nx=[1,2]\n'),
        ("1 file reformatted",),
        fixed=lambda text: text == '"""A module."""\n\nx = [1, 2]\n',
    ),
    Bad("check-hooks-apply", "CITATION.cff", lambda _old: "", ("citation does not apply to this repository",)),
    Bad(
        "check-useless-excludes",
        ".pre-commit-config.yaml",
        replace("        exclude: ^package-lock\\.json$\n", "        exclude: ^no-such-file\\.json$\n"),
        ("The exclude pattern '^no-such-file\\\\.json$' for spelling does not match any files",),
    ),
]


@pytest.fixture
def bad_file(repo: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Bad, Path]]:
    """Write one case's bad file into the repository, stage it, and put the repository back afterwards."""
    case: Bad = request.param
    target = repo / case.path
    before = target.read_bytes() if target.exists() else None
    target.parent.mkdir(parents=True, exist_ok=True)
    bad = case.change(before.decode("utf-8") if before is not None else "")
    if bad == "" and before is not None:
        target.unlink()  # the case is "the file is missing"
        git(repo, "rm", "-q", "--cached", case.path)
    else:
        target.write_text(bad, encoding="utf-8")
        git(repo, "add", case.path)
    try:
        yield case, target
    finally:
        if before is None:
            target.unlink(missing_ok=True)
            git(repo, "rm", "-q", "--cached", "--ignore-unmatch", case.path)
        else:
            target.write_bytes(before)
            git(repo, "add", case.path)


def test_every_hook_has_a_bad_file_case() -> None:
    assert sorted(c.hook for c in BAD) == sorted(hook_ids())


@pytest.mark.parametrize("bad_file", BAD, ids=[c.hook for c in BAD], indirect=True)
def test_hook_fails_on_a_bad_file(bad_file: tuple[Bad, Path], repo: Path) -> None:
    case, target = bad_file
    files = ["--all-files"] if case.hook.startswith("check-") else ["--files", case.path]
    result = pre_commit(repo, case.hook, *files)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Failed" in output, output
    for words in case.says:
        assert words in output, f"expected {words!r} in:\n{output}"
    if case.fixed is not None:
        assert case.fixed(target.read_text(encoding="utf-8")), target.read_text(encoding="utf-8")


def test_a_hook_skips_files_it_does_not_concern(repo: Path) -> None:
    """The data-file check runs only when the data file, its schema or the loader changes."""
    result = pre_commit(repo, "data-file", "--files", "README.md")
    assert result.returncode == 0
    assert "(no files to check)Skipped" in result.stdout, result.stdout


# ============================================================================
# The repository passes every hook
# ============================================================================


@pytest.mark.slow  # `make lint` runs the same; pre-commit runs the hooks on each commit
def test_all_hooks_pass_on_the_repository(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    result = pre_commit(repo, "--all-files", "--show-diff-on-failure")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    ran = [line for line in result.stdout.splitlines() if line.endswith("Passed")]
    assert len(ran) == len(hook_ids()), result.stdout
