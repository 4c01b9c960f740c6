"""The Pledges menu in the Wagtail admin, for the communications team.

Signatures (listing, filters, search, export, bulk actions), council
verification, bulk invalidation, reports, and the partners whose widgets
carry the pledge. Registered in `pledges/wagtail_hooks.py`.
"""

from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .bulk_actions import BULK_ACTIONS
from .invalidation import InvalidationViewSet
from .partners import PartnerViewSet
from .reports import ReportViewSet
from .signatures import SignatureViewSet
from .verification import PendingCouncilsPanel, VerificationViewSet


class PledgesViewSetGroup(SnippetViewSetGroup):
    """A snippet group, so Partners also leaves Wagtail's general Snippets menu."""

    menu_label = "Pledges"
    menu_icon = "form"
    menu_order = 210
    items = (
        SignatureViewSet,
        VerificationViewSet,
        InvalidationViewSet,
        ReportViewSet,
        PartnerViewSet,
    )


__all__ = ["BULK_ACTIONS", "PendingCouncilsPanel", "PledgesViewSetGroup"]
