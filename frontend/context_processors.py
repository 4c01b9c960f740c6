"""Template context for pages the frontend does not render itself."""

from django.utils.functional import SimpleLazyObject

from .views import site_chrome


def account_pages(request):
    """The site's header and footer data (`site`) for django-allauth's pages.

    Sign-in, sign-out and sign-in errors are allauth's views drawn with our
    templates (frontend/templates/account/, socialaccount/); they need the
    same `site` our own views pass. Lazy, and only for allauth's views, so
    no other page pays for the query.
    """
    match = getattr(request, "resolver_match", None)
    if match is None or not match.func.__module__.startswith("allauth."):
        return {}
    return {"site": SimpleLazyObject(lambda: site_chrome(request))}
