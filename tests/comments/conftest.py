import datetime
import functools
import json
import time
from types import SimpleNamespace

from django.core.cache import cache
from django.utils import timezone

import pytest

from tests.comments import helpers
from tests.factories import CaseStudyPageFactory, StoryPageFactory


@pytest.fixture
def story(site_tree):
    # wagtail-factories leaves first_published_at empty; auto-closing counts from it.
    published = timezone.now() - datetime.timedelta(days=1)
    return StoryPageFactory(parent=site_tree["stories"], first_published_at=published)


@pytest.fixture
def case_study(site_tree):
    return CaseStudyPageFactory(parent=site_tree["case_studies"])


@pytest.fixture(autouse=True)
def comment_limits(settings):
    """No minimum fill time (the token fetched just before posting is accepted) and
    rate limits generous enough for tests that post a few comments; tests about
    either set their own on top. The shared cache starts empty."""
    settings.COMMENTS = {
        **settings.COMMENTS,
        "FORM_TOKEN_MIN_SECONDS": 0,
        "RATE_PER_IP": ((50, 60),),
        "RATE_PER_EMAIL": ((50, 60),),
        "CHALLENGE": False,
    }
    settings.TRUSTED_PROXY_COUNT = 0
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture(autouse=True)
def steady_rate_clock(monkeypatch):
    """Rate-limit windows are clock buckets: hold the clock mid-bucket (of every window up
    to an hour) so a test's attempts never straddle a boundary."""
    from pledges import abuse

    now = time.time()
    middle = now - now % 3600 + 1800
    monkeypatch.setattr(abuse, "time", SimpleNamespace(time=lambda: middle))


@pytest.fixture
def gql(client):
    """POST to /graphql/; keyword arguments are WSGI environ (REMOTE_ADDR, headers)."""

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


@pytest.fixture
def post(gql):
    """`post(page, **input)`: createReaderComment as a browser would, token fetched first."""
    return functools.partial(helpers.post, gql)


@pytest.fixture
def moderator(django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        "moderator", email="moderator@keepitlocal.example", password="x"
    )
    user.user_permissions.add(Permission.objects.get(codename="moderate_readercomment"))
    return user


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs the block's on-commit callbacks (signals, emails)."""
    return functools.partial(django_capture_on_commit_callbacks, execute=True)
