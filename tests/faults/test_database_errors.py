"""A lost database connection in the middle of a request, wherever it surfaces.

The proxy tests (test_database_down.py) cut the socket before a request starts,
so the failure comes from the first query, the site lookup. Here the site is
found and a later query fails as a dropped connection does (Django's
`execute_wrapper`, its hook for instrumenting queries), which reaches our code
inside GraphQL resolvers, where graphql-core would otherwise swallow it into
an "internal error". Django's test client re-raises any exception that no
middleware handled, so these also prove it is the middleware that answers.
"""

import json
import logging

from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client

from pledges.cors import CACHE_KEY as CORS_CACHE_KEY

PAGES = json.dumps({"query": "{ pages { id } }"})


def lost_after_site_lookup(execute, sql, params, many, context):
    if "wagtailcore_site" not in sql:
        raise OperationalError("server closed the connection unexpectedly")
    return execute(sql, params, many, context)


def test_graphql_resolver_losing_the_database_is_a_503(module_site, db, client, caplog):
    with connection.execute_wrapper(lost_after_site_lookup):
        response = client.post("/graphql/", PAGES, content_type="application/json")
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_page_losing_the_database_mid_render_is_the_branded_503(module_site, db, client, caplog):
    with connection.execute_wrapper(lost_after_site_lookup):
        response = client.get(f"/stories/{module_site['story']}/")
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert "We will be back in a moment" in response.content.decode()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def lost(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


def test_losing_the_database_outside_a_view_is_a_503_too(module_site, db, caplog):
    """CORS for /graphql/ looks up partners' origins in a middleware, before any
    view runs: Django's 500 handler passes the outage on to the same answer."""
    cache.delete(CORS_CACHE_KEY)  # the partners' origins must come from the database
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(lost):
        response = client.post(
            "/graphql/", PAGES, content_type="application/json", HTTP_ORIGIN="https://x.example"
        )
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
