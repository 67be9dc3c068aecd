"""The playbook's generated blocks: decision-aid answers with a shareable link, and the playbook
sections the decision aid's result points to.

The decision aid keeps its answers in the page address as `?<question id>=<answer id>&...`
(overrides/assets/javascripts/decide.js reads them back). `decide_query` builds that address
from a mapping of answers and refuses ids the data file does not hold, so a worked example
cannot link to a state the aid would silently ignore.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import urlencode

from scripts.pipeline.model import Dataset
from scripts.pipeline.render import attr, text
from scripts.pipeline.render.decide import ranking

# Address of a page of the site (by its source path), relative to the page being built.
SiteHref = Callable[[str], str]


class AnswerError(ValueError):
    """A question or answer id that the data file does not hold."""


def check_answers(data: Dataset, answers: Mapping[str, str]) -> None:
    """Raise AnswerError naming the first unknown question or answer id."""
    questions = {q.id: q for q in data.questions}
    for question_id, answer_id in answers.items():
        if question_id not in questions:
            raise AnswerError(f"there is no question '{question_id}' (questions: {', '.join(questions)})")
        known = [a.id for a in questions[question_id].answers]
        if answer_id not in known:
            raise AnswerError(f"question '{question_id}' has no answer '{answer_id}' (answers: {', '.join(known)})")


def decide_query(data: Dataset, answers: Mapping[str, str]) -> str:
    """The decision aid's address state for these answers, in question order: '?q1=a1&q2=a2'."""
    check_answers(data, answers)
    pairs = [(q.id, answers[q.id]) for q in data.questions if q.id in answers]
    return "?" + urlencode(pairs) if pairs else ""


def decide_answers(data: Dataset, answers: Mapping[str, str], decide_href: str, top: int = 3) -> str:
    """A table of the questions and the chosen answers, a link that opens the aid with them, and
    the models the aid ranks highest for them (computed with the aid's own scoring rule)."""
    check_answers(data, answers)
    rows = "".join(
        f'<tr data-question="{attr(q.id)}"><td>{text(q.text)}</td><td>{text(q.answer(answers[q.id]).label)}</td></tr>'
        for q in data.questions
        if q.id in answers
    )
    labels = {m.id: m.label for m in data.models}
    ranked = ranking(data, answers)[:top]
    best = "".join(
        f'<li data-model="{attr(model_id)}">{text(labels[model_id])}: {score:+d} points</li>' for model_id, score in ranked
    )
    href = decide_href + decide_query(data, answers)
    return (
        '<div class="decide-example">'
        '<div class="cmp-scroll" role="region" aria-label="Decision-aid answers" tabindex="0">'
        '<table><thead><tr><th scope="col">Question</th><th scope="col">Answer</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div>"
        f'<p class="decide-example-link"><a href="{attr(href)}">Open the decision aid with these answers</a></p>'
        f'<p class="decide-example-title">Highest-ranked models for these answers, at build time</p><ol>{best}</ol></div>'
    )


def result_links(data: Dataset, site_href: SiteHref) -> str:
    """Per model, the playbook sections to read next. Without JavaScript all models are listed;
    decide.js shows only the best fit's list once the reader has answered a question."""
    blocks = []
    for model in data.models:
        sections = data.playbook_for(model.id)
        if not sections:
            continue
        items = "".join(f'<li><a href="{attr(site_href(s.page))}#{attr(s.anchor)}">{text(s.label)}</a></li>' for s in sections)
        blocks.append(
            f'<div class="decide-playbook-model" data-model="{attr(model.id)}">'
            f'<p class="decide-playbook-label">{text(model.label)}</p><ul>{items}</ul></div>'
        )
    if not blocks:
        return ""
    return (
        '<section class="decide-playbook" id="decide-playbook" aria-labelledby="decide-playbook-title">'
        '<p class="decide-playbook-title" id="decide-playbook-title"><strong>Read next in the playbook</strong></p>'
        + "".join(blocks)
        + "</section>"
    )
