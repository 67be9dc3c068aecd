"""Page errors as located messages: `docs/PAGE.md:LINE: found ...; expected ...`, never a traceback.

What a contributor can get wrong in a page, checked before the page is published:

- the file is not UTF-8;
- the front matter: not closed, not valid YAML, not a mapping, a misspelt key (`render_macro:`)
  or a value of the wrong kind (`render_macros: yes`); a first line that MkDocs would silently
  take as metadata;
- the macros: a syntax error (an unclosed `{{`), an unknown macro, a wrong argument name or kind,
  an id the data file does not have, a macro that produces nothing.

Lines are lines of the source file, front matter counted. Used by scripts/engines/hooks.py (the source
and its front matter) and scripts/engines/macros.py (rendering). Nothing here imports MkDocs.
"""

from __future__ import annotations

import collections.abc
import inspect
import re
import traceback
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, UndefinedError

from scripts.pipeline.loader import DataError, did_you_mean, parse_yaml, visible

# Set by scripts/engines/hooks.py (on_startup): "build", "serve" or "gh-deploy".
MODE: dict[str, str | None] = {"command": None}


def serving() -> bool:
    return MODE["command"] == "serve"


class PageError(Exception):
    """One thing wrong with a page, located in its source file."""

    def __init__(self, display: str, line: int, found: str, expected: str, hint: str = ""):
        self.display, self.line, self.found, self.expected, self.hint = display, line, found, expected, hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.display}:{self.line}: found {self.found}; expected {self.expected}."
        return f"{text} {self.hint}" if self.hint else text


class MacroProblem(ValueError):
    """A macro was called wrongly: what was found, what was expected (the line is added by render())."""

    def __init__(self, found: str, expected: str = "", hint: str = ""):
        self.found, self.expected, self.hint = found, expected, hint
        super().__init__(found)


# ============================================================================
# The source file and its front matter
# ============================================================================


def decode(raw: bytes, display: str) -> str:
    """The page as text; a byte that is not UTF-8 is a located error."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise PageError(
            display,
            line,
            f"the byte 0x{raw[exc.start]:02X} at column {column}, which is not UTF-8",
            "UTF-8 text (save the file as UTF-8)",
        ) from None


def _is_str(v: Any) -> bool:
    return isinstance(v, str)


def _is_str_list(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


_HIDE = ("navigation", "toc", "footer", "path", "tags", "feedback")
# The front-matter keys a page may use (MkDocs, Material for MkDocs, mkdocs-macros and this project),
# with what each value must be.
FRONT_MATTER: dict[str, tuple[Callable[[Any], bool], str]] = {
    "title": (_is_str, "text"),
    "description": (_is_str, "text"),
    "render_macros": (lambda v: isinstance(v, bool), "true or false"),
    "hide": (lambda v: _is_str_list(v) and set(v) <= set(_HIDE), "a list of: " + ", ".join(_HIDE)),
    "source_file": (_is_str, "a file of the repository, e.g. CONTRIBUTING.md"),
    "template": (_is_str, "a template file name, e.g. slides.html"),
    "search": (lambda v: isinstance(v, dict) and set(v) <= {"exclude", "boost"}, "a mapping with exclude and/or boost"),
    "status": (_is_str, "text"),
    "subtitle": (_is_str, "text"),
    "icon": (_is_str, "an icon name"),
    "tags": (_is_str_list, "a list of texts"),
    # The deck's time plan (slides.md): each part, its budget in minutes, the slide it starts on.
    "plan": (
        lambda v: (
            isinstance(v, list)
            and all(
                isinstance(x, dict)
                and set(x) == {"part", "minutes", "from"}
                and isinstance(x["part"], str)
                and isinstance(x["from"], str)
                and isinstance(x["minutes"], int | float)
                and not isinstance(x["minutes"], bool)
                and 0 < x["minutes"] <= 600
                for x in v
            )
        ),
        "a list of {part: text, minutes: a number from 1 to 600, from: a slide's id}",
    ),
}
_FENCE_OPEN = re.compile(r"-{3}[ \t]*\n")
_FENCE_CLOSE = re.compile(r"^(?:-{3}|\.{3})[ \t]*$", re.MULTILINE)
_META_LINE = re.compile(r"^ {0,3}[A-Za-z0-9_-]+:(?:\s|$)")


def check_front_matter(text: str, display: str) -> dict[str, Any]:
    """The page's front matter as a mapping (empty when there is none), or a PageError."""
    if not _FENCE_OPEN.match(text):
        first = text.split("\n", 1)[0]
        if _META_LINE.match(first):
            raise PageError(
                display,
                1,
                f"{visible(first[:60])!r} on the first line, which MkDocs would take as metadata and hide",
                "front matter between two '---' lines, or a heading or text first",
            )
        return {}
    close = _FENCE_CLOSE.search(text, text.index("\n") + 1)
    if close is None:
        raise PageError(display, 1, "front matter opened with '---' and never closed", "a line '---' after the last key")
    end_line = text.count("\n", 0, close.start()) + 1
    if text[close.end() : close.end() + 1] != "\n":
        raise PageError(display, end_line, "the page ending at the closing '---'", "a line break after it, then the page's text")
    block = text[text.index("\n") + 1 : close.start()]
    try:
        meta, root = parse_yaml(block, display, first_line=2)
    except DataError as exc:
        problem = exc.problems[0]
        raise PageError(
            display, problem.line, problem.found.replace("invalid YAML", "invalid front matter", 1), "key: value lines of YAML"
        ) from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        kind = "a list" if isinstance(meta, list) else f"the value {visible(str(meta))[:40]!r}"
        raise PageError(display, 2, f"front matter that is {kind}", "key: value lines (a mapping), e.g. title: Glossary")
    lines = {k.value: k.start_mark.line + 2 for k, _ in root.value} if root is not None else {}
    for key, value in meta.items():
        line = lines.get(key, 2)
        if key not in FRONT_MATTER:
            raise PageError(
                display,
                line,
                f"the unknown front-matter key {visible(str(key))!r}",
                "one of: " + ", ".join(FRONT_MATTER),
                did_you_mean(key, FRONT_MATTER),
            )
        accepts, what = FRONT_MATTER[key]
        if not accepts(value):
            raise PageError(display, line, f"{key}: {visible(repr(value))[:60]}", f"{what} for {key}")
    return meta


