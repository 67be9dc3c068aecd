"""mkdocs-macros entry point: the only module that knows about MkDocs.

`define_env` loads the data file once, then registers small macros. Each macro takes ids,
looks the objects up (with a "did you mean" on a typo), calls a pure renderer and returns
its HTML. Pages opt in with `render_macros: true` in their front matter.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# mkdocs-macros loads this file by path; make the `scripts` package importable beside it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from scripts import evidence, minify, pages  # noqa: E402
from scripts.loader import DATA_FILE, SCHEMA_FILE, DataError, did_you_mean, load_with_plain  # noqa: E402
from scripts.model import Dataset, split_source  # noqa: E402
from scripts.render import (  # noqa: E402
    decide,
    deck,
    diagrams,
    downloads as downloads_render,
    heatmap as heatmap_render,
    include,
    playbook,
    references,
    schema_doc,
    tables,
)

_KINDS = {
    "models": "models",
    "dimensions": "dimensions",
    "groups": "dimension groups",
    "case_studies": "case studies",
    "references": "references",
}


class MacroError(ValueError):
    """A macro was called with an id or option that does not exist."""


def _known(data: Dataset, kind: str, ids: Sequence[str], macro: str) -> None:
    """Raise a MacroError naming the first unknown id, with a suggestion."""
    known = data.ids(kind)
    for item in ids:
        if item not in known:
            hint = did_you_mean(item, known)
            raise MacroError(f"{macro}: there is no '{item}' among the {_KINDS[kind]} in the data file. {hint}".strip())


def _known_source(data: Dataset, source: str) -> None:
    """Raise a MacroError for an unknown reference, or an unknown piece of evidence of a known one."""
    ref_id, piece = split_source(source)
    _known(data, "references", [ref_id], "cite")
    if piece is not None:
        known = [e.id for e in data.reference(ref_id).evidence]
        if piece not in known:
            listed = ", ".join(known) if known else "none yet"
            hint = did_you_mean(piece, known)
            raise MacroError(
                f"cite: the reference '{ref_id}' has no evidence '{piece}' in the data file (it has: {listed}). {hint}".strip()
            )


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


# Served from overrides/ (pinned in package.json); only the offline (file://) copy loads it.
OFFLINE_SHIM = "assets/javascripts/vendor/iframe-worker/shim.js"


def define_env(env: Any) -> None:
    """Load the data once and register the macros."""
    try:
        # Parsed once: the typed dataset for the macros, the plain data for the downloads.
        plain_checked, data = load_with_plain(DATA_FILE, SCHEMA_FILE)
    except DataError as exc:
        # One line per problem, no traceback; MkDocs stops before touching site_dir.
        raise PluginError(exc.report()) from None
    docs_dir = Path(env.conf["docs_dir"])
    # Glossary terms become tooltips wherever they appear in prose (Markdown's abbr extension).
    env.conf["mdx_configs"].setdefault("abbr", {})["glossary"] = references.abbreviations(data)
    # The offline copy needs the self-hosted iframe-worker shim (or the offline plugin would add
    # its CDN copy); the published site does not, so it does not load a blocking script for it.
    offline = env.conf["plugins"].get("material/offline") or env.conf["plugins"].get("offline")
    if offline is not None and offline.config.enabled:
        env.conf["extra"].setdefault("polyfills", []).append(OFFLINE_SHIM)

    def here() -> str:
        return env.page.url if env.page is not None else ""

    def site_href(src_path: str) -> str:
        """Address of a page of this site (by its source path), relative to the current page."""
        return get_relative_url(pages.page_url(src_path) or "./", here() or "./")

    def ref_href(ref_id: str) -> str:
        return site_href("references.md") + f"#ref-{ref_id}"

    def macro(fn: Callable[..., str]) -> Callable[..., str]:
        env.macro(fn)
        return fn

    # Data file reference, downloads, CONTRIBUTING.md as a page: see the bottom of this file.
    _contributing_macros(env, data, macro, plain_checked)
    # Org charts, the heat map and the decision aid: see _picture_macros at the bottom of this file.
    _picture_macros(env, data, macro, here, site_href, ref_href)

    @macro
    def cite(*ref_ids: str) -> str:
        """Citation markers: {{ cite("fsdl-2022", "talk") }}."""
        if not ref_ids:
            raise MacroError("cite: name at least one reference id")
        for source in ref_ids:
            _known_source(data, source)
        return references.cite(data, ref_ids, ref_href)

    @macro
    def comparison_table(
        models: str | Sequence[str] | None = None,
        dimensions: str | Sequence[str] | None = None,
        group: str | None = None,
        family: str | None = None,
        caption: str = "",
        rationale: bool = True,
    ) -> str:
        """The comparison table, all of it or filtered by models, dimensions, group or family."""
        model_ids, dim_ids = _as_list(models), _as_list(dimensions)
        _known(data, "models", model_ids, "comparison_table")
        _known(data, "dimensions", dim_ids, "comparison_table")
        if group is not None:
            _known(data, "groups", [group], "comparison_table")
        chosen_models = data.select_models(model_ids or None, family)
        chosen_dims = data.select_dimensions(dim_ids or None, group)
        if not chosen_models or not chosen_dims:
            raise MacroError("comparison_table: the filters leave no model or no dimension")
        return tables.comparison_table(data, ref_href, chosen_models, chosen_dims, caption, rationale)

    @macro
    def model_summary(model: str) -> str:
        """Definition and team structure of one model."""
        _known(data, "models", [model], "model_summary")
        return tables.model_summary(data, ref_href, data.model(model))

    @macro
    def strengths_weaknesses(model: str) -> str:
        """Strengths and weaknesses of one model, side by side."""
        _known(data, "models", [model], "strengths_weaknesses")
        return tables.strengths_weaknesses(data, ref_href, data.model(model))

    @macro
    def case_study(case: str) -> str:
        """Structured facts of one case study."""
        _known(data, "case_studies", [case], "case_study")
        return tables.case_study(data, ref_href, case)

    @macro
    def case_account(case: str) -> str:
        """What the talk itself presents for a case (structure, successes, challenges), or
        "to be added after the workshop" while the presenters' account is empty."""
        _known(data, "case_studies", [case], "case_account")
        return tables.case_account(data, ref_href, case)

    @macro
    def mechanisms_table() -> str:
        """Mechanisms for moving between central and embedded roles."""
        return tables.mechanisms_table(data, ref_href)

    @macro
    def reference_list() -> str:
        """The numbered reference list with backlinks to the pages that cite each entry."""
        cited = pages.citations_by_reference(docs_dir)
        # Pages that show data-file content (tables, cards, the glossary) cite its sources too.
        for key, where in evidence.data_citations_by_page(docs_dir, data).items():
            listed = cited.setdefault(key, [])
            listed += [page for page in where if page not in listed]
        backlinks = {ref: [(title, site_href(src)) for title, src in where] for ref, where in cited.items()}
        return references.reference_list(data, site_href, backlinks)

    @macro
    def glossary() -> str:
        """All glossary terms with their definitions."""
        return references.glossary(data, ref_href)

    # ---- Slides and handout (deck.py) --------------------------------------------------
    @macro
    def title_card(ref: str = "talk") -> str:
        """The deck's title slide: a reference's title as heading, with its authors."""
        _known(data, "references", [ref], "title_card")
        return deck.title_card(data, ref)

    @macro
    def mechanisms_compact(ids: str | Sequence[str] | None = None) -> str:
        """Mechanisms as name and what each eases, small enough for a slide or a handout."""
        chosen = _as_list(ids)
        known = tuple(m.id for m in data.mechanisms)
        for item in chosen:
            if item not in known:
                raise MacroError(
                    f"mechanisms_compact: there is no '{item}' among the mechanisms. {did_you_mean(item, known)}".strip()
                )
        return deck.mechanisms_compact(data, ref_href, chosen)

    @macro
    def reference_digest() -> str:
        """All references as one compact numbered list, for the printed handout."""
        return deck.reference_digest(data)

    @macro
    def qr_code(caption: bool = True) -> str:
        """QR code of the site's address (`site_url` in mkdocs.yml) as inline SVG, made at build time."""
        url = env.conf.get("site_url") or ""
        if not url:
            raise MacroError("qr_code: mkdocs.yml has no site_url to encode")
        return deck.qr_code(url, caption)


