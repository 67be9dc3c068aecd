"""Live reload benchmark: from saving a file to the reloaded page under `mkdocs serve`, ours beside a plain site.

    python -m scripts.tools.bench.reload [--runs 7] [--out build/bench] [--keep]

`make bench` runs it after the other measurements (scripts/tools/bench/site.py); it also runs alone, writing
OUT/reload.json and OUT/reload.md. In a throw-away copy of the project it starts two `mkdocs serve` on free
loopback ports, as `make serve` does:

- ours: the real site (macros on, the data file loaded by scripts/engines/macros.py);
- plain: the same rendered content as plain Markdown (every generated block replaced by its output, the
  macros plugin off, the same theme, overrides, plugins and extensions): scripts/tools/bench/site.py's "plain" build.

Then, alternating between the two, it saves a change and times how long until the served page shows it:

- a page: a new paragraph at the end of about.md (in both sites);
- the data file: a word added to the first model's summary in docs/data/organisation-models.yaml, against the
  same word added to the rendered summary in the plain site's page.

"Shows it" is the first HTTP answer for the page that contains the change. MkDocs' server holds every request
while it rebuilds, so this is the moment a browser reloaded by livereload would have it. Each time includes
what MkDocs adds to any site: its file watcher polls every 0.5 s, then waits 0.1 s for more changes. The times
are medians over runs (wall clock: a reload is waited for in real time); the ratio ours / plain has a target of
1.3x. MkDocs' own "built in" seconds of each rebuild are reported beside them.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scripts.pipeline.loader import DATA_FILE, load
from scripts.tools.bench import site as bench

ROOT = Path(__file__).resolve().parents[3]
TARGET = 1.3
PAGE = "about.md"  # a short page with macros on: the page edit
DATA_REL = DATA_FILE.relative_to(ROOT)
POLL_S = 0.01  # how often the page is asked for while waiting
TIMEOUT_S = 90.0


# ---- The two sites -----------------------------------------------------------------


def prepare(work: Path) -> tuple[Path, Path]:
    """A project copy and its plain twin: (ours mkdocs.yml, plain config). The plain Markdown is each page as
    the macros expanded it, captured from one build by scripts/tools/bench/site.py's hook."""
    project = bench.copy_project(work / "project")
    expanded = project / "expanded"
    shutil.copytree(project / "docs", expanded)
    config = bench.read_config(project / "mkdocs.yml")
    config["hooks"] = [*(config.get("hooks") or []), "bench_capture_hook.py"]
    (project / "bench_capture_hook.py").write_text(bench.CAPTURE_HOOK, encoding="utf-8")
    capture = bench.write_config(config, project / "bench-capture.yml")
    bench.run_build(capture, work / "capture-site", extra_env={"BENCH_EXPANDED_DIR": str(expanded)})
    (project / "bench_capture_hook.py").unlink()
    capture.unlink()
    plain = bench.read_config(project / "mkdocs.yml")
    bench.drop_plugin(plain, "macros")
    # A plain Material site: none of this project's hooks (page checks, HTML scan, staged output) either.
    plain.pop("hooks", None)
    plain["docs_dir"] = "expanded"
    bench.set_extension_configs(plain, json.loads((project / "mdx_configs.json").read_text(encoding="utf-8")))
    return project / "mkdocs.yml", bench.write_config(plain, project / "bench-plain.yml")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """One `mkdocs serve` of a config on a free loopback port, its output in a log file."""

    name: str
    config: Path
    extra: list[str] = field(default_factory=list)
    port: int = 0
    proc: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    def start(self) -> None:
        self.port = free_port()
        self.log = self.config.with_name(f"serve-{self.name}.log")
        cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(self.config), "--dev-addr", f"127.0.0.1:{self.port}"]
        with self.log.open("w", encoding="utf-8") as fh:
            self.proc = subprocess.Popen(
                [*cmd, *self.extra], cwd=self.config.parent, stdout=fh, stderr=subprocess.STDOUT, env=bench.BUILD_ENV
            )
        site_url = bench.read_config(self.config).get("site_url") or "/"
        self.base = f"http://127.0.0.1:{self.port}{urlsplit(site_url).path or '/'}"
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"mkdocs serve ({self.name}) stopped:\n{self.log.read_text(encoding='utf-8')[-3000:]}")
            try:
                with urllib.request.urlopen(self.base, timeout=5):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise SystemExit(f"mkdocs serve ({self.name}) did not answer within {TIMEOUT_S:.0f} s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.base + path, timeout=TIMEOUT_S) as response:
            return response.read().decode("utf-8")

    def cpu(self) -> float | None:
        """CPU seconds the server (and the children it waited for, such as git) has used so far; None off Linux."""
        assert self.proc is not None
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
        except OSError:
            return None
        # utime, stime, cutime, cstime: fields 14 to 17 of proc(5); fields[0] here is field 3.
        return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def built_in(self) -> list[float]:
        """MkDocs' 'Documentation built in N seconds' of every build so far (the first is the initial build)."""
        assert self.log is not None
        return [float(s) for s in re.findall(r"Documentation built in ([\d.]+) seconds", self.log.read_text(encoding="utf-8"))]


def time_until_shown(server: Server, path: str, marker: str, save: Any) -> tuple[float, float | None]:
    """(seconds, server CPU seconds) from calling save() (which writes the change) to the first answer for `path`
    that contains `marker`."""
    cpu = server.cpu()
    start = time.perf_counter()
    save()
    deadline = start + TIMEOUT_S
    while time.perf_counter() < deadline:
        if marker in server.get(path):
            wall = time.perf_counter() - start
            after = server.cpu()
            return wall, (after - cpu if after is not None and cpu is not None else None)
        time.sleep(POLL_S)
    raise SystemExit(f"{server.name}: {path} did not show '{marker}' within {TIMEOUT_S:.0f} s (log: {server.log})")


# ---- The edits -----------------------------------------------------------------------


def url_of(src: str) -> str:
    """'about.md' -> 'about/', 'index.md' -> '' (directory URLs)."""
    stem = src.removesuffix(".md")
    return "" if stem == "index" else (stem.removesuffix("/index") + "/")


def summary_edit(project: Path) -> tuple[str, str, str]:
    """(the first model's summary as YAML has it, the same text as the plain pages have it, the plain page that
    shows it). The plain page is the first expanded page, in nav order, that contains the rendered summary."""
    data = load(project / DATA_REL)
    summary = data.models[0].summary
    forms = [html.escape(summary, quote=True), html.escape(summary, quote=False), summary]
    for md in sorted((project / "expanded").rglob("*.md")):
        text = md.read_text(encoding="utf-8")
        for form in forms:
            if form in text:
                return summary, form, md.relative_to(project / "expanded").as_posix()
    raise SystemExit("No page of the plain site shows the first model's summary: the reload bench needs one")


def measure(work: Path, runs: int) -> dict[str, Any]:
    """Start both servers, time `runs` page saves and `runs` data saves in each (alternating); medians, ratios."""
    work.mkdir(parents=True, exist_ok=True)
    ours_cfg, plain_cfg = prepare(work)
    project = ours_cfg.parent
    summary, rendered, data_page = summary_edit(project)
    data_path = project / DATA_REL
    data_text = data_path.read_text(encoding="utf-8")
    yaml_summary = f'summary: "{summary}"'
    if yaml_summary not in data_text:
        raise SystemExit(f"{DATA_REL}: the first model's summary is not written as {yaml_summary[:40]}...")
    files = {
        "ours": {"page": project / "docs" / PAGE, "data": data_path},
        "plain": {"page": project / "expanded" / PAGE, "data": project / "expanded" / data_page},
    }
    originals = {name: {kind: path.read_text(encoding="utf-8") for kind, path in f.items()} for name, f in files.items()}

    def page_text(name: str, marker: str) -> str:
        return originals[name]["page"].rstrip("\n") + f"\n\nLive reload check {marker}.\n"

    def data_text_for(name: str, marker: str) -> str:
        if name == "ours":
            return data_text.replace(yaml_summary, f'summary: "{summary} {marker}"', 1)
        return originals["plain"]["data"].replace(rendered, f"{rendered} {marker}", 1)

    servers = {"ours": Server("ours", ours_cfg), "plain": Server("plain", plain_cfg)}
    times: dict[str, dict[str, list[float]]] = {name: {"page": [], "data": []} for name in servers}
    cpus: dict[str, dict[str, list[float]]] = {name: {"page": [], "data": []} for name in servers}
    rebuilds: dict[str, list[float]] = {}
    try:
        for server in servers.values():
            server.start()
        n = 0
        for _ in range(runs):
            for kind in ("page", "data"):
                for name, server in servers.items():
                    n += 1
                    marker = f"zq{n}x{os.getpid()}"
                    path = url_of(PAGE) if kind == "page" else url_of(data_page)
                    content = page_text(name, marker) if kind == "page" else data_text_for(name, marker)
                    target = files[name][kind]
                    wall, cpu = time_until_shown(
                        server, path, marker, lambda t=target, c=content: t.write_text(c, encoding="utf-8")
                    )
                    times[name][kind].append(wall)
                    if cpu is not None:
                        cpus[name][kind].append(cpu)
        for name, server in servers.items():
            rebuilds[name] = server.built_in()[1:]
    finally:
        for server in servers.values():
            server.stop()

    med = {name: {kind: statistics.median(v) for kind, v in kinds.items()} for name, kinds in times.items()}
    cpu_med = {name: {kind: statistics.median(v) if v else None for kind, v in kinds.items()} for name, kinds in cpus.items()}
    return {
        "runs": runs,
        "page": PAGE,
        "data_page": data_page,
        "ours_s": med["ours"],
        "plain_s": med["plain"],
        "ratio": {kind: med["ours"][kind] / med["plain"][kind] for kind in ("page", "data")},
        "rebuild_s": {name: statistics.median(v) if v else None for name, v in rebuilds.items()},
        "cpu_s": cpu_med,
        "cpu_ratio": {
            kind: cpu_med["ours"][kind] / cpu_med["plain"][kind] if cpu_med["ours"][kind] and cpu_med["plain"][kind] else None
            for kind in ("page", "data")
        },
        "all": times,
        "all_cpu": cpus,
        "target": TARGET,
    }


def report_lines(r: dict[str, Any]) -> list[str]:
    """Rows for bench.md's table (| measure | figure | target |)."""
    rb = r["rebuild_s"]
    lines = []
    for kind, what in (("page", f"saving a page (`{r['page']}`)"), ("data", "saving the data file")):
        ok = r["ratio"][kind] <= TARGET
        lines.append(
            f"| **live reload, {what}** to the reloaded page (`make serve`, median of {r['runs']}) | "
            f"**{r['ours_s'][kind]:.2f} s** vs {r['plain_s'][kind]:.2f} s plain = **{r['ratio'][kind]:.2f}x** | "
            f"<= {TARGET}x: {bench.verdict(ok)} |"
        )
    cpu, cpu_ratio = r["cpu_s"], r["cpu_ratio"]
    if cpu_ratio["page"] and cpu_ratio["data"]:
        lines.append(
            f"| server CPU per reload (the rebuild, git included), page / data file | {cpu['ours']['page']:.2f} / "
            f"{cpu['ours']['data']:.2f} s vs {cpu['plain']['page']:.2f} / {cpu['plain']['data']:.2f} s plain = "
            f"{cpu_ratio['page']:.2f}x / {cpu_ratio['data']:.2f}x | |"
        )
    if rb.get("ours") and rb.get("plain"):
        lines.append(
            f"| of which MkDocs' rebuild (its 'built in', median of every rebuild) | {rb['ours']:.2f} s vs {rb['plain']:.2f} s "
            f"plain = {rb['ours'] / rb['plain']:.2f}x | |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.tools.bench.reload", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="saves of each kind in each site (median)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (project copy, serve logs)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="reload-", dir=out))
    started = time.perf_counter()
    try:
        print(f"Live reload: ours and plain under mkdocs serve, {args.runs} saves of a page and of the data file each ...")
        result = measure(work, args.runs)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    result["when"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    result["machine"] = (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    result["seconds"] = round(time.perf_counter() - started)
    lines = ["| measure | figure | target |", "|---|---|---|", *report_lines(result)]
    (out / "reload.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (out / "reload.md").write_text(
        f"# Live reload\n\n{result['when']} · {result['machine']} · {result['seconds']} s\n\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    print("\n".join(lines))
    print(f"\nReports: {out / 'reload.md'}, {out / 'reload.json'} ({result['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
