"""The steps before a comment is judged: where it goes, what it says, who sends it."""

import logging

from django.conf import settings

from pledges import abuse
from pledges.identity import canonical_email, hash_value
from pledges.signing import is_own_origin

from ..errors import Code, CommentError
from ..forms import TOKEN_EXPIRED, TOKEN_OK, CommentForm, check_form_token
from ..identity import account_identity
from ..models import CommentablePageMixin, ReaderComment
from .base import DROP, REFUSE, Verdict

logger = logging.getLogger("comments.pipeline")

FORM_CODES = {"required": Code.REQUIRED, "max_length": Code.TOO_LONG, "too_long": Code.TOO_LONG}


def _refuse(field, code, message, retry_after=None):
    return Verdict(REFUSE, errors=[CommentError(field, code, message, retry_after)])


def origin_is_own(sub):
    """Only our own pages post comments from a browser.

    /graphql/ answers partners' origins over CORS so that their widgets can
    sign pledges; that must not let a partner's page (or a script on it) post
    comments in a reader's name. Requests without an Origin (server-side
    clients, old browsers' same-origin posts) carry on to the other checks.
    """
    origin = sub.request.META.get("HTTP_ORIGIN") if sub.request is not None else None
    if origin and not is_own_origin(sub.request, origin.rstrip("/")):
        return _refuse(
            None, Code.FORBIDDEN_ORIGIN, "Comments can only be posted from the Keep it Local site."
        )
    return None


def page_is_public(sub):
    """The page exists, is live and public on this site, and takes comments at all."""
    if not isinstance(sub.page, CommentablePageMixin) or not sub.visibility.is_public(sub.page):
        return _refuse("page", Code.PAGE_NOT_FOUND, "There is no such page to comment on.")
    return None


def comments_open(sub):
    state = sub.page.comments_state(sub.comment_settings, now=sub.now)
    if not state.open:
        return _refuse(None, Code.CLOSED, state.message)
    return None


def form_is_valid(sub):
    """Field checks, with the signed-in commenter's name and email taken from the account."""
    sub.form = form = CommentForm(sub.data, user=sub.user)
    if not form.is_valid():
        errors = [
            CommentError(
                None if name == "__all__" else name,
                FORM_CODES.get(error["code"], Code.INVALID),
                error["message"],
            )
            for name, field_errors in form.errors.get_json_data().items()
            for error in field_errors
        ]
        return Verdict(REFUSE, errors=errors)
    cleaned = form.cleaned_data
    sub.name, sub.email, sub.email_verified = cleaned["name"], cleaned["email"], False
    if sub.user is not None:
        account_name, account_email, verified = account_identity(sub.user)
        sub.name = sub.name or account_name
        sub.email, sub.email_verified = account_email, verified
        if not sub.name:
            return _refuse("name", Code.REQUIRED, "Enter your name.")
    sub.email_canonical = canonical_email(sub.email) if sub.email else ""
    sub.website = cleaned["website"]
    sub.body = cleaned["body"]
    sub.notify_replies = bool(cleaned["notify_replies"] and sub.email)
    return None


def parent_is_approved(sub):
    """A reply answers an approved comment on the same page, not too deep in its thread."""
    parent_id = sub.form.cleaned_data.get("parent")
    if not parent_id:
        return None
    parent = ReaderComment.objects.approved().filter(pk=parent_id, page_id=sub.page.pk).first()
    if parent is None:
        return _refuse(
            "parent", Code.PARENT_NOT_FOUND, "The comment you are replying to is not available."
        )
    if parent.depth + 1 > settings.COMMENTS["MAX_DEPTH"]:
        return _refuse(
            "parent",
            Code.MAX_DEPTH,
            "This conversation cannot go any deeper. Reply to an earlier comment instead.",
        )
    sub.parent = parent
    return None


def honeypot_is_empty(sub):
    if (sub.data.get("homepage") or "").strip():
        logger.info("Dropped a comment on page %s: honeypot filled", sub.page.pk)
        return Verdict(DROP, "honeypot")
    return None


def form_token_is_fresh(sub):
    """Too fast or forged: a bot, dropped. Merely old: a person who left the tab open."""
    status = check_form_token(sub.data.get("form_token"), sub.page.pk)
    if status == TOKEN_OK:
        return None
    if status == TOKEN_EXPIRED:
        return _refuse(
            "form_token",
            Code.INVALID,
            "This form has expired. Please send your comment again.",
        )
    logger.info("Dropped a comment on page %s: form token %s", sub.page.pk, status)
    return Verdict(DROP, f"form_token_{status}")


def challenge_is_solved(sub):
    if settings.COMMENTS["CHALLENGE"] and not abuse.challenge_passes(sub.data.get("challenge")):
        return _refuse(
            "challenge", Code.CHALLENGE_FAILED, "The anti-spam check failed. Please try again."
        )
    return None


def rate_wait(scope, identity, windows):
    """Seconds until every (count, seconds) window allows another comment; 0 if they do."""
    waits = [abuse.hit(scope, identity, count, seconds) for count, seconds in windows]
    return max(waits, default=0)


def rate_limited_error(wait):
    unit = "seconds" if wait < 120 else "minutes"
    amount = wait if unit == "seconds" else round(wait / 60)
    return CommentError(
        None,
        Code.RATE_LIMITED,
        f"You are commenting too quickly. Please wait about {amount} {unit} and try again.",
        retry_after=int(wait),
    )


def within_rate_limits(sub):
    """Per hashed IP and per mailbox, counted in the shared cache for every app server."""
    wait = rate_wait("comment-ip", sub.ip_hash, settings.COMMENTS["RATE_PER_IP"])
    if sub.email_canonical:
        wait = max(
            wait,
            rate_wait(
                "comment-email",
                hash_value(sub.email_canonical),
                settings.COMMENTS["RATE_PER_EMAIL"],
            ),
        )
    if wait:
        return Verdict(REFUSE, errors=[rate_limited_error(wait)])
    return None
