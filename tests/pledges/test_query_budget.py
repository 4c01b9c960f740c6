"""SQL queries per request on the signing path: what a campaign peak multiplies.

Each budget is the exact count today, so a change that adds a query to a
signature, a confirmation or a count read fails here and has to say why.
"""

import json
import os

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.graphql import persisted
from pledges import lookup
from tests.pledges.helpers import SIGN, form_token, individual, link, thanks_url

pytestmark = pytest.mark.django_db


def queries(action):
    with CaptureQueriesContext(connection) as captured:
        response = action()
    return response, [query["sql"] for query in captured.captured_queries]


def test_signing(pledge, gql, client, commit):
    token = form_token(gql, pledge)
    data = {"pledgeId": str(pledge.pk), "formToken": token, **individual()}
    body = json.dumps({"query": SIGN, "variables": {"input": data}})
    lookup.pledge(pledge.pk)  # as any earlier signature in this process would have
    with commit():
        response, sql = queries(
            lambda: client.post("/graphql/", body, content_type="application/json")
        )
    assert response.json()["data"]["signPledge"]["ok"], response.content
    # A savepoint around the row (its first email counted in the INSERT) and
    # its delivery row. (The pledge comes from pledges/lookup.py, the site and
    # view restrictions from cms/sites.py.)
    assert len(sql) == 4, "\n".join(sql)


def test_confirming(pledge, sign, client, commit):
    with commit():
        sign(pledge, **individual())
    with commit():
        response, sql = queries(lambda: client.post(link("confirm")))
    assert b"Your signature is confirmed" in response.content
    # The signature, and the update conditional on its status: no lock held
    # between them, no transaction, and never the pledge's page rows.
    assert len(sql) == 2, "\n".join(sql)
    assert not any("wagtailcore_page" in query for query in sql), "\n".join(sql)


def test_the_thanks_page(pledge, client):
    client.get(thanks_url(pledge))  # fills the site, pledge and Wagtail's site root paths
    response, sql = queries(lambda: client.get(thanks_url(pledge)))
    assert response.status_code == 200
    assert sql == []


def test_a_cached_count_read(pledge, client):
    path = "/graphql/"
    params = {
        "id": persisted.id_of("signature_counts"),
        "variables": json.dumps({"slugs": [pledge.slug]}),
    }
    client.get(path, params)  # fills the count cache and the site lookup
    response, sql = queries(lambda: client.get(path, params))
    assert response.json()["data"]["pledgesBySlug"][0]["signatureCounts"] == {"total": 0}
    assert len(sql) == 1, "\n".join(sql)  # the pledges by slug


def test_opening_the_confirm_link(pledge, sign, client, commit):
    """The page with the button is as light as the rest of the signing steps."""
    with commit():
        sign(pledge, **individual())
    response, sql = queries(lambda: client.get(link("confirm")))
    assert b"Confirm my signature" in response.content
    assert len(sql) == 1, "\n".join(sql)  # the signature (its pledge was kept from signing)


# --- Round trips to Redis -----------------------------------------------------------------
# Against the real shared cache (REDIS_URL, else the Redis on 127.0.0.1:6379), counted
# where redis-py writes to the socket: one per command, one per pipeline.


@pytest.fixture
def redis_round_trips(settings, monkeypatch):
    from django.core.cache import cache

    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/2"
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"budget-{os.getpid()}",
        }
    }
    cache.clear()
    sent = []
    original = redis.connection.AbstractConnection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(command)
        return original(self, command, check_health)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting)
    yield sent
    cache.clear()


def round_trips(sent, action):
    sent.clear()
    response = action()
    return response, len(sent)


def test_signing_and_confirming_round_trips_to_redis(
    pledge, gql, client, commit, redis_round_trips
):
    token = form_token(gql, pledge)
    body = json.dumps(
        {
            "query": SIGN,
            "variables": {
                "input": {"pledgeId": str(pledge.pk), "formToken": token, **individual()}
            },
        }
    )
    lookup.pledge(pledge.pk)
    with commit():
        response, trips = round_trips(
            redis_round_trips,
            lambda: client.post("/graphql/", body, content_type="application/json"),
        )
    assert response.json()["data"]["signPledge"]["ok"], response.content
    # The request's generations (one read for all), and the IP and email rate
    # limits (one pipeline each).
    assert trips == 3

    response, trips = round_trips(redis_round_trips, lambda: client.get(link("confirm")))
    assert b"Confirm my signature" in response.content
    assert trips == 1  # the generations

    with commit():
        response, trips = round_trips(redis_round_trips, lambda: client.post(link("confirm")))
    assert b"Your signature is confirmed" in response.content
    assert trips == 2  # the generations, then both count generations bumped in one pipeline


def test_the_thanks_page_round_trips_to_redis(pledge, client, redis_round_trips):
    client.get(thanks_url(pledge))
    response, trips = round_trips(redis_round_trips, lambda: client.get(thanks_url(pledge)))
    assert response.status_code == 200
    assert trips == 1  # the generations
