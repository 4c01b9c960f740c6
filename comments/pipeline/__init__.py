"""The moderation pipeline: every new comment passes these steps, in this order.

Each step is a small function of a `Submission` that returns None (carry on)
or a `Verdict`. Refusals (a mistake the poster can fix, a closed page, a rate
limit) and silent outcomes (a bot dropped, a comment marked as spam) end the
run at once. A hold is remembered and the remaining checks still run, so the
moderator sees every reason in the comment's note, not just the first.

    origin_is_own, page_is_public, comments_open, form_is_valid,
    parent_is_approved, honeypot_is_empty, form_token_is_fresh, challenge_is_solved,
    within_rate_limits, sanitise, not_a_duplicate, block_rules,
    too_many_links, first_time_commenter

`comments.service.create_comment` runs them; an author's edit runs
`EDIT_STEPS` (sanitise, block rules, links) on the new text.
"""

from .base import DROP, HOLD, REFUSE, SPAM, Submission, Verdict, run
from .checks import (
    block_rules,
    first_time_commenter,
    is_trusted,
    not_a_duplicate,
    sanitise,
    too_many_links,
)
from .gates import (
    challenge_is_solved,
    comments_open,
    form_is_valid,
    form_token_is_fresh,
    honeypot_is_empty,
    origin_is_own,
    page_is_public,
    parent_is_approved,
    within_rate_limits,
)

STEPS = (
    origin_is_own,
    page_is_public,
    comments_open,
    form_is_valid,
    parent_is_approved,
    honeypot_is_empty,
    form_token_is_fresh,
    challenge_is_solved,
    within_rate_limits,
    sanitise,
    not_a_duplicate,
    block_rules,
    too_many_links,
    first_time_commenter,
)
EDIT_STEPS = (sanitise, block_rules, too_many_links)

__all__ = [
    "DROP",
    "EDIT_STEPS",
    "HOLD",
    "REFUSE",
    "SPAM",
    "STEPS",
    "Submission",
    "Verdict",
    "block_rules",
    "challenge_is_solved",
    "comments_open",
    "first_time_commenter",
    "form_is_valid",
    "form_token_is_fresh",
    "honeypot_is_empty",
    "is_trusted",
    "not_a_duplicate",
    "page_is_public",
    "parent_is_approved",
    "run",
    "sanitise",
    "too_many_links",
    "within_rate_limits",
]
