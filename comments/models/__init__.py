from .accounts import Commenter
from .comments import CommentQuerySet, ReaderComment
from .emails import CommentEmail
from .history import CommentStatusChange
from .pages import CommentablePageMixin, CommentState
from .reports import CommentReport
from .rules import BlockRule
from .settings import CommentSettings

__all__ = [
    "BlockRule",
    "Commenter",
    "CommentEmail",
    "CommentQuerySet",
    "CommentReport",
    "CommentSettings",
    "CommentState",
    "CommentStatusChange",
    "CommentablePageMixin",
    "ReaderComment",
]
