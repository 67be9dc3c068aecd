"""Unit tests of the org charts, the heat map and the decision aid (scripts/pipeline/render/diagrams.py, heatmap.py, decide.py),
and of the loader's cross-checks for their parts of the data file."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.pipeline.loader import SCHEMA_FILE, DataError, load
from scripts.pipeline.model import Answer, Dataset, Edge, OrgChart, Question, Team, TeamGroup
from scripts.pipeline.render import decide, diagrams, heatmap
from tests.conftest import DATA, DATA_REL, dataset, line_of

SVG = "{http://www.w3.org/2000/svg}"
PAYLOAD = "<script>alert(1)</script> & {{ x }} </svg> \"q\" 'a' *b* _c_"
data = dataset()


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def svg_tree(model_id: str, dataset: Dataset = data) -> ET.Element:
    """The chart's <svg>, parsed as XML (fails on anything not well-formed)."""
    return ET.fromstring(diagrams.svg(dataset.org_chart(model_id), dataset.model(model_id), f"oc-{model_id}"))


def by_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [e for e in root.iter() if cls in (e.get("class") or "").split()]


# ============================================================================
# Org charts
# ============================================================================


@pytest.mark.parametrize("model_id", [m.id for m in data.models])
def test_chart_is_well_formed_svg_with_one_node_per_team_and_one_edge_per_relation(model_id: str) -> None:
    chart = data.org_chart(model_id)
    root = svg_tree(model_id)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    nodes = by_class(root, "oc-node")
    assert [n.get("data-team") for n in nodes] == [t.id for t in chart.teams]
    edges = by_class(root, "oc-edge")
    assert [(e.get("data-from"), e.get("data-to"), e.get("data-kind")) for e in edges] == [
        (e.source, e.target, e.kind) for e in chart.edges
    ]
    assert len(by_class(root, "oc-frame")) == len(chart.groups)
    # Accessible name and description come from the data, and are what aria-labelledby points at.
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert data.model(model_id).label in title.text
    assert desc.text == chart.description
    # Every team's words are real text in its box.
    for node, team in zip(nodes, chart.teams, strict=True):
        words = " ".join("".join(t.itertext()) for t in node.iter(f"{SVG}text"))
        assert " ".join(words.split()) == " ".join(filter(None, [team.label, team.note]))


CSS = (Path(__file__).resolve().parents[1] / "overrides" / "assets" / "stylesheets" / "pictures.css").read_text(encoding="utf-8")


def css_widths(cls: str) -> tuple[float, float]:
    """(min-width, max-width) in px of the pictures.css rule for `.oc-svg.<cls>`."""
    rule = re.search(r"\.oc-svg\." + re.escape(cls) + r" \{ min-width: (\d+)px; max-width: (\d+)px; \}", CSS)
    assert rule, f"pictures.css has no size rule for .{cls}"
    return float(rule.group(1)), float(rule.group(2))


@pytest.mark.parametrize("model_id", [m.id for m in data.models])
def test_chart_text_is_never_smaller_than_12px(model_id: str) -> None:
    """At its smallest (the CSS min-width), the SVG is scaled by min-width / width; every font size times that is >= 12."""
    root = svg_tree(model_id)
    width = float(root.get("width"))
    size = next(c for c in root.get("class").split() if c.startswith("oc-w"))
    min_width, max_width = css_widths(size)
    assert max_width == round(width)
    sizes = [float(t.get("font-size")) for t in root.iter(f"{SVG}text")]
    assert sizes and min(sizes) * min_width / width >= 12


def test_the_stylesheet_has_the_size_rule_of_every_possible_chart_width() -> None:
    """Every width a valid data file can produce (columns 0 to the schema's maximum) has its rule, with the right numbers."""
    schema_max = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["properties"]["org_charts"]["items"]["properties"]["teams"][
        "items"
    ]["properties"]["col"]["maximum"]
    assert diagrams.MAX_SPAN == schema_max
    for rule in diagrams.size_rules():
        assert rule in CSS
    for half in range(0, 2 * schema_max + 1):
        width = diagrams.width_for_span(half / 2)
        min_width, _ = css_widths(diagrams.size_class(width))
        assert diagrams.NOTE_FONT * min_width / width >= 12 > diagrams.NOTE_FONT * (min_width - 1) / width


