"""Zensical adapter, and the command that builds the site with Zensical.

    python -m scripts.engines.zensical [--out DIR]     (`make build-zensical`; default build/zensical-site)

Run it with the Python of the Zensical environment (.venv-zensical, `requirements/zensical.txt`).
It builds strictly from the same mkdocs.yml, docs/, data file and overrides/ as `make build`, into a
temporary folder swapped into place only when the build succeeds. The old folder is replaced only if
a previous run of this command made it (it holds MARKER); the command refuses any other folder.

How Zensical differs from MkDocs, and what this module does about each (README, "Migration path"):

- Zensical reads mkdocs.yml itself and runs mkdocs-macros' `module_name`/`define_env` as a Markdown
  extension, but calls define_env once per page, at page time, with a plain-dict configuration.
  `ZensicalEngine` is the `Engine` over that env; `_configure` runs define_env once at configuration
  time too, so what it changes in the configuration (glossary abbreviations, the offline shim)
  applies from the first page on, as it does under MkDocs.
- Plugins it does not know it drops without a word. `IGNORED` names the ones this site uses and the
  build prints what happens instead, every time: git-revision-date-localized is provided here
  (`_RevisionDate`, same date format); mkdocs-redirects and the offline plugin are native.
- It has no post-build hook: the steps MkDocs runs in on_post_build run after the build here
  (scripts/pipeline/postbuild.py, the same code).
- Its default theme variant ("modern") looks different from Material; `OVERRIDES` asks for "classic".
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any

from scripts.engines import BuildError, finish_page

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "mkdocs.yml"
DEFAULT_OUT = ROOT / "build" / "zensical-site"
# Written into every site this command builds, so a later run knows the folder is its own to replace.
MARKER = ".zensical-build"
# Settings of mkdocs.yml that Zensical reads differently, given to it as MkDocs would read them:
# Material's look (Zensical's default variant is "modern"), and a repo_url, without which Zensical
# makes no edit/view links even with an absolute edit_uri (overrides/main.html keeps the theme's
# script from asking GitHub's API about it). `_overrides` adds what it derives from mkdocs.yml.
OVERRIDES: dict[str, Any] = {"theme": {"variant": "classic"}}
# Plugins of mkdocs.yml that Zensical drops silently, and what this build does instead (printed).
IGNORED: dict[str, str] = {
    "git-revision-date-localized": "last-updated dates come from git through this adapter (_RevisionDate)",
}
# The iframe-worker shim as Zensical's offline plugin adds it, from a CDN (the site serves its own copy).
_CDN_SHIM = "https://unpkg.com/iframe-worker/"
# Folders of sources that an output folder may never be, nor contain.
_SOURCES = ("docs", "overrides", "scripts", "tests", "requirements", ".git", ".github", ".ci")


# ============================================================================
# The Engine (scripts/engines/__init__.py) over Zensical's macros env
# ============================================================================


class ZensicalEngine:
    """The engine behind `zensical build` (zensical.extensions.macros passes its MacroEnv as `env`)."""

    name = "zensical"

    def __init__(self, env: Any) -> None:
        self._env = env
        self._conf = env.conf
        self.root = Path(self._conf.get("root_dir") or ROOT).resolve()
        self.docs_dir = self.root / self._conf.get("docs_dir", "docs")

    def setting(self, key: str) -> str:
        if key == "edit_uri":
            # Zensical drops edit_uri's trailing slash; MkDocs keeps it as written, and so does this.
            return _raw_settings().get("edit_uri") or ""
        return self._conf.get(key) or ""

    def page_url(self) -> str:
        page = self._env.page
        return page.url if page is not None else ""

    def link_base(self) -> str:
        # Zensical rewrites each relative link from the source file's folder to the page's address.
        page = self._env.page
        folder = posixpath.dirname(page.path) if page is not None else ""
        return folder + "/" if folder else ""

    def page_src(self) -> str:
        page = self._env.page
        return page.path if page is not None else ""

    def offline(self) -> bool:
        plugin = self._conf.get("plugins", {}).get("offline", {})
        return bool(plugin.get("config", plugin).get("enabled"))

    def add_polyfill(self, path: str) -> None:
        # Only at configuration time (_configure): the theme reads the list from the configuration
        # Zensical took in once, so a page-time change would not reach any page.
        if self._env.page is not None:
            return
        polyfills = self._conf["extra"].setdefault("polyfills", [])
        # Zensical's offline plugin has already added iframe-worker from a CDN (unpkg); ours replaces it.
        polyfills[:] = [item for item in polyfills if not item.get("path", "").startswith(_CDN_SHIM)]
        if all(item.get("path") != path for item in polyfills):
            polyfills.append({"path": path, "type": None, "async": False, "defer": False})

    def set_abbreviations(self, terms: dict[str, str]) -> None:
        self._conf["mdx_configs"].setdefault("abbr", {})["glossary"] = terms

    def error(self, message: str) -> Exception:
        return BuildError(message)


@cache
def _raw_settings() -> dict[str, Any]:
    """mkdocs.yml's top-level settings as written (before Zensical's defaults), read once per build."""
    import yaml  # noqa: PLC0415

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_constructor("!ENV", lambda loader, node: None)
    return yaml.load(CONFIG.read_text(encoding="utf-8"), Loader=_Loader) or {}  # noqa: S506 (SafeLoader)


# ============================================================================
# Last-updated dates (what git-revision-date-localized does under MkDocs)
# ============================================================================


@cache
def _git_date(path: Path) -> _dt.date | None:
    """Date (UTC) of the last commit that touched `path`; None without git or history."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct", "--", str(path)],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        return None
    return _dt.datetime.fromtimestamp(int(out), tz=_dt.UTC).date() if out else None


