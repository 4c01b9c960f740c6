"""The steps that judge a comment's content and its sender's standing."""

import datetime
import re
import unicodedata
from urllib.parse import urlsplit

from django.db.models import Q

from ..errors import Code, CommentError
from ..models import BlockRule, ReaderComment
from ..render import find_links, normalise_line, normalise_text
from .base import HOLD, REFUSE, SPAM, Verdict

Reason = ReaderComment.Reason
Status = ReaderComment.Status
DUPLICATE_WINDOW = datetime.timedelta(days=1)


def sanitise(sub):
    """Store text only as plain, normalised text, and note the links it will show."""
    sub.body = normalise_text(sub.body)
    sub.name = normalise_line(sub.name)
    sub.links = find_links(sub.body)
    return None


def _fingerprint(text):
    return " ".join(text.casefold().split())


def not_a_duplicate(sub):
    """The same words from the same mailbox or address on this page within a day."""
    who = Q()
    if sub.email_canonical:
        who |= Q(email_canonical=sub.email_canonical)
    if sub.ip_hash:
        who |= Q(ip_hash=sub.ip_hash)
    if not who:
        return None
    bodies = (
        ReaderComment.objects.filter(
            page_id=sub.page.pk, created_at__gte=sub.now - DUPLICATE_WINDOW
        )
        .exclude(status=Status.DELETED)
        .filter(who)
        .values_list("body", flat=True)
    )
    fingerprint = _fingerprint(sub.body)
    if any(_fingerprint(body) == fingerprint for body in bodies):
        error = CommentError("body", Code.DUPLICATE, "You have already posted this comment here.")
        return Verdict(REFUSE, Reason.DUPLICATE, errors=[error])
    return None


def _host(url):
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def _in_domain(host, domain):
    return bool(host) and (host == domain or host.endswith("." + domain))


def _folded(text):
    return unicodedata.normalize("NFC", text or "").casefold()


def rule_matches(rule, sub):
    """Does one block rule match the sender or the text?"""
    if rule.kind == BlockRule.Kind.EMAIL:
        return bool(sub.email_canonical) and sub.email_canonical == rule.value
    if rule.kind == BlockRule.Kind.IP_PREFIX:
        return bool(sub.ip_prefix_hash) and sub.ip_prefix_hash == rule.value
    if rule.kind == BlockRule.Kind.DOMAIN:
        domain = rule.value.lower()
        hosts = [sub.email_canonical.rpartition("@")[2], _host(sub.website)]
        hosts += [_host(link) for link in sub.links]
        return any(_in_domain(host, domain) for host in hosts)
    keyword = _folded(rule.value).strip()
    if not keyword:
        return False
    pattern = re.compile(rf"(?<!\w){re.escape(keyword)}(?!\w)")
    fields = (sub.name, sub.email, sub.website, sub.body)
    return any(pattern.search(_folded(value)) for value in fields)


def _describe(rule):
    # Only a keyword is named: an email or domain in a note would outlive an erasure.
    if rule.kind == BlockRule.Kind.KEYWORD:
        return f'#{rule.pk} keyword "{rule.value}"'
    return f"#{rule.pk} {rule.get_kind_display().lower()}"


def block_rules(sub):
    """Active, unexpired rules: any "reject" match marks it spam, else any match holds it."""
    matched = [rule for rule in BlockRule.objects.active(now=sub.now) if rule_matches(rule, sub)]
    if not matched:
        return None
    rejecting = [rule for rule in matched if rule.action == BlockRule.Action.REJECT]
    named = "; ".join(_describe(rule) for rule in (rejecting or matched))
    if rejecting:
        return Verdict(SPAM, Reason.BLOCK_RULE, f"Matched block rules: {named}.")
    return Verdict(HOLD, Reason.BLOCK_RULE, f"Matched block rules: {named}.")


def too_many_links(sub):
    """WordPress's default: two links or more wait for a moderator (0 switches it off)."""
    limit = sub.comment_settings.hold_links
    if limit and len(sub.links) >= limit:
        return Verdict(HOLD, Reason.LINKS, f"{len(sub.links)} links (held at {limit} or more).")
    return None


def is_trusted(email_canonical, exclude_pk=None):
    """A moderator has published a comment of this mailbox that came from a proven address.

    Published comments only come from moderators or from senders already
    trusted this way, so every chain of trust starts with a moderator.
    """
    if not email_canonical:
        return False
    published = ReaderComment.objects.approved().filter(
        email_canonical=email_canonical, email_verified=True
    )
    if exclude_pk is not None:
        published = published.exclude(pk=exclude_pk)
    return published.exists()


def first_time_commenter(sub):
    """Publish at once only a trusted mailbox, proven for this comment too (signed in)."""
    if not is_trusted(sub.email_canonical):
        return Verdict(HOLD, Reason.FIRST_TIME, "No published comment from this email yet.")
    if not sub.email_verified:
        return Verdict(
            HOLD,
            Reason.UNVERIFIED_EMAIL,
            "This email has published comments, but this comment did not prove the address.",
        )
    return None
