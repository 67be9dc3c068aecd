"""mkdocs-macros entry point (MkDocs and Zensical): it talks to the engine through scripts/engines only.

`define_env` loads the data file once, then registers small macros. Each macro takes ids,
looks the objects up (with a "did you mean" on a typo), calls a pure renderer and returns
its HTML. Pages opt in with `render_macros: true` in their front matter.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from copy import copy
from pathlib import Path
from typing import Any

# mkdocs-macros loads this file by path; make the `scripts` package importable beside it.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts import engines  # noqa: E402
from scripts.pipeline import (  # noqa: E402
    evidence,
    minify,
    pagecheck,
    pages,
    postbuild,  # noqa: E402
)
from scripts.pipeline.data_cache import load_with_plain_cached  # noqa: E402
from scripts.pipeline.loader import DATA_FILE, ROOT, SCHEMA_FILE, DataError, did_you_mean  # noqa: E402
from scripts.pipeline.model import Dataset, split_source  # noqa: E402
from scripts.pipeline.pages import relative_url as get_relative_url  # noqa: E402
from scripts.pipeline.render import (  # noqa: E402
    decide,
    deck,
    diagrams,
    downloads as downloads_render,
    heatmap as heatmap_render,
    include,
    landing,
    playbook,
    references,
    schema_doc,
    tables,
    text,  # noqa: E402
)

log = logging.getLogger("mkdocs.plugins.macros.pages")

_KINDS = {
    "models": "models",
    "dimensions": "dimensions",
    "groups": "dimension groups",
    "case_studies": "case studies",
    "references": "references",
}


class MacroError(pagecheck.MacroProblem):
    """A macro was called with an id or option that does not exist: what was found, what was expected."""


def _known(data: Dataset, kind: str, ids: Sequence[str], macro: str) -> None:
    """Raise a MacroError naming the first unknown id, with a suggestion."""
    known = data.ids(kind)
    for item in ids:
        if item not in known:
            raise MacroError(
                f"'{item}' in {macro}(...), which is not among the {_KINDS[kind]} in the data file",
                f"the id of one of its {_KINDS[kind]}",
                did_you_mean(item, known),
            )


def _known_source(data: Dataset, source: str) -> None:
    """Raise a MacroError for an unknown reference, or an unknown piece of evidence of a known one."""
    ref_id, piece = split_source(source)
    _known(data, "references", [ref_id], "cite")
    if piece is not None:
        known = [e.id for e in data.reference(ref_id).evidence]
        if piece not in known:
            listed = ", ".join(known) if known else "none yet"
            raise MacroError(
                f"'{source}' in cite(...), but the reference '{ref_id}' has no evidence '{piece}' in the data file",
                f"one of its evidence ids ({listed})",
                did_you_mean(piece, known),
            )


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


# The decision aid's calibration (a second of counting) is kept here between builds; git ignores .cache/.
# CALIBRATION_CACHE names another folder (the tests share one across project copies).
CALIBRATION_STORE = ROOT / ".cache" / "calibration"

# Served from overrides/ (pinned in package.json); only the offline (file://) copy loads it.
OFFLINE_SHIM = "assets/javascripts/vendor/iframe-worker/shim.js"


def define_env(env: Any) -> None:
    """Load the data once and register the macros."""
    engine = engines.detect(env)
    try:
        # Parsed once: the typed dataset for the macros, the plain data for the downloads. Under `mkdocs serve`
        # the last load is reused while the data file and schema are byte for byte the same (scripts/pipeline/data_cache.py).
        plain_checked, data = load_with_plain_cached(DATA_FILE, SCHEMA_FILE)
    except DataError as exc:
        _BUILD.clear()
        if pagecheck.serving():
            # `mkdocs serve` keeps running: the terminal and every page with macros show the problems.
            log.error(exc.report())
            _BUILD["data_error"] = exc.report()
            return
        # One line per problem, no traceback; MkDocs stops before touching site_dir.
        raise engine.error(exc.report()) from None
    _BUILD.pop("data_error", None)
    docs_dir = engine.docs_dir
    decide.use_store(Path(os.environ.get("CALIBRATION_CACHE") or CALIBRATION_STORE))
    # Glossary terms become tooltips wherever they appear in prose (Markdown's abbr extension).
    engine.set_abbreviations(references.abbreviations(data))
    # The offline copy needs the self-hosted iframe-worker shim (or the offline plugin would add
    # its CDN copy); the published site does not, so it does not load a blocking script for it.
    if engine.offline():
        engine.add_polyfill(OFFLINE_SHIM)

    def here() -> str:
        return engine.link_base()

    def site_href(src_path: str) -> str:
        """Address of a page of this site (by its source path), relative to the current page."""
        return get_relative_url(pages.page_url(src_path) or "./", here() or "./")

    def ref_href(ref_id: str) -> str:
        return site_href("references.md") + f"#ref-{ref_id}"

    def macro(fn: Callable[..., str]) -> Callable[..., str]:
        # Registered with its arguments checked and its output required (scripts/pipeline/pagecheck.py).
        env.macro(pagecheck.checked(fn.__name__, fn), fn.__name__)
        return fn

    # Data file reference, downloads, CONTRIBUTING.md as a page: see the bottom of this file.
    _contributing_macros(env, data, macro, plain_checked)
    # Org charts, the heat map and the decision aid: see _picture_macros at the bottom of this file.
    _picture_macros(env, data, macro, here, site_href, ref_href)

    @macro
    def cite(*ref_ids: str) -> str:
        """Citation markers: {{ cite("fsdl-2022", "talk") }}."""
        if not ref_ids:
            raise MacroError("cite() without a reference id", 'at least one, e.g. cite("talk")')
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
        highlight: str | Sequence[str] | None = None,
    ) -> str:
        """The comparison table, all of it or filtered by models, dimensions, group or family; `highlight` marks rows."""
        model_ids, dim_ids, key_ids = _as_list(models), _as_list(dimensions), _as_list(highlight)
        _known(data, "models", model_ids, "comparison_table")
        _known(data, "dimensions", dim_ids + key_ids, "comparison_table")
        if group is not None:
            _known(data, "groups", [group], "comparison_table")
        chosen_models = data.select_models(model_ids or None, family)
        chosen_dims = data.select_dimensions(dim_ids or None, group)
        if not chosen_models or not chosen_dims:
            raise MacroError(
                "comparison_table(...) filters that leave no model or no dimension", "filters that keep some of each"
            )
        return tables.comparison_table(data, ref_href, chosen_models, chosen_dims, caption, rationale, key_ids)

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
    def mechanisms_compact(ids: str | Sequence[str] | None = None, detail: bool = True) -> str:
        """Mechanisms as name and what each eases, small enough for a slide or a handout."""
        chosen = _as_list(ids)
        known = tuple(m.id for m in data.mechanisms)
        for item in chosen:
            if item not in known:
                raise MacroError(
                    f"'{item}' in mechanisms_compact(...)", "the id of one of the mechanisms", did_you_mean(item, known)
                )
        return deck.mechanisms_compact(data, ref_href, chosen, detail)

    @macro
    def reference_digest(hosts_only: bool = False) -> str:
        """All references as one compact numbered list, for the printed handout."""
        return deck.reference_digest(data, hosts_only)

    def site_url() -> str:
        url = engine.setting("site_url")
        if not url:
            raise MacroError("qr_code() with no site_url in mkdocs.yml", "a site_url to encode")
        return url

    @macro
    def qr_code(caption: bool = True, short: bool = False) -> str:
        """QR code of the site's address (`site_url` in mkdocs.yml) as inline SVG, made at build time.

        short: the caption is the talk's short address as plain text (slides, paper), not a link.
        """
        url = site_url()
        return deck.qr_code(url, caption, deck.short_address(data.talk, url) if short else "")

    def the_talk(macro_name: str) -> Any:
        if data.talk is None:
            raise MacroError(
                f"{macro_name}() with no talk: section in the data file", "a talk: section (title, source, presenters)"
            )
        return data.talk

    @macro
    def talk_title(heading: str = "h1") -> str:
        """The talk's title, presenters (with only the roles the talk states), date and venue when known."""
        if heading not in ("h1", "h2"):
            raise MacroError(f"heading={heading!r} in talk_title(...)", "'h1' or 'h2'")
        return deck.talk_title(the_talk("talk_title"), heading)

    @macro
    def presenters() -> str:
        """The talk's presenters as a list (name, role where stated, affiliation)."""
        return deck.presenters(the_talk("presenters"))

    @macro
    def short_address() -> str:
        """The site's short address (the talk's `address`, else site_url without https://), as plain text."""
        return text(deck.short_address(data.talk, site_url()))

    @macro
    def talk_name() -> str:
        """The talk's title as plain text."""
        return text(the_talk("talk_name").title)

    @macro
    def mechanism_checklist() -> str:
        """The mechanisms for moving between roles, with boxes to tick (worksheet)."""
        return deck.mechanism_checklist(data)

    @macro
    def model_line(model: str) -> str:
        """A model's name and one-line definition with its sources (handout)."""
        _known(data, "models", [model], "model_line")
        return deck.model_line(data, ref_href, model)

    @macro
    def question_checklist(answers: bool = True, ids: str | Sequence[str] | None = None) -> str:
        """The decision aid's questions (all, or the ids given) as a numbered list with boxes to tick."""
        chosen = _as_list(ids)
        known = tuple(q.id for q in data.questions)
        for item in chosen:
            if item not in known:
                raise MacroError(
                    f"'{item}' in question_checklist(...)", "the id of one of the questions", did_you_mean(item, known)
                )
        return deck.question_checklist(data, answers, chosen)

    # The deck's "Sources" lines (on_post_page_macros below) need the data and the page's links.
    _BUILD.update(ref_href=ref_href)


