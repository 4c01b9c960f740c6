import datetime
import functools

from django.core.cache import cache
from django.utils import timezone

import pytest

from tests.abuse_fixtures import gql, steady_rate_clock  # noqa: F401 - fixtures for this area
from tests.comments import helpers
from tests.factories import CaseStudyPageFactory, StoryPageFactory
from tests.outbox_fixtures import outbox_warnings, sink, smtp_to_sink  # noqa: F401 - fixtures


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


@pytest.fixture
def post(gql):  # noqa: F811 - the imported fixture
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
