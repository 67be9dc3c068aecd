"""Benchmark: what the data-driven build costs, how it scales, what a reader downloads, how fast search answers.

    python -m scripts.tools.bench [--runs 5] [--scale-runs 3] [--sizes 50 200 1000] [--reload-runs 7] [--out build/bench] [--quick]

`make bench` runs it; it prints a table and writes OUT/bench.json and OUT/bench.md. Every build runs in a
throw-away copy of the project, with `mkdocs build --strict`, one at a time. Times are medians over runs of the
build process's CPU time (user + system: a build is single-threaded, and CPU time is far less disturbed by other
work on a shared machine than wall-clock time, which is reported too).

1. Build cost: the real strict build (macros on) against the same Markdown with the macros plugin switched
   off and every generated block replaced by its output (captured from a build by a small hook, front matter
   kept, and the Markdown settings the macros module adds carried over). The two builds alternate, run after
   run, and the ratio of the medians is the macros' overhead (target <= 1.2x). Their page content is compared
   to show the two builds make the same pages.
2. Scaling: synthetic corpora generated from the data file (each page: a rationale with a citation, a model
   summary, a comparison table for one group, strengths and weaknesses) at 50, 200 and 1,000 pages, built with
   the site's own configuration (50 pages to a section, 5 sections to a part). Time per page at 1,000 / at 50
   (target <= 1.1x), the cost of each added page between sizes (flat when linear), and peak memory (max RSS).
3. Page weight: bytes transferred (gzip, as served by scripts/tools/quality/static_server.py) on a cold load in Chromium of
   every page; the home page and the heaviest page next to the same Markdown built with Material's defaults
   (fonts off: this machine has no route to Google Fonts) (target <= 1.1x); and the search index size.
4. Search: time from a query reaching the search box (its keyup) to the results being in the page and painted,
   in headless Chromium on the 1,000-page corpus, median over queries made from the data file (target < 100 ms).
5. Live reload: from saving a page, and the data file, to the reloaded page under `mkdocs serve`, beside the
   plain site of build 1 (target <= 1.3x): scripts/tools/bench/reload.py, which also runs alone.
6. Engines: the real site built strictly by MkDocs and by Zensical, alternating (scripts/tools/bench/engines.py,
   which also runs alone).
7. Scale (scripts/tools/bench/scale.py, which also runs alone): a data file with 2,000 models validated (target
   under 5 s) and built, with peak memory and how many times a build parses the data file (target: once).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from scripts.pipeline.loader import DATA_FILE, load
from scripts.tools.contrib.toolchain import CHROMIUM_ARGS, ToolMissing, chromium_path
from scripts.tools.quality.site_pages import content_pages, url_path
from scripts.tools.quality.static_server import serving

ROOT = Path(__file__).resolve().parents[3]
# What a build reads from the repository (the macros may include repository files such as CONTRIBUTING.md).
SKIP = shutil.ignore_patterns(
    ".git", ".venv", ".venv-*", "node_modules", "site", "build", ".cache", "__pycache__", ".pytest_cache", ".site-*"
)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "PYTHONDONTWRITEBYTECODE": "1"}
# Builds run in throw-away copies, where Python may cache the project's compiled modules as it caches the
# libraries' (pip compiles those at install time). Without this, a machine that sets PYTHONDONTWRITEBYTECODE
# would recompile the project's own modules on every build and bill it to the macros (about 40 ms a build).
BUILD_ENV = {k: v for k, v in ENV.items() if k != "PYTHONDONTWRITEBYTECODE"}
TARGETS = {"build_ratio": 1.2, "scaling_ratio": 1.1, "weight_ratio": 1.1, "search_ms": 100.0}

# Writes each page's Markdown after the macros ran (front matter kept) and the Markdown settings in force.
CAPTURE_HOOK = '''"""Bench hook: the Markdown each page has after the macros plugin ran, front matter kept."""
import json, os
from pathlib import Path
import yaml
from mkdocs.plugins import event_priority

OUT = Path(os.environ["BENCH_EXPANDED_DIR"])


@event_priority(-100)
def on_config(config):
    kept = {}
    for name, cfg in config["mdx_configs"].items():
        try:
            kept[name] = json.loads(json.dumps(cfg))
        except (TypeError, ValueError):
            pass
    (OUT.parent / "mdx_configs.json").write_text(json.dumps(kept), encoding="utf-8")
    return config


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    meta = {k: v for k, v in page.meta.items() if k != "render_macros"}
    front = "---\\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\\n\\n" if meta else ""
    target = OUT / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(front + markdown, encoding="utf-8")
    return markdown
'''


# ---- Builds --------------------------------------------------------------------------


@dataclass
class Build:
    """One timed build: CPU seconds of the build process, wall-clock and MkDocs' own 'built in' seconds, peak MB."""

    cpu: float
    wall: float
    built_in: float
    peak_mb: float


