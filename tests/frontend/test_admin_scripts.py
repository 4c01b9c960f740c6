"""Admin widgets start without inline scripts (cms/admin_scripts.py)."""

import json
import re

from django.contrib.auth.models import User

import pytest

from cms.admin_scripts import init_placeholder

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)


def test_placeholder_is_inert_json_that_cannot_close_its_element():
    html = init_placeholder("ImageChooser", "id_x", {"title": "</script><script>alert(1)"})
    assert html.startswith('<script type="application/json" data-admin-init="ImageChooser">')
    body = html.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in body and json.loads(body) == ["id_x", {"title": "</script><script>alert(1)"}]


def test_only_known_starters():
    with pytest.raises(ValueError):
        init_placeholder("eval", "alert(1)")


@pytest.fixture
def editor_client(client, db):
    client.force_login(User.objects.create_superuser("scripts", "s@example.org", "pw-scripts-1"))
    return client


def test_page_editors_and_listings_carry_no_inline_script(editor_client, site_pages):
    urls = ["/admin/pages/", "/admin/snippets/pledges/partner/add/"] + [
        f"/admin/pages/{site_pages[name].pk}/edit/" for name in ("home", "story", "case_study")
    ]
    for url in urls:
        html = editor_client.get(url).content.decode()
        assert INLINE_SCRIPT.findall(html) == [], url
        assert "data-admin-init=" in html, url
    assert 'data-admin-init="InlinePanel"' in html  # the case study's related stories


def test_wagtails_dummy_preview_request_gets_no_headers_of_its_own(rf):
    from django.http import HttpResponse

    from cms.security import SecurityHeadersMiddleware

    request = rf.get("/")
    request.is_dummy = True
    response = SecurityHeadersMiddleware(lambda r: HttpResponse())(request)
    assert "Content-Security-Policy" not in response
    assert "Permissions-Policy" not in response
