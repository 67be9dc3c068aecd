"""Edits a contributor makes to the data file, done on its text (so line numbers stay meaningful).

Used by the tests that add a model or a dimension to a copy of the data file and check the
messages (tests/test_data_errors.py) and the built site (tests/test_additions.py).
"""

from __future__ import annotations

from ruamel.yaml import YAML

from scripts.tools.contrib.scaffold import insert as _insert

NEW_MODEL = "guild-led"
NEW_MODEL_LABEL = "Guild-led test model"
NEW_DIMENSION = "meeting-load"
NEW_DIMENSION_LABEL = "Meeting load test dimension"


def ids(text: str, key: str) -> list[str]:
    return [item["id"] for item in YAML(typ="safe").load(text)[key]]


def add_model(text: str, *, positions: bool = True, chart: bool = True, weights: bool = True) -> str:
    """A new model entry, plus (unless told not to) its positions and org chart.

    `weights` is kept for existing callers and changes nothing: the decision aid computes every
    model's points from its positions, so a new model needs no edit under questions.
    """
    dimensions = ids(text, "dimensions")
    text = _insert(
        text,
        "models",
        f"""  - id: {NEW_MODEL}
    label: "{NEW_MODEL_LABEL}"
    family: hybrid
    summary: "A test model: scientists belong to guilds that set their priorities."
    structure: "Guild leads manage scientists who sit in product teams."
    strengths:
      - text: "A test strength."
        sources: [talk]
    weaknesses:
      - text: "A test weakness."
        sources: [talk]
    sources: [talk]
""",
    )
    if positions:
        block = "".join(
            f'  - model: {NEW_MODEL}\n    dimension: {dim}\n    level: medium\n    rationale: "Test rationale for {dim}."\n    sources: [talk]\n'
            for dim in dimensions
        )
        text = _insert(text, "positions", block)
    if chart:
        text = _insert(
            text,
            "org_charts",
            f"""  - model: {NEW_MODEL}
    description: "A guild lead manages scientists who work in a product team."
    teams:
      - {{id: guild-lead, label: "Guild lead", kind: leadership, row: 0}}
      - {{id: scientist, label: "ML scientist", kind: scientist, row: 1}}
    edges:
      - {{from: scientist, to: guild-lead, kind: reports-to}}
""",
        )
    del weights  # nothing to add: see the docstring
    return text


def add_dimension(text: str, *, positions: bool = True) -> str:
    """A new dimension in the first group, plus (unless told not to) a position for every model."""
    group = ids(text, "dimension_groups")[0]
    models = ids(text, "models")
    text = _insert(
        text,
        "dimensions",
        f"""  - id: {NEW_DIMENSION}
    group: {group}
    label: "{NEW_DIMENSION_LABEL}"
    question: "How many meetings does the model ask of scientists?"
    high_means: "Scientists spend much of the week in meetings."
    low_means: "Scientists rarely meet outside their own team."
    direction: worse
""",
    )
    if positions:
        block = "".join(
            f'  - model: {model}\n    dimension: {NEW_DIMENSION}\n    level: high\n    rationale: "Test rationale for {model}."\n    sources: [talk]\n'
            for model in models
        )
        text = _insert(text, "positions", block)
    return text
