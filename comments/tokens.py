"""Signed tokens for comment links, so no secret is stored and nothing private is in a URL.

Each kind has its own salt: a token made for one purpose is useless for another.

- author: the poster sees, edits and deletes their comment for
  `COMMENTS["AUTHOR_TOKEN_MAX_AGE"]` seconds from posting (issue it once).
- notify confirm: the "email me about replies" confirmation link (proves the
  address, so it also sets `email_verified`).
- unsubscribe: in every reply email; never expires.
- erasure: "erase my comments", confirmed by email; carries the canonical
  address, so no request needs storing (`CommentEmail` kind erasure_confirm
  records that the email was sent).
"""

from django.conf import settings
from django.core import signing

from pledges.identity import canonical_email

AUTHOR_SALT = "comments.author"
NOTIFY_CONFIRM_SALT = "comments.notify-confirm"
UNSUBSCRIBE_SALT = "comments.unsubscribe"
ERASURE_SALT = "comments.erasure"


def _load(token, salt, max_age=None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None


def author_token(comment):
    return signing.dumps(comment.pk, salt=AUTHOR_SALT)


def author_comment_id(token):
    return _load(token, AUTHOR_SALT, settings.COMMENTS["AUTHOR_TOKEN_MAX_AGE"])


def notify_confirm_token(comment):
    return signing.dumps(comment.pk, salt=NOTIFY_CONFIRM_SALT)


def notify_confirm_comment_id(token):
    return _load(token, NOTIFY_CONFIRM_SALT, settings.COMMENTS["NOTIFY_TOKEN_MAX_AGE"])


def unsubscribe_token(comment):
    return signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_comment_id(token):
    return _load(token, UNSUBSCRIBE_SALT)


def erasure_token(email):
    return signing.dumps(canonical_email(email), salt=ERASURE_SALT)


def erasure_email(token):
    """The canonical email whose comments the holder may erase, or None."""
    return _load(token, ERASURE_SALT, settings.COMMENTS["ERASURE_TOKEN_MAX_AGE"])
