"""Public pages are cacheable; publishing purges; preview and admin never cache."""

from django.contrib.auth import get_user_model

from home.models import HomePageFeaturedStory
from tests.factories import StoryPageFactory


def test_public_pages_send_cache_headers_and_etag(site_pages, client):
    response = client.get("/stories/")
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert response["ETag"]
    repeat = client.get("/stories/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert repeat.status_code == 304


def test_public_pages_vary_on_cookie_and_tag_their_own_content(site_pages, client):
    """A browser holding the comment cookie must refetch; a changed page must not 304."""
    index, story = client.get("/stories/"), client.get("/stories/wish-list-story/")
    for response in (index, story):
        assert "Cookie" in [part.strip() for part in response["Vary"].split(",")]
    assert index["ETag"] != story["ETag"]


def test_second_request_is_served_from_the_cache(site_pages, client, django_assert_num_queries):
    assert client.get("/stories/wish-list-story/")["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        response = client.get("/stories/wish-list-story/")
    assert response["X-Cache"] == "HIT"


def test_publishing_purges_the_page_and_its_index(site_pages, client):
    story = site_pages["story"]
    client.get("/stories/wish-list-story/")
    client.get("/stories/")
    story.title = "Renamed wish list"
    story.save_revision().publish()
    assert "Renamed wish list" in client.get("/stories/wish-list-story/").content.decode()
    assert "Renamed wish list" in client.get("/stories/").content.decode()


def test_a_new_story_appears_on_the_cached_index_and_home(site_pages, client):
    home = site_pages["home"]
    client.get("/stories/")
    client.get("/")
    new = StoryPageFactory(parent=site_pages["stories"], title="Brand new", live=False)
    home.featured_stories = [HomePageFeaturedStory(story=new, sort_order=0)]
    home.save_revision().publish()
    assert client.get("/")["X-Cache"] == "MISS"
    assert "Brand new" not in client.get("/").content.decode()  # not live yet, cached again
    new.save_revision().publish()
    assert "Brand new" in client.get("/stories/").content.decode()
    assert "Brand new" in client.get("/").content.decode()


def test_publishing_purges_the_feed_and_the_sitemap(site_pages, client):
    assert "Fresh off the press" not in client.get("/feeds/stories/").content.decode()
    assert client.get("/feeds/stories/")["X-Cache"] == "HIT"
    client.get("/sitemap.xml")
    assert client.get("/sitemap.xml")["X-Cache"] == "HIT"
    new = StoryPageFactory(
        parent=site_pages["stories"], title="Fresh off the press", slug="fresh", live=False
    )
    new.save_revision().publish()
    assert "Fresh off the press" in client.get("/feeds/stories/").content.decode()
    assert "/stories/fresh/" in client.get("/sitemap.xml").content.decode()


def test_unpublishing_purges(site_pages, client):
    assert client.get("/stories/news/").status_code == 200
    site_pages["news"].unpublish()
    assert client.get("/stories/news/").status_code == 404


def test_admin_is_never_cached(site_pages, client):
    user = get_user_model().objects.create_superuser("editor", "e@example.invalid", "pw")
    client.force_login(user)
    response = client.get("/admin/")
    assert "public" not in response.get("Cache-Control", "")
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_changing_site_settings_purges_every_cached_page(
    site_pages, client, django_capture_on_commit_callbacks
):
    from comments.models import CommentSettings
    from core.models import SiteSettings

    site = site_pages["home"].get_site()
    for path in ("/", "/stories/", "/stories/wish-list-story/"):
        client.get(path)
        assert client.get(path)["X-Cache"] == "HIT"
    site_settings = SiteSettings.for_site(site)
    site_settings.footer_text = "<p>Registered charity 999999</p>"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    for path in ("/", "/stories/", "/stories/wish-list-story/"):
        assert "Registered charity 999999" in client.get(path).content.decode(), path

    comment_settings = CommentSettings.for_site(site)
    comment_settings.policy = "<p>Be kind to one another.</p>"
    with django_capture_on_commit_callbacks(execute=True):
        comment_settings.save()
    assert "Be kind to one another." in client.get("/stories/wish-list-story/").content.decode()


def test_settings_made_on_first_use_purge_nothing(site_pages, django_capture_on_commit_callbacks):
    """The first render creates the settings rows with their defaults; it must not purge itself."""
    from comments.models import CommentSettings
    from core.models import SiteSettings

    site = site_pages["home"].get_site()
    SiteSettings.objects.filter(site=site).delete()
    CommentSettings.objects.filter(site=site).delete()
    with django_capture_on_commit_callbacks() as callbacks:
        SiteSettings.for_site(site)
        CommentSettings.for_site(site)
    assert callbacks == []
