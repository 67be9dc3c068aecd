"""Site-generator adapters: the only code that knows which engine builds the site.

The pipeline (scripts/pipeline/loader.py -> scripts/pipeline/model.py -> scripts/pipeline/render/) knows no engine. The macros
module (scripts/engines/macros.py) asks `detect(env)` once per build for an `Engine` and talks to the engine
through it alone. One adapter per engine:

    scripts/engines/mkdocs.py     MkDocs 1.6 + Material for MkDocs + mkdocs-macros (the published site)
    scripts/engines/zensical.py   Zensical (Material's successor): adapter, and the build command
                                  `python -m scripts.engines.zensical` behind `make build-zensical`

What a build does after the pages are written (minify, downloads) is engine-neutral:
scripts/pipeline/postbuild.py, called by both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

# What define_env (scripts/engines/macros.py) leaves for the steps after a page's macros ran: the data set and
# the page's reference links. Kept here, in a module imported once, so both engines see one dict.
BUILD: dict[str, Any] = {}


def finish_page(markdown: str, meta: dict[str, Any]) -> str:
    """What every engine does to a page once its macros ran (MkDocs: on_post_page_macros; Zensical: its adapter).

    On the slide deck (template slides.html), each slide's citation markers become one "Sources" line
    at the slide's foot (deck.gather_sources).
    """
    if meta.get("template") == "slides.html" and "data" in BUILD and "ref_href" in BUILD:
        from scripts.pipeline.render import deck  # noqa: PLC0415 (the renderers are engine-free)

        return deck.gather_sources(markdown, BUILD["data"], BUILD["ref_href"])
    return markdown


class BuildError(Exception):
    """Stops a build with a message and no traceback (each adapter maps it to its engine's own error)."""


class Engine(Protocol):
    """What scripts/engines/macros.py may ask of the engine that is building the site."""

    name: str  # "mkdocs" or "zensical"
    root: Path  # the folder of mkdocs.yml (the repository)
    docs_dir: Path  # the Markdown pages

    def setting(self, key: str) -> str:
        """A site setting from mkdocs.yml (site_url, site_name, edit_uri, ...) as written there; '' when unset."""
        ...

    def page_url(self) -> str:
        """Directory-style address of the page being rendered ('comparison/'; '' on the home page or outside a page).

        What links read by the page's scripts (JSON data) start from; no engine rewrites those.
        """
        ...

    def link_base(self) -> str:
        """Where the relative links a macro writes into the page's HTML start from ('' outside a page).

        MkDocs leaves links in HTML alone, so that is the page's address ('comparison/'). Zensical
        resolves every relative link of a page against its source file's folder and rewrites it for the
        page's address, so there it is that folder ('' for comparison.md, 'playbook/' for playbook/x.md).
        """
        ...

    def page_src(self) -> str:
        """Source path of the page being rendered, relative to docs_dir ('comparison.md'); '' outside a page."""
        ...

    def offline(self) -> bool:
        """True for the copy that opens from file:// (the offline plugin is on)."""
        ...

    def add_polyfill(self, path: str) -> None:
        """Load a script of the site (a path under docs/ or the theme folder) before the theme's own."""
        ...

    def set_abbreviations(self, terms: dict[str, str]) -> None:
        """Terms that Markdown's abbr extension marks up wherever they appear in prose."""
        ...

    def error(self, message: str) -> Exception:
        """The exception that stops this engine's build with `message` and no traceback."""
        ...


def detect(env: Any) -> Engine:
    """The adapter for the engine that passed `env` to define_env (Zensical's or mkdocs-macros')."""
    if type(env).__module__.split(".")[0] == "zensical":
        from scripts.engines.zensical import ZensicalEngine  # noqa: PLC0415 (only inside a Zensical build)

        return ZensicalEngine(env)
    from scripts.engines.mkdocs import MkDocsEngine  # noqa: PLC0415 (MkDocs is not installed for Zensical)

    return MkDocsEngine(env)