def revision_date(path: Path, today: _dt.date | None = None) -> str:
    """'December 1, 2026': the page's last commit date, or the build date without history (as the plugin's
    `type: date`, `locale: en`, `timezone: UTC`, `fallback_to_build_date: true` in mkdocs.yml)."""
    day = _git_date(path) or today or _dt.datetime.now(tz=_dt.UTC).date()
    return f"{day:%B} {day.day}, {day.year}"


def makeExtension(**_options: Any) -> Any:  # noqa: N802 (the name Python-Markdown looks for)
    """This module as a Markdown extension: it sets the page's `revision_date`, shown by the theme as 'Last update'.

    Zensical takes Markdown extensions by module name only, so the adapter names itself.
    """
    from markdown import Extension  # noqa: PLC0415
    from markdown.preprocessors import Preprocessor  # noqa: PLC0415
    from zensical.extensions.context import ContextPreprocessor  # noqa: PLC0415

    class _RevisionDate(Preprocessor):
        def run(self, lines: list[str]) -> list[str]:
            context = ContextPreprocessor.from_markdown(self.md)
            if context is not None and context.page is not None:
                docs = ROOT / context.config.get("docs_dir", "docs")
                context.page.meta.setdefault("revision_date", revision_date(docs / context.page.path))
            return lines

    class _RevisionDateExtension(Extension):
        def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Markdown's API)
            md.preprocessors.register(_RevisionDate(md), "revision_date", 1)

    return _RevisionDateExtension()


# ============================================================================
# The build: configuration, strict build into a temporary folder, post-build steps, swap
# ============================================================================


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def _configure(site_dir: Path, notes: list[str]) -> None:
    """Hook into Zensical's reading of mkdocs.yml: our overrides, our output folder, define_env once."""
    from zensical import config as zconfig  # noqa: PLC0415
    from zensical.extensions.macros import MacroEnv  # noqa: PLC0415

    read_yaml, parse = zconfig._yaml_load, zconfig.parse_config  # noqa: SLF001

    ignored: list[str] = []

    def yaml_load(source: Any) -> dict[str, Any]:
        raw = read_yaml(source)
        for name in _plugin_names(raw.get("plugins")):
            if name in IGNORED and name not in ignored:
                ignored.append(name)
                notes.append(f"Zensical ignores the {name} plugin: {IGNORED[name]}.")
        return _merge(raw, {**_overrides(raw), "site_dir": str(site_dir)})

    def parse_config(path: str) -> dict[str, Any]:
        conf = parse(path)
        # Configuration-time work of the macros module, as MkDocs runs define_env before any page.
        module = _load_macros(conf)
        module.define_env(MacroEnv(conf=conf))
        if "git-revision-date-localized" in ignored:
            conf["markdown_extensions"].append(__name__)
            conf["mdx_configs"][__name__] = {}
        return conf

    zconfig._yaml_load = yaml_load  # noqa: SLF001
    zconfig.parse_config = parse_config