# ============================================================================
# Contributing: the data file reference, downloads, repository files shown as pages
# ============================================================================

# Set by define_env on every build (and every rebuild of `mkdocs serve`), read by on_post_build and by
# engines.finish_page. It lives in scripts.engines, so it is one dict even where an engine loads this
# module afresh for every page (Zensical).
_BUILD: dict[str, Any] = engines.BUILD


def _contributing_macros(
    env: Any, data: Dataset, macro: Callable[[Callable[..., str]], Callable[..., str]], plain_checked: dict[str, Any]
) -> None:
    """Register the macros of the contributor pages and remember what the downloads need."""
    engine = engines.detect(env)
    root = engine.root
    docs_name = engine.docs_dir.name
    edit_uri = engine.setting("edit_uri")

    def plain_data() -> dict[str, Any]:
        """The data file as plain mappings and lists, as the loader checked it (not parsed a second time)."""
        return plain_checked

    _BUILD.update(data=data, plain_data=plain_data)

    def page_src() -> str:
        return engine.page_src()

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
                raise MacroError(f"'{item}' in downloads(...)", "one of: " + ", ".join(known), did_you_mean(item, known))
        here = engine.link_base()
        return downloads_render.download_list(lambda path: get_relative_url(path, here or "./"), chosen)

    @macro
    def repo_file(path: str) -> str:
        """A Markdown file of the repository (e.g. CONTRIBUTING.md) as page content, its links made to work here."""
        source = (root / path).resolve()
        if root not in source.parents or not source.is_file():
            raise MacroError(
                f"'{path}' in repo_file(...), which is not a file of the repository", "a file such as CONTRIBUTING.md"
            )
        markdown = source.read_text(encoding="utf-8")
        return include.repo_markdown(markdown, path, page_src(), edit_uri, docs_name)


