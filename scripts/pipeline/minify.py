"""Bundle and minify the site's own style sheets and scripts in a built site. Nothing here imports MkDocs.

The sources under overrides/assets/ stay readable, with their comments; the copies the theme puts in the
built site are minified in place after the build (rcssmin and rjsmin only drop comments and white space,
they never rename or reorder). On the slide deck this takes about 5 KiB (gzip) off what a reader
downloads (`make bench`, "Page weight"). Vendored files (a `vendor/` folder) are left as their authors
shipped them.

The style sheets every page loads are served as one file (BUNDLES; mkdocs.yml lists only the bundle):
each extra style sheet in the page's head is one more request before the first paint, about 0.2 s of
first contentful paint on a phone in Lighthouse's simulation (`make audit`).

    python -m scripts.pipeline.minify SITE_DIR      (what the build does, for a site built without it)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import rcssmin
import rjsmin

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "overrides"
_MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}
# A file served in the site -> the source files (paths under the theme folder) it is made of, in order.
BUNDLES: dict[str, tuple[str, ...]] = {
    "assets/stylesheets/site.css": (
        "assets/stylesheets/site.css",  # layout of the generated blocks, the data file reference
        "assets/stylesheets/quality.css",  # accessibility fixes to the theme's defaults
        "assets/stylesheets/pictures.css",  # org charts, the heat map, the decision aid
        "assets/stylesheets/reading.css",  # navigation, first screens, tables that fit, landing and compare views
    ),
}


@dataclass(frozen=True)
class Minified:
    """One minified file: its path in the site and its size before and after (bytes)."""

    path: str
    before: int
    after: int


def own_assets(source: Path = SOURCE) -> list[str]:
    """Paths (relative to the theme folder, so also to the site) of our CSS and JS, vendored files excluded."""
    return sorted(
        p.relative_to(source).as_posix()
        for p in (source / "assets").rglob("*")
        if p.suffix in _MINIFIERS and "vendor" not in p.relative_to(source).parts
    )


def bundle_site(site_dir: Path, source: Path = SOURCE, bundles: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """Write each bundle into `site_dir` from its sources and drop the parts' own copies; return the bundles."""
    written = []
    for target, parts in (BUNDLES if bundles is None else bundles).items():
        missing = [part for part in parts if not (source / part).is_file()]
        if missing:
            raise FileNotFoundError(f"bundle {target}: no source file {', '.join(missing)} under {source}")
        text = "\n".join((source / part).read_text(encoding="utf-8") for part in parts)
        for part in parts:
            (site_dir / part).unlink(missing_ok=True)
        (site_dir / target).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / target).write_text(text, encoding="utf-8")
        written.append(target)
    return written


def minify_site(site_dir: Path, source: Path = SOURCE, bundles: dict[str, tuple[str, ...]] | None = None) -> list[Minified]:
    """Bundle, then minify, in `site_dir`, each of our assets the build put there; return what changed."""
    bundle_site(site_dir, source, bundles)
    done = []
    for rel in own_assets(source):
        target = site_dir / rel
        if not target.is_file():
            continue
        original = target.read_text(encoding="utf-8")
        small = _MINIFIERS[target.suffix](original).strip() + "\n"
        if len(small) < len(original):
            target.write_text(small, encoding="utf-8")
        done.append(Minified(rel, len(original.encode()), len(small.encode())))
    return done


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python -m scripts.pipeline.minify SITE_DIR", file=sys.stderr)
        return 2
    for item in minify_site(Path(args[0])):
        print(f"{item.path}: {item.before} -> {item.after} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