def _overrides(raw: dict[str, Any]) -> dict[str, Any]:
    """OVERRIDES, plus repo_url from edit_uri ('https://github.com/o/r/edit/main/docs/' -> 'https://github.com/o/r')."""
    extra: dict[str, Any] = {}
    edit_uri = raw.get("edit_uri") or ""
    if not raw.get("repo_url") and "/edit/" in edit_uri:
        extra["repo_url"] = edit_uri.split("/edit/", 1)[0]
    return {**OVERRIDES, **extra}


def _plugin_names(plugins: Any) -> list[str]:
    if isinstance(plugins, dict):
        return [str(name) for name in plugins]
    return [item if isinstance(item, str) else next(iter(item)) for item in plugins or []]


def _load_macros(conf: dict[str, Any]) -> Any:
    """The macros module named in mkdocs.yml (module_name), loaded by path as Zensical loads it."""
    import importlib.util  # noqa: PLC0415

    name = conf["mdx_configs"]["zensical.extensions.macros"]["module_name"]
    spec = importlib.util.spec_from_file_location(name, ROOT / f"{name}.py")
    assert spec is not None and spec.loader is not None  # noqa: S101 (a file we ship)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _static_templates(site: Path, settings: dict[str, Any]) -> list[str]:
    """Render the theme's static templates that Zensical only copies (it renders 404.html and sitemap.xml alone).

    mkdocs.yml's `theme.static_templates` (robots.txt) are Jinja templates of the theme folder; they see
    `config`, as under MkDocs. Returns the files rendered.
    """
    import jinja2  # noqa: PLC0415

    theme = ROOT / settings["theme"]["custom_dir"]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(theme), autoescape=False)  # noqa: S701 (text files)
    done = []
    for name in settings["theme"].get("static_templates") or []:
        if name in ("404.html", "sitemap.xml"):
            continue
        (site / name).write_text(env.get_template(name).render(config=settings), encoding="utf-8")
        done.append(name)
    return done


def refuse(out: Path) -> str:
    """Why `out` may not be the output folder ('' when it may): never a source folder, never outside the repository."""
    out = out.resolve()
    if out == ROOT or out in ROOT.parents:
        return f"{out} is the repository or holds it"
    if not out.is_relative_to(ROOT):
        return f"{out} is outside the repository {ROOT} (Zensical writes only inside its project)"
    top = out.relative_to(ROOT).parts[0]
    if top in _SOURCES:
        return f"{out} is inside the source folder {top}/"
    if out.is_file():
        return f"{out} is a file"
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        return f"{out} exists and was not made by this command (no {MARKER} in it): remove it yourself or choose another --out"
    return ""


def _one_line(error: BaseException) -> str:
    """The message of the Python error Zensical wraps (a macro's, located by _locate_page_errors), not its traceback."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    first = lines[0] if lines else type(error).__name__
    return first.removeprefix("Python error: ").removeprefix("BuildError: ")


def _body_offset(path: Path, body: list[str]) -> int:
    """How many lines of the page precede the text Zensical hands the macros (front matter, blank lines)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i + 1 for i, line in enumerate(lines[1:], start=1) if line.strip() in ("---", "...")), 0)
    first = next((line for line in body if line.strip()), None)
    skipped = next((i for i in range(start, len(lines)) if lines[i] == first), start)
    return skipped - next((i for i, line in enumerate(body) if line.strip()), 0)


def _load_once(plain: dict[str, Any], data: Any) -> None:
    """Zensical runs define_env again for every page that uses macros; each would read and check the data file
    anew (about 0.1 s a page). In this process the loader hands them the dataset this build already checked."""
    from scripts.pipeline import loader  # noqa: PLC0415

    checked = {loader.DATA_FILE.resolve(): (plain, data)}
    read = loader.load_with_plain

    def load_with_plain(path: Path, *args: Any, **kwargs: Any) -> Any:
        return checked.get(Path(path).resolve()) or read(path, *args, **kwargs)

    loader.load_with_plain = load_with_plain