def on_pre_page_macros(env: Any) -> None:
    """Render the page's macros here, so that any error is one located line (docs/PAGE.md:LINE: ...).

    mkdocs-macros would print a traceback and exit the process (and with it `mkdocs serve`); here a
    build stops with the message, and `mkdocs serve` shows it in the terminal and in the page, and
    keeps running. The plugin is then told that the page has no macros left to render.
    """
    page = env.page
    if page is None or page.meta.get("render_macros") is not True:
        return
    if "data_error" in _BUILD:  # (only while serving: a build has stopped already)
        env.markdown = pagecheck.error_page(_BUILD["data_error"])
        done = copy(env.variables["page"])
        done.meta = {**page.meta, "render_macros": False}
        env.variables["page"] = done
        return
    docs_dir = Path(env.conf["docs_dir"])
    display = f"{docs_dir.name}/{page.file.src_uri}"
    try:
        source = Path(page.file.abs_src_path).read_bytes().decode("utf-8-sig") if page.file.abs_src_path else ""
    except (OSError, UnicodeDecodeError):
        source = ""
    variables = dict(env.variables)
    variables.update(page.meta)
    try:
        env.markdown = pagecheck.render(
            env.env, env.markdown, variables, display, pagecheck.body_offset(source, env.markdown), env.macros
        )
    except pagecheck.PageError as exc:
        if not pagecheck.serving():
            raise engines.detect(env).error(str(exc)) from None
        log.error(str(exc))
        env.markdown = pagecheck.error_page(str(exc))
    done = copy(env.variables["page"])
    done.meta = {**page.meta, "render_macros": False}
    env.variables["page"] = done


