"""Build the offline copy of the whole site and zip it for a USB stick.

    python -m scripts.tools.present.offline [--out DIR]

Builds strictly with Material's offline plugin switched on (OFFLINE=true, see mkdocs.yml):
links point at index.html files, the search index is inlined into a script, and the search
worker runs through the self-hosted iframe-worker shim, so the copy works when opened from the
file system (file://), with search, navigation, the slides and the speaker view. Output:

    build/offline-site/       the site; open offline-site/index.html (or slides.html) in a browser
    build/offline-site.zip    the same folder, zipped

Exit status: 0 on success, 1 when the build fails.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from scripts.pipeline import output
from scripts.tools.contrib.tool import ROOT, build

BUILD = ROOT / "build"
NAME = "offline-site"


def build_offline(out_dir: Path = BUILD) -> Path | None:
    """Strict offline build into out_dir/offline-site; returns that folder, or None if the build failed."""
    site = out_dir / NAME
    previous = os.environ.get("OFFLINE")
    os.environ["OFFLINE"] = "true"
    try:
        ok = build(site, ROOT / "mkdocs.yml", []) == 0
    finally:
        if previous is None:
            os.environ.pop("OFFLINE", None)
        else:
            os.environ["OFFLINE"] = previous
    if not ok:
        return None
    relative_404(site / "404.html", _site_path(ROOT / "mkdocs.yml"))
    return site


def _site_path(config: Path) -> str:
    """The path part of site_url ('/centralised-vs-embedded/'), which MkDocs writes into the 404 page's links."""
    text = config.read_text(encoding="utf-8")
    match = re.search(r"^site_url:\s*(\S+)", text, re.MULTILINE)
    url = yaml.safe_load(match.group(1)) if match else ""
    path = urlsplit(str(url or "")).path or "/"
    return path if path.endswith("/") else path + "/"


def relative_404(page: Path, prefix: str) -> None:
    """The 404 page links its assets from the site's root ('/base/assets/...'), which file:// cannot open.

    It sits at the top of the copy, so every such link becomes relative to it ('assets/...',
    'index.html' for the home page).
    """
    if not page.is_file():
        return
    html = page.read_text(encoding="utf-8")
    quoted = re.escape(prefix)
    html = re.sub(rf'("base":\s*"){quoted}"', r'\1."', html)  # the theme's own config: the site's root
    html = re.sub(rf'(["\'])({quoted})(?=["\'])', r"\1index.html", html)  # the home page itself
    html = re.sub(rf'(["\']){quoted}', r"\1", html)
    page.write_text(html, encoding="utf-8")
    page.chmod(output.FILE_MODE)


def zip_site(site: Path) -> Path:
    """Zip the folder as <folder>.zip beside it, entries under '<folder>/' in a stable order."""
    target = site.with_suffix(".zip")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            zf.write(path, f"{site.name}/{path.relative_to(site).as_posix()}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.tools.present.offline", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=BUILD, help="folder for offline-site/ and its zip (default: build/)")
    args = parser.parse_args(argv)
    site = build_offline(args.out)
    if site is None:
        return 1
    archive = zip_site(site)
    print(f"Offline site: {site / 'index.html'}")
    print(f"Zipped: {archive} ({archive.stat().st_size / 1_000_000:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
