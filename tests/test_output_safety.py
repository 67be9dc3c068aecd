"""No build command destroys what it did not create; what it writes is deployable (review items 1 and 7).

Each case checks the exit status, the one-line message, that no traceback is printed, and that the
sources and the previous site are byte-for-byte as they were.
"""

from __future__ import annotations

import stat
import sys
import zipfile
from pathlib import Path

import pytest

from scripts.pipeline.output import MARKER, MARKER_TEXT
from tests.conftest import copy_project, run
from tests.safety import good_site, one_line_error, snapshot, sources, tool


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project copy for the refusals (none of them may change it)."""
    return copy_project(tmp_path_factory.mktemp("safety") / "project")


REFUSED = [
    # --out value, words of the one-line message
    ("docs", "Refusing to build into docs: it is docs, which holds the project's sources"),
    (".", "Refusing to build into .: it is the project folder"),
    ("..", "it is a folder that contains the project"),
    ("/", "Refusing to build into /: it is a folder that contains the project"),
    ("scripts", "Refusing to build into scripts: it is scripts"),
    ("overrides", "Refusing to build into overrides: it is overrides"),
    ("docs/site", "Refusing to build into docs/site: it is inside docs"),
    ("overrides/assets", "it is inside overrides"),
    (".git", "Refusing to build into .git: it is .git"),
    ("docs/data/organisation-models.yaml", "it is inside docs"),
    ("mkdocs.yml", "Refusing to build into mkdocs.yml: it is a file, not a folder"),
    ("scripts/../docs", "Refusing to build into docs: it is docs"),
    ("elsewhere", "Refusing to replace elsewhere: it is not empty and was not built by this project"),
    ("linked-docs", "it is docs, which holds the project's sources"),  # a symlink to docs/
]


@pytest.mark.parametrize(("out", "words"), REFUSED, ids=[o for o, _ in REFUSED])
def test_tool_build_refuses_sources_and_foreign_folders(project: Path, out: str, words: str) -> None:
    (project / ".git").mkdir(exist_ok=True)
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (project / "elsewhere").mkdir(exist_ok=True)
    (project / "elsewhere" / "notes.txt").write_text("someone's notes", encoding="utf-8")
    if not (project / "linked-docs").exists():
        (project / "linked-docs").symlink_to(project / "docs")
    before, others, git = sources(project), snapshot(project / "elsewhere"), snapshot(project / ".git")
    status, output = tool(project, "build", "--out", out)
    assert status == 2, output
    one_line_error(output, words)
    assert len([ln for ln in output.splitlines() if ln.strip()]) == 1, output
    assert sources(project) == before
    assert snapshot(project / "elsewhere") == others
    assert snapshot(project / ".git") == git
    assert not list(project.glob(".*-building-*"))


@pytest.mark.parametrize("out", ["docs", "scripts", ".", "overrides/x", "elsewhere"])
def test_plain_mkdocs_build_refuses_the_same(project: Path, out: str) -> None:
    (project / "elsewhere").mkdir(exist_ok=True)
    (project / "elsewhere" / "notes.txt").write_text("someone's notes", encoding="utf-8")
    before = sources(project)
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", out], cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert ("Refusing to" in result.stderr) or ("should not be within" in result.stderr), result.stderr
    assert sources(project) == before
    assert (project / "elsewhere" / "notes.txt").read_text(encoding="utf-8") == "someone's notes"


def _modes(folder: Path) -> set[str]:
    return {
        f"{'d' if p.is_dir() else 'f'}{stat.S_IMODE(p.stat().st_mode):o}"
        for p in [folder, *folder.rglob("*")]
        if not p.is_symlink()
    }


def test_build_replaces_only_its_own_site_and_is_world_readable(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    site = project / "site"
    good_site(site)
    # Leftovers of interrupted builds: an old-style stale folder (read-only, not ours to delete) and one of ours.
    stale = project / ".site-old"
    good_site(stale, marker=False)
    stale.chmod(0o555)
    ours = project / ".site-building-abc123"
    good_site(ours)
    before = sources(project)
    status, output = tool(project, "build")
    stale.chmod(0o755)
    assert status == 0, output
    assert "Traceback" not in output
    assert (site / "index.html").read_text(encoding="utf-8") != "the good site"
    assert (site / MARKER).is_file()
    assert _modes(site) == {"d755", "f644"}
    assert sources(project) == before
    assert (stale / "index.html").read_text(encoding="utf-8") == "the good site"  # not ours: left alone
    assert not ours.exists()  # ours: cleaned up
    assert not list(project.glob(".site-old-*")) and not list(project.glob(".site-building-*"))
    # The next build replaces this one as it replaced the stand-in: the marker it leaves is the one it looks for.
    assert (site / MARKER).read_text(encoding="utf-8") == MARKER_TEXT


# Root ignores permission bits, so a read-only or unwritable folder is simulated the way the
# operating system reports it: os.access says no, and writes raise PermissionError / ENOSPC.
DENY_ACCESS = """
import os
_real = os.access
TARGET = os.path.realpath({target!r})
os.access = lambda p, m, **k: False if os.path.realpath(p).startswith(TARGET) and m & os.W_OK else _real(p, m, **k)
"""
FULL_DISK = """
import errno, mkdocs.utils, shutil
def _full(*a, **k):
    raise OSError(errno.ENOSPC, "No space left on device", "site/index.html")
mkdocs.utils.write_file = _full
import mkdocs.structure.files, mkdocs.structure.pages
mkdocs.structure.pages.utils.write_file = _full
"""


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("read-only-site", "Cannot replace site: site/sub is read-only"),
        ("unwritable-parent", "Cannot write to out: permission denied"),
        ("full-disk", "Build failed: the disk is full (site/index.html); the site in site is unchanged."),
    ],
)
def test_unwritable_output_and_full_disk_leave_the_previous_site(tmp_path: Path, case: str, words: str) -> None:
    project = copy_project(tmp_path / "p")
    if case == "unwritable-parent":
        site = project / "out" / "site"
        patch, out = DENY_ACCESS.format(target=str(project / "out")), "out/site"
    else:
        site = project / "site"
        patch = DENY_ACCESS.format(target=str(site / "sub")) if case == "read-only-site" else FULL_DISK
        out = "site"
    previous = good_site(site)
    before = sources(project)
    status, output = tool(project, "build", "--out", out, patch=patch)
    assert status == (1 if case == "full-disk" else 2), output
    one_line_error(output, words)
    assert snapshot(site) == previous
    assert sources(project) == before
    # Nothing is left behind (no staging folder, no half-swapped site): the next build starts as on a clean tree.
    assert not list(site.parent.glob(".site-*")), list(site.parent.iterdir())


def test_offline_copy_is_world_readable_and_its_404_page_has_relative_links(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    result = run([sys.executable, "-m", "scripts.tools.present.offline", "--out", str(tmp_path / "build")], cwd=project)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "build" / "offline-site"
    assert _modes(site) == {"d755", "f644"}
    page = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="assets/stylesheets/site.css"' in page
    assert 'href="/' not in page and 'src="/' not in page
    assert '"base": "."' in page
    with zipfile.ZipFile(tmp_path / "build" / "offline-site.zip") as zf:
        assert zf.read("offline-site/404.html").decode("utf-8") == page
