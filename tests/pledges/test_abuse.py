"""Bot traps, rate limits, client addresses behind proxies, the challenge, and origins."""

import base64
import json
import time

from django.core import mail
from django.core import signing as django_signing

import pytest

from pledges.forms import FORM_TOKEN_SALT
from pledges.identity import hash_ip
from pledges.models import Partner, Signature
from pledges.signing import RECEIVED
from tests.pledges.helpers import (
    CHALLENGE,
    aged_token,
    assert_well_formed,
    errors,
    individual,
    set_pledges,
    solve,
)

pytestmark = pytest.mark.django_db

SUCCESS = {"ok": True, "message": RECEIVED, "errors": []}


def token_made(pledge, seconds_ago):
    return django_signing.dumps(
        {"p": pledge.pk, "t": time.time() - seconds_ago}, salt=FORM_TOKEN_SALT
    )


# --- Bot traps ----------------------------------------------------------------------------


def test_honeypot_gets_a_success_answer_and_nothing_is_stored(pledge, sign, commit):
    with commit():
        result = sign(pledge, **individual(website="https://cheap-pills.example"))
    assert result == SUCCESS
    assert not Signature.objects.exists()
    assert mail.outbox == []


def test_too_fast_gets_a_success_answer_and_nothing_is_stored(pledge, sign, settings, commit):
    set_pledges(settings, MIN_FILL_SECONDS=60)
    with commit():
        result = sign(pledge, **individual())  # token fetched a moment ago
    assert result == SUCCESS
    assert not Signature.objects.exists()
    assert mail.outbox == []


def test_slow_enough_is_accepted(pledge, sign, settings):
    set_pledges(settings, MIN_FILL_SECONDS=60)
    assert sign(pledge, formToken=token_made(pledge, 61), **individual()) == SUCCESS
    assert Signature.objects.count() == 1


def test_people_who_type_fast_still_see_their_mistakes(pledge, sign, settings):
    set_pledges(settings, MIN_FILL_SECONDS=60)
    result = sign(pledge, **individual(email="not-an-email"))
    assert errors(result) == [("email", "INVALID")]


@pytest.mark.parametrize("token", ["", "garbage", "eyJwIjoxfQ:forged:signature"])
def test_missing_or_forged_form_token(pledge, sign, token):
    fields = individual()
    if token:
        fields["formToken"] = token
    assert sign(pledge, token=False, **fields) == SUCCESS
    assert not Signature.objects.exists()


def test_form_token_of_another_pledge(pledge, site_tree, sign):
    from tests.factories import PledgePageFactory

    other = PledgePageFactory(parent=site_tree["home"], slug="other")
    assert sign(pledge, formToken=token_made(other, 60), **individual()) == SUCCESS
    assert not Signature.objects.exists()


def test_expired_form_token(pledge, sign, settings):
    max_age = settings.PLEDGES["FORM_TOKEN_MAX_AGE"]
    old = aged_token(
        {"p": pledge.pk, "t": time.time() - max_age - 60}, FORM_TOKEN_SALT, max_age + 60
    )
    assert sign(pledge, formToken=old, **individual()) == SUCCESS
    assert not Signature.objects.exists()


# --- Rate limits ---------------------------------------------------------------------------


def test_per_ip_rate_limit(pledge, sign, settings):
    set_pledges(settings, RATE_PER_IP=(3, 3600))
    here = {"REMOTE_ADDR": "203.0.113.7"}
    for n in range(3):
        assert sign(pledge, headers=here, **individual(email=f"p{n}@example.org"))["ok"]
    limited = sign(pledge, headers=here, **individual(email="p3@example.org"))
    assert_well_formed(limited)
    assert errors(limited) == [(None, "RATE_LIMITED")]
    error = limited["errors"][0]
    assert 0 < error["retryAfter"] <= 3600
    assert error["message"].startswith("Too many attempts. Please try again in about")
    assert Signature.objects.count() == 3

    # Someone else is not held up.
    assert sign(
        pledge, headers={"REMOTE_ADDR": "203.0.113.8"}, **individual(email="x@example.org")
    )["ok"]


