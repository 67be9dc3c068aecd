"""Print the slides, the handout and the worksheet to PDF with headless Chromium via Playwright (scripts/tools/contrib/toolchain.py finds it).

    python -m scripts.tools.present.pdf [slides|handout|worksheet|all] [--site DIR] [--out DIR]

Without --site, the site is first built (strictly) into build/site. The pages are opened from the
file system, so nothing is served or fetched. Output:

    build/slides.pdf    one slide per 16:9 landscape page (1280 x 720 px, the deck's own size)
    build/handout.pdf   A4 portrait, at most four pages, page numbers in the bottom margin
    build/worksheet.pdf one A4 page for the workshop (questions to tick, room to sketch, prompts)

Page size, margins and page numbers come from the pages' own print stylesheets (slides.css,
handout.css), so the browser's print dialog gives the same result as this command.
Exit status: 0 on success, 1 when the build or a page fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

from scripts.tools.contrib.toolchain import (  # which Chromium: CHROMIUM_PATH, Debian's, Playwright's
    CHROMIUM_ARGS,
    ToolMissing,
    chromium_path,
)

ROOT = Path(__file__).resolve().parents[3]
BUILD = ROOT / "build"
# Source page of each document and the PDF it becomes.
DOCUMENTS = {
    "slides": ("slides", "slides.pdf"),
    "handout": ("handout", "handout.pdf"),
    "worksheet": ("worksheet", "worksheet.pdf"),
}


def page_file(site: Path, name: str) -> Path:
    """The built HTML file of a page: name/index.html (directory URLs) or name.html (offline build)."""
    for candidate in (site / name / "index.html", site / f"{name}.html"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{site} has no built page '{name}'")


def print_page(page: Page, html: Path, out: Path) -> Path:
    """Open a built page from the file system and print it with its own @page size and margins."""
    page.goto(html.resolve().as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready")
    out.parent.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)
    return out


def print_documents(browser: Browser, site: Path, out_dir: Path, which: list[str]) -> list[Path]:
    """Print the chosen documents of a built site into out_dir with a running browser; returns the PDFs."""
    # Light palette: a printout never uses the dark scheme.
    context = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme="light")
    try:
        page = context.new_page()
        return [print_page(page, page_file(site, DOCUMENTS[name][0]), out_dir / DOCUMENTS[name][1]) for name in which]
    finally:
        context.close()


def make_pdfs(site: Path, out_dir: Path, which: list[str]) -> list[Path]:
    """Start headless Chromium and print the chosen documents; returns the PDF paths."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            return print_documents(browser, site, out_dir, which)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.tools.present.pdf", description=__doc__.split("\n\n")[0])
    parser.add_argument("what", nargs="?", choices=[*DOCUMENTS, "all"], default="all")
    parser.add_argument("--site", type=Path, help="a built site (default: build it into build/site)")
    parser.add_argument("--out", type=Path, default=BUILD, help="folder for the PDFs (default: build/)")
    args = parser.parse_args(argv)
    site = args.site
    if site is None:
        from scripts.tools.contrib.tool import build

        site = BUILD / "site"
        if build(site, ROOT / "mkdocs.yml", []) != 0:
            return 1
    which = list(DOCUMENTS) if args.what == "all" else [args.what]
    try:
        for path in make_pdfs(site, args.out, which):
            print(f"Wrote {path}")
    except (FileNotFoundError, ToolMissing) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
