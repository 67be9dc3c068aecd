"""The data file reference: its JSON Schema rendered as tables, so the documentation cannot drift.

Pure: the schema (a dict) and the data file's content (plain dicts and lists) in, Markdown
headings with HTML tables out. For every field it shows the type, whether it is required, the
allowed values, the description and an example taken from the data file itself (or from the
schema's `examples`/`default`). `$ref`/`$defs`, `enum`, `const`, `oneOf`/`anyOf`/`allOf`,
patterns and bounds are put into words; a keyword this module has no words for is still shown,
as JSON, so the page never hides a rule. Nothing here imports MkDocs.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from scripts.pipeline.render import attr, text

Schema = Mapping[str, Any]

# Keywords that carry no rule (documentation, structure handled by the walker).
_QUIET = {
    "$schema",
    "$id",
    "$comment",
    "$defs",
    "definitions",
    "title",
    "description",
    "examples",
    "default",
    "type",
    "properties",
    "required",
    "items",
    "$ref",
    "additionalProperties",
    "deprecated",
    "readOnly",
    "writeOnly",
}
_TYPE_WORDS = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "boolean": "true/false",
    "object": "mapping",
    "array": "list",
    "null": "empty value",
}
# Characters Markdown, pymdown-extensions or Jinja could read as syntax; inert inside <pre>/<code>.
_INERT = str.maketrans({c: f"&#{ord(c)};" for c in "{}|*_`[]~^$\\"})
_EXAMPLE_WIDTH = 48
# A shared type's rules longer than this (in characters) are not repeated in each field's row.
_INLINE_RULES = 40
_SIMPLE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def code(value: str) -> str:
    """Text for <code>/<pre>: HTML-escaped and Markdown/Jinja-inert, whitespace kept."""
    return html.escape(str(value), quote=True).translate(_INERT)


def anchor(key: str) -> str:
    """The page anchor of a top-level section: 'case_studies' -> 'case-studies'."""
    return re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "section"


def type_anchor(name: str) -> str:
    """The page anchor of a shared value type from $defs: 'id' -> 'type-id'."""
    return "type-" + anchor(name)


# ============================================================================
# Reading the schema
# ============================================================================


@dataclass(frozen=True)
class Field:
    """One row of a reference table: a key, where it sits, and its schema."""

    path: str  # e.g. 'strengths[].text', relative to one entry of the section
    parts: tuple[str, ...]  # the same as keys; '[]' for "each item of a list"
    schema: Schema
    required: bool


class SchemaDoc:
    """A schema with its $ref resolution and the words for its types and rules."""

    def __init__(self, schema: Schema):
        self.root = schema

    # ---- $ref ---------------------------------------------------------------

    def ref_name(self, node: Schema) -> str | None:
        """'#/$defs/id' -> 'id' for a local reference into $defs or definitions, else None."""
        ref = node.get("$ref")
        if isinstance(ref, str) and re.match(r"^#/(\$defs|definitions)/[^/]+$", ref):
            return ref.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")
        return None

    def resolve(self, node: Schema, seen: frozenset[str] = frozenset()) -> Schema:
        """Follow local $refs (a cycle stops at the node that closes it); sibling keywords win."""
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
            return node
        target: Any = self.root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, Mapping) or part not in target:
                return node  # a broken reference: shown as it is, never a crash
            target = target[part]
        if not isinstance(target, Mapping):
            return node
        merged = {**self.resolve(target, seen | {ref}), **{k: v for k, v in node.items() if k != "$ref"}}
        return merged

    def definitions(self) -> dict[str, Schema]:
        defs = self.root.get("$defs") or self.root.get("definitions") or {}
        return dict(defs) if isinstance(defs, Mapping) else {}

    # ---- walking --------------------------------------------------------------

    def fields(self, node: Schema, prefix: tuple[str, ...] = (), seen: frozenset[str] = frozenset()) -> Iterator[Field]:
        """Every key an entry of `node` (an object schema) can have, nested keys after their parent.

        `seen` holds the $refs being expanded above: a type that contains itself is listed once, not forever.
        """
        if isinstance(node.get("$ref"), str):
            seen = seen | {node["$ref"]}
        node = self.object_schema(node)
        if node is None or len(prefix) > 12:
            return
        required = set(node.get("required", ()))
        for key, sub in (node.get("properties") or {}).items():
            if not isinstance(sub, Mapping):
                continue
            parts = (*prefix, key)
            yield Field(_dotted(parts), parts, sub, key in required)
            yield from self.children(sub, parts, seen)

    def children(self, sub: Schema, parts: tuple[str, ...], seen: frozenset[str]) -> Iterator[Field]:
        """Keys nested under a field: those of a mapping, or of each mapping in a list."""
        refs = {r for r in (sub.get("$ref"),) if isinstance(r, str)}
        if refs & seen:
            return
        resolved = self.resolve(sub)
        if self.object_schema(resolved) is not None:
            yield from self.fields(resolved, parts, seen | refs)
        items = resolved.get("items")
        if (
            isinstance(items, Mapping)
            and not ({items.get("$ref")} & seen)
            and self.object_schema(self.resolve(items)) is not None
        ):
            item_refs = {r for r in (items.get("$ref"),) if isinstance(r, str)}
            yield from self.fields(self.resolve(items), (*parts, "[]"), seen | refs | item_refs)

    def object_schema(self, node: Schema) -> Schema | None:
        """The schema itself when it describes a mapping with named keys (allOf parts merged)."""
        node = self.resolve(node)
        if "allOf" in node and isinstance(node["allOf"], list):
            merged: dict[str, Any] = {k: v for k, v in node.items() if k != "allOf"}
            for part in node["allOf"]:
                part = self.resolve(part) if isinstance(part, Mapping) else {}
                merged["properties"] = {**merged.get("properties", {}), **part.get("properties", {})}
                merged["required"] = [*merged.get("required", []), *part.get("required", [])]
            node = merged
        if isinstance(node.get("properties"), Mapping) and node["properties"]:
            return node
        return None

    # ---- words ----------------------------------------------------------------

    def type_html(self, node: Schema) -> str:
        """The field's type in words; a shared type from $defs links to its row."""
        name = self.ref_name(node)
        words = self.type_words(self.resolve(node))
        if name is not None:
            link = f'<a href="#{attr(type_anchor(name))}"><code>{code(name)}</code></a>'
            return f"{link} ({text(words)})" if words and words != name else link
        items = node.get("items")
        if isinstance(items, Mapping) and self.ref_name(items) is not None:
            inner = self.ref_name(items) or ""
            return f'list of <a href="#{attr(type_anchor(inner))}"><code>{code(inner)}</code></a>'
        return text(words or "any value")

    def type_words(self, node: Schema) -> str:
        node = self.resolve(node)
        if "const" in node:
            return _json_type_word(node["const"])
        if "enum" in node and isinstance(node["enum"], list):
            kinds = dict.fromkeys(_json_type_word(v) for v in node["enum"])
            return " or ".join(kinds)
        kind = node.get("type")
        if isinstance(kind, list):
            return " or ".join(_TYPE_WORDS.get(k, str(k)) for k in kind)
        if kind == "array":
            items = node.get("items")
            if isinstance(items, Mapping) and self.ref_name(items):
                return f"list of {_plural(self.ref_name(items) or '')}"
            if isinstance(items, Mapping):
                inner = self.type_words(items)
                return f"list of {_plural(inner)}" if inner else "list"
            return "list"
        if isinstance(kind, str):
            return _TYPE_WORDS.get(kind, kind)
        for combiner in ("oneOf", "anyOf"):
            options = node.get(combiner)
            if isinstance(options, list):
                words = [w for w in dict.fromkeys(self.type_words(o) for o in options if isinstance(o, Mapping)) if w]
                if words:
                    return " or ".join(words)
        if "properties" in node:
            return "mapping"
        return ""

    def rules(self, node: Schema, *, with_items: bool = True) -> list[str]:
        """The allowed values and constraints of a field, as HTML phrases."""
        node = self.resolve(node)
        out: list[str] = []
        if "const" in node:
            out.append(f"exactly <code>{code(_yaml_scalar(node['const']))}</code>")
        if isinstance(node.get("enum"), list):
            values = ", ".join(f"<code>{code(_yaml_scalar(v))}</code>" for v in node["enum"])
            out.append(f"one of: {values}")
        # minLength 1 with a "some non-space" pattern is one rule: the text cannot be blank.
        not_blank = node.get("minLength") == 1 and node.get("pattern") in ("\\S", "[^\\s]")
        if not_blank:
            out.append("not blank")
        elif "pattern" in node:
            out.append(f"matches <code>{code(node['pattern'])}</code>")
        if "minLength" in node and not not_blank:
            out.append(f"at least {node['minLength']} characters")
        if "maxLength" in node:
            out.append(f"at most {node['maxLength']} characters")
        if "format" in node:
            out.append(f"format <code>{code(node['format'])}</code>")
        out.extend(_bounds(node))
        if "minItems" in node:
            out.append(f"at least {node['minItems']} item{'s' if node['minItems'] != 1 else ''}")
        if "maxItems" in node:
            out.append(f"at most {node['maxItems']} items")
        if node.get("uniqueItems") is True:
            out.append("no item twice")
        if "minProperties" in node:
            out.append(f"at least {node['minProperties']} key{'s' if node['minProperties'] != 1 else ''}")
        if "maxProperties" in node:
            out.append(f"at most {node['maxProperties']} keys")
        if isinstance(node.get("propertyNames"), Mapping):
            out.append(f"each key: {self.type_html(node['propertyNames'])}")
        for pattern, sub in (node.get("patternProperties") or {}).items():
            if isinstance(sub, Mapping):
                out.append(f"a key matching <code>{code(pattern)}</code>: {self.type_html(sub)}")
        extra = node.get("additionalProperties")
        if extra is False and ("properties" in node or "patternProperties" in node):
            out.append("no other keys")
        elif isinstance(extra, Mapping):
            other = "any other key" if "properties" in node or "patternProperties" in node else "each value"
            out.append(f"{other}: {self.type_html(extra)}" + (f" ({'; '.join(self.rules(extra))})" if self.rules(extra) else ""))
        for combiner, word in (("oneOf", "exactly one of"), ("anyOf", "at least one of")):
            if isinstance(node.get(combiner), list):
                out.append(self.combination(node[combiner], word))
        if isinstance(node.get("allOf"), list) and self.object_schema(node) is None:
            for part in node["allOf"]:
                if isinstance(part, Mapping):
                    out.extend(self.rules(part))
        items = node.get("items")
        if with_items and isinstance(items, Mapping) and self.ref_name(items) is None and self.object_schema(items) is None:
            inner = self.rules(items)
            if inner:
                out.append("each item: " + "; ".join(inner))
        for key, value in node.items():
            if key in _QUIET or key in _SPOKEN:
                continue
            out.append(f"<code>{code(key)}</code>: <code>{code(json.dumps(value, ensure_ascii=False))}</code>")
        return out

    def combination(self, options: Sequence[Any], word: str) -> str:
        """oneOf/anyOf in words: alternative keys ('exactly one of the keys url, page') or alternative types."""
        subs = [self.resolve(o) if isinstance(o, Mapping) else {} for o in options]
        if subs and all(set(s) == {"required"} and len(s["required"]) == 1 for s in subs):
            keys = ", ".join(f"<code>{code(s['required'][0])}</code>" for s in subs)
            return f"{word} the keys {keys}"
        described = []
        for sub, original in zip(subs, options, strict=True):
            name = self.ref_name(original) if isinstance(original, Mapping) else None
            kind = self.type_html(original) if name else text(self.type_words(sub) or "any value")
            rules = self.rules(sub) if not name else []
            described.append(kind + (f" ({'; '.join(rules)})" if rules else ""))
        return f"{word}: " + " | ".join(described)


