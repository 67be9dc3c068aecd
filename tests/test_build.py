"""Build tests: the real site built with --strict, then read as HTML; and data that tries to inject."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from scripts.pipeline.model import split_source
from tests.conftest import DATA, DATA_REL, dataset, mkdocs_build, parsed

data = dataset()


def page(site: Path, path: str) -> BeautifulSoup:
    return parsed(site / path)


def full_table(site: Path) -> BeautifulSoup:
    """The full comparison table: the compare view's table of every model on every dimension."""
    view = page(site, "compare/index.html").find(id="compare")
    assert view is not None, "the compare page has no compare view"
    table = view.find("table", class_="cmp")
    assert table is not None
    return table


def test_every_model_and_dimension_is_in_the_full_table(built_site: Path) -> None:
    table = full_table(built_site)
    heads = [th.get_text(" ", strip=True) for th in table.select("thead th[data-model]")]
    assert heads == [m.label for m in data.models]
    rows = [tr["data-dimension"] for tr in table.select("tbody tr[data-dimension]")]
    assert rows == [d.id for d in data.dimensions]
    for tr in table.select("tbody tr[data-dimension]"):
        dim = data.dimension(tr["data-dimension"])
        assert tr.select_one(".cmp-dim").get_text() == dim.label


def test_cells_match_the_data(built_site: Path) -> None:
    table = full_table(built_site)
    for pos in data.positions:
        cell = table.select_one(f'tr[data-dimension="{pos.dimension}"] td[data-model="{pos.model}"]')
        assert cell is not None, (pos.model, pos.dimension)
        assert cell["data-level"] == pos.level
        assert cell.select_one(".lvl").get_text() == data.level(pos.level).label
        why = cell.select_one(".cmp-why")
        if why is not None:  # compact tables carry the rationale elsewhere
            assert why.get_text() == " ".join(pos.rationale.split())
        # A citation of one piece of evidence ('talk#churn') shows its reference's number, then a quote card.
        cited = [(a.select_one(".cite-n") or a).get_text() for a in cell.select("sup.cite a")]
        # Two pieces of one reference in one marker are told apart by a letter: [15a][15b].
        refs = [split_source(s)[0] for s in dict.fromkeys(pos.sources)]
        expected, seen = [], {}
        for ref in refs:
            seen[ref] = seen.get(ref, 0) + 1
            letter = chr(ord("a") + seen[ref] - 1) if refs.count(ref) > 1 else ""
            expected.append(f"[{data.ref_number(ref)}{letter}]")
        assert cited == expected


def test_citations_link_to_existing_reference_anchors(built_site: Path) -> None:
    refs = page(built_site, "references/index.html")
    entries = {li["id"] for li in refs.select("ol.references > li")}
    assert entries == {f"ref-{r.id}" for r in data.references}
    pieces = {li["id"] for li in refs.select("ol.references ul.ref-evidence > li")}
    assert pieces == {f"ref-{r.id}--{e.id}" for r in data.references for e in r.evidence}
    anchors = entries | pieces
    home = page(built_site, "index.html")
    links = home.select("sup.cite a")
    assert links
    for a in links:
        target = a["href"].split("#", 1)
        assert target[0] == "references/" and target[1] in anchors


def test_glossary_lists_every_term(built_site: Path) -> None:
    terms = [dt.get_text() for dt in page(built_site, "glossary/index.html").select("dl.glossary dt")]
    assert sorted(terms, key=str.lower) == sorted((t.term for t in data.glossary), key=str.lower)


def test_no_external_assets_and_system_fonts(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    home = page(built_site, "index.html")
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
        for el in home.find_all(tag):
            url = el.get(attribute) or ""
            if tag == "link" and el.get("rel") not in (["stylesheet"], ["icon"], ["preload"], ["modulepreload"]):
                continue
            assert not url.startswith(("http:", "https:", "//")), url


def test_data_file_and_schema_are_published(built_site: Path) -> None:
    assert (built_site / "data" / "organisation-models.yaml").read_bytes() == DATA.read_bytes()
    assert (built_site / "data" / "organisation-models.schema.json").is_file()
    first = DATA.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./organisation-models.schema.json"


def test_footer_states_the_licences(built_site: Path) -> None:
    footer = page(built_site, "index.html").select_one("footer").get_text(" ", strip=True)
    assert "CC BY 4.0" in footer and "MIT" in footer


# ---- injection -----------------------------------------------------------------------

PAYLOADS = {
    "script": "<script>window.__injected = 1</script>",
    "jinja": "{{ config.site_name }} {% if true %}jinja{% endif %}",
    "markdown": "a | b *star* _under_ <!-- comment",
}


def test_data_text_cannot_inject(project_copy: Path, tmp_path: Path) -> None:
    """Values with markup, template and Markdown syntax appear as literal text in the built HTML."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    target = project_copy / DATA_REL
    tree = yaml.load(target.read_text(encoding="utf-8"))
    tree["models"][0]["label"] = PAYLOADS["script"]
    tree["positions"][0]["rationale"] = PAYLOADS["jinja"]
    tree["positions"][1]["rationale"] = PAYLOADS["markdown"]
    with target.open("w", encoding="utf-8") as fh:
        yaml.dump(tree, fh)
    out = tmp_path / "site"
    result = mkdocs_build(project_copy, out)
    assert result.returncode == 0, result.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "window.__injected = 1</script>" not in html
    assert "<!-- comment" not in html
    table = full_table(out)
    first = tree["positions"][0]
    second = tree["positions"][1]
    head = table.select_one(f'thead th[data-model="{tree["models"][0]["id"]}"]').get_text()
    assert head == PAYLOADS["script"]
    for pos, payload in ((first, PAYLOADS["jinja"]), (second, PAYLOADS["markdown"])):
        cell = table.select_one(f'tr[data-dimension="{pos["dimension"]}"] td[data-model="{pos["model"]}"]')
        why = cell.select_one(".cmp-why")
        shown = why.get_text() if why is not None else cell.get("title", "")
        assert shown == payload
    assert table.find("em") is None and table.find("strong") is None


def test_glossary_terms_are_tooltips_in_prose(built_site: Path) -> None:
    """A glossary term used in a page's prose carries its definition as a tooltip."""
    seen = {}
    for html_file in built_site.rglob("*.html"):
        for abbr in BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser").select("article abbr[title]"):
            seen[abbr.get_text()] = abbr["title"]
    assert seen, "no glossary tooltip on any page"
    definitions = {t.term.lower(): " ".join(t.definition.split()) for t in data.glossary}
    for shown, title in seen.items():
        assert definitions[shown.lower()] == title


def test_published_site_does_not_load_the_offline_shim(built_site: Path) -> None:
    """The iframe-worker shim is for the file:// copy only; the published pages do without it."""
    for html_file in built_site.rglob("*.html"):
        assert "iframe-worker" not in html_file.read_text(encoding="utf-8"), html_file
