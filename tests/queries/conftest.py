"""Fixtures for the named query and report tests: one in-memory store with the KG and the example cities."""
from __future__ import annotations

import pytest

from querykit import EXAMPLES, example_path


@pytest.fixture(scope="session")
def store():
    from scra.queries import memory_store

    s = memory_store({c: example_path(c) for c in EXAMPLES if example_path(c).exists()})
    yield s
    s.close()
