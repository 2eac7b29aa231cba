"""Shared fixtures: the real knowledge graph."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def kg():
    import scra

    return scra.load_kg()
