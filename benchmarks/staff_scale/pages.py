"""The staff pages timed, each beside the same data read by hand.

Each entry is (name, admin URL, baseline): the URL goes through the real
admin view with a logged-in superuser (`django.test.Client`: middleware,
permissions, filters, templates), the baseline reads what that page shows
with the ORM and nothing else, so their ratio is what the admin adds.
"""

import datetime

from django.db.models import Count, Q
from django.urls import reverse

from pledges.admin.actions import pending_councils
from pledges.admin.reports import pledge_report
from pledges.models import PledgePage, Signature
from pledges.tallies import figures_from_table

PER_PAGE = 50
# The "signed between" filter's range, as the filter turns its dates into times.
JANUARY = (
    datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC),
)


def _page(queryset, per_page=PER_PAGE):
    """One listing page and its total, the way a hand-written view would count."""
    return len(list(queryset[:per_page])), queryset.count()


def _listing(**filters):
    def read():
        return _page(
            Signature.objects.filter(**filters)
            .select_related("pledge", "partner", "local_authority")
            .order_by("-created_at", "-pk")
        )

    return read


def _search(query):
    def read():
        condition = Q(name__icontains=query) | Q(organisation__icontains=query)
        condition |= Q(email__icontains=query) | Q(local_authority__name__icontains=query)
        return _page(
            Signature.objects.filter(condition)
            .select_related("pledge", "partner", "local_authority")
            .order_by("-created_at", "-pk")
        )

    return read


def _ordered(*ordering):
    def read():
        return _page(
            Signature.objects.select_related("pledge", "partner", "local_authority").order_by(
                *ordering
            )
        )

    return read


def _dashboard():
    return pending_councils().count()


def _report_index():
    return dict(Signature.objects.counted().values_list("pledge").annotate(n=Count("pk")))


def _queue():
    return _page(pending_councils().select_related("pledge", "local_authority"), 25)


def pages(pledge, partner, sample_email):
    """[(name, url, baseline)] for the seeded data."""
    listing = reverse("pledge_signatures:index")
    rows = [
        ("dashboard", reverse("wagtailadmin_home"), _dashboard),
        ("listing", listing, _listing()),
        ("filter: pledge", f"{listing}?pledge={pledge.pk}", _listing(pledge=pledge)),
        ("filter: status", f"{listing}?status=pending", _listing(status="pending")),
        ("filter: signer type", f"{listing}?signer_type=council", _listing(signer_type="council")),
        ("filter: partner", f"{listing}?partner={partner.pk}", _listing(partner=partner)),
        (
            "filter: utm_source",
            f"{listing}?utm_source=press",
            _listing(utm_source__iexact="press"),
        ),
        (
            "filter: signed between",
            f"{listing}?created_from=2026-01-01&created_to=2026-01-31",
            _listing(created_at__gte=JANUARY[0], created_at__lt=JANUARY[1]),
        ),
        ("search: name", f"{listing}?q=Khanford", _search("Khanford")),
        ("search: email", f"{listing}?q={sample_email}", _search(sample_email)),
        ("sort: pledge", f"{listing}?ordering=pledge", _ordered("pledge", "created_at", "pk")),
        ("sort: status", f"{listing}?ordering=-status", _ordered("-status", "-created_at", "-pk")),
        ("sort: oldest first", f"{listing}?ordering=created_at", _ordered("created_at")),
        ("report index", reverse("pledge_reports:index"), _report_index),
        (
            "pledge report",
            reverse("pledge_reports:detail", args=[pledge.pk]),
            lambda: pledge_report(PledgePage.objects.get(pk=pledge.pk)),
        ),
        (
            "report: tallies vs table",
            None,
            lambda: pledge_report(pledge, figures=figures_from_table),
        ),
        ("verification queue", reverse("pledge_verification:index"), _queue),
    ]
    return rows
