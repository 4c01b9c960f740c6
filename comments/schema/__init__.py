"""The comments API: `readerComments`, `readerCommentSettings`, `ownReaderComment` and
the create, edit, delete and report mutations (see docs/api.md)."""

from .mutations import CommentMutations
from .queries import CommentQueries

__all__ = ["CommentMutations", "CommentQueries"]
