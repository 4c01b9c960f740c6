"""`/healthz` and `/readyz`, answered as a load balancer's probe would see them.

The unreachable database and cache are real clients pointed at a closed
loopback port, so the refusal comes from the operating system, not a mock.
"""

from django.core.cache import caches
from django.db import connections

import pytest

from core import health
from pledges.models import EmailDelivery
from tests.factories import PledgePageFactory
from tests.pledges.helpers import make_signature

# A production-like lock-down that a probe must get through untouched.
LOCKED_DOWN = {"ALLOWED_HOSTS": ["keepitlocal.example"], "SECURE_SSL_REDIRECT": True}
PROBE_HOST = {"HTTP_HOST": "10.0.0.7:8000"}  # load balancers name the server by address


@pytest.fixture
def locked_down(settings):
    for name, value in LOCKED_DOWN.items():
        setattr(settings, name, value)
    return settings


@pytest.fixture
def unreachable_cache(settings, closed_port):
    settings.CACHES = {
        **settings.CACHES,
        "unreachable": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    settings.HEALTH_CHECKS = {**getattr(settings, "HEALTH_CHECKS", {}), "CACHE": "unreachable"}


@pytest.fixture
def unreachable_database(settings, closed_port):
    """A second PostgreSQL connection whose server is not there."""
    alias = "unreachable"
    connections.settings[alias] = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "kil_ops_nowhere",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": str(closed_port),
        "OPTIONS": {"connect_timeout": 1},
    }
    settings.HEALTH_CHECKS = {**getattr(settings, "HEALTH_CHECKS", {}), "DATABASE": alias}
    yield alias
    connections[alias].close()
    del connections[alias]
    del connections.settings[alias]


def test_liveness_touches_nothing(client, db, locked_down, django_assert_num_queries):
    cache = caches["default"]
    cache.clear()
    with django_assert_num_queries(0):
        response = client.get("/healthz", **PROBE_HOST)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF token
    assert cache.get(health.PROBE_KEY) is None  # readiness writes this; liveness must not


def test_liveness_answers_head_and_refuses_post(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_readiness_reports_database_cache_and_backlog(client, db, site_tree, locked_down):
    pledge = PledgePageFactory(parent=site_tree["home"], slug="pledge")
    signature = make_signature(pledge)
    EmailDelivery.objects.create(signature=signature, kind=EmailDelivery.Kind.CONFIRM)
    EmailDelivery.objects.create(signature=signature, kind=EmailDelivery.Kind.CONFIRM)
    sent = EmailDelivery.objects.create(signature=signature, kind=EmailDelivery.Kind.CONFIRM)
    sent.sent_at = sent.created_at
    sent.save()

    response = client.get("/readyz", **PROBE_HOST)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["cache"]["ok"]
    assert body["outbox"]["pending"] == 2
    assert body["outbox"]["oldest_seconds"] >= 0
    assert body["tasks"]["ready"] == 0
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert signature.email not in response.content.decode()


def test_readiness_counts_queued_tasks(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from pledges.maintenance import reconcile_counts_task

    reconcile_counts_task.enqueue()
    reconcile_counts_task.enqueue()

    body = client.get("/readyz").json()

    assert body["tasks"] == {"backend": "DatabaseBackend", "ready": 2, "running": 0}


@pytest.fixture(autouse=True)
def fresh_outage_memory(monkeypatch):
    monkeypatch.setattr(health, "_last_ok", {"database": True, "cache": True})


def test_readiness_is_503_without_the_database(
    client, django_db_blocker, unreachable_database, caplog
):
    # Without the `db` fixture, so that Django's test case does not forbid the
    # extra alias; unblocked so that the connection really tries and is refused.
    with django_db_blocker.unblock():
        response = client.get("/readyz", **PROBE_HOST)
        client.get("/readyz", **PROBE_HOST)

    # One error for the outage, not one per probe (and none from django.request).
    errors = [record for record in caplog.records if record.levelname == "ERROR"]
    assert [record.name for record in errors] == ["core.health"]

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"] == {"ok": False, "error": "OperationalError"}
    assert "outbox" not in body


def test_readiness_is_degraded_but_200_without_the_cache(client, db, unreachable_cache):
    response = client.get("/readyz", **PROBE_HOST)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["cache"]["ok"] is False
    assert body["database"]["ok"] is True
    assert "pending" in body["outbox"]


def test_probes_skip_host_check_and_https_redirect_but_other_pages_do_not(client, db, locked_down):
    assert client.get("/readyz", **PROBE_HOST).status_code == 200
    assert client.get("/healthz/", **PROBE_HOST).status_code == 200
    # The lock-down is real: the same request for any other path is refused.
    assert client.get("/", **PROBE_HOST).status_code == 400
