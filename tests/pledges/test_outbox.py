"""The outbox for signers' emails: refusals back off, outages use no attempts, leases expire."""

import datetime
import smtplib
from io import StringIO

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from core import outbox
from pledges import signing
from pledges.emails import OUTBOX
from pledges.models import EmailDelivery, Signature
from tests.pledges.helpers import individual, make_signature

pytestmark = pytest.mark.django_db


def send_once():
    out = StringIO()
    call_command("send_outbox", "--once", stdout=out)
    return out.getvalue()


def _relay_down(self, messages):
    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed: relay down")


def test_an_outage_keeps_the_signature_and_uses_no_attempts(pledge, sign, commit, monkeypatch):
    monkeypatch.setattr(EmailBackend, "send_messages", _relay_down)
    with commit():
        assert sign(pledge, **individual())["ok"]  # the signer is not told of our mail trouble
    delivery = EmailDelivery.objects.get()
    assert (delivery.sent_at, delivery.attempts, delivery.claimed_by) == (None, 0, "")
    assert "relay down" in delivery.last_error
    assert Signature.objects.get().status == Signature.Status.PENDING
    with pytest.raises(CommandError, match="relay down"):
        send_once()
    delivery.refresh_from_db()
    assert delivery.attempts == 0 and delivery.sent_at is None and mail.outbox == []

    monkeypatch.undo()
    assert "Sent 1 emails" in send_once()
    delivery.refresh_from_db()
    assert delivery.sent_at and delivery.last_error == "" and delivery.attempts == 1
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]
    assert "Sent 0 emails" in send_once()  # sent is never sent again
    assert len(mail.outbox) == 1


class DownBackend(BaseEmailBackend):
    """An EMAIL_BACKEND whose server refuses connections."""

    def open(self):
        raise ConnectionRefusedError("smtp.example: connection refused")

    def send_messages(self, messages):
        self.open()


def test_a_connection_refused_waits_in_the_outbox(pledge, sign, commit, settings):
    settings.EMAIL_BACKEND = f"{__name__}.DownBackend"
    with commit():
        assert sign(pledge, **individual())["ok"]
    delivery = EmailDelivery.objects.get()
    assert delivery.sent_at is None and "connection refused" in delivery.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_once()
    delivery.refresh_from_db()
    assert delivery.sent_at is not None and len(mail.outbox) == 1


def test_a_refused_message_backs_off_then_goes(pledge, monkeypatch, settings):
    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({"someone@example.org": (550, b"mailbox full")})

    delivery = EmailDelivery.objects.create(signature=make_signature(pledge), kind="confirm")
    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    send_once()
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and "mailbox full" in delivery.last_error
    wait = delivery.next_attempt_at - timezone.now()
    base = settings.EMAIL_OUTBOX["BACKOFF_SECONDS"]
    assert datetime.timedelta(seconds=base - 5) < wait <= datetime.timedelta(seconds=base)
    send_once()  # not due yet: not tried again
    delivery.refresh_from_db()
    assert delivery.attempts == 1

    EmailDelivery.objects.update(next_attempt_at=timezone.now())
    send_once()
    delivery.refresh_from_db()
    assert delivery.attempts == 2  # the second refusal waits twice as long
    assert delivery.next_attempt_at - timezone.now() > datetime.timedelta(seconds=1.9 * base)

    monkeypatch.undo()
    EmailDelivery.objects.update(next_attempt_at=timezone.now())
    send_once()
    delivery.refresh_from_db()
    assert delivery.sent_at and len(mail.outbox) == 1


def test_given_up_emails_wait_for_retry_failed_emails(pledge, settings):
    signature = make_signature(pledge)
    given_up = EmailDelivery.objects.create(
        signature=signature,
        kind="confirm",
        attempts=settings.EMAIL_OUTBOX["MAX_ATTEMPTS"],
        last_error="550 mailbox full",
    )
    assert given_up.state == "failed"
    send_once()
    assert mail.outbox == []
    out = StringIO()
    call_command("retry_failed_emails", stdout=out)
    assert "Queued 1 unsent emails" in out.getvalue()
    given_up.refresh_from_db()
    assert given_up.sent_at and given_up.state == "sent"
    assert [message.to for message in mail.outbox] == [[signature.email]]


def test_a_live_lease_is_left_alone_and_an_expired_one_is_taken(pledge):
    """Another sender holds the row; once its lease runs out (it died), the row is free."""
    delivery = EmailDelivery.objects.create(
        signature=make_signature(pledge),
        kind="confirm",
        attempts=1,
        claimed_by="elsewhere",
        claimed_until=timezone.now() + datetime.timedelta(minutes=1),
    )
    send_once()
    assert mail.outbox == []
    EmailDelivery.objects.update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    send_once()
    delivery.refresh_from_db()
    assert delivery.sent_at and delivery.claimed_by == "" and delivery.attempts == 2
    assert len(mail.outbox) == 1


def test_a_claim_takes_each_row_once(pledge):
    for n in range(5):
        EmailDelivery.objects.create(
            signature=make_signature(pledge, email=f"s{n}@example.org"), kind="confirm"
        )
    now = timezone.now()
    first = outbox.engine.claim(OUTBOX, now, limit=3)
    second = outbox.engine.claim(OUTBOX, now, limit=3)
    assert len(first) == 3 and len(second) == 2
    assert not {row.pk for row in first} & {row.pk for row in second}
    assert outbox.engine.claim(OUTBOX, now, limit=3) == []


def test_a_batch_goes_over_one_connection(pledge, monkeypatch):
    opened = []
    original = EmailBackend.open
    monkeypatch.setattr(EmailBackend, "open", lambda self: opened.append(self) or original(self))
    for n in range(4):
        EmailDelivery.objects.create(
            signature=make_signature(pledge, email=f"s{n}@example.org"), kind="confirm"
        )
    assert "Sent 4 emails" in send_once()
    assert len(opened) == 1 and len(mail.outbox) == 4


def test_no_email_after_withdrawal(pledge, sign, monkeypatch, commit):
    monkeypatch.setattr(EmailBackend, "send_messages", _relay_down)
    with commit():
        sign(pledge, **individual())
    signing.withdraw(Signature.objects.get().pk)
    monkeypatch.undo()
    assert not EmailDelivery.objects.exists()  # unsent deliveries are dropped
    send_once()
    assert mail.outbox == []


def test_production_sends_only_from_the_sender(pledge, sign, commit, settings):
    settings.EMAIL_OUTBOX = {**settings.EMAIL_OUTBOX, "SEND_ON_COMMIT": False}
    with commit():
        assert sign(pledge, **individual())["ok"]
    assert mail.outbox == [] and EmailDelivery.objects.get().sent_at is None
    send_once()
    assert len(mail.outbox) == 1
