"""Link checker for the built site: every internal link and anchor resolves; external links listed or checked.

    python -m scripts.tools.quality.check_links [SITE_DIR]                 internal links and anchors (offline, about a second)
    python -m scripts.tools.quality.check_links [SITE_DIR] --list-external print every external URL and the pages using it
    python -m scripts.tools.quality.check_links [SITE_DIR] --external      also fetch every external URL (needs the internet;
                                                             the scheduled workflow .github/workflows/links.yml)

What counts as internal: relative URLs, absolute paths, and absolute URLs under the site's own address (canonical
and Open Graph URLs), all mapped onto the files of the build as GitHub Pages would serve them. Checked: `href`,
`src` and `srcset` of every element (also SVG `<use>`), `url(...)` in the site's CSS, every `#fragment` against the
ids of the target page, every address in sitemap.xml, and the target of each redirect stub.
Exit status 0 when nothing is broken, 1 otherwise.

Why our own checker and not linkchecker: the internal check is ~150 lines of standard library, runs in about a
second, understands the site's published prefix and the sitemap, and needs no extra dependency tree
(linkchecker brings requests, dnspython and its own HTML parser, and checks anchors only through a plugin).
"""

from __future__ import annotations

import argparse
import re
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from scripts.tools.quality.static_server import site_prefix

# Schemes that are not links to check.
SKIP_SCHEMES = {"mailto", "tel", "javascript", "data", "blob", "about"}
URL_ATTRIBUTES = {"href", "src", "xlink:href", "poster", "action", "data"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
LOCAL_ORIGIN = "http://site.invalid"  # stands in for the site's origin when resolving relative URLs


@dataclass(frozen=True)
class Link:
    """One URL found on a page: where (page, element) and the URL as written."""

    page: str
    element: str
    url: str


@dataclass
class Report:
    """The outcome of a check: broken internal links, and every external URL with its pages."""

    pages: int = 0
    links: int = 0
    broken: list[tuple[Link, str]] = field(default_factory=list)
    external: dict[str, list[str]] = field(default_factory=dict)


class _PageParser(HTMLParser):
    """Collects the ids (and a[name]s) a page defines and the URLs it uses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str]] = []  # (element, url)
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag == "base" and "href" in values:
            self.base = values["href"]
        # <meta property="og:url" content="..."> and similar point at pages too.
        if tag == "meta" and values.get("property", "").endswith(":url") and "content" in values:
            self.urls.append((f"meta[{values['property']}]", values["content"]))
        # A redirect stub's target: <meta http-equiv="refresh" content="0; url=...">.
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = re.search(r"url=\s*['\"]?([^'\"]+)", values.get("content", ""), re.IGNORECASE)
            if target:
                self.urls.append(("meta[refresh]", target.group(1).strip()))
        for name, value in values.items():
            if name in URL_ATTRIBUTES and not (tag == "form" and name == "action" and not value):
                if tag == "object" and name != "data":
                    continue
                self.urls.append((f"{tag}[{name}]", value))
            elif name in ("srcset", "imagesrcset"):
                for candidate in value.split(","):
                    if candidate.strip():
                        self.urls.append((f"{tag}[{name}]", candidate.strip().split()[0]))

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


class Site:
    """A built site on disk, addressed as it is published (under its prefix)."""

    def __init__(self, root: Path, site_url: str | None = None) -> None:
        self.root = root.resolve()
        self.prefix = site_prefix(self.root)
        self.site_url = site_url or self._site_url_from_sitemap()
        self._ids: dict[Path, set[str]] = {}

    def _site_url_from_sitemap(self) -> str | None:
        sitemap = self.root / "sitemap.xml"
        if not sitemap.is_file():
            return None
        locs = [el.text or "" for el in ET.parse(sitemap).getroot().iter() if el.tag.endswith("loc")]
        return min(locs, key=len) if locs else None

    def address(self, rel: Path) -> str:
        """The URL of a file of the build, on the stand-in origin: 'about/index.html' -> http://site.invalid/prefix/about/."""
        posix = rel.as_posix()
        if posix == "index.html" or posix.endswith("/index.html"):
            posix = posix[: -len("index.html")]
        return f"{LOCAL_ORIGIN}{self.prefix}{posix}"

    def internal_path(self, absolute: str) -> str | None:
        """The path inside the build for an absolute URL of this site, or None when it is external."""
        if self.site_url and absolute.startswith(self.site_url):
            return absolute[len(self.site_url) :]
        base = f"{LOCAL_ORIGIN}{self.prefix}"
        if absolute.startswith(base):
            return absolute[len(base) :]
        if absolute.startswith(LOCAL_ORIGIN + "/"):
            return "\0outside"  # an absolute path outside the site's prefix: broken on GitHub Pages
        return None

    def target_file(self, inner: str) -> Path | None:
        """The file GitHub Pages would serve for a path inside the site, or None."""
        path = unquote(inner.split("?", 1)[0])
        if path == "\0outside":
            return None
        candidate = (self.root / path).resolve()
        if self.root not in (candidate, *candidate.parents):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def ids(self, page: Path) -> set[str]:
        if page not in self._ids:
            self._ids[page] = _parse(page).ids if page.suffix == ".html" else set()
        return self._ids[page]


def _check(site: Site, link: Link, absolute: str, report: Report) -> None:
    """Record one resolved URL: broken if internal and missing (file or anchor), listed if external."""
    parts = urlsplit(absolute)
    if parts.scheme in SKIP_SCHEMES:
        return
    inner = site.internal_path(absolute.split("#", 1)[0])
    if inner is None:
        if parts.scheme in ("http", "https"):
            report.external.setdefault(absolute.split("#", 1)[0], []).append(link.page)
        return
    report.links += 1
    target = site.target_file(inner)
    if target is None:
        report.broken.append((link, "no such file in the build"))
        return
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in site.ids(target):
        report.broken.append((link, f"no id '{fragment}' on {target.relative_to(site.root).as_posix()}"))


def check_site(root: Path, site_url: str | None = None) -> Report:
    """Check every page, the site's CSS and its sitemap; returns the report (nothing is fetched)."""
    site = Site(root, site_url)
    report = Report()
    for path in sorted(site.root.rglob("*.html")):
        rel = path.relative_to(site.root)
        parsed = _parse(path)
        site._ids[path.resolve()] = parsed.ids
        report.pages += 1
        base = urljoin(site.address(rel), parsed.base) if parsed.base else site.address(rel)
        for element, url in parsed.urls:
            url = url.strip()
            if not url or url.startswith("#") and url[1:] in ("", "top"):
                continue
            _check(site, Link(rel.as_posix(), element, url), urljoin(base, url), report)
    # The site's own stylesheets: url(...) references to fonts and images (the theme's bundles use data: URIs).
    for css in sorted(site.root.rglob("*.css")):
        rel = css.relative_to(site.root)
        for url in CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
            if not url.startswith(("data:", "#")):
                _check(site, Link(rel.as_posix(), "css url()", url), urljoin(site.address(rel), url), report)
    # Every address the sitemap announces must be a page of the build.
    sitemap = site.root / "sitemap.xml"
    if sitemap.is_file():
        for el in ET.parse(sitemap).getroot().iter():
            if el.tag.endswith("loc") and el.text:
                inner = site.internal_path(el.text)
                link = Link("sitemap.xml", "loc", el.text)
                report.links += 1
                if inner is None or site.target_file(inner) is None:
                    report.broken.append((link, "sitemap address is not a page of the build"))
    return report


def fetch_status(url: str, timeout: float = 20.0) -> tuple[str, str]:
    """(url, problem) for an external URL: problem is '' when it answers 2xx/3xx to HEAD or GET."""
    headers = {"User-Agent": "Mozilla/5.0 (link check; +https://github.com/) Python-urllib", "Accept": "*/*"}
    last = ""
    for method in ("HEAD", "GET"):
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method=method, headers=headers), timeout=timeout):
                return url, ""
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code}"
            if exc.code == 429:
                return url, ""  # rate limited: the URL exists; not a broken link
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            last = f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"
    return url, last


