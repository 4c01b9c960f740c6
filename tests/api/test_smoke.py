from wagtail.models import Site

from tests.factories import HomePageFactory, StoryPageFactory


def test_story_list_returns_live_stories(site_tree, gql):
    StoryPageFactory(parent=site_tree["stories"], title="A wish list")
    result = gql("{ stories { items { title url } pagination { total } } }")
    assert result["data"]["stories"]["items"][0]["title"] == "A wish list"


def test_urls_are_relative_to_the_requested_site(site_tree, gql):
    """With a second site, Wagtail gives an absolute URL unless it knows the request's site."""
    other_home = HomePageFactory(parent=site_tree["home"].get_parent(), slug="other")
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    StoryPageFactory(parent=site_tree["stories"], slug="local")
    result = gql("{ stories { items { url } } }")
    assert result["data"]["stories"]["items"] == [{"url": "/stories/local/"}]
