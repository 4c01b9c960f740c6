"""Editors preview drafts through the frontend, with expiring tokens."""

from django.test import RequestFactory, override_settings

from wagtail_headless_preview.models import PagePreview


def _preview_token(page):
    return page.create_page_preview().token


def test_preview_shows_the_draft_through_the_frontend(site_pages, client):
    story = site_pages["story"]
    story.title = "Draft title not yet live"
    token = _preview_token(story)
    response = client.get("/preview/", {"token": token})
    assert response.status_code == 200
    assert "frontend/pages/story_page.html" in [t.name for t in response.templates]
    assert "Draft title not yet live" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    # The live page is untouched.
    assert (
        "Draft title not yet live" not in client.get("/stories/wish-list-story/").content.decode()
    )


def test_admin_preview_frames_the_frontend(site_pages):
    request = RequestFactory().get("/admin/pages/1/edit/preview/")
    response = site_pages["story"].serve_preview(request, "")
    assert b"/preview/?content_type=stories.storypage&amp;token=" in response.content


def test_tampered_and_expired_tokens_are_refused(site_pages, client):
    token = _preview_token(site_pages["story"])
    assert client.get("/preview/", {"token": token + "x"}).status_code == 410
    with override_settings(PREVIEW_TOKEN_MAX_AGE=-1):
        assert client.get("/preview/", {"token": token}).status_code == 410
    assert client.get("/preview/").status_code == 410


def test_preview_token_reaches_the_api_only_for_that_draft(site_pages, gql):
    token = _preview_token(site_pages["story"])
    PagePreview.objects.filter(token=token).update(token=token + "-gone")
    result = gql("query($t: String) { page(token: $t) { title } }", {"t": token})
    assert result["data"]["page"] is None
