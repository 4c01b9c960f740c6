"""Public counts: from the table, cached by generation, refreshed after commit, reconciled.

The concurrency tests need PostgreSQL (SQLite serialises writers with a file
lock); run them with DATABASE_URL=postgres://… and REDIS_URL=redis://… so the
cache is shared as it is in production.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from io import StringIO

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

import pytest

from pledges import counts, signing
from pledges.counts import count_from_table, signature_counts
from pledges.maintenance import reconcile_counts_task
from pledges.models import PledgePage, Signature
from tests.factories import PledgePageFactory
from tests.pledges.helpers import individual, link, make_signature

pytestmark = pytest.mark.django_db

ZERO = {"individual": 0, "organisation": 0, "council": 0, "total": 0}
NEEDS_POSTGRES = "needs PostgreSQL: concurrent writers (run with DATABASE_URL=postgres://…)"


def _cached(pledge_id):
    generation = cache.get(counts._generation_key(pledge_id), 0)
    return cache.get(counts._counts_key(pledge_id, generation))


def _tamper(pledge_id, total):
    generation = cache.get(counts._generation_key(pledge_id), 0)
    fake = {**ZERO, "individual": total, "total": total}
    cache.set(counts._counts_key(pledge_id, generation), fake, counts.TIMEOUT)


@pytest.fixture
def mixed_pledge(site_tree):
    return PledgePageFactory(parent=site_tree["home"], slug="mixed", allow_councils=True, goal=4)


def test_only_confirmed_signatures_count(mixed_pledge, leeds, commit):
    pledge = mixed_pledge
    people = [make_signature(pledge, email=f"p{n}@example.org") for n in range(3)]
    org = make_signature(pledge, email="o@example.org", signer_type="organisation")
    council = make_signature(
        pledge, email="c@leeds.gov.uk", signer_type="council", local_authority=leeds
    )
    assert signature_counts(pledge.pk) == ZERO

    with commit():
        for signature in (*people[:2], org, council):
            signing.confirm(signature.pk)
    assert signature_counts(pledge.pk) == {
        "individual": 2,
        "organisation": 1,
        "council": 0,  # confirmed, but not yet verified by staff
        "total": 3,
    }

    with commit():
        signing.verify_council(council, True)
    assert signature_counts(pledge.pk) == {
        "individual": 2,
        "organisation": 1,
        "council": 1,
        "total": 4,
    }
    assert signature_counts(pledge.pk) == count_from_table(pledge.pk)


def test_cached_count_is_refreshed_after_commit(pledge, django_capture_on_commit_callbacks):
    signature = make_signature(pledge)
    assert signature_counts(pledge.pk)["total"] == 0  # now cached
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        signing.confirm(signature.pk)
    # Before commit the cached total stands; the row has changed.
    assert signature_counts(pledge.pk)["total"] == 0
    assert count_from_table(pledge.pk)["total"] == 1
    for callback in callbacks:
        callback()
    assert signature_counts(pledge.pk)["total"] == 1


def test_a_generation_evicted_mid_bump_still_moves_on(pledge, commit, monkeypatch):
    """Redis may evict the generation key between add() and incr(); the bump must still land."""
    signature = make_signature(pledge)
    assert signature_counts(pledge.pk)["total"] == 0  # now cached under generation 0
    add = cache.add

    def add_then_evict(key, *args, **kwargs):
        added = add(key, *args, **kwargs)
        cache.delete(key)
        return added

    monkeypatch.setattr(cache, "add", add_then_evict)
    with commit():
        signing.confirm(signature.pk)
    monkeypatch.undo()
    assert signature_counts(pledge.pk)["total"] == 1
    with commit():  # and the next bump counts on from there
        signing.confirm(make_signature(pledge, email="second@example.org").pk)
    assert signature_counts(pledge.pk)["total"] == 2


def test_withdrawal_lowers_the_count(pledge, commit):
    signatures = [make_signature(pledge, email=f"w{n}@example.org") for n in range(2)]
    with commit():
        for signature in signatures:
            signing.confirm(signature.pk)
    assert signature_counts(pledge.pk)["total"] == 2
    with commit():
        signing.withdraw(signatures[0].pk)
    assert signature_counts(pledge.pk)["total"] == 1
    with commit():
        signing.withdraw(signatures[0].pk)  # twice is harmless
    assert signature_counts(pledge.pk)["total"] == 1


def test_staff_invalidation_lowers_the_count(pledge, leeds, commit):
    bad_ip = "f" * 32
    spam = [
        make_signature(pledge, email=f"bot{n}@spam.example", ip_hash=bad_ip, name=f"Bot {n}")
        for n in range(3)
    ]
    good = make_signature(pledge, email="real@example.org", ip_hash="a" * 32)
    withdrawn = make_signature(
        pledge, email="gone@spam.example", ip_hash=bad_ip, status=Signature.Status.WITHDRAWN
    )
    with commit():
        for signature in (*spam[:2], good):
            signing.confirm(signature.pk)
    assert signature_counts(pledge.pk)["total"] == 3

    with commit():
        changed = signing.invalidate(
            Signature.objects.filter(email__endswith="@spam.example"), "Spam wave, 3 May"
        )
    assert changed == 3  # the withdrawn one is left alone
    assert signature_counts(pledge.pk)["total"] == 1
    for signature in spam:
        signature.refresh_from_db()
        assert signature.status == Signature.Status.REJECTED
        assert signature.status_reason == "Spam wave, 3 May"
    withdrawn.refresh_from_db()
    assert withdrawn.status == Signature.Status.WITHDRAWN
    # An invalidated signature cannot be confirmed back into the count.
    with commit():
        signing.confirm(spam[2].pk)
    assert signature_counts(pledge.pk)["total"] == 1


def test_invalidation_by_ip_hash_across_pledges(pledge, mixed_pledge, commit):
    bad_ip = "e" * 32
    one = make_signature(pledge, email="a@x.org", ip_hash=bad_ip)
    two = make_signature(mixed_pledge, email="a@x.org", ip_hash=bad_ip)
    with commit():
        signing.confirm(one.pk)
        signing.confirm(two.pk)
    assert signature_counts(pledge.pk)["total"] == signature_counts(mixed_pledge.pk)["total"] == 1
    with commit():
        signing.invalidate(Signature.objects.filter(ip_hash=bad_ip), "Same address")
    assert signature_counts(pledge.pk)["total"] == signature_counts(mixed_pledge.pk)["total"] == 0


def test_rejecting_a_verified_council_lowers_the_count(mixed_pledge, leeds, commit):
    council = make_signature(
        mixed_pledge,
        email="c@leeds.gov.uk",
        signer_type="council",
        local_authority=leeds,
        status=Signature.Status.CONFIRMED,
    )
    with commit():
        signing.verify_council(council, True)
    assert signature_counts(mixed_pledge.pk)["council"] == 1
    with commit():
        signing.verify_council(council, False, "Signed in error")
    assert signature_counts(mixed_pledge.pk)["council"] == 0


def test_counts_in_the_api_and_on_the_page(pledge, sign, client, commit, gql):
    PledgePage.objects.filter(pk=pledge.pk).update(count_shown_from=2)
    for n in range(3):
        with commit():
            sign(pledge, headers={"REMOTE_ADDR": f"192.0.2.{n}"}, **individual(f"c{n}@example.org"))
    for n in range(2):
        with commit():
            client.post(link("confirm", to=f"c{n}@example.org"))
    data = gql(
        "query($id: ID) { page(id: $id) { ... on PledgePage { goal progress "
        "signatureCounts { total individual organisation council } } } }",
        {"id": str(pledge.pk)},
    )["data"]["page"]
    assert data["signatureCounts"] == {"total": 2, "individual": 2, "organisation": 0, "council": 0}
    assert data["progress"] == pytest.approx(2 / pledge.goal)
    page = client.get(pledge.url).content.decode()
    assert "data-signature-total>2</strong> signatures of a goal of 10" in page


@pytest.mark.parametrize(
    ("shown_from", "confirmed", "shown"),
    [(10, 9, False), (10, 10, True), (0, 0, False), (0, 1, True)],
)
def test_no_count_below_the_pledges_minimum(pledge, client, gql, shown_from, confirmed, shown):
    """Never '0 signatures': the count and bar appear once enough signatures count."""
    PledgePage.objects.filter(pk=pledge.pk).update(count_shown_from=shown_from)
    for n in range(confirmed):
        make_signature(pledge, email=f"s{n}@example.org", status=Signature.Status.CONFIRMED)
    data = gql(
        "query($id: ID) { page(id: $id) { ... on PledgePage { showSignatureCount } } }",
        {"id": str(pledge.pk)},
    )["data"]["page"]
    assert data["showSignatureCount"] is shown
    page = client.get(pledge.url).content.decode()
    assert ("data-signature-total" in page) is shown
    assert ("<progress" in page) is shown


def test_counts_are_per_pledge(pledge, mixed_pledge, commit):
    with commit():
        signing.confirm(make_signature(pledge, email="x@example.org").pk)
    assert signature_counts(pledge.pk)["total"] == 1
    assert signature_counts(mixed_pledge.pk)["total"] == 0


def test_reconcile_reports_and_repairs_drift(pledge, mixed_pledge, commit):
    with commit():
        for n in range(2):
            signing.confirm(make_signature(pledge, email=f"r{n}@example.org").pk)
    assert signature_counts(pledge.pk)["total"] == 2
    assert signature_counts(mixed_pledge.pk)["total"] == 0

    out = StringIO()
    call_command("reconcile_signature_counts", stdout=out)
    assert "Reconciled; 0 pledge(s) had drifted." in out.getvalue()

    _tamper(pledge.pk, 99)
    assert signature_counts(pledge.pk)["total"] == 99  # the cache is what's served

    out = StringIO()
    call_command("reconcile_signature_counts", stdout=out)
    assert f"Pledge {pledge.pk}: cached 99, counted 2" in out.getvalue()
    assert "Reconciled; 1 pledge(s) had drifted." in out.getvalue()
    assert signature_counts(pledge.pk)["total"] == 2
    assert _cached(pledge.pk)["total"] == 2


def test_reconcile_leaves_the_repaired_count_cached_for_a_minute(
    local_cache, pledge, commit, monkeypatch, django_assert_num_queries
):
    with commit():
        signing.confirm(make_signature(pledge).pk)
    _tamper(pledge.pk, 99)
    counts.reconcile([pledge.pk])
    with django_assert_num_queries(0):  # served from the cache, not counted again
        assert signature_counts(pledge.pk)["total"] == 1
    # A stale count lives a minute at most, even if its generation key is lost.
    a_minute_later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: a_minute_later)
    assert _cached(pledge.pk) is None


def test_a_cached_count_lives_a_minute_at_most(local_cache, pledge, monkeypatch):
    assert signature_counts(pledge.pk)["total"] == 0
    assert _cached(pledge.pk) is not None
    a_minute_later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: a_minute_later)
    assert _cached(pledge.pk) is None


def test_reconcile_task(pledge):
    signing.confirm(make_signature(pledge).pk)
    _tamper(pledge.pk, 7)
    drift = reconcile_counts_task.call()
    assert set(drift) == {str(pledge.pk)}
    cached, counted = drift[str(pledge.pk)]
    assert cached["total"] == 7 and counted["total"] == 1
    assert signature_counts(pledge.pk)["total"] == 1
    assert reconcile_counts_task.call() == {}


def test_count_survives_a_cache_flush(pledge, commit):
    with commit():
        signing.confirm(make_signature(pledge).pk)
    cache.clear()
    assert signature_counts(pledge.pk)["total"] == 1
    with commit():
        signing.confirm(make_signature(pledge, email="second@example.org").pk)
    assert signature_counts(pledge.pk)["total"] == 2


# --- Under concurrency (PostgreSQL) -------------------------------------------------------


def _pending(pledge, number):
    Signature.objects.bulk_create(
        Signature(
            pledge=pledge,
            signer_type=Signature.SignerType.INDIVIDUAL,
            name=f"Signer {n}",
            email=f"signer{n}@example.org",
            email_canonical=f"signer{n}@example.org",
        )
        for n in range(number)
    )
    return list(Signature.objects.filter(pledge=pledge).values_list("pk", flat=True))


def _confirm_in_thread(signature_id):
    try:
        return signing.confirm(signature_id).status
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_200_concurrent_confirmations_count_exactly(site_tree):
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_POSTGRES)
    pledge = PledgePageFactory(parent=site_tree["home"], slug="rush", goal=200)
    ids = _pending(pledge, 200)
    assert signature_counts(pledge.pk)["total"] == 0  # a cached zero to go stale

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(_confirm_in_thread, ids))

    assert statuses == [Signature.Status.CONFIRMED] * 200
    in_table = Signature.objects.filter(pledge=pledge, status=Signature.Status.CONFIRMED).count()
    assert in_table == 200
    assert signature_counts(pledge.pk)["total"] == 200 == in_table
    assert count_from_table(pledge.pk)["total"] == 200
    assert counts.reconcile([pledge.pk]) == {}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_counts_read_while_confirming_end_exact(site_tree):
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_POSTGRES)
    pledge = PledgePageFactory(parent=site_tree["home"], slug="rush", goal=200)
    ids = _pending(pledge, 200)
    # Each signature confirmed twice over, from different threads: still 200.
    work = ids + ids[::-1]
    done = threading.Event()

    def read_until_done():
        seen = []
        try:
            while not done.is_set():
                seen.append(signature_counts(pledge.pk)["total"])
            return seen
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        readers = [pool.submit(read_until_done) for _ in range(6)]
        statuses = list(pool.map(_confirm_in_thread, work))
        done.set()
        seen = [total for reader in readers for total in reader.result()]

    assert statuses == [Signature.Status.CONFIRMED] * 400
    assert seen and all(0 <= total <= 200 for total in seen)
    assert signature_counts(pledge.pk)["total"] == 200
    assert count_from_table(pledge.pk)["total"] == 200
    assert counts.reconcile([pledge.pk]) == {}


def test_large_counts_are_grouped_on_the_page_and_in_the_frame(pledge, client):
    """1,001 signatures read as the widget prints them, not as "1001"."""
    from pledges.identity import canonical_email
    from tests.pledges.embeds import frame_url, make_partner

    PledgePage.objects.filter(pk=pledge.pk).update(goal=25000)
    Signature.objects.bulk_create(
        Signature(
            pledge=pledge,
            name="Someone",
            email=f"s{n}@example.org",
            email_canonical=canonical_email(f"s{n}@example.org"),
            signer_type=Signature.SignerType.INDIVIDUAL,
            status=Signature.Status.CONFIRMED,
        )
        for n in range(1001)
    )
    counts.counts_changed(pledge.pk)
    make_partner()
    for url in (pledge.url, frame_url(pledge)):
        page = client.get(url).content.decode()
        assert "data-signature-total>1,001</strong> signatures of a goal of 25,000" in page
