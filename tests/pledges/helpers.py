"""Shared helpers for the pledge tests: signing through the API, reading mail, making rows."""

import base64
import json
import re
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core import mail
from django.core import signing as django_signing
from django.urls import reverse

from pledges.identity import canonical_email
from pledges.models import Signature

SIGN = """
mutation Sign($input: SignPledgeInput!) {
  signPledge(input: $input) { ok message errors { field code message retryAfter } }
}
"""
FORM_TOKEN = "query Token($id: ID) { page(id: $id) { ... on PledgePage { formToken } } }"
CHALLENGE = "{ pledgeChallenge }"

CODES = {
    "INVALID",
    "REQUIRED",
    "NOT_ALLOWED",
    "CLOSED",
    "NOT_OPEN",
    "RATE_LIMITED",
    "CHALLENGE_FAILED",
    "FORBIDDEN_ORIGIN",
}


def pledge_id(pledge):
    return str(getattr(pledge, "pk", pledge))


def form_token(gql, pledge):
    return gql(FORM_TOKEN, {"id": pledge_id(pledge)})["data"]["page"]["formToken"]


def sign(gql, pledge, *, token=True, expect_errors=False, headers=None, **fields):
    """Sign through `signPledge` the way a browser would: fetch `formToken` first.

    `fields` are SignPledgeInput names (camelCase); `headers` are extra WSGI
    environ entries such as REMOTE_ADDR or HTTP_ORIGIN. Returns `signPledge`.
    """
    data = {"pledgeId": pledge_id(pledge), **fields}
    if token and "formToken" not in data:
        data["formToken"] = form_token(gql, pledge)
    payload = gql(SIGN, {"input": data}, expect_errors=expect_errors, **(headers or {}))
    return payload["data"]["signPledge"]


def individual(email="ada@example.org", name="Ada Lovelace", **extra):
    return {"signerType": "INDIVIDUAL", "name": name, "email": email, **extra}


def organisation(email="org@example.org", **extra):
    return {
        "signerType": "ORGANISATION",
        "organisation": "Chapeltown Community Trust",
        "name": "Grace Hopper",
        "role": "Director",
        "email": email,
        **extra,
    }


def council(gss_code, email="leader@leeds.gov.uk", **extra):
    return {
        "signerType": "COUNCIL",
        "localAuthority": gss_code,
        "name": "Mary Seacole",
        "role": "Leader of the council",
        "email": email,
        "cabinetChampion": "Cllr Ruth Ellis",
        "leadershipChampion": "Tom Riley, Director of Communities",
        "endorsement": "LEADER_AND_CHIEF_EXECUTIVE",
        **extra,
    }


def errors(result):
    """[(field, code)] of a signPledge answer, for compact asserts."""
    return [(error["field"], error["code"]) for error in result["errors"]]


def assert_well_formed(result):
    """Every error has a stable code, a message, and retryAfter only when rate limited."""
    for error in result["errors"]:
        assert error["code"] in CODES
        assert error["message"]
        assert set(error) == {"field", "code", "message", "retryAfter"}
        if error["code"] != "RATE_LIMITED":
            assert error["retryAfter"] is None
    assert result["ok"] is (not result["errors"])


def sign_url(pledge):
    return reverse("pledges:sign", args=[getattr(pledge, "pk", pledge)])


def thanks_url(pledge):
    return reverse("pledges:thanks", args=[getattr(pledge, "pk", pledge)])


def link_prefix(kind):
    """The path before the token in a `kind` ("confirm"/"withdraw") link."""
    return reverse(f"pledges:{kind}", args=["TOKEN"]).split("TOKEN")[0]


def token_url(kind, token):
    return reverse(f"pledges:{kind}", args=[token])


def links(kind, to=None):
    """Site-relative paths of every `kind` ("confirm"/"withdraw") link in mail.outbox."""
    pattern = re.compile(rf"https?://\S+?{re.escape(link_prefix(kind))}[^/\s]+/")
    found = []
    for message in mail.outbox:
        if to is not None and to not in message.to:
            continue
        for match in pattern.finditer(message.body):
            found.append(urlsplit(match.group(0)).path)
    return found


def link(kind, to=None):
    found = links(kind, to)
    assert found, f"no {kind} link in {len(mail.outbox)} message(s)"
    return found[-1]


def make_signature(pledge, email="someone@example.org", **fields):
    """A signature row straight in the table, for tests that aren't about signing."""
    fields.setdefault("signer_type", Signature.SignerType.INDIVIDUAL)
    fields.setdefault("name", "Someone")
    return Signature.objects.create(
        pledge=pledge, email=email, email_canonical=canonical_email(email), **fields
    )


def aged_token(value, salt, seconds_ago):
    """A django.core.signing token made `seconds_ago` in the past."""
    made = int(time.time()) - seconds_ago

    class PastSigner(django_signing.TimestampSigner):
        def timestamp(self):
            return django_signing.b62_encode(made)

    return PastSigner(salt=salt).sign_object(value)


def set_pledges(settings, **values):
    """Override some PLEDGES settings for one test (pytest-django's `settings`)."""
    settings.PLEDGES = {**settings.PLEDGES, **values}


def solve(challenge_json, *, number=None, **overrides):
    """Solve an ALTCHA v1 challenge and build the base64 payload the widget sends."""
    from altcha import solve_challenge_v1

    challenge = json.loads(challenge_json)
    if number is None:
        solution = solve_challenge_v1(
            challenge["challenge"],
            challenge["salt"],
            challenge["algorithm"],
            challenge["maxNumber"],
        )
        assert solution is not None, "challenge unsolvable"
        number = solution.number
    payload = {
        "algorithm": challenge["algorithm"],
        "challenge": challenge["challenge"],
        "number": number,
        "salt": challenge["salt"],
        "signature": challenge["signature"],
        **overrides,
    }
    return base64.b64encode(json.dumps(payload).encode()).decode(), payload


def site_path(url):
    """A site-relative path for an absolute link built from settings.BASE_URL."""
    return url[len(settings.BASE_URL) :] if url.startswith(settings.BASE_URL) else url


def staff_user(username, *codenames):
    """A staff member in a group with admin access and only the named pledges permissions."""
    group = Group.objects.create(name=f"{username} group")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="pledges", codename__in=codenames),
    )
    user = User.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(group)
    return user


def denied(response):
    """Wagtail's answer to a permission failure: back to the dashboard with a message."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")
