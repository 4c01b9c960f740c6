"""Signing without JavaScript, and the links in signers' emails."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cms.graphql.visibility import parse_id, visibility_for

from . import lookup
from .models import Signature
from .signing import RECEIVED, confirm, sign, withdraw
from .tokens import confirm_signature_id, withdraw_signature_id


def _render(request, template, context=None, status=200):
    """The signing steps in the site's light frame (`frontend/plain.html`): no
    site-chrome document runs, since these pages take the whole peak's load."""
    response = render(request, template, context or {}, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


def _live_pledge(request, pledge_id):
    with visibility_for(request) as visibility:
        pledge = lookup.public_pledge(parse_id(pledge_id), visibility)
    if pledge is None:
        raise Http404("No such pledge")
    return pledge


# Exempt from CSRF like /graphql/: signing carries no ambient authority (it
# never uses the session), and the pledge page is served from a shared cache,
# so it cannot carry a per-visitor token. Origin checks, rate limits and bot
# traps in `sign()` protect it instead.
@csrf_exempt
@require_POST
@never_cache
def sign_pledge(request, pledge_id):
    pledge = _live_pledge(request, pledge_id)
    result = sign(pledge, request.POST, request)
    if result.ok:
        return redirect("pledges:thanks", pledge_id=pledge.pk)
    # Show the pledge page again with the errors beside the fields.
    from frontend.views import render_pledge_with_errors

    return render_pledge_with_errors(request, pledge, result)


@never_cache
def thanks(request, pledge_id):
    pledge = _live_pledge(request, pledge_id)
    return _render(request, "pledges/thanks.html", {"pledge": pledge, "message": RECEIVED})


GONE = (Signature.Status.WITHDRAWN, Signature.Status.REJECTED)


def _confirmable(token):
    """The signature a confirm link names, unless the link is bad or the signature gone."""
    signature_id = confirm_signature_id(token)
    signature = (
        Signature.objects.filter(pk=signature_id).first() if isinstance(signature_id, int) else None
    )
    if signature is None or signature.status in GONE:
        return None
    signature.pledge = lookup.pledge(signature.pledge_id)
    return signature


# Opening the link only shows a button: mail scanners fetch every link, and a
# GET must not confirm on someone's behalf. The POST is CSRF-exempt because
# the signed token in the URL is the secret and the only authority (no
# session, no cookie), so it works from the email in a fresh browser.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_signature(request, token):
    if request.method == "POST":
        # One locked read: confirm() leaves anything but a pending signature alone.
        signature_id = confirm_signature_id(token)
        signature = confirm(signature_id) if isinstance(signature_id, int) else None
        if signature is not None and signature.status in GONE:
            signature = None
    else:
        signature = _confirmable(token)
    if signature is None:
        return _render(request, "pledges/link_expired.html", status=410)
    if signature.status == Signature.Status.PENDING:
        return _render(request, "pledges/confirm.html", {"pledge": signature.pledge})
    return _render(
        request, "pledges/confirmed.html", {"signature": signature, "pledge": signature.pledge}
    )


@never_cache
def withdraw_signature(request, token):
    signature_id = withdraw_signature_id(token)
    if signature_id is None:
        return _render(request, "pledges/link_expired.html", status=410)
    if request.method == "POST":
        signature = withdraw(signature_id)
        return _render(request, "pledges/withdrawn.html", {"signature": signature})
    return _render(request, "pledges/withdraw.html", {"token": token})