def on_post_page_macros(env: Any) -> None:
    """MkDocs only (Zensical: postbuild.fix_edit_links). A page whose front matter names `source_file` gets its
    edit/view links pointed at that repository file.

    On the slide deck (template slides.html), each slide's citation markers become one "Sources"
    line at the slide's foot (deck.gather_sources).
    """
    page = env.page
    source = page.meta.get("source_file") if page is not None else None
    if source and page.edit_url:
        page.edit_url = include.edit_url(env.conf.get("edit_uri") or "", source, Path(env.conf["docs_dir"]).name)
    if page is not None:
        env.markdown = engines.finish_page(env.markdown, page.meta)


def on_post_build(env: Any) -> None:
    """MkDocs only (Zensical's build command runs the same step): minify our CSS and JS, write the downloads."""
    if "data" not in _BUILD or "data_error" in _BUILD:
        # A data error under `mkdocs serve`: the pages show it; the site's own styles are still built.
        minify.minify_site(Path(env.conf["site_dir"]), Path(env.conf["theme"].custom_dir or minify.SOURCE))
        return
    postbuild.finish(
        Path(env.conf["site_dir"]),
        Path(env.conf["theme"].custom_dir or minify.SOURCE),
        env.conf.get("site_url") or "",
        env.conf.get("site_name", ""),
        _BUILD["data"],
        _BUILD["plain_data"](),
    )


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
    engine = engines.detect(env)

    def unique(base: str) -> str:
        key = (here(), base)
        used[key] = used.get(key, 0) + 1
        return base if used[key] == 1 else f"{base}-{used[key]}"

    def once(element: str, macro_name: str) -> None:
        """A block with fixed element ids (the decision aid, the compare view) may appear once per page."""
        if used.get((here(), element)):
            raise MacroError(f"{macro_name}() a second time on this page", "it once per page")
        unique(element)

    def model_links(model_id: str) -> list[tuple[str, str]]:
        """The model's deep-dive page and its sections, as addresses relative to the current page."""
        model = data.model(model_id)
        page, sections = _DEEP_DIVES[model.id] if model.id in _DEEP_DIVES else _VARIANTS
        title = "The " + model.label.split(" (")[0].lower() + " model" if model.id in _DEEP_DIVES else "Hybrid approaches"
        # Read by decide.js from JSON, which no engine rewrites: relative to the page's own address.
        href = get_relative_url(pages.page_url(page) or "./", engine.page_url() or "./")
        return [(title, href), *((label, f"{href}#{anchor}") for label, anchor in sections)]

    @macro
    def org_diagram(model: str, compact: bool = False) -> str:
        """The org chart of one model as inline SVG, with its description, legend and the chart in words.

        compact: without the teams' one-line notes, for a chart drawn large on a slide or small on paper.
        """
        _known(data, "models", [model], "org_diagram")
        return diagrams.org_diagram(data, model, unique(f"oc-{model}"), compact)

    @macro
    def org_diagrams(models: str | Sequence[str] | None = None, family: str | None = None) -> str:
        """Org charts of several models (all by default, or the ones named, or one family): a new model shows up by itself."""
        model_ids = _as_list(models)
        _known(data, "models", model_ids, "org_diagrams")
        families = sorted({m.family for m in data.models})
        if family is not None and family not in families:
            raise MacroError(
                f"the family '{family}' in org_diagrams(...)", "one of: " + ", ".join(families), did_you_mean(family, families)
            )
        chosen = data.select_models(model_ids or None, family)
        return "".join(diagrams.org_diagram(data, m.id, unique(f"oc-{m.id}")) for m in chosen)

    @macro
    def heatmap(
        models: str | Sequence[str] | None = None,
        group: str | None = None,
        groups: str | Sequence[str] | None = None,
    ) -> str:
        """The heat map of models x dimensions: level as shade and text, rationale on hover/focus and as text.

        group: one dimension group; groups: several (e.g. half of the map on each column of a slide).
        """
        model_ids, group_ids = _as_list(models), _as_list(groups) + ([group] if group is not None else [])
        _known(data, "models", model_ids, "heatmap")
        _known(data, "groups", group_ids, "heatmap")
        dims = tuple(d for d in data.dimensions if not group_ids or d.group in group_ids)
        return heatmap_render.heatmap(data, data.select_models(model_ids or None), dims, prefix=unique("hm"))

    @macro
    def decision_aid() -> str:
        """The "Which model fits us?" form, its scoring tables and the script that ranks the models."""
        once("decide", "decision_aid")
        script = get_relative_url("assets/javascripts/decide.js", here() or "./")
        # On phones, a bar that names the current leader while the reader answers (reads the ranking from the page).
        summary = get_relative_url("assets/javascripts/decide-summary.js", here() or "./")
        # The playbook sections for each model follow the result; decide.js shows the best fit's.
        return (
            decide.decision_aid(data, ref_href, model_links, script)
            + playbook.result_links(data, site_href)
            + f'<script src="{summary}" defer></script>'
        )

    @macro
    def decide_exceptions() -> str:
        """The named exceptions to the decision aid's weight rule, with reasons and sources."""
        return decide.exceptions_list(data, ref_href)

    @macro
    def decide_calibration() -> str:
        """How often each model comes first over every full answer set, computed at build time."""
        return decide.calibration_table(data)

    @macro
    def decide_best_cases() -> str:
        """For each model, the answer set where it leads by most, with a link that loads it."""
        return decide.best_cases(data, site_href("decide.md"))

    @macro
    def decide_answers(answers: dict[str, str]) -> str:
        """A worked example's answers, a link opening the decision aid with them, and its ranking:
        {{ decide_answers({"product-teams": "a-handful", ...}) }}."""
        try:
            return playbook.decide_answers(data, dict(answers), site_href("decide.md"))
        except playbook.AnswerError as exc:
            raise MacroError(f"decide_answers(...): {exc}", "answers the decision aid has (question id: answer id)") from None

    @macro
    def model_cards(models: str | Sequence[str] | None = None) -> str:
        """The talk's three models (or the ones named) as small org charts with their one-line definitions."""
        model_ids = _as_list(models)
        _known(data, "models", model_ids, "model_cards")
        chosen = data.select_models(model_ids) if model_ids else landing.talk_models(data)
        return landing.model_cards(data, chosen, lambda model_id: model_links(model_id)[0][1], unique)

    @macro
    def compare_view() -> str:
        """Every model on every dimension with reasons and sources, and a picker that keeps two or three (compare.js)."""
        once("compare", "compare_view")
        script = get_relative_url("assets/javascripts/compare.js", here() or "./")
        return landing.compare_view(data, ref_href, data.models, data.dimensions, landing.talk_models(data), script)
