"""Production settings: X-Forwarded-Proto is trusted only when the environment says so."""

import json
import os
import subprocess
import sys

import pytest

PRODUCTION_ENV = {
    "SECRET_KEY": "test-production-settings",
    "ALLOWED_HOSTS": "keepitlocal.example",
    "BASE_URL": "https://keepitlocal.example",
}


def production_setting(name, **env):
    """Read one setting from cms.settings.production in a fresh interpreter."""
    environ = {**os.environ, **PRODUCTION_ENV}
    environ.pop("SECURE_PROXY_SSL_HEADER", None)
    environ.update(env)
    code = (
        f"import json, cms.settings.production as s; print(json.dumps(getattr(s, {name!r}, None)))"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_proxy_header_is_not_trusted_by_default():
    assert production_setting("SECURE_PROXY_SSL_HEADER") is None


def test_proxy_header_is_trusted_when_the_environment_says_so():
    header = production_setting("SECURE_PROXY_SSL_HEADER", SECURE_PROXY_SSL_HEADER="true")
    assert header == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.django_db
def test_hsts_only_on_requests_the_proxy_marked_secure(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    assert "Strict-Transport-Security" not in client.get("/robots.txt")
    secure = client.get("/robots.txt", headers={"X-Forwarded-Proto": "https"})
    assert secure["Strict-Transport-Security"].startswith("max-age=3600")
