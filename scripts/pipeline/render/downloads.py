"""Downloads made from the one data file at build time: the data as JSON, the references as BibTeX.

Pure: plain data or a Dataset in, file text out. The adapter (scripts/engines/macros.py) writes the
results into the built site. Nothing here imports MkDocs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from scripts.pipeline.model import Dataset, Reference
from scripts.pipeline.render import attr, text

# The files offered for download, relative to the site root: (path, label, what it is).
DATA_YAML = "data/organisation-models.yaml"
DATA_SCHEMA = "data/organisation-models.schema.json"
DATA_JSON = "data/organisation-models.json"
REFERENCES_BIB = "data/references.bib"
DOWNLOADS: tuple[tuple[str, str, str], ...] = (
    (DATA_YAML, "organisation-models.yaml", "the data file itself (YAML), the source of every table on this site"),
    (DATA_JSON, "organisation-models.json", "the same data as JSON, made from the YAML at build time"),
    (DATA_SCHEMA, "organisation-models.schema.json", "the JSON Schema the data file is checked against"),
    (REFERENCES_BIB, "references.bib", "every reference as BibTeX, made from the data file at build time"),
)


def to_json(plain: Mapping[str, Any]) -> str:
    """The data file's content as pretty JSON (UTF-8, key order as in the file)."""
    return json.dumps(plain, indent=2, ensure_ascii=False, default=str) + "\n"


# ============================================================================
# BibTeX
# ============================================================================

# Our kinds -> BibTeX entry types, and which field holds the venue for each.
_ENTRY = {
    "book": ("book", "publisher"),
    "paper": ("article", "journal"),
    "report": ("techreport", "institution"),
    "article": ("misc", "howpublished"),
    "talk": ("misc", "howpublished"),
    "web": ("misc", "howpublished"),
}
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# Words that mark an author as an organisation rather than a person.
_ORG_WORDS = {
    "science",
    "insights",
    "research",
    "institute",
    "university",
    "press",
    "team",
    "blog",
    "news",
    "magazine",
    "inc",
    "ltd",
    "foundation",
}


def bib_escape(value: str) -> str:
    """Text for a BibTeX field: LaTeX special characters escaped, whitespace folded."""
    return "".join(_SPECIAL.get(c, c) for c in " ".join(str(value).split()))


def is_organisation(name: str) -> bool:
    """True for a corporate author ('Amazon Science', 'Wired UK'): kept whole, not split into first and last name."""
    words = name.replace("(", " ( ").split()
    if "(" in words or len(words) < 2:
        return True
    if any(w.strip(".,").lower() in _ORG_WORDS for w in words):
        return True
    return any(len(w) >= 2 and w.isupper() and w.isalpha() for w in words)  # an acronym: AWS, PAIR, UK


def bib_author(name: str) -> str:
    """One author: a person as written ('Melvin E. Conway'); an organisation in braces so BibTeX keeps it whole."""
    escaped = bib_escape(name)
    return "{" + escaped + "}" if is_organisation(name) else escaped


def bib_entry(ref: Reference, page_url: Callable[[str], str]) -> str:
    """One @type{id, ...} entry; `page_url` turns a page of this site into its full address."""
    entry_type, venue_field = _ENTRY.get(ref.kind, ("misc", "howpublished"))
    url = ref.url or page_url(ref.page or "")
    fields: list[tuple[str, str]] = [
        ("author", " and ".join(bib_author(a) for a in ref.authors)),
        ("title", "{" + bib_escape(ref.title) + "}"),  # double braces keep the title's capitals
        (venue_field, bib_escape(ref.venue)),
    ]
    if ref.year:
        fields.append(("year", str(ref.year)))
    if ref.date:
        fields.append(("date", ref.date))
        fields.append(("month", str(int(ref.date[5:7]))))
    fields.append(("url", url))
    fields.append(("note", bib_escape(f"Cited for: {ref.supports}")))
    if ref.evidence:  # the quoted passages, each with where it stands
        pieces = "; ".join(f'[{p.id}] "{p.quote}" ({p.locator})' for p in ref.evidence)
        fields.append(("annote", bib_escape(f"Evidence quoted: {pieces}")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry_type}{{{ref.id},\n{body}\n}}\n"


def to_bibtex(data: Dataset, page_url: Callable[[str], str], header: Sequence[str] = ()) -> str:
    """Every reference of the data file as one BibTeX file, in reference-list order."""
    lines = [f"% {line}" for line in header]
    head = "\n".join(lines) + "\n\n" if lines else ""
    return head + "\n".join(bib_entry(ref, page_url) for ref in data.references)


# ============================================================================
# The download links
# ============================================================================


def download_list(href: Callable[[str], str], only: Sequence[str] = ()) -> str:
    """A list of links to the downloads; `href` turns a site path into an address relative to the page."""
    items = []
    for path, name, what in DOWNLOADS:
        if only and path not in only:
            continue
        items.append(f'<li><a href="{attr(href(path))}" download><code>{text(name)}</code></a>: {text(what)}</li>')
    return f'<ul class="downloads">{"".join(items)}</ul>'


def known_downloads() -> tuple[str, ...]:
    return tuple(path for path, _, _ in DOWNLOADS)
