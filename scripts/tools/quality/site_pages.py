"""The pages of a built site, found by walking it, so every check covers pages as they are added.

Used by the audit (scripts/tools/quality/audit.py), the link checker and the browser tests. No MkDocs imports.
"""

from __future__ import annotations

import re
from pathlib import Path

# A redirect stub (mkdocs-redirects): an old address that forwards to a page's new one at once.
_REFRESH = re.compile(r"<meta[^>]+http-equiv=[\"']?refresh", re.IGNORECASE)


def html_files(site: Path) -> list[Path]:
    """Every HTML file of the built site, as paths relative to it, home first, then sorted."""
    found = sorted(p.relative_to(site) for p in site.rglob("*.html"))
    return sorted(found, key=lambda p: (p.as_posix() != "index.html", p.as_posix()))


def is_redirect(path: Path) -> bool:
    """True for a redirect stub: a page whose head forwards the reader elsewhere (meta refresh)."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        return bool(_REFRESH.search(fh.read(4096)))


def content_pages(site: Path) -> list[Path]:
    """Every page a reader reads (all HTML files but redirect stubs), relative to the site, home first."""
    return [rel for rel in html_files(site) if not is_redirect(site / rel)]


def redirect_stubs(site: Path) -> list[Path]:
    """The redirect stubs of the build, relative to the site."""
    return [rel for rel in html_files(site) if is_redirect(site / rel)]


def url_path(rel: Path) -> str:
    """A page's address relative to the site root: 'a/index.html' -> 'a/', 'index.html' -> '', '404.html' stays."""
    posix = rel.as_posix()
    if posix == "index.html":
        return ""
    if posix.endswith("/index.html"):
        return posix[: -len("index.html")]
    return posix


def page_urls(site: Path) -> list[str]:
    """The address (relative to the site root) of every page a reader reads (redirect stubs left out)."""
    return [url_path(rel) for rel in content_pages(site)]
