"""A pytest plugin for tests/test_check.py (`-p tests.collect_report`): after collection, also lists the tests
a `-m` expression deselected, one `deselected: NODEID MARKERS` line each (MARKERS: the test's marker names,
comma-separated), so one collection shows both sides."""

from __future__ import annotations

import pytest

_deselected: list[str] = []


def pytest_deselected(items: list[pytest.Item]) -> None:
    _deselected.extend(f"{item.nodeid} {','.join(sorted(m.name for m in item.iter_markers()))}" for item in items)


def pytest_collection_finish(session: pytest.Session) -> None:
    for nodeid in _deselected:
        print(f"deselected: {nodeid}")
