"""The pledge report's tallies against the signature table, through the real services.

Each check computes the report twice, from the tallies (with what is read
live) and straight from the table, and wants the same figures. The days are
driven by a clock the services read, so signatures are made and confirmed on
different days and on either side of the fold's watermark.
"""

import datetime
import io
import itertools
import zoneinfo
from collections import Counter

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from pledges import signing, tallies
from pledges.admin import actions
from pledges.admin.bulk_actions import RejectBulkAction, VerifyBulkAction
from pledges.admin.reports import pledge_report
from pledges.maintenance import purge_unconfirmed
from pledges.models import Partner, ReportFold, ReportStaleDay, ReportTally, Signature
from pledges.tallies import figures_from_table, fold, report_figures
from tests.factories import LocalAuthorityFactory, PledgePageFactory
from tests.pledges.helpers import council, individual, make_signature, organisation

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")
_numbers = itertools.count(1)


class Clock:
    """timezone.now() and Signature.created_at's default, set by the test."""

    def __init__(self, monkeypatch, start):
        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)
        field = Signature._meta.get_field("created_at")
        monkeypatch.setattr(field, "_get_default", lambda: self.now)

    def at(self, day, hour, minute=0):
        self.now = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)
        return self.now


@pytest.fixture
def scene(site_tree, monkeypatch, sign):
    first_day = datetime.date(2026, 3, 2)
    clock = Clock(monkeypatch, datetime.datetime(2026, 3, 2, 9, tzinfo=LONDON))
    home = site_tree["home"]
    pledge = PledgePageFactory(parent=home, title="Main", allow_councils=True)
    other = PledgePageFactory(parent=home, title="Other")
    network = Partner.objects.create(name="Network", slug="network")
    trust = Partner.objects.create(name="Trust", slug="trust")
    councils = [LocalAuthorityFactory(gss_code=f"E0800{n:04d}") for n in range(4)]
    staff = User.objects.create_superuser("staff", "staff@example.org", "x")

    def signs(target, fields):
        n = next(_numbers)
        fields = {**fields, "email": f"s{n}@example.org"}
        result = sign(target, headers={"REMOTE_ADDR": f"10.0.{n // 200}.{n % 200}"}, **fields)
        assert result["ok"], result
        return Signature.objects.get(email=fields["email"])

    return {
        "day": first_day,
        "clock": clock,
        "pledge": pledge,
        "other": other,
        "network": network,
        "trust": trust,
        "councils": councils,
        "staff": staff,
        "signs": signs,
    }


def _normalised(figures):
    partners = set(Partner.objects.values_list("pk", flat=True))
    groups = Counter()
    for (status, kind, partner_id, source), n in figures.groups.items():
        groups[(status, kind, partner_id if partner_id in partners else None, source)] += n
    return (
        {key: n for key, n in groups.items() if n},
        {day: n for day, n in figures.days.items() if n},
    )


def _report(pledge, today, **figures):
    report = pledge_report(pledge, today, **figures)
    report.pop("as_of")
    return report


def assert_matches_table(scene, folded=True):
    for pledge in (scene["pledge"], scene["other"]):
        assert _normalised(report_figures(pledge.pk)) == _normalised(figures_from_table(pledge.pk))
    pledge, today = scene["pledge"], timezone.localdate(timezone.now(), LONDON)
    assert _report(pledge, today) == _report(pledge, today, figures=figures_from_table)
    if folded:  # so that the tallies, not the table, answered
        assert ReportFold.objects.get(pledge=pledge).folded_until is not None
        assert ReportTally.objects.filter(pledge=pledge).exists()


