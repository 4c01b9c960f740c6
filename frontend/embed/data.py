"""What a widget shows, built from the `embed` GraphQL document.

One answer serves every widget of a page: all the pledges it names, the
partner, and a description of the signing form taken from `SignatureForm`
itself, so the widget asks for the same fields with the same labels as our
own pledge pages.
"""

import re
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache

from pledges.counts import public_generation
from pledges.forms import REQUIRED_BY_TYPE, SignatureForm
from pledges.models import Partner, Signature

from ..client import execute
from ..pledge_form import FIELD_TYPES
from ..templatetags.frontend_tags import share_targets

SLUG = re.compile(r"^[-\w]{1,80}$")
MAX_SLUGS = 10
RELATIVE_LINK = re.compile(r'(\s(?:href|src)=")/(?!/)')
AUTOCOMPLETE = {
    "name": "name",
    "email": "email",
    "postcode": "postal-code",
    "organisation": "organization",
    "role": "organization-title",
}


def parse_slugs(value):
    slugs = [slug for slug in value.split(",") if SLUG.match(slug)]
    return sorted(set(slugs))[:MAX_SLUGS]


def active_partner(slug):
    if not slug or not SLUG.match(slug):
        return None
    return Partner.objects.filter(slug=slug, active=True).first()


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def absolute(html, base):
    """Rich text links are site-relative; on a partner's page they must point here."""
    return RELATIVE_LINK.sub(rf"\1{base}/", html or "")


def with_source(url, partner):
    """Links back to us carry the partner, so our reports credit them."""
    query = urlencode({"utm_source": partner.slug, "utm_medium": "embed"})
    return f"{url}{'&' if '?' in url else '?'}{query}"


def _choice_value(name, value):
    # The mutation takes GraphQL enum names for these; the HTML form takes values.
    if name == "endorsement" and value:
        return Signature.Endorsement(value).name
    return str(value)


def form_description(signer_types):
    """The signing form's fields for these kinds of signer, as the widget renders them."""
    form = SignatureForm(allowed_types=signer_types)
    allowed = set(signer_types)
    fields = []
    for name, types in FIELD_TYPES:
        types = sorted(types & allowed)
        if not types:
            continue
        field = form.fields[name]
        entry = {
            "name": camel(name),
            "label": str(field.label),
            "types": types,
            "required": [kind for kind in types if name in REQUIRED_BY_TYPE[kind]],
            "input": "email" if name == "email" else "text",
        }
        if name in AUTOCOMPLETE:
            entry["autocomplete"] = AUTOCOMPLETE[name]
        choices = getattr(field, "choices", None)
        if choices is not None:
            entry["input"] = "select"
            entry["choices"] = [
                [_choice_value(name, value), str(label)] for value, label in choices
            ]
        fields.append(entry)
    return {
        "signerType": {
            "label": str(form.fields["signer_type"].label),
            "choices": [[value, str(label)] for value, label in form.fields["signer_type"].choices],
        },
        "fields": fields,
        "consents": [
            {"name": camel(name), "label": str(form.fields[name].label)}
            for name in ("show_name", "send_updates")
        ],
        "honeypot": str(form.fields["website"].label),
    }


def _pledge(page, partner, base):
    counts_shown = page["showSignatureCount"]
    url = page["url"] if page["url"].startswith("http") else base + page["url"]
    return {
        "id": page["id"],
        "slug": page["slug"],
        "title": page["title"],
        "url": with_source(url, partner),
        "summary": page["summary"],
        "statement": absolute(page["statement"], base),
        "thankYou": absolute(page["thankYouText"], base),
        "isOpen": page["isOpen"],
        "goal": page["goal"],
        # Never "0 signatures": below the pledge's minimum there is no number at all.
        "count": page["signatureCounts"]["total"] if counts_shown else None,
        "signerTypes": page["signerTypes"],
        "share": share_targets(with_source(url, partner), page["title"]),
    }


def _build(request, slugs, partner):
    base = request.build_absolute_uri("/").rstrip("/")
    data = execute("embed", {"slugs": slugs}, request)
    pledges = data["pledgesBySlug"]
    signer_types = sorted({kind for page in pledges for kind in page["signerTypes"]})
    privacy = (data["siteSettings"] or {}).get("privacyNoticeUrl") or ""
    return {
        "partner": {"slug": partner.slug, "name": partner.name},
        "pledges": {page["slug"]: _pledge(page, partner, base) for page in pledges},
        "form": form_description(signer_types) if signer_types else None,
        "privacyUrl": privacy if privacy.startswith("http") or not privacy else base + privacy,
        "challenge": settings.PLEDGES["CHALLENGE"],
    }


def widget_data(request, slugs, partner_slug):
    """The answer for one page's widgets; cached until any pledge's public data changes.

    An unknown or inactive partner gets no pledges, so its widgets keep the
    fallback link.
    """
    partner = active_partner(partner_slug)
    if partner is None or not slugs:
        return {"partner": None, "pledges": {}}
    origin = request.build_absolute_uri("/")
    key = f"embed:data:{public_generation()}:{origin}:{partner.slug}:{','.join(slugs)}"
    answer = cache.get(key)
    if answer is None:
        answer = _build(request, slugs, partner)
        cache.set(key, answer, settings.EMBED["DATA_MAX_AGE"])
    return answer
