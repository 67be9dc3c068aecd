"""Load the data file: read with line numbers, validate against the schema, cross-check, build a Dataset.

Every problem becomes one `Problem` that names the file, the line, the key path, what was
found and what was expected. `load()` raises `DataError` with all of them; it never lets a
parser or validator traceback through. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import gc
import ipaddress
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

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


from scripts.pipeline.model import (
    Adjustment,
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
    PlaybookLinks,
    PlaybookSection,
    Position,
    Presenter,
    PresentersAccount,
    Question,
    Reference,
    Talk,
    Team,
    TeamGroup,
    Term,
    answer_weights,
    split_source,
)

ROOT = Path(__file__).resolve().parents[2]
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


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class _FastCoreResolver(_CoreResolver):
    """The same resolution, about five times faster: the composer asks once per node, and most nodes are
    quoted text (never resolved) or start with a letter no implicit type starts with."""

    _first = {ch: rs for ch, rs in _CoreResolver.yaml_implicit_resolvers.items()}

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:  # no path resolvers
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            if not implicit[0]:
                return _STR
            for tag, regexp in self._first.get(value[:1], ()):
                if regexp.match(value):
                    return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


class _Loader(_Parser, SafeConstructor, _FastCoreResolver):  # type: ignore[misc, valid-type]
    """libyaml's parser (when present) with the core-schema resolver: fast, and every node keeps its line."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        SafeConstructor.__init__(self)
        _FastCoreResolver.__init__(self)


class _Located:
    """Finds the 1-based line of a key path in the composed YAML node tree."""

    def __init__(self, root: Node | None, plain_text: bool = False):
        self.root = root
        # True when the file has no control or invisible character and no backslash (so no escape
        # could make one): then no text in it can fail the text checks, and they are skipped.
        self.plain_text = plain_text

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


# ---- Limits: parsing and checking take time and memory in proportion to the file's bytes ----
MAX_FILE_BYTES = 32 * 1024 * 1024  # 32 MiB: room for 2,000 models; documented in CONTRIBUTING.md
MAX_DEPTH = 32  # mappings and lists nested this deep at most (the schema needs 7)
# The YAML 1.2 core schema's tags; any other tag (!!timestamp, !!binary, !!python/..., !custom) is an error.
CORE_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}
# A cheap look for anchors (&a) and aliases (*a); only when it finds one are the parser's events read.
_ANCHOR_HINT = re.compile(r"(?:^|[\s\[{,])[&*][^\s\[\]{},]")


class _Bad(Exception):
    """A value the core schema cannot turn into data: (line, found, expected)."""

    def __init__(self, node: Node, found: str, expected: str, path: KeyPath = ()):
        super().__init__(found)
        self.line, self.found, self.expected, self.path = node.start_mark.line + 1, found, expected, path