def yaml_rt() -> YAML:
    y = YAML()  # round trip: keeps tags such as !ENV and the comments
    y.width = 4096
    return y


def read_config(path: Path) -> Any:
    return yaml_rt().load(path.read_text(encoding="utf-8"))


def write_config(config: Any, path: Path) -> Path:
    buf = StringIO()
    yaml_rt().dump(config, buf)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def run_build(config: Path, out: Path, strict: bool = True, extra_env: dict[str, str] | None = None) -> Build:
    """`mkdocs build` of one config into `out`, timed, with the process's own peak memory (wait4 rusage)."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config), "-d", str(out)]
    cmd += ["--strict"] if strict else []
    log = out.with_name(out.name + ".log")
    with log.open("w", encoding="utf-8") as fh:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=config.parent, stdout=fh, stderr=subprocess.STDOUT, env={**BUILD_ENV, **(extra_env or {})}
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8")
    if proc.returncode != 0:
        raise SystemExit(f"Build failed ({config}):\n{text[-3000:]}")
    built = re.search(r"Documentation built in ([\d.]+) seconds", text)
    return Build(
        cpu=usage.ru_utime + usage.ru_stime,
        wall=wall,
        built_in=float(built.group(1)) if built else wall,
        peak_mb=usage.ru_maxrss / 1024,
    )


def copy_project(dest: Path) -> Path:
    shutil.copytree(ROOT, dest, ignore=SKIP)
    return dest


def drop_plugin(config: Any, name: str) -> None:
    """Remove a plugin (written as a name or as a mapping) from the config's plugin list."""
    config["plugins"] = [p for p in config["plugins"] if not (p == name or (isinstance(p, dict) and name in p))]


def set_extension_configs(config: Any, mdx: dict[str, Any]) -> None:
    """Give each listed Markdown extension the settings captured from a build (where they differ)."""
    entries = config.get("markdown_extensions") or []
    for i, entry in enumerate(entries):
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name in mdx and mdx[name] != ({} if isinstance(entry, str) else entry[name] or {}):
            entries[i] = {name: mdx[name]}


def article(html: str) -> str:
    """A page's article content with whitespace and build dates normalised, for comparing two builds."""
    match = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', html, re.S)
    body = match.group(1) if match else html
    body = re.sub(r'<span class="git-revision-date[^>]*>.*?</span>', "", body, flags=re.S)
    return re.sub(r"\s+", " ", body).strip()


def data_load_seconds(runs: int) -> float:
    """Median seconds to load the data file as the macros do (parse with line numbers, schema, cross-checks)."""
    code = (
        "import time; t = time.process_time(); from scripts.pipeline.loader import load, DATA_FILE, SCHEMA_FILE; "
        "load(DATA_FILE, SCHEMA_FILE); print(time.process_time() - t)"
    )
    times = [
        float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, capture_output=True, text=True, check=True).stdout)
        for _ in range(runs)
    ]
    return statistics.median(times)


