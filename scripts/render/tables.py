"""Comparison tables, model summaries, strengths and weaknesses, case studies, mechanisms."""

from __future__ import annotations

from collections.abc import Sequence

from scripts.model import Claim, Dataset, Dimension, Model
from scripts.render import RefHref, attr, text
from scripts.render.references import cite


def level_badge(data: Dataset, level_id: str) -> str:
    """A level as text and colour (never colour alone)."""
    level = data.level(level_id)
    return f'<span class="lvl lvl-{level.value}" title="{attr(level.description)}">{text(level.label)}</span>'


# ============================================================================
# Comparison table
# ============================================================================


def comparison_table(
    data: Dataset,
    ref_href: RefHref,
    models: Sequence[Model],
    dimensions: Sequence[Dimension],
    caption: str = "",
    rationale: bool = True,
    highlight: Sequence[str] = (),
) -> str:
    """Dimensions as rows (grouped), models as columns; each cell: level, rationale, sources.

    highlight: ids of dimensions whose rows carry the point being made (class "is-key"), e.g. the
    one row a slide's title singles out.
    """
    group_ids = list(dict.fromkeys(d.group for d in dimensions))
    width = len(models) + 1
    head = "".join(
        f'<th scope="col" data-model="{attr(m.id)}"><span title="{attr(m.summary)}">{text(m.label)}</span></th>' for m in models
    )
    body: list[str] = []
    for group_id in group_ids:
        group = data.group(group_id)
        if len(group_ids) > 1:
            body.append(
                f'<tr class="cmp-group" data-group="{attr(group.id)}"><th scope="colgroup" colspan="{width}">{text(group.label)}</th></tr>'
            )
        for dim in (d for d in dimensions if d.group == group_id):
            cells = []
            for model in models:
                pos = data.position(model.id, dim.id)
                why = f'<span class="cmp-why">{text(pos.rationale)}</span>' if rationale else ""
                cells.append(
                    f'<td data-model="{attr(model.id)}" data-level="{attr(pos.level)}">'
                    f"{level_badge(data, pos.level)}{why}{cite(data, pos.sources, ref_href)}</td>"
                )
            key = ' class="is-key"' if dim.id in highlight else ""
            body.append(
                f'<tr data-dimension="{attr(dim.id)}"{key}><th scope="row"><span class="cmp-dim">{text(dim.label)}</span>'
                f'<span class="cmp-q">{text(dim.question)}</span></th>{"".join(cells)}</tr>'
            )
    cap = f"<caption>{text(caption)}</caption>" if caption else ""
    label = attr(caption or "Comparison of organisational models")
    return (
        f'<div class="cmp-scroll" role="region" aria-label="{label}" tabindex="0">'
        f'<table class="cmp{"" if rationale else " cmp-compact"}">{cap}'
        f'<thead><tr><th scope="col">Dimension</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


# ============================================================================
# One model
# ============================================================================


def model_summary(data: Dataset, ref_href: RefHref, model: Model) -> str:
    """Definition, team structure and other names of one model."""
    aka = ""
    if model.also_known_as:
        aka = f"<dt>Also known as</dt><dd>{text(', '.join(model.also_known_as))}</dd>"
    return (
        f'<div class="model-card" data-model="{attr(model.id)}">'
        f'<p class="model-name"><strong>{text(model.label)}</strong></p>'
        f"<dl><dt>Definition</dt><dd>{text(model.summary)}{cite(data, model.sources, ref_href)}</dd>"
        f"<dt>Team structure</dt><dd>{text(model.structure)}</dd>{aka}</dl></div>"
    )


def _claims(data: Dataset, ref_href: RefHref, claims: Sequence[Claim]) -> str:
    return "".join(f"<li>{text(c.text)}{cite(data, c.sources, ref_href)}</li>" for c in claims)


def strengths_weaknesses(data: Dataset, ref_href: RefHref, model: Model) -> str:
    """Two lists side by side: what the model does well and where it struggles."""
    return (
        f'<div class="sw" data-model="{attr(model.id)}">'
        f'<div class="sw-col sw-plus"><p class="sw-title">Strengths of the {text(model.label.lower())} model</p>'
        f"<ul>{_claims(data, ref_href, model.strengths)}</ul></div>"
        f'<div class="sw-col sw-minus"><p class="sw-title">Weaknesses of the {text(model.label.lower())} model</p>'
        f"<ul>{_claims(data, ref_href, model.weaknesses)}</ul></div></div>"
    )


# ============================================================================
# Case studies and mechanisms
# ============================================================================


def case_study(data: Dataset, ref_href: RefHref, case_id: str) -> str:
    """The structured facts of a case study: goal, sourced public facts, what only the talk covers."""
    case = data.case_study(case_id)
    model = data.model(case.model)
    facts = _claims(data, ref_href, case.facts)
    talk = "".join(f"<li>{text(item)}</li>" for item in case.in_the_talk)
    return (
        f'<div class="case-facts" data-case="{attr(case.id)}"><dl>'
        f"<dt>Organisation</dt><dd>{text(case.organisation)}</dd>"
        f"<dt>Model, as the talk presents it</dt><dd>{text(model.label)}</dd>"
        f"<dt>Goal</dt><dd>{text(case.goal.text)}{cite(data, case.goal.sources, ref_href)}</dd></dl>"
        + (f'<p class="case-title">Public, sourced facts</p><ul>{facts}</ul>' if facts else "")
        + (f'<p class="case-title">Presented in the talk (no public source)</p><ul>{talk}</ul>' if talk else "")
        + "</div>"
    )


def mechanisms_table(data: Dataset, ref_href: RefHref) -> str:
    """Mechanisms for moving between central and embedded roles, with what each eases and costs."""
    rows = "".join(
        f'<tr id="mechanism-{attr(m.id)}"><th scope="row">{text(m.label)}</th><td>{text(m.how)}{cite(data, m.sources, ref_href)}</td>'
        f"<td>{text(m.eases)}</td><td>{text(m.cost)}</td></tr>"
        for m in data.mechanisms
    )
    return (
        '<div class="cmp-scroll" role="region" aria-label="Mechanisms for moving between roles" tabindex="0">'
        '<table class="mech"><thead><tr><th scope="col">Mechanism</th><th scope="col">How it works</th>'
        f'<th scope="col">What it eases</th><th scope="col">What it costs</th></tr></thead><tbody>{rows}</tbody></table></div>'
    )
