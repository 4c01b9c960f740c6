"""Block rules as a snippet in the Comments menu, with who made each."""

from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from comments.models import BlockRule


class BlockRuleCreateView(CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class BlockRuleViewSet(SnippetViewSet):
    model = BlockRule
    icon = "lock"
    menu_label = "Block rules"
    add_view_class = BlockRuleCreateView
    # __str__ shows an IP range only by the start of its hash.
    list_display = ["__str__", "note", "active", "expires_at", "created_at"]
    list_filter = ["kind", "action", "active"]
    search_fields = ["value", "note"]
    search_backend_name = None
    ordering = ["-created_at"]
