"""Load the data file: read with line numbers, validate against the schema, cross-check, build a Dataset.

Every problem becomes one `Problem` that names the file, the line, the key path, what was
found and what was expected. `load()` raises `DataError` with all of them; it never lets a
parser or validator traceback through. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs
from yaml import MappingNode, Node, ScalarNode, SequenceNode
from yaml.constructor import SafeConstructor
from yaml.error import MarkedYAMLError, YAMLError
from yaml.resolver import BaseResolver

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

try:  # libyaml's C parser when PyYAML was built with it; the pure-Python one otherwise
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


from scripts.model import (
    Answer,
    CaseStudy,
    Claim,
    Dataset,
    Dimension,
    DimensionGroup,
    Edge,
    Evidence,
    Level,
    Mechanism,
    Model,
    OrgChart,
    Position,
    Presenter,
    Question,
    Reference,
    Talk,
    Team,
    TeamGroup,
    Term,
    split_source,
)

ROOT = Path(__file__).resolve().parents[1]
DATA_FILE = ROOT / "docs" / "data" / "organisation-models.yaml"
SCHEMA_FILE = ROOT / "docs" / "data" / "organisation-models.schema.json"

KeyPath = tuple[str | int, ...]

# The longest quote an evidence entry may hold, in words: a short passage, not a copy.
MAX_QUOTE_WORDS = 30

# ============================================================================
# Problems
# ============================================================================


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data file, in terms a contributor can act on."""

    file: str
    line: int
    path: str
    found: str
    expected: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        text = f"{where}: {self.path or '(top level)'}: found {self.found}; expected {self.expected}."
        return f"{text} {self.hint}" if self.hint else text


class DataError(Exception):
    """The data file cannot be used; `problems` lists every reason, in line order."""

    def __init__(self, problems: Sequence[Problem]):
        # Sorted by line; one rule broken two ways (e.g. empty text) is reported once.
        self.problems = tuple(sorted(dict.fromkeys(problems), key=lambda p: (p.line, p.path)))
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        head = f"The data file has {n} problem{'s' if n != 1 else ''}:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


def did_you_mean(word: object, candidates: Iterable[str]) -> str:
    """'Did you mean ...?' for a near miss, or ''."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"Did you mean '{close[0]}'?" if close else ""


def format_path(path: Iterable[str | int]) -> str:
    """('models', 2, 'sources', 0) -> 'models[2].sources[0]'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# ============================================================================
# Reading YAML with line numbers
# ============================================================================


class _CoreResolver(BaseResolver):
    """YAML 1.2 core schema: only true/false, numbers and null are implicit; `no`, `on` and dates stay text."""


for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    _CoreResolver.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))


class _Loader(_Parser, SafeConstructor, _CoreResolver):  # type: ignore[misc, valid-type]
    """libyaml's parser (when present) with the core-schema resolver: fast, and every node keeps its line."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        SafeConstructor.__init__(self)
        _CoreResolver.__init__(self)


class _Located:
    """Finds the 1-based line of a key path in the composed YAML node tree."""

    def __init__(self, root: Node | None):
        self.root = root

    def line(self, path: KeyPath) -> int:
        node = self.root
        if node is None:
            return 1
        line = node.start_mark.line + 1
        for part in path:
            if isinstance(node, MappingNode):
                match = next(((k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == part), None)
                if match is None:
                    break
                line, node = match[0].start_mark.line + 1, match[1]
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line


def _scalar(node: ScalarNode) -> Any:
    """A scalar under the core schema."""
    tag, value = node.tag.rsplit(":", 1)[-1], node.value
    if tag == "bool":
        return value.lower() == "true"
    if tag == "int":
        return int(value, 16) if value.lower().startswith("0x") else int(value)
    if tag == "float":
        return float(value.lower().replace(".inf", "inf").replace(".nan", "nan"))
    if tag == "null":
        return None
    return value


def _plain(node: Node, display: str) -> Any:
    """Composed nodes -> plain dict/list/str/int/float/bool/None; a key given twice is an error."""
    if isinstance(node, MappingNode):
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = _plain(key_node, display)
            if isinstance(key, (dict, list)):
                raise DataError(
                    [
                        Problem(
                            display,
                            key_node.start_mark.line + 1,
                            "",
                            "invalid YAML (a mapping or list used as a key)",
                            "well-formed YAML",
                        )
                    ]
                )
            if key in out:
                found = f"invalid YAML (duplicate key '{key}'; first at line {first_line[key]})"
                raise DataError(
                    [Problem(display, key_node.start_mark.line + 1, "", found, "well-formed YAML with each key once")]
                )
            first_line[key] = key_node.start_mark.line + 1
            out[key] = _plain(value_node, display)
        return out
    if isinstance(node, SequenceNode):
        return [_plain(item, display) for item in node.value]
    if not node.tag.startswith("tag:yaml.org,2002:"):
        raise DataError(
            [Problem(display, node.start_mark.line + 1, "", f"the YAML tag '{node.tag}'", "plain values without tags")]
        )
    return _scalar(node)


def read_yaml(path: Path, display: str) -> tuple[Any, _Located]:
    """Parse the file as strict UTF-8 YAML (core schema; duplicate keys are errors)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(display, 1, "", f"no readable file ({exc.strerror})", "the data file")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        found = f"the byte 0x{raw[exc.start]:02X} at column {column}, which is not UTF-8"
        raise DataError([Problem(display, line, "", found, "UTF-8 text (save the file as UTF-8)")]) from None
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        context = " ".join(str(exc.context or "").split())
        found = f"invalid YAML ({problem}{'; ' + context if context and context != problem else ''})"
        raise DataError([Problem(display, line, "", found, "well-formed YAML")]) from None
    except YAMLError as exc:
        raise DataError([Problem(display, 1, "", f"invalid YAML ({exc})", "well-formed YAML")]) from None
    finally:
        loader.dispose()
    return (_plain(root, display) if root is not None else None), _Located(root)


