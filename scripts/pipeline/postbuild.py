"""What a build does once the pages are written, for either engine: engine-neutral, no engine imports.

MkDocs runs `finish` from the macros module's on_post_build hook (scripts/engines/macros.py); Zensical has no
such hook, so its build command (scripts/engines/zensical.py) runs it after the build, on the same site.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

from scripts.pipeline import minify, pages
from scripts.pipeline.model import Dataset
from scripts.pipeline.render import downloads, include

_FRONT_SOURCE = re.compile(r"\A---\s*\n(?:.*\n)*?source_file:\s*[\"']?(.+?)[\"']?\s*\n(?:.*\n)*?---\s*\n")


def finish(site: Path, theme_dir: Path, site_url: str, site_name: str, data: Dataset, plain: dict[str, Any]) -> None:
    """Minify our CSS and JS in the built site; write the downloads made from the data file (JSON, BibTeX)."""
    minify.minify_site(site, theme_dir)
    header = (
        f'References of "{site_name}" ({site_url}).',
        "Made from docs/data/organisation-models.yaml at build time: edit that file, not this one.",
    )
    files = {
        downloads.DATA_JSON: downloads.to_json(plain),
        downloads.REFERENCES_BIB: downloads.to_bibtex(data, lambda src: site_url + pages.page_url(src), header),
    }
    for rel, content in files.items():
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


def source_files(docs_dir: Path) -> dict[str, str]:
    """{page src path: repository file} for pages whose front matter names `source_file` (shown from the repository)."""
    found = {}
    for path in sorted(docs_dir.rglob("*.md")):
        match = _FRONT_SOURCE.match(path.read_text(encoding="utf-8"))
        if match:
            found[path.relative_to(docs_dir).as_posix()] = match.group(1)
    return found


def fix_edit_links(site: Path, docs_dir: Path, edit_uri: str) -> list[str]:
    """Point the edit/view links of such pages at the repository file, in the built HTML; return the pages changed.

    MkDocs does this while rendering (the macros module's on_post_page_macros); an engine without page
    hooks gets it here. The link is found by its address, so any theme's markup will do.
    """
    if not edit_uri:
        return []
    docs_name = docs_dir.name
    changed = []
    for src, source in source_files(docs_dir).items():
        html = site / pages.page_url(src) / "index.html"
        if not html.is_file():
            continue
        text = html.read_text(encoding="utf-8")
        edit_old = edit_uri.rstrip("/") + "/" + src
        view_old = edit_old.replace("/edit/", "/raw/", 1)
        new = text.replace(f'"{edit_old}"', f'"{include.edit_url(edit_uri, source, docs_name)}"')
        new = new.replace(f'"{view_old}"', f'"{include.edit_url(edit_uri, source, docs_name).replace("/edit/", "/raw/", 1)}"')
        if new != text:
            html.write_text(new, encoding="utf-8")
            changed.append(src)
    return changed


def gzip_sitemap(site: Path) -> bool:
    """Write sitemap.xml.gz beside sitemap.xml, as MkDocs does (Zensical writes only the plain file)."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file() or (site / "sitemap.xml.gz").exists():
        return False
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(sitemap.read_bytes(), mtime=0))
    return True
