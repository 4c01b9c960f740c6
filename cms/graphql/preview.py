"""Headless preview: editors see a draft through the public site's own templates.

Wagtail's preview button stores the draft (wagtail-headless-preview's
`PagePreview`) and frames `/preview/?token=…`; the frontend then asks the API
for `page(token: …)`. The token is a signature over the page's identity, so it
cannot be guessed, and it expires after `PREVIEW_TOKEN_MAX_AGE` seconds.
"""

from django.conf import settings
from django.core.signing import BadSignature, TimestampSigner

from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

SALT = "headlesspreview.token"


class PreviewableMixin(HeadlessPreviewMixin):
    """Mixed into every page type so the admin's preview uses the frontend."""

    @classmethod
    def get_page_from_preview_token(cls, token):
        return page_from_preview_token(token)


def page_from_preview_token(token):
    try:
        TimestampSigner(salt=SALT).unsign(token, max_age=settings.PREVIEW_TOKEN_MAX_AGE)
    except BadSignature:  # includes SignatureExpired
        return None
    preview = PagePreview.objects.filter(token=token).first()
    return preview.as_page() if preview is not None else None
