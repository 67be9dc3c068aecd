"""Comparison tables, model summaries, strengths and weaknesses, case studies, mechanisms."""

from __future__ import annotations

from collections.abc import Sequence

from scripts.pipeline.model import Claim, Dataset, Dimension, Model
from scripts.pipeline.render import RefHref, attr, text
from scripts.pipeline.render.references import cite

DIRECTION_WORDS = {
    "better": "more is better",
    "worse": "more is worse",
    "neutral": "describes: neither end is better",
}


def direction_words(dim: Dimension) -> str:
    """Which way is better on a dimension, in words ('more is better', 'more is worse', ...)."""
    return DIRECTION_WORDS[dim.direction]


def tone(dim: Dimension, value: int) -> str:
    """How good a level is on a dimension: 'good2', 'good1', 'mid', 'bad1', 'bad2', or 'n1'..'n5' where neither end is better."""
    if dim.direction == "neutral":
        return f"n{value}"
    g = value - 3 if dim.direction == "better" else 3 - value
    return {2: "good2", 1: "good1", 0: "mid", -1: "bad1", -2: "bad2"}[g]


def level_badge(data: Dataset, level_id: str, dim: Dimension | None = None) -> str:
    """A level as text and colour (never colour alone); on a dimension, coloured by how good it is there."""
    level = data.level(level_id)
    toned = f" lvl-tone-{tone(dim, level.value)}" if dim is not None else ""
    return f'<span class="lvl lvl-{level.value}{toned}" title="{attr(level.description)}">{text(level.label)}</span>'


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
                # data-label: the model's name, shown in the card layout on phones (reading.css);
                # the spaces keep level, reason and sources apart in search snippets.
                cells.append(
                    f'<td data-model="{attr(model.id)}" data-level="{attr(pos.level)}" data-label="{attr(model.label)}">'
                    f"{level_badge(data, pos.level, dim)} {why}{cite(data, pos.sources, ref_href)}</td>"
                )
            key = ' class="is-key"' if dim.id in highlight else ""
            body.append(
                f'<tr data-dimension="{attr(dim.id)}" data-direction="{attr(dim.direction)}"{key}><th scope="row"><span class="cmp-dim">{text(dim.label)}</span> '
                f'<span class="cmp-dir cmp-dir-{attr(dim.direction)}">{text(direction_words(dim).capitalize())}</span> '
                f'<span class="cmp-q">{text(dim.question)}</span></th> {" ".join(cells)}</tr>'
            )
    cap = f"<caption>{text(caption)}</caption>" if caption else ""
    label = attr(caption or "Comparison of organisational models")
    return (
        # cmp-cards: on a phone, a table with reasons becomes one card per dimension (reading.css).
        f'<div class="cmp-scroll{" cmp-cards" if rationale else ""}" role="region" aria-label="{label}" tabindex="0">'
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
        aka = f"<dt>Also known as</dt> <dd>{text(', '.join(model.also_known_as))}</dd>"
    return (
        f'<div class="model-card" data-model="{attr(model.id)}">'
        f'<p class="model-name"><strong>{text(model.label)}</strong></p>'
        f"<dl><dt>Definition</dt> <dd>{text(model.summary)}{cite(data, model.sources, ref_href)}</dd>"
        f" <dt>Team structure</dt> <dd>{text(model.structure)}</dd> {aka}</dl></div>"
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
        f"<dt>Organisation</dt> <dd>{text(case.organisation)}</dd>"
        f" <dt>Model, as the talk presents it</dt> <dd>{text(model.label)}</dd>"
        f" <dt>Goal</dt> <dd>{text(case.goal.text)}{cite(data, case.goal.sources, ref_href)}</dd></dl>"
        + (f'<p class="case-title">Public, sourced facts</p><ul>{facts}</ul>' if facts else "")
        + (f'<p class="case-title">Presented in the talk (no public source)</p><ul>{talk}</ul>' if talk else "")
        + "</div>"
    )


def case_account(data: Dataset, ref_href: RefHref, case_id: str) -> str:
    """The presenters' own account of a case, in three parts; an empty part says it is still to come."""
    account = data.case_study(case_id).account
    parts = (
        ("structure", "Structure", account.structure),
        ("successes", "Successes", account.successes),
        ("challenges", "Challenges", account.challenges),
    )
    body = "".join(
        f'<div class="case-account-part" data-part="{key}"><p class="case-title">{label}</p>'
        + (
            f"<ul>{_claims(data, ref_href, claims)}</ul>"
            if claims
            else '<p class="case-pending">To be added after the workshop.</p>'
        )
        + "</div>"
        for key, label, claims in parts
    )
    state = "pending" if account.empty else "added"
    return f'<div class="case-account" data-case="{attr(case_id)}" data-state="{state}">{body}</div>'


def mechanisms_table(data: Dataset, ref_href: RefHref) -> str:
    """Mechanisms for moving between central and embedded roles, with what each eases and costs."""
    rows = "".join(
        f'<tr id="mechanism-{attr(m.id)}"><th scope="row">{text(m.label)}</th>'
        f'<td data-label="How it works">{text(m.how)}{cite(data, m.sources, ref_href)}</td> '
        f'<td data-label="What it eases">{text(m.eases)}</td> <td data-label="What it costs">{text(m.cost)}</td></tr>'
        for m in data.mechanisms
    )
    return (
        '<div class="cmp-scroll cmp-cards" role="region" aria-label="Mechanisms for moving between roles" tabindex="0">'
        '<table class="mech"><thead><tr><th scope="col">Mechanism</th><th scope="col">How it works</th>'
        f'<th scope="col">What it eases</th><th scope="col">What it costs</th></tr></thead><tbody>{rows}</tbody></table></div>'
    )
