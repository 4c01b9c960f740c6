"""Security headers on every page type: the CSP and its few per-route variations."""

import re

from django.contrib.auth.models import User

import pytest

from tests.pledges.embeds import data_url, frame_url, make_partner

SITE_WIDE = {
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}
DENIED = ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")


def policy(response):
    """The CSP as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_safe(response, *, framers=("'none'",), inline_styles=False):
    for header, value in SITE_WIDE.items():
        assert response[header] == value, header
    permissions = response["Permissions-Policy"]
    assert all(feature in permissions for feature in DENIED), permissions
    csp = policy(response)
    assert csp["script-src"][0] == "'self'"
    # Nonces only: no unsafe script source, on any page.
    allowed = r"'self'|'nonce-[\w+/=]+'|'sha256-[\w+/=]+'|https://cdn\.jsdelivr\.net"
    assert all(re.fullmatch(allowed, src) for src in csp["script-src"]), csp
    assert "script-src-attr" not in csp and "script-src-elem" not in csp
    assert ("'unsafe-inline'" in csp["style-src"]) is inline_styles, csp["style-src"]
    assert csp["object-src"] == ["'none'"] or csp["default-src"] == ["'none'"]
    assert csp["frame-ancestors"] == list(framers)
    return csp


@pytest.fixture
def pledge(site_pages):
    return site_pages["pledge"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/stories/", 200),
        ("/stories/wish-list-story/", 200),
        ("/case-studies/", 200),
        ("/case-studies/leeds/", 200),
        ("/join/", 200),
        ("/search/?q=wish", 200),
        ("/feeds/stories/", 200),
        ("/sitemap.xml", 200),
        ("/robots.txt", 200),
        ("/no-such-page/", 404),
        ("/signatures/confirm/not-a-token/", 410),
        ("/graphql/?query={__typename}", 200),
    ],
)
def test_public_routes_send_the_strict_policy(client, site_pages, path, status):
    response = client.get(path)
    assert response.status_code == status
    csp = assert_safe(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"][0] == "'self'"


def test_thanks_page(client, pledge):
    response = client.get(f"/signatures/{pledge.pk}/thanks/")
    assert response.status_code == 200
    assert_safe(response)


def test_cached_pages_carry_no_nonce(client, site_pages):
    """A cached page is served to many readers, each with its own header:
    a nonce in its HTML would match only the first."""
    for _ in range(2):
        response = client.get("/stories/wish-list-story/")
        assert "nonce" not in response["Content-Security-Policy"]
        assert "nonce=" not in response.content.decode()
    assert response["X-Cache"] == "HIT"


def test_embed_frame_is_framed_by_the_partner_only(client, pledge):
    make_partner(origins="https://www.leedscf.example")
    response = client.get(frame_url(pledge, accent="%23123456"))
    assert response.status_code == 200
    csp = assert_safe(response, framers=("'self'", "https://www.leedscf.example"))
    assert csp["default-src"] == ["'none'"] and "frame-src" not in csp
    nonce = re.search(r"'nonce-([^']+)'", " ".join(csp["style-src"])).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()


def test_embed_data_and_script(client, pledge):
    make_partner()
    for url in (data_url(pledge.slug), "/embed/v1/pledge.js"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_safe(response)


def test_preview_may_be_framed_by_our_admin(client, site_pages):
    response = client.get("/preview/?token=expired")
    assert response.status_code == 410
    assert_safe(response, framers=("'self'",))


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("csp-editor", "csp@example.org", "csp-password-1")


def test_admin_login_and_dashboard(client, site_pages, editor):
    assert_safe(client.get("/admin/login/"), inline_styles=True)
    client.force_login(editor)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    csp = assert_safe(dashboard, inline_styles=True)
    assert "blob:" in csp["img-src"]


def test_admin_preview_views_may_be_framed_by_the_admin(client, site_pages, editor):
    client.force_login(editor)
    story = site_pages["story"]
    response = client.get(f"/admin/pages/{story.pk}/edit/preview/")
    assert_safe(response, framers=("'self'",), inline_styles=True)
    edit = client.get(f"/admin/pages/{story.pk}/edit/")
    assert edit.status_code == 200
    assert_safe(edit, inline_styles=True)


def test_graphiql_in_debug_allows_only_its_own_inline_code(client, site_pages, settings):
    import base64
    import hashlib

    settings.DEBUG = True
    response = client.get("/graphql/", headers={"Accept": "text/html"})
    assert response.status_code == 200
    csp = assert_safe(response)
    html = response.content.decode()
    inline = re.search(r'<script type="application/javascript">(.*?)</script>', html, re.S)
    digest = base64.b64encode(hashlib.sha256(inline.group(1).encode()).digest()).decode()
    assert csp["script-src"] == ["'self'", "https://cdn.jsdelivr.net", f"'sha256-{digest}'"]
    assert len(csp["style-src"]) == 3 and csp["style-src"][2].startswith("'sha256-")