def _short(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


def _scalar(node: ScalarNode) -> Any:
    """A scalar under the core schema: numbers finite and of their tag's kind, or _Bad."""
    tag, value = node.tag.rsplit(":", 1)[-1], node.value
    if tag == "str":
        return value
    text = value.strip()
    if tag == "bool":
        if text.lower() not in ("true", "false"):
            raise _Bad(node, f"{_short(value)} tagged !!bool", "true or false")
        return text.lower() == "true"
    if tag == "null":
        if text not in ("", "~", "null", "Null", "NULL"):
            raise _Bad(node, f"{_short(value)} tagged !!null", "an empty value, ~ or null")
        return None
    if tag == "int":
        try:
            return int(text, 16) if text.lower().startswith(("0x", "+0x", "-0x")) else int(text, 10)
        except ValueError:
            raise _Bad(node, f"{_short(value)} tagged !!int", "a whole number such as 2022") from None
    # float
    try:
        number = float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    except ValueError:
        raise _Bad(node, f"{_short(value)} tagged !!float", "a number such as 1.5") from None
    if not math.isfinite(number):
        shown = value if len(value) <= 40 else value[:37] + "..."
        raise _Bad(
            node, f"the number {shown}, which is not finite", "a finite number such as 1.5 (not .nan, .inf or one too large)"
        )
    return number


def _plain(root: Node) -> Any:
    """Composed nodes -> plain dict/list/str/int/float/bool/None, or _Bad.

    Each mapping and list is visited once (an alias, even one that refers to itself, is an error
    rather than a copy), and nesting is limited, so the work is in proportion to the file.
    """
    seen: set[int] = set()

    def plain(node: Node, path: KeyPath) -> Any:
        depth = len(path)
        kind = "str" if isinstance(node, ScalarNode) else ("seq" if isinstance(node, SequenceNode) else "map")
        if (
            node.tag not in CORE_TAGS
            or (kind == "str") == node.tag.endswith(("map", "seq"))
            or (kind != "str" and not node.tag.endswith(kind))
        ):
            raise _Bad(
                node,
                f"the YAML tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}'",
                "plain values (only the YAML 1.2 core tags !!str, !!int, !!float, !!bool, !!null, !!map, !!seq)",
                path,
            )
        if isinstance(node, ScalarNode):
            try:
                return _scalar(node)
            except _Bad as bad:
                bad.path = path
                raise
        if id(node) in seen:
            raise _Bad(
                node,
                "an alias (*name) repeating the value at this line",
                "each value written out once (no anchors or aliases)",
                path,
            )
        seen.add(id(node))
        if depth >= MAX_DEPTH:
            raise _Bad(node, f"values nested more than {MAX_DEPTH} levels deep", f"at most {MAX_DEPTH} levels", path)
        if isinstance(node, SequenceNode):
            return [plain(item, (*path, i)) for i, item in enumerate(node.value)]
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Bad(key_node, "invalid YAML (a mapping or list used as a key)", "well-formed YAML", path)
            key = plain(key_node, path)
            if key in out:
                raise _Bad(
                    key_node,
                    f"invalid YAML (duplicate key '{key}'; first at line {first_line[key]})",
                    "well-formed YAML with each key once",
                    path,
                )
            first_line[key] = key_node.start_mark.line + 1
            out[key] = plain(value_node, (*path, key if isinstance(key, (str, int)) else str(key)))
        return out

    return plain(root, ())


def _first_anchor(text: str) -> tuple[int, str] | None:
    """(line, what) of the first anchor or alias in the text, read from the parser's events; None if there is none."""
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                kind = "alias" if type(event).__name__ == "AliasEvent" else "anchor"
                sign = "*" if kind == "alias" else "&"
                return event.start_mark.line + 1, f"the YAML {kind} '{sign}{anchor}'"
    except YAMLError:
        return None  # the composer reports the syntax error, located
    finally:
        loader.dispose()
    return None


def parse_yaml(text: str, display: str, first_line: int = 1) -> tuple[Any, Node | None]:
    """Parse YAML text under the rules above; `first_line` is the file line of the text's first line.

    Returns the plain data and the root node; raises DataError with located problems.
    """
    shift = first_line - 1

    def fail(line: int, found: str, expected: str, path: KeyPath = ()) -> DataError:
        return DataError([Problem(display, line + shift, format_path(path), found, expected)])

    if _ANCHOR_HINT.search(text):
        anchored = _first_anchor(text)
        if anchored is not None:
            raise fail(anchored[0], anchored[1], "each value written out once (no anchors or aliases)")
    loader = _Loader(text)
    collecting = gc.isenabled()
    # The composer makes one object per node and frees none until the end: Python's cycle collector
    # would rescan the growing tree again and again (11 s instead of 1 s for a 16 MB file).
    gc.disable()
    try:
        root = loader.get_single_node()
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        context = " ".join(str(exc.context or "").split())
        if context and exc.context_mark is not None and exc.context_mark.line + 1 != line:
            context += f" that starts at line {exc.context_mark.line + 1 + shift}"
        found = f"invalid YAML ({problem}{'; ' + context if context and context != problem else ''})"
        raise fail(line, found, "well-formed YAML") from None
    except (YAMLError, RecursionError) as exc:
        raise fail(1, f"invalid YAML ({exc})", "well-formed YAML") from None
    finally:
        loader.dispose()
        if collecting:
            gc.enable()
    if root is None:
        return None, None
    gc.disable()
    try:
        return _plain(root), root
    except _Bad as bad:
        raise fail(bad.line, bad.found, bad.expected, bad.path) from None
    finally:
        if collecting:
            gc.enable()


def read_yaml(path: Path, display: str) -> tuple[Any, _Located]:
    """Parse the file as strict UTF-8 YAML (core schema; duplicate keys, tags and aliases are errors)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            found = f"a file of {size / 1024 / 1024:.1f} MiB"
            raise DataError([Problem(display, 1, "", found, f"at most {MAX_FILE_BYTES // 1024 // 1024} MiB")])
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
    data, root = parse_yaml(text, display)
    return data, _Located(root, "\\" not in text and not _UNSEEN.search(text.replace("\n", " ").replace("\t", " ")))


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


_UNSEEN = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]"
)


def visible(text: str) -> str:
    """Text with line breaks, control and invisible characters shown as escapes (\\n, \\u200b), for one-line messages."""
    return _UNSEEN.sub(lambda m: repr(m.group())[1:-1] if m.group() in "\n\r\t" else f"\\u{ord(m.group()):04x}", text)


def _describe(value: Any) -> str:
    if isinstance(value, str):
        value = visible(value)
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
        expected = expected[0].lower() + expected[1:] if expected[:2].istitle() else expected
        yield Problem(display, line, dotted, _describe(error.instance), expected.rstrip("."))
    elif kind == "maxLength" and isinstance(error.instance, str):
        found = f"text of {len(error.instance):,} characters"
        yield Problem(
            display, line, dotted, found, f"at most {error.validator_value:,} characters (say it shorter, or link a source)"
        )
    elif kind == "maxProperties" and isinstance(error.instance, dict):
        yield Problem(display, line, dotted, f"{len(error.instance):,} entries", f"at most {error.validator_value:,}")
    elif kind == "minItems":
        yield Problem(display, line, dotted, f"{len(error.instance)} item(s)", f"at least {error.validator_value}")
    elif kind == "maxItems":
        yield Problem(display, line, dotted, f"{len(error.instance):,} items", f"at most {error.validator_value:,}")
    elif kind == "uniqueItems":
        yield Problem(display, line, dotted, "the same item listed twice", "each item once")
    elif kind in ("minimum", "maximum"):
        yield Problem(display, line, dotted, _describe(error.instance), f"a {kind} of {error.validator_value}")
    elif kind == "oneOf" and isinstance(error.instance, dict) and {"url", "page"} & set(schema.get("properties", {})):
        has = [k for k in ("url", "page") if k in error.instance]
        found = "both 'url' and 'page'" if len(has) == 2 else "neither 'url' nor 'page'"
        yield Problem(display, line, dotted, found, "exactly one: 'url' (an https:// address) or 'page' (a page of this site)")
    else:  # a rule without a tailored message: still one line, still located
        message = visible(error.message)
        yield Problem(display, line, dotted, _describe(error.instance), message if len(message) <= 200 else message[:197] + "...")


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

    ids: dict[str, dict[str, int]] = {}
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
        ids[collection] = seen  # ordered like the file, with constant-time look-ups

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
        for part, claims in case.get("presenters_account", {}).items():
            for j, claim in enumerate(claims):
                check_sources(("case_studies", i, "presenters_account", part, j), claim["sources"])
    # Playbook links: one entry per model, each naming a model and a page that exist.
    listed: dict[str, int] = {}
    for i, entry in enumerate(data.get("playbook", [])):
        must_exist(("playbook", i, "model"), entry["model"], "models", "a model")
        if entry["model"] in listed:
            add(
                ("playbook", i, "model"),
                f"'{entry['model']}' a second time",
                f"one entry per model (first at playbook[{listed[entry['model']]}])",
            )
        listed.setdefault(entry["model"], i)
        for j, section in enumerate(entry["sections"]):
            if docs_dir is not None and not (docs_dir / section["page"]).is_file():
                add(("playbook", i, "sections", j, "page"), f"'{section['page']}'", f"a page that exists under {docs_dir.name}/")
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
    placed_dims = {dim for _, dim in placed}
    unplaced = set() if dangling else {d for d in ids["dimensions"] if d not in placed_dims}
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
    _check_values(data, add, where.plain_text)
    if "talk" in data:
        must_exist(("talk", "source"), data["talk"]["source"], "references", "the reference that describes the talk")
    _check_org_charts(data, add, ids)
    _check_questions(data, add, ids, must_exist, check_sources)
    levels = [lv["id"] for lv in data["scale"]]
    order = ["very-low", "low", "medium", "high", "very-high"]
    if levels != order and sorted(levels) == sorted(order):
        add(("scale",), "the levels in the order " + ", ".join(levels), "lowest first: " + ", ".join(order))
    return problems


# ---- Values: text that shows, addresses that lead somewhere public, specific glossary terms ----

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Words a glossary term may not be: each term becomes an abbreviation that wraps every occurrence
# of it (and of its lower-case form) in the site's prose, so a common word would swallow the text.
COMMON_WORDS = frozenset(
    """a about above after again all also an and any are as at be because been before being below between both but by
    can could did do does doing down during each even few for from further had has have having he her here hers him his
    how i if in into is it its itself just many me more most much my no nor not now of off on once one only or other our
    out over own same she should so some such than that the their them then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your yours
    data model models team teams work people scientist scientists science company group role roles page site level
    ml ai product products project projects manager managers report reports line lead""".split()
)
# Names that Markdown or HTML use for themselves: a term spelt like one would rewrite markup or a
# Python-Markdown placeholder instead of prose.
MARKUP_WORDS = frozenset(
    """abbr amp apos quot lt gt nbsp href src class id style script span div code pre table title svg path rect
    strong em img alt rel klzzwxh wzxhzdk""".split()
)
_MARKUP_CHARS = set('<>&"`*_[]{}|#\\=~^')
_PRIVATE_SUFFIXES = (
    ".localhost",
    ".local",
    ".internal",
    ".intranet",
    ".lan",
    ".home",
    ".home.arpa",
    ".corp",
    ".test",
    ".invalid",
    ".example",
)


def _text_problem(value: str) -> tuple[str, str] | None:
    """(found, expected) when a text cannot show as text: control characters, or nothing visible."""
    bad = _CONTROL.search(value)
    if bad:
        return f"the control character {visible(bad.group())} in {_describe(value)}", "plain text (remove the character)"
    if value and not _UNSEEN.sub("", value).strip():
        return f"text that shows as nothing ({_describe(value)})", "some visible text"
    return None


def url_problem(url: str) -> str | None:
    """Why an address may not be cited (what was found), or None: https, no credentials, a public host."""
    if any(ch in url for ch in '\\<>"') or _CONTROL.search(url) or any(ch.isspace() for ch in url):
        return "an address with a backslash, quote, angle bracket, space or control character in it"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        return "an address that cannot be read"
    if parts.scheme != "https":
        return f"an address with the scheme '{parts.scheme}:'"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "an address with a user name or password in it"
    if not host:
        return "an address without a host name"
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    if address is not None:
        return None if address.is_global else f"an address on this machine or a private network ({host})"
    labels = host.split(".")
    if all(re.fullmatch(r"(0x[0-9a-f]*|[0-9]+)", label) for label in labels):
        return f"a host written as numbers ({host}), which browsers read as an IP address"
    if host == "localhost" or host.endswith(_PRIVATE_SUFFIXES) or len(labels) < 2:
        return f"an address on this machine or a private network ({host})"
    return None


def glossary_term_problem(term: str) -> tuple[str, str] | None:
    """(found, expected) when a glossary term would swallow common words or collide with markup."""
    word = term.strip()
    bad = sorted({ch for ch in word if ch in _MARKUP_CHARS})
    if bad:
        return f"the term {_describe(term)} with {' '.join(bad)} in it", "a term without Markdown or HTML characters"
    if word.lower() in MARKUP_WORDS or any(w in word.lower() for w in ("klzzwxh", "wzxhzdk")):
        return f"the term {_describe(term)}, a name Markdown or HTML uses", "a term that is not a markup name"
    if word.lower() in COMMON_WORDS:
        return f"the term {_describe(term)}, a common word", "a specific term (it is marked wherever it appears in the text)"
    letters = sum(ch.isalnum() for ch in word)
    if letters < 3 and not (letters == 2 and word.isupper()):
        return f"the term {_describe(term)}, too short", "at least three letters (or a two-letter acronym in capitals)"
    return None


def _check_values(data: Any, add: Add, plain_text: bool = False) -> None:
    """Every text shows as text; every cited address is public https; every glossary term is specific."""

    def walk(value: Any, path: KeyPath) -> None:
        if isinstance(value, str):
            problem = _text_problem(value)
            if problem:
                add(path, *problem)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*path, i))

    if not plain_text:
        walk(data, ())
    for i, ref in enumerate(data.get("references", ())):
        if isinstance(ref.get("url"), str):
            found = url_problem(ref["url"])
            if found:
                add(
                    ("references", i, "url"),
                    found,
                    "a public https:// address (no user name or password, not this machine or a private network)",
                )
    for i, term in enumerate(data.get("glossary", ())):
        problem = glossary_term_problem(term["term"])
        if problem:
            add(("glossary", i, "term"), *problem)


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
    """Answers are unique within a question; what they ask for names the question's own dimensions;
    named exceptions name known models. Points are computed, so a new model needs no edit here."""
    for i, question in enumerate(data["questions"]):
        here: KeyPath = ("questions", i)
        check_sources(here, question["sources"])
        for j, dim in enumerate(question["dimensions"]):
            must_exist(here + ("dimensions", j), dim, "dimensions", "a dimension")
        _unique(question["answers"], "id", here + ("answers",), add, "one question")
        used: set[str] = set()
        for j, answer in enumerate(question["answers"]):
            for dim in (*answer["wants"], *answer.get("middle", {})):
                used.add(dim)
                if dim not in question["dimensions"]:
                    add(
                        here + ("answers", j, "wants", dim),
                        f"dimension '{dim}', which the question does not name",
                        "only dimensions listed in the question's dimensions: " + ", ".join(question["dimensions"]),
                        did_you_mean(dim, list(question["dimensions"])),
                    )
            for k, exc in enumerate(answer.get("exceptions", ())):
                must_exist(here + ("answers", j, "exceptions", k, "model"), exc["model"], "models", "a model")
                check_sources(here + ("answers", j, "exceptions", k), exc["sources"])
        for j, dim in enumerate(question["dimensions"]):
            if dim not in used and dim in ids["dimensions"]:
                add(
                    here + ("dimensions", j),
                    f"dimension '{dim}', which no answer asks for",
                    "each named dimension used in the wants of at least one answer",
                )


# ============================================================================
# Building the typed dataset
# ============================================================================


def _claim(d: dict) -> Claim:
    return Claim(text=d["text"], sources=tuple(d["sources"]))


def _answer(a: dict, data: dict) -> Answer:
    """An answer with its points computed from the positions by the weight rule (scripts.pipeline.model.answer_weights)."""
    scale = {lv["id"]: n for n, lv in enumerate(data["scale"], 1)}
    levels = {(p["model"], p["dimension"]): scale[p["level"]] for p in data["positions"]}
    wants = tuple((d, int(s)) for d, s in a["wants"].items())
    adjustments = tuple(
        Adjustment(x["model"], int(x["points"]), x["reason"], tuple(x["sources"])) for x in a.get("exceptions", ())
    )
    middle = tuple((d, int(s)) for d, s in a.get("middle", {}).items())
    weights = answer_weights(wants, [m["id"] for m in data["models"]], lambda m, d: levels[(m, d)], adjustments, middle)
    return Answer(a["id"], a["label"], wants, weights, adjustments, middle)


def _account(d: dict | None) -> PresentersAccount:
    """A case's presenters' account; absent or empty lists mean "to be added after the workshop"."""
    if not d:
        return PresentersAccount()
    return PresentersAccount(*(tuple(_claim(c) for c in d[part]) for part in ("structure", "successes", "challenges")))


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
                account=_account(c.get("presenters_account")),
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
        playbook=tuple(
            PlaybookLinks(p["model"], tuple(PlaybookSection(x["page"], x["anchor"], x["label"]) for x in p["sections"]))
            for p in data.get("playbook", [])
        ),
        questions=tuple(
            Question(
                id=q["id"],
                text=q["text"],
                help=q["help"],
                dimensions=tuple(q["dimensions"]),
                rationale=q["rationale"],
                sources=tuple(q["sources"]),
                answers=tuple(_answer(a, data) for a in q["answers"]),
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


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while the data is read and checked: it would rescan the growing tree of
    the data again and again (for a 16 MB file, 13 s instead of 3 s); the data holds no cycles to collect."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def load_plain(path: Path = DATA_FILE, schema_path: Path = SCHEMA_FILE, display: str | None = None) -> dict:
    """Read and fully check the data file; return it as plain Python data (for downloads)."""
    with _no_cycle_collection():
        return _load_plain(path, schema_path, display)


def _load_plain(path: Path, schema_path: Path, display: str | None) -> dict:
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


def _ecma_pattern(pattern: str) -> str:
    """A JSON Schema pattern for Python's `re` with ECMA-262 meaning: `$` is the end of the text only.

    In Python `$` also matches before a final newline, so 'hub\\n' would pass '^[a-z]+$' there and
    fail in jsonschema-rs; `\\Z` is Python's end of text. (Outside character classes, unescaped.)
    """
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append("\\Z" if ch == "$" and not in_class else ch)
        i += 1
    return "".join(out)


def _python_validator(schema: dict) -> Any:
    """jsonschema's Draft 2020-12 validator with ECMA-262 patterns (so both validators agree on `$`)."""
    from jsonschema import Draft202012Validator, validators  # noqa: PLC0415 (only on the error path)
    from jsonschema._keywords import pattern as _pattern  # noqa: PLC0415

    def pattern(validator: Any, value: str, instance: Any, sub: dict) -> Any:
        return _pattern(validator, _ecma_pattern(value), instance, sub)

    return validators.extend(Draft202012Validator, {"pattern": pattern})(_inline_refs(schema))


def _inline_refs(schema: dict) -> dict:
    """The schema with every local `$ref` to `#/$defs/NAME` replaced by the definition itself (shared, not
    copied), so the report's validator follows no references: it is then several times faster, and each error
    still carries the same instance path, keyword and (sub)schema. A definition that refers back to itself
    keeps its `$ref`, which still resolves against the `$defs` left in place."""
    defs = schema.get("$defs", {})
    done: dict[str, Any] = {}
    active: set[str] = set()

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {key: (value if key in ("enum", "const", "examples", "default") else walk(value)) for key, value in node.items()}
        ref = node.get("$ref")
        if not (isinstance(ref, str) and ref.startswith("#/$defs/") and ref.count("/") == 2):
            return out
        name = ref.rsplit("/", 1)[1]
        if name not in defs or name in active:
            return out
        if name not in done:
            active.add(name)
            done[name] = walk(defs[name])
            active.discard(name)
        del out["$ref"]
        return done[name] if not out else {**out, "allOf": [*out.get("allOf", []), done[name]]}

    inlined = walk({key: value for key, value in schema.items() if key != "$defs"})
    inlined["$defs"] = defs
    return inlined


def schema_problems(schema: dict, data: Any, display: str, where: _Located) -> list[Problem]:
    """Every way `data` breaks `schema`, as Problems (empty when it conforms).

    Two validators, one verdict. jsonschema-rs (compiled; about a millisecond here) decides whether
    the file is valid. Only when it says no does the pure-Python `jsonschema` run, for the report: it
    gives every error with the path and the rule that a Problem needs, with patterns read as
    ECMA-262 (as jsonschema-rs reads them). Should it find nothing that jsonschema-rs found, the
    report uses jsonschema-rs's own errors: a file is never accepted by one and rejected by the other.
    So a good build never imports `jsonschema` (about 80 ms of imports and 40 to 80 ms of validation).
    """
    compiled = jsonschema_rs.validator_for(schema)
    try:
        if compiled.is_valid(data):
            return _kind_problems(schema, data, display, where)
    except ValueError:  # data JSON cannot hold, such as a number used as a key: the full validator reports it
        pass
    validator = _python_validator(schema)
    problems = [p for err in validator.iter_errors(data) for p in _schema_problems(err, display, where, data)]
    if problems:
        return problems
    try:
        errors = list(compiled.iter_errors(data))
    except ValueError as exc:
        return [Problem(display, 1, "", f"a value that JSON cannot hold ({exc})", "text, numbers, lists and mappings only")]
    return [
        Problem(display, where.line(tuple(e.instance_path)), format_path(e.instance_path), _describe(e.instance), e.message)
        for e in errors
    ]


def _kind_problems(schema: dict, data: Any, display: str, where: _Located) -> list[Problem]:
    """What JSON Schema cannot tell apart: a whole number written as 2022.0 where the schema says integer."""
    problems: list[Problem] = []
    defs = schema.get("$defs", {})

    holds: dict[int, bool] = {}

    def holds_integer(node: dict) -> bool:
        """Whether an integer field is anywhere under this schema node (others need no walk)."""
        if id(node) not in holds:
            holds[id(node)] = False  # (a $ref cycle ends here)
            while "$ref" in node:
                node = defs.get(node["$ref"].rsplit("/", 1)[-1], {})
            holds[id(node)] = '"integer"' in json.dumps(node) or any(
                holds_integer(defs[r.rsplit("/", 1)[-1]])
                for r in re.findall(r'"\$ref": "([^"]+)"', json.dumps(node))
                if r.rsplit("/", 1)[-1] in defs
            )
        return holds[id(node)]

    def walk(node: dict, value: Any, path: KeyPath) -> None:
        while "$ref" in node:
            node = defs.get(node["$ref"].rsplit("/", 1)[-1], {})
        if not holds_integer(node):
            return
        if node.get("type") == "integer" and isinstance(value, float):
            problems.append(
                Problem(
                    display,
                    where.line(path),
                    format_path(path),
                    _describe(value),
                    "a whole number, written without a decimal point",
                )
            )
        if isinstance(value, dict):
            props, extra = node.get("properties", {}), node.get("additionalProperties")
            for key, item in value.items():
                sub = props.get(key, extra if isinstance(extra, dict) else None)
                if sub is not None:
                    walk(sub, item, (*path, key))
        elif isinstance(value, list) and isinstance(node.get("items"), dict):
            for i, item in enumerate(value):
                walk(node["items"], item, (*path, i))

    walk(schema, data, ())
    return problems


def load(path: Path = DATA_FILE, schema_path: Path = SCHEMA_FILE, display: str | None = None) -> Dataset:
    """Read, validate and cross-check the data file; return the typed dataset or raise DataError."""
    plain = load_plain(path, schema_path, display)
    with _no_cycle_collection():
        return _build(plain)


def load_with_plain(path: Path = DATA_FILE, schema_path: Path = SCHEMA_FILE, display: str | None = None) -> tuple[dict, Dataset]:
    """Like load(), also returning the checked plain data (for downloads), so a build parses the file once."""
    plain = load_plain(path, schema_path, display)
    with _no_cycle_collection():
        return plain, _build(plain)


def _display(path: Path) -> str:
    """The file name as a contributor would type it: relative to the project when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