# ============================================================================
# Schema validation
# ============================================================================

_YAML_TYPES = {
    dict: "a mapping",
    list: "a list",
    str: "text",
    bool: "true/false",
    int: "a whole number",
    float: "a number",
    type(None): "nothing (an empty value)",
    _dt.date: "a date (put it in quotes)",
    _dt.datetime: "a date and time (put it in quotes)",
}
_SCHEMA_TYPES = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true/false",
}


def _describe(value: Any) -> str:
    kind = next((name for t, name in _YAML_TYPES.items() if type(value) is t), type(value).__name__)
    if isinstance(value, (dict, list)):
        return kind
    shown = repr(value) if not isinstance(value, str) else f"'{value}'"
    if len(shown) > 60:
        shown = shown[:57] + "...'"
    return f"{kind} {shown}" if not isinstance(value, str) else shown


def _schema_problems(error: ValidationError, display: str, where: _Located, instance: Any) -> Iterator[Problem]:
    path: KeyPath = tuple(error.absolute_path)
    line = where.line(path)
    dotted = format_path(path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(allowed), key=str):
            yield Problem(
                display,
                where.line(path + (key,)),
                format_path(path + (key,)),
                f"the unknown key '{key}'",
                "one of: " + ", ".join(allowed),
                did_you_mean(key, allowed),
            )
    elif kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.validator_value)
        yield Problem(display, line, dotted, f"no '{missing}'", f"a value for the required key '{missing}'")
    elif kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        yield Problem(display, line, dotted, _describe(error.instance), " or ".join(_SCHEMA_TYPES.get(t, t) for t in wanted))
    elif kind == "enum":
        options = [str(o) for o in error.validator_value]
        yield Problem(
            display,
            line,
            dotted,
            _describe(error.instance),
            "one of: " + ", ".join(options),
            did_you_mean(error.instance, options),
        )
    elif kind == "const":
        yield Problem(display, line, dotted, _describe(error.instance), repr(error.validator_value))
    elif kind in ("minLength", "pattern") and isinstance(error.instance, str) and not error.instance.strip():
        yield Problem(display, line, dotted, "empty text", "some text (this field is required and cannot be blank)")
    elif kind == "pattern":
        expected = schema.get("description") or f"text matching {error.validator_value}"
        yield Problem(display, line, dotted, _describe(error.instance), expected.rstrip("."))
    elif kind == "minItems":
        yield Problem(display, line, dotted, f"{len(error.instance)} item(s)", f"at least {error.validator_value}")
    elif kind == "maxItems":
        yield Problem(display, line, dotted, f"{len(error.instance)} items", f"at most {error.validator_value}")
    elif kind == "uniqueItems":
        yield Problem(display, line, dotted, "the same item listed twice", "each item once")
    elif kind in ("minimum", "maximum"):
        yield Problem(display, line, dotted, _describe(error.instance), f"a {kind} of {error.validator_value}")
    elif kind == "oneOf" and isinstance(error.instance, dict) and {"url", "page"} & set(schema.get("properties", {})):
        has = [k for k in ("url", "page") if k in error.instance]
        found = "both 'url' and 'page'" if len(has) == 2 else "neither 'url' nor 'page'"
        yield Problem(display, line, dotted, found, "exactly one: 'url' (an https:// address) or 'page' (a page of this site)")
    else:  # a rule without a tailored message: still one line, still located
        yield Problem(display, line, dotted, _describe(error.instance), error.message)


