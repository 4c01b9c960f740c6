"""Response headers for embeds: cache life, CORS and who may frame the iframe."""

import hashlib

from django.utils.cache import patch_vary_headers

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


def frame_policy(response, ancestors, nonce):
    """A strict policy for the iframe page; only the partner's origins (and our
    admin's preview) may frame it. Every other page keeps X-Frame-Options."""
    framers = " ".join(["'self'", *ancestors])
    response["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
        f"style-src 'self' 'nonce-{nonce}'; form-action 'self'; base-uri 'none'; "
        f"frame-ancestors {framers}"
    )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response.xframe_options_exempt = True
    return response