def build_cost(work: Path, runs: int, project: Path | None = None) -> dict[str, Any]:
    """Strict build with macros vs the same expanded Markdown without them, alternating, `runs` times each.
    `project`: a prepared project copy (default: a copy of this repository)."""
    work.mkdir(parents=True, exist_ok=True)
    project = project or copy_project(work / "project")
    expanded = project / "expanded"
    shutil.copytree(project / "docs", expanded)  # assets and data files; the .md files are replaced below
    config = read_config(project / "mkdocs.yml")
    config["hooks"] = [*(config.get("hooks") or []), "bench_capture_hook.py"]
    (project / "bench_capture_hook.py").write_text(CAPTURE_HOOK, encoding="utf-8")
    capture = write_config(config, project / "bench-capture.yml")
    run_build(capture, work / "capture-site", extra_env={"BENCH_EXPANDED_DIR": str(expanded)})

    plain = read_config(project / "mkdocs.yml")
    drop_plugin(plain, "macros")
    # A plain Material site: none of this project's hooks (page checks, HTML scan, staged output) either.
    plain.pop("hooks", None)
    plain["docs_dir"] = "expanded"
    set_extension_configs(plain, json.loads((project / "mdx_configs.json").read_text(encoding="utf-8")))
    plain_cfg = write_config(plain, project / "bench-plain.yml")

    with_macros: list[Build] = []
    without: list[Build] = []
    for _ in range(runs):  # side by side: A, B, A, B ...
        with_macros.append(run_build(project / "mkdocs.yml", work / "site-macros"))
        without.append(run_build(plain_cfg, work / "site-plain"))

    # The two builds make the same pages (article content; dates and whitespace normalised).
    pages = [rel for rel in content_pages(work / "site-macros")]
    differ = [
        rel.as_posix()
        for rel in pages
        if not (work / "site-plain" / rel).is_file()
        or article((work / "site-macros" / rel).read_text(encoding="utf-8"))
        != article((work / "site-plain" / rel).read_text(encoding="utf-8"))
    ]
    same = len(pages) - len(differ)
    med = lambda runs, field: statistics.median(getattr(r, field) for r in runs)  # noqa: E731
    return {
        "runs": runs,
        "pages": len(pages),
        "identical_pages": same,
        "differing_pages": differ,
        "macros_cpu_s": med(with_macros, "cpu"),
        "plain_cpu_s": med(without, "cpu"),
        "ratio": med(with_macros, "cpu") / med(without, "cpu"),
        "macros_wall_s": med(with_macros, "wall"),
        "plain_wall_s": med(without, "wall"),
        "wall_ratio": med(with_macros, "wall") / med(without, "wall"),
        "data_load_s": data_load_seconds(runs),
        "macros_peak_mb": max(r.peak_mb for r in with_macros),
        "plain_peak_mb": max(r.peak_mb for r in without),
        "all": {"macros": [asdict(r) for r in with_macros], "plain": [asdict(r) for r in without]},
        "_expanded": str(expanded),
        "_project": str(project),
    }


# ---- Synthetic corpora ---------------------------------------------------------------


def synthetic_page(i: int, n: int, data: Any) -> str:
    """One page made from the data file: a rationale with a citation and three generated blocks."""
    model = data.models[i % len(data.models)]
    dim = data.dimensions[i % len(data.dimensions)]
    group = data.groups[i % len(data.groups)]
    pos = data.position(model.id, dim.id)
    ref = (pos.sources or model.sources or (data.references[i % len(data.references)].id,))[0]
    title = f"{dim.label} in the {model.label} model ({i})"
    return (
        f'---\ntitle: "{title}"\ndescription: "Synthetic page {i} of {n}, made from the data file for the '
        f'scaling benchmark."\nrender_macros: true\n---\n\n# {title}\n\n'
        f'{{% raw %}}{dim.question} {pos.rationale}{{% endraw %}} {{{{ cite("{ref}") }}}}\n\n'
        f'## The model\n\n{{{{ model_summary("{model.id}") }}}}\n\n'
        f'## {group.label}\n\n{{{{ comparison_table(group="{group.id}") }}}}\n\n'
        f'## Strengths and weaknesses\n\n{{{{ strengths_weaknesses("{model.id}") }}}}\n'
    )


