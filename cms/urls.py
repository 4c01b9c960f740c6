from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.graphql.view import PublicGraphQLView
from core import health

urlpatterns = [
    # Health probes; HealthProbeMiddleware answers them before other middleware.
    path("healthz", health.liveness, name="healthz"),
    path("readyz", health.readiness, name="readyz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # CSRF-exempt like grapple's own route: it carries no ambient authority
    # (resolvers never use the session user), so a forged request gains nothing.
    path("graphql/", csrf_exempt(PublicGraphQLView.as_view()), name="graphql"),
    # Signing actions; a prefix no page slug is likely to take.
    path("signatures/", include("pledges.urls")),
    # Readers' comment forms without JavaScript, and the links in comment emails.
    path("comments/", include("frontend.comments_urls")),
    # Sign in to comment (django-allauth): provider sign-in, callbacks and sign-out.
    path("accounts/", include("allauth.urls")),
]

# Django's own admin, only where a deployment turns it on (DJANGO_ADMIN_ENABLED):
# the Wagtail admin does everything staff need, and one admin is less to guard.
if settings.DJANGO_ADMIN_ENABLED:
    urlpatterns.insert(0, path("django-admin/", admin.site.urls))

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The public site, with its catch-all page route, comes last.
urlpatterns += [path("", include("frontend.urls"))]

handler404 = "frontend.views.page_not_found"
handler500 = "frontend.views.server_error"
