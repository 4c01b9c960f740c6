"""The site can run against a remote API: the same documents over HTTP."""

import pytest


# serialized_rollback keeps Wagtail's root page, created by a migration, for the next test.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_render_over_http_against_a_live_api(
    site_pages, client, live_server, settings, monkeypatch
):
    from frontend import client as api_client

    def not_in_process(*args, **kwargs):
        raise AssertionError("the in-process path ran instead of HTTP")

    monkeypatch.setattr(api_client, "_in_process", not_in_process)
    settings.FRONTEND_API_URL = f"{live_server.url}/graphql/"
    response = client.get("/stories/wish-list-story/")
    assert response.status_code == 200
    assert "Wish list story" in response.content.decode()
    assert client.get("/stories/missing/").status_code == 404


def test_unreachable_api_gives_a_500_page(site_pages, client, settings):
    settings.FRONTEND_API_URL = "http://127.0.0.1:9/graphql/"
    settings.FRONTEND_API_TIMEOUT = 2
    response = client.get("/stories/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