# ============================================================================
# Cross-checks (what a schema cannot say)
# ============================================================================

_COLLECTIONS = (
    "scale",
    "dimension_groups",
    "dimensions",
    "models",
    "case_studies",
    "mechanisms",
    "glossary",
    "references",
    "questions",
)


def _cross_check(data: dict, display: str, where: _Located, docs_dir: Path | None) -> list[Problem]:
    problems: list[Problem] = []

    def add(path: KeyPath, found: str, expected: str, hint: str = "") -> None:
        problems.append(Problem(display, where.line(path), format_path(path), found, expected, hint))

    ids: dict[str, list[str]] = {}
    for collection in _COLLECTIONS:
        seen: dict[str, int] = {}
        for i, item in enumerate(data.get(collection, [])):
            if item["id"] in seen:
                add(
                    (collection, i, "id"),
                    f"the id '{item['id']}' a second time",
                    f"ids unique within {collection} (first used at {collection}[{seen[item['id']]}])",
                )
            seen.setdefault(item["id"], i)
        ids[collection] = list(seen)

    def must_exist(path: KeyPath, value: str, collection: str, what: str) -> None:
        if value not in ids[collection]:
            add(path, f"'{value}'", f"the id of {what} listed under {collection}", did_you_mean(value, ids[collection]))

    # Evidence: ids unique within each reference, quotes short (the schema requires a locator).
    evidence: dict[str, list[str]] = {}
    for i, ref in enumerate(data["references"]):
        pieces = ref.get("evidence", [])
        evidence[ref["id"]] = _unique(pieces, "id", ("references", i, "evidence"), add, f"the evidence of '{ref['id']}'")
        for j, piece in enumerate(pieces):
            words = len(piece["quote"].split())
            if words > MAX_QUOTE_WORDS:
                add(
                    ("references", i, "evidence", j, "quote"),
                    f"a quote of {words} words",
                    f"at most {MAX_QUOTE_WORDS} words (quote the shortest passage that carries the claim)",
                )

    def check_sources(path: KeyPath, sources: Sequence[str]) -> None:
        for j, source in enumerate(sources):
            ref_id, piece = split_source(source)
            if ref_id not in ids["references"]:
                must_exist(path + ("sources", j), ref_id, "references", "a source")
            elif piece is not None and piece not in evidence.get(ref_id, []):
                known = evidence.get(ref_id, [])
                listed = ", ".join(known) if known else "none yet"
                add(
                    path + ("sources", j),
                    f"'{source}', but '{ref_id}' has no evidence '{piece}'",
                    f"the id of an evidence entry of '{ref_id}' (it has: {listed}), or the plain reference id '{ref_id}'",
                    did_you_mean(piece, known),
                )

    for i, dim in enumerate(data["dimensions"]):
        must_exist(("dimensions", i, "group"), dim["group"], "dimension_groups", "a dimension group")
    for i, model in enumerate(data["models"]):
        check_sources(("models", i), model["sources"])
        for side in ("strengths", "weaknesses"):
            for j, claim in enumerate(model[side]):
                check_sources(("models", i, side, j), claim["sources"])
    for i, case in enumerate(data["case_studies"]):
        must_exist(("case_studies", i, "model"), case["model"], "models", "a model")
        check_sources(("case_studies", i), case["sources"])
        check_sources(("case_studies", i, "goal"), case["goal"]["sources"])
        for j, fact in enumerate(case["facts"]):
            check_sources(("case_studies", i, "facts", j), fact["sources"])
    for collection in ("mechanisms", "glossary"):
        for i, item in enumerate(data[collection]):
            check_sources((collection, i), item["sources"])
    for i, ref in enumerate(data["references"]):
        if docs_dir is not None and "page" in ref and not (docs_dir / ref["page"]).is_file():
            add(("references", i, "page"), f"'{ref['page']}'", f"a page that exists under {docs_dir.name}/")

    # Positions: each model x dimension exactly once.
    placed: dict[tuple[str, str], int] = {}
    for i, pos in enumerate(data["positions"]):
        must_exist(("positions", i, "model"), pos["model"], "models", "a model")
        must_exist(("positions", i, "dimension"), pos["dimension"], "dimensions", "a dimension")
        check_sources(("positions", i), pos["sources"])
        key = (pos["model"], pos["dimension"])
        if key in placed:
            add(
                ("positions", i),
                f"a second position for model '{key[0]}' on dimension '{key[1]}'",
                f"one position per model and dimension (the first is positions[{placed[key]}])",
            )
        placed.setdefault(key, i)
    dangling = any(p["model"] not in ids["models"] or p["dimension"] not in ids["dimensions"] for p in data["positions"])
    # A dimension that no model has a position on yet (a new dimension) is one problem, at the dimension.
    unplaced = [] if dangling else [d for d in ids["dimensions"] if all(dim != d for _, dim in placed)]
    for i, dim in enumerate(data["dimensions"]):
        if dim["id"] in unplaced:
            add(
                ("dimensions", i, "id"),
                f"no position on dimension '{dim['id']}' for any model",
                f"one entry under positions for each model ({', '.join(ids['models'])}) with dimension: {dim['id']}, level, rationale, sources",
            )
    for i, model in enumerate(data["models"] if not dangling else ()):  # a typo'd id is reported once, above
        missing = [d for d in ids["dimensions"] if (model["id"], d) not in placed and d not in unplaced]
        if missing:
            add(
                ("models", i, "id"),
                f"no position for model '{model['id']}' on {', '.join(repr(d) for d in missing)}",
                "one entry under positions for every dimension (model: "
                f"{model['id']}, dimension: <id>, level, rationale, sources)",
            )
    if "talk" in data:
        must_exist(("talk", "source"), data["talk"]["source"], "references", "the reference that describes the talk")
    _check_org_charts(data, add, ids)
    _check_questions(data, add, ids, must_exist, check_sources)
    levels = [lv["id"] for lv in data["scale"]]
    order = ["very-low", "low", "medium", "high", "very-high"]
    if levels != order and sorted(levels) == sorted(order):
        add(("scale",), "the levels in the order " + ", ".join(levels), "lowest first: " + ", ".join(order))
    return problems


