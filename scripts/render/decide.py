"""The decision aid "Which model fits us?": the scoring rule, and the form that asks the questions.

Scoring (the same rule as overrides/assets/javascripts/decide.js, tested against it): every
answered question adds the chosen answer's weight for each model; the highest total fits
best; ties keep the models' order in the data file. `ranking()` is that rule as a pure
function of the data and the answers.

The form is plain HTML: one <fieldset>/<legend> per question, a labelled radio button per
answer plus "not sure", and under each question a table of the points every answer gives
every model, so readers without JavaScript can score by hand. The data the script needs
is embedded as JSON in a <script type="application/json"> block, escaped so that no text
from the data file can close the block.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from scripts.model import Dataset, Question
from scripts.render import RefHref, attr, text
from scripts.render.references import cite

# (link text, address) pairs for a model: its deep-dive page and sections.
ModelLinks = Callable[[str], Sequence[tuple[str, str]]]

WEIGHT_MIN, WEIGHT_MAX = -2, 2


# ============================================================================
# Scoring
# ============================================================================


def scores(data: Dataset, answers: Mapping[str, str]) -> dict[str, int]:
    """Total points per model for the answers given ({question id: answer id}); unknown ids count nothing."""
    totals = {m.id: 0 for m in data.models}
    for question in data.questions:
        answer = next((a for a in question.answers if a.id == answers.get(question.id)), None)
        if answer is None:
            continue
        for model_id in totals:
            totals[model_id] += answer.weight(model_id)
    return totals


def ranking(data: Dataset, answers: Mapping[str, str]) -> list[tuple[str, int]]:
    """(model id, points), best first; a tie keeps the data file's order of models."""
    totals = scores(data, answers)
    order = {m.id: n for n, m in enumerate(data.models)}
    return sorted(totals.items(), key=lambda item: (-item[1], order[item[0]]))


# ============================================================================
# Embedded data for the script
# ============================================================================


def json_for_script(value: Any) -> str:
    """JSON that is safe inside <script type="application/json">: no '<', '>' or '&' can end or break the block."""
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        raw = raw.replace(ch, esc)
    return raw


def script_data(data: Dataset, model_links: ModelLinks) -> dict[str, Any]:
    """Everything decide.js needs, taken from the data file: models, risks, questions and weights."""
    return {
        "weightRange": [WEIGHT_MIN, WEIGHT_MAX],
        "models": [
            {
                "id": m.id,
                "label": m.label,
                "links": [{"text": t, "href": h} for t, h in model_links(m.id)],
                "risks": [w.text for w in m.weaknesses],
            }
            for m in data.models
        ],
        "questions": [
            {
                "id": q.id,
                "text": q.text,
                "answers": [{"id": a.id, "label": a.label, "weights": dict(a.weights)} for a in q.answers],
            }
            for q in data.questions
        ],
    }


# ============================================================================
# The form
# ============================================================================


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else "0" if n == 0 else f"\u2212{-n}"


def _weights_table(data: Dataset, question: Question) -> str:
    """Points per answer and model, and the levels on the dimensions the points draw on."""
    head = "".join(f'<th scope="col" data-model="{attr(m.id)}">{text(m.label)}</th>' for m in data.models)
    rows = []
    for answer in question.answers:
        cells = "".join(
            f'<td data-model="{attr(m.id)}" data-weight="{answer.weight(m.id)}">{_signed(answer.weight(m.id))}</td>'
            for m in data.models
        )
        rows.append(f'<tr data-answer="{attr(answer.id)}"><th scope="row">{text(answer.label)}</th>{cells}</tr>')
    basis = []
    for dim_id in question.dimensions:
        dim = data.dimension(dim_id)
        cells = "".join(
            f'<td data-model="{attr(m.id)}">{text(data.level(data.position(m.id, dim_id).level).label)}</td>' for m in data.models
        )
        basis.append(f'<tr class="decide-basis"><th scope="row">Level on {text(dim.label.lower())}</th>{cells}</tr>')
    basis_head = (
        f'<tbody class="decide-basis-head"><tr><th scope="colgroup" colspan="{len(data.models) + 1}">'
        f"What the points draw on: each model's level in the comparison</th></tr>{''.join(basis)}</tbody>"
    )
    return (
        f'<div class="decide-table-scroll" tabindex="0">'
        f'<table class="decide-weights"><thead><tr><th scope="col">Answer</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody>{basis_head}</table></div>"
    )


