"""The public site: every page is rendered from a GraphQL document."""

import logging
import sys

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin

from core.unavailable import database_outage, unavailable_response

from .caching import cached_page, set_public_headers
from .client import APIError, execute
from .context import int_param, page_links, page_meta, snake
from .listings import LISTINGS
from .pledge_form import pledge_form_context
from .reader_comments.section import comment_section

logger = logging.getLogger("frontend")


def render_page(
    request,
    data,
    *,
    status=200,
    sign_result=None,
    comment_result=None,
    edit_result=None,
    with_comments=True,
):
    page = data["page"]
    context = {"page": page, "site": data, "meta": page_meta(request, page, data)}
    listing = LISTINGS.get(page["__typename"])
    if listing is not None:
        context.update(listing(request, page))
    if with_comments:
        context.update(
            comment_section(request, page, result=comment_result, edit_result=edit_result)
        )
    if page["__typename"] == "PledgePage":
        context.update(pledge_form_context(request, page, sign_result))
    template = f"frontend/pages/{snake(page['__typename'])}.html"
    response = render(request, template, context, status=status)
    if page["__typename"] == "PledgePage":
        # Live counts and a fresh form token: caches must check back every time.
        response.skip_server_cache = True
    return response


def render_page_at(request, page, *, status=200, **results):
    """A page again after a failed no-JavaScript form (a pledge, a comment), with its errors."""
    data = execute("page", {"path": _site_relative_path(page, request)}, request)
    return render_page(request, data, status=status, **results)


def render_pledge_with_errors(request, pledge, sign_result):
    return render_page_at(request, pledge, status=400, sign_result=sign_result)


def _site_relative_path(page, request):
    from cms.sites import find_for_request

    site = find_for_request(request)
    return "/" + page.url_path[len(site.root_page.url_path) :]


def site_chrome(request):
    return _site_or_empty(request)


@cached_page
def serve_page(request, path=""):
    """Wagtail's URL for every page (named `wagtail_serve` so page.url works)."""
    try:
        data = execute("page", {"path": "/" + path}, request)
    except APIError:
        return server_error(request)
    if data["page"] is None:
        raise Http404("No public page at this path")
    return render_page(request, data)


@never_cache
@xframe_options_sameorigin
def preview(request):
    """What the admin's preview panel frames: a draft, exactly as readers would see it."""
    token = request.GET.get("token", "")
    data = execute("page", {"token": token}, request) if token else {"page": None}
    if data["page"] is None:
        return HttpResponse(
            "This preview has expired. Close it and press Preview again.", status=410
        )
    # A draft has no comments: the API only knows live pages.
    response = render_page(request, data, with_comments=False)
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex"
    return response


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:100]
    variables = {"query": query, "page": int_param(request, "page")}
    try:
        data = execute("search", variables, request)
    except APIError:
        return server_error(request)
    results = data["siteSearch"]
    context = {
        "site": data,
        "query": query,
        "results": results["items"] if query else [],
        "pagination": results["pagination"],
        "page_links": page_links(request, results["pagination"]),
        "meta": page_meta(request, None, data, title=f"Search: {query}" if query else "Search"),
    }
    response = render(request, "frontend/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return set_public_headers(response)


def _site_or_empty(request):
    try:
        return execute("site", {}, request)
    except APIError:
        return {}


def page_not_found(request, exception=None):
    site = _site_or_empty(request)
    context = {"site": site, "meta": page_meta(request, None, site, title="Page not found")}
    return render(request, "frontend/404.html", context, status=404)


def server_error(request):
    # Django calls this while handling the exception, so it is still at hand:
    # a lost database raised outside a view (a session save) is a 503 too.
    outage = database_outage(sys.exc_info()[1])
    if outage is not None:
        return unavailable_response(request, outage)
    # No API call here: the error may be the API itself.
    return render(request, "frontend/500.html", {"site": {}}, status=500)


def service_unavailable(request):
    """The branded page while the database is down (core.unavailable adds Retry-After)."""
    return render(request, "frontend/503.html", {"site": {}}, status=503)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
    return set_public_headers(response)


def favicon(request):
    return HttpResponseRedirect(static("frontend/favicon.svg"))
