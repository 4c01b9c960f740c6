"""Response headers for embeds: cache life, CORS and who may frame the iframe."""

import hashlib

from django.utils.cache import patch_vary_headers

from csp.constants import NONCE, NONE, SELF

from cms.security import replace_policy

# The script's URL is versioned (/embed/v1/): a change that breaks partners
# gets a new path, so a year-long immutable cache is safe.
SCRIPT_CACHE_CONTROL = "public, max-age=31536000, immutable"


def data_cache_control(max_age):
    # Stale answers are fine for a while and much better than none if we are down.
    return (
        f"public, max-age={max_age}, s-maxage={max_age}, "
        f"stale-while-revalidate={max_age * 5}, stale-if-error=86400"
    )


def open_to_any_origin(response):
    """Public, credential-free data: any page may read it (no Vary: Origin, so CDNs share it)."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def with_etag(response):
    digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
    response["ETag"] = f'"{digest}"'
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def frame_policy(response, ancestors):
    """A strict policy for the iframe page, through django-csp like every other
    page: only the partner's origins (and our admin's preview) may frame it."""
    replace_policy(
        response,
        {
            "default-src": [NONE],
            "script-src": [SELF],
            "connect-src": [SELF],
            "img-src": [SELF, "data:"],
            "style-src": [SELF, NONCE],
            "frame-src": None,
            "form-action": [SELF],
            "base-uri": [NONE],
            "frame-ancestors": [SELF, *ancestors],
        },
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response.xframe_options_exempt = True
    return response
