from dataclasses import dataclass, field

from django.utils import timezone

REFUSE = "refuse"  # tell the poster what to fix; nothing stored
DROP = "drop"  # a bot: answer as if held, store nothing
SPAM = "spam"  # store as spam, answer as if held
HOLD = "hold"  # store as pending for a moderator
FINAL = {REFUSE, DROP, SPAM}


@dataclass
class Verdict:
    outcome: str
    reason: str = ""  # a ReaderComment.Reason for stored comments; a log word for drops
    note: str = ""  # for moderators (never shown to the poster)
    errors: list = field(default_factory=list)


@dataclass
class Submission:
    """One comment on its way through the pipeline, and what the steps learnt."""

    page: object
    data: dict
    request: object = None
    user: object = None
    comment_settings: object = None
    visibility: object = None  # cms.graphql.visibility.Visibility for the request's site
    now: object = field(default_factory=timezone.now)
    form: object = None
    parent: object = None
    name: str = ""
    email: str = ""
    email_canonical: str = ""
    email_verified: bool = False
    website: str = ""
    body: str = ""
    notify_replies: bool = False
    ip_hash: str = ""
    ip_prefix_hash: str = ""
    links: list = field(default_factory=list)
    # (step, outcome, reason, note) for every step that said something.
    trace: list = field(default_factory=list)


def run(submission, steps):
    """The verdict of the first final step, else the first hold, else None (publish).

    A held comment's note joins the notes of every hold, in step order.
    """
    holds = []
    for step in steps:
        verdict = step(submission)
        if verdict is None:
            continue
        submission.trace.append((step.__name__, verdict.outcome, verdict.reason, verdict.note))
        if verdict.outcome in FINAL:
            return verdict
        holds.append(verdict)
    if not holds:
        return None
    note = " ".join(hold.note for hold in holds if hold.note)
    return Verdict(HOLD, holds[0].reason, note)
