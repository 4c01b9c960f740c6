"""The requested site is looked up once per process, and again after a site changes."""

import pytest

from cms import sites
from tests.factories import HomePageFactory

QUERY = '{ page(urlPath: "/") { title } }'


@pytest.fixture
def lookups():
    start = sites.lookups["database"]
    return lambda: sites.lookups["database"] - start


def title(gql, host="testserver"):
    return gql(QUERY, host=host)["data"]["page"]["title"]


def test_a_second_request_needs_no_site_query(site_tree, gql, lookups):
    site_tree["home"].title = "Keep it Local"
    site_tree["home"].save()
    assert title(gql) == "Keep it Local"
    assert lookups() == 1
    assert title(gql) == "Keep it Local"
    assert lookups() == 1


def test_saving_a_site_is_seen_by_the_next_request(site_tree, gql, lookups):
    assert title(gql, host="other.example") == site_tree["home"].title
    other_home = HomePageFactory(parent=site_tree["home"].get_parent(), slug="other", title="Other")
    site = site_tree["site"]
    from wagtail.models import Site

    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    assert title(gql, host="other.example") == other_home.title
    site.root_page = other_home
    site.save()
    assert title(gql) == other_home.title


def test_deleting_a_site_is_seen_by_the_next_request(site_tree, gql):
    from wagtail.models import Site

    other_home = HomePageFactory(parent=site_tree["home"].get_parent(), slug="other", title="Other")
    other = Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    assert title(gql, host="other.example") == other_home.title
    other.delete()
    assert title(gql, host="other.example") == site_tree["home"].title


def test_a_change_made_by_another_server_is_seen(site_tree, gql, lookups):
    from django.core.cache import cache

    title(gql)
    title(gql)
    assert lookups() == 1
    # Another app server saved a site: only the shared generation moves here.
    cache.set(sites.GENERATION_KEY, cache.get(sites.GENERATION_KEY, 0) + 1, timeout=None)
    title(gql)
    assert lookups() == 2


STORY = '{ page(urlPath: "/stories/secret/") { title } }'


@pytest.fixture
def restrictions():
    start = sites.lookups["restrictions"]
    return lambda: sites.lookups["restrictions"] - start


def test_view_restrictions_are_read_once_and_again_after_a_change(site_tree, gql, restrictions):
    from wagtail.models import PageViewRestriction

    from tests.factories import StoryPageFactory

    story = StoryPageFactory(parent=site_tree["stories"], slug="secret", title="Secret")
    assert gql(STORY)["data"]["page"]["title"] == "Secret"
    assert gql(STORY)["data"]["page"]["title"] == "Secret"
    assert restrictions() == 1
    restriction = PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert gql(STORY)["data"]["page"] is None
    restriction.delete()
    assert gql(STORY)["data"]["page"]["title"] == "Secret"


def test_a_restricted_page_moved_elsewhere_stays_hidden(site_tree, gql):
    from wagtail.models import PageViewRestriction

    from tests.factories import StoryPageFactory

    secret = StoryPageFactory(parent=site_tree["stories"], slug="secret", title="Secret")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert gql(STORY)["data"]["page"] is None  # the restrictions are now cached
    # Its restriction's path moves with it: a stale list would show it at its new place.
    secret.move(site_tree["case_studies"], pos="last-child")
    moved = '{ page(urlPath: "/case-studies/secret/") { title } }'
    assert gql(moved)["data"]["page"] is None
