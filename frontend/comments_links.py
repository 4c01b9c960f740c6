"""The pages behind the links in comment emails: confirm reply emails, unsubscribe, erase.

Each acts through the signed token in its URL, never the session. Opening a
link only shows a button (mail scanners follow links, and confirming can
publish a held comment); the POST acts. Confirming and unsubscribing are
CSRF-exempt: the signed token is the secret, and the one-click unsubscribe
POST that mail programs send (RFC 8058) carries no cookie.
"""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from comments import links, privacy
from comments.forms import ErasureRequestForm
from comments.tokens import erasure_email, unsubscribe_comment_id


def _page(request, template, context=None, status=200):
    from .views import site_chrome

    context = {**(context or {}), "site": site_chrome(request)}
    response = render(request, f"frontend/comments/{template}", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def _expired(request):
    return _page(request, "link_expired.html", status=410)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_notify(request, token):
    if request.method != "POST":
        if not links.notify_confirmable(token):
            return _expired(request)
        return _page(request, "notify_confirm.html")
    comment = links.confirm_notify(token)
    if comment is None:
        return _expired(request)
    return _page(request, "notify_confirmed.html", {"page_url": comment.page.url})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if request.method == "GET":
        if unsubscribe_comment_id(token) is None:
            return _expired(request)
        return _page(request, "unsubscribe.html")
    if links.unsubscribe(token) is None:
        return _expired(request)
    return _page(request, "unsubscribed.html")


@never_cache
@require_http_methods(["GET", "POST"])
def erase_request(request):
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        privacy.request_erasure(form.cleaned_data["email"], request)
        hours = settings.COMMENTS["ERASURE_TOKEN_MAX_AGE"] // 3600
        return _page(request, "erase_requested.html", {"hours": hours})
    status = 400 if request.method == "POST" else 200
    return _page(request, "erase_request.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def erase_confirm(request, token):
    email = erasure_email(token)
    if not email:
        return _expired(request)
    if request.method == "POST":
        return _page(request, "erased.html", {"count": privacy.erase(email)})
    return _page(request, "erase_confirm.html")
