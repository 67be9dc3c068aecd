"""Where a build may write, and how a finished build replaces the previous site.

Rules (every build command follows them: `mkdocs build` through scripts/engines/hooks.py,
`python -m scripts.tools.contrib.tool build` and `python -m scripts.tools.present.offline` through the same hook):

- The output folder may never be, contain or sit above the project root, `docs/`,
  `overrides/`, `scripts/`, `.git` (and the other folders listed in PROTECTED) or the data file.
- An existing output folder is replaced only when it is empty or carries MARKER, the file every
  build of this project writes at its top. Anything else is refused: no command deletes what it
  did not create.
- A build writes into a sibling staging folder; only a finished build is swapped into place,
  so a failed build, a full disk or a read-only folder leaves the previous site as it was.
- What is published is world-readable, as a plain MkDocs build is: folders 0755, files 0644.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

MARKER = ".organisation-models-site"
MARKER_TEXT = (
    "This folder is a site built by this project (scripts/pipeline/output.py).\n"
    "A build replaces a folder only when this file is in it; delete the folder freely.\n"
)
# Folders of the project that no build may write into, replace or contain (relative to the root).
PROTECTED = ("docs", "overrides", "scripts", ".git", "tests", "requirements", ".github", ".ci", ".venv", "node_modules")
DIR_MODE, FILE_MODE = 0o755, 0o644


class OutputError(Exception):
    """The output folder cannot be used or replaced; the message is one line a contributor can act on."""


def shown(path: Path) -> str:
    try:
        rel = path.relative_to(Path.cwd().resolve())
        return str(rel) if str(rel) != "." else "."
    except ValueError:
        return str(path)


def _within(path: Path, other: Path) -> bool:
    return path == other or other in path.parents


def check_target(target: Path, root: Path, also_protected: Iterable[Path] = ()) -> Path:
    """Return the resolved output folder, or raise OutputError when a build must not write there."""
    out = Path(os.path.abspath(target)).resolve()
    root = root.resolve()
    here = shown(out)
    if _within(root, out):
        what = "the project folder" if out == root else "a folder that contains the project"
        raise OutputError(f"Refusing to build into {here}: it is {what}; choose a new folder such as site/ or build/site.")
    protected = [root / name for name in PROTECTED] + [Path(p).resolve() for p in also_protected]
    for part in protected:
        if _within(out, part) or _within(part, out):
            relation = "is" if out == part else ("is inside" if _within(out, part) else "contains")
            raise OutputError(
                f"Refusing to build into {here}: it {relation} {shown(part)}, which holds the project's sources; "
                "choose a new folder such as site/ or build/site."
            )
    if out.exists() or out.is_symlink():
        if not out.is_dir():
            raise OutputError(f"Refusing to build into {here}: it is a file, not a folder; choose a new folder.")
        if not (out / MARKER).is_file() and any(out.iterdir()):
            raise OutputError(
                f"Refusing to replace {here}: it is not empty and was not built by this project (no {MARKER} in it); "
                "move it away or choose another folder."
            )
    return out


def check_writable(out: Path) -> None:
    """Raise OutputError unless the build can create its staging folder beside `out` and remove the old site."""
    parent = out.parent
    existing = next((p for p in (parent, *parent.parents) if p.exists()), None)
    if existing is None or not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(
            f"Cannot write to {shown(existing or parent)}: permission denied; the build needs to write beside {shown(out)}."
        )
    if out.is_dir():
        for folder, dirs, _files in os.walk(out):
            if not os.access(folder, os.W_OK | os.X_OK):
                raise OutputError(
                    f"Cannot replace {shown(out)}: {shown(Path(folder))} is read-only (make it writable, e.g. chmod -R u+w {shown(out)}); "
                    "the previous site is unchanged."
                )
            dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]


def describe(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied"
    return exc.strerror or str(exc)


def stage(out: Path) -> Path:
    """A new, empty staging folder beside `out` (mode 0755); stale staging folders of earlier builds are removed."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(out)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
        staging.chmod(DIR_MODE)
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # so an interrupted build's folder is known as ours
    except OSError as exc:
        raise OutputError(f"Cannot write beside {shown(out)}: {describe(exc)}; the previous site is unchanged.") from None
    return staging


def remove_stale(out: Path) -> None:
    """Leftovers of interrupted builds (ours: they carry MARKER or are empty) are removed; anything else is left alone."""
    for pattern in (f".{out.name}-building-*", f".{out.name}-old-*"):
        for leftover in out.parent.glob(pattern):
            if leftover.is_dir() and not leftover.is_symlink() and ((leftover / MARKER).is_file() or not any(leftover.iterdir())):
                shutil.rmtree(leftover, ignore_errors=True)


def make_readable(folder: Path) -> None:
    """Folders 0755, files 0644, like a plain MkDocs build (a staging folder starts as 0700)."""
    folder.chmod(DIR_MODE)
    for here, dirs, files in os.walk(folder):
        for name in dirs:
            p = Path(here, name)
            if not p.is_symlink():
                p.chmod(DIR_MODE)
        for name in files:
            p = Path(here, name)
            if not p.is_symlink():
                p.chmod(FILE_MODE)


def publish(staging: Path, out: Path) -> str | None:
    """Swap the finished build in `staging` into place at `out`; return a note for the log, or None.

    The previous site is moved aside under a unique name, the new one renamed into place, then the
    previous one removed: at every moment `out` is either the old site or the new one.
    """
    try:
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        make_readable(staging)
        old: Path | None = None
        if out.exists():
            old = out.with_name(f".{out.name}-old-{os.getpid()}-{time.time_ns()}")
            out.rename(old)
        try:
            staging.rename(out)
        except OSError:
            if old is not None:
                old.rename(out)
            raise
    except OSError as exc:
        discard(staging)
        raise OutputError(f"Cannot write the site to {shown(out)}: {describe(exc)}; the previous site is unchanged.") from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
        if old.exists():
            return f"The previous site could not be removed completely: {shown(old)} is left (delete it by hand)."
    return None


def discard(staging: Path) -> None:
    """Remove a staging folder of a build that did not finish."""
    shutil.rmtree(staging, ignore_errors=True)
