"""Run `python -m MODULE ARGS` (or `python -c CODE`) in a forked copy of the test process.

Most negative tests start the real command line of the build or the contributor tool in a project copy and
read what it prints. A fresh interpreter spends about a quarter of a second importing MkDocs, Material,
Markdown, Jinja and the plugins before it does anything; a fork of a process that has imported them once
starts at once. The child is still a separate process with its own working directory, environment, argv,
standard streams and exit status, and it runs the same entry point (`runpy`, as `python -m` does); only the
third-party imports are inherited. The project's own code (`scripts`) is imported afresh from the copy, since
it finds the project from its own file.

Falls back to a plain subprocess where `os.fork` does not exist (Windows) or when SUBPROCESS_ONLY=1 is set
(to compare the two, or to rule the fork out when a test misbehaves).
"""

from __future__ import annotations

import importlib
import io
import os
import runpy
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Entry points that may run forked: what the negative tests start. Anything else (pytest, pre-commit, git,
# `mkdocs serve`) runs as a plain subprocess.
FORKABLE = ("mkdocs", "scripts.")
# Third-party modules the build and the tool import; imported once per test process, then shared by forks.
PRELOAD = (
    "mkdocs.__main__",
    "mkdocs.commands.build",
    "mkdocs.config.defaults",
    "mkdocs.structure.pages",
    "mkdocs.livereload",
    "material.plugins.search.plugin",
    "mkdocs_macros.plugin",
    "mkdocs_git_revision_date_localized_plugin.plugin",
    "mkdocs_redirects.plugin",
    "markdown",
    "markdown.extensions.abbr",
    "markdown.extensions.admonition",
    "markdown.extensions.attr_list",
    "markdown.extensions.def_list",
    "markdown.extensions.footnotes",
    "markdown.extensions.md_in_html",
    "markdown.extensions.tables",
    "markdown.extensions.toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pygments.lexers",
    "jinja2",
    "yaml",
    "jsonschema_rs",
    "git",
    "segno",
)
TIMEOUT = 300  # seconds; a child still running after this is killed and the test fails with what it printed
_preloaded = False


def forkable(cmd: list[str]) -> bool:
    if not hasattr(os, "fork") or os.environ.get("SUBPROCESS_ONLY") == "1":
        return False
    if len(cmd) < 3 or cmd[0] != sys.executable:
        return False
    if cmd[1] == "-c":
        return True
    return cmd[1] == "-m" and (cmd[2] == FORKABLE[0] or cmd[2].startswith(FORKABLE[1])) and cmd[2:4] != ["mkdocs", "serve"]


def _preload() -> None:
    global _preloaded
    if _preloaded:
        return
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # not installed here: the child imports (or fails to import) it as a fresh process would
    _preloaded = True


def _ours(module: object) -> bool:
    """A module of the project (any copy): imported afresh in the child, from the child's working directory."""
    name = getattr(module, "__name__", "")
    return name == "scripts" or name.startswith(("scripts.", "tests."))


def _child(cmd: list[str], cwd: Path, env: dict[str, str], out_fd: int, err_fd: int) -> None:
    """Runs in the fork; never returns."""
    code = 1
    try:
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (the process ends with os._exit)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", line_buffering=True)
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", line_buffering=True)
        sys.__stdout__, sys.__stderr__ = sys.stdout, sys.stderr
        for name in [n for n, m in sys.modules.items() if _ours(m)]:
            del sys.modules[name]
        importlib.invalidate_caches()
        # As `python -m` / `python -c` do: the working directory first on the path, instead of the tests'.
        sys.path[:] = [str(cwd), *(p for p in sys.path if p not in ("", str(ROOT)))]
        import logging

        logging.root.handlers.clear()  # pytest's capture handlers belong to the parent
        if cmd[1] == "-c":
            sys.argv = ["-c", *cmd[3:]]
            exec(compile(cmd[2], "<string>", "exec"), {"__name__": "__main__", "__builtins__": __builtins__})  # noqa: S102
        else:
            sys.argv = [cmd[2], *cmd[3:]]
            runpy.run_module(cmd[2], run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as stop:
        if stop.code is None:
            code = 0
        elif isinstance(stop.code, int):
            code = stop.code
        else:
            print(stop.code, file=sys.stderr)
            code = 1
    except BaseException:  # noqa: BLE001 (report it as the interpreter would, then exit 1)
        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def run(cmd: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Like subprocess.run(cmd, cwd=cwd, env=env, text=True, capture_output=True), in a fork where it can be."""
    if not forkable(cmd):
        return subprocess.run(cmd, cwd=cwd, env=env, text=True, capture_output=True, check=False)
    _preload()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(cmd, Path(cwd), env, out.fileno(), err.fileno())
        deadline = time.monotonic() + TIMEOUT
        timed_out = False
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                _, status = os.waitpid(pid, 0)
                timed_out = True
                break
            time.sleep(0.005)
        code = os.waitstatus_to_exitcode(status)
        texts = []
        for stream in (out, err):
            stream.seek(0)
            texts.append(stream.read().decode("utf-8", errors="replace"))
    if timed_out:
        texts[1] += f"\n(killed after {TIMEOUT} s)\n"
    return subprocess.CompletedProcess(cmd, code, texts[0], texts[1])
