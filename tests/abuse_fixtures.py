"""Fixtures the pledge and comment tests share: a steady rate-limit clock and a strict client.

Each area's conftest imports them, so they apply only there.
"""

import json
import time
from types import SimpleNamespace

import pytest


@pytest.fixture(autouse=True)
def steady_rate_clock(monkeypatch):
    """Rate-limit windows are clock buckets; hold the clock mid-bucket so a test that
    makes N attempts never straddles a window boundary (which would reset the count)."""
    from pledges import abuse

    now = time.time()
    middle = now - now % 3600 + 1800
    monkeypatch.setattr(abuse, "time", SimpleNamespace(time=lambda: middle))


@pytest.fixture
def gql(client):
    """POST to /graphql/; extra keyword arguments are WSGI environ (headers, REMOTE_ADDR).

    Stricter than the project-wide fixture: the status must be 200, and top-level
    GraphQL errors fail the test unless `expect_errors=True`.
    """

    def run(query, variables=None, *, expect_errors=False, **extra):
        response = client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **extra,
        )
        assert response.status_code == 200, response.content[:500]
        payload = response.json()
        if not expect_errors:
            assert "errors" not in payload, payload["errors"]
        payload["_raw"] = response.content.decode()
        return payload

    return run
