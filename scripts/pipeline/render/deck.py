"""Pieces that only the slide deck, the handout and the worksheet need: the talk's title block and
presenters (from the data file's `talk:`), the short address, a compact mechanisms table, a
compact reference list for print, the QR code of the site's address, the decision questions as
tick boxes, and the deck's per-slide "Sources" line.

Pure functions like the other renderers: data objects in, escaped HTML out, no MkDocs imports.
The QR code is drawn at build time by segno as inline SVG, so nothing is fetched or written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from urllib.parse import urlsplit

import segno

from scripts.pipeline.model import Dataset, Talk
from scripts.pipeline.render import RefHref, attr, text
from scripts.pipeline.render.references import authors_label, cite


def title_card(data: Dataset, ref_id: str) -> str:
    """The deck's title: a reference's title as the page's heading, its authors below."""
    ref = data.reference(ref_id)
    return f'<h1 class="deck-title" id="title">{text(ref.title)}</h1><p class="deck-byline">{text(authors_label(ref))}</p>'


# ---- The talk: title, presenters, date and venue, short address ------------------------


def short_address(talk: Talk | None, site_url: str) -> str:
    """The address to print under a QR code: the talk's own short address, else site_url without scheme and end slash."""
    if talk is not None and talk.address:
        return talk.address
    parts = urlsplit(site_url)
    return (parts.netloc + parts.path).rstrip("/")


def presenters(talk: Talk) -> str:
    """The presenters as a list: name, then the role where the talk states one, then the affiliation."""
    items = []
    for p in talk.presenters:
        role = f'<span class="presenter-role">{text(p.role)}</span>' if p.role else ""
        items.append(
            f'<li class="presenter{" is-main" if p.main else ""}"><span class="presenter-name">{text(p.name)}</span>'
            f'{role}<span class="presenter-affiliation">{text(p.affiliation)}</span></li>'
        )
    return f'<ul class="presenters">{"".join(items)}</ul>'


def talk_occasion(talk: Talk) -> str:
    """Date and venue on one line, only the fields that are filled in ('' when neither is known)."""
    parts = []
    if talk.date:
        parts.append(f'<time datetime="{attr(talk.date)}">{text(talk.date)}</time>')
    if talk.venue:
        parts.append(f'<span class="talk-venue">{text(talk.venue)}</span>')
    return f'<p class="talk-occasion">{" · ".join(parts)}</p>' if parts else ""


def talk_title(talk: Talk, heading: str = "h1", anchor: str = "title") -> str:
    """The talk's title block: title as a heading, the presenters, date and venue when known."""
    ident = f' id="{attr(anchor)}"' if anchor else ""
    # One element, so that Markdown takes the whole block as HTML and leaves it alone.
    return (
        f'<div class="talk-head"><{heading} class="deck-title"{ident}>{text(talk.title)}</{heading}>'
        f'<div class="talk-people">{presenters(talk)}</div>{talk_occasion(talk)}</div>'
    )


