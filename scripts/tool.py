"""Command-line tool for contributors and CI.

    python -m scripts.tool validate [FILE]   check the data file (schema + cross-checks), no build
    python -m scripts.tool build [--out DIR] strict build into a temporary folder, then swap it
                                             into place: a failed build never touches the old site
    python -m scripts.tool evidence [--min PCT]  share of citations that name evidence, overall,
                                             per page and per data-file section

Exit status: 0 on success, 1 when the data or the build has problems, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts.loader import DATA_FILE, SCHEMA_FILE, DataError, load

ROOT = Path(__file__).resolve().parents[1]


def validate(path: Path) -> int:
    """Validate the data file; print a one-line summary or one line per problem."""
    start = time.perf_counter()
    try:
        data = load(path, SCHEMA_FILE)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    ms = (time.perf_counter() - start) * 1000
    print(
        f"{path.name}: OK: {len(data.models)} models, {len(data.dimensions)} dimensions, "
        f"{len(data.positions)} positions, {len(data.references)} references, "
        f"{len(data.glossary)} glossary terms ({ms:.0f} ms)"
    )
    return 0


def build(out: Path, config: Path, extra_args: list[str]) -> int:
    """Strict build into a sibling temporary folder; replace `out` only when the build succeeds."""
    if validate(DATA_FILE) != 0:
        print("Build not started: the site in", out, "is unchanged.", file=sys.stderr)
        return 1
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(config), "-d", str(tmp), *extra_args]
    try:
        result = subprocess.run(cmd, cwd=ROOT, env=env, check=False)
        if result.returncode != 0:
            print(f"Build failed: the site in {out} is unchanged.", file=sys.stderr)
            return 1
        old = out.with_name(f".{out.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        if out.exists():
            out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
        print(f"Site written to {out}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def evidence(minimum: float | None) -> int:
    """Print the evidence coverage; with --min, fail when the overall share is below it."""
    from scripts import evidence as ev  # noqa: PLC0415 (only this command needs it)
    from scripts.loader import load_plain  # noqa: PLC0415

    try:
        plain = load_plain(DATA_FILE, SCHEMA_FILE)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    citations = ev.all_citations(ROOT / "docs", plain)
    print(ev.report(citations))
    with_ev, total = ev.share(citations)
    if minimum is not None and total and 100 * with_ev / total < minimum:
        print(f"Evidence coverage {100 * with_ev / total:.1f}% is below --min {minimum:g}%.", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.tool", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_validate = sub.add_parser("validate", help="check the data file")
    p_validate.add_argument("file", nargs="?", type=Path, default=DATA_FILE)
    p_build = sub.add_parser("build", help="strict build, swapped into place on success")
    p_build.add_argument("--out", type=Path, default=ROOT / "site")
    p_build.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    p_evidence = sub.add_parser("evidence", help="share of citations that name evidence")
    p_evidence.add_argument("--min", type=float, default=None, help="fail below this percentage")
    args, rest = parser.parse_known_args(argv)
    if args.command == "evidence":
        if rest:
            parser.error(f"unrecognised arguments: {' '.join(rest)}")
        return evidence(args.min)
    if args.command == "validate":
        if rest:
            parser.error(f"unrecognised arguments: {' '.join(rest)}")
        return validate(args.file)
    return build(args.out, args.config, rest)


if __name__ == "__main__":
    sys.exit(main())
