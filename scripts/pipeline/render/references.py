"""Citation markers, the reference list and the glossary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from scripts.pipeline.model import Dataset, Evidence, Reference, split_source
from scripts.pipeline.render import RefHref, attr, text

# A page that cites a reference: (page title, address relative to the reference list).
Backlink = tuple[str, str]


def authors_label(ref: Reference) -> str:
    names = list(ref.authors)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def evidence_anchor(ref_id: str, evidence_id: str) -> str:
    """The id of an evidence entry on the reference list ('--' cannot occur inside an id)."""
    return f"ref-{ref_id}--{evidence_id}"


def cite(data: Dataset, sources: Sequence[str], ref_href: RefHref) -> str:
    """Numbered citation markers, e.g. [3][7], each linking to its entry in the reference list.

    A source may name one piece of evidence ('noorzad-2019#coupling'): its marker links to that
    evidence on the reference list and carries the quote, the source and the locator as a card that
    the stylesheet shows on hover and focus (and that screen readers read as the link's text). With
    no CSS or script the card is plain text beside the number; a tap follows the link.
    """
    links = []
    unique = list(dict.fromkeys(sources))  # keep order, drop repeats
    # Two pieces of one reference in one marker read [1a][1b], not [1][1].
    per_ref: dict[str, int] = {}
    for source in unique:
        per_ref[split_source(source)[0]] = per_ref.get(split_source(source)[0], 0) + 1
    seen: dict[str, int] = {}
    for source in unique:
        ref_id, piece_id = split_source(source)
        ref = data.reference(ref_id)
        n: int | str = data.ref_number(ref_id)
        if per_ref[ref_id] > 1:
            seen[ref_id] = seen.get(ref_id, 0) + 1
            n = f"{n}{'abcdefghijklmnopqrstuvwxyz'[min(seen[ref_id], 26) - 1]}"
        tip = f"{ref.short}: {ref.title}"
        if piece_id is None:
            links.append(f'<a href="{attr(ref_href(ref_id))}" title="{attr(tip)}" aria-label="Source {n}: {attr(tip)}">[{n}]</a>')
            continue
        piece = ref.piece(piece_id)
        href = ref_href(ref_id).split("#", 1)[0] + "#" + evidence_anchor(ref_id, piece_id)
        card = (
            f'<span class="cite-card"><span class="cite-sr">, quote: </span><q>{text(piece.quote)}</q> '
            f'<span class="cite-from">{text(ref.short)}, <cite>{text(ref.title)}</cite>; {text(piece.locator)}</span></span>'
        )
        links.append(f'<a class="cite-ev" href="{attr(href)}"><span class="cite-n">[{n}]</span>{card}</a>')
    # A word joiner keeps the marker on the line of the word it follows.
    return f'&#8288;<sup class="cite">{"".join(links)}</sup>' if links else ""


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def human_date(iso: str) -> str:
    """'2022-09-26' -> '26 September 2022'."""
    year, month, day = iso.split("-")
    return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"


def _evidence_item(ref: Reference, piece: Evidence, backlinks: Sequence[Backlink]) -> str:
    cited = ""
    if backlinks:
        items = ", ".join(f'<a href="{attr(href)}">{text(title)}</a>' for title, href in backlinks)
        cited = f' <span class="ref-cited">Cited on: {items}</span>'
    return (
        f'<li id="{attr(evidence_anchor(ref.id, piece.id))}"><q>{text(piece.quote)}</q> '
        f'<span class="ref-locator">({text(piece.locator)})</span>{cited}</li>'
    )


def _entry(
    ref: Reference,
    n: int,
    site_href: RefHref,
    backlinks: Sequence[Backlink],
    evidence_backlinks: Mapping[str, Sequence[Backlink]],
) -> str:
    when = human_date(ref.date) if ref.date else str(ref.year) if ref.year else ""
    year = f" ({text(when)})" if when else ""  # the space outside text(), which folds it away
    if ref.url:
        link = f'<a class="ref-link" href="{attr(ref.url)}">{text(ref.url)}</a>'
    else:
        link = f'<a class="ref-link" href="{attr(site_href(ref.page or ""))}">On this site</a>'
    cited = ""
    if backlinks:
        items = ", ".join(f'<a href="{attr(href)}">{text(title)}</a>' for title, href in backlinks)
        cited = f'<span class="ref-cited">Cited on: {items}</span>'
    evidence = ""
    if ref.evidence:
        pieces = "".join(_evidence_item(ref, p, evidence_backlinks.get(f"{ref.id}#{p.id}", ())) for p in ref.evidence)
        evidence = f'<span class="ref-evidence-head">Evidence quoted:</span><ul class="ref-evidence">{pieces}</ul>'
    return (
        f'<li id="ref-{attr(ref.id)}" value="{n}">'
        f'<span class="ref-authors">{text(authors_label(ref))}</span>{year}. '
        f'<cite>{text(ref.title)}</cite>. <span class="ref-venue">{text(ref.venue)}</span>. {link} '
        f'<span class="ref-supports">{text(ref.supports)}</span> {cited}{evidence}</li>'
    )


def reference_list(data: Dataset, site_href: RefHref, backlinks: Mapping[str, Sequence[Backlink]] | None = None) -> str:
    """The numbered reference list; numbers match the citation markers everywhere.

    `backlinks` maps a reference id ('noorzad-2019') to the pages that cite it, and a piece of
    evidence ('noorzad-2019#coupling') to the pages that cite that piece.
    """
    backlinks = backlinks or {}
    items = [_entry(ref, n, site_href, backlinks.get(ref.id, ()), backlinks) for n, ref in enumerate(data.references, 1)]
    return '<ol class="references">\n' + "\n".join(items) + "\n</ol>"


def glossary(data: Dataset, ref_href: RefHref) -> str:
    """The glossary as a definition list, terms in alphabetical order."""
    rows = []
    for term in sorted(data.glossary, key=lambda t: t.term.lower()):
        rows.append(
            f'<dt id="term-{attr(term.id)}">{text(term.term)}</dt>'
            f" <dd>{text(term.definition)}{cite(data, term.sources, ref_href)}</dd>"
        )
    return '<dl class="glossary">\n' + "\n".join(rows) + "\n</dl>"


def abbreviations(data: Dataset) -> dict[str, str]:
    """Glossary terms as abbreviation definitions, so each term shows its definition as a tooltip.

    Both the term as written and its lower-case form are listed, because abbreviations match
    case-sensitively and terms appear mid-sentence. Text only: the abbr extension escapes it.
    """
    out: dict[str, str] = {}
    for term in data.glossary:
        definition = " ".join(term.definition.split())
        for form in (term.term, term.term.lower()):
            out.setdefault(form, definition)
    return out