def test_per_ip_limit_counts_failed_attempts_too(pledge, sign, settings):
    set_pledges(settings, RATE_PER_IP=(2, 3600))
    assert errors(sign(pledge, **individual(email="bad"))) == [("email", "INVALID")]
    assert errors(sign(pledge, **individual(email="bad"))) == [("email", "INVALID")]
    assert errors(sign(pledge, **individual())) == [(None, "RATE_LIMITED")]


def test_per_email_rate_limit_across_addresses(pledge, sign, settings):
    set_pledges(settings, RATE_PER_EMAIL=(2, 3600))
    spellings = ["ada.lovelace@gmail.com", "adalovelace+x@gmail.com", "ADA.lovelace@gmail.com"]
    answers = [
        sign(pledge, headers={"REMOTE_ADDR": f"198.51.100.{n + 1}"}, **individual(email=email))
        for n, email in enumerate(spellings)
    ]
    assert answers[0] == answers[1] == SUCCESS
    assert errors(answers[2]) == [(None, "RATE_LIMITED")]
    assert 0 < answers[2]["errors"][0]["retryAfter"] <= 3600
    # Other mailboxes are not held up.
    assert sign(pledge, headers={"REMOTE_ADDR": "198.51.100.9"}, **individual(email="b@x.org"))[
        "ok"
    ]


# --- Client addresses behind proxies ------------------------------------------------------


