from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .admin import BULK_ACTIONS, CommentsViewSetGroup, PendingCommentsPanel
from .admin.log import register_log_actions
from .admin.permissions import can_moderate

# The Comments admin menu: the moderation queue, block rules and settings (see comments/admin/).
register_snippet(CommentsViewSetGroup)

for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels):
    if can_moderate(request.user):
        panels.append(PendingCommentsPanel())


# Moderators' decisions appear in each comment's history and in the site history report.
hooks.register("register_log_actions", register_log_actions)


@hooks.register("register_schema_query")
def register_comment_queries(query_mixins):
    from .schema import CommentQueries

    query_mixins.append(CommentQueries)


@hooks.register("register_schema_mutation")
def register_comment_mutations(mutation_mixins):
    from .schema import CommentMutations

    mutation_mixins.append(CommentMutations)
