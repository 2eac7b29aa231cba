"""The validation result of a stored city is computed once, when it is stored, and kept with it (issue 15):
the report of a stored city reuses it; a change of the knowledge graph, the shapes or scra's version
(the validation fingerprint) makes it stale, and the report validates again."""
from __future__ import annotations

import pytest

from storekit import DATA


@pytest.fixture
def stored(store):
    from scra.services import store_city

    outcome = store_city(store, "kept", [DATA / "tiny-town-violation.ttl"], force=True)
    assert outcome.stored
    return store, outcome


def test_report_reuses_the_kept_result(stored, monkeypatch):
    import scra.validation as validation
    from scra.report import build_report

    store, outcome = stored
    assert "validation" not in store.cities()[0]          # listing the cities does not fetch it

    def no_validation(*_a, **_k):
        raise AssertionError("the report validated again")

    monkeypatch.setattr(validation, "validate", no_validation)
    for lang in ("en", "ja"):
        kept = validation.from_cache(store.city_meta("kept", "validation"), lang)
        assert kept is not None and kept.counts == outcome.report.counts
        report = build_report(store, "kept", lang=lang)
        assert report


def test_a_changed_fingerprint_makes_it_stale(stored, monkeypatch):
    import scra.validation as validation
    from scra.report import build_report

    store, _outcome = stored
    monkeypatch.setattr(validation, "validation_fingerprint", lambda: "another kg or shapes")
    assert validation.from_cache(store.city_meta("kept", "validation"), "en") is None
    called = []
    real = validation.validate
    monkeypatch.setattr(validation, "validate", lambda *a, **k: called.append(1) or real(*a, **k))
    build_report(store, "kept", lang="en")
    assert called


def test_put_city_without_a_result_keeps_none(store):
    from scra.validation.input import read_triples

    store.put_city("plain", read_triples([DATA / "tiny-town.ttl"]))
    assert store.city_meta("plain", "validation") is None
