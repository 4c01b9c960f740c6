"""A partner's Embed view: choose a pledge and options, preview the widget, copy its code.

Reached from the partner's edit page and its row in the Partners listing
(see `partners.py`), for staff who may edit partners. The code shown is built
by `pledges.embed_code`, the same functions the documentation describes.
"""

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from pledges import embed_code
from pledges.models import Signature

from .forms import EmbedForm
from .permissions import can_see_signatures
from .reports import breakdown


def counted_by_pledge(partner):
    """Counted signatures made through a partner's widgets, per pledge (labelled by
    title, like the report's breakdowns): one query."""
    rows = (
        Signature.objects.counted()
        .filter(partner=partner)
        .values("pledge", "pledge__title")
        .annotate(count=Count("pk"))
        .order_by("pledge__title", "pledge")
    )
    return [
        {"pledge_id": row["pledge"], "label": row["pledge__title"], "count": row["count"]}
        for row in rows
    ]


def partner_problems(partner):
    """Why this partner's widgets would not work yet, in words for the communications team."""
    problems = []
    if not partner.active:
        problems.append(
            "This partner is inactive: its widgets show only the link to our pledge page, "
            "and nobody can sign through them."
        )
    try:
        origins = partner.origins()
    except ValidationError:  # a bad line saved outside the admin; the edit form names it
        problems.append("One of its allowed origins is not valid, so no site may use its widgets.")
    else:
        if not origins:
            problems.append(
                "It has no allowed origins: no site may show its iframe or sign through its "
                "script. Add the addresses of the partner's sites, such as https://www.example.org."
            )
    return problems


class EmbedView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_required = "change"
    template_name = "pledges/admin/partners/embed.html"
    page_title = "Embed"
    header_icon = "code"
    model = None
    index_url_name = None
    edit_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.model, pk=unquote(str(kwargs["pk"])))

    def get_page_subtitle(self):
        return str(self.object)

    @cached_property
    def edit_url(self):
        return reverse(self.edit_url_name, args=[quote(self.object.pk)])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(self.model._meta.verbose_name_plural),
            },
            {"url": self.edit_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.object)},
        ]

    def get_form(self, counted):
        form = EmbedForm(self.request.GET or None)
        if form.is_bound:
            return form
        # Open with working code at once: the partner's own colour, and the pledge its
        # visitors sign most (else the first), which is the one it most likely embeds.
        pledges = form.fields["pledge"].queryset
        busiest = max(counted, key=lambda row: row["count"], default=None)
        pledge = (busiest and pledges.filter(pk=busiest["pledge_id"]).first()) or pledges.first()
        return EmbedForm(
            {
                "pledge": pledge.pk if pledge else "",
                "variant": "full",
                "theme": "auto",
                "accent": self.object.accent_colour,
            }
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = self.object
        counted = counted_by_pledge(partner)
        form = self.get_form(counted)
        context.update(
            partner=partner,
            form=form,
            has_pledges=form.fields["pledge"].queryset.exists(),
            problems=partner_problems(partner),
            edit_url=self.edit_url,
            base_url=embed_code.site_base(),
            counted_by_pledge=counted,
            by_status=breakdown(
                Signature.objects.filter(partner=partner),
                "status",
                dict(Signature.Status.choices).get,
            ),
            signatures_url=(
                f"{reverse('pledge_signatures:index')}?partner={partner.pk}"
                if can_see_signatures(self.request.user)
                else None
            ),
        )
        if form.is_valid():
            pledge, options = form.cleaned_data["pledge"], form.options()
            context.update(
                pledge=pledge,
                script_snippet=embed_code.script_snippet(partner, pledge, **options),
                iframe_snippet=embed_code.iframe_snippet(partner, pledge, **options),
            )
        return context
