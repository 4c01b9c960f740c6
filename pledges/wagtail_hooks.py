from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin import BULK_ACTIONS, PendingCouncilsPanel, PledgesViewSetGroup
from .admin.actions import register_log_actions
from .admin.page_buttons import pledge_page_buttons
from .admin.permissions import can_verify


@hooks.register("register_schema_query")
def register_pledge_queries(query_mixins):
    from .schema import PledgeQueries

    query_mixins.append(PledgeQueries)


@hooks.register("register_schema_mutation")
def register_pledge_mutations(mutation_mixins):
    from .schema import PledgeMutations

    mutation_mixins.append(PledgeMutations)


# The Pledges admin menu: signatures, council verification, bulk invalidation,
# reports and partners (see pledges/admin/).
register_snippet(PledgesViewSetGroup)

for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("construct_homepage_panels")
def add_pending_councils_panel(request, panels):
    if can_verify(request.user):
        panels.append(PendingCouncilsPanel())


# Staff decisions on signatures appear in their history and in the site history report.
hooks.register("register_log_actions", register_log_actions)


@hooks.register("register_page_listing_more_buttons")
def pledge_listing_buttons(page, user, next_url=None):
    yield from pledge_page_buttons(page, user)


@hooks.register("register_page_header_buttons")
def pledge_header_buttons(page, user, view_name, next_url=None):
    yield from pledge_page_buttons(page, user)