@pytest.mark.parametrize("model_id", [m.id for m in data.models])
def test_chart_layout_keeps_boxes_apart_and_arrows_off_other_boxes(model_id: str) -> None:
    chart = data.org_chart(model_id)
    lay = diagrams.layout(chart)
    boxes = list(lay.boxes.values())
    for i, a in enumerate(boxes):
        assert 0 <= a.x and a.x + a.w <= lay.width and 0 <= a.y and a.bottom <= lay.height
        for b in boxes[i + 1 :]:
            apart = a.x + a.w <= b.x or b.x + b.w <= a.x or a.bottom <= b.y or b.bottom <= a.y
            assert apart, f"{a.team.id} overlaps {b.team.id}"
    for edge, points in lay.paths:
        assert not diagrams._crosses(points, lay.boxes, {edge.source, edge.target}), f"{edge} runs through a box"
    for group, (_, x, y, w, h) in zip(chart.groups, lay.frames, strict=True):
        for member in group.members:
            box = lay.boxes[member]
            assert x < box.x and box.x + box.w < x + w and y < box.y and box.bottom < y + h


def test_long_labels_wrap_inside_their_box() -> None:
    lines = diagrams.wrap("a very long team name that cannot fit on one line", 132, 15, bold=True)
    assert len(lines) > 1
    assert all(diagrams.text_width(line, 15, bold=True) <= 132 for line in lines)


def _payload_dataset() -> Dataset:
    """The real data with one chart whose every text is an injection attempt."""
    chart = OrgChart(
        "centralised",
        PAYLOAD,
        (Team("a", PAYLOAD, "science", 0, None, PAYLOAD), Team("b", "B & co", "product", 1)),
        (Edge("a", "b", "delivers", PAYLOAD),),
        (TeamGroup("g", PAYLOAD, ("b",)),),
    )
    model = replace(data.model("centralised"), label=PAYLOAD)
    return replace(
        data,
        models=(model, *data.models[1:]),
        org_charts=(chart, *data.org_charts[1:]),
    )


def test_chart_escapes_every_text_from_the_data() -> None:
    dataset = _payload_dataset()
    root = svg_tree("centralised", dataset)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert root.find(f"{SVG}desc").text == " ".join(PAYLOAD.split())
    labels = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert any(PAYLOAD.split()[0] in label for label in labels)
    raw = diagrams.org_diagram(dataset, "centralised")
    assert not soup(raw).find("script")
    # Raw output: no Jinja or Markdown syntax, and the payload's '</svg>' cannot end the picture early.
    assert "{{" not in raw and "*b*" not in raw and raw.count("</svg>") == 1 + raw.count("oc-swatch")


def test_chart_in_words_lists_every_relation_and_names_teams_by_their_frame() -> None:
    figure = soup(diagrams.org_diagram(data, "embedded"))
    items = [li.get_text() for li in figure.select(".oc-words li")]
    assert len(items) == len(data.org_chart("embedded").edges)
    assert "ML scientist in Feature team A reports to Team manager in Feature team A." in items


# ============================================================================
# Heat map
# ============================================================================


def test_heatmap_has_one_cell_per_model_and_dimension_with_level_text_and_rationale() -> None:
    html = soup(heatmap.heatmap(data))
    cells = html.select("td.hm-cell")
    assert len(cells) == len(data.models) * len(data.dimensions)
    assert {(c["data-model"], c["data-dimension"]) for c in cells} == {(m.id, d.id) for m in data.models for d in data.dimensions}
    ids = [e["id"] for e in html.select("[id]")]
    assert len(ids) == len(set(ids))
    for cell in cells:
        pos = data.position(cell["data-model"], cell["data-dimension"])
        value = cell.select_one(".hm-val")
        assert value.get_text() == data.level(pos.level).label  # level as text, not colour alone
        assert f"hm-{data.level(pos.level).value}" in cell["class"]
        assert value["tabindex"] == "0"
        tip = html.find(id=value["aria-describedby"])
        assert tip is not None and pos.rationale in tip.get_text()
    # The no-JS, no-hover fallback lists every rationale as text.
    fallback = html.select_one("details.hm-text").get_text()
    assert all(p.rationale in fallback for p in data.positions)
    assert [th["data-model"] for th in html.select("thead th[data-model]")] == [m.id for m in data.models]