def _locate_page_errors() -> None:
    """A macro that fails names the page and its line (docs/x.md:12: ...), as a build error without traceback."""
    import traceback  # noqa: PLC0415

    from zensical.extensions.context import ContextPreprocessor  # noqa: PLC0415
    from zensical.extensions.macros import MacrosPreprocessor  # noqa: PLC0415

    run = MacrosPreprocessor.run

    def located(self: Any, lines: list[str]) -> list[str]:
        try:
            rendered = run(self, lines)
            context = ContextPreprocessor.from_markdown(self.md)
            if context is None or context.page is None:
                return rendered
            # What MkDocs does in on_post_page_macros (the deck's Sources lines), the same code.
            finished = finish_page("\n".join(rendered), context.page.meta)
            return finished.split("\n")
        except Exception as exc:  # noqa: BLE001 (every macro error becomes one located line)
            context = ContextPreprocessor.from_markdown(self.md)
            where = f"docs/{context.page.path}" if context is not None and context.page is not None else "a page"
            frames = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
            if frames and context is not None and context.page is not None:
                docs = ROOT / context.config.get("docs_dir", "docs")
                where += f":{frames[-1] + _body_offset(docs / context.page.path, lines)}"
            raise BuildError(f"{where}: {type(exc).__name__}: {exc}") from None

    MacrosPreprocessor.run = located


class _Captured:
    """Zensical's own output (written by its Rust core straight to the terminal), held back while it builds."""

    def __enter__(self) -> _Captured:
        sys.stdout.flush()
        sys.stderr.flush()
        self._file = tempfile.TemporaryFile(mode="w+b")
        self._saved = os.dup(1), os.dup(2)
        os.dup2(self._file.fileno(), 1)
        os.dup2(self._file.fileno(), 2)
        return self

    def __exit__(self, *_exc: object) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(self._saved[0], 1)
        os.dup2(self._saved[1], 2)
        os.close(self._saved[0])
        os.close(self._saved[1])
        self._file.seek(0)
        self.text = self._file.read().decode("utf-8", errors="replace")
        self._file.close()


def build(out: Path = DEFAULT_OUT) -> int:
    """Strict Zensical build into `out`, replaced only on success. Returns the exit status."""
    from scripts.pipeline import postbuild  # noqa: PLC0415
    from scripts.pipeline.loader import DATA_FILE, SCHEMA_FILE, DataError, load_with_plain  # noqa: PLC0415

    why = refuse(out)
    if why:
        print(f"Build not started: {why}.", file=sys.stderr)
        return 2
    out = out.resolve()
    try:
        plain, data = load_with_plain(DATA_FILE, SCHEMA_FILE)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        print(f"Build not started: the site in {out} is unchanged.", file=sys.stderr)
        return 1
    import zensical  # noqa: PLC0415

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    notes: list[str] = []
    _configure(tmp, notes)
    _locate_page_errors()
    _load_once(plain, data)
    start = time.perf_counter()
    try:
        os.chdir(ROOT)
        captured = _Captured()
        try:
            with captured:
                zensical.build(str(CONFIG), {"strict": True, "clean": True})
        except (RuntimeError, BuildError) as exc:
            message = _one_line(exc)
            if "Python error" not in str(exc):
                # Zensical's own complaint (strict mode: a broken link, ...): its located report, as it wrote it.
                print(captured.text.rstrip(), file=sys.stderr)
            # A macro's error: its one line; Zensical's warnings after it are knock-on effects of the failed page.
            print(f"Zensical build failed: {message}", file=sys.stderr)
            print(f"The site in {out} is unchanged.", file=sys.stderr)
            return 1
        print(captured.text.rstrip())
        for note in notes:
            print(note)
        settings = _raw_settings()
        postbuild.finish(
            tmp,
            theme_dir=ROOT / settings["theme"]["custom_dir"],
            site_url=settings.get("site_url") or "",
            site_name=settings.get("site_name") or "",
            data=data,
            plain=plain,
        )
        postbuild.fix_edit_links(tmp, ROOT / settings.get("docs_dir", "docs"), settings.get("edit_uri") or "")
        _static_templates(tmp, settings)
        postbuild.gzip_sitemap(tmp)
        (tmp / MARKER).write_text("Built by python -m scripts.engines.zensical; replaced by its next run.\n", encoding="utf-8")
        old = out.with_name(f".{out.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        if out.exists():
            out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
        print(f"Zensical {zensical.version()}: site written to {out} in {time.perf_counter() - start:.2f} s")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.engines.zensical", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: build/zensical-site)")
    args = parser.parse_args(argv)
    return build(args.out)


if __name__ == "__main__":
    sys.exit(main())
