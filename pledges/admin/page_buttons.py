"""Buttons on a pledge page in the page explorer and editor: its report and its signatures."""

from django.urls import reverse

from wagtail.admin.widgets import Button

from pledges.models import PledgePage

from .permissions import can_see_signatures


def pledge_page_buttons(page, user, priority=70):
    if not (issubclass(page.specific_class or type(page), PledgePage) and can_see_signatures(user)):
        return
    yield Button(
        "Pledge report",
        reverse("pledge_reports:detail", args=[page.pk]),
        icon_name="doc-full",
        priority=priority,
    )
    yield Button(
        "Signatures",
        f"{reverse('pledge_signatures:index')}?pledge={page.pk}",
        icon_name="list-ul",
        priority=priority + 1,
    )
