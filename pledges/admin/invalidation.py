"""Bulk invalidation: pick a pledge and a pattern, see what matches, then confirm.

The confirmation carries the number previewed; if the matches changed in
between (more spam arrived), staff see the new preview instead of
invalidating signatures they never saw counted.
"""

import datetime

from django.db.models import Count, Max, Min
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from wagtail.admin import messages

from pledges.counts import count_from_table
from pledges.models import Signature

from . import actions
from .base import AdminTemplateView, PledgesViewSet
from .display import IP_PREFIX_LENGTH, ip_prefix
from .forms import InvalidationForm
from .permissions import can_invalidate

SAMPLE_SIZE = 20
BUSY_IP_DAYS = 7


def busiest_ips(pledge, now=None):
    """IP hashes behind more than one recent signature of a pledge, by prefix only."""
    since = (now or timezone.now()) - datetime.timedelta(days=BUSY_IP_DAYS)
    rows = (
        actions.invalidatable(Signature.objects.filter(pledge=pledge, created_at__gte=since))
        .exclude(ip_hash="")
        .values("ip_hash")
        .annotate(n=Count("pk"), first=Min("created_at"), last=Max("created_at"))
        .filter(n__gt=1)
        .order_by("-n")[:10]
    )
    # The link carries more of the hash than is shown, so that it picks out just this one.
    return [
        {**row, "prefix": row["ip_hash"][:IP_PREFIX_LENGTH], "lookup": row.pop("ip_hash")[:16]}
        for row in rows
    ]


class InvalidationView(AdminTemplateView):
    template_name = "pledges/admin/invalidation/form.html"
    page_title = "Bulk invalidation"
    header_icon = "warning"

    def get(self, request, *args, **kwargs):
        initial = {
            key: request.GET[key] for key in ("pledge", "ip", "email_domain") if key in request.GET
        }
        form = InvalidationForm(initial=initial)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = InvalidationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        matches = form.matches(Signature.objects.all())
        targets = actions.invalidatable(matches)
        if form.ip_is_prefix():
            hashes = targets.values("ip_hash").distinct().count()
            if hashes > 1:
                form.add_error(
                    "ip",
                    f"This prefix matches {hashes} different IP hashes: type more of it.",
                )
                return self.render_to_response(self.get_context_data(form=form))
        count = targets.count()
        if "confirm" in request.POST:
            if request.POST.get("expected") == str(count):
                return self.invalidate(form, targets)
            messages.warning(
                request, "The matches changed since the preview. Check the new numbers."
            )
        sample = list(targets.order_by("-created_at", "-pk")[:SAMPLE_SIZE])
        for signature in sample:
            signature.ip_short = ip_prefix(signature.ip_hash)
        preview = {
            "count": count,
            "counted": targets.counted().count(),
            "sample": sample,
            "more": max(count - len(sample), 0),
        }
        return self.render_to_response(self.get_context_data(form=form, preview=preview))

    def invalidate(self, form, targets):
        pledge = form.cleaned_data["pledge"]
        changed = actions.invalidate(targets, self.request.user, form.cleaned_data["reason"])
        total = count_from_table(pledge.pk)["total"]
        messages.success(
            self.request,
            f"Invalidated {changed} signature(s) of “{pledge.title}”. "
            f"It now counts {total} signature(s).",
        )
        return redirect(f"{reverse('pledge_invalidation:index')}?pledge={pledge.pk}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pledge = _chosen_pledge(context["form"])
        context["pledge"] = pledge
        context["busiest_ips"] = busiest_ips(pledge) if pledge else []
        return context


def _chosen_pledge(form):
    if form.is_bound:
        return getattr(form, "cleaned_data", {}).get("pledge")
    try:
        return form.fields["pledge"].queryset.filter(pk=int(form.initial["pledge"])).first()
    except (KeyError, TypeError, ValueError):
        return None


class InvalidationViewSet(PledgesViewSet):
    name = "pledge_invalidation"
    url_prefix = "pledges/invalidate"
    icon = "warning"
    menu_label = "Bulk invalidation"
    allowed = staticmethod(can_invalidate)
    views = [("", InvalidationView, "index")]
