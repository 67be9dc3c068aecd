"""What a contributor relies on: the data file reference, the downloads, the Contributing page,
edit links, last-updated dates, redirects and CITATION.cff.

Unit tests pair an input with its output; build tests read the session's strict build; one test
builds a copy of the project without git history, as a download or an export would be.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from scripts.pipeline import pages
from scripts.pipeline.loader import SCHEMA_FILE
from scripts.pipeline.render import downloads, include, schema_doc
from scripts.tools.quality.site_pages import html_files
from tests.conftest import DATA, ROOT, CopyBuild, dataset, parsed, run

data = dataset()
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
CONFIG = YAML(typ="rt").load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))  # round-trip: keeps !ENV tags as they are
EDIT_URI: str = CONFIG["edit_uri"]
EDIT_LINK = 'a.md-content__button[title="Edit this page"]'


def soup_of(site: Path, rel: str) -> BeautifulSoup:
    return parsed(site / rel)


def is_redirect(site: Path, rel: Path) -> bool:
    return 'http-equiv="refresh"' in (site / rel).read_text(encoding="utf-8")[:600]


# ============================================================================
# The data file reference (scripts/pipeline/render/schema_doc.py)
# ============================================================================

TOY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A toy data file.",
    "additionalProperties": False,
    "required": ["items"],
    "properties": {
        "version": {"const": 2, "description": "Format version."},
        "items": {
            "type": "array",
            "minItems": 1,
            "description": "The items.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "colour"],
                "properties": {
                    "id": {"$ref": "#/$defs/id"},
                    "colour": {"enum": ["red", "green"], "description": "Its colour."},
                    "size": {"type": "integer", "minimum": 1, "maximum": 9},
                    "tags": {"type": "array", "uniqueItems": True, "items": {"type": "string", "pattern": "^[a-z]+$"}},
                    "parts": {
                        "type": "array",
                        "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
                    },
                    "scores": {
                        "type": "object",
                        "propertyNames": {"$ref": "#/$defs/id"},
                        "additionalProperties": {"type": "integer"},
                    },
                    "odd": {"type": "string", "if": {"minLength": 3}, "then": {"maxLength": 5}},
                    "link": {"type": "string", "examples": ["https://example.org"]},
                },
                "oneOf": [{"required": ["size"]}, {"required": ["tags"]}],
            },
        },
        "loop": {"$ref": "#/$defs/loop"},
    },
    "$defs": {
        "id": {"type": "string", "pattern": "^[a-z0-9-]+$", "description": "An id <in kebab-case>."},
        "loop": {"type": "object", "properties": {"next": {"$ref": "#/$defs/loop"}}},
    },
}
TOY_DATA = {
    "version": 2,
    "items": [{"id": "first", "colour": "red", "size": 3, "parts": [{"name": "wheel"}], "scores": {"a": 1}}],
}


def rows(html: str) -> dict[str, list[str]]:
    """{field path: [type, required, allowed values, description, example]} of every table row with a data-field."""
    soup = BeautifulSoup(html, "html.parser")
    return {
        tr["data-field"]: [td.get_text(" ", strip=True) for td in tr.find_all("td")[1:]] for tr in soup.select("tr[data-field]")
    }


def test_schema_doc_lists_every_field_with_type_required_rules_description_and_example() -> None:
    html = schema_doc.schema_reference(TOY_SCHEMA, TOY_DATA)
    table = rows(html)
    # The loop type contains itself: its field is listed once, not forever.
    assert list(table) == ["id", "colour", "size", "tags", "parts", "parts[].name", "scores", "odd", "link", "next"]
    assert table["id"] == ["id (text)", "required", "matches ^[a-z0-9-]+$", "An id <in kebab-case>.", "first"]
    assert table["colour"] == ["text", "required", "one of: red , green", "Its colour.", "red"]
    assert table["size"][:3] == ["whole number", "optional", "from 1 to 9"]
    assert table["tags"][0:3] == ["list of texts", "optional", "no item twice; each item: matches ^[a-z]+$"]
    assert table["parts"][0] == "list of mappings" and table["parts"][4] == "—"  # nested: shown in the entry example
    assert table["parts[].name"][4] == "wheel"
    assert table["scores"][2] == "each key: id (text); each value: whole number" and table["scores"][4] == "{a: 1}"
    assert table["link"][4] == '"https://example.org"'  # from the schema's examples: no item has a link
    # A keyword without words of its own is still shown, as JSON.
    assert 'if : {"minLength": 3}' in table["odd"][2] and 'then : {"maxLength": 5}' in table["odd"][2]
    text = BeautifulSoup(html, "html.parser").get_text(" ", strip=True)
    assert "Each entry: no other keys; exactly one of the keys size , tags ." in text
    assert "exactly 2" in text  # const


def test_schema_doc_escapes_schema_text_and_links_shared_types() -> None:
    html = schema_doc.schema_reference(TOY_SCHEMA, TOY_DATA)
    assert "<in kebab-case>" not in html and "&lt;in kebab-case&gt;" in html
    soup = BeautifulSoup(html, "html.parser")
    ids = {el["id"] for el in soup.select("[id]")} | set(re.findall(r"\{#([a-z0-9-]+)\}", html))
    links = {a["href"][1:] for a in soup.select('a[href^="#"]')}
    assert links and links <= ids, links - ids
    assert "type-id" in ids and "type-loop" in ids


def test_schema_doc_survives_a_broken_reference() -> None:
    broken = {"type": "object", "properties": {"x": {"$ref": "#/$defs/missing"}, "y": {"$ref": "other.json#/a"}}}
    soup = BeautifulSoup(schema_doc.schema_reference(broken, {}), "html.parser")
    assert [tr["data-section"] for tr in soup.select("tr[data-section]")] == ["x", "y"]


def _expected_fields(node: dict[str, Any], prefix: str = "", depth: int = 0) -> set[str]:
    """Every field path under an object schema, found independently of schema_doc (local $refs only)."""

    def resolve(n: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in n and depth < 10:
            n = {**SCHEMA["$defs"][n["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in n.items() if k != "$ref"}}
        return n

    out: set[str] = set()
    for key, sub in resolve(node).get("properties", {}).items():
        path = f"{prefix}.{key}" if prefix else key
        out.add(path)
        sub = resolve(sub)
        if sub.get("properties"):
            out |= _expected_fields(sub, path, depth + 1)
        items = resolve(sub.get("items", {})) if isinstance(sub.get("items"), dict) else {}
        if items.get("properties"):
            out |= _expected_fields(items, path + "[]", depth + 1)
    return out


def test_data_reference_page_shows_every_field_of_the_real_schema(built_site: Path) -> None:
    page = soup_of(built_site, "data-reference/index.html")
    for key, node in SCHEMA["properties"].items():
        heading = page.find(id=schema_doc.anchor(key))
        assert heading is not None and heading.name == "h2", key
        overview = page.select_one(f'tr[data-section="{key}"]')
        assert overview is not None, key
        items = node.get("items", {})
        expected = _expected_fields(items if items.get("properties") else node)
        if not expected:
            continue
        table = heading.find_next("table")
        shown = {tr["data-field"] for tr in table.select("tr[data-field]")}
        assert shown == expected, (key, expected ^ shown)
        required = {
            tr["data-field"] for tr in table.select("tr[data-field]") if tr.select_one(".sref-req").get_text() == "required"
        }
        assert {f for f in required if "." not in f and "[]" not in f} == set(items.get("required", node.get("required", [])))
    for name in SCHEMA["$defs"]:
        assert page.select_one(f"tr#type-{schema_doc.anchor(name)}") is not None, name
    ids = {el["id"] for el in page.select("[id]")}
    for a in page.select('article a[href^="#"]'):
        assert a["href"][1:] in ids, a["href"]


def test_data_reference_examples_come_from_the_data_file(built_site: Path) -> None:
    page = soup_of(built_site, "data-reference/index.html")
    label = page.find(id="models").find_next("table").select_one('tr[data-field="label"] td:last-child').get_text()
    assert label == f'"{data.models[0].label}"'
    # The example is YAML that reads back to the first reference as it stands in the data file.
    example = YAML(typ="safe").load(page.find(id="references").find_next("details").select_one("pre code").get_text())
    first = example["references"][0]
    assert first["id"] == data.references[0].id and first["title"] == data.references[0].title


# ============================================================================
# Downloads (scripts/pipeline/render/downloads.py), written by the build
# ============================================================================


def test_bibtex_escapes_latex_and_keeps_organisations_whole() -> None:
    assert (
        downloads.bib_escape("R&D 50% #1 a_b {x} $5 ~ ^") == r"R\&D 50\% \#1 a\_b \{x\} \$5 \textasciitilde{} \textasciicircum{}"
    )
    assert [
        downloads.is_organisation(n)
        for n in ("Amazon Science", "Wired UK", "Google PAIR (People + AI Research)", "AWS Executive Insights")
    ] == [True] * 4
    assert [
        downloads.is_organisation(n)
        for n in ("Melvin E. Conway", "D. Sculley", "Jean-François Crespo", "Helena Holmström Olsson")
    ] == [False] * 4
    assert downloads.bib_author("Amazon Science") == "{Amazon Science}"


def test_downloads_are_built_from_the_data_file(built_site: Path) -> None:
    exported = json.loads((built_site / downloads.DATA_JSON).read_text(encoding="utf-8"))
    plain = YAML(typ="safe").load(DATA.read_text(encoding="utf-8"))  # read by another YAML parser than ours
    assert exported == json.loads(json.dumps(plain, default=str))
    assert (built_site / downloads.DATA_YAML).read_bytes() == DATA.read_bytes()
    assert (built_site / downloads.DATA_SCHEMA).read_bytes() == SCHEMA_FILE.read_bytes()
    library = bibtexparser.parse_file(str(built_site / downloads.REFERENCES_BIB))
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == [r.id for r in data.references]
    for entry, ref in zip(library.entries, data.references, strict=True):
        fields = entry.fields_dict
        # LaTeX specials (&, #, ...) are escaped, everything else is the title as written
        assert fields["title"].value.strip("{}") == ref.title.replace("&", r"\&").replace("#", r"\#")
        assert fields["url"].value == (ref.url or CONFIG["site_url"] + pages.page_url(ref.page or ""))
        assert len(re.split(r"\s+and\s+", fields["author"].value)) == len(ref.authors)
        if ref.evidence:  # the quoted passages travel with the reference
            assert all(f"[{piece.id}]" in fields["annote"].value for piece in ref.evidence)


def test_download_links_resolve_on_the_data_reference_and_references_pages(built_site: Path) -> None:
    for rel in ("data-reference/index.html", "references/index.html"):
        links = soup_of(built_site, rel).select("ul.downloads a")
        targets = {(built_site / rel).parent.joinpath(a["href"]).resolve() for a in links}
        wanted = {(built_site / path).resolve() for path in downloads.known_downloads()}
        if rel.startswith("references"):
            wanted = {(built_site / downloads.REFERENCES_BIB).resolve()}
        assert targets >= wanted, (rel, wanted - targets)
        assert all(t.is_file() for t in targets)


# ============================================================================
# CONTRIBUTING.md as the Contributing page (scripts/pipeline/render/include.py)
# ============================================================================


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("docs/glossary.md#terms", "glossary.md#terms"),
        ("docs/data/organisation-models.yaml", "data/organisation-models.yaml"),
        ("mkdocs.yml", "https://github.com/o/r/blob/main/mkdocs.yml"),
        ("docs/", "https://github.com/o/r/blob/main/docs"),
        ("https://example.org/a.md", "https://example.org/a.md"),
        ("#local", "#local"),
    ],
)
def test_repository_links_are_rewritten_for_the_site(target: str, expected: str) -> None:
    assert (
        include.rewrite_target(target, "CONTRIBUTING.md", "contributing.md", "https://github.com/o/r/edit/main/docs/") == expected
    )


def test_links_inside_code_are_left_alone() -> None:
    markdown = "[a](docs/x.md) `[b](docs/y.md)`\n```\n[c](docs/z.md)\n```\n[d]: docs/w.md\n"
    out = include.repo_markdown(markdown, "CONTRIBUTING.md", "contributing.md", "https://g/o/r/edit/main/docs/")
    assert out == "[a](x.md) `[b](docs/y.md)`\n```\n[c](docs/z.md)\n```\n[d]: w.md\n"


def test_contributing_page_is_contributing_md(built_site: Path) -> None:
    markdown = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    page = soup_of(built_site, "contributing/index.html")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in page.select("article h1, article h2")]
    assert headings == [re.sub(r"`", "", h) for h in re.findall(r"^#{1,2} (.+)$", markdown, re.MULTILINE)]
    # The macro examples are shown as text, not run.
    code = " ".join(c.get_text() for c in page.select("article code"))
    assert '{{ cite("talk") }}' in code
    edit = page.select_one(EDIT_LINK)["href"]
    assert edit == include.edit_url(EDIT_URI, "CONTRIBUTING.md")
    assert page.select_one('a[title="View source of this page"]')["href"] == edit.replace("/edit/", "/raw/")


def test_every_page_links_to_its_own_source_file(built_site: Path) -> None:
    checked = 0
    for rel in html_files(built_site):
        if rel.name == "404.html" or is_redirect(built_site, rel):
            continue
        page = soup_of(built_site, rel.as_posix())
        if not page.select(".md-content"):
            continue  # the slide deck: a full-window layout without the site's frame
        edit = page.select_one(EDIT_LINK)
        assert edit is not None, rel
        repo_path = edit["href"].removeprefix(include.repo_root_url(EDIT_URI))
        assert (ROOT / repo_path).is_file(), (rel, edit["href"])
        checked += 1
    assert checked >= 10


# ============================================================================
# Last updated, redirects, citation
# ============================================================================


def _dates(site: Path) -> dict[str, str]:
    """{page: the 'last update' date it shows} for every content page."""
    out = {}
    for rel in html_files(site):
        if rel.name == "404.html" or is_redirect(site, rel):
            continue
        page = soup_of(site, rel.as_posix())
        if not page.select(".md-content"):
            continue  # the slide deck: a full-window layout without the site's frame
        date = page.select_one(".md-source-file .git-revision-date-localized-plugin")
        assert date is not None, f"{rel}: no last-updated date"
        out[rel.as_posix()] = date.get_text(strip=True)
    return out


def test_every_page_shows_when_its_file_last_changed_in_git(built_site: Path) -> None:
    dates = _dates(built_site)
    stamp = subprocess.run(
        ["git", "log", "-1", "--format=%at", "--", "docs/glossary.md"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    if stamp:  # committed: the page shows the commit's date (UTC), not the build's
        when = dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC)
        assert dates["glossary/index.html"] == f"{when:%B} {when.day}, {when.year}"


def test_a_build_without_git_history_uses_the_build_date(extended_build: CopyBuild) -> None:
    """A download or a fresh copy has no git history: every page then shows the build date, with no warning."""
    assert run(["git", "rev-parse", "--git-dir"], cwd=extended_build.project).returncode != 0
    assert "WARNING" not in extended_build.log
    today = dt.datetime.now(dt.UTC)
    assert set(_dates(extended_build.site).values()) <= {
        f"{d:%B} {d.day}, {d.year}" for d in (today, today - dt.timedelta(days=1))
    }


def test_the_old_address_of_a_moved_page_redirects_to_its_new_one(built_site: Path) -> None:
    redirects = next(p["redirects"]["redirect_maps"] for p in CONFIG["plugins"] if isinstance(p, dict) and "redirects" in p)
    assert redirects
    for old, new in redirects.items():
        stub = built_site / pages.page_url(old) / "index.html"
        page = soup_of(built_site, stub.relative_to(built_site).as_posix())
        refresh = page.select_one('meta[http-equiv="refresh"]')["content"]
        target = (stub.parent / refresh.split("url=", 1)[1]).resolve()
        assert target == (built_site / pages.page_url(new)).resolve()
        assert (target / "index.html").is_file()


def test_citation_cff_is_valid_and_points_at_the_site() -> None:
    result = run(
        [str(ROOT / ".venv" / "bin" / "check-jsonschema"), "--builtin-schema", "vendor.citation-file-format", "CITATION.cff"],
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    cff = YAML(typ="safe").load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["url"] == CONFIG["site_url"]
    assert cff["repository-code"] == include.repo_root_url(EDIT_URI).replace("/edit/main/", "").rstrip("/")


def test_the_data_file_names_its_schema_for_editors() -> None:
    first = DATA.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    assert (DATA.parent / match.group(1)).resolve() == SCHEMA_FILE.resolve()
