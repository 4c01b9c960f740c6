"""Fixtures for the pledge tests.

Every test starts with an empty shared cache (rate-limit counters and counts
live there) and with the minimum fill time at zero, so the form token fetched
just before signing is accepted without sleeping. Tests about the fill time,
rate limits or the challenge set their own values on top.
"""

import functools

from django.core.cache import cache

import pytest

from tests.abuse_fixtures import gql, steady_rate_clock  # noqa: F401 - fixtures for this area
from tests.factories import LocalAuthorityFactory, PledgePageFactory
from tests.outbox_fixtures import outbox_warnings, sink, smtp_to_sink  # noqa: F401 - fixtures
from tests.pledges import helpers


@pytest.fixture(autouse=True)
def pledge_settings(settings):
    settings.PLEDGES = {
        **settings.PLEDGES,
        "MIN_FILL_SECONDS": 0,
        "RATE_PER_IP": (20, 60 * 60),
        "RATE_PER_EMAIL": (3, 60 * 60),
        "MAX_EMAILS_PER_SIGNATURE": 5,
        "CHALLENGE": False,
        "CHALLENGE_MAX_NUMBER": 1000,
        "UNCONFIRMED_DAYS": 7,
        "RETENTION_DAYS": 365,
    }
    settings.TRUSTED_PROXY_COUNT = 0
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def sign(gql):  # noqa: F811 - the imported fixture
    """`sign(pledge, **fields)`: helpers.sign bound to this test's client."""
    return functools.partial(helpers.sign, gql)


@pytest.fixture
def pledge(site_tree):
    """A live pledge for individuals and organisations, at /pledge/."""
    return PledgePageFactory(
        parent=site_tree["home"],
        title="Keep it Local pledge",
        slug="pledge",
        summary="Ask your council to keep it local.",
        goal=10,
    )


@pytest.fixture
def council_pledge(site_tree):
    """A live pledge that only councils may sign, at /councils/."""
    return PledgePageFactory(
        parent=site_tree["home"],
        title="Council commitment",
        slug="councils",
        allow_councils=True,
        allow_organisations=False,
        allow_individuals=False,
    )


@pytest.fixture
def leeds(db):
    return LocalAuthorityFactory(name="Leeds City Council", gss_code="E08000035")


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs the block's on-commit callbacks (emails, count refresh)."""
    return functools.partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def local_cache(settings):
    """A cache in this process, whose clock a test can move (Redis keeps its own time)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "clock"}
    }