# ============================================================================
# Contributing: the data file reference, downloads, repository files shown as pages
# ============================================================================

# Set by define_env on every build (and every rebuild of `mkdocs serve`), read by on_post_build.
_BUILD: dict[str, Any] = {}


def _contributing_macros(
    env: Any, data: Dataset, macro: Callable[[Callable[..., str]], Callable[..., str]], plain_checked: dict[str, Any]
) -> None:
    """Register the macros of the contributor pages and remember what the downloads need."""
    root = Path(env.conf["config_file_path"]).resolve().parent
    docs_name = Path(env.conf["docs_dir"]).name
    edit_uri = env.conf.get("edit_uri") or ""

    def plain_data() -> dict[str, Any]:
        """The data file as plain mappings and lists, as the loader checked it (not parsed a second time)."""
        return plain_checked

    _BUILD.update(data=data, plain_data=plain_data)

    def page_src() -> str:
        return env.page.file.src_uri if env.page is not None else ""

    @macro
    def schema_reference() -> str:
        """Every field of the data file, generated from its JSON Schema, with examples from the data."""
        schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
        return schema_doc.schema_reference(schema, plain_data())

    @macro
    def downloads(only: str | Sequence[str] | None = None) -> str:
        """Links to the data file (YAML, JSON, schema) and the references (BibTeX), made at build time."""
        chosen = _as_list(only)
        known = downloads_render.known_downloads()
        for item in chosen:
            if item not in known:
                raise MacroError(f"downloads: there is no download '{item}'. {did_you_mean(item, known)}".strip())
        here = env.page.url if env.page is not None else ""
        return downloads_render.download_list(lambda path: get_relative_url(path, here or "./"), chosen)

    @macro
    def repo_file(path: str) -> str:
        """A Markdown file of the repository (e.g. CONTRIBUTING.md) as page content, its links made to work here."""
        source = (root / path).resolve()
        if root not in source.parents or not source.is_file():
            raise MacroError(f"repo_file: there is no file '{path}' in the repository")
        markdown = source.read_text(encoding="utf-8")
        return include.repo_markdown(markdown, path, page_src(), edit_uri, docs_name)