# ---- Org charts and the decision aid -------------------------------------------

Add = Callable[..., None]


def _unique(items: Sequence[dict], key: str, path: KeyPath, add: Add, within: str) -> list[str]:
    """Report repeated values of `key` among `items`; return the values in order, once each."""
    seen: dict[str, int] = {}
    for j, item in enumerate(items):
        value = item[key]
        if value in seen:
            add(
                path + (j, key),
                f"the {key} '{value}' a second time",
                f"{key}s unique within {within} (first used at {format_path(path + (seen[value],))})",
            )
        seen.setdefault(value, j)
    return list(seen)


def _check_org_charts(data: dict, add: Add, ids: dict[str, list[str]]) -> None:
    """Each chart names a known model, once; edges and frames name teams of their own chart; every model has a chart."""
    charted: dict[str, int] = {}
    for i, chart in enumerate(data["org_charts"]):
        here: KeyPath = ("org_charts", i)
        model = chart["model"]
        if model not in ids["models"]:
            add(here + ("model",), f"'{model}'", "the id of a model listed under models", did_you_mean(model, ids["models"]))
        elif model in charted:
            add(
                here + ("model",),
                f"a second chart for model '{model}'",
                f"one chart per model (the first is org_charts[{charted[model]}])",
            )
        charted.setdefault(model, i)
        teams = _unique(chart["teams"], "id", here + ("teams",), add, "one chart")
        # Two boxes in the same place would be drawn on top of each other.
        placed: dict[tuple[int, float], str] = {}
        for j, team in enumerate(chart["teams"]):
            if "col" in team:
                spot = (team["row"], float(team["col"]))
                if spot in placed and placed[spot] != team["id"]:
                    add(
                        here + ("teams", j, "col"),
                        f"team '{team['id']}' in the same row and column as '{placed[spot]}'",
                        "a free place: change row or col",
                    )
                placed.setdefault(spot, team["id"])
        relations: dict[tuple[str, str, str], int] = {}
        for j, edge in enumerate(chart["edges"]):
            for end in ("from", "to"):
                if edge[end] not in teams:
                    add(
                        here + ("edges", j, end),
                        f"'{edge[end]}'",
                        f"the id of a team of this chart ({', '.join(teams)})",
                        did_you_mean(edge[end], teams),
                    )
            if edge["from"] == edge["to"]:
                add(here + ("edges", j, "to"), f"an edge from '{edge['from']}' to itself", "two different teams")
            relation = (edge["from"], edge["to"], edge["kind"])
            if relation in relations:
                add(
                    here + ("edges", j),
                    f"the same {edge['kind']} edge from '{edge['from']}' to '{edge['to']}' twice",
                    f"each relation once (the first is edges[{relations[relation]}])",
                )
            relations.setdefault(relation, j)
        groups = chart.get("groups", [])
        _unique(groups, "id", here + ("groups",), add, "one chart")
        for j, group in enumerate(groups):
            for k, member in enumerate(group["members"]):
                if member not in teams:
                    add(
                        here + ("groups", j, "members", k),
                        f"'{member}'",
                        "the id of a team of this chart",
                        did_you_mean(member, teams),
                    )
    for i, model in enumerate(data["models"]):
        if model["id"] not in charted:
            add(
                ("models", i, "id"),
                f"no org chart for model '{model['id']}'",
                f"an entry under org_charts with model: {model['id']} (description, teams, edges)",
            )


