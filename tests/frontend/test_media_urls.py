"""Runs anywhere: our pages show media from the host they were served on; the API keeps BASE_URL."""

import re

import pytest

BASE = "http://127.0.0.1:8000"
STORY = "/stories/wish-list-story/"


def image_urls(html):
    """Every URL in an img's src or srcset."""
    urls = re.findall(r'<img[^>]* src="([^"]+)"', html)
    for srcset in re.findall(r'srcset="([^"]+)"', html):
        urls += [item.split()[0] for item in srcset.split(",")]
    return urls


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = BASE


def test_page_images_are_site_relative(client, site_pages):
    html = client.get(STORY, headers={"Host": "staging.example:8001"}).content.decode()
    urls = image_urls(html)
    assert urls, "the story has a hero image"
    assert all(url.startswith("/media/") for url in urls), urls
    assert BASE not in html.replace(f'href="{BASE}', "")  # no media on BASE_URL


def test_share_image_is_absolute_on_the_readers_host(client, site_pages):
    html = client.get(STORY, headers={"Host": "staging.example:8001"}).content.decode()
    assert '<meta property="og:image" content="http://staging.example:8001/media/images/' in html
    assert '<meta name="twitter:image" content="http://staging.example:8001/media/' in html


def test_the_api_keeps_absolute_urls_for_partners(gql, site_pages):
    query = """{ page(urlPath: "/stories/wish-list-story/") { ... on StoryPage {
        heroImage { url srcSet(sizes: [480]) rendition(width: 480) { url } } } } }"""
    image = gql(query)["data"]["page"]["heroImage"]
    assert image["url"].startswith(f"{BASE}/media/original_images/")
    assert image["srcSet"].startswith(f"{BASE}/media/images/")
    assert image["rendition"]["url"].startswith(f"{BASE}/media/images/")


def test_the_flag_does_not_outlive_a_page(client, gql, site_pages):
    client.get(STORY)
    query = (
        '{ page(urlPath: "/stories/wish-list-story/") { ... on StoryPage { heroImage { url } } } }'
    )
    assert gql(query)["data"]["page"]["heroImage"]["url"].startswith(BASE)
