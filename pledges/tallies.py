"""The pledge report's roll-up: tallies folded in the background, the rest read live.

A report needs, for one pledge, how many signatures share each (status, type,
partner, utm_source), and how many counted ones were confirmed on each day.
Read from the signature table that is two GROUP BYs over every row of the
pledge; here it is the sum of `ReportTally` rows plus the few signatures the
tallies do not hold yet.

The fold (`fold`, every few minutes from cron or its task) aggregates a
pledge's signatures made before a watermark, `folded_until`, into one set of
tally rows per day of `created_at`. The report then adds, live:

- signatures made since the watermark (an index range on created_at);
- every signature of a day marked stale: withdrawal, staff verification,
  rejection and invalidation, and the purge of unconfirmed sign-ups, each mark
  the signature's day in the transaction that changes it (`mark_changed`);
- signatures made before the watermark and confirmed after it. Confirming
  marks nothing, so that the signing path stays as it was: instead the fold
  tallies a signature confirmed at or after its watermark as still pending (as
  it was at the watermark), and the report moves each such signature from
  pending to what it is now (an index range on confirmed_at).

A day's tally is a function of that day's rows and the watermark alone, so a
fold recomputes whole days: those the watermark moved across, those with a
signature confirmed in between, and the stale ones. The watermark stays
`MARGIN` behind the clock, so a signing or confirming transaction still open
when the fold reads has a timestamp after it. Days are the site's time zone's.
"""

import datetime
import zoneinfo
from collections import Counter

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, Count, DateField, F, Q, Sum, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import ReportFold, ReportStaleDay, ReportTally, Signature, counted_condition

DIMENSIONS = ("status", "signer_type", "partner_id", "utm_source")
PENDING = Signature.Status.PENDING
MARGIN = datetime.timedelta(minutes=5)
# More stale days than this from one change (a bulk invalidation, the purge) fold at once.
STALE_DAYS_TO_WAIT = 3
# Twice the scheduled fold's interval past its margin: a report asks for a fold itself.
BEHIND = MARGIN + datetime.timedelta(minutes=10)


def zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def day_of(moment):
    return moment.astimezone(zone()).date()


def day_start(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone())


def _on_days(days):
    """Signatures made on any of `days`, as ranges of created_at (an index range each)."""
    condition = Q(pk__in=[])
    for day in sorted(days):
        condition |= Q(
            created_at__gte=day_start(day),
            created_at__lt=day_start(day + datetime.timedelta(days=1)),
        )
    return condition


def _confirmed_day(until=None):
    day = TruncDate("confirmed_at", tzinfo=zone())
    cases = [When(counted_condition(), then=day)]
    if until is not None:
        cases.insert(0, When(confirmed_at__gte=until, then=Value(None)))
    return Case(*cases, default=Value(None), output_field=DateField())


class Figures:
    """What a report is made from: signatures by DIMENSIONS, counted ones by day confirmed."""

    def __init__(self):
        self.groups = Counter()
        self.days = Counter()

    def add_rows(self, rows, sign=1):
        """Rows of DIMENSIONS, `confirmed_on` and `n`."""
        for row in rows:
            self.groups[tuple(row[name] for name in DIMENSIONS)] += sign * row["n"]
            if row["confirmed_on"] is not None:
                self.days[row["confirmed_on"]] += sign * row["n"]


def _grouped(queryset, until=None, by_day=False):
    """Signatures grouped as tallies hold them; with `until`, those confirmed at or
    after it count as pending, as they were then."""
    status = F("status")
    if until is not None:
        status = Case(When(confirmed_at__gte=until, then=Value(PENDING)), default=F("status"))
    keys = ["tally_status", *DIMENSIONS[1:], "confirmed_on"]
    if by_day:
        queryset = queryset.annotate(day=TruncDate("created_at", tzinfo=zone()))
        keys.append("day")
    rows = (
        queryset.annotate(tally_status=status, confirmed_on=_confirmed_day(until))
        .values(*keys)
        .annotate(n=Count("pk"))
        .order_by()
    )
    grouped = []
    for row in rows:
        row["status"] = row.pop("tally_status")
        grouped.append(row)
    return grouped


def figures_from_table(pledge_id, chart_from=None):
    """The figures read from every signature of the pledge: before the first fold, and
    the oracle the tests hold the tallies to."""
    figures = Figures()
    rows = Signature.objects.filter(pledge_id=pledge_id)
    figures.add_rows(
        {**row, "confirmed_on": None}
        for row in rows.values(*DIMENSIONS).annotate(n=Count("pk")).order_by()
    )
    counted = rows.filter(counted_condition())
    if chart_from is not None:
        counted = counted.filter(confirmed_at__gte=day_start(chart_from))
    days = counted.annotate(day=TruncDate("confirmed_at", tzinfo=zone())).values("day")
    for row in days.annotate(n=Count("pk")).order_by():
        figures.days[row["day"]] += row["n"]
    return figures


