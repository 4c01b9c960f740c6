"""Mutations: post, edit, delete and report reader comments.

They never act as the session user, with one exception: a commenter signed
in through the public site whose request also passes Django's CSRF check
(the X-CSRFToken header) posts as themselves. A forged cross-site request
fails that check and is treated as anonymous, so it gains nothing.
"""

from django.middleware.csrf import CsrfViewMiddleware

from wagtail.models import Page

import graphene

from cms.graphql.visibility import parse_id

from .. import service
from .types import (
    OwnReaderComment,
    ReaderCommentError,
    ReaderCommentReportReason,
    ReaderCommentState,
)


def _camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _errors(result):
    return [
        ReaderCommentError(
            field=_camel(error.field) if error.field else None,
            code=error.code,
            message=error.message,
            retry_after=error.retry_after,
        )
        for error in result.errors
    ]


def _errors_field():
    return graphene.List(graphene.NonNull(ReaderCommentError), required=True)


def _csrf_passes(request):
    check = CsrfViewMiddleware(lambda request: None)
    return check.process_view(request, lambda request: None, (), {}) is None


def signed_in_commenter(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not _csrf_passes(request):
        return None
    return user


class CreateReaderCommentInput(graphene.InputObjectType):
    page = graphene.ID(required=True)
    parent = graphene.ID(description="The comment this replies to.")
    name = graphene.String()
    email = graphene.String(description="Never shown; required unless signed in.")
    website = graphene.String()
    body = graphene.String()
    notify_replies = graphene.Boolean(default_value=False)
    form_token = graphene.String(description="From `readerCommentSettings.formToken`.")
    homepage = graphene.String(description="Leave empty.")
    challenge = graphene.String(description="The solved ALTCHA payload, when one is required.")


class CreateReaderComment(graphene.Mutation):
    """Post a comment. Held comments and refused spam answer alike: PENDING_MODERATION."""

    class Meta:
        name = "CreateReaderCommentPayload"

    class Arguments:
        input = CreateReaderCommentInput(required=True)

    state = ReaderCommentState()
    comment = graphene.Field(OwnReaderComment)
    author_token = graphene.String(
        description="Shows, edits and deletes this comment for a short while."
    )
    errors = _errors_field()

    def mutate(self, info, input):
        pk = parse_id(input.get("page"))
        page = Page.objects.filter(pk=pk).first() if pk is not None else None
        data = {key: value for key, value in input.items() if value is not None and key != "page"}
        result = service.create_comment(
            page, data, info.context, user=signed_in_commenter(info.context)
        )
        return CreateReaderComment(
            state=result.state,
            comment=result.comment,
            author_token=result.author_token,
            errors=_errors(result),
        )


class EditReaderCommentInput(graphene.InputObjectType):
    token = graphene.String(required=True, description="The `authorToken` from posting.")
    body = graphene.String(required=True)


class EditReaderComment(graphene.Mutation):
    class Meta:
        name = "EditReaderCommentPayload"

    class Arguments:
        input = EditReaderCommentInput(required=True)

    comment = graphene.Field(OwnReaderComment)
    errors = _errors_field()

    def mutate(self, info, input):
        result = service.edit_comment(input["token"], input["body"], info.context)
        return EditReaderComment(comment=result.comment, errors=_errors(result))


class DeleteReaderCommentInput(graphene.InputObjectType):
    token = graphene.String(required=True)


class DeleteReaderComment(graphene.Mutation):
    class Meta:
        name = "DeleteReaderCommentPayload"

    class Arguments:
        input = DeleteReaderCommentInput(required=True)

    ok = graphene.Boolean(required=True)
    errors = _errors_field()

    def mutate(self, info, input):
        result = service.delete_comment(input["token"], info.context)
        return DeleteReaderComment(ok=result.ok, errors=_errors(result))


class ReportReaderCommentInput(graphene.InputObjectType):
    comment = graphene.ID(required=True)
    reason = ReaderCommentReportReason(required=True)
    detail = graphene.String()


class ReportReaderComment(graphene.Mutation):
    """Flag a published comment for the moderators."""

    class Meta:
        name = "ReportReaderCommentPayload"

    class Arguments:
        input = ReportReaderCommentInput(required=True)

    ok = graphene.Boolean(required=True)
    errors = _errors_field()

    def mutate(self, info, input):
        result = service.report_comment(
            input["comment"], input["reason"], input.get("detail"), info.context
        )
        return ReportReaderComment(ok=result.ok, errors=_errors(result))


class CommentMutations(graphene.ObjectType):
    create_reader_comment = CreateReaderComment.Field(required=True)
    edit_reader_comment = EditReaderComment.Field(required=True)
    delete_reader_comment = DeleteReaderComment.Field(required=True)
    report_reader_comment = ReportReaderComment.Field(required=True)
