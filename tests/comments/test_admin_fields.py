"""Editors see the comment switches on the page editor and the comment settings form."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", password="x"))
    return client


def test_page_editor_shows_the_comments_panel(admin_client, story, case_study):
    for page in (story, case_study):
        response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'name="comments_open"' in html
        assert 'name="comments_closed_reason"' in html


def test_comment_settings_form_renders(admin_client, site_tree):
    response = admin_client.get(f"/admin/settings/comments/commentsettings/{site_tree['site'].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("close_after_days", "policy", "hold_links", "report_threshold", "ban_days"):
        assert f'name="{field}"' in html
