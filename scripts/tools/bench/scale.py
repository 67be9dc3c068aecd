"""Benchmark: a data file with 2,000 models, validated and built (bounded work for any input).

    python -m scripts.tools.bench.scale [--models 2000] [--out build/bench] [--no-build]

`make bench` runs it (from scripts/tools/bench/site.py); it can also run alone. It writes a data file with
MODELS models (the real file's models repeated under new ids, each with a position on every
dimension, an org chart and a weight in every answer of the decision aid), then measures, each in
its own process (CPU time, wall time and peak memory from wait4):

1. `python -m scripts.tools.contrib.tool validate FILE`: the target is under 5 s;
2. a strict `mkdocs build` of a project copy holding that file, counting how many times the data
   file is parsed (the target is once per build).

Writes OUT/bench-scale.json and OUT/bench-scale.md.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from scripts.pipeline.loader import DATA_FILE, load_plain

ROOT = Path(__file__).resolve().parents[3]
PARTS = ("mkdocs.yml", "docs", "overrides", "scripts", "CONTRIBUTING.md")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
VALIDATE_TARGET_S = 5.0
# Runs a strict build in this process and prints how many times the data file was read.
COUNTING_BUILD = """
import sys
import scripts.pipeline.loader as loader
reads = 0
_read = loader.read_yaml
def counted(*a, **k):
    global reads
    reads += 1
    return _read(*a, **k)
loader.read_yaml = counted
from mkdocs.__main__ import cli
try:
    cli.main(args=["build", "--strict", "-d", sys.argv[1]], prog_name="mkdocs", standalone_mode=False)
finally:
    print(f"DATA-FILE-READS {reads}", file=sys.stderr)
"""


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def scaled_data(models: int) -> dict[str, Any]:
    """The real data with `models` models in all, each complete (positions, org chart, weights)."""
    data = load_plain(DATA_FILE)
    base = list(data["models"])
    charts = {c["model"]: c for c in data["org_charts"]}
    positions: dict[str, list[dict]] = {}
    for p in data["positions"]:
        positions.setdefault(p["model"], []).append(p)
    n = len(base)
    for i in range(models - n):
        src = base[i % n]
        new_id = f"{src['id']}-copy-{i + 1}"
        model = copy.deepcopy(src)
        model["id"], model["label"] = new_id, f"{src['label']} (copy {i + 1})"
        data["models"].append(model)
        for p in positions[src["id"]]:
            data["positions"].append({**copy.deepcopy(p), "model": new_id})
        chart = copy.deepcopy(charts[src["id"]])
        chart["model"] = new_id
        data["org_charts"].append(chart)
        for q in data["questions"]:
            for a in q["answers"]:
                a["weights"][new_id] = a["weights"][src["id"]]
    return data


def _measure(cmd: list[str], cwd: Path, log: Path) -> dict[str, Any]:
    with log.open("w", encoding="utf-8") as fh:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=fh, stderr=subprocess.STDOUT, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    text = log.read_text(encoding="utf-8")
    code = os.waitstatus_to_exitcode(status)
    return {
        "exit": code,
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "wall_s": round(wall, 2),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "tail": text[-1500:] if code else "",
        "_text": text,
    }


def run(models: int, out: Path, build: bool = True) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="scale-", dir=out))
    try:
        project = work / "project"
        project.mkdir()
        for part in PARTS:
            src = ROOT / part
            if src.is_dir():
                shutil.copytree(src, project / part, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(src, project / part)
        target = project / "docs" / "data" / "organisation-models.yaml"
        data = scaled_data(models)
        target.write_text(yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=4096), encoding="utf-8")
        result: dict[str, Any] = {
            "models": len(data["models"]),
            "positions": len(data["positions"]),
            "file_mb": round(target.stat().st_size / 1024 / 1024, 1),
        }
        print(f"Scale: {result['models']:,} models, {result['positions']:,} positions, {result['file_mb']} MiB", flush=True)
        validate = _measure([sys.executable, "-m", "scripts.tools.contrib.tool", "validate"], project, work / "validate.log")
        validate.pop("_text")
        result["validate"] = validate
        print(
            f"  validate: exit {validate['exit']}, {validate['cpu_s']} s CPU, {validate['wall_s']} s wall, {validate['peak_mb']} MB peak",
            flush=True,
        )
        if build:
            b = _measure([sys.executable, "-c", COUNTING_BUILD, str(work / "site")], project, work / "build.log")
            reads = [line for line in b.pop("_text").splitlines() if line.startswith("DATA-FILE-READS")]
            b["data_file_reads"] = int(reads[-1].split()[1]) if reads else None
            result["build"] = b
            print(
                f"  build: exit {b['exit']}, {b['cpu_s']} s CPU, {b['wall_s']} s wall, {b['peak_mb']} MB peak, "
                f"data file read {b['data_file_reads']} time(s)",
                flush=True,
            )
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report_lines(r: dict[str, Any]) -> list[str]:
    v = r["validate"]
    ok = v["exit"] == 0 and v["cpu_s"] < VALIDATE_TARGET_S
    lines = [
        f"## Scale: {r['models']:,} models ({r['positions']:,} positions, {r['file_mb']} MiB data file)",
        "",
        "| Measure | CPU | Wall | Peak memory | Result |",
        "|---|---|---|---|---|",
        f"| Validate (`python -m scripts.tools.contrib.tool validate`) | {v['cpu_s']} s | {v['wall_s']} s | {v['peak_mb']} MB | "
        f"{'exit 0' if v['exit'] == 0 else 'exit ' + str(v['exit'])}; target < {VALIDATE_TARGET_S:.0f} s: {'met' if ok else 'NOT met'} |",
    ]
    if "build" in r:
        b = r["build"]
        reads = b["data_file_reads"]
        lines.append(
            f"| Strict build (`mkdocs build --strict`) | {b['cpu_s']} s | {b['wall_s']} s | {b['peak_mb']} MB | "
            f"exit {b['exit']}; data file parsed {reads} time(s) (target: once: {'met' if reads == 1 else 'NOT met'}) |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.tools.bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--no-build", action="store_true", help="validate only")
    args = parser.parse_args(argv)
    result = run(args.models, args.out.resolve(), build=not args.no_build)
    result["when"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    result["machine"] = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    lines = report_lines(result)
    (args.out / "bench-scale.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (args.out / "bench-scale.md").write_text(
        f"# Scale benchmark\n\n{result['when']} · {result['machine']}\n\n" + "\n".join(lines) + "\n", encoding="utf-8"
    )
    print("\n".join(lines))
    return 0 if result["validate"]["exit"] == 0 and result.get("build", {}).get("exit", 0) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
