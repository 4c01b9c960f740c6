"""The council verification queue, its decisions, and its count on the dashboard."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View

from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.utils import get_valid_next_url_from_request

from pledges.models import Signature

from . import actions
from .base import AdminTemplateView, PermissionMixin, PledgesViewSet
from .forms import ReasonForm
from .permissions import can_verify

QUEUE_URL = "pledge_verification:index"


def _queue():
    already_verified = Signature.objects.filter(
        pledge=OuterRef("pledge"),
        local_authority=OuterRef("local_authority"),
        status=Signature.Status.VERIFIED,
    )
    return (
        actions.pending_councils()
        .select_related("pledge", "local_authority")
        .annotate(council_already_verified=Exists(already_verified))
        .order_by("confirmed_at", "pk")
    )


class QueueView(AdminTemplateView):
    template_name = "pledges/admin/verification/queue.html"
    page_title = "Council verification"
    header_icon = "tick-inverse"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(_queue(), 25).get_page(self.request.GET.get("p"))
        context.update(
            page_obj=page,
            signatures=page.object_list,
            pending=page.paginator.count,
            elided_page_range=page.paginator.get_elided_page_range(page.number),
        )
        return context


class VerifyView(PermissionMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        signature = get_object_or_404(Signature, pk=pk)
        try:
            actions.verify(signature, request.user)
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Verified {signature.local_authority or signature.organisation}. "
                "The contact will get an email.",
            )
        return redirect(get_valid_next_url_from_request(request) or reverse(QUEUE_URL))


class RejectView(AdminTemplateView):
    """Reject a council sign-up; the reason is quoted to the contact."""

    template_name = "pledges/admin/verification/reject.html"
    page_title = "Reject a council sign-up"
    header_icon = "cross"
    parent_crumbs = [("Council verification", QUEUE_URL)]

    @cached_property
    def signature(self):
        return get_object_or_404(
            Signature.objects.select_related("pledge", "local_authority"),
            pk=self.kwargs["pk"],
            signer_type=Signature.SignerType.COUNCIL,
        )

    def get_page_subtitle(self):
        return str(self.signature.local_authority or self.signature.organisation)

    def post(self, request, pk):
        form = ReasonForm(request.POST)
        if form.is_valid():
            try:
                actions.reject(self.signature, request.user, form.cleaned_data["reason"])
            except ValueError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    f"Rejected {self.get_page_subtitle()}. The contact will get an email.",
                )
            return redirect(reverse(QUEUE_URL))
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ReasonForm())
        return super().get_context_data(signature=self.signature, **kwargs)


class VerificationMenuItemLabelMixin:
    """Shows the number waiting beside the menu label, like a badge."""

    def render_component(self, request):
        count = actions.pending_council_count()
        label = f"{self.label} ({count})" if count else self.label
        return LinkMenuItem(
            self.name,
            label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class VerificationViewSet(PledgesViewSet):
    name = "pledge_verification"
    url_prefix = "pledges/verification"
    icon = "tick-inverse"
    menu_label = "Council verification"
    allowed = staticmethod(can_verify)
    views = [
        ("", QueueView, "index"),
        ("<int:pk>/verify/", VerifyView, "verify"),
        ("<int:pk>/reject/", RejectView, "reject"),
    ]

    @property
    def menu_item_class(self):
        return type(
            "VerificationMenuItem", (VerificationMenuItemLabelMixin, super().menu_item_class), {}
        )


class PendingCouncilsPanel(Component):
    """A dashboard panel: how many council sign-ups wait, and the way to the queue."""

    name = "pending_councils"
    template_name = "pledges/admin/panels/pending_councils.html"
    order = 150

    def get_context_data(self, parent_context):
        return {"count": actions.pending_council_count(), "queue_url": reverse(QUEUE_URL)}