def make_corpus(work: Path, n: int) -> Path:
    """A project copy whose docs are `n` synthetic pages (home + n-1 in parts of sections), with the site's config."""
    project = copy_project(work / f"corpus-{n}")
    docs = project / "docs"
    for md in docs.rglob("*.md"):
        md.unlink()
    data = load(DATA_FILE)
    (docs / "index.md").write_text(
        "---\ntitle: Synthetic corpus\ndescription: Home of a synthetic corpus made from the data file for the "
        "scaling benchmark.\nrender_macros: true\n---\n\n# Synthetic corpus\n\n{{ comparison_table() }}\n",
        encoding="utf-8",
    )
    # Pages the data file itself names (a source with no public address) must exist: they are synthetic too.
    named = sorted({r.page for r in data.references if r.page} - {"index.md"})
    for i in range(1, n):
        # 50 pages to a section, 5 sections to a part: the shape of a large knowledge site's navigation.
        folder = f"part-{(i - 1) // 250 + 1}/section-{(i - 1) // 50 + 1:02d}"
        target = docs / named[i - 1] if i <= len(named) else docs / folder / f"page-{i:04d}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(synthetic_page(i, n, data), encoding="utf-8")
    config = read_config(project / "mkdocs.yml")
    config.pop("nav", None)  # every page, in folder order
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "redirects" in plugin:
            plugin["redirects"] = {"redirect_maps": {}}  # the real pages they point at are not in the corpus
    write_config(config, project / "mkdocs.yml")
    return project


def scaling(work: Path, sizes: list[int], runs: int) -> dict[str, Any]:
    """Build each synthetic corpus `runs` times (round robin); medians per size, and the per-page ratio."""
    projects = {n: make_corpus(work, n) for n in sizes}
    results: dict[int, list[Build]] = {n: [] for n in sizes}
    for _ in range(runs):
        for n in sizes:
            results[n].append(run_build(projects[n] / "mkdocs.yml", work / f"corpus-{n}-site"))
    rows = {}
    for n in sizes:
        rows[n] = {
            "pages": n,
            "cpu_s": statistics.median(r.cpu for r in results[n]),
            "wall_s": statistics.median(r.wall for r in results[n]),
            "peak_mb": max(r.peak_mb for r in results[n]),
        }
        rows[n]["ms_per_page"] = rows[n]["cpu_s"] / n * 1000
    small, large = min(sizes), max(sizes)
    ordered = sorted(sizes)
    # Cost of each added page between consecutive sizes: flat when the build is linear (no startup share).
    slopes = [(rows[b]["cpu_s"] - rows[a]["cpu_s"]) / (b - a) * 1000 for a, b in zip(ordered, ordered[1:], strict=False)]
    return {
        "runs": runs,
        "sizes": rows,
        "ratio": rows[large]["ms_per_page"] / rows[small]["ms_per_page"],
        "marginal_ms": slopes,
        "marginal_ratio": slopes[-1] / slopes[0] if len(slopes) > 1 else None,
        "small": small,
        "large": large,
        "_site_large": str(work / f"corpus-{large}-site"),
    }


# ---- In the browser: page weight and search ------------------------------------------


def default_material_site(work: Path, expanded: Path, project: Path) -> Path:
    """The same Markdown built with Material's defaults (fonts off), the site's nav and extensions."""
    docs = work / "baseline-docs"
    shutil.copytree(expanded, docs)
    for md in docs.rglob("*.md"):  # the site's own page templates are not part of a default install
        text = md.read_text(encoding="utf-8")
        md.write_text(re.sub(r"(?m)^template: .*\n", "", text, count=1), encoding="utf-8")
    ours = read_config(project / "bench-plain.yml")
    baseline = {
        "site_name": ours["site_name"],
        "site_url": ours.get("site_url"),
        "site_description": ours.get("site_description"),
        "docs_dir": str(docs),
        "theme": {"name": "material", "font": False},
        "plugins": ["search"],
        "markdown_extensions": ours.get("markdown_extensions") or [],
    }
    if "nav" in ours:
        baseline["nav"] = ours["nav"]
    cfg = write_config(baseline, work / "baseline.yml")
    run_build(cfg, work / "site-default-material", strict=False)
    return work / "site-default-material"