def _check_questions(data: dict, add: Add, ids: dict[str, list[str]], must_exist: Add, check_sources: Add) -> None:
    """Answers are unique within a question and weigh every known model, and only known models."""
    # A model that no answer weighs yet (a new model) is one problem, at the model.
    answers = [a for q in data["questions"] for a in q["answers"]]
    unweighted = [m for m in ids["models"] if answers and all(m not in a["weights"] for a in answers)]
    for i, model in enumerate(data["models"]):
        if model["id"] in unweighted:
            add(
                ("models", i, "id"),
                f"no weight for model '{model['id']}' in any answer of the decision aid",
                f"a weight from -2 to 2 for it in every answer under questions (weights: {{..., {model['id']}: 0}})",
            )
    for i, question in enumerate(data["questions"]):
        here: KeyPath = ("questions", i)
        check_sources(here, question["sources"])
        for j, dim in enumerate(question["dimensions"]):
            must_exist(here + ("dimensions", j), dim, "dimensions", "a dimension")
        _unique(question["answers"], "id", here + ("answers",), add, "one question")
        for j, answer in enumerate(question["answers"]):
            weights = answer["weights"]
            for model in weights:
                if model not in ids["models"]:
                    add(
                        here + ("answers", j, "weights", model),
                        f"a weight for '{model}'",
                        "weights only for models listed under models",
                        did_you_mean(model, ids["models"]),
                    )
            missing = [m for m in ids["models"] if m not in weights and m not in unweighted]
            if missing:
                add(
                    here + ("answers", j, "weights"),
                    f"no weight for {', '.join(repr(m) for m in missing)}",
                    "a weight from -2 to 2 for every model (e.g. " + f"{missing[0]}: 0)",
                )


# ============================================================================
# Building the typed dataset
# ============================================================================


def _claim(d: dict) -> Claim:
    return Claim(text=d["text"], sources=tuple(d["sources"]))


def _talk(t: dict) -> Talk:
    presenters = tuple(Presenter(p["name"], p["affiliation"], p.get("role"), bool(p.get("main", False))) for p in t["presenters"])
    return Talk(t["title"], t["source"], presenters, t.get("date"), t.get("venue"), t.get("address"))