def body_offset(source: str, markdown: str) -> int:
    """How many lines of the source come before the Markdown that MkDocs hands on (front matter and blank lines)."""
    if markdown and source.endswith(markdown):
        return source.count("\n", 0, len(source) - len(markdown))
    return 0


# ============================================================================
# Macros: arguments checked against each macro's signature, errors located
# ============================================================================


def _accepts(hint: Any, value: Any) -> bool:
    origin = typing.get_origin(hint)
    if hint is Any:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_accepts(h, value) for h in typing.get_args(hint))
    if hint is type(None) or hint is None:
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if origin in (collections.abc.Sequence, list, tuple):
        (item,) = typing.get_args(hint)[:1] or (Any,)
        return isinstance(value, (list, tuple)) and all(_accepts(item, v) for v in value)
    return isinstance(value, hint) if isinstance(hint, type) else True


def _kind(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_kind(h) for h in typing.get_args(hint))
    if hint is type(None):
        return "nothing"
    if origin in (collections.abc.Sequence, list, tuple):
        return "a list of " + _kind(typing.get_args(hint)[0]).replace("text", "texts")
    return {str: "text", bool: "true or false", int: "a whole number", float: "a number"}.get(
        hint, getattr(hint, "__name__", str(hint))
    )


def _call(name: str, args: tuple, kwargs: Mapping[str, Any]) -> str:
    shown = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    text = f"{name}({', '.join(shown)})"
    return text if len(text) <= 80 else text[:77] + "...)"


