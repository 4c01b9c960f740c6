"""The Comments menu's extras: the pending count on its labels, and a link to the settings."""

from django.urls import reverse

from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.viewsets.base import ViewSet

from comments.moderation import pending_count

from .permissions import can_edit_settings, can_moderate


def _with_count(label, request):
    # Only moderators learn how many wait; the count is cached (menus render on every page).
    count = pending_count() if can_moderate(request.user) else 0
    return f"{label} ({count})" if count else label


class PendingCountMenuItemMixin:
    """Shows the number of pending comments beside the label, like a badge."""

    def render_component(self, request):
        return LinkMenuItem(
            self.name,
            _with_count(self.label, request),
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class PendingCountSubmenuMenuItem(SubmenuMenuItem):
    def render_component(self, request):
        component = super().render_component(request)
        component.label = _with_count(component.label, request)
        return component


class SettingsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_edit_settings(request.user)


class CommentSettingsLink(ViewSet):
    """A menu entry for the site's comment settings (thresholds, bans, where comments open).

    Wagtail's settings app owns the page itself; this only links to it, so the
    settings sit with the queue as well as under Settings.
    """

    name = "comment_settings_link"
    icon = "cog"
    menu_label = "Settings"
    menu_item_class = SettingsMenuItem

    @property
    def menu_url(self):
        return reverse("wagtailsettings:edit", args=["comments", "commentsettings"])
