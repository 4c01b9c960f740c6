"""Every page type is reachable at its Wagtail URL and rendered from the API."""

import pytest

from tests.factories import StoryPageFactory


@pytest.mark.parametrize(
    ("path", "template", "heading"),
    [
        ("/", "frontend/pages/home_page.html", "Keep it Local"),
        ("/stories/", "frontend/pages/story_index_page.html", "Stories"),
        ("/stories/wish-list-story/", "frontend/pages/story_page.html", "Wish list story"),
        ("/case-studies/", "frontend/pages/case_study_index_page.html", "Case studies"),
        ("/case-studies/leeds/", "frontend/pages/case_study_page.html", "Leeds case"),
        ("/join/", "frontend/pages/pledge_page.html", "Join the network"),
    ],
)
def test_page_types_render_with_their_template(site_pages, client, path, template, heading):
    response = client.get(path)
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]
    assert "<h1" in response.content.decode()
    assert heading in response.content.decode()


def test_story_body_blocks_render(site_pages, client):
    html = client.get("/stories/wish-list-story/").content.decode()
    assert '<h2 class="block-heading">Our wishes</h2>' in html
    assert html.count('<li class="wish">') == 2
    assert "By Sam Writer" in html
    assert 'srcset="' in html and 'sizes="' in html and 'width="' in html


def test_story_index_filters_by_kind_and_tag(site_pages, client):
    news = client.get("/stories/", {"kind": "news"}).content.decode()
    assert "News story" in news and "Wish list story" not in news
    tagged = client.get("/stories/", {"tag": "christmas"}).content.decode()
    assert "Wish list story" in tagged and "News story" not in tagged
    unknown = client.get("/stories/", {"kind": "nonsense", "page": "x"})
    assert unknown.status_code == 200


def test_story_index_paginates(site_tree, client):
    for i in range(13):
        StoryPageFactory(parent=site_tree["stories"], title=f"Numbered {i}")
    first = client.get("/stories/").content.decode()
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    second = client.get("/stories/", {"page": 2}).content.decode()
    assert second.count('class="card"') == 1


def test_case_study_index_filters(site_pages, client):
    region = site_pages["case_study"].local_authority.region
    html = client.get("/case-studies/", {"region": region}).content.decode()
    assert "Leeds case" in html
    none = client.get("/case-studies/", {"region": "wales"}).content.decode()
    assert "Leeds case" not in none and "No case studies match" in none


def test_search_results(site_pages, client):
    html = client.get("/search/", {"q": "wish list"}).content.decode()
    assert "Wish list story" in html
    assert client.get("/search/").status_code == 200


def test_missing_and_draft_pages_are_404(site_pages, client):
    StoryPageFactory(parent=site_pages["stories"], slug="draft", live=False)
    for path in ("/nothing-here/", "/stories/draft/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "We can’t find that page" in response.content.decode()


def test_api_failure_is_a_500_page_not_a_traceback(site_pages, client, monkeypatch):
    from frontend import views
    from frontend.client import APIError

    def broken(*args, **kwargs):
        raise APIError("boom")

    monkeypatch.setattr(views, "execute", broken)
    response = client.get("/stories/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert "boom" not in response.content.decode()


def test_pages_need_no_javascript(site_pages, client):
    html = client.get("/stories/wish-list-story/").content.decode()
    assert '<script src="/static/frontend/js/site.js" defer>' in html
    # The only script is the optional enhancement; the copy button starts hidden.
    assert html.count("<script") == 1
    assert "data-copy-link" in html and "hidden" in html
