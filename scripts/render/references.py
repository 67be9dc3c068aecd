"""Citation markers, the reference list and the glossary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from scripts.model import Dataset, Reference
from scripts.render import RefHref, attr, text

# A page that cites a reference: (page title, address relative to the reference list).
Backlink = tuple[str, str]


def authors_label(ref: Reference) -> str:
    names = list(ref.authors)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def cite(data: Dataset, ref_ids: Sequence[str], ref_href: RefHref) -> str:
    """Numbered citation markers, e.g. [3][7], each linking to its entry in the reference list."""
    links = []
    for ref_id in dict.fromkeys(ref_ids):  # keep order, drop repeats
        ref = data.reference(ref_id)
        n = data.ref_number(ref_id)
        tip = f"{ref.short}: {ref.title}"
        links.append(f'<a href="{attr(ref_href(ref_id))}" title="{attr(tip)}" aria-label="Source {n}: {attr(tip)}">[{n}]</a>')
    # A word joiner keeps the marker on the line of the word it follows.
    return f'&#8288;<sup class="cite">{"".join(links)}</sup>' if links else ""


def _entry(ref: Reference, n: int, site_href: RefHref, backlinks: Sequence[Backlink]) -> str:
    # The space sits outside text(), which trims the value it escapes.
    year = f" {text(f'({ref.date or ref.year})')}" if ref.year else ""
    if ref.url:
        link = f'<a class="ref-link" href="{attr(ref.url)}">{text(ref.url)}</a>'
    else:
        link = f'<a class="ref-link" href="{attr(site_href(ref.page or ""))}">On this site</a>'
    cited = ""
    if backlinks:
        items = ", ".join(f'<a href="{attr(href)}">{text(title)}</a>' for title, href in backlinks)
        cited = f'<span class="ref-cited">Cited on: {items}</span>'
    return (
        f'<li id="ref-{attr(ref.id)}" value="{n}">'
        f'<span class="ref-authors">{text(authors_label(ref))}</span>{year}. '
        f'<cite>{text(ref.title)}</cite>. <span class="ref-venue">{text(ref.venue)}</span>. {link} '
        f'<span class="ref-supports">{text(ref.supports)}</span> {cited}</li>'
    )


def reference_list(data: Dataset, site_href: RefHref, backlinks: Mapping[str, Sequence[Backlink]] | None = None) -> str:
    """The numbered reference list; numbers match the citation markers everywhere."""
    backlinks = backlinks or {}
    items = [_entry(ref, n, site_href, backlinks.get(ref.id, ())) for n, ref in enumerate(data.references, 1)]
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