def test_tallies_equal_the_table_through_a_campaign(scene):
    clock, day, pledge, other = scene["clock"], scene["day"], scene["pledge"], scene["other"]
    signs, staff = scene["signs"], scene["staff"]
    leeds, york, hull, bath = scene["councils"]
    days = [day + datetime.timedelta(days=n) for n in range(12)]

    # Day 0: people, an organisation and councils, some through partners.
    clock.at(days[0], 9)
    ada = signs(pledge, individual(partner="network", utmSource="newsletter"))
    bob = signs(pledge, individual(partner="trust"))
    cy = signs(pledge, individual(utmSource="press"))
    late = signs(pledge, individual(partner="network", utmSource="newsletter"))
    never = signs(pledge, individual())
    org = signs(pledge, organisation(utmSource="press"))
    leeds_signs = signs(pledge, council(leeds.gss_code))
    york_signs = signs(pledge, council(york.gss_code))
    elsewhere = signs(other, individual())
    for signature in (ada, bob, cy, org, leeds_signs, york_signs, elsewhere):
        signing.confirm(signature.pk)
    assert_matches_table(scene, folded=False)

    clock.at(days[0], 23, 50)
    tallies.fold_all()
    assert ReportFold.objects.get(pledge=pledge).folded_until == clock.now - tallies.MARGIN
    assert_matches_table(scene)

    # Day 1, each change alone on its day since the last fold, so none hides another's.
    def check(*_done):
        """Called with the step as its argument, so each step reads as checked."""
        assert_matches_table(scene)

    clock.at(days[1], 8)
    check(signing.confirm(late.pk))  # made before the watermark, confirmed after it
    check(signing.withdraw(bob.pk))
    check(fold(pledge.pk))
    check(actions.verify(leeds_signs, staff))
    check(fold(pledge.pk))
    check(RejectBulkAction.execute_action([york_signs], user=staff, reason="Not a decision"))
    dan = signs(pledge, individual(partner="trust", utmSource="press"))
    check(signing.confirm(dan.pk))
    hull_signs = signs(pledge, council(hull.gss_code))
    check(signing.confirm(hull_signs.pk))
    signs(pledge, individual(utmSource="press"))  # never confirmed: purged on day 11
    slow = signs(pledge, organisation(utmSource="press"))  # confirmed on day 10
    clock.at(days[1], 18)
    check(fold(pledge.pk))

    # Day 3: a partner goes, staff change their minds, a spam run is invalidated.
    clock.at(days[3], 10)
    check(scene["network"].delete())
    check(VerifyBulkAction.execute_action([Signature.objects.get(pk=york_signs.pk)], user=staff))
    check(RejectBulkAction.execute_action([Signature.objects.get(pk=leeds_signs.pk)], user=staff))
    spam = [signs(pledge, individual(utmSource="spam")) for _ in range(3)]
    signs(pledge, organisation(partner="trust"))  # never confirmed: purged on day 11
    signing.confirm(spam[0].pk)
    check(fold(pledge.pk))  # folds day 3 so far, spam and all
    clock.at(days[3], 11)
    spammed = Signature.objects.filter(pk__in=[s.pk for s in spam] + [cy.pk])
    check(actions.invalidate(spammed, staff, "Bots"))
    check(signing.anonymise(Signature.objects.filter(pk__in=[ada.pk, dan.pk])))
    check(signing.withdraw(never.pk))  # a pending signature taken back
    check(fold(pledge.pk))
    assert not ReportStaleDay.objects.filter(pledge=pledge).exists()

    # Day 10: a day-1 sign-up confirmed at last, older than the watermark's day.
    clock.at(days[10], 10)
    check(signing.confirm(slow.pk))
    lingering = signs(pledge, individual())
    clock.at(days[10], 20)
    check(fold(pledge.pk))
    # Day 11: unconfirmed sign-ups of days 1 and 3 are purged.
    clock.at(days[11], 6)
    check(signing.confirm(spam[1].pk))  # rejected: confirming leaves it alone
    bath_signs = signs(pledge, council(bath.gss_code))
    check(signing.confirm(bath_signs.pk))
    check(fold(pledge.pk))
    assert purge_unconfirmed() == 2
    check()
    check(signing.confirm(lingering.pk))  # made before the last fold, confirmed after it
    check(fold(pledge.pk))
    check(fold(pledge.pk))  # again, with nothing new

    # A rebuild gives the same figures; a deleted pledge takes its tallies with it.
    before = _report(pledge, days[11])
    tallies.fold_all(rebuild=True)
    assert _report(pledge, days[11]) == before
    other.delete()
    assert not ReportTally.objects.filter(pledge_id=scene["other"].pk).exists()
    assert_matches_table({**scene, "other": pledge})


