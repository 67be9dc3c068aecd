"""Command-line tool for contributors and CI.

    python -m scripts.tools.contrib.tool validate [FILE]   check the data file (schema + cross-checks), no build
    python -m scripts.tools.contrib.tool build [--out DIR] strict build into a staging folder, then swap it
                                             into place: a failed build never touches the old site
    python -m scripts.tools.contrib.tool evidence [--min PCT]  share of citations that name evidence, overall,
                                             per page and per data-file section

DIR may not be, contain or sit above the project or its sources, and an existing DIR is replaced
only when a build of this project made it (scripts/pipeline/output.py).

Exit status: 0 on success, 1 when the data or the build has problems, 2 on a usage error or an
output folder the build must not write to.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from scripts.pipeline import output
from scripts.pipeline.loader import DATA_FILE, SCHEMA_FILE, DataError, load

ROOT = Path(__file__).resolve().parents[3]


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
    """Strict build; the hooks in scripts/engines/hooks.py stage it and swap it into `out` only when it succeeds.

    Runs MkDocs in this process, so that whatever goes wrong (a page error, a full disk, a folder
    that cannot be written) ends in one line and exit status 1, never a traceback.
    """
    try:
        target = output.check_target(out, ROOT, [DATA_FILE])
        output.check_writable(target)
    except output.OutputError as exc:
        print(exc, file=sys.stderr)
        return 2
    import click  # noqa: PLC0415 (MkDocs' command line; imported only to build)
    from mkdocs.__main__ import cli  # noqa: PLC0415

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    args = ["build", "--strict", "--clean", "-f", str(config.resolve()), "-d", str(target), *extra_args]
    unchanged = f"the site in {output.shown(target)} is unchanged."
    cwd = Path.cwd()
    try:
        os.chdir(ROOT)
        cli.main(args=args, prog_name="mkdocs", standalone_mode=False)
    except click.exceptions.Exit as exc:
        if exc.exit_code:
            print(f"Build failed: {unchanged}", file=sys.stderr)
            return 1
    except click.ClickException as exc:
        message = exc.format_message()
        if message.startswith("Aborted with"):  # the reasons are already in the log above
            print(f"Build failed: {unchanged}", file=sys.stderr)
        else:
            print(f"Build failed: {message}; {unchanged}", file=sys.stderr)
        return 1
    except SystemExit as exc:  # a plugin that exits instead of raising
        if exc.code:
            print(f"Build failed: {unchanged}", file=sys.stderr)
            return 1
    except OSError as exc:
        print(f"Build failed: {output.describe(exc)} ({exc.filename or 'writing the site'}); {unchanged}", file=sys.stderr)
        return 1
    finally:
        os.chdir(cwd)
        output.remove_stale(target)  # whatever a failed build left beside the site (the hooks clean up too)
    print(f"Site written to {output.shown(target)}")
    return 0


def evidence(minimum: float | None) -> int:
    """Print the evidence coverage; with --min, fail when the overall share is below it."""
    from scripts.pipeline import evidence as ev  # noqa: PLC0415 (only this command needs it)
    from scripts.pipeline.loader import load_plain  # noqa: PLC0415

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
    parser = argparse.ArgumentParser(prog="python -m scripts.tools.contrib.tool", description=__doc__.split("\n\n")[0])
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