def check_external(urls: Iterable[str], workers: int = 8) -> list[tuple[str, str]]:
    """(url, problem) for every external URL that does not answer."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return [(u, p) for u, p in pool.map(fetch_status, sorted(urls)) if p]


def main(argv: list[str] | None = None) -> int:
    """Command line: check a built site; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m scripts.tools.quality.check_links", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--external", action="store_true", help="also fetch every external URL (needs the internet)")
    parser.add_argument("--list-external", action="store_true", help="print every external URL and where it is used")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no built site here (run `make build` first)", file=sys.stderr)
        return 2
    report = check_site(args.site)
    for link, problem in report.broken:
        print(f"BROKEN {link.page}: {link.element} {link.url}: {problem}")
    print(
        f"{report.pages} pages, {report.links} internal links and anchors, {len(report.broken)} broken; "
        f"{len(report.external)} external URLs"
    )
    if args.list_external:
        for url, pages in sorted(report.external.items()):
            print(f"  {url}  ({len(set(pages))} page(s): {', '.join(sorted(set(pages))[:3])})")
    failed = bool(report.broken)
    if args.external:
        dead = check_external(report.external)
        for url, problem in dead:
            print(f"EXTERNAL {url}: {problem} (on {', '.join(sorted(set(report.external[url]))[:3])})")
        print(f"{len(report.external)} external URLs checked, {len(dead)} not answering")
        failed = failed or bool(dead)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
