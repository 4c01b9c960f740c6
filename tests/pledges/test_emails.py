"""Emails to signers: after commit only, with a withdraw link, capped, retried on failure."""

import re

from django.core import mail
from django.test import Client

import pytest

from pledges import signing
from pledges.models import EmailDelivery, Signature
from pledges.tokens import CONFIRM_SALT, WITHDRAW_SALT
from tests.pledges.helpers import (
    aged_token,
    council,
    individual,
    link,
    link_prefix,
    links,
    make_signature,
    set_pledges,
    site_path,
    token_url,
)

pytestmark = pytest.mark.django_db

DAY = 24 * 60 * 60


def test_confirm_email_goes_to_the_signer_after_commit(
    pledge, sign, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert sign(pledge, **individual(name="Ada Lovelace"))["ok"]
    # Stored and owed, but nothing sent while the transaction could still roll back.
    assert mail.outbox == []
    delivery = EmailDelivery.objects.get()
    assert delivery.kind == EmailDelivery.Kind.CONFIRM and delivery.sent_at is None
    assert callbacks

    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    assert message.subject == f"Please confirm your signature: {pledge.title}"
    assert "Hello Ada Lovelace" in message.body
    assert pledge.title in message.body
    assert len(links("confirm")) == 1 and len(links("withdraw")) == 1
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe == f"<{settings.BASE_URL}{links('withdraw')[0]}>"
    delivery.refresh_from_db()
    assert delivery.sent_at is not None and delivery.attempts == 1 and delivery.last_error == ""
    assert Signature.objects.get().emails_sent == 1


def test_no_email_for_a_rolled_back_signature(pledge, sign, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        sign(pledge, **individual())
        transaction.set_rollback(True)
    assert mail.outbox == []
    assert not Signature.objects.exists()


def test_confirm_link_shows_a_button_and_only_the_post_confirms(pledge, sign, commit):
    with commit():
        sign(pledge, **individual())
    # A fresh browser straight from the email: no cookies, CSRF checks on.
    browser = Client(enforce_csrf_checks=True)
    opened = browser.get(link("confirm"))
    assert opened.status_code == 200
    page = opened.content.decode()
    assert pledge.title in page and "Confirm my signature" in page
    assert 'method="post"' in page
    assert "Ada" not in page  # the link shows whose pledge, not whose signature
    # A mail scanner that fetches every link, even twice, confirms nothing.
    assert browser.get(link("confirm")).status_code == 200
    assert browser.head(link("confirm")).status_code == 200
    assert Signature.objects.get().status == Signature.Status.PENDING

    response = browser.post(link("confirm"))  # no body, as the button sends it
    assert response.status_code == 200
    done = response.content.decode()
    assert "Your signature is confirmed" in done and pledge.title in done
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert Signature.objects.get().status == Signature.Status.CONFIRMED
    # Opened again once confirmed, the link says so rather than offer the button.
    again = browser.get(link("confirm")).content.decode()
    assert "Your signature is confirmed" in again and "Confirm my signature" not in again


def test_council_confirm_page_says_staff_will_verify(council_pledge, sign, client, commit, leeds):
    with commit():
        sign(council_pledge, **council(leeds.gss_code))
    page = client.post(link("confirm")).content.decode()
    assert "once it" in page and "verified" in page


def test_expired_confirm_link_is_gone(pledge, client, settings):
    signature = make_signature(pledge)
    max_age = settings.PLEDGES["CONFIRM_TOKEN_MAX_AGE"]
    fresh = aged_token(signature.pk, CONFIRM_SALT, max_age - 60)
    stale = aged_token(signature.pk, CONFIRM_SALT, max_age + 60)

    for method in (client.get, client.post):
        expired = method(token_url("confirm", stale))
        assert expired.status_code == 410
        assert "This link has expired" in expired.content.decode()
    assert Signature.objects.get().status == Signature.Status.PENDING

    assert client.post(token_url("confirm", fresh)).status_code == 200
    assert Signature.objects.get().status == Signature.Status.CONFIRMED


def test_confirm_token_max_age_is_the_setting(pledge, client, settings):
    signature = make_signature(pledge)
    set_pledges(settings, CONFIRM_TOKEN_MAX_AGE=60)
    token = aged_token(signature.pk, CONFIRM_SALT, 120)
    assert client.post(token_url("confirm", token)).status_code == 410
    set_pledges(settings, CONFIRM_TOKEN_MAX_AGE=180)
    assert client.post(token_url("confirm", token)).status_code == 200
    assert Signature.objects.get().status == Signature.Status.CONFIRMED


@pytest.mark.parametrize("token", ["nonsense", "MQ:1abc:forged"])
def test_forged_confirm_links_are_gone(pledge, client, token):
    make_signature(pledge)
    assert client.get(token_url("confirm", token)).status_code == 410
    assert client.post(token_url("confirm", token)).status_code == 410
    assert Signature.objects.get().status == Signature.Status.PENDING


def test_withdraw_token_cannot_confirm(pledge, client):
    signature = make_signature(pledge)
    token = aged_token(signature.pk, WITHDRAW_SALT, 0)
    assert client.post(token_url("confirm", token)).status_code == 410
    assert Signature.objects.get().status == Signature.Status.PENDING


def test_confirm_link_of_a_withdrawn_signature_is_gone(pledge, sign, client, commit):
    with commit():
        sign(pledge, **individual())
    confirm_path = link("confirm")
    assert client.post(link("withdraw")).status_code == 200
    assert client.get(confirm_path).status_code == 410
    assert client.post(confirm_path).status_code == 410
    assert Signature.objects.get().status == Signature.Status.WITHDRAWN


def test_confirm_link_of_a_purged_signature_is_gone(pledge, sign, client, commit):
    with commit():
        sign(pledge, **individual())
    Signature.objects.all().delete()
    assert client.get(link("confirm")).status_code == 410
    assert client.post(link("confirm")).status_code == 410


def test_already_signed_email(pledge, sign, commit):
    with commit():
        sign(pledge, **individual(email="Ada@Example.org"))
    with commit():
        sign(pledge, **individual(email="ada@example.org", name="Impostor"))
    assert len(mail.outbox) == 2
    repeat = mail.outbox[1]
    assert repeat.to == ["Ada@Example.org"]  # the mailbox that signed, not the new spelling
    assert repeat.subject == f"You have already signed: {pledge.title}"
    assert "Impostor" not in repeat.body
    # Still pending: the repeat carries the confirm link again, and the withdraw link.
    assert link_prefix("confirm") in repeat.body
    assert link_prefix("withdraw") in repeat.body
    kinds = sorted(EmailDelivery.objects.values_list("kind", flat=True))
    assert kinds == ["already-signed", "confirm"]


def test_already_signed_email_for_a_confirmed_signature_has_no_confirm_link(pledge, sign, commit):
    with commit():
        sign(pledge, **individual())
    Signature.objects.update(status=Signature.Status.CONFIRMED)
    with commit():
        sign(pledge, **individual())
    repeat = mail.outbox[1]
    assert link_prefix("confirm") not in repeat.body
    assert link_prefix("withdraw") in repeat.body


def test_council_verified_and_rejected_emails(council_pledge, leeds, commit):
    verified = make_signature(
        council_pledge,
        email="yes@leeds.gov.uk",
        signer_type=Signature.SignerType.COUNCIL,
        local_authority=leeds,
        status=Signature.Status.CONFIRMED,
    )
    rejected = make_signature(
        council_pledge,
        email="no@leeds.gov.uk",
        signer_type=Signature.SignerType.COUNCIL,
        local_authority=leeds,
        status=Signature.Status.CONFIRMED,
    )
    with commit():
        signing.verify_council(verified, True)
        signing.verify_council(rejected, False, "We need the leader's signature")
    by_to = {message.to[0]: message for message in mail.outbox}
    assert by_to["yes@leeds.gov.uk"].subject == "Leeds City Council is now a Keep it Local council"
    assert link_prefix("withdraw") in by_to["yes@leeds.gov.uk"].body
    assert "We need the leader's signature" in by_to["no@leeds.gov.uk"].body
    assert link_prefix("withdraw") in by_to["no@leeds.gov.uk"].body


def test_every_email_has_a_working_withdraw_link(pledge, council_pledge, sign, leeds, commit):
    with commit():
        sign(pledge, **individual())
        sign(pledge, **individual())  # already signed
    with commit():
        sign(council_pledge, **council(leeds.gss_code))
    council_signature = Signature.objects.get(signer_type="council")
    Signature.objects.filter(pk=council_signature.pk).update(status=Signature.Status.CONFIRMED)
    with commit():
        signing.verify_council(council_signature, True)
    kinds = set(EmailDelivery.objects.values_list("kind", flat=True))
    assert kinds == {"confirm", "already-signed", "council-verified"}
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert link_prefix("withdraw") in message.body, message.subject
        assert link_prefix("withdraw") in message.extra_headers["List-Unsubscribe"]
    for message in mail.outbox:
        path = site_path(message.extra_headers["List-Unsubscribe"].strip("<>"))
        assert path in message.body


def test_no_more_than_five_emails_per_signature_ever(pledge, sign, commit, settings):
    set_pledges(settings, RATE_PER_EMAIL=(100, 3600))
    spellings = [
        "ada.lovelace@gmail.com",
        "AdaLovelace@gmail.com",
        "ada.lovelace+1@gmail.com",
        "a.d.a.lovelace@googlemail.com",
        "adalovelace+2@gmail.com",
        "ADA.LOVELACE@GMAIL.COM",
        "ada.lovelace+3@gmail.com",
        "adalovelace@googlemail.com",
    ]
    answers = []
    for n, email in enumerate(spellings):
        with commit():
            answers.append(
                sign(
                    pledge,
                    headers={"REMOTE_ADDR": f"198.51.100.{n + 1}"},
                    **individual(email=email),
                )
            )
    assert all(answer == answers[0] for answer in answers)
    assert answers[0]["ok"]
    signature = Signature.objects.get()
    assert len(mail.outbox) == 5
    assert all(message.to == ["ada.lovelace@gmail.com"] for message in mail.outbox)
    assert signature.emails.count() == 5
    assert signature.emails_sent == 5

    # Ever: a later repeat makes no sixth.
    with commit():
        sign(pledge, headers={"REMOTE_ADDR": "198.51.100.200"}, **individual(email=spellings[0]))
    assert len(mail.outbox) == 5
    assert Signature.objects.get().emails_sent == 5


def test_email_cap_is_the_setting(pledge, sign, commit, settings):
    set_pledges(settings, RATE_PER_EMAIL=(100, 3600), MAX_EMAILS_PER_SIGNATURE=2)
    for n in range(4):
        with commit():
            sign(pledge, headers={"REMOTE_ADDR": f"198.51.100.{n + 1}"}, **individual())
    assert len(mail.outbox) == 2


def test_withdraw_link_needs_a_post(pledge, sign, client, commit):
    with commit():
        sign(pledge, **individual())
    path = link("withdraw")
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'method="post"' in html and "Withdraw my signature" in html
    assert Signature.objects.get().status == Signature.Status.PENDING

    done = client.post(path)
    assert done.status_code == 200
    assert "Your signature has been withdrawn" in done.content.decode()
    assert Signature.objects.get().status == Signature.Status.WITHDRAWN
    # Twice is harmless.
    assert client.post(path).status_code == 200


def test_withdraw_form_works_with_csrf_checks(pledge, sign, commit):
    with commit():
        sign(pledge, **individual())
    browser = Client(enforce_csrf_checks=True)
    path = link("withdraw")
    page = browser.get(path).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert browser.post(path).status_code == 403  # no token: refused, nothing changes
    assert Signature.objects.get().status == Signature.Status.PENDING
    assert browser.post(path, {"csrfmiddlewaretoken": token}).status_code == 200
    assert Signature.objects.get().status == Signature.Status.WITHDRAWN


def test_withdraw_link_never_expires(pledge, client):
    signature = make_signature(pledge)
    token = aged_token(signature.pk, WITHDRAW_SALT, 3 * 365 * DAY)
    assert client.post(token_url("withdraw", token)).status_code == 200
    assert Signature.objects.get().status == Signature.Status.WITHDRAWN


def test_forged_withdraw_link_is_gone(pledge, client):
    signature = make_signature(pledge)
    forged = aged_token(signature.pk, CONFIRM_SALT, 0)  # a confirm token is not a withdraw one
    assert client.get(token_url("withdraw", forged)).status_code == 410
    assert client.post(token_url("withdraw", forged)).status_code == 410
    assert Signature.objects.get().status == Signature.Status.PENDING
