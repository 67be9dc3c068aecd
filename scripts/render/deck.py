"""Pieces that only the slide deck and the handout need: the title card, a compact mechanisms
table, a compact reference list for print and the QR code of the site's address.

Pure functions like the other renderers: data objects in, escaped HTML out, no MkDocs imports.
The QR code is drawn at build time by segno as inline SVG, so nothing is fetched or written.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import urlsplit

import segno

from scripts.model import Dataset
from scripts.render import RefHref, attr, text
from scripts.render.references import authors_label, cite


def title_card(data: Dataset, ref_id: str) -> str:
    """The deck's title: a reference's title as the page's heading, its authors below."""
    ref = data.reference(ref_id)
    return f'<h1 class="deck-title" id="title">{text(ref.title)}</h1><p class="deck-byline">{text(authors_label(ref))}</p>'


def mechanisms_compact(data: Dataset, ref_href: RefHref, ids: Sequence[str] = ()) -> str:
    """Mechanisms as two columns (name, what it eases) with sources: small enough for one slide."""
    chosen = [m for m in data.mechanisms if not ids or m.id in ids]
    rows = "".join(
        f'<tr data-mechanism="{attr(m.id)}"><th scope="row">{text(m.label)}</th>'
        f"<td>{text(m.eases)}{cite(data, m.sources, ref_href)}</td></tr>"
        for m in chosen
    )
    return (
        '<table class="mech mech-compact"><thead><tr><th scope="col">Mechanism</th>'
        f'<th scope="col">What it eases</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def reference_digest(data: Dataset) -> str:
    """Every reference in one compact numbered list (numbers match the [n] markers), for print."""
    items = []
    for ref in data.references:
        year = f" ({ref.year})" if ref.year else ""
        where = f' <span class="ref-url">{text(ref.url)}</span>' if ref.url else ""
        items.append(
            f'<li value="{data.ref_number(ref.id)}" data-ref="{attr(ref.id)}">{text(authors_label(ref))}{year}. '
            f"<cite>{text(ref.title)}</cite>. {text(ref.venue)}.{where}</li>"
        )
    return f'<ol class="ref-digest">{"".join(items)}</ol>'


@lru_cache(maxsize=8)  # the deck and the handout draw the same address: encode it once
def qr_code(url: str, caption: bool = True) -> str:
    """A QR code for `url` as inline SVG (black on white, quiet zone of 4), with the address below.

    The URL must be an absolute http(s) address: a QR code for a relative path would scan to nothing.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"qr_code: {url!r} is not an absolute http(s) address")
    # Error correction M survives a glare or a smudge on a projector; segno picks the smallest version.
    svg = segno.make(url, error="m", micro=False).svg_inline(
        scale=1, border=4, dark="#000", light="#fff", svgclass=None, lineclass=None, omitsize=True
    )
    # The SVG scales with CSS; crisp edges keep module borders sharp at any size.
    svg = svg.replace(
        "<svg ", f'<svg class="qr-svg" role="img" aria-label="QR code for {attr(url)}" shape-rendering="crispEdges" ', 1
    )
    address = f'<figcaption><a href="{attr(url)}">{text(url)}</a></figcaption>' if caption else ""
    return f'<figure class="qr-code" data-qr-text="{attr(url)}">{svg}{address}</figure>'
