"""Hook points for work that follows a comment's moderation (emails, cache purges).

`comment_status_changed` is sent after the transaction that changed the status
commits, never for a rolled-back change, with:

- `sender`: `ReaderComment`
- `comment`: the `ReaderComment`, as saved
- `change`: the `CommentStatusChange` row just written
- `from_status`: the previous status, "" for a newly posted comment
- `to_status`, `reason`: as on `change`
- `actor`: the moderator, or None for the pipeline and automatic rules
- `created`: True when the comment was just posted (`comments.status.record_new_comment`)
"""

from django.dispatch import Signal

comment_status_changed = Signal()
