"""After the build: look at each page's HTML for the signs of a page that did not render.

A page whose macros did not run shows `{{ ... }}` or `{% ... %}`; a page whose front matter was
not read shows it as text at the top; a Python-Markdown bug or a clash with a glossary term leaves
its placeholders (\\x02...\\x03, 'klzzwxh', 'wzxhzdk'); a generated block can come out empty. Any
of these fails the build naming the page (scripts/engines/hooks.py). Code blocks and scripts are left out
of the template check, since pages show macro calls as examples there. Nothing here imports MkDocs.
"""

from __future__ import annotations

import re

_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.DOTALL)
_NOT_TEXT = re.compile(r"<(pre|code|script|style|textarea)\b[^>]*>.*?</\1>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_TEMPLATE = re.compile(r"\{\{|\{%|%\}|\}\}")
_PLACEHOLDER = re.compile(r"[\x02\x03]|klzzwxh|wzxhzdk")
# Front matter published as text: after the theme's buttons and heading, a rule, then `key: value`.
_FRONT_MATTER = re.compile(
    r"\A\s*(?:<a\b[^>]*>(?:(?!</a>).)*</a>\s*)*(?:<h1\b[^>]*>(?:(?!</h1>).)*</h1>\s*)?<hr\s*/?>\s*<(?:h2|p)\b[^>]*>\s*[A-Za-z_][\w-]*\s*:",
    re.DOTALL,
)
_EMPTY = re.compile(
    # (an element with an id is a target that a script fills in, e.g. the decision aid's ranking)
    r"<(ul|ol|dl|tbody|table|figure|svg)\b(?![^>]*\bid=)[^>]*>\s*</\1>",
    re.IGNORECASE,
)


def problems(html: str) -> list[str]:
    """What is wrong with one built page (each as 'found ...; expected ...'), or []."""
    found: list[str] = []
    article = _ARTICLE.search(html)
    content = article.group(1) if article else html
    placeholder = _PLACEHOLDER.search(html)
    if placeholder:
        shown = repr(placeholder.group())[1:-1]
        found.append(
            f"found a Python-Markdown placeholder ('{shown}') in the page; expected none (a glossary term or extension clash)"
        )
    text = _NOT_TEXT.sub("", content)
    template = _TEMPLATE.search(text)
    if template:
        around = " ".join(text[max(0, template.start() - 30) : template.end() + 30].split())
        found.append(
            f"found raw template syntax ('{template.group()}' in \"{around}\"); expected macros rendered "
            "(render_macros: true in the page's front matter)"
        )
    if _FRONT_MATTER.search(content):
        found.append("found the front matter shown as text at the top of the page; expected it read as front matter")
    empty = _EMPTY.search(content) if article else None
    if empty:
        found.append(f"found an empty {empty.group(1)} element ({empty.group()[:60]}); expected content in it")
    return found
