"""The site's URLs plus /media/, which `cms.urls` serves only when DEBUG is on.

The browser needs the demo images, and tests run with DEBUG off.
"""

import re

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

from cms import urls as cms_urls

# Django reads the error handlers from the root URLconf, so carry them over.
handler404 = cms_urls.handler404
handler500 = cms_urls.handler500


def media(request, path):
    # Read per request: the browser tests point MEDIA_ROOT at a temporary folder.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", media),
    path("", include(cms_urls)),
]
