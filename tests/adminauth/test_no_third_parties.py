"""The admin loads nothing from other sites, and Django's admin is off unless asked for."""

import importlib
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import clear_url_caches

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["/admin/", "/admin/account/", "/admin/users/", "/admin/pages/"]


class AssetURLs(HTMLParser):
    """Every URL the browser would load or follow from img, script, link, source and iframe."""

    TAGS = {"img": "src", "script": "src", "link": "href", "source": "src", "iframe": "src"}

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.TAGS and attrs.get(self.TAGS[tag]):
            self.urls.append(attrs[self.TAGS[tag]])
        if attrs.get("srcset"):
            self.urls += [part.strip().split(" ")[0] for part in attrs["srcset"].split(",")]


def off_site(html):
    parser = AssetURLs()
    parser.feed(html)
    assert parser.urls, "no assets found: the parser is not reading the page"
    # "//host/x" has a netloc too, so protocol-relative URLs count as off-site.
    return [url for url in parser.urls if urlsplit(url).netloc not in ("", "testserver")]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_load_nothing_from_other_sites(admin_client, admin_user, url):
    # A staff email is what Gravatar would be asked about.
    assert admin_user.email
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert off_site(html) == []
    assert "gravatar" not in html.lower()


def test_the_login_page_loads_nothing_from_other_sites(client):
    assert off_site(client.get("/admin/login/").content.decode()) == []


def reload_urls():
    import cms.urls

    importlib.reload(cms.urls)
    clear_url_caches()


@pytest.fixture
def django_admin_enabled(settings):
    settings.DJANGO_ADMIN_ENABLED = True
    reload_urls()
    yield
    settings.DJANGO_ADMIN_ENABLED = False
    reload_urls()


def test_django_admin_is_not_routed_by_default(admin_client, settings):
    assert settings.DJANGO_ADMIN_ENABLED is False
    assert admin_client.get("/django-admin/").status_code == 404
    assert admin_client.get("/django-admin/login/").status_code == 404


def test_django_admin_is_routed_when_enabled(admin_client, django_admin_enabled):
    assert admin_client.get("/django-admin/").status_code == 200


def test_django_admin_also_waits_for_the_second_step(client, authenticator, django_admin_enabled):
    authenticator.user.is_staff = True
    authenticator.user.save()
    sign_in(client, "editor")
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/verify/")
