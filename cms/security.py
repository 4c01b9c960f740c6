"""Security headers on every response.

django-csp writes the Content-Security-Policy from `CONTENT_SECURITY_POLICY`
in the settings. A few routes need a different policy; they say so here, by
path, or in the view through `replace_policy` (the embed frame, whose framers
are the partner's origins), so there is one mechanism for all of them.

Django's SecurityMiddleware already sends nosniff, Referrer-Policy and
Cross-Origin-Opener-Policy; Permissions-Policy it does not know, so it is
added here.
"""

import base64
import hashlib
import re

from csp.constants import NONCE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

# Powerful features no page of ours uses: a script injected anywhere cannot ask for them.
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "bluetooth",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in DENIED_FEATURES)

# Wagtail 8's admin writes style attributes and a few <style> elements (the
# headless preview wrapper among them), so its styles need 'unsafe-inline'.
# A nonce beside it would make browsers ignore 'unsafe-inline', so none here.
# Its scripts get no relaxation: the inline scripts Wagtail would write are
# printed as JSON and run from a static file instead (cms/admin_scripts.py).
ADMIN = {
    "style-src": [SELF, UNSAFE_INLINE],
    # Image upload previews and focal-point tools draw from blob: URLs.
    "img-src": [SELF, "data:", "blob:"],
}
# The admin's preview panel frames the draft from our own origin: the admin's
# preview views and the public /preview/ page they frame in turn.
FRAMED_BY_SELF = {"frame-ancestors": [SELF]}

# (path pattern, replaced directives), applied in order; later rules win.
ROUTES = (
    (re.compile(r"^/admin/"), ADMIN),
    (re.compile(r"^/admin/.*preview/|^/preview/$"), FRAMED_BY_SELF),
)


def route_policy(path):
    """The directives this path replaces in the site-wide policy."""
    replaced = {}
    for pattern, directives in ROUTES:
        if pattern.search(path):
            replaced.update(directives)
    return replaced


def replace_policy(response, directives):
    """A per-view replacement, as django-csp's @csp_replace sets it, for values
    known only while the view runs."""
    response._csp_replace = {**(getattr(response, "_csp_replace", None) or {}), **directives}
    return response


INLINE_CODE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1>", re.DOTALL)


def allow_inline_code_by_hash(response, *, origins=()):
    """Allow exactly the inline scripts and styles this page holds, by their
    hashes, and the named origins. For a third party's page that we cannot
    give a nonce (GraphiQL, in DEBUG only)."""
    sources = {"script": [SELF, *origins], "style": [SELF, *origins]}
    for tag, attributes, body in INLINE_CODE.findall(response.content.decode()):
        if tag == "script" and "src=" in attributes:
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        sources[tag].append(f"'sha256-{digest}'")
    return replace_policy(
        response,
        {
            "script-src": sources["script"],
            "style-src": sources["style"],
            "font-src": [SELF, "data:", *origins],
        },
    )


class SecurityHeadersMiddleware(CSPMiddleware):
    """django-csp's middleware with our per-route policies and Permissions-Policy."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        routed = route_policy(request.path_info)
        if routed and not report_only:
            # The view's own replacement (set with replace_policy) wins over the route's.
            replace = {**routed, **(parts.replace or {})}
            parts = PolicyParts(parts.config, parts.update, replace, parts.nonce)
        return parts

    def process_response(self, request, response):
        if getattr(request, "is_dummy", False):
            # Wagtail's preview renders the draft through the whole middleware
            # stack with a made-up request for the page's own URL. The real
            # request (the admin's preview view) sets the headers on the way out.
            return response
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return super().process_response(request, response)


__all__ = [
    "NONCE",
    "SELF",
    "SecurityHeadersMiddleware",
    "allow_inline_code_by_hash",
    "replace_policy",
    "route_policy",
]
