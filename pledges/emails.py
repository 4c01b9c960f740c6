"""Emails to signers: rows in the outbox, sent by `manage.py send_outbox`.

A delivery is recorded inside the signing transaction, so an email never goes
out for a signature that was rolled back, and a signature is never lost
because an email failed: the row waits and the sender retries it (see
core.outbox). In dev and tests it is also sent at once after commit.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse

from django_tasks import task

from core import outbox

from .models import EmailDelivery, Signature
from .tokens import confirm_token, withdraw_token

logger = logging.getLogger("pledges.emails")


def queue_email(signature, kind):
    """Record an email owed to a signer and send it after commit. False if capped."""
    cap = settings.PLEDGES["MAX_EMAILS_PER_SIGNATURE"]
    # A conditional UPDATE on the signature's own row: concurrent requests
    # cannot both take the last allowed email.
    claimed = Signature.objects.filter(pk=signature.pk, emails_sent__lt=cap).update(
        emails_sent=F("emails_sent") + 1
    )
    if not claimed:
        logger.info("Email cap reached for signature %s; %s not sent", signature.pk, kind)
        return False
    _record(signature, kind)
    return True


def save_with_first_email(signature, kind):
    """Insert a new signature with its first email already counted (one
    statement fewer than `queue_email`, on the path every signer takes)."""
    if settings.PLEDGES["MAX_EMAILS_PER_SIGNATURE"] < 1:
        signature.save()
        return queue_email(signature, kind)
    signature.emails_sent = 1
    signature.save()
    _record(signature, kind)
    return True


def _record(signature, kind):
    delivery = EmailDelivery.objects.create(signature=signature, kind=kind)
    outbox.send_after_commit(OUTBOX, ids=[delivery.pk])


def _absolute(path):
    return settings.BASE_URL + path


def build_message(delivery, connection=None):
    signature = delivery.signature
    pledge = signature.pledge
    context = {
        "signature": signature,
        "pledge": pledge,
        "pledge_url": _absolute(pledge.url or "/"),
        "confirm_url": _absolute(reverse("pledges:confirm", args=[confirm_token(signature)])),
        "withdraw_url": _absolute(reverse("pledges:withdraw", args=[withdraw_token(signature)])),
        "campaign": settings.WAGTAIL_SITE_NAME,
    }
    template = f"pledges/email/{delivery.kind}"
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(
        subject, body, settings.DEFAULT_FROM_EMAIL, [signature.email], connection=connection
    )
    message.extra_headers["List-Unsubscribe"] = f"<{context['withdraw_url']}>"
    return message


def still_wanted(delivery):
    # A withdrawn or anonymised signature has no address left to write to.
    return bool(delivery.signature.email)


OUTBOX = outbox.Source(
    name="pledges",
    model=EmailDelivery,
    build_message=build_message,
    still_wanted=still_wanted,
    related=("signature__pledge",),
)


@task()
def retry_failed_emails():
    """Every unsent signer email gets a fresh set of attempts, due now; returns how many."""
    count = outbox.retry_failed(OUTBOX)
    if settings.EMAIL_OUTBOX["SEND_ON_COMMIT"]:  # dev and tests; else the sender takes them
        outbox.send_now(OUTBOX)
    return count
