"""Pure render functions: Dataset objects in, HTML strings out.

Every string that comes from the data file goes through `text()` or `attr()` before it
reaches the output, so data can never inject markup, Markdown or template syntax.
Renderers never import MkDocs; links to other pages come in as plain functions.
"""

from __future__ import annotations

import html
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
