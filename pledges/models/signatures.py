from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone


def counted_condition():
    """Signatures in the public count: confirmed people and organisations,
    and councils once staff have verified them."""
    return Q(status=Signature.Status.VERIFIED) | (
        Q(status=Signature.Status.CONFIRMED) & ~Q(signer_type=Signature.SignerType.COUNCIL)
    )


class SignatureQuerySet(models.QuerySet):
    def counted(self):
        return self.filter(counted_condition())


class Signature(models.Model):
    """One person, organisation or council signing one pledge.

    Personal data (name, email, role, postcode, IP hash) never leaves through
    the API; only counts, verified councils and the names of signers who chose
    to be shown do.
    """

    class SignerType(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        ORGANISATION = "organisation", "Organisation"
        COUNCIL = "council", "Council"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for email confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        VERIFIED = "verified", "Verified council"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn by the signer"

    class Endorsement(models.TextChoices):
        LEADER_AND_CHIEF_EXECUTIVE = "leader-ceo", "Signed by the leader and chief executive"
        CABINET_DECISION = "cabinet", "A cabinet decision"
        OTHER = "other", "Another way (please describe)"

    pledge = models.ForeignKey(
        "pledges.PledgePage", on_delete=models.CASCADE, related_name="signatures"
    )
    signer_type = models.CharField(max_length=16, choices=SignerType.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    status_reason = models.CharField(max_length=200, blank=True, help_text="Why staff rejected it.")

    name = models.CharField("contact name", max_length=120)
    email = models.EmailField(max_length=254)
    # Lower-cased, and without dots or +tags on providers that ignore them:
    # the same mailbox signs a pledge once.
    email_canonical = models.CharField(max_length=254, db_index=True, editable=False)
    organisation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=120, blank=True)
    local_authority = models.ForeignKey(
        "core.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    postcode = models.CharField(max_length=10, blank=True)
    cabinet_champion = models.CharField(max_length=120, blank=True)
    leadership_champion = models.CharField(max_length=120, blank=True)
    endorsement = models.CharField(max_length=16, choices=Endorsement.choices, blank=True)
    endorsement_detail = models.CharField(max_length=300, blank=True)

    # Consents, each with the moment it was given.
    show_name = models.BooleanField(default=False)
    show_name_at = models.DateTimeField(null=True, blank=True)
    send_updates = models.BooleanField(default=False)
    send_updates_at = models.DateTimeField(null=True, blank=True)

    partner = models.ForeignKey(
        "pledges.Partner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signatures",
    )
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    utm_term = models.CharField(max_length=100, blank=True)
    utm_content = models.CharField(max_length=100, blank=True)

    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    emails_sent = models.PositiveSmallIntegerField(default=0)

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "email_canonical"],
                condition=~Q(email_canonical=""),
                name="one_signature_per_mailbox",
            )
        ]
        indexes = [
            models.Index(fields=["pledge", "status", "signer_type"], name="signature_counting"),
            # The pledge report: signatures confirmed since the tallies were folded.
            models.Index(fields=["pledge", "confirmed_at"], name="signature_report"),
            # The council verification queue and its pending count.
            models.Index(
                fields=["confirmed_at"],
                condition=Q(status="confirmed", signer_type="council"),
                name="council_queue",
            ),
            # The staff listing at a million rows: each sort it offers, and each
            # filter with the newest first, reads one page off an index.
            models.Index(fields=["status", "created_at", "id"], name="signature_by_status"),
            models.Index(fields=["pledge", "created_at", "id"], name="signature_by_pledge"),
            models.Index(Upper("utm_source"), name="signature_utm_source"),
            # Name, organisation and email search use pg_trgm indexes on PostgreSQL
            # (migration 0005); they are not declared here because SQLite has none.
        ]
        permissions = [
            ("export_signature", "Can export signatures as CSV"),
            ("verify_signature", "Can verify or reject council sign-ups"),
        ]

    def __str__(self):
        if self.signer_type == self.SignerType.COUNCIL and self.local_authority_id:
            who = self.local_authority.name
        elif self.signer_type == self.SignerType.ORGANISATION:
            who = self.organisation
        else:
            who = self.name
        return f"{who or 'Anonymised'} ({self.get_signer_type_display()})"

    @property
    def is_counted(self):
        if self.status == self.Status.VERIFIED:
            return True
        return self.status == self.Status.CONFIRMED and self.signer_type != self.SignerType.COUNCIL

    def public_name(self):
        """What the public list shows, only for signers who asked to be shown."""
        if not self.show_name or not self.is_counted:
            return None
        if self.signer_type == self.SignerType.INDIVIDUAL:
            return self.name
        if self.signer_type == self.SignerType.COUNCIL and self.local_authority_id:
            return self.local_authority.name
        return self.organisation