def test_heatmap_escapes_rationales() -> None:
    pos = replace(data.positions[0], rationale=PAYLOAD)
    dataset = replace(data, positions=(pos, *data.positions[1:]))
    html = soup(heatmap.heatmap(dataset))
    assert not html.find("script")
    assert PAYLOAD.split()[0] in html.select_one("td.hm-cell .hm-tip").get_text()


# ============================================================================
# Decision aid
# ============================================================================


def links(model_id: str) -> list[tuple[str, str]]:
    return [("Deep dive", f"../{model_id}/"), ("Risks", f"../{model_id}/#risks")]


def aid(dataset: Dataset = data) -> BeautifulSoup:
    return soup(decide.decision_aid(dataset, lambda r: f"../references/#ref-{r}", links, "../assets/javascripts/decide.js"))


def test_decision_aid_has_a_labelled_control_per_answer_in_a_fieldset_per_question() -> None:
    html = aid()
    fieldsets = html.select("fieldset.decide-q")
    assert [f["data-question"] for f in fieldsets] == [q.id for q in data.questions]
    for fieldset, question in zip(fieldsets, data.questions, strict=True):
        assert question.text in fieldset.legend.get_text()
        radios = fieldset.select('input[type="radio"]')
        assert {r["name"] for r in radios} == {question.id}
        assert [r["value"] for r in radios] == [a.id for a in question.answers] + [""]  # plus "not sure"
        for radio in radios:
            label = html.find("label", attrs={"for": radio["id"]})
            assert label is not None and label.get_text().strip()
        for answer in question.answers:
            label = html.find("label", attrs={"for": f"q-{question.id}-{answer.id}"})
            assert label.get_text() == answer.label
        # The by-hand table: one row per answer, one cell per model, the weight as a signed number.
        for answer in question.answers:
            row = fieldset.select_one(f'tr[data-answer="{answer.id}"]')
            assert [int(td["data-weight"]) for td in row.select("td")] == [answer.weight(m.id) for m in data.models]
    assert html.select_one("[aria-live=polite]") is not None
    assert html.select_one("script[src]")["src"] == "../assets/javascripts/decide.js"


