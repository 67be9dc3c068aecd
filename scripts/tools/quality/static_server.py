"""Serve a built site on 127.0.0.1 the way GitHub Pages does, for audits, benchmarks and browser tests.

    python -m scripts.tools.quality.static_server SITE_DIR [--port 8805]

What it imitates from GitHub Pages, because Lighthouse and page-weight figures depend on it:
the site mounted under the path of its published address (a project site lives at
`/<repository>/`, and the 404 page links its assets by absolute path), gzip for text responses
when the client accepts it, `/dir/` served from `dir/index.html`, `/dir` redirected to `/dir/`,
the site's own `404.html` with status 404 for a missing path, and `Cache-Control: max-age=600`.
Standard library only; compressed bodies are cached per file.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import os
import posixpath
import threading
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

# Content types GitHub Pages compresses (text formats); images and fonts go as they are.
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "application/manifest+json",
)
EXTRA_TYPES = {
    ".js": "application/javascript",
    ".mjs": "application/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
}


def site_prefix(site: Path) -> str:
    """The path the site is published under ('/repo/'), from the shortest address in its sitemap; '/' without one."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return "/"
    locs = [el.text or "" for el in ET.parse(sitemap).getroot().iter() if el.tag.endswith("loc")]
    if not locs:
        return "/"
    path = urllib.parse.urlsplit(min(locs, key=len)).path
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"


@lru_cache(maxsize=4096)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    """The file's bytes, gzip-compressed once per version (mtime) of the file."""
    with open(path, "rb") as fh:
        return gzip.compress(fh.read(), compresslevel=6, mtime=0)


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with GitHub Pages' compression, index, redirect and 404 behaviour."""

    protocol_version = "HTTP/1.1"  # keep-alive, as a real host
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}
    prefix = "/"  # set per server by make_server()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        """Quiet: audits print their own summaries."""

    def _resolve(self) -> tuple[Path | None, int]:
        """(file to send, status) for the request path; None with 301 means redirect to the slash form."""
        raw = urllib.parse.urlsplit(self.path).path
        root = Path(self.directory).resolve()
        if raw + "/" == self.prefix:
            return None, 301
        if not raw.startswith(self.prefix):
            return root / "404.html", 404
        rel = posixpath.normpath(urllib.parse.unquote(raw[len(self.prefix) :])).lstrip("/")
        target = (root / rel).resolve() if rel not in ("", ".") else root
        if root not in (target, *target.parents):
            return root / "404.html", 404
        if target.is_dir():
            if not raw.endswith("/"):
                return None, 301
            target = target / "index.html"
        if target.is_file():
            return target, 200
        return (root / "404.html"), 404

    def _send(self, head_only: bool) -> None:
        """Send headers, and the body unless this is a HEAD request."""
        target, status = self._resolve()
        if target is None:
            parts = urllib.parse.urlsplit(self.path)
            self.send_response(301)
            self.send_header("Location", parts.path + "/" + (f"?{parts.query}" if parts.query else ""))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not target.is_file():  # a site without a 404 page
            self.send_error(404)
            return
        ctype = self.guess_type(str(target))
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        stat = target.stat()
        body: bytes
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        compress = accepts_gzip and ctype.startswith(COMPRESSIBLE) and stat.st_size > 0
        if compress:
            body = _gzipped(str(target), stat.st_mtime_ns)
        else:
            body = target.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.send_header("Vary", "Accept-Encoding")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - name fixed by the base class
        self._send(head_only=False)

    def do_HEAD(self) -> None:  # noqa: N802 - name fixed by the base class
        self._send(head_only=True)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(directory: Path, port: int = 0, host: str = "127.0.0.1", prefix: str | None = None) -> _Server:
    """A server for `directory` under `prefix` (default: from its sitemap) on host:port (0: any free port), not running."""
    handler = type("Handler", (PagesHandler,), {"prefix": prefix or site_prefix(directory)})
    server = _Server((host, port), lambda *a, **kw: handler(*a, directory=str(directory), **kw))
    server.prefix = handler.prefix  # type: ignore[attr-defined]
    return server


@contextmanager
def serving(directory: Path, port: int = 0) -> Iterator[str]:
    """Serve `directory` in a background thread; yields the site's URL ('http://127.0.0.1:PORT/<prefix>/')."""
    server = make_server(directory, port)
    thread = threading.Thread(target=server.serve_forever, name="static-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{server.prefix}"  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    """Command line: serve a folder until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m scripts.tools.quality.static_server", description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8805")))
    args = parser.parse_args(argv)
    server = make_server(args.directory, args.port)
    print(f"Serving {args.directory} on http://127.0.0.1:{server.server_address[1]}{server.prefix} (gzip, like GitHub Pages)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
