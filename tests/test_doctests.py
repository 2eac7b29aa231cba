"""The `>>>` examples in scra's docstrings run, module by module (they are documentation that must stay true)."""
from __future__ import annotations

import doctest
import importlib
import os
import pkgutil

import pytest

import scra

MODULES = sorted(m.name for m in pkgutil.walk_packages(scra.__path__, "scra.") if not m.name.endswith("__main__"))
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, monkeypatch):
    monkeypatch.chdir(REPO)  # examples read files such as examples/smart-village.ttl
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} docstring examples of {name} failed (see above)"


def test_examples_exist():
    finder = doctest.DocTestFinder()
    counts = [len(t.examples) for n in MODULES for t in finder.find(importlib.import_module(n))]
    assert sum(counts) >= 25  # the foundations, validation, store, queries and report all show examples
