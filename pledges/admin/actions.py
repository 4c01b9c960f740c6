"""Staff decisions on signatures, each through `pledges.signing` and each logged.

The log entries are titled "Signature 123", never with the signer's name:
they outlive the anonymisation of the signature itself.
"""

from django.core.cache import cache
from django.db import transaction

from wagtail.log_actions import LogFormatter

from core.audit import log_batch
from pledges import signing
from pledges.models import Signature

PENDING_COUNCILS_KEY = "pledges:admin:pending-councils"
PENDING_COUNCILS_TIMEOUT = 60

VERIFIED = "pledges.council_verified"
REJECTED = "pledges.council_rejected"
INVALIDATED = "pledges.invalidated"


class _DecisionFormatter(LogFormatter):
    """History shows the staff member's reason beside the decision."""

    def format_message(self, log_entry):
        reason = log_entry.data.get("reason")
        return f"{self.message}: {reason}" if reason else self.message


def register_log_actions(registry):
    for action, label, message in [
        (VERIFIED, "Verify council sign-up", "Verified the council sign-up"),
        (REJECTED, "Reject council sign-up", "Rejected the council sign-up"),
        (INVALIDATED, "Invalidate signature", "Invalidated the signature"),
    ]:
        formatter = type(
            "SignatureDecisionFormatter",
            (_DecisionFormatter,),
            {"label": label, "message": message},
        )
        registry.register_action(action)(formatter)


def pending_councils():
    """Confirmed council sign-ups waiting for staff to verify or reject them."""
    return Signature.objects.filter(
        status=Signature.Status.CONFIRMED, signer_type=Signature.SignerType.COUNCIL
    )


def pending_council_count():
    """For the menu and the dashboard: cached briefly, as the menu renders on every admin page."""
    count = cache.get(PENDING_COUNCILS_KEY)
    if count is None:
        count = pending_councils().count()
        cache.set(PENDING_COUNCILS_KEY, count, PENDING_COUNCILS_TIMEOUT)
    return count


def _forget_pending_count():
    transaction.on_commit(lambda: cache.delete(PENDING_COUNCILS_KEY))


def log_signatures(signature_ids, action, user, data=None):
    entries = [(pk, {}) for pk in signature_ids]
    log_batch(Signature, entries, action, user, data or {}, label=lambda pk: f"Signature {pk}")


def verify(signature, user):
    """Verify a council sign-up; the contact is emailed. Raises ValueError if it can't be."""
    with transaction.atomic():
        signature = signing.verify_council(signature, True)
        log_signatures([signature.pk], VERIFIED, user)
        _forget_pending_count()
    return signature


def reject(signature, user, reason):
    """Reject a council sign-up with a reason the contact is told. Raises ValueError."""
    with transaction.atomic():
        signature = signing.verify_council(signature, False, reason)
        log_signatures([signature.pk], REJECTED, user, {"reason": signature.status_reason})
        _forget_pending_count()
    return signature


def invalidatable(queryset):
    """What invalidation would change: withdrawn and already rejected signatures stay as they are."""
    return queryset.exclude(status__in=[Signature.Status.WITHDRAWN, Signature.Status.REJECTED])


def invalidate(queryset, user, reason):
    """Reject many signatures at once (spam, a bot run); they leave the public count."""
    with transaction.atomic():
        targets = invalidatable(queryset)
        ids = list(targets.values_list("pk", flat=True))
        if not ids:
            return 0
        changed = signing.invalidate(targets, reason)
        log_signatures(ids, INVALIDATED, user, {"reason": reason[:200]})
        _forget_pending_count()
    return changed
