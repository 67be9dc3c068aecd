"""MkDocs hooks (mkdocs.yml `hooks:`): safe output for every build, pages checked before they are published.

`mkdocs build` empties its output folder before it renders a page, so a page error used to
leave `site/` empty, and `-d docs` deleted the sources. Here a build:

- refuses an output folder that is, contains or sits above the project or its sources, or
  that exists and was not built by this project (scripts/pipeline/output.py has the rules);
- builds into a staging folder beside it, and swaps the finished site into place only when
  the build succeeded, strict warnings included; a failed build leaves the previous site as it was.

Each page's source is checked first (UTF-8, front matter: scripts/pipeline/pagecheck.py); an error stops
the build with one located line. `mkdocs serve` builds into its own temporary folder and is left
alone; there a page error is shown in the terminal and in the page, and the server keeps running.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

# MkDocs loads this file by path; make the `scripts` package importable beside it.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.utils import CountHandler  # noqa: E402

from scripts.pipeline import htmlscan, output, pagecheck  # noqa: E402
from scripts.pipeline.loader import DATA_FILE  # noqa: E402
from scripts.pipeline.render import spaced  # noqa: E402

log = logging.getLogger("mkdocs.hooks.output")

_STATE: dict[str, Any] = {"command": None}


def on_startup(command: str, dirty: bool) -> None:
    _STATE["command"] = command
    pagecheck.MODE["command"] = command


def on_page_read_source(page: Any, config: Any) -> str | None:
    """The page's source, checked: UTF-8, and front matter that MkDocs will read as intended."""
    path = page.file.abs_src_path
    if not path:
        return None
    display = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    try:
        text = pagecheck.decode(Path(path).read_bytes(), display)
        pagecheck.check_front_matter(text, display)
    except pagecheck.PageError as exc:
        if not serving():
            raise PluginError(str(exc)) from None
        log.error(str(exc))  # `mkdocs serve` keeps running and shows the error in the page
        return f"# {Path(path).stem}\n\n{pagecheck.error_page(str(exc))}"
    except OSError:
        return None  # MkDocs reports a missing file itself
    return text


def serving() -> bool:
    return _STATE["command"] == "serve"


@event_priority(100)  # first: refuse a dangerous folder before any plugin does work
def on_config(config: Any) -> Any:
    _STATE.pop("broken", None)
    _STATE.pop("target", None)
    _STATE.pop("staging", None)
    if serving():
        return config
    root = Path(config.config_file_path).resolve().parent
    protected = [Path(config.docs_dir), DATA_FILE]
    if config.theme.custom_dir:
        protected.append(Path(config.theme.custom_dir))
    try:
        target = output.check_target(Path(config.site_dir), root, protected)
        output.check_writable(target)
        staging = output.stage(target)
    except output.OutputError as exc:
        raise PluginError(str(exc)) from None
    _STATE.update(target=target, staging=staging)
    config.site_dir = str(staging)
    # Strict mode aborts on warnings only after on_post_build: count them, so a site with
    # warnings is never swapped into place.
    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    _STATE["counter"] = counter
    return config


def _stop_counting() -> list[tuple[str, int]]:
    counter = _STATE.pop("counter", None)
    if counter is None:
        return []
    logging.getLogger("mkdocs").removeHandler(counter)
    return counter.get_counts()


@event_priority(100)  # first: before the search plugin reads the page (on_page_context)
def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Block tags of the page apart (content tabs, lists, tables): its search entries then read as text."""
    return spaced(html)


@event_priority(-100)  # last: the page as it will be written
def on_post_page(output_html: str, page: Any, config: Any) -> str:
    """Look at the finished HTML for signs that the page did not render (scripts/pipeline/htmlscan.py)."""
    display = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    for problem in htmlscan.problems(output_html):
        _STATE.setdefault("broken", []).append(f"{display}: {problem}")
    return output_html


@event_priority(-100)  # last: after every plugin has written its files
def on_post_build(config: Any) -> None:
    broken = _STATE.pop("broken", [])
    if broken:
        message = f"{len(broken)} page problem{'s' if len(broken) != 1 else ''} in the built site:\n" + "\n".join(
            f"  {b}" for b in broken
        )
        if serving():
            log.error(message)
        else:
            raise PluginError(message)  # on_build_error removes the staging folder; the previous site stays
    staging, target = _STATE.pop("staging", None), _STATE.pop("target", None)
    warnings = _stop_counting()
    if staging is None or target is None:
        return
    if config.strict and warnings:
        output.discard(staging)  # MkDocs aborts right after this; the previous site stays
        return
    try:
        note = output.publish(staging, target)
    except output.OutputError as exc:
        raise PluginError(str(exc)) from None
    config.site_dir = str(target)  # where the site now is (gh-deploy reads it after the build)
    if note:
        log.info(note)


def on_build_error(error: Exception) -> None:
    _STATE.pop("broken", None)
    staging = _STATE.pop("staging", None)
    _STATE.pop("target", None)
    _stop_counting()
    if staging is not None:
        output.discard(staging)