def _tallied(pledge_id, folded_until, chart_from):
    stale = set(ReportStaleDay.objects.filter(pledge_id=pledge_id).values_list("day", flat=True))
    figures = Figures()
    tallies = ReportTally.objects.filter(pledge_id=pledge_id).exclude(day__in=stale)
    figures.add_rows(
        {**row, "confirmed_on": None}
        for row in tallies.values(*DIMENSIONS).annotate(n=Sum("signatures")).order_by()
    )
    charted = tallies.filter(confirmed_on__isnull=False)
    if chart_from is not None:
        charted = charted.filter(confirmed_on__gte=chart_from)
    for row in charted.values("confirmed_on").annotate(n=Sum("signatures")).order_by():
        figures.days[row["confirmed_on"]] += row["n"]

    rows = Signature.objects.filter(pledge_id=pledge_id)
    figures.add_rows(_grouped(rows.filter(Q(created_at__gte=folded_until) | _on_days(stale))))
    late = rows.filter(created_at__lt=folded_until, confirmed_at__gte=folded_until)
    late = _grouped(late.exclude(_on_days(stale)))
    figures.add_rows(late)
    figures.add_rows(({**row, "status": PENDING, "confirmed_on": None} for row in late), sign=-1)
    return figures


def report_figures(pledge_id, chart_from=None):
    """The pledge's figures, from its tallies once folded, all read in one snapshot."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        fold = ReportFold.objects.filter(pledge_id=pledge_id, folded_until__isnull=False).first()
        if fold is None:
            return figures_from_table(pledge_id, chart_from)
        return _tallied(pledge_id, fold.folded_until, chart_from)


def fold_if_behind(pledge_id, now=None):
    """Ask a worker to fold a pledge whose tallies are over `BEHIND` old (or were
    never made): the schedule may be missing, and each minute unfolded is read
    live by every report. True if a fold was asked for."""
    fold = ReportFold.objects.filter(pledge_id=pledge_id).values_list("folded_until", flat=True)
    folded_until = fold.first()
    if folded_until is not None and folded_until >= (now or timezone.now()) - BEHIND:
        return False
    from .maintenance import fold_report_tallies_task

    transaction.on_commit(lambda: fold_report_tallies_task.enqueue([pledge_id]))
    return True


def mark_changed(signatures):
    """Call in the transaction that changes the status, partner or source of these
    signatures, or deletes them: their days are folded again. Returns the pledge ids."""
    if isinstance(signatures, Signature):
        pairs = {(signatures.pledge_id, day_of(signatures.created_at))}
    else:
        days = signatures.annotate(day=TruncDate("created_at", tzinfo=zone()))
        pairs = set(days.values_list("pledge_id", "day").order_by().distinct())
    ReportStaleDay.objects.bulk_create(ReportStaleDay(pledge_id=p, day=d) for p, d in pairs)
    pledge_ids = {pledge_id for pledge_id, _day in pairs}
    if len(pairs) > STALE_DAYS_TO_WAIT:
        # Each stale day is read live until folded: after a bulk change, fold now.
        from .maintenance import fold_report_tallies_task

        ids = sorted(pledge_ids)
        transaction.on_commit(lambda: fold_report_tallies_task.enqueue(ids))
    return pledge_ids


def _days_to_fold(rows, since, until, stale):
    """Every day whose tally the move of the watermark from `since` to `until` changes."""
    days = set(stale)
    day, last = day_of(since), day_of(until)
    while day <= last:
        days.add(day)
        day += datetime.timedelta(days=1)
    confirmed = rows.filter(created_at__lt=since, confirmed_at__gte=since, confirmed_at__lt=until)
    confirmed = confirmed.annotate(day=TruncDate("created_at", tzinfo=zone()))
    days.update(confirmed.values_list("day", flat=True).order_by().distinct())
    return days


def fold(pledge_id, now=None, rebuild=False):
    """Bring the pledge's tallies up to MARGIN before now; `rebuild` remakes every day.
    Returns the number of days folded (None for all of them)."""
    until = (now or timezone.now()) - MARGIN
    ReportFold.objects.get_or_create(pledge_id=pledge_id)
    with transaction.atomic():
        # One fold a pledge at a time; reports do not wait for it.
        state = ReportFold.objects.select_for_update().get(pledge_id=pledge_id)
        since = None if rebuild else state.folded_until
        if since is not None and until < since:
            until = since
        marks = list(ReportStaleDay.objects.filter(pledge_id=pledge_id).values_list("pk", "day"))
        rows = Signature.objects.filter(pledge_id=pledge_id, created_at__lt=until)
        tallies = ReportTally.objects.filter(pledge_id=pledge_id)
        days = None
        if since is not None:
            days = _days_to_fold(rows, since, until, {day for _pk, day in marks})
            rows = rows.filter(_on_days(days))
            tallies = tallies.filter(day__in=days)
        tallies.delete()
        ReportTally.objects.bulk_create(
            (
                ReportTally(pledge_id=pledge_id, signatures=row.pop("n"), **row)
                for row in _grouped(rows, until=until, by_day=True)
            ),
            batch_size=2000,
        )
        ReportStaleDay.objects.filter(pk__in=[pk for pk, _day in marks]).delete()
        state.folded_until = until
        state.save(update_fields=["folded_until"])
    return None if days is None else len(days)


def fold_all(pledge_ids=None, now=None, rebuild=False):
    """Fold these pledges, or every one; returns {pledge_id: days folded}."""
    from .models import PledgePage

    if pledge_ids is None:
        pledge_ids = PledgePage.objects.values_list("pk", flat=True)
    return {pledge_id: fold(pledge_id, now=now, rebuild=rebuild) for pledge_id in pledge_ids}