# Keywords that `rules` puts into words; anything else is shown as JSON.
_SPOKEN = {
    "const",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "oneOf",
    "anyOf",
    "allOf",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "patternProperties",
}


def _bounds(node: Schema) -> list[str]:
    low, high = node.get("minimum"), node.get("maximum")
    out = []
    if low is not None and high is not None:
        out.append(f"from {low} to {high}")
    elif low is not None:
        out.append(f"at least {low}")
    elif high is not None:
        out.append(f"at most {high}")
    if "exclusiveMinimum" in node:
        out.append(f"more than {node['exclusiveMinimum']}")
    if "exclusiveMaximum" in node:
        out.append(f"less than {node['exclusiveMaximum']}")
    if "multipleOf" in node:
        out.append(f"a multiple of {node['multipleOf']}")
    return out


def _json_type_word(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "whole number"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "text"
    if value is None:
        return "empty value"
    return "list" if isinstance(value, list) else "mapping"


def _plural(words: str) -> str:
    """'mapping' -> 'mappings', 'text' -> 'texts'; leaves phrases with 'or' alone."""
    if " or " in words or words.endswith("s") or not words:
        return words
    return words + "s"


def _dotted(parts: Sequence[str]) -> str:
    out = ""
    for part in parts:
        out += "[]" if part == "[]" else (f".{part}" if out else part)
    return out


# ============================================================================
# Examples from the data
# ============================================================================


def _values(node: Any, parts: Sequence[str]) -> Iterator[Any]:
    """Every value at `parts` under `node` ('[]' walks each item of a list)."""
    if not parts:
        yield node
        return
    head, rest = parts[0], parts[1:]
    if head == "[]":
        if isinstance(node, list):
            for item in node:
                yield from _values(item, rest)
    elif isinstance(node, Mapping) and head in node:
        yield from _values(node[head], rest)


def _yaml_scalar(value: Any) -> str:
    """A value as it would be written in the YAML file (flow style for short lists)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        plain = re.match(r"^[a-z0-9][a-z0-9./-]*$", value) and value not in ("true", "false", "null", "yes", "no")
        return value if plain else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list) and all(not isinstance(v, (list, Mapping)) for v in value):
        return "[" + ", ".join(_yaml_scalar(v) for v in value) + "]"
    if isinstance(value, Mapping) and all(not isinstance(v, (list, Mapping)) for v in value.values()):
        return "{" + ", ".join(f"{_yaml_scalar(k)}: {_yaml_scalar(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def example_of(field: Field, entries: Any, doc: SchemaDoc) -> str | None:
    """A short example for a field: the first value in the data, else the schema's examples/default/enum."""
    for value in _values(entries, ("[]", *field.parts) if isinstance(entries, list) else field.parts):
        nested = value.values() if isinstance(value, Mapping) else value if isinstance(value, list) else ()
        if any(isinstance(v, (Mapping, list)) for v in nested):
            return None  # a nested structure: the entry example below shows it
        return _yaml_scalar(value)
    return schema_example(doc.resolve(field.schema))


def schema_example(node: Schema) -> str | None:
    if isinstance(node.get("examples"), list) and node["examples"]:
        return _yaml_scalar(node["examples"][0])
    if "default" in node:
        return _yaml_scalar(node["default"])
    if "const" in node:
        return _yaml_scalar(node["const"])
    if isinstance(node.get("enum"), list) and node["enum"]:
        return _yaml_scalar(node["enum"][0])
    return None


def _shorten(value: str) -> str:
    return value if len(value) <= _EXAMPLE_WIDTH else value[: _EXAMPLE_WIDTH - 1].rstrip() + "…"


class _BlockDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with list items indented under their key as the data file writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def yaml_block(key: str, value: Any) -> str:
    """`key:` followed by the value as block YAML, as it would sit in the data file."""
    dumped = yaml.dump({key: value}, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=64)
    return dumped.rstrip("\n")


# ============================================================================
# Rendering
# ============================================================================


def _description(doc: SchemaDoc, node: Schema) -> str:
    """The field's own description, else that of its shared type or of its items."""
    resolved = doc.resolve(node)
    items = resolved.get("items") if isinstance(resolved.get("items"), Mapping) else {}
    for candidate in (node, resolved, doc.resolve(items) if items else {}):
        if isinstance(candidate.get("description"), str):
            return candidate["description"]
    return ""


def _field_rules(doc: SchemaDoc, node: Schema) -> list[str]:
    """A field's rules; a long rule of a shared type (a pattern) is shown once, in the value types table."""
    rules = doc.rules(node)
    name = doc.ref_name(node)
    if name is None or len(re.sub(r"<[^>]+>", "", "; ".join(rules))) <= _INLINE_RULES:
        return rules
    own = doc.rules({k: v for k, v in node.items() if k not in ("$ref", "description")})
    return [*own, f'as <a href="#{attr(type_anchor(name))}"><code>{code(name)}</code></a>']


def _field_table(doc: SchemaDoc, fields: Sequence[Field], entries: Any, caption: str) -> str:
    rows = []
    for field in fields:
        example = example_of(field, entries, doc)
        rules = _field_rules(doc, field.schema)
        indent = len([p for p in field.parts if p != "[]"]) - 1
        rows.append(
            f'<tr data-field="{attr(field.path)}">'
            f'<td class="sref-key sref-depth-{min(indent, 4)}"><code>{code(field.path)}</code></td>'
            f'<td data-label="Type">{doc.type_html(field.schema)}</td>'
            f'<td class="sref-req" data-label="Required">{"required" if field.required else "optional"}</td>'
            f'<td data-label="Allowed values">{"; ".join(rules) if rules else "—"}</td>'
            f'<td data-label="Description">{text(_description(doc, field.schema)) or "—"}</td>'
            f'<td data-label="Example">{f"<code>{code(_shorten(example))}</code>" if example is not None else "—"}</td>'
            "</tr>"
        )
    return (
        '<div class="sref"><table>'
        f"<caption>{text(caption)}</caption>"
        '<thead data-search-exclude><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Required</th>'
        '<th scope="col">Allowed values</th><th scope="col">Description</th><th scope="col">Example</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _section(doc: SchemaDoc, key: str, node: Schema, required: bool, data: Mapping[str, Any]) -> str:
    """One top-level key: its heading, what it is, its rules, the table of its entries' fields, an example."""
    resolved = doc.resolve(node)
    title = f"`{key}`" if _SIMPLE_KEY.match(key) else text(key)
    parts = [f"## {title} {{#{anchor(key)}}}", ""]
    summary = [
        f"<strong>{doc.type_html(node)}</strong>",
        "required" if required else "optional",
        *doc.rules(node, with_items=False),
    ]
    parts.append(
        f'<p class="sref-summary">{text(_description(doc, node))} <span class="sref-rules">({"; ".join(summary)})</span></p>'
    )
    items = resolved.get("items") if isinstance(resolved.get("items"), Mapping) else None
    value = data.get(key)
    if items is not None and doc.object_schema(items) is not None:
        item_rules = doc.rules(items, with_items=False)
        if item_rules:
            parts.append(f'<p class="sref-summary">Each entry: {"; ".join(item_rules)}.</p>')
        fields = list(doc.fields(items))
        parts += ["", _field_table(doc, fields, value, f"The fields of each entry under {key}"), ""]
        shown = value[:1] if isinstance(value, list) and value else None
    elif doc.object_schema(node) is not None:
        fields = list(doc.fields(node))
        parts += ["", _field_table(doc, fields, value, f"The fields under {key}"), ""]
        shown = value
    else:
        shown = value
    if shown is not None:
        what = (
            f"the first entry under <code>{code(key)}</code>"
            if isinstance(value, list) and items is not None
            else f"<code>{code(key)}</code>"
        )
        parts += [
            "",
            f'<details class="sref-example" data-search-exclude><summary>Example: {what} in the data file</summary>'
            f'<pre><code class="language-yaml">{code(yaml_block(key, shown))}</code></pre></details>',
            "",
        ]
    return "\n".join(parts)


def _type_examples(doc: SchemaDoc, props: Mapping[str, Schema], data: Mapping[str, Any]) -> dict[str, str]:
    """An example of each shared type: the first value in the data of a field that uses it
    directly, as its list items, or as the values of its mapping."""
    found: dict[str, str] = {}
    for key, node in props.items():
        entries = data.get(key)
        items = doc.resolve(node).get("items")
        fields = list(doc.fields(items)) if isinstance(items, Mapping) else list(doc.fields(node))
        for field in fields:
            schema = doc.resolve(field.schema) if doc.ref_name(field.schema) is None else field.schema
            uses = [(field.schema, lambda v: v)]
            if isinstance(schema.get("items"), Mapping):
                uses.append((schema["items"], lambda v: v[0] if isinstance(v, list) and v else None))
            if isinstance(schema.get("additionalProperties"), Mapping):
                uses.append(
                    (schema["additionalProperties"], lambda v: next(iter(v.values()), None) if isinstance(v, Mapping) else None)
                )
            for candidate, pick in uses:
                name = doc.ref_name(candidate)
                if not name or name in found:
                    continue
                path = ("[]", *field.parts) if isinstance(entries, list) else field.parts
                for value in _values(entries, path):
                    item = pick(value)
                    nested = item.values() if isinstance(item, Mapping) else item if isinstance(item, list) else ()
                    if (
                        item is not None
                        and not isinstance(item, Mapping)
                        and not any(isinstance(v, (Mapping, list)) for v in nested)
                    ):
                        found[name] = _yaml_scalar(item)
                        break
    return found


def _types_section(doc: SchemaDoc, examples: Mapping[str, str]) -> str:
    rows = []
    for name, node in doc.definitions().items():
        if not isinstance(node, Mapping):
            continue
        rules = doc.rules(node)
        example = examples.get(name) or schema_example(doc.resolve(node))
        rows.append(
            f'<tr id="{attr(type_anchor(name))}"><td><code>{code(name)}</code></td>'
            f'<td data-label="Is">{text(doc.type_words(node) or "any value")}</td>'
            f'<td data-label="Allowed values">{"; ".join(rules) if rules else "—"}</td>'
            f'<td data-label="Description">{text(node.get("description", "")) or "—"}</td>'
            f'<td data-label="Example">{f"<code>{code(_shorten(example))}</code>" if example else "—"}</td></tr>'
        )
    if not rows:
        return ""
    table = (
        '<div class="sref"><table><caption>Value types shared by several fields</caption>'
        '<thead data-search-exclude><tr><th scope="col">Type</th><th scope="col">Is</th><th scope="col">Allowed values</th>'
        '<th scope="col">Description</th><th scope="col">Example</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    intro = "<p>Fields whose type links here share these rules.</p>"
    return "\n".join(["## Value types {#value-types}", "", intro, "", table, ""])


def _overview(doc: SchemaDoc, props: Mapping[str, Schema], required: set[str]) -> str:
    rows = []
    for key, node in props.items():
        rows.append(
            f'<tr data-section="{attr(key)}"><td><a href="#{attr(anchor(key))}"><code>{code(key)}</code></a></td>'
            f'<td data-label="Type">{doc.type_html(node)}</td>'
            f'<td class="sref-req" data-label="Required">{"required" if key in required else "optional"}</td>'
            f'<td data-label="Holds">{text(_description(doc, node)) or "—"}</td></tr>'
        )
    return (
        '<div class="sref"><table><caption>The top-level keys of the data file, in file order</caption>'
        '<thead data-search-exclude><tr><th scope="col">Key</th><th scope="col">Type</th><th scope="col">Required</th>'
        '<th scope="col">Holds</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def schema_reference(schema: Schema, data: Mapping[str, Any]) -> str:
    """The whole reference: an overview of the top-level keys, one section per key, then the shared types."""
    doc = SchemaDoc(schema)
    root = doc.object_schema(schema) or {}
    props = {k: v for k, v in (root.get("properties") or {}).items() if isinstance(v, Mapping)}
    required = set(root.get("required", ()))
    top_rules = doc.rules(schema, with_items=False)
    blocks = [
        "## The top level {#top-level}",
        "",
        f'<p>{text(schema.get("description", ""))} <span class="sref-rules">({"; ".join(top_rules) or "a mapping"})</span></p>',
        "",
        _overview(doc, props, required),
        "",
    ]
    for key, node in props.items():
        blocks.append(_section(doc, key, node, key in required, data))
    blocks.append(_types_section(doc, _type_examples(doc, props, data)))
    return "\n".join(blocks)
