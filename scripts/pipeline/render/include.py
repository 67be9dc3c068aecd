"""One Markdown file for two readers: a repository file (CONTRIBUTING.md) shown as a page of the site.

The file is written for GitHub, so its links are relative to the repository root. Shown on the
site, a link into docs/ becomes a link to that page or file of the site (MkDocs then checks it),
and a link to any other repository file becomes an absolute link to it on GitHub. Code spans and
fenced code blocks are left alone. Pure: text in, text out; nothing here imports MkDocs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

# [text](target "title") with no nesting: the target is group 2.
_INLINE_LINK = re.compile(r"(!?\[[^\]\n]*\]\()([^)\s]+)((?:\s+\"[^\"]*\")?\))")
# [label]: target   (a reference-style link definition)
_LINK_DEF = re.compile(r"^( {0,3}\[[^\]]+\]:\s*)(\S+)(.*)$")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def repo_root_url(edit_uri: str, docs_dir: str = "docs") -> str:
    """The repository's 'edit' address for its root, from MkDocs' edit_uri ('.../edit/main/docs/')."""
    base = edit_uri.rstrip("/") + "/"
    suffix = docs_dir.strip("/") + "/"
    return base[: -len(suffix)] if base.endswith(suffix) else base


def blob_url(edit_uri: str, path: str, docs_dir: str = "docs") -> str:
    """The GitHub 'view' address of a repository file: .../blob/main/PATH."""
    return repo_root_url(edit_uri, docs_dir).replace("/edit/", "/blob/", 1) + path.lstrip("/")


def edit_url(edit_uri: str, path: str, docs_dir: str = "docs") -> str:
    """The GitHub 'edit' address of a repository file: .../edit/main/PATH."""
    return repo_root_url(edit_uri, docs_dir) + path.lstrip("/")


def rewrite_target(target: str, source: str, page: str, edit_uri: str, docs_dir: str = "docs") -> str:
    """One link target of repository file `source`, as seen from site page `page` (a docs-relative path)."""
    if not target or target.startswith("#") or target.startswith("/") or _SCHEME.match(target):
        return target
    path, hash_, fragment = target.partition("#")
    in_repo = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
    prefix = docs_dir.strip("/") + "/"
    if in_repo.startswith(prefix):
        # A page or file of the site: relative to the page that shows it, checked by MkDocs.
        relative = posixpath.relpath(in_repo[len(prefix) :], posixpath.dirname(page) or ".")
        return relative + hash_ + fragment
    return blob_url(edit_uri, in_repo, docs_dir) + hash_ + fragment


def _rewrite_line(line: str, fix: Callable[[str], str]) -> str:
    """Rewrite the inline links of one line; a link that starts inside a `code span` is text, not a link."""
    spans = [m.span() for m in _CODE_SPAN.finditer(line)]

    def one(m: re.Match[str]) -> str:
        if any(start <= m.start() < end for start, end in spans):
            return m.group(0)
        return m.group(1) + fix(m.group(2)) + m.group(3)

    return _INLINE_LINK.sub(one, line)


def repo_markdown(markdown: str, source: str, page: str, edit_uri: str, docs_dir: str = "docs") -> str:
    """The Markdown of repository file `source`, its links rewritten for site page `page`."""

    def fix(target: str) -> str:
        return rewrite_target(target, source, page, edit_uri, docs_dir)

    out, fence = [], ""
    for line in markdown.splitlines():
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            out.append(line)
            continue
        if opening:
            fence = opening.group(1)
            out.append(line)
            continue
        definition = _LINK_DEF.match(line)
        if definition:
            out.append(definition.group(1) + fix(definition.group(2)) + definition.group(3))
            continue
        out.append(_rewrite_line(line, fix))
    return "\n".join(out) + "\n"