def mechanisms_compact(data: Dataset, ref_href: RefHref, ids: Sequence[str] = (), detail: bool = True) -> str:
    """Mechanisms as two columns (name, what it eases) with sources: small enough for one slide.

    detail=False: only the names, as a list (with their sources), for a slide that names them.
    """
    chosen = [m for m in data.mechanisms if not ids or m.id in ids]
    if not detail:
        items = "".join(
            f'<li data-mechanism="{attr(m.id)}">{text(m.label)}{cite(data, m.sources, ref_href)}</li>' for m in chosen
        )
        return f'<ul class="mech-names">{items}</ul>'
    rows = "".join(
        f'<tr data-mechanism="{attr(m.id)}"><th scope="row">{text(m.label)}</th>'
        f"<td>{text(m.eases)}{cite(data, m.sources, ref_href)}</td></tr>"
        for m in chosen
    )
    return (
        '<table class="mech mech-compact"><thead><tr><th scope="col">Mechanism</th>'
        f'<th scope="col">What it eases</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def reference_digest(data: Dataset, hosts_only: bool = False) -> str:
    """Every reference in one compact numbered list (numbers match the [n] markers), for print.

    hosts_only: print only the address's host (e.g. hbr.org) instead of the whole URL, so no
    address breaks mid-word on paper; the site's reference list has the full links.
    """
    items = []
    for ref in data.references:
        year = f" ({ref.year})" if ref.year else ""
        shown = (urlsplit(ref.url).netloc.removeprefix("www.") if hosts_only else ref.url) if ref.url else ""
        where = f' <span class="ref-url">{text(shown)}</span>' if shown else ""
        items.append(
            f'<li value="{data.ref_number(ref.id)}" data-ref="{attr(ref.id)}">{text(authors_label(ref))}{year}. '
            f"<cite>{text(ref.title)}</cite>. {text(ref.venue)}.{where}</li>"
        )
    return f'<ol class="ref-digest">{"".join(items)}</ol>'


@lru_cache(maxsize=8)  # the deck and the handout draw the same address: encode it once
def qr_code(url: str, caption: bool = True, label: str = "") -> str:
    """A QR code for `url` as inline SVG (black on white, quiet zone of 4), with the address below.

    The URL must be an absolute http(s) address: a QR code for a relative path would scan to nothing.
    With `label`, the caption is that short address as plain text (for a slide or paper, where a
    link cannot be clicked and a long URL would wrap); without it, the full URL as a link.
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
    if not caption:
        address = ""
    elif label:
        address = f'<figcaption class="qr-address">{text(label)}</figcaption>'
    else:
        address = f'<figcaption><a href="{attr(url)}">{text(url)}</a></figcaption>'

    return f'<figure class="qr-code" data-qr-text="{attr(url)}">{svg}{address}</figure>'


# ---- Decision questions as tick boxes (handout, worksheet) ---------------------------


def model_line(data: Dataset, ref_href: RefHref, model_id: str) -> str:
    """A model's name and one-line definition (its summary) with sources, for a handout."""
    model = data.model(model_id)
    return (
        f'<p class="model-line" data-model="{attr(model.id)}"><strong>{text(model.label)}.</strong> '
        f"{text(model.summary)}{cite(data, model.sources, ref_href)}</p>"
    )


def question_checklist(data: Dataset, answers: bool = True, ids: Sequence[str] = ()) -> str:
    """The decision aid's questions (all, or those in `ids` in that order), each with its answers as boxes to tick."""
    items = []
    for q in [data.question(i) for i in ids] if ids else data.questions:
        options = ""
        if answers:
            boxes = "".join(f'<li><span class="tick" aria-hidden="true"></span>{text(a.label)}</li>' for a in q.answers)
            options = f'<ul class="q-answers">{boxes}</ul>'
        items.append(f'<li data-question="{attr(q.id)}"><span class="q-text">{text(q.text)}</span>{options}</li>')
    return f'<ol class="q-checklist">{"".join(items)}</ol>'


def mechanism_checklist(data: Dataset) -> str:
    """The mechanisms for moving between roles as names with boxes to tick (worksheet)."""
    items = "".join(
        f'<li data-mechanism="{attr(m.id)}"><span class="tick" aria-hidden="true"></span>{text(m.label)}</li>'
        for m in data.mechanisms
    )
    return f'<ul class="tick-list">{items}</ul>'


# ---- The deck's "Sources" line -------------------------------------------------------

# A slide starts after a line of three dashes with a blank line on each side (docs/slides.md).
_SLIDE_BREAK = re.compile(r"\n[ \t]*\n---[ \t]*\n[ \t]*\n")
# A citation marker as references.cite writes it: word joiner, <sup class="cite">, links to #ref-<id>.
_MARKER = re.compile(r'(?:&#8288;)?<sup class="cite">(.*?)</sup>', re.S)
# The reference's id, also when the link goes to one piece of its evidence (#ref-<id>--<evidence>).
_REF_ID = re.compile(r'href="[^"]*#ref-([a-z0-9]+(?:-[a-z0-9]+)*)(?:--[^"]*)?"')
# Speaker notes start at an admonition of type "notes" (!!! or ??? for a collapsible one).
_NOTES = re.compile(r"^(?:!!!|\?\?\?\+?) notes\b", re.M)


def sources_line(data: Dataset, ref_ids: Sequence[str], ref_href: RefHref) -> str:
    """'Sources [3] [12]': the numbers of the reference list, each a link with the source's author and title as tooltip."""
    items = []
    for ref_id in dict.fromkeys(ref_ids):
        ref = data.reference(ref_id)
        n = data.ref_number(ref_id)
        tip = f"{ref.short}: {ref.title}"
        items.append(f'<a href="{attr(ref_href(ref_id))}" title="{attr(tip)}" aria-label="Source {n}: {attr(tip)}">[{n}]</a>')
    return f'<div class="slide-sources"><span class="slide-sources-label">Sources</span> {" ".join(items)}</div>'


def gather_sources(markdown: str, data: Dataset, ref_href: RefHref) -> str:
    """Move each slide's citation markers into one "Sources" line at the slide's foot.

    The markdown is the deck page after its macros ran (generated blocks are HTML in it). On each
    slide, the markers before the speaker notes are removed and their references listed, in order
    of first use, in a line appended after the slide's notes; markers inside the notes stay there.
    """
    chunks = _SLIDE_BREAK.split(markdown)
    breaks = _SLIDE_BREAK.findall(markdown)
    out = []
    for chunk in chunks:
        notes = _NOTES.search(chunk)
        shown, rest = (chunk[: notes.start()], chunk[notes.start() :]) if notes else (chunk, "")
        refs = [ref for marker in _MARKER.finditer(shown) for ref in _REF_ID.findall(marker.group(1))]
        if refs:
            shown = _MARKER.sub("", shown)
            rest = rest.rstrip("\n") + "\n\n" + sources_line(data, refs, ref_href) + "\n"
        out.append(shown + rest)
    return "".join(part for pair in zip(out, [*breaks, ""], strict=True) for part in pair)
