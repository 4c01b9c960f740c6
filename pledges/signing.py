"""Signing, confirming, verifying and withdrawing: the rules in one place.

The HTML form view and the `signPledge` mutation both call `sign()`, so the
checks run in the same order whoever asks: is the pledge open, may this
origin sign, is the challenge solved, is the sender over a rate limit, is the
form valid, is it a bot, has this mailbox signed already. Every expected failure is a `SignError`
with a stable code; nothing here raises for bad input.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import abuse, lookup, tallies
from .counts import counts_changed
from .emails import queue_email, save_with_first_email
from .forms import SignatureForm, form_age
from .identity import client_ip, hash_ip
from .models import EmailDelivery, Partner, Signature

logger = logging.getLogger("pledges")


class Code:
    """Stable error codes a client can switch on."""

    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    NOT_ALLOWED = "NOT_ALLOWED"
    NOT_OPEN = "NOT_OPEN"
    CLOSED = "CLOSED"
    RATE_LIMITED = "RATE_LIMITED"
    CHALLENGE_FAILED = "CHALLENGE_FAILED"
    FORBIDDEN_ORIGIN = "FORBIDDEN_ORIGIN"

    ALL = (
        INVALID,
        REQUIRED,
        NOT_ALLOWED,
        NOT_OPEN,
        CLOSED,
        RATE_LIMITED,
        CHALLENGE_FAILED,
        FORBIDDEN_ORIGIN,
    )


@dataclass
class SignError:
    field: str | None
    code: str
    message: str
    retry_after: int | None = None


@dataclass
class SignResult:
    errors: list = field(default_factory=list)
    form: SignatureForm | None = None

    @property
    def ok(self):
        return not self.errors


RECEIVED = (
    "Thank you. Check your email: we've sent you a link to confirm your signature. "
    "It only counts once you do."
)


def _form_errors(form):
    errors = []
    for name, field_errors in form.errors.get_json_data().items():
        for error in field_errors:
            code = {"required": Code.REQUIRED, "not_allowed": Code.NOT_ALLOWED}.get(
                error["code"], Code.INVALID
            )
            if name == "signer_type" and error["code"] == "invalid_choice":
                code = Code.NOT_ALLOWED  # a type the pledge does not offer
            errors.append(SignError(None if name == "__all__" else name, code, error["message"]))
    return errors


def _closed_error(pledge):
    now = timezone.now()
    if pledge.opens_at and now < pledge.opens_at:
        opens = timezone.localtime(pledge.opens_at).strftime("%-d %B %Y")
        return SignError(None, Code.NOT_OPEN, f"This pledge opens for signatures on {opens}.")
    if pledge.closes_at and now >= pledge.closes_at:
        return SignError(
            None, Code.CLOSED, "This pledge has closed and no longer takes signatures."
        )
    return None


def _partner_for(slug, origin, own_origin=False):
    """The partner a widget signature came through, if the page it came from is theirs.

    A post from our own origin names its partner in the form: that is the iframe
    widget, whose framing is limited to the partner's origins by its CSP.
    """
    if not slug:
        # No slug (a hand-made form on the partner's site): credit by origin.
        # Our own pages name no partner, so they cost no look through partners.
        if not origin or own_origin:
            return None
        candidates = Partner.objects.filter(active=True).exclude(allowed_origins="")
        return next((partner for partner in candidates if partner.allows_origin(origin)), None)
    partner = Partner.objects.filter(slug=slug, active=True).first()
    if partner is None or (origin and not own_origin and not partner.allows_origin(origin)):
        return None
    return partner


def is_own_origin(request, origin):
    return origin in (f"{request.scheme}://{request.get_host()}", settings.BASE_URL)


def origin_allowed(request, partner_slug=None):
    """Cross-site posts must come from our own site or a partner's listed origin."""
    origin = request.META.get("HTTP_ORIGIN")
    if not origin or origin == "null":
        return origin is None
    if is_own_origin(request, origin):
        return True
    partners = Partner.objects.filter(active=True)
    if partner_slug:
        partners = partners.filter(slug=partner_slug)
    return any(partner.allows_origin(origin) for partner in partners)


def sign(pledge, data, request):
    closed = _closed_error(pledge)
    if closed:
        return SignResult([closed])

    if not origin_allowed(request, data.get("partner_slug")):
        return SignResult(
            [SignError(None, Code.FORBIDDEN_ORIGIN, "Signing from this website is not allowed.")]
        )

    if settings.PLEDGES["CHALLENGE"] and not abuse.challenge_passes(data.get("challenge")):
        return SignResult(
            [
                SignError(
                    "challenge",
                    Code.CHALLENGE_FAILED,
                    "The anti-spam check failed. Please try again.",
                )
            ]
        )

    ip_hash = hash_ip(client_ip(request))
    wait = abuse.ip_limited(ip_hash)
    if wait:
        return SignResult([_rate_limited(wait)])

    form = SignatureForm(data, allowed_types=pledge.signer_types())
    if not form.is_valid():
        return SignResult(_form_errors(form), form)

    # Bots get the same answer as people and nothing is stored. (After the
    # field checks, so a person who submits too fast still sees their mistakes.)
    age = form_age(data.get("form_token") or "", pledge.pk)
    if data.get("website") or age is None or age < settings.PLEDGES["MIN_FILL_SECONDS"]:
        logger.info("Dropped a bot-like signature for pledge %s", pledge.pk)
        return SignResult()

    cleaned = form.cleaned_data
    wait = abuse.email_limited(cleaned["email_canonical"])
    if wait:
        return SignResult([_rate_limited(wait)], form)

    signature = form.save(commit=False)
    signature.pledge = pledge
    signature.email_canonical = cleaned["email_canonical"]
    signature.ip_hash = ip_hash
    origin = request.META.get("HTTP_ORIGIN")
    signature.partner = _partner_for(
        cleaned.get("partner_slug"),
        origin,
        own_origin=bool(origin) and is_own_origin(request, origin),
    )
    now = timezone.now()
    signature.show_name_at = now if signature.show_name else None
    signature.send_updates_at = now if signature.send_updates else None
    _store(signature)
    return SignResult(form=form)


