"""Pure render functions: Dataset objects in, HTML strings out.

Every string that comes from the data file goes through `text()` or `attr()` before it
reaches the output, so data can never inject markup, Markdown or template syntax.
Renderers never import MkDocs; links to other pages come in as plain functions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

# Builds the address of the reference list entry for a reference id, relative to the page.
RefHref = Callable[[str], str]

# Characters that Markdown, pymdown-extensions or Jinja could read as syntax if they ever
# reached them; escaped as numeric entities so they render as themselves.
_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "{}|*_`[]~^$\\"})


def text(value: str) -> str:
    """Data text for an HTML text node: whitespace folded to one line, HTML-escaped, Markdown-inert."""
    return html.escape(" ".join(str(value).split()), quote=True).translate(_INERT)


def attr(value: str) -> str:
    """Data text for a double-quoted attribute value (entities decode back to the same text)."""
    return html.escape(" ".join(str(value).split()), quote=True).translate(_INERT)


def md_cell(value: str) -> str:
    """Data text for a Markdown table cell: pipes and Markdown syntax escaped, HTML escaped."""
    return text(value)


def join(parts: Iterable[str], sep: str = "") -> str:
    return sep.join(p for p in parts if p)


# Block-level boundaries in generated HTML, e.g. "</td><td>" or "</summary><ul>": the site search (Material's
# and Zensical's) indexes a page's text as it stands, so two cells or a summary and its list with nothing
# between them run together in a result ("file orderKeyTypeRequired"). A line break there renders the same.
_BLOCK = r"(?:t[dhr]|thead|tbody|tfoot|caption|li|[ou]l|d[ldt]|summary|details|p|div|figure|figcaption|h[1-6]|table|section|fieldset|legend|label)"
_BOUNDARY = re.compile(rf"(</{_BLOCK}>)(?=</?{_BLOCK}[\s>])")
_PRE = re.compile(r"(<pre[\s>].*?</pre>)", re.S)


def spaced(markup: str) -> str:
    """`markup` with a line break after each block-level closing tag that another block tag follows
    (never inside <pre>, where a line break would show)."""
    parts = _PRE.split(markup)
    return "".join(part if n % 2 else _BOUNDARY.sub("\\1\n", part) for n, part in enumerate(parts))