def transferred(browser: Any, url: str) -> tuple[int, dict[str, int]]:
    """Bytes on the wire (headers + gzip bodies) for a cold load of `url`, in total and per request path."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[Any] = []
    context.on("requestfinished", lambda request: requests.append(request))
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    by_url: dict[str, int] = {}
    for req in requests:
        sizes = req.sizes()
        by_url[req.url] = by_url.get(req.url, 0) + sizes["responseBodySize"] + sizes["responseHeadersSize"]
    context.close()
    return sum(by_url.values()), by_url


def page_weight(browser: Any, ours: Path, baseline: Path) -> dict[str, Any]:
    """Cold-load weight of every page of ours; home and heaviest next to the default-Material build."""
    with serving(ours) as ours_url, serving(baseline) as base_url:
        loads = {url_path(rel): transferred(browser, ours_url + url_path(rel)) for rel in content_pages(ours)}
        weights = {path: total for path, (total, _) in loads.items()}
        heaviest = max(weights, key=lambda p: weights[p])
        rows = {}
        for label, path in (("home", ""), ("heaviest", heaviest)):
            theirs, their_files = transferred(browser, base_url + path)
            rows[label] = {
                "page": path,
                "ours": weights[path],
                "default_material": theirs,
                "ratio": weights[path] / theirs,
                # What each side loaded (path inside the site -> bytes), to see where a difference comes from.
                "ours_files": {u.split(ours_url, 1)[-1]: n for u, n in loads[path][1].items()},
                "default_material_files": {u.split(base_url, 1)[-1]: n for u, n in their_files.items()},
            }
    index = ours / "search" / "search_index.json"
    raw = index.read_bytes()
    base_index = (baseline / "search" / "search_index.json").read_bytes()
    return {
        **rows,
        "pages": weights,
        "search_index": {
            "raw": len(raw),
            "gzip": len(gzip.compress(raw, 6)),
            "default_material_raw": len(base_index),
            "default_material_gzip": len(gzip.compress(base_index, 6)),
        },
    }


# Sets the query as Material reads it (on keyup) and resolves when result items are in the list and painted.
MEASURE_QUERY = """async (q) => {
  const input = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  return await new Promise((resolve) => {
    let t0 = 0;
    const done = (value) => { observer.disconnect(); clearTimeout(timer); resolve(value); };
    const observer = new MutationObserver(() => {
      if (list.querySelector(".md-search-result__item")) {
        requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
      }
    });
    const timer = setTimeout(() => done(null), 15000);
    observer.observe(list, {childList: true, subtree: true});
    input.value = q;
    t0 = performance.now();
    input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: q.slice(-1)}));
  });
}"""
CLEAR_QUERY = """() => { const i = document.querySelector("input.md-search__input"); i.value = "";
  i.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: "Backspace"})); }"""


def search_queries() -> list[str]:
    """Queries from the data file: one word from each dimension and model label (distinct, 4+ letters)."""
    data = load(DATA_FILE)
    words: list[str] = []
    for label in [d.label for d in data.dimensions] + [m.label for m in data.models]:
        for word in re.findall(r"[A-Za-z]{4,}", label):
            if word.lower() not in words:
                words.append(word.lower())
                break
    return words[:20]


def search_latency(browser: Any, site: Path, runs: int) -> dict[str, Any]:
    """Median time from keyup to painted results over the queries, `runs` passes, after one warm-up query."""
    queries = search_queries()
    times: list[float] = []
    with serving(site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.locator("input.md-search__input").click()
        start = time.perf_counter()
        first = None
        while first is None and time.perf_counter() - start < 60:  # the worker loads and indexes the corpus
            first = page.evaluate(MEASURE_QUERY, queries[0])
        for _ in range(runs):
            for q in queries:
                page.evaluate(CLEAR_QUERY)  # start each query from an empty result list
                page.wait_for_function("!document.querySelector('.md-search-result__item')", timeout=10_000)
                value = page.evaluate(MEASURE_QUERY, q)
                if value is not None:
                    times.append(value)
        context.close()
    times.sort()
    return {
        "queries": len(queries),
        "measured": len(times),
        "median_ms": statistics.median(times),
        "p90_ms": times[int(0.9 * (len(times) - 1))],
        "max_ms": times[-1],
        "first_query_ms": first,
        "index_bytes": (site / "search" / "search_index.json").stat().st_size,
    }


# ---- Report --------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report_lines(r: dict[str, Any]) -> list[str]:
    """The Markdown table of figures, with targets. Times are CPU seconds of the build process (robust on a
    shared machine); wall-clock times are in bench.json."""
    b, s, w, q = r["build"], r["scaling"], r["weight"], r["search"]
    kb = lambda n: f"{n / 1024:.1f} KiB"  # noqa: E731
    lines = [
        "| measure | figure | target |",
        "|---|---|---|",
        f"| strict build, macros on ({b['pages']} pages) | {b['macros_cpu_s']:.2f} s CPU ({b['macros_wall_s']:.2f} s wall), "
        f"peak {b['macros_peak_mb']:.0f} MB; of which loading the data file {b['data_load_s']:.2f} s | |",
        f"| same Markdown, macros off, blocks pre-rendered | {b['plain_cpu_s']:.2f} s CPU ({b['plain_wall_s']:.2f} s wall), "
        f"peak {b['plain_peak_mb']:.0f} MB; {b['identical_pages']}/{b['pages']} pages identical"
        f"{' (differs: ' + ', '.join(b['differing_pages']) + ')' if b['differing_pages'] else ''} | |",
        f"| **macros overhead** (ratio of medians, {b['runs']} runs each, alternating) | **{b['ratio']:.2f}x** "
        f"(wall {b['wall_ratio']:.2f}x) | <= {TARGETS['build_ratio']}x: {verdict(b['ratio'] <= TARGETS['build_ratio'])} |",
    ]
    c = r["build_corpus"]
    lines.append(
        f"| macros overhead on a {c['pages']}-page synthetic corpus (generated blocks on every page; "
        f"{c['runs']} runs each) | {c['ratio']:.2f}x ({c['macros_cpu_s']:.1f} s vs {c['plain_cpu_s']:.1f} s CPU) | |"
    )
    for n, row in sorted(s["sizes"].items(), key=lambda kv: int(kv[0])):
        lines.append(
            f"| synthetic corpus, {int(n):,} pages | {row['cpu_s']:.1f} s CPU ({row['ms_per_page']:.1f} ms/page; "
            f"{row['wall_s']:.1f} s wall), peak {row['peak_mb']:.0f} MB | |"
        )
    marginal = ", ".join(f"{m:.1f}" for m in s["marginal_ms"])
    lines += [
        f"| **time per page, {s['large']:,} / {s['small']} pages** ({s['runs']} runs each) | **{s['ratio']:.2f}x** "
        f"(cost of each added page: {marginal} ms{'; ratio {:.2f}x'.format(s['marginal_ratio']) if s['marginal_ratio'] else ''}) | "
        f"<= {TARGETS['scaling_ratio']}x: {verdict(s['ratio'] <= TARGETS['scaling_ratio'])} |",
    ]
    for label in ("home", "heaviest"):
        row = w[label]
        lines.append(
            f"| **page weight, {label}** (`/{row['page']}`, gzip, cold) | **{kb(row['ours'])}** vs {kb(row['default_material'])} "
            f"default Material = {row['ratio']:.2f}x | <= {TARGETS['weight_ratio']}x: {verdict(row['ratio'] <= TARGETS['weight_ratio'])} |"
        )
    si = w["search_index"]
    lines += [
        f"| search index | {kb(si['raw'])} ({kb(si['gzip'])} gzip); default Material: {kb(si['default_material_raw'])} | |",
        f"| search index, {s['large']:,} pages | {kb(q['index_bytes'])} | |",
        f"| **search, typing to results, {s['large']:,} pages** (median of {q['measured']}; p90 {q['p90_ms']:.0f} ms; "
        f"first query {q['first_query_ms'] or 0:.0f} ms) | **{q['median_ms']:.0f} ms** | < {TARGETS['search_ms']:.0f} ms: "
        f"{verdict(q['median_ms'] < TARGETS['search_ms'])} |",
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m scripts.tools.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="build-cost runs of each build (median)")
    parser.add_argument("--scale-runs", type=int, default=3, help="builds of each synthetic corpus (median)")
    parser.add_argument("--search-runs", type=int, default=3, help="passes over the search queries")
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 1000])
    parser.add_argument(
        "--reload-runs", type=int, default=7, help="live reload: saves of each kind (scripts/tools/bench/reload.py)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--quick", action="store_true", help="1 run each, corpora of 50 and 200 pages (a smoke test)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (projects and builds)")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.scale_runs, args.search_runs, args.sizes, args.reload_runs = 1, 1, 1, [50, 200], 2
    from playwright.sync_api import sync_playwright

    try:
        chromium_path()  # page weight and search need a browser: say so before minutes of builds, in one line
    except ToolMissing as missing:
        raise SystemExit(str(missing)) from None

    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="work-", dir=out))
    started = time.perf_counter()
    try:
        print(f"Build cost: {args.runs} strict builds with macros and {args.runs} without, alternating ...", flush=True)
        build = build_cost(work, args.runs)
        print(
            f"  macros {build['macros_cpu_s']:.2f} s, plain {build['plain_cpu_s']:.2f} s CPU -> {build['ratio']:.2f}x", flush=True
        )
        # The same site built by Zensical beside MkDocs (scripts/tools/bench/engines.py).
        from scripts.tools.bench import engines as engine_bench

        print(f"Engines: {args.runs} strict builds with MkDocs and {args.runs} with Zensical, alternating ...", flush=True)
        engines = engine_bench.measure(work / "engines", args.runs)
        print(f"  Zensical / MkDocs: {engines['cpu_ratio']:.2f}x CPU, {engines['wall_ratio']:.2f}x wall", flush=True)
        cost_n = min(200, max(args.sizes))
        print(f"Build cost at scale: a {cost_n}-page synthetic corpus, {args.scale_runs} builds each way ...", flush=True)
        corpus_cost = build_cost(work / "cost-corpus", args.scale_runs, make_corpus(work / "cost-corpus", cost_n))
        corpus_cost["pages"] = cost_n  # the Markdown pages (the build adds a 404 page)
        print(
            f"  macros {corpus_cost['macros_cpu_s']:.2f} s, plain {corpus_cost['plain_cpu_s']:.2f} s CPU -> "
            f"{corpus_cost['ratio']:.2f}x",
            flush=True,
        )
        print(f"Scaling: corpora of {', '.join(map(str, args.sizes))} pages, {args.scale_runs} build(s) each ...", flush=True)
        scale = scaling(work, sorted(args.sizes), args.scale_runs)
        print(f"  time per page {scale['large']} / {scale['small']}: {scale['ratio']:.2f}x", flush=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            print("Page weight: every page, cold, against default Material ...", flush=True)
            baseline = default_material_site(work, Path(build["_expanded"]), Path(build["_project"]))
            weight = page_weight(browser, work / "site-macros", baseline)
            print(f"Search: {scale['large']} pages, {args.search_runs} pass(es) over the queries ...", flush=True)
            search = search_latency(browser, Path(scale["_site_large"]), args.search_runs)
            browser.close()
        from scripts.tools.bench import reload as bench_reload  # imports this module: loaded here, once both are defined

        print(f"Live reload: ours and plain under mkdocs serve, {args.reload_runs} saves of a page and of the data file ...")
        reload = bench_reload.measure(work / "reload", args.reload_runs)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print("Scale: a 2,000-model data file, validated and built (scripts/tools/bench/scale.py) ...", flush=True)
    from scripts.tools.bench import scale as bench_scale  # noqa: PLC0415

    scale_2000 = bench_scale.run(2000, out)
    result = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load {os.getloadavg()[0]:.1f}",
        "command": "make bench"
        if argv is None and len(sys.argv) == 1
        else "python -m scripts.tools.bench " + " ".join(argv or sys.argv[1:]),
        "seconds": round(time.perf_counter() - started),
        "build": {k: v for k, v in build.items() if not k.startswith("_")},
        "build_corpus": {k: v for k, v in corpus_cost.items() if not k.startswith("_")},
        "engines": engines,
        "scaling": {k: v for k, v in scale.items() if not k.startswith("_")},
        "weight": weight,
        "search": search,
        "reload": reload,
        "targets": TARGETS,
    }
    result["scale_2000"] = scale_2000
    lines = [
        *report_lines(result),
        *bench_reload.report_lines(reload),
        *engine_bench.report_lines(engines),
        "",
        *bench_scale.report_lines(scale_2000),
    ]
    (out / "bench.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (out / "bench.md").write_text(
        f"# Benchmark\n\n{result['when']} · {result['machine']} · `{result['command']}` · {result['seconds']} s\n\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    print()
    print("\n".join(lines))
    print(f"\nReports: {out / 'bench.md'}, {out / 'bench.json'} ({result['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