def _rate_limited(wait):
    minutes = max(1, round(wait / 60))
    return SignError(
        None,
        Code.RATE_LIMITED,
        f"Too many attempts. Please try again in about {minutes} minute{'s' if minutes > 1 else ''}.",
        retry_after=wait,
    )


def _store(signature):
    """Save a new signature, or answer a repeat without saying so on screen."""
    try:
        with transaction.atomic():
            save_with_first_email(signature, EmailDelivery.Kind.CONFIRM)
            return
    except IntegrityError:
        pass  # this mailbox has signed: fall through to the repeat path
    with transaction.atomic():
        existing = (
            Signature.objects.select_for_update()
            .filter(pledge=signature.pledge, email_canonical=signature.email_canonical)
            .first()
        )
        if existing is None:  # withdrawn in between; nothing more to do
            return
        queue_email(existing, EmailDelivery.Kind.ALREADY_SIGNED)


def confirm(signature_id):
    """Confirm by email link. Following it twice is harmless. Returns the signature."""
    signature = Signature.objects.filter(pk=signature_id).first()
    if signature is None:
        return None
    if signature.status == Signature.Status.PENDING:
        # No lock and no transaction: the UPDATE is one statement, conditional
        # on the status, so of two presses (or a press and a withdrawal) at
        # once only one changes the row, and the other reads what it became.
        now = timezone.now()
        changed = Signature.objects.filter(pk=signature.pk, status=Signature.Status.PENDING).update(
            status=Signature.Status.CONFIRMED, confirmed_at=now
        )
        if changed:
            signature.status, signature.confirmed_at = Signature.Status.CONFIRMED, now
            counts_changed(signature.pledge_id)
        else:
            signature.refresh_from_db()
    signature.pledge = lookup.pledge(signature.pledge_id)
    return signature


def verify_council(signature, verified, reason=""):
    """Staff decision on a confirmed council sign-up; the contact is told."""
    with transaction.atomic():
        signature = Signature.objects.select_for_update().get(pk=signature.pk)
        if signature.signer_type != Signature.SignerType.COUNCIL:
            raise ValueError("Only council sign-ups are verified.")
        if signature.status not in (
            Signature.Status.CONFIRMED,
            Signature.Status.VERIFIED,
            Signature.Status.REJECTED,
        ):
            raise ValueError("Only confirmed sign-ups can be verified.")
        signature.status = Signature.Status.VERIFIED if verified else Signature.Status.REJECTED
        signature.verified_at = timezone.now() if verified else None
        signature.status_reason = "" if verified else reason[:200]
        signature.save(update_fields=["status", "verified_at", "status_reason"])
        tallies.mark_changed(signature)
        counts_changed(signature.pledge_id)
        kind = (
            EmailDelivery.Kind.COUNCIL_VERIFIED if verified else EmailDelivery.Kind.COUNCIL_REJECTED
        )
        # False when the signature's email allowance is used up; callers may warn staff.
        signature.contact_emailed = queue_email(signature, kind)
    return signature


PERSONAL_FIELDS = {
    "name": "",
    "email": "",
    "email_canonical": "",
    "organisation": "",
    "role": "",
    "postcode": "",
    "cabinet_champion": "",
    "leadership_champion": "",
    "endorsement_detail": "",
    "ip_hash": "",
    "show_name": False,
    "send_updates": False,
}


def anonymise(queryset):
    """Erase personal data in place; the row stays so totals remain true."""
    changed = queryset.filter(anonymised_at__isnull=True).update(
        anonymised_at=timezone.now(), **PERSONAL_FIELDS
    )
    return changed


def withdraw(signature_id):
    """The signer takes their signature back: out of the counts, details erased."""
    with transaction.atomic():
        signature = Signature.objects.select_for_update().filter(pk=signature_id).first()
        if signature is None or signature.status == Signature.Status.WITHDRAWN:
            return signature
        Signature.objects.filter(pk=signature.pk).update(
            status=Signature.Status.WITHDRAWN, withdrawn_at=timezone.now()
        )
        anonymise(Signature.objects.filter(pk=signature.pk))
        tallies.mark_changed(signature)
        counts_changed(signature.pledge_id)
        # Pending deliveries must not go out after the details are gone.
        EmailDelivery.objects.filter(signature=signature, sent_at__isnull=True).delete()
        signature.refresh_from_db()
        return signature


def invalidate(queryset, reason):
    """Staff bulk invalidation (by IP hash, email domain or time window)."""
    with transaction.atomic():
        targets = queryset.exclude(
            status__in=[Signature.Status.WITHDRAWN, Signature.Status.REJECTED]
        )
        # The days of the rows about to change, read with their pledges in one query.
        pledge_ids = tallies.mark_changed(targets)
        changed = targets.update(status=Signature.Status.REJECTED, status_reason=reason[:200])
        for pledge_id in pledge_ids:
            counts_changed(pledge_id)
    return changed
