"""Titles, descriptions, canonical and sharing tags; sitemap, robots, feed."""

from defusedxml import ElementTree

from tests.factories import StoryPageFactory


def test_story_metadata(site_pages, client):
    story = site_pages["story"]
    story.search_description = "A hand-written description."
    story.seo_title = "Christmas wishes"
    story.save_revision().publish()
    html = client.get("/stories/wish-list-story/").content.decode()
    assert "<title>Christmas wishes | Keep it Local</title>" in html
    assert '<meta name="description" content="A hand-written description.">' in html
    assert '<link rel="canonical" href="http://testserver/stories/wish-list-story/">' in html
    assert '<meta property="og:type" content="article">' in html
    # Absolute, as Open Graph wants, on the host the reader used (not BASE_URL).
    assert '<meta property="og:image" content="http://testserver/media/images/' in html
    assert "fill-1200x630" in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_description_falls_back_to_summary(site_pages, client):
    html = client.get("/case-studies/leeds/").content.decode()
    assert '<meta name="description" content="What the council did.">' in html


def test_share_links_are_plain_links(site_pages, client):
    html = client.get("/join/").content.decode()
    assert (
        "https://www.linkedin.com/sharing/share-offsite/?url=http%3A%2F%2Ftestserver%2Fjoin%2F"
        in html
    )
    assert "mailto:?subject=" in html


def test_sitemap_lists_live_pages_only(site_pages, client):
    StoryPageFactory(parent=site_pages["stories"], slug="secret-draft", live=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/stories/wish-list-story/" in body
    assert "secret-draft" not in body


def test_robots_txt(site_pages, client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_atom_feed(site_pages, client):
    response = client.get("/feeds/stories/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    titles = [entry.find("atom:title", ns).text for entry in root.findall("atom:entry", ns)]
    assert "Wish list story" in titles


def test_favicon(client, site_pages):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")
