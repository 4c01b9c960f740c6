"""Emails to signers, queued as deliveries and sent by a background task.

A delivery is recorded inside the signing transaction and sent only after it
commits, so an email never goes out for a signature that was rolled back, and
a signature is never lost because an email failed: the delivery stays unsent
and `retry_failed_emails` tries again.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from django_tasks import task

from .models import EmailDelivery, Signature
from .tokens import confirm_token, withdraw_token

logger = logging.getLogger("pledges.emails")
MAX_ATTEMPTS = 5


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
    delivery = EmailDelivery.objects.create(signature=signature, kind=kind)
    transaction.on_commit(lambda: deliver_email.enqueue(delivery.pk))
    return True


def _absolute(path):
    return settings.BASE_URL + path


def build_message(delivery):
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
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [signature.email])
    message.extra_headers["List-Unsubscribe"] = f"<{context['withdraw_url']}>"
    return message


@task()
def deliver_email(delivery_id):
    delivery = (
        EmailDelivery.objects.select_related("signature__pledge").filter(pk=delivery_id).first()
    )
    if delivery is None or delivery.sent_at or not delivery.signature.email:
        return
    EmailDelivery.objects.filter(pk=delivery_id).update(attempts=F("attempts") + 1)
    try:
        build_message(delivery).send()
    except Exception as error:  # noqa: BLE001 - any transport failure is retried later
        logger.warning("Email %s failed: %s", delivery_id, error)
        EmailDelivery.objects.filter(pk=delivery_id).update(last_error=str(error)[:300])
        return
    EmailDelivery.objects.filter(pk=delivery_id).update(sent_at=timezone.now(), last_error="")


@task()
def retry_failed_emails():
    # Failed ones, and ones never tried (a worker that died before sending).
    stranded = timezone.now() - datetime.timedelta(minutes=10)
    pending = (
        EmailDelivery.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(attempts__gte=1) | Q(created_at__lt=stranded))
        .values_list("pk", flat=True)
    )
    for delivery_id in list(pending[:500]):
        deliver_email.enqueue(delivery_id)
