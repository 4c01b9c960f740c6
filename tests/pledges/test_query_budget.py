"""SQL queries per request on the signing path: what a campaign peak multiplies.

Each budget is the exact count today, so a change that adds a query to a
signature, a confirmation or a count read fails here and has to say why.
"""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.graphql import persisted
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
    with commit():
        response, sql = queries(
            lambda: client.post("/graphql/", body, content_type="application/json")
        )
    assert response.json()["data"]["signPledge"]["ok"], response.content
    # The pledge; then a savepoint around the row, its email allowance and its
    # delivery row. (The site and view restrictions come from cms/sites.py.)
    assert len(sql) == 6, "\n".join(sql)


def test_confirming(pledge, sign, client, commit):
    with commit():
        sign(pledge, **individual())
    with commit():
        response, sql = queries(lambda: client.post(link("confirm")))
    assert b"Your signature is confirmed" in response.content
    # A savepoint around the locked read (with its pledge) and the status update.
    assert len(sql) == 4, "\n".join(sql)


def test_the_thanks_page(pledge, client):
    client.get(thanks_url(pledge))  # fills the site lookup and Wagtail's site root paths
    response, sql = queries(lambda: client.get(thanks_url(pledge)))
    assert response.status_code == 200
    assert len(sql) == 1, "\n".join(sql)  # the pledge


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
    assert len(sql) == 1, "\n".join(sql)  # the signature with its pledge
