"""Emails about comments: owed rows in the `CommentEmail` outbox (sent by core.outbox).

Who hears what, and when:

- moderators (active users with an email and the `comments.moderate_readercomment`
  permission, superusers included): a comment waiting for them. The first
  at once; while one went out less than `MODERATOR_DIGEST_MINUTES` ago,
  newer ones wait for a single digest.
- an author: their comment was published by a moderator.
- a reply subscriber (ticked "email me about replies" and confirmed it): an
  approved reply to their comment, with an unsubscribe link.
- a poster who ticked the box: the confirmation link, first.
- anyone asking to erase their comments: the confirmation link.

No email ever carries text a moderator has not published: moderators are
told where to look, not what was written.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import CommentEmail, ReaderComment
from .tokens import erasure_token, notify_confirm_token, unsubscribe_token

Kind = CommentEmail.Kind
Status = ReaderComment.Status
MODERATOR_KINDS = (Kind.MODERATOR_NEW, Kind.MODERATOR_DIGEST)


def moderators():
    """Who moderates: the permission directly, through a group, or as a superuser."""
    permission = Permission.objects.filter(
        content_type__app_label="comments", codename="moderate_readercomment"
    ).first()
    has = Q(is_superuser=True)
    if permission is not None:
        has |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    return (
        get_user_model()
        .objects.filter(has, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def send_soon():
    """In dev and tests, send what is owed once the current transaction commits."""
    from core import outbox

    from .tasks import OUTBOX

    outbox.send_after_commit(OUTBOX)


def _queue(kind, recipient, comment=None):
    if not recipient:
        return None
    if comment is None:
        return CommentEmail.objects.create(kind=kind, recipient=recipient)
    row, _ = CommentEmail.objects.get_or_create(kind=kind, comment=comment, recipient=recipient)
    return row


def _digest_window():
    return datetime.timedelta(minutes=settings.COMMENTS["MODERATOR_DIGEST_MINUTES"])


def _last_moderator_email():
    return CommentEmail.objects.filter(kind__in=MODERATOR_KINDS).order_by("-created_at").first()


def notify_moderators(comment, now=None):
    """The first waiting comment is news at once; later ones wait for the digest."""
    now = now or timezone.now()
    last = _last_moderator_email()
    if last is not None and now - last.created_at < _digest_window():
        return False
    for user in moderators():
        _queue(Kind.MODERATOR_NEW, user.email, comment)
    return True


def queue_moderator_digest(now=None):
    """One digest when comments went pending after the last moderator email and its window passed."""
    now = now or timezone.now()
    last = _last_moderator_email()
    if last is None or now - last.created_at < _digest_window():
        return False
    covered = CommentEmail.objects.filter(kind=Kind.MODERATOR_NEW, created_at__gte=last.created_at)
    waiting = (
        ReaderComment.objects.pending()
        .filter(status_changed_at__gt=last.created_at)
        .exclude(pk__in=covered.values("comment_id"))
    )
    if not waiting.exists():
        return False
    for user in moderators():
        _queue(Kind.MODERATOR_DIGEST, user.email)
    return True


def queue_author_approved(comment):
    return _queue(Kind.AUTHOR_APPROVED, comment.email, comment)


def queue_notify_confirm(comment):
    return _queue(Kind.NOTIFY_CONFIRM, comment.email, comment)


def subscriber_of(reply):
    """The parent comment whose author wants to hear of this reply, or None."""
    parent = reply.parent
    if (
        parent is None
        or not parent.notify_replies
        or parent.notify_confirmed_at is None
        or not parent.email
        or parent.status == Status.DELETED
        or parent.email_canonical == reply.email_canonical
    ):
        return None
    return parent


def queue_reply(reply):
    parent = subscriber_of(reply)
    return _queue(Kind.REPLY, parent.email, reply) if parent else None


def queue_erasure_confirm(email):
    return _queue(Kind.ERASURE_CONFIRM, email)


def still_wanted(row):
    """Whether the email still says something true; rows that do not are dropped unsent."""
    comment = row.comment
    if row.kind in (Kind.AUTHOR_APPROVED, Kind.REPLY):
        if comment is None or comment.status != Status.APPROVED:
            return False
        return row.kind == Kind.AUTHOR_APPROVED or subscriber_of(comment) is not None
    if row.kind == Kind.MODERATOR_NEW:
        return comment is not None and comment.status == Status.PENDING
    if row.kind == Kind.NOTIFY_CONFIRM:
        return (
            comment is not None
            and comment.status in (Status.PENDING, Status.APPROVED)
            and comment.notify_replies
            and comment.notify_confirmed_at is None
        )
    return True


def _absolute(path):
    return settings.BASE_URL + path


def _admin_queue_url():
    try:
        return _absolute(reverse("reader_comments:index"))
    except NoReverseMatch:
        return _absolute(reverse("wagtailadmin_home"))


def _page_url(page, comment=None):
    url = _absolute(page.url or "/")
    return f"{url}#comment-{comment.pk}" if comment is not None else url


def _context(row):
    comment = row.comment
    context = {"campaign": settings.WAGTAIL_SITE_NAME, "admin_url": _admin_queue_url()}
    if comment is not None:
        context.update(page=comment.page, comment_url=_page_url(comment.page, comment))
    if row.kind == Kind.REPLY:
        parent = comment.parent
        context.update(
            reply=comment,
            unsubscribe_url=_absolute(
                reverse("comments:unsubscribe", args=[unsubscribe_token(parent)])
            ),
        )
    elif row.kind == Kind.NOTIFY_CONFIRM:
        token = notify_confirm_token(comment)
        context["confirm_url"] = _absolute(reverse("comments:confirm_notify", args=[token]))
    elif row.kind == Kind.ERASURE_CONFIRM:
        token = erasure_token(row.recipient)
        context["erase_url"] = _absolute(reverse("comments:erase_confirm", args=[token]))
    elif row.kind == Kind.MODERATOR_DIGEST:
        context["pages"] = (
            ReaderComment.objects.pending()
            .values("page__title")
            .annotate(waiting=Count("pk"))
            .order_by("-waiting", "page__title")[:20]
        )
        context["waiting"] = ReaderComment.objects.pending().count()
    return context


def build_message(row, connection=None):
    context = _context(row)
    template = f"comments/email/{row.kind}"
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(
        subject, body, settings.DEFAULT_FROM_EMAIL, [row.recipient], connection=connection
    )
    if "unsubscribe_url" in context:
        message.extra_headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message
