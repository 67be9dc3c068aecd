"""Unit tests of the pure renderers, on a small dataset made here."""

from __future__ import annotations

from bs4 import BeautifulSoup

from scripts.pipeline.model import Claim, Dataset, Dimension, DimensionGroup, Level, Model, Position, Reference, Term
from scripts.pipeline.render import attr, references as refs, tables, text

PAYLOAD = "<script>alert(1)</script> {{ x }} {% if %} a|b *c* _d_ <!-- e"


def small(label: str = "Central") -> Dataset:
    scale = tuple(
        Level(i, i.title(), f"{i} level", n) for n, i in enumerate(["very-low", "low", "medium", "high", "very-high"], 1)
    )
    models = tuple(
        Model(mid, lab, fam, f"{lab} summary", f"{lab} structure", (Claim("good", ("r1",)),), (Claim("bad", ("r2",)),), ("r1",))
        for mid, lab, fam in [("c", label, "centralised"), ("e", "Embedded", "embedded")]
    )
    dims = (Dimension("d1", "g1", "Dim one", "Q1?", "hi", "lo"), Dimension("d2", "g2", "Dim two", "Q2?", "hi", "lo"))
    positions = tuple(
        Position(m.id, d.id, "high" if m.id == "c" else "low", f"{m.id}-{d.id} because", ("r1", "r2"))
        for m in models
        for d in dims
    )
    references = (
        Reference(
            "r1", ("Ada Lovelace",), "Notes", "Journal", "paper", "Supports r1.", year=1843, url="https://example.org/a?b=1&c=2"
        ),
        Reference("r2", ("Talk Giver", "Co Speaker"), "The talk", "Workshop", "talk", "Supports r2.", page="about.md"),
    )
    return Dataset(
        scale,
        (DimensionGroup("g1", "Group one", "G1"), DimensionGroup("g2", "Group two", "G2")),
        dims,
        models,
        positions,
        (),
        (),
        (Term("t", "Term", "Def", ("r1",)),),
        references,
    )


def href(ref_id: str) -> str:
    return f"../references/#ref-{ref_id}"


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_text_escapes_html_and_markdown_and_jinja() -> None:
    out = text(PAYLOAD)
    for raw in ("<", "{{", "{%", "|", "*", "_"):
        assert raw not in out
    assert soup(out).get_text() == PAYLOAD


def test_attr_escapes_quotes() -> None:
    assert attr('say "hi" & <b>') == "say &quot;hi&quot; &amp; &lt;b&gt;"


def test_comparison_table_has_one_row_per_dimension_and_one_cell_per_model() -> None:
    data = small()
    table = soup(tables.comparison_table(data, href, data.models, data.dimensions))
    rows = table.select("tbody tr[data-dimension]")
    assert [r["data-dimension"] for r in rows] == ["d1", "d2"]
    for row in rows:
        cells = row.select("td")
        assert [c["data-model"] for c in cells] == ["c", "e"]
    cell = table.select_one('tr[data-dimension="d2"] td[data-model="e"]')
    assert cell["data-level"] == "low"
    assert cell.select_one(".cmp-why").get_text() == "e-d2 because"
    assert cell.select_one(".lvl").get_text() == "Low"  # level as text, not colour alone
    # group header rows only when more than one group is shown
    assert len(table.select("tr.cmp-group")) == 2
    one_group = soup(tables.comparison_table(data, href, data.models, data.dimensions[:1]))
    assert one_group.select("tr.cmp-group") == []


def test_comparison_table_compact_leaves_out_rationale() -> None:
    data = small()
    table = soup(tables.comparison_table(data, href, data.models, data.dimensions, rationale=False))
    assert table.select(".cmp-why") == []
    assert "cmp-compact" in table.select_one("table")["class"]


def test_cite_numbers_and_links() -> None:
    data = small()
    marker = soup(refs.cite(data, ["r2", "r1", "r2"], href))
    links = marker.select("a")
    assert [a.get_text() for a in links] == ["[2]", "[1]"]
    assert links[0]["href"] == "../references/#ref-r2"
    assert "The talk" in links[0]["title"]


def test_reference_list_entries_and_backlinks() -> None:
    data = small()
    out = soup(refs.reference_list(data, lambda src: f"../{src}", {"r1": [("Home <page>", "../")]}))
    items = out.select("li")
    assert [li["id"] for li in items] == ["ref-r1", "ref-r2"]
    assert items[0].select_one("a.ref-link")["href"] == "https://example.org/a?b=1&c=2"
    assert "Cited on: Home <page>" in items[0].get_text()
    assert items[1].select_one("a.ref-link")["href"] == "../about.md"  # a site page, for the talk


def test_data_text_is_escaped_in_every_renderer() -> None:
    data = small(label=PAYLOAD)
    model = data.model("c")
    for html in (
        tables.comparison_table(data, href, data.models, data.dimensions),
        tables.model_summary(data, href, model),
        tables.strengths_weaknesses(data, href, model),
    ):
        parsed = soup(html)
        assert parsed.find("script") is None
        assert PAYLOAD in parsed.get_text() or PAYLOAD.lower() in parsed.get_text()
        assert "{{" not in html and "{%" not in html


def test_glossary_sorted_with_anchors() -> None:
    out = soup(refs.glossary(small(), href))
    assert out.select_one("dt")["id"] == "term-t"


def test_abbreviations_cover_each_term_as_written_and_lower_case() -> None:
    abbrs = refs.abbreviations(small())
    assert abbrs == {"Term": "Def", "term": "Def"}
