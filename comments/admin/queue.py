"""The moderation queue: every page's comments in one listing, inspect and history.

Moderators never edit a comment's text or status by hand: every decision goes
through `comments.moderation` (history, emails, log), reached from the bulk
actions and the inspect page's buttons. So the viewset keeps only the
listing, inspect and history views, and all three ask for the one moderation
permission rather than Django's add/change/delete/view.
"""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    NumberColumn,
    StatusTagColumn,
    TitleColumn,
)
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.history import HistoryView

from comments.models import ReaderComment
from comments.render import body_html
from core.admin_tools import DecisionInspectView, InspectOnlyViewSet

from .bulk_actions import SINGLE_ACTIONS
from .commenter import commenter_history
from .display import comment_label, excerpt, hash_prefix
from .filters import SEARCH_FIELDS, CommentFilterSet
from .menu import PendingCountMenuItemMixin
from .permissions import can_moderate

MODERATE = ["moderate"]  # the permission policy's action: comments.moderate_readercomment


class CommentIndexView(IndexView):
    any_permission_required = MODERATE
    default_ordering = "created_at"  # oldest first: the one waiting longest comes first
    page_title = "Comments"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page")

    @cached_property
    def columns(self):
        title_column = self._get_title_column_class(TitleColumn)
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="comment"),
            title_column(
                "comment",
                label="Comment",
                accessor=excerpt,
                get_url=self.get_inspect_url,
                get_title_id=lambda comment: f"comment_{comment.pk}_title",
            ),
            Column("name", label="Name", sort_key="name"),
            Column("page", label="Page", accessor="page.title", sort_key="page__title"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda comment: comment.is_approved,
                sort_key="status",
            ),
            Column("status_reason", label="Reason", accessor="get_status_reason_display"),
            NumberColumn("report_count", label="Reports", sort_key="report_count"),
            DateColumn("created_at", label="Posted", sort_key="created_at"),
        ]


class CommentInspectView(DecisionInspectView):
    any_permission_required = MODERATE
    template_name = "comments/admin/inspect.html"
    labels = {
        "email_canonical": "Email as matched",
        "ip_hash": "IP hash (start)",
        "ip_prefix_hash": "Network hash (start)",
        "user": "Signed in as",
    }

    def get_object(self, queryset=None):
        return get_object_or_404(
            ReaderComment.objects.select_related("page", "parent", "user"), pk=self.pk
        )

    def get_page_subtitle(self):
        return f"{comment_label(self.object)} by {self.object.name}"

    def get_ip_hash_display_value(self):
        return hash_prefix(self.object.ip_hash)

    def get_ip_prefix_hash_display_value(self):
        return hash_prefix(self.object.ip_prefix_hash)

    def get_user_display_value(self):
        user = self.object.user
        return user.get_username() if user else ""

    def get_parent_display_value(self):
        parent = self.object.parent
        return comment_label(parent) if parent else ""

    @cached_property
    def header_more_buttons(self):
        """The decisions open on this comment, then its history."""
        decisions = [
            (action.action_type, action.display_name, action.icon)
            for action in SINGLE_ACTIONS
            if action.applies_to(self.object)
        ]
        return self.decision_buttons(decisions)

    def get_context_data(self, **kwargs):
        comment = self.object
        return super().get_context_data(
            comment=comment,
            # The one renderer readers' pages use, so moderators judge what would be shown.
            body=mark_safe(body_html(comment.body)),  # noqa: S308 (nh3-sanitised)
            status_changes=comment.status_changes.select_related("actor"),
            reports=comment.reports.all(),
            history=commenter_history(comment),
            **kwargs,
        )


class CommentHistoryView(HistoryView):
    any_permission_required = MODERATE


class CommentViewSet(InspectOnlyViewSet):
    model = ReaderComment
    name = "reader_comments"
    url_prefix = "comments/queue"
    icon = "comment"
    menu_label = "Moderation queue"
    allowed = staticmethod(can_moderate)
    index_view_class = CommentIndexView
    inspect_view_class = CommentInspectView
    history_view_class = CommentHistoryView
    index_template_name = "comments/admin/index.html"
    filterset_class = CommentFilterSet
    search_fields = SEARCH_FIELDS
    list_per_page = 50
    inspect_view_fields = [
        "page",
        "parent",
        "status",
        "status_reason",
        "status_note",
        "name",
        "email",
        "email_canonical",
        "email_verified",
        "user",
        "website",
        "notify_replies",
        "ip_hash",
        "ip_prefix_hash",
        "report_count",
        "created_at",
        "edited_at",
        "approved_at",
        "anonymised_at",
    ]

    @property
    def menu_item_class(self):
        return type(
            "CommentQueueMenuItem", (PendingCountMenuItemMixin, super().menu_item_class), {}
        )

    def get_permissions_to_register(self):
        # Only the moderation permission means anything here; Django's
        # add/change/delete/view on comments would only confuse the group editor.
        return super().get_permissions_to_register().filter(codename="moderate_readercomment")
