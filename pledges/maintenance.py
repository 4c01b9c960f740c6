"""Housekeeping for signatures, runnable as commands or django-tasks tasks."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from django_tasks import task

from . import counts, tallies
from .models import Signature
from .signing import anonymise


def purge_unconfirmed(now=None):
    """Delete sign-ups never confirmed within the set time; they never counted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.PLEDGES["UNCONFIRMED_DAYS"])
    with transaction.atomic():
        expired = Signature.objects.filter(status=Signature.Status.PENDING, created_at__lt=cutoff)
        tallies.mark_changed(expired)
        _, by_model = expired.delete()
    return by_model.get(Signature._meta.label, 0)


def anonymise_closed_pledges(now=None):
    """Erase personal data of pledges closed longer ago than the retention period."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PLEDGES["RETENTION_DAYS"])
    return anonymise(Signature.objects.filter(pledge__closes_at__lt=cutoff))


@task()
def purge_unconfirmed_task():
    return purge_unconfirmed()


@task()
def anonymise_task():
    return anonymise_closed_pledges()


@task()
def reconcile_counts_task():
    return {str(key): value for key, value in counts.reconcile().items()}


@task()
def fold_report_tallies_task(pledge_ids=None):
    return {str(key): value for key, value in tallies.fold_all(pledge_ids).items()}
