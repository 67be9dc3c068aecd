"""The decision aid "Which model fits us?": the scoring rule, and the form that asks the questions.

Scoring (the same rule as overrides/assets/javascripts/decide.js, tested against it): every
answered question adds the chosen answer's points for each model; the highest total fits
best. The points themselves are computed from the models' levels by one rule
(`scripts.pipeline.model.answer_weights`), never typed by hand. Models with equal totals share a
place: a tie is shown as a tie, never settled by the order of the data file (within a tie
the models are listed by name). `ranking()` and `places()` are that rule as pure functions.

`calibration()` scores every full answer set at build time: how often each model comes
first alone, how often the top is tied, and for each model the answer set where it leads
by most ("when this model comes first").

The form is plain HTML: one <fieldset>/<legend> per question, a labelled radio button per
answer plus "not sure", and under each question a table of the points every answer gives
every model, so readers without JavaScript can score by hand. The data the script needs
is embedded as JSON in a <script type="application/json"> block, escaped so that no text
from the data file can close the block.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import add
from pathlib import Path
from typing import Any

from scripts.pipeline.model import Answer, Dataset, Question
from scripts.pipeline.render import RefHref, attr, text
from scripts.pipeline.render.references import cite

# (link text, address) pairs for a model: its deep-dive page and sections.
ModelLinks = Callable[[str], Sequence[tuple[str, str]]]


def weight_range(data: Dataset) -> tuple[int, int]:
    """The lowest and highest points any answer gives any model (computed, so it follows the data)."""
    weights = [w for q in data.questions for a in q.answers for _, w in a.weights] or [0]
    return min(weights), max(weights)


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
    """(model id, points), best first; models with equal points are listed by name, never by file order."""
    totals = scores(data, answers)
    label = {m.id: m.label for m in data.models}
    return sorted(totals.items(), key=lambda item: (-item[1], label[item[0]]))


def places(data: Dataset, answers: Mapping[str, str]) -> dict[str, int]:
    """Each model's place (1 = best); models with equal points share a place, as in sports tables."""
    ranked = ranking(data, answers)
    out: dict[str, int] = {}
    for n, (model_id, points) in enumerate(ranked):
        out[model_id] = out[ranked[n - 1][0]] if n and ranked[n - 1][1] == points else n + 1
    return out


# ============================================================================
# Calibration over every full answer set
# ============================================================================


@dataclass(frozen=True)
class Calibration:
    """How the aid behaves over every full answer set (one answer to each question)."""

    total: int  # number of full answer sets counted
    first: Mapping[str, int]  # model id -> answer sets where it alone comes first
    tied: int  # answer sets whose top place is shared
    best_case: Mapping[str, tuple[Mapping[str, str], int] | None]  # model -> (answers, lead) where it leads most
    exact: bool = True  # False: too many sets to count, so a fixed random sample of them was scored

    def share(self, model_id: str) -> float:
        return 100 * self.first[model_id] / self.total

    @property
    def tied_share(self) -> float:
        return 100 * self.tied / self.total


# Keyed by what the figures depend on (the models, and each question's answers with their points), so a
# rebuild under `mkdocs serve` after an edit that leaves every point as it was (a summary, a source)
# reuses them. The last few are kept.
_CALIBRATIONS: dict[tuple, Calibration] = {}
EXACT_LIMIT = 600_000  # full answer sets counted exactly (3^12 = 531,441); beyond, a sample of this size


