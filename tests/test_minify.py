"""Our CSS and JS reach readers minified (scripts/pipeline/minify.py), and still work (the browser tests use them)."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from pathlib import Path

import rcssmin

from scripts.pipeline.minify import BUNDLES, SOURCE, minify_site, own_assets


def test_own_assets_are_ours_only() -> None:
    assets = own_assets()
    assert "assets/javascripts/slides.js" in assets and "assets/stylesheets/pictures.css" in assets
    assert not any("vendor" in a for a in assets)
    assert all(a.endswith((".css", ".js")) for a in assets)


def test_the_built_site_serves_one_bundle_of_our_style_sheets(built_site: Path) -> None:
    bundled = {part for parts in BUNDLES.values() for part in parts}
    for target, parts in BUNDLES.items():
        served = (built_site / target).read_text(encoding="utf-8")
        for part in parts:
            # Every rule of every part is in the bundle (minified the same way), in the listed order.
            assert rcssmin.cssmin((SOURCE / part).read_text(encoding="utf-8")).strip() in served, part
        starts = [served.index(rcssmin.cssmin((SOURCE / p).read_text(encoding="utf-8")).strip()[:80]) for p in parts]
        assert starts == sorted(starts)
    for part in bundled - set(BUNDLES):
        assert not (built_site / part).exists(), f"{part} is in a bundle; its own copy should not be served"
    # Every page links the bundle and none links a part on its own.
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        if "assets/stylesheets/main." in text:
            assert "assets/stylesheets/site.css" in text, html
            assert "quality.css" not in text and "pictures.css" not in text, html


def test_the_built_site_serves_minified_copies(built_site: Path) -> None:
    bundled = {part for parts in BUNDLES.values() for part in parts} - set(BUNDLES)
    for rel in own_assets():
        if rel in bundled:
            continue
        source = "\n".join((SOURCE / p).read_text(encoding="utf-8") for p in BUNDLES.get(rel, (rel,)))
        served = (built_site / rel).read_text(encoding="utf-8")
        assert len(served) < len(source), rel
        assert "/*" not in served, f"{rel}: a comment survived"
        assert len(gzip.compress(served.encode())) < len(gzip.compress(source.encode())), rel
    # Vendored files stay as their authors shipped them.
    shim = "assets/javascripts/vendor/iframe-worker/shim.js"
    assert (built_site / shim).read_bytes() == (SOURCE / shim).read_bytes()


def test_minified_scripts_still_parse(built_site: Path) -> None:
    for rel in own_assets():
        if rel.endswith(".js"):
            result = subprocess.run(["node", "--check", str(built_site / rel)], capture_output=True, text=True)
            assert result.returncode == 0, f"{rel}: {result.stderr}"


def test_minify_keeps_strings_and_rules(tmp_path: Path) -> None:
    site = tmp_path / "site"
    source = tmp_path / "theme"
    (source / "assets" / "stylesheets").mkdir(parents=True)
    (source / "assets" / "javascripts").mkdir(parents=True)
    css = '/* note */\n.a  >  .b {\n  color : #fff ;\n  content: "  two  spaces ";\n}\n'
    js = "// note\nconst msg = `Slide ${ 1 }  of  2`; /* block */\nfunction f ( a ) {\n  return a + 1 ;\n}\n"
    (source / "assets/stylesheets/x.css").write_text(css, encoding="utf-8")
    (source / "assets/javascripts/x.js").write_text(js, encoding="utf-8")
    shutil.copytree(source / "assets", site / "assets")
    done = {m.path: m for m in minify_site(site, source, bundles={})}
    assert set(done) == {"assets/stylesheets/x.css", "assets/javascripts/x.js"}
    out_css = (site / "assets/stylesheets/x.css").read_text(encoding="utf-8")
    out_js = (site / "assets/javascripts/x.js").read_text(encoding="utf-8")
    assert '"  two  spaces "' in out_css and "note" not in out_css and re.search(r"\.a>\.b\{color:#fff;?", out_css)
    assert "`Slide ${ 1 }  of  2`" in out_js and "note" not in out_js and "block" not in out_js
    assert done["assets/javascripts/x.js"].after < done["assets/javascripts/x.js"].before


def test_the_theme_script_does_not_hold_up_the_first_paint(built_site: Path) -> None:
    """Every page loads the theme's bundle with `defer` (overrides/main.html), and the file exists."""
    pages = [p for p in built_site.rglob("*.html") if "assets/javascripts/bundle." in p.read_text(encoding="utf-8")]
    assert len(pages) >= 18
    for page in pages:
        tags = re.findall(r"<script\b[^>]*bundle\.[0-9a-f]+\.min\.js[^>]*>", page.read_text(encoding="utf-8"))
        assert len(tags) == 1 and " defer" in tags[0], (page, tags)
        src = re.search(r'src="([^"]+)"', tags[0]).group(1)
        # Relative on most pages, absolute under the site's path on the 404 page.
        assert (built_site / "assets" / src.split("/assets/", 1)[-1].removeprefix("assets/")).is_file(), (page, src)
