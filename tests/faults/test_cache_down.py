"""Redis cut for real, through a loopback proxy, while the app serves requests.

Runs in both CI passes: without REDIS_URL it uses the Redis that is always on
127.0.0.1:6379. The app under test is the real stack through Django's test
client, with its cache pointed at the proxy.
"""

import logging
import os
import time
from urllib.parse import urlsplit

from django.core.cache import cache

import pytest

from comments.models import ReaderComment
from core import cache as resilient
from pledges.counts import signature_counts
from pledges.models import Signature
from tests.abuse_fixtures import gql, steady_rate_clock  # noqa: F401 - fixtures used here
from tests.comments.helpers import post as post_comment
from tests.faults.proxy import TCPProxy
from tests.pledges.helpers import individual
from tests.pledges.helpers import sign as sign_pledge

REDIS = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/2")
RETRY_SECONDS = 0.2


@pytest.fixture(scope="module")
def redis_proxy():
    proxy = TCPProxy(REDIS.port or 6379, REDIS.hostname or "127.0.0.1").start()
    yield proxy
    proxy.stop()


@pytest.fixture
def proxied_cache(redis_proxy, settings):
    """The default cache is Redis through the proxy, with short timeouts and retries."""
    database = REDIS.path.strip("/") or "0"
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis_proxy.port}/{database}",
            "KEY_PREFIX": f"faults-{os.getpid()}",
            "OUTAGE_RETRY_SECONDS": RETRY_SECONDS,
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
    settings.PLEDGES = {**settings.PLEDGES, "MIN_FILL_SECONDS": 0, "RATE_PER_IP": (2, 3600)}
    settings.COMMENTS = {**settings.COMMENTS, "FORM_TOKEN_MIN_SECONDS": 0, "CHALLENGE": False}
    cache.clear()
    resilient._local_counters.clear()
    yield redis_proxy
    redis_proxy.cut()  # whatever the test left it in: cut, hung or up
    redis_proxy.restore()
    cache.clear()
    resilient._local_counters.clear()


def outage_log(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "core.outage"]


def back_up(proxy):
    proxy.restore()
    time.sleep(RETRY_SECONDS + 0.05)  # the cache leaves Redis alone that long after a failure


def test_pages_are_served_uncached_while_redis_is_down_and_cached_again_after(
    proxied_cache, module_site, db, client, caplog
):
    url = f"/stories/{module_site['story']}/"
    assert client.get(url)["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"
    assert proxied_cache.connections > 0  # the pool's connection is open: the cut breaks it

    with caplog.at_level(logging.INFO):
        proxied_cache.cut()
        for _ in range(3):
            response = client.get(url)
            assert response.status_code == 200
            assert response["X-Cache"] == "MISS"  # rendered each time, stored nowhere
        back_up(proxied_cache)
        assert client.get(url)["X-Cache"] == "HIT"  # what Redis held before is still good
        assert client.get(url + "?again")["X-Cache"] == "MISS"
        assert client.get(url + "?again")["X-Cache"] == "HIT"  # and it stores again

    log = outage_log(caplog)
    assert len(log) == 2, log  # one warning as it went, one as it came back
    assert log[0].startswith("Cache (Redis) unreachable")
    assert log[1].startswith("Cache (Redis) answers again")
    assert all(r.levelno < logging.ERROR for r in caplog.records)


def test_a_hung_redis_costs_one_timeout_per_retry_interval_not_one_per_call(
    proxied_cache, module_site, db, client, settings
):
    """A host that accepts and never answers: without the back-off every cache call
    of every request would wait out the socket timeout."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "OUTAGE_RETRY_SECONDS": 30}}
    proxied_cache.hang()
    before = proxied_cache.accepted
    for _ in range(3):
        assert client.get(f"/stories/{module_site['story']}/").status_code == 200
    assert proxied_cache.accepted - before == 1  # one try timed out; the rest left Redis alone


def test_signing_works_with_a_per_process_rate_limit_while_redis_is_down(
    proxied_cache,
    module_site,
    db,
    gql,  # noqa: F811
):
    pledge = module_site["pledge_id"]
    proxied_cache.cut()
    for n in range(2):
        assert sign_pledge(gql, pledge, **individual(email=f"ada{n}@example.org"))["ok"]
    refused = sign_pledge(gql, pledge, **individual(email="third@example.org"))
    assert [error["code"] for error in refused["errors"]] == ["RATE_LIMITED"]
    assert Signature.objects.filter(pledge_id=pledge).count() == 2

    # Back up: the shared count starts afresh, so nobody stays locked out by the fallback.
    back_up(proxied_cache)
    result = sign_pledge(gql, pledge, **individual(email="fourth@example.org"))
    assert result["ok"], result


def test_counts_come_from_the_database_while_redis_is_down(proxied_cache, module_site, db):
    pledge = module_site["pledge_id"]
    assert signature_counts(pledge)["total"] == 0  # cached as 0 in Redis
    proxied_cache.cut()
    Signature.objects.create(
        pledge_id=pledge,
        signer_type=Signature.SignerType.INDIVIDUAL,
        name="Ada",
        email="ada@example.org",
        status=Signature.Status.CONFIRMED,
    )
    assert signature_counts(pledge)["total"] == 1


def test_commenting_works_while_redis_is_down(proxied_cache, module_site, db, gql):  # noqa: F811
    proxied_cache.cut()
    result = post_comment(gql, module_site["story_id"], body="Still here without Redis.")
    assert result["errors"] == [], result
    assert result["state"]  # stored: held or published, as the pipeline decided
    assert ReaderComment.objects.filter(body__contains="without Redis").exists()
