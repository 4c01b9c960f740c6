"""Commenting without JavaScript: post, edit, delete and report, each a POST and a redirect.

Posting and reporting carry no ambient authority, like /graphql/: the story
page comes from a shared cache, so it cannot hold a per-reader CSRF token,
and `comments.service` guards them with its own bot checks and rate limits.
A signed-in commenter is the exception: their session is authority, so their
post must pass Django's CSRF check before the service hears about the user
(their page is personal, never cached, and carries the token). Editing and
deleting act through the author's cookie, so they are CSRF-protected too.
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from wagtail.models import Page

from cms.graphql.visibility import parse_id, visibility_for

from ..caching import AUTHOR_COOKIE
from .section import report_reasons


class SeeOther(HttpResponseRedirect):
    """303: the browser fetches the page with GET, so a reload never posts twice."""

    status_code = 303


def _visible_page(request, page_id):
    if parse_id(page_id) is None:
        raise Http404("No such page")
    with visibility_for(request) as visibility:
        page = visibility.pages().filter(pk=page_id).first()
    if page is None:
        raise Http404("No such page")
    return page.specific


def _chrome(request, template, context, status=200):
    """A small page of ours in the site's frame, never cached or indexed."""
    from ..views import site_chrome

    response = render(request, template, {**context, "site": site_chrome(request)}, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def _signed_in_user(request):
    """The signed-in commenter, once their request has passed the CSRF check."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    rejected = CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})
    if rejected is not None:
        raise CsrfRejected(rejected)
    return user


class CsrfRejected(Exception):
    def __init__(self, response):
        self.response = response


def _back_to(page, anchor):
    return SeeOther(f"{page.url}#{anchor}")


def _page_with_errors(request, page, **results):
    """The page again, with the form (or the edit) showing what went wrong."""
    from ..views import render_page_at

    return render_page_at(request, page, status=400, **results)


@csrf_exempt
@require_POST
@never_cache
def post_comment(request, page_id):
    from comments.service import create_comment

    page = _visible_page(request, page_id)
    try:
        user = _signed_in_user(request)
    except CsrfRejected as rejected:
        return rejected.response
    result = create_comment(page, request.POST, request, user=user)
    if not result.ok:
        return _page_with_errors(request, page, comment_result=result)
    # A dropped bot gets no comment and no cookie, and looks like everyone else.
    anchor = f"comment-{result.comment.pk}" if result.comment is not None else "comments"
    response = _back_to(page, anchor)
    if result.author_token:
        response.set_cookie(
            AUTHOR_COOKIE,
            result.author_token,
            max_age=settings.COMMENTS["AUTHOR_TOKEN_MAX_AGE"],
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
            path="/",
        )
    return response


def _own_or_expired(request):
    from comments.service import own_comment

    token = request.COOKIES.get(AUTHOR_COOKIE, "")
    comment = own_comment(token) if token else None
    return token, comment


def _expired(request):
    minutes = settings.COMMENTS["AUTHOR_TOKEN_MAX_AGE"] // 60
    context = {"window_minutes": minutes}
    response = _chrome(request, "frontend/comments/expired.html", context, status=410)
    response.delete_cookie(AUTHOR_COOKIE, path="/", samesite="Lax")
    return response


@require_POST
@never_cache
def edit_comment(request):
    from comments.service import edit_comment as edit

    token, comment = _own_or_expired(request)
    if comment is None:
        return _expired(request)
    result = edit(token, request.POST.get("body", ""), request)
    if not result.ok:
        return _page_with_errors(request, comment.page.specific, edit_result=result)
    return _back_to(comment.page.specific, f"comment-{comment.pk}")


@require_POST
@never_cache
def delete_comment(request):
    from comments.service import delete_comment as delete

    token, comment = _own_or_expired(request)
    if comment is None:
        return _expired(request)
    result = delete(token, request)
    if not result.ok:
        return _expired(request)
    response = _back_to(comment.page.specific, "comments")
    response.delete_cookie(AUTHOR_COOKIE, path="/", samesite="Lax")
    return response


def _reportable(request, comment_id):
    """An approved comment on a page this reader may see, or 404."""
    from comments.models import ReaderComment

    if parse_id(comment_id) is None:
        raise Http404("No such comment")
    comment = ReaderComment.objects.approved().filter(pk=comment_id).first()
    if comment is None:
        raise Http404("No such comment")
    with visibility_for(request) as visibility:
        if not visibility.is_public(Page.objects.get(pk=comment.page_id)):
            raise Http404("No such comment")
    return comment


@csrf_exempt
@require_http_methods(["GET", "POST"])
@never_cache
def report_comment(request, comment_id):
    from comments.service import report_comment as report

    comment = _reportable(request, comment_id)
    context = {
        "comment": comment,
        "comment_id": comment.pk,
        "page_url": comment.page.url,
        "report_reasons": report_reasons(),
    }
    if request.method == "GET":
        return _chrome(request, "frontend/comments/report.html", context)
    reason = request.POST.get("reason", "")
    detail = request.POST.get("detail", "")
    result = report(comment.pk, reason, detail, request)
    if result.ok:
        return _chrome(request, "frontend/comments/reported.html", context)
    context.update(
        report_reason=reason,
        report_detail=detail,
        reason_error=" ".join(e.message for e in result.errors if e.field == "reason"),
        report_errors=[e for e in result.errors if e.field != "reason"],
    )
    return _chrome(request, "frontend/comments/report.html", context, status=400)
