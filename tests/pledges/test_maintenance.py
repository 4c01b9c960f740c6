"""Housekeeping commands and their django-tasks twins."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

import pytest

from pledges import signing
from pledges.counts import count_from_table, signature_counts
from pledges.emails import retry_failed_emails
from pledges.maintenance import (
    anonymise_task,
    purge_unconfirmed,
    purge_unconfirmed_task,
    reconcile_counts_task,
)
from pledges.models import EmailDelivery, Signature
from tests.factories import PledgePageFactory
from tests.pledges.helpers import make_signature, set_pledges

pytestmark = pytest.mark.django_db

DAYS = datetime.timedelta(days=1)


def _aged(pledge, email, days, **fields):
    return make_signature(pledge, email=email, created_at=timezone.now() - days * DAYS, **fields)


def test_purge_deletes_only_old_pending_signatures(pledge, commit):
    old_pending = _aged(pledge, "old@example.org", 8)
    EmailDelivery.objects.create(signature=old_pending, kind="confirm", sent_at=timezone.now())
    young_pending = _aged(pledge, "young@example.org", 6)
    old_confirmed = _aged(pledge, "kept@example.org", 30, status=Signature.Status.CONFIRMED)
    old_rejected = _aged(pledge, "rejected@example.org", 30, status=Signature.Status.REJECTED)
    counts_before = count_from_table(pledge.pk)

    out = StringIO()
    call_command("purge_unconfirmed_signatures", stdout=out)
    assert out.getvalue().strip() == "Deleted 1 unconfirmed sign-ups older than 7 days."

    remaining = set(Signature.objects.values_list("pk", flat=True))
    assert remaining == {young_pending.pk, old_confirmed.pk, old_rejected.pk}
    assert not EmailDelivery.objects.exists()
    assert count_from_table(pledge.pk) == counts_before
    assert signature_counts(pledge.pk)["total"] == 1


def test_purge_follows_the_setting(pledge, settings):
    _aged(pledge, "old@example.org", 8)
    set_pledges(settings, UNCONFIRMED_DAYS=30)
    assert purge_unconfirmed() == 0
    set_pledges(settings, UNCONFIRMED_DAYS=7)
    assert purge_unconfirmed() == 1


def test_purged_signer_can_sign_again(pledge, sign):
    from tests.pledges.helpers import individual

    _aged(pledge, "ada@example.org", 8)
    purge_unconfirmed()
    assert sign(pledge, **individual("ada@example.org"))["ok"]
    assert Signature.objects.get().status == Signature.Status.PENDING


def test_purge_task(pledge):
    _aged(pledge, "old@example.org", 8)
    result = purge_unconfirmed_task.enqueue()
    assert result.return_value == 1
    assert not Signature.objects.exists()


def test_anonymise_command_output_and_task(site_tree, settings):
    closed = PledgePageFactory(
        parent=site_tree["home"],
        slug="closed",
        closes_at=timezone.now() - (settings.PLEDGES["RETENTION_DAYS"] + 5) * DAYS,
    )
    make_signature(closed, email="a@example.org", status=Signature.Status.CONFIRMED)
    make_signature(closed, email="b@example.org")
    out = StringIO()
    call_command("anonymise_signatures", stdout=out)
    assert out.getvalue().strip() == (
        f"Anonymised 2 signatures (pledges closed over {settings.PLEDGES['RETENTION_DAYS']} "
        "days ago)."
    )
    make_signature(closed, email="late@example.org")
    assert anonymise_task.enqueue().return_value == 1
    assert not Signature.objects.exclude(email="").exists()
    assert count_from_table(closed.pk)["total"] == 1


def test_anonymise_follows_the_retention_setting(site_tree, settings):
    closed = PledgePageFactory(
        parent=site_tree["home"], slug="closed", closes_at=timezone.now() - 40 * DAYS
    )
    make_signature(closed)
    set_pledges(settings, RETENTION_DAYS=60)
    call_command("anonymise_signatures", stdout=StringIO())
    assert Signature.objects.get().anonymised_at is None
    set_pledges(settings, RETENTION_DAYS=30)
    call_command("anonymise_signatures", stdout=StringIO())
    assert Signature.objects.get().anonymised_at is not None


def test_reconcile_command_with_nothing_to_do(site_tree):
    out = StringIO()
    call_command("reconcile_signature_counts", stdout=out)
    assert out.getvalue().strip() == "Reconciled; 0 pledge(s) had drifted."
    assert reconcile_counts_task.enqueue().return_value == {}


def test_retry_task_sends_failed_deliveries(pledge):
    from django.core import mail

    signature = make_signature(pledge)
    failed = EmailDelivery.objects.create(
        signature=signature, kind="confirm", attempts=1, last_error="timeout"
    )
    retry_failed_emails.enqueue()
    failed.refresh_from_db()
    assert failed.sent_at is not None and failed.last_error == ""
    assert [message.to for message in mail.outbox] == [[signature.email]]


def test_housekeeping_leaves_counted_signatures_alone(pledge, commit):
    with commit():
        for n in range(3):
            signing.confirm(_aged(pledge, f"k{n}@example.org", 400).pk)
    call_command("purge_unconfirmed_signatures", stdout=StringIO())
    call_command("anonymise_signatures", stdout=StringIO())  # the pledge is open
    call_command("reconcile_signature_counts", stdout=StringIO())
    assert signature_counts(pledge.pk)["total"] == 3
    assert Signature.objects.filter(anonymised_at__isnull=True).count() == 3
