"""The widget script, its data, and the iframe page for sites that cannot add scripts."""

import gzip
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from pledges import abuse
from pledges.contrast import validate_accent
from pledges.identity import client_ip, hash_ip
from pledges.models import Partner, PledgePage
from pledges.signing import RECEIVED, sign

from ..client import APIError, execute
from ..pledge_form import pledge_form_context
from ..templatetags.frontend_tags import share_targets
from . import headers
from .data import parse_slugs, widget_data, with_source

SCRIPT = Path(__file__).resolve().parent.parent / "static" / "frontend" / "embed" / "pledge.js"
VARIANTS = ("full", "compact", "counter")
THEMES = ("auto", "light", "dark")


def compact(source):
    """Drop indentation and whole-line comments: a third off the size, and safe,
    because no line is joined to another (so no change to semicolon insertion)."""
    lines = (line.strip() for line in source.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


@lru_cache(maxsize=1)
def _script(mtime):
    body = compact(SCRIPT.read_text()).encode()
    return (
        body,
        gzip.compress(body, 9, mtime=0),
        hashlib.md5(body, usedforsecurity=False).hexdigest(),
    )


@require_GET
def pledge_script(request):
    body, gzipped, digest = _script(SCRIPT.stat().st_mtime)
    compressed = "gzip" in request.headers.get("Accept-Encoding", "")
    response = HttpResponse(gzipped if compressed else body, content_type="text/javascript")
    if compressed:
        response["Content-Encoding"] = "gzip"
    response["ETag"] = f'"{digest}{"-gz" if compressed else ""}"'
    response["Cache-Control"] = headers.SCRIPT_CACHE_CONTROL
    response["Vary"] = "Accept-Encoding"
    return headers.open_to_any_origin(response)


def _json_error(code, status, retry_after):
    response = JsonResponse({"error": code, "retryAfter": retry_after}, status=status)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return headers.open_to_any_origin(response)


@require_GET
def pledge_data(request):
    """Every pledge one page's widgets show, in one cacheable answer (docs/partners.md)."""
    limit, window = settings.EMBED["DATA_RATE_PER_IP"]
    wait = abuse.hit("embed-data", hash_ip(client_ip(request)), limit, window)
    if wait:
        return _json_error("RATE_LIMITED", 429, wait)
    slugs = parse_slugs(request.GET.get("pledges", ""))
    try:
        payload = widget_data(request, slugs, request.GET.get("partner", ""))
    except APIError:
        return _json_error("UNAVAILABLE", 503, 30)
    response = JsonResponse(payload)
    response["Cache-Control"] = headers.data_cache_control(settings.EMBED["DATA_MAX_AGE"])
    return headers.open_to_any_origin(headers.with_etag(response))


def frame_options(query):
    accent = query.get("accent", "")
    try:
        validate_accent(accent)
    except ValidationError:
        accent = ""
    variant = query.get("variant")
    theme = query.get("theme")
    return {
        "variant": variant if variant in VARIANTS else "full",
        "theme": theme if theme in THEMES else "auto",
        "accent": accent,
    }


def _frame_partner(request):
    """The partner named in the query (active or not: its origins still frame the page)."""
    slug = request.GET.get("partner", "")
    return Partner.objects.filter(slug=slug).first() if slug else None


def _frame_pledge(request, slug):
    data = execute("embed", {"slugs": parse_slugs(slug), "frame": True}, request)
    pages = data["pledgesBySlug"]
    return (pages[0] if pages else None), data


def _render_frame(request, template, context, partner, status=200):
    ancestors = partner.origins() if partner is not None else []
    context = {
        **context,
        **frame_options(request.GET),
        "nonce": request.csp_nonce,
        "partner": partner,
        "parent_origins": json.dumps(ancestors),
    }
    response = render(request, template, context, status=status)
    return headers.frame_policy(response, ancestors)


def _query_string(request, partner):
    options = {key: value for key, value in frame_options(request.GET).items() if value}
    return "?" + "&".join(
        f"{key}={value.replace('#', '%23')}"
        for key, value in {"partner": partner.slug, **options}.items()
    )


@csrf_exempt  # cookie-less like /signatures/: see pledges.views.sign_pledge
@require_http_methods(["GET", "HEAD", "POST"])
def pledge_frame(request, slug):
    partner = _frame_partner(request)
    try:
        page, data = _frame_pledge(request, slug)
    except (APIError, ValidationError):
        page, data = None, {}
    if page is None or partner is None or not partner.active:
        context = {"page": page, "site": data}
        return _render_frame(request, "frontend/embed/fallback.html", context, partner)

    sign_result = None
    if request.method == "POST" and page["isOpen"]:
        pledge = PledgePage.objects.get(pk=page["id"])
        post = request.POST.copy()
        post["partner_slug"] = partner.slug
        sign_result = sign(pledge, post, request)
        if sign_result.ok:
            thanks = reverse("embed_thanks", args=[page["slug"]]) + _query_string(request, partner)
            return redirect(thanks)
    frame_url = reverse("embed_frame", args=[page["slug"]]) + _query_string(request, partner)
    context = {
        "page": page,
        "site": data,
        "count": page["signatureCounts"]["total"] if page["showSignatureCount"] else None,
        "pledge_url": with_source(request.build_absolute_uri(page["url"]), partner),
        "thanks_url": reverse("embed_thanks", args=[page["slug"]])
        + _query_string(request, partner),
        **pledge_form_context(
            request, page, sign_result, initial={"partner_slug": partner.slug}, sign_url=frame_url
        ),
    }
    return _render_frame(
        request, "frontend/embed/frame.html", context, partner, 400 if sign_result else 200
    )


@require_GET
def pledge_frame_thanks(request, slug):
    partner = _frame_partner(request)
    page, data = _frame_pledge(request, slug)
    if page is None or partner is None or not partner.active:
        return _render_frame(request, "frontend/embed/fallback.html", {"page": page}, partner)
    pledge_url = with_source(request.build_absolute_uri(page["url"]), partner)
    context = {
        "page": page,
        "message": RECEIVED,
        "share": share_targets(pledge_url, page["title"]),
        "pledge_url": pledge_url,
    }
    return _render_frame(request, "frontend/embed/thanks.html", context, partner)
