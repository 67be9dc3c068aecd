"""The parsed data file, kept between the rebuilds of `mkdocs serve` while the file's bytes do not change.

`mkdocs serve` runs the whole build again after every save, in the same process, and scripts/engines/macros.py loads the
data file each time. When neither the data file nor its schema changed byte for byte since the last successful
load, the same checked result is handed back: the typed dataset is immutable (scripts/pipeline/model.py) and the plain
data is only read (downloads, the data file reference). A changed file is parsed and checked again; a file that
fails is never kept, so the next save reports its problems again. `mkdocs build` loads once either way.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from scripts.pipeline.loader import load_with_plain
from scripts.pipeline.model import Dataset

# (data path, schema path, digest of both files' bytes) -> what load_with_plain returned for them.
_last: tuple[tuple[str, str, bytes], tuple[dict[str, Any], Dataset]] | None = None


def _key(path: Path, schema_path: Path) -> tuple[str, str, bytes]:
    digest = hashlib.sha256()
    for file in (path, schema_path):
        content = file.read_bytes()
        digest.update(len(content).to_bytes(8, "big") + content)
    return str(path.resolve()), str(schema_path.resolve()), digest.digest()


def load_with_plain_cached(path: Path, schema_path: Path) -> tuple[dict[str, Any], Dataset]:
    """scripts.pipeline.loader.load_with_plain, answered from the last load when both files are unchanged."""
    global _last
    try:
        key = _key(path, schema_path)
    except OSError:
        return load_with_plain(path, schema_path)  # the loader reports a missing or unreadable file
    if _last is not None and _last[0] == key:
        return _last[1]
    result = load_with_plain(path, schema_path)  # raises DataError on a bad file: nothing is kept
    _last = (key, result)
    return result
