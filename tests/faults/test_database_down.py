"""PostgreSQL cut for real, through a loopback proxy, under a live HTTP server.

The server's connections go through the proxy; the test's own connection goes
straight to the database, so it can set up, look and tidy up while the app is
cut off. A TCP proxy cannot cut SQLite: on the SQLite pass these tests skip
and say so, and CI's PostgreSQL pass runs them.
"""

import json
import logging
import urllib.error
import urllib.request

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError, connection, connections

import pytest
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import check_test_database, reset_sequences
from tests.faults.conftest import build_site
from tests.faults.proxy import TCPProxy

# Without the mark pytest-django makes no test database when only this file runs.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def proxied(django_db_setup, django_db_blocker):
    """(server URL, proxy, site): the site committed, the server's database behind the proxy."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL as the test database (DATABASE_URL): SQLite has no socket")
    with django_db_blocker.unblock():
        check_test_database(connection)
        before = connection.creation.serialize_db_to_string()
        site = build_site()
        settings_dict = connection.settings_dict  # one dict, shared by every thread's connection
        address = settings_dict["HOST"], settings_dict["PORT"]
        proxy = TCPProxy(int(address[1] or 5432), address[0] or "127.0.0.1").start()
        settings_dict["HOST"], settings_dict["PORT"] = proxy.host, str(proxy.port)
        server = LiveServer("127.0.0.1")
        try:
            yield server.url, proxy, site
        finally:
            server.stop()
            proxy.stop()
            settings_dict["HOST"], settings_dict["PORT"] = address
            connection.close()
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            connection.creation.deserialize_db_from_string(before)
            reset_sequences(connection)
            # Rows came back under their old ids; drop what this process remembers of them.
            ContentType.objects.clear_cache()
            cache.clear()


@pytest.fixture
def live(proxied):
    url, proxy, site = proxied
    cache.clear()
    yield proxied
    proxy.cut()  # whatever the test left it in: cut, hung or up
    proxy.restore()


def fetch(url, data=None, content_type="application/x-www-form-urlencoded"):
    """(status, headers, body) of a real HTTP request, errors included."""
    headers = {"Content-Type": content_type}
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def outage_log(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "core.outage"]


def test_database_down_is_a_503_page_and_json_and_cached_pages_still_serve(live, caplog):
    url, proxy, site = live
    story = f"{url}/stories/{site['story']}/"
    assert fetch(story)[0] == 200
    assert fetch(story)[1]["X-Cache"] == "HIT"

    with caplog.at_level(logging.INFO):
        proxy.cut()
        status, headers, _ = fetch(story)
        assert (status, headers["X-Cache"]) == (200, "HIT")  # no database needed for a hit

        status, headers, body = fetch(f"{url}/stories/")
        assert (status, headers["Retry-After"]) == (503, "30")
        assert "We will be back in a moment" in body
        assert "Traceback" not in body and "OperationalError" not in body

        query = json.dumps({"query": "{ pages { id } }"}).encode()
        status, headers, body = fetch(f"{url}/graphql/", query, "application/json")
        assert (status, headers["Retry-After"]) == (503, "30")
        assert json.loads(body)["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"

        status, _, body = fetch(f"{url}/embed/v1/data/?pledges=pledge&partner=leeds-cf")
        assert status == 503
        assert json.loads(body)["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"

        status, _, body = fetch(f"{url}/signatures/{site['pledge_id']}/sign/", b"name=Ada")
        assert status == 503

        proxy.restore()  # and no restart: the next request connects afresh
        assert fetch(f"{url}/stories/")[0] == 200
        assert fetch(f"{url}/graphql/", query, "application/json")[0] == 200

    log = outage_log(caplog)
    assert len(log) == 2, log  # one warning as it went, one as it came back
    assert log[0].startswith("Database unreachable")
    assert log[1].startswith("Database answers again")
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []


def test_a_persistent_connection_cut_mid_run_recovers_at_the_next_request(live):
    """What a long-lived app server sees (CONN_MAX_AGE): its open connection breaks,
    then Django's start-of-request check (conn_health_checks) replaces it."""
    proxy = live[1]
    # A connection of its own, through the proxy like the server's (the test's
    # own is inside pytest-django's transaction).
    server_side = connections.create_connection("default")
    server_side.settings_dict = {**server_side.settings_dict, "CONN_MAX_AGE": 60}
    try:
        with server_side.cursor() as cursor:
            cursor.execute("SELECT 1")
        proxy.cut()
        with pytest.raises(OperationalError), server_side.cursor() as cursor:
            cursor.execute("SELECT 1")
        proxy.restore()
        server_side.close_if_unusable_or_obsolete()  # what Django runs as each request starts
        with server_side.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM wagtailcore_page")
            assert cursor.fetchone()[0] > 1
    finally:
        server_side.close()
