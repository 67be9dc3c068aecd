"""The landing page's model cards and the compare view: pure renderers, no MkDocs imports.

`model_cards` shows models (by default the talk's three: the models that are their own family)
as small org charts with their one-line definitions from the data file. `compare_view` is the
full reasoned comparison table with a picker above it: with JavaScript (compare.js) the reader
keeps two or three models and the page address keeps the choice (`?models=a,b`); without it, the
page is the plain table of every model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from scripts.pipeline.model import Dataset, Dimension, Model
from scripts.pipeline.render import RefHref, attr, text
from scripts.pipeline.render.diagrams import svg
from scripts.pipeline.render.tables import comparison_table

# Compare view: how many models a reader can keep side by side.
COMPARE_MAX = 3


def talk_models(data: Dataset) -> tuple[Model, ...]:
    """The talk's own models (centralised, embedded, hybrid): each is the head of its family."""
    return tuple(m for m in data.models if m.id == m.family)


def model_cards(data: Dataset, models: Sequence[Model], page_href: Callable[[str], str], prefix: Callable[[str], str]) -> str:
    """One card per model: its name (a link to its page), its definition and its org chart, scaled to the card."""
    cards = []
    for model in models:
        chart = data.org_chart(model.id)
        cards.append(
            f'<div class="model-thumb" data-model="{attr(model.id)}">'
            f'<h3 class="model-thumb-name"><a href="{attr(page_href(model.id))}">{text(model.label)}</a></h3>'
            f'<p class="model-thumb-def">{text(model.summary)}</p>'
            f'<div class="model-thumb-pic">{svg(chart, model, prefix(f"thumb-{model.id}"))}</div></div>'
        )
    return f'<div class="model-cards">{"".join(cards)}</div>'


def compare_view(
    data: Dataset,
    ref_href: RefHref,
    models: Sequence[Model],
    dimensions: Sequence[Dimension],
    default: Sequence[Model],
    script_src: str,
) -> str:
    """The picker (shown by compare.js), the full reasoned table of `models` on `dimensions`, and the script."""
    options = "".join(
        f'<label class="cmpv-option"><input type="checkbox" name="models" value="{attr(m.id)}">{text(m.label)}</label>'
        for m in models
    )
    picker = (
        f'<form class="cmpv-pick" id="cmpv-pick" aria-label="Models to compare" hidden>'
        f"<fieldset><legend>Compare up to {COMPARE_MAX} models side by side</legend>"
        f'<div class="cmpv-models">{options}</div></fieldset>'
        f'<label class="cmpv-diff"><input type="checkbox" id="cmpv-diff">Only the dimensions where they differ</label>'
        f'<p class="cmpv-status" id="cmpv-status" role="status" aria-live="polite"></p>'
        f'<p class="cmpv-share"><a id="cmpv-link" href="./">Link to this comparison</a></p></form>'
    )
    table = comparison_table(data, ref_href, models, dimensions, "Models side by side, every dimension")
    return (
        f'<div class="cmpv" id="compare" data-default="{attr(",".join(m.id for m in default))}" data-max="{COMPARE_MAX}">'
        f'{picker}{table}<script src="{attr(script_src)}" defer></script></div>'
    )
