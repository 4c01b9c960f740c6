"""Pledge reports: signatures per day, and where they came from.

The figures come from `pledges.tallies`: per-day tallies folded in the
background plus the signatures since, so a cold report reads about ten thousand
tally rows and a small index range rather than all of a pledge's rows. Every
breakdown is summed here from one set of (status, type, partner, utm_source)
groups. A report is still kept in the shared cache for `REPORT_SECONDS`, and
says how old its figures are; days are the site's time zone's.
"""

import datetime
from collections import Counter

from django.core.cache import cache
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from pledges.counts import signature_counts
from pledges.models import Partner, PledgePage, Signature
from pledges.tallies import fold_if_behind, report_figures, zone

from .actions import pending_councils
from .base import AdminTemplateView, PledgesViewSet
from .chart import bar_chart
from .permissions import can_export, can_invalidate, can_verify

CHART_DAYS = 90
TOP_SOURCES = 20
REPORT_SECONDS = 120
NO_PARTNER = "No partner (our own site)"


def chart_start(pledge, today):
    """The last 90 days, or fewer if the pledge opened more recently."""
    start = today - datetime.timedelta(days=CHART_DAYS - 1)
    opened = pledge.opens_at or pledge.first_published_at
    if opened:
        start = max(start, timezone.localdate(opened, timezone=zone()))
    return min(start, today)


def daily_series(days, start, today):
    """[(date, counted signatures confirmed that day)] for every day from start to today."""
    return [
        (
            start + datetime.timedelta(days=offset),
            days.get(start + datetime.timedelta(days=offset), 0),
        )
        for offset in range((today - start).days + 1)
    ]


def breakdown(queryset, field, label=None):
    """[{label, count}] of a queryset grouped by one field, biggest first: one query."""
    rows = queryset.values(field).annotate(n=Count("pk")).order_by("-n", field)
    return [
        {"label": label(row[field]) if label else row[field], "count": row["n"]} for row in rows
    ]


def _top(rows, limit):
    """The biggest rows, and the rest summed as "Others", for free-text sources."""
    if len(rows) <= limit:
        return rows
    others = sum(row["count"] for row in rows[limit:])
    return [*rows[:limit], {"label": f"Others ({len(rows) - limit})", "count": others}]


def _summed(groups, index, label):
    """[{label, count}] of the figures' groups summed by one dimension, biggest first."""
    totals = {}
    for key, count in groups.items():
        if count:
            totals[key[index]] = totals.get(key[index], 0) + count
    rows = sorted(totals.items(), key=lambda item: (-item[1], str(item[0] or "")))
    return [{"label": label(value), "count": count} for value, count in rows if count]


def _breakdowns(figures):
    """Every breakdown of the report, from the figures' groups."""
    partners = dict(Partner.objects.values_list("pk", "name"))
    every, counted = Counter(), Counter()
    for (status, signer_type, partner_id, utm_source), count in figures.groups.items():
        # A partner deleted since its signatures were tallied: they have none now.
        key = (status, signer_type, partner_id if partner_id in partners else None, utm_source)
        every[key] += count
        if Signature(status=status, signer_type=signer_type).is_counted:
            counted[key] += count
    types = dict(Signature.SignerType.choices)
    statuses = dict(Signature.Status.choices)
    return {
        "by_type": _summed(counted, 1, types.get),
        "by_status": _summed(every, 0, statuses.get),
        "by_partner": _summed(counted, 2, lambda pk: partners.get(pk) or NO_PARTNER),
        "by_utm_source": _top(_summed(counted, 3, lambda source: source or "(none)"), TOP_SOURCES),
    }


def pledge_report(pledge, today=None, figures=report_figures):
    """The report's figures; `figures` reads them (the tests pass the table's own)."""
    today = today or timezone.localdate(timezone=zone())
    start = chart_start(pledge, today)
    figures = figures(pledge.pk, chart_from=start)
    breakdowns = _breakdowns(figures)
    total = sum(row["count"] for row in breakdowns["by_type"])
    series = daily_series(figures.days, start, today)
    return {
        "total": total,
        "goal": pledge.goal,
        "progress": round(100 * total / pledge.goal) if pledge.goal else None,
        "start": start,
        "series": series,
        "in_chart": sum(count for _day, count in series),
        "peak": max(series, key=lambda item: item[1]) if series else None,
        "chart": bar_chart(series),
        **breakdowns,
        "as_of": timezone.now(),
    }


def report_cache_key(pledge):
    # The goal is in the key, so raising it shows at once.
    return f"pledges:admin:report:{pledge.pk}:{pledge.goal}"


def cached_report(pledge):
    """The report, at most `REPORT_SECONDS` old: staff reload it, signatures keep coming."""
    key = report_cache_key(pledge)
    report = cache.get(key)
    if report is None:
        report = pledge_report(pledge)
        cache.set(key, report, REPORT_SECONDS)
        fold_if_behind(pledge.pk)
    return report


class ReportIndexView(AdminTemplateView):
    template_name = "pledges/admin/reports/index.html"
    page_title = "Pledge reports"
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The public counts' cache (one GROUP BY a pledge when it is cold), not a
        # count over every signature of every pledge on each visit.
        waiting = dict(pending_councils().values_list("pledge").annotate(n=Count("pk")))
        context["pledges"] = [
            {
                "pledge": pledge,
                "counted": signature_counts(pledge.pk)["total"],
                "waiting": waiting.get(pledge.pk, 0),
            }
            for pledge in PledgePage.objects.order_by("title")
        ]
        return context


class ReportView(AdminTemplateView):
    template_name = "pledges/admin/reports/detail.html"
    page_title = "Pledge report"
    header_icon = "doc-full"
    parent_crumbs = [("Pledge reports", "pledge_reports:index")]

    def get_page_subtitle(self):
        return self.pledge.title

    def get(self, request, *args, **kwargs):
        self.pledge = get_object_or_404(PledgePage, pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        signatures_url = f"{reverse('pledge_signatures:index')}?pledge={self.pledge.pk}"
        context.update(
            pledge=self.pledge,
            report=cached_report(self.pledge),
            signatures_url=signatures_url,
            export_url=f"{signatures_url}&export=csv" if can_export(user) else None,
            edit_url=(
                reverse("wagtailadmin_pages:edit", args=[self.pledge.pk])
                if self.pledge.permissions_for_user(user).can_edit()
                else None
            ),
            invalidation_url=(
                f"{reverse('pledge_invalidation:index')}?pledge={self.pledge.pk}"
                if can_invalidate(user)
                else None
            ),
            verification_url=reverse("pledge_verification:index") if can_verify(user) else None,
        )
        return context


class ReportViewSet(PledgesViewSet):
    name = "pledge_reports"
    url_prefix = "pledges/reports"
    icon = "doc-full"
    menu_label = "Reports"
    views = [("", ReportIndexView, "index"), ("<int:pk>/", ReportView, "detail")]
