"""Static files: hashed names from collectstatic, served with far-future headers."""

from django.core.management import call_command
from django.test import RequestFactory

import pytest


@pytest.fixture
def collected(tmp_path, settings):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.utils.functional import empty

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    staticfiles_storage._wrapped = empty
    # Only our app's files: the admin's thousands would only slow the test down.
    call_command(
        "collectstatic",
        "--noinput",
        "--verbosity=0",
        "--ignore=wagtail*",
        "--ignore=admin",
        "--ignore=rest_framework",
        "--ignore=graphene_django",
        "--ignore=django_extensions",
    )
    yield staticfiles_storage
    staticfiles_storage._wrapped = empty


def test_hashed_static_files_are_cached_for_a_year(collected):
    from whitenoise.middleware import WhiteNoiseMiddleware

    url = collected.url("frontend/css/site.css")
    assert url != "/static/frontend/css/site.css"  # the name carries a content hash
    middleware = WhiteNoiseMiddleware(lambda request: None)
    response = middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip"))
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
