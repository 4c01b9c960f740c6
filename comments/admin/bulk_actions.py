"""Moderators' decisions on comments, in bulk from the queue or one at a time.

Registered with Wagtail's `register_bulk_action` hook, so they appear in the
queue's footer when comments are ticked; the inspect page links to the same
views with one id. Each runs through `comments.moderation` inside the bulk
action's transaction, so a batch is decided whole or not at all.
"""

from django.shortcuts import get_list_or_404
from django.template.defaultfilters import pluralize
from django.urls import reverse

from comments import moderation
from comments.models import BlockRule, CommentSettings, ReaderComment
from comments.status import check_transition
from core.admin_tools import GuardedBulkAction

from .display import comment_label, excerpt
from .filters import comments_in_listing
from .forms import BanForm, NoteForm
from .permissions import can_moderate

Status = ReaderComment.Status


class CommentBulkAction(GuardedBulkAction):
    models = [ReaderComment]
    template_name = "comments/admin/bulk/confirm.html"
    form_class = NoteForm
    moderation_action = ""  # a key of comments.moderation.ACTIONS
    from_statuses = None  # the statuses it applies to; None for any but its own
    icon = ""
    # For the confirmation page.
    question = ""
    skipped_message = ""
    confirm_label = ""

    @classmethod
    def applies_to(cls, comment):
        """Whether the action would change `comment` (the rest are listed as skipped)."""
        to_status = moderation.ACTIONS[cls.moderation_action][0]
        if comment.status == to_status:
            return False
        if cls.from_statuses is not None and comment.status not in cls.from_statuses:
            return False
        try:
            check_transition(comment, to_status, actor=True)  # any moderator
        except ValueError:
            return False
        return True

    def user_may(self, user):
        return can_moderate(user)

    @classmethod
    def get_queryset(cls, model, object_ids):
        return get_list_or_404(ReaderComment.objects.select_related("page"), pk__in=object_ids)

    def listing(self, params):
        return comments_in_listing(params)

    def check_perm(self, obj):
        return self.applies_to(obj)

    def object_context(self, obj):
        return {
            "item": obj,
            "label": comment_label(obj),
            "excerpt": excerpt(obj),
            "url": reverse("reader_comments:inspect", args=[obj.pk]),
        }

    def get_execution_context(self):
        return {"user": self.request.user, **self.cleaned_form.cleaned_data}

    @classmethod
    def execute_action(cls, objects, user=None, note="", **kwargs):
        result = moderation.moderate(objects, cls.moderation_action, actor=user, note=note)
        return len(result.changed), 0


# The five status actions differ only in words: (action, label, icon, question,
# skipped message, success message, serious?, statuses it applies to or None).
STATUS_ACTIONS = [
    (
        "approve", "Approve", "tick",
        "Publish these comments? Their authors, and anyone following the thread, may get an email.",
        "Skipped: already approved, or deleted by their author.",
        "Approved", False, None,
    ),
    (
        "reject", "Reject", "cross",
        "Reject these comments? They stay unpublished; nobody is emailed.",
        "Skipped: already rejected, or deleted.",
        "Rejected", True, None,
    ),
    (
        "spam", "Mark as spam", "warning",
        "Mark these comments as spam? They stay unpublished and are purged later.",
        "Skipped: already spam, or deleted.",
        "Marked as spam:", True, None,
    ),
    (
        "delete", "Delete", "bin",
        "Delete these comments? They leave the page; a moderator can restore them.",
        "Skipped: already deleted.",
        "Deleted", True, None,
    ),
    (
        "restore", "Restore", "rotate",
        "Send these comments back to the queue as pending, to be decided again?",
        "Skipped: already pending, or deleted or erased by their author (that choice is theirs).",
        "Restored to the queue:", False, {Status.REJECTED, Status.SPAM, Status.DELETED},
    ),
]  # fmt: skip


def _status_action(priority, action, label, icon, question, skipped, done, serious, statuses):
    def get_success_message(self, num_parent_objects, num_child_objects):
        return f"{done} {num_parent_objects} comment{pluralize(num_parent_objects)}."

    return type(
        f"{action.title()}BulkAction",
        (CommentBulkAction,),
        {
            "display_name": label,
            "action_type": action,
            "moderation_action": action,
            "aria_label": f"{label} the selected comments",
            "action_priority": priority,
            "icon": icon,
            "classes": {"serious"} if serious else set(),
            "from_statuses": statuses,
            "question": question,
            "skipped_message": skipped,
            "confirm_label": f"Yes, {label.lower()}",
            "get_success_message": get_success_message,
        },
    )


class BanBulkAction(CommentBulkAction):
    display_name = "Ban"
    action_type = "ban"
    aria_label = "Ban the authors of the selected comments"
    action_priority = 60
    icon = "lock"
    classes = {"serious"}
    form_class = BanForm
    question = (
        "Ban the people who wrote these comments? Their next comments are refused "
        "(or held, as the comment settings say) until the ban ends."
    )
    skipped_message = "Skipped: no email address or IP range is kept for these."
    confirm_label = "Yes, ban"

    @classmethod
    def applies_to(cls, comment):
        return bool(comment.email_canonical or comment.ip_prefix_hash)

    def get_initial(self):
        return {"days": CommentSettings.for_request(self.request).ban_days}

    @classmethod
    def execute_action(cls, objects, user=None, kind="", days=None, note="", mark_spam=False):
        rules = set()
        for comment in objects:
            field = "email_canonical" if kind == BlockRule.Kind.EMAIL else "ip_prefix_hash"
            if getattr(comment, field):
                rules.add(moderation.ban(comment, actor=user, kind=kind, days=days, note=note).pk)
        spammed = 0
        if mark_spam:
            spammed = len(moderation.moderate(objects, "spam", actor=user, note=note).changed)
        return len(rules), spammed

    def get_success_message(self, num_parent_objects, num_child_objects):
        message = (
            f"Added or extended {num_parent_objects} block rule{pluralize(num_parent_objects)}."
        )
        if num_child_objects:
            message += f" Marked {num_child_objects} comment{pluralize(num_child_objects)} as spam."
        return message


# In the order the inspect page shows them.
SINGLE_ACTIONS = [
    *(_status_action(10 * n, *spec) for n, spec in enumerate(STATUS_ACTIONS, start=1)),
    BanBulkAction,
]
BULK_ACTIONS = SINGLE_ACTIONS
