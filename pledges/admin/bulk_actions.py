"""Bulk actions on the signatures listing: verify, reject and invalidate.

Registered with Wagtail's `register_bulk_action` hook, so they appear in the
footer when signatures are ticked. Each runs through `actions`, so counts,
emails and the audit log stay right.
"""

from django.shortcuts import get_list_or_404
from django.urls import reverse

from core.admin_tools import GuardedBulkAction
from pledges.models import Signature

from . import actions
from .display import signer_label, source_label
from .filters import signatures_in_listing
from .forms import ConfirmForm, InvalidateForm, ReasonForm
from .permissions import can_invalidate, can_verify

COUNCIL = Signature.SignerType.COUNCIL
Status = Signature.Status


class SignatureBulkAction(GuardedBulkAction):
    models = [Signature]
    template_name = "pledges/admin/bulk/confirm.html"
    # Filled in by subclasses, for the confirmation page.
    question = ""
    skipped_message = ""
    confirm_label = ""

    @classmethod
    def get_queryset(cls, model, object_ids):
        return get_list_or_404(
            Signature.objects.select_related("pledge", "partner", "local_authority"),
            pk__in=object_ids,
        )

    def listing(self, params):
        return signatures_in_listing(params)

    def object_context(self, obj):
        return {
            "item": obj,
            "signer": signer_label(obj),
            "source": source_label(obj),
            "url": reverse("pledge_signatures:inspect", args=[obj.pk]),
        }

    def get_execution_context(self):
        reason = ""
        if self.cleaned_form is not None:
            reason = self.cleaned_form.cleaned_data.get("reason", "")
        return {"user": self.request.user, "reason": reason}


class VerifyBulkAction(SignatureBulkAction):
    display_name = "Verify councils"
    action_type = "verify"
    aria_label = "Verify the selected council sign-ups"
    action_priority = 10
    form_class = ConfirmForm
    question = "Verify these council sign-ups? Each contact gets an email saying so."
    skipped_message = "Skipped: only confirmed or rejected council sign-ups can be verified."
    confirm_label = "Yes, verify"

    def user_may(self, user):
        return can_verify(user)

    def check_perm(self, obj):
        return obj.signer_type == COUNCIL and obj.status in (Status.CONFIRMED, Status.REJECTED)

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for signature in objects:
            actions.verify(signature, user)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"Verified {num_parent_objects} council sign-up(s); their contacts will be emailed."


class RejectBulkAction(SignatureBulkAction):
    display_name = "Reject councils"
    action_type = "reject"
    aria_label = "Reject the selected council sign-ups"
    action_priority = 20
    classes = {"serious"}
    form_class = ReasonForm
    question = "Reject these council sign-ups? Each contact gets an email with your reason."
    skipped_message = "Skipped: only confirmed or verified council sign-ups can be rejected."
    confirm_label = "Yes, reject"

    def user_may(self, user):
        return can_verify(user)

    def check_perm(self, obj):
        return obj.signer_type == COUNCIL and obj.status in (Status.CONFIRMED, Status.VERIFIED)

    @classmethod
    def execute_action(cls, objects, user=None, reason="", **kwargs):
        for signature in objects:
            actions.reject(signature, user, reason)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"Rejected {num_parent_objects} council sign-up(s); their contacts will be emailed."


class InvalidateBulkAction(SignatureBulkAction):
    display_name = "Invalidate"
    action_type = "invalidate"
    aria_label = "Invalidate the selected signatures"
    action_priority = 30
    classes = {"serious"}
    form_class = InvalidateForm
    question = "Invalidate these signatures? They leave the public count. Nobody is emailed."
    skipped_message = "Skipped: withdrawn and already rejected signatures stay as they are."
    confirm_label = "Yes, invalidate"

    def user_may(self, user):
        return can_invalidate(user)

    def check_perm(self, obj):
        return obj.status not in (Status.WITHDRAWN, Status.REJECTED)

    @classmethod
    def execute_action(cls, objects, user=None, reason="", **kwargs):
        queryset = Signature.objects.filter(pk__in=[signature.pk for signature in objects])
        return actions.invalidate(queryset, user, reason), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"Invalidated {num_parent_objects} signature(s)."


BULK_ACTIONS = [VerifyBulkAction, RejectBulkAction, InvalidateBulkAction]
