"""The Comments menu in the Wagtail admin, for the communications team's moderators.

The moderation queue across every page (filters, search, inspect, history,
single and bulk decisions), block rules and a link to the comment settings.
Registered in `comments/wagtail_hooks.py`.
"""

from wagtail.admin.menu import Menu
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .bulk_actions import BULK_ACTIONS
from .menu import CommentSettingsLink, PendingCountSubmenuMenuItem
from .panels import PendingCommentsPanel
from .queue import CommentViewSet
from .rules import BlockRuleViewSet


class CommentsViewSetGroup(SnippetViewSetGroup):
    """A snippet group, so Block rules also leaves Wagtail's general Snippets menu."""

    menu_label = "Comments"
    menu_icon = "comment"
    menu_order = 220
    items = (CommentViewSet, BlockRuleViewSet, CommentSettingsLink)

    def get_menu_item(self, order=None):
        # As Wagtail's group does, but with the pending count on the label.
        return PendingCountSubmenuMenuItem(
            label=self.menu_label,
            menu=Menu(register_hook_name=self.submenu_hook, items=self.get_submenu_items()),
            name=self.menu_name,
            icon_name=self.menu_icon,
            order=self.get_menu_item_order(order),
        )


__all__ = ["BULK_ACTIONS", "CommentsViewSetGroup", "PendingCommentsPanel"]