def _question(data: Dataset, question: Question, n: int, total: int, ref_href: RefHref) -> str:
    """One question: legend, help, a labelled radio button per answer plus 'not sure', and how it scores."""
    qid = attr(question.id)
    options = []
    for answer in question.answers:
        control = f"q-{question.id}-{answer.id}"
        options.append(
            f'<div class="decide-option"><input type="radio" id="{attr(control)}" name="{qid}" value="{attr(answer.id)}">'
            f'<label for="{attr(control)}">{text(answer.label)}</label></div>'
        )
    skip = f"q-{question.id}--skip"
    options.append(
        f'<div class="decide-option decide-skip"><input type="radio" id="{attr(skip)}" name="{qid}" value="" checked>'
        f'<label for="{attr(skip)}">Not sure: leave this question out</label></div>'
    )
    return (
        f'<fieldset class="decide-q" id="q-{qid}" data-question="{qid}" aria-describedby="q-{qid}-help">'
        f'<legend><span class="decide-qn">Question {n} of {total}</span> {text(question.text)}</legend>'
        f'<p class="decide-help" id="q-{qid}-help">{text(question.help)}</p>'
        f'<div class="decide-options">{"".join(options)}</div>'
        f'<details class="decide-why"><summary>How this question scores</summary>'
        f"<p>{text(question.rationale)}{cite(data, question.sources, ref_href)}</p>"
        f"{_weights_table(data, question)}</details></fieldset>"
    )


def decision_aid(data: Dataset, ref_href: RefHref, model_links: ModelLinks, script_src: str) -> str:
    """The whole decision aid: instructions, the questions, the (script-filled) result and the embedded data."""
    total = len(data.questions)
    questions = "".join(_question(data, q, n, total, ref_href) for n, q in enumerate(data.questions, 1))
    return (
        f'<div class="decide" id="decide" data-questions="{total}" data-models="{len(data.models)}">'
        f'<div class="decide-how" id="decide-how">'
        f"<p><strong>How it works.</strong> Answer the questions that apply to you; leave the others on "
        f"&ldquo;not sure&rdquo;. Each answer gives every model between {_signed(WEIGHT_MIN)} and {_signed(WEIGHT_MAX)} points. "
        f"The model with the most points fits your answers best.</p>"
        f'<p class="decide-byhand"><strong>Scoring by hand</strong> (or without JavaScript): open &ldquo;How this question '
        f"scores&rdquo; under each question, note the points in the row of your answer for every model, and add up "
        f"each model&rsquo;s column over all your answers. The highest total fits best; on a tie, read both models&rsquo; pages.</p>"
        f'<p class="decide-js-note" hidden>As you answer, the ranking below updates and the page address keeps your answers, '
        f"so you can bookmark or share the result.</p></div>"
        f'<form class="decide-form" id="decide-form" aria-label="Questions about your organisation">{questions}'
        f'<div class="decide-actions" hidden><button type="submit" class="md-button md-button--primary" id="decide-show">Show my result</button> '
        f'<button type="button" class="md-button" id="decide-reset">Start over</button></div></form>'
        f'<section class="decide-result" id="decide-result" aria-labelledby="decide-result-title" hidden>'
        f'<p class="decide-result-title" id="decide-result-title" tabindex="-1"><strong>Your result</strong></p>'
        f'<p class="decide-status" id="decide-status" role="status" aria-live="polite"></p>'
        f'<ol class="decide-ranking" id="decide-ranking"></ol>'
        f'<div class="decide-risks" id="decide-risks"></div></section>'
        f'<script type="application/json" id="decide-data">{json_for_script(script_data(data, model_links))}</script>'
        f'<script src="{attr(script_src)}" defer></script></div>'
    )