def _build(data: dict) -> Dataset:
    return Dataset(
        scale=tuple(Level(lv["id"], lv["label"], lv["description"], n) for n, lv in enumerate(data["scale"], 1)),
        groups=tuple(DimensionGroup(**g) for g in data["dimension_groups"]),
        dimensions=tuple(Dimension(**d) for d in data["dimensions"]),
        models=tuple(
            Model(
                id=m["id"],
                label=m["label"],
                family=m["family"],
                summary=m["summary"],
                structure=m["structure"],
                strengths=tuple(_claim(c) for c in m["strengths"]),
                weaknesses=tuple(_claim(c) for c in m["weaknesses"]),
                sources=tuple(m["sources"]),
                also_known_as=tuple(m.get("also_known_as", ())),
            )
            for m in data["models"]
        ),
        positions=tuple(
            Position(p["model"], p["dimension"], p["level"], p["rationale"], tuple(p["sources"])) for p in data["positions"]
        ),
        case_studies=tuple(
            CaseStudy(
                id=c["id"],
                title=c["title"],
                organisation=c["organisation"],
                model=c["model"],
                goal=_claim(c["goal"]),
                facts=tuple(_claim(f) for f in c["facts"]),
                in_the_talk=tuple(c["in_the_talk"]),
                sources=tuple(c["sources"]),
            )
            for c in data["case_studies"]
        ),
        mechanisms=tuple(
            Mechanism(m["id"], m["label"], m["how"], m["eases"], m["cost"], tuple(m["sources"])) for m in data["mechanisms"]
        ),
        glossary=tuple(Term(t["id"], t["term"], t["definition"], tuple(t["sources"])) for t in data["glossary"]),
        org_charts=tuple(
            OrgChart(
                model=c["model"],
                description=c["description"],
                teams=tuple(
                    Team(t["id"], t["label"], t["kind"], t["row"], float(t["col"]) if "col" in t else None, t.get("note"))
                    for t in c["teams"]
                ),
                edges=tuple(Edge(e["from"], e["to"], e["kind"], e.get("note")) for e in c["edges"]),
                groups=tuple(TeamGroup(g["id"], g["label"], tuple(g["members"])) for g in c.get("groups", ())),
            )
            for c in data["org_charts"]
        ),
        questions=tuple(
            Question(
                id=q["id"],
                text=q["text"],
                help=q["help"],
                dimensions=tuple(q["dimensions"]),
                rationale=q["rationale"],
                sources=tuple(q["sources"]),
                answers=tuple(Answer(a["id"], a["label"], tuple(a["weights"].items())) for a in q["answers"]),
            )
            for q in data["questions"]
        ),
        talk=_talk(data["talk"]) if "talk" in data else None,
        references=tuple(
            Reference(
                id=r["id"],
                authors=tuple(r["authors"]),
                title=r["title"],
                venue=r["venue"],
                kind=r["kind"],
                supports=r["supports"],
                year=r.get("year"),
                date=r.get("date"),
                url=r.get("url"),
                page=r.get("page"),
                evidence=tuple(Evidence(e["id"], e["quote"], e["locator"]) for e in r.get("evidence", ())),
            )
            for r in data["references"]
        ),
    )


def load_plain(path: Path = DATA_FILE, schema_path: Path = SCHEMA_FILE, display: str | None = None) -> dict:
    """Read and fully check the data file; return it as plain Python data (for downloads)."""
    shown = display or _display(path)
    data, where = read_yaml(path, shown)
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    problems = schema_problems(schema, data, shown, where)
    if problems:
        raise DataError(problems)
    problems = _cross_check(data, shown, where, path.parent.parent if path.parent.name == "data" else None)
    if problems:
        raise DataError(problems)
    return data


def schema_problems(schema: dict, data: Any, display: str, where: _Located) -> list[Problem]:
    """Every way `data` breaks `schema`, as Problems (empty when it conforms).

    Two validators, one verdict. jsonschema-rs (compiled; about a millisecond here) answers the common
    question, "is the file valid?". Only when it says no does the pure-Python `jsonschema` run: it gives
    every error with the path and the rule that a Problem needs, and its verdict is the one that counts
    (a file it accepts is accepted). So a good build never imports `jsonschema` (about 80 ms of imports
    and 40 to 80 ms of validation), and a bad file gets the same report as before.
    """
    try:
        if jsonschema_rs.validator_for(schema).is_valid(data):
            return []
    except ValueError:  # data JSON cannot hold, such as a number used as a key: the full validator reports it
        pass
    from jsonschema import Draft202012Validator  # noqa: PLC0415 (only on the error path: see above)

    validator = Draft202012Validator(schema)
    return [p for err in validator.iter_errors(data) for p in _schema_problems(err, display, where, data)]


def load(path: Path = DATA_FILE, schema_path: Path = SCHEMA_FILE, display: str | None = None) -> Dataset:
    """Read, validate and cross-check the data file; return the typed dataset or raise DataError."""
    return _build(load_plain(path, schema_path, display))


def load_with_plain(path: Path = DATA_FILE, schema_path: Path = SCHEMA_FILE, display: str | None = None) -> tuple[dict, Dataset]:
    """Like load(), also returning the checked plain data (for downloads), so a build parses the file once."""
    plain = load_plain(path, schema_path, display)
    return plain, _build(plain)


def _display(path: Path) -> str:
    """The file name as a contributor would type it: relative to the project when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
