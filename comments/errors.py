"""Stable error codes and the result every comment action returns."""

from dataclasses import dataclass, field


class Code:
    """Codes a client can switch on; messages may change, these never do."""

    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    CLOSED = "CLOSED"
    PAGE_NOT_FOUND = "PAGE_NOT_FOUND"
    PARENT_NOT_FOUND = "PARENT_NOT_FOUND"
    MAX_DEPTH = "MAX_DEPTH"
    DUPLICATE = "DUPLICATE"
    RATE_LIMITED = "RATE_LIMITED"
    CHALLENGE_FAILED = "CHALLENGE_FAILED"
    FORBIDDEN_ORIGIN = "FORBIDDEN_ORIGIN"

    ALL = (
        INVALID,
        REQUIRED,
        TOO_LONG,
        CLOSED,
        PAGE_NOT_FOUND,
        PARENT_NOT_FOUND,
        MAX_DEPTH,
        DUPLICATE,
        RATE_LIMITED,
        CHALLENGE_FAILED,
        FORBIDDEN_ORIGIN,
    )


@dataclass
class CommentError:
    field: str | None  # the form field's name (snake_case), or None for the whole form
    code: str
    message: str
    retry_after: int | None = None


PUBLISHED = "PUBLISHED"
PENDING_MODERATION = "PENDING_MODERATION"


@dataclass
class CommentResult:
    """What a poster may learn: never whether a comment was taken for spam.

    `state` is PUBLISHED for an approved comment and PENDING_MODERATION for
    anything else that was accepted (held, spam, or a bot's post dropped
    without storing, which has no `comment`).
    """

    state: str | None = None
    comment: object = None
    author_token: str | None = None
    errors: list = field(default_factory=list)
    form: object = None

    @property
    def ok(self):
        return not self.errors


def refused(*errors, form=None):
    return CommentResult(errors=list(errors), form=form)
