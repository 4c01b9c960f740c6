"""Public GraphQL types for reader comments: nothing private has a field here.

No email, IP hash, user, status reason or report reaches these types. An
unapproved comment only ever appears as `OwnReaderComment`, returned to the
holder of its author token.
"""

import datetime

from django.conf import settings

import graphene

from cms.graphql.pagination import Pagination

from ..errors import PENDING_MODERATION, PUBLISHED, Code
from ..models import CommentReport, ReaderComment
from ..render import body_html

DELETED_HTML = "<p>This comment was deleted.</p>"

ReaderCommentState = graphene.Enum(
    "ReaderCommentState", [(PUBLISHED, PUBLISHED), (PENDING_MODERATION, PENDING_MODERATION)]
)
ReaderCommentErrorCode = graphene.Enum(
    "ReaderCommentErrorCode", [(code, code) for code in Code.ALL]
)
ReaderCommentReportReason = graphene.Enum(
    "ReaderCommentReportReason",
    [(value.upper(), value) for value in CommentReport.Reason.values],
)


def _is_placeholder(comment):
    return comment.status == ReaderComment.Status.DELETED


def _iso(value):
    return value.isoformat() if value else None


class ReaderCommentType(graphene.ObjectType):
    """A published comment, or the placeholder of a deleted one that still has replies."""

    class Meta:
        name = "ReaderComment"

    id = graphene.ID(required=True)
    name = graphene.String(required=True, description="Empty for a deleted comment.")
    website = graphene.String(description="The commenter's http(s) address, if they gave one.")
    body_html = graphene.String(
        required=True,
        description='Safe HTML: <p>, <br> and <a href rel="nofollow ugc noopener"> only.',
    )
    created_at = graphene.String(required=True, description="ISO 8601 date and time.")
    edited = graphene.Boolean(required=True, description="Changed by its author after posting.")
    deleted = graphene.Boolean(
        required=True, description="A placeholder kept so the replies keep their place."
    )
    depth = graphene.Int(required=True, description="1 for a top-level comment.")
    parent_id = graphene.ID()
    replies = graphene.List(
        graphene.NonNull(lambda: ReaderCommentType),
        required=True,
        description="Visible replies, oldest first.",
    )

    def resolve_id(comment, info):
        return str(comment.pk)

    def resolve_name(comment, info):
        return "" if _is_placeholder(comment) else comment.name

    def resolve_website(comment, info):
        return None if _is_placeholder(comment) else comment.website or None

    def resolve_body_html(comment, info):
        return DELETED_HTML if _is_placeholder(comment) else body_html(comment.body)

    def resolve_created_at(comment, info):
        return _iso(comment.created_at)

    def resolve_edited(comment, info):
        return comment.edited_at is not None and not _is_placeholder(comment)

    def resolve_deleted(comment, info):
        return _is_placeholder(comment)

    def resolve_parent_id(comment, info):
        return str(comment.parent_id) if comment.parent_id else None

    def resolve_replies(comment, info):
        return getattr(comment, "visible_replies", [])


class ReaderCommentList(graphene.ObjectType):
    items = graphene.List(graphene.NonNull(ReaderCommentType), required=True)
    pagination = graphene.Field(
        Pagination, required=True, description="Counts top-level comments (threads)."
    )
    total_count = graphene.Int(
        required=True, description="Published comments on the page, replies included."
    )


class OwnReaderComment(graphene.ObjectType):
    """The author's view of their own comment, published or not, while their token lasts."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    website = graphene.String()
    body_html = graphene.String(required=True)
    created_at = graphene.String(required=True)
    state = ReaderCommentState(required=True)
    editable_until = graphene.String(
        required=True, description="Edit or delete with the token until then."
    )
    parent_id = graphene.ID()
    depth = graphene.Int(required=True)

    def resolve_id(comment, info):
        return str(comment.pk)

    def resolve_website(comment, info):
        return comment.website or None

    def resolve_body_html(comment, info):
        return body_html(comment.body)

    def resolve_created_at(comment, info):
        return _iso(comment.created_at)

    def resolve_state(comment, info):
        return PUBLISHED if comment.status == ReaderComment.Status.APPROVED else PENDING_MODERATION

    def resolve_editable_until(comment, info):
        seconds = settings.COMMENTS["AUTHOR_TOKEN_MAX_AGE"]
        return _iso(comment.created_at + datetime.timedelta(seconds=seconds))

    def resolve_parent_id(comment, info):
        return str(comment.parent_id) if comment.parent_id else None


class ReaderCommentSettings(graphene.ObjectType):
    open = graphene.Boolean(required=True)
    closed_reason = graphene.String(
        description="Why comments are closed: page_type, page, expired or not_found; null when open."
    )
    closed_message = graphene.String(description="What to tell readers when closed.")
    policy = graphene.String(description="The comment policy, as HTML.")
    form_token = graphene.String(
        description="Send back as `formToken` with `createReaderComment`; null when closed."
    )
    max_length = graphene.Int(required=True)
    max_depth = graphene.Int(required=True)
    challenge_required = graphene.Boolean(required=True)
    challenge = graphene.String(
        description="A proof-of-work challenge (ALTCHA, JSON) when one is required, else null."
    )
    comment_count = graphene.Int(required=True)


class ReaderCommentError(graphene.ObjectType):
    field = graphene.String(description="The input field at fault (camelCase), or null.")
    code = ReaderCommentErrorCode(required=True)
    message = graphene.String(required=True)
    retry_after = graphene.Int(description="Seconds to wait, for RATE_LIMITED.")
