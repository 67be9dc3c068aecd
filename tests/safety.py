"""Helpers for the tests that break things on purpose: snapshots of folders, one-line error checks."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from tests.conftest import PROJECT_PARTS, run


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path -> sha256 of its bytes); folders as 'dir'."""
    out: dict[str, str] = {}
    if not folder.exists():
        return out
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts:
            continue
        rel = path.relative_to(folder).as_posix()
        out[rel] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def sources(project: Path) -> dict[str, str]:
    """Snapshot of every build input of a project copy."""
    snap: dict[str, str] = {}
    for part in PROJECT_PARTS:
        path = project / part
        if path.is_dir():
            snap.update({f"{part}/{k}": v for k, v in snapshot(path).items()})
        else:
            snap[part] = hashlib.sha256(path.read_bytes()).hexdigest()
    return snap


def good_site(folder: Path, marker: bool = True) -> dict[str, str]:
    """A stand-in for a previously published site (with the build's marker); returns its snapshot."""
    from scripts.pipeline.output import MARKER, MARKER_TEXT

    (folder / "sub").mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text("the good site", encoding="utf-8")
    (folder / "sub" / "page.html").write_text("a good page", encoding="utf-8")
    if marker:
        (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return snapshot(folder)


def tool(project: Path, *args: str, patch: str = "") -> tuple[int, str]:
    """`python -m scripts.tools.contrib.tool ARGS` in a project copy (after running `patch`, Python code, in the same
    process: how a test makes a write fail); returns the exit status and stdout + stderr."""
    code = f"import sys\n{patch}\nfrom scripts.tools.contrib.tool import main\nsys.exit(main({list(args)!r}))\n"
    result = run([sys.executable, "-c", code], cwd=project)
    return result.returncode, result.stdout + result.stderr


def one_line_error(output: str, expected: str) -> None:
    """`expected` is in the output, as one line, with no traceback."""
    assert "Traceback" not in output, output
    assert any(expected in line for line in output.splitlines()), f"expected {expected!r} in:\n{output}"
