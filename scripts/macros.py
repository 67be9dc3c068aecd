"""mkdocs-macros entry point: the only module that knows about MkDocs.

`define_env` loads the data file once, then registers small macros. Each macro takes ids,
looks the objects up (with a "did you mean" on a typo), calls a pure renderer and returns
its HTML. Pages opt in with `render_macros: true` in their front matter.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# mkdocs-macros loads this file by path; make the `scripts` package importable beside it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from scripts import pages  # noqa: E402
from scripts.loader import DATA_FILE, SCHEMA_FILE, DataError, did_you_mean, load  # noqa: E402
from scripts.model import Dataset  # noqa: E402
from scripts.render import references, tables  # noqa: E402


_KINDS = {"models": "models", "dimensions": "dimensions", "groups": "dimension groups", "case_studies": "case studies", "references": "references"}


class MacroError(ValueError):
    """A macro was called with an id or option that does not exist."""


def _known(data: Dataset, kind: str, ids: Sequence[str], macro: str) -> None:
    """Raise a MacroError naming the first unknown id, with a suggestion."""
    known = data.ids(kind)
    for item in ids:
        if item not in known:
            hint = did_you_mean(item, known)
            raise MacroError(f"{macro}: there is no '{item}' among the {_KINDS[kind]} in the data file. {hint}".strip())


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def define_env(env: Any) -> None:
    """Load the data once and register the macros."""
    try:
        data = load(DATA_FILE, SCHEMA_FILE)
    except DataError as exc:
        # One line per problem, no traceback; MkDocs stops before touching site_dir.
        raise PluginError(exc.report()) from None
    docs_dir = Path(env.conf["docs_dir"])

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

    @macro
    def cite(*ref_ids: str) -> str:
        """Citation markers: {{ cite("fsdl-2022", "talk") }}."""
        _known(data, "references", ref_ids, "cite")
        if not ref_ids:
            raise MacroError("cite: name at least one reference id")
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
    def mechanisms_table() -> str:
        """Mechanisms for moving between central and embedded roles."""
        return tables.mechanisms_table(data, ref_href)

    @macro
    def reference_list() -> str:
        """The numbered reference list with backlinks to the pages that cite each entry."""
        cited = pages.citations_by_reference(docs_dir)
        backlinks = {ref: [(title, site_href(src)) for title, src in where] for ref, where in cited.items()}
        return references.reference_list(data, site_href, backlinks)

    @macro
    def glossary() -> str:
        """All glossary terms with their definitions."""
        return references.glossary(data, ref_href)