def on_post_page_macros(env: Any) -> None:
    """A page whose front matter names `source_file` gets its edit/view links pointed at that repository file."""
    page = env.page
    source = page.meta.get("source_file") if page is not None else None
    if source and page.edit_url:
        page.edit_url = include.edit_url(env.conf.get("edit_uri") or "", source, Path(env.conf["docs_dir"]).name)


def on_post_build(env: Any) -> None:
    """Minify our CSS and JS in the built site; write the downloads made from the data file (JSON, BibTeX)."""
    out = Path(env.conf["site_dir"])
    minify.minify_site(out, Path(env.conf["theme"].custom_dir or minify.SOURCE))
    if "data" not in _BUILD:
        return
    site_url = env.conf.get("site_url") or ""
    header = (
        f'References of "{env.conf.get("site_name", "")}" ({site_url}).',
        "Made from docs/data/organisation-models.yaml at build time: edit that file, not this one.",
    )
    files = {
        downloads_render.DATA_JSON: downloads_render.to_json(_BUILD["plain_data"]()),
        downloads_render.REFERENCES_BIB: downloads_render.to_bibtex(
            _BUILD["data"], lambda src: site_url + pages.page_url(src), header
        ),
    }
    for rel, content in files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")


# ============================================================================
# Pictures and the decision aid: org charts, the heat map, "Which model fits us?"
# ============================================================================