def calibration(data: Dataset) -> Calibration:
    """Score every full answer set (computed once per dataset; one to two seconds for 3^12 sets)."""
    model_ids = [m.id for m in data.models]
    per_question = [[tuple(a.weight(m) for m in model_ids) for a in q.answers] for q in data.questions]
    key = (
        tuple(model_ids),
        tuple((q.id, tuple(a.id for a in q.answers)) for q in data.questions),
        tuple(tuple(answers) for answers in per_question),
        EXACT_LIMIT,
    )
    if key in _CALIBRATIONS:
        return _CALIBRATIONS[key]
    stored = _read_stored(key, data)
    if stored is not None:
        _remember(key, stored)
        return stored
    # Every full answer set = one partial sum over the first half of the questions plus one over the
    # second half; summing each half once keeps this to a second or two for 3^12 sets.
    half = len(per_question) // 2

    def partials(questions: list[list[tuple[int, ...]]]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        out: list[tuple[tuple[int, ...], tuple[int, ...]]] = [((0,) * len(model_ids), ())]
        for answers in questions:
            out = [
                (tuple(x + y for x, y in zip(t, w, strict=True)), picks + (ai,))
                for t, picks in out
                for ai, w in enumerate(answers)
            ]
        return out

    front, back = partials(per_question[:half]), partials(per_question[half:])
    exact = len(front) * len(back) <= EXACT_LIMIT
    if not exact:
        # Too many to count at build time: score a fixed random sample of fronts, each with every back.
        rng = random.Random(0)
        front = sorted(rng.sample(front, max(1, EXACT_LIMIT // len(back))), key=lambda item: item[1])
    first = [0] * len(model_ids)
    lead: list[tuple[int, tuple[int, ...]] | None] = [None] * len(model_ids)
    tied = total = 0
    for t1, p1 in front:
        for t2, p2 in back:
            totals = list(map(add, t1, t2))
            total += 1
            top = max(totals)
            if totals.count(top) > 1:
                tied += 1
                continue
            win = totals.index(top)
            first[win] += 1
            margin = top - sorted(totals)[-2]
            found = lead[win]
            if found is None or margin > found[0]:
                lead[win] = (margin, p1 + p2)
    best_case = {
        model_ids[mi]: (
            None
            if found is None
            else ({q.id: q.answers[ai].id for q, ai in zip(data.questions, found[1], strict=True)}, found[0])
        )
        for mi, found in enumerate(lead)
    }
    result = Calibration(total, {m: first[i] for i, m in enumerate(model_ids)}, tied, best_case, exact)
    _remember(key, result)
    _store(key, result)
    return result


def _remember(key: tuple, result: Calibration) -> None:
    if len(_CALIBRATIONS) >= 4:
        _CALIBRATIONS.pop(next(iter(_CALIBRATIONS)))
    _CALIBRATIONS[key] = result


# ---- Kept between builds -----------------------------------------------------------------------------------
# A build is a new process, so the figures are also kept on disk when the engine names a folder for them
# (`use_store`; scripts/engines/macros.py names `.cache/calibration/` beside mkdocs.yml, which git ignores).
# A file is named by a digest of the key and of this module's own text, so any change to the points, the
# models, the questions or the counting code reads no old file; a file that cannot be read or does not fit
# the data is ignored and counted again, and a folder that cannot be written to only means no file is kept.
_STORE: Path | None = None


def use_store(folder: Path | None) -> None:
    """Keep calibrations in `folder` between builds (None: in memory only)."""
    global _STORE
    _STORE = folder


def _stored_path(key: tuple) -> Path | None:
    if _STORE is None:
        return None
    digest = hashlib.sha256(repr(key).encode("utf-8") + Path(__file__).read_bytes()).hexdigest()[:40]
    return _STORE / f"calibration-{digest}.json"


def _read_stored(key: tuple, data: Dataset) -> Calibration | None:
    path = _stored_path(key)
    if path is None:
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        model_ids = [m.id for m in data.models]
        first = {m: int(raw["first"][m]) for m in model_ids}
        best_case = {
            m: None
            if raw["best_case"][m] is None
            # in the order of the questions, as counted (JSON objects keep no order one can rely on)
            else ({q.id: str(raw["best_case"][m][0][q.id]) for q in data.questions}, int(raw["best_case"][m][1]))
            for m in model_ids
        }
        result = Calibration(int(raw["total"]), first, int(raw["tied"]), best_case, bool(raw["exact"]))
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    if result.total <= 0 or sum(first.values()) + result.tied != result.total:
        return None
    return result


def _store(key: tuple, result: Calibration) -> None:
    path = _stored_path(key)
    if path is None:
        return
    body = json.dumps(
        {
            "total": result.total,
            "first": dict(result.first),
            "tied": result.tied,
            "best_case": {m: None if found is None else [dict(found[0]), found[1]] for m, found in result.best_case.items()},
            "exact": result.exact,
        }
    )
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(body, encoding="utf-8")
        os.replace(temporary, path)  # whole or not at all: a reader never sees half a file
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


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
        "weightRange": list(weight_range(data)),
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


def asks_for(data: Dataset, answer: Answer) -> str:
    """What an answer asks for, in words: 'more platform reuse (x2), less coordination cost (x1)'."""
    parts = [f"{'more' if s > 0 else 'less'} {data.dimension(d).label.lower()} (\u00d7{abs(s)})" for d, s in answer.wants]
    parts += [f"a middle level of {data.dimension(d).label.lower()} (\u00d7{s})" for d, s in answer.middle]
    parts += [f"named exception: {_signed(x.points)} for {data.model(x.model).label}" for x in answer.adjustments]
    return ", ".join(parts) if parts else "nothing: every model gets 0"


def _weights_table(data: Dataset, question: Question) -> str:
    """Points per answer and model, and the levels on the dimensions the points draw on."""
    head = "".join(f'<th scope="col" data-model="{attr(m.id)}">{text(m.label)}</th>' for m in data.models)
    rows = []
    for answer in question.answers:
        cells = "".join(
            f'<td data-model="{attr(m.id)}" data-weight="{answer.weight(m.id)}">{_signed(answer.weight(m.id))}</td>'
            for m in data.models
        )
        rows.append(
            f'<tr data-answer="{attr(answer.id)}"><th scope="row">{text(answer.label)}'
            f'<span class="decide-asks">Asks for {text(asks_for(data, answer))}</span></th>{cells}</tr>'
        )
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
        f'<table class="decide-weights"><thead data-search-exclude><tr><th scope="col">Answer</th>{head}</tr></thead>'
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
    lo, hi = weight_range(data)
    questions = "".join(_question(data, q, n, total, ref_href) for n, q in enumerate(data.questions, 1))
    return (
        f'<div class="decide" id="decide" data-questions="{total}" data-models="{len(data.models)}">'
        f'<div class="decide-how" id="decide-how">'
        f"<p><strong>How it works.</strong> Answer the questions that apply to you; leave the others on "
        f"&ldquo;not sure&rdquo;. Each answer gives every model between {_signed(lo)} and {_signed(hi)} points, "
        f"computed from the model&rsquo;s levels in the comparison. The model with the most points fits your answers best; "
        f"models with equal points share a place.</p>"
        f'<p class="decide-byhand"><strong>Scoring by hand</strong> (or without JavaScript): open &ldquo;How this question '
        f"scores&rdquo; under each question, note the points in the row of your answer for every model, and add up "
        f"each model&rsquo;s column over all your answers. The highest total fits best; on a tie, the models share the place: read both models&rsquo; pages.</p>"
        f'<p class="decide-js-note" hidden>As you answer, the ranking below updates and the page address keeps your answers, '
        f"so you can bookmark or share the result.</p></div>"
        f'<form class="decide-form" id="decide-form" aria-label="Questions about your organisation">{questions}'
        f'<div class="decide-actions" hidden><button type="submit" class="md-button md-button--primary" id="decide-show">Show my result</button> '
        f'<button type="button" class="md-button" id="decide-reset">Start over</button></div></form>'
        f'<section class="decide-result" id="decide-result" aria-labelledby="decide-result-title" hidden>'
        f'<p class="decide-result-title" id="decide-result-title" tabindex="-1"><strong>Your result</strong></p>'
        f'<p class="decide-status" id="decide-status" role="status" aria-live="polite"></p>'
        f'<ol class="decide-ranking" id="decide-ranking"></ol>'
        f'<div class="decide-risks" id="decide-risks"></div>'
        # Further blocks of the result (e.g. what to read next) go here, one element each.
        f'<div class="decide-extra" id="decide-extra"></div></section>'
        f'<script type="application/json" id="decide-data">{json_for_script(script_data(data, model_links))}</script>'
        f'<script src="{attr(script_src)}" defer></script></div>'
    )


# ============================================================================
# Notes for the page: the named exceptions and the calibration
# ============================================================================


def exceptions_list(data: Dataset, ref_href: RefHref) -> str:
    """Every named exception to the weight rule, with its question, answer, points, reason and sources."""
    items = [
        f'<li data-question="{attr(q.id)}" data-answer="{attr(a.id)}" data-model="{attr(x.model)}">'
        f"<strong>{text(q.text)} &ldquo;{text(a.label)}&rdquo;: {_signed(x.points)} for {text(data.model(x.model).label)}.</strong> "
        f"{text(x.reason)}{cite(data, x.sources, ref_href)}</li>"
        for q in data.questions
        for a in q.answers
        for x in a.adjustments
    ]
    if not items:
        return '<p class="decide-exceptions">There are no exceptions: every point comes from the rule.</p>'
    return f'<ul class="decide-exceptions">{"".join(items)}</ul>'


def calibration_table(data: Dataset) -> str:
    """How often each model comes first alone over every full answer set, and how often the top is tied."""
    cal = calibration(data)
    rows = "".join(
        f'<tr data-model="{attr(m.id)}"><th scope="row">{text(m.label)}</th>'
        f'<td data-share="{cal.share(m.id):.4f}">{cal.share(m.id):.1f}%</td></tr>'
        for m in data.models
    )
    rows += f'<tr class="decide-cal-tie"><th scope="row">Tied at the top</th><td data-share="{cal.tied_share:.4f}">{cal.tied_share:.1f}%</td></tr>'
    return (
        f'<div class="decide-cal-scroll" tabindex="0"><table class="decide-calibration">'
        f"<caption>How often each model comes first, over "
        f"{f'all {cal.total:,}' if cal.exact else f'a fixed random sample of {cal.total:,}'} full answer sets</caption>"
        f'<thead data-search-exclude><tr><th scope="col">Model</th><th scope="col">Comes first alone</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
    )


def best_cases(data: Dataset, aid_href: str = "") -> str:
    """For each model, the full answer set where it leads by most, with a link that loads it into the aid."""
    cal = calibration(data)
    out = []
    for m in data.models:
        found = cal.best_case[m.id]
        if found is None:
            out.append(f'<li data-model="{attr(m.id)}"><strong>{text(m.label)}</strong>: never comes first alone.</li>')
            continue
        answers, lead = found
        query = "&amp;".join(f"{attr(q)}={attr(a)}" for q, a in answers.items())
        chosen = "".join(
            f"<li>{text(data.question(q).text)} <em>{text(data.question(q).answer(a).label)}</em></li>"
            for q, a in answers.items()
        )
        out.append(
            f'<li data-model="{attr(m.id)}"><details><summary><strong>{text(m.label)}</strong> comes first, '
            f"{lead} point{'s' if lead != 1 else ''} ahead of the next model, with these answers</summary>"
            f'<ul>{chosen}</ul><p><a href="{attr(aid_href)}?{query}#decide">Load these answers into the aid</a></p></details></li>'
        )
    return f'<ul class="decide-best-cases">{"".join(out)}</ul>'
