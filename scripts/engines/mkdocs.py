"""MkDocs adapter: the `Engine` (scripts/engines/__init__.py) over mkdocs-macros' env.

MkDocs calls define_env once per build, at configuration time, so what the macros change in the
configuration (glossary abbreviations, the offline shim) applies to every page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError


class MkDocsEngine:
    """The engine behind `mkdocs build` / `mkdocs serve` (mkdocs-macros passes its plugin as `env`)."""

    name = "mkdocs"

    def __init__(self, env: Any) -> None:
        self._env = env
        self._conf = env.conf
        self.root = Path(self._conf["config_file_path"]).resolve().parent
        self.docs_dir = Path(self._conf["docs_dir"])

    def setting(self, key: str) -> str:
        return self._conf.get(key) or ""

    def page_url(self) -> str:
        page = self._env.page
        return page.url if page is not None else ""

    def link_base(self) -> str:
        return self.page_url()  # MkDocs leaves links in HTML as the macros wrote them

    def page_src(self) -> str:
        page = self._env.page
        return page.file.src_uri if page is not None else ""

    def offline(self) -> bool:
        plugins = self._conf["plugins"]
        plugin = plugins.get("material/offline") or plugins.get("offline")
        return plugin is not None and bool(plugin.config.enabled)

    def add_polyfill(self, path: str) -> None:
        polyfills = self._conf["extra"].setdefault("polyfills", [])
        if path not in polyfills:
            polyfills.append(path)

    def set_abbreviations(self, terms: dict[str, str]) -> None:
        self._conf["mdx_configs"].setdefault("abbr", {})["glossary"] = terms

    def error(self, message: str) -> Exception:
        return PluginError(message)