def test_embedded_json_is_the_data_and_cannot_close_its_script_block() -> None:
    question = replace(data.questions[0], text=PAYLOAD + " </script><script>alert(2)</script> \u2028")
    dataset = replace(data, questions=(question, *data.questions[1:]))
    html = decide.decision_aid(dataset, lambda r: r, links, "x.js")
    block = re.search(r'<script type="application/json" id="decide-data">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "\u2028" not in block
    parsed = json.loads(block)
    assert parsed == json.loads(json.dumps(decide.script_data(dataset, links)))
    assert parsed["questions"][0]["text"] == question.text
    assert len(soup(html).find_all("script")) == 2


def test_ranking_adds_the_weights_of_the_answers_and_shows_ties_as_ties() -> None:
    models = data.models[:3]
    q1 = Question(
        "q1",
        "Q1?",
        "h",
        ("standards",),
        "r",
        ("talk",),
        (
            Answer("x", "X", (), tuple((m.id, w) for m, w in zip(models, (2, -1, 2), strict=True))),
            Answer("y", "Y", (), tuple((m.id, w) for m, w in zip(models, (-2, 1, 0), strict=True))),
        ),
    )
    q2 = Question(
        "q2",
        "Q2?",
        "h",
        ("standards",),
        "r",
        ("talk",),
        (Answer("z", "Z", (), tuple((m.id, w) for m, w in zip(models, (0, 2, 1), strict=True))),),
    )
    small = replace(data, models=models, questions=(q1, q2), org_charts=())
    a, b, c = (m.id for m in models)
    by_name = sorted((a, b, c), key=lambda i: small.model(i).label)
    assert decide.ranking(small, {}) == [(m, 0) for m in by_name]
    assert decide.places(small, {}) == {a: 1, b: 1, c: 1}
    tied = sorted((a, c), key=lambda i: small.model(i).label)
    assert decide.ranking(small, {"q1": "x"}) == [(tied[0], 2), (tied[1], 2), (b, -1)]
    assert decide.places(small, {"q1": "x"}) == {a: 1, c: 1, b: 3}
    assert decide.ranking(small, {"q1": "x", "q2": "z"}) == [(c, 3), (a, 2), (b, 1)]
    assert decide.ranking(small, {"q1": "y", "q2": "z"}) == [(b, 3), (c, 1), (a, -2)]
    # The order of the models in the data file never decides a tie.
    flipped = replace(small, models=tuple(reversed(models)))
    for answers in ({}, {"q1": "x"}, {"q1": "x", "q2": "z"}):
        assert decide.ranking(flipped, answers) == decide.ranking(small, answers)
        assert decide.places(flipped, answers) == decide.places(small, answers)
    # Unknown questions or answers (a tampered address) count nothing.
    assert decide.ranking(small, {"q1": "nope", "q9": "x"}) == [(m, 0) for m in by_name]


def test_the_page_states_the_computed_range_of_points() -> None:
    lo, hi = decide.weight_range(data)
    weights = [w for q in data.questions for a in q.answers for _, w in a.weights]
    assert (lo, hi) == (min(weights), max(weights))
    how = aid().select_one("#decide-how").get_text()
    assert f"between {decide._signed(lo)} and {decide._signed(hi)} points" in how
    strength = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["$defs"]["strength"]
    assert (strength["minimum"], strength["maximum"]) == (-6, 6)


def test_questions_cover_the_brief() -> None:
    """8 to 12 questions, every answer weighs every model, and each answer set can change the winner."""
    assert 8 <= len(data.questions) <= 12
    for question in data.questions:
        for answer in question.answers:
            assert [m for m, _ in answer.weights] == list(data.ids("models"))
    winners = set()
    for pick in (0, -1):
        answers = {q.id: q.answers[pick].id for q in data.questions}
        winners.add(decide.ranking(data, answers)[0][0])
    assert len(winners) == 2, "the first answers and the last answers should favour different models"


# ============================================================================
# Loader: the new parts of the data file, broken one way at a time
# ============================================================================

TEXT = DATA.read_text(encoding="utf-8")
CHARTS = TEXT.index("\norg_charts:")
QUESTIONS = TEXT.index("\nquestions:")

BROKEN = [
    # (name, old text, new text, search from, text on the reported line, key path, words)
    (
        "edge-to-unknown-team",
        "      - {from: core, to: science-lead, kind: reports-to}",
        "      - {from: core, to: science-leed, kind: reports-to}",
        CHARTS,
        "science-leed",
        "org_charts[0].edges[0].to",
        ("'science-leed'", "Did you mean 'science-lead'?"),
    ),
    (
        "chart-for-unknown-model",
        "  - model: embedded\n    description:",
        "  - model: embedded-model\n    description:",
        CHARTS,
        "  - model: embedded-model",
        "org_charts[1].model",
        ("'embedded-model'", "Did you mean 'embedded'?"),
    ),
    (
        "group-member-unknown",
        "members: [manager-a, scientist-a]",
        "members: [manager-a, scientist-z]",
        CHARTS,
        "scientist-z",
        "org_charts[1].groups[0].members[1]",
        ("'scientist-z'", "a team of this chart"),
    ),
    (
        "duplicate-team-id",
        '      - {id: product-lead, label: "Product leadership", kind: leadership, row: 0, col: 2}',
        '      - {id: science-lead, label: "Product leadership", kind: leadership, row: 0, col: 2}',
        CHARTS,
        '      - {id: science-lead, label: "Product leadership"',
        "org_charts[0].teams[1].id",
        ("a second time",),
    ),
    (
        "two-teams-in-one-place",
        '{id: product-lead, label: "Product leadership", kind: leadership, row: 0, col: 2}',
        '{id: product-lead, label: "Product leadership", kind: leadership, row: 0, col: 0}',
        CHARTS,
        'label: "Product leadership", kind: leadership, row: 0, col: 0',
        "org_charts[0].teams[1].col",
        ("same row and column",),
    ),
    (
        "unknown-edge-kind",
        "      - {from: core, to: science-lead, kind: reports-to}",
        "      - {from: core, to: science-lead, kind: reports}",
        CHARTS,
        "kind: reports}",
        "org_charts[0].edges[0].kind",
        ("'reports'", "reports-to"),
    ),
    (
        "wants-an-unknown-dimension",
        "        wants: {coordination-cost: -3, adaptability: 3}",
        "        wants: {coordination-cost: -3, adaptabilty: 3}",
        QUESTIONS,
        "adaptabilty: 3",
        "questions[0].answers[0].wants.adaptabilty",
        ("dimension 'adaptabilty', which the question does not name", "Did you mean 'adaptability'?"),
    ),
    (
        "strength-out-of-range",
        "        wants: {coordination-cost: -3, adaptability: 3}",
        "        wants: {coordination-cost: -3, adaptability: 7}",
        QUESTIONS,
        "adaptability: 7",
        "questions[0].answers[0].wants.adaptability",
        ("7", "maximum of 6"),
    ),
    (
        "question-on-unknown-dimension",
        "    dimensions: [coordination-cost, adaptability, platform-reuse, duplicated-effort]",
        "    dimensions: [coordination-cost, adaptability, platform-reuse, duplicated-efort]",
        QUESTIONS,
        "duplicated-efort",
        "questions[0].dimensions[3]",
        ("Did you mean 'duplicated-effort'?",),
    ),
    (
        "exception-for-unknown-model",
        "          - model: hybrid\n            points: 2",
        "          - model: hybrd\n            points: 2",
        QUESTIONS,
        "model: hybrd",
        "questions[10].answers[1].exceptions[0].model",
        ("Did you mean 'hybrid'?",),
    ),
    (
        "duplicate-answer-id",
        "      - id: a-handful\n",
        "      - id: one-or-two\n",
        QUESTIONS,
        '      - id: one-or-two\n        label: "Three',
        "questions[0].answers[1].id",
        ("a second time",),
    ),
]


@pytest.mark.parametrize("case", BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_pictures_data_names_file_line_and_key_path(case: tuple, tmp_path: Path) -> None:
    name, old, new, start, on_line, path, words = case
    at = TEXT.index(old, start)
    broken = TEXT[:at] + new + TEXT[at + len(old) :]
    target = tmp_path / "organisation-models.yaml"
    target.write_text(broken, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(target, SCHEMA_FILE, display=DATA_REL)
    report = err.value.report()
    expected = f"{DATA_REL}:{line_of(broken, on_line, start)}: {path}:"
    assert expected in report, report
    for word in words:
        assert word in report, report


def test_a_model_without_chart_is_reported_at_the_model_and_needs_no_weights(tmp_path: Path) -> None:
    """Adding a model with positions but no chart: one message, at the model's id. Its points are computed."""
    at = TEXT.index("\npositions:")
    block = TEXT[TEXT.index("  - id: matrix\n") : at]
    added = TEXT[:at] + "\n" + block.replace("id: matrix", "id: matrix-two").rstrip("\n") + TEXT[at:]
    positions = "".join(
        f'  - model: matrix-two\n    dimension: {d.id}\n    level: medium\n    rationale: "r"\n    sources: [talk]\n'
        for d in data.dimensions
    )
    cut = added.index("\ncase_studies:")
    added = added[:cut] + "\n" + positions + added[cut:]
    path = tmp_path / "organisation-models.yaml"
    path.write_text(added, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(path, SCHEMA_FILE, display=DATA_REL)
    report = err.value.report()
    assert "no org chart for model 'matrix-two'" in report
    assert "an entry under org_charts with model: matrix-two" in report
    assert len(err.value.problems) == 1
    assert all(p.path == f"models[{len(data.models)}].id" for p in err.value.problems)
