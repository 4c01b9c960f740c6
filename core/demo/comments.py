"""Demo reader comments on the wish-list story: a published thread, and some for the queue.

Written straight to the tables with their first history row, not through
`comments.status`, so loading the demo sends no emails. Each comment is found
again by its page, author email and text, so a second load adds nothing.
"""

import datetime

from django.utils import timezone

from comments.models import BlockRule, CommentStatusChange, ReaderComment

from .tally import CREATED, PRESENT

Status = ReaderComment.Status
Reason = ReaderComment.Reason
DOMAIN = "demo.keepitlocal.example"

# key, parent key, name, email local part, website, body, status, reason, days before now
COMMENTS = [
    (
        "food-bank",
        None,
        "Nadia Rahman",
        "nadia",
        "",
        "Our food bank has been asking for exactly this. A three-year grant would let us "
        "plan instead of scrambling every April.\n\nThank you for putting it so clearly.",
        Status.APPROVED,
        Reason.MODERATOR,
        9,
    ),
    (
        "food-bank-reply",
        "food-bank",
        "Tom Riley",
        "tom",
        "https://example.org/community-hub",
        "Same here. We moved to a longer grant last year and it changed everything: we "
        "could finally keep our volunteer coordinator on.",
        Status.APPROVED,
        Reason.MODERATOR,
        8,
    ),
    (
        "food-bank-reply-2",
        "food-bank-reply",
        "Nadia Rahman",
        "nadia",
        "",
        "That is good to hear. Did your council ask for anything extra in return?",
        Status.APPROVED,
        Reason.PASSED,
        7,
    ),
    (
        "welsh",
        None,
        "Gwen Morgan",
        "gwen",
        "",
        "Diolch! Mae hyn yn wir yng Nghymru hefyd: ŵyr a wyresau'n gwirfoddoli yn y "
        "ganolfan bob wythnos.",
        Status.APPROVED,
        Reason.MODERATOR,
        6,
    ),
    (
        "first-timer",
        None,
        "Sam Okafor",
        "sam",
        "",
        "Is there a list of councils that have already signed up? I'd like to ask mine.",
        Status.PENDING,
        Reason.FIRST_TIME,
        1,
    ),
    (
        "links",
        "food-bank",
        "Priya Shah",
        "priya",
        "",
        "We wrote about this too: https://example.org/our-story and the report at "
        "https://example.org/report.pdf",
        Status.PENDING,
        Reason.LINKS,
        1,
    ),
    (
        "spam",
        None,
        "Best Casino Deals",
        "deals",
        "https://casino.example",
        "Great post!! Win big at our casino today, bonus for every reader.",
        Status.SPAM,
        Reason.BLOCK_RULE,
        0,
    ),
]
SPAM_RULE = {"kind": BlockRule.Kind.KEYWORD, "value": "casino", "action": BlockRule.Action.REJECT}


def _ensure_rule(tally):
    rule, created = BlockRule.objects.get_or_create(
        kind=SPAM_RULE["kind"],
        value=SPAM_RULE["value"],
        defaults={"action": SPAM_RULE["action"], "note": "Demo rule: marks casino spam."},
    )
    tally.add("block rules", rule.value, CREATED if created else PRESENT)
    return rule


def load_demo_comments(tally, story):
    rule = _ensure_rule(tally)
    now = timezone.now()
    made = {}
    for key, parent, name, local, website, body, status, reason, days in COMMENTS:
        email = f"{local}@{DOMAIN}"
        existing = ReaderComment.objects.filter(page=story, email=email, body=body).first()
        if existing is not None:
            made[key] = existing
            tally.add("reader comments", key, PRESENT)
            continue
        when = now - datetime.timedelta(days=days, hours=len(made))
        comment = ReaderComment(
            page=story,
            parent=made.get(parent),
            name=name,
            email=email,
            website=website,
            body=body,
            status=status,
            status_reason=reason,
            status_note=f'Matched block rules: #{rule.pk} keyword "casino".'
            if reason == Reason.BLOCK_RULE
            else "",
            email_verified=status == Status.APPROVED,
            created_at=when,
            status_changed_at=when,
            approved_at=when if status == Status.APPROVED else None,
        )
        comment.save()
        CommentStatusChange.objects.create(
            comment=comment,
            from_status="",
            to_status=status,
            reason=reason,
            note=comment.status_note,
            created_at=when,
        )
        made[key] = comment
        tally.add("reader comments", key, CREATED)
    return made
