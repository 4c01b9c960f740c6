"""Posting, editing, deleting and reporting comments: the rules in one place.

The HTML views and the GraphQL mutations both call these, so a comment is
judged the same way whichever door it came through. Expected failures come
back as `CommentError`s with a stable `Code`; nothing here raises for bad
input, and nothing tells a poster that their comment was taken for spam.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cms.graphql.visibility import Visibility, current, parse_id
from pledges.identity import client_ip, hash_ip, hash_ip_prefix

from . import pipeline
from .errors import PENDING_MODERATION, PUBLISHED, Code, CommentError, CommentResult, refused
from .forms import BodyField
from .models import CommentEmail, CommentReport, CommentSettings, ReaderComment
from .pipeline.gates import rate_limited_error, rate_wait
from .status import change_status, record_new_comment
from .tokens import author_comment_id, author_token

Status = ReaderComment.Status
Reason = ReaderComment.Reason

__all__ = [
    "Code",
    "CommentError",
    "CommentResult",
    "create_comment",
    "delete_comment",
    "edit_comment",
    "own_comment",
    "report_comment",
]

OUTCOME_STATUS = {pipeline.HOLD: Status.PENDING, pipeline.SPAM: Status.SPAM}


def _plain(data):
    """A QueryDict's last value per key, or a copy of a dict."""
    if hasattr(data, "dict"):
        return data.dict()
    return dict(data or {})


def _visibility(request):
    return Visibility(request) if request is not None else current()


def settings_for(page, visibility=None):
    site = visibility.site if visibility is not None else page.get_site()
    return CommentSettings.for_site(site) if site else CommentSettings()


def state_of(comment):
    return PUBLISHED if comment.status == Status.APPROVED else PENDING_MODERATION


def _ip_hashes(request):
    ip = client_ip(request) if request is not None else ""
    return hash_ip(ip), hash_ip_prefix(ip)


def create_comment(page, data, request, *, user=None):
    """Run a new comment through the pipeline; store it unless refused or a bot's."""
    if page is not None and type(page) is not page.specific_class:
        page = page.specific
    visibility = _visibility(request)
    ip_hash, ip_prefix_hash = _ip_hashes(request)
    submission = pipeline.Submission(
        page=page,
        data=_plain(data),
        request=request,
        user=user if getattr(user, "is_authenticated", False) else None,
        visibility=visibility,
        ip_hash=ip_hash,
        ip_prefix_hash=ip_prefix_hash,
    )
    if page is not None:
        submission.comment_settings = settings_for(page, visibility)
    verdict = pipeline.run(submission, pipeline.STEPS)
    if verdict is not None and verdict.outcome == pipeline.REFUSE:
        return refused(*verdict.errors, form=submission.form)
    if verdict is not None and verdict.outcome == pipeline.DROP:
        return CommentResult(state=PENDING_MODERATION, form=submission.form)
    comment = _new_comment(submission, verdict)
    record_new_comment(comment)
    return CommentResult(
        state=state_of(comment),
        comment=comment,
        author_token=author_token(comment),
        form=submission.form,
    )


def _new_comment(sub, verdict):
    if verdict is None:
        status, reason, note = Status.APPROVED, Reason.PASSED, ""
    else:
        status, reason, note = OUTCOME_STATUS[verdict.outcome], verdict.reason, verdict.note
    # A signed-in commenter's proven address needs no confirmation link.
    confirmed = sub.now if sub.notify_replies and sub.email_verified else None
    return ReaderComment(
        page=sub.page,
        parent=sub.parent,
        name=sub.name,
        email=sub.email,
        website=sub.website,
        body=sub.body,
        notify_replies=sub.notify_replies,
        notify_confirmed_at=confirmed,
        user=sub.user,
        email_verified=sub.email_verified,
        ip_hash=sub.ip_hash,
        ip_prefix_hash=sub.ip_prefix_hash,
        created_at=sub.now,
        status=status,
        status_reason=reason,
        status_note=note,
    )


def own_comment(token):
    """The author's own comment while the token lasts, whatever its status but deleted."""
    comment_id = author_comment_id(token or "")
    if not isinstance(comment_id, int):
        return None
    return (
        ReaderComment.objects.select_related("page")
        .exclude(status=Status.DELETED)
        .filter(pk=comment_id)
        .first()
    )


def _gone():
    return CommentError(
        "token", Code.INVALID, "This comment can no longer be changed: the time for that is up."
    )


