"""Report tallies under concurrent withdrawals, folds and reports, on PostgreSQL.

Every report must see one moment: a fold that commits while a report reads
would otherwise count a remade day twice (once in its tallies, once live).
"""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connection
from django.utils import timezone

import pytest

from pledges import signing, tallies
from pledges.admin.reports import pledge_report
from pledges.models import Signature
from pledges.tallies import figures_from_table, fold
from tests.factories import PledgePageFactory

ROWS = 120
NEEDS_POSTGRES = "needs PostgreSQL: concurrent writers (run with DATABASE_URL=postgres://…)"


def _confirmed_over_days(pledge):
    """ROWS confirmed signatures made over the last six days, behind the first fold."""
    now = timezone.now()
    Signature.objects.bulk_create(
        Signature(
            pledge=pledge,
            signer_type=Signature.SignerType.INDIVIDUAL,
            status=Signature.Status.CONFIRMED,
            name=f"Signer {n}",
            email=f"signer{n}@example.org",
            email_canonical=f"signer{n}@example.org",
            created_at=now - datetime.timedelta(days=1 + n % 6, hours=1),
            confirmed_at=now - datetime.timedelta(days=1 + n % 6),
        )
        for n in range(ROWS)
    )
    return list(Signature.objects.filter(pledge=pledge).values_list("pk", flat=True))


def _in_thread(work):
    def run(*args):
        try:
            return work(*args)
        finally:
            connection.close()

    return run


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reports_read_one_moment_while_folds_and_withdrawals_run(site_tree):
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_POSTGRES)
    pledge = PledgePageFactory(parent=site_tree["home"], slug="rush")
    ids = _confirmed_over_days(pledge)
    fold(pledge.pk)
    done = threading.Event()

    @_in_thread
    def read():
        seen = []
        while not done.is_set():
            report = pledge_report(pledge)
            seen.append((sum(row["count"] for row in report["by_status"]), report["total"]))
        return seen

    @_in_thread
    def keep_folding():
        folds = 0
        while not done.is_set():
            fold(pledge.pk)
            folds += 1
        return folds

    with ThreadPoolExecutor(max_workers=8) as pool:
        readers = [pool.submit(read) for _ in range(3)]
        folder = pool.submit(keep_folding)
        try:
            list(pool.map(_in_thread(signing.withdraw), ids[::2]))
        finally:
            done.set()  # even if a withdrawal fails, or the readers never stop
        seen = [reader.result() for reader in readers]
        assert folder.result() > 0

    for reader in seen:
        assert reader and all(every == ROWS for every, _counted in reader)
        counted = [total for _every, total in reader]
        assert counted == sorted(counted, reverse=True)  # one moment after another
    table = pledge_report(pledge, figures=figures_from_table)
    assert {**pledge_report(pledge), "as_of": None} == {**table, "as_of": None}
    assert table["total"] == ROWS // 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_fold_committing_halfway_through_a_report_is_not_seen(site_tree, monkeypatch):
    """The report has read the watermark when a fold moves it: the rows the fold takes
    in must not be counted twice, once in the new tallies and once live."""
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_POSTGRES)
    pledge = PledgePageFactory(parent=site_tree["home"], slug="rush")
    _confirmed_over_days(pledge)
    fold(pledge.pk)
    # Signed a minute ago: after the watermark, so read live until the fold below.
    Signature.objects.bulk_create(
        Signature(pledge=pledge, signer_type="individual", email_canonical=f"new{n}@example.org")
        for n in range(10)
    )
    later = timezone.now() + datetime.timedelta(hours=1)
    tallied = tallies._tallied

    def fold_first(pledge_id, folded_until, chart_from):
        worker = threading.Thread(target=_in_thread(fold), args=(pledge_id, later))
        worker.start()
        worker.join()
        return tallied(pledge_id, folded_until, chart_from)

    monkeypatch.setattr(tallies, "_tallied", fold_first)
    report = pledge_report(pledge)
    assert sum(row["count"] for row in report["by_status"]) == ROWS + 10
    assert report["total"] == ROWS
