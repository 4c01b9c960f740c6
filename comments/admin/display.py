"""How a comment is named and described across the Comments admin."""

from django.utils.text import Truncator

from pledges.admin.display import ip_prefix as hash_prefix

EXCERPT_WORDS = 16


def excerpt(comment):
    """The first words of the text, on one line, for listings."""
    return Truncator(" ".join(comment.body.split())).words(EXCERPT_WORDS) or "(empty)"


def comment_label(comment):
    """How logs and headings name a comment: never by the commenter, who may be erased."""
    return f"Comment {comment.pk}"


__all__ = ["comment_label", "excerpt", "hash_prefix"]
