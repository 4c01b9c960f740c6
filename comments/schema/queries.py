"""Root queries: a page's published comments, its comment form settings, the author's own."""

import json

from django.conf import settings

from wagtail.rich_text import expand_db_html

import graphene

from cms.graphql.pagination import Pagination
from cms.graphql.visibility import current, parse_id
from pledges import abuse

from ..counts import approved_count
from ..forms import form_token
from ..models import CommentablePageMixin, CommentSettings
from ..service import own_comment
from ..threads import page_thread
from .types import OwnReaderComment, ReaderCommentList, ReaderCommentSettings

NOT_FOUND_MESSAGE = "There is no such page to comment on."


def commentable_page(page_id, specific=True):
    """A live, public page of the requested site that can take comments, or None.

    With `specific=False` the generic page is enough (one query fewer): its
    class is known from its content type without loading the specific row.
    """
    pk = parse_id(page_id)
    if pk is None:
        return None
    page = current().pages().filter(pk=pk).first()
    if page is None or not issubclass(page.specific_class or type(page), CommentablePageMixin):
        return None
    return page.specific if specific else page


def _pagination(thread, count):
    return Pagination(
        total=thread.top_level_count,
        count=count,
        per_page=thread.per_page,
        current_page=thread.page_number,
        total_pages=thread.total_pages,
        next_page=thread.page_number + 1 if thread.page_number < thread.total_pages else None,
        prev_page=thread.page_number - 1
        if 1 < thread.page_number <= thread.total_pages + 1
        else None,
    )


class CommentQueries:
    reader_comments = graphene.Field(
        ReaderCommentList,
        required=True,
        page=graphene.ID(required=True, description="The story or case study's id."),
        page_number=graphene.Int(default_value=1, description="1-based page of threads."),
        per_page=graphene.Int(
            default_value=50, description="Top-level comments per page, at most 50."
        ),
        description="Published comments on a page: top-level comments oldest first, "
        "each with its replies nested.",
    )
    reader_comment_settings = graphene.Field(
        ReaderCommentSettings,
        required=True,
        page=graphene.ID(required=True),
        description="Whether a page takes comments, why not, the policy and a form token.",
    )
    own_reader_comment = graphene.Field(
        OwnReaderComment,
        token=graphene.String(required=True),
        description="The author's own comment (awaiting moderation or not) while their "
        "`authorToken` lasts; null after that.",
    )

    def resolve_reader_comments(self, info, page, page_number=1, per_page=50):
        found = commentable_page(page, specific=False)
        thread = page_thread(found.pk if found else None, page_number, per_page)
        return {
            "items": thread.items,
            "total_count": thread.total_count,
            "pagination": _pagination(thread, len(thread.items)),
        }

    def resolve_reader_comment_settings(self, info, page):
        found = commentable_page(page)
        options = {
            "max_length": settings.COMMENTS["MAX_LENGTH"],
            "max_depth": settings.COMMENTS["MAX_DEPTH"],
            "challenge_required": settings.COMMENTS["CHALLENGE"],
        }
        if found is None:
            return ReaderCommentSettings(
                open=False,
                closed_reason="not_found",
                closed_message=NOT_FOUND_MESSAGE,
                comment_count=0,
                **options,
            )
        site = current().site
        comment_settings = CommentSettings.for_site(site) if site else CommentSettings()
        state = found.comments_state(comment_settings)
        challenge = None
        if state.open and settings.COMMENTS["CHALLENGE"]:
            challenge = json.dumps(abuse.new_challenge())
        return ReaderCommentSettings(
            open=state.open,
            closed_reason=None if state.open else state.reason,
            closed_message=state.message or None,
            policy=expand_db_html(comment_settings.policy) if comment_settings.policy else None,
            form_token=form_token(found.pk) if state.open else None,
            challenge=challenge,
            comment_count=approved_count(found),
            **options,
        )

    def resolve_own_reader_comment(self, info, token):
        return own_comment(token)