def checked(name: str, fn: Callable[..., str]) -> Callable[..., str]:
    """`fn` as a macro: arguments bound and checked against its signature, empty output refused."""
    signature = inspect.signature(fn)
    hints = typing.get_type_hints(fn)
    params = [p for p in signature.parameters.values() if p.kind is not p.VAR_POSITIONAL]
    usage = f"{name}({', '.join(str(p).split(':')[0] for p in signature.parameters.values())})"

    def macro(*args: Any, **kwargs: Any) -> str:
        call = _call(name, args, kwargs)
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as exc:
            unknown = next((k for k in kwargs if k not in signature.parameters), None)
            if unknown is not None:
                names = [p.name for p in params]
                raise MacroProblem(
                    f"the argument '{unknown}' in {call}",
                    f"one of its arguments: {', '.join(names) or 'none'}",
                    did_you_mean(unknown, names),
                ) from None
            missing = re.search(r"missing a required argument: '(\w+)'", str(exc))
            found = f"{call} without a value for '{missing.group(1)}'" if missing else f"{call} with too many values"
            raise MacroProblem(found, f"a call like {usage}") from None
        for pname, value in bound.arguments.items():
            param = signature.parameters[pname]
            hint = hints.get(pname, Any)
            values = value if param.kind is param.VAR_POSITIONAL else (value,)
            for v in values:
                if not _accepts(hint, v):
                    raise MacroProblem(f"{v!r} for '{pname}' in {call}", f"{_kind(hint)} for '{pname}' ({usage})")
        out = fn(*args, **kwargs)
        if not isinstance(out, str) or not out.strip():
            raise MacroProblem(f"nothing generated by {call}", "a call that produces a block: check its ids and filters")
        return out

    macro.__name__ = name
    macro.__doc__ = fn.__doc__
    macro.__wrapped__ = fn  # type: ignore[attr-defined]
    return macro


def _template_line(exc: BaseException) -> int | None:
    """The line of the page template where `exc` was raised (Jinja rewrites its frames to template lines)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None


def _unclosed(markdown: str) -> int | None:
    """The line of the first `{{` or `{%` not closed on its own line (pages write each call on one line)."""
    for number, line in enumerate(markdown.split("\n"), 1):
        for match in re.finditer(r"\{\{|\{%", line):
            closer = "}}" if match.group() == "{{" else "%}"
            rest = line[match.end() :]
            close = rest.find(closer)
            reopen = min((i for i in (rest.find("{{"), rest.find("{%")) if i >= 0), default=-1)
            if close < 0 or 0 <= reopen < close:
                return number
    return None


def render(env: Environment, markdown: str, variables: Mapping[str, Any], display: str, offset: int, names: Iterable[str]) -> str:
    """Render the page's macros; any error becomes a PageError at the source line."""
    known = sorted(n for n in names if not n.startswith("_"))
    try:
        template = env.from_string(markdown)
    except TemplateSyntaxError as exc:
        line = exc.lineno or 1
        open_line = _unclosed(markdown)
        if open_line is not None and open_line <= line:
            raise PageError(
                display, offset + open_line, "'{{' or '{%' that is never closed", "'}}' (or '%}') to end the macro call"
            ) from None
        raise PageError(
            display, offset + line, f"a macro call Jinja cannot read ({exc.message})", 'a call such as {{ cite("talk") }}'
        ) from None
    try:
        return template.render(**variables)
    except Exception as exc:  # noqa: BLE001 (every error becomes one located line)
        line = offset + (_template_line(exc) or 1)
        if isinstance(exc, MacroProblem):
            raise PageError(display, line, exc.found, exc.expected or "a call that works with the data file", exc.hint) from None
        if isinstance(exc, UndefinedError):
            match = re.search(r"'([^']+)' is undefined", str(exc))
            name = match.group(1) if match else str(exc)
            raise PageError(
                display,
                line,
                f"the unknown macro or variable '{name}'",
                "one of the site's macros: " + ", ".join(known),
                did_you_mean(name, known),
            ) from None
        message = " ".join(str(exc).split())[:200]
        raise PageError(
            display,
            line,
            f"an error in a macro ({type(exc).__name__}: {message})",
            "a macro call that works (CONTRIBUTING.md, Macros)",
        ) from None


def error_page(message: str) -> str:
    """What `mkdocs serve` shows in place of a page with an error (the terminal shows the same line)."""
    import html  # noqa: PLC0415

    return (
        '<div class="admonition failure"><p class="admonition-title">This page has an error</p>'
        f"<pre><code>{html.escape(message)}</code></pre><p>Fix it and save: the page reloads.</p></div>\n"
    )
