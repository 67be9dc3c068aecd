"""Facts about the Markdown pages themselves: which sources each page cites, and its title.

Used for the reference list's "cited on" backlinks. Reads files; imports nothing from MkDocs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# {{ cite("a", "b") }} -> the quoted ids inside the call
_CITE_CALL = re.compile(r"\bcite\(([^)]*)\)")
_QUOTED = re.compile(r"""["']([^"']+)["']""")
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_FRONT_TITLE = re.compile(r"\A---\s*\n(?:.*\n)*?title:\s*[\"']?(.+?)[\"']?\s*\n(?:.*\n)*?---\s*\n")


def cited_sources(markdown: str) -> list[str]:
    """Sources named in cite(...) calls ('ref' or 'ref#evidence'), in order of first use."""
    found = (m for call in _CITE_CALL.finditer(markdown) for m in _QUOTED.findall(call.group(1)))
    return list(dict.fromkeys(found))


def cited_ids(markdown: str) -> list[str]:
    """Reference ids named in cite(...) calls (a piece 'ref#evidence' counts as 'ref'), in order of first use."""
    return list(dict.fromkeys(source.partition("#")[0] for source in cited_sources(markdown)))


def page_title(markdown: str, fallback: str) -> str:
    """The page's title: front-matter `title`, else its first level-1 heading, else the fallback."""
    front = _FRONT_TITLE.match(markdown)
    if front:
        return front.group(1)
    heading = _H1.search(markdown)
    return heading.group(1) if heading else fallback


def page_url(src_path: str) -> str:
    """The page's directory-style address: 'a/b.md' -> 'a/b/', 'a/index.md' -> 'a/', 'index.md' -> ''."""
    stem = src_path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def citations_by_reference(docs_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """{reference id or 'id#evidence': [(page title, page src path), ...]} for every page that cites it.

    A page citing 'noorzad-2019#coupling' is listed under both 'noorzad-2019' and the piece itself.
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        markdown = path.read_text(encoding="utf-8")
        title = page_title(markdown, src)
        for source in cited_sources(markdown):
            add_backlink(out, source, title, src)
    return out


def add_backlink(out: dict[str, list[tuple[str, str]]], source: str, title: str, src: str) -> None:
    """List page (title, src) under the cited reference, and under the piece too when one is named."""
    keys = [source.partition("#")[0], source] if "#" in source else [source]
    for key in keys:
        where = out.setdefault(key, [])
        if (title, src) not in where:
            where.append((title, src))


def _parts(path: str) -> list[str]:
    out: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if out:
                out.pop()
        elif part not in ("", "."):
            out.append(part)
    return out


@lru_cache(maxsize=4096)  # called for every citation link; pages x targets is small
def relative_url(url: str, other: str) -> str:
    """Address `url` as seen from page `other`, both site-relative: MkDocs' get_relative_url, for either engine."""
    folder, _, name = other.rpartition("/")
    if "." in name:  # `other` names a file: start from its folder
        other = folder
    base, dest = _parts(other), _parts(url)
    common = 0
    for a, b in zip(base, dest, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(base) - common) + dest[common:]) or "."
    return rel + "/" if url.endswith("/") else rel