# Where each of the talk's three models is discussed in depth, and the sections the decision
# aid links to (page, [(link text, anchor)]). Models that are not one of the talk's three
# (their id differs from their family) are discussed among the hybrid page's named variants.
_DEEP_DIVES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "centralised": (
        "centralised.md",
        (
            ("When it fits", "when-the-centralised-model-fits"),
            ("Early-warning signs", "early-warning-signs"),
            ("Mitigations", "mitigations"),
        ),
    ),
    "embedded": (
        "embedded.md",
        (("When it fits", "when-the-embedded-model-fits"), ("Warning signs", "warning-signs"), ("Mitigations", "mitigations")),
    ),
    "hybrid": (
        "hybrid.md",
        (
            ("The risks", "the-risks"),
            ("Mechanisms for moving between roles", "mechanisms-for-moving-between-central-and-embedded-roles"),
        ),
    ),
}
_VARIANTS = ("hybrid.md", (("The named variants", "the-named-variants"), ("The risks", "the-risks")))


def _picture_macros(
    env: Any,
    data: Dataset,
    macro: Callable[[Callable[..., str]], Callable[..., str]],
    here: Callable[[], str],
    site_href: Callable[[str], str],
    ref_href: Callable[[str], str],
) -> None:
    """Register org_diagram(model), heatmap() and decision_aid()."""
    used: dict[tuple[str, str], int] = {}  # (page, element id) -> times used, for unique ids on a page

    def unique(base: str) -> str:
        key = (here(), base)
        used[key] = used.get(key, 0) + 1
        return base if used[key] == 1 else f"{base}-{used[key]}"

    def model_links(model_id: str) -> list[tuple[str, str]]:
        """The model's deep-dive page and its sections, as addresses relative to the current page."""
        model = data.model(model_id)
        page, sections = _DEEP_DIVES[model.id] if model.id in _DEEP_DIVES else _VARIANTS
        title = "The " + model.label.split(" (")[0].lower() + " model" if model.id in _DEEP_DIVES else "Hybrid approaches"
        href = site_href(page)
        return [(title, href), *((label, f"{href}#{anchor}") for label, anchor in sections)]

    @macro
    def org_diagram(model: str) -> str:
        """The org chart of one model as inline SVG, with its description, legend and the chart in words."""
        _known(data, "models", [model], "org_diagram")
        return diagrams.org_diagram(data, model, unique(f"oc-{model}"))

    @macro
    def org_diagrams(models: str | Sequence[str] | None = None, family: str | None = None) -> str:
        """Org charts of several models (all by default, or the ones named, or one family): a new model shows up by itself."""
        model_ids = _as_list(models)
        _known(data, "models", model_ids, "org_diagrams")
        families = sorted({m.family for m in data.models})
        if family is not None and family not in families:
            raise MacroError(f"org_diagrams: there is no family '{family}'. {did_you_mean(family, families)}".strip())
        chosen = data.select_models(model_ids or None, family)
        return "".join(diagrams.org_diagram(data, m.id, unique(f"oc-{m.id}")) for m in chosen)

    @macro
    def heatmap(models: str | Sequence[str] | None = None, group: str | None = None) -> str:
        """The heat map of models x dimensions: level as shade and text, rationale on hover/focus and as text."""
        model_ids = _as_list(models)
        _known(data, "models", model_ids, "heatmap")
        if group is not None:
            _known(data, "groups", [group], "heatmap")
        return heatmap_render.heatmap(
            data, data.select_models(model_ids or None), data.select_dimensions(None, group), prefix=unique("hm")
        )

    @macro
    def decision_aid() -> str:
        """The "Which model fits us?" form, its scoring tables and the script that ranks the models."""
        if used.get((here(), "decide")):
            raise MacroError("decision_aid: use it once per page")
        unique("decide")
        script = get_relative_url("assets/javascripts/decide.js", here() or "./")
        # The playbook sections for each model follow the result; decide.js shows the best fit's.
        return decide.decision_aid(data, ref_href, model_links, script) + playbook.result_links(data, site_href)

    @macro
    def decide_answers(answers: dict[str, str]) -> str:
        """A worked example's answers, a link opening the decision aid with them, and its ranking:
        {{ decide_answers({"product-teams": "a-handful", ...}) }}."""
        try:
            return playbook.decide_answers(data, dict(answers), site_href("decide.md"))
        except playbook.AnswerError as exc:
            raise MacroError(f"decide_answers: {exc}") from None