def test_behind_one_trusted_proxy_clients_are_limited_separately(pledge, sign, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    set_pledges(settings, RATE_PER_IP=(2, 3600))
    proxy = "10.0.0.1"

    def from_client(client_ip, email, claimed=None):
        forwarded = f"{claimed}, {client_ip}" if claimed else client_ip
        headers = {"REMOTE_ADDR": proxy, "HTTP_X_FORWARDED_FOR": forwarded}
        return sign(pledge, headers=headers, **individual(email=email))

    assert from_client("203.0.113.10", "a1@example.org")["ok"]
    assert from_client("203.0.113.10", "a2@example.org")["ok"]
    assert errors(from_client("203.0.113.10", "a3@example.org")) == [(None, "RATE_LIMITED")]
    # A spoofed address in front of the proxy's entry changes nothing.
    assert errors(from_client("203.0.113.10", "a4@example.org", claimed="192.0.2.99")) == [
        (None, "RATE_LIMITED")
    ]
    # Another reader behind the same proxy has their own allowance.
    assert from_client("203.0.113.20", "b1@example.org")["ok"]
    assert Signature.objects.get(email="a1@example.org").ip_hash == hash_ip("203.0.113.10")
    assert Signature.objects.get(email="b1@example.org").ip_hash == hash_ip("203.0.113.20")


def test_without_trusted_proxies_forwarded_for_is_ignored(pledge, sign, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    set_pledges(settings, RATE_PER_IP=(2, 3600))
    answers = [
        sign(
            pledge,
            headers={"REMOTE_ADDR": "203.0.113.30", "HTTP_X_FORWARDED_FOR": f"192.0.2.{n}"},
            **individual(email=f"s{n}@example.org"),
        )
        for n in range(3)
    ]
    assert answers[0]["ok"] and answers[1]["ok"]
    assert errors(answers[2]) == [(None, "RATE_LIMITED")]
    assert {s.ip_hash for s in Signature.objects.all()} == {hash_ip("203.0.113.30")}


# --- Proof-of-work challenge --------------------------------------------------------------


def test_no_challenge_unless_the_setting_is_on(pledge, gql, sign):
    assert gql(CHALLENGE)["data"]["pledgeChallenge"] is None
    assert sign(pledge, **individual())["ok"]


def test_challenge_is_json(settings, gql, site_tree):
    set_pledges(settings, CHALLENGE=True, CHALLENGE_MAX_NUMBER=1000)
    challenge = json.loads(gql(CHALLENGE)["data"]["pledgeChallenge"])
    assert set(challenge) == {"algorithm", "challenge", "maxNumber", "salt", "signature"}
    assert challenge["maxNumber"] == 1000
    assert "expires=" in challenge["salt"]


def test_solved_challenge_passes_once(pledge, gql, sign, settings):
    set_pledges(settings, CHALLENGE=True, CHALLENGE_MAX_NUMBER=1000)
    payload, _ = solve(gql(CHALLENGE)["data"]["pledgeChallenge"])
    assert sign(pledge, challenge=payload, **individual()) == SUCCESS
    assert Signature.objects.count() == 1

    replay = sign(pledge, challenge=payload, **individual(email="second@example.org"))
    assert_well_formed(replay)
    assert errors(replay) == [("challenge", "CHALLENGE_FAILED")]
    assert replay["errors"][0]["message"] == "The anti-spam check failed. Please try again."
    assert Signature.objects.count() == 1


def test_each_new_challenge_is_good_for_one_signature(pledge, gql, sign, settings):
    """Using one solution up must not use up the next reader's."""
    set_pledges(settings, CHALLENGE=True, CHALLENGE_MAX_NUMBER=1000)
    for n in range(2):
        payload, _ = solve(gql(CHALLENGE)["data"]["pledgeChallenge"])
        assert sign(pledge, challenge=payload, **individual(email=f"s{n}@example.org")) == SUCCESS
    assert Signature.objects.count() == 2


def test_a_used_solution_stays_used_until_its_challenge_expires(
    local_cache, pledge, gql, sign, settings, monkeypatch
):
    set_pledges(settings, CHALLENGE=True, CHALLENGE_MAX_NUMBER=1000, CHALLENGE_MAX_AGE=120)
    payload, _ = solve(gql(CHALLENGE)["data"]["pledgeChallenge"])
    assert sign(pledge, challenge=payload, **individual()) == SUCCESS
    # 110 s on the challenge itself is still valid, so the record of its use must be too.
    later = time.time() + 110
    monkeypatch.setattr(time, "time", lambda: later)
    replay = sign(pledge, challenge=payload, **individual(email="second@example.org"))
    assert errors(replay) == [("challenge", "CHALLENGE_FAILED")]
    assert Signature.objects.count() == 1


def test_reencoded_solution_cannot_be_replayed(pledge, gql, sign, settings):
    set_pledges(settings, CHALLENGE=True, CHALLENGE_MAX_NUMBER=1000)
    payload, fields = solve(gql(CHALLENGE)["data"]["pledgeChallenge"])
    assert sign(pledge, challenge=payload, **individual())["ok"]

    # The same solution, spelled differently: compact JSON, keys in another order.
    respelled = base64.b64encode(
        json.dumps(dict(reversed(fields.items())), separators=(",", ":")).encode()
    ).decode()
    assert respelled != payload
    replay = sign(pledge, challenge=respelled, **individual(email="second@example.org"))
    assert errors(replay) == [("challenge", "CHALLENGE_FAILED")]
    assert Signature.objects.count() == 1


def test_wrong_number_fails(pledge, gql, sign, settings):
    set_pledges(settings, CHALLENGE=True, CHALLENGE_MAX_NUMBER=1000)
    challenge = gql(CHALLENGE)["data"]["pledgeChallenge"]
    _, solved = solve(challenge)
    wrong, _ = solve(challenge, number=(solved["number"] + 1) % 1001)
    assert errors(sign(pledge, challenge=wrong, **individual())) == [
        ("challenge", "CHALLENGE_FAILED")
    ]
    assert not Signature.objects.exists()


def test_missing_challenge_fails(pledge, sign, settings):
    set_pledges(settings, CHALLENGE=True)
    assert errors(sign(pledge, **individual())) == [("challenge", "CHALLENGE_FAILED")]


def test_challenge_from_another_key_fails(pledge, sign, settings):
    from altcha import ChallengeOptionsV1, create_challenge_v1

    set_pledges(settings, CHALLENGE=True)
    foreign = create_challenge_v1(ChallengeOptionsV1(hmac_key="not ours", max_number=100))
    payload, _ = solve(json.dumps(foreign.to_dict()))
    assert errors(sign(pledge, challenge=payload, **individual())) == [
        ("challenge", "CHALLENGE_FAILED")
    ]


def test_expired_challenge_fails(pledge, gql, sign, settings):
    set_pledges(settings, CHALLENGE=True, CHALLENGE_MAX_AGE=-5)
    payload, _ = solve(gql(CHALLENGE)["data"]["pledgeChallenge"])
    assert errors(sign(pledge, challenge=payload, **individual())) == [
        ("challenge", "CHALLENGE_FAILED")
    ]


@pytest.mark.parametrize(
    "payload",
    [
        "%%%not base64%%%",
        base64.b64encode(b"not json").decode(),
        base64.b64encode(b"[1, 2]").decode(),
        base64.b64encode(b"12").decode(),
        base64.b64encode(b'{"algorithm": "MD5"}').decode(),
        "x" * 5000,
    ],
)
def test_malformed_challenge_fails_cleanly(pledge, sign, settings, payload):
    set_pledges(settings, CHALLENGE=True)
    result = sign(pledge, challenge=payload, **individual())
    assert errors(result) == [("challenge", "CHALLENGE_FAILED")]


# --- Origins and partners -----------------------------------------------------------------


@pytest.fixture
def partner(db):
    return Partner.objects.create(
        name="Voluntary Action Leeds",
        slug="val",
        allowed_origins="https://www.leeds.gov.uk\nhttps://doinggoodleeds.org.uk",
    )


def test_another_site_cannot_sign(pledge, sign):
    result = sign(pledge, headers={"HTTP_ORIGIN": "https://evil.example"}, **individual())
    assert_well_formed(result)
    assert result["errors"] == [
        {
            "field": None,
            "code": "FORBIDDEN_ORIGIN",
            "message": "Signing from this website is not allowed.",
            "retryAfter": None,
        }
    ]
    assert not Signature.objects.exists()


@pytest.mark.parametrize("origin", ["http://testserver", "http://127.0.0.1:8000"])
def test_our_own_site_can_sign(pledge, sign, origin):
    assert sign(pledge, headers={"HTTP_ORIGIN": origin}, **individual())["ok"]


def test_opaque_origin_cannot_sign(pledge, sign):
    result = sign(pledge, headers={"HTTP_ORIGIN": "null"}, **individual())
    assert errors(result) == [(None, "FORBIDDEN_ORIGIN")]


def test_lookalike_origins_cannot_sign(pledge, sign, partner):
    for origin in (
        "https://www.leeds.gov.uk.evil.example",
        "http://www.leeds.gov.uk",
        "https://leeds.gov.uk",
        "http://testserver.evil.example",
    ):
        result = sign(pledge, headers={"HTTP_ORIGIN": origin}, **individual(partner="val"))
        assert errors(result) == [(None, "FORBIDDEN_ORIGIN")], origin
    assert not Signature.objects.exists()


def test_partner_origin_signs_and_is_recorded(pledge, sign, partner):
    result = sign(
        pledge,
        headers={"HTTP_ORIGIN": "https://doinggoodleeds.org.uk"},
        **individual(
            partner="val",
            utmSource="partner-widget",
            utmMedium="embed",
            utmCampaign="xmas-2025",
            utmTerm="local",
            utmContent="sidebar",
        ),
    )
    assert result == SUCCESS
    signature = Signature.objects.get()
    assert signature.partner == partner
    assert (
        signature.utm_source,
        signature.utm_medium,
        signature.utm_campaign,
        signature.utm_term,
        signature.utm_content,
    ) == ("partner-widget", "embed", "xmas-2025", "local", "sidebar")


def test_inactive_partner_is_refused(pledge, sign, partner):
    partner.active = False
    partner.save()
    result = sign(
        pledge,
        headers={"HTTP_ORIGIN": "https://www.leeds.gov.uk"},
        **individual(partner="val"),
    )
    assert errors(result) == [(None, "FORBIDDEN_ORIGIN")]
    assert not Signature.objects.exists()


def test_partner_slug_must_match_the_origin(pledge, sign, partner):
    Partner.objects.create(name="Other", slug="other", allowed_origins="https://other.example")
    result = sign(
        pledge,
        headers={"HTTP_ORIGIN": "https://other.example"},
        **individual(partner="val"),
    )
    assert errors(result) == [(None, "FORBIDDEN_ORIGIN")]


def test_utm_values_without_a_partner(pledge, sign):
    assert sign(pledge, **individual(utmSource="newsletter", utmCampaign="xmas"))["ok"]
    signature = Signature.objects.get()
    assert signature.utm_source == "newsletter" and signature.utm_campaign == "xmas"
    assert signature.partner is None
