"""Schemathesis against /openapi.json of the service (in-process, schemathesis' ASGI client): whatever it
sends, no 5xx.

Bounded: a few examples per operation, no shrinking, no deadline per example, so the run stays well
under two minutes. Write operations get the token so they are exercised past the auth check.
(Schemathesis' own pytest fixture loader does not work with pytest 9, so the operations are driven
with hypothesis directly.)
"""
from __future__ import annotations

import os

import pytest

schemathesis = pytest.importorskip("schemathesis")
from httpkit import AUTH  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

MAX_EXAMPLES = int(os.environ.get("SCRA_FUZZ_EXAMPLES", "25"))


def test_no_server_errors(app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:
        @settings(max_examples=MAX_EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def exercise(case):
            response = case.call(headers=AUTH, timeout=30)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query or ''} -> "
                                f"{response.status_code} {response.text[:300]}")

        exercise()
    assert not failures, "\n".join(failures[:20])
