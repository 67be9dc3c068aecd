"""Fill in the boilerplate of a new model or dimension in the data file, marked TODO.

    python -m scripts.tools.contrib.scaffold model ID       after adding the model under `models:`: adds a position
                                              on every dimension, an org chart and a weight in every
                                              answer of the decision aid
    python -m scripts.tools.contrib.scaffold dimension ID   after adding the dimension under `dimensions:`: adds a
                                              position for every model

Every added value is a TODO that the data check rejects (`make check-data` names each one with its
line), so nothing half-done can be published: replace each with your judgement and its sources.
Exit status: 0 when something was added, 1 when there was nothing to add, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ruamel.yaml import YAML

from scripts.pipeline.loader import DATA_FILE

TODO = "TODO"


def section_end(text: str, key: str) -> int:
    """Index just after the last entry of top-level `key:`; comments heading the next section stay below."""
    start = text.index(f"\n{key}:") + 1
    body = text.index("\n", start) + 1
    following = re.search(r"^[A-Za-z_]+:", text[body:], re.MULTILINE)
    end = body + following.start() if following else len(text)
    offset = last = body
    for line in text[body:end].splitlines(keepends=True):
        offset += len(line)
        if line.strip() and not line.lstrip().startswith("#"):
            last = offset
    return last


def insert(text: str, key: str, block: str) -> str:
    """`block` added as the last entries of the list under top-level `key:`."""
    at = section_end(text, key)
    return text[:at] + block + text[at:]


def _position(model: str, dimension: str) -> str:
    return f'  - model: {model}\n    dimension: {dimension}\n    level: {TODO}\n    rationale: ""\n    sources: []\n'


def scaffold_model(text: str, model: str) -> tuple[str, list[str]]:
    """Positions on every dimension still missing, an org chart if missing, a weight in every answer without one."""
    data = YAML(typ="safe").load(text)
    if model not in [m["id"] for m in data["models"]]:
        raise KeyError(f"there is no model '{model}' under models: add it there first (id, label, family, ...)")
    placed = {p["dimension"] for p in data["positions"] if p["model"] == model}
    missing = [d["id"] for d in data["dimensions"] if d["id"] not in placed]
    done = []
    if missing:
        text = insert(text, "positions", "".join(_position(model, d) for d in missing))
        done.append(f"{len(missing)} position(s)")
    if "org_charts" in data and model not in [c["model"] for c in data["org_charts"]]:
        chart = (
            f'  - model: {model}\n    description: ""\n    teams:\n'
            f'      - {{id: {TODO}, label: "", kind: {TODO}, row: 0}}\n    edges: []\n'
        )
        text = insert(text, "org_charts", chart)
        done.append("an org chart")
    # No decision-aid weights to add: the aid computes every model's points from its positions.
    return text, done


def scaffold_dimension(text: str, dimension: str) -> tuple[str, list[str]]:
    """A position for every model that has none on the dimension."""
    data = YAML(typ="safe").load(text)
    if dimension not in [d["id"] for d in data["dimensions"]]:
        raise KeyError(f"there is no dimension '{dimension}' under dimensions: add it there first (id, group, label, ...)")
    placed = {p["model"] for p in data["positions"] if p["dimension"] == dimension}
    missing = [m["id"] for m in data["models"] if m["id"] not in placed]
    if not missing:
        return text, []
    return insert(text, "positions", "".join(_position(m, dimension) for m in missing)), [f"{len(missing)} position(s)"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.tools.contrib.scaffold", description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=("model", "dimension"))
    parser.add_argument("id")
    parser.add_argument("--file", type=Path, default=DATA_FILE)
    args = parser.parse_args(argv)
    text = args.file.read_text(encoding="utf-8")
    try:
        new, done = (scaffold_model if args.kind == "model" else scaffold_dimension)(text, args.id)
    except KeyError as exc:
        print(f"{args.file}: {exc.args[0]}", file=sys.stderr)
        return 1
    if not done:
        print(f"{args.file}: nothing to add for {args.kind} '{args.id}'")
        return 1
    args.file.write_text(new, encoding="utf-8")
    print(f"{args.file}: added {', '.join(done)} for {args.kind} '{args.id}', each marked {TODO}.")
    print("Fill each one in (level, rationale, sources; chart), then run `make check-data`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
