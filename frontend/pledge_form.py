"""The signing form on a pledge page, built from the API's pledge data."""

from django.conf import settings
from django.urls import reverse

from pledges.forms import SignatureForm

# Which kinds of signer see each field, in the order the form asks for them.
FIELD_TYPES = [
    ("local_authority", {"council", "organisation"}),
    ("organisation", {"organisation"}),
    ("name", {"individual", "organisation", "council"}),
    ("role", {"organisation", "council"}),
    ("email", {"individual", "organisation", "council"}),
    ("postcode", {"individual"}),
    ("cabinet_champion", {"council"}),
    ("leadership_champion", {"council"}),
    ("endorsement", {"council"}),
    ("endorsement_detail", {"council"}),
]
UTM = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


def pledge_form_context(request, page, sign_result=None, initial=None, sign_url=None):
    if sign_result is not None and sign_result.form is not None:
        form = sign_result.form
    elif sign_result is not None:
        # Refused before the form was checked (closed, rate limited): keep what they typed.
        form = SignatureForm(request.POST, allowed_types=page["signerTypes"])
    else:
        initial = {"form_token": page["formToken"], **(initial or {})}
        initial.update({name: request.GET.get(name, "")[:100] for name in UTM})
        form = SignatureForm(allowed_types=page["signerTypes"], initial=initial)
    errors = sign_result.errors if sign_result is not None else []
    allowed = set(page["signerTypes"])
    fields = [
        {"field": form[name], "types": " ".join(sorted(types & allowed))}
        for name, types in FIELD_TYPES
        if types & allowed
    ]
    shown = {item["field"].name for item in fields} | {"signer_type", "show_name", "send_updates"}
    return {
        "form": form,
        "fields": fields,
        # Errors that have no visible field to sit beside go in the summary.
        "form_errors": [error for error in errors if not error.field or error.field not in shown],
        "sign_url": sign_url or reverse("pledges:sign", args=[page["id"]]),
        "challenge_required": settings.PLEDGES["CHALLENGE"],
    }
