"""The heat map: every model against every dimension, one coloured cell per position.

Each cell shows its level as text and as a shade (never colour alone). Its rationale opens
as a tooltip when the cell is hovered or focused (pure CSS, no JavaScript), is tied to the
cell with aria-describedby for screen readers, and is also listed in full in a <details>
block under the map. The colour says how good a level is for an organisation on that row,
following the dimension's direction: blue is better, orange is worse, stronger the further from
the middle; rows that only describe where things sit (neither end better) are violet, light for
very low to dark for very high. Each row header says its direction in words.
"""

from __future__ import annotations

from collections.abc import Sequence

from scripts.pipeline.model import Dataset, Dimension, Model
from scripts.pipeline.render import attr, text
from scripts.pipeline.render.tables import direction_words, tone

_DIR_SHORT = {"better": "more is better", "worse": "more is worse", "neutral": "describes"}


def _tip_side(row: int, rows: int, col: int, cols: int) -> str:
    """Where a cell's tooltip opens so it stays inside the map: below in the top half, else above."""
    vertical = "hm-below" if row < rows / 2 else "hm-above"
    horizontal = "hm-start" if col < cols / 2 else "hm-end"
    return f"{vertical} {horizontal}"


def heatmap(
    data: Dataset,
    models: Sequence[Model] | None = None,
    dimensions: Sequence[Dimension] | None = None,
    caption: str = "Heat map: every model on every dimension",
    prefix: str = "hm",
) -> str:
    """The heat map as a table (dimensions as rows, grouped; models as columns) with its legend and text fallback."""
    models = tuple(models or data.models)
    dimensions = tuple(dimensions or data.dimensions)
    head = "".join(
        f'<th scope="col" data-model="{attr(m.id)}"><span class="hm-model">{text(m.label)}</span></th>' for m in models
    )
    body: list[str] = []
    group_ids = list(dict.fromkeys(d.group for d in dimensions))
    row = 0
    for group_id in group_ids:
        group = data.group(group_id)
        body.append(f'<tr class="hm-group"><th scope="colgroup" colspan="{len(models) + 1}">{text(group.label)}</th></tr>')
        for dim in (d for d in dimensions if d.group == group_id):
            cells = []
            for col, model in enumerate(models):
                pos = data.position(model.id, dim.id)
                level = data.level(pos.level)
                tip_id = f"{prefix}-{model.id}-{dim.id}"
                cells.append(
                    f'<td class="hm-cell hm-{level.value} hm-tone-{tone(dim, level.value)} {_tip_side(row, len(dimensions), col, len(models))}" '
                    f'data-model="{attr(model.id)}" data-dimension="{attr(dim.id)}" data-level="{attr(level.id)}">'
                    f'<span class="hm-val" tabindex="0" aria-describedby="{attr(tip_id)}">{text(level.label)}</span>'
                    f'<span class="hm-tip" role="tooltip" id="{attr(tip_id)}">'
                    f"<strong>{text(model.label)}, {text(dim.label)} ({text(direction_words(dim))}): {text(level.label)}.</strong> {text(pos.rationale)}</span></td>"
                )
            body.append(
                f'<tr data-dimension="{attr(dim.id)}" data-direction="{attr(dim.direction)}" id="{attr(prefix)}-row-{attr(dim.id)}">'
                f'<th scope="row"><span class="hm-dim" title="{attr(dim.question)}">{text(dim.label)}</span>'
                f'<span class="hm-dir hm-dir-{attr(dim.direction)}">{text(_DIR_SHORT[dim.direction])}</span></th>{"".join(cells)}</tr>'
            )
            row += 1
    good = "".join(
        f'<li><span class="hm-swatch hm-tone-{t}" aria-hidden="true"></span>{w}</li>'
        for t, w in (
            ("good2", "much better"),
            ("good1", "better"),
            ("mid", "in between"),
            ("bad1", "worse"),
            ("bad2", "much worse"),
        )
    )
    plain = "".join(
        f'<li><span class="hm-swatch hm-tone-n{lv.value}" aria-hidden="true"></span>{text(lv.label)}</li>' for lv in data.scale
    )
    legend = (
        f'<li class="hm-legend-title">Rows marked &ldquo;better&rdquo; or &ldquo;worse&rdquo;: the colour says how good the level is</li>{good}'
        f'</ul><ul class="hm-legend"><li class="hm-legend-title">Rows marked &ldquo;describes&rdquo;: the shade says how much</li>{plain}'
    )
    fallback = []
    for model in models:
        items = "".join(
            f"<li><strong>{text(dim.label)}: {text(data.level(data.position(model.id, dim.id).level).label)}.</strong> "
            f"{text(data.position(model.id, dim.id).rationale)}</li>"
            for dim in dimensions
        )
        fallback.append(f'<p class="hm-fb-model">{text(model.label)}</p><ul>{items}</ul>')
    return (
        f'<figure class="heatmap" id="{attr(prefix)}">'
        # The cells are focusable, so keyboard users can scroll the map by moving between them.
        f'<div class="hm-scroll">'
        f'<table class="hm"><caption>{text(caption)}</caption>'
        f'<thead><tr><th scope="col">Dimension</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
        f'<figcaption><ul class="hm-legend">{legend}</ul>'
        f'<p class="hm-note">Under each row name: &ldquo;more is better&rdquo;, &ldquo;more is worse&rdquo; '
        f"(a cost or a risk) or &ldquo;describes&rdquo; (where things sit; neither end is better). "
        f"Hover over a cell, or tab to it, to read why it has its level.</p>"
        f'<details class="hm-text"><summary>Every cell with its reason, as text</summary>{"".join(fallback)}</details>'
        f"</figcaption></figure>"
    )
