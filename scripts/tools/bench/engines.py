"""Benchmark: the same site built by MkDocs and by Zensical, in alternating runs.

    python -m scripts.tools.bench.engines [--runs 5] [--out build/bench]

`make bench` runs it as part of scripts/tools/bench/site.py (its figures go into build/bench/bench.md); alone, it
prints its table and writes OUT/engines.json. Each build is strict and runs in its own throw-away copy of
the project (Zensical writes only inside its project), one at a time, MkDocs and Zensical alternating.
Times are medians of the build process's CPU time (user + system, every thread: Zensical's core is
multi-threaded Rust, so its wall-clock time can be below its CPU time) and of wall-clock time. Both
commands do the whole job of a build: checking the data file, the pages, and the post-build steps
(minify, downloads), as `make build` and `make build-zensical` do.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
ZENSICAL_PYTHON = Path(os.environ.get("ZENSICAL_PYTHON", ROOT / ".venv-zensical" / "bin" / "python"))


def _timed(cmd: list[str], cwd: Path, env: dict[str, str], log: Path) -> dict[str, float]:
    """Run one build; its CPU seconds (wait4 rusage), wall-clock seconds and peak memory (MB)."""
    with log.open("w", encoding="utf-8") as fh:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=fh, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"Build failed ({' '.join(cmd[:4])} ...):\n{log.read_text(encoding='utf-8')[-3000:]}")
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "peak_mb": usage.ru_maxrss / 1024}


def measure(work: Path, runs: int) -> dict[str, Any]:
    """`runs` strict builds with each engine, alternating; medians and the Zensical / MkDocs ratio."""
    from scripts.tools.bench.site import BUILD_ENV, copy_project  # noqa: PLC0415 (bench imports this module lazily too)

    if not ZENSICAL_PYTHON.is_file():
        raise SystemExit(f"Zensical is not installed at {ZENSICAL_PYTHON}: run `make .venv-zensical/.installed`")
    work.mkdir(parents=True, exist_ok=True)
    project = copy_project(work / "engines-project")
    commands = {
        "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(project / "build" / "mkdocs-site")],
        "zensical": [str(ZENSICAL_PYTHON), "-m", "scripts.engines.zensical", "--out", str(project / "build" / "zensical-site")],
    }
    env = {**BUILD_ENV, "PYTHONPATH": str(project)}
    results: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
    for i in range(runs + 1):  # the first round warms the file cache and compiles the modules; not counted
        for name, cmd in commands.items():
            one = _timed(cmd, project, env, work / f"engines-{name}.log")
            if i:
                results[name].append(one)
    med = {name: {k: statistics.median(r[k] for r in rows) for k in ("cpu", "wall", "peak_mb")} for name, rows in results.items()}
    version = subprocess.run(
        [str(ZENSICAL_PYTHON), "-c", "import zensical; print(zensical.version())"], capture_output=True, text=True, check=False
    ).stdout.strip()
    pages = sum(1 for _ in (project / "build" / "zensical-site").rglob("index.html"))
    return {
        "runs": runs,
        "pages": pages,
        "zensical_version": version,
        "mkdocs": med["mkdocs"],
        "zensical": med["zensical"],
        "cpu_ratio": med["zensical"]["cpu"] / med["mkdocs"]["cpu"],
        "wall_ratio": med["zensical"]["wall"] / med["mkdocs"]["wall"],
    }


def report_lines(r: dict[str, Any]) -> list[str]:
    """Rows for bench.md's table (| measure | figure | target |)."""
    mk, zs = r["mkdocs"], r["zensical"]
    return [
        f"| strict build, MkDocs ({r['pages']} pages; `make build`, {r['runs']} runs alternating) | {mk['cpu']:.2f} s CPU "
        f"({mk['wall']:.2f} s wall), peak {mk['peak_mb']:.0f} MB | |",
        f"| strict build, Zensical {r['zensical_version']} (`make build-zensical`, same runs) | {zs['cpu']:.2f} s CPU "
        f"({zs['wall']:.2f} s wall), peak {zs['peak_mb']:.0f} MB; **{r['cpu_ratio']:.2f}x** MkDocs' CPU, "
        f"{r['wall_ratio']:.2f}x its wall-clock time | |",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.tools.bench.engines", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="builds with each engine (median)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="work-engines-", dir=out))
    try:
        result = measure(work, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (out / "engines.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print("| measure | figure | target |\n|---|---|---|")
    print("\n".join(report_lines(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
