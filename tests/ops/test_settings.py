"""Settings an operator gives through the environment for a deployment."""

from django.core.exceptions import ImproperlyConfigured

import pytest

from cms.settings.base import frontend_cache_backends

CLOUDFLARE = (
    '{"cloudflare": {"BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",'
    ' "BEARER_TOKEN": "token", "ZONEID": "zone"}}'
)


def test_a_cdn_backend_from_the_environment_is_added():
    backends = frontend_cache_backends({"FRONTEND_CACHE_BACKENDS": CLOUDFLARE})
    assert backends["cloudflare"]["ZONEID"] == "zone"
    assert frontend_cache_backends({}) == {}


def test_the_documented_example_builds_wagtails_backend():
    from wagtail.contrib.frontend_cache.utils import get_backends

    backends = get_backends(frontend_cache_backends({"FRONTEND_CACHE_BACKENDS": CLOUDFLARE}))
    assert type(backends["cloudflare"]).__name__ == "CloudflareBackend"


@pytest.mark.parametrize("value", ["not json", "[1]", '{"cdn": {"ZONEID": "x"}}'])
def test_a_malformed_value_stops_start_up_with_a_clear_message(value):
    with pytest.raises(ImproperlyConfigured, match="FRONTEND_CACHE_BACKENDS"):
        frontend_cache_backends({"FRONTEND_CACHE_BACKENDS": value})
