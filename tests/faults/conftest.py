"""Shared set-up for the fault tests: one small site, built once per module."""

import datetime

from django.db import transaction
from django.utils import timezone

from wagtail.models import Page, Site

import pytest

from tests.factories import (
    HomePageFactory,
    PledgePageFactory,
    ReaderCommentFactory,
    StoryIndexPageFactory,
    StoryPageFactory,
)
from tests.pledges.embeds import make_partner


def build_site(hostname="testserver", port=80):
    """A home page with a story (and an approved comment), a pledge and a partner."""
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    for page in root.get_children():  # Wagtail's welcome page
        page.delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True)
    stories = StoryIndexPageFactory(parent=home, slug="stories")
    published = timezone.now() - datetime.timedelta(days=1)
    story = StoryPageFactory(parent=stories, slug="story", first_published_at=published)
    comment = ReaderCommentFactory(page=story)
    pledge = PledgePageFactory(parent=home, slug="pledge")
    make_partner()
    return {
        "story": story.slug,
        "story_id": story.pk,
        "comment": comment.pk,
        "pledge": pledge.slug,
        "pledge_id": pledge.pk,
    }


@pytest.fixture(autouse=True)
def no_outage_yet():
    """What a process knows of an outage outlives a request; a test starts without one."""
    from core.unavailable import DATABASE

    DATABASE.down = False
    yield
    DATABASE.down = False


@pytest.fixture(scope="module")
def module_site(django_db_setup, django_db_blocker):
    """`build_site()` once for the module, inside a transaction rolled back at its
    end; each test's own transaction nests in it as a savepoint (the trick of
    Django's setUpTestData)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_site()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