def test_a_fold_never_moves_its_watermark_back(scene):
    clock, pledge = scene["clock"], scene["pledge"]
    clock.at(scene["day"], 12)
    scene["signs"](pledge, individual())
    fold(pledge.pk)
    folded = ReportFold.objects.get(pledge=pledge).folded_until
    fold(pledge.pk, now=clock.now - datetime.timedelta(hours=1))
    assert ReportFold.objects.get(pledge=pledge).folded_until == folded


def test_confirming_and_signing_write_nothing_for_the_tallies(scene):
    """The signing path stays as it was: only the fold and the report read for tallies."""
    clock, pledge = scene["clock"], scene["pledge"]
    clock.at(scene["day"], 12)
    fold(pledge.pk)
    clock.at(scene["day"], 13)
    signature = scene["signs"](pledge, individual())
    signing.confirm(signature.pk)
    assert not ReportStaleDay.objects.exists()


def test_the_commands_fold_and_rebuild_every_pledge(scene):
    clock, pledge = scene["clock"], scene["pledge"]
    clock.at(scene["day"], 12)
    signing.confirm(scene["signs"](pledge, individual()).pk)
    clock.at(scene["day"], 13)
    out = io.StringIO()
    call_command("fold_report_tallies", stdout=out)
    assert "of 2 pledge(s)" in out.getvalue()
    assert ReportTally.objects.get(pledge=pledge).signatures == 1
    # A row written behind the services, on a folded day: only a rebuild sees it.
    moment = clock.now - datetime.timedelta(minutes=30)
    make_signature(pledge, status="confirmed", confirmed_at=moment, created_at=moment)
    assert report_figures(pledge.pk).days == {scene["day"]: 1}
    call_command("rebuild_report_tallies", stdout=out)
    assert report_figures(pledge.pk).days == {scene["day"]: 2}
    assert _normalised(report_figures(pledge.pk)) == _normalised(figures_from_table(pledge.pk))


def test_a_folded_report_reads_the_same_queries_whatever_its_days(scene):
    """Tallies, marks and live rows: no query a day or a signature."""
    clock, pledge, other = scene["clock"], scene["pledge"], scene["other"]
    for offset, target in itertools.product(range(20), (pledge, other)):
        if offset < 2 or target is pledge:
            clock.at(scene["day"] + datetime.timedelta(days=offset), 12)
            signing.confirm(scene["signs"](target, individual()).pk)
    clock.at(scene["day"] + datetime.timedelta(days=20), 12)
    tallies.fold_all()
    counts = {}
    for target in (pledge, other):
        with CaptureQueriesContext(connection) as queries:
            report = pledge_report(target)
        counts[target.title] = len(queries)
    assert counts["Main"] == counts["Other"]
    assert report["total"] == 2


def test_a_bulk_change_over_many_days_folds_them_at_once(scene, commit):
    clock, pledge, staff = scene["clock"], scene["pledge"], scene["staff"]
    for offset in range(5):
        clock.at(scene["day"] + datetime.timedelta(days=offset), 12)
        signing.confirm(scene["signs"](pledge, individual()).pk)
    fold(pledge.pk)
    with commit():
        actions.invalidate(Signature.objects.filter(pledge=pledge), staff, "A bot run")
    assert not ReportStaleDay.objects.exists()  # folded after the commit, not left to cron
    assert report_figures(pledge.pk).days == {}
    assert_matches_table(scene)


def test_a_report_asks_for_a_fold_when_the_schedule_has_not_run(scene, commit):
    """Without cron, each report would read ever more of the table live."""
    from django.core.cache import cache

    from pledges.admin.reports import cached_report

    clock, pledge = scene["clock"], scene["pledge"]
    clock.at(scene["day"], 10)
    scene["signs"](pledge, individual())
    clock.at(scene["day"], 11)
    with commit():
        cached_report(pledge)  # never folded: a fold is asked for (and, here, run)
    first = ReportFold.objects.get(pledge=pledge).folded_until
    assert first == clock.now - tallies.MARGIN

    clock.at(scene["day"], 11, 10)  # within BEHIND of the last fold: left to the schedule
    cache.clear()
    with commit():
        cached_report(pledge)
    assert ReportFold.objects.get(pledge=pledge).folded_until == first

    clock.at(scene["day"], 11, 30)
    cache.clear()
    with commit():
        cached_report(pledge)
    assert ReportFold.objects.get(pledge=pledge).folded_until == clock.now - tallies.MARGIN
