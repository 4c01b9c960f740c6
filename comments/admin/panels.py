from django.urls import reverse

from wagtail.admin.ui.components import Component

from comments.moderation import pending_count


class PendingCommentsPanel(Component):
    """A dashboard panel for moderators: how many comments wait, and the way to the queue."""

    name = "pending_comments"
    template_name = "comments/admin/panels/pending.html"
    order = 140

    def get_context_data(self, parent_context):
        return {"count": pending_count(), "queue_url": reverse("reader_comments:index")}