def edit_comment(token, body, request):
    """The author rewrites their comment within the window; the new text is checked again.

    Block rules and the link limit run on the new text. A published comment
    goes back to moderation when they would hold it, and also when a
    moderator published it and the sender is not yet trusted on their own
    (otherwise approval could be traded for different words).
    """
    comment = own_comment(token)
    if comment is None:
        return refused(_gone())
    field = BodyField(required=False)
    try:
        text = field.clean(body)
    except Exception as error:  # noqa: BLE001 - a ValidationError, reported like the form's
        code = Code.TOO_LONG if getattr(error, "code", "") == "too_long" else Code.REQUIRED
        return refused(CommentError("body", code, error.messages[0]))
    page = comment.page.specific
    submission = pipeline.Submission(
        page=page,
        data={},
        comment_settings=settings_for(page),
        name=comment.name,
        email=comment.email,
        email_canonical=comment.email_canonical,
        email_verified=comment.email_verified,
        website=comment.website,
        body=text,
        ip_prefix_hash=_ip_hashes(request)[1] or comment.ip_prefix_hash,
    )
    verdict = pipeline.run(submission, pipeline.EDIT_STEPS)
    with transaction.atomic():
        comment.body = submission.body
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "edited_at"])
        _recheck(comment, verdict)
    return CommentResult(state=state_of(comment), comment=comment, author_token=token)


def _recheck(comment, verdict):
    if comment.status not in (Status.APPROVED, Status.PENDING):
        return  # spam and rejected stay where they are, unseen
    if verdict is not None and verdict.outcome == pipeline.SPAM:
        change_status(comment, Status.SPAM, verdict.reason, note=verdict.note)
    elif comment.status != Status.APPROVED:
        return
    elif verdict is not None:
        change_status(comment, Status.PENDING, verdict.reason, note=verdict.note)
    elif not (comment.email_verified and pipeline.is_trusted(comment.email_canonical, comment.pk)):
        change_status(
            comment,
            Status.PENDING,
            Reason.AUTHOR_EDITED,
            note="Edited after a moderator published it.",
        )


def delete_comment(token, request):
    """The author takes their comment down; its replies stay, under a placeholder."""
    comment = own_comment(token)
    if comment is None:
        return refused(_gone())
    with transaction.atomic():
        change_status(comment, Status.DELETED, Reason.AUTHOR_DELETED)
        CommentEmail.objects.filter(comment=comment, sent_at__isnull=True).delete()
    return CommentResult()


def report_comment(comment_id, reason, detail, request):
    """A reader flags a published comment; enough reports send it back to moderation.

    One report per comment per address counts; a repeat is thanked the same way.
    """
    pk = parse_id(comment_id)
    comment = None
    if pk is not None:
        comment = ReaderComment.objects.approved().select_related("page").filter(pk=pk).first()
    if comment is None or not _visibility(request).is_public(comment.page):
        return refused(CommentError("comment", Code.INVALID, "There is no such comment."))
    reason = getattr(reason, "value", reason)
    if reason not in CommentReport.Reason.values:
        return refused(CommentError("reason", Code.INVALID, "Choose a reason for the report."))
    detail = (detail or "").strip()
    if len(detail) > 1000:
        return refused(
            CommentError("detail", Code.TOO_LONG, "Keep the details to 1000 characters or fewer.")
        )
    ip_hash = _ip_hashes(request)[0]
    wait = rate_wait("comment-report", ip_hash, settings.COMMENTS["RATE_PER_IP"])
    if wait:
        return refused(rate_limited_error(wait))
    try:
        with transaction.atomic():
            CommentReport.objects.create(
                comment=comment, reason=reason, detail=detail, reporter_ip_hash=ip_hash or None
            )
    except IntegrityError:
        return CommentResult()  # this address reported it already
    _count_report(comment)
    return CommentResult()


def _count_report(comment):
    """Open reports count towards the threshold; a moderator's approval resolves them."""
    threshold = settings_for(comment.page.specific).report_threshold
    with transaction.atomic():
        ReaderComment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
        open_reports = CommentReport.objects.filter(comment=comment, resolved_at__isnull=True)
        count = open_reports.count()
        if threshold and count >= threshold and comment.is_approved:
            change_status(comment, Status.PENDING, Reason.REPORTS, note=f"{count} reader reports.")
