"""`mkdocs serve` survives a page error and a data error: it reports the located line, keeps serving, and
recovers when the file is fixed."""

from __future__ import annotations

import html
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import copy_project, line_of

PAGE = "docs/about.md"
GOOD = '{{ cite("conway-1968#law") }}'
BROKEN = '{{ cite("conway-1986#law") }}'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (our own loopback server)
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


def _wait(what: Callable[[], bool], seconds: float, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if what():
            return
        assert proc.poll() is None, f"mkdocs serve exited ({proc.returncode}):\n{log.read_text(encoding='utf-8')}"
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s; the server said:\n{log.read_text(encoding='utf-8')}")


@pytest.mark.slow  # a live server and four rebuilds (about 10 s): in `make test`, not in `make check`
def test_serve_reports_a_page_error_stays_alive_and_recovers(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    page = project / PAGE
    good = page.read_text(encoding="utf-8")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/centralised-vs-embedded/about/"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        _wait(lambda: "Conway" in _get(url), 300, proc, log)
        # Break a macro: the terminal shows the located line, the page shows the error, the server lives.
        page.write_text(good.replace(GOOD, BROKEN, 1), encoding="utf-8")
        line = line_of(good, GOOD)
        expected = f"{PAGE}:{line}: found 'conway-1986' in cite(...)"
        _wait(lambda: expected in log.read_text(encoding="utf-8"), 300, proc, log)
        _wait(lambda: "This page has an error" in _get(url), 60, proc, log)
        assert html.escape(expected) in _get(url)  # the page shows the same line
        assert "Traceback" not in log.read_text(encoding="utf-8")
        assert proc.poll() is None
        # A data error on top: reported the same way, and the server lives on.
        data = project / "docs" / "data" / "organisation-models.yaml"
        text = data.read_text(encoding="utf-8")
        data.write_text(text.replace("    year: 2022\n", "    year: .nan\n", 1), encoding="utf-8")
        data_line = (
            f"docs/data/organisation-models.yaml:{line_of(text, '    year: 2022')}: references[1].year: found the number .nan"
        )
        _wait(lambda: data_line in log.read_text(encoding="utf-8"), 300, proc, log)
        _wait(lambda: html.escape(data_line) in _get(url), 60, proc, log)
        assert proc.poll() is None
        # Fix both: the fixed page is served again, with the data file's table and citations.
        data.write_text(text, encoding="utf-8")
        page.write_text(good, encoding="utf-8")
        _wait(
            lambda: (
                "This page has an error" not in (page_html := _get(url))
                and 'href="../references/#ref-conway-1968--law"' in page_html
            ),
            300,
            proc,
            log,
        )
        assert proc.poll() is None
        assert "Traceback" not in log.read_text(encoding="utf-8")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
